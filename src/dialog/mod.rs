//! Conversations: where each user is in a story, and what the bot answers.
//!
//! A [`Session`] holds one user's place: the story, the path of interactions taken, the
//! attributes collected, the lifespan left and the prompt or question waiting for an answer.
//! [`Model::respond`] takes the session and one [`Input`] — a text, a trigger or a goto — and
//! returns the [`Reply`] in the shape of ChatBot's `/query` result, with the rendered
//! messages in order. The library stays pure: every turn takes the caller's time
//! ([`TurnOptions::new`]; for dates said in the text, and the session's last activity), the
//! session carries the seed of the random source that picks text variants, and webhooks are
//! calls the caller makes ([`Turn::Webhook`], then [`Model::resume`]).
//!
//! # The rules of a turn
//!
//! - **Context.** Root interactions match from anywhere. The children (`contextOut`) and
//!   references of every interaction on the path are candidates too. A `backtracking` action
//!   keeps only the current interaction on the path; `subsequentOnly` also takes the roots
//!   out until the next match, `subsequentAndRoot` keeps them. `end` clears the path;
//!   `reset` clears the path and the attributes. The path remembers the last
//!   [`MAX_PATH`] interactions.
//! - **Fallback.** When nothing reaches the threshold, the active context's own fallback (the
//!   nearest interaction on the path that names one) answers, else the story's. Inside a
//!   context each fallback costs one lifespan; at zero the context resets to the roots. A
//!   match restores the lifespan.
//! - **Triggers and gotos** bypass matching: `trigger: "welcome"` starts a conversation with
//!   the welcome (nothing is said when it is disabled); another trigger enters the
//!   interaction that declares it; a goto enters the interaction it names (or `welcome`,
//!   `fallback`). A name the story does not have is an error and the session is untouched.
//! - **Parameters.** Entering an interaction reads its parameters from the utterance (each
//!   takes the next value of its entity, in order; `sys.any` is never read from a matched
//!   utterance — it is asked for) and from the turn's injected parameters. A required one
//!   that is missing is asked for with its prompts in order (the last repeats). Within the
//!   interaction's responses a parameter the turn did not fill reads as unset, whatever an
//!   earlier turn left; every filled one is also kept as a session attribute.
//! - **Answers to a prompt or question.** While a prompt (a required parameter) or a
//!   `question` waits, the next text is read in this order:
//!   1. *An answer.* A value of the entity answers it, whatever else the text might mean.
//!   2. *Cancel.* A cancel phrase of the story's language ("cancel", "stop", "never mind",
//!      "forget it", "no thanks"; "cancelar", "olvídalo", "déjalo"…: the whole text, case,
//!      accents and punctuation aside) leaves the question and its flow: the interaction that
//!      asked leaves the path, its ancestors stay. The flow's own way out — a child or
//!      reference of the interaction that asked, which the text matches (`cancel_order`) —
//!      answers; else the story's interaction with the trigger `cancel`; else a built-in
//!      acknowledgement in the story's language (the reply names the interaction `cancel`).
//!      With no question waiting, a cancel phrase that nothing matches ends the context the
//!      same way.
//!   3. *Help.* A help phrase ("help", "ayuda"…) is answered by a child of the interaction
//!      that asked which the text matches, else the story's interaction with the trigger
//!      `help`, else a built-in explanation; then the question is asked again (help is no
//!      failed answer). An interaction with the trigger `cancel` (or `help`) that has
//!      keywords replaces the built-in phrases with them.
//!   4. *A digression.* A text that *clearly* asks for another candidate of the context — a
//!      keyword, or a score of at least [`CLEAR_MATCH`] — is answered by that interaction;
//!      so is a text that only a free-text entity would take when the fallback's own examples
//!      claim it (the fallback reaches the threshold: "what's the weather tomorrow" is no
//!      address), by the context's fallback, at no cost of lifespan. Once nothing is pending
//!      the interrupted question is asked again (the prompt it was at; what was collected
//!      stays) — after the digression's own question, if it asked one ([`MAX_INTERRUPTED`]
//!      wait at most) — unless the turn left the flow (`end`, `reset`, `backtracking`, or
//!      the interaction is no longer on the path); entering the interaction that asked
//!      starts it over. `"digressions": false` on a parameter or question reads every text
//!      as an answer.
//!   5. *A free text.* A free-text entity (`sys.any`, an extensible entity) takes the text,
//!      without control characters and terminal escape sequences, if it holds something that
//!      says something (not punctuation or a lone letter) and has at most
//!      [`MAX_FREE_TEXT_CHARS`] characters.
//!   6. *An invalid answer* is asked again: a prompt says its `retry` texts, else its next
//!      prompt (the last repeats); a question its `retry` texts, else the question. After
//!      `maxRetries` such answers ([`DEFAULT_MAX_RETRIES`](crate::story::DEFAULT_MAX_RETRIES)
//!      when absent) the question is dropped and the interaction `giveUpGoto` names answers,
//!      else the context's fallback.
//! - **Responses** run in order, each only if all its filters pass. `{{name}}` in any text,
//!   title, button or URL is replaced by the attribute (an unknown one by nothing). In what
//!   a person reads (texts, titles, subtitles) a date, time, number, amount… that a system
//!   entity filled is written as the story's language writes it (`lunes 7 de diciembre`,
//!   `9 pm`, `$50.00`); `{{name|raw}}`, URLs, postback values and `setAttributes` take
//!   the value as stored (`2026-12-07`), as webhooks, parameters and filters do. A `goto`
//!   jumps: the rest of the current responses, and the interaction's own webhook, do not run
//!   (at most [`MAX_JUMPS`] gotos per turn). A `question` stops the turn; the responses after
//!   it run once it is answered. Score filters see the score of the match that entered the
//!   interaction, also in the later turns that answer its prompts or question.
//! - **Debugging.** With [`TurnOptions::debug`], the reply's [`Debug`](struct@Debug) holds the candidates
//!   and their scores, the entities found, what happened to a pending prompt, and every
//!   response the turn considered with whether its filters let it run.
//! - **Webhooks.** A `webhook` action, and an interaction's own webhook once its responses
//!   have run, stop the turn with a [`WebhookCall`]. The caller makes the request and
//!   resumes with the [`WebhookOutcome`]: an answer's responses run at that point and its
//!   parameters are merged into the session; a failed or absent answer goes on without.
//!   (A question or webhook inside a webhook's answer is skipped.)
//! - **Old sessions.** A session names interactions by id. A turn on a model that no longer
//!   has some of them forgets them (a pending prompt of a deleted interaction is dropped);
//!   with nothing left on the path, the conversation is back at the story's roots.
//!
//! ```
//! use intently::dialog::{Input, Message, Session, TurnOptions};
//! use intently::entity::Reference;
//! use intently::story::Bot;
//! use intently::Model;
//!
//! let bot = Bot::from_json(r#"{
//!   "stories": [{"id": "pizza", "name": "Pizza",
//!     "welcome": {"responses": [{"type": "text", "elements": ["Hi! Hungry?"]}]},
//!     "interactions": [{
//!       "id": "order", "name": "Order", "root": true,
//!       "userSays": ["I want a {{size:size}} pizza", "a pizza please", "can I order a pizza"],
//!       "parameters": [{"entity": "size", "alias": "size", "required": true,
//!                       "prompts": ["Which size: small or large?"]}],
//!       "responses": [{"type": "text", "elements": ["A {{size}} pizza, coming up."]}]
//!     }]}],
//!   "entities": [{"id": "size", "name": "size", "entries": [
//!     {"value": "small", "synonyms": []}, {"value": "large", "synonyms": [{"value": "big"}]}]}]
//! }"#)?;
//! let model = Model::compile(&bot)?;
//! let mut session = Session::new(7);
//! let options = TurnOptions::new(Reference::new(2026, 11, 24, 15, 30, 0, 60).expect("a valid time"));
//! let say = |reply: intently::dialog::Reply| match &reply.fulfillment[0].message {
//!     Message::Text { message } => message.clone(),
//!     other => panic!("{other:?}"),
//! };
//!
//! let welcome = model.respond_offline(&mut session, Input::Trigger("welcome"), &options)?;
//! assert_eq!(say(welcome), "Hi! Hungry?");
//! let prompt = model.respond_offline(&mut session, Input::Text("can I order a pizza"), &options)?;
//! assert_eq!(say(prompt), "Which size: small or large?");
//! let done = model.respond_offline(&mut session, Input::Text("a big one"), &options)?;
//! assert_eq!(say(done), "A large pizza, coming up.");
//! assert_eq!(session.attributes["size"], "large");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;

mod answer;
mod escape;
mod lenient;
mod perform;
mod readable;
mod render;
mod reply;
mod run;
mod script;
mod session;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_questions;
mod values;

pub use reply::{
    Answered, Context, Debug, Found, Item, Message, QueryAnswer, Reply, SOURCE, Scored, Status, StepTrace,
    Turn, WebhookAnswer, WebhookCall, WebhookOutcome, WebhookReport, WebhookRequest, WebhookResponse,
};
pub use run::{CLEAR_MATCH, MAX_JUMPS};
pub use session::{MAX_INTERRUPTED, MAX_PATH, Pending, SESSION_VERSION, Session};
pub use values::MAX_FREE_TEXT_CHARS;

pub(crate) use script::{Script, compile as compile_script};

use crate::entity::Reference;
use crate::error::DialogError;
use crate::{Model, StoryModel};
use script::{Place, Step};

/// What the user did this turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input<'a> {
    /// Said (or typed) something; a quick reply's postback value comes back this way.
    Text(&'a str),
    /// Fired a trigger: `welcome`, or a name an interaction declares.
    Trigger(&'a str),
    /// Jumped to an interaction by id (or `welcome`, `fallback`), e.g. with a goto button.
    Goto(&'a str),
}

/// Per-turn options, as `/query` takes them.
///
/// The library has no clock, so a turn needs the caller's: build the options with
/// [`TurnOptions::new`] and the user's time, then set what else the turn asks for. There is
/// no `Default`: a forgotten reference would silently read "tomorrow" as 2 January 1970.
///
/// ```
/// use intently::dialog::TurnOptions;
/// use intently::entity::Reference;
///
/// let now = Reference::new(2026, 11, 24, 15, 30, 0, 60).expect("a valid date and time");
/// let options = TurnOptions::new(now).story("pizza").debug(true);
/// assert_eq!(options.timestamp, 1_795_530_600_000);
/// assert_eq!(options.story.as_deref(), Some("pizza"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct TurnOptions {
    /// The story to answer in; by default the session's, else the bot's default story.
    pub story: Option<String>,
    /// The confidence threshold for this turn instead of the story's.
    pub confidence: Option<f32>,
    /// The lifespan a match restores, instead of the story's.
    pub lifespan: Option<u32>,
    /// Start from a fresh session (context, attributes and lifespan) before the turn.
    pub reset: bool,
    /// Values set as session attributes before the turn (`default_name`…); they also fill
    /// the parameters of the same name of the interaction the turn enters.
    pub parameters: BTreeMap<String, String>,
    /// Add what the matcher saw to the reply ([`Reply::debug`]).
    pub debug: bool,
    /// The user's local time, against which dates and times said in the text (`tomorrow`,
    /// `at 9`) resolve.
    pub reference: Reference,
    /// The moment of the turn in Unix milliseconds, kept as the session's
    /// [`last_activity`](Session::last_activity). [`TurnOptions::new`] takes it from the
    /// reference (whole seconds; 0 for a reference before 1970); set it for a finer clock.
    pub timestamp: u64,
}

impl TurnOptions {
    /// The options of a turn said at `reference` (the user's local time), with the story's
    /// own settings and no parameters; the timestamp is the reference's moment.
    pub fn new(reference: Reference) -> TurnOptions {
        let seconds = u64::try_from(reference.unix_seconds()).unwrap_or(0);
        TurnOptions {
            story: None,
            confidence: None,
            lifespan: None,
            reset: false,
            parameters: BTreeMap::new(),
            debug: false,
            reference,
            timestamp: seconds.saturating_mul(1000),
        }
    }

    /// Answers in this story (its id).
    #[must_use]
    pub fn story(mut self, id: impl Into<String>) -> TurnOptions {
        self.story = Some(id.into());
        self
    }

    /// Uses this confidence threshold instead of the story's.
    #[must_use]
    pub fn confidence(mut self, threshold: f32) -> TurnOptions {
        self.confidence = Some(threshold);
        self
    }

    /// Restores this lifespan on a match instead of the story's.
    #[must_use]
    pub fn lifespan(mut self, lifespan: u32) -> TurnOptions {
        self.lifespan = Some(lifespan);
        self
    }

    /// Starts from a fresh session, or not.
    #[must_use]
    pub fn reset(mut self, reset: bool) -> TurnOptions {
        self.reset = reset;
        self
    }

    /// Sets one parameter (a session attribute) before the turn.
    #[must_use]
    pub fn parameter(mut self, name: impl Into<String>, value: impl Into<String>) -> TurnOptions {
        self.parameters.insert(name.into(), value.into());
        self
    }

    /// Adds what the matcher saw to the reply, or not.
    #[must_use]
    pub fn debug(mut self, debug: bool) -> TurnOptions {
        self.debug = debug;
        self
    }

    /// Keeps this moment (Unix milliseconds) as the session's last activity instead of the
    /// reference's.
    #[must_use]
    pub fn timestamp(mut self, millis: u64) -> TurnOptions {
        self.timestamp = millis;
        self
    }
}

/// The steps that run at a place of a story.
pub(crate) fn steps(story: &StoryModel, place: Place) -> &[Step] {
    match place {
        Place::Welcome => story.script.welcome.as_deref().unwrap_or(&[]),
        Place::Fallback => &story.script.fallback,
        Place::Interaction(o) => story
            .script
            .nodes
            .get(o as usize)
            .map_or(&[], |n| n.steps.as_slice()),
    }
}

impl Model {
    /// Answers one turn of a conversation and updates the session; see the [module
    /// docs](crate::dialog) for the rules. A [`Turn::Webhook`] asks the caller to call a
    /// webhook and to [`resume`](Model::resume) with the outcome.
    ///
    /// An unknown story, trigger or goto target, or an empty text, is an error, and the
    /// session is left as it was.
    pub fn respond(
        &self,
        session: &mut Session,
        input: Input<'_>,
        options: &TurnOptions,
    ) -> Result<Turn, DialogError> {
        run::respond(self, session, input, options)
    }

    /// Goes on with a turn that waited for a webhook, given how the call went.
    pub fn resume(&self, session: &mut Session, call: WebhookCall, outcome: WebhookOutcome) -> Turn {
        run::resume(self, session, call, outcome)
    }

    /// Answers one turn, calling `webhook` for each webhook the turn meets (a blocking
    /// caller's shortcut for [`respond`](Model::respond) and [`resume`](Model::resume)).
    pub fn respond_with(
        &self,
        session: &mut Session,
        input: Input<'_>,
        options: &TurnOptions,
        mut webhook: impl FnMut(&WebhookRequest) -> WebhookOutcome,
    ) -> Result<Reply, DialogError> {
        let mut turn = self.respond(session, input, options)?;
        loop {
            match turn {
                Turn::Reply(reply) => return Ok(reply),
                Turn::Webhook(call) => {
                    let outcome = webhook(&call.request);
                    turn = self.resume(session, call, outcome);
                }
            }
        }
    }

    /// Answers one turn without calling webhooks: each goes on with
    /// [`WebhookOutcome::NoAnswer`].
    pub fn respond_offline(
        &self,
        session: &mut Session,
        input: Input<'_>,
        options: &TurnOptions,
    ) -> Result<Reply, DialogError> {
        self.respond_with(session, input, options, |_| WebhookOutcome::NoAnswer)
    }
}
