//! The integrated chronology of a case: events in date order, with the
//! checklist findings on the rows they concern and the stretches without any
//! event longer than a limit (default 42 days) stated between the rows.

use std::io::{self, Write};

use comfy_table::{ContentArrangement, Table, presets};
use serde::Serialize;

use crate::checklist::{CaseResult, Status};
use crate::date::Date;
use crate::lang::Lang;
use crate::model::{Case, Event};
use crate::output::md_cell;
use crate::vocab::{AssessmentResult, EventKind, Vocabulary};

/// The default gap shown between rows, in days.
pub const DEFAULT_GAP: u32 = 42;

/// A finding of the checklist on an event row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Mark {
    pub item: String,
    pub status: Status,
    /// Whether the event activates the item (else it is evidence of it).
    pub activation: bool,
    /// The activation lies before the item's `since` date: judged by today's law.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub todays_law: bool,
}

/// One row of the timeline.
#[derive(Clone, Debug, Serialize)]
pub struct Row<'c> {
    pub id: &'c str,
    pub date: Date,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    pub kind: EventKind,
    pub by: &'c [String],
    pub to: &'c [String],
    pub with: &'c [String],
    pub child_seen: Option<bool>,
    pub result: Option<AssessmentResult>,
    pub source: Option<&'c str>,
    /// The event's note, only when asked for (`timeline --notes`): notes
    /// identify people in files that are not anonymised.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'c str>,
    /// Days without any event before this row, when over the limit
    /// (`gap_certain` false: month-precision dates, at most this many).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gap_before: Option<i32>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub gap_uncertain: bool,
    pub findings: Vec<Mark>,
}

/// Builds the rows: story order ([`Case::story_order`]: events of a month
/// after the day-dated events of that month), gaps, and the not-met, unknown
/// and excepted items marked on their activating events (and on their other
/// evidence); `notes`: with the events' notes.
pub fn rows<'c>(
    case: &'c Case,
    result: Option<&CaseResult>,
    gap: u32,
    notes: bool,
) -> Vec<Row<'c>> {
    let timeline = case.story_order();
    let mut out: Vec<Row<'c>> = Vec::with_capacity(timeline.len());
    let mut prev: Option<&Event> = None;
    for e in timeline {
        let (gap_before, gap_uncertain) = match prev {
            Some(p) => {
                let certain = e.date.first_day() - p.date.last_day();
                let possible = e.date.last_day() - p.date.first_day();
                if certain > gap as i32 {
                    (Some(certain), false)
                } else if possible > gap as i32
                    && (p.date.is_month_precision() || e.date.is_month_precision())
                {
                    (Some(possible), true)
                } else {
                    (None, false)
                }
            }
            None => (None, false),
        };
        let mut findings = Vec::new();
        if let Some(result) = result {
            for item in &result.items {
                for a in item.activations.iter().filter(|a| {
                    matches!(a.status, Status::NotMet | Status::Unknown | Status::Excepted)
                }) {
                    let activation = a.event == Some(e.id.as_str());
                    if (activation || a.evidence.contains(&e.id.as_str()))
                        && !findings
                            .iter()
                            .any(|m: &Mark| m.item == item.id && m.status == a.status)
                    {
                        findings.push(Mark {
                            item: item.id.to_owned(),
                            status: a.status,
                            activation,
                            todays_law: activation && a.todays_law.is_some(),
                        });
                    }
                }
            }
        }
        out.push(Row {
            id: &e.id,
            date: e.date,
            time: e.time.map(|t| t.to_string()),
            kind: e.kind,
            by: &e.by,
            to: &e.to,
            with: &e.with,
            child_seen: e.child_seen,
            result: e.result,
            source: e.source.as_deref(),
            note: if notes { e.note.as_deref().filter(|n| !n.trim().is_empty()) } else { None },
            gap_before,
            gap_uncertain,
            findings,
        });
        prev = Some(e);
    }
    out
}

fn mark_text(m: &Mark, lang: Lang) -> String {
    let sign = match m.status {
        Status::NotMet => "✗",
        Status::Unknown => "?",
        Status::Excepted => "(A)",
        _ => "",
    };
    let _ = lang;
    let law = if m.todays_law { "*" } else { "" };
    if m.activation { format!("{} {sign}{law}", m.item) } else { format!("({} {sign})", m.item) }
}

/// The date as shown to a reader: with the time, and a month-precision
/// date marked as such ("2021-03 (im Monat)").
fn date_text(r: &Row<'_>, lang: Lang) -> String {
    match (&r.time, r.date.is_month_precision()) {
        (Some(t), _) => format!("{} {t}", r.date),
        (None, true) => format!("{} {}", r.date, lang.pick("(im Monat)", "(in the month)")),
        (None, false) => r.date.to_string(),
    }
}

/// Whether any row carries a note (then tables get a note column).
fn with_notes(rows: &[Row<'_>]) -> bool {
    rows.iter().any(|r| r.note.is_some())
}

fn gap_text(days: i32, uncertain: bool, lang: Lang) -> String {
    let up_to = if uncertain { lang.pick("bis zu ", "up to ") } else { "" };
    match lang {
        Lang::De => format!("… {up_to}{days} Tage ohne Ereignis …"),
        Lang::En => format!("… {up_to}{days} days without any event …"),
    }
}

fn flag(v: Option<bool>, lang: Lang) -> &'static str {
    match v {
        Some(true) => lang.pick("ja", "yes"),
        Some(false) => lang.pick("nein", "no"),
        None => "–",
    }
}

fn kind(k: EventKind, lang: Lang) -> &'static str {
    match lang {
        Lang::De => k.label_de(),
        Lang::En => k.label_en(),
    }
}

fn result_label(r: Option<AssessmentResult>, lang: Lang) -> &'static str {
    match (r, lang) {
        (Some(r), Lang::De) => r.label_de(),
        (Some(r), Lang::En) => r.label_en(),
        (None, _) => "",
    }
}

/// The column headers of table and Markdown.
fn headers(lang: Lang) -> [&'static str; 9] {
    [
        lang.pick("Datum", "Date"),
        "Id",
        lang.pick("Ereignis", "Event"),
        lang.pick("von → an", "by → to"),
        lang.pick("mit", "with"),
        lang.pick("Kind gesehen", "Child seen"),
        lang.pick("Ergebnis", "Result"),
        lang.pick("Quelle", "Source"),
        lang.pick("Befunde", "Findings"),
    ]
}

/// Writes the timeline as a terminal table.
pub fn write_table(out: &mut dyn Write, rows: &[Row<'_>], lang: Lang) -> io::Result<()> {
    let mut table = Table::new();
    table.load_style(presets::UTF8_FULL_CONDENSED);
    table.set_content_arrangement(ContentArrangement::Dynamic);
    let notes = with_notes(rows);
    let mut header = headers(lang).to_vec();
    if notes {
        header.push(lang.pick("Notiz", "Note"));
    }
    table.set_header(header);
    for r in rows {
        if let Some(days) = r.gap_before {
            table.add_row(vec![
                String::new(),
                String::new(),
                gap_text(days, r.gap_uncertain, lang),
            ]);
        }
        let date = date_text(r, lang);
        let by_to = match (r.by.is_empty(), r.to.is_empty()) {
            (true, true) => String::new(),
            (false, true) => r.by.join(", "),
            (true, false) => format!("→ {}", r.to.join(", ")),
            (false, false) => format!("{} → {}", r.by.join(", "), r.to.join(", ")),
        };
        let mut row = vec![
            date,
            r.id.to_owned(),
            kind(r.kind, lang).to_owned(),
            by_to,
            r.with.join(", "),
            flag(r.child_seen, lang).to_owned(),
            result_label(r.result, lang).to_owned(),
            r.source.unwrap_or("").to_owned(),
            r.findings.iter().map(|m| mark_text(m, lang)).collect::<Vec<_>>().join(" "),
        ];
        if notes {
            row.push(r.note.unwrap_or("").to_owned());
        }
        table.add_row(row);
    }
    writeln!(out, "{table}")?;
    writeln!(
        out,
        "{}",
        lang.pick(
            "Befunde: ✗ nicht erfüllt, ? unklar, (A) begründete Ausnahme, * Maßstab nach heutigem Recht; in Klammern: Beleg, sonst auslösendes Ereignis",
            "Findings: ✗ not met, ? unknown, (A) excepted, * judged by today's law; in parentheses: evidence, else the activating event"
        )
    )
}

/// Writes the items that are not applicable, each with its reason, under a
/// heading (nothing when there are none).
pub fn write_not_applicable(
    out: &mut dyn Write,
    lines: &[String],
    markdown: bool,
    lang: Lang,
) -> io::Result<()> {
    if lines.is_empty() {
        return Ok(());
    }
    let title = lang.pick("Nicht einschlägig", "Not applicable");
    if markdown {
        writeln!(out, "\n**{title}**\n")?;
        for l in lines {
            writeln!(out, "- {l}")?;
        }
    } else {
        writeln!(out, "{title}:")?;
        for l in lines {
            writeln!(out, "  {l}")?;
        }
    }
    Ok(())
}

/// Writes the timeline as a Markdown table.
pub fn write_markdown(out: &mut dyn Write, rows: &[Row<'_>], lang: Lang) -> io::Result<()> {
    let notes = with_notes(rows);
    let mut headers = headers(lang).to_vec();
    if notes {
        headers.push(lang.pick("Notiz", "Note"));
    }
    writeln!(out, "| {} |\n|{}", headers.join(" | "), "---|".repeat(headers.len()))?;
    for r in rows {
        if let Some(days) = r.gap_before {
            let rest = " |".repeat(headers.len() - 3);
            writeln!(out, "| | | *{}* |{rest}", gap_text(days, r.gap_uncertain, lang))?;
        }
        write!(
            out,
            "| {} | {} | {} | {} → {} | {} | {} | {} | {} | {} |",
            date_text(r, lang),
            md_cell(r.id),
            kind(r.kind, lang),
            md_cell(&r.by.join(", ")),
            md_cell(&r.to.join(", ")),
            md_cell(&r.with.join(", ")),
            flag(r.child_seen, lang),
            result_label(r.result, lang),
            md_cell(r.source.unwrap_or("")),
            r.findings.iter().map(|m| mark_text(m, lang)).collect::<Vec<_>>().join(" "),
        )?;
        if notes {
            write!(out, " {} |", md_cell(r.note.unwrap_or("")))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// Writes the timeline as CSV, one row per event.
pub fn write_csv(out: &mut dyn Write, rows: &[Row<'_>], excel: bool) -> io::Result<()> {
    if excel {
        out.write_all(crate::output::BOM)?;
    }
    let mut w = crate::output::csv_writer(out, excel);
    let notes = with_notes(rows);
    let mut header = vec![
        "date",
        "time",
        "id",
        "kind",
        "by",
        "to",
        "with",
        "child_seen",
        "result",
        "source",
        "gap_before_days",
        "findings",
    ];
    if notes {
        header.push("note");
    }
    w.write_record(header)?;
    for r in rows {
        let mut record = vec![
            r.date.to_string(),
            r.time.clone().unwrap_or_default(),
            r.id.to_owned(),
            r.kind.id().to_owned(),
            r.by.join(" "),
            r.to.join(" "),
            r.with.join(" "),
            r.child_seen.map(|b| b.to_string()).unwrap_or_default(),
            r.result.map(|x| x.id().to_owned()).unwrap_or_default(),
            r.source.unwrap_or("").to_owned(),
            r.gap_before.map(|d| d.to_string()).unwrap_or_default(),
            r.findings
                .iter()
                .map(|m| format!("{}:{}", m.item, m.status.id()))
                .collect::<Vec<_>>()
                .join(" "),
        ];
        if notes {
            record.push(r.note.unwrap_or("").to_owned());
        }
        crate::output::csv_record(&mut w, record)?;
    }
    w.flush()
}

/// The display name of an id: a person's, staff member's or institution's
/// name (an institution without one by its kind), else the id.
fn display_name(case: &Case, id: &str) -> String {
    match case.entity(id) {
        Some(crate::model::Entity::Person(p)) => p.name.clone(),
        Some(crate::model::Entity::Staff(s)) => s.name.clone(),
        Some(crate::model::Entity::Institution(i)) => {
            i.name.clone().unwrap_or_else(|| i.kind.label_de().to_owned())
        }
        None => id.to_owned(),
    }
}

/// The chronology as an Excel workbook a review team can hand around and
/// read back with `lernfall import`: German headers, frozen header row,
/// filters, day dates as dates (month-precision dates as `MM/JJJJ` text),
/// people and institutions by name. Notes only when the rows carry them.
pub fn write_xlsx(case: &Case, rows: &[Row<'_>]) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Chronologie").map_err(err)?;
    let notes = with_notes(rows);
    let mut headers = vec![
        "Nr.",
        "Datum",
        "Uhrzeit",
        "Art",
        "Wer",
        "an",
        "mit",
        "Kind gesehen",
        "Ergebnis",
        "Anlass",
        "Form",
        "Quelle",
    ];
    if notes {
        headers.push("Notiz");
    }
    let bold = Format::new().set_bold().set_background_color("#EEEEEE");
    let date_format = Format::new().set_num_format("dd.mm.yyyy");
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &bold).map_err(err)?;
    }
    let names =
        |ids: &[String]| ids.iter().map(|i| display_name(case, i)).collect::<Vec<_>>().join(", ");
    let events: std::collections::HashMap<&str, &Event> =
        case.events.iter().map(|e| (e.id.as_str(), e)).collect();
    for (n, r) in rows.iter().enumerate() {
        let row = (n + 1) as u32;
        sheet.write_number(row, 0, (n + 1) as f64).map_err(err)?;
        match r.date.day() {
            Some(d) => {
                let date = ExcelDateTime::from_ymd(r.date.year() as u16, r.date.month(), d)
                    .map_err(err)?;
                sheet.write_datetime_with_format(row, 1, &date, &date_format).map_err(err)?;
            }
            None => {
                sheet
                    .write_string(row, 1, format!("{:02}/{}", r.date.month(), r.date.year()))
                    .map_err(err)?;
            }
        }
        let e = events.get(r.id);
        let text = [
            r.time.clone().unwrap_or_default(),
            r.kind.label_de().to_owned(),
            names(r.by),
            names(r.to),
            names(r.with),
            match r.child_seen {
                Some(true) => "ja".to_owned(),
                Some(false) => "nein".to_owned(),
                None => String::new(),
            },
            r.result.map(|x| x.label_de().to_owned()).unwrap_or_default(),
            e.map(|e| e.concerns.iter().map(|c| c.label_de()).collect::<Vec<_>>().join(", "))
                .unwrap_or_default(),
            e.and_then(|e| e.mode).map(|m| m.label_de().to_owned()).unwrap_or_default(),
            r.source.map(|s| display_name(case, s)).unwrap_or_default(),
        ];
        for (k, t) in text.iter().enumerate() {
            if !t.is_empty() {
                sheet.write_string(row, (k + 2) as u16, t).map_err(err)?;
            }
        }
        if notes && let Some(note) = r.note {
            sheet.write_string(row, 12, note).map_err(err)?;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(err)?;
    sheet.autofilter(0, 0, rows.len() as u32, (headers.len() - 1) as u16).map_err(err)?;
    for (c, w) in
        [6, 12, 8, 26, 24, 24, 24, 12, 26, 20, 14, 20, 60].iter().enumerate().take(headers.len())
    {
        sheet.set_column_width(c as u16, *w).map_err(err)?;
    }
    book.save_to_buffer().map_err(err)
}
