//! `PUT /training/train`: phrases nothing matched become examples of an interaction.

use super::*;

/// Waits until `GET /training` lists `count` phrases (they are recorded off the request
/// path); returns them.
fn unmatched(server: &Server, count: usize) -> Vec<Value> {
    let listed = poll(Duration::from_secs(5), || {
        let entries = read(server, "/training").as_array().cloned().unwrap_or_default();
        (entries.len() >= count).then_some(entries)
    });
    let (entries, _) = listed.unwrap_or_else(|| panic!("not {count} phrases after 5 s\n{}", server.show()));
    assert_eq!(entries.len(), count, "{entries:?}");
    entries
}

#[test]
fn training_adds_unmatched_phrases_to_an_interaction() {
    let cafe = Cafe::start("train");
    let server = &cafe.server;
    let (dog, bathroom) = ("can I bring my dog", "is the bathroom upstairs");
    assert_eq!(answered(&say(server, &session(), "show me the menu")), "menu");
    // Each recorded before the next is said, so that their order is known.
    for (n, phrase) in [dog, bathroom].into_iter().enumerate() {
        assert_eq!(answered(&say(server, &session(), phrase)), "fallback", "{phrase}");
        unmatched(server, n + 1);
    }
    let entries = unmatched(server, 2);
    let listed: Vec<&str> = entries.iter().filter_map(|e| e["text"].as_str()).collect();
    assert_eq!(
        listed,
        [dog, bathroom],
        "oldest first, without the phrase that matched"
    );
    let id = |n: usize| {
        entries[n]["id"]
            .as_i64()
            .unwrap_or_else(|| panic!("no id: {entries:?}"))
    };
    let (dog_id, bathroom_id) = (id(0), id(1));

    // Refused: the bot and the list stay as they were.
    let train = ("PUT", "/training/train");
    let (not_found, bad) = ((404, "not_found"), (400, "bad_request"));
    let faults = [
        (
            json!({"interactionId": "nope", "ids": [dog_id]}),
            not_found,
            "interactionId",
        ),
        (
            json!({"interactionId": "menu", "ids": [999_999]}),
            not_found,
            "no unmatched phrase 999999",
        ),
        (
            json!({"storyId": "nope", "interactionId": "menu", "ids": [dog_id]}),
            not_found,
            "storyId",
        ),
        (json!({"interactionId": "menu", "ids": []}), bad, "ids"),
        (json!({"ids": [dog_id]}), bad, "interactionId"),
        (
            json!({"interactionId": "menu", "ids": [dog_id], "x": 1}),
            bad,
            "`x`",
        ),
    ];
    for (body, status, says) in faults {
        refused(server, train, Some(&body), status, &[says]);
        assert_eq!(unmatched(server, 2), entries, "{body}");
    }

    let menu = read(server, "/stories/cafe/interactions/menu");
    let body = json!({"storyId": "cafe", "interactionId": "menu", "ids": [dog_id]});
    write(server, train, Some(&body), "1 phrase(s) added to \"menu\"");
    let trained = read(server, "/stories/cafe/interactions/menu");
    let mut examples = menu["userSays"].as_array().expect("the phrases").clone();
    examples.push(json!(dog));
    assert_eq!(trained["userSays"], json!(examples), "{trained}");
    let left = unmatched(server, 1);
    assert_eq!(left[0]["id"], json!(bathroom_id), "{left:?}");
    let result = say(server, &session(), dog);
    assert_eq!(answered(&result), "menu", "{result}");

    // Off the list, a phrase cannot be trained again.
    let again = json!({"interactionId": "menu", "ids": [dog_id]});
    refused(
        server,
        train,
        Some(&again),
        not_found,
        &[&format!("no unmatched phrase {dog_id}")],
    );

    // The other one, given twice, becomes an example of what the bot should not answer.
    let fallback = read(server, "/stories/cafe/interactions/fallback");
    let body = json!({"interactionId": "fallback", "ids": [bathroom_id, bathroom_id]});
    write(server, train, Some(&body), "1 phrase(s) added to \"fallback\"");
    let trained = read(server, "/stories/cafe/interactions/fallback");
    let mut examples = fallback["userSays"].as_array().cloned().unwrap_or_default();
    examples.push(json!(bathroom));
    assert_eq!(trained["userSays"], json!(examples), "{trained}");
    assert_eq!(read(server, "/training"), json!([]), "nothing left to train");
}
