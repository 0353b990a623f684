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

use super::files::{self, write_atomic};
use super::{BATCH, EXIT_INVALID, EXIT_OK, EXIT_USAGE, Format, parse_size};
use crate::anonymise::CaseShift;
use crate::anonymise::key::{Key, KeyError};
use crate::anonymise::scrub::{DatePolicy, Scrubbed, Scrubber};
use crate::anonymise::{self, Export, MappingRow, Policy, Withheld, risk};
use crate::inputs::Input;
use crate::lang::Lang;
use crate::load::{self, LoadOptions};
use crate::model::ExportKind;
use crate::text::fold::PSEUDONYM_RULE;

use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Write a fresh 256-bit key (file mode 0600; never overwrites).
    New {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct AnonymiseArgs {
    /// Case files or folders (searched recursively for *.yaml and *.yml); `-` reads standard input.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// The folder for the exports (created if missing; not inside an input folder).
    #[arg(long, short = 'o', visible_alias = "output", value_name = "DIR")]
    pub out: PathBuf,

    /// The key file (`lernfall key new`); without it a one-off key is used and exports cannot be linked.
    #[arg(long, value_name = "FILE")]
    pub key: Option<PathBuf>,

    /// Also write the re-identification table (pseudonym ↔ original) for the case owner; not inside --out.
    #[arg(long, value_name = "FILE")]
    pub mapping: Option<PathBuf>,

    /// Where the review lists go (mode 0600; not inside --out). Default: beside --mapping, else DIR-review next to --out.
    #[arg(long, value_name = "DIR")]
    pub review: Option<PathBuf>,

    /// Replace existing outputs.
    #[arg(long)]
    pub force: bool,

    /// Remove municipality and cluster.
    #[arg(long)]
    pub drop_location: bool,

    /// Birth dates: the shifted date (full), only its year (year) or quarter (quarter), also in free text.
    #[arg(long, value_enum, default_value_t = crate::anonymise::BirthPolicy::Full)]
    pub birth: crate::anonymise::BirthPolicy,

    /// Move the day of every birth date within its month (from the key); no checklist item reads it.
    #[arg(long)]
    pub jitter_birth: bool,

    /// Reduce `opened` and `closed` to their quarter (month precision), each only where no checklist result changes.
    #[arg(long)]
    pub quarter_case_dates: bool,

    /// Print the re-identification risk of the batch (groups sharing municipality, outcome, household, birth years, year opened).
    #[arg(long)]
    pub risk: bool,

    /// The smallest group size the risk report accepts.
    #[arg(long, value_name = "K", default_value_t = 5)]
    pub k: usize,

    /// A word list read at run time in addition to the embedded lexicon (e.g. /usr/share/dict/ngerman).
    #[arg(long, value_name = "FILE")]
    pub lexicon: Vec<PathBuf>,

    /// The range of the date shift in weeks, either way (never zero).
    #[arg(long, value_name = "MIN-MAX", default_value = "1-52", value_parser = parse_weeks)]
    pub shift_weeks: (u32, u32),

    /// Largest case file to read.
    #[arg(long, value_name = "SIZE", default_value = "16MiB", value_parser = parse_size)]
    pub max_size: u64,
}

#[derive(Debug, Args)]
pub struct ScrubArgs {
    /// A text file, or `-` for standard input.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// A case file whose identifiers are scrubbed too (with their labels).
    #[arg(long, value_name = "CASE")]
    pub known: Option<PathBuf>,

    /// A word list read at run time in addition to the embedded lexicon.
    #[arg(long, value_name = "FILE")]
    pub lexicon: Vec<PathBuf>,

    /// Also replace capitalised words no lexicon knows when nothing else marks them as names (as `anonymise` does).
    #[arg(long)]
    pub strict: bool,

    /// Output format: the scrubbed text, or JSON with the detected spans.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

fn parse_weeks(text: &str) -> Result<(u32, u32), String> {
    let (a, b) = text.split_once('-').unwrap_or((text, text));
    let (a, b): (u32, u32) = (
        a.trim().parse().map_err(|_| format!("not a range of weeks: {text}"))?,
        b.trim().parse().map_err(|_| format!("not a range of weeks: {text}"))?,
    );
    if a == 0 || b < a || b > 520 {
        return Err(format!("weeks must be 1 ≤ MIN ≤ MAX ≤ 520, not {text}"));
    }
    Ok((a, b))
}

/// The tool name and version written into export markers.
fn tool() -> String {
    format!("lernfall {}", env!("CARGO_PKG_VERSION"))
}

pub(super) fn key_new(file: &Path, lang: Lang) -> io::Result<u8> {
    if file.as_os_str() == "-" {
        // A key belongs in a private file, never on a screen or in a pipe.
        crate::say!(
            "lernfall: {}",
            lang.pick(
                "key new braucht einen Dateinamen; `-` (Standardausgabe) gibt es hier nicht",
                "key new needs a file name; `-` (standard output) is not accepted here"
            )
        );
        return Ok(EXIT_USAGE);
    }
    match Key::write_new(file) {
        Ok(key) => {
            crate::note!(
                "lernfall: {} {} ({} {})",
                lang.pick("Schlüssel geschrieben:", "key written:"),
                file.display(),
                lang.pick("Fingerabdruck", "fingerprint"),
                key.fingerprint()
            );
            Ok(EXIT_OK)
        }
        Err(e) => {
            crate::say!("lernfall: {}: {e}", file.display());
            Ok(EXIT_USAGE)
        }
    }
}

/// The exports of earlier runs in `out` (files with the export marker that
/// this run did not write): listed in the manifest with their checksum and
/// kind, so that it always describes the folder as it is.
fn earlier_exports(out: &Path, written: &[ManifestFile]) -> Vec<ManifestFile> {
    let Ok(entries) = fs::read_dir(out) else { return Vec::new() };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".yaml")
            || name.starts_with('.')
            || written.iter().any(|f| f.file == name)
        {
            continue;
        }
        let Ok(bytes) = fs::read(entry.path()) else { continue };
        let loaded = crate::load::load_bytes(&bytes, LoadOptions::default());
        let Some(marker) = loaded.case.and_then(|c| c.anonymised) else { continue };
        found.push(ManifestFile {
            file: name,
            kind: kind_id(marker.kind),
            sha256: Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect(),
            replacements: None,
            residual_risks: None,
        });
    }
    found
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
    kind: &'static str,
    sha256: String,
    /// What this run replaced; absent for an export of an earlier run found
    /// in `--out` (the manifest lists every export on disk).
    #[serde(skip_serializing_if = "Option::is_none")]
    replacements: Option<BTreeMap<&'static str, usize>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    residual_risks: Option<usize>,
}

#[derive(Serialize)]
struct Manifest<'a> {
    tool: String,
    /// `anonymised` only when every export is.
    kind: &'a str,
    pseudonyms: &'static str,
    key_fingerprint: Option<String>,
    policies: Vec<String>,
    lexicons: &'a [String],
    files: Vec<ManifestFile>,
    withheld: usize,
    invalid: usize,
    not_written: usize,
    duplicates: usize,
    risk: risk::Risk,
}

/// What happened to one input.
enum Outcome {
    Exported(Box<Export>),
    Invalid(Vec<crate::diag::Diagnostic>),
    Withheld(Withheld),
}

fn process(input: &Input, options: LoadOptions, key: &Key, policy: &Policy) -> Outcome {
    let loaded = super::load_input(input, options);
    let Some(case) = &loaded.case else {
        return Outcome::Invalid(loaded.diagnostics);
    };
    let name = match input {
        Input::File(p) => p.file_name().and_then(|n| n.to_str()).unwrap_or("").to_owned(),
        Input::Stdin => String::new(),
    };
    match anonymise::anonymise(case, &name, key, policy, &tool()) {
        Ok(e) => Outcome::Exported(Box::new(e)),
        Err(w) => Outcome::Withheld(w),
    }
}

fn kind_id(kind: ExportKind) -> &'static str {
    match kind {
        ExportKind::Anonymised => "anonymised",
        ExportKind::Pseudonymised => "pseudonymised",
    }
}

/// The review list of one export: every residual word with its field,
/// most likely identifiers first.
fn review_text(export: &Export, lang: Lang) -> String {
    let mut rows: Vec<(f32, &str, &str)> = export
        .residuals
        .iter()
        .flat_map(|r| r.words.iter().map(move |w| (w.score, r.path.as_str(), w.word.as_str())))
        .collect();
    rows.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    let mut text = format!(
        "# {}\n# {}\n",
        lang.pick(
            "Restrisiko: Wörter und Zahlen im Freitext, die keine gewöhnlichen Wörter sind, wahrscheinlichste Kennzeichen zuerst. Vor der Weitergabe prüfen.",
            "Residual risk: words and numbers left in free text that are no ordinary words, likely identifiers first. Check before sharing."
        ),
        lang.pick("Wert Feld: Wort", "score field: word")
    );
    for (score, path, word) in &rows {
        text.push_str(&format!("{score:.1} {path}: {word}\n"));
    }
    if rows.is_empty() {
        text.push_str(lang.pick("(nichts übrig)\n", "(nothing left)\n"));
    }
    text
}

/// Creates a private folder (mode 0700) if missing.
fn private_dir(dir: &Path) -> io::Result<()> {
    let mut b = fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        b.mode(0o700);
    }
    b.create(dir)
}

/// Where the review lists go: `--review`, else beside the mapping table,
/// else `DIR-review` beside `--out`; never inside `--out`.
fn review_dir(args: &AnonymiseArgs) -> PathBuf {
    if let Some(r) = &args.review {
        return r.clone();
    }
    if let Some(m) = &args.mapping {
        return m
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
    }
    let name = args
        .out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    let parent = args.out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    parent.join(format!("{name}-review"))
}

pub(super) fn run(args: &AnonymiseArgs, lang: Lang, out: &mut dyn Write) -> io::Result<u8> {
    let fail = |msg: String| {
        crate::say!("lernfall: {msg}");
        Ok(EXIT_USAGE)
    };
    if let Err(e) = crate::anonymise::scrub::lists::use_lexicons(&args.lexicon) {
        return fail(format!("--lexicon: {}", e.kind()));
    }
    let key = match read_key(args.key.as_deref(), lang) {
        Ok(k) => k,
        Err(msg) => return fail(msg),
    };
    // Every output location is checked before the first export is written.
    for p in &args.paths {
        if p.as_os_str() != "-" && is_within(&args.out, p) && p.is_dir() {
            return fail(format!(
                "{}: {}",
                args.out.display(),
                lang.pick("--out liegt in einem Eingabeordner", "--out is inside an input folder")
            ));
        }
    }
    let review = review_dir(args);
    if is_within(&review, &args.out) {
        return fail(format!(
            "{}: {}",
            review.display(),
            lang.pick(
                "die Prüflisten dürfen nicht in --out liegen",
                "the review lists must not be inside --out"
            )
        ));
    }
    if let Some(m) = &args.mapping {
        if is_within(m, &args.out) {
            return fail(format!(
                "{}: {}",
                m.display(),
                lang.pick(
                    "die Zuordnungstabelle darf nicht in --out liegen",
                    "the mapping table must not be inside --out"
                )
            ));
        }
        if m.exists() && !args.force {
            return fail(format!(
                "{}: {}",
                m.display(),
                lang.pick(
                    "existiert schon (--force ersetzt)",
                    "exists already (--force replaces it)"
                )
            ));
        }
        let parent = m.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        if !parent.is_dir() {
            return fail(format!(
                "{}: {}",
                m.display(),
                lang.pick("der Ordner existiert nicht", "the folder does not exist")
            ));
        }
        if let Err(e) = files::writable(parent) {
            return fail(format!(
                "{}: {} ({})",
                m.display(),
                lang.pick("der Ordner ist nicht beschreibbar", "the folder is not writable"),
                e.kind()
            ));
        }
        files::remove_stale_temps(parent, lang);
    }
    let Some(found) = super::case_files(&args.paths, lang) else {
        return Ok(EXIT_USAGE);
    };
    let inputs: Vec<PathBuf> = found.paths();
    let mut outputs: Vec<&Path> = vec![&args.out, &review];
    outputs.extend(args.mapping.as_deref());
    if let Some(p) = files::output_is_input(&outputs, &inputs) {
        return fail(format!(
            "{}: {}",
            p.display(),
            lang.pick("ist eine Eingabedatei", "is an input file")
        ));
    }
    fs::create_dir_all(&args.out)?;
    // One run at a time per --out; then the leftovers of interrupted runs go.
    let _lock = match files::lock_dir(&args.out) {
        Ok(l) => l,
        Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
            return fail(format!(
                "{}: {}",
                args.out.display(),
                lang.pick(
                    "ein anderer lernfall-Lauf schreibt gerade in diesen Ordner",
                    "another lernfall run is writing into this folder"
                )
            ));
        }
        Err(e) => return fail(format!("{}: {}", args.out.display(), e.kind())),
    };
    files::remove_stale_temps(&args.out, lang);
    let manifest_path = args.out.join("manifest.json");
    if manifest_path.exists() && !args.force {
        return fail(format!(
            "{}: {}",
            manifest_path.display(),
            lang.pick("existiert schon (--force ersetzt)", "exists already (--force replaces it)")
        ));
    }
    if let Err(e) = private_dir(&review) {
        return fail(format!("{}: {}", review.display(), e.kind()));
    }
    files::remove_stale_temps(&review, lang);
    let policy = Policy {
        min_weeks: args.shift_weeks.0,
        max_weeks: args.shift_weeks.1,
        birth: args.birth,
        drop_location: args.drop_location,
        jitter_birth: args.jitter_birth,
        quarter_case_dates: args.quarter_case_dates,
        mapping: args.mapping.is_some(),
    };
    let options = LoadOptions { max_size: args.max_size };
    let mut exports: Vec<ManifestFile> = Vec::new();
    let mut quasi = Vec::new();
    let mut mapping: Vec<MappingRow> = Vec::new();
    let mut written_codes = std::collections::HashSet::new();
    let (mut withheld, mut invalid, mut not_written, mut duplicates) =
        (0usize, 0usize, 0usize, 0usize);
    let mut unreadable = !found.bad.is_empty();
    let progress = super::progress_bar(found.files.len());
    for batch in found.files.chunks(BATCH) {
        let outcomes: Vec<Outcome> =
            batch.par_iter().map(|i| process(i, options, &key, &policy)).collect();
        progress.inc(batch.len() as u64);
        for (input, outcome) in batch.iter().zip(outcomes) {
            match outcome {
                Outcome::Invalid(diagnostics) => {
                    invalid += 1;
                    unreadable |= diagnostics.iter().any(|d| d.problem.code() == "unreadable");
                    super::complain(&input.to_string(), &diagnostics, lang)?;
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
                            "zurückgehalten: die Prüfung der Ausgabe schlug an",
                            "withheld: the check of the output failed"
                        ),
                        bounded_list(&w.paths, 12, lang)
                    )?;
                }
                Outcome::Exported(export) => {
                    if !written_codes.insert(export.code.clone()) {
                        duplicates += 1;
                        writeln!(
                            out,
                            "{input}: {}",
                            lang.pick(
                                "gleicher Inhalt wie eine frühere Eingabe, nicht noch einmal geschrieben",
                                "same content as an earlier input, not written again"
                            )
                        )?;
                        continue;
                    }
                    let file = format!("{}.yaml", export.code);
                    let path = args.out.join(&file);
                    if let Err(e) = write_atomic(&path, export.yaml.as_bytes(), args.force, false) {
                        not_written += 1;
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
                    let review_path = review.join(format!("{}.review.txt", export.code));
                    write_atomic(&review_path, review_text(&export, lang).as_bytes(), true, true)?;
                    exports.push(ManifestFile {
                        file: file.clone(),
                        kind: kind_id(export.kind),
                        sha256: Sha256::digest(export.yaml.as_bytes())
                            .iter()
                            .map(|b| format!("{b:02x}"))
                            .collect(),
                        replacements: Some(export.counts.clone()),
                        residual_risks: Some(export.residuals.iter().map(|r| r.words.len()).sum()),
                    });
                    quasi.push((file, export.quasi.clone()));
                    mapping.extend(export.mapping.iter().cloned());
                    writeln!(out, "{input}: {}", lang.pick("exportiert", "exported"))?;
                }
            }
        }
    }
    progress.finish_and_clear();
    // The manifest lists every export in --out, also those of earlier runs.
    let earlier = earlier_exports(&args.out, &exports);
    exports.extend(earlier);
    // Sorted by export name: the order of the input names (family names)
    // must not link inputs and exports.
    exports.sort_by(|a, b| a.file.cmp(&b.file));
    let risk = risk::assess(&quasi, args.k.max(1));
    let all_anonymised = !exports.is_empty() && exports.iter().all(|f| f.kind == "anonymised");
    let manifest = Manifest {
        tool: tool(),
        kind: if all_anonymised { "anonymised" } else { "pseudonymised" },
        pseudonyms: PSEUDONYM_RULE,
        key_fingerprint: (!key.one_off).then(|| key.fingerprint()),
        policies: policy.describe(),
        lexicons: &crate::anonymise::scrub::lists::lists().lexicons,
        files: exports,
        withheld,
        invalid,
        not_written,
        duplicates,
        risk,
    };
    let json = serde_json::to_vec_pretty(&manifest).map_err(io::Error::other)?;
    write_atomic(&manifest_path, &json, true, false)?;
    if let Some(m) = &args.mapping {
        let mut w = csv::Writer::from_writer(Vec::new());
        crate::output::csv_record(
            &mut w,
            ["section", "pseudonym", "label", "original_id", "original"],
        )?;
        for row in &mapping {
            crate::output::csv_record(
                &mut w,
                [row.section, &row.pseudonym, &row.label, &row.original_id, &row.original],
            )?;
        }
        let bytes = w.into_inner().map_err(|e| io::Error::other(e.to_string()))?;
        if let Err(e) = write_atomic(m, &bytes, args.force, true) {
            crate::say!("lernfall: {}: {}", m.display(), e.kind());
            return Ok(EXIT_USAGE);
        }
    }
    let exported = manifest.files.iter().filter(|f| f.replacements.is_some()).count();
    writeln!(
        out,
        "{}",
        match lang {
            Lang::De => format!(
                "{exported} exportiert, {withheld} zurückgehalten, {invalid} ungültig, {not_written} nicht geschrieben → {}; Prüflisten → {}",
                args.out.display(),
                review.display()
            ),
            Lang::En => format!(
                "{exported} exported, {withheld} withheld, {invalid} invalid, {not_written} not written → {}; review lists → {}",
                args.out.display(),
                review.display()
            ),
        }
    )?;
    if args.risk {
        write_risk(out, &manifest.risk, lang)?;
    }
    Ok(if unreadable {
        EXIT_USAGE
    } else if withheld > 0 || invalid > 0 || not_written > 0 {
        EXIT_INVALID
    } else {
        EXIT_OK
    })
}

fn write_risk(out: &mut dyn Write, r: &risk::Risk, lang: Lang) -> io::Result<()> {
    match lang {
        Lang::De => writeln!(
            out,
            "Re-Identifikationsrisiko: {} Exporte in {} Gruppen gleicher Merkmale ({}); kleinste Gruppe {}; {} Exporte in Gruppen unter k = {}",
            r.exports,
            r.groups,
            r.quasi_identifiers.join(", "),
            r.smallest_group,
            r.below_k.len(),
            r.k
        )?,
        Lang::En => writeln!(
            out,
            "re-identification risk: {} exports in {} groups of equal attributes ({}); smallest group {}; {} exports in groups below k = {}",
            r.exports,
            r.groups,
            r.quasi_identifiers.join(", "),
            r.smallest_group,
            r.below_k.len(),
            r.k
        )?,
    }
    for f in &r.below_k {
        writeln!(out, "  {f}")?;
    }
    Ok(())
}

/// The key of a run: read from a file, or a one-off key (announced).
pub(super) fn read_key(path: Option<&Path>, lang: Lang) -> Result<Key, String> {
    match path {
        Some(path) => match Key::read(path) {
            Ok((key, exposed)) => {
                if exposed {
                    crate::say!(
                        "lernfall: {}: {}",
                        path.display(),
                        lang.pick(
                            "Warnung: die Schlüsseldatei ist für Gruppe oder andere lesbar (chmod 600)",
                            "warning: the key file is readable by group or others (chmod 600)"
                        )
                    );
                }
                Ok(key)
            }
            Err(e) => Err(format!("{}: {e}", path.display())),
        },
        None => {
            let k = Key::one_off().map_err(|e| e.to_string())?;
            crate::note!(
                "lernfall: {}",
                lang.pick(
                    "ohne --key: Einmalschlüssel für diesen Lauf; die Exporte lassen sich nicht mit anderen verknüpfen",
                    "no --key: a one-off key for this run; the exports cannot be linked with others"
                )
            );
            Ok(k)
        }
    }
}

#[derive(Serialize)]
struct ScrubJson<'a> {
    text: &'a str,
    spans: &'a [crate::anonymise::scrub::Span],
}

/// Splits a text into pieces of whole lines of about `size` bytes.
fn line_chunks(text: &str, size: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while rest.len() > size {
        let mut cut = size;
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        match rest[cut..].find('\n') {
            Some(n) => {
                out.push(&rest[..cut + n + 1]);
                rest = &rest[cut + n + 1..];
            }
            None => break,
        }
    }
    out.push(rest);
    out
}

pub(super) fn scrub(args: &ScrubArgs, lang: Lang, out: &mut dyn Write) -> io::Result<u8> {
    if let Err(e) = crate::anonymise::scrub::lists::use_lexicons(&args.lexicon) {
        crate::say!("lernfall: --lexicon: {}", e.kind());
        return Ok(EXIT_USAGE);
    }
    let mut text = String::new();
    let read = if args.file.as_os_str() == "-" {
        io::stdin().lock().take(64 << 20).read_to_string(&mut text)
    } else {
        fs::File::open(&args.file).and_then(|f| f.take(64 << 20).read_to_string(&mut text))
    };
    if let Err(e) = read {
        crate::say!("lernfall: {}: {}", args.file.display(), e.kind());
        return Ok(EXIT_USAGE);
    }
    let terms = match &args.known {
        None => Vec::new(),
        Some(path) => {
            let loaded = load::load_file(path, LoadOptions::default());
            let Some(case) = &loaded.case else {
                super::complain(&path.display().to_string(), &loaded.diagnostics, lang)?;
                return Ok(EXIT_INVALID);
            };
            let key = Key::one_off().map_err(|e: KeyError| io::Error::other(e.to_string()))?;
            let plan = anonymise::plan(case, &key, &Policy::default(), CaseShift::of_days(0));
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            anonymise::known_terms(case, &plan, name)
        }
    };
    let mut scrubber = Scrubber::new(terms, DatePolicy::Redact);
    scrubber.strict = args.strict;
    // Large texts are scrubbed in chunks of whole lines on all cores; names
    // confirmed in any chunk are replaced in every chunk.
    let chunks = line_chunks(&text, 1 << 18);
    let parts = scrubber.scrub_all(&chunks);
    match args.format {
        // The parts one after another, not copied into one text first.
        Format::Text => {
            for part in &parts {
                out.write_all(part.text.as_bytes())?;
            }
        }
        Format::Json => {
            let mut scrubbed =
                Scrubbed { text: String::with_capacity(text.len()), spans: Vec::new() };
            let mut offset = 0;
            for (chunk, part) in chunks.iter().zip(parts) {
                scrubbed.text.push_str(&part.text);
                scrubbed.spans.extend(part.spans.into_iter().map(|mut s| {
                    s.begin += offset;
                    s.end += offset;
                    s
                }));
                offset += chunk.chars().count();
            }
            serde_json::to_writer_pretty(
                &mut *out,
                &ScrubJson { text: &scrubbed.text, spans: &scrubbed.spans },
            )?;
            writeln!(out)?;
        }
    }
    Ok(EXIT_OK)
}

/// The first `max` entries joined by commas, and how many more there are
/// ("… und 3840 weitere"): a line of a batch log stays readable.
fn bounded_list(entries: &[String], max: usize, lang: Lang) -> String {
    let mut text = entries.iter().take(max).cloned().collect::<Vec<_>>().join(", ");
    if entries.len() > max {
        let more = entries.len() - max;
        text.push_str(&match lang {
            Lang::De => format!(", … und {more} weitere"),
            Lang::En => format!(", … and {more} more"),
        });
    }
    text
}
