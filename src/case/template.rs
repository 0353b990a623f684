//! The case template printed by `lernfall new`.

/// A commented German case template that validates (fictional placeholders).
pub const CASE_TEMPLATE_DE: &str = include_str!("template/case-de.yaml");

#[cfg(test)]
mod tests {
    #[test]
    fn template_validates() {
        let loaded = crate::load::load_str(super::CASE_TEMPLATE_DE);
        assert!(loaded.is_valid(), "{:?}", loaded.diagnostics);
        assert_eq!(loaded.diagnostics, vec![]);
    }
}
