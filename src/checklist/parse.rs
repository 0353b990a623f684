//! Reading a checklist file (`lernfall-checklist/1`, see `docs/checklists.md`)
//! into a [`Checklist`], with every problem located by line, column and field
//! path. Checklists hold no personal data, so messages may quote values.

use std::collections::HashMap;

use serde::Serialize;

use super::{
    ActorField, Body, Checklist, Cond, Correlate, FORMAT, Item, Pair, PairTemplate, PerChild,
    Period, Relation, Rule, Text,
};
use crate::diag::{Path, Pos};
use crate::lang::Lang;
use crate::vocab::{Vocabulary, edit_distance};
use crate::yaml::{self, Limits, Node, Value};

/// The largest checklist file read: 4 MiB.
pub const MAX_SIZE: u64 = 4 << 20;

/// A problem in a checklist file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LintError {
    pub line: u32,
    pub column: u32,
    pub path: String,
    pub code: &'static str,
    pub message_de: String,
    pub message_en: String,
}

impl LintError {
    fn new(pos: Pos, path: &Path, code: &'static str, de: String, en: String) -> LintError {
        LintError {
            line: pos.line,
            column: pos.column,
            path: path.as_str().to_owned(),
            code,
            message_de: de,
            message_en: en,
        }
    }

    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::De => &self.message_de,
            Lang::En => &self.message_en,
        }
    }

    /// `line:column: message (at path)`
    pub fn render(&self, lang: Lang) -> String {
        let mut s = format!("{}:{}: {}", self.line, self.column, self.message(lang));
        if !self.path.is_empty() {
            s.push_str(&format!(" ({} {})", lang.pick("bei", "at"), self.path));
        }
        s
    }
}

/// Parses a checklist; on failure returns every problem found, in file order.
pub fn parse(text: &str) -> Result<Checklist, Vec<LintError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.len() as u64 > MAX_SIZE {
        return Err(vec![LintError::new(
            Pos::new(1, 1),
            &Path::root(),
            "file_too_large",
            format!("Checkliste ist größer als {MAX_SIZE} Bytes"),
            format!("checklist is larger than {MAX_SIZE} bytes"),
        )]);
    }
    let root = yaml::parse(text, Limits::for_size(MAX_SIZE)).map_err(|d| {
        vec![LintError::new(
            d.pos.unwrap_or(Pos::new(1, 1)),
            &Path::root(),
            d.problem.code(),
            d.problem.message(Lang::De),
            d.problem.message(Lang::En),
        )]
    })?;
    let mut p = Parser { errors: Vec::new() };
    let checklist = p.checklist(&root);
    if p.errors.is_empty()
        && let Some(c) = checklist
    {
        return Ok(c);
    }
    p.errors.sort_by_key(|e| (e.line, e.column));
    p.errors.dedup();
    Err(p.errors)
}

const TOP: &[&str] = &["format", "id", "title", "description", "items"];
const ITEM: &[&str] =
    &["id", "title", "category", "basis", "since", "not_applicable", "needs", "rule", "question"];
const NEEDS: &[&str] = &["staff_position"];
const TEXT: &[&str] = &["de", "en"];
const PAIR: &[&str] =
    &["template", "activation", "target", "within", "window", "per_child", "correlate", "require"];
const CONDITION: &[&str] = &["template", "activation", "require"];
const EXISTENCE: &[&str] = &["template", "target", "min"];
const ABSENCE: &[&str] = &["template", "target", "max"];
const PERIOD: &[&str] =
    &["template", "open", "close", "points", "max_gap", "pause", "resume", "overlapping", "once"];
/// Every template name, the two-event ones first (as in [`PairTemplate::ALL`]).
pub const TEMPLATES: &[&str] = &[
    "response",
    "precedence",
    "responded_existence",
    "not_response",
    "not_precedence",
    "not_coexistence",
    "condition",
    "existence",
    "absence",
    "period",
];
const WINDOW: &[&str] = &["before", "after"];
const CORRELATE: &[&str] = &["activation", "target", "relation", "kinds"];
const PRECEDED: &[&str] = &["match", "within", "min", "correlate"];
const LATEST: &[&str] = &["match", "is"];
const PENDING: &[&str] = &["open", "close"];
/// The keys of a condition mapping.
pub const CONDITION_KEYS: &[&str] = &[
    "kind",
    "result",
    "concerns",
    "mode",
    "consent",
    "child_seen",
    "child_seen_alone",
    "home_seen",
    "reporter",
    "reporter_kind",
    "by_kind",
    "to_kind",
    "with_kind",
    "staff_position",
    "advice",
    "recorded_as",
    "min_staff",
    "parent_present",
    "with_role",
    "all",
    "any",
    "not",
    "preceded_by",
    "latest_before",
    "pending",
];
const ACTOR_FIELDS: &[&str] = &["by", "to", "with"];
const RELATIONS: &[&str] = &["same_institution", "other_institution"];
const PER_CHILD: &[&str] = &["concerned", "all"];

struct Parser {
    errors: Vec<LintError>,
}

/// The entries of a mapping, after unknown keys were reported.
struct Fields<'n> {
    pos: Pos,
    path: Path,
    entries: Vec<(&'n str, &'n Node)>,
}

impl<'n> Fields<'n> {
    fn get(&self, name: &str) -> Option<&'n Node> {
        self.entries.iter().find(|(k, _)| *k == name).map(|(_, v)| *v)
    }

    fn path(&self, name: &str) -> Path {
        self.path.key(name)
    }
}

fn closest<'a>(written: &str, allowed: &[&'a str]) -> Option<&'a str> {
    let w = written.to_lowercase();
    allowed
        .iter()
        .map(|a| (edit_distance(&w, a), *a))
        .filter(|(d, a)| *d <= 2.max(a.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, a)| a)
}

impl Parser {
    fn error(&mut self, pos: Pos, path: &Path, code: &'static str, de: String, en: String) {
        self.errors.push(LintError::new(pos, path, code, de, en));
    }

    fn wrong_type(&mut self, node: &Node, path: &Path, de: &str, en: &str) {
        let f = node.value.found();
        self.error(
            node.pos,
            path,
            "invalid_type",
            format!("erwartet {de}, gefunden {}", f.de()),
            format!("expected {en}, found {}", f.en()),
        );
    }

    fn missing(&mut self, f: &Fields<'_>, name: &str) {
        self.error(
            f.pos,
            &f.path,
            "missing_field",
            format!("Pflichtfeld `{name}` fehlt"),
            format!("missing required field `{name}`"),
        );
    }

    fn unknown_value(&mut self, node: &Node, path: &Path, what: (&str, &str), allowed: &[&str]) {
        let written = match &node.value {
            Value::Str(s) => s.as_str(),
            _ => "",
        };
        let hint = closest(written, allowed)
            .map(|s| (format!(" (gemeint: `{s}`?)"), format!(" (did you mean `{s}`?)")))
            .unwrap_or_default();
        let list = allowed.join(", ");
        self.error(
            node.pos,
            path,
            "unknown_value",
            format!("unbekannter Wert `{written}` für {}{}; erlaubt: {list}", what.0, hint.0),
            format!("unknown {} `{written}`{}; allowed: {list}", what.1, hint.1),
        );
    }

    /// A mapping with only the allowed keys.
    fn fields<'n>(
        &mut self,
        node: &'n Node,
        path: &Path,
        allowed: &[&'static str],
    ) -> Option<Fields<'n>> {
        let Value::Map(entries) = &node.value else {
            self.wrong_type(node, path, "eine Zuordnung (Mapping)", "a mapping");
            return None;
        };
        let mut out = Vec::with_capacity(entries.len());
        for (k, v) in entries {
            let Value::Str(key) = &k.value else {
                self.wrong_type(k, path, "einen Feldnamen", "a field name");
                continue;
            };
            if allowed.contains(&key.as_str()) {
                out.push((key.as_str(), v));
            } else {
                let hint = closest(key, allowed)
                    .map(|s| (format!(" (gemeint: `{s}`?)"), format!(" (did you mean `{s}`?)")))
                    .unwrap_or_default();
                let list = allowed.join(", ");
                self.error(
                    k.pos,
                    &path.key(key),
                    "unknown_field",
                    format!("unbekanntes Feld `{key}`{}; erlaubt: {list}", hint.0),
                    format!("unknown field `{key}`{}; allowed: {list}", hint.1),
                );
            }
        }
        Some(Fields { pos: node.pos, path: path.clone(), entries: out })
    }

    fn require<'n>(&mut self, f: &Fields<'n>, name: &str) -> Option<&'n Node> {
        let node = f.get(name);
        if node.is_none() {
            self.missing(f, name);
        }
        node
    }

    fn text(&mut self, node: &Node, path: &Path) -> Option<String> {
        match &node.value {
            Value::Str(s) if !s.trim().is_empty() => Some(s.clone()),
            Value::Str(_) => {
                self.error(
                    node.pos,
                    path,
                    "empty_value",
                    "leerer Text".into(),
                    "empty text".into(),
                );
                None
            }
            _ => {
                self.wrong_type(node, path, "einen Text", "text");
                None
            }
        }
    }

    fn bilingual(&mut self, node: &Node, path: &Path) -> Option<Text> {
        let f = self.fields(node, path, TEXT)?;
        let de = self.require(&f, "de").and_then(|n| self.text(n, &f.path("de")));
        let en = self.require(&f, "en").and_then(|n| self.text(n, &f.path("en")));
        Some(Text { de: de?, en: en? })
    }

    fn bool(&mut self, node: &Node, path: &Path) -> Option<bool> {
        match node.value {
            Value::Bool(b) => Some(b),
            _ => {
                self.wrong_type(node, path, "true oder false", "true or false");
                None
            }
        }
    }

    fn count(&mut self, node: &Node, path: &Path) -> Option<u32> {
        match node.value {
            Value::Number(Some(n)) if (0..=100_000).contains(&n) => Some(n as u32),
            _ => {
                self.wrong_type(node, path, "eine ganze Zahl ≥ 0", "a whole number ≥ 0");
                None
            }
        }
    }

    /// Days: `3d`, `2w`, or a bare number of days.
    fn days(&mut self, node: &Node, path: &Path) -> Option<u32> {
        let parsed = match &node.value {
            Value::Number(Some(n)) => u32::try_from(*n).ok(),
            Value::Str(s) => parse_days(s),
            _ => None,
        };
        if parsed.is_none_or(|d| d > 36_600) {
            let written = match &node.value {
                Value::Str(s) => s.clone(),
                v => v.found().en().to_owned(),
            };
            self.error(
                node.pos,
                path,
                "invalid_duration",
                format!(
                    "`{written}` ist keine Dauer; erwartet z. B. `3d` (Tage) oder `2w` (Wochen)"
                ),
                format!("`{written}` is not a duration; expected e.g. `3d` (days) or `2w` (weeks)"),
            );
            return None;
        }
        parsed
    }

    fn word<'a>(
        &mut self,
        node: &Node,
        path: &Path,
        what: (&str, &str),
        allowed: &[&'a str],
    ) -> Option<&'a str> {
        let Value::Str(s) = &node.value else {
            self.wrong_type(node, path, "einen Text", "text");
            return None;
        };
        let found = allowed.iter().find(|a| **a == s.as_str()).copied();
        if found.is_none() {
            self.unknown_value(node, path, what, allowed);
        }
        found
    }

    /// One value or a list of values of a vocabulary (German aliases accepted).
    fn vocab<T: Vocabulary + PartialEq>(&mut self, node: &Node, path: &Path) -> Option<Vec<T>> {
        let items: Vec<(&Node, Path)> = match &node.value {
            Value::Seq(items) => {
                items.iter().enumerate().map(|(i, n)| (n, path.index(i))).collect()
            }
            _ => vec![(node, path.clone())],
        };
        if items.is_empty() {
            self.error(node.pos, path, "empty_list", "leere Liste".into(), "empty list".into());
            return None;
        }
        let mut out = Vec::new();
        let mut ok = true;
        for (n, p) in items {
            let parsed = match &n.value {
                Value::Str(s) => T::parse(s),
                _ => None,
            };
            match parsed {
                Some(v) if !out.contains(&v) => out.push(v),
                Some(_) => {}
                None => {
                    ok = false;
                    if matches!(n.value, Value::Str(_)) {
                        let ids = T::ids();
                        self.unknown_value(n, &p, (T::NAME_DE, T::NAME), &ids);
                    } else {
                        self.wrong_type(n, &p, "einen Wert", "a value");
                    }
                }
            }
        }
        ok.then_some(out)
    }

    fn checklist(&mut self, root: &Node) -> Option<Checklist> {
        let f = self.fields(root, &Path::root(), TOP)?;
        if let Some(n) = self.require(&f, "format") {
            match &n.value {
                Value::Str(s) if s == FORMAT => {}
                _ => {
                    let written = match &n.value {
                        Value::Str(s) => s.clone(),
                        v => v.found().en().to_owned(),
                    };
                    self.error(
                        n.pos,
                        &f.path("format"),
                        "invalid_format",
                        format!("`format` muss `{FORMAT}` sein, nicht `{written}`"),
                        format!("`format` must be `{FORMAT}`, not `{written}`"),
                    );
                }
            }
        }
        let id = self.require(&f, "id").and_then(|n| self.text(n, &f.path("id")));
        let title = self.require(&f, "title").and_then(|n| self.bilingual(n, &f.path("title")));
        let description =
            f.get("description").and_then(|n| self.bilingual(n, &f.path("description")));
        let items = self.require(&f, "items").and_then(|n| self.items(n, &f.path("items")));
        Some(Checklist { id: id?, title: title?, description, items: items? })
    }

    fn items(&mut self, node: &Node, path: &Path) -> Option<Vec<Item>> {
        let Value::Seq(list) = &node.value else {
            self.wrong_type(node, path, "eine Liste", "a list");
            return None;
        };
        if list.is_empty() {
            self.error(node.pos, path, "empty_list", "leere Liste".into(), "empty list".into());
            return None;
        }
        let mut seen: HashMap<String, Pos> = HashMap::new();
        let mut out = Vec::new();
        let mut ok = true;
        for (i, n) in list.iter().enumerate() {
            match self.item(n, &path.index(i), &mut seen) {
                Some(item) => out.push(item),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn item(&mut self, node: &Node, path: &Path, seen: &mut HashMap<String, Pos>) -> Option<Item> {
        let f = self.fields(node, path, ITEM)?;
        let id = self.require(&f, "id").and_then(|n| {
            let id = self.text(n, &f.path("id"))?;
            if !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
                self.error(
                    n.pos,
                    &f.path("id"),
                    "invalid_id",
                    format!("Kennung `{id}`: nur Buchstaben, Ziffern, `_` und `-`"),
                    format!("id `{id}`: only letters, digits, `_` and `-`"),
                );
                return None;
            }
            if let Some(first) = seen.get(&id) {
                self.error(
                    n.pos,
                    &f.path("id"),
                    "duplicate_id",
                    format!("Kennung `{id}` schon in Zeile {} vergeben", first.line),
                    format!("id `{id}` already used on line {}", first.line),
                );
                return None;
            }
            seen.insert(id.clone(), n.pos);
            Some(id)
        });
        let category = self.require(&f, "category").and_then(|n| {
            let v = self.vocab(n, &f.path("category"))?;
            if v.len() != 1 {
                self.wrong_type(n, &f.path("category"), "einen Wert", "one value");
                return None;
            }
            Some(v[0])
        });
        let basis = f.get("basis").and_then(|n| self.text(n, &f.path("basis")));
        // Each is `Some(None)` when given but invalid (reported; parsing goes on).
        let since = f.get("since").map(|n| self.date(n, &f.path("since")));
        let not_applicable =
            f.get("not_applicable").map(|n| self.bilingual(n, &f.path("not_applicable")));
        let needs = f.get("needs").map(|n| self.needs(n, &f.path("needs")));
        let question = f.get("question").and_then(|n| self.bilingual(n, &f.path("question")));
        let rule = f.get("rule").and_then(|n| self.rule(n, &f.path("rule")));
        let title = match f.get("title") {
            Some(n) => self.bilingual(n, &f.path("title")),
            None if f.get("question").is_some() => question.clone(),
            None => {
                self.missing(&f, "title");
                None
            }
        };
        let body = match (f.get("rule"), f.get("question")) {
            (Some(_), None) => Body::Rule(Box::new(rule?)),
            (None, Some(_)) => Body::Question(question?),
            (Some(_), Some(_)) => {
                self.error(
                    f.pos,
                    path,
                    "rule_and_question",
                    "ein Punkt hat entweder `rule` oder `question`, nicht beides".into(),
                    "an item has either `rule` or `question`, not both".into(),
                );
                return None;
            }
            (None, None) => {
                self.error(
                    f.pos,
                    path,
                    "missing_field",
                    "ein Punkt braucht `rule` oder `question`".into(),
                    "an item needs `rule` or `question`".into(),
                );
                return None;
            }
        };
        if f.get("question").is_some() {
            for key in ["since", "not_applicable", "needs"] {
                if f.get(key).is_some() {
                    self.error(
                        f.pos,
                        &f.path(key),
                        "question_field",
                        format!("`{key}` gilt nur für Punkte mit `rule`, nicht für Leitfragen"),
                        format!("`{key}` applies to items with a `rule`, not to questions"),
                    );
                    return None;
                }
            }
        }
        Some(Item {
            id: id?,
            title: title?,
            category: category?,
            basis,
            since: since.map_or(Some(None), |d| d.map(Some))?,
            not_applicable: not_applicable.map_or(Some(None), |t| t.map(Some))?,
            needs: needs.map_or(Some(None), |n| n.map(Some))?,
            body,
        })
    }

    /// A full date (`YYYY-MM-DD`).
    fn date(&mut self, node: &Node, path: &Path) -> Option<crate::date::Date> {
        let parsed = match &node.value {
            Value::Str(s) => crate::date::Date::parse(s).ok().filter(|d| !d.is_month_precision()),
            _ => None,
        };
        if parsed.is_none() {
            self.error(
                node.pos,
                path,
                "invalid_date",
                "erwartet ein Datum `JJJJ-MM-TT`".into(),
                "expected a date `YYYY-MM-DD`".into(),
            );
        }
        parsed
    }

    fn needs(&mut self, node: &Node, path: &Path) -> Option<super::Needs> {
        let f = self.fields(node, path, NEEDS)?;
        let staff_position = self
            .require(&f, "staff_position")
            .and_then(|n| self.vocab(n, &f.path("staff_position")))?;
        Some(super::Needs { staff_position })
    }

    fn rule(&mut self, node: &Node, path: &Path) -> Option<Rule> {
        let Value::Map(entries) = &node.value else {
            self.wrong_type(node, path, "eine Zuordnung (Mapping)", "a mapping");
            return None;
        };
        let tnode = entries
            .iter()
            .find(|(k, _)| matches!(&k.value, Value::Str(s) if s == "template"))
            .map(|(_, v)| v);
        let Some(tnode) = tnode else {
            self.error(
                node.pos,
                path,
                "missing_field",
                format!("Pflichtfeld `template` fehlt; erlaubt: {}", TEMPLATES.join(", ")),
                format!("missing required field `template`; allowed: {}", TEMPLATES.join(", ")),
            );
            return None;
        };
        let template =
            self.word(tnode, &path.key("template"), ("template", "template"), TEMPLATES)?;
        if let Some(t) = PairTemplate::ALL.into_iter().find(|t| t.name() == template) {
            return self.pair(t, node, path).map(Rule::Pair);
        }
        match template {
            "condition" => {
                let f = self.fields(node, path, CONDITION)?;
                let activation = self
                    .require(&f, "activation")
                    .and_then(|n| self.cond(n, &f.path("activation")));
                let require =
                    self.require(&f, "require").and_then(|n| self.cond(n, &f.path("require")));
                Some(Rule::Condition { activation: activation?, require: require? })
            }
            "existence" => {
                let f = self.fields(node, path, EXISTENCE)?;
                let target =
                    self.require(&f, "target").and_then(|n| self.cond(n, &f.path("target")));
                let min = match f.get("min") {
                    Some(n) => self.count(n, &f.path("min"))?,
                    None => 1,
                };
                Some(Rule::Existence { target: target?, min })
            }
            "absence" => {
                let f = self.fields(node, path, ABSENCE)?;
                let target =
                    self.require(&f, "target").and_then(|n| self.cond(n, &f.path("target")));
                let max = match f.get("max") {
                    Some(n) => self.count(n, &f.path("max"))?,
                    None => 0,
                };
                Some(Rule::Absence { target: target?, max })
            }
            _ => self.period(node, path).map(Rule::Period),
        }
    }

    fn pair(&mut self, template: PairTemplate, node: &Node, path: &Path) -> Option<Pair> {
        let f = self.fields(node, path, PAIR)?;
        let activation =
            self.require(&f, "activation").and_then(|n| self.cond(n, &f.path("activation")));
        let target = self.require(&f, "target").and_then(|n| self.cond(n, &f.path("target")));
        let mut window = template.window(None);
        let mut ok = true;
        match (f.get("within"), f.get("window")) {
            (Some(_), Some(_)) => {
                self.error(
                    f.pos,
                    path,
                    "within_and_window",
                    "entweder `within` oder `window`, nicht beides".into(),
                    "either `within` or `window`, not both".into(),
                );
                ok = false;
            }
            (Some(n), None) => match self.days(n, &f.path("within")) {
                Some(d) => window = template.window(Some(d)),
                None => ok = false,
            },
            (None, Some(n)) => {
                let wpath = f.path("window");
                if let Some(w) = self.fields(n, &wpath, WINDOW) {
                    let before = w.get("before").map(|n| self.days(n, &wpath.key("before")));
                    let after = w.get("after").map(|n| self.days(n, &wpath.key("after")));
                    if before.is_none() && after.is_none() {
                        self.error(
                            n.pos,
                            &wpath,
                            "missing_field",
                            "`window` braucht `before`, `after` oder beides".into(),
                            "`window` needs `before`, `after` or both".into(),
                        );
                        ok = false;
                    }
                    if matches!(before, Some(None)) || matches!(after, Some(None)) {
                        ok = false;
                    }
                    let before = before.flatten().map(|d| -(d as i32));
                    let after = after.flatten().map(|d| d as i32);
                    window = super::Window { lo: before.or(Some(0)), hi: after.or(Some(0)) };
                } else {
                    ok = false;
                }
            }
            (None, None) => {}
        }
        let per_child = match f.get("per_child") {
            Some(n) => {
                match self.word(n, &f.path("per_child"), ("per_child", "per_child"), PER_CHILD)? {
                    "all" => Some(PerChild::All),
                    _ => Some(PerChild::Concerned),
                }
            }
            None => None,
        };
        let correlate = match f.get("correlate") {
            Some(n) => Some(self.correlate(n, &f.path("correlate"))?),
            None => None,
        };
        let require = match f.get("require") {
            Some(n) => Some(self.cond(n, &f.path("require"))?),
            None => None,
        };
        if !ok {
            return None;
        }
        Some(Pair {
            template,
            activation: activation?,
            target: target?,
            window,
            per_child,
            correlate,
            require,
        })
    }

    fn period(&mut self, node: &Node, path: &Path) -> Option<Period> {
        let f = self.fields(node, path, PERIOD)?;
        let open = self.require(&f, "open").and_then(|n| self.cond(n, &f.path("open")));
        let close = self.require(&f, "close").and_then(|n| self.cond(n, &f.path("close")));
        let points = self.require(&f, "points").and_then(|n| self.cond(n, &f.path("points")));
        let max_gap = self.require(&f, "max_gap").and_then(|n| self.days(n, &f.path("max_gap")));
        let pause = match f.get("pause") {
            Some(n) => Some(self.cond(n, &f.path("pause"))?),
            None => None,
        };
        let resume = match f.get("resume") {
            Some(n) => Some(self.cond(n, &f.path("resume"))?),
            None => None,
        };
        if pause.is_some() != resume.is_some() {
            self.error(
                f.pos,
                path,
                "missing_field",
                "`pause` und `resume` nur gemeinsam".into(),
                "`pause` and `resume` go together".into(),
            );
            return None;
        }
        let overlapping = match f.get("overlapping") {
            Some(n) => self.bool(n, &f.path("overlapping"))?,
            None => false,
        };
        let once = match f.get("once") {
            Some(n) => self.bool(n, &f.path("once"))?,
            None => false,
        };
        Some(Period {
            open: open?,
            close: close?,
            points: points?,
            max_gap: max_gap?,
            pause,
            resume,
            overlapping,
            once,
        })
    }

    fn correlate(&mut self, node: &Node, path: &Path) -> Option<Correlate> {
        let f = self.fields(node, path, CORRELATE)?;
        let field = |p: &mut Parser, name: &str| {
            let n = p.require(&f, name)?;
            let w = p.word(n, &f.path(name), ("Feld", "field"), ACTOR_FIELDS)?;
            Some(match w {
                "by" => ActorField::By,
                "to" => ActorField::To,
                _ => ActorField::With,
            })
        };
        let activation = field(self, "activation");
        let target = field(self, "target");
        let relation = self
            .require(&f, "relation")
            .and_then(|n| self.word(n, &f.path("relation"), ("relation", "relation"), RELATIONS));
        let kinds = match f.get("kinds") {
            Some(n) => self.vocab(n, &f.path("kinds"))?,
            None => Vec::new(),
        };
        Some(Correlate {
            activation: activation?,
            target: target?,
            relation: match relation? {
                "same_institution" => Relation::SameInstitution,
                _ => Relation::OtherInstitution,
            },
            kinds,
        })
    }

    fn conds(&mut self, node: &Node, path: &Path) -> Option<Vec<Cond>> {
        let Value::Seq(list) = &node.value else {
            self.wrong_type(node, path, "eine Liste von Bedingungen", "a list of conditions");
            return None;
        };
        if list.is_empty() {
            self.error(node.pos, path, "empty_list", "leere Liste".into(), "empty list".into());
            return None;
        }
        let mut out = Vec::new();
        let mut ok = true;
        for (i, n) in list.iter().enumerate() {
            match self.cond(n, &path.index(i)) {
                Some(c) => out.push(c),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// A condition mapping; several keys must all hold.
    fn cond(&mut self, node: &Node, path: &Path) -> Option<Cond> {
        if matches!(node.value, Value::Null) {
            return Some(Cond::True);
        }
        let f = self.fields(node, path, CONDITION_KEYS)?;
        let mut parts = Vec::new();
        let mut ok = true;
        for (key, n) in &f.entries {
            let p = f.path(key);
            let c = match *key {
                "kind" => self.vocab(n, &p).map(Cond::Kind),
                "result" => self.vocab(n, &p).map(Cond::Result),
                "concerns" => self.vocab(n, &p).map(Cond::Concerns),
                "mode" => self.vocab(n, &p).map(Cond::Mode),
                "with_role" => self.vocab(n, &p).map(Cond::WithRole),
                "reporter_kind" | "by_kind" => {
                    self.vocab(n, &p).map(|ks| Cond::ActorKind(ActorField::By, ks))
                }
                "to_kind" => self.vocab(n, &p).map(|ks| Cond::ActorKind(ActorField::To, ks)),
                "with_kind" => self.vocab(n, &p).map(|ks| Cond::ActorKind(ActorField::With, ks)),
                "staff_position" => self.vocab(n, &p).map(Cond::StaffPosition),
                "advice" => self.vocab(n, &p).map(Cond::Advice),
                "recorded_as" => self.vocab(n, &p).map(Cond::RecordedAs),
                "pending" => self.pending(n, &p),
                "consent" => self.bool(n, &p).map(Cond::Consent),
                "child_seen" => self.bool(n, &p).map(Cond::ChildSeen),
                "child_seen_alone" => self.bool(n, &p).map(Cond::ChildSeenAlone),
                "home_seen" => self.bool(n, &p).map(Cond::HomeSeen),
                "reporter" => self.bool(n, &p).map(Cond::Reporter),
                "parent_present" => self.bool(n, &p).map(Cond::ParentPresent),
                "min_staff" => self.count(n, &p).map(Cond::MinStaff),
                "all" => self.conds(n, &p).map(Cond::All),
                "any" => self.conds(n, &p).map(Cond::Any),
                "not" => self.cond(n, &p).map(|c| Cond::Not(Box::new(c))),
                "preceded_by" => self.preceded_by(n, &p),
                _ => self.latest_before(n, &p),
            };
            match c {
                Some(c) => parts.push(c),
                None => ok = false,
            }
        }
        if !ok {
            return None;
        }
        Some(match parts.len() {
            0 => Cond::True,
            1 => parts.pop().unwrap_or(Cond::True),
            _ => Cond::All(parts),
        })
    }

    fn preceded_by(&mut self, node: &Node, path: &Path) -> Option<Cond> {
        let f = self.fields(node, path, PRECEDED)?;
        let matches = self.require(&f, "match").and_then(|n| self.cond(n, &f.path("match")));
        let within = match f.get("within") {
            Some(n) => Some(self.days(n, &f.path("within"))?),
            None => None,
        };
        let min = match f.get("min") {
            Some(n) => self.count(n, &f.path("min"))?,
            None => 1,
        };
        let correlate = match f.get("correlate") {
            Some(n) => Some(self.correlate(n, &f.path("correlate"))?),
            None => None,
        };
        Some(Cond::PrecededBy { matches: Box::new(matches?), within, min, correlate })
    }

    fn pending(&mut self, node: &Node, path: &Path) -> Option<Cond> {
        let f = self.fields(node, path, PENDING)?;
        let open = self.require(&f, "open").and_then(|n| self.cond(n, &f.path("open")));
        let close = self.require(&f, "close").and_then(|n| self.cond(n, &f.path("close")));
        Some(Cond::Pending { open: Box::new(open?), close: Box::new(close?) })
    }

    fn latest_before(&mut self, node: &Node, path: &Path) -> Option<Cond> {
        let f = self.fields(node, path, LATEST)?;
        let matches = self.require(&f, "match").and_then(|n| self.cond(n, &f.path("match")));
        let is = self.require(&f, "is").and_then(|n| self.cond(n, &f.path("is")));
        Some(Cond::LatestBefore { matches: Box::new(matches?), is: Box::new(is?) })
    }
}

/// `3d`, `3 d`, `2w`, `3` (days), `3 Tage`, `2 Wochen`.
pub fn parse_days(text: &str) -> Option<u32> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: u32 = num.parse().ok()?;
    let factor = match unit.trim().to_lowercase().as_str() {
        "" | "d" | "day" | "days" | "t" | "tag" | "tage" => 1,
        "w" | "week" | "weeks" | "wo" | "woche" | "wochen" => 7,
        _ => return None,
    };
    n.checked_mul(factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_days("3d"), Some(3));
        assert_eq!(parse_days("2w"), Some(14));
        assert_eq!(parse_days("14 Tage"), Some(14));
        assert_eq!(parse_days("3"), Some(3));
        assert_eq!(parse_days("3m"), None);
        assert_eq!(parse_days("d"), None);
    }

    #[test]
    fn unknown_kind_is_rejected_with_position() {
        let text = "format: lernfall-checklist/1\nid: x\ntitle: {de: a, en: b}\nitems:\n  - id: A1\n    title: {de: a, en: b}\n    category: assessment\n    rule:\n      template: response\n      activation: {kind: reprot}\n      target: {kind: risk_assessment}\n      within: 3d\n";
        let errors = parse(text).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!((errors[0].line, errors[0].column), (10, 26));
        assert_eq!(errors[0].path, "items[0].rule.activation.kind");
        assert!(errors[0].message_en.contains("did you mean `report`"), "{:?}", errors[0]);
    }

    const HEAD: &str = "format: lernfall-checklist/1\nid: x\ntitle: {de: a, en: b}\nitems:\n";

    #[test]
    fn the_new_vocabulary_parses() {
        let text = format!(
            "{HEAD}  - id: A1\n    title: {{de: a, en: b}}\n    category: leadership\n    since: 2012-01-01\n    not_applicable: {{de: nichts, en: nothing}}\n    needs: {{staff_position: Leitung}}\n    rule:\n      template: precedence\n      activation: {{kind: return_home, pending: {{open: {{kind: court_application}}, close: {{kind: court_decision}}}}}}\n      target: {{any: [{{staff_position: lead}}, {{advice: no_return, to_kind: court, with_kind: Kita, by_kind: youth_office}}, {{recorded_as: counselling}}]}}\n      within: 2w\n  - id: A2\n    title: {{de: a, en: b}}\n    category: procedures\n    rule: {{template: period, open: {{staff_position: guardian}}, close: {{kind: case_closed}}, points: {{child_seen: true}}, max_gap: 35d, once: true}}\n"
        );
        let list = parse(&text).unwrap_or_else(|e| panic!("{e:?}"));
        let item = &list.items[0];
        assert_eq!(item.since.map(|d| d.to_string()).as_deref(), Some("2012-01-01"));
        assert_eq!(item.not_applicable.as_ref().map(|t| t.en.as_str()), Some("nothing"));
        assert_eq!(
            item.needs.as_ref().map(|n| n.staff_position.clone()),
            Some(vec![crate::vocab::StaffPosition::Lead])
        );
    }

    #[test]
    fn the_new_vocabulary_is_checked_with_positions() {
        let text = format!(
            "{HEAD}  - id: A1\n    title: {{de: a, en: b}}\n    category: leadership\n    since: 2012-01\n    needs: {{staff_position: boss}}\n    rule: {{template: response, activation: {{kind: report, pending: {{open: {{kind: report}}}}}}, target: {{advice: warn}}}}\n  - id: Q1\n    category: other\n    since: 2012-01-01\n    question: {{de: a, en: b}}\n"
        );
        let errors = parse(&text).unwrap_err();
        let found: Vec<(&str, &str)> = errors.iter().map(|e| (e.path.as_str(), e.code)).collect();
        assert_eq!(
            found,
            [
                ("items[0].since", "invalid_date"),
                ("items[0].needs.staff_position", "unknown_value"),
                ("items[0].rule.activation.pending", "missing_field"),
                ("items[0].rule.target.advice", "unknown_value"),
                ("items[1].since", "question_field"),
            ]
        );
    }

    #[test]
    fn unknown_field_is_rejected() {
        let text = "format: lernfall-checklist/1\nid: x\ntitle: {de: a, en: b}\nitems:\n  - id: A1\n    title: {de: a, en: b}\n    category: assessment\n    rule: {template: response, activation: {kind: report}, target: {knd: medical}}\n";
        let errors = parse(text).unwrap_err();
        assert_eq!(errors[0].code, "unknown_field");
        assert_eq!(errors[0].path, "items[0].rule.target.knd");
        assert!(errors[0].message_en.contains("did you mean `kind`"));
    }
}
