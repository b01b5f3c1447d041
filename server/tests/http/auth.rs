//! The tokens: what each route answers without a token, with a wrong one, with the client
//! token and with the developer token; tokens created on first start.

use super::*;

/// A call of the matrix: a route and a body that is valid for it.
struct Call {
    method: &'static str,
    path: &'static str,
    body: Option<Value>,
}

impl Call {
    fn new(method: &'static str, path: &'static str, body: Option<Value>) -> Call {
        Call { method, path, body }
    }

    fn show(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// Makes each call without a token, with malformed and wrong ones (401 and the envelope),
/// with the client token (403 but for `POST /query`) and with the developer token (200: an
/// earlier call that got through would make it fail, so none did).
fn check_matrix(server: &Server, calls: &[Call]) {
    let no_scheme = DEVELOPER.to_string();
    let refused: [(Option<&str>, &str); 4] = [
        (None, "missing token"),
        (Some("Bearer not-a-token-of-this-bot"), "not valid"),
        (Some("Bearer "), "missing token"),
        (Some(&no_scheme), "missing token"),
    ];
    for call in calls {
        let body = call.body.as_ref().map(Value::to_string).unwrap_or_default();
        let content_type = ("Content-Type", "application/json");
        for (authorization, says) in refused {
            let mut headers = vec![content_type];
            headers.extend(authorization.map(|a| ("Authorization", a)));
            let response = request(server.addr, call.method, call.path, &headers, body.as_bytes());
            let what = format!("{} with {authorization:?}", call.show());
            assert_eq!(response.status, 401, "{what}\n{}", response.show());
            expect_error(&response, 401, "unauthorized", &[says]);
        }
        let as_client = server.call(call.method, call.path, Some(CLIENT), call.body.as_ref());
        if call.path == "/query" {
            assert_eq!(as_client.status, 200, "{}\n{}", call.show(), as_client.show());
        } else {
            assert_eq!(as_client.status, 403, "{}\n{}", call.show(), as_client.show());
            expect_error(&as_client, 403, "forbidden", &["client token", "POST /query"]);
        }
        let as_developer = server.call(call.method, call.path, Some(DEVELOPER), call.body.as_ref());
        assert_eq!(
            as_developer.status,
            200,
            "{}\n{}\n{}",
            call.show(),
            as_developer.show(),
            server.show()
        );
    }
}

#[test]
fn every_route_checks_its_token() {
    let pizza = Pizza::start("auth");
    let server = &pizza.server;
    for token in [
        None,
        Some("not-a-token-of-this-bot"),
        Some(CLIENT),
        Some(DEVELOPER),
    ] {
        let health = server.call("GET", "/health", token, None);
        assert_eq!(health.status, 200, "/health is public\n{}", health.show());
    }
    let story = pizza_json()["stories"][0].clone();
    check_matrix(
        server,
        &[
            Call::new(
                "POST",
                "/query",
                Some(json!({"sessionId": "auth-0123456789", "trigger": "welcome"})),
            ),
            Call::new("GET", "/export", None),
            Call::new("GET", "/stories", None),
            Call::new("POST", "/stories", Some(small_story("faq"))),
            Call::new("GET", "/stories/pizza", None),
            Call::new("PUT", "/stories/pizza", Some(story)),
            Call::new("GET", "/training", None),
        ],
    );
}

#[test]
fn import_and_delete_check_their_token() {
    let pizza = Pizza::start("auth-destructive");
    check_matrix(
        &pizza.server,
        &[
            Call::new("POST", "/import", Some(pizza_json())),
            Call::new("DELETE", "/stories/pizza", None),
        ],
    );
    let stories = pizza.server.get("/stories").json();
    assert_eq!(stories, json!([]), "the story is deleted");
}

/// The token of a kind that a first start printed: 64 hexadecimal digits, printed once.
fn printed_token(printed: &[String], kind: &str) -> String {
    let prefix = format!("{kind} token: ");
    let tokens: Vec<&str> = printed
        .iter()
        .filter_map(|line| line.strip_prefix(&prefix))
        .collect();
    assert_eq!(tokens.len(), 1, "one {kind} token: {printed:#?}");
    let token = tokens[0];
    assert!(
        token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit()),
        "{token:?}"
    );
    token.to_string()
}

/// The files of a directory (the database, its WAL and shared memory) that hold `needle`.
fn files_holding(dir: &Path, needle: &[u8]) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| {
            let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            bytes.windows(needle.len()).any(|w| w == needle)
        })
        .collect()
}

/// Asserts that no file of the database holds a token, in hex or as its bytes.
fn assert_not_stored(dir: &TempDir, tokens: &[&str]) {
    let files: Vec<PathBuf> = std::fs::read_dir(&dir.0)
        .expect("the directory lists")
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    assert!(files.contains(&dir.db()), "{files:?}");
    for token in tokens {
        let bytes: Vec<u8> = (0..token.len())
            .step_by(2)
            .map(|at| u8::from_str_radix(&token[at..at + 2], 16).expect("hex"))
            .collect();
        for needle in [token.as_bytes(), &bytes] {
            let holding = files_holding(&dir.0, needle);
            assert!(holding.is_empty(), "{holding:?} hold a token in clear");
        }
    }
}

#[cfg(unix)]
#[test]
fn a_first_start_creates_the_tokens_shows_them_once_and_stores_only_their_hashes() {
    let dir = TempDir::new("first-start");
    let mut server = Server::start_without_tokens(&dir.db(), Some(&pizza_bot()));
    let printed = server.stdout();
    let developer = printed_token(&printed, "developer");
    let client = printed_token(&printed, "client");
    assert_ne!(developer, client);

    let works = |server: &Server| {
        let stories = server.call("GET", "/stories", Some(&developer), None);
        assert_eq!(stories.status, 200, "{}", stories.show());
        let welcome = json!({"sessionId": "first-0123456789", "trigger": "welcome"});
        let turn = server.call("POST", "/query", Some(&client), Some(&welcome));
        assert_eq!(turn.status, 200, "{}", turn.show());
        let export = server.call("GET", "/export", Some(&client), None);
        expect_error(&export, 403, "forbidden", &["client token"]);
        let old = server.call("GET", "/stories", Some(DEVELOPER), None);
        expect_error(&old, 401, "unauthorized", &["not valid"]);
    };
    works(&server);
    assert_not_stored(&dir, &[&developer, &client]);
    let status = server.stop();
    assert!(status.success(), "{status}\n{}", server.show());
    assert_not_stored(&dir, &[&developer, &client]);

    let again = Server::start_without_tokens(&dir.db(), Some(&pizza_bot()));
    let printed = again.stdout();
    assert!(
        !printed.iter().any(|line| line.contains("token")),
        "no token is shown again: {printed:#?}"
    );
    works(&again);
}
