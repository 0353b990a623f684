//! The demo cases in `cases/`: fictional, valid, and together using every
//! value of the vocabularies.

use std::collections::BTreeSet;

use lernfall::load::{LoadOptions, load_file};
use lernfall::model::Case;
use lernfall::vocab::{Concern, EventKind, InstitutionKind, Role, Vocabulary};

fn demo_cases() -> Vec<(String, Case)> {
    let mut paths: Vec<_> =
        std::fs::read_dir("cases").unwrap().map(|e| e.unwrap().path()).collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let loaded = load_file(&p, LoadOptions::default());
            let case = loaded
                .case
                .unwrap_or_else(|| panic!("{} invalid: {:?}", p.display(), loaded.diagnostics));
            (std::fs::read_to_string(&p).unwrap(), case)
        })
        .collect()
}

fn missing<T: Vocabulary + Ord>(used: &BTreeSet<T>) -> Vec<&'static str> {
    T::entries().iter().filter(|e| !used.contains(&e.value)).map(|e| e.id).collect()
}

#[test]
fn at_least_six_fictional_cases() {
    let cases = demo_cases();
    assert!(cases.len() >= 6);
    for (text, _) in &cases {
        assert!(text.lines().next().unwrap().contains("FIKTIVER FALL"));
    }
}

#[test]
fn together_they_use_every_kind_role_institution_and_concern() {
    let cases = demo_cases();
    let kinds: BTreeSet<EventKind> =
        cases.iter().flat_map(|(_, c)| c.events.iter().map(|e| e.kind)).collect();
    let roles: BTreeSet<Role> =
        cases.iter().flat_map(|(_, c)| c.people.iter().map(|p| p.role)).collect();
    let insts: BTreeSet<InstitutionKind> =
        cases.iter().flat_map(|(_, c)| c.institutions.iter().map(|i| i.kind)).collect();
    let concerns: BTreeSet<Concern> = cases
        .iter()
        .flat_map(|(_, c)| c.events.iter().flat_map(|e| e.concerns.iter().copied()))
        .collect();
    assert_eq!(missing(&kinds), Vec::<&str>::new(), "event kinds");
    assert_eq!(missing(&roles), Vec::<&str>::new(), "roles");
    assert_eq!(missing(&insts), Vec::<&str>::new(), "institution kinds");
    assert_eq!(missing(&concerns), Vec::<&str>::new(), "concerns");
}

#[test]
fn special_cases_are_there() {
    let cases = demo_cases();
    assert!(
        cases.iter().any(|(_, c)| c.events.iter().any(|e| e.date.is_month_precision())),
        "month precision"
    );
    assert!(
        cases.iter().any(|(t, _)| t.contains("kind: Hausbesuch") && t.contains("role: Kind")),
        "German aliases"
    );
    assert!(
        cases.iter().any(|(_, c)| c.children().count() >= 2
            && c.events.iter().any(|e| e.kind == EventKind::Handover)
            && c.institutions.iter().filter(|i| i.kind == InstitutionKind::YouthOffice).count()
                >= 2),
        "several children and a change of responsible office"
    );
}
