//! Why the matcher scored an utterance as it did: for debugging a bot.

use std::fmt;

use super::score::{Candidates, System};
use crate::index::StoryModel;

/// The top candidates for one utterance, with the contribution of each feature.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// The utterance's terms as the matcher saw them (`piza→pizza` for a corrected typo).
    pub terms: Vec<String>,
    /// The temperature of the softmax.
    pub temperature: f32,
    /// The probability of the fallback.
    pub fallback: f32,
    /// The top candidates, best first.
    pub candidates: Vec<ExplainedCandidate>,
}

/// One candidate of an [`Explanation`].
#[derive(Debug, Clone, PartialEq)]
pub struct ExplainedCandidate {
    /// The interaction's id.
    pub interaction: String,
    /// Its score.
    pub score: f32,
    /// The system that scored it.
    pub system: System,
    /// The logit's parts: bias, then each feature's weight, largest first.
    pub contributions: Vec<Contribution>,
}

/// A feature's part of a candidate's logit.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    /// The feature: `term:pizza`, `bigram:want pizza`, `bias`, `keyword`.
    pub feature: String,
    /// Its weight in the logit (before the temperature).
    pub weight: f32,
}

impl StoryModel {
    /// Explains the scores of the `top` best candidates for an utterance.
    pub fn explain(&self, text: &str, candidates: &Candidates<'_>, top: usize) -> Explanation {
        let tokens = self.analyzer.analyze(text);
        let classification = self.classify_tokens(&tokens, candidates, self.confidence);
        let c = &self.classifier;
        let features = c.features(&tokens);
        let term_name = |o: u32| c.vocab.term(o).unwrap_or_else(|| format!("#{o}"));
        let terms = tokens
            .iter()
            .map(|t| {
                let term = crate::index::token_term(t);
                match c.vocab.get(term) {
                    Some(_) => term.to_string(),
                    None => match c.vocab.fuzzy(term) {
                        Some((o, _)) => format!("{term}→{}", term_name(o)),
                        None => format!("{term}?"),
                    },
                }
            })
            .collect();
        let inv = if features.norm > 0.0 { 1.0 / features.norm } else { 0.0 };
        let k = c.classes;
        let candidates = classification
            .ranking
            .iter()
            .take(top)
            .map(|m| {
                let i = m.interaction;
                let mut contributions = vec![Contribution { feature: "bias".into(), weight: c.bias[i] }];
                if m.system == System::Keyword {
                    contributions.push(Contribution { feature: "keyword".into(), weight: f32::INFINITY });
                }
                for &(t, w) in &features.terms {
                    let weight = c.term_rows[t as usize * k + i] * w * inv;
                    contributions.push(Contribution { feature: format!("term:{}", term_name(t)), weight });
                }
                for &(b, w) in &features.bigrams {
                    let key = c.bigram_keys[b as usize];
                    let name = format!("bigram:{} {}", term_name((key >> 32) as u32), term_name(key as u32));
                    contributions.push(Contribution { feature: name, weight: c.bigram_rows[b as usize * k + i] * w * inv });
                }
                contributions[1..].sort_by(|a, b| b.weight.abs().total_cmp(&a.weight.abs()));
                ExplainedCandidate {
                    interaction: self.interactions[i].id.clone(),
                    score: m.score,
                    system: m.system,
                    contributions,
                }
            })
            .collect();
        Explanation { terms, temperature: c.temperature, fallback: classification.fallback, candidates }
    }
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "terms: {}", self.terms.join(" "))?;
        writeln!(f, "fallback: {:.3} (temperature {:.3})", self.fallback, self.temperature)?;
        for c in &self.candidates {
            writeln!(f, "{:.3} {} ({:?})", c.score, c.interaction, c.system)?;
            for part in &c.contributions {
                writeln!(f, "    {:+.3} {}", part.weight, part.feature)?;
            }
        }
        Ok(())
    }
}
