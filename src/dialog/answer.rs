//! Reading a text while a prompt or question waits: an answer, a way out (cancel, help), a
//! digression, or an invalid answer (retried up to a limit).

use std::collections::BTreeMap;

use super::escape;
use super::reply::{Answered, Message};
use super::run::{CLEAR_MATCH, Cursor, Run, answered};
use super::script::{Action, Place, Target};
use super::session::{MAX_INTERRUPTED, Pending, Session};
use super::{steps, values};
use crate::{Classification, Match, Model, StoryModel, System};

/// What a pending prompt or question asks, as the script has it.
struct Asking<'m> {
    place: Place,
    entity: &'m str,
    /// A question's variants (a slot's prompts are asked by [`Run::ask_slot`]).
    question: &'m [String],
    retry: &'m [String],
    max_retries: u32,
    give_up: Option<Target>,
    digressions: bool,
}

/// What the pending prompt or question asks; `None` when the story no longer has it.
fn asking<'m>(story: &'m StoryModel, pending: &Pending) -> Option<Asking<'m>> {
    match pending {
        Pending::Slot {
            interaction, alias, ..
        } => {
            let o = story.find(interaction)?;
            let slot = story.script.nodes[o].slots.iter().find(|s| &s.alias == alias)?;
            Some(Asking {
                place: Place::Interaction(o as u32),
                entity: &slot.entity,
                question: &[],
                retry: &slot.retry,
                max_retries: slot.max_retries,
                give_up: slot.give_up,
                digressions: slot.digressions,
            })
        }
        Pending::Question { at, step, .. } => {
            let place = Place::of(story, at)?;
            let Action::Question(q) = &steps(story, place).get(*step as usize)?.action else {
                return None;
            };
            Some(Asking {
                place,
                entity: &q.entity,
                question: &q.elements,
                retry: &q.retry,
                max_retries: q.max_retries,
                give_up: q.give_up,
                digressions: q.digressions,
            })
        }
    }
}

/// The interaction a text clearly asks for while a question waits: a keyword, or a score of
/// at least [`CLEAR_MATCH`] (which the matcher gives only far above the fallback). A turn
/// that only might mean something else is read as an answer, right or wrong: a typo of an
/// answer must not start another conversation.
fn clear_match(classification: &Classification) -> Option<Match> {
    classification
        .best
        .filter(|b| b.system == System::Keyword || b.score >= CLEAR_MATCH)
}

impl Run {
    /// Reads a text while a prompt or question waits; see the [module docs](crate::dialog)
    /// for the order of the rules.
    pub(super) fn answer(&mut self, model: &Model, session: &mut Session, pending: Pending, text: &str) {
        let story = self.story(model);
        // `repair` keeps only pending steps the story has.
        let Some(asking) = asking(story, &pending) else {
            session.pending = None;
            return;
        };
        if let Some(value) = values::find(story, asking.entity, text, self.reference) {
            return self.take(model, session, pending, text, value);
        }
        if story.script.cancel.said(&story.analyzer, text) {
            self.note("cancelled");
            let classification = self.classify_here(story, session, text);
            return self.cancel(model, session, Some(pending.asker()), &classification);
        }
        if story.script.help.said(&story.analyzer, text) {
            return self.help(model, session, pending, asking.place, text);
        }
        let free = values::takes_free_text(story, asking.entity);
        if asking.digressions {
            let classification = self.classify_here(story, session, text);
            if let Some(best) = clear_match(&classification) {
                self.note("digressed");
                return self.digress(model, session, pending, Some((best, &classification)), text);
            }
            // The fallback's own examples claim the text ("what's the weather tomorrow"): it
            // is no address or name, whatever a free-text entity would take.
            let claimed = !classification.ranking.is_empty() && classification.fallback >= self.confidence;
            if free && claimed {
                self.note("digressed");
                self.score = classification.fallback;
                return self.digress(model, session, pending, None, text);
            }
        }
        match values::free_text(story, text).filter(|_| free) {
            Some(value) => self.take(model, session, pending, text, value),
            None => self.retry(model, session, pending, &asking),
        }
    }

    /// Answers a digression — the interaction the text asked for, or the fallback — and keeps
    /// the pending question to ask again once the turn is done (see [`Run::come_back`]).
    fn digress(
        &mut self,
        model: &Model,
        session: &mut Session,
        pending: Pending,
        matched: Option<(Match, &Classification)>,
        text: &str,
    ) {
        interrupt(session, pending);
        let story = self.story(model);
        match matched {
            Some((best, classification)) => {
                self.score = best.score;
                let slots = &story.script.nodes[best.interaction].slots;
                let found = values::parameters(story, slots, text, &classification.entities, self.reference);
                self.enter(model, session, best.interaction, found);
            }
            // A digression to the fallback costs no lifespan: the flow goes on.
            None => {
                let place = self.fallback_place(story, session);
                self.start(story, place);
                self.parameters = self.remembered(model, session);
            }
        }
    }

    /// Once nothing is pending, asks the question a digression interrupted again (the last
    /// one first) — unless the turn left the flow (`end`, `reset`, `backtracking`), or the
    /// question's interaction is no longer on the path.
    pub(super) fn come_back(&mut self, model: &Model, session: &mut Session) {
        if self.left {
            session.interrupted.clear();
        }
        while session.pending.is_none() {
            let Some(pending) = session.interrupted.pop() else {
                return;
            };
            if self.ask_again(model, session, &pending) {
                session.pending = Some(pending);
            }
        }
    }

    /// Says an interrupted prompt or question again; `false` when its flow is gone.
    fn ask_again(&mut self, model: &Model, session: &mut Session, pending: &Pending) -> bool {
        let Some(story) = model.stories().get(self.story) else {
            return false;
        };
        let on_path = session.path.iter().any(|p| p == pending.asker());
        match pending {
            Pending::Slot {
                interaction,
                alias,
                asked,
                ..
            } => {
                let Some(slot) = story
                    .find(interaction)
                    .filter(|_| on_path)
                    .and_then(|o| story.script.nodes[o].slots.iter().find(|s| &s.alias == alias))
                else {
                    return false;
                };
                let k = (*asked as usize).min(slot.prompts.len().saturating_sub(1));
                let message = match slot.prompts.get(k) {
                    Some(prompt) => self.scope(model, session).render(prompt),
                    None => format!("What is the {}?", alias.replace('_', " ")),
                };
                self.fulfillment.push(Message::Text { message }.into());
                true
            }
            Pending::Question { at, step, .. } => {
                let Some(place) = Place::of(story, at) else {
                    return false;
                };
                if matches!(place, Place::Interaction(_)) && !on_path {
                    return false;
                }
                let Some(Action::Question(q)) = steps(story, place).get(*step as usize).map(|s| &s.action)
                else {
                    return false;
                };
                self.say(model, session, &q.elements);
                true
            }
        }
    }

    /// Leaves a question and its flow — the interaction that asked (`asker`) leaves the path,
    /// its ancestors stay — or, with no question waiting, the whole context. The flow's own
    /// way out (a child or reference of the interaction that asked, that the text matches:
    /// `cancel_order` of `order_pizza`) answers; else the story's `cancel` interaction; else
    /// the built-in acknowledgement. A question that a digression interrupted comes back
    /// after, unless the answer leaves the flow.
    pub(super) fn cancel(
        &mut self,
        model: &Model,
        session: &mut Session,
        asker: Option<&str>,
        classification: &Classification,
    ) {
        let story = self.story(model);
        session.pending = None;
        let own = |o: usize| {
            asker.and_then(|a| story.find(a)).is_some_and(|a| {
                story.interactions[a]
                    .children
                    .iter()
                    .chain(&story.interactions[a].references)
                    .any(|&c| c as usize == o)
            })
        };
        if let Some(best) = classification.best.filter(|b| own(b.interaction)) {
            self.score = best.score;
            return self.enter(model, session, best.interaction, BTreeMap::new());
        }
        match asker.and_then(|asker| session.path.iter().position(|p| p == asker)) {
            Some(k) => session.path.truncate(k),
            None if asker.is_none() => session.end_context(),
            None => {}
        }
        self.score = 1.0;
        match story.script.cancel.answer {
            Some(o) => self.enter(model, session, o as usize, BTreeMap::new()),
            None => {
                self.answered = Some(Answered {
                    id: "cancel".into(),
                    name: "Cancel".into(),
                    action: None,
                });
                let message = escape::cancelled(story.language).to_string();
                self.fulfillment.push(Message::Text { message }.into());
            }
        }
    }

    /// Helps with the question, then asks it again: the flow's own help (an interaction of
    /// the context, not a root, that the text matches), else the story's `help` interaction,
    /// else the built-in explanation.
    fn help(&mut self, model: &Model, session: &mut Session, pending: Pending, place: Place, text: &str) {
        self.note("help");
        let story = self.story(model);
        let classification = self.classify_here(story, session, text);
        if let Some(best) = classification
            .best
            .filter(|b| !story.interactions[b.interaction].root)
        {
            return self.digress(model, session, pending, Some((best, &classification)), text);
        }
        if let Some(o) = story.script.help.answer {
            interrupt(session, pending);
            self.score = 1.0;
            return self.enter(model, session, o as usize, BTreeMap::new());
        }
        self.place = Some(place);
        self.answered = Some(answered(story, place));
        self.score = pending_score(&pending);
        self.parameters = self.remembered(model, session);
        let message = escape::helping(story.language).to_string();
        self.fulfillment.push(Message::Text { message }.into());
        interrupt(session, pending);
    }

    /// An answer that is not valid: the retry text (or the next prompt) asks again, up to the
    /// retry limit; past it the question is dropped and the fallback, or the question's
    /// `giveUpGoto`, answers.
    fn retry(&mut self, model: &Model, session: &mut Session, pending: Pending, asking: &Asking<'_>) {
        let story = self.story(model);
        self.place = Some(asking.place);
        self.answered = Some(answered(story, asking.place));
        self.score = pending_score(&pending);
        let tries = match &pending {
            Pending::Slot { asked, .. } => *asked,
            Pending::Question { retries, .. } => *retries,
        };
        if tries >= asking.max_retries {
            self.note("gaveUp");
            session.pending = None;
            return match asking.give_up {
                Some(target) => self.jump(model, session, target),
                None => self.fall_back(model, session),
            };
        }
        self.note("retried");
        let retry = asking.retry.to_vec();
        match pending {
            Pending::Slot {
                interaction,
                alias,
                asked,
                parameters,
                score,
            } => {
                let Place::Interaction(o) = asking.place else {
                    return;
                };
                if retry.is_empty() {
                    return self.ask_slot(model, session, o as usize, &alias, asked + 1, parameters);
                }
                self.parameters = parameters.clone();
                self.say(model, session, &retry);
                session.pending = Some(Pending::Slot {
                    interaction,
                    alias,
                    asked: asked + 1,
                    parameters,
                    score,
                });
            }
            Pending::Question {
                at,
                step,
                retries,
                score,
            } => {
                self.parameters = self.remembered(model, session);
                let variants = if retry.is_empty() {
                    asking.question.to_vec()
                } else {
                    retry
                };
                self.say(model, session, &variants);
                session.pending = Some(Pending::Question {
                    at,
                    step,
                    retries: retries + 1,
                    score,
                });
            }
        }
    }

    /// A valid answer: a slot takes it and the interaction goes on (the answer may fill
    /// other missing parameters too: "large, with ham"); a question saves it to its attribute
    /// and the responses after it run.
    fn take(&mut self, model: &Model, session: &mut Session, pending: Pending, text: &str, value: String) {
        self.note("answered");
        let story = self.story(model);
        session.pending = None;
        match pending {
            Pending::Slot {
                interaction,
                alias,
                mut parameters,
                score,
                ..
            } => {
                let Some(o) = story.find(&interaction) else { return };
                self.score = score;
                self.place = Some(Place::Interaction(o as u32));
                self.answered = Some(answered(story, Place::Interaction(o as u32)));
                parameters.insert(alias, value);
                let others: Vec<_> = story.script.nodes[o]
                    .slots
                    .iter()
                    .filter(|s| !parameters.contains_key(&s.alias))
                    .cloned()
                    .collect();
                parameters.extend(values::parameters(story, &others, text, &[], self.reference));
                self.fill(model, session, o, parameters);
            }
            Pending::Question { at, step, score, .. } => {
                let Some(place) = Place::of(story, &at) else {
                    return;
                };
                let Some(Action::Question(q)) = steps(story, place).get(step as usize).map(|s| &s.action)
                else {
                    return;
                };
                self.score = score;
                self.place = Some(place);
                self.answered = Some(answered(story, place));
                session.attributes.insert(q.attribute.clone(), value);
                self.parameters = self.remembered(model, session);
                self.cursor = Some(Cursor {
                    place,
                    step: step as usize + 1,
                    webhook_due: matches!(place, Place::Interaction(_)),
                });
            }
        }
    }
}

/// Puts the pending question aside, to be asked again once the turn is done (see
/// [`Run::come_back`]).
fn interrupt(session: &mut Session, pending: Pending) {
    session.pending = None;
    if session.interrupted.len() >= MAX_INTERRUPTED {
        session.interrupted.remove(0);
    }
    session.interrupted.push(pending);
}

/// The score of the match that entered the interaction whose question waits.
fn pending_score(pending: &Pending) -> f32 {
    match pending {
        Pending::Slot { score, .. } | Pending::Question { score, .. } => *score,
    }
}
