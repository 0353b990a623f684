//! What the regexes of the scrubber run over: the whole ASCII shadow of a
//! view, or only the parts of it near numbers. Most patterns (dates, phone
//! and file numbers, postcodes, house numbers) need a digit; in case notes
//! the text within a few words of a number is about a third of the whole,
//! so those patterns scan a third of the bytes. There, one pass of all
//! those patterns together (a regex set) first finds which parts hold a
//! match of which pattern; each pattern then runs only on those parts.

use std::sync::OnceLock;

use regex::bytes::{Captures, Regex, RegexSet, RegexSetBuilder};

use crate::text::View;

/// The patterns that need a digit, as one set.
struct DigitSet {
    set: RegexSet,
    members: Vec<&'static Regex>,
}

fn digit_set() -> &'static DigitSet {
    static S: OnceLock<DigitSet> = OnceLock::new();
    S.get_or_init(|| {
        let alone = super::patterns::digit_regexes_alone();
        let members: Vec<&'static Regex> = super::patterns::digit_regexes()
            .into_iter()
            .chain(super::dates::digit_regexes())
            .filter(|r| !alone.iter().any(|a| std::ptr::eq(*a, *r)))
            .collect();
        assert!(members.len() <= 64, "one bit per pattern");
        // Built as each of them is (ASCII classes, no Unicode).
        let set = RegexSetBuilder::new(members.iter().map(|r| r.as_str()))
            .unicode(false)
            .size_limit(64 << 20)
            .build()
            .expect("built-in patterns compile as a set");
        DigitSet { set, members }
    })
}

/// Text for the regexes: the whole shadow, or the parts of it near numbers
/// one after another (a line break between them), with where each part
/// came from.
pub(super) struct Hay<'a> {
    text: std::borrow::Cow<'a, [u8]>,
    /// (start in `text`, start in the shadow), by start.
    pieces: Vec<(usize, usize)>,
    /// Near numbers: for each piece, which members of the digit set match
    /// in it (one bit each).
    hits: Vec<u64>,
}

/// Words around a number that a pattern needing a digit can reach: the
/// longest (`wohnhaft in der Alten Karl-Marx-Allee 5`, `St. Johann am
/// Bergle, den 3.`) span fewer than eight words on either side.
const NEAR: usize = 12;

/// Text near numbers from which the digit set is used (bytes).
const SET_FROM: usize = 32 << 10;

impl<'a> Hay<'a> {
    pub(super) fn all(view: &'a View) -> Hay<'a> {
        Hay { text: view.shadow.as_bytes().into(), pieces: vec![(0, 0)], hits: Vec::new() }
    }

    /// The shadow within [`NEAR`] words of every number, widened to
    /// whitespace. Patterns never match across a line break, so one that
    /// needs a digit finds the same matches here as in the whole shadow —
    /// on a third of the text in typical notes.
    pub(super) fn near_numbers(view: &'a View) -> Hay<'a> {
        let s = view.shadow.as_bytes();
        let mut hay = Hay::near(view, NEAR, |_, t| s[t.start()].is_ascii_digit());
        // The set costs about 25 ms to build once: worth it for long texts.
        if hay.text.len() >= SET_FROM {
            let set = &digit_set().set;
            hay.hits = (0..hay.pieces.len())
                .map(|i| set.matches(hay.piece(i)).iter().fold(0u64, |h, b| h | 1 << b))
                .collect();
        }
        hay
    }

    /// The shadow within `reach` words of every word for which `trigger`
    /// holds, widened to whitespace: for a pattern whose every match lies
    /// within `reach` words of such a word, the same matches as in the
    /// whole shadow.
    pub(super) fn near(
        view: &'a View,
        reach: usize,
        mut trigger: impl FnMut(usize, &crate::text::Token) -> bool,
    ) -> Hay<'a> {
        let s = view.shadow.as_bytes();
        let toks = &view.tokens;
        let mut ranges: Vec<(usize, usize)> = Vec::new();
        for (k, t) in toks.iter().enumerate() {
            if !trigger(k, t) {
                continue;
            }
            let a = toks[k.saturating_sub(reach)].start();
            let z = toks[(k + reach).min(toks.len() - 1)].end();
            let a = s[..a].iter().rposition(|&b| matches!(b, b' ' | b'\n')).map_or(0, |p| p + 1);
            let z =
                s[z..].iter().position(|&b| matches!(b, b' ' | b'\n')).map_or(s.len(), |p| z + p);
            match ranges.last_mut() {
                Some(r) if a <= r.1 + 1 => r.1 = r.1.max(z),
                _ => ranges.push((a, z)),
            }
        }
        let mut text = Vec::with_capacity(ranges.iter().map(|r| r.1 - r.0 + 1).sum());
        let mut pieces = Vec::with_capacity(ranges.len());
        for (a, z) in ranges {
            pieces.push((text.len(), a));
            text.extend_from_slice(&s[a..z]);
            text.push(b'\n');
        }
        Hay { text: text.into(), pieces, hits: Vec::new() }
    }

    /// Piece `i` of the near text, without its line break.
    fn piece(&self, i: usize) -> &[u8] {
        let end = self.pieces.get(i + 1).map_or(self.text.len(), |p| p.0) - 1;
        &self.text[self.pieces[i].0..end]
    }

    /// The pieces in which `re` can match, with where each starts in the
    /// shadow; `None` when every piece must be searched as one text (also
    /// for a pattern that is not in the set).
    fn candidates(&self, re: &Regex) -> Option<impl Iterator<Item = (&[u8], usize)>> {
        if self.hits.is_empty() {
            return None;
        }
        let bit = digit_set().members.iter().position(|m| std::ptr::eq(*m, re))?;
        Some(
            (0..self.pieces.len())
                .filter(move |&i| self.hits[i] & 1 << bit != 0)
                .map(|i| (self.piece(i), self.pieces[i].1)),
        )
    }

    /// Where a position of `text` lies in the shadow.
    fn at(&self, pos: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.0 <= pos) - 1;
        self.pieces[i].1 + (pos - self.pieces[i].0)
    }

    /// The matches of `re`, as shadow ranges.
    pub(super) fn find(&self, re: &Regex) -> Vec<(usize, usize)> {
        match self.candidates(re) {
            Some(pieces) => pieces
                .flat_map(|(p, at)| re.find_iter(p).map(move |m| (at + m.start(), at + m.end())))
                .collect(),
            None => re
                .find_iter(&self.text)
                .map(|m| (self.at(m.start()), self.at(m.start()) + m.len()))
                .collect(),
        }
    }

    /// Every match of `re` with the offset that turns its positions into
    /// shadow positions.
    pub(super) fn captures<'h>(&'h self, re: &'h Regex) -> Vec<(usize, Captures<'h>)> {
        match self.candidates(re) {
            Some(pieces) => {
                pieces.flat_map(|(p, at)| re.captures_iter(p).map(move |c| (at, c))).collect()
            }
            None => re
                .captures_iter(&self.text)
                .map(|c| {
                    let p = c.get(0).expect("match").start();
                    (self.at(p) - p, c)
                })
                .collect(),
        }
    }

    /// The groups of every match of `re` (0 the whole match), as shadow ranges.
    pub(super) fn groups(&self, re: &Regex) -> Vec<Vec<Option<(usize, usize)>>> {
        self.captures(re)
            .into_iter()
            .map(|(o, c)| c.iter().map(|g| g.map(|g| (o + g.start(), o + g.end()))).collect())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_numbers_finds_what_the_whole_text_has() {
        let text = "Ein langer Satz ohne jede Zahl, der weiter und weiter geht, bis er endet. \
                    Am 3.4. rief sie an; Tel. 0171 2345678.\nNoch ein Satz ganz ohne, dann \
                    wohnhaft in der Alten Karl-Marx-Allee 5, 12345 Neustadt.";
        let view = View::new(text);
        let all = Hay::all(&view);
        let near = Hay::near_numbers(&view);
        assert!(near.text.len() < all.text.len());
        let re = regex::bytes::RegexBuilder::new(
            r"[0-9][0-9 ./]*[0-9]|[A-Z][a-z]+(?:-[A-Z][a-z]+)* [0-9]+, [0-9]{5} [A-Z][a-z]+",
        )
        .unicode(false)
        .build()
        .unwrap();
        assert_eq!(near.find(&re), all.find(&re));
        // Long enough for the digit set: every digit pattern finds the same
        // in the parts it marks as in the whole shadow.
        let long = text.repeat(400);
        let view = View::new(&long);
        let (all, near) = (Hay::all(&view), Hay::near_numbers(&view));
        assert!(!near.hits.is_empty());
        let alone = super::super::patterns::digit_regexes_alone();
        for re in digit_set().members.iter().chain(&alone) {
            assert_eq!(near.find(re), all.find(re), "{}", re.as_str());
        }
        let groups = |h: &Hay<'_>| {
            h.captures(&re)
                .into_iter()
                .map(|(o, c)| o + c.get(0).unwrap().start())
                .collect::<Vec<_>>()
        };
        assert_eq!(groups(&near), groups(&all));
    }
}
