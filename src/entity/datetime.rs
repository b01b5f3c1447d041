//! `sys.datetime`: a date and a time said together.
//!
//! The value is the ISO 8601 date and time with the reference's UTC offset:
//! `"2026-11-25T19:00:00+00:00"`. A datetime is a date phrase and a time phrase (as
//! [`when`](super::when) reads them) next to each other, in either order, with only spaces
//! or a comma between: `tomorrow at 7`, `next friday at 9am`, `at 7 tomorrow`, `May 3rd,
//! 7:30pm`, `el viernes a las 8`, `mañana a las siete y media`.
//!
//! A lone date or a lone time is **not** a datetime: they are `sys.date` and `sys.time`, and
//! a datetime over the same words wins the overlap, being longer. The time of a datetime
//! follows the same rule as a lone time (a bare hour is its next occurrence after the
//! reference's time of day), so `tomorrow at 7` said at 15:30 is 19:00.

use serde_json::json;

use super::calendar::iso_date;
use super::numbers::span_of;
use super::when::{Phrase, Said, iso_time, read_when};
use super::{Context, EntityMatch, SystemEntity};
use crate::analysis::Token;

/// `sys.datetime`: `tomorrow at 7` → `"2026-11-25T19:00:00+00:00"`.
#[derive(Debug, Clone, Copy, Default)]
pub struct DateTime;

impl SystemEntity for DateTime {
    fn name(&self) -> &'static str {
        "sys.datetime"
    }

    fn specificity(&self) -> u8 {
        3
    }

    fn extract(&self, text: &str, tokens: &[Token], context: &Context, out: &mut Vec<EntityMatch>) {
        let phrases = read_when(text, tokens, context);
        let joined = |a: &Phrase, b: &Phrase| {
            b.first == a.last + 1
                && text
                    .get(tokens[a.last].span.byte_end..tokens[b.first].span.byte_start)
                    .is_some_and(|gap| matches!(gap.trim(), "" | ","))
        };
        for (k, a) in phrases.iter().enumerate() {
            for b in &phrases[k + 1..] {
                if b.first > a.last + 1 {
                    break;
                }
                let (days, seconds) = match (a.said, b.said) {
                    (Said::Date(days), Said::Time(seconds)) | (Said::Time(seconds), Said::Date(days)) => {
                        (days, seconds)
                    }
                    _ => continue,
                };
                if !joined(a, b) {
                    continue;
                }
                let offset = context.reference.offset_string();
                let value = json!(format!("{}T{}{offset}", iso_date(days), iso_time(seconds)));
                let span = span_of(&tokens[a.first], &tokens[b.last]);
                out.push(EntityMatch::new(
                    self.name(),
                    value,
                    text,
                    span,
                    a.score.min(b.score),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::json;

    use super::*;
    use crate::Language;
    use crate::analysis::Analyzer;
    use crate::entity::{Reference, date::Date, duration::Duration, time::Time};

    mod english {
        use super::*;

        // The reference is Tuesday 2026-11-24, 15:30 UTC.
        system_entity_tests!(
            DateTime,
            Language::English,
            [
                (
                    "tomorrow at 7",
                    [("tomorrow at 7", json!("2026-11-25T19:00:00+00:00"))]
                ),
                (
                    "next friday at 9am",
                    [("next friday at 9am", json!("2026-11-27T09:00:00+00:00"))]
                ),
                (
                    "at 7 tomorrow",
                    [("at 7 tomorrow", json!("2026-11-25T19:00:00+00:00"))]
                ),
                (
                    "today at noon",
                    [("today at noon", json!("2026-11-24T12:00:00+00:00"))]
                ),
                (
                    "May 3rd, 7:30pm",
                    [("May 3rd, 7:30pm", json!("2027-05-03T19:30:00+00:00"))]
                ),
                (
                    "2027-05-03 19:45",
                    [("2027-05-03 19:45", json!("2027-05-03T19:45:00+00:00"))]
                ),
                (
                    "on monday at 8 in the morning",
                    [(
                        "on monday at 8 in the morning",
                        json!("2026-11-30T08:00:00+00:00")
                    )]
                ),
                (
                    "tomorrow 7pm",
                    [("tomorrow 7pm", json!("2026-11-25T19:00:00+00:00"))]
                ),
                (
                    "yesterday at midnight",
                    [("yesterday at midnight", json!("2026-11-23T00:00:00+00:00"))]
                ),
                // A bare 10:15 is its next occurrence after 15:30: 22:15.
                (
                    "in 3 days at 10:15",
                    [("in 3 days at 10:15", json!("2026-11-27T22:15:00+00:00"))]
                ),
                (
                    "5/3/2027 at 6 pm",
                    [("5/3/2027 at 6 pm", json!("2027-05-03T18:00:00+00:00"))]
                ),
                (
                    "the day after tomorrow at half past seven",
                    [(
                        "the day after tomorrow at half past seven",
                        json!("2026-11-26T19:30:00+00:00")
                    )]
                ),
                (
                    "book it for friday at 20:00",
                    [("friday at 20:00", json!("2026-11-27T20:00:00+00:00"))]
                ),
                (
                    "pizza tomorrow at 7 please",
                    [("tomorrow at 7", json!("2026-11-25T19:00:00+00:00"))]
                ),
                ("tomorrow", []),
                ("at 7", []),
                ("tomorrow. at 7", []),
                ("may I come at 5", []),
                ("I'm 5", []),
                ("2 hours", []),
            ]
        );
    }

    mod offset {
        use super::*;

        system_entity_tests!(
            DateTime,
            Language::English,
            Reference::new(2026, 12, 31, 23, 0, 0, 330).expect("valid"),
            [
                (
                    "tomorrow at 9am",
                    [("tomorrow at 9am", json!("2027-01-01T09:00:00+05:30"))]
                ),
                (
                    "today at 11",
                    [("today at 11", json!("2026-12-31T11:00:00+05:30"))]
                ),
                (
                    "next monday at noon",
                    [("next monday at noon", json!("2027-01-04T12:00:00+05:30"))]
                ),
            ]
        );
    }

    mod spanish {
        use super::*;

        system_entity_tests!(
            DateTime,
            Language::Spanish,
            [
                (
                    "el viernes a las 8",
                    [("el viernes a las 8", json!("2026-11-27T20:00:00+00:00"))]
                ),
                (
                    "mañana a las 7",
                    [("mañana a las 7", json!("2026-11-25T19:00:00+00:00"))]
                ),
                (
                    "mañana a las siete y media",
                    [("mañana a las siete y media", json!("2026-11-25T19:30:00+00:00"))]
                ),
                (
                    "el 3 de mayo a las 10 de la mañana",
                    [(
                        "el 3 de mayo a las 10 de la mañana",
                        json!("2027-05-03T10:00:00+00:00")
                    )]
                ),
                (
                    "pasado mañana a mediodía",
                    [("pasado mañana a mediodía", json!("2026-11-26T12:00:00+00:00"))]
                ),
                ("hoy", []),
                ("a las 7", []),
            ]
        );
    }

    #[test]
    fn wins_among_every_system_entity() {
        let context = Context::new(Language::English, crate::entity::test_macro::TEST_REFERENCE);
        let resolved = |text: &str| {
            let tokens = Analyzer::new(Language::English).analyze(text);
            let found =
                crate::entity::resolve_overlaps(crate::entity::extract_system(text, &tokens, &context));
            found.into_iter().map(|m| (m.entity, m.raw)).collect::<Vec<_>>()
        };
        let found = resolved("two large pizzas to 5 Baker Street tomorrow at 7");
        assert!(
            found.contains(&("sys.datetime".into(), "tomorrow at 7".into())),
            "{found:?}"
        );
        let found = resolved("call me at 5");
        assert!(found.contains(&("sys.time".into(), "at 5".into())), "{found:?}");
        let found = resolved("may I come in");
        assert!(found.iter().all(|(entity, _)| entity != "sys.date"), "{found:?}");
    }

    proptest! {
        #[test]
        fn no_panic_and_spans_slice_the_input(text in "\\PC{0,40}", spanish in any::<bool>(), days in 0i64..2_900_000) {
            let language = if spanish { Language::Spanish } else { Language::English };
            let (year, month, day) = crate::entity::calendar::civil_from_days(days);
            let reference = Reference::new(year, month, day, 23, 59, 59, -600).expect("valid");
            let context = Context::new(language, reference);
            let tokens = Analyzer::new(language).analyze(&text);
            let entities: [&dyn SystemEntity; 4] = [&Date, &Time, &DateTime, &Duration];
            for entity in entities {
                let mut out = Vec::new();
                entity.extract(&text, &tokens, &context, &mut out);
                for m in out {
                    prop_assert_eq!(m.span.slice(&text), m.raw.as_str());
                    prop_assert!(!m.raw.is_empty());
                    prop_assert!(m.span.char_end - m.span.char_start == m.raw.chars().count());
                    prop_assert!((0.0..=1.0).contains(&m.score));
                }
            }
        }

        #[test]
        fn date_words_never_panic(words in proptest::collection::vec(proptest::sample::select(vec![
            "the", "day", "after", "tomorrow", "next", "friday", "in", "3", "two", "weeks", "at", "7", ":", "30",
            "pm", "may", "3rd", "of", "2027", "-", "/", "half", "past", "quarter", "to", "a", "las", "y", "media",
            "de", "mayo", "el", "hour", "and", "ago", "from", "now", "12", "99", "31", "0", "noon", ",",
        ]), 0..12), spanish in any::<bool>()) {
            let text = words.join(" ").replace(" : ", ":").replace(" - ", "-").replace(" / ", "/");
            let language = if spanish { Language::Spanish } else { Language::English };
            let context = Context::new(language, crate::entity::test_macro::TEST_REFERENCE);
            let tokens = Analyzer::new(language).analyze(&text);
            let found = crate::entity::extract_system(&text, &tokens, &context);
            for m in found {
                prop_assert_eq!(m.span.slice(&text), m.raw.as_str());
            }
        }
    }
}
