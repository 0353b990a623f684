//! `lernfall key new`, `lernfall anonymise` and `lernfall scrub`: the
//! command-line side of [`crate::anonymise`]. Files are written atomically
//! (a temporary file in the target folder, then renamed), never over an
//! existing file without `--force`, and inputs are only read.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{AnonymiseArgs, BATCH, EXIT_INVALID, EXIT_OK, EXIT_USAGE, Format, ScrubArgs};
use crate::anonymise::key::{Key, KeyError};
use crate::anonymise::scrub::{DatePolicy, Scrubber};
use crate::anonymise::{self, Export, MappingRow, Policy, Withheld};
use crate::checklist;
use crate::inputs::Input;
use crate::lang::Lang;
use crate::load::{self, LoadOptions};

/// The tool name and version written into export markers.
fn tool() -> String {
    format!("lernfall {}", env!("CARGO_PKG_VERSION"))
}

pub(super) fn key_new(file: &Path, lang: Lang) -> io::Result<u8> {
    match Key::write_new(file) {
        Ok(key) => {
            eprintln!(
                "lernfall: {} {} ({} {})",
                lang.pick("Schlüssel geschrieben:", "key written:"),
                file.display(),
                lang.pick("Fingerabdruck", "fingerprint"),
                key.fingerprint()
            );
            Ok(EXIT_OK)
        }
        Err(e) => {
            eprintln!("lernfall: {}: {e}", file.display());
            Ok(EXIT_USAGE)
        }
    }
}

/// Writes `bytes` to `path` atomically; `mode` 0600 for secrets.
pub(super) fn write_atomic(
    path: &Path,
    bytes: &[u8],
    force: bool,
    private: bool,
) -> io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new().prefix(".lernfall-").suffix(".tmp").tempfile_in(dir)?;
    #[cfg(unix)]
    if private {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file().set_permissions(fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    let _ = private;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    if force {
        tmp.persist(path).map_err(|e| e.error)?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| e.error)?;
    }
    Ok(())
}

/// Whether `inner` is `outer` or lies below it (both resolved).
fn is_within(inner: &Path, outer: &Path) -> bool {
    let resolve = |p: &Path| -> PathBuf {
        // The folder may not exist yet: resolve its nearest existing ancestor.
        let mut existing = p.to_path_buf();
        let mut rest = Vec::new();
        while !existing.exists() {
            match (existing.file_name().map(|n| n.to_owned()), existing.parent()) {
                (Some(name), Some(parent)) => {
                    rest.push(name);
                    existing = if parent.as_os_str().is_empty() {
                        PathBuf::from(".")
                    } else {
                        parent.to_path_buf()
                    };
                }
                _ => break,
            }
        }
        let mut base = fs::canonicalize(&existing).unwrap_or(existing);
        for name in rest.into_iter().rev() {
            base.push(name);
        }
        base
    };
    resolve(inner).starts_with(resolve(outer))
}

#[derive(Serialize)]
struct ManifestFile {
    file: String,
    sha256: String,
    replacements: BTreeMap<&'static str, usize>,
    residual_risks: usize,
}

#[derive(Serialize)]
struct Manifest<'a> {
    tool: String,
    kind: &'a str,
    key_fingerprint: Option<String>,
    policies: Vec<String>,
    files: Vec<ManifestFile>,
    withheld: usize,
    invalid: usize,
}

/// What happened to one input.
enum Outcome {
    Exported(Box<Export>),
    Invalid(Vec<crate::diag::Diagnostic>),
    Withheld(Withheld),
    /// The export does not load back, or its checklist results differ.
    Inconsistent(&'static str),
}

fn process(
    input: &Input,
    options: LoadOptions,
    key: &Key,
    policy: &Policy,
    list: &checklist::Checklist,
) -> Outcome {
    let loaded = super::load_input(input, options);
    let Some(case) = &loaded.case else {
        return Outcome::Invalid(loaded.diagnostics);
    };
    let name = match input {
        Input::File(p) => p.file_name().and_then(|n| n.to_str()).unwrap_or("").to_owned(),
        Input::Stdin => String::new(),
    };
    let export = match anonymise::anonymise(case, &name, key, policy, &tool()) {
        Ok(e) => e,
        Err(w) => return Outcome::Withheld(w),
    };
    // The export must be valid lernfall/1, and every checklist result the same.
    let Some(again) = load::load_str(&export.yaml).case else {
        return Outcome::Inconsistent("export does not load as lernfall/1");
    };
    let before = checklist::evaluate(list, case);
    let after = checklist::evaluate(list, &again);
    let statuses = |r: &checklist::CaseResult| r.items.iter().map(|i| i.status).collect::<Vec<_>>();
    if statuses(&before) != statuses(&after) {
        return Outcome::Inconsistent("checklist results of the export differ from the original's");
    }
    Outcome::Exported(Box::new(export))
}

pub(super) fn run(args: &AnonymiseArgs, lang: Lang, out: &mut dyn Write) -> io::Result<u8> {
    let fail = |msg: String| {
        eprintln!("lernfall: {msg}");
        Ok(EXIT_USAGE)
    };
    // The key.
    let key = match &args.key {
        Some(path) => match Key::read(path) {
            Ok((key, exposed)) => {
                if exposed {
                    eprintln!(
                        "lernfall: {}: {}",
                        path.display(),
                        lang.pick(
                            "Warnung: die Schlüsseldatei ist für Gruppe oder andere lesbar (chmod 600)",
                            "warning: the key file is readable by group or others (chmod 600)"
                        )
                    );
                }
                key
            }
            Err(e) => return fail(format!("{}: {e}", path.display())),
        },
        None => match Key::one_off() {
            Ok(k) => {
                eprintln!(
                    "lernfall: {}",
                    lang.pick(
                        "ohne --key: Einmalschlüssel für diesen Lauf; die Exporte lassen sich nicht mit anderen verknüpfen",
                        "no --key: a one-off key for this run; the exports cannot be linked with others"
                    )
                );
                k
            }
            Err(e) => return fail(e.to_string()),
        },
    };
    // The places.
    for p in &args.paths {
        if p.as_os_str() != "-" && is_within(&args.out, p) && p.is_dir() {
            return fail(format!(
                "{}: {}",
                args.out.display(),
                lang.pick("--out liegt in einem Eingabeordner", "--out is inside an input folder")
            ));
        }
    }
    if let Some(m) = &args.mapping
        && is_within(m, &args.out)
    {
        return fail(format!(
            "{}: {}",
            m.display(),
            lang.pick(
                "die Zuordnungstabelle darf nicht in --out liegen",
                "the mapping table must not be inside --out"
            )
        ));
    }
    let Some(found) = super::case_files(&args.paths, lang) else {
        return Ok(EXIT_USAGE);
    };
    fs::create_dir_all(&args.out)?;
    let manifest_path = args.out.join("manifest.json");
    if manifest_path.exists() && !args.force {
        return fail(format!(
            "{}: {}",
            manifest_path.display(),
            lang.pick("existiert schon (--force ersetzt)", "exists already (--force replaces it)")
        ));
    }
    let policy = Policy {
        min_weeks: args.shift_weeks.0,
        max_weeks: args.shift_weeks.1,
        birth: args.birth,
        drop_location: args.drop_location,
    };
    let list = checklist::afl_basis();
    let options = LoadOptions { max_size: args.max_size };
    let mut manifest_files = Vec::new();
    let mut mapping: Vec<MappingRow> = Vec::new();
    let (mut withheld, mut invalid, mut unreadable) = (0usize, 0usize, !found.bad.is_empty());
    let mut kind = "pseudonymised";
    let progress = super::progress_bar(found.files.len());
    for batch in found.files.chunks(BATCH) {
        let outcomes: Vec<Outcome> =
            batch.par_iter().map(|i| process(i, options, &key, &policy, &list)).collect();
        progress.inc(batch.len() as u64);
        for (input, outcome) in batch.iter().zip(outcomes) {
            match outcome {
                Outcome::Invalid(diagnostics) => {
                    invalid += 1;
                    unreadable |= diagnostics.iter().any(|d| d.problem.code() == "unreadable");
                    crate::output::write_diagnostics(
                        &mut io::stderr(),
                        &input.to_string(),
                        &diagnostics,
                        lang,
                        false,
                    )?;
                    writeln!(
                        out,
                        "{input}: {}",
                        lang.pick("ungültig, übersprungen", "invalid, skipped")
                    )?;
                }
                Outcome::Withheld(w) => {
                    withheld += 1;
                    writeln!(
                        out,
                        "{input}: {} ({})",
                        lang.pick(
                            "zurückgehalten: ein Kennzeichen der Eingabe steht noch in der Ausgabe",
                            "withheld: an identifier of the input survived in the output"
                        ),
                        w.paths.join(", ")
                    )?;
                }
                Outcome::Inconsistent(why) => {
                    withheld += 1;
                    writeln!(out, "{input}: {} ({why})", lang.pick("zurückgehalten", "withheld"))?;
                }
                Outcome::Exported(export) => {
                    let file = format!("{}.yaml", export.code);
                    let path = args.out.join(&file);
                    if let Err(e) = write_atomic(&path, export.yaml.as_bytes(), args.force, false) {
                        withheld += 1;
                        let why = if e.kind() == io::ErrorKind::AlreadyExists {
                            lang.pick(
                                "Ausgabe existiert schon (--force ersetzt)",
                                "output exists already (--force replaces it)",
                            )
                            .to_owned()
                        } else {
                            e.kind().to_string()
                        };
                        writeln!(
                            out,
                            "{input}: {} ({why})",
                            lang.pick("nicht geschrieben", "not written")
                        )?;
                        continue;
                    }
                    if export.yaml.contains("kind: \"anonymised\"") {
                        kind = "anonymised";
                    }
                    let review_path = args.out.join(format!("{}.review.txt", export.code));
                    let mut review = String::new();
                    for r in &export.residuals {
                        review.push_str(&format!("{}: {}\n", r.path, r.words.join(", ")));
                    }
                    if review.is_empty() {
                        review = format!("{}\n", lang.pick("(nichts übrig)", "(nothing left)"));
                    }
                    let text = format!(
                        "# {}\n{review}",
                        lang.pick(
                            "Restrisiko: großgeschriebene Wörter und Zahlen im Freitext, die keine gewöhnlichen Wörter sind. Vor der Weitergabe prüfen.",
                            "Residual risk: capitalised words and numbers left in free text that are no ordinary words. Check before sharing."
                        )
                    );
                    write_atomic(&review_path, text.as_bytes(), true, false)?;
                    manifest_files.push(ManifestFile {
                        file,
                        sha256: Sha256::digest(export.yaml.as_bytes())
                            .iter()
                            .map(|b| format!("{b:02x}"))
                            .collect(),
                        replacements: export.counts.clone(),
                        residual_risks: export.residuals.iter().map(|r| r.words.len()).sum(),
                    });
                    mapping.extend(export.mapping.iter().cloned());
                    writeln!(out, "{input}: {}", lang.pick("exportiert", "exported"))?;
                }
            }
        }
    }
    progress.finish_and_clear();
    let manifest = Manifest {
        tool: tool(),
        kind,
        key_fingerprint: (!key.one_off).then(|| key.fingerprint()),
        policies: policy.describe(),
        files: manifest_files,
        withheld,
        invalid,
    };
    let json = serde_json::to_vec_pretty(&manifest).map_err(io::Error::other)?;
    write_atomic(&manifest_path, &json, true, false)?;
    if let Some(m) = &args.mapping {
        let mut w = csv::Writer::from_writer(Vec::new());
        for row in &mapping {
            w.serialize(row).map_err(io::Error::other)?;
        }
        let bytes = w.into_inner().map_err(|e| io::Error::other(e.to_string()))?;
        if let Err(e) = write_atomic(m, &bytes, args.force, true) {
            eprintln!("lernfall: {}: {}", m.display(), e.kind());
            return Ok(EXIT_USAGE);
        }
    }
    writeln!(
        out,
        "{}",
        match lang {
            Lang::De => format!(
                "{} exportiert, {withheld} zurückgehalten, {invalid} ungültig → {}",
                manifest.files.len(),
                args.out.display()
            ),
            Lang::En => format!(
                "{} exported, {withheld} withheld, {invalid} invalid → {}",
                manifest.files.len(),
                args.out.display()
            ),
        }
    )?;
    Ok(if unreadable {
        EXIT_USAGE
    } else if withheld > 0 || invalid > 0 {
        EXIT_INVALID
    } else {
        EXIT_OK
    })
}

#[derive(Serialize)]
struct ScrubJson<'a> {
    text: &'a str,
    spans: &'a [crate::anonymise::scrub::Span],
}

pub(super) fn scrub(args: &ScrubArgs, lang: Lang, out: &mut dyn Write) -> io::Result<u8> {
    let mut text = String::new();
    let read = if args.file.as_os_str() == "-" {
        io::stdin().lock().take(64 << 20).read_to_string(&mut text)
    } else {
        fs::File::open(&args.file).and_then(|f| f.take(64 << 20).read_to_string(&mut text))
    };
    if let Err(e) = read {
        eprintln!("lernfall: {}: {}", args.file.display(), e.kind());
        return Ok(EXIT_USAGE);
    }
    let terms = match &args.known {
        None => Vec::new(),
        Some(path) => {
            let loaded = load::load_file(path, LoadOptions::default());
            let Some(case) = &loaded.case else {
                crate::output::write_diagnostics(
                    &mut io::stderr(),
                    &path.display().to_string(),
                    &loaded.diagnostics,
                    lang,
                    false,
                )?;
                return Ok(EXIT_INVALID);
            };
            let key = Key::one_off().map_err(|e: KeyError| io::Error::other(e.to_string()))?;
            let plan = anonymise::plan(case, &key, &Policy::default(), 0);
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            anonymise::known_terms(case, &plan, name)
        }
    };
    let scrubber = Scrubber::new(terms, DatePolicy::Redact);
    let scrubbed = scrubber.scrub(&text);
    match args.format {
        Format::Text => out.write_all(scrubbed.text.as_bytes())?,
        Format::Json => {
            serde_json::to_writer_pretty(
                &mut *out,
                &ScrubJson { text: &scrubbed.text, spans: &scrubbed.spans },
            )?;
            writeln!(out)?;
        }
    }
    Ok(EXIT_OK)
}
