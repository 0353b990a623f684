//! What replaces each structured identifier of a case: role labels with
//! keyed codes, new ids, the case code, the re-identification rows — and
//! the list of every identifier the case names, for the scrubber and for
//! verification.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::key::{Domain, Key};
use super::scrub::lists::lists;
use super::scrub::{Category, KnownTerm, fold};
use super::{BirthPolicy, Policy};
use crate::model::{Case, Id};
use crate::vocab::{InstitutionKind, Role, Vocabulary};

/// One row of the re-identification table (for the case owner only).
#[derive(Clone, Debug, Serialize)]
pub struct MappingRow {
    pub section: &'static str,
    pub pseudonym: String,
    pub label: String,
    pub original_id: String,
    pub original: String,
}

pub(super) fn role_label(role: Role) -> &'static str {
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

/// Particles that are part of names but no identifier alone.
const PARTICLES: &[&str] =
    &["von", "van", "de", "der", "den", "zu", "el", "al", "bin", "ibn", "da", "di", "le", "la"];

/// The parts of a name worth matching alone: words of two letters or more,
/// no particles; hyphenated names also by each half.
pub(super) fn name_parts(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for w in name.split(|c: char| c.is_whitespace() || c == ',' || c == '.' || c == '(' || c == ')')
    {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        if w.chars().count() < 2 || PARTICLES.contains(&fold(w).as_str()) {
            continue;
        }
        out.push(w.to_owned());
        if w.contains(['-', '‐', '‑']) {
            out.extend(
                w.split(['-', '‐', '‑']).filter(|p| p.chars().count() >= 2).map(str::to_owned),
            );
        }
    }
    out
}

/// The street of an address without its house number (`Lindenweg 4, 12345
/// Musterstadt` → `Lindenweg`), and its postcode.
pub(super) fn street_and_postcode(address: &str) -> (Option<String>, Option<String>) {
    let first = address.split([',', '\n']).next().unwrap_or("");
    let words: Vec<&str> = first.split_whitespace().collect();
    let number = |w: &str| w.starts_with(|c: char| c.is_ascii_digit());
    let mut end = words.len();
    while end > 0
        && (number(words[end - 1])
            || (words[end - 1].chars().count() == 1 && end >= 2 && number(words[end - 2])))
    {
        end -= 1;
    }
    let street = words[..end].join(" ");
    let postcode =
        address.split(|c: char| !c.is_ascii_digit()).find(|d| d.len() == 5).map(str::to_owned);
    let street = (end < words.len() && street.chars().filter(|c| c.is_alphabetic()).count() >= 3)
        .then_some(street);
    (street, postcode)
}

/// The digit groups of a phone number long enough to identify on their
/// own (`0171 5550199` → `5550199`): a subscriber number glued to other text
/// is still the number.
pub(super) fn phone_groups(phone: &str) -> Vec<String> {
    phone.split(|c: char| !c.is_ascii_digit()).filter(|g| g.len() >= 5).map(str::to_owned).collect()
}

/// Whether an id has the form of the ids the anonymiser writes (`e12`).
pub(super) fn is_generated_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some('p' | 'i' | 's' | 'e' | 'f' | 'k' | 'm'))
        && chars.clone().count() > 0
        && chars.all(|c| c.is_ascii_digit())
}

/// A hand-written id worth looking for: three letters or more, no ordinary
/// word, not of the generated form.
fn identifying_id(id: &str) -> bool {
    id.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && !is_generated_id(id)
        && !lists().is_word(&fold(id))
        && InstitutionKind::parse(id).is_none()
        && Role::parse(id).is_none()
}

/// `A`, `B`, … `Z`, `AA`, …
pub(super) fn letter(n: usize) -> String {
    let mut n = n;
    let mut s = Vec::new();
    while n > 0 {
        n -= 1;
        s.push(char::from(b'A' + (n % 26) as u8));
        n /= 26;
    }
    s.iter().rev().collect()
}

/// Labels, new ids and the re-identification rows of a case.
pub struct Plan<'c> {
    pub(super) ids: HashMap<&'c str, Id>,
    pub(super) labels: HashMap<&'c str, String>,
    pub mapping: Vec<MappingRow>,
    pub case_code: String,
    pub(super) counts: BTreeMap<&'static str, usize>,
    /// Folded words that stay in the export by policy (municipality, cluster).
    pub(super) kept: HashSet<String>,
}

/// The case code: keyed, from the reference and the file's content, so
/// that two files with the same reference (siblings) get their own export.
fn case_code(case: &Case, key: &Key) -> String {
    let content = serde_json::to_vec(case).unwrap_or_default();
    let digest: String = Sha256::digest(&content).iter().map(|b| format!("{b:02x}")).collect();
    key.code(Domain::Case, &format!("{}\u{1f}{digest}", case.case.reference))
}

/// Plans the replacement of a case's structured identifiers.
pub fn plan<'c>(case: &'c Case, key: &Key, policy: &Policy, shift: super::CaseShift) -> Plan<'c> {
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
        if let Some(b) = p.born.map(|b| shift.apply(b)) {
            match policy.birth {
                BirthPolicy::Year => label = format!("{label}, *{}", b.year()),
                BirthPolicy::Quarter => {
                    label = format!("{label}, *{}/Q{}", b.year(), (b.month() - 1) / 3 + 1)
                }
                BirthPolicy::Full => {}
            }
        }
        mapping.push(MappingRow {
            section: "people",
            pseudonym: key.code(Domain::Person, &p.name),
            label: label.clone(),
            original_id: p.id.clone(),
            original: p.name.clone(),
        });
        ids.insert(&p.id, format!("p{}", n + 1));
        labels.insert(&p.id, label);
        *counts.entry("people").or_default() += 1;
    }
    let mut kind_seen: HashMap<InstitutionKind, usize> = HashMap::new();
    for (n, i) in case.institutions.iter().enumerate() {
        let seen = kind_seen.entry(i.kind).or_default();
        *seen += 1;
        let label = format!("{} {}", i.kind.label_de(), seen);
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
            .map(|i| i.kind.label_de());
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
    for (n, m) in case.measures.iter().enumerate() {
        ids.insert(&m.id, format!("m{}", n + 1));
    }
    let mut kept = HashSet::new();
    if !policy.drop_location {
        for t in std::iter::once(&case.case.municipality).chain(&case.case.cluster) {
            kept.insert(fold(t));
            kept.extend(name_parts(t).iter().map(|p| fold(p)));
        }
    }
    Plan { ids, labels, mapping, case_code: case_code(case, key), counts, kept }
}

/// Where an identifier comes from, for messages that must not quote it.
pub(super) type Section = &'static str;

/// Every identifier the case names with its section: names and their
/// parts, aliases, addresses with their bare street and postcode, phone
/// numbers, institution and staff names, hand-written ids, `case.ref`,
/// `case.title`, the file name; the municipality and cluster too when they
/// are dropped. What the policy keeps and ordinary words alone are left out.
pub fn identifiers(
    case: &Case,
    source_name: &str,
    kept: &HashSet<String>,
) -> Vec<(String, Section)> {
    let l = lists();
    let mut out: Vec<(String, Section)> = Vec::new();
    let mut add = |text: &str, section: Section| {
        let t = text.trim();
        if !t.is_empty() && !kept.contains(&fold(t)) {
            out.push((t.to_owned(), section));
        }
    };
    let municipality = fold(&case.case.municipality);
    for p in &case.people {
        for t in std::iter::once(&p.name).chain(&p.aliases) {
            add(t, "people.name");
            for part in name_parts(t) {
                add(&part, "people.name");
            }
        }
        if identifying_id(&p.id) {
            add(&p.id, "people (key)");
        }
        if let Some(a) = &p.address {
            add(a, "people.address");
            let (street, postcode) = street_and_postcode(a);
            street.iter().for_each(|s| add(s, "people.address"));
            postcode.iter().for_each(|s| add(s, "people.address"));
        }
        if let Some(ph) = &p.phone {
            add(ph, "people.phone");
            phone_groups(ph).iter().for_each(|g| add(g, "people.phone"));
        }
    }
    for i in &case.institutions {
        if let Some(name) = &i.name {
            add(name, "institutions.name");
            for part in name_parts(name) {
                let f = fold(&part);
                if part.chars().count() >= 3
                    && !l.is_listed_word(&f)
                    && f != municipality
                    && InstitutionKind::parse(&part).is_none()
                {
                    add(&part, "institutions.name");
                }
            }
        }
        if let Some(a) = &i.address {
            add(a, "institutions.address");
            let (street, postcode) = street_and_postcode(a);
            street.iter().for_each(|s| add(s, "institutions.address"));
            postcode.iter().for_each(|s| add(s, "institutions.address"));
        }
        if let Some(ph) = &i.phone {
            add(ph, "institutions.phone");
            phone_groups(ph).iter().for_each(|g| add(g, "institutions.phone"));
        }
        if identifying_id(&i.id) {
            add(&i.id, "institutions (key)");
        }
    }
    for s in &case.staff {
        add(&s.name, "staff.name");
        for part in name_parts(&s.name) {
            add(&part, "staff.name");
        }
        if identifying_id(&s.id) {
            add(&s.id, "staff (key)");
        }
    }
    add(&case.case.reference, "case.ref");
    if let Some(t) = &case.case.title {
        add(t, "case.title");
    }
    for t in std::iter::once(&case.case.municipality).chain(&case.case.cluster) {
        add(t, "case.municipality");
        for part in name_parts(t) {
            if !l.is_listed_word(&fold(&part)) {
                add(&part, "case.municipality");
            }
        }
    }
    let hand_ids = case
        .events
        .iter()
        .map(|e| &e.id)
        .chain(case.findings.iter().map(|f| &f.id))
        .chain(case.episodes.iter().map(|k| &k.id))
        .chain(case.measures.iter().map(|m| &m.id));
    for id in hand_ids {
        if identifying_id(id) {
            add(id, "events.id");
        }
    }
    let stem = std::path::Path::new(source_name).file_stem().and_then(|s| s.to_str()).unwrap_or("");
    if stem.chars().filter(|c| c.is_alphabetic()).count() >= 3 && !l.is_word(&fold(stem)) {
        add(stem, "file name");
        for part in stem.split(|c: char| !c.is_alphanumeric()) {
            if part.chars().count() >= 3 && !l.is_word(&fold(part)) {
                add(part, "file name");
            }
        }
    }
    out
}

/// Every identifier the case names, with what replaces it in free text.
pub fn known_terms(case: &Case, plan: &Plan<'_>, source_name: &str) -> Vec<KnownTerm> {
    let labels = &plan.labels;
    let label_of = |id: &str| labels.get(id).cloned();
    // A name part shared by several people (a family name) gets a family label.
    let mut part_owners: HashMap<String, HashSet<usize>> = HashMap::new();
    for (n, p) in case.people.iter().enumerate() {
        for part in std::iter::once(&p.name).chain(&p.aliases).flat_map(|t| name_parts(t)) {
            part_owners.entry(fold(&part)).or_default().insert(n);
        }
    }
    let mut owner: HashMap<String, String> = HashMap::new();
    for p in &case.people {
        let label = label_of(&p.id).unwrap_or_default();
        owner.insert(fold(&p.name), label.clone());
        owner.insert(fold(&p.id), label.clone());
        for t in std::iter::once(&p.name).chain(&p.aliases) {
            owner.insert(fold(t), label.clone());
            for part in name_parts(t) {
                let shared = part_owners.get(&fold(&part)).is_some_and(|o| o.len() > 1);
                owner.insert(fold(&part), if shared { "Familie".into() } else { label.clone() });
            }
        }
    }
    for i in &case.institutions {
        let label = label_of(&i.id).unwrap_or_default();
        owner.insert(fold(&i.id), label.clone());
        if let Some(n) = &i.name {
            owner.insert(fold(n), label.clone());
            for part in name_parts(n) {
                owner.entry(fold(&part)).or_insert_with(|| label.clone());
            }
        }
    }
    for s in &case.staff {
        let label = label_of(&s.id).unwrap_or_default();
        for t in std::iter::once(&s.name).chain(std::iter::once(&s.id)) {
            owner.insert(fold(t), label.clone());
        }
        for part in name_parts(&s.name) {
            owner.insert(fold(&part), label.clone());
        }
    }
    identifiers(case, source_name, &plan.kept)
        .into_iter()
        .map(|(text, section)| {
            let (label, category) = match section {
                "people.name" | "people (key)" => {
                    (owner.get(&fold(&text)).cloned(), Category::Person)
                }
                "institutions.name" | "institutions (key)" | "staff.name" | "staff (key)" => {
                    (owner.get(&fold(&text)).cloned(), Category::Institution)
                }
                "people.address" | "institutions.address" => (None, Category::Address),
                "people.phone" | "institutions.phone" => (None, Category::Phone),
                "case.title" => (Some(format!("Fall {}", plan.case_code)), Category::FileNumber),
                "case.municipality" => (None, Category::Place),
                "events.id" => (Some("[Kennung]".into()), Category::FileNumber),
                "file name" => (Some("[Datei]".into()), Category::FileNumber),
                _ => (None, Category::FileNumber),
            };
            let label = label.unwrap_or_else(|| category.placeholder().to_owned());
            KnownTerm { text, label, category }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streets_lose_their_house_numbers() {
        assert_eq!(
            street_and_postcode("Lindenweg 4a, 12345 Musterstadt"),
            (Some("Lindenweg".into()), Some("12345".into()))
        );
        assert_eq!(
            street_and_postcode("Straße der Einheit 4").0,
            Some("Straße der Einheit".into())
        );
    }

    #[test]
    fn letters() {
        assert_eq!(letter(1), "A");
        assert_eq!(letter(26), "Z");
        assert_eq!(letter(27), "AA");
    }
}
