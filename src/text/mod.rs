//! Text as users write it: the one fold rule of the crate ([`fold`]) and the
//! normalised view every matcher works on ([`view`]).

pub mod fold;
pub mod view;

pub use fold::{clean_name, fold, fold_vocabulary, name_key};
pub use view::{Shape, Token, View};
