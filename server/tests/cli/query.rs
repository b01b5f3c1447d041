//! `intently query`: one turn as JSON, the conversation kept in a session file.

use super::*;

/// What the pizza bot says when an order lacks its address.
const ADDRESS_PROMPT: &str = "Where should we deliver it? Please give me the street and house number.";

/// Runs `intently query` on the pizza bot with these arguments.
fn query(rest: &[&str]) -> Output {
    intently(bot_args("query", &sample("pizza.json"), rest))
}

/// The reply of a turn that must succeed.
fn reply(rest: &[&str]) -> Value {
    json_stdout(&query(rest))
}

/// The texts of a reply's messages, in order.
fn texts(reply: &Value) -> Vec<&str> {
    reply["fulfillment"]
        .as_array()
        .unwrap_or_else(|| panic!("no fulfillment: {reply}"))
        .iter()
        .filter(|m| m["type"] == json!("text"))
        .filter_map(|m| m["message"].as_str())
        .collect()
}

/// A conversation with a bot, kept in a session file in a directory of its own.
struct Conversation {
    dir: TempDir,
    bot: PathBuf,
    session: PathBuf,
}

impl Conversation {
    /// A conversation with the pizza bot.
    fn pizza(label: &str) -> Conversation {
        let dir = TempDir::new(label);
        let session = dir.0.join("session.json");
        Conversation {
            dir,
            bot: sample("pizza.json"),
            session,
        }
    }

    /// A conversation with the small bot of [`shop_bot`].
    fn shop(label: &str) -> Conversation {
        let dir = TempDir::new(label);
        let session = dir.0.join("session.json");
        let bot = shop_bot(&dir);
        Conversation { dir, bot, session }
    }

    /// Runs `intently query BOT --session FILE` with more arguments.
    fn turn(&self, rest: &[&str]) -> Output {
        let session = ["--session", utf8(&self.session)];
        intently(bot_args("query", &self.bot, &[&session[..], rest].concat()))
    }

    /// The reply of a turn that must succeed.
    fn say(&self, rest: &[&str]) -> Value {
        json_stdout(&self.turn(rest))
    }

    /// The session file's bytes.
    fn saved(&self) -> Vec<u8> {
        std::fs::read(&self.session).unwrap_or_else(|e| panic!("{}: {e}", self.session.display()))
    }

    /// Replaces the session file.
    fn save(&self, contents: impl AsRef<[u8]>) {
        self.dir.write("session.json", contents);
    }

    /// Pizza: orders a large pepperoni pizza; the bot asks for the address.
    fn order(&self) -> Value {
        let reply = self.say(&["I want a large pepperoni pizza"]);
        assert_eq!(texts(&reply), [ADDRESS_PROMPT], "{reply}");
        reply
    }
}

#[test]
fn query_prints_one_turn_as_pretty_json() {
    let output = query(&["I", "want", "a", "large", "pizza"]);
    let reply = json_stdout(&output);
    assert!(
        stdout(&output)
            .starts_with("{\n  \"source\": \"app\",\n  \"resolvedQuery\": \"I want a large pizza\",\n"),
        "pretty JSON, ChatBot's order: the source, then the query\n{}",
        show(&output)
    );
    let fields: BTreeSet<&str> = reply
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let expected = [
        "source",
        "resolvedQuery",
        "score",
        "confidence",
        "lifespan",
        "storyId",
        "interaction",
        "parameters",
        "sessionParameters",
        "contexts",
        "fulfillment",
    ];
    assert_eq!(fields, BTreeSet::from(expected), "{reply}");
    let score = reply["score"]
        .as_f64()
        .unwrap_or_else(|| panic!("no score: {reply}"));
    assert!(score > 0.5 && score <= 1.0, "{reply}");
    assert_eq!(reply["confidence"], json!(0.5), "{reply}");
    assert_eq!(reply["lifespan"], json!(2), "{reply}");
    assert_eq!(reply["storyId"], json!("pizza"), "{reply}");
    let order = json!({"id": "order_pizza", "name": "Order a pizza", "action": "order.start"});
    assert_eq!(reply["interaction"], order, "{reply}");
    assert_eq!(reply["parameters"], json!({"size": "large"}), "{reply}");
    assert_eq!(reply["sessionParameters"], json!({"size": "large"}), "{reply}");
    // ChatBot's context objects: the interaction, with its parameters the session holds.
    let context = json!({"id": "order_pizza", "name": "Order a pizza", "action": "order.start",
                         "parameters": {"size": "large"}});
    assert_eq!(reply["contexts"], json!([context]), "{reply}");
    let prompt = json!([{"type": "text", "message": ADDRESS_PROMPT}]);
    assert_eq!(reply["fulfillment"], prompt, "{reply}");
    assert_eq!(stderr(&output), "", "{}", show(&output));
}

#[test]
fn a_session_file_carries_the_order_across_calls() {
    let chat = Conversation::pizza("query-session");
    chat.order();
    let saved = read_json(&chat.session);
    assert_eq!(saved["version"], json!(1), "{saved}");
    assert_eq!(saved["path"], json!(["order_pizza"]), "{saved}");
    assert_eq!(saved["pending"]["type"], json!("slot"), "{saved}");
    assert_eq!(saved["pending"]["alias"], json!("address"), "{saved}");

    let reply = chat.say(&["12 Baker Street"]);
    assert_eq!(reply["interaction"]["id"], json!("order_pizza"), "{reply}");
    assert_eq!(
        reply["parameters"]["address"],
        json!("12 Baker Street"),
        "{reply}"
    );
    assert_eq!(
        reply["sessionParameters"]["topping"],
        json!("pepperoni"),
        "{reply}"
    );
    assert_eq!(
        texts(&reply),
        ["Got it, one large pepperoni pizza going to 12 Baker Street."],
        "{reply}"
    );
    assert_eq!(
        reply["fulfillment"][1]["title"],
        json!("Anything else?"),
        "{reply}"
    );
    // order_pizza has a webhook; without --webhook-answer it goes on without an answer.
    let called = json!([{"id": "orders", "outcome": "noAnswer"}]);
    assert_eq!(reply["webhooks"], called, "{reply}");

    let bytes = chat.saved();
    assert!(bytes.len() <= 1024, "{} bytes", bytes.len());
    let saved: Value = serde_json::from_slice(&bytes).expect("the session file is JSON");
    assert_eq!(saved["pending"], Value::Null, "the address is answered: {saved}");
    assert_eq!(
        saved["attributes"]["address"],
        json!("12 Baker Street"),
        "{saved}"
    );
    let files: Vec<String> = std::fs::read_dir(&chat.dir.0)
        .expect("the directory lists")
        .map(|entry| {
            entry
                .expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(files, ["session.json"], "no temporary file is left behind");
}

#[test]
fn triggers_gotos_and_parameters_start_a_turn_without_text() {
    let welcome = reply(&["--trigger", "welcome"]);
    assert_eq!(welcome["interaction"]["id"], json!("welcome"), "{welcome}");
    assert_eq!(welcome["resolvedQuery"], json!(""), "{welcome}");
    let first = texts(&welcome)[0];
    assert!(first.contains("welcome to Slice Club"), "{welcome}");
    assert!(!first.contains("Ann"), "{welcome}");
    let buttons = &welcome["fulfillment"][1]["buttons"];
    assert_eq!(buttons[0]["title"], json!("Order a pizza"), "{welcome}");

    let named = reply(&["--trigger", "welcome", "--param", "default_name=Ann"]);
    assert_eq!(
        texts(&named)[0],
        "Hi Ann, welcome to Slice Club! Hungry?",
        "{named}"
    );
    assert_eq!(
        named["sessionParameters"],
        json!({"default_name": "Ann"}),
        "{named}"
    );

    let goto = reply(&["--goto", "confirm_order"]);
    assert_eq!(goto["interaction"]["id"], json!("confirm_order"), "{goto}");
    assert_eq!(context_ids(&goto), ["confirm_order"], "{goto}");
    assert_eq!(goto["score"], json!(1.0), "{goto}");
    assert_eq!(
        texts(&goto),
        ["Please give me a phone number for the driver."],
        "{goto}"
    );
}

#[test]
fn debug_adds_the_candidates_best_first() {
    let reply = reply(&["show me the menu", "--debug"]);
    assert_eq!(reply["interaction"]["id"], json!("menu"), "{reply}");
    let debug = &reply["debug"];
    let candidates = debug["candidates"]
        .as_array()
        .unwrap_or_else(|| panic!("no candidates: {reply}"));
    assert!(candidates.len() > 1, "{reply}");
    assert_eq!(candidates[0]["id"], json!("menu"), "{reply}");
    assert_eq!(candidates[0]["score"], reply["score"], "{reply}");
    let scores: Vec<f64> = candidates.iter().filter_map(|c| c["score"].as_f64()).collect();
    assert_eq!(scores.len(), candidates.len(), "{reply}");
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "best first: {scores:?}");
    assert!(
        debug["candidateCount"].as_u64() >= Some(candidates.len() as u64),
        "{reply}"
    );
    assert!(debug["fallback"].is_f64(), "{reply}");
    assert_eq!(debug["entities"], json!([]), "{reply}");
    assert_eq!(
        debug.get("repaired"),
        None,
        "a new session needs no repair: {reply}"
    );
}

#[test]
fn a_webhook_answer_is_appended_when_the_interaction_has_a_webhook() {
    let chat = Conversation::pizza("query-webhook");
    let answer = webhook_answer(&chat.dir);
    chat.order();
    let rest = ["--webhook-answer", utf8(&answer), "12 Baker Street"];
    let reply = chat.say(&rest);
    let called = json!([{"id": "orders", "outcome": "answered"}]);
    assert_eq!(reply["webhooks"], called, "{reply}");
    let last = reply["fulfillment"]
        .as_array()
        .and_then(|messages| messages.last())
        .unwrap_or_else(|| panic!("no messages: {reply}"));
    let said = json!({"type": "text", "message": "Order #42 is in the oven."});
    assert_eq!(last, &said, "the answer comes last: {reply}");
    let confirmed = "Got it, one large pepperoni pizza going to 12 Baker Street.";
    assert_eq!(texts(&reply)[0], confirmed, "{reply}");
    assert_eq!(reply["sessionParameters"]["order_id"], json!("42"), "{reply}");

    // An interaction without a webhook does not use the answer.
    let shop = Conversation::shop("query-no-webhook");
    let rest = ["--webhook-answer", utf8(&answer), "I want a big pizza"];
    let reply = shop.say(&rest);
    assert_eq!(texts(&reply), ["A large pizza, coming up."], "{reply}");
    assert_eq!(reply.get("webhooks"), None, "{reply}");
    assert_eq!(reply["sessionParameters"].get("order_id"), None, "{reply}");
}

#[test]
fn a_bad_turn_exits_2_with_a_clear_message_and_leaves_the_session_alone() {
    let chat = Conversation::shop("query-bad");
    let prompt = chat.say(&["a pizza please"]);
    assert_eq!(texts(&prompt), ["Which size: small or large?"], "{prompt}");
    let before = chat.saved();
    let not_json = chat.dir.write("not-json.json", "{\"responses\": [oops]}");
    let cases: [(&[&str], &str); 9] = [
        (
            &["--trigger", "nope"],
            "story \"shop\" has no trigger \"nope\"; its triggers are: welcome, hello, order",
        ),
        (
            &["--goto", "nope"],
            "story \"shop\" has no interaction \"nope\" to go to",
        ),
        (
            &["--story", "nope", "hi"],
            "unknown story \"nope\"; the stories are: shop",
        ),
        (&["  "], "say something: give a TEXT, --trigger NAME or --goto ID"),
        (&[], "say something: give a TEXT, --trigger NAME or --goto ID"),
        (&["--param", "size", "large"], "expected NAME=VALUE, got \"size\""),
        (
            &["--param", "=large", "hi"],
            "expected NAME=VALUE, got \"=large\"",
        ),
        (
            &["--webhook-answer", utf8(&not_json), "large"],
            "not-json.json is not a webhook answer: line 1, column 16: invalid JSON",
        ),
        (
            &["--webhook-answer", "/no/such/answer.json", "large"],
            "cannot read /no/such/answer.json",
        ),
    ];
    for (args, says) in cases {
        let output = chat.turn(args);
        expect(&output, 2, stderr, &[says]);
        assert_eq!(stdout(&output), "", "{args:?}\n{}", show(&output));
        assert_eq!(chat.saved(), before, "{args:?} leaves the session alone");
    }
    // The conversation goes on where it was: the prompt still waits for the size.
    let reply = chat.say(&["large"]);
    assert_eq!(texts(&reply), ["A large pizza, coming up."], "{reply}");
}

#[test]
fn an_unusable_session_file_is_named_and_left_alone() {
    let chat = Conversation::shop("query-corrupt");
    let file = chat.session.display().to_string();
    let cases: [(&[u8], &str); 4] = [
        (
            b"{\"path\": [\"order\"",
            "line 1, column 17: invalid JSON: EOF while parsing a list",
        ),
        (
            b"{\"version\": 99}",
            "session format version 99, but this build reads up to version 1",
        ),
        (
            b"{\"path\": \"order\"}",
            "invalid type: string \"order\", expected a sequence",
        ),
        (b"\xff\xfe", "not UTF-8"),
    ];
    for (contents, why) in cases {
        chat.save(contents);
        let output = chat.turn(&["hi"]);
        let says = format!("error: cannot use the session file {file}: ");
        let recover = "; delete it or pass --reset to start over\n";
        expect(&output, 2, stderr, &[&says, why, recover]);
        let err = stderr(&output);
        assert_eq!(
            err.matches(why).count(),
            1,
            "the cause is said once\n{}",
            show(&output)
        );
        assert_eq!(stdout(&output), "", "{}", show(&output));
        assert_eq!(chat.saved(), contents, "the file is left as it was");
    }
}

#[test]
fn reset_starts_over_even_from_a_corrupt_session_file() {
    let chat = Conversation::shop("query-reset");
    chat.save("{oops");
    let reply = chat.say(&["--reset", "I want a big pizza"]);
    assert_eq!(texts(&reply), ["A large pizza, coming up."], "{reply}");
    let saved = read_json(&chat.session);
    assert_eq!(saved["version"], json!(1), "the file is rewritten: {saved}");
    assert_eq!(saved["attributes"], json!({"size": "large"}), "{saved}");

    // --reset also forgets a good session: its context and attributes.
    let reply = chat.say(&["--reset", "hi"]);
    assert_eq!(reply["interaction"]["id"], json!("greeting"), "{reply}");
    assert_eq!(reply["sessionParameters"], json!({}), "{reply}");
    assert_eq!(context_ids(&reply), ["greeting"], "{reply}");
    let saved = read_json(&chat.session);
    assert_eq!(saved["attributes"], Value::Null, "{saved}");
    assert_eq!(saved["path"], json!(["greeting"]), "{saved}");
}

#[test]
fn an_old_session_naming_deleted_interactions_is_repaired() {
    let chat = Conversation::shop("query-old");
    let old = json!({
        "version": 1,
        "story": "shop",
        "path": ["order", "deleted_interaction"],
        "lifespan": 2,
        "attributes": {"size": "large"},
        "pending": {
            "type": "slot",
            "interaction": "deleted_interaction",
            "alias": "address",
            "asked": 0
        },
        "random": 1
    });
    chat.save(old.to_string());
    let reply = chat.say(&["hi", "--debug"]);
    assert_eq!(reply["interaction"]["id"], json!("greeting"), "{reply}");
    assert_eq!(reply["debug"]["repaired"], json!(true), "{reply}");
    assert_eq!(context_ids(&reply), ["order", "greeting"], "{reply}");
    assert_eq!(reply["sessionParameters"], json!({"size": "large"}), "{reply}");
    let saved = read_json(&chat.session);
    assert_eq!(saved["path"], json!(["order", "greeting"]), "{saved}");
    assert_eq!(
        saved["pending"],
        Value::Null,
        "the deleted prompt is dropped: {saved}"
    );

    // Repaired once, the session needs no more repair.
    let reply = chat.say(&["hi", "--debug"]);
    assert_eq!(reply["debug"].get("repaired"), None, "{reply}");
}

#[test]
fn query_refuses_an_invalid_bot_with_exit_1() {
    let chat = Conversation::pizza("query-invalid");
    let broken = broken_copy(&chat.dir, "pizza.json");
    let session = ["--session", utf8(&chat.session)];
    let output = intently(bot_args("query", &broken, &[&session[..], &["hi"]].concat()));
    expect(&output, 1, stderr, &["no_such_interaction", "intently validate"]);
    assert_eq!(stdout(&output), "", "{}", show(&output));
    assert!(!chat.session.exists(), "no session is written");

    let syntax = chat.dir.write("syntax.json", "{\"stories\": [");
    let output = intently(bot_args("query", &syntax, &["hi"]));
    expect(&output, 1, stderr, &["syntax.json: error: ", "line 1"]);

    let output = intently(bot_args("query", Path::new("/no/such/bot.json"), &["hi"]));
    expect(&output, 2, stderr, &["cannot read /no/such/bot.json"]);
}

#[test]
fn dates_are_read_against_the_given_local_time() {
    let restaurant = sample("restaurante.json");
    let said = ["reservar mesa para 2 personas mañana a las 14:00"];
    let at = |now: &str| {
        let rest = [&["--now", now][..], &said[..]].concat();
        json_stdout(&intently(bot_args("query", &restaurant, &rest)))
    };
    assert_eq!(
        at("2026-11-24T15:30+01:00")["parameters"]["fecha"],
        json!("2026-11-25")
    );
    assert_eq!(
        at("2026-12-31T23:00Z")["parameters"]["fecha"],
        json!("2027-01-01")
    );
    let bad = intently(bot_args(
        "query",
        &restaurant,
        &[&["--now", "24/11/2026"][..], &said[..]].concat(),
    ));
    expect(&bad, 2, stderr, &["--now", "2026-11-24T15:30+01:00"]);
}

/// The ids of a result's contexts (ChatBot's `{id, name, action, parameters}` objects).
fn context_ids(result: &Value) -> Vec<&str> {
    let contexts = result["contexts"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    contexts
        .iter()
        .map(|c| c["id"].as_str().unwrap_or("(no id)"))
        .collect()
}
