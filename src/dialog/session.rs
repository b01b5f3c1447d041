//! Where one user is in a conversation: small, serializable, separate from the model.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::script::Place;
use crate::StoryModel;
use crate::error::SessionError;

/// The version of the session document this build writes (and the newest it reads).
pub const SESSION_VERSION: u32 = 1;

/// How many interactions the path remembers; the oldest are forgotten first.
pub const MAX_PATH: usize = 16;

/// How many interrupted prompts and questions a session remembers; the oldest are forgotten
/// first.
pub const MAX_INTERRUPTED: usize = 4;

/// One user's place in a conversation: the story, the path taken, the attributes, the
/// lifespan left, the question or prompt waiting for an answer, and the state of its random
/// source.
///
/// A session names interactions by id, so it outlives the model it was made with: a turn on
/// a newer model forgets whatever the model no longer has (see [`Model::respond`]).
/// It serializes to a few hundred bytes of JSON ([`Session::to_json`], [`Session::from_json`]).
///
/// [`Model::respond`]: crate::Model::respond
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Session {
    /// The version of the session document ([`SESSION_VERSION`]).
    #[serde(default = "version")]
    pub version: u32,
    /// The story the conversation is in; `None` before the first turn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub story: Option<String>,
    /// The interactions matched since the context last reset, oldest first; the last one is
    /// the active context. Their children and references are candidates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub path: Vec<String>,
    /// Set by a `subsequentOnly` backtracking: the root interactions are not candidates until
    /// the next match or reset.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub subsequent_only: bool,
    /// Failed matches the context survives before it resets.
    #[serde(default)]
    pub lifespan: u32,
    /// Attributes and the parameters collected so far, by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
    /// The prompt or question waiting for the user's answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<Pending>,
    /// The prompts and questions that digressions interrupted, oldest first (at most
    /// [`MAX_INTERRUPTED`]): once nothing is pending, the last one is asked again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interrupted: Vec<Pending>,
    /// The state of the random source that picks text variants.
    #[serde(default)]
    pub random: u64,
    /// When the last turn happened, in milliseconds since the Unix epoch, as the caller gave
    /// it ([`TurnOptions::timestamp`](super::TurnOptions::timestamp)); the library keeps no
    /// clock. `None` until the first turn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_activity: Option<u64>,
}

fn version() -> u32 {
    SESSION_VERSION
}

fn one() -> f32 {
    1.0
}

/// What the bot is waiting for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    deny_unknown_fields
)]
pub enum Pending {
    /// A required parameter of an interaction: the next text is read as its value.
    Slot {
        /// The interaction's id.
        interaction: String,
        /// The parameter being asked for.
        alias: String,
        /// How many times it has been asked (picks the prompt).
        asked: u32,
        /// The parameters collected so far.
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        parameters: BTreeMap<String, String>,
        /// The score of the match that entered the interaction (the turns that answer report
        /// it, and score filters see it).
        #[serde(default = "one")]
        score: f32,
    },
    /// A `question` action: the next text is validated and saved to its attribute; then the
    /// responses after the question run.
    Question {
        /// Where the question is: an interaction's id, `welcome` or `fallback`.
        at: String,
        /// The question's index among the responses.
        step: u32,
        /// Invalid answers so far.
        retries: u32,
        /// The score of the match that entered the interaction.
        #[serde(default = "one")]
        score: f32,
    },
}

impl Pending {
    /// Whether the story still has what this waits for: the interaction and its parameter,
    /// or a question at that step.
    pub(crate) fn is_in(&self, story: &StoryModel) -> bool {
        match self {
            Pending::Slot {
                interaction, alias, ..
            } => story
                .find(interaction)
                .is_some_and(|o| story.script.nodes[o].slots.iter().any(|s| &s.alias == alias)),
            Pending::Question { at, step, .. } => Place::of(story, at).is_some_and(|place| {
                super::steps(story, place)
                    .get(*step as usize)
                    .is_some_and(|s| matches!(s.action, super::script::Action::Question(_)))
            }),
        }
    }

    /// The interaction (or `welcome`, `fallback`) that asked.
    pub(crate) fn asker(&self) -> &str {
        match self {
            Pending::Slot { interaction, .. } => interaction,
            Pending::Question { at, .. } => at,
        }
    }
}

impl Default for Session {
    fn default() -> Session {
        Session::new(0)
    }
}

impl Session {
    /// A new session whose random source starts from `seed` (give each user a different one
    /// for varied answers; a fixed one makes a conversation repeatable).
    pub fn new(seed: u64) -> Session {
        Session {
            version: SESSION_VERSION,
            story: None,
            path: Vec::new(),
            subsequent_only: false,
            lifespan: 0,
            attributes: BTreeMap::new(),
            pending: None,
            interrupted: Vec::new(),
            random: seed,
            last_activity: None,
        }
    }

    /// Reads a session written by [`Session::to_json`]. Malformed JSON and unknown fields
    /// are errors with their JSON path; a session from a newer version of intently is
    /// [`SessionError::Version`].
    pub fn from_json(text: &str) -> Result<Session, SessionError> {
        let session: Session = crate::story::read_json(text)?;
        if session.version > SESSION_VERSION {
            return Err(SessionError::Version {
                found: session.version,
                supported: SESSION_VERSION,
            });
        }
        Ok(session)
    }

    /// The session as compact JSON.
    pub fn to_json(&self) -> String {
        // Plain data with string keys: serializing cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Forgets the context: the path, the pending prompt and the backtracking mode.
    /// Attributes stay.
    pub fn end_context(&mut self) {
        self.path.clear();
        self.pending = None;
        self.interrupted.clear();
        self.subsequent_only = false;
    }

    /// Forgets everything but the random source: context, attributes and lifespan.
    pub fn reset(&mut self) {
        self.end_context();
        self.attributes.clear();
        self.lifespan = 0;
    }

    /// The next number in `0..n` (n ≥ 1) from the session's random source (splitmix64).
    pub(crate) fn pick(&mut self, n: usize) -> usize {
        self.random = self.random.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.random;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z % n.max(1) as u64) as usize
    }

    /// Puts an interaction at the end of the path (moving it there if it is on it already).
    pub(crate) fn push_path(&mut self, id: &str) {
        self.path.retain(|p| p != id);
        self.path.push(id.to_string());
        if self.path.len() > MAX_PATH {
            self.path.remove(0);
        }
    }

    /// Makes the session fit the story: forgets the interactions the model no longer has,
    /// and a pending prompt or question whose interaction, parameter or response is gone.
    /// Returns whether anything was forgotten.
    pub(crate) fn repair(&mut self, story: &StoryModel) -> bool {
        let before = self.path.len();
        self.path.retain(|id| story.find(id).is_some());
        let mut repaired = self.path.len() != before;
        let pending_ok = self.pending.as_ref().is_none_or(|p| p.is_in(story));
        let before = self.interrupted.len();
        self.interrupted.retain(|p| p.is_in(story));
        repaired |= self.interrupted.len() != before;
        if !pending_ok {
            self.pending = None;
            repaired = true;
        }
        if self.path.is_empty() {
            self.subsequent_only = false;
        }
        repaired
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_round_trips_through_json() {
        let mut s = Session::new(7);
        s.story = Some("pizza".into());
        s.push_path("order_pizza");
        s.attributes.insert("size".into(), "large".into());
        s.pending = Some(Pending::Slot {
            interaction: "order_pizza".into(),
            alias: "address".into(),
            asked: 1,
            parameters: BTreeMap::from([("size".into(), "large".into())]),
            score: 0.75,
        });
        let json = s.to_json();
        assert_eq!(Session::from_json(&json), Ok(s));
    }

    #[test]
    fn corrupt_and_future_sessions_are_errors() {
        let err = Session::from_json(r#"{"path": "x"}"#).unwrap_err();
        assert!(err.to_string().contains("path"), "{err}");
        assert!(matches!(Session::from_json("{"), Err(SessionError::Json(_))));
        assert!(matches!(Session::from_json(""), Err(SessionError::Json(_))));
        assert_eq!(
            Session::from_json(r#"{"version": 9}"#),
            Err(SessionError::Version {
                found: 9,
                supported: SESSION_VERSION
            })
        );
        let err = Session::from_json(r#"{"pending": {"type": "slot", "interaction": "a"}}"#).unwrap_err();
        assert!(err.to_string().contains("pending"), "{err}");
    }

    #[test]
    fn the_path_is_bounded_and_moves_repeats_to_the_end() {
        let mut s = Session::new(0);
        for k in 0..(MAX_PATH + 5) {
            s.push_path(&format!("i{k}"));
        }
        assert_eq!(s.path.len(), MAX_PATH);
        s.push_path("i10");
        assert_eq!(s.path.last().map(String::as_str), Some("i10"));
        assert_eq!(s.path.iter().filter(|p| *p == "i10").count(), 1);
    }

    #[test]
    fn picks_are_in_range_and_repeatable() {
        let (mut a, mut b) = (Session::new(42), Session::new(42));
        let picks: Vec<usize> = (0..50).map(|_| a.pick(3)).collect();
        assert!(picks.iter().all(|&p| p < 3));
        assert!((0..3).all(|k| picks.contains(&k)), "every variant comes up");
        assert_eq!(picks, (0..50).map(|_| b.pick(3)).collect::<Vec<_>>());
        assert_eq!(a.pick(1), 0);
    }
}
