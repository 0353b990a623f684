//! Checklist results as text: details of activations in German or English,
//! and the reporters of `lernfall check` (table, markdown, CSV, JSON). All
//! formats render the same [`Checked`] structs.

use std::io::{self, Write};

use comfy_table::{ContentArrangement, Table, presets};
use serde::Serialize;

use super::eval::{Bound, Detail, EvRef, Fact, NotApplicable, Tri};
use super::{ActorField, Body, CaseResult, Checklist, Cond, Item, Rule, Status};
use crate::diag::Diagnostic;
use crate::lang::Lang;
use crate::model::Case;
use crate::vocab::{EventKind, InstitutionKind, StaffPosition, Vocabulary};

/// One file's outcome of `check`.
pub struct Checked<'a> {
    /// The file as given (`<stdin>` for `-`).
    pub file: &'a str,
    /// The case, when the file is valid.
    pub case: Option<&'a Case>,
    pub result: Option<&'a CaseResult<'a>>,
    /// Validation errors and warnings of the file.
    pub diagnostics: &'a [Diagnostic],
}

fn kind(k: EventKind, lang: Lang) -> &'static str {
    match lang {
        Lang::De => k.label_de(),
        Lang::En => k.id(),
    }
}

/// `e4 2021-03-02 report`
pub fn evref(r: &EvRef, lang: Lang) -> String {
    format!("{} {} {}", r.id, r.date, kind(r.kind, lang))
}

fn bound(b: &Bound, lang: Lang) -> String {
    match b {
        Bound::Event(r) => evref(r, lang),
        Bound::CaseEnd(d) => format!("{} {d}", lang.pick("Fallende", "case end")),
    }
}

/// What a rule looks for, as a phrase: event kinds, or a child-seen event.
pub fn wanted(cond: &Cond, lang: Lang) -> String {
    if let Cond::Any(cs) = cond {
        let mut parts: Vec<String> = Vec::new();
        for c in cs {
            let w = wanted(c, lang);
            if !parts.contains(&w) {
                parts.push(w);
            }
        }
        return parts.join(" / ");
    }
    let kinds = cond.kinds();
    if !kinds.is_empty() {
        return kinds.iter().map(|k| kind(*k, lang)).collect::<Vec<_>>().join(" / ");
    }
    if mentions_child_seen(cond) {
        return if mentions(cond, &|c| matches!(c, Cond::ActorKind(ActorField::By, ks) if ks.contains(&InstitutionKind::YouthOffice))) {
            lang.pick("Sichtkontakt durch das Jugendamt", "child seen by the youth office")
        } else {
            lang.pick("Sichtkontakt zum Kind", "child-seen event")
        }
        .to_owned();
    }
    if mentions(
        cond,
        &|c| matches!(c, Cond::StaffPosition(ps) if ps.contains(&StaffPosition::Lead)),
    ) {
        return lang.pick("Beteiligung der Leitung", "event involving a lead").to_owned();
    }
    lang.pick("passendes Ereignis", "qualifying event").to_owned()
}

fn mentions_child_seen(cond: &Cond) -> bool {
    mentions(cond, &|c| matches!(c, Cond::ChildSeen(true)))
}

/// Whether a condition or one of its parts (not negated) fulfils `test`.
fn mentions(cond: &Cond, test: &dyn Fn(&Cond) -> bool) -> bool {
    match cond {
        Cond::All(cs) | Cond::Any(cs) => cs.iter().any(|c| mentions(c, test)),
        c => test(c),
    }
}

fn target_of(item: &Item) -> Option<&Cond> {
    match &item.body {
        Body::Rule(rule) => match rule.as_ref() {
            Rule::Pair(p) => Some(&p.target),
            Rule::Existence { target, .. } | Rule::Absence { target, .. } => Some(target),
            _ => None,
        },
        Body::Question(_) => None,
    }
}

fn missing(what: &str, a: &EvRef, since: Option<&str>, until: Option<&str>, lang: Lang) -> String {
    let a_date = a.date.to_string();
    let since = since.filter(|s| *s != a_date);
    let until = until.filter(|u| *u != a_date);
    match (lang, since, until) {
        (Lang::De, Some(s), Some(u)) => format!("{what} fehlt zwischen {s} und {u}"),
        (Lang::De, None, Some(u)) => format!("{what} fehlt bis {u}"),
        (Lang::De, Some(s), None) => format!("{what} fehlt seit {s}"),
        (Lang::De, None, None) => format!("{what} fehlt"),
        (Lang::En, Some(s), Some(u)) => format!("no {what} between {s} and {u}"),
        (Lang::En, None, Some(u)) => format!("no {what} by {u}"),
        (Lang::En, Some(s), None) => format!("no {what} since {s}"),
        (Lang::En, None, None) => format!("no {what}"),
    }
}

/// `; erstes passendes danach: e9 … (5 Tage nach der Frist)`: the
/// qualifying event outside the window, and how far outside.
fn outside_note(
    outside: Option<&EvRef>,
    since: Option<crate::date::Date>,
    until: Option<crate::date::Date>,
    lang: Lang,
) -> String {
    let Some(r) = outside else { return String::new() };
    let late = until.filter(|u| r.date.first_day() > u.last_day());
    let (label, days) = match (late, since) {
        (Some(u), _) => (
            lang.pick("erstes passendes danach", "first qualifying after"),
            Some((r.date.first_day() - u.last_day(), true)),
        ),
        (None, Some(s)) => (
            lang.pick("letztes passendes davor", "last qualifying before"),
            Some((s.first_day() - r.date.last_day(), false)),
        ),
        (None, None) => (lang.pick("passend", "qualifying"), None),
    };
    let exact = !r.date.is_month_precision()
        && since.is_none_or(|d| !d.is_month_precision())
        && until.is_none_or(|d| !d.is_month_precision());
    let d = |n: i32| match (n, lang) {
        (1, Lang::De) => "1 Tag".to_owned(),
        (1, Lang::En) => "1 day".to_owned(),
        (n, Lang::De) => format!("{n} Tage"),
        (n, Lang::En) => format!("{n} days"),
    };
    let how = match (days, exact, lang) {
        (Some((n, true)), true, Lang::De) => format!(" ({} nach der Frist)", d(n)),
        (Some((n, true)), true, Lang::En) => format!(" ({} after the deadline)", d(n)),
        (Some((n, false)), true, Lang::De) => format!(" ({} vor dem Zeitfenster)", d(n)),
        (Some((n, false)), true, Lang::En) => format!(" ({} before the window)", d(n)),
        _ => format!(" {}", lang.pick("(außerhalb der Frist)", "(outside the window)")),
    };
    format!("; {label}: {}{how}", evref(r, lang))
}

/// The note on activations before an item's `since` date.
pub fn todays_law_note(since: crate::date::Date, lang: Lang) -> String {
    match lang {
        Lang::De => format!("Maßstab nach heutigem Recht (Pflicht seit {since})"),
        Lang::En => format!("judged by today's law (duty since {since})"),
    }
}

/// Why an item is `not_applicable`, in one line.
pub fn not_applicable_reason(na: &NotApplicable, lang: Lang) -> String {
    match na {
        NotApplicable::Reason(text) => text.get(lang).to_owned(),
        NotApplicable::NoEvent(kinds) if kinds.is_empty() => {
            lang.pick("kein auslösendes Ereignis im Fall", "no activating event in the case").into()
        }
        NotApplicable::NoEvent(kinds) => {
            let names: Vec<&str> = kinds.iter().map(|k| kind(*k, lang)).collect();
            match lang {
                Lang::De => format!("kein Ereignis der Art {} im Fall", names.join(" / ")),
                Lang::En => format!("no {} in the case", names.join(" / ")),
            }
        }
        NotApplicable::NoStaff(positions) => {
            let names: Vec<&str> = positions.iter().map(|p| no_position(*p, lang)).collect();
            let or = lang.pick(" oder ", " or ");
            match lang {
                Lang::De => format!("{} erfasst (staff.position)", names.join(or)),
                Lang::En => format!("no {} recorded (staff.position)", names.join(or)),
            }
        }
    }
}

/// "keine Leitungskraft" / "lead": the missing position as a phrase.
fn no_position(p: StaffPosition, lang: Lang) -> &'static str {
    match (p, lang) {
        (StaffPosition::Caseworker, Lang::De) => "keine fallführende Fachkraft",
        (StaffPosition::Lead, Lang::De) => "keine Leitungskraft",
        (StaffPosition::Guardian, Lang::De) => "kein Vormund",
        (StaffPosition::Expert, Lang::De) => "keine insoweit erfahrene Fachkraft",
        (StaffPosition::Other, Lang::De) => "keine Fachkraft mit sonstiger Position",
        (StaffPosition::Caseworker, Lang::En) => "caseworker",
        (StaffPosition::Lead, Lang::En) => "lead",
        (StaffPosition::Guardian, Lang::En) => "guardian",
        (StaffPosition::Expert, Lang::En) => "child-protection specialist",
        (StaffPosition::Other, Lang::En) => "staff member with another position",
    }
}

/// One line explaining an activation's status.
pub fn detail(d: &Detail, item: &Item, lang: Lang) -> String {
    let what = || target_of(item).map(|c| wanted(c, lang)).unwrap_or_default();
    let date = |d: &Option<crate::date::Date>| d.map(|d| d.to_string());
    match d {
        Detail::Found { activation, target } => {
            format!("{} → {}", evref(activation, lang), evref(target, lang))
        }
        Detail::Missing { activation, since, until, outside } => format!(
            "{} → {}{}",
            evref(activation, lang),
            missing(&what(), activation, date(since).as_deref(), date(until).as_deref(), lang),
            outside_note(outside.as_ref(), *since, *until, lang)
        ),
        Detail::ChildMissing { activation, child, since, until, outside } => format!(
            "{} → {} {child}: {}{}",
            evref(activation, lang),
            lang.pick("Kind", "child"),
            missing(&what(), activation, date(since).as_deref(), date(until).as_deref(), lang),
            outside_note(outside.as_ref(), *since, *until, lang)
        ),
        Detail::Uncertain { activation, candidate } => {
            let c = candidate.as_ref().map(|c| format!(" {}?", evref(c, lang))).unwrap_or_default();
            format!(
                "{} →{c} {}",
                evref(activation, lang),
                lang.pick(
                    "(Monatsangaben lassen das offen)",
                    "(month-precision dates cannot settle it)"
                )
            )
        }
        Detail::Forbidden { activation, target } => format!(
            "{} → {} {}",
            evref(activation, lang),
            evref(target, lang),
            lang.pick("(soll nicht vorkommen)", "(should not occur)")
        ),
        Detail::NoneForbidden { activation } => match lang {
            Lang::De => format!("{}: kein(e) {}", evref(activation, lang), what()),
            Lang::En => format!("{}: no {}", evref(activation, lang), what()),
        },
        Detail::Condition { activation, fact } => {
            let a = evref(activation, lang);
            match (fact, lang) {
                (Fact::Staff { count, min }, Lang::De) => {
                    format!("{a}: {count} Fachkraft/Fachkräfte beteiligt (mindestens {min})")
                }
                (Fact::Staff { count, min }, Lang::En) => {
                    format!("{a}: {count} staff involved (at least {min})")
                }
                (Fact::Mode { mode: Some(m) }, Lang::De) => format!("{a}: Form {}", m.label_de()),
                (Fact::Mode { mode: Some(m) }, Lang::En) => format!("{a}: mode {}", m.id()),
                (Fact::Mode { mode: None }, Lang::De) => format!("{a}: Form nicht angegeben"),
                (Fact::Mode { mode: None }, Lang::En) => format!("{a}: mode not recorded"),
                (Fact::Latest { event, holds }, Lang::De) => format!(
                    "{a}: letzte(s) {} {}",
                    evref(event, lang),
                    if *holds { "unbedenklich" } else { "spricht dagegen" }
                ),
                (Fact::Latest { event, holds }, Lang::En) => format!(
                    "{a}: latest {} {}",
                    evref(event, lang),
                    if *holds { "is fine" } else { "speaks against it" }
                ),
                (Fact::Holds(t), _) => format!(
                    "{a}: {}",
                    match t {
                        Tri::Yes => lang.pick("Bedingung erfüllt", "condition holds"),
                        Tri::No => lang.pick("Bedingung nicht erfüllt", "condition fails"),
                        Tri::Maybe => lang.pick("Bedingung unklar", "condition unknown"),
                    }
                ),
            }
        }
        Detail::Gap { open, end, from, to, days, certain, limit } => {
            let approx = if *certain { "" } else { lang.pick("bis zu ", "up to ") };
            match lang {
                Lang::De => format!(
                    "Zeitraum {} – {}: längste Lücke {approx}{days} Tage ({} → {}), Grenze {limit}",
                    evref(open, lang),
                    bound(end, lang),
                    bound(from, lang),
                    bound(to, lang)
                ),
                Lang::En => format!(
                    "period {} – {}: longest stretch {approx}{days} days ({} → {}), limit {limit}",
                    evref(open, lang),
                    bound(end, lang),
                    bound(from, lang),
                    bound(to, lang)
                ),
            }
        }
        Detail::Count { found, uncertain, min, max } => {
            let limit = match (min, max, lang) {
                (Some(m), _, Lang::De) => format!("mindestens {m}"),
                (Some(m), _, Lang::En) => format!("at least {m}"),
                (None, Some(m), Lang::De) => format!("höchstens {m}"),
                (None, Some(m), Lang::En) => format!("at most {m}"),
                _ => String::new(),
            };
            let unsure = if *uncertain > 0 {
                format!(" (+{uncertain} {})", lang.pick("unklar", "uncertain"))
            } else {
                String::new()
            };
            match lang {
                Lang::De => format!("{found}{unsure} × {}, {limit}", what()),
                Lang::En => format!("{found}{unsure} × {}, {limit}", what()),
            }
        }
    }
}

/// The detail text of an item: one line per activation, not-met first.
pub fn item_detail(r: &super::ItemResult, item: &Item, lang: Lang) -> Vec<String> {
    let mut lines = Vec::new();
    let order = [Status::NotMet, Status::Unknown, Status::Excepted, Status::Met];
    for status in order {
        for a in r.activations.iter().filter(|a| a.status == status) {
            for d in &a.details {
                let mut line = detail(d, item, lang);
                if status != Status::Met && r.activations.len() > 1 {
                    line.push_str(&format!(" [{}]", status_label(status, lang)));
                }
                if !lines.contains(&line) {
                    lines.push(line);
                }
            }
        }
    }
    for reason in &r.reasons {
        lines.push(format!("{}: {reason}", lang.pick("Ausnahme", "Exception")));
    }
    if let Some(na) = &r.not_applicable {
        lines.push(not_applicable_reason(na, lang));
    }
    let mut noted: Vec<crate::date::Date> = Vec::new();
    for a in &r.activations {
        if let Some(since) = a.todays_law
            && !noted.contains(&since)
        {
            noted.push(since);
            let ids: Vec<&str> = r
                .activations
                .iter()
                .filter(|b| b.todays_law.is_some())
                .filter_map(|b| b.event)
                .collect();
            lines.push(format!("{}: {}", ids.join(", "), todays_law_note(since, lang)));
        }
    }
    lines
}

/// `K09 Fallübergabe im Gespräch: keine Fallübergabe im Fall`, one line per
/// item that is not applicable.
pub fn not_applicable_lines(list: &Checklist, result: &CaseResult, lang: Lang) -> Vec<String> {
    list.items
        .iter()
        .zip(&result.items)
        .filter_map(|(item, r)| {
            let na = r.not_applicable.as_ref()?;
            Some(format!(
                "{} {}: {}",
                item.id,
                item.title.get(lang),
                not_applicable_reason(na, lang)
            ))
        })
        .collect()
}

pub fn status_label(s: Status, lang: Lang) -> &'static str {
    match lang {
        Lang::De => s.label_de(),
        Lang::En => s.label_en(),
    }
}

/// `16 Punkte: 9 erfüllt, 3 nicht erfüllt, ...; 6 offene Fragen`
pub fn summary_line(result: &CaseResult, lang: Lang) -> String {
    let rules = result.items.iter().filter(|i| i.status != Status::Open).count();
    let parts: Vec<String> =
        [Status::Met, Status::NotMet, Status::Unknown, Status::Excepted, Status::NotApplicable]
            .into_iter()
            .map(|s| format!("{} {}", result.count(s), status_label(s, lang)))
            .collect();
    let open = result.count(Status::Open);
    match lang {
        Lang::De => format!("{rules} Prüfpunkte: {}; {open} Leitfragen", parts.join(", ")),
        Lang::En => format!("{rules} items: {}; {open} guided questions", parts.join(", ")),
    }
}

/// Whether a text has the form of a checklist item id (`K03`, `Q01`,
/// `X12a`), and so may be quoted in a message.
pub fn item_like(text: &str) -> bool {
    let letters = text.chars().take_while(char::is_ascii_alphabetic).count();
    let rest = &text[letters..];
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    (1..=4).contains(&letters)
        && (1..=3).contains(&digits)
        && rest[digits..].chars().count() <= 1
        && rest[digits..].chars().all(|c| c.is_ascii_lowercase())
}

/// A warning that only the checklist reveals: position, field path, code, message.
pub fn warning_parts(
    w: &super::eval::CheckWarning,
    lang: Lang,
) -> (crate::diag::Pos, String, &'static str, String) {
    use super::eval::CheckWarning;
    match w {
        CheckWarning::UnknownItem { index, pos, item } => (
            *pos,
            format!("exceptions[{index}].item"),
            "unknown_item",
            // The item is quoted only when it has the form of an item id: the
            // field is free text to the user and may hold a name.
            match (lang, item_like(item)) {
                (Lang::De, true) => {
                    format!("Ausnahme nennt den Prüfpunkt {item}, den die Checkliste nicht hat")
                }
                (Lang::De, false) => {
                    "Ausnahme nennt keinen Prüfpunkt der Checkliste (keine Prüfpunkt-Kennung)"
                        .into()
                }
                (Lang::En, true) => {
                    format!("exception names item {item}, which the checklist does not have")
                }
                (Lang::En, false) => {
                    "exception names no item of the checklist (not an item id)".into()
                }
            },
        ),
        CheckWarning::NotAnActivation { index, pos, item, event } => (
            *pos,
            format!("exceptions[{index}].events"),
            "not_an_activation",
            match lang {
                Lang::De => format!("Ereignis {event} löst Prüfpunkt {item} nicht aus"),
                Lang::En => format!("event {event} does not activate item {item}"),
            },
        ),
    }
}

/// Warnings that only the checklist reveals, in the `file:line:column` form.
pub fn warning_lines(file: &str, result: &CaseResult, lang: Lang) -> Vec<String> {
    result
        .warnings
        .iter()
        .map(|w| {
            let (pos, path, _, message) = warning_parts(w, lang);
            format!(
                "{file}:{}:{}: warning: {message} ({} {path})",
                pos.line,
                pos.column,
                lang.pick("bei", "at")
            )
        })
        .collect()
}

/// Output format of `check`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    #[default]
    Table,
    Markdown,
    Csv,
    Json,
}

/// One file's rendered outcome: what goes to standard output and what to
/// standard error.
#[derive(Debug, Default)]
pub struct Rendered {
    pub out: Vec<u8>,
    pub err: Vec<u8>,
}

/// Writes check results file by file. Rendering is pure and runs on any
/// thread; writing keeps the files' order and adds the framing (a JSON
/// array's commas, a CSV header).
pub trait CheckReporter: Sync {
    /// Renders one file into `out` (and problems meant for standard error into `err`).
    fn case_into(
        &self,
        out: &mut dyn Write,
        err: &mut dyn Write,
        checked: &Checked<'_>,
    ) -> io::Result<()>;

    fn render(&self, checked: &Checked<'_>) -> io::Result<Rendered> {
        let mut r = Rendered::default();
        self.case_into(&mut r.out, &mut r.err, checked)?;
        Ok(r)
    }

    fn write(&mut self, out: &mut dyn Write, rendered: &Rendered) -> io::Result<()> {
        crate::output::stderr().write_all(&rendered.err)?;
        out.write_all(&rendered.out)
    }

    fn finish(&mut self, out: &mut dyn Write, totals: &Totals) -> io::Result<()>;
}

/// Totals of a `check` run.
#[derive(Clone, Copy, Debug, Default)]
pub struct Totals {
    pub files: usize,
    pub invalid: usize,
    pub not_met: usize,
    pub unknown: usize,
}

impl Totals {
    pub fn add(&mut self, checked: &Checked<'_>) {
        self.files += 1;
        match checked.result {
            Some(r) => {
                self.not_met += r.count(Status::NotMet);
                self.unknown += r.count(Status::Unknown);
            }
            None => self.invalid += 1,
        }
    }

    pub fn line(&self, lang: Lang) -> String {
        match lang {
            Lang::De => format!(
                "{} Fälle geprüft ({} ungültig übersprungen): {} Prüfpunkte nicht erfüllt, {} unklar",
                self.files, self.invalid, self.not_met, self.unknown
            ),
            Lang::En => format!(
                "{} cases checked ({} invalid, skipped): {} items not met, {} unknown",
                self.files, self.invalid, self.not_met, self.unknown
            ),
        }
    }
}

/// The reporter of a format; `excel`: CSV for German Excel (semicolons,
/// byte-order mark).
pub fn reporter(
    format: CheckFormat,
    checklist: &Checklist,
    lang: Lang,
    excel: bool,
) -> Box<dyn CheckReporter + '_> {
    match format {
        CheckFormat::Table => Box::new(TableReporter { checklist, lang }),
        CheckFormat::Markdown => Box::new(MarkdownReporter { checklist, lang }),
        CheckFormat::Csv => Box::new(CsvReporter { checklist, lang, header: false, excel }),
        CheckFormat::Json => Box::new(JsonReporter { checklist, lang, array: Default::default() }),
    }
}

fn write_diagnostics(out: &mut dyn Write, checked: &Checked<'_>, lang: Lang) -> io::Result<()> {
    crate::output::write_diagnostics(out, checked.file, checked.diagnostics, lang, false)?;
    if let Some(r) = checked.result {
        for line in warning_lines(checked.file, r, lang) {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

/// Terminal tables.
struct TableReporter<'c> {
    checklist: &'c Checklist,
    lang: Lang,
}

impl CheckReporter for TableReporter<'_> {
    fn case_into(
        &self,
        out: &mut dyn Write,
        _err: &mut dyn Write,
        checked: &Checked<'_>,
    ) -> io::Result<()> {
        let lang = self.lang;
        write_diagnostics(out, checked, lang)?;
        let (Some(case), Some(result)) = (checked.case, checked.result) else {
            writeln!(
                out,
                "{}: {}\n",
                checked.file,
                lang.pick("ungültig, nicht geprüft", "invalid, not checked")
            )?;
            return Ok(());
        };
        writeln!(
            out,
            "{} {} — {} — {} {}",
            lang.pick("Fall", "Case"),
            case.case.reference,
            checked.file,
            lang.pick("Checkliste", "checklist"),
            self.checklist.id
        )?;
        let mut table = Table::new();
        table.load_style(presets::UTF8_FULL_CONDENSED);
        table.set_content_arrangement(ContentArrangement::Dynamic);
        table.set_header(vec![
            lang.pick("Punkt", "Item"),
            lang.pick("Titel", "Title"),
            "Status",
            lang.pick("Belege", "Evidence"),
        ]);
        for (item, r) in self.checklist.items.iter().zip(&result.items) {
            if r.status == Status::Open {
                continue;
            }
            let status = status_label(r.status, lang).to_owned();
            table.add_row(vec![
                item.id.clone(),
                item.title.get(lang).to_owned(),
                status,
                item_detail(r, item, lang).join("\n"),
            ]);
        }
        writeln!(out, "{table}")?;
        let questions: Vec<_> = self.checklist.questions().collect();
        if !questions.is_empty() {
            writeln!(
                out,
                "{}:",
                lang.pick("Leitfragen für die Werkstatt", "Guided questions for the workshop")
            )?;
            for (item, q) in questions {
                writeln!(out, "  {} {}", item.id, q.get(lang))?;
            }
        }
        writeln!(out, "{}\n", summary_line(result, lang))
    }

    fn finish(&mut self, out: &mut dyn Write, totals: &Totals) -> io::Result<()> {
        if totals.files > 1 || totals.invalid > 0 {
            writeln!(out, "{}", totals.line(self.lang))?;
        }
        Ok(())
    }
}

use crate::output::md_cell;

/// Markdown: a section per case.
struct MarkdownReporter<'c> {
    checklist: &'c Checklist,
    lang: Lang,
}

impl CheckReporter for MarkdownReporter<'_> {
    fn case_into(
        &self,
        out: &mut dyn Write,
        _err: &mut dyn Write,
        checked: &Checked<'_>,
    ) -> io::Result<()> {
        let lang = self.lang;
        let (Some(case), Some(result)) = (checked.case, checked.result) else {
            writeln!(out, "## {}\n", md_cell(checked.file))?;
            writeln!(out, "{}\n", lang.pick("Ungültig, nicht geprüft:", "Invalid, not checked:"))?;
            for d in checked.diagnostics.iter().filter(|d| d.is_error()) {
                let at = d.pos.map(|p| format!("{}:{}: ", p.line, p.column)).unwrap_or_default();
                writeln!(out, "- {at}{} (`{}`)", d.problem.message(lang), d.path)?;
            }
            return writeln!(out);
        };
        writeln!(
            out,
            "## {} {} ({})\n",
            lang.pick("Fall", "Case"),
            md_cell(&case.case.reference),
            md_cell(checked.file)
        )?;
        writeln!(
            out,
            "{}: {} — {}\n",
            lang.pick("Checkliste", "Checklist"),
            self.checklist.id,
            self.checklist.title.get(lang)
        )?;
        writeln!(
            out,
            "| {} | {} | Status | {} |\n|---|---|---|---|",
            lang.pick("Punkt", "Item"),
            lang.pick("Titel", "Title"),
            lang.pick("Belege", "Evidence")
        )?;
        for (item, r) in self.checklist.items.iter().zip(&result.items) {
            if r.status == Status::Open {
                continue;
            }
            writeln!(
                out,
                "| {} | {} | {} | {} |",
                item.id,
                md_cell(item.title.get(lang)),
                status_label(r.status, lang),
                md_cell(&item_detail(r, item, lang).join("\n"))
            )?;
        }
        let questions: Vec<_> = self.checklist.questions().collect();
        if !questions.is_empty() {
            writeln!(out, "\n### {}\n", lang.pick("Leitfragen", "Guided questions"))?;
            for (item, q) in questions {
                writeln!(out, "- **{}** {}", item.id, md_cell(q.get(lang)))?;
            }
        }
        let warnings = warning_lines(checked.file, result, lang);
        if !warnings.is_empty() {
            writeln!(out)?;
            for w in warnings {
                writeln!(out, "> {}", md_cell(&w))?;
            }
        }
        writeln!(out, "\n{}\n", summary_line(result, lang))
    }

    fn finish(&mut self, _out: &mut dyn Write, _totals: &Totals) -> io::Result<()> {
        Ok(())
    }
}

/// CSV: one row per file and item (tidy).
struct CsvReporter<'c> {
    checklist: &'c Checklist,
    lang: Lang,
    header: bool,
    excel: bool,
}

impl CheckReporter for CsvReporter<'_> {
    fn write(&mut self, out: &mut dyn Write, rendered: &Rendered) -> io::Result<()> {
        crate::output::stderr().write_all(&rendered.err)?;
        if !self.header {
            if self.excel {
                out.write_all(crate::output::BOM)?;
            }
            let mut w = crate::output::csv_writer(&mut *out, self.excel);
            w.write_record([
                "file",
                "case",
                "checklist",
                "item",
                "title",
                "category",
                "status",
                "evidence",
                "detail",
            ])?;
            w.flush()?;
            self.header = true;
        }
        out.write_all(&rendered.out)
    }

    fn case_into(
        &self,
        out: &mut dyn Write,
        err: &mut dyn Write,
        checked: &Checked<'_>,
    ) -> io::Result<()> {
        let mut w = crate::output::csv_writer(out, self.excel);
        // The table holds results only; problems of the file go to standard error.
        write_diagnostics(err, checked, self.lang)?;
        let (Some(case), Some(result)) = (checked.case, checked.result) else {
            crate::output::csv_record(
                &mut w,
                [checked.file, "", &self.checklist.id, "", "", "", "invalid", "", ""],
            )?;
            return w.flush();
        };
        for (item, r) in self.checklist.items.iter().zip(&result.items) {
            let detail = match &item.body {
                Body::Question(q) => q.get(self.lang).to_owned(),
                Body::Rule(_) => item_detail(r, item, self.lang).join("; "),
            };
            crate::output::csv_record(
                &mut w,
                [
                    checked.file,
                    &case.case.reference,
                    &self.checklist.id,
                    &item.id,
                    item.title.get(self.lang),
                    item.category.id(),
                    r.status.id(),
                    &r.evidence.join(" "),
                    &detail,
                ],
            )?;
        }
        w.flush()
    }

    fn finish(&mut self, _out: &mut dyn Write, _totals: &Totals) -> io::Result<()> {
        Ok(())
    }
}

/// JSON: one array, an object per file.
struct JsonReporter<'c> {
    checklist: &'c Checklist,
    lang: Lang,
    array: crate::output::JsonArray,
}

#[derive(Serialize)]
struct JsonCase<'a> {
    file: &'a str,
    case: Option<&'a str>,
    checklist: &'a str,
    valid: bool,
    items: Vec<JsonItem<'a>>,
    errors: Vec<JsonMessage>,
    warnings: Vec<JsonMessage>,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    id: &'a str,
    title: &'a str,
    category: &'static str,
    status: Status,
    evidence: &'a [&'a str],
    detail: String,
    #[serde(skip_serializing_if = "<[&str]>::is_empty")]
    reasons: &'a [&'a str],
    #[serde(skip_serializing_if = "Option::is_none")]
    question: Option<&'a str>,
    /// Why the item is not applicable (one line).
    #[serde(skip_serializing_if = "Option::is_none")]
    not_applicable: Option<String>,
    /// The date from which the duty exists in law.
    #[serde(skip_serializing_if = "Option::is_none")]
    since: Option<crate::date::Date>,
    activations: Vec<JsonActivation<'a>>,
}

#[derive(Serialize)]
struct JsonActivation<'a> {
    event: Option<&'a str>,
    status: Status,
    evidence: &'a [&'a str],
    detail: String,
    #[serde(skip_serializing_if = "<[&str]>::is_empty")]
    reasons: &'a [&'a str],
    /// Set when the activating event lies before the item's `since` date.
    #[serde(skip_serializing_if = "Option::is_none")]
    todays_law: Option<String>,
}

#[derive(Serialize)]
struct JsonMessage {
    line: Option<u32>,
    column: Option<u32>,
    path: String,
    code: &'static str,
    message: String,
}

impl CheckReporter for JsonReporter<'_> {
    fn case_into(
        &self,
        out: &mut dyn Write,
        _err: &mut dyn Write,
        checked: &Checked<'_>,
    ) -> io::Result<()> {
        let lang = self.lang;
        let message = |d: &Diagnostic| JsonMessage {
            line: d.pos.map(|p| p.line),
            column: d.pos.map(|p| p.column),
            path: d.path.clone(),
            code: d.problem.code(),
            message: d.problem.message(lang),
        };
        let mut warnings: Vec<JsonMessage> =
            checked.diagnostics.iter().filter(|d| !d.is_error()).map(message).collect();
        let mut items = Vec::new();
        if let Some(result) = checked.result {
            for w in &result.warnings {
                let (pos, path, code, message) = warning_parts(w, lang);
                warnings.push(JsonMessage {
                    line: Some(pos.line),
                    column: Some(pos.column),
                    path,
                    code,
                    message,
                });
            }
            for (item, r) in self.checklist.items.iter().zip(&result.items) {
                items.push(JsonItem {
                    id: &item.id,
                    title: item.title.get(lang),
                    category: item.category.id(),
                    status: r.status,
                    evidence: &r.evidence,
                    detail: item_detail(r, item, lang).join("; "),
                    reasons: &r.reasons,
                    question: match &item.body {
                        Body::Question(q) => Some(q.get(lang)),
                        Body::Rule(_) => None,
                    },
                    not_applicable: r
                        .not_applicable
                        .as_ref()
                        .map(|n| not_applicable_reason(n, lang)),
                    since: item.since,
                    activations: r
                        .activations
                        .iter()
                        .map(|a| JsonActivation {
                            event: a.event,
                            status: a.status,
                            evidence: &a.evidence,
                            detail: a
                                .details
                                .iter()
                                .map(|d| detail(d, item, lang))
                                .collect::<Vec<_>>()
                                .join("; "),
                            reasons: &a.reasons,
                            todays_law: a.todays_law.map(|d| todays_law_note(d, lang)),
                        })
                        .collect(),
                });
            }
        }
        let value = JsonCase {
            file: checked.file,
            case: checked.case.map(|c| c.case.reference.as_str()),
            checklist: &self.checklist.id,
            valid: checked.case.is_some(),
            items,
            errors: checked.diagnostics.iter().filter(|d| d.is_error()).map(message).collect(),
            warnings,
        };
        serde_json::to_writer_pretty(out, &value)?;
        Ok(())
    }

    fn write(&mut self, out: &mut dyn Write, rendered: &Rendered) -> io::Result<()> {
        crate::output::stderr().write_all(&rendered.err)?;
        self.array.raw_item(out, &rendered.out)
    }

    fn finish(&mut self, out: &mut dyn Write, _totals: &Totals) -> io::Result<()> {
        self.array.finish(out)
    }
}
