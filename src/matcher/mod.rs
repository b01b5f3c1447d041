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
//! belongs to an interaction which is not a candidate here does not lift another one; when
//! the candidates together hold less than [`MIN_CANDIDATE_MASS`] of the probability, what
//! they lack counts for the fallback, so a few candidates cannot turn an utterance the model
//! places elsewhere (or nowhere) into a confident match. The
//! best candidate wins if its score reaches the threshold and beats the fallback; otherwise
//! the fallback answers.
//!
//! **Nonsense falls back.** A match needs evidence: a keyword of a candidate, or a feature the
//! model learned from the examples (a word, a corrected typo, a stem, an entity, a character
//! n-gram) that comes from something that can say something on its own — not a lone letter of
//! a cased script or a lone symbol, which is what a slipped key or an arrow key's escape
//! sequence (`^[[A`) leaves. The word vectors of words the bot never saw shade the scores of
//! an utterance that has evidence, but are not evidence themselves: keyboard mash
//! (`asdfgh`), whose only features are those vectors, answers the fallback with certainty,
//! like punctuation alone. The rule costs nothing on CLINC150 (in-scope accuracy and
//! out-of-scope recall unchanged; see `BENCHMARKS.md`).
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
//! assert!(story.classify("asdfgh", &Candidates::Roots).best.is_none());
//! # Ok::<(), intently::Error>(())
//! ```

mod explain;
mod score;

pub(crate) use score::says_something;
mod sparse;

pub(crate) use sparse::BiasMass;

pub use explain::{Contribution, ExplainedCandidate, Explanation};
pub use score::{Candidates, Classification, MIN_CANDIDATE_MASS, Match, RANKING_LEN, System};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Model;
    use crate::story::Bot;

    fn model(json: &str) -> Model {
        Model::compile(&Bot::from_json(json).expect("loads")).expect("compiles")
    }

    #[test]
    fn a_story_without_interactions_always_falls_back() {
        let m = model(r#"{"stories": [{"id": "s", "name": "S"}]}"#);
        let c = m.stories()[0].classify("hello there", &Candidates::All);
        assert_eq!((c.best, c.ranking.len()), (None, 0));
    }

    #[test]
    fn keyword_only_interactions_match_by_keyword_and_nothing_else() {
        let m = model(
            r#"{"stories": [{"id": "s", "name": "S", "interactions": [
            {"id": "iban", "name": "IBAN", "root": true, "keywords": ["iban"]}]}]}"#,
        );
        let story = &m.stories()[0];
        assert_eq!(
            story
                .classify("my iban please", &Candidates::Roots)
                .best
                .map(|b| b.system),
            Some(System::Keyword)
        );
        assert_eq!(story.classify("something else", &Candidates::Roots).best, None);
    }

    #[test]
    fn an_utterance_without_evidence_falls_back() {
        let m = model(
            r#"{"stories": [{"id": "s", "name": "S", "interactions": [
            {"id": "hi", "name": "Hi", "root": true, "userSays": ["hello there", "hi", "good morning"]},
            {"id": "order", "name": "Order", "root": true, "userSays": ["I want a pizza", "a pizza please"]},
            {"id": "help", "name": "Help", "root": true, "keywords": ["x"]}]}]}"#,
        );
        let story = &m.stories()[0];
        // Only the vectors of unseen words, a lone letter (known, but a slipped key), an
        // arrow key's escape sequence: nothing the bot knows was said.
        for text in [
            "asdfgh",
            "xyz qwerty",
            "a",
            "A",
            "\u{1b}[A",
            "^[[A",
            "?!",
            "q w e",
        ] {
            let c = story.classify(text, &Candidates::All);
            assert_eq!(c.best, None, "{text:?} → {:?}", c.ranking.first());
            assert!(c.ranking.is_empty(), "{text:?}");
            assert_eq!(c.fallback, 1.0, "{text:?}");
        }
        // Evidence: a known word with the lone letter, a keyword even of one letter.
        assert!(story.classify("a pizza", &Candidates::All).best.is_some());
        let keyword = story.classify("x", &Candidates::All).best.expect("the keyword");
        assert_eq!(keyword.system, System::Keyword);
        // A keyword of an interaction that is not a candidate is no evidence.
        assert_eq!(story.classify("x", &Candidates::Only(&[0, 1])).best, None);
    }

    #[test]
    fn lone_letters_and_symbols_say_nothing_but_digits_and_ideographs_do() {
        for (surface, says) in [
            ("a", false),
            ("Z", false),
            ("é", false),
            ("$", false),
            ("[", false),
            ("", false),
            ("7", true),
            ("好", true),
            ("ab", true),
            ("42", true),
        ] {
            assert_eq!(score::says_something(surface), says, "{surface:?}");
        }
    }

    #[test]
    fn out_of_range_candidates_are_ignored() {
        let m = model(
            r#"{"stories": [{"id": "s", "name": "S", "interactions": [
            {"id": "a", "name": "A", "root": true, "userSays": ["hello there", "hi"]}]}]}"#,
        );
        let c = m.stories()[0].classify("hello", &Candidates::Only(&[7, 99]));
        assert_eq!(c.best, None);
        assert!(c.ranking.is_empty());
    }

    const BOOKINGS: &str = r#"{"stories": [{"id": "s", "name": "S",
        "fallback": {"userSays": ["tell me a joke", "what is the meaning of life"]},
        "interactions": [
        {"id": "book", "name": "Book", "root": true, "userSays": ["book a table", "reserve a table for two", "i want a table tonight"]},
        {"id": "cancel", "name": "Cancel", "root": true, "userSays": ["cancel my booking", "cancel it", "i no longer want the table"]}]}]}"#;

    /// The logits that `explain`'s contributions add up to, for the top candidate.
    fn contributions_and_logit(m: &Model, text: &str) -> (f32, f32, Vec<String>) {
        let story = &m.stories()[0];
        let explanation = story.explain(text, &Candidates::Roots, 1);
        assert_eq!(
            explanation.classification,
            story.classify(text, &Candidates::Roots),
            "explain answers as classify does"
        );
        let top = &explanation.candidates[0];
        let class = story
            .interactions()
            .iter()
            .position(|i| i.id == top.interaction)
            .expect("a known interaction");
        let tokens = story.analyzer.analyze(text);
        let entities = story.recognizer().recognize(text, &tokens);
        let features = story
            .classifier
            .features(&crate::index::units(&tokens, &entities), story.language);
        let logit = story.classifier.logits(&features)[class];
        let sum = top.contributions.iter().map(|c| c.weight).sum();
        let names = top.contributions.iter().map(|c| c.feature.clone()).collect();
        (sum, logit, names)
    }

    #[test]
    fn explained_contributions_add_up_to_the_logit() {
        let m = model(BOOKINGS);
        assert!(
            m.stories()[0].classifier.vectors.is_some(),
            "English has word vectors"
        );
        // Every word seen in training: the vectors' part is in the word rows.
        let (sum, logit, names) = contributions_and_logit(&m, "cancel my table");
        assert!((sum - logit).abs() < 1e-4, "{sum} against {logit}");
        assert!(!names.iter().any(|n| n.starts_with("vectors:")), "{names:?}");
        // Unseen words bring their vectors, as a contribution of their own.
        let (sum, logit, names) = contributions_and_logit(&m, "please annul the reservation");
        assert!((sum - logit).abs() < 1e-4, "{sum} against {logit}");
        assert!(names.iter().any(|n| n == "vectors:unseen words"), "{names:?}");
    }

    #[test]
    fn a_language_without_vectors_is_explained_the_same_way() {
        let m = model(&BOOKINGS.replace(
            r#""name": "S","#,
            r#""name": "S", "settings": {"language": "es"},"#,
        ));
        assert!(m.stories()[0].classifier.vectors.is_none());
        let (sum, logit, names) = contributions_and_logit(&m, "please annul the reservation");
        assert!((sum - logit).abs() < 1e-4, "{sum} against {logit}");
        assert!(!names.iter().any(|n| n.starts_with("vectors:")));
    }

    #[test]
    fn few_candidates_do_not_make_an_unplaceable_utterance_a_match() {
        let m = model(
            r#"{"stories": [{"id": "s", "name": "S",
            "fallback": {"userSays": ["tell me a joke", "what is the meaning of life"]},
            "interactions": [
            {"id": "block", "name": "Block", "root": true, "contextOut": ["yes", "no"],
             "userSays": ["block my card", "freeze my card please", "stop my card"]},
            {"id": "yes", "name": "Yes", "userSays": ["yes", "yes block it", "do it"]},
            {"id": "no", "name": "No", "userSays": ["no", "no keep it", "don't"]},
            {"id": "hours", "name": "Hours", "root": true, "userSays": ["when are you open", "opening hours"]},
            {"id": "rates", "name": "Rates", "root": true, "userSays": ["exchange rates", "how much is a euro"]},
            {"id": "hello", "name": "Hello", "root": true, "userSays": ["hello", "hi there"]}]}]}"#,
        );
        let story = &m.stories()[0];
        let children = [1, 2];
        let only = Candidates::Only(&children);
        let best = |text: &str| {
            story
                .classify(text, &only)
                .best
                .map(|b| story.interactions()[b.interaction].id.clone())
        };
        assert_eq!(best("yes please").as_deref(), Some("yes"));
        assert_eq!(best("no, keep my card").as_deref(), Some("no"));
        assert_eq!(
            best("when are you open"),
            None,
            "meant for a root that is not a candidate"
        );
        // Probabilities spread thin (an utterance the model cannot place): the two candidates
        // hold 0.12 together, so 0.13 of the minimum share goes to the fallback and `yes`
        // scores 0.10 / 0.28 instead of 0.10 / 0.15.
        let spread = [0.05, 0.10, 0.02, 0.30, 0.30, 0.20, 0.03];
        let (scores, fallback) = story.candidate_scores(&spread, &only);
        let yes = scores
            .iter()
            .find(|(i, _)| *i == 1)
            .map(|s| s.1)
            .expect("a score for yes");
        assert!((yes - 0.10 / 0.28).abs() < 1e-4, "{yes}");
        assert!((fallback - 0.16 / 0.28).abs() < 1e-4, "{fallback}");
        // Candidates that hold their share are renormalized as they are.
        let placed = [0.05, 0.60, 0.05, 0.10, 0.10, 0.05, 0.05];
        let (scores, _) = story.candidate_scores(&placed, &only);
        assert!((scores[0].1 - 0.60 / 0.70).abs() < 1e-4, "{scores:?}");
    }

    proptest::proptest! {
        /// Whatever the utterance, classification does not panic and names only known
        /// interactions, with scores in [0, 1].
        #[test]
        fn classify_returns_only_known_interactions(text in "\\PC{0,80}") {
            use std::sync::OnceLock;
            static MODEL: OnceLock<Model> = OnceLock::new();
            let m = MODEL.get_or_init(|| model(r#"{"stories": [{"id": "s", "name": "S",
                "fallback": {"userSays": ["tell me a joke"]},
                "interactions": [
                {"id": "a", "name": "A", "root": true, "userSays": ["book a table", "reserve a table for two"], "keywords": ["table"]},
                {"id": "b", "name": "B", "root": true, "userSays": ["cancel my booking", "cancel it"], "contextOut": ["c"]},
                {"id": "c", "name": "C", "userSays": ["yes please"]}]}]}"#));
            let story = &m.stories()[0];
            for candidates in [Candidates::Roots, Candidates::All, Candidates::Only(&[2])] {
                let c = story.classify(&text, &candidates);
                for hit in &c.ranking {
                    proptest::prop_assert!(hit.interaction < story.interactions().len());
                    proptest::prop_assert!(candidates.contains(story, hit.interaction));
                    proptest::prop_assert!((0.0..=1.0).contains(&hit.score));
                }
                proptest::prop_assert!((0.0..=1.0).contains(&c.fallback));
            }
        }
    }
}
