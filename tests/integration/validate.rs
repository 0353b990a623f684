//! `lernfall validate`, `schema` and `new` as a user runs them.

use std::io::Write;

use serde_json::Value;
use sha2::{Digest, Sha256};

use super::{lernfall, run};

#[test]
fn demo_cases_are_valid() {
    let (code, stdout, _) = run(&["validate", "--lang", "en", "cases"]);
    assert_eq!(code, 0, "{stdout}");
    let n = crate::demo_count();
    assert!(stdout.contains(&format!("{n} files checked: {n} valid, 0 invalid")), "{stdout}");
}

#[test]
fn json_has_one_object_per_file_in_stable_order() {
    let (code, stdout, _) =
        run(&["validate", "--format", "json", "cases", "tests/invalid/tab-indentation.yaml"]);
    assert_eq!(code, 1);
    let json: Value = serde_json::from_str(&stdout).unwrap();
    let files: Vec<&str> =
        json.as_array().unwrap().iter().map(|f| f["file"].as_str().unwrap()).collect();
    let n = crate::demo_count();
    let mut sorted_cases = files[..n].to_vec();
    sorted_cases.sort_unstable();
    assert_eq!(files[..n], sorted_cases[..]);
    assert_eq!(files[n], "tests/invalid/tab-indentation.yaml");
    let bad = &json[n];
    assert_eq!(bad["valid"], false);
    let e = &bad["errors"][0];
    for key in ["line", "column", "path", "message", "code"] {
        assert!(e.get(key).is_some(), "missing {key}");
    }
    let warnings = &json[1]["warnings"];
    assert_eq!(warnings[0]["code"], "event_before_opened");
}

#[test]
fn unreadable_path_exits_2_but_checks_the_rest() {
    let (code, stdout, stderr) =
        run(&["validate", "--lang", "en", "does/not/exist.yaml", "cases/01-kita-haematome.yaml"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("not found"), "{stderr}");
    assert!(stdout.contains("1 file checked: 1 valid"), "{stdout}");
}

#[test]
fn usage_errors_exit_2() {
    let (code, _, _) = run(&["validate", "--no-such-flag", "cases"]);
    assert_eq!(code, 2);
    let (code, _, _) = run(&["validate"]);
    assert_eq!(code, 2);
}

#[test]
fn a_folder_without_case_files_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "nothing").unwrap();
    let (code, _, stderr) = run(&["validate", "--lang", "en", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no case files found"));
}

#[test]
fn folders_are_walked_recursively_for_yaml_and_yml() {
    let dir = tempfile::tempdir().unwrap();
    let nested = dir.path().join("a/b");
    std::fs::create_dir_all(&nested).unwrap();
    let case = std::fs::read_to_string("cases/06-jugendliche-schutzplan.yaml").unwrap();
    std::fs::write(nested.join("x.yml"), &case).unwrap();
    std::fs::write(dir.path().join("y.YAML"), &case).unwrap();
    std::fs::write(dir.path().join("z.txt"), "not a case").unwrap();
    let (code, stdout, _) = run(&["validate", "--lang", "en", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("2 files checked"), "{stdout}");
}

#[test]
fn reads_standard_input() {
    let case = std::fs::read("cases/03-umzug-zustaendigkeitswechsel.yaml").unwrap();
    let out =
        lernfall().args(["validate", "--lang", "en", "-"]).write_stdin(case).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let out = lernfall()
        .args(["validate", "--lang", "en", "-"])
        .write_stdin("format: lernfall/1\ncase: [\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("<stdin>:"));
}

#[test]
fn bom_and_crlf_load_fine() {
    let case = std::fs::read_to_string("cases/05-saeugling-fruehe-hilfen.yaml").unwrap();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(case.replace('\n', "\r\n").as_bytes());
    let mut file = tempfile::Builder::new().suffix(".yaml").tempfile().unwrap();
    file.write_all(&bytes).unwrap();
    let (code, stdout, _) = run(&["validate", "--lang", "en", file.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}");
}

#[test]
fn size_limit_is_a_flag() {
    let (code, stdout, _) =
        run(&["validate", "--lang", "en", "--max-size", "1KiB", "cases/01-kita-haematome.yaml"]);
    assert_eq!(code, 1);
    assert!(stdout.contains("file too large"), "{stdout}");
    assert!(stdout.contains("limit 1024 bytes"), "{stdout}");
}

#[test]
fn input_files_are_never_modified() {
    let digest = |p: &str| Sha256::digest(std::fs::read(p).unwrap());
    let files = ["cases/01-kita-haematome.yaml", "tests/invalid/alias-bomb.yaml"];
    let before: Vec<_> = files.iter().map(|f| digest(f)).collect();
    run(&["validate", files[0], files[1]]);
    let after: Vec<_> = files.iter().map(|f| digest(f)).collect();
    assert_eq!(before, after);
}

#[test]
fn german_is_the_default_language() {
    let (_, stdout, _) = run(&["validate", "tests/invalid/date-german-notation.yaml"]);
    assert_eq!(
        stdout,
        "tests/invalid/date-german-notation.yaml:22:11: error: Datum muss im ISO-Format stehen: 2021-03-02 (bei events[0].date)\n\
         1 Datei geprüft: 0 gültig, 1 ungültig (1 Fehler, 0 Warnungen)\n"
    );
}

#[test]
fn new_prints_a_template_that_validates() {
    let (code, template, _) = run(&["new"]);
    assert_eq!(code, 0);
    assert!(template.contains("FIKTIV"));
    let out = lernfall().args(["validate", "-"]).write_stdin(template).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn schema_is_json_schema_and_matches_the_demo_cases_vocabulary() {
    let (code, stdout, _) = run(&["schema"]);
    assert_eq!(code, 0);
    let schema: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert_eq!(schema["properties"]["format"]["const"], "lernfall/1");
    let required: Vec<&str> =
        schema["required"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert_eq!(required, ["format", "case", "people", "events"]);
    assert_eq!(schema["$defs"]["event"]["additionalProperties"], false);
}

/// Validates YAML files against a JSON Schema printed by the binary.
fn schema_errors(schema_args: &[&str], files: &[&str]) -> Vec<(String, bool)> {
    let (code, stdout, _) = run(schema_args);
    assert_eq!(code, 0);
    let schema: Value = serde_json::from_str(&stdout).unwrap();
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.add_resource("lernfall.json", schema).unwrap();
    let index = compiler.compile("lernfall.json", &mut schemas).expect("schema compiles");
    files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            let value: Value = serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{f}: {e}"));
            (f.to_string(), schemas.validate(&value, index).is_ok())
        })
        .collect()
}

#[test]
fn the_schema_accepts_every_demo_case_and_rejects_each_format_addition_misused() {
    let demo: Vec<String> = std::fs::read_dir("cases")
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .collect();
    let demo: Vec<&str> = demo.iter().map(String::as_str).collect();
    for (f, ok) in schema_errors(&["schema"], &demo) {
        assert!(ok, "{f} should match the schema");
    }
    let invalid = [
        "position-on-person",
        "position-unknown",
        "advice-unknown",
        "recorded-as-on-assessment",
        "recorded-as-unknown",
        "measure-status-missing",
        "measure-due-german-date",
        "concerns-on-complaint",
        "result-on-report",
        "kind-unknown",
    ]
    .map(|n| format!("tests/invalid/{n}.yaml"));
    let invalid: Vec<&str> = invalid.iter().map(String::as_str).collect();
    for (f, ok) in schema_errors(&["schema"], &invalid) {
        assert!(!ok, "{f} should not match the schema");
    }
}

#[test]
fn the_checklist_schema_accepts_both_built_in_checklists() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for name in ["afl-basis", "afl-erweitert"] {
        let (code, out, _) = run(&["checklist", "show", name]);
        assert_eq!(code, 0);
        let path = dir.path().join(format!("{name}.yaml"));
        std::fs::write(&path, out).unwrap();
        files.push(path.display().to_string());
    }
    let files: Vec<&str> = files.iter().map(String::as_str).collect();
    for (f, ok) in schema_errors(&["checklist", "schema"], &files) {
        assert!(ok, "{f} should match the checklist schema");
    }
}

#[test]
fn conventions_short_output_jobs_completions_and_man_page() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    let (code, _, err) =
        run(&["--jobs", "1", "report", "--format", "csv", "-o", out.to_str().unwrap(), "cases/"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.join("items.csv").exists());
    let html = dir.path().join("h.html");
    let (code, _, err) = run(&[
        "handout",
        "--identifying",
        "--output",
        html.to_str().unwrap(),
        "cases/01-kita-haematome.yaml",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(html.exists());
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let (code, out, _) = run(&["completions", shell]);
        assert_eq!(code, 0);
        assert!(out.contains("anonymise"), "{shell}");
    }
    let (code, out, _) = run(&["man"]);
    assert_eq!(code, 0);
    assert!(out.contains(".TH lernfall 1"));
}

/// `-q` leaves out what only informs (summaries, files written) and keeps
/// errors; `--color always|never` decides the colour codes, `NO_COLOR` is
/// honoured when it is left to `auto`.
#[test]
fn quiet_and_color() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("log.csv");
    let o = out.to_str().unwrap();
    let (code, _, err) = run(&["export", "cases/", "--format", "csv", "--identifying", "-o", o]);
    assert_eq!(code, 0);
    assert!(err.contains("exportiert"), "{err}");
    let (code, _, err) =
        run(&["-q", "export", "cases/", "--format", "csv", "--identifying", "-o", o, "--force"]);
    assert_eq!(code, 0);
    assert!(err.is_empty(), "quiet: {err}");
    // Errors stay.
    let (code, _, err) =
        run(&["--quiet", "export", "cases/", "--format", "csv", "--identifying", "-o", o]);
    assert_eq!(code, 2);
    assert!(err.contains("--force"), "{err}");
    let invalid = "tests/invalid/unknown-field-event.yaml";
    let (_, out, _) = run(&["validate", "--color", "always", invalid]);
    assert!(out.contains("\u{1b}[1;31merror"), "{out}");
    let (_, out, _) = run(&["validate", "--color", "never", invalid]);
    assert!(!out.contains('\u{1b}'), "{out}");
    let o = crate::lernfall().env("NO_COLOR", "1").args(["validate", invalid]).output().unwrap();
    assert!(!String::from_utf8_lossy(&o.stdout).contains('\u{1b}'));
}

/// `--help` speaks the language of the messages, with an example.
#[test]
fn help_follows_lang_with_an_example_per_command() {
    for cmd in ["validate", "check", "anonymise", "report", "handout", "export", "timeline"] {
        let out = crate::lernfall().args([cmd, "--help"]).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(out.status.success());
        assert!(
            text.contains("Aufruf:") && text.contains("Beispiel:\n  lernfall"),
            "{cmd}: {text}"
        );
        assert!(!text.contains("Print help"), "{cmd}");
        let out = crate::lernfall().args(["--lang", "en", cmd, "--help"]).output().unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("Usage:") && text.contains("Example:\n  lernfall"), "{cmd}: {text}");
    }
}
