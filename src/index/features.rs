//! The terms of a phrase: the one definition shared by training (over example phrases) and
//! the query path (over utterances), so both see the same features.

use crate::analysis::{Analyzer, Token, TokenKind};
use crate::story::{Segment, parse_phrase};

/// The term every number stands for: the classifier learns "a number here", not "42".
pub const NUMBER_TERM: &str = "#";

/// The term a token contributes to the classifier.
pub fn token_term(token: &Token) -> &str {
    match token.kind {
        TokenKind::Number => NUMBER_TERM,
        TokenKind::Word | TokenKind::Symbol => &token.stem,
    }
}

/// The term a placeholder of `entity` contributes: `@sys.number`, `@size`.
pub fn entity_term(entity: &str) -> String {
    format!("@{entity}")
}

/// The terms of an example phrase, placeholders as entity terms. A phrase whose placeholders
/// cannot be read (validation reports it) is read as plain text.
pub fn phrase_terms(analyzer: &Analyzer, phrase: &str) -> Vec<String> {
    let Ok(segments) = parse_phrase(phrase) else {
        return utterance_terms(analyzer, phrase);
    };
    let mut terms = Vec::new();
    for segment in segments {
        match segment {
            Segment::Text(text) => terms.extend(utterance_terms(analyzer, text)),
            Segment::Placeholder(p) => terms.push(entity_term(p.entity)),
        }
    }
    terms
}

/// The terms of an utterance.
pub fn utterance_terms(analyzer: &Analyzer, text: &str) -> Vec<String> {
    analyzer.analyze(text).iter().map(|t| token_term(t).to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Language;

    #[test]
    fn placeholders_and_numbers_become_terms() {
        let a = Analyzer::new(Language::English);
        assert_eq!(phrase_terms(&a, "Booking {{sys.number:n}} tables"), ["book", "@sys.number", "tabl"]);
        assert_eq!(utterance_terms(&a, "book 4 tables"), ["book", "#", "tabl"]);
    }
}
