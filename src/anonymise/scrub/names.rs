//! Names nobody listed: a context grammar over the words of the view.
//!
//! - **Role context**: a title (`Frau`, `Herr`, `Dr.`) or a role noun — also
//!   inside a compound by its ending (`Klassenlehrerin`,
//!   `Bereitschaftspflegemutter`, `Rechtsanwältin`) — optionally linked to
//!   another role (`Freundin der Mutter`, `neuer Partner der Mutter`,
//!   `Nachbarin Frau`), then initials, particles (`von`, `al-`, `bin`) and
//!   one to three name words. After a title any capitalised word is a name
//!   (`Frau Koch`); after a role noun a word that is no ordinary word or is
//!   on a name list.
//! - **Name lists**: a word on a name list that is no ordinary word is a
//!   name anywhere, in any case when the sentence is typed all in lower
//!   case; one that is also a word (`Winter`, `Engel`) only next to another
//!   name.
//! - **Lexicon**: a capitalised word that is no ordinary word (inflection and
//!   compounds included) and no abbreviation is a candidate. It is replaced
//!   when something corroborates it: a letter outside the German alphabet,
//!   a surname ending, a particle (`Al-`), a neighbouring name, a role noun
//!   right after it (`Kowalczyk (Vermieter)`). Otherwise it goes to the
//!   review list, ranked.

use super::lexicon::Lexicon;
use super::lists::{self, Cue};
use super::{Cand, Category, Rule};
use crate::text::View;

/// Sentence typing of a token: lower case throughout, or capitals
/// throughout (then every word counts as capitalised).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mode {
    Normal,
    Lower,
    Upper,
}

fn modes(view: &View) -> Vec<Mode> {
    let toks = &view.tokens;
    let mut out = vec![Mode::Normal; toks.len()];
    let mut s = 0;
    while s < toks.len() {
        let mut e = s + 1;
        while e < toks.len() && !toks[e].shape.initial() {
            e += 1;
        }
        let (mut alpha, mut lower, mut upper) = (0, true, true);
        for t in toks[s..e].iter().filter(|t| t.shape.alpha()) {
            alpha += 1;
            lower &= !t.shape.cap();
            upper &= t.shape.upper();
        }
        let mode = if alpha >= 2 && lower {
            Mode::Lower
        } else if alpha >= 3 && upper {
            Mode::Upper
        } else {
            Mode::Normal
        };
        for m in &mut out[s..e] {
            *m = mode;
        }
        s = e;
    }
    out
}

struct Ctx<'a, 'v> {
    view: &'v View,
    /// Replace capitalised words no lexicon knows even without context.
    strict: bool,
    /// The lists, asked once per word.
    lists: &'a Lexicon<'v>,
    modes: Vec<Mode>,
    /// Tokens taken by identifiers of the case or by patterns.
    taken: &'a [bool],
    /// Tokens that are names: 2 an identifier of the case, 1 learned or
    /// found here, 0 not (yet).
    named: Vec<u8>,
}

impl<'v> Ctx<'_, 'v> {
    fn f(&self, k: usize) -> &'v str {
        self.view.folded(&self.view.tokens[k])
    }

    fn free(&self, k: usize) -> bool {
        !self.taken[k] && self.named[k] == 0
    }

    /// Capitalised as a name would be, given how the sentence is typed.
    fn capitalised(&self, k: usize) -> bool {
        let s = self.view.tokens[k].shape;
        s.cap() || s.upper() || (self.modes[k] == Mode::Lower && s.lower())
    }

    fn gap(&self, a: usize, b: usize) -> &[u8] {
        let t = &self.view.tokens;
        &self.view.shadow.as_bytes()[t[a].end()..t[b].start()]
    }

    /// Two words of one name: a space, a hyphen, an initial's period.
    fn tight(&self, a: usize, b: usize) -> bool {
        match self.gap(a, b) {
            b" " | b"  " | b"-" | b" - " => true,
            // After an initial: `A. Meyer`.
            b". " | b"." => self.initial(a),
            _ => false,
        }
    }

    /// A role and what follows it: also across a comma, colon or period
    /// (`Nachbarin, Frau X`, `Vermieter: Koch`, `Dr.med. X`); after a
    /// closing formula (`Mit freundlichen Grüßen`) across line breaks.
    fn after_role(&self, a: usize, b: usize) -> bool {
        let gap = self.gap(a, b);
        // The gap without spaces, when it is two characters at most.
        let mut buf = [0u8; 2];
        let mut len = 0;
        for &c in gap.iter().filter(|&&c| c != b' ') {
            if let Some(slot) = buf.get_mut(len) {
                *slot = c;
            }
            len += 1;
        }
        let short = buf.get(..len);
        // Also an opening quote: `KV »WESTERWALD«`, `Nachbarin „Rosenhagen“`.
        if matches!(short, Some(b"" | b"," | b":" | b"-" | b"\"" | b"'" | b":\"")) {
            return true;
        }
        // A period belongs to an abbreviated title (`Dr.`, `Prof.`), not to
        // a sentence that ends with a role (`in der Familie. Absprache`).
        if matches!(short, Some(b"." | b".,")) {
            let t = &self.view.tokens[a];
            return t.end() - t.start() <= 4 && self.cue(a).is_some();
        }
        matches!(self.f(a), "gruessen" | "gruss" | "gruesse")
            && gap.iter().all(|&c| matches!(c, b'\n' | b',' | b' '))
            && gap.iter().filter(|&&c| c == b'\n').count() <= 4
    }

    /// An ordinary word (the lexicon keeps the answer per word).
    fn word(&self, k: usize) -> bool {
        self.lists.is_word_at(k)
    }

    /// A title or role noun (the lexicon keeps the answer per word).
    fn cue(&self, k: usize) -> Option<Cue> {
        if self.view.tokens[k].shape.alpha() { self.lists.cue_at(k) } else { None }
    }

    fn abbreviation(&self, k: usize) -> bool {
        let t = &self.view.tokens[k];
        self.modes[k] != Mode::Upper
            && lists::is_abbreviation(&self.view.shadow.as_bytes()[t.start()..t.end()], t.shape)
    }

    /// An initial: one or two letters, capitalised, with a period (`K.`, `Ch.`).
    fn initial(&self, k: usize) -> bool {
        let t = &self.view.tokens[k];
        (t.end() - t.start() == 1
            || (t.end() - t.start() == 2
                && !self.view.char_at(t.start() + 1).is_some_and(char::is_uppercase)))
            && t.shape.cap()
            && self.view.shadow.as_bytes().get(t.end()) == Some(&b'.')
    }

    fn particle(&self, k: usize) -> bool {
        let t = &self.view.tokens[k];
        t.end() - t.start() <= 5 && lists::is_particle(self.f(k))
    }

    /// Whether token `k` can be a name word after a cue of this strength.
    fn name_word(&self, k: usize, after: Option<Cue>) -> bool {
        let t = &self.view.tokens[k];
        if self.named[k] > 0 && !self.taken[k] {
            return true;
        }
        if !t.shape.alpha() || !self.capitalised(k) || !self.free(k) {
            return false;
        }
        let f = self.f(k);
        if self.cue(k).is_some() || (f.len() < 2) {
            return false;
        }
        if after == Some(Cue::Title) {
            return !lists::is_article_or_preposition(f)
                && (!self.abbreviation(k) || self.lists.is_name_at(k));
        }
        if self.abbreviation(k) && !self.lists.is_name_at(k) {
            return false;
        }
        // A surname written in capitals after a role (`KV WESTERWALD`), in a
        // sentence that is not all capitals: notes set names off so.
        if t.shape.upper() && self.modes[k] != Mode::Upper && f.len() >= 4 {
            return true;
        }
        // A compound that is no listed word is a name after a role
        // (`Tante Reinlind`); a listed word is not (`Mutter Angst`).
        self.lists.is_name_at(k) || !self.lists.is_listed_word_at(k) || t.shape.foreign()
    }

    fn mark(&mut self, a: usize, z: usize) {
        for n in &mut self.named[a..=z] {
            *n = (*n).max(1);
        }
    }
}

/// Finds names in the view. `taken` marks tokens already covered by
/// patterns, `named` tokens covered by identifiers of the case.
pub(super) fn find<'v>(
    view: &'v View,
    lexicon: &'v Lexicon<'v>,
    taken: &[bool],
    named: &[u8],
    strict: bool,
    out: &mut Vec<Cand>,
) {
    let mut cx =
        Ctx { view, strict, lists: lexicon, modes: modes(view), taken, named: named.to_vec() };
    roles(&mut cx, out);
    listed_and_unknown(&mut cx, out);
    neighbours(&mut cx, out);
}

/// Names in role context.
fn roles(cx: &mut Ctx<'_, '_>, out: &mut Vec<Cand>) {
    let n = cx.view.tokens.len();
    let mut i = 0;
    while i < n {
        let s = cx.view.tokens[i].shape;
        let short = cx.view.tokens[i].end() - cx.view.tokens[i].start() == 2;
        if !(s.cap() || s.upper() || short || cx.modes[i] == Mode::Lower) {
            i += 1;
            continue;
        }
        let Some(mut cue) = cx.cue(i) else {
            i += 1;
            continue;
        };
        let role_typed = s.cap() || s.upper() || cx.modes[i] == Mode::Lower || cx.f(i).len() == 2;
        if !role_typed || cx.taken[i] {
            i += 1;
            continue;
        }
        // Chains: `Frau Dr.`, `Nachbarin Frau`, `Freundin der Mutter`, `Ex-Partner`.
        let mut j = i + 1;
        while j < n && cx.after_role(j - 1, j) {
            let f = cx.f(j);
            if let Some(c) = cx.cue(j) {
                if c == Cue::Title {
                    cue = Cue::Title;
                }
                j += 1;
            } else if lists::is_article(f) && j + 1 < n && cx.cue(j + 1).is_some() {
                j += 2;
                cue = cx.cue(j - 1).unwrap_or(cue);
            } else if lists::is_article(f)
                && j + 1 < n
                && cx.tight(j, j + 1)
                && cx.name_word(j + 1, Some(Cue::Role))
                && cx.lists.is_name_at(j + 1)
                && !cx.word(j + 1)
            {
                j += 1;
                break;
            } else {
                break;
            }
        }
        // `Der Partner heißt wohl Steinhausen`: a role named by `heißt`; what
        // follows is a name even if it is a word or a place.
        if let Some(h) = named_by(cx, j) {
            j = h;
            cue = Cue::Title;
        }
        match name_at(cx, j, Some(cue)) {
            Some(z) => {
                let rule = if cue == Cue::Title { Rule::Title } else { Rule::Role };
                let (a, mut z) = widen_names(cx, j, z);
                push(cx, out, a, z, rule);
                // `Drs. Seiler und Wantzer`, `Herr und Frau X`: a second name
                // after `und` belongs to a plural title.
                if matches!(cx.f(i), "drs" | "dres")
                    && z + 2 < n
                    && cx.f(z + 1) == "und"
                    && let Some(z2) = name_at(cx, z + 2, Some(Cue::Title))
                {
                    push(cx, out, z + 2, z2, rule);
                    z = z2;
                }
                i = z + 1;
            }
            None => i = j.max(i + 1),
        }
    }
}

/// After a role: `heißt`, `hieß`, `namens` and hedges (`wohl`,
/// `vermutlich`), then a capitalised word. Returns where the name starts.
fn named_by(cx: &Ctx<'_, '_>, j: usize) -> Option<usize> {
    let n = cx.view.tokens.len();
    if j >= n || j == 0 || !matches!(cx.f(j), "heisst" | "hiess" | "namens" | "heisse") {
        return None;
    }
    let mut k = j + 1;
    while k < n
        && matches!(
            cx.f(k),
            "wohl" | "vermutlich" | "angeblich" | "offenbar" | "anscheinend" | "wahrscheinlich"
        )
    {
        k += 1;
    }
    let same_clause = |a: usize, b: usize| cx.gap(a, b) == b" ";
    // The name may stand in quotes: `heißt wohl „Steinhausen“`.
    let before_name = |a: usize, b: usize| matches!(cx.gap(a, b), b" " | b" \"" | b" '");
    (k < n
        && (j..k - 1).all(|m| same_clause(m, m + 1))
        && before_name(k - 1, k)
        && same_clause(j - 1, j)
        && cx.capitalised(k))
    .then_some(k)
}

/// A name starting at token `j`: initials, particles, one to three name
/// words. Returns the last token.
fn name_at(cx: &Ctx<'_, '_>, j: usize, cue: Option<Cue>) -> Option<usize> {
    let n = cx.view.tokens.len();
    let mut k = j;
    let mut words = 0;
    let mut last = None;
    let mut initials = None;
    let mut after_particle = false;
    while k < n && words < 3 {
        if k > j && !cx.tight(k - 1, k) {
            break;
        }
        if k == j && j > 0 && cue.is_some() && !cx.after_role(j - 1, j) {
            break;
        }
        if cx.initial(k) && cx.free(k) {
            initials = Some(k);
            k += 1;
            continue;
        }
        let strength =
            if words == 0 || after_particle { cue.or(Some(Cue::Role)) } else { Some(Cue::Role) };
        if cx.particle(k)
            && k + 1 < n
            && cx.tight(k, k + 1)
            && cx.name_word(k + 1, Some(Cue::Title))
        {
            after_particle = true;
            k += 1;
            continue;
        }
        // After a first name from the lists, any capitalised word goes with
        // it (`Annegret Hufnagel`, `Maria Lange`); after a particle too.
        let after_first = last.is_some_and(|l| {
            cx.lists.is_first_name_at(l)
                && !cx.lists.is_listed_word_at(l)
                && cx.lists.is_standalone_name_at(l)
        }) && cx.name_word(k, Some(Cue::Title))
            && !lists::is_article_or_preposition(cx.f(k))
            && !cx.abbreviation(k);
        // `Kowalek-Hagedorn`: the part after a hyphen goes with the name
        // unless it is an ordinary word as listed; after a title always in
        // exports (`Frau Öztaş-Eschenrieder`).
        let hyphen_part = last.is_some()
            && cx.gap(k - 1, k) == b"-"
            && cx.name_word(k, Some(Cue::Title))
            && ((cx.strict && cue == Some(Cue::Title))
                || !cx.lists.is_listed_word_at(k)
                || cx.lists.is_place_at(k));
        let strong = (after_particle || hyphen_part) && cx.name_word(k, Some(Cue::Title));
        if !after_first && !strong && !cx.name_word(k, strength) {
            break;
        }
        after_particle = false;
        last = Some(k);
        words += 1;
        k += 1;
    }
    // `Frau I.`, `Herrn W.`: an initial alone after a title is a name.
    if last.is_none() && cue == Some(Cue::Title) {
        return initials;
    }
    // `SURNAME, Firstname`: a first name after a comma belongs to it.
    if let Some(l) = last
        && l + 1 < n
        && cx.gap(l, l + 1) == b", "
        && !cx.taken[l + 1]
        && cx.named[l + 1] < 2
        && cx.capitalised(l + 1)
        && cx.lists.is_first_name_at(l + 1)
        && cx.lists.is_standalone_name_at(l + 1)
        && !cx.lists.is_listed_word_at(l + 1)
    {
        return Some(l + 1);
    }
    last
}

/// Marks tokens `a..=z` as a name and emits spans for the runs of them that
/// no identifier of the case covers already (those keep their label).
fn push(cx: &mut Ctx<'_, '_>, out: &mut Vec<Cand>, a: usize, z: usize, rule: Rule) {
    let t = &cx.view.tokens;
    // Particles before a name go with it (`vom Rosenkamp`, `De Contsi`).
    let mut a = a;
    while a > 0 && cx.particle(a - 1) && cx.tight(a - 1, a) && cx.named[a - 1] < 2 {
        a -= 1;
    }
    let mut k = a;
    while k <= z {
        if cx.named[k] == 2 {
            k += 1;
            continue;
        }
        let start = k;
        while k < z && cx.named[k + 1] < 2 {
            k += 1;
        }
        let mut end = t[k].end();
        let next = cx.view.char_at(end);
        let genitive = next.is_some_and(|c| matches!(c, '\'' | '’')) && cx.f(k).ends_with('s');
        if genitive || (next == Some('.') && cx.initial(k)) {
            end += 1;
        }
        out.push(Cand::new(t[start].start(), end, Category::Name, "[Name]", rule));
        k += 1;
    }
    cx.mark(a, z);
}

/// Folded words the view itself shows to be nouns or terms: after an
/// article or a contraction (`der Metastase`, `im Sono`), after an
/// attributive adjective (`arterielle Hypertonie`), or before a dose
/// (`Pantoloc 40 mg`). Names are rarely written so.
fn nouns_in<'v>(cx: &Ctx<'_, 'v>) -> rustc_hash::FxHashSet<&'v str> {
    let toks = &cx.view.tokens;
    let mut out = rustc_hash::FxHashSet::default();
    for k in 1..toks.len() {
        let t = &toks[k];
        if !(t.shape.cap() && t.shape.alpha()) || t.start() != toks[k - 1].end() + 1 {
            continue;
        }
        let p = cx.f(k - 1);
        let determiner = matches!(
            p,
            "der"
                | "die"
                | "das"
                | "des"
                | "dem"
                | "den"
                | "ein"
                | "eine"
                | "einer"
                | "eines"
                | "einem"
                | "einen"
                | "kein"
                | "keine"
                | "keiner"
                | "keinen"
                | "im"
                | "am"
                | "zum"
                | "zur"
                | "vom"
                | "beim"
                | "ins"
                | "ans"
                | "unter"
                | "bei"
                | "nach"
                | "mit"
                | "ohne"
                | "gegen"
                | "durch"
                | "fuer"
                | "seit"
                | "per"
                | "bds"
                | "li"
                | "re"
        );
        let adjective = toks[k - 1].shape.lower()
            && p.len() > 4
            && ["e", "en", "er", "es", "em"].iter().any(|e| p.ends_with(e))
            && cx.lists.is_listed_word(p);
        let dose = toks.get(k + 1).is_some_and(|d| d.shape.digits() && d.start() <= t.end() + 2);
        if determiner || adjective || dose {
            out.insert(cx.f(k));
        }
    }
    out
}

/// Names from the lists, and capitalised words the lexicon does not know.
fn listed_and_unknown(cx: &mut Ctx<'_, '_>, out: &mut Vec<Cand>) {
    let n = cx.view.tokens.len();
    let nouns = nouns_in(cx);
    // First the unambiguous list names, so that their neighbours can lean on them.
    let mut i = 0;
    while i < n {
        if cx.free(i) && listed_name(cx, i) {
            let z = name_at(cx, i, None).unwrap_or(i).max(i);
            let mut a = i;
            while a > 0 && cx.tight(a - 1, a) && (precedes_name(cx, a - 1) || cx.initial(a - 1)) {
                a -= 1;
            }
            // `Haefner, Heinz`: a surname before a comma and a first name.
            if a == i
                && a > 0
                && cx.gap(a - 1, a) == b", "
                && cx.lists.is_first_name_at(a)
                && cx.lists.is_standalone_name_at(a)
                && cx.free(a - 1)
                && cx.view.tokens[a - 1].shape.alpha()
                && cx.capitalised(a - 1)
                && cx.cue(a - 1).is_none()
                && (!cx.word(a - 1) || cx.lists.is_name_at(a - 1))
            {
                a -= 1;
            }
            let (a, z) = widen_names(cx, a, z);
            push(cx, out, a, z, Rule::List);
            i = z + 1;
        } else {
            i += 1;
        }
    }
    // Then the words the lexicon does not know.
    for k in 0..n {
        if !cx.free(k) {
            continue;
        }
        let t = cx.view.tokens[k];
        if !t.shape.alpha() || !cx.capitalised(k) || t.end() - t.start() < 3 {
            continue;
        }
        let f = cx.f(k);
        if cx.cue(k).is_some() || lists::is_article_or_preposition(f) || cx.particle(k) {
            continue;
        }
        let listed = cx.lists.is_name_at(k);
        if cx.abbreviation(k) && !listed {
            continue;
        }
        let word = cx.word(k);
        let next_to_name = (k > 0 && cx.named[k - 1] > 0 && cx.tight(k - 1, k))
            || (k + 1 < n && cx.named[k + 1] > 0 && cx.tight(k, k + 1));
        // `Şêxê`, `Barê`: letters no German word has.
        if t.shape.foreign() && lists::strongly_foreign(cx.view.slice(t.start(), t.end())) {
            let (a, z) = widen_names(cx, k, k);
            push(cx, out, a, z, Rule::Foreign);
            continue;
        }
        // `vom Bruchwald`, `von Holzbeck`: a particle before a capitalised
        // word that is no listed word.
        let name_particle = k > 0
            && cx.tight(k - 1, k)
            && matches!(
                cx.f(k - 1),
                "von"
                    | "vom"
                    | "van"
                    | "zu"
                    | "de"
                    | "di"
                    | "da"
                    | "del"
                    | "della"
                    | "dos"
                    | "du"
                    | "ter"
                    | "ten"
                    | "le"
                    | "la"
            );
        let after_name = k >= 2 && cx.named[k - 2] > 0 && cx.tight(k - 2, k - 1);
        let role_after = || {
            (k + 1..(k + 3).min(n)).any(|m| {
                cx.cue(m).is_some()
                    && cx.view.shadow.as_bytes()[t.end()..cx.view.tokens[m].start()]
                        .iter()
                        .any(|b| matches!(b, b'(' | b','))
            })
        };
        // `vom Steinberger (Vermieterin)`: a particle and a role in brackets
        // name a person even when the word is a compound.
        if name_particle
            && !listed
            && (after_name || role_after() || (cx.strict && (!word || name_compound(cx, k))))
        {
            push(cx, out, k, k, Rule::Context);
            continue;
        }
        // `heißt wohl Daran`: a word the lexicon knows only in lower case,
        // capitalised inside a sentence.
        if cx.strict
            && word
            && !t.shape.initial()
            && t.shape.cap()
            && !t.shape.upper()
            && cx.lists.flags_at(k) & (lists::NOUN | lists::LOWER) == lists::LOWER
            && !listed
        {
            push(cx, out, k, k, Rule::Unknown);
            continue;
        }
        let genitive_before = k > 0 && {
            let p = cx.f(k - 1);
            p.ends_with('s') || cx.view.char_at(cx.view.tokens[k - 1].end()) == Some('\'')
        };
        if listed {
            // An ambiguous list name (`Winter`, `Engel`): a name only next to
            // a name (not after a genitive: `Lenas Zimmer`); a short rare one
            // that is no word (`Hara`) as unknown.
            if (next_to_name && !(genitive_before && word)) || role_after() {
                push(cx, out, k, k, Rule::List);
            } else if cx.strict && !word && !lists::has_word_ending(f) {
                push(cx, out, k, k, Rule::Unknown);
            }
            continue;
        }
        if word && !name_compound(cx, k) {
            continue;
        }
        let strong_particle = k > 0
            && lists::STRONG_PARTICLES.contains(&cx.f(k - 1))
            && matches!(cx.gap(k - 1, k), b"-" | b" ");
        // `Quellenbrink kam`, `dann rief Wael an`, `Lenas Zimmer`, `Amir und
        // Lena spielten`: what people do, whose things are named.
        let acts = person_context(cx, k);
        // `Hendlbein H.`, `J. Thiel`: a surname next to an initial.
        let initial_after = (k + 1 < n && cx.gap(k, k + 1) == b" " && cx.initial(k + 1))
            || (k > 0 && cx.initial(k - 1) && cx.tight(k - 1, k));
        let inner_capital =
            cx.view.shadow.as_bytes()[t.start() + 1..t.end()].iter().any(u8::is_ascii_uppercase)
                && !t.shape.upper();
        let rule = if t.shape.foreign() {
            Some(Rule::Foreign)
        } else if lists::has_name_ending(f) && !inner_capital {
            Some(Rule::Ending)
        } else if strong_particle
            || (next_to_name && !genitive_before)
            || role_after()
            || initial_after
            || acts
        {
            Some(Rule::Context)
        } else if cx.strict && !inner_capital && !lists::has_word_ending(f) && !nouns.contains(f) {
            // A capitalised word no lexicon knows: in German text, where every
            // noun is capitalised, a name more often than not. Replaced (a
            // missed name costs more than a lost rare word), scored lower.
            Some(Rule::Unknown)
        } else {
            None
        };
        if let Some(r) = rule {
            let mut a = if strong_particle { k - 1 } else { k };
            while a > 0 && cx.initial(a - 1) && cx.tight(a - 1, a) {
                a -= 1;
            }
            let (a, z) = widen_names(cx, a, k);
            push(cx, out, a, z, r);
        }
    }
}

/// Whether token `k` stands where a person does: subject of a verb of what
/// people do (after or before it, in the same clause), possessive before a
/// noun (`Quellenbrinks Hund`), or joined by `und` to a name or to another
/// such word (`Amir und Lena spielten`).
fn person_context(cx: &Ctx<'_, '_>, k: usize) -> bool {
    let toks = &cx.view.tokens;
    let n = toks.len();
    let same_clause = |a: usize, b: usize| {
        cx.view.shadow.as_bytes()[toks[a].end()..toks[b].start()]
            .iter()
            .all(|&c| c == b' ' || c == b'-' || c == b'\'')
    };
    // A verb right after (`X kam`, `X und Y spielten`, `X rief an`).
    let mut m = k + 1;
    let mut seen_and = false;
    while m < n && m <= k + 4 && same_clause(m - 1, m) {
        let f = cx.f(m);
        if lists::is_person_verb(f) {
            return true;
        }
        if f == "und" && !seen_and {
            seen_and = true;
        } else if (!toks[m].shape.cap() || !seen_and)
            && !matches!(
                f,
                "heute" | "gestern" | "dann" | "auch" | "erst" | "nicht" | "sofort" | "ebenfalls"
            )
        {
            break;
        }
        m += 1;
    }
    // A verb right before, in second position (`Gestern kam X`, `Dann war X
    // da`), or `und` after a name.
    if k >= 1 && same_clause(k - 1, k) {
        let p = cx.f(k - 1);
        // `Das heißt Ärger`: `heißt` meaning "means" names no one.
        let means = p == "heisst" && k >= 2 && matches!(cx.f(k - 2), "das" | "dies" | "es" | "was");
        if lists::is_person_verb(p) && p != "hat" && p != "habe" && !means {
            return true;
        }
        if p == "und" && k >= 2 && cx.named[k - 2] > 0 {
            return true;
        }
    }
    // Possessive: `Quellenbrinks Hund`, `Lenas Zimmer`.
    let f = cx.f(k);
    (f.ends_with('s') || cx.view.char_at(toks[k].end()) == Some('\''))
        && k + 1 < n
        && toks[k + 1].shape.cap()
        && same_clause(k, k + 1)
        && cx.lists.is_listed_word_at(k + 1)
}

/// Capitalised words next to a name found after them (`Tattri Wolkowa`):
/// run after the other rules, until nothing changes.
fn neighbours(cx: &mut Ctx<'_, '_>, out: &mut Vec<Cand>) {
    let n = cx.view.tokens.len();
    if !cx.strict {
        return;
    }
    for _ in 0..2 {
        let mut changed = false;
        for k in 0..n {
            let t = cx.view.tokens[k];
            if !cx.free(k) || !t.shape.alpha() || !cx.capitalised(k) || t.end() - t.start() < 3 {
                continue;
            }
            let f = cx.f(k);
            if cx.cue(k).is_some() || lists::is_article_or_preposition(f) || cx.particle(k) {
                continue;
            }
            let beside = (k + 1 < n && cx.named[k + 1] > 0 && cx.tight(k, k + 1))
                || (k > 0 && cx.named[k - 1] > 0 && cx.tight(k - 1, k));
            // A listed word beside a name is a name too inside a sentence
            // (`Gestern war Walke Kreuzbeck`), not at its start, and not
            // after a genitive (`Lenas Zimmer`).
            let genitive_before = k > 0 && {
                let p = cx.f(k - 1);
                p.ends_with('s') || cx.view.char_at(cx.view.tokens[k - 1].end()) == Some('\'')
            };
            let listed_ok =
                !t.shape.initial() && cx.lists.flags_at(k) & lists::LOWER == 0 && !genitive_before;
            if beside
                && (!cx.lists.is_listed_word_at(k) || cx.lists.is_name_at(k) || listed_ok)
                && !cx.abbreviation(k)
            {
                push(cx, out, k, k, Rule::Context);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

/// A word that is ordinary only as a compound and ends like a surname
/// (`Rosenmann`, `Steinhuber`, `Lindenbeck`): a name candidate.
fn name_compound(cx: &Ctx<'_, '_>, k: usize) -> bool {
    const TAILS: &[&str] = &[
        "mann", "berger", "huber", "meier", "meyer", "maier", "mayer", "brink", "kamp", "beck",
        "hausen", "scheidt", "rieder", "dorn", "bach", "horst", "hoff", "bauer", "ecker",
    ];
    let f = cx.f(k);
    !cx.lists.is_listed_word_at(k) && TAILS.iter().any(|t| f.len() > t.len() + 2 && f.ends_with(t))
}

/// Widens a name over hyphenated parts that are names too (`Meyer-Osmanović`),
/// not over words (`Barthel-Index`).
fn widen_names(cx: &Ctx<'_, '_>, mut a: usize, mut z: usize) -> (usize, usize) {
    let toks = &cx.view.tokens;
    let hyphen = |x: usize, y: usize| cx.gap(x, y) == b"-";
    let part = |k: usize| {
        let t = &toks[k];
        t.shape.alpha()
            && (t.shape.cap() || t.shape.upper())
            && !cx.taken[k]
            && !cx.abbreviation(k)
            && (cx.lists.is_name_at(k)
                || lists::has_name_ending(cx.f(k))
                || t.shape.foreign()
                || name_compound(cx, k)
                // In exports a name's hyphenated part goes with it whatever
                // it is (`Öztaş-Eschenrieder`): never half a name left.
                || cx.strict)
    };
    while a > 0 && hyphen(a - 1, a) && part(a - 1) {
        a -= 1;
    }
    while z + 1 < toks.len() && hyphen(z, z + 1) && part(z + 1) {
        z += 1;
    }
    (a, z)
}

/// A word on a name list that is no ordinary word.
fn listed_name(cx: &Ctx<'_, '_>, k: usize) -> bool {
    let t = &cx.view.tokens[k];
    if !t.shape.alpha() || !cx.capitalised(k) || t.end() - t.start() < 2 {
        return false;
    }
    let f = cx.f(k);
    if cx.cue(k).is_some() || cx.particle(k) || (cx.abbreviation(k) && t.end() - t.start() < 3) {
        return false;
    }
    // Lower case only where the whole sentence is.
    if t.shape.lower() && f.len() < 3 {
        return false;
    }
    // Abbreviations in capitals (`KOF`, `PIA`) are no names on their own.
    if t.shape.upper() && cx.modes[k] != Mode::Upper && !t.shape.foreign() {
        return false;
    }
    // `3 Mio.`, `Li.`: a unit or abbreviation, not a name.
    let period = cx.view.shadow.as_bytes().get(t.end()) == Some(&b'.') && f.len() <= 3;
    let after_number = k > 0 && cx.view.tokens[k - 1].shape.digits();
    if period || after_number {
        return false;
    }
    (cx.lists.is_standalone_name_at(k) || t.shape.foreign())
        && cx.lists.is_name_at(k)
        && !cx.lists.is_listed_word_at(k)
}

/// The word before a name that belongs to it (`Koch, Lena` is not joined;
/// `Lena-Marie`, `al Hassan` are handled elsewhere): a first name on a list.
fn precedes_name(cx: &Ctx<'_, '_>, k: usize) -> bool {
    let t = &cx.view.tokens[k];
    cx.free(k)
        && t.shape.alpha()
        && cx.capitalised(k)
        && cx.lists.is_first_name_at(k)
        && cx.cue(k).is_none()
        && !lists::is_article_or_preposition(cx.f(k))
}
