//! The date shift of a case: every day date moves by the same whole number
//! of weeks (so intervals and weekdays stay), every month date by a whole
//! number of months in the same direction — never zero, never a whole year,
//! so that no date, and no month name in text, stays as it was.
//!
//! A month is not a whole number of weeks, so month dates can change what a
//! comparison with a day date can settle. For a case with month dates every
//! shift of the policy's range is tried, in an order derived from the key
//! and the case, and the first under which the built-in checklists give the
//! same result for every item is taken.

use super::Policy;
use super::key::{Domain, Key};
use crate::checklist::{self, Status};
use crate::date::Date;
use crate::model::Case;

/// How far a case's dates move.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CaseShift {
    /// Day dates: whole weeks, in days.
    pub days: i32,
    /// Month dates: whole months, same sign as `days`, never a multiple of 12.
    pub months: i32,
}

impl CaseShift {
    /// The shift for a number of days; months follow it.
    pub fn of_days(days: i32) -> CaseShift {
        let mut months = (f64::from(days) / 30.436_875).round() as i32;
        if months == 0 {
            months = days.signum();
        }
        if months % 12 == 0 {
            months -= months.signum();
        }
        CaseShift { days, months }
    }

    /// A date moved by this shift, at its precision.
    pub fn apply(self, date: Date) -> Date {
        if date.is_month_precision() {
            date.add_months(self.months)
        } else {
            date.add_days(self.days)
        }
    }
}

/// The shift a key gives a case before any search: whole weeks in the
/// policy's range, either way, never zero.
fn derived(key: &Key, case: &Case, policy: &Policy) -> i32 {
    let lo = policy.min_weeks.max(1);
    let hi = policy.max_weeks.max(lo);
    let id = &case.case.reference;
    let weeks = key.number(Domain::DateShift, id, lo, hi) as i32;
    let sign = if key.bit(Domain::DateShift, id) { 1 } else { -1 };
    sign * weeks * 7
}

/// The case with every date shifted.
pub(super) fn shifted(case: &Case, s: CaseShift) -> Case {
    let mut c = case.clone();
    c.case.opened = s.apply(c.case.opened);
    c.case.closed = c.case.closed.map(|d| s.apply(d));
    for p in &mut c.people {
        p.born = p.born.map(|d| s.apply(d));
    }
    for e in &mut c.events {
        e.date = s.apply(e.date);
    }
    c
}

/// A date reduced to its quarter, as a month-precision date: the quarter's
/// first month for a start, its last month for an end.
pub(super) fn to_quarter(d: Date, end: bool) -> Date {
    let first = (d.month() - 1) / 3 * 3 + 1;
    Date::ym(d.year(), if end { first + 2 } else { first }).unwrap_or(d)
}

/// Which of `case.opened` and `case.closed` can go to the quarter (after the
/// shift) without changing a checklist result: both, else one, else none.
pub(super) fn quarters(case: &Case, s: CaseShift) -> (bool, bool) {
    let original = statuses(case);
    let base = shifted(case, s);
    for (opened, closed) in [(true, true), (true, false), (false, true)] {
        let mut c = base.clone();
        if opened {
            c.case.opened = to_quarter(c.case.opened, false);
        }
        if closed {
            match c.case.closed {
                Some(d) => c.case.closed = Some(to_quarter(d, true)),
                None => continue,
            }
        }
        if statuses(&c) == original {
            return (opened, closed);
        }
    }
    (false, false)
}

/// The results of the built-in checklists, item by item: each status, and
/// which activations are judged by today's law (before an item's `since`).
pub(super) fn statuses(case: &Case) -> Vec<(Status, Vec<bool>)> {
    checklist::builtin()
        .iter()
        .flat_map(|list| {
            checklist::evaluate(list, case)
                .items
                .into_iter()
                .map(|i| (i.status, i.activations.iter().map(|a| a.todays_law.is_some()).collect()))
        })
        .collect()
}

/// The shift of a case, `None` if no shift of the range keeps the checklist
/// results (the export is then withheld). Day-precise timelines keep every
/// window under any shift; only an activation near an item's `since` date
/// can change sides, and then another shift is tried.
pub fn shift_for(key: &Key, case: &Case, policy: &Policy) -> Option<CaseShift> {
    let first = derived(key, case, policy);
    let original = statuses(case);
    let keeps = |s: CaseShift| statuses(&shifted(case, s)) == original;
    if keeps(CaseShift::of_days(first)) {
        return Some(CaseShift::of_days(first));
    }
    let lo = policy.min_weeks.max(1) as i32;
    let hi = (policy.max_weeks as i32).max(lo);
    let mut all: Vec<i32> =
        (lo..=hi).flat_map(|w| [w * 7, -w * 7]).filter(|&d| d != first).collect();
    // A key-derived order: nobody without the key can tell which shift was taken.
    all.sort_by_cached_key(|d| {
        key.digest(Domain::DateShift, &format!("{}#{d}", case.case.reference))
    });
    all.into_iter().map(CaseShift::of_days).find(|&s| keeps(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_follow_days_and_never_stand_still() {
        assert_eq!(CaseShift::of_days(7).months, 1);
        assert_eq!(CaseShift::of_days(-14).months, -1);
        assert_eq!(CaseShift::of_days(91).months, 3);
        assert_eq!(CaseShift::of_days(364).months, 11);
        assert_eq!(CaseShift::of_days(-364).months, -11);
        for w in 1..=52 {
            for sign in [1, -1] {
                let s = CaseShift::of_days(sign * w * 7);
                assert!(s.months != 0 && s.months % 12 != 0 && s.months.signum() == sign);
            }
        }
        let m = Date::ym(2021, 3).unwrap();
        assert_eq!(CaseShift::of_days(7).apply(m).to_string(), "2021-04");
    }
}
