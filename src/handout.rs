//! The workshop handout: one self-contained HTML file (inline CSS and SVG,
//! no scripts, no external assets) that prints to A4: case summary, a
//! swimlane timeline, the checklist results with evidence and exceptions, the
//! key practice episodes with their findings, and the guided questions with
//! room for notes.

use std::fmt::Write as _;

use crate::checklist::render::{item_detail, status_label};
use crate::checklist::{Body, CaseResult, Checklist, Status};
use crate::export::escape_markup as esc;
use crate::lang::Lang;
use crate::model::{Case, Entity, Event};
use crate::vocab::Vocabulary;

/// The lane of an event: the institution of whoever acted (`by`), directly
/// or through a staff member; people in `by` (or no one) put it in the
/// family's lane.
fn lane_of(case: &Case, e: &Event) -> Option<usize> {
    for id in &e.by {
        let inst = match case.entity(id) {
            Some(Entity::Institution(i)) => Some(i.id.as_str()),
            Some(Entity::Staff(s)) => s.institution.as_deref(),
            _ => None,
        };
        if let Some(i) = inst {
            return case.institutions.iter().position(|x| x.id == i);
        }
    }
    None
}

fn kind_label(e: &Event, lang: Lang) -> &'static str {
    match lang {
        Lang::De => e.kind.label_de(),
        Lang::En => e.kind.label_en(),
    }
}

/// Geometry of the timeline drawing.
const LEFT: f64 = 170.0;
const WIDTH: f64 = 1000.0;
const LANE: f64 = 46.0;
const TOP: f64 = 34.0;

/// The swimlane timeline as inline SVG.
pub fn timeline_svg(case: &Case, result: &CaseResult<'_>, lang: Lang) -> String {
    let timeline = case.timeline();
    let lanes: Vec<String> = std::iter::once(
        lang.pick("Familie / ohne Institution", "Family / no institution").to_owned(),
    )
    .chain(case.institutions.iter().map(|i| {
        i.name.clone().unwrap_or_else(|| match lang {
            Lang::De => i.kind.label_de().to_owned(),
            Lang::En => i.kind.label_en().to_owned(),
        })
    }))
    .collect();
    let height = TOP + LANE * lanes.len() as f64 + 40.0;
    let (start, end) = match (timeline.first(), timeline.last()) {
        (Some(a), Some(b)) => (a.date.first_day(), b.date.last_day().max(a.date.first_day() + 1)),
        _ => (0, 1),
    };
    let x =
        |day: i32| LEFT + (WIDTH - LEFT - 20.0) * f64::from(day - start) / f64::from(end - start);
    let lane_y = |lane: usize| TOP + LANE * lane as f64 + LANE / 2.0;
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-label=\"{}\">",
        esc(lang.pick("Zeitstrahl nach Institutionen", "Timeline by institution"))
    );
    // Episodes as bands.
    for (n, k) in case.episodes.iter().enumerate() {
        let days: Vec<(i32, i32)> = timeline
            .iter()
            .filter(|e| k.events.contains(&e.id))
            .map(|e| (e.date.first_day(), e.date.last_day()))
            .collect();
        if let (Some(a), Some(b)) = (days.iter().map(|d| d.0).min(), days.iter().map(|d| d.1).max())
        {
            let _ = write!(
                s,
                "<rect class=\"episode\" x=\"{:.1}\" y=\"{}\" width=\"{:.1}\" height=\"{:.1}\"/><text class=\"episode-label\" x=\"{:.1}\" y=\"{}\">{}</text>",
                x(a) - 4.0,
                TOP - 14.0,
                (x(b) - x(a) + 8.0).max(8.0),
                LANE * lanes.len() as f64 + 14.0,
                x(a) - 2.0,
                TOP - 4.0 - 8.0 * (n % 2) as f64,
                esc(&k.id)
            );
        }
    }
    // Lanes.
    for (i, name) in lanes.iter().enumerate() {
        let y = TOP + LANE * i as f64;
        let _ = write!(
            s,
            "<g class=\"lane\" data-lane=\"{i}\"><rect x=\"0\" y=\"{y}\" width=\"{WIDTH}\" height=\"{LANE}\" class=\"lane-bg lane-{}\"/><text class=\"lane-label\" x=\"6\" y=\"{:.1}\">{}</text></g>",
            i % 2,
            y + LANE / 2.0 + 4.0,
            esc(name)
        );
    }
    // Gaps over 42 days.
    for w in timeline.windows(2) {
        let (a, b) = (w[0], w[1]);
        let gap = b.date.first_day() - a.date.last_day();
        if gap > 42 {
            let (x1, x2) = (x(a.date.last_day()), x(b.date.first_day()));
            let _ = write!(
                s,
                "<rect class=\"gap\" x=\"{x1:.1}\" y=\"{TOP}\" width=\"{:.1}\" height=\"{}\"/><text class=\"gap-label\" x=\"{:.1}\" y=\"{}\">{gap} {}</text>",
                (x2 - x1).max(1.0),
                LANE * lanes.len() as f64,
                (x1 + x2) / 2.0,
                TOP + LANE * lanes.len() as f64 + 14.0,
                lang.pick("Tage", "days")
            );
        }
    }
    // Events.
    let not_met: Vec<&str> = result
        .items
        .iter()
        .flat_map(|i| i.activations.iter())
        .filter(|a| a.status == Status::NotMet)
        .filter_map(|a| a.event)
        .collect();
    for e in &timeline {
        let lane = lane_of(case, e).map_or(0, |l| l + 1);
        let (cx, cy) = (x(e.date.first_day()), lane_y(lane));
        let mut class = String::from("event");
        if e.child_seen == Some(true) {
            class.push_str(" child-seen");
        }
        if not_met.contains(&e.id.as_str()) {
            class.push_str(" not-met");
        }
        if e.date.is_month_precision() {
            class.push_str(" month");
        }
        let _ = write!(
            s,
            "<g class=\"{class}\" data-event=\"{}\"><title>{} {} {}</title><circle cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"6\"/><text x=\"{cx:.1}\" y=\"{:.1}\" class=\"event-label\">{}</text></g>",
            esc(&e.id),
            esc(&e.id),
            e.date,
            esc(kind_label(e, lang)),
            cy - 10.0,
            esc(kind_label(e, lang))
        );
    }
    s.push_str("</svg>");
    s
}

const CSS: &str = "
@page { size: A4; margin: 15mm; }
body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 10.5pt; color: #111; max-width: 190mm; margin: auto; }
h1 { font-size: 16pt; margin-bottom: 2mm; } h2 { font-size: 13pt; margin-top: 7mm; border-bottom: 1px solid #999; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #bbb; padding: 2px 4px; vertical-align: top; text-align: left; }
th { background: #eee; } .status-not_met { color: #a00; font-weight: bold; } .status-excepted { color: #06c; } .status-unknown { color: #a60; }
.meta td:first-child { width: 35mm; font-weight: bold; }
svg.timeline { width: 100%; height: auto; font-size: 9px; }
.lane-0 { fill: #fafafa; } .lane-1 { fill: #f0f0f0; } .lane-label { font-weight: bold; }
.event circle { fill: #fff; stroke: #333; stroke-width: 1.5; } .event.child-seen circle { fill: #2a7; stroke: #174; }
.event.not-met circle { stroke: #c00; stroke-width: 3; } .event.month circle { stroke-dasharray: 2 2; }
.event-label { text-anchor: middle; font-size: 7px; } .gap { fill: #fcc; opacity: 0.5; } .gap-label { text-anchor: middle; fill: #a00; }
.episode { fill: #cde; opacity: 0.45; } .episode-label { font-size: 8px; fill: #246; }
.notes { border: 1px solid #999; height: 28mm; margin: 2mm 0 5mm; }
.legend span { margin-right: 6mm; } .question { break-inside: avoid; }
@media print { h2 { break-after: avoid; } table, svg { break-inside: avoid; } }
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
    s.push_str(&timeline_svg(case, result, lang));
    let _ = write!(
        s,
        "<p class=\"legend\"><span>● {}</span><span>○ {}</span><span>{}</span><span>{}</span><span>{}</span></p>",
        lang.pick("grün: Kind gesehen", "green: child seen"),
        lang.pick("Ereignis", "event"),
        lang.pick("roter Rand: Prüfpunkt nicht erfüllt", "red ring: item not met"),
        lang.pick(
            "rot hinterlegt: über 42 Tage ohne Ereignis",
            "red band: over 42 days without any event"
        ),
        lang.pick("blau: Schlüsselepisode", "blue: key episode")
    );
    // Checklist.
    let _ = write!(
        s,
        "<h2>{} {}</h2><table><tr><th>{}</th><th>{}</th><th>Status</th><th>{}</th></tr>",
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
    s.push_str("</table>");
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

/// The measures agreed at earlier workshops, to follow up: status, who,
/// due date, what they answer.
fn measures_section(s: &mut String, case: &Case, lang: Lang) {
    if case.measures.is_empty() {
        return;
    }
    let _ = write!(
        s,
        "<h2>{}</h2><table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>Status</th></tr>",
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
    s.push_str("</table>");
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_html() {
        assert_eq!(super::esc("<script>a&b\"'"), "&lt;script&gt;a&amp;b&quot;&apos;");
    }
}
