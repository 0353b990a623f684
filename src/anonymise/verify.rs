//! Verification before an export may leave (fail closed): the whole output
//! is searched for every identifier of the input, on the same normalised
//! view the scrubber uses — case- and diacritic-folded, whole words found
//! next to any punctuation or invisible character — with the labels and
//! codes the anonymiser wrote blanked out. Names learned from the free text
//! are searched for too, phone numbers as digit runs, and birth dates in
//! text. Any hit withholds the export; the report names the section and the
//! line, never the value.

use std::collections::HashSet;
use std::sync::OnceLock;

use regex::bytes::{Regex, RegexBuilder};

use super::plan::{Section, identifiers};
use super::scrub::{Category, KnownIndex, KnownTerm, Rule};
use super::{BirthPolicy, Withheld};
use crate::date::Date;
use crate::model::Case;
use crate::text::View;

/// What the verifier needs beyond the input case.
pub(super) struct Context<'a> {
    pub source_name: &'a str,
    /// Folded words the policy keeps (municipality, cluster).
    pub kept: &'a HashSet<String>,
    /// Folded words the scrubber learned as names from the free text.
    pub learned: &'a [String],
    pub birth: BirthPolicy,
}

fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// Digit runs of a text, separators (space, `/`, `-`, `.`) removed.
fn number_runs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut gap = 0;
    for c in text.chars() {
        if c.is_ascii_digit() {
            cur.push(c);
            gap = 0;
        } else if matches!(c, ' ' | '/' | '-' | '.' | '(' | ')' | '+')
            && !cur.is_empty()
            && gap == 0
        {
            gap = 1;
        } else {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            gap = 0;
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// A date right after a birth marker (`geb.`, `geboren am`, `*`).
fn birth_dates() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        RegexBuilder::new(concat!(
            r"(?i)(?:\bgeb\.|\bgeboren(?: am)?|\bGeburtsdatum:?|\bGeb\.-Datum:?|\*) ?",
            r"(?:([0-9]{1,2})\. ?([0-9]{1,2})\. ?([0-9]{4}|[0-9]{2})\b|([0-9]{4})-([0-9]{2})-([0-9]{2})\b",
            r"|([0-9]{1,2})\. ?([A-Za-z]{3,9}) ([0-9]{4})\b)"
        ))
        .unicode(false)
        .build()
        .expect("built-in pattern")
    })
}

/// The day dates written after birth markers in a view.
fn dates_after_birth_markers(view: &View) -> Vec<(Date, usize)> {
    let mut out = Vec::new();
    for c in birth_dates().captures_iter(view.shadow.as_bytes()) {
        let n = |i: usize| -> Option<i32> {
            std::str::from_utf8(c.get(i)?.as_bytes()).ok()?.parse().ok()
        };
        let year = |y: i32, len: usize| if len == 2 { 2000 + y } else { y };
        let date = if let (Some(d), Some(m), Some(y)) = (n(1), n(2), n(3)) {
            Date::ymd(year(y, c.get(3).map_or(4, |g| g.len())), m as u8, d as u8)
        } else if let (Some(y), Some(m), Some(d)) = (n(4), n(5), n(6)) {
            Date::ymd(y, m as u8, d as u8)
        } else if let (Some(d), Some(y)) = (n(7), n(9)) {
            let word =
                String::from_utf8_lossy(c.get(8).map_or(&[][..], |g| g.as_bytes())).to_lowercase();
            let months = [
                "jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "dez",
            ];
            months
                .iter()
                .position(|m| word.starts_with(m))
                .and_then(|m| Date::ymd(y, m as u8 + 1, d as u8))
        } else {
            None
        };
        if let Some(d) = date {
            out.push((d, c.get(0).map_or(0, |g| g.start())));
        }
    }
    out
}

/// Verifies an export. `written` are the labels the anonymiser wrote.
pub(super) fn verify(
    case: &Case,
    yaml: &str,
    written: &[String],
    cx: &Context<'_>,
) -> Result<(), Withheld> {
    // Blank what the anonymiser itself wrote: labels and codes, longest
    // first where they overlap, in one pass however many there are.
    let written: Vec<&str> = written.iter().map(String::as_str).filter(|w| !w.is_empty()).collect();
    let text = match aho_corasick::AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostLongest)
        .build(&written)
    {
        Ok(ac) => ac.replace_all(yaml, &vec![" "; written.len()]),
        Err(_) => {
            // Too many patterns for the automaton: blank them one by one.
            let mut text = yaml.to_owned();
            let mut sorted = written.clone();
            sorted.sort_by_key(|w| std::cmp::Reverse(w.len()));
            for w in sorted {
                text = text.replace(w, " ");
            }
            text
        }
    };
    let view = View::new(&text);
    // Line numbers by binary search over the line starts (linear overall).
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(view.chars().enumerate().filter(|(_, c)| *c == '\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |at: usize| line_starts.partition_point(|&s| s <= at);
    let mut index = KnownIndex::default();
    let ids = identifiers(case, cx.source_name, cx.kept);
    let mut phones = Vec::new();
    for (t, section) in &ids {
        if section.ends_with(".phone") {
            phones.push(digits(t));
        }
        let term =
            KnownTerm { text: t.clone(), label: (*section).to_owned(), category: Category::Person };
        index.add(&term, Rule::Known);
    }
    for w in cx.learned {
        let term = KnownTerm {
            text: w.clone(),
            label: "free text (name)".into(),
            category: Category::Name,
        };
        index.add(&term, Rule::Learned);
    }
    let mut found: Vec<(Section, usize)> = Vec::new();
    let mut hits = Vec::new();
    let mut named = vec![0u8; view.tokens.len()];
    index.find(&view, &mut named, 1, &mut hits);
    for h in &hits {
        let section = ids.iter().map(|(_, s)| *s).find(|s| *s == h.label()).unwrap_or(
            if h.label() == "free text (name)" { "free text (name)" } else { "identifier" },
        );
        found.push((section, line_of(h.start())));
    }
    phones.retain(|p| p.len() >= 5);
    if !phones.is_empty() {
        for (n, line) in text.lines().enumerate() {
            let runs = number_runs(line);
            if phones.iter().any(|p| runs.iter().any(|r| r.contains(p.as_str()))) {
                found.push(("phone", n + 1));
            }
        }
    }
    // Birth dates in text: never the original; only the year or quarter
    // when the policy reduces them.
    let born: Vec<Date> =
        case.people.iter().filter_map(|p| p.born).filter(|b| !b.is_month_precision()).collect();
    for (date, at) in dates_after_birth_markers(&view) {
        if born.contains(&date) {
            found.push(("people.born (in text)", line_of(at)));
        } else if cx.birth != BirthPolicy::Full {
            found.push(("birth date in text (not reduced)", line_of(at)));
        }
    }
    if found.is_empty() {
        return Ok(());
    }

    found.sort();
    found.dedup();
    let mut paths: Vec<String> = Vec::new();
    for (section, _) in &found {
        if !paths.iter().any(|p| p == section) {
            paths.push((*section).to_owned());
        }
    }
    let mut lines: Vec<usize> = found.iter().map(|(_, l)| *l).collect();
    lines.sort_unstable();
    lines.dedup();
    paths.extend(lines.iter().map(|l| format!("line {l}")));
    Err(Withheld { paths })
}
