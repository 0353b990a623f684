//! Which files `handout` and `export` accept as anonymised: the marker is
//! not enough (anybody can copy it into an identifying case). The file must
//! have the shape only `lernfall anonymise` writes, and when a key is given,
//! its seal must match under that key. Messages name what is wrong, never a
//! value.

use crate::anonymise::key::Key;
use crate::anonymise::trust::{self, SealCheck};
use crate::inputs::Input;
use crate::lang::Lang;
use crate::model::Case;

/// Why a file is not accepted as an export, in the user's language.
pub(super) fn refusal(case: &Case, input: &Input, key: Option<&Key>, lang: Lang) -> Option<String> {
    if !case.is_export() {
        return Some(
            lang.pick(
                "keine anonymisierte Datei (erst `lernfall anonymise`, oder --identifying für den internen Gebrauch)",
                "not an anonymised file (run `lernfall anonymise` first, or --identifying for internal use)",
            )
            .to_owned(),
        );
    }
    let name = match input {
        Input::File(p) => p.file_name().and_then(|n| n.to_str()),
        Input::Stdin => None,
    };
    let problems = trust::shape_problems(case, name);
    if !problems.is_empty() {
        return Some(format!(
            "{}: {}",
            lang.pick(
                "trägt die Exportmarke, hat aber nicht die Form, die `lernfall anonymise` schreibt",
                "carries the export marker but not the shape `lernfall anonymise` writes"
            ),
            problems.join("; ")
        ));
    }
    let key = key?;
    let Input::File(path) = input else {
        return Some(
            lang.pick(
                "das Siegel lässt sich nur an einer Datei prüfen, nicht an der Standardeingabe",
                "the seal can be checked on a file only, not on standard input",
            )
            .to_owned(),
        );
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => return Some(e.kind().to_string()),
    };
    match trust::check_seal(case, &text, key) {
        SealCheck::Valid => None,
        SealCheck::Broken => Some(
            lang.pick(
                "das Siegel passt nicht: die Datei wurde nach dem Export geändert oder mit einem anderen Schlüssel versiegelt",
                "the seal does not match: the file was changed after export, or sealed with another key",
            )
            .to_owned(),
        ),
        SealCheck::Missing => Some(
            lang.pick(
                "kein Siegel (Einmalschlüssel oder von Hand geschrieben): der Schlüssel kann die Datei nicht bestätigen",
                "no seal (one-off key, or written by hand): the key cannot confirm this file",
            )
            .to_owned(),
        ),
    }
}
