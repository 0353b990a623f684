//! Every item of the built-in checklist `afl-basis` on hand-made timelines:
//! each status, the edges of every window (same day, exactly on the
//! deadline, one day late, month precision), and the evidence.

use std::sync::OnceLock;

use lernfall::checklist::{self, CaseResult, Checklist, Status};
use lernfall::load::load_str;

/// A fictional test family and the institutions around it; the events (and
/// any further sections) follow.
const BASE: &str = "\
# Fictional test case.
format: lernfall/1
case: {ref: TEST-1, municipality: Teststadt, opened: 2021-01-01}
people:
  kid: {role: child, name: Kind Eins}
  mum: {role: mother, name: Mutter Eins}
  nb: {role: neighbour, name: Nachbar Eins}
institutions:
  ja: {kind: youth_office}
  kita: {kind: daycare}
  schule: {kind: school}
  praxis: {kind: doctor}
staff:
  s1: {name: Fachkraft Eins, institution: ja}
  s2: {name: Fachkraft Zwei, institution: ja}
  lehrer: {name: Lehrkraft Eins, institution: schule}
";

const SECOND_CHILD: &str = "  kid2: {role: child, name: Kind Zwei}\n";

fn case_text(events: &str, two_children: bool) -> String {
    let mut text = BASE.to_owned();
    if two_children {
        text = text.replace("  mum:", &format!("{SECOND_CHILD}  mum:"));
    }
    text.push_str("events:\n");
    // `\` line continuations in the tests eat the first line's indentation.
    for line in events.lines() {
        if line.starts_with("- ") {
            text.push_str("  ");
        }
        text.push_str(line);
        text.push('\n');
    }
    text
}

/// Results borrow from the case and the checklist; tests keep both for the
/// whole run.
#[track_caller]
fn evaluate(events: &str, two_children: bool) -> CaseResult<'static> {
    static LIST: OnceLock<Checklist> = OnceLock::new();
    let list = LIST.get_or_init(checklist::afl_basis);
    let text = case_text(events, two_children);
    let loaded = load_str(&text);
    let case = loaded.case.unwrap_or_else(|| panic!("test case invalid: {:?}", loaded.diagnostics));
    checklist::evaluate(list, Box::leak(Box::new(case)))
}

/// Asserts an item's status and evidence (event ids, timeline order).
#[track_caller]
fn expect(events: &str, item: &str, status: Status, evidence: &[&str]) -> CaseResult<'static> {
    expect_with(events, false, item, status, evidence)
}

#[track_caller]
fn expect_with(
    events: &str,
    two_children: bool,
    item: &str,
    status: Status,
    evidence: &[&str],
) -> CaseResult<'static> {
    let result = evaluate(events, two_children);
    let r = result.item(item).expect("item exists");
    assert_eq!(r.status, status, "{item}: {r:#?}");
    assert_eq!(r.evidence, evidence, "{item} evidence: {r:#?}");
    result
}

// ---------------------------------------------------------------- K01

#[test]
fn k01_assessment_exactly_on_the_deadline_is_met() {
    let ev = "\
  - {id: r, date: 2021-03-01, kind: report, by: kita}
  - {id: a, date: 2021-03-04, kind: risk_assessment, by: [s1, s2], result: none}
";
    expect(ev, "K01", Status::Met, &["r", "a"]);
}

#[test]
fn k01_same_day_counts_whatever_the_list_order() {
    let ev = "\
  - {id: a, date: 2021-03-01, kind: risk_assessment, by: s1, result: none}
  - {id: r, date: 2021-03-01, kind: report, by: kita}
";
    expect(ev, "K01", Status::Met, &["a", "r"]);
}

#[test]
fn k01_one_day_late_is_not_met_with_the_late_assessment_as_evidence_never_an_unrelated_event() {
    let ev = "\
  - {id: r, date: 2021-03-01, kind: report, by: kita}
  - {id: c, date: 2021-03-03, kind: consultation, by: s1}
  - {id: a, date: 2021-03-05, kind: risk_assessment, by: s1, result: none}
";
    let result = expect(ev, "K01", Status::NotMet, &["r", "a"]);
    let a = &result.item("K01").unwrap().activations[0];
    let text = checklist::render::detail(
        &a.details[0],
        checklist::afl_basis().item("K01").unwrap(),
        lernfall::lang::Lang::En,
    );
    assert_eq!(
        text,
        "r 2021-03-01 report → no risk_assessment by 2021-03-04; first qualifying after: \
         a 2021-03-05 risk_assessment (1 day after the deadline)"
    );
}

#[test]
fn k01_month_precision_is_unknown_never_a_guess() {
    let ev = "\
  - {id: r, date: 2021-03, kind: report, by: kita}
  - {id: a, date: 2021-03-20, kind: risk_assessment, by: s1, result: none}
";
    expect(ev, "K01", Status::Unknown, &["r", "a"]);
    // Certainly too late even with month precision: not met.
    let ev = "\
  - {id: r, date: 2021-03, kind: report, by: kita}
  - {id: a, date: 2021-05-20, kind: risk_assessment, by: s1, result: none}
";
    expect(ev, "K01", Status::NotMet, &["r", "a"]);
}

#[test]
fn k01_without_report_is_not_applicable() {
    let ev = "  - {id: a, date: 2021-03-04, kind: risk_assessment, by: s1, result: none}\n";
    expect(ev, "K01", Status::NotApplicable, &[]);
}

#[test]
fn k01_any_late_report_makes_the_item_not_met() {
    let ev = "\
  - {id: r1, date: 2021-03-01, kind: report, by: kita}
  - {id: a1, date: 2021-03-02, kind: risk_assessment, by: s1, result: none}
  - {id: r2, date: 2021-06-01, kind: report, by: kita}
";
    let result = expect(ev, "K01", Status::NotMet, &["r1", "a1", "r2"]);
    let statuses: Vec<Status> =
        result.item("K01").unwrap().activations.iter().map(|a| a.status).collect();
    assert_eq!(statuses, [Status::Met, Status::NotMet]);
}

// ---------------------------------------------------------------- exceptions

#[test]
fn exception_without_events_excepts_every_failed_activation_and_shows_the_reason() {
    let ev = "\
  - {id: r, date: 2021-03-01, kind: report, by: kita}
exceptions:
  - {item: K01, reason: Kind stationär}
";
    let result = expect(ev, "K01", Status::Excepted, &["r"]);
    assert_eq!(result.item("K01").unwrap().reasons, ["Kind stationär"]);
}

#[test]
fn exception_naming_the_activating_event_excepts_only_that_one() {
    let ev = "\
  - {id: r1, date: 2021-03-01, kind: report, by: kita}
  - {id: r2, date: 2021-06-01, kind: report, by: kita}
exceptions:
  - {item: K01, events: [r1], reason: Begründung}
";
    let result = expect(ev, "K01", Status::NotMet, &["r1", "r2"]);
    let statuses: Vec<Status> =
        result.item("K01").unwrap().activations.iter().map(|a| a.status).collect();
    assert_eq!(statuses, [Status::Excepted, Status::NotMet]);
    // A not-met item shows no reasons; the activation keeps its own.
    assert!(result.item("K01").unwrap().reasons.is_empty());
    assert_eq!(result.item("K01").unwrap().activations[0].reasons, ["Begründung"]);
}

#[test]
fn exception_does_not_touch_a_met_item() {
    let ev = "\
  - {id: r, date: 2021-03-01, kind: report, by: kita}
  - {id: a, date: 2021-03-01, kind: risk_assessment, by: s1, result: none}
exceptions:
  - {item: K01, reason: unnötig}
";
    let result = expect(ev, "K01", Status::Met, &["r", "a"]);
    assert!(result.item("K01").unwrap().reasons.is_empty());
}

#[test]
fn exception_for_an_unknown_item_or_a_non_activation_is_a_warning() {
    use lernfall::checklist::eval::CheckWarning;
    let ev = "\
  - {id: r, date: 2021-03-01, kind: report, by: kita}
  - {id: c, date: 2021-03-02, kind: contact, with: mum}
exceptions:
  - {item: K99, reason: x}
  - {item: K01, events: [c], reason: y}
";
    let result = evaluate(ev, false);
    assert!(
        matches!(&result.warnings[0], CheckWarning::UnknownItem { index: 0, item, .. } if *item == "K99")
    );
    assert!(
        matches!(&result.warnings[1], CheckWarning::NotAnActivation { index: 1, item, event, .. } if *item == "K01" && *event == "c")
    );
    assert_eq!(result.item("K01").unwrap().status, Status::NotMet);
}

// ---------------------------------------------------------------- K02

#[test]
fn k02_two_staff_in_by_or_with_is_met() {
    let ev = "  - {id: a, date: 2021-03-04, kind: risk_assessment, by: s1, with: [s2, mum], result: none}\n";
    expect(ev, "K02", Status::Met, &["a"]);
}

#[test]
fn k02_the_same_staff_twice_or_none_is_not_met() {
    let ev = "\
  - {id: a, date: 2021-03-04, kind: risk_assessment, by: s1, with: [s1], result: none}
  - {id: b, date: 2021-03-05, kind: risk_assessment, by: ja, result: none}
";
    let result = expect(ev, "K02", Status::NotMet, &["a", "b"]);
    let statuses: Vec<Status> =
        result.item("K02").unwrap().activations.iter().map(|a| a.status).collect();
    assert_eq!(statuses, [Status::NotMet, Status::NotMet]);
}

// ---------------------------------------------------------------- K03

#[test]
fn k03_child_seen_on_day_seven_is_met_day_eight_not() {
    let ev = "\
  - {id: r, date: 2021-03-01, kind: report, by: kita}
  - {id: h, date: 2021-03-08, kind: home_visit, by: s1, child_seen: true}
";
    expect(ev, "K03", Status::Met, &["r", "h"]);
    let ev = "\
  - {id: r, date: 2021-03-01, kind: report, by: kita}
  - {id: h, date: 2021-03-09, kind: home_visit, by: s1, child_seen: true}
";
    expect(ev, "K03", Status::NotMet, &["r", "h"]);
}

#[test]
fn k03_every_concerned_child_must_be_covered() {
    // The report names no child: both are concerned; the visit covers one.
    let ev = "\
  - {id: r, date: 2021-03-01, kind: report, by: kita}
  - {id: h, date: 2021-03-02, kind: home_visit, by: s1, with: [kid, mum], child_seen: true}
";
    expect_with(ev, true, "K03", Status::NotMet, &["r", "h"]);
    // The report concerns kid only: met.
    let ev = "\
  - {id: r, date: 2021-03-01, kind: report, by: kita, with: kid}
  - {id: h, date: 2021-03-02, kind: home_visit, by: s1, with: [kid, mum], child_seen: true}
";
    expect_with(ev, true, "K03", Status::Met, &["r", "h"]);
    // A child-seen event naming no child covers all (adults in with do not matter).
    let ev = "\
  - {id: r, date: 2021-03-01, kind: report, by: kita}
  - {id: h, date: 2021-03-02, kind: home_visit, by: s1, with: [mum, s2], child_seen: true}
";
    expect_with(ev, true, "K03", Status::Met, &["r", "h"]);
}

#[test]
fn k03_month_precision_visit_is_unknown() {
    let ev = "\
  - {id: r, date: 2021-03-10, kind: report, by: kita}
  - {id: h, date: 2021-03, kind: home_visit, by: s1, child_seen: true}
";
    expect(ev, "K03", Status::Unknown, &["h", "r"]);
}

// ---------------------------------------------------------------- K04

#[test]
fn k04_parent_contact_fourteen_days_before_or_after_is_met() {
    let ev = "\
  - {id: c, date: 2021-03-01, kind: contact, with: mum}
  - {id: a, date: 2021-03-15, kind: risk_assessment, by: [s1, s2], result: latent}
";
    expect(ev, "K04", Status::Met, &["c", "a"]);
    let ev = "\
  - {id: a, date: 2021-03-01, kind: risk_assessment, by: [s1, s2], result: acute}
  - {id: c, date: 2021-03-16, kind: home_visit, with: mum}
";
    expect(ev, "K04", Status::NotMet, &["a", "c"]);
}

#[test]
fn k04_the_assessment_itself_counts_and_other_kinds_or_people_do_not() {
    let ev =
        "  - {id: a, date: 2021-03-01, kind: risk_assessment, by: s1, with: mum, result: latent}\n";
    expect(ev, "K04", Status::Met, &["a"]);
    let ev = "\
  - {id: a, date: 2021-03-01, kind: risk_assessment, by: s1, result: latent}
  - {id: m, date: 2021-03-02, kind: medical, with: mum}
  - {id: c, date: 2021-03-03, kind: contact, with: nb}
";
    expect(ev, "K04", Status::NotMet, &["a"]);
}

#[test]
fn k04_only_latent_or_acute_assessments_activate() {
    let ev =
        "  - {id: a, date: 2021-03-01, kind: risk_assessment, by: s1, result: need_for_help}\n";
    expect(ev, "K04", Status::NotApplicable, &[]);
}

// ---------------------------------------------------------------- K05, K06, K07

#[test]
fn k05_protection_within_one_day() {
    let ev = "\
  - {id: a, date: 2021-03-01, kind: risk_assessment, by: s1, result: acute}
  - {id: g, date: 2021-03-02, kind: court_application, by: ja}
";
    expect(ev, "K05", Status::Met, &["a", "g"]);
    let ev = "\
  - {id: a, date: 2021-03-01, kind: risk_assessment, by: s1, result: acute}
  - {id: g, date: 2021-03-03, kind: custody, by: ja}
";
    expect(ev, "K05", Status::NotMet, &["a", "g"]);
    let ev = "  - {id: a, date: 2021-03-01, kind: risk_assessment, by: s1, result: latent}\n";
    expect(ev, "K05", Status::NotApplicable, &[]);
}

#[test]
fn k06_plan_within_28_days_of_latent_risk() {
    let ev = "\
  - {id: a, date: 2021-03-01, kind: risk_assessment, by: s1, result: latent}
  - {id: p, date: 2021-03-29, kind: help_plan, by: ja}
";
    expect(ev, "K06", Status::Met, &["a", "p"]);
    let ev = "\
  - {id: a, date: 2021-03-01, kind: risk_assessment, by: s1, result: latent}
  - {id: p, date: 2021-03-30, kind: safety_plan, by: ja}
";
    expect(ev, "K06", Status::NotMet, &["a", "p"]);
}

#[test]
fn k07_custody_without_consent_needs_the_court_within_three_days() {
    let ev = "\
  - {id: i, date: 2021-03-01, kind: custody, by: ja}
  - {id: g, date: 2021-03-04, kind: court_application, by: ja}
";
    expect(ev, "K07", Status::Met, &["i", "g"]);
    let ev = "\
  - {id: i, date: 2021-03-01, kind: custody, by: ja, consent: false}
  - {id: g, date: 2021-03-05, kind: court_application, by: ja}
";
    expect(ev, "K07", Status::NotMet, &["i", "g"]);
    let ev = "  - {id: i, date: 2021-03-01, kind: custody, by: ja, consent: true}\n";
    expect(ev, "K07", Status::NotApplicable, &[]);
}

// ---------------------------------------------------------------- K08

#[test]
fn k08_feedback_to_the_kkg_bound_reporter_or_its_staff() {
    let ev = "\
  - {id: r, date: 2021-03-01, kind: report, by: lehrer, to: ja}
  - {id: f, date: 2021-03-29, kind: feedback, by: s1, to: schule}
";
    expect(ev, "K08", Status::Met, &["r", "f"]);
    let ev = "\
  - {id: r, date: 2021-03-01, kind: report, by: schule, to: ja}
  - {id: f, date: 2021-03-10, kind: feedback, by: s1, to: lehrer}
";
    expect(ev, "K08", Status::Met, &["r", "f"]);
}

#[test]
fn k08_feedback_late_or_to_someone_else_is_not_met() {
    let ev = "\
  - {id: r, date: 2021-03-01, kind: report, by: schule, to: ja}
  - {id: f, date: 2021-03-30, kind: feedback, by: s1, to: schule}
";
    expect(ev, "K08", Status::NotMet, &["r", "f"]);
    let ev = "\
  - {id: r, date: 2021-03-01, kind: report, by: [schule, kita], to: ja}
  - {id: f, date: 2021-03-02, kind: feedback, by: s1, to: kita}
";
    // Feedback to the daycare (not bound by § 4 KKG) would never qualify: no evidence.
    expect(ev, "K08", Status::NotMet, &["r"]);
}

#[test]
fn k08_kita_and_people_are_not_kkg_bound_reporters() {
    let ev = "\
  - {id: r1, date: 2021-03-01, kind: report, by: kita, to: ja}
  - {id: r2, date: 2021-03-02, kind: report, by: nb, to: ja}
";
    expect(ev, "K08", Status::NotApplicable, &[]);
}

// ---------------------------------------------------------------- K09, K10

#[test]
fn k09_handover_mode() {
    let ev = "  - {id: h, date: 2021-03-01, kind: handover, by: ja, mode: phone}\n";
    expect(ev, "K09", Status::Met, &["h"]);
    let ev = "  - {id: h, date: 2021-03-01, kind: handover, by: ja, mode: written}\n";
    expect(ev, "K09", Status::NotMet, &["h"]);
    let ev = "  - {id: h, date: 2021-03-01, kind: handover, by: ja}\n";
    expect(ev, "K09", Status::Unknown, &["h"]);
}

#[test]
fn k10_reassessment_or_child_seen_home_visit_within_14_days() {
    let ev = "\
  - {id: h, date: 2021-03-01, kind: handover, by: ja, mode: meeting}
  - {id: v, date: 2021-03-15, kind: home_visit, by: s1, child_seen: true}
";
    expect(ev, "K10", Status::Met, &["h", "v"]);
    let ev = "\
  - {id: h, date: 2021-03-01, kind: handover, by: ja, mode: meeting}
  - {id: v, date: 2021-03-10, kind: home_visit, by: s1, child_seen: false}
  - {id: a, date: 2021-03-16, kind: risk_assessment, by: s1, result: none}
";
    expect(ev, "K10", Status::NotMet, &["h", "a"]);
}

// ---------------------------------------------------------------- K11

#[test]
fn k11_stretches_of_exactly_42_days_are_met() {
    let ev = "\
  - {id: a, date: 2021-03-01, kind: risk_assessment, by: s1, result: latent}
  - {id: v, date: 2021-04-12, kind: home_visit, by: s1, child_seen: true}
  - {id: z, date: 2021-05-24, kind: risk_assessment, by: s1, result: none}
";
    expect(ev, "K11", Status::Met, &["a", "v", "z"]);
}

#[test]
fn k11_a_43_day_stretch_is_not_met_with_the_events_around_it() {
    let ev = "\
  - {id: a, date: 2021-03-01, kind: risk_assessment, by: s1, result: latent}
  - {id: v, date: 2021-03-10, kind: home_visit, by: s1, child_seen: true}
  - {id: w, date: 2021-04-22, kind: home_visit, by: s1, child_seen: true}
  - {id: z, date: 2021-04-30, kind: risk_assessment, by: s1, result: none}
";
    expect(ev, "K11", Status::NotMet, &["a", "v", "w", "z"]);
}

#[test]
fn k11_unclear_does_not_end_the_period_and_later_openings_inside_do_not_open_another() {
    let ev = "\
  - {id: a, date: 2021-03-01, kind: risk_assessment, by: s1, result: acute}
  - {id: u, date: 2021-03-20, kind: risk_assessment, by: s1, result: unclear}
  - {id: b, date: 2021-03-25, kind: risk_assessment, by: s1, result: latent}
  - {id: z, date: 2021-04-30, kind: risk_assessment, by: s1, result: none}
";
    let result = expect(ev, "K11", Status::NotMet, &["a", "z"]);
    assert_eq!(result.item("K11").unwrap().activations.len(), 1);
}

#[test]
fn k11_ends_at_case_closed_or_the_case_end() {
    let ev = "\
  - {id: a, date: 2021-03-01, kind: risk_assessment, by: s1, result: latent}
  - {id: x, date: 2021-04-12, kind: case_closed, by: ja}
  - {id: late, date: 2021-09-01, kind: contact, by: s1}
";
    expect(ev, "K11", Status::Met, &["a", "x"]);
    // No closing event: the case end (here the last event) ends the period.
    let ev = "\
  - {id: a, date: 2021-03-01, kind: risk_assessment, by: s1, result: latent}
  - {id: c, date: 2021-04-13, kind: contact, by: s1}
";
    expect(ev, "K11", Status::NotMet, &["a"]);
}

#[test]
fn k11_custody_pauses_until_return_home() {
    let ev = "\
  - {id: a, date: 2021-03-01, kind: risk_assessment, by: s1, result: acute}
  - {id: i, date: 2021-03-02, kind: custody, by: ja}
  - {id: c, date: 2021-05-01, kind: contact, by: s1, child_seen: true}
  - {id: h, date: 2021-07-01, kind: return_home, by: ja}
  - {id: v, date: 2021-08-01, kind: home_visit, by: s1, child_seen: true}
  - {id: z, date: 2021-08-20, kind: risk_assessment, by: s1, result: none}
";
    expect(ev, "K11", Status::Met, &["a", "h", "v", "z"]);
    // After the return home, stretches count again.
    let ev = "\
  - {id: a, date: 2021-03-01, kind: risk_assessment, by: s1, result: acute}
  - {id: i, date: 2021-03-02, kind: custody, by: ja}
  - {id: h, date: 2021-07-01, kind: return_home, by: ja}
  - {id: z, date: 2021-08-20, kind: risk_assessment, by: s1, result: none}
";
    expect(ev, "K11", Status::NotMet, &["a", "h", "z"]);
}

#[test]
fn k11_a_return_home_without_custody_before_it_splits_no_stretch() {
    // The family moves back without any custody: 60 days without seeing the
    // child remain one stretch.
    let ev = "\
  - {id: a, date: 2021-03-01, kind: risk_assessment, by: s1, result: latent}
  - {id: h, date: 2021-03-31, kind: return_home, by: ja}
  - {id: z, date: 2021-04-30, kind: risk_assessment, by: s1, result: none}
";
    expect(ev, "K11", Status::NotMet, &["a", "z"]);
}

#[test]
fn k11_only_the_first_return_home_after_a_custody_ends_the_pause() {
    let ev = "\
  - {id: a, date: 2021-03-01, kind: risk_assessment, by: s1, result: acute}
  - {id: i, date: 2021-03-02, kind: custody, by: ja}
  - {id: h1, date: 2021-05-01, kind: return_home, by: ja}
  - {id: v, date: 2021-06-01, kind: home_visit, by: s1, child_seen: true}
  - {id: h2, date: 2021-06-20, kind: return_home, by: ja}
  - {id: z, date: 2021-07-20, kind: risk_assessment, by: s1, result: none}
";
    // h1 ends the pause (a point); h2 ends none, so v → z is one stretch of 49 days.
    let result = expect(ev, "K11", Status::NotMet, &["a", "v", "z"]);
    let detail = checklist::render::item_detail(
        result.item("K11").unwrap(),
        checklist::afl_basis().item("K11").unwrap(),
        lernfall::lang::Lang::En,
    );
    assert!(detail[0].contains("longest stretch 49 days"), "{detail:?}");
}

#[test]
fn k11_month_precision_gap_is_unknown() {
    let ev = "\
  - {id: a, date: 2021-03-01, kind: risk_assessment, by: s1, result: latent}
  - {id: v, date: 2021-04, kind: home_visit, by: s1, child_seen: true}
  - {id: z, date: 2021-05-10, kind: risk_assessment, by: s1, result: none}
";
    expect(ev, "K11", Status::Unknown, &["a", "v", "z"]);
}

// ---------------------------------------------------------------- K12

#[test]
fn k12_help_plan_every_183_days() {
    let ev = "\
  - {id: s, date: 2021-01-01, kind: help_start, by: ja}
  - {id: p, date: 2021-07-03, kind: help_plan, by: ja}
  - {id: e, date: 2022-01-02, kind: help_end, by: ja}
";
    expect(ev, "K12", Status::Met, &["s", "p", "e"]);
    let ev = "\
  - {id: s, date: 2021-01-01, kind: help_start, by: ja}
  - {id: p, date: 2021-07-04, kind: help_plan, by: ja}
  - {id: e, date: 2021-08-01, kind: help_end, by: ja}
";
    expect(ev, "K12", Status::NotMet, &["s", "p", "e"]);
}

#[test]
fn k12_help_without_end_runs_to_the_case_end() {
    let ev = "\
  - {id: s, date: 2021-01-01, kind: help_start, by: ja}
  - {id: c, date: 2021-08-01, kind: contact, by: s1}
";
    expect(ev, "K12", Status::NotMet, &["s"]);
}

// ---------------------------------------------------------------- K13

#[test]
fn k13_second_missed_appointment_within_30_days_needs_a_visit_within_7() {
    let ev = "\
  - {id: m1, date: 2021-03-01, kind: missed_appointment}
  - {id: m2, date: 2021-03-31, kind: missed_appointment}
  - {id: v, date: 2021-04-07, kind: home_visit, by: s1}
";
    let result = expect(ev, "K13", Status::Met, &["m1", "m2", "v"]);
    assert_eq!(result.item("K13").unwrap().activations.len(), 1, "the first is no activation");
    let ev = "\
  - {id: m1, date: 2021-03-01, kind: missed_appointment}
  - {id: m2, date: 2021-03-31, kind: missed_appointment}
  - {id: v, date: 2021-04-08, kind: home_visit, by: s1}
";
    expect(ev, "K13", Status::NotMet, &["m1", "m2", "v"]);
    let ev = "\
  - {id: m1, date: 2021-03-01, kind: missed_appointment}
  - {id: m2, date: 2021-04-01, kind: missed_appointment}
";
    expect(ev, "K13", Status::NotApplicable, &[]);
}

// ---------------------------------------------------------------- K14

#[test]
fn k14_a_new_reporting_institution_within_90_days_calls_for_a_conference() {
    let ev = "\
  - {id: r1, date: 2021-03-01, kind: report, by: kita}
  - {id: r2, date: 2021-05-30, kind: report, by: lehrer}
  - {id: k, date: 2021-06-27, kind: case_conference, by: ja}
";
    expect(ev, "K14", Status::Met, &["r1", "r2", "k"]);
    let ev = "\
  - {id: r1, date: 2021-03-01, kind: report, by: kita}
  - {id: r2, date: 2021-05-30, kind: report, by: schule}
  - {id: k, date: 2021-06-28, kind: case_conference, by: ja}
";
    expect(ev, "K14", Status::NotMet, &["r1", "r2", "k"]);
}

#[test]
fn k14_same_reporter_people_or_older_reports_do_not_activate() {
    let ev = "\
  - {id: r1, date: 2021-03-01, kind: report, by: schule}
  - {id: r2, date: 2021-03-20, kind: report, by: lehrer}
  - {id: r3, date: 2021-03-25, kind: report, by: nb}
  - {id: r4, date: 2021-09-01, kind: report, by: kita}
";
    expect(ev, "K14", Status::NotApplicable, &[]);
}

// ---------------------------------------------------------------- K15

#[test]
fn k15_medical_check_within_three_days_of_abuse_report() {
    let ev = "\
  - {id: r, date: 2021-03-01, kind: report, by: kita, concerns: [neglect, physical_abuse]}
  - {id: m, date: 2021-03-04, kind: medical, by: praxis}
";
    expect(ev, "K15", Status::Met, &["r", "m"]);
    let ev = "\
  - {id: r, date: 2021-03-01, kind: report, by: kita, concerns: sexual_abuse}
  - {id: m, date: 2021-03-05, kind: medical, by: praxis}
";
    expect(ev, "K15", Status::NotMet, &["r", "m"]);
    let ev = "  - {id: r, date: 2021-03-01, kind: report, by: kita, concerns: neglect}\n";
    expect(ev, "K15", Status::NotApplicable, &[]);
}

// ---------------------------------------------------------------- K16

#[test]
fn k16_child_seen_within_28_days_before_closure() {
    let ev = "\
  - {id: v, date: 2021-03-01, kind: home_visit, by: s1, child_seen: true}
  - {id: x, date: 2021-03-29, kind: case_closed, by: ja}
";
    expect(ev, "K16", Status::Met, &["v", "x"]);
    let ev = "\
  - {id: v, date: 2021-03-01, kind: home_visit, by: s1, child_seen: true}
  - {id: x, date: 2021-03-30, kind: case_closed, by: ja}
";
    expect(ev, "K16", Status::NotMet, &["v", "x"]);
}

#[test]
fn k16_every_child_and_no_acute_assessment_left() {
    let ev = "\
  - {id: v, date: 2021-03-01, kind: home_visit, by: s1, with: kid, child_seen: true}
  - {id: x, date: 2021-03-10, kind: case_closed, by: ja}
";
    expect_with(ev, true, "K16", Status::NotMet, &["v", "x"]);
    let ev = "\
  - {id: a, date: 2021-03-01, kind: risk_assessment, by: s1, result: acute}
  - {id: v, date: 2021-03-05, kind: home_visit, by: s1, child_seen: true}
  - {id: x, date: 2021-03-10, kind: case_closed, by: ja}
";
    expect(ev, "K16", Status::NotMet, &["a", "v", "x"]);
    let ev = "\
  - {id: a, date: 2021-03-01, kind: risk_assessment, by: s1, result: acute}
  - {id: b, date: 2021-03-08, kind: risk_assessment, by: s1, result: latent}
  - {id: v, date: 2021-03-05, kind: home_visit, by: s1, child_seen: true}
  - {id: x, date: 2021-03-10, kind: case_closed, by: ja}
";
    expect(ev, "K16", Status::Met, &["v", "b", "x"]);
}

#[test]
fn k16_without_closure_is_not_applicable() {
    let ev = "  - {id: v, date: 2021-03-01, kind: home_visit, by: s1, child_seen: true}\n";
    expect(ev, "K16", Status::NotApplicable, &[]);
}

// ---------------------------------------------------------------- questions

#[test]
fn guided_questions_are_open() {
    let result = evaluate("  - {id: v, date: 2021-03-01, kind: contact}\n", false);
    for q in ["Q01", "Q02", "Q03", "Q04", "Q05", "Q06"] {
        assert_eq!(result.item(q).unwrap().status, Status::Open);
    }
    assert_eq!(result.items.len(), 22);
}

// ---------------------------------------------------------------- every item, every status

/// For each item: a timeline where it is not met, one where month-precision
/// dates leave it unknown, and one where it does not apply.
const SCENARIOS: &[(&str, &str, &str, &str)] = &[
    (
        "K01",
        "- {id: r, date: 2021-03-01, kind: report, by: kita}\n",
        "- {id: r, date: 2021-03, kind: report, by: kita}\n- {id: a, date: 2021-03-30, kind: risk_assessment, by: s1, result: none}\n",
        "- {id: c, date: 2021-03-01, kind: contact}\n",
    ),
    (
        "K02",
        "- {id: a, date: 2021-03-01, kind: risk_assessment, by: s1, result: none}\n",
        "",
        "- {id: c, date: 2021-03-01, kind: contact}\n",
    ),
    (
        "K03",
        "- {id: r, date: 2021-03-01, kind: report, by: kita}\n",
        "- {id: r, date: 2021-03, kind: report, by: kita}\n- {id: v, date: 2021-03-20, kind: home_visit, child_seen: true}\n",
        "- {id: c, date: 2021-03-01, kind: contact}\n",
    ),
    (
        "K04",
        "- {id: a, date: 2021-03-01, kind: risk_assessment, by: s1, result: latent}\n",
        "- {id: a, date: 2021-03, kind: risk_assessment, by: s1, result: latent}\n- {id: c, date: 2021-04-10, kind: contact, with: mum}\n",
        "- {id: a, date: 2021-03-01, kind: risk_assessment, by: s1, result: none}\n",
    ),
    (
        "K05",
        "- {id: a, date: 2021-03-01, kind: risk_assessment, by: s1, result: acute}\n",
        "- {id: a, date: 2021-03, kind: risk_assessment, by: s1, result: acute}\n- {id: i, date: 2021-03-15, kind: custody, by: ja}\n",
        "- {id: a, date: 2021-03-01, kind: risk_assessment, by: s1, result: latent}\n",
    ),
    (
        "K06",
        "- {id: a, date: 2021-03-01, kind: risk_assessment, by: s1, result: latent}\n",
        "- {id: a, date: 2021-03, kind: risk_assessment, by: s1, result: latent}\n- {id: p, date: 2021-04-15, kind: help_plan, by: ja}\n",
        "- {id: a, date: 2021-03-01, kind: risk_assessment, by: s1, result: acute}\n",
    ),
    (
        "K07",
        "- {id: i, date: 2021-03-01, kind: custody, by: ja}\n",
        "- {id: i, date: 2021-03, kind: custody, by: ja}\n- {id: g, date: 2021-03-15, kind: court_application, by: ja}\n",
        "- {id: i, date: 2021-03-01, kind: custody, by: ja, consent: true}\n",
    ),
    (
        "K08",
        "- {id: r, date: 2021-03-01, kind: report, by: schule}\n",
        "- {id: r, date: 2021-03, kind: report, by: schule}\n- {id: f, date: 2021-04-15, kind: feedback, by: s1, to: schule}\n",
        "- {id: r, date: 2021-03-01, kind: report, by: kita}\n",
    ),
    (
        "K09",
        "- {id: h, date: 2021-03-01, kind: handover, by: ja, mode: written}\n",
        "- {id: h, date: 2021-03-01, kind: handover, by: ja}\n",
        "- {id: c, date: 2021-03-01, kind: contact, mode: written}\n",
    ),
    (
        "K10",
        "- {id: h, date: 2021-03-01, kind: handover, by: ja, mode: phone}\n",
        "- {id: h, date: 2021-03, kind: handover, by: ja, mode: phone}\n- {id: a, date: 2021-03-25, kind: risk_assessment, by: s1, result: none}\n",
        "- {id: c, date: 2021-03-01, kind: contact}\n",
    ),
    (
        "K11",
        "- {id: a, date: 2021-03-01, kind: risk_assessment, by: s1, result: latent}\n- {id: z, date: 2021-05-01, kind: risk_assessment, by: s1, result: none}\n",
        "- {id: a, date: 2021-03-01, kind: risk_assessment, by: s1, result: latent}\n- {id: z, date: 2021-04, kind: risk_assessment, by: s1, result: none}\n",
        "- {id: a, date: 2021-03-01, kind: risk_assessment, by: s1, result: need_for_help}\n",
    ),
    (
        "K12",
        "- {id: s, date: 2021-01-01, kind: help_start, by: ja}\n- {id: e, date: 2021-12-01, kind: help_end, by: ja}\n",
        "- {id: s, date: 2021-01-01, kind: help_start, by: ja}\n- {id: e, date: 2021-07, kind: help_end, by: ja}\n",
        "- {id: p, date: 2021-01-01, kind: help_plan, by: ja}\n",
    ),
    (
        "K13",
        "- {id: m1, date: 2021-03-01, kind: missed_appointment}\n- {id: m2, date: 2021-03-10, kind: missed_appointment}\n",
        "- {id: m1, date: 2021-02, kind: missed_appointment}\n- {id: m2, date: 2021-03-10, kind: missed_appointment}\n",
        "- {id: m1, date: 2021-03-01, kind: missed_appointment}\n",
    ),
    (
        "K14",
        "- {id: r1, date: 2021-03-01, kind: report, by: kita}\n- {id: r2, date: 2021-03-10, kind: report, by: schule}\n",
        "- {id: r1, date: 2021-03-01, kind: report, by: kita}\n- {id: r2, date: 2021-03-10, kind: report, by: schule}\n- {id: k, date: 2021-04, kind: case_conference, by: ja}\n",
        "- {id: r1, date: 2021-03-01, kind: report, by: kita}\n",
    ),
    (
        "K15",
        "- {id: r, date: 2021-03-01, kind: report, by: kita, concerns: physical_abuse}\n",
        "- {id: r, date: 2021-03, kind: report, by: kita, concerns: physical_abuse}\n- {id: m, date: 2021-03-15, kind: medical, by: praxis}\n",
        "- {id: r, date: 2021-03-01, kind: report, by: kita, concerns: neglect}\n",
    ),
    (
        "K16",
        "- {id: x, date: 2021-03-01, kind: case_closed, by: ja}\n",
        "- {id: v, date: 2021-02, kind: home_visit, child_seen: true}\n- {id: x, date: 2021-03-10, kind: case_closed, by: ja}\n",
        "- {id: c, date: 2021-03-01, kind: contact}\n",
    ),
];

#[test]
fn every_item_has_each_status_and_an_exception_excepts_it() {
    let ids: Vec<&str> = SCENARIOS.iter().map(|s| s.0).collect();
    let rules: Vec<String> = checklist::afl_basis().rules().map(|(i, _)| i.id.clone()).collect();
    assert_eq!(ids, rules, "a scenario per rule of afl-basis");
    for (item, not_met, unknown, not_applicable) in SCENARIOS {
        let status = |events: &str| evaluate(events, false).item(item).unwrap().status;
        assert_eq!(status(not_met), Status::NotMet, "{item} not met");
        if !unknown.is_empty() {
            assert_eq!(status(unknown), Status::Unknown, "{item} unknown");
        }
        assert_eq!(status(not_applicable), Status::NotApplicable, "{item} not applicable");
        let excepted = format!("{not_met}exceptions:\n  - {{item: {item}, reason: begründet}}\n");
        let result = evaluate(&excepted, false);
        let r = result.item(item).unwrap();
        assert_eq!(r.status, Status::Excepted, "{item} excepted");
        assert_eq!(r.reasons, ["begründet"]);
        if !unknown.is_empty() {
            let excepted = format!("{unknown}exceptions:\n  - {{item: {item}, reason: offen}}\n");
            assert_eq!(evaluate(&excepted, false).item(item).unwrap().status, Status::Excepted);
        }
    }
}
