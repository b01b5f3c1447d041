//! Scoring in stories with many interactions, whose weight rows are sparse.
//!
//! An interaction that none of the utterance's features speak for has the decision value of
//! its bias alone, so its share of the softmax is known without looking at it: the sums of
//! `exp(bias / T)` over the roots and over every interaction are computed once per model, and
//! a query pays only for the interactions its features touch. Its ranking holds the touched
//! candidates.

use super::score::{Candidates, Features, Part};
use crate::index::{Classifier, InteractionInfo, StoryModel, Table};

/// The softmax mass of the interactions' biases, for scoring without touching every
/// interaction.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct BiasMass {
    /// The largest bias, the reference of the sums below.
    max: f32,
    /// `Σ exp((bias − max) / T)` over the root interactions.
    roots: f64,
    /// The same over every interaction.
    all: f64,
}

impl BiasMass {
    /// The masses of a classifier's biases (`classes − 1` interactions, then the fallback).
    pub(crate) fn of(classifier: &Classifier, interactions: &[InteractionInfo]) -> BiasMass {
        let t = classifier.temperature;
        let n = interactions.len();
        let max = classifier.bias.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let e = |j: usize| f64::from(((classifier.bias[j] - max) / t).exp());
        BiasMass {
            max,
            roots: (0..n).filter(|&j| interactions[j].root).map(e).sum(),
            all: (0..n).map(e).sum(),
        }
    }
}

impl StoryModel {
    /// The scores of the touched candidates, renormalized over every candidate and the
    /// fallback (which takes what the candidates lack of their minimum share, as in
    /// `candidate_scores`), and the fallback's score.
    pub(crate) fn sparse_candidate_scores(
        &self,
        features: &Features,
        candidates: &Candidates<'_>,
    ) -> (Vec<(usize, f32)>, f32) {
        let c = &self.classifier;
        let n = self.interactions.len();
        let mut sum = vec![0.0f32; c.classes];
        let mut touched: Vec<u32> = Vec::new();
        for part in &features.parts {
            let (table, row, weight) = match *part {
                Part::Word(w, x) => (&c.word_rows, w, x),
                Part::Term(t, x) => (&c.term_rows, t, x),
                Part::Gram(g, x) => (&c.gram_rows, g, x),
                Part::Bigram(b, x) => (&c.bigram_rows, b, x),
            };
            table.add_to(row as usize, weight, &mut sum);
            if let Table::Sparse(rows) = table {
                touched.extend(rows.classes_of(row as usize));
            }
        }
        touched.sort_unstable();
        touched.dedup();
        let inv = if features.norm > 0.0 {
            1.0 / features.norm
        } else {
            0.0
        };
        let z = |j: usize| sum[j] * inv + c.bias[j];
        let top = touched
            .iter()
            .map(|&j| z(j as usize))
            .fold(z(n), f32::max)
            .max(self.bias_mass.max);
        let t = c.temperature;
        let e = |j: usize| f64::from(((z(j) - top) / t).exp());
        // Every untouched candidate weighs exp((bias − top) / T).
        let scale = f64::from(((self.bias_mass.max - top) / t).exp());
        let bias_e = |j: usize| f64::from(((c.bias[j] - self.bias_mass.max) / t).exp());
        let is_candidate = |j: usize| j < n && candidates.contains(self, j);
        let touched_candidates: Vec<usize> = touched
            .iter()
            .map(|&j| j as usize)
            .filter(|&j| is_candidate(j))
            .collect();
        let untouched = match candidates {
            Candidates::Roots => {
                scale * (self.bias_mass.roots - touched_candidates.iter().map(|&j| bias_e(j)).sum::<f64>())
            }
            Candidates::All => {
                scale * (self.bias_mass.all - touched_candidates.iter().map(|&j| bias_e(j)).sum::<f64>())
            }
            Candidates::Only(list) => {
                let mut list: Vec<usize> = list.iter().copied().filter(|&j| j < n).collect();
                list.sort_unstable();
                list.dedup();
                list.into_iter()
                    .filter(|j| touched.binary_search(&(*j as u32)).is_err())
                    .map(e)
                    .sum()
            }
        };
        // The candidates' share of every class's weight (see `candidate_scores`).
        let mass = touched_candidates.iter().map(|&j| e(j)).sum::<f64>() + untouched.max(0.0);
        let touched_all = touched.iter().map(|&j| j as usize).filter(|&j| j < n);
        let everything = touched_all.clone().map(e).sum::<f64>()
            + scale * (self.bias_mass.all - touched_all.map(bias_e).sum::<f64>()).max(0.0)
            + e(n);
        let shortfall = (f64::from(super::score::MIN_CANDIDATE_MASS) * everything - mass).max(0.0);
        let fallback = e(n) + shortfall;
        let total = mass + fallback;
        if total <= 0.0 || !total.is_finite() {
            return (Vec::new(), 1.0);
        }
        let scores = touched_candidates
            .iter()
            .map(|&j| (j, (e(j) / total) as f32))
            .collect();
        (scores, (fallback / total) as f32)
    }
}

#[cfg(test)]
mod tests {
    use crate::eval::{Labelled, bot_from_examples};
    use crate::{Candidates, Language, Model};

    /// A story past the sparse threshold: 600 interactions, each with two words of its own
    /// (compiled once for all the tests).
    fn large() -> &'static Model {
        static MODEL: std::sync::OnceLock<Model> = std::sync::OnceLock::new();
        MODEL.get_or_init(compile_large)
    }

    fn compile_large() -> Model {
        let word = |i: usize, k: usize| format!("w{}x{k}", i * 7919 % 100_003);
        let mut train = Vec::new();
        for i in 0..600 {
            for filler in ["please", "can you", "i want"] {
                train.push(Labelled::new(
                    format!("{filler} {} {}", word(i, 0), word(i, 1)),
                    format!("i{i}"),
                ));
            }
        }
        train.push(Labelled::new("tell me a joke", "oos"));
        Model::compile(&bot_from_examples(&train, Language::English)).expect("compiles")
    }

    #[test]
    fn large_stories_score_with_sparse_rows() {
        let model = large();
        let story = &model.stories()[0];
        assert!(story.classifier.is_sparse());
        let id = 500 * 7919 % 100_003;
        let text = format!("w{id}x0 w{id}x1 now");
        let c = story.classify(&text, &Candidates::Roots);
        let best = c.best.expect("a match");
        assert_eq!(story.interactions()[best.interaction].id, "i500");
        assert!(c.ranking.iter().all(|m| (0.0..=1.0).contains(&m.score)));
        let total: f32 = c.ranking.iter().map(|m| m.score).sum::<f32>() + c.fallback;
        assert!(total <= 1.0 + 1e-4, "{total}");
        // Restricting the candidates renormalizes over them.
        let only = story.classify(&text, &Candidates::Only(&[best.interaction, 3]));
        assert!(only.best.expect("a match").score >= best.score);
        // The bytes carry the sparse tables.
        let back = Model::from_bytes(&model.to_bytes()).expect("reads back");
        assert_eq!(back.stories()[0].classify(&text, &Candidates::Roots), c);
    }

    #[test]
    fn the_shortcut_agrees_with_a_full_softmax() {
        let model = large();
        let story = &model.stories()[0];
        let text = format!("i want w{}x0", 42 * 7919 % 100_003);
        let tokens = story.analyzer.analyze(&text);
        let units = crate::index::units(&tokens, &[]);
        let features = story.classifier.features(&units, story.language);
        let (scores, fallback) = story.sparse_candidate_scores(&features, &Candidates::All);
        let dense = story.classifier.probabilities(&features);
        let n = story.interactions().len();
        let total: f32 = dense[..n].iter().sum::<f32>() + dense[n];
        assert!(
            (fallback - dense[n] / total).abs() < 1e-4,
            "{fallback} vs {}",
            dense[n] / total
        );
        for (j, p) in scores {
            assert!(
                (p - dense[j] / total).abs() < 1e-4,
                "{j}: {p} vs {}",
                dense[j] / total
            );
        }
    }
}
