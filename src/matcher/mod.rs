//! Scoring an utterance against the interactions of a story.
//!
//! Two systems answer, as in ChatBot:
//!
//! - **Keywords**: a candidate whose keyword phrase the utterance holds (exact words, any
//!   order, at most one extra word between them) scores 1.0.
//! - **Machine learning** over the `userSays` examples: the utterance's terms (stems; numbers
//!   as one term; unknown words of 4+ characters corrected to a vocabulary term within 1 edit,
//!   or 2 from 8 characters on) and term bigrams are looked up in the fst; their weight rows
//!   are summed into one logit per interaction and turned into probabilities by a softmax
//!   whose temperature was fitted on held-out examples, so a score is roughly the chance
//!   that the match is right.
//!
//! Only candidates can match (the dialog decides which interactions are candidates). The
//! probabilities are renormalized over the candidates and the fallback, so an utterance that
//! belongs to an interaction which is not a candidate here does not lift another one. The
//! best candidate wins if its score reaches the threshold and beats the fallback; otherwise
//! the fallback answers.
//!
//! ```
//! use intently::story::Bot;
//! use intently::{Candidates, Model};
//!
//! let bot = Bot::from_json(r#"{"stories": [{"id": "faq", "name": "FAQ",
//!   "fallback": {"userSays": ["what is the meaning of life", "tell me a joke"]},
//!   "interactions": [
//!   {"id": "hours", "name": "Hours", "root": true, "keywords": ["opening hours"],
//!    "userSays": ["when are you open", "what time do you open", "are you open on sunday"]},
//!   {"id": "menu", "name": "Menu", "root": true,
//!    "userSays": ["what is on the menu", "show me the menu", "what food do you have"]}
//! ]}]}"#)?;
//! let model = Model::compile(&bot)?;
//! let story = model.story("faq").unwrap();
//!
//! let answer = story.classify("wen do you opne?", &Candidates::Roots);
//! let best = answer.best.unwrap();
//! assert_eq!(story.interactions()[best.interaction].id, "hours");
//!
//! let keyword = story.classify("hours of opening", &Candidates::Roots);
//! assert_eq!(keyword.best.unwrap().score, 1.0);
//!
//! assert!(story.classify("   ", &Candidates::Roots).best.is_none());
//! # Ok::<(), intently::Error>(())
//! ```

mod explain;
mod score;

pub use explain::{Contribution, ExplainedCandidate, Explanation};
pub use score::{Candidates, Classification, Match, RANKING_LEN, System};
