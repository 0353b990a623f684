//! The embedded word lists as a ready-made hash table: `build.rs` lays it
//! out (this file is compiled into the build script too), the binary embeds
//! the bytes and looks words up in place — nothing is built at run time.
//!
//! Layout (little-endian): a header of four `u32` (number of entries,
//! number of slots — a power of two —, lexicon word count, 0), the slots
//! (`u32` each: entry number + 1, 0 for empty), the entries (`u32` offset
//! of the word in the text, `u16` length, `u16` flags), then the words'
//! text. Open addressing with linear probing over FNV-1a hashes.

/// FNV-1a over the bytes of a folded word.
pub(super) fn hash(word: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in word {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

const HEADER: usize = 16;
const ENTRY: usize = 8;

/// Lays out the table for `entries` (word, flags) and the lexicon count.
/// Called by `build.rs`; in the crate only by the tests.
#[cfg_attr(not(test), allow(dead_code))]
pub(super) fn build(entries: &[(String, u16)], words: u32) -> Vec<u8> {
    let slots = (entries.len() * 2).next_power_of_two().max(2);
    let mut table = vec![0u32; slots];
    for (i, (w, _)) in entries.iter().enumerate() {
        let mut at = hash(w.as_bytes()) as usize & (slots - 1);
        while table[at] != 0 {
            at = (at + 1) & (slots - 1);
        }
        table[at] = i as u32 + 1;
    }
    let mut out = Vec::with_capacity(HEADER + slots * 4 + entries.len() * (ENTRY + 10));
    for n in [entries.len() as u32, slots as u32, words, 0] {
        out.extend_from_slice(&n.to_le_bytes());
    }
    for s in &table {
        out.extend_from_slice(&s.to_le_bytes());
    }
    let mut offset = 0u32;
    for (w, f) in entries {
        out.extend_from_slice(&offset.to_le_bytes());
        out.extend_from_slice(&(w.len() as u16).to_le_bytes());
        out.extend_from_slice(&f.to_le_bytes());
        offset += w.len() as u32;
    }
    for (w, _) in entries {
        out.extend_from_slice(w.as_bytes());
    }
    out
}

/// The table laid out by [`build`], read in place.
pub(super) struct Table<'a> {
    bytes: &'a [u8],
    slots: usize,
    entries: usize,
}

fn u32_at(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(bytes[at..at + 4].try_into().expect("four bytes"))
}

impl<'a> Table<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Table<'a> {
        Table { bytes, entries: u32_at(bytes, 0) as usize, slots: u32_at(bytes, 4) as usize }
    }

    /// The lexicon word count recorded by the build.
    pub(super) fn words(&self) -> u32 {
        u32_at(self.bytes, 8)
    }

    /// The flags of a folded word, if it is listed.
    pub(super) fn get(&self, word: &str) -> Option<u16> {
        let word = word.as_bytes();
        let entries = HEADER + self.slots * 4;
        let text = entries + self.entries * ENTRY;
        let mut at = hash(word) as usize & (self.slots - 1);
        loop {
            let slot = u32_at(self.bytes, HEADER + at * 4) as usize;
            if slot == 0 {
                return None;
            }
            let e = entries + (slot - 1) * ENTRY;
            let offset = u32_at(self.bytes, e) as usize;
            let len = usize::from(u16::from_le_bytes([self.bytes[e + 4], self.bytes[e + 5]]));
            if len == word.len() && &self.bytes[text + offset..text + offset + len] == word {
                return Some(u16::from_le_bytes([self.bytes[e + 6], self.bytes[e + 7]]));
            }
            at = (at + 1) & (self.slots - 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_is_found_and_nothing_else() {
        let entries: Vec<(String, u16)> =
            (0..5000).map(|i| (format!("wort{i}"), (i % 500) as u16)).collect();
        let bytes = build(&entries, 42);
        let table = Table::new(&bytes);
        assert_eq!(table.words(), 42);
        for (w, f) in &entries {
            assert_eq!(table.get(w), Some(*f), "{w}");
        }
        for w in ["wort", "wort5000", "", "wort12a", "ort1"] {
            assert_eq!(table.get(w), None, "{w}");
        }
    }

    #[test]
    fn the_embedded_lists_answer_as_listed() {
        let l = super::super::lists::lists();
        assert!(l.is_name("mehmet") && l.is_place("berlin") && l.is_listed_word("jugendamt"));
        assert_eq!(l.flags("xqzvwk"), 0);
    }
}
