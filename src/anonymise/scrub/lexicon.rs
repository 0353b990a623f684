//! What the lists say about the words of one text, each distinct word
//! looked up once: the detectors ask about the same words many times (a
//! name word is checked by the patterns, the grammar and its neighbours),
//! and an inflected or compound word costs dozens of look-ups in the
//! 360,000-word map. The view numbers its distinct words; the answers are
//! kept by that number, filled in the first time a word is asked about.

use std::cell::RefCell;

use super::lists::{self, Answer, COMMON, Cue, FIRST, Flags, LAST, Lists, PLACE, TOWN, lists};
use crate::text::View;

/// The answers known so far for one word: 0 not asked yet, 1 no, 2 yes.
#[derive(Clone, Copy, Default)]
struct Facts {
    /// Whether `flags` and `long` are filled in.
    known: bool,
    flags: Flags,
    /// Five letters or more (a listed name that may stand alone).
    long: bool,
    listed: u8,
    word: u8,
    /// 0 not asked, 1 no cue, 2 title, 3 role.
    cue: u8,
}

/// The lists, asked through a memo for the words of one view.
pub(crate) struct Lexicon<'v> {
    view: &'v View,
    lists: &'static Lists,
    /// By word number of the view.
    facts: RefCell<Vec<Facts>>,
}

/// A yes/no [`Answer`] through the lists' per-thread memo.
fn derived(f: &str, answer: Answer, compute: impl FnOnce() -> bool) -> bool {
    lists::remembered(f, answer, || if compute() { 2 } else { 1 }) == 2
}

fn ask(slot: &mut u8, answer: impl FnOnce() -> bool) -> bool {
    if *slot == 0 {
        *slot = if answer() { 2 } else { 1 };
    }
    *slot == 2
}

/// A question about the word of token `k`, answered from the memo.
macro_rules! ask_at {
    ($(#[$doc:meta])* $at:ident, |$x:ident, $l:ident, $f:ident| $body:expr) => {
        $(#[$doc])*
        pub(crate) fn $at(&self, k: usize) -> bool {
            let (id, f) = self.number_at(k);
            self.answer(id, f, |$x, $l, $f| $body)
        }
    };
}

impl<'v> Lexicon<'v> {
    pub(crate) fn new(view: &'v View) -> Lexicon<'v> {
        Lexicon {
            view,
            lists: lists(),
            facts: RefCell::new(vec![Facts::default(); view.word_count()]),
        }
    }

    fn number_at(&self, k: usize) -> (u32, &'v str) {
        let t = &self.view.tokens[k];
        (t.word, self.view.folded(t))
    }

    fn answer<R>(
        &self,
        id: u32,
        f: &'v str,
        get: impl FnOnce(&mut Facts, &'static Lists, &'v str) -> R,
    ) -> R {
        let facts = &mut self.facts.borrow_mut()[id as usize];
        if !facts.known {
            facts.known = true;
            facts.flags = self.lists.flags(f);
            facts.long = f.chars().count() >= 5;
        }
        get(facts, self.lists, f)
    }

    /// See [`Lists::flags`].
    pub(crate) fn flags_at(&self, k: usize) -> Flags {
        let (id, f) = self.number_at(k);
        self.answer(id, f, |x, _, _| x.flags)
    }

    /// A place from the list (a folded word of the view).
    pub(crate) fn is_place(&self, f: &str) -> bool {
        match self.view.word_id(f) {
            Some(id) => self.answer(id, self.view.word(id), |x, _, _| x.flags & PLACE != 0),
            None => self.lists.flags(f) & PLACE != 0,
        }
    }

    /// See [`Lists::is_listed_word`] (a folded word of the view).
    pub(crate) fn is_listed_word(&self, f: &str) -> bool {
        match self.view.word_id(f) {
            Some(id) => self.answer(id, self.view.word(id), |x, l, f| {
                ask(&mut x.listed, || derived(f, Answer::Listed, || l.is_listed_word(f)))
            }),
            None => self.lists.is_listed_word(f),
        }
    }

    ask_at!(is_first_name_at, |x, _l, _f| x.flags & FIRST != 0);
    ask_at!(is_name_at, |x, _l, _f| x.flags & (FIRST | LAST) != 0);
    ask_at!(is_place_at, |x, _l, _f| x.flags & PLACE != 0);
    ask_at!(is_town_at, |x, _l, _f| x.flags & TOWN != 0);
    ask_at!(
        /// See [`Lists::is_standalone_name`].
        is_standalone_name_at,
        |x, _l, _f| x.flags & COMMON != 0 || (x.flags & (FIRST | LAST) != 0 && x.long)
    );
    ask_at!(
        /// See [`Lists::is_listed_word`].
        is_listed_word_at,
        |x, l, f| ask(&mut x.listed, || derived(f, Answer::Listed, || l.is_listed_word(f)))
    );
    ask_at!(
        /// See [`Lists::is_word`].
        is_word_at,
        |x, l, f| {
            let listed = ask(&mut x.listed, || derived(f, Answer::Listed, || l.is_listed_word(f)));
            ask(&mut x.word, || listed || derived(f, Answer::Compound, || l.is_compound(f, 0)))
        }
    );

    fn cue_of(x: &mut Facts, f: &str) -> Option<Cue> {
        if x.cue == 0 {
            x.cue = lists::remembered(f, Answer::Cue, || match lists::cue(f) {
                None => 1,
                Some(Cue::Title) => 2,
                Some(Cue::Role) => 3,
            });
        }
        match x.cue {
            2 => Some(Cue::Title),
            3 => Some(Cue::Role),
            _ => None,
        }
    }

    /// See [`lists::cue`].
    pub(crate) fn cue_at(&self, k: usize) -> Option<Cue> {
        let (id, f) = self.number_at(k);
        let mut facts = self.facts.borrow_mut();
        let x = &mut facts[id as usize];
        if x.cue == 0 && !lists::may_be_cue(f) {
            x.cue = 1;
        }
        Self::cue_of(x, f)
    }
}
