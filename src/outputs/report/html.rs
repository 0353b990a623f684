//! `report --format html`: one self-contained page for a cluster meeting —
//! inline CSS and SVG, no scripts, no external assets, printable on A4. It
//! is drawn from the same [`Table`]s as every other format, so the same
//! suppression rules hold: a suppressed group is drawn as a grey bar
//! labelled `<5`, never as a number.

use std::fmt::Write as _;

use super::{Cell, Table};
use crate::export::escape_markup as esc;
use crate::lang::Lang;

/// The colours of met, not met, unknown, excepted (and not applicable).
const COLOURS: [&str; 5] = ["#2e7d32", "#c62828", "#f9a825", "#1565c0", "#bdbdbd"];

const CSS: &str = "
@page { size: A4; margin: 14mm; }
body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 10pt; color: #111; max-width: 190mm; margin: auto; }
h1 { font-size: 16pt; margin-bottom: 1mm; } h2 { font-size: 12.5pt; margin-top: 6mm; border-bottom: 1px solid #999; break-after: avoid; }
p.note { border-left: 3px solid #c62828; padding: 1mm 3mm; background: #fff4f4; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0; }
th, td { border: 1px solid #bbb; padding: 1mm 1.5mm; text-align: left; vertical-align: top; font-size: 9pt; }
thead { display: table-header-group; } tr { break-inside: avoid; }
th { background: #eee; } td.num { text-align: right; white-space: nowrap; }
.legend > span { margin-right: 5mm; white-space: nowrap; }
.swatch { display: inline-block; width: 3.5mm; height: 3.5mm; vertical-align: -0.5mm; margin-right: 1mm; border: 1px solid #666; }
svg.bar { width: 100%; height: 5mm; display: block; }
svg.box { width: 100%; height: auto; display: block; }
td.heat { text-align: center; font-size: 8.5pt; }
.small { color: #555; font-size: 8.5pt; }
";

/// What the page says about the run besides the tables.
pub struct Page<'a> {
    pub checklist: &'a str,
    pub cases: usize,
    pub threshold: usize,
    pub note: Option<String>,
    pub lang: Lang,
}

/// The whole page.
pub fn html(tables: &[&Table], page: &Page<'_>) -> String {
    let lang = page.lang;
    let mut s = String::new();
    let title = lang.pick("Auswertung über Fälle", "Report across cases");
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{title}</title><style>{CSS}</style></head><body><h1>{title}</h1>",
        lang.pick("de", "en")
    );
    let _ = write!(
        s,
        "<p>{} {} · {} {} · {}</p>",
        page.cases,
        lang.pick("Fälle", "cases"),
        lang.pick("Checkliste", "checklist"),
        esc(page.checklist),
        esc(&match lang {
            Lang::De => format!(
                "Gruppen mit weniger als {0} Fällen werden nie genau gezeigt (<{0})",
                page.threshold
            ),
            Lang::En => format!(
                "groups of fewer than {0} cases are never shown exactly (<{0})",
                page.threshold
            ),
        })
    );
    if let Some(note) = &page.note {
        let _ = write!(s, "<p class=\"note\">{}</p>", esc(note));
    }
    for t in tables {
        let _ = write!(s, "<h2>{}</h2>", esc(&t.title));
        match t.name {
            "items" => status_bars(&mut s, t, 2, 2, lang),
            "categories" => status_bars(&mut s, t, 1, 2, lang),
            "municipalities" | "clusters" => heat_map(&mut s, t, page.threshold, lang),
            "intervals" => box_plots(&mut s, t, lang),
            _ => plain(&mut s, t, lang),
        }
    }
    s.push_str("</body></html>\n");
    s
}

/// The five status counts of a row from column `at` on (count, share pairs
/// and a last count), or `None` when they are suppressed.
fn statuses(row: &[Cell], at: usize) -> Option<[usize; 5]> {
    let at_col = |k: usize| if k < 4 { at + 2 * k } else { at + 8 };
    let mut out = [0; 5];
    for (k, v) in out.iter_mut().enumerate() {
        match row.get(at_col(k)) {
            Some(Cell::Count(n)) => *v = *n,
            _ => return None,
        }
    }
    Some(out)
}

fn legend(s: &mut String, lang: Lang) {
    let labels = [
        lang.pick("erfüllt", "met"),
        lang.pick("nicht erfüllt", "not met"),
        lang.pick("unklar", "unknown"),
        lang.pick("begründete Ausnahme", "excepted"),
    ];
    s.push_str("<p class=\"legend\">");
    for (label, colour) in labels.iter().zip(COLOURS) {
        let _ = write!(
            s,
            "<span><span class=\"swatch\" style=\"background:{colour}\"></span>{label}</span>"
        );
    }
    let _ = write!(
        s,
        "<span class=\"small\">{}</span></p>",
        lang.pick(
            "Anteile unter den einschlägigen Fällen; nicht einschlägige nur gezählt",
            "shares among the cases an item applies to; not applicable ones only counted"
        )
    );
}

/// One stacked bar of met / not met / unknown / excepted, or a grey bar
/// saying `<N` when suppressed.
fn bar(values: Option<[usize; 5]>, suppressed: &str) -> String {
    let mut s = String::from(
        "<svg class=\"bar\" viewBox=\"0 0 100 5\" preserveAspectRatio=\"none\" role=\"img\">",
    );
    match values {
        Some(v) if v[..4].iter().sum::<usize>() > 0 => {
            let total: usize = v[..4].iter().sum();
            let mut x = 0.0;
            for (k, n) in v[..4].iter().enumerate() {
                let w = 100.0 * *n as f64 / total as f64;
                if w > 0.0 {
                    let _ = write!(
                        s,
                        "<rect x=\"{x:.2}\" y=\"0\" width=\"{w:.2}\" height=\"5\" fill=\"{}\"/>",
                        COLOURS[k]
                    );
                }
                x += w;
            }
        }
        Some(_) => {
            s.push_str("<rect x=\"0\" y=\"0\" width=\"100\" height=\"5\" fill=\"#f3f3f3\"/>")
        }
        None => {
            let _ = write!(
                s,
                "<rect x=\"0\" y=\"0\" width=\"100\" height=\"5\" fill=\"#e0e0e0\"/><title>{}</title>",
                esc(suppressed)
            );
        }
    }
    s.push_str("</svg>");
    s
}

/// Items or categories: a stacked bar per row, with the counts beside it;
/// `label_cols` columns name the row, the statuses start at column `at`.
fn status_bars(s: &mut String, t: &Table, label_cols: usize, at: usize, lang: Lang) {
    if t.rows.iter().all(|r| matches!(r.get(at), Some(Cell::Suppressed(_)))) {
        // Nothing to draw: one line instead of a grey bar per row.
        let _ = write!(
            s,
            "<p class=\"small\">{} ({})</p>",
            lang.pick(
                "Zu wenige Fälle: alle Zahlen unterdrückt",
                "Too few cases: every number suppressed"
            ),
            esc(&t.rows.first().and_then(|r| r.get(at)).map(|c| c.text(false)).unwrap_or_default())
        );
        return;
    }
    legend(s, lang);
    let _ = write!(
        s,
        "<table><thead><tr><th>{}</th><th style=\"width:45%\">{}</th><th>{}</th></tr></thead><tbody>",
        esc(&t.columns[..label_cols].join(" · ")),
        lang.pick("Ergebnisse", "Results"),
        lang.pick(
            "erfüllt / nicht / unklar / Ausnahme · nicht einschlägig",
            "met / not / unknown / excepted · n/a"
        ),
    );
    for row in &t.rows {
        let label: Vec<String> =
            row[..label_cols].iter().map(|c| c.text(lang == Lang::De)).collect();
        let v = statuses(row, at);
        let suppressed = row.get(at).map(|c| c.text(false)).unwrap_or_default();
        let counts = match v {
            Some(v) => format!("{} / {} / {} / {} · {}", v[0], v[1], v[2], v[3], v[4]),
            None => suppressed.clone(),
        };
        let _ = write!(
            s,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
            esc(&label.join(" · ")),
            bar(v, &suppressed),
            esc(&counts)
        );
    }
    s.push_str("</tbody></table>");
    if t.name == "items" {
        // The reasons an item did not apply, as the other formats give them.
        if let Some(col) = t.columns.len().checked_sub(1)
            && t.rows.iter().any(|r| matches!(r.get(col), Some(Cell::Text(x)) if !x.is_empty()))
        {
            let _ = write!(s, "<p class=\"small\"><strong>{}:</strong> ", esc(&t.columns[col]));
            let parts: Vec<String> = t
                .rows
                .iter()
                .filter_map(|r| match (r.first(), r.get(col)) {
                    (Some(k), Some(Cell::Text(x))) if !x.is_empty() => {
                        Some(format!("{} – {}", esc(&k.text(false)), esc(x)))
                    }
                    _ => None,
                })
                .collect();
            s.push_str(&parts.join("; "));
            s.push_str("</p>");
        }
    }
}

/// Municipalities or clusters compared: items down, groups across, each
/// cell the share not met among the applicable cases (deeper red = more);
/// groups below the threshold are named once, below.
fn heat_map(s: &mut String, t: &Table, threshold: usize, lang: Lang) {
    let mut groups: Vec<String> = Vec::new();
    let mut small: Vec<String> = Vec::new();
    let mut items: Vec<String> = Vec::new();
    for row in &t.rows {
        let (Some(Cell::Text(g)), Some(Cell::Text(item))) = (row.first(), row.get(1)) else {
            continue;
        };
        if matches!(row.get(2), Some(Cell::Suppressed(_))) {
            if !small.contains(g) {
                small.push(g.clone());
            }
            continue;
        }
        if !groups.contains(g) {
            groups.push(g.clone());
        }
        if !items.contains(item) {
            items.push(item.clone());
        }
    }
    if groups.is_empty() {
        let _ = write!(
            s,
            "<p class=\"small\">{}</p>",
            esc(&match lang {
                Lang::De => format!("Keine Gruppe hat {threshold} oder mehr Fälle."),
                Lang::En => format!("No group has {threshold} or more cases."),
            })
        );
    } else {
        let _ = write!(
            s,
            "<p class=\"small\">{}</p><table><thead><tr><th>{}</th>",
            lang.pick(
                "Anteil „nicht erfüllt“ unter den einschlägigen Fällen je Prüfpunkt; je dunkler, desto höher.",
                "Share not met among the applicable cases per item; the darker, the higher."
            ),
            esc(&t.columns[1])
        );
        for g in &groups {
            let _ = write!(s, "<th>{}</th>", esc(g));
        }
        s.push_str("</tr></thead><tbody>");
        for item in &items {
            let _ = write!(s, "<tr><td>{}</td>", esc(item));
            for g in &groups {
                let row = t.rows.iter().find(|r| {
                    matches!((r.first(), r.get(1)), (Some(Cell::Text(a)), Some(Cell::Text(b))) if a == g && b == item)
                });
                match row.and_then(|r| statuses(r, 3)) {
                    Some(v) if v[..4].iter().sum::<usize>() > 0 => {
                        let share = v[1] as f64 / v[..4].iter().sum::<usize>() as f64;
                        let _ = write!(
                            s,
                            "<td class=\"heat\" style=\"background:rgba(198,40,40,{:.2});color:{}\">{:.0} %</td>",
                            0.08 + 0.8 * share,
                            if share > 0.55 { "#fff" } else { "#111" },
                            share * 100.0
                        );
                    }
                    _ => s.push_str("<td class=\"heat small\">–</td>"),
                }
            }
            s.push_str("</tr>");
        }
        s.push_str("</tbody></table>");
    }
    if !small.is_empty() {
        let _ = write!(
            s,
            "<p class=\"small\">{} {}</p>",
            esc(&match lang {
                Lang::De => format!("Mit weniger als {threshold} Fällen, nicht einzeln gezeigt:"),
                Lang::En => format!("Fewer than {threshold} cases, not shown one by one:"),
            }),
            esc(&small.join(", "))
        );
    }
}

/// First quartile, median, third quartile.
type Quartiles = (f64, f64, f64);

/// Intervals as box plots on one day scale: the box from the first to the
/// third quartile, the median as a line. No whiskers: the shortest and
/// longest interval are single cases' values.
fn box_plots(s: &mut String, t: &Table, lang: Lang) {
    let num = |c: Option<&Cell>| match c {
        Some(Cell::Days(x)) => Some(*x),
        _ => None,
    };
    let rows: Vec<(String, Option<Quartiles>, String)> = t
        .rows
        .iter()
        .map(|r| {
            let label = r.first().map(|c| c.text(false)).unwrap_or_default();
            let q = match (num(r.get(4)), num(r.get(3)), num(r.get(5))) {
                (Some(q1), Some(m), Some(q3)) => Some((q1, m, q3)),
                _ => None,
            };
            let count = r.get(2).map(|c| c.text(lang == Lang::De)).unwrap_or_default();
            (label, q, count)
        })
        .collect();
    let max = rows.iter().filter_map(|(_, q, _)| q.map(|q| q.2)).fold(1.0f64, f64::max) * 1.1;
    let (left, width, line) = (250.0, 330.0, 26.0);
    let height = 30.0 + line * rows.len() as f64;
    let _ =
        write!(s, "<svg class=\"box\" viewBox=\"0 0 660 {height}\" font-size=\"11\" role=\"img\">");
    // Axis with five ticks.
    for k in 0..=4 {
        let v = max * k as f64 / 4.0;
        let x = left + width * k as f64 / 4.0;
        let _ = write!(
            s,
            "<line x1=\"{x:.1}\" y1=\"8\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"#ddd\"/><text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{v:.0}</text>",
            height - 18.0,
            height - 5.0
        );
    }
    for (k, (label, q, count)) in rows.iter().enumerate() {
        let y = 10.0 + line * k as f64;
        let _ = write!(s, "<text x=\"0\" y=\"{:.1}\">{}</text>", y + 12.0, esc(label));
        match q {
            Some((q1, m, q3)) => {
                let px = |v: f64| left + width * v / max;
                let _ = write!(
                    s,
                    "<rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"16\" fill=\"#90caf9\" stroke=\"#1565c0\"/><line x1=\"{m_x:.1}\" y1=\"{y:.1}\" x2=\"{m_x:.1}\" y2=\"{:.1}\" stroke=\"#0d47a1\" stroke-width=\"2.5\"/><text x=\"{:.1}\" y=\"{:.1}\">n={}</text>",
                    px(*q1),
                    (px(*q3) - px(*q1)).max(1.5),
                    y + 16.0,
                    left + width + 8.0,
                    y + 12.0,
                    esc(count),
                    m_x = px(*m)
                );
            }
            None => {
                let _ = write!(
                    s,
                    "<text x=\"{left}\" y=\"{:.1}\" fill=\"#777\">{}</text>",
                    y + 12.0,
                    esc(&if count == "0" {
                        lang.pick("keine Werte", "no values").to_owned()
                    } else {
                        format!("{} ({count})", lang.pick("nicht gezeigt", "not shown"))
                    })
                );
            }
        }
    }
    let _ = write!(
        s,
        "</svg><p class=\"small\">{}</p>",
        lang.pick(
            "Tage; Kasten vom 1. bis 3. Quartil, Strich = Median. Keine Extremwerte: sie wären Werte einzelner Fälle.",
            "Days; box from the 1st to the 3rd quartile, line = median. No extremes: they would be single cases' values."
        )
    );
}

/// Any other table as an HTML table.
fn plain(s: &mut String, t: &Table, lang: Lang) {
    if t.rows.is_empty() {
        let _ = write!(s, "<p class=\"small\">{}</p>", lang.pick("Keine Einträge.", "No entries."));
        return;
    }
    s.push_str("<table><thead><tr>");
    for c in &t.columns {
        let _ = write!(s, "<th>{}</th>", esc(c));
    }
    s.push_str("</tr></thead><tbody>");
    for row in &t.rows {
        s.push_str("<tr>");
        for c in row {
            let class = if matches!(c, Cell::Text(_)) { "" } else { " class=\"num\"" };
            let _ = write!(s, "<td{class}>{}</td>", esc(&c.text(lang == Lang::De)));
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table>");
}
