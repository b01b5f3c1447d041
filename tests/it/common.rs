//! The sample bots of `data/`, and ways to break copies of them.
//!
//! The breaking helpers work on a [`serde_json::Value`] and only assume what every bot has (a
//! first story with a first interaction), so they apply to any bot added to `data/`.

use std::path::{Path, PathBuf};

use intently::story::{Bot, Problem};
use serde_json::{Value, json};

/// A bot file of `data/`.
pub struct Sample {
    /// The file's stem: `pizza` for `data/pizza.json`.
    pub name: String,
    /// The file's path.
    pub path: PathBuf,
    /// The file's text.
    pub text: String,
}

/// The names the sample set is known to include, so that a wrong directory cannot pass
/// unnoticed as "no bots, nothing to check".
const KNOWN: &[&str] = &["banking", "pizza", "restaurante"];

/// The `data/` directory of the workspace.
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

/// Every `data/*.json` bot, sorted by name.
pub fn samples() -> Vec<Sample> {
    let dir = data_dir();
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    let mut samples: Vec<Sample> = entries
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .map(|path| {
            let name = path
                .file_stem()
                .expect("a file name")
                .to_string_lossy()
                .into_owned();
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            Sample { name, path, text }
        })
        .collect();
    samples.sort_by(|a, b| a.name.cmp(&b.name));
    for known in KNOWN {
        assert!(
            samples.iter().any(|s| s.name == *known),
            "data/{known}.json is missing from {}\nhelp: the tests look for the bots next to Cargo.toml",
            dir.display()
        );
    }
    samples
}

impl Sample {
    /// The bot, which must load.
    pub fn bot(&self) -> Bot {
        Bot::from_json(&self.text).unwrap_or_else(|e| panic!("{}: {e}", self.path.display()))
    }

    /// The bot as a JSON value, to break a copy of it.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("{}: {e}", self.path.display()))
    }

    /// The golden queries file of the bot: `data/<name>.queries.jsonl`.
    pub fn queries_path(&self) -> PathBuf {
        self.path.with_file_name(format!("{}.queries.jsonl", self.name))
    }
}

/// Pretty-prints a (broken) bot, as a person would write it.
pub fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).expect("a JSON value prints")
}

/// Loads a broken copy that is still well-formed and returns its errors; fails when it does not
/// load or when validation passes.
pub fn errors_of(sample: &Sample, value: &Value) -> Vec<Problem> {
    let bot = Bot::from_json(&pretty(value))
        .unwrap_or_else(|e| panic!("{}: the broken copy should load, but: {e}", sample.name));
    match bot.validate() {
        Ok(warnings) => panic!(
            "{}: the broken copy validates (warnings: {warnings:?})",
            sample.name
        ),
        Err(error) => {
            assert_eq!(
                error.problems,
                bot.problems(),
                "{}: validate and problems disagree",
                sample.name
            );
            error.errors().cloned().collect()
        }
    }
}

/// The interactions of the first story.
pub fn interactions(value: &mut Value) -> &mut Vec<Value> {
    value
        .pointer_mut("/stories/0/interactions")
        .and_then(Value::as_array_mut)
        .expect("every sample bot has a first story with interactions")
}

/// Adds a field to `stories[0].interactions[0]`.
pub fn add_field(value: &mut Value, field: &str, field_value: Value) {
    let first = interactions(value)[0]
        .as_object_mut()
        .expect("an interaction is an object");
    first.insert(field.to_string(), field_value);
}

/// Appends a phrase to the userSays of `stories[0].interactions[0]`; returns its index.
pub fn append_phrase(value: &mut Value, phrase: &str) -> usize {
    let first = &mut interactions(value)[0];
    if first.get("userSays").is_none() {
        first["userSays"] = json!([]);
    }
    let phrases = first["userSays"].as_array_mut().expect("userSays is an array");
    phrases.push(json!(phrase));
    phrases.len() - 1
}

/// The first placeholder of the first story's userSays, as `(interaction, phrase, placeholder
/// text)`.
pub fn first_placeholder(value: &Value) -> Option<(usize, usize, String)> {
    let interactions = value.pointer("/stories/0/interactions")?.as_array()?;
    interactions.iter().enumerate().find_map(|(i, interaction)| {
        let phrases = interaction.get("userSays")?.as_array()?;
        phrases.iter().enumerate().find_map(|(k, phrase)| {
            let phrase = phrase.as_str()?;
            let open = phrase.find("{{")?;
            let close = phrase[open..].find("}}")? + open + 2;
            Some((i, k, phrase[open..close].to_string()))
        })
    })
}

/// Appends a copy of `stories[0].interactions[0]`; returns the copy's index.
pub fn duplicate_first_interaction(value: &mut Value) -> usize {
    let interactions = interactions(value);
    let copy = interactions[0].clone();
    interactions.push(copy);
    interactions.len() - 1
}

/// Points the first contextOut of the first story to `target`; returns `(interaction, index in
/// contextOut, former target)`.
pub fn redirect_first_context_out(value: &mut Value, target: &str) -> Option<(usize, usize, String)> {
    for (i, interaction) in interactions(value).iter_mut().enumerate() {
        let Some(ids) = interaction.get_mut("contextOut").and_then(Value::as_array_mut) else {
            continue;
        };
        if let Some(first) = ids.first_mut() {
            let former = first.as_str().expect("contextOut holds ids").to_string();
            *first = json!(target);
            return Some((i, 0, former));
        }
    }
    None
}

/// Gives the first text response of the first story's interactions `count` plain variants;
/// returns `(interaction, response)`.
pub fn overfill_first_text(value: &mut Value, count: usize) -> Option<(usize, usize)> {
    for (i, interaction) in interactions(value).iter_mut().enumerate() {
        let Some(responses) = interaction.get_mut("responses").and_then(Value::as_array_mut) else {
            continue;
        };
        for (k, response) in responses.iter_mut().enumerate() {
            if response["type"] == "text" {
                response["elements"] = (1..=count)
                    .map(|n| json!(format!("variant number {n}")))
                    .collect();
                return Some((i, k));
            }
        }
    }
    None
}

/// The 1-based line of byte `offset` in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

/// The 1-based column, in characters, of byte `offset` in `text`.
pub fn column_of(text: &str, offset: usize) -> usize {
    text[..offset].rsplit('\n').next().unwrap_or("").chars().count() + 1
}
