//! `sys.percentage`: a number followed by `%` or by a word for per cent.
//!
//! The value is `{"amount": 15, "unit": "percent"}`: the number as it was said, not divided by
//! a hundred, so that `15%` gives back `15` exactly, as a bot would repeat it. The number is
//! any cardinal that [`numbers`](super::numbers) reads (`15`, `-2.5`, `fifteen`, `quince`)
//! followed by:
//!
//! - `%` (or the Arabic `٪`), with or without a space: `15%`, `15 %`;
//! - `percent`, `per cent`, `pct` (English), `por ciento`, `porciento`, `por cien` (Spanish),
//!   and, in any language, `pour cent`, `per cento`, `por cento`, `prozent`.
//!
//! An ordinal is no percentage (`3rd %`), nor is a number out of range (`10^400%`: no match,
//! `sys.number` reports it).

use serde_json::json;

use super::numbers::{extend, read_numbers, spaced};
use super::{Context, EntityMatch, SystemEntity};
use crate::analysis::Token;

/// `sys.percentage`: `15%`, `fifteen percent`, `15 por ciento` → `{"amount": 15, "unit":
/// "percent"}`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Percentage;

impl SystemEntity for Percentage {
    fn name(&self) -> &'static str {
        "sys.percentage"
    }

    fn extract(&self, text: &str, tokens: &[Token], context: &Context, out: &mut Vec<EntityMatch>) {
        let language = context.language;
        for reading in read_numbers(text, tokens, language) {
            if reading.ordinal {
                continue;
            }
            let Some(amount) = reading.value.to_json() else {
                continue;
            };
            let Some(last) = percent_sign(text, tokens, reading.last + 1) else {
                continue;
            };
            let span = extend(reading.span, &tokens[last]);
            let value = json!({"amount": amount, "unit": "percent"});
            out.push(EntityMatch::new(self.name(), value, text, span, reading.score));
        }
    }
}

/// The index of the last token of a per-cent sign or phrase starting at token `i`, if one
/// does and only spaces stand before it.
fn percent_sign(text: &str, tokens: &[Token], i: usize) -> Option<usize> {
    let word = |k: usize| {
        let (before, token) = (tokens.get(k.checked_sub(1)?)?, tokens.get(k)?);
        spaced(text, before, token).then_some(token.text.as_str())
    };
    match word(i)? {
        "%" | "\u{066A}" | "percent" | "pct" | "porciento" | "prozent" => Some(i),
        "per" | "por" | "pour" => match (word(i)?, word(i + 1)?) {
            ("per" | "pour", "cent" | "cento") | ("por", "ciento" | "cien" | "cento") => Some(i + 1),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::Language;

    fn pct(amount: Value) -> Value {
        json!({"amount": amount, "unit": "percent"})
    }

    mod english {
        use super::*;

        system_entity_tests!(
            Percentage,
            Language::English,
            [
                ("15%", [("15%", pct(json!(15)))]),
                ("15 %", [("15 %", pct(json!(15)))]),
                ("a 15% tip", [("15%", pct(json!(15)))]),
                ("fifteen percent", [("fifteen percent", pct(json!(15)))]),
                ("15 per cent", [("15 per cent", pct(json!(15)))]),
                ("15 pct", [("15 pct", pct(json!(15)))]),
                ("2.5%", [("2.5%", pct(json!(2.5)))]),
                ("-3%", [("-3%", pct(json!(-3)))]),
                ("minus three percent", [("minus three percent", pct(json!(-3)))]),
                ("one hundred percent", [("one hundred percent", pct(json!(100)))]),
                ("a hundred percent sure", [("a hundred percent", pct(json!(100)))]),
                ("0.5 %", [("0.5 %", pct(json!(0.5)))]),
                ("1,000%", [("1,000%", pct(json!(1000)))]),
                (
                    "50% off and 20% more",
                    [("50%", pct(json!(50))), ("20%", pct(json!(20)))]
                ),
                ("twenty-five percent", [("twenty-five percent", pct(json!(25)))]),
                ("15", []),
                ("percent", []),
                ("%", []),
                ("% 15", []),
                ("15 per", []),
                ("15 per day", []),
                ("the 3rd %", []),
                ("10^400%", []),
                ("15, percent", []),
                ("I'm 5", []),
                ("15٪", [("15٪", pct(json!(15)))]),
                ("15 prozent", [("15 prozent", pct(json!(15)))]),
                ("half percent", []),
                ("100 percent of 5", [("100 percent", pct(json!(100)))]),
                ("", []),
            ]
        );
    }

    mod spanish {
        use super::*;

        system_entity_tests!(
            Percentage,
            Language::Spanish,
            [
                ("15 por ciento", [("15 por ciento", pct(json!(15)))]),
                ("quince por ciento", [("quince por ciento", pct(json!(15)))]),
                ("un 15 porciento", [("15 porciento", pct(json!(15)))]),
                ("cien por cien", [("cien por cien", pct(json!(100)))]),
                ("2,5 %", [("2,5 %", pct(json!(2.5)))]),
                ("15 por", []),
            ]
        );
    }
}
