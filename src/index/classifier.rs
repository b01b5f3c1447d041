//! The machine-learning matcher's tables, and how they are built from example phrases.
//!
//! Training happens in one feature space — terms, character n-grams, bigrams of terms —
//! and is then *folded*: every word seen in training gets one `f32` row, the sum of its
//! term's and its n-grams' weights, so a known word costs one fst lookup and one row on the
//! query path. Rows of terms, n-grams and bigrams stay (quantized) for the words the model
//! has not seen and for word pairs.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::features::{Item, for_each_gram};
use super::format::{Reader, Writer};
use super::rows::{QuantRows, SparseRows, Table};
use super::train::{self, Example, Params, in_parallel};
use super::vectors::{VectorRows, lexical_scale, phrase_sums};
use super::vocab::Vocabulary;
use crate::embed::WordVectors;
use crate::error::ModelError;

/// Below this many examples a story keeps temperature 1 (too few to hold any out).
const CALIBRATION_MIN_EXAMPLES: usize = 30;

/// The tables of the interaction classifier of one story.
#[derive(Debug, Clone)]
pub(crate) struct Classifier {
    /// Number of classes: one per interaction, then the fallback.
    pub classes: usize,
    /// Normalized words seen in training.
    pub words: Vocabulary,
    /// Folded `f32` rows of the words (`words.len() × classes`).
    pub word_rows: Table,
    /// Squared norm of each word's feature vector.
    pub word_sq: Vec<f32>,
    /// The term ordinal of each word.
    pub word_term: Vec<u32>,
    /// Terms (stems, `#`, `@entity`).
    pub terms: Vocabulary,
    pub term_rows: Table,
    pub term_sq: Vec<f32>,
    /// Character n-grams.
    pub grams: Vocabulary,
    pub gram_rows: Table,
    pub gram_sq: Vec<f32>,
    /// Sorted keys `first << 32 | second` of term bigrams.
    pub bigram_keys: Vec<u64>,
    pub bigram_rows: Table,
    pub bigram_sq: Vec<f32>,
    /// The squared weight of a feature never seen in training (it dilutes the others).
    pub unknown_sq: f32,
    pub bias: Vec<f32>,
    /// The softmax temperature fitted on held-out examples.
    pub temperature: f32,
    /// The weights of the phrase vector, where the story's language has word vectors.
    pub vectors: Option<VectorRows>,
}

/// One word seen in training: its ordinal, lexical feature vector and surface.
struct WordItem<'a> {
    word: u32,
    features: &'a [(u32, f32)],
    surface: &'a str,
}

/// A word's row to fold, with the word.
struct Fold<'a> {
    row: &'a mut [f32],
    item: &'a WordItem<'a>,
}

/// The key of the bigram of two term ordinals.
pub(crate) fn bigram_key(first: u32, second: u32) -> u64 {
    (u64::from(first) << 32) | u64::from(second)
}

/// The smoothed inverse document frequency of a feature held by `df` of `n` examples.
fn idf(df: u32, n: usize) -> f32 {
    ((n as f32 + 1.0) / (df as f32 + 1.0)).ln() + 1.0
}

/// How many of the documents (each a set of keys) hold each key, in key order.
fn document_frequencies<K: Ord + std::hash::Hash>(
    docs: impl Iterator<Item = BTreeSet<K>>,
) -> BTreeMap<K, u32> {
    // Counted in a hash map (most keys are seen many times), sorted once.
    let mut df = HashMap::new();
    for doc in docs {
        for key in doc {
            *df.entry(key).or_default() += 1;
        }
    }
    df.into_iter().collect()
}

/// Merges duplicate feature indexes by adding their values.
fn merge(mut features: Vec<(u32, f32)>) -> Vec<(u32, f32)> {
    features.sort_unstable_by_key(|f| f.0);
    let mut merged: Vec<(u32, f32)> = Vec::with_capacity(features.len());
    for (i, x) in features {
        match merged.last_mut() {
            Some(last) if last.0 == i => last.1 += x,
            _ => merged.push((i, x)),
        }
    }
    merged
}

impl Classifier {
    /// Trains the classifier on `(items, class)` phrases; class `classes - 1` is the fallback.
    /// With word `vectors` (and no more classes than [`train::SPARSE_CLASSES`]: the phrase
    /// vector's rows are dense) each phrase's vector is a feature too (see [`super::vectors`]).
    pub fn train(phrases: &[(Vec<Item>, u32)], classes: usize, vectors: Option<&WordVectors>) -> Classifier {
        let n = phrases.len();
        let vectors = vectors.filter(|_| classes <= train::SPARSE_CLASSES);
        // Phrases repeat their words: everything about an item is computed once per
        // distinct item, and phrases are lists of distinct items.
        let mut distinct: Vec<&Item> = Vec::new();
        let mut ids: HashMap<&Item, u32> = HashMap::new();
        let phrase_ids: Vec<Vec<u32>> = phrases
            .iter()
            .map(|(items, _)| {
                items
                    .iter()
                    .map(|item| {
                        *ids.entry(item).or_insert_with(|| {
                            distinct.push(item);
                            distinct.len() as u32 - 1
                        })
                    })
                    .collect()
            })
            .collect();
        let item_grams: Vec<Vec<String>> = distinct
            .iter()
            .map(|item| {
                let mut grams = Vec::new();
                if item.grams {
                    for_each_gram(&item.surface, |g| grams.push(g.to_string()));
                }
                grams
            })
            .collect();
        let owned = |df: BTreeMap<&str, u32>| -> BTreeMap<String, u32> {
            df.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
        };
        let term_df =
            owned(document_frequencies(phrase_ids.iter().map(|p| {
                p.iter().map(|&i| distinct[i as usize].term.as_str()).collect()
            })));
        let gram_df = owned(document_frequencies(phrase_ids.iter().map(|p| {
            p.iter()
                .flat_map(|&i| item_grams[i as usize].iter().map(String::as_str))
                .collect()
        })));
        let word_df = owned(document_frequencies(phrase_ids.iter().map(|p| {
            p.iter()
                .map(|&i| distinct[i as usize].surface.as_str())
                .filter(|s| !s.is_empty())
                .collect()
        })));
        let terms = Vocabulary::build(&term_df);
        let grams = Vocabulary::build(&gram_df);
        let words = Vocabulary::build(&word_df);
        let term_of = |item: &Item| terms.get(&item.term).unwrap_or(0);
        let item_terms: Vec<u32> = distinct.iter().map(|item| term_of(item)).collect();
        let bigram_df = document_frequencies(phrase_ids.iter().map(|p| {
            p.windows(2)
                .map(|w| bigram_key(item_terms[w[0] as usize], item_terms[w[1] as usize]))
                .collect()
        }));
        let bigram_keys: Vec<u64> = bigram_df.keys().copied().collect();
        let (n_terms, n_grams) = (terms.len(), grams.len());
        let term_idf: Vec<f32> = terms.df.iter().map(|&d| idf(d, n)).collect();
        let gram_idf: Vec<f32> = grams.df.iter().map(|&d| idf(d, n)).collect();
        let bigram_idf: Vec<f32> = bigram_df.values().map(|&d| idf(d, n)).collect();

        // The feature vector of each distinct item: its term and its n-grams, weighted by
        // IDF.
        let item_vectors: Vec<Vec<(u32, f32)>> = distinct
            .iter()
            .zip(&item_terms)
            .zip(&item_grams)
            .map(|((item, &t), item_grams)| {
                let mut v = vec![(t, term_idf[t as usize])];
                if item.grams {
                    v.extend(
                        item_grams
                            .iter()
                            .filter_map(|g| grams.get(g))
                            .map(|o| ((n_terms as u32) + o, gram_idf[o as usize])),
                    );
                }
                merge(v)
            })
            .collect();
        let lexical: Vec<(Vec<(u32, f32)>, f32)> = phrase_ids
            .iter()
            .map(|p| {
                let mut features = Vec::new();
                let mut sq = 0.0f32;
                for &i in p {
                    let v = &item_vectors[i as usize];
                    sq += v.iter().map(|f| f.1 * f.1).sum::<f32>();
                    features.extend_from_slice(v);
                }
                for w in p.windows(2) {
                    let key = bigram_key(item_terms[w[0] as usize], item_terms[w[1] as usize]);
                    if let Ok(b) = bigram_keys.binary_search(&key) {
                        features.push(((n_terms + n_grams + b) as u32, bigram_idf[b]));
                        sq += bigram_idf[b] * bigram_idf[b];
                    }
                }
                (merge(features), sq.sqrt().max(1e-6))
            })
            .collect();
        let (sums, vector_scale) = match vectors {
            Some(v) => phrase_sums(v, phrases, lexical.iter().map(|l| l.1)),
            None => (Vec::new(), 0.0),
        };
        let lexical_scale = lexical_scale(vectors.is_some());
        let examples: Vec<Example> = lexical
            .into_iter()
            .zip(phrases)
            .enumerate()
            .map(|(i, ((features, norm), (_, class)))| {
                let norm = norm / lexical_scale;
                Example {
                    features: features.into_iter().map(|(f, x)| (f, x / norm)).collect(),
                    dense: sums
                        .get(i)
                        .map_or_else(Vec::new, |v| v.iter().map(|x| x * vector_scale / norm).collect()),
                    class: *class,
                }
            })
            .collect();
        let n_lexical = n_terms + n_grams + bigram_keys.len();
        let dims = vectors.map_or(0, WordVectors::dims);
        let n_features = n_lexical + dims;
        let params = Params::default();
        let mut word_term = vec![0u32; words.len()];
        // Each word seen in training once, with its feature vector (computed once, used for
        // its norm and for folding its row).
        let word_items: Vec<WordItem<'_>> = {
            let mut seen = BTreeSet::new();
            distinct
                .iter()
                .enumerate()
                .filter_map(|(i, item)| {
                    words.get(&item.surface).filter(|w| seen.insert(*w)).map(|w| {
                        word_term[w as usize] = item_terms[i];
                        WordItem {
                            word: w,
                            features: &item_vectors[i],
                            surface: &item.surface,
                        }
                    })
                })
                .collect()
        };
        let mut word_sq = vec![0.0f32; words.len()];
        for item in &word_items {
            word_sq[item.word as usize] = item.features.iter().map(|f| f.1 * f.1).sum();
        }
        let (word_rows, term_rows, gram_rows, bigram_rows, bias, temperature, vector_rows);
        if classes > train::SPARSE_CLASSES {
            // Large stories: restricted training, sparse rows, everything folded the same way.
            let (rows, b) = train::train_sparse(&examples, n_features, classes, params);
            temperature = calibrate_sparse(&examples, n_features, classes, params);
            let scaled = |range: std::ops::Range<usize>, idfs: &[f32]| {
                Table::Sparse(SparseRows::new(range.zip(idfs).map(|(f, idf)| {
                    strongest(rows[f].iter().map(|&(c, w)| (c, w * idf)).collect())
                })))
            };
            let mut scratch = vec![0.0f32; classes];
            let mut folded = vec![Vec::new(); words.len()];
            for item in &word_items {
                let w = item.word;
                let mut touched: Vec<u32> = Vec::new();
                for &(f, x) in item.features {
                    for &(c, wt) in &rows[f as usize] {
                        if scratch[c as usize] == 0.0 {
                            touched.push(c);
                        }
                        scratch[c as usize] += x * wt;
                    }
                }
                let row: Vec<(u32, f32)> = touched
                    .iter()
                    .map(|&c| (c, std::mem::take(&mut scratch[c as usize])))
                    .collect();
                folded[w as usize] = strongest(row);
            }
            word_rows = Table::Sparse(SparseRows::new(folded));
            term_rows = scaled(0..n_terms, &term_idf);
            gram_rows = scaled(n_terms..n_terms + n_grams, &gram_idf);
            bigram_rows = scaled(n_terms + n_grams..n_lexical, &bigram_idf);
            bias = b;
            vector_rows = None;
        } else {
            let weights = train::train(&examples, n_features, classes, params);
            temperature = calibrate(&examples, n_features, classes, params);
            let row = |f: usize| &weights.weights[f * classes..(f + 1) * classes];
            let scaled = |range: std::ops::Range<usize>, idfs: &[f32]| -> Vec<f32> {
                range
                    .zip(idfs)
                    .flat_map(|(f, idf)| row(f).iter().map(move |w| w * idf))
                    .collect()
            };
            vector_rows = vectors.map(|v| VectorRows {
                fingerprint: v.fingerprint(),
                dims,
                scale: vector_scale,
                rows: weights.weights[n_lexical * classes..].to_vec(),
            });
            // Fold every word seen in training into one row, with its vector's part.
            let mut folded = vec![0.0f32; words.len() * classes];
            let mut rows: Vec<Option<&mut [f32]>> = folded.chunks_exact_mut(classes).map(Some).collect();
            let mut jobs: Vec<Fold<'_>> = word_items
                .iter()
                .filter_map(|item| {
                    Some(Fold {
                        row: rows[item.word as usize].take()?,
                        item,
                    })
                })
                .collect();
            in_parallel(&mut jobs, |jobs| {
                let mut pieces = vec![0.0f32; dims];
                for Fold { row: out, item } in jobs.iter_mut() {
                    for &(f, x) in item.features {
                        for (o, wt) in out.iter_mut().zip(row(f as usize)) {
                            *o += x * wt;
                        }
                    }
                    if let (Some(d), Some(v)) = (&vector_rows, vectors) {
                        pieces.fill(0.0);
                        if v.add_word(item.surface, &mut pieces) > 0 {
                            d.add_product(&pieces, d.scale, out);
                        }
                    }
                }
            });
            drop(jobs);
            word_rows = Table::Dense {
                classes,
                weights: folded,
            };
            term_rows = Table::Quant(QuantRows::new(&scaled(0..n_terms, &term_idf), classes));
            gram_rows = Table::Quant(QuantRows::new(
                &scaled(n_terms..n_terms + n_grams, &gram_idf),
                classes,
            ));
            bigram_rows = Table::Quant(QuantRows::new(
                &scaled(n_terms + n_grams..n_lexical, &bigram_idf),
                classes,
            ));
            bias = weights.bias;
        }
        let unknown = idf(0, n);
        Classifier {
            classes,
            word_rows,
            word_sq,
            word_term,
            term_rows,
            term_sq: term_idf.iter().map(|i| i * i).collect(),
            gram_rows,
            gram_sq: gram_idf.iter().map(|i| i * i).collect(),
            bigram_rows,
            bigram_sq: bigram_idf.iter().map(|i| i * i).collect(),
            bigram_keys,
            unknown_sq: unknown * unknown,
            bias,
            temperature,
            vectors: vector_rows,
            words,
            terms,
            grams,
        }
    }

    /// Whether the rows are sparse (a story with many interactions).
    pub fn is_sparse(&self) -> bool {
        matches!(self.word_rows, Table::Sparse(_))
    }

    pub fn write(&self, w: &mut Writer) {
        w.len(self.classes);
        self.words.write(w);
        self.word_rows.write(w);
        w.f32s(&self.word_sq);
        w.u32s(&self.word_term);
        self.terms.write(w);
        self.term_rows.write(w);
        w.f32s(&self.term_sq);
        self.grams.write(w);
        self.gram_rows.write(w);
        w.f32s(&self.gram_sq);
        w.u64s(&self.bigram_keys);
        self.bigram_rows.write(w);
        w.f32s(&self.bigram_sq);
        w.f32(self.unknown_sq);
        w.f32s(&self.bias);
        w.f32(self.temperature);
        VectorRows::write(self.vectors.as_ref(), w);
    }

    pub fn read(r: &mut Reader<'_>) -> Result<Classifier, ModelError> {
        let classes = r.u64()? as usize;
        let c = Classifier {
            classes,
            words: Vocabulary::read(r)?,
            word_rows: Table::read(r, classes)?,
            word_sq: r.f32s()?,
            word_term: r.u32s()?,
            terms: Vocabulary::read(r)?,
            term_rows: Table::read(r, classes)?,
            term_sq: r.f32s()?,
            grams: Vocabulary::read(r)?,
            gram_rows: Table::read(r, classes)?,
            gram_sq: r.f32s()?,
            bigram_keys: r.u64s()?,
            bigram_rows: Table::read(r, classes)?,
            bigram_sq: r.f32s()?,
            unknown_sq: r.f32()?,
            bias: r.f32s()?,
            temperature: r.f32()?,
            vectors: VectorRows::read(r, classes)?,
        };
        let (w, t) = (c.words.len(), c.terms.len() as u32);
        let consistent = c.word_rows.len() == w
            && c.word_sq.len() == w
            && c.word_term.len() == w
            && c.word_term.iter().all(|&o| o < t || t == 0)
            && c.term_rows.len() == c.terms.len()
            && c.term_sq.len() == c.terms.len()
            && c.gram_rows.len() == c.grams.len()
            && c.gram_sq.len() == c.grams.len()
            && c.bigram_rows.len() == c.bigram_keys.len()
            && c.bigram_sq.len() == c.bigram_keys.len()
            && c.bigram_keys.windows(2).all(|k| k[0] < k[1])
            && c.bias.len() == c.classes
            && c.temperature.is_finite()
            && c.temperature > 0.0;
        if consistent {
            Ok(c)
        } else {
            Err(ModelError::Corrupt {
                what: "classifier tables do not fit together",
            })
        }
    }
}

/// Fits the softmax temperature on held-out decision values: after a seeded shuffle the
/// examples are cut into folds, and a model trained on the other folds scores each one.
/// Small stories get up to ten folds (each model sees 90% of the examples, close to the
/// final model; with little data every example counts), large ones two, which keeps
/// compilation fast where data is plentiful; folds stop once they have scored as many
/// examples as the fit uses (one half of a story of 8,000 examples or more).
fn calibrate(examples: &[Example], n_features: usize, classes: usize, params: Params) -> f32 {
    if examples.len() < CALIBRATION_MIN_EXAMPLES {
        return 1.0;
    }
    let folds = (20_000 / examples.len()).clamp(2, 10);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    train::Rng::new(0xCA11_B4A7).shuffle(&mut order);
    let mut held_out = Vec::with_capacity(examples.len());
    for fold in 0..folds {
        // Once the held-out points are as many as the fit uses, more folds only cost time.
        if held_out.len() >= train::TEMPERATURE_POINTS {
            break;
        }
        let in_fold = |position: usize| position % folds == fold;
        let subset: Vec<Example> = order
            .iter()
            .enumerate()
            .filter(|(p, _)| !in_fold(*p))
            .map(|(_, &i)| examples[i].clone())
            .collect();
        let weights = train::train(
            &subset,
            n_features,
            classes,
            Params {
                epochs: params.epochs / 2,
                ..params
            },
        );
        let mut seen = vec![false; classes];
        for e in &subset {
            seen[e.class as usize] = true;
        }
        // An example whose class has no other example is unpredictable here but not in the
        // final model, which sees it: scoring it would flatten the fit for tiny stories.
        for (_, &i) in order
            .iter()
            .enumerate()
            .filter(|(p, _)| in_fold(*p))
            .filter(|(_, i)| seen[examples[**i].class as usize])
        {
            let mut logits = vec![0.0; classes];
            weights.logits(&examples[i], &mut logits);
            held_out.push((logits, examples[i].class));
        }
    }
    train::fit_temperature(&held_out)
}

/// [`calibrate`] for large stories: two halves trained sparsely, a few hundred held-out
/// examples of each scored (their logits span every class, so they are not all kept).
fn calibrate_sparse(examples: &[Example], n_features: usize, classes: usize, params: Params) -> f32 {
    const HELD_OUT: usize = 300;
    let mut order: Vec<usize> = (0..examples.len()).collect();
    train::Rng::new(0xCA11_B4A7).shuffle(&mut order);
    let mut held_out = Vec::new();
    for fold in 0..2 {
        let subset: Vec<Example> = order
            .iter()
            .enumerate()
            .filter(|(p, _)| p % 2 != fold)
            .map(|(_, &i)| examples[i].clone())
            .collect();
        let (rows, bias) = train::train_sparse(&subset, n_features, classes, params);
        for (_, &i) in order
            .iter()
            .enumerate()
            .filter(|(p, _)| p % 2 == fold)
            .take(HELD_OUT)
        {
            let mut logits = bias.clone();
            for &(f, x) in &examples[i].features {
                for &(c, w) in &rows[f as usize] {
                    logits[c as usize] += x * w;
                }
            }
            held_out.push((logits, examples[i].class));
        }
    }
    train::fit_temperature(&held_out)
}

/// The most classes a row of a large story keeps.
const SPARSE_ROW: usize = 64;

/// The strongest entries of a sparse row: at most [`SPARSE_ROW`], each at least a twentieth
/// of the largest. A word shared by many interactions says little about each of them.
fn strongest(mut row: Vec<(u32, f32)>) -> Vec<(u32, f32)> {
    let largest = row.iter().fold(0.0f32, |m, e| m.max(e.1.abs()));
    row.retain(|e| e.1.abs() >= 0.05 * largest);
    if row.len() > SPARSE_ROW {
        row.select_nth_unstable_by(SPARSE_ROW - 1, |a, b| b.1.abs().total_cmp(&a.1.abs()));
        row.truncate(SPARSE_ROW);
    }
    row
}
