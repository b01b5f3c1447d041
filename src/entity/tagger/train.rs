//! Training: a structured averaged perceptron over the BIO labels.
//!
//! Each pass visits the sentences in a seeded shuffled order, decodes each one with the
//! current weights and, where the best labelling differs from the gold one, adds the
//! features of the gold labels and subtracts those of the predicted ones. The weights kept
//! are the average over every step (with the usual trick: `w - acc / c`), which generalizes
//! far better than the last ones. Weights are integers during training, so the result does
//! not depend on rounding and the same examples always give the same bytes.

use super::TaggedExample;
use super::decode::{Labels, Lattice, NEVER, margins, viterbi};
use super::features::mix;
use super::model::Tagger;
use super::prepare::{Prepared, Sentence, WORD, prepare};
use crate::analysis::{Analyzer, Token};
use crate::entity::EntityMatch;

/// The settings of training.
#[derive(Debug, Clone)]
pub(super) struct Options {
    /// Passes over the examples.
    pub epochs: usize,
    /// The seed of the shuffles and of hiding gazetteer matches.
    pub seed: u64,
    /// The chance that a gazetteer match is hidden from a sentence in one pass.
    pub hide_gazetteer: f64,
    /// The chance that the features of a token's word (word, stem, affixes) are hidden in
    /// one pass.
    pub hide_words: f64,
    /// Whether a gazetteer match that is exactly a value annotated only once (in this
    /// sentence) is always hidden: it would not be known if the sentence were unseen.
    pub hide_singletons: bool,
    /// Averaged weights smaller than this (in absolute value) are left out.
    pub min_weight: f32,
}

impl Default for Options {
    /// Measured on SNIPS 2017 and the Braun corpora (`examples/tagger_eval.rs`): hiding
    /// matches matters most (without it, the tagger trusts a gazetteer that knows every
    /// training value, and misses new ones: F1 0.90 instead of 0.96 on SNIPS); more passes
    /// than 10 do not help. Hiding words changes nothing there, but helps a lot with a few
    /// examples, where the tagger would otherwise learn the values by heart.
    fn default() -> Options {
        Options {
            epochs: 10,
            seed: 0x5107_7A66_E500_0001,
            hide_gazetteer: 0.5,
            hide_words: 0.2,
            hide_singletons: true,
            min_weight: 1e-3,
        }
    }
}

/// The splitmix64 generator: tiny, fast and good enough for shuffles.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }
    /// A number in `0..n` (`n > 0`), with a negligible bias.
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }
}

/// Trains a tagger; see [`Tagger::train`].
pub(super) fn train(
    examples: &[TaggedExample],
    analyzer: &Analyzer,
    gazetteer: &dyn Fn(&str, &[Token]) -> Vec<EntityMatch>,
    options: &Options,
) -> Tagger {
    let Prepared {
        entities,
        keys,
        sentences,
    } = prepare(examples, analyzer, gazetteer, options.hide_singletons);
    let mut p = Perceptron::new(keys.len(), entities.len());
    p.learn(&sentences, options);
    p.compile(entities, &keys, &sentences, options)
}

/// The weights being learned.
struct Perceptron {
    labels: Labels,
    /// The number of labels.
    l: usize,
    /// Per feature, its weights `(label, weight)`: integers, kept as `f32` (exactly) for
    /// speed, since adding them up is most of the work.
    rows: Vec<Vec<(u32, f32)>>,
    /// The running sums for the average, in the same order as `rows`.
    sums: Vec<Vec<i64>>,
    /// `(L + 1) × (L + 1)`: from a label or the start (`L`) to a label or the end (`L`).
    transitions: Vec<(i32, i64)>,
    /// The transition scores as decoding wants them, kept in step.
    into: Vec<f32>,
    from: Vec<f32>,
    start: Vec<f32>,
    end: Vec<f32>,
    /// Steps so far, plus one.
    c: i64,
}

impl Perceptron {
    fn new(features: usize, entities: usize) -> Perceptron {
        let labels = Labels { entities };
        let l = labels.count();
        let mut p = Perceptron {
            labels,
            l,
            rows: vec![Vec::new(); features],
            sums: vec![Vec::new(); features],
            transitions: vec![(0, 0); (l + 1) * (l + 1)],
            into: vec![0.0; l * l],
            from: vec![0.0; l * l],
            start: vec![0.0; l],
            end: vec![0.0; l],
            c: 1,
        };
        for prev in 0..l {
            for cur in 0..l {
                if !labels.may_follow(prev, cur) {
                    p.into[cur * l + prev] = NEVER;
                    p.from[prev * l + cur] = NEVER;
                }
            }
        }
        for y in (0..l).filter(|&y| !labels.may_start(y)) {
            p.start[y] = NEVER;
        }
        p
    }

    fn bump(&mut self, feature: u32, label: usize, d: i32) {
        let (row, sums) = (&mut self.rows[feature as usize], &mut self.sums[feature as usize]);
        let i = match row.iter().position(|e| e.0 as usize == label) {
            Some(i) => i,
            None => {
                row.push((label as u32, 0.0));
                sums.push(0);
                row.len() - 1
            }
        };
        row[i].1 += d as f32;
        sums[i] += self.c * i64::from(d);
    }

    /// Changes the transition `prev → cur`, where `L` stands for the start or the end.
    fn bump_transition(&mut self, prev: usize, cur: usize, d: i32) {
        let l = self.l;
        let t = &mut self.transitions[prev * (l + 1) + cur];
        t.0 += d;
        t.1 += self.c * i64::from(d);
        let w = t.0 as f32;
        if prev == l {
            if cur < l && self.labels.may_start(cur) {
                self.start[cur] = w;
            }
        } else if cur == l {
            self.end[prev] = w;
        } else if self.labels.may_follow(prev, cur) {
            self.into[cur * l + prev] = w;
            self.from[prev * l + cur] = w;
        }
    }

    /// Whether match `source` of sentence `s` is hidden in `epoch`.
    fn hidden(s: &Sentence, index: usize, source: u32, epoch: usize, options: &Options) -> bool {
        if s.hidden.get(source as usize).copied().unwrap_or(false) {
            return true;
        }
        chance(options.seed, epoch, index, source) < options.hide_gazetteer
    }

    fn learn(&mut self, sentences: &[Sentence], options: &Options) {
        let l = self.l;
        let mut order: Vec<usize> = (0..sentences.len()).collect();
        let mut rng = SplitMix(options.seed);
        let (mut emissions, mut delta, mut path) = (Vec::new(), Vec::new(), Vec::new());
        let mut active: Vec<(u32, u32)> = Vec::new();
        for epoch in 0..options.epochs {
            for i in (1..order.len()).rev() {
                order.swap(i, rng.below(i + 1));
            }
            for &index in &order {
                let s = &sentences[index];
                let n = s.gold.len();
                if n == 0 {
                    continue;
                }
                active.clear();
                for t in 0..n {
                    let hide = chance(options.seed, epoch, index, t as u32 | WORD) < options.hide_words;
                    for &f in &s.features[s.starts[t] as usize..s.starts[t + 1] as usize] {
                        if f & WORD == 0 || !hide {
                            active.push((t as u32, f & !WORD));
                        }
                    }
                }
                for &(t, f, source) in &s.gazetteer {
                    if !Self::hidden(s, index, source, epoch, options) {
                        active.push((t, f));
                    }
                }
                emissions.clear();
                emissions.resize(n * l, 0.0f32);
                for &(t, f) in &active {
                    let at = &mut emissions[t as usize * l..(t as usize + 1) * l];
                    for &(label, w) in &self.rows[f as usize] {
                        if let Some(e) = at.get_mut(label as usize) {
                            *e += w;
                        }
                    }
                }
                let lattice = Lattice {
                    labels: self.labels,
                    emissions: &emissions,
                    into: &self.into,
                    from: &self.from,
                    start: &self.start,
                    end: &self.end,
                };
                viterbi(&lattice, &mut delta, &mut path);
                if path != s.gold {
                    for &(t, f) in &active {
                        let (gold, predicted) = (s.gold[t as usize], path[t as usize]);
                        if gold != predicted {
                            self.bump(f, gold, 1);
                            self.bump(f, predicted, -1);
                        }
                    }
                    for t in 0..=n {
                        let pair = |labels: &[usize]| {
                            let prev = if t == 0 { l } else { labels[t - 1] };
                            (prev, labels.get(t).copied().unwrap_or(l))
                        };
                        let (gold, predicted) = (pair(&s.gold), pair(&path));
                        if gold != predicted {
                            self.bump_transition(gold.0, gold.1, 1);
                            self.bump_transition(predicted.0, predicted.1, -1);
                        }
                    }
                }
                self.c += 1;
            }
        }
    }

    /// The averaged weight.
    fn average(&self, w: f32, acc: i64) -> f32 {
        (f64::from(w) - acc as f64 / self.c as f64) as f32
    }

    /// The tagger of the averaged weights.
    fn compile(
        self,
        entities: Vec<String>,
        keys: &[u64],
        sentences: &[Sentence],
        options: &Options,
    ) -> Tagger {
        let l = self.l;
        let rows: Vec<Vec<(u16, f32)>> = self
            .rows
            .iter()
            .zip(&self.sums)
            .map(|(row, sums)| {
                let mut weights: Vec<(u16, f32)> = row
                    .iter()
                    .zip(sums)
                    .map(|(&(label, w), &acc)| (label as u16, self.average(w, acc)))
                    .filter(|(_, w)| w.abs() >= options.min_weight)
                    .collect();
                weights.sort_by_key(|&(label, _)| label);
                if weights.len() * 2 >= l {
                    // Dense rows add up faster: store every label, in order.
                    let mut dense: Vec<(u16, f32)> = (0..l).map(|y| (y as u16, 0.0)).collect();
                    for (label, w) in weights {
                        dense[usize::from(label)].1 = w;
                    }
                    return dense;
                }
                weights
            })
            .collect();
        let transition = |prev: usize, cur: usize| {
            let (w, acc) = self.transitions[prev * (l + 1) + cur];
            self.average(w as f32, acc)
        };
        let transitions: Vec<f32> = (0..l * l).map(|i| transition(i / l, i % l)).collect();
        let start: Vec<f32> = (0..l).map(|y| transition(l, y)).collect();
        let end: Vec<f32> = (0..l).map(|y| transition(y, l)).collect();
        let temperature = calibrate(self.labels, &rows, &transitions, &start, &end, sentences);

        let mut order: Vec<usize> = (0..rows.len()).filter(|&f| !rows[f].is_empty()).collect();
        order.sort_by_key(|&f| keys[f]);
        let mut offsets = vec![0u32];
        let (mut labels, mut weights) = (Vec::new(), Vec::new());
        for &f in &order {
            for &(label, w) in &rows[f] {
                labels.push(label);
                weights.push(w);
            }
            offsets.push(labels.len() as u32);
        }
        let keys: Vec<u64> = order.iter().map(|&f| keys[f]).collect();
        Tagger::from_parts(
            entities,
            &keys,
            &offsets,
            &labels,
            &weights,
            transitions,
            start,
            end,
            temperature,
        )
        .unwrap_or_else(Tagger::empty)
    }
}

/// The temperature that gives the median correct span of (some of) the training sentences a
/// score of 0.95: margins are divided by it before the logistic.
fn calibrate(
    labels: Labels,
    rows: &[Vec<(u16, f32)>],
    transitions: &[f32],
    start: &[f32],
    end: &[f32],
    sentences: &[Sentence],
) -> f32 {
    let l = start.len();
    let mut into = vec![NEVER; l * l];
    let mut from = vec![NEVER; l * l];
    for prev in 0..l {
        for cur in (0..l).filter(|&cur| labels.may_follow(prev, cur)) {
            into[cur * l + prev] = transitions[prev * l + cur];
            from[prev * l + cur] = transitions[prev * l + cur];
        }
    }
    let start: Vec<f32> = (0..l)
        .map(|y| if labels.may_start(y) { start[y] } else { NEVER })
        .collect();
    let (mut emissions, mut delta, mut path, mut beta, mut m) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut found = Vec::new();
    for s in sentences.iter().step_by(CALIBRATION_STEP) {
        let n = s.gold.len();
        emissions.clear();
        emissions.resize(n * l, 0.0f32);
        let context = (0..n).flat_map(|t| {
            s.features[s.starts[t] as usize..s.starts[t + 1] as usize]
                .iter()
                .map(move |&f| (t, f & !WORD))
        });
        let gazetteer = s.gazetteer.iter().map(|&(t, f, _)| (t as usize, f));
        for (t, f) in context.chain(gazetteer) {
            for &(label, w) in &rows[f as usize] {
                emissions[t * l + usize::from(label)] += w;
            }
        }
        let lattice = Lattice {
            labels,
            emissions: &emissions,
            into: &into,
            from: &from,
            start: &start,
            end,
        };
        let total = viterbi(&lattice, &mut delta, &mut path);
        margins(&lattice, &delta, &path, total, &mut beta, &mut m);
        for (e, first, end) in labels.spans(&path) {
            let correct =
                s.gold[first..end] == path[first..end] && s.gold.get(end) != Some(&labels.inside(e));
            if correct {
                found.push(m[first..end].iter().copied().fold(f32::MAX, f32::min));
            }
        }
    }
    found.sort_by(f32::total_cmp);
    let median = found.get(found.len() / 2).copied().unwrap_or(1.0);
    // logistic(median / T) = 0.95
    (median / 19f32.ln()).max(1e-3)
}

/// A number in `[0, 1)` that depends only on its arguments.
fn chance(seed: u64, epoch: usize, sentence: usize, what: u32) -> f64 {
    let h = mix(seed ^ mix((epoch as u64) << 48 ^ (sentence as u64) << 32 ^ u64::from(what)));
    (h >> 11) as f64 / (1u64 << 53) as f64
}

/// Every how many training sentences one is decoded for calibration.
const CALIBRATION_STEP: usize = 4;
