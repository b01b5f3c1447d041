//! The compiled form of a story's conversation: for each interaction, its parameters and
//! the steps its responses become, with goto targets resolved to ordinals and filters'
//! regular expressions compiled.
//!
//! A script is built once with the model and travels in the model's bytes (as JSON inside
//! the binary format: it is small, and its shape is the definitions' own).

use std::collections::BTreeMap;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::escape::{self, Escape};
use super::readable::Kind;
use crate::analysis::Analyzer;

use crate::story::{BacktrackingMode, Bot, Button, Card, Filter, FilterValue, Operator, Response, Story};

/// The conversation part of a compiled story.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Script {
    /// The welcome's steps; `None` when the welcome is disabled.
    pub welcome: Option<Vec<Step>>,
    /// The fallback's steps.
    pub fallback: Vec<Step>,
    /// One node per interaction, by ordinal.
    pub nodes: Vec<Node>,
    /// How a user leaves a question.
    #[serde(default)]
    pub cancel: Escape,
    /// How a user asks for help with a question.
    #[serde(default)]
    pub help: Escape,
    /// The kind of value each attribute or parameter holds, where one system entity fills it:
    /// replies write those values in the story's language.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub kinds: BTreeMap<String, Kind>,
}

impl Script {
    /// Whether every goto target names a story and interaction that exist, given each
    /// story's interaction count (a check on bytes read back).
    pub fn targets_in(&self, sizes: &[usize]) -> bool {
        let ok = |t: &Target| match (sizes.get(t.story as usize), t.place) {
            (None, _) => false,
            (Some(&n), Place::Interaction(o)) => (o as usize) < n,
            (Some(_), _) => true,
        };
        let steps = self
            .welcome
            .iter()
            .flatten()
            .chain(&self.fallback)
            .chain(self.nodes.iter().flat_map(|n| &n.steps));
        steps.into_iter().all(|s| match &s.action {
            Action::Goto(t) => ok(t),
            _ => true,
        })
    }
}

/// The conversation part of one interaction.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Node {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub slots: Vec<Slot>,
    pub steps: Vec<Step>,
    /// The webhook called once the interaction's steps have run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook: Option<String>,
    /// The interaction that answers instead of the story's fallback while this one is on
    /// the path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback: Option<u32>,
}

/// A parameter: where its value comes from and how it is asked for.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Slot {
    /// A user entity's name, or a system entity (`sys.number`).
    pub entity: String,
    pub alias: String,
    pub required: bool,
    pub prompts: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retry: Vec<String>,
    #[serde(default = "default_max_retries")]
    pub max_retries: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub give_up: Option<Target>,
    #[serde(default = "yes")]
    pub digressions: bool,
}

fn default_max_retries() -> u32 {
    crate::story::DEFAULT_MAX_RETRIES
}

fn yes() -> bool {
    true
}

/// A response or action with its filters.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Step {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
    pub action: Action,
}

/// Where a step runs: which part of which story.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Place {
    Welcome,
    Fallback,
    Interaction(u32),
}

impl Place {
    /// The id a session stores for this place (`welcome`, `fallback` or the interaction's).
    pub fn id(self, story: &crate::StoryModel) -> &str {
        match self {
            Place::Welcome => "welcome",
            Place::Fallback => "fallback",
            Place::Interaction(o) => &story.interactions[o as usize].id,
        }
    }

    /// The place a session's id names, if the story still has it.
    pub fn of(story: &crate::StoryModel, id: &str) -> Option<Place> {
        match id {
            "welcome" => Some(Place::Welcome),
            "fallback" => Some(Place::Fallback),
            _ => story.find(id).map(|o| Place::Interaction(o as u32)),
        }
    }
}

/// A goto's target: a story (by ordinal in the model) and a place in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Target {
    pub story: u32,
    pub place: Place,
}

/// What a step does.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) enum Action {
    Text(Vec<String>),
    Image(String),
    QuickReplies { title: String, buttons: Vec<Button> },
    Card(Card),
    Carousel(Vec<Card>),
    Goto(Target),
    Question(Question),
    SetAttributes(Vec<(String, String)>),
    Webhook(String),
    Backtracking(BacktrackingMode),
    End,
    Reset,
}

impl Action {
    /// The name of the response's type as written in JSON (`"quickReplies"`).
    pub fn type_name(&self) -> &'static str {
        match self {
            Action::Text(_) => "text",
            Action::Image(_) => "image",
            Action::QuickReplies { .. } => "quickReplies",
            Action::Card(_) => "card",
            Action::Carousel(_) => "carousel",
            Action::Goto(_) => "goto",
            Action::Question(_) => "question",
            Action::SetAttributes(_) => "setAttributes",
            Action::Webhook(_) => "webhook",
            Action::Backtracking(_) => "backtracking",
            Action::End => "end",
            Action::Reset => "reset",
        }
    }
}

/// A `question` action.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Question {
    pub elements: Vec<String>,
    pub entity: String,
    pub attribute: String,
    pub retry: Vec<String>,
    pub max_retries: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub give_up: Option<Target>,
    #[serde(default = "yes")]
    pub digressions: bool,
}

/// A filter, with its regular expression compiled.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "Filter", into = "Filter")]
pub(crate) struct Condition {
    pub filter: Filter,
    pub regex: Option<Regex>,
}

impl TryFrom<Filter> for Condition {
    type Error = regex::Error;

    fn try_from(filter: Filter) -> Result<Condition, regex::Error> {
        let regex = match (filter.operator(), filter.value()) {
            (Operator::Matches, Some(FilterValue::Text(pattern))) => Some(Regex::new(pattern)?),
            _ => None,
        };
        Ok(Condition { filter, regex })
    }
}

impl From<Condition> for Filter {
    fn from(condition: Condition) -> Filter {
        condition.filter
    }
}

/// Resolves a goto written as `(story, interaction)` ids to a target, from the story whose
/// responses hold it.
pub(crate) type Resolve<'a> = dyn Fn(Option<&str>, &str) -> Option<Target> + 'a;

impl Step {
    /// The step a response becomes; `None` for a goto whose target cannot be resolved
    /// (validation rejects such bots; a webhook's answer may hold one).
    pub fn of(
        response: &Response,
        resolve: &Resolve<'_>,
        entity_name: &dyn Fn(&str) -> String,
    ) -> Option<Step> {
        let action = match response {
            Response::Text { elements, .. } => Action::Text(elements.clone()),
            Response::Image { image_url, .. } => Action::Image(image_url.clone()),
            Response::QuickReplies { title, buttons, .. } => Action::QuickReplies {
                title: title.clone(),
                buttons: buttons.clone(),
            },
            Response::Card {
                title,
                subtitle,
                image_url,
                buttons,
                ..
            } => Action::Card(Card {
                title: title.clone(),
                subtitle: subtitle.clone(),
                image_url: image_url.clone(),
                buttons: buttons.clone(),
            }),
            Response::Carousel { cards, .. } => Action::Carousel(cards.clone()),
            Response::Goto {
                interaction, story, ..
            } => Action::Goto(resolve(story.as_deref(), interaction)?),
            Response::Question {
                elements,
                entity,
                attribute,
                retry,
                max_retries,
                give_up_goto,
                digressions,
                ..
            } => Action::Question(Question {
                elements: elements.clone(),
                entity: entity_name(entity),
                attribute: attribute.clone(),
                retry: retry.clone(),
                max_retries: *max_retries,
                give_up: give_up_goto.as_deref().and_then(|id| resolve(None, id)),
                digressions: *digressions,
            }),
            Response::SetAttributes { attributes, .. } => {
                Action::SetAttributes(attributes.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            }
            Response::Webhook { webhook, .. } => Action::Webhook(webhook.clone()),
            Response::Backtracking { mode, .. } => Action::Backtracking(*mode),
            Response::End { .. } => Action::End,
            Response::Reset { .. } => Action::Reset,
        };
        // Filters were validated with the bot (or are checked again here for a webhook's
        // answer); one that does not compile never passes.
        let mut conditions = Vec::with_capacity(response.filters().len());
        for filter in response.filters() {
            match Condition::try_from(filter.clone()) {
                Ok(condition) => conditions.push(condition),
                Err(_) => return None,
            }
        }
        Some(Step { conditions, action })
    }
}

/// Compiles the conversation part of a validated story.
pub(crate) fn compile(bot: &Bot, story: &Story, analyzer: &Analyzer) -> Script {
    let resolve = |target_story: Option<&str>, interaction: &str| {
        let (s, target) = match target_story {
            None => (bot.stories.iter().position(|s| s.id == story.id)?, story),
            Some(id) => {
                let s = bot.stories.iter().position(|s| s.id == id)?;
                (s, &bot.stories[s])
            }
        };
        let place = match interaction {
            "welcome" => Place::Welcome,
            "fallback" => Place::Fallback,
            id => Place::Interaction(target.interactions.iter().position(|i| i.id == id)? as u32),
        };
        Some(Target {
            story: s as u32,
            place,
        })
    };
    let entity_name = |reference: &str| {
        bot.entity(reference)
            .map_or_else(|| reference.to_string(), |e| e.name.clone())
    };
    let steps = |responses: &[Response]| -> Vec<Step> {
        responses
            .iter()
            .filter_map(|r| Step::of(r, &resolve, &entity_name))
            .collect()
    };
    let (cancel, help) = escape::compile(story, analyzer);
    let nodes: Vec<Node> = story
        .interactions
        .iter()
        .map(|i| Node {
            slots: i
                .parameters
                .iter()
                .map(|p| Slot {
                    entity: entity_name(&p.entity),
                    alias: p.alias.clone(),
                    required: p.required,
                    prompts: p.prompts.clone(),
                    retry: p.retry.clone(),
                    max_retries: p.max_retries.unwrap_or(crate::story::DEFAULT_MAX_RETRIES),
                    give_up: p.give_up_goto.as_deref().and_then(|id| resolve(None, id)),
                    digressions: p.digressions,
                })
                .collect(),
            steps: steps(&i.responses),
            webhook: i.webhook.clone(),
            fallback: i
                .fallback
                .as_ref()
                .and_then(|f| story.interactions.iter().position(|x| &x.id == f))
                .map(|o| o as u32),
        })
        .collect();
    let welcome = story.welcome.enabled.then(|| steps(&story.welcome.responses));
    let fallback = steps(&story.fallback.responses);
    let kinds = kinds(&nodes, welcome.iter().flatten().chain(&fallback));
    Script {
        welcome,
        fallback,
        nodes,
        cancel,
        help,
        kinds,
    }
}

/// The kind of each name that parameters and questions fill, when they all fill it with
/// entities of one kind (a name also filled by a user entity has none).
fn kinds<'a>(nodes: &'a [Node], more: impl Iterator<Item = &'a Step>) -> BTreeMap<String, Kind> {
    let slots = nodes.iter().flat_map(|n| &n.slots).map(|s| (&s.alias, &s.entity));
    let steps = nodes.iter().flat_map(|n| &n.steps).chain(more);
    let questions = steps.filter_map(|s| match &s.action {
        Action::Question(q) => Some((&q.attribute, &q.entity)),
        _ => None,
    });
    let mut seen: BTreeMap<&str, Option<Kind>> = BTreeMap::new();
    for (name, entity) in slots.chain(questions) {
        let kind = Kind::of(entity);
        seen.entry(name)
            .and_modify(|k| *k = k.filter(|k| Some(*k) == kind))
            .or_insert(kind);
    }
    seen.into_iter()
        .filter_map(|(name, kind)| Some((name.to_string(), kind?)))
        .collect()
}
