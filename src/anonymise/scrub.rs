//! Scrubbing free text: every identifier the case names, in every form it
//! takes in German text, and what pattern detectors find that the case does
//! not list (phone numbers, e-mail, URLs, IBANs, addresses, postcodes, file
//! numbers, names after a title or from the name lists, dates).
//!
//! Detection works on spans of the original text (offsets in Unicode code
//! points); overlapping candidates are resolved by priority, then length.
//! Over-redaction is cheaper than a leak.

use std::collections::HashSet;
use std::sync::OnceLock;

use regex::Regex;
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::date::Date;

/// What a detected span is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// A person the case names (any form of the name).
    Person,
    /// An institution or staff member the case names.
    Institution,
    /// A name the case does not list (after a title, or from the name lists).
    Name,
    Phone,
    Email,
    Url,
    Iban,
    Address,
    Postcode,
    FileNumber,
    /// A place: the municipality or cluster when they are dropped, or a
    /// place the detectors find.
    Place,
    /// An exact age (a quasi-identifier).
    Age,
    Date,
}

impl Category {
    pub fn id(self) -> &'static str {
        match self {
            Category::Person => "person",
            Category::Institution => "institution",
            Category::Name => "name",
            Category::Phone => "phone",
            Category::Email => "email",
            Category::Url => "url",
            Category::Iban => "iban",
            Category::Address => "address",
            Category::Postcode => "postcode",
            Category::FileNumber => "file_number",
            Category::Place => "place",
            Category::Age => "age",
            Category::Date => "date",
        }
    }

    /// The key of replacement counts in free text (`text.person`, ...).
    pub fn text_key(self) -> &'static str {
        match self {
            Category::Person => "text.person",
            Category::Institution => "text.institution",
            Category::Name => "text.name",
            Category::Phone => "text.phone",
            Category::Email => "text.email",
            Category::Url => "text.url",
            Category::Iban => "text.iban",
            Category::Address => "text.address",
            Category::Postcode => "text.postcode",
            Category::FileNumber => "text.file_number",
            Category::Place => "text.place",
            Category::Age => "text.age",
            Category::Date => "text.date",
        }
    }

    /// The placeholder written for a detected identifier.
    fn placeholder(self) -> &'static str {
        match self {
            Category::Person | Category::Name => "[Name]",
            Category::Institution => "[Einrichtung]",
            Category::Phone => "[Telefon]",
            Category::Email => "[E-Mail]",
            Category::Url => "[URL]",
            Category::Iban => "[IBAN]",
            Category::Address => "[Adresse]",
            Category::Postcode => "[PLZ Ort]",
            Category::FileNumber => "[Aktenzeichen]",
            Category::Place => "[Ort]",
            Category::Age => "[Alter]",
            Category::Date => "[Datum]",
        }
    }

    /// Lower wins when spans overlap.
    fn priority(self) -> u8 {
        match self {
            // Patterns that contain a known name swallow it whole.
            Category::Email | Category::Url => 0,
            Category::Iban => 1,
            Category::Phone => 2,
            Category::FileNumber => 3,
            Category::Address => 4,
            Category::Postcode => 5,
            Category::Person | Category::Institution => 6,
            Category::Age => 7,
            Category::Date => 8,
            Category::Place => 9,
            Category::Name => 10,
        }
    }
}

/// A detected span: code-point offsets into the original text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Span {
    pub begin: usize,
    pub end: usize,
    pub category: Category,
    #[serde(skip)]
    pub replacement: String,
}

/// An identifier the case names, and what replaces it.
#[derive(Clone, Debug)]
pub struct KnownTerm {
    pub text: String,
    pub label: String,
    pub category: Category,
}

/// How dates in text are treated.
#[derive(Clone, Copy, Debug)]
pub enum DatePolicy {
    /// Replace by `[Datum]`.
    Redact,
    /// Shift by this many days; dates without a year are read in `year`.
    Shift { days: i32, year: i32 },
}

/// The scrubber: known terms of one case plus the detectors.
pub struct Scrubber {
    known: Vec<(String, KnownTerm)>,
    dates: DatePolicy,
}

/// The result of scrubbing one text.
#[derive(Clone, Debug)]
pub struct Scrubbed {
    pub text: String,
    pub spans: Vec<Span>,
}

/// Folds for matching: lower case, `ä`→`ae`, `ß`→`ss`, other diacritics
/// dropped (`ı`→`i`, `ş`→`s`, `é`→`e`).
pub fn fold(text: &str) -> String {
    fold_mapped(text).0
}

/// The folded text and, for each of its bytes, the code-point index in the
/// original.
fn fold_mapped(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        let mut push = |s: &str, out: &mut String| {
            out.push_str(s);
            map.extend(std::iter::repeat_n(i, s.len()));
        };
        match c {
            'ä' | 'Ä' => push("ae", &mut out),
            'ö' | 'Ö' => push("oe", &mut out),
            'ü' | 'Ü' => push("ue", &mut out),
            'ß' | 'ẞ' => push("ss", &mut out),
            'ı' | 'İ' => push("i", &mut out),
            'ł' | 'Ł' => push("l", &mut out),
            'ø' | 'Ø' => push("o", &mut out),
            'æ' | 'Æ' => push("ae", &mut out),
            'œ' | 'Œ' => push("oe", &mut out),
            '’' | '`' | '´' => push("'", &mut out),
            c if c.is_ascii() => {
                let mut b = [0u8; 4];
                push(c.to_ascii_lowercase().encode_utf8(&mut b), &mut out);
            }
            c => {
                let base: String = c
                    .to_lowercase()
                    .collect::<String>()
                    .nfd()
                    .filter(|m| !is_combining_mark(*m))
                    .collect();
                push(&base, &mut out);
            }
        }
    }
    (out, map)
}

fn word_list(text: &'static str) -> HashSet<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(fold).collect()
}

/// First names (data, not code: `data/first-names.txt`).
pub fn first_names() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| word_list(include_str!("data/first-names.txt")))
}

/// Surnames (`data/surnames.txt`).
pub fn surnames() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| word_list(include_str!("data/surnames.txt")))
}

/// Towns and cities (`data/places.txt`).
pub fn places() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| word_list(include_str!("data/places.txt")))
}

/// Ordinary words (`data/words.txt`, and every word of the German terms of
/// the case format's vocabularies).
pub fn ordinary_words() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| {
        use crate::vocab::*;
        let mut set = word_list(include_str!("data/words.txt"));
        let mut terms: Vec<&str> = Vec::new();
        fn de<T: Vocabulary>(out: &mut Vec<&'static str>) {
            out.extend(T::entries().iter().flat_map(|e| e.de.iter().copied()));
        }
        de::<Role>(&mut terms);
        de::<InstitutionKind>(&mut terms);
        de::<EventKind>(&mut terms);
        de::<AssessmentResult>(&mut terms);
        de::<Concern>(&mut terms);
        de::<Factor>(&mut terms);
        de::<Outcome>(&mut terms);
        for t in terms {
            for w in t.split(|c: char| !c.is_alphanumeric()) {
                if w.chars().count() >= 2 {
                    set.insert(fold(w));
                }
            }
        }
        set
    })
}

const MONTHS: &str = "Januar|Jänner|Februar|März|Maerz|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember|Jan\\.|Feb\\.|Mär\\.|Mrz\\.|Apr\\.|Jun\\.|Jul\\.|Aug\\.|Sep\\.|Sept\\.|Okt\\.|Nov\\.|Dez\\.";

/// Words that introduce a person's name.
const TITLES: &str = "Frau|Herrn?|Fr\\.|Hr\\.|Dres\\.|Drs\\.|DDr\\.|Dr\\.(?:\\s?in)?|Prof\\.|Univ\\.-Prof\\.|Priv\\.-Doz\\.|Doz\\.|PD|Prim\\.|Mag\\.|Dipl\\.-\\p{L}+\\.|med\\.|univ\\.|univers\\.|mult\\.|dent\\.|rer\\.\\s?nat\\.|OA|OÄ|gez\\.|i\\.\\s?A\\.|i\\.\\s?V\\.|Familie|Fam\\.|Nachbarin|Nachbar|Oma|Opa|Tante|Onkel|Schwester|Bruder|Cousine|Cousin|Lehrerin|Lehrer|Erzieherin|Erzieher|Partnerin|Partner|Freundin|Freund|Lebensgefährtin|Lebensgefährte|Kinderärztin|Kinderarzt|Ärztin|Arzt|Oberärztin|Oberarzt|Assistenzärztin|Assistenzarzt|Stationsärztin|Stationsarzt|Hebamme|Betreuerin|Betreuer|Vormund|Sozialarbeiterin|Sozialarbeiter|Kollegin|Kollege|Pflegemutter|Pflegevater|Stiefvater|Stiefmutter|Mutter|Vater|Sohn|Tochter|Kind|Geschwister|Patientin|Patienten|Patient|PATIENTIN|PATIENT|Pat\\.|Betrifft|betrifft|Grüßen|Gruß|Jugendliche|Jugendlicher|Dra\\.|Drª|Dr\\.a\\.|Chefarzt|Chefärztin|Univ-Prof\\.|MD|Geschrieben von|freigegeben von|Orthoptistin|Orthoptist|Psychologin|Psychologe|Therapeutin|Therapeut";

struct Detectors {
    email: Regex,
    url: Regex,
    iban: Regex,
    phone: Regex,
    address: Regex,
    postcode: Regex,
    file_number: Regex,
    labelled_id: Regex,
    phone_labelled: Regex,
    long_number: Regex,
    age: Regex,
    date_iso: Regex,
    date_numeric: Regex,
    date_slash: Regex,
    month_slash: Regex,
    date_words: Regex,
    month_year: Regex,
    month_alone: Regex,
    year: Regex,
    titled: Regex,
    birth_name: Regex,
    institution: Regex,
    place_intro: Regex,
    place_date: Regex,
    word: Regex,
}

/// Kinds of institutions whose proper name follows them ("Kita
/// Sonnenschein", "Universitätsklinikum Musterstadt").
const INSTITUTION_WORDS: &str = "Universitätsklinikum|Universitätsklinik|Uniklinik|Klinikum|Klinik|Krankenhaus|Kreiskrankenhaus|Landeskrankenhaus|Spital|Kinderklinik|Kita|Kindertagesstätte|Kindergarten|Krippe|Hort|Grundschule|Schule|Gesamtschule|Realschule|Hauptschule|Mittelschule|Oberschule|Förderschule|Gymnasium|Berufsschule|Praxis|Kinderarztpraxis|Arztpraxis|Beratungsstelle|Familienzentrum|Frauenhaus|Wohngruppe|Kinderheim|Heim|Jugendhilfeeinrichtung|Einrichtung|Tagesgruppe|Mutter-Kind-Einrichtung";

fn detectors() -> &'static Detectors {
    static D: OnceLock<Detectors> = OnceLock::new();
    D.get_or_init(|| {
        let r = |p: &str| Regex::new(p).expect("built-in pattern compiles");
        let name = r"\p{Lu}[\p{L}'’\-]+";
        let particle = r"(?:von|vom|van|de|der|den|zu|zur|zum|di|da|del|dos|das|do|ten|ter|el|al|VON|VAN|DE)";
        // A person's name: initials, particles, one to three words; "SURNAME,
        // Firstname"; or a lone initial.
        let person = format!(
            concat!(
                r"\p{{Lu}}[\p{{Lu}}\-]+,\s+{name}",
                r"|(?:(?:\p{{Lu}}\p{{Ll}}?\.\s?){{1,3}}\s*)?(?:{particle}\s+)?{name}(?:\s+(?:\p{{Lu}}\.\s+)?(?:{particle}\s+)?{name}){{0,2}}",
                r"|\p{{Lu}}\."
            ),
            name = name,
            particle = particle
        );
        let place = r"\p{Lu}[\p{L}\-]+(?:\.?\s+(?:am|an der|an den|im|in der|bei|ob der|unter der|vor der|auf der)\s+\p{Lu}[\p{L}\-]+|\s+\p{Lu}[\p{L}\-]+)?";
        Detectors {
            email: r(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+"),
            url: r(r"(?i)\b(?:https?://|www\.)[^\s<>]+[^\s<>.,;:!?)]"),
            iban: r(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,4})?\b"),
            phone: r(concat!(
                r"(?:(?:\+|00)\d{1,3}[\s/.\-]?(?:\(0\)[\s/.\-]?)?\d[\d\s/.\-]{4,}\d",
                r"|(?:\+|00)\d{1,3}\s?\(\d{1,5}\)\s?\d[\d\s/.\-]{2,}\d",
                r"|\(0\d{2,5}\)[\s/\-]?\d[\d\s/\-]{2,}\d",
                r"|\b0\d{2,5}(?:\s?[/\-]\s?|\s)\d[\d\s\-]{2,}\d",
                r"|\b0\d{6,12}\b)"
            )),
            address: r(&format!(
                concat!(
                    r"(?:\b{name}(?:straße|strasse|strße|str\.|weg|platz|allee|gasse|ring|damm|ufer|chaussee|steig|pfad|markt|hof|berg|feld|garten|park|siedlung|stieg|kamp|twiete)",
                    r"|\b(?:{name}[\s\-])+(?:Straße|Strasse|Str\.|Weg|Platz|Allee|Gasse|Ring|Damm|Ufer|Chaussee|Landstraße)",
                    r"|\b(?:Am|Im|An der|An den|Auf der|Auf dem|Zum|Zur|In der|In den|Hinter der|Hinter dem|Unter den|Vor dem|Bei der)\s+{name})",
                    r"\.?\s*\d{{1,4}}\s?[a-zA-Z]?\b(?:\s*[-/]\s*\d{{1,4}}[a-zA-Z]?\b)?"
                ),
                name = name
            )),
            postcode: r(&format!(
                r"(?:\b[A-Z]{{1,2}}-\d{{4,5}}(?:[\s\-]+{place})?|\b\d{{5}}[\s\-]+{place}|\b\d{{4}}\s+{place})"
            )),
            file_number: r(concat!(
                r"(?:\b\d{1,3}\s?(?:F|UF|WF|XVII|AR|C|O|S|Ds|Cs|Ls|Js|UJs|VRJs|Gs|Qs|Ns)\s?\d{1,6}/\d{2,4}(?:\s?(?:SO|GS|EA|EASO|EAUF|AD|VA|WH|UG|UB))?\b",
                r"|(?i:\b(?:Az\.?|Aktenzeichen|Gz\.?|Geschäftszeichen|Vorgangsnummer|Vorgangs-Nr\.?|Tagebuch-Nr\.?|Fallnummer|Fall-Nr\.?|Kassenzeichen|Versichertennummer|Steuer-ID|Steuernummer)\s*:?\s*)[\w./\-]*\d[\w./\-]*",
                r"|\b\d{2,3}(?:\.\d{1,3})?-\d{2,4}/\d{1,6}\b",
                r"|\b\d{2,4}/\d{2,4}/\d{2,6}\b",
                r"|\b[A-Z]\d{9}\b",
                r"|\b[A-ZÄÖÜ]{1,3}-[A-Z]{1,2}\s?\d{1,4}[EH]?\b)"
            )),
            labelled_id: r(r"\b(?:[A-Z][\w]{0,10}-?Nr\.?|Nr\.|SV|PIZ|FN|KV|VN|ID|Station|Zimmer|Zi\.?|Bett)\s*:?\s*[A-Z]{0,3}-?\d[\w/\-]*"),
            long_number: r(r"\b(?:[A-Z]{1,2}-)?\d{7,}\b|\b[A-Z]{0,2}\d{3,}/\d{2,4}\b"),
            phone_labelled: r(r"(?i:\b(?:Tel|Telefon|Fax|Telefax|Handy|Mobil|Fon|Ruf|unter)\.?\s*:?\s*)(\+?[\d(][\d\s()/.\-]{4,}\d)"),
            age: r(r"(?i)\b\d{1,3}\s?[-–]?\s?(?:j\.|jähr\.|jahr\.|jährig\w*|jahrig\w*|jähriger|Jahre alt|Jährige\w*)|\b\d{1,3}\.\s?(?:Lj|LJ|Lebensjahr)\b"),
            date_iso: r(r"\b(\d{4})-(\d{2})-(\d{2})\b"),
            date_numeric: r(r"\b(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4}|\d{2}\b)?"),
            date_slash: r(r"\b(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b"),
            month_slash: r(r"\b(0?[1-9]|1[0-2])/(\d{4}|\d{2})\b"),
            date_words: r(&format!(r"\b(\d{{1,2}})\.\s*({MONTHS})(?:\s*(\d{{4}}))?")),
            month_year: r(&format!(r"\b({MONTHS}|Jan|Feb|Mär|Mrz|Apr|Jun|Jul|Aug|Sep|Sept|Okt|Nov|Dez)\s+(\d{{4}})\b")),
            month_alone: r(r"\b(Januar|Februar|März|April|Juni|Juli|August|September|Oktober|November|Dezember)\b"),
            year: r(r"\b(19\d{2}|20\d{2})\b"),
            titled: r(&format!(r"\b(?:(?i:{TITLES})\s*:?\s*)+({person})")),
            birth_name: r(&format!(
                r"(\p{{Lu}}[\p{{L}}'’\-]+,?(?:\s+(?:\p{{Lu}}\.\s+)?(?:{particle}\s+)?\p{{Lu}}[\p{{L}}'’\-]+){{1,2}})\s*,?\s*(?:\(\s*)?(?:\*|geb\.|geboren)"
            )),
            institution: r(&format!(
                r"\b(?:(?:Städt\.|Städtisches|Städtische|Evangelisches|Evangelische|Ev\.|Katholisches|Katholische|Kath\.|Allgemeines|Akademisches|Staatliche|Private|Freie)\s+)?(?:\p{{Lu}}[\p{{L}}\-]*-)?(?:{INSTITUTION_WORDS}|\p{{Lu}}\p{{Ll}}+(?:krankenhaus(?:es)?|klinik(?:um|ums)?|spital(?:s)?|schule|kindergarten|kita))\b(?:\s+(?:der|des|am|an der|im|in der|zum|zur|St\.|Sankt)\s+|\s+)((?:{name}|St\.)(?:\s+(?:am|an der|im|in der|bei|der|des|St\.)?\s*{name})*)"
            )),
            place_intro: r(&format!(
                r"\b(?:wohnhaft(?:\s+in)?|wh\.:?|wohnt\s+in|wohnte\s+in|geboren\s+in|stammt\s+aus|Umzug\s+nach|zog\s+nach|zogen\s+nach|verzogen\s+nach|Raum|Großraum|Stadtteil|Ortsteil|Landkreis|Kreis)\s+({place})"
            )),
            place_date: r(&format!(r"(?m)^\s*({place}),\s+(?:den|am)\s+\d")),
            word: r(r"\p{Lu}[\p{L}'’]*(?:-\p{Lu}?[\p{L}'’]+)*"),
        }
    })
}

fn month_number(word: &str) -> Option<u8> {
    let w = fold(word.trim_end_matches('.'));
    let months =
        ["jan", "feb", "mae", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "dez"];
    if w.starts_with("jaen") || w.starts_with("mrz") {
        return Some(if w.starts_with("jaen") { 1 } else { 3 });
    }
    months.iter().position(|m| w.starts_with(m)).map(|i| i as u8 + 1)
}

const MONTH_NAMES: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];

/// Code-point offsets of a byte range.
struct Offsets {
    /// Byte offset → code-point index, for every char boundary.
    starts: Vec<usize>,
}

impl Offsets {
    fn new(text: &str) -> Offsets {
        let mut starts = vec![0; text.len() + 1];
        let mut n = 0;
        for (b, _) in text.char_indices() {
            starts[b] = n;
            n += 1;
        }
        starts[text.len()] = n;
        Offsets { starts }
    }

    fn cp(&self, byte: usize) -> usize {
        self.starts[byte]
    }
}

impl Scrubber {
    /// A scrubber for the given known terms (names, aliases, institution
    /// names ...). Each term is also matched by its parts of at least two
    /// letters (first or last name alone).
    pub fn new(terms: Vec<KnownTerm>, dates: DatePolicy) -> Scrubber {
        let mut known: Vec<(String, KnownTerm)> = Vec::new();
        for t in terms {
            let folded = fold(t.text.trim());
            if folded.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
                continue;
            }
            known.push((folded, t));
        }
        // Longest first, so that a full name wins over its parts.
        known.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        known.dedup_by(|a, b| a.0 == b.0);
        Scrubber { known, dates }
    }

    /// Detects the spans of a text, overlaps resolved.
    pub fn detect(&self, text: &str) -> Vec<Span> {
        let mut candidates: Vec<Span> = Vec::new();
        self.known_spans(text, &mut candidates);
        self.pattern_spans(text, &mut candidates);
        resolve(candidates)
    }

    /// Scrubs a text.
    pub fn scrub(&self, text: &str) -> Scrubbed {
        let spans = self.detect(text);
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for s in &spans {
            out.extend(&chars[at..s.begin]);
            out.push_str(&s.replacement);
            at = s.end;
        }
        out.extend(&chars[at..]);
        Scrubbed { text: out, spans }
    }

    fn known_spans(&self, text: &str, out: &mut Vec<Span>) {
        if self.known.is_empty() {
            return;
        }
        let (folded, map) = fold_mapped(text);
        // Code point → byte offset, and back, computed once per text.
        let byte_of: Vec<usize> = text.char_indices().map(|(b, _)| b).chain([text.len()]).collect();
        let offsets = Offsets::new(text);
        let bytes = folded.as_bytes();
        let is_word = |b: u8| b.is_ascii_alphanumeric() || b >= 0x80;
        let titles = title_regex();
        for (term, known) in &self.known {
            let mut from = 0;
            while let Some(found) = folded[from..].find(term.as_str()) {
                let start = from + found;
                let mut end = start + term.len();
                from = start + 1;
                while !folded.is_char_boundary(from) {
                    from += 1;
                }
                if start > 0 && is_word(bytes[start - 1]) {
                    continue;
                }
                // Genitive and plural endings: Lenas, Müllers', Müller's.
                let rest = &folded[end..];
                if rest.starts_with("'s") || rest.starts_with("s'") {
                    end += 2;
                } else if rest.starts_with('s') || rest.starts_with('\'') {
                    end += 1;
                }
                if end < bytes.len() && is_word(bytes[end]) {
                    continue;
                }
                let mut begin = map[start];
                let end_cp = map[end - 1] + 1;
                // A title right before the name belongs to it: "Frau Müller".
                // Titles are short: look only at the 40 code points before.
                let from = byte_of[begin.saturating_sub(40)];
                if let Some(m) = titles.find(&text[from..byte_of[begin]]) {
                    begin = offsets.cp(from + m.start());
                }
                out.push(Span {
                    begin,
                    end: end_cp,
                    category: known.category,
                    replacement: known.label.clone(),
                });
            }
        }
    }

    fn pattern_spans(&self, text: &str, out: &mut Vec<Span>) {
        let d = detectors();
        let offsets = Offsets::new(text);
        let mut push = |start: usize, end: usize, category: Category, replacement: String| {
            out.push(Span {
                begin: offsets.cp(start),
                end: offsets.cp(end),
                category,
                replacement,
            });
        };
        for (re, cat) in [
            (&d.email, Category::Email),
            (&d.url, Category::Url),
            (&d.iban, Category::Iban),
            (&d.phone, Category::Phone),
            (&d.address, Category::Address),
            (&d.file_number, Category::FileNumber),
            (&d.labelled_id, Category::FileNumber),
            (&d.long_number, Category::FileNumber),
            (&d.age, Category::Age),
        ] {
            for m in re.find_iter(text) {
                push(m.start(), m.end(), cat, cat.placeholder().to_owned());
            }
        }
        for c in d.phone_labelled.captures_iter(text) {
            let g = c.get(1).expect("number");
            push(g.start(), g.end(), Category::Phone, Category::Phone.placeholder().into());
        }
        let words = ordinary_words();
        let ordinary = |w: &str| words.contains(&fold(w.trim_end_matches('.')));
        for m in d.postcode.find_iter(text) {
            // Four digits without a country prefix: only before a place, not a year.
            let digits: String = m.as_str().chars().take_while(char::is_ascii_digit).collect();
            if digits.len() == 4 {
                let rest = m.as_str()[4..].trim();
                let first = rest.split_whitespace().next().unwrap_or("");
                if digits.starts_with("19") || digits.starts_with("20") || ordinary(first) {
                    continue;
                }
            }
            push(m.start(), m.end(), Category::Postcode, Category::Postcode.placeholder().into());
        }
        for c in d.institution.captures_iter(text) {
            let (m, g) = (c.get(0).expect("match"), c.get(1).expect("name"));
            let first = g.as_str().split_whitespace().next().unwrap_or("");
            if ordinary(first) && first != "St." {
                continue;
            }
            push(
                m.start(),
                m.end(),
                Category::Institution,
                Category::Institution.placeholder().into(),
            );
        }
        for re in [&d.place_intro, &d.place_date] {
            for c in re.captures_iter(text) {
                let g = c.get(1).expect("place");
                let first = g.as_str().split_whitespace().next().unwrap_or("");
                if !ordinary(first) {
                    push(g.start(), g.end(), Category::Place, Category::Place.placeholder().into());
                }
            }
        }
        // Dates.
        for c in d.date_iso.captures_iter(text) {
            let m = c.get(0).expect("whole match");
            let (y, mo, da) = (num(&c[1]), num(&c[2]), num(&c[3]));
            if let Some(date) = Date::ymd(y, mo as u8, da as u8) {
                let r = self.shift(date).map(|s| s.to_string());
                push(m.start(), m.end(), Category::Date, r.unwrap_or_else(|| "[Datum]".into()));
            }
        }
        for c in d.date_numeric.captures_iter(text) {
            let m = c.get(0).expect("whole match");
            let (da, mo) = (num(&c[1]), num(&c[2]));
            if !(1..=31).contains(&da) || !(1..=12).contains(&mo) {
                continue;
            }
            let year = c.get(3).map(|y| y.as_str());
            let replacement = self.shift_numeric(da, mo, year, &c[1], &c[2]);
            push(m.start(), m.end(), Category::Date, replacement);
        }
        for c in d.date_words.captures_iter(text) {
            let m = c.get(0).expect("whole match");
            let da = num(&c[1]);
            let Some(mo) = month_number(&c[2]) else { continue };
            if !(1..=31).contains(&da) {
                continue;
            }
            let year = c.get(3).map(|y| num(y.as_str()));
            let replacement = match (self.dates, year) {
                (DatePolicy::Redact, _) => "[Datum]".to_owned(),
                (DatePolicy::Shift { days, year: ry }, y) => {
                    match Date::ymd(y.unwrap_or(ry), mo, da as u8) {
                        Some(date) => {
                            let s = date.add_days(days);
                            let name = MONTH_NAMES[usize::from(s.month()) - 1];
                            match y {
                                Some(_) => format!("{}. {name} {}", s.day().unwrap_or(1), s.year()),
                                None => format!("{}. {name}", s.day().unwrap_or(1)),
                            }
                        }
                        None => "[Datum]".to_owned(),
                    }
                }
            };
            push(m.start(), m.end(), Category::Date, replacement);
        }
        for c in d.month_year.captures_iter(text) {
            let m = c.get(0).expect("whole match");
            let Some(mo) = month_number(&c[1]) else { continue };
            let y = num(&c[2]);
            let replacement = match (self.dates, Date::ym(y, mo)) {
                (DatePolicy::Shift { days, .. }, Some(date)) => {
                    let s = date.add_days(days);
                    format!("{} {}", MONTH_NAMES[usize::from(s.month()) - 1], s.year())
                }
                _ => "[Datum]".to_owned(),
            };
            push(m.start(), m.end(), Category::Date, replacement);
        }
        for c in d.date_slash.captures_iter(text) {
            let m = c.get(0).expect("whole match");
            let (da, mo) = (num(&c[1]), num(&c[2]));
            if !(1..=31).contains(&da) || !(1..=12).contains(&mo) {
                continue;
            }
            let r = self.shift_numeric(da, mo, Some(&c[3]), &c[1], &c[2]).replace('.', "/");
            let r = r.trim_end_matches('/').to_owned();
            push(m.start(), m.end(), Category::Date, r);
        }
        for c in d.month_slash.captures_iter(text) {
            let m = c.get(0).expect("whole match");
            let (mo, y_text) = (num(&c[1]) as u8, &c[2]);
            let y = if y_text.len() == 4 { num(y_text) } else { 2000 + num(y_text) };
            let r = match (self.dates, Date::ym(y, mo)) {
                (DatePolicy::Shift { days, .. }, Some(date)) => {
                    let s = date.add_days(days);
                    let year = if y_text.len() == 4 {
                        s.year().to_string()
                    } else {
                        format!("{:02}", s.year().rem_euclid(100))
                    };
                    if c[1].len() == 2 {
                        format!("{:02}/{year}", s.month())
                    } else {
                        format!("{}/{year}", s.month())
                    }
                }
                _ => "[Datum]".to_owned(),
            };
            push(m.start(), m.end(), Category::Date, r);
        }
        for c in d.month_alone.captures_iter(text) {
            let m = c.get(0).expect("whole match");
            let Some(mo) = month_number(&c[1]) else { continue };
            let r = match self.dates {
                DatePolicy::Shift { days, year } => match Date::ymd(year, mo, 15) {
                    Some(date) => {
                        MONTH_NAMES[usize::from(date.add_days(days).month()) - 1].to_owned()
                    }
                    None => "[Datum]".to_owned(),
                },
                DatePolicy::Redact => "[Datum]".to_owned(),
            };
            push(m.start(), m.end(), Category::Date, r);
        }
        for c in d.year.captures_iter(text) {
            let m = c.get(0).expect("whole match");
            let r = match (self.dates, Date::ymd(num(&c[1]), 7, 1)) {
                (DatePolicy::Shift { days, .. }, Some(date)) => {
                    date.add_days(days).year().to_string()
                }
                _ => "[Jahr]".to_owned(),
            };
            push(m.start(), m.end(), Category::Date, r);
        }
        // Names after a title, and names from the name lists.
        for c in d.titled.captures_iter(text) {
            let g = c.get(1).expect("name group");
            let mut end = g.end();
            let name = g.as_str();
            // The first word that is not an initial decides.
            let first = name
                .split_whitespace()
                .find(|w| !(w.ends_with('.') && w.chars().count() <= 3))
                .unwrap_or(name);
            if words.contains(&fold(first)) && !(first.ends_with('.') && first.chars().count() <= 3)
            {
                continue;
            }
            // Keep a second capitalised word only if it is no ordinary word.
            if let Some((a, b)) = name.split_once(char::is_whitespace)
                && words.contains(&fold(b.trim()))
            {
                end = g.start() + a.len();
            }
            push(g.start(), end, Category::Name, "[Name]".into());
        }
        for c in d.birth_name.captures_iter(text) {
            let g = c.get(1).expect("name");
            let all_ordinary = g
                .as_str()
                .split(|ch: char| ch.is_whitespace() || ch == ',')
                .filter(|w| !w.is_empty())
                .all(|w| words.contains(&fold(w)));
            if !all_ordinary {
                push(g.start(), g.end(), Category::Name, "[Name]".into());
            }
        }
        let towns = places();
        for t in d.word.find_iter(text) {
            if towns.contains(&fold(t.as_str())) {
                push(t.start(), t.end(), Category::Place, Category::Place.placeholder().into());
            }
        }
        let (firsts, lasts) = (first_names(), surnames());
        let tokens: Vec<regex::Match<'_>> = d.word.find_iter(text).collect();
        for (i, t) in tokens.iter().enumerate() {
            let f = fold(t.as_str().trim_end_matches(['s', '\'', '’']));
            let f_full = fold(t.as_str());
            let is_first = firsts.contains(&f_full) || firsts.contains(&f);
            let is_last = lasts.contains(&f_full) || lasts.contains(&f);
            if !is_first && !is_last {
                continue;
            }
            let mut end = t.end();
            // "Vorname Nachname": take the next capitalised word too, unless
            // it is an ordinary word.
            if is_first
                && let Some(next) = tokens.get(i + 1)
                && text[t.end()..next.start()].chars().all(|c| c == ' ')
                && next.start() - t.end() <= 2
                && !words.contains(&fold(next.as_str()))
            {
                end = next.end();
            }
            push(t.start(), end, Category::Name, "[Name]".into());
        }
    }

    fn shift(&self, date: Date) -> Option<Date> {
        match self.dates {
            DatePolicy::Redact => None,
            DatePolicy::Shift { days, .. } => Some(date.add_days(days)),
        }
    }

    fn shift_numeric(
        &self,
        da: i32,
        mo: i32,
        year: Option<&str>,
        d_text: &str,
        m_text: &str,
    ) -> String {
        let DatePolicy::Shift { days, year: ref_year } = self.dates else {
            return "[Datum]".into();
        };
        let y = match year {
            Some(y) if y.len() == 4 => num(y),
            Some(y) => 2000 + num(y),
            None => ref_year,
        };
        let Some(date) = Date::ymd(y, mo as u8, da as u8) else {
            return "[Datum]".into();
        };
        let s = date.add_days(days);
        let pad =
            |n: u8, like: &str| if like.len() == 2 { format!("{n:02}") } else { n.to_string() };
        let (sd, sm) = (pad(s.day().unwrap_or(1), d_text), pad(s.month(), m_text));
        match year {
            Some(y) if y.len() == 4 => format!("{sd}.{sm}.{}", s.year()),
            Some(_) => format!("{sd}.{sm}.{:02}", s.year().rem_euclid(100)),
            None => format!("{sd}.{sm}."),
        }
    }
}

fn num(s: &str) -> i32 {
    s.parse().unwrap_or(0)
}

/// A title (and whitespace) at the end of a text.
fn title_regex() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(&format!(r"\b(?:{TITLES})\s+$")).expect("built-in pattern"))
}

/// Resolves overlaps: by priority, then the longer span.
fn resolve(mut candidates: Vec<Span>) -> Vec<Span> {
    candidates.retain(|s| s.end > s.begin);
    candidates.sort_by(|a, b| {
        a.category
            .priority()
            .cmp(&b.category.priority())
            .then((b.end - b.begin).cmp(&(a.end - a.begin)))
            .then(a.begin.cmp(&b.begin))
    });
    let mut kept: Vec<Span> = Vec::new();
    for s in candidates {
        if kept.iter().all(|k| s.end <= k.begin || s.begin >= k.end) {
            kept.push(s);
        }
    }
    kept.sort_by_key(|s| s.begin);
    kept
}

/// Capitalised words and numbers left in a scrubbed text that are not
/// ordinary words, labels or placeholders: for a human's last look.
pub fn residual_risks(text: &str, labels: &HashSet<String>) -> Vec<String> {
    static NUM: OnceLock<Regex> = OnceLock::new();
    let num = NUM.get_or_init(|| Regex::new(r"\b\d[\d./\-]*\d\b|\b\d\b").expect("pattern"));
    let words = ordinary_words();
    let mut out: Vec<String> = Vec::new();
    let placeholders = text_placeholders(text);
    for m in detectors().word.find_iter(text) {
        let w = m.as_str();
        if placeholders.iter().any(|(a, b)| m.start() >= *a && m.end() <= *b) {
            continue;
        }
        let f = fold(w);
        let ordinary = |f: &str| words.contains(f) || labels.contains(f);
        if ordinary(&f) || f.len() < 2 || f.split('-').all(|p| p.is_empty() || ordinary(p)) {
            continue;
        }
        if !out.iter().any(|o| o == w) {
            out.push(w.to_owned());
        }
    }
    for m in num.find_iter(text) {
        if placeholders.iter().any(|(a, b)| m.start() >= *a && m.end() <= *b) {
            continue;
        }
        let w = m.as_str();
        // Dates in text were shifted with the case; years alone identify no one.
        if looks_like_date(w) {
            continue;
        }
        if w.len() >= 3 && !out.iter().any(|o| o == w) {
            out.push(w.to_owned());
        }
    }
    out
}

/// `1.7`, `06.07.2022`, `2022-07-08`, `2022`: the forms dates take in text.
fn looks_like_date(w: &str) -> bool {
    let d = detectors();
    let whole = |re: &Regex| re.find(w).is_some_and(|m| m.start() == 0 && m.end() == w.len());
    let year = w.len() == 4 && (w.starts_with("19") || w.starts_with("20"));
    let day_month = w.split('.').count() == 2
        && w.split('.')
            .all(|p| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()));
    year || day_month || whole(&d.date_iso) || whole(&d.date_numeric)
}

/// Byte ranges of `[...]` placeholders.
fn text_placeholders(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(a) = text[from..].find('[') {
        let a = from + a;
        match text[a..].find(']') {
            Some(b) => {
                out.push((a, a + b + 1));
                from = a + b + 1;
            }
            None => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scrubber(known: &[(&str, &str)]) -> Scrubber {
        Scrubber::new(
            known
                .iter()
                .map(|(t, l)| KnownTerm {
                    text: (*t).into(),
                    label: (*l).into(),
                    category: Category::Person,
                })
                .collect(),
            DatePolicy::Shift { days: 14, year: 2021 },
        )
    }

    #[test]
    fn folds_case_and_diacritics() {
        assert_eq!(fold("Müller"), "mueller");
        assert_eq!(fold("MUELLER"), "mueller");
        assert_eq!(fold("Yılmaz"), "yilmaz");
        assert_eq!(fold("Öztürk"), "oeztuerk");
        assert_eq!(fold("Şahin"), "sahin");
        assert_eq!(fold("Straße"), "strasse");
    }

    #[test]
    fn known_names_in_every_form() {
        let s = scrubber(&[("Tessa", "Kind A"), ("Quandt", "Familie A"), ("Yılmaz", "Vater")]);
        let out = s.scrub("Tessas Arme; TESSA weint. Frau Quandt und Herrn Yilmaz, Familie Quandt, Quandts' Wohnung, Yılmaz's Auto.");
        assert_eq!(
            out.text,
            "Kind A Arme; Kind A weint. Familie A und Vater, Familie A, Familie A Wohnung, Vater Auto."
        );
    }

    #[test]
    fn does_not_match_inside_words() {
        let s = scrubber(&[("Ina", "Kind A")]);
        assert_eq!(
            s.scrub("Die Kinder in Berlin sagen Ina.").text,
            "Die Kinder in [Ort] sagen Kind A."
        );
    }

    #[test]
    fn patterns() {
        let s = scrubber(&[]);
        let t = s.scrub(
            "Tel. 06151 123456, mobil +49 (0)171 2345678, Fax 0 61 51/12 34-99; mail x.y@example.org; \
             www.example.org/a; IBAN DE12 3456 7890 1234 5678 90; Fichtenweg 12a, 64283 Darmstadt; \
             Am Sonnenhang 3; Az. 51.2-2021/0344, 6 F 214/21 EASO, 402 Js 1234/21.",
        );
        for leak in [
            "06151",
            "171",
            "example",
            "DE12",
            "Fichtenweg",
            "64283",
            "Darmstadt",
            "Sonnenhang",
            "0344",
            "214/21",
            "1234/21",
        ] {
            assert!(!t.text.contains(leak), "{leak} in {}", t.text);
        }
    }

    #[test]
    fn dates_shift_in_their_own_format() {
        let s = scrubber(&[]);
        let t = s.scrub(
            "am 2.3., am 02.03.2021, am 2. März 2021, im März 2021, am 2021-03-02, 1. – 3. Grades",
        );
        assert_eq!(
            t.text,
            "am 16.3., am 16.03.2021, am 16. März 2021, im März 2021, am 2021-03-16, 1. – 3. Grades"
        );
    }

    #[test]
    fn unlisted_names_after_titles_and_from_the_lists() {
        let s = scrubber(&[]);
        let t = s.scrub("Die Nachbarin Frau Quast rief an. Sabine Becker kam mit Herrn Dr. Zorn. Der Kinderarzt sah das Kind.");
        assert!(
            !t.text.contains("Quast")
                && !t.text.contains("Sabine")
                && !t.text.contains("Becker")
                && !t.text.contains("Zorn"),
            "{}",
            t.text
        );
        assert!(t.text.contains("Der Kinderarzt sah das Kind."), "{}", t.text);
    }
}
