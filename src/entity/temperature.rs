//! `sys.temperature`: a number with a degree sign, a word for degrees or a scale.
//!
//! The value is `{"amount": 37, "unit": "celsius"}`; the unit is `celsius`, `fahrenheit`,
//! `kelvin`, or `unknown` when only degrees were said (`45 degrees`). A temperature is a
//! cardinal that [`numbers`](super::numbers) reads (`37`, `-5`, `98.6`, `minus ten`,
//! `treinta`) followed by:
//!
//! - a degree sign, `°`, `℃`, `℉`, or the ordinal sign `º` that Spanish keyboards offer for it
//!   (but `20º` alone is an ordinal, so `º` needs a unit after it: `20º C`, `20ºC`);
//! - or a word for degrees: `degree(s)`, `deg`, `grado(s)`, `degré(s)`, `grad`;
//! - then, optionally, the scale: `c`, `f`, `k` or `celsius`, `centigrade`, `centígrados`,
//!   `fahrenheit`, `kelvin`; the full names may also follow the number alone (`20 celsius`);
//! - then, optionally, `below zero` or `bajo cero`, which makes the amount negative.
//!
//! One token with the scale in capitals works too: `37C`, `98.6F`, `300K`, `37ºC` (`5c` in
//! lower case is left alone: it is more often five cents). A number with nothing after it is
//! no temperature: `I'm 5`. A number out of range gives no match.

use serde_json::json;

use super::decimal::{parse_digits, sign_before, split_digits};
use super::numbers::{extend, read_numbers, spaced};
use super::{Context, EntityMatch, SystemEntity};
use crate::Language;
use crate::analysis::{Token, TokenKind};

/// `sys.temperature`: `37°C`, `70 degrees fahrenheit`, `45 degrees` → `{"amount": 37, "unit":
/// "celsius"}`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Temperature;

impl SystemEntity for Temperature {
    fn name(&self) -> &'static str {
        "sys.temperature"
    }

    fn extract(&self, text: &str, tokens: &[Token], context: &Context, out: &mut Vec<EntityMatch>) {
        let language = context.language;
        // A token after token `k`, with only spaces between.
        let after = |k: usize| tokens.get(k + 1).filter(|t| spaced(text, &tokens[k], t));
        for reading in read_numbers(text, tokens, language) {
            let mut last = reading.last;
            let mut degrees = false;
            let mut unit = None;
            if reading.ordinal {
                // `20º C`: the ordinal sign standing for a degree sign.
                if !tokens[last].span.slice(text).ends_with('º') {
                    continue;
                }
            } else if let Some(token) = after(last) {
                (degrees, unit) = match token.text.as_str() {
                    "°" => (true, None),
                    "°c" => (true, Some("celsius")),
                    "°f" => (true, Some("fahrenheit")),
                    "oc" | "of" | "ok" if token.span.slice(text).starts_with('º') => {
                        (true, scale(&token.text[1..]))
                    }
                    word if is_degrees(word) => (true, None),
                    _ => (false, None),
                };
                last += usize::from(degrees);
            }
            if unit.is_none() {
                if let Some((token, letter)) = after(last).and_then(|t| Some((t, scale(&t.text)?))) {
                    // A lone `c` or `f` only counts after a degree sign or word.
                    let spelled = token.text.len() > 1;
                    unit = (spelled || degrees || reading.ordinal).then(|| scale_name(letter));
                    last += usize::from(unit.is_some());
                }
            }
            if unit.is_none() && (!degrees || reading.ordinal) {
                continue;
            }
            let mut amount = reading.value;
            if let (Some(below), Some(zero)) = (after(last), after(last + 1)) {
                if matches!(
                    (below.text.as_str(), zero.text.as_str()),
                    ("below", "zero") | ("bajo", "cero")
                ) {
                    amount = amount.neg();
                    last += 2;
                }
            }
            let Some(amount) = amount.to_json() else { continue };
            let value = json!({"amount": amount, "unit": unit.unwrap_or("unknown")});
            out.push(EntityMatch::new(
                self.name(),
                value,
                text,
                extend(reading.span, &tokens[last]),
                reading.score,
            ));
        }
        for token in tokens.iter().filter(|t| t.kind == TokenKind::Word) {
            if let Some(m) = one_token(self.name(), text, token, language) {
                out.push(m);
            }
        }
    }
}

/// A temperature in one token: `37C`, `98.6F`, `37ºC`, with the sign before it.
fn one_token(name: &str, text: &str, token: &Token, language: Language) -> Option<EntityMatch> {
    let (digits, rest) = split_digits(&token.text)?;
    let raw = token.span.slice(text);
    let raw_rest = raw.get(digits.len()..)?;
    let letter = match rest {
        "c" | "f" | "k" if raw_rest.chars().all(|c| c.is_ascii_uppercase()) => rest,
        "oc" | "of" | "ok" if raw_rest.starts_with('º') => &rest[1..],
        _ => return None,
    };
    let mut amount = parse_digits(digits, language)?;
    let mut span = token.span;
    if let Some(sign) = sign_before(text, span.byte_start) {
        amount = amount.neg();
        span.byte_start -= sign.len_utf8();
        span.char_start -= 1;
    }
    let value = json!({"amount": amount.to_json()?, "unit": scale_name(letter)});
    Some(EntityMatch::new(name, value, text, span, 0.9))
}

/// Whether `word` means degrees.
fn is_degrees(word: &str) -> bool {
    matches!(
        word,
        "degree" | "degrees" | "deg" | "grado" | "grados" | "degre" | "degres" | "degré" | "degrés" | "grad"
    )
}

/// The scale a word names, as its first letter (`c`, `f`, `k`).
fn scale(word: &str) -> Option<&'static str> {
    Some(match word {
        "c" | "celsius" | "centigrade" | "centigrado" | "centigrados" | "centígrado" | "centígrados" => "c",
        "f" | "fahrenheit" => "f",
        "k" | "kelvin" | "kelvins" => "k",
        _ => return None,
    })
}

fn scale_name(letter: &str) -> &'static str {
    match letter {
        "c" => "celsius",
        "f" => "fahrenheit",
        _ => "kelvin",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    fn temp(amount: Value, unit: &str) -> Value {
        json!({"amount": amount, "unit": unit})
    }

    mod english {
        use super::*;

        system_entity_tests!(
            Temperature,
            Language::English,
            [
                ("37°c", [("37°c", temp(json!(37), "celsius"))]),
                ("37°C", [("37°C", temp(json!(37), "celsius"))]),
                ("37 °C", [("37 °C", temp(json!(37), "celsius"))]),
                ("37 ° C", [("37 ° C", temp(json!(37), "celsius"))]),
                ("37℃", [("37℃", temp(json!(37), "celsius"))]),
                ("98.6℉", [("98.6℉", temp(json!(98.6), "fahrenheit"))]),
                ("it is 37°", [("37°", temp(json!(37), "unknown"))]),
                (
                    "70 degrees fahrenheit",
                    [("70 degrees fahrenheit", temp(json!(70), "fahrenheit"))]
                ),
                ("70 degrees F", [("70 degrees F", temp(json!(70), "fahrenheit"))]),
                ("45 degrees", [("45 degrees", temp(json!(45), "unknown"))]),
                ("1 degree", [("1 degree", temp(json!(1), "unknown"))]),
                (
                    "twenty degrees celsius",
                    [("twenty degrees celsius", temp(json!(20), "celsius"))]
                ),
                (
                    "minus ten degrees",
                    [("minus ten degrees", temp(json!(-10), "unknown"))]
                ),
                ("-5°C", [("-5°C", temp(json!(-5), "celsius"))]),
                (
                    "5 degrees below zero",
                    [("5 degrees below zero", temp(json!(-5), "unknown"))]
                ),
                ("20 celsius", [("20 celsius", temp(json!(20), "celsius"))]),
                ("300 kelvin", [("300 kelvin", temp(json!(300), "kelvin"))]),
                ("37C", [("37C", temp(json!(37), "celsius"))]),
                ("98.6F", [("98.6F", temp(json!(98.6), "fahrenheit"))]),
                ("-3C", [("-3C", temp(json!(-3), "celsius"))]),
                ("300K", [("300K", temp(json!(300), "kelvin"))]),
                (
                    "between 20°C and 25°C",
                    [
                        ("20°C", temp(json!(20), "celsius")),
                        ("25°C", temp(json!(25), "celsius"))
                    ]
                ),
                ("I'm 5", []),
                ("5c", []),
                ("20 c", []),
                ("5 f", []),
                ("degrees", []),
                ("°C", []),
                ("the 3rd degree", []),
                ("10^400 degrees", []),
                ("5, degrees", []),
                ("call me at 5", []),
                ("37.5 °F", [("37.5 °F", temp(json!(37.5), "fahrenheit"))]),
            ]
        );
    }

    mod spanish {
        use super::*;

        system_entity_tests!(
            Temperature,
            Language::Spanish,
            [
                ("20 grados", [("20 grados", temp(json!(20), "unknown"))]),
                (
                    "veinte grados centígrados",
                    [("veinte grados centígrados", temp(json!(20), "celsius"))]
                ),
                ("20º C", [("20º C", temp(json!(20), "celsius"))]),
                ("20ºC", [("20ºC", temp(json!(20), "celsius"))]),
                ("37,5 °C", [("37,5 °C", temp(json!(37.5), "celsius"))]),
                (
                    "5 grados bajo cero",
                    [("5 grados bajo cero", temp(json!(-5), "unknown"))]
                ),
                (
                    "menos cinco grados",
                    [("menos cinco grados", temp(json!(-5), "unknown"))]
                ),
                ("el 20º", []),
                ("tengo 5 años", []),
            ]
        );
    }
}
