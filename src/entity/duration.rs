//! `sys.duration`: an amount of time.
//!
//! The value is `{"amount": 2, "unit": "hour", "seconds": 7200}`: the amount as said, its unit
//! (`second`, `minute`, `hour`, `day`, `week`, `month`, `year`) and the length in seconds, with
//! a month of 30 days and a year of 365. Read:
//!
//! - a cardinal (digits or words, as [`numbers`](super::numbers) reads them) or `a`, `an`,
//!   `un`, `una` before a unit: `2 hours`, `90 seconds`, `two weeks`, `an hour`, `3 mins`,
//!   `dos horas`, `una semana`;
//! - with a half: `an hour and a half`, `2 and a half hours`, `half an hour`, `una hora y
//!   media`, `media hora`.
//!
//! `for` or `durante` before it stays out of the span. An ordinal is no amount, so `second
//! place` or `the second day` is no duration; a unit with no amount before it (`hours`) is
//! none either. An article counts as one with a lower score (0.8): `wait a second` is a
//! duration of one second.

use serde_json::json;

use super::numbers::span_of;
use super::{Context, EntityMatch, SystemEntity};
use crate::analysis::Token;

/// `sys.duration`: `2 hours`, `an hour and a half`, `media hora` → `{"amount": 2, "unit":
/// "hour", "seconds": 7200}`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Duration;

impl SystemEntity for Duration {
    fn name(&self) -> &'static str {
        "sys.duration"
    }

    fn extract(&self, text: &str, tokens: &[Token], context: &Context, out: &mut Vec<EntityMatch>) {
        let spaced = |k: usize| {
            k > 0
                && tokens.get(k).is_some_and(|t| {
                    text.get(tokens[k - 1].span.byte_end..t.span.byte_start)
                        .is_some_and(|g| g.trim().is_empty())
                })
        };
        let word = |k: usize| tokens.get(k).map_or("", |t| t.text.as_str());
        let phrase = |k: usize, words: &[&str]| {
            words
                .iter()
                .enumerate()
                .all(|(n, w)| word(k + n) == *w && (n == 0 || spaced(k + n)))
        };
        let mut numbers = vec![None; tokens.len()];
        for r in super::numbers::read_numbers(text, tokens, context.language) {
            if !r.ordinal && !r.value.is_out_of_range() {
                numbers[r.first] = r
                    .value
                    .to_json()
                    .and_then(|v| v.as_f64())
                    .map(|v| (v, r.last, r.score));
            }
        }
        let mut i = 0;
        while i < tokens.len() {
            // `half an hour`, `media hora`.
            let (amount, unit_at, score, half_first) =
                if phrase(i, &["half", "an"]) || phrase(i, &["half", "a"]) {
                    (0.5, i + 2, 1.0, true)
                } else if word(i) == "media" {
                    (0.5, i + 1, 1.0, true)
                } else if let Some((value, last, score)) = numbers[i] {
                    (value, last + 1, score, false)
                } else if matches!(word(i), "a" | "an" | "un" | "una") {
                    (1.0, i + 1, 0.8, false)
                } else {
                    i += 1;
                    continue;
                };
            // `2 and a half hours`.
            let (amount, unit_at) =
                if !half_first && phrase(unit_at, &["and", "a", "half"]) && spaced(unit_at) {
                    (amount + 0.5, unit_at + 3)
                } else {
                    (amount, unit_at)
                };
            let Some((unit, seconds)) = unit(word(unit_at)).filter(|_| spaced(unit_at)) else {
                i += 1;
                continue;
            };
            if amount < 0.0 {
                i += 1;
                continue;
            }
            let mut last = unit_at;
            let mut amount = amount;
            // `an hour and a half`, `una hora y media`.
            if !half_first && (phrase(last + 1, &["and", "a", "half"]) && spaced(last + 1)) {
                amount += 0.5;
                last += 3;
            } else if !half_first && phrase(last + 1, &["y", "media"]) && spaced(last + 1) {
                amount += 0.5;
                last += 2;
            }
            let total = amount * seconds as f64;
            if !(total.is_finite() && total < 1e15) {
                i = last + 1;
                continue;
            }
            let amount_json = if amount.fract() == 0.0 {
                json!(amount as i64)
            } else {
                json!(amount)
            };
            let value = json!({"amount": amount_json, "unit": unit, "seconds": total.round() as i64});
            let span = span_of(&tokens[i], &tokens[last]);
            out.push(EntityMatch::new(self.name(), value, text, span, score));
            i = last + 1;
        }
    }
}

/// The unit a word names, and its length in seconds.
fn unit(word: &str) -> Option<(&'static str, i64)> {
    Some(match word {
        "second" | "seconds" | "sec" | "secs" | "segundo" | "segundos" => ("second", 1),
        "minute" | "minutes" | "min" | "mins" | "minuto" | "minutos" => ("minute", 60),
        "hour" | "hours" | "hr" | "hrs" | "hora" | "horas" => ("hour", 3600),
        "day" | "days" | "dia" | "dias" => ("day", 86_400),
        "week" | "weeks" | "semana" | "semanas" => ("week", 604_800),
        "month" | "months" | "mes" | "meses" => ("month", 2_592_000),
        "year" | "years" | "ano" | "anos" => ("year", 31_536_000),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::Language;

    fn d(amount: Value, unit: &str, seconds: i64) -> Value {
        json!({"amount": amount, "unit": unit, "seconds": seconds})
    }

    mod english {
        use super::*;

        system_entity_tests!(
            Duration,
            Language::English,
            [
                ("2 hours", [("2 hours", d(json!(2), "hour", 7200))]),
                ("for 30 minutes", [("30 minutes", d(json!(30), "minute", 1800))]),
                (
                    "an hour and a half",
                    [("an hour and a half", d(json!(1.5), "hour", 5400))]
                ),
                ("3 days", [("3 days", d(json!(3), "day", 259_200))]),
                ("two weeks", [("two weeks", d(json!(2), "week", 1_209_600))]),
                ("90 seconds", [("90 seconds", d(json!(90), "second", 90))]),
                ("half an hour", [("half an hour", d(json!(0.5), "hour", 1800))]),
                (
                    "2 and a half hours",
                    [("2 and a half hours", d(json!(2.5), "hour", 9000))]
                ),
                ("an hour", [("an hour", d(json!(1), "hour", 3600))]),
                ("a day", [("a day", d(json!(1), "day", 86_400))]),
                ("1 minute", [("1 minute", d(json!(1), "minute", 60))]),
                ("5 mins", [("5 mins", d(json!(5), "minute", 300))]),
                (
                    "twenty minutes",
                    [("twenty minutes", d(json!(20), "minute", 1200))]
                ),
                ("1.5 hours", [("1.5 hours", d(json!(1.5), "hour", 5400))]),
                ("6 months", [("6 months", d(json!(6), "month", 15_552_000))]),
                ("a year", [("a year", d(json!(1), "year", 31_536_000))]),
                ("2 hrs", [("2 hrs", d(json!(2), "hour", 7200))]),
                (
                    "one hundred days",
                    [("one hundred days", d(json!(100), "day", 8_640_000))]
                ),
                ("in 3 days", [("3 days", d(json!(3), "day", 259_200))]),
                (
                    "2 hours and 30 minutes",
                    [
                        ("2 hours", d(json!(2), "hour", 7200)),
                        ("30 minutes", d(json!(30), "minute", 1800))
                    ]
                ),
                ("second place", []),
                ("the second day", []),
                ("hours", []),
                ("3 apples", []),
                ("I'm 5", []),
                ("at 7", []),
                ("5, minutes", []),
                ("-3 hours", []),
                ("10^400 years", []),
                ("first week", []),
            ]
        );
    }

    mod spanish {
        use super::*;

        system_entity_tests!(
            Duration,
            Language::Spanish,
            [
                ("dos horas", [("dos horas", d(json!(2), "hour", 7200))]),
                ("media hora", [("media hora", d(json!(0.5), "hour", 1800))]),
                (
                    "una hora y media",
                    [("una hora y media", d(json!(1.5), "hour", 5400))]
                ),
                ("durante 3 días", [("3 días", d(json!(3), "day", 259_200))]),
                ("una semana", [("una semana", d(json!(1), "week", 604_800))]),
                ("dos años", [("dos años", d(json!(2), "year", 63_072_000))]),
                ("el segundo día", []),
            ]
        );
    }
}
