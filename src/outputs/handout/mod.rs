//! The workshop handout: one self-contained HTML file (inline CSS and SVG,
//! no scripts, no external assets) that prints to A4: case summary, a
//! swimlane timeline, the checklist results with evidence and exceptions, the
//! key practice episodes with their findings, and the guided questions with
//! room for notes.

use std::fmt::Write as _;

use crate::checklist::render::{item_detail, status_label};
use crate::checklist::{Body, CaseResult, Checklist};
use crate::export::escape_markup as esc;
use crate::lang::Lang;
use crate::model::{Case, Entity};
use crate::vocab::Vocabulary;

pub mod timeline;

const CSS: &str = "
@page { size: A4; margin: 14mm; }
body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 10pt; color: #111; max-width: 190mm; margin: auto; }
h1 { font-size: 16pt; margin-bottom: 2mm; } h2 { font-size: 12.5pt; margin-top: 6mm; border-bottom: 1px solid #999; break-after: avoid; }
h3 { font-size: 11pt; break-after: avoid; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #bbb; padding: 2px 4px; vertical-align: top; text-align: left; }
thead { display: table-header-group; } tr { break-inside: avoid; }
th { background: #eee; } .status-not_met { color: #a00; font-weight: bold; } .status-excepted { color: #06c; } .status-unknown { color: #a60; }
.meta td:first-child { width: 35mm; font-weight: bold; }
figure { margin: 0; break-inside: avoid; }
svg.timeline { width: 100%; height: auto; font-family: 'DejaVu Sans', Arial, sans-serif; }
svg.timeline text { fill: #111; }
.lane-0 { fill: #fafafa; } .lane-1 { fill: #f0f0f0; } .child-strip { fill: #f3f8f3; } .lane-label { font-weight: bold; }
.grid { stroke: #ddd; stroke-width: 0.6; } .tick, .axis-line { stroke: #555; stroke-width: 0.8; } .year { font-weight: bold; }
.event circle { fill: #fff; stroke: #333; stroke-width: 1.4; } .event text { text-anchor: middle; font-weight: bold; }
.event.child-seen circle { fill: #c8e6c9; stroke: #2e7d32; }
.event.not-met circle { stroke: #c62828; stroke-width: 3; } .event.month circle { stroke-dasharray: 3 2; }
.event.ghost circle { fill: none; stroke: #555; stroke-width: 1.2; stroke-dasharray: 2.5 2; } svg.timeline .event.ghost text { fill: #444; font-weight: normal; }
.event.seen circle { stroke: #fff; stroke-width: 1; } svg.timeline .event.seen text { fill: #fff; }
.link { stroke: #999; stroke-width: 0.8; stroke-dasharray: 1 2; }
.unseen { stroke: #8a8; stroke-width: 2; } .unseen.long { stroke: #c62828; stroke-width: 3; } svg.timeline .unseen-label { fill: #c62828; }
.episode { fill: #90caf9; stroke: #1565c0; stroke-width: 0.8; } .episode-label { fill: #0d47a1; }
.item-gap { fill: #ef9a9a; stroke: #c62828; } svg.timeline .item-gap-label { fill: #b71c1c; font-weight: bold; }
.legend { font-size: 9pt; line-height: 1.7; } .legend > span { margin-right: 5mm; white-space: nowrap; }
.legend svg { width: 4.2mm; height: 4.2mm; vertical-align: -1mm; margin-right: 1mm; }
.notes { border: 1px solid #999; height: 24mm; margin: 2mm 0 4mm; } .question { break-inside: avoid; }
.events td:first-child { text-align: right; font-weight: bold; width: 7mm; } .events td { font-size: 9pt; } .events td:nth-child(2) { white-space: nowrap; }
";

/// The whole handout.
pub fn html(case: &Case, list: &Checklist, result: &CaseResult<'_>, lang: Lang) -> String {
    let c = &case.case;
    let mut s = String::new();
    let title = lang.pick("Fallwerkstatt – Handout", "Case workshop – handout");
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{} {}</title><style>{CSS}</style></head><body>",
        lang.pick("de", "en"),
        esc(title),
        esc(&c.reference)
    );
    let _ = write!(s, "<h1>{} {}</h1>", esc(title), esc(&c.reference));
    if let Some(m) = &case.anonymised {
        let kind = match m.kind {
            crate::model::ExportKind::Pseudonymised => {
                lang.pick("pseudonymisiert", "pseudonymised")
            }
            crate::model::ExportKind::Anonymised => lang.pick("anonymisiert", "anonymised"),
        };
        let _ = write!(s, "<p class=\"marker\">{}: {kind}</p>", lang.pick("Datenstand", "Data"));
    } else {
        let _ = write!(
            s,
            "<p class=\"marker\"><strong>{}</strong></p>",
            lang.pick(
                "Enthält identifizierende Daten – nur für den internen Gebrauch.",
                "Contains identifying data – internal use only."
            )
        );
    }
    // Summary.
    let _ = write!(s, "<h2>{}</h2><table class=\"meta\">", lang.pick("Überblick", "Summary"));
    let mut row = |k: &str, v: String| {
        let _ = write!(s, "<tr><td>{}</td><td>{}</td></tr>", esc(k), esc(&v));
    };
    row(lang.pick("Kommune", "Municipality"), c.municipality.clone());
    if let Some(cl) = &c.cluster {
        row("Cluster", cl.clone());
    }
    row(
        lang.pick("Zeitraum", "Period"),
        format!("{} – {}", c.opened, c.closed.map(|d| d.to_string()).unwrap_or_else(|| "…".into())),
    );
    if let Some(o) = c.outcome {
        row(
            lang.pick("Ausgang", "Outcome"),
            match lang {
                Lang::De => o.label_de().to_owned(),
                Lang::En => o.label_en().to_owned(),
            },
        );
    }
    row(lang.pick("Ereignisse", "Events"), case.events.len().to_string());
    if let Some(sum) = &c.summary {
        row(lang.pick("Zusammenfassung", "Summary"), sum.clone());
    }
    s.push_str("</table>");
    // Timeline.
    let _ = write!(s, "<h2>{}</h2>", lang.pick("Zeitstrahl", "Timeline"));
    let layout = timeline::layout(case, list, result, lang);
    let _ = write!(s, "<figure>{}", timeline::svg(&layout, lang));
    legend(&mut s, lang);
    s.push_str("</figure>");
    unseen_list(&mut s, &layout, lang);
    events_table(&mut s, case, lang);
    // Checklist.
    let _ = write!(
        s,
        "<h2>{} {}</h2><table class=\"checklist\"><thead><tr><th>{}</th><th>{}</th><th>Status</th><th>{}</th></tr></thead><tbody>",
        lang.pick("Checkliste", "Checklist"),
        esc(&list.id),
        lang.pick("Punkt", "Item"),
        lang.pick("Titel", "Title"),
        lang.pick("Belege", "Evidence")
    );
    for (item, r) in list.items.iter().zip(&result.items) {
        if matches!(item.body, Body::Question(_)) {
            continue;
        }
        let detail: Vec<String> = item_detail(r, item, lang).iter().map(|l| esc(l)).collect();
        let _ = write!(
            s,
            "<tr><td>{}</td><td>{}</td><td class=\"status-{}\">{}</td><td>{}</td></tr>",
            esc(&item.id),
            esc(item.title.get(lang)),
            r.status.id(),
            esc(status_label(r.status, lang)),
            detail.join("<br>")
        );
    }
    s.push_str("</tbody></table>");
    // Episodes and findings.
    if !case.episodes.is_empty() || !case.findings.is_empty() {
        let _ = write!(
            s,
            "<h2>{}</h2>",
            lang.pick("Schlüsselepisoden und Befunde", "Key episodes and findings")
        );
        for k in &case.episodes {
            let _ = write!(s, "<h3>{} – {}</h3>", esc(&k.id), esc(&k.title));
            if let Some(n) = &k.note {
                let _ = write!(s, "<p>{}</p>", esc(n));
            }
            let findings: Vec<_> = case
                .findings
                .iter()
                .filter(|f| f.events.iter().any(|e| k.events.contains(e)))
                .collect();
            if !findings.is_empty() {
                s.push_str("<ul>");
                for f in findings {
                    let factor = match lang {
                        Lang::De => f.factor.label_de(),
                        Lang::En => f.factor.label_en(),
                    };
                    let _ = write!(
                        s,
                        "<li><strong>{}</strong>: {}</li>",
                        esc(factor),
                        esc(f.note.as_deref().unwrap_or(""))
                    );
                }
                s.push_str("</ul>");
            }
        }
    }
    measures_section(&mut s, case, lang);
    // Guided questions.
    let _ = write!(
        s,
        "<h2>{}</h2>",
        lang.pick("Leitfragen für die Werkstatt", "Guided questions for the workshop")
    );
    for (item, q) in list.questions() {
        let _ = write!(
            s,
            "<div class=\"question\"><p><strong>{}</strong> {}</p><div class=\"notes\"></div></div>",
            esc(&item.id),
            esc(q.get(lang))
        );
    }
    s.push_str("</body></html>\n");
    s
}

/// The legend under the figure: (swatch drawn like the figure, German,
/// English).
const LEGEND: &[(&str, &str, &str)] = &[
    (
        r##"<circle cx="12" cy="12" r="9" fill="#fff" stroke="#333" stroke-width="1.5"/>"##,
        "Ereignis (Nummer wie in der Tabelle)",
        "event (number as in the table)",
    ),
    (
        r##"<circle cx="12" cy="12" r="9" fill="none" stroke="#777" stroke-dasharray="2 2"/>"##,
        "dasselbe Ereignis beim Empfänger (an)",
        "the same event at its recipient (to)",
    ),
    (
        r##"<circle cx="12" cy="12" r="9" fill="#c8e6c9" stroke="#2e7d32" stroke-width="1.5"/>"##,
        "Kind gesehen",
        "child seen",
    ),
    (
        r##"<circle cx="12" cy="12" r="9" fill="#fff" stroke="#c62828" stroke-width="3"/>"##,
        "löst einen nicht erfüllten Prüfpunkt aus",
        "activates an item not met",
    ),
    (
        r##"<circle cx="12" cy="12" r="9" fill="#fff" stroke="#333" stroke-dasharray="3 2"/>"##,
        "gestrichelt: nur der Monat ist bekannt (Mitte des Monats)",
        "dashed: only the month is known (middle of the month)",
    ),
    (
        r##"<rect x="1" y="7" width="22" height="10" fill="#90caf9" stroke="#1565c0"/>"##,
        "Schlüsselepisode",
        "key episode",
    ),
    (
        r##"<line x1="1" y1="12" x2="23" y2="12" stroke="#c62828" stroke-width="3"/>"##,
        "über 42 Tage Kind nicht gesehen",
        "child not seen for over 42 days",
    ),
];

/// The legend under the figure, with swatches drawn like the figure.
fn legend(s: &mut String, lang: Lang) {
    s.push_str("<p class=\"legend\">");
    let mut item = |shape: &str, text: &str| {
        let _ = write!(s, "<span><svg viewBox=\"0 0 24 24\">{shape}</svg>{}</span>", esc(text));
    };
    for (shape, de, en) in LEGEND {
        item(shape, lang.pick(de, en));
    }
    for (colour, de, en) in timeline::SEERS {
        item(
            &format!("<circle cx=\"12\" cy=\"12\" r=\"9\" fill=\"{colour}\"/>"),
            &format!("{}: {}", lang.pick("gesehen von", "seen by"), lang.pick(de, en)),
        );
    }
    s.push_str("</p>");
}

/// The stretches in which a child was not seen, longest first, with the
/// item that found one too long.
fn unseen_list(s: &mut String, layout: &timeline::Layout, lang: Lang) {
    if layout.unseen.is_empty() {
        return;
    }
    let mut list = layout.unseen.clone();
    list.sort_by_key(|u| std::cmp::Reverse(u.days));
    let _ = write!(
        s,
        "<p><strong>{}</strong></p><ul>",
        lang.pick("Kind länger als 42 Tage nicht gesehen", "Child not seen for over 42 days")
    );
    let end = |n: Option<usize>, start: bool| match n {
        Some(n) => format!("{} {n}", lang.pick("Ereignis", "event")),
        None if start => lang.pick("Fallbeginn", "case start").to_owned(),
        None => lang.pick("Fallende", "case end").to_owned(),
    };
    for u in &list {
        let items =
            if u.items.is_empty() { String::new() } else { format!(" — {}", u.items.join(", ")) };
        let _ = write!(
            s,
            "<li>{}: {} {} ({} → {}){}</li>",
            esc(&u.child),
            u.days,
            lang.pick("Tage", "days"),
            end(u.from, true),
            end(u.to, false),
            esc(&items)
        );
    }
    s.push_str("</ul>");
}

/// The events one by one, numbered as in the figure: date, kind, by → to,
/// child seen, note (notes of an export were scrubbed by the anonymiser).
fn events_table(s: &mut String, case: &Case, lang: Lang) {
    let name = |id: &str| match case.entity(id) {
        Some(Entity::Institution(i)) => i.name.clone().unwrap_or_else(|| match lang {
            Lang::De => i.kind.label_de().to_owned(),
            Lang::En => i.kind.label_en().to_owned(),
        }),
        Some(Entity::Staff(st)) => st.name.clone(),
        Some(Entity::Person(p)) => p.name.clone(),
        None => id.to_owned(),
    };
    let names = |ids: &[String]| ids.iter().map(|i| name(i)).collect::<Vec<_>>().join(", ");
    let _ = write!(
        s,
        "<h2>{}</h2><table class=\"events\"><thead><tr><th>Nr.</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        lang.pick("Ereignisse", "Events"),
        lang.pick("Datum", "Date"),
        lang.pick("Ereignis", "Event"),
        lang.pick("von → an (mit)", "by → to (with)"),
        lang.pick("Kind gesehen", "Child seen"),
        lang.pick("Notiz", "Note"),
    );
    for (n, e) in timeline::numbered(case) {
        let date = match (&e.time, e.date.is_month_precision()) {
            (Some(t), _) => format!("{} {t}", e.date),
            (None, true) => format!("{} {}", e.date, lang.pick("(im Monat)", "(in the month)")),
            (None, false) => e.date.to_string(),
        };
        let mut who = names(&e.by);
        if !e.to.is_empty() {
            who = format!("{who} → {}", names(&e.to));
        }
        if !e.with.is_empty() {
            who = format!("{who} ({})", names(&e.with));
        }
        let seen = match e.child_seen {
            Some(true) => lang.pick("ja", "yes"),
            Some(false) => lang.pick("nein", "no"),
            None => "",
        };
        let _ = write!(
            s,
            "<tr><td>{n}</td><td>{}</td><td>{}</td><td>{}</td><td>{seen}</td><td>{}</td></tr>",
            esc(&date),
            esc(timeline::kind_label(e, lang)),
            esc(&who),
            esc(e.note.as_deref().unwrap_or(""))
        );
    }
    s.push_str("</tbody></table>");
}

/// The measures agreed at earlier workshops, to follow up: status, who,
/// due date, what they answer.
fn measures_section(s: &mut String, case: &Case, lang: Lang) {
    if case.measures.is_empty() {
        return;
    }
    let _ = write!(
        s,
        "<h2>{}</h2><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>Status</th></tr></thead><tbody>",
        lang.pick("Vereinbarte Maßnahmen", "Agreed measures"),
        lang.pick("Maßnahme", "Measure"),
        lang.pick("zu", "answers"),
        lang.pick("verantwortlich", "responsible"),
        lang.pick("fällig", "due"),
    );
    for m in &case.measures {
        let status = match lang {
            Lang::De => m.status.label_de(),
            Lang::En => m.status.label_en(),
        };
        let _ = write!(
            s,
            "<tr><td>{}: {}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"measure-{}\">{}</td></tr>",
            esc(&m.id),
            esc(&m.text),
            esc(&m.about.join(", ")),
            esc(m.responsible.as_deref().unwrap_or("")),
            m.due.map(|d| d.to_string()).unwrap_or_default(),
            m.status.id(),
            esc(status)
        );
    }
    s.push_str("</tbody></table>");
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_html() {
        assert_eq!(super::esc("<script>a&b\"'"), "&lt;script&gt;a&amp;b&quot;&apos;");
    }
}
