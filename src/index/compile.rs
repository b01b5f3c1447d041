//! From a validated bot to a [`Model`]: vocabulary, features, training, calibration.

use std::collections::BTreeSet;

use super::classifier::Classifier;
use super::features::{Item, Known, Recognizer, phrase_items};
use super::{InteractionInfo, Keywords, Model, StoryModel};
use crate::analysis::Analyzer;
use crate::embed::WordVectors;
use crate::entity::{Tagger, UserEntities};
use crate::matcher::BiasMass;
use crate::story::{Bot, Segment, Story, parse_phrase};

pub(super) fn compile(bot: &Bot) -> Model {
    let stories: Vec<StoryModel> = bot.stories.iter().map(|s| compile_story(bot, s)).collect();
    let default_story = bot.stories.iter().position(|s| s.default).unwrap_or(0);
    Model {
        stories,
        default_story,
        webhooks: bot.webhooks.clone(),
    }
}

fn compile_story(bot: &Bot, story: &Story) -> StoryModel {
    let analyzer = Analyzer::new(story.settings.language);
    // A placeholder names a user entity by name or id; the model knows it by name.
    let resolve = |reference: &str| {
        bot.entity(reference)
            .map_or_else(|| reference.to_string(), |e| e.name.clone())
    };
    let all_examples = story
        .interactions
        .iter()
        .flat_map(|i| &i.user_says)
        .chain(&story.fallback.user_says);
    let used: Vec<String> = all_examples
        .filter_map(|phrase| parse_phrase(phrase).ok())
        .flatten()
        .filter_map(|segment| match segment {
            Segment::Placeholder(p) if p.value.is_none() => Some(resolve(p.entity)),
            Segment::Placeholder(_) | Segment::Text(_) => None,
        })
        .collect::<BTreeSet<String>>()
        .into_iter()
        .collect();
    let slots = super::slots::slot_data(bot, story);
    let entities = UserEntities::compile(&slots.entities, &analyzer);
    // The words the examples are written with (placeholders aside), before any of them is
    // read as an entity.
    let words: BTreeSet<String> = story
        .interactions
        .iter()
        .flat_map(|i| &i.user_says)
        .chain(&story.fallback.user_says)
        .filter_map(|phrase| parse_phrase(phrase).ok())
        .flatten()
        .filter_map(|segment| match segment {
            Segment::Text(text) => Some(text),
            Segment::Placeholder(_) => None,
        })
        .flat_map(|text| analyzer.analyze(text))
        .map(|t| t.text)
        .collect();
    let recognizer = Recognizer {
        user: &entities,
        used: &used,
        language: story.settings.language,
        known: Known::Words(&words),
    };
    let ordinal = |id: &String| {
        story
            .interactions
            .iter()
            .position(|i| &i.id == id)
            .map(|o| o as u32)
    };
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
            learned: i
                .parameters
                .iter()
                .filter_map(|p| bot.entity(&p.entity).filter(|e| e.extensible))
                .map(|e| e.name.clone())
                .collect::<BTreeSet<String>>()
                .into_iter()
                .collect(),
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
            i.keywords.iter().map(move |k| {
                (
                    o as u32,
                    analyzer.analyze(k).into_iter().map(|t| t.text).collect(),
                )
            })
        })
        .collect();

    // Class n is the fallback: the story's negative examples.
    let n = story.interactions.len();
    let mut phrases: Vec<(Vec<Item>, u32)> = Vec::new();
    for (o, interaction) in story.interactions.iter().enumerate() {
        for phrase in &interaction.user_says {
            phrases.push((phrase_items(&analyzer, &recognizer, resolve, phrase), o as u32));
        }
    }
    for phrase in &story.fallback.user_says {
        phrases.push((phrase_items(&analyzer, &recognizer, resolve, phrase), n as u32));
    }
    let vectors = WordVectors::for_language(story.settings.language);
    let classifier = Classifier::train(&phrases, n + 1, vectors);
    let bias_mass = BiasMass::of(&classifier, &interactions);
    let tagger = slots.learns().then(|| {
        let gazetteer = |text: &str, tokens: &[_]| super::slots::known_values(&entities, text, tokens);
        Tagger::train(&slots.examples, &analyzer, &gazetteer)
    });

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
        bias_mass,
        entities,
        used_entities: used,
        script: crate::dialog::compile_script(bot, story, &analyzer),
        tagger,
        analyzer,
    }
}
