//! Scrubbing free text: every identifier the case names, in every form it
//! takes in German text, plus what the detectors find that the case does not
//! list — names by a context grammar, name lists and a lexicon of ordinary
//! German; phone numbers, e-mail, URLs, IBANs, file numbers, addresses,
//! postcodes, places, institutions, ages and dates by their form.
//!
//! Everything works on one normalised view of the text ([`crate::text::View`]:
//! NFC, invisible characters dropped, Unicode spaces, quotes and dashes
//! unified, words by Unicode letter classes) and maps back to the original
//! for the spans it reports. One pass over the words and a fixed set of
//! regexes over the ASCII shadow: linear in the text.
//!
//! Over-redaction is cheaper than a leak; a word that is only doubtful goes
//! to the review list instead of being replaced.

pub mod dates;
mod hay;
mod known;
mod lexicon;
mod list_file;
mod list_table;
pub mod lists;
mod names;
mod patterns;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

pub use self::dates::{BirthText, DatePolicy, Shift};
pub use self::known::{KnownIndex, words_of};
use crate::text::View;
pub use crate::text::fold;

/// What a detected span is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// A person the case names (any form of the name).
    Person,
    /// An institution or staff member the case names.
    Institution,
    /// A name the case does not list.
    Name,
    Phone,
    Email,
    Url,
    Iban,
    Address,
    Postcode,
    FileNumber,
    /// A place: the municipality or cluster when they are dropped, or a
    /// place the detectors find.
    Place,
    /// An exact age (a quasi-identifier).
    Age,
    Date,
}

impl Category {
    pub fn id(self) -> &'static str {
        match self {
            Category::Person => "person",
            Category::Institution => "institution",
            Category::Name => "name",
            Category::Phone => "phone",
            Category::Email => "email",
            Category::Url => "url",
            Category::Iban => "iban",
            Category::Address => "address",
            Category::Postcode => "postcode",
            Category::FileNumber => "file_number",
            Category::Place => "place",
            Category::Age => "age",
            Category::Date => "date",
        }
    }

    /// The key of replacement counts in free text (`text.person`, ...).
    pub fn text_key(self) -> &'static str {
        match self {
            Category::Person => "text.person",
            Category::Institution => "text.institution",
            Category::Name => "text.name",
            Category::Phone => "text.phone",
            Category::Email => "text.email",
            Category::Url => "text.url",
            Category::Iban => "text.iban",
            Category::Address => "text.address",
            Category::Postcode => "text.postcode",
            Category::FileNumber => "text.file_number",
            Category::Place => "text.place",
            Category::Age => "text.age",
            Category::Date => "text.date",
        }
    }

    /// The placeholder written for a detected identifier.
    pub fn placeholder(self) -> &'static str {
        match self {
            Category::Person | Category::Name => "[Name]",
            Category::Institution => "[Einrichtung]",
            Category::Phone => "[Telefon]",
            Category::Email => "[E-Mail]",
            Category::Url => "[URL]",
            Category::Iban => "[IBAN]",
            Category::Address => "[Adresse]",
            Category::Postcode => "[PLZ Ort]",
            Category::FileNumber => "[Aktenzeichen]",
            Category::Place => "[Ort]",
            Category::Age => "[Alter]",
            Category::Date => "[Datum]",
        }
    }

    /// Lower wins when spans overlap.
    fn priority(self) -> u8 {
        match self {
            // Patterns that contain a known name swallow it whole.
            Category::Email | Category::Url => 0,
            Category::Iban => 1,
            Category::Phone => 2,
            Category::FileNumber => 3,
            Category::Address => 4,
            Category::Postcode => 5,
            Category::Person | Category::Institution => 6,
            Category::Age => 7,
            Category::Date => 8,
            Category::Name => 9,
            Category::Place => 10,
        }
    }
}

/// Which rule found a span, so that scripts can tell a pattern hit from a
/// lexicon guess.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// An identifier the case names.
    Known,
    /// A word confirmed as a name elsewhere in the same case.
    Learned,
    /// A pattern (phone, e-mail, date, street with number, ...).
    Pattern,
    /// Context words (`wohnhaft`, a neighbouring name, a role after it).
    Context,
    /// After a title (`Frau`, `Dr.`).
    Title,
    /// After a role noun (`Mutter`, `Klassenlehrerin`, `KV`).
    Role,
    /// On a name or place list.
    List,
    /// A word with letters outside the German alphabet, unknown to the lexicon.
    Foreign,
    /// A word with a surname ending, unknown to the lexicon.
    Ending,
    /// A word in capitals, unknown to the lexicon.
    Capitals,
    /// A capitalised word unknown to the lexicon, with nothing else for it.
    Unknown,
}

impl Rule {
    /// How sure the rule is (1 = certain).
    pub fn score(self) -> f32 {
        match self {
            Rule::Known | Rule::Pattern => 1.0,
            Rule::Learned | Rule::Title => 0.95,
            Rule::Role | Rule::Context => 0.9,
            Rule::List => 0.85,
            Rule::Foreign | Rule::Ending => 0.8,
            Rule::Capitals => 0.7,
            Rule::Unknown => 0.6,
        }
    }

    /// Whether a span of this rule confirms the words in it as a name.
    fn confirms_name(self) -> bool {
        matches!(
            self,
            Rule::Title
                | Rule::Role
                | Rule::List
                | Rule::Foreign
                | Rule::Ending
                | Rule::Capitals
                | Rule::Context
        )
    }
}

/// A detected span: code-point offsets into the original text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Span {
    pub begin: usize,
    pub end: usize,
    pub category: Category,
    pub rule: Rule,
    pub score: f32,
}

/// A candidate span in the view (character offsets of the view).
#[derive(Clone, Debug)]
pub(crate) struct Cand {
    start: usize,
    end: usize,
    category: Category,
    /// A placeholder, a label of the case or a shifted date.
    replacement: std::borrow::Cow<'static, str>,
    rule: Rule,
}

impl Cand {
    /// Where it starts in the view.
    pub(crate) fn start(&self) -> usize {
        self.start
    }

    /// What replaces it (for identifiers: the label given with the term).
    pub(crate) fn label(&self) -> &str {
        &self.replacement
    }

    fn new(
        start: usize,
        end: usize,
        category: Category,
        replacement: impl Into<std::borrow::Cow<'static, str>>,
        rule: Rule,
    ) -> Cand {
        Cand { start, end, category, replacement: replacement.into(), rule }
    }
}

/// An identifier the case names, and what replaces it.
#[derive(Clone, Debug)]
pub struct KnownTerm {
    pub text: String,
    pub label: String,
    pub category: Category,
}

/// The scrubber: identifiers of one case, names learned from its text, and
/// the detectors.
pub struct Scrubber {
    known: KnownIndex,
    learned: KnownIndex,
    learned_words: BTreeSet<String>,
    dates: DatePolicy,
    /// Replace every capitalised word the lexicon does not know, even
    /// without context (exports); otherwise such words go to the review list.
    pub strict: bool,
}

/// The result of scrubbing one text.
#[derive(Clone, Debug)]
pub struct Scrubbed {
    pub text: String,
    pub spans: Vec<Span>,
}

impl Scrubber {
    /// A scrubber for the given identifiers (names, aliases, institution
    /// names ...); each is matched as a whole and by its words as listed.
    pub fn new(terms: Vec<KnownTerm>, dates: DatePolicy) -> Scrubber {
        let mut known = KnownIndex::default();
        for t in &terms {
            known.add(t, Rule::Known);
        }
        Scrubber {
            known,
            learned: KnownIndex::default(),
            learned_words: BTreeSet::new(),
            dates,
            strict: false,
        }
    }

    /// Learns the names a text confirms (after a title or role, from the
    /// lists, corroborated unknown words), so that every other mention of
    /// them — in this text and in every other text of the case — is replaced
    /// too. Returns how many new words were learned.
    pub fn learn(&mut self, text: &str) -> usize {
        let words = self.confirmed(&View::new(text));
        self.learn_words(words)
    }

    /// The folded words a view confirms as names.
    pub fn confirmed(&self, view: &View) -> Vec<String> {
        self.confirmed_in(view, &self.detect(view)).into_iter().map(str::to_owned).collect()
    }

    /// The folded words of the view that `cands` confirm as names, each once.
    fn confirmed_in<'v>(&self, view: &'v View, cands: &[Cand]) -> Vec<&'v str> {
        // Each distinct word is judged once, at its first mention in a name.
        let mut seen = vec![false; view.word_count()];
        let mut out = Vec::new();
        for c in cands.iter().filter(|c| c.category == Category::Name && c.rule.confirms_name()) {
            let a = view.token_at(c.start);
            for t in view.tokens[a..].iter().take_while(|t| t.end() <= c.end) {
                if !t.shape.alpha() || std::mem::replace(&mut seen[t.word as usize], true) {
                    continue;
                }
                let f = view.folded(t);
                let letters = f.chars().filter(|ch| ch.is_alphabetic()).count();
                if letters >= 3 && !lists::is_particle(f) && lists::cue(f).is_none() {
                    out.push(f);
                }
            }
        }
        out
    }

    /// Adds folded words as names to replace at every mention.
    pub fn learn_words<S: AsRef<str>>(&mut self, words: impl IntoIterator<Item = S>) -> usize {
        let mut new = 0;
        for f in words {
            let f = f.as_ref();
            if !self.learned_words.contains(f) {
                self.learned_words.insert(f.to_owned());
                let term = KnownTerm {
                    text: f.to_owned(),
                    label: "[Name]".into(),
                    category: Category::Name,
                };
                self.learned.add(&term, Rule::Learned);
                new += 1;
            }
        }
        new
    }

    /// Scrubs the texts of one case (or the chunks of one long text) on all
    /// cores: every name confirmed in any of them is replaced in all of
    /// them. One full pass of the detectors, then a cheap pass that adds the
    /// learned names where the first pass left them.
    pub fn scrub_all(&mut self, texts: &[&str]) -> Vec<Scrubbed> {
        use rayon::prelude::*;
        // The views are built once and kept for the second pass.
        let (views, all_cands): (Vec<View>, Vec<Vec<Cand>>) = texts
            .par_iter()
            .map(|t| {
                let view = View::new(t);
                let cands = self.detect(&view);
                (view, cands)
            })
            .unzip();
        let confirmed: Vec<Vec<&str>> =
            views.par_iter().zip(&all_cands).map(|(v, c)| self.confirmed_in(v, c)).collect();
        self.learn_words(confirmed.into_iter().flatten());
        // Each view is dropped as soon as its text is written.
        views
            .into_par_iter()
            .zip(all_cands)
            .map(|(view, mut cands)| {
                if !self.learned.is_empty() {
                    let mut named = vec![0u8; view.tokens.len()];
                    let mut extra = Vec::new();
                    self.learned.find(&view, &mut named, 1, &mut extra);
                    let mut covered = vec![false; view.tokens.len()];
                    for c in &cands {
                        let a = view.token_at(c.start);
                        for (k, tok) in view.tokens.iter().enumerate().skip(a) {
                            if tok.start() >= c.end {
                                break;
                            }
                            covered[k] = true;
                        }
                    }
                    // Only where the first pass left the word. `cands` is
                    // sorted and free of overlaps (resolved), so the one
                    // span that could overlap is found by binary search.
                    extra.retain(|e| {
                        let a = view.token_at(e.start);
                        let i = cands.partition_point(|c| c.end <= e.start);
                        !covered[a] && cands.get(i).is_none_or(|c| c.start >= e.end)
                    });
                    if !extra.is_empty() {
                        // Both sorted and free of overlaps: merge.
                        cands = merge_sorted(cands, extra);
                    }
                }
                render(&view, &cands)
            })
            .collect()
    }

    /// The folded words learned as names.
    pub fn learned(&self) -> impl Iterator<Item = &str> {
        self.learned_words.iter().map(String::as_str)
    }

    /// Detects the spans of a view, overlaps resolved; and the doubtful words.
    pub(crate) fn detect(&self, view: &View) -> Vec<Cand> {
        let mut cands: Vec<Cand> = Vec::new();
        let all = hay::Hay::all(view);
        let near = hay::Hay::near_numbers(view);
        let lexicon = lexicon::Lexicon::new(view);
        patterns::find(view, &lexicon, &all, &near, &mut cands);
        dates::find(view, &near, self.dates, &mut cands);
        // 2: an identifier of the case (keeps its label), 1: a learned name.
        let mut named = vec![0u8; view.tokens.len()];
        self.known.find(view, &mut named, 2, &mut cands);
        self.learned.find(view, &mut named, 1, &mut cands);
        // Tokens that patterns took are no names to the grammar.
        let mut taken = vec![false; view.tokens.len()];
        for c in cands.iter().filter(|c| !matches!(c.category, Category::Person | Category::Name)) {
            let a = view.token_at(c.start);
            for (k, t) in view.tokens.iter().enumerate().skip(a) {
                if t.start() >= c.end {
                    break;
                }
                taken[k] = !matches!(c.category, Category::Place | Category::Institution)
                    || c.rule != Rule::List;
            }
        }
        names::find(view, &lexicon, &taken, &named, self.strict, &mut cands);
        resolve(view, cands)
    }

    /// Scrubs a text.
    pub fn scrub(&self, text: &str) -> Scrubbed {
        self.scrub_view(&View::new(text))
    }

    /// Scrubs a view: the normalised text with every span replaced.
    pub fn scrub_view(&self, view: &View) -> Scrubbed {
        render(view, &self.detect(view))
    }
}

/// The normalised text with the spans replaced, and the spans in original
/// code points.
fn render(view: &View, cands: &[Cand]) -> Scrubbed {
    let mut out = String::with_capacity(view.len() + 16);
    let mut spans = Vec::with_capacity(cands.len());
    let mut at = 0;
    for c in cands {
        out.push_str(view.slice(at, c.start));
        out.push_str(&c.replacement);
        at = c.end;
        let (begin, end) = view.original(c.start, c.end);
        spans.push(Span { begin, end, category: c.category, rule: c.rule, score: c.rule.score() });
    }
    out.push_str(view.slice(at, view.len()));
    Scrubbed { text: out, spans }
}

/// Two lists of spans, each sorted and free of overlaps, that do not
/// overlap each other, as one sorted list.
fn merge_sorted(a: Vec<Cand>, b: Vec<Cand>) -> Vec<Cand> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => {
                if x.start <= y.start {
                    a.next()
                } else {
                    b.next()
                }
            }
            (Some(_), None) => a.next(),
            (None, Some(_)) => b.next(),
            (None, None) => break,
        };
        out.extend(next);
    }
    out
}

/// Resolves overlaps: by priority, then the longer span. Spans never begin
/// or end in whitespace. `O(n log n)`.
fn resolve(view: &View, mut cands: Vec<Cand>) -> Vec<Cand> {
    let s = view.shadow.as_bytes();
    for c in &mut cands {
        while c.end > c.start && matches!(s[c.end - 1], b' ' | b'\n') {
            c.end -= 1;
        }
        while c.start < c.end && matches!(s[c.start], b' ' | b'\n') {
            c.start += 1;
        }
    }
    cands.retain(|c| c.end > c.start);
    cands.sort_by(|a, b| {
        a.category
            .priority()
            .cmp(&b.category.priority())
            .then((b.end - b.start).cmp(&(a.end - a.start)))
            .then(a.start.cmp(&b.start))
    });
    // Kept spans by start; they never overlap, so the neighbours decide.
    let mut kept: BTreeMap<usize, Cand> = BTreeMap::new();
    for c in cands {
        let before = kept.range(..c.end).next_back().is_some_and(|(_, k)| k.end > c.start);
        if !before {
            kept.insert(c.start, c);
        }
    }
    kept.into_values().collect()
}

/// A word or number left in a scrubbed text for a human's last look, with
/// how likely it identifies someone (higher first).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Residual {
    pub word: String,
    pub score: f32,
}

/// Capitalised words and numbers left in a scrubbed text that are not
/// ordinary words, labels or placeholders, most likely identifiers first.
pub fn residual_risks(text: &str, labels: &std::collections::HashSet<String>) -> Vec<Residual> {
    let view = View::new(text);
    let l = lists::lists();
    let placeholders = placeholder_ranges(&view);
    let inside = |a: usize, b: usize| placeholders.iter().any(|&(x, y)| a >= x && b <= y);
    let mut out: Vec<Residual> = Vec::new();
    for t in &view.tokens {
        if inside(t.start(), t.end()) {
            continue;
        }
        let f = view.folded(t);
        let word = view.text(t.start(), t.end());
        let score = if t.shape.digits() {
            if t.end() - t.start() >= 3
                && !(t.end() - t.start() == 4 && (f.starts_with("19") || f.starts_with("20")))
            {
                0.3
            } else {
                continue;
            }
        } else if !t.shape.alpha()
            || !(t.shape.cap() || t.shape.upper())
            || f.len() < 3
            || labels.contains(f)
            || lists::cue(f).is_some()
        {
            continue;
        } else if l.is_name(f) {
            0.7
        } else if l.is_word(f)
            || lists::is_abbreviation(&view.shadow.as_bytes()[t.start()..t.end()], t.shape)
        {
            continue;
        } else if t.shape.initial() {
            0.5
        } else {
            0.6
        };
        if !out.iter().any(|r| r.word == word) {
            out.push(Residual { word, score });
        }
    }
    out.sort_by(|a, b| b.score.total_cmp(&a.score));
    out
}

/// Character ranges of `[...]` placeholders and `[P-…]` codes.
fn placeholder_ranges(view: &View) -> Vec<(usize, usize)> {
    let s = view.shadow.as_bytes();
    let mut out = Vec::new();
    let mut open = None;
    for (i, &b) in s.iter().enumerate() {
        match b {
            b'[' => open = Some(i),
            b']' => {
                if let Some(a) = open.take() {
                    out.push((a, i + 1));
                }
            }
            b'\n' => open = None,
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests;
