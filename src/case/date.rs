//! Dates of day or month precision, as the case format writes them
//! (`YYYY-MM-DD` or `YYYY-MM`), and day arithmetic for the checklist rules.
//!
//! A month-precision date stands for the interval of its days: comparisons
//! that a month cannot settle are answered with `None`, never with a guess.

use std::cmp::Ordering;
use std::fmt;

/// A day number: days since 1970-01-01 (negative before).
pub type Day = i32;

/// A calendar date, day or month precision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: Option<u8>,
}

/// Why a text is not a date of the format, with the ISO form when the text
/// could be understood (e.g. `02.03.2021` → `2021-03-02`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateError {
    /// Not a date at all, or an impossible one; `iso` holds the ISO form when a
    /// different but understandable notation was used.
    Malformed { iso: Option<String> },
    /// Well-formed but impossible, e.g. `2021-02-30`.
    NoSuchDay { year: i32, month: u8, day: u8 },
    /// Month outside 1..=12.
    NoSuchMonth,
}

impl Date {
    /// A day-precision date, if it exists.
    pub fn ymd(year: i32, month: u8, day: u8) -> Option<Date> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Date { year, month, day: Some(day) })
    }

    /// A month-precision date.
    pub fn ym(year: i32, month: u8) -> Option<Date> {
        (1..=12).contains(&month).then_some(Date { year, month, day: None })
    }

    /// The date of a day number.
    pub fn from_day(day: Day) -> Date {
        let (y, m, d) = civil_from_days(day);
        Date { year: y, month: m, day: Some(d) }
    }

    /// Today's date (UTC) from the system clock.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_day((secs / 86_400) as Day)
    }

    /// Parses `YYYY-MM-DD` or `YYYY-MM` exactly; anything else is an error that
    /// carries the ISO form where the text is a recognisable German or other date.
    pub fn parse(text: &str) -> Result<Date, DateError> {
        let t = text.trim();
        let b = t.as_bytes();
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            b.get(r.clone())
                .filter(|s| s.iter().all(u8::is_ascii_digit))
                .map(|s| s.iter().fold(0u32, |a, &c| a * 10 + u32::from(c - b'0')))
        };
        if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
            if let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10)) {
                return Self::checked(y as i32, m, Some(d));
            }
        } else if b.len() == 7
            && b[4] == b'-'
            && let (Some(y), Some(m)) = (digits(0..4), digits(5..7))
        {
            return Self::checked(y as i32, m, None);
        }
        Err(DateError::Malformed { iso: understood(t) })
    }

    fn checked(year: i32, month: u32, day: Option<u32>) -> Result<Date, DateError> {
        if !(1..=12).contains(&month) {
            return Err(DateError::NoSuchMonth);
        }
        let month = month as u8;
        match day {
            None => Ok(Date { year, month, day: None }),
            Some(d) => {
                let d = u8::try_from(d).unwrap_or(u8::MAX);
                Date::ymd(year, month, d).ok_or(DateError::NoSuchDay { year, month, day: d })
            }
        }
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    pub fn day(self) -> Option<u8> {
        self.day
    }

    /// True when only the month is known.
    pub fn is_month_precision(self) -> bool {
        self.day.is_none()
    }

    /// The first day the date may stand for.
    pub fn first_day(self) -> Day {
        days_from_civil(self.year, self.month, self.day.unwrap_or(1))
    }

    /// The last day the date may stand for.
    pub fn last_day(self) -> Day {
        days_from_civil(
            self.year,
            self.month,
            self.day.unwrap_or_else(|| days_in_month(self.year, self.month)),
        )
    }

    /// Compares two dates where that is certain: `Some(Less)` when every day of
    /// `self` is before every day of `other`, `Some(Equal)` only for the same
    /// day-precision date, `None` when the intervals overlap otherwise.
    pub fn certain_cmp(self, other: Date) -> Option<Ordering> {
        if self.last_day() < other.first_day() {
            Some(Ordering::Less)
        } else if self.first_day() > other.last_day() {
            Some(Ordering::Greater)
        } else if self.day.is_some() && self == other {
            Some(Ordering::Equal)
        } else {
            None
        }
    }

    /// The date shifted by whole days (month-precision dates shift their
    /// first day and stay month precision).
    pub fn add_days(self, days: i32) -> Date {
        let shifted = Date::from_day(self.first_day() + days);
        match self.day {
            Some(_) => shifted,
            None => Date { day: None, ..shifted },
        }
    }

    /// The date shifted by whole months; a day that the target month does
    /// not have becomes its last day. Month precision stays month precision.
    pub fn add_months(self, months: i32) -> Date {
        let index = self.year * 12 + i32::from(self.month) - 1 + months;
        let (year, month) = (index.div_euclid(12), (index.rem_euclid(12) + 1) as u8);
        let day = self.day.map(|d| d.min(days_in_month(year, month)));
        Date { year, month, day }
    }

    /// Sort key: the first day, so that events of a month sort before the
    /// days of that month they may precede.
    pub fn sort_key(self) -> Day {
        self.first_day()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.day {
            Some(d) => write!(f, "{:04}-{:02}-{:02}", self.year, self.month, d),
            None => write!(f, "{:04}-{:02}", self.year, self.month),
        }
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// German month names, also in the short forms used in notes.
const MONTHS_DE: [&[&str]; 12] = [
    &["januar", "jan", "jänner"],
    &["februar", "feb"],
    &["märz", "maerz", "mär", "mrz"],
    &["april", "apr"],
    &["mai"],
    &["juni", "jun"],
    &["juli", "jul"],
    &["august", "aug"],
    &["september", "sep", "sept"],
    &["oktober", "okt"],
    &["november", "nov"],
    &["dezember", "dez"],
];

/// The ISO form of a date written another way (`2.3.2021`, `02.03.21`,
/// `2021/03/02`, `03/2021`, `März 2021`, `2. März 2021`), if it is a real date.
fn understood(text: &str) -> Option<String> {
    let parts: Vec<&str> = text
        .split(|c: char| c == '.' || c == '/' || c == '-' || c.is_whitespace())
        .filter(|p| !p.is_empty())
        .collect();
    let num = |s: &str| -> Option<u32> {
        (s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
    };
    let year = |s: &str| -> Option<i32> {
        let y = num(s)? as i32;
        match s.len() {
            4 => Some(y),
            2 => Some(if y < 70 { 2000 + y } else { 1900 + y }),
            _ => None,
        }
    };
    let month_name = |s: &str| -> Option<u32> {
        let l = s.to_lowercase();
        MONTHS_DE.iter().position(|names| names.contains(&l.as_str())).map(|i| i as u32 + 1)
    };
    let (y, m, d) = match parts.as_slice() {
        [a, b, c] if a.len() == 4 => (year(a)?, num(b)?, Some(num(c)?)),
        [d, m, y] => (year(y)?, num(m).or_else(|| month_name(m))?, Some(num(d)?)),
        [m, y] if y.len() == 4 => (year(y)?, num(m).or_else(|| month_name(m))?, None),
        _ => return None,
    };
    Date::checked(y, m, d).ok().map(|d| d.to_string())
}

pub(crate) fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

pub(crate) fn days_in_month(y: i32, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
fn days_from_civil(y: i32, m: u8, d: u8) -> Day {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i32::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i32::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: Day) -> (i32, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// The day number of the Monday of ISO week `week` of `year`.
pub fn iso_week_monday(year: i32, week: u8) -> Day {
    let jan4 = days_from_civil(year, 1, 4);
    jan4 - i32::from(weekday(jan4)) + (i32::from(week) - 1) * 7
}

/// The ISO year and week of a day.
pub fn iso_week(day: Day) -> (i32, u8) {
    let thursday = day - i32::from(weekday(day)) + 3;
    let (year, _, _) = civil_from_days(thursday);
    let week = (thursday - days_from_civil(year, 1, 1)) / 7 + 1;
    (year, week as u8)
}

/// The weekday of a day number, 0 = Monday.
pub fn weekday(day: Day) -> u8 {
    // 1970-01-01 was a Thursday (3).
    ((day + 3).rem_euclid(7)) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_precisions() {
        assert_eq!(Date::parse("2021-03-02").unwrap().to_string(), "2021-03-02");
        assert_eq!(Date::parse("2021-03").unwrap().to_string(), "2021-03");
        assert!(Date::parse("2021-03").unwrap().is_month_precision());
        assert_eq!(Date::parse("2020-02-29").unwrap().day(), Some(29));
    }

    #[test]
    fn rejects_impossible_days_and_other_notations() {
        assert_eq!(
            Date::parse("2021-02-30"),
            Err(DateError::NoSuchDay { year: 2021, month: 2, day: 30 })
        );
        assert_eq!(Date::parse("2021-13-01"), Err(DateError::NoSuchMonth));
        assert_eq!(
            Date::parse("02.03.2021"),
            Err(DateError::Malformed { iso: Some("2021-03-02".into()) })
        );
        assert_eq!(
            Date::parse("2. März 2021"),
            Err(DateError::Malformed { iso: Some("2021-03-02".into()) })
        );
        assert_eq!(
            Date::parse("März 2021"),
            Err(DateError::Malformed { iso: Some("2021-03".into()) })
        );
        assert_eq!(Date::parse("31.02.2021"), Err(DateError::Malformed { iso: None }));
        assert_eq!(Date::parse("gestern"), Err(DateError::Malformed { iso: None }));
        assert_eq!(
            Date::parse("2021-3-2"),
            Err(DateError::Malformed { iso: Some("2021-03-02".into()) })
        );
    }

    #[test]
    fn day_numbers_round_trip() {
        for day in -800_000..800_000 {
            let d = Date::from_day(day);
            assert_eq!(d.first_day(), day);
        }
        assert_eq!(Date::parse("1970-01-01").unwrap().first_day(), 0);
        assert_eq!(weekday(Date::parse("2021-03-01").unwrap().first_day()), 0);
    }

    #[test]
    fn month_precision_is_an_interval() {
        let m = Date::parse("2021-03").unwrap();
        assert_eq!(m.first_day(), Date::parse("2021-03-01").unwrap().first_day());
        assert_eq!(m.last_day(), Date::parse("2021-03-31").unwrap().first_day());
        let d = Date::parse("2021-03-15").unwrap();
        assert_eq!(m.certain_cmp(d), None);
        assert_eq!(Date::parse("2021-02-28").unwrap().certain_cmp(m), Some(Ordering::Less));
        assert_eq!(d.certain_cmp(d), Some(Ordering::Equal));
    }
}
