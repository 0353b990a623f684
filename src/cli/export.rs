//! `lernfall export`: case timelines as event logs (CSV, XES, OCEL 2.0).
//! Like handouts, exports leave the office: only anonymised files (with the
//! export marker) are accepted unless `--identifying` is given.

use std::io::{self, Write};

use rayon::prelude::*;

use super::{EXIT_INVALID, EXIT_OK, EXIT_USAGE, parse_size};
use crate::lang::Lang;
use crate::load::LoadOptions;

use clap::{Args, ValueEnum};
use std::path::PathBuf;

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

pub(super) fn run(args: &ExportArgs, lang: Lang, out: &mut dyn Write) -> io::Result<u8> {
    if super::excel_format(args.excel, args.format, ExportFormat::Csv, ExportFormat::Csv, lang)
        .is_none()
    {
        return Ok(EXIT_USAGE);
    }
    let Some(found) = super::case_files(&args.paths, lang) else {
        return Ok(EXIT_USAGE);
    };
    let key =
        match args.key.as_deref().map(|k| super::anonymise::read_key(Some(k), lang)).transpose() {
            Ok(k) => k,
            Err(msg) => {
                crate::say!("lernfall: {msg}");
                return Ok(EXIT_USAGE);
            }
        };
    let mut skipped = 0usize;
    let mut unreadable = !found.bad.is_empty();
    let options = LoadOptions { max_size: args.max_size };
    // Every format is written case by case, a batch at a time, into a
    // temporary file beside the target (renamed at the end); OCEL parks its
    // events in an anonymous temporary file until the objects are out.
    let mut tmp = None;
    let mut sink: Box<dyn Write + '_> = if args.out.as_os_str() == "-" {
        Box::new(&mut *out)
    } else {
        let inputs: Vec<std::path::PathBuf> = found.paths();
        if let Some(p) = super::files::output_is_input(&[&args.out], &inputs) {
            crate::say!(
                "lernfall: {}: {}",
                p.display(),
                lang.pick(
                    "--out ist eine Eingabedatei; sie wird nie überschrieben",
                    "--out is an input file; it is never overwritten"
                )
            );
            return Ok(EXIT_USAGE);
        }
        super::files::remove_stale_temps(super::files::parent_of(&args.out), lang);
        let file = super::files::Temp::beside(&args.out, false)?;
        let writer = io::BufWriter::new(file.file().try_clone()?);
        tmp = Some(file);
        Box::new(writer)
    };
    {
        match args.format {
            ExportFormat::Csv => sink.write_all(&crate::export::csv_header(args.excel)?)?,
            ExportFormat::Xes => sink.write_all(crate::export::XES_HEADER.as_bytes())?,
            ExportFormat::Ocel => {}
        }
        let mut ocel = match args.format {
            ExportFormat::Ocel => Some(crate::export::OcelWriter::start(&mut sink)?),
            _ => None,
        };
        let mut exported = 0usize;
        let mut trace_ids = crate::export::TraceIds::default();
        let progress = super::progress_bar(found.files.len());
        for batch in found.files.chunks(super::BATCH) {
            let loaded: Vec<_> = batch.par_iter().map(|i| super::load_input(i, options)).collect();
            let mut cases = Vec::new();
            for (input, l) in batch.iter().zip(&loaded) {
                let file = input.to_string();
                match &l.case {
                    None => {
                        skipped += 1;
                        unreadable |=
                            l.diagnostics.iter().any(|d| d.problem.code() == "unreadable");
                        super::complain(&file, &l.diagnostics, lang)?;
                    }
                    Some(case)
                        if !args.identifying
                            && let Some(why) =
                                super::admit::refusal(case, input, key.as_ref(), lang) =>
                    {
                        skipped += 1;
                        crate::say!("lernfall: {file}: {why}");
                    }
                    Some(case) => cases.push(case),
                }
            }
            exported += cases.len();
            let ids: Vec<String> = cases.iter().map(|c| trace_ids.next(c)).collect();
            match args.format {
                ExportFormat::Csv => {
                    let parts: Vec<io::Result<Vec<u8>>> = cases
                        .par_iter()
                        .zip(&ids)
                        .map(|(c, id)| crate::export::csv_rows(c, id, args.excel))
                        .collect();
                    for p in parts {
                        sink.write_all(&p?)?;
                    }
                }
                ExportFormat::Xes => {
                    let parts: Vec<String> = cases
                        .par_iter()
                        .zip(&ids)
                        .map(|(c, id)| crate::export::xes_trace(c, id))
                        .collect();
                    for p in parts {
                        sink.write_all(p.as_bytes())?;
                    }
                }
                ExportFormat::Ocel => {
                    let parts: Vec<_> = cases
                        .par_iter()
                        .zip(&ids)
                        .map(|(c, id)| crate::export::ocel_case_json(c, id))
                        .collect();
                    if let Some(w) = &mut ocel {
                        for (c, p) in cases.iter().zip(parts) {
                            w.add(&mut sink, c, &p?)?;
                        }
                    }
                }
            }
            progress.inc(batch.len() as u64);
        }
        progress.finish_and_clear();
        if exported == 0 {
            crate::say!(
                "lernfall: {}",
                lang.pick(
                    "keine exportierbaren Fälle; nichts geschrieben",
                    "no case to export; nothing written"
                )
            );
            return Ok(if unreadable { EXIT_USAGE } else { EXIT_INVALID });
        }
        match args.format {
            ExportFormat::Csv => {}
            ExportFormat::Xes => sink.write_all(crate::export::XES_FOOTER.as_bytes())?,
            ExportFormat::Ocel => {
                if let Some(w) = ocel.take() {
                    w.finish(&mut sink)?;
                }
            }
        }
        sink.flush()?;
        drop(sink);
        if let Some(file) = tmp {
            if let Err(e) = file.persist(&args.out, args.force) {
                crate::say!(
                    "lernfall: {}: {}",
                    args.out.display(),
                    super::files::write_error(&e, lang)
                );
                return Ok(EXIT_USAGE);
            }
            crate::note!(
                "lernfall: {exported} {} → {}",
                lang.pick("Fälle exportiert", "cases exported"),
                args.out.display()
            );
        }
    }
    Ok(if unreadable {
        EXIT_USAGE
    } else if skipped > 0 {
        EXIT_INVALID
    } else {
        EXIT_OK
    })
}
