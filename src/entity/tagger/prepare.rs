//! Preparing the training sentences: tokens, gold labels, and the features of every token,
//! interned once so that the passes of training only index arrays.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use super::decode::Labels;
use super::features::{FROM_CONTEXT, FROM_WORD, covered, for_each_feature, hash_str, mix};
use super::{TAGGER_MAX_ENTITIES, TAGGER_WINDOW, TaggedExample};
use crate::analysis::{Analyzer, Token};
use crate::entity::EntityMatch;

/// A hasher for keys that are already well mixed: the key is its own hash.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

/// Marks the features of a token's own word in [`Sentence::features`].
pub(super) const WORD: u32 = 1 << 31;

/// A training sentence, ready for the passes.
pub(super) struct Sentence {
    /// The gold label of each token.
    pub gold: Vec<usize>,
    /// Token `t`'s own and context features are `features[starts[t]..starts[t + 1]]`; the
    /// [`WORD`] bit marks those of its word.
    pub starts: Vec<u32>,
    pub features: Vec<u32>,
    /// Gazetteer features: `(token, feature, match)`.
    pub gazetteer: Vec<(u32, u32, u32)>,
    /// Per match: whether it is always hidden.
    pub hidden: Vec<bool>,
}

/// The gold labels of `tokens`: each span covers the tokens it overlaps, unless one of them
/// is taken already. Also returns the spans kept, as `(entity, first, last)`.
pub(super) fn gold_labels(
    tokens: &[Token],
    spans: &[(String, std::ops::Range<usize>)],
    entities: &BTreeMap<&str, usize>,
) -> (Vec<usize>, Vec<(usize, usize, usize)>) {
    let labels = Labels {
        entities: entities.len(),
    };
    let mut gold = vec![0; tokens.len()];
    let mut kept = Vec::new();
    for (name, range) in spans {
        let Some(&e) = entities.get(name.as_str()) else {
            continue;
        };
        let first = tokens.partition_point(|t| t.span.char_end <= range.start);
        let end = tokens.partition_point(|t| t.span.char_start < range.end);
        if first >= end || gold[first..end].iter().any(|&y| y != 0) {
            continue;
        }
        gold[first] = labels.begin(e);
        for y in &mut gold[first + 1..end] {
            *y = labels.inside(e);
        }
        kept.push((e, first, end - 1));
    }
    (gold, kept)
}

/// The identity of an annotated value: its entity and its normalized words.
fn value_key(entity: usize, tokens: &[Token]) -> u64 {
    tokens
        .iter()
        .fold(mix(entity as u64 + 1), |h, t| mix(h ^ hash_str(&t.text)))
}

/// The training sentences, ready.
pub(super) struct Prepared {
    /// The entity names, sorted.
    pub entities: Vec<String>,
    /// The key of each feature, by its index.
    pub keys: Vec<u64>,
    /// The sentences, in the order of the examples.
    pub sentences: Vec<Sentence>,
}

/// Analyses the examples, finds their gold labels and their features. Gazetteer matches
/// that are exactly a value annotated only once are marked always hidden if
/// `hide_singletons`.
pub(super) fn prepare(
    examples: &[TaggedExample],
    analyzer: &Analyzer,
    gazetteer: &dyn Fn(&str, &[Token]) -> Vec<EntityMatch>,
    hide_singletons: bool,
) -> Prepared {
    let names: BTreeSet<&str> = examples
        .iter()
        .flat_map(|x| x.spans.iter().map(|(name, _)| name.as_str()))
        .collect();
    let names: Vec<&str> = names.into_iter().take(TAGGER_MAX_ENTITIES).collect();
    let index: BTreeMap<&str, usize> = names.iter().enumerate().map(|(i, &n)| (n, i)).collect();
    let entities: Vec<String> = names.iter().map(|n| n.to_string()).collect();

    // First pass: tokens, gold labels, and how often each value is annotated.
    let mut analysed = Vec::with_capacity(examples.len());
    let mut values: KeyMap<u32> = KeyMap::default();
    for x in examples {
        let mut tokens = analyzer.analyze(&x.text);
        tokens.truncate(TAGGER_WINDOW);
        let (gold, kept) = gold_labels(&tokens, &x.spans, &index);
        for &(e, first, last) in &kept {
            *values.entry(value_key(e, &tokens[first..=last])).or_default() += 1;
        }
        analysed.push((tokens, gold, kept));
    }

    // Second pass: features, interned.
    let mut ids: KeyMap<u32> = KeyMap::default();
    let mut keys: Vec<u64> = Vec::new();
    let mut sentences = Vec::with_capacity(examples.len());
    for (x, (tokens, gold, kept)) in examples.iter().zip(analysed) {
        let matches = gazetteer(&x.text, &tokens);
        let hidden = matches
            .iter()
            .map(|m| {
                hide_singletons
                    && covered(&tokens, m).is_some_and(|(first, last)| {
                        kept.iter().any(|&(e, f, l)| {
                            (f, l) == (first, last)
                                && entities[e] == m.entity
                                && values.get(&value_key(e, &tokens[f..=l])) == Some(&1)
                        })
                    })
            })
            .collect();
        let mut s = Sentence {
            gold,
            starts: vec![0],
            features: Vec::new(),
            gazetteer: Vec::new(),
            hidden,
        };
        let mut intern = |key: u64| -> u32 {
            *ids.entry(key).or_insert_with(|| {
                keys.push(key);
                (keys.len() - 1) as u32
            })
        };
        for_each_feature(&x.text, &tokens, &matches, |t, key, source| {
            let id = intern(key);
            if source == FROM_CONTEXT || source == FROM_WORD {
                while s.starts.len() <= t {
                    s.starts.push(s.features.len() as u32);
                }
                s.features.push(if source == FROM_WORD { id | WORD } else { id });
            } else {
                s.gazetteer.push((t as u32, id, source));
            }
        });
        while s.starts.len() <= tokens.len() {
            s.starts.push(s.features.len() as u32);
        }
        sentences.push(s);
    }

    Prepared {
        entities,
        keys,
        sentences,
    }
}
