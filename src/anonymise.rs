//! Anonymising a case for export: structured identifiers replaced by labels
//! and keyed pseudonym codes, all ids renamed, every date shifted by the same
//! whole number of weeks, free text scrubbed, and the result verified before
//! it may leave: any identifier of the input found in the output withholds
//! the file (fail closed).
//!
//! What is replaced, removed or kept is documented in `docs/anonymisation.md`.

pub mod key;
pub mod scrub;

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use self::key::{Domain, Key};
use self::scrub::{Category, DatePolicy, KnownTerm, Scrubber, fold};
use crate::model::{Case, ExportKind, ExportMarker, Id};
use crate::vocab::{InstitutionKind, Role, Vocabulary};

/// How birth dates are exported.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum BirthPolicy {
    /// The shifted date, at its precision.
    #[default]
    Full,
    /// Only the shifted year, in the person's label (`Kind A, *2016`); `born` is left out.
    Year,
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
}

impl Default for Policy {
    fn default() -> Self {
        Policy { min_weeks: 1, max_weeks: 52, birth: BirthPolicy::Full, drop_location: false }
    }
}

impl Policy {
    /// The policies as written into the export marker (never the shift itself).
    pub fn describe(&self) -> Vec<String> {
        let mut p = vec![
            format!(
                "dates shifted by whole weeks, {}-{} either way",
                self.min_weeks, self.max_weeks
            ),
            "names replaced by role labels and keyed codes".to_owned(),
            "addresses and phone numbers removed".to_owned(),
            "free text scrubbed".to_owned(),
        ];
        if self.birth == BirthPolicy::Year {
            p.push("birth dates reduced to the year".to_owned());
        }
        if self.drop_location {
            p.push("municipality and cluster removed".to_owned());
        }
        p
    }
}

/// One row of the re-identification table (for the case owner only).
#[derive(Clone, Debug, Serialize)]
pub struct MappingRow {
    pub section: &'static str,
    pub pseudonym: String,
    pub label: String,
    pub original_id: String,
    pub original: String,
}

/// A residual risk: a word or number left in free text, for a human's last look.
#[derive(Clone, Debug, Serialize)]
pub struct Residual {
    pub path: String,
    pub words: Vec<String>,
}

/// An export ready to be written.
#[derive(Clone, Debug)]
pub struct Export {
    /// The pseudonymous name of the case (the output file's stem).
    pub code: String,
    pub yaml: String,
    /// Replacements by category.
    pub counts: BTreeMap<&'static str, usize>,
    pub residuals: Vec<Residual>,
    pub mapping: Vec<MappingRow>,
}

/// Why an export was withheld: the field path where an identifier of the
/// input survived (never the identifier).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Withheld {
    pub paths: Vec<String>,
}

/// The date shift a key gives a case, in days: whole weeks in the policy's
/// range, either way, never zero.
fn derived_shift(key: &Key, case: &Case, policy: &Policy) -> i32 {
    let lo = policy.min_weeks.max(1);
    let hi = policy.max_weeks.max(lo);
    let id = &case.case.reference;
    let weeks = key.number(Domain::DateShift, id, lo, hi) as i32;
    let sign = if key.bit(Domain::DateShift, id) { 1 } else { -1 };
    sign * weeks * 7
}

/// The case with every date shifted by `days`.
fn shifted_dates(case: &Case, days: i32) -> Case {
    let mut c = case.clone();
    c.case.opened = c.case.opened.add_days(days);
    c.case.closed = c.case.closed.map(|d| d.add_days(days));
    for p in &mut c.people {
        p.born = p.born.map(|d| d.add_days(days));
    }
    for e in &mut c.events {
        e.date = e.date.add_days(days);
    }
    c
}

/// The date shift of a case in days. Day-precision dates keep every interval
/// and weekday under any whole-week shift; a month-precision date becomes
/// the month its first day falls in, which can change what a month-precision
/// comparison can settle. So when the case has month-precision dates, every
/// shift of the policy's range is tried, in an order derived from the key and
/// the case, and the first under which the built-in checklist gives the same
/// results is taken; `None` if none does (the export is then withheld).
pub fn shift_days(key: &Key, case: &Case, policy: &Policy) -> Option<i32> {
    let month_precision = case.case.opened.is_month_precision()
        || case.case.closed.is_some_and(|d| d.is_month_precision())
        || case.events.iter().any(|e| e.date.is_month_precision());
    if !month_precision {
        return Some(derived_shift(key, case, policy));
    }
    let list = crate::checklist::afl_basis();
    let statuses = |c: &Case| -> Vec<crate::checklist::Status> {
        crate::checklist::evaluate(&list, c).items.iter().map(|i| i.status).collect()
    };
    let original = statuses(case);
    let first = derived_shift(key, case, policy);
    let lo = policy.min_weeks.max(1) as i32;
    let hi = (policy.max_weeks as i32).max(lo);
    let mut all: Vec<i32> =
        (lo..=hi).flat_map(|w| [w * 7, -w * 7]).filter(|&d| d != first).collect();
    // A key-derived order: nobody without the key can tell which shift was taken.
    all.sort_by_cached_key(|d| {
        key.digest(Domain::DateShift, &format!("{}#{d}", case.case.reference))
    });
    std::iter::once(first).chain(all).find(|&d| statuses(&shifted_dates(case, d)) == original)
}

fn role_label(role: Role) -> &'static str {
    match role {
        Role::Child => "Kind",
        Role::Mother => "Mutter",
        Role::Father => "Vater",
        Role::StepParent => "Stiefelternteil",
        Role::Sibling => "Geschwister",
        Role::Grandparent => "Großelternteil",
        Role::Relative => "Verwandte Person",
        Role::FosterParent => "Pflegeelternteil",
        Role::Neighbour => "Nachbar/in",
        Role::Other => "Person",
    }
}

fn kind_label(kind: InstitutionKind) -> &'static str {
    kind.label_de()
}

/// Particles that are part of names but no identifier alone.
const PARTICLES: &[&str] =
    &["von", "van", "de", "der", "den", "zu", "el", "al", "bin", "ibn", "da", "di", "le", "la"];

/// The parts of a name worth matching alone: words of two letters or more,
/// no particles; hyphenated names also by each half.
fn name_parts(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for w in name.split(|c: char| c.is_whitespace() || c == ',' || c == '.' || c == '(' || c == ')')
    {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        if w.chars().count() < 2 || PARTICLES.contains(&fold(w).as_str()) {
            continue;
        }
        out.push(w.to_owned());
        if w.contains('-') {
            out.extend(w.split('-').filter(|p| p.chars().count() >= 2).map(str::to_owned));
        }
    }
    out
}

/// Everything the input names that must not appear in the output.
struct Identifiers {
    /// Folded identifiers, with the section they come from (for messages).
    words: Vec<(String, &'static str)>,
    /// Phone numbers as digits only.
    phones: Vec<String>,
}

/// Labels, new ids and the re-identification rows of a case.
pub struct Plan<'c> {
    ids: HashMap<&'c str, Id>,
    labels: HashMap<&'c str, String>,
    pub mapping: Vec<MappingRow>,
    pub case_code: String,
    counts: BTreeMap<&'static str, usize>,
    /// Folded words that stay in the export by policy (municipality, cluster).
    kept: HashSet<String>,
}

/// Plans the replacement of a case's structured identifiers.
pub fn plan<'c>(case: &'c Case, key: &Key, policy: &Policy, days: i32) -> Plan<'c> {
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut mapping = Vec::new();
    let mut ids: HashMap<&str, Id> = HashMap::new();
    let mut labels: HashMap<&str, String> = HashMap::new();

    // People: role labels (children by letter, others numbered when the
    // role occurs more than once) plus a keyed code.
    let mut role_count: HashMap<Role, usize> = HashMap::new();
    for p in &case.people {
        *role_count.entry(p.role).or_default() += 1;
    }
    let mut role_seen: HashMap<Role, usize> = HashMap::new();
    for (n, p) in case.people.iter().enumerate() {
        let seen = role_seen.entry(p.role).or_default();
        *seen += 1;
        let mut label = match p.role {
            Role::Child => format!("Kind {}", letter(*seen)),
            r if role_count[&r] > 1 => format!("{} {}", role_label(r), seen),
            r => role_label(r).to_owned(),
        };
        let code = key.code(Domain::Person, &p.name);
        let new_id = format!("p{}", n + 1);
        if policy.birth == BirthPolicy::Year
            && let Some(b) = p.born
        {
            label = format!("{label}, *{}", b.add_days(days).year());
        }
        mapping.push(MappingRow {
            section: "people",
            pseudonym: code.clone(),
            label: label.clone(),
            original_id: p.id.clone(),
            original: p.name.clone(),
        });
        ids.insert(&p.id, new_id);
        labels.insert(&p.id, label);
        *counts.entry("people").or_default() += 1;
    }
    let mut kind_seen: HashMap<InstitutionKind, usize> = HashMap::new();
    for (n, i) in case.institutions.iter().enumerate() {
        let seen = kind_seen.entry(i.kind).or_default();
        *seen += 1;
        let label = format!("{} {}", kind_label(i.kind), seen);
        let code = key.code(
            Domain::Institution,
            i.name.as_deref().unwrap_or(&format!("{}:{}", i.kind.id(), label)),
        );
        mapping.push(MappingRow {
            section: "institutions",
            pseudonym: code,
            label: label.clone(),
            original_id: i.id.clone(),
            original: i.name.clone().unwrap_or_default(),
        });
        ids.insert(&i.id, format!("i{}", n + 1));
        labels.insert(&i.id, label);
        *counts.entry("institutions").or_default() += 1;
    }
    let mut staff_seen: HashMap<String, usize> = HashMap::new();
    for (n, s) in case.staff.iter().enumerate() {
        let kind = s
            .institution
            .as_deref()
            .and_then(|i| case.institutions.iter().find(|x| x.id == i))
            .map(|i| kind_label(i.kind));
        let base = match kind {
            Some(k) => format!("Fachkraft {k}"),
            None => "Fachkraft".to_owned(),
        };
        let seen = staff_seen.entry(base.clone()).or_default();
        *seen += 1;
        let label = format!("{base} {seen}");
        mapping.push(MappingRow {
            section: "staff",
            pseudonym: key.code(Domain::Staff, &s.name),
            label: label.clone(),
            original_id: s.id.clone(),
            original: s.name.clone(),
        });
        ids.insert(&s.id, format!("s{}", n + 1));
        labels.insert(&s.id, label);
        *counts.entry("staff").or_default() += 1;
    }
    for (n, e) in case.events.iter().enumerate() {
        ids.insert(&e.id, format!("e{}", n + 1));
    }
    for (n, f) in case.findings.iter().enumerate() {
        ids.insert(&f.id, format!("f{}", n + 1));
    }
    for (n, k) in case.episodes.iter().enumerate() {
        ids.insert(&k.id, format!("k{}", n + 1));
    }
    let case_code = key.code(Domain::Case, &case.case.reference);

    let mut kept = HashSet::new();
    if !policy.drop_location {
        for t in std::iter::once(&case.case.municipality).chain(&case.case.cluster) {
            kept.insert(fold(t));
            kept.extend(name_parts(t).iter().map(|p| fold(p)));
        }
    }
    Plan { ids, labels, mapping, case_code, counts, kept }
}

/// Every identifier the case names, with what replaces it in free text.
pub fn known_terms(case: &Case, plan: &Plan<'_>, source_name: &str) -> Vec<KnownTerm> {
    let labels = &plan.labels;
    let case_code = &plan.case_code;
    let kept = &plan.kept;
    let mut terms: Vec<KnownTerm> = Vec::new();
    let add = |text: &str, label: &str, category: Category, terms: &mut Vec<KnownTerm>| {
        if !text.trim().is_empty() && !kept.contains(&fold(text)) {
            terms.push(KnownTerm { text: text.to_owned(), label: label.to_owned(), category });
        }
    };
    // A name part shared by several people (a family name) gets a family label.
    let mut part_owners: HashMap<String, HashSet<usize>> = HashMap::new();
    for (n, p) in case.people.iter().enumerate() {
        for part in std::iter::once(&p.name).chain(&p.aliases).flat_map(|t| name_parts(t)) {
            part_owners.entry(fold(&part)).or_default().insert(n);
        }
    }
    let words = scrub::ordinary_words();
    for p in &case.people {
        let label = &labels[p.id.as_str()];
        for t in std::iter::once(&p.name).chain(&p.aliases) {
            add(t, label, Category::Person, &mut terms);
            for part in name_parts(t) {
                let shared = part_owners.get(&fold(&part)).is_some_and(|o| o.len() > 1);
                let l = if shared { "Familie".to_owned() } else { label.clone() };
                add(&part, &l, Category::Person, &mut terms);
            }
        }
        if p.id.chars().count() >= 3 && !words.contains(&fold(&p.id)) {
            add(&p.id, label, Category::Person, &mut terms);
        }
        if let Some(a) = &p.address {
            add(a, "[Adresse]", Category::Address, &mut terms);
            if let Some((street, _)) = a.split_once(',') {
                add(street, "[Adresse]", Category::Address, &mut terms);
            }
        }
        if let Some(ph) = &p.phone {
            add(ph, "[Telefon]", Category::Phone, &mut terms);
        }
    }
    for i in &case.institutions {
        let label = &labels[i.id.as_str()];
        if let Some(name) = &i.name {
            add(name, label, Category::Institution, &mut terms);
            for part in name_parts(name) {
                let f = fold(&part);
                let place = fold(&case.case.municipality) == f
                    || name_parts(&case.case.municipality).iter().any(|p| fold(p) == f);
                if part.chars().count() >= 3
                    && !words.contains(&f)
                    && !place
                    && InstitutionKind::parse(&part).is_none()
                {
                    add(&part, label, Category::Institution, &mut terms);
                }
            }
        }
        if let Some(a) = &i.address {
            add(a, "[Adresse]", Category::Address, &mut terms);
        }
        if let Some(ph) = &i.phone {
            add(ph, "[Telefon]", Category::Phone, &mut terms);
        }
        if i.id.chars().count() >= 3
            && !words.contains(&fold(&i.id))
            && InstitutionKind::parse(&i.id).is_none()
        {
            add(&i.id, label, Category::Institution, &mut terms);
        }
    }
    for s in &case.staff {
        let label = &labels[s.id.as_str()];
        add(&s.name, label, Category::Institution, &mut terms);
        for part in name_parts(&s.name) {
            add(&part, label, Category::Institution, &mut terms);
        }
        if s.id.chars().count() >= 3 && !words.contains(&fold(&s.id)) {
            add(&s.id, label, Category::Institution, &mut terms);
        }
    }
    add(&case.case.reference, "[Aktenzeichen]", Category::FileNumber, &mut terms);
    // Dropped locations become a place placeholder (kept ones are skipped by `add`).
    for t in std::iter::once(&case.case.municipality).chain(&case.case.cluster) {
        add(t, "[Ort]", Category::Place, &mut terms);
        for part in name_parts(t) {
            if !words.contains(&fold(&part)) {
                add(&part, "[Ort]", Category::Place, &mut terms);
            }
        }
    }
    // Hand-written ids of events, findings and episodes.
    let hand_ids = case
        .events
        .iter()
        .map(|e| &e.id)
        .chain(case.findings.iter().map(|f| &f.id))
        .chain(case.episodes.iter().map(|k| &k.id));
    for id in hand_ids {
        if !is_generated_id(id) && id.chars().count() >= 3 && !words.contains(&fold(id)) {
            add(id, "[Kennung]", Category::FileNumber, &mut terms);
        }
    }
    if let Some(t) = &case.case.title {
        add(t, &format!("Fall {case_code}"), Category::FileNumber, &mut terms);
    }
    let stem = std::path::Path::new(source_name).file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if stem.chars().count() >= 3 {
        add(stem, "[Datei]", Category::FileNumber, &mut terms);
    }
    terms
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
    let Some(days) = shift_days(key, case, policy) else {
        return Err(Withheld {
            paths: vec!["dates (no date shift keeps the checklist results)".into()],
        });
    };
    let planned = plan(case, key, policy, days);
    let terms = known_terms(case, &planned, source_name);
    let kept = planned.kept.clone();
    let Plan { ids, labels, mut mapping, case_code, mut counts, .. } = planned;
    let mut out = case.clone();
    let scrubber = Scrubber::new(terms, DatePolicy::Shift { days, year: case.case.opened.year() });
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
    let map_id = |id: &str| ids.get(id).cloned().unwrap_or_else(|| "x".into());
    let map_ids = |v: &[Id]| v.iter().map(|i| map_id(i)).collect::<Vec<_>>();
    let shift = |d: crate::date::Date| d.add_days(days);
    out.case.reference = format!("ANON-{case_code}");
    out.case.title = Some(format!("Fall {case_code}"));
    if policy.drop_location {
        out.case.municipality = "(entfernt)".into();
        out.case.cluster = None;
    }
    out.case.opened = shift(case.case.opened);
    out.case.closed = case.case.closed.map(shift);
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
            BirthPolicy::Full => orig.born.map(shift),
            BirthPolicy::Year => None,
        };
        p.notes = orig
            .notes
            .as_ref()
            .map(|t| scrub_field(t, format!("people.{}.notes", p.id), &mut counts));
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
            .map(|t| scrub_field(t, format!("staff.{}.function", s.id), &mut counts));
    }
    for (n, e) in out.events.iter_mut().enumerate() {
        let orig = &case.events[n];
        e.id = map_id(&orig.id);
        e.date = shift(orig.date);
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
    for (n, x) in out.exceptions.iter_mut().enumerate() {
        let orig = &case.exceptions[n];
        x.events = map_ids(&orig.events);
        x.reason = scrub_field(&orig.reason, format!("exceptions[{n}].reason"), &mut counts);
    }
    let kind = if key.one_off && policy.birth == BirthPolicy::Year && policy.drop_location {
        ExportKind::Anonymised
    } else {
        ExportKind::Pseudonymised
    };
    out.anonymised = Some(ExportMarker {
        kind,
        tool: tool.to_owned(),
        key_fingerprint: (!key.one_off).then(|| key.fingerprint()),
        policies: policy.describe(),
    });
    mapping.push(MappingRow {
        section: "case",
        pseudonym: case_code.clone(),
        label: out.case.reference.clone(),
        original_id: String::new(),
        original: case.case.reference.clone(),
    });
    let yaml = crate::write::case_to_yaml(
        &out,
        &[
            "Anonymised export written by lernfall. Fictional or pseudonymised data only; do not add identifying information.",
        ],
    );
    verify(case, source_name, &yaml, &out, &kept)?;
    Ok(Export { code: case_code, yaml, counts, residuals, mapping })
}

/// `A`, `B`, … `Z`, `AA`, …
fn letter(n: usize) -> String {
    let mut n = n;
    let mut s = Vec::new();
    while n > 0 {
        n -= 1;
        s.push(char::from(b'A' + (n % 26) as u8));
        n /= 26;
    }
    s.iter().rev().collect()
}

fn identifiers(case: &Case, source_name: &str) -> Identifiers {
    let words = scrub::ordinary_words();
    let mut out = Identifiers { words: Vec::new(), phones: Vec::new() };
    let word = |text: &str, section: &'static str, out: &mut Identifiers| {
        let f = fold(text.trim());
        if f.chars().filter(|c| c.is_alphanumeric()).count() >= 3 && !words.contains(&f) {
            out.words.push((f, section));
        }
    };
    for p in &case.people {
        for t in std::iter::once(&p.name).chain(&p.aliases) {
            word(t, "people.name", &mut out);
            for part in name_parts(t) {
                word(&part, "people.name", &mut out);
            }
        }
        if let Some(a) = &p.address {
            word(a, "people.address", &mut out);
            for part in a.split(',') {
                word(part, "people.address", &mut out);
            }
        }
        out.phones.extend(p.phone.as_deref().map(digits));
        word(&p.id, "people (key)", &mut out);
    }
    for i in &case.institutions {
        if let Some(n) = &i.name {
            word(n, "institutions.name", &mut out);
            for part in name_parts(n) {
                if InstitutionKind::parse(&part).is_none() {
                    word(&part, "institutions.name", &mut out);
                }
            }
        }
        if let Some(a) = &i.address {
            word(a, "institutions.address", &mut out);
        }
        out.phones.extend(i.phone.as_deref().map(digits));
        if InstitutionKind::parse(&i.id).is_none() {
            word(&i.id, "institutions (key)", &mut out);
        }
    }
    for s in &case.staff {
        word(&s.name, "staff.name", &mut out);
        for part in name_parts(&s.name) {
            word(&part, "staff.name", &mut out);
        }
        word(&s.id, "staff (key)", &mut out);
    }
    word(&case.case.reference, "case.ref", &mut out);
    if let Some(t) = &case.case.title {
        word(t, "case.title", &mut out);
    }
    for e in &case.events {
        if !is_generated_id(&e.id) {
            word(&e.id, "events.id", &mut out);
        }
    }
    let stem = std::path::Path::new(source_name).file_stem().and_then(|s| s.to_str()).unwrap_or("");
    word(stem, "file name", &mut out);
    out.phones.retain(|p| p.len() >= 5);
    out
}

/// Whether an id has the form of the ids the anonymiser writes (`e12`).
fn is_generated_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some('p' | 'i' | 's' | 'e' | 'f' | 'k'))
        && chars.clone().count() > 0
        && chars.all(|c| c.is_ascii_digit())
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// Searches the whole output (folded, whole words, with the labels and codes
/// the anonymiser wrote blanked out) for every identifier of the input.
fn verify(
    case: &Case,
    source_name: &str,
    yaml: &str,
    out: &Case,
    kept: &HashSet<String>,
) -> Result<(), Withheld> {
    let mut ids = identifiers(case, source_name);
    ids.words.retain(|(w, _)| !kept.contains(w));
    // Blank what the anonymiser itself wrote: labels, codes, placeholders.
    let mut text = yaml.to_owned();
    let mut written: Vec<String> = Vec::new();
    written.extend(out.people.iter().map(|p| p.name.clone()));
    written.extend(out.institutions.iter().filter_map(|i| i.name.clone()));
    written.extend(out.staff.iter().map(|s| s.name.clone()));
    written.sort_by_key(|w| std::cmp::Reverse(w.len()));
    for w in &written {
        text = text.replace(w.as_str(), " ");
    }
    let folded = fold(&text);
    let mut paths: Vec<String> = Vec::new();
    for (w, section) in &ids.words {
        if contains_word(&folded, w) && !paths.iter().any(|p| p == section) {
            paths.push((*section).to_owned());
        }
    }
    if !ids.phones.is_empty() {
        let runs = number_runs(&text);
        for p in &ids.phones {
            if runs.iter().any(|r| r == p || (r.len() >= p.len() && r.contains(p.as_str()))) {
                paths.push("phone".to_owned());
                break;
            }
        }
    }
    if paths.is_empty() {
        return Ok(());
    }
    // Name the field paths of the output where a hit is, not the identifier.
    let mut located = Vec::new();
    for (n, line) in yaml.lines().enumerate() {
        let f = fold(line);
        if ids.words.iter().any(|(w, _)| {
            contains_word(&f, w) && !written.iter().any(|x| line.contains(x.as_str()))
        }) {
            located.push(format!("line {}", n + 1));
        }
    }
    paths.extend(located);
    Err(Withheld { paths })
}

fn contains_word(haystack: &str, needle: &str) -> bool {
    let bytes = haystack.as_bytes();
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b >= 0x80;
    let mut from = 0;
    while let Some(i) = haystack[from..].find(needle) {
        let start = from + i;
        let end = start + needle.len();
        let before = start == 0 || !is_word(bytes[start - 1]);
        let after = end >= bytes.len() || !is_word(bytes[end]);
        if before && after {
            return true;
        }
        from = start + 1;
        while !haystack.is_char_boundary(from) {
            from += 1;
        }
    }
    false
}

/// Digit runs of a text, separators (space, `/`, `-`, `.`) removed.
fn number_runs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut gap = 0;
    for c in text.chars() {
        if c.is_ascii_digit() {
            cur.push(c);
            gap = 0;
        } else if matches!(c, ' ' | '/' | '-' | '.' | '(' | ')' | '+')
            && !cur.is_empty()
            && gap == 0
        {
            gap = 1;
        } else {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            gap = 0;
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verification_withholds_an_export_in_which_an_identifier_survived() {
        let case =
            crate::load::load_str(include_str!("../tests/anonymise/planted.yaml")).case.unwrap();
        let key = Key::from_bytes([5; 32]);
        let export = anonymise(&case, "planted.yaml", &key, &Policy::default(), "t").unwrap();
        let out = crate::load::load_str(&export.yaml).case.unwrap();
        let kept: HashSet<String> =
            ["moorhusen", "cluster kueste", "kueste"].map(String::from).into();
        assert!(verify(&case, "planted.yaml", &export.yaml, &out, &kept).is_ok());
        for leak in [
            "TJARK",
            "Oedegaard",
            "Yildirim",
            "Seepferdchen",
            "Hinrichs",
            "0479155-83921",
            "planted",
            "meldung_kita",
        ] {
            let yaml = export.yaml.replacen("summary: \"", &format!("summary: \"{leak} "), 1);
            let withheld = verify(&case, "planted.yaml", &yaml, &out, &kept).unwrap_err();
            assert!(!withheld.paths.is_empty(), "{leak}");
            assert!(
                withheld.paths.iter().all(|p| !fold(p).contains(&fold(leak))),
                "{leak}: {withheld:?}"
            );
        }
    }

    #[test]
    fn letters() {
        assert_eq!(letter(1), "A");
        assert_eq!(letter(26), "Z");
        assert_eq!(letter(27), "AA");
    }

    #[test]
    fn shift_is_whole_weeks_in_range_and_never_zero() {
        let case =
            crate::load::load_str(include_str!("../cases/01-kita-haematome.yaml")).case.unwrap();
        for seed in 0..50u8 {
            let key = Key::from_bytes([seed; 32]);
            let d = shift_days(&key, &case, &Policy::default()).unwrap();
            assert_eq!(d % 7, 0);
            assert!((7..=364).contains(&d.abs()), "{d}");
        }
    }
}
