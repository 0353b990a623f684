//! What lernfall writes for people and tools besides the check itself: the
//! [`timeline`] of a case, workshop [`handout`]s, [`report`]s across cases
//! and event logs for process mining ([`export`]).

pub mod export;
pub mod handout;
pub mod report;
pub mod timeline;
