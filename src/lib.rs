//! lernfall: learning from problematic child-protection cases.
//!
//! The parts, one folder each: [`case`] (the case format: model, load, yaml,
//! validate, vocab, date, diag, schema, template, write), [`checklist`]
//! (checklists and their evaluation), [`anonymise`] (exports that leave the
//! office), [`outputs`] (timeline, handout, report, export) and [`cli`] (one
//! file per command). The data's way: [`load`] reads a case file (only
//! [`yaml`] knows YAML) into the [`model`], checking it as it goes and with
//! [`validate`]; every command starts from the loaded [`model::Case`].
//!
//! The modules of `case` and `outputs` are also reachable at the top
//! (`lernfall::load`, `lernfall::report`, …).

pub mod anonymise;
pub mod case;
pub mod checklist;
pub mod cli;
pub mod inputs;
pub mod lang;
pub mod output;
pub mod outputs;
pub mod text;

pub use case::{date, diag, load, model, schema, template, validate, vocab, write, yaml};
pub use outputs::{export, handout, report, timeline};
