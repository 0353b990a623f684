//! `lernfall check`: a checklist over case files, item by item, with evidence.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::Args;
use rayon::prelude::*;

use super::*;
use crate::checklist;

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

fn parse_status(text: &str) -> Result<Status, String> {
    Status::parse(text.trim()).ok_or_else(|| {
        let all: Vec<&str> = Status::ALL.iter().map(|s| s.id()).collect();
        format!("unknown status `{text}`; one of {}", all.join(", "))
    })
}

pub(super) fn run(args: &CheckArgs, lang: Lang, out: &mut dyn Write) -> io::Result<u8> {
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
