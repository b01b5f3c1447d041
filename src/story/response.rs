//! Responses and actions: what an interaction does when it runs, and the filters that
//! decide whether each response runs.
//!
//! [`Response`], [`Button`] and [`Filter`] are JSON objects whose `type` names the variant.
//! They are written by serde's derive (`#[serde(tag = "type")]`) but read by hand, field by
//! field: serde's derived reader buffers the whole object before it looks at a field, which
//! loses the JSON path and the position of any fault inside it (see `Tagged` below).

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

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
        /// The variants (each ≤ 1024 characters); `{{attribute}}` is replaced.
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
        /// How many invalid answers are retried before the question gives up (2 when absent).
        max_retries: u32,
        /// Conditions for asking.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        filters: Vec<Filter>,
    },
    /// Set session attributes; values may hold `{{attribute}}`.
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

fn default_max_retries() -> u32 {
    2
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

/// An enum written as a JSON object whose `type` field names the variant, read field by field.
///
/// serde's `#[serde(tag = "type")]` buffers the whole object before it reads a field, so a
/// fault inside it (an unknown field, a wrong type) is reported at the object's path and at
/// its closing brace. Here each field is read straight from the document, so the fault keeps
/// its own path (`responses[0].elements`) and position:
///
/// - when `type` comes first (the usual case), only the fields of that variant are accepted;
/// - before `type`, any field of any variant is read; those that turn out not to belong to
///   the variant are reported at the `type`.
///
/// The variants are named by their `type` as written in JSON (`"quickReplies"`).
trait Tagged: Sized {
    /// What the object is, for messages: "a response object".
    const WHAT: &'static str;
    /// The `type` of every variant, in declaration order.
    const TYPES: &'static [&'static str];
    /// The fields of every variant, accepted while the `type` is not known yet.
    const ALL_FIELDS: &'static [&'static str];
    /// The fields read so far, each `None` until it is read.
    type Fields: Default;

    /// The fields (besides `type`) of the variant `ty`.
    fn fields_of(ty: &str) -> &'static [&'static str];

    /// Reads the value of `field`, one of [`Tagged::ALL_FIELDS`]; `ty` is the `type` when it
    /// came before the field.
    fn read_field<'de, A: MapAccess<'de>>(
        fields: &mut Self::Fields,
        field: &str,
        ty: Option<&str>,
        map: &mut A,
    ) -> Result<(), A::Error>;

    /// Builds the variant `ty` once the whole object is read.
    fn build<E: de::Error>(ty: &str, fields: Self::Fields, given: Given<'_>) -> Result<Self, E>;
}

/// The fields given in an object, to tell a missing field from a `null` one.
struct Given<'a>(&'a [&'static str]);

impl Given<'_> {
    /// The value of a field the variant requires.
    fn required<T, E: de::Error>(&self, value: Option<T>, field: &'static str) -> Result<T, E> {
        match value {
            Some(value) => Ok(value),
            // A `null` read before the `type` said whether the field is optional.
            None if self.0.contains(&field) => Err(E::custom(format_args!(
                "invalid type: null, expected a value for `{field}`"
            ))),
            None => Err(E::missing_field(field)),
        }
    }
}

/// Reads the value of a field: `null` is `None` when the field is `nullable`, a fault
/// (reported at the value) otherwise.
fn read<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    map: &mut A,
    nullable: bool,
) -> Result<Option<T>, A::Error> {
    if nullable {
        map.next_value()
    } else {
        map.next_value().map(Some)
    }
}

/// Reads a [`Tagged`] enum from a map.
struct TaggedVisitor<T>(PhantomData<T>);

impl<'de, T: Tagged> Visitor<'de> for TaggedVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(T::WHAT)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut fields = T::Fields::default();
        let mut ty = None;
        let mut given = Vec::new();
        loop {
            let seed = KeySeed {
                expected: ty.map_or(T::ALL_FIELDS, T::fields_of),
                ty,
                given: &given,
            };
            match map.next_key_seed(seed)? {
                None => break,
                Some(Key::Type) => ty = Some(map.next_value_seed(TypeSeed::<T>(&given, PhantomData))?),
                Some(Key::Field(field)) => {
                    T::read_field(&mut fields, field, ty, &mut map)?;
                    given.push(field);
                }
            }
        }
        let ty = ty.ok_or_else(|| de::Error::missing_field("type"))?;
        T::build(ty, fields, Given(&given))
    }
}

/// A key of a [`Tagged`] object.
enum Key {
    /// `type`.
    Type,
    /// One of the expected fields.
    Field(&'static str),
}

/// Reads a key: `type` once, or an expected field once.
struct KeySeed<'a> {
    /// The fields of the variant, or of every variant while the `type` is not known.
    expected: &'static [&'static str],
    /// The `type`, once read.
    ty: Option<&'static str>,
    /// The fields read so far.
    given: &'a [&'static str],
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Key, E> {
        if name == "type" {
            return match self.ty {
                Some(_) => Err(E::duplicate_field("type")),
                None => Ok(Key::Type),
            };
        }
        match self.expected.iter().find(|field| **field == name) {
            None => Err(E::unknown_field(name, self.expected)),
            Some(field) if self.given.contains(field) => Err(E::duplicate_field(field)),
            Some(field) => Ok(Key::Field(field)),
        }
    }
}

/// Reads the value of `type`, and checks the fields read before it against the variant.
struct TypeSeed<'a, T>(&'a [&'static str], PhantomData<T>);

impl<'de, T: Tagged> DeserializeSeed<'de> for TypeSeed<'_, T> {
    type Value = &'static str;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<&'static str, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de, T: Tagged> Visitor<'de> for TypeSeed<'_, T> {
    type Value = &'static str;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "the type of {}", T::WHAT)
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<&'static str, E> {
        let Some(ty) = T::TYPES.iter().find(|ty| **ty == name) else {
            return Err(E::unknown_variant(name, T::TYPES));
        };
        let expected = T::fields_of(ty);
        match self.0.iter().find(|field| !expected.contains(field)) {
            // serde's "unknown field" message, so that a suggestion can be added to it.
            Some(field) => Err(E::custom(format_args!(
                "unknown field `{field}` for type `{ty}`, expected {}",
                OneOf(expected)
            ))),
            None => Ok(ty),
        }
    }
}

/// Names as serde lists them: "`a`", "`a` or `b`", "one of `a`, `b`, `c`".
struct OneOf(&'static [&'static str]);

impl fmt::Display for OneOf {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self.0 {
            [] => f.write_str("no field"),
            [one] => write!(f, "`{one}`"),
            [a, b] => write!(f, "`{a}` or `{b}`"),
            [first, rest @ ..] => {
                write!(f, "one of `{first}`")?;
                rest.iter().try_for_each(|name| write!(f, ", `{name}`"))
            }
        }
    }
}

impl<'de> Deserialize<'de> for Response {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(TaggedVisitor(PhantomData))
    }
}

/// The fields of a [`Response`] read so far.
#[derive(Default)]
struct ResponseFields {
    elements: Option<Vec<String>>,
    filters: Option<Vec<Filter>>,
    image_url: Option<String>,
    title: Option<String>,
    buttons: Option<Vec<Button>>,
    subtitle: Option<String>,
    cards: Option<Vec<Card>>,
    interaction: Option<String>,
    story: Option<String>,
    entity: Option<String>,
    attribute: Option<String>,
    retry: Option<Vec<String>>,
    max_retries: Option<u32>,
    attributes: Option<BTreeMap<String, String>>,
    webhook: Option<String>,
    mode: Option<BacktrackingMode>,
}

impl Tagged for Response {
    const WHAT: &'static str = "a response object";
    const TYPES: &'static [&'static str] = &[
        "text",
        "image",
        "quickReplies",
        "card",
        "carousel",
        "goto",
        "question",
        "setAttributes",
        "webhook",
        "backtracking",
        "end",
        "reset",
    ];
    const ALL_FIELDS: &'static [&'static str] = &[
        "elements",
        "filters",
        "imageUrl",
        "title",
        "buttons",
        "subtitle",
        "cards",
        "interaction",
        "story",
        "entity",
        "attribute",
        "retry",
        "maxRetries",
        "attributes",
        "webhook",
        "mode",
    ];
    type Fields = ResponseFields;

    fn fields_of(ty: &str) -> &'static [&'static str] {
        match ty {
            "text" => &["elements", "filters"],
            "image" => &["imageUrl", "filters"],
            "quickReplies" => &["title", "buttons", "filters"],
            "card" => &["title", "subtitle", "imageUrl", "buttons", "filters"],
            "carousel" => &["cards", "filters"],
            "goto" => &["interaction", "story", "filters"],
            "question" => &[
                "elements",
                "entity",
                "attribute",
                "retry",
                "maxRetries",
                "filters",
            ],
            "setAttributes" => &["attributes", "filters"],
            "webhook" => &["webhook", "filters"],
            "backtracking" => &["mode", "filters"],
            "end" | "reset" => &["filters"],
            _ => &[],
        }
    }

    fn read_field<'de, A: MapAccess<'de>>(
        f: &mut ResponseFields,
        field: &str,
        ty: Option<&str>,
        map: &mut A,
    ) -> Result<(), A::Error> {
        match field {
            "elements" => f.elements = read(map, false)?,
            "filters" => f.filters = read(map, false)?,
            // A card's picture may be null, an image's may not.
            "imageUrl" => f.image_url = read(map, ty != Some("image"))?,
            "title" => f.title = read(map, false)?,
            "buttons" => f.buttons = read(map, false)?,
            "subtitle" => f.subtitle = read(map, true)?,
            "cards" => f.cards = read(map, false)?,
            "interaction" => f.interaction = read(map, false)?,
            "story" => f.story = read(map, true)?,
            "entity" => f.entity = read(map, false)?,
            "attribute" => f.attribute = read(map, false)?,
            "retry" => f.retry = read(map, false)?,
            "maxRetries" => f.max_retries = read(map, false)?,
            "attributes" => f.attributes = read(map, false)?,
            "webhook" => f.webhook = read(map, false)?,
            "mode" => f.mode = read(map, false)?,
            _ => return Err(de::Error::unknown_field(field, Self::ALL_FIELDS)),
        }
        Ok(())
    }

    fn build<E: de::Error>(ty: &str, f: ResponseFields, given: Given<'_>) -> Result<Self, E> {
        let filters = f.filters.unwrap_or_default();
        Ok(match ty {
            "text" => Response::Text {
                elements: given.required(f.elements, "elements")?,
                filters,
            },
            "image" => Response::Image {
                image_url: given.required(f.image_url, "imageUrl")?,
                filters,
            },
            "quickReplies" => Response::QuickReplies {
                title: given.required(f.title, "title")?,
                buttons: given.required(f.buttons, "buttons")?,
                filters,
            },
            "card" => Response::Card {
                title: given.required(f.title, "title")?,
                subtitle: f.subtitle,
                image_url: f.image_url,
                buttons: f.buttons.unwrap_or_default(),
                filters,
            },
            "carousel" => Response::Carousel {
                cards: given.required(f.cards, "cards")?,
                filters,
            },
            "goto" => Response::Goto {
                interaction: given.required(f.interaction, "interaction")?,
                story: f.story,
                filters,
            },
            "question" => Response::Question {
                elements: given.required(f.elements, "elements")?,
                entity: given.required(f.entity, "entity")?,
                attribute: given.required(f.attribute, "attribute")?,
                retry: f.retry.unwrap_or_default(),
                max_retries: f.max_retries.unwrap_or_else(default_max_retries),
                filters,
            },
            "setAttributes" => Response::SetAttributes {
                attributes: given.required(f.attributes, "attributes")?,
                filters,
            },
            "webhook" => Response::Webhook {
                webhook: given.required(f.webhook, "webhook")?,
                filters,
            },
            "backtracking" => Response::Backtracking {
                mode: f.mode.unwrap_or_default(),
                filters,
            },
            "end" => Response::End { filters },
            "reset" => Response::Reset { filters },
            _ => return Err(E::unknown_variant(ty, Self::TYPES)),
        })
    }
}

impl<'de> Deserialize<'de> for Button {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(TaggedVisitor(PhantomData))
    }
}

/// The fields of a [`Button`] read so far.
#[derive(Default)]
struct ButtonFields {
    title: Option<String>,
    value: Option<String>,
    interaction: Option<String>,
    story: Option<String>,
    url: Option<String>,
}

impl Tagged for Button {
    const WHAT: &'static str = "a button object";
    const TYPES: &'static [&'static str] = &["postback", "goto", "url"];
    const ALL_FIELDS: &'static [&'static str] = &["title", "value", "interaction", "story", "url"];
    type Fields = ButtonFields;

    fn fields_of(ty: &str) -> &'static [&'static str] {
        match ty {
            "postback" => &["title", "value"],
            "goto" => &["title", "interaction", "story"],
            "url" => &["title", "url"],
            _ => &[],
        }
    }

    fn read_field<'de, A: MapAccess<'de>>(
        f: &mut ButtonFields,
        field: &str,
        _ty: Option<&str>,
        map: &mut A,
    ) -> Result<(), A::Error> {
        match field {
            "title" => f.title = read(map, false)?,
            "value" => f.value = read(map, false)?,
            "interaction" => f.interaction = read(map, false)?,
            "story" => f.story = read(map, true)?,
            "url" => f.url = read(map, false)?,
            _ => return Err(de::Error::unknown_field(field, Self::ALL_FIELDS)),
        }
        Ok(())
    }

    fn build<E: de::Error>(ty: &str, f: ButtonFields, given: Given<'_>) -> Result<Self, E> {
        let title = given.required(f.title, "title")?;
        Ok(match ty {
            "postback" => Button::Postback {
                title,
                value: given.required(f.value, "value")?,
            },
            "goto" => Button::Goto {
                title,
                interaction: given.required(f.interaction, "interaction")?,
                story: f.story,
            },
            "url" => Button::Url {
                title,
                url: given.required(f.url, "url")?,
            },
            _ => return Err(E::unknown_variant(ty, Self::TYPES)),
        })
    }
}

impl<'de> Deserialize<'de> for Filter {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(TaggedVisitor(PhantomData))
    }
}

/// The fields of a [`Filter`] read so far.
#[derive(Default)]
struct FilterFields {
    name: Option<String>,
    operator: Option<Operator>,
    value: Option<FilterValue>,
}

impl Tagged for Filter {
    const WHAT: &'static str = "a filter object";
    const TYPES: &'static [&'static str] = &["attribute", "score", "lifespan", "query", "trigger"];
    const ALL_FIELDS: &'static [&'static str] = &["name", "operator", "value"];
    type Fields = FilterFields;

    fn fields_of(ty: &str) -> &'static [&'static str] {
        match ty {
            "attribute" => &["name", "operator", "value"],
            "score" | "lifespan" | "query" | "trigger" => &["operator", "value"],
            _ => &[],
        }
    }

    fn read_field<'de, A: MapAccess<'de>>(
        f: &mut FilterFields,
        field: &str,
        ty: Option<&str>,
        map: &mut A,
    ) -> Result<(), A::Error> {
        match field {
            "name" => f.name = read(map, false)?,
            "operator" => f.operator = read(map, false)?,
            // Only an attribute filter's value may be null (for `exists` / `notExists`).
            "value" => f.value = read(map, ty.is_none_or(|ty| ty == "attribute"))?,
            _ => return Err(de::Error::unknown_field(field, Self::ALL_FIELDS)),
        }
        Ok(())
    }

    fn build<E: de::Error>(ty: &str, f: FilterFields, given: Given<'_>) -> Result<Self, E> {
        if ty == "attribute" {
            return Ok(Filter::Attribute {
                name: given.required(f.name, "name")?,
                operator: given.required(f.operator, "operator")?,
                value: f.value,
            });
        }
        let operator = given.required(f.operator, "operator")?;
        let value = given.required(f.value, "value")?;
        Ok(match ty {
            "score" => Filter::Score { operator, value },
            "lifespan" => Filter::Lifespan { operator, value },
            "query" => Filter::Query { operator, value },
            "trigger" => Filter::Trigger { operator, value },
            _ => return Err(E::unknown_variant(ty, Self::TYPES)),
        })
    }
}

#[cfg(test)]
mod tests {
    use serde::de::DeserializeOwned;
    use serde_json::Value;

    use super::*;

    /// Reads `json` as a `T`; a fault as its JSON path and message (without its position).
    fn read<T: DeserializeOwned>(json: &str) -> Result<T, (String, String)> {
        let mut deserializer = serde_json::Deserializer::from_str(json);
        serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
            let message = e.inner().to_string();
            let message = message.split(" at line ").next().unwrap_or_default().to_string();
            (e.path().to_string(), message)
        })
    }

    fn fault<T: DeserializeOwned + fmt::Debug>(json: &str) -> (String, String) {
        match read::<T>(json) {
            Ok(value) => panic!("{json}: expected a fault, got {value:?}"),
            Err(fault) => fault,
        }
    }

    /// The object `value` written with its `type` last (nested objects have sorted keys).
    fn type_last(value: &Value) -> String {
        let Value::Object(map) = value else {
            panic!("not an object: {value}")
        };
        let mut fields: Vec<String> = map
            .iter()
            .filter(|(key, _)| *key != "type")
            .map(|(key, value)| format!("{}: {value}", Value::from(key.as_str())))
            .collect();
        fields.push(format!("\"type\": {}", map["type"]));
        format!("{{{}}}", fields.join(", "))
    }

    fn filters() -> Vec<Filter> {
        vec![
            Filter::Attribute {
                name: "size".into(),
                operator: Operator::Exists,
                value: None,
            },
            Filter::Attribute {
                name: "size".into(),
                operator: Operator::Equals,
                value: Some(FilterValue::Text("large".into())),
            },
            Filter::Score {
                operator: Operator::GreaterThan,
                value: FilterValue::Number(0.8),
            },
            Filter::Lifespan {
                operator: Operator::LessOrEqual,
                value: FilterValue::Number(1.0),
            },
            Filter::Query {
                operator: Operator::Matches,
                value: FilterValue::Text("^hi".into()),
            },
            Filter::Trigger {
                operator: Operator::NotEquals,
                value: FilterValue::Bool(false),
            },
        ]
    }

    fn buttons() -> Vec<Button> {
        vec![
            Button::Postback {
                title: "Yes".into(),
                value: "yes".into(),
            },
            Button::Goto {
                title: "Menu".into(),
                interaction: "menu".into(),
                story: Some("main".into()),
            },
            Button::Goto {
                title: "Back".into(),
                interaction: "start".into(),
                story: None,
            },
            Button::Url {
                title: "Site".into(),
                url: "https://example.com".into(),
            },
        ]
    }

    /// One response of every type, in the order of `Response::TYPES`, with every field set.
    fn every_response() -> Vec<Response> {
        vec![
            Response::Text {
                elements: vec!["Hi".into(), "Hello".into()],
                filters: filters(),
            },
            Response::Image {
                image_url: "https://example.com/a.png".into(),
                filters: filters(),
            },
            Response::QuickReplies {
                title: "Size?".into(),
                buttons: buttons(),
                filters: filters(),
            },
            Response::Card {
                title: "Pizza".into(),
                subtitle: Some("Large".into()),
                image_url: Some("https://example.com/p.png".into()),
                buttons: buttons(),
                filters: filters(),
            },
            Response::Carousel {
                cards: vec![
                    Card {
                        title: "A".into(),
                        subtitle: None,
                        image_url: None,
                        buttons: vec![],
                    },
                    Card {
                        title: "B".into(),
                        subtitle: Some("b".into()),
                        image_url: Some("https://example.com/b.png".into()),
                        buttons: buttons(),
                    },
                ],
                filters: filters(),
            },
            Response::Goto {
                interaction: "menu".into(),
                story: Some("main".into()),
                filters: filters(),
            },
            Response::Question {
                elements: vec!["Your email?".into()],
                entity: "sys.email".into(),
                attribute: "email".into(),
                retry: vec!["That is not an email.".into()],
                max_retries: 5,
                filters: filters(),
            },
            Response::SetAttributes {
                attributes: BTreeMap::from([("size".into(), "{{size}}".into())]),
                filters: filters(),
            },
            Response::Webhook {
                webhook: "order".into(),
                filters: filters(),
            },
            Response::Backtracking {
                mode: BacktrackingMode::SubsequentAndRoot,
                filters: filters(),
            },
            Response::End { filters: filters() },
            Response::Reset { filters: filters() },
        ]
    }

    #[test]
    fn every_type_reads_back_with_its_type_anywhere() {
        let responses = every_response();
        let types: Vec<&str> = responses.iter().map(Response::type_name).collect();
        assert_eq!(types, Response::TYPES);
        for response in responses {
            let type_first = serde_json::to_string(&response).unwrap();
            assert!(type_first.starts_with(r#"{"type":"#), "{type_first}");
            let value = serde_json::to_value(&response).unwrap();
            for json in [type_first, type_last(&value), value.to_string()] {
                assert_eq!(read::<Response>(&json), Ok(response.clone()), "{json}");
            }
            assert_eq!(serde_json::from_value::<Response>(value).unwrap(), response);
        }
    }

    #[test]
    fn writing_is_unchanged() {
        let question = Response::Question {
            elements: vec!["Email?".into()],
            entity: "sys.email".into(),
            attribute: "email".into(),
            retry: vec![],
            max_retries: 2,
            filters: vec![Filter::Attribute {
                name: "email".into(),
                operator: Operator::NotExists,
                value: None,
            }],
        };
        assert_eq!(
            serde_json::to_string(&question).unwrap(),
            r#"{"type":"question","elements":["Email?"],"entity":"sys.email","attribute":"email","maxRetries":2,"filters":[{"type":"attribute","name":"email","operator":"notExists"}]}"#
        );
    }

    #[test]
    fn absent_fields_take_their_defaults() {
        let question: Response = read(
            r#"{"type": "question", "elements": ["Email?"], "entity": "sys.email", "attribute": "email"}"#,
        )
        .unwrap();
        assert_eq!(
            question,
            Response::Question {
                elements: vec!["Email?".into()],
                entity: "sys.email".into(),
                attribute: "email".into(),
                retry: vec![],
                max_retries: 2,
                filters: vec![],
            }
        );
        let card: Response = read(r#"{"title": "T", "type": "card"}"#).unwrap();
        assert_eq!(
            card,
            Response::Card {
                title: "T".into(),
                subtitle: None,
                image_url: None,
                buttons: vec![],
                filters: vec![]
            }
        );
        let backtracking: Response = read(r#"{"type": "backtracking"}"#).unwrap();
        assert_eq!(
            backtracking,
            Response::Backtracking {
                mode: BacktrackingMode::SubsequentOnly,
                filters: vec![]
            }
        );
    }

    #[test]
    fn null_is_absent_only_for_optional_fields() {
        for json in [
            r#"{"type": "card", "title": "T", "subtitle": null, "imageUrl": null}"#,
            r#"{"title": "T", "subtitle": null, "imageUrl": null, "type": "card"}"#,
        ] {
            assert!(
                matches!(
                    read(json),
                    Ok(Response::Card {
                        subtitle: None,
                        image_url: None,
                        ..
                    })
                ),
                "{json}"
            );
        }
        let exists: Filter =
            read(r#"{"value": null, "name": "a", "operator": "exists", "type": "attribute"}"#).unwrap();
        assert_eq!(exists.value(), None);

        let (path, message) = fault::<Response>(r#"{"type": "image", "imageUrl": null}"#);
        assert_eq!(
            (path.as_str(), message.as_str()),
            ("imageUrl", "invalid type: null, expected a string")
        );
        // Read before the `type` said it is required: the fault is known only at the end.
        let (path, message) = fault::<Response>(r#"{"imageUrl": null, "type": "image"}"#);
        assert_eq!(
            (path.as_str(), message.as_str()),
            (".", "invalid type: null, expected a value for `imageUrl`")
        );
        let (path, _) = fault::<Filter>(r#"{"type": "score", "operator": "lessThan", "value": null}"#);
        assert_eq!(path, "value");
        let (path, _) = fault::<Response>(r#"{"type": "text", "elements": null}"#);
        assert_eq!(path, "elements");
    }

    #[test]
    fn faults_keep_the_path_of_their_field() {
        let cases = [
            (
                r#"{"type": "text", "elements": "hi"}"#,
                "elements",
                "invalid type: string \"hi\", expected a sequence",
            ),
            (
                r#"{"elements": "hi", "type": "text"}"#,
                "elements",
                "invalid type: string \"hi\", expected a sequence",
            ),
            (
                r#"{"type": "text", "elements": ["hi"], "element": 1}"#,
                "element",
                "unknown field `element`, expected `elements` or `filters`",
            ),
            (
                r#"{"type": "quickReplies", "title": "T", "buttons": [{"type": "postback", "title": "b", "valeu": "v"}]}"#,
                "buttons[0].valeu",
                "unknown field `valeu`, expected `title` or `value`",
            ),
            (
                r#"{"buttons": [{"title": "b", "valeu": "v", "type": "postback"}], "title": "T", "type": "quickReplies"}"#,
                "buttons[0].valeu",
                "unknown field `valeu`, expected one of `title`, `value`, `interaction`, `story`, `url`",
            ),
            (
                r#"{"type": "carousel", "cards": [{"title": "A", "buttons": [{"type": "url", "title": "b", "ulr": "u"}]}]}"#,
                "cards[0].buttons[0].ulr",
                "unknown field `ulr`, expected `title` or `url`",
            ),
            (
                r#"{"type": "end", "filters": [{"type": "score", "operator": "greater", "value": 1}]}"#,
                "filters[0].operator",
                "unknown variant `greater`, expected one of",
            ),
            (
                r#"{"filters": [{"value": 1, "operator": "greater", "type": "score"}], "type": "end"}"#,
                "filters[0].operator",
                "unknown variant `greater`, expected one of",
            ),
            (
                r#"{"type": "question", "maxRetries": -1}"#,
                "maxRetries",
                "invalid value: integer `-1`, expected u32",
            ),
        ];
        for (json, path, message) in cases {
            let (got_path, got_message) = fault::<Response>(json);
            assert_eq!(got_path, path, "{json}");
            assert!(got_message.starts_with(message), "{json}: {got_message}");
        }
    }

    #[test]
    fn fields_of_another_type_are_rejected() {
        let (path, message) = fault::<Response>(r#"{"type": "text", "title": "T"}"#);
        assert_eq!(
            (path.as_str(), message.as_str()),
            ("title", "unknown field `title`, expected `elements` or `filters`")
        );
        // Before the `type`, a field of any type is read; it is reported when the type is known.
        let (path, message) = fault::<Response>(r#"{"title": "T", "elements": ["hi"], "type": "text"}"#);
        assert_eq!(
            (path.as_str(), message.as_str()),
            (
                "type",
                "unknown field `title` for type `text`, expected `elements` or `filters`"
            )
        );
        let (path, message) = fault::<Filter>(r#"{"name": "a", "type": "score"}"#);
        assert_eq!(
            (path.as_str(), message.as_str()),
            (
                "type",
                "unknown field `name` for type `score`, expected `operator` or `value`"
            )
        );
    }

    #[test]
    fn duplicate_fields_are_rejected() {
        let (path, message) = fault::<Response>(r#"{"type": "text", "elements": [], "elements": []}"#);
        assert_eq!(
            (path.as_str(), message.as_str()),
            ("elements", "duplicate field `elements`")
        );
        let (path, message) = fault::<Response>(r#"{"elements": [], "elements": [], "type": "text"}"#);
        assert_eq!(
            (path.as_str(), message.as_str()),
            ("elements", "duplicate field `elements`")
        );
        let (path, message) = fault::<Button>(r#"{"type": "url", "type": "url"}"#);
        assert_eq!(
            (path.as_str(), message.as_str()),
            ("type", "duplicate field `type`")
        );
    }

    #[test]
    fn missing_type_and_fields_are_named() {
        let (path, message) = fault::<Response>(r#"{"elements": ["hi"]}"#);
        assert_eq!((path.as_str(), message.as_str()), (".", "missing field `type`"));
        let (_, message) = fault::<Response>("{}");
        assert_eq!(message, "missing field `type`");
        let (path, message) =
            fault::<Response>(r#"{"type": "question", "elements": ["q"], "attribute": "a"}"#);
        assert_eq!((path.as_str(), message.as_str()), (".", "missing field `entity`"));
        let (_, message) = fault::<Button>(r#"{"type": "postback"}"#);
        assert_eq!(message, "missing field `title`");
        let (_, message) = fault::<Filter>(r#"{"type": "attribute", "operator": "exists"}"#);
        assert_eq!(message, "missing field `name`");
    }

    #[test]
    fn unknown_type_lists_the_types() {
        let (path, message) = fault::<Response>(r#"{"elements": ["hi"], "type": "txt"}"#);
        assert_eq!(path, "type");
        assert!(
            message.starts_with("unknown variant `txt`, expected one of `text`, `image`, `quickReplies`,"),
            "{message}"
        );
        let (path, message) = fault::<Button>(r#"{"type": "link", "title": "b"}"#);
        assert_eq!(path, "type");
        assert_eq!(
            message,
            "unknown variant `link`, expected one of `postback`, `goto`, `url`"
        );
        let (path, message) = fault::<Filter>(r#"{"type": 3}"#);
        assert_eq!(path, "type");
        assert_eq!(
            message,
            "invalid type: integer `3`, expected the type of a filter object"
        );
        let (_, message) = fault::<Vec<Response>>(r#"["hi"]"#);
        assert_eq!(message, "invalid type: string \"hi\", expected a response object");
    }

    /// `ALL_FIELDS` is exactly the fields of the types, and each type has fields.
    fn check_fields<T: Tagged>() {
        let mut union: Vec<&str> = T::TYPES.iter().flat_map(|ty| T::fields_of(ty)).copied().collect();
        assert!(T::TYPES.iter().all(|ty| !T::fields_of(ty).is_empty()));
        union.sort_unstable();
        union.dedup();
        let mut all = T::ALL_FIELDS.to_vec();
        all.sort_unstable();
        assert_eq!(all, union, "{}", T::WHAT);
    }

    #[test]
    fn all_fields_are_the_fields_of_the_types() {
        check_fields::<Response>();
        check_fields::<Button>();
        check_fields::<Filter>();
    }
}
