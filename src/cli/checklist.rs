//! `lernfall checklist`: list, show, lint the checklists and print their schema.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::Subcommand;

use super::*;
use crate::checklist;

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

pub(super) fn run(cmd: &ChecklistCommand, lang: Lang, out: &mut dyn Write) -> io::Result<u8> {
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
