//! The format of the word and name lists: one entry per line, `#` starts a
//! comment line, Hunspell affix flags after a slash are ignored. Read by the
//! scrubber at run time (lexicons given with `--lexicon`) and by `build.rs`
//! (the embedded lists), from this one file.

/// The entries of a list, each with whether it is written capitalised.
pub(super) fn entries(text: &str) -> impl Iterator<Item = (&str, bool)> {
    text.lines().filter_map(|line| {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return None;
        }
        let word = line.split('/').next().unwrap_or(line).trim();
        (!word.is_empty()).then(|| (word, word.starts_with(char::is_uppercase)))
    })
}
