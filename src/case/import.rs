//! Chronologies as people keep them — tables — read into a case
//! (`lernfall import`). A table has one event per row; its columns are
//! recognised by German or English header names (case-, umlaut- and
//! punctuation-insensitive), or through a mapping the user gives. Dates in
//! `02.03.2021`, `2.3.21`, `2021-03-02`, Excel serial numbers, and dates of
//! month precision (`März 2021`, `03/2021`, `2021-03`). Kinds, results,
//! concerns, modes and advice go through the vocabularies' German aliases.
//! People and institutions come from a people table, or are created from
//! the names in the by/to/with columns and marked for the user to complete.
//!
//! Problems name the table, row and column, never the cell's text: cells
//! hold names.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use crate::case::date::Date;
use crate::case::vocab::{
    Advice, AssessmentResult, Concern, EventKind, InstitutionKind, Mode, Role, Vocabulary,
};

/// One cell of a table.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A number, or a date or time as a spreadsheet stores it (days since
    /// 1899-12-30, the time as a fraction of a day).
    Number(f64),
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.trim().to_owned(),
            Cell::Number(n) if n.fract() == 0.0 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
        }
    }

    fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            Cell::Number(_) => false,
        }
    }
}

/// A table: a CSV file or one sheet of a workbook.
#[derive(Clone, Debug)]
pub struct Table {
    /// The file name, with the sheet for workbooks (`chronologie.xlsx:Kita`).
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
}

/// A problem of the tables, placed by table, row (1-based, the header is
/// row 1) and column header; the message never quotes a cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub table: String,
    pub row: usize,
    pub column: Option<String>,
    pub message: String,
    /// A stable code for scripts.
    pub code: &'static str,
}

/// The fields a column can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Id,
    Date,
    Time,
    Kind,
    By,
    To,
    With,
    ChildSeen,
    ChildSeenAlone,
    HomeSeen,
    Result,
    Concerns,
    Mode,
    Source,
    Note,
    Advice,
    // People tables.
    Name,
    Role,
    Institution,
}

/// Header names per field, folded (see [`fold_header`]).
const HEADERS: &[(Field, &[&str])] = &[
    (Field::Id, &["id", "nr", "nummer", "lfdnr", "ereignisnr"]),
    (Field::Date, &["datum", "date", "tag", "wann"]),
    (Field::Time, &["uhrzeit", "zeit", "time", "uhr"]),
    (Field::Kind, &["art", "ereignis", "ereignisart", "kind", "typ", "event", "activity"]),
    (Field::By, &["wer", "von", "by", "durch", "akteur", "handelnde"]),
    (Field::To, &["an", "to", "empfaenger", "empfaengerin", "adressat"]),
    (Field::With, &["mit", "with", "beteiligte", "anwesend"]),
    (Field::ChildSeen, &["kindgesehen", "childseen", "sichtkontakt", "kindsichtkontakt"]),
    (Field::ChildSeenAlone, &["alleingesprochen", "kindalleingesprochen", "childseenalone"]),
    (Field::HomeSeen, &["wohnunggesehen", "homeseen", "wohnung"]),
    (Field::Result, &["ergebnis", "result", "einschaetzung"]),
    (Field::Concerns, &["anlass", "concerns", "anhaltspunkte", "gefaehrdungsart"]),
    (Field::Mode, &["form", "mode", "kontaktform"]),
    (Field::Source, &["quelle", "source", "chronologie"]),
    (Field::Note, &["notiz", "bemerkung", "note", "notes", "inhalt", "beschreibung", "vermerk"]),
    (Field::Advice, &["empfehlung", "advice", "empfohlen"]),
    (Field::Name, &["name", "bezeichnung", "person", "institution_name"]),
    (Field::Role, &["rolle", "role", "funktion", "institutionsart", "typ_person"]),
    (Field::Institution, &["institution", "dienststelle", "arbeitet_bei", "stelle"]),
];

/// The field names a column mapping (`--columns`) may use.
pub fn field_names() -> Vec<&'static str> {
    FIELD_IDS.iter().map(|(n, _)| *n).collect()
}

const FIELD_IDS: &[(&str, Field)] = &[
    ("id", Field::Id),
    ("date", Field::Date),
    ("time", Field::Time),
    ("kind", Field::Kind),
    ("by", Field::By),
    ("to", Field::To),
    ("with", Field::With),
    ("child_seen", Field::ChildSeen),
    ("child_seen_alone", Field::ChildSeenAlone),
    ("home_seen", Field::HomeSeen),
    ("result", Field::Result),
    ("concerns", Field::Concerns),
    ("mode", Field::Mode),
    ("source", Field::Source),
    ("note", Field::Note),
    ("advice", Field::Advice),
    ("name", Field::Name),
    ("role", Field::Role),
    ("institution", Field::Institution),
];

/// A field by its name in a column mapping.
pub fn field_by_name(name: &str) -> Option<Field> {
    FIELD_IDS.iter().find(|(n, _)| *n == name.trim()).map(|(_, f)| *f)
}

/// A header folded for matching: lower case, umlauts spelled out, only
/// letters and digits (`Kind gesehen?` → `kindgesehen`).
pub fn fold_header(text: &str) -> String {
    crate::case::vocab::fold(text).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// The columns of a table's header: field → column index. `extra` maps
/// folded header names to fields (from `--columns`) and wins over the
/// built-in names.
pub fn recognise(header: &[Cell], extra: &HashMap<String, Field>) -> BTreeMap<Field, usize> {
    let mut out = BTreeMap::new();
    for (i, cell) in header.iter().enumerate() {
        let folded = fold_header(&cell.text());
        if folded.is_empty() {
            continue;
        }
        let field = extra.get(&folded).copied().or_else(|| {
            HEADERS
                .iter()
                .find(|(_, names)| names.iter().any(|n| fold_header(n) == folded))
                .map(|(f, _)| *f)
        });
        if let Some(f) = field {
            out.entry(f).or_insert(i);
        }
    }
    out
}

const MONTHS: [&[&str]; 12] = [
    &["januar", "jan", "january", "jaenner"],
    &["februar", "feb", "february"],
    &["maerz", "mrz", "mar", "march", "marz"],
    &["april", "apr"],
    &["mai", "may"],
    &["juni", "jun", "june"],
    &["juli", "jul", "july"],
    &["august", "aug"],
    &["september", "sep", "sept"],
    &["oktober", "okt", "oct", "october"],
    &["november", "nov"],
    &["dezember", "dez", "dec", "december"],
];

/// The day an Excel serial number stands for (1900 date system).
fn excel_date(serial: f64) -> Option<Date> {
    if !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let epoch = Date::ymd(1899, 12, 30)?.first_day();
    Some(Date::from_day(epoch + serial.floor() as i32))
}

/// A two-digit year: within the next year it is this century, else the last.
fn full_year(y: i32) -> i32 {
    if y >= 100 {
        return y;
    }
    let this = Date::today().year() % 100;
    if y <= this + 1 { 2000 + y } else { 1900 + y }
}

/// Reads a date cell in any of the accepted forms.
pub fn parse_date(cell: &Cell) -> Option<Date> {
    let text = match cell {
        Cell::Number(n) => return excel_date(*n),
        Cell::Empty => return None,
        Cell::Text(t) => t.trim(),
    };
    if let Ok(d) = Date::parse(text) {
        return Some(d);
    }
    // März 2021
    let mut words = text.split_whitespace();
    if let (Some(month), Some(year), None) = (words.next(), words.next(), words.next()) {
        let month = fold_header(month);
        if let Some(m) = MONTHS.iter().position(|names| names.contains(&month.as_str())) {
            return Date::ym(year.parse().ok()?, u8::try_from(m + 1).ok()?);
        }
    }
    // A spreadsheet's date-time as text: the date part.
    let text = text.split(['T', ' ']).next().unwrap_or(text);
    if let Ok(d) = Date::parse(text) {
        return Some(d);
    }
    let nums: Vec<&str> = text.split(['.', '/', '-']).map(str::trim).collect();
    let num = |s: &str| s.parse::<i32>().ok();
    match nums.as_slice() {
        // 02.03.2021, 2.3.21, 02/03/2021
        [d, m, y] if text.contains('.') || text.contains('/') => {
            let (d, m, y) = (num(d)?, num(m)?, num(y)?);
            Date::ymd(full_year(y), u8::try_from(m).ok()?, u8::try_from(d).ok()?)
        }
        // 03/2021, 3.2021
        [m, y] if y.len() == 4 => Date::ym(num(y)?, u8::try_from(num(m)?).ok()?),
        [y, m] if y.len() == 4 => Date::ym(num(y)?, u8::try_from(num(m)?).ok()?),
        _ => None,
    }
}

/// Reads a time cell: `8:30`, `08:30`, `08.30 Uhr`, or a fraction of a day.
pub fn parse_time(cell: &Cell) -> Option<(u8, u8)> {
    match cell {
        Cell::Number(n) if (0.0..1.0).contains(n) => {
            let minutes = (n * 24.0 * 60.0).round() as u32;
            Some(((minutes / 60) as u8, (minutes % 60) as u8))
        }
        Cell::Text(t) => {
            let t = t.trim().trim_end_matches("Uhr").trim_end_matches("uhr").trim();
            let (h, m) = t.split_once([':', '.'])?;
            let (h, m) = (h.trim().parse::<u8>().ok()?, m.trim().parse::<u8>().ok()?);
            (h < 24 && m < 60).then_some((h, m))
        }
        _ => None,
    }
}

/// Reads a yes/no cell.
pub fn parse_bool(cell: &Cell) -> Option<bool> {
    match cell {
        Cell::Number(n) if *n == 1.0 => Some(true),
        Cell::Number(n) if *n == 0.0 => Some(false),
        Cell::Text(t) => match fold_header(t).as_str() {
            "ja" | "j" | "yes" | "y" | "true" | "wahr" | "x" | "1" => Some(true),
            "nein" | "n" | "no" | "false" | "falsch" | "0" | "" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// The names in a by/to/with cell: separated by commas, semicolons or
/// line breaks.
fn names(cell: &Cell) -> Vec<String> {
    cell.text()
        .split([',', ';', '\n'])
        .map(crate::text::clean_name)
        .filter(|n| !n.is_empty())
        .collect()
}

/// An entity of the imported case.
#[derive(Clone, Debug)]
enum Entity {
    Person { role: Role, guessed: bool },
    Institution { kind: InstitutionKind, guessed: bool },
    Staff { institution: Option<String> },
}

#[derive(Clone, Debug)]
struct Named {
    id: String,
    name: String,
    entity: Entity,
}

/// The entities of an import, found by folded name.
#[derive(Default)]
struct Registry {
    by_name: HashMap<String, usize>,
    list: Vec<Named>,
}

impl Registry {
    fn slug(&self, name: &str) -> String {
        let folded = crate::case::vocab::fold(name);
        let mut slug: String = folded
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect::<String>()
            .split('-')
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("-");
        slug.truncate(24);
        let slug = slug.trim_end_matches('-').to_owned();
        let base = if slug.is_empty() || slug.starts_with(|c: char| c.is_ascii_digit()) {
            format!("x-{slug}")
        } else {
            slug
        };
        let mut id = base.clone();
        let mut n = 1;
        while self.list.iter().any(|e| e.id == id) {
            n += 1;
            id = format!("{base}-{n}");
        }
        id
    }

    fn get(&self, name: &str) -> Option<&Named> {
        self.by_name.get(&crate::text::name_key(name)).map(|&i| &self.list[i])
    }

    fn add(&mut self, name: &str, entity: Entity) -> String {
        let name = &crate::text::clean_name(name);
        let key = crate::text::name_key(name);
        if let Some(&i) = self.by_name.get(&key) {
            return self.list[i].id.clone();
        }
        let id = self.slug(name);
        self.by_name.insert(key, self.list.len());
        self.list.push(Named { id: id.clone(), name: name.to_owned(), entity });
        id
    }

    /// The id for a name met in an event: known, or created with a guess
    /// the user must check.
    fn id_for(&mut self, name: &str) -> String {
        if let Some(n) = self.get(name) {
            return n.id.clone();
        }
        self.add(name, guess(name))
    }
}

/// What a bare name probably is: an institution when a word of it is an
/// institution kind (`Jugendamt Musterstadt`), a person of a role when it is
/// a role (`Mutter`), else a person of role `other`; always marked as a
/// guess for the user to check.
fn guess(name: &str) -> Entity {
    for word in name.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        if let Some(kind) = InstitutionKind::parse(word) {
            return Entity::Institution { kind, guessed: true };
        }
    }
    if let Some(role) = Role::parse(name) {
        return Entity::Person { role, guessed: true };
    }
    // "Kind Beispiel", "Mutter (Frau B.)": a role word in the name.
    for word in name.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        if let Some(role) = Role::parse(word).filter(|r| *r != Role::Other) {
            return Entity::Person { role, guessed: true };
        }
    }
    Entity::Person { role: Role::Other, guessed: true }
}

/// What `import` needs besides the tables.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `case.ref`; default `IMPORT`.
    pub reference: Option<String>,
    /// `case.municipality`; default a placeholder to complete.
    pub municipality: Option<String>,
    /// `source` on every imported event (an id of the people table, or a
    /// name that becomes one).
    pub source: Option<String>,
    /// Header names (folded) mapped to fields.
    pub columns: HashMap<String, Field>,
}

/// One imported event, before it is written.
#[derive(Clone, Debug)]
struct Row {
    id: Option<String>,
    date: Date,
    time: Option<(u8, u8)>,
    kind: EventKind,
    by: Vec<String>,
    to: Vec<String>,
    with: Vec<String>,
    child_seen: Option<bool>,
    child_seen_alone: Option<bool>,
    home_seen: Option<bool>,
    result: Option<AssessmentResult>,
    concerns: Vec<Concern>,
    mode: Option<Mode>,
    advice: Vec<Advice>,
    source: Option<String>,
    note: Option<String>,
}

fn problem(
    table: &Table,
    row: usize,
    column: Option<&str>,
    code: &'static str,
    message: String,
) -> Problem {
    Problem { table: table.name.clone(), row, column: column.map(str::to_owned), message, code }
}

/// Whether a table is a people table: a name column and a role column, and
/// no date column.
fn is_people_table(t: &Table, extra: &HashMap<String, Field>) -> bool {
    let Some(header) = t.rows.first() else { return false };
    let cols = recognise(header, extra);
    cols.contains_key(&Field::Name)
        && cols.contains_key(&Field::Role)
        && !cols.contains_key(&Field::Date)
}

/// Reads the people tables into the registry.
fn read_people(
    t: &Table,
    reg: &mut Registry,
    extra: &HashMap<String, Field>,
    problems: &mut Vec<Problem>,
) {
    let Some(header) = t.rows.first() else { return };
    let cols = recognise(header, extra);
    let header_text = |f: Field| cols.get(&f).and_then(|&i| header.get(i)).map(Cell::text);
    let mut staff: Vec<(String, String)> = Vec::new();
    for (r, row) in t.rows.iter().enumerate().skip(1) {
        let get = |f: Field| cols.get(&f).and_then(|&i| row.get(i)).cloned().unwrap_or(Cell::Empty);
        let name = get(Field::Name).text();
        if name.is_empty() {
            if row.iter().any(|c| !c.is_empty()) {
                problems.push(problem(
                    t,
                    r + 1,
                    header_text(Field::Name).as_deref(),
                    "missing_name",
                    "Name fehlt".into(),
                ));
            }
            continue;
        }
        let role = get(Field::Role).text();
        let institution = get(Field::Institution).text();
        let entity = if let Some(role) = Role::parse(&role) {
            Entity::Person { role, guessed: false }
        } else if let Some(kind) = InstitutionKind::parse(&role) {
            Entity::Institution { kind, guessed: false }
        } else if !institution.is_empty()
            || matches!(
                fold_header(&role).as_str(),
                "fachkraft" | "staff" | "mitarbeiter" | "mitarbeiterin"
            )
        {
            Entity::Staff { institution: None }
        } else {
            let hint = Role::suggest(&role).or_else(|| InstitutionKind::suggest(&role));
            problems.push(problem(
                t,
                r + 1,
                header_text(Field::Role).as_deref(),
                "unknown_role",
                match hint {
                    Some(h) => format!("unbekannte Rolle oder Art; gemeint ist vielleicht `{h}`"),
                    None => "unbekannte Rolle oder Art (eine Rolle wie Mutter, Kind oder eine Art wie Jugendamt, Kita; Fachkraft für Mitarbeitende)".into(),
                },
            ));
            continue;
        };
        if !institution.is_empty() {
            staff.push((name.clone(), institution));
        }
        reg.add(&name, entity);
    }
    // Staff point at their institution by name.
    for (name, institution) in staff {
        let inst_id = reg.id_for(&institution);
        let key = crate::text::name_key(&name);
        if let Some(&i) = reg.by_name.get(&key)
            && let Entity::Staff { institution } = &mut reg.list[i].entity
        {
            *institution = Some(inst_id);
        }
    }
}

/// A vocabulary cell: empty, a value, or a problem with a "did you mean".
fn vocab_cell<V: Vocabulary>(text: &str, what: &str) -> Result<Option<V>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    V::parse(text).map(Some).ok_or_else(|| match V::suggest(text) {
        Some(s) => format!("unbekannte {what}; gemeint ist vielleicht `{s}`"),
        None => format!("unbekannte {what} (erlaubt: {})", V::ids().join(", ")),
    })
}

/// A list of vocabulary values, separated by commas or semicolons.
fn vocab_list<V: Vocabulary>(text: &str, what: &str) -> Result<Vec<V>, String> {
    text.split([',', ';'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| vocab_cell::<V>(t, what).map(|v| v.expect("not empty")))
        .collect()
}

/// Reads the event rows of one table.
fn read_events(
    t: &Table,
    reg: &mut Registry,
    options: &Options,
    rows: &mut Vec<Row>,
    problems: &mut Vec<Problem>,
) {
    let Some(header) = t.rows.first() else { return };
    let cols = recognise(header, &options.columns);
    for (needed, what) in
        [(Field::Date, "das Datum (Datum/date)"), (Field::Kind, "die Art (Art/Ereignis/kind)")]
    {
        if !cols.contains_key(&needed) {
            problems.push(problem(
                t,
                1,
                None,
                "missing_column",
                format!(
                    "keine Spalte für {what} erkannt (Kopfzeile prüfen oder --columns angeben)"
                ),
            ));
            return;
        }
    }
    let header_text = |f: Field| cols.get(&f).and_then(|&i| header.get(i)).map(Cell::text);
    for (r, row) in t.rows.iter().enumerate().skip(1) {
        if row.iter().all(Cell::is_empty) {
            continue;
        }
        let get = |f: Field| cols.get(&f).and_then(|&i| row.get(i)).cloned().unwrap_or(Cell::Empty);
        let at = r + 1;
        let mut found: Vec<Problem> = Vec::new();
        let mut bad = |f: Field, code: &'static str, msg: String| {
            found.push(problem(t, at, header_text(f).as_deref(), code, msg));
        };
        let date = parse_date(&get(Field::Date));
        if date.is_none() {
            let msg = if get(Field::Date).is_empty() {
                "Datum fehlt".to_owned()
            } else {
                "kein Datum in einer bekannten Form (TT.MM.JJJJ, JJJJ-MM-TT, MM/JJJJ, März 2021, Excel-Datum)".to_owned()
            };
            bad(Field::Date, "invalid_date", msg);
        }
        let kind_text = get(Field::Kind).text();
        let kind = match vocab_cell::<EventKind>(&kind_text, "Ereignisart") {
            Ok(Some(k)) => Some(k),
            Ok(None) => {
                bad(Field::Kind, "missing_kind", "Ereignisart fehlt".into());
                None
            }
            Err(msg) => {
                bad(Field::Kind, "unknown_kind", msg);
                None
            }
        };
        let time = match get(Field::Time) {
            c if c.is_empty() => None,
            c => parse_time(&c).or_else(|| {
                bad(Field::Time, "invalid_time", "keine Uhrzeit (HH:MM)".into());
                None
            }),
        };
        let mut flag = |f: Field| match get(f) {
            c if c.is_empty() => None,
            c => parse_bool(&c).or_else(|| {
                bad(f, "invalid_flag", "erwartet ja oder nein".into());
                None
            }),
        };
        let (child_seen, child_seen_alone, home_seen) =
            (flag(Field::ChildSeen), flag(Field::ChildSeenAlone), flag(Field::HomeSeen));
        let result = vocab_cell::<AssessmentResult>(&get(Field::Result).text(), "Einschätzung")
            .unwrap_or_else(|m| {
                bad(Field::Result, "unknown_result", m);
                None
            });
        let concerns = vocab_list::<Concern>(&get(Field::Concerns).text(), "Gefährdungsart")
            .unwrap_or_else(|m| {
                bad(Field::Concerns, "unknown_concern", m);
                Vec::new()
            });
        let mode = vocab_cell::<Mode>(&get(Field::Mode).text(), "Form").unwrap_or_else(|m| {
            bad(Field::Mode, "unknown_mode", m);
            None
        });
        let advice =
            vocab_list::<Advice>(&get(Field::Advice).text(), "Empfehlung").unwrap_or_else(|m| {
                bad(Field::Advice, "unknown_advice", m);
                Vec::new()
            });
        let id = Some(get(Field::Id).text()).filter(|t| !t.is_empty());
        let note = Some(get(Field::Note).text()).filter(|t| !t.is_empty());
        let source_name =
            Some(get(Field::Source).text()).filter(|t| !t.is_empty()).or(options.source.clone());
        if !found.is_empty() {
            problems.extend(found);
            continue;
        }
        let (Some(date), Some(kind)) = (date, kind) else { continue };
        let mut ids = |f: Field| names(&get(f)).iter().map(|n| reg.id_for(n)).collect::<Vec<_>>();
        let (by, to, with) = (ids(Field::By), ids(Field::To), ids(Field::With));
        let source = source_name.map(|n| reg.id_for(&n));
        rows.push(Row {
            id,
            date,
            time,
            kind,
            by,
            to,
            with,
            child_seen,
            child_seen_alone,
            home_seen,
            result,
            concerns,
            mode,
            advice,
            source,
            note,
        });
    }
}

/// A YAML double-quoted scalar (JSON strings are valid YAML).
fn q(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

fn list(ids: &[String]) -> String {
    format!("[{}]", ids.iter().map(|i| q(i)).collect::<Vec<_>>().join(", "))
}

/// The result of an import: the case as YAML, and what the user should
/// check (guessed roles and kinds).
#[derive(Clone, Debug)]
pub struct Imported {
    pub yaml: String,
    pub events: usize,
    /// Entries created from names, with a guessed role or kind.
    pub guessed: usize,
}

/// Reads tables into one case. Fails with every problem found, each placed
/// by table, row and column.
pub fn import(tables: &[Table], options: &Options) -> Result<Imported, Vec<Problem>> {
    // Leading comment rows (first cell starting with `#`, e.g. "# FIKTIV")
    // and empty rows come before the header; row numbers stay the file's.
    let tables: Vec<Table> = tables
        .iter()
        .map(|t| {
            let skip = t
                .rows
                .iter()
                .take_while(|r| {
                    r.iter().all(Cell::is_empty)
                        || r.iter()
                            .find(|c| !c.is_empty())
                            .is_some_and(|c| c.text().starts_with('#'))
                })
                .count();
            let mut rows = t.rows.clone();
            // Keep the row numbers: blank rows stand in for the skipped ones
            // after the header.
            let header = rows.drain(..skip).count();
            if header > 0 && !rows.is_empty() {
                let h = rows.remove(0);
                let mut out = vec![h];
                out.extend(std::iter::repeat_n(Vec::new(), header));
                out.extend(rows);
                Table { name: t.name.clone(), rows: out }
            } else {
                Table { name: t.name.clone(), rows }
            }
        })
        .collect();
    let tables = &tables[..];
    let mut reg = Registry::default();
    let mut problems = Vec::new();
    let (people, events): (Vec<&Table>, Vec<&Table>) =
        tables.iter().partition(|t| is_people_table(t, &options.columns));
    for t in &people {
        read_people(t, &mut reg, &options.columns, &mut problems);
    }
    let mut rows = Vec::new();
    for t in &events {
        read_events(t, &mut reg, options, &mut rows, &mut problems);
    }
    if events.is_empty() {
        problems.push(Problem {
            table: tables.first().map(|t| t.name.clone()).unwrap_or_default(),
            row: 1,
            column: None,
            code: "no_events",
            message: "keine Tabelle mit Ereignissen (Spalten Datum und Art)".into(),
        });
    }
    let has_child = |reg: &Registry| {
        reg.list.iter().any(|n| matches!(n.entity, Entity::Person { role: Role::Child, .. }))
    };
    if problems.is_empty() && !has_child(&reg) {
        // The child is most likely the person seen in a child-seen event;
        // marked as a guess like every created entry.
        let seen = rows
            .iter()
            .filter(|r| r.child_seen == Some(true))
            .flat_map(|r| r.with.iter())
            .find_map(|id| {
                reg.list.iter().position(|n| {
                    &n.id == id && matches!(n.entity, Entity::Person { guessed: true, .. })
                })
            });
        if let Some(i) = seen {
            reg.list[i].entity = Entity::Person { role: Role::Child, guessed: true };
        } else {
            problems.push(Problem {
                table: tables.first().map(|t| t.name.clone()).unwrap_or_default(),
                row: 1,
                column: None,
                code: "no_child",
                message: "kein Kind erkennbar: eine Personentabelle (--people) mit Rolle Kind angeben, oder das Kind in der Spalte mit eines Ereignisses mit Kind gesehen = ja nennen".into(),
            });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    // Story order; rows of a day keep their table order, by time where given.
    // Events known only to the month follow the day-dated ones of that month.
    rows.sort_by_key(|r| {
        (r.date.year(), r.date.month(), r.date.is_month_precision(), r.date.first_day(), r.time)
    });
    Ok(write(&reg, &rows, options))
}

/// The ids written: by role or kind and a number (`child-1`, `mother-1`,
/// `youth_office-1`, `staff-1`), never made from a name, so that messages
/// that quote ids (validate, check) stay free of names.
fn final_ids(reg: &Registry) -> HashMap<String, String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    reg.list
        .iter()
        .map(|n| {
            let base = match &n.entity {
                Entity::Person { role, .. } => role.id().to_owned(),
                Entity::Institution { kind, .. } => kind.id().to_owned(),
                Entity::Staff { .. } => "staff".to_owned(),
            };
            let c = counts.entry(base.clone()).or_insert(0);
            *c += 1;
            (n.id.clone(), format!("{base}-{c}"))
        })
        .collect()
}

fn write(reg: &Registry, rows: &[Row], options: &Options) -> Imported {
    let ids = final_ids(reg);
    let entity_id =
        |provisional: &String| ids.get(provisional).cloned().unwrap_or_else(|| provisional.clone());
    let ids_of = |v: &[String]| v.iter().map(entity_id).collect::<Vec<_>>();
    let mut y = String::new();
    let opened = rows.iter().map(|r| r.date).min_by_key(|d| d.first_day());
    let _ = writeln!(
        y,
        "# Importiert von lernfall aus Tabellen. Mit # BITTE PRÜFEN markierte Einträge wurden aus Namen erzeugt:"
    );
    let _ = writeln!(y, "# Rolle bzw. Art sind geraten und müssen ergänzt werden.");
    let _ = writeln!(y, "format: lernfall/1\n\ncase:");
    let _ = writeln!(y, "  ref: {}", q(options.reference.as_deref().unwrap_or("IMPORT")));
    match &options.municipality {
        Some(m) => {
            let _ = writeln!(y, "  municipality: {}", q(m));
        }
        None => {
            let _ = writeln!(y, "  municipality: \"(bitte ergänzen)\"   # BITTE PRÜFEN");
        }
    }
    if let Some(d) = opened {
        let _ = writeln!(y, "  opened: {}", q(&d.to_string()));
    }
    let mut guessed = 0;
    let mut section = |title: &str, pick: &dyn Fn(&Entity) -> Option<(String, bool)>| {
        let entries: Vec<(&Named, String, bool)> =
            reg.list.iter().filter_map(|n| pick(&n.entity).map(|(body, g)| (n, body, g))).collect();
        if entries.is_empty() {
            return;
        }
        let _ = writeln!(y, "\n{title}:");
        for (n, body, g) in entries {
            let mark = if g {
                guessed += 1;
                "   # BITTE PRÜFEN: aus einem Namen erzeugt, Angabe geraten"
            } else {
                ""
            };
            let body = if body.is_empty() { String::new() } else { format!("{body}, ") };
            let _ = writeln!(y, "  {}: {{{body}name: {}}}{mark}", q(&entity_id(&n.id)), q(&n.name));
        }
    };
    section("people", &|e| match e {
        Entity::Person { role, guessed } => Some((format!("role: {}", role.id()), *guessed)),
        _ => None,
    });
    section("institutions", &|e| match e {
        Entity::Institution { kind, guessed } => Some((format!("kind: {}", kind.id()), *guessed)),
        _ => None,
    });
    section("staff", &|e| match e {
        Entity::Staff { institution: Some(i) } => {
            Some((format!("institution: {}", q(&entity_id(i))), false))
        }
        Entity::Staff { institution: None } => Some((String::new(), true)),
        _ => None,
    });
    let _ = writeln!(y, "\nevents:");
    let mut used: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (n, r) in rows.iter().enumerate() {
        let mut id = r.id.clone().map(|i| reg_slug(&i)).unwrap_or_else(|| format!("e{}", n + 1));
        let base = id.clone();
        let mut k = 1;
        while used.contains(&id) {
            k += 1;
            id = format!("{base}-{k}");
        }
        used.insert(id.clone());
        let _ = writeln!(y, "  - id: {}", q(&id));
        let _ = writeln!(y, "    date: {}", q(&r.date.to_string()));
        if let Some((h, m)) = r.time {
            let _ = writeln!(y, "    time: \"{h:02}:{m:02}\"");
        }
        let _ = writeln!(y, "    kind: {}", r.kind.id());
        for (key, v) in [("by", &r.by), ("to", &r.to), ("with", &r.with)] {
            if !v.is_empty() {
                let _ = writeln!(y, "    {key}: {}", list(&ids_of(v)));
            }
        }
        for (key, v) in [
            ("child_seen", r.child_seen),
            ("child_seen_alone", r.child_seen_alone),
            ("home_seen", r.home_seen),
        ] {
            if let Some(b) = v {
                let _ = writeln!(y, "    {key}: {b}");
            }
        }
        if let Some(res) = r.result {
            let _ = writeln!(y, "    result: {}", res.id());
        }
        if !r.concerns.is_empty() {
            let _ = writeln!(
                y,
                "    concerns: [{}]",
                r.concerns.iter().map(|c| c.id()).collect::<Vec<_>>().join(", ")
            );
        }
        if let Some(m) = r.mode {
            let _ = writeln!(y, "    mode: {}", m.id());
        }
        if !r.advice.is_empty() {
            let _ = writeln!(
                y,
                "    advice: [{}]",
                r.advice.iter().map(|c| c.id()).collect::<Vec<_>>().join(", ")
            );
        }
        if let Some(s) = &r.source {
            let _ = writeln!(y, "    source: {}", q(&entity_id(s)));
        }
        if let Some(note) = &r.note {
            let _ = writeln!(y, "    note: {}", q(note));
        }
    }
    Imported { yaml: y, events: rows.len(), guessed }
}

/// An event id from a table cell: letters, digits, `-` and `_` kept.
fn reg_slug(text: &str) -> String {
    let s: String = text
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' })
        .collect();
    let s = s.trim_matches('-').to_owned();
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) { format!("e{s}") } else { s }
}

/// Decodes a CSV file's bytes: UTF-8 (with or without byte-order mark), or
/// Windows-1252 when it is not UTF-8.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => bytes.iter().map(|&b| cp1252(b)).collect(),
    }
}

/// A Windows-1252 byte as a character.
fn cp1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9f => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// Reads a CSV text: comma or semicolon, whichever the header line has more
/// of (outside quotes).
pub fn read_csv(name: &str, text: &str) -> Result<Table, String> {
    // The header line: the first that is not a leading `#` comment.
    let first = text
        .lines()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .unwrap_or("");
    let (mut commas, mut semis, mut quoted) = (0, 0, false);
    for c in first.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semis += 1,
            _ => {}
        }
    }
    let delimiter = if semis > commas { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let record = record.map_err(|_| format!("Zeile {}: keine gültige CSV-Zeile", n + 1))?;
        rows.push(
            record
                .iter()
                .map(|c| if c.trim().is_empty() { Cell::Empty } else { Cell::Text(c.to_owned()) })
                .collect(),
        );
    }
    Ok(Table { name: name.to_owned(), rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn dates_in_every_form() {
        let d = |s: &str| parse_date(&t(s)).map(|d| d.to_string());
        assert_eq!(d("02.03.2021").as_deref(), Some("2021-03-02"));
        assert_eq!(d("2.3.21").as_deref(), Some("2021-03-02"));
        assert_eq!(d("2021-03-02").as_deref(), Some("2021-03-02"));
        assert_eq!(d("2021-03").as_deref(), Some("2021-03"));
        assert_eq!(d("03/2021").as_deref(), Some("2021-03"));
        assert_eq!(d("März 2021").as_deref(), Some("2021-03"));
        assert_eq!(d("Maerz 2021").as_deref(), Some("2021-03"));
        assert_eq!(d("2021-03-02 00:00:00").as_deref(), Some("2021-03-02"));
        assert_eq!(
            parse_date(&Cell::Number(44257.0)).map(|d| d.to_string()).as_deref(),
            Some("2021-03-02")
        );
        assert_eq!(d("31.02.2021"), None);
        assert_eq!(d("gestern"), None);
    }

    #[test]
    fn headers_by_alias_in_any_case() {
        let header: Vec<Cell> =
            ["Datum", "Uhrzeit", "ART", "Wer", "an", "Kind gesehen?", "Bemerkung", "Empfänger"]
                .iter()
                .map(|s| t(s))
                .collect();
        let cols = recognise(&header, &HashMap::new());
        assert_eq!(cols[&Field::Date], 0);
        assert_eq!(cols[&Field::Kind], 2);
        assert_eq!(cols[&Field::ChildSeen], 5);
        assert_eq!(cols[&Field::Note], 6);
        assert_eq!(cols[&Field::To], 4, "the first matching column wins");
    }

    /// Every header name of every field is recognised, also in capitals,
    /// with spaces, umlauts spelled either way and trailing punctuation.
    #[test]
    fn every_header_alias_is_recognised() {
        for (field, names) in HEADERS {
            for name in *names {
                for variant in [
                    name.to_string(),
                    name.to_uppercase(),
                    format!("{name}:"),
                    name.replace("ae", "ä").replace("ue", "ü"),
                ] {
                    let cols = recognise(&[t(&variant)], &HashMap::new());
                    assert_eq!(cols.get(field), Some(&0), "{variant}");
                }
            }
        }
        let cols = recognise(
            &[t("Kind gesehen?"), t("allein gesprochen"), t("Wohnung gesehen")],
            &HashMap::new(),
        );
        assert_eq!(cols.len(), 3);
    }

    #[test]
    fn windows_1252_is_decoded() {
        assert_eq!(decode(b"M\xe4rz \x84x\x93"), "März „x“");
        assert_eq!(decode("März".as_bytes()), "März");
        assert_eq!(decode(b"\xEF\xBB\xBFDatum"), "Datum");
    }
}
