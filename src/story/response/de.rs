//! Reading [`Response`], [`Button`] and [`Filter`] field by field, keeping the JSON path and
//! position of every fault (see [`Tagged`]).

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::story::DEFAULT_MAX_RETRIES;

use super::{BacktrackingMode, Button, Card, Filter, FilterValue, Operator, Response};

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
pub(super) trait Tagged: Sized {
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
pub(super) struct Given<'a>(&'a [&'static str]);

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
pub(super) struct ResponseFields {
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
    give_up_goto: Option<String>,
    digressions: Option<bool>,
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
        "giveUpGoto",
        "digressions",
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
                "giveUpGoto",
                "digressions",
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
            "giveUpGoto" => f.give_up_goto = read(map, true)?,
            "digressions" => f.digressions = read(map, false)?,
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
                max_retries: f.max_retries.unwrap_or(DEFAULT_MAX_RETRIES),
                give_up_goto: f.give_up_goto,
                digressions: f.digressions.unwrap_or(true),
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
pub(super) struct ButtonFields {
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
pub(super) struct FilterFields {
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
