//! The one fold rule of the crate.
//!
//! Every comparison of text the user wrote goes through [`fold`] (names,
//! identifiers, word lists) or its narrower form [`fold_vocabulary`]
//! (vocabulary terms, where the case format allows only case and `ä`/`ae`,
//! `ö`/`oe`, `ü`/`ue`, `ß`/`ss`). Both start from the same steps:
//!
//! 1. format characters are dropped (soft hyphen, zero-width space and
//!    joiners, word joiner, byte-order mark, bidi marks);
//! 2. full case folding: lower case, `ß`/`ẞ` → `ss`, Turkish `ı`/`İ` → `i`,
//!    long `ſ` → `s`, final `ς` → `σ`;
//! 3. German umlauts → `ae`, `oe`, `ue`.
//!
//! [`fold`] then removes every other diacritic (`é` → `e`, `ć` → `c`, `ş` →
//! `s`) and maps the letters that carry no combining mark (`ł` → `l`, `ø` →
//! `o`, `æ` → `ae`, `đ` → `d`, `þ` → `th`), and treats typographic
//! apostrophes as `'`. The input may be in any normalisation form: combining
//! marks are handled the same way as precomposed letters.
//!
//! [`pseudonym_key`] is the form keyed pseudonyms are computed on: NFC, the
//! format characters dropped, full case folding (step 2) and whitespace
//! collapsed, so `Weiß` and `WEISS` get the same code. Its rule carries a
//! version ([`PSEUDONYM_RULE`]) that exports record, so codes of different
//! rules are never mixed silently.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The version of the pseudonym key rule, written into export markers and
/// manifests. `1` was NFC + lower case (before full case folding).
pub const PSEUDONYM_RULE: &str = "casefold-2";

/// Whether a character is an invisible format character that text pasted
/// from word processors carries inside words.
pub fn is_format(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FE00}'..='\u{FE0F}'
    )
}

/// Full case folding of one character, with the German umlauts expanded
/// when `umlauts` is set. Pushes onto `out`.
fn case_fold_char(c: char, umlauts: bool, out: &mut String) {
    match c {
        'ä' | 'Ä' if umlauts => out.push_str("ae"),
        'ö' | 'Ö' if umlauts => out.push_str("oe"),
        'ü' | 'Ü' if umlauts => out.push_str("ue"),
        'ß' | 'ẞ' => out.push_str("ss"),
        'ı' | 'İ' => out.push('i'),
        'ſ' => out.push('s'),
        'ς' => out.push('σ'),
        c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
        c => out.extend(c.to_lowercase()),
    }
}

/// Folds for matching names and identifiers (see the module documentation).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// The lower-case base letter of a Latin letter with diacritics (`É` →
/// `e`), for the Latin-1 Supplement and Latin Extended-A blocks; `None` for
/// other characters. Built once from the Unicode decompositions.
fn latin_base(c: char) -> Option<char> {
    use std::sync::OnceLock;
    static TABLE: OnceLock<Vec<char>> = OnceLock::new();
    let t = TABLE.get_or_init(|| {
        (0xC0u32..0x180)
            .map(|u| {
                let c = char::from_u32(u).unwrap_or('\0');
                let mut base = None;
                unicode_normalization::char::decompose_canonical(c, |d| {
                    if base.is_none() && !is_combining_mark(d) {
                        base = Some(d);
                    }
                });
                base.filter(|b| b.is_ascii_alphabetic()).map_or('\0', |b| b.to_ascii_lowercase())
            })
            .collect()
    });
    let u = c as u32;
    (0xC0..0x180).contains(&u).then(|| t[(u - 0xC0) as usize]).filter(|&b| b != '\0')
}

/// The ASCII base letter (lower case) of a Latin letter with diacritics.
pub(crate) fn latin_base_of(c: char) -> Option<char> {
    latin_base(c)
}

/// [`fold`], appending to `out` (no allocation when `out` has room).
pub fn fold_into(text: &str, out: &mut String) {
    if text.is_ascii() {
        out.extend(text.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        return;
    }
    // Combining marks after `a`, `o`, `u` are umlauts only when they are a
    // diaeresis; compose first so that `u` + U+0308 is `ü`.
    let plain = unicode_normalization::is_nfc_quick(text.chars())
        == unicode_normalization::IsNormalized::Yes
        && !text.chars().any(is_format);
    if plain {
        fold_chars(text.chars(), out);
    } else {
        let composed: String = text.chars().filter(|&c| !is_format(c)).nfc().collect();
        fold_chars(composed.chars(), out);
    }
}

/// [`fold_into`] for a word of a [`crate::text::View`] (no format
/// characters). Letters below U+0300 are in NFC whatever follows them in a
/// view, so such a word needs no normalisation check.
pub(crate) fn fold_word_into(word: &[char], out: &mut String) {
    if word.iter().all(|&c| (c as u32) < 0x300) {
        fold_chars(word.iter().copied(), out);
    } else {
        let text: String = word.iter().collect();
        fold_into(&text, out);
    }
}

fn fold_chars(chars: impl Iterator<Item = char>, out: &mut String) {
    for c in chars {
        match c {
            '’' | '‘' | '`' | '´' | 'ʼ' | '′' => out.push('\''),
            'ł' | 'Ł' => out.push('l'),
            'ø' | 'Ø' => out.push('o'),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            'đ' | 'Đ' | 'ð' | 'Ð' => out.push('d'),
            'þ' | 'Þ' => out.push_str("th"),
            'ħ' | 'Ħ' => out.push('h'),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            'ä' | 'Ä' | 'ö' | 'Ö' | 'ü' | 'Ü' | 'ß' | 'ẞ' | 'ı' | 'İ' | 'ſ' | 'ς' => {
                case_fold_char(c, true, out)
            }
            c => match latin_base(c) {
                Some(b) => out.push(b),
                None => {
                    for l in c.to_lowercase() {
                        unicode_normalization::char::decompose_canonical(l, |d| {
                            if !is_combining_mark(d) {
                                out.push(d);
                            }
                        });
                    }
                }
            },
        }
    }
}

/// Folds vocabulary terms: case, umlauts and `ß` only (the case format's
/// rule: "nothing else is folded").
pub fn fold_vocabulary(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().filter(|&c| !is_format(c)).nfc() {
        case_fold_char(c, true, &mut out);
    }
    out
}

/// Quotation marks a name may be wrapped in when typed or pasted.
const QUOTES: &[char] = &['"', '\'', '„', '“', '”', '‚', '‘', '’', '»', '«', '›', '‹'];

/// A name as written, cleaned for display: surrounding quotation marks
/// dropped, format characters (soft hyphen, zero-width space) removed, any
/// run of whitespace (no-break space too) one space, NFC.
pub fn clean_name(text: &str) -> String {
    let words: Vec<&str> = text
        .trim_matches(|c: char| c.is_whitespace() || QUOTES.contains(&c))
        .split_whitespace()
        .collect();
    words.join(" ").chars().filter(|&c| !is_format(c)).nfc().collect()
}

/// The key two written names are the same name by: [`clean_name`], then
/// [`fold`] (`„Mia Sommer“`, `MIA\u{a0}SOMMER` and `Mia Som\u{ad}mer` meet).
pub fn name_key(text: &str) -> String {
    fold(&clean_name(text))
}

/// The form keyed pseudonyms are computed on (rule [`PSEUDONYM_RULE`]).
pub fn pseudonym_key(identifier: &str) -> String {
    let mut folded = String::with_capacity(identifier.len());
    for c in identifier.chars().filter(|&c| !is_format(c)).nfc() {
        case_fold_char(c, false, &mut folded);
    }
    // Case folding can decompose (`İ` → `i` + dot); recompose.
    let folded: String = folded.nfc().collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_diacritics_and_invisible_characters() {
        assert_eq!(fold("Müller"), "mueller");
        assert_eq!(fold("MUELLER"), "mueller");
        assert_eq!(fold("Mu\u{308}ller"), "mueller");
        assert_eq!(fold("Yılmaz"), "yilmaz");
        assert_eq!(fold("YILMAZ"), "yilmaz");
        assert_eq!(fold("İlknur"), "ilknur");
        assert_eq!(fold("Öztürk"), "oeztuerk");
        assert_eq!(fold("Şahin"), "sahin");
        assert_eq!(fold("Osmanović"), "osmanovic");
        assert_eq!(fold("OSMANOVIĆ"), "osmanovic");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("WEIẞ"), "weiss");
        assert_eq!(fold("Quel\u{AD}len\u{200B}brink"), "quellenbrink");
        assert_eq!(fold("Łukasz"), "lukasz");
        assert_eq!(fold("Müller’s"), "mueller's");
    }

    #[test]
    fn vocabulary_folds_only_case_and_umlauts() {
        assert_eq!(fold_vocabulary("Hausbesuch"), "hausbesuch");
        assert_eq!(fold_vocabulary("Großelternteil"), "grosselternteil");
        assert_eq!(fold_vocabulary("Rückführung"), fold_vocabulary("Rueckfuehrung"));
        assert_ne!(fold_vocabulary("café"), "cafe");
    }

    #[test]
    fn pseudonym_keys_fold_case_fully() {
        assert_eq!(pseudonym_key("Weiß"), pseudonym_key("WEISS"));
        assert_eq!(pseudonym_key("Lena  Müller"), pseudonym_key("LENA MÜLLER"));
        assert_eq!(pseudonym_key("Mu\u{308}ller"), pseudonym_key("Müller"));
        assert_eq!(pseudonym_key("Lena\u{AD} Müller"), pseudonym_key("Lena Müller"));
        assert_eq!(pseudonym_key("YILMAZ"), pseudonym_key("yılmaz"));
        assert_ne!(pseudonym_key("Müller"), pseudonym_key("Mueller"));
    }
}
