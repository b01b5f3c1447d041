//! Every class of error answers the envelope, with its status and a message that names what
//! is wrong.

use super::*;

/// A `POST /query` body of raw bytes with this content type, by the client.
fn raw_query(server: &Server, content_type: Option<&str>, body: &[u8]) -> Response {
    let bearer = format!("Bearer {CLIENT}");
    let mut headers = vec![("Authorization", bearer.as_str())];
    headers.extend(content_type.map(|c| ("Content-Type", c)));
    request(server.addr, "POST", "/query", &headers, body)
}

#[test]
fn every_fault_answers_the_envelope_and_names_what_is_wrong() {
    let pizza = Pizza::start("errors");
    faults_of_a_query(&pizza.server);
    unknown_paths(&pizza.server);
    a_body_over_the_limit(&pizza.server);
}

/// A `POST /query` that must fail: what is sent, and what the answer must say.
struct Fault {
    content_type: Option<&'static str>,
    body: Vec<u8>,
    code: u16,
    kind: &'static str,
    says: &'static [&'static str],
}

/// A body sent as JSON that is a 400 whose message holds each of `says`.
fn bad(body: impl Into<Vec<u8>>, says: &'static [&'static str]) -> Fault {
    Fault {
        content_type: Some("application/json"),
        body: body.into(),
        code: 400,
        kind: "bad_request",
        says,
    }
}

/// A valid body sent with another content type (or none): 415.
fn not_json(content_type: Option<&'static str>, says: &'static [&'static str]) -> Fault {
    let body = json!({"sessionId": "errors-0123456789", "query": "hi"}).to_string();
    Fault {
        content_type,
        body: body.into(),
        code: 415,
        kind: "unsupported_media_type",
        says,
    }
}

/// Each fault of a `POST /query` body: 400 naming the field (or the place of a JSON
/// syntax error), 415 for a body that is not JSON.
fn faults_of_a_query(server: &Server) {
    let id = "errors-0123456789";
    let faults = [
        bad(
            r#"{"sessionId": "errors-0123456789", "query": }"#,
            &["invalid JSON", "line 1, column 45"],
        ),
        bad(
            "{\"sessionId\": \"errors-0123456789\",\n \"query\": \"hi\"\n",
            &["line 3, column 0"],
        ),
        not_json(Some("text/plain"), &["application/json", "text/plain"]),
        not_json(None, &["application/json"]),
        bad(
            json!({"sessionId": id, "query": "hi", "colour": "red"}).to_string(),
            &["colour"],
        ),
        bad(
            json!({"sessionId": 12, "query": "hi"}).to_string(),
            &["sessionId"],
        ),
        bad(
            json!({"sessionId": "short", "query": "hi"}).to_string(),
            &["sessionId", "10 to 36"],
        ),
        bad(
            json!({"sessionId": id, "query": "x".repeat(257)}).to_string(),
            &["query", "256", "257"],
        ),
        bad(
            json!({"sessionId": id, "query": "hi", "trigger": "welcome"}).to_string(),
            &["query and trigger"],
        ),
        bad(
            json!({"sessionId": id, "storyId": "nope", "query": "hi"}).to_string(),
            &["storyId", "\"nope\"", "pizza"],
        ),
        bad(
            json!({"sessionId": id, "trigger": "nope"}).to_string(),
            &["trigger", "\"nope\"", "welcome"],
        ),
        bad(
            b"{\"sessionId\": \"errors-0123456789\", \"query\": \"caf\xe9\"}",
            &["UTF-8", "byte 48"],
        ),
        bad("", &["empty"]),
    ];
    for fault in faults {
        let response = raw_query(server, fault.content_type, &fault.body);
        let sent = String::from_utf8_lossy(&fault.body);
        assert_eq!(response.status, fault.code, "{sent}\n{}", response.show());
        expect_error(&response, fault.code, fault.kind, fault.says);
    }
}

/// Paths that are not routes, and a story that does not exist: 404.
fn unknown_paths(server: &Server) {
    for (method, path) in [("GET", "/nope"), ("POST", "/query/extra"), ("GET", "/")] {
        let response = server.call(method, path, Some(DEVELOPER), None);
        expect_error(&response, 404, "not_found", &["no such endpoint"]);
    }
    let missing = server.get("/stories/nope");
    expect_error(&missing, 404, "not_found", &["\"nope\"", "pizza"]);
}

/// A body one byte over the limit of 32 MiB: 413, answered (not a closed connection).
fn a_body_over_the_limit(server: &Server) {
    let body = vec![b' '; 32 * 1024 * 1024 + 1];
    let bearer = format!("Bearer {DEVELOPER}");
    let headers = [
        ("Authorization", bearer.as_str()),
        ("Content-Type", "application/json"),
    ];
    let response = send(server.addr, "POST", "/import", &headers, &body).unwrap_or_else(|e| {
        panic!(
            "the server closed the connection instead of answering 413: {e}\n{}",
            server.show()
        )
    });
    expect_error(&response, 413, "payload_too_large", &["33554432"]);
}

#[test]
fn a_wrong_method_and_a_timeout_answer_the_envelope() {
    let dir = TempDir::new("errors-framework");
    let server = Server::start_with(&dir.db(), Some(&pizza_bot()), TOKENS, &["--request-timeout", "1"]);
    for (method, path) in [
        ("GET", "/query"),
        ("DELETE", "/export"),
        ("PATCH", "/stories/pizza"),
    ] {
        let response = server.call(method, path, Some(DEVELOPER), None);
        expect_error(&response, 405, "method_not_allowed", &[method]);
    }
    // A body that never comes.
    let partial = format!(
        "POST /query HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nAuthorization: Bearer {CLIENT}\r\n\
         Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{{",
        server.addr
    );
    let response = exchange(server.addr, partial.as_bytes()).expect("an answer after the timeout");
    expect_error(&response, 408, "request_timeout", &["1"]);
}

#[test]
fn a_story_that_would_make_the_bot_invalid_is_refused_with_its_problems() {
    let pizza = Pizza::start("errors-story");
    let server = &pizza.server;
    let before = server.get("/stories/pizza");
    assert_eq!(before.status, 200, "{}", before.show());
    let mut story = before.json();
    story["interactions"][0]["contextOut"] = json!(["no_such_interaction"]);
    let response = server.call("PUT", "/stories/pizza", Some(DEVELOPER), Some(&story));
    let refused = expect_error(&response, 400, "bad_request", &["invalid", "no_such_interaction"]);
    let problems = refused["problems"]
        .as_array()
        .unwrap_or_else(|| panic!("no problems\n{}", response.show()));
    assert!(!problems.is_empty(), "{}", response.show());
    for problem in problems {
        let path = problem["path"].as_str().unwrap_or_default();
        assert!(path.starts_with("stories[0]"), "{}", response.show());
        assert!(problem["message"].is_string(), "{}", response.show());
    }

    let renamed = server.call(
        "PUT",
        "/stories/pizza",
        Some(DEVELOPER),
        Some(&small_story("other")),
    );
    expect_error(&renamed, 400, "bad_request", &["\"other\"", "\"pizza\""]);
    let malformed = request(
        server.addr,
        "PUT",
        "/stories/pizza",
        &[
            ("Authorization", &format!("Bearer {DEVELOPER}")),
            ("Content-Type", "application/json"),
        ],
        b"{\"id\": \"pizza\",",
    );
    expect_error(&malformed, 400, "bad_request", &["line 1, column 15"]);

    let after = server.get("/stories/pizza");
    assert_eq!(after.json(), before.json(), "the old story is still served");
    let health = server.call("GET", "/health", None, None).json();
    assert_eq!(health["revision"], json!(1), "nothing was stored: {health}");
}
