//! Running an interaction's steps: messages, actions, gotos, questions and webhook stops.

use std::collections::BTreeMap;

use super::render::Scope;
use super::reply::{
    Answered, Context, Message, Reply, StepTrace, Turn, WebhookAnswer, WebhookCall, WebhookReport,
    WebhookRequest,
};
use super::run::{Cursor, Flow, MAX_JUMPS, Run, answered};
use super::script::{Action, Place, Step, Target};
use super::session::{Pending, Session};
use super::steps;
use crate::story::{BacktrackingMode, Button, Card};
use crate::{Model, StoryModel};

impl Run {
    /// Runs the steps from the cursor on, following gotos, until the turn is done or waits
    /// for a webhook.
    pub(super) fn proceed(mut self, model: &Model, session: &mut Session) -> Turn {
        'cursor: while let Some(cursor) = self.cursor.take() {
            let Some(story) = model.stories().get(self.story) else {
                break;
            };
            let steps = steps(story, cursor.place);
            let mut k = cursor.step;
            while let Some(step) = steps.get(k) {
                k += 1;
                match self.perform(model, session, story, cursor.place, Some(k - 1), step) {
                    Flow::Next => {}
                    Flow::Jump => continue 'cursor,
                    Flow::Asked => break 'cursor,
                    Flow::Call(id) => {
                        self.cursor = Some(Cursor { step: k, ..cursor });
                        return self.call(model, session, id);
                    }
                }
            }
            if let (true, Place::Interaction(o)) = (cursor.webhook_due, cursor.place) {
                if let Some(id) = &story.script.nodes[o as usize].webhook {
                    self.cursor = Some(Cursor {
                        step: steps.len(),
                        webhook_due: false,
                        ..cursor
                    });
                    return self.call(model, session, id.clone());
                }
            }
        }
        self.come_back(model, session);
        Turn::Reply(self.into_reply(model, session))
    }

    /// Runs one step (unless its filters stop it): the `k`-th of its place, or (`None`) one
    /// of a webhook's answer.
    pub(super) fn perform(
        &mut self,
        model: &Model,
        session: &mut Session,
        story: &StoryModel,
        place: Place,
        k: Option<usize>,
        step: &Step,
    ) -> Flow {
        let ran = self.scope(model, session).passes(&step.conditions);
        if let Some(debug) = &mut self.debug {
            debug.steps.push(StepTrace {
                at: place.id(story).to_string(),
                response: step.action.type_name().to_string(),
                filters: step
                    .conditions
                    .iter()
                    .map(|c| c.filter.type_name().to_string())
                    .collect(),
                ran,
            });
        }
        if !ran {
            return Flow::Next;
        }
        // URLs and stored attributes take values as stored; only texts for a person are
        // written in the story's language.
        let render = |run: &Run, session: &Session, text: &str| run.scope(model, session).render_raw(text);
        match &step.action {
            Action::Text(variants) => self.say(model, session, variants),
            Action::Image(url) => {
                let image_url = render(self, session, url);
                self.fulfillment.push(Message::Image { image_url }.into());
            }
            Action::QuickReplies { title, buttons } => {
                let scope = self.scope(model, session);
                let message = Message::QuickReplies {
                    title: scope.render(title),
                    buttons: buttons.iter().map(|b| button(&scope, b)).collect(),
                };
                self.fulfillment.push(message.into());
            }
            Action::Card(c) => {
                let message = Message::Card(card(&self.scope(model, session), c));
                self.fulfillment.push(message.into());
            }
            Action::Carousel(cards) => {
                let scope = self.scope(model, session);
                let message = Message::Carousel {
                    cards: cards.iter().map(|c| card(&scope, c)).collect(),
                };
                self.fulfillment.push(message.into());
            }
            Action::Goto(target) => {
                if self.jumps >= MAX_JUMPS {
                    return Flow::Next;
                }
                self.jumps += 1;
                self.jump(model, session, *target);
                return Flow::Jump;
            }
            // A question waits at its place; one in a webhook's answer (no place) cannot.
            Action::Question(q) => {
                if let Some(k) = k {
                    self.say(model, session, &q.elements);
                    session.pending = Some(Pending::Question {
                        at: place.id(story).to_string(),
                        step: k as u32,
                        retries: 0,
                        score: self.score,
                    });
                    return Flow::Asked;
                }
            }
            Action::SetAttributes(pairs) => {
                let values: Vec<(String, String)> = pairs
                    .iter()
                    .map(|(name, value)| (name.clone(), render(self, session, value)))
                    .collect();
                for (name, value) in values {
                    if self.slots(model).iter().any(|s| s.alias == name) {
                        self.parameters.insert(name.clone(), value.clone());
                    }
                    session.attributes.insert(name, value);
                }
            }
            Action::Webhook(id) => return Flow::Call(id.clone()),
            Action::Backtracking(mode) => {
                self.left = true;
                session.path.clear();
                if let Place::Interaction(o) = place {
                    session.path.push(story.interactions[o as usize].id.clone());
                }
                session.subsequent_only = *mode == BacktrackingMode::SubsequentOnly;
            }
            Action::End => {
                self.left = true;
                session.end_context();
            }
            Action::Reset => {
                self.left = true;
                session.reset();
                session.lifespan = self.lifespan_full;
            }
        }
        Flow::Next
    }

    /// Takes a webhook's answer: merges its parameters into the session, then runs its
    /// responses, each rendered message with the response's `delay`.
    pub(super) fn take_answer(
        &mut self,
        model: &Model,
        session: &mut Session,
        story: &StoryModel,
        answer: WebhookAnswer,
    ) {
        let slots = self.slots(model);
        for (name, value) in answer.parameters {
            let text = match value {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            };
            if slots.iter().any(|s| s.alias == name) {
                self.parameters.insert(name.clone(), text.clone());
            }
            session.attributes.insert(name, text);
        }
        let resolve = |target_story: Option<&str>, interaction: &str| {
            let s = match target_story {
                None => self.story,
                Some(id) => model.stories().iter().position(|s| s.id() == id)?,
            };
            let place = Place::of(&model.stories()[s], interaction)?;
            Some(Target {
                story: s as u32,
                place,
            })
        };
        let name_of = |entity: &str| entity.to_string();
        let steps: Vec<(Step, Option<u64>)> = answer
            .responses
            .iter()
            .filter_map(|r| Some((Step::of(&r.response, &resolve, &name_of)?, r.delay)))
            .collect();
        let place = self.place.unwrap_or(Place::Fallback);
        for (step, delay) in &steps {
            let before = self.fulfillment.len();
            // A question or another webhook cannot wait inside a webhook's answer: skipped.
            let flow = self.perform(model, session, story, place, None, step);
            for rendered in self.fulfillment.iter_mut().skip(before) {
                rendered.delay = *delay;
            }
            if let Flow::Jump = flow {
                break;
            }
        }
    }

    /// Stops for a webhook: the caller makes the request and resumes the turn.
    pub(super) fn call(self, model: &Model, session: &mut Session, id: String) -> Turn {
        let Some(webhook) = model.webhook(&id) else {
            let mut run = self;
            run.webhooks.push(WebhookReport {
                id,
                outcome: "failed".into(),
                message: Some("the bot has no such webhook".into()),
            });
            return run.proceed(model, session);
        };
        let request = WebhookRequest {
            webhook: id,
            url: webhook.url.clone(),
            token: webhook.token.clone(),
            headers: webhook.headers.clone(),
            auth: webhook.auth.clone(),
            body: self.clone().into_reply(model, session),
        };
        Turn::Webhook(WebhookCall {
            request,
            run: Box::new(self),
        })
    }

    pub(super) fn into_reply(self, model: &Model, session: &Session) -> Reply {
        Reply {
            source: super::reply::SOURCE.to_string(),
            resolved_query: self.query,
            score: self.score,
            confidence: self.confidence,
            lifespan: session.lifespan,
            story_id: model
                .stories()
                .get(self.story)
                .map(|s| s.id().to_string())
                .unwrap_or_default(),
            interaction: self.answered,
            parameters: self.parameters,
            session_parameters: session.attributes.clone(),
            contexts: contexts(model.stories().get(self.story), session),
            fulfillment: self.fulfillment,
            webhooks: self.webhooks,
            debug: self.debug,
        }
    }
}

/// The session's path as contexts: each interaction with its parameters the session holds.
fn contexts(story: Option<&StoryModel>, session: &Session) -> Vec<Context> {
    let context = |id: &String| {
        let Some((story, place)) = story.and_then(|s| Some((s, Place::of(s, id)?))) else {
            // Not in the story (the model changed): the id is all there is to say.
            return Context {
                id: id.clone(),
                name: id.clone(),
                action: None,
                parameters: BTreeMap::new(),
            };
        };
        let Answered { id, name, action } = answered(story, place);
        let slots = match place {
            Place::Interaction(o) => story.script.nodes[o as usize].slots.as_slice(),
            _ => &[],
        };
        let parameters = slots
            .iter()
            .filter_map(|s| Some((s.alias.clone(), session.attributes.get(&s.alias)?.clone())))
            .collect();
        Context {
            id,
            name,
            action,
            parameters,
        }
    };
    session.path.iter().map(context).collect()
}

fn button(scope: &Scope<'_>, button: &Button) -> Button {
    match button {
        Button::Postback { title, value } => Button::Postback {
            title: scope.render(title),
            value: scope.render_raw(value),
        },
        Button::Goto {
            title,
            interaction,
            story,
        } => Button::Goto {
            title: scope.render(title),
            interaction: interaction.clone(),
            story: story.clone(),
        },
        Button::Url { title, url } => Button::Url {
            title: scope.render(title),
            url: scope.render_raw(url),
        },
    }
}

fn card(scope: &Scope<'_>, card: &Card) -> Card {
    Card {
        title: scope.render(&card.title),
        subtitle: card.subtitle.as_deref().map(|s| scope.render(s)),
        image_url: card.image_url.as_deref().map(|s| scope.render_raw(s)),
        buttons: card.buttons.iter().map(|b| button(scope, b)).collect(),
    }
}
