//! Times the checking itself, apart from reading and parsing, two ways:
//! - in the pipeline, as `lernfall check` does it: each case checked right
//!   after it was loaded (its data still in the CPU cache), summing only the
//!   time spent checking;
//! - cold: every case loaded into memory first, then the checklist over all
//!   of them, on one core and on all cores, best of five rounds (this adds
//!   the cache misses of walking ~10,000 cases scattered over the heap).
//!
//!     cargo run --release --example check_only -- DIR... [--checklist FILE]

use std::time::Instant;

use lernfall::checklist::{self, Status};
use lernfall::inputs::{Input, expand};
use lernfall::load::{LoadOptions, load_file};
use rayon::prelude::*;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let list = match args.iter().position(|a| a == "--checklist") {
        Some(i) => {
            let file = args.remove(i + 1);
            args.remove(i);
            let text = std::fs::read_to_string(&file).expect("readable checklist");
            checklist::parse(&text).expect("valid checklist")
        }
        None => checklist::afl_basis(),
    };
    let paths: Vec<std::path::PathBuf> = args.iter().map(Into::into).collect();
    let files: Vec<std::path::PathBuf> = expand(&paths)
        .files
        .into_iter()
        .filter_map(|i| match i {
            Input::File(p) => Some(p),
            Input::Stdin => None,
        })
        .collect();
    let mut in_pipeline = std::time::Duration::ZERO;
    let mut cases = Vec::with_capacity(files.len());
    for p in &files {
        if let Some(case) = load_file(p, LoadOptions::default()).case {
            let t = Instant::now();
            let r = checklist::evaluate(&list, &case);
            in_pipeline += t.elapsed();
            std::hint::black_box(r);
            cases.push(case);
        }
    }
    let events: usize = cases.iter().map(|c| c.events.len()).sum();
    println!(
        "{} cases, {events} events, checklist {} ({} items)",
        cases.len(),
        list.id,
        list.items.len()
    );

    let best = |f: &dyn Fn() -> usize| {
        let mut best = f64::MAX;
        let mut n = 0;
        for _ in 0..5 {
            let t = Instant::now();
            n = f();
            best = best.min(t.elapsed().as_secs_f64());
        }
        (best, n)
    };
    let not_met = |r: &checklist::CaseResult| r.count(Status::NotMet);
    let (one, n1) = best(&|| cases.iter().map(|c| not_met(&checklist::evaluate(&list, c))).sum());
    let (all, n2) =
        best(&|| cases.par_iter().map(|c| not_met(&checklist::evaluate(&list, c))).sum());
    assert_eq!(n1, n2);
    let per = |t: f64| t / cases.len() as f64 * 1e6;
    println!(
        "in pipeline, 1 core: {:.3} s ({:.1} µs per case)",
        in_pipeline.as_secs_f64(),
        in_pipeline.as_secs_f64() / cases.len() as f64 * 1e6
    );
    println!(
        "cold, 1 core:    {one:.3} s ({:.1} µs per case, {:.0} events/s)",
        per(one),
        events as f64 / one
    );
    println!("cold, all cores: {all:.3} s ({:.1} µs per case)", per(all));
    println!("items not met in total: {n1}");
}
