//! Reading a text as the answer to a pending prompt or question.

use super::run::{CLEAR_MATCH, Cursor, Run, answered};
use super::script::{Action, Place};
use super::session::{Pending, Session};
use super::{steps, values};
use crate::{Candidates, Model, System};

impl Run {
    /// Reads a text as the answer to a pending prompt or question. A value of the entity
    /// answers it; failing that, a text that clearly matches a root interaction (a keyword,
    /// or a score of at least [`CLEAR_MATCH`]) leaves it for that interaction; failing that,
    /// a free-text entity (`sys.any`, an extensible entity) takes the whole text; anything
    /// else is an invalid answer.
    pub(super) fn answer(&mut self, model: &Model, session: &mut Session, pending: Pending, text: &str) {
        let story = self.story(model);
        let (entity, place) = match &pending {
            Pending::Slot {
                interaction, alias, ..
            } => {
                let o = story.find(interaction);
                let slot = o.and_then(|o| story.script.nodes[o].slots.iter().find(|s| &s.alias == alias));
                (
                    slot.map(|s| s.entity.clone()),
                    Place::Interaction(o.unwrap_or_default() as u32),
                )
            }
            Pending::Question { at, step, .. } => {
                let place = Place::of(story, at).unwrap_or(Place::Fallback);
                let entity = match steps(story, place).get(*step as usize).map(|s| &s.action) {
                    Some(Action::Question(q)) => Some(q.entity.clone()),
                    _ => None,
                };
                (entity, place)
            }
        };
        // `repair` keeps only pending steps the story has.
        let Some(entity) = entity else {
            session.pending = None;
            return;
        };
        let mut value = values::find(story, &entity, text, self.reference);
        if value.is_none() {
            let roots = story.classify_with(text, &Candidates::Roots, self.confidence);
            if let Some(best) = roots
                .best
                .filter(|b| b.system == System::Keyword || b.score >= CLEAR_MATCH)
            {
                self.note("left");
                session.pending = None;
                self.score = best.score;
                let slots = &story.script.nodes[best.interaction].slots;
                let found = values::parameters(story, slots, text, &roots.entities, self.reference);
                self.enter(model, session, best.interaction, found);
                return;
            }
            if values::takes_free_text(story, &entity) {
                value = Some(text.trim().to_string());
            }
        }
        self.place = Some(place);
        self.answered = Some(answered(story, place));
        match pending {
            Pending::Slot {
                alias,
                asked,
                mut parameters,
                score,
                ..
            } => {
                self.score = score;
                let Place::Interaction(o) = place else { return };
                match value {
                    Some(value) => {
                        self.note("answered");
                        parameters.insert(alias, value);
                        // The answer may say other missing parameters too ("large, with ham").
                        let slots = &story.script.nodes[o as usize].slots;
                        let others: Vec<_> = slots
                            .iter()
                            .filter(|s| !parameters.contains_key(&s.alias))
                            .cloned()
                            .collect();
                        let more = values::parameters(story, &others, text, &[], self.reference);
                        parameters.extend(more);
                        self.fill(model, session, o as usize, parameters);
                    }
                    None => {
                        self.note("retried");
                        self.ask_slot(model, session, o as usize, &alias, asked + 1, parameters);
                    }
                }
            }
            Pending::Question {
                at,
                step,
                retries,
                score,
            } => {
                self.score = score;
                let Some(Action::Question(q)) = steps(story, place).get(step as usize).map(|s| &s.action)
                else {
                    return;
                };
                self.parameters = self.remembered(model, session);
                let next = Cursor {
                    place,
                    step: step as usize + 1,
                    webhook_due: matches!(place, Place::Interaction(_)),
                };
                match value {
                    Some(value) => {
                        self.note("answered");
                        session.attributes.insert(q.attribute.clone(), value);
                        session.pending = None;
                        self.cursor = Some(next);
                    }
                    None if retries < q.max_retries => {
                        self.note("retried");
                        let variants = if q.retry.is_empty() { &q.elements } else { &q.retry };
                        self.say(model, session, variants);
                        session.pending = Some(Pending::Question {
                            at,
                            step,
                            retries: retries + 1,
                            score,
                        });
                    }
                    None => {
                        self.note("gaveUp");
                        session.pending = None;
                        self.cursor = Some(next);
                    }
                }
            }
        }
    }
}
