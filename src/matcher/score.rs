//! The query path: features, scores, arbitration.

use crate::analysis::{Token, TokenKind};
use crate::index::{Classifier, StoryModel, softmax, token_term};

/// Which interactions may match this turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Candidates<'a> {
    /// The root interactions (a fresh conversation).
    Roots,
    /// Every interaction of the story.
    All,
    /// These interactions, by ordinal.
    Only(&'a [usize]),
}

impl Candidates<'_> {
    pub(crate) fn contains(&self, story: &StoryModel, interaction: usize) -> bool {
        match self {
            Candidates::Roots => story.interactions.get(interaction).is_some_and(|i| i.root),
            Candidates::All => interaction < story.interactions.len(),
            Candidates::Only(list) => list.contains(&interaction),
        }
    }
}

/// Which system produced a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum System {
    /// A keyword phrase matched (score 1.0).
    Keyword,
    /// The classifier over `userSays`.
    MachineLearning,
}

/// One scored candidate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Match {
    /// The interaction's ordinal in [`StoryModel::interactions`].
    pub interaction: usize,
    /// The score in `[0, 1]`: roughly the probability that this is what the user meant.
    pub score: f32,
    /// The system that scored it.
    pub system: System,
}

/// The answer of the matcher for one utterance.
#[derive(Debug, Clone, PartialEq)]
pub struct Classification {
    /// The winner: the best candidate if it reaches the threshold and beats the fallback;
    /// `None` means the fallback answers.
    pub best: Option<Match>,
    /// Every candidate with a score, best first (keyword matches, then by score).
    pub ranking: Vec<Match>,
    /// The probability that the utterance is out of scope.
    pub fallback: f32,
}

/// The features of an utterance, looked up in the term dictionary.
#[derive(Debug, Default)]
pub(crate) struct Features {
    /// `(term ordinal, weight)`: 1 for exact terms, less for corrected typos.
    pub terms: Vec<(u32, f32)>,
    /// Bigram indexes into the bigram table.
    pub bigrams: Vec<(u32, f32)>,
    /// The norm of the feature vector (unknown terms count in it).
    pub norm: f32,
}

/// How much a term corrected by one (two) edits counts, relative to an exact one.
const TYPO_WEIGHT: [f32; 3] = [1.0, 0.8, 0.6];

impl Classifier {
    /// Looks the tokens' terms up: exact, else corrected within the allowed edits.
    pub(crate) fn features(&self, tokens: &[Token]) -> Features {
        let mut sequence: Vec<Option<(u32, f32)>> = Vec::with_capacity(tokens.len());
        let mut unknown = 0usize;
        for token in tokens {
            let term = token_term(token);
            let found = match self.vocab.get(term) {
                Some(o) => Some((o, 1.0)),
                None if token.kind == TokenKind::Word => self
                    .vocab
                    .fuzzy(term)
                    .or_else(|| (token.text != token.stem).then(|| self.vocab.fuzzy(&token.text)).flatten())
                    .map(|(o, d)| (o, TYPO_WEIGHT[d.min(2)])),
                None => None,
            };
            if found.is_none() {
                unknown += 1;
            }
            sequence.push(found);
        }
        let mut terms: Vec<(u32, f32)> = sequence.iter().flatten().copied().collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
        terms.dedup_by_key(|t| t.0);
        let mut bigrams: Vec<(u32, f32)> = sequence
            .windows(2)
            .filter_map(|w| {
                let ((a, wa), (b, wb)) = (w[0]?, w[1]?);
                let key = (u64::from(a) << 32) | u64::from(b);
                let index = self.bigram_keys.binary_search(&key).ok()?;
                Some((index as u32, wa.min(wb)))
            })
            .collect();
        bigrams.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
        bigrams.dedup_by_key(|b| b.0);
        let sq: f32 = terms.iter().map(|&(t, w)| self.term_sq[t as usize] * w * w).sum::<f32>()
            + bigrams.iter().map(|&(b, w)| self.bigram_sq[b as usize] * w * w).sum::<f32>()
            + unknown as f32 * self.unknown_sq;
        Features { terms, bigrams, norm: sq.sqrt() }
    }

    /// The class probabilities (interactions, then the fallback) of the features.
    pub(crate) fn probabilities(&self, features: &Features) -> Vec<f32> {
        let c = self.classes;
        let mut sum = vec![0.0f32; c];
        for &(t, w) in &features.terms {
            add_row(&mut sum, &self.term_rows[t as usize * c..][..c], w);
        }
        for &(b, w) in &features.bigrams {
            add_row(&mut sum, &self.bigram_rows[b as usize * c..][..c], w);
        }
        let inv = if features.norm > 0.0 { 1.0 / features.norm } else { 0.0 };
        for (s, b) in sum.iter_mut().zip(&self.bias) {
            *s = *s * inv + b;
        }
        softmax(&mut sum, self.temperature);
        sum
    }
}

fn add_row(sum: &mut [f32], row: &[f32], weight: f32) {
    for (s, r) in sum.iter_mut().zip(row) {
        *s += weight * r;
    }
}

impl StoryModel {
    /// Scores an utterance against the candidates with the story's confidence threshold.
    pub fn classify(&self, text: &str, candidates: &Candidates<'_>) -> Classification {
        self.classify_with(text, candidates, self.confidence)
    }

    /// Scores an utterance against the candidates with a given confidence threshold.
    pub fn classify_with(&self, text: &str, candidates: &Candidates<'_>, threshold: f32) -> Classification {
        let tokens = self.analyzer.analyze(text);
        self.classify_tokens(&tokens, candidates, threshold)
    }

    pub(crate) fn classify_tokens(&self, tokens: &[Token], candidates: &Candidates<'_>, threshold: f32) -> Classification {
        if tokens.is_empty() {
            return Classification { best: None, ranking: Vec::new(), fallback: 1.0 };
        }
        let mut ranking: Vec<Match> = self
            .keywords
            .matches(tokens.iter().map(|t| t.text.as_str()))
            .into_iter()
            .map(|i| i as usize)
            .filter(|&i| candidates.contains(self, i))
            .map(|interaction| Match { interaction, score: 1.0, system: System::Keyword })
            .collect();
        let probabilities = self.classifier.probabilities(&self.classifier.features(tokens));
        let (scores, fallback) = self.candidate_scores(&probabilities, candidates);
        for (interaction, score) in scores {
            if !ranking.iter().any(|m| m.interaction == interaction) {
                ranking.push(Match { interaction, score, system: System::MachineLearning });
            }
        }
        ranking.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.interaction.cmp(&b.interaction)));
        let best = ranking
            .first()
            .filter(|m| m.system == System::Keyword || (m.score >= threshold && m.score > fallback))
            .copied();
        Classification { best, ranking, fallback }
    }

    /// Renormalizes the probabilities over the candidates and the fallback.
    pub(crate) fn candidate_scores(&self, probabilities: &[f32], candidates: &Candidates<'_>) -> (Vec<(usize, f32)>, f32) {
        let n = self.interactions.len();
        let fallback = probabilities[n];
        let scores: Vec<(usize, f32)> =
            (0..n).filter(|&i| candidates.contains(self, i)).map(|i| (i, probabilities[i])).collect();
        let total = scores.iter().map(|s| s.1).sum::<f32>() + fallback;
        if total <= 0.0 {
            return (scores.into_iter().map(|(i, _)| (i, 0.0)).collect(), 1.0);
        }
        (scores.into_iter().map(|(i, p)| (i, p / total)).collect(), fallback / total)
    }
}
