//! The items K17–K30 of the built-in checklist `afl-erweitert` on hand-made
//! timelines: met, not met, exactly on each deadline and one day late,
//! unknown under month precision, not applicable with its reason, excepted,
//! the `since` note, and evidence that names only qualifying events.

use std::sync::OnceLock;

use lernfall::checklist::{self, CaseResult, Checklist, Status};
use lernfall::lang::Lang;
use lernfall::load::load_str;

/// A fictional test family, the institutions around it and their staff; the
/// events (and any further sections) follow.
const BASE: &str = "\
# Fictional test case.
format: lernfall/1
case: {ref: TEST-2, municipality: Teststadt, opened: 2022-01-01}
people:
  kid: {role: child, name: Kind Eins}
  mum: {role: mother, name: Mutter Eins}
institutions:
  ja: {kind: youth_office}
  kita: {kind: daycare}
  schule: {kind: school}
  klinik: {kind: hospital}
  rm: {kind: forensic_medicine}
  gericht: {kind: court}
  gericht2: {kind: court}
  traeger: {kind: provider}
staff:
  cw: {name: Fachkraft Eins, institution: ja, position: caseworker}
  tl: {name: Leitung Eins, institution: ja, position: lead}
  vm: {name: Vormund Eins, institution: ja, position: guardian}
  arzt: {name: Arzt Eins, institution: klinik}
  lehrer: {name: Lehrkraft Eins, institution: schule}
  erz: {name: Erzieherin Eins, institution: kita}
";

#[derive(Clone, Copy, Default)]
struct Opts {
    two_children: bool,
    /// Leave out the positions of the staff (a file without the format additions).
    no_positions: bool,
}

fn case_text(events: &str, opts: Opts) -> String {
    let mut text = BASE.to_owned();
    if opts.two_children {
        text = text.replace("  mum:", "  kid2: {role: child, name: Kind Zwei}\n  mum:");
    }
    if opts.no_positions {
        for p in [", position: caseworker", ", position: lead", ", position: guardian"] {
            text = text.replace(p, "");
        }
    }
    text.push_str("events:\n");
    for line in events.lines() {
        if line.starts_with("- ") {
            text.push_str("  ");
        }
        text.push_str(line);
        text.push('\n');
    }
    text
}

fn list() -> &'static Checklist {
    static LIST: OnceLock<&'static Checklist> = OnceLock::new();
    LIST.get_or_init(|| {
        checklist::builtin().iter().find(|c| c.id == "afl-erweitert").expect("built in")
    })
}

#[track_caller]
fn evaluate(events: &str, opts: Opts) -> CaseResult<'static> {
    let text = case_text(events, opts);
    let loaded = load_str(&text);
    let case = loaded.case.unwrap_or_else(|| panic!("test case invalid: {:?}", loaded.diagnostics));
    checklist::evaluate(list(), Box::leak(Box::new(case)))
}

/// Asserts an item's status and evidence (event ids, timeline order).
#[track_caller]
fn expect(events: &str, item: &str, status: Status, evidence: &[&str]) -> CaseResult<'static> {
    expect_with(events, Opts::default(), item, status, evidence)
}

#[track_caller]
fn expect_with(
    events: &str,
    opts: Opts,
    item: &str,
    status: Status,
    evidence: &[&str],
) -> CaseResult<'static> {
    let result = evaluate(events, opts);
    let r = result.item(item).expect("item exists");
    assert_eq!(r.status, status, "{item}: {r:#?}");
    assert_eq!(r.evidence, evidence, "{item} evidence: {r:#?}");
    result
}

/// The detail lines of an item, in German and English.
fn lines(result: &CaseResult<'_>, item: &str, lang: Lang) -> Vec<String> {
    let r = result.item(item).unwrap();
    checklist::render::item_detail(r, list().item(item).unwrap(), lang)
}

// ---------------------------------------------------------------- the list itself

#[test]
fn afl_erweitert_is_afl_basis_plus_fourteen_items() {
    let basis = checklist::afl_basis();
    let ext = list();
    for item in &basis.items {
        assert_eq!(Some(item), ext.item(&item.id), "{} differs from afl-basis", item.id);
    }
    let rules: Vec<&str> = ext.rules().map(|(i, _)| i.id.as_str()).collect();
    assert_eq!(rules.len(), 30);
    let new: Vec<String> = (17..=30).map(|n| format!("K{n}")).collect();
    assert_eq!(rules[16..], new.iter().map(String::as_str).collect::<Vec<_>>()[..]);
    for (item, _) in ext.rules() {
        assert!(item.not_applicable.is_some(), "{} has no not_applicable reason", item.id);
    }
}

#[test]
fn a_case_without_the_format_additions_loads_and_the_items_that_need_them_say_why() {
    let ev = "\
  - {id: r, date: 2022-03-01, kind: report, by: kita, concerns: [neglect]}
  - {id: a, date: 2022-03-02, kind: risk_assessment, by: cw, result: latent}
  - {id: x, date: 2022-06-01, kind: case_closed, by: cw}
";
    let opts = Opts { no_positions: true, ..Opts::default() };
    let result = expect_with(ev, opts, "K22", Status::NotApplicable, &[]);
    assert_eq!(lines(&result, "K22", Lang::De), ["keine Leitungskraft erfasst (staff.position)"]);
    assert_eq!(lines(&result, "K22", Lang::En), ["no lead recorded (staff.position)"]);
    let result = expect_with(ev, opts, "K28", Status::NotApplicable, &[]);
    assert_eq!(lines(&result, "K28", Lang::De), ["kein Vormund erfasst (staff.position)"]);
    let result = expect_with(ev, opts, "K26", Status::NotApplicable, &[]);
    assert!(lines(&result, "K26", Lang::De)[0].contains("keine Beobachtung"));
    // Absent recorded_as counts as a risk report.
    expect_with(ev, opts, "K27", Status::Met, &["r"]);
}

// ---------------------------------------------------------------- K17

#[test]
fn k17_conference_exactly_28_days_before_the_return_is_met_29_is_not() {
    let ev = "\
  - {id: w, date: 2022-01-10, kind: report, by: arzt, concerns: [physical_abuse]}
  - {id: c, date: 2022-02-10, kind: case_conference, by: cw}
  - {id: h, date: 2022-03-10, kind: return_home, by: cw}
";
    expect(ev, "K17", Status::Met, &["w", "c", "h"]);
    let ev = "\
  - {id: w, date: 2022-01-10, kind: report, by: arzt, concerns: [physical_abuse]}
  - {id: c, date: 2022-02-09, kind: case_conference, by: cw}
  - {id: h, date: 2022-03-10, kind: return_home, by: cw}
";
    let result = expect(ev, "K17", Status::NotMet, &["w", "c", "h"]);
    assert_eq!(
        lines(&result, "K17", Lang::En),
        ["h 2022-03-10 return_home → no case_conference / expert_consultation since 2022-02-10; \
          last qualifying before: c 2022-02-09 case_conference (1 day before the window)"]
    );
}

#[test]
fn k17_advice_against_the_return_is_a_warning_and_a_warning_older_than_a_year_is_not() {
    let ev = "\
  - {id: w, date: 2022-01-10, kind: contact, by: rm, advice: no_return}
  - {id: h, date: 2023-01-10, kind: return_home, by: cw}
";
    expect(ev, "K17", Status::NotMet, &["w", "h"]);
    let ev = "\
  - {id: w, date: 2022-01-10, kind: contact, by: rm, advice: no_return}
  - {id: h, date: 2023-01-11, kind: return_home, by: cw}
";
    let result = expect(ev, "K17", Status::NotApplicable, &[]);
    assert!(lines(&result, "K17", Lang::De)[0].starts_with("keine Rückführung binnen 365 Tagen"));
    // A report by a daycare or about neglect is no warning.
    let ev = "\
  - {id: w1, date: 2022-01-10, kind: report, by: kita, concerns: [physical_abuse]}
  - {id: w2, date: 2022-01-11, kind: report, by: klinik, concerns: [neglect]}
  - {id: h, date: 2022-03-10, kind: return_home, by: cw}
";
    expect(ev, "K17", Status::NotApplicable, &[]);
}

#[test]
fn k17_month_precision_is_unknown_and_an_exception_excepts() {
    let ev = "\
  - {id: w, date: 2022-01-10, kind: medical, by: klinik, advice: [protect]}
  - {id: c, date: 2022-02, kind: expert_consultation, by: cw}
  - {id: h, date: 2022-03-10, kind: return_home, by: cw}
";
    expect(ev, "K17", Status::Unknown, &["w", "c", "h"]);
    let ev = "\
  - {id: w, date: 2022-01-10, kind: medical, by: klinik, advice: [protect]}
  - {id: h, date: 2022-03-10, kind: return_home, by: cw}
exceptions:
  - {item: K17, events: [h], reason: Gerichtlich angeordnet}
";
    let result = expect(ev, "K17", Status::Excepted, &["w", "h"]);
    assert_eq!(result.item("K17").unwrap().reasons, ["Gerichtlich angeordnet"]);
}

// ---------------------------------------------------------------- K18

#[test]
fn k18_expert_advice_within_14_days_before_an_assessment_below_the_warning() {
    let ev = "\
  - {id: w, date: 2022-01-10, kind: report, by: rm, concerns: sexual_abuse}
  - {id: x, date: 2022-02-15, kind: expert_consultation, by: cw}
  - {id: a, date: 2022-03-01, kind: risk_assessment, by: cw, result: none}
";
    expect(ev, "K18", Status::Met, &["w", "x", "a"]);
    let ev = "\
  - {id: w, date: 2022-01-10, kind: report, by: rm, concerns: sexual_abuse}
  - {id: x, date: 2022-02-14, kind: expert_consultation, by: cw}
  - {id: a, date: 2022-03-01, kind: risk_assessment, by: cw, result: unclear}
";
    expect(ev, "K18", Status::NotMet, &["w", "x", "a"]);
    // An acute assessment follows the warning: nothing to back.
    let ev = "\
  - {id: w, date: 2022-01-10, kind: report, by: rm, concerns: sexual_abuse}
  - {id: a, date: 2022-03-01, kind: risk_assessment, by: cw, result: acute}
";
    expect(ev, "K18", Status::NotApplicable, &[]);
    // 183 days is the limit of the look-back.
    let ev = "\
  - {id: w, date: 2022-01-10, kind: contact, by: arzt, advice: protect}
  - {id: a, date: 2022-07-13, kind: risk_assessment, by: cw, result: need_for_help}
";
    expect(ev, "K18", Status::NotApplicable, &[]);
    let ev = "\
  - {id: w, date: 2022-01-10, kind: contact, by: arzt, advice: protect}
  - {id: a, date: 2022-07-12, kind: risk_assessment, by: cw, result: need_for_help}
";
    expect(ev, "K18", Status::NotMet, &["w", "a"]);
}

// ---------------------------------------------------------------- K19

#[test]
fn k19_the_reporting_institution_takes_part_within_14_days() {
    let ev = "\
  - {id: r, date: 2022-03-01, kind: report, by: lehrer}
  - {id: a, date: 2022-03-15, kind: risk_assessment, by: cw, with: [schule], result: latent}
";
    expect(ev, "K19", Status::Met, &["r", "a"]);
    let ev = "\
  - {id: r, date: 2022-03-01, kind: report, by: schule}
  - {id: c, date: 2022-03-10, kind: contact, by: cw, with: [lehrer]}
";
    expect(ev, "K19", Status::Met, &["r", "c"]);
    let ev = "\
  - {id: r, date: 2022-03-01, kind: report, by: lehrer}
  - {id: u, date: 2022-03-02, kind: risk_assessment, by: cw, with: [mum], result: latent}
  - {id: a, date: 2022-03-16, kind: case_conference, by: cw, with: [schule]}
";
    // The assessment without the school never qualifies: not evidence.
    expect(ev, "K19", Status::NotMet, &["r", "a"]);
    // A daycare is not bound by § 4 KKG.
    let ev = "  - {id: r, date: 2022-03-01, kind: report, by: erz}\n";
    expect(ev, "K19", Status::NotApplicable, &[]);
}

#[test]
fn k19_before_its_since_date_is_judged_by_todays_law() {
    let ev = "\
  - {id: r, date: 2021-06-09, kind: report, by: lehrer}
  - {id: r2, date: 2021-06-10, kind: report, by: lehrer}
";
    let result = expect(ev, "K19", Status::NotMet, &["r", "r2"]);
    let item = result.item("K19").unwrap();
    assert!(item.activations[0].todays_law.is_some());
    assert!(item.activations[1].todays_law.is_none(), "the day itself is under the law");
    let de = lines(&result, "K19", Lang::De);
    assert!(de.contains(&"r: Maßstab nach heutigem Recht (Pflicht seit 2021-06-10)".to_owned()));
    let en = lines(&result, "K19", Lang::En);
    assert!(en.contains(&"r: judged by today's law (duty since 2021-06-10)".to_owned()));
}

// ---------------------------------------------------------------- K20

#[test]
fn k20_every_child_seen_by_the_office_from_14_days_before_to_3_after() {
    let ev = "\
  - {id: v, date: 2022-03-01, kind: home_visit, by: cw, child_seen: true}
  - {id: a, date: 2022-03-15, kind: risk_assessment, by: cw, result: none}
";
    expect(ev, "K20", Status::Met, &["v", "a"]);
    let ev = "\
  - {id: a, date: 2022-03-15, kind: risk_assessment, by: cw, result: need_for_help}
  - {id: v, date: 2022-03-18, kind: contact, by: cw, child_seen: true}
";
    expect(ev, "K20", Status::Met, &["a", "v"]);
    let ev = "\
  - {id: v, date: 2022-02-28, kind: home_visit, by: cw, child_seen: true}
  - {id: a, date: 2022-03-15, kind: risk_assessment, by: cw, result: none}
  - {id: w, date: 2022-03-19, kind: contact, by: cw, child_seen: true}
";
    // Both are one day outside; the later one wins the tie.
    expect(ev, "K20", Status::NotMet, &["a", "w"]);
}

#[test]
fn k20_a_child_seen_by_a_partner_does_not_count_and_each_child_needs_its_own() {
    let ev = "\
  - {id: k, date: 2022-03-14, kind: contact, by: erz, child_seen: true}
  - {id: a, date: 2022-03-15, kind: risk_assessment, by: cw, result: none}
";
    expect(ev, "K20", Status::NotMet, &["a"]);
    let ev = "\
  - {id: v, date: 2022-03-14, kind: home_visit, by: cw, with: [kid], child_seen: true}
  - {id: a, date: 2022-03-15, kind: risk_assessment, by: cw, result: none}
";
    let opts = Opts { two_children: true, ..Opts::default() };
    let result = expect_with(ev, opts, "K20", Status::NotMet, &["v", "a"]);
    assert!(lines(&result, "K20", Lang::En).iter().any(|l| l.contains("child kid2")));
    // The assessment names the child it is about.
    let ev = "\
  - {id: v, date: 2022-03-14, kind: home_visit, by: cw, with: [kid], child_seen: true}
  - {id: a, date: 2022-03-15, kind: risk_assessment, by: cw, with: [kid], result: none}
";
    expect_with(ev, opts, "K20", Status::Met, &["v", "a"]);
}

#[test]
fn k20_month_precision_is_unknown_and_2011_is_judged_by_todays_law() {
    let ev = "\
  - {id: v, date: 2022-02, kind: home_visit, by: cw, child_seen: true}
  - {id: a, date: 2022-03-10, kind: risk_assessment, by: cw, result: none}
";
    expect(ev, "K20", Status::Unknown, &["v", "a"]);
    let ev = "  - {id: a, date: 2011-12-31, kind: risk_assessment, by: cw, result: none}\n";
    let result = expect(ev, "K20", Status::NotMet, &["a"]);
    assert!(
        lines(&result, "K20", Lang::De).iter().any(|l| l.contains("Maßstab nach heutigem Recht"))
    );
}

// ---------------------------------------------------------------- K21

#[test]
fn k21_home_visit_by_the_office_within_14_days_after_the_return() {
    let ev = "\
  - {id: h, date: 2022-03-01, kind: return_home, by: cw}
  - {id: v, date: 2022-03-15, kind: home_visit, by: cw, child_seen: true}
";
    expect(ev, "K21", Status::Met, &["h", "v"]);
    let ev = "\
  - {id: h, date: 2022-03-01, kind: return_home, by: cw}
  - {id: v, date: 2022-03-16, kind: home_visit, by: cw, child_seen: true}
";
    expect(ev, "K21", Status::NotMet, &["h", "v"]);
    let ev = "\
  - {id: h, date: 2022-03-01, kind: return_home, by: cw}
  - {id: c, date: 2022-03-05, kind: contact, by: tl, child_seen: true, home_seen: true}
";
    expect(ev, "K21", Status::Met, &["h", "c"]);
    // A visit by the provider, or without seeing the child, is no office home visit.
    let ev = "\
  - {id: h, date: 2022-03-01, kind: return_home, by: cw}
  - {id: p, date: 2022-03-05, kind: home_visit, by: traeger, child_seen: true}
  - {id: q, date: 2022-03-06, kind: home_visit, by: cw, child_seen: false}
";
    expect(ev, "K21", Status::NotMet, &["h"]);
    let ev = "  - {id: a, date: 2022-03-01, kind: risk_assessment, by: cw, result: none}\n";
    let result = expect(ev, "K21", Status::NotApplicable, &[]);
    assert_eq!(lines(&result, "K21", Lang::De), ["keine Rückführung im Fall"]);
}

// ---------------------------------------------------------------- K22

#[test]
fn k22_a_lead_event_from_14_days_before_to_3_days_after() {
    let ev = "\
  - {id: a, date: 2022-03-15, kind: risk_assessment, by: [cw, tl], result: acute}
";
    expect(ev, "K22", Status::Met, &["a"]);
    let ev = "\
  - {id: s, date: 2022-03-01, kind: supervision, by: cw, with: [tl]}
  - {id: a, date: 2022-03-15, kind: risk_assessment, by: cw, result: latent}
";
    expect(ev, "K22", Status::Met, &["s", "a"]);
    let ev = "\
  - {id: s, date: 2022-02-28, kind: supervision, by: cw, with: [tl]}
  - {id: h, date: 2022-03-15, kind: return_home, by: cw}
";
    expect(ev, "K22", Status::NotMet, &["s", "h"]);
    let ev = "\
  - {id: h, date: 2022-03-15, kind: return_home, by: cw}
  - {id: s, date: 2022-03-18, kind: consultation, by: tl}
";
    expect(ev, "K22", Status::Met, &["h", "s"]);
    let ev = "\
  - {id: h, date: 2022-03-15, kind: return_home, by: cw}
  - {id: s, date: 2022-03-19, kind: consultation, by: tl}
";
    expect(ev, "K22", Status::NotMet, &["h", "s"]);
}

#[test]
fn k22_closing_within_a_year_of_a_latent_risk_is_a_high_risk_decision() {
    let ev = "\
  - {id: a, date: 2022-01-01, kind: risk_assessment, by: [cw, tl], result: latent}
  - {id: x, date: 2023-01-01, kind: case_closed, by: cw}
";
    let result = expect(ev, "K22", Status::NotMet, &["a", "x"]);
    assert_eq!(result.item("K22").unwrap().activations.len(), 2);
    let ev = "\
  - {id: a, date: 2022-01-01, kind: risk_assessment, by: [cw, tl], result: latent}
  - {id: x, date: 2023-01-02, kind: case_closed, by: cw}
";
    let result = expect(ev, "K22", Status::Met, &["a"]);
    assert_eq!(result.item("K22").unwrap().activations.len(), 1);
    // Nothing high-risk at all: the reason says so.
    let ev = "  - {id: a, date: 2022-01-01, kind: risk_assessment, by: cw, result: none}\n";
    let result = expect(ev, "K22", Status::NotApplicable, &[]);
    assert!(lines(&result, "K22", Lang::En)[0].starts_with("no high-risk decision"));
}

// ---------------------------------------------------------------- K23

#[test]
fn k23_a_written_answer_to_the_same_court_within_21_days() {
    let ev = "\
  - {id: q, date: 2022-03-01, kind: contact, by: gericht, to: ja, mode: written}
  - {id: s, date: 2022-03-22, kind: information_sharing, by: cw, to: gericht, mode: written}
";
    expect(ev, "K23", Status::Met, &["q", "s"]);
    let ev = "\
  - {id: q, date: 2022-03-01, kind: information_sharing, by: gericht, mode: written}
  - {id: s, date: 2022-03-23, kind: information_sharing, by: cw, to: gericht, mode: written}
";
    expect(ev, "K23", Status::NotMet, &["q", "s"]);
    // To another court, or by phone: no answer in the sense of the item.
    let ev = "\
  - {id: q, date: 2022-03-01, kind: contact, by: gericht, mode: written}
  - {id: s, date: 2022-03-05, kind: information_sharing, by: cw, to: gericht2, mode: written}
  - {id: p, date: 2022-03-06, kind: information_sharing, by: cw, to: gericht, mode: phone}
";
    expect(ev, "K23", Status::NotMet, &["q"]);
    // A phone call from the court is no written inquiry.
    let ev = "  - {id: q, date: 2022-03-01, kind: contact, by: gericht, mode: phone}\n";
    expect(ev, "K23", Status::NotApplicable, &[]);
}

// ---------------------------------------------------------------- K24

#[test]
fn k24_no_more_than_91_days_without_a_written_statement_to_the_court() {
    let ev = "\
  - {id: g, date: 2022-01-01, kind: court_application, by: ja, to: gericht}
  - {id: s1, date: 2022-04-02, kind: information_sharing, by: cw, to: gericht, mode: written}
  - {id: s2, date: 2022-07-02, kind: information_sharing, by: cw, to: gericht, mode: written}
  - {id: d, date: 2022-07-20, kind: court_decision, by: gericht}
";
    expect(ev, "K24", Status::Met, &["g", "s1", "d"]);
    let ev = "\
  - {id: g, date: 2022-01-01, kind: court_application, by: ja, to: gericht}
  - {id: s1, date: 2022-04-03, kind: information_sharing, by: cw, to: gericht, mode: written}
  - {id: p, date: 2022-03-01, kind: information_sharing, by: cw, to: gericht, mode: phone}
  - {id: d, date: 2022-04-20, kind: court_decision, by: gericht}
";
    expect(ev, "K24", Status::NotMet, &["g", "s1", "d"]);
}

#[test]
fn k24_each_application_is_its_own_period_and_without_a_decision_runs_to_the_case_end() {
    let ev = "\
  - {id: g1, date: 2022-01-01, kind: court_application, by: ja, to: gericht}
  - {id: g2, date: 2022-02-01, kind: court_application, by: mum, to: gericht}
  - {id: d, date: 2022-03-01, kind: court_decision, by: gericht}
  - {id: e, date: 2022-09-01, kind: contact, by: cw}
";
    let result = expect(ev, "K24", Status::Met, &["g1", "g2", "d"]);
    assert_eq!(result.item("K24").unwrap().activations.len(), 2);
    let ev = "\
  - {id: g, date: 2022-01-01, kind: court_application, by: ja, to: gericht}
  - {id: e, date: 2022-04-02, kind: contact, by: cw}
";
    expect(ev, "K24", Status::Met, &["g"]);
    let ev = "\
  - {id: g, date: 2022-01-01, kind: court_application, by: ja, to: gericht}
  - {id: e, date: 2022-04-03, kind: contact, by: cw}
";
    expect(ev, "K24", Status::NotMet, &["g"]);
    let ev = "\
  - {id: g, date: 2022-01-01, kind: court_application, by: ja, to: gericht}
  - {id: d, date: 2022-04, kind: court_decision, by: gericht}
";
    expect(ev, "K24", Status::Unknown, &["g", "d"]);
}

// ---------------------------------------------------------------- K25

#[test]
fn k25_a_return_during_a_pending_application_needs_a_decision_or_a_statement() {
    let ev = "\
  - {id: g, date: 2022-01-01, kind: court_application, by: mum, to: gericht}
  - {id: s, date: 2022-02-01, kind: information_sharing, by: cw, to: gericht, mode: written}
  - {id: h, date: 2022-03-01, kind: return_home, by: cw}
";
    expect(ev, "K25", Status::Met, &["g", "s", "h"]);
    let ev = "\
  - {id: g, date: 2022-01-01, kind: court_application, by: mum, to: gericht}
  - {id: s, date: 2022-01-31, kind: information_sharing, by: cw, to: gericht, mode: written}
  - {id: h, date: 2022-03-01, kind: return_home, by: cw}
";
    expect(ev, "K25", Status::NotMet, &["g", "s", "h"]);
}

#[test]
fn k25_no_pending_application_means_not_applicable() {
    // Decided before the return.
    let ev = "\
  - {id: g, date: 2022-01-01, kind: court_application, by: mum, to: gericht}
  - {id: d, date: 2022-01-20, kind: court_decision, by: gericht}
  - {id: h, date: 2022-03-01, kind: return_home, by: cw}
";
    let result = expect(ev, "K25", Status::NotApplicable, &[]);
    assert!(lines(&result, "K25", Lang::De)[0].contains("anhängigen Antrags"));
    // Applied for after the return.
    let ev = "\
  - {id: h, date: 2022-03-01, kind: return_home, by: cw}
  - {id: g, date: 2022-03-02, kind: court_application, by: mum, to: gericht}
";
    expect(ev, "K25", Status::NotApplicable, &[]);
    // Month precision: the decision may have come before or after the return.
    let ev = "\
  - {id: g, date: 2022-01-01, kind: court_application, by: mum, to: gericht}
  - {id: d, date: 2022-03, kind: court_decision, by: gericht}
  - {id: h, date: 2022-03-10, kind: return_home, by: cw}
";
    expect(ev, "K25", Status::Unknown, &["g", "d", "h"]);
}

// ---------------------------------------------------------------- K26

#[test]
fn k26_a_partners_observation_leads_to_its_report_within_7_days() {
    let ev = "\
  - {id: o, date: 2022-03-01, kind: observation, by: erz, concerns: [neglect]}
  - {id: r, date: 2022-03-08, kind: report, by: kita}
";
    expect(ev, "K26", Status::Met, &["o", "r"]);
    let ev = "\
  - {id: o, date: 2022-03-01, kind: observation, by: kita}
  - {id: r, date: 2022-03-09, kind: report, by: erz}
";
    expect(ev, "K26", Status::NotMet, &["o", "r"]);
    // Another institution's report does not count for the daycare.
    let ev = "\
  - {id: o, date: 2022-03-01, kind: observation, by: kita}
  - {id: r, date: 2022-03-02, kind: report, by: schule}
";
    expect(ev, "K26", Status::NotMet, &["o"]);
    let ev = "\
  - {id: o, date: 2022-03-01, kind: observation, by: kita}
  - {id: x, date: 2022-03-03, kind: expert_consultation, by: erz, with: [cw]}
";
    expect(ev, "K26", Status::Met, &["o", "x"]);
    // The office's own observation is no partner's.
    let ev = "  - {id: o, date: 2022-03-01, kind: observation, by: cw}\n";
    expect(ev, "K26", Status::NotApplicable, &[]);
}

// ---------------------------------------------------------------- K27

#[test]
fn k27_reports_filed_as_counselling_are_not_met() {
    let ev = "\
  - {id: r1, date: 2022-03-01, kind: report, by: kita, recorded_as: report}
  - {id: r2, date: 2022-03-02, kind: report, by: kita}
  - {id: r3, date: 2022-03-03, kind: report, by: kita, recorded_as: Beratung}
  - {id: r4, date: 2022-03-04, kind: report, by: kita, recorded_as: not_recorded}
";
    let result = expect(ev, "K27", Status::NotMet, &["r1", "r2", "r3", "r4"]);
    let statuses: Vec<Status> =
        result.item("K27").unwrap().activations.iter().map(|a| a.status).collect();
    assert_eq!(statuses, [Status::Met, Status::Met, Status::NotMet, Status::NotMet]);
    let ev = "\
  - {id: r, date: 2022-03-01, kind: report, by: kita, recorded_as: information}
exceptions:
  - {item: K27, reason: Anonyme Anfrage ohne Anhaltspunkte}
";
    expect(ev, "K27", Status::Excepted, &["r"]);
}

// ---------------------------------------------------------------- K28

#[test]
fn k28_the_guardian_sees_the_ward_at_least_every_35_days() {
    let ev = "\
  - {id: g1, date: 2022-01-01, kind: contact, by: vm}
  - {id: g2, date: 2022-02-05, kind: contact, by: vm, child_seen: true}
  - {id: g3, date: 2022-03-12, kind: home_visit, by: cw, with: [vm], child_seen: true}
  - {id: x, date: 2022-04-16, kind: case_closed, by: cw}
";
    // Three stretches of exactly 35 days; the evidence is the first.
    expect(ev, "K28", Status::Met, &["g1", "g2", "x"]);
    let ev = "\
  - {id: g1, date: 2022-01-01, kind: contact, by: vm, child_seen: true}
  - {id: g2, date: 2022-02-06, kind: contact, by: vm, child_seen: true}
  - {id: c, date: 2022-02-20, kind: contact, by: cw, child_seen: true}
  - {id: x, date: 2022-03-01, kind: case_closed, by: cw}
";
    // The caseworker's visit is no guardian event.
    let result = expect(ev, "K28", Status::NotMet, &["g1", "g2", "x"]);
    assert_eq!(result.item("K28").unwrap().activations.len(), 1, "one guardianship period");
}

#[test]
fn k28_needs_a_guardian_and_a_guardian_event() {
    let ev = "  - {id: c, date: 2022-01-01, kind: contact, by: cw, child_seen: true}\n";
    let result = expect(ev, "K28", Status::NotApplicable, &[]);
    assert_eq!(lines(&result, "K28", Lang::En), ["no event involving a guardian in the case"]);
    let ev = "\
  - {id: g1, date: 2011-06-01, kind: contact, by: vm, child_seen: true}
  - {id: g2, date: 2011-07-01, kind: contact, by: vm, child_seen: true}
";
    let result = expect(ev, "K28", Status::Met, &["g1", "g2"]);
    assert!(lines(&result, "K28", Lang::En).iter().any(|l| l.contains("duty since 2011-07-06")));
}

// ---------------------------------------------------------------- K29

#[test]
fn k29_the_office_sees_every_child_concerned_within_7_days() {
    let ev = "\
  - {id: r, date: 2022-03-01, kind: report, by: kita}
  - {id: v, date: 2022-03-08, kind: home_visit, by: cw, child_seen: true}
";
    expect(ev, "K29", Status::Met, &["r", "v"]);
    let ev = "\
  - {id: r, date: 2022-03-01, kind: report, by: kita}
  - {id: k, date: 2022-03-02, kind: medical, by: klinik, child_seen: true}
  - {id: v, date: 2022-03-09, kind: home_visit, by: cw, child_seen: true}
";
    // The clinic saw the child (K03 met); the office did not (K29 not met).
    let result = expect(ev, "K29", Status::NotMet, &["r", "v"]);
    assert_eq!(result.item("K03").unwrap().status, Status::Met);
    let ev = "\
  - {id: r, date: 2022-03, kind: report, by: kita}
  - {id: v, date: 2022-03-20, kind: home_visit, by: cw, child_seen: true}
";
    expect(ev, "K29", Status::Unknown, &["r", "v"]);
}

// ---------------------------------------------------------------- K30

#[test]
fn k30_acute_risk_acted_on_within_one_day() {
    let ev = "\
  - {id: a, date: 2022-03-01, kind: risk_assessment, by: cw, result: acute}
  - {id: i, date: 2022-03-02, kind: custody, by: cw}
";
    expect(ev, "K30", Status::Met, &["a", "i"]);
    let ev = "\
  - {id: a, date: 2022-03-01, kind: risk_assessment, by: cw, result: acute}
  - {id: g, date: 2022-03-02, kind: court_application, by: ja, to: gericht}
  - {id: i, date: 2022-03-03, kind: custody, by: cw}
";
    // The court application meets K05 but is no action on the child here.
    let result = expect(ev, "K30", Status::NotMet, &["a", "i"]);
    assert_eq!(result.item("K05").unwrap().status, Status::Met);
    let ev = "\
  - {id: a, date: 2022-03-01, kind: risk_assessment, by: cw, result: acute}
  - {id: v, date: 2022-03-02, kind: home_visit, by: tl, child_seen: true}
";
    expect(ev, "K30", Status::Met, &["a", "v"]);
}

// ---------------------------------------------------------------- evidence

#[test]
fn evidence_never_names_an_unrelated_event_before_the_deadline() {
    let ev = "\
  - {id: r, date: 2022-03-01, kind: report, by: kita}
  - {id: u1, date: 2022-03-02, kind: police, by: schule}
  - {id: u2, date: 2022-03-07, kind: contact, by: erz, child_seen: true}
";
    let result = evaluate(ev, Opts::default());
    for item in ["K01", "K29"] {
        let r = result.item(item).unwrap();
        assert_eq!(r.status, Status::NotMet, "{item}");
        assert_eq!(r.evidence, ["r"], "{item}");
    }
    // K03 is met by the daycare's visit: that is evidence.
    assert_eq!(result.item("K03").unwrap().evidence, ["r", "u2"]);
}
