//! The bot over the API: `GET /export`, `POST /import`, and the stories.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State as Shared;
use axum::extract::rejection::BytesRejection;
use axum::http::HeaderMap;
use intently::story::Bot;
use serde_json::{Value, json};

use super::body::{bytes, json_body, json_text};
use super::developer;
use super::envelope::{ApiError, done};
use super::state::State;

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
    let revision = state
        .update(move |current| {
            *current = bot;
            Ok(())
        })
        .await?;
    Ok(done(format!("imported a bot of {stories} stories"), revision))
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

/// `GET /training`: the phrases nothing matched, oldest first.
pub async fn training(
    Shared(state): Shared<Arc<State>>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    developer(&state, &headers)?;
    let unmatched = state.with_store(|store| store.unmatched()).await?;
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

/// `PUT /training/train`: attaches unmatched phrases to an interaction as `userSays` (or to
/// the story's fallback, `"interactionId": "fallback"`, as examples of what the bot should
/// not answer), and takes them off the training list. An id given twice counts once.
pub async fn train(
    Shared(state): Shared<Arc<State>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    developer(&state, &headers)?;
    let body = bytes(body)?;
    let mut request: Train = json_body(&headers, &body)?;
    if request.ids.is_empty() {
        return Err(ApiError::bad_request(
            "ids: give the ids of the phrases to train (GET /training lists them)",
        ));
    }
    let all = state.with_store(|store| store.unmatched()).await?;
    // An id given twice is one phrase.
    let mut seen = std::collections::HashSet::new();
    request.ids.retain(|id| seen.insert(*id));
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
    let revision = state
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
            // The fallback's examples are what the bot should not answer.
            let target = if request.interaction_id == "fallback" {
                &mut story.fallback.user_says
            } else {
                &mut story
                    .interactions
                    .iter_mut()
                    .find(|i| i.id == request.interaction_id)
                    .ok_or_else(|| {
                        ApiError::not_found(format!(
                            "interactionId: no interaction {:?} in story {story_id:?}",
                            request.interaction_id
                        ))
                    })?
                    .user_says
            };
            for phrase in phrases {
                if !target.contains(&phrase) {
                    target.push(phrase);
                }
            }
            Ok(())
        })
        .await?;
    state
        .with_store(move |store| store.forget_unmatched(&ids))
        .await?;
    Ok(done(
        format!("{count} phrase(s) added to {interaction:?}"),
        revision,
    ))
}
