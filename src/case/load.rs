//! Loading a case file: bytes → text → YAML tree → [`Case`], with every
//! problem located by line, column and field path.
//!
//! The steps are strict in this order, each cheap before the next:
//! size limit, NUL bytes, UTF-8 (a BOM is dropped; CRLF is fine), YAML with
//! budgets ([`crate::yaml`]), then decoding into the model, where unknown
//! fields, wrong types, bad dates and vocabulary, and references are checked,
//! and finally the consistency rules of [`crate::validate`].

use std::collections::HashMap;
use std::fs::File;
use std::io::Read;

use crate::date::Date;
use crate::diag::{Diagnostic, Expected, Path, Pos, Problem, RefTarget, Section};
use crate::model::{
    Case, CaseInfo, Episode, Event, Exception, ExportKind, ExportMarker, FORMAT, Finding, Id,
    Institution, Measure, Person, Staff, Time,
};
use crate::validate::{self, SourceMap};
use crate::vocab::{EventKind, Vocabulary, edit_distance};
use crate::yaml::{self, Limits, Node, Value};

/// The default size limit of one case file: 16 MiB.
pub const DEFAULT_MAX_SIZE: u64 = 16 << 20;

/// How to load.
#[derive(Clone, Copy, Debug)]
pub struct LoadOptions {
    /// Files larger than this many bytes are rejected unread.
    pub max_size: u64,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions { max_size: DEFAULT_MAX_SIZE }
    }
}

/// The result of loading one file: the case when it is valid, and every
/// error and warning found (sorted by position).
#[derive(Clone, Debug)]
pub struct Loaded {
    pub case: Option<Case>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    fn failed(diagnostic: Diagnostic) -> Loaded {
        Loaded { case: None, diagnostics: vec![diagnostic] }
    }

    pub fn is_valid(&self) -> bool {
        self.case.is_some()
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| !d.is_error())
    }
}

/// Loads a case file from disk. The file is opened read-only.
pub fn load_file(path: &std::path::Path, options: LoadOptions) -> Loaded {
    let unreadable = |e: std::io::Error| {
        Loaded::failed(Diagnostic::error(Problem::Unreadable { reason: io_reason(&e) }, None, ""))
    };
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) => return unreadable(e),
    };
    match file.metadata() {
        Ok(m) if m.is_dir() => {
            return Loaded::failed(Diagnostic::error(
                Problem::Unreadable { reason: "is a directory".into() },
                None,
                "",
            ));
        }
        Ok(m) if m.len() > options.max_size => {
            return too_large(m.len(), options.max_size);
        }
        Ok(_) => {}
        Err(e) => return unreadable(e),
    }
    load_reader(file, options)
}

/// Loads a case from a reader (e.g. standard input), reading at most one
/// byte more than the size limit.
pub fn load_reader(reader: impl Read, options: LoadOptions) -> Loaded {
    let mut bytes = Vec::new();
    match reader.take(options.max_size.saturating_add(1)).read_to_end(&mut bytes) {
        Ok(_) => load_bytes(&bytes, options),
        Err(e) => Loaded::failed(Diagnostic::error(
            Problem::Unreadable { reason: io_reason(&e) },
            None,
            "",
        )),
    }
}

/// Loads a case from bytes.
pub fn load_bytes(bytes: &[u8], options: LoadOptions) -> Loaded {
    let len = bytes.len() as u64;
    if len > options.max_size {
        return too_large(len, options.max_size);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Loaded::failed(Diagnostic::error(Problem::NulByte, Some(pos_of(bytes, at)), ""));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => load_str_with(text, options),
        Err(e) => Loaded::failed(Diagnostic::error(
            Problem::InvalidUtf8,
            Some(pos_of(bytes, e.valid_up_to())),
            "",
        )),
    }
}

/// Loads a case from text with the default options.
pub fn load_str(text: &str) -> Loaded {
    load_str_with(text, LoadOptions::default())
}

/// Loads a case from text.
pub fn load_str_with(text: &str, options: LoadOptions) -> Loaded {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let root = match yaml::parse(text, Limits::for_size(options.max_size)) {
        Ok(root) => root,
        Err(d) => return Loaded::failed(d),
    };
    if root.value == Value::Null {
        return Loaded::failed(Diagnostic::error(Problem::EmptyFile, Some(Pos::new(1, 1)), ""));
    }
    let mut decoder = Decoder::default();
    let decoded = decoder.case(&root);
    let mut diagnostics = decoder.diags;
    let case = match decoded {
        Some((case, map)) if !diagnostics.iter().any(Diagnostic::is_error) => {
            diagnostics.extend(validate::consistency(&case, &map));
            Some(case)
        }
        _ => None,
    };
    diagnostics.sort_by(|a, b| a.order_key().cmp(&b.order_key()));
    let case = case.filter(|_| !diagnostics.iter().any(Diagnostic::is_error));
    Loaded { case, diagnostics }
}

fn too_large(size: u64, limit: u64) -> Loaded {
    Loaded::failed(Diagnostic::error(Problem::FileTooLarge { size, limit }, None, ""))
}

fn io_reason(e: &std::io::Error) -> String {
    // The kind only: an OS message may contain the path, which may name a person.
    match e.kind() {
        std::io::ErrorKind::NotFound => "not found".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        kind => format!("{kind:?}").to_lowercase(),
    }
}

/// Line and column (in characters) of a byte offset.
fn pos_of(bytes: &[u8], at: usize) -> Pos {
    let before = &bytes[..at];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    Pos::new(u32::try_from(line).unwrap_or(u32::MAX), u32::try_from(column).unwrap_or(u32::MAX))
}

const TOP_FIELDS: &[&str] = &[
    "format",
    "case",
    "people",
    "institutions",
    "staff",
    "events",
    "findings",
    "episodes",
    "exceptions",
    "measures",
    "anonymised",
];
const CASE_FIELDS: &[&str] =
    &["ref", "title", "municipality", "cluster", "opened", "closed", "outcome", "summary"];
const PERSON_FIELDS: &[&str] =
    &["role", "name", "aliases", "born", "gender", "address", "phone", "household", "notes"];
const INSTITUTION_FIELDS: &[&str] = &["kind", "name", "address", "phone"];
const STAFF_FIELDS: &[&str] = &["name", "institution", "function", "position"];
const EVENT_FIELDS: &[&str] = &[
    "id",
    "date",
    "time",
    "kind",
    "by",
    "to",
    "with",
    "child_seen",
    "child_seen_alone",
    "home_seen",
    "result",
    "concerns",
    "mode",
    "consent",
    "advice",
    "recorded_as",
    "source",
    "note",
];
const FINDING_FIELDS: &[&str] = &["id", "events", "factor", "note"];
const EPISODE_FIELDS: &[&str] = &["id", "title", "events", "note"];
const EXCEPTION_FIELDS: &[&str] = &["item", "events", "reason"];
const MEASURE_FIELDS: &[&str] = &["id", "about", "text", "responsible", "agreed", "due", "status"];
const MARKER_FIELDS: &[&str] =
    &["kind", "tool", "key_fingerprint", "policies", "pseudonyms", "seal"];

/// Fields that belong to some event kinds only.
const KIND_FIELDS: &[(&str, &[EventKind])] = &[
    ("result", &[EventKind::RiskAssessment]),
    ("concerns", &[EventKind::Report, EventKind::Observation]),
    ("consent", &[EventKind::Custody]),
    ("recorded_as", &[EventKind::Report]),
];

/// The entries of a mapping whose keys were checked against a field list.
struct Fields<'n> {
    pos: Pos,
    path: Path,
    entries: Vec<(&'static str, &'n Node, &'n Node)>,
}

impl<'n> Fields<'n> {
    /// The value of a field; an explicit null counts as absent.
    fn get(&self, name: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _, v)| *k == name && v.value != Value::Null)
            .map(|&(_, _, v)| v)
    }

    fn key_pos(&self, name: &str) -> Option<Pos> {
        self.entries.iter().find(|(k, _, _)| *k == name).map(|(_, k, _)| k.pos)
    }

    fn path(&self, name: &str) -> Path {
        self.path.key(name)
    }
}

#[derive(Default)]
struct Decoder {
    diags: Vec<Diagnostic>,
    ids: HashMap<String, (Section, Pos)>,
}

impl Decoder {
    fn error(&mut self, problem: Problem, pos: Pos, path: &Path) {
        self.diags.push(Diagnostic::error(problem, Some(pos), path));
    }

    fn warn(&mut self, problem: Problem, pos: Pos, path: &Path) {
        self.diags.push(Diagnostic::warning(problem, Some(pos), path));
    }

    // ----- generic helpers over the tree

    fn fields<'n>(
        &mut self,
        node: &'n Node,
        path: &Path,
        allowed: &'static [&'static str],
    ) -> Option<Fields<'n>> {
        let map = self.mapping(node, path)?;
        let mut entries = Vec::with_capacity(map.len());
        for (k, v) in map {
            let known = match &k.value {
                Value::Str(s) => allowed.iter().copied().find(|a| a == s),
                _ => None,
            };
            match known {
                Some(name) => entries.push((name, k, v)),
                None => {
                    let written = match &k.value {
                        Value::Str(s) => Some(s.as_str()),
                        _ => None,
                    };
                    // What the user typed is never quoted (a key can be a name
                    // or a phone number); the suggestion is ours.
                    let suggestion = written.and_then(|s| closest(s, allowed));
                    let at = path.key("?");
                    self.error(
                        Problem::UnknownField { field: None, suggestion, allowed },
                        k.pos,
                        &at,
                    );
                }
            }
        }
        Some(Fields { pos: node.pos, path: path.clone(), entries })
    }

    fn require<'n>(&mut self, f: &Fields<'n>, name: &'static str) -> Option<&'n Node> {
        let node = f.get(name);
        if node.is_none() {
            let pos = f.key_pos(name).unwrap_or(f.pos);
            self.error(Problem::MissingField { field: name }, pos, &f.path(name));
        }
        node
    }

    fn text(&mut self, node: &Node, path: &Path) -> Option<String> {
        match &node.value {
            Value::Str(s) if s.trim().is_empty() => {
                self.error(Problem::EmptyText, node.pos, path);
                None
            }
            Value::Str(s) => Some(s.clone()),
            other => {
                self.error(
                    Problem::WrongType { expected: Expected::Text, found: other.found() },
                    node.pos,
                    path,
                );
                None
            }
        }
    }

    fn opt_text(&mut self, f: &Fields<'_>, name: &'static str) -> Option<String> {
        f.get(name).and_then(|n| self.text(n, &f.path(name)))
    }

    fn req_text(&mut self, f: &Fields<'_>, name: &'static str) -> Option<String> {
        self.require(f, name).and_then(|n| self.text(n, &f.path(name)))
    }

    fn texts(&mut self, f: &Fields<'_>, name: &'static str) -> Vec<String> {
        let Some(node) = f.get(name) else {
            return Vec::new();
        };
        let path = f.path(name);
        match &node.value {
            Value::Seq(items) => {
                items.iter().enumerate().filter_map(|(i, n)| self.text(n, &path.index(i))).collect()
            }
            _ => self.text(node, &path).into_iter().collect(),
        }
    }

    fn opt_bool(&mut self, f: &Fields<'_>, name: &'static str) -> Option<bool> {
        let node = f.get(name)?;
        match node.value {
            Value::Bool(b) => Some(b),
            ref other => {
                self.error(
                    Problem::WrongType { expected: Expected::Bool, found: other.found() },
                    node.pos,
                    &f.path(name),
                );
                None
            }
        }
    }

    fn date(&mut self, node: &Node, path: &Path) -> Option<Date> {
        match &node.value {
            Value::Str(s) => match Date::parse(s) {
                Ok(d) => Some(d),
                Err(e) => {
                    self.error(Problem::InvalidDate(e), node.pos, path);
                    None
                }
            },
            other => {
                self.error(
                    Problem::WrongType { expected: Expected::Date, found: other.found() },
                    node.pos,
                    path,
                );
                None
            }
        }
    }

    fn opt_date(&mut self, f: &Fields<'_>, name: &'static str) -> Option<(Date, Pos)> {
        let node = f.get(name)?;
        self.date(node, &f.path(name)).map(|d| (d, node.pos))
    }

    fn req_date(&mut self, f: &Fields<'_>, name: &'static str) -> Option<(Date, Pos)> {
        let node = self.require(f, name)?;
        self.date(node, &f.path(name)).map(|d| (d, node.pos))
    }

    fn vocab<T: Vocabulary>(&mut self, node: &Node, path: &Path) -> Option<T> {
        match &node.value {
            Value::Str(s) => {
                let v = T::parse(s);
                if v.is_none() {
                    self.error(
                        Problem::UnknownValue {
                            vocabulary: T::NAME,
                            vocabulary_de: T::NAME_DE,
                            suggestion: T::suggest(s),
                            allowed: T::ids(),
                        },
                        node.pos,
                        path,
                    );
                }
                v
            }
            other => {
                self.error(
                    Problem::WrongType { expected: Expected::Value, found: other.found() },
                    node.pos,
                    path,
                );
                None
            }
        }
    }

    fn opt_vocab<T: Vocabulary>(&mut self, f: &Fields<'_>, name: &'static str) -> Option<T> {
        f.get(name).and_then(|n| self.vocab(n, &f.path(name)))
    }

    fn req_vocab<T: Vocabulary>(&mut self, f: &Fields<'_>, name: &'static str) -> Option<T> {
        self.require(f, name).and_then(|n| self.vocab(n, &f.path(name)))
    }

    fn vocab_list<T: Vocabulary>(&mut self, f: &Fields<'_>, name: &'static str) -> Vec<T> {
        let Some(node) = f.get(name) else {
            return Vec::new();
        };
        let path = f.path(name);
        match &node.value {
            Value::Seq(items) => items
                .iter()
                .enumerate()
                .filter_map(|(i, n)| self.vocab(n, &path.index(i)))
                .collect(),
            _ => self.vocab(node, &path).into_iter().collect(),
        }
    }

    /// An id reference, checked against the ids of the file.
    fn reference(&mut self, node: &Node, path: &Path, target: RefTarget) -> Option<Id> {
        let Value::Str(id) = &node.value else {
            self.error(
                Problem::WrongType { expected: Expected::Id, found: node.value.found() },
                node.pos,
                path,
            );
            return None;
        };
        let allowed: &[Section] = match target {
            RefTarget::Actor => &[Section::People, Section::Staff, Section::Institutions],
            RefTarget::Institution => &[Section::Institutions],
            RefTarget::Source => &[Section::Institutions, Section::People],
            RefTarget::Event => &[Section::Events],
            RefTarget::FindingOrEpisode => &[Section::Findings, Section::Episodes],
        };
        match self.ids.get(id.as_str()) {
            None => {
                // Not an id of the file: described, never quoted.
                self.error(Problem::UnknownReference { expected: target }, node.pos, path);
                None
            }
            Some(&(section, _)) if !allowed.contains(&section) => {
                self.error(
                    Problem::WrongReference { id: id.clone(), expected: target, actual: section },
                    node.pos,
                    path,
                );
                None
            }
            Some(_) => Some(id.clone()),
        }
    }

    fn opt_reference(
        &mut self,
        f: &Fields<'_>,
        name: &'static str,
        target: RefTarget,
    ) -> Option<Id> {
        f.get(name).and_then(|n| self.reference(n, &f.path(name), target))
    }

    /// An id or a list of ids.
    fn references(&mut self, f: &Fields<'_>, name: &'static str, target: RefTarget) -> Vec<Id> {
        let Some(node) = f.get(name) else {
            return Vec::new();
        };
        let path = f.path(name);
        let items: Vec<(&Node, Path)> = match &node.value {
            Value::Seq(items) => {
                items.iter().enumerate().map(|(i, n)| (n, path.index(i))).collect()
            }
            Value::Str(_) => vec![(node, path.clone())],
            other => {
                self.error(
                    Problem::WrongType { expected: Expected::IdOrList, found: other.found() },
                    node.pos,
                    &path,
                );
                return Vec::new();
            }
        };
        let mut ids: Vec<Id> = Vec::with_capacity(items.len());
        for (n, p) in items {
            if let Some(id) = self.reference(n, &p, target) {
                if ids.contains(&id) {
                    self.warn(Problem::DuplicateInList { id }, n.pos, &p);
                } else {
                    ids.push(id);
                }
            }
        }
        ids
    }

    // ----- the sections

    fn case(&mut self, root: &Node) -> Option<(Case, SourceMap)> {
        if !matches!(root.value, Value::Map(_)) {
            self.error(Problem::NotAMapping { found: root.value.found() }, root.pos, &Path::root());
            return None;
        }
        let top = self.fields(root, &Path::root(), TOP_FIELDS)?;
        self.collect_ids(&top);
        let mut map = SourceMap::default();

        if let Some(node) = self.require(&top, "format")
            && node.value != Value::Str(FORMAT.into())
        {
            self.error(Problem::WrongFormat { expected: FORMAT }, node.pos, &top.path("format"));
        }
        let info = self.require(&top, "case").and_then(|n| self.case_info(n, &mut map));
        let people = self.require(&top, "people").and_then(|n| self.people(n, &mut map));
        let institutions = self.section(&top, "institutions", Self::institution);
        let staff = self.section(&top, "staff", Self::staff);
        let events = self.require(&top, "events").and_then(|n| self.events(n, &mut map));
        let findings = self.list(&top, "findings", Self::finding);
        let episodes = self.list(&top, "episodes", Self::episode);
        let exceptions = self.list(&top, "exceptions", Self::exception);
        let measures = self.list(&top, "measures", Self::measure);
        let anonymised = match top.get("anonymised") {
            Some(n) => Some(self.marker(n, &top.path("anonymised"))?),
            None => None,
        };
        Some((
            Case {
                case: info?,
                people: people?,
                institutions: institutions?,
                staff: staff?,
                events: events?,
                findings: findings?,
                episodes: episodes?,
                exceptions: exceptions?,
                measures: measures?,
                anonymised,
            },
            map,
        ))
    }

    /// Registers every id of the file first, so that references can be
    /// checked wherever they stand; duplicates are reported here.
    fn collect_ids(&mut self, top: &Fields<'_>) {
        for section in [Section::People, Section::Institutions, Section::Staff] {
            if let Some(Node { value: Value::Map(entries), .. }) = top.get(section.key()) {
                for (k, _) in entries {
                    if let Value::Str(id) = &k.value {
                        let path = top.path(section.key()).key(id);
                        self.register(id, section, k.pos, &path);
                    }
                }
            }
        }
        for (section, prefix) in [
            (Section::Events, 'e'),
            (Section::Findings, 'f'),
            (Section::Episodes, 'k'),
            (Section::Measures, 'm'),
        ] {
            if let Some(Node { value: Value::Seq(items), .. }) = top.get(section.key()) {
                for (i, item) in items.iter().enumerate() {
                    let path = top.path(section.key()).index(i);
                    match explicit_id(item) {
                        Some((id, pos)) => self.register(id, section, pos, &path.key("id")),
                        None => {
                            self.register(&format!("{prefix}{}", i + 1), section, item.pos, &path)
                        }
                    }
                }
            }
        }
    }

    fn register(&mut self, id: &str, section: Section, pos: Pos, path: &Path) {
        match self.ids.get(id) {
            Some(&(_, first)) => {
                self.error(Problem::DuplicateId { id: id.to_owned(), first }, pos, path);
            }
            None => {
                self.ids.insert(id.to_owned(), (section, pos));
            }
        }
    }

    /// A keyed section (`institutions`, `staff`): optional, a mapping of id → item.
    fn section<T>(
        &mut self,
        top: &Fields<'_>,
        name: &'static str,
        item: fn(&mut Self, &str, &Node, &Path) -> Option<T>,
    ) -> Option<Vec<T>> {
        let Some(node) = top.get(name) else {
            return Some(Vec::new());
        };
        let path = top.path(name);
        let entries = self.keyed(node, &path)?;
        let mut out = Vec::with_capacity(entries.len());
        let mut ok = true;
        for (id, value) in entries {
            match item(self, id, value, &path.key(id)) {
                Some(v) => out.push(v),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// The entries of a mapping, or an error at `path`.
    fn mapping<'n>(&mut self, node: &'n Node, path: &Path) -> Option<&'n [(Node, Node)]> {
        match &node.value {
            Value::Map(map) => Some(map),
            other => {
                let found = other.found();
                self.error(
                    Problem::WrongType { expected: Expected::Mapping, found },
                    node.pos,
                    path,
                );
                None
            }
        }
    }

    /// The items of a list, or an error at `path`.
    fn items<'n>(&mut self, node: &'n Node, path: &Path) -> Option<&'n [Node]> {
        match &node.value {
            Value::Seq(items) => Some(items),
            other => {
                let found = other.found();
                self.error(Problem::WrongType { expected: Expected::List, found }, node.pos, path);
                None
            }
        }
    }

    /// The entries of a keyed section whose keys are ids.
    fn keyed<'n>(&mut self, node: &'n Node, path: &Path) -> Option<Vec<(&'n str, &'n Node)>> {
        let map = self.mapping(node, path)?;
        let mut out = Vec::with_capacity(map.len());
        let mut ok = true;
        for (k, v) in map {
            match &k.value {
                Value::Str(id) if !id.trim().is_empty() => out.push((id.as_str(), v)),
                other => {
                    ok = false;
                    self.error(
                        Problem::WrongType { expected: Expected::Id, found: other.found() },
                        k.pos,
                        path,
                    );
                }
            }
        }
        ok.then_some(out)
    }

    /// A list section (`findings`, `episodes`, `exceptions`): optional.
    fn list<T>(
        &mut self,
        top: &Fields<'_>,
        name: &'static str,
        item: fn(&mut Self, usize, &Node, &Path) -> Option<T>,
    ) -> Option<Vec<T>> {
        let Some(node) = top.get(name) else {
            return Some(Vec::new());
        };
        let path = top.path(name);
        let items = self.items(node, &path)?;
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (i, n) in items.iter().enumerate() {
            match item(self, i, n, &path.index(i)) {
                Some(v) => out.push(v),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn case_info(&mut self, node: &Node, map: &mut SourceMap) -> Option<CaseInfo> {
        let f = self.fields(node, &Path::root().key("case"), CASE_FIELDS)?;
        let reference = self.req_text(&f, "ref");
        let title = self.opt_text(&f, "title");
        let municipality = self.req_text(&f, "municipality");
        let cluster = self.opt_text(&f, "cluster");
        let opened = self.req_date(&f, "opened");
        let closed = self.opt_date(&f, "closed");
        let outcome = self.opt_vocab(&f, "outcome");
        let summary = self.opt_text(&f, "summary");
        let (opened, opened_pos) = opened?;
        map.opened = opened_pos;
        map.closed = closed.map(|(_, p)| p);
        Some(CaseInfo {
            reference: reference?,
            title,
            municipality: municipality?,
            cluster,
            opened,
            closed: closed.map(|(d, _)| d),
            outcome,
            summary,
        })
    }

    fn people(&mut self, node: &Node, map: &mut SourceMap) -> Option<Vec<Person>> {
        let path = Path::root().key("people");
        let entries = self.keyed(node, &path)?;
        let mut out = Vec::with_capacity(entries.len());
        let mut ok = true;
        for (id, value) in entries {
            match self.person(id, value, &path.key(id)) {
                Some((p, born_pos)) => {
                    map.born.push(born_pos);
                    out.push(p);
                }
                None => ok = false,
            }
        }
        if ok && !out.iter().any(|p| p.role == crate::vocab::Role::Child) {
            self.error(Problem::NoChild, node.pos, &path);
        }
        ok.then_some(out)
    }

    fn person(&mut self, id: &str, node: &Node, path: &Path) -> Option<(Person, Option<Pos>)> {
        let f = self.fields(node, path, PERSON_FIELDS)?;
        let role = self.req_vocab(&f, "role");
        let name = self.req_text(&f, "name");
        let aliases = self.texts(&f, "aliases");
        let born = self.opt_date(&f, "born");
        let gender = self.opt_vocab(&f, "gender");
        let address = self.opt_text(&f, "address");
        let phone = self.opt_text(&f, "phone");
        let household = self.opt_bool(&f, "household");
        let notes = self.opt_text(&f, "notes");
        let person = Person {
            id: id.to_owned(),
            role: role?,
            name: name?,
            aliases,
            born: born.map(|(d, _)| d),
            gender,
            address,
            phone,
            household,
            notes,
        };
        Some((person, born.map(|(_, p)| p)))
    }

    fn institution(&mut self, id: &str, node: &Node, path: &Path) -> Option<Institution> {
        let f = self.fields(node, path, INSTITUTION_FIELDS)?;
        let kind = self.req_vocab(&f, "kind");
        let name = self.opt_text(&f, "name");
        let address = self.opt_text(&f, "address");
        let phone = self.opt_text(&f, "phone");
        Some(Institution { id: id.to_owned(), kind: kind?, name, address, phone })
    }

    fn staff(&mut self, id: &str, node: &Node, path: &Path) -> Option<Staff> {
        let f = self.fields(node, path, STAFF_FIELDS)?;
        let name = self.req_text(&f, "name");
        let institution = self.opt_reference(&f, "institution", RefTarget::Institution);
        let function = self.opt_text(&f, "function");
        let position = self.opt_vocab(&f, "position");
        Some(Staff { id: id.to_owned(), name: name?, institution, function, position })
    }

    fn events(&mut self, node: &Node, map: &mut SourceMap) -> Option<Vec<Event>> {
        let path = Path::root().key("events");
        let items = self.items(node, &path)?;
        if items.is_empty() {
            self.error(Problem::EmptyList, node.pos, &path);
            return None;
        }
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (i, n) in items.iter().enumerate() {
            match self.event(i, n, &path.index(i)) {
                Some((e, date_pos)) => {
                    map.event_dates.push(date_pos);
                    out.push(e);
                }
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn item_id(&mut self, f: &Fields<'_>, prefix: char, index: usize) -> Id {
        match f.get("id") {
            Some(node) => match &node.value {
                Value::Str(s) if !s.trim().is_empty() => s.clone(),
                other => {
                    let problem = match other {
                        Value::Str(_) => Problem::EmptyText,
                        _ => Problem::WrongType { expected: Expected::Id, found: other.found() },
                    };
                    self.error(problem, node.pos, &f.path("id"));
                    format!("{prefix}{}", index + 1)
                }
            },
            None => format!("{prefix}{}", index + 1),
        }
    }

    fn event(&mut self, index: usize, node: &Node, path: &Path) -> Option<(Event, Pos)> {
        let f = self.fields(node, path, EVENT_FIELDS)?;
        let id = self.item_id(&f, 'e', index);
        let date = self.req_date(&f, "date");
        let time = f.get("time").and_then(|n| match &n.value {
            Value::Str(s) => Time::parse(s).or_else(|| {
                self.error(Problem::InvalidTime, n.pos, &f.path("time"));
                None
            }),
            other => {
                let found = other.found();
                self.error(
                    Problem::WrongType { expected: Expected::Time, found },
                    n.pos,
                    &f.path("time"),
                );
                None
            }
        });
        let kind: Option<EventKind> = self.req_vocab(&f, "kind");
        if let Some(kind) = kind {
            for &(field, allowed_on) in KIND_FIELDS {
                if !allowed_on.contains(&kind) && f.get(field).is_some() {
                    let pos = f.key_pos(field).unwrap_or(f.pos);
                    self.error(
                        Problem::FieldNotForKind { field, kind, allowed_on },
                        pos,
                        &f.path(field),
                    );
                }
            }
            if kind == EventKind::RiskAssessment && f.get("result").is_none() {
                let pos = f.key_pos("result").unwrap_or(f.pos);
                self.error(
                    Problem::FieldRequiredForKind { field: "result", kind },
                    pos,
                    &f.path("result"),
                );
            }
        }
        let by = self.references(&f, "by", RefTarget::Actor);
        let to = self.references(&f, "to", RefTarget::Actor);
        let with = self.references(&f, "with", RefTarget::Actor);
        let child_seen = self.opt_bool(&f, "child_seen");
        let child_seen_alone = self.opt_bool(&f, "child_seen_alone");
        let home_seen = self.opt_bool(&f, "home_seen");
        let result = self.opt_vocab(&f, "result");
        let concerns = self.vocab_list(&f, "concerns");
        let mode = self.opt_vocab(&f, "mode");
        let consent = self.opt_bool(&f, "consent");
        let advice = self.vocab_list(&f, "advice");
        let recorded_as = self.opt_vocab(&f, "recorded_as");
        let source = self.opt_reference(&f, "source", RefTarget::Source);
        let note = self.opt_text(&f, "note");
        let (date, date_pos) = date?;
        let event = Event {
            id,
            index,
            pos: node.pos,
            date,
            time,
            kind: kind?,
            by,
            to,
            with,
            child_seen,
            child_seen_alone,
            home_seen,
            result,
            concerns,
            mode,
            consent,
            advice,
            recorded_as,
            source,
            note,
        };
        Some((event, date_pos))
    }

    fn finding(&mut self, index: usize, node: &Node, path: &Path) -> Option<Finding> {
        let f = self.fields(node, path, FINDING_FIELDS)?;
        let id = self.item_id(&f, 'f', index);
        let events = self.references(&f, "events", RefTarget::Event);
        let factor = self.req_vocab(&f, "factor");
        let note = self.opt_text(&f, "note");
        Some(Finding { id, events, factor: factor?, note })
    }

    fn episode(&mut self, index: usize, node: &Node, path: &Path) -> Option<Episode> {
        let f = self.fields(node, path, EPISODE_FIELDS)?;
        let id = self.item_id(&f, 'k', index);
        let title = self.req_text(&f, "title");
        let events =
            self.require(&f, "events").map(|_| self.references(&f, "events", RefTarget::Event));
        if let (Some(events), Some(n)) = (&events, f.get("events"))
            && events.is_empty()
            && matches!(&n.value, Value::Seq(v) if v.is_empty())
        {
            self.error(Problem::EmptyList, n.pos, &f.path("events"));
        }
        let note = self.opt_text(&f, "note");
        Some(Episode { id, title: title?, events: events?, note })
    }

    fn exception(&mut self, _index: usize, node: &Node, path: &Path) -> Option<Exception> {
        let f = self.fields(node, path, EXCEPTION_FIELDS)?;
        let item = self.req_text(&f, "item");
        let events = self.references(&f, "events", RefTarget::Event);
        let reason = self.req_text(&f, "reason");
        Some(Exception { item: item?.trim().to_owned(), pos: node.pos, events, reason: reason? })
    }

    fn measure(&mut self, index: usize, node: &Node, path: &Path) -> Option<Measure> {
        let f = self.fields(node, path, MEASURE_FIELDS)?;
        let id = self.item_id(&f, 'm', index);
        let about = self.references(&f, "about", RefTarget::FindingOrEpisode);
        let text = self.req_text(&f, "text");
        let responsible = self.opt_reference(&f, "responsible", RefTarget::Institution);
        let agreed = self.opt_date(&f, "agreed").map(|(d, _)| d);
        let due = self.opt_date(&f, "due").map(|(d, _)| d);
        let status = self.req_vocab(&f, "status");
        Some(Measure { id, about, text: text?, responsible, agreed, due, status: status? })
    }

    fn marker(&mut self, node: &Node, path: &Path) -> Option<ExportMarker> {
        let f = self.fields(node, path, MARKER_FIELDS)?;
        let kind = self.require(&f, "kind").and_then(|n| match &n.value {
            Value::Str(s) if s == "pseudonymised" => Some(ExportKind::Pseudonymised),
            Value::Str(s) if s == "anonymised" => Some(ExportKind::Anonymised),
            _ => {
                self.error(
                    Problem::UnknownValue {
                        vocabulary: "export kind",
                        vocabulary_de: "Art des Exports",
                        suggestion: None,
                        allowed: vec!["pseudonymised", "anonymised"],
                    },
                    n.pos,
                    &f.path("kind"),
                );
                None
            }
        });
        let tool = self.req_text(&f, "tool");
        let key_fingerprint = self.opt_text(&f, "key_fingerprint");
        let policies = self.texts(&f, "policies");
        let pseudonyms = self.opt_text(&f, "pseudonyms");
        let seal = self.opt_text(&f, "seal");
        Some(ExportMarker { kind: kind?, tool: tool?, key_fingerprint, policies, pseudonyms, seal })
    }
}

/// The `id` of a list item, when it is written as text.
fn explicit_id(item: &Node) -> Option<(&str, Pos)> {
    let Value::Map(map) = &item.value else {
        return None;
    };
    map.iter().find_map(|(k, v)| match (&k.value, &v.value) {
        (Value::Str(key), Value::Str(id)) if key == "id" && !id.trim().is_empty() => {
            Some((id.as_str(), v.pos))
        }
        _ => None,
    })
}

/// The allowed field closest to a misspelt one.
fn closest(written: &str, allowed: &'static [&'static str]) -> Option<&'static str> {
    let w = written.to_lowercase();
    allowed
        .iter()
        .map(|a| (*a, edit_distance(&w, a)))
        .filter(|&(a, d)| d <= 2 && d < a.len() / 2 + 1)
        .min_by_key(|&(_, d)| d)
        .map(|(a, _)| a)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "format: lernfall/1\ncase: {ref: X-1, municipality: Testort, opened: 2021-03-01}\npeople:\n  k: {role: Kind, name: K}\nevents:\n  - {date: 2021-03-02, kind: Meldung, with: [k, k]}\n  - {date: 2021-03, kind: Gefährdungseinschätzung, result: latent}\n";

    #[test]
    fn warnings_do_not_make_a_file_invalid() {
        let loaded = load_str(MINIMAL);
        assert!(loaded.is_valid(), "{:?}", loaded.diagnostics);
        assert_eq!(loaded.warnings().count(), 1);
        assert_eq!(loaded.diagnostics[0].problem, Problem::DuplicateInList { id: "k".into() });
    }

    #[test]
    fn fills_default_ids_and_reads_german_aliases() {
        let case = load_str(MINIMAL).case.unwrap();
        assert_eq!(case.events[0].id, "e1");
        assert_eq!(case.events[1].id, "e2");
        assert_eq!(case.events[0].kind, EventKind::Report);
        assert_eq!(case.events[0].with, vec!["k".to_string()]);
        assert!(case.events[1].date.is_month_precision());
        assert!(case.people[0].in_household());
    }

    #[test]
    fn month_precision_event_in_the_month_of_opening_is_no_warning() {
        let loaded = load_str(MINIMAL);
        assert!(!loaded.diagnostics.iter().any(|d| d.problem.code() == "event_before_opened"));
    }

    #[test]
    fn positions_of_bytes() {
        assert_eq!(pos_of(b"ab\ncd", 4), Pos::new(2, 2));
        assert_eq!(pos_of("ä\nöx".as_bytes(), 5), Pos::new(2, 2));
    }

    #[test]
    fn misspelt_fields_get_a_suggestion() {
        assert_eq!(closest("child_sen", EVENT_FIELDS), Some("child_seen"));
        assert_eq!(closest("zzz", EVENT_FIELDS), None);
    }
}
