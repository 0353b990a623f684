//! The word and name lists of the scrubber (data, not code: `../data/`,
//! sources and licences in `../data/SOURCES.md`), the lexicon of ordinary
//! German with inflection and compound splitting, and the small closed
//! classes of the name grammar (titles, role nouns, particles).
//!
//! Every list is held in its folded form ([`crate::text::fold`]), in hash
//! sets built once per process; a word is looked up once per token.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

use super::list_table::Table;
use crate::text::fold;

use super::list_file::PART;
pub use super::list_file::{COMMON, FIRST, Flags, LAST, LOWER, NOUN, PLACE, TOWN, WORD};

/// The embedded lists (a ready hash table, see `list_table.rs`), and what
/// a run adds or changes (the case format's vocabulary, lexicons read at
/// run time) in a small map consulted first: a word costs one look-up.
pub struct Lists {
    table: Table<'static>,
    changed: FxHashMap<&'static str, Flags>,
    /// Where the lexicon came from, for the manifest.
    pub lexicons: Vec<String>,
}

/// Adds every word of a list (one per line, `#` comments, Hunspell affix
/// flags after a slash ignored) with `flag`; returns how many were new.
/// (`build.rs` reads the embedded lists the same way.)
fn read_into(lists: &mut Lists, text: &str, flag: Flags) -> usize {
    let mut new = 0;
    for (word, adds) in super::list_file::entries(text, flag) {
        let folded = fold(word);
        let old = lists.flags(&folded);
        let mut f = old | adds;
        if flag & WORD != 0 && f & PART != 0 {
            f &= !(PLACE | PART);
        }
        new += usize::from(old & flag == 0);
        lists.set(folded, f);
    }
    new
}

static EXTRA: OnceLock<Vec<PathBuf>> = OnceLock::new();

/// Adds word lists read at run time (e.g. `/usr/share/dict/ngerman`). Must be
/// called before the first use of [`lists`]; later calls are ignored.
pub fn use_lexicons(paths: &[PathBuf]) -> std::io::Result<()> {
    for p in paths {
        std::fs::metadata(p)?;
    }
    let _ = EXTRA.set(paths.to_vec());
    Ok(())
}

/// The embedded lists, folded, merged and laid out as a hash table by
/// `build.rs`.
static BUILT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/lists.table"));

/// The lists, ready on first use.
pub fn lists() -> &'static Lists {
    static LISTS: OnceLock<Lists> = OnceLock::new();
    LISTS.get_or_init(|| {
        let table = Table::new(BUILT);
        let mut words = table.words() as usize;
        let mut lists = Lists { table, changed: FxHashMap::default(), lexicons: Vec::new() };
        words += vocabulary_words(&mut lists);
        let mut lexicons = vec![format!("embedded ({words} words)")];
        for p in EXTRA.get().map(Vec::as_slice).unwrap_or_default() {
            if let Ok(text) = read_lossy(p) {
                let added = read_into(&mut lists, &text, WORD);
                lexicons.push(format!("{} (+{added} words)", p.display()));
            }
        }
        // Names are never particles or titles.
        for w in PARTICLES.iter().chain(TITLES) {
            let f = lists.flags(w);
            if f & (FIRST | LAST | COMMON) != 0 {
                lists.set((*w).to_owned(), f & !(FIRST | LAST | COMMON));
            }
        }
        lists.lexicons = lexicons;
        lists
    })
}

fn read_lossy(path: &Path) -> std::io::Result<String> {
    let bytes = std::fs::read(path)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Every word of the German terms of the case format's vocabularies.
fn vocabulary_words(lists: &mut Lists) -> usize {
    use crate::vocab::*;
    fn de<T: Vocabulary>(out: &mut Vec<&'static str>) {
        out.extend(T::entries().iter().flat_map(|e| e.de.iter().copied()));
    }
    let mut terms: Vec<&str> = Vec::new();
    de::<Role>(&mut terms);
    de::<InstitutionKind>(&mut terms);
    de::<EventKind>(&mut terms);
    de::<AssessmentResult>(&mut terms);
    de::<Concern>(&mut terms);
    de::<Factor>(&mut terms);
    de::<Outcome>(&mut terms);
    let mut text = String::new();
    for t in terms {
        for w in t.split(|c: char| !c.is_alphanumeric()) {
            if w.chars().count() >= 2 {
                text.push_str(w);
                text.push('\n');
            }
        }
    }
    read_into(lists, &text, WORD)
}

/// Endings of inflected forms, longest first.
const ENDINGS: &[&str] =
    &["innen", "nen", "ern", "ens", "es", "en", "er", "em", "ns", "s", "n", "e"];

/// The feminine endings of a compound's last part (`Amtsvormundin`,
/// `Familienhelferin`): only there, where a noun precedes.
const FEMININE: &[&str] = &["in", "innen"];

/// Linking elements between the parts of a compound.
const LINKS: &[&str] = &["es", "en", "er", "s", "n", "e"];

/// Words a thread keeps answers for: beyond that, they are worked out again.
const MEMO_WORDS: usize = 1 << 18;

/// A folded word of up to 16 bytes as one number and its length: a key
/// held inline (no pointer to follow when a map compares keys).
fn inline_key(folded: &str) -> Option<(u128, u8)> {
    let b = folded.as_bytes();
    (b.len() <= 16).then(|| {
        let mut k = [0u8; 16];
        k[..b.len()].copy_from_slice(b);
        (u128::from_le_bytes(k), b.len() as u8)
    })
}

/// What a thread has worked out about one folded word.
#[derive(Clone, Copy, Default)]
struct Memo {
    /// The embedded table's flags.
    table: Option<Flags>,
    /// By [`Answer`]: 0 not asked, else the answer.
    answers: [u8; 3],
}

/// Answers that take many list look-ups, kept in the memo.
#[derive(Clone, Copy)]
pub(super) enum Answer {
    /// [`Lists::is_listed_word`].
    Listed,
    /// [`Lists::is_compound`] from the start.
    Compound,
    /// [`cue`], as the lexicon codes it.
    Cue,
}

thread_local! {
    /// What this thread has worked out about words of up to 16 bytes. The
    /// embedded table is 10 MB and its look-ups miss the cache, and an
    /// inflected or compound word costs dozens of them, while a text asks
    /// about the same few thousand words (and their parts) again and
    /// again: every chunk of a long text, every field of every case. Lists
    /// never change after they are loaded, so nothing here goes stale.
    static MEMO: std::cell::RefCell<FxHashMap<(u128, u8), Memo>> =
        std::cell::RefCell::new(FxHashMap::default());
}

/// One part of a word's [`Memo`]: kept, or worked out by `compute` and kept.
fn memo<T: Copy>(
    folded: &str,
    get: impl Fn(&Memo) -> Option<T>,
    set: impl FnOnce(&mut Memo, T),
    compute: impl FnOnce() -> T,
) -> T {
    let Some(key) = inline_key(folded) else {
        return compute();
    };
    if let Some(v) = MEMO.with_borrow(|m| m.get(&key).and_then(&get)) {
        return v;
    }
    let v = compute();
    MEMO.with_borrow_mut(|m| {
        if m.len() < MEMO_WORDS || m.contains_key(&key) {
            set(m.entry(key).or_default(), v);
        }
    });
    v
}

/// An [`Answer`] for a folded word (never 0), through this thread's memo.
pub(super) fn remembered(folded: &str, answer: Answer, compute: impl FnOnce() -> u8) -> u8 {
    let slot = answer as usize;
    memo(
        folded,
        |m| (m.answers[slot] != 0).then_some(m.answers[slot]),
        |m, v| m.answers[slot] = v,
        compute,
    )
}

impl Lists {
    /// Everything the lists say about a folded word.
    pub fn flags(&self, folded: &str) -> Flags {
        match self.changed.get(folded) {
            Some(&f) => f,
            None => memo(
                folded,
                |m| m.table,
                |m, v| m.table = Some(v),
                || self.table.get(folded).unwrap_or(0),
            ),
        }
    }

    /// Records what a run adds about a word (the lists live as long as the
    /// process).
    fn set(&mut self, folded: String, flags: Flags) {
        match self.changed.get_mut(folded.as_str()) {
            Some(f) => *f = flags,
            None => {
                self.changed.insert(Box::leak(folded.into_boxed_str()), flags);
            }
        }
    }

    fn has(&self, folded: &str, flag: Flags) -> bool {
        self.flags(folded) & flag != 0
    }

    /// A first name of any origin.
    pub fn is_first_name(&self, folded: &str) -> bool {
        self.has(folded, FIRST)
    }

    /// A surname or first name of any origin.
    pub fn is_name(&self, folded: &str) -> bool {
        self.has(folded, FIRST | LAST)
    }

    /// A town from the list.
    pub fn is_place(&self, folded: &str) -> bool {
        self.has(folded, PLACE)
    }

    /// A large town, a place even when its name is short.
    pub fn is_town(&self, folded: &str) -> bool {
        self.has(folded, TOWN)
    }

    /// A name that stands alone: a common first name, or a listed name of
    /// five letters or more (short rare list entries are too often
    /// abbreviations: `Cor`, `Ery`, `Bili`).
    pub fn is_standalone_name(&self, folded: &str) -> bool {
        let f = self.flags(folded);
        f & COMMON != 0 || (f & (FIRST | LAST) != 0 && folded.chars().count() >= 5)
    }

    /// An ordinary word as listed, or an inflected form of one.
    pub fn is_listed_word(&self, folded: &str) -> bool {
        self.has(folded, WORD) || self.inflected(folded)
    }

    fn inflected(&self, folded: &str) -> bool {
        ENDINGS.iter().any(|e| {
            folded.len() >= e.len() + 4
                && folded.ends_with(e)
                && self.has(&folded[..folded.len() - e.len()], WORD)
        })
    }

    /// An ordinary word: listed, inflected, or a compound of ordinary words
    /// (`Bereitschaftspflegemutter`, `Hausaufgabenbetreuung`).
    pub fn is_word(&self, folded: &str) -> bool {
        self.is_listed_word(folded) || self.is_compound(folded, 0)
    }

    pub(super) fn is_compound(&self, folded: &str, depth: u8) -> bool {
        if depth > 2 || folded.len() < 6 || !folded.is_ascii() {
            return false;
        }
        (3..=folded.len() - 3).any(|i| {
            let (head, tail) = folded.split_at(i);
            self.is_head(head) && (self.is_noun(tail) || self.is_compound(tail, depth + 1))
        })
    }

    /// A listed noun or an inflected form of one: the last part of a compound.
    fn is_noun(&self, folded: &str) -> bool {
        // A common noun of four letters or more: proper nouns of the
        // statutes (`Rico`, `Lind`) make no compounds of names.
        let noun = |w: &str| {
            let f = self.flags(w);
            f & (NOUN | LOWER) == NOUN && f & (FIRST | LAST | PLACE) == 0 && w.len() >= 4
        };
        noun(folded)
            || ENDINGS.iter().chain(FEMININE).any(|e| {
                folded.len() >= e.len() + 3
                    && folded.ends_with(e)
                    && noun(&folded[..folded.len() - e.len()])
            })
    }

    /// The first part of a compound, with or without a linking element: a
    /// noun, or a word of four letters or more (`Bad`, `Hof` are nouns;
    /// `ans`, `mer` are no heads).
    pub(super) fn is_head(&self, head: &str) -> bool {
        let part = |w: &str| {
            let f = self.flags(w);
            f & (NOUN | LOWER) == NOUN || (f & WORD != 0 && w.len() >= 4)
        };
        part(head)
            || LINKS.iter().any(|l| {
                head.len() >= l.len() + 3
                    && head.ends_with(l)
                    && part(&head[..head.len() - l.len()])
            })
    }
}

/// Words that introduce a name directly: `Frau Özdemir`, `Dr. Meyer`.
pub const TITLES: &[&str] = &[
    "frau",
    "herr",
    "herrn",
    "fr",
    "hr",
    "hrn",
    "dr",
    "dres",
    "drs",
    "ddr",
    "dra",
    "prof",
    "doktor",
    "professor",
    "familie",
    "fam",
    "gez",
    "dipl",
    "med",
    "mag",
    "priv",
    "doz",
    "univ",
    "mult",
    "oa",
    "oae",
    "fa",
    "fae",
    "ass",
    "primar",
    "primaria",
    "primarin",
    "gruessen",
    "gruss",
    "gruesse",
    "betrifft",
    "betreff",
];

/// Particles that belong to the name after them (`von der Heide`, `al-Hassan`).
pub const PARTICLES: &[&str] = &[
    "von", "vom", "van", "de", "den", "der", "zu", "zur", "di", "da", "del", "della", "dos", "do",
    "du", "ten", "ter", "el", "al", "bin", "ibn", "abu", "abd", "ben", "bint", "le", "la", "mac",
    "mc", "ould", "ul",
];

/// Whether a folded word is a name particle.
pub fn is_particle(folded: &str) -> bool {
    static SET: OnceLock<ShortWords> = OnceLock::new();
    SET.get_or_init(|| ShortWords::new(PARTICLES)).contains(folded)
}

/// Particles that make a following capitalised word a name on their own
/// (`Al-Khatib`, `Abu Bakr`), where `von` or `de` would not.
pub const STRONG_PARTICLES: &[&str] =
    &["al", "el", "abu", "abd", "ibn", "bin", "bint", "ould", "ul"];

/// Role nouns that are whole words.
const ROLES: &[&str] = &[
    "km",
    "kv",
    "kim",
    "kiv",
    "mutter",
    "vater",
    "mama",
    "papa",
    "mami",
    "papi",
    "oma",
    "opa",
    "omi",
    "opi",
    "tante",
    "onkel",
    "bruder",
    "schwester",
    "sohn",
    "tochter",
    "cousin",
    "cousine",
    "neffe",
    "nichte",
    "enkel",
    "enkelin",
    "nachbar",
    "nachbarin",
    "partner",
    "partnerin",
    "freund",
    "freundin",
    "ehemann",
    "ehefrau",
    "mann",
    "lebensgefaehrte",
    "lebensgefaehrtin",
    "kollege",
    "kollegin",
    "lehrer",
    "lehrerin",
    "erzieher",
    "erzieherin",
    "arzt",
    "aerztin",
    "hebamme",
    "vormund",
    "vormuenderin",
    "betreuer",
    "betreuerin",
    "therapeut",
    "therapeutin",
    "psychologe",
    "psychologin",
    "richter",
    "richterin",
    "polizist",
    "polizistin",
    "beamter",
    "beamtin",
    "patient",
    "patientin",
    "pat",
    "klient",
    "klientin",
    "verfahrensbeistand",
    "verfahrensbeistaendin",
    "anwalt",
    "anwaeltin",
    "sachbearbeiter",
    "sachbearbeiterin",
    "leiter",
    "leiterin",
    "patienten",
    "patientinnen",
    "mitarbeiter",
    "mitarbeiterin",
    "trainer",
    "trainerin",
    "vermieter",
    "vermieterin",
    "babysitter",
    "babysitterin",
    "pfleger",
    "pflegerin",
    "dolmetscher",
    "dolmetscherin",
    "sprachmittler",
    "sprachmittlerin",
    "gutachter",
    "gutachterin",
    "stiefvater",
    "stiefmutter",
    "pate",
    "patin",
    "schwager",
    "schwaegerin",
    "ex",
    "exfreund",
    "exfreundin",
    "expartner",
    "expartnerin",
    "kindsmutter",
    "kindsvater",
    "kindesmutter",
    "kindesvater",
    "jugendliche",
    "jugendlicher",
    "mitbewohner",
    "mitbewohnerin",
    "bekannte",
    "bekannter",
    "zeuge",
    "zeugin",
    "hausmeister",
    "hausmeisterin",
    "chef",
    "chefin",
    "arbeitgeber",
    "arbeitgeberin",
];

/// Endings that make a compound a role noun (`Klassenlehrerin`,
/// `Bereitschaftspflegemutter`, `Rechtsanwältin`).
const ROLE_ENDINGS: &[&str] = &[
    "mutter",
    "vater",
    "partner",
    "partnerin",
    "freund",
    "freundin",
    "lehrer",
    "lehrerin",
    "arzt",
    "aerztin",
    "anwalt",
    "anwaeltin",
    "sitter",
    "sitterin",
    "trainer",
    "trainerin",
    "vermieter",
    "vermieterin",
    "nachbar",
    "nachbarin",
    "betreuer",
    "betreuerin",
    "erzieher",
    "erzieherin",
    "helfer",
    "helferin",
    "leiter",
    "leiterin",
    "berater",
    "beraterin",
    "therapeut",
    "therapeutin",
    "pfleger",
    "pflegerin",
    "schwester",
    "bruder",
    "kollege",
    "kollegin",
    "mitarbeiter",
    "mitarbeiterin",
    "begleiter",
    "begleiterin",
    "beistand",
    "richter",
    "richterin",
    "arbeiter",
    "arbeiterin",
    "gefaehrte",
    "gefaehrtin",
    "oma",
    "opa",
    "tante",
    "onkel",
    "hebamme",
    "psychologe",
    "psychologin",
    "beamter",
    "beamtin",
    "polizist",
    "polizistin",
    "bewohner",
    "bewohnerin",
    "sohn",
    "tochter",
    "patient",
    "patientin",
    "arztin",
    "aerzte",
    "oberarzt",
    "oberaerztin",
    "stationsarzt",
    "stationsaerztin",
    "assistenzarzt",
    "assistenzaerztin",
    "chefarzt",
    "chefaerztin",
    "orthoptistin",
    "orthoptist",
];

/// What a word says about the name after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cue {
    /// `Frau`, `Herr`, `Dr.`: the next capitalised word is a name, even an
    /// ordinary one (`Frau Koch`).
    Title,
    /// A role noun (`Mutter`, `Klassenlehrerin`, `KV`): the next word is a
    /// name if it is no ordinary word or on a name list.
    Role,
}

/// The cue a folded word gives, if any.
pub fn cue(folded: &str) -> Option<Cue> {
    let c = cues();
    if !c.may_be(folded) {
        return None;
    }
    if let Some(&cue) = c.whole.get(folded) {
        return Some(cue);
    }
    // A compound ending in a role whose first part is a word
    // (`Klassenlehrerin`), not a name ending so (`Jadassohn`).
    let l = lists();
    c.lengths
        .iter()
        .filter(|&&n| folded.len() > n + 2 && folded.is_char_boundary(folded.len() - n))
        .find(|&&n| {
            c.endings.contains(&folded[folded.len() - n..]) && {
                let head = &folded[..folded.len() - n];
                l.is_head(head) || l.is_word(head)
            }
        })
        .map(|_| Cue::Role)
}

/// The titles and role nouns, and what ends a compound role noun.
struct Cues {
    whole: FxHashMap<&'static str, Cue>,
    endings: FxHashSet<&'static str>,
    lengths: Vec<usize>,
    /// The last three letters of every title, role noun and role ending
    /// (`None` when one of them has no such code: then no quick answer).
    tails: Option<Vec<bool>>,
}

/// The last three letters of a folded word as a number, if they are `a`–`z`.
fn tail_code(f: &str) -> Option<usize> {
    let b = f.as_bytes();
    let n = b.len();
    let letter = |x: u8| x.is_ascii_lowercase().then(|| usize::from(x - b'a'));
    (n >= 3).then_some(())?;
    Some((letter(b[n - 3])? * 26 + letter(b[n - 2])?) * 26 + letter(b[n - 1])?)
}

fn cues() -> &'static Cues {
    static CUES: OnceLock<Cues> = OnceLock::new();
    CUES.get_or_init(|| {
        let mut whole = FxHashMap::default();
        whole.extend(ROLES.iter().map(|r| (*r, Cue::Role)));
        whole.extend(TITLES.iter().map(|t| (*t, Cue::Title)));
        let endings: FxHashSet<&str> = ROLE_ENDINGS.iter().copied().collect();
        let mut lengths: Vec<usize> = ROLE_ENDINGS.iter().map(|e| e.len()).collect();
        lengths.sort_unstable();
        lengths.dedup();
        let mut tails = vec![false; 26 * 26 * 26];
        let all_coded = ROLE_ENDINGS.iter().all(|e| match tail_code(e) {
            Some(c) => {
                tails[c] = true;
                true
            }
            None => false,
        });
        for w in ROLES.iter().chain(TITLES) {
            if let Some(c) = tail_code(w) {
                tails[c] = true;
            }
        }
        Cues { whole, endings, lengths, tails: all_coded.then_some(tails) }
    })
}

impl Cues {
    /// False when `folded` can be no title or role noun: its last three
    /// letters end none of them. A word whose end has no code (short, or
    /// with other letters) may be one.
    fn may_be(&self, folded: &str) -> bool {
        match (&self.tails, tail_code(folded)) {
            (Some(tails), Some(c)) => tails[c],
            _ => true,
        }
    }
}

/// Whether `folded` may be a title or role noun (a quick test before
/// [`cue`]: false is certain).
pub fn may_be_cue(folded: &str) -> bool {
    cues().may_be(folded)
}

/// Articles that may link two role nouns (`Freundin der Mutter X`).
pub fn is_article(folded: &str) -> bool {
    static SET: OnceLock<ShortWords> = OnceLock::new();
    SET.get_or_init(|| ShortWords::new(ARTICLES)).contains(folded)
}

/// Articles that may link two role nouns.
const ARTICLES: &[&str] =
    &["der", "die", "des", "dem", "den", "ihres", "ihrer", "seiner", "seines"];

/// A set of short words, each held as one number: asked millions of times
/// per text, a look-up is one hash of one number instead of string
/// comparisons.
pub struct ShortWords(FxHashSet<(u128, u8)>);

impl ShortWords {
    pub fn new(words: &[&str]) -> ShortWords {
        ShortWords(words.iter().map(|w| inline_key(w).expect("a word of up to 16 bytes")).collect())
    }

    pub fn contains(&self, word: &str) -> bool {
        inline_key(word).is_some_and(|k| self.0.contains(&k))
    }
}

/// Articles and prepositions after which a name that is also a word is the
/// word (`im Winter`, `der Koch`, `zum Engel`).
pub fn is_article_or_preposition(folded: &str) -> bool {
    static SET: OnceLock<ShortWords> = OnceLock::new();
    SET.get_or_init(|| ShortWords::new(&[ARTICLES, ARTICLES_AND_PREPOSITIONS].concat()))
        .contains(folded)
}

/// See [`is_article_or_preposition`] (besides [`ARTICLES`]).
const ARTICLES_AND_PREPOSITIONS: &[&str] = &[
    "das", "ein", "eine", "einen", "einem", "einer", "eines", "im", "am", "zum", "zur", "vom",
    "beim", "ins", "ans", "in", "an", "auf", "mit", "nach", "bei", "seit", "von", "aus", "zu",
    "fuer", "ueber", "unter", "vor", "hinter", "neben", "zwischen", "durch", "gegen", "ohne", "um",
    "kein", "keine", "keinen", "ihr", "ihre", "ihren", "sein", "seine", "seinen", "mein", "meine",
    "unser", "unsere", "jeder", "jede", "viel", "viele", "sehr", "so", "wie", "als", "ganz",
    "lange",
];

/// Surname endings of many origins: an unlisted capitalised word that is no
/// ordinary word and ends so is a name (`Kowalczyk`, `Osmanović`,
/// `Schewtschenko`, `Öztürkoğlu`, `Quellenbrink`).
const NAME_ENDINGS: &[&str] = &[
    "ski", "ska", "sky", "skyj", "skyi", "cki", "cka", "czyk", "czak", "wicz", "ovic", "evic",
    "ovich", "ovych", "evich", "enko", "chuk", "tschuk", "czuk", "iuk", "yuk", "juk", "ov", "ova",
    "ev", "eva", "ow", "owa", "ewa", "oglu", "yan", "jan", "ian", "zadeh", "zade", "poulos",
    "idis", "akis", "escu", "eanu", "shvili", "schwili", "dze", "adse", "ucci", "ez", "eiro",
    "brink", "kamp", "meier", "meyer", "mayer", "maier", "huber", "mann", "hoff", "horst",
    "berger", "inger", "ecker",
];

/// Endings of German nouns, adjectives and technical terms that names do
/// not have (`-ung`, `-keit`, `-ität`, `-itis`, `-ektomie`, `-lich`): an
/// unknown word ending so is a rare word, not a name.
const WORD_ENDINGS: &[&str] = &[
    "ung",
    "heit",
    "keit",
    "schaft",
    "tion",
    "itaet",
    "ismus",
    "nis",
    "tum",
    "chen",
    "lein",
    "isch",
    "lich",
    "maessig",
    "ieren",
    "iert",
    "ektomie",
    "tomie",
    "skopie",
    "graphie",
    "grafie",
    "logie",
    "therapie",
    "itis",
    "ament",
    "ationen",
    "ungen",
    "tionen",
    "plastik",
    "pathie",
    "aemie",
    "karzinom",
    "metastase",
    "fraktur",
    "sklerose",
    "parese",
    "trophie",
    "plasie",
];

/// Whether an unknown folded word ends like an ordinary German word or a
/// technical term (after taking off an inflection ending).
pub fn has_word_ending(folded: &str) -> bool {
    let ends = |w: &str| WORD_ENDINGS.iter().any(|e| w.len() > e.len() + 2 && w.ends_with(e));
    ends(folded)
        || ["e", "en", "er", "es", "em", "n", "s"]
            .iter()
            .any(|i| folded.strip_suffix(i).is_some_and(&ends))
}

/// Letters that German words do not have, not even loanwords (`ş`, `ğ`,
/// `ć`, `ž`, `ł`, `ê`, `î`): a word with one is a name, whatever the lexicon
/// says after folding.
pub fn strongly_foreign(text: &str) -> bool {
    text.chars().any(|c| {
        c.is_alphabetic()
            && !c.is_ascii()
            && !matches!(
                c,
                'ä' | 'ö'
                    | 'ü'
                    | 'Ä'
                    | 'Ö'
                    | 'Ü'
                    | 'ß'
                    | 'é'
                    | 'è'
                    | 'à'
                    | 'ç'
                    | 'á'
                    | 'ó'
                    | 'í'
                    | 'ñ'
                    | 'É'
                    | 'È'
                    | 'À'
                    | 'Ç'
            )
    })
}

/// Whether an all-capitals word is an abbreviation (`ASD`, `SGB`, `KJHG`,
/// `HzE`) rather than a name in capitals (`BAKO`, `REZKI`): short, and with
/// at most one vowel, or mixed case. `shadow` is the word in the view's
/// shadow (German letters as their base letters, case kept).
fn looks_abbreviated(shadow: &[u8]) -> bool {
    let vowels = shadow.iter().filter(|b| b"AEIOUYaeiouy".contains(b)).count();
    let lower = shadow.iter().any(u8::is_ascii_lowercase);
    vowels <= 1 || lower
}

/// Verbs of what people do, in the forms notes use: a capitalised unknown
/// word that does this (`Quellenbrink kam`, `dann rief Ahmadi an`) is a
/// person.
pub fn is_person_verb(folded: &str) -> bool {
    static SET: OnceLock<FxHashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        [
            "kam",
            "kamen",
            "kommt",
            "kommen",
            "ging",
            "gingen",
            "geht",
            "rief",
            "riefen",
            "ruft",
            "sagte",
            "sagten",
            "sagt",
            "erzaehlte",
            "erzaehlten",
            "erzaehlt",
            "berichtete",
            "berichteten",
            "berichtet",
            "weinte",
            "weint",
            "schrie",
            "schreit",
            "spielte",
            "spielten",
            "spielt",
            "holte",
            "holten",
            "holt",
            "brachte",
            "brachten",
            "bringt",
            "meldete",
            "meldeten",
            "meldet",
            "erschien",
            "erschienen",
            "erscheint",
            "wohnt",
            "wohnte",
            "wohnen",
            "lebt",
            "lebte",
            "arbeitet",
            "arbeitete",
            "besuchte",
            "besucht",
            "zog",
            "zogen",
            "lachte",
            "lacht",
            "schlief",
            "schlaeft",
            "telefonierte",
            "schrieb",
            "fragte",
            "antwortete",
            "erklaerte",
            "uebernahm",
            "uebernimmt",
            "kuemmert",
            "kuemmerte",
            "half",
            "hilft",
            "wartete",
            "drohte",
            "droht",
            "schlug",
            "schlaegt",
            "verliess",
            "betreute",
            "betreut",
            "begleitete",
            "begleitet",
            "oeffnete",
            "bestaetigte",
            "bat",
            "aeusserte",
            "verweigerte",
            "lehnte",
            "stimmte",
            "heisst",
            "hiess",
            "erzaehlte",
            "vereinbarte",
            "sprach",
            "spricht",
            "weigerte",
            "beschwerte",
            "entschuldigte",
            "verliess",
            "betrat",
            "tobte",
            "weinten",
            "lachten",
            "schliefen",
            "trank",
            "mochte",
            "liebt",
            "liebte",
            "hasst",
            "erschien",
            "anwesend",
            "abwesend",
            "erschienen",
        ]
        .into_iter()
        .collect()
    })
    .contains(folded)
}

/// Whether a folded word ends like a surname.
pub fn has_name_ending(folded: &str) -> bool {
    static E: OnceLock<Endings> = OnceLock::new();
    E.get_or_init(|| Endings::new(NAME_ENDINGS)).end(folded, 3)
}

/// A list of endings as one set per length: a word is checked with one
/// look-up per length instead of a scan of the list.
struct Endings(Vec<(usize, FxHashSet<&'static str>)>);

impl Endings {
    fn new(endings: &[&'static str]) -> Endings {
        let mut by_len: Vec<(usize, FxHashSet<&'static str>)> = Vec::new();
        for &e in endings {
            match by_len.iter_mut().find(|(n, _)| *n == e.len()) {
                Some((_, set)) => {
                    set.insert(e);
                }
                None => by_len.push((e.len(), [e].into_iter().collect())),
            }
        }
        Endings(by_len)
    }

    /// Whether `folded` ends in one of the endings, with at least `stem`
    /// bytes before it.
    fn end(&self, folded: &str, stem: usize) -> bool {
        self.0.iter().any(|(n, set)| {
            folded.len() >= n + stem
                && folded.is_char_boundary(folded.len() - n)
                && set.contains(&folded[folded.len() - n..])
        })
    }
}

/// Abbreviations of the field that are no names although capitalised and
/// unlisted (`ASD`, `HzE`, `SPFH`).
///
/// `shadow` is the word in the view's shadow: for a word of German letters
/// (anything else is no abbreviation) it has the same capitals and vowels.
pub fn is_abbreviation(shadow: &[u8], shape: crate::text::Shape) -> bool {
    let n = shadow.len();
    if shape.foreign() {
        return false;
    }
    // ASD, SGB, KiTa, HzE, SPFH: short, with more than one capital, and few
    // vowels or mixed case (`BAKO` is a name in capitals).
    n <= 5
        && shadow.iter().filter(|b| b.is_ascii_uppercase()).count() >= 2
        && (looks_abbreviated(shadow) || n <= 2)
}

/// Words after which a number is a time, not a house number (`Im Jahr
/// 2019`, `In der Woche 4`, `Im Raum 3`).
pub fn is_time_or_counter(folded: &str) -> bool {
    matches!(
        folded,
        "jahr"
            | "jahre"
            | "jahren"
            | "sommer"
            | "winter"
            | "herbst"
            | "fruehjahr"
            | "fruehling"
            | "monat"
            | "monate"
            | "woche"
            | "wochen"
            | "kw"
            | "alter"
            | "zeitraum"
            | "quartal"
            | "halbjahr"
            | "schuljahr"
            | "kitajahr"
            | "verlauf"
            | "raum"
            | "zimmer"
            | "gruppe"
            | "klasse"
            | "stufe"
            | "phase"
            | "stock"
            | "etage"
            | "termin"
            | "gespraech"
            | "punkt"
            | "abschnitt"
            | "kapitel"
            | "absatz"
            | "fall"
            | "schritt"
            | "teil"
            | "bereich"
            | "team"
            | "modul"
            | "block"
            | "runde"
            | "sitzung"
            | "lebensjahr"
            | "tag"
            | "tage"
            | "stunde"
            | "stunden"
            | "minute"
            | "minuten"
            | "januar"
            | "februar"
            | "maerz"
            | "april"
            | "mai"
            | "juni"
            | "juli"
            | "august"
            | "september"
            | "oktober"
            | "november"
            | "dezember"
            | "montag"
            | "dienstag"
            | "mittwoch"
            | "donnerstag"
            | "freitag"
            | "samstag"
            | "sonntag"
            | "sonnabend"
            | "jahrgang"
            | "note"
            | "seite"
            | "nummer"
            | "version"
            | "ebene"
            | "kategorie"
            | "gruppenraum"
            | "haus"
            | "bus"
            | "linie"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_word_sets_answer_as_the_lists() {
        assert!(is_article_or_preposition("zwischen") && is_article_or_preposition("der"));
        assert!(!is_article_or_preposition("zwischenzeitlich") && !is_article_or_preposition(""));
        assert!(is_article("seines") && !is_article("das"));
        assert!(PARTICLES.iter().all(|p| is_particle(p)));
        assert!(!is_particle("vonder") && !is_particle("v"));
    }

    #[test]
    fn the_table_memo_answers_as_the_table() {
        let l = lists();
        for w in ["jugendamt", "mehmet", "berlin", "xqzvwk", "bereitschaftspflegemutter", ""] {
            // Twice: the second answer comes from the memo (long words bypass it).
            assert_eq!(l.flags(w), l.table.get(w).unwrap_or(0), "{w}");
            assert_eq!(l.flags(w), l.table.get(w).unwrap_or(0), "{w}");
        }
    }

    #[test]
    fn lexicon_knows_inflections_and_compounds() {
        let l = lists();
        for w in ["Hof", "spielten", "Hausbesuch", "Kinderzimmer", "Engel", "Winter", "Koch"] {
            assert!(l.is_word(&fold(w)), "{w}");
        }
        for w in ["Bereitschaftspflegemutter", "Hausaufgabenbetreuung", "Kitaleitungen"] {
            assert!(l.is_word(&fold(w)), "{w}");
        }
        for w in ["Kowalczyk", "Quellenbrink", "Osmanović", "Mehret", "Wael"] {
            assert!(!l.is_word(&fold(w)), "{w}");
        }
    }

    #[test]
    fn names_of_many_origins() {
        let l = lists();
        for w in ["Lena", "Amir", "Mehret", "Wael", "Zarah", "Bohdan", "Rojda", "Yılmaz"] {
            assert!(l.is_name(&fold(w)), "{w}");
        }
        for w in ["Kowalczyk", "Schewtschenko", "Shevchenko", "Koch"] {
            assert!(l.is_name(&fold(w)), "{w}");
        }
        for w in ["die", "und", "januar", "von"] {
            assert!(!l.is_name(w), "{w}");
        }
    }

    #[test]
    fn cues() {
        assert_eq!(cue("frau"), Some(Cue::Title));
        for w in ["klassenlehrerin", "bereitschaftspflegemutter", "vermieter", "babysitterin"] {
            assert_eq!(cue(w), Some(Cue::Role), "{w}");
        }
        assert_eq!(cue(&fold("Rechtsanwältin")), Some(Cue::Role));
        assert_eq!(cue("kv"), Some(Cue::Role));
        assert_eq!(cue("haus"), None);
    }
}
