//! The case: the typed form of a `lernfall/1` file after loading and
//! validation. Every command starts from a [`Case`]; none parses YAML again.
//!
//! Ids are kept as written in the file (`lena`, `e4`); default ids of events,
//! findings and episodes are filled in (`e` + 1-based position, ...).

use std::collections::HashMap;
use std::fmt;

use serde::Serialize;

use crate::date::Date;
use crate::diag::Pos;
use crate::vocab::{
    Advice, AssessmentResult, Concern, EventKind, Factor, Gender, InstitutionKind, MeasureStatus,
    Mode, Outcome, RecordedAs, Role, StaffPosition,
};

/// The format version this crate reads and writes.
pub const FORMAT: &str = "lernfall/1";

/// A local id: a key of `people`, `institutions` or `staff`, or the `id` of
/// an event, finding or episode.
pub type Id = String;

/// One case file.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Case {
    pub case: CaseInfo,
    pub people: Vec<Person>,
    pub institutions: Vec<Institution>,
    pub staff: Vec<Staff>,
    /// Events in file order; use [`Case::timeline`] for date order.
    pub events: Vec<Event>,
    pub findings: Vec<Finding>,
    pub episodes: Vec<Episode>,
    pub exceptions: Vec<Exception>,
    /// What a workshop agreed (format addition).
    pub measures: Vec<Measure>,
    /// Present when the file is an export written by the anonymiser.
    pub anonymised: Option<ExportMarker>,
}

/// The `case` section.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CaseInfo {
    /// `case.ref`: the local file reference (Aktenzeichen). Identifying.
    #[serde(rename = "ref")]
    pub reference: String,
    pub title: Option<String>,
    pub municipality: String,
    pub cluster: Option<String>,
    pub opened: Date,
    pub closed: Option<Date>,
    pub outcome: Option<Outcome>,
    pub summary: Option<String>,
}

/// A person of the family or its surroundings.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Person {
    pub id: Id,
    pub role: Role,
    pub name: String,
    pub aliases: Vec<String>,
    pub born: Option<Date>,
    pub gender: Option<Gender>,
    pub address: Option<String>,
    pub phone: Option<String>,
    /// As written; see [`Person::in_household`] for the default.
    pub household: Option<bool>,
    pub notes: Option<String>,
}

impl Person {
    /// Whether the person lives in the child's household: as written, else
    /// true for children and parents.
    pub fn in_household(&self) -> bool {
        self.household.unwrap_or(self.role == Role::Child || self.role.is_parent())
    }
}

/// An institution involved in the case.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Institution {
    pub id: Id,
    pub kind: InstitutionKind,
    pub name: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
}

/// A professional.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Staff {
    pub id: Id,
    pub name: String,
    pub institution: Option<Id>,
    pub function: Option<String>,
    /// Caseworker, lead, guardian, expert (format addition).
    pub position: Option<StaffPosition>,
}

/// A time of day, `HH:MM`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Time {
    pub hour: u8,
    pub minute: u8,
}

impl Time {
    /// Parses `HH:MM` (also `H:MM`).
    pub fn parse(text: &str) -> Option<Time> {
        let (h, m) = text.trim().split_once(':')?;
        let ok =
            |s: &str, n: usize| (1..=n).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
        if !ok(h, 2) || m.len() != 2 || !ok(m, 2) {
            return None;
        }
        let (hour, minute) = (h.parse().ok()?, m.parse().ok()?);
        (hour < 24 && minute < 60).then_some(Time { hour, minute })
    }
}

impl fmt::Display for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)
    }
}

impl Serialize for Time {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// One row of the timeline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Event {
    pub id: Id,
    /// 0-based position in the file's `events` list.
    pub index: usize,
    #[serde(skip)]
    pub pos: Pos,
    pub date: Date,
    pub time: Option<Time>,
    pub kind: EventKind,
    pub by: Vec<Id>,
    pub to: Vec<Id>,
    pub with: Vec<Id>,
    pub child_seen: Option<bool>,
    pub child_seen_alone: Option<bool>,
    pub home_seen: Option<bool>,
    pub result: Option<AssessmentResult>,
    pub concerns: Vec<Concern>,
    pub mode: Option<Mode>,
    pub consent: Option<bool>,
    /// What the actor explicitly recommended (format addition).
    pub advice: Vec<Advice>,
    /// How the receiving office filed a report (format addition; absent
    /// counts as `report`).
    pub recorded_as: Option<RecordedAs>,
    /// The institution or person whose chronology the row came from.
    pub source: Option<Id>,
    pub note: Option<String>,
}

impl Event {
    /// Every id the event names as an actor (`by`, `to`, `with`).
    pub fn actors(&self) -> impl Iterator<Item = &Id> {
        self.by.iter().chain(&self.to).chain(&self.with)
    }
}

/// An annotation of the review team.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    pub id: Id,
    pub events: Vec<Id>,
    pub factor: Factor,
    pub note: Option<String>,
}

/// A key practice episode.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Episode {
    pub id: Id,
    pub title: String,
    pub events: Vec<Id>,
    pub note: Option<String>,
}

/// A documented reason why a checklist rule did not apply.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Exception {
    pub item: String,
    #[serde(skip)]
    pub pos: Pos,
    /// The activating events it covers; empty means all of the item's.
    pub events: Vec<Id>,
    pub reason: String,
}

/// A measure a workshop agreed, followed up at the next one (format addition).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Measure {
    pub id: Id,
    /// The findings or episodes it answers.
    pub about: Vec<Id>,
    pub text: String,
    /// The institution responsible.
    pub responsible: Option<Id>,
    pub agreed: Option<Date>,
    pub due: Option<Date>,
    pub status: MeasureStatus,
}

/// Whether an export can still be re-attributed (GDPR Art. 4(5)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportKind {
    /// A key or mapping table exists that can reverse the pseudonyms.
    Pseudonymised,
    /// Nothing to reverse it exists and quasi-identifiers are generalised.
    Anonymised,
}

/// The top-level `anonymised:` block that marks an export (documented in
/// `docs/case-format.md`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExportMarker {
    pub kind: ExportKind,
    /// Name and version of the tool that wrote the export.
    pub tool: String,
    /// Fingerprint of the key (never the key itself); absent for a one-off key.
    pub key_fingerprint: Option<String>,
    /// The policies applied (date shift range, birth dates, locations ...).
    pub policies: Vec<String>,
    /// The rule pseudonym codes were computed with (absent: rule 1).
    pub pseudonyms: Option<String>,
    /// A keyed seal over the export's content: `lernfall anonymise` writes
    /// it, commands given the same key check it.
    pub seal: Option<String>,
}

/// What a local id names.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Entity<'a> {
    Person(&'a Person),
    Institution(&'a Institution),
    Staff(&'a Staff),
}

impl Case {
    /// The person, institution or staff member with this id.
    pub fn entity(&self, id: &str) -> Option<Entity<'_>> {
        self.people
            .iter()
            .find(|p| p.id == id)
            .map(Entity::Person)
            .or_else(|| self.institutions.iter().find(|i| i.id == id).map(Entity::Institution))
            .or_else(|| self.staff.iter().find(|s| s.id == id).map(Entity::Staff))
    }

    /// An index from id to entity, for repeated look-ups.
    pub fn entities(&self) -> HashMap<&str, Entity<'_>> {
        let mut map = HashMap::new();
        for p in &self.people {
            map.insert(p.id.as_str(), Entity::Person(p));
        }
        for i in &self.institutions {
            map.insert(i.id.as_str(), Entity::Institution(i));
        }
        for s in &self.staff {
            map.insert(s.id.as_str(), Entity::Staff(s));
        }
        map
    }

    /// The children of the case (role `child`).
    pub fn children(&self) -> impl Iterator<Item = &Person> {
        self.people.iter().filter(|p| p.role == Role::Child)
    }

    /// The events in date order; equal dates keep their list order. A
    /// month-precision date sorts at the first day of its month.
    pub fn timeline(&self) -> Vec<&Event> {
        let mut order: Vec<&Event> = self.events.iter().collect();
        order.sort_by_key(|e| (e.date.sort_key(), e.index));
        order
    }

    /// The events in the order a reader follows the story (every output that
    /// lists events; the checklist uses [`timeline`](Self::timeline)): by
    /// date; within a day by `time` (an event without one stays after the
    /// event listed before it); events dated only to a month after the
    /// day-dated events of that month, since they are mostly what those
    /// events led to (an invitation after the visit).
    pub fn story_order(&self) -> Vec<&Event> {
        self.ordered(true)
    }

    /// The events by date and, within a day, by `time` (an event without
    /// one stays after the event listed before it); events dated to a month
    /// on its first day, as event logs stamp them.
    pub fn by_time(&self) -> Vec<&Event> {
        self.ordered(false)
    }

    fn ordered(&self, month_last: bool) -> Vec<&Event> {
        // (year, month, dated to the month only, day, minute, list order)
        type Key = (i32, u8, bool, crate::date::Day, u16, usize);
        let mut keyed: Vec<(Key, &Event)> = Vec::with_capacity(self.events.len());
        let mut last: Option<(crate::date::Day, u16)> = None;
        for (n, e) in self.timeline().into_iter().enumerate() {
            let day = e.date.sort_key();
            let minute = match (e.time, last) {
                (Some(t), _) => u16::from(t.hour) * 60 + u16::from(t.minute),
                (None, Some((d, m))) if d == day => m,
                (None, _) => 0,
            };
            last = Some((day, minute));
            let month = month_last && e.date.is_month_precision();
            keyed.push(((e.date.year(), e.date.month(), month, day, minute, n), e));
        }
        keyed.sort_by_key(|(k, _)| *k);
        keyed.into_iter().map(|(_, e)| e).collect()
    }

    /// The case end: `case.closed`, else the date of the last event.
    pub fn end(&self) -> Date {
        self.case.closed.unwrap_or_else(|| {
            self.events
                .iter()
                .map(|e| e.date)
                .max_by_key(|d| d.last_day())
                .unwrap_or(self.case.opened)
        })
    }

    /// Whether the file is an export of the anonymiser.
    pub fn is_export(&self) -> bool {
        self.anonymised.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_times() {
        assert_eq!(Time::parse("09:15"), Some(Time { hour: 9, minute: 15 }));
        assert_eq!(Time::parse("9:05"), Some(Time { hour: 9, minute: 5 }));
        assert_eq!(Time::parse("24:00"), None);
        assert_eq!(Time::parse("12:60"), None);
        assert_eq!(Time::parse("12:5"), None);
        assert_eq!(Time::parse("1215"), None);
    }
}
