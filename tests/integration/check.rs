//! `lernfall check`, `checklist` and `timeline` over the real binary, and
//! checklists written by moderators.

use lernfall::checklist::{self, Status};
use lernfall::load::load_str;

use crate::run;

const CASE_01: &str = "cases/01-kita-haematome.yaml";

#[test]
fn check_table_of_a_demo_case() {
    let (code, out, err) = run(&["check", CASE_01]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("check_table_de", out);
}

#[test]
fn check_markdown_in_english() {
    let (code, out, _) = run(&["--lang", "en", "check", "--format", "markdown", CASE_01]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("check_markdown_en", out);
}

#[test]
fn check_json_shape() {
    let (code, out, _) = run(&["check", "--format", "json", "cases/"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let files = v.as_array().expect("array");
    assert_eq!(files.len(), crate::demo_count());
    for f in files {
        assert_eq!(f["checklist"], "afl-basis");
        assert!(f["file"].as_str().unwrap().starts_with("cases/"));
        assert!(f["case"].is_string());
        let items = f["items"].as_array().unwrap();
        assert_eq!(items.len(), 22);
        for item in items {
            let status = item["status"].as_str().unwrap();
            assert!(Status::parse(status).is_some(), "{status}");
            assert!(item["evidence"].is_array());
            assert!(item["detail"].is_string());
            if status == "excepted" {
                assert!(!item["reasons"].as_array().unwrap().is_empty());
            }
        }
    }
    let first: serde_json::Value =
        serde_json::from_str(&run(&["check", "--format", "json", CASE_01]).1).unwrap();
    insta::assert_snapshot!("check_json_case_01", serde_json::to_string_pretty(&first).unwrap());
}

#[test]
fn check_csv_is_tidy_and_parses_back() {
    let (code, out, _) = run(&["check", "--format", "csv", "cases/"]);
    assert_eq!(code, 0);
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        ["file", "case", "checklist", "item", "title", "category", "status", "evidence", "detail"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), crate::demo_count() * 22);
    assert!(rows.iter().all(|r| Status::parse(&r[6]).is_some()));
}

#[test]
fn fail_on_sets_the_exit_code() {
    let (code, _, _) = run(&["check", "--fail-on", "not_met", CASE_01]);
    assert_eq!(code, 1);
    let (code, _, _) =
        run(&["check", "--fail-on", "excepted", "cases/06-jugendliche-schutzplan.yaml"]);
    assert_eq!(code, 0);
    let (code, _, err) = run(&["check", "--fail-on", "bad", CASE_01]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn invalid_files_are_reported_and_skipped() {
    let (code, out, _) = run(&["check", "tests/invalid/unknown-field-event.yaml", CASE_01]);
    assert_eq!(code, 1);
    assert!(out.contains("tests/invalid/unknown-field-event.yaml:"), "{out}");
    assert!(out.contains("error:"));
    assert!(out.contains("Fall DEMO-51.2-2021/0101"));
    assert!(out.contains("2 Fälle geprüft (1 ungültig übersprungen)"), "{out}");
}

#[test]
fn checklist_show_prints_a_file_that_lints_clean() {
    let (code, out, _) = run(&["checklist", "show", "afl-basis"]);
    assert_eq!(code, 0);
    assert_eq!(out, checklist::AFL_BASIS);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("liste.yaml");
    std::fs::write(&path, &out).unwrap();
    let (code, out, _) = run(&["checklist", "lint", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn checklist_lint_rejects_unknown_kinds_and_fields_with_positions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("liste.yaml");
    let text = checklist::AFL_BASIS
        .replace("target: {kind: medical}", "target: {kind: medicall}")
        .replace(
            "activation: {kind: handover}\n      require:",
            "activation: {kind: handover}\n      requires:",
        );
    std::fs::write(&path, &text).unwrap();
    let file = path.to_str().unwrap();
    let (code, out, _) = run(&["--lang", "en", "checklist", "lint", file]);
    assert_eq!(code, 1);
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let kind_line = line_of("kind: medicall");
    let field_line = line_of("requires:");
    assert!(
        out.contains(&format!(
            "{file}:{field_line}:7: error: unknown field `requires` (did you mean `require`?)"
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!("{file}:{kind_line}:22: error: unknown event kind `medicall`")),
        "{out}"
    );
    assert!(out.contains("(at items[14].rule.target.kind)"), "{out}");
    // `check` refuses to run it, with the same messages on standard error.
    let (code, _, err) = run(&["check", "--checklist", file, CASE_01]);
    assert_eq!(code, 2);
    assert!(err.contains(&format!("{file}:{kind_line}:22: error:")), "{err}");
}

#[test]
fn checklist_schema_is_json() {
    let (code, out, _) = run(&["checklist", "schema"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["properties"]["format"]["const"], "lernfall-checklist/1");
}

#[test]
fn a_moderator_changes_a_day_limit_without_touching_rust() {
    let case = load_str(&std::fs::read_to_string(CASE_01).unwrap()).case.unwrap();
    let afl = checklist::afl_basis();
    let base = checklist::evaluate(&afl, &case);
    assert_eq!(base.item("K01").unwrap().status, Status::NotMet);
    // The first report was assessed after 7 days; with a 10-day limit it is met.
    let edited = checklist::AFL_BASIS.replacen("within: 3d", "within: 10d", 1);
    let list = checklist::parse(&edited).unwrap();
    let result = checklist::evaluate(&list, &case);
    let k01 = result.item("K01").unwrap();
    assert_eq!(k01.activations[0].status, Status::Met, "{k01:#?}");
}

#[test]
fn own_items_use_every_template() {
    let list = checklist::parse(
        "\
format: lernfall-checklist/1
id: eigene
title: {de: Eigene Liste, en: Own list}
items:
  - id: X1
    title: {de: Supervision im Fall, en: Supervision in the case}
    category: leadership
    rule: {template: existence, target: {kind: supervision}}
  - id: X2
    title: {de: Keine Polizei, en: No police}
    category: other
    rule: {template: absence, target: {kind: police}}
  - id: X3
    title: {de: Beratung vor Inobhutnahme, en: Consultation before custody}
    category: procedures
    rule: {template: precedence, activation: {kind: custody}, target: {kind: [consultation, expert_consultation]}, within: 2w}
  - id: X4
    title: {de: Kein Abschluss direkt nach Meldung, en: No closure right after a report}
    category: assessment
    rule: {template: not_response, activation: {kind: Meldung}, target: {kind: case_closed}, within: 30d}
  - id: X5
    title: {de: Kind allein gesprochen, en: Child spoken to alone}
    category: participation
    rule:
      template: responded_existence
      activation: {kind: risk_assessment, result: [acute, latent]}
      target: {child_seen_alone: true}
      window: {before: 7d, after: 7d}
  - id: X6
    title: {de: Keine Rückführung ohne Hausbesuch, en: No return without home visit}
    category: procedures
    rule: {template: not_coexistence, activation: {kind: return_home}, target: {kind: incident}}
  - id: X7
    title: {de: Hausbesuche zu zweit, en: Home visits in pairs}
    category: assessment
    rule: {template: condition, activation: {kind: home_visit, home_seen: true}, require: {min_staff: 2}}
",
    )
    .unwrap();
    let case = load_str(
        "\
# Fictional test case.
format: lernfall/1
case: {ref: TEST-2, municipality: Teststadt, opened: 2021-01-01}
people: {kid: {role: child, name: Kind Eins}}
institutions: {ja: {kind: youth_office}, pol: {kind: police}}
staff: {s1: {name: Fachkraft Eins, institution: ja}, s2: {name: Fachkraft Zwei, institution: ja}}
events:
  - {id: r, date: 2021-03-01, kind: report, by: pol}
  - {id: p, date: 2021-03-01, kind: police, by: pol}
  - {id: a, date: 2021-03-02, kind: risk_assessment, by: [s1, s2], result: acute}
  - {id: b, date: 2021-03-02, kind: expert_consultation, by: s1}
  - {id: i, date: 2021-03-03, kind: custody, by: ja, consent: true}
  - {id: v, date: 2021-03-05, kind: home_visit, by: s1, with: s2, child_seen: true, child_seen_alone: true, home_seen: true}
  - {id: x, date: 2021-03-20, kind: case_closed, by: ja}
",
    )
    .case
    .unwrap();
    let result = checklist::evaluate(&list, &case);
    let status = |id: &str| result.item(id).unwrap().status;
    let evidence = |id: &str| result.item(id).unwrap().evidence.clone();
    assert_eq!(status("X1"), Status::NotMet);
    assert_eq!(status("X2"), Status::NotMet);
    assert_eq!(evidence("X2"), ["p"]);
    assert_eq!(status("X3"), Status::Met);
    assert_eq!(evidence("X3"), ["b", "i"]);
    assert_eq!(status("X4"), Status::NotMet);
    assert_eq!(evidence("X4"), ["r", "x"]);
    assert_eq!(status("X5"), Status::Met);
    assert_eq!(status("X6"), Status::NotApplicable);
    assert_eq!(status("X7"), Status::Met);
}

#[test]
fn timeline_marks_findings_and_gaps() {
    let (code, out, err) = run(&["timeline", CASE_01]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("timeline_de", out);
    let (_, json, _) = run(&["timeline", "--format", "json", CASE_01]);
    let rows: serde_json::Value = serde_json::from_str(&json).unwrap();
    let rows = rows.as_array().unwrap();
    let dates: Vec<&str> = rows.iter().map(|r| r["date"].as_str().unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);
    assert!(rows.iter().any(|r| r["gap_before"].as_i64().is_some_and(|d| d > 42)));
    assert!(rows.iter().any(|r| r["findings"].as_array().is_some_and(|f| !f.is_empty())));
}

#[test]
fn timeline_reads_stdin_and_rejects_invalid_cases() {
    let out = crate::lernfall()
        .args(["--lang", "en", "timeline", "--format", "csv", "-"])
        .write_stdin(std::fs::read(CASE_01).unwrap())
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("date,time,id,kind,"));
    let (code, out, err) = run(&["timeline", "tests/invalid/unknown-field-event.yaml"]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(err.contains("error:"));
}

#[test]
fn afl_erweitert_shows_reasons_and_the_since_note_in_every_output() {
    let case = "cases/03-umzug-zustaendigkeitswechsel.yaml";
    let (code, out, err) =
        run(&["--lang", "en", "check", "--checklist", "afl-erweitert", "--format", "json", case]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let items = v[0]["items"].as_array().unwrap();
    let item = |id: &str| items.iter().find(|i| i["id"] == id).unwrap();
    assert_eq!(item("K17")["status"], "not_applicable");
    assert!(item("K17")["not_applicable"].as_str().unwrap().starts_with("no return home"));
    assert_eq!(item("K19")["since"], "2021-06-10");
    assert_eq!(
        item("K19")["activations"][0]["todays_law"],
        "judged by today's law (duty since 2021-06-10)"
    );
    assert!(item("K01").get("not_applicable").is_none());
    // The table says the same in German.
    let (_, out, _) = run(&["check", "--checklist", "afl-erweitert", case]);
    assert!(out.contains("Maßstab nach heutigem Recht (Pflicht seit 2021-06-10)"), "{out}");
    assert!(out.contains("keine Leitungskraft erfasst (staff.position)"), "{out}");
    // The timeline marks the activation and lists what is not applicable.
    let (_, out, _) = run(&["timeline", "--checklist", "afl-erweitert", case]);
    assert!(out.contains("K19 ✗*"), "{out}");
    assert!(out.contains("Nicht einschlägig:\n"), "{out}");
    assert!(out.contains("K28 Vormund sieht das Mündel monatlich: kein Vormund erfasst"), "{out}");
    let (_, out, _) =
        run(&["--lang", "en", "timeline", "--format", "markdown", "-c", "afl-erweitert", case]);
    assert!(out.contains("**Not applicable**"), "{out}");
}

#[test]
fn the_handout_shows_measures_reasons_and_new_items() {
    let (code, out, err) = run(&[
        "--lang",
        "en",
        "handout",
        "--identifying",
        "--checklist",
        "afl-erweitert",
        "--out",
        "-",
        "cases/08-kita-beobachtung-vormundschaft.yaml",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("<h2>Agreed measures</h2>"), "{out}");
    assert!(out.contains("class=\"measure-open\""));
    assert!(out.contains("Guardian sees the ward monthly"));
    assert!(out.contains("no handover in the case"));
}

/// Events dated only to a month come after the day-dated events of that
/// month in every timeline output, marked "(im Monat)"; the checklist still
/// reads them from the first of the month (its results do not change).
#[test]
fn timeline_tells_the_story_in_order_month_dated_events_last_in_their_month() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("order.yaml");
    std::fs::write(
        &path,
        "# Fictional test case.\nformat: lernfall/1\ncase:\n  ref: T-ORDER\n  opened: 2021-03-01\n  municipality: Testdorf\npeople:\n  kind: {role: child, name: Kind Eins}\ninstitutions:\n  ja: {kind: youth_office, name: Jugendamt}\nevents:\n  - {id: invite, date: 2021-03, kind: contact, by: ja, note: Einladung nach dem Hausbesuch.}\n  - {id: late, date: 2021-03-20, time: \"14:00\", kind: home_visit, by: ja, child_seen: true}\n  - {id: early, date: 2021-03-20, time: \"08:00\", kind: contact, by: ja}\n  - {id: april, date: 2021-04-02, kind: contact, by: ja}\n",
    )
    .unwrap();
    let p = path.to_str().unwrap();
    let (code, json, err) = run(&["timeline", "--format", "json", p]);
    assert_eq!(code, 0, "{err}");
    let rows: serde_json::Value = serde_json::from_str(&json).unwrap();
    let ids: Vec<&str> =
        rows.as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["early", "late", "invite", "april"]);
    assert!(rows[2].get("note").is_none(), "no notes unless asked for");
    let (_, table, _) = run(&["timeline", p]);
    assert!(table.contains("2021-03 (im Monat)"), "{table}");
    assert!(!table.contains("Einladung"), "notes are off by default");
    // --notes: in every format, with a warning for a file that is not anonymised.
    let (code, table, err) = run(&["timeline", "--notes", p]);
    assert_eq!(code, 0);
    assert!(table.contains("Einladung nach dem Hausbesuch."), "{table}");
    assert!(err.contains("nicht anonymisiert"), "{err}");
    let (_, md, _) = run(&["timeline", "--notes", "--format", "markdown", p]);
    assert!(md.contains("| Notiz |") && md.contains("Einladung"), "{md}");
    let (_, csv, _) = run(&["timeline", "--notes", "--format", "csv", p]);
    assert!(csv.lines().next().unwrap().ends_with(",note"), "{csv}");
    let (_, json, _) = run(&["timeline", "--notes", "--format", "json", p]);
    assert!(json.contains("\"note\": \"Einladung nach dem Hausbesuch.\""), "{json}");
}
