//! Stories over HTTP (create, list, read, replace, delete, each seen by `/query`), and the
//! deletion of webhooks, refused while an interaction still calls one.

use super::*;

/// The welcome's first text of a new conversation of `story`, or the refusal.
fn welcome_of(server: &Server, story: &str) -> Response {
    server.query(&json!({"sessionId": session(), "storyId": story, "trigger": "welcome"}))
}

#[test]
fn stories_are_created_read_replaced_and_deleted() {
    let cafe = Cafe::start("stories");
    let server = &cafe.server;
    assert_eq!(ids(&read(server, "/stories")), ["cafe"]);

    let bar = small_story("bar");
    write(server, ("POST", "/stories"), Some(&bar), "story \"bar\" created");
    assert_eq!(ids(&read(server, "/stories")), ["cafe", "bar"]);
    // Stored with the defaults filled in (settings, empty lists).
    let stored = read(server, "/stories/bar");
    assert_eq!(stored["name"], bar["name"], "{stored}");
    assert_eq!(
        stored["welcome"]["responses"], bar["welcome"]["responses"],
        "{stored}"
    );
    assert_stored(&stored["interactions"][0], &bar["interactions"][0]);
    let listed = read(server, "/stories");
    assert_eq!(
        listed[1]["interactions"],
        json!(1),
        "the list counts the interactions: {listed}"
    );
    let welcome = welcome_of(server, "bar");
    assert_eq!(welcome.status, 200, "{}", welcome.show());
    assert_eq!(texts(&welcome.json()["result"]), ["This is story bar."]);
    let result =
        server.turn(&json!({"sessionId": session(), "storyId": "bar", "query": "when are you open"}));
    assert_eq!(answered(&result), "bar_hours", "{result}");

    // Replaced whole; the body may leave its id out.
    let mut changed = bar.clone();
    changed["welcome"]["responses"][0]["elements"] = json!(["The bar is open."]);
    changed.as_object_mut().expect("an object").remove("id");
    write(
        server,
        ("PUT", "/stories/bar"),
        Some(&changed),
        "story \"bar\" updated",
    );
    let stored = read(server, "/stories/bar");
    assert_eq!(
        stored["welcome"]["responses"], changed["welcome"]["responses"],
        "{stored}"
    );
    assert_eq!(
        texts(&welcome_of(server, "bar").json()["result"]),
        ["The bar is open."]
    );

    // Wrong writes change nothing.
    let (not_found, bad, conflict) = ((404, "not_found"), (400, "bad_request"), (409, "conflict"));
    refused(
        server,
        ("POST", "/stories"),
        Some(&bar),
        conflict,
        &["\"bar\"", "exists already"],
    );
    refused(
        server,
        ("PUT", "/stories/nope"),
        Some(&small_story("nope")),
        not_found,
        &["\"nope\"", "cafe, bar"],
    );
    refused(
        server,
        ("DELETE", "/stories/nope"),
        None,
        not_found,
        &["\"nope\""],
    );
    refused(
        server,
        ("PUT", "/stories/bar"),
        Some(&small_story("pub")),
        bad,
        &["id", "\"pub\"", "\"bar\""],
    );
    let mut broken = small_story("broken");
    broken["interactions"][0]["contextOut"] = json!(["nowhere"]);
    let envelope = refused(server, ("POST", "/stories"), Some(&broken), bad, &["nowhere"]);
    assert_eq!(
        problem_paths(&envelope),
        ["stories[2].interactions[0].contextOut[0]"]
    );
    let unknown_field = json!({"id": "odd", "name": "Odd", "colour": "red"});
    refused(
        server,
        ("POST", "/stories"),
        Some(&unknown_field),
        bad,
        &["colour"],
    );

    write(server, ("DELETE", "/stories/bar"), None, "story \"bar\" deleted");
    assert_eq!(ids(&read(server, "/stories")), ["cafe"]);
    let gone = server.get("/stories/bar");
    expect_error(&gone, 404, "not_found", &["\"bar\"", "cafe"]);
    let refused_turn = welcome_of(server, "bar");
    expect_error(&refused_turn, 400, "bad_request", &["storyId", "\"bar\""]);
}

#[test]
fn a_webhook_is_deleted_only_once_nothing_calls_it() {
    let cafe = Cafe::start("webhook-delete");
    let server = &cafe.server;
    let calls = json!({"id": "call_spare", "name": "Calls the spare webhook", "root": true,
        "userSays": ["ring the bell", "call the staff"],
        "responses": [{"type": "webhook", "webhook": "spare"}]});
    let interactions = ("POST", "/stories/cafe/interactions");
    write(
        server,
        interactions,
        Some(&calls),
        "interaction \"call_spare\" created",
    );
    let count = cafe_interactions().len();
    let envelope = refused(
        server,
        ("DELETE", "/webhooks/spare"),
        None,
        (400, "bad_request"),
        &["spare"],
    );
    assert_eq!(
        problem_paths(&envelope),
        [format!("stories[0].interactions[{count}].responses[0].webhook")]
    );
    let delete = ("DELETE", "/stories/cafe/interactions/call_spare");
    write(server, delete, None, "interaction \"call_spare\" deleted");
    write(
        server,
        ("DELETE", "/webhooks/spare"),
        None,
        "webhook \"spare\" deleted",
    );
    assert_eq!(ids(&read(server, "/webhooks")), Vec::<String>::new());
    let gone = server.get("/webhooks/spare");
    expect_error(&gone, 404, "not_found", &["\"spare\"", "none"]);
    refused(
        server,
        ("DELETE", "/webhooks/spare"),
        None,
        (404, "not_found"),
        &["\"spare\""],
    );
}
