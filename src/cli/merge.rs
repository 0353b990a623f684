//! `lernfall merge`: the chronologies of several agencies about one family
//! as one case; every match, likely duplicate and conflict listed.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::Args;

use super::{EXIT_INVALID, EXIT_OK, EXIT_USAGE, Format, files};
use crate::case::merge;
use crate::inputs::Input;
use crate::lang::Lang;
use crate::load::LoadOptions;

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Case files (one chronology each), in the order their entries are kept.
    #[arg(required = true, num_args = 2.., value_name = "CASE")]
    pub cases: Vec<PathBuf>,

    /// The merged case file (written atomically); `-` for standard output.
    #[arg(long, short = 'o', visible_alias = "output", value_name = "MERGED.yaml")]
    pub out: PathBuf,

    /// Output format of the summary.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Replace an existing output file.
    #[arg(long)]
    pub force: bool,
}

pub(super) fn run(args: &MergeArgs, lang: Lang, out: &mut dyn Write) -> io::Result<u8> {
    if args.out.as_os_str() != "-"
        && let Some(p) = files::output_is_input(&[&args.out], &args.cases)
    {
        crate::say!(
            "lernfall: {}: {}",
            p.display(),
            lang.pick("--out ist eine Eingabedatei", "--out is an input file")
        );
        return Ok(EXIT_USAGE);
    }
    let mut inputs = Vec::new();
    let mut invalid = false;
    for path in &args.cases {
        let loaded = super::load_input(&Input::File(path.clone()), LoadOptions::default());
        match loaded.case {
            Some(case) => inputs.push((path.display().to_string(), case)),
            None => {
                invalid = true;
                super::complain(&path.display().to_string(), &loaded.diagnostics, lang)?;
            }
        }
    }
    if invalid {
        crate::say!(
            "lernfall: {}",
            lang.pick("ungültige Eingaben; nichts geschrieben", "invalid inputs; nothing written")
        );
        return Ok(EXIT_INVALID);
    }
    let Some((merged, report)) = merge::merge(&inputs) else {
        return Ok(EXIT_USAGE);
    };
    let yaml = crate::write::case_to_yaml(
        &merged,
        &["Zusammengeführt von lernfall merge aus mehreren Chronologien."],
    );
    let what = lang.pick("(zusammengeführter Fall)", "(merged case)");
    if let Some(code) = super::emit_case(&yaml, what, &args.out, args.force, lang, out)? {
        return Ok(code);
    }
    // The summary goes to standard output, or to standard error when the
    // case itself does.
    let mut err = crate::output::stderr();
    let sink: &mut dyn Write = if args.out.as_os_str() == "-" { &mut err } else { out };
    if args.format == Format::Json {
        serde_json::to_writer_pretty(&mut *sink, &report)?;
        writeln!(sink)?;
    } else {
        summary(sink, &report, lang)?;
    }
    Ok(EXIT_OK)
}

fn summary(out: &mut dyn Write, report: &merge::Report, lang: Lang) -> io::Result<()> {
    let mut t = comfy_table::Table::new();
    t.load_style(comfy_table::presets::UTF8_FULL_CONDENSED);
    t.set_header(vec![
        lang.pick("Datei", "File"),
        lang.pick("Ereignisse", "Events"),
        lang.pick("davon doppelt", "duplicates"),
        lang.pick("Personen", "People"),
        lang.pick("Institutionen", "Institutions"),
        lang.pick("Fachkräfte", "Staff"),
    ]);
    for f in &report.files {
        t.add_row(vec![
            f.file.clone(),
            (f.events + f.duplicates).to_string(),
            f.duplicates.to_string(),
            f.people.to_string(),
            f.institutions.to_string(),
            f.staff.to_string(),
        ]);
    }
    writeln!(out, "{t}")?;
    let by_name: Vec<&merge::Match> =
        report.matches.iter().filter(|m| m.by != "new" && m.by != "id").collect();
    let by_id = report.matches.iter().filter(|m| m.by == "id").count();
    writeln!(
        out,
        "{}: {by_id} {}",
        lang.pick("Zuordnungen", "Matches"),
        lang.pick("über die Kennung", "by id")
    )?;
    for m in by_name {
        let how = match m.by {
            "name" => lang.pick("über den Namen", "by name"),
            _ => lang.pick("Kennung vergeben, umbenannt", "id taken, renamed"),
        };
        writeln!(out, "  {}: {} {} → {} ({how})", m.file, m.kind, m.id, m.merged)?;
    }
    for d in &report.duplicates {
        writeln!(
            out,
            "{}: {} ({})",
            lang.pick("wahrscheinlich doppelt, einmal behalten", "likely duplicate, kept once"),
            d.event,
            d.files.join(", ")
        )?;
    }
    for c in &report.conflicts {
        writeln!(
            out,
            "{} ({}): {} ({})",
            lang.pick("Widerspruch, beide behalten", "conflict, both kept"),
            c.field,
            c.ids.join(" / "),
            c.files.join(", ")
        )?;
    }
    writeln!(
        out,
        "{} {}",
        report.events,
        lang.pick("Ereignisse im zusammengeführten Fall", "events in the merged case")
    )
}
