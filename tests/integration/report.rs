//! `lernfall report`: statistics across cases, small groups never exact.

use crate::run;

#[test]
fn report_tables_as_markdown() {
    let (code, out, err) =
        run(&["report", "--format", "markdown", "--as-of", "2026-01-01", "cases/"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("report_markdown_de", out);
}

#[test]
fn measures_are_counted_per_municipality_and_responsible_and_overdue_ones_listed() {
    let json = |args: &[&str]| -> serde_json::Value {
        let mut all = vec!["--lang", "en", "report", "--format", "json", "--as-of", "2024-02-15"];
        all.extend_from_slice(args);
        all.push("cases/");
        let (code, out, err) = run(&all);
        assert_eq!(code, 0, "{err}");
        serde_json::from_str(&out).unwrap()
    };
    // Exact with a threshold of 1: the demo set has 2 cases with measures in
    // one municipality: 3 open, 2 done, 2 dropped; one open measure of the
    // youth office was due 2023-03-31.
    let v = json(&["--table", "measures", "--threshold", "1"]);
    let rows = v["tables"][0]["rows"].as_array().unwrap();
    let all = rows.iter().find(|r| r[1] == "(all)").expect("a row for all");
    assert_eq!(
        all.as_array().unwrap()[2..],
        [2, 3, 2, 2, 1].map(serde_json::Value::from)[..],
        "{all}"
    );
    let office = rows.iter().find(|r| r[1] == "youth office").expect("youth office row");
    assert_eq!(office[6], 1, "{office}");
    assert!(rows.iter().all(|r| r.to_string().chars().all(|c| c != '@')));
    let v = json(&["--table", "overdue", "--threshold", "1"]);
    let rows = v["tables"][0]["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0][3], "2023-03-31");
    assert_eq!(rows[0][4], 321);
    // Two cases are a small group: nothing exact, no measure text.
    let v = json(&["--table", "measures"]);
    for row in v["tables"][0]["rows"].as_array().unwrap() {
        assert!(row.as_array().unwrap()[2..].iter().all(|c| c == "<5"), "{row}");
    }
    let v = json(&["--table", "overdue"]);
    let rows = v["tables"][0]["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert!(rows[0].as_array().unwrap()[1..].iter().all(|c| c == "<5"), "{rows:?}");
}

#[test]
fn overdue_measure_texts_are_scrubbed() {
    let dir = tempfile::tempdir().unwrap();
    let case = std::fs::read_to_string("cases/07-saeugling-rueckfuehrung-klinikwarnung.yaml")
        .unwrap()
        .replace(
            "Fristenliste für Anfragen des Familiengerichts im Team",
            "Fristenliste nach dem Fall Brandner, Rückfragen an Frau Roth unter 0999 4711",
        );
    std::fs::write(dir.path().join("c.yaml"), case).unwrap();
    let (code, out, err) = run(&[
        "report",
        "--format",
        "json",
        "--table",
        "overdue",
        "--threshold",
        "1",
        "--as-of",
        "2024-01-01",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Fristenliste"), "{out}");
    for planted in ["Brandner", "Roth", "4711"] {
        assert!(!out.contains(planted), "{planted} in {out}");
    }
}

#[test]
fn report_json_has_every_table() {
    let (code, out, _) = run(&["--lang", "en", "report", "--format", "json", "cases/"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let n = crate::demo_count();
    assert_eq!(v["cases"], n);
    let names: Vec<&str> =
        v["tables"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names, lernfall::report::TABLES);
    // Items: every case counted once per item.
    let items = &v["tables"][0];
    for row in items["rows"].as_array().unwrap() {
        let counts: u64 = [2, 4, 6, 8, 10].iter().map(|&i| row[i].as_u64().unwrap()).sum();
        assert_eq!(counts as usize, n, "{row}");
    }
}

#[test]
fn groups_below_the_threshold_are_never_exact() {
    let (_, out, _) =
        run(&["--lang", "en", "report", "--format", "json", "--table", "municipalities", "cases/"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    for row in v["tables"][0]["rows"].as_array().unwrap() {
        for cell in row.as_array().unwrap().iter().skip(2) {
            assert!(cell.is_null() || cell == "<5" || cell == "", "{row}");
        }
    }
    // With a threshold of 1 every group is exact.
    let (_, out, _) = run(&[
        "report",
        "--format",
        "json",
        "--table",
        "municipalities",
        "--threshold",
        "1",
        "cases/",
    ]);
    assert!(!out.contains("<1"));
    let (_, out, _) =
        run(&["report", "--format", "json", "--table", "items", "--threshold", "9", "cases/"]);
    assert!(out.contains("\"<9\""), "eight cases are fewer than nine");
}

#[test]
fn csv_for_excel_and_for_scripts() {
    let (code, out, _) = run(&["report", "--format", "csv", "--table", "items", "cases/"]);
    assert_eq!(code, 0);
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 16);
    // Percentages as plain numbers among the applicable cases: K01 is met
    // in 4 of 8 applicable cases.
    assert_eq!(&rows[0][3], "50.0", "{:?}", &rows[0]);
    let (_, out, _) = run(&["report", "--format", "csv", "--table", "items", "--excel", "cases/"]);
    assert!(out.starts_with('\u{feff}'));
    assert!(out.lines().nth(1).unwrap().contains(';'));
    assert!(out.contains("37,5"), "percentages with a decimal comma");
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) =
        run(&["report", "--format", "csv", "--out", dir.path().to_str().unwrap(), "cases/"]);
    assert_eq!(code, 0, "{err}");
    for name in lernfall::report::TABLES {
        assert!(dir.path().join(format!("{name}.csv")).exists(), "{name}");
    }
    let (code, _, _) = run(&["report", "--format", "csv", "cases/"]);
    assert_eq!(code, 2, "csv needs --table or --out");
}

#[test]
fn items_say_why_they_were_not_applicable_and_how_often_todays_law_was_applied() {
    let (code, out, err) = run(&[
        "--lang",
        "en",
        "report",
        "--format",
        "json",
        "--checklist",
        "afl-erweitert",
        "--table",
        "items",
        "--threshold",
        "1",
        "cases/",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let table = &v["tables"][0];
    let columns = table["columns"].as_array().unwrap();
    assert_eq!(columns[11], "by today's law");
    assert_eq!(columns[12], "not applicable when");
    let rows = table["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 30);
    let row = |id: &str| rows.iter().find(|r| r[0] == id).unwrap().as_array().unwrap().clone();
    assert!(row("K22")[12].as_str().unwrap().contains("no lead recorded (staff.position)"));
    // K19 exists since 2021-06-10: the demo cases of 2019 and 2020 are judged by today's law.
    assert!(row("K19")[11].as_u64().unwrap() >= 2, "{:?}", row("K19"));
    // Items without a `since` leave the column empty.
    assert!(row("K01")[11].is_null());
}

/// Every number of the report (in all tables) of a run with fewer cases
/// than the threshold is suppressed or zero: counts, shares, findings,
/// quartiles; and no table shows one case's value (no maximum).
#[test]
fn every_statistic_of_a_small_group_is_suppressed() {
    let (code, out, err) = run(&[
        "--lang",
        "en",
        "report",
        "--format",
        "json",
        "cases/01-kita-haematome.yaml",
        "cases/02-schule-aliase.yaml",
        "cases/03-umzug-zustaendigkeitswechsel.yaml",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v["note"].as_str().unwrap().contains("--threshold"), "the note names --threshold");
    assert!(v["suppressed"].as_u64().unwrap() * 2 > v["numbers"].as_u64().unwrap());
    for table in v["tables"].as_array().unwrap() {
        let columns = table["columns"].as_array().unwrap();
        assert!(!columns.iter().any(|c| c == "Max" || c == "Min"), "{columns:?}");
        for row in table["rows"].as_array().unwrap() {
            for cell in row.as_array().unwrap() {
                if let Some(n) = cell.as_f64() {
                    assert_eq!(n, 0.0, "{} shows {n}: {row:?}", table["name"]);
                }
            }
        }
    }
    // Municipalities below the threshold collapse to one row each.
    let towns = v["tables"].as_array().unwrap().iter().find(|t| t["name"] == "municipalities");
    let rows = towns.unwrap()["rows"].as_array().unwrap();
    assert!(rows.iter().all(|r| r[1] == "(all)"), "{rows:?}");
    let (_, table, _) = run(&["report", "cases/01-kita-haematome.yaml"]);
    assert!(table.starts_with("Hinweis:"), "the note comes first: {table}");
}

/// Shares are among the cases an item applies to: K09 is not met in the one
/// case with a handover and not applicable in the other seven: 100 %.
#[test]
fn shares_count_only_applicable_cases() {
    let (code, out, err) =
        run(&["report", "--format", "json", "--table", "items", "--threshold", "1", "cases/"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rows = v["tables"][0]["rows"].as_array().unwrap();
    let k09 = rows.iter().find(|r| r[0] == "K09").unwrap();
    assert_eq!(k09[4], 1, "not met");
    assert_eq!(k09[5], 100.0, "share not met among applicable");
    assert_eq!(k09[10], 7, "not applicable, counted only");
    // The terminal table fits 100 columns, in both languages and checklists.
    for lang in ["de", "en"] {
        let (_, out, _) =
            run(&["--lang", lang, "report", "--checklist", "afl-erweitert", "cases/"]);
        let widest = out.lines().map(|l| l.chars().count()).max().unwrap();
        assert!(widest <= 100, "{lang}: {widest} columns");
    }
}

#[test]
fn html_report_is_one_self_contained_page() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(&[
        "report",
        "--format",
        "html",
        "--threshold",
        "1",
        "--out",
        dir.path().to_str().unwrap(),
        "cases/",
    ]);
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    for banned in ["<script", "http://", "https://", "src=", "@import"] {
        assert!(!html.contains(banned), "{banned}");
    }
    // Bars per item, a heat map per municipality, box plots for intervals.
    assert!(html.matches("<svg class=\"bar\"").count() >= 16);
    assert!(html.contains("class=\"heat\""));
    assert!(html.contains("<svg class=\"box\""));
    // The same suppression as everywhere: with the default threshold the
    // eight demo cases have no municipality of five.
    let (_, html, _) = run(&["report", "--format", "html", "cases/"]);
    assert!(!html.contains("class=\"heat\""));
    assert!(html.contains("nicht einzeln gezeigt"));
}

#[test]
fn excel_means_csv_and_is_refused_with_another_format() {
    let (code, out, err) = run(&["report", "--excel", "--table", "items", "cases/"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with('\u{feff}'), "--excel alone writes Excel CSV");
    let (code, _, err) = run(&["report", "--excel", "--format", "json", "cases/"]);
    assert_eq!(code, 2);
    assert!(err.contains("--excel"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) =
        run(&["report", "--format", "json", "--out", dir.path().to_str().unwrap(), "cases/"]);
    assert_eq!(code, 0, "{err}");
    assert!(dir.path().join("report.json").exists(), "--out works with every format");
}
