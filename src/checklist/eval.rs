//! Running a checklist over one case.
//!
//! Events are taken in date order (equal dates in list order). Dates are
//! intervals of days (a month-precision date stands for every day of its
//! month); every comparison is three-valued: a window holds when it holds for
//! every day of the intervals, fails when it holds for none, and is unknown
//! otherwise. The status rules are those of `checklist-afl-basis.md`.

use serde::Serialize;

use super::{
    ActorField, Checklist, Cond, Correlate, Item, Pair, PerChild, Period, Relation, Rule, Text,
    Window,
};
use crate::date::{Date, Day};
use crate::diag::Pos;
use crate::model::{Case, Event};
use crate::vocab::{EventKind, InstitutionKind, Mode, RecordedAs, Role, StaffPosition};

/// The status of an item (or of one activation) for one case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Met,
    NotMet,
    NotApplicable,
    Unknown,
    Excepted,
    Open,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Met,
        Status::NotMet,
        Status::NotApplicable,
        Status::Unknown,
        Status::Excepted,
        Status::Open,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::NotMet => "not_met",
            Status::NotApplicable => "not_applicable",
            Status::Unknown => "unknown",
            Status::Excepted => "excepted",
            Status::Open => "open",
        }
    }

    pub fn label_de(self) -> &'static str {
        match self {
            Status::Met => "erfüllt",
            Status::NotMet => "nicht erfüllt",
            Status::NotApplicable => "nicht einschlägig",
            Status::Unknown => "unklar",
            Status::Excepted => "begründete Ausnahme",
            Status::Open => "offene Frage",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::NotMet => "not met",
            Status::NotApplicable => "not applicable",
            Status::Unknown => "unknown",
            Status::Excepted => "excepted",
            Status::Open => "open",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.id() == text)
    }
}

/// An event as evidence: id, date and kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvRef<'a> {
    pub id: &'a str,
    pub date: Date,
    pub kind: EventKind,
}

/// One end of a period or stretch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Bound<'a> {
    Event(EvRef<'a>),
    /// The case end (`case.closed`, else the last event's date) when no event closes it.
    CaseEnd(Date),
}

/// Why an activation has its status; rendered in German or English by
/// [`super::render`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Detail<'a> {
    /// The target that fulfils the rule.
    Found { activation: EvRef<'a>, target: EvRef<'a> },
    /// No target in the window; `until`/`since` are the window's ends in
    /// dates (`until` is the deadline); `outside` is the event nearest to the
    /// window that would have qualified but lies outside it.
    Missing {
        activation: EvRef<'a>,
        since: Option<Date>,
        until: Option<Date>,
        outside: Option<EvRef<'a>>,
    },
    /// A child not covered by a target in the window.
    ChildMissing {
        activation: EvRef<'a>,
        child: &'a str,
        since: Option<Date>,
        until: Option<Date>,
        outside: Option<EvRef<'a>>,
    },
    /// Month-precision dates (or another uncertainty) do not settle it.
    Uncertain { activation: EvRef<'a>, candidate: Option<EvRef<'a>> },
    /// A negated template: a forbidden target exists.
    Forbidden { activation: EvRef<'a>, target: EvRef<'a> },
    /// A negated template: no forbidden target.
    NoneForbidden { activation: EvRef<'a> },
    /// The activating event does (not) fulfil the required condition.
    Condition { activation: EvRef<'a>, fact: Fact<'a> },
    /// A period and its longest stretch.
    Gap {
        open: EvRef<'a>,
        end: Bound<'a>,
        from: Bound<'a>,
        to: Bound<'a>,
        days: i32,
        certain: bool,
        limit: u32,
    },
    /// A case-level count (existence, absence).
    Count { found: usize, uncertain: usize, min: Option<u32>, max: Option<u32> },
}

/// What a condition found on the activating event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fact<'a> {
    /// Distinct staff in `by` and `with`, and the minimum.
    Staff { count: u32, min: u32 },
    /// The event's mode (absent when not recorded).
    Mode { mode: Option<Mode> },
    /// The latest matching earlier event that decided it.
    Latest { event: EvRef<'a>, holds: bool },
    /// Any other condition: whether it held.
    Holds(Tri),
}

/// One activation of an item: its event and status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Activation<'a> {
    /// The activating event; none for case-level rules.
    pub event: Option<&'a str>,
    pub status: Status,
    /// The events that decide it, in timeline order.
    pub evidence: Vec<&'a str>,
    pub details: Vec<Detail<'a>>,
    /// The documented reasons, when excepted.
    pub reasons: Vec<&'a str>,
    /// The item's `since` date when the activating event lies before it: the
    /// activation is judged by today's law.
    pub todays_law: Option<Date>,
    /// The activating event's timeline position.
    pub(crate) at: Option<usize>,
    /// The evidence as timeline positions (for merging in timeline order).
    pub(crate) order: Vec<usize>,
}

/// Why an item is `not_applicable`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotApplicable<'a> {
    /// Nothing activated it; the checklist's own one-line reason.
    Reason(&'a Text),
    /// Nothing activated it, and the checklist gives no reason: no event of
    /// these kinds (empty when the activation names no kind).
    NoEvent(Vec<EventKind>),
    /// The case records no staff member with one of these positions.
    NoStaff(&'a [StaffPosition]),
}

/// The result of one item for one case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemResult<'a> {
    pub id: &'a str,
    pub status: Status,
    pub activations: Vec<Activation<'a>>,
    /// Every event named by the activations, in timeline order, no repeats.
    pub evidence: Vec<&'a str>,
    /// The reasons of the exceptions applied.
    pub reasons: Vec<&'a str>,
    /// Why, when the status is `not_applicable`.
    pub not_applicable: Option<NotApplicable<'a>>,
}

/// A problem of the case file that only the checklist reveals.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CheckWarning<'a> {
    /// `exceptions[index].item` names an item the checklist does not have.
    UnknownItem { index: usize, pos: Pos, item: &'a str },
    /// `exceptions[index].events` names an event that is no activation of the item.
    NotAnActivation { index: usize, pos: Pos, item: &'a str, event: &'a str },
}

/// The results of a checklist for one case, in the checklist's item order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseResult<'a> {
    pub items: Vec<ItemResult<'a>>,
    pub warnings: Vec<CheckWarning<'a>>,
}

impl<'a> CaseResult<'a> {
    pub fn item(&self, id: &str) -> Option<&ItemResult<'a>> {
        self.items.iter().find(|i| i.id == id)
    }

    pub fn count(&self, status: Status) -> usize {
        self.items.iter().filter(|i| i.status == status).count()
    }
}

/// Three-valued truth.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tri {
    No,
    Maybe,
    Yes,
}

impl Tri {
    fn of(b: bool) -> Tri {
        if b { Tri::Yes } else { Tri::No }
    }

    fn and(self, other: Tri) -> Tri {
        self.min(other)
    }

    fn or(self, other: Tri) -> Tri {
        self.max(other)
    }

    fn not(self) -> Tri {
        match self {
            Tri::No => Tri::Yes,
            Tri::Maybe => Tri::Maybe,
            Tri::Yes => Tri::No,
        }
    }
}

/// Runs a checklist over a case.
pub fn evaluate<'a>(checklist: &'a Checklist, case: &'a Case) -> CaseResult<'a> {
    let ctx = Ctx::new(case);
    let mut items = Vec::with_capacity(checklist.items.len());
    let mut warnings = Vec::new();
    for item in &checklist.items {
        items.push(match &item.body {
            super::Body::Question(_) => ItemResult {
                id: &item.id,
                status: Status::Open,
                activations: Vec::new(),
                evidence: Vec::new(),
                reasons: Vec::new(),
                not_applicable: None,
            },
            super::Body::Rule(rule) => ctx.item(item, rule, &mut warnings),
        });
    }
    for (index, ex) in case.exceptions.iter().enumerate() {
        if checklist.item(&ex.item).is_none() {
            warnings.push(CheckWarning::UnknownItem { index, pos: ex.pos, item: &ex.item });
        }
    }
    warnings.sort_by_key(|w| match w {
        CheckWarning::UnknownItem { index, .. } | CheckWarning::NotAnActivation { index, .. } => {
            *index
        }
    });
    CaseResult { items, warnings }
}

/// An event with what the rules ask of it, computed once.
struct Ev<'c> {
    e: &'c Event,
    first: Day,
    last: Day,
    /// Distinct staff in `by` and `with`.
    staff: u32,
    /// The positions of the staff in `by` and `with`, as a bit mask by
    /// `StaffPosition` position.
    positions: u32,
    /// The roles of the people in `with`, as a bit mask by `Role` position.
    roles_with: u32,
    /// Indices into `Ctx::children` of the children named in `with`.
    children: Bits,
    /// Institutions (indices into `case.institutions`) named in by/to/with,
    /// directly or through staff.
    inst_by: Bits,
    inst_to: Bits,
    inst_with: Bits,
}

impl<'c> Ev<'c> {
    fn institutions(&self, field: ActorField) -> &Bits {
        match field {
            ActorField::By => &self.inst_by,
            ActorField::To => &self.inst_to,
            ActorField::With => &self.inst_with,
        }
    }

    fn evref(&self) -> EvRef<'c> {
        EvRef { id: &self.e.id, date: self.e.date, kind: self.e.kind }
    }
}

/// Whether a condition is a filter (absent fields do not match) or a
/// requirement (absent fields are unknown).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mood {
    Filter,
    Require,
}

struct Ctx<'c> {
    case: &'c Case,
    /// Timeline order: by first day, then list position.
    ev: Vec<Ev<'c>>,
    children: Vec<&'c str>,
    end: Date,
}

impl<'c> Ctx<'c> {
    fn new(case: &'c Case) -> Ctx<'c> {
        let entities = Lookup::new(case);
        let children: Vec<&str> = case.children().map(|p| p.id.as_str()).collect();
        let mut child_index = vec![None; case.people.len()];
        let mut n = 0u16;
        for (i, p) in case.people.iter().enumerate() {
            if p.role == Role::Child {
                child_index[i] = Some(n);
                n += 1;
            }
        }
        // Each staff member's institution, resolved once.
        let staff_institution: Vec<Option<u16>> = case
            .staff
            .iter()
            .map(|s| match s.institution.as_deref().and_then(|i| entities.get(i)) {
                Some(Ent::Institution(i)) => Some(i),
                _ => None,
            })
            .collect();
        let ev = case
            .timeline()
            .into_iter()
            .map(|e| {
                let mut staff = Bits::default();
                let mut kids = Bits::default();
                let mut roles_with = 0u32;
                let mut positions = 0u32;
                let mut inst = [Bits::default(), Bits::default(), Bits::default()];
                for (field, ids) in [&e.by, &e.to, &e.with].into_iter().enumerate() {
                    for id in ids {
                        match entities.get(id) {
                            Some(Ent::Institution(i)) => inst[field].insert(i),
                            Some(Ent::Staff(s)) => {
                                if field != 1 {
                                    staff.insert(s);
                                    if let Some(p) = case.staff[s as usize].position {
                                        positions |= 1 << (p as u32);
                                    }
                                }
                                if let Some(i) = staff_institution[s as usize] {
                                    inst[field].insert(i);
                                }
                            }
                            Some(Ent::Person(p)) if field == 2 => {
                                roles_with |= 1 << (case.people[p as usize].role as u32);
                                if let Some(c) = child_index[p as usize] {
                                    kids.insert(c);
                                }
                            }
                            Some(Ent::Person(_)) => {}
                            None => {}
                        }
                    }
                }
                let [inst_by, inst_to, inst_with] = inst;
                Ev {
                    e,
                    first: e.date.first_day(),
                    last: e.date.last_day(),
                    staff: staff.len() as u32,
                    positions,
                    roles_with,
                    children: kids,
                    inst_by,
                    inst_to,
                    inst_with,
                }
            })
            .collect();
        Ctx { case, ev, children, end: case.end() }
    }

    fn kind_of(&self, inst: u16) -> InstitutionKind {
        self.case.institutions[inst as usize].kind
    }

    /// Whether event `b` lies in `window` relative to event `a`.
    fn in_window(&self, a: usize, b: usize, window: Window) -> Tri {
        if a == b {
            return Tri::of(
                window.lo.is_none_or(|lo| lo <= 0) && window.hi.is_none_or(|hi| hi >= 0),
            );
        }
        let (a, b) = (&self.ev[a], &self.ev[b]);
        offset_in(b.first - a.last, b.last - a.first, window)
    }

    /// The index range of events that may lie in `window` around event `a`.
    fn candidates(&self, a: usize, window: Window) -> std::ops::Range<usize> {
        let ev = &self.ev[a];
        // A date spans at most 31 days, so nothing starting earlier can reach.
        let start = window.lo.map_or(0, |lo| {
            let from = ev.first + lo - 31;
            self.ev.partition_point(|b| b.first < from)
        });
        let end = window.hi.map_or(self.ev.len(), |hi| {
            let to = ev.last + hi;
            self.ev.partition_point(|b| b.first <= to)
        });
        start..end.max(start)
    }

    fn item(
        &self,
        item: &'c Item,
        rule: &'c Rule,
        warnings: &mut Vec<CheckWarning<'c>>,
    ) -> ItemResult<'c> {
        if let Some(needs) = &item.needs {
            let recorded = self
                .case
                .staff
                .iter()
                .any(|s| s.position.is_some_and(|p| needs.staff_position.contains(&p)));
            if !recorded {
                // Exceptions naming the item find no activation to apply to.
                self.unmatched_exceptions(item, &[], warnings);
                return ItemResult {
                    id: &item.id,
                    status: Status::NotApplicable,
                    activations: Vec::new(),
                    evidence: Vec::new(),
                    reasons: Vec::new(),
                    not_applicable: Some(NotApplicable::NoStaff(&needs.staff_position)),
                };
            }
        }
        let mut activations = match rule {
            Rule::Pair(pair) => self.pair(pair),
            Rule::Condition { activation, require } => self.condition(activation, require),
            Rule::Existence { target, min } => vec![self.count(target, Some(*min), None)],
            Rule::Absence { target, max } => vec![self.count(target, None, Some(*max))],
            Rule::Period(period) => self.periods(period),
        };
        if let Some(since) = item.since {
            for a in &mut activations {
                if a.at.is_some_and(|i| self.ev[i].first < since.first_day()) {
                    a.todays_law = Some(since);
                }
            }
        }
        self.unmatched_exceptions(item, &activations, warnings);
        // Exceptions.
        let mut reasons: Vec<&'c str> = Vec::new();
        for ex in self.case.exceptions.iter().filter(|x| x.item == item.id) {
            for a in &mut activations {
                let covered = ex.events.is_empty()
                    || a.event.is_some_and(|id| ex.events.iter().any(|e| e == id));
                if covered && matches!(a.status, Status::NotMet | Status::Unknown) {
                    a.status = Status::Excepted;
                }
                if covered && a.status == Status::Excepted {
                    a.reasons.push(&ex.reason);
                    if !reasons.contains(&ex.reason.as_str()) {
                        reasons.push(&ex.reason);
                    }
                }
            }
        }
        let has = |s: Status| activations.iter().any(|a| a.status == s);
        let status = if has(Status::NotMet) {
            Status::NotMet
        } else if has(Status::Unknown) {
            Status::Unknown
        } else if has(Status::Excepted) {
            Status::Excepted
        } else if !activations.is_empty() {
            Status::Met
        } else {
            Status::NotApplicable
        };
        if status != Status::Excepted {
            reasons.clear();
        }
        let mut order: Vec<usize> =
            activations.iter().flat_map(|a| a.order.iter().copied()).collect();
        order.sort_unstable();
        order.dedup();
        let evidence = order.into_iter().map(|i| self.ev[i].e.id.as_str()).collect();
        let not_applicable =
            (status == Status::NotApplicable).then(|| match &item.not_applicable {
                Some(text) => NotApplicable::Reason(text),
                None => NotApplicable::NoEvent(match rule {
                    Rule::Pair(p) => p.activation.kinds(),
                    Rule::Condition { activation, .. } => activation.kinds(),
                    Rule::Period(p) => p.open.kinds(),
                    Rule::Existence { .. } | Rule::Absence { .. } => Vec::new(),
                }),
            });
        ItemResult { id: &item.id, status, activations, evidence, reasons, not_applicable }
    }

    /// Warns about exceptions of the item that list an event which is no
    /// activation.
    fn unmatched_exceptions(
        &self,
        item: &'c Item,
        activations: &[Activation<'c>],
        warnings: &mut Vec<CheckWarning<'c>>,
    ) {
        for (index, ex) in
            self.case.exceptions.iter().enumerate().filter(|(_, x)| x.item == item.id)
        {
            for id in &ex.events {
                if !activations.iter().any(|a| a.event == Some(id.as_str())) {
                    warnings.push(CheckWarning::NotAnActivation {
                        index,
                        pos: ex.pos,
                        item: &item.id,
                        event: id,
                    });
                }
            }
        }
    }

    /// Evidence positions, sorted and unique, and their event ids.
    fn ids(&self, events: &[usize]) -> (Vec<&'c str>, Vec<usize>) {
        let mut sorted = events.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        (sorted.iter().map(|&i| self.ev[i].e.id.as_str()).collect(), sorted)
    }

    /// Events that activate a rule: `Yes`, or `Maybe` (only date-dependent
    /// conditions such as `preceded_by` can be unsure), with the events the
    /// activation condition itself named.
    fn activations(&self, cond: &Cond) -> Vec<(usize, Tri, Vec<usize>)> {
        let mut out = Vec::new();
        let mut found = Vec::new();
        for i in 0..self.ev.len() {
            found.clear();
            let t = self.cond(cond, i, Mood::Filter, &mut found);
            if t != Tri::No {
                out.push((i, t, found.clone()));
            }
        }
        out
    }

    fn pair(&self, pair: &Pair) -> Vec<Activation<'c>> {
        let mut out = Vec::new();
        let mut scratch = Vec::new();
        for (a, sure, mut evidence) in self.activations(&pair.activation) {
            evidence.push(a);
            let act = self.ev[a].evref();
            let range = self.candidates(a, pair.window);
            // Whether event b fulfils the target, correlated and in the window.
            let fits = |b: usize, scratch: &mut Vec<usize>| -> Tri {
                let w = self.in_window(a, b, pair.window);
                if w == Tri::No {
                    return Tri::No;
                }
                let c = pair.correlate.as_ref().map_or(Tri::Yes, |c| self.correlated(c, a, b));
                if c == Tri::No {
                    return Tri::No;
                }
                w.and(c).and(self.cond(&pair.target, b, Mood::Filter, scratch))
            };
            let (since, until) = self.window_dates(a, pair.window);
            let mut details = Vec::new();
            let mut status;
            if pair.template.negated() {
                let mut forbidden = None;
                let mut unsure = None;
                for b in range.clone() {
                    match fits(b, &mut scratch) {
                        Tri::Yes => {
                            forbidden = Some(b);
                            break;
                        }
                        Tri::Maybe if unsure.is_none() => unsure = Some(b),
                        _ => {}
                    }
                }
                status = if let Some(b) = forbidden {
                    evidence.push(b);
                    details.push(Detail::Forbidden { activation: act, target: self.ev[b].evref() });
                    Status::NotMet
                } else if let Some(b) = unsure {
                    evidence.push(b);
                    details.push(Detail::Uncertain {
                        activation: act,
                        candidate: Some(self.ev[b].evref()),
                    });
                    Status::Unknown
                } else {
                    details.push(Detail::NoneForbidden { activation: act });
                    Status::Met
                };
            } else {
                let children: Vec<Option<u16>> = match pair.per_child {
                    None => vec![None],
                    Some(PerChild::All) => (0..self.children.len() as u16).map(Some).collect(),
                    Some(PerChild::Concerned) if self.ev[a].children.is_empty() => {
                        (0..self.children.len() as u16).map(Some).collect()
                    }
                    Some(PerChild::Concerned) => self.ev[a].children.iter().map(Some).collect(),
                };
                let mut any_missing = false;
                let mut any_unsure = false;
                for child in children {
                    let mut met = None;
                    let mut unsure = None;
                    for b in range.clone() {
                        let covers = child.map_or(Tri::Yes, |c| Tri::of(self.covers(b, c)));
                        if covers == Tri::No {
                            continue;
                        }
                        match fits(b, &mut scratch) {
                            Tri::Yes => {
                                met = Some(b);
                                break;
                            }
                            Tri::Maybe if unsure.is_none() => unsure = Some(b),
                            _ => {}
                        }
                    }
                    if let Some(b) = met {
                        evidence.push(b);
                        details.push(Detail::Found {
                            activation: act.clone(),
                            target: self.ev[b].evref(),
                        });
                    } else if let Some(b) = unsure {
                        any_unsure = true;
                        evidence.push(b);
                        details.push(Detail::Uncertain {
                            activation: act.clone(),
                            candidate: Some(self.ev[b].evref()),
                        });
                    } else {
                        any_missing = true;
                        let outside = self.nearest_outside(a, pair, child);
                        evidence.extend(outside);
                        let outside = outside.map(|b| self.ev[b].evref());
                        details.push(match child {
                            None => {
                                Detail::Missing { activation: act.clone(), since, until, outside }
                            }
                            Some(c) => Detail::ChildMissing {
                                activation: act.clone(),
                                child: self.children[c as usize],
                                since,
                                until,
                                outside,
                            },
                        });
                    }
                }
                details.dedup();
                status = if any_missing {
                    Status::NotMet
                } else if any_unsure {
                    Status::Unknown
                } else {
                    Status::Met
                };
            }
            if let Some(req) = &pair.require {
                let (t, fact, decided) = self.require(req, a);
                evidence.extend(decided);
                if t != Tri::Yes || status != Status::Met {
                    details.push(Detail::Condition { activation: self.ev[a].evref(), fact });
                }
                status = combine(status, t);
            }
            if sure == Tri::Maybe && status != Status::Met {
                status = Status::Unknown;
            }
            let ids = self.ids(&evidence);
            out.push(Activation {
                event: Some(&self.ev[a].e.id),
                status,
                evidence: ids.0,
                details,
                reasons: Vec::new(),
                todays_law: None,
                at: Some(a),
                order: ids.1,
            });
        }
        out
    }

    /// Whether an `open` event dated on or before event `i` has no `close`
    /// event after it (timeline order) dated on or before `i`.
    fn pending(&self, open: &Cond, close: &Cond, i: usize, found: &mut Vec<usize>) -> Tri {
        let mut scratch = Vec::new();
        let on_or_before = |j: usize| {
            if j == i || self.ev[j].last <= self.ev[i].first {
                Tri::Yes
            } else if self.ev[j].first > self.ev[i].last {
                Tri::No
            } else {
                Tri::Maybe
            }
        };
        let mut any = Tri::No;
        let mut witness = None;
        for j in 0..self.ev.len() {
            let opened = on_or_before(j);
            if opened == Tri::No || self.cond(open, j, Mood::Filter, &mut scratch) != Tri::Yes {
                continue;
            }
            let mut closed = Tri::No;
            for k in j + 1..self.ev.len() {
                if self.ev[k].first > self.ev[i].last {
                    break;
                }
                if self.cond(close, k, Mood::Filter, &mut scratch) == Tri::Yes {
                    closed = closed.or(on_or_before(k));
                    if closed == Tri::Yes {
                        break;
                    }
                }
            }
            let t = opened.and(closed.not());
            if t > any {
                any = t;
                witness = Some(j);
            }
        }
        if any != Tri::No {
            found.extend(witness);
        }
        any
    }

    /// The dates of a window around event `a`: (since, until), `None` where unbounded.
    fn window_dates(&self, a: usize, window: Window) -> (Option<Date>, Option<Date>) {
        let d = self.ev[a].e.date;
        (window.lo.map(|lo| d.add_days(lo)), window.hi.map(|hi| d.add_days(hi)))
    }

    /// For a missing target: the event nearest to the window that would
    /// have qualified as its target (target condition, correlation and
    /// child) but lies outside it, on the side the window looks to: after
    /// the deadline for windows after the activation, before the start for
    /// windows before it, either side (a later one wins a tie) otherwise.
    /// Never an event that merely happened before the deadline.
    fn nearest_outside(&self, a: usize, pair: &Pair, child: Option<u16>) -> Option<usize> {
        let mut scratch = Vec::new();
        let (lo, hi) = (pair.window.lo, pair.window.hi);
        let (before, after) = match (lo, hi) {
            (Some(0), Some(0)) => (true, true),
            _ => (lo != Some(0), hi != Some(0)),
        };
        let start = lo.filter(|_| before).map(|lo| self.ev[a].first + lo);
        let end = hi.filter(|_| after).map(|hi| self.ev[a].last + hi);
        let mut best: Option<(i32, usize)> = None;
        for b in 0..self.ev.len() {
            let ev = &self.ev[b];
            let distance = match (start, end) {
                (Some(s), _) if ev.last < s => s - ev.last,
                (_, Some(e)) if ev.first > e => ev.first - e,
                _ => continue,
            };
            if best.is_some_and(|(d, _)| distance > d) {
                continue;
            }
            let qualifies = child.is_none_or(|c| self.covers(b, c))
                && pair.correlate.as_ref().is_none_or(|c| self.correlated(c, a, b) == Tri::Yes)
                && self.cond(&pair.target, b, Mood::Filter, &mut scratch) == Tri::Yes;
            if qualifies {
                best = Some((distance, b));
            }
        }
        best.map(|(_, b)| b)
    }

    /// Whether event `b` covers child `c` (a child-seen event covers the
    /// children in its `with`, or every child when it names none).
    fn covers(&self, b: usize, c: u16) -> bool {
        let kids = &self.ev[b].children;
        kids.is_empty() || kids.contains(c)
    }

    fn correlated(&self, c: &Correlate, a: usize, b: usize) -> Tri {
        let keep = |i: &u16| c.kinds.is_empty() || c.kinds.contains(&self.kind_of(*i));
        let mine = self.ev[a].institutions(c.activation);
        let theirs = self.ev[b].institutions(c.target);
        Tri::of(match c.relation {
            Relation::SameInstitution => mine.iter().filter(keep).any(|i| theirs.contains(i)),
            Relation::OtherInstitution => {
                theirs.iter().filter(keep).any(|i| !(mine.contains(i) && keep(&i)))
            }
        })
    }

    /// Evaluates a requirement on the activating event: its truth, what it
    /// found, and the events that decided it.
    fn require(&self, req: &Cond, a: usize) -> (Tri, Fact<'c>, Vec<usize>) {
        let mut decided = Vec::new();
        let t = self.cond(req, a, Mood::Require, &mut decided);
        let e = &self.ev[a];
        let fact = match req {
            Cond::MinStaff(min) => Fact::Staff { count: e.staff, min: *min },
            Cond::Mode(_) => Fact::Mode { mode: e.e.mode },
            Cond::LatestBefore { .. } if !decided.is_empty() => {
                Fact::Latest { event: self.ev[decided[0]].evref(), holds: t == Tri::Yes }
            }
            _ => Fact::Holds(t),
        };
        (t, fact, decided)
    }

    fn condition(&self, activation: &Cond, require: &Cond) -> Vec<Activation<'c>> {
        self.activations(activation)
            .into_iter()
            .map(|(a, sure, mut evidence)| {
                evidence.push(a);
                let (t, fact, decided) = self.require(require, a);
                evidence.extend(decided);
                let mut status = combine(Status::Met, t);
                if sure == Tri::Maybe && status != Status::Met {
                    status = Status::Unknown;
                }
                let ids = self.ids(&evidence);
                Activation {
                    event: Some(&self.ev[a].e.id),
                    status,
                    evidence: ids.0,
                    details: vec![Detail::Condition { activation: self.ev[a].evref(), fact }],
                    reasons: Vec::new(),
                    todays_law: None,
                    at: Some(a),
                    order: ids.1,
                }
            })
            .collect()
    }

    fn count(&self, target: &Cond, min: Option<u32>, max: Option<u32>) -> Activation<'c> {
        let mut scratch = Vec::new();
        let (mut yes, mut maybe) = (Vec::new(), Vec::new());
        for b in 0..self.ev.len() {
            match self.cond(target, b, Mood::Filter, &mut scratch) {
                Tri::Yes => yes.push(b),
                Tri::Maybe => maybe.push(b),
                Tri::No => {}
            }
        }
        let (y, m) = (yes.len(), maybe.len());
        let status = match (min, max) {
            (Some(min), _) if y >= min as usize => Status::Met,
            (Some(min), _) if y + m < min as usize => Status::NotMet,
            (Some(_), _) => Status::Unknown,
            (None, Some(max)) if y > max as usize => Status::NotMet,
            (None, Some(max)) if y + m <= max as usize => Status::Met,
            _ => Status::Unknown,
        };
        yes.extend(maybe);
        let ids = self.ids(&yes);
        Activation {
            event: None,
            status,
            evidence: ids.0,
            details: vec![Detail::Count { found: y, uncertain: m, min, max }],
            reasons: Vec::new(),
            todays_law: None,
            at: None,
            order: ids.1,
        }
    }

    fn periods(&self, period: &Period) -> Vec<Activation<'c>> {
        let mut out = Vec::new();
        let mut scratch = Vec::new();
        let is =
            |c: &Cond, i: usize, s: &mut Vec<usize>| self.cond(c, i, Mood::Filter, s) == Tri::Yes;
        // Timeline index of the running period's closing event (len = open to the end).
        let mut running_until: Option<usize> = None;
        for open in 0..self.ev.len() {
            if !is(&period.open, open, &mut scratch) {
                continue;
            }
            if !period.overlapping && running_until.is_some_and(|end| open < end) {
                continue;
            }
            if period.once && running_until.is_some() {
                break;
            }
            let close = (open + 1..self.ev.len()).find(|&j| is(&period.close, j, &mut scratch));
            // The case end closes it when no event does, or when it comes first.
            let end_bound = match close {
                Some(j) if self.ev[j].first <= self.end.first_day() => {
                    Bound::Event(self.ev[j].evref())
                }
                _ => Bound::CaseEnd(self.end),
            };
            let (end_first, end_last, end_index) = match (&end_bound, close) {
                (Bound::Event(_), Some(j)) => (self.ev[j].first, self.ev[j].last, j),
                _ => (self.end.first_day(), self.end.last_day(), self.ev.len()),
            };
            running_until = Some(end_index);
            // Points: (first, last, event index or None for the end, pausing?, resuming?)
            // A resuming event is a point only while a pause runs.
            let mut points: Vec<(Day, Day, Option<usize>, bool, bool)> =
                vec![(self.ev[open].first, self.ev[open].last, Some(open), false, false)];
            let mut pausing = false;
            for k in open + 1..end_index.min(self.ev.len()) {
                if self.ev[k].first > end_last {
                    break;
                }
                let pause = period.pause.as_ref().is_some_and(|c| is(c, k, &mut scratch));
                let resume = !pause
                    && pausing
                    && period.resume.as_ref().is_some_and(|c| is(c, k, &mut scratch));
                if pause {
                    pausing = true;
                } else if resume {
                    pausing = false;
                }
                if pause || resume || is(&period.points, k, &mut scratch) {
                    points.push((self.ev[k].first, self.ev[k].last, Some(k), pause, resume));
                }
            }
            let end_event = match end_bound {
                Bound::Event(_) => Some(end_index),
                Bound::CaseEnd(_) => None,
            };
            points.push((end_first, end_last, end_event, false, false));
            // Stretches.
            let mut paused = false;
            let mut worst_certain: Option<(i32, usize)> = None;
            let mut worst_possible: Option<(i32, usize)> = None;
            for (n, pair) in points.windows(2).enumerate() {
                let (p, q) = (pair[0], pair[1]);
                if p.3 {
                    paused = true;
                } else if p.4 {
                    paused = false;
                }
                if paused {
                    continue;
                }
                let min_len = (q.0 - p.1).max(0);
                let max_len = (q.1 - p.0).max(0);
                if worst_certain.is_none_or(|(d, _)| min_len > d) {
                    worst_certain = Some((min_len, n));
                }
                if worst_possible.is_none_or(|(d, _)| max_len > d) {
                    worst_possible = Some((max_len, n));
                }
            }
            let limit = period.max_gap as i32;
            let (status, (days, n), certain) = match (worst_certain, worst_possible) {
                (Some(c), _) if c.0 > limit => (Status::NotMet, c, true),
                (_, Some(p)) if p.0 > limit => (Status::Unknown, p, false),
                (Some(c), Some(p)) => (Status::Met, if c.0 == p.0 { c } else { p }, c.0 == p.0),
                _ => (Status::Met, (0, 0), true),
            };
            let bound = |pt: (Day, Day, Option<usize>, bool, bool)| match pt.2 {
                Some(i) => Bound::Event(self.ev[i].evref()),
                None => Bound::CaseEnd(self.end),
            };
            let from = bound(points[n]);
            let to = bound(points[(n + 1).min(points.len() - 1)]);
            // The opening and closing events, and the two around the longest stretch.
            let mut evidence = vec![open];
            evidence.extend(end_event);
            evidence.extend(points[n].2);
            evidence.extend(points[(n + 1).min(points.len() - 1)].2);
            let ids = self.ids(&evidence);
            out.push(Activation {
                event: Some(&self.ev[open].e.id),
                status,
                evidence: ids.0,
                details: vec![Detail::Gap {
                    open: self.ev[open].evref(),
                    end: end_bound,
                    from,
                    to,
                    days,
                    certain,
                    limit: period.max_gap,
                }],
                reasons: Vec::new(),
                todays_law: None,
                at: Some(open),
                order: ids.1,
            });
        }
        out
    }

    /// Evaluates a condition on event `i`. Events that decided a nested
    /// condition (`preceded_by`, `latest_before`) are pushed to `found`.
    fn cond(&self, cond: &Cond, i: usize, mood: Mood, found: &mut Vec<usize>) -> Tri {
        let ev = &self.ev[i];
        let e = ev.e;
        let absent = match mood {
            Mood::Filter => Tri::No,
            Mood::Require => Tri::Maybe,
        };
        let flag = |v: Option<bool>, want: bool| match v {
            Some(v) => Tri::of(v == want),
            None if mood == Mood::Filter => Tri::of(!want),
            None => Tri::Maybe,
        };
        match cond {
            Cond::True => Tri::Yes,
            Cond::Kind(ks) => Tri::of(ks.contains(&e.kind)),
            Cond::Result(rs) => e.result.map_or(absent, |r| Tri::of(rs.contains(&r))),
            Cond::Concerns(cs) if e.concerns.is_empty() => absent,
            Cond::Concerns(cs) => Tri::of(e.concerns.iter().any(|c| cs.contains(c))),
            Cond::Mode(ms) => e.mode.map_or(absent, |m| Tri::of(ms.contains(&m))),
            Cond::Consent(want) => e.consent.map_or(absent, |v| Tri::of(v == *want)),
            Cond::ChildSeen(want) => flag(e.child_seen, *want),
            Cond::ChildSeenAlone(want) => flag(e.child_seen_alone, *want),
            Cond::HomeSeen(want) => flag(e.home_seen, *want),
            Cond::Reporter(want) => Tri::of(ev.inst_by.is_empty() != *want),
            Cond::ActorKind(field, ks) => {
                Tri::of(ev.institutions(*field).iter().any(|i| ks.contains(&self.kind_of(i))))
            }
            Cond::StaffPosition(ps) => {
                Tri::of(ps.iter().any(|p| ev.positions & (1 << (*p as u32)) != 0))
            }
            Cond::Advice(advice) => Tri::of(e.advice.iter().any(|a| advice.contains(a))),
            Cond::RecordedAs(rs) => {
                Tri::of(rs.contains(&e.recorded_as.unwrap_or(RecordedAs::Report)))
            }
            Cond::Pending { open, close } => self.pending(open, close, i, found),
            Cond::MinStaff(n) => Tri::of(ev.staff >= *n),
            Cond::ParentPresent(want) => Tri::of((ev.roles_with & PARENTS != 0) == *want),
            Cond::WithRole(roles) => {
                Tri::of(roles.iter().any(|r| ev.roles_with & (1 << (*r as u32)) != 0))
            }
            Cond::All(cs) => {
                let mut t = Tri::Yes;
                for c in cs {
                    t = t.and(self.cond(c, i, mood, found));
                    if t == Tri::No {
                        break;
                    }
                }
                t
            }
            Cond::Any(cs) => {
                let mut t = Tri::No;
                for c in cs {
                    t = t.or(self.cond(c, i, mood, found));
                    if t == Tri::Yes {
                        break;
                    }
                }
                t
            }
            Cond::Not(c) => self.cond(c, i, mood, found).not(),
            Cond::PrecededBy { matches, within, min, correlate } => {
                let window = Window { lo: within.map(|w| -(w as i32)), hi: Some(0) };
                let (mut yes, mut maybe) = (Vec::new(), 0usize);
                let mut scratch = Vec::new();
                for j in (0..i).rev() {
                    // Sorted by first day; a date spans at most 31 days.
                    if window.lo.is_some_and(|lo| self.ev[j].first + 31 < ev.first + lo) {
                        break;
                    }
                    let mut t = self.in_window(i, j, window);
                    if t == Tri::No {
                        continue;
                    }
                    if let Some(c) = correlate {
                        t = t.and(self.correlated(c, i, j));
                    }
                    if t != Tri::No {
                        t = t.and(self.cond(matches, j, Mood::Filter, &mut scratch));
                    }
                    match t {
                        Tri::Yes => yes.push(j),
                        Tri::Maybe => maybe += 1,
                        Tri::No => {}
                    }
                }
                let min = *min as usize;
                if yes.len() >= min {
                    found.extend(yes.iter().take(min.max(1)));
                    Tri::Yes
                } else if yes.len() + maybe >= min {
                    Tri::Maybe
                } else {
                    Tri::No
                }
            }
            Cond::LatestBefore { matches, is } => {
                let mut scratch = Vec::new();
                // Certainly on or before: last day of j ≤ first day of i.
                let mut latest = None;
                let mut unsure = Vec::new();
                for j in 0..self.ev.len() {
                    let other = &self.ev[j];
                    let before = if j == i || other.last <= ev.first {
                        Tri::Yes
                    } else if other.first > ev.last {
                        Tri::No
                    } else {
                        Tri::Maybe
                    };
                    if before == Tri::No
                        || self.cond(matches, j, Mood::Filter, &mut scratch) == Tri::No
                    {
                        continue;
                    }
                    if before == Tri::Yes {
                        latest = Some(j);
                        unsure.retain(|&u| u > j);
                    } else {
                        unsure.push(j);
                    }
                }
                let t = latest.map_or(Tri::Yes, |j| self.cond(is, j, mood, &mut scratch));
                if let Some(j) = latest {
                    found.push(j);
                }
                if unsure.iter().any(|&u| self.cond(is, u, mood, &mut scratch) != t) {
                    Tri::Maybe
                } else {
                    t
                }
            }
        }
    }
}

/// The parents in the sense of the rules, as a mask over `Role` positions.
const PARENTS: u32 = (1 << Role::Mother as u32)
    | (1 << Role::Father as u32)
    | (1 << Role::StepParent as u32)
    | (1 << Role::FosterParent as u32);

/// A small set of indices (children, institutions, staff of one event):
/// a bit mask, with a list for the rare index beyond it. No allocation in
/// the common case.
#[derive(Clone, Debug, Default)]
struct Bits {
    low: u128,
    high: Vec<u16>,
}

impl Bits {
    fn insert(&mut self, i: u16) {
        if i < 128 {
            self.low |= 1 << i;
        } else if !self.high.contains(&i) {
            self.high.push(i);
        }
    }

    fn contains(&self, i: u16) -> bool {
        if i < 128 { self.low & (1 << i) != 0 } else { self.high.contains(&i) }
    }

    fn is_empty(&self) -> bool {
        self.low == 0 && self.high.is_empty()
    }

    fn len(&self) -> usize {
        self.low.count_ones() as usize + self.high.len()
    }

    fn iter(&self) -> impl Iterator<Item = u16> + '_ {
        let mut mask = self.low;
        std::iter::from_fn(move || {
            (mask != 0).then(|| {
                let i = mask.trailing_zeros() as u16;
                mask &= mask - 1;
                i
            })
        })
        .chain(self.high.iter().copied())
    }
}

/// What an id names, by position in its section.
#[derive(Clone, Copy)]
enum Ent {
    Person(u16),
    Institution(u16),
    Staff(u16),
}

/// Ids of people, institutions and staff, sorted for binary search (cheaper
/// than hashing for the few dozen ids of a case).
struct Lookup<'c>(Vec<(&'c str, Ent)>);

impl<'c> Lookup<'c> {
    fn new(case: &'c Case) -> Lookup<'c> {
        let mut v: Vec<(&str, Ent)> =
            Vec::with_capacity(case.people.len() + case.institutions.len() + case.staff.len());
        v.extend(
            case.people.iter().enumerate().map(|(i, p)| (p.id.as_str(), Ent::Person(i as u16))),
        );
        v.extend(
            case.institutions
                .iter()
                .enumerate()
                .map(|(i, x)| (x.id.as_str(), Ent::Institution(i as u16))),
        );
        v.extend(case.staff.iter().enumerate().map(|(i, s)| (s.id.as_str(), Ent::Staff(i as u16))));
        v.sort_unstable_by_key(|(id, _)| *id);
        Lookup(v)
    }

    fn get(&self, id: &str) -> Option<Ent> {
        self.0.binary_search_by(|(k, _)| (*k).cmp(id)).ok().map(|i| self.0[i].1)
    }
}

/// Whether an offset in days between `lo_diff` and `hi_diff` (the smallest
/// and largest possible) lies in the window.
fn offset_in(min_diff: i32, max_diff: i32, window: Window) -> Tri {
    let never =
        window.lo.is_some_and(|lo| max_diff < lo) || window.hi.is_some_and(|hi| min_diff > hi);
    if never {
        return Tri::No;
    }
    let always =
        window.lo.is_none_or(|lo| min_diff >= lo) && window.hi.is_none_or(|hi| max_diff <= hi);
    if always { Tri::Yes } else { Tri::Maybe }
}

/// An activation's status after a further requirement.
fn combine(status: Status, t: Tri) -> Status {
    match (status, t) {
        (Status::NotMet, _) | (_, Tri::No) => Status::NotMet,
        (Status::Unknown, _) | (_, Tri::Maybe) => Status::Unknown,
        _ => status,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parent_mask_matches_the_vocabulary() {
        for e in <Role as crate::vocab::Vocabulary>::entries() {
            assert_eq!(PARENTS & (1 << e.value as u32) != 0, e.value.is_parent(), "{}", e.id);
        }
    }

    #[test]
    fn windows_are_three_valued() {
        let after3 = Window { lo: Some(0), hi: Some(3) };
        assert_eq!(offset_in(2, 2, after3), Tri::Yes);
        assert_eq!(offset_in(3, 3, after3), Tri::Yes);
        assert_eq!(offset_in(4, 4, after3), Tri::No);
        assert_eq!(offset_in(-1, -1, after3), Tri::No);
        assert_eq!(offset_in(-30, 30, after3), Tri::Maybe);
        assert_eq!(offset_in(0, 40, Window { lo: Some(0), hi: None }), Tri::Yes);
    }
}
