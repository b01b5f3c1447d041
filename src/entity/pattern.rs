//! Helpers shared by the pattern entities (`sys.email`, `sys.url`, `sys.phone-number`,
//! `sys.alphanumeric`, `sys.any`): turning the byte offsets a scanner finds into [`Span`]s
//! with correct character offsets, in linear total time.
//!
//! The scanners of those entities read the raw text, not the tokens: an email, a URL or a
//! phone number spans several UAX #29 tokens (`+1 (555) 123-4567` is four numbers and a
//! symbol), and the punctuation inside them, which the tokenizer drops, is what they are made
//! of. Each scanner looks at every byte a bounded number of times, so extraction is linear in
//! the length of the utterance.

use crate::analysis::Span;

/// Converts byte offsets into [`Span`]s, counting characters incrementally.
///
/// Offsets asked in increasing order (as a left-to-right scanner finds them) cost, all
/// together, one pass over the text; an offset before the previous one restarts the count
/// from the start of the text (correct, only slower). An offset that is not a character
/// boundary or past the end of the text is counted up to the boundary before it, so a span
/// built from it will not slice the text and the bug shows in the tests instead of a panic.
#[derive(Debug)]
pub(crate) struct CharCounter<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharCounter<'a> {
    /// A counter over `text`, at its start.
    pub(crate) fn new(text: &'a str) -> CharCounter<'a> {
        CharCounter {
            text,
            byte: 0,
            chars: 0,
        }
    }

    /// The character offset of the byte offset `byte`.
    pub(crate) fn char_at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        let mut end = byte.min(self.text.len());
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        if end >= self.byte {
            self.chars += self.text.get(self.byte..end).map_or(0, |s| s.chars().count());
            self.byte = end;
        }
        self.chars
    }

    /// The span of the bytes `start..end`.
    pub(crate) fn span(&mut self, start: usize, end: usize) -> Span {
        let char_start = self.char_at(start);
        let char_end = self.char_at(end);
        Span {
            byte_start: start,
            byte_end: end,
            char_start,
            char_end,
        }
    }
}

/// The character that ends just before byte `i` of `text`, if any.
pub(crate) fn char_before(text: &str, i: usize) -> Option<char> {
    text.get(..i).and_then(|s| s.chars().next_back())
}

/// The character that starts at byte `i` of `text`, if any.
pub(crate) fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|s| s.chars().next())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Language;
    use crate::analysis::Analyzer;
    use crate::entity::{EntityMatch, SystemEntity};
    use proptest::prelude::*;

    #[test]
    fn counts_chars_in_any_order() {
        let text = "añb€c";
        let mut counter = CharCounter::new(text);
        assert_eq!(counter.char_at(3), 2);
        assert_eq!(counter.char_at(7), 4);
        assert_eq!(counter.char_at(1), 1);
        assert_eq!(counter.char_at(100), 5);
        let span = counter.span(1, 7);
        assert_eq!(span.slice(text), "ñb€");
        assert_eq!((span.char_start, span.char_end), (1, 4));
    }

    /// Every pattern entity, English and Spanish.
    fn entities() -> Vec<Box<dyn SystemEntity>> {
        vec![
            Box::new(super::super::email::Email),
            Box::new(super::super::url::Url),
            Box::new(super::super::phone::PhoneNumber),
            Box::new(super::super::yes_no::Yes),
            Box::new(super::super::yes_no::No),
            Box::new(super::super::yes_no::YesNo),
            Box::new(super::super::alphanumeric::Alphanumeric),
            Box::new(super::super::any::Any),
        ]
    }

    /// Runs every pattern entity over `text` and checks the spans and scores of what they find.
    fn check(text: &str) {
        for language in [Language::English, Language::Spanish] {
            let tokens = Analyzer::new(language).analyze(text);
            for entity in entities() {
                let mut found: Vec<EntityMatch> = Vec::new();
                entity.extract(
                    text,
                    &tokens,
                    &crate::entity::Context::new(language, crate::entity::Reference::EPOCH),
                    &mut found,
                );
                for m in &found {
                    let span = m.span;
                    assert_eq!(m.entity, entity.name());
                    assert!(
                        span.byte_start <= span.byte_end && span.byte_end <= text.len(),
                        "{m:?}"
                    );
                    assert!(text.is_char_boundary(span.byte_start) && text.is_char_boundary(span.byte_end));
                    assert_eq!(span.slice(text), m.raw, "{text:?}");
                    assert_eq!(
                        text[..span.byte_start].chars().count(),
                        span.char_start,
                        "{text:?} {m:?}"
                    );
                    assert_eq!(
                        text[..span.byte_end].chars().count(),
                        span.char_end,
                        "{text:?} {m:?}"
                    );
                    assert!(!m.raw.is_empty(), "{text:?}: empty match {m:?}");
                    assert!((0.0..=1.0).contains(&m.score));
                }
            }
        }
    }

    proptest! {
        #[test]
        fn arbitrary_unicode_never_panics_and_spans_slice(text in any::<String>()) {
            check(&text);
        }

        #[test]
        fn pattern_like_text_never_panics_and_spans_slice(
            text in "([a-zA-Z0-9ñé€東 .,:;@+()/_#%-]|https?://|www\\.|00|\\(0\\)|yes|no|s[ií]|of course){0,40}"
        ) {
            check(&text);
        }
    }
}
