//! `POST /query`: one turn of a conversation, as ChatBot's.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State as Shared;
use axum::extract::rejection::BytesRejection;
use axum::http::HeaderMap;
use intently::dialog::{Input, QueryAnswer, Session, Turn, TurnOptions, WebhookOutcome};
use serde::Deserialize;
use serde_json::Value;

use super::auth::Role;
use super::body::{bytes, json_body};
use super::envelope::{ApiError, now};
use super::state::{Busy, State, lock};

/// The body of `POST /query`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct QueryRequest {
    #[serde(deserialize_with = "session_id")]
    session_id: String,
    #[serde(default)]
    story_id: Option<String>,
    #[serde(default)]
    query: Option<String>,
    #[serde(default)]
    trigger: Option<String>,
    #[serde(default)]
    goto: Option<String>,
    #[serde(default)]
    reset: bool,
    #[serde(default)]
    parameters: BTreeMap<String, Value>,
    #[serde(default)]
    confidence: Option<f32>,
    #[serde(default)]
    lifespan: Option<u32>,
    #[serde(default)]
    debug: bool,
}

/// A `sessionId` as clients send it: a string, or a JSON number of digits, taken as its
/// text exactly as written (a number past 2^64 too, so the raw text is read, not a `u64`).
fn session_id<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    use serde::de::Error;
    let raw = <Box<serde_json::value::RawValue>>::deserialize(deserializer)?;
    let text = raw.get();
    if text.starts_with('"') {
        return serde_json::from_str(text).map_err(D::Error::custom);
    }
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(text.to_string());
    }
    Err(D::Error::custom(format!(
        "expected a string, or a whole number of 10 to 36 digits, not {text}"
    )))
}

/// ChatBot's limits on `/query`.
const SESSION_ID_CHARS: std::ops::RangeInclusive<usize> = 10..=36;
const QUERY_CHARS: std::ops::RangeInclusive<usize> = 1..=256;
const NAME_CHARS: usize = 256;
const MAX_LIFESPAN: u32 = 1000;
const MAX_PARAMETERS: usize = 100;

impl QueryRequest {
    /// Checks the fields; every fault names its field.
    fn check(&self) -> Result<Input<'_>, ApiError> {
        let chars = |s: &str| s.chars().count();
        if !SESSION_ID_CHARS.contains(&chars(&self.session_id)) {
            return Err(ApiError::bad_request(format!(
                "sessionId must have 10 to 36 characters, it has {}",
                chars(&self.session_id)
            )));
        }
        if self.session_id.trim().is_empty() {
            return Err(ApiError::bad_request(
                "sessionId must not be only spaces: send the id of the conversation",
            ));
        }
        if let Some((at, c)) = self.session_id.chars().enumerate().find(|(_, c)| c.is_control()) {
            return Err(ApiError::bad_request(format!(
                "sessionId must not hold control characters; it has U+{:04X} at character {}",
                u32::from(c),
                at + 1
            )));
        }
        let given = [
            ("query", &self.query),
            ("trigger", &self.trigger),
            ("goto", &self.goto),
        ];
        let set: Vec<&str> = given
            .iter()
            .filter(|(_, v)| v.is_some())
            .map(|(k, _)| *k)
            .collect();
        if set.len() != 1 {
            return Err(ApiError::bad_request(format!(
                "exactly one of query, trigger and goto must be given, not {}",
                if set.is_empty() {
                    "none".to_string()
                } else {
                    set.join(" and ")
                }
            )));
        }
        if let Some(q) = &self.query {
            if !QUERY_CHARS.contains(&chars(q)) || q.trim().is_empty() {
                return Err(ApiError::bad_request(format!(
                    "query must have 1 to 256 characters (not only spaces), it has {}",
                    chars(q)
                )));
            }
        }
        for (field, value) in [
            ("trigger", &self.trigger),
            ("goto", &self.goto),
            ("storyId", &self.story_id),
        ] {
            if value
                .as_ref()
                .is_some_and(|v| v.is_empty() || chars(v) > NAME_CHARS)
            {
                return Err(ApiError::bad_request(format!(
                    "{field} must have 1 to {NAME_CHARS} characters"
                )));
            }
        }
        if self.confidence.is_some_and(|c| !(0.0..=1.0).contains(&c)) {
            return Err(ApiError::bad_request("confidence must be a number from 0 to 1"));
        }
        if self.lifespan.is_some_and(|l| l > MAX_LIFESPAN) {
            return Err(ApiError::bad_request(format!(
                "lifespan must be at most {MAX_LIFESPAN}"
            )));
        }
        if self.parameters.len() > MAX_PARAMETERS {
            return Err(ApiError::bad_request(format!(
                "parameters may hold at most {MAX_PARAMETERS} values"
            )));
        }
        Ok(match (&self.query, &self.trigger, &self.goto) {
            (Some(q), _, _) => Input::Text(q),
            (_, Some(t), _) => Input::Trigger(t),
            (_, _, Some(g)) => Input::Goto(g),
            _ => unreachable!("exactly one was checked above"),
        })
    }
}

/// A conversation taken out for a turn: freed on drop unless it was put back.
struct Lease<'a> {
    state: &'a Arc<State>,
    id: &'a str,
    returned: bool,
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        if !self.returned {
            lock(&self.state.sessions).release(self.id);
        }
    }
}

/// Keeps a webhook's error (off the request path).
fn keep_error(state: &Arc<State>, id: &str, why: &str) {
    let (state, id, why) = (state.clone(), id.to_string(), why.to_string());
    tokio::task::spawn_blocking(move || {
        if let Err(e) = lock(&state.store).set_webhook_error(&id, &now(), &why) {
            tracing::error!("cannot keep the error of webhook {id}: {e:#}");
        }
    });
}

/// A session's seed: a hash of its id, so each conversation picks its own variants.
fn seed(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The texts of the injected parameters (numbers and booleans written out).
fn texts(parameters: &BTreeMap<String, Value>) -> BTreeMap<String, String> {
    parameters
        .iter()
        .map(|(k, v)| {
            let text = match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            (k.clone(), text)
        })
        .collect()
}

/// `POST /query`, counted in the metrics.
pub async fn query(
    Shared(state): Shared<Arc<State>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<QueryAnswer>, ApiError> {
    let started = Instant::now();
    let answer = turn(state.clone(), headers, body).await;
    let fell_back = answer.as_ref().is_ok_and(|body| {
        body.result
            .interaction
            .as_ref()
            .is_some_and(|i| i.id == "fallback")
    });
    state.metrics.query(started.elapsed(), answer.is_ok(), fell_back);
    answer
}

/// One turn: checks, the session, the model's answer.
async fn turn(
    state: Arc<State>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<QueryAnswer>, ApiError> {
    state.tokens.load().check(super::bearer(&headers), Role::Client)?;
    let body = bytes(body)?;
    let request: QueryRequest = json_body(&headers, &body)?;
    let input = request.check()?;
    let compiled = state.model.load_full();
    let model = &compiled.model;
    if let Some(id) = &request.story_id {
        if model.story(id).is_none() {
            let known: Vec<&str> = model.stories().iter().map(|s| s.id()).collect();
            return Err(ApiError::bad_request(format!(
                "storyId {id:?} is not a story of this bot; its stories are: {}",
                known.join(", ")
            )));
        }
    }
    // The request says no time zone: "tomorrow" counts from today's date in UTC.
    let reference = crate::turn::system_now().map_err(|e| ApiError::internal(&e))?;
    let mut options = TurnOptions {
        story: request.story_id.clone(),
        confidence: request.confidence,
        lifespan: request.lifespan,
        reset: request.reset,
        parameters: texts(&request.parameters),
        debug: request.debug,
        ..TurnOptions::new(reference)
    };
    if let Some(millis) = crate::turn::unix_millis() {
        options.timestamp = millis;
    }
    let started = Instant::now();
    let taken = lock(&state.sessions).take(&request.session_id, started);
    let mut session = match taken {
        Ok(session) => session.unwrap_or_else(|| Session::new(seed(&request.session_id))),
        Err(Busy) => {
            return Err(ApiError::conflict(format!(
                "sessionId {:?}: another turn of this conversation is still being answered; send the next one after its answer",
                request.session_id
            )));
        }
    };
    // If this request is dropped before it answers (the client went away during a webhook
    // call), the conversation is freed: its next turn starts over.
    let mut lease = Lease {
        state: &state,
        id: &request.session_id,
        returned: false,
    };
    let mut turn = match model.respond(&mut session, input, &options) {
        Ok(turn) => turn,
        Err(error) => {
            lease.returned = true;
            lock(&state.sessions).put(request.session_id.clone(), session, started);
            return Err(ApiError::bad_request(error.to_string()));
        }
    };
    let reply = loop {
        match turn {
            Turn::Reply(reply) => break reply,
            Turn::Webhook(call) => {
                let outcome = state.caller.call(&call.request, &request.session_id).await;
                let failed = matches!(outcome, WebhookOutcome::Failed(_));
                state.metrics.webhook(failed);
                // A skipped item of an answer is kept as the webhook's error too.
                if let Some(why) = outcome.error() {
                    keep_error(&state, &call.request.webhook, &why);
                }
                turn = model.resume(&mut session, call, outcome);
            }
        }
    };
    lease.returned = true;
    lock(&state.sessions).put(request.session_id.clone(), session, Instant::now());
    let fell_back = reply.interaction.as_ref().is_some_and(|i| i.id == "fallback");
    if let (true, Some(text)) = (fell_back, &request.query) {
        // Kept for `/training`, off the request path.
        let (state, story, text) = (state.clone(), reply.story_id.clone(), text.clone());
        tokio::task::spawn_blocking(move || {
            if let Err(e) = lock(&state.store).record_unmatched(&story, &text, &now()) {
                tracing::error!("cannot record an unmatched phrase: {e:#}");
            }
        });
    }
    Ok(Json(QueryAnswer::success(
        request.session_id.clone(),
        now(),
        reply,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn request(json: Value) -> QueryRequest {
        serde_json::from_value(json).expect("a request")
    }

    #[test]
    fn every_fault_names_its_field() {
        let fault = |json: Value| request(json).check().expect_err("a fault").message;
        assert!(fault(json!({"sessionId": "short", "query": "hi"})).contains("sessionId"));
        assert!(
            fault(json!({"sessionId": "0123456789", "query": "hi", "trigger": "welcome"}))
                .contains("query and trigger")
        );
        assert!(fault(json!({"sessionId": "0123456789"})).contains("none"));
        assert!(fault(json!({"sessionId": "0123456789", "query": "x".repeat(257)})).contains("query"));
        assert!(fault(json!({"sessionId": "0123456789", "query": "   "})).contains("query"));
        assert!(
            fault(json!({"sessionId": "0123456789", "query": "hi", "confidence": 2})).contains("confidence")
        );
        assert!(fault(json!({"sessionId": "0123456789", "goto": ""})).contains("goto"));
        let ok = request(json!({"sessionId": "0123456789", "trigger": "welcome"}));
        assert_eq!(ok.check().expect("valid"), Input::Trigger("welcome"));
    }
}
