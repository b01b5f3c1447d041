//! From a validated bot to a [`Model`]: vocabulary, features, training, calibration.

use std::collections::{BTreeMap, BTreeSet};

use super::features::phrase_terms;
use super::train::{self, Example, Params, Weights};
use super::{Classifier, InteractionInfo, Keywords, Model, StoryModel, Vocabulary};
use crate::analysis::Analyzer;
use crate::story::{Bot, Story};

/// Folds used to fit the temperature on held-out predictions.
const CALIBRATION_FOLDS: usize = 3;
/// Below this many examples a story keeps temperature 1 (too few to hold any out).
const CALIBRATION_MIN_EXAMPLES: usize = 30;

pub(super) fn compile(bot: &Bot) -> Model {
    let stories: Vec<StoryModel> = bot.stories.iter().map(compile_story).collect();
    let default_story = bot.stories.iter().position(|s| s.default).unwrap_or(0);
    Model { stories, default_story }
}

fn compile_story(story: &Story) -> StoryModel {
    let analyzer = Analyzer::new(story.settings.language);
    let ordinal = |id: &String| story.interactions.iter().position(|i| &i.id == id).map(|o| o as u32);
    let interactions: Vec<InteractionInfo> = story
        .interactions
        .iter()
        .map(|i| InteractionInfo {
            id: i.id.clone(),
            name: i.name.clone(),
            action: i.action.clone(),
            root: i.root,
            children: i.context_out.iter().filter_map(ordinal).collect(),
            references: i.references.iter().filter_map(ordinal).collect(),
        })
        .collect();
    let mut triggers: Vec<(String, u32)> = story
        .interactions
        .iter()
        .enumerate()
        .flat_map(|(o, i)| i.triggers.iter().map(move |t| (t.trim().to_string(), o as u32)))
        .collect();
    triggers.sort();
    triggers.dedup_by(|a, b| a.0 == b.0);
    let keywords: Vec<(u32, Vec<String>)> = story
        .interactions
        .iter()
        .enumerate()
        .flat_map(|(o, i)| {
            let analyzer = &analyzer;
            i.keywords.iter().map(move |k| (o as u32, analyzer.analyze(k).into_iter().map(|t| t.text).collect()))
        })
        .collect();

    // Class n is the fallback: the story's negative examples.
    let n = story.interactions.len();
    let mut phrases: Vec<(Vec<String>, u32)> = Vec::new();
    for (o, interaction) in story.interactions.iter().enumerate() {
        for phrase in &interaction.user_says {
            phrases.push((phrase_terms(&analyzer, phrase), o as u32));
        }
    }
    for phrase in &story.fallback.user_says {
        phrases.push((phrase_terms(&analyzer, phrase), n as u32));
    }
    let classifier = train_classifier(&phrases, n + 1);

    StoryModel {
        id: story.id.clone(),
        name: story.name.clone(),
        language: story.settings.language,
        confidence: story.settings.confidence as f32,
        lifespan: story.settings.lifespan,
        interactions,
        triggers,
        keywords: Keywords::build(&keywords),
        classifier,
        analyzer,
    }
}

/// The smoothed inverse document frequency of a feature held by `df` of `n` examples.
fn idf(df: u32, n: usize) -> f32 {
    ((n as f32 + 1.0) / (df as f32 + 1.0)).ln() + 1.0
}

fn train_classifier(phrases: &[(Vec<String>, u32)], classes: usize) -> Classifier {
    let n = phrases.len();
    let mut term_df: BTreeMap<String, u32> = BTreeMap::new();
    for (terms, _) in phrases {
        for term in terms.iter().collect::<BTreeSet<_>>() {
            *term_df.entry(term.clone()).or_default() += 1;
        }
    }
    let vocab = Vocabulary::build(&term_df);
    let sequences: Vec<Vec<u32>> = phrases
        .iter()
        .map(|(terms, _)| terms.iter().filter_map(|t| vocab.get(t)).collect())
        .collect();
    let mut bigram_df: BTreeMap<u64, u32> = BTreeMap::new();
    for sequence in &sequences {
        for key in sequence.windows(2).map(|w| bigram_key(w[0], w[1])).collect::<BTreeSet<_>>() {
            *bigram_df.entry(key).or_default() += 1;
        }
    }
    let terms = vocab.len();
    let bigram_keys: Vec<u64> = bigram_df.keys().copied().collect();
    let term_idf: Vec<f32> = vocab.df.iter().map(|&df| idf(df, n)).collect();
    let bigram_idf: Vec<f32> = bigram_df.values().map(|&df| idf(df, n)).collect();

    let examples: Vec<Example> = sequences
        .iter()
        .zip(phrases)
        .map(|(sequence, (_, class))| {
            let mut features: Vec<(u32, f32)> = sequence.iter().map(|&t| (t, term_idf[t as usize])).collect();
            for w in sequence.windows(2) {
                if let Ok(b) = bigram_keys.binary_search(&bigram_key(w[0], w[1])) {
                    features.push(((terms + b) as u32, bigram_idf[b]));
                }
            }
            features.sort_unstable_by_key(|f| f.0);
            features.dedup_by_key(|f| f.0);
            let norm = features.iter().map(|f| f.1 * f.1).sum::<f32>().sqrt().max(1e-6);
            for f in &mut features {
                f.1 /= norm;
            }
            Example { features, class: *class }
        })
        .collect();
    let n_features = terms + bigram_keys.len();
    let params = Params::default();
    let weights = train::train(&examples, n_features, classes, params);
    let temperature = calibrate(&examples, n_features, classes, params);

    let scaled_rows = |range: std::ops::Range<usize>, idfs: &[f32]| -> Vec<f32> {
        let mut rows = Vec::with_capacity(range.len() * classes);
        for (f, idf) in range.zip(idfs) {
            rows.extend(weights.weights[f * classes..(f + 1) * classes].iter().map(|w| w * idf));
        }
        rows
    };
    let max_idf = idf(0, n);
    Classifier {
        classes,
        term_rows: scaled_rows(0..terms, &term_idf),
        term_sq: term_idf.iter().map(|i| i * i).collect(),
        bigram_rows: scaled_rows(terms..n_features, &bigram_idf),
        bigram_sq: bigram_idf.iter().map(|i| i * i).collect(),
        bigram_keys,
        unknown_sq: max_idf * max_idf,
        bias: weights.bias,
        temperature,
        vocab,
    }
}

pub(crate) fn bigram_key(first: u32, second: u32) -> u64 {
    (u64::from(first) << 32) | u64::from(second)
}

/// Fits the softmax temperature on predictions for examples held out of training.
fn calibrate(examples: &[Example], n_features: usize, classes: usize, params: Params) -> f32 {
    if examples.len() < CALIBRATION_MIN_EXAMPLES {
        return 1.0;
    }
    let mut order: Vec<usize> = (0..examples.len()).collect();
    train::Rng::new(0xCA11_B4A7).shuffle(&mut order);
    let mut held_out = Vec::with_capacity(examples.len());
    for fold in 0..CALIBRATION_FOLDS {
        let (test, rest): (Vec<(usize, usize)>, Vec<(usize, usize)>) =
            order.iter().copied().enumerate().partition(|(position, _)| position % CALIBRATION_FOLDS == fold);
        let test: Vec<usize> = test.into_iter().map(|(_, i)| i).collect();
        let rest: Vec<usize> = rest.into_iter().map(|(_, i)| i).collect();
        let train_set: Vec<Example> = rest.iter().map(|&i| examples[i].clone()).collect();
        let weights: Weights = train::train(&train_set, n_features, classes, params);
        for &i in &test {
            let mut logits = vec![0.0; classes];
            weights.logits(&examples[i].features, &mut logits);
            held_out.push((logits, examples[i].class));
        }
    }
    train::fit_temperature(&held_out)
}
