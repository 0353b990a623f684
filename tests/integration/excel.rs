//! CSV for German Excel on every command that writes CSV: semicolons, a
//! byte-order mark, and no cell a spreadsheet would run as a formula.

use crate::run;

/// Splits Excel CSV (after the byte-order mark) into records.
fn records(out: &str) -> Vec<csv::StringRecord> {
    let body = out.strip_prefix('\u{feff}').expect("a byte-order mark");
    csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(body.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn every_csv_output_has_an_excel_form() {
    // check: --excel alone means CSV.
    let (code, out, err) = run(&["check", "--excel", "cases/01-kita-haematome.yaml"]);
    assert!(code <= 1, "{err}");
    let rows = records(&out);
    assert_eq!(rows.len(), 22, "one row per item of afl-basis");
    assert_eq!(&rows[0][3], "K01");
    // timeline
    let (code, out, err) = run(&["timeline", "--excel", "cases/01-kita-haematome.yaml"]);
    assert_eq!(code, 0, "{err}");
    assert!(records(&out).len() > 5);
    // export (identifying demo files need --identifying)
    let (code, out, err) = run(&[
        "export",
        "--format",
        "csv",
        "--excel",
        "--identifying",
        "--out",
        "-",
        "cases/01-kita-haematome.yaml",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(records(&out).len() > 5);
    // report: percentages as percentages with a decimal comma.
    let (code, out, err) =
        run(&["report", "--excel", "--table", "items", "--threshold", "1", "cases/"]);
    assert_eq!(code, 0, "{err}");
    let rows = records(&out);
    assert_eq!(&rows[0][3], "50,0", "K01 met in 4 of 8 applicable cases, in percent");
}

#[test]
fn excel_with_a_format_that_is_not_csv_is_refused() {
    for args in [
        &["check", "--excel", "--format", "json", "cases/01-kita-haematome.yaml"][..],
        &["timeline", "--excel", "--format", "markdown", "cases/01-kita-haematome.yaml"],
        &["export", "--excel", "--format", "xes", "--identifying", "--out", "-", "cases/"],
        &["report", "--excel", "--format", "html", "cases/"],
    ] {
        let (code, out, err) = run(args);
        assert_eq!(code, 2, "{args:?}");
        assert!(out.is_empty(), "{args:?}");
        assert!(err.contains("--excel"), "{args:?}: {err}");
    }
}

/// A municipality typed as a formula is written so that no spreadsheet runs
/// it, in every CSV.
#[test]
fn formula_cells_are_neutralised_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let case = std::fs::read_to_string("cases/01-kita-haematome.yaml").unwrap();
    let planted = case.replacen(
        "municipality: ",
        "municipality: \"=HYPERLINK(\\\"http://x\\\";\\\"y\\\")\"\n  _was: ",
        1,
    );
    let planted: String = planted
        .lines()
        .filter(|l| !l.trim_start().starts_with("_was:"))
        .collect::<Vec<_>>()
        .join("\n");
    let path = dir.path().join("planted.yaml");
    std::fs::write(&path, planted).unwrap();
    let p = path.to_str().unwrap();
    for args in [
        vec!["export", "--format", "csv", "--identifying", "--out", "-", p],
        vec!["export", "--format", "csv", "--excel", "--identifying", "--out", "-", p],
        vec!["report", "--format", "csv", "--table", "municipalities", "--threshold", "1", p],
        vec!["report", "--excel", "--table", "municipalities", "--threshold", "1", p],
    ] {
        let (code, out, err) = run(&args);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(out.contains("'=HYPERLINK"), "{args:?}: {out}");
        for line in out.lines() {
            for cell in line.split([',', ';']) {
                assert!(!cell.trim_matches('"').starts_with('='), "{args:?}: {line}");
            }
        }
    }
}
