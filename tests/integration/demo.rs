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

#[test]
fn together_they_use_every_format_addition() {
    use lernfall::vocab::{Advice, MeasureStatus, RecordedAs, StaffPosition};
    let cases = demo_cases();
    let positions: BTreeSet<StaffPosition> =
        cases.iter().flat_map(|(_, c)| c.staff.iter().filter_map(|s| s.position)).collect();
    let advice: BTreeSet<Advice> = cases
        .iter()
        .flat_map(|(_, c)| c.events.iter().flat_map(|e| e.advice.iter().copied()))
        .collect();
    let statuses: BTreeSet<MeasureStatus> =
        cases.iter().flat_map(|(_, c)| c.measures.iter().map(|m| m.status)).collect();
    assert_eq!(missing(&positions), Vec::<&str>::new(), "staff positions");
    assert_eq!(missing(&advice), Vec::<&str>::new(), "advice");
    assert_eq!(missing(&statuses), Vec::<&str>::new(), "measure statuses");
    let recorded: BTreeSet<RecordedAs> =
        cases.iter().flat_map(|(_, c)| c.events.iter().filter_map(|e| e.recorded_as)).collect();
    assert!(recorded.contains(&RecordedAs::Report) && recorded.contains(&RecordedAs::Counselling));
    assert!(
        cases.iter().any(|(_, c)| c
            .events
            .iter()
            .any(|e| e.source.as_ref().is_some_and(|s| c.people.iter().any(|p| &p.id == s)))),
        "a source naming a person"
    );
    assert!(
        cases.iter().any(|(_, c)| c
            .measures
            .iter()
            .any(|m| m.status == MeasureStatus::Open && m.due.is_some_and(|d| d.year() < 2026))),
        "an overdue measure"
    );
}

/// Every item of `afl-erweitert` beyond afl-basis is met in at least one
/// demo case and not met in at least one.
#[test]
fn every_new_item_is_met_and_not_met_somewhere() {
    use lernfall::checklist::{self, Status};
    let list = checklist::builtin().iter().find(|c| c.id == "afl-erweitert").unwrap();
    let cases = demo_cases();
    for n in 17..=30 {
        let id = format!("K{n}");
        let statuses: Vec<Status> = cases
            .iter()
            .map(|(_, c)| checklist::evaluate(list, c).item(&id).unwrap().status)
            .collect();
        assert!(statuses.contains(&Status::Met), "{id} never met: {statuses:?}");
        assert!(statuses.contains(&Status::NotMet), "{id} never not met: {statuses:?}");
    }
}

/// Each demo case states at its top which items it demonstrates; the line
/// must stay true.
#[test]
fn each_case_states_its_items_truly() {
    use lernfall::checklist::{self, Status};
    let list = checklist::builtin().iter().find(|c| c.id == "afl-erweitert").unwrap();
    for (text, case) in demo_cases() {
        let line = text
            .lines()
            .take_while(|l| l.starts_with('#'))
            .find_map(|l| l.strip_prefix("# Prüfpunkte (afl-erweitert): "))
            .unwrap_or_else(|| {
                panic!("{}: no line `# Prüfpunkte (afl-erweitert):`", case.case.reference)
            });
        let result = checklist::evaluate(list, &case);
        let mut expected = Vec::new();
        for (status, label) in [
            (Status::Met, "erfüllt"),
            (Status::NotMet, "nicht erfüllt"),
            (Status::Unknown, "unklar"),
            (Status::Excepted, "Ausnahme"),
        ] {
            let ids: Vec<&str> = result
                .items
                .iter()
                .filter(|i| i.status == status && i.id.starts_with('K'))
                .map(|i| i.id)
                .collect();
            if !ids.is_empty() {
                expected.push(format!("{label} {}", ids.join(" ")));
            }
        }
        assert_eq!(line, expected.join("; "), "{}", case.case.reference);
    }
}
