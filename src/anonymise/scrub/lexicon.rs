//! What the lists say about the words of one text, each distinct word
//! looked up once: the detectors ask about the same words many times (a
//! name word is checked by the patterns, the grammar and its neighbours),
//! and an inflected or compound word costs dozens of look-ups in the
//! 360,000-word map. The answers are kept in a small map that stays in the
//! cache.

use std::cell::RefCell;

use rustc_hash::FxHashMap;

use super::lists::{self, COMMON, Cue, FIRST, Flags, LAST, Lists, PLACE, TOWN, lists};

/// The answers known so far for one word: 0 not asked yet, 1 no, 2 yes.
#[derive(Clone, Copy, Default)]
struct Facts {
    flags: Flags,
    listed: u8,
    word: u8,
    /// 0 not asked, 1 no cue, 2 title, 3 role.
    cue: u8,
}

/// The lists, asked through a memo for the words of one text.
pub(crate) struct Lexicon<'v> {
    lists: &'static Lists,
    memo: RefCell<FxHashMap<&'v str, Facts>>,
}

fn ask(slot: &mut u8, answer: impl FnOnce() -> bool) -> bool {
    if *slot == 0 {
        *slot = if answer() { 2 } else { 1 };
    }
    *slot == 2
}

impl<'v> Lexicon<'v> {
    pub(crate) fn new() -> Lexicon<'v> {
        Lexicon { lists: lists(), memo: RefCell::default() }
    }

    fn facts<R>(&self, f: &'v str, get: impl FnOnce(&mut Facts, &'static Lists) -> R) -> R {
        let mut memo = self.memo.borrow_mut();
        let facts = memo
            .entry(f)
            .or_insert_with(|| Facts { flags: self.lists.flags(f), ..Facts::default() });
        get(facts, self.lists)
    }

    /// See [`Lists::flags`].
    pub(crate) fn flags(&self, f: &'v str) -> Flags {
        self.facts(f, |x, _| x.flags)
    }

    pub(crate) fn is_first_name(&self, f: &'v str) -> bool {
        self.flags(f) & FIRST != 0
    }

    pub(crate) fn is_name(&self, f: &'v str) -> bool {
        self.flags(f) & (FIRST | LAST) != 0
    }

    pub(crate) fn is_place(&self, f: &'v str) -> bool {
        self.flags(f) & PLACE != 0
    }

    pub(crate) fn is_town(&self, f: &'v str) -> bool {
        self.flags(f) & TOWN != 0
    }

    /// See [`Lists::is_standalone_name`].
    pub(crate) fn is_standalone_name(&self, f: &'v str) -> bool {
        let flags = self.flags(f);
        flags & COMMON != 0 || (flags & (FIRST | LAST) != 0 && f.chars().count() >= 5)
    }

    /// See [`Lists::is_listed_word`].
    pub(crate) fn is_listed_word(&self, f: &'v str) -> bool {
        self.facts(f, |x, l| ask(&mut x.listed, || l.is_listed_word(f)))
    }

    /// See [`Lists::is_word`].
    pub(crate) fn is_word(&self, f: &'v str) -> bool {
        self.facts(f, |x, l| {
            let listed = ask(&mut x.listed, || l.is_listed_word(f));
            ask(&mut x.word, || listed || l.is_compound(f, 0))
        })
    }

    /// See [`lists::cue`].
    pub(crate) fn cue(&self, f: &'v str) -> Option<Cue> {
        self.facts(f, |x, _| {
            if x.cue == 0 {
                x.cue = match lists::cue(f) {
                    None => 1,
                    Some(Cue::Title) => 2,
                    Some(Cue::Role) => 3,
                };
            }
            match x.cue {
                2 => Some(Cue::Title),
                3 => Some(Cue::Role),
                _ => None,
            }
        })
    }
}
