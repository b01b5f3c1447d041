//! Learned entities at compile time: the sentences an [extensible](crate::story::Entity::extensible)
//! entity's tagger trains on, and the values that join its gazetteer.
//!
//! Every example phrase of the story becomes one training sentence (more when it holds an
//! unannotated placeholder of an extensible entity, filled in turn with the entity's values):
//!
//! - an annotated placeholder (`{{playlist=Pre-Party R&B Jams}}`) is its value, labelled
//!   with its entity when the entity is extensible (text otherwise);
//! - an unannotated placeholder of a user entity is filled with one of its values (labelled
//!   when the entity is extensible), so the tagger sees the words around real values;
//! - a phrase with an unannotated system-entity placeholder is left out: there is no value
//!   to put in its place that would read like what users say.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use crate::analysis::Token;
use crate::entity::{EntityMatch, TaggedExample, UserEntities};
use crate::story::{Bot, Entity, EntityEntry, Segment, Story, parse_phrase};

/// How many sentences one phrase with unannotated extensible placeholders gives at most.
const FILLS_PER_PHRASE: usize = 3;

/// The training sentences of a story's tagger, and the bot's entities with the values of
/// annotated examples added to the extensible ones.
#[derive(Debug, Default)]
pub(super) struct SlotData {
    pub examples: Vec<TaggedExample>,
    pub entities: Vec<Entity>,
}

impl SlotData {
    /// Whether the story has anything to learn: some extensible entity is used.
    pub fn learns(&self) -> bool {
        self.examples.iter().any(|e| !e.spans.is_empty())
    }
}

/// What the tagger sees as known values, in training and at query time alike: every user
/// entity's values said exactly in the utterance, overlaps kept. (The typo search would
/// double the cost of tagging for features that the tagger's own affixes already cover.)
pub(super) fn known_values(entities: &UserEntities, text: &str, tokens: &[Token]) -> Vec<EntityMatch> {
    let mut found = Vec::new();
    entities.extract_exact(text, tokens, &mut found);
    found
}

/// Collects the story's training sentences.
pub(super) fn slot_data(bot: &Bot, story: &Story) -> SlotData {
    let phrases: Vec<Vec<Segment<'_>>> = story
        .interactions
        .iter()
        .flat_map(|i| &i.user_says)
        .chain(&story.fallback.user_says)
        .filter_map(|phrase| parse_phrase(phrase).ok())
        .collect();
    let extensible = |reference: &str| bot.entity(reference).filter(|e| e.extensible);
    let mut annotated: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for segment in phrases.iter().flatten() {
        if let Segment::Placeholder(p) = segment
            && let (Some(value), Some(entity)) = (p.value, extensible(p.entity))
        {
            annotated.entry(entity.name.as_str()).or_default().insert(value);
        }
    }
    // What fills an unannotated placeholder, in turn: the entity's values and synonyms, then
    // the annotated values it does not list.
    let pools: BTreeMap<&str, Vec<&str>> = bot
        .entities
        .iter()
        .map(|e| {
            let mut pool: Vec<&str> = e
                .entries
                .iter()
                .flat_map(|x| {
                    std::iter::once(x.value.as_str()).chain(x.synonyms.iter().map(|s| s.value.as_str()))
                })
                .collect();
            let listed: BTreeSet<&str> = pool.iter().copied().collect();
            let extra = annotated.get(e.name.as_str()).into_iter().flatten();
            pool.extend(extra.filter(|v| !listed.contains(*v)));
            (e.name.as_str(), pool)
        })
        .collect();
    let mut cursor: BTreeMap<&str, usize> = BTreeMap::new();
    let mut examples = Vec::new();
    for segments in &phrases {
        let filled = segments.iter().filter_map(|s| match s {
            Segment::Placeholder(p) if p.value.is_none() => extensible(p.entity),
            _ => None,
        });
        let variants = filled
            .map(|e| pools.get(e.name.as_str()).map_or(0, Vec::len))
            .min()
            .map_or(1, |n| n.min(FILLS_PER_PHRASE));
        'variant: for _ in 0..variants {
            let mut text = String::new();
            let mut spans: Vec<(String, Range<usize>)> = Vec::new();
            for segment in segments {
                let Segment::Placeholder(p) = segment else {
                    if let Segment::Text(t) = segment {
                        text.push_str(t);
                    }
                    continue;
                };
                let entity = bot.entity(p.entity);
                let value = match (p.value, entity) {
                    (Some(v), _) => v,
                    (None, Some(e)) => {
                        let pool = pools.get(e.name.as_str()).map_or(&[][..], Vec::as_slice);
                        if pool.is_empty() {
                            continue 'variant;
                        }
                        let at = cursor.entry(e.name.as_str()).or_insert(0);
                        *at += 1;
                        pool[(*at - 1) % pool.len()]
                    }
                    (None, None) => continue 'variant,
                };
                let start = text.chars().count();
                text.push_str(value);
                if let Some(e) = entity.filter(|e| e.extensible) {
                    spans.push((e.name.clone(), start..start + value.chars().count()));
                }
            }
            examples.push(TaggedExample { text, spans });
        }
    }
    let entities = bot
        .entities
        .iter()
        .map(|e| {
            let mut e = e.clone();
            let listed: BTreeSet<String> = e.entries.iter().map(|x| x.value.clone()).collect();
            let new = annotated.get(e.name.as_str()).into_iter().flatten();
            e.entries
                .extend(new.filter(|v| !listed.contains(**v)).map(|v| EntityEntry {
                    value: v.to_string(),
                    synonyms: Vec::new(),
                }));
            e
        })
        .collect();
    SlotData { examples, entities }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bot(json: &str) -> Bot {
        Bot::from_json(json).unwrap()
    }

    const BOT: &str = r#"{"stories": [{"id": "s", "name": "s", "interactions": [
        {"id": "add", "name": "add", "root": true,
         "parameters": [{"entity": "playlist", "alias": "playlist"}, {"entity": "size", "alias": "size"}],
         "userSays": ["add it to {{playlist=Chill Hits}}", "put this on {{playlist}} now",
                      "a {{size}} one", "wake me at {{sys.time:t}}"]}]}],
        "entities": [{"id": "playlist", "name": "playlist", "extensible": true,
                      "entries": [{"value": "Rock Classics"}]},
                     {"id": "size", "name": "size", "entries": [{"value": "large"}]}]}"#;

    #[test]
    fn annotated_and_filled_placeholders_become_labelled_spans() {
        let bot = bot(BOT);
        let data = slot_data(&bot, &bot.stories[0]);
        let texts: Vec<&str> = data.examples.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "add it to Chill Hits",
                "put this on Rock Classics now",
                "put this on Chill Hits now",
                "a large one",
            ]
        );
        assert_eq!(data.examples[0].spans, [("playlist".to_string(), 10..20)]);
        assert_eq!(data.examples[2].spans, [("playlist".to_string(), 12..22)]);
        // A closed entity's value is context, not a label.
        assert!(data.examples[3].spans.is_empty());
        assert!(data.learns());
    }

    #[test]
    fn annotated_values_join_the_extensible_entity() {
        let bot = bot(BOT);
        let data = slot_data(&bot, &bot.stories[0]);
        let values: Vec<&str> = data.entities[0]
            .entries
            .iter()
            .map(|e| e.value.as_str())
            .collect();
        assert_eq!(values, ["Rock Classics", "Chill Hits"]);
        assert_eq!(data.entities[1], bot.entities[1]);
    }

    #[test]
    fn a_story_without_extensible_entities_learns_nothing() {
        let bot = bot(&BOT.replace(r#""extensible": true,"#, ""));
        assert!(!slot_data(&bot, &bot.stories[0]).learns());
    }
}
