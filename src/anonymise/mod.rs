//! Anonymising a case for export: structured identifiers replaced by labels
//! and keyed pseudonym codes, all ids renamed, every date moved (day dates
//! by whole weeks, month dates by whole months), free text scrubbed, and
//! the result verified before it may leave: any identifier of the input
//! found in the output withholds the file (fail closed).
//!
//! What is replaced, removed or kept is documented in `docs/anonymisation.md`.

pub mod key;
mod plan;
pub mod risk;
pub mod scrub;
mod shift;
pub mod trust;
mod verify;

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use self::key::{Domain, Key};
pub use self::plan::{MappingRow, Plan, identifiers, known_terms, plan};
use self::scrub::{BirthText, DatePolicy, Scrubber, Shift, fold};
pub use self::shift::{CaseShift, shift_for};
use crate::model::{Case, ExportKind, ExportMarker, Id};
use crate::text::fold::PSEUDONYM_RULE;

/// How birth dates are exported.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum BirthPolicy {
    /// The shifted date, at its precision.
    #[default]
    Full,
    /// Only the shifted year, in the person's label (`Kind A, *2016`) and in
    /// text; `born` is left out.
    Year,
    /// The shifted year and quarter (`Kind A, *2016/Q2`); `born` is left out.
    Quarter,
}

/// The policies of one run.
#[derive(Clone, Debug)]
pub struct Policy {
    /// The date shift in weeks: at least `min_weeks`, at most `max_weeks`,
    /// either way, never zero.
    pub min_weeks: u32,
    pub max_weeks: u32,
    pub birth: BirthPolicy,
    pub drop_location: bool,
    /// Move the day of birth dates within their (shifted) month, from the
    /// key: no checklist item reads birth dates.
    pub jitter_birth: bool,
    /// A re-identification table is written for this run.
    pub mapping: bool,
    /// `case.opened` and `case.closed` to their quarter (month precision),
    /// each only where no checklist result changes.
    pub quarter_case_dates: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            min_weeks: 1,
            max_weeks: 52,
            birth: BirthPolicy::Full,
            drop_location: false,
            jitter_birth: false,
            mapping: false,
            quarter_case_dates: false,
        }
    }
}

impl Policy {
    /// The policies as written into the export marker (never the shift itself).
    pub fn describe(&self) -> Vec<String> {
        let mut p = vec![
            format!(
                "day dates shifted by whole weeks, {}-{} either way; month dates by whole months",
                self.min_weeks, self.max_weeks
            ),
            "names replaced by role labels and keyed codes".to_owned(),
            "addresses and phone numbers removed".to_owned(),
            "free text scrubbed".to_owned(),
        ];
        match self.birth {
            BirthPolicy::Year => p.push("birth dates reduced to the year".to_owned()),
            BirthPolicy::Quarter => p.push("birth dates reduced to the quarter".to_owned()),
            BirthPolicy::Full if self.jitter_birth => {
                p.push("birth dates moved within their month".to_owned())
            }
            BirthPolicy::Full => {}
        }
        if self.drop_location {
            p.push("municipality and cluster removed".to_owned());
        }
        if self.quarter_case_dates {
            p.push(
                "opened and closed reduced to the quarter where no checklist result changes"
                    .to_owned(),
            );
        }
        p
    }
}

/// Words and numbers left in one free-text field, for a human's last look.
#[derive(Clone, Debug, Serialize)]
pub struct Residual {
    pub path: String,
    pub words: Vec<scrub::Residual>,
}

/// An export ready to be written.
#[derive(Clone, Debug)]
pub struct Export {
    /// The pseudonymous name of the case (the output file's stem).
    pub code: String,
    pub yaml: String,
    pub kind: ExportKind,
    /// Replacements by category.
    pub counts: BTreeMap<&'static str, usize>,
    pub residuals: Vec<Residual>,
    pub mapping: Vec<MappingRow>,
    pub quasi: risk::QuasiIdentifiers,
}

/// Why an export was withheld: the sections and lines where an identifier
/// of the input survived, or what else failed (never the identifier).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Withheld {
    pub paths: Vec<String>,
}

/// A residual word this likely to be an identifier keeps an export from
/// being called anonymised.
const LIKELY: f32 = 0.5;

/// Whether an `exceptions[].item` has the form of an item id; anything else
/// is free text to the anonymiser.
fn item_like(item: &str) -> bool {
    crate::checklist::render::item_like(item)
}

/// A birth date moved within its month by the key (and never after `limit`).
fn jitter(
    key: &Key,
    name: &str,
    born: crate::date::Date,
    limit: Option<crate::date::Date>,
) -> crate::date::Date {
    let Some(_) = born.day() else { return born };
    let last = crate::date::days_in_month(born.year(), born.month());
    let day = key.number(Domain::DateShift, &format!("born#{name}"), 1, u32::from(last)) as u8;
    let moved = crate::date::Date::ymd(born.year(), born.month(), day).unwrap_or(born);
    match limit {
        Some(l) if moved.first_day() > l.first_day() => born,
        _ => moved,
    }
}

/// Anonymises one case. `source_name` is the input file's name (it is
/// identifying too). `tool` goes into the export marker.
pub fn anonymise(
    case: &Case,
    source_name: &str,
    key: &Key,
    policy: &Policy,
    tool: &str,
) -> Result<Export, Withheld> {
    let Some(shift) = shift_for(key, case, policy) else {
        return Err(Withheld {
            paths: vec!["dates (no date shift keeps the checklist results)".into()],
        });
    };
    let planned = plan(case, key, policy, shift);
    let terms = known_terms(case, &planned, source_name);
    let Plan { ids, labels, mut mapping, case_code, mut counts, kept } = planned;
    let birth = match policy.birth {
        BirthPolicy::Full => BirthText::Full,
        BirthPolicy::Year => BirthText::Year,
        BirthPolicy::Quarter => BirthText::Quarter,
    };
    let mut scrubber = Scrubber::new(
        terms,
        DatePolicy::Shift(Shift {
            days: shift.days,
            months: shift.months,
            year: case.case.opened.year(),
            birth,
        }),
    );
    // Exports leave the office: a capitalised word no lexicon knows is
    // replaced even without context.
    scrubber.strict = true;
    // Every name confirmed anywhere in the case is replaced at every mention.
    for text in free_texts(case) {
        scrubber.learn(text);
    }
    let learned: Vec<String> = scrubber.learned().map(str::to_owned).collect();

    let label_words: HashSet<String> = labels
        .values()
        .flat_map(|l| l.split_whitespace().map(fold).collect::<Vec<_>>())
        .chain(["familie", "fall", "kind", "fachkraft"].map(String::from))
        .collect();
    let mut residuals: Vec<Residual> = Vec::new();
    let mut scrub_field = |text: &str, path: String, counts: &mut BTreeMap<&'static str, usize>| {
        let s = scrubber.scrub(text);
        for span in &s.spans {
            *counts.entry(span.category.text_key()).or_default() += 1;
        }
        let words = scrub::residual_risks(&s.text, &label_words);
        if !words.is_empty() {
            residuals.push(Residual { path, words });
        }
        s.text
    };

    // The structured fields.
    let mut out = case.clone();
    let map_id = |id: &str| ids.get(id).cloned().unwrap_or_else(|| "x".into());
    let map_ids = |v: &[Id]| v.iter().map(|i| map_id(i)).collect::<Vec<_>>();
    out.case.reference = format!("ANON-{case_code}");
    out.case.title = Some(format!("Fall {case_code}"));
    if policy.drop_location {
        out.case.municipality = "(entfernt)".into();
        out.case.cluster = None;
    }
    out.case.opened = shift.apply(case.case.opened);
    out.case.closed = case.case.closed.map(|d| shift.apply(d));
    if policy.quarter_case_dates {
        let (opened, closed) = shift::quarters(case, shift);
        if opened {
            out.case.opened = shift::to_quarter(out.case.opened, false);
        }
        if closed {
            out.case.closed = out.case.closed.map(|d| shift::to_quarter(d, true));
        }
    }
    out.case.summary =
        case.case.summary.as_ref().map(|t| scrub_field(t, "case.summary".into(), &mut counts));
    for (n, p) in out.people.iter_mut().enumerate() {
        let orig = &case.people[n];
        let code = key.code(Domain::Person, &orig.name);
        p.name = format!("{} [{code}]", labels[orig.id.as_str()]);
        p.id = map_id(&orig.id);
        p.aliases.clear();
        p.address = None;
        p.phone = None;
        p.born = match policy.birth {
            BirthPolicy::Full => orig.born.map(|b| {
                let moved = shift.apply(b);
                if policy.jitter_birth {
                    // Never after the first event that names the person.
                    let first = case
                        .events
                        .iter()
                        .filter(|e| e.actors().any(|a| a == &orig.id))
                        .map(|e| shift.apply(e.date))
                        .min_by_key(|d| d.first_day());
                    jitter(key, &orig.name, moved, first)
                } else {
                    moved
                }
            }),
            BirthPolicy::Year | BirthPolicy::Quarter => None,
        };
        p.notes =
            orig.notes.as_ref().map(|t| scrub_field(t, format!("people[{n}].notes"), &mut counts));
    }
    for (n, i) in out.institutions.iter_mut().enumerate() {
        let orig = &case.institutions[n];
        i.name = Some(labels[orig.id.as_str()].clone());
        i.id = map_id(&orig.id);
        i.address = None;
        i.phone = None;
    }
    for (n, s) in out.staff.iter_mut().enumerate() {
        let orig = &case.staff[n];
        s.name = format!("{} [{}]", labels[orig.id.as_str()], key.code(Domain::Staff, &orig.name));
        s.id = map_id(&orig.id);
        s.institution = orig.institution.as_deref().map(map_id);
        s.function = orig
            .function
            .as_ref()
            .map(|t| scrub_field(t, format!("staff[{n}].function"), &mut counts));
    }
    for (n, e) in out.events.iter_mut().enumerate() {
        let orig = &case.events[n];
        e.id = map_id(&orig.id);
        e.date = shift.apply(orig.date);
        e.by = map_ids(&orig.by);
        e.to = map_ids(&orig.to);
        e.with = map_ids(&orig.with);
        e.source = orig.source.as_deref().map(map_id);
        e.note =
            orig.note.as_ref().map(|t| scrub_field(t, format!("events[{n}].note"), &mut counts));
    }
    for (n, f) in out.findings.iter_mut().enumerate() {
        let orig = &case.findings[n];
        f.id = map_id(&orig.id);
        f.events = map_ids(&orig.events);
        f.note =
            orig.note.as_ref().map(|t| scrub_field(t, format!("findings[{n}].note"), &mut counts));
    }
    for (n, k) in out.episodes.iter_mut().enumerate() {
        let orig = &case.episodes[n];
        k.id = map_id(&orig.id);
        k.events = map_ids(&orig.events);
        k.title = scrub_field(&orig.title, format!("episodes[{n}].title"), &mut counts);
        k.note =
            orig.note.as_ref().map(|t| scrub_field(t, format!("episodes[{n}].note"), &mut counts));
    }
    for (n, m) in out.measures.iter_mut().enumerate() {
        let orig = &case.measures[n];
        m.id = map_id(&orig.id);
        m.about = map_ids(&orig.about);
        m.responsible = orig.responsible.as_deref().map(map_id);
        m.agreed = orig.agreed.map(|d| shift.apply(d));
        m.due = orig.due.map(|d| shift.apply(d));
        m.text = scrub_field(&orig.text, format!("measures[{n}].text"), &mut counts);
    }
    for (n, x) in out.exceptions.iter_mut().enumerate() {
        let orig = &case.exceptions[n];
        x.events = map_ids(&orig.events);
        x.reason = scrub_field(&orig.reason, format!("exceptions[{n}].reason"), &mut counts);
        if !item_like(&orig.item) {
            x.item = scrub_field(&orig.item, format!("exceptions[{n}].item"), &mut counts);
        }
    }
    // Anonymised (GDPR Recital 26) only when nothing can reverse it, the
    // quasi-identifiers are coarsened, and the text leaves nothing likely.
    let likely = residuals.iter().any(|r| r.words.iter().any(|w| w.score >= LIKELY));
    let kind = if key.one_off
        && !policy.mapping
        && policy.birth != BirthPolicy::Full
        && policy.drop_location
        && !likely
    {
        ExportKind::Anonymised
    } else {
        ExportKind::Pseudonymised
    };
    out.anonymised = Some(ExportMarker {
        kind,
        tool: tool.to_owned(),
        key_fingerprint: (!key.one_off).then(|| key.fingerprint()),
        policies: policy.describe(),
        pseudonyms: Some(PSEUDONYM_RULE.to_owned()),
        seal: None,
    });
    mapping.push(MappingRow {
        section: "case",
        pseudonym: case_code.clone(),
        label: out.case.reference.clone(),
        original_id: String::new(),
        original: case.case.reference.clone(),
    });
    let header = [
        "Anonymised export written by lernfall. Fictional or pseudonymised data only; do not add identifying information.",
    ];
    let mut yaml = crate::write::case_to_yaml(&out, &header);
    if !key.one_off {
        let seal = trust::seal(key, &yaml);
        if let Some(m) = &mut out.anonymised {
            m.seal = Some(seal);
        }
        yaml = crate::write::case_to_yaml(&out, &header);
    }
    let written: Vec<String> = out
        .people
        .iter()
        .map(|p| p.name.clone())
        .chain(out.institutions.iter().filter_map(|i| i.name.clone()))
        .chain(out.staff.iter().map(|s| s.name.clone()))
        .chain(out.case.title.clone())
        .chain([out.case.reference.clone()])
        .collect();
    let cx = verify::Context { source_name, kept: &kept, learned: &learned, birth: policy.birth };
    verify::verify(case, &yaml, &written, &cx)?;
    // The export must load as lernfall/1 and give every checklist result of
    // the original.
    let Some(again) = crate::load::load_str(&yaml).case else {
        return Err(Withheld { paths: vec!["export does not load as lernfall/1".into()] });
    };
    if shift::statuses(&again) != shift::statuses(case) {
        return Err(Withheld {
            paths: vec!["checklist results of the export differ from the original's".into()],
        });
    }
    let quasi = risk::quasi_identifiers(&again);
    Ok(Export { code: case_code, yaml, kind, counts, residuals, mapping, quasi })
}

/// A strict scrubber for the free text of one case, for outputs that show
/// a case's text outside an export (the report's overdue measures): every
/// identifier the case names and every name confirmed in its texts is
/// replaced, dates are redacted.
pub fn case_scrubber(case: &Case) -> Scrubber {
    // Labels come from roles, not from the key; nothing keyed is kept.
    let key = Key::one_off().unwrap_or_else(|_| Key::from_bytes([0; 32]));
    let planned = plan(case, &key, &Policy::default(), CaseShift::of_days(0));
    let mut scrubber = Scrubber::new(known_terms(case, &planned, ""), DatePolicy::Redact);
    scrubber.strict = true;
    for text in free_texts(case) {
        scrubber.learn(text);
    }
    scrubber
}

/// Every free-text field of a case, in file order.
fn free_texts(case: &Case) -> impl Iterator<Item = &str> {
    case.case
        .summary
        .iter()
        .chain(case.people.iter().filter_map(|p| p.notes.as_ref()))
        .chain(case.staff.iter().filter_map(|s| s.function.as_ref()))
        .chain(case.events.iter().filter_map(|e| e.note.as_ref()))
        .chain(case.findings.iter().filter_map(|f| f.note.as_ref()))
        .chain(case.episodes.iter().flat_map(|k| std::iter::once(&k.title).chain(&k.note)))
        .chain(case.exceptions.iter().flat_map(|x| {
            std::iter::once(&x.reason).chain((!item_like(&x.item)).then_some(&x.item))
        }))
        .chain(case.measures.iter().map(|m| &m.text))
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shift_is_whole_weeks_in_range_and_never_zero() {
        let case =
            crate::load::load_str(include_str!("../../cases/01-kita-haematome.yaml")).case.unwrap();
        for seed in 0..50u8 {
            let key = Key::from_bytes([seed; 32]);
            let s = shift_for(&key, &case, &Policy::default()).unwrap();
            assert_eq!(s.days % 7, 0);
            assert!((7..=364).contains(&s.days.abs()), "{}", s.days);
            assert!(s.months != 0 && s.months.signum() == s.days.signum());
        }
    }

    #[test]
    fn verification_withholds_an_export_in_which_an_identifier_survived() {
        let case =
            crate::load::load_str(include_str!("../../tests/anonymise/planted.yaml")).case.unwrap();
        let key = Key::from_bytes([5; 32]);
        let export = anonymise(&case, "planted.yaml", &key, &Policy::default(), "t").unwrap();
        let out = crate::load::load_str(&export.yaml).case.unwrap();
        let written: Vec<String> = out
            .people
            .iter()
            .map(|p| p.name.clone())
            .chain(out.institutions.iter().filter_map(|i| i.name.clone()))
            .chain(out.staff.iter().map(|s| s.name.clone()))
            .collect();
        let kept: HashSet<String> =
            ["moorhusen", "cluster kueste", "cluster", "kueste"].map(String::from).into();
        let cx = verify::Context {
            source_name: "planted.yaml",
            kept: &kept,
            learned: &[],
            birth: BirthPolicy::Full,
        };
        assert_eq!(verify::verify(&case, &export.yaml, &written, &cx), Ok(()));
        for leak in [
            "TJARK",
            "Oedegaard",
            "Yildirim",
            "Seepferdchen",
            "Hinrichs",
            "0479155-83921",
            "planted",
            "meldung_kita",
            "„Tjark“",
            "Yil\u{AD}dirim",
            "Tjark\u{A0}war",
        ] {
            let yaml = export.yaml.replacen("summary: \"", &format!("summary: \"{leak} "), 1);
            let withheld = verify::verify(&case, &yaml, &written, &cx).unwrap_err();
            assert!(!withheld.paths.is_empty(), "{leak}");
            assert!(
                withheld.paths.iter().all(|p| !fold(p).contains(&fold(leak))),
                "{leak}: {withheld:?}"
            );
        }
    }
}
