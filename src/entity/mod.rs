//! Entities: typed values said in an utterance — numbers, emails, yes or no, amounts.
//!
//! An extractor reads the utterance (its text and its analysed [`Token`]s) and reports every
//! candidate as an [`EntityMatch`]: the entity's name, a typed JSON value, the raw text, its
//! [`Span`] in the original utterance and a score. [`resolve_overlaps`] then keeps, where
//! candidates overlap, the longest, then the most specific, then the best scored; every
//! candidate stays available to the matcher.
//!
//! # System entities
//!
//! Each system entity is one file of this module implementing [`SystemEntity`];
//! [`system_entities`] lists them. To add one, copy `template.rs`, fill it in, add it to
//! [`system_entities`] and give it a table of cases with `system_entity_tests!`.
//!
//! # Learned entities
//!
//! Values no list can hold (playlist or restaurant names) are found by a [`Tagger`]: a
//! linear-chain sequence model trained at compile time on the annotated examples of an
//! extensible entity, reading each word, its shape and neighbours, and the known values the
//! user entities find around it. The index trains one per story that has extensible
//! entities; the matcher runs it for the entities of the interaction that matched.
//!
//! Extractors receive a [`Context`]: the utterance's language and the [`Reference`] moment
//! (the user's local date, time and UTC offset) that `sys.date`, `sys.time`, `sys.datetime`
//! resolve `tomorrow` or `at 7` against. The library has no clock: the caller passes it.
//!
//! ```
//! use intently::analysis::Analyzer;
//! use intently::entity::{UserEntities, resolve_overlaps};
//! use intently::story::Bot;
//! use intently::Language;
//!
//! let bot = Bot::from_json(r#"{"stories": [], "entities": [{"id": "size", "name": "size",
//!     "entries": [{"value": "large", "synonyms": [{"value": "family size"}, {"value": "XL"}]}]}]}"#)?;
//! let analyzer = Analyzer::new(Language::English);
//! let sizes = UserEntities::compile(&bot.entities, &analyzer);
//!
//! let text = "One FAMILY SIZE margherita";
//! let mut found = Vec::new();
//! sizes.extract(text, &analyzer.analyze(text), &mut found);
//! let found = resolve_overlaps(found);
//! assert_eq!(found[0].entity, "size");
//! assert_eq!(found[0].value, "large");
//! assert_eq!(found[0].span.slice(text), "FAMILY SIZE");
//! # Ok::<(), intently::LoadError>(())
//! ```

use serde_json::Value;

use crate::analysis::{Span, Token};

#[macro_use]
mod test_macro;
mod user;

mod alphanumeric;
mod any;
pub(crate) mod calendar;
mod context;
mod date;
mod datetime;
mod decimal;
mod duration;
mod email;
mod money;
mod number;
mod number_words;
mod numbers;
#[cfg(test)]
mod numeric_props;
mod pattern;
mod percentage;
mod phone;
mod tagger;
mod temperature;
mod template;
mod time;
mod url;
mod when;
mod yes_no;

pub use context::{Context, Reference};
pub use tagger::{TAGGER_MAX_ENTITIES, TAGGER_WINDOW, TaggedExample, Tagger};
pub use user::{MAX_WORDS, UserEntities};

/// One entity found in an utterance.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityMatch {
    /// The entity's name: `sys.number`, or a user entity's name.
    pub entity: String,
    /// The typed value: a number, a string, `{"amount": 37, "unit": "celsius"}`…
    pub value: Value,
    /// The text as the user wrote it.
    pub raw: String,
    /// Where it is in the original utterance.
    pub span: Span,
    /// How sure the extractor is, in `[0, 1]` (1 for an exact, unambiguous match).
    pub score: f32,
}

impl EntityMatch {
    /// A match of `entity` over `span` of `text`.
    pub fn new(entity: &str, value: Value, text: &str, span: Span, score: f32) -> EntityMatch {
        EntityMatch {
            entity: entity.to_string(),
            value,
            raw: span.slice(text).to_string(),
            span,
            score,
        }
    }
}

/// A system entity: finds its values in an utterance.
///
/// Extractors never fail and never panic; an input they cannot read yields no match (or, for
/// absurd numbers, a match whose value says why it is out of range).
pub trait SystemEntity: Send + Sync + std::fmt::Debug {
    /// The entity's name, `sys.…`.
    fn name(&self) -> &'static str;
    /// How specific the entity is, for overlaps of equal length: `sys.integer` (3) beats
    /// `sys.number` (2), which beats `sys.alphanumeric` (1) and `sys.any` (0).
    fn specificity(&self) -> u8 {
        2
    }
    /// Pushes every candidate value found in `text` (analysed into `tokens`) to `out`; the
    /// [`Context`] gives the language and the reference moment relative dates resolve against.
    fn extract(&self, text: &str, tokens: &[Token], context: &Context, out: &mut Vec<EntityMatch>);
}

/// Every system entity, in the order they run.
pub fn system_entities() -> Vec<Box<dyn SystemEntity>> {
    vec![
        Box::new(email::Email),
        Box::new(url::Url),
        Box::new(phone::PhoneNumber),
        Box::new(yes_no::Yes),
        Box::new(yes_no::No),
        Box::new(yes_no::YesNo),
        Box::new(alphanumeric::Alphanumeric),
        Box::new(any::Any),
        Box::new(number::Number),
        Box::new(number::Integer),
        Box::new(number::Ordinal),
        Box::new(percentage::Percentage),
        Box::new(temperature::Temperature),
        Box::new(money::Money),
        Box::new(date::Date),
        Box::new(time::Time),
        Box::new(datetime::DateTime),
        Box::new(duration::Duration),
    ]
}

/// The system entities, built once.
static REGISTRY: std::sync::LazyLock<Vec<Box<dyn SystemEntity>>> = std::sync::LazyLock::new(system_entities);

/// The system entity with this name, if intently has it.
pub fn system_entity(name: &str) -> Option<&'static dyn SystemEntity> {
    REGISTRY.iter().find(|e| e.name() == name).map(|e| e.as_ref())
}

/// Runs every system entity over an utterance and returns all candidates (overlaps kept).
pub fn extract_system(text: &str, tokens: &[Token], context: &Context) -> Vec<EntityMatch> {
    let mut out = Vec::new();
    for entity in REGISTRY.iter() {
        entity.extract(text, tokens, context, &mut out);
    }
    out
}

/// The specificity of an entity by name (user entities are the most specific: 4).
fn specificity(name: &str) -> u8 {
    if !name.starts_with("sys.") {
        return 4;
    }
    system_entity(name).map_or(2, |e| e.specificity())
}

/// Keeps, among overlapping matches, the longest; then the most specific; then the best
/// scored; then the first. `sys.any` (specificity 0) never hides another match: it is
/// considered last. The result is in order of position.
pub fn resolve_overlaps(mut matches: Vec<EntityMatch>) -> Vec<EntityMatch> {
    let key = |m: &EntityMatch| {
        let specificity = specificity(&m.entity);
        (
            specificity == 0,
            std::cmp::Reverse(m.span.char_end - m.span.char_start),
            std::cmp::Reverse(specificity),
        )
    };
    let mut keyed: Vec<_> = matches.drain(..).map(|m| (key(&m), m)).collect();
    keyed.sort_by(|(ka, a), (kb, b)| {
        ka.cmp(kb)
            .then(b.score.total_cmp(&a.score))
            .then(a.span.char_start.cmp(&b.span.char_start))
    });
    let mut kept: Vec<EntityMatch> = Vec::new();
    for (_, m) in keyed {
        let overlaps = kept
            .iter()
            .any(|k| m.span.char_start < k.span.char_end && k.span.char_start < m.span.char_end);
        if !overlaps {
            kept.push(m);
        }
    }
    kept.sort_by_key(|m| m.span.char_start);
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(entity: &str, start: usize, end: usize, score: f32) -> EntityMatch {
        let span = Span {
            byte_start: start,
            byte_end: end,
            char_start: start,
            char_end: end,
        };
        EntityMatch {
            entity: entity.into(),
            value: Value::Null,
            raw: String::new(),
            span,
            score,
        }
    }

    #[test]
    fn longest_then_most_specific_then_best_scored() {
        let kept = resolve_overlaps(vec![
            at("color", 0, 11, 1.0),
            at("size", 2, 12, 0.5),
            at("sys.number", 20, 22, 0.9),
        ]);
        assert_eq!(
            kept.iter().map(|m| m.entity.as_str()).collect::<Vec<_>>(),
            ["color", "sys.number"]
        );
        let kept = resolve_overlaps(vec![at("sys.any", 0, 30, 0.1), at("sys.email", 5, 20, 1.0)]);
        assert_eq!(
            kept.iter().map(|m| m.entity.as_str()).collect::<Vec<_>>(),
            ["sys.email"],
            "sys.any never hides"
        );
        let kept = resolve_overlaps(vec![at("sys.any", 0, 4, 1.0), at("size", 0, 4, 0.5)]);
        assert_eq!(kept[0].entity, "size");
        let kept = resolve_overlaps(vec![at("a", 0, 4, 0.5), at("b", 0, 4, 0.9)]);
        assert_eq!(kept[0].entity, "b");
    }
}
