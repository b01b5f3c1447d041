//! Reading a bot document, with the line, column and JSON path of every fault.

use crate::error::LoadError;

use super::model::Bot;

/// The largest bot document accepted: 32 MiB (a bot at every ChatBot limit fits well).
pub const MAX_BOT_BYTES: usize = 32 * 1024 * 1024;

impl Bot {
    /// Reads a bot from the bytes of a JSON document (a bot file).
    ///
    /// Invalid UTF-8, malformed JSON, wrong types and unknown fields are errors with their
    /// line, column and JSON path; a misspelled field name gets a suggestion. This does not
    /// [`validate`](Bot::validate) the bot.
    ///
    /// A leading UTF-8 byte order mark (`EF BB BF`, as some Windows editors write) is skipped;
    /// columns do not count it, byte offsets do.
    pub fn from_json_bytes(bytes: &[u8]) -> Result<Bot, LoadError> {
        if bytes.len() > MAX_BOT_BYTES {
            return Err(LoadError::TooLarge {
                size: bytes.len(),
                limit: MAX_BOT_BYTES,
            });
        }
        let text = std::str::from_utf8(bytes).map_err(|e| {
            let offset = e.valid_up_to();
            // The prefix up to `valid_up_to` is valid UTF-8 by definition.
            let prefix = String::from_utf8_lossy(&bytes[..offset]);
            let (line, column) = line_column(without_bom(&prefix));
            LoadError::Utf8 { line, column, offset }
        })?;
        Bot::from_json(text)
    }

    /// Reads a bot from a JSON document; see [`Bot::from_json_bytes`]. A leading byte order
    /// mark (U+FEFF) is skipped.
    ///
    /// ```
    /// use intently::story::Bot;
    ///
    /// let bot = Bot::from_json(r#"{"stories": [{"id": "s", "name": "S", "interactions": []}]}"#)?;
    /// assert_eq!(bot.stories[0].settings.confidence, 0.5);
    ///
    /// let err = Bot::from_json(r#"{"stories": [{"id": "s", "name": "S", "interaction": []}]}"#)
    ///     .unwrap_err();
    /// assert!(err.to_string().starts_with("stories[0].interaction: unknown field `interaction`"));
    /// assert!(err.to_string().contains("did you mean `interactions`?"));
    /// # Ok::<(), intently::error::LoadError>(())
    /// ```
    #[allow(clippy::should_implement_trait)]
    pub fn from_json(text: &str) -> Result<Bot, LoadError> {
        if text.len() > MAX_BOT_BYTES {
            return Err(LoadError::TooLarge {
                size: text.len(),
                limit: MAX_BOT_BYTES,
            });
        }
        read_json(text)
    }

    /// Writes the bot as pretty-printed JSON, in the format [`Bot::from_json`] reads.
    pub fn to_json_pretty(&self) -> String {
        // Serializing plain data with string keys cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// Reads any JSON document into `T` with the line, column and JSON path of every fault (the
/// reader of bot files, sessions and webhook answers). A leading byte order mark is skipped;
/// an empty document is [`LoadError::Empty`].
pub(crate) fn read_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, LoadError> {
    let text = without_bom(text);
    if text.trim().is_empty() {
        return Err(LoadError::Empty);
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value: T = serde_path_to_error::deserialize(&mut deserializer).map_err(schema_error)?;
    deserializer.end().map_err(|e| syntax_error(&e))?;
    Ok(value)
}

fn schema_error(error: serde_path_to_error::Error<serde_json::Error>) -> LoadError {
    let path = error.path().to_string();
    let inner = error.into_inner();
    match inner.classify() {
        serde_json::error::Category::Data => LoadError::Schema {
            path,
            line: inner.line(),
            column: inner.column(),
            message: with_suggestion(&message_of(&inner)),
        },
        _ => syntax_error(&inner),
    }
}

fn syntax_error(error: &serde_json::Error) -> LoadError {
    LoadError::Syntax {
        line: error.line(),
        column: error.column(),
        message: message_of(error),
    }
}

/// serde_json's message without its " at line L column C" suffix (we report those apart).
fn message_of(error: &serde_json::Error) -> String {
    let full = error.to_string();
    match full.rfind(" at line ") {
        Some(at) => full[..at].to_string(),
        None => full,
    }
}

/// Adds "did you mean `x`?" to serde's "unknown field `y`, expected one of …" and
/// "unknown variant …" messages when one expected name is close to the given one; any
/// other message is returned as it is. Loading a bot does this already; a server that
/// reads one part of a bot with serde uses it to give the same hint.
///
/// ```
/// use intently::story::with_suggestion;
///
/// let message = "unknown field `usersays`, expected `userSays` or `responses`";
/// assert!(with_suggestion(message).ends_with("did you mean `userSays`?"));
/// assert_eq!(with_suggestion("missing field `id`"), "missing field `id`");
/// ```
pub fn with_suggestion(message: &str) -> String {
    let Some(given) = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("unknown variant `"))
        .and_then(|rest| rest.split('`').next())
    else {
        return message.to_string();
    };
    let Some((_, expected)) = message.split_once("expected") else {
        return message.to_string();
    };
    let best = expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(|name| {
            (
                strsim::jaro_winkler(&given.to_lowercase(), &name.to_lowercase()),
                name,
            )
        })
        .filter(|(similarity, _)| *similarity >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((_, name)) => format!("{message}; did you mean `{name}`?"),
        None => message.to_string(),
    }
}

/// The text without its leading byte order mark, if any.
fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// The 1-based line and column (in characters) just after `prefix`.
fn line_column(prefix: &str) -> (usize, usize) {
    let line = prefix.matches('\n').count() + 1;
    let last_line = prefix.rsplit('\n').next().unwrap_or("");
    (line, last_line.chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(json: &str) -> LoadError {
        match Bot::from_json(json) {
            Ok(bot) => panic!("expected an error, got {bot:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn minimal_bot_gets_chatbot_defaults() {
        let bot = Bot::from_json(r#"{"stories":[{"id":"s","name":"S"}]}"#).unwrap();
        let story = &bot.stories[0];
        assert_eq!(story.settings.confidence, 0.5);
        assert_eq!(story.settings.lifespan, 2);
        assert!(story.welcome.enabled);
        assert_eq!(story.settings.language, crate::Language::English);
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let e = err("{\n  \"stories\": [\n    {\"id\": \"s\",, }\n  ]\n}");
        match e {
            LoadError::Syntax { line, column, .. } => assert_eq!((line, column), (3, 16)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn wrong_type_has_path_line_and_column() {
        let json = "{\"stories\": [{\"id\": \"s\", \"name\": \"S\",\n \"interactions\": [{\"id\": \"a\", \"name\": \"A\", \"userSays\": \"hi\"}]}]}";
        match err(json) {
            LoadError::Schema {
                path, line, message, ..
            } => {
                assert_eq!(path, "stories[0].interactions[0].userSays");
                assert_eq!(line, 2);
                assert!(message.contains("expected a sequence"), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn unknown_field_is_rejected_with_a_suggestion() {
        let json = r#"{"stories": [{"id": "s", "name": "S", "interactions": [{"id": "a", "name": "A", "usersays": []}]}]}"#;
        let message = err(json).to_string();
        assert!(
            message.starts_with("stories[0].interactions[0].usersays: unknown field `usersays`"),
            "{message}"
        );
        assert!(message.contains("did you mean `userSays`?"), "{message}");
    }

    #[test]
    fn unknown_response_type_is_rejected() {
        let json = r#"{"stories": [{"id": "s", "name": "S", "welcome": {"responses": [{"type": "txt", "elements": ["hi"]}]}}]}"#;
        let message = err(json).to_string();
        assert!(
            message.starts_with("stories[0].welcome.responses[0].type: unknown variant `txt`"),
            "{message}"
        );
        assert!(message.contains("did you mean `text`?"), "{message}");
    }

    /// A bot whose welcome sends `responses` (a JSON list's items, on lines of their own).
    fn bot_with(responses: &str) -> String {
        format!(
            "{{\"stories\": [{{\"id\": \"s\", \"name\": \"S\", \"welcome\": {{\"responses\": [\n{responses}\n]}}}}]}}"
        )
    }

    /// The path, line, column and message of a schema error.
    fn schema(json: &str) -> (String, usize, usize, String) {
        match err(json) {
            LoadError::Schema {
                path,
                line,
                column,
                message,
            } => (path, line, column, message),
            other => panic!("expected a schema error, got {other:?}"),
        }
    }

    /// The line and column of the last character of the first `needle` in `text`: where
    /// serde_json reports a fault in a key or value it has just read.
    fn end_of(text: &str, needle: &str) -> (usize, usize) {
        let at = text.find(needle).expect("the needle is in the text");
        let (line, column) = line_column(&text[..at + needle.len()]);
        (line, column - 1)
    }

    #[test]
    fn unknown_field_in_a_text_response_is_reported_at_the_field() {
        let json = bot_with("{\"type\": \"text\",\n \"elements\": [\"hi\"],\n \"element\": [\"hello\"]}");
        let (path, line, column, message) = schema(&json);
        assert_eq!(path, "stories[0].welcome.responses[0].element");
        assert_eq!((line, column), (4, 10));
        assert_eq!((line, column), end_of(&json, "\"element\""));
        assert_eq!(
            message,
            "unknown field `element`, expected `elements` or `filters`; did you mean `elements`?"
        );
    }

    #[test]
    fn wrong_type_of_elements_is_reported_at_the_value() {
        let json = bot_with("{\"type\": \"text\",\n \"elements\": \"hi there\"}");
        let (path, line, column, message) = schema(&json);
        assert_eq!(path, "stories[0].welcome.responses[0].elements");
        assert_eq!((line, column), end_of(&json, "\"hi there\""));
        assert_eq!(message, "invalid type: string \"hi there\", expected a sequence");
    }

    #[test]
    fn misspelled_field_of_a_quick_reply_button_is_reported_at_the_field() {
        let json = bot_with(
            "{\"type\": \"text\", \"elements\": [\"hi\"]},\n{\"type\": \"quickReplies\", \"title\": \"Size?\", \"buttons\": [\n  {\"type\": \"goto\", \"title\": \"Large\", \"interactoin\": \"large\"}]}",
        );
        let (path, line, column, message) = schema(&json);
        assert_eq!(path, "stories[0].welcome.responses[1].buttons[0].interactoin");
        assert_eq!((line, column), end_of(&json, "\"interactoin\""));
        assert!(
            message
                .starts_with("unknown field `interactoin`, expected one of `title`, `interaction`, `story`")
        );
        assert!(message.ends_with("did you mean `interaction`?"), "{message}");
    }

    #[test]
    fn misspelled_field_of_a_carousel_card_button_is_reported_at_the_field() {
        let json = bot_with(
            "{\"type\": \"carousel\", \"cards\": [{\"title\": \"A\"}, {\"title\": \"B\", \"buttons\": [\n  {\"type\": \"url\", \"title\": \"Go\", \"uri\": \"https://example.com\"}]}]}",
        );
        let (path, line, column, message) = schema(&json);
        assert_eq!(path, "stories[0].welcome.responses[0].cards[1].buttons[0].uri");
        assert_eq!((line, column), end_of(&json, "\"uri\""));
        assert_eq!(
            message,
            "unknown field `uri`, expected `title` or `url`; did you mean `url`?"
        );
    }

    #[test]
    fn bad_filter_operator_is_reported_at_the_value() {
        let json = bot_with(
            "{\"type\": \"text\", \"elements\": [\"hi\"], \"filters\": [\n  {\"type\": \"score\", \"operator\": \"greater\", \"value\": 0.5}]}",
        );
        let (path, line, column, message) = schema(&json);
        assert_eq!(path, "stories[0].welcome.responses[0].filters[0].operator");
        assert_eq!((line, column), end_of(&json, "\"greater\""));
        assert!(
            message.starts_with("unknown variant `greater`, expected one of `equals`"),
            "{message}"
        );
        assert!(message.ends_with("did you mean `greaterThan`?"), "{message}");
    }

    #[test]
    fn type_may_come_last() {
        let first = bot_with(
            "{\"type\": \"quickReplies\", \"title\": \"Size?\", \"buttons\": [{\"type\": \"postback\", \"title\": \"L\", \"value\": \"l\"}],\n \"filters\": [{\"type\": \"attribute\", \"name\": \"size\", \"operator\": \"notExists\"}]}",
        );
        let last = bot_with(
            "{\"title\": \"Size?\", \"buttons\": [{\"title\": \"L\", \"value\": \"l\", \"type\": \"postback\"}],\n \"filters\": [{\"name\": \"size\", \"operator\": \"notExists\", \"type\": \"attribute\"}], \"type\": \"quickReplies\"}",
        );
        assert_eq!(Bot::from_json(&last).unwrap(), Bot::from_json(&first).unwrap());

        // Faults before the `type` keep their path and position.
        let json = bot_with("{\"element\": [\"hi\"],\n \"type\": \"text\"}");
        let (path, line, column, message) = schema(&json);
        assert_eq!(path, "stories[0].welcome.responses[0].element");
        assert_eq!((line, column), end_of(&json, "\"element\""));
        assert!(message.starts_with("unknown field `element`, expected one of `elements`, `filters`,"));
        assert!(message.ends_with("did you mean `elements`?"), "{message}");

        let json = bot_with("{\"elements\": \"hi\",\n \"type\": \"text\"}");
        let (path, line, column, _) = schema(&json);
        assert_eq!(path, "stories[0].welcome.responses[0].elements");
        assert_eq!((line, column), end_of(&json, "\"hi\""));

        let json = bot_with(
            "{\"buttons\": [{\"title\": \"L\", \"valeu\": \"l\", \"type\": \"postback\"}], \"type\": \"card\"}",
        );
        let (path, _, column, message) = schema(&json);
        assert_eq!(path, "stories[0].welcome.responses[0].buttons[0].valeu");
        assert_eq!(column, end_of(&json, "\"valeu\"").1);
        assert!(message.ends_with("did you mean `value`?"), "{message}");
    }

    #[test]
    fn unknown_type_is_reported_at_the_type() {
        let json = bot_with("{\"elements\": [\"hi\"],\n \"type\": \"txt\"}");
        let (path, line, column, message) = schema(&json);
        assert_eq!(path, "stories[0].welcome.responses[0].type");
        assert_eq!((line, column), end_of(&json, "\"txt\""));
        assert!(
            message.starts_with("unknown variant `txt`, expected one of `text`, `image`"),
            "{message}"
        );
        assert!(message.ends_with("did you mean `text`?"), "{message}");
    }

    #[test]
    fn missing_type_is_named() {
        let json = bot_with("{\"elements\": [\"hi\"]}");
        let (path, line, _, message) = schema(&json);
        assert_eq!(path, "stories[0].welcome.responses[0]");
        assert_eq!(line, 2);
        assert_eq!(message, "missing field `type`");
    }

    #[test]
    fn missing_field_is_named() {
        let message = err(r#"{"stories": [{"name": "S"}]}"#).to_string();
        assert!(message.starts_with("stories[0]: missing field `id`"), "{message}");
    }

    #[test]
    fn unknown_language_is_named() {
        let message =
            err(r#"{"stories": [{"id": "s", "name": "S", "settings": {"language": "xx"}}]}"#).to_string();
        assert!(
            message.starts_with("stories[0].settings.language: unknown language \"xx\""),
            "{message}"
        );
    }

    #[test]
    fn invalid_utf8_has_its_position() {
        let mut bytes = b"{\"stories\": [\n{\"id\": \"".to_vec();
        bytes.extend_from_slice(&[0xff, 0xfe]);
        bytes.extend_from_slice(b"\"}]}");
        assert_eq!(
            Bot::from_json_bytes(&bytes).unwrap_err(),
            LoadError::Utf8 {
                line: 2,
                column: 9,
                offset: 22
            }
        );
    }

    #[test]
    fn a_leading_byte_order_mark_is_skipped() {
        let json = r#"{"stories": [{"id": "s", "name": "S"}]}"#;
        let bot = Bot::from_json(json).unwrap();
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(json.as_bytes());
        assert_eq!(Bot::from_json_bytes(&bytes), Ok(bot.clone()));
        assert_eq!(Bot::from_json(&format!("\u{feff}{json}")), Ok(bot));
        assert_eq!(Bot::from_json_bytes(b"\xEF\xBB\xBF \n"), Err(LoadError::Empty));
        // Columns do not count it; byte offsets do.
        assert_eq!(err("\u{feff}{\"stories\": x}"), err("{\"stories\": x}"));
        let mut bytes = b"\xEF\xBB\xBF{\"stories\": \"".to_vec();
        bytes.push(0xff);
        assert_eq!(
            Bot::from_json_bytes(&bytes),
            Err(LoadError::Utf8 {
                line: 1,
                column: 14,
                offset: 16
            })
        );
        // Only a leading one.
        assert!(matches!(err(" \u{feff}{}"), LoadError::Syntax { .. }));
    }

    #[test]
    fn empty_and_oversized_documents_are_rejected() {
        assert_eq!(err("  \n "), LoadError::Empty);
        let big = vec![b' '; MAX_BOT_BYTES + 1];
        assert!(matches!(
            Bot::from_json_bytes(&big),
            Err(LoadError::TooLarge { .. })
        ));
    }

    #[test]
    fn trailing_garbage_is_a_syntax_error() {
        assert!(matches!(
            err(r#"{"stories": []} x"#),
            LoadError::Syntax { line: 1, .. }
        ));
    }

    #[test]
    fn round_trips_through_json() {
        let json = r#"{"stories": [{"id": "s", "name": "S", "interactions": [{"id": "a", "name": "A", "root": true,
            "userSays": ["hi"], "responses": [{"type": "text", "elements": ["hello"], "filters": [{"type": "score", "operator": "greaterThan", "value": 0.8}]},
            {"type": "card", "title": "T", "buttons": [{"type": "postback", "title": "b", "value": "v"}]}]}]}]}"#;
        let bot = Bot::from_json(json).unwrap();
        assert_eq!(Bot::from_json(&bot.to_json_pretty()).unwrap(), bot);
    }
}
