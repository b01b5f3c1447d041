//! Outgoing webhooks: the handshake that verifies a webhook before it is stored, and the
//! calls `/query` makes for the library (which does no I/O).
//!
//! A slow, failing or malformed webhook never fails a query: the turn goes on without its
//! answer, and the webhook keeps the error (`error {date, message}`).

use std::time::Duration;

use intently::dialog::{WebhookAnswer, WebhookOutcome, WebhookRequest};
use intently::story::Webhook;

use super::envelope::ApiError;

/// The HTTP client of the webhooks.
#[derive(Debug, Clone)]
pub struct Caller {
    client: reqwest::Client,
}

/// A random challenge: 16 bytes from the system's generator, as hex.
fn challenge() -> Result<String, ApiError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)
        .map_err(|e| ApiError::internal(&anyhow::anyhow!("no random source for a challenge: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

impl Caller {
    /// A client whose calls give up after `timeout`.
    pub fn new(timeout: Duration) -> anyhow::Result<Caller> {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .user_agent(concat!("intently/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Caller { client })
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

    /// Calls a webhook for a turn: `POST` the result so far, as JSON, with `?token=`, the
    /// headers and basic authentication.
    pub async fn call(&self, request: &WebhookRequest) -> WebhookOutcome {
        let mut call = self.client.post(request.url_with_token()).json(&request.body);
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
