//! `lernfall export`: event logs that other tools can open.

use std::path::{Path, PathBuf};

use crate::run;

/// Anonymised exports of the demo cases, in a temporary folder.
fn anonymised(dir: &Path) -> PathBuf {
    let out = dir.join("anon");
    let (code, stdout, err) = run(&["anonymise", "cases/", "--out", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}{err}");
    out
}

fn demo_events() -> usize {
    std::fs::read_dir("cases")
        .unwrap()
        .map(|e| {
            let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
            lernfall::load::load_str(&text).case.unwrap().events.len()
        })
        .sum()
}

#[test]
fn csv_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let anon = anonymised(dir.path());
    let (code, out, err) =
        run(&["export", anon.to_str().unwrap(), "--format", "csv", "--out", "-"]);
    assert_eq!(code, 0, "{err}");
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "case_id");
    assert_eq!(&headers[3], "timestamp");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), demo_events());
    // Written again from the parsed rows, the file is the same.
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&headers).unwrap();
    for r in &rows {
        w.write_record(r).unwrap();
    }
    assert_eq!(String::from_utf8(w.into_inner().unwrap()).unwrap(), out);
    // Every case id is a pseudonym; month precision is said so.
    assert!(rows.iter().all(|r| r[0].starts_with("ANON-C-")));
    assert!(rows.iter().any(|r| &r[4] == "month" && r[3].get(8..10) == Some("01")));
}

#[test]
fn xes_has_a_trace_per_case_and_an_event_per_row() {
    let dir = tempfile::tempdir().unwrap();
    let anon = anonymised(dir.path());
    let file = dir.path().join("log.xes");
    let (code, _, err) = run(&[
        "export",
        anon.to_str().unwrap(),
        "--format",
        "xes",
        "--out",
        file.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.starts_with(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<log xes.version=\"1849-2016\""
        )
    );
    for ext in ["concept.xesext", "time.xesext", "org.xesext"] {
        assert!(text.contains(ext));
    }
    assert_eq!(text.matches("<trace>").count(), crate::demo_count());
    assert_eq!(text.matches("</trace>").count(), crate::demo_count());
    assert_eq!(text.matches("<event>").count(), demo_events());
    assert_eq!(text.matches("key=\"time:timestamp\"").count(), demo_events() + 1);
    // Not overwritten without --force.
    let (code, _, _) = run(&[
        "export",
        anon.to_str().unwrap(),
        "--format",
        "xes",
        "--out",
        file.to_str().unwrap(),
    ]);
    assert_ne!(code, 0);
}

#[test]
fn ocel_relates_every_event_to_existing_objects() {
    let dir = tempfile::tempdir().unwrap();
    let anon = anonymised(dir.path());
    let (code, out, err) =
        run(&["export", anon.to_str().unwrap(), "--format", "ocel", "--out", "-"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let objects = v["objects"].as_array().unwrap();
    let ids: std::collections::HashSet<&str> =
        objects.iter().map(|o| o["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), objects.len(), "object ids are unique");
    let events = v["events"].as_array().unwrap();
    assert_eq!(events.len(), demo_events());
    let types: Vec<&str> =
        v["eventTypes"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    for e in events {
        assert!(types.contains(&e["type"].as_str().unwrap()));
        assert!(e["time"].as_str().unwrap().ends_with('Z'));
        let rel = e["relationships"].as_array().unwrap();
        assert!(rel.iter().any(|r| r["qualifier"] == "case"));
        for r in rel {
            assert!(ids.contains(r["objectId"].as_str().unwrap()), "{r}");
        }
    }
    assert_eq!(objects.iter().filter(|o| o["type"] == "case").count(), crate::demo_count());
}

#[test]
fn identifying_files_are_refused_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.csv");
    let (code, _, err) = run(&[
        "--lang",
        "en",
        "export",
        "cases/",
        "--format",
        "csv",
        "--out",
        file.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("not an anonymised file"), "{err}");
    assert!(!file.exists(), "nothing written");
    let (code, _, err) = run(&[
        "export",
        "cases/",
        "--format",
        "csv",
        "--out",
        file.to_str().unwrap(),
        "--identifying",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(file.exists());
}
