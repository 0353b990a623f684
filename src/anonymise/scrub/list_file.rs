//! The format of the word and name lists: one entry per line, `#` starts a
//! comment line, Hunspell affix flags after a slash are ignored. Read by the
//! scrubber at run time (lexicons given with `--lexicon`) and by `build.rs`
//! (the embedded lists), from this one file.

/// What the lists say about a folded word, as bits.
pub type Flags = u16;
pub const FIRST: Flags = 1;
pub const LAST: Flags = 2;
/// A first name common enough to stand alone even when short.
pub const COMMON: Flags = 4;
/// An ordinary word as listed (not inflected).
pub const WORD: Flags = 8;
pub const PLACE: Flags = 16;
/// A large town: a place even when its name is short.
pub const TOWN: Flags = 32;
/// Listed capitalised: a noun, the last part of a compound.
pub const NOUN: Flags = 64;
/// Listed in lower case too (`Dem`/`dem`): then no noun.
pub const LOWER: Flags = 128;
/// A place only as part of a multi-word place name (`Bad Arolsen` →
/// `arolsen`, set by `build.rs`): loses [`PLACE`] when a lexicon read at run
/// time lists the word.
pub(super) const PART: Flags = 256;

/// The entries of a list read with `flag`, each with the flags it adds: a
/// word list also says whether the word is a noun (written capitalised) or
/// not.
pub(super) fn entries(text: &str, flag: Flags) -> impl Iterator<Item = (&str, Flags)> {
    text.lines().filter_map(move |line| {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return None;
        }
        let word = line.split('/').next().unwrap_or(line).trim();
        let noun = match (flag == WORD, word.starts_with(char::is_uppercase)) {
            (true, true) => NOUN,
            (true, false) => LOWER,
            _ => 0,
        };
        (!word.is_empty()).then_some((word, flag | noun))
    })
}
