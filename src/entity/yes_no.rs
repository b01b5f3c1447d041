//! `sys.yes`, `sys.no` and `sys.yes-no`: answers to a yes-or-no question, in English and
//! Spanish.

use serde_json::Value;

use super::{Context, EntityMatch, SystemEntity};
use crate::Language;
use crate::analysis::{Span, Token};

/// `sys.yes`: an agreement, `yes`, `sure`, `of course`, `sí`, `claro`, `vale`.
///
/// The value is the JSON string `"yes"`, whatever the words (a parameter filled by it reads
/// back well in a response; use [`YesNo`] for a boolean). What it understands, and what it
/// leaves alone, is said on [`YesNo`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Yes;

/// `sys.no`: a refusal, `no`, `nope`, `not really`, `no way`, `para nada`.
///
/// The value is the JSON string `"no"`, whatever the words. What it understands, and what it
/// leaves alone, is said on [`YesNo`].
#[derive(Debug, Clone, Copy, Default)]
pub struct No;

/// `sys.yes-no`: an answer to a yes-or-no question; the value is a JSON bool.
///
/// Phrases are matched on the analysed tokens (case and accents folded), longest first, and
/// the words of a phrase must be separated by spaces or hyphens only (`no, problem…` is a
/// `no`; `no problem` is not). Score 1 for plain answers, 0.9 for softer ones and for
/// stretched words (`yesss`, `nooo`), 0.8 for the ambiguous ones (`ok`, `okay`, `alright`,
/// and Spanish `si` without its accent, which is also "if").
///
/// | | English | Spanish |
/// |---|---|---|
/// | yes | yes, yeah, yep, yup, yea, sure, for sure, of course, absolutely, definitely, certainly, indeed, affirmative, correct, that's right, ok, okay, alright, all right, sounds good, go ahead, why not, uh huh | sí, si, claro, claro que sí, vale, por supuesto, desde luego, de acuerdo, cómo no, exacto, efectivamente, correcto, afirmativo, sip, perfecto, dale, ok, okay, okey |
/// | no | no, nope, nah, nay, not really, no way, not at all, of course not, absolutely not, definitely not, certainly not, negative, don't think so, not ok, not okay | no, nop, para nada, en absoluto, de ninguna manera, ni hablar, claro que no, por supuesto que no, negativo |
/// | neither | not sure, make sure, are you sure, yes or no, no problem(s), no worries, no idea, no clue, no doubt, no one, no matter, no longer | no sé, no lo sé, no importa, no hay problema, no pasa nada, no estoy seguro/segura, si no, sí o no |
///
/// The "neither" phrases are the decisions: "no problem" and "no worries" are pleasantries,
/// not refusals; "not sure" and "no sé" are no answer; "know" and "nothing" are other words
/// than "no". A phrase is read as a whole, so "of course not" is a no, not a yes, and
/// "cómo no" a yes. Languages other than English and Spanish yield nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct YesNo;

impl SystemEntity for Yes {
    fn name(&self) -> &'static str {
        "sys.yes"
    }

    fn extract(&self, text: &str, tokens: &[Token], context: &Context, out: &mut Vec<EntityMatch>) {
        let language = context.language;
        for (answer, span, score) in answers(text, tokens, language) {
            if answer == Answer::Yes {
                out.push(EntityMatch::new(
                    self.name(),
                    Value::from("yes"),
                    text,
                    span,
                    score,
                ));
            }
        }
    }
}

impl SystemEntity for No {
    fn name(&self) -> &'static str {
        "sys.no"
    }

    fn extract(&self, text: &str, tokens: &[Token], context: &Context, out: &mut Vec<EntityMatch>) {
        let language = context.language;
        for (answer, span, score) in answers(text, tokens, language) {
            if answer == Answer::No {
                out.push(EntityMatch::new(
                    self.name(),
                    Value::from("no"),
                    text,
                    span,
                    score,
                ));
            }
        }
    }
}

impl SystemEntity for YesNo {
    fn name(&self) -> &'static str {
        "sys.yes-no"
    }

    fn extract(&self, text: &str, tokens: &[Token], context: &Context, out: &mut Vec<EntityMatch>) {
        let language = context.language;
        for (answer, span, score) in answers(text, tokens, language) {
            if answer != Answer::Neither {
                let value = Value::Bool(answer == Answer::Yes);
                out.push(EntityMatch::new(self.name(), value, text, span, score));
            }
        }
    }
}

/// What a phrase answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    Yes,
    No,
    /// A phrase that looks like an answer and is not one (`no problem`); it hides the answer
    /// words inside it.
    Neither,
}

use Answer::{Neither, No as N, Yes as Y};

/// A phrase (its words, normalized as the analyzer does), what it answers, and its score.
type Phrase = (&'static [&'static str], Answer, f32);

const ENGLISH: &[Phrase] = &[
    (&["yes"], Y, 1.0),
    (&["yeah"], Y, 1.0),
    (&["yep"], Y, 1.0),
    (&["yup"], Y, 1.0),
    (&["yea"], Y, 0.9),
    (&["sure"], Y, 1.0),
    (&["for", "sure"], Y, 1.0),
    (&["of", "course"], Y, 1.0),
    (&["absolutely"], Y, 1.0),
    (&["definitely"], Y, 1.0),
    (&["certainly"], Y, 1.0),
    (&["indeed"], Y, 0.9),
    (&["affirmative"], Y, 1.0),
    (&["correct"], Y, 0.9),
    (&["that's", "right"], Y, 0.9),
    (&["ok"], Y, 0.8),
    (&["okay"], Y, 0.8),
    (&["alright"], Y, 0.8),
    (&["all", "right"], Y, 0.8),
    (&["sounds", "good"], Y, 0.9),
    (&["go", "ahead"], Y, 0.9),
    (&["why", "not"], Y, 0.8),
    (&["uh", "huh"], Y, 0.8),
    (&["no"], N, 1.0),
    (&["nope"], N, 1.0),
    (&["nah"], N, 1.0),
    (&["nay"], N, 0.9),
    (&["not", "really"], N, 0.9),
    (&["no", "way"], N, 1.0),
    (&["not", "at", "all"], N, 1.0),
    (&["of", "course", "not"], N, 1.0),
    (&["absolutely", "not"], N, 1.0),
    (&["definitely", "not"], N, 1.0),
    (&["certainly", "not"], N, 1.0),
    (&["negative"], N, 0.9),
    (&["don't", "think", "so"], N, 0.9),
    (&["not", "ok"], N, 0.8),
    (&["not", "okay"], N, 0.8),
    (&["not", "sure"], Neither, 1.0),
    (&["make", "sure"], Neither, 1.0),
    (&["are", "you", "sure"], Neither, 1.0),
    (&["yes", "or", "no"], Neither, 1.0),
    (&["no", "problem"], Neither, 1.0),
    (&["no", "problems"], Neither, 1.0),
    (&["no", "worries"], Neither, 1.0),
    (&["no", "idea"], Neither, 1.0),
    (&["no", "clue"], Neither, 1.0),
    (&["no", "doubt"], Neither, 1.0),
    (&["no", "one"], Neither, 1.0),
    (&["no", "matter"], Neither, 1.0),
    (&["no", "longer"], Neither, 1.0),
];

const SPANISH: &[Phrase] = &[
    (&["si"], Y, 0.8),
    (&["claro"], Y, 1.0),
    (&["claro", "que", "si"], Y, 1.0),
    (&["vale"], Y, 1.0),
    (&["por", "supuesto"], Y, 1.0),
    (&["desde", "luego"], Y, 1.0),
    (&["de", "acuerdo"], Y, 1.0),
    (&["como", "no"], Y, 0.9),
    (&["exacto"], Y, 0.9),
    (&["efectivamente"], Y, 0.9),
    (&["correcto"], Y, 0.9),
    (&["afirmativo"], Y, 1.0),
    (&["sip"], Y, 0.9),
    (&["perfecto"], Y, 0.8),
    (&["dale"], Y, 0.8),
    (&["ok"], Y, 0.8),
    (&["okay"], Y, 0.8),
    (&["okey"], Y, 0.8),
    (&["no"], N, 1.0),
    (&["nop"], N, 0.9),
    (&["para", "nada"], N, 1.0),
    (&["en", "absoluto"], N, 0.9),
    (&["de", "ninguna", "manera"], N, 1.0),
    (&["ni", "hablar"], N, 1.0),
    (&["claro", "que", "no"], N, 1.0),
    (&["por", "supuesto", "que", "no"], N, 1.0),
    (&["negativo"], N, 1.0),
    (&["no", "se"], Neither, 1.0),
    (&["no", "lo", "se"], Neither, 1.0),
    (&["no", "importa"], Neither, 1.0),
    (&["no", "hay", "problema"], Neither, 1.0),
    (&["no", "pasa", "nada"], Neither, 1.0),
    (&["no", "estoy", "seguro"], Neither, 1.0),
    (&["no", "estoy", "segura"], Neither, 1.0),
    (&["si", "no"], Neither, 1.0),
    (&["si", "o", "no"], Neither, 1.0),
];

/// The phrases of `language`, if it has any.
fn lexicon(language: Language) -> &'static [Phrase] {
    match language {
        Language::English => ENGLISH,
        Language::Spanish => SPANISH,
        _ => &[],
    }
}

/// Every answer phrase in the utterance, longest first at each token, left to right.
///
/// Each token is compared with the few dozen phrases of the language: linear in the length
/// of the utterance.
fn answers(text: &str, tokens: &[Token], language: Language) -> Vec<(Answer, Span, f32)> {
    let lexicon = lexicon(language);
    let mut found = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        // No answer starts with a number: skip them without walking the lexicon.
        if tokens[i].kind == crate::analysis::TokenKind::Number {
            i += 1;
            continue;
        }
        let best = lexicon
            .iter()
            .filter_map(|phrase| matches(text, &tokens[i..], phrase).map(|score| (phrase, score)))
            .max_by_key(|(phrase, _)| phrase.0.len());
        let Some(((words, answer, _), score)) = best else {
            i += 1;
            continue;
        };
        let (first, last) = (tokens[i].span, tokens[i + words.len() - 1].span);
        let span = Span {
            byte_start: first.byte_start,
            byte_end: last.byte_end,
            char_start: first.char_start,
            char_end: last.char_end,
        };
        found.push((*answer, span, score));
        i += words.len();
    }
    found
}

/// The score of `phrase` if `tokens` start with it, its words separated by spaces or hyphens.
fn matches(text: &str, tokens: &[Token], (words, _, score): &Phrase) -> Option<f32> {
    if tokens.len() < words.len() {
        return None;
    }
    let mut score = *score;
    for (k, (word, token)) in words.iter().zip(tokens).enumerate() {
        if k > 0 {
            let gap = text
                .get(tokens[k - 1].span.byte_end..token.span.byte_start)
                .unwrap_or("");
            if !gap
                .chars()
                .all(|c| c.is_whitespace() || matches!(c, '-' | '‐' | '–'))
            {
                return None;
            }
        }
        if token.text == *word {
            if *word == "si" && words.len() == 1 && !token.span.slice(text).eq_ignore_ascii_case("si") {
                score = 1.0; // `sí` with its accent: no doubt it is not "if".
            }
        } else if words.len() == 1 && is_stretched(&token.text, word) {
            score = score.min(0.9);
        } else {
            return None;
        }
    }
    Some(score)
}

/// Whether `token` is `word` with some letters repeated, as people stretch a word: a vowel or
/// the last letter (`yesss`, `nooo`, `yeaaah`, `siii`), never another consonant (`valle` is
/// not `vale`).
fn is_stretched(token: &str, word: &str) -> bool {
    if token.len() > 16 || token.len() <= word.len() {
        return false;
    }
    let (token, word) = (runs(token), runs(word));
    token.len() == word.len()
        && token
            .iter()
            .zip(&word)
            .enumerate()
            .all(|(k, (&(c, n), &(w, m)))| {
                c == w && (n == m || (n > m && (k + 1 == word.len() || "aeiou".contains(c))))
            })
}

/// The runs of equal characters of `s`: `yeesss` → `y`×1, `e`×2, `s`×3.
fn runs(s: &str) -> Vec<(char, usize)> {
    let mut runs: Vec<(char, usize)> = Vec::new();
    for c in s.chars() {
        match runs.last_mut() {
            Some((last, n)) if *last == c => *n += 1,
            _ => runs.push((c, 1)),
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stretched_words() {
        assert!(is_stretched("yesss", "yes"));
        assert!(is_stretched("yeeesss", "yes"));
        assert!(is_stretched("nooo", "no"));
        assert!(is_stretched("yeaaahhh", "yeah"));
        assert!(!is_stretched("yes", "yes"));
        assert!(!is_stretched("know", "no"));
        assert!(!is_stretched("noon", "no"));
        assert!(!is_stretched("yess!", "yes"));
        assert!(is_stretched("correcttt", "correct"));
        assert!(!is_stretched("valle", "vale"));
        assert!(!is_stretched("yyeeess", "yes"));
    }

    mod yes_no_english {
        use super::super::*;
        use serde_json::json;

        system_entity_tests!(
            YesNo,
            Language::English,
            [
                ("yes", [("yes", json!(true))]),
                ("Yes please", [("Yes", json!(true))]),
                ("yeah", [("yeah", json!(true))]),
                ("yep!", [("yep", json!(true))]),
                ("sure thing", [("sure", json!(true))]),
                ("of course", [("of course", json!(true))]),
                ("Absolutely.", [("Absolutely", json!(true))]),
                ("ok", [("ok", json!(true))]),
                ("okay then", [("okay", json!(true))]),
                ("yesss", [("yesss", json!(true))]),
                ("that's right", [("that's right", json!(true))]),
                ("uh-huh", [("uh-huh", json!(true))]),
                ("for sure", [("for sure", json!(true))]),
                ("no", [("no", json!(false))]),
                ("No thanks", [("No", json!(false))]),
                ("nope", [("nope", json!(false))]),
                ("nah", [("nah", json!(false))]),
                ("not really", [("not really", json!(false))]),
                ("no way!", [("no way", json!(false))]),
                ("nooo", [("nooo", json!(false))]),
                ("of course not", [("of course not", json!(false))]),
                ("absolutely not", [("absolutely not", json!(false))]),
                ("I don't think so", [("don't think so", json!(false))]),
                ("not at all", [("not at all", json!(false))]),
                ("no, problem is the price", [("no", json!(false))]),
                ("yes no", [("yes", json!(true)), ("no", json!(false))]),
                // Not answers.
                ("I know", []),
                ("nothing", []),
                ("nobody came", []),
                ("no problem", []),
                ("no worries", []),
                ("I'm not sure", []),
                ("make sure it's hot", []),
                ("are you sure?", []),
                ("answer yes or no", []),
                ("I have no idea", []),
                ("yesterday", []),
                ("surely", []),
                ("", []),
            ]
        );
    }

    mod yes_no_spanish {
        use super::super::*;
        use serde_json::json;

        system_entity_tests!(
            YesNo,
            Language::Spanish,
            [
                ("sí", [("sí", json!(true))]),
                ("Sí, por favor", [("Sí", json!(true))]),
                ("si", [("si", json!(true))]),
                ("siii", [("siii", json!(true))]),
                ("claro", [("claro", json!(true))]),
                ("claro que sí", [("claro que sí", json!(true))]),
                ("vale", [("vale", json!(true))]),
                ("por supuesto", [("por supuesto", json!(true))]),
                ("desde luego", [("desde luego", json!(true))]),
                ("de acuerdo", [("de acuerdo", json!(true))]),
                ("¡cómo no!", [("cómo no", json!(true))]),
                ("okey", [("okey", json!(true))]),
                ("exacto", [("exacto", json!(true))]),
                ("no", [("no", json!(false))]),
                ("No, gracias", [("No", json!(false))]),
                ("nooo", [("nooo", json!(false))]),
                ("para nada", [("para nada", json!(false))]),
                ("claro que no", [("claro que no", json!(false))]),
                ("por supuesto que no", [("por supuesto que no", json!(false))]),
                ("de ninguna manera", [("de ninguna manera", json!(false))]),
                ("ni hablar", [("ni hablar", json!(false))]),
                ("en absoluto", [("en absoluto", json!(false))]),
                ("nop", [("nop", json!(false))]),
                // Not answers.
                ("no sé", []),
                ("no lo sé", []),
                ("no importa", []),
                ("no hay problema", []),
                ("no estoy segura", []),
                ("si no llueve", []),
                ("¿sí o no?", []),
                ("noche", []),
                ("nosotros", []),
                ("sino", []),
                ("", []),
            ]
        );
    }

    mod yes {
        use super::super::*;
        use serde_json::json;

        system_entity_tests!(
            Yes,
            Language::English,
            [
                ("yes", [("yes", json!("yes"))]),
                ("YES", [("YES", json!("yes"))]),
                ("yeah sure", [("yeah", json!("yes")), ("sure", json!("yes"))]),
                ("yup", [("yup", json!("yes"))]),
                ("yea", [("yea", json!("yes"))]),
                ("definitely", [("definitely", json!("yes"))]),
                ("certainly", [("certainly", json!("yes"))]),
                ("indeed", [("indeed", json!("yes"))]),
                ("affirmative", [("affirmative", json!("yes"))]),
                ("correct", [("correct", json!("yes"))]),
                ("alright", [("alright", json!("yes"))]),
                ("all right", [("all right", json!("yes"))]),
                ("sounds good", [("sounds good", json!("yes"))]),
                ("go ahead", [("go ahead", json!("yes"))]),
                ("why not", [("why not", json!("yes"))]),
                ("okay", [("okay", json!("yes"))]),
                ("OK!", [("OK", json!("yes"))]),
                ("yeaaah", [("yeaaah", json!("yes"))]),
                ("of course, bring it", [("of course", json!("yes"))]),
                ("I said yes", [("yes", json!("yes"))]),
                // Not a yes.
                ("no", []),
                ("of course not", []),
                ("absolutely not", []),
                ("definitely not", []),
                ("not ok", []),
                ("not sure", []),
                ("make sure", []),
                ("yesterday", []),
                ("eyes", []),
                ("insure it", []),
                ("okapi", []),
                ("", []),
            ]
        );
    }

    mod no {
        use super::super::*;
        use serde_json::json;

        system_entity_tests!(
            No,
            Language::English,
            [
                ("no", [("no", json!("no"))]),
                ("NO", [("NO", json!("no"))]),
                ("no.", [("no", json!("no"))]),
                ("nope", [("nope", json!("no"))]),
                ("nah", [("nah", json!("no"))]),
                ("nay", [("nay", json!("no"))]),
                ("not really", [("not really", json!("no"))]),
                ("no way", [("no way", json!("no"))]),
                ("no-way", [("no-way", json!("no"))]),
                ("not at all", [("not at all", json!("no"))]),
                ("of course not", [("of course not", json!("no"))]),
                ("definitely not", [("definitely not", json!("no"))]),
                ("certainly not", [("certainly not", json!("no"))]),
                ("negative", [("negative", json!("no"))]),
                ("don't think so", [("don't think so", json!("no"))]),
                ("not okay", [("not okay", json!("no"))]),
                ("nooope", [("nooope", json!("no"))]),
                ("no thank you", [("no", json!("no"))]),
                ("uh no", [("no", json!("no"))]),
                ("no, problem is the price", [("no", json!("no"))]),
                // Not a no.
                ("know", []),
                ("I know", []),
                ("not", []),
                ("noon", []),
                ("nothing", []),
                ("no problem", []),
                ("no worries", []),
                ("no one", []),
                ("no matter what", []),
                ("no longer", []),
                ("no doubt", []),
                ("yes", []),
                ("", []),
            ]
        );
    }
}
