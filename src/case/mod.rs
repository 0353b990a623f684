//! The case format lernfall/1: the [`model`] every command starts from,
//! read by [`load`] (only [`yaml`] knows YAML) and checked by [`validate`]
//! against the vocabularies ([`vocab`]) with dates of day or month
//! precision ([`date`]); problems are [`diag`]nostics with file, line,
//! column and field path. [`schema`] prints the JSON Schema, [`template`]
//! the commented German template, [`write`] writes a case back as YAML.

pub mod date;
pub mod diag;
pub mod import;
pub mod load;
pub mod merge;
pub mod model;
pub mod schema;
pub mod template;
pub mod validate;
pub mod vocab;
pub mod write;
pub mod yaml;
