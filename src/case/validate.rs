//! Consistency rules of a decoded case that span several fields: birth
//! dates against events, `closed` against `opened`, and events outside the
//! case period (warnings). References and duplicate ids are checked while
//! decoding ([`crate::load`]), where every id's position is at hand.

use std::cmp::Ordering;

use crate::diag::{Diagnostic, Path, Pos, Problem};
use crate::model::Case;

/// Positions of the fields the consistency rules point at.
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    pub opened: Pos,
    pub closed: Option<Pos>,
    /// Position of `born`, per person in file order.
    pub born: Vec<Option<Pos>>,
    /// Position of `date`, per event in file order.
    pub event_dates: Vec<Pos>,
}

/// Checks the rules; dates that a month's precision cannot order are not
/// reported (no guesses).
pub fn consistency(case: &Case, map: &SourceMap) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let timeline = case.timeline();

    for (person, born_pos) in case.people.iter().zip(&map.born) {
        let (Some(born), Some(pos)) = (person.born, born_pos) else {
            continue;
        };
        let first = timeline.iter().find(|e| {
            e.actors().any(|a| *a == person.id)
                && born.certain_cmp(e.date) == Some(Ordering::Greater)
        });
        if let Some(e) = first {
            out.push(Diagnostic::error(
                Problem::BornAfterEvent {
                    person: person.id.clone(),
                    born,
                    event: e.id.clone(),
                    event_date: e.date,
                },
                Some(*pos),
                &Path::root().key("people").key(&person.id).key("born"),
            ));
        }
    }

    let opened = case.case.opened;
    if let (Some(closed), Some(pos)) = (case.case.closed, map.closed)
        && closed.certain_cmp(opened) == Some(Ordering::Less)
    {
        out.push(Diagnostic::error(
            Problem::ClosedBeforeOpened { closed, opened },
            Some(pos),
            &Path::root().key("case").key("closed"),
        ));
    }

    for (e, pos) in case.events.iter().zip(&map.event_dates) {
        let path = Path::root().key("events").index(e.index).key("date");
        if e.date.certain_cmp(opened) == Some(Ordering::Less) {
            out.push(Diagnostic::warning(
                Problem::EventBeforeOpened { event: e.id.clone(), date: e.date, opened },
                Some(*pos),
                &path,
            ));
        }
        if let Some(closed) = case.case.closed
            && e.date.certain_cmp(closed) == Some(Ordering::Greater)
        {
            out.push(Diagnostic::warning(
                Problem::EventAfterClosed { event: e.id.clone(), date: e.date, closed },
                Some(*pos),
                &path,
            ));
        }
    }
    out
}
