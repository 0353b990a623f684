#!/usr/bin/env python3
"""Builds the name gazetteers and the lexicon of ordinary German words
shipped in this folder, from the sources listed in SOURCES.md.

    python3 build_lists.py --berlin DIR --faker-js JSON --faker-py JSON \
        --sigpwned DIR --laws TEXT --out DIR

Every input is a public source whose licence allows shipping the derived
list (see SOURCES.md). Nothing here comes from case files or benchmark data.
The outputs are plain UTF-8 lists, one entry per line, sorted; the crate
folds them at start-up (src/text/fold.rs).
"""
import argparse
import collections
import csv
import io
import json
import os
import re
import subprocess
import unicodedata

# --- transliteration of the scripts names arrive in ------------------------
# Two conventions each: an English-style (BGN/PCGN-like) and the German
# (Duden) one, since both appear in German case notes.
CYR_EN = {
    'а': 'a', 'б': 'b', 'в': 'v', 'г': 'g', 'ґ': 'g', 'д': 'd', 'е': 'e', 'є': 'ye', 'ё': 'yo',
    'ж': 'zh', 'з': 'z', 'и': 'i', 'і': 'i', 'ї': 'yi', 'й': 'y', 'к': 'k', 'л': 'l', 'м': 'm',
    'н': 'n', 'о': 'o', 'п': 'p', 'р': 'r', 'с': 's', 'т': 't', 'у': 'u', 'ф': 'f', 'х': 'kh',
    'ц': 'ts', 'ч': 'ch', 'ш': 'sh', 'щ': 'shch', 'ъ': '', 'ы': 'y', 'ь': '', 'э': 'e', 'ю': 'yu',
    'я': 'ya', 'ђ': 'dj', 'ј': 'j', 'љ': 'lj', 'њ': 'nj', 'ћ': 'c', 'џ': 'dz', 'ѓ': 'gj', 'ќ': 'kj',
    'ѕ': 'dz', 'ў': 'u',
}
CYR_DE = dict(CYR_EN)
CYR_DE.update({
    'в': 'w', 'ж': 'sch', 'з': 's', 'й': 'j', 'с': 's', 'х': 'ch', 'ц': 'z', 'ч': 'tsch',
    'ш': 'sch', 'щ': 'schtsch', 'ю': 'ju', 'я': 'ja', 'є': 'je', 'ё': 'jo', 'ї': 'ji', 'ы': 'y',
})
GREEK = {
    'α': 'a', 'ά': 'a', 'β': 'v', 'γ': 'g', 'δ': 'd', 'ε': 'e', 'έ': 'e', 'ζ': 'z', 'η': 'i',
    'ή': 'i', 'θ': 'th', 'ι': 'i', 'ί': 'i', 'ϊ': 'i', 'ΐ': 'i', 'κ': 'k', 'λ': 'l', 'μ': 'm',
    'ν': 'n', 'ξ': 'x', 'ο': 'o', 'ό': 'o', 'π': 'p', 'ρ': 'r', 'σ': 's', 'ς': 's', 'τ': 't',
    'υ': 'y', 'ύ': 'y', 'ϋ': 'y', 'ΰ': 'y', 'φ': 'f', 'χ': 'ch', 'ψ': 'ps', 'ω': 'o', 'ώ': 'o',
}
GEORGIAN = dict(zip(
    'აბგდევზთიკლმნოპჟრსტუფქღყშჩცძწჭხჯჰ',
    ['a', 'b', 'g', 'd', 'e', 'v', 'z', 't', 'i', 'k', 'l', 'm', 'n', 'o', 'p', 'zh', 'r', 's',
     't', 'u', 'p', 'k', 'gh', 'q', 'sh', 'ch', 'ts', 'dz', 'ts', 'ch', 'kh', 'j', 'h']))
ARMENIAN = dict(zip(
    'աբգդեզէըթժիլխծկհձղճմյնշոչպջռսվտրցւփքօֆ',
    ['a', 'b', 'g', 'd', 'e', 'z', 'e', 'y', 't', 'zh', 'i', 'l', 'kh', 'ts', 'k', 'h', 'dz',
     'gh', 'ch', 'm', 'y', 'n', 'sh', 'o', 'ch', 'p', 'j', 'r', 's', 'v', 't', 'r', 'ts', 'v',
     'p', 'k', 'o', 'f']))
TABLES = [('cyr-en', CYR_EN), ('cyr-de', CYR_DE), ('greek', GREEK), ('georgian', GEORGIAN),
          ('armenian', ARMENIAN)]


def latin(word):
    return all(not c.isalpha() or 'LATIN' in unicodedata.name(c, '') for c in word)


def transliterations(word):
    """Latin forms of a name in Cyrillic, Greek, Georgian or Armenian."""
    low = word.lower()
    out = set()
    for _, table in TABLES:
        if any(c in table for c in low):
            t = ''.join(table.get(c, c) for c in low)
            if latin(t):
                out.add(t.capitalize())
    # The Ukrainian 'и' is 'y' in English-style spelling.
    if any(c in 'іїєґ' for c in low):
        t = ''.join({'и': 'y'}.get(c, CYR_EN.get(c, c)) for c in low)
        out.add(t.capitalize())
    return out


def parts(name):
    """A name's words: hyphenated and multi-word names split."""
    name = unicodedata.normalize('NFC', name.strip())
    for p in re.split(r"[\s\-‐‑]+", name):
        p = p.strip(".,;()\"")
        if len(p) >= 2 and all(c.isalpha() or c in "'’" for c in p):
            yield p


STOP = {'al', 'el', 'bin', 'ibn', 'da', 'de', 'del', 'della', 'di', 'do', 'dos', 'das', 'la',
        'le', 'van', 'von', 'der', 'den', 'ter', 'ten', 'zu', 'und', 'oğlu', 'oglu', 'mac', 'mc',
        'st', 'jr', 'sr', 'vorname', 'familienname', 'nicht', 'noch', 'kein', 'keinen', 'ohne',
        'bestimmt', 'abu', 'abd', 'ben', 'bint', 'mac'}


def add(target, names):
    for n in names:
        for p in parts(n):
            if p.lower() in STOP:
                continue
            forms = {p} if latin(p) else ({p} | transliterations(p))
            for f in forms:
                if len(f) >= 2:
                    target.add(f[0].upper() + f[1:] if f[:1].islower() else f)


def berlin(repo):
    names = collections.Counter()
    files = subprocess.run(['git', '-C', repo, 'ls-tree', '-r', '--name-only', 'HEAD',
                            'data/cleaned'], capture_output=True, text=True, check=True).stdout
    for f in files.split():
        if not f.endswith('.csv'):
            continue
        text = subprocess.run(['git', '-C', repo, 'show', f'HEAD:{f}'], capture_output=True,
                              check=True).stdout.decode('utf-8', 'replace')
        for row in csv.DictReader(io.StringIO(text)):
            try:
                names[row['vorname']] += int(row['anzahl'])
            except (KeyError, ValueError):
                pass
    return names


def main():
    ap = argparse.ArgumentParser()
    for a in ('berlin', 'faker_js', 'faker_py', 'sigpwned', 'laws', 'out'):
        ap.add_argument('--' + a.replace('_', '-'), required=True)
    args = ap.parse_args()

    first, last = set(), set()
    newborns = berlin(args.berlin)
    add(first, newborns)
    for path in (args.faker_js, args.faker_py):
        for loc, d in json.load(open(path, encoding='utf-8')).items():
            add(first, d['first'])
            add(last, d['last'])
    for fname, target in (('common-forenames-by-country.csv', first),
                          ('common-surnames-by-country.csv', last)):
        text = subprocess.run(['git', '-C', args.sigpwned, 'show', f'HEAD:{fname}'],
                              capture_output=True, check=True).stdout.decode('utf-8-sig')
        for row in csv.DictReader(io.StringIO(text)):
            add(target, [row.get('Localized Name', ''), row.get('Romanized Name', '')])

    # The lexicon: words of German federal law (public domain, § 5 UrhG)
    # seen at least twice.
    text = open(args.laws, encoding='utf-8', errors='ignore').read()
    # One statute per blob; treaties in English or French are left out, so
    # that `the`, `bare`, `sexe` do not count as German words.
    words = collections.Counter()
    german_markers = {'der', 'die', 'und', 'das', 'nicht', 'oder', 'ist'}
    foreign_markers = {'the', 'and', 'of', 'to', 'le', 'la', 'les', 'et', 'des', 'du', 'est'}
    # Bilingual treaties put both languages side by side: decide per line.
    for line in text.splitlines():
        tokens = re.findall(r"[A-Za-zÄÖÜäöüß]+", line)
        foreign = sum(1 for t in tokens if t in foreign_markers)
        german = sum(1 for t in tokens if t in german_markers)
        if foreign == 0 or german > 3 * foreign:
            words.update(tokens)
    # Abbreviations in capitals (`IDA`, `KOF`) are no ordinary words; a lower-
    # case form much rarer than the capitalised one is noise (`betreuung` in
    # a file name), not a second word.
    lexicon = {w for w, n in words.items() if n >= 2 and len(w) >= 2 and not w.isupper()}
    lexicon = {w for w in lexicon
               if not (w[:1].islower() and words[w] * 5 < words.get(w.capitalize(), 0))}
    # Names the statutes use as names (signatures, titles of acts) are no
    # ordinary words: a word that is also a name stays in the lexicon only
    # with evidence that it is a word (used in lower case, inflected, or part
    # of compounds); the scrubber then treats it as a name in name context
    # only.
    names = first | last
    caps = {w.lower() for w in lexicon if w[:1].isupper()}
    as_head, as_tail = collections.Counter(), collections.Counter()
    for w in caps:
        for i in range(3, len(w) - 2):
            head, tail = w[:i], w[i:]
            if tail in caps:
                as_head[head] += 1
            if head in caps or (head.endswith('s') and head[:-1] in caps):
                as_tail[tail] += 1

    def word_evidence(w):
        low = w.lower()
        # Proper nouns head compounds too (`Andreaskreuz`): a word also ends them.
        if words.get(low, 0) >= 10 or as_head[low] >= 4 or as_tail[low] >= 2:
            return True
        # Endings names do not take (`Marien`, `Pauls` prove nothing).
        if any(words.get(w + e, 0) >= 3 for e in ('en', 'es', 'er', 'ern', 'in', 'innen')):
            return True
        return any(w.endswith(e) and words.get(w[:-len(e)], 0) >= 3 for e in ('e', 'en'))

    # A lower-case word that is a name is evidence only when it is common
    # (the statutes quote treaties in other languages).
    lexicon = {w for w in lexicon if not (w[:1].islower() and w.capitalize() in names
                                          and words[w] < 10)}

    lexicon = {w for w in lexicon if w not in names or word_evidence(w)}
    # A first name many children in Berlin were given (`Andreas`, `Marie`,
    # `Max`) is a name, whatever compounds the statutes make of it, unless
    # this project's list of everyday words says otherwise.
    curated = set()
    with open(os.path.join(args.out, 'words.txt'), encoding='utf-8') as f:
        curated = {l.strip() for l in f if l.strip() and not l.startswith('#')}
    common = {n for n, c in newborns.items() if c >= 50}
    lexicon = {w for w in lexicon if w not in common or w in curated}
    # Function words, adjectives and verbs (written in lower case in the
    # statutes) and calendar words are no names, whatever a name list says.
    calendar = {'januar', 'februar', 'maerz', 'märz', 'april', 'mai', 'juni', 'juli', 'august',
                'september', 'oktober', 'november', 'dezember', 'montag', 'dienstag', 'mittwoch',
                'donnerstag', 'freitag', 'samstag', 'sonnabend', 'sonntag'}

    def no_name(n):
        low = n.lower()
        return words.get(low, 0) >= 20 or low in calendar or (len(n) <= 2 and n in lexicon)

    first = {n for n in first if not no_name(n)}
    last = {n for n in last if not no_name(n)}

    def write(name, items, header):
        with open(os.path.join(args.out, name), 'w', encoding='utf-8') as f:
            f.write(header)
            for w in sorted(items, key=lambda s: (s.casefold(), s)):
                f.write(w + '\n')

    write('first-names.txt', first, FIRST_HEADER)
    common_first = {p for n, c in newborns.items() if c >= 10 for p in parts(n)} & first
    write('first-names-common.txt', common_first, COMMON_HEADER)
    write('surnames.txt', last - first, LAST_HEADER)
    write('lexicon.txt', lexicon, LEXICON_HEADER)
    print(f'first names {len(first)}, surnames {len(last - first)}, lexicon {len(lexicon)}')


FIRST_HEADER = """# First names of many origins, one per line (generated by build_lists.py;
# sources and licences in SOURCES.md). Matching folds case and diacritics.
"""
COMMON_HEADER = """# First names given to at least ten newborns in Berlin 2012-2023 (from
# the Berlin list in SOURCES.md, CC BY 3.0 DE): names common enough to be
# taken as names even when short (generated by build_lists.py).
"""
LAST_HEADER = """# Surnames of many origins that are not also first names, one per line
# (generated by build_lists.py; sources and licences in SOURCES.md).
"""
LEXICON_HEADER = """# Ordinary German words: every word seen at least twice in the federal
# statutes (public domain under § 5 UrhG; generated by build_lists.py, see
# SOURCES.md). Matching folds case; names that are also words are resolved
# by context, not by this list.
"""

if __name__ == '__main__':
    main()
