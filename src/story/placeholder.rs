//! Placeholders in example phrases: `{{entity:alias}}` and the short form `{{entity}}`.
//!
//! A placeholder may also carry the value said in the example, `{{entity:alias=value}}` (or
//! `{{entity=value}}`): an *annotated* example. The matcher reads it as the text of the
//! value, and an [`extensible`](super::Entity::extensible) entity learns from it where its
//! values sit in a sentence, so that it finds values it has never seen.

use std::ops::Range;

/// The system entities a placeholder or parameter may name.
///
/// ChatBot's set, and beyond it dates, times, durations, percentages and money.
pub const SYSTEM_ENTITIES: &[&str] = &[
    "sys.any",
    "sys.url",
    "sys.integer",
    "sys.number",
    "sys.phone-number",
    "sys.temperature",
    "sys.email",
    "sys.yes",
    "sys.no",
    "sys.yes-no",
    "sys.alphanumeric",
    "sys.date",
    "sys.time",
    "sys.datetime",
    "sys.duration",
    "sys.percentage",
    "sys.money",
];

/// Whether `name` is one of the [`SYSTEM_ENTITIES`].
pub fn is_system_entity(name: &str) -> bool {
    SYSTEM_ENTITIES.contains(&name)
}

/// A part of an example phrase: plain text or a placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment<'a> {
    /// Text said as is.
    Text(&'a str),
    /// A placeholder standing for any value of an entity.
    Placeholder(Placeholder<'a>),
}

/// A placeholder `{{entity:alias}}` in an example phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder<'a> {
    /// The entity's name (`sys.number`, `size`).
    pub entity: &'a str,
    /// The parameter it fills; the short form `{{entity}}` fills the alias named like the
    /// entity.
    pub alias: &'a str,
    /// The value said in an annotated example (`{{entity:alias=value}}`), trimmed.
    pub value: Option<&'a str>,
    /// Where the placeholder (braces included) is in the phrase, in bytes.
    pub span: Range<usize>,
}

/// A placeholder that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PlaceholderError {
    /// `{{` without a matching `}}`.
    #[error("placeholder opened at byte {at} is never closed with }}}}")]
    Unclosed {
        /// The byte offset of the `{{`.
        at: usize,
    },
    /// `{{}}`, `{{:alias}}`, `{{entity:}}`, `{{entity=}}` or a name with spaces or braces.
    #[error(
        "placeholder {text} is malformed: write {{{{entity:alias}}}} or {{{{entity}}}}, with an optional \
         example value: {{{{entity:alias=value}}}}"
    )]
    Malformed {
        /// The placeholder as written.
        text: String,
    },
}

/// Splits an example phrase into text and placeholders.
///
/// ```
/// use intently::story::{parse_phrase, Segment};
///
/// let segments = parse_phrase("book a table for {{sys.number:people}} tonight").unwrap();
/// assert_eq!(segments.len(), 3);
/// let Segment::Placeholder(p) = &segments[1] else { panic!() };
/// assert_eq!((p.entity, p.alias), ("sys.number", "people"));
/// ```
pub fn parse_phrase(phrase: &str) -> Result<Vec<Segment<'_>>, PlaceholderError> {
    let mut segments = Vec::new();
    let mut rest_start = 0;
    while let Some(open) = phrase[rest_start..].find("{{").map(|i| i + rest_start) {
        let Some(close) = phrase[open + 2..].find("}}").map(|i| i + open + 2) else {
            return Err(PlaceholderError::Unclosed { at: open });
        };
        if open > rest_start {
            segments.push(Segment::Text(&phrase[rest_start..open]));
        }
        let (inner, value) = match phrase[open + 2..close].split_once('=') {
            Some((names, value)) => (names, Some(value.trim())),
            None => (&phrase[open + 2..close], None),
        };
        let (entity, alias) = match inner.split_once(':') {
            Some((entity, alias)) => (entity.trim(), alias.trim()),
            None => (inner.trim(), inner.trim()),
        };
        let well_formed =
            |name: &str| !name.is_empty() && !name.contains(|c: char| c.is_whitespace() || "{}:".contains(c));
        if !well_formed(entity) || !well_formed(alias) || value.is_some_and(str::is_empty) {
            return Err(PlaceholderError::Malformed {
                text: phrase[open..close + 2].to_string(),
            });
        }
        segments.push(Segment::Placeholder(Placeholder {
            entity,
            alias,
            value,
            span: open..close + 2,
        }));
        rest_start = close + 2;
    }
    if rest_start < phrase.len() {
        segments.push(Segment::Text(&phrase[rest_start..]));
    }
    Ok(segments)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_form_uses_the_entity_as_alias() {
        let segments = parse_phrase("{{size}} please").unwrap();
        assert_eq!(
            segments[0],
            Segment::Placeholder(Placeholder {
                entity: "size",
                alias: "size",
                value: None,
                span: 0..8
            })
        );
        assert_eq!(segments[1], Segment::Text(" please"));
    }

    #[test]
    fn annotated_placeholders_carry_their_value() {
        let segments = parse_phrase("add {{artist:who = clem burke}} to {{playlist=Pre-Party R&B}}").unwrap();
        let values: Vec<_> = segments
            .iter()
            .filter_map(|s| match s {
                Segment::Placeholder(p) => Some((p.entity, p.alias, p.value)),
                Segment::Text(_) => None,
            })
            .collect();
        assert_eq!(
            values,
            [
                ("artist", "who", Some("clem burke")),
                ("playlist", "playlist", Some("Pre-Party R&B"))
            ]
        );
        assert!(matches!(
            parse_phrase("{{artist=  }}"),
            Err(PlaceholderError::Malformed { .. })
        ));
        assert!(matches!(
            parse_phrase("{{=x}}"),
            Err(PlaceholderError::Malformed { .. })
        ));
    }

    #[test]
    fn plain_text_is_one_segment() {
        assert_eq!(parse_phrase("hello").unwrap(), vec![Segment::Text("hello")]);
        assert_eq!(parse_phrase("").unwrap(), vec![]);
    }

    #[test]
    fn faults_are_reported() {
        assert_eq!(
            parse_phrase("a {{size").unwrap_err(),
            PlaceholderError::Unclosed { at: 2 }
        );
        assert!(matches!(
            parse_phrase("{{:x}}"),
            Err(PlaceholderError::Malformed { .. })
        ));
        assert!(matches!(
            parse_phrase("{{a b:c}}"),
            Err(PlaceholderError::Malformed { .. })
        ));
        assert!(matches!(
            parse_phrase("{{}}"),
            Err(PlaceholderError::Malformed { .. })
        ));
    }

    #[test]
    fn never_panics_on_odd_input() {
        for text in ["{{", "}}", "{{{{}}}}", "{{é:ü}}", "{{a:b}}{{c}}", "x}}{{y}}"] {
            let _ = parse_phrase(text);
        }
    }
}
