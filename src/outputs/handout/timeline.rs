//! The handout's swimlane timeline, laid out before it is drawn so that the
//! layout can be checked: a date axis with months and years; the key
//! episodes as bars above the lanes; one lane per institution plus one for
//! the family, each event a numbered marker in the lane of `by` and a ghost
//! marker in the lane of each `to`; markers that would touch are stacked
//! into further rows of their lane, so no two ever overlap; per child a
//! strip of the events that saw the child (coloured by who saw it) and the
//! stretches in between with their length; and, for each child-contact
//! item not met (K11), the stretch it found, named. The numbers are those of
//! the event table under the figure.
//!
//! Sizes are in SVG units of a figure [`WIDTH`] units wide, printed 180 mm
//! wide on A4 portrait (wider in landscape): one unit is 0.265 mm, so the
//! smallest text, [`MIN_FONT`] units, prints at 8.2 pt.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use crate::checklist::eval::{Bound, Detail};
use crate::checklist::{Body, CaseResult, Checklist, Cond, Rule, Status};
use crate::date::Day;
use crate::export::escape_markup as esc;
use crate::lang::Lang;
use crate::model::{Case, Entity, Event};
use crate::vocab::{InstitutionKind, Role, Vocabulary};

/// The width of the figure in SVG units.
pub const WIDTH: f64 = 680.0;
/// The smallest font size used, in SVG units (8.2 pt printed on A4).
pub const MIN_FONT: f64 = 11.0;
/// The label column on the left.
const LEFT: f64 = 150.0;
/// Space inside the plot at either end, so no marker is cut.
const PAD: f64 = 16.0;
/// Marker radius and the height of a row of markers.
const R: f64 = 10.0;
const ROW: f64 = 24.0;
/// A line of label text.
const LINE: f64 = 13.0;
/// Average glyph width relative to the font size (DejaVu Sans, generous).
const CHAR: f64 = 0.62;
/// Stretches longer than this many days without seeing the child are drawn red.
const UNSEEN: i32 = 42;

/// Where a text is anchored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// A text of the figure.
#[derive(Clone, Debug)]
pub struct Text {
    pub x: f64,
    /// The baseline.
    pub y: f64,
    pub size: f64,
    pub anchor: Anchor,
    pub text: String,
    pub class: &'static str,
}

impl Text {
    /// The box the text takes (x0, y0, x1, y1), estimated generously.
    pub fn bbox(&self) -> (f64, f64, f64, f64) {
        let w = self.text.chars().count() as f64 * CHAR * self.size;
        let x0 = match self.anchor {
            Anchor::Start => self.x,
            Anchor::Middle => self.x - w / 2.0,
            Anchor::End => self.x - w,
        };
        (x0, self.y - 0.8 * self.size, x0 + w, self.y + 0.25 * self.size)
    }
}

/// A numbered event marker.
#[derive(Clone, Debug)]
pub struct Marker {
    pub number: usize,
    pub event: String,
    pub x: f64,
    pub y: f64,
    /// A ghost: the event in the lane of its recipient (`to`).
    pub ghost: bool,
    pub classes: String,
    /// The fill colour of a child-seen marker (who saw the child).
    pub fill: Option<&'static str>,
    pub title: String,
}

impl Marker {
    pub fn bbox(&self) -> (f64, f64, f64, f64) {
        (self.x - R, self.y - R, self.x + R, self.y + R)
    }
}

/// A rectangle (lane background, episode bar, stretch).
#[derive(Clone, Debug)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    pub class: &'static str,
}

/// A line (axis tick, link from `by` to `to`, stretch).
#[derive(Clone, Debug)]
pub struct Line {
    pub x1: f64,
    pub y1: f64,
    pub x2: f64,
    pub y2: f64,
    pub class: &'static str,
}

/// A stretch in which a child was not seen, for the list under the figure.
#[derive(Clone, Debug)]
pub struct Unseen {
    pub child: String,
    pub days: i32,
    /// Event numbers at either end (none: the case start or end).
    pub from: Option<usize>,
    pub to: Option<usize>,
    /// The items (K11) that found this stretch too long.
    pub items: Vec<String>,
}

/// The laid-out figure.
#[derive(Clone, Debug, Default)]
pub struct Layout {
    pub height: f64,
    pub rects: Vec<Rect>,
    pub lines: Vec<Line>,
    pub texts: Vec<Text>,
    pub markers: Vec<Marker>,
    /// The x of every month tick.
    pub ticks: Vec<f64>,
    pub unseen: Vec<Unseen>,
}

/// Who saw a child: the colour and label of the institution kind.
pub const SEERS: [(&str, &str, &str); 4] = [
    ("#1565c0", "Jugendamt", "youth office"),
    ("#6a1b9a", "Gesundheitswesen", "health services"),
    ("#ef6c00", "Kita, Schule, Träger", "daycare, school, provider"),
    ("#616161", "andere", "others"),
];

impl Layout {
    /// The label of a lane at its top left, one text per line.
    fn lane_label(&mut self, y: f64, label: &[String]) {
        for (k, line) in label.iter().enumerate() {
            self.texts.push(Text {
                x: 4.0,
                y: y + 14.0 + LINE * k as f64,
                size: MIN_FONT,
                anchor: Anchor::Start,
                text: line.clone(),
                class: "lane-label",
            });
        }
    }
}

fn seer(kind: Option<InstitutionKind>) -> usize {
    use InstitutionKind::*;
    match kind {
        Some(YouthOffice) => 0,
        Some(Doctor | Hospital | Midwife | HealthOffice | ForensicMedicine) => 1,
        Some(Daycare | School | Provider | EarlyHelp) => 2,
        _ => 3,
    }
}

/// The institution an id belongs to (itself, or a staff member's).
fn institution_of<'c>(case: &'c Case, id: &str) -> Option<&'c crate::model::Institution> {
    let inst = match case.entity(id) {
        Some(Entity::Institution(i)) => Some(i.id.as_str()),
        Some(Entity::Staff(s)) => s.institution.as_deref(),
        _ => None,
    }?;
    case.institutions.iter().find(|i| i.id == inst)
}

/// The lane of an id: 0 for the family (people), else 1 + the institution.
fn lane_of_id(case: &Case, id: &str) -> usize {
    institution_of(case, id)
        .and_then(|i| case.institutions.iter().position(|x| x.id == i.id))
        .map_or(0, |l| l + 1)
}

/// The lane of an event: that of the first institution in `by`, else the
/// family's.
pub fn lane_of(case: &Case, e: &Event) -> usize {
    e.by.iter().map(|id| lane_of_id(case, id)).find(|&l| l > 0).unwrap_or(0)
}

/// The events in story order with their numbers (1, 2, …), as in the event
/// table.
pub fn numbered(case: &Case) -> Vec<(usize, &Event)> {
    case.story_order().into_iter().enumerate().map(|(i, e)| (i + 1, e)).collect()
}

/// Splits a label into at most `lines` lines of at most `width` units at
/// font `size`; an over-long last line ends in "…".
fn wrap_label(text: &str, width: f64, size: f64, lines: usize) -> Vec<String> {
    let max = ((width / (CHAR * size)).floor() as usize).max(4);
    let mut out = crate::report::wrap(text, max);
    for l in &mut out {
        if l.chars().count() > max {
            *l = l.chars().take(max - 1).collect::<String>() + "…";
        }
    }
    if out.len() > lines {
        out.truncate(lines);
        let last = out.last_mut().expect("lines ≥ 1");
        let kept: String = last.chars().take(max.saturating_sub(1)).collect();
        *last = kept + "…";
    }
    out
}

/// Places markers at `xs` into rows so that none touches another: each goes
/// into the first row whose last marker is at least a marker and a gap to
/// the left. Returns the row of each, in the order given (xs sorted).
fn stack(xs: &[f64]) -> Vec<usize> {
    let mut last: Vec<f64> = Vec::new();
    xs.iter()
        .map(|&x| match last.iter().position(|&l| x - l >= 2.0 * R + 2.0) {
            Some(r) => {
                last[r] = x;
                r
            }
            None => {
                last.push(x);
                last.len() - 1
            }
        })
        .collect()
}

/// Whether a condition asks for the child to have been seen.
fn asks_child_seen(c: &Cond) -> bool {
    match c {
        Cond::ChildSeen(true) => true,
        Cond::All(cs) | Cond::Any(cs) => cs.iter().any(asks_child_seen),
        _ => false,
    }
}

struct Scale {
    start: Day,
    end: Day,
}

impl Scale {
    fn x(&self, day: Day) -> f64 {
        LEFT + PAD
            + (WIDTH - LEFT - 2.0 * PAD) * f64::from(day - self.start)
                / f64::from((self.end - self.start).max(1))
    }

    /// An event's x: its day, or the middle of its month.
    fn of(&self, e: &Event) -> f64 {
        if e.date.is_month_precision() {
            (self.x(e.date.first_day()) + self.x(e.date.last_day())) / 2.0
        } else {
            self.x(e.date.first_day())
        }
    }
}

/// Lays the figure out.
pub fn layout(case: &Case, list: &Checklist, result: &CaseResult<'_>, lang: Lang) -> Layout {
    let events = numbered(case);
    let number: HashMap<&str, usize> = events.iter().map(|(n, e)| (e.id.as_str(), *n)).collect();
    let first = events.iter().map(|(_, e)| e.date.first_day()).min();
    let last = events.iter().map(|(_, e)| e.date.last_day()).max();
    let start = first.unwrap_or(case.case.opened.first_day()).min(case.case.opened.first_day());
    let end = last.unwrap_or(start).max(case.case.closed.map_or(start, |d| d.last_day()));
    // Whole months on the axis.
    let month = |day: Day| {
        let d = crate::date::Date::from_day(day);
        crate::date::Date::ym(d.year(), d.month()).unwrap_or(d)
    };
    let (start, end) = (month(start).first_day(), month(end).last_day());
    let scale = Scale { start, end };
    let mut l = Layout::default();
    let mut y = 4.0;
    y = episodes(&mut l, case, &scale, y, lang);
    y = axis(&mut l, &scale, y, lang);
    let top = y;
    y = lanes(&mut l, case, result, &scale, &events, y, lang);
    y = children(&mut l, case, &scale, &events, &number, y, lang);
    y = item_stretches(&mut l, list, result, &scale, &number, y, lang);
    // Month grid lines across everything below the axis.
    for &x in &l.ticks {
        l.lines.push(Line { x1: x, y1: top, x2: x, y2: y, class: "grid" });
    }
    l.height = y + 4.0;
    l
}

fn episodes(l: &mut Layout, case: &Case, scale: &Scale, mut y: f64, lang: Lang) -> f64 {
    if case.episodes.is_empty() {
        return y;
    }
    let _ = lang;
    for k in &case.episodes {
        let days: Vec<&Event> = case.events.iter().filter(|e| k.events.contains(&e.id)).collect();
        let (Some(a), Some(b)) = (
            days.iter().map(|e| e.date.first_day()).min(),
            days.iter().map(|e| e.date.last_day()).max(),
        ) else {
            continue;
        };
        let (x1, x2) = (scale.x(a), scale.x(b));
        l.rects.push(Rect {
            x: x1 - 3.0,
            y,
            w: (x2 - x1 + 6.0).max(6.0),
            h: 14.0,
            class: "episode",
        });
        let label = wrap_label(&format!("{}: {}", k.id, k.title), LEFT - 8.0, MIN_FONT, 1);
        l.texts.push(Text {
            x: 4.0,
            y: y + 11.0,
            size: MIN_FONT,
            anchor: Anchor::Start,
            text: label.join(" "),
            class: "episode-label",
        });
        y += 18.0;
    }
    y + 4.0
}

/// Month ticks and labels, and years below them; every n-th month labelled
/// so that labels never touch.
fn axis(l: &mut Layout, scale: &Scale, y: f64, lang: Lang) -> f64 {
    const DE: [&str; 12] =
        ["Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"];
    const EN: [&str; 12] =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let names = match lang {
        Lang::De => DE,
        Lang::En => EN,
    };
    let mut months = Vec::new();
    let first = crate::date::Date::from_day(scale.start);
    let mut d = crate::date::Date::ym(first.year(), first.month()).unwrap_or(first);
    while d.first_day() <= scale.end {
        months.push(d);
        d = d.add_months(1);
    }
    let month_width = (scale.x(scale.end) - scale.x(scale.start)) / months.len().max(1) as f64;
    let label_width = 3.0 * CHAR * MIN_FONT + 6.0;
    let step = [1usize, 2, 3, 4, 6, 12]
        .into_iter()
        .find(|s| *s as f64 * month_width >= label_width)
        .unwrap_or(12);
    let mut last_year_end = f64::MIN;
    for (i, m) in months.iter().enumerate() {
        let x = scale.x(m.first_day());
        l.ticks.push(x);
        l.lines.push(Line { x1: x, y1: y + 14.0, x2: x, y2: y + 19.0, class: "tick" });
        if (m.month() as usize - 1).is_multiple_of(step) || i == 0 {
            l.texts.push(Text {
                x,
                y: y + 11.0,
                size: MIN_FONT,
                anchor: Anchor::Start,
                text: names[m.month() as usize - 1].to_owned(),
                class: "axis",
            });
        }
        if i == 0 || m.month() == 1 {
            let t = Text {
                x,
                y: y + 31.0,
                size: MIN_FONT,
                anchor: Anchor::Start,
                text: m.year().to_string(),
                class: "axis year",
            };
            if t.bbox().0 >= last_year_end + 4.0 {
                last_year_end = t.bbox().2;
                l.texts.push(t);
            }
        }
    }
    // Month labels that would run past the figure or into the next label go.
    let mut kept: Vec<Text> = Vec::new();
    for t in l.texts.drain(..) {
        let clash = t.class == "axis"
            && (t.bbox().2 > WIDTH
                || kept.iter().any(|k| k.class == "axis" && boxes_meet(k.bbox(), t.bbox())));
        if !clash {
            kept.push(t);
        }
    }
    l.texts = kept;
    l.lines.push(Line {
        x1: scale.x(scale.start),
        y1: y + 19.0,
        x2: scale.x(scale.end),
        y2: y + 19.0,
        class: "axis-line",
    });
    y + 38.0
}

/// Whether two boxes intersect (touching counts).
pub fn boxes_meet(a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

#[allow(clippy::too_many_arguments)]
fn lanes(
    l: &mut Layout,
    case: &Case,
    result: &CaseResult<'_>,
    scale: &Scale,
    events: &[(usize, &Event)],
    mut y: f64,
    lang: Lang,
) -> f64 {
    let names: Vec<String> = std::iter::once(
        lang.pick("Familie / ohne Institution", "Family / no institution").to_owned(),
    )
    .chain(case.institutions.iter().map(|i| {
        i.name.clone().unwrap_or_else(|| match lang {
            Lang::De => i.kind.label_de().to_owned(),
            Lang::En => i.kind.label_en().to_owned(),
        })
    }))
    .collect();
    let not_met: Vec<&str> = result
        .items
        .iter()
        .flat_map(|i| i.activations.iter())
        .filter(|a| a.status == Status::NotMet)
        .filter_map(|a| a.event)
        .collect();
    // Every mark: (lane, x, event, ghost).
    let mut marks: Vec<Vec<(f64, usize, &Event, bool)>> = vec![Vec::new(); names.len()];
    for (n, e) in events {
        let home = lane_of(case, e);
        marks[home].push((scale.of(e), *n, e, false));
        let mut ghosts: Vec<usize> = e.to.iter().map(|id| lane_of_id(case, id)).collect();
        ghosts.sort_unstable();
        ghosts.dedup();
        for g in ghosts.into_iter().filter(|g| *g != home) {
            marks[g].push((scale.of(e), *n, e, true));
        }
    }
    // By (number, ghost, lane): links come out in a fixed order, and each
    // event's own marker is found by a range.
    let mut placed: BTreeMap<(usize, bool, usize), (f64, f64)> = BTreeMap::new();
    for (lane, name) in names.iter().enumerate() {
        let lane_marks = &mut marks[lane];
        lane_marks.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let rows = stack(&lane_marks.iter().map(|m| m.0).collect::<Vec<_>>());
        let label = wrap_label(name, LEFT - 10.0, MIN_FONT, 5);
        let n_rows = rows.iter().max().map_or(1, |r| r + 1);
        let h = (n_rows as f64 * ROW + 4.0).max(label.len() as f64 * LINE + 8.0);
        l.rects.push(Rect {
            x: 0.0,
            y,
            w: WIDTH,
            h,
            class: if lane % 2 == 0 { "lane lane-0" } else { "lane lane-1" },
        });
        l.lane_label(y, &label);
        for ((x, n, e, ghost), row) in lane_marks.iter().zip(&rows) {
            let cy = y + 2.0 + ROW / 2.0 + ROW * *row as f64;
            let mut classes = String::from(if *ghost { "event ghost" } else { "event" });
            if !ghost && e.child_seen == Some(true) {
                classes.push_str(" child-seen");
            }
            if !ghost && not_met.contains(&e.id.as_str()) {
                classes.push_str(" not-met");
            }
            if e.date.is_month_precision() {
                classes.push_str(" month");
            }
            placed.insert((*n, *ghost, lane), (*x, cy));
            l.markers.push(Marker {
                number: *n,
                event: e.id.clone(),
                x: *x,
                y: cy,
                ghost: *ghost,
                classes,
                fill: None,
                title: format!("{n}: {} {}", e.date, kind_label(e, lang)),
            });
        }
        y += h;
    }
    // Links from each event to its ghosts.
    for (&(n, ghost, _), &(gx, gy)) in &placed {
        if !ghost {
            continue;
        }
        if let Some((_, &(x, cy))) = placed.range((n, false, 0)..=(n, false, usize::MAX)).next() {
            let dir = if gy > cy { 1.0 } else { -1.0 };
            l.lines.push(Line { x1: x, y1: cy + dir * R, x2: gx, y2: gy - dir * R, class: "link" });
        }
    }
    y
}

pub fn kind_label(e: &Event, lang: Lang) -> &'static str {
    match lang {
        Lang::De => e.kind.label_de(),
        Lang::En => e.kind.label_en(),
    }
}

/// Per child: the events that saw it, coloured by who saw it, and the
/// stretches in between with their length.
fn children(
    l: &mut Layout,
    case: &Case,
    scale: &Scale,
    events: &[(usize, &Event)],
    number: &HashMap<&str, usize>,
    mut y: f64,
    lang: Lang,
) -> f64 {
    let _ = number;
    let kids: Vec<&crate::model::Person> =
        case.people.iter().filter(|p| p.role == Role::Child).collect();
    for child in kids {
        let seen: Vec<(usize, &Event)> = events
            .iter()
            .filter(|(_, e)| e.child_seen == Some(true))
            .filter(|(_, e)| {
                e.with.contains(&child.id)
                    || !e.with.iter().any(|id| {
                        matches!(case.entity(id), Some(Entity::Person(p)) if p.role == Role::Child)
                    })
            })
            .copied()
            .collect();
        let label = wrap_label(
            &format!("{}: {}", lang.pick("Kind gesehen", "Child seen"), child.name),
            LEFT - 10.0,
            MIN_FONT,
            2,
        );
        let xs: Vec<f64> = seen.iter().map(|(_, e)| scale.of(e)).collect();
        let rows = stack(&xs);
        let n_rows = rows.iter().max().map_or(1, |r| r + 1);
        let marker_h = n_rows as f64 * ROW;
        let h = (marker_h + LINE + 10.0).max(label.len() as f64 * LINE + 8.0);
        l.rects.push(Rect { x: 0.0, y, w: WIDTH, h, class: "lane child-strip" });
        l.lane_label(y, &label);
        let base = y + 2.0 + ROW / 2.0;
        for (((n, e), x), row) in seen.iter().zip(&xs).zip(&rows) {
            let who = e.by.iter().find_map(|id| institution_of(case, id)).map(|i| i.kind);
            let colour = SEERS[seer(who)].0;
            l.markers.push(Marker {
                number: *n,
                event: e.id.clone(),
                x: *x,
                y: base + ROW * *row as f64,
                ghost: false,
                classes: if e.date.is_month_precision() {
                    "event seen month".to_owned()
                } else {
                    "event seen".to_owned()
                },
                fill: Some(colour),
                title: format!("{n}: {} {}", e.date, kind_label(e, lang)),
            });
        }
        // The stretches: case start → first sighting → … → case end.
        let ends: Vec<(Day, f64, Option<usize>)> =
            std::iter::once((scale.start, scale.x(case.case.opened.first_day()), None))
                .chain(seen.iter().map(|(n, e)| (e.date.first_day(), scale.of(e), Some(*n))))
                .chain(std::iter::once((
                    case.end().last_day(),
                    scale.x(case.end().last_day()),
                    None,
                )))
                .collect();
        let label_y = y + marker_h + LINE + 2.0;
        let mut labels: Vec<(f64, f64, f64, f64)> = Vec::new();
        for w in ends.windows(2) {
            let (a, b) = (&w[0], &w[1]);
            let from_day = if a.2.is_none() { case.case.opened.first_day() } else { a.0 };
            let days = b.0 - from_day;
            if days <= 0 {
                continue;
            }
            let long = days > UNSEEN;
            let (x1, x2) = (
                a.1 + if a.2.is_some() { R } else { 0.0 },
                b.1 - if b.2.is_some() { R } else { 0.0 },
            );
            if x2 > x1 {
                l.lines.push(Line {
                    x1,
                    y1: base,
                    x2,
                    y2: base,
                    class: if long { "unseen long" } else { "unseen" },
                });
            }
            if long {
                l.unseen.push(Unseen {
                    child: child.name.clone(),
                    days,
                    from: a.2,
                    to: b.2,
                    items: Vec::new(),
                });
                let t = Text {
                    x: (a.1 + b.1) / 2.0,
                    y: label_y,
                    size: MIN_FONT,
                    anchor: Anchor::Middle,
                    text: match lang {
                        Lang::De => format!("{days} Tage"),
                        Lang::En => format!("{days} days"),
                    },
                    class: "unseen-label",
                };
                let bb = t.bbox();
                if bb.0 >= LEFT && bb.2 <= WIDTH && !labels.iter().any(|o| boxes_meet(*o, bb)) {
                    labels.push(bb);
                    l.texts.push(t);
                }
            }
        }
        y += h;
    }
    y
}

/// For each item whose periods count child contacts (K11) and that is not
/// met: the stretch it found too long, in a row of its own, named.
#[allow(clippy::too_many_arguments)]
fn item_stretches(
    l: &mut Layout,
    list: &Checklist,
    result: &CaseResult<'_>,
    scale: &Scale,
    number: &HashMap<&str, usize>,
    mut y: f64,
    lang: Lang,
) -> f64 {
    for (item, r) in list.items.iter().zip(&result.items) {
        let Body::Rule(rule) = &item.body else { continue };
        let Rule::Period(p) = rule.as_ref() else { continue };
        if !asks_child_seen(&p.points) {
            continue;
        }
        for a in r.activations.iter().filter(|a| a.status == Status::NotMet) {
            for d in &a.details {
                let Detail::Gap { from, to, days, limit, .. } = d else { continue };
                if *days <= *limit as i32 {
                    continue;
                }
                let day = |b: &Bound<'_>| match b {
                    Bound::Event(e) => (e.date.first_day(), number.get(e.id).copied()),
                    Bound::CaseEnd(d) => (d.last_day(), None),
                };
                let ((a_day, a_n), (b_day, b_n)) = (day(from), day(to));
                let (x1, x2) = (scale.x(a_day), scale.x(b_day));
                l.rects.push(Rect {
                    x: x1,
                    y: y + 4.0,
                    w: (x2 - x1).max(2.0),
                    h: 12.0,
                    class: "item-gap",
                });
                let label = match lang {
                    Lang::De => format!("{}: {days} Tage ohne Sichtkontakt", item.id),
                    Lang::En => format!("{}: {days} days without seeing the child", item.id),
                };
                l.lane_label(y, &[wrap_label(&item.id, LEFT - 10.0, MIN_FONT, 1).join("")]);
                // The text inside the bar when it fits, else beside it.
                let inside = Text {
                    x: (x1 + x2) / 2.0,
                    y: y + 27.0,
                    size: MIN_FONT,
                    anchor: Anchor::Middle,
                    text: label.clone(),
                    class: "item-gap-label",
                };
                let bb = inside.bbox();
                let t = if bb.0 >= LEFT && bb.2 <= WIDTH {
                    inside
                } else if x2 + 4.0 + (bb.2 - bb.0) <= WIDTH {
                    Text { x: x2 + 4.0, anchor: Anchor::Start, ..inside }
                } else {
                    Text { x: x1 - 4.0, anchor: Anchor::End, ..inside }
                };
                l.texts.push(t);
                for u in &mut l.unseen {
                    if u.from == a_n && u.to == b_n {
                        u.items.push(item.id.clone());
                    }
                }
                y += 34.0;
            }
        }
    }
    y
}

/// The figure as inline SVG.
pub fn svg(l: &Layout, lang: Lang) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" viewBox=\"0 0 {WIDTH} {:.0}\" role=\"img\" aria-label=\"{}\">",
        l.height,
        esc(lang.pick("Zeitstrahl nach Institutionen", "Timeline by institution"))
    );
    for r in &l.rects {
        let _ = write!(
            s,
            "<rect class=\"{}\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"/>",
            r.class, r.x, r.y, r.w, r.h
        );
    }
    for ln in &l.lines {
        let _ = write!(
            s,
            "<line class=\"{}\" x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\"/>",
            ln.class, ln.x1, ln.y1, ln.x2, ln.y2
        );
    }
    for m in &l.markers {
        let fill = m.fill.map(|f| format!(" style=\"fill:{f}\"")).unwrap_or_default();
        let data = if m.ghost || m.fill.is_some() {
            String::new()
        } else {
            format!(" data-event=\"{}\"", esc(&m.event))
        };
        let _ = write!(
            s,
            "<g class=\"{}\"{data}><title>{}</title><circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"{R}\"{fill}/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{MIN_FONT}\">{}</text></g>",
            m.classes,
            esc(&m.title),
            m.x,
            m.y,
            m.x,
            m.y + 4.0,
            m.number
        );
    }
    for t in &l.texts {
        let anchor = match t.anchor {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        };
        let _ = write!(
            s,
            "<text class=\"{}\" x=\"{:.1}\" y=\"{:.1}\" font-size=\"{}\" text-anchor=\"{anchor}\">{}</text>",
            t.class,
            t.x,
            t.y,
            t.size,
            esc(&t.text)
        );
    }
    s.push_str("</svg>");
    s
}
