//! The command line: clap definitions, resolved into work on the library.
//!
//! Exit codes: 0 success (all files valid), 1 a file is invalid, 2 usage
//! errors or unreadable paths.

mod admit;
mod anonymise;
mod export;
pub mod files;
mod handout;
pub mod help;
mod report;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;

use crate::checklist::render::{self as check_render, CheckFormat, Checked, Totals};
use crate::checklist::{self, CaseResult, Checklist, Status};
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
    New,
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

/// Output format of `report`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    #[default]
    Table,
    Csv,
    Json,
    Markdown,
    /// One self-contained page with charts (inline SVG), printable.
    Html,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Case files or folders; `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// The checklist: a built-in name (afl-basis) or a checklist file.
    #[arg(long, short = 'c', value_name = "FILE", default_value = "afl-basis")]
    pub checklist: String,

    /// Output format (default: table; csv with --excel).
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,

    /// Only this table (items, categories, municipalities, clusters, factors, outcomes,
    /// intervals, measures, overdue).
    #[arg(long, value_name = "NAME")]
    pub table: Option<String>,

    /// The date measures are judged against: open ones due before it are
    /// overdue (default: today).
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub as_of: Option<crate::date::Date>,

    /// Write into this folder instead of standard output: one CSV per table
    /// (csv), or report.html / report.json / report.md / report.txt.
    #[arg(long, short = 'o', visible_alias = "output", value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// CSV as German Excel expects it: semicolons, decimal comma, UTF-8 with
    /// BOM (implies --format csv).
    #[arg(long)]
    pub excel: bool,

    /// Groups with fewer cases are shown as `<N`, never exactly.
    #[arg(long, value_name = "N", default_value_t = 5, value_parser = clap::value_parser!(u16).range(1..))]
    pub threshold: u16,

    /// Replace existing CSV files in --out.
    #[arg(long)]
    pub force: bool,

    /// Largest case file to read.
    #[arg(long, value_name = "SIZE", default_value = "16MiB", value_parser = parse_size)]
    pub max_size: u64,
}

/// A day-precision date `YYYY-MM-DD`.
fn parse_day(text: &str) -> Result<crate::date::Date, String> {
    crate::date::Date::parse(text)
        .ok()
        .filter(|d| !d.is_month_precision())
        .ok_or_else(|| "expected a date YYYY-MM-DD".to_owned())
}

/// Event-log formats of `export`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// One row per event: case_id, event_id, activity, timestamp, ...
    Csv,
    /// IEEE 1849 XES with the concept, time and org extensions.
    Xes,
    /// OCEL 2.0 JSON: cases, people, institutions and staff as objects.
    Ocel,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Case files or folders (anonymised exports); `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// The event-log format.
    #[arg(long, value_enum)]
    pub format: ExportFormat,

    /// With --format csv: for German Excel (semicolons, UTF-8 with
    /// byte-order mark).
    #[arg(long)]
    pub excel: bool,

    /// The file to write (atomically); `-` for standard output.
    #[arg(long, short = 'o', visible_alias = "output", value_name = "FILE")]
    pub out: PathBuf,

    /// Also accept files that are not anonymised (for use inside the office).
    #[arg(long)]
    pub identifying: bool,

    /// The key the exports were made with: their seals must match.
    #[arg(long, value_name = "FILE")]
    pub key: Option<PathBuf>,

    /// Replace an existing output file.
    #[arg(long)]
    pub force: bool,

    /// Largest case file to read.
    #[arg(long, value_name = "SIZE", default_value = "16MiB", value_parser = parse_size)]
    pub max_size: u64,
}

#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Write a fresh 256-bit key (file mode 0600; never overwrites).
    New {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct AnonymiseArgs {
    /// Case files or folders (searched recursively for *.yaml and *.yml); `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// The folder for the exports (created if missing; not inside an input folder).
    #[arg(long, short = 'o', visible_alias = "output", value_name = "DIR")]
    pub out: PathBuf,

    /// The key file (`lernfall key new`); without it a one-off key is used and exports cannot be linked.
    #[arg(long, value_name = "FILE")]
    pub key: Option<PathBuf>,

    /// Also write the re-identification table (pseudonym ↔ original) for the case owner; not inside --out.
    #[arg(long, value_name = "FILE")]
    pub mapping: Option<PathBuf>,

    /// Where the review lists go (mode 0600; not inside --out). Default: beside --mapping, else DIR-review next to --out.
    #[arg(long, value_name = "DIR")]
    pub review: Option<PathBuf>,

    /// Replace existing outputs.
    #[arg(long)]
    pub force: bool,

    /// Remove municipality and cluster.
    #[arg(long)]
    pub drop_location: bool,

    /// Birth dates: the shifted date (full), only its year (year) or quarter (quarter), also in free text.
    #[arg(long, value_enum, default_value_t = crate::anonymise::BirthPolicy::Full)]
    pub birth: crate::anonymise::BirthPolicy,

    /// Move the day of every birth date within its month (from the key); no checklist item reads it.
    #[arg(long)]
    pub jitter_birth: bool,

    /// Reduce `opened` and `closed` to their quarter (month precision), each only where no checklist result changes.
    #[arg(long)]
    pub quarter_case_dates: bool,

    /// Print the re-identification risk of the batch (groups sharing municipality, outcome, household, birth years, year opened).
    #[arg(long)]
    pub risk: bool,

    /// The smallest group size the risk report accepts.
    #[arg(long, value_name = "K", default_value_t = 5)]
    pub k: usize,

    /// A word list read at run time in addition to the embedded lexicon (e.g. /usr/share/dict/ngerman).
    #[arg(long, value_name = "FILE")]
    pub lexicon: Vec<PathBuf>,

    /// The range of the date shift in weeks, either way (never zero).
    #[arg(long, value_name = "MIN-MAX", default_value = "1-52", value_parser = parse_weeks)]
    pub shift_weeks: (u32, u32),

    /// Largest case file to read.
    #[arg(long, value_name = "SIZE", default_value = "16MiB", value_parser = parse_size)]
    pub max_size: u64,
}

#[derive(Debug, Args)]
pub struct ScrubArgs {
    /// A text file, or `-` for standard input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// A case file whose identifiers are scrubbed too (with their labels).
    #[arg(long, value_name = "CASE")]
    pub known: Option<PathBuf>,

    /// A word list read at run time in addition to the embedded lexicon.
    #[arg(long, value_name = "FILE")]
    pub lexicon: Vec<PathBuf>,

    /// Also replace capitalised words no lexicon knows when nothing else marks them as names (as `anonymise` does).
    #[arg(long)]
    pub strict: bool,

    /// Output format: the scrubbed text, or JSON with the detected spans.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

fn parse_weeks(text: &str) -> Result<(u32, u32), String> {
    let (a, b) = text.split_once('-').unwrap_or((text, text));
    let (a, b): (u32, u32) = (
        a.trim().parse().map_err(|_| format!("not a range of weeks: {text}"))?,
        b.trim().parse().map_err(|_| format!("not a range of weeks: {text}"))?,
    );
    if a == 0 || b < a || b > 520 {
        return Err(format!("weeks must be 1 ≤ MIN ≤ MAX ≤ 520, not {text}"));
    }
    Ok((a, b))
}

#[derive(Debug, Subcommand)]
pub enum ChecklistCommand {
    /// List the built-in checklists.
    List,
    /// Print a checklist file (a built-in one by name) to start your own from.
    Show {
        /// A built-in name (afl-basis) or a checklist file.
        #[arg(default_value = "afl-basis")]
        checklist: String,
    },
    /// Check checklist files; errors with file:line:column.
    Lint {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print the JSON Schema of checklist files (for editors).
    Schema,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Case files or folders (searched recursively for *.yaml and *.yml); `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// The checklist: a built-in name (afl-basis) or a checklist file.
    #[arg(long, short = 'c', value_name = "FILE", default_value = "afl-basis")]
    pub checklist: String,

    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Table)]
    pub format: CheckFormat,

    /// CSV for German Excel: semicolons, UTF-8 with byte-order mark (implies
    /// --format csv where the format is not given).
    #[arg(long)]
    pub excel: bool,

    /// Exit with code 1 when an item has one of these statuses (e.g. not_met,unknown).
    #[arg(long, value_name = "STATUS", value_delimiter = ',', value_parser = parse_status)]
    pub fail_on: Vec<Status>,

    /// Largest case file to read, in bytes or with a unit (KiB, MiB, GiB).
    #[arg(long, value_name = "SIZE", default_value = "16MiB", value_parser = parse_size)]
    pub max_size: u64,
}

/// Output format of `timeline`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum TimelineFormat {
    #[default]
    Table,
    Markdown,
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct TimelineArgs {
    /// One case file; `-` reads standard input.
    #[arg(value_name = "CASE")]
    pub case: PathBuf,

    /// The checklist whose findings are marked: a built-in name or a file.
    #[arg(long, short = 'c', value_name = "FILE", default_value = "afl-basis")]
    pub checklist: String,

    /// Output format.
    #[arg(long, value_enum, default_value_t = TimelineFormat::Table)]
    pub format: TimelineFormat,

    /// Show the events' notes (off by default: in a file that is not
    /// anonymised, notes name people).
    #[arg(long)]
    pub notes: bool,

    /// CSV for German Excel: semicolons, UTF-8 with byte-order mark (implies
    /// --format csv where the format is not given).
    #[arg(long)]
    pub excel: bool,

    /// Show stretches without any event longer than this many days.
    #[arg(long, value_name = "DAYS", default_value_t = crate::timeline::DEFAULT_GAP)]
    pub gap: u32,

    /// Largest case file to read.
    #[arg(long, value_name = "SIZE", default_value = "16MiB", value_parser = parse_size)]
    pub max_size: u64,
}

fn parse_status(text: &str) -> Result<Status, String> {
    Status::parse(text.trim()).ok_or_else(|| {
        let all: Vec<&str> = Status::ALL.iter().map(|s| s.id()).collect();
        format!("unknown status `{text}`; one of {}", all.join(", "))
    })
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
        Command::Check(args) => check(args, cli.lang, &mut out)?,
        Command::Checklist(cmd) => checklist_command(cmd, cli.lang, &mut out)?,
        Command::Timeline(args) => timeline(args, cli.lang, &mut out)?,
        Command::Key(KeyCommand::New { file }) => anonymise::key_new(file, cli.lang)?,
        Command::Anonymise(args) => anonymise::run(args, cli.lang, &mut out)?,
        Command::Scrub(args) => anonymise::scrub(args, cli.lang, &mut out)?,
        Command::Export(args) => export::run(args, cli.lang, &mut out)?,
        Command::Report(args) => report::run(args, cli.lang, &mut out)?,
        Command::Handout(args) => handout::run(args, cli.lang, &mut out)?,
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

/// How many files are loaded at once: enough to keep every core busy, few
/// enough that memory stays bounded by the largest files, not their number.
pub(crate) const BATCH: usize = 256;

fn validate(args: &ValidateArgs, lang: Lang, out: &mut dyn Write) -> io::Result<u8> {
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

/// Reads a checklist: a built-in name or a file. Lint errors go to standard
/// error as `file:line:column: error: ...`.
pub(crate) fn read_checklist(name: &str, lang: Lang) -> Option<Checklist> {
    let (label, text) = match checklist::builtin_source(name) {
        Some(text) => (name.to_owned(), text.to_owned()),
        None => match read_small(std::path::Path::new(name)) {
            Ok(text) => (name.to_owned(), text),
            Err(reason) => {
                crate::say!(
                    "lernfall: {name}: {} ({reason}; {}: {})",
                    lang.pick("Checkliste nicht lesbar", "cannot read checklist"),
                    lang.pick("eingebaut", "built in"),
                    checklist::BUILTIN.join(", ")
                );
                return None;
            }
        },
    };
    match checklist::parse(&text) {
        Ok(c) => Some(c),
        Err(errors) => {
            for e in errors {
                crate::say!("{label}:{}", e.render(lang).replacen(": ", ": error: ", 1));
            }
            None
        }
    }
}

fn read_small(path: &std::path::Path) -> Result<String, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| e.kind().to_string())?;
    let mut text = String::new();
    file.take(checklist::parse::MAX_SIZE + 1)
        .read_to_string(&mut text)
        .map_err(|e| e.kind().to_string())?;
    Ok(text)
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

fn check(args: &CheckArgs, lang: Lang, out: &mut dyn Write) -> io::Result<u8> {
    let Some(list) = read_checklist(&args.checklist, lang) else {
        return Ok(EXIT_USAGE);
    };
    let Some(found) = case_files(&args.paths, lang) else {
        return Ok(EXIT_USAGE);
    };
    let options = LoadOptions { max_size: args.max_size };
    let Some(format) =
        excel_format(args.excel, args.format, CheckFormat::Table, CheckFormat::Csv, lang)
    else {
        return Ok(EXIT_USAGE);
    };
    let mut reporter = check_render::reporter(format, &list, lang, args.excel);
    let mut totals = Totals::default();
    let mut unreadable = !found.bad.is_empty();
    let mut failed = false;
    let progress = progress_bar(found.files.len());
    for batch in found.files.chunks(BATCH) {
        let loaded: Vec<load::Loaded> =
            batch.par_iter().map(|input| load_input(input, options)).collect();
        let results: Vec<Option<CaseResult>> = loaded
            .par_iter()
            .map(|l| l.case.as_ref().map(|c| checklist::evaluate(&list, c)))
            .collect();
        let files: Vec<String> = batch.iter().map(ToString::to_string).collect();
        let checked: Vec<Checked> = files
            .iter()
            .zip(&loaded)
            .zip(&results)
            .map(|((file, l), result)| Checked {
                file,
                case: l.case.as_ref(),
                result: result.as_ref(),
                diagnostics: &l.diagnostics,
            })
            .collect();
        // Rendering on all cores; writing in file order.
        let rendered: Vec<io::Result<check_render::Rendered>> =
            checked.par_iter().map(|c| reporter.render(c)).collect();
        progress.inc(batch.len() as u64);
        for ((c, l), r) in checked.iter().zip(&loaded).zip(rendered) {
            unreadable |= l.diagnostics.iter().any(|d| d.problem.code() == "unreadable");
            if let Some(r) = c.result {
                failed |= r.items.iter().any(|i| args.fail_on.contains(&i.status));
            }
            totals.add(c);
            reporter.write(out, &r?)?;
        }
    }
    progress.finish_and_clear();
    reporter.finish(out, &totals)?;
    Ok(if unreadable {
        EXIT_USAGE
    } else if totals.invalid > 0 || failed {
        EXIT_INVALID
    } else {
        EXIT_OK
    })
}

fn checklist_command(cmd: &ChecklistCommand, lang: Lang, out: &mut dyn Write) -> io::Result<u8> {
    match cmd {
        ChecklistCommand::List => {
            for name in checklist::BUILTIN {
                let text = checklist::builtin_source(name).unwrap_or_default();
                if let Ok(c) = checklist::parse(text) {
                    let rules = c.rules().count();
                    let questions = c.questions().count();
                    writeln!(
                        out,
                        "{name}\t{}\t{rules} {}, {questions} {}",
                        c.title.get(lang),
                        lang.pick("Prüfpunkte", "items"),
                        lang.pick("Leitfragen", "questions")
                    )?;
                }
            }
            Ok(EXIT_OK)
        }
        ChecklistCommand::Show { checklist: name } => match checklist::builtin_source(name) {
            Some(text) => {
                out.write_all(text.as_bytes())?;
                Ok(EXIT_OK)
            }
            None => match read_checklist(name, lang) {
                Some(_) => {
                    let text = read_small(std::path::Path::new(name)).unwrap_or_default();
                    out.write_all(text.as_bytes())?;
                    Ok(EXIT_OK)
                }
                None => Ok(EXIT_USAGE),
            },
        },
        ChecklistCommand::Lint { files, format } => {
            let mut code = EXIT_OK;
            let mut json = Vec::new();
            for file in files {
                let label = file.display().to_string();
                let errors = match read_small(file) {
                    Ok(text) => checklist::parse(&text).err().unwrap_or_default(),
                    Err(reason) => {
                        crate::say!("lernfall: {label}: {reason}");
                        code = EXIT_USAGE;
                        continue;
                    }
                };
                if !errors.is_empty() && code == EXIT_OK {
                    code = EXIT_INVALID;
                }
                match format {
                    Format::Text => {
                        for e in &errors {
                            writeln!(
                                out,
                                "{label}:{}",
                                e.render(lang).replacen(": ", ": error: ", 1)
                            )?;
                        }
                        if errors.is_empty() {
                            writeln!(out, "{label}: {}", lang.pick("in Ordnung", "ok"))?;
                        }
                    }
                    Format::Json => json.push(serde_json::json!({
                        "file": label,
                        "valid": errors.is_empty(),
                        "errors": errors.iter().map(|e| serde_json::json!({
                            "line": e.line, "column": e.column, "path": e.path,
                            "code": e.code, "message": e.message(lang),
                        })).collect::<Vec<_>>(),
                    })),
                }
            }
            if *format == Format::Json {
                serde_json::to_writer_pretty(&mut *out, &json)?;
                writeln!(out)?;
            }
            Ok(code)
        }
        ChecklistCommand::Schema => {
            serde_json::to_writer_pretty(&mut *out, &crate::schema::checklist_schema())?;
            writeln!(out)?;
            Ok(EXIT_OK)
        }
    }
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
            crate::output::write_diagnostics(
                &mut crate::output::stderr(),
                &file,
                &loaded.diagnostics,
                lang,
                crate::output::color_stderr(),
            )?;
            let unreadable = loaded.diagnostics.iter().any(|d| d.problem.code() == "unreadable");
            Ok(Err(if unreadable { EXIT_USAGE } else { EXIT_INVALID }))
        }
    }
}

fn timeline(args: &TimelineArgs, lang: Lang, out: &mut dyn Write) -> io::Result<u8> {
    let Some(list) = read_checklist(&args.checklist, lang) else {
        return Ok(EXIT_USAGE);
    };
    let (file, case) = match load_one(&args.case, LoadOptions { max_size: args.max_size }, lang)? {
        Ok(loaded) => loaded,
        Err(code) => return Ok(code),
    };
    let case = &case;
    let result = checklist::evaluate(&list, case);
    let rows = crate::timeline::rows(case, Some(&result), args.gap, args.notes);
    if args.notes && !case.is_export() {
        crate::say!(
            "lernfall: {file}: {}",
            lang.pick(
                "nicht anonymisiert: die Notizen enthalten identifizierende Angaben",
                "not anonymised: the notes contain identifying details"
            )
        );
    }
    let Some(format) =
        excel_format(args.excel, args.format, TimelineFormat::Table, TimelineFormat::Csv, lang)
    else {
        return Ok(EXIT_USAGE);
    };
    match format {
        TimelineFormat::Table => {
            writeln!(
                out,
                "{} {} — {} — {} {}",
                lang.pick("Fall", "Case"),
                case.case.reference,
                file,
                lang.pick("Checkliste", "checklist"),
                list.id
            )?;
            crate::timeline::write_table(out, &rows, lang)?;
            let na = check_render::not_applicable_lines(&list, &result, lang);
            crate::timeline::write_not_applicable(out, &na, false, lang)?;
        }
        TimelineFormat::Markdown => {
            crate::timeline::write_markdown(out, &rows, lang)?;
            let na = check_render::not_applicable_lines(&list, &result, lang);
            crate::timeline::write_not_applicable(out, &na, true, lang)?;
        }
        TimelineFormat::Csv => crate::timeline::write_csv(out, &rows, args.excel)?,
        TimelineFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            writeln!(out)?;
        }
    }
    Ok(EXIT_OK)
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
