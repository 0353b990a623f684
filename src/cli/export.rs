//! `lernfall export`: case timelines as event logs (CSV, XES, OCEL 2.0).
//! Like handouts, exports leave the office: only anonymised files (with the
//! export marker) are accepted unless `--identifying` is given.

use std::io::{self, Write};

use rayon::prelude::*;

use super::{EXIT_INVALID, EXIT_OK, EXIT_USAGE, ExportArgs, ExportFormat};
use crate::inputs;
use crate::lang::Lang;
use crate::load::LoadOptions;

pub(super) fn run(args: &ExportArgs, lang: Lang, out: &mut dyn Write) -> io::Result<u8> {
    let found = inputs::expand(&args.paths);
    for bad in &found.bad {
        eprintln!("lernfall: {}: {}", bad.path, bad.reason);
    }
    if found.files.is_empty() {
        super::no_files(lang);
        return Ok(EXIT_USAGE);
    }
    let options = LoadOptions { max_size: args.max_size };
    let loaded: Vec<_> = found.files.par_iter().map(|i| super::load_input(i, options)).collect();
    let mut cases = Vec::new();
    let mut skipped = 0usize;
    let mut unreadable = !found.bad.is_empty();
    for (input, l) in found.files.iter().zip(&loaded) {
        let file = input.to_string();
        match &l.case {
            None => {
                skipped += 1;
                unreadable |= l.diagnostics.iter().any(|d| d.problem.code() == "unreadable");
                crate::output::write_diagnostics(
                    &mut io::stderr(),
                    &file,
                    &l.diagnostics,
                    lang,
                    false,
                )?;
            }
            Some(case) if !case.is_export() && !args.identifying => {
                skipped += 1;
                eprintln!(
                    "lernfall: {file}: {}",
                    lang.pick(
                        "keine anonymisierte Datei (erst `lernfall anonymise`, oder --identifying für den internen Gebrauch)",
                        "not an anonymised file (run `lernfall anonymise` first, or --identifying for internal use)"
                    )
                );
            }
            Some(case) => cases.push(case),
        }
    }
    if cases.is_empty() {
        eprintln!(
            "lernfall: {}",
            lang.pick(
                "keine exportierbaren Fälle; nichts geschrieben",
                "no case to export; nothing written"
            )
        );
        return Ok(if unreadable { EXIT_USAGE } else { EXIT_INVALID });
    }
    let mut bytes = Vec::new();
    match args.format {
        ExportFormat::Csv => crate::export::write_csv(&mut bytes, &cases)?,
        ExportFormat::Xes => crate::export::write_xes(&mut bytes, &cases)?,
        ExportFormat::Ocel => {
            serde_json::to_writer_pretty(&mut bytes, &crate::export::ocel(&cases))?;
            bytes.push(b'\n');
        }
    }
    if args.out.as_os_str() == "-" {
        out.write_all(&bytes)?;
    } else {
        super::anonymise::write_atomic(&args.out, &bytes, args.force, false).map_err(|e| {
            if e.kind() == io::ErrorKind::AlreadyExists {
                io::Error::new(
                    e.kind(),
                    format!("{}: exists already (--force replaces it)", args.out.display()),
                )
            } else {
                e
            }
        })?;
        eprintln!(
            "lernfall: {} {} → {}",
            cases.len(),
            lang.pick("Fälle exportiert", "cases exported"),
            args.out.display()
        );
    }
    Ok(if unreadable {
        EXIT_USAGE
    } else if skipped > 0 {
        EXIT_INVALID
    } else {
        EXIT_OK
    })
}
