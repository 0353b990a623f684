//! `lernfall import` and `lernfall merge`: chronologies as tables, several
//! agencies' chronologies as one case. Every table here is fictional.

use std::path::Path;

use crate::run;

const DEMO: &str = "examples/chronologies";

fn import(table: &str, source: &str, out: &Path) -> (i32, String) {
    let (code, _, err) = run(&[
        "import",
        &format!("{DEMO}/{table}"),
        "--people",
        &format!("{DEMO}/personen.csv"),
        "--source",
        source,
        "--ref",
        "DEMO-IMPORT",
        "--municipality",
        "Musterstadt",
        "-o",
        out.to_str().unwrap(),
    ]);
    (code, err)
}

/// The README's walk-through: three agencies' tables (semicolon CSV in
/// UTF-8, comma CSV in Windows-1252, an Excel workbook) imported and merged;
/// the duplicate report is kept once, the conflict kept twice and listed.
#[test]
fn three_chronologies_to_one_checked_case() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (table, source, out) in [
        ("jugendamt.csv", "Jugendamt Musterstadt", "ja.yaml"),
        ("kita.csv", "Kita Regenbogen", "kita.yaml"),
        ("klinik.xlsx", "Kinderklinik Musterstadt", "klinik.yaml"),
    ] {
        let (code, err) = import(table, source, &d.join(out));
        assert_eq!(code, 0, "{table}: {err}");
    }
    let kita = std::fs::read_to_string(d.join("kita.yaml")).unwrap();
    assert!(kita.contains("Hämatome am Oberarm"), "Windows-1252 decoded");
    let klinik = std::fs::read_to_string(d.join("klinik.yaml")).unwrap();
    assert!(klinik.contains("date: \"2021-06-21\""), "Excel dates read as dates");
    let merged = d.join("fall.yaml");
    let (code, out, err) = run(&[
        "--lang",
        "en",
        "merge",
        d.join("ja.yaml").to_str().unwrap(),
        d.join("kita.yaml").to_str().unwrap(),
        d.join("klinik.yaml").to_str().unwrap(),
        "-o",
        merged.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["events"], 10, "6 + 3 + 2 events, one report in two tables");
    assert_eq!(report["duplicates"].as_array().unwrap().len(), 1);
    let conflicts = report["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0]["field"], "child_seen");
    let case = lernfall::load::load_file(&merged, Default::default()).case.unwrap();
    assert_eq!(case.events.len(), 10);
    // Ids never carry a name (messages quote ids): role or kind and a number.
    for p in &case.people {
        assert!(!p.id.contains("sommer") && !p.id.contains("berger"), "{}", p.id);
    }
    assert!(case.people.iter().any(|p| p.id == "child-1"));
    assert!(
        case.events
            .iter()
            .any(|e| e.note.as_deref().is_some_and(|n| n.contains("auch in der Chronologie")))
    );
    let (code, _, err) = run(&["check", merged.to_str().unwrap()]);
    assert!(code == 0, "{err}");
}

/// English headers and other spellings; a row with a bad date and one with
/// an unknown kind are placed by table, row and column, and the planted
/// names in those cells never appear in a message.
#[test]
fn headers_dates_and_problems_without_quoting_cells() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("en.csv");
    std::fs::write(
        &good,
        "date,time,kind,by,to,with,child_seen,result,notes\n2021-03-02,9:15,report,Kita Regenbogen,Jugendamt Musterstadt,Mia Sommer,,,x\n2021-03-05,,risk_assessment,Jugendamt Musterstadt,,Mia Sommer,yes,acute,\n03/2021,,Kontakt,Jugendamt Musterstadt,,,,,\n",
    )
    .unwrap();
    let (code, yaml, err) = run(&["import", good.to_str().unwrap(), "-o", "-"]);
    assert_eq!(code, 0, "{err}");
    assert!(yaml.contains("time: \"09:15\"") && yaml.contains("result: acute"), "{yaml}");
    assert!(yaml.contains("date: \"2021-03\""), "month precision: {yaml}");
    assert!(yaml.contains("# BITTE PRÜFEN"), "created entries are marked");
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "Datum;Art;Wer\n02.03.2021;Meldung;Kita\nZarah Quellenbrink;Meldung;Kita\n03.03.2021;Hausbsuch;Kita\n04.03.2021;Zarah Quellenbrink;Kita\n",
    )
    .unwrap();
    let out = dir.path().join("never.yaml");
    let (code, _, err) = run(&["import", bad.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(!out.exists(), "nothing written");
    assert!(err.contains("Zeile 3, Spalte „Datum“"), "{err}");
    assert!(err.contains("Zeile 4, Spalte „Art“") && err.contains("`home_visit`"), "{err}");
    assert!(err.contains("Zeile 5, Spalte „Art“"), "{err}");
    assert!(
        !err.contains("Quellenbrink") && !err.contains("Zarah"),
        "cells are never quoted: {err}"
    );
    let (code, json, _) = run(&["import", bad.to_str().unwrap(), "-o", "-", "--format", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["problems"][0]["code"], "invalid_date");
    assert_eq!(v["problems"][0]["row"], 3);
}

/// `--columns` maps headers the tool does not know.
#[test]
fn columns_map_unknown_headers() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("t.csv");
    std::fs::write(&table, "Eingang am;Vorgang;Kind\n02.03.2021;Meldung;Mia Sommer\n05.03.2021;Hausbesuch;Mia Sommer\n").unwrap();
    let map = dir.path().join("map.yaml");
    std::fs::write(&map, "Eingang am: date\nVorgang: kind\n").unwrap();
    let (code, _, err) = run(&["import", table.to_str().unwrap(), "-o", "-"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("--columns"), "{err}");
    let (code, yaml, err) =
        run(&["import", table.to_str().unwrap(), "--columns", map.to_str().unwrap(), "-o", "-"]);
    // `Kind` is not mapped: the child is named nowhere; the import says so.
    assert_eq!(code, 1, "{yaml}{err}");
    assert!(err.contains("kein Kind"), "{err}");
}

/// import → timeline --format xlsx → import gives the same events.
#[test]
fn xlsx_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (code, err) = import("jugendamt.csv", "Jugendamt Musterstadt", &d.join("a.yaml"));
    assert_eq!(code, 0, "{err}");
    let xlsx = d.join("a.xlsx");
    let (code, _, err) = run(&[
        "timeline",
        d.join("a.yaml").to_str().unwrap(),
        "--notes",
        "--format",
        "xlsx",
        "-o",
        xlsx.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run(&[
        "import",
        xlsx.to_str().unwrap(),
        "--people",
        &format!("{DEMO}/personen.csv"),
        "-o",
        d.join("b.yaml").to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let load = |f: &str| lernfall::load::load_file(&d.join(f), Default::default()).case.unwrap();
    let (a, b) = (load("a.yaml"), load("b.yaml"));
    let key = |c: &lernfall::model::Case| {
        c.story_order()
            .iter()
            .map(|e| {
                let names = |ids: &[String]| {
                    ids.iter()
                        .map(|i| match c.entity(i) {
                            Some(lernfall::model::Entity::Person(p)) => p.name.clone(),
                            Some(lernfall::model::Entity::Staff(s)) => s.name.clone(),
                            Some(lernfall::model::Entity::Institution(x)) => {
                                x.name.clone().unwrap_or_default()
                            }
                            None => i.clone(),
                        })
                        .collect::<Vec<_>>()
                };
                (
                    e.date,
                    e.time,
                    e.kind,
                    names(&e.by),
                    names(&e.to),
                    names(&e.with),
                    e.child_seen,
                    e.result,
                    e.note.clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(key(&a), key(&b));
}

/// The table template imports as it is.
#[test]
fn table_template_imports() {
    let dir = tempfile::tempdir().unwrap();
    let (code, template, _) = run(&["new", "--table"]);
    assert_eq!(code, 0);
    assert!(template.starts_with('\u{feff}') && template.contains("Datum;Uhrzeit;Art;Wer;an;mit"));
    let path = dir.path().join("chronologie.csv");
    std::fs::write(&path, template).unwrap();
    let (code, yaml, err) = run(&["import", path.to_str().unwrap(), "-o", "-"]);
    assert_eq!(code, 0, "{err}");
    assert!(yaml.contains("kind: report") && yaml.contains("role: child"), "{yaml}");
}

/// Names typed or pasted in other forms — in „…“ or »…«, with a no-break
/// space, a soft hyphen or a zero-width space, in capitals — are the same
/// person as in the people table; merge matches them the same way.
#[test]
fn messy_name_forms_are_one_person() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("t.csv");
    std::fs::write(
        &table,
        "Datum;Art;Wer;mit;Kind gesehen\n02.03.2021;Hausbesuch;Jugendamt Musterstadt;„Mia Sommer“;ja\n03.03.2021;Kontakt;Jugendamt Musterstadt;»Mia\u{a0}Sommer«;ja\n04.03.2021;Kontakt;Jugendamt Musterstadt;MIA SOM\u{ad}MER, Jana\u{200b} Sommer;ja\n",
    )
    .unwrap();
    let out = dir.path().join("a.yaml");
    let (code, _, err) = run(&[
        "import",
        table.to_str().unwrap(),
        "--people",
        &format!("{DEMO}/personen.csv"),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let case = lernfall::load::load_file(&out, Default::default()).case.unwrap();
    assert_eq!(case.people.len(), 3, "no extra person: {:?}", case.people);
    assert!(case.events.iter().all(|e| e.with.contains(&"child-1".to_owned())));
    assert!(!std::fs::read_to_string(&out).unwrap().contains('„'), "names written clean");
    // Merge: the same child in capitals in another file is matched by name.
    let other = dir.path().join("b.yaml");
    std::fs::write(
        &other,
        "# Fictional.\nformat: lernfall/1\ncase: {ref: B, municipality: Musterstadt, opened: 2021-03-01}\npeople:\n  kind: {role: child, name: \"MIA\u{a0}SOMMER\"}\nevents:\n  - {id: x1, date: 2021-03-09, kind: contact, with: kind}\n",
    )
    .unwrap();
    let (code, json, err) = run(&[
        "merge",
        out.to_str().unwrap(),
        other.to_str().unwrap(),
        "-o",
        dir.path().join("m.yaml").to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    let m = report["matches"].as_array().unwrap().iter().find(|m| m["id"] == "kind").unwrap();
    assert_eq!(m["by"], "name");
    assert_eq!(m["merged"], "child-1");
}
