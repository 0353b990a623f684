//! `lernfall validate`: case files against the format lernfall/1.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use rayon::prelude::*;

use super::*;

/// Output format of a report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Format {
    #[default]
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Case files or folders (searched recursively for *.yaml and *.yml); `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Largest file to read, in bytes or with a unit (KiB, MiB, GiB).
    #[arg(long, value_name = "SIZE", default_value = "16MiB", value_parser = parse_size)]
    pub max_size: u64,
}

pub(super) fn run(args: &ValidateArgs, lang: Lang, out: &mut dyn Write) -> io::Result<u8> {
    let Some(found) = case_files(&args.paths, lang) else {
        return Ok(EXIT_USAGE);
    };
    let options = LoadOptions { max_size: args.max_size };
    let mut reporter: Box<dyn Reporter> = match args.format {
        Format::Text => Box::new(TextReporter { lang, color: use_color() }),
        Format::Json => Box::new(JsonReporter::new(lang)),
    };
    let mut summary = Summary::default();
    let mut unreadable = !found.bad.is_empty();
    let progress = progress_bar(found.files.len());
    for batch in found.files.chunks(BATCH) {
        let reports: Vec<FileReport> =
            batch.par_iter().map(|input| check_one(input, options)).collect();
        progress.inc(batch.len() as u64);
        for report in &reports {
            unreadable |= report.diagnostics.iter().any(|d| d.problem.code() == "unreadable");
            summary.add(report);
            reporter.file(out, report)?;
        }
    }
    progress.finish_and_clear();
    reporter.finish(out, &summary)?;
    Ok(if unreadable {
        EXIT_USAGE
    } else if summary.invalid() > 0 {
        EXIT_INVALID
    } else {
        EXIT_OK
    })
}

fn check_one(input: &Input, options: LoadOptions) -> FileReport {
    let loaded = match input {
        Input::Stdin => load::load_reader(io::stdin().lock(), options),
        Input::File(path) => load::load_file(path, options),
    };
    FileReport {
        file: input.to_string(),
        valid: loaded.is_valid(),
        diagnostics: loaded.diagnostics,
    }
}
