//! Parameter values: reading them from the matched utterance, and validating an answer to a
//! prompt or question against its entity.

use std::collections::BTreeMap;

use serde_json::Value;

use super::script::Slot;
use crate::StoryModel;
use crate::analysis::Token;
use crate::entity::{Context, EntityMatch, Reference, resolve_overlaps, system_entity};
use crate::matcher::says_something;

/// Entities whose values depend on the moment they are said: the matcher recognizes them
/// against the epoch (only their type matters there), so the dialog reads them again.
const TIMED: &[&str] = &["sys.date", "sys.time", "sys.datetime"];

/// A value as attributes hold it: texts as they are, numbers and booleans written out,
/// anything structured (an amount with its currency…) as the user wrote it.
pub(super) fn value_text(m: &EntityMatch) -> String {
    match &m.value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => m.raw.trim().to_string(),
    }
}

/// The longest text a free-text entity takes as an answer (a `/query` is at most 256
/// characters too); a longer one is asked again.
pub const MAX_FREE_TEXT_CHARS: usize = 256;

/// A text as a free-text entity takes it: trimmed, without control characters and terminal
/// escape sequences (an arrow key's `ESC [ A`); `None` when it is longer than
/// [`MAX_FREE_TEXT_CHARS`] or holds nothing that can say something on its own (punctuation,
/// a lone letter, `^[[A`: the rule by which nonsense falls back).
pub(super) fn free_text(story: &StoryModel, text: &str) -> Option<String> {
    let clean = without_escapes(text);
    let clean = clean.trim();
    let fits = clean.chars().count() <= MAX_FREE_TEXT_CHARS;
    let says = || {
        story
            .analyzer
            .analyze(clean)
            .iter()
            .any(|t| says_something(&t.text))
    };
    (fits && says()).then(|| clean.to_string())
}

/// The text without control characters and without the escape sequences terminals send for
/// keys (`ESC [ … final`, `ESC O x`).
fn without_escapes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            match chars.peek() {
                Some('[') => {
                    chars.next();
                    // Parameters, then one final character in `@`..=`~`.
                    for c in chars.by_ref() {
                        if ('@'..='~').contains(&c) {
                            break;
                        }
                    }
                }
                Some('O') => {
                    chars.next();
                    chars.next();
                }
                _ => {}
            }
        } else if !c.is_control() {
            out.push(c);
        }
    }
    out
}

/// Whether any text is a value of the entity: `sys.any`, and extensible user entities (whose
/// values are open).
pub(super) fn takes_free_text(story: &StoryModel, entity: &str) -> bool {
    entity == "sys.any"
        || story
            .interactions
            .iter()
            .any(|i| i.learned.iter().any(|l| l == entity))
}

/// The parameters of an interaction said in the utterance that matched it: each parameter
/// takes the next value of its entity, in the order they were said. `found` is what the
/// matcher recognized (and tagged); other entities are read here. `sys.any` is never read
/// from a matched utterance (it would be the whole utterance): it is asked for.
pub(super) fn parameters(
    story: &StoryModel,
    slots: &[Slot],
    text: &str,
    found: &[EntityMatch],
    reference: Reference,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut tokens: Option<Vec<Token>> = None;
    let mut taken: Vec<(String, usize)> = Vec::new();
    for slot in slots.iter().filter(|s| s.entity != "sys.any") {
        let recognized = (story.used_entities.iter().any(|u| u == &slot.entity)
            || takes_free_text(story, &slot.entity))
            && !TIMED.contains(&slot.entity.as_str());
        let values: Vec<EntityMatch> = if recognized {
            found
                .iter()
                .filter(|m| m.entity == slot.entity)
                .cloned()
                .collect()
        } else {
            let tokens = tokens.get_or_insert_with(|| story.analyzer.analyze(text));
            extract(story, &slot.entity, text, tokens, reference)
        };
        let next = match taken.iter_mut().find(|(e, _)| e == &slot.entity) {
            Some((_, n)) => n,
            None => {
                taken.push((slot.entity.clone(), 0));
                &mut taken.last_mut().expect("just pushed").1
            }
        };
        if let Some(m) = values.get(*next) {
            out.insert(slot.alias.clone(), value_text(m));
            *next += 1;
        }
    }
    out
}

/// The entities the matcher found, with the values of dates and times read again against
/// the turn's reference (the matcher reads them against the epoch). One that the reference
/// does not read over the same span is left out rather than shown with the epoch's value.
pub(super) fn at(
    story: &StoryModel,
    text: &str,
    found: &[EntityMatch],
    reference: Reference,
) -> Vec<EntityMatch> {
    let mut tokens: Option<Vec<Token>> = None;
    found
        .iter()
        .filter_map(|m| {
            if !TIMED.contains(&m.entity.as_str()) {
                return Some(m.clone());
            }
            let tokens = tokens.get_or_insert_with(|| story.analyzer.analyze(text));
            extract(story, &m.entity, text, tokens, reference)
                .into_iter()
                .find(|again| again.span == m.span)
        })
        .collect()
}

/// The first value of `entity` in an answer, if it holds one (`sys.any` and other free
/// texts are not looked for here).
pub(super) fn find(story: &StoryModel, entity: &str, text: &str, reference: Reference) -> Option<String> {
    if entity == "sys.any" {
        return None;
    }
    let tokens = story.analyzer.analyze(text);
    extract(story, entity, text, &tokens, reference)
        .first()
        .map(value_text)
}

/// Every value of one entity in a text, overlaps resolved, in order.
fn extract(
    story: &StoryModel,
    entity: &str,
    text: &str,
    tokens: &[Token],
    reference: Reference,
) -> Vec<EntityMatch> {
    let mut found = Vec::new();
    if entity.starts_with("sys.") {
        if let Some(system) = system_entity(entity) {
            system.extract(text, tokens, &Context::new(story.language, reference), &mut found);
        }
    } else {
        story.entities.extract(text, tokens, &mut found);
    }
    found.retain(|m| m.entity == entity);
    resolve_overlaps(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_and_control_characters_are_taken_out() {
        for (text, clean) in [
            ("\u{1b}[A", ""),
            ("12 Baker\u{1b}[1;5C Street", "12 Baker Street"),
            ("\u{1b}OAhi", "hi"),
            ("a\u{7}b\u{0}c", "abc"),
            ("\u{1b}", ""),
            ("\u{1b}[", ""),
            ("Zoë\r\n", "Zoë"),
        ] {
            assert_eq!(without_escapes(text), clean, "{text:?}");
        }
    }
}
