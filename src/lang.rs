//! The language of user-facing texts: German by default, English on request.

use clap::ValueEnum;

/// Language of messages and reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    /// Deutsch
    #[default]
    De,
    /// English
    En,
}

impl Lang {
    /// Picks the German or the English text.
    pub fn pick<'a>(self, de: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::De => de,
            Lang::En => en,
        }
    }
}
