//! The bot over the API: `GET /export`, `POST /import`, and the stories.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State as Shared};
use axum::http::HeaderMap;
use intently::story::{Bot, Story};
use serde_json::{Value, json};

use super::auth::Role;
use super::body::{bytes, from_value, json_body, json_text};
use super::envelope::{ApiError, envelope};
use super::state::State;

fn developer(state: &State, headers: &HeaderMap) -> Result<(), ApiError> {
    state
        .tokens
        .check(super::bearer(headers), Role::Developer)
        .map(|_| ())
}

fn story_not_found(bot: &Bot, id: &str) -> ApiError {
    let known: Vec<&str> = bot.stories.iter().map(|s| s.id.as_str()).collect();
    ApiError::not_found(format!("no story {id:?}; the stories are: {}", known.join(", ")))
}

/// A status-only answer.
fn done(code: u16, kind: &str, message: String) -> Json<Value> {
    let mut body = envelope(code, kind);
    body["message"] = json!(message);
    Json(body)
}

/// `GET /export`: the whole bot, in the format of a bot file.
pub async fn export(Shared(state): Shared<Arc<State>>, headers: HeaderMap) -> Result<Json<Value>, ApiError> {
    developer(&state, &headers)?;
    let bot = state.current();
    serde_json::to_value(&*bot)
        .map(Json)
        .map_err(|e| ApiError::internal(&e.into()))
}

/// `POST /import`: replaces the whole bot with a bot file.
pub async fn import(
    Shared(state): Shared<Arc<State>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    developer(&state, &headers)?;
    let body = bytes(body)?;
    let text = json_text(&headers, &body)?;
    let bot = Bot::from_json(text).map_err(|e| ApiError::bad_request(format!("not a bot: {e}")))?;
    let stories = bot.stories.len();
    state
        .update(move |current| {
            *current = bot;
            Ok(())
        })
        .await?;
    Ok(done(
        200,
        "success",
        format!("imported a bot of {stories} stories"),
    ))
}

/// `GET /stories`: every story, without its interactions.
pub async fn list(Shared(state): Shared<Arc<State>>, headers: HeaderMap) -> Result<Json<Value>, ApiError> {
    developer(&state, &headers)?;
    let bot = state.current();
    let stories: Vec<Value> = bot
        .stories
        .iter()
        .map(|s| {
            json!({"id": s.id, "name": s.name, "default": s.default, "settings": s.settings,
                   "interactions": s.interactions.len()})
        })
        .collect();
    Ok(Json(json!(stories)))
}

/// `GET /stories/:id`: one story with its interaction tree.
pub async fn get(
    Shared(state): Shared<Arc<State>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    developer(&state, &headers)?;
    let bot = state.current();
    let story = bot.story(&id).ok_or_else(|| story_not_found(&bot, &id))?;
    serde_json::to_value(story)
        .map(Json)
        .map_err(|e| ApiError::internal(&e.into()))
}

/// `POST /stories`: a new story (409 if its id is taken).
pub async fn create(
    Shared(state): Shared<Arc<State>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    developer(&state, &headers)?;
    let body = bytes(body)?;
    let story: Story = json_body(&headers, &body)?;
    let id = story.id.clone();
    state
        .update(move |bot| {
            if bot.story(&story.id).is_some() {
                return Err(ApiError::conflict(format!(
                    "a story {:?} exists already",
                    story.id
                )));
            }
            bot.stories.push(story);
            Ok(())
        })
        .await?;
    Ok(done(200, "success", format!("story {id:?} created")))
}

/// `PUT /stories/:id`: replaces a story (the body's `id`, if any, must be the path's).
pub async fn put(
    Shared(state): Shared<Arc<State>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    developer(&state, &headers)?;
    let body = bytes(body)?;
    let mut story: Value = json_body(&headers, &body)?;
    match story.get("id").and_then(Value::as_str) {
        Some(given) if given != id => {
            return Err(ApiError::bad_request(format!(
                "id: the body names story {given:?}, the path {id:?}"
            )));
        }
        _ => story["id"] = json!(id),
    }
    let story: Story = from_value(story)?;
    let path_id = id.clone();
    state
        .update(move |bot| {
            let at = bot
                .stories
                .iter()
                .position(|s| s.id == path_id)
                .ok_or_else(|| story_not_found(bot, &path_id))?;
            bot.stories[at] = story;
            Ok(())
        })
        .await?;
    Ok(done(200, "success", format!("story {id:?} updated")))
}

/// `DELETE /stories/:id`.
pub async fn delete(
    Shared(state): Shared<Arc<State>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    developer(&state, &headers)?;
    let path_id = id.clone();
    state
        .update(move |bot| {
            let at = bot
                .stories
                .iter()
                .position(|s| s.id == path_id)
                .ok_or_else(|| story_not_found(bot, &path_id))?;
            bot.stories.remove(at);
            Ok(())
        })
        .await?;
    Ok(done(200, "success", format!("story {id:?} deleted")))
}

/// `GET /training`: the phrases nothing matched, oldest first.
pub async fn training(
    Shared(state): Shared<Arc<State>>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    developer(&state, &headers)?;
    let unmatched = tokio::task::spawn_blocking(move || super::state::lock(&state.store).unmatched())
        .await
        .map_err(|e| ApiError::internal(&anyhow::anyhow!("{e}")))?
        .map_err(|e| ApiError::internal(&e))?;
    Ok(Json(json!(unmatched)))
}

/// The body of `PUT /training/train`.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Train {
    /// The story of the interaction (the default story when absent).
    #[serde(default)]
    story_id: Option<String>,
    /// The interaction the phrases become examples of.
    interaction_id: String,
    /// The ids of unmatched phrases (from `GET /training`).
    ids: Vec<i64>,
}

/// `PUT /training/train`: attaches unmatched phrases to an interaction as `userSays`, and
/// takes them off the training list.
pub async fn train(
    Shared(state): Shared<Arc<State>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    developer(&state, &headers)?;
    let body = bytes(body)?;
    let request: Train = json_body(&headers, &body)?;
    if request.ids.is_empty() {
        return Err(ApiError::bad_request(
            "ids: give the ids of the phrases to train (GET /training lists them)",
        ));
    }
    let reader = state.clone();
    let all = tokio::task::spawn_blocking(move || super::state::lock(&reader.store).unmatched())
        .await
        .map_err(|e| ApiError::internal(&anyhow::anyhow!("{e}")))?
        .map_err(|e| ApiError::internal(&e))?;
    let mut phrases = Vec::new();
    for id in &request.ids {
        let phrase = all
            .iter()
            .find(|u| u.id == *id)
            .ok_or_else(|| ApiError::not_found(format!("ids: no unmatched phrase {id}")))?;
        phrases.push(phrase.text.clone());
    }
    let count = phrases.len();
    let interaction = request.interaction_id.clone();
    let ids = request.ids.clone();
    state
        .update(move |bot| {
            let story_id = match &request.story_id {
                Some(id) => id.clone(),
                None => bot.default_story().map(|s| s.id.clone()).unwrap_or_default(),
            };
            let known: Vec<String> = bot.stories.iter().map(|s| s.id.clone()).collect();
            let story = bot.stories.iter_mut().find(|s| s.id == story_id).ok_or_else(|| {
                ApiError::not_found(format!(
                    "storyId: no story {story_id:?}; the stories are: {}",
                    known.join(", ")
                ))
            })?;
            let target = story
                .interactions
                .iter_mut()
                .find(|i| i.id == request.interaction_id)
                .ok_or_else(|| {
                    ApiError::not_found(format!(
                        "interactionId: no interaction {:?} in story {story_id:?}",
                        request.interaction_id
                    ))
                })?;
            for phrase in phrases {
                if !target.user_says.contains(&phrase) {
                    target.user_says.push(phrase);
                }
            }
            Ok(())
        })
        .await?;
    let writer = state.clone();
    tokio::task::spawn_blocking(move || super::state::lock(&writer.store).forget_unmatched(&ids))
        .await
        .map_err(|e| ApiError::internal(&anyhow::anyhow!("{e}")))?
        .map_err(|e| ApiError::internal(&e))?;
    Ok(done(
        200,
        "success",
        format!("{count} phrase(s) added to {interaction:?}"),
    ))
}
