//! Writes: live within moments, and kept in the database across restarts.

use super::*;

/// The welcome the test puts in place of the pizza bot's.
const NEW_WELCOME: &str = "Welcome to the new Slice Club!";

/// The first message of the welcome of a new conversation (a session id of its own).
fn welcome(server: &Server, story: Option<&str>) -> String {
    static SESSIONS: AtomicUsize = AtomicUsize::new(0);
    let n = SESSIONS.fetch_add(1, Ordering::Relaxed);
    let mut body = json!({"sessionId": format!("welcome-{n:010}"), "trigger": "welcome"});
    if let Some(story) = story {
        body["storyId"] = json!(story);
    }
    let result = server.turn(&body);
    texts(&result).first().copied().unwrap_or_default().to_string()
}

/// The ids of the stories `GET /stories` lists.
fn story_ids(server: &Server) -> Vec<String> {
    let response = server.get("/stories");
    assert_eq!(response.status, 200, "{}", response.show());
    let stories = response.json();
    stories
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {stories}"))
        .iter()
        .map(|s| s["id"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// Asserts that a server answers with the changed welcome and the new story.
fn assert_changed(server: &Server) {
    assert_eq!(welcome(server, None), NEW_WELCOME, "{}", server.show());
    assert_eq!(welcome(server, Some("faq")), "This is story faq.");
    assert_eq!(story_ids(server), ["pizza", "faq"]);
}

#[cfg(unix)]
#[test]
fn writes_are_live_and_kept_across_restarts() {
    let dir = TempDir::new("writes");
    let mut server = Server::start(&dir.db(), Some(&pizza_bot()), TOKENS);
    assert!(welcome(&server, None).contains("welcome to Slice Club"));

    let mut story = pizza_json()["stories"][0].clone();
    story["welcome"]["responses"] = json!([{"type": "text", "elements": [NEW_WELCOME]}]);
    let put = server.call("PUT", "/stories/pizza", Some(DEVELOPER), Some(&story));
    assert_eq!(put.status, 200, "{}", put.show());
    let live = poll(Duration::from_secs(5), || {
        (welcome(&server, None) == NEW_WELCOME).then_some(())
    });
    let ((), took) = live.unwrap_or_else(|| panic!("the new welcome is not live after 5 s"));
    println!("the new welcome was live after {took:?}");
    assert!(took <= Duration::from_secs(2), "{took:?}");

    let faq = small_story("faq");
    let created = server.call("POST", "/stories", Some(DEVELOPER), Some(&faq));
    assert_eq!(created.status, 200, "{}", created.show());
    assert_eq!(story_ids(&server), ["pizza", "faq"]);
    let again = server.call("POST", "/stories", Some(DEVELOPER), Some(&faq));
    expect_error(&again, 409, "conflict", &["\"faq\"", "exists"]);

    let export = server.get("/export");
    assert_eq!(export.status, 200, "{}", export.show());
    let bot = export.json();
    let stories = bot["stories"].as_array().expect("the stories");
    let ids: Vec<&str> = stories.iter().filter_map(|s| s["id"].as_str()).collect();
    assert_eq!(ids, ["pizza", "faq"], "{bot}");
    assert_eq!(
        stories[0]["welcome"]["responses"][0]["elements"],
        json!([NEW_WELCOME]),
        "{bot}"
    );
    // The new story compiles too (polled: it is compiled off the request path).
    let compiled = poll(Duration::from_secs(5), || {
        let health = server.call("GET", "/health", None, None).json();
        (health["stories"] == json!(2)).then_some(health)
    });
    assert!(compiled.is_some(), "{}", server.show());

    let status = server.stop();
    assert!(status.success(), "{status}\n{}", server.show());
    assert_eq!(server.stdout().last().map(String::as_str), Some("stopped"));

    let mut restarted = Server::start(&dir.db(), None, TOKENS);
    assert_changed(&restarted);
    let status = restarted.stop();
    assert!(status.success(), "{status}\n{}", restarted.show());

    let stored_tokens = Server::start_without_tokens(&dir.db(), None);
    let printed = stored_tokens.stdout();
    assert!(
        !printed.iter().any(|line| line.contains("token")),
        "the stored tokens are used, none is created: {printed:#?}"
    );
    assert_changed(&stored_tokens);
    let export = stored_tokens.get("/export");
    assert_eq!(export.json(), bot, "the same bot");
}

#[cfg(unix)]
#[test]
fn sigterm_right_after_listening_stops_the_server_cleanly() {
    let dir = TempDir::new("sigterm");
    let bot = dir.tiny_bot();
    for round in 0..50 {
        let mut server = Server::start(&dir.db(), Some(&bot), TOKENS);
        let status = server.stop();
        assert!(status.success(), "round {round}: {status}\n{}", server.show());
        assert_eq!(server.stdout().last().map(String::as_str), Some("stopped"));
    }
}

#[test]
fn a_burst_of_writes_is_answered_with_revisions_and_compiled_once_for_the_newest() {
    let pizza = Pizza::start("burst");
    let server = &pizza.server;
    let first = server.call("GET", "/health", None, None).json()["revision"]
        .as_i64()
        .expect("a revision");
    let writes = 12;
    let mut revisions = Vec::new();
    for n in 0..writes {
        let welcome = json!({"responses": [{"type": "text", "elements": [format!("Welcome, round {n}.")]}]});
        let put = server.call(
            "PUT",
            "/stories/pizza/interactions/welcome",
            Some(DEVELOPER),
            Some(&welcome),
        );
        assert_eq!(put.status, 200, "{}", put.show());
        revisions.push(put.json()["revision"].as_i64().expect("the write's revision"));
    }
    let expected: Vec<i64> = (first + 1..=first + writes).collect();
    assert_eq!(revisions, expected, "each write answers the revision it stored");
    let last = *revisions.last().expect("writes");
    let live = poll(Duration::from_secs(10), || {
        let health = server.call("GET", "/health", None, None).json();
        (health["revision"] == json!(last)).then_some(())
    });
    assert!(live.is_some(), "revision {last} is not live\n{}", server.show());
    assert_eq!(welcome(server, None), format!("Welcome, round {}.", writes - 1));
    assert_eq!(server.metric("intently_writes_total"), writes as u64);
    // A debug build compiles the pizza bot in about a second and stores a write in a few
    // milliseconds, so most of the burst is waiting when each compile ends.
    let compiles = server.metric("intently_compiles_total");
    assert!(
        (1..writes as u64).contains(&compiles),
        "{compiles} compiles for {writes} writes"
    );
}
