//! Accuracy of a model on labelled data.
//!
//! The public intent data sets are JSON Lines of `{"text", "intent", "entities"?}`. An
//! [`eval bot`](bot_from_examples) reads them as a bot with one story and one root interaction
//! per intent; the label [`OUT_OF_SCOPE`] (`oos`) in training data becomes the fallback's
//! examples, and in test data expects the fallback. [`Report::new`] then scores the
//! predictions.
//!
//! ```
//! use intently::eval::{Labelled, Report, bot_from_examples};
//! use intently::{Candidates, Language, Model};
//!
//! let train: Vec<Labelled> = [
//!     ("when do you open", "hours"), ("what are your opening hours", "hours"),
//!     ("are you open on sunday", "hours"), ("show me the menu", "menu"),
//!     ("what is on the menu", "menu"), ("what food do you serve", "menu"),
//!     ("tell me a joke", "oos"),
//! ].iter().map(|(t, i)| Labelled::new(*t, *i)).collect();
//! let model = Model::compile(&bot_from_examples(&train, Language::English))?;
//! let story = &model.stories()[0];
//!
//! let test = [("when are you open", "hours"), ("what's on the menu", "menu")];
//! let predictions: Vec<(String, String)> = test.iter().map(|(text, gold)| {
//!     let c = story.classify(text, &Candidates::Roots);
//!     let predicted = c.best.map(|m| story.interactions()[m.interaction].id.clone());
//!     (gold.to_string(), predicted.unwrap_or_else(|| "oos".to_string()))
//! }).collect();
//! let report = Report::new(&predictions);
//! assert_eq!(report.accuracy, 1.0);
//! # Ok::<(), intently::Error>(())
//! ```

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::Language;
use crate::story::{Bot, Entity, Fallback, Interaction, Parameter, Story, StorySettings};

mod calibration;
mod entities;

pub use calibration::{BINS, Bin, Calibration};
pub use entities::{EntityReport, TypedSpan, trimmed};

/// The label of out-of-scope lines: the fallback should answer them.
pub const OUT_OF_SCOPE: &str = "oos";

/// One labelled line of a data set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Labelled {
    /// The utterance.
    pub text: String,
    /// The intent (interaction id), or `oos`.
    pub intent: String,
    /// Annotated entity spans, if the data set has them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entities: Vec<EntitySpan>,
}

impl Labelled {
    /// A line without entity annotations.
    pub fn new(text: impl Into<String>, intent: impl Into<String>) -> Labelled {
        Labelled {
            text: text.into(),
            intent: intent.into(),
            entities: Vec::new(),
        }
    }
}

/// An annotated entity: its type, value and character span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntitySpan {
    /// The entity type.
    pub entity: String,
    /// The text of the value.
    #[serde(default)]
    pub value: String,
    /// Character offset of the start.
    pub start: usize,
    /// Character offset just past the end.
    pub end: usize,
}

/// A fault in a JSON Lines data set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct DataError {
    /// The 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Reads JSON Lines of `{"text", "intent", "entities"?}`; blank lines are skipped.
pub fn read_jsonl(text: &str) -> Result<Vec<Labelled>, DataError> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| {
                // serde's message ends with " at line 1 column C" (of this one line); say column.
                let full = e.to_string();
                let message = full.rfind(" at line ").map_or(full.as_str(), |at| &full[..at]);
                DataError {
                    line: i + 1,
                    message: format!("column {}: {message}", e.column()),
                }
            })
        })
        .collect()
}

/// Builds the bot of a data set: one story `eval`, one root interaction per intent (in order
/// of first appearance), `oos` lines as the fallback's examples.
///
/// Annotated entity spans become annotated placeholders (`{{playlist=Chill Hits}}`) of an
/// [extensible](Entity::extensible) entity per type, each a parameter of its interaction
/// named like the type, so the model learns to find values of every type.
pub fn bot_from_examples(train: &[Labelled], language: Language) -> Bot {
    let mut types: BTreeSet<String> = BTreeSet::new();
    let mut interactions: Vec<Interaction> = Vec::new();
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    let mut fallback = Fallback::default();
    for line in train {
        if line.intent == OUT_OF_SCOPE {
            fallback.user_says.push(line.text.clone());
            continue;
        }
        let i = *index.entry(&line.intent).or_insert_with(|| {
            interactions.push(Interaction {
                id: line.intent.clone(),
                name: line.intent.clone(),
                action: None,
                root: true,
                user_says: Vec::new(),
                keywords: Vec::new(),
                triggers: Vec::new(),
                parameters: Vec::new(),
                responses: Vec::new(),
                webhook: None,
                context_out: Vec::new(),
                references: Vec::new(),
                fallback: None,
            });
            interactions.len() - 1
        });
        let (phrase, annotated) = entities::annotate(&line.text, &line.entities);
        let interaction = &mut interactions[i];
        interaction.user_says.push(phrase);
        for entity in annotated {
            if !interaction.parameters.iter().any(|p| p.alias == entity) {
                interaction.parameters.push(Parameter {
                    entity: entity.clone(),
                    alias: entity.clone(),
                    required: false,
                    prompts: Vec::new(),
                    retry: Vec::new(),
                    max_retries: None,
                    give_up_goto: None,
                    digressions: true,
                });
            }
            types.insert(entity);
        }
    }
    Bot {
        stories: vec![Story {
            id: "eval".into(),
            name: "eval".into(),
            default: false,
            settings: StorySettings {
                language,
                ..StorySettings::default()
            },
            welcome: Default::default(),
            fallback,
            interactions,
        }],
        entities: types
            .into_iter()
            .map(|name| Entity {
                id: name.clone(),
                name,
                entries: Vec::new(),
                extensible: true,
            })
            .collect(),
        webhooks: Vec::new(),
    }
}

/// Precision, recall and F1 of one label.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LabelScores {
    /// Right predictions of the label over all predictions of it.
    pub precision: f64,
    /// Right predictions of the label over all lines with it.
    pub recall: f64,
    /// The harmonic mean of precision and recall.
    pub f1: f64,
    /// How many test lines have the label.
    pub support: usize,
}

/// The scores of a set of predictions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// How many lines were scored.
    pub n: usize,
    /// Share of lines predicted right.
    pub accuracy: f64,
    /// Mean F1 over the labels of the test lines (`oos` included when present).
    pub macro_f1: f64,
    /// Per-label scores.
    pub per_label: BTreeMap<String, LabelScores>,
    /// The most frequent mistakes: `(expected, predicted, count)`, most frequent first.
    pub confusions: Vec<(String, String, usize)>,
    /// Accuracy over the lines that are not `oos` (a fallback counts as wrong); `None`
    /// without `oos` lines.
    pub in_scope_accuracy: Option<f64>,
    /// Share of `oos` lines that fell back.
    pub oos_recall: Option<f64>,
    /// Share of fallbacks that were `oos` lines.
    pub oos_precision: Option<f64>,
}

impl Report {
    /// Scores `(expected, predicted)` label pairs; a fallback is predicted as `oos`.
    pub fn new(pairs: &[(String, String)]) -> Report {
        let n = pairs.len();
        let right = pairs.iter().filter(|(e, p)| e == p).count();
        let labels: BTreeSet<&str> = pairs.iter().map(|(e, _)| e.as_str()).collect();
        let mut per_label = BTreeMap::new();
        for &label in &labels {
            let tp = pairs.iter().filter(|(e, p)| e == label && p == label).count();
            let predicted = pairs.iter().filter(|(_, p)| p == label).count();
            let support = pairs.iter().filter(|(e, _)| e == label).count();
            let precision = ratio(tp, predicted);
            let recall = ratio(tp, support);
            let f1 = if precision + recall > 0.0 {
                2.0 * precision * recall / (precision + recall)
            } else {
                0.0
            };
            per_label.insert(
                label.to_string(),
                LabelScores {
                    precision,
                    recall,
                    f1,
                    support,
                },
            );
        }
        let macro_f1 = if per_label.is_empty() {
            0.0
        } else {
            per_label.values().map(|s| s.f1).sum::<f64>() / per_label.len() as f64
        };
        let mut confusion_counts: BTreeMap<(&str, &str), usize> = BTreeMap::new();
        for (e, p) in pairs.iter().filter(|(e, p)| e != p) {
            *confusion_counts.entry((e, p)).or_default() += 1;
        }
        let mut confusions: Vec<(String, String, usize)> = confusion_counts
            .into_iter()
            .map(|((e, p), c)| (e.to_string(), p.to_string(), c))
            .collect();
        confusions.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| (&a.0, &a.1).cmp(&(&b.0, &b.1))));
        confusions.truncate(20);
        let has_oos = labels.contains(OUT_OF_SCOPE);
        let in_scope: Vec<_> = pairs.iter().filter(|(e, _)| e != OUT_OF_SCOPE).collect();
        let oos = per_label.get(OUT_OF_SCOPE);
        Report {
            n,
            accuracy: ratio(right, n),
            macro_f1,
            per_label: per_label.clone(),
            confusions,
            in_scope_accuracy: has_oos
                .then(|| ratio(in_scope.iter().filter(|(e, p)| e == p).count(), in_scope.len())),
            oos_recall: oos.map(|s| s.recall),
            oos_precision: oos.map(|s| s.precision),
        }
    }
}

pub(crate) fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(e, p)| (e.to_string(), p.to_string())).collect()
    }

    #[test]
    fn metrics_by_hand() {
        let report = Report::new(&pairs(&[
            ("a", "a"),
            ("a", "b"),
            ("b", "b"),
            ("oos", "oos"),
            ("oos", "a"),
            ("b", "oos"),
        ]));
        assert_eq!(report.n, 6);
        assert!((report.accuracy - 0.5).abs() < 1e-9);
        // a: tp 1, predicted 2, support 2 → p .5 r .5; b: tp 1, predicted 2, support 2; oos: 1/2, 1/2.
        assert!((report.per_label["a"].f1 - 0.5).abs() < 1e-9);
        assert!((report.macro_f1 - 0.5).abs() < 1e-9);
        assert_eq!(report.in_scope_accuracy, Some(0.5));
        assert_eq!(report.oos_recall, Some(0.5));
        assert_eq!(report.oos_precision, Some(0.5));
        assert_eq!(report.confusions.len(), 3);
    }

    #[test]
    fn without_oos_the_oos_figures_are_none() {
        let report = Report::new(&pairs(&[("a", "a"), ("b", "oos")]));
        assert_eq!(report.in_scope_accuracy, None);
        assert_eq!(report.oos_recall, None);
        assert_eq!(report.per_label.len(), 2);
    }

    #[test]
    fn jsonl_errors_name_the_line() {
        let text = "{\"text\": \"hi\", \"intent\": \"greet\"}\n\n{\"text\": 3}\n";
        let err = read_jsonl(text).unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.to_string().starts_with("line 3: column "), "{err}");
        assert!(!err.to_string().contains("line 1"), "{err}");
    }

    #[test]
    fn eval_bot_is_valid_and_puts_oos_in_the_fallback() {
        let train = vec![
            Labelled::new("hi {{x}}", "greet"),
            Labelled::new("bye", "leave"),
            Labelled::new("meh", "oos"),
        ];
        let bot = bot_from_examples(&train, Language::English);
        assert!(bot.validate().is_ok());
        assert_eq!(bot.stories[0].interactions.len(), 2);
        assert_eq!(bot.stories[0].fallback.user_says, vec!["meh".to_string()]);
    }
}
