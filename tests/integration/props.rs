//! Property tests: no input makes the loader panic, every position it
//! reports lies inside the file, and the order of events in the file never
//! changes a checklist result.

use lernfall::load::{LoadOptions, load_bytes, load_str};
use proptest::prelude::*;

const BASE: &str = include_str!("../../cases/06-jugendliche-schutzplan.yaml");

const DEMO: [&str; 8] = [
    include_str!("../../cases/01-kita-haematome.yaml"),
    include_str!("../../cases/02-schule-aliase.yaml"),
    include_str!("../../cases/03-umzug-zustaendigkeitswechsel.yaml"),
    include_str!("../../cases/04-vorgeschichte-monatsdaten.yaml"),
    include_str!("../../cases/05-saeugling-fruehe-hilfen.yaml"),
    BASE,
    include_str!("../../cases/07-saeugling-rueckfuehrung-klinikwarnung.yaml"),
    include_str!("../../cases/08-kita-beobachtung-vormundschaft.yaml"),
];

/// The larger built-in checklist (afl-basis and K17–K30).
fn erweitert() -> &'static lernfall::checklist::Checklist {
    lernfall::checklist::builtin().iter().find(|c| c.id == "afl-erweitert").expect("built in")
}

/// The file with its event entries shuffled. With `keep_same_day`, events of
/// the same date keep their relative order (the format's tie-break).
fn shuffle_events(text: &str, seed: u64, keep_same_day: bool) -> String {
    let (head, events) = text.split_at(text.find("  - id: e").unwrap());
    let (events, tail) = events.split_at(events.find("\nfindings:").unwrap() + 1);
    let original: Vec<String> = events
        .split("  - id: ")
        .filter(|b| !b.is_empty())
        .map(|b| format!("  - id: {b}"))
        .collect();
    let mut blocks = original.clone();
    let mut s = seed;
    for i in (1..blocks.len()).rev() {
        s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        blocks.swap(i, (s >> 33) as usize % (i + 1));
    }
    if keep_same_day {
        let date = |b: &str| {
            b.split("date: ")
                .nth(1)
                .and_then(|d| d.split_whitespace().next())
                .unwrap_or("")
                .to_owned()
        };
        let mut fixed = blocks.clone();
        for d in blocks.iter().map(|b| date(b)) {
            let in_order: Vec<&String> = original.iter().filter(|b| date(b) == d).collect();
            let slots: Vec<usize> = (0..blocks.len()).filter(|&i| date(&blocks[i]) == d).collect();
            for (slot, block) in slots.into_iter().zip(in_order) {
                fixed[slot] = block.clone();
            }
        }
        blocks = fixed;
    }
    format!("{head}{}{tail}", blocks.concat())
}

fn positions_inside(text: &str, loaded: &lernfall::load::Loaded) -> bool {
    let lines = text.lines().count().max(1) as u32 + 1;
    loaded
        .diagnostics
        .iter()
        .all(|d| d.pos.is_none_or(|p| p.line >= 1 && p.line <= lines && p.column >= 1))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let loaded = load_bytes(&bytes, LoadOptions::default());
        prop_assert!(loaded.is_valid() || !loaded.diagnostics.is_empty());
    }

    #[test]
    fn yaml_like_text_never_panics(text in "[a-z:_ \\-\\[\\]{},\"'&*!|>#\n\t0-9.]{0,400}") {
        let loaded = load_str(&text);
        prop_assert!(loaded.is_valid() || !loaded.diagnostics.is_empty());
        prop_assert!(positions_inside(&text, &loaded));
    }

    #[test]
    fn mutated_cases_never_panic_and_point_inside_the_file(
        cut in 0..BASE.len(), len in 0usize..40, insert in "[a-z: \\-\\[\\]\n0-9]{0,8}"
    ) {
        let mut text: String = BASE.to_owned();
        let start = (0..=cut).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
        let end = (start + len..=text.len()).find(|&i| text.is_char_boundary(i)).unwrap_or(text.len());
        text.replace_range(start..end, &insert);
        let loaded = load_str(&text);
        prop_assert!(loaded.is_valid() || loaded.diagnostics.iter().any(|d| d.is_error()));
        prop_assert!(positions_inside(&text, &loaded));
    }

    #[test]
    fn reordering_events_in_the_file_changes_nothing_but_their_index(seed in any::<u64>()) {
        let shuffled = shuffle_events(BASE, seed, false);
        let original = load_str(BASE).case.expect("demo case valid");
        let reordered = load_str(&shuffled).case.expect("still valid");
        let key = |c: &lernfall::model::Case| {
            let mut v: Vec<_> = c.events.iter().map(|e| { let mut e = e.clone(); e.index = 0; e.pos = Default::default(); e }).collect();
            v.sort_by(|a, b| a.id.cmp(&b.id));
            v
        };
        prop_assert_eq!(key(&original), key(&reordered));
        let dates = |c: &lernfall::model::Case| c.timeline().iter().map(|e| e.date).collect::<Vec<_>>();
        prop_assert_eq!(dates(&original), dates(&reordered));
    }

    #[test]
    fn reordering_events_in_the_file_never_changes_a_checklist_result(seed in any::<u64>(), which in 0usize..8) {
        let list = erweitert();
        let text = DEMO[which];
        let original = load_str(text).case.expect("demo case valid");
        let reordered = load_str(&shuffle_events(text, seed, true)).case.expect("still valid");
        prop_assert_eq!(
            lernfall::checklist::evaluate(list, &original),
            lernfall::checklist::evaluate(list, &reordered)
        );
    }
}

proptest! {
    // Each case anonymises a whole file; fewer cases keep the suite quick.
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn anonymising_never_changes_a_checklist_result(key in any::<[u8; 32]>(), which in 0usize..8) {
        use lernfall::anonymise::{anonymise, key::Key, Policy};
        let list = erweitert();
        let original = load_str(DEMO[which]).case.expect("demo case valid");
        let export = anonymise(&original, "fall.yaml", &Key::from_bytes(key), &Policy::default(), "t");
        let export = export.map_err(|w| TestCaseError::fail(format!("withheld: {:?}", w.paths)))?;
        let again = load_str(&export.yaml).case.expect("export valid");
        let status = |c: &lernfall::model::Case| {
            lernfall::checklist::evaluate(list, c).items.iter().map(|i| i.status).collect::<Vec<_>>()
        };
        prop_assert_eq!(status(&original), status(&again));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// A demo case split at random into two or three agencies' chronologies
    /// (each with every person and institution) merges back without losing
    /// an event: each original event is in the merged case (same id, date,
    /// kind, people) or listed as a duplicate of one of the same day and
    /// kind; the merged case loads and names only its own ids.
    #[test]
    fn merging_random_splits_keeps_every_event(which in 0usize..8, parts in 2usize..4, seed in any::<u64>()) {
        let case = load_str(DEMO[which]).case.unwrap();
        let mut rng = seed;
        let mut next = || { rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407); (rng >> 33) as usize };
        let mut split: Vec<lernfall::model::Case> = (0..parts).map(|_| {
            let mut c = case.clone();
            c.events.clear();
            c.findings.clear();
            c.episodes.clear();
            c.exceptions.clear();
            c.measures.clear();
            c
        }).collect();
        for e in &case.events {
            split[next() % parts].events.push(e.clone());
        }
        let inputs: Vec<(String, lernfall::model::Case)> = split
            .into_iter()
            .enumerate()
            .filter(|(_, c)| !c.events.is_empty())
            .map(|(i, c)| (format!("part{i}"), c))
            .collect();
        let (merged, report) = lernfall::case::merge::merge(&inputs).unwrap();
        prop_assert_eq!(merged.events.len() + report.duplicates.len(), case.events.len());
        for e in &case.events {
            let same = merged.events.iter().any(|m| m.id == e.id && m.date == e.date && m.kind == e.kind && m.by == e.by && m.with == e.with);
            let twin = report.duplicates.iter().any(|d| merged.events.iter().any(|m| m.id == d.event && m.date == e.date && m.kind == e.kind));
            prop_assert!(same || twin, "event {} lost", e.id);
        }
        let yaml = lernfall::write::case_to_yaml(&merged, &[]);
        let loaded = load_str(&yaml);
        prop_assert!(loaded.case.is_some(), "{:?}", loaded.diagnostics);
    }
}
