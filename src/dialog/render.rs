//! Rendering texts (`{{attribute}}` references) and deciding filters.
//!
//! Texts a person reads (messages, titles) write typed values as the story's language does
//! ([`readable`](super::readable)); texts a program reads (URLs, postback values, the values
//! `setAttributes` stores) take the values as stored.

use std::collections::BTreeMap;

use super::readable::Writer;
use super::script::{Condition, Slot};
use crate::StoryModel;
use crate::entity::Reference;
use crate::story::template::{Format, Piece, pieces};
use crate::story::{Filter, FilterValue, Operator};

/// What the texts and filters of a step can see.
pub(super) struct Scope<'a> {
    /// The story whose steps run: its language and the kinds of its values.
    pub story: &'a StoryModel,
    /// The turn's reference moment.
    pub reference: Reference,
    pub attributes: &'a BTreeMap<String, String>,
    /// The parameters of the interaction whose steps run, and their values this turn: a
    /// parameter the turn did not fill reads as unset, whatever an earlier turn left.
    pub slots: &'a [Slot],
    pub parameters: &'a BTreeMap<String, String>,
    pub score: f32,
    pub lifespan: u32,
    pub query: &'a str,
    pub trigger: &'a str,
}

impl Scope<'_> {
    /// The value of an attribute or parameter.
    pub fn lookup(&self, name: &str) -> Option<&str> {
        if self.slots.iter().any(|s| s.alias == name) {
            return self.parameters.get(name).map(String::as_str);
        }
        self.attributes.get(name).map(String::as_str)
    }

    /// The text with each `{{name}}` replaced by its value, written for a person: a value
    /// of a declared kind as the story's language writes it (unless the reference says
    /// `|raw`), any other as stored. An unknown name renders as an empty string.
    pub fn render(&self, text: &str) -> String {
        self.replace(text, true)
    }

    /// The text with each `{{name}}` replaced by its value as stored, for URLs, postbacks
    /// and attributes.
    pub fn render_raw(&self, text: &str) -> String {
        self.replace(text, false)
    }

    fn replace(&self, text: &str, readable: bool) -> String {
        if !text.contains("{{") {
            return text.to_string();
        }
        let writer = Writer {
            language: self.story.language,
            reference: self.reference,
            analyzer: &self.story.analyzer,
        };
        let mut out = String::with_capacity(text.len() + 16);
        for piece in pieces(text) {
            let (name, format) = match piece {
                Piece::Text(t) => {
                    out.push_str(t);
                    continue;
                }
                Piece::Attribute { name, format } => (name, format),
            };
            let Some(value) = self.lookup(name) else {
                continue;
            };
            // An unknown format (in a webhook's answer; validation rejects it in a bot)
            // renders as no format does.
            let kind = self.story.script.kinds.get(name);
            let written = match kind {
                Some(&kind) if readable && Format::named(format) != Some(Format::Raw) => {
                    writer.write(kind, value)
                }
                _ => None,
            };
            out.push_str(written.as_deref().unwrap_or(value));
        }
        out
    }

    /// Whether every condition passes.
    pub fn passes(&self, conditions: &[Condition]) -> bool {
        conditions.iter().all(|c| self.passes_one(c))
    }

    fn passes_one(&self, condition: &Condition) -> bool {
        let operator = condition.filter.operator();
        let expected = condition.filter.value();
        match &condition.filter {
            Filter::Attribute { name, .. } => {
                let actual = self.lookup(name).filter(|v| !v.is_empty());
                match (operator, actual) {
                    (Operator::Exists, actual) => actual.is_some(),
                    (Operator::NotExists, actual) => actual.is_none(),
                    // An unset attribute differs from, and does not contain, anything.
                    (Operator::NotEquals | Operator::NotContains, None) => true,
                    (_, None) => false,
                    (_, Some(actual)) => compare_text(operator, actual, expected, condition),
                }
            }
            Filter::Score { .. } => compare_number(operator, f64::from(self.score), expected),
            Filter::Lifespan { .. } => compare_number(operator, f64::from(self.lifespan), expected),
            Filter::Query { .. } => compare_text(operator, self.query, expected, condition),
            Filter::Trigger { .. } => compare_text(operator, self.trigger, expected, condition),
        }
    }
}

/// The number a filter value holds, if it holds one.
fn number_of(value: Option<&FilterValue>) -> Option<f64> {
    match value? {
        FilterValue::Number(n) => Some(*n),
        FilterValue::Text(t) => t.trim().parse().ok(),
        FilterValue::Bool(_) => None,
    }
}

fn compare_number(operator: Operator, actual: f64, expected: Option<&FilterValue>) -> bool {
    let Some(expected) = number_of(expected) else {
        return false;
    };
    match operator {
        Operator::Equals => actual == expected,
        Operator::NotEquals => actual != expected,
        Operator::GreaterThan => actual > expected,
        Operator::GreaterOrEqual => actual >= expected,
        Operator::LessThan => actual < expected,
        Operator::LessOrEqual => actual <= expected,
        _ => false,
    }
}

/// Compares a text: numerically when both sides are numbers and the operator is numeric or
/// an equality; otherwise case-insensitively.
fn compare_text(
    operator: Operator,
    actual: &str,
    expected: Option<&FilterValue>,
    condition: &Condition,
) -> bool {
    if operator == Operator::Matches {
        return condition.regex.as_ref().is_some_and(|r| r.is_match(actual));
    }
    if let Some(n) = actual.trim().parse::<f64>().ok().filter(|_| {
        operator.is_numeric()
            || (matches!(operator, Operator::Equals | Operator::NotEquals) && number_of(expected).is_some())
    }) {
        return compare_number(operator, n, expected);
    }
    let expected = match expected {
        Some(FilterValue::Text(t)) => t.to_lowercase(),
        Some(FilterValue::Bool(b)) => b.to_string(),
        Some(FilterValue::Number(n)) => n.to_string(),
        None => return false,
    };
    let actual = actual.to_lowercase();
    match operator {
        Operator::Equals => actual == expected,
        Operator::NotEquals => actual != expected,
        Operator::Contains => actual.contains(&expected),
        Operator::NotContains => !actual.contains(&expected),
        Operator::StartsWith => actual.starts_with(&expected),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn condition(json: &str) -> Condition {
        let filter: Filter = serde_json::from_str(json).expect("a filter");
        Condition::try_from(filter).expect("compiles")
    }

    /// A story whose `day` is a `sys.date` (a parameter) and `total` a `sys.money` (a
    /// question's attribute); `size` is a user entity's.
    fn story() -> &'static StoryModel {
        static MODEL: std::sync::OnceLock<crate::Model> = std::sync::OnceLock::new();
        let model = MODEL.get_or_init(|| {
            let bot = crate::story::Bot::from_json(
                r#"{"stories": [{"id": "s", "name": "S", "settings": {"language": "en"},
                  "interactions": [{"id": "book", "name": "Book", "root": true, "userSays": ["book"],
                    "parameters": [{"entity": "sys.date", "alias": "day"}, {"entity": "size", "alias": "size"}],
                    "responses": [{"type": "question", "elements": ["Total?"], "entity": "sys.money",
                                   "attribute": "total"}]}]}],
                  "entities": [{"id": "size", "name": "size", "entries": [{"value": "large"}]}]}"#,
            )
            .expect("loads");
            crate::Model::compile(&bot).expect("compiles")
        });
        &model.stories()[0]
    }

    fn scope<'a>(
        attributes: &'a BTreeMap<String, String>,
        slots: &'a [Slot],
        parameters: &'a BTreeMap<String, String>,
    ) -> Scope<'a> {
        Scope {
            story: story(),
            reference: Reference::new(2026, 11, 24, 12, 0, 0, 0).expect("a day"),
            attributes,
            slots,
            parameters,
            score: 0.7,
            lifespan: 1,
            query: "Where is my Pizza?",
            trigger: "",
        }
    }

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn texts_render_attributes_and_parameters() {
        let attributes = map(&[
            ("size", "small"),
            ("address", "1 Main St"),
            ("default_name", "Ann"),
        ]);
        let slots = [Slot {
            entity: "size".into(),
            alias: "size".into(),
            required: false,
            prompts: vec![],
            retry: vec![],
            max_retries: 2,
            give_up: None,
            digressions: true,
        }];
        let parameters = map(&[]);
        let s = scope(&attributes, &slots, &parameters);
        assert_eq!(
            s.render("Hi {{default_name}}, to {{ address }}"),
            "Hi Ann, to 1 Main St"
        );
        assert_eq!(
            s.render("a {{size}} pizza, {{unknown}}!"),
            "a  pizza, !",
            "this turn's parameter is unset"
        );
        let parameters = map(&[("size", "large")]);
        let s = scope(&attributes, &slots, &parameters);
        assert_eq!(s.render("a {{size}} pizza"), "a large pizza");
    }

    #[test]
    fn declared_values_render_readable_unless_raw() {
        let attributes = map(&[
            ("day", "2026-12-07"),
            ("total", "50 euros"),
            ("size", "2026-12-07"),
        ]);
        let parameters = map(&[]);
        let s = scope(&attributes, &[], &parameters);
        assert_eq!(
            s.render("On {{day}} ({{day|raw}}, {{ day | raw }}), {{total}}, size {{size}}"),
            "On Monday 7 December (2026-12-07, 2026-12-07), €50.00, size 2026-12-07"
        );
        assert_eq!(
            s.render_raw("https://x.org/?d={{day}}&t={{total}}"),
            "https://x.org/?d=2026-12-07&t=50 euros",
            "URLs and stored values take the value as stored"
        );
        assert_eq!(
            s.render("{{day|bogus}}"),
            "Monday 7 December",
            "an unknown format is no format"
        );
        let attributes = map(&[("day", "next week")]);
        let s = scope(&attributes, &[], &parameters);
        assert_eq!(
            s.render("{{day}}"),
            "next week",
            "a value that is no date renders as stored"
        );
    }

    #[test]
    fn filters_compare_texts_numbers_and_patterns() {
        let attributes = map(&[("count", "3"), ("drink", "Beer"), ("empty", "")]);
        let parameters = map(&[]);
        let s = scope(&attributes, &[], &parameters);
        let yes = |json: &str| s.passes(&[condition(json)]);
        assert!(yes(
            r#"{"type": "attribute", "name": "count", "operator": "greaterThan", "value": 1}"#
        ));
        assert!(!yes(
            r#"{"type": "attribute", "name": "count", "operator": "lessThan", "value": "2"}"#
        ));
        assert!(yes(
            r#"{"type": "attribute", "name": "count", "operator": "equals", "value": 3}"#
        ));
        assert!(yes(
            r#"{"type": "attribute", "name": "drink", "operator": "equals", "value": "beer"}"#
        ));
        assert!(yes(
            r#"{"type": "attribute", "name": "drink", "operator": "startsWith", "value": "be"}"#
        ));
        assert!(yes(
            r#"{"type": "attribute", "name": "drink", "operator": "notContains", "value": "wine"}"#
        ));
        assert!(yes(
            r#"{"type": "attribute", "name": "missing", "operator": "notEquals", "value": "x"}"#
        ));
        assert!(!yes(
            r#"{"type": "attribute", "name": "missing", "operator": "equals", "value": "x"}"#
        ));
        assert!(
            yes(r#"{"type": "attribute", "name": "empty", "operator": "notExists"}"#),
            "an empty value is unset"
        );
        assert!(!yes(
            r#"{"type": "attribute", "name": "drink", "operator": "greaterThan", "value": 1}"#
        ));
        assert!(yes(r#"{"type": "score", "operator": "lessThan", "value": 0.8}"#));
        assert!(yes(r#"{"type": "lifespan", "operator": "equals", "value": 1}"#));
        assert!(yes(
            r#"{"type": "query", "operator": "matches", "value": "(?i)where is my \\w+"}"#
        ));
        assert!(yes(
            r#"{"type": "query", "operator": "contains", "value": "PIZZA"}"#
        ));
        assert!(!yes(
            r#"{"type": "trigger", "operator": "equals", "value": "order"}"#
        ));
        assert!(s.passes(&[]), "no filter passes");
    }
}
