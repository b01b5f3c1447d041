//! The golden queries of each bot: `data/<bot>.queries.jsonl`, one `{"text", "interaction",
//! "context"?}` a line.

use std::collections::BTreeSet;

use intently::story::Story;
use serde_json::Value;

use crate::common::{Sample, samples};

/// The fewest lines a golden file may have to be worth testing with.
const MIN_LINES: usize = 40;
/// The smallest share of lines that must fall back.
const MIN_FALLBACK_SHARE: f64 = 0.05;

/// One golden query.
pub struct Query {
    /// The 1-based line in the file.
    pub line: usize,
    /// What the user types.
    pub text: String,
    /// The interaction that must answer, or `fallback`.
    pub interaction: String,
    /// The interaction the conversation is at, if any.
    pub context: Option<String>,
}

/// Reads the golden queries of a sample; every line must parse.
pub fn queries(sample: &Sample) -> Vec<Query> {
    let path = sample.queries_path();
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: cannot read {}: {e}\nhelp: every bot in data/ needs golden queries",
            sample.name,
            path.display()
        )
    });
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(n, line)| {
            let at = format!("{}:{}", path.display(), n + 1);
            let value: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{at}: {e}"));
            let object = value
                .as_object()
                .unwrap_or_else(|| panic!("{at}: not a JSON object"));
            for key in object.keys() {
                assert!(
                    ["text", "interaction", "context"].contains(&key.as_str()),
                    "{at}: unknown key {key:?}\nhelp: the keys are text, interaction and context"
                );
            }
            let string = |key: &str| object.get(key).map(|v| v.as_str().map(str::to_string));
            let text = string("text")
                .flatten()
                .unwrap_or_else(|| panic!("{at}: `text` must be a string"));
            let interaction = string("interaction")
                .flatten()
                .unwrap_or_else(|| panic!("{at}: `interaction` must be a string"));
            let context = match string("context") {
                None => None,
                Some(Some(context)) => Some(context),
                Some(None) => panic!("{at}: `context` must be a string"),
            };
            assert!(!text.trim().is_empty(), "{at}: empty text");
            Query {
                line: n + 1,
                text,
                interaction,
                context,
            }
        })
        .collect()
}

fn first_story(sample: &Sample) -> Story {
    sample
        .bot()
        .stories
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("{} has no story", sample.name))
}

#[test]
fn every_golden_line_parses_and_there_are_enough() {
    for sample in samples() {
        let queries = queries(&sample);
        assert!(
            queries.len() >= MIN_LINES,
            "{}: {} golden queries, fewer than {MIN_LINES}",
            sample.name,
            queries.len()
        );
    }
}

#[test]
fn golden_texts_are_unique() {
    for sample in samples() {
        let mut seen = BTreeSet::new();
        for query in queries(&sample) {
            assert!(
                seen.insert(query.text.to_lowercase()),
                "{}: line {}: {:?} appears twice",
                sample.name,
                query.line,
                query.text
            );
        }
    }
}

#[test]
fn golden_interactions_exist_in_the_first_story() {
    for sample in samples() {
        let story = first_story(&sample);
        for query in queries(&sample) {
            assert!(
                query.interaction == "fallback" || story.interaction(&query.interaction).is_some(),
                "{}: line {}: unknown interaction {:?}\nhelp: use an id of story {:?} or `fallback`",
                sample.name,
                query.line,
                query.interaction,
                story.id
            );
        }
    }
}

#[test]
fn enough_golden_queries_fall_back() {
    for sample in samples() {
        let queries = queries(&sample);
        let fallbacks = queries.iter().filter(|q| q.interaction == "fallback").count();
        let share = fallbacks as f64 / queries.len() as f64;
        assert!(
            share >= MIN_FALLBACK_SHARE,
            "{}: {fallbacks} of {} golden queries fall back ({:.1}%), fewer than {:.0}%",
            sample.name,
            queries.len(),
            100.0 * share,
            100.0 * MIN_FALLBACK_SHARE
        );
    }
}

#[test]
fn golden_contexts_lead_to_their_interaction() {
    let mut contexts = 0;
    for sample in samples() {
        let story = first_story(&sample);
        for query in queries(&sample) {
            let Some(context) = &query.context else { continue };
            contexts += 1;
            let at = format!("{}: line {}", sample.name, query.line);
            let parent = story
                .interaction(context)
                .unwrap_or_else(|| panic!("{at}: context names unknown {context:?}"));
            // A follow-up may fall back: the story's fallback answers in any context.
            let follows = query.interaction == "fallback"
                || parent.context_out.contains(&query.interaction)
                || parent.references.contains(&query.interaction);
            assert!(
                follows,
                "{at}: {:?} is neither in the contextOut nor in the references of {context:?}",
                query.interaction
            );
        }
    }
    assert!(
        contexts > 0,
        "no golden query has a context, so follow-ups are never tested"
    );
}
