//! `lernfall report`: statistics across cases, small groups never exact.

use crate::run;

#[test]
fn report_tables_as_markdown() {
    let (code, out, err) = run(&["report", "--format", "markdown", "cases/"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("report_markdown_de", out);
}

#[test]
fn report_json_has_every_table() {
    let (code, out, _) = run(&["--lang", "en", "report", "--format", "json", "cases/"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["cases"], 6);
    let names: Vec<&str> =
        v["tables"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names, lernfall::report::TABLES);
    // Items: every case counted once per item.
    let items = &v["tables"][0];
    for row in items["rows"].as_array().unwrap() {
        let counts: u64 = [2, 4, 6, 8, 10].iter().map(|&i| row[i].as_u64().unwrap()).sum();
        assert_eq!(counts, 6, "{row}");
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
        run(&["report", "--format", "json", "--table", "items", "--threshold", "7", "cases/"]);
    assert!(out.contains("\"<7\""), "six cases are fewer than seven");
}

#[test]
fn csv_for_excel_and_for_scripts() {
    let (code, out, _) = run(&["report", "--format", "csv", "--table", "items", "cases/"]);
    assert_eq!(code, 0);
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 16);
    assert!(rows[0][3].parse::<f64>().is_ok(), "shares as plain decimals: {:?}", &rows[0]);
    let (_, out, _) = run(&["report", "--format", "csv", "--table", "items", "--excel", "cases/"]);
    assert!(out.starts_with('\u{feff}'));
    assert!(out.lines().nth(1).unwrap().contains(';'));
    assert!(out.contains("0,3333"), "decimal comma");
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
