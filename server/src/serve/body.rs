//! Reading request bodies: JSON only, faults with their JSON path and position (and, for
//! a misspelt field, the name it was likely meant to be).

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::http::HeaderMap;
use axum::http::header::CONTENT_TYPE;
use intently::story::with_suggestion;
use serde::de::DeserializeOwned;

use super::envelope::ApiError;

/// The largest request body accepted (a whole bot for `POST /import`).
pub const MAX_BODY_BYTES: usize = intently::story::MAX_BOT_BYTES;

/// The text of a JSON body: the content type must be JSON and the bytes UTF-8 (415 and 400
/// otherwise); an empty body is a 400.
pub fn json_text<'a>(headers: &HeaderMap, body: &'a [u8]) -> Result<&'a str, ApiError> {
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if essence != "application/json" && !essence.ends_with("+json") {
        return Err(ApiError::unsupported_media_type(format!(
            "the body must be JSON (Content-Type: application/json), not {:?}",
            if content_type.is_empty() {
                "nothing"
            } else {
                content_type
            }
        )));
    }
    let text = std::str::from_utf8(body)
        .map_err(|e| ApiError::bad_request(format!("the body is not UTF-8 (byte {})", e.valid_up_to())))?;
    if text.trim().is_empty() {
        return Err(ApiError::bad_request("the body is empty"));
    }
    Ok(text)
}

/// Reads a JSON body (see [`json_text`]) of the expected shape; a fault names its JSON path
/// and position.
pub fn json_body<T: DeserializeOwned>(headers: &HeaderMap, body: &[u8]) -> Result<T, ApiError> {
    let text = json_text(headers, body)?;
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value: T = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let place = format!("line {}, column {}", inner.line(), inner.column());
        let message = inner.to_string();
        let message = with_suggestion(message.split(" at line ").next().unwrap_or(&message));
        match inner.classify() {
            serde_json::error::Category::Data => {
                ApiError::bad_request(format!("{path}: {message} ({place})"))
            }
            _ => ApiError::bad_request(format!("invalid JSON at {place}: {message}")),
        }
    })?;
    deserializer
        .end()
        .map_err(|e| ApiError::bad_request(format!("invalid JSON after the document: {e}")))?;
    Ok(value)
}

/// Reads a JSON value already parsed into the expected shape; a fault names its JSON path.
pub fn from_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        ApiError::bad_request(format!(
            "{path}: {}",
            with_suggestion(&e.into_inner().to_string())
        ))
    })
}

/// The bytes of a body, or the envelope's 413 when it is larger than [`MAX_BODY_BYTES`].
pub fn bytes(body: Result<Bytes, BytesRejection>) -> Result<Bytes, ApiError> {
    body.map_err(|rejection| {
        if rejection.status().as_u16() == 413 {
            ApiError::too_large(format!("the body is larger than {MAX_BODY_BYTES} bytes"))
        } else {
            ApiError::bad_request(format!("the body cannot be read: {rejection}"))
        }
    })
}
