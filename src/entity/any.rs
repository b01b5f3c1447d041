//! `sys.any`: the whole utterance, as a string.

use serde_json::Value;

use super::pattern::CharCounter;
use super::{Context, EntityMatch, SystemEntity};
use crate::analysis::Token;

/// `sys.any`: anything the user says, such as a name, a comment or a free-form answer to a
/// prompt.
///
/// The match is the whole utterance without the whitespace around it, and the value is that
/// text as a JSON string (`"  Ada Lovelace "` → `"Ada Lovelace"`); an utterance of
/// whitespace only yields nothing. It is the least specific entity (specificity 0) and scores
/// 0.1, so every other entity found in the utterance wins its overlap; the matcher still
/// sees it among the candidates.
#[derive(Debug, Clone, Copy, Default)]
pub struct Any;

impl SystemEntity for Any {
    fn name(&self) -> &'static str {
        "sys.any"
    }

    fn specificity(&self) -> u8 {
        0
    }

    fn extract(&self, text: &str, _tokens: &[Token], _context: &Context, out: &mut Vec<EntityMatch>) {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return;
        }
        let start = text.len() - text.trim_start().len();
        let span = CharCounter::new(text).span(start, start + trimmed.len());
        out.push(EntityMatch::new(
            self.name(),
            Value::String(trimmed.to_string()),
            text,
            span,
            0.1,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Language;
    use serde_json::json;

    system_entity_tests!(
        Any,
        Language::English,
        [
            ("Ada Lovelace", [("Ada Lovelace", json!("Ada Lovelace"))]),
            ("  Ada Lovelace ", [("Ada Lovelace", json!("Ada Lovelace"))]),
            (
                "\tline one\nline two\n",
                [("line one\nline two", json!("line one\nline two"))]
            ),
            ("x", [("x", json!("x"))]),
            ("42", [("42", json!("42"))]),
            ("yes", [("yes", json!("yes"))]),
            ("ada@example.org", [("ada@example.org", json!("ada@example.org"))]),
            ("Hello, world!", [("Hello, world!", json!("Hello, world!"))]),
            ("?", [("?", json!("?"))]),
            ("👍", [("👍", json!("👍"))]),
            ("  👍🏽  ", [("👍🏽", json!("👍🏽"))]),
            ("café crème", [("café crème", json!("café crème"))]),
            (
                "\u{3000}全角スペース\u{3000}",
                [("全角スペース", json!("全角スペース"))]
            ),
            ("\u{a0}no-break\u{a0}", [("no-break", json!("no-break"))]),
            ("Привет", [("Привет", json!("Привет"))]),
            ("مرحبا", [("مرحبا", json!("مرحبا"))]),
            ("a  b", [("a  b", json!("a  b"))]),
            (
                "I want a large pizza with extra cheese",
                [(
                    "I want a large pizza with extra cheese",
                    json!("I want a large pizza with extra cheese")
                )]
            ),
            ("5 Baker Street", [("5 Baker Street", json!("5 Baker Street"))]),
            ("\"quoted\"", [("\"quoted\"", json!("\"quoted\""))]),
            ("e\u{301}", [("e\u{301}", json!("e\u{301}"))]),
            ("tab\tinside", [("tab\tinside", json!("tab\tinside"))]),
            ("...", [("...", json!("..."))]),
            ("\u{200b}", [("\u{200b}", json!("\u{200b}"))]),
            ("0", [("0", json!("0"))]),
            ("-", [("-", json!("-"))]),
            // Nothing to take.
            ("", []),
            (" ", []),
            ("   \t\n", []),
            ("\u{a0}\u{3000}", []),
            ("\r\n", []),
        ]
    );

    #[test]
    fn span_counts_characters() {
        let text = " é x ";
        let mut out = Vec::new();
        Any.extract(
            text,
            &[],
            &Context::new(Language::English, crate::entity::Reference::EPOCH),
            &mut out,
        );
        assert_eq!((out[0].span.char_start, out[0].span.char_end), (1, 4));
        assert_eq!((out[0].span.byte_start, out[0].span.byte_end), (1, 5));
    }
}
