//! Learned entities over the pizza bot: its `neighbourhood` entity is extensible, so the
//! `delivery_area` interaction finds neighbourhoods it was never told about from where they
//! sit in the sentence. And a word the examples use is not read as a typo of a value.

use intently::{Candidates, Model, StoryModel};
use serde_json::json;

use crate::common::samples;

fn pizza() -> Model {
    let sample = samples()
        .into_iter()
        .find(|s| s.name == "pizza")
        .expect("data/pizza.json");
    let bot = intently::story::Bot::from_json(&sample.text).expect("the pizza bot loads");
    Model::compile(&bot).expect("the pizza bot compiles")
}

/// The interaction and the `neighbourhood` values found in `text`.
fn areas(story: &StoryModel, text: &str) -> (String, Vec<(serde_json::Value, String)>) {
    let c = story.classify(text, &Candidates::Roots);
    let interaction = c.best.map_or("fallback".to_string(), |m| {
        story.interactions()[m.interaction].id.clone()
    });
    let found = c
        .entities
        .iter()
        .filter(|m| m.entity == "neighbourhood")
        .map(|m| (m.value.clone(), m.raw.clone()))
        .collect();
    (interaction, found)
}

#[test]
fn an_unseen_neighbourhood_is_found_from_its_context() {
    let model = pizza();
    let story = &model.stories()[0];
    assert!(
        story.tagger().is_some(),
        "an extensible entity gives the story a tagger"
    );
    for (text, raw) in [
        ("do you deliver to Shoreditch", "Shoreditch"),
        ("can you deliver to Kentish Town", "Kentish Town"),
        ("is Brixton in your delivery zone", "Brixton"),
    ] {
        let (interaction, found) = areas(story, text);
        assert_eq!(interaction, "delivery_area", "{text}");
        assert_eq!(found, [(json!(raw), raw.to_string())], "{text}");
    }
}

#[test]
fn a_listed_value_or_synonym_answers_its_canonical_value() {
    let model = pizza();
    let story = &model.stories()[0];
    let (_, found) = areas(story, "do you deliver to the city centre");
    assert_eq!(found, [(json!("downtown"), "city centre".to_string())]);
}

#[test]
fn other_interactions_do_not_look_for_learned_entities() {
    let model = pizza();
    let story = &model.stories()[0];
    let (interaction, found) = areas(story, "what time do you open in Shoreditch");
    assert_eq!(interaction, "opening_hours");
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn the_tagger_survives_the_byte_format() {
    let model = pizza();
    let again = Model::from_bytes(&model.to_bytes()).expect("the bytes read back");
    let text = "do you deliver to Shoreditch";
    assert_eq!(areas(&model.stories()[0], text), areas(&again.stories()[0], text));
}

#[test]
fn a_word_the_examples_use_is_not_a_typo_of_an_entity_value() {
    let bot = intently::story::Bot::from_json(
        &std::fs::read_to_string(crate::common::data_dir().join("restaurante.json")).expect("reads"),
    )
    .expect("loads");
    let model = Model::compile(&bot).expect("compiles");
    let story = &model.stories()[0];
    let entities = |text: &str| -> Vec<(String, String)> {
        story
            .classify(text, &Candidates::Roots)
            .entities
            .iter()
            .map(|e| (e.entity.clone(), e.raw.clone()))
            .collect()
    };
    // "reservar" is two edits from the value "reservado", but the examples say "reservar".
    assert!(
        !entities("quiero reservar una mesa para 4 personas")
            .iter()
            .any(|(e, _)| e == "tipo_mesa"),
        "reservar is a verb of the examples"
    );
    // A real typo of a value is still read as the value.
    assert!(
        entities("quiero una mesa en la teraza").contains(&("tipo_mesa".to_string(), "teraza".to_string())),
        "{:?}",
        entities("quiero una mesa en la teraza")
    );
}
