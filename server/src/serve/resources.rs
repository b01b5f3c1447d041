//! The parts of the bot over the API: interactions (root and child), the welcome and the
//! fallback of a story, user entities and webhooks. Each write edits the stored bot through
//! [`State::update`], so it is validated, stored in one transaction and compiled off the
//! request path. A write accepts what the read of the same resource returns: the fields a
//! read adds (dates, a webhook's last error) are taken out before the definition is read.

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State as Shared};
use axum::http::HeaderMap;
use intently::story::{Bot, Entity, Fallback, Interaction, Story, Webhook, Welcome};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::body::{bytes, from_value, json_body};
use super::developer;
use super::envelope::{ApiError, done};
use super::state::State;

type Answer = Result<Json<Value>, ApiError>;
type Body = Result<Bytes, BytesRejection>;

fn to_json<T: Serialize>(value: &T) -> Answer {
    serde_json::to_value(value)
        .map(Json)
        .map_err(|e| ApiError::internal(&e.into()))
}

/// The dates ChatBot's reads carry on every resource: a write accepts them and ignores them,
/// so that what a client read from ChatBot can be written here.
const DATES: [&str; 2] = ["createdAt", "updatedAt"];

/// Takes these fields out of a JSON object; anything else is left as it is.
fn drop_fields(value: &mut Value, fields: &[&str]) {
    if let Some(object) = value.as_object_mut() {
        for field in fields {
            object.remove(*field);
        }
    }
}

/// Something with an id, kept in a list of the bot.
pub(super) trait Keyed {
    /// What it is called in messages.
    const WHAT: &'static str;
    fn id(&self) -> &str;
    fn set_id(&mut self, id: &str);
    /// Takes out of a written body the fields a read of it carries that are not part of its
    /// definition (by default the [`DATES`]), so a client can write back what it read. Every
    /// other unknown field stays an error.
    fn drop_read_only(value: &mut Value) {
        drop_fields(value, &DATES);
    }
}

impl Keyed for Interaction {
    const WHAT: &'static str = "interaction";
    fn id(&self) -> &str {
        &self.id
    }
    fn set_id(&mut self, id: &str) {
        self.id = id.to_string();
    }
}

impl Keyed for Story {
    const WHAT: &'static str = "story";
    fn id(&self) -> &str {
        &self.id
    }
    fn set_id(&mut self, id: &str) {
        self.id = id.to_string();
    }
    /// The dates of the story, and of its welcome, fallback and interactions (a story's read
    /// carries its interaction tree).
    fn drop_read_only(value: &mut Value) {
        drop_fields(value, &DATES);
        for part in ["welcome", "fallback"] {
            if let Some(part) = value.get_mut(part) {
                drop_fields(part, &DATES);
            }
        }
        if let Some(interactions) = value.get_mut("interactions").and_then(Value::as_array_mut) {
            for interaction in interactions {
                Interaction::drop_read_only(interaction);
            }
        }
    }
}

impl Keyed for Entity {
    const WHAT: &'static str = "entity";
    fn id(&self) -> &str {
        &self.id
    }
    fn set_id(&mut self, id: &str) {
        self.id = id.to_string();
    }
}

impl Keyed for Webhook {
    const WHAT: &'static str = "webhook";
    fn id(&self) -> &str {
        &self.id
    }
    fn set_id(&mut self, id: &str) {
        self.id = id.to_string();
    }
    /// The dates, and the last `error` a read adds (the store keeps it, not the definition).
    fn drop_read_only(value: &mut Value) {
        drop_fields(value, &[DATES[0], DATES[1], "error"]);
    }
}

/// Reads a body for a write of `T`: its read-only fields taken out (see
/// [`Keyed::drop_read_only`]), then the definition, each fault with its JSON path.
fn written<T: Keyed + DeserializeOwned>(headers: &HeaderMap, body: &[u8]) -> Result<T, ApiError> {
    let mut value: Value = json_body(headers, body)?;
    T::drop_read_only(&mut value);
    from_value(value)
}

/// Reads the welcome or the fallback of a story, their dates taken out.
fn default_part<T: DeserializeOwned>(headers: &HeaderMap, body: &[u8]) -> Result<T, ApiError> {
    let mut value: Value = json_body(headers, body)?;
    drop_fields(&mut value, &DATES);
    from_value(value)
}

/// The position of the item with this id, or a 404 that lists the ids there are.
fn position<T: Keyed>(items: &[T], id: &str) -> Result<usize, ApiError> {
    items.iter().position(|i| i.id() == id).ok_or_else(|| {
        let known: Vec<&str> = items.iter().map(Keyed::id).collect();
        ApiError::not_found(format!(
            "no {} {id:?}; there are: {}",
            T::WHAT,
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        ))
    })
}

/// Reads an item for `PUT …/:id`: the body's `id`, if any, must be the path's.
fn item_for<T: Keyed + DeserializeOwned>(headers: &HeaderMap, body: &[u8], id: &str) -> Result<T, ApiError> {
    let mut value: Value = json_body(headers, body)?;
    T::drop_read_only(&mut value);
    // An id that is not a string (`42`, `null`) is not the path's either: it is refused, not
    // silently replaced by the path's.
    match value.get("id") {
        Some(given) if given.as_str() != Some(id) => Err(ApiError::bad_request(format!(
            "id: the body names {} {given}, the path {id:?}",
            T::WHAT
        ))),
        _ => {
            if let Some(object) = value.as_object_mut() {
                object.insert("id".into(), json!(id));
            }
            let mut item: T = from_value(value)?;
            item.set_id(id);
            Ok(item)
        }
    }
}

fn story_mut<'a>(bot: &'a mut Bot, id: &str) -> Result<&'a mut Story, ApiError> {
    let at = position(&bot.stories, id)?;
    Ok(&mut bot.stories[at])
}

// ---- interactions ----

/// `GET /stories/:id/interactions`.
pub async fn interactions(
    Shared(state): Shared<Arc<State>>,
    headers: HeaderMap,
    Path(story): Path<String>,
) -> Answer {
    developer(&state, &headers)?;
    let bot = state.current();
    to_json(&bot.stories[position(&bot.stories, &story)?].interactions)
}

/// `GET /stories/:id/interactions/:iid` (also `welcome` and `fallback`).
pub async fn interaction(
    Shared(state): Shared<Arc<State>>,
    headers: HeaderMap,
    Path((story, id)): Path<(String, String)>,
) -> Answer {
    developer(&state, &headers)?;
    let bot = state.current();
    let story = &bot.stories[position(&bot.stories, &story)?];
    match id.as_str() {
        "welcome" => to_json(&story.welcome),
        "fallback" => to_json(&story.fallback),
        _ => to_json(&story.interactions[position(&story.interactions, &id)?]),
    }
}

/// `POST /stories/:id/interactions`: a root interaction, or a child when the body names its
/// `parent` (the new interaction joins the parent's `contextOut`).
pub async fn create_interaction(
    Shared(state): Shared<Arc<State>>,
    headers: HeaderMap,
    Path(story): Path<String>,
    body: Body,
) -> Answer {
    developer(&state, &headers)?;
    let body = bytes(body)?;
    let mut value: Value = json_body(&headers, &body)?;
    let parent = match value.as_object_mut().and_then(|o| o.remove("parent")) {
        None | Some(Value::Null) => None,
        Some(Value::String(p)) => Some(p),
        Some(_) => return Err(ApiError::bad_request("parent: expected the id of an interaction")),
    };
    Interaction::drop_read_only(&mut value);
    let interaction: Interaction = from_value(value)?;
    let id = interaction.id.clone();
    let revision = state
        .update(move |bot| {
            let story = story_mut(bot, &story)?;
            if story.interactions.iter().any(|i| i.id == interaction.id) {
                return Err(ApiError::conflict(format!(
                    "an interaction {:?} exists already",
                    interaction.id
                )));
            }
            if let Some(parent) = &parent {
                let at = position(&story.interactions, parent)?;
                story.interactions[at].context_out.push(interaction.id.clone());
            }
            story.interactions.push(interaction);
            Ok(())
        })
        .await?;
    Ok(done(format!("interaction {id:?} created"), revision))
}

/// `PUT /stories/:id/interactions/:iid` (also `welcome` and `fallback`).
pub async fn put_interaction(
    Shared(state): Shared<Arc<State>>,
    headers: HeaderMap,
    Path((story, id)): Path<(String, String)>,
    body: Body,
) -> Answer {
    developer(&state, &headers)?;
    let body = bytes(body)?;
    enum Part {
        Welcome(Welcome),
        Fallback(Fallback),
        Interaction(Box<Interaction>),
    }
    let part = match id.as_str() {
        "welcome" => Part::Welcome(default_part(&headers, &body)?),
        "fallback" => Part::Fallback(default_part(&headers, &body)?),
        _ => Part::Interaction(Box::new(item_for(&headers, &body, &id)?)),
    };
    let message = format!("interaction {id:?} updated");
    let revision = state
        .update(move |bot| {
            let story = story_mut(bot, &story)?;
            match part {
                Part::Welcome(w) => story.welcome = w,
                Part::Fallback(f) => story.fallback = f,
                Part::Interaction(i) => {
                    let at = position(&story.interactions, &id)?;
                    story.interactions[at] = *i;
                }
            }
            Ok(())
        })
        .await?;
    Ok(done(message, revision))
}

/// `DELETE /stories/:id/interactions/:iid`: the interaction, and every mention of it in the
/// story's `contextOut`, `references` and context fallbacks.
pub async fn delete_interaction(
    Shared(state): Shared<Arc<State>>,
    headers: HeaderMap,
    Path((story, id)): Path<(String, String)>,
) -> Answer {
    developer(&state, &headers)?;
    let message = format!("interaction {id:?} deleted");
    let revision = state
        .update(move |bot| {
            let story = story_mut(bot, &story)?;
            let at = position(&story.interactions, &id)?;
            story.interactions.remove(at);
            for other in &mut story.interactions {
                other.context_out.retain(|c| c != &id);
                other.references.retain(|r| r != &id);
                if other.fallback.as_deref() == Some(id.as_str()) {
                    other.fallback = None;
                }
            }
            Ok(())
        })
        .await?;
    Ok(done(message, revision))
}

// ---- entities and webhooks ----

/// Which list of the bot a route edits.
pub(super) trait Listed: Keyed + Serialize + DeserializeOwned + Clone + Send + 'static {
    fn list(bot: &Bot) -> &Vec<Self>;
    fn list_mut(bot: &mut Bot) -> &mut Vec<Self>;
    /// The webhook to verify before storing it, if it is one.
    fn webhook(&self) -> Option<&Webhook> {
        None
    }
    /// Adds what the store knows besides the definition (a webhook's last error).
    fn annotate(_state: &State, _value: &mut Value) {}
    /// Forgets what the store knows besides the definition, once it changed.
    fn forget(_state: &State, _id: &str) {}
}

impl Listed for Story {
    fn list(bot: &Bot) -> &Vec<Story> {
        &bot.stories
    }
    fn list_mut(bot: &mut Bot) -> &mut Vec<Story> {
        &mut bot.stories
    }
}

impl Listed for Entity {
    fn list(bot: &Bot) -> &Vec<Entity> {
        &bot.entities
    }
    fn list_mut(bot: &mut Bot) -> &mut Vec<Entity> {
        &mut bot.entities
    }
}

impl Listed for Webhook {
    fn list(bot: &Bot) -> &Vec<Webhook> {
        &bot.webhooks
    }
    fn list_mut(bot: &mut Bot) -> &mut Vec<Webhook> {
        &mut bot.webhooks
    }
    fn webhook(&self) -> Option<&Webhook> {
        Some(self)
    }
    fn forget(state: &State, id: &str) {
        state.caller.forget(id);
        if let Err(e) = super::state::lock(&state.store).clear_webhook_error(id) {
            tracing::error!("cannot clear the error of webhook {id}: {e:#}");
        }
    }
    fn annotate(state: &State, value: &mut Value) {
        let id = value["id"].as_str().unwrap_or_default().to_string();
        if let Ok(Some((date, message))) = super::state::lock(&state.store).webhook_error(&id) {
            value["error"] = json!({"date": date, "message": message});
        }
    }
}

/// `GET /entities`, `GET /webhooks`.
pub async fn list<T: Listed>(Shared(state): Shared<Arc<State>>, headers: HeaderMap) -> Answer {
    developer(&state, &headers)?;
    let mut items =
        serde_json::to_value(T::list(&state.current())).map_err(|e| ApiError::internal(&e.into()))?;
    for item in items.as_array_mut().into_iter().flatten() {
        T::annotate(&state, item);
    }
    Ok(Json(items))
}

/// `GET /entities/:id`, `GET /webhooks/:id`.
pub async fn get<T: Listed>(
    Shared(state): Shared<Arc<State>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Answer {
    developer(&state, &headers)?;
    let bot = state.current();
    let items = T::list(&bot);
    let mut item =
        serde_json::to_value(&items[position(items, &id)?]).map_err(|e| ApiError::internal(&e.into()))?;
    T::annotate(&state, &mut item);
    Ok(Json(item))
}

/// `POST /entities`, `POST /webhooks` (409 if the id is taken; a webhook must pass the
/// handshake first, else 400 and nothing is stored).
pub async fn create<T: Listed>(Shared(state): Shared<Arc<State>>, headers: HeaderMap, body: Body) -> Answer {
    developer(&state, &headers)?;
    let body = bytes(body)?;
    let item: T = written(&headers, &body)?;
    if let Some(webhook) = item.webhook() {
        state.caller.verify(webhook).await?;
    }
    let id = item.id().to_string();
    let revision = state
        .update(move |bot| {
            let items = T::list_mut(bot);
            if items.iter().any(|i| i.id() == item.id()) {
                return Err(ApiError::conflict(format!(
                    "the {} {:?} exists already",
                    T::WHAT,
                    item.id()
                )));
            }
            items.push(item);
            Ok(())
        })
        .await?;
    T::forget(&state, &id);
    Ok(done(format!("{} {id:?} created", T::WHAT), revision))
}

/// `PUT /entities/:id`, `PUT /webhooks/:id`.
pub async fn put<T: Listed>(
    Shared(state): Shared<Arc<State>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Body,
) -> Answer {
    developer(&state, &headers)?;
    let body = bytes(body)?;
    let item: T = item_for(&headers, &body, &id)?;
    if let Some(webhook) = item.webhook() {
        state.caller.verify(webhook).await?;
    }
    let message = format!("{} {id:?} updated", T::WHAT);
    let changed = id.clone();
    let revision = state
        .update(move |bot| {
            let items = T::list_mut(bot);
            let at = position(items, &id)?;
            items[at] = item;
            Ok(())
        })
        .await?;
    T::forget(&state, &changed);
    Ok(done(message, revision))
}

/// `DELETE /entities/:id`, `DELETE /webhooks/:id` (refused, with the paths, while the bot
/// still uses it).
pub async fn delete<T: Listed>(
    Shared(state): Shared<Arc<State>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Answer {
    developer(&state, &headers)?;
    let message = format!("{} {id:?} deleted", T::WHAT);
    let deleted = id.clone();
    let revision = state
        .update(move |bot| {
            let items = T::list_mut(bot);
            let at = position(items, &id)?;
            items.remove(at);
            Ok(())
        })
        .await?;
    T::forget(&state, &deleted);
    Ok(done(message, revision))
}
