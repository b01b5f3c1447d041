use std::collections::BTreeMap;
use std::fmt;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::de::Tagged;
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
            give_up_goto: None,
            digressions: true,
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
        give_up_goto: None,
        digressions: true,
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
    let question: Response =
        read(r#"{"type": "question", "elements": ["Email?"], "entity": "sys.email", "attribute": "email"}"#)
            .unwrap();
    assert_eq!(
        question,
        Response::Question {
            elements: vec!["Email?".into()],
            entity: "sys.email".into(),
            attribute: "email".into(),
            retry: vec![],
            max_retries: 2,
            give_up_goto: None,
            digressions: true,
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
    let (path, message) = fault::<Response>(r#"{"type": "question", "elements": ["q"], "attribute": "a"}"#);
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
