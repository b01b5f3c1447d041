//! One turn of a conversation: where the input leads, then the steps that run there.

use std::collections::BTreeMap;

use super::render::Scope;
use super::reply::{
    Answered, Debug, Found, Item, Message, Scored, Turn, WebhookCall, WebhookOutcome, WebhookReport,
};
use super::script::{Place, Slot, Target};
use super::session::{Pending, Session};
use super::values;
use super::{Input, TurnOptions};
use crate::entity::Reference;
use crate::error::DialogError;
use crate::{Candidates, Classification, Model, StoryModel, System};

/// How many gotos one turn follows; a bot whose gotos loop stops there.
pub const MAX_JUMPS: u32 = 16;

/// The score from which a text that does not answer a pending prompt or question (or that
/// only a free-text entity, `sys.any`, would take) is read as a digression to the
/// interaction it matches (keywords always are).
pub const CLEAR_MATCH: f32 = 0.9;

/// Where the steps run next.
#[derive(Debug, Clone, Copy)]
pub(super) struct Cursor {
    pub(super) place: Place,
    pub(super) step: usize,
    /// The interaction's own webhook is still to be called once its steps have run.
    pub(super) webhook_due: bool,
}

/// The state of a turn in progress (kept in a [`WebhookCall`] while the caller calls).
#[derive(Debug, Clone)]
pub(crate) struct Run {
    pub(super) story: usize,
    pub(super) query: String,
    pub(super) trigger: String,
    pub(super) score: f32,
    pub(super) confidence: f32,
    pub(super) lifespan_full: u32,
    pub(super) reference: Reference,
    pub(super) answered: Option<Answered>,
    pub(super) place: Option<Place>,
    pub(super) parameters: BTreeMap<String, String>,
    pub(super) fulfillment: Vec<Item>,
    pub(super) webhooks: Vec<WebhookReport>,
    pub(super) debug: Option<Debug>,
    pub(super) jumps: u32,
    pub(super) cursor: Option<Cursor>,
    /// An `end`, `reset` or `backtracking` ran: the flows of interrupted questions are gone.
    pub(super) left: bool,
}

/// What a step asks of the loop that runs it.
pub(super) enum Flow {
    Next,
    /// A goto moved the cursor elsewhere.
    Jump,
    /// A question waits for the user.
    Asked,
    /// A webhook is to be called.
    Call(String),
}

pub(super) fn respond(
    model: &Model,
    session: &mut Session,
    input: Input<'_>,
    options: &TurnOptions,
) -> Result<Turn, DialogError> {
    // Everything that can fail is checked before the session is touched.
    let s = pick_story(model, session, options)?;
    let story = &model.stories()[s];
    let place = match input {
        Input::Text(text) if text.trim().is_empty() => return Err(DialogError::EmptyQuery),
        Input::Text(_) => None,
        Input::Trigger("welcome") => Some(Place::Welcome),
        Input::Trigger(name) => {
            Some(Place::Interaction(
                story.trigger(name).ok_or_else(|| DialogError::UnknownTrigger {
                    name: name.to_string(),
                    story: story.id().to_string(),
                    known: story.triggers.iter().map(|(t, _)| t.clone()).collect(),
                })? as u32,
            ))
        }
        Input::Goto(id) => Some(
            Place::of(story, id).ok_or_else(|| DialogError::UnknownInteraction {
                id: id.to_string(),
                story: story.id().to_string(),
            })?,
        ),
    };

    if options.reset {
        session.reset();
    }
    if session.story.as_deref() != Some(story.id()) {
        session.end_context();
        session.story = Some(story.id().to_string());
    }
    let repaired = session.repair(story);
    let lifespan_full = options.lifespan.unwrap_or(story.lifespan);
    if session.lifespan == 0 || session.path.is_empty() {
        session.lifespan = lifespan_full;
    }
    session
        .attributes
        .extend(options.parameters.iter().map(|(k, v)| (k.clone(), v.clone())));
    session.last_activity = Some(options.timestamp);
    let mut run = Run {
        story: s,
        query: String::new(),
        trigger: String::new(),
        score: 1.0,
        confidence: options.confidence.unwrap_or(story.confidence),
        lifespan_full,
        reference: options.reference,
        answered: None,
        place: None,
        parameters: BTreeMap::new(),
        fulfillment: Vec::new(),
        webhooks: Vec::new(),
        debug: options.debug.then(|| Debug {
            candidates: Vec::new(),
            fallback: 0.0,
            entities: Vec::new(),
            candidate_count: 0,
            pending: None,
            repaired,
            steps: Vec::new(),
        }),
        jumps: 0,
        cursor: None,
        left: false,
    };
    match (input, place) {
        (Input::Text(text), _) => {
            run.query = text.to_string();
            run.text(model, session, text, options);
        }
        (Input::Trigger(name), Some(place)) => {
            run.trigger = name.to_string();
            run.go_to(model, session, place, injected(story, place, options));
        }
        (_, Some(place)) => run.go_to(model, session, place, injected(story, place, options)),
        (_, None) => {}
    }
    Ok(run.proceed(model, session))
}

pub(super) fn resume(
    model: &Model,
    session: &mut Session,
    call: WebhookCall,
    outcome: WebhookOutcome,
) -> Turn {
    let mut run = *call.run;
    let id = call.request.webhook;
    let Some(story) = model.stories().get(run.story) else {
        // The model changed under the turn and lost its story: answer with what there is.
        run.cursor = None;
        return run.proceed(model, session);
    };
    let message = outcome.error();
    let (outcome_name, answer) = match outcome {
        WebhookOutcome::Answered(answer) => ("answered", Some(answer)),
        WebhookOutcome::Failed(_) => ("failed", None),
        WebhookOutcome::NoAnswer => ("noAnswer", None),
    };
    run.webhooks.push(WebhookReport {
        id,
        outcome: outcome_name.to_string(),
        message,
    });
    if let Some(answer) = answer {
        run.take_answer(model, session, story, answer);
    }
    run.proceed(model, session)
}

/// The story a turn runs in: the one the options name, else the session's, else the
/// model's default.
fn pick_story(model: &Model, session: &Session, options: &TurnOptions) -> Result<usize, DialogError> {
    let stories = model.stories();
    let position = |id: &str| stories.iter().position(|s| s.id() == id);
    if let Some(id) = &options.story {
        return position(id).ok_or_else(|| DialogError::UnknownStory {
            id: id.clone(),
            known: stories.iter().map(|s| s.id().to_string()).collect(),
        });
    }
    session
        .story
        .as_deref()
        .and_then(position)
        .or_else(|| model.default_story().and_then(|d| position(d.id())))
        .ok_or(DialogError::NoStories)
}

/// The injected parameters that fill the interaction a trigger or goto enters.
fn injected(story: &StoryModel, place: Place, options: &TurnOptions) -> BTreeMap<String, String> {
    match place {
        Place::Interaction(o) => injected_into(&story.script.nodes[o as usize].slots, options),
        Place::Welcome | Place::Fallback => BTreeMap::new(),
    }
}

/// The turn's injected parameters that are parameters of an interaction.
fn injected_into(slots: &[Slot], options: &TurnOptions) -> BTreeMap<String, String> {
    options
        .parameters
        .iter()
        .filter(|(k, _)| slots.iter().any(|s| &s.alias == *k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// The interactions that may match: the roots (unless a backtracking excluded them) and
/// the children and references of every interaction on the path. `None` means the roots.
pub(super) fn candidates(story: &StoryModel, session: &Session) -> Option<Vec<usize>> {
    if session.path.is_empty() && !session.subsequent_only {
        return None;
    }
    let mut list: Vec<usize> = Vec::new();
    if !session.subsequent_only {
        list.extend((0..story.interactions.len()).filter(|&o| story.interactions[o].root));
    }
    for o in session.path.iter().filter_map(|id| story.find(id)) {
        let info = &story.interactions[o];
        list.extend(info.children.iter().chain(&info.references).map(|&c| c as usize));
    }
    list.sort_unstable();
    list.dedup();
    Some(list)
}

pub(super) fn answered(story: &StoryModel, place: Place) -> Answered {
    match place {
        Place::Welcome => Answered {
            id: "welcome".into(),
            name: "Welcome".into(),
            action: None,
        },
        Place::Fallback => Answered {
            id: "fallback".into(),
            name: "Fallback".into(),
            action: None,
        },
        Place::Interaction(o) => {
            let info = &story.interactions[o as usize];
            Answered {
                id: info.id.clone(),
                name: info.name.clone(),
                action: info.action.clone(),
            }
        }
    }
}

impl Run {
    pub(super) fn story<'m>(&self, model: &'m Model) -> &'m StoryModel {
        &model.stories()[self.story]
    }

    /// The parameters of the interaction whose steps run.
    pub(super) fn slots<'m>(&self, model: &'m Model) -> &'m [Slot] {
        match self.place {
            Some(Place::Interaction(o)) => &self.story(model).script.nodes[o as usize].slots,
            _ => &[],
        }
    }

    pub(super) fn scope<'a>(&'a self, model: &'a Model, session: &'a Session) -> Scope<'a> {
        Scope {
            story: self.story(model),
            reference: self.reference,
            attributes: &session.attributes,
            slots: self.slots(model),
            parameters: &self.parameters,
            score: self.score,
            lifespan: session.lifespan,
            query: &self.query,
            trigger: &self.trigger,
        }
    }

    /// A text turn: an answer to what is pending, else a match among the candidates, else
    /// the fallback.
    pub(super) fn text(&mut self, model: &Model, session: &mut Session, text: &str, options: &TurnOptions) {
        let story = self.story(model);
        if let Some(pending) = session.pending.clone() {
            self.answer(model, session, pending, text);
            return;
        }
        let classification = self.classify_here(story, session, text);
        match classification.best {
            Some(best) => {
                self.score = best.score;
                let slots = &story.script.nodes[best.interaction].slots;
                // What the utterance says wins over what the turn injects.
                let mut found = injected_into(slots, options);
                found.extend(values::parameters(
                    story,
                    slots,
                    text,
                    &classification.entities,
                    self.reference,
                ));
                self.enter(model, session, best.interaction, found);
            }
            None if story.script.cancel.said(&story.analyzer, text) => {
                self.note("cancelled");
                self.cancel(model, session, None, &classification);
            }
            None => {
                self.score = classification.fallback;
                self.fall_back(model, session);
            }
        }
    }

    /// Classifies a text against the candidates of the conversation's context, and records
    /// what the matcher saw for debugging.
    pub(super) fn classify_here(
        &mut self,
        story: &StoryModel,
        session: &Session,
        text: &str,
    ) -> Classification {
        let list = candidates(story, session);
        let candidates = match &list {
            None => Candidates::Roots,
            Some(list) => Candidates::Only(list),
        };
        let classification = story.classify_with(text, &candidates, self.confidence);
        if let Some(debug) = &mut self.debug {
            debug.candidate_count = list
                .as_ref()
                .map_or_else(|| story.interactions.iter().filter(|i| i.root).count(), Vec::len);
            debug.fallback = classification.fallback;
            debug.candidates = classification
                .ranking
                .iter()
                .map(|m| Scored {
                    id: story.interactions[m.interaction].id.clone(),
                    score: m.score,
                    system: match m.system {
                        System::Keyword => "keyword",
                        System::MachineLearning => "machineLearning",
                    }
                    .to_string(),
                })
                .collect();
            debug.entities = values::at(story, text, &classification.entities, self.reference)
                .iter()
                .map(|m| Found {
                    entity: m.entity.clone(),
                    value: m.value.clone(),
                    raw: m.raw.clone(),
                })
                .collect();
        }
        classification
    }

    /// Records what happened to a pending prompt, for debugging.
    pub(super) fn note(&mut self, what: &str) {
        if let Some(debug) = &mut self.debug {
            debug.pending = Some(what.to_string());
        }
    }

    /// The parameters of the current interaction as the session remembers them.
    pub(super) fn remembered(&self, model: &Model, session: &Session) -> BTreeMap<String, String> {
        self.slots(model)
            .iter()
            .filter_map(|s| Some((s.alias.clone(), session.attributes.get(&s.alias)?.clone())))
            .collect()
    }

    /// Goes where a trigger or goto leads.
    pub(super) fn go_to(
        &mut self,
        model: &Model,
        session: &mut Session,
        place: Place,
        parameters: BTreeMap<String, String>,
    ) {
        let story = self.story(model);
        match place {
            Place::Welcome => {
                session.end_context();
                session.lifespan = self.lifespan_full;
                if story.script.welcome.is_some() {
                    self.start(story, place);
                }
            }
            Place::Fallback => {
                session.pending = None;
                self.start(story, place);
            }
            Place::Interaction(o) => self.enter(model, session, o as usize, parameters),
        }
    }

    /// A goto's jump, possibly into another story.
    pub(super) fn jump(&mut self, model: &Model, session: &mut Session, target: Target) {
        let s = target.story as usize;
        let Some(story) = model.stories().get(s) else {
            return;
        };
        if s != self.story {
            self.story = s;
            self.lifespan_full = story.lifespan;
            session.story = Some(story.id().to_string());
            session.end_context();
            session.lifespan = self.lifespan_full;
        }
        self.go_to(model, session, target.place, BTreeMap::new());
    }

    /// Enters an interaction with the parameters said for it: it becomes the active context,
    /// then its missing required parameters are asked for, or its steps run.
    pub(super) fn enter(
        &mut self,
        model: &Model,
        session: &mut Session,
        o: usize,
        parameters: BTreeMap<String, String>,
    ) {
        let story = self.story(model);
        let id = &story.interactions[o].id;
        session.push_path(id);
        // The interaction starts over: a question of it that a digression interrupted is moot.
        session.interrupted.retain(|p| p.asker() != id);
        session.subsequent_only = false;
        session.lifespan = self.lifespan_full;
        session.pending = None;
        self.place = Some(Place::Interaction(o as u32));
        self.answered = Some(answered(story, Place::Interaction(o as u32)));
        self.fill(model, session, o, parameters);
    }

    /// Keeps the parameters collected so far; asks for the first missing required one, or
    /// runs the interaction's steps once none is missing.
    pub(super) fn fill(
        &mut self,
        model: &Model,
        session: &mut Session,
        o: usize,
        parameters: BTreeMap<String, String>,
    ) {
        let story = self.story(model);
        session
            .attributes
            .extend(parameters.iter().map(|(k, v)| (k.clone(), v.clone())));
        let missing = story.script.nodes[o]
            .slots
            .iter()
            .find(|s| s.required && !parameters.contains_key(&s.alias));
        match missing {
            Some(slot) => {
                let alias = slot.alias.clone();
                self.ask_slot(model, session, o, &alias, 0, parameters);
            }
            None => {
                self.parameters = parameters;
                session.pending = None;
                self.cursor = Some(Cursor {
                    place: Place::Interaction(o as u32),
                    step: 0,
                    webhook_due: true,
                });
            }
        }
    }

    /// Asks for a parameter: its prompts in order, the last one repeated.
    pub(super) fn ask_slot(
        &mut self,
        model: &Model,
        session: &mut Session,
        o: usize,
        alias: &str,
        asked: u32,
        parameters: BTreeMap<String, String>,
    ) {
        let story = self.story(model);
        self.parameters = parameters;
        let prompt = story.script.nodes[o]
            .slots
            .iter()
            .find(|s| s.alias == alias)
            .and_then(|s| {
                s.prompts
                    .get((asked as usize).min(s.prompts.len().saturating_sub(1)))
            });
        let message = match prompt {
            Some(prompt) => self.scope(model, session).render(prompt),
            None => format!("What is the {}?", alias.replace('_', " ")),
        };
        self.fulfillment.push(Message::Text { message }.into());
        session.pending = Some(Pending::Slot {
            interaction: story.interactions[o].id.clone(),
            alias: alias.to_string(),
            asked,
            parameters: self.parameters.clone(),
            score: self.score,
        });
    }

    /// The fallback answers: the active context's own, else the story's. Inside a context
    /// it costs one lifespan; at zero the context resets.
    pub(super) fn fall_back(&mut self, model: &Model, session: &mut Session) {
        let story = self.story(model);
        let place = self.fallback_place(story, session);
        if !session.path.is_empty() {
            session.lifespan = session.lifespan.saturating_sub(1);
            if session.lifespan == 0 {
                session.end_context();
            }
        }
        self.start(story, place);
        self.parameters = self.remembered(model, session);
    }

    /// The fallback of the active context: the nearest interaction on the path that names
    /// one, else the story's.
    pub(super) fn fallback_place(&self, story: &StoryModel, session: &Session) -> Place {
        session
            .path
            .iter()
            .rev()
            .filter_map(|id| story.find(id))
            .find_map(|o| story.script.nodes[o].fallback)
            .map_or(Place::Fallback, Place::Interaction)
    }

    /// Makes a place answer without entering it (the welcome, a fallback): its steps run
    /// from the first, and no webhook of its own is due.
    pub(super) fn start(&mut self, story: &StoryModel, place: Place) {
        self.place = Some(place);
        self.answered = Some(answered(story, place));
        self.cursor = Some(Cursor {
            place,
            step: 0,
            webhook_due: false,
        });
    }

    /// Pushes one text variant, picked by the session's random source and rendered.
    pub(super) fn say(&mut self, model: &Model, session: &mut Session, variants: &[String]) {
        if variants.is_empty() {
            return;
        }
        let k = session.pick(variants.len());
        let message = self.scope(model, session).render(&variants[k]);
        self.fulfillment.push(Message::Text { message }.into());
    }
}
