//! `lernfall import`: chronology tables (CSV, Excel, LibreOffice) into one
//! case file. Problems are placed by table, row and column and never quote
//! a cell; nothing is written unless the whole import succeeds and the case
//! loads as lernfall/1.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::Args;

use super::{EXIT_INVALID, EXIT_OK, EXIT_USAGE, files};
use crate::case::import::{self, Cell, Field, Table};
use crate::lang::Lang;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Tables: .csv (comma or semicolon; UTF-8 or Windows-1252), .xlsx, .xls
    /// or .ods (every sheet); one event per row.
    #[arg(required = true, value_name = "TABLE")]
    pub tables: Vec<PathBuf>,

    /// The case file to write (atomically); `-` for standard output.
    #[arg(long, short = 'o', visible_alias = "output", value_name = "CASE.yaml")]
    pub out: PathBuf,

    /// A table of people, institutions and staff (columns Name, Rolle/Art,
    /// Institution); without it they are created from the names in the
    /// events and marked for you to complete.
    #[arg(long, value_name = "TABLE")]
    pub people: Vec<PathBuf>,

    /// A YAML mapping from your column headers to fields (`Eingang am: date`).
    #[arg(long, value_name = "MAP.yaml")]
    pub columns: Option<PathBuf>,

    /// Set `source` on every imported event: whose chronology it is (a name
    /// or an id of the people table).
    #[arg(long, value_name = "NAME")]
    pub source: Option<String>,

    /// `case.ref` of the new case.
    #[arg(long = "ref", value_name = "REF")]
    pub reference: Option<String>,

    /// `case.municipality` of the new case.
    #[arg(long, value_name = "NAME")]
    pub municipality: Option<String>,

    /// Output format of the problems and the summary.
    #[arg(long, value_enum, default_value_t = super::Format::Text)]
    pub format: super::Format,

    /// Replace an existing output file.
    #[arg(long)]
    pub force: bool,
}

/// Reads one table file: a CSV, or every sheet of a workbook.
pub(crate) fn read_tables(path: &Path) -> Result<Vec<Table>, String> {
    let name = path.display().to_string();
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => {
            use calamine::{Data, Reader};
            let mut book =
                calamine::open_workbook_auto(path).map_err(|e| format!("{name}: {e}"))?;
            let mut out = Vec::new();
            for sheet in book.sheet_names() {
                let range = book.worksheet_range(&sheet).map_err(|e| format!("{name}: {e}"))?;
                let rows = range
                    .rows()
                    .map(|row| {
                        row.iter()
                            .map(|c| match c {
                                Data::Empty => Cell::Empty,
                                Data::String(s) => Cell::Text(s.clone()),
                                Data::Float(f) => Cell::Number(*f),
                                Data::Int(i) => Cell::Number(*i as f64),
                                Data::Bool(b) => Cell::Text(if *b { "ja" } else { "nein" }.into()),
                                Data::DateTime(d) => Cell::Number(d.as_f64()),
                                Data::DateTimeIso(s) | Data::DurationIso(s) => {
                                    Cell::Text(s.clone())
                                }
                                Data::Error(_) => Cell::Empty,
                            })
                            .collect()
                    })
                    .collect();
                out.push(Table { name: format!("{name}:{sheet}"), rows });
            }
            Ok(out)
        }
        _ => {
            let bytes = std::fs::read(path).map_err(|e| format!("{name}: {}", e.kind()))?;
            Ok(vec![import::read_csv(&name, &import::decode(&bytes))?])
        }
    }
}

/// Reads `--columns`: header → field name.
fn read_columns(path: &Path, lang: Lang) -> Result<HashMap<String, Field>, String> {
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("{}: {}", path.display(), e.kind()))?;
    let node = crate::yaml::parse(&text, crate::yaml::Limits::for_size(1 << 20))
        .map_err(|d| format!("{}: {}", path.display(), d.problem.message(lang)))?;
    let crate::yaml::Value::Map(entries) = node.value else {
        return Err(format!(
            "{}: {}",
            path.display(),
            lang.pick(
                "erwartet eine Zuordnung Spaltenkopf: Feld",
                "expected a mapping header: field"
            )
        ));
    };
    let mut out = HashMap::new();
    for (k, v) in entries {
        let (crate::yaml::Value::Str(header), crate::yaml::Value::Str(field)) =
            (&k.value, &v.value)
        else {
            return Err(format!(
                "{}:{}:{}: {}",
                path.display(),
                k.pos.line,
                k.pos.column,
                lang.pick("erwartet Text: Text", "expected text: text")
            ));
        };
        let Some(f) = import::field_by_name(field) else {
            return Err(format!(
                "{}:{}:{}: {} {}",
                path.display(),
                v.pos.line,
                v.pos.column,
                lang.pick("unbekanntes Feld; erlaubt:", "unknown field; allowed:"),
                import::field_names().join(", ")
            ));
        };
        out.insert(import::fold_header(header), f);
    }
    Ok(out)
}

pub(super) fn run(args: &ImportArgs, lang: Lang, out: &mut dyn Write) -> io::Result<u8> {
    let mut tables = Vec::new();
    for path in args.tables.iter().chain(&args.people) {
        match read_tables(path) {
            Ok(t) => tables.extend(t),
            Err(msg) => {
                crate::say!("lernfall: {msg}");
                return Ok(EXIT_USAGE);
            }
        }
    }
    let columns = match args.columns.as_deref().map(|p| read_columns(p, lang)).transpose() {
        Ok(c) => c.unwrap_or_default(),
        Err(msg) => {
            crate::say!("lernfall: {msg}");
            return Ok(EXIT_USAGE);
        }
    };
    if args.out.as_os_str() != "-"
        && let Some(p) = files::output_is_input(&[&args.out], &args.tables)
    {
        crate::say!(
            "lernfall: {}: {}",
            p.display(),
            lang.pick("--out ist eine Eingabedatei", "--out is an input file")
        );
        return Ok(EXIT_USAGE);
    }
    let options = import::Options {
        reference: args.reference.clone(),
        municipality: args.municipality.clone(),
        source: args.source.clone(),
        columns,
    };
    let imported = match import::import(&tables, &options) {
        Ok(i) => i,
        Err(problems) => {
            report_problems(&problems, args.format, lang, out)?;
            return Ok(EXIT_INVALID);
        }
    };
    let what = lang.pick("(importierter Fall)", "(imported case)");
    if let Some(code) = super::emit_case(&imported.yaml, what, &args.out, args.force, lang, out)? {
        return Ok(code);
    }
    if args.format == super::Format::Json {
        let v = serde_json::json!({"events": imported.events, "to_check": imported.guessed, "problems": []});
        serde_json::to_writer_pretty(&mut *out, &v)?;
        writeln!(out)?;
    } else {
        crate::note!(
            "lernfall: {} {}{}",
            imported.events,
            lang.pick("Ereignisse importiert", "events imported"),
            if imported.guessed > 0 {
                match lang {
                    Lang::De => format!(
                        "; {} Einträge aus Namen erzeugt, bitte prüfen (# BITTE PRÜFEN)",
                        imported.guessed
                    ),
                    Lang::En => format!(
                        "; {} entries created from names, please check (# BITTE PRÜFEN)",
                        imported.guessed
                    ),
                }
            } else {
                String::new()
            }
        );
    }
    Ok(EXIT_OK)
}

fn report_problems(
    problems: &[import::Problem],
    format: super::Format,
    lang: Lang,
    out: &mut dyn Write,
) -> io::Result<()> {
    if format == super::Format::Json {
        let list: Vec<_> = problems
            .iter()
            .map(|p| serde_json::json!({"table": p.table, "row": p.row, "column": p.column, "code": p.code, "message": p.message}))
            .collect();
        serde_json::to_writer_pretty(
            &mut *out,
            &serde_json::json!({"events": 0, "problems": list}),
        )?;
        return writeln!(out);
    }
    for p in problems {
        let column = p
            .column
            .as_deref()
            .map(|c| format!(", {} „{c}“", lang.pick("Spalte", "column")))
            .unwrap_or_default();
        crate::say!(
            "{}: {} {}{column}: error: {}",
            p.table,
            lang.pick("Zeile", "row"),
            p.row,
            p.message
        );
    }
    crate::say!(
        "lernfall: {} {}",
        problems.len(),
        lang.pick("Probleme; nichts geschrieben", "problems; nothing written")
    );
    Ok(())
}
