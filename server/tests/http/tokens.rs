//! Token rotation: `POST /tokens/client` on a running server, `intently tokens rotate` on a
//! stopped one; the old token stops at once, the new one works and survives a restart.

use super::*;

/// A body for `POST /query` that the tiny bot answers.
fn welcome() -> Value {
    json!({"sessionId": "tokens-0123456789", "trigger": "welcome"})
}

/// The status of `POST /query` with this token.
fn query_with(server: &Server, token: &str) -> u16 {
    server
        .call("POST", "/query", Some(token), Some(&welcome()))
        .status
}

/// The status of `GET /stories` with this token.
fn stories_with(server: &Server, token: &str) -> u16 {
    server.call("GET", "/stories", Some(token), None).status
}

/// `POST /tokens/client` with the developer token: the new token, from the envelope.
fn rotate_client(server: &Server, developer: &str) -> String {
    let response = server.call("POST", "/tokens/client", Some(developer), None);
    assert_eq!(response.status, 200, "{}", response.show());
    assert_eq!(field(&response.headers, "cache-control"), Some("no-store"));
    let body = response.json();
    assert_eq!(body["status"], json!({"code": 200, "type": "success"}), "{body}");
    assert!(body["timestamp"].is_string(), "{body}");
    let token = body["token"].as_str().unwrap_or_default().to_string();
    assert!(
        token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit()),
        "{body}"
    );
    token
}

#[cfg(unix)]
#[test]
fn the_client_token_is_regenerated_over_the_api_and_the_old_one_stops_at_once() {
    let dir = TempDir::new("rotate-api");
    let bot = dir.tiny_bot();
    let mut server = Server::start(&dir.db(), Some(&bot), TOKENS);
    assert_eq!(query_with(&server, CLIENT), 200);

    let refused = server.call("POST", "/tokens/client", Some(CLIENT), None);
    expect_error(&refused, 403, "forbidden", &["developer token"]);
    let refused = server.call("POST", "/tokens/client", None, None);
    expect_error(&refused, 401, "unauthorized", &["missing token"]);
    assert_eq!(
        query_with(&server, CLIENT),
        200,
        "a refused rotation changes nothing"
    );

    let new = rotate_client(&server, DEVELOPER);
    assert_ne!(new, CLIENT);
    let old = server.call("POST", "/query", Some(CLIENT), Some(&welcome()));
    expect_error(&old, 401, "unauthorized", &["not valid"]);
    assert_eq!(query_with(&server, &new), 200);
    assert_eq!(stories_with(&server, &new), 403, "still a client token");
    assert_eq!(
        stories_with(&server, DEVELOPER),
        200,
        "the developer token is kept"
    );
    let printed = server.stdout();
    assert!(
        !printed.iter().any(|line| line.contains(&new)),
        "the new token is not printed: {printed:#?}"
    );

    // Restarted without tokens in the environment: the stored hashes are used.
    let status = server.stop();
    assert!(status.success(), "{status}\n{}", server.show());
    let restarted = Server::start_without_tokens(&dir.db(), None);
    assert_eq!(query_with(&restarted, CLIENT), 401, "{}", restarted.show());
    assert_eq!(query_with(&restarted, &new), 200, "{}", restarted.show());
    assert_eq!(stories_with(&restarted, DEVELOPER), 200);

    let newer = rotate_client(&restarted, DEVELOPER);
    assert_ne!(newer, new);
    assert_eq!(query_with(&restarted, &new), 401);
    assert_eq!(query_with(&restarted, &newer), 200);
}

/// Runs `intently tokens --db DB ARGS…`; returns its exit code, stdout and stderr.
fn tokens(db: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_intently"))
        .arg("tokens")
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("intently runs");
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (output.status.code(), text(&output.stdout), text(&output.stderr))
}

/// The token printed on the line `<kind> token: <token>`.
fn printed(stdout: &str, kind: &str) -> String {
    let prefix = format!("{kind} token: ");
    let line = stdout.lines().find_map(|l| l.strip_prefix(prefix.as_str()));
    let token = line.unwrap_or_else(|| panic!("no {kind} token in {stdout:?}"));
    assert_eq!(token.len(), 64, "{stdout:?}");
    token.to_string()
}

#[cfg(unix)]
#[test]
fn tokens_rotate_regenerates_either_token_while_the_server_is_stopped() {
    let dir = TempDir::new("rotate-cli");
    let bot = dir.tiny_bot();
    let mut first = Server::start(&dir.db(), Some(&bot), TOKENS);
    let status = first.stop();
    assert!(status.success(), "{status}\n{}", first.show());

    let (code, stdout, stderr) = tokens(&dir.db(), &["rotate", "--client"]);
    assert_eq!(code, Some(0), "{stdout}\n{stderr}");
    let client = printed(&stdout, "client");
    assert!(!stdout.contains("developer token"), "{stdout}");
    let (code, stdout, stderr) = tokens(&dir.db(), &["rotate", "--developer"]);
    assert_eq!(code, Some(0), "{stdout}\n{stderr}");
    let developer = printed(&stdout, "developer");

    let server = Server::start_without_tokens(&dir.db(), None);
    assert!(
        !server.stdout().iter().any(|l| l.contains("token")),
        "the stored tokens are used, none is created: {}",
        server.show()
    );
    assert_eq!(query_with(&server, CLIENT), 401);
    assert_eq!(query_with(&server, &client), 200, "{}", server.show());
    assert_eq!(stories_with(&server, DEVELOPER), 401);
    assert_eq!(stories_with(&server, &developer), 200);
    assert_eq!(
        query_with(&server, &developer),
        200,
        "the developer token may query"
    );

    // No database there: an error, and none is created.
    let missing = dir.0.join("missing.db");
    let (code, _, stderr) = tokens(&missing, &["rotate", "--client"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("no database at"), "{stderr}");
    assert!(!missing.exists(), "no database is created");
    // Neither token named: clap's usage error.
    let (code, _, stderr) = tokens(&dir.db(), &["rotate"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("--developer") && stderr.contains("--client"),
        "{stderr}"
    );
}
