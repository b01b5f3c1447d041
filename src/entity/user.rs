//! User entities: canonical values with synonyms, compiled into an fst of normalized phrases.
//!
//! Every value and synonym is normalized by the story's analyzer (case folded, diacritics
//! folded where the language does, punctuation dropped) and its words joined by one space; the
//! fst maps that phrase to an ordinal, and a side table lists the `(entity, value)` pairs the
//! phrase stands for. Extraction tries, at each word, the longest phrase first (values of up
//! to [`MAX_WORDS`] words); a single word of 4+ characters that is no phrase may be a typo of
//! one within 1 edit (2 from 8 characters), found by a Levenshtein automaton over the fst and
//! scored lower than an exact match.

use std::collections::BTreeMap;

use serde_json::Value;

use super::EntityMatch;
use crate::analysis::{Analyzer, Span, Token};
use crate::error::ModelError;
use crate::index::{Reader, Vocabulary, Writer};
use crate::story::Entity;

/// The longest value or synonym, in words, that extraction looks for.
pub const MAX_WORDS: usize = 8;
/// The most fst transitions one typo lookup may try. The search fixes the first letter and
/// tries one edit before two, so this finds a one-edit typo among the 420,000 phrases of the
/// entity benchmark while keeping a 20-token utterance under 20 µs; a typo the budget does not
/// reach is missed, never slow.
const FUZZY_BUDGET: u32 = 200;
/// The score of a value found through a typo, by edits (an exact match scores 1).
const TYPO_SCORE: [f32; 3] = [1.0, 0.8, 0.6];

/// The compiled user entities of a bot.
#[derive(Debug, Clone)]
pub struct UserEntities {
    phrases: Vocabulary,
    /// For each phrase ordinal, the `(entity, value)` pairs it stands for.
    targets: Vec<Vec<(u32, u32)>>,
    /// Entity names.
    names: Vec<String>,
    /// Canonical values, per entity.
    values: Vec<Vec<String>>,
}

impl UserEntities {
    /// Compiles entities; values and synonyms are normalized by `analyzer`.
    pub fn compile(entities: &[Entity], analyzer: &Analyzer) -> UserEntities {
        let mut phrases: BTreeMap<String, Vec<(u32, u32)>> = BTreeMap::new();
        for (e, entity) in entities.iter().enumerate() {
            for (v, entry) in entity.entries.iter().enumerate() {
                let texts = std::iter::once(&entry.value).chain(entry.synonyms.iter().map(|s| &s.value));
                for text in texts {
                    let key = normalize(analyzer, text);
                    if key.is_empty() || key.split(' ').count() > MAX_WORDS {
                        continue;
                    }
                    let targets = phrases.entry(key).or_default();
                    if !targets.contains(&(e as u32, v as u32)) {
                        targets.push((e as u32, v as u32));
                    }
                }
            }
        }
        let counts: BTreeMap<String, u32> =
            phrases.iter().map(|(k, t)| (k.clone(), t.len() as u32)).collect();
        UserEntities {
            phrases: Vocabulary::build(&counts),
            targets: phrases.into_values().collect(),
            names: entities.iter().map(|e| e.name.clone()).collect(),
            values: entities
                .iter()
                .map(|e| e.entries.iter().map(|x| x.value.clone()).collect())
                .collect(),
        }
    }

    /// The names of the entities, by index.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Pushes every value said in `text` (analysed into `tokens`) to `out`: exact phrases of
    /// one to [`MAX_WORDS`] words at every position, and single words within the allowed
    /// edits of a one-word phrase.
    pub fn extract(&self, text: &str, tokens: &[Token], out: &mut Vec<EntityMatch>) {
        self.extract_with(text, tokens, true, out);
    }

    /// [`extract`](Self::extract) without the typo search: the exact phrases only, at a
    /// fraction of the cost (a tagger's gazetteer features need no more).
    pub fn extract_exact(&self, text: &str, tokens: &[Token], out: &mut Vec<EntityMatch>) {
        self.extract_with(text, tokens, false, out);
    }

    fn extract_with(&self, text: &str, tokens: &[Token], typos: bool, out: &mut Vec<EntityMatch>) {
        if self.names.is_empty() {
            return;
        }
        for start in 0..tokens.len() {
            let words = tokens[start..].iter().take(MAX_WORDS).map(|t| t.text.as_str());
            let found = self.phrases.phrases(words);
            let exact_single = found.first().is_some_and(|&(len, _)| len == 1);
            for (len, ordinal) in found {
                self.push(text, &tokens[start..start + len], ordinal, 1.0, out);
            }
            if typos && !exact_single {
                if let Some((ordinal, edits)) = self.phrases.fuzzy_within(&tokens[start].text, FUZZY_BUDGET) {
                    self.push(
                        text,
                        &tokens[start..=start],
                        ordinal,
                        TYPO_SCORE[edits.min(2)],
                        out,
                    );
                }
            }
        }
    }

    fn push(&self, text: &str, tokens: &[Token], ordinal: u32, score: f32, out: &mut Vec<EntityMatch>) {
        let (Some(first), Some(last)) = (tokens.first(), tokens.last()) else {
            return;
        };
        let span = Span {
            byte_start: first.span.byte_start,
            byte_end: last.span.byte_end,
            char_start: first.span.char_start,
            char_end: last.span.char_end,
        };
        for &(e, v) in self.targets.get(ordinal as usize).into_iter().flatten() {
            let value = Value::String(self.values[e as usize][v as usize].clone());
            out.push(EntityMatch::new(
                &self.names[e as usize],
                value,
                text,
                span,
                score,
            ));
        }
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        self.phrases.write(w);
        w.list(&self.targets, |w, t| {
            w.u32s(&t.iter().flat_map(|&(e, v)| [e, v]).collect::<Vec<u32>>());
        });
        w.list(&self.names, |w, n| w.str(n));
        w.list(&self.values, |w, vs| w.list(vs, |w, v| w.str(v)));
    }

    pub(crate) fn read(r: &mut Reader<'_>) -> Result<UserEntities, ModelError> {
        let phrases = Vocabulary::read(r)?;
        let targets: Vec<Vec<(u32, u32)>> =
            r.list(|r| Ok(r.u32s()?.chunks_exact(2).map(|p| (p[0], p[1])).collect()))?;
        let names = r.list(|r| r.str())?;
        let values: Vec<Vec<String>> = r.list(|r| r.list(|r| r.str()))?;
        let consistent = targets.len() == phrases.len()
            && values.len() == names.len()
            && targets
                .iter()
                .flatten()
                .all(|&(e, v)| values.get(e as usize).is_some_and(|vs| (v as usize) < vs.len()));
        if consistent {
            Ok(UserEntities {
                phrases,
                targets,
                names,
                values,
            })
        } else {
            Err(ModelError::Corrupt {
                what: "user entity tables do not fit together",
            })
        }
    }
}

/// A value's words, normalized and joined by one space.
fn normalize(analyzer: &Analyzer, text: &str) -> String {
    analyzer
        .analyze(text)
        .iter()
        .map(|t| t.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Language;
    use crate::story::{EntityEntry, Synonym};

    fn entity(name: &str, entries: &[(&str, &[&str])]) -> Entity {
        Entity {
            id: name.into(),
            name: name.into(),
            extensible: false,
            entries: entries
                .iter()
                .map(|(v, syns)| EntryBuilder::entry(v, syns))
                .collect(),
        }
    }

    struct EntryBuilder;
    impl EntryBuilder {
        fn entry(value: &str, synonyms: &[&str]) -> EntityEntry {
            EntityEntry {
                value: value.into(),
                synonyms: synonyms
                    .iter()
                    .map(|s| Synonym { value: s.to_string() })
                    .collect(),
            }
        }
    }

    fn found(entities: &UserEntities, text: &str) -> Vec<(String, String, String, f32)> {
        let tokens = Analyzer::new(Language::English).analyze(text);
        let mut out = Vec::new();
        entities.extract(text, &tokens, &mut out);
        let out = crate::entity::resolve_overlaps(out);
        out.into_iter()
            .map(|m| {
                (
                    m.entity,
                    m.value.as_str().unwrap_or("").to_string(),
                    m.raw,
                    m.score,
                )
            })
            .collect()
    }

    fn pizza() -> UserEntities {
        let size = entity(
            "size",
            &[("large", &["big", "XL", "family size"]), ("small", &["personal"])],
        );
        let topping = entity(
            "topping",
            &[("jalapeño", &["jalapenos"]), ("extra cheese", &["double cheese"])],
        );
        UserEntities::compile(&[size, topping], &Analyzer::new(Language::English))
    }

    #[test]
    fn values_and_synonyms_return_the_canonical_value() {
        let e = pizza();
        assert_eq!(
            found(&e, "a BIG one"),
            [("size".into(), "large".into(), "BIG".into(), 1.0)]
        );
        assert_eq!(found(&e, "Family Size please")[0].1, "large");
        assert_eq!(
            found(&e, "with jalapeno")[0].1,
            "jalapeño",
            "diacritics are folded"
        );
    }

    #[test]
    fn the_longest_phrase_wins() {
        let e = pizza();
        let got = found(&e, "family size with extra cheese");
        assert_eq!(
            got.iter().map(|g| g.2.as_str()).collect::<Vec<_>>(),
            ["family size", "extra cheese"]
        );
    }

    #[test]
    fn typos_score_lower_and_short_words_need_to_be_exact() {
        let e = pizza();
        let got = found(&e, "a personel pizza");
        assert_eq!((got[0].1.as_str(), got[0].3), ("small", 0.8));
        assert!(
            found(&e, "a bug pizza").is_empty(),
            "words under 4 characters are never corrected"
        );
        assert!(found(&e, "nothing here").is_empty());
    }

    #[test]
    fn bytes_round_trip() {
        let e = pizza();
        let mut w = Writer::new();
        e.write(&mut w);
        let bytes = w.finish();
        let mut r = Reader::open(&bytes).unwrap();
        let back = UserEntities::read(&mut r).unwrap();
        assert_eq!(
            found(&back, "XL with double cheese"),
            found(&e, "XL with double cheese")
        );
    }

    #[test]
    fn many_values_stay_linear() {
        let entries: Vec<(String, Vec<String>)> = (0..2000)
            .map(|i| {
                (
                    format!("value{i}"),
                    (0..20).map(|k| format!("syn{i}x{k}")).collect(),
                )
            })
            .collect();
        let entity = Entity {
            id: "big".into(),
            name: "big".into(),
            extensible: false,
            entries: entries
                .iter()
                .map(|(v, s)| EntityEntry {
                    value: v.clone(),
                    synonyms: s.iter().map(|x| Synonym { value: x.clone() }).collect(),
                })
                .collect(),
        };
        let e = UserEntities::compile(&[entity], &Analyzer::new(Language::English));
        assert_eq!(found(&e, "give me syn1999x19 now")[0].1, "value1999");
    }
}
