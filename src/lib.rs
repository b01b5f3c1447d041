//! intently (crate docs are written in a later step).
#![warn(missing_docs)]

pub mod analysis;
pub mod error;
pub mod eval;
pub mod index;
mod language;
pub mod matcher;
pub mod story;

pub use error::{Error, ModelError, Result};
pub use index::{InteractionInfo, Model, StoryModel};
pub use language::{Language, UnknownLanguage};
pub use matcher::{Candidates, Classification, Match, System};
