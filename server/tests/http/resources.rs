//! The parts of a bot over HTTP, on a small bot that compiles within moments: interactions
//! (root and child) and the welcome and the fallback here, user entities, `PUT
//! /training/train` and `GET /metrics` in the modules below. Each write is checked by reading
//! it back and by a `/query` that the new model answers; each wrong write is refused with the
//! envelope and leaves the stored bot as it was.

use super::*;

mod entities;
mod metrics;
mod roundtrip;
mod stories;
mod training;

/// A phrase nothing in the café matches, until the `desserts` interaction is there.
const TIRAMISU: &str = "is the tiramisu homemade";
/// What the `desserts` interaction answers, first and once it is replaced.
const MADE_IN_HOUSE: &str = "Our tiramisu is made in house.";
const MADE_TODAY: &str = "Our tiramisu is made fresh every morning.";
/// What the `affogato` interaction (a child of `desserts`) answers.
const AFFOGATO: &str = "Affogato: vanilla ice cream drowned in espresso.";

/// A small bot, cheap to compile: a story `cafe` of five root interactions, `order_coffee`
/// filling a parameter from the entity `size`, a welcome whose quick reply goes to `menu`, a
/// fallback, and a webhook that nothing uses.
pub(super) fn cafe_json() -> Value {
    let text = |t: &str| json!([{"type": "text", "elements": [t]}]);
    json!({
        "stories": [{
            "id": "cafe",
            "name": "Corner café",
            "default": true,
            "welcome": {"responses": [
                {"type": "text", "elements": ["Welcome to the Corner café."]},
                {"type": "quickReplies", "title": "What would you like?",
                 "buttons": [{"type": "goto", "title": "The menu", "interaction": "menu"}]}
            ]},
            "fallback": {
                "userSays": ["what is the capital of australia", "tell me a joke", "book me a flight to paris",
                             "play some music", "what's the weather like tomorrow", "who won the game last night"],
                "responses": text("Sorry, I only know about the café.")
            },
            "interactions": [
                {"id": "hours", "name": "Opening hours", "root": true,
                 "userSays": ["when are you open", "what are your opening hours", "what time do you close",
                              "are you open on sunday", "how late are you open", "what time do you open"],
                 "responses": text("We are open from 7 am to 6 pm.")},
                {"id": "menu", "name": "The menu", "root": true,
                 "userSays": ["show me the menu", "what do you sell", "can I see the menu",
                              "what drinks do you have", "what is on the menu today", "do you serve food"],
                 "responses": text("Coffee, tea and cakes.")},
                {"id": "order_coffee", "name": "Order a coffee", "root": true,
                 "userSays": ["I would like a {{size:size}} coffee", "a {{size:size}} latte please",
                              "can I get a coffee", "one {{size:size}} cappuccino", "coffee please",
                              "make me an espresso"],
                 "parameters": [{"entity": "size", "alias": "size"}],
                 "responses": text("One coffee coming up.")},
                {"id": "wifi", "name": "Wifi", "root": true,
                 "userSays": ["do you have wifi", "what is the wifi password", "can I use the internet here",
                              "is there free wifi", "how do I connect to the wifi"],
                 "responses": text("The password is on the counter.")},
                {"id": "pay", "name": "Payment", "root": true,
                 "userSays": ["can I pay by card", "do you take cash", "do you accept credit cards",
                              "how can I pay", "is contactless ok"],
                 "responses": text("Cards and cash.")}
            ]
        }],
        "entities": [{"id": "size", "name": "size", "entries": [
            {"value": "small", "synonyms": [{"value": "short"}]},
            {"value": "large", "synonyms": [{"value": "tall"}]}
        ]}],
        "webhooks": [{"id": "spare", "name": "Spare", "url": "https://cafe.example.org/hook", "token": "t"}]
    })
}

/// A server of [`cafe_json`], with a database of its own, started with [`TOKENS`].
pub(super) struct Cafe {
    /// Declared first: it stops before its directory goes.
    pub(super) server: Server,
    _dir: TempDir,
}

impl Cafe {
    pub(super) fn start(label: &str) -> Cafe {
        let dir = TempDir::new(label);
        let file = dir.0.join("cafe.json");
        std::fs::write(&file, cafe_json().to_string()).expect("the bot is written");
        let server = Server::start(&dir.db(), Some(&file), TOKENS);
        Cafe { server, _dir: dir }
    }
}

/// A session id of its own for each conversation.
fn session() -> String {
    static SESSIONS: AtomicUsize = AtomicUsize::new(0);
    format!("resources-{:010}", SESSIONS.fetch_add(1, Ordering::Relaxed))
}

/// One turn of a conversation: the result, which must be a 200.
fn say(server: &Server, session: &str, query: &str) -> Value {
    server.turn(&json!({"sessionId": session, "query": query}))
}

/// The id of the interaction that answered a turn.
fn answered(result: &Value) -> &str {
    result["interaction"]["id"].as_str().unwrap_or_default()
}

/// A write with the developer token that must succeed: the envelope of success with this
/// message and a new revision. Returns once the model of that revision answers queries.
fn write(server: &Server, (method, path): (&str, &str), body: Option<&Value>, says: &str) {
    let before = server.revision();
    let response = server.call(method, path, Some(DEVELOPER), body);
    assert_eq!(response.status, 200, "{method} {path}\n{}", response.show());
    let envelope = response.json();
    let success = json!({"code": 200, "type": "success"});
    assert_eq!(envelope["status"], success, "{}", response.show());
    assert_eq!(envelope["message"], json!(says), "{}", response.show());
    let revision = envelope["revision"].as_i64().unwrap_or_default();
    assert!(revision > before, "no new revision\n{}", response.show());
    server.wait_revision(revision);
}

/// A write with the developer token that must be refused with this status and type, and a
/// message holding each of `says`; the stored bot (`GET /export`) and its revision must be
/// as they were. Returns the envelope.
fn refused(
    server: &Server,
    (method, path): (&str, &str),
    body: Option<&Value>,
    (code, kind): (u16, &str),
    says: &[&str],
) -> Value {
    let (before, revision) = (read(server, "/export"), server.revision());
    let response = server.call(method, path, Some(DEVELOPER), body);
    let sent = body.map(Value::to_string).unwrap_or_default();
    assert_eq!(
        response.status,
        code,
        "{method} {path} {sent}\n{}",
        response.show()
    );
    let envelope = expect_error(&response, code, kind, says);
    assert_eq!(
        read(server, "/export"),
        before,
        "{method} {path} {sent} changed the bot"
    );
    assert_eq!(
        server.revision(),
        revision,
        "{method} {path} {sent} stored a revision"
    );
    envelope
}

/// The paths of the problems of a refused write, in order.
fn problem_paths(envelope: &Value) -> Vec<&str> {
    let problems = envelope["problems"].as_array();
    let problems = problems.unwrap_or_else(|| panic!("no problems: {envelope}"));
    problems.iter().filter_map(|p| p["path"].as_str()).collect()
}

/// `GET path` with the developer token, which must be a 200 with JSON.
fn read(server: &Server, path: &str) -> Value {
    let response = server.get(path);
    assert_eq!(response.status, 200, "GET {path}\n{}", response.show());
    response.json()
}

/// The ids of a list of objects.
fn ids(list: &Value) -> Vec<String> {
    let items = list.as_array().unwrap_or_else(|| panic!("not a list: {list}"));
    items
        .iter()
        .map(|i| i["id"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// Asserts that every field of `sent` is stored as sent.
fn assert_stored(stored: &Value, sent: &Value) {
    let fields = sent
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {sent}"));
    for (name, value) in fields {
        assert_eq!(&stored[name], value, "{name}: sent {sent}\nstored {stored}");
    }
}

/// The café's interaction ids, in order.
fn cafe_interactions() -> Vec<String> {
    ids(&cafe_json()["stories"][0]["interactions"])
}

/// A root interaction that answers [`TIRAMISU`] (the keyword `tiramisu`).
fn desserts() -> Value {
    json!({
        "id": "desserts",
        "name": "Desserts",
        "action": "info.desserts",
        "root": true,
        "userSays": ["do you have desserts", "what desserts do you sell"],
        "keywords": ["tiramisu"],
        "responses": [{"type": "text", "elements": [MADE_IN_HOUSE]}]
    })
}

const INTERACTIONS: &str = "/stories/cafe/interactions";
const DESSERTS: &str = "/stories/cafe/interactions/desserts";
const AFFOGATO_PATH: &str = "/stories/cafe/interactions/affogato";

#[test]
fn interactions_are_created_read_replaced_and_deleted() {
    let cafe = Cafe::start("interactions");
    let server = &cafe.server;
    let list = read(server, INTERACTIONS);
    assert_eq!(ids(&list), cafe_interactions());
    let menu = read(server, "/stories/cafe/interactions/menu");
    assert_eq!(menu, list[1], "one interaction is the list's");
    assert_stored(&menu, &cafe_json()["stories"][0]["interactions"][1]);

    // A root interaction.
    assert_eq!(answered(&say(server, &session(), TIRAMISU)), "fallback");
    let created = "interaction \"desserts\" created";
    write(server, ("POST", INTERACTIONS), Some(&desserts()), created);
    let stored = read(server, DESSERTS);
    assert_stored(&stored, &desserts());
    assert_eq!(stored["contextOut"], json!([]), "{stored}");
    let mut expected = cafe_interactions();
    expected.push("desserts".into());
    assert_eq!(ids(&read(server, INTERACTIONS)), expected);
    let result = say(server, &session(), TIRAMISU);
    assert_eq!(answered(&result), "desserts", "{result}");
    assert_eq!(texts(&result), [MADE_IN_HOUSE], "{result}");

    // A child, which joins its parent's contextOut: it answers only after its parent.
    assert_ne!(answered(&say(server, &session(), "affogato")), "affogato");
    let child = json!({
        "id": "affogato",
        "name": "Affogato",
        "keywords": ["affogato"],
        "responses": [{"type": "text", "elements": [AFFOGATO]}]
    });
    let mut body = child.clone();
    body["parent"] = json!("desserts");
    write(
        server,
        ("POST", INTERACTIONS),
        Some(&body),
        "interaction \"affogato\" created",
    );
    let stored = read(server, AFFOGATO_PATH);
    assert_stored(&stored, &child);
    assert_eq!(stored["root"], json!(false), "{stored}");
    assert!(stored.get("parent").is_none(), "{stored}");
    assert_eq!(read(server, DESSERTS)["contextOut"], json!(["affogato"]));
    let talk = session();
    assert_eq!(answered(&say(server, &talk, TIRAMISU)), "desserts");
    let result = say(server, &talk, "affogato");
    assert_eq!(answered(&result), "affogato", "{result}");
    assert_eq!(texts(&result), [AFFOGATO], "{result}");
    let alone = say(server, &session(), "affogato");
    assert_ne!(
        answered(&alone),
        "affogato",
        "not a candidate without its parent: {alone}"
    );

    // Replaced, by a body without its id: the path names it.
    let mut changed = desserts();
    changed.as_object_mut().expect("an object").remove("id");
    changed["responses"] = json!([{"type": "text", "elements": [MADE_TODAY]}]);
    changed["contextOut"] = json!(["affogato"]);
    write(
        server,
        ("PUT", DESSERTS),
        Some(&changed),
        "interaction \"desserts\" updated",
    );
    let stored = read(server, DESSERTS);
    assert_stored(&stored, &changed);
    assert_eq!(stored["id"], json!("desserts"), "{stored}");
    assert_eq!(texts(&say(server, &session(), TIRAMISU)), [MADE_TODAY]);

    // Deleted: the child, and its mention in its parent's contextOut; then the root.
    write(
        server,
        ("DELETE", AFFOGATO_PATH),
        None,
        "interaction \"affogato\" deleted",
    );
    let gone = server.get(AFFOGATO_PATH);
    expect_error(
        &gone,
        404,
        "not_found",
        &["no interaction \"affogato\"", "desserts"],
    );
    assert_eq!(read(server, DESSERTS)["contextOut"], json!([]));
    let talk = session();
    assert_eq!(answered(&say(server, &talk, TIRAMISU)), "desserts");
    assert_ne!(answered(&say(server, &talk, "affogato")), "affogato");
    write(
        server,
        ("DELETE", DESSERTS),
        None,
        "interaction \"desserts\" deleted",
    );
    assert_eq!(ids(&read(server, INTERACTIONS)), cafe_interactions());
    assert_eq!(answered(&say(server, &session(), TIRAMISU)), "fallback");
}

#[test]
fn the_welcome_and_the_fallback_are_read_and_replaced() {
    let cafe = Cafe::start("defaults");
    let server = &cafe.server;
    let exported = read(server, "/export")["stories"][0].clone();
    for part in ["welcome", "fallback"] {
        let path = format!("{INTERACTIONS}/{part}");
        assert_eq!(read(server, &path), exported[part], "{part}");
    }

    let welcome = json!({
        "enabled": true,
        "responses": [{"type": "text", "elements": ["Welcome back to the café."]}]
    });
    let path = "/stories/cafe/interactions/welcome";
    write(
        server,
        ("PUT", path),
        Some(&welcome),
        "interaction \"welcome\" updated",
    );
    assert_eq!(read(server, path), welcome);
    let greeted = server.turn(&json!({"sessionId": session(), "trigger": "welcome"}));
    assert_eq!(texts(&greeted), ["Welcome back to the café."], "{greeted}");

    let fallback = json!({
        "userSays": ["what is the capital of australia"],
        "responses": [{"type": "text", "elements": ["Café questions only, please."]}]
    });
    let path = "/stories/cafe/interactions/fallback";
    write(
        server,
        ("PUT", path),
        Some(&fallback),
        "interaction \"fallback\" updated",
    );
    assert_eq!(read(server, path), fallback);
    let result = say(server, &session(), "what is the capital of australia");
    assert_eq!(answered(&result), "fallback", "{result}");
    assert_eq!(texts(&result), ["Café questions only, please."], "{result}");
    let story = read(server, "/export")["stories"][0].clone();
    assert_eq!(
        story["interactions"], exported["interactions"],
        "the others are as they were"
    );

    let with_id = json!({"id": "welcome", "responses": []});
    let bad = (400, "bad_request");
    refused(
        server,
        ("PUT", "/stories/cafe/interactions/welcome"),
        Some(&with_id),
        bad,
        &["`id`"],
    );
    for (part, body) in [("welcome", &welcome), ("fallback", &fallback)] {
        let path = format!("/stories/nope/interactions/{part}");
        let missing = server.get(&path);
        expect_error(&missing, 404, "not_found", &["no story \"nope\"", "cafe"]);
        refused(
            server,
            ("PUT", &path),
            Some(body),
            (404, "not_found"),
            &["no story \"nope\""],
        );
    }
}

#[test]
fn wrong_interaction_writes_are_refused_and_change_nothing() {
    let cafe = Cafe::start("interactions-refused");
    let server = &cafe.server;
    let (not_found, bad, conflict) = ((404, "not_found"), (400, "bad_request"), (409, "conflict"));
    for path in ["/stories/nope/interactions", "/stories/nope/interactions/menu"] {
        expect_error(
            &server.get(path),
            404,
            "not_found",
            &["no story \"nope\"", "cafe"],
        );
    }
    let missing = server.get("/stories/cafe/interactions/nope");
    let says = ["no interaction \"nope\"", "hours, menu, order_coffee, wifi, pay"];
    expect_error(&missing, 404, "not_found", &says);

    let create = ("POST", INTERACTIONS);
    let nope = ("POST", "/stories/nope/interactions");
    refused(server, nope, Some(&desserts()), not_found, &["no story \"nope\""]);
    let mut body = desserts();
    body["id"] = json!("menu");
    refused(
        server,
        create,
        Some(&body),
        conflict,
        &["an interaction \"menu\" exists already"],
    );
    body["id"] = json!("welcome");
    let envelope = refused(server, create, Some(&body), bad, &["reserved"]);
    assert_eq!(problem_paths(&envelope), ["stories[0].interactions[5].id"]);
    let mut orphan = desserts();
    orphan["parent"] = json!("nope");
    refused(
        server,
        create,
        Some(&orphan),
        not_found,
        &["no interaction \"nope\""],
    );
    orphan["parent"] = json!(7);
    refused(server, create, Some(&orphan), bad, &["parent"]);

    let menu = read(server, "/stories/cafe/interactions/menu");
    let mut other = menu.clone();
    other["id"] = json!("nope");
    let put_nope = ("PUT", "/stories/cafe/interactions/nope");
    refused(
        server,
        put_nope,
        Some(&other),
        not_found,
        &["no interaction \"nope\""],
    );
    let put_menu = ("PUT", "/stories/cafe/interactions/menu");
    for (id, says) in [
        (
            json!("hours"),
            "id: the body names interaction \"hours\", the path \"menu\"",
        ),
        (json!(42), "id: the body names interaction 42, the path \"menu\""),
        (
            Value::Null,
            "id: the body names interaction null, the path \"menu\"",
        ),
    ] {
        other["id"] = id;
        refused(server, put_menu, Some(&other), bad, &[says]);
    }
    let put_story = ("PUT", "/stories/nope/interactions/menu");
    refused(server, put_story, Some(&menu), not_found, &["no story \"nope\""]);

    let gone = ["no interaction \"nope\""];
    refused(
        server,
        ("DELETE", "/stories/cafe/interactions/nope"),
        None,
        not_found,
        &gone,
    );
    let story = ["no story \"nope\""];
    refused(
        server,
        ("DELETE", "/stories/nope/interactions/menu"),
        None,
        not_found,
        &story,
    );
    // The welcome's quick reply still goes to the menu: refused, with the path of the goto.
    let delete = ("DELETE", "/stories/cafe/interactions/menu");
    let says = ["invalid", "goto names unknown interaction \"menu\""];
    let envelope = refused(server, delete, None, bad, &says);
    let goto = "stories[0].welcome.responses[1].buttons[0].interaction";
    assert_eq!(problem_paths(&envelope), [goto]);
    assert_eq!(read(server, "/stories/cafe/interactions/menu"), menu);
}
