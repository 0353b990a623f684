//! Identifiers found by their form: e-mail, URLs, IBANs, phone numbers, file
//! numbers, labelled ids, ages, postcodes with their town, streets with a
//! house number, places, institutions with their proper name.
//!
//! Every pattern runs on the ASCII shadow of the view (one byte per
//! character, letters of every script mapped to ASCII letters), so the
//! regexes use ASCII classes only, stay in the fast engines, and find word
//! boundaries next to any Unicode punctuation. Byte offsets in the shadow are
//! character offsets of the view. No pattern ends in whitespace: the space
//! after a match stays.

use std::sync::OnceLock;

use regex::bytes::{Regex, RegexBuilder};

use super::hay::Hay;
use super::lexicon::Lexicon;
use super::lists;
use super::{Cand, Category, Rule};
use crate::text::View;

struct Patterns {
    email: Regex,
    url: Regex,
    iban: Regex,
    phone: Regex,
    phone_labelled: Regex,
    file_number: Regex,
    labelled_id: Regex,
    long_number: Regex,
    age: Regex,
    postcode: Regex,
    street_suffix: Regex,
    street_words: Regex,
    street_preposition: Regex,
    street_of: Regex,
    street_context: Regex,
    street_before_postcode: Regex,
    place_intro: Regex,
    place_date: Regex,
    place_qualifier: Regex,
    town_after: Regex,
    ward: Regex,
    /// `Station IV`: run only where a Roman numeral stands.
    ward_roman: Regex,
    street_bare: Regex,
    age_words: Regex,
}

fn ascii(pattern: &str) -> Regex {
    RegexBuilder::new(pattern).unicode(false).build().expect("built-in pattern compiles")
}

/// A capitalised word in the shadow.
const CAP: &str = r"[A-Z][a-z']*[a-z]";
/// A house number: 1 to 3 digits (4 if not a year), a letter, a range.
const HOUSE: &str = r"[0-9]{1,3}(?: ?[a-zA-Z]\b)?(?: ?[-/] ?[0-9]{1,3}[a-zA-Z]?)?\b";
/// Street suffixes as the shadow spells them (`ß` → `s`, `ö` → `o`).
const STREET_SUFFIX: &str = "strasse|strase|str\\.|weg|platz|allee|gasse|ring|damm|ufer|chaussee|steig|pfad|markt|hof|berg|feld|garten|park|siedlung|stieg|kamp|twiete|hohe|winkel|blick|grund|anger|wiese|heide|graben|bogen|wall|deich|hain|brink|busch|tal|aue|hang|gang|tor|eck|koppel|redder|stiege|steg|wende";
const STREET_WORD: &str = "Strasse|Strase|Str\\.|Weg|Platz|Allee|Gasse|Ring|Damm|Ufer|Chaussee|Landstrasse|Landstrase|Winkel|Markt|Graben|Steig|Pfad|Hof|Garten|Grund|Blick|Anger|Berg|Hang|Deich|Feld|Kamp|Tor|Wall|Stieg|Bogen|Eck|Hohe|Heide|Wiese|Weide|Busch|Hain|Park|See|Tal|Aue|Koppel|Redder|Steg|Wende|Brink|Gang";
const PREPOSITIONS: &str = "Am|Im|An der|An den|An dem|Auf der|Auf dem|Auf den|Zum|Zur|In der|In den|Hinter der|Hinter dem|Hinter den|Unter den|Unter der|Vor dem|Vor der|Vor den|Bei der|Zu den|Über der|Uber der|Uber dem|Alte|Alter|Altes|Neue|Neuer|Neues|Grosse|Grose|Kleine|Lange|Hohe";
/// A town: `Musterstadt`, `Alt-Neudorf`, `St. Johann am Bergle`, `Bad Arolsen`.
const PLACE: &str = r"(?:(?:St\.|Sankt|Bad|Klein|Gross|Gros|Alt|Neu) )?[A-Z][A-Za-z]+(?:-[A-Z][A-Za-z]+)*(?: (?:am|im|an der|ob der|in der) [A-Z][a-z]+)?";

fn patterns() -> &'static Patterns {
    static P: OnceLock<Patterns> = OnceLock::new();
    P.get_or_init(|| Patterns {
        email: ascii(r"[A-Za-z0-9_.+\-]+@[A-Za-z0-9_\-]+(?:\.[A-Za-z0-9_\-]+)+"),
        url: ascii(r#"(?i)\b(?:https?://|www\.)[^\s<>"]*[^\s<>".,;:!?)]"#),
        iban: ascii(r"\b[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,4})?\b"),
        phone: ascii(concat!(
            r"(?:(?:\+|00)[0-9]{1,3}[ /.\-]?(?:\(0\)[ /.\-]?)?[0-9][0-9 /.\-]{4,}[0-9]",
            r"|(?:\+|00)[0-9]{1,3} ?\([0-9]{1,5}\) ?[0-9][0-9 /.\-]{2,}[0-9]",
            r"|\(0[0-9]{2,5}\)[ /\-]?[0-9][0-9 /\-]{2,}[0-9]",
            r"|\b0[0-9]{2,5}(?: ?[/\-] ?| )[0-9][0-9 \-]{2,}[0-9]",
            r"|\b0[0-9]{6,12}\b)"
        )),
        phone_labelled: ascii(
            r"(?i:\b(?:Tel|Telefon|Fax|Telefax|Handy|Mobil|Fon|Ruf|unter)\.?[ ]*:?[ ]*)(\+?[0-9(][0-9 ()/.\-]{4,}[0-9])",
        ),
        file_number: ascii(concat!(
            r"(?:\b[0-9]{1,3} ?(?:F|UF|WF|XVII|AR|C|O|S|Ds|Cs|Ls|Js|UJs|VRJs|Gs|Qs|Ns) ?[0-9]{1,6}/[0-9]{2,4}(?: ?(?:SO|GS|EA|EASO|EAUF|AD|VA|WH|UG|UB))?\b",
            r"|(?i:\b(?:Az\.?|Aktenzeichen|Gz\.?|Geschaftszeichen|Vorgangsnummer|Vorgangs-Nr\.?|Tagebuch-Nr\.?|Fallnummer|Fall-Nr\.?|Kassenzeichen|Versichertennummer|Steuer-ID|Steuernummer)[ ]*:?[ ]*)[A-Za-z0-9./\-]*[0-9][A-Za-z0-9./\-]*[A-Za-z0-9]",
            r"|\b[0-9]{2,3}(?:\.[0-9]{1,3})?-[0-9]{4}/[0-9]{1,6}\b",
            r"|\b[0-9]{2,4}/[0-9]{2,4}/[0-9]{2,6}\b",
            r"|\b[A-Z][0-9]{9}\b",
            r"|\b[A-Z]{1,3}-[A-Z]{1,2} ?[0-9]{1,4}[EH]?\b)"
        )),
        labelled_id: ascii(
            r"\b(?:[A-Z][A-Za-z0-9]{0,10}-?Nr\.?|Nr\.|SV|PIZ|FN|VN|ID|Station|Zimmer|Zi\.?|Bett)[ ]*:?[ ]*[A-Z]{0,3}-?[0-9][A-Za-z0-9/\-]*[A-Za-z0-9]|\b(?:[A-Z][A-Za-z0-9]{0,10}-?Nr\.?|Nr\.|SV|PIZ|FN|VN|ID|Station|Zimmer|Zi\.?|Bett)[ ]*:?[ ]*[A-Z]{0,3}-?[0-9]",
        ),
        long_number: ascii(r"\b(?:[A-Z]{1,2}-)?[0-9]{7,}\b|\b[A-Z]{0,2}[0-9]{4,}/[0-9]{2,4}\b"),
        age: ascii(
            r"(?i)\b[0-9]{1,3} ?-? ?(?:j\.|jahr\.|jahrig[a-z]*|Jahre alt|jahriger)|\b[0-9]{1,3}\. ?(?:Lj|LJ|Lebensjahr)\b",
        ),
        postcode: ascii(&format!(
            r"\b(?:[A-Z]{{1,2}}-[0-9]{{4,5}}(?:[ \-]+{PLACE})?|[0-9]{{5}}[ \-]+{PLACE}|[0-9]{{4}} {PLACE})"
        )),
        street_suffix: ascii(&format!(
            r"\b[A-Z][a-z]*(?:-[A-Z]?[a-z]+)*(?:{STREET_SUFFIX})\.? ?{HOUSE}"
        )),
        street_words: ascii(&format!(r"\b(?:{CAP}[ \-]){{1,3}}(?:{STREET_WORD}) {HOUSE}")),
        street_preposition: ascii(&format!(
            r"\b(?:{PREPOSITIONS}) (?:{CAP} ){{0,2}}{CAP}\.? {HOUSE}"
        )),
        street_of: ascii(&format!(
            r"\b(?:Strasse|Strase|Platz|Allee|Weg|Ring|Damm|Ufer) (?:der|des|am|zum|zur|vom|an der|im) (?:[A-Z0-9][A-Za-z0-9.]* ){{0,2}}{CAP} {HOUSE}"
        )),
        street_context: ascii(&format!(
            r"(?i:\b(?:wohnhaft|wohnt|wohnte|wohnen|Adresse|Anschrift|wh\.|Meldeadresse|lebt|leben)[ :]+(?:in )?(?:der |die |dem |im |am )?)((?-i:{CAP}[ \-]){{0,2}}(?-i:{CAP}) {HOUSE})"
        )),
        street_before_postcode: ascii(&format!(
            r"\b((?:{CAP}[ \-]){{0,2}}{CAP} {HOUSE}), ?[0-9]{{5}}\b|\b[0-9]{{5}} {PLACE}, ((?:{CAP}[ \-]){{0,2}}{CAP} {HOUSE})"
        )),
        place_intro: ascii(&format!(
            r"\b(?:wohnhaft(?: in)?|wh\.:?|wohnt in|wohnte in|geboren in|stammt aus|Umzug nach|zog nach|zogen nach|verzogen nach|Raum|Grossraum|Grosraum|Stadtteil|Ortsteil|Landkreis|Kreis) ({PLACE})"
        )),
        place_date: ascii(&format!(r"\b({PLACE}), (?:den |am )?[0-9]{{1,2}}\.")),
        town_after: ascii(r"^, ([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b"),
        ward: ascii(
            r"\b(?:Station|Ambulanz|Intensivstation|Normalstation|Onkologie|auf|Zimmer|Zi\.?|Bereich|Abteilung|Etage|Gruppe|Wohngruppe|Klasse|OP|Intensiv) ([A-Z]{1,5}-?[0-9]{1,3}[a-z]?)\b|\b(?:Station|Ambulanz|Zimmer|Zi\.?|Bett|OP) ([0-9]{1,3}[a-z]?)\b",
        ),
        ward_roman: ascii(
            r"\b(?:Station|Ambulanz|Intensivstation|Normalstation|Onkologie|auf|Zimmer|Zi\.?|Bereich|Abteilung|Etage|Gruppe|Wohngruppe|Klasse|OP|Intensiv) (I{1,3}|IV|VI{0,3})\b",
        ),
        street_bare: ascii(&format!(
            r"\b[A-Z][a-z]*(?:-[A-Z]?[a-z]+)*(?:{STREET_SUFFIX}), [0-9]{{5}}\b|\b(?:{PREPOSITIONS}) (?:{CAP} ){{0,2}}{CAP} [0-9]{{5}}\b"
        )),
        age_words: ascii(
            r"(?i)\b(?:ein|zwei|drei|vier|funf|fuenf|sechs|sieben|acht|neun|zehn|elf|zwolf|zwoelf|dreizehn|vierzehn|funfzehn|fuenfzehn|sechzehn|siebzehn|achtzehn|neunzehn|zwanzig|dreisig|dreissig|vierzig|funfzig|fuenfzig|funfig|sechzig|siebzig|achtzig|neunzig)[a-z]*(?:jahrig|jaehrig)[a-z]*|\bim Alter von [0-9]{1,3}(?: Jahren)?\b",
        ),
        place_qualifier: ascii(
            r"^ ?(?:\([A-Z][a-z]+\)|\([A-Z]{1,3}\)|a\. ?[A-Z]\.|i\. ?[A-Z][a-z]{0,3}\.|(?:am|an der|in der|ob der|im) [A-Z][a-z]+)",
        ),
    })
}

/// The patterns that need a digit: they run on the text near numbers
/// (see [`Hay::near_numbers`]).
pub(super) fn digit_regexes() -> Vec<&'static Regex> {
    let p = patterns();
    vec![
        &p.iban,
        &p.phone,
        &p.file_number,
        &p.labelled_id,
        &p.long_number,
        &p.age,
        &p.street_bare,
        &p.phone_labelled,
        &p.postcode,
        &p.street_suffix,
        &p.street_words,
        &p.street_preposition,
        &p.street_of,
        &p.street_context,
        &p.street_before_postcode,
        &p.place_date,
        &p.ward,
    ]
}

/// Patterns that need a digit but search the text near numbers on their
/// own, outside the set of all of them: `labelled_id` begins with any
/// capitalised word of up to eleven letters, which multiplies the states of
/// the set's automaton (with it, the set costs three times as much; alone
/// it is one of the cheapest).
pub(super) fn digit_regexes_alone() -> Vec<&'static Regex> {
    vec![&patterns().labelled_id]
}

/// Whether the words of a shadow range are all ordinary words.
fn ordinary<'v>(view: &'v View, l: &Lexicon<'v>, start: usize, end: usize) -> bool {
    let a = view.token_at(start);
    view.tokens[a..].iter().take_while(|t| t.end() <= end).all(|t| {
        !t.shape.alpha() || l.is_listed_word(view.folded(t)) && !l.is_place(view.folded(t))
    })
}

/// Finds every pattern in the view.
pub(super) fn find<'v>(
    view: &'v View,
    l: &Lexicon<'v>,
    all: &Hay<'_>,
    near: &Hay<'_>,
    out: &mut Vec<Cand>,
) {
    let p = patterns();
    let s = view.shadow.as_bytes();
    let mut push = |a: usize, b: usize, c: Category, rule: Rule| {
        out.push(Cand::new(a, b, c, c.placeholder(), rule));
    };
    for (re, cat, hay) in [
        (&p.email, Category::Email, all),
        (&p.url, Category::Url, all),
        (&p.iban, Category::Iban, near),
        (&p.phone, Category::Phone, near),
        (&p.file_number, Category::FileNumber, near),
        (&p.labelled_id, Category::FileNumber, near),
        (&p.long_number, Category::FileNumber, near),
        (&p.age, Category::Age, near),
    ] {
        for (a, b) in hay.find(re) {
            push(a, b, cat, Rule::Pattern);
        }
    }
    // `dreijährig`, `im Alter von 4`: only where such words stand (the
    // folded words hold `jährig` as `jaehrig`).
    let words = view.folded_words().as_bytes();
    if ["jahrig", "jaehrig"].iter().any(|w| memchr::memmem::find(words, w.as_bytes()).is_some())
        || view.word_id("alter").is_some() && view.word_id("von").is_some()
    {
        for (a, b) in all.find(&p.age_words) {
            push(a, b, Category::Age, Rule::Pattern);
        }
    }
    // A street without a number before a postcode: `Pettenkoferstraße, 10247`.
    for (a, b) in near.find(&p.street_bare) {
        let end = view.shadow[..b - 5].trim_end_matches([' ', ',']).len();
        push(a, end, Category::Address, Rule::Context);
    }
    for c in near.groups(&p.phone_labelled) {
        let (a, b) = c[1].expect("number");
        push(a, b, Category::Phone, Rule::Pattern);
    }
    for (m_start, m_end) in near.find(&p.postcode) {
        let prefix = s[m_start..].iter().take_while(|b| !b.is_ascii_digit()).count();
        let at = m_start + prefix;
        let digits = s[at..].iter().take_while(|b| b.is_ascii_digit()).count();
        // `§ 1666 BGB`, `Abs. 12345`: law, not a postcode.
        let before = &view.shadow[m_start.saturating_sub(6)..m_start];
        if before.contains('$') || before.ends_with("Abs. ") || before.ends_with("Nr. ") {
            continue;
        }
        let words: Vec<&crate::text::Token> = view.tokens[view.token_at(at + digits)..]
            .iter()
            .take_while(|t| t.end() <= m_end)
            .collect();
        let place = words.first().map_or("", |t| view.folded(t));
        let law = matches!(
            place,
            "bgb" | "sgb" | "stgb" | "famfg" | "kkg" | "zpo" | "gg" | "stpo" | "bkischg" | "viii"
        );
        if law || (digits == 4 && prefix == 0 && !l.is_place(place)) {
            continue;
        }
        if words.is_empty() && prefix == 0 {
            continue;
        }
        // The town is the first word (towns may be ordinary words: `Hof`);
        // a second word only when it is no ordinary word or a qualifier.
        let mut end = m_end;
        if words.len() >= 2 {
            let second = view.folded(words[1]);
            let prefix = matches!(
                view.folded(words[0]),
                "bad" | "st" | "sankt" | "klein" | "gross" | "alt" | "neu"
            );
            let qualified =
                prefix || words.len() >= 3 || matches!(second, "am" | "im" | "an" | "ob" | "in");
            if !qualified && l.is_listed_word(second) && !l.is_place(second) {
                end = words[0].end();
            }
        }
        end = qualifier(view, end);
        push(m_start, end, Category::Postcode, Rule::Pattern);
    }
    let streets_with_suffix = streets(view, near, &mut push);
    for (re, anywhere, hay) in [(&p.place_intro, false, all), (&p.place_date, true, near)] {
        for c in hay.groups(re) {
            let (g_start, g_end) = c[1].expect("place");
            // `Neustadt, am 12.3.` at the start of a line or after a heading
            // in capitals is a town even if it is a word.
            let line_start = g_start == 0 || {
                let before = &view.shadow[..g_start];
                let line = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
                line.trim().is_empty() || line.trim().chars().all(|c| !c.is_ascii_lowercase())
            };
            if !ordinary(view, l, g_start, g_end) || (anywhere && line_start) {
                let end = qualifier(view, g_end);
                push(g_start, end, Category::Place, Rule::Pattern);
            }
        }
    }
    // A town after an address: `Florgasse 2, Wilhelmsburg`.
    for (_, m_end) in streets_with_suffix {
        if let Some(c) = p.town_after.captures(&s[m_end..]) {
            let g = c.get(1).expect("town");
            push(m_end + g.start(), m_end + g.end(), Category::Place, Rule::Context);
        }
    }
    let roman =
        view.tokens.iter().any(|t| {
            t.shape.upper() && s[t.start()..t.end()].iter().all(|b| matches!(b, b'I' | b'V'))
        }) || view
            .tokens
            .iter()
            .any(|t| t.end() - t.start() == 1 && matches!(s[t.start()], b'I' | b'V'));
    let mut wards = near.groups(&p.ward);
    if roman {
        wards.extend(all.groups(&p.ward_roman));
    }
    for c in wards {
        let Some((a, b)) = c[1].or(c.get(2).copied().flatten()) else { continue };
        push(a, b, Category::FileNumber, Rule::Context);
    }
    for (k, t) in view.tokens.iter().enumerate() {
        let f = view.folded(t);
        if !(t.shape.cap() || t.shape.upper()) || !t.shape.alpha() || !l.is_place_at(k) {
            continue;
        }
        // A town that is also a word (`Essen`, `Hof`) only after `in`, `aus`,
        // `nach` (`nach Essen`, not `nach dem Essen`).
        let context = k > 0
            && matches!(
                view.folded(&view.tokens[k - 1]),
                "in" | "aus" | "nach" | "bei" | "raum" | "ab" | "richtung"
            )
            && view.tokens[k - 1].end() + 1 == t.start();
        if l.is_listed_word_at(k) && !context {
            continue;
        }
        // Short names of small places are too often abbreviations (`Stad.`).
        if f.chars().count() <= 4 && !l.is_town_at(k) && !context {
            continue;
        }
        if view.shadow.as_bytes().get(t.end()) == Some(&b'.') && !l.is_town_at(k) {
            continue;
        }
        let mut start = t.start();
        if k > 0 {
            let p = &view.tokens[k - 1];
            let pf = view.folded(p);
            if matches!(pf, "bad" | "st" | "sankt" | "klein" | "gross" | "alt" | "neu")
                && p.shape.cap()
                && t.start() - p.end() <= 2
            {
                start = p.start();
            }
        }
        let end = qualifier(view, t.end());
        push(start, end, Category::Place, if context { Rule::Context } else { Rule::List });
    }
    institutions(view, l, &mut push);
}

/// A town's qualifier after `end`: `(Oder)`, `am Main`, `a. M.`, `i. Br.`.
pub(super) fn qualifier(view: &View, end: usize) -> usize {
    match patterns().place_qualifier.find(&view.shadow.as_bytes()[end..]) {
        Some(m) => end + m.end(),
        None => end,
    }
}

/// Streets with a house number; returns the matches of the street-suffix
/// pattern (a town may follow them).
fn streets(
    view: &View,
    near: &Hay<'_>,
    push: &mut impl FnMut(usize, usize, Category, Rule),
) -> Vec<(usize, usize)> {
    let p = patterns();
    // Not a house number: a year (`Im Sommer 2020` has 4 digits anyway), a
    // counter (`In der Woche 4`, `Im Raum 3`).
    let counts = |start: usize, end: usize| {
        let a = view.token_at(start);
        view.tokens[a..].iter().take_while(|t| t.end() <= end).any(|t| {
            let f = view.folded(t);
            lists::is_time_or_counter(f)
        })
    };
    let suffixed = near.find(&p.street_suffix);
    for &(a, b) in &suffixed {
        if !counts(a, b) {
            push(a, b, Category::Address, Rule::Pattern);
        }
    }
    for re in [&p.street_words, &p.street_preposition, &p.street_of] {
        for (a, b) in near.find(re) {
            if !counts(a, b) {
                push(a, b, Category::Address, Rule::Pattern);
            }
        }
    }
    for re in [&p.street_context, &p.street_before_postcode] {
        for c in near.groups(re) {
            // Context says it is an address even if the words are ordinary
            // (`wohnhaft Grüner Winkel 3`).
            for (a, b) in c.iter().skip(1).flatten().copied() {
                if !counts(a, b) {
                    push(a, b, Category::Address, Rule::Context);
                }
            }
        }
    }
    suffixed
}

/// Kinds of institutions whose proper name follows them (`Kita
/// Sonnenschein`, `Grundschule am Waldrand`), folded.
const INSTITUTION_WORDS: &[&str] = &[
    "universitaetsklinikum",
    "universitaetsklinik",
    "uniklinik",
    "klinikum",
    "klinik",
    "krankenhaus",
    "kreiskrankenhaus",
    "landeskrankenhaus",
    "spital",
    "kinderklinik",
    "kita",
    "kindertagesstaette",
    "kindergarten",
    "krippe",
    "hort",
    "grundschule",
    "schule",
    "gesamtschule",
    "realschule",
    "hauptschule",
    "mittelschule",
    "oberschule",
    "foerderschule",
    "gymnasium",
    "berufsschule",
    "praxis",
    "kinderarztpraxis",
    "arztpraxis",
    "beratungsstelle",
    "familienzentrum",
    "frauenhaus",
    "wohngruppe",
    "kinderheim",
    "heim",
    "jugendhilfeeinrichtung",
    "einrichtung",
    "tagesgruppe",
    "kindertagespflege",
    "tagespflege",
    "jugendzentrum",
    "jugendtreff",
    "verein",
    "stiftung",
    "gemeinschaftsschule",
    "stadtteilschule",
    "sekundarschule",
    "kinderhaus",
    "familienhaus",
    "mutter-kind-einrichtung",
];
/// Kinds after which any capitalised word is the proper name
/// (`Klinikum Neustadt`); after the others an ordinary word is not.
const STRONG_INSTITUTIONS: &[&str] = &[
    "universitaetsklinikum",
    "universitaetsklinik",
    "uniklinik",
    "klinikum",
    "krankenhaus",
    "kreiskrankenhaus",
    "landeskrankenhaus",
    "spital",
    "kinderklinik",
    "kh",
    "landesnervenklinik",
];
const INSTITUTION_ENDINGS: &[&str] =
    &["krankenhaus", "klinik", "klinikum", "spital", "schule", "kindergarten", "kita", "praxis"];
const INSTITUTION_LINKS: &[&str] =
    &["am", "an", "im", "in", "der", "des", "zum", "zur", "st", "sankt", "bei", "auf"];

/// [`INSTITUTION_WORDS`] and [`STRONG_INSTITUTIONS`], for one look-up per word.
fn institution_words() -> &'static rustc_hash::FxHashSet<&'static str> {
    static S: OnceLock<rustc_hash::FxHashSet<&'static str>> = OnceLock::new();
    S.get_or_init(|| INSTITUTION_WORDS.iter().chain(STRONG_INSTITUTIONS).copied().collect())
}

fn institutions<'v>(
    view: &'v View,
    l: &Lexicon<'v>,
    push: &mut impl FnMut(usize, usize, Category, Rule),
) {
    let toks = &view.tokens;
    let mut i = 0;
    while i < toks.len() {
        let f = view.folded(&toks[i]);
        let kind = (toks[i].shape.cap() || toks[i].shape.upper())
            && f.len() >= 2
            && (INSTITUTION_ENDINGS.iter().any(|e| f.len() > e.len() + 2 && f.ends_with(e))
                || institution_words().contains(f));
        let strong = STRONG_INSTITUTIONS.contains(&f)
            || ["klinikum", "krankenhaus", "spital", "klinik"].iter().any(|e| f.ends_with(e));
        if !kind {
            i += 1;
            continue;
        }
        // The proper name: capitalised words, with links (`am`, `der`, `St.`).
        let mut k = i + 1;
        let mut last = None;
        while k < toks.len() && super::known::joinable(view, toks[k - 1].end(), toks[k].start()) {
            let t = &toks[k];
            let g = view.folded(t);
            if INSTITUTION_LINKS.contains(&g) && k + 1 < toks.len() {
                k += 1;
                continue;
            }
            let after_link = k > i + 1 && INSTITUTION_LINKS.contains(&view.folded(&toks[k - 1]));
            let name = t.shape.alpha()
                && (t.shape.cap() || t.shape.upper())
                && l.cue_at(k).is_none()
                && !lists::is_time_or_counter(g)
                && (after_link
                    || strong
                    || !l.is_listed_word_at(k)
                    || l.is_name_at(k)
                    || l.is_place_at(k));
            if !name {
                break;
            }
            last = Some(k);
            k += 1;
            if !strong && !after_link && l.is_listed_word_at(k) {
                break;
            }
        }
        match last {
            Some(z) => {
                push(toks[i].start(), toks[z].end(), Category::Institution, Rule::Pattern);
                i = z + 1;
            }
            None => i += 1,
        }
    }
}
