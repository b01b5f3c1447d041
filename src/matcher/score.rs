//! The query path: features, scores, arbitration.

use crate::Language;
use crate::analysis::{Token, TokenKind, shorthand};
use crate::embed::WordVectors;
use crate::entity::EntityMatch;
use crate::index::{
    Classifier, StoryModel, Unit, bigram_key, entity_term, for_each_gram, lexical_scale, softmax,
    token_parts, units,
};

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

/// The share of the probability the candidates must hold together before renormalizing
/// over them can make one a match; what they lack counts for the fallback.
pub const MIN_CANDIDATE_MASS: f32 = 0.25;

/// How many candidates a [`Classification`] ranks.
pub const RANKING_LEN: usize = 10;

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
    /// The best candidates (at most [`RANKING_LEN`]), best first: keyword matches, then by
    /// score.
    pub ranking: Vec<Match>,
    /// The probability that the utterance is out of scope.
    pub fallback: f32,
    /// The entities of the story's placeholders that the utterance holds, in order. Dates
    /// and times are recognized for their type only, against
    /// [`Reference::EPOCH`](crate::entity::Reference::EPOCH): their values are not the
    /// user's (a dialog turn reads them again at its [`TurnOptions::reference`](crate::dialog::TurnOptions::reference)).
    pub entities: Vec<EntityMatch>,
}

/// One feature of an utterance, looked up in the model's tables, with its weight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Part {
    /// A word seen in training (its folded row).
    Word(u32, f32),
    /// The term of a word not seen in training.
    Term(u32, f32),
    /// A character n-gram of a word not seen in training.
    Gram(u32, f32),
    /// A bigram of terms.
    Bigram(u32, f32),
}

/// The features of an utterance, looked up in the model's tables.
#[derive(Debug, Default)]
pub(crate) struct Features {
    pub parts: Vec<Part>,
    /// The norm of the feature vector (unknown features count in it).
    pub norm: f32,
    /// The summed piece vectors of the words not seen in training, where the classifier
    /// has word vectors (else empty).
    pub unknown_vector: Vec<f32>,
    /// Whether any feature the model knows comes from a unit that can say something on its
    /// own (see [`says_something`]): without one, the vectors of unseen words and the
    /// biases are all there is, and the utterance falls back.
    pub evidence: bool,
}

/// Whether a token's surface can carry evidence on its own: anything longer than one
/// character, a lone digit (a number) or a lone letter of an uncased script (an ideograph
/// is a word); not a lone letter of a cased script or a lone symbol, which is what a slipped
/// key or an arrow key's escape sequence (`^[[A`) leaves.
pub(crate) fn says_something(surface: &str) -> bool {
    let mut chars = surface.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => c.is_numeric() || (c.is_alphabetic() && !c.is_lowercase() && !c.is_uppercase()),
        (Some(_), Some(_)) => true,
        (None, _) => false,
    }
}

/// How much a word corrected by one (two) edits counts, relative to an exact one.
const TYPO_WEIGHT: [f32; 3] = [1.0, 0.8, 0.6];

impl Classifier {
    /// Looks the units up: entities by their term; known words by their folded row; chat
    /// shorthand of the story's `language` read as its long form when that is known; typos
    /// corrected to a known word within the allowed edits; other words by their term and
    /// character n-grams.
    pub(crate) fn features(&self, units: &[Unit<'_>], language: Language) -> Features {
        let mut parts = Vec::with_capacity(units.len() * 2);
        let mut sq = 0.0f32;
        let mut previous: Option<(u32, f32)> = None;
        let vectors = self.word_vectors(language);
        let mut unknown_vector = Vec::new();
        let mut evidence = false;
        for unit in units {
            let known_before = parts.len();
            let token = match unit {
                Unit::Token(token) => token,
                Unit::Entity(name) => {
                    let term = self.terms.get(&entity_term(name));
                    match term {
                        Some(t) => {
                            parts.push(Part::Term(t, 1.0));
                            sq += self.term_sq[t as usize];
                        }
                        None => sq += self.unknown_sq,
                    }
                    let term = term.map(|t| (t, 1.0));
                    self.bigram(previous, term, &mut parts, &mut sq);
                    previous = term;
                    evidence |= parts.len() > known_before;
                    continue;
                }
            };
            let (surface, term, grams) = token_parts(token);
            let word = self.words.get(surface).map(|w| (w, 1.0)).or_else(|| {
                if token.kind != TokenKind::Word {
                    return None;
                }
                // Chat shorthand first (`u`, `wen`): typo correction cannot reach it.
                let long = shorthand(language, surface).and_then(|long| self.words.get(long));
                long.map(|w| (w, 1.0)).or_else(|| {
                    // A word the vectors know whole is no typo: its vector says what it
                    // means, where a correction would make it another word.
                    if vectors.is_some_and(|v| v.knows(surface)) {
                        return None;
                    }
                    self.words.fuzzy(surface).map(|(w, d)| (w, TYPO_WEIGHT[d.min(2)]))
                })
            });
            let term = match word {
                Some((w, weight)) => {
                    parts.push(Part::Word(w, weight));
                    sq += self.word_sq[w as usize] * weight * weight;
                    Some((self.word_term[w as usize], weight))
                }
                None => {
                    let term = self.terms.get(term);
                    match term {
                        Some(t) => {
                            parts.push(Part::Term(t, 1.0));
                            sq += self.term_sq[t as usize];
                        }
                        None => sq += self.unknown_sq,
                    }
                    if grams {
                        for_each_gram(surface, |g| match self.grams.get(g) {
                            Some(o) => {
                                parts.push(Part::Gram(o, 1.0));
                                sq += self.gram_sq[o as usize];
                            }
                            None => sq += self.unknown_sq,
                        });
                    }
                    // A word seen in training (or corrected to one) has its vector's part in
                    // its row; the others bring theirs.
                    if let Some(v) = vectors {
                        if unknown_vector.is_empty() {
                            unknown_vector = vec![0.0; v.dims()];
                        }
                        v.add_word(surface, &mut unknown_vector);
                    }
                    term.map(|t| (t, 1.0))
                }
            };
            self.bigram(previous, term, &mut parts, &mut sq);
            previous = term;
            evidence |= parts.len() > known_before && says_something(surface);
        }
        Features {
            parts,
            norm: sq.sqrt(),
            unknown_vector,
            evidence,
        }
    }

    /// The word vectors the classifier was trained with, if any.
    fn word_vectors(&self, language: Language) -> Option<&'static WordVectors> {
        let rows = self.vectors.as_ref()?;
        // Model::from_bytes refuses a model of other vectors; one compiled here cannot have them.
        WordVectors::for_language(language).filter(|v| v.fingerprint() == rows.fingerprint)
    }

    /// Adds the bigram of two consecutive terms, if the model knows it.
    fn bigram(
        &self,
        previous: Option<(u32, f32)>,
        term: Option<(u32, f32)>,
        parts: &mut Vec<Part>,
        sq: &mut f32,
    ) {
        if let (Some((a, wa)), Some((b, wb))) = (previous, term) {
            if let Ok(index) = self.bigram_keys.binary_search(&bigram_key(a, b)) {
                let weight = wa.min(wb);
                parts.push(Part::Bigram(index as u32, weight));
                *sq += self.bigram_sq[index] * weight * weight;
            }
        }
    }

    /// What the rows' sum is multiplied by: the features' vector has unit length (and is
    /// scaled down beside the vectors' part, where there is one).
    pub(crate) fn feature_scale(&self, features: &Features) -> f32 {
        if features.norm > 0.0 {
            lexical_scale(self.vectors.is_some()) / features.norm
        } else {
            0.0
        }
    }

    /// The part of one class's logit that the vectors of the words not seen in training
    /// make, if there are such words (the others' vectors are in their rows).
    pub(crate) fn unseen_vectors_logit(&self, features: &Features, class: usize) -> Option<f32> {
        let rows = self.vectors.as_ref()?;
        if features.unknown_vector.is_empty() {
            return None;
        }
        let mut sum = vec![0.0; self.classes];
        rows.add_product(
            &features.unknown_vector,
            rows.scale * self.feature_scale(features),
            &mut sum,
        );
        Some(sum[class])
    }

    /// The logits (before the temperature) of the features.
    pub(crate) fn logits(&self, features: &Features) -> Vec<f32> {
        let c = self.classes;
        let mut sum = vec![0.0f32; c];
        for part in &features.parts {
            match *part {
                Part::Word(w, weight) => self.word_rows.add_to(w as usize, weight, &mut sum),
                Part::Term(t, weight) => self.term_rows.add_to(t as usize, weight, &mut sum),
                Part::Gram(g, weight) => self.gram_rows.add_to(g as usize, weight, &mut sum),
                Part::Bigram(b, weight) => self.bigram_rows.add_to(b as usize, weight, &mut sum),
            }
        }
        let inv = self.feature_scale(features);
        for (s, b) in sum.iter_mut().zip(&self.bias) {
            *s = *s * inv + b;
        }
        // The vectors of the words seen in training are in their folded rows already.
        if let Some(rows) = self
            .vectors
            .as_ref()
            .filter(|_| !features.unknown_vector.is_empty())
        {
            rows.add_product(&features.unknown_vector, rows.scale * inv, &mut sum);
        }
        sum
    }

    /// The class probabilities (interactions, then the fallback) of the features.
    pub(crate) fn probabilities(&self, features: &Features) -> Vec<f32> {
        let mut logits = self.logits(features);
        softmax(&mut logits, self.temperature);
        logits
    }
}

impl StoryModel {
    /// Scores an utterance against the candidates with the story's confidence threshold.
    pub fn classify(&self, text: &str, candidates: &Candidates<'_>) -> Classification {
        self.classify_with(text, candidates, self.confidence)
    }

    /// Scores an utterance against the candidates with a given confidence threshold.
    pub fn classify_with(&self, text: &str, candidates: &Candidates<'_>, threshold: f32) -> Classification {
        let words = &self.classifier.words;
        // The classifier needs the stems of the words it does not know only; a tagger reads
        // every stem, as it did in training.
        let learns = self.tagger.is_some();
        let tokens = self
            .analyzer
            .analyze_with(text, |w| learns || words.get(w).is_none());
        let entities = self.recognizer().recognize(text, &tokens);
        let mut classification = self.classify_units(&tokens, &entities, candidates, threshold);
        self.tag_learned(text, &tokens, &mut classification);
        classification
    }

    /// Runs the story's tagger for the extensible entities of the winning interaction: its
    /// spans replace what the value lists found of those entities where they overlap (the
    /// lists' matches are among the tagger's features); listed values it did not tag stay.
    pub(super) fn tag_learned(&self, text: &str, tokens: &[Token], classification: &mut Classification) {
        let (Some(tagger), Some(best)) = (&self.tagger, classification.best) else {
            return;
        };
        let learned = &self.interactions[best.interaction].learned;
        if learned.is_empty() {
            return;
        }
        let allowed: Vec<&str> = learned.iter().map(String::as_str).collect();
        let known = self.gazetteer(text, tokens);
        let mut found = tagger.tag(text, tokens, &known, Some(&allowed));
        // A span that is a listed value (or a synonym of one) answers the canonical value.
        for m in &mut found {
            if let Some(k) = known.iter().find(|k| k.entity == m.entity && k.span == m.span) {
                m.value = k.value.clone();
                m.score = m.score.max(k.score);
            }
        }
        // A listed value the tagger did not tag stays (a known value is known); where they
        // overlap, the tagger's span wins.
        let entities = &mut classification.entities;
        entities.retain(|m| {
            !learned.contains(&m.entity)
                || !found
                    .iter()
                    .any(|f| f.span.char_start < m.span.char_end && m.span.char_start < f.span.char_end)
        });
        entities.extend(found);
        entities.sort_by_key(|m| (m.span.char_start, m.span.char_end));
    }

    pub(crate) fn classify_units(
        &self,
        tokens: &[Token],
        entities: &[EntityMatch],
        candidates: &Candidates<'_>,
        threshold: f32,
    ) -> Classification {
        let features = self.classifier.features(&units(tokens, entities), self.language);
        let keywords = self.keywords.matches(tokens.iter().map(|t| t.text.as_str()));
        // Nothing the bot knows was said: the vectors of unseen words alone would turn
        // keyboard mash into a confident guess (see `Features::evidence`).
        if !features.evidence && !keywords.iter().any(|&i| candidates.contains(self, i as usize)) {
            return Classification {
                best: None,
                ranking: Vec::new(),
                fallback: 1.0,
                entities: entities.to_vec(),
            };
        }
        let mut ranking: Vec<Match> = keywords
            .into_iter()
            .map(|i| i as usize)
            .filter(|&i| candidates.contains(self, i))
            .map(|interaction| Match {
                interaction,
                score: 1.0,
                system: System::Keyword,
            })
            .collect();
        let (scores, fallback) = if self.classifier.is_sparse() {
            self.sparse_candidate_scores(&features, candidates)
        } else {
            self.candidate_scores(&self.classifier.probabilities(&features), candidates)
        };
        let keyword_matches = ranking.len();
        // Only the best can be ranked: select them before building matches.
        let mut scores = scores;
        let keep = RANKING_LEN + keyword_matches;
        if scores.len() > keep {
            scores.select_nth_unstable_by(keep - 1, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            scores.truncate(keep);
        }
        for (interaction, score) in scores {
            if !ranking[..keyword_matches]
                .iter()
                .any(|m| m.interaction == interaction)
            {
                ranking.push(Match {
                    interaction,
                    score,
                    system: System::MachineLearning,
                });
            }
        }
        // Keyword matches first, then by score; ties by ordinal, so answers are stable.
        let order = |a: &Match, b: &Match| {
            (b.system == System::Keyword)
                .cmp(&(a.system == System::Keyword))
                .then(b.score.total_cmp(&a.score))
                .then(a.interaction.cmp(&b.interaction))
        };
        if ranking.len() > RANKING_LEN {
            ranking.select_nth_unstable_by(RANKING_LEN - 1, order);
            ranking.truncate(RANKING_LEN);
        }
        ranking.sort_by(order);
        let best = ranking
            .first()
            .filter(|m| m.system == System::Keyword || (m.score >= threshold && m.score > fallback))
            .copied();
        Classification {
            best,
            ranking,
            fallback,
            entities: entities.to_vec(),
        }
    }

    /// Renormalizes the probabilities over the candidates and the fallback. When the
    /// candidates together hold less than [`MIN_CANDIDATE_MASS`] of the probability, the
    /// shortfall counts for the fallback: an utterance the model places elsewhere, or cannot
    /// place at all (its probability spread thin), does not become a confident match just
    /// because few interactions are candidates.
    pub(crate) fn candidate_scores(
        &self,
        probabilities: &[f32],
        candidates: &Candidates<'_>,
    ) -> (Vec<(usize, f32)>, f32) {
        let n = self.interactions.len();
        let scores: Vec<(usize, f32)> = (0..n)
            .filter(|&i| candidates.contains(self, i))
            .map(|i| (i, probabilities[i]))
            .collect();
        let mass = scores.iter().map(|s| s.1).sum::<f32>();
        let fallback = probabilities[n] + (MIN_CANDIDATE_MASS - mass).max(0.0);
        let total = mass + fallback;
        if total <= 0.0 {
            return (scores.into_iter().map(|(i, _)| (i, 0.0)).collect(), 1.0);
        }
        (
            scores.into_iter().map(|(i, p)| (i, p / total)).collect(),
            fallback / total,
        )
    }
}
