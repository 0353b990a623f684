//! The catalogue of invalid files in `tests/invalid/`: each names on its
//! second line the line, column and code of the error it must produce
//! (`# expect: 12:5 unknown_field`, or `-:-` where the position is the YAML
//! parser's choice). Every identifier planted in them must stay out of every
//! message.

use std::path::PathBuf;

use serde_json::Value;

use super::run;

fn catalogue() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir("tests/invalid")
        .expect("tests/invalid exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

struct Expect {
    pos: Option<(u64, u64)>,
    code: String,
}

fn expectation(path: &PathBuf) -> Expect {
    let bytes = std::fs::read(path).expect("readable");
    let text = String::from_utf8_lossy(&bytes);
    let line = text.lines().nth(1).expect("second line");
    let spec = line
        .strip_prefix("# expect: ")
        .unwrap_or_else(|| panic!("{}: no expect line", path.display()));
    let (pos, code) = spec.split_once(' ').expect("position and code");
    let pos = (pos != "-:-").then(|| {
        let (l, c) = pos.split_once(':').expect("line:column");
        (l.parse().expect("line"), c.parse().expect("column"))
    });
    Expect { pos, code: code.trim().to_owned() }
}

#[test]
fn catalogue_has_at_least_thirty_files() {
    assert!(catalogue().len() >= 30, "only {} invalid files", catalogue().len());
}

#[test]
fn every_invalid_file_fails_at_its_expected_line_and_column() {
    let mut failures = Vec::new();
    for path in catalogue() {
        let expect = expectation(&path);
        let (code, stdout, _) =
            run(&["validate", "--lang", "en", "--format", "json", path.to_str().unwrap()]);
        assert_eq!(code, 1, "{}: exit code", path.display());
        let json: Value = serde_json::from_str(&stdout).expect("json output");
        let file = &json[0];
        assert_eq!(file["valid"], false, "{}", path.display());
        let errors = file["errors"].as_array().expect("errors array");
        let hit = errors.iter().any(|e| {
            e["code"] == expect.code.as_str()
                && expect.pos.is_none_or(|(l, c)| e["line"] == l && e["column"] == c)
        });
        if !hit {
            failures.push(format!(
                "{}: expected {:?} {}, got {}",
                path.display(),
                expect.pos,
                expect.code,
                file["errors"]
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn invalid_files_give_exactly_these_messages() {
    for path in catalogue() {
        let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
        let (_, stdout, _) = run(&["validate", "--lang", "en", path.to_str().unwrap()]);
        insta::assert_snapshot!(name, stdout);
    }
}

#[test]
fn german_messages_for_the_whole_catalogue() {
    let (code, stdout, _) = run(&["validate", "tests/invalid"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("catalogue_de", stdout);
}

#[test]
fn no_planted_identifier_reaches_any_message() {
    let planted = [
        "Geheimname",
        "Geheimweg",
        "Zoe",
        "Ida",
        "Rita",
        "Olaf",
        "0999",
        "555555",
        "Prüfstadt",
        "Pr\u{fffd}fstadt",
        "Hämatome",
        "Klinik",
    ];
    for args in [
        &["validate", "tests/invalid"][..],
        &["validate", "--lang", "en", "tests/invalid"],
        &["validate", "--format", "json", "tests/invalid"],
        &["validate", "--lang", "en", "--format", "json", "tests/invalid"],
    ] {
        let (_, stdout, stderr) = run(args);
        for p in planted {
            assert!(!stdout.contains(p) && !stderr.contains(p), "{p} leaked in output of {args:?}");
        }
    }
}
