//! `POST /query`: conversations kept by session id across requests, dates read against the
//! server's clock, and `/training`.

use super::*;

/// What the pizza bot says when an order lacks its address.
const ADDRESS_PROMPT: &str = "Where should we deliver it? Please give me the street and house number.";

#[test]
fn a_conversation_goes_on_across_requests_and_each_session_is_its_own() {
    let pizza = Pizza::start("conversation");
    let server = &pizza.server;

    let body = json!({"sessionId": "ann-0123456789", "trigger": "welcome"});
    let response = server.query(&body);
    assert_eq!(response.status, 200, "{}", response.show());
    let welcome = response.json();
    assert_eq!(
        welcome["status"],
        json!({"code": 200, "type": "success"}),
        "{welcome}"
    );
    assert_eq!(welcome["sessionId"], json!("ann-0123456789"), "{welcome}");
    let timestamp = welcome["timestamp"].as_str().unwrap_or_default();
    assert!(
        timestamp.starts_with("20") && timestamp.ends_with('Z'),
        "{welcome}"
    );
    let message = welcome["result"]["fulfillment"][0]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(message.contains("welcome to Slice Club"), "{welcome}");
    assert_eq!(
        welcome["result"]["interaction"]["id"],
        json!("welcome"),
        "{welcome}"
    );

    let order =
        server.turn(&json!({"sessionId": "ann-0123456789", "query": "I want a large pepperoni pizza"}));
    assert_eq!(order["interaction"]["id"], json!("order_pizza"), "{order}");
    assert_eq!(texts(&order), [ADDRESS_PROMPT], "{order}");

    // Another session is another conversation: it has no order waiting for an address.
    let other = server.turn(&json!({"sessionId": "bob-0123456789", "query": "12 Baker Street"}));
    assert_ne!(other["interaction"]["id"], json!("order_pizza"), "{other}");
    assert!(!texts(&other).iter().any(|t| t.contains("Baker")), "{other}");

    let confirmed = server.turn(&json!({"sessionId": "ann-0123456789", "query": "12 Baker Street"}));
    assert_eq!(
        confirmed["interaction"]["id"],
        json!("order_pizza"),
        "{confirmed}"
    );
    assert_eq!(
        texts(&confirmed),
        ["Got it, one large pepperoni pizza going to 12 Baker Street."],
        "{confirmed}"
    );
    assert_eq!(
        confirmed["sessionParameters"]["size"],
        json!("large"),
        "the first turn's size is remembered: {confirmed}"
    );

    let response = server.call("GET", "/health", None, None);
    assert_eq!(response.status, 200, "{}", response.show());
    assert_eq!(
        response.header("content-type"),
        Some("application/json"),
        "{}",
        response.show()
    );
    let health = response.json();
    assert_eq!(
        health["status"],
        json!({"code": 200, "type": "success"}),
        "{health}"
    );
    assert_eq!(health["stories"], json!(1), "{health}");
    assert_eq!(health["revision"], json!(1), "{health}");
    assert_eq!(health["sessions"], json!(2), "{health}");
}

#[test]
fn a_question_waits_through_digressions_and_cancel_leaves_it() {
    let pizza = Pizza::start("digressions");
    let server = &pizza.server;
    let say = |query: &str| server.turn(&json!({"sessionId": "bob-0123456789", "query": query}));
    let id = |result: &Value| {
        result["interaction"]["id"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };

    let order = say("I want a large pizza");
    assert_eq!(texts(&order), [ADDRESS_PROMPT], "{order}");
    // A question about something else is answered, then the prompt comes back.
    let aside = say("do you deliver to soho?");
    assert_eq!(id(&aside), "delivery_area", "{aside}");
    assert_eq!(texts(&aside).last(), Some(&ADDRESS_PROMPT), "{aside}");
    // What the fallback knows is not stored as the address.
    let weather = say("what's the weather like tomorrow");
    assert_eq!(id(&weather), "fallback", "{weather}");
    assert_eq!(texts(&weather).last(), Some(&ADDRESS_PROMPT), "{weather}");
    assert_eq!(weather["sessionParameters"]["address"], Value::Null, "{weather}");
    assert_eq!(weather["sessionParameters"]["size"], json!("large"), "{weather}");
    // Cancel leaves the order and its question; keyboard mash at the roots falls back.
    let cancel = say("cancel");
    assert_eq!(id(&cancel), "cancel_order", "{cancel}");
    assert_eq!(cancel["contexts"], json!([]), "{cancel}");
    let after = say("12 Baker Street");
    assert_eq!(id(&after), "fallback", "no question waits any more: {after}");
    let mash = say("asdfgh");
    assert_eq!(
        (id(&mash), mash["score"].as_f64()),
        ("fallback".to_string(), Some(1.0)),
        "{mash}"
    );
}

#[test]
fn what_nothing_matched_is_listed_by_training() {
    let pizza = Pizza::start("training");
    let server = &pizza.server;
    let phrase = "what is the capital of australia";
    // Matched phrases are not listed.
    let order = server.turn(&json!({"sessionId": "training-order", "query": "I want a large pizza"}));
    assert_eq!(order["interaction"]["id"], json!("order_pizza"), "{order}");
    let answer = server.turn(&json!({"sessionId": "training-phrase", "query": phrase}));
    assert_eq!(answer["interaction"]["id"], json!("fallback"), "{answer}");

    // The phrase is recorded off the request path.
    let listed = poll(Duration::from_secs(5), || {
        let response = server.get("/training");
        assert_eq!(response.status, 200, "{}", response.show());
        let listed = response.json();
        (!listed.as_array().is_none_or(Vec::is_empty)).then_some(listed)
    });
    let (listed, _) = listed.unwrap_or_else(|| panic!("not listed after 5 s\n{}", server.show()));
    let entries = listed.as_array().expect("a list");
    assert_eq!(entries.len(), 1, "{listed}");
    assert_eq!(entries[0]["text"], json!(phrase), "{listed}");
    assert_eq!(entries[0]["story"], json!("pizza"), "{listed}");
    assert!(entries[0]["id"].is_i64(), "{listed}");
    let at = entries[0]["at"].as_str().unwrap_or_default();
    assert!(at.len() == 24 && at.ends_with('Z'), "{listed}");
}

/// Tomorrow's date in UTC by the system clock, as `sys.date` writes it.
fn tomorrow_utc() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("the clock is after 1970")
        .as_secs();
    let seconds = i64::try_from(seconds).expect("in range") + 86_400;
    let day = intently::entity::Reference::from_unix(seconds, 0).expect("a date");
    format!("{:04}-{:02}-{:02}", day.year, day.month, day.day)
}

#[test]
fn tomorrow_is_read_against_the_servers_clock() {
    let dir = TempDir::new("tomorrow");
    let bot = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/restaurante.json");
    let server = Server::start(&dir.db(), Some(&bot), TOKENS);
    let queries = [
        "quiero reservar una mesa para mañana",
        "¿tenéis mesa para 4 mañana?",
        "reservar mesa para mañana a las 9",
    ];
    for (n, query) in queries.into_iter().enumerate() {
        // A request that straddles midnight (UTC) may be read on either day.
        let before = tomorrow_utc();
        let result = server.turn(&json!({"sessionId": format!("tomorrow-{n:04}"), "query": query}));
        let after = tomorrow_utc();
        assert_eq!(
            result["interaction"]["id"],
            json!("reservar_mesa"),
            "{query}: {result}"
        );
        let fecha = result["parameters"]["fecha"].as_str().unwrap_or_default();
        assert!(
            fecha == before || fecha == after,
            "{query}: fecha {fecha:?}, expected {before} (or {after})\n{result}"
        );
    }
}

/// `POST /query` with a body written by hand (a number JSON cannot hold in a `u64`).
fn raw_query(server: &Server, body: &str) -> Response {
    request(
        server.addr,
        "POST",
        "/query",
        &[
            ("Authorization", &format!("Bearer {CLIENT}")),
            ("Content-Type", "application/json"),
        ],
        body.as_bytes(),
    )
}

#[test]
fn a_numeric_session_id_is_taken_as_its_digits() {
    let pizza = Pizza::start("numeric-session");
    let server = &pizza.server;
    // 23 digits: past u64, kept digit for digit.
    let digits = "12345678901234567890123";
    let first = raw_query(
        server,
        &format!(r#"{{"sessionId": {digits}, "query": "I want a large pepperoni pizza"}}"#),
    );
    assert_eq!(first.status, 200, "{}", first.show());
    let first = first.json();
    assert_eq!(first["sessionId"], json!(digits), "{first}");
    assert_eq!(texts(&first["result"]), [ADDRESS_PROMPT], "{first}");
    // The same conversation, named by the string of those digits.
    let confirmed = server.turn(&json!({"sessionId": digits, "query": "12 Baker Street"}));
    assert_eq!(
        confirmed["interaction"]["id"],
        json!("order_pizza"),
        "{confirmed}"
    );
    assert_eq!(
        confirmed["sessionParameters"]["address"],
        json!("12 Baker Street"),
        "the order waiting for its address was this session's: {confirmed}"
    );
    assert_eq!(
        confirmed["sessionParameters"]["size"],
        json!("large"),
        "{confirmed}"
    );

    let ten = raw_query(server, r#"{"sessionId": 1234567890, "trigger": "welcome"}"#);
    assert_eq!(ten.status, 200, "{}", ten.show());
    assert_eq!(ten.json()["sessionId"], json!("1234567890"));

    let thirty_seven = "1".repeat(37);
    let refusals = [
        (
            r#"{"sessionId": 123456789, "trigger": "welcome"}"#.to_string(),
            "10 to 36",
        ),
        (
            format!(r#"{{"sessionId": {thirty_seven}, "trigger": "welcome"}}"#),
            "10 to 36",
        ),
        (
            r#"{"sessionId": -1234567890, "trigger": "welcome"}"#.to_string(),
            "whole number",
        ),
        (
            r#"{"sessionId": 12345678901.5, "trigger": "welcome"}"#.to_string(),
            "whole number",
        ),
        (
            r#"{"sessionId": 1.2e15, "trigger": "welcome"}"#.to_string(),
            "whole number",
        ),
        (
            r#"{"sessionId": true, "trigger": "welcome"}"#.to_string(),
            "whole number",
        ),
    ];
    for (body, says) in refusals {
        let refused = raw_query(server, &body);
        expect_error(&refused, 400, "bad_request", &["sessionId", says]);
    }
}

#[test]
fn a_session_id_of_spaces_or_with_control_characters_is_refused() {
    let pizza = Pizza::start("blank-session");
    let server = &pizza.server;
    let refusals = [
        (" ".repeat(10), &["sessionId", "only spaces"][..]),
        ("\u{3000}".repeat(12), &["sessionId", "only spaces"]),
        (
            "session\u{7}0123".to_string(),
            &["sessionId", "control", "U+0007 at character 8"],
        ),
        ("session-0123\n".to_string(), &["sessionId", "control", "U+000A"]),
        (
            "\tsession-0123".to_string(),
            &["sessionId", "control", "U+0009 at character 1"],
        ),
        (
            "session-01\u{0}23".to_string(),
            &["sessionId", "control", "U+0000"],
        ),
    ];
    for (id, says) in refusals {
        let refused = server.query(&json!({"sessionId": id, "trigger": "welcome"}));
        expect_error(&refused, 400, "bad_request", says);
    }
    // Spaces inside an id are the client's business.
    let spaced = server.turn(&json!({"sessionId": "ann smith 0123", "trigger": "welcome"}));
    assert_eq!(spaced["interaction"]["id"], json!("welcome"), "{spaced}");
}
