//! intently (crate docs are written in a later step).
#![warn(missing_docs)]

pub mod analysis;
pub mod error;
pub mod story;
mod language;

pub use error::{Error, Result};
pub use language::{Language, UnknownLanguage};
