//! Property tests: no input makes the loader panic, and every position it
//! reports lies inside the file.

use lernfall::load::{LoadOptions, load_bytes, load_str};
use proptest::prelude::*;

const BASE: &str = include_str!("../../cases/06-jugendliche-schutzplan.yaml");

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
        let (head, events) = BASE.split_at(BASE.find("  - id: e1").unwrap());
        let (events, tail) = events.split_at(events.find("\nfindings:").unwrap() + 1);
        let mut blocks: Vec<String> = events.split("  - id: ").filter(|b| !b.is_empty()).map(|b| format!("  - id: {b}")).collect();
        let mut s = seed;
        for i in (1..blocks.len()).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            blocks.swap(i, (s >> 33) as usize % (i + 1));
        }
        let shuffled = format!("{head}{}{tail}", blocks.concat());
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
}
