//! `--help` in the language of the messages: German by default, English
//! with `--lang en` (the doc comments of the argument structs are the
//! English texts). The German texts are kept here, one per command and
//! argument, beside an example per command in both languages; a test checks
//! that every command and argument has its German text.

use clap::{Arg, ArgAction, Command};

use crate::lang::Lang;

/// (command path, argument id or "" for the command itself, German text).
const DE: &[(&str, &str, &str)] = &[
    (
        "lernfall",
        "",
        "lernfall — aus Fehlern lernen im Kinderschutz: Falldateien prüfen, Checklisten anwenden, anonymisieren, auswerten",
    ),
    ("lernfall", "lang", "Sprache der Meldungen, Berichte und Hilfe (de, en)"),
    (
        "lernfall",
        "quiet",
        "Nur Fehler und Warnungen auf der Standardfehlerausgabe: keine Zusammenfassungen, keine Fortschrittsbalken",
    ),
    (
        "lernfall",
        "color",
        "Farbe in der Terminalausgabe: auto (im Terminal, außer NO_COLOR ist gesetzt), always, never",
    ),
    ("lernfall", "jobs", "Anzahl der Arbeits-Threads für Stapelläufe (Standard: einer je Kern)"),
    ("validate", "", "Falldateien gegen das Format lernfall/1 prüfen"),
    (
        "validate",
        "paths",
        "Falldateien oder Ordner (rekursiv nach *.yaml und *.yml durchsucht); `-` liest die Standardeingabe",
    ),
    ("validate", "format", "Ausgabeformat"),
    (
        "validate",
        "max_size",
        "Größte Datei, die gelesen wird, in Bytes oder mit Einheit (KiB, MiB, GiB)",
    ),
    ("schema", "", "Das JSON-Schema des Fallformats ausgeben (für Editoren)"),
    ("new", "", "Eine kommentierte, gültige Fallvorlage auf Deutsch ausgeben"),
    (
        "new",
        "table",
        "Stattdessen eine Chronologie-Tabelle zum Ausfüllen (CSV für Excel, mit den Spaltenköpfen, die `lernfall import` erkennt, und einer Beispielzeile)",
    ),
    ("check", "", "Eine Checkliste auf Falldateien anwenden: Prüfpunkt für Prüfpunkt, mit Belegen"),
    (
        "check",
        "paths",
        "Falldateien oder Ordner (rekursiv nach *.yaml und *.yml durchsucht); `-` liest die Standardeingabe",
    ),
    (
        "check",
        "checklist",
        "Die Checkliste: ein eingebauter Name (afl-basis, afl-erweitert) oder eine Checklistendatei",
    ),
    ("check", "format", "Ausgabeformat"),
    (
        "check",
        "excel",
        "CSV für deutsches Excel: Semikolons, UTF-8 mit Byte-Order-Mark (ohne --format: CSV)",
    ),
    (
        "check",
        "fail_on",
        "Mit Code 1 enden, wenn ein Prüfpunkt einen dieser Status hat (z. B. not_met,unknown)",
    ),
    (
        "check",
        "max_size",
        "Größte Falldatei, die gelesen wird, in Bytes oder mit Einheit (KiB, MiB, GiB)",
    ),
    ("checklist", "", "Checklisten zeigen, auflisten und prüfen"),
    ("checklist list", "", "Die eingebauten Checklisten auflisten"),
    (
        "checklist show",
        "",
        "Eine Checkliste (eine eingebaute nach Namen) ausgeben, als Ausgangspunkt für eine eigene",
    ),
    (
        "checklist show",
        "checklist",
        "Ein eingebauter Name (afl-basis, afl-erweitert) oder eine Checklistendatei",
    ),
    ("checklist lint", "", "Checklistendateien prüfen; Fehler mit Datei:Zeile:Spalte"),
    ("checklist lint", "files", "Checklistendateien"),
    ("checklist lint", "format", "Ausgabeformat"),
    ("checklist schema", "", "Das JSON-Schema der Checklistendateien ausgeben (für Editoren)"),
    (
        "timeline",
        "",
        "Die Ereignisse eines Falls in zeitlicher Reihenfolge ausgeben, mit Befunden und Lücken",
    ),
    ("timeline", "case", "Eine Falldatei; `-` liest die Standardeingabe"),
    (
        "timeline",
        "checklist",
        "Die Checkliste, deren Befunde markiert werden: ein eingebauter Name oder eine Datei",
    ),
    ("timeline", "format", "Ausgabeformat"),
    (
        "timeline",
        "notes",
        "Die Notizen der Ereignisse zeigen (standardmäßig aus: in nicht anonymisierten Dateien nennen Notizen Personen)",
    ),
    (
        "timeline",
        "excel",
        "CSV für deutsches Excel: Semikolons, UTF-8 mit Byte-Order-Mark (ohne --format: CSV)",
    ),
    ("timeline", "gap", "Zeiträume ohne Ereignis zeigen, die länger als so viele Tage sind"),
    (
        "timeline",
        "out",
        "In diese Datei schreiben (atomar) statt auf die Standardausgabe; nötig für --format xlsx",
    ),
    ("timeline", "force", "Eine vorhandene --out-Datei ersetzen"),
    ("timeline", "max_size", "Größte Falldatei, die gelesen wird"),
    ("key", "", "Den geheimen Schlüssel des Anonymisierers verwalten"),
    ("key new", "", "Einen neuen 256-Bit-Schlüssel schreiben (Dateirechte 0600; überschreibt nie)"),
    ("key new", "file", "Die Schlüsseldatei"),
    ("anonymise", "", "Falldateien für den Export anonymisieren (Dateien und Ordner, im Stapel)"),
    (
        "anonymise",
        "paths",
        "Falldateien oder Ordner (rekursiv nach *.yaml und *.yml durchsucht); `-` liest die Standardeingabe",
    ),
    (
        "anonymise",
        "out",
        "Der Ordner für die Exporte (wird angelegt; nicht in einem Eingabeordner)",
    ),
    (
        "anonymise",
        "key",
        "Die Schlüsseldatei (`lernfall key new`); ohne sie gilt ein Einmalschlüssel und Exporte lassen sich nicht verknüpfen",
    ),
    (
        "anonymise",
        "mapping",
        "Auch die Zuordnungstabelle (Pseudonym ↔ Original) für die fallführende Stelle schreiben; nicht in --out",
    ),
    (
        "anonymise",
        "review",
        "Wohin die Prüflisten gehen (Dateirechte 0600; nicht in --out). Standard: neben --mapping, sonst ORDNER-review neben --out",
    ),
    ("anonymise", "force", "Vorhandene Ausgaben ersetzen"),
    ("anonymise", "drop_location", "Kommune und Cluster entfernen"),
    (
        "anonymise",
        "birth",
        "Geburtsdaten: das verschobene Datum (full), nur das Jahr (year) oder das Quartal (quarter), auch im Freitext",
    ),
    (
        "anonymise",
        "jitter_birth",
        "Den Tag jedes Geburtsdatums innerhalb des Monats verschieben (aus dem Schlüssel); kein Prüfpunkt liest ihn",
    ),
    (
        "anonymise",
        "quarter_case_dates",
        "`opened` und `closed` auf ihr Quartal vergröbern (Monatsgenauigkeit), jeweils nur, wo sich kein Prüfergebnis ändert",
    ),
    (
        "anonymise",
        "risk",
        "Das Reidentifizierungsrisiko des Stapels ausgeben (Gruppen mit gleicher Kommune, Ausgang, Haushalt, Geburtsjahren, Eröffnungsjahr)",
    ),
    ("anonymise", "k", "Die kleinste Gruppengröße, die der Risikobericht annimmt"),
    (
        "anonymise",
        "lexicon",
        "Eine Wortliste, die zur Laufzeit zusätzlich zum eingebauten Lexikon gelesen wird (z. B. /usr/share/dict/ngerman)",
    ),
    (
        "anonymise",
        "shift_weeks",
        "Die Spanne der Datumsverschiebung in Wochen, in beide Richtungen (nie null)",
    ),
    ("anonymise", "max_size", "Größte Falldatei, die gelesen wird"),
    (
        "scrub",
        "",
        "Identifizierende Angaben aus reinem Text entfernen (eine Datei oder `-` für die Standardeingabe)",
    ),
    ("scrub", "file", "Eine Textdatei oder `-` für die Standardeingabe"),
    (
        "scrub",
        "known",
        "Eine Falldatei, deren Angaben ebenfalls ersetzt werden (mit ihren Platzhaltern)",
    ),
    (
        "scrub",
        "lexicon",
        "Eine Wortliste, die zur Laufzeit zusätzlich zum eingebauten Lexikon gelesen wird",
    ),
    (
        "scrub",
        "strict",
        "Auch großgeschriebene Wörter ersetzen, die kein Lexikon kennt, wenn nichts anderes sie als Namen ausweist (wie `anonymise`)",
    ),
    ("scrub", "format", "Ausgabeformat: der bereinigte Text oder JSON mit den gefundenen Stellen"),
    (
        "export",
        "",
        "Zeitverläufe als Ereignisprotokolle für Process Mining exportieren (CSV, XES, OCEL 2.0)",
    ),
    (
        "export",
        "paths",
        "Falldateien oder Ordner (anonymisierte Exporte); `-` liest die Standardeingabe",
    ),
    ("export", "format", "Das Format des Ereignisprotokolls"),
    (
        "export",
        "excel",
        "Mit --format csv: für deutsches Excel (Semikolons, UTF-8 mit Byte-Order-Mark)",
    ),
    ("export", "out", "Die Datei, die geschrieben wird (atomar); `-` für die Standardausgabe"),
    (
        "export",
        "identifying",
        "Auch nicht anonymisierte Dateien annehmen (für den Gebrauch im Amt)",
    ),
    (
        "export",
        "key",
        "Der Schlüssel, mit dem die Exporte erstellt wurden: ihre Siegel müssen passen",
    ),
    ("export", "force", "Eine vorhandene Ausgabedatei ersetzen"),
    ("export", "max_size", "Größte Falldatei, die gelesen wird"),
    (
        "report",
        "",
        "Auswertung über viele Fälle: Prüfpunkte, Kategorien, Kommunen, Cluster, Faktoren, Ausgänge, Zeitabstände, Maßnahmen",
    ),
    ("report", "paths", "Falldateien oder Ordner; `-` liest die Standardeingabe"),
    (
        "report",
        "checklist",
        "Die Checkliste: ein eingebauter Name (afl-basis, afl-erweitert) oder eine Checklistendatei",
    ),
    ("report", "format", "Ausgabeformat (Standard: Tabelle; mit --excel CSV)"),
    (
        "report",
        "table",
        "Nur diese Tabelle (items, categories, municipalities, clusters, factors, outcomes, intervals, measures, overdue)",
    ),
    (
        "report",
        "as_of",
        "Das Datum, an dem Maßnahmen gemessen werden: offene, die davor fällig waren, sind überfällig (Standard: heute)",
    ),
    (
        "report",
        "out",
        "In diesen Ordner schreiben statt auf die Standardausgabe: eine CSV je Tabelle (csv) oder report.html / report.json / report.md / report.txt",
    ),
    (
        "report",
        "excel",
        "CSV, wie deutsches Excel es erwartet: Semikolons, Dezimalkomma, UTF-8 mit BOM (bedeutet --format csv)",
    ),
    ("report", "threshold", "Gruppen mit weniger Fällen erscheinen als `<N`, nie genau"),
    ("report", "force", "Vorhandene Dateien in --out ersetzen"),
    ("report", "max_size", "Größte Falldatei, die gelesen wird"),
    (
        "handout",
        "",
        "Das Werkstatt-Handout eines Falls als eine eigenständige HTML-Datei schreiben (mehrere Fälle: eine je Fall)",
    ),
    (
        "handout",
        "paths",
        "Falldateien oder Ordner (anonymisiert, außer mit --identifying); `-` liest die Standardeingabe",
    ),
    (
        "handout",
        "out",
        "Die HTML-Datei (atomar; `-` für die Standardausgabe) oder, bei mehreren Fällen oder einem Ordner, der Ordner für ein Handout je Fall (benannt nach der Falldatei)",
    ),
    (
        "handout",
        "checklist",
        "Die Checkliste: ein eingebauter Name (afl-basis, afl-erweitert) oder eine Checklistendatei",
    ),
    (
        "handout",
        "identifying",
        "Auch einen nicht anonymisierten Fall annehmen (Handouts verlassen das Amt)",
    ),
    (
        "handout",
        "key",
        "Der Schlüssel, mit dem der Export erstellt wurde: sein Siegel muss passen (eine geänderte Datei wird abgelehnt)",
    ),
    ("handout", "force", "Eine vorhandene Ausgabedatei ersetzen"),
    ("import", "", "Chronologie-Tabellen (CSV, Excel, LibreOffice) in eine Falldatei einlesen"),
    (
        "import",
        "tables",
        "Tabellen: .csv (Komma oder Semikolon; UTF-8 oder Windows-1252), .xlsx, .xls oder .ods (jedes Blatt); ein Ereignis je Zeile",
    ),
    ("import", "out", "Die Falldatei, die geschrieben wird (atomar); `-` für die Standardausgabe"),
    (
        "import",
        "people",
        "Eine Tabelle der Personen, Institutionen und Fachkräfte (Spalten Name, Rolle/Art, Institution); ohne sie werden sie aus den Namen der Ereignisse erzeugt und zum Ergänzen markiert",
    ),
    (
        "import",
        "columns",
        "Eine YAML-Zuordnung von eigenen Spaltenköpfen zu Feldern (`Eingang am: date`)",
    ),
    (
        "import",
        "source",
        "`source` für jedes eingelesene Ereignis: wessen Chronologie es ist (ein Name oder eine Kennung der Personentabelle)",
    ),
    ("import", "reference", "`case.ref` des neuen Falls"),
    ("import", "municipality", "`case.municipality` des neuen Falls"),
    ("import", "format", "Ausgabeformat der Probleme und der Zusammenfassung"),
    ("import", "force", "Eine vorhandene Ausgabedatei ersetzen"),
    (
        "merge",
        "",
        "Die Chronologien mehrerer Stellen zu einer Familie in einen Fall zusammenführen",
    ),
    (
        "merge",
        "cases",
        "Falldateien (je eine Chronologie), in der Reihenfolge, in der ihre Einträge behalten werden",
    ),
    ("merge", "out", "Die zusammengeführte Falldatei (atomar); `-` für die Standardausgabe"),
    ("merge", "format", "Ausgabeformat der Zusammenfassung"),
    ("merge", "force", "Eine vorhandene Ausgabedatei ersetzen"),
    ("completions", "", "Shell-Vervollständigungen ausgeben (bash, zsh, fish, powershell, elvish)"),
    ("completions", "shell", "Die Shell"),
    ("man", "", "Die Handbuchseite ausgeben (roff; `lernfall man > lernfall.1`)"),
];

/// An example per command: (command path, German, English).
const EXAMPLES: &[(&str, &str, &str)] = &[
    ("validate", "lernfall validate faelle/", "lernfall validate cases/"),
    (
        "schema",
        "lernfall schema > lernfall-1.schema.json",
        "lernfall schema > lernfall-1.schema.json",
    ),
    (
        "new",
        "lernfall new > fall.yaml   (lernfall new --table > chronologie.csv)",
        "lernfall new > case.yaml   (lernfall new --table > chronology.csv)",
    ),
    (
        "check",
        "lernfall check faelle/ --checklist afl-erweitert --fail-on not_met",
        "lernfall check cases/ --checklist afl-erweitert --fail-on not_met",
    ),
    (
        "checklist",
        "lernfall checklist show afl-basis > meine-liste.yaml",
        "lernfall checklist show afl-basis > my-list.yaml",
    ),
    ("checklist list", "lernfall checklist list", "lernfall checklist list"),
    (
        "checklist show",
        "lernfall checklist show afl-erweitert",
        "lernfall checklist show afl-erweitert",
    ),
    (
        "checklist lint",
        "lernfall checklist lint meine-liste.yaml",
        "lernfall checklist lint my-list.yaml",
    ),
    (
        "checklist schema",
        "lernfall checklist schema > checklist.schema.json",
        "lernfall checklist schema > checklist.schema.json",
    ),
    ("timeline", "lernfall timeline fall.yaml --gap 28", "lernfall timeline case.yaml --gap 28"),
    ("key", "lernfall key new ~/.lernfall.key", "lernfall key new ~/.lernfall.key"),
    ("key new", "lernfall key new ~/.lernfall.key", "lernfall key new ~/.lernfall.key"),
    (
        "anonymise",
        "lernfall anonymise faelle/ --out export/ --key ~/.lernfall.key --mapping zuordnung.csv",
        "lernfall anonymise cases/ --out export/ --key ~/.lernfall.key --mapping mapping.csv",
    ),
    (
        "scrub",
        "lernfall scrub notizen.txt --known fall.yaml",
        "lernfall scrub notes.txt --known case.yaml",
    ),
    (
        "export",
        "lernfall export export/ --format xes --out verlauf.xes",
        "lernfall export export/ --format xes --out log.xes",
    ),
    (
        "report",
        "lernfall report export/ --format html --out bericht/",
        "lernfall report export/ --format html --out report/",
    ),
    (
        "handout",
        "lernfall handout export/ --out handouts/",
        "lernfall handout export/ --out handouts/",
    ),
    (
        "import",
        "lernfall import jugendamt.xlsx --people personen.csv --source Jugendamt --out fall.yaml",
        "lernfall import youth-office.xlsx --people people.csv --source \"Youth office\" --out case.yaml",
    ),
    (
        "merge",
        "lernfall merge jugendamt.yaml kita.yaml klinik.yaml --out chronologie.yaml",
        "lernfall merge youth-office.yaml daycare.yaml clinic.yaml --out chronology.yaml",
    ),
    (
        "completions",
        "lernfall completions bash > /etc/bash_completion.d/lernfall",
        "lernfall completions bash > /etc/bash_completion.d/lernfall",
    ),
    ("man", "lernfall man > lernfall.1", "lernfall man > lernfall.1"),
];

/// The language asked for on the command line (`--lang en`, `--lang=en`),
/// read before parsing so that `--help` can follow it; German otherwise.
pub fn lang_of_args<I: IntoIterator<Item = std::ffi::OsString>>(args: I) -> Lang {
    let args: Vec<String> = args.into_iter().map(|a| a.to_string_lossy().into_owned()).collect();
    for (i, a) in args.iter().enumerate() {
        let value = match a.strip_prefix("--lang=") {
            Some(v) => Some(v),
            None if a == "--lang" => args.get(i + 1).map(String::as_str),
            None => None,
        };
        if value == Some("en") {
            return Lang::En;
        }
    }
    Lang::De
}

/// The command line definition with help texts, headings and examples in
/// `lang`.
pub fn localise(cmd: Command, lang: Lang) -> Command {
    walk(cmd, "", lang)
}

/// An argument with its German help; clap's English "possible values" and
/// "default" notes replaced by German ones.
fn german_arg(a: Arg, text: &str) -> Arg {
    let mut help = text.to_owned();
    if !a.get_action().takes_values() {
        return a.help(help).long_help(None::<&str>);
    }
    {
        let values: Vec<String> = a
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_owned())
            .collect();
        if !values.is_empty() {
            help.push_str(&format!(" [Werte: {}]", values.join(", ")));
        }
        let defaults: Vec<String> =
            a.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect();
        if !defaults.is_empty() {
            help.push_str(&format!(" [Standard: {}]", defaults.join(", ")));
        }
    }
    a.help(help).long_help(None::<&str>).hide_possible_values(true).hide_default_value(true)
}

fn walk(mut cmd: Command, path: &str, lang: Lang) -> Command {
    let key = if path.is_empty() { "lernfall".to_owned() } else { path.to_owned() };
    if let Some((_, de, en)) = EXAMPLES.iter().find(|(p, _, _)| *p == key) {
        let example = match lang {
            Lang::De => format!("Beispiel:\n  {de}"),
            Lang::En => format!("Example:\n  {en}"),
        };
        cmd = cmd.after_help(example);
    }
    if lang == Lang::De {
        if let Some((_, _, text)) = DE.iter().find(|(p, a, _)| *p == key && a.is_empty()) {
            cmd = cmd.about(*text);
        }
        let ids: Vec<String> = cmd.get_arguments().map(|a| a.get_id().to_string()).collect();
        for id in ids {
            if let Some((_, _, text)) = DE.iter().find(|(p, a, _)| *p == key && *a == id) {
                cmd = cmd.mut_arg(id, |a| german_arg(a, text));
            }
        }
        let has_sub = cmd.has_subcommands();
        let has_pos = cmd.get_positionals().next().is_some();
        let mut template = String::from("{about-with-newline}\nAufruf: {usage}\n");
        if has_sub {
            template.push_str("\nBefehle:\n{subcommands}\n");
        }
        if has_pos {
            template.push_str("\nArgumente:\n{positionals}\n");
        }
        template.push_str("\nOptionen:\n{options}{after-help}");
        cmd = cmd.help_template(template).disable_help_flag(true).arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("Hilfe anzeigen")
                .global(path.is_empty()),
        );
        if path.is_empty() {
            cmd = cmd.disable_version_flag(true).arg(
                Arg::new("version")
                    .short('V')
                    .long("version")
                    .action(ArgAction::Version)
                    .help("Version anzeigen"),
            );
        }
    }
    let names: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_owned()).collect();
    for name in names {
        let sub_path = if path.is_empty() { name.clone() } else { format!("{path} {name}") };
        cmd = cmd.mut_subcommand(&name, |s| walk(s, &sub_path, lang));
    }
    cmd
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    /// Every command and argument has its German text and every command an
    /// example, so that a new option cannot slip in untranslated.
    #[test]
    fn every_command_and_argument_is_translated() {
        fn check(cmd: &Command, path: &str) {
            let key = if path.is_empty() { "lernfall".to_owned() } else { path.to_owned() };
            assert!(DE.iter().any(|(p, a, _)| *p == key && a.is_empty()), "{key}");
            if !path.is_empty() {
                assert!(EXAMPLES.iter().any(|(p, _, _)| *p == key), "example for {key}");
            }
            for a in cmd.get_arguments() {
                let id = a.get_id().as_str();
                if id == "help" || id == "version" {
                    continue;
                }
                assert!(DE.iter().any(|(p, x, _)| *p == key && *x == id), "{key} {id}");
            }
            for s in cmd.get_subcommands() {
                let sub = if path.is_empty() {
                    s.get_name().to_owned()
                } else {
                    format!("{path} {}", s.get_name())
                };
                check(s, &sub);
            }
        }
        check(&crate::cli::Cli::command(), "");
    }

    /// The localised definitions pass clap's own consistency checks.
    #[test]
    fn localised_commands_are_consistent() {
        localise(crate::cli::Cli::command(), Lang::De).debug_assert();
        localise(crate::cli::Cli::command(), Lang::En).debug_assert();
    }

    #[test]
    fn lang_is_read_before_parsing() {
        let args = |v: &[&str]| v.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert_eq!(lang_of_args(args(&["lernfall", "--lang", "en", "check", "--help"])), Lang::En);
        assert_eq!(lang_of_args(args(&["lernfall", "check", "--lang=en", "-h"])), Lang::En);
        assert_eq!(lang_of_args(args(&["lernfall", "check", "-h"])), Lang::De);
    }
}
