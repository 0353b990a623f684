//! The case template printed by `lernfall new`.

/// A commented German case template that validates (fictional placeholders).
pub const CASE_TEMPLATE_DE: &str = include_str!("template/case-de.yaml");

/// A chronology table to fill in, for German Excel (UTF-8 with byte-order
/// mark, semicolons): the headers `lernfall import` recognises and one
/// fictional example row.
pub const TABLE_TEMPLATE_DE: &str = "\u{feff}Datum;Uhrzeit;Art;Wer;an;mit;Kind gesehen;allein gesprochen;Wohnung gesehen;Ergebnis;Anlass;Form;Quelle;Notiz;Empfehlung\r\n02.03.2021;09:15;Meldung;Kita Beispiel;Jugendamt Beispielstadt;Kind Beispiel;;;;;körperliche Misshandlung;;Kita Beispiel;Beispielzeile (fiktiv): bitte ersetzen;\r\n";

#[cfg(test)]
mod tests {
    #[test]
    fn template_validates() {
        let loaded = crate::load::load_str(super::CASE_TEMPLATE_DE);
        assert!(loaded.is_valid(), "{:?}", loaded.diagnostics);
        assert_eq!(loaded.diagnostics, vec![]);
    }
}
