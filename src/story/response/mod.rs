//! Responses and actions: what an interaction does when it runs, and the filters that
//! decide whether each response runs.
//!
//! [`Response`], [`Button`] and [`Filter`] are JSON objects whose `type` names the variant.
//! They are written by serde's derive (`#[serde(tag = "type")]`) but read by hand, field by
//! field: serde's derived reader buffers the whole object before it looks at a field, which
//! loses the JSON path and the position of any fault inside it (see `de::Tagged`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

mod de;
#[cfg(test)]
mod tests;

/// One response or action of an interaction, tagged by `type` in JSON.
///
/// Every variant may carry [`Filter`]s: all of them must pass for the response to run. The
/// `type` may come anywhere in the object; lists and optional fields may be left out.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase", rename_all_fields = "camelCase")]
#[non_exhaustive]
pub enum Response {
    /// A text message: one of 1–20 variants is picked.
    Text {
        /// The variants (each ≤ 1024 characters); `{{attribute}}` is replaced, a typed
        /// value written as the story's language writes it (`{{attribute|raw}}`: as stored).
        elements: Vec<String>,
        /// Conditions for sending it.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        filters: Vec<Filter>,
    },
    /// An image.
    Image {
        /// The image's URL.
        image_url: String,
        /// Conditions for sending it.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        filters: Vec<Filter>,
    },
    /// A question with buttons (≤ 11).
    QuickReplies {
        /// The text above the buttons.
        title: String,
        /// The buttons.
        buttons: Vec<Button>,
        /// Conditions for sending it.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        filters: Vec<Filter>,
    },
    /// A card: title, subtitle, image and up to 3 buttons.
    Card {
        /// The title.
        title: String,
        /// The line under the title.
        #[serde(skip_serializing_if = "Option::is_none")]
        subtitle: Option<String>,
        /// The picture's URL.
        #[serde(skip_serializing_if = "Option::is_none")]
        image_url: Option<String>,
        /// Up to 3 buttons.
        buttons: Vec<Button>,
        /// Conditions for sending it.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        filters: Vec<Filter>,
    },
    /// A row of cards (≤ 10).
    Carousel {
        /// The cards.
        cards: Vec<Card>,
        /// Conditions for sending it.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        filters: Vec<Filter>,
    },
    /// Jump to another interaction (of this story unless `story` names another).
    Goto {
        /// The target interaction's id (or `welcome` / `fallback`).
        interaction: String,
        /// The target's story, when it is not the current one.
        #[serde(skip_serializing_if = "Option::is_none")]
        story: Option<String>,
        /// Conditions for jumping.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        filters: Vec<Filter>,
    },
    /// Ask a question, validate the answer against an entity, save it to an attribute.
    Question {
        /// The question's variants.
        elements: Vec<String>,
        /// The entity the answer must be (`sys.email`, a user entity…).
        entity: String,
        /// The session attribute the answer is saved to.
        attribute: String,
        /// What to say when the answer is not valid (the question is repeated when empty).
        #[serde(skip_serializing_if = "Vec::is_empty")]
        retry: Vec<String>,
        /// How many invalid answers are retried before the question gives up (2 when absent):
        /// the fallback, or `giveUpGoto`, answers then.
        max_retries: u32,
        /// The interaction that answers, instead of the fallback, when the retries run out.
        #[serde(skip_serializing_if = "Option::is_none")]
        give_up_goto: Option<String>,
        /// Whether a turn that asks something else while the question waits is answered, the
        /// question coming back after (`true` when absent).
        #[serde(skip_serializing_if = "is_true")]
        digressions: bool,
        /// Conditions for asking.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        filters: Vec<Filter>,
    },
    /// Set session attributes; values may hold `{{attribute}}` (replaced by the value as
    /// stored, never by its readable form).
    SetAttributes {
        /// Attribute name → value.
        attributes: BTreeMap<String, String>,
        /// Conditions for setting them.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        filters: Vec<Filter>,
    },
    /// Call a webhook (by id) at this point of the responses.
    Webhook {
        /// The webhook's id.
        webhook: String,
        /// Conditions for calling it.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        filters: Vec<Filter>,
    },
    /// Clear the path taken so far.
    Backtracking {
        /// What stays reachable afterwards (`subsequentOnly` when absent).
        mode: BacktrackingMode,
        /// Conditions for backtracking.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        filters: Vec<Filter>,
    },
    /// End the conversation: the next utterance starts from the roots.
    End {
        /// Conditions for ending.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        filters: Vec<Filter>,
    },
    /// Reset the session: context, attributes and lifespan.
    Reset {
        /// Conditions for resetting.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        filters: Vec<Filter>,
    },
}

impl Response {
    /// The filters of the response: all must pass for it to run.
    pub fn filters(&self) -> &[Filter] {
        match self {
            Response::Text { filters, .. }
            | Response::Image { filters, .. }
            | Response::QuickReplies { filters, .. }
            | Response::Card { filters, .. }
            | Response::Carousel { filters, .. }
            | Response::Goto { filters, .. }
            | Response::Question { filters, .. }
            | Response::SetAttributes { filters, .. }
            | Response::Webhook { filters, .. }
            | Response::Backtracking { filters, .. }
            | Response::End { filters }
            | Response::Reset { filters } => filters,
        }
    }

    /// The name of the response's type as written in JSON (`"quickReplies"`).
    pub fn type_name(&self) -> &'static str {
        match self {
            Response::Text { .. } => "text",
            Response::Image { .. } => "image",
            Response::QuickReplies { .. } => "quickReplies",
            Response::Card { .. } => "card",
            Response::Carousel { .. } => "carousel",
            Response::Goto { .. } => "goto",
            Response::Question { .. } => "question",
            Response::SetAttributes { .. } => "setAttributes",
            Response::Webhook { .. } => "webhook",
            Response::Backtracking { .. } => "backtracking",
            Response::End { .. } => "end",
            Response::Reset { .. } => "reset",
        }
    }
}

/// A card, alone or in a carousel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Card {
    /// The title.
    pub title: String,
    /// The line under the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    /// The picture's URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Up to 3 buttons.
    #[serde(default)]
    pub buttons: Vec<Button>,
}

/// A button of quick replies or a card, tagged by `type` in JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase", rename_all_fields = "camelCase")]
#[non_exhaustive]
pub enum Button {
    /// Pressing it sends `value` as the user's next text.
    Postback {
        /// The label.
        title: String,
        /// The text sent back.
        value: String,
    },
    /// Pressing it jumps to an interaction.
    Goto {
        /// The label.
        title: String,
        /// The target interaction's id.
        interaction: String,
        /// The target's story, when it is not the current one.
        #[serde(skip_serializing_if = "Option::is_none")]
        story: Option<String>,
    },
    /// Pressing it opens a web page.
    Url {
        /// The label.
        title: String,
        /// The page.
        url: String,
    },
}

/// The fields (besides `type`) a response of type `ty` accepts; none for an unknown type.
pub(crate) fn response_fields(ty: &str) -> &'static [&'static str] {
    <Response as de::Tagged>::fields_of(ty)
}

/// The fields (besides `type`) a button of type `ty` accepts; none for an unknown type.
pub(crate) fn button_fields(ty: &str) -> &'static [&'static str] {
    <Button as de::Tagged>::fields_of(ty)
}

impl Button {
    /// The button's label.
    pub fn title(&self) -> &str {
        match self {
            Button::Postback { title, .. } | Button::Goto { title, .. } | Button::Url { title, .. } => title,
        }
    }
}

/// What to keep reachable after a backtracking action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum BacktrackingMode {
    /// Only the children of the current interaction stay candidates.
    #[default]
    SubsequentOnly,
    /// The children of the current interaction and the root interactions.
    SubsequentAndRoot,
}

/// A condition on a response, tagged by `type` in JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase", rename_all_fields = "camelCase")]
#[non_exhaustive]
pub enum Filter {
    /// A session attribute (or parameter) compared with a value.
    Attribute {
        /// The attribute's name.
        name: String,
        /// The comparison.
        operator: Operator,
        /// The value compared with; absent for `exists` / `notExists`.
        #[serde(skip_serializing_if = "Option::is_none")]
        value: Option<FilterValue>,
    },
    /// The match score in `[0, 1]`.
    Score {
        /// The comparison.
        operator: Operator,
        /// A number.
        value: FilterValue,
    },
    /// The lifespan left.
    Lifespan {
        /// The comparison.
        operator: Operator,
        /// A number.
        value: FilterValue,
    },
    /// The resolved query (the user's text).
    Query {
        /// The comparison.
        operator: Operator,
        /// A text (or a regular expression for `matches`).
        value: FilterValue,
    },
    /// The trigger that started the turn.
    Trigger {
        /// The comparison.
        operator: Operator,
        /// A trigger name.
        value: FilterValue,
    },
}

impl Filter {
    /// The filter's operator.
    pub fn operator(&self) -> Operator {
        match self {
            Filter::Attribute { operator, .. }
            | Filter::Score { operator, .. }
            | Filter::Lifespan { operator, .. }
            | Filter::Query { operator, .. }
            | Filter::Trigger { operator, .. } => *operator,
        }
    }

    /// The name of the filter's type as written in JSON (`"attribute"`).
    pub fn type_name(&self) -> &'static str {
        match self {
            Filter::Attribute { .. } => "attribute",
            Filter::Score { .. } => "score",
            Filter::Lifespan { .. } => "lifespan",
            Filter::Query { .. } => "query",
            Filter::Trigger { .. } => "trigger",
        }
    }

    /// The value the filter compares with, if any.
    pub fn value(&self) -> Option<&FilterValue> {
        match self {
            Filter::Attribute { value, .. } => value.as_ref(),
            Filter::Score { value, .. }
            | Filter::Lifespan { value, .. }
            | Filter::Query { value, .. }
            | Filter::Trigger { value, .. } => Some(value),
        }
    }
}

/// How a filter compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum Operator {
    /// Equal (texts compared case-insensitively).
    Equals,
    /// Not equal.
    NotEquals,
    /// The text contains the value.
    Contains,
    /// The text does not contain the value.
    NotContains,
    /// The text starts with the value.
    StartsWith,
    /// The text matches the regular expression.
    Matches,
    /// A number greater than the value.
    GreaterThan,
    /// A number greater than or equal to the value.
    GreaterOrEqual,
    /// A number less than the value.
    LessThan,
    /// A number less than or equal to the value.
    LessOrEqual,
    /// The attribute is set.
    Exists,
    /// The attribute is not set.
    NotExists,
}

impl Operator {
    /// Whether the operator compares numbers.
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            Operator::GreaterThan | Operator::GreaterOrEqual | Operator::LessThan | Operator::LessOrEqual
        )
    }

    /// Whether the operator takes no value.
    pub fn is_unary(self) -> bool {
        matches!(self, Operator::Exists | Operator::NotExists)
    }
}

/// The value of a filter: a number, a text or a boolean.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FilterValue {
    /// A boolean.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A text.
    Text(String),
}

fn is_true(b: &bool) -> bool {
    *b
}
