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
    assert_eq!(html.matches("class=\"lane lane-").count(), case.institutions.len() + 1);
    assert_eq!(html.matches("data-event=").count(), case.events.len());
    let seen = case.events.iter().filter(|e| e.child_seen == Some(true)).count();
    assert_eq!(html.matches("class=\"event child-seen").count(), seen);
    assert!(html.contains("not-met"), "not-met items are marked");
    assert!(html.contains("class=\"unseen long\""), "the 87 days without seeing the child");
    assert!(html.contains("K11: 87 Tage ohne Sichtkontakt"), "the K11 stretch is named");
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

/// A folder of exports gives one handout per case in `--out DIR`, named
/// after the export; a case that is not anonymised is refused (exit 1) and
/// the others are still written; no file is an input.
#[test]
fn handouts_for_a_folder_of_cases() {
    let dir = tempfile::tempdir().unwrap();
    let anon = dir.path().join("anon");
    let (code, _, err) = run(&["anonymise", "cases/", "--out", anon.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let exports: Vec<std::path::PathBuf> = std::fs::read_dir(&anon)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml") && !p.ends_with("manifest.yaml"))
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("C-"))
        .collect();
    assert_eq!(exports.len(), crate::demo_count());
    let out = dir.path().join("handouts");
    let (code, _, err) = run(&[
        "--lang",
        "en",
        "handout",
        anon.to_str().unwrap(),
        "cases/01-kita-haematome.yaml",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "the identifying demo case is refused: {err}");
    assert!(err.contains("handouts leave the office"), "{err}");
    for export in &exports {
        let name = format!("{}.html", export.file_stem().unwrap().to_string_lossy());
        let html = std::fs::read_to_string(out.join(&name)).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>"), "{name}");
    }
    assert!(!out.join("01-kita-haematome.html").exists());
    let written = std::fs::read_dir(&out).unwrap().count();
    assert_eq!(written, exports.len(), "no temporary file is left");
    // Again without --force: nothing is replaced.
    let (code, _, err) =
        run(&["--lang", "en", "handout", anon.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("exists already"), "{err}");
    // --identifying takes the demo cases as they are.
    let (code, _, err) =
        run(&["handout", "cases/", "--identifying", "--out", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.join("01-kita-haematome.html").exists());
    // Several cases cannot go to standard output.
    let (code, _, _) = run(&["handout", "cases/", "--identifying", "--out", "-"]);
    assert_eq!(code, 2);
}

/// The timeline's layout on every demo case and on a crowded one: no two
/// markers overlap, no text runs into another or out of the figure, nothing
/// prints under 8 pt, and the axis has a tick per month.
#[test]
fn handout_timeline_layout_never_overlaps() {
    use lernfall::handout::timeline::{self, Layout, MIN_FONT, WIDTH};
    let list =
        lernfall::checklist::builtin().iter().find(|l| l.id == "afl-erweitert").unwrap().clone();
    // 180 mm of print width; 1 pt = 0.3528 mm: the smallest text is 8 pt.
    const { assert!(MIN_FONT * 180.0 / WIDTH / 0.3528 >= 8.0) };
    let check = |name: &str, layout: &Layout| {
        for t in &layout.texts {
            assert!(t.size >= MIN_FONT, "{name}: {t:?}");
            let b = t.bbox();
            assert!(b.0 >= 0.0 && b.2 <= WIDTH, "{name}: clipped {t:?}");
        }
        for (i, a) in layout.markers.iter().enumerate() {
            for b in &layout.markers[i + 1..] {
                assert!(!timeline::boxes_meet(a.bbox(), b.bbox()), "{name}: {a:?} / {b:?}");
            }
            for t in &layout.texts {
                assert!(!timeline::boxes_meet(a.bbox(), t.bbox()), "{name}: {a:?} / {t:?}");
            }
        }
        for (i, a) in layout.texts.iter().enumerate() {
            for b in &layout.texts[i + 1..] {
                assert!(!timeline::boxes_meet(a.bbox(), b.bbox()), "{name}: {a:?} / {b:?}");
            }
        }
        assert!(layout.ticks.windows(2).all(|w| w[0] < w[1]), "{name}: ticks in order");
    };
    for entry in std::fs::read_dir("cases").unwrap() {
        let path = entry.unwrap().path();
        let case = lernfall::load::load_file(&path, Default::default()).case.unwrap();
        let result = lernfall::checklist::evaluate(&list, &case);
        let layout = timeline::layout(&case, &list, &result, lernfall::lang::Lang::De);
        check(&path.display().to_string(), &layout);
        // A tick per month from the first month to the last.
        let first = case.events.iter().map(|e| e.date.first_day()).min().unwrap();
        let last = case.events.iter().map(|e| e.date.last_day()).max().unwrap();
        let months = (last - first) / 31;
        assert!(
            layout.ticks.len() as i32 >= months,
            "{}: {} ticks",
            path.display(),
            layout.ticks.len()
        );
    }
    // Sixty events in one month, in five institutions with long names.
    let mut yaml = String::from(
        "# Fictional test case.\nformat: lernfall/1\ncase:\n  ref: T-DENSE\n  opened: 2021-03-01\n  municipality: Testdorf\npeople:\n  kind: {role: child, name: Kind Eins}\n  mutter: {role: mother, name: Mutter Eins}\ninstitutions:\n",
    );
    for i in 0..5 {
        yaml.push_str(&format!(
            "  i{i}: {{kind: youth_office, name: \"Allgemeiner Sozialer Dienst des Jugendamts Bezirk Mitte-Nord {i}\"}}\n"
        ));
    }
    yaml.push_str("episodes:\n  - {id: k1, title: \"Eine sehr lange Episode mit einem Titel, der nicht in die Spalte passt\", events: [e0, e59]}\nevents:\n");
    for n in 0..60 {
        yaml.push_str(&format!(
            "  - {{id: e{n}, date: 2021-03-{:02}, kind: contact, by: i{}, to: i{}, with: [kind], child_seen: {}}}\n",
            1 + n % 28,
            n % 5,
            (n + 1) % 5,
            n % 3 == 0
        ));
    }
    yaml.push_str("  - {id: late, date: 2021-09, kind: case_closed, by: i0}\n");
    let case = lernfall::load::load_str(&yaml).case.expect("the crowded case loads");
    let result = lernfall::checklist::evaluate(&list, &case);
    let layout = timeline::layout(&case, &list, &result, lernfall::lang::Lang::En);
    check("crowded", &layout);
    assert_eq!(layout.markers.iter().filter(|m| !m.ghost && m.fill.is_none()).count(), 61);
    assert_eq!(layout.markers.iter().filter(|m| m.ghost).count(), 60, "a ghost per recipient lane");
    assert!(layout.unseen.iter().any(|u| u.days > 42), "March to September unseen");
}
