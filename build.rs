//! Folds the scrubber's word and name lists once, at build time.
//!
//! `src/anonymise/data/*.txt` are the lists as their sources spell them (see
//! `SOURCES.md`); the scrubber looks words up by their folded form
//! (`src/text/fold.rs`, the crate's one fold rule, compiled into this script
//! from the same file). Folding and merging ~335,000 lines costs a run of
//! `lernfall` about 0.2 s, and building a hash map of them another 0.03 s;
//! done here, the binary embeds a ready hash table
//! (`src/anonymise/scrub/list_table.rs`) and looks words up in place. The
//! flag bits are those of `src/anonymise/scrub/list_file.rs`.

use std::collections::HashMap;
use std::path::Path;

#[allow(dead_code, unreachable_pub)]
#[path = "src/text/fold.rs"]
mod fold;

#[allow(dead_code, unreachable_pub)]
#[path = "src/anonymise/scrub/list_file.rs"]
mod list_file;
use list_file::{COMMON, FIRST, LAST, PART, PLACE, TOWN, WORD};

#[allow(dead_code, unreachable_pub)]
#[path = "src/anonymise/scrub/list_table.rs"]
mod list_table;

/// The same reading as `lists::read_into`. Returns how many were new.
fn read_into(map: &mut HashMap<String, u16>, text: &str, flag: list_file::Flags) -> usize {
    let mut new = 0;
    for (word, adds) in list_file::entries(text, flag) {
        let f = map.entry(fold::fold(word)).or_insert(0);
        new += usize::from(*f & flag == 0);
        *f |= adds;
    }
    new
}

fn main() {
    let data = Path::new("src/anonymise/data");
    let read = |name: &str| {
        let p = data.join(name);
        println!("cargo::rerun-if-changed={}", p.display());
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    };
    println!("cargo::rerun-if-changed=src/text/fold.rs");
    println!("cargo::rerun-if-changed=src/anonymise/scrub/list_file.rs");
    println!("cargo::rerun-if-changed=src/anonymise/scrub/list_table.rs");
    let mut map = HashMap::with_capacity(360_000);
    read_into(&mut map, &read("first-names.txt"), FIRST);
    read_into(&mut map, &read("first-names-own.txt"), FIRST | COMMON);
    read_into(&mut map, &read("first-names-common.txt"), COMMON);
    read_into(&mut map, &read("surnames.txt"), LAST);
    read_into(&mut map, &read("surnames-own.txt"), LAST);
    let mut words = read_into(&mut map, &read("lexicon.txt"), WORD);
    words += read_into(&mut map, &read("words.txt"), WORD);
    read_into(&mut map, &read("places.txt"), PLACE);
    read_into(&mut map, &read("places-own.txt"), PLACE | TOWN);
    // The distinctive words of multi-word places (`Bad Arolsen` → `arolsen`).
    let parts: Vec<String> = map
        .iter()
        .filter(|(p, f)| **f & PLACE != 0 && p.contains([' ', '-']))
        .flat_map(|(p, _)| p.split([' ', '-']).map(String::from).collect::<Vec<_>>())
        .collect();
    for w in parts {
        if w.chars().count() >= 4 {
            let f = map.entry(w).or_insert(0);
            if *f & (WORD | PLACE) == 0 {
                *f |= PLACE | PART;
            }
        }
    }
    let mut entries: Vec<(String, u16)> = map.into_iter().collect();
    entries.sort();
    let table = list_table::build(&entries, words as u32);
    let dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&dir).join("lists.table"), table).expect("write OUT_DIR/lists.table");
}
