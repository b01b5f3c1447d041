//! The battery of tests every system entity gets.

/// Generates the same tests for a system entity from a table of cases: each case is an
/// utterance and the values the entity must find in it (as JSON, in order), with the raw text
/// of each; an empty list means the utterance must yield no match. It also checks, over the
/// table, that spans slice the input and extraction is deterministic.
///
/// ```ignore
/// system_entity_tests!(Email, Language::English, [
///     ("write to ada@example.org", [("ada@example.org", json!("ada@example.org"))]),
///     ("no email here", []),
/// ]);
/// ```
#[cfg(test)]
macro_rules! system_entity_tests {
    ($entity:expr, $language:expr, [$(($text:expr, [$(($raw:expr, $value:expr)),* $(,)?])),* $(,)?]) => {
        #[test]
        fn table() {
            use $crate::entity::SystemEntity;
            let entity = $entity;
            let analyzer = $crate::analysis::Analyzer::new($language);
            let mut failures = Vec::new();
            let mut cases = 0;
            $(
                cases += 1;
                let text: &str = $text;
                let tokens = analyzer.analyze(text);
                let mut found = Vec::new();
                entity.extract(text, &tokens, $language, &mut found);
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
