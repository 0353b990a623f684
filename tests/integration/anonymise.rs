//! Anonymisation: planted identifiers never survive, exports are valid and
//! keep every checklist result, pseudonyms are keyed, files are safe.

use std::path::Path;

use lernfall::anonymise::key::Key;
use lernfall::anonymise::scrub::fold;
use lernfall::anonymise::{self, BirthPolicy, Policy};
use lernfall::checklist;
use lernfall::load::load_str;

use crate::run;

const PLANTED: &str = include_str!("../anonymise/planted.yaml");

/// Every identifier planted in `tests/anonymise/planted.yaml`, in the forms
/// they were written.
const PLANTED_IDENTIFIERS: &[&str] = &[
    "Tjark",
    "Tjarki",
    "Tjarks",
    "Ödegaard",
    "Oedegaard",
    "Odegaard",
    "Yıldırım",
    "Yildirim",
    "Svea",
    "Sveas",
    "Okan",
    "Okans",
    "Wiebke",
    "Quernheim",
    "Pekrul",
    "Seepferdchen",
    "Bredehorn",
    "Femke",
    "Gesa",
    "Hinrichs",
    "Malte",
    "Bruns",
    "Lüdeking",
    "Reederstraße",
    "Deichweg",
    "Elbchaussee",
    "27999",
    "5583921",
    "55839210",
    "23456789",
    "77120",
    "postfach.example",
    "jugendamt.example",
    "DE44",
    "5407",
    "913/23",
    "0917",
    "51.2-2023",
    "meldung_kita",
    "hinrichs",
    "bredehorn",
    "14.05.2019",
    "2019-05-14",
    "3.2.",
    "08.02.2023",
    "1. März 2023",
    "2023-02-10",
];

fn planted_case() -> lernfall::model::Case {
    load_str(PLANTED).case.expect("planted case is valid")
}

#[track_caller]
fn assert_no_leak(text: &str) {
    let folded = fold(text);
    for id in PLANTED_IDENTIFIERS {
        let f = fold(id);
        let hit = folded.match_indices(&f).any(|(i, _)| {
            let before = folded[..i].chars().next_back();
            let after = folded[i + f.len()..].chars().next();
            let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
            // Numbers count anywhere; words as whole words.
            id.chars().all(|c| !c.is_alphabetic()) || (!word(before) && !word(after))
        });
        assert!(!hit, "planted identifier {id:?} survived in:\n{text}");
    }
}

#[test]
fn no_planted_identifier_survives_and_the_export_is_valid() {
    let case = planted_case();
    let key = Key::from_bytes([7; 32]);
    for policy in [
        Policy::default(),
        Policy { birth: BirthPolicy::Year, drop_location: true, ..Policy::default() },
    ] {
        let export = anonymise::anonymise(&case, "planted.yaml", &key, &policy, "lernfall test")
            .expect("exported");
        assert_no_leak(&export.yaml);
        assert!(!export.yaml.contains("planted"));
        let again = load_str(&export.yaml);
        let again = again.case.unwrap_or_else(|| panic!("{:?}", again.diagnostics));
        assert!(again.is_export());
        // Every checklist result is the same.
        let list = checklist::afl_basis();
        let status = |c: &lernfall::model::Case| {
            checklist::evaluate(&list, c).items.iter().map(|i| i.status).collect::<Vec<_>>()
        };
        assert_eq!(status(&case), status(&again));
        // Every interval and weekday holds.
        let days = |c: &lernfall::model::Case| {
            c.events.iter().map(|e| e.date.first_day()).collect::<Vec<_>>()
        };
        let (a, b) = (days(&case), days(&again));
        let shift = b[0] - a[0];
        assert_eq!(shift % 7, 0);
        assert!(shift != 0 && shift.abs() <= 52 * 7);
        assert!(a.iter().zip(&b).all(|(x, y)| y - x == shift));
        if policy.drop_location {
            assert!(!export.yaml.contains("Moorhusen") && !export.yaml.contains("Küste"));
            assert!(again.people.iter().all(|p| p.born.is_none()));
        } else {
            assert!(export.yaml.contains("municipality: \"Moorhusen\""));
        }
        // Residual words are for a last look; none of them is a planted name.
        for r in &export.residuals {
            for w in &r.words {
                assert!(
                    !PLANTED_IDENTIFIERS.iter().any(|p| fold(p) == fold(&w.word)),
                    "{}",
                    w.word
                );
            }
        }
    }
}

#[test]
fn pseudonyms_are_keyed_and_stable_across_files() {
    let case = planted_case();
    let a = Key::from_bytes([1; 32]);
    let b = Key::from_bytes([2; 32]);
    let e1 = anonymise::anonymise(&case, "x.yaml", &a, &Policy::default(), "t").unwrap();
    let e2 = anonymise::anonymise(&case, "y.yaml", &a, &Policy::default(), "t").unwrap();
    let e3 = anonymise::anonymise(&case, "x.yaml", &b, &Policy::default(), "t").unwrap();
    assert_eq!(e1.code, e2.code);
    assert_ne!(e1.code, e3.code);
    let codes =
        |e: &anonymise::Export| e.mapping.iter().map(|m| m.pseudonym.clone()).collect::<Vec<_>>();
    assert_eq!(codes(&e1), codes(&e2));
    assert_ne!(codes(&e1), codes(&e3));
    // The same person in another case file gets the same code under the same key.
    let other = PLANTED
        .replace("51.2-2023/0917", "51.2-2024/0001")
        .replace("Fall Tjark", "Anderer Fall Tjark");
    let other = load_str(&other).case.unwrap();
    let e4 = anonymise::anonymise(&other, "z.yaml", &a, &Policy::default(), "t").unwrap();
    let child = |e: &anonymise::Export| {
        e.mapping.iter().find(|m| m.original_id == "tjark").unwrap().pseudonym.clone()
    };
    assert_eq!(child(&e1), child(&e4));
}

#[test]
fn demo_cases_export_with_identical_checklist_results() {
    let list = checklist::afl_basis();
    for seed in 0..8u8 {
        let key = Key::from_bytes([seed; 32]);
        for entry in std::fs::read_dir("cases").unwrap() {
            let path = entry.unwrap().path();
            let case = load_str(&std::fs::read_to_string(&path).unwrap()).case.unwrap();
            let name = path.file_name().unwrap().to_str().unwrap();
            let export = anonymise::anonymise(&case, name, &key, &Policy::default(), "t")
                .unwrap_or_else(|w| panic!("{name}: withheld {:?}", w.paths));
            let again = load_str(&export.yaml).case.expect("valid export");
            let status = |c: &lernfall::model::Case| {
                checklist::evaluate(&list, c).items.iter().map(|i| i.status).collect::<Vec<_>>()
            };
            assert_eq!(status(&case), status(&again), "{name}");
            for p in &case.people {
                assert!(
                    !fold(&export.yaml).contains(&fold(&p.name)),
                    "{name}: a person's name survived"
                );
            }
        }
    }
}

#[test]
fn key_new_writes_a_private_file_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("lernfall.key");
    let k = key.to_str().unwrap();
    let (code, _, err) = run(&["key", "new", k]);
    assert_eq!(code, 0, "{err}");
    assert_private(&key);
    let before = std::fs::read(&key).unwrap();
    let (code, _, _) = run(&["key", "new", k]);
    assert_eq!(code, 2);
    assert_eq!(std::fs::read(&key).unwrap(), before);
}

/// Only the owner may read the file (mode 0600 on Unix).
#[track_caller]
fn assert_private(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(path).unwrap().permissions().mode() & 0o777, 0o600);
    }
    #[cfg(not(unix))]
    let _ = path;
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn anonymise_batch_writes_exports_manifest_and_mapping() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("k.key");
    let out = dir.path().join("out");
    let map = dir.path().join("map.csv");
    run(&["key", "new", key.to_str().unwrap()]);
    let (code, stdout, err) = run(&[
        "anonymise",
        "cases/",
        "tests/anonymise/planted.yaml",
        "--out",
        out.to_str().unwrap(),
        "--key",
        key.to_str().unwrap(),
        "--mapping",
        map.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stdout}{err}");
    let files = files_in(&out);
    let yamls: Vec<&String> = files.iter().filter(|f| f.ends_with(".yaml")).collect();
    assert_eq!(yamls.len(), crate::demo_count() + 1);
    assert!(yamls.iter().all(|f| f.starts_with("C-")), "{files:?}");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let text = manifest.to_string();
    assert!(
        !text.contains("cases/") && !text.contains("planted") && !text.contains("kita-haematome")
    );
    assert_eq!(manifest["files"].as_array().unwrap().len(), crate::demo_count() + 1);
    assert!(manifest["key_fingerprint"].is_string());
    // The exports validate, carry the marker, and are checked the same.
    let (code, _, _) = run(&["validate", out.to_str().unwrap()]);
    assert_eq!(code, 0);
    // The SHA-256 in the manifest is the file's.
    use sha2::Digest;
    for f in manifest["files"].as_array().unwrap() {
        let bytes = std::fs::read(out.join(f["file"].as_str().unwrap())).unwrap();
        let sum: String = sha2::Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(f["sha256"], sum);
    }
    let mapping = std::fs::read_to_string(&map).unwrap();
    assert!(mapping.contains("Tjark Ödegaard-Yıldırım"));
    assert_private(&map);
    // A second run does not overwrite without --force.
    let (code, _, err) = run(&[
        "anonymise",
        "cases/",
        "--out",
        out.to_str().unwrap(),
        "--key",
        key.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    let (code, stdout, _) = run(&[
        "anonymise",
        "cases/",
        "--out",
        out.to_str().unwrap(),
        "--key",
        key.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(code, 0, "{stdout}");
    assert_eq!(
        files_in(&out).iter().filter(|f| f.ends_with(".yaml")).count(),
        crate::demo_count() + 1,
        "same names with the same key"
    );
}

#[test]
fn anonymise_refuses_unsafe_places_and_skips_invalid_files() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("faelle");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy("cases/01-kita-haematome.yaml", input.join("a.yaml")).unwrap();
    std::fs::copy("tests/invalid/kind-unknown.yaml", input.join("b.yaml")).unwrap();
    let inside = input.join("export");
    let (code, _, err) =
        run(&["anonymise", input.to_str().unwrap(), "--out", inside.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("--out"), "{err}");
    assert!(!inside.exists());
    let out = dir.path().join("out");
    let (code, _, err) = run(&[
        "anonymise",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--mapping",
        out.join("map.csv").to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    let (code, stdout, err) = run(&[
        "--lang",
        "en",
        "anonymise",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{stdout}{err}");
    assert!(stdout.contains("b.yaml: invalid, skipped"), "{stdout}");
    assert!(err.contains("one-off key"), "{err}");
    assert_eq!(files_in(&out).iter().filter(|f| f.ends_with(".yaml")).count(), 1);
    // Inputs are untouched.
    assert_eq!(
        std::fs::read(input.join("a.yaml")).unwrap(),
        std::fs::read("cases/01-kita-haematome.yaml").unwrap()
    );
    assert!(files_in(&out).iter().all(|f| !f.contains(".tmp")));
}

#[test]
fn scrub_prints_text_or_spans() {
    let text = "Frau Quast (Tel. 0171 2345678) kam am 02.03.2021 in die Fichtenstraße 4.";
    let out = crate::lernfall()
        .args(["scrub", "-", "--format", "json"])
        .write_stdin(text)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let spans = v["spans"].as_array().unwrap();
    let cats: Vec<&str> = spans.iter().map(|s| s["category"].as_str().unwrap()).collect();
    assert_eq!(cats, ["name", "phone", "date", "address"]);
    let chars: Vec<char> = text.chars().collect();
    let first: String = chars
        [spans[0]["begin"].as_u64().unwrap() as usize..spans[0]["end"].as_u64().unwrap() as usize]
        .iter()
        .collect();
    assert_eq!(first, "Quast");
    assert_eq!(v["text"], "Frau [Name] (Tel. [Telefon]) kam am [Datum] in die [Adresse].");
    let (code, out, _) =
        run(&["scrub", "--known", "tests/anonymise/planted.yaml", "tests/anonymise/planted.yaml"]);
    assert_eq!(code, 0);
    assert_no_leak(
        &out.lines()
            .filter(|l| !l.starts_with('#') && !l.contains("title:"))
            .collect::<Vec<_>>()
            .join("\n")
            .replace("lernfall/1", ""),
    );
}

#[test]
fn exports_read_back_without_type_surprises() {
    let case = planted_case();
    let export =
        anonymise::anonymise(&case, "p.yaml", &Key::from_bytes([9; 32]), &Policy::default(), "t")
            .unwrap();
    // Every scalar is double-quoted, except booleans and the keys themselves.
    for line in export.yaml.lines().filter(|l| !l.trim_start().starts_with('#')) {
        let Some((_, value)) = line.split_once(": ") else { continue };
        let v = value.trim();
        assert!(
            v.starts_with('"') || v.starts_with('[') || v == "true" || v == "false",
            "unquoted scalar: {line}"
        );
    }
    // With PyYAML at hand, every leaf reads as a string or a boolean.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("e.yaml");
    std::fs::write(&file, &export.yaml).unwrap();
    let script = "import sys, yaml\n\
        def walk(x):\n\
        \x20   if isinstance(x, dict): [walk(v) for v in x.values()]\n\
        \x20   elif isinstance(x, list): [walk(v) for v in x]\n\
        \x20   else: assert isinstance(x, (str, bool)), (type(x), x)\n\
        walk(yaml.safe_load(open(sys.argv[1], encoding='utf-8')))\n";
    let has_pyyaml = std::process::Command::new("python3")
        .args(["-c", "import yaml"])
        .output()
        .is_ok_and(|o| o.status.success());
    if has_pyyaml {
        let out = std::process::Command::new("python3")
            .args(["-c", script, file.to_str().unwrap()])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
}
