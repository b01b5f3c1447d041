//! Why the matcher scored an utterance as it did: for debugging a bot.

use std::fmt;

use super::score::{Candidates, Classification, Part, System};
use crate::index::StoryModel;

/// The top candidates for one utterance, with the contribution of each feature.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// The matcher's answer, as [`StoryModel::classify`] gives it (entities included).
    pub classification: Classification,
    /// The utterance's features as the matcher found them (`word:pizza`, `term:pizz`,
    /// `gram:<piz`, `bigram:want pizz`), each with its weight (below 1 for corrected typos).
    pub features: Vec<(String, f32)>,
    /// The temperature of the softmax.
    pub temperature: f32,
    /// The probability of the fallback.
    pub fallback: f32,
    /// The top candidates, best first (none when the utterance holds no evidence).
    pub candidates: Vec<ExplainedCandidate>,
    /// Whether the utterance holds evidence: a keyword, or a feature the model knows from a
    /// word, entity or n-gram that can say something on its own. Without any, the word
    /// vectors of unseen words are not enough and the fallback answers.
    pub evidence: bool,
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
    /// The feature: `word:pizza`, `bigram:want pizz`, `bias`, `keyword`, or
    /// `vectors:unseen words` (the word vectors of the words not seen in training; a word
    /// seen in training has its vector's part in its `word:` row).
    pub feature: String,
    /// Its part of the logit (before the temperature).
    pub weight: f32,
}

impl StoryModel {
    /// Explains the scores of the `top` best candidates for an utterance.
    pub fn explain(&self, text: &str, candidates: &Candidates<'_>, top: usize) -> Explanation {
        let tokens = self.analyzer.analyze(text);
        let entities = self.recognizer().recognize(text, &tokens);
        let mut classification = self.classify_units(&tokens, &entities, candidates, self.confidence);
        self.tag_learned(text, &tokens, &mut classification);
        let c = &self.classifier;
        let features = c.features(&crate::index::units(&tokens, &entities), self.language);
        let name = |part: &Part| -> (String, f32) {
            let key = |v: &crate::index::Vocabulary, o: u32| v.term(o).unwrap_or_else(|| format!("#{o}"));
            match *part {
                Part::Word(o, w) => (format!("word:{}", key(&c.words, o)), w),
                Part::Term(o, w) => (format!("term:{}", key(&c.terms, o)), w),
                Part::Gram(o, w) => (format!("gram:{}", key(&c.grams, o)), w),
                Part::Bigram(b, w) => {
                    let k = c.bigram_keys[b as usize];
                    let terms = &c.terms;
                    (
                        format!("bigram:{} {}", key(terms, (k >> 32) as u32), key(terms, k as u32)),
                        w,
                    )
                }
            }
        };
        let inv = c.feature_scale(&features);
        let part_weight = |part: &Part, class: usize| -> f32 {
            match *part {
                Part::Word(o, w) => c.word_rows.get(o as usize, class) * w,
                Part::Term(o, w) => c.term_rows.get(o as usize, class) * w,
                Part::Gram(o, w) => c.gram_rows.get(o as usize, class) * w,
                Part::Bigram(o, w) => c.bigram_rows.get(o as usize, class) * w,
            }
        };
        let explained = classification
            .ranking
            .iter()
            .take(top)
            .map(|m| {
                let i = m.interaction;
                let mut contributions = vec![Contribution {
                    feature: "bias".into(),
                    weight: c.bias[i],
                }];
                if m.system == System::Keyword {
                    contributions.push(Contribution {
                        feature: "keyword".into(),
                        weight: f32::INFINITY,
                    });
                }
                for part in &features.parts {
                    contributions.push(Contribution {
                        feature: name(part).0,
                        weight: part_weight(part, i) * inv,
                    });
                }
                if let Some(weight) = c.unseen_vectors_logit(&features, i) {
                    contributions.push(Contribution {
                        feature: "vectors:unseen words".into(),
                        weight,
                    });
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
        Explanation {
            evidence: features.evidence || classification.ranking.iter().any(|m| m.system == System::Keyword),
            features: features.parts.iter().map(name).collect(),
            temperature: c.temperature,
            fallback: classification.fallback,
            candidates: explained,
            classification,
        }
    }
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let features: Vec<String> = self
            .features
            .iter()
            .filter(|(n, _)| !n.starts_with("gram:"))
            .map(|(n, w)| {
                if *w < 1.0 {
                    format!("{n}×{w:.1}")
                } else {
                    n.clone()
                }
            })
            .collect();
        writeln!(f, "features: {}", features.join(" "))?;
        if !self.evidence {
            writeln!(
                f,
                "no evidence: no keyword, and no word, entity or n-gram the bot knows"
            )?;
        }
        writeln!(
            f,
            "fallback: {:.3} (temperature {:.3})",
            self.fallback, self.temperature
        )?;
        for c in &self.candidates {
            writeln!(f, "{:.3} {} ({:?})", c.score, c.interaction, c.system)?;
            for part in c.contributions.iter().take(8) {
                writeln!(f, "    {:+.3} {}", part.weight, part.feature)?;
            }
        }
        Ok(())
    }
}
