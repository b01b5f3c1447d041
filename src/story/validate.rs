//! Validation of a loaded bot: every problem at once, each with its JSON path.

use std::collections::{BTreeSet, HashMap};

use super::model::{Bot, Interaction, Story};
use super::placeholder::{Segment, is_system_entity, parse_phrase};
use super::problem::{Problem, ProblemKind, Severity, ValidationError};
use super::response::{Button, Response};

/// ChatBot's limits, checked by [`Bot::validate`].
pub mod limits {
    /// Longest name of a story, interaction, entity or webhook, in characters.
    pub const NAME_CHARS: usize = 128;
    /// Most variants of a text response.
    pub const TEXT_VARIANTS: usize = 20;
    /// Longest variant of a text response, in characters.
    pub const TEXT_CHARS: usize = 1024;
    /// Most responses of one interaction.
    pub const RESPONSES: usize = 99;
    /// Most buttons of quick replies.
    pub const QUICK_REPLY_BUTTONS: usize = 11;
    /// Most buttons of a card.
    pub const CARD_BUTTONS: usize = 3;
    /// Most cards of a carousel.
    pub const CAROUSEL_CARDS: usize = 10;
    /// Most values of a user entity.
    pub const ENTITY_VALUES: usize = 2000;
    /// Most synonyms of one value.
    pub const SYNONYMS: usize = 99;
    /// Longest keyword, trigger or entity value, in characters (a query's limit).
    pub const PHRASE_CHARS: usize = 256;
    /// Longest example phrase, in characters (as long as a text response).
    pub const EXAMPLE_CHARS: usize = 1024;
}

/// Attributes every session has, set by the caller (ChatBot's default attributes).
pub const DEFAULT_ATTRIBUTES: &[&str] = &[
    "default_name",
    "default_email",
    "default_phone",
    "default_timezone",
    "default_language",
];

impl Bot {
    /// Checks the bot against the rules of the bot model and returns its warnings, or every
    /// problem when there is at least one error.
    ///
    /// ```
    /// use intently::story::Bot;
    ///
    /// let bot = Bot::from_json(r#"{"stories": [{"id": "s", "name": "S", "interactions": [
    ///     {"id": "a", "name": "A", "root": true, "userSays": ["a {{size:pizza_size}}"]}]}]}"#)?;
    /// let err = bot.validate().unwrap_err();
    /// assert_eq!(
    ///     err.problems[0].to_string(),
    ///     r#"stories[0].interactions[0].userSays[0]: placeholder {{size:pizza_size}} names unknown entity "size""#
    /// );
    /// # Ok::<(), intently::error::LoadError>(())
    /// ```
    pub fn validate(&self) -> Result<Vec<Problem>, ValidationError> {
        let problems = self.problems();
        if problems.iter().any(|p| p.severity() == Severity::Error) {
            Err(ValidationError { problems })
        } else {
            Ok(problems)
        }
    }

    /// Every problem of the bot, errors and warnings, in document order.
    pub fn problems(&self) -> Vec<Problem> {
        let mut v = Validator {
            bot: self,
            problems: Vec::new(),
        };
        v.bot();
        v.problems
    }
}

struct Validator<'a> {
    bot: &'a Bot,
    problems: Vec<Problem>,
}

/// Remembers the first path of each value and reports repeats.
struct Seen<'a>(HashMap<&'a str, String>);

impl<'a> Seen<'a> {
    fn new() -> Self {
        Seen(HashMap::new())
    }
    fn check(&mut self, v: &mut Validator<'_>, what: &'static str, id: &'a str, path: String) {
        match self.0.get(id) {
            Some(first) => v.push(
                path,
                ProblemKind::Duplicate {
                    what,
                    id: id.to_string(),
                    first: first.clone(),
                },
            ),
            None => {
                self.0.insert(id, path);
            }
        }
    }
}

impl<'a> Validator<'a> {
    fn push(&mut self, path: String, kind: ProblemKind) {
        self.problems.push(Problem { path, kind });
    }

    fn bot(&mut self) {
        let bot = self.bot;
        if bot.stories.is_empty() {
            self.push("stories".into(), ProblemKind::NoStories);
        }
        let mut ids = Seen::new();
        let mut first_default: Option<&str> = None;
        for (s, story) in bot.stories.iter().enumerate() {
            let path = format!("stories[{s}]");
            self.id_and_name(&path, &story.id, &story.name);
            ids.check(self, "story id", &story.id, format!("{path}.id"));
            if story.default {
                match first_default {
                    Some(first) => self.push(
                        format!("{path}.default"),
                        ProblemKind::SecondDefault {
                            id: story.id.clone(),
                            first: first.to_string(),
                        },
                    ),
                    None => first_default = Some(&story.id),
                }
            }
            self.story(&path, story);
        }
        let mut entity_ids = Seen::new();
        let mut entity_names = Seen::new();
        for (e, entity) in bot.entities.iter().enumerate() {
            let path = format!("entities[{e}]");
            entity_ids.check(self, "entity id", &entity.id, format!("{path}.id"));
            entity_names.check(self, "entity name", &entity.name, format!("{path}.name"));
            self.entity(&path, entity);
        }
        let mut webhook_ids = Seen::new();
        for (w, webhook) in bot.webhooks.iter().enumerate() {
            let path = format!("webhooks[{w}]");
            webhook_ids.check(self, "webhook id", &webhook.id, format!("{path}.id"));
            self.webhook(&path, webhook);
        }
    }

    fn id_and_name(&mut self, path: &str, id: &str, name: &str) {
        if id.trim().is_empty() {
            self.push(format!("{path}.id"), ProblemKind::Empty { what: "id" });
        }
        if name.trim().is_empty() {
            self.push(format!("{path}.name"), ProblemKind::Empty { what: "name" });
        }
        self.max_chars(format!("{path}.id"), "id", id, limits::NAME_CHARS);
        self.max_chars(format!("{path}.name"), "name", name, limits::NAME_CHARS);
    }

    fn max_chars(&mut self, path: String, what: &'static str, text: &str, max: usize) {
        let got = text.chars().count();
        if got > max {
            self.push(path, ProblemKind::TooLong { what, max, got });
        }
    }

    fn max_items(&mut self, path: String, what: &'static str, got: usize, max: usize) {
        if got > max {
            self.push(path, ProblemKind::TooMany { what, max, got });
        }
    }

    fn story(&mut self, path: &str, story: &'a Story) {
        let settings = &story.settings;
        if !(0.0..=1.0).contains(&settings.confidence) {
            self.push(
                format!("{path}.settings.confidence"),
                ProblemKind::OutOfRange {
                    what: "confidence",
                    got: settings.confidence,
                    min: 0.0,
                    max: 1.0,
                },
            );
        }
        if settings.lifespan == 0 {
            let got = f64::from(settings.lifespan);
            self.push(
                format!("{path}.settings.lifespan"),
                ProblemKind::OutOfRange {
                    what: "lifespan",
                    got,
                    min: 1.0,
                    max: f64::from(u32::MAX),
                },
            );
        }
        let attributes = self.attributes_set();
        let goto_targets = self.goto_targets(story);
        self.responses(
            &format!("{path}.welcome.responses"),
            story,
            &story.welcome.responses,
            &attributes,
        );
        for (k, phrase) in story.fallback.user_says.iter().enumerate() {
            self.phrase(format!("{path}.fallback.userSays[{k}]"), "example phrase", phrase);
        }
        self.responses(
            &format!("{path}.fallback.responses"),
            story,
            &story.fallback.responses,
            &attributes,
        );

        let mut ids = Seen::new();
        let mut triggers = Seen::new();
        let reached = self.reachable(story);
        for (i, interaction) in story.interactions.iter().enumerate() {
            let ipath = format!("{path}.interactions[{i}]");
            self.id_and_name(&ipath, &interaction.id, &interaction.name);
            ids.check(self, "interaction id", &interaction.id, format!("{ipath}.id"));
            if interaction.id == "welcome" || interaction.id == "fallback" {
                self.push(
                    format!("{ipath}.id"),
                    ProblemKind::Reserved {
                        id: interaction.id.clone(),
                    },
                );
            }
            for (t, trigger) in interaction.triggers.iter().enumerate() {
                let tpath = format!("{ipath}.triggers[{t}]");
                self.phrase(tpath.clone(), "trigger", trigger);
                triggers.check(self, "trigger", trigger, tpath);
            }
            let by_goto = goto_targets.contains(interaction.id.as_str());
            let matchable = !interaction.user_says.is_empty()
                || !interaction.keywords.is_empty()
                || !interaction.triggers.is_empty();
            if !matchable && !by_goto {
                self.push(
                    ipath.clone(),
                    ProblemKind::NeverMatches {
                        id: interaction.id.clone(),
                    },
                );
            } else if !reached.contains(interaction.id.as_str()) {
                self.push(
                    format!("{ipath}.root"),
                    ProblemKind::Unreachable {
                        id: interaction.id.clone(),
                    },
                );
            }
            self.interaction(&ipath, story, interaction, &attributes);
        }
    }

    fn interaction(
        &mut self,
        path: &str,
        story: &Story,
        interaction: &Interaction,
        attributes: &BTreeSet<String>,
    ) {
        let mut aliases = Seen::new();
        for (p, parameter) in interaction.parameters.iter().enumerate() {
            let ppath = format!("{path}.parameters[{p}]");
            if parameter.alias.trim().is_empty() {
                self.push(format!("{ppath}.alias"), ProblemKind::Empty { what: "alias" });
            }
            aliases.check(
                self,
                "parameter alias",
                &parameter.alias,
                format!("{ppath}.alias"),
            );
            self.entity_ref(format!("{ppath}.entity"), &parameter.entity, None);
            if parameter.required && parameter.prompts.iter().all(|p| p.trim().is_empty()) {
                self.push(
                    format!("{ppath}.prompts"),
                    ProblemKind::NoPrompts {
                        alias: parameter.alias.clone(),
                    },
                );
            }
            for (k, text) in parameter.retry.iter().enumerate() {
                let rpath = format!("{ppath}.retry[{k}]");
                self.max_chars(rpath.clone(), "retry text", text, limits::TEXT_CHARS);
                self.template(rpath, text, attributes);
            }
            if let Some(target) = &parameter.give_up_goto {
                self.goto_ref(format!("{ppath}.giveUpGoto"), story, target, None);
            }
        }
        for (k, phrase) in interaction.user_says.iter().enumerate() {
            let kpath = format!("{path}.userSays[{k}]");
            self.phrase(kpath.clone(), "example phrase", phrase);
            let segments = match parse_phrase(phrase) {
                Ok(segments) => segments,
                Err(e) => {
                    self.push(kpath, e.into());
                    continue;
                }
            };
            for segment in segments {
                let Segment::Placeholder(p) = segment else {
                    continue;
                };
                let text = phrase[p.span.clone()].to_string();
                if !self.entity_ref(kpath.clone(), p.entity, Some(&text)) {
                    continue;
                }
                match interaction.parameters.iter().find(|param| param.alias == p.alias) {
                    None => self.push(
                        kpath.clone(),
                        ProblemKind::UnknownAlias {
                            alias: p.alias.to_string(),
                            placeholder: text,
                        },
                    ),
                    Some(param) if !self.same_entity(&param.entity, p.entity) => self.push(
                        kpath.clone(),
                        ProblemKind::EntityMismatch {
                            alias: p.alias.to_string(),
                            placeholder: text,
                            placeholder_entity: p.entity.to_string(),
                            parameter_entity: param.entity.clone(),
                        },
                    ),
                    Some(_) => {}
                }
            }
        }
        for (k, keyword) in interaction.keywords.iter().enumerate() {
            self.phrase(format!("{path}.keywords[{k}]"), "keyword", keyword);
        }
        if let Some(webhook) = &interaction.webhook {
            self.webhook_ref(format!("{path}.webhook"), webhook);
        }
        for (field, ids) in [
            ("contextOut", &interaction.context_out),
            ("references", &interaction.references),
        ] {
            for (k, id) in ids.iter().enumerate() {
                if story.interaction(id).is_none() {
                    self.push(
                        format!("{path}.{field}[{k}]"),
                        ProblemKind::UnknownInteraction {
                            via: field,
                            id: id.clone(),
                            story: None,
                        },
                    );
                }
            }
        }
        if let Some(fallback) = &interaction.fallback {
            if fallback != "fallback" && story.interaction(fallback).is_none() {
                self.push(
                    format!("{path}.fallback"),
                    ProblemKind::UnknownInteraction {
                        via: "fallback",
                        id: fallback.clone(),
                        story: None,
                    },
                );
            }
        }
        self.responses(
            &format!("{path}.responses"),
            story,
            &interaction.responses,
            attributes,
        );
    }

    /// An example phrase, keyword or trigger: not empty, not too long.
    fn phrase(&mut self, path: String, what: &'static str, text: &str) {
        if text.trim().is_empty() {
            self.push(path, ProblemKind::Empty { what });
        } else {
            let max = if what == "example phrase" {
                limits::EXAMPLE_CHARS
            } else {
                limits::PHRASE_CHARS
            };
            self.max_chars(path, what, text, max);
        }
    }

    /// Checks that an entity exists; returns whether it does.
    fn entity_ref(&mut self, path: String, name: &str, placeholder: Option<&str>) -> bool {
        let known = is_system_entity(name) || self.bot.entity(name).is_some();
        if !known {
            self.push(
                path,
                ProblemKind::UnknownEntity {
                    name: name.to_string(),
                    placeholder: placeholder.map(str::to_string),
                },
            );
        }
        known
    }

    /// Whether two entity references (by name or id) name the same entity.
    fn same_entity(&self, a: &str, b: &str) -> bool {
        a == b || matches!((self.bot.entity(a), self.bot.entity(b)), (Some(x), Some(y)) if std::ptr::eq(x, y))
    }

    fn webhook_ref(&mut self, path: String, id: &str) {
        if self.bot.webhook(id).is_none() {
            self.push(path, ProblemKind::UnknownWebhook { id: id.to_string() });
        }
    }

    fn goto_ref(&mut self, path: String, current: &Story, interaction: &str, story: Option<&str>) {
        let target = match story {
            None => current,
            Some(id) => match self.bot.story(id) {
                Some(s) => s,
                None => return self.push(path, ProblemKind::UnknownStory { id: id.to_string() }),
            },
        };
        let default = interaction == "welcome" || interaction == "fallback";
        if !default && target.interaction(interaction).is_none() {
            self.push(
                path,
                ProblemKind::UnknownInteraction {
                    via: "goto",
                    id: interaction.to_string(),
                    story: story.map(str::to_string),
                },
            );
        }
    }

    /// The ids of this story's interactions that some goto (action or button) of the bot
    /// targets.
    fn goto_targets(&self, story: &'a Story) -> BTreeSet<&'a str> {
        let mut targets: BTreeSet<&'a str> = story
            .interactions
            .iter()
            .filter_map(|i| i.fallback.as_deref())
            .chain(
                story
                    .interactions
                    .iter()
                    .flat_map(|i| &i.parameters)
                    .filter_map(|p| p.give_up_goto.as_deref()),
            )
            .collect();
        for from in &self.bot.stories {
            let mut add = |interaction: &'a str, target_story: &Option<String>| {
                let same = match target_story {
                    Some(id) => *id == story.id,
                    None => from.id == story.id,
                };
                if same {
                    targets.insert(interaction);
                }
            };
            for response in all_responses(from) {
                for (interaction, story) in jumps(response) {
                    add(interaction, story);
                }
                if let Response::Question {
                    give_up_goto: Some(target),
                    ..
                } = response
                {
                    add(target, &None);
                }
            }
        }
        targets
    }

    /// The interactions of the story that a conversation can reach: roots and interactions
    /// with triggers, then whatever their contextOut, references, fallback and gotos lead to;
    /// gotos from the welcome, the fallback and other stories count as starts.
    fn reachable(&self, story: &'a Story) -> BTreeSet<&'a str> {
        let mut starts: Vec<&'a str> = story
            .interactions
            .iter()
            .filter(|i| i.root || !i.triggers.is_empty())
            .map(|i| i.id.as_str())
            .collect();
        let defaults = story.welcome.responses.iter().chain(&story.fallback.responses);
        starts.extend(
            defaults
                .flat_map(jumps)
                .filter(|(_, s)| s.is_none())
                .map(|(i, _)| i),
        );
        for other in self.bot.stories.iter().filter(|s| s.id != story.id) {
            starts.extend(
                all_responses(other)
                    .flat_map(jumps)
                    .filter(|(_, s)| s.as_deref() == Some(story.id.as_str()))
                    .map(|(i, _)| i),
            );
        }
        let mut reached: BTreeSet<&'a str> = BTreeSet::new();
        while let Some(id) = starts.pop() {
            if !reached.insert(id) {
                continue;
            }
            let Some(interaction) = story.interaction(id) else {
                continue;
            };
            starts.extend(interaction.context_out.iter().map(String::as_str));
            starts.extend(interaction.references.iter().map(String::as_str));
            starts.extend(interaction.fallback.as_deref());
            starts.extend(
                interaction
                    .responses
                    .iter()
                    .flat_map(jumps)
                    .filter(|(_, s)| s.is_none())
                    .map(|(i, _)| i),
            );
        }
        reached
    }
}

/// The gotos of a response: its own and its buttons', as `(interaction, story)`.
fn jumps(response: &Response) -> Vec<(&str, &Option<String>)> {
    let buttons: Vec<&Button> = match response {
        Response::Goto {
            interaction, story, ..
        } => return vec![(interaction.as_str(), story)],
        Response::QuickReplies { buttons, .. } | Response::Card { buttons, .. } => buttons.iter().collect(),
        Response::Carousel { cards, .. } => cards.iter().flat_map(|c| &c.buttons).collect(),
        _ => return Vec::new(),
    };
    buttons
        .into_iter()
        .filter_map(|b| match b {
            Button::Goto {
                interaction, story, ..
            } => Some((interaction.as_str(), story)),
            _ => None,
        })
        .collect()
}

impl<'a> Validator<'a> {
    /// Every attribute something in the bot sets: parameter aliases, question attributes,
    /// setAttributes keys and the default attributes.
    fn attributes_set(&self) -> BTreeSet<String> {
        let mut set: BTreeSet<String> = DEFAULT_ATTRIBUTES.iter().map(|s| s.to_string()).collect();
        for story in &self.bot.stories {
            for interaction in &story.interactions {
                set.extend(interaction.parameters.iter().map(|p| p.alias.clone()));
            }
            for response in all_responses(story) {
                match response {
                    Response::Question { attribute, .. } => {
                        set.insert(attribute.clone());
                    }
                    Response::SetAttributes { attributes, .. } => set.extend(attributes.keys().cloned()),
                    _ => {}
                }
            }
        }
        set
    }
}

/// Every response of a story: welcome, fallback and each interaction's.
fn all_responses(story: &Story) -> impl Iterator<Item = &Response> {
    story
        .welcome
        .responses
        .iter()
        .chain(&story.fallback.responses)
        .chain(story.interactions.iter().flat_map(|i| &i.responses))
}

mod entities;
mod responses;

#[cfg(test)]
mod tests;
