//! Identifiers the case names (and names learned from its free text),
//! matched word by word on the normalised view: full names, parts, aliases,
//! addresses, institution and staff names, hand-written ids — in any case,
//! with genitive endings, across no-break spaces, soft hyphens and quotes.

use rustc_hash::FxHashMap;

use super::lists::{self, Cue, lists};
use super::{Cand, Category, KnownTerm, Rule};
use crate::text::View;

/// One identifier as a sequence of folded words.
#[derive(Clone, Debug)]
struct Term {
    words: Vec<Box<str>>,
    /// Cloned for every match: the placeholder of a learned name is shared.
    label: std::borrow::Cow<'static, str>,
    category: Category,
    /// A one-word identifier that is also an ordinary word (`Koch`, `Weiß`)
    /// matches only capitalised, so that `die Mutter weiß das` stays.
    cap_only: bool,
    /// A street name: a house number after it belongs to it.
    street: bool,
    rule: Rule,
}

/// An index of identifiers by their first folded word.
#[derive(Clone, Debug, Default)]
pub struct KnownIndex {
    by_first: FxHashMap<Box<str>, Vec<u32>>,
    terms: Vec<Term>,
}

/// The folded words of a text, as the view splits them.
pub fn words_of(text: &str) -> Vec<Box<str>> {
    let v = View::new(text);
    v.tokens.iter().map(|t| Box::from(v.folded(t))).collect()
}

/// Whether an identifier consisting of `words` is (the form of) a street
/// name: one word ending in a street suffix, or words before `Straße`.
fn is_street(words: &[Box<str>]) -> bool {
    const SUFFIXES: &[&str] = &[
        "strasse", "str", "weg", "platz", "allee", "gasse", "ring", "damm", "ufer", "chaussee",
        "steig", "pfad", "markt", "stieg", "kamp", "twiete", "winkel", "graben", "hoehe",
    ];
    words.last().is_some_and(|w| SUFFIXES.iter().any(|s| w.ends_with(s)))
}

impl KnownIndex {
    /// Adds an identifier; words of fewer than two letters alone are skipped.
    pub fn add(&mut self, term: &KnownTerm, rule: Rule) {
        // A learned name is one folded word already.
        let words = if rule == Rule::Learned && term.text.bytes().all(|b| b.is_ascii_lowercase()) {
            vec![Box::from(term.text.as_str())]
        } else {
            words_of(&term.text)
        };
        if words.is_empty() {
            return;
        }
        if words.len() == 1 && words[0].chars().filter(|c| c.is_alphanumeric()).count() < 2 {
            return;
        }
        // A name that is also a word written in lower case (`Weiß`/`weiß`,
        // `Lange`/`lange`) matches capitalised only, so that `die Mutter weiß
        // das` stays; any other name in any case (`walda`, `koch` in notes
        // typed in lower case).
        let cap_only = words.len() == 1 && lists().flags(&words[0]) & super::lists::LOWER != 0;
        let street = term.category == Category::Address && is_street(&words);
        let id = self.terms.len() as u32;
        self.by_first.entry(words[0].clone()).or_default().push(id);
        self.terms.push(Term {
            words,
            label: match term.label.as_str() {
                "[Name]" => "[Name]".into(),
                l => l.to_owned().into(),
            },
            category: term.category,
            cap_only,
            street,
            rule,
        });
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Every folded word sequence of the index, for verification.
    pub fn sequences(&self) -> impl Iterator<Item = (&[Box<str>], Category, bool)> {
        self.terms.iter().map(|t| (t.words.as_slice(), t.category, t.cap_only))
    }

    /// Finds every identifier in the view. Returns candidate spans; `named`
    /// marks the tokens they cover.
    /// `named` gets `mark` on every token an identifier covers.
    pub(crate) fn find(&self, view: &View, named: &mut [u8], mark: u8, out: &mut Vec<Cand>) {
        if self.terms.is_empty() {
            return;
        }
        let toks = &view.tokens;
        // The identifiers that can start with a word, by word number: the
        // index is asked once per distinct word of the text. A range of
        // `firsts`; `None` until asked.
        let mut starts: Vec<Option<(u32, u32)>> = vec![None; view.word_count()];
        let mut firsts: Vec<(u32, bool)> = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            let (a, z) = *starts[toks[i].word as usize].get_or_insert_with(|| {
                let a = firsts.len() as u32;
                self.firsts(view.folded(&toks[i]), &mut firsts);
                (a, firsts.len() as u32)
            });
            if a == z {
                i += 1;
                continue;
            }
            match self.longest_at(view, i, &firsts[a as usize..z as usize]) {
                Some((term, last, genitive)) => {
                    let t = &self.terms[term as usize];
                    let (mut a, mut z) = (i, last);
                    let mut end = toks[z].end();
                    let apostrophe = view.char_at(end).is_some_and(|c| matches!(c, '\'' | '’'));
                    if apostrophe && (genitive || view.folded(&toks[z]).ends_with('s')) {
                        end += 1;
                    }
                    if t.street
                        && let Some(n) = toks.get(z + 1)
                        && n.start() == end + 1
                        && view.shadow.as_bytes()[end] == b' '
                        && view.shadow.as_bytes()[n.start()].is_ascii_digit()
                        && n.end() - n.start() <= 4
                    {
                        z += 1;
                        end = n.end();
                    }
                    if matches!(t.category, Category::Person | Category::Name) {
                        (a, z) = widen_hyphenated(view, a, z);
                        end = end.max(toks[z].end());
                    }
                    // A title belongs to a person's label (`Frau Müller` →
                    // `Mutter`); before a placeholder it stays (`Frau [Name]`).
                    // Particles before a surname go with it (`De Esposetti`, `vom Bruchkamp`).
                    if matches!(t.category, Category::Person | Category::Name) {
                        while a > 0
                            && joinable(view, toks[a - 1].end(), toks[a].start())
                            && lists::is_particle(view.folded(&toks[a - 1]))
                        {
                            a -= 1;
                        }
                    }
                    let mut start = toks[a].start();
                    if t.category == Category::Person {
                        start = title_before(view, a).map_or(start, |k| toks[k].start());
                    }
                    // Only names are context for other names; a file number
                    // or address is not (`Jugendamt 51.2-2023/0917`).
                    if matches!(
                        t.category,
                        Category::Person | Category::Name | Category::Institution
                    ) {
                        for n in named.iter_mut().take(z + 1).skip(a) {
                            *n = mark;
                        }
                    }
                    out.push(Cand::new(start, end, t.category, t.label.clone(), t.rule));
                    i = z + 1;
                }
                None => i += 1,
            }
        }
    }

    /// The identifiers whose first word is the folded word `f` (or whose
    /// first word `f` is a genitive of), as (term, genitive), appended to `out`.
    fn firsts(&self, f: &str, out: &mut Vec<(u32, bool)>) {
        for (form, genitive) in
            std::iter::once((f, false)).chain(genitive_forms(f).map(|s| (s, true)))
        {
            if let Some(ids) = self.by_first.get(form) {
                out.extend(ids.iter().map(|&id| (id, genitive)));
            }
        }
    }

    /// The longest identifier starting at token `i`, of those that can
    /// start with its word (`firsts`): (term, last token, ended in a
    /// genitive `s`).
    fn longest_at(
        &self,
        view: &View,
        i: usize,
        firsts: &[(u32, bool)],
    ) -> Option<(u32, usize, bool)> {
        let toks = &view.tokens;
        let mut best: Option<(u32, usize, bool)> = None;
        for &(id, first_genitive) in firsts {
            let t = &self.terms[id as usize];
            if t.cap_only && !(toks[i].shape.cap() || toks[i].shape.upper()) {
                continue;
            }
            // A learned name that is also a word (`Koch` from `Frau Koch`)
            // is the word after an article or preposition (`der Koch`).
            if t.cap_only
                && t.rule == Rule::Learned
                && i > 0
                && lists::is_article_or_preposition(view.folded(&toks[i - 1]))
            {
                continue;
            }
            let Some((last, genitive)) = self.match_rest(view, i, t, first_genitive) else {
                continue;
            };
            if best.is_none_or(|(_, l, _)| last > l) {
                best = Some((id, last, genitive));
            }
        }
        best
    }

    /// Matches the words after the first; the genitive may sit on the last.
    fn match_rest(
        &self,
        view: &View,
        i: usize,
        t: &Term,
        first_genitive: bool,
    ) -> Option<(usize, bool)> {
        let toks = &view.tokens;
        if t.words.len() == 1 {
            return Some((i, first_genitive));
        }
        if first_genitive {
            return None;
        }
        let mut k = i;
        for (n, w) in t.words.iter().enumerate().skip(1) {
            let next = toks.get(k + 1)?;
            if !joinable(view, toks[k].end(), next.start()) {
                return None;
            }
            let f = view.folded(next);
            let last = n + 1 == t.words.len();
            if f == &**w {
                k += 1;
            } else if last && genitive_forms(f).any(|g| g == &**w) {
                return Some((k + 1, true));
            } else {
                return None;
            }
        }
        Some((k, false))
    }
}

/// `lenas` → `lena`, `müller's` → `müller`, `müllers` → `müller` (at most
/// two forms: `s` and `'s`, or `s'` and `'`, exclude each other).
fn genitive_forms(f: &str) -> impl Iterator<Item = &str> {
    ["'s", "s'", "s", "'"]
        .into_iter()
        .filter_map(move |e| if f.len() > e.len() + 1 { f.strip_suffix(e) } else { None })
}

/// Whether two words of one identifier may stand this far apart: spaces,
/// hyphens, apostrophes, periods, commas, slashes, parentheses, at most 3.
pub(super) fn joinable(view: &View, end: usize, start: usize) -> bool {
    start >= end
        && start - end <= 3
        && view.shadow.as_bytes()[end..start]
            .iter()
            .all(|b| matches!(b, b' ' | b'-' | b'\'' | b'.' | b',' | b'/' | b'(' | b')' | b'_'))
}

/// Widens a span of tokens over hyphenated neighbours that are capitalised
/// words (`Meyer-Osmanović` when only `Meyer` is known).
pub(super) fn widen_hyphenated(view: &View, mut a: usize, mut z: usize) -> (usize, usize) {
    let toks = &view.tokens;
    let hyphen = |x: usize, y: usize| {
        toks[y].start() == toks[x].end() + 1 && view.shadow.as_bytes()[toks[x].end()] == b'-'
    };
    let wordish =
        |k: usize| toks[k].shape.alpha() && (toks[k].shape.cap() || toks[k].shape.upper());
    while a > 0 && hyphen(a - 1, a) && wordish(a - 1) {
        a -= 1;
    }
    while z + 1 < toks.len() && hyphen(z, z + 1) && wordish(z + 1) {
        z += 1;
    }
    (a, z)
}

/// A title directly before token `i` (`Frau`, `Herrn Dr.`), as a token index.
pub(super) fn title_before(view: &View, i: usize) -> Option<usize> {
    let toks = &view.tokens;
    let mut k = i;
    let mut found = None;
    while k > 0 {
        let p = k - 1;
        if !joinable(view, toks[p].end(), toks[k].start()) {
            break;
        }
        if lists::cue(view.folded(&toks[p])) == Some(Cue::Title) {
            found = Some(p);
            k = p;
        } else {
            break;
        }
    }
    found
}
