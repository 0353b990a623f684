//! `lernfall handout`: one self-contained HTML file with a swimlane SVG.

use crate::run;

#[test]
fn handout_has_lanes_marks_and_questions() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("anon");
    let (code, _, _) =
        run(&["anonymise", "cases/01-kita-haematome.yaml", "--out", out.to_str().unwrap()]);
    assert_eq!(code, 0);
    let export = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "yaml"))
        .unwrap();
    let html_path = dir.path().join("handout.html");
    let (code, _, err) =
        run(&["handout", export.to_str().unwrap(), "--out", html_path.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let html = std::fs::read_to_string(&html_path).unwrap();
    let case = lernfall::load::load_str(&std::fs::read_to_string(&export).unwrap()).case.unwrap();
    // Self-contained: no scripts, no external resources.
    assert!(!html.contains("<script") && !html.contains("src=") && !html.contains("href="));
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("@page { size: A4"));
    // One lane per institution plus the family's; one mark per event.
    assert_eq!(html.matches("class=\"lane\"").count(), case.institutions.len() + 1);
    assert_eq!(html.matches("data-event=").count(), case.events.len());
    let seen = case.events.iter().filter(|e| e.child_seen == Some(true)).count();
    assert_eq!(html.matches("class=\"event child-seen").count(), seen);
    assert!(html.contains("not-met"), "not-met items are marked");
    assert!(html.contains("class=\"gap\""), "the 87-day gap is shown");
    assert!(html.contains("class=\"episode\""));
    assert_eq!(html.matches("class=\"notes\"").count(), 6, "room for notes per guided question");
    // Nothing of the original case's names.
    for p in lernfall::load::load_str(include_str!("../../cases/01-kita-haematome.yaml"))
        .case
        .unwrap()
        .people
    {
        assert!(!html.contains(&p.name));
    }
}

#[test]
fn handout_refuses_identifying_files_and_escapes_text() {
    let dir = tempfile::tempdir().unwrap();
    let html_path = dir.path().join("h.html");
    let (code, _, err) = run(&[
        "--lang",
        "en",
        "handout",
        "cases/01-kita-haematome.yaml",
        "--out",
        html_path.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("not an anonymised file"), "{err}");
    assert!(!html_path.exists());
    let text = std::fs::read_to_string("cases/01-kita-haematome.yaml").unwrap().replacen(
        "summary: |",
        "summary: |\n    <script>alert(1)</script> & \"x\"",
        1,
    );
    let case_path = dir.path().join("c.yaml");
    std::fs::write(&case_path, text).unwrap();
    let (code, out, err) =
        run(&["handout", case_path.to_str().unwrap(), "--out", "-", "--identifying"]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("<script>"));
    assert!(out.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"));
    assert!(out.contains("internen Gebrauch"), "identifying handouts say so");
}
