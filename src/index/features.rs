//! The features of a phrase: the one definition shared by training (over example phrases)
//! and the query path (over utterances), so both see the same things.
//!
//! A phrase is a sequence of **word items**. Each item has a *surface* (the normalized word,
//! the key of the word dictionary) and a *term* (its stem; `#` for any number; `@entity` for
//! a placeholder). An item's feature vector is its term plus, for words of letters, the
//! character 4-grams of its surface with `<` and `>` marking its ends — so `booking`
//! and `bookings` share most of their features, and a word never seen in training still
//! resembles the words it is spelled like. Consecutive terms also form **bigrams**.

use crate::analysis::{Analyzer, Token, TokenKind};
use crate::story::{Segment, parse_phrase};

/// The term every number stands for: the classifier learns "a number here", not "42".
pub const NUMBER_TERM: &str = "#";
/// The shortest character n-gram.
pub const GRAM_MIN: usize = 4;
/// The longest character n-gram.
pub const GRAM_MAX: usize = 4;

/// One word of a phrase, as the classifier sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The normalized word (empty for placeholders, which have no surface).
    pub surface: String,
    /// The term: stem, [`NUMBER_TERM`] or `@entity`.
    pub term: String,
    /// Whether the item has character n-grams (words of letters).
    pub grams: bool,
}

impl Item {
    /// The item of an analysed token.
    pub fn of_token(token: &Token) -> Item {
        let (surface, term, grams) = token_parts(token);
        Item {
            surface: surface.to_string(),
            term: term.to_string(),
            grams,
        }
    }
}

/// The surface, term and whether it has n-grams, of a token, without copying: the query
/// path's view of [`Item::of_token`].
pub fn token_parts(token: &Token) -> (&str, &str, bool) {
    match token.kind {
        TokenKind::Number => (&token.text, NUMBER_TERM, false),
        TokenKind::Word => (&token.text, &token.stem, true),
        TokenKind::Symbol => (&token.text, &token.stem, false),
    }
}

/// The term a placeholder of `entity` contributes: `@sys.number`, `@size`.
pub fn entity_term(entity: &str) -> String {
    format!("@{entity}")
}

/// The items of an example phrase, placeholders as entity terms. A phrase whose
/// placeholders cannot be read (validation reports it) is read as plain text.
pub fn phrase_items(analyzer: &Analyzer, phrase: &str) -> Vec<Item> {
    let Ok(segments) = parse_phrase(phrase) else {
        return utterance_items(analyzer, phrase);
    };
    let mut items = Vec::new();
    for segment in segments {
        match segment {
            Segment::Text(text) => items.extend(utterance_items(analyzer, text)),
            Segment::Placeholder(p) => items.push(Item {
                surface: String::new(),
                term: entity_term(p.entity),
                grams: false,
            }),
        }
    }
    items
}

/// The items of an utterance.
pub fn utterance_items(analyzer: &Analyzer, text: &str) -> Vec<Item> {
    analyzer.analyze(text).iter().map(Item::of_token).collect()
}

/// Calls `f` with each character 4-gram of `<surface>` (the whole of it when shorter).
///
/// 4-grams alone beat 3- and 4-grams together on CLINC150 (93.2% against 93.0% in-scope
/// accuracy at threshold 0) and snips2017 (98.6% against 98.3%), with half the features.
pub fn for_each_gram(surface: &str, mut f: impl FnMut(&str)) {
    let mut padded = String::with_capacity(surface.len() + 2);
    padded.push('<');
    padded.push_str(surface);
    padded.push('>');
    let bounds: Vec<usize> = padded
        .char_indices()
        .map(|(i, _)| i)
        .chain([padded.len()])
        .collect();
    let chars = bounds.len() - 1;
    for n in GRAM_MIN..=GRAM_MAX {
        for start in 0..chars.saturating_sub(n - 1) {
            f(&padded[bounds[start]..bounds[start + n]]);
        }
    }
    if chars < GRAM_MIN {
        f(&padded);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Language;

    fn grams(s: &str) -> Vec<String> {
        let mut v = Vec::new();
        for_each_gram(s, |g| v.push(g.to_string()));
        v
    }

    #[test]
    fn placeholders_and_numbers_become_terms() {
        let a = Analyzer::new(Language::English);
        let terms: Vec<String> = phrase_items(&a, "Booking {{sys.number:n}} tables")
            .into_iter()
            .map(|i| i.term)
            .collect();
        assert_eq!(terms, ["book", "@sys.number", "tabl"]);
        let items = utterance_items(&a, "book 4 tables");
        assert_eq!(
            items[1],
            Item {
                surface: "4".into(),
                term: "#".into(),
                grams: false
            }
        );
        assert_eq!(items[2].surface, "tables");
    }

    #[test]
    fn character_grams_mark_the_ends() {
        assert_eq!(grams("cat"), ["<cat", "cat>"]);
        assert_eq!(grams("hi"), ["<hi>"]);
        assert_eq!(grams("a"), ["<a>"]);
        assert_eq!(grams("né"), ["<né>"]);
        assert_eq!(grams("née"), ["<née", "née>"]);
    }
}
