//! Generates fictional German case notes with planted names of many origins,
//! for measuring the scrubber (recall per origin and form, precision, speed).
//!
//!     cargo run --release --example gen_notes -- --cases 300 --out bench-out/notes
//!
//! Writes into `--out`:
//! - `cases/N.yaml`: a fictional case file per document (people with names,
//!   addresses, phones; the notes as event notes);
//! - `notes.jsonl`: one document per line: `{"doc", "text", "case",
//!   "planted": [{"begin", "end", "kind", "origin", "form", "text"}]}` with
//!   code-point offsets; `kind` is `known` (a name the case lists) or
//!   `unlisted` (a name no field lists);
//! - `notes.txt`: every text once more, for speed measurements (`--mb N`
//!   repeats documents with fresh names until N megabytes).
//!
//! Every name is made up here from syllables typical of an origin (German,
//! Turkish, Arabic, Kurdish, Persian/Afghan, Polish, Romanian, Russian,
//! Ukrainian, Italian, Balkan, Eritrean/Ethiopian): none comes from a name
//! list, a case, or the benchmark data, so the measurement shows how the
//! detection generalises. Deterministic for a seed (`--seed N`).

use std::fmt::Write as _;
use std::path::PathBuf;

/// SplitMix64: deterministic, no crate needed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// Syllables of one origin: first names from a head and a tail, surnames
/// likewise (a particle sometimes).
struct Origin {
    name: &'static str,
    first_heads: &'static [&'static str],
    first_tails: &'static [&'static str],
    last_heads: &'static [&'static str],
    last_tails: &'static [&'static str],
    particles: &'static [&'static str],
}

const ORIGINS: &[Origin] = &[
    Origin {
        name: "german",
        first_heads: &[
            "Hel", "Ger", "Wal", "Fried", "Ans", "Lud", "Ber", "Ul", "Hen", "Mar", "Gun", "Rein",
        ],
        first_tails: &[
            "mut", "hild", "trud", "rich", "win", "bert", "ke", "ina", "olf", "da", "lind", "hard",
        ],
        last_heads: &[
            "Quellen", "Linden", "Hage", "Eschen", "Wester", "Rosen", "Kreuz", "Stein", "Bruch",
            "Holz", "Sieben", "Morgen",
        ],
        last_tails: &[
            "brink", "kamp", "dorn", "meier", "beck", "hausen", "mann", "berger", "wald", "rieder",
            "huber", "scheidt",
        ],
        particles: &["von", "vom"],
    },
    Origin {
        name: "turkish",
        first_heads: &[
            "Ay", "Del", "Gül", "Sel", "Mer", "Er", "Can", "Yıl", "Öz", "Bar", "Tu", "Se",
        ],
        first_tails: &[
            "şe", "al", "sun", "ay", "ve", "han", "dem", "cem", "gül", "kan", "ba", "vgi",
        ],
        last_heads: &[
            "Öz", "Kara", "Ak", "Yıl", "Demir", "Kay", "Çel", "Ay", "Tun", "Er", "Şen", "Gök",
        ],
        last_tails: &[
            "türk", "oğlu", "kaya", "dağ", "han", "can", "soy", "er", "doğan", "taş", "men",
            "çelik",
        ],
        particles: &[],
    },
    Origin {
        name: "arabic",
        first_heads: &["Wa", "Ha", "Mah", "Ri", "Sa", "Na", "Kha", "Ya", "Ra", "Ja", "Ta", "Bas"],
        first_tails: &[
            "el", "mid", "mud", "ham", "ra", "dir", "lid", "sin", "wan", "mal", "rik", "sam",
        ],
        last_heads: &[
            "Khat", "Hass", "Nass", "Dar", "Ham", "Ras", "Mans", "Hadd", "Sab", "Qas", "Zah", "Jab",
        ],
        last_tails: &[
            "ib", "an", "er", "wish", "oud", "hid", "our", "ad", "ri", "im", "ran", "bour",
        ],
        particles: &["Al-", "al-", "El-"],
    },
    Origin {
        name: "kurdish",
        first_heads: &["Ro", "Di", "Ber", "Zi", "He", "Ser", "Az", "Ji", "Ba", "Ri", "Ne", "Ar"],
        first_tails: &[
            "jda", "lan", "fin", "lan", "vin", "hat", "ad", "yan", "van", "zan", "wroz", "jin",
        ],
        last_heads: &[
            "Xel", "Bak", "Zer", "Ker", "Ama", "Serh", "Bar", "Dil", "Heso", "Mir", "Şêx", "Rez",
        ],
        last_tails: &["zanî", "ki", "dî", "yan", "o", "ê", "zani", "kî", "wan", "sor", "an", "dar"],
        particles: &[],
    },
    Origin {
        name: "persian",
        first_heads: &["Far", "Ra", "Za", "Mor", "Sho", "Ne", "Ha", "Pa", "Ma", "Da", "Ka", "Sa"],
        first_tails: &[
            "had", "hima", "hra", "teza", "kib", "gin", "mid", "risa", "hsa", "riush", "veh",
            "ghar",
        ],
        last_heads: &[
            "Ahmad", "Karim", "Rahim", "Sultan", "Haid", "Nur", "Azim", "Habib", "Samad", "Wahid",
            "Jalal", "Qader",
        ],
        last_tails: &[
            "i", "zai", "zada", "yar", "khel", "pur", "nia", "fard", "i", "zai", "yan", "i",
        ],
        particles: &[],
    },
    Origin {
        name: "polish",
        first_heads: &[
            "Agn", "Kat", "Bog", "Zbig", "Mał", "Wojc", "Grzeg", "Jad", "Krzy", "Dor", "Ew", "Sław",
        ],
        first_tails: &[
            "ieszka", "arzyna", "dan", "niew", "gorzata", "iech", "orz", "wiga", "sztof", "ota",
            "elina", "omir",
        ],
        last_heads: &[
            "Kowal", "Nowa", "Wiśniew", "Zielin", "Szyman", "Woźni", "Dąbrow", "Lewand", "Kamin",
            "Grabow", "Pawl", "Zając",
        ],
        last_tails: &[
            "czyk", "ski", "ska", "ak", "ewicz", "owski", "owska", "czak", "iak", "ek", "owicz",
            "ka",
        ],
        particles: &[],
    },
    Origin {
        name: "romanian",
        first_heads: &[
            "Ion", "Mir", "Flor", "Vas", "Cost", "Dor", "Lumin", "Ovid", "Andr", "Sor", "Gheorgh",
            "Crist",
        ],
        first_tails: &[
            "el", "ela", "ina", "ile", "in", "ica", "ița", "iu", "eea", "in", "e", "ian",
        ],
        last_heads: &[
            "Pop",
            "Dumitr",
            "Stan",
            "Ionesc",
            "Munt",
            "Rad",
            "Constantin",
            "Georgesc",
            "Stoic",
            "Lup",
            "Matei",
            "Toma",
        ],
        last_tails: &[
            "escu", "eanu", "u", "ache", "oiu", "ică", "escu", "ean", "aru", "eanu", "ovici", "a",
        ],
        particles: &[],
    },
    Origin {
        name: "russian",
        first_heads: &[
            "Dmi", "Ana", "Ser", "Ole", "Nat", "Yek", "Vlad", "Swet", "Iri", "Pawe", "Ljud", "Tat",
        ],
        first_tails: &[
            "tri", "stasia", "gei", "sya", "alja", "aterina", "imir", "lana", "na", "l", "mila",
            "jana",
        ],
        last_heads: &[
            "Iwa", "Smirn", "Kusn", "Popo", "Sok", "Mor", "Wolk", "Lebed", "Kosl", "Nowik", "Orl",
            "Sorok",
        ],
        last_tails: &[
            "now", "ow", "owa", "ezow", "in", "ina", "ow", "ewa", "jakow", "ina", "enko", "ow",
        ],
        particles: &[],
    },
    Origin {
        name: "ukrainian",
        first_heads: &[
            "Mykol", "Bohd", "Olek", "Tar", "Hal", "Oks", "Andri", "Wasyl", "Iryn", "Jar", "Solom",
            "Taras",
        ],
        first_tails: &["a", "an", "sandr", "as", "yna", "ana", "j", "", "a", "oslaw", "ija", "ko"],
        last_heads: &[
            "Shevch",
            "Kovalen",
            "Bondar",
            "Tkach",
            "Kravch",
            "Melnych",
            "Schewtsch",
            "Boyk",
            "Hnat",
            "Sawtsch",
            "Lyssen",
            "Rudenk",
        ],
        last_tails: &[
            "enko", "uk", "chuk", "yshyn", "enko", "uk", "enko", "o", "iuk", "enko", "ko", "o",
        ],
        particles: &[],
    },
    Origin {
        name: "italian",
        first_heads: &[
            "Giu", "Fran", "Ales", "Lor", "Mat", "Chia", "Fede", "Gio", "Simo", "Vale", "Ros",
            "Ric",
        ],
        first_tails: &[
            "seppe", "cesca", "sandro", "enzo", "teo", "ra", "rico", "vanni", "netta", "ria",
            "anna", "cardo",
        ],
        last_heads: &[
            "Ros", "Bian", "Espos", "Ferr", "Roman", "Colom", "Ricc", "Marin", "Grec", "Brun",
            "Gall", "Cont",
        ],
        last_tails: &[
            "si", "chi", "ito", "ari", "elli", "etti", "ucci", "one", "ini", "ardi", "otti", "ieri",
        ],
        particles: &["De", "Di"],
    },
    Origin {
        name: "balkan",
        first_heads: &[
            "Dra", "Mil", "Jas", "Ned", "Zor", "Bran", "Emi", "Har", "Sel", "Dže", "Amr", "Vesn",
        ],
        first_tails: &[
            "gan", "ica", "mina", "eljko", "an", "ka", "na", "is", "ma", "nana", "ela", "a",
        ],
        last_heads: &[
            "Petr", "Jovan", "Nik", "Hodž", "Osman", "Kovač", "Mark", "Hadž", "Begov", "Stoj",
            "Muj", "Delal",
        ],
        last_tails: &[
            "ović", "ić", "ević", "agić", "ović", "ić", "ović", "ić", "ić", "anović", "kić", "ić",
        ],
        particles: &[],
    },
    Origin {
        name: "eritrean",
        first_heads: &[
            "Meh", "Tes", "Sem", "Fil", "Yon", "Sen", "Abr", "Haf", "Luw", "Sel", "Ham", "Ged",
        ],
        first_tails: &[
            "ret", "faye", "har", "mon", "as", "ait", "ham", "tom", "am", "am", "elmi", "ion",
        ],
        last_heads: &[
            "Gebre", "Tesfa", "Hagos", "Kidan", "Habte", "Berhan", "Tekle", "Woldu", "Asfaw",
            "Haile", "Yohann", "Mengis",
        ],
        last_tails: &[
            "mariam", "michael", "selassie", "ab", "yes", "e", "mariam", "gergis", "u", "mikael",
            "es", "tu",
        ],
        particles: &[],
    },
];

fn first_name(rng: &mut Rng, o: &Origin) -> String {
    format!("{}{}", rng.pick(o.first_heads), rng.pick(o.first_tails))
}

fn surname(rng: &mut Rng, o: &Origin) -> String {
    let base = format!("{}{}", rng.pick(o.last_heads), rng.pick(o.last_tails));
    if !o.particles.is_empty() && rng.chance(25) {
        let p = rng.pick(o.particles);
        if p.ends_with('-') { format!("{p}{base}") } else { format!("{p} {base}") }
    } else {
        base
    }
}

/// Roles that introduce a name, as notes write them.
const ROLES: &[&str] = &[
    "die Nachbarin",
    "der Nachbar",
    "die Freundin der Mutter",
    "der neue Partner der Mutter",
    "die Klassenlehrerin Frau",
    "der Vermieter",
    "die Babysitterin",
    "der Trainer",
    "die Rechtsanwältin Dr.",
    "Frau",
    "Herr",
    "die Tante",
    "der Onkel",
    "die Oma",
    "die Bereitschaftspflegemutter",
    "die Erzieherin",
    "der Ex-Partner",
    "die Kinderärztin Dr.",
    "Frau von der Kita,",
];

/// How a planted name is written.
#[derive(Clone, Copy)]
enum Form {
    Role,
    RoleReverse,
    Standalone,
    FirstNames,
    Lower,
    Upper,
    Quotes,
    Guillemets,
    Ellipsis,
    NoBreakSpace,
    ZeroWidth,
    SoftHyphen,
    Decomposed,
    Hyphenated,
    Genitive,
}

const FORMS: &[Form] = &[
    Form::Role,
    Form::RoleReverse,
    Form::Standalone,
    Form::FirstNames,
    Form::Lower,
    Form::Upper,
    Form::Quotes,
    Form::Guillemets,
    Form::Ellipsis,
    Form::NoBreakSpace,
    Form::ZeroWidth,
    Form::SoftHyphen,
    Form::Decomposed,
    Form::Hyphenated,
    Form::Genitive,
];

impl Form {
    fn id(self) -> &'static str {
        match self {
            Form::Role => "role",
            Form::RoleReverse => "role_reverse",
            Form::Standalone => "standalone",
            Form::FirstNames => "first_names",
            Form::Lower => "lower_case",
            Form::Upper => "upper_case",
            Form::Quotes => "german_quotes",
            Form::Guillemets => "guillemets",
            Form::Ellipsis => "ellipsis",
            Form::NoBreakSpace => "no_break_space",
            Form::ZeroWidth => "zero_width_space",
            Form::SoftHyphen => "soft_hyphen",
            Form::Decomposed => "decomposed_umlaut",
            Form::Hyphenated => "hyphenated",
            Form::Genitive => "genitive",
        }
    }
}

/// A document under construction: text plus planted spans (code points).
struct Doc {
    text: String,
    chars: usize,
    planted: Vec<(usize, usize, &'static str, &'static str, &'static str, String)>,
}

impl Doc {
    fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.chars += s.chars().count();
    }
    fn plant(&mut self, s: &str, kind: &'static str, origin: &'static str, form: &'static str) {
        let begin = self.chars;
        self.push(s);
        self.planted.push((begin, self.chars, kind, origin, form, s.to_owned()));
    }
}

/// Inserts an invisible character in the middle of a name.
fn inside(name: &str, c: char) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mid = chars.len() / 2;
    chars[..mid].iter().chain(std::iter::once(&c)).chain(&chars[mid..]).collect()
}

/// Decomposes umlauts (`ü` → `u` + U+0308).
fn decompose(name: &str) -> String {
    name.chars()
        .flat_map(|c| match c {
            'ä' => vec!['a', '\u{308}'],
            'ö' => vec!['o', '\u{308}'],
            'ü' => vec!['u', '\u{308}'],
            'Ä' => vec!['A', '\u{308}'],
            'Ö' => vec!['O', '\u{308}'],
            'Ü' => vec!['U', '\u{308}'],
            c => vec![c],
        })
        .collect()
}

const FILLER: &[&str] = &[
    "Hausbesuch am Vormittag, die Wohnung war aufgeräumt.",
    "Das Kind wirkte müde, spielte aber ruhig im Kinderzimmer.",
    "Die Mutter berichtet von Schlafproblemen und Streit in der Familie.",
    "Absprache mit der Kita: Rückmeldung bis Ende der Woche.",
    "Im Winter war die Heizung ausgefallen; der Koch der Kita brachte Essen vorbei.",
    "Die Familie wurde zum Hilfeplangespräch eingeladen.",
    "Im Sommer 2020 zog die Familie in eine größere Wohnung.",
    "Die Mutter weiß das, sagte sie, und wartete lange auf einen Termin.",
    "Zweimal pro Woche kommt die Familienhilfe.",
    "Die Schule meldet Fehlzeiten; das Kind kam oft ohne Frühstück.",
    "Ein Engel aus Papier hing am Fenster.",
    "Gefährdungseinschätzung im Team nach § 8a SGB VIII; § 1666 BGB wurde geprüft.",
    "In der Woche 4 kam es erneut zum Streit.",
    "Laut Kinderärztin keine Auffälligkeiten bei der U-Untersuchung.",
];

fn sentence(rng: &mut Rng, doc: &mut Doc, o: &Origin, form: Form) {
    let (first, last) = (first_name(rng, o), surname(rng, o));
    let full = format!("{first} {last}");
    let origin = o.name;
    let f = form.id();
    match form {
        Form::Role => {
            let role = rng.pick(ROLES);
            doc.push(&format!("{role} "));
            doc.plant(&full, "unlisted", origin, f);
            doc.push(" kam am Nachmittag vorbei.");
        }
        Form::RoleReverse => {
            doc.plant(&last, "unlisted", origin, f);
            doc.push(" (Vermieterin) meldete sich telefonisch.");
        }
        Form::Standalone => {
            doc.push("Gestern war ");
            doc.plant(&full, "unlisted", origin, f);
            doc.push(" ebenfalls anwesend.");
        }
        Form::FirstNames => {
            let other = first_name(rng, o);
            doc.plant(&first, "unlisted", origin, f);
            doc.push(" und ");
            doc.plant(&other, "unlisted", origin, f);
            doc.push(" spielten im Hof.");
        }
        Form::Lower => {
            doc.push("km mit ");
            doc.plant(&full.to_lowercase(), "unlisted", origin, f);
            doc.push(" angetroffen.");
        }
        Form::Upper => {
            doc.push("KV ");
            doc.plant(&last.to_uppercase(), "unlisted", origin, f);
            doc.push(" erschien nicht.");
        }
        Form::Quotes => {
            doc.push("Die Kinder riefen „");
            doc.plant(&first, "unlisted", origin, f);
            doc.push("“ vom Balkon.");
        }
        Form::Guillemets => {
            doc.push("Auf dem Zettel stand »");
            doc.plant(&full, "unlisted", origin, f);
            doc.push("«.");
        }
        Form::Ellipsis => {
            doc.push("Der Partner heißt wohl ");
            doc.plant(&last, "unlisted", origin, f);
            doc.push("… genaueres unklar.");
        }
        Form::NoBreakSpace => {
            doc.push("Termin mit\u{A0}Frau\u{A0}");
            doc.plant(&last, "unlisted", origin, f);
            doc.push(" vereinbart.");
        }
        Form::ZeroWidth => {
            doc.push("Die Nachbarin ");
            doc.plant(&inside(&full, '\u{200B}'), "unlisted", origin, f);
            doc.push(" rief an.");
        }
        Form::SoftHyphen => {
            doc.push("Herr ");
            doc.plant(&inside(&last, '\u{AD}'), "unlisted", origin, f);
            doc.push(" brachte die Kinder.");
        }
        Form::Decomposed => {
            doc.push("Die Tante ");
            doc.plant(&decompose(&full), "unlisted", origin, f);
            doc.push(" kümmert sich.");
        }
        Form::Hyphenated => {
            let other = surname(rng, &ORIGINS[0]);
            let other = other.rsplit(' ').next().unwrap_or(&other).to_owned();
            doc.push("Frau ");
            doc.plant(&format!("{last}-{other}"), "unlisted", origin, f);
            doc.push(" übernahm die Betreuung.");
        }
        Form::Genitive => {
            doc.push("Die Wohnung von ");
            doc.plant(&full, "unlisted", origin, f);
            doc.push(" liegt im Erdgeschoss; ");
            let g = if last.ends_with('s') { format!("{last}'") } else { format!("{last}s") };
            doc.plant(&g, "unlisted", origin, f);
            doc.push(" Hund bellte.");
        }
    }
    doc.push(" ");
}

fn main() {
    let mut cases = 300usize;
    let mut out = PathBuf::from("bench-out/notes");
    let mut seed = 7u64;
    let mut mb = 0usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().unwrap_or_default();
        match a.as_str() {
            "--cases" => cases = value().parse().unwrap_or(cases),
            "--out" => out = PathBuf::from(value()),
            "--seed" => seed = value().parse().unwrap_or(seed),
            "--mb" => mb = value().parse().unwrap_or(0),
            "--help" | "-h" => {
                println!("usage: gen_notes [--cases N] [--out DIR] [--seed N] [--mb N]");
                return;
            }
            other => {
                eprintln!("gen_notes: unknown argument {other}");
                std::process::exit(2);
            }
        }
    }
    std::fs::create_dir_all(out.join("cases")).expect("create output folder");
    let mut rng = Rng(seed);
    let mut jsonl = String::new();
    let mut all = String::new();
    let mut n = 0usize;
    while n < cases || all.len() < mb << 20 {
        let o = &ORIGINS[n % ORIGINS.len()];
        let other = &ORIGINS[(n / ORIGINS.len() + n) % ORIGINS.len()];
        // The family the case lists.
        let child = first_name(&mut rng, o);
        let sibling = first_name(&mut rng, o);
        let family = surname(&mut rng, o);
        let mother = first_name(&mut rng, o);
        let father_last = surname(&mut rng, other);
        let father = format!("{} {father_last}", first_name(&mut rng, other));
        let mut doc = Doc { text: String::new(), chars: 0, planted: Vec::new() };
        for s in 0..12 {
            match s % 4 {
                0 => {
                    let form = *rng.pick(FORMS);
                    let origin = &ORIGINS[rng.below(ORIGINS.len())];
                    sentence(&mut rng, &mut doc, origin, form);
                }
                1 => {
                    // Known names of the case, in the forms notes use.
                    match rng.below(6) {
                        0 => {
                            doc.push("Hausbesuch bei ");
                            doc.plant(&format!("Frau {family}"), "known", o.name, "title");
                            doc.push("; ");
                            doc.plant(&child, "known", o.name, "first_name");
                            doc.push(" schlief.");
                        }
                        1 => {
                            doc.push("„");
                            doc.plant(&child, "known", o.name, "german_quotes");
                            doc.push("“ erzählte von ");
                            doc.plant(&sibling.to_uppercase(), "known", o.name, "upper_case");
                            doc.push(".");
                        }
                        2 => {
                            doc.push("KV ");
                            doc.plant(
                                &inside(&father_last, '\u{AD}'),
                                "known",
                                other.name,
                                "soft_hyphen",
                            );
                            doc.push(" rief an, ");
                            doc.plant(&mother.to_lowercase(), "known", o.name, "lower_case");
                            doc.push(" war nicht da.");
                        }
                        3 => {
                            let g = if child.ends_with('s') {
                                format!("{child}'")
                            } else {
                                format!("{child}s")
                            };
                            doc.plant(&g, "known", o.name, "genitive");
                            doc.push(" Zimmer war kalt.\u{A0}");
                            doc.plant(&decompose(&mother), "known", o.name, "decomposed_umlaut");
                            doc.push(" weinte.");
                        }
                        4 => {
                            doc.push("Die Mutter (");
                            doc.plant(&format!("{mother} {family}"), "known", o.name, "full");
                            doc.push(") kam mit ");
                            doc.plant(
                                &inside(&sibling, '\u{200B}'),
                                "known",
                                o.name,
                                "zero_width_space",
                            );
                            doc.push(".");
                        }
                        _ => {
                            doc.push("»");
                            doc.plant(&father, "known", other.name, "guillemets");
                            doc.push("« holte ");
                            doc.plant(&child, "known", o.name, "first_name");
                            doc.push("… ab.");
                        }
                    }
                    doc.push(" ");
                }
                _ => {
                    let f = rng.pick(FILLER);
                    doc.push(f);
                    doc.push(" ");
                }
            }
        }
        let text = doc.text.trim_end().to_owned();
        let id = format!("n{n:05}");
        let mut case = String::new();
        let _ = writeln!(
            case,
            "# FICTIONAL: generated by examples/gen_notes.rs; every name is made up."
        );
        let _ = writeln!(case, "format: lernfall/1");
        let _ = writeln!(
            case,
            "case: {{ref: \"GEN-{n:05}\", municipality: \"Demostadt\", opened: 2021-03-01}}"
        );
        let _ = writeln!(case, "people:");
        let q = |s: &str| serde_json::to_string(s).expect("string");
        let _ = writeln!(
            case,
            "  kind1: {{role: child, name: {}, born: 2016-05-14}}",
            q(&format!("{child} {family}"))
        );
        let _ = writeln!(
            case,
            "  kind2: {{role: child, name: {}, born: 2018-09-02}}",
            q(&format!("{sibling} {family}"))
        );
        let _ = writeln!(
            case,
            "  mutter: {{role: mother, name: {}, phone: \"0171 5550{:03}\"}}",
            q(&format!("{mother} {family}")),
            n % 1000
        );
        let _ = writeln!(case, "  vater: {{role: father, name: {}, household: false}}", q(&father));
        let _ = writeln!(case, "events:");
        let _ = writeln!(
            case,
            "  - {{date: 2021-03-01, kind: report, by: mutter, note: {}}}",
            q(&text)
        );
        std::fs::write(out.join("cases").join(format!("{id}.yaml")), case).expect("write case");
        let planted: Vec<serde_json::Value> = doc
            .planted
            .iter()
            .map(|(b, e, kind, origin, form, t)| {
                serde_json::json!({"begin": b, "end": e, "kind": kind, "origin": origin, "form": form, "text": t})
            })
            .collect();
        let line = serde_json::json!({"doc": id, "case": format!("cases/{id}.yaml"), "text": text, "planted": planted});
        jsonl.push_str(&line.to_string());
        jsonl.push('\n');
        all.push_str(&text);
        all.push_str("\n\n");
        n += 1;
    }
    std::fs::write(out.join("notes.jsonl"), jsonl).expect("write notes.jsonl");
    std::fs::write(out.join("notes.txt"), all).expect("write notes.txt");
    eprintln!("gen_notes: {n} documents → {}", out.display());
}
