//! Several agencies' chronologies of one family merged into one case
//! (`lernfall merge`), the way multi-agency reviews build their chronology.
//!
//! - People, institutions and staff are matched by id with the same folded
//!   name, or by folded name alone; every match is listed, none is guessed
//!   silently. An id that names something else in an earlier file is
//!   renamed (`-2`, `-3` …).
//! - Events keep their `source`; they are put in date order. An event of
//!   the same day and kind whose people and institutions overlap with one
//!   already merged, and that agrees with it, is a likely duplicate: kept
//!   once, listed with both files. When it disagrees (another result, the
//!   child seen in one and not in the other) both are kept and the conflict
//!   is listed. No event is ever dropped otherwise.
//! - Differing birth dates of one person are listed as conflicts; the first
//!   file's date is kept.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use crate::case::model::{Case, Event, Id, Person};
use crate::text::name_key as fold;

/// How an entity of an input was matched.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Match {
    pub file: String,
    /// `person`, `institution` or `staff`.
    pub kind: &'static str,
    pub id: Id,
    pub merged: Id,
    /// `id` (same id and name), `name` (same folded name), `new`, or
    /// `renamed` (the id was taken by something else).
    pub by: &'static str,
}

/// An event found in two files.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Duplicate {
    /// The merged event kept.
    pub event: Id,
    pub files: Vec<String>,
}

/// Two files that disagree.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// What differs: `result`, `child_seen`, `born`.
    pub field: &'static str,
    /// The merged ids concerned (events or a person).
    pub ids: Vec<Id>,
    pub files: Vec<String>,
}

/// What came from where.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FileSummary {
    pub file: String,
    pub events: usize,
    pub duplicates: usize,
    pub people: usize,
    pub institutions: usize,
    pub staff: usize,
}

/// The report of a merge.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Report {
    pub files: Vec<FileSummary>,
    pub matches: Vec<Match>,
    pub duplicates: Vec<Duplicate>,
    pub conflicts: Vec<Conflict>,
    pub events: usize,
}

fn free_id(taken: &BTreeSet<Id>, id: &str) -> Id {
    if !taken.contains(id) {
        return id.to_owned();
    }
    (2..).map(|n| format!("{id}-{n}")).find(|c| !taken.contains(c)).expect("some suffix is free")
}

/// Entities of one kind matched into the merged list; returns the id map.
#[allow(clippy::too_many_arguments)]
fn match_entities<T: Clone>(
    file: &str,
    kind: &'static str,
    items: &[T],
    merged: &mut Vec<T>,
    taken: &mut BTreeSet<Id>,
    report: &mut Report,
    key: impl Fn(&T) -> (Id, String),
    set_id: impl Fn(&mut T, Id),
) -> HashMap<Id, Id> {
    let mut map = HashMap::new();
    for item in items {
        let (id, name) = key(item);
        let name = fold(&name);
        let same_id = merged.iter().find(|m| key(m).0 == id);
        let (merged_id, by) = match same_id {
            Some(m) if fold(&key(m).1) == name => (id.clone(), "id"),
            _ => match merged.iter().find(|m| !name.is_empty() && fold(&key(m).1) == name) {
                Some(m) => (key(m).0, "name"),
                None => {
                    let new = free_id(taken, &id);
                    let by = if new == id { "new" } else { "renamed" };
                    let mut copy = item.clone();
                    set_id(&mut copy, new.clone());
                    taken.insert(new.clone());
                    merged.push(copy);
                    (new, by)
                }
            },
        };
        report.matches.push(Match {
            file: file.to_owned(),
            kind,
            id: id.clone(),
            merged: merged_id.clone(),
            by,
        });
        map.insert(id, merged_id);
    }
    map
}

/// The people, institutions and staff an event names.
fn actors(e: &Event) -> BTreeSet<&str> {
    e.by.iter().chain(&e.to).chain(&e.with).map(String::as_str).collect()
}

/// Merges the cases (file name, case) in the order given; `None` when there
/// are none.
pub fn merge(inputs: &[(String, Case)]) -> Option<(Case, Report)> {
    let mut report = Report::default();
    let (_, first) = inputs.first()?;
    let mut out = Case {
        case: first.case.clone(),
        people: Vec::new(),
        institutions: Vec::new(),
        staff: Vec::new(),
        events: Vec::new(),
        findings: Vec::new(),
        episodes: Vec::new(),
        exceptions: Vec::new(),
        measures: Vec::new(),
        anonymised: None,
    };
    let mut taken: BTreeSet<Id> = BTreeSet::new();
    let mut event_files: Vec<Vec<String>> = Vec::new();
    // Merged event ids, and merged day-dated events by (day, kind).
    let mut event_ids: BTreeSet<Id> = BTreeSet::new();
    let mut by_day: HashMap<(crate::date::Day, crate::vocab::EventKind), Vec<usize>> =
        HashMap::new();
    for (file, case) in inputs {
        let mut ids: HashMap<Id, Id> = HashMap::new();
        ids.extend(match_entities(
            file,
            "person",
            &case.people,
            &mut out.people,
            &mut taken,
            &mut report,
            |p: &Person| (p.id.clone(), p.name.clone()),
            |p, id| p.id = id,
        ));
        ids.extend(match_entities(
            file,
            "institution",
            &case.institutions,
            &mut out.institutions,
            &mut taken,
            &mut report,
            |i| (i.id.clone(), i.name.clone().unwrap_or_else(|| i.kind.to_string())),
            |i, id| i.id = id,
        ));
        ids.extend(match_entities(
            file,
            "staff",
            &case.staff,
            &mut out.staff,
            &mut taken,
            &mut report,
            |s| (s.id.clone(), s.name.clone()),
            |s, id| s.id = id,
        ));
        // Staff point at merged institutions.
        for s in &mut out.staff {
            if let Some(i) = &s.institution
                && let Some(m) = ids.get(i)
                && !out.institutions.iter().any(|x| &x.id == i)
            {
                s.institution = Some(m.clone());
            }
        }
        // Birth dates that disagree.
        for p in &case.people {
            let merged = &ids[&p.id];
            if let Some(m) = out.people.iter().find(|m| &m.id == merged)
                && let (Some(a), Some(b)) = (m.born, p.born)
                && a != b
            {
                report.conflicts.push(Conflict {
                    field: "born",
                    ids: vec![merged.clone()],
                    files: vec![file.clone()],
                });
            }
        }
        let map = |v: &[Id]| {
            v.iter().map(|i| ids.get(i).cloned().unwrap_or_else(|| i.clone())).collect::<Vec<_>>()
        };
        let mut events: HashMap<Id, Id> = HashMap::new();
        let (mut added, mut dups) = (0, 0);
        for e in &case.events {
            let mut e2 = e.clone();
            e2.by = map(&e.by);
            e2.to = map(&e.to);
            e2.with = map(&e.with);
            e2.source = e.source.as_ref().map(|s| ids.get(s).cloned().unwrap_or_else(|| s.clone()));
            // A likely duplicate: same day, same kind, shared actors, from
            // another file (looked up by day and kind).
            let twin =
                by_day.get(&(e2.date.first_day(), e2.kind)).into_iter().flatten().copied().find(
                    |&k| {
                        let m = &out.events[k];
                        m.date == e2.date
                            && !actors(m).is_disjoint(&actors(&e2))
                            && !event_files[k].contains(file)
                    },
                );
            let mut conflict = None;
            if let Some(k) = twin {
                let m = &out.events[k];
                let differs = |a: Option<bool>, b: Option<bool>| matches!((a, b), (Some(x), Some(y)) if x != y);
                let result_differs = matches!((m.result, e2.result), (Some(x), Some(y)) if x != y);
                if result_differs || differs(m.child_seen, e2.child_seen) {
                    conflict = Some((k, if result_differs { "result" } else { "child_seen" }));
                } else {
                    // Kept once; the other chronology is named in the note.
                    if let Some(src) = &e2.source
                        && m.source.as_ref() != Some(src)
                    {
                        let kept = &mut out.events[k];
                        let also = format!("[auch in der Chronologie von {src}]");
                        kept.note = Some(match kept.note.take() {
                            Some(n) if !n.contains(&also) => format!("{n} {also}"),
                            Some(n) => n,
                            None => also,
                        });
                    }
                    let kept = out.events[k].id.clone();
                    events.insert(e.id.clone(), kept.clone());
                    event_files[k].push(file.clone());
                    report
                        .duplicates
                        .push(Duplicate { event: kept, files: event_files[k].clone() });
                    dups += 1;
                    continue;
                }
            }
            let new_id = free_id(&event_ids, &e2.id);
            event_ids.insert(new_id.clone());
            if let Some((k, field)) = conflict {
                report.conflicts.push(Conflict {
                    field,
                    ids: vec![out.events[k].id.clone(), new_id.clone()],
                    files: vec![event_files[k][0].clone(), file.clone()],
                });
            }
            events.insert(e.id.clone(), new_id.clone());
            e2.id = new_id;
            if !e2.date.is_month_precision() {
                by_day.entry((e2.date.first_day(), e2.kind)).or_default().push(out.events.len());
            }
            out.events.push(e2);
            event_files.push(vec![file.clone()]);
            added += 1;
        }
        let map_events = |v: &[Id]| {
            v.iter()
                .map(|i| events.get(i).cloned().unwrap_or_else(|| i.clone()))
                .collect::<Vec<_>>()
        };
        let mut local: HashMap<Id, Id> = HashMap::new();
        let mut taken_other: BTreeSet<Id> = out
            .findings
            .iter()
            .map(|f| f.id.clone())
            .chain(out.episodes.iter().map(|k| k.id.clone()))
            .chain(out.measures.iter().map(|m| m.id.clone()))
            .collect();
        let rename = |id: &Id, taken_other: &mut BTreeSet<Id>, local: &mut HashMap<Id, Id>| {
            let new = free_id(taken_other, id);
            taken_other.insert(new.clone());
            local.insert(id.clone(), new.clone());
            new
        };
        for f in &case.findings {
            let mut f2 = f.clone();
            f2.id = rename(&f.id, &mut taken_other, &mut local);
            f2.events = map_events(&f.events);
            out.findings.push(f2);
        }
        for k in &case.episodes {
            let mut k2 = k.clone();
            k2.id = rename(&k.id, &mut taken_other, &mut local);
            k2.events = map_events(&k.events);
            out.episodes.push(k2);
        }
        for x in &case.exceptions {
            let mut x2 = x.clone();
            x2.events = map_events(&x.events);
            out.exceptions.push(x2);
        }
        for m in &case.measures {
            let mut m2 = m.clone();
            m2.id = rename(&m.id, &mut taken_other, &mut local);
            m2.about = m
                .about
                .iter()
                .map(|a| local.get(a).cloned().unwrap_or_else(|| a.clone()))
                .collect();
            m2.responsible =
                m.responsible.as_ref().map(|r| ids.get(r).cloned().unwrap_or_else(|| r.clone()));
            out.measures.push(m2);
        }
        // The case period spans every file's.
        if case.case.opened.first_day() < out.case.opened.first_day() {
            out.case.opened = case.case.opened;
        }
        out.case.closed = match (out.case.closed, case.case.closed) {
            (Some(a), Some(b)) => Some(if b.last_day() > a.last_day() { b } else { a }),
            (a, b) => a.or(b),
        };
        report.files.push(FileSummary {
            file: file.clone(),
            events: added,
            duplicates: dups,
            people: case.people.len(),
            institutions: case.institutions.len(),
            staff: case.staff.len(),
        });
    }
    // Date order (story order), positions renumbered.
    let order: HashMap<Id, usize> =
        out.story_order().iter().enumerate().map(|(i, e)| (e.id.clone(), i)).collect();
    let mut events = std::mem::take(&mut out.events);
    events.sort_by_key(|e| order[&e.id]);
    for (i, e) in events.iter_mut().enumerate() {
        e.index = i;
    }
    out.events = events;
    report.events = out.events.len();
    Some((out, report))
}
