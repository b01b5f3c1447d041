//! The bot, its stories and interactions, user entities and webhooks.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::response::Response;
use crate::Language;

/// A whole bot: its stories, user entities and webhooks.
///
/// This is the document of a bot file on disk and of `GET /export` on the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Bot {
    /// The stories of the bot; the first one (or the one marked `default`) answers queries
    /// that name no story.
    pub stories: Vec<Story>,
    /// User entities, referenced by name (or id) from parameters and placeholders.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entities: Vec<Entity>,
    /// Webhooks, referenced by id from interactions and `webhook` actions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub webhooks: Vec<Webhook>,
}

/// A story: a tree of interactions with a welcome and a fallback.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Story {
    /// Unique among the bot's stories; used as `storyId` in queries.
    pub id: String,
    /// A human-readable name (≤ 128 characters).
    pub name: String,
    /// Marks the story that answers queries without a `storyId`; at most one per bot.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub default: bool,
    /// Language, confidence threshold and lifespan.
    #[serde(default)]
    pub settings: StorySettings,
    /// The interaction sent on `trigger: "welcome"`.
    #[serde(default)]
    pub welcome: Welcome,
    /// The interaction that answers when nothing matches.
    #[serde(default)]
    pub fallback: Fallback,
    /// The interactions of the story; their tree is drawn by `root` and `contextOut`.
    #[serde(default)]
    pub interactions: Vec<Interaction>,
}

/// Settings of a story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StorySettings {
    /// The language of the story's phrases; picks stemming and normalization.
    #[serde(default)]
    pub language: Language,
    /// The minimum score in `[0, 1]` for a match; below it the fallback answers.
    #[serde(default = "default_confidence")]
    pub confidence: f64,
    /// How many failed matches a context survives before it resets.
    #[serde(default = "default_lifespan")]
    pub lifespan: u32,
}

/// The default confidence threshold of a story, as in ChatBot.
pub const DEFAULT_CONFIDENCE: f64 = 0.5;
/// The default lifespan of a context, as in ChatBot.
pub const DEFAULT_LIFESPAN: u32 = 2;

fn default_confidence() -> f64 {
    DEFAULT_CONFIDENCE
}
fn default_lifespan() -> u32 {
    DEFAULT_LIFESPAN
}
fn default_true() -> bool {
    true
}

impl Default for StorySettings {
    fn default() -> Self {
        StorySettings {
            language: Language::default(),
            confidence: DEFAULT_CONFIDENCE,
            lifespan: DEFAULT_LIFESPAN,
        }
    }
}

/// The welcome interaction of a story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Welcome {
    /// A disabled welcome sends nothing on `trigger: "welcome"`.
    #[serde(default = "default_true")]
    pub enabled: bool,
    /// What the bot says first.
    #[serde(default)]
    pub responses: Vec<Response>,
}

impl Default for Welcome {
    fn default() -> Self {
        Welcome {
            enabled: true,
            responses: Vec::new(),
        }
    }
}

/// The fallback interaction of a story.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Fallback {
    /// Phrases that must fall back (an extension of ours): negative examples for the matcher.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub user_says: Vec<String>,
    /// What the bot says when nothing matches.
    #[serde(default)]
    pub responses: Vec<Response>,
}

/// One interaction: what users say to reach it and what the bot answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Interaction {
    /// Unique within the story; `welcome` and `fallback` are reserved.
    pub id: String,
    /// A human-readable name (≤ 128 characters).
    pub name: String,
    /// A free string surfaced to clients and webhooks (e.g. `order.start`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// Root interactions can match from anywhere in the story.
    #[serde(default)]
    pub root: bool,
    /// Example phrases for the machine-learning matcher; may hold `{{entity:alias}}`.
    #[serde(default)]
    pub user_says: Vec<String>,
    /// Exact keyword phrases: any order, at most one extra word in between, score 1.0.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Names that invoke this interaction directly through `trigger`.
    #[serde(default)]
    pub triggers: Vec<String>,
    /// The values the interaction collects.
    #[serde(default)]
    pub parameters: Vec<Parameter>,
    /// What the bot answers, in order.
    #[serde(default)]
    pub responses: Vec<Response>,
    /// The id of a webhook called when the interaction matches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook: Option<String>,
    /// Ids of the interactions that become candidates after this one (its children).
    #[serde(default)]
    pub context_out: Vec<String>,
    /// Ids of interactions in other branches reachable from here.
    #[serde(default)]
    pub references: Vec<String>,
    /// The id of an interaction that answers instead of the story's fallback while this
    /// interaction's context is active.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback: Option<String>,
}

/// A value an interaction collects: from the utterance, or by asking its prompts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Parameter {
    /// The entity: a system entity (`sys.number`) or a user entity's name or id.
    pub entity: String,
    /// The name the value is stored under (`parameters.<alias>`).
    pub alias: String,
    /// A required parameter that the utterance did not fill is asked for.
    #[serde(default)]
    pub required: bool,
    /// What the bot asks, in order, while the parameter is missing.
    #[serde(default)]
    pub prompts: Vec<String>,
    /// What the bot says to an answer that is not a value of the entity, before asking again
    /// (empty: the next prompt is the retry).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retry: Vec<String>,
    /// How many invalid answers are retried before the bot gives up on the parameter
    /// ([`DEFAULT_MAX_RETRIES`] when absent): the fallback, or `giveUpGoto`, answers then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_retries: Option<u32>,
    /// The interaction that answers, instead of the fallback, when the retries run out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub give_up_goto: Option<String>,
    /// Whether a turn that asks something else while the prompt waits is answered, the prompt
    /// coming back after (a *digression*); `false` reads every turn as an answer.
    #[serde(default = "default_true", skip_serializing_if = "is_true")]
    pub digressions: bool,
}

/// How many invalid answers a prompt or question retries when its `maxRetries` is absent.
pub const DEFAULT_MAX_RETRIES: u32 = 2;

fn is_true(b: &bool) -> bool {
    *b
}

/// A user entity: a list of values with synonyms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Entity {
    /// Unique among the bot's entities.
    pub id: String,
    /// Unique among the bot's entities; how placeholders and parameters name it.
    pub name: String,
    /// The values (≤ 2000).
    #[serde(default)]
    pub entries: Vec<EntityEntry>,
    /// An extension of ours: the entity is open — besides its values, the values of annotated
    /// examples (`{{entity:alias=value}}`) are its values, and a tagger trained on those
    /// examples finds values it has never seen from where they sit in the sentence (playlist
    /// or restaurant names).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub extensible: bool,
}

/// One canonical value of a user entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EntityEntry {
    /// The canonical value returned when the value or a synonym is said.
    pub value: String,
    /// Other ways to say it (≤ 99).
    #[serde(default)]
    pub synonyms: Vec<Synonym>,
}

/// A synonym of an entity value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Synonym {
    /// The synonym's text.
    pub value: String,
}

/// An outgoing webhook: where the server posts the result of a matched interaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Webhook {
    /// Unique among the bot's webhooks.
    pub id: String,
    /// A human-readable name (≤ 128 characters).
    pub name: String,
    /// An `http` or `https` URL.
    pub url: String,
    /// Sent as `?token=` so the receiver can check the caller.
    #[serde(default)]
    pub token: String,
    /// Extra HTTP headers sent with each call.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// HTTP basic authentication, if any.
    #[serde(default)]
    pub auth: Option<BasicAuth>,
}

/// HTTP basic authentication of a webhook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BasicAuth {
    /// The user name.
    pub username: String,
    /// The password.
    pub password: String,
}

impl Bot {
    /// The story that answers queries without a `storyId`: the one marked `default`, or the
    /// first.
    pub fn default_story(&self) -> Option<&Story> {
        self.stories
            .iter()
            .find(|s| s.default)
            .or_else(|| self.stories.first())
    }

    /// The story with this id.
    pub fn story(&self, id: &str) -> Option<&Story> {
        self.stories.iter().find(|s| s.id == id)
    }

    /// The user entity with this name (or, failing that, this id).
    pub fn entity(&self, name_or_id: &str) -> Option<&Entity> {
        self.entities
            .iter()
            .find(|e| e.name == name_or_id)
            .or_else(|| self.entities.iter().find(|e| e.id == name_or_id))
    }

    /// The webhook with this id.
    pub fn webhook(&self, id: &str) -> Option<&Webhook> {
        self.webhooks.iter().find(|w| w.id == id)
    }

    /// How many interactions all stories hold (welcome and fallback not counted).
    pub fn interaction_count(&self) -> usize {
        self.stories.iter().map(|s| s.interactions.len()).sum()
    }
}

impl Story {
    /// The interaction with this id.
    pub fn interaction(&self, id: &str) -> Option<&Interaction> {
        self.interactions.iter().find(|i| i.id == id)
    }
}
