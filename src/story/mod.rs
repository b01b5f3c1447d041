//! Bot definitions: the serde types of a bot file, loading with positions, validation.
//!
//! A [`Bot`] is what a team writes: [`Story`]s made of [`Interaction`]s, user
//! [`Entity`]s and [`Webhook`]s, in the JSON shape of the ChatBot v1 API (`userSays`,
//! `contextOut`, `quickReplies`…). These types are the *input*; the matcher never reads
//! them on the query path — they are compiled into a model first.
//!
//! Reading a bot has two steps:
//!
//! 1. [`Bot::from_json`] (or [`Bot::from_json_bytes`]) reads the document. Malformed JSON,
//!    wrong types and unknown fields fail here with the line, column and JSON path of the
//!    fault ([`LoadError`](crate::error::LoadError)).
//! 2. [`Bot::validate`] checks the rules of the bot model — unique ids, references that
//!    resolve, placeholders that name known entities and parameters, interactions that can
//!    match, ChatBot's limits — and returns every [`Problem`] at once, each with its path.
//!
//! ```
//! use intently::story::{Bot, Response};
//!
//! let bot = Bot::from_json(r#"{
//!   "stories": [{
//!     "id": "pizza", "name": "Pizza orders",
//!     "interactions": [{
//!       "id": "order", "name": "Order a pizza", "root": true,
//!       "userSays": ["I want a {{size:size}} pizza"],
//!       "parameters": [{"entity": "size", "alias": "size", "required": true,
//!                       "prompts": ["Which size?"]}],
//!       "responses": [{"type": "text", "elements": ["A {{size}} pizza, coming up."]}]
//!     }]
//!   }],
//!   "entities": [{"id": "size", "name": "size",
//!                 "entries": [{"value": "large", "synonyms": [{"value": "big"}]}]}]
//! }"#)?;
//! let warnings = bot.validate()?;
//! assert!(warnings.is_empty());
//! let order = &bot.stories[0].interactions[0];
//! assert!(matches!(&order.responses[0], Response::Text { elements, .. } if elements.len() == 1));
//! # Ok::<(), intently::Error>(())
//! ```

mod load;
mod model;
mod placeholder;
mod problem;
mod response;
pub(crate) mod template;
mod validate;

pub(crate) use load::read_json;
pub use load::{MAX_BOT_BYTES, with_suggestion};
pub use model::{
    BasicAuth, Bot, DEFAULT_CONFIDENCE, DEFAULT_LIFESPAN, DEFAULT_MAX_RETRIES, Entity, EntityEntry, Fallback,
    Interaction, Parameter, Story, StorySettings, Synonym, Webhook, Welcome,
};
pub use placeholder::{
    Placeholder, PlaceholderError, SYSTEM_ENTITIES, Segment, is_system_entity, parse_phrase,
};
pub use problem::{Problem, ProblemKind, Severity, ValidationError};
pub use response::{BacktrackingMode, Button, Card, Filter, FilterValue, Operator, Response};
pub(crate) use response::{button_fields, response_fields};
pub use validate::{DEFAULT_ATTRIBUTES, limits};
