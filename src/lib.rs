//! intently is a natural-language-understanding engine for bots: it compiles a bot's
//! stories into fst indices and answers each user utterance in microseconds — which
//! interaction the user meant, how sure it is, which entities were said, and what the bot
//! replies.
//!
//! This crate is the engine, with no I/O: no HTTP, no database, no async runtime. The
//! `intently` command-line tool and server (package `intently-server`) are built on its public
//! API only.
//!
//! # The bot model
//!
//! intently follows the concepts of the hosted ChatBot API (v1):
//!
//! - A **bot** ([`story::Bot`]) holds stories, user entities and webhooks.
//! - A **story** ([`story::Story`]) is a tree of **interactions** with settings (language,
//!   confidence threshold — 0.5 by default — and lifespan), a *welcome* interaction sent on
//!   `trigger: "welcome"` and a *fallback* interaction sent when nothing matches.
//! - An **interaction** ([`story::Interaction`]) has example phrases (`userSays`, which may
//!   hold `{{entity:alias}}` placeholders), keywords, triggers, parameters, responses and
//!   actions, an optional webhook, and its place in the tree: `root` interactions match from
//!   anywhere, `contextOut` names the children that become candidates after it.
//! - **Matching** has two systems: *machine learning* over `userSays` (tolerant of typos,
//!   inflection and word order, and — in English, through word vectors — of words the
//!   examples never used; a score in `[0, 1]`) and *keywords* (exact words in any order,
//!   at most one extra word between them; score 1.0). The best candidate at or above the
//!   threshold wins; otherwise the fallback answers.
//!
//! # From a bot file to an answer
//!
//! ```
//! use intently::story::Bot;
//! use intently::{Candidates, Model};
//!
//! // 1. Read the definitions; errors carry the line, column and JSON path of the fault.
//! let bot = Bot::from_json(r#"{
//!   "stories": [{
//!     "id": "pizza", "name": "Pizza orders",
//!     "fallback": {"userSays": ["what is the meaning of life", "tell me a joke"],
//!                  "responses": [{"type": "text", "elements": ["Sorry, I did not get that."]}]},
//!     "interactions": [
//!       {"id": "order", "name": "Order a pizza", "root": true, "action": "order.start",
//!        "userSays": ["I want to order a pizza", "can I get a pizza", "order pizzas"],
//!        "responses": [{"type": "text", "elements": ["Which size?"]}]},
//!       {"id": "hours", "name": "Opening hours", "root": true, "keywords": ["opening hours"],
//!        "userSays": ["when are you open", "what time do you close"],
//!        "responses": [{"type": "text", "elements": ["Every day from 11 to 23."]}]}
//!     ]
//!   }]
//! }"#)?;
//!
//! // 2. Check the rules of the bot model: every problem at once, each with its path.
//! bot.validate()?;
//!
//! // 3. Compile once, off the query path; the model is immutable and `Send + Sync`.
//! let model = Model::compile(&bot)?;
//! let story = model.story("pizza").unwrap();
//!
//! // 4. Answer utterances.
//! let answer = story.classify("i wnat to oder a piza", &Candidates::Roots);
//! let best = answer.best.unwrap();
//! assert_eq!(story.interactions()[best.interaction].id, "order");
//! assert!(best.score >= 0.5);
//!
//! // Or hold a conversation: a session per user, one turn at a time (see `dialog`), at the
//! // user's local time (the library has no clock: dates said in the text resolve against it).
//! let mut session = intently::dialog::Session::new(7);
//! let now = intently::entity::Reference::new(2026, 11, 24, 15, 30, 0, 60).expect("a valid time");
//! let options = intently::dialog::TurnOptions::new(now);
//! let reply = model.respond_offline(&mut session, intently::dialog::Input::Text("when are you open"), &options)?;
//! assert_eq!(reply.fulfillment[0].to_plain_text(), "Every day from 11 to 23.");
//!
//! // The model travels as versioned, checksummed bytes.
//! let bytes = model.to_bytes();
//! assert_eq!(intently::Model::from_bytes(&bytes)?.to_bytes(), bytes);
//! # Ok::<(), intently::Error>(())
//! ```
//!
//! # The modules, in the order a query flows through them
//!
//! | module | role |
//! | --- | --- |
//! | [`story`] | the definitions (serde), loading with positions, validation |
//! | [`analysis`] | normalize, tokenize (UAX #29), stem (Snowball); spans map back to the input |
//! | [`embed`] | static word vectors: what a phrase's words mean (English) |
//! | [`entity`] | user entities (an fst of values and synonyms) and system entities (`sys.email`, `sys.number`…) |
//! | [`index`] | compile definitions into the immutable [`Model`]: fst dictionaries, side tables, the byte format |
//! | [`matcher`] | score an utterance against the candidate interactions; explain a score |
//! | [`dialog`] | conversations: sessions, story context, slots and prompts, responses and actions, webhook calls |
//! | [`eval`] | accuracy of a model on labelled data |
//!
//! # Performance
//!
//! Compilation trains the classifier (linear SVMs over terms, character n-grams, bigrams
//! and, in English, the phrase's word vector; one per interaction) and is meant to run once per change of a bot, off the query path.
//! Classifying an utterance is a handful of fst lookups and row additions: tens of
//! microseconds for a bot of 150 interactions and 15,000 examples on a small machine. The
//! figures, with the commands that produced them, are in `BENCHMARKS.md`.
#![warn(missing_docs)]

pub mod analysis;
pub mod dialog;
pub mod embed;
pub mod entity;
pub mod error;
pub mod eval;
pub mod index;
mod language;
pub mod matcher;
pub mod story;

pub use error::{DialogError, Error, LoadError, ModelError, Result, SessionError};
pub use index::{InteractionInfo, Model, StoryModel};
pub use language::{Language, UnknownLanguage};
pub use matcher::{Candidates, Classification, Match, System};

/// The README's examples are compiled as doctests.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
