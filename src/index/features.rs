//! The features of a phrase: the one definition shared by training (over example phrases)
//! and the query path (over utterances), so both see the same things.
//!
//! A phrase is a sequence of **word items**. Each item has a *surface* (the normalized word,
//! the key of the word dictionary) and a *term* (its stem; `#` for any number; `@entity` for
//! a placeholder). An item's feature vector is its term plus, for words of letters, the
//! character 4-grams of its surface with `<` and `>` marking its ends — so `booking`
//! and `bookings` share most of their features, and a word never seen in training still
//! resembles the words it is spelled like. Consecutive terms also form **bigrams**.

use crate::Language;
use crate::analysis::{Analyzer, Token, TokenKind};
use crate::entity::{Context, EntityMatch, Reference, UserEntities, resolve_overlaps, system_entity};
use crate::story::{Placeholder, Segment, parse_phrase};
use std::collections::BTreeSet;

use super::Vocabulary;

/// The term every number stands for: the classifier learns "a number here", not "42".
pub const NUMBER_TERM: &str = "#";
/// The shortest character n-gram.
pub const GRAM_MIN: usize = 4;
/// The longest character n-gram.
pub const GRAM_MAX: usize = 4;

/// One word of a phrase, as the classifier sees it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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

/// What recognizes, in a phrase, the entities that the story's examples use as placeholders:
/// those words then become the entity's term, in examples and utterances alike, so an
/// example generalises over every value of its entity.
#[derive(Debug, Clone, Copy)]
pub struct Recognizer<'a> {
    /// The bot's user entities.
    pub user: &'a UserEntities,
    /// The names of the entities the examples use (user entities by name, `sys.…`).
    pub used: &'a [String],
    /// The story's language.
    pub language: Language,
    /// The words of the story's examples: a word the bot's own examples use is spelled
    /// right, so it is not read as a typo of an entity's value ("reservar" is not
    /// "reservado").
    pub known: Known<'a>,
}

/// The words a [`Recognizer`] takes as spelled right.
#[derive(Debug, Clone, Copy)]
pub enum Known<'a> {
    /// The words of the examples, while a story compiles.
    Words(&'a BTreeSet<String>),
    /// The compiled story's word dictionary.
    Vocabulary(&'a Vocabulary),
}

impl Known<'_> {
    fn contains(&self, word: &str) -> bool {
        match self {
            Known::Words(set) => set.contains(word),
            Known::Vocabulary(v) => v.get(word).is_some(),
        }
    }
}

impl Recognizer<'_> {
    /// The used entities said in `text`, overlaps resolved.
    pub fn recognize(&self, text: &str, tokens: &[Token]) -> Vec<EntityMatch> {
        if self.used.is_empty() {
            return Vec::new();
        }
        let mut found = Vec::new();
        if self.used.iter().any(|u| !u.starts_with("sys.")) {
            self.user.extract(text, tokens, &mut found);
            found.retain(|m| {
                m.score >= 1.0
                    || !tokens
                        .iter()
                        .any(|t| t.span == m.span && self.known.contains(&t.text))
            });
        }
        // `sys.any` matches whole utterances: as a feature it would erase every word.
        for entity in self
            .used
            .iter()
            .filter_map(|u| system_entity(u))
            .filter(|e| e.specificity() > 0)
        {
            // Matching does not depend on the date: only the entity's type becomes a feature.
            let context = Context::new(self.language, Reference::EPOCH);
            entity.extract(text, tokens, &context, &mut found);
        }
        found.retain(|m| self.used.contains(&m.entity));
        resolve_overlaps(found)
    }
}

/// A unit of an analysed phrase: a token, or an entity standing for the tokens it covers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Unit<'a> {
    /// A token as it is.
    Token(&'a Token),
    /// A recognized entity, by name.
    Entity(&'a str),
}

/// The units of tokens in which recognized entities (that start and end on token
/// boundaries) replace the tokens they cover.
pub fn units<'a>(tokens: &'a [Token], entities: &'a [EntityMatch]) -> Vec<Unit<'a>> {
    let mut units = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let start = tokens[i].span.char_start;
        let covering = entities.iter().find_map(|m| {
            if m.span.char_start != start {
                return None;
            }
            let end = tokens[i..]
                .iter()
                .position(|t| t.span.char_end == m.span.char_end)?;
            Some((m, end + 1))
        });
        match covering {
            Some((m, len)) => {
                units.push(Unit::Entity(&m.entity));
                i += len;
            }
            None => {
                units.push(Unit::Token(&tokens[i]));
                i += 1;
            }
        }
    }
    units
}

impl Item {
    /// The item of a unit.
    pub fn of_unit(unit: &Unit<'_>) -> Item {
        match unit {
            Unit::Token(token) => Item::of_token(token),
            Unit::Entity(name) => Item {
                surface: String::new(),
                term: entity_term(name),
                grams: false,
            },
        }
    }
}

/// The items of an example phrase: placeholders, and the used entities recognized in its
/// text, as entity terms (`resolve` turns an entity reference into its name). A phrase whose
/// placeholders cannot be read (validation reports it) is read as plain text.
pub fn phrase_items(
    analyzer: &Analyzer,
    recognizer: &Recognizer<'_>,
    resolve: impl Fn(&str) -> String,
    phrase: &str,
) -> Vec<Item> {
    let text_items = |text: &str| -> Vec<Item> {
        let tokens = analyzer.analyze(text);
        let entities = recognizer.recognize(text, &tokens);
        units(&tokens, &entities).iter().map(Item::of_unit).collect()
    };
    let Ok(segments) = parse_phrase(phrase) else {
        return text_items(phrase);
    };
    let mut items = Vec::new();
    for segment in segments {
        match segment {
            Segment::Text(text) => items.extend(text_items(text)),
            // An annotated example reads as the value it says.
            Segment::Placeholder(Placeholder {
                value: Some(value), ..
            }) => items.extend(text_items(value)),
            // A `sys.any` placeholder stands for anything: it adds no feature (the words of
            // an utterance stay words, see `Recognizer::recognize`).
            Segment::Placeholder(p) if system_entity(p.entity).is_some_and(|e| e.specificity() == 0) => {}
            Segment::Placeholder(p) => items.push(Item {
                surface: String::new(),
                term: entity_term(&resolve(p.entity)),
                grams: false,
            }),
        }
    }
    items
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

    static NONE: BTreeSet<String> = BTreeSet::new();
    use crate::Language;

    fn grams(s: &str) -> Vec<String> {
        let mut v = Vec::new();
        for_each_gram(s, |g| v.push(g.to_string()));
        v
    }

    #[test]
    fn placeholders_and_numbers_become_terms() {
        let a = Analyzer::new(Language::English);
        let user = UserEntities::compile(&[], &a);
        let recognizer = Recognizer {
            user: &user,
            used: &[],
            language: Language::English,
            known: Known::Words(&NONE),
        };
        let terms: Vec<String> =
            phrase_items(&a, &recognizer, str::to_string, "Booking {{sys.number:n}} tables")
                .into_iter()
                .map(|i| i.term)
                .collect();
        assert_eq!(terms, ["book", "@sys.number", "tabl"]);
        let items: Vec<Item> = a.analyze("book 4 tables").iter().map(Item::of_token).collect();
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
    fn used_entities_replace_the_words_they_cover() {
        let a = Analyzer::new(Language::English);
        let size = crate::story::Entity {
            id: "size".into(),
            name: "size".into(),
            extensible: false,
            entries: vec![crate::story::EntityEntry {
                value: "large".into(),
                synonyms: vec![crate::story::Synonym {
                    value: "family size".into(),
                }],
            }],
        };
        let user = UserEntities::compile(&[size], &a);
        let used = ["size".to_string()];
        let recognizer = Recognizer {
            user: &user,
            used: &used,
            language: Language::English,
            known: Known::Words(&NONE),
        };
        let terms = |phrase: &str| -> Vec<String> {
            phrase_items(&a, &recognizer, str::to_string, phrase)
                .into_iter()
                .map(|i| i.term)
                .collect()
        };
        assert_eq!(terms("a family size pizza"), ["a", "@size", "pizza"]);
        assert_eq!(terms("a {{size}} pizza"), ["a", "@size", "pizza"]);
        let unused = Recognizer {
            used: &[],
            ..recognizer
        };
        let plain: Vec<String> = phrase_items(&a, &unused, str::to_string, "a large pizza")
            .into_iter()
            .map(|i| i.term)
            .collect();
        assert_eq!(plain, ["a", "larg", "pizza"]);
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
