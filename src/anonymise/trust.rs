//! Whether a file that says it is an export may be treated as one.
//!
//! The `anonymised:` marker alone proves nothing: anybody can copy it into an
//! identifying case. `handout` and `export` accept a file as anonymised only
//! when it has the shape only the anonymiser writes — generated ids, people,
//! institutions and staff named by the generated labels and codes, no
//! aliases, addresses or phone numbers, `ref` and `title` replaced, the
//! file named after the case code — and, when the user gives the key, when
//! its keyed seal matches the content.

use std::sync::OnceLock;

use regex::Regex;

use super::key::Key;
use crate::model::Case;
use crate::vocab::{InstitutionKind, Vocabulary};

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("built-in pattern"))
}

/// `p1`, `e12`: the ids the anonymiser writes.
fn generated(id: &str, letter: char) -> bool {
    let mut c = id.chars();
    c.next() == Some(letter) && {
        let rest: Vec<char> = c.collect();
        !rest.is_empty() && rest.iter().all(char::is_ascii_digit)
    }
}

/// What is wrong with the shape of a would-be export: field paths and
/// descriptions, never values. Empty when the shape is right.
pub fn shape_problems(case: &Case, file_name: Option<&str>) -> Vec<String> {
    static CODE: OnceLock<Regex> = OnceLock::new();
    static PERSON: OnceLock<Regex> = OnceLock::new();
    static STAFF: OnceLock<Regex> = OnceLock::new();
    static FILE: OnceLock<Regex> = OnceLock::new();
    let mut out = Vec::new();
    let Some(marker) = &case.anonymised else {
        return vec!["no export marker (anonymised:)".into()];
    };
    let code = re(&CODE, r"^ANON-(C-[0-9A-F]{6})$");
    let case_code = code.captures(&case.case.reference).map(|c| c[1].to_owned());
    match &case_code {
        None => out.push("case.ref is not a generated case code".into()),
        Some(c) => {
            if case.case.title.as_deref().is_some_and(|t| t != format!("Fall {c}")) {
                out.push("case.title is not the generated title".into());
            }
            if let Some(name) = file_name {
                let stem = std::path::Path::new(name).file_stem().and_then(|s| s.to_str());
                if stem.is_some_and(|s| s != c) {
                    out.push("the file name is not the case code".into());
                }
            }
        }
    }
    if let Some(name) = file_name {
        let file = re(&FILE, r"^C-[0-9A-F]{6}\.ya?ml$");
        let base = std::path::Path::new(name).file_name().and_then(|s| s.to_str()).unwrap_or("");
        if !file.is_match(base) {
            out.push("the file name is not of the generated form (C-XXXXXX.yaml)".into());
        }
    }
    let person = re(
        &PERSON,
        r"^(Kind [A-Z]+|(Mutter|Vater|Stiefelternteil|Geschwister|Großelternteil|Verwandte Person|Pflegeelternteil|Nachbar/in|Person)( [0-9]+)?)(, \*[0-9]{4}(/Q[1-4])?)? \[P-[0-9A-F]{6}\]$",
    );
    for (n, p) in case.people.iter().enumerate() {
        if !generated(&p.id, 'p') {
            out.push(format!("people[{n}]: id is not generated"));
        }
        if !person.is_match(&p.name) {
            out.push(format!("people[{n}].name is not a generated label"));
        }
        if !p.aliases.is_empty() {
            out.push(format!("people[{n}].aliases present"));
        }
        if p.address.is_some() {
            out.push(format!("people[{n}].address present"));
        }
        if p.phone.is_some() {
            out.push(format!("people[{n}].phone present"));
        }
    }
    for (n, i) in case.institutions.iter().enumerate() {
        if !generated(&i.id, 'i') {
            out.push(format!("institutions[{n}]: id is not generated"));
        }
        let label_ok = i.name.as_deref().is_some_and(|name| {
            name.rsplit_once(' ').is_some_and(|(kind, num)| {
                kind == i.kind.label_de() && num.bytes().all(|b| b.is_ascii_digit())
            })
        });
        if !label_ok {
            out.push(format!("institutions[{n}].name is not a generated label"));
        }
        if i.address.is_some() || i.phone.is_some() {
            out.push(format!("institutions[{n}]: address or phone present"));
        }
    }
    let staff = re(&STAFF, r"^Fachkraft( .+)? [0-9]+ \[S-[0-9A-F]{6}\]$");
    let kinds: Vec<&str> = InstitutionKind::entries().iter().map(|e| e.value.label_de()).collect();
    for (n, s) in case.staff.iter().enumerate() {
        if !generated(&s.id, 's') {
            out.push(format!("staff[{n}]: id is not generated"));
        }
        let kind_ok = staff
            .captures(&s.name)
            .is_some_and(|c| c.get(1).is_none_or(|k| kinds.contains(&k.as_str().trim_start())));
        if !kind_ok {
            out.push(format!("staff[{n}].name is not a generated label"));
        }
    }
    for (n, e) in case.events.iter().enumerate() {
        if !generated(&e.id, 'e') {
            out.push(format!("events[{n}]: id is not generated"));
        }
    }
    for (n, f) in case.findings.iter().enumerate() {
        if !generated(&f.id, 'f') {
            out.push(format!("findings[{n}]: id is not generated"));
        }
    }
    for (n, k) in case.episodes.iter().enumerate() {
        if !generated(&k.id, 'k') {
            out.push(format!("episodes[{n}]: id is not generated"));
        }
    }
    for (n, m) in case.measures.iter().enumerate() {
        if !generated(&m.id, 'm') {
            out.push(format!("measures[{n}]: id is not generated"));
        }
    }
    if marker.tool.is_empty() {
        out.push("anonymised.tool is empty".into());
    }
    out
}

/// The seal of an export's text (the text without its `seal:` line).
pub fn seal(key: &Key, text: &str) -> String {
    let body = without_seal(text);
    let d = key.seal_digest(&body);
    d.iter().map(|b| format!("{b:02x}")).collect()
}

/// The text with the marker's `seal:` line removed.
fn without_seal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if !line.starts_with("  seal: ") {
            out.push_str(line);
        }
    }
    out
}

/// What the seal of a file says under a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SealCheck {
    Valid,
    /// The seal does not match: the file was changed, or another key sealed it.
    Broken,
    /// The file carries no seal (one-off key, or written by hand).
    Missing,
}

/// Checks the seal of a file's text under a key.
pub fn check_seal(case: &Case, text: &str, key: &Key) -> SealCheck {
    match case.anonymised.as_ref().and_then(|m| m.seal.as_deref()) {
        None => SealCheck::Missing,
        Some(s) if s == seal(key, text) => SealCheck::Valid,
        Some(_) => SealCheck::Broken,
    }
}
