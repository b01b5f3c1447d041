//! What a turn returns: the `/query` result, the rendered messages, and the webhook call
//! the caller makes when an interaction has one.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::run::Run;
use crate::error::LoadError;
use crate::story::{BasicAuth, Button, Card, Response};

/// The answer to one turn, in the shape of the `result` of ChatBot's `/query`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reply {
    /// Where the query came from: always [`SOURCE`] (`app`, what ChatBot sends for a query
    /// over its API).
    #[serde(default = "source")]
    pub source: String,
    /// The text the turn answered (empty for a trigger or a goto).
    pub resolved_query: String,
    /// How sure the match is, in `[0, 1]`: the matcher's score (1 for keywords, triggers and
    /// gotos); while an interaction collects its parameters or answers to its question, the
    /// score of the match that entered it; the fallback's probability when it answers.
    pub score: f32,
    /// The confidence threshold the turn used.
    pub confidence: f32,
    /// Failed matches the context survives before it resets.
    pub lifespan: u32,
    /// The story that answered.
    pub story_id: String,
    /// The interaction that answered last (the target of a goto, the fallback…); `None` when
    /// a disabled welcome answered nothing.
    pub interaction: Option<Answered>,
    /// The parameters of that interaction collected this turn.
    pub parameters: BTreeMap<String, String>,
    /// Every attribute of the session after the turn.
    pub session_parameters: BTreeMap<String, String>,
    /// The path of interactions whose children are candidates next turn (the last is the
    /// active context), as ChatBot writes contexts: `{id, name, action, parameters}`.
    pub contexts: Vec<Context>,
    /// The messages to show, in order.
    pub fulfillment: Vec<Item>,
    /// The webhooks called this turn and how each went.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub webhooks: Vec<WebhookReport>,
    /// What the matcher saw, when the turn asked for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub debug: Option<Debug>,
}

/// The `source` of every [`Reply`].
pub const SOURCE: &str = "app";

fn source() -> String {
    SOURCE.to_string()
}

/// The answer to `POST /query` as ChatBot writes it: the envelope around a [`Reply`].
///
/// The same struct is the body of a webhook call, so a webhook reads exactly what a
/// `/query` client reads (`result.interaction.action`, `result.sessionParameters`,
/// `sessionId`…). The library does no I/O and keeps no clock: the caller gives the session
/// id and the timestamp.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryAnswer {
    /// The conversation, as the client named it.
    pub session_id: String,
    /// When the answer was made (ISO 8601, UTC).
    pub timestamp: String,
    /// `{"code": 200, "type": "success"}`.
    pub status: Status,
    /// The turn's result.
    pub result: Reply,
}

impl QueryAnswer {
    /// A successful answer (`{"code": 200, "type": "success"}`).
    pub fn success(session_id: String, timestamp: String, result: Reply) -> QueryAnswer {
        QueryAnswer {
            session_id,
            timestamp,
            status: Status {
                code: 200,
                kind: "success".to_string(),
            },
            result,
        }
    }
}

/// The `status` of a [`QueryAnswer`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Status {
    /// The HTTP status.
    pub code: u16,
    /// Its name (`success`).
    #[serde(rename = "type")]
    pub kind: String,
}

/// The interaction that answered a turn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Answered {
    /// Its id (`welcome` and `fallback` for those).
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its action, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
}

/// An interaction on the path of a conversation (a context), as ChatBot writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Context {
    /// The interaction's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its action, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// Its parameters that the session holds, by alias.
    #[serde(default)]
    pub parameters: BTreeMap<String, String>,
}

/// A rendered message: `{{attribute}}` references replaced, one text variant picked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase", rename_all_fields = "camelCase")]
#[non_exhaustive]
pub enum Message {
    /// A text.
    Text {
        /// The text.
        message: String,
    },
    /// An image.
    Image {
        /// The image's URL.
        image_url: String,
    },
    /// A question with buttons; a postback button's value comes back as the user's next
    /// text, a goto button's target as the next turn's goto.
    QuickReplies {
        /// The text above the buttons.
        title: String,
        /// The buttons.
        buttons: Vec<Button>,
    },
    /// A card.
    Card(Card),
    /// A row of cards.
    Carousel {
        /// The cards.
        cards: Vec<Card>,
    },
}

/// One item of a reply's fulfillment: a message, and how long a client waits before it
/// shows it, when a webhook said so (`delay`, in milliseconds, as ChatBot's items carry it).
///
/// In JSON the message's fields and `delay` sit side by side:
/// `{"type": "text", "message": "Hi", "delay": 2000}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// The message.
    #[serde(flatten)]
    pub message: Message,
    /// Milliseconds to wait before showing it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay: Option<u64>,
}

impl From<Message> for Item {
    fn from(message: Message) -> Item {
        Item { message, delay: None }
    }
}

impl std::ops::Deref for Item {
    type Target = Message;

    fn deref(&self) -> &Message {
        &self.message
    }
}

/// A webhook called during a turn and how it went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookReport {
    /// The webhook's id.
    pub id: String,
    /// `answered`, `failed` or `noAnswer`.
    pub outcome: String,
    /// Why it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// What the matcher saw this turn (asked for with [`TurnOptions::debug`](super::TurnOptions::debug)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Debug {
    /// The candidates that were scored, best first (empty when no matching happened).
    pub candidates: Vec<Scored>,
    /// The probability that the utterance is out of scope.
    pub fallback: f32,
    /// The entities found in the utterance.
    pub entities: Vec<Found>,
    /// How many interactions were candidates.
    pub candidate_count: usize,
    /// What happened to a pending prompt or question: `answered`, `retried`, `left` or
    /// `gaveUp`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<String>,
    /// Whether the session named interactions the model no longer has (they were forgotten).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub repaired: bool,
    /// Every response the turn considered, in order, and whether its filters let it run.
    #[serde(default)]
    pub steps: Vec<StepTrace>,
}

/// A response the turn considered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StepTrace {
    /// Where it is: an interaction's id, `welcome` or `fallback`.
    pub at: String,
    /// Its type (`text`, `goto`…).
    pub response: String,
    /// The types of its filters (`attribute`, `score`…).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<String>,
    /// Whether every filter passed, so that it ran.
    pub ran: bool,
}

/// A scored candidate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Scored {
    /// The interaction's id.
    pub id: String,
    /// Its score.
    pub score: f32,
    /// `keyword` or `machineLearning`.
    pub system: String,
}

/// An entity found in the utterance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Found {
    /// The entity's name.
    pub entity: String,
    /// Its value.
    pub value: Value,
    /// The text as the user wrote it.
    pub raw: String,
}

/// The result of a turn: a reply, or a webhook call the caller must make before the turn
/// can go on.
#[derive(Debug)]
#[must_use = "a webhook call must be answered with Model::resume to finish the turn"]
pub enum Turn {
    /// The turn is finished.
    Reply(Reply),
    /// The turn waits for a webhook: make [`WebhookCall::request`], then pass the outcome to
    /// [`Model::resume`](crate::Model::resume).
    Webhook(WebhookCall),
}

/// A webhook the turn waits for, with what the turn needs to go on afterwards.
#[derive(Debug)]
pub struct WebhookCall {
    /// The request to make.
    pub request: WebhookRequest,
    pub(super) run: Box<Run>,
}

/// An HTTP request the caller makes for the library, which does no I/O: `POST` the body as
/// JSON to the URL with `?token=`, the headers and basic authentication.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookRequest {
    /// The webhook's id.
    pub webhook: String,
    /// Where to post.
    pub url: String,
    /// Sent as `?token=` so the receiver can check the caller.
    pub token: String,
    /// Extra headers.
    pub headers: BTreeMap<String, String>,
    /// Basic authentication, if any.
    pub auth: Option<BasicAuth>,
    /// The turn's result so far: the `result` of the body, which the caller posts as a
    /// [`QueryAnswer`] (the envelope of a `/query` answer, as ChatBot sends it).
    pub body: Reply,
}

impl WebhookRequest {
    /// The URL with the token as its `token` query parameter (percent-encoded).
    pub fn url_with_token(&self) -> String {
        let mut encoded = String::with_capacity(self.token.len());
        for b in self.token.bytes() {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                encoded.push(b as char);
            } else {
                encoded.push_str(&format!("%{b:02X}"));
            }
        }
        let separator = if self.url.contains('?') { '&' } else { '?' };
        format!("{}{separator}token={encoded}", self.url)
    }
}

/// How a webhook call went.
#[derive(Debug, Clone, PartialEq)]
pub enum WebhookOutcome {
    /// It answered; its responses are appended and its parameters merged.
    Answered(WebhookAnswer),
    /// It failed (unreachable, too slow, an error status, an answer that is not JSON): the
    /// turn goes on without it.
    Failed(String),
    /// It answered nothing (or was not called): the turn goes on without it.
    NoAnswer,
}

impl WebhookOutcome {
    /// What went wrong, as a webhook keeps it (`error`): why the call failed, or which items
    /// of its answer were skipped; `None` when nothing did.
    pub fn error(&self) -> Option<String> {
        match self {
            WebhookOutcome::Failed(why) => Some(why.clone()),
            WebhookOutcome::Answered(answer) if !answer.skipped.is_empty() => {
                Some(format!("skipped {}", answer.skipped.join("; ")))
            }
            WebhookOutcome::Answered(_) | WebhookOutcome::NoAnswer => None,
        }
    }
}

/// A webhook's answer: responses to append and parameters to merge into the session, read
/// as leniently as ChatBot reads them (see [`WebhookAnswer::from_json`]).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WebhookAnswer {
    /// Responses, in the bot file's format, each with the `delay` the webhook gave it.
    pub responses: Vec<WebhookResponse>,
    /// Values merged into the session's attributes (texts; numbers and booleans are written
    /// out): v1's `parameters` and v2's `attributes`.
    pub parameters: BTreeMap<String, Value>,
    /// What was skipped because it did not read, each with its JSON path and why
    /// (`responses[1]: unknown response type …`).
    pub skipped: Vec<String>,
}

/// A response of a webhook's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct WebhookResponse {
    /// The response.
    pub response: Response,
    /// Milliseconds a client waits before it shows the messages it renders
    /// ([`Item::delay`]).
    pub delay: Option<u64>,
}

impl WebhookAnswer {
    /// Reads a webhook's JSON answer, v1 or v2:
    ///
    /// - `responses` as v1 writes them (`{"type": "text", "elements": [...]}`, the bot file's
    ///   format) or v2 (`{"type": "text", "message": "…"}`); a `delay` is kept for the
    ///   messages the response renders; `cards` reads as `card` (or `carousel` when it holds
    ///   `cards`), `interactionId` as `interaction`; other unknown fields are dropped;
    /// - `parameters` (v1) and `attributes` (v2), merged;
    /// - any other field is ignored.
    ///
    /// An item that still does not read is skipped and said in
    /// [`skipped`](WebhookAnswer::skipped); the others are kept. Only text that is not a
    /// JSON object is an error, with its line and column.
    pub fn from_json(text: &str) -> Result<WebhookAnswer, LoadError> {
        super::lenient::read(text)
    }

    /// Whether the answer says nothing: no responses, no parameters, nothing skipped (`{}`).
    pub fn is_empty(&self) -> bool {
        self.responses.is_empty() && self.parameters.is_empty() && self.skipped.is_empty()
    }

    /// The outcome of a webhook's HTTP answer body: an empty body or one that says nothing
    /// (`{}`) is [`WebhookOutcome::NoAnswer`], unreadable is [`WebhookOutcome::Failed`] with
    /// the reason.
    pub fn outcome_of(body: &str) -> WebhookOutcome {
        if body.trim().is_empty() {
            return WebhookOutcome::NoAnswer;
        }
        match WebhookAnswer::from_json(body) {
            Ok(answer) if answer.is_empty() => WebhookOutcome::NoAnswer,
            Ok(answer) => WebhookOutcome::Answered(answer),
            Err(e) => WebhookOutcome::Failed(format!("the answer is not a webhook answer: {e}")),
        }
    }
}

impl Message {
    /// The message as plain text, as a person would read it in a terminal (buttons are
    /// listed, not numbered).
    pub fn to_plain_text(&self) -> String {
        match self {
            Message::Text { message } => message.clone(),
            Message::Image { image_url } => format!("[image] {image_url}"),
            Message::QuickReplies { title, buttons } => {
                let labels: Vec<&str> = buttons.iter().map(Button::title).collect();
                format!("{title} [{}]", labels.join(" | "))
            }
            Message::Card(card) => card_text(card),
            Message::Carousel { cards } => cards.iter().map(card_text).collect::<Vec<_>>().join("\n"),
        }
    }
}

fn card_text(card: &Card) -> String {
    let mut text = format!("[card] {}", card.title);
    if let Some(subtitle) = &card.subtitle {
        text.push_str(" — ");
        text.push_str(subtitle);
    }
    text
}
