//! `lernfall timeline`: a case's events in story order with findings and gaps.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::*;
use crate::checklist;

/// Output format of `timeline`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum TimelineFormat {
    #[default]
    Table,
    Markdown,
    Csv,
    Json,
    /// An Excel workbook (needs --out): readable back with `lernfall import`.
    Xlsx,
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

    /// Write to this file (atomically) instead of standard output; needed
    /// for --format xlsx.
    #[arg(long, short = 'o', visible_alias = "output", value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Replace an existing --out file.
    #[arg(long)]
    pub force: bool,

    /// Largest case file to read.
    #[arg(long, value_name = "SIZE", default_value = "16MiB", value_parser = parse_size)]
    pub max_size: u64,
}

pub(super) fn run(args: &TimelineArgs, lang: Lang, out: &mut dyn Write) -> io::Result<u8> {
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
    if format == TimelineFormat::Xlsx && args.out.is_none() {
        crate::say!(
            "lernfall: {}",
            lang.pick(
                "--format xlsx braucht --out DATEI.xlsx",
                "--format xlsx needs --out FILE.xlsx"
            )
        );
        return Ok(EXIT_USAGE);
    }
    if let Some(path) = &args.out {
        if files::output_is_input(&[path], std::slice::from_ref(&args.case)).is_some() {
            crate::say!(
                "lernfall: {}: {}",
                path.display(),
                lang.pick("--out ist die Eingabedatei", "--out is the input file")
            );
            return Ok(EXIT_USAGE);
        }
        let mut bytes = Vec::new();
        if format == TimelineFormat::Xlsx {
            if !case.is_export() {
                crate::say!(
                    "lernfall: {file}: {}",
                    lang.pick(
                        "nicht anonymisiert: die Tabelle nennt Personen und Stellen mit Namen",
                        "not anonymised: the sheet names people and agencies"
                    )
                );
            }
            match crate::timeline::write_xlsx(case, &rows) {
                Ok(b) => bytes = b,
                Err(e) => {
                    crate::say!("lernfall: {}: {e}", path.display());
                    return Ok(EXIT_USAGE);
                }
            }
        } else {
            render(&mut bytes, format, args, case, &file, &list, &result, &rows, lang)?;
        }
        if let Err(e) = files::write_atomic(path, &bytes, args.force, false) {
            crate::say!("lernfall: {}: {}", path.display(), e.kind());
            return Ok(EXIT_USAGE);
        }
        return Ok(EXIT_OK);
    }
    render(out, format, args, case, &file, &list, &result, &rows, lang)?;
    Ok(EXIT_OK)
}

#[allow(clippy::too_many_arguments)]
fn render(
    out: &mut dyn Write,
    format: TimelineFormat,
    args: &TimelineArgs,
    case: &crate::model::Case,
    file: &str,
    list: &Checklist,
    result: &CaseResult<'_>,
    rows: &[crate::timeline::Row<'_>],
    lang: Lang,
) -> io::Result<()> {
    let (list, result, rows) = (list, result, rows);
    match format {
        TimelineFormat::Xlsx => {}
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
            crate::timeline::write_table(out, rows, lang)?;
            let na = check_render::not_applicable_lines(list, result, lang);
            crate::timeline::write_not_applicable(out, &na, false, lang)?;
        }
        TimelineFormat::Markdown => {
            crate::timeline::write_markdown(out, rows, lang)?;
            let na = check_render::not_applicable_lines(list, result, lang);
            crate::timeline::write_not_applicable(out, &na, true, lang)?;
        }
        TimelineFormat::Csv => crate::timeline::write_csv(out, rows, args.excel)?,
        TimelineFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            writeln!(out)?;
        }
    }
    Ok(())
}
