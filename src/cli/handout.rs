//! `lernfall handout`: workshop handouts, one self-contained HTML file per
//! case. One case goes to `--out FILE.html` (or `-`); several cases or a
//! folder go into `--out DIR`, one `<case file name>.html` each. Handouts
//! leave the office: only anonymised exports are accepted unless
//! `--identifying` is given.

use std::collections::BTreeSet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{EXIT_INVALID, EXIT_OK, EXIT_USAGE, admit, anonymise, files};
use crate::checklist::{self, Checklist};
use crate::inputs::Input;
use crate::lang::Lang;
use crate::load::LoadOptions;
use crate::model::Case;

use clap::Args;

#[derive(Debug, Args)]
pub struct HandoutArgs {
    /// Case files or folders (anonymised, unless --identifying); `-` reads
    /// standard input.
    #[arg(required = true, value_name = "CASE")]
    pub paths: Vec<PathBuf>,

    /// The HTML file to write (atomically; `-` for standard output), or, for
    /// several cases or a folder, the folder to write one handout per case
    /// into (named after the case file).
    #[arg(long, short = 'o', visible_alias = "output", value_name = "FILE.html|DIR")]
    pub out: PathBuf,

    /// The checklist: a built-in name (afl-basis) or a checklist file.
    #[arg(long, short = 'c', value_name = "FILE", default_value = "afl-basis")]
    pub checklist: String,

    /// Also accept a case that is not anonymised (handouts leave the office).
    #[arg(long)]
    pub identifying: bool,

    /// The key the export was made with: its seal must match (a changed file is refused).
    #[arg(long, value_name = "FILE")]
    pub key: Option<PathBuf>,

    /// Replace an existing output file.
    #[arg(long)]
    pub force: bool,
}

pub(super) fn run(args: &HandoutArgs, lang: Lang, out: &mut dyn Write) -> io::Result<u8> {
    let Some(list) = super::read_checklist(&args.checklist, lang) else {
        return Ok(EXIT_USAGE);
    };
    let key = match args.key.as_deref().map(|k| anonymise::read_key(Some(k), lang)).transpose() {
        Ok(k) => k,
        Err(msg) => {
            crate::say!("lernfall: {msg}");
            return Ok(EXIT_USAGE);
        }
    };
    let batch = args.paths.len() > 1 || args.paths.iter().any(|p| p.is_dir()) || args.out.is_dir();
    if !batch {
        return single(args, &list, key.as_ref(), lang, out);
    }
    if args.out.as_os_str() == "-" {
        crate::say!(
            "lernfall: {}",
            lang.pick("mehrere Fälle brauchen --out ORDNER", "several cases need --out DIR")
        );
        return Ok(EXIT_USAGE);
    }
    let Some(found) = super::case_files(&args.paths, lang) else {
        return Ok(EXIT_USAGE);
    };
    let inputs: Vec<PathBuf> = found.paths();
    std::fs::create_dir_all(&args.out)?;
    let _lock = match files::lock_dir(&args.out) {
        Ok(l) => l,
        Err(e) => {
            crate::say!("lernfall: {}: {}", args.out.display(), e);
            return Ok(EXIT_USAGE);
        }
    };
    files::remove_stale_temps(&args.out, lang);
    let names = output_names(&found.files);
    let targets: Vec<PathBuf> = names.iter().map(|n| args.out.join(n)).collect();
    let target_refs: Vec<&Path> = targets.iter().map(PathBuf::as_path).collect();
    if let Some(p) = files::output_is_input(&target_refs, &inputs) {
        crate::say!(
            "lernfall: {}: {}",
            p.display(),
            lang.pick(
                "wäre eine Eingabedatei; sie wird nie überschrieben",
                "would be an input file; it is never overwritten"
            )
        );
        return Ok(EXIT_USAGE);
    }
    let mut written = 0usize;
    let mut refused = 0usize;
    let mut unreadable = !found.bad.is_empty();
    let progress = super::progress_bar(found.files.len());
    let jobs: Vec<(&Input, &PathBuf)> = found.files.iter().zip(&targets).collect();
    for chunk in jobs.chunks(super::BATCH) {
        let done: Vec<Outcome> = chunk
            .par_iter()
            .map(|(input, target)| one(input, target, args, &list, key.as_ref(), lang))
            .collect();
        for ((input, target), outcome) in chunk.iter().zip(done) {
            match outcome {
                Outcome::Written => written += 1,
                Outcome::Refused(why, code) => {
                    refused += 1;
                    unreadable |= code == EXIT_USAGE;
                    crate::say!("lernfall: {input}: {why}");
                }
                Outcome::Failed(why) => {
                    refused += 1;
                    crate::say!("lernfall: {}: {why}", target.display());
                }
            }
        }
        progress.inc(chunk.len() as u64);
    }
    progress.finish_and_clear();
    crate::note!(
        "lernfall: {written} {} → {}{}",
        lang.pick("Handouts geschrieben", "handouts written"),
        args.out.display(),
        if refused > 0 {
            format!("; {refused} {}", lang.pick("nicht geschrieben", "not written"))
        } else {
            String::new()
        }
    );
    Ok(if unreadable {
        EXIT_USAGE
    } else if refused > 0 {
        EXIT_INVALID
    } else {
        EXIT_OK
    })
}

/// What became of one case in a batch.
enum Outcome {
    Written,
    /// Not loaded, invalid or not anonymised: the message and its exit code.
    Refused(String, u8),
    /// The handout could not be written.
    Failed(String),
}

/// Loads, admits, checks, renders and writes one case of a batch.
fn one(
    input: &Input,
    target: &Path,
    args: &HandoutArgs,
    list: &Checklist,
    key: Option<&crate::anonymise::key::Key>,
    lang: Lang,
) -> Outcome {
    let loaded = super::load_input(input, LoadOptions::default());
    let Some(case) = &loaded.case else {
        let mut text = Vec::new();
        let _ = crate::output::write_diagnostics(
            &mut text,
            &input.to_string(),
            &loaded.diagnostics,
            lang,
            crate::output::color_stderr(),
        );
        // The diagnostics name file, line and column: print them as they are.
        crate::output::stderr().write_all(&text).ok();
        let unreadable = loaded.diagnostics.iter().any(|d| d.problem.code() == "unreadable");
        let why = lang.pick("ungültig, kein Handout", "invalid, no handout").to_owned();
        return Outcome::Refused(why, if unreadable { EXIT_USAGE } else { EXIT_INVALID });
    };
    if let Some(why) = refusal(case, input, args, key, lang) {
        return Outcome::Refused(why, EXIT_INVALID);
    }
    let html = render(case, list, lang);
    match files::write_atomic(target, html.as_bytes(), args.force, false) {
        Ok(()) => Outcome::Written,
        Err(e) => Outcome::Failed(files::write_error(&e, lang)),
    }
}

/// Why a case may not become a handout (unless `--identifying`).
fn refusal(
    case: &Case,
    input: &Input,
    args: &HandoutArgs,
    key: Option<&crate::anonymise::key::Key>,
    lang: Lang,
) -> Option<String> {
    if args.identifying {
        return None;
    }
    admit::refusal(case, input, key, lang).map(|why| {
        format!("{}: {why}", lang.pick("Handouts verlassen das Amt", "handouts leave the office"))
    })
}

fn render(case: &Case, list: &Checklist, lang: Lang) -> String {
    let result = checklist::evaluate(list, case);
    crate::handout::html(case, list, &result, lang)
}

/// The handout file names: the case file's name with `.html`, made unique
/// (`-2`, `-3` …) where two case files share a name; standard input is
/// `stdin.html`.
fn output_names(inputs: &[Input]) -> Vec<String> {
    let mut used = BTreeSet::new();
    inputs
        .iter()
        .map(|i| {
            let stem = match i {
                Input::File(p) => p
                    .file_stem()
                    .map_or_else(|| "case".to_owned(), |s| s.to_string_lossy().into_owned()),
                Input::Stdin => "stdin".to_owned(),
            };
            let mut name = format!("{stem}.html");
            let mut n = 1;
            while !used.insert(name.clone()) {
                n += 1;
                name = format!("{stem}-{n}.html");
            }
            name
        })
        .collect()
}

/// One case to one file (or standard output).
fn single(
    args: &HandoutArgs,
    list: &Checklist,
    key: Option<&crate::anonymise::key::Key>,
    lang: Lang,
    out: &mut dyn Write,
) -> io::Result<u8> {
    let path = &args.paths[0];
    if args.out.as_os_str() != "-"
        && let Some(p) = files::output_is_input(&[&args.out], std::slice::from_ref(path))
    {
        crate::say!(
            "lernfall: {}: {}",
            p.display(),
            lang.pick(
                "--out ist die Eingabedatei; sie wird nie überschrieben",
                "--out is the input file; it is never overwritten"
            )
        );
        return Ok(EXIT_USAGE);
    }
    let (file, case) = match super::load_one(path, LoadOptions::default(), lang)? {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let input = if path.as_os_str() == "-" { Input::Stdin } else { Input::File(path.clone()) };
    if let Some(why) = refusal(&case, &input, args, key, lang) {
        crate::say!("lernfall: {file}: {why}");
        return Ok(EXIT_INVALID);
    }
    let html = render(&case, list, lang);
    if args.out.as_os_str() == "-" {
        out.write_all(html.as_bytes())?;
    } else {
        files::remove_stale_temps(files::parent_of(&args.out), lang);
        if let Err(e) = files::write_atomic(&args.out, html.as_bytes(), args.force, false) {
            crate::say!("lernfall: {}: {}", args.out.display(), files::write_error(&e, lang));
            return Ok(EXIT_USAGE);
        }
    }
    Ok(EXIT_OK)
}
