//! Tokenization: the stage that cuts an utterance into words, numbers and symbols on the
//! Unicode word boundaries of [UAX #29](https://www.unicode.org/reports/tr29/), remembering
//! where each one is in the input.

use unicode_segmentation::UnicodeSegmentation;

/// What a token is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Has at least one letter: `hello`, `don't`, `5th`, `covid19`, `東`.
    Word,
    /// Has digits and no letter, with the `.` and `,` that UAX #29 keeps inside numbers:
    /// `42`, `3.5`, `1,000`, `½`.
    Number,
    /// A symbol worth matching on: an emoji (`👍🏽`, `🇫🇷`), a currency sign (`$`, `€`),
    /// `%`, `@`, `#`, `&`, `+`, math and arrows. Plain punctuation (`.`, `,`, `!`, `?`,
    /// quotes, brackets, dashes) is not a token.
    Symbol,
}

/// Where a token is in the original input, in bytes and in characters (Unicode scalar values).
///
/// Both ranges are half-open, and the byte offsets always fall on character boundaries.
///
/// ```
/// use intently::analysis::tokenize;
/// let text = "où es-tu ?";
/// let (_, span) = tokenize(text)[0];
/// assert_eq!(span.slice(text), "où");
/// assert_eq!((span.byte_start, span.byte_end), (0, 3));
/// assert_eq!((span.char_start, span.char_end), (0, 2));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// Byte offset of the first byte.
    pub byte_start: usize,
    /// Byte offset just past the last byte.
    pub byte_end: usize,
    /// Character offset of the first character.
    pub char_start: usize,
    /// Character offset just past the last character.
    pub char_end: usize,
}

impl Span {
    /// The original text of the span, or `""` if the span does not fit `text` (when it was
    /// taken from another string).
    pub fn slice<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.byte_start..self.byte_end).unwrap_or("")
    }
}

/// Cuts `text` into words, numbers and symbols on UAX #29 word boundaries.
///
/// This is the raw, language-independent step of [`Analyzer::analyze`](super::Analyzer::analyze):
/// nothing is normalized, whitespace and punctuation are left out. Two words joined by a
/// backtick, an acute accent or a prime (`don´t`, as keyboards without `'` make people write)
/// are one token, as they would be with an apostrophe. Never fails, never panics.
///
/// ```
/// use intently::analysis::{tokenize, TokenKind};
/// let text = "Book 2 rooms for 3.5 nights 👍!";
/// let tokens: Vec<(TokenKind, &str)> =
///     tokenize(text).into_iter().map(|(kind, span)| (kind, span.slice(text))).collect();
/// assert_eq!(tokens, [
///     (TokenKind::Word, "Book"),
///     (TokenKind::Number, "2"),
///     (TokenKind::Word, "rooms"),
///     (TokenKind::Word, "for"),
///     (TokenKind::Number, "3.5"),
///     (TokenKind::Word, "nights"),
///     (TokenKind::Symbol, "👍"),
/// ]);
/// ```
pub fn tokenize(text: &str) -> Vec<(TokenKind, Span)> {
    let mut tokens: Vec<(TokenKind, Span)> = Vec::new();
    let mut char_start = 0;
    for (byte_start, segment) in text.split_word_bound_indices() {
        let chars = segment.chars().count();
        let span = Span {
            byte_start,
            byte_end: byte_start + segment.len(),
            char_start,
            char_end: char_start + chars,
        };
        char_start += chars;
        let Some(kind) = classify(segment) else { continue };
        if let Some((TokenKind::Word, previous)) = tokens.last_mut() {
            if kind == TokenKind::Word && joins_words(text, previous, &span) {
                previous.byte_end = span.byte_end;
                previous.char_end = span.char_end;
                continue;
            }
        }
        tokens.push((kind, span));
    }
    tokens
}

/// Whether the only thing between two word spans is one apostrophe that UAX #29 does not know.
fn joins_words(text: &str, previous: &Span, next: &Span) -> bool {
    let gap = text.get(previous.byte_end..next.byte_start).unwrap_or("");
    let mut chars = gap.chars();
    matches!(
        (chars.next(), chars.next()),
        (Some('`' | '\u{00B4}' | '\u{2032}'), None)
    )
}

/// The kind of a UAX #29 segment, or `None` for whitespace and punctuation.
fn classify(segment: &str) -> Option<TokenKind> {
    let mut numeric = false;
    for c in segment.chars() {
        if c.is_alphabetic() {
            return Some(TokenKind::Word);
        }
        numeric |= c.is_numeric();
    }
    if numeric {
        Some(TokenKind::Number)
    } else if segment.chars().next().is_some_and(is_symbol) {
        Some(TokenKind::Symbol)
    } else {
        None
    }
}

/// Whether a segment that starts with `c` (and has no letter or digit) is a [`TokenKind::Symbol`].
///
/// The choice is by hand rather than by general category: Unicode calls `#`, `%`, `&`, `*` and
/// `@` punctuation, but in chat they mean something.
fn is_symbol(c: char) -> bool {
    match c {
        '#' | '$' | '%' | '&' | '*' | '+' | '<' | '=' | '>' | '@' | '^' | '|' | '~' => true,
        // Fullwidth forms of the ASCII symbols above.
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).is_some_and(is_symbol),
        '\u{00A2}'..='\u{00A5}' // ¢ £ ¤ ¥
        | '\u{00A9}' | '\u{00AC}' | '\u{00AE}' | '\u{00B0}' | '\u{00B1}' | '\u{00D7}' | '\u{00F7}'
        | '\u{066A}' // ٪ Arabic percent sign
        | '\u{2030}' | '\u{2031}' // ‰ ‱
        | '\u{20A0}'..='\u{20CF}' // currency signs
        | '\u{2100}'..='\u{214F}' // letterlike symbols (™, ℃, №)
        | '\u{2190}'..='\u{23FF}' // arrows, mathematical operators, technical symbols
        | '\u{2500}'..='\u{27BF}' // box drawing, shapes, miscellaneous symbols, dingbats
        | '\u{2900}'..='\u{2BFF}' // more arrows and mathematical symbols
        | '\u{FFE0}'..='\u{FFE6}' // fullwidth ¢ £ ¬ ¥ ₩
        | '\u{1F000}'..='\u{1FBFF}' => true, // emoji, pictographs, flags, playing cards
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds_and_texts(text: &str) -> Vec<(TokenKind, &str)> {
        tokenize(text)
            .into_iter()
            .map(|(kind, span)| (kind, span.slice(text)))
            .collect()
    }

    #[test]
    fn words_numbers_and_symbols() {
        use TokenKind::{Number, Symbol, Word};
        assert_eq!(
            kinds_and_texts("I'm 5th, covid19 costs $1,000 (50%) @bob #tag €3"),
            [
                (Word, "I'm"),
                (Word, "5th"),
                (Word, "covid19"),
                (Word, "costs"),
                (Symbol, "$"),
                (Number, "1,000"),
                (Number, "50"),
                (Symbol, "%"),
                (Symbol, "@"),
                (Word, "bob"),
                (Symbol, "#"),
                (Word, "tag"),
                (Symbol, "€"),
                (Number, "3"),
            ]
        );
    }

    #[test]
    fn punctuation_and_whitespace_are_dropped() {
        assert!(tokenize("  ... !? « » — (), \t\n").is_empty());
        assert!(tokenize("").is_empty());
    }

    #[test]
    fn emoji_sequences_stay_whole() {
        let family = "👨\u{200D}👩\u{200D}👧";
        let text = format!("hi {family} 👍🏽 🇫🇷");
        let texts: Vec<&str> = tokenize(&text)
            .iter()
            .map(|(_, span)| span.slice(&text))
            .collect();
        assert_eq!(texts, ["hi", family, "👍🏽", "🇫🇷"]);
    }

    #[test]
    fn spans_count_bytes_and_chars() {
        let text = "Ça coûte 5 €";
        let spans: Vec<Span> = tokenize(text).into_iter().map(|(_, span)| span).collect();
        assert_eq!(
            spans
                .iter()
                .map(|s| (s.char_start, s.char_end))
                .collect::<Vec<_>>(),
            [(0, 2), (3, 8), (9, 10), (11, 12)]
        );
        assert_eq!(spans[1].slice(text), "coûte");
        assert_eq!(spans[3].slice(text), "€");
        assert_eq!(
            Span {
                byte_start: 1,
                byte_end: 2,
                ..Span::default()
            }
            .slice(text),
            ""
        );
    }

    #[test]
    fn odd_apostrophes_join_words() {
        assert_eq!(
            kinds_and_texts("don´t don`t it′s"),
            [
                (TokenKind::Word, "don´t"),
                (TokenKind::Word, "don`t"),
                (TokenKind::Word, "it′s"),
            ]
        );
        assert_eq!(
            kinds_and_texts("a ´ b"),
            [(TokenKind::Word, "a"), (TokenKind::Word, "b")]
        );
    }

    #[test]
    fn scripts_without_spaces_and_lone_marks() {
        assert_eq!(kinds_and_texts("東京へ").len(), 3);
        assert_eq!(kinds_and_texts("\u{301}a"), [(TokenKind::Word, "a")]);
        assert_eq!(
            kinds_and_texts("مرحبا بك"),
            [(TokenKind::Word, "مرحبا"), (TokenKind::Word, "بك"),]
        );
    }
}
