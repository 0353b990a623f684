//! Integration tests over the real `lernfall` binary and the library.

mod afl_basis;
mod afl_erweitert;
mod anonymise;
mod catalogue;
mod check;
mod demo;
mod excel;
mod export;
mod exports;
mod handout;
mod import;
mod props;
mod report;
mod safety;
mod validate;

use assert_cmd::Command;

/// The binary under test, with a stable environment.
fn lernfall() -> Command {
    let mut cmd = Command::cargo_bin("lernfall").expect("binary built");
    cmd.env("NO_COLOR", "1");
    cmd
}

/// The number of demo cases in `cases/`.
fn demo_count() -> usize {
    std::fs::read_dir("cases")
        .expect("cases/")
        .filter(|e| e.as_ref().is_ok_and(|e| e.path().extension().is_some_and(|x| x == "yaml")))
        .count()
}

/// Runs the binary and returns (exit code, stdout, stderr).
#[track_caller]
fn run(args: &[&str]) -> (i32, String, String) {
    let out = lernfall().args(args).output().expect("binary runs");
    (
        out.status.code().expect("exit code"),
        String::from_utf8(out.stdout).expect("utf-8 stdout"),
        String::from_utf8(out.stderr).expect("utf-8 stderr"),
    )
}
