//! User entities: `/entities` and `/entities/:id`.

use super::*;

/// A user entity, with a synonym.
fn dessert() -> Value {
    json!({
        "id": "dessert",
        "name": "dessert",
        "entries": [
            {"value": "panna cotta", "synonyms": [{"value": "pannacotta"}]},
            {"value": "gelato", "synonyms": []}
        ]
    })
}

/// An interaction that fills a parameter from [`dessert`].
fn order_dessert() -> Value {
    json!({
        "id": "order_dessert",
        "name": "Order a dessert",
        "root": true,
        "userSays": [
            "I would like a {{dessert:dessert}}",
            "can I have the {{dessert:dessert}}",
            "add a {{dessert:dessert}} to my order",
            "one {{dessert:dessert}} please",
            "I'll take the {{dessert:dessert}}"
        ],
        "parameters": [{"entity": "dessert", "alias": "dessert"}],
        "responses": [{"type": "text", "elements": ["One {{dessert}}, noted."]}]
    })
}

#[test]
fn entities_are_created_read_replaced_and_deleted() {
    let cafe = Cafe::start("entities");
    let server = &cafe.server;
    let sample = cafe_json()["entities"].clone();
    let list = read(server, "/entities");
    assert_eq!(list, sample);
    assert_eq!(read(server, "/entities/size"), sample[0]);

    write(
        server,
        ("POST", "/entities"),
        Some(&dessert()),
        "entity \"dessert\" created",
    );
    assert_eq!(read(server, "/entities/dessert"), dessert());
    assert_eq!(ids(&read(server, "/entities")), ["size", "dessert"]);
    let created = "interaction \"order_dessert\" created";
    write(server, ("POST", INTERACTIONS), Some(&order_dessert()), created);
    let result = say(server, &session(), "I would like a pannacotta");
    assert_eq!(answered(&result), "order_dessert", "{result}");
    assert_eq!(result["parameters"]["dessert"], json!("panna cotta"), "{result}");
    assert_eq!(texts(&result), ["One panna cotta, noted."], "{result}");
    let before = say(server, &session(), "can I have the sherbet");
    assert_ne!(before["parameters"]["dessert"], json!("sorbet"), "{before}");

    // Replaced, by a body without its id.
    let mut changed = dessert();
    changed.as_object_mut().expect("an object").remove("id");
    let sorbet = json!({"value": "sorbet", "synonyms": [{"value": "sherbet"}]});
    changed["entries"]
        .as_array_mut()
        .expect("the entries")
        .push(sorbet);
    let put = ("PUT", "/entities/dessert");
    write(server, put, Some(&changed), "entity \"dessert\" updated");
    let stored = read(server, "/entities/dessert");
    assert_stored(&stored, &changed);
    assert_eq!(stored["id"], json!("dessert"), "{stored}");
    let result = say(server, &session(), "can I have the sherbet");
    assert_eq!(answered(&result), "order_dessert", "{result}");
    assert_eq!(result["parameters"]["dessert"], json!("sorbet"), "{result}");

    // Deleted while an interaction uses it: refused, with the path of each use.
    let delete = ("DELETE", "/entities/dessert");
    let says = ["invalid", "unknown entity \"dessert\""];
    let envelope = refused(server, delete, None, (400, "bad_request"), &says);
    let mut uses = vec!["stories[0].interactions[5].parameters[0].entity".to_string()];
    uses.extend((0..5).map(|n| format!("stories[0].interactions[5].userSays[{n}]")));
    assert_eq!(problem_paths(&envelope), uses);

    // Once nothing uses it, it goes: an interaction can no longer name it.
    let unused = ("DELETE", "/stories/cafe/interactions/order_dessert");
    write(server, unused, None, "interaction \"order_dessert\" deleted");
    assert_ne!(
        answered(&say(server, &session(), "I would like a pannacotta")),
        "order_dessert"
    );
    write(server, delete, None, "entity \"dessert\" deleted");
    let gone = server.get("/entities/dessert");
    expect_error(&gone, 404, "not_found", &["no entity \"dessert\"", "size"]);
    assert_eq!(read(server, "/entities"), sample);
    let says = ["unknown entity \"dessert\""];
    refused(
        server,
        ("POST", INTERACTIONS),
        Some(&order_dessert()),
        (400, "bad_request"),
        &says,
    );
}

#[test]
fn wrong_entity_writes_are_refused_and_change_nothing() {
    let cafe = Cafe::start("entities-refused");
    let server = &cafe.server;
    let (not_found, bad) = ((404, "not_found"), (400, "bad_request"));
    let missing = server.get("/entities/nope");
    expect_error(
        &missing,
        404,
        "not_found",
        &["no entity \"nope\"; there are: size"],
    );
    let size = read(server, "/entities/size");
    let mut other = size.clone();
    other["id"] = json!("nope");
    let says = ["no entity \"nope\""];
    refused(server, ("PUT", "/entities/nope"), Some(&other), not_found, &says);
    refused(server, ("DELETE", "/entities/nope"), None, not_found, &says);
    let conflict = (409, "conflict");
    refused(
        server,
        ("POST", "/entities"),
        Some(&size),
        conflict,
        &["\"size\" exists already"],
    );
    for (id, says) in [
        (
            json!("drink"),
            "id: the body names entity \"drink\", the path \"size\"",
        ),
        (json!(7), "id: the body names entity 7, the path \"size\""),
    ] {
        other["id"] = id;
        refused(server, ("PUT", "/entities/size"), Some(&other), bad, &[says]);
    }
    let mut empty = dessert();
    empty["id"] = json!("");
    let envelope = refused(server, ("POST", "/entities"), Some(&empty), bad, &["empty"]);
    assert_eq!(problem_paths(&envelope), ["entities[1].id"]);

    // `order_coffee` uses the sizes: in its parameter and in three phrases.
    let says = ["invalid", "unknown entity \"size\""];
    let envelope = refused(server, ("DELETE", "/entities/size"), None, bad, &says);
    let at = "stories[0].interactions[2]";
    let uses = [
        ".parameters[0].entity",
        ".userSays[0]",
        ".userSays[1]",
        ".userSays[3]",
    ]
    .map(|u| format!("{at}{u}"));
    assert_eq!(problem_paths(&envelope), uses);
    assert_eq!(read(server, "/entities"), cafe_json()["entities"]);
}
