//! intently (crate docs are written in a later step).
#![warn(missing_docs)]

pub mod analysis;
mod language;

pub use language::{Language, UnknownLanguage};
