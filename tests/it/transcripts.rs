//! Conversation transcripts: `data/<bot>.transcript.jsonl`, one user turn per line, replayed
//! against the compiled bot; each turn's reply must be what the line expects.
//!
//! A line is `{"conversation": NAME, "text" | "trigger" | "goto": …, "expect": {…}}`, with
//! optional `parameters`, `reset`, `confidence`, `lifespan`, `now` (the user's local time,
//! ISO 8601 with its offset; [`DEFAULT_NOW`] when absent) — the turn's options — and
//! `webhook`: how every webhook of the turn answers — an answer object
//! (`{"responses": […], "parameters": {…}}`), `"fail"`, or absent (no answer). Each new
//! conversation name starts a new session (seed 1). `expect` may hold:
//!
//! - `interaction`: the id of the interaction that answered (`fallback`, `welcome`);
//! - `fulfillment`: every message as plain text (a quick reply is `title [a | b]`);
//! - `attributes`: attributes the session must hold (`null`: must not hold);
//! - `parameters`: the turn's parameters, exactly;
//! - `contexts`, `lifespan`: the path and the lifespan left after the turn;
//! - `pending`: what waits for the next text (`slot:ALIAS`, `question:INTERACTION`, or `null`);
//! - `webhooks`: `id:outcome` of each webhook called;
//! - `answer`: what happened to a pending prompt (`answered`, `retried`, `digressed`,
//!   `cancelled`, `help`, `gaveUp`).
//!
//! The transcripts together must exercise every input kind, every response and action type
//! (run), every filter type (passing and failing), every webhook and answer outcome, and
//! each context rule (a reference, a context's own fallback, a lifespan running out, a
//! `subsequentOnly` backtracking, a reset): the test checks that too.

use std::collections::BTreeSet;

use intently::Model;
use intently::dialog::{
    Input, Item, Message, Pending, Reply, Session, TurnOptions, WebhookAnswer, WebhookOutcome,
};
use intently::entity::Reference;
use intently::story::Bot;
use serde_json::{Value, json};

use crate::common::{data_dir, samples};

/// What the transcripts exercised, to check that they cover the rules.
#[derive(Default)]
struct Coverage {
    seen: BTreeSet<String>,
}

#[test]
fn every_transcript_replays_as_written() {
    let mut coverage = Coverage::default();
    let mut files = 0;
    for sample in samples() {
        let path = data_dir().join(format!("{}.transcript.jsonl", sample.name));
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        files += 1;
        let bot = Bot::from_json(&sample.text).expect("the sample loads");
        let model = Model::compile(&bot).expect("the sample compiles");
        replay((&bot, &model), &sample.name, &text, &mut coverage);
    }
    assert!(files >= 3, "every sample bot has a transcript");
    let wanted = [
        "input:text",
        "input:trigger",
        "input:goto",
        "message:text",
        "message:image",
        "message:quickReplies",
        "message:card",
        "message:carousel",
        "webhook:answered",
        "webhook:failed",
        "webhook:noAnswer",
        "answer:answered",
        "answer:retried",
        "answer:digressed",
        "answer:cancelled",
        "answer:help",
        "answer:gaveUp",
        "lifespan ran out",
        "context fallback",
        "reference",
        "subsequent only",
        "reset",
    ];
    let responses = [
        "text",
        "image",
        "quickReplies",
        "card",
        "carousel",
        "goto",
        "question",
        "setAttributes",
        "webhook",
        "backtracking",
        "end",
        "reset",
    ]
    .map(|r| format!("response:{r}"));
    let filters = ["attribute", "score", "lifespan", "query", "trigger"]
        .into_iter()
        .flat_map(|f| [format!("filter:{f}:passed"), format!("filter:{f}:failed")]);
    let wanted: Vec<String> = wanted
        .iter()
        .map(|w| w.to_string())
        .chain(responses)
        .chain(filters)
        .collect();
    let missing: Vec<&String> = wanted.iter().filter(|w| !coverage.seen.contains(*w)).collect();
    assert!(missing.is_empty(), "the transcripts never exercise {missing:?}");
}

fn replay((bot_def, model): (&Bot, &Model), bot: &str, text: &str, coverage: &mut Coverage) {
    let mut conversation = String::new();
    let mut session = Session::new(1);
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let at = format!("{bot}.transcript.jsonl line {}", n + 1);
        let turn: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{at}: {e}"));
        let name = turn["conversation"]
            .as_str()
            .unwrap_or_else(|| panic!("{at}: no conversation"));
        if name != conversation {
            conversation = name.to_string();
            session = Session::new(1);
        }
        let options = options(&turn, &at);
        let before = session.clone();
        let (input, kind) = if let Some(t) = turn["text"].as_str() {
            (Input::Text(t), "text")
        } else if let Some(t) = turn["trigger"].as_str() {
            (Input::Trigger(t), "trigger")
        } else if let Some(g) = turn["goto"].as_str() {
            (Input::Goto(g), "goto")
        } else {
            panic!("{at}: no text, trigger or goto")
        };
        coverage.seen.insert(format!("input:{kind}"));
        let webhook = turn.get("webhook").cloned();
        let reply = model
            .respond_with(&mut session, input, &options, |_| match &webhook {
                None => WebhookOutcome::NoAnswer,
                Some(Value::String(s)) if s == "fail" => WebhookOutcome::Failed("the test says so".into()),
                Some(answer) => WebhookOutcome::Answered(
                    WebhookAnswer::from_json(&answer.to_string()).unwrap_or_else(|e| panic!("{at}: {e}")),
                ),
            })
            .unwrap_or_else(|e| panic!("{at}: {e}"));
        check(&at, &turn["expect"], &reply, &session);
        note(coverage, &before, &reply, &session, (bot_def, model));
        let json = session.to_json();
        assert!(
            json.len() <= 1024,
            "{at}: the session takes {} bytes: {json}",
            json.len()
        );
        assert_eq!(
            Session::from_json(&json).as_ref(),
            Ok(&session),
            "{at}: the session round-trips"
        );
    }
}

/// The user's local time of a turn that gives no `now`: a fixed moment, so that a transcript
/// reads the same on any day.
const DEFAULT_NOW: &str = "2026-11-24T15:30+01:00";

fn options(turn: &Value, at: &str) -> TurnOptions {
    let now = turn["now"].as_str().unwrap_or(DEFAULT_NOW);
    let reference = Reference::parse(now).unwrap_or_else(|| panic!("{at}: now {now:?} is not a moment"));
    let mut options = TurnOptions {
        debug: true,
        reset: turn["reset"].as_bool().unwrap_or(false),
        confidence: turn["confidence"].as_f64().map(|c| c as f32),
        lifespan: turn["lifespan"].as_u64().map(|l| l as u32),
        ..TurnOptions::new(reference)
    };
    if let Some(parameters) = turn["parameters"].as_object() {
        for (k, v) in parameters {
            let v = v
                .as_str()
                .unwrap_or_else(|| panic!("{at}: parameter {k} is not a text"));
            options.parameters.insert(k.clone(), v.to_string());
        }
    }
    options
}

fn plain(item: &Item) -> String {
    item.to_plain_text()
}

fn check(at: &str, expect: &Value, reply: &Reply, session: &Session) {
    let shown = || serde_json::to_string_pretty(reply).unwrap_or_default();
    assert!(expect.is_object(), "{at}: no expect object");
    if let Some(id) = expect.get("interaction") {
        let got = reply.interaction.as_ref().map(|i| i.id.as_str());
        assert_eq!(got, id.as_str(), "{at}: interaction\n{}", shown());
    }
    if let Some(fulfillment) = expect.get("fulfillment") {
        let got: Vec<String> = reply.fulfillment.iter().map(plain).collect();
        let want: Vec<String> = serde_json::from_value(fulfillment.clone()).expect("a list of texts");
        assert_eq!(got, want, "{at}: fulfillment");
    }
    if let Some(attributes) = expect.get("attributes").and_then(Value::as_object) {
        for (k, v) in attributes {
            let got = session.attributes.get(k).map(String::as_str);
            assert_eq!(got, v.as_str(), "{at}: attribute {k}\n{}", shown());
        }
    }
    if let Some(parameters) = expect.get("parameters") {
        assert_eq!(json!(reply.parameters), *parameters, "{at}: parameters");
    }
    if let Some(contexts) = expect.get("contexts") {
        let ids: Vec<&str> = reply.contexts.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(json!(ids), *contexts, "{at}: contexts\n{}", shown());
    }
    if let Some(lifespan) = expect.get("lifespan") {
        assert_eq!(
            Some(u64::from(reply.lifespan)),
            lifespan.as_u64(),
            "{at}: lifespan"
        );
    }
    if let Some(pending) = expect.get("pending") {
        let got = session.pending.as_ref().map(|p| match p {
            Pending::Slot { alias, .. } => format!("slot:{alias}"),
            Pending::Question { at, .. } => format!("question:{at}"),
        });
        assert_eq!(got.as_deref(), pending.as_str(), "{at}: pending\n{}", shown());
    }
    if let Some(webhooks) = expect.get("webhooks") {
        let got: Vec<String> = reply
            .webhooks
            .iter()
            .map(|w| format!("{}:{}", w.id, w.outcome))
            .collect();
        assert_eq!(json!(got), *webhooks, "{at}: webhooks");
    }
    if let Some(answer) = expect.get("answer") {
        let got = reply.debug.as_ref().and_then(|d| d.pending.as_deref());
        assert_eq!(got, answer.as_str(), "{at}: answer to the pending prompt");
    }
}

fn note(
    coverage: &mut Coverage,
    before: &Session,
    reply: &Reply,
    after: &Session,
    (bot, model): (&Bot, &Model),
) {
    let seen = &mut coverage.seen;
    for item in &reply.fulfillment {
        let kind = match &item.message {
            Message::Text { .. } => "text",
            Message::Image { .. } => "image",
            Message::QuickReplies { .. } => "quickReplies",
            Message::Card(_) => "card",
            Message::Carousel { .. } => "carousel",
            _ => "other",
        };
        seen.insert(format!("message:{kind}"));
    }
    for webhook in &reply.webhooks {
        seen.insert(format!("webhook:{}", webhook.outcome));
    }
    if let Some(answer) = reply.debug.as_ref().and_then(|d| d.pending.clone()) {
        seen.insert(format!("answer:{answer}"));
    }
    for step in reply.debug.iter().flat_map(|d| &d.steps) {
        if step.ran {
            seen.insert(format!("response:{}", step.response));
        }
        for filter in &step.filters {
            seen.insert(format!(
                "filter:{filter}:{}",
                if step.ran { "passed" } else { "failed" }
            ));
        }
    }
    let answered = reply.interaction.as_ref().map(|i| i.id.as_str()).unwrap_or("");
    if !before.path.is_empty() && after.path.is_empty() && reply.lifespan == 0 {
        seen.insert("lifespan ran out".into());
    }
    let Some(story) = model.story(&reply.story_id) else {
        return;
    };
    let is_root = |id: &str| story.find(id).is_some_and(|o| story.interactions()[o].root);
    if before.attributes.len() > 1 && after.attributes.is_empty() {
        seen.insert("reset".into());
    }
    if before.subsequent_only {
        seen.insert("subsequent only".into());
    }
    if reply.resolved_query.is_empty() {
        return;
    }
    // A text matched a non-root interaction that is a reference (not a child) of the path.
    let referenced = before.path.iter().filter_map(|id| story.find(id)).any(|o| {
        let info = &story.interactions()[o];
        info.references
            .iter()
            .any(|&r| story.interactions()[r as usize].id == answered)
    });
    if referenced && !is_root(answered) {
        seen.insert("reference".into());
    }
    let definitions = bot.story(&reply.story_id);
    let own_fallback = before.path.iter().any(|id| {
        definitions
            .and_then(|s| s.interaction(id))
            .is_some_and(|i| i.fallback.as_deref() == Some(answered))
    });
    if own_fallback && reply.debug.as_ref().is_some_and(|d| d.pending.is_none()) {
        seen.insert("context fallback".into());
    }
}
