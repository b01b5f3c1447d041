//! Outgoing webhooks: the handshake that verifies a webhook before it is stored, and the
//! calls `/query` makes for the library (which does no I/O).
//!
//! A slow, failing or malformed webhook never fails a query: the turn goes on without its
//! answer, and the webhook keeps the error (`error {date, message}`). A webhook that keeps
//! failing is paused (a circuit breaker, [`Breaker`]): while paused, turns go on without
//! calling it, so they do not each wait for it to time out.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use intently::dialog::{QueryAnswer, WebhookAnswer, WebhookOutcome, WebhookRequest};
use intently::story::Webhook;

use super::envelope::{ApiError, now};

/// The HTTP client of the webhooks.
#[derive(Debug, Clone)]
pub struct Caller {
    client: reqwest::Client,
    breaker: Arc<Mutex<Breaker>>,
}

/// Pauses webhooks that keep failing: after `after` failures in a row, a webhook is not
/// called for `pause`; the first call after the pause tries it again, and one more failure
/// pauses it again. A success, or a change of the webhook, forgets its failures.
#[derive(Debug)]
pub struct Breaker {
    after: u32,
    pause: Duration,
    /// Webhook id → failures in a row, and the end of its pause.
    failing: HashMap<String, (u32, Option<Instant>)>,
}

impl Breaker {
    /// A breaker that pauses after `after` failures in a row (0: never) for `pause`.
    pub fn new(after: u32, pause: Duration) -> Breaker {
        Breaker {
            after,
            pause,
            failing: HashMap::new(),
        }
    }

    /// Whether the webhook may be called now; if not, why.
    pub fn allow(&self, id: &str, now: Instant) -> Result<(), String> {
        match self.failing.get(id) {
            Some(&(failures, Some(until))) if now < until => Err(format!(
                "not called: it failed {failures} times in a row and is paused for {} s more",
                until.duration_since(now).as_secs().max(1)
            )),
            _ => Ok(()),
        }
    }

    /// Counts the outcome of a call.
    pub fn record(&mut self, id: &str, ok: bool, now: Instant) {
        if ok {
            self.failing.remove(id);
            return;
        }
        let entry = self.failing.entry(id.to_string()).or_insert((0, None));
        entry.0 = entry.0.saturating_add(1);
        if self.after > 0 && entry.0 >= self.after {
            entry.1 = Some(now + self.pause);
        }
    }

    /// Forgets a webhook's failures (it was changed or deleted).
    pub fn forget(&mut self, id: &str) {
        self.failing.remove(id);
    }
}

/// A random challenge: 16 bytes from the system's generator, as hex.
fn challenge() -> Result<String, ApiError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|e| ApiError::internal(&anyhow::anyhow!("no random source for a challenge: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

impl Caller {
    /// A client whose calls give up after `timeout`, pausing webhooks as `breaker` says.
    pub fn new(timeout: Duration, breaker: Breaker) -> anyhow::Result<Caller> {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .user_agent(concat!("intently/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Caller {
            client,
            breaker: Arc::new(Mutex::new(breaker)),
        })
    }

    /// Forgets a webhook's failures (it was changed or deleted): it is called again.
    pub fn forget(&self, id: &str) {
        super::state::lock(&self.breaker).forget(id);
    }

    /// The handshake: `GET url?challenge=…&token=…` must answer 2xx with the challenge as its
    /// body; anything else is a 400 that says what came back.
    pub async fn verify(&self, webhook: &Webhook) -> Result<(), ApiError> {
        let challenge = challenge()?;
        let refused = |why: String| {
            ApiError::bad_request(format!(
                "url: the webhook {:?} did not pass the handshake (GET {}?challenge=…&token=… must echo the challenge): {why}",
                webhook.id, webhook.url
            ))
        };
        let mut request = self.client.get(&webhook.url).query(&[
            ("challenge", challenge.as_str()),
            ("token", webhook.token.as_str()),
        ]);
        for (name, value) in &webhook.headers {
            request = request.header(name, value);
        }
        if let Some(auth) = &webhook.auth {
            request = request.basic_auth(&auth.username, Some(&auth.password));
        }
        let response = request.send().await.map_err(|e| refused(describe(e)))?;
        let status = response.status();
        let body = response.text().await.map_err(|e| refused(describe(e)))?;
        if !status.is_success() {
            return Err(refused(format!("it answered HTTP {status}")));
        }
        if body.trim() != challenge {
            let shown: String = body.chars().take(80).collect();
            return Err(refused(format!("it answered {shown:?}")));
        }
        Ok(())
    }

    /// Calls a webhook for a turn of conversation `session_id`: `POST` the result so far,
    /// in the envelope of a `/query` answer ([`QueryAnswer`], as ChatBot sends it), as JSON,
    /// with `?token=`, the headers and basic authentication; not called while the breaker
    /// pauses it.
    pub async fn call(&self, request: &WebhookRequest, session_id: &str) -> WebhookOutcome {
        let id = &request.webhook;
        if let Err(why) = super::state::lock(&self.breaker).allow(id, Instant::now()) {
            return WebhookOutcome::Failed(why);
        }
        let outcome = self.post(request, session_id).await;
        let ok = !matches!(outcome, WebhookOutcome::Failed(_));
        super::state::lock(&self.breaker).record(id, ok, Instant::now());
        outcome
    }

    async fn post(&self, request: &WebhookRequest, session_id: &str) -> WebhookOutcome {
        let body = QueryAnswer::success(session_id.to_string(), now(), request.body.clone());
        let mut call = self.client.post(request.url_with_token()).json(&body);
        for (name, value) in &request.headers {
            call = call.header(name, value);
        }
        if let Some(auth) = &request.auth {
            call = call.basic_auth(&auth.username, Some(&auth.password));
        }
        let response = match call.send().await {
            Ok(response) => response,
            Err(e) => return WebhookOutcome::Failed(describe(e)),
        };
        let status = response.status();
        if !status.is_success() {
            return WebhookOutcome::Failed(format!("it answered HTTP {status}"));
        }
        match response.text().await {
            Ok(body) => WebhookAnswer::outcome_of(&body),
            Err(e) => WebhookOutcome::Failed(describe(e)),
        }
    }
}

/// What went wrong with a call, in a few words, without the URL.
fn describe(error: reqwest::Error) -> String {
    // The URL holds the webhook's token (`?token=`): it never goes into a message, which
    // /query clients read.
    let error = error.without_url();
    if error.is_timeout() {
        "it did not answer in time".to_string()
    } else if error.is_connect() {
        format!("cannot connect: {error}")
    } else {
        error.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_webhook_that_keeps_failing_is_paused_then_tried_again() {
        let t0 = Instant::now();
        let pause = Duration::from_secs(30);
        let mut b = Breaker::new(3, pause);
        for _ in 0..2 {
            b.record("fx", false, t0);
        }
        assert_eq!(b.allow("fx", t0), Ok(()), "two failures do not pause it");
        b.record("fx", true, t0);
        for _ in 0..2 {
            b.record("fx", false, t0);
        }
        assert_eq!(b.allow("fx", t0), Ok(()), "a success forgot the earlier failures");
        b.record("fx", false, t0);
        let why = b.allow("fx", t0 + Duration::from_secs(1)).expect_err("paused");
        assert!(
            why.contains("failed 3 times in a row") && why.contains("29 s"),
            "{why}"
        );
        assert_eq!(b.allow("other", t0), Ok(()), "only that webhook is paused");
        let later = t0 + pause;
        assert_eq!(b.allow("fx", later), Ok(()), "tried again after the pause");
        b.record("fx", false, later);
        assert!(b.allow("fx", later).is_err(), "one more failure pauses it again");
        b.forget("fx");
        assert_eq!(b.allow("fx", later), Ok(()), "a changed webhook is called");
    }

    #[test]
    fn a_breaker_of_zero_never_pauses() {
        let t0 = Instant::now();
        let mut b = Breaker::new(0, Duration::from_secs(30));
        for _ in 0..100 {
            b.record("fx", false, t0);
        }
        assert_eq!(b.allow("fx", t0), Ok(()));
    }
}
