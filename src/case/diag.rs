//! Diagnostics: what is wrong with a file, where, and how to say it.
//!
//! A [`Problem`] holds only structural data — field names, ids, kinds, dates,
//! sizes — never a name, address, phone number or free text from the file, so
//! that every message can be written to logs that are shared. Messages are
//! rendered in German or English from the problem, not stored as text.

use std::fmt::{self, Write as _};

use serde::Serialize;

use crate::date::{Date, DateError};
use crate::lang::Lang;
use crate::vocab::EventKind;

/// A position in a file: 1-based line and column (in characters).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

impl Pos {
    pub fn new(line: u32, column: u32) -> Pos {
        Pos { line, column }
    }
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Error or warning.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// The kind of YAML node found where something else was expected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Found {
    Null,
    Bool,
    Number,
    Text,
    List,
    Mapping,
}

impl Found {
    pub fn de(self) -> &'static str {
        match self {
            Found::Null => "ein leerer Wert",
            Found::Bool => "ein Wahrheitswert",
            Found::Number => "eine Zahl",
            Found::Text => "ein Text",
            Found::List => "eine Liste",
            Found::Mapping => "eine Zuordnung (Mapping)",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            Found::Null => "an empty value",
            Found::Bool => "a boolean",
            Found::Number => "a number",
            Found::Text => "text",
            Found::List => "a list",
            Found::Mapping => "a mapping",
        }
    }
}

/// What a field expects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    Text,
    Bool,
    Mapping,
    List,
    Date,
    Time,
    Id,
    IdOrList,
    Value,
}

impl Expected {
    fn de(self) -> &'static str {
        match self {
            Expected::Text => "einen Text",
            Expected::Bool => "true oder false",
            Expected::Mapping => "eine Zuordnung (Mapping)",
            Expected::List => "eine Liste",
            Expected::Date => "ein Datum JJJJ-MM-TT oder JJJJ-MM",
            Expected::Time => "eine Uhrzeit HH:MM",
            Expected::Id => "eine Kennung (id)",
            Expected::IdOrList => "eine Kennung oder eine Liste von Kennungen",
            Expected::Value => "einen Wert aus der Liste",
        }
    }

    fn en(self) -> &'static str {
        match self {
            Expected::Text => "text",
            Expected::Bool => "true or false",
            Expected::Mapping => "a mapping",
            Expected::List => "a list",
            Expected::Date => "a date YYYY-MM-DD or YYYY-MM",
            Expected::Time => "a time HH:MM",
            Expected::Id => "an id",
            Expected::IdOrList => "an id or a list of ids",
            Expected::Value => "a value from the list",
        }
    }
}

/// The section an id belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Section {
    People,
    Institutions,
    Staff,
    Events,
    Findings,
    Episodes,
    Measures,
}

impl Section {
    pub fn key(self) -> &'static str {
        match self {
            Section::People => "people",
            Section::Institutions => "institutions",
            Section::Staff => "staff",
            Section::Events => "events",
            Section::Findings => "findings",
            Section::Episodes => "episodes",
            Section::Measures => "measures",
        }
    }
}

/// What a reference field may name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefTarget {
    /// `by`, `to`, `with`: people, staff or institutions.
    Actor,
    Institution,
    /// `source`: an institution or a person (the family's own account).
    Source,
    Event,
    /// `measures.about`: findings or episodes.
    FindingOrEpisode,
}

impl RefTarget {
    fn de(self) -> &'static str {
        match self {
            RefTarget::Actor => {
                "eine Person, Fachkraft oder Institution (people, staff, institutions)"
            }
            RefTarget::Institution => "eine Institution (institutions)",
            RefTarget::Source => "eine Institution oder Person (institutions, people)",
            RefTarget::Event => "ein Ereignis (events)",
            RefTarget::FindingOrEpisode => {
                "einen Befund oder eine Schlüsselepisode (findings, episodes)"
            }
        }
    }

    fn en(self) -> &'static str {
        match self {
            RefTarget::Actor => {
                "a person, staff member or institution (people, staff, institutions)"
            }
            RefTarget::Institution => "an institution (institutions)",
            RefTarget::Source => "an institution or person (institutions, people)",
            RefTarget::Event => "an event (events)",
            RefTarget::FindingOrEpisode => "a finding or episode (findings, episodes)",
        }
    }
}

/// Event kinds as `a`, `b` for messages.
fn kinds(ks: &[EventKind]) -> String {
    ks.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
}

/// Every problem the loader and validator report. Only structural data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    // --- reading the file
    Unreadable {
        reason: String,
    },
    FileTooLarge {
        size: u64,
        limit: u64,
    },
    InvalidUtf8,
    NulByte,
    EmptyFile,
    // --- YAML
    Syntax {
        detail: String,
    },
    Tab,
    DuplicateKey,
    TooDeep {
        limit: usize,
    },
    TooComplex,
    AliasLimit,
    UnknownAnchor,
    MultipleDocuments,
    UnsupportedTag,
    NotAMapping {
        found: Found,
    },
    // --- structure
    UnknownField {
        field: Option<String>,
        suggestion: Option<&'static str>,
        allowed: &'static [&'static str],
    },
    MissingField {
        field: &'static str,
    },
    WrongType {
        expected: Expected,
        found: Found,
    },
    EmptyText,
    EmptyList,
    InvalidDate(DateError),
    InvalidTime,
    UnknownValue {
        vocabulary: &'static str,
        vocabulary_de: &'static str,
        suggestion: Option<&'static str>,
        allowed: Vec<&'static str>,
    },
    WrongFormat {
        expected: &'static str,
    },
    FieldNotForKind {
        field: &'static str,
        kind: EventKind,
        allowed_on: &'static [EventKind],
    },
    FieldRequiredForKind {
        field: &'static str,
        kind: EventKind,
    },
    NoChild,
    // --- references and consistency
    DuplicateId {
        id: String,
        first: Pos,
    },
    /// A reference to no id of the file; what was written is not kept.
    UnknownReference {
        expected: RefTarget,
    },
    WrongReference {
        id: String,
        expected: RefTarget,
        actual: Section,
    },
    BornAfterEvent {
        person: String,
        born: Date,
        event: String,
        event_date: Date,
    },
    ClosedBeforeOpened {
        closed: Date,
        opened: Date,
    },
    // --- warnings
    EventBeforeOpened {
        event: String,
        date: Date,
        opened: Date,
    },
    EventAfterClosed {
        event: String,
        date: Date,
        closed: Date,
    },
    DuplicateInList {
        id: String,
    },
}

impl Problem {
    /// A stable machine-readable code.
    pub fn code(&self) -> &'static str {
        use Problem::*;
        match self {
            Unreadable { .. } => "unreadable",
            FileTooLarge { .. } => "file_too_large",
            InvalidUtf8 => "invalid_utf8",
            NulByte => "nul_byte",
            EmptyFile => "empty_file",
            Syntax { .. } => "yaml_syntax",
            Tab => "tab",
            DuplicateKey => "duplicate_key",
            TooDeep { .. } => "too_deep",
            TooComplex => "too_complex",
            AliasLimit => "alias_limit",
            UnknownAnchor => "unknown_anchor",
            MultipleDocuments => "multiple_documents",
            UnsupportedTag => "unsupported_tag",
            NotAMapping { .. } => "not_a_mapping",
            UnknownField { .. } => "unknown_field",
            MissingField { .. } => "missing_field",
            WrongType { .. } => "invalid_type",
            EmptyText => "empty_value",
            EmptyList => "empty_list",
            InvalidDate(_) => "invalid_date",
            InvalidTime => "invalid_time",
            UnknownValue { .. } => "unknown_value",
            WrongFormat { .. } => "invalid_format",
            FieldNotForKind { .. } => "field_not_for_kind",
            FieldRequiredForKind { .. } => "missing_field",
            NoChild => "no_child",
            DuplicateId { .. } => "duplicate_id",
            UnknownReference { .. } => "unknown_reference",
            WrongReference { .. } => "wrong_reference",
            BornAfterEvent { .. } => "born_after_event",
            ClosedBeforeOpened { .. } => "closed_before_opened",
            EventBeforeOpened { .. } => "event_before_opened",
            EventAfterClosed { .. } => "event_after_closed",
            DuplicateInList { .. } => "duplicate_in_list",
        }
    }

    /// The message in the given language.
    pub fn message(&self, lang: Lang) -> String {
        let mut s = String::new();
        // Writing to a String cannot fail.
        let _ = match lang {
            Lang::De => self.write_de(&mut s),
            Lang::En => self.write_en(&mut s),
        };
        s
    }

    fn write_de(&self, s: &mut String) -> fmt::Result {
        use Problem::*;
        match self {
            Unreadable { reason } => write!(s, "Datei nicht lesbar ({reason})"),
            FileTooLarge { size, limit } => write!(
                s,
                "Datei ist zu groß ({size} Bytes, Grenze {limit} Bytes; mit --max-size änderbar)"
            ),
            InvalidUtf8 => write!(s, "kein gültiges UTF-8 (Datei in UTF-8 speichern)"),
            NulByte => write!(s, "Datei enthält ein NUL-Byte (keine Textdatei?)"),
            EmptyFile => write!(s, "Datei ist leer (erwartet wird ein Fall im Format lernfall/1)"),
            Syntax { detail } => write!(s, "YAML-Syntaxfehler: {detail}"),
            Tab => write!(s, "Tabulator zur Einrückung; YAML erlaubt nur Leerzeichen"),
            DuplicateKey => write!(s, "Schlüssel kommt in dieser Zuordnung doppelt vor"),
            TooDeep { limit } => write!(s, "zu tief verschachtelt (mehr als {limit} Ebenen)"),
            TooComplex => write!(s, "Datei hat zu viele Knoten für einen Fall (Schutzgrenze)"),
            AliasLimit => {
                write!(s, "zu viele oder zu tief verschachtelte Anker-Verweise (Alias-Bombe?)")
            }
            UnknownAnchor => write!(s, "Verweis auf einen unbekannten Anker"),
            MultipleDocuments => {
                write!(s, "mehrere YAML-Dokumente in einer Datei; ein Fall pro Datei")
            }
            UnsupportedTag => write!(s, "YAML-Tags (!tag) werden nicht unterstützt"),
            NotAMapping { found } => write!(
                s,
                "oberste Ebene muss eine Zuordnung mit format, case, people und events sein, gefunden: {}",
                found.de()
            ),
            UnknownField { field, suggestion, allowed } => {
                match field {
                    Some(f) => write!(s, "unbekanntes Feld `{f}`")?,
                    None => write!(s, "unbekanntes Feld")?,
                }
                match suggestion {
                    Some(h) => write!(s, "; gemeint ist vielleicht `{h}`"),
                    None => write!(s, "; erlaubt: {}", allowed.join(", ")),
                }
            }
            MissingField { field } => write!(s, "Pflichtfeld `{field}` fehlt"),
            WrongType { expected, found } => {
                write!(s, "erwartet {}, gefunden: {}", expected.de(), found.de())?;
                if *expected == Expected::Text && matches!(found, Found::Number | Found::Bool) {
                    write!(s, " (in Anführungszeichen setzen)")?;
                }
                if *expected == Expected::Bool && *found == Found::Text {
                    write!(s, " (nur true oder false; yes/no/on/off sind keine Wahrheitswerte)")?;
                }
                Ok(())
            }
            EmptyText => write!(s, "darf nicht leer sein"),
            EmptyList => write!(s, "Liste darf nicht leer sein"),
            InvalidDate(e) => match e {
                DateError::Malformed { iso: Some(iso) } => {
                    write!(s, "Datum muss im ISO-Format stehen: {iso}")
                }
                DateError::Malformed { iso: None } => {
                    write!(s, "kein gültiges Datum; erwartet JJJJ-MM-TT oder JJJJ-MM")
                }
                DateError::NoSuchDay { year, month, day } => {
                    write!(s, "den Tag {year:04}-{month:02}-{day:02} gibt es nicht")
                }
                DateError::NoSuchMonth => write!(s, "kein gültiger Monat (01 bis 12)"),
            },
            InvalidTime => write!(s, "keine gültige Uhrzeit; erwartet HH:MM, z. B. \"09:15\""),
            UnknownValue { vocabulary_de, suggestion, allowed, .. } => {
                write!(s, "unbekannter Wert für {vocabulary_de}")?;
                match suggestion {
                    Some(h) => write!(s, "; gemeint ist vielleicht `{h}`"),
                    None => write!(s, "; erlaubt: {}", allowed.join(", ")),
                }
            }
            WrongFormat { expected } => write!(s, "unbekanntes Format; erwartet `{expected}`"),
            FieldNotForKind { field, kind, allowed_on } => write!(
                s,
                "Feld `{field}` gehört nicht zu einem Ereignis der Art `{kind}` (nur zu {})",
                kinds(allowed_on)
            ),
            FieldRequiredForKind { field, kind } => {
                write!(s, "Pflichtfeld `{field}` fehlt (nötig bei `{kind}`)")
            }
            NoChild => write!(s, "unter people muss mindestens ein Kind (role: child) stehen"),
            DuplicateId { id, first } => {
                write!(s, "Kennung `{id}` ist schon vergeben (Zeile {})", first.line)
            }
            UnknownReference { expected } => {
                write!(
                    s,
                    "unbekannte Kennung (keine Kennung dieser Datei); erwartet {}",
                    expected.de()
                )
            }
            WrongReference { id, expected, actual } => {
                write!(s, "Kennung `{id}` steht unter {}; erwartet {}", actual.key(), expected.de())
            }
            BornAfterEvent { person, born, event, event_date } => write!(
                s,
                "`{person}` ist am {born} geboren, aber schon am {event_date} an Ereignis `{event}` beteiligt"
            ),
            ClosedBeforeOpened { closed, opened } => {
                write!(s, "Fallabschluss {closed} liegt vor dem Fallbeginn {opened}")
            }
            EventBeforeOpened { event, date, opened } => write!(
                s,
                "Ereignis `{event}` ({date}) liegt vor dem Fallbeginn {opened} (Vorgeschichte?)"
            ),
            EventAfterClosed { event, date, closed } => {
                write!(s, "Ereignis `{event}` ({date}) liegt nach dem Fallabschluss {closed}")
            }
            DuplicateInList { id } => write!(s, "Kennung `{id}` steht doppelt in der Liste"),
        }
    }

    fn write_en(&self, s: &mut String) -> fmt::Result {
        use Problem::*;
        match self {
            Unreadable { reason } => write!(s, "cannot read file ({reason})"),
            FileTooLarge { size, limit } => write!(
                s,
                "file too large ({size} bytes, limit {limit} bytes; change with --max-size)"
            ),
            InvalidUtf8 => write!(s, "not valid UTF-8 (save the file as UTF-8)"),
            NulByte => write!(s, "file contains a NUL byte (not a text file?)"),
            EmptyFile => write!(s, "file is empty (expected a case of format lernfall/1)"),
            Syntax { detail } => write!(s, "YAML syntax error: {detail}"),
            Tab => write!(s, "tab used for indentation; YAML allows only spaces"),
            DuplicateKey => write!(s, "duplicate key in this mapping"),
            TooDeep { limit } => write!(s, "nested too deeply (more than {limit} levels)"),
            TooComplex => write!(s, "too many nodes for a case file (safety limit)"),
            AliasLimit => write!(s, "too many or too deeply nested alias references (alias bomb?)"),
            UnknownAnchor => write!(s, "alias refers to an unknown anchor"),
            MultipleDocuments => write!(s, "several YAML documents in one file; one case per file"),
            UnsupportedTag => write!(s, "YAML tags (!tag) are not supported"),
            NotAMapping { found } => write!(
                s,
                "the top level must be a mapping with format, case, people and events, found {}",
                found.en()
            ),
            UnknownField { field, suggestion, allowed } => {
                match field {
                    Some(f) => write!(s, "unknown field `{f}`")?,
                    None => write!(s, "unknown field")?,
                }
                match suggestion {
                    Some(h) => write!(s, "; did you mean `{h}`?"),
                    None => write!(s, "; expected one of: {}", allowed.join(", ")),
                }
            }
            MissingField { field } => write!(s, "missing required field `{field}`"),
            WrongType { expected, found } => {
                write!(s, "expected {}, found {}", expected.en(), found.en())?;
                if *expected == Expected::Text && matches!(found, Found::Number | Found::Bool) {
                    write!(s, " (put it in quotes)")?;
                }
                if *expected == Expected::Bool && *found == Found::Text {
                    write!(s, " (only true or false; yes/no/on/off are not booleans)")?;
                }
                Ok(())
            }
            EmptyText => write!(s, "must not be empty"),
            EmptyList => write!(s, "list must not be empty"),
            InvalidDate(e) => match e {
                DateError::Malformed { iso: Some(iso) } => {
                    write!(s, "date must be written in ISO form: {iso}")
                }
                DateError::Malformed { iso: None } => {
                    write!(s, "not a valid date; expected YYYY-MM-DD or YYYY-MM")
                }
                DateError::NoSuchDay { year, month, day } => {
                    write!(s, "there is no day {year:04}-{month:02}-{day:02}")
                }
                DateError::NoSuchMonth => write!(s, "not a valid month (01 to 12)"),
            },
            InvalidTime => write!(s, "not a valid time; expected HH:MM, e.g. \"09:15\""),
            UnknownValue { vocabulary, suggestion, allowed, .. } => {
                write!(s, "unknown {vocabulary}")?;
                match suggestion {
                    Some(h) => write!(s, "; did you mean `{h}`?"),
                    None => write!(s, "; expected one of: {}", allowed.join(", ")),
                }
            }
            WrongFormat { expected } => write!(s, "unknown format; expected `{expected}`"),
            FieldNotForKind { field, kind, allowed_on } => write!(
                s,
                "field `{field}` does not belong to an event of kind `{kind}` (only to {})",
                kinds(allowed_on)
            ),
            FieldRequiredForKind { field, kind } => {
                write!(s, "missing required field `{field}` (required for `{kind}`)")
            }
            NoChild => write!(s, "people must list at least one child (role: child)"),
            DuplicateId { id, first } => {
                write!(s, "id `{id}` is already used (line {})", first.line)
            }
            UnknownReference { expected } => {
                write!(s, "unknown id (no id of this file); expected {}", expected.en())
            }
            WrongReference { id, expected, actual } => {
                write!(s, "id `{id}` is listed under {}; expected {}", actual.key(), expected.en())
            }
            BornAfterEvent { person, born, event, event_date } => write!(
                s,
                "`{person}` was born on {born} but takes part in event `{event}` on {event_date}"
            ),
            ClosedBeforeOpened { closed, opened } => {
                write!(s, "case closed on {closed}, before it was opened on {opened}")
            }
            EventBeforeOpened { event, date, opened } => write!(
                s,
                "event `{event}` ({date}) is before the case was opened on {opened} (prehistory?)"
            ),
            EventAfterClosed { event, date, closed } => {
                write!(s, "event `{event}` ({date}) is after the case was closed on {closed}")
            }
            DuplicateInList { id } => write!(s, "id `{id}` is listed twice"),
        }
    }
}

/// One problem at one place of a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub problem: Problem,
    /// Where in the file; `None` for problems of the whole file (size, encoding).
    pub pos: Option<Pos>,
    /// The field path, e.g. `events[2].with[0]`; empty for the whole document.
    pub path: String,
}

impl Diagnostic {
    pub fn error(problem: Problem, pos: Option<Pos>, path: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Error, problem, pos, path: path.into() }
    }

    pub fn warning(problem: Problem, pos: Option<Pos>, path: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, problem, pos, path: path.into() }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Sort key: position, then path.
    pub(crate) fn order_key(&self) -> (Pos, &str) {
        (self.pos.unwrap_or_default(), &self.path)
    }
}

/// A field path built while walking the document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Path(String);

impl Path {
    pub fn root() -> Path {
        Path(String::new())
    }

    /// `parent.key`
    pub fn key(&self, key: &str) -> Path {
        if self.0.is_empty() { Path(key.to_owned()) } else { Path(format!("{}.{key}", self.0)) }
    }

    /// `parent[index]`
    pub fn index(&self, index: usize) -> Path {
        Path(format!("{}[{index}]", self.0))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&Path> for String {
    fn from(p: &Path) -> String {
        p.0.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_has_a_message_in_both_languages() {
        let p = Problem::InvalidDate(DateError::Malformed { iso: Some("2021-03-02".into()) });
        assert_eq!(p.message(Lang::En), "date must be written in ISO form: 2021-03-02");
        assert!(p.message(Lang::De).contains("2021-03-02"));
        assert_eq!(p.code(), "invalid_date");
    }

    #[test]
    fn paths_compose() {
        let p = Path::root().key("events").index(2).key("with").index(0);
        assert_eq!(p.as_str(), "events[2].with[0]");
    }
}
