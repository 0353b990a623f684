//! lernfall: learning from problematic child-protection cases.
//!
//! The data's way through the crate: [`load`] reads a case file (only
//! [`yaml`] knows YAML) into the [`model`], checking it as it goes and with
//! [`validate`]; every command starts from the loaded [`model::Case`].

pub mod anonymise;
pub mod checklist;
pub mod cli;
pub mod date;
pub mod diag;
pub mod export;
pub mod handout;
pub mod inputs;
pub mod lang;
pub mod load;
pub mod model;
pub mod output;
pub mod report;
pub mod schema;
pub mod template;
pub mod text;
pub mod timeline;
pub mod validate;
pub mod vocab;
pub mod write;
pub mod yaml;
