//! Rendering texts (`{{attribute}}` references) and deciding filters.

use std::collections::BTreeMap;

use super::script::{Condition, Slot};
use crate::story::template::{Piece, pieces};
use crate::story::{Filter, FilterValue, Operator};

/// What the texts and filters of a step can see.
pub(super) struct Scope<'a> {
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

    /// The text with each `{{name}}` replaced by its value; an unknown name renders as an
    /// empty string.
    pub fn render(&self, text: &str) -> String {
        if !text.contains("{{") {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len() + 16);
        for piece in pieces(text) {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Attribute(name) => out.push_str(self.lookup(name).unwrap_or("")),
            }
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

    fn scope<'a>(
        attributes: &'a BTreeMap<String, String>,
        slots: &'a [Slot],
        parameters: &'a BTreeMap<String, String>,
    ) -> Scope<'a> {
        Scope {
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
