//! A write accepts what a read returns: a client that GETs a resource, edits one field and
//! PUTs it back succeeds, with the fields reads carry (ChatBot's `createdAt` and
//! `updatedAt` on every resource, our webhook's `error`) accepted and ignored; a truly
//! unknown field stays an error with its hint.

use super::super::webhooks::{Hook, order, pizza_with_orders};
use super::*;

/// The dates a read of ChatBot's carries.
const CREATED: &str = "2024-03-01T09:30:00.000Z";
const UPDATED: &str = "2024-03-02T10:45:00.000Z";

/// Adds ChatBot's dates to an object, as a client that read it from ChatBot would send it.
fn with_dates(value: &mut Value) {
    value["createdAt"] = json!(CREATED);
    value["updatedAt"] = json!(UPDATED);
}

/// GETs `path`, sets `field` to `edited` (and ChatBot's dates, also on the interactions of a
/// story), PUTs it back, and asserts that the stored resource is what was read with only
/// that field changed, without the dates.
fn round_trip(server: &Server, path: &str, field: &str, edited: Value, says: &str) {
    let mut expected = read(server, path);
    assert_ne!(expected[field], edited, "{path}: the edit changes {field}");
    expected[field] = edited;
    let mut sent = expected.clone();
    with_dates(&mut sent);
    // `get_mut`, not an index: indexing a missing field would add it as null.
    let interactions = sent.get_mut("interactions").and_then(Value::as_array_mut);
    for interaction in interactions.into_iter().flatten() {
        with_dates(interaction);
    }
    for part in ["welcome", "fallback"] {
        if let Some(part) = sent.get_mut(part) {
            with_dates(part);
        }
    }
    write(server, ("PUT", path), Some(&sent), says);
    let stored = read(server, path);
    assert_eq!(stored, expected, "{path}: sent {sent}");
}

#[test]
fn every_resource_read_edited_and_written_back_is_stored_with_the_edit() {
    let cafe = Cafe::start("roundtrip");
    let server = &cafe.server;
    let text = |t: &str| json!([{"type": "text", "elements": [t]}]);

    round_trip(
        server,
        "/stories/cafe",
        "name",
        json!("The corner café"),
        "story \"cafe\" updated",
    );
    round_trip(
        server,
        "/stories/cafe/interactions/hours",
        "responses",
        text("We are open from 8 am to 6 pm."),
        "interaction \"hours\" updated",
    );
    let hours = say(server, &session(), "when are you open");
    assert_eq!(texts(&hours), ["We are open from 8 am to 6 pm."], "{hours}");
    round_trip(
        server,
        "/stories/cafe/interactions/welcome",
        "responses",
        text("Hello from the corner."),
        "interaction \"welcome\" updated",
    );
    let welcome = server.turn(&json!({"sessionId": session(), "trigger": "welcome"}));
    assert_eq!(texts(&welcome), ["Hello from the corner."], "{welcome}");
    round_trip(
        server,
        "/stories/cafe/interactions/fallback",
        "responses",
        text("Sorry, only coffee here."),
        "interaction \"fallback\" updated",
    );
    let mut sizes = read(server, "/entities/size")["entries"].clone();
    sizes
        .as_array_mut()
        .expect("the entries")
        .push(json!({"value": "medium", "synonyms": [{"value": "regular"}]}));
    round_trip(
        server,
        "/entities/size",
        "entries",
        sizes,
        "entity \"size\" updated",
    );

    // A create takes the dates too.
    let mut tea = json!({"id": "tea", "name": "tea", "entries": [{"value": "green", "synonyms": []}]});
    with_dates(&mut tea);
    write(
        server,
        ("POST", "/entities"),
        Some(&tea),
        "entity \"tea\" created",
    );
    assert!(read(server, "/entities/tea").get("createdAt").is_none());
}

#[test]
fn unknown_fields_are_still_refused_with_a_hint() {
    let cafe = Cafe::start("roundtrip-unknown");
    let server = &cafe.server;
    let mut story = read(server, "/stories/cafe");
    with_dates(&mut story);
    story["interactons"] = json!([]);
    refused(
        server,
        ("PUT", "/stories/cafe"),
        Some(&story),
        (400, "bad_request"),
        &["unknown field `interactons`", "did you mean `interactions`?"],
    );

    let mut hours = read(server, "/stories/cafe/interactions/hours");
    with_dates(&mut hours);
    hours["userSay"] = json!(["when do you open"]);
    refused(
        server,
        ("PUT", "/stories/cafe/interactions/hours"),
        Some(&hours),
        (400, "bad_request"),
        &["userSay", "did you mean `userSays`?"],
    );

    // `error` is what a webhook's read carries, not an entity's.
    let mut size = read(server, "/entities/size");
    size["error"] = json!({"date": CREATED, "message": "no"});
    refused(
        server,
        ("PUT", "/entities/size"),
        Some(&size),
        (400, "bad_request"),
        &["unknown field `error`"],
    );
}

#[test]
fn a_webhook_read_with_its_error_is_written_back_with_a_new_url() {
    let hook = Hook::start();
    let mut broken = hook.webhook("orders", "/orders");
    broken["url"] = json!(super::super::webhooks::nobody());
    let pizza = pizza_with_orders("roundtrip-webhook", broken, &[]);
    let server = &pizza.server;
    order(server, "roundtrip-0123456789");
    let failed = poll(Duration::from_secs(5), || {
        let webhook = read(server, "/webhooks/orders");
        webhook.get("error").is_some().then_some(webhook)
    });
    let (mut webhook, _) = failed.unwrap_or_else(|| panic!("no error kept\n{}", server.show()));

    webhook["url"] = json!(hook.url("/orders"));
    with_dates(&mut webhook);
    write(
        server,
        ("PUT", "/webhooks/orders"),
        Some(&webhook),
        "webhook \"orders\" updated",
    );
    let stored = read(server, "/webhooks/orders");
    assert_eq!(stored["url"], json!(hook.url("/orders")), "{stored}");
    for read_only in ["error", "createdAt", "updatedAt"] {
        assert!(stored.get(read_only).is_none(), "{read_only}: {stored}");
    }
    assert_eq!(hook.received("GET").len(), 1, "the new URL passed the handshake");
}
