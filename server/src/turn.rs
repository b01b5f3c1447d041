//! What `intently chat` and `intently query` share: the turn options, answering a turn, the
//! webhook answers and the session file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow};
use intently::Model;
use intently::dialog::{Input, Reply, Session, TurnOptions, WebhookAnswer, WebhookOutcome, WebhookRequest};
use intently::entity::Reference;

/// The options of a turn, as flags.
#[derive(Debug, clap::Args)]
pub struct TurnArgs {
    /// The story to talk to (its id); default: the bot's default story.
    #[arg(long)]
    pub story: Option<String>,
    /// A parameter (session attribute) set before the turn, as NAME=VALUE (repeatable), e.g.
    /// `--param default_name=Ann`.
    #[arg(long = "param", value_name = "NAME=VALUE", value_parser = parse_param)]
    pub params: Vec<(String, String)>,
    /// The confidence threshold instead of the story's.
    #[arg(long)]
    pub confidence: Option<f32>,
    /// The lifespan a match restores, instead of the story's.
    #[arg(long)]
    pub lifespan: Option<u32>,
    /// The user's local date and time, for dates and times said in the text (`tomorrow`,
    /// `at 9`), as ISO 8601 with its offset: `2026-11-24T15:30+01:00`. Default: the system
    /// clock, in UTC.
    #[arg(long, value_name = "DATETIME", value_parser = parse_now)]
    pub now: Option<Reference>,
    /// Answer every webhook with this JSON file (`{"responses": [...], "parameters": {...}}`)
    /// instead of going on without an answer. The terminal never calls webhooks over the
    /// network; the server does.
    #[arg(long, value_name = "FILE")]
    pub webhook_answer: Option<PathBuf>,
}

fn parse_now(text: &str) -> Result<Reference, String> {
    Reference::parse(text).ok_or_else(|| {
        format!("expected a date and time with its offset, like 2026-11-24T15:30+01:00, got {text:?}")
    })
}

fn parse_param(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => Ok((name.trim().to_string(), value.to_string())),
        _ => Err(format!("expected NAME=VALUE, got {text:?}")),
    }
}

impl TurnArgs {
    /// The turn options these flags give: at `--now`, else at the system clock (in UTC).
    pub fn options(&self, debug: bool) -> anyhow::Result<TurnOptions> {
        let now = match self.now {
            Some(now) => now,
            None => system_now()?,
        };
        let options = TurnOptions {
            story: self.story.clone(),
            confidence: self.confidence,
            lifespan: self.lifespan,
            parameters: self.params.iter().cloned().collect::<BTreeMap<_, _>>(),
            debug,
            ..TurnOptions::new(now)
        };
        // The turn's moment is the machine's even when `--now` says where the user is.
        Ok(match unix_millis() {
            Some(millis) => options.timestamp(millis),
            None => options,
        })
    }

    /// How webhooks answer: the file's answer, or none.
    pub fn webhooks(&self) -> anyhow::Result<Option<WebhookAnswer>> {
        let Some(path) = &self.webhook_answer else {
            return Ok(None);
        };
        let text = String::from_utf8(crate::read(path)?)
            .with_context(|| format!("{} is not UTF-8", path.display()))?;
        let answer = WebhookAnswer::from_json(&text)
            .with_context(|| format!("{} is not a webhook answer", path.display()))?;
        Ok(Some(answer))
    }
}

/// The system clock as a reference, in UTC; an error if the clock is outside what a
/// reference can hold (before year 1 or after 9999).
pub fn system_now() -> anyhow::Result<Reference> {
    let now = std::time::SystemTime::now();
    let seconds = match now.duration_since(std::time::UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_secs()).ok(),
        Err(before) => i64::try_from(before.duration().as_secs()).ok().map(|s| -s),
    };
    seconds
        .and_then(|s| Reference::from_unix(s, 0))
        .ok_or_else(|| anyhow!("the system clock ({now:?}) is not a date intently can read; pass --now"))
}

/// The system clock in Unix milliseconds, if it is after 1970.
pub fn unix_millis() -> Option<u64> {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    u64::try_from(since.as_millis()).ok()
}

/// Answers one turn, answering webhooks as configured; each call is reported on stderr
/// when `show_calls` is set.
pub fn answer(
    model: &Model,
    session: &mut Session,
    input: Input<'_>,
    options: &TurnOptions,
    webhook: Option<&WebhookAnswer>,
    show_calls: bool,
) -> anyhow::Result<Reply> {
    let reply = model.respond_with(session, input, options, |request: &WebhookRequest| {
        if show_calls {
            eprintln!(
                "(webhook {}: POST {} — {})",
                request.webhook,
                request.url,
                if webhook.is_some() {
                    "answered from --webhook-answer"
                } else {
                    "not called"
                }
            );
        }
        webhook.map_or(WebhookOutcome::NoAnswer, |a| WebhookOutcome::Answered(a.clone()))
    })?;
    Ok(reply)
}

/// Reads a session file; a missing file is a new session.
pub fn read_session(path: &Path, seed: u64) -> anyhow::Result<Session> {
    match std::fs::read(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Session::new(seed)),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
        Ok(bytes) => {
            // The error's own text, not its chain: a session error already includes its cause.
            let unusable = |why: &dyn std::fmt::Display| {
                anyhow!(
                    "cannot use the session file {}: {why}; delete it or pass --reset to start over",
                    path.display()
                )
            };
            let text = String::from_utf8(bytes).map_err(|_| unusable(&"not UTF-8"))?;
            Session::from_json(&text).map_err(|e| unusable(&e))
        }
    }
}

/// Writes a session file whole: a temporary file beside it, then renamed over it, so an
/// interrupted write never leaves half a session.
pub fn write_session(path: &Path, session: &Session) -> anyhow::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, session.to_json()).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))
}
