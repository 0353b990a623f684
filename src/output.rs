//! Reporters: renderings of the same result structs in each output format.
//! Adding a format is adding a reporter, not a branch in every command.

use std::io::{self, Write};

use serde::Serialize;

use crate::diag::{Diagnostic, Severity};
use crate::lang::Lang;

/// A CSV text cell a spreadsheet will not run as a formula (the OWASP rule
/// against CSV injection): a cell starting with `=`, `+`, `-`, `@`, a tab or
/// a carriage return gets a leading apostrophe.
pub fn csv_cell(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// The byte-order mark German Excel needs to read a CSV file as UTF-8.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A CSV writer: comma-separated, or semicolon-separated for German Excel
/// (`excel`; the caller writes [`BOM`] first).
pub fn csv_writer<W: Write>(out: W, excel: bool) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .delimiter(if excel { b';' } else { b',' })
        .has_headers(false)
        .from_writer(out)
}

/// Writes a CSV record of text cells, each through [`csv_cell`].
pub fn csv_record<W: Write, S: AsRef<str>>(
    w: &mut csv::Writer<W>,
    fields: impl IntoIterator<Item = S>,
) -> csv::Result<()> {
    w.write_record(fields.into_iter().map(|f| csv_cell(f.as_ref()).into_owned()))
}

/// A Markdown table cell: `|` escaped, line breaks as `<br>`.
pub fn md_cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', "<br>")
}

/// Standard error that never fails: a message to a closed or full stderr is
/// dropped (printing must not abort a batch or panic, as `eprintln!` does).
pub fn stderr() -> QuietOnClose<io::Stderr> {
    QuietOnClose::new(io::stderr())
}

/// Like [`say!`], for messages that only inform (a summary, a file
/// written): left out with `--quiet`. Errors and warnings always use `say!`.
#[macro_export]
macro_rules! note {
    ($($arg:tt)*) => {{
        if !$crate::output::quiet() {
            $crate::say!($($arg)*);
        }
    }};
}

static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
/// 0: auto, 1: always, 2: never.
static COLOR: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

/// When to colour terminal output (`--color`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set.
    #[default]
    Auto,
    Always,
    Never,
}

/// Sets `--quiet` and `--color` for the whole run.
pub fn configure(quiet: bool, color: ColorChoice) {
    use std::sync::atomic::Ordering::Relaxed;
    QUIET.store(quiet, Relaxed);
    COLOR.store(
        match color {
            ColorChoice::Auto => 0,
            ColorChoice::Always => 1,
            ColorChoice::Never => 2,
        },
        Relaxed,
    );
}

/// Whether informational messages and progress bars are left out.
pub fn quiet() -> bool {
    QUIET.load(std::sync::atomic::Ordering::Relaxed)
}

fn color_for(terminal: bool) -> bool {
    match COLOR.load(std::sync::atomic::Ordering::Relaxed) {
        1 => true,
        2 => false,
        _ => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

/// Whether to colour standard output.
pub fn color_stdout() -> bool {
    use std::io::IsTerminal;
    color_for(io::stdout().is_terminal())
}

/// Whether to colour standard error.
pub fn color_stderr() -> bool {
    use std::io::IsTerminal;
    color_for(io::stderr().is_terminal())
}

/// Writes one line to standard error; never panics, never fails.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {{
        use ::std::io::Write as _;
        let _ = writeln!($crate::output::stderr(), $($arg)*);
    }};
}

/// A writer that, once its reader has gone (`BrokenPipe`, or any other
/// error), drops what follows instead of failing: a closed pipe never cuts a
/// batch short or changes its exit code (`lernfall anonymise … | head -1`
/// still writes every export and the manifest).
#[derive(Debug)]
pub struct QuietOnClose<W: Write> {
    inner: W,
    closed: bool,
}

impl<W: Write> QuietOnClose<W> {
    pub fn new(inner: W) -> QuietOnClose<W> {
        QuietOnClose { inner, closed: false }
    }

    /// Whether the reader went away.
    pub fn closed(&self) -> bool {
        self.closed
    }
}

impl<W: Write> Write for QuietOnClose<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.closed
            && let Err(e) = self.inner.write_all(buf)
            && e.kind() != io::ErrorKind::Interrupted
        {
            self.closed = true;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.closed && self.inner.flush().is_err() {
            self.closed = true;
        }
        Ok(())
    }
}

/// The validation result of one file.
#[derive(Clone, Debug)]
pub struct FileReport {
    /// The file as given on the command line (`<stdin>` for `-`).
    pub file: String,
    pub valid: bool,
    pub diagnostics: Vec<Diagnostic>,
}

/// Totals over a run.
#[derive(Clone, Copy, Debug, Default)]
pub struct Summary {
    pub files: usize,
    pub valid: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl Summary {
    pub fn add(&mut self, report: &FileReport) {
        self.files += 1;
        self.valid += usize::from(report.valid);
        for d in &report.diagnostics {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
            }
        }
    }

    pub fn invalid(&self) -> usize {
        self.files - self.valid
    }

    pub fn line(&self, lang: Lang) -> String {
        let plural =
            |n: usize, one: &'static str, many: &'static str| if n == 1 { one } else { many };
        match lang {
            Lang::De => format!(
                "{} {} geprüft: {} gültig, {} ungültig ({} {}, {} {})",
                self.files,
                plural(self.files, "Datei", "Dateien"),
                self.valid,
                self.invalid(),
                self.errors,
                "Fehler",
                self.warnings,
                plural(self.warnings, "Warnung", "Warnungen"),
            ),
            Lang::En => format!(
                "{} {} checked: {} valid, {} invalid ({} {}, {} {})",
                self.files,
                plural(self.files, "file", "files"),
                self.valid,
                self.invalid(),
                self.errors,
                plural(self.errors, "error", "errors"),
                self.warnings,
                plural(self.warnings, "warning", "warnings"),
            ),
        }
    }
}

/// Writes validation results as they come, file by file, in a stable order.
pub trait Reporter {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()>;
    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()>;
}

/// `file:line:column: error: message (at field.path)`, then a summary line.
pub struct TextReporter {
    pub lang: Lang,
    pub color: bool,
}

impl Reporter for TextReporter {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        write_diagnostics(out, &report.file, &report.diagnostics, self.lang, self.color)
    }

    fn finish(&mut self, out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
        writeln!(out, "{}", summary.line(self.lang))
    }
}

/// Writes one line per diagnostic: `file:line:column: error: message (at path)`.
pub fn write_diagnostics(
    out: &mut dyn Write,
    file: &str,
    diagnostics: &[Diagnostic],
    lang: Lang,
    color: bool,
) -> io::Result<()> {
    for d in diagnostics {
        write!(out, "{file}")?;
        if let Some(pos) = d.pos {
            write!(out, ":{}:{}", pos.line, pos.column)?;
        }
        let (label, code) = match d.severity {
            Severity::Error => ("error", "\x1b[1;31m"),
            Severity::Warning => ("warning", "\x1b[1;33m"),
        };
        if color {
            write!(out, ": {code}{label}\x1b[0m: {}", d.problem.message(lang))?;
        } else {
            write!(out, ": {label}: {}", d.problem.message(lang))?;
        }
        if !d.path.is_empty() {
            write!(out, " ({} {})", lang.pick("bei", "at"), d.path)?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// Writes values as one JSON array, element by element as they come, so
/// that a long run never holds all results.
#[derive(Debug, Default)]
pub struct JsonArray {
    started: bool,
}

impl JsonArray {
    pub fn item(&mut self, out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
        out.write_all(if self.started { b",\n" } else { b"[\n" })?;
        self.started = true;
        serde_json::to_writer_pretty(&mut *out, value)?;
        Ok(())
    }

    /// An element already serialised (pretty JSON).
    pub fn raw_item(&mut self, out: &mut dyn Write, json: &[u8]) -> io::Result<()> {
        out.write_all(if self.started { b",\n" } else { b"[\n" })?;
        self.started = true;
        out.write_all(json)
    }

    pub fn finish(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.started { out.write_all(b"\n]\n") } else { out.write_all(b"[]\n") }
    }
}

/// One JSON array, an object per file.
pub struct JsonReporter {
    pub lang: Lang,
    array: JsonArray,
}

impl JsonReporter {
    pub fn new(lang: Lang) -> JsonReporter {
        JsonReporter { lang, array: JsonArray::default() }
    }
}

#[derive(Serialize)]
struct JsonFile<'a> {
    file: &'a str,
    valid: bool,
    errors: Vec<JsonDiagnostic<'a>>,
    warnings: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    line: Option<u32>,
    column: Option<u32>,
    path: &'a str,
    message: String,
    code: &'static str,
}

impl JsonDiagnostic<'_> {
    fn of(d: &Diagnostic, lang: Lang) -> JsonDiagnostic<'_> {
        JsonDiagnostic {
            line: d.pos.map(|p| p.line),
            column: d.pos.map(|p| p.column),
            path: &d.path,
            message: d.problem.message(lang),
            code: d.problem.code(),
        }
    }
}

impl Reporter for JsonReporter {
    fn file(&mut self, out: &mut dyn Write, report: &FileReport) -> io::Result<()> {
        let of = |sev| {
            report
                .diagnostics
                .iter()
                .filter(|d| d.severity == sev)
                .map(|d| JsonDiagnostic::of(d, self.lang))
                .collect()
        };
        let value = JsonFile {
            file: &report.file,
            valid: report.valid,
            errors: of(Severity::Error),
            warnings: of(Severity::Warning),
        };
        self.array.item(out, &value)
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        self.array.finish(out)
    }
}
