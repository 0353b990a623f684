//! Event logs for process-mining tools: CSV, XES (IEEE 1849) and OCEL 2.0
//! JSON. One trace (or case object) per case file; events in date order.
//! A month-precision date is exported as the first day of its month, with an
//! attribute `date_precision: month` saying so.

use std::fmt::Write as _;
use std::io::{self, Write};

use serde_json::{Value, json};

use crate::model::{Case, Entity, Event};
use crate::vocab::Vocabulary;

/// An ISO 8601 timestamp of an event (UTC, the day's start or its time).
fn timestamp(e: &Event) -> String {
    let d = e.date;
    let (h, m) = e.time.map_or((0, 0), |t| (t.hour, t.minute));
    format!("{:04}-{:02}-{:02}T{h:02}:{m:02}:00", d.year(), d.month(), d.day().unwrap_or(1))
}

fn precision(e: &Event) -> &'static str {
    if e.date.is_month_precision() { "month" } else { "day" }
}

/// Trace names, unique per file of a run: a case's `ref` (in an export, a
/// pseudonym), with `#2`, `#3` … for later files of the same `ref` (siblings
/// share one), so that process-mining tools never merge two cases.
#[derive(Debug, Default)]
pub struct TraceIds(std::collections::HashMap<String, usize>);

impl TraceIds {
    pub fn next(&mut self, case: &Case) -> String {
        let n = self.0.entry(case.case.reference.clone()).or_insert(0);
        *n += 1;
        if *n == 1 { case.case.reference.clone() } else { format!("{}#{n}", case.case.reference) }
    }
}

/// The events in date order and, within a day, by `time` where given: an
/// event without a time keeps its place after the event listed before it
/// (the analysis order, list order within a day, is unchanged elsewhere).
pub fn by_time(case: &Case) -> Vec<&Event> {
    case.by_time()
}

/// The CSV header row.
pub const CSV_HEADER: [&str; 13] = [
    "case_id",
    "event_id",
    "activity",
    "timestamp",
    "date_precision",
    "by",
    "to",
    "with",
    "child_seen",
    "result",
    "mode",
    "source",
    "municipality",
];

/// The CSV header as bytes.
pub fn csv_header(excel: bool) -> io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    if excel {
        buf.extend_from_slice(crate::output::BOM);
    }
    let mut w = crate::output::csv_writer(buf, excel);
    w.write_record(CSV_HEADER)?;
    w.into_inner().map_err(|e| io::Error::other(e.to_string()))
}

/// CSV: one row per event, `case_id, event_id, activity, timestamp, ...`.
pub fn write_csv(out: &mut dyn Write, cases: &[&Case]) -> io::Result<()> {
    out.write_all(&csv_header(false)?)?;
    let mut ids = TraceIds::default();
    for case in cases {
        out.write_all(&csv_rows(case, &ids.next(case), false)?)?;
    }
    Ok(())
}

/// The CSV rows of one case (no header).
pub fn csv_rows(case: &Case, trace: &str, excel: bool) -> io::Result<Vec<u8>> {
    let mut w = crate::output::csv_writer(Vec::new(), excel);
    for e in by_time(case) {
        crate::output::csv_record(
            &mut w,
            [
                trace,
                &e.id,
                e.kind.id(),
                &timestamp(e),
                precision(e),
                &e.by.join(" "),
                &e.to.join(" "),
                &e.with.join(" "),
                &e.child_seen.map(|b| b.to_string()).unwrap_or_default(),
                e.result.map(|r| r.id()).unwrap_or(""),
                e.mode.map(|m| m.id()).unwrap_or(""),
                e.source.as_deref().unwrap_or(""),
                &case.case.municipality,
            ],
        )?;
    }
    w.into_inner().map_err(|e| io::Error::other(e.to_string()))
}

/// Text for XML or HTML: the five special characters escaped, control
/// characters (other than tab and line breaks) dropped.
pub fn escape_markup(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '"' => s.push_str("&quot;"),
            '\'' => s.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => s.push(c),
        }
    }
    s
}

/// The start of an XES log: extensions, globals, classifier.
pub const XES_HEADER: &str = concat!(
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
    "<log xes.version=\"1849-2016\" xes.features=\"nested-attributes\" xmlns=\"http://www.xes-standard.org/\">\n",
    "  <extension name=\"Concept\" prefix=\"concept\" uri=\"http://www.xes-standard.org/concept.xesext\"/>\n",
    "  <extension name=\"Time\" prefix=\"time\" uri=\"http://www.xes-standard.org/time.xesext\"/>\n",
    "  <extension name=\"Organizational\" prefix=\"org\" uri=\"http://www.xes-standard.org/org.xesext\"/>\n",
    "  <global scope=\"trace\">\n    <string key=\"concept:name\" value=\"__INVALID__\"/>\n  </global>\n",
    "  <global scope=\"event\">\n    <string key=\"concept:name\" value=\"__INVALID__\"/>\n",
    "    <date key=\"time:timestamp\" value=\"1970-01-01T00:00:00.000+00:00\"/>\n  </global>\n",
    "  <classifier name=\"Activity\" keys=\"concept:name\"/>\n",
    "  <string key=\"concept:name\" value=\"lernfall\"/>\n",
);

/// The end of an XES log.
pub const XES_FOOTER: &str = "</log>\n";

/// XES (IEEE 1849-2016) with the concept, time and org extensions.
pub fn write_xes(out: &mut dyn Write, cases: &[&Case]) -> io::Result<()> {
    out.write_all(XES_HEADER.as_bytes())?;
    let mut ids = TraceIds::default();
    for case in cases {
        out.write_all(xes_trace(case, &ids.next(case)).as_bytes())?;
    }
    out.write_all(XES_FOOTER.as_bytes())
}

/// The `<trace>` of one case.
pub fn xes_trace(case: &Case, trace: &str) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "  <trace>\n    <string key=\"concept:name\" value=\"{}\"/>",
        escape_markup(trace)
    );
    let _ = writeln!(
        s,
        "    <string key=\"municipality\" value=\"{}\"/>",
        escape_markup(&case.case.municipality)
    );
    if let Some(o) = case.case.outcome {
        let _ = writeln!(s, "    <string key=\"outcome\" value=\"{}\"/>", o.id());
    }
    for e in by_time(case) {
        let _ = writeln!(
            s,
            "    <event>\n      <string key=\"concept:name\" value=\"{}\"/>",
            e.kind.id()
        );
        let _ = writeln!(
            s,
            "      <date key=\"time:timestamp\" value=\"{}.000+00:00\"/>",
            timestamp(e)
        );
        let _ = writeln!(s, "      <string key=\"event_id\" value=\"{}\"/>", escape_markup(&e.id));
        let _ = writeln!(s, "      <string key=\"date_precision\" value=\"{}\"/>", precision(e));
        if let Some(first) = e.by.first() {
            let _ = writeln!(
                s,
                "      <string key=\"org:resource\" value=\"{}\"/>",
                escape_markup(first)
            );
            if let Some(Entity::Staff(st)) = case.entity(first)
                && let Some(i) = &st.institution
            {
                let _ =
                    writeln!(s, "      <string key=\"org:group\" value=\"{}\"/>", escape_markup(i));
            }
        }
        for (key, ids) in [("by", &e.by), ("to", &e.to), ("with", &e.with)] {
            if !ids.is_empty() {
                let _ = writeln!(
                    s,
                    "      <string key=\"{key}\" value=\"{}\"/>",
                    escape_markup(&ids.join(" "))
                );
            }
        }
        if let Some(b) = e.child_seen {
            let _ = writeln!(s, "      <boolean key=\"child_seen\" value=\"{b}\"/>");
        }
        if let Some(r) = e.result {
            let _ = writeln!(s, "      <string key=\"result\" value=\"{}\"/>", r.id());
        }
        s.push_str("    </event>\n");
    }
    s.push_str("  </trace>\n");
    s
}

/// OCEL 2.0 JSON: cases, children, other people, institutions and staff as
/// objects; events related to them with the qualifiers `case`, `by`, `to`,
/// `with`, `source`.
pub fn ocel(cases: &[&Case]) -> Value {
    let mut ids = TraceIds::default();
    let mut objects = Vec::new();
    let mut events = Vec::new();
    let mut kinds = std::collections::BTreeSet::new();
    for case in cases {
        let (o, e) = ocel_case(case, &ids.next(case));
        objects.extend(o);
        events.extend(e);
        kinds.extend(case.events.iter().map(|e| e.kind.id()));
    }
    json!({
        "objectTypes": ocel_object_types(),
        "eventTypes": ocel_event_types(kinds.iter().copied()),
        "objects": objects,
        "events": events,
    })
}

/// The object types of an OCEL 2.0 export.
pub fn ocel_object_types() -> Value {
    let attr = |name: &str, ty: &str| json!({"name": name, "type": ty});
    json!([
        {"name": "case", "attributes": [attr("municipality", "string"), attr("outcome", "string")]},
        {"name": "child", "attributes": [attr("role", "string")]},
        {"name": "person", "attributes": [attr("role", "string")]},
        {"name": "institution", "attributes": [attr("kind", "string")]},
        {"name": "staff", "attributes": []},
    ])
}

/// The event types of an OCEL 2.0 export: the kinds used.
pub fn ocel_event_types<'a>(kinds: impl Iterator<Item = &'a str>) -> Value {
    let attr = |name: &str, ty: &str| json!({"name": name, "type": ty});
    Value::Array(
        kinds
            .map(|k| {
                json!({
                    "name": k,
                    "attributes": [attr("date_precision", "string"), attr("child_seen", "boolean"), attr("result", "string")],
                })
            })
            .collect(),
    )
}

/// The OCEL objects (the case, its people, institutions and staff) and
/// events of one case, under the trace name `cid`.
pub fn ocel_case(case: &Case, cid: &str) -> (Vec<Value>, Vec<Value>) {
    let epoch = "1970-01-01T00:00:00Z";
    let oid = |id: &str| format!("{cid}/{id}");
    let mut objects = vec![json!({
        "id": cid,
        "type": "case",
        "attributes": [
            {"name": "municipality", "time": epoch, "value": case.case.municipality},
            {"name": "outcome", "time": epoch, "value": case.case.outcome.map(|o| o.id()).unwrap_or("")},
        ],
        "relationships": case.people.iter().map(|p| json!({"objectId": oid(&p.id), "qualifier": p.role.id()})).collect::<Vec<_>>(),
    })];
    for p in &case.people {
        let kind = if p.role == crate::vocab::Role::Child { "child" } else { "person" };
        objects.push(json!({
            "id": oid(&p.id),
            "type": kind,
            "attributes": [{"name": "role", "time": epoch, "value": p.role.id()}],
        }));
    }
    for i in &case.institutions {
        objects.push(json!({
            "id": oid(&i.id),
            "type": "institution",
            "attributes": [{"name": "kind", "time": epoch, "value": i.kind.id()}],
        }));
    }
    for st in &case.staff {
        let mut o = json!({"id": oid(&st.id), "type": "staff", "attributes": []});
        if let Some(i) = &st.institution {
            o["relationships"] = json!([{"objectId": oid(i), "qualifier": "works_at"}]);
        }
        objects.push(o);
    }
    let mut events = Vec::new();
    for e in by_time(case) {
        let mut rel = vec![json!({"objectId": cid, "qualifier": "case"})];
        for (q, ids) in [("by", &e.by), ("to", &e.to), ("with", &e.with)] {
            rel.extend(ids.iter().map(|id| json!({"objectId": oid(id), "qualifier": q})));
        }
        if let Some(src) = &e.source {
            rel.push(json!({"objectId": oid(src), "qualifier": "source"}));
        }
        let mut attributes = vec![json!({"name": "date_precision", "value": precision(e)})];
        if let Some(b) = e.child_seen {
            attributes.push(json!({"name": "child_seen", "value": b}));
        }
        if let Some(r) = e.result {
            attributes.push(json!({"name": "result", "value": r.id()}));
        }
        events.push(json!({
            "id": oid(&e.id),
            "type": e.kind.id(),
            "time": format!("{}Z", timestamp(e)),
            "attributes": attributes,
            "relationships": rel,
        }));
    }
    (objects, events)
}

/// One case's OCEL objects and events, serialised: each a list of JSON
/// values joined by `,\n` (empty when there are none).
pub struct OcelPart {
    pub objects: Vec<u8>,
    pub events: Vec<u8>,
}

/// [`ocel_case`] serialised, so that a batch holds bytes, not JSON trees.
pub fn ocel_case_json(case: &Case, cid: &str) -> serde_json::Result<OcelPart> {
    let (objects, events) = ocel_case(case, cid);
    let join = |values: Vec<Value>| -> serde_json::Result<Vec<u8>> {
        let mut buf = Vec::new();
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                buf.extend_from_slice(b",\n");
            }
            serde_json::to_writer(&mut buf, v)?;
        }
        Ok(buf)
    };
    Ok(OcelPart { objects: join(objects)?, events: join(events)? })
}

/// Writes an OCEL 2.0 document case by case: objects go straight to the
/// output, events to an anonymous temporary file (unlinked, gone with the
/// process) appended at the end, so memory does not grow with the cases.
pub struct OcelWriter {
    events: std::io::BufWriter<std::fs::File>,
    objects_started: bool,
    events_started: bool,
    kinds: std::collections::BTreeSet<&'static str>,
}

impl OcelWriter {
    pub fn start(out: &mut dyn Write) -> io::Result<OcelWriter> {
        write!(out, "{{\n\"objectTypes\": {},\n\"objects\": [", ocel_object_types())?;
        Ok(OcelWriter {
            events: std::io::BufWriter::new(tempfile::tempfile()?),
            objects_started: false,
            events_started: false,
            kinds: Default::default(),
        })
    }

    /// Adds one case's objects and events (from [`ocel_case_json`]).
    pub fn add(&mut self, out: &mut dyn Write, case: &Case, part: &OcelPart) -> io::Result<()> {
        if !part.objects.is_empty() {
            out.write_all(if self.objects_started { b",\n" } else { b"\n" })?;
            self.objects_started = true;
            out.write_all(&part.objects)?;
        }
        if !part.events.is_empty() {
            self.events.write_all(if self.events_started { b",\n" } else { b"\n" })?;
            self.events_started = true;
            self.events.write_all(&part.events)?;
        }
        self.kinds.extend(case.events.iter().map(|e| e.kind.id()));
        Ok(())
    }

    pub fn finish(self, out: &mut dyn Write) -> io::Result<()> {
        use std::io::{Seek, SeekFrom};
        write!(
            out,
            "\n],\n\"eventTypes\": {},\n\"events\": [",
            ocel_event_types(self.kinds.iter().copied())
        )?;
        let mut file = self.events.into_inner().map_err(|e| e.into_error())?;
        file.seek(SeekFrom::Start(0))?;
        io::copy(&mut file, out)?;
        out.write_all(b"\n]\n}\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_escape_markup() {
        assert_eq!(escape_markup("a<b & \"c\"\u{1}'"), "a&lt;b &amp; &quot;c&quot;&apos;");
    }
}
