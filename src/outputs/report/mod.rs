//! Statistics across many cases: checklist results per item, per category,
//! per municipality and per cluster; contributory factors; outcomes; and the
//! key intervals. Every table is a [`Table`] of cells, rendered alike as a
//! terminal table, CSV, JSON or Markdown.
//!
//! Small groups are never shown exactly: a group of fewer cases than the
//! threshold (default 5) shows `<5` in every count and statistic (counts,
//! shares, findings, quartiles), so that a report cannot single out a case;
//! a municipality or cluster that small is shown as one row. No statistic is
//! one case's value (no maximum, no minimum). Shares are among the cases an
//! item applies to: "not applicable" is counted, never part of a share.

pub mod html;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::checklist::{CaseResult, Checklist, Status};
use crate::date::Date;
use crate::lang::Lang;
use crate::model::Case;
use crate::vocab::{EventKind, Factor, MeasureStatus, Vocabulary};

/// One cell of a report table.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Cell {
    Text(String),
    Count(usize),
    /// A percentage (0 to 100).
    Share(f64),
    Days(f64),
    /// A count or share of a group below the threshold.
    Suppressed(String),
    Empty,
}

impl Cell {
    /// The cell as text; `decimal_comma` for German spreadsheets.
    pub fn text(&self, decimal_comma: bool) -> String {
        let num = |x: f64, digits: usize| {
            let s = format!("{x:.digits$}");
            if decimal_comma { s.replace('.', ",") } else { s }
        };
        match self {
            Cell::Text(s) | Cell::Suppressed(s) => s.clone(),
            Cell::Count(n) => n.to_string(),
            Cell::Share(x) => num(*x, 1) + " %",
            Cell::Days(x) => num(*x, 1),
            Cell::Empty => String::new(),
        }
    }
}

/// A named table.
#[derive(Clone, Debug, Serialize)]
pub struct Table {
    pub name: &'static str,
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// The names of the tables, in report order.
pub const TABLES: &[&str] = &[
    "items",
    "categories",
    "municipalities",
    "clusters",
    "factors",
    "outcomes",
    "intervals",
    "measures",
    "overdue",
];

/// What a report needs besides the cases.
#[derive(Clone, Debug)]
pub struct Options {
    /// Groups of fewer cases are never shown exactly.
    pub threshold: usize,
    /// Measures due before this date and still open are overdue.
    pub as_of: Date,
    pub lang: Lang,
}

const COUNTED: [Status; 5] =
    [Status::Met, Status::NotMet, Status::Unknown, Status::Excepted, Status::NotApplicable];

fn status_label(s: Status, lang: Lang) -> String {
    match lang {
        Lang::De => s.label_de().to_owned(),
        Lang::En => s.label_en().to_owned(),
    }
}

/// A number of cases: exact, or `<threshold` when smaller.
fn case_count(cases: usize, threshold: usize) -> Cell {
    if cases < threshold { Cell::Suppressed(format!("<{threshold}")) } else { Cell::Count(cases) }
}

/// A row of counts for a group of `cases` cases: exact, or suppressed.
fn counts(values: &[usize], cases: usize, threshold: usize) -> Vec<Cell> {
    values
        .iter()
        .map(|&v| if cases < threshold { suppressed(threshold) } else { Cell::Count(v) })
        .collect()
}

fn suppressed(threshold: usize) -> Cell {
    Cell::Suppressed(format!("<{threshold}"))
}

/// The cells of one item's (or category's) results in a group of `cases`
/// cases: for met, not met, unknown and excepted the count and its share
/// among the applicable results; for not applicable the count alone.
fn status_cells(values: &[usize; 5], cases: usize, threshold: usize) -> Vec<Cell> {
    let applicable: usize = values[..4].iter().sum();
    let small = cases < threshold;
    let mut out = Vec::new();
    for (s, &v) in values.iter().enumerate() {
        out.push(if small { suppressed(threshold) } else { Cell::Count(v) });
        if s < 4 {
            out.push(if small || applicable == 0 {
                Cell::Empty
            } else {
                Cell::Share(100.0 * v as f64 / applicable as f64)
            });
        }
    }
    out
}

fn quartiles(mut v: Vec<i32>) -> Option<(f64, f64, f64)> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    let q = |p: f64| {
        let pos = p * (v.len() - 1) as f64;
        let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
        f64::from(v[lo]) + (f64::from(v[hi]) - f64::from(v[lo])) * (pos - lo as f64)
    };
    Some((q(0.25), q(0.5), q(0.75)))
}

/// Days from each event of `from` to the first event on or after it that
/// `to` accepts; month-precision dates are left out (not exact).
fn intervals(case: &Case, from: EventKind, to: &dyn Fn(&crate::model::Event) -> bool) -> Vec<i32> {
    let timeline = case.timeline();
    let mut out = Vec::new();
    for a in timeline.iter().filter(|e| e.kind == from && !e.date.is_month_precision()) {
        let start = a.date.first_day();
        if let Some(b) = timeline
            .iter()
            .filter(|b| !b.date.is_month_precision() && b.date.first_day() >= start && to(b))
            .min_by_key(|b| b.date.first_day())
        {
            out.push(b.date.first_day() - start);
        }
    }
    out
}

/// Builds every table of the report from cases in memory (see [`Aggregate`]
/// for runs over many files).
pub fn build(
    list: &Checklist,
    cases: &[(&Case, &CaseResult<'_>)],
    options: &Options,
) -> Vec<Table> {
    let mut agg = Aggregate::new(list, options.clone());
    for (case, result) in cases {
        agg.add(case, result);
    }
    agg.tables()
}

/// Counts of one group of cases (a municipality, a cluster): per item, the
/// cases by status.
#[derive(Clone, Debug, Default)]
struct Group {
    cases: usize,
    items: Vec<[usize; 5]>,
}

/// The overdue measures of one municipality (due day, row), and whether any
/// case there has measures at all.
type Overdue = (Vec<(crate::date::Day, Vec<Cell>)>, bool);

/// The report's tables, built case by case: what a case contributes is
/// counted when it is added and the case is dropped, so that memory stays
/// flat however many cases a run reads (only the interval values and the
/// overdue measures are kept one by one).
pub struct Aggregate<'l> {
    rules: Vec<&'l crate::checklist::Item>,
    options: Options,
    cases: usize,
    items: Vec<[usize; 5]>,
    todays_law: Vec<usize>,
    reasons: Vec<Vec<String>>,
    municipalities: BTreeMap<String, Group>,
    clusters: BTreeMap<String, Group>,
    /// Per factor: findings, and cases with one.
    factors: BTreeMap<Factor, (usize, usize)>,
    outcomes: BTreeMap<String, usize>,
    intervals: [Vec<i32>; 3],
    interval_cases: [usize; 3],
    /// (municipality, responsible) → (cases, [open, done, dropped, overdue]).
    measures: BTreeMap<(String, String), (usize, [usize; 4])>,
    /// Municipality → overdue measures (due day, row), and whether any case
    /// there has measures.
    overdue: BTreeMap<String, Overdue>,
}

/// The key intervals: (German label, English label, from kind, to event).
const SPANS: [(&str, &str, EventKind); 3] = [
    ("Meldung → Gefährdungseinschätzung", "report → risk assessment", EventKind::Report),
    ("Meldung → Kind gesehen", "report → child seen", EventKind::Report),
    ("Fallübergabe → Neueinschätzung", "handover → reassessment", EventKind::Handover),
];

fn span_end(n: usize, e: &crate::model::Event) -> bool {
    match n {
        0 => e.kind == EventKind::RiskAssessment,
        1 => e.child_seen == Some(true),
        _ => {
            e.kind == EventKind::RiskAssessment
                || (e.kind == EventKind::HomeVisit && e.child_seen == Some(true))
        }
    }
}

impl<'l> Aggregate<'l> {
    pub fn new(list: &'l Checklist, options: Options) -> Aggregate<'l> {
        let rules: Vec<&crate::checklist::Item> = list.rules().map(|(i, _)| i).collect();
        let n = rules.len();
        Aggregate {
            rules,
            options,
            cases: 0,
            items: vec![[0; 5]; n],
            todays_law: vec![0; n],
            reasons: vec![Vec::new(); n],
            municipalities: BTreeMap::new(),
            clusters: BTreeMap::new(),
            factors: BTreeMap::new(),
            outcomes: BTreeMap::new(),
            intervals: Default::default(),
            interval_cases: [0; 3],
            measures: BTreeMap::new(),
            overdue: BTreeMap::new(),
        }
    }

    /// The number of cases added.
    pub fn cases(&self) -> usize {
        self.cases
    }

    /// Counts one case and its checklist result.
    pub fn add(&mut self, case: &Case, result: &CaseResult<'_>) {
        let lang = self.options.lang;
        self.cases += 1;
        let none = lang.pick("(keine Angabe)", "(none)");
        let cluster = case.case.cluster.clone().unwrap_or_else(|| none.to_owned());
        let n = self.rules.len();
        let municipality = self.municipalities.entry(case.case.municipality.clone()).or_default();
        municipality.cases += 1;
        municipality.items.resize(n, [0; 5]);
        let cluster = self.clusters.entry(cluster).or_default();
        cluster.cases += 1;
        cluster.items.resize(n, [0; 5]);
        for (k, item) in self.rules.iter().enumerate() {
            let Some(r) = result.item(&item.id) else { continue };
            if let Some(s) = COUNTED.iter().position(|s| *s == r.status) {
                self.items[k][s] += 1;
                municipality.items[k][s] += 1;
                cluster.items[k][s] += 1;
            }
            if r.activations.iter().any(|a| a.todays_law.is_some()) {
                self.todays_law[k] += 1;
            }
            if let Some(na) = &r.not_applicable {
                let text = crate::checklist::render::not_applicable_reason(na, lang);
                if !self.reasons[k].contains(&text) {
                    self.reasons[k].push(text);
                }
            }
        }
        for e in Factor::entries() {
            let found = case.findings.iter().filter(|f| f.factor == e.value).count();
            if found > 0 {
                let entry = self.factors.entry(e.value).or_default();
                entry.0 += found;
                entry.1 += 1;
            }
        }
        let outcome = match (case.case.outcome, lang) {
            (Some(o), Lang::De) => o.label_de().to_owned(),
            (Some(o), Lang::En) => o.label_en().to_owned(),
            (None, _) => none.to_owned(),
        };
        *self.outcomes.entry(outcome).or_default() += 1;
        for (k, (_, _, from)) in SPANS.iter().enumerate() {
            let v = intervals(case, *from, &|e| span_end(k, e));
            self.interval_cases[k] += usize::from(!v.is_empty());
            self.intervals[k].extend(v);
        }
        self.add_measures(case);
    }

    fn add_measures(&mut self, case: &Case) {
        let (lang, as_of) = (self.options.lang, self.options.as_of);
        let all_label = lang.pick("(alle)", "(all)").to_owned();
        let mut seen: Vec<String> = Vec::new();
        for m in &case.measures {
            let who = responsible(case, m, lang);
            for key in [who, all_label.clone()] {
                let entry =
                    self.measures.entry((case.case.municipality.clone(), key.clone())).or_default();
                if !seen.contains(&key) {
                    seen.push(key);
                    entry.0 += 1;
                }
                entry.1[m.status as usize] += 1;
                entry.1[3] += usize::from(is_overdue(m, as_of));
            }
        }
        let entry = self.overdue.entry(case.case.municipality.clone()).or_default();
        entry.1 |= !case.measures.is_empty();
        let due: Vec<&crate::model::Measure> =
            case.measures.iter().filter(|m| is_overdue(m, as_of)).collect();
        if due.is_empty() {
            return;
        }
        // The text is scrubbed like any free text before it is kept.
        let scrubber = crate::anonymise::case_scrubber(case);
        for m in due {
            let date = m.due.unwrap_or(as_of);
            entry.0.push((
                date.first_day(),
                vec![
                    Cell::Text(case.case.municipality.clone()),
                    Cell::Text(responsible(case, m, lang)),
                    Cell::Text(scrubber.scrub(&m.text).text),
                    Cell::Text(date.to_string()),
                    Cell::Count((as_of.first_day() - date.last_day()).max(0) as usize),
                ],
            ));
        }
    }

    /// Every table of the report, in [`TABLES`] order.
    pub fn tables(mut self) -> Vec<Table> {
        let measures = std::mem::take(&mut self.measures);
        let overdue = std::mem::take(&mut self.overdue);
        let mut tables = vec![
            self.items_table(),
            self.categories_table(),
            self.group_table("municipalities", &self.municipalities),
            self.group_table("clusters", &self.clusters),
            self.factors_table(),
            self.outcomes_table(),
            self.intervals_table(),
        ];
        tables.push(measures_table(measures, &self.options));
        tables.push(overdue_table(overdue, &self.municipalities, &self.options));
        tables
    }

    fn status_columns(&self) -> Vec<String> {
        let lang = self.options.lang;
        let mut c = Vec::new();
        for s in COUNTED {
            c.push(status_label(s, lang));
            if s != Status::NotApplicable {
                c.push(format!("{} %", status_label(s, lang)));
            }
        }
        c
    }

    fn items_table(&self) -> Table {
        let (threshold, lang, n) = (self.options.threshold, self.options.lang, self.cases);
        let mut rows = Vec::new();
        for (k, item) in self.rules.iter().enumerate() {
            let mut row =
                vec![Cell::Text(item.id.clone()), Cell::Text(item.title.get(lang).to_owned())];
            row.extend(status_cells(&self.items[k], n, threshold));
            row.push(match item.since {
                Some(_) => counts(&[self.todays_law[k]], n, threshold).remove(0),
                None => Cell::Empty,
            });
            let mut reasons = self.reasons[k].clone();
            if reasons.is_empty()
                && let Some(text) = &item.not_applicable
            {
                reasons.push(text.get(lang).to_owned());
            }
            row.push(Cell::Text(reasons.join("; ")));
            rows.push(row);
        }
        let mut columns =
            vec![lang.pick("Punkt", "Item").to_owned(), lang.pick("Titel", "Title").to_owned()];
        columns.extend(self.status_columns());
        columns.push(lang.pick("nach heutigem Recht", "by today's law").to_owned());
        columns.push(lang.pick("nicht einschlägig, wenn", "not applicable when").to_owned());
        Table {
            name: "items",
            title: lang
                .pick(
                    "Prüfpunkte: Fälle nach Status (Anteile unter den einschlägigen Fällen)",
                    "Items: cases by status (shares among the cases the item applies to)",
                )
                .to_owned(),
            columns,
            rows,
        }
    }

    fn categories_table(&self) -> Table {
        let (threshold, lang, n) = (self.options.threshold, self.options.lang, self.cases);
        let mut by_category: BTreeMap<String, [usize; 5]> = BTreeMap::new();
        for (k, item) in self.rules.iter().enumerate() {
            let label = match lang {
                Lang::De => item.category.label_de().to_owned(),
                Lang::En => item.category.label_en().to_owned(),
            };
            let entry = by_category.entry(label).or_insert([0; 5]);
            for (s, v) in self.items[k].iter().enumerate() {
                entry[s] += v;
            }
        }
        let mut columns = vec![
            lang.pick("Kategorie", "Category").to_owned(),
            lang.pick("Fälle", "Cases").to_owned(),
        ];
        columns.extend(self.status_columns());
        Table {
            name: "categories",
            title: lang
                .pick(
                    "Nach Kategorie (Prüfpunkt-Ergebnisse, Anteile unter den einschlägigen)",
                    "By category (item results, shares among the applicable ones)",
                )
                .to_owned(),
            columns,
            rows: by_category
                .into_iter()
                .map(|(k, values)| {
                    let mut row = vec![Cell::Text(k), case_count(n, threshold)];
                    row.extend(status_cells(&values, n, threshold));
                    row
                })
                .collect(),
        }
    }

    fn group_table(&self, name: &'static str, groups: &BTreeMap<String, Group>) -> Table {
        let (threshold, lang) = (self.options.threshold, self.options.lang);
        let (title, key_title) = if name == "municipalities" {
            (
                lang.pick("Nach Kommune: Fälle je Prüfpunkt", "By municipality: cases per item"),
                lang.pick("Kommune", "Municipality"),
            )
        } else {
            (
                lang.pick(
                    "Nach Kinderschutzcluster: Fälle je Prüfpunkt",
                    "By cluster: cases per item",
                ),
                lang.pick("Cluster", "Cluster"),
            )
        };
        let mut columns = vec![
            key_title.to_owned(),
            lang.pick("Punkt", "Item").to_owned(),
            lang.pick("Fälle", "Cases").to_owned(),
        ];
        columns.extend(self.status_columns());
        let mut rows = Vec::new();
        let width = columns.len();
        for (group, g) in groups {
            if g.cases < threshold {
                // Nothing to show per item: one row says the group is small.
                let mut row = vec![
                    Cell::Text(group.clone()),
                    Cell::Text(lang.pick("(alle)", "(all)").to_owned()),
                    case_count(g.cases, threshold),
                ];
                row.resize(width, Cell::Empty);
                rows.push(row);
                continue;
            }
            for (k, item) in self.rules.iter().enumerate() {
                let mut row = vec![
                    Cell::Text(group.clone()),
                    Cell::Text(item.id.clone()),
                    case_count(g.cases, threshold),
                ];
                row.extend(status_cells(&g.items[k], g.cases, threshold));
                rows.push(row);
            }
        }
        Table { name, title: title.to_owned(), columns, rows }
    }

    fn factors_table(&self) -> Table {
        let (threshold, lang) = (self.options.threshold, self.options.lang);
        let rows = self
            .factors
            .iter()
            .map(|(factor, (findings, with))| {
                let label = match lang {
                    Lang::De => factor.label_de(),
                    Lang::En => factor.label_en(),
                };
                vec![
                    Cell::Text(label.to_owned()),
                    if *with < threshold { suppressed(threshold) } else { Cell::Count(*findings) },
                    case_count(*with, threshold),
                ]
            })
            .collect();
        Table {
            name: "factors",
            title: lang
                .pick("Beitragende Faktoren (Befunde)", "Contributory factors (findings)")
                .to_owned(),
            columns: vec![
                lang.pick("Faktor", "Factor").to_owned(),
                lang.pick("Befunde", "Findings").to_owned(),
                lang.pick("Fälle", "Cases").to_owned(),
            ],
            rows,
        }
    }

    fn outcomes_table(&self) -> Table {
        let (threshold, lang) = (self.options.threshold, self.options.lang);
        Table {
            name: "outcomes",
            title: lang.pick("Fälle nach Ausgang", "Cases by outcome").to_owned(),
            columns: vec![
                lang.pick("Ausgang", "Outcome").to_owned(),
                lang.pick("Fälle", "Cases").to_owned(),
            ],
            rows: self
                .outcomes
                .iter()
                .map(|(k, v)| vec![Cell::Text(k.clone()), case_count(*v, threshold)])
                .collect(),
        }
    }

    fn intervals_table(&self) -> Table {
        let (threshold, lang) = (self.options.threshold, self.options.lang);
        let mut rows = Vec::new();
        for (k, (de, en, _)) in SPANS.iter().enumerate() {
            let all = &self.intervals[k];
            let mut row = vec![Cell::Text(lang.pick(de, en).to_owned())];
            match quartiles(all.clone()) {
                Some((q1, med, q3)) if self.interval_cases[k] >= threshold => {
                    row.extend([
                        Cell::Count(self.interval_cases[k]),
                        Cell::Count(all.len()),
                        Cell::Days(med),
                        Cell::Days(q1),
                        Cell::Days(q3),
                    ]);
                }
                Some(_) => {
                    row.extend(std::iter::repeat_n(suppressed(threshold), 5));
                }
                None => {
                    row.extend([Cell::Count(0), Cell::Count(0)]);
                    row.extend(std::iter::repeat_n(Cell::Empty, 3));
                }
            }
            rows.push(row);
        }
        Table {
            name: "intervals",
            title: lang.pick("Zentrale Zeitabstände in Tagen", "Key intervals in days").to_owned(),
            columns: vec![
                lang.pick("Abstand", "Interval").to_owned(),
                lang.pick("Fälle", "Cases").to_owned(),
                lang.pick("Anzahl", "Count").to_owned(),
                "Median".to_owned(),
                lang.pick("1. Quartil", "1st quartile").to_owned(),
                lang.pick("3. Quartil", "3rd quartile").to_owned(),
            ],
            rows,
        }
    }
}

/// The label of the institution responsible for a measure: its kind, never
/// its name (institution names identify).
fn responsible(case: &Case, m: &crate::model::Measure, lang: Lang) -> String {
    let kind = m
        .responsible
        .as_deref()
        .and_then(|id| case.institutions.iter().find(|i| i.id == id))
        .map(|i| i.kind);
    match (kind, lang) {
        (Some(k), Lang::De) => k.label_de().to_owned(),
        (Some(k), Lang::En) => k.label_en().to_owned(),
        (None, _) => lang.pick("(keine Angabe)", "(none)").to_owned(),
    }
}

fn is_overdue(m: &crate::model::Measure, as_of: Date) -> bool {
    m.status == MeasureStatus::Open && m.due.is_some_and(|d| d.last_day() < as_of.first_day())
}

/// Measures agreed in workshops: open, done, dropped and overdue per
/// municipality and responsible institution (by kind), with a row for all
/// of a municipality.
fn measures_table(
    groups: BTreeMap<(String, String), (usize, [usize; 4])>,
    options: &Options,
) -> Table {
    let (threshold, lang) = (options.threshold, options.lang);
    let all_label = lang.pick("(alle)", "(all)");
    // A municipality with too few cases with measures shows its "(all)" row
    // alone: one row of `<5` says as much as one per institution.
    let small: Vec<String> = groups
        .iter()
        .filter(|((_, who), (n, _))| who == all_label && *n < threshold)
        .map(|((m, _), _)| m.clone())
        .collect();
    let rows = groups
        .into_iter()
        .filter(|((m, who), _)| who == all_label || !small.contains(m))
        .map(|((municipality, who), (n, values))| {
            let mut row = vec![Cell::Text(municipality), Cell::Text(who), case_count(n, threshold)];
            row.extend(counts(&values, n, threshold));
            row
        })
        .collect();
    let status = |s: MeasureStatus| match lang {
        Lang::De => s.label_de().to_owned(),
        Lang::En => s.label_en().to_owned(),
    };
    Table {
        name: "measures",
        title: lang
            .pick(
                "Vereinbarte Maßnahmen nach Kommune und Verantwortlichen",
                "Agreed measures by municipality and responsible institution",
            )
            .to_owned(),
        columns: vec![
            lang.pick("Kommune", "Municipality").to_owned(),
            lang.pick("Verantwortlich", "Responsible").to_owned(),
            lang.pick("Fälle", "Cases").to_owned(),
            status(MeasureStatus::Open),
            status(MeasureStatus::Done),
            status(MeasureStatus::Dropped),
            lang.pick("überfällig", "overdue").to_owned(),
        ],
        rows,
    }
}

/// Overdue measures one by one (due date passed, still open), in
/// municipalities with at least `threshold` cases; a smaller municipality
/// with measures gets one row with nothing exact in it. The texts were
/// scrubbed like any free text.
fn overdue_table(
    overdue: BTreeMap<String, Overdue>,
    municipalities: &BTreeMap<String, Group>,
    options: &Options,
) -> Table {
    let (threshold, lang) = (options.threshold, options.lang);
    let mut rows = Vec::new();
    for (municipality, (mut listed, has_measures)) in overdue {
        let cases = municipalities.get(&municipality).map_or(0, |g| g.cases);
        if cases < threshold {
            if has_measures {
                let small = || Cell::Suppressed(format!("<{threshold}"));
                rows.push(vec![Cell::Text(municipality), small(), small(), small(), small()]);
            }
            continue;
        }
        listed.sort_by_key(|(d, _)| *d);
        rows.extend(listed.into_iter().map(|(_, row)| row));
    }
    Table {
        name: "overdue",
        title: match lang {
            Lang::De => format!("Überfällige Maßnahmen (Stand {})", options.as_of),
            Lang::En => format!("Overdue measures (as of {})", options.as_of),
        },
        columns: vec![
            lang.pick("Kommune", "Municipality").to_owned(),
            lang.pick("Verantwortlich", "Responsible").to_owned(),
            lang.pick("Maßnahme", "Measure").to_owned(),
            lang.pick("fällig", "due").to_owned(),
            lang.pick("Tage überfällig", "days overdue").to_owned(),
        ],
        rows,
    }
}

/// Writes a table as CSV; `excel`: semicolons, decimal comma, UTF-8 BOM.
pub fn write_csv(out: &mut dyn std::io::Write, table: &Table, excel: bool) -> std::io::Result<()> {
    if excel {
        out.write_all(crate::output::BOM)?;
    }
    let mut w = crate::output::csv_writer(out, excel);
    crate::output::csv_record(&mut w, &table.columns)?;
    for row in &table.rows {
        w.write_record(row.iter().map(|c| match c {
            Cell::Share(x) if !excel => format!("{x:.1}"),
            Cell::Share(x) => format!("{x:.1}").replace('.', ","),
            Cell::Text(t) | Cell::Suppressed(t) => crate::output::csv_cell(t).into_owned(),
            c => c.text(excel),
        }))?;
    }
    w.flush()
}

/// Writes a table as Markdown.
pub fn write_markdown(out: &mut dyn std::io::Write, table: &Table) -> std::io::Result<()> {
    writeln!(out, "### {}\n", table.title)?;
    writeln!(out, "| {} |", table.columns.join(" | "))?;
    writeln!(out, "|{}", "---|".repeat(table.columns.len()))?;
    for row in &table.rows {
        let cells: Vec<String> =
            row.iter().map(|c| crate::output::md_cell(&c.text(false))).collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    writeln!(out)
}

/// How many of the numbers in `tables` are suppressed, of all numbers.
pub fn suppressed_cells(tables: &[&Table]) -> (usize, usize) {
    let cells = tables.iter().flat_map(|t| t.rows.iter().flatten());
    cells.fold((0, 0), |(s, n), c| match c {
        Cell::Suppressed(_) => (s + 1, n + 1),
        Cell::Count(_) | Cell::Share(_) | Cell::Days(_) => (s, n + 1),
        Cell::Text(_) | Cell::Empty => (s, n),
    })
}

/// The note shown before a report whose numbers are mostly suppressed.
pub fn mostly_suppressed_note(tables: &[&Table], threshold: usize, lang: Lang) -> Option<String> {
    let (suppressed, all) = suppressed_cells(tables);
    (all > 0 && suppressed * 2 > all).then(|| match lang {
        Lang::De => format!(
            "Hinweis: {suppressed} von {all} Zahlen sind als <{threshold} unterdrückt, weil ihre \
             Gruppen weniger als {threshold} Fälle haben. Mehr Fälle zusammen auswerten oder, wenn \
             der Datenschutz es erlaubt, --threshold senken."
        ),
        Lang::En => format!(
            "Note: {suppressed} of {all} numbers are suppressed as <{threshold} because their \
             groups have fewer than {threshold} cases. Report more cases together or, where data \
             protection allows it, lower --threshold."
        ),
    })
}

/// The width terminal tables are laid out for: the terminal's, or 100
/// columns when the output is not a terminal.
fn terminal_width() -> u16 {
    use std::io::IsTerminal;
    if std::io::stdout().is_terminal()
        && let Some(w) = comfy_table::Table::new().width()
    {
        return w.max(60);
    }
    100
}

/// Writes a table for the terminal, to fit the terminal (100 columns when
/// not a terminal): a count and its share in one cell ("4 (50 %)", the share
/// rounded to whole percent), columns without any value left out, numbers
/// never wrapped, and a column of long texts (over 60 characters in some
/// row) listed under the table instead, keyed by the row's first cell.
pub fn write_table(out: &mut dyn std::io::Write, table: &Table, lang: Lang) -> std::io::Result<()> {
    use comfy_table::{ColumnConstraint, Width};
    let de = lang == Lang::De;
    let cell = |row: &[Cell], v: usize, share: Option<usize>| {
        let value = row.get(v).map(|c| c.text(de)).unwrap_or_default();
        match share.and_then(|s| row.get(s)) {
            Some(Cell::Share(x)) => format!("{value} ({x:.0} %)"),
            _ => value,
        }
    };
    // Columns to show: (header, value column, share column).
    let mut shown: Vec<(String, usize, Option<usize>)> = Vec::new();
    let mut below = Vec::new();
    let mut i = 0;
    while i < table.columns.len() {
        let share = (i + 1 < table.columns.len()
            && table.columns[i + 1] == format!("{} %", table.columns[i]))
        .then_some(i + 1);
        let values = || table.rows.iter().map(|r| r.get(i));
        if values().any(|c| !matches!(c, Some(Cell::Empty) | None)) || table.rows.is_empty() {
            let long = values().any(|c| matches!(c, Some(Cell::Text(t)) if t.chars().count() > 60));
            if long && i > 0 {
                below.push(i)
            } else {
                shown.push((table.columns[i].clone(), i, share))
            }
        }
        i += 1 + usize::from(share.is_some());
    }
    let mut t = comfy_table::Table::new();
    t.load_style(comfy_table::presets::UTF8_FULL_CONDENSED);
    t.set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
    t.set_width(terminal_width());
    t.set_header(shown.iter().map(|(h, _, _)| h.clone()).collect::<Vec<_>>());
    for row in &table.rows {
        t.add_row(shown.iter().map(|(_, v, s)| cell(row, *v, *s)).collect::<Vec<_>>());
    }
    // Numbers keep their width; headers wrap between words.
    let constraints = shown.iter().map(|(h, v, s)| {
        let numeric = table.rows.iter().all(|r| !matches!(r.get(*v), Some(Cell::Text(_))));
        let widest = table.rows.iter().map(|r| cell(r, *v, *s).chars().count()).max().unwrap_or(0);
        let word = h.split_whitespace().map(|w| w.chars().count()).max().unwrap_or(0);
        if numeric {
            // The width includes one space of padding on either side.
            ColumnConstraint::Absolute(Width::Fixed(widest.max(word) as u16 + 2))
        } else {
            ColumnConstraint::LowerBoundary(Width::Fixed(word.min(12) as u16 + 2))
        }
    });
    t.set_constraints(constraints);
    writeln!(out, "{}\n{t}", table.title)?;
    let width = usize::from(terminal_width());
    for c in below {
        writeln!(out, "{}:", table.columns[c])?;
        for row in &table.rows {
            if let (Some(key), Some(Cell::Text(text))) = (row.first(), row.get(c))
                && !text.is_empty()
            {
                let key = key.text(de);
                let indent = key.chars().count() + 4;
                for (k, line) in wrap(text, width.saturating_sub(indent).max(20)).iter().enumerate()
                {
                    if k == 0 {
                        writeln!(out, "  {key}: {line}")?;
                    } else {
                        writeln!(out, "{:indent$}{line}", "")?;
                    }
                }
            }
        }
    }
    writeln!(out)
}

/// Breaks `text` into lines of at most `width` characters between words (a
/// longer word gets a line of its own).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quartiles_interpolate() {
        assert_eq!(quartiles(vec![1, 2, 3, 4, 5]), Some((2.0, 3.0, 4.0)));
        assert_eq!(quartiles(vec![7]), Some((7.0, 7.0, 7.0)));
        assert_eq!(quartiles(vec![]), None);
    }

    #[test]
    fn small_groups_are_suppressed() {
        let row = status_cells(&[1, 2, 0, 0, 0], 3, 5);
        assert!(row.iter().all(|c| matches!(c, Cell::Suppressed(_) | Cell::Empty)));
        // 4 of 4 applicable cases not met: 100 %, whatever the not
        // applicable ones.
        let row = status_cells(&[0, 4, 0, 0, 2], 6, 5);
        assert_eq!(row[0], Cell::Count(0));
        assert_eq!(row[2], Cell::Count(4));
        assert_eq!(row[3], Cell::Share(100.0));
        assert_eq!(row[8], Cell::Count(2));
        assert_eq!(row.len(), 9);
    }
}
