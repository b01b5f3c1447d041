//! Reading a webhook's answer as leniently as ChatBot reads it.
//!
//! Webhooks written for ChatBot answer in two dialects: v1 (`responses` in the bot file's
//! format, `{"type": "text", "elements": [...]}`, and `parameters`) and v2
//! (`{"type": "text", "message": "…", "delay": 1000}` and `attributes`). Both are read, and
//! so are the aliases ChatBot accepts (`cards` for `card`, `interactionId` for
//! `interaction`). Fields that neither dialect gives a meaning here are dropped, not
//! fatal: a widget's `delay` is kept beside the message it delays. One item that still
//! does not read is skipped, and said in [`WebhookAnswer::skipped`]; the others are kept.

use serde_json::{Map, Value};

use super::reply::{WebhookAnswer, WebhookResponse};
use crate::error::LoadError;
use crate::story::{Response, button_fields, read_json, response_fields};

/// The fields of a card, alone in a carousel.
const CARD_FIELDS: &[&str] = &["title", "subtitle", "imageUrl", "buttons"];

/// Reads an answer: only text that is not a JSON object is an error.
pub(super) fn read(text: &str) -> Result<WebhookAnswer, LoadError> {
    let Value::Object(mut fields) = read_json::<Value>(text)? else {
        return Err(LoadError::Schema {
            path: ".".to_string(),
            line: 1,
            column: 1,
            message: "a webhook answer must be a JSON object".to_string(),
        });
    };
    let mut answer = WebhookAnswer::default();
    // v2's `attributes` first, so that v1's `parameters` win where both name a value.
    for key in ["attributes", "parameters"] {
        match fields.remove(key) {
            None | Some(Value::Null) => {}
            Some(Value::Object(values)) => answer.parameters.extend(values),
            Some(other) => answer
                .skipped
                .push(format!("{key}: must be an object, not {}", kind(&other))),
        }
    }
    let items = match fields.remove("responses") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items,
        Some(item @ Value::Object(_)) => vec![item],
        Some(other) => {
            let why = format!("responses: must be a list, not {}", kind(&other));
            answer.skipped.push(why);
            Vec::new()
        }
    };
    for (i, item) in items.into_iter().enumerate() {
        match response(item) {
            Ok(response) => answer.responses.push(response),
            Err(why) => answer.skipped.push(format!("responses[{i}]: {why}")),
        }
    }
    Ok(answer)
}

/// One item of `responses`, in either dialect.
fn response(item: Value) -> Result<WebhookResponse, String> {
    let Value::Object(mut fields) = item else {
        return Err(format!("must be an object, not {}", kind(&item)));
    };
    let delay = fields.remove("delay").and_then(|d| d.as_u64());
    let Some(ty) = fields.get("type").and_then(Value::as_str) else {
        return Err("has no `type`".to_string());
    };
    let ty = match ty {
        "cards" if fields.get("cards").is_some_and(Value::is_array) => "carousel",
        "cards" => "card",
        other => other,
    }
    .to_string();
    if ty == "text" && !fields.contains_key("elements") {
        if let Some(message) = fields.remove("message") {
            fields.insert("elements".to_string(), Value::Array(vec![message]));
        }
    }
    rename(&mut fields, "interactionId", "interaction");
    keep_only(&mut fields, response_fields(&ty));
    tidy_buttons(&mut fields);
    if let Some(Value::Array(cards)) = fields.get_mut("cards") {
        for card in cards.iter_mut() {
            if let Value::Object(card) = card {
                keep_only(card, CARD_FIELDS);
                tidy_buttons(card);
            }
        }
    }
    fields.insert("type".to_string(), Value::String(ty));
    let response: Response =
        serde_path_to_error::deserialize(Value::Object(fields)).map_err(|e| {
            match e.path().to_string().as_str() {
                "." => e.inner().to_string(),
                path => format!("{path}: {}", e.inner()),
            }
        })?;
    Ok(WebhookResponse { response, delay })
}

/// Tidies the `buttons` of a response or a card.
fn tidy_buttons(fields: &mut Map<String, Value>) {
    let Some(Value::Array(buttons)) = fields.get_mut("buttons") else {
        return;
    };
    for button in buttons.iter_mut() {
        if let Value::Object(button) = button {
            rename(button, "interactionId", "interaction");
            let ty = button.get("type").and_then(Value::as_str).unwrap_or_default();
            keep_only(button, button_fields(ty));
        }
    }
}

/// Renames an alias to its field, unless the field is there too.
fn rename(fields: &mut Map<String, Value>, alias: &str, field: &str) {
    if !fields.contains_key(field) {
        if let Some(value) = fields.remove(alias) {
            fields.insert(field.to_string(), value);
        }
    }
}

/// Drops the fields other than `type` and `known`: an object of an unknown type keeps only
/// its `type`, for its error to name it (with a suggestion), not its first field.
fn keep_only(fields: &mut Map<String, Value>, known: &[&str]) {
    fields.retain(|key, _| key == "type" || known.contains(&key.as_str()));
}

/// What a JSON value is, for messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}
