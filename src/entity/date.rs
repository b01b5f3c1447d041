//! `sys.date`: a day, said absolutely or relative to the reference date.
//!
//! The value is the ISO 8601 date, `"2027-05-03"`. What is read (`tomorrow`, `next friday`,
//! `in two weeks`, `May 3rd`, `5/3/2027`, `el 3 de mayo`…) and how it resolves is documented
//! in [`when`](super::when); the reference comes from the [`Context`].

use serde_json::json;

use super::calendar::iso_date;
use super::when::{Said, push_phrases};
use super::{Context, EntityMatch, SystemEntity};
use crate::analysis::Token;

/// `sys.date`: `tomorrow`, `May 3rd`, `2027-05-03` → `"2027-05-03"`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Date;

impl SystemEntity for Date {
    fn name(&self) -> &'static str {
        "sys.date"
    }

    fn extract(&self, text: &str, tokens: &[Token], context: &Context, out: &mut Vec<EntityMatch>) {
        push_phrases(self.name(), text, tokens, context, out, |said| match said {
            Said::Date(days) => Some(json!(iso_date(days))),
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

        // The reference is Tuesday 2026-11-24, 15:30 UTC.
        system_entity_tests!(
            Date,
            Language::English,
            [
                ("today", [("today", json!("2026-11-24"))]),
                ("see you tomorrow", [("tomorrow", json!("2026-11-25"))]),
                ("Yesterday", [("Yesterday", json!("2026-11-23"))]),
                (
                    "the day after tomorrow",
                    [("the day after tomorrow", json!("2026-11-26"))]
                ),
                (
                    "day before yesterday",
                    [("day before yesterday", json!("2026-11-22"))]
                ),
                ("next friday", [("next friday", json!("2026-11-27"))]),
                ("this friday", [("this friday", json!("2026-11-27"))]),
                ("on monday", [("on monday", json!("2026-11-30"))]),
                ("next tuesday", [("next tuesday", json!("2026-12-01"))]),
                ("this tuesday", [("this tuesday", json!("2026-11-24"))]),
                ("last friday", [("last friday", json!("2026-11-20"))]),
                ("last tuesday", [("last tuesday", json!("2026-11-17"))]),
                ("Sunday", [("Sunday", json!("2026-11-29"))]),
                ("in two weeks", [("in two weeks", json!("2026-12-08"))]),
                ("in 3 days", [("in 3 days", json!("2026-11-27"))]),
                ("a week from now", [("a week from now", json!("2026-12-01"))]),
                ("in a month", [("in a month", json!("2026-12-24"))]),
                ("in 2 years", [("in 2 years", json!("2028-11-24"))]),
                ("3 days ago", [("3 days ago", json!("2026-11-21"))]),
                ("on the 3rd of May", [("on the 3rd of May", json!("2027-05-03"))]),
                ("3rd of May", [("3rd of May", json!("2027-05-03"))]),
                ("May 3rd", [("May 3rd", json!("2027-05-03"))]),
                ("May 3, 2027", [("May 3, 2027", json!("2027-05-03"))]),
                ("December 25", [("December 25", json!("2026-12-25"))]),
                ("25 December 2030", [("25 December 2030", json!("2030-12-25"))]),
                (
                    "the twenty-first of june",
                    [("the twenty-first of june", json!("2027-06-21"))]
                ),
                ("2027-05-03", [("2027-05-03", json!("2027-05-03"))]),
                ("due 5/3/2027 please", [("5/3/2027", json!("2027-05-03"))]),
                ("03.05.2027", [("03.05.2027", json!("2027-05-03"))]),
                ("Feb 29, 2028", [("Feb 29, 2028", json!("2028-02-29"))]),
                (
                    "today or tomorrow",
                    [("today", json!("2026-11-24")), ("tomorrow", json!("2026-11-25"))]
                ),
                ("may I come in", []),
                ("in May", []),
                ("Feb 29, 2027", []),
                ("2027-13-03", []),
                ("5/3", []),
                ("I'm 5", []),
                ("in 3 apples", []),
                ("the second day", []),
            ]
        );
    }

    mod spanish {
        use super::*;

        system_entity_tests!(
            Date,
            Language::Spanish,
            [
                ("hoy", [("hoy", json!("2026-11-24"))]),
                ("mañana", [("mañana", json!("2026-11-25"))]),
                ("ayer", [("ayer", json!("2026-11-23"))]),
                ("pasado mañana", [("pasado mañana", json!("2026-11-26"))]),
                (
                    "el próximo viernes",
                    [("el próximo viernes", json!("2026-11-27"))]
                ),
                (
                    "el viernes que viene",
                    [("el viernes que viene", json!("2026-11-27"))]
                ),
                ("el lunes", [("el lunes", json!("2026-11-30"))]),
                ("el 3 de mayo", [("el 3 de mayo", json!("2027-05-03"))]),
                ("3 de mayo de 2028", [("3 de mayo de 2028", json!("2028-05-03"))]),
                ("5/3/2027", [("5/3/2027", json!("2027-03-05"))]),
                (
                    "dentro de dos semanas",
                    [("dentro de dos semanas", json!("2026-12-08"))]
                ),
                ("en 3 días", [("en 3 días", json!("2026-11-27"))]),
                ("hace 2 días", [("hace 2 días", json!("2026-11-22"))]),
                ("por la mañana", []),
                ("mayo", []),
            ]
        );
    }
}
