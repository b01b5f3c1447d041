//! Entity quality: annotated spans as placeholders in the eval bot, and micro precision,
//! recall and F1 over `(entity type, span)` pairs.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use serde::Serialize;

use super::{EntitySpan, LabelScores, ratio};

/// Writes a line as an example phrase: each annotated span becomes an annotated placeholder
/// `{{type=value}}`, the rest stays text (with `{{` and `}}` broken up, as the data sets mean
/// them literally). Returns the phrase and the entity types it annotates.
///
/// A span that overlaps another, falls outside the text, or whose type or value cannot be
/// written inside a placeholder stays plain text.
pub(super) fn annotate(text: &str, spans: &[EntitySpan]) -> (String, Vec<String>) {
    let literal = |s: &str| s.replace("{{", "{ {").replace("}}", "} }");
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let byte = |c: usize| chars.get(c).map_or(text.len(), |&(b, _)| b);
    let mut sorted: Vec<&EntitySpan> = spans.iter().collect();
    sorted.sort_by_key(|s| (s.start, s.end));
    let mut phrase = String::new();
    let mut types = Vec::new();
    let mut at = 0;
    for span in sorted {
        if span.start < at || span.start >= span.end || span.end > chars.len() {
            continue;
        }
        let value = text[byte(span.start)..byte(span.end)].trim();
        let writable = |s: &str| !s.is_empty() && !s.contains(['{', '}', '=']);
        let name_ok = !span
            .entity
            .contains(|c: char| c.is_whitespace() || "{}:=".contains(c));
        if !writable(value) || !name_ok || span.entity.is_empty() {
            continue;
        }
        phrase.push_str(&literal(&text[byte(at)..byte(span.start)]));
        phrase.push_str(&format!("{{{{{}={}}}}}", span.entity, value));
        if !types.contains(&span.entity) {
            types.push(span.entity.clone());
        }
        at = span.end;
    }
    phrase.push_str(&literal(&text[byte(at)..]));
    (phrase, types)
}

/// An `(entity type, character range)` pair, the unit entity quality counts.
pub type TypedSpan = (String, Range<usize>);

/// The span of `range` in `text` without the whitespace and punctuation at its edges, so that
/// `"Jams."` and `"Jams"` count as the same span.
pub fn trimmed(text: &str, range: Range<usize>) -> Range<usize> {
    let chars: Vec<char> = text.chars().collect();
    let end = range.end.min(chars.len());
    let mut start = range.start.min(end);
    let mut end = end;
    let edge = |c: char| c.is_whitespace() || c.is_ascii_punctuation() && c != '$' && c != '%';
    while start < end && edge(chars[start]) {
        start += 1;
    }
    while end > start && edge(chars[end - 1]) {
        end -= 1;
    }
    start..end
}

/// Micro and per-type precision, recall and F1 of predicted entity spans against annotated
/// ones: a prediction is right when its type and (trimmed) span are exactly an annotation's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityReport {
    /// Right predictions over all predictions.
    pub precision: f64,
    /// Right predictions over all annotations.
    pub recall: f64,
    /// The harmonic mean of precision and recall.
    pub f1: f64,
    /// How many annotations the test lines have.
    pub support: usize,
    /// Per entity type (`support` counts its annotations).
    pub per_type: BTreeMap<String, LabelScores>,
}

impl EntityReport {
    /// Scores `(annotated, predicted)` spans, one pair of lists per test line; spans are
    /// compared as given (trim them with [`trimmed`] first).
    pub fn new(lines: &[(Vec<TypedSpan>, Vec<TypedSpan>)]) -> EntityReport {
        let mut counts: BTreeMap<&str, [usize; 3]> = BTreeMap::new(); // right, predicted, support
        for (gold, predicted) in lines {
            let gold_set: BTreeSet<(&str, usize, usize)> =
                gold.iter().map(|(t, r)| (t.as_str(), r.start, r.end)).collect();
            let predicted_set: BTreeSet<(&str, usize, usize)> = predicted
                .iter()
                .map(|(t, r)| (t.as_str(), r.start, r.end))
                .collect();
            for &(t, ..) in &gold_set {
                counts.entry(t).or_default()[2] += 1;
            }
            for p in &predicted_set {
                let c = counts.entry(p.0).or_default();
                c[1] += 1;
                if gold_set.contains(p) {
                    c[0] += 1;
                }
            }
        }
        let scores = |[right, predicted, support]: [usize; 3]| {
            let (precision, recall) = (ratio(right, predicted), ratio(right, support));
            let f1 = if precision + recall > 0.0 {
                2.0 * precision * recall / (precision + recall)
            } else {
                0.0
            };
            LabelScores {
                precision,
                recall,
                f1,
                support,
            }
        };
        let total = counts
            .values()
            .fold([0; 3], |a, c| [a[0] + c[0], a[1] + c[1], a[2] + c[2]]);
        let all = scores(total);
        EntityReport {
            precision: all.precision,
            recall: all.recall,
            f1: all.f1,
            support: all.support,
            per_type: counts
                .into_iter()
                .map(|(t, c)| (t.to_string(), scores(c)))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(entity: &str, start: usize, end: usize) -> EntitySpan {
        EntitySpan {
            entity: entity.into(),
            value: String::new(),
            start,
            end,
        }
    }

    #[test]
    fn spans_become_annotated_placeholders() {
        let text = "add clem burke in my playlist Pre-Party R&B Jams";
        let (phrase, types) = annotate(text, &[span("playlist", 30, 48), span("artist", 4, 14)]);
        assert_eq!(
            phrase,
            "add {{artist=clem burke}} in my playlist {{playlist=Pre-Party R&B Jams}}"
        );
        assert_eq!(types, ["artist", "playlist"]);
    }

    #[test]
    fn unwritable_or_broken_spans_stay_text() {
        let text = "rate {{this}} a=b now";
        let (phrase, types) = annotate(text, &[span("x", 5, 13), span("y", 14, 17), span("z", 18, 99)]);
        assert_eq!(phrase, "rate { {this} } a=b now");
        assert!(types.is_empty());
        let (phrase, _) = annotate("ab cd", &[span("x", 0, 5), span("y", 3, 5)]);
        assert_eq!(phrase, "{{x=ab cd}}");
    }

    #[test]
    fn trimming_drops_edge_punctuation() {
        assert_eq!(trimmed("the R&B Jams. ", 4..14), 4..12);
        assert_eq!(trimmed("$5", 0..2), 0..2);
        assert_eq!(trimmed("...", 0..3), 3..3);
        assert_eq!(trimmed("ab", 1..9), 1..2);
    }

    #[test]
    fn micro_and_per_type_scores_by_hand() {
        let s = |t: &str, r: Range<usize>| (t.to_string(), r);
        let report = EntityReport::new(&[
            (vec![s("a", 0..2), s("b", 3..5)], vec![s("a", 0..2), s("b", 3..4)]),
            (vec![s("a", 1..2)], vec![s("a", 1..2), s("a", 5..6)]),
        ]);
        // right 2 (both "a"), predicted 4, annotated 3.
        assert!((report.precision - 0.5).abs() < 1e-9);
        assert!((report.recall - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(report.support, 3);
        assert!((report.per_type["a"].recall - 1.0).abs() < 1e-9);
        assert_eq!(report.per_type["b"].f1, 0.0);
        assert_eq!(EntityReport::new(&[]).f1, 0.0);
    }
}
