//! Unit sentences for the scrubber: every fault reported against it, one
//! sentence each. All names are made up.

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
        DatePolicy::Shift(Shift { days: 14, months: 1, year: 2021, birth: BirthText::Full }),
    )
}

fn plain(text: &str) -> String {
    scrubber(&[]).scrub(text).text
}

fn strict(text: &str) -> String {
    let mut s = scrubber(&[]);
    s.strict = true;
    s.scrub(text).text
}

/// Asserts that none of `names` survives (folded, as words).
#[track_caller]
fn gone(out: &str, names: &[&str]) {
    let words: Vec<String> = crate::text::View::new(out)
        .tokens
        .iter()
        .map(|t| out.chars().skip(t.start()).take(t.end() - t.start()).collect::<String>())
        .map(|w| fold(&w))
        .collect();
    for n in names {
        assert!(!words.contains(&fold(n)), "{n} survives in {out:?}");
    }
}

#[test]
fn known_names_next_to_any_punctuation_and_invisible_character() {
    let s = scrubber(&[("Wael", "Kind A"), ("Mehret", "Kind B"), ("Quellenbrink", "Familie")]);
    for text in [
        "„Wael“ und »Mehret« spielten.",
        "Quellenbrink… kam zu spät.",
        "Termin mit\u{A0}Wael\u{A0}vereinbart.",
        "Wa\u{200B}el und Me\u{AD}hret.",
        "Quel\u{AD}len\u{200B}brink kam.",
        "‚Wael‘, (Mehret), [Quellenbrink], Wael’s Jacke, Mehrets Schuhe.",
        "WAEL, mehret, QUELLENBRINK.",
    ] {
        gone(&s.scrub(text).text, &["Wael", "Mehret", "Quellenbrink", "Waels", "Mehrets"]);
    }
    // A decomposed umlaut is the same name.
    let s = scrubber(&[("Jürgen Möller", "Vater"), ("Jürgen", "Vater"), ("Möller", "Vater")]);
    assert_eq!(s.scrub("Herr Mo\u{308}ller und Ju\u{308}rgen.").text, "Vater und Vater.");
}

#[test]
fn unlisted_names_after_compound_roles_and_linked_roles() {
    for (text, name) in [
        ("Die Freundin der Mutter Zarah Kowalczyk war da.", "Kowalczyk"),
        ("Der neue Partner der Mutter Dragan Petrović kam.", "Petrović"),
        ("Frau von Bredow kam.", "Bredow"),
        ("Die Klassenlehrerin Frau Henschel berichtete.", "Henschel"),
        ("Bereitschaftspflegemutter Tamara Lindqvist.", "Lindqvist"),
        ("Der Vermieter Koch drohte mit Kündigung.", "Koch"),
        ("Die Babysitterin Jolanta kam.", "Jolanta"),
        ("Trainer Mehmet Yıldız sagte ab.", "Yıldız"),
        ("Rechtsanwältin Dr. Annegret Hufnagel schrieb.", "Hufnagel"),
        ("Kowalczyk (Vermieter) rief an.", "Kowalczyk"),
        ("Ex-Partner Quentin Brahmfeld erschien.", "Brahmfeld"),
        ("KV OSMANOVIĆ erschien nicht.", "OSMANOVIĆ"),
        ("Prof. Dr. Ch. Janssen unterschrieb.", "Janssen"),
    ] {
        gone(&plain(text), &[name]);
    }
}

#[test]
fn names_standing_alone_in_lower_case_and_capitals() {
    gone(&plain("Amir und Lena spielten im Hof."), &["Amir", "Lena"]);
    gone(&plain("km mit zarah kowalczyk angetroffen."), &["zarah", "kowalczyk"]);
    gone(&plain("Gestern war Mykola Schewtschenko da."), &["Mykola", "Schewtschenko"]);
    gone(&plain("Rojda und Mehret kamen mit Yonas Tesfamariam."), &["Rojda", "Mehret"]);
    // Strict (exports): a capitalised word no lexicon knows is replaced.
    gone(&strict("Gestern war Quellenbrink da."), &["Quellenbrink"]);
    gone(&strict("„Drabbeck“ rief jemand."), &["Drabbeck"]);
}

#[test]
fn hyphenated_names_go_whole() {
    let s = scrubber(&[("Nowak", "Fachkraft Jugendamt 2")]);
    let out = s.scrub("Frau Meyer-Nowak kam.").text;
    assert!(!out.contains("Meyer") && !out.contains("Nowak"), "{out}");
    assert!(!out.contains("2-"), "no label in the middle of a name: {out}");
    gone(&plain("Frau Osmanović-Brinkhaus übernahm."), &["Osmanović", "Brinkhaus"]);
}

#[test]
fn a_name_found_once_is_replaced_everywhere() {
    let mut s = scrubber(&[]);
    let texts = [
        "Die Nachbarin Frau Quernheim rief an.",
        "Quernheim kam später.",
        "quernheims Hund bellte.",
    ];
    let out = s.scrub_all(&texts);
    for o in &out {
        gone(&o.text, &["Quernheim", "Quernheims"]);
    }
    assert!(s.learned().any(|w| w == "quernheim"));
}

#[test]
fn streets_of_known_addresses_and_without_suffix() {
    let s = Scrubber::new(
        vec![KnownTerm {
            text: "Lindenweg".into(),
            label: "[Adresse]".into(),
            category: Category::Address,
        }],
        DatePolicy::Redact,
    );
    assert_eq!(
        s.scrub("Früher Lindenweg 12, jetzt Lindenweg 4a.").text,
        "Früher [Adresse], jetzt [Adresse]."
    );
    for text in [
        "Wohnhaft Im Tiefen See 67.",
        "Adresse: Straße der Einheit 4.",
        "Adresse: Lerchenhöhe 43, 12345 Musterstadt.",
        "wohnhaft Grüner Winkel 3",
    ] {
        let out = plain(text);
        assert!(out.contains("[Adresse]"), "{text} → {out}");
        assert!(!out.contains(char::is_numeric) || out.contains("[PLZ"), "{text} → {out}");
    }
}

#[test]
fn ordinary_text_stays_as_it_is() {
    for text in [
        "§ 1666 BGB wurde geprüft.",
        "Im Sommer die Familie, In der Woche der Streit, Im Jahr danach Ruhe.",
        "Im Winter war es kalt.",
        "Der Koch der Kita kochte.",
        "Sie wartete lange.",
        "Ein Engel aus Papier.",
        "Die Mutter weiß das.",
        "Zweimal pro Woche Besuch.",
        "In der Woche 4 kam es zum Streit.",
    ] {
        assert_eq!(plain(text), text);
    }
    // A known name that is an ordinary word never swallows its neighbours.
    let s = scrubber(&[("Weiß", "Mutter"), ("Pro", "Beratungsstelle 1")]);
    assert_eq!(s.scrub("Die Mutter weiß das, pro Woche.").text, "Die Mutter weiß das, pro Woche.");
    // Placeholders and dates keep the space after them.
    let out = scrubber(&[]).scrub("Am 26.8. kein Kontakt, Musterweg 3 sei leer.").text;
    assert_eq!(out, "Am 09.9. kein Kontakt, [Adresse] sei leer.");
}

#[test]
fn dates_shift_in_their_own_format() {
    let s = scrubber(&[]);
    let t = s.scrub("am 2.3., am 02.03.2021, am 2. März 2021, am 2021-03-02, 1. – 3. Grades");
    assert_eq!(t.text, "am 16.3., am 16.03.2021, am 16. März 2021, am 2021-03-16, 1. – 3. Grades");
}

#[test]
fn patterns() {
    let t = plain(
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
        assert!(!t.contains(leak), "{leak} in {t}");
    }
}

#[test]
fn spans_name_the_rule_and_map_to_the_original() {
    let text = "Frau Quel\u{AD}lenbrink rief an.";
    let s = scrubber(&[]).scrub(text);
    let span = &s.spans[0];
    assert_eq!(span.rule, Rule::Title);
    let original: String = text.chars().skip(span.begin).take(span.end - span.begin).collect();
    assert_eq!(original, "Quel\u{AD}lenbrink");
}

#[test]
fn names_named_by_a_role_in_any_wording() {
    // `heißt` after a role names a person even if the word is a place or a word.
    let out = strict("Der Partner heißt wohl Steinhausen… genaueres unklar.");
    gone(&out, &["Steinhausen"]);
    assert!(out.starts_with("Der Partner heißt wohl [Name]"), "{out}");
    // A surname in capitals after a role noun, also when it is a word.
    gone(&strict("KV WESTERWALD erschien nicht."), &["Westerwald"]);
    // A particle at the start of a sentence and a role in brackets after it.
    for text in
        ["vom Steinberger (Vermieterin) meldete sich.", "von Kreuzberger (Vermieterin) rief an."]
    {
        let out = strict(text);
        gone(&out, &["Steinberger", "Kreuzberger"]);
        assert!(out.starts_with("[Name] (Vermieterin)"), "{out}");
    }
    // In quotes of any kind the same.
    for text in [
        "Der Partner heißt wohl „Steinhausen“.",
        "Der Partner heißt »Steinhausen«.",
        "Der Partner heißt wohl\u{A0}Stein\u{AD}hausen.",
        "Der Partner heißt STEINHAUSEN.",
    ] {
        gone(&strict(text), &["Steinhausen"]);
    }
    gone(&strict("KV »WESTERWALD« erschien nicht."), &["Westerwald"]);
    // `heißt` meaning "means" names no one.
    assert_eq!(strict("Das heißt Ärger für alle."), "Das heißt Ärger für alle.");
    // An institution with a role in brackets stays.
    assert_eq!(strict("Das Jugendamt (Fachkraft) rief an."), "Das Jugendamt (Fachkraft) rief an.");
}

#[test]
fn hyphenated_names_go_whole_in_exports() {
    // The second part is a word of the statutes' lexicon (a place name);
    // in strict mode the name is never cut in half.
    for text in ["Frau Öztaş-Eschenrieder übernahm die Betreuung.", "Frau Haddim-Bruchhausen kam."]
    {
        let out = strict(text);
        gone(&out, &["Öztaş", "Eschenrieder", "Haddim", "Bruchhausen"]);
        assert!(out.starts_with("Frau [Name] "), "{out}");
    }
    // Ordinary hyphenated compounds stay.
    assert_eq!(strict("Die Kita-Leitung rief an."), "Die Kita-Leitung rief an.");
}
