//! Dates in free text: found in every form German notes use, and either
//! replaced by `[Datum]` or shifted with the case, each in its own format.
//!
//! Day dates (`2.3.`, `02.03.2021`, `2. März 2021`, `2021-03-02`,
//! `2/3/2021`) move by the case's day shift; month dates (`März 2021`,
//! `03/2021`, `2021-03`, a month name alone) by its month shift, which is
//! never zero, so no date stays as it was; years alone move with the month
//! shift; calendar weeks (`KW 5`, `KW 2/2024`) by the week shift. A birth
//! date in text (`geb. 3.12.2007`) is reduced to its year or quarter when
//! the export reduces `born` so.

use std::sync::OnceLock;

use regex::bytes::{Captures, Regex, RegexBuilder};

use super::hay::Hay;

use super::{Cand, Category, Rule};
use crate::date::{self, Date};
use crate::text::View;

/// How birth dates written in text are exported.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BirthText {
    #[default]
    Full,
    Year,
    Quarter,
}

/// The shift of one case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shift {
    /// Day dates move by this many days (whole weeks).
    pub days: i32,
    /// Month dates move by this many months (never zero).
    pub months: i32,
    /// Dates without a year are read in this year (the year the case opened).
    pub year: i32,
    pub birth: BirthText,
}

/// How dates in text are treated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DatePolicy {
    /// Replace by `[Datum]`.
    Redact,
    Shift(Shift),
}

struct Patterns {
    iso: Regex,
    iso_month: Regex,
    numeric: Regex,
    slash: Regex,
    month_slash: Regex,
    words: Regex,
    month_year: Regex,
    month_alone: Regex,
    year: Regex,
    week: Regex,
    birth: Regex,
    day_range: Regex,
    month_range: Regex,
    day_month_year: Regex,
    month_short_year: Regex,
}

const MONTHS: &str = "Januar|Janner|Jaenner|Februar|Marz|Maerz|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember|Jan\\.|Feb\\.|Mar\\.|Mrz\\.|Apr\\.|Jun\\.|Jul\\.|Aug\\.|Sep\\.|Sept\\.|Okt\\.|Nov\\.|Dez\\.";

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    let r = |p: &str| RegexBuilder::new(p).unicode(false).build().expect("built-in pattern");
    P.get_or_init(|| Patterns {
        iso: r(r"\b([0-9]{4})-([0-9]{2})-([0-9]{2})\b"),
        iso_month: r(r"\b((?:19|20)[0-9]{2})-(0[1-9]|1[0-2])\b"),
        numeric: r(r"\b([0-9]{1,2})\. ?([0-9]{1,2})\.(?: ?([0-9]{4}|[0-9]{2}))?"),
        slash: r(r"\b([0-9]{1,2})/([0-9]{1,2})/([0-9]{4}|[0-9]{2})\b"),
        month_slash: r(r"\b(0?[1-9]|1[0-2])/((?:19|20)[0-9]{2}|[0-9]{2})\b"),
        words: r(&format!(
            r"\b([0-9]{{1,2}})\. ?({MONTHS}|Jan|Feb|Mrz|Apr|Jun|Jul|Aug|Sep|Sept|Okt|Nov|Dez)(?: ?([0-9]{{4}})\b)?"
        )),
        day_range: r(
            r"\b([0-9]{1,2})\.(?:([0-9]{1,2})\.?)? ?(?:-|bis zum|bis|und|u\.|/) ?([0-9]{1,2})\.([0-9]{1,2})\.(?: ?([0-9]{4}|[0-9]{2})\b)?",
        ),
        month_range: r(r"\b(0?[1-9]|1[0-2]) ?- ?(0?[1-9]|1[0-2])/((?:19|20)[0-9]{2}|[0-9]{2})\b"),
        day_month_year: r(r"\b([0-9]{1,2})\.([0-9]{1,2}) ((?:19|20)[0-9]{2})\b"),
        month_short_year: r(&format!(
            r"(?i:\b(?:im|ab|seit|bis|Anfang|Ende|Mitte) )({MONTHS}) ([0-9]{{2}})\b"
        )),
        month_year: r(&format!(
            r"\b({MONTHS}|Jan|Feb|Mar|Mrz|Apr|Jun|Jul|Aug|Sep|Sept|Okt|Nov|Dez) ((?:19|20)[0-9]{{2}})\b"
        )),
        month_alone: r(
            r"\b(Januar|Janner|Februar|Marz|Maerz|April|Juni|Juli|August|September|Oktober|November|Dezember)\b|(?i:\b(?:im|Anfang|Ende|Mitte|seit|bis|ab) )(Mai)\b",
        ),
        year: r(r"\b((?:19|20)[0-9]{2})\b"),
        week: r(
            r"\b(?:KW|Kw|kw|Kalenderwoche|KALENDERWOCHE) ?([0-9]{1,2})(?:/((?:19|20)[0-9]{2}|[0-9]{2}))?\b",
        ),
        birth: r(r"(?i)(?:\bgeb\.|\bgeboren(?: am)?|\bGeburtsdatum:?|\bGeb\.-Datum:?|\*) ?$"),
    })
}

/// The date patterns that need a digit: they run on the text near numbers.
pub(super) fn digit_regexes() -> Vec<&'static Regex> {
    let p = patterns();
    vec![
        &p.iso,
        &p.iso_month,
        &p.numeric,
        &p.slash,
        &p.month_slash,
        &p.words,
        &p.month_year,
        &p.day_range,
        &p.month_range,
        &p.day_month_year,
        &p.month_short_year,
        &p.year,
        &p.week,
    ]
}

/// Whether a word of the shadow is a month name of `month_alone`, in any case.
fn is_month_word(w: &[u8]) -> bool {
    let names: &[&str] = match w.len() {
        3 => &["mai"],
        4 => &["marz", "juni", "juli"],
        5 => &["maerz", "april"],
        6 => &["januar", "janner", "august"],
        7 => &["februar", "oktober"],
        8 => &["november", "dezember"],
        9 => &["september"],
        _ => return false,
    };
    names.iter().any(|m| m.as_bytes().eq_ignore_ascii_case(w))
}

const MONTH_NAMES: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];

fn month_number(word: &[u8]) -> Option<u8> {
    let w = String::from_utf8_lossy(word).to_ascii_lowercase();
    let w = w.trim_end_matches('.');
    if w.starts_with("jaen") || w.starts_with("jann") {
        return Some(1);
    }
    if w == "mrz" || w.starts_with("mae") || w.starts_with("mar") {
        return Some(3);
    }
    let months = ["jan", "feb", "", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "dez"];
    months.iter().position(|m| !m.is_empty() && w.starts_with(m)).map(|i| i as u8 + 1)
}

fn num(c: &Captures<'_>, i: usize) -> Option<i32> {
    std::str::from_utf8(c.get(i)?.as_bytes()).ok()?.parse().ok()
}

fn text<'h>(c: &Captures<'h>, i: usize) -> &'h str {
    c.get(i).map_or("", |m| std::str::from_utf8(m.as_bytes()).unwrap_or(""))
}

/// A two- or four-digit year as written.
fn full_year(y: &str) -> Option<i32> {
    let n: i32 = y.parse().ok()?;
    Some(if y.len() == 4 { n } else { 2000 + n })
}

fn pad(n: u8, like: &str) -> String {
    if like.len() == 2 { format!("{n:02}") } else { n.to_string() }
}

fn year_like(y: i32, like: &str) -> String {
    if like.len() == 2 { format!("{:02}", y.rem_euclid(100)) } else { y.to_string() }
}

/// Finds every date of the view.
pub(super) fn find(view: &View, near: &Hay<'_>, policy: DatePolicy, out: &mut Vec<Cand>) {
    let p = patterns();
    let s = view.shadow.as_bytes();
    let redact = "[Datum]".to_owned();
    let mut push = |a: usize, b: usize, r: String| {
        out.push(Cand::new(a, b, Category::Date, r, Rule::Pattern));
    };
    let shift = match policy {
        DatePolicy::Shift(sh) => Some(sh),
        DatePolicy::Redact => None,
    };
    let birth_before = |at: usize| p.birth.is_match(&s[at.saturating_sub(16)..at]);
    // A day date, shifted and written like the original.
    let day = |y: i32, m: u8, d: u8, at: usize, write: &dyn Fn(Date) -> String| -> String {
        let (Some(sh), Some(date)) = (shift, Date::ymd(y, m, d)) else {
            return redact.clone();
        };
        let moved = date.add_days(sh.days);
        match (sh.birth, birth_before(at)) {
            (BirthText::Year, true) => moved.year().to_string(),
            (BirthText::Quarter, true) => {
                format!("{}. Quartal {}", (moved.month() - 1) / 3 + 1, moved.year())
            }
            _ => write(moved),
        }
    };
    let month = |y: i32, m: u8| -> Option<Date> {
        let sh = shift?;
        Some(Date::ym(y, m)?.add_months(sh.months))
    };

    for (o, c) in near.captures(&p.iso) {
        let m = c.get(0).expect("match");
        let (Some(y), Some(mo), Some(d)) = (num(&c, 1), num(&c, 2), num(&c, 3)) else { continue };
        if !(1..=12).contains(&mo) || !(1..=31).contains(&d) {
            continue;
        }
        let r = day(y, mo as u8, d as u8, o + m.start(), &|x| x.to_string());
        push(o + m.start(), o + m.end(), r);
    }
    for (o, c) in near.captures(&p.iso_month) {
        let m = c.get(0).expect("match");
        let (Some(y), Some(mo)) = (num(&c, 1), num(&c, 2)) else { continue };
        let r = month(y, mo as u8).map_or_else(|| redact.clone(), |x| x.to_string());
        push(o + m.start(), o + m.end(), r);
    }
    for (o, c) in near.captures(&p.numeric) {
        let m = c.get(0).expect("match");
        // `30.12.1987der` is a date; `12.03.20219` is not.
        if s.get(o + m.end()).is_some_and(u8::is_ascii_digit) {
            continue;
        }
        let (Some(d), Some(mo)) = (num(&c, 1), num(&c, 2)) else { continue };
        if !(1..=31).contains(&d) || !(1..=12).contains(&mo) {
            continue;
        }
        let (dt, mt, yt) = (text(&c, 1), text(&c, 2), text(&c, 3));
        let y =
            if yt.is_empty() { shift.map_or(2000, |s| s.year) } else { full_year(yt).unwrap_or(0) };
        let r = day(y, mo as u8, d as u8, o + m.start(), &|x| {
            let (dd, mm) = (pad(x.day().unwrap_or(1), dt), pad(x.month(), mt));
            if yt.is_empty() {
                format!("{dd}.{mm}.")
            } else {
                format!("{dd}.{mm}.{}", year_like(x.year(), yt))
            }
        });
        push(o + m.start(), o + m.end(), r);
    }
    for (o, c) in near.captures(&p.slash) {
        let m = c.get(0).expect("match");
        let (Some(d), Some(mo)) = (num(&c, 1), num(&c, 2)) else { continue };
        if !(1..=31).contains(&d) || !(1..=12).contains(&mo) {
            continue;
        }
        let (dt, mt, yt) = (text(&c, 1), text(&c, 2), text(&c, 3));
        let Some(y) = full_year(yt) else { continue };
        let r = day(y, mo as u8, d as u8, o + m.start(), &|x| {
            format!(
                "{}/{}/{}",
                pad(x.day().unwrap_or(1), dt),
                pad(x.month(), mt),
                year_like(x.year(), yt)
            )
        });
        push(o + m.start(), o + m.end(), r);
    }
    for (o, c) in near.captures(&p.month_slash) {
        let m = c.get(0).expect("match");
        let (mt, yt) = (text(&c, 1), text(&c, 2));
        let (Ok(mo), Some(y)) = (mt.parse::<u8>(), full_year(yt)) else { continue };
        let r = month(y, mo).map_or_else(
            || redact.clone(),
            |x| format!("{}/{}", pad(x.month(), mt), year_like(x.year(), yt)),
        );
        push(o + m.start(), o + m.end(), r);
    }
    for (o, c) in near.captures(&p.words) {
        let m = c.get(0).expect("match");
        let Some(d) = num(&c, 1) else { continue };
        let Some(mo) = c.get(2).and_then(|g| month_number(g.as_bytes())) else { continue };
        if !(1..=31).contains(&d) {
            continue;
        }
        let yt = text(&c, 3);
        let y =
            if yt.is_empty() { shift.map_or(2000, |s| s.year) } else { full_year(yt).unwrap_or(0) };
        let r = day(y, mo, d as u8, o + m.start(), &|x| {
            let name = MONTH_NAMES[usize::from(x.month()) - 1];
            if yt.is_empty() {
                format!("{}. {name}", x.day().unwrap_or(1))
            } else {
                format!("{}. {name} {}", x.day().unwrap_or(1), x.year())
            }
        });
        push(o + m.start(), o + m.end(), r);
    }
    for (o, c) in near.captures(&p.month_year) {
        let m = c.get(0).expect("match");
        let Some(mo) = c.get(1).and_then(|g| month_number(g.as_bytes())) else { continue };
        let Some(y) = num(&c, 2) else { continue };
        let r = month(y, mo).map_or_else(
            || redact.clone(),
            |x| format!("{} {}", MONTH_NAMES[usize::from(x.month()) - 1], x.year()),
        );
        push(o + m.start(), o + m.end(), r);
    }
    // A month name alone: only near a word that is one (the regex's
    // literals, as the shadow spells them; an apostrophe may join a word).
    let mut joined = view.apostrophe_tokens().iter().peekable();
    let months = Hay::near(view, 2, |k, t| {
        let w = &s[t.start()..t.end()];
        while joined.next_if(|&&j| (j as usize) < k).is_some() {}
        if joined.peek() == Some(&&(k as u32)) {
            w.split(|&b| b == b'\'').any(is_month_word)
        } else {
            is_month_word(w)
        }
    });
    for (o, c) in months.captures(&p.month_alone) {
        let Some(g) = c.get(1).or_else(|| c.get(2)) else { continue };
        let Some(mo) = month_number(g.as_bytes()) else { continue };
        let r = match shift {
            Some(sh) => month(sh.year, mo)
                .map_or_else(|| redact.clone(), |x| MONTH_NAMES[usize::from(x.month()) - 1].into()),
            None => redact.clone(),
        };
        push(o + g.start(), o + g.end(), r);
    }
    // `vom 4. bis 18.10.21`, `am 21. und 23.04.2028`: the first day takes
    // the month and year of the second date.
    for (o, c) in near.captures(&p.day_range) {
        let (Some(d1), Some(mo2)) = (num(&c, 1), num(&c, 4)) else { continue };
        let mo = num(&c, 2).unwrap_or(mo2);
        if !(1..=31).contains(&d1) || !(1..=12).contains(&mo) {
            continue;
        }
        let yt = text(&c, 5);
        let y =
            if yt.is_empty() { shift.map_or(2000, |s| s.year) } else { full_year(yt).unwrap_or(0) };
        let g = c.get(1).expect("day");
        let (dt, mt) = (text(&c, 1), text(&c, 2));
        let end = c.get(2).map_or(o + g.end(), |m| o + m.end());
        // The period after the first day belongs to it (`vom 4. bis`).
        let end = if s.get(end) == Some(&b'.') { end + 1 } else { end };
        let r = day(y, mo as u8, d1 as u8, o + g.start(), &|x| {
            let d = pad(x.day().unwrap_or(1), dt);
            if mt.is_empty() { format!("{d}.") } else { format!("{d}.{}.", pad(x.month(), mt)) }
        });
        let r = if s.get(end - 1) == Some(&b'.') || r.starts_with('[') {
            r
        } else {
            r.trim_end_matches('.').to_owned()
        };
        push(o + g.start(), end, r);
    }
    for (o, c) in near.captures(&p.month_range) {
        let (Some(m1), Some(_)) = (num(&c, 1), num(&c, 2)) else { continue };
        let yt = text(&c, 3);
        let Some(y) = full_year(yt) else { continue };
        let g = c.get(1).expect("month");
        let mt = text(&c, 1);
        let r = month(y, m1 as u8).map_or_else(|| redact.clone(), |x| pad(x.month(), mt));
        push(o + g.start(), o + g.end(), r);
    }
    for (o, c) in near.captures(&p.day_month_year) {
        let m = c.get(0).expect("match");
        let (Some(d), Some(mo), Some(y)) = (num(&c, 1), num(&c, 2), num(&c, 3)) else { continue };
        if !(1..=31).contains(&d) || !(1..=12).contains(&mo) {
            continue;
        }
        let (dt, mt) = (text(&c, 1), text(&c, 2));
        let r = day(y, mo as u8, d as u8, o + m.start(), &|x| {
            format!("{}.{} {}", pad(x.day().unwrap_or(1), dt), pad(x.month(), mt), x.year())
        });
        push(o + m.start(), o + m.end(), r);
    }
    for (o, c) in near.captures(&p.month_short_year) {
        let (Some(g), Some(yg)) = (c.get(1), c.get(2)) else { continue };
        let Some(mo) = month_number(g.as_bytes()) else { continue };
        let Some(y) = full_year(text(&c, 2)) else { continue };
        let r = month(y, mo).map_or_else(
            || redact.clone(),
            |x| {
                format!(
                    "{} {:02}",
                    MONTH_NAMES[usize::from(x.month()) - 1],
                    x.year().rem_euclid(100)
                )
            },
        );
        push(o + g.start(), o + yg.end(), r);
    }
    for (o, c) in near.captures(&p.year) {
        let m = c.get(0).expect("match");
        let Some(y) = num(&c, 1) else { continue };
        let r = match (month(y, 7), shift) {
            (Some(x), Some(_)) => x.year().to_string(),
            _ => "[Jahr]".to_owned(),
        };
        push(o + m.start(), o + m.end(), r);
    }
    for (o, c) in near.captures(&p.week) {
        let m = c.get(0).expect("match");
        let Some(w) = num(&c, 1) else { continue };
        if !(1..=53).contains(&w) {
            continue;
        }
        let yt = text(&c, 2);
        let (Some(sh), true) = (shift, w <= 53) else {
            push(o + m.start(), o + m.end(), redact.clone());
            continue;
        };
        let y = if yt.is_empty() { sh.year } else { full_year(yt).unwrap_or(sh.year) };
        let (ny, nw) = date::iso_week(date::iso_week_monday(y, w as u8) + sh.days);
        let kw = view.text(o + m.start(), o + c.get(1).expect("week").start());
        let r = if yt.is_empty() {
            format!("{kw}{nw}")
        } else {
            format!("{kw}{nw}/{}", year_like(ny, yt))
        };
        push(o + m.start(), o + m.end(), r);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shifted(text: &str, days: i32, months: i32) -> String {
        let policy = DatePolicy::Shift(Shift { days, months, year: 2021, birth: BirthText::Full });
        let s = super::super::Scrubber::new(Vec::new(), policy);
        s.scrub(text).text
    }

    #[test]
    fn day_dates_move_by_days_month_dates_by_months() {
        assert_eq!(
            shifted(
                "am 2.3., am 02.03.2021, am 2. März 2021, am 2021-03-02, 1. – 3. Grades",
                14,
                1
            ),
            "am 16.3., am 16.03.2021, am 16. März 2021, am 2021-03-16, 1. – 3. Grades"
        );
        // A shift of one week still moves every month date.
        assert_eq!(
            shifted("im März 2021, 03/2021, 3/21, 2021-03, im März, seit Mai", 7, 1),
            "im April 2021, 04/2021, 4/21, 2021-04, im April, seit Juni"
        );
        assert_eq!(shifted("im Dezember 2021", -14, -1), "im November 2021");
    }

    #[test]
    fn calendar_weeks_move_by_weeks() {
        assert_eq!(shifted("KW 2/2024 und KW 5", 14, 1), "KW 4/2024 und KW 7");
        assert_eq!(shifted("KW 52/2023", 14, 1), "KW 2/2024");
        assert_eq!(shifted("KW 1/2024", -7, -1), "KW 52/2023");
    }
}
