//! Writing a [`Case`] as a `lernfall/1` file. Every scalar except booleans
//! is written double-quoted (JSON escaping, which is valid YAML), so that the
//! file reads back the same in every YAML library: no dates turned into date
//! objects, no `09:15` read as a number, no `no` read as false (PyYAML).

use std::fmt::Write as _;

use crate::model::{Case, ExportMarker};
use crate::vocab::Vocabulary;

/// A double-quoted YAML scalar.
pub fn quote(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

fn list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| quote(s)).collect();
    format!("[{}]", quoted.join(", "))
}

/// Writes the case. `header` lines are written as comments at the top.
pub fn case_to_yaml(case: &Case, header: &[&str]) -> String {
    let mut s = String::new();
    for line in header {
        let _ = writeln!(s, "# {line}");
    }
    let _ = writeln!(s, "format: {}", quote(crate::model::FORMAT));
    if let Some(marker) = &case.anonymised {
        write_marker(&mut s, marker);
    }
    let c = &case.case;
    let _ = writeln!(s, "\ncase:\n  ref: {}", quote(&c.reference));
    if let Some(t) = &c.title {
        let _ = writeln!(s, "  title: {}", quote(t));
    }
    let _ = writeln!(s, "  municipality: {}", quote(&c.municipality));
    if let Some(x) = &c.cluster {
        let _ = writeln!(s, "  cluster: {}", quote(x));
    }
    let _ = writeln!(s, "  opened: {}", quote(&c.opened.to_string()));
    if let Some(d) = c.closed {
        let _ = writeln!(s, "  closed: {}", quote(&d.to_string()));
    }
    if let Some(o) = c.outcome {
        let _ = writeln!(s, "  outcome: {}", quote(o.id()));
    }
    if let Some(x) = &c.summary {
        let _ = writeln!(s, "  summary: {}", quote(x));
    }
    let _ = writeln!(s, "\npeople:");
    for p in &case.people {
        let _ = writeln!(
            s,
            "  {}:\n    role: {}\n    name: {}",
            quote(&p.id),
            quote(p.role.id()),
            quote(&p.name)
        );
        if !p.aliases.is_empty() {
            let _ = writeln!(s, "    aliases: {}", list(&p.aliases));
        }
        if let Some(b) = p.born {
            let _ = writeln!(s, "    born: {}", quote(&b.to_string()));
        }
        if let Some(g) = p.gender {
            let _ = writeln!(s, "    gender: {}", quote(g.id()));
        }
        if let Some(a) = &p.address {
            let _ = writeln!(s, "    address: {}", quote(a));
        }
        if let Some(a) = &p.phone {
            let _ = writeln!(s, "    phone: {}", quote(a));
        }
        if let Some(h) = p.household {
            let _ = writeln!(s, "    household: {h}");
        }
        if let Some(n) = &p.notes {
            let _ = writeln!(s, "    notes: {}", quote(n));
        }
    }
    if !case.institutions.is_empty() {
        let _ = writeln!(s, "\ninstitutions:");
        for i in &case.institutions {
            let _ = writeln!(s, "  {}:\n    kind: {}", quote(&i.id), quote(i.kind.id()));
            if let Some(n) = &i.name {
                let _ = writeln!(s, "    name: {}", quote(n));
            }
            if let Some(a) = &i.address {
                let _ = writeln!(s, "    address: {}", quote(a));
            }
            if let Some(a) = &i.phone {
                let _ = writeln!(s, "    phone: {}", quote(a));
            }
        }
    }
    if !case.staff.is_empty() {
        let _ = writeln!(s, "\nstaff:");
        for x in &case.staff {
            let _ = writeln!(s, "  {}:\n    name: {}", quote(&x.id), quote(&x.name));
            if let Some(i) = &x.institution {
                let _ = writeln!(s, "    institution: {}", quote(i));
            }
            if let Some(f) = &x.function {
                let _ = writeln!(s, "    function: {}", quote(f));
            }
            if let Some(p) = x.position {
                let _ = writeln!(s, "    position: {}", quote(p.id()));
            }
        }
    }
    let _ = writeln!(s, "\nevents:");
    for e in &case.events {
        let _ = writeln!(s, "  - id: {}\n    date: {}", quote(&e.id), quote(&e.date.to_string()));
        if let Some(t) = e.time {
            let _ = writeln!(s, "    time: {}", quote(&t.to_string()));
        }
        let _ = writeln!(s, "    kind: {}", quote(e.kind.id()));
        for (name, ids) in [("by", &e.by), ("to", &e.to), ("with", &e.with)] {
            if !ids.is_empty() {
                let _ = writeln!(s, "    {name}: {}", list(ids));
            }
        }
        for (name, v) in [
            ("child_seen", e.child_seen),
            ("child_seen_alone", e.child_seen_alone),
            ("home_seen", e.home_seen),
            ("consent", e.consent),
        ] {
            if let Some(v) = v {
                let _ = writeln!(s, "    {name}: {v}");
            }
        }
        if let Some(r) = e.result {
            let _ = writeln!(s, "    result: {}", quote(r.id()));
        }
        if !e.concerns.is_empty() {
            let ids: Vec<String> = e.concerns.iter().map(|c| c.id().to_owned()).collect();
            let _ = writeln!(s, "    concerns: {}", list(&ids));
        }
        if let Some(m) = e.mode {
            let _ = writeln!(s, "    mode: {}", quote(m.id()));
        }
        if !e.advice.is_empty() {
            let ids: Vec<String> = e.advice.iter().map(|a| a.id().to_owned()).collect();
            let _ = writeln!(s, "    advice: {}", list(&ids));
        }
        if let Some(r) = e.recorded_as {
            let _ = writeln!(s, "    recorded_as: {}", quote(r.id()));
        }
        if let Some(x) = &e.source {
            let _ = writeln!(s, "    source: {}", quote(x));
        }
        if let Some(n) = &e.note {
            let _ = writeln!(s, "    note: {}", quote(n));
        }
    }
    if !case.findings.is_empty() {
        let _ = writeln!(s, "\nfindings:");
        for f in &case.findings {
            let _ = writeln!(s, "  - id: {}\n    factor: {}", quote(&f.id), quote(f.factor.id()));
            if !f.events.is_empty() {
                let _ = writeln!(s, "    events: {}", list(&f.events));
            }
            if let Some(n) = &f.note {
                let _ = writeln!(s, "    note: {}", quote(n));
            }
        }
    }
    if !case.episodes.is_empty() {
        let _ = writeln!(s, "\nepisodes:");
        for k in &case.episodes {
            let _ = writeln!(
                s,
                "  - id: {}\n    title: {}\n    events: {}",
                quote(&k.id),
                quote(&k.title),
                list(&k.events)
            );
            if let Some(n) = &k.note {
                let _ = writeln!(s, "    note: {}", quote(n));
            }
        }
    }
    if !case.exceptions.is_empty() {
        let _ = writeln!(s, "\nexceptions:");
        for x in &case.exceptions {
            let _ = writeln!(s, "  - item: {}", quote(&x.item));
            if !x.events.is_empty() {
                let _ = writeln!(s, "    events: {}", list(&x.events));
            }
            let _ = writeln!(s, "    reason: {}", quote(&x.reason));
        }
    }
    if !case.measures.is_empty() {
        let _ = writeln!(s, "\nmeasures:");
        for m in &case.measures {
            let _ = writeln!(s, "  - id: {}\n    text: {}", quote(&m.id), quote(&m.text));
            if !m.about.is_empty() {
                let _ = writeln!(s, "    about: {}", list(&m.about));
            }
            if let Some(r) = &m.responsible {
                let _ = writeln!(s, "    responsible: {}", quote(r));
            }
            for (name, d) in [("agreed", m.agreed), ("due", m.due)] {
                if let Some(d) = d {
                    let _ = writeln!(s, "    {name}: {}", quote(&d.to_string()));
                }
            }
            let _ = writeln!(s, "    status: {}", quote(m.status.id()));
        }
    }
    s
}

fn write_marker(s: &mut String, m: &ExportMarker) {
    let kind = match m.kind {
        crate::model::ExportKind::Pseudonymised => "pseudonymised",
        crate::model::ExportKind::Anonymised => "anonymised",
    };
    let _ = writeln!(s, "\nanonymised:\n  kind: {}\n  tool: {}", quote(kind), quote(&m.tool));
    if let Some(f) = &m.key_fingerprint {
        let _ = writeln!(s, "  key_fingerprint: {}", quote(f));
    }
    if !m.policies.is_empty() {
        let _ = writeln!(s, "  policies: {}", list(&m.policies));
    }
    if let Some(p) = &m.pseudonyms {
        let _ = writeln!(s, "  pseudonyms: {}", quote(p));
    }
    if let Some(seal) = &m.seal {
        let _ = writeln!(s, "  seal: {}", quote(seal));
    }
}

#[cfg(test)]
mod tests {
    use crate::load::load_str;

    #[test]
    fn every_demo_case_round_trips() {
        for entry in std::fs::read_dir("cases").unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let case = load_str(&text).case.expect("demo valid");
            let written = super::case_to_yaml(&case, &["round trip"]);
            let loaded = load_str(&written);
            let again = loaded.case.unwrap_or_else(|| panic!("{path:?}: {:?}", loaded.diagnostics));
            let strip = |c: &crate::model::Case| {
                let mut c = c.clone();
                for e in &mut c.events {
                    e.pos = Default::default();
                }
                for x in &mut c.exceptions {
                    x.pos = Default::default();
                }
                c
            };
            assert_eq!(strip(&case), strip(&again), "{path:?}");
        }
    }
}
