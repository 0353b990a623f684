//! Checklists: structured rules run over a case timeline, item by item, with
//! evidence; and guided questions for the workshop.
//!
//! A checklist is data ([`parse`] reads the YAML format documented in
//! `docs/checklists.md`); the rule vocabulary is modelled on the DECLARE
//! templates of declarative process mining (response, precedence, responded
//! existence, existence, absence, not-coexistence ...) extended by what a case
//! review needs: time windows, conditions on both events, correlation of
//! institutions, per-child coverage, periods with their longest gap, and
//! counting in a sliding window. [`eval`] runs a checklist over a case.
//!
//! The built-in checklist `afl-basis` (`checklist/afl-basis.yaml`) is
//! written in the same vocabulary and embedded in the binary.

use std::fmt;

use serde::Serialize;

use crate::date::Date;
use crate::lang::Lang;
use crate::vocab::{
    Advice, AssessmentResult, Concern, EventKind, Factor, InstitutionKind, Mode, RecordedAs, Role,
    StaffPosition,
};

pub mod eval;
pub mod parse;
pub mod render;

pub use eval::{Activation, CaseResult, ItemResult, Status, evaluate};
pub use parse::{LintError, parse};

/// The format marker of a checklist file.
pub const FORMAT: &str = "lernfall-checklist/1";

/// The YAML source of the built-in checklist `afl-basis`.
pub const AFL_BASIS: &str = include_str!("checklist/afl-basis.yaml");

/// The YAML source of the built-in checklist `afl-erweitert` (afl-basis
/// plus K17–K30, what inquiries into child deaths found).
pub const AFL_ERWEITERT: &str = include_str!("checklist/afl-erweitert.yaml");

/// The names of the built-in checklists.
pub const BUILTIN: &[&str] = &["afl-basis", "afl-erweitert"];

/// The source of a built-in checklist.
pub fn builtin_source(name: &str) -> Option<&'static str> {
    match name {
        "afl-basis" => Some(AFL_BASIS),
        "afl-erweitert" => Some(AFL_ERWEITERT),
        _ => None,
    }
}

/// The built-in checklist `afl-basis`, parsed.
pub fn afl_basis() -> Checklist {
    // The embedded file is tested to parse; a failure here is a build defect.
    parse(AFL_BASIS).unwrap_or_else(|e| panic!("built-in checklist afl-basis is invalid: {e:?}"))
}

/// Every built-in checklist, parsed once per process.
pub fn builtin() -> &'static [Checklist] {
    static LISTS: std::sync::OnceLock<Vec<Checklist>> = std::sync::OnceLock::new();
    LISTS.get_or_init(|| {
        BUILTIN
            .iter()
            .map(|name| {
                let source = builtin_source(name).expect("listed built-in checklist");
                parse(source)
                    .unwrap_or_else(|e| panic!("built-in checklist {name} is invalid: {e:?}"))
            })
            .collect()
    })
}

/// A text in German and English.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Text {
    pub de: String,
    pub en: String,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::De => &self.de,
            Lang::En => &self.en,
        }
    }
}

/// A checklist: automatic items and guided questions.
#[derive(Clone, Debug, PartialEq)]
pub struct Checklist {
    pub id: String,
    pub title: Text,
    pub description: Option<Text>,
    pub items: Vec<Item>,
}

impl Checklist {
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }

    /// The items evaluated automatically.
    pub fn rules(&self) -> impl Iterator<Item = (&Item, &Rule)> {
        self.items.iter().filter_map(|i| match &i.body {
            Body::Rule(r) => Some((i, r.as_ref())),
            Body::Question(_) => None,
        })
    }

    /// The guided questions.
    pub fn questions(&self) -> impl Iterator<Item = (&Item, &Text)> {
        self.items.iter().filter_map(|i| match &i.body {
            Body::Question(q) => Some((i, q)),
            Body::Rule(_) => None,
        })
    }
}

/// One item: a rule, or a guided question.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub id: String,
    pub title: Text,
    /// The contributory factor the item belongs to.
    pub category: Factor,
    /// The norm or standard behind the item (free text, e.g. `§ 8a Abs. 1 SGB VIII`).
    pub basis: Option<String>,
    /// The date from which the duty exists in law: activations before it are
    /// judged by today's law, and outputs say so.
    pub since: Option<Date>,
    /// Why the item is `not_applicable` when nothing activates it (one line).
    pub not_applicable: Option<Text>,
    /// What the case must record for the item to apply at all.
    pub needs: Option<Needs>,
    pub body: Body,
}

/// What a case must record for an item to apply; a case without it gets
/// `not_applicable` with a reason naming the missing field.
#[derive(Clone, Debug, PartialEq)]
pub struct Needs {
    /// A staff member with one of these positions (`staff.position`).
    pub staff_position: Vec<StaffPosition>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Body {
    Rule(Box<Rule>),
    /// A guided question (status `open`), never evaluated.
    Question(Text),
}

/// A rule: one of the templates.
#[derive(Clone, Debug, PartialEq)]
pub enum Rule {
    /// Two events: for each activation, whether a target lies in a window
    /// (response, precedence, responded existence and their negations).
    Pair(Pair),
    /// For each activation, whether the activating event itself fulfils a
    /// condition.
    Condition { activation: Cond, require: Cond },
    /// The case as a whole: at least `min` events that match.
    Existence { target: Cond, min: u32 },
    /// The case as a whole: at most `max` events that match.
    Absence { target: Cond, max: u32 },
    /// Periods between an opening and a closing event, and their longest
    /// stretch without a qualifying event.
    Period(Period),
}

impl Rule {
    /// The template name as written in checklist files.
    pub fn template(&self) -> &'static str {
        match self {
            Rule::Pair(p) => p.template.name(),
            Rule::Condition { .. } => "condition",
            Rule::Existence { .. } => "existence",
            Rule::Absence { .. } => "absence",
            Rule::Period(_) => "period",
        }
    }
}

/// The two-event templates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PairTemplate {
    /// A target within the window after each activation.
    Response,
    /// A target within the window before each activation.
    Precedence,
    /// A target within the window before or after (anywhere without one).
    RespondedExistence,
    /// No target within the window after.
    NotResponse,
    /// No target within the window before.
    NotPrecedence,
    /// No target anywhere in the case (or within the window either side).
    NotCoexistence,
}

impl PairTemplate {
    pub const ALL: [PairTemplate; 6] = [
        PairTemplate::Response,
        PairTemplate::Precedence,
        PairTemplate::RespondedExistence,
        PairTemplate::NotResponse,
        PairTemplate::NotPrecedence,
        PairTemplate::NotCoexistence,
    ];

    pub fn name(self) -> &'static str {
        match self {
            PairTemplate::Response => "response",
            PairTemplate::Precedence => "precedence",
            PairTemplate::RespondedExistence => "responded_existence",
            PairTemplate::NotResponse => "not_response",
            PairTemplate::NotPrecedence => "not_precedence",
            PairTemplate::NotCoexistence => "not_coexistence",
        }
    }

    /// Whether the template forbids the target instead of requiring it.
    pub fn negated(self) -> bool {
        matches!(
            self,
            PairTemplate::NotResponse | PairTemplate::NotPrecedence | PairTemplate::NotCoexistence
        )
    }

    /// The window for `within: N` days (or none given).
    pub fn window(self, within: Option<u32>) -> Window {
        let n = within.map(|n| n as i32);
        match self {
            PairTemplate::Response | PairTemplate::NotResponse => Window { lo: Some(0), hi: n },
            PairTemplate::Precedence | PairTemplate::NotPrecedence => {
                Window { lo: n.map(|n| -n), hi: Some(0) }
            }
            PairTemplate::RespondedExistence | PairTemplate::NotCoexistence => {
                Window { lo: n.map(|n| -n), hi: n }
            }
        }
    }
}

/// A rule over pairs of events.
#[derive(Clone, Debug, PartialEq)]
pub struct Pair {
    pub template: PairTemplate,
    /// Which events activate the rule.
    pub activation: Cond,
    /// Which events fulfil (or, negated, violate) it.
    pub target: Cond,
    /// Where the target must lie, in days relative to the activation.
    pub window: Window,
    /// Each of these children must be covered by its own target.
    pub per_child: Option<PerChild>,
    /// How target and activation must be related.
    pub correlate: Option<Correlate>,
    /// A further condition on the activating event (evaluated like
    /// [`Rule::Condition`]'s `require`).
    pub require: Option<Cond>,
}

/// Day offsets of the target relative to the activating event; `None` is
/// unbounded. Both ends inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub lo: Option<i32>,
    pub hi: Option<i32>,
}

/// Which children a per-child rule needs covered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PerChild {
    /// The children named in the activation's `with`, else every child.
    Concerned,
    /// Every child of the case.
    All,
}

/// An actor field of an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActorField {
    By,
    To,
    With,
}

impl ActorField {
    pub fn name(self) -> &'static str {
        match self {
            ActorField::By => "by",
            ActorField::To => "to",
            ActorField::With => "with",
        }
    }
}

/// Correlation between the institutions two events name (directly or through
/// their staff).
#[derive(Clone, Debug, PartialEq)]
pub struct Correlate {
    /// The field of the activating event.
    pub activation: ActorField,
    /// The field of the other event (target, or the earlier event of `preceded_by`).
    pub target: ActorField,
    pub relation: Relation,
    /// Only institutions of these kinds count (all when empty).
    pub kinds: Vec<InstitutionKind>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    /// Both name a common institution.
    SameInstitution,
    /// The other event names an institution the activating one does not.
    OtherInstitution,
}

/// A period rule (K11, K12).
#[derive(Clone, Debug, PartialEq)]
pub struct Period {
    /// Events that open a period.
    pub open: Cond,
    /// The first later event that matches closes it; else the case end.
    pub close: Cond,
    /// Events whose dates inside the period are points.
    pub points: Cond,
    /// The longest allowed stretch between consecutive points, in days.
    pub max_gap: u32,
    /// Events that pause the period (stretches from them do not count) ...
    pub pause: Option<Cond>,
    /// ... until one of these. A resuming event is a point only while a
    /// pause runs (the first one after each pausing event).
    pub resume: Option<Cond>,
    /// Whether an opening event inside a running period opens its own period
    /// (true for helps, false for risk periods).
    pub overlapping: bool,
    /// Only the first opening event of the case opens a period.
    pub once: bool,
}

/// A condition on one event. Several keys in one mapping must all hold.
#[derive(Clone, Debug, PartialEq)]
pub enum Cond {
    /// Always true (an empty mapping).
    True,
    Kind(Vec<EventKind>),
    Result(Vec<AssessmentResult>),
    /// At least one of the concerns.
    Concerns(Vec<Concern>),
    Mode(Vec<Mode>),
    Consent(bool),
    ChildSeen(bool),
    ChildSeenAlone(bool),
    HomeSeen(bool),
    /// The event names (or does not name) a reporter institution in `by`.
    Reporter(bool),
    /// The field names an institution of one of these kinds, directly or
    /// through a staff member (`by_kind`, `to_kind`, `with_kind`;
    /// `reporter_kind` is `by_kind`).
    ActorKind(ActorField, Vec<InstitutionKind>),
    /// `by` or `with` names a staff member with one of these positions.
    StaffPosition(Vec<StaffPosition>),
    /// The event's `advice` contains one of these.
    Advice(Vec<Advice>),
    /// How a report was recorded (absent counts as `report`).
    RecordedAs(Vec<RecordedAs>),
    /// At least this many distinct staff in `by` and `with`.
    MinStaff(u32),
    /// A parent (mother, father, step-parent, foster parent) in `with`.
    ParentPresent(bool),
    /// A person of one of these roles in `with`.
    WithRole(Vec<Role>),
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
    /// At least `min` earlier events (timeline order) that match, within
    /// `within` days before.
    PrecededBy {
        matches: Box<Cond>,
        within: Option<u32>,
        min: u32,
        correlate: Option<Correlate>,
    },
    /// The latest event dated on or before this one that matches `matches`
    /// fulfils `is` (true when there is none).
    LatestBefore {
        matches: Box<Cond>,
        is: Box<Cond>,
    },
    /// Something is pending at this event's date: an `open` event dated on or
    /// before it with no `close` event after that one and on or before it
    /// (a pending court application).
    Pending {
        open: Box<Cond>,
        close: Box<Cond>,
    },
}

impl Cond {
    /// The event kinds a condition requires, if it names any (for labels).
    pub fn kinds(&self) -> Vec<EventKind> {
        let mut out = Vec::new();
        self.collect_kinds(&mut out);
        out
    }

    fn collect_kinds(&self, out: &mut Vec<EventKind>) {
        match self {
            Cond::Kind(ks) => {
                for k in ks {
                    if !out.contains(k) {
                        out.push(*k);
                    }
                }
            }
            Cond::All(cs) => {
                // The first conjunct that names kinds decides.
                if let Some(c) = cs.iter().find(|c| !c.kinds().is_empty()) {
                    c.collect_kinds(out);
                }
            }
            Cond::Any(cs) => cs.iter().for_each(|c| c.collect_kinds(out)),
            _ => {}
        }
    }
}

impl fmt::Display for Window {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.lo, self.hi) {
            (Some(lo), Some(hi)) => write!(f, "[{lo}, {hi}]"),
            (Some(lo), None) => write!(f, "[{lo}, …)"),
            (None, Some(hi)) => write!(f, "(…, {hi}]"),
            (None, None) => write!(f, "(…)"),
        }
    }
}
