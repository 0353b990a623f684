//! `lernfall report`: statistics across many cases, as tables.

use std::io::{self, Write};

use rayon::prelude::*;

use super::{EXIT_INVALID, EXIT_OK, EXIT_USAGE, parse_size};
use crate::checklist;
use crate::lang::Lang;
use crate::load::LoadOptions;
use crate::report;

use clap::{Args, ValueEnum};
use std::path::PathBuf;

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

pub(super) fn run(args: &ReportArgs, lang: Lang, out: &mut dyn Write) -> io::Result<u8> {
    let Some(list) = super::read_checklist(&args.checklist, lang) else {
        return Ok(EXIT_USAGE);
    };
    if let Some(t) = &args.table
        && !report::TABLES.contains(&t.as_str())
    {
        crate::say!(
            "lernfall: --table {t}: {} {}",
            lang.pick("eine von", "one of"),
            report::TABLES.join(", ")
        );
        return Ok(EXIT_USAGE);
    }
    let format = match (args.format, args.excel) {
        (None, true) | (Some(ReportFormat::Csv), _) => ReportFormat::Csv,
        (Some(f), true) => {
            crate::say!(
                "lernfall: {} ({f:?})",
                lang.pick(
                    "--excel gilt nur für CSV: --format csv oder ohne --format",
                    "--excel is for CSV only: --format csv or no --format"
                )
            );
            return Ok(EXIT_USAGE);
        }
        (Some(f), false) => f,
        (None, false) => ReportFormat::Table,
    };
    if format == ReportFormat::Csv && args.table.is_none() && args.out.is_none() {
        crate::say!(
            "lernfall: {}",
            lang.pick(
                "--format csv braucht --table NAME oder --out ORDNER",
                "--format csv needs --table NAME or --out DIR"
            )
        );
        return Ok(EXIT_USAGE);
    }
    let Some(found) = super::case_files(&args.paths, lang) else {
        return Ok(EXIT_USAGE);
    };
    let options = LoadOptions { max_size: args.max_size };
    let threshold = usize::from(args.threshold);
    let report_options = report::Options {
        threshold,
        as_of: args.as_of.unwrap_or_else(crate::date::Date::today),
        lang,
    };
    // Case by case: each batch is loaded and checked on all cores, counted,
    // and dropped; memory does not grow with the number of cases.
    let mut aggregate = report::Aggregate::new(&list, report_options);
    let mut invalid = 0usize;
    let mut unreadable = !found.bad.is_empty();
    let progress = super::progress_bar(found.files.len());
    for batch in found.files.chunks(super::BATCH) {
        let loaded: Vec<_> = batch.par_iter().map(|i| super::load_input(i, options)).collect();
        let results: Vec<Option<checklist::CaseResult>> = loaded
            .par_iter()
            .map(|l| l.case.as_ref().map(|c| checklist::evaluate(&list, c)))
            .collect();
        for ((input, l), result) in batch.iter().zip(&loaded).zip(&results) {
            match (&l.case, result) {
                (Some(case), Some(r)) => aggregate.add(case, r),
                _ => {
                    invalid += 1;
                    unreadable |= l.diagnostics.iter().any(|d| d.problem.code() == "unreadable");
                    super::complain(&input.to_string(), &l.diagnostics, lang)?;
                }
            }
        }
        progress.inc(batch.len() as u64);
    }
    progress.finish_and_clear();
    let cases = aggregate.cases();
    let tables = aggregate.tables();
    let chosen: Vec<&report::Table> =
        tables.iter().filter(|t| args.table.as_deref().is_none_or(|n| n == t.name)).collect();
    if format == ReportFormat::Csv {
        if let Some(dir) = &args.out {
            std::fs::create_dir_all(dir)?;
            for t in &chosen {
                let mut bytes = Vec::new();
                report::write_csv(&mut bytes, t, args.excel)?;
                write_into(dir, &format!("{}.csv", t.name), &bytes, args.force)?;
            }
        } else {
            for t in &chosen {
                report::write_csv(out, t, args.excel)?;
            }
        }
    } else {
        let mut bytes = Vec::new();
        let note = report::mostly_suppressed_note(&chosen, threshold, lang);
        let summary = Summary { checklist: &list.id, cases, invalid, threshold, note };
        render(&mut bytes, format, &chosen, &summary, lang)?;
        match &args.out {
            Some(dir) => {
                std::fs::create_dir_all(dir)?;
                let ext = match format {
                    ReportFormat::Html => "html",
                    ReportFormat::Json => "json",
                    ReportFormat::Markdown => "md",
                    _ => "txt",
                };
                write_into(dir, &format!("report.{ext}"), &bytes, args.force)?;
            }
            None => out.write_all(&bytes)?,
        }
    }
    Ok(if unreadable {
        EXIT_USAGE
    } else if invalid > 0 {
        EXIT_INVALID
    } else {
        EXIT_OK
    })
}

/// Writes `bytes` to `name` in `dir`, atomically; errors name the folder.
fn write_into(dir: &std::path::Path, name: &str, bytes: &[u8], force: bool) -> io::Result<()> {
    super::files::write_atomic(&dir.join(name), bytes, force, false)
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", dir.join(name).display())))
}

/// What a report says about its run.
struct Summary<'a> {
    checklist: &'a str,
    cases: usize,
    invalid: usize,
    threshold: usize,
    note: Option<String>,
}

/// The report in one of the formats other than CSV.
fn render(
    out: &mut dyn Write,
    format: ReportFormat,
    chosen: &[&report::Table],
    summary: &Summary<'_>,
    lang: Lang,
) -> io::Result<()> {
    let Summary { checklist, cases, invalid, threshold, .. } = *summary;
    let note = summary.note.clone();
    match format {
        ReportFormat::Json => {
            let (suppressed, numbers) = report::suppressed_cells(chosen);
            let value = serde_json::json!({
                "checklist": checklist,
                "cases": cases,
                "invalid": invalid,
                "threshold": threshold,
                "suppressed": suppressed,
                "numbers": numbers,
                "note": note,
                "tables": chosen,
            });
            serde_json::to_writer_pretty(&mut *out, &value)?;
            writeln!(out)?;
        }
        ReportFormat::Markdown => {
            writeln!(
                out,
                "## {} — {} {} ({} {})\n",
                lang.pick("Auswertung", "Report"),
                cases,
                lang.pick("Fälle", "cases"),
                lang.pick("Checkliste", "checklist"),
                checklist
            )?;
            if let Some(note) = note {
                writeln!(out, "> {note}\n")?;
            }
            for t in chosen {
                report::write_markdown(out, t)?;
            }
        }
        ReportFormat::Html => {
            let page = report::html::Page { checklist, cases, threshold, note, lang };
            out.write_all(report::html::html(chosen, &page).as_bytes())?;
        }
        ReportFormat::Table | ReportFormat::Csv => {
            if let Some(note) = note {
                for line in report::wrap(&note, 100) {
                    writeln!(out, "{line}")?;
                }
                writeln!(out)?;
            }
            for t in chosen {
                report::write_table(out, t, lang)?;
            }
            writeln!(
                out,
                "{} {} {} {}{}; {} <{}",
                cases,
                lang.pick("Fälle ausgewertet", "cases in the report"),
                lang.pick("mit der Checkliste", "with checklist"),
                checklist,
                if invalid > 0 {
                    format!(" ({invalid} {})", lang.pick("ungültig", "invalid"))
                } else {
                    String::new()
                },
                lang.pick("kleine Gruppen als", "small groups as"),
                threshold
            )?;
        }
    }
    Ok(())
}
