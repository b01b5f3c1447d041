//! The library's errors.
//!
//! Every error is an enum whose variants carry the facts (line, column, JSON path, the
//! limit that was passed), so callers can match on them and print them as they like.

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Any error of the library.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A bot document could not be read.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// A bot was read but breaks the rules of the bot model.
    #[error(transparent)]
    Invalid(#[from] crate::story::ValidationError),
    /// Bytes could not be read as a compiled model.
    #[error(transparent)]
    Model(#[from] ModelError),
    /// A turn of a conversation could not be answered.
    #[error(transparent)]
    Dialog(#[from] DialogError),
    /// A saved session could not be read.
    #[error(transparent)]
    Session(#[from] SessionError),
}

/// Why a bot document could not be read.
///
/// Positions are 1-based lines and columns (in characters); paths are JSON paths such as
/// `stories[0].interactions[3].userSays`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// The document is empty or only whitespace.
    #[error("the bot document is empty")]
    Empty,
    /// The document is larger than [`MAX_BOT_BYTES`](crate::story::MAX_BOT_BYTES).
    #[error("the bot document has {size} bytes, more than the limit of {limit}")]
    TooLarge {
        /// The document's size in bytes.
        size: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// The bytes are not UTF-8.
    #[error("invalid UTF-8 at line {line}, column {column} (byte offset {offset})")]
    Utf8 {
        /// The line of the first invalid byte.
        line: usize,
        /// The column of the first invalid byte.
        column: usize,
        /// The byte offset of the first invalid byte.
        offset: usize,
    },
    /// The text is not well-formed JSON.
    #[error("line {line}, column {column}: invalid JSON: {message}")]
    Syntax {
        /// The line of the fault.
        line: usize,
        /// The column of the fault.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The JSON is well formed but does not fit the bot model: a wrong type, a missing or
    /// unknown field, an unknown response type.
    #[error("{path}: {message} (line {line}, column {column})")]
    Schema {
        /// The JSON path of the fault (`stories[0].interactions[3]`), `.` for the root.
        path: String,
        /// The line of the fault.
        line: usize,
        /// The column of the fault.
        column: usize,
        /// What is wrong, with a suggestion for misspelled names.
        message: String,
    },
}

/// Why bytes could not be read as a compiled model.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ModelError {
    /// The bytes do not start with the model's magic number.
    #[error("not an intently model (bad magic number)")]
    NotAModel,
    /// The model was written by another version of the byte format.
    #[error("model format version {got}, but this build reads version {expected}")]
    Version {
        /// The version this build reads.
        expected: u32,
        /// The version in the bytes.
        got: u32,
    },
    /// The bytes end early (or run long).
    #[error("model is truncated: {needed} bytes expected, {available} available")]
    Truncated {
        /// The bytes the header announces.
        needed: usize,
        /// The bytes given.
        available: usize,
    },
    /// The payload does not match its checksum.
    #[error("model checksum mismatch: stored {expected:#018x}, computed {got:#018x}")]
    Checksum {
        /// The stored checksum.
        expected: u64,
        /// The checksum of the bytes given.
        got: u64,
    },
    /// The model was trained with word vectors that this build does not have (another
    /// version of the built-in vectors): compile the bot again.
    #[error(
        "model was trained with word vectors {fingerprint:#010x}, which this build does not have; compile the bot again"
    )]
    WordVectors {
        /// The fingerprint of the vectors in the model.
        fingerprint: u32,
    },
    /// The payload is inconsistent (a length past the end, an index out of range…).
    #[error("model is corrupt: {what}")]
    Corrupt {
        /// What is inconsistent.
        what: &'static str,
    },
}

/// Why a turn of a conversation could not be answered. The session is left as it was.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DialogError {
    /// The model has no stories to answer with.
    #[error("the bot has no stories")]
    NoStories,
    /// The turn names a story the model does not have.
    #[error("unknown story {id:?}; the stories are: {}", known.join(", "))]
    UnknownStory {
        /// The story id given.
        id: String,
        /// The story ids the model has.
        known: Vec<String>,
    },
    /// A trigger that no interaction of the story declares.
    #[error("story {story:?} has no trigger {name:?}; its triggers are: {}", if known.is_empty() { "none besides welcome".to_string() } else { format!("welcome, {}", known.join(", ")) })]
    UnknownTrigger {
        /// The trigger given.
        name: String,
        /// The story.
        story: String,
        /// The triggers the story declares (besides `welcome`).
        known: Vec<String>,
    },
    /// A goto to an interaction the story does not have.
    #[error("story {story:?} has no interaction {id:?} to go to")]
    UnknownInteraction {
        /// The interaction id given.
        id: String,
        /// The story.
        story: String,
    },
    /// The text of the turn is empty or only whitespace.
    #[error("the query is empty")]
    EmptyQuery,
}

/// Why a saved session could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SessionError {
    /// The session is not a well-formed session document (with the JSON path of the fault).
    #[error("not a valid session: {0}")]
    Json(#[from] LoadError),
    /// The session was written by a newer version of intently.
    #[error("session format version {found}, but this build reads up to version {supported}")]
    Version {
        /// The version in the document.
        found: u32,
        /// The newest version this build reads.
        supported: u32,
    },
}
