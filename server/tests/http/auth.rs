//! The tokens: what each route answers without a token, with a wrong one, with the client
//! token and with the developer token; tokens created on first start.

use super::resources::Cafe;
use super::webhooks::nobody;
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

/// Makes a call without a token, with malformed and wrong ones (401 and the envelope), and
/// with the client token (403 but for `POST /query`).
fn check_refusals(server: &Server, call: &Call) {
    let no_scheme = DEVELOPER.to_string();
    let refused: [(Option<&str>, &str); 4] = [
        (None, "missing token"),
        (Some("Bearer not-a-token-of-this-bot"), "not valid"),
        (Some("Bearer "), "missing token"),
        (Some(&no_scheme), "missing token"),
    ];
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
}

/// Makes each call as [`check_refusals`] does, then with the developer token (200: an
/// earlier call that got through would make it fail, so none did).
fn check_matrix(server: &Server, calls: &[Call]) {
    for call in calls {
        check_refusals(server, call);
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

#[test]
fn the_routes_of_the_parts_of_a_bot_check_their_token() {
    let cafe = Cafe::start("auth-parts");
    let server = &cafe.server;
    // A phrase to train: nothing matches it.
    let lost = server.turn(&json!({"sessionId": "auth-parts-0123", "query": "can I bring my dog"}));
    assert_eq!(lost["interaction"]["id"], json!("fallback"), "{lost}");
    let listed = poll(Duration::from_secs(5), || {
        let training = server.get("/training").json();
        training[0]["id"].as_i64()
    });
    let (phrase, _) = listed.unwrap_or_else(|| panic!("no phrase to train\n{}", server.show()));

    // Creating or replacing a webhook: the token is checked before the handshake, which
    // then fails (nobody listens): nothing is stored.
    let hook = json!({"id": "spare", "name": "Spare", "url": nobody(), "token": "t"});
    let mut created = hook.clone();
    created["id"] = json!("kitchen");
    for call in [
        Call::new("POST", "/webhooks", Some(created)),
        Call::new("PUT", "/webhooks/spare", Some(hook)),
    ] {
        check_refusals(server, &call);
        let as_developer = server.call(call.method, call.path, Some(DEVELOPER), call.body.as_ref());
        expect_error(&as_developer, 400, "bad_request", &["handshake"]);
    }

    let bot = server.get("/export").json();
    let story = &bot["stories"][0];
    let interaction = json!({"id": "auth_new", "name": "New", "root": true, "keywords": ["zebra"]});
    let entity = json!({"id": "auth_entity", "name": "auth_entity", "entries": [{"value": "x"}]});
    let train = json!({"interactionId": "menu", "ids": [phrase]});
    check_matrix(
        server,
        &[
            Call::new("GET", "/stories/cafe/interactions", None),
            Call::new("POST", "/stories/cafe/interactions", Some(interaction)),
            Call::new("GET", "/stories/cafe/interactions/menu", None),
            Call::new(
                "PUT",
                "/stories/cafe/interactions/menu",
                Some(story["interactions"][1].clone()),
            ),
            Call::new("DELETE", "/stories/cafe/interactions/auth_new", None),
            Call::new("GET", "/stories/cafe/interactions/welcome", None),
            Call::new(
                "PUT",
                "/stories/cafe/interactions/welcome",
                Some(story["welcome"].clone()),
            ),
            Call::new("GET", "/stories/cafe/interactions/fallback", None),
            Call::new(
                "PUT",
                "/stories/cafe/interactions/fallback",
                Some(story["fallback"].clone()),
            ),
            Call::new("GET", "/entities", None),
            Call::new("POST", "/entities", Some(entity)),
            Call::new("GET", "/entities/size", None),
            Call::new("PUT", "/entities/size", Some(bot["entities"][0].clone())),
            Call::new("DELETE", "/entities/auth_entity", None),
            Call::new("GET", "/webhooks", None),
            Call::new("GET", "/webhooks/spare", None),
            Call::new("DELETE", "/webhooks/spare", None),
            Call::new("GET", "/metrics", None),
            Call::new("PUT", "/training/train", Some(train)),
        ],
    );
    // Each write was made once, by the developer token.
    let now = server.get("/export").json();
    let mut expected = bot.clone();
    let examples = expected["stories"][0]["interactions"][1]["userSays"].as_array_mut();
    examples
        .expect("the menu's phrases")
        .push(json!("can I bring my dog"));
    expected.as_object_mut().expect("a bot").remove("webhooks");
    assert_eq!(now, expected);
    assert_eq!(server.get("/training").json(), json!([]));
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
