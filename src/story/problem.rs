//! What validation finds: problems with their JSON path, kind and severity.

use std::fmt;

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The bot works, but probably not as its author meant.
    Warning,
    /// The bot cannot be compiled or served as written.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One problem of a bot, at a JSON path.
///
/// Displays as `stories[0].interactions[3].userSays[1]: placeholder {{size:pizza_size}}
/// names unknown entity "size"`.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The JSON path of the faulty value.
    pub path: String,
    /// What is wrong, with the facts.
    pub kind: ProblemKind,
}

impl Problem {
    /// How serious the problem is.
    pub fn severity(&self) -> Severity {
        self.kind.severity()
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.kind)
    }
}

/// The kinds of problems validation finds.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ProblemKind {
    /// Two things of one kind share an id (or a name, an alias, a trigger).
    #[error("duplicate {what} {id:?} (first at {first})")]
    Duplicate {
        /// What is duplicated: `story id`, `interaction id`, `entity name`…
        what: &'static str,
        /// The repeated value.
        id: String,
        /// The path of the first occurrence.
        first: String,
    },
    /// An interaction uses an id reserved for the default interactions.
    #[error("interaction id {id:?} is reserved for the story's default interaction")]
    Reserved {
        /// The id.
        id: String,
    },
    /// A value that must not be empty is empty.
    #[error("{what} must not be empty")]
    Empty {
        /// What is empty.
        what: &'static str,
    },
    /// A text is longer than the limit.
    #[error("{what} has {got} characters, more than the limit of {max}")]
    TooLong {
        /// What is too long.
        what: &'static str,
        /// The limit in characters.
        max: usize,
        /// The length.
        got: usize,
    },
    /// A list has more items than the limit.
    #[error("{got} {what}, more than the limit of {max}")]
    TooMany {
        /// What there are too many of.
        what: &'static str,
        /// The limit.
        max: usize,
        /// The count.
        got: usize,
    },
    /// A number is outside its range.
    #[error("{what} is {got}, outside [{min}, {max}]")]
    OutOfRange {
        /// The setting.
        what: &'static str,
        /// The value.
        got: f64,
        /// The smallest allowed value.
        min: f64,
        /// The largest allowed value.
        max: f64,
    },
    /// A reference names an interaction that does not exist.
    #[error("{via} names unknown interaction {id:?}{}", in_story(story))]
    UnknownInteraction {
        /// Which field refers: `contextOut`, `references`, `goto`…
        via: &'static str,
        /// The missing interaction's id.
        id: String,
        /// The story searched, when it is not the current one.
        story: Option<String>,
    },
    /// A reference names a story that does not exist.
    #[error("goto names unknown story {id:?}")]
    UnknownStory {
        /// The missing story's id.
        id: String,
    },
    /// A reference names a webhook that does not exist.
    #[error("names unknown webhook {id:?}")]
    UnknownWebhook {
        /// The missing webhook's id.
        id: String,
    },
    /// A parameter, question or placeholder names an entity that does not exist.
    #[error("{}names unknown entity {name:?}", placeholder.as_ref().map(|p| format!("placeholder {p} ")).unwrap_or_default())]
    UnknownEntity {
        /// The entity name.
        name: String,
        /// The placeholder, when the name comes from one.
        placeholder: Option<String>,
    },
    /// A placeholder fills an alias that no parameter of the interaction declares.
    #[error(
        "placeholder {placeholder} fills alias {alias:?}, but the interaction has no parameter with that alias"
    )]
    UnknownAlias {
        /// The alias.
        alias: String,
        /// The placeholder.
        placeholder: String,
    },
    /// A placeholder's entity differs from its parameter's entity.
    #[error(
        "placeholder {placeholder} has entity {placeholder_entity:?}, but parameter {alias:?} has entity {parameter_entity:?}"
    )]
    EntityMismatch {
        /// The alias.
        alias: String,
        /// The placeholder.
        placeholder: String,
        /// The entity of the placeholder.
        placeholder_entity: String,
        /// The entity of the parameter.
        parameter_entity: String,
    },
    /// A placeholder cannot be read.
    #[error("{0}")]
    Placeholder(#[from] super::PlaceholderError),
    /// A required parameter has no prompt to ask for it.
    #[error("required parameter {alias:?} has no prompts to ask for it")]
    NoPrompts {
        /// The parameter's alias.
        alias: String,
    },
    /// An interaction has no way to be matched: no userSays, keywords or triggers, and no
    /// goto leads to it.
    #[error(
        "interaction {id:?} can never match: it has no userSays, keywords or triggers, and no goto leads to it"
    )]
    NeverMatches {
        /// The interaction's id.
        id: String,
    },
    /// A child interaction that no parent's `contextOut` or `references` (and no goto) reaches.
    #[error(
        "interaction {id:?} is not root and no path of contextOut, references or goto leads to it from a root"
    )]
    Unreachable {
        /// The interaction's id.
        id: String,
    },
    /// A URL that is not `http` or `https`.
    #[error("{url:?} is not an http or https URL")]
    InvalidUrl {
        /// The URL.
        url: String,
    },
    /// A filter whose operator and value do not fit together.
    #[error("filter: {reason}")]
    InvalidFilter {
        /// What does not fit.
        reason: String,
    },
    /// A text names an attribute that nothing sets; it renders as an empty string.
    #[error(
        "{{{{{name}}}}} names an attribute that no parameter, question or setAttributes sets; it renders empty"
    )]
    UnknownAttribute {
        /// The attribute's name.
        name: String,
    },
    /// `{{name|format}}` names a format that does not exist.
    #[error(
        "{{{{{name}|{format}}}}} names unknown format {format:?}: write {{{{{name}}}}} for the value as the story's \
         language writes it, or {{{{{name}|raw}}}} for the value as stored"
    )]
    UnknownFormat {
        /// The attribute's name.
        name: String,
        /// The format's name, as written.
        format: String,
    },
    /// More than one story is marked `default`.
    #[error("story {id:?} is marked default, but {first:?} already is")]
    SecondDefault {
        /// The second default story.
        id: String,
        /// The first default story.
        first: String,
    },
    /// A synonym (or value) stands for two different values of one entity.
    #[error("{text:?} stands for both {first:?} and {second:?}")]
    AmbiguousSynonym {
        /// The synonym.
        text: String,
        /// The first value.
        first: String,
        /// The second value.
        second: String,
    },
    /// An extensible entity that no example phrase teaches: no placeholder of it carries a
    /// value, and it lists no values to fill its placeholders with.
    #[error(
        "entity {name:?} is extensible, but no example annotates a value of it ({{{{{name}:alias=value}}}}) \
         and it lists no values to fill its placeholders with: there is nothing to learn it from"
    )]
    NothingToLearn {
        /// The entity's name.
        name: String,
    },
    /// The bot has no story, so it cannot answer.
    #[error("the bot has no stories, so it cannot answer queries")]
    NoStories,
}

fn in_story(story: &Option<String>) -> String {
    story
        .as_ref()
        .map(|s| format!(" in story {s:?}"))
        .unwrap_or_default()
}

impl ProblemKind {
    /// How serious a problem of this kind is.
    pub fn severity(&self) -> Severity {
        match self {
            ProblemKind::UnknownAttribute { .. }
            | ProblemKind::AmbiguousSynonym { .. }
            | ProblemKind::NothingToLearn { .. }
            | ProblemKind::NoStories => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

/// The problems of a bot that has at least one error.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{} error(s) in the bot; first: {}", self.errors().count(), self.errors().next().map(|p| p.to_string()).unwrap_or_default())]
pub struct ValidationError {
    /// Every problem found, errors and warnings, in document order.
    pub problems: Vec<Problem>,
}

impl ValidationError {
    /// The problems of severity [`Severity::Error`].
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|p| p.severity() == Severity::Error)
    }
}
