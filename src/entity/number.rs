//! `sys.number`, `sys.integer` and `sys.ordinal`: numbers written in digits or in words.
//!
//! All three read the numbers of an utterance the same way (see [`numbers`](super::numbers)
//! for what counts as a number) and differ only in which ones they keep:
//!
//! | Entity | Keeps | Specificity | `3` | `3.5` | `3rd`, `third` |
//! |---|---|---|---|---|---|
//! | `sys.number` | every number | 2 | `3` | `3.5` | `3` |
//! | `sys.integer` | whole cardinals | 3 | `3` | — | — |
//! | `sys.ordinal` | ordinals | 3 | — | — | `3` |
//!
//! So where a placeholder asks for `sys.number`, an ordinal is still a number; where the
//! candidates are resolved, `3rd` goes to `sys.ordinal` and `3` to `sys.integer`, the more
//! specific entities. The value is always a JSON number: an integer when the value is whole
//! (`3.0` gives `3`, `1.5 million` gives `1500000`), else a float.
//!
//! A number too large to hold (`10^400`, 500 digits; see [`numbers`](super::numbers#out-of-range))
//! is one match with a `null` value and a score of 0, so that no part of it passes for a
//! smaller number. Both `sys.number` and `sys.integer` report it.

use serde_json::Value;

use super::numbers::{Reading, read_numbers};
use super::{Context, EntityMatch, SystemEntity};
use crate::Language;
use crate::analysis::Token;

/// `sys.number`: any number, in digits or words, cardinal or ordinal, whole or not.
#[derive(Debug, Clone, Copy, Default)]
pub struct Number;

/// `sys.integer`: a whole number that is not an ordinal (`42`, `twelve hundred`, `-4`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Integer;

/// `sys.ordinal`: an ordinal (`3rd`, `twenty-first`, `tercero`, `3º`), valued by its number.
#[derive(Debug, Clone, Copy, Default)]
pub struct Ordinal;

impl SystemEntity for Number {
    fn name(&self) -> &'static str {
        "sys.number"
    }

    fn extract(&self, text: &str, tokens: &[Token], context: &Context, out: &mut Vec<EntityMatch>) {
        let language = context.language;
        push_readings(self.name(), text, tokens, language, out, |_| true);
    }
}

impl SystemEntity for Integer {
    fn name(&self) -> &'static str {
        "sys.integer"
    }

    fn specificity(&self) -> u8 {
        3
    }

    fn extract(&self, text: &str, tokens: &[Token], context: &Context, out: &mut Vec<EntityMatch>) {
        let language = context.language;
        push_readings(self.name(), text, tokens, language, out, |r| {
            !r.ordinal && r.value.is_whole()
        });
    }
}

impl SystemEntity for Ordinal {
    fn name(&self) -> &'static str {
        "sys.ordinal"
    }

    fn specificity(&self) -> u8 {
        3
    }

    fn extract(&self, text: &str, tokens: &[Token], context: &Context, out: &mut Vec<EntityMatch>) {
        let language = context.language;
        push_readings(self.name(), text, tokens, language, out, |r| r.ordinal);
    }
}

/// Pushes a match of `entity` for each reading that `keep` keeps.
fn push_readings(
    entity: &str,
    text: &str,
    tokens: &[Token],
    language: Language,
    out: &mut Vec<EntityMatch>,
    keep: impl Fn(&Reading) -> bool,
) {
    for reading in read_numbers(text, tokens, language).iter().filter(|r| keep(r)) {
        let (value, score) = match reading.value.to_json() {
            Some(value) => (value, reading.score),
            None => (Value::Null, 0.0),
        };
        out.push(EntityMatch::new(entity, value, text, reading.span, score));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    mod number_english {
        use super::*;

        system_entity_tests!(
            Number,
            Language::English,
            [
                ("I want 3 pizzas", [("3", json!(3))]),
                ("it costs 3.5", [("3.5", json!(3.5))]),
                ("1,000,000 people", [("1,000,000", json!(1_000_000))]),
                ("exactly 1,000,000.50", [("1,000,000.50", json!(1_000_000.5))]),
                ("it is -4 outside", [("-4", json!(-4))]),
                ("(-4)", [("-4", json!(-4))]),
                ("minus four", [("minus four", json!(-4))]),
                ("five minus two", [("five", json!(5)), ("two", json!(2))]),
                ("5-4", [("5", json!(5)), ("4", json!(4))]),
                ("twelve hundred", [("twelve hundred", json!(1200))]),
                (
                    "one hundred thirty million five hundred seventy thousand",
                    [(
                        "one hundred thirty million five hundred seventy thousand",
                        json!(130_570_000)
                    )]
                ),
                ("twenty-one guns", [("twenty-one", json!(21))]),
                ("one hundred and five", [("one hundred and five", json!(105))]),
                ("a dozen eggs", [("a dozen", json!(12))]),
                ("two dozen", [("two dozen", json!(24))]),
                ("a million", [("a million", json!(1_000_000))]),
                (
                    "one two three",
                    [("one", json!(1)), ("two", json!(2)), ("three", json!(3))]
                ),
                ("one, two", [("one", json!(1)), ("two", json!(2))]),
                (
                    "one million one million",
                    [
                        ("one million", json!(1_000_000)),
                        ("one million", json!(1_000_000))
                    ]
                ),
                (
                    "nineteen eighty four",
                    [("nineteen", json!(19)), ("eighty four", json!(84))]
                ),
                ("the 3rd time", [("3rd", json!(3))]),
                ("the third time", [("third", json!(3))]),
                ("twenty-first century", [("twenty-first", json!(21))]),
                ("the second option", [("second", json!(2))]),
                ("wait a second", []),
                ("may I come in", []),
                ("the one I like", []),
                ("I want one", [("one", json!(1))]),
                ("a cat", []),
                ("call me at 5", [("5", json!(5))]),
                ("1 000", [("1", json!(1)), ("000", json!(0))]),
                ("3,5 apples", [("3,5", json!(3.5))]),
                ("3.0", [("3.0", json!(3))]),
                ("zero", [("zero", json!(0))]),
                ("5 million", [("5 million", json!(5_000_000))]),
                ("1.5 billion", [("1.5 billion", json!(1_500_000_000))]),
                ("10^3", [("10^3", json!(1000))]),
                ("10^-3", [("10^-3", json!(0.001))]),
                ("1.5e3", [("1.5e3", json!(1500))]),
                ("2½ cups", [("2½", json!(2.5))]),
                ("192.168.1.1", []),
                ("10^400", [("10^400", Value::Null)]),
                (&"9".repeat(500), [("9".repeat(500), Value::Null)]),
                ("99999999999999999999", [("99999999999999999999", Value::Null)]),
                ("9223372036854775807", [("9223372036854775807", json!(i64::MAX))]),
                ("ａ １２", [("１２", json!(12))]),
            ]
        );
    }

    mod number_spanish {
        use super::*;

        system_entity_tests!(
            Number,
            Language::Spanish,
            [
                (
                    "doscientos treinta y cuatro",
                    [("doscientos treinta y cuatro", json!(234))]
                ),
                ("mil", [("mil", json!(1000))]),
                ("mil doscientos", [("mil doscientos", json!(1200))]),
                ("dos mil quinientos", [("dos mil quinientos", json!(2500))]),
                ("un millón", [("un millón", json!(1_000_000))]),
                ("mil millones", [("mil millones", json!(1_000_000_000))]),
                (
                    "dos millones trescientos mil",
                    [("dos millones trescientos mil", json!(2_300_000))]
                ),
                ("treinta y un mil", [("treinta y un mil", json!(31_000))]),
                ("ciento uno", [("ciento uno", json!(101))]),
                ("dieciséis", [("dieciséis", json!(16))]),
                ("veintiún años", [("veintiún", json!(21))]),
                ("una docena", [("una docena", json!(12))]),
                ("quiero un café", []),
                ("uno", [("uno", json!(1))]),
                ("cero", [("cero", json!(0))]),
                ("3,5 kilos", [("3,5", json!(3.5))]),
                ("1.000 personas", [("1.000", json!(1000))]),
                ("1.000.000,50", [("1.000.000,50", json!(1_000_000.5))]),
                ("1,5 millones", [("1,5 millones", json!(1_500_000))]),
                ("menos cuatro", [("menos cuatro", json!(-4))]),
                ("cinco menos dos", [("cinco", json!(5)), ("dos", json!(2))]),
                ("tercero", [("tercero", json!(3))]),
                ("el 3º", [("3º", json!(3))]),
                ("la 1.ª vez", [("1.ª", json!(1))]),
                ("3er piso", [("3er", json!(3))]),
                ("vigésimo primero", [("vigésimo primero", json!(21))]),
                ("un segundo", []),
                ("el segundo piso", [("segundo", json!(2))]),
                ("y", []),
                ("treinta y", [("treinta", json!(30))]),
            ]
        );
    }

    mod integer {
        use super::*;

        system_entity_tests!(
            Integer,
            Language::English,
            [
                ("I want 3 pizzas", [("3", json!(3))]),
                ("it costs 3.5", []),
                ("3.0", [("3.0", json!(3))]),
                ("1,000,000 people", [("1,000,000", json!(1_000_000))]),
                ("-4", [("-4", json!(-4))]),
                ("minus four", [("minus four", json!(-4))]),
                ("twelve hundred", [("twelve hundred", json!(1200))]),
                ("twenty-one", [("twenty-one", json!(21))]),
                ("a dozen", [("a dozen", json!(12))]),
                ("the 3rd time", []),
                ("the third time", []),
                ("twenty-first", []),
                ("may I", []),
                ("the one I like", []),
                ("just one", [("one", json!(1))]),
                ("call me at 5", [("5", json!(5))]),
                ("1.5 million", [("1.5 million", json!(1_500_000))]),
                ("1.25", []),
                ("½", []),
                ("2½", []),
                ("10^2", [("10^2", json!(100))]),
                ("10^400", [("10^400", Value::Null)]),
                ("1e400", [("1e400", Value::Null)]),
                ("1 2 3", [("1", json!(1)), ("2", json!(2)), ("3", json!(3))]),
                ("room 101", [("101", json!(101))]),
                ("007", [("007", json!(7))]),
                ("zero", [("zero", json!(0))]),
                (
                    "one hundred and one dalmatians",
                    [("one hundred and one", json!(101))]
                ),
                ("nothing here", []),
                ("", []),
                ("covid19", []),
            ]
        );
    }

    mod ordinal {
        use super::*;

        system_entity_tests!(
            Ordinal,
            Language::English,
            [
                ("the 3rd time", [("3rd", json!(3))]),
                ("1st", [("1st", json!(1))]),
                ("22nd", [("22nd", json!(22))]),
                ("100th", [("100th", json!(100))]),
                ("1,000th", [("1,000th", json!(1000))]),
                ("first", [("first", json!(1))]),
                ("the second one", [("second", json!(2))]),
                ("one second", []),
                ("third", [("third", json!(3))]),
                ("twelfth night", [("twelfth", json!(12))]),
                ("twentieth", [("twentieth", json!(20))]),
                ("twenty-first", [("twenty-first", json!(21))]),
                ("one hundredth", [("one hundredth", json!(100))]),
                ("two hundred and fifth", [("two hundred and fifth", json!(205))]),
                ("one thousandth", [("one thousandth", json!(1000))]),
                ("3", []),
                ("three", []),
                ("3.5th", []),
                ("3a", []),
                ("first and second", [("first", json!(1)), ("second", json!(2))]),
            ]
        );
    }

    mod ordinal_spanish {
        use super::*;

        system_entity_tests!(
            Ordinal,
            Language::Spanish,
            [
                ("tercero", [("tercero", json!(3))]),
                ("la tercera vez", [("tercera", json!(3))]),
                ("primer piso", [("primer", json!(1))]),
                ("3º", [("3º", json!(3))]),
                ("1.ª", [("1.ª", json!(1))]),
                ("2do", [("2do", json!(2))]),
                ("décimo tercero", [("décimo tercero", json!(13))]),
                ("vigésimo primero", [("vigésimo primero", json!(21))]),
                ("un cuarto de hora", []),
                ("tres", []),
            ]
        );
    }
}
