//! The command line: clap definitions, resolved into work on the library.
//!
//! Exit codes: 0 success (all files valid), 1 a file is invalid, 2 usage
//! errors or unreadable paths.

mod admit;
mod anonymise;
mod check;
mod checklist;
mod export;
pub mod files;
mod handout;
pub mod help;
mod import;
mod merge;
mod report;
mod timeline;
mod validate;

pub use anonymise::{AnonymiseArgs, KeyCommand, ScrubArgs};
pub use check::CheckArgs;
pub use checklist::ChecklistCommand;
pub use export::{ExportArgs, ExportFormat};
pub use handout::HandoutArgs;
pub use import::ImportArgs;
pub use merge::MergeArgs;
pub use report::{ReportArgs, ReportFormat};
pub use timeline::{TimelineArgs, TimelineFormat};
pub use validate::{Format, ValidateArgs};

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use crate::checklist::render::{self as check_render, CheckFormat, Checked, Totals};
use crate::checklist::{CaseResult, Checklist, Status};
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

    /// Only errors and warnings on standard error: no summaries, no
    /// progress bars.
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,

    /// Colour in terminal output: auto (on a terminal, unless NO_COLOR is
    /// set), always, never.
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = crate::output::ColorChoice::Auto)]
    pub color: crate::output::ColorChoice,

    /// Worker threads for batch runs (default: one per core).
    #[arg(long, short = 'j', global = true, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,

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
    New {
        /// Instead: a chronology table to fill in (CSV for Excel, with the
        /// headers `lernfall import` recognises and one example row).
        #[arg(long)]
        table: bool,
    },
    /// Run a checklist over case files: item by item, with evidence.
    Check(CheckArgs),
    /// Show, list and lint checklists.
    #[command(subcommand)]
    Checklist(ChecklistCommand),
    /// Print a case's events in date order with checklist findings and gaps.
    Timeline(TimelineArgs),
    /// Manage the secret key of the anonymiser.
    #[command(subcommand)]
    Key(KeyCommand),
    /// Anonymise case files for export (files and folders, in batch).
    Anonymise(AnonymiseArgs),
    /// Scrub identifiers from plain text (a file or `-` for standard input).
    Scrub(ScrubArgs),
    /// Export timelines as event logs for process mining (CSV, XES, OCEL 2.0).
    Export(ExportArgs),
    /// Statistics across many cases: items, categories, municipalities, clusters, factors, outcomes, intervals.
    Report(ReportArgs),
    /// Read chronology tables (CSV, Excel, LibreOffice) into one case file.
    Import(ImportArgs),
    /// Merge several agencies' chronologies of one family into one case.
    Merge(MergeArgs),
    /// Write the workshop handout of a case as one self-contained HTML file.
    Handout(HandoutArgs),
    /// Print shell completions (bash, zsh, fish, powershell, elvish).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff; `lernfall man > lernfall.1`).
    Man,
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
    files::install_signal_cleanup();
    let lang = help::lang_of_args(std::env::args_os());
    let cmd = help::localise(<Cli as clap::CommandFactory>::command(), lang);
    let cli = match <Cli as clap::FromArgMatches>::from_arg_matches(&cmd.get_matches()) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    crate::output::configure(cli.quiet, cli.color);
    if let Some(n) = cli.jobs {
        let _ = rayon::ThreadPoolBuilder::new().num_threads(usize::from(n)).build_global();
    }
    match run(&cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::from(EXIT_OK),
        Err(e) => {
            crate::say!("lernfall: {e}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// Runs a parsed command line, writing to standard output.
pub fn run(cli: &Cli) -> io::Result<u8> {
    // A closed standard output (`| head`) stops the printing, not the work:
    // every command finishes and exits as it would have.
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(crate::output::QuietOnClose::new(stdout.lock()));
    let code = match &cli.command {
        Command::Validate(args) => validate::run(args, cli.lang, &mut out)?,
        Command::Schema => {
            serde_json::to_writer_pretty(&mut out, &crate::schema::case_schema())?;
            writeln!(out)?;
            EXIT_OK
        }
        Command::New { table: false } => {
            out.write_all(crate::template::CASE_TEMPLATE_DE.as_bytes())?;
            EXIT_OK
        }
        Command::New { table: true } => {
            out.write_all(crate::template::TABLE_TEMPLATE_DE.as_bytes())?;
            EXIT_OK
        }
        Command::Check(args) => check::run(args, cli.lang, &mut out)?,
        Command::Checklist(cmd) => checklist::run(cmd, cli.lang, &mut out)?,
        Command::Timeline(args) => timeline::run(args, cli.lang, &mut out)?,
        Command::Key(KeyCommand::New { file }) => anonymise::key_new(file, cli.lang)?,
        Command::Anonymise(args) => anonymise::run(args, cli.lang, &mut out)?,
        Command::Scrub(args) => anonymise::scrub(args, cli.lang, &mut out)?,
        Command::Export(args) => export::run(args, cli.lang, &mut out)?,
        Command::Report(args) => report::run(args, cli.lang, &mut out)?,
        Command::Handout(args) => handout::run(args, cli.lang, &mut out)?,
        Command::Import(args) => import::run(args, cli.lang, &mut out)?,
        Command::Merge(args) => merge::run(args, cli.lang, &mut out)?,
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(*shell, &mut cmd, "lernfall", &mut out);
            EXIT_OK
        }
        Command::Man => {
            clap_mangen::Man::new(<Cli as clap::CommandFactory>::command()).render(&mut out)?;
            EXIT_OK
        }
    };
    out.flush()?;
    Ok(code)
}

/// Whether to colour standard output (`--color`, `NO_COLOR`).
pub fn use_color() -> bool {
    crate::output::color_stdout()
}

/// Writes a case that a command made (`import`, `merge`) to `target` (`-`:
/// standard output), after checking that it loads as lernfall/1; `what`
/// names it in messages. `Some(code)` when it was not written.
pub(crate) fn emit_case(
    yaml: &str,
    what: &str,
    target: &std::path::Path,
    force: bool,
    lang: Lang,
    out: &mut dyn Write,
) -> io::Result<Option<u8>> {
    let loaded = load::load_str(yaml);
    if loaded.case.is_none() {
        complain(what, &loaded.diagnostics, lang)?;
        return Ok(Some(EXIT_INVALID));
    }
    if target.as_os_str() == "-" {
        out.write_all(yaml.as_bytes())?;
    } else if let Err(e) = files::write_atomic(target, yaml.as_bytes(), force, false) {
        crate::say!("lernfall: {}: {}", target.display(), files::write_error(&e, lang));
        return Ok(Some(EXIT_USAGE));
    }
    Ok(None)
}

/// Writes a file's problems to standard error (coloured per `--color`).
pub(crate) fn complain(
    file: &str,
    diagnostics: &[crate::diag::Diagnostic],
    lang: Lang,
) -> io::Result<()> {
    crate::output::write_diagnostics(
        &mut crate::output::stderr(),
        file,
        diagnostics,
        lang,
        crate::output::color_stderr(),
    )
}

/// How many files are loaded at once: enough to keep every core busy, few
/// enough that memory stays bounded by the largest files, not their number.
pub(crate) const BATCH: usize = 256;

/// A progress bar on standard error for long runs, only on a terminal.
pub(crate) fn progress_bar(files: usize) -> ProgressBar {
    if files < 2 * BATCH || !io::stderr().is_terminal() || crate::output::quiet() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(files as u64);
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} {per_sec} ETA {eta}") {
        bar.set_style(style);
    }
    bar
}

/// Reads a checklist: a built-in name or a file. Lint errors go to standard
/// error as `file:line:column: error: ...`.
pub(crate) fn read_checklist(name: &str, lang: Lang) -> Option<Checklist> {
    let (label, text) = match crate::checklist::builtin_source(name) {
        Some(text) => (name.to_owned(), text.to_owned()),
        None => match read_small(std::path::Path::new(name)) {
            Ok(text) => (name.to_owned(), text),
            Err(reason) => {
                crate::say!(
                    "lernfall: {name}: {} ({reason}; {}: {})",
                    lang.pick("Checkliste nicht lesbar", "cannot read checklist"),
                    lang.pick("eingebaut", "built in"),
                    crate::checklist::BUILTIN.join(", ")
                );
                return None;
            }
        },
    };
    match crate::checklist::parse(&text) {
        Ok(c) => Some(c),
        Err(errors) => {
            for e in errors {
                crate::say!("{label}:{}", e.render(lang).replacen(": ", ": error: ", 1));
            }
            None
        }
    }
}

pub(crate) fn load_input(input: &Input, options: LoadOptions) -> load::Loaded {
    match input {
        Input::Stdin => load::load_reader(io::stdin().lock(), options),
        Input::File(path) => load::load_file(path, options),
    }
}

/// The case files named on the command line; paths that cannot be read are
/// reported. `None` (after saying so) when no case file is found.
pub(crate) fn case_files(paths: &[PathBuf], lang: Lang) -> Option<inputs::Inputs> {
    let found = inputs::expand(paths);
    for bad in &found.bad {
        crate::say!("lernfall: {}: {}", bad.path, bad.reason);
    }
    for skipped in &found.skipped {
        crate::say!("lernfall: {}: {}", skipped.path, skipped.reason);
    }
    if found.files.is_empty() {
        no_files(lang);
        return None;
    }
    Some(found)
}

/// The format to write with `--excel`: CSV where the format is the default
/// table, refused (with a message, `None`) with any other format but CSV.
pub(crate) fn excel_format<F: PartialEq + Copy + std::fmt::Debug>(
    excel: bool,
    format: F,
    table: F,
    csv: F,
    lang: Lang,
) -> Option<F> {
    if !excel || format == csv {
        return Some(format);
    }
    if format == table {
        return Some(csv);
    }
    crate::say!(
        "lernfall: {}",
        lang.pick(
            "--excel gilt nur für CSV (--format csv)",
            "--excel is for CSV only (--format csv)"
        )
    );
    None
}

pub(crate) fn no_files(lang: Lang) {
    crate::say!(
        "lernfall: {}",
        lang.pick(
            "keine Falldateien gefunden (*.yaml, *.yml)",
            "no case files found (*.yaml, *.yml)"
        )
    );
}

/// Loads the one case file of a command (`-` is standard input): the file as
/// shown and the case, or the exit code after its problems were reported.
fn load_one(
    path: &std::path::Path,
    options: LoadOptions,
    lang: Lang,
) -> io::Result<Result<(String, crate::model::Case), u8>> {
    let input =
        if path.as_os_str() == "-" { Input::Stdin } else { Input::File(path.to_path_buf()) };
    let file = input.to_string();
    let loaded = load_input(&input, options);
    match loaded.case {
        Some(case) => Ok(Ok((file, case))),
        None => {
            complain(&file, &loaded.diagnostics, lang)?;
            let unreadable = loaded.diagnostics.iter().any(|d| d.problem.code() == "unreadable");
            Ok(Err(if unreadable { EXIT_USAGE } else { EXIT_INVALID }))
        }
    }
}

fn read_small(path: &std::path::Path) -> Result<String, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| e.kind().to_string())?;
    let mut text = String::new();
    file.take(crate::checklist::parse::MAX_SIZE + 1)
        .read_to_string(&mut text)
        .map_err(|e| e.kind().to_string())?;
    Ok(text)
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
