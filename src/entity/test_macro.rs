//! The battery of tests every system entity gets.

/// Generates the same tests for a system entity from a table of cases: each case is an
/// utterance and the values the entity must find in it (as JSON, in order), with the raw text
/// of each; an empty list means the utterance must yield no match. It also checks, over the
/// table, that spans slice the input and extraction is deterministic.
///
/// Relative dates and times resolve against [`TEST_REFERENCE`] unless a reference is given
/// after the language: `system_entity_tests!(Date, Language::English, reference, [...])`.
///
/// ```ignore
/// system_entity_tests!(Email, Language::English, [
///     ("write to ada@example.org", [("ada@example.org", json!("ada@example.org"))]),
///     ("no email here", []),
/// ]);
/// ```
#[cfg(test)]
macro_rules! system_entity_tests {
    ($entity:expr, $language:expr, [$($cases:tt)*]) => {
        system_entity_tests!($entity, $language, $crate::entity::test_macro::TEST_REFERENCE, [$($cases)*]);
    };
    ($entity:expr, $language:expr, $reference:expr, [$(($text:expr, [$(($raw:expr, $value:expr)),* $(,)?])),* $(,)?]) => {
        #[test]
        fn table() {
            use $crate::entity::SystemEntity;
            let entity = $entity;
            let analyzer = $crate::analysis::Analyzer::new($language);
            let context = $crate::entity::Context::new($language, $reference);
            let mut failures = Vec::new();
            let mut cases = 0;
            $(
                cases += 1;
                let text: &str = $text;
                let tokens = analyzer.analyze(text);
                let mut found = Vec::new();
                entity.extract(text, &tokens, &context, &mut found);
                let found = $crate::entity::resolve_overlaps(found);
                let got: Vec<(String, serde_json::Value)> =
                    found.iter().filter(|m| m.entity == entity.name()).map(|m| (m.raw.clone(), m.value.clone())).collect();
                let want: Vec<(String, serde_json::Value)> = vec![$(($raw.to_string(), $value)),*];
                if got != want {
                    failures.push(format!("  {text:?}\n    want {want:?}\n    got  {got:?}"));
                }
                for m in &found {
                    assert_eq!(m.span.slice(text), m.raw, "{text:?}: span does not slice the input");
                    assert!((0.0..=1.0).contains(&m.score), "{text:?}: score {}", m.score);
                }
            )*
            assert!(
                failures.is_empty(),
                "{} of {cases} cases of {} failed:\n{}\nhelp: the table is in the entity's file; run `cargo test --lib entity` to see them all",
                failures.len(),
                entity.name(),
                failures.join("\n")
            );
        }
    };
}

/// The moment every table of cases is resolved against, unless it names another: Tuesday
/// 2026-11-24, 15:30:00 UTC. So `tomorrow` is 2026-11-25 and `next friday` 2026-11-27.
#[cfg(test)]
pub(crate) const TEST_REFERENCE: super::Reference = super::Reference {
    year: 2026,
    month: 11,
    day: 24,
    hour: 15,
    minute: 30,
    second: 0,
    utc_offset_minutes: 0,
};
