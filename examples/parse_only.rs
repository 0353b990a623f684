//! The baseline for the validate benchmark: reads the same files and parses
//! them with the same YAML layer into an untyped tree, in parallel and in the
//! same batches as `lernfall validate`, but checks nothing.
//!
//!     cargo run --release --example parse_only -- DIR...

use lernfall::inputs::{Input, expand};
use lernfall::yaml::{Limits, parse};
use rayon::prelude::*;

fn main() {
    let paths: Vec<std::path::PathBuf> = std::env::args().skip(1).map(Into::into).collect();
    let found = expand(&paths);
    let limits = Limits::for_size(16 << 20);
    let mut parsed = 0usize;
    for batch in found.files.chunks(256) {
        parsed += batch
            .par_iter()
            .filter(|input| match input {
                Input::File(p) => {
                    let text = std::fs::read_to_string(p).expect("readable UTF-8 file");
                    parse(&text, limits).is_ok()
                }
                Input::Stdin => false,
            })
            .count();
    }
    println!("{parsed} of {} files parsed", found.files.len());
}
