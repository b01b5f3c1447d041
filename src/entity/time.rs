//! `sys.time`: a time of day.
//!
//! The value is the ISO 8601 time, `"19:00:00"`. What is read (`7pm`, `at 7`, `19:45`,
//! `half past seven`, `a las siete y media`…) and which half of the day a bare hour means (the
//! next occurrence after the reference's time of day) is documented in
//! [`when`](super::when).

use serde_json::json;

use super::when::{Said, iso_time, push_phrases};
use super::{Context, EntityMatch, SystemEntity};
use crate::analysis::Token;

/// `sys.time`: `7pm`, `at 7`, `noon` → `"19:00:00"`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Time;

impl SystemEntity for Time {
    fn name(&self) -> &'static str {
        "sys.time"
    }

    fn extract(&self, text: &str, tokens: &[Token], context: &Context, out: &mut Vec<EntityMatch>) {
        push_phrases(self.name(), text, tokens, context, out, |said| match said {
            Said::Time(seconds) => Some(json!(iso_time(seconds))),
            _ => None,
        });
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::Language;

    mod english {
        use super::*;

        // The reference is 15:30: a bare hour is its next occurrence after it.
        system_entity_tests!(
            Time,
            Language::English,
            [
                ("at 7", [("at 7", json!("19:00:00"))]),
                ("call me at 5", [("at 5", json!("17:00:00"))]),
                ("at 3", [("at 3", json!("03:00:00"))]),
                ("at 4", [("at 4", json!("16:00:00"))]),
                ("at seven", [("at seven", json!("19:00:00"))]),
                ("7pm", [("7pm", json!("19:00:00"))]),
                ("7am", [("7am", json!("07:00:00"))]),
                ("12pm", [("12pm", json!("12:00:00"))]),
                ("12am", [("12am", json!("00:00:00"))]),
                ("7 pm", [("7 pm", json!("19:00:00"))]),
                ("7:30 pm", [("7:30 pm", json!("19:30:00"))]),
                ("7:30pm", [("7:30pm", json!("19:30:00"))]),
                ("7:30 am", [("7:30 am", json!("07:30:00"))]),
                ("19:45", [("19:45", json!("19:45:00"))]),
                ("07:30", [("07:30", json!("07:30:00"))]),
                ("at 19", [("at 19", json!("19:00:00"))]),
                ("noon", [("noon", json!("12:00:00"))]),
                ("at midnight", [("at midnight", json!("00:00:00"))]),
                ("half past seven", [("half past seven", json!("19:30:00"))]),
                ("quarter to eight", [("quarter to eight", json!("19:45:00"))]),
                ("quarter past 9", [("quarter past 9", json!("21:15:00"))]),
                ("ten past six", [("ten past six", json!("18:10:00"))]),
                ("7 o'clock", [("7 o'clock", json!("19:00:00"))]),
                (
                    "at 8 in the morning",
                    [("at 8 in the morning", json!("08:00:00"))]
                ),
                (
                    "at 9 in the evening",
                    [("at 9 in the evening", json!("21:00:00"))]
                ),
                (
                    "between 9am and 5pm",
                    [("9am", json!("09:00:00")), ("5pm", json!("17:00:00"))]
                ),
                ("I'm 5", []),
                ("5 pizzas", []),
                ("at 25", []),
                ("7:75", []),
                ("13pm", []),
                ("a quarter of the pizza", []),
            ]
        );
    }

    mod spanish {
        use super::*;

        system_entity_tests!(
            Time,
            Language::Spanish,
            [
                ("a las 7", [("a las 7", json!("19:00:00"))]),
                (
                    "a las siete y media",
                    [("a las siete y media", json!("19:30:00"))]
                ),
                (
                    "a las 8 menos cuarto",
                    [("a las 8 menos cuarto", json!("19:45:00"))]
                ),
                ("a la una", [("a la una", json!("01:00:00"))]),
                (
                    "a las 10 de la mañana",
                    [("a las 10 de la mañana", json!("10:00:00"))]
                ),
                (
                    "a las 9 de la noche",
                    [("a las 9 de la noche", json!("21:00:00"))]
                ),
                ("a las 19:30", [("a las 19:30", json!("19:30:00"))]),
                ("a mediodía", [("a mediodía", json!("12:00:00"))]),
                ("medianoche", [("medianoche", json!("00:00:00"))]),
                ("tengo 5 años", []),
                ("dos y media", []),
            ]
        );
    }
}
