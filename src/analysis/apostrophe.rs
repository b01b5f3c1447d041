//! Apostrophes inside a word: the stage that keeps the part of `l'homme` or `İstanbul'da`
//! that carries the meaning.
//!
//! UAX #29 keeps a word with an apostrophe whole, which is right for English `don't` and
//! `John's` (the English stemmer removes the possessive `'s` itself). Two languages need more:
//!
//! - **French and Italian** elide an article, pronoun or preposition in front of a word:
//!   `l'homme` → `homme`, `qu'il` → `il`, `dell'anno` → `anno`. The elided word is dropped.
//! - **Turkish** writes the case suffixes of a proper noun after an apostrophe:
//!   `İstanbul'da` → `İstanbul`. The suffix is dropped, as the Turkish stemmer does not know it.
//!
//! In both cases the token's span shrinks to the part that is kept.

use super::normalize::is_apostrophe;
use super::tokenize::Span;
use crate::Language;

/// The elided words of French, as in Lucene's French analyzer.
const FRENCH: &[&str] = &[
    "c", "d", "j", "l", "m", "n", "s", "t", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
];

/// The elided words of Italian, as in Lucene's Italian analyzer.
const ITALIAN: &[&str] = &[
    "c", "l", "all", "dall", "dell", "nell", "sull", "coll", "pell", "gl", "agl", "dagl", "degl", "negl",
    "sugl", "un", "m", "t", "s", "v", "d",
];

/// The part of the word at `span` in `text` that carries its meaning: `span` itself, or a
/// smaller span when the language drops something on one side of an apostrophe.
pub(crate) fn meaningful_part(language: Language, text: &str, span: Span) -> Span {
    let word = span.slice(text);
    let Some((at, apostrophe)) = word.char_indices().find(|&(_, c)| is_apostrophe(c)) else {
        return span;
    };
    let (Some(before), Some(after)) = (word.get(..at), word.get(at + apostrophe.len_utf8()..)) else {
        return span;
    };
    if before.is_empty() || after.is_empty() {
        return span;
    }
    let elided = match language {
        Language::French => FRENCH,
        Language::Italian => ITALIAN,
        Language::Turkish => {
            return Span {
                byte_end: span.byte_start + at,
                char_end: span.char_start + before.chars().count(),
                ..span
            };
        }
        _ => return span,
    };
    if !elided.iter().any(|e| e.eq_ignore_ascii_case(before)) {
        return span;
    }
    Span {
        byte_start: span.byte_start + at + apostrophe.len_utf8(),
        // The elided word is ASCII, one byte per character, and the apostrophe is one more.
        char_start: span.char_start + at + 1,
        ..span
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What is kept of `word`, checking that the span's characters agree with its bytes.
    fn kept(language: Language, word: &str) -> &str {
        let span = Span {
            byte_start: 0,
            byte_end: word.len(),
            char_start: 0,
            char_end: word.chars().count(),
        };
        let part = meaningful_part(language, word, span);
        assert_eq!(part.char_start, word[..part.byte_start].chars().count());
        assert_eq!(part.char_end, word[..part.byte_end].chars().count());
        part.slice(word)
    }

    #[test]
    fn french_elisions_are_dropped() {
        let fr = Language::French;
        assert_eq!(kept(fr, "l'homme"), "homme");
        assert_eq!(kept(fr, "L’homme"), "homme");
        assert_eq!(kept(fr, "qu'il"), "il");
        assert_eq!(kept(fr, "d'accord"), "accord");
        assert_eq!(kept(fr, "Jusqu'à"), "à");
        assert_eq!(kept(fr, "qu'aujourd'hui"), "aujourd'hui");
        assert_eq!(kept(fr, "aujourd'hui"), "aujourd'hui");
        assert_eq!(kept(fr, "l'"), "l'");
    }

    #[test]
    fn italian_elisions_are_dropped() {
        let it = Language::Italian;
        assert_eq!(kept(it, "dell'anno"), "anno");
        assert_eq!(kept(it, "un'amica"), "amica");
        assert_eq!(kept(it, "po'"), "po'");
    }

    #[test]
    fn turkish_suffixes_are_dropped() {
        let tr = Language::Turkish;
        assert_eq!(kept(tr, "İstanbul'da"), "İstanbul");
        assert_eq!(kept(tr, "Ankara’ya"), "Ankara");
        assert_eq!(kept(tr, "'da"), "'da");
    }

    #[test]
    fn other_languages_keep_their_apostrophes() {
        assert_eq!(kept(Language::English, "don't"), "don't");
        assert_eq!(kept(Language::English, "l'homme"), "l'homme");
        assert_eq!(kept(Language::German, "geht's"), "geht's");
    }
}
