//! Batch runs never lose or half-write data: closed pipes, signals, stale
//! temporary files, concurrent runs, outputs that are inputs, files named
//! twice, symbolic-link loops, and event logs whose traces never merge.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::run;

fn binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin("lernfall")
}

/// `n` distinct fictional cases (the demo case 06 under other references).
fn many_cases(dir: &Path, n: usize) -> PathBuf {
    let base = std::fs::read_to_string("cases/06-jugendliche-schutzplan.yaml").unwrap();
    let folder = dir.join("faelle");
    std::fs::create_dir_all(&folder).unwrap();
    for i in 0..n {
        let text = base.replace("DEMO-2024-0606", &format!("DEMO-2024-{i:05}"));
        std::fs::write(folder.join(format!("fall-{i:05}.yaml")), text).unwrap();
    }
    folder
}

fn temps_in(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|r| {
            r.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(".lernfall-"))
                .collect()
        })
        .unwrap_or_default()
}

fn yaml_count(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "yaml"))
        .count()
}

#[test]
fn a_closed_stdout_never_cuts_a_batch_short_or_changes_the_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let input = many_cases(dir.path(), 120);
    let out = dir.path().join("out");
    let mut child = Command::new(binary())
        .args(["anonymise", input.to_str().unwrap(), "--out", out.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Read one byte, then close the pipe (`| head -c1`).
    let mut stdout = child.stdout.take().unwrap();
    let mut byte = [0u8; 1];
    stdout.read_exact(&mut byte).unwrap();
    drop(stdout);
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    assert_eq!(yaml_count(&out), 120, "every export written");
    assert!(out.join("manifest.json").exists(), "the manifest written");
    // `check --fail-on` keeps its exit code behind a closed pipe.
    let mut child = Command::new(binary())
        .args(["check", "--fail-on", "not_met", input.to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    drop(child.stderr.take());
    assert_eq!(child.wait().unwrap().code(), Some(1), "as the full run: not met items");
}

#[test]
fn a_closed_stderr_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..50 {
        std::fs::write(dir.path().join(format!("bad-{i}.yaml")), "format: lernfall/1\nx: [\n")
            .unwrap();
    }
    let mut child = Command::new(binary())
        .args(["check", dir.path().to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stderr.take());
    assert_eq!(child.wait().unwrap().code(), Some(1), "invalid files, no panic (101)");
}

#[cfg(unix)]
#[test]
fn sigterm_leaves_no_temporary_file_and_the_next_run_removes_stale_ones() {
    let dir = tempfile::tempdir().unwrap();
    let input = many_cases(dir.path(), 400);
    let out = dir.path().join("out");
    let mut child = Command::new(binary())
        .args(["anonymise", input.to_str().unwrap(), "--out", out.to_str().unwrap()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the run is writing, then terminate it.
    let started = std::time::Instant::now();
    while (!out.exists() || yaml_count(&out) == 0) && started.elapsed().as_secs() < 60 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
    let status = child.wait().unwrap();
    if status.code() == Some(130) {
        assert!(temps_in(&out).is_empty(), "{:?}", temps_in(&out));
    }
    // A run killed hard (SIGKILL) leaves its temporary file; the next run
    // into the same folder removes it and says so.
    let stale = out.join(".lernfall-99999999-aBcDeF.tmp");
    std::fs::write(&stale, "Kind Eins, geboren ...").unwrap();
    let (code, _, err) = run(&[
        "--lang",
        "en",
        "anonymise",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(code, 0, "{err}");
    if Path::new("/proc").is_dir() {
        assert!(!stale.exists());
        assert!(err.contains("stale temporary file(s) of an interrupted run removed"), "{err}");
    }
    assert!(temps_in(&out).is_empty());
}

#[cfg(unix)]
#[test]
fn a_second_run_into_a_locked_folder_stops_and_the_manifest_lists_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let lock = lernfall::cli::files::lock_dir(&out).unwrap();
    let (code, _, err) = run(&[
        "--lang",
        "en",
        "anonymise",
        "cases/01-kita-haematome.yaml",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("another lernfall run is writing into this folder"), "{err}");
    assert_eq!(yaml_count(&out), 0);
    drop(lock);
    // Two runs one after the other: the manifest lists the exports of both.
    let (code, _, _) =
        run(&["anonymise", "cases/01-kita-haematome.yaml", "--out", out.to_str().unwrap()]);
    assert_eq!(code, 0);
    let (code, _, _) = run(&[
        "anonymise",
        "cases/02-schule-aliase.yaml",
        "--out",
        out.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(code, 0);
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let files = manifest["files"].as_array().unwrap();
    assert_eq!(files.len(), 2, "{manifest}");
    assert_eq!(files.iter().filter(|f| f.get("replacements").is_some()).count(), 1);
}

#[test]
fn no_output_may_be_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let case = dir.path().join("fall.yaml");
    std::fs::copy("cases/01-kita-haematome.yaml", &case).unwrap();
    let before = std::fs::read(&case).unwrap();
    for args in [
        vec![
            "handout",
            "--identifying",
            "--force",
            "--out",
            case.to_str().unwrap(),
            case.to_str().unwrap(),
        ],
        vec![
            "export",
            "--format",
            "csv",
            "--identifying",
            "--force",
            "--out",
            case.to_str().unwrap(),
            case.to_str().unwrap(),
        ],
    ] {
        let mut all = vec!["--lang", "en"];
        all.extend(args);
        let (code, _, err) = run(&all);
        assert_eq!(code, 2, "{all:?}: {err}");
        assert!(err.contains("is the input file") || err.contains("is an input file"), "{err}");
    }
    let (code, _, err) = run(&[
        "--lang",
        "en",
        "anonymise",
        case.to_str().unwrap(),
        "--out",
        dir.path().join("out").to_str().unwrap(),
        "--mapping",
        case.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(std::fs::read(&case).unwrap(), before, "the input is untouched");
}

#[test]
fn a_file_named_twice_is_read_once_and_key_new_refuses_a_dash() {
    let (code, out, err) = run(&[
        "--lang",
        "en",
        "validate",
        "cases/01-kita-haematome.yaml",
        "./cases/01-kita-haematome.yaml",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("1 file checked"), "{out}");
    assert!(err.contains("the same file was named before; read once"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = lernfall_in(dir.path(), &["--lang", "en", "key", "new", "-"]);
    assert_eq!(code, 2, "{err}");
    assert!(!dir.path().join("-").exists());
}

fn lernfall_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(binary()).args(args).current_dir(dir).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_followed_once_and_loops_are_said() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("a");
    std::fs::create_dir(&sub).unwrap();
    std::fs::copy("cases/01-kita-haematome.yaml", sub.join("x.yaml")).unwrap();
    std::os::unix::fs::symlink(&sub, sub.join("loop")).unwrap();
    std::os::unix::fs::symlink(sub.join("x.yaml"), dir.path().join("link.yaml")).unwrap();
    let (code, out, err) = run(&["--lang", "en", "validate", dir.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("1 file checked"), "{out}");
    assert!(err.contains("symbolic link back to a folder above it"), "{err}");
}

#[test]
fn event_logs_give_every_file_its_own_trace_and_order_a_day_by_time() {
    let dir = tempfile::tempdir().unwrap();
    let base = "# Fictional.\nformat: lernfall/1\ncase: {ref: SAME-1, municipality: M, opened: 2021-01-01}\npeople:\n  kid: {role: child, name: Kind Eins}\nevents:\n";
    std::fs::write(
        dir.path().join("a.yaml"),
        format!("{base}  - {{id: late, date: 2021-01-02, time: \"14:00\", kind: contact}}\n  - {{id: plain, date: 2021-01-02, kind: contact}}\n  - {{id: early, date: 2021-01-02, time: \"08:00\", kind: report}}\n"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.yaml"),
        format!("{base}  - {{id: e1, date: 2021-01-03, kind: report}}\n"),
    )
    .unwrap();
    let (code, out, err) = run(&[
        "export",
        "--identifying",
        "--format",
        "csv",
        "--out",
        "-",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let rows: Vec<(String, String)> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_owned(), r[1].to_owned())
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("SAME-1".into(), "early".into()),
            ("SAME-1".into(), "late".into()),
            ("SAME-1".into(), "plain".into()),
            ("SAME-1#2".into(), "e1".into()),
        ]
    );
}

#[test]
fn no_csv_cell_can_run_as_a_formula() {
    let dir = tempfile::tempdir().unwrap();
    let text = "# Fictional.\nformat: lernfall/1\ncase: {ref: \"=HYPERLINK(\\\"http://x\\\")\", municipality: \"=1+1\", opened: 2021-01-01}\npeople:\n  kid: {role: child, name: Kind Eins}\nevents:\n  - {id: \"@e1\", date: 2021-01-02, kind: report, by: kid}\n";
    let case = dir.path().join("f.yaml");
    std::fs::write(&case, text).unwrap();
    let c = case.to_str().unwrap();
    let outputs = [
        run(&["check", "--format", "csv", c]).1,
        run(&["timeline", "--format", "csv", c]).1,
        run(&["export", "--identifying", "--format", "csv", "--out", "-", c]).1,
        run(&["report", "--format", "csv", "--table", "municipalities", "--threshold", "1", c]).1,
    ];
    for out in outputs {
        assert!(!out.is_empty());
        let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(out.as_bytes());
        for record in reader.records() {
            for cell in record.unwrap().iter() {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "formula cell {cell:?} in\n{out}"
                );
            }
        }
    }
}
