//! One normalised view of a text, with its words, that maps back to the
//! original.
//!
//! Real notes are pasted from word processors and e-mail: decomposed
//! umlauts, soft hyphens and zero-width spaces inside words, no-break spaces
//! between them, typographic quotes and dashes around them. Every matcher of
//! the crate works on this view instead of the raw text:
//!
//! - the normalised text ([`View::chars`], [`View::slice`],
//!   [`View::char_at`], addressed by character position): the text in NFC,
//!   format characters removed, every Unicode space a plain space (line
//!   breaks kept);
//! - [`View::shadow`]: one ASCII byte per character of the text — a letter
//!   becomes its base letter in the same case (`ä` → `a`, `Ł` → `L`, any
//!   other script `x`/`X`), a digit stays, quotes become `"`, apostrophes
//!   `'`, dashes `-`, other punctuation `~`. Patterns run on it with ASCII
//!   classes, so word boundaries are found next to any Unicode punctuation
//!   and regexes stay in their fast engines; byte offsets in it are
//!   character positions of the text;
//! - [`View::tokens`]: the words — maximal runs of letters and digits of any
//!   script (joined across an apostrophe between letters: `Müller’s`), each
//!   with its folded form ([`crate::text::fold`]) and shape; tokens with the
//!   same folded form share one word number ([`Token::word`]), so that a
//!   question about a word is asked once per text, not once per mention;
//! - [`View::original`]: for a range of positions, the code-point range of the
//!   original text it came from, format characters inside included.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::fold::{fold_word_into, is_format};

/// The shape of a word: seven yes/no answers in one byte.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub struct Shape(u8);

/// Defines the answers of [`Shape`], one bit each.
macro_rules! shape_bits {
    ($($(#[$doc:meta])* $name:ident = $bit:expr;)*) => {
        impl Shape {
            $(
                $(#[$doc])*
                pub fn $name(self) -> bool {
                    self.0 & (1 << $bit) != 0
                }
            )*
        }

        impl std::fmt::Debug for Shape {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let mut d = f.debug_struct("Shape");
                $(d.field(stringify!($name), &self.$name());)*
                d.finish()
            }
        }
    };
}

shape_bits! {
    /// The first character is an upper-case letter.
    cap = 0;
    /// Every letter is upper case, and there are at least two.
    upper = 1;
    /// The first character is a lower-case letter.
    lower = 2;
    /// Letters only.
    alpha = 3;
    /// Digits only.
    digits = 4;
    /// A letter outside the German alphabet (`ć`, `ş`, `é`, Cyrillic ...).
    foreign = 5;
    /// The first word of a sentence (after `.`, `!`, `?`, `:`, a line
    /// break, or at the start).
    initial = 6;
}

impl Shape {
    /// A shape from its answers (without `initial`, set later).
    fn new(cap: bool, upper: bool, lower: bool, alpha: bool, digits: bool, foreign: bool) -> Shape {
        Shape(
            u8::from(cap)
                | u8::from(upper) << 1
                | u8::from(lower) << 2
                | u8::from(alpha) << 3
                | u8::from(digits) << 4
                | u8::from(foreign) << 5,
        )
    }

    fn set_initial(&mut self, initial: bool) {
        self.0 = self.0 & !(1 << 6) | u8::from(initial) << 6;
    }
}

/// A word of the view.
#[derive(Clone, Copy, Debug)]
pub struct Token {
    /// Character positions in the normalised text (see [`Token::start`]).
    s: u32,
    e: u32,
    /// The number of its folded form among the distinct words of the view
    /// (`0..View::word_count()`), numbered in order of first appearance.
    pub word: u32,
    /// Where the folded form is in the view's distinct words, and its
    /// length in bytes (`u8::MAX`: look it up by `word`).
    fold_at: u32,
    fold_len: u8,
    pub shape: Shape,
}

impl Token {
    /// Where the word starts: a character position in the normalised text.
    pub fn start(&self) -> usize {
        self.s as usize
    }

    /// Where the word ends (exclusive).
    pub fn end(&self) -> usize {
        self.e as usize
    }
}

/// The distinct folded words of a view: one copy of each, and a hash table
/// from folded form to number.
#[derive(Default)]
struct Words {
    /// The folded words one after another.
    text: String,
    /// Where each word ends in `text` (it starts where the one before ends).
    ends: Vec<u32>,
    table: hashbrown::HashTable<u32>,
}

fn hash_word(w: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(w)
}

/// Word `id` of `text` whose words end at `ends`.
fn word_of<'a>(text: &'a str, ends: &[u32], id: u32) -> &'a str {
    let start = if id == 0 { 0 } else { ends[id as usize - 1] as usize };
    &text[start..ends[id as usize] as usize]
}

impl Words {
    fn get(&self, id: u32) -> &str {
        word_of(&self.text, &self.ends, id)
    }

    fn find(&self, w: &str) -> Option<u32> {
        self.table.find(hash_word(w), |&id| self.get(id) == w).copied()
    }

    /// The number of the word folded into `text` after byte `at`, and
    /// where the word starts in `text`: an old one (and the copy is
    /// dropped) or a new one.
    fn settle(&mut self, at: usize) -> (u32, usize) {
        let Words { text, ends, table } = self;
        let w = &text[at..];
        let h = hash_word(w);
        if let Some(&id) = table.find(h, |&id| word_of(text, ends, id) == w) {
            let len = w.len();
            text.truncate(at);
            return (id, ends[id as usize] as usize - len);
        }
        let id = ends.len() as u32;
        ends.push(text.len() as u32);
        table.insert_unique(h, id, |&id| hash_word(word_of(text, ends, id)));
        (id, at)
    }
}

/// Where each character of a view starts in the original text, stored as
/// the points where the mapping stops counting up by one (a dropped format
/// character, a decomposed letter composed, characters NFC makes of one
/// cluster): for text pasted without them, nothing at all.
#[derive(Default)]
struct Starts {
    /// (view position, original start) where a new run begins.
    breaks: Vec<(u32, u32)>,
    /// For each block of 64 positions, the number of breaks before it.
    blocks: Vec<u32>,
}

impl Starts {
    /// Character `pos` starts at original code point `start`.
    fn push(&mut self, pos: usize, start: u32) {
        if self.at_or_none(pos) != Some(start as usize) {
            self.breaks.push((pos as u32, start));
        }
    }

    /// Characters `pos..pos + n` start at `start..start + n`.
    fn run(&mut self, pos: usize, start: u32, n: usize) {
        if n > 0 {
            self.push(pos, start);
        }
    }

    /// The start the last run gives `pos` (positions are pushed in order).
    fn at_or_none(&self, pos: usize) -> Option<usize> {
        self.breaks.last().map(|&(p, o)| o as usize + (pos - p as usize))
    }

    /// Indexes the breaks by block, once all are in (`len`: the last position).
    fn finish(&mut self, len: usize) {
        self.blocks = block_index(len, &self.breaks, |b| b.0 as usize);
    }

    /// Where character `pos` starts (`pos` = length: where the text ends).
    fn at(&self, pos: usize) -> usize {
        // The breaks at or before `pos`: those before its block, and the
        // few in it up to `pos`.
        let mut i = self.blocks.get(pos / 64).map_or(self.breaks.len(), |&b| b as usize);
        while i < self.breaks.len() && self.breaks[i].0 as usize <= pos {
            i += 1;
        }
        let (p, o) = self.breaks[i.saturating_sub(1)];
        o as usize + pos.saturating_sub(p as usize)
    }
}

/// The normalised text as UTF-8, addressed by character: a character's
/// byte offset is its position plus the extra bytes of the non-ASCII
/// characters before it (few in German text), found by binary search.
#[derive(Default)]
struct Norm {
    text: String,
    /// Number of characters.
    len: usize,
    /// Positions of the characters that are not ASCII, in order.
    wide: Vec<u32>,
    /// Extra bytes (beyond one) of the wide characters up to and including each.
    extra: Vec<u32>,
    /// For each block of 64 characters, the index in `wide` of its first
    /// wide character (or of the next one after it).
    blocks: Vec<u32>,
}

impl Norm {
    fn push(&mut self, c: char) {
        if !c.is_ascii() {
            let before = self.extra.last().copied().unwrap_or(0);
            self.wide.push(self.len as u32);
            self.extra.push(before + c.len_utf8() as u32 - 1);
        }
        self.text.push(c);
        self.len += 1;
    }

    /// ASCII text, tabs as spaces.
    fn push_ascii(&mut self, ascii: &str) {
        let at = self.text.len();
        self.text.push_str(ascii);
        if ascii.contains('\t') {
            let spaced = self.text[at..].replace('\t', " ");
            self.text.truncate(at);
            self.text.push_str(&spaced);
        }
        self.len += ascii.len();
    }

    /// Indexes the blocks, once all characters are in.
    fn finish(&mut self) {
        self.blocks = block_index(self.len, &self.wide, |&w| w as usize);
    }

    /// The byte offset of character `k` (`k` = length: the end): the block
    /// says where to look, a few wide characters at most are passed.
    fn byte(&self, k: usize) -> usize {
        let mut i = self.blocks[k / 64] as usize;
        while i < self.wide.len() && (self.wide[i] as usize) < k {
            i += 1;
        }
        k + if i == 0 { 0 } else { self.extra[i - 1] as usize }
    }
}

/// A normalised text (see the module documentation).
pub struct View {
    norm: Norm,
    pub shadow: String,
    /// Original code point where each character starts, and where the text
    /// ends. The characters NFC makes of one cluster share its start; a
    /// cluster ends where the next starts.
    orig: Starts,
    pub tokens: Vec<Token>,
    words: Words,
    /// For each block of 64 characters, the first token that starts in it
    /// or after it: [`View::token_at`] looks at a few tokens, not at the
    /// whole list (which is cold in cache by the time spans are mapped).
    token_blocks: Vec<u32>,
    /// The tokens joined across an apostrophe (`Müller’s`), in order.
    apostrophes: Vec<u32>,
}

/// For each block of 64 positions of a text of `len` characters, the index
/// of the first item (in position order) at or after the block's start: a
/// look-up by position starts there and passes a few items at most.
fn block_index<T>(len: usize, items: &[T], pos: impl Fn(&T) -> usize) -> Vec<u32> {
    let mut i = 0;
    (0..=len / 64)
        .map(|b| {
            while i < items.len() && pos(&items[i]) < b * 64 {
                i += 1;
            }
            i as u32
        })
        .collect()
}

/// The length of the ASCII run at the start of `bytes`, eight bytes at a time.
fn ascii_run(bytes: &[u8]) -> usize {
    let mut n = 0;
    for chunk in bytes.chunks_exact(8) {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let high = word & 0x8080_8080_8080_8080;
        if high != 0 {
            return n + (high.trailing_zeros() / 8) as usize;
        }
        n += 8;
    }
    n + bytes[n..].iter().position(|&x| x >= 0x80).unwrap_or(bytes.len() - n)
}

/// [`shadow_of`] for every ASCII byte.
static SHADOW_ASCII: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = match b as u8 {
            b'\t' | 0x0B | 0x0C => b' ',
            b'\r' => b'\n',
            b'`' => b'\'',
            x => x,
        };
        b += 1;
    }
    t
};

fn shadow_of(c: char) -> u8 {
    if c.is_ascii() {
        return match c {
            '\t' | '\u{0B}' | '\u{0C}' => b' ',
            '\r' => b'\n',
            '`' => b'\'',
            c => c as u8,
        };
    }
    match c {
        '’' | '‘' | '‚' | 'ʼ' | '´' | '′' | 'ʻ' => b'\'',
        '„' | '“' | '”' | '«' | '»' | '‹' | '›' | '〝' | '〞' | '″' | '＂' => b'"',
        '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' | '﹣' | '－' => b'-',
        '…' => b'.',
        '§' => b'$',
        '\u{2028}' | '\u{2029}' | '\u{85}' => b'\n',
        c if c.is_whitespace() => b' ',
        c if is_letter(c) || is_combining_mark(c) => {
            let upper = c.is_uppercase();
            if let Some(b) = crate::text::fold::latin_base_of(c) {
                return if upper { b.to_ascii_uppercase() as u8 } else { b as u8 };
            }
            let base = match c {
                'ß' => 's',
                'ẞ' => 'S',
                'ı' => 'i',
                'ł' => 'l',
                'Ł' => 'L',
                'ø' => 'o',
                'Ø' => 'O',
                'æ' => 'a',
                'Æ' => 'A',
                'œ' => 'o',
                'Œ' => 'O',
                'đ' | 'ð' => 'd',
                'Đ' | 'Ð' => 'D',
                c => c.nfd().next().unwrap_or(c),
            };
            if base.is_ascii_alphabetic() {
                base as u8
            } else if upper {
                b'X'
            } else {
                b'x'
            }
        }
        c if c.is_numeric() => b'9',
        _ => b'~',
    }
}

/// Abbreviations of three letters or more that end in a period inside a
/// sentence (one- and two-letter words before a period always do).
const ABBREVIATIONS: &[&str] = &[
    "abs", "bzgl", "bzw", "ca", "dipl", "evtl", "geb", "gem", "gez", "ggf", "inkl", "jun", "med",
    "mind", "prof", "sen", "sog", "str", "tel", "usw", "vgl", "zzgl", "zt", "dres", "frl", "priv",
];

/// A letter of any script ([`char::is_alphabetic`]), the Latin-1 ones
/// without a table look-up.
fn is_letter(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' => true,
        '\u{C0}'..='\u{FF}' => c != '\u{D7}' && c != '\u{F7}',
        c => c.is_alphabetic(),
    }
}

/// Letters of the German alphabet, as written.
fn german_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, 'ä' | 'ö' | 'ü' | 'Ä' | 'Ö' | 'Ü' | 'ß' | 'ẞ')
}

impl View {
    /// The view of `text` (less than 4 GiB: positions are kept in 32 bits;
    /// long texts are scrubbed in chunks anyway).
    pub fn new(text: &str) -> View {
        assert!(u32::try_from(text.len()).is_ok_and(|n| n < u32::MAX), "a text of less than 4 GiB");
        let mut chars = Norm { text: String::with_capacity(text.len()), ..Norm::default() };
        let mut orig = Starts::default();
        let mut shadow = Vec::with_capacity(text.len());
        let mut cluster = String::new();
        let bytes = text.as_bytes();
        let (mut b, mut i) = (0usize, 0u32);
        while b < bytes.len() {
            // A run of ASCII: the common case, in bulk. Its last character
            // is left to the loop below when a non-ASCII character follows
            // (it may be a combining mark that belongs to it).
            let run = ascii_run(&bytes[b..]);
            let bulk = if b + run < bytes.len() { run.saturating_sub(1) } else { run };
            if bulk > 0 {
                let ascii = &bytes[b..b + bulk];
                chars.push_ascii(&text[b..b + bulk]);
                // The shadow of ASCII is the byte itself but for a few
                // control characters and the backtick.
                let special =
                    ascii.iter().fold(false, |f, &x| f | ((x < 0x20 && x != b'\n') | (x == b'`')));
                if special {
                    shadow.extend(ascii.iter().map(|&x| SHADOW_ASCII[usize::from(x)]));
                } else {
                    shadow.extend_from_slice(ascii);
                }
                orig.run(chars.len - bulk, i, bulk);
                b += bulk;
                i += bulk as u32;
                continue;
            }
            let x = bytes[b];
            // ASCII not followed by a combining mark.
            if x < 0x80 && bytes.get(b + 1).is_none_or(|&n| n < 0x80) {
                let c = if x == b'\t' { ' ' } else { char::from(x) };
                chars.push(c);
                shadow.push(shadow_of(c));
                orig.push(chars.len - 1, i);
                b += 1;
                i += 1;
                continue;
            }
            let c = text[b..].chars().next().expect("char boundary");
            let start = i;
            b += c.len_utf8();
            i += 1;
            if is_format(c) {
                continue;
            }
            // A starter and the combining marks (and format characters) after it.
            cluster.clear();
            cluster.push(c);
            while let Some(n) = text[b..].chars().next() {
                if n.is_ascii() || !(is_combining_mark(n) || is_format(n)) {
                    break;
                }
                if !is_format(n) {
                    cluster.push(n);
                }
                b += n.len_utf8();
                i += 1;
            }
            if cluster.len() == c.len_utf8() {
                let d = if c != '\n' && c.is_whitespace() { ' ' } else { c };
                chars.push(d);
                shadow.push(shadow_of(d));
                orig.push(chars.len - 1, start);
                continue;
            }
            for d in cluster.nfc() {
                let d = if d != '\n' && d.is_whitespace() { ' ' } else { d };
                chars.push(d);
                shadow.push(shadow_of(d));
                orig.push(chars.len - 1, start);
            }
        }
        orig.push(chars.len, i);
        orig.finish(chars.len);
        chars.finish();
        let shadow = String::from_utf8(shadow).expect("the shadow is ASCII");
        let mut view = View {
            norm: chars,
            shadow,
            orig,
            tokens: Vec::new(),
            words: Words::default(),
            token_blocks: Vec::new(),
            apostrophes: Vec::new(),
        };
        view.tokenise();
        view.index_tokens();
        view
    }

    fn tokenise(&mut self) {
        let s = self.shadow.as_bytes();
        let word = |b: u8| b.is_ascii_alphanumeric();
        let mut i = 0;
        let mut wide = 0;
        let mut buf: Vec<char> = Vec::new();
        // About one distinct word in five words.
        self.words.text.reserve(s.len() / 4);
        self.words.ends.reserve(s.len() / 30);
        self.words.table.reserve(s.len() / 30, |_| 0);
        // About one word in six to seven characters of German prose.
        self.tokens.reserve(s.len() / 6);
        while i < s.len() {
            if !word(s[i]) {
                i += 1;
                continue;
            }
            let start = i;
            // Letters, or digits (a number glued to a word is a word of its
            // own: `mit5550199heute`); an apostrophe between letters joins
            // (`Müller’s`).
            if s[start].is_ascii_digit() {
                while i < s.len() && s[i].is_ascii_digit() {
                    i += 1;
                }
            } else {
                loop {
                    while i < s.len() && s[i].is_ascii_alphabetic() {
                        i += 1;
                    }
                    if i + 1 < s.len() && s[i] == b'\'' && s[i + 1].is_ascii_alphabetic() {
                        i += 1;
                        if self.apostrophes.last() != Some(&(self.tokens.len() as u32)) {
                            self.apostrophes.push(self.tokens.len() as u32);
                        }
                    } else {
                        break;
                    }
                }
            }
            let end = i;
            let from = self.words.text.len();
            // Non-ASCII characters of the view, in order: a cursor.
            while self.norm.wide.get(wide).is_some_and(|&w| (w as usize) < start) {
                wide += 1;
            }
            let ascii = self.norm.wide.get(wide).is_none_or(|&w| w as usize >= end);
            let mut shape = if ascii {
                // The shadow is the text: bytes answer everything, in one pass.
                // A token is all digits, or letters with apostrophes inside.
                let t = &s[start..end];
                self.words.text.push_str(&self.shadow[start..end]);
                self.words.text[from..].make_ascii_lowercase();
                let digits = t[0].is_ascii_digit();
                // In capitals: no lower-case letter (most words show one at
                // once), and two letters at least.
                let upper = !digits
                    && t.iter().all(|b| !b.is_ascii_lowercase())
                    && t.iter().filter(|b| b.is_ascii_alphabetic()).nth(1).is_some();
                Shape::new(
                    t[0].is_ascii_uppercase(),
                    upper,
                    t[0].is_ascii_lowercase(),
                    !digits,
                    digits,
                    false,
                )
            } else {
                buf.clear();
                buf.extend(self.norm.text[self.norm.byte(start)..self.norm.byte(end)].chars());
                let text = &buf[..];
                fold_word_into(text, &mut self.words.text);
                let (mut letters, mut alpha, mut digits) = (0, true, true);
                let (mut lower, mut foreign) = (false, false);
                for &c in text {
                    let letter = is_letter(c);
                    letters += usize::from(letter);
                    alpha &= letter || c == '\'' || c == '’';
                    digits &= c.is_ascii_digit();
                    lower |= letter && c.is_lowercase();
                    foreign |= letter && !german_letter(c);
                }
                Shape::new(
                    text[0].is_uppercase(),
                    letters >= 2 && !lower,
                    text[0].is_lowercase(),
                    alpha,
                    digits,
                    foreign,
                )
            };
            shape.set_initial(self.sentence_start(start));
            let len = self.words.text.len() - from;
            let (word, fold_at) = self.words.settle(from);
            let fold_len = u8::try_from(len).unwrap_or(u8::MAX);
            self.tokens.push(Token {
                s: start as u32,
                e: end as u32,
                word,
                fold_at: fold_at as u32,
                fold_len,
                shape,
            });
        }
    }

    /// Whether a word starting at `at` begins a sentence.
    fn sentence_start(&self, at: usize) -> bool {
        let s = self.shadow.as_bytes();
        let mut j = at;
        while j > 0 {
            j -= 1;
            match s[j] {
                b' ' | b'"' | b'(' | b'\'' | b'-' | b'*' => continue,
                b'\n' | b'!' | b'?' | b':' => return true,
                b'.' => {
                    // An abbreviation (`Dr.`, `z.B.`, `Prof.`) does not end a
                    // sentence; a word or a number does.
                    let mut k = j;
                    while k > 0 && s[k - 1].is_ascii_alphabetic() {
                        k -= 1;
                    }
                    let word = &s[k..j];
                    return !(matches!(word.len(), 1 | 2)
                        || ABBREVIATIONS.iter().any(|a| a.as_bytes().eq_ignore_ascii_case(word)));
                }
                _ => return false,
            }
        }
        true
    }

    /// The folded form of a word.
    pub fn folded(&self, t: &Token) -> &str {
        if t.fold_len == u8::MAX {
            return self.words.get(t.word);
        }
        let at = t.fold_at as usize;
        &self.words.text[at..at + usize::from(t.fold_len)]
    }

    /// The folded form of word number `id`.
    pub fn word(&self, id: u32) -> &str {
        self.words.get(id)
    }

    /// The number of a folded word, if the view has it.
    pub fn word_id(&self, folded: &str) -> Option<u32> {
        self.words.find(folded)
    }

    /// The tokens joined across an apostrophe (`Müller’s`), in order.
    pub fn apostrophe_tokens(&self) -> &[u32] {
        &self.apostrophes
    }

    /// How many distinct words the view has.
    pub fn word_count(&self) -> usize {
        self.words.ends.len()
    }

    /// The distinct folded words, one after another (no separators).
    pub fn folded_words(&self) -> &str {
        &self.words.text
    }

    /// The text of a character range, as normalised.
    pub fn text(&self, start: usize, end: usize) -> String {
        self.slice(start, end).to_owned()
    }

    /// The text of a character range, as normalised, borrowed.
    pub fn slice(&self, start: usize, end: usize) -> &str {
        &self.norm.text[self.norm.byte(start)..self.norm.byte(end)]
    }

    /// The character at position `k`.
    pub fn char_at(&self, k: usize) -> Option<char> {
        if k >= self.norm.len {
            return None;
        }
        self.norm.text[self.norm.byte(k)..].chars().next()
    }

    /// The characters of the normalised text.
    pub fn chars(&self) -> std::str::Chars<'_> {
        self.norm.text.chars()
    }

    /// The code-point range of the original text behind a character range.
    pub fn original(&self, start: usize, end: usize) -> (usize, usize) {
        let len = self.norm.len;
        if start >= end || start >= len {
            let at = self.orig.at(len);
            return (at, at);
        }
        // A span that ends inside a cluster ends with it.
        let mut end = end.min(len);
        while end < len && self.orig.at(end) == self.orig.at(end - 1) {
            end += 1;
        }
        (self.orig.at(start), self.orig.at(end))
    }

    /// Number of characters.
    pub fn len(&self) -> usize {
        self.norm.len
    }

    pub fn is_empty(&self) -> bool {
        self.norm.len == 0
    }

    /// The index of the first token that starts at or after `at`.
    pub fn token_at(&self, at: usize) -> usize {
        let Some(&from) = self.token_blocks.get(at / 64) else {
            return self.tokens.len();
        };
        let mut k = from as usize;
        while k < self.tokens.len() && self.tokens[k].start() < at {
            k += 1;
        }
        k
    }

    /// Indexes the tokens by block, once all are in.
    fn index_tokens(&mut self) {
        self.token_blocks = block_index(self.norm.len, &self.tokens, Token::start);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        let v = View::new(text);
        v.tokens.iter().map(|t| v.text(t.start(), t.end())).collect()
    }

    #[test]
    fn words_are_found_next_to_any_punctuation() {
        assert_eq!(words("„Wael“ »Mehret« Quellenbrink…"), ["Wael", "Mehret", "Quellenbrink"]);
        assert_eq!(words("mit\u{A0}Lena\u{202F}und"), ["mit", "Lena", "und"]);
        assert_eq!(words("Quel\u{AD}len\u{200B}brink"), ["Quellenbrink"]);
        assert_eq!(words("Mu\u{308}ller’s Auto"), ["Müller’s", "Auto"]);
        assert_eq!(words("Meyer‑Osmanović (KV)"), ["Meyer", "Osmanović", "KV"]);
        assert_eq!(words("Ольга und Wael."), ["Ольга", "und", "Wael"]);
    }

    #[test]
    fn shadow_is_one_ascii_byte_per_character() {
        let v = View::new("Ärger „Łukasz“ – 3 €");
        assert_eq!(v.shadow, "Arger \"Lukasz\" - 3 ~");
        assert_eq!(v.shadow.len(), v.len());
    }

    #[test]
    fn maps_back_to_the_original_code_points() {
        let text = "xx Mu\u{308}l\u{AD}ler yy";
        let v = View::new(text);
        let t = v.tokens[1];
        assert_eq!(v.text(t.start(), t.end()), "Müller");
        let (a, b) = v.original(t.start(), t.end());
        let orig: String = text.chars().skip(a).take(b - a).collect();
        assert_eq!(orig, "Mu\u{308}l\u{AD}ler");
        // A letter and a mark NFC cannot join stay two characters of one
        // cluster: a span ending on the letter ends after the mark.
        let text = "aq\u{308}b c";
        let v = View::new(text);
        assert_eq!(v.len(), 6);
        assert_eq!(v.original(1, 2), (1, 3));
        assert_eq!(v.original(0, 4), (0, 4));
        assert_eq!(v.original(5, 6), (5, 6));
        assert_eq!(v.original(6, 6), (6, 6));
    }

    proptest::proptest! {
        /// Every word maps back to the original characters it came from,
        /// whatever format characters, decomposed letters and spaces are
        /// around and inside it.
        #[test]
        fn every_word_maps_back_to_its_original(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "a", "Mia", " ", "  ", "\n", "ä", "u\u{308}", "q\u{308}", "\u{AD}", "\u{200B}",
                "\u{A0}", "„", "“", "ß", "Ł", "-", "3", "’s", ".", "\u{FEFF}", "ö\u{301}",
            ]), 0..40)
        ) {
            let text: String = parts.concat();
            let v = View::new(&text);
            let orig: Vec<char> = text.chars().collect();
            for t in &v.tokens {
                let (a, b) = v.original(t.start(), t.end());
                proptest::prop_assert!(a <= b && b <= orig.len());
                let back: String = orig[a..b].iter().collect();
                proptest::prop_assert_eq!(crate::text::fold(&back), v.folded(t));
            }
            let (a, b) = v.original(0, v.len());
            proptest::prop_assert!(a <= b && b == orig.len() || v.is_empty());
        }
    }

    #[test]
    fn words_are_numbered_once_whatever_their_length() {
        let long = "Ab".repeat(200);
        let text = format!("Lena {long} und LENA, {long}! Lena’s");
        let v = View::new(&text);
        let f: Vec<&str> = v.tokens.iter().map(|t| v.folded(t)).collect();
        assert_eq!(f[1], long.to_lowercase(), "a word of 400 bytes folds whole");
        assert_eq!(v.tokens[0].word, v.tokens[3].word, "Lena and LENA are one word");
        assert_eq!(v.tokens[1].word, v.tokens[4].word);
        assert_ne!(v.tokens[0].word, v.tokens[5].word, "Lena’s is another");
        assert_eq!(v.word_count(), 4);
        assert_eq!(v.word_id("lena"), Some(v.tokens[0].word));
        assert_eq!(v.word_id("mia"), None);
        assert_eq!(v.apostrophe_tokens(), [5]);
    }

    #[test]
    fn a_token_takes_twenty_bytes() {
        // A view of 10 MB of notes holds 1.5 million tokens.
        assert_eq!(std::mem::size_of::<Token>(), 20);
    }

    #[test]
    fn is_letter_is_is_alphabetic() {
        for c in (0..0x3000).filter_map(char::from_u32) {
            assert_eq!(is_letter(c), c.is_alphabetic(), "{c:?}");
        }
    }

    #[test]
    fn token_at_finds_the_first_token_from_a_position() {
        let text = "Die Mutter, Frau Öztaş-Eschenrieder,\nkam am 3.4. mit Lena. ".repeat(9);
        let v = View::new(&text);
        for at in 0..=v.len() + 70 {
            assert_eq!(v.token_at(at), v.tokens.partition_point(|t| t.start() < at), "{at}");
        }
        assert_eq!(View::new("").token_at(0), 0);
    }

    #[test]
    fn shapes() {
        let v = View::new("Die Mutter. KV OSMANOVIĆ kam, Dr. Meyer und zarah");
        let s: Vec<Shape> = v.tokens.iter().map(|t| t.shape).collect();
        assert!(s[0].cap() && s[0].initial());
        assert!(s[1].cap() && !s[1].initial());
        assert!(s[2].upper() && s[2].initial());
        assert!(s[3].upper() && s[3].foreign());
        assert!(!s[6].initial(), "after Dr.");
        assert!(s[8].lower());
        assert_eq!(v.folded(&v.tokens[3]), "osmanovic");
    }
}
