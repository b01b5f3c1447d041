//! The `{timestamp, status: {code, type}}` envelope of status-only answers and errors, with
//! a human-readable message.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// An error answered with the envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub code: u16,
    /// The status type (`bad_request`, `unauthorized`…).
    pub kind: &'static str,
    /// What went wrong, for a person.
    pub message: String,
    /// Details (the problems of a bot, with their paths), if any.
    pub details: Option<Value>,
}

impl ApiError {
    fn new(code: u16, kind: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            kind,
            message: message.into(),
            details: None,
        }
    }
    /// 400.
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(400, "bad_request", message)
    }
    /// 401.
    pub fn unauthorized(message: impl Into<String>) -> ApiError {
        ApiError::new(401, "unauthorized", message)
    }
    /// 403.
    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::new(403, "forbidden", message)
    }
    /// 404.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(404, "not_found", message)
    }
    /// 405.
    pub fn method_not_allowed(message: impl Into<String>) -> ApiError {
        ApiError::new(405, "method_not_allowed", message)
    }
    /// 408.
    pub fn request_timeout(message: impl Into<String>) -> ApiError {
        ApiError::new(408, "request_timeout", message)
    }
    /// 409.
    pub fn conflict(message: impl Into<String>) -> ApiError {
        ApiError::new(409, "conflict", message)
    }
    /// 413.
    pub fn too_large(message: impl Into<String>) -> ApiError {
        ApiError::new(413, "payload_too_large", message)
    }
    /// 415.
    pub fn unsupported_media_type(message: impl Into<String>) -> ApiError {
        ApiError::new(415, "unsupported_media_type", message)
    }
    /// 500: the message is logged, not sent.
    pub fn internal(error: &anyhow::Error) -> ApiError {
        tracing::error!("internal error: {error:#}");
        ApiError::new(500, "internal_error", "the server failed; see its log")
    }
    /// With details.
    pub fn with_details(mut self, details: Value) -> ApiError {
        self.details = Some(details);
        self
    }
}

/// The envelope of a status.
pub fn envelope(code: u16, kind: &str) -> Value {
    json!({"timestamp": now(), "status": {"code": code, "type": kind}})
}

/// The answer to a write: the envelope with a message and the revision stored (live once
/// `GET /health` shows it).
pub fn done(message: String, revision: i64) -> axum::Json<Value> {
    let mut body = envelope(200, "success");
    body["message"] = json!(message);
    body["revision"] = json!(revision);
    axum::Json(body)
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = envelope(self.code, self.kind);
        body["message"] = json!(self.message);
        if let Some(details) = self.details {
            body["problems"] = details;
        }
        let status = StatusCode::from_u16(self.code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, axum::Json(body)).into_response()
    }
}

/// The current time as ISO 8601 in UTC, to the millisecond: `2026-11-25T08:00:00.000Z`.
pub fn now() -> String {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let seconds = i64::try_from(since.as_secs()).unwrap_or(0);
    match intently::entity::Reference::from_unix(seconds, 0) {
        Some(r) => format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
            r.year,
            r.month,
            r.day,
            r.hour,
            r.minute,
            r.second,
            since.subsec_millis()
        ),
        None => "1970-01-01T00:00:00.000Z".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_iso_8601_in_utc() {
        let t = now();
        assert_eq!(t.len(), 24, "{t}");
        assert!(t.ends_with('Z') && t.as_bytes()[10] == b'T', "{t}");
        assert!(t.starts_with("20"), "{t}");
    }
}
