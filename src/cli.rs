//! The command line: clap definitions, resolved into work on the library.
//!
//! Exit codes: 0 success (all files valid), 1 a file is invalid, 2 usage
//! errors or unreadable paths.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::inputs::{self, Input};
use crate::lang::Lang;
use crate::load::{self, LoadOptions};
use crate::output::{FileReport, JsonReporter, Reporter, Summary, TextReporter};

/// Exit code: everything valid.
pub const EXIT_OK: u8 = 0;
/// Exit code: at least one file is invalid.
pub const EXIT_INVALID: u8 = 1;
/// Exit code: usage error or unreadable path.
pub const EXIT_USAGE: u8 = 2;

/// lernfall — aus Fehlern lernen im Kinderschutz: Falldateien prüfen,
/// Checklisten anwenden, anonymisieren, auswerten.
#[derive(Debug, Parser)]
#[command(name = "lernfall", version, about, long_about = None)]
pub struct Cli {
    /// Language of messages and reports.
    #[arg(long, global = true, value_enum, default_value_t = Lang::De)]
    pub lang: Lang,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check case files against the format lernfall/1.
    Validate(ValidateArgs),
    /// Print the JSON Schema of the case format (for editors).
    Schema,
    /// Print a commented case template in German that validates.
    New,
}

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

/// Parses `123`, `64KiB`, `16MiB`, `1GiB` (also `KB`, `MB`, `GB`, `K`, `M`, `G`, as powers of 1024).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: u64 = num.parse().map_err(|_| format!("not a size: {text}"))?;
    let factor: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => return Err(format!("unknown unit in size: {text}")),
    };
    n.checked_mul(factor).ok_or_else(|| format!("size too large: {text}"))
}

/// Runs the command line and returns the exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::from(EXIT_OK),
        Err(e) => {
            eprintln!("lernfall: {e}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// Runs a parsed command line, writing to standard output.
pub fn run(cli: &Cli) -> io::Result<u8> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let code = match &cli.command {
        Command::Validate(args) => validate(args, cli.lang, &mut out)?,
        Command::Schema => {
            serde_json::to_writer_pretty(&mut out, &crate::schema::case_schema())?;
            writeln!(out)?;
            EXIT_OK
        }
        Command::New => {
            out.write_all(crate::template::CASE_TEMPLATE_DE.as_bytes())?;
            EXIT_OK
        }
    };
    out.flush()?;
    Ok(code)
}

/// Whether to colour terminal output: only on a terminal, never with `NO_COLOR`.
pub fn use_color() -> bool {
    io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// How many files are loaded at once: enough to keep every core busy, few
/// enough that memory stays bounded by the largest files, not their number.
const BATCH: usize = 256;

fn validate(args: &ValidateArgs, lang: Lang, out: &mut dyn Write) -> io::Result<u8> {
    let found = inputs::expand(&args.paths);
    for bad in &found.bad {
        eprintln!("lernfall: {}: {}", bad.path, bad.reason);
    }
    if found.files.is_empty() {
        eprintln!(
            "lernfall: {}",
            lang.pick(
                "keine Falldateien gefunden (*.yaml, *.yml)",
                "no case files found (*.yaml, *.yml)"
            )
        );
        return Ok(EXIT_USAGE);
    }
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

/// A progress bar on standard error for long runs, only on a terminal.
fn progress_bar(files: usize) -> ProgressBar {
    if files < 2 * BATCH || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(files as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} ETA {eta}") {
        bar.set_style(style);
    }
    bar
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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn parses_sizes() {
        assert_eq!(parse_size("16MiB"), Ok(16 << 20));
        assert_eq!(parse_size("100"), Ok(100));
        assert_eq!(parse_size("2k"), Ok(2048));
        assert!(parse_size("12 parsecs").is_err());
    }
}
