//! Statistics across many cases: checklist results per item, per category,
//! per municipality and per cluster; contributory factors; outcomes; and the
//! key intervals. Every table is a [`Table`] of cells, rendered alike as a
//! terminal table, CSV, JSON or Markdown.
//!
//! Small groups are never shown exactly: a group of fewer cases than the
//! threshold (default 5) shows `<5` in every count, so that a report cannot
//! single out a case.

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
    /// A share between 0 and 1.
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
            Cell::Share(x) => num(*x * 100.0, 1) + " %",
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

/// For one item: how many of the results have each counted status.
fn item_counts<'r, 'a: 'r>(
    results: impl Iterator<Item = &'r CaseResult<'a>> + Clone,
    id: &str,
) -> Vec<usize> {
    COUNTED
        .iter()
        .map(|s| results.clone().filter(|r| r.item(id).is_some_and(|i| i.status == *s)).count())
        .collect()
}

/// A row of counts for a group of `cases` cases: exact, or suppressed.
fn counts(values: &[usize], cases: usize, threshold: usize, with_shares: bool) -> Vec<Cell> {
    let total: usize = values.iter().sum();
    let small = cases < threshold;
    let mut out = Vec::new();
    for &v in values {
        if small {
            out.push(Cell::Suppressed(format!("<{threshold}")));
        } else {
            out.push(Cell::Count(v));
        }
        if with_shares {
            out.push(if small || total == 0 {
                Cell::Empty
            } else {
                Cell::Share(v as f64 / total as f64)
            });
        }
    }
    out
}

fn quartiles(mut v: Vec<i32>) -> Option<(f64, f64, f64, i32)> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    let q = |p: f64| {
        let pos = p * (v.len() - 1) as f64;
        let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
        f64::from(v[lo]) + (f64::from(v[hi]) - f64::from(v[lo])) * (pos - lo as f64)
    };
    Some((q(0.25), q(0.5), q(0.75), *v.last().unwrap_or(&0)))
}

/// A test on the event that ends an interval.
type EventTest = Box<dyn Fn(&crate::model::Event) -> bool>;

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

/// Builds every table of the report.
pub fn build(
    list: &Checklist,
    cases: &[(&Case, &CaseResult<'_>)],
    options: &Options,
) -> Vec<Table> {
    let (threshold, lang) = (options.threshold, options.lang);
    let n = cases.len();
    // A count and a share column per status.
    let status_columns = || {
        let mut c = Vec::new();
        for s in COUNTED {
            c.push(status_label(s, lang));
            c.push(format!("{} %", status_label(s, lang)));
        }
        c
    };
    let mut tables = Vec::new();

    // Per item: cases by status; then the cases judged by today's law (an
    // activation before the item's `since`) and why the item can be not
    // applicable.
    let mut rows = Vec::new();
    for (item, _) in list.rules() {
        let values = item_counts(cases.iter().map(|(_, r)| *r), &item.id);
        let mut row =
            vec![Cell::Text(item.id.clone()), Cell::Text(item.title.get(lang).to_owned())];
        row.extend(counts(&values, n, threshold, true));
        row.push(match item.since {
            Some(_) => {
                let today = cases
                    .iter()
                    .filter(|(_, r)| {
                        r.item(&item.id)
                            .is_some_and(|i| i.activations.iter().any(|a| a.todays_law.is_some()))
                    })
                    .count();
                counts(&[today], n, threshold, false).remove(0)
            }
            None => Cell::Empty,
        });
        row.push(Cell::Text(na_reason(item, cases, lang)));
        rows.push(row);
    }
    let mut columns =
        vec![lang.pick("Punkt", "Item").to_owned(), lang.pick("Titel", "Title").to_owned()];
    columns.extend(status_columns());
    columns.push(lang.pick("nach heutigem Recht", "by today's law").to_owned());
    columns.push(lang.pick("nicht einschlägig, wenn", "not applicable when").to_owned());
    tables.push(Table {
        name: "items",
        title: lang.pick("Prüfpunkte: Fälle nach Status", "Items: cases by status").to_owned(),
        columns,
        rows,
    });

    // By category: the item results of its items, over all cases.
    let mut by_category: BTreeMap<String, [usize; 5]> = BTreeMap::new();
    for (item, _) in list.rules() {
        let label = match lang {
            Lang::De => item.category.label_de().to_owned(),
            Lang::En => item.category.label_en().to_owned(),
        };
        let entry = by_category.entry(label).or_insert([0; 5]);
        for (k, v) in item_counts(cases.iter().map(|(_, r)| *r), &item.id).into_iter().enumerate() {
            entry[k] += v;
        }
    }
    let mut columns =
        vec![lang.pick("Kategorie", "Category").to_owned(), lang.pick("Fälle", "Cases").to_owned()];
    columns.extend(status_columns());
    tables.push(Table {
        name: "categories",
        title: lang
            .pick("Nach Kategorie (Prüfpunkt-Ergebnisse)", "By category (item results)")
            .to_owned(),
        columns,
        rows: by_category
            .into_iter()
            .map(|(k, values)| {
                let mut row = vec![Cell::Text(k), case_count(n, threshold)];
                row.extend(counts(&values, n, threshold, true));
                row
            })
            .collect(),
    });
    // By municipality and by cluster: per item, the cases of each group.
    let per_group =
        |name: &'static str, title: String, key_title: String, key: &dyn Fn(&Case) -> String| {
            let mut groups: BTreeMap<String, Vec<&CaseResult<'_>>> = BTreeMap::new();
            for (case, r) in cases {
                groups.entry(key(case)).or_default().push(r);
            }
            let mut columns = vec![
                key_title,
                lang.pick("Punkt", "Item").to_owned(),
                lang.pick("Fälle", "Cases").to_owned(),
            ];
            columns.extend(status_columns());
            let mut rows = Vec::new();
            for (group, results) in groups {
                let cases_in = results.len();
                for (item, _) in list.rules() {
                    let values = item_counts(results.iter().copied(), &item.id);
                    let mut row = vec![
                        Cell::Text(group.clone()),
                        Cell::Text(item.id.clone()),
                        case_count(cases_in, threshold),
                    ];
                    row.extend(counts(&values, cases_in, threshold, true));
                    rows.push(row);
                }
            }
            Table { name, title, columns, rows }
        };
    let none = lang.pick("(keine Angabe)", "(none)").to_owned();
    tables.push(per_group(
        "municipalities",
        lang.pick("Nach Kommune: Fälle je Prüfpunkt", "By municipality: cases per item").to_owned(),
        lang.pick("Kommune", "Municipality").to_owned(),
        &|c| c.case.municipality.clone(),
    ));
    tables.push(per_group(
        "clusters",
        lang.pick("Nach Kinderschutzcluster: Fälle je Prüfpunkt", "By cluster: cases per item")
            .to_owned(),
        lang.pick("Cluster", "Cluster").to_owned(),
        &|c| c.case.cluster.clone().unwrap_or_else(|| none.clone()),
    ));

    // Contributory factors in findings.
    let mut rows = Vec::new();
    for e in Factor::entries() {
        let findings: usize = cases
            .iter()
            .map(|(c, _)| c.findings.iter().filter(|f| f.factor == e.value).count())
            .sum();
        let with: usize =
            cases.iter().filter(|(c, _)| c.findings.iter().any(|f| f.factor == e.value)).count();
        if findings == 0 {
            continue;
        }
        let label = match lang {
            Lang::De => e.value.label_de(),
            Lang::En => e.value.label_en(),
        };
        let mut row = vec![Cell::Text(label.to_owned())];
        row.push(Cell::Count(findings));
        row.push(case_count(with, threshold));
        rows.push(row);
    }
    tables.push(Table {
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
    });

    // Outcomes.
    let mut by_outcome: BTreeMap<String, usize> = BTreeMap::new();
    for (c, _) in cases {
        let label = match (c.case.outcome, lang) {
            (Some(o), Lang::De) => o.label_de().to_owned(),
            (Some(o), Lang::En) => o.label_en().to_owned(),
            (None, _) => none.clone(),
        };
        *by_outcome.entry(label).or_default() += 1;
    }
    tables.push(Table {
        name: "outcomes",
        title: lang.pick("Fälle nach Ausgang", "Cases by outcome").to_owned(),
        columns: vec![
            lang.pick("Ausgang", "Outcome").to_owned(),
            lang.pick("Fälle", "Cases").to_owned(),
        ],
        rows: by_outcome
            .into_iter()
            .map(|(k, v)| vec![Cell::Text(k), case_count(v, threshold)])
            .collect(),
    });

    // Key intervals in days.
    let spans: [(&str, &str, EventKind, EventTest); 3] = [
        (
            "Meldung → Gefährdungseinschätzung",
            "report → risk assessment",
            EventKind::Report,
            Box::new(|e| e.kind == EventKind::RiskAssessment),
        ),
        (
            "Meldung → Kind gesehen",
            "report → child seen",
            EventKind::Report,
            Box::new(|e| e.child_seen == Some(true)),
        ),
        (
            "Fallübergabe → Neueinschätzung",
            "handover → reassessment",
            EventKind::Handover,
            Box::new(|e| {
                e.kind == EventKind::RiskAssessment
                    || (e.kind == EventKind::HomeVisit && e.child_seen == Some(true))
            }),
        ),
    ];
    let mut rows = Vec::new();
    for (de, en, from, to) in &spans {
        let mut all = Vec::new();
        let mut cases_with = 0;
        for (c, _) in cases {
            let v = intervals(c, *from, to.as_ref());
            cases_with += usize::from(!v.is_empty());
            all.extend(v);
        }
        let mut row = vec![Cell::Text(lang.pick(de, en).to_owned())];
        match quartiles(all.clone()) {
            Some((q1, med, q3, max)) if cases_with >= threshold => {
                row.extend([
                    Cell::Count(all.len()),
                    Cell::Days(med),
                    Cell::Days(q1),
                    Cell::Days(q3),
                    Cell::Days(f64::from(max)),
                ]);
            }
            Some(_) => {
                row.push(Cell::Suppressed(format!("<{threshold}")));
                row.extend(std::iter::repeat_n(Cell::Empty, 4));
            }
            None => {
                row.push(Cell::Count(0));
                row.extend(std::iter::repeat_n(Cell::Empty, 4));
            }
        }
        rows.push(row);
    }
    tables.push(Table {
        name: "intervals",
        title: lang.pick("Zentrale Zeitabstände in Tagen", "Key intervals in days").to_owned(),
        columns: vec![
            lang.pick("Abstand", "Interval").to_owned(),
            lang.pick("Anzahl", "Count").to_owned(),
            "Median".to_owned(),
            lang.pick("1. Quartil", "1st quartile").to_owned(),
            lang.pick("3. Quartil", "3rd quartile").to_owned(),
            "Max".to_owned(),
        ],
        rows,
    });
    let all: Vec<&Case> = cases.iter().map(|(c, _)| *c).collect();
    tables.push(measures(&all, options));
    tables.push(overdue(&all, options));
    tables
}

/// Why an item was not applicable: the distinct reasons of the cases (the
/// checklist's, or a missing position), else the checklist's reason.
fn na_reason(
    item: &crate::checklist::Item,
    cases: &[(&Case, &CaseResult<'_>)],
    lang: Lang,
) -> String {
    let mut reasons: Vec<String> = Vec::new();
    for (_, r) in cases {
        if let Some(na) = r.item(&item.id).and_then(|i| i.not_applicable.as_ref()) {
            let text = crate::checklist::render::not_applicable_reason(na, lang);
            if !reasons.contains(&text) {
                reasons.push(text);
            }
        }
    }
    if reasons.is_empty()
        && let Some(text) = &item.not_applicable
    {
        reasons.push(text.get(lang).to_owned());
    }
    reasons.join("; ")
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
fn measures(cases: &[&Case], options: &Options) -> Table {
    let (threshold, lang) = (options.threshold, options.lang);
    let all_label = lang.pick("(alle)", "(all)").to_owned();
    // (municipality, responsible) → (cases, [open, done, dropped, overdue])
    let mut groups: BTreeMap<(String, String), (usize, [usize; 4])> = BTreeMap::new();
    for case in cases.iter().filter(|c| !c.measures.is_empty()) {
        let mut seen: Vec<String> = Vec::new();
        for m in &case.measures {
            let who = responsible(case, m, lang);
            for key in [who.clone(), all_label.clone()] {
                let entry =
                    groups.entry((case.case.municipality.clone(), key.clone())).or_default();
                if !seen.contains(&key) {
                    seen.push(key);
                    entry.0 += 1;
                }
                entry.1[m.status as usize] += 1;
                entry.1[3] += usize::from(is_overdue(m, options.as_of));
            }
        }
    }
    let rows = groups
        .into_iter()
        .map(|((municipality, who), (n, values))| {
            let mut row = vec![Cell::Text(municipality), Cell::Text(who), case_count(n, threshold)];
            row.extend(counts(&values, n, threshold, false));
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
/// gets one row with nothing exact in it. The measure's text is scrubbed
/// like any free text before it is shown.
fn overdue(cases: &[&Case], options: &Options) -> Table {
    let (threshold, lang) = (options.threshold, options.lang);
    let mut per_municipality: BTreeMap<&str, Vec<&Case>> = BTreeMap::new();
    for case in cases {
        per_municipality.entry(&case.case.municipality).or_default().push(case);
    }
    let mut rows = Vec::new();
    for (municipality, group) in per_municipality {
        if group.len() < threshold {
            if group.iter().any(|c| !c.measures.is_empty()) {
                let small = || Cell::Suppressed(format!("<{threshold}"));
                rows.push(vec![
                    Cell::Text(municipality.to_owned()),
                    small(),
                    small(),
                    small(),
                    small(),
                ]);
            }
            continue;
        }
        let mut listed = Vec::new();
        for case in group {
            let due: Vec<&crate::model::Measure> =
                case.measures.iter().filter(|m| is_overdue(m, options.as_of)).collect();
            if due.is_empty() {
                continue;
            }
            let scrubber = crate::anonymise::case_scrubber(case);
            for m in due {
                let date = m.due.unwrap_or(options.as_of);
                listed.push((
                    date.first_day(),
                    vec![
                        Cell::Text(municipality.to_owned()),
                        Cell::Text(responsible(case, m, lang)),
                        Cell::Text(scrubber.scrub(&m.text).text),
                        Cell::Text(date.to_string()),
                        Cell::Count((options.as_of.first_day() - date.last_day()).max(0) as usize),
                    ],
                ));
            }
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
        out.write_all(b"\xEF\xBB\xBF")?;
    }
    let mut w =
        csv::WriterBuilder::new().delimiter(if excel { b';' } else { b',' }).from_writer(out);
    crate::output::csv_record(&mut w, &table.columns)?;
    for row in &table.rows {
        w.write_record(row.iter().map(|c| match c {
            Cell::Share(x) if !excel => format!("{x:.4}"),
            Cell::Share(x) => format!("{x:.4}").replace('.', ","),
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

/// Writes a table for the terminal.
pub fn write_table(out: &mut dyn std::io::Write, table: &Table, lang: Lang) -> std::io::Result<()> {
    let mut t = comfy_table::Table::new();
    t.load_style(comfy_table::presets::UTF8_FULL_CONDENSED);
    t.set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
    t.set_header(table.columns.clone());
    for row in &table.rows {
        t.add_row(row.iter().map(|c| c.text(lang == Lang::De)).collect::<Vec<_>>());
    }
    writeln!(out, "{}\n{t}\n", table.title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quartiles_interpolate() {
        assert_eq!(quartiles(vec![1, 2, 3, 4, 5]), Some((2.0, 3.0, 4.0, 5)));
        assert_eq!(quartiles(vec![7]), Some((7.0, 7.0, 7.0, 7)));
        assert_eq!(quartiles(vec![]), None);
    }

    #[test]
    fn small_groups_are_suppressed() {
        let row = counts(&[1, 2], 3, 5, true);
        assert!(row.iter().all(|c| matches!(c, Cell::Suppressed(_) | Cell::Empty)));
        let row = counts(&[1, 3], 6, 5, true);
        assert_eq!(row[0], Cell::Count(1));
        assert_eq!(row[1], Cell::Share(0.25));
    }
}
