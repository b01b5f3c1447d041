//! Unit tests of the dialog: errors, recovery of old sessions, webhooks, gotos, options.
//! The sample bots' conversations are replayed by the integration tests
//! (`data/<bot>.transcript.jsonl`).

use std::sync::OnceLock;

use super::*;
use crate::error::DialogError;
use crate::story::Bot;

/// A small bot with two stories, a webhook, a goto loop, a date parameter and a question.
const BOT: &str = r#"{
  "stories": [
    {"id": "shop", "name": "Shop",
     "welcome": {"responses": [{"type": "text", "elements": ["Welcome!"]}]},
     "fallback": {"userSays": ["tell me a joke", "what is the meaning of life"],
                  "responses": [{"type": "text", "elements": ["Sorry?"]}]},
     "interactions": [
       {"id": "order", "name": "Order", "root": true, "triggers": ["buy"], "webhook": "stock",
        "userSays": ["I want to buy a {{color:color}} shirt", "buy a shirt", "order a shirt please", "I would like a {{color:color}} shirt", "can I get a shirt", "I want to buy a shirt"],
        "parameters": [{"entity": "color", "alias": "color", "required": true, "prompts": ["Which color?"]}],
        "responses": [{"type": "text", "elements": ["A {{color}} shirt."]},
                      {"type": "webhook", "webhook": "stock"},
                      {"type": "text", "elements": ["{{stock}} left."]}]},
       {"id": "deliver", "name": "Delivery", "root": true,
        "userSays": ["deliver it {{sys.date:day}}", "can you deliver it {{sys.date:day}}", "delivery date", "when can you deliver", "deliver on {{sys.date:day}} please"],
        "parameters": [{"entity": "sys.date", "alias": "day"}],
        "responses": [{"type": "text", "elements": ["Delivery on {{day}}."]}]},
       {"id": "ping", "name": "Ping", "root": true, "keywords": ["ping"],
        "responses": [{"type": "goto", "interaction": "pong"}]},
       {"id": "pong", "name": "Pong", "root": true, "keywords": ["pong"],
        "responses": [{"type": "text", "elements": ["pong"]}, {"type": "goto", "interaction": "ping"}]},
       {"id": "help", "name": "Help", "root": true, "keywords": ["help"],
        "responses": [{"type": "goto", "interaction": "faq", "story": "support"}]},
       {"id": "mail", "name": "Mail", "root": true, "keywords": ["newsletter"],
        "responses": [{"type": "question", "elements": ["Your email?"], "entity": "sys.email",
                       "attribute": "email", "maxRetries": 1},
                      {"type": "text", "elements": ["Subscribed {{email}}."]}]}
     ]},
    {"id": "support", "name": "Support",
     "welcome": {"enabled": false},
     "interactions": [
       {"id": "faq", "name": "FAQ", "root": true, "keywords": ["faq"],
        "responses": [{"type": "text", "elements": ["Read the FAQ."]}]}
     ]}
  ],
  "entities": [{"id": "color", "name": "color", "entries": [
    {"value": "red", "synonyms": []}, {"value": "blue", "synonyms": [{"value": "navy"}]}]}],
  "webhooks": [{"id": "stock", "name": "Stock", "url": "https://shop.example.org/hook?v=1",
                "token": "a b&c", "headers": {"X-Shop": "1"},
                "auth": {"username": "bot", "password": "pw"}}]
}"#;

fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| Model::compile(&Bot::from_json(BOT).expect("loads")).expect("compiles"))
}

fn texts(reply: &Reply) -> Vec<String> {
    reply.fulfillment.iter().map(|i| i.to_plain_text()).collect()
}

/// The moment of the turns of these tests: Tuesday 2026-11-24, 15:30 in UTC+01:00.
fn now() -> Reference {
    Reference::new(2026, 11, 24, 15, 30, 0, 60).expect("a valid time")
}

/// The options of a turn at [`now`].
fn turn_options() -> TurnOptions {
    TurnOptions::new(now())
}

fn say(session: &mut Session, input: Input<'_>) -> Reply {
    model()
        .respond_offline(session, input, &turn_options())
        .expect("a turn")
}

#[test]
fn bad_inputs_are_errors_and_leave_the_session_as_it_was() {
    let mut session = Session::new(3);
    say(&mut session, Input::Text("I want to buy a red shirt"));
    let before = session.clone();
    let options = turn_options();
    let err = |input, options: &TurnOptions, session: &mut Session| {
        model().respond(session, input, options).expect_err("an error")
    };
    match err(Input::Trigger("nope"), &options, &mut session) {
        DialogError::UnknownTrigger { name, known, .. } => {
            assert_eq!((name.as_str(), known), ("nope", vec!["buy".to_string()]))
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        err(Input::Goto("nowhere"), &options, &mut session),
        DialogError::UnknownInteraction { .. }
    ));
    assert_eq!(
        err(Input::Text("  "), &options, &mut session),
        DialogError::EmptyQuery
    );
    let elsewhere = TurnOptions {
        story: Some("other".into()),
        ..turn_options()
    };
    let e = err(Input::Text("hello"), &elsewhere, &mut session);
    assert!(e.to_string().contains("shop, support"), "{e}");
    assert_eq!(session, before);
    let empty = Model::compile(&Bot::from_json(r#"{"stories": []}"#).expect("loads")).expect("compiles");
    assert_eq!(
        empty
            .respond(&mut session, Input::Text("hi"), &options)
            .expect_err("no story"),
        DialogError::NoStories
    );
}

#[test]
fn a_session_from_an_older_model_forgets_what_is_gone() {
    let mut session = Session::from_json(
        r#"{"story": "shop", "path": ["order", "deleted"], "lifespan": 1,
            "pending": {"type": "slot", "interaction": "deleted", "alias": "x", "asked": 0}}"#,
    )
    .expect("a session");
    let options = TurnOptions {
        debug: true,
        ..turn_options()
    };
    let reply = model()
        .respond_offline(&mut session, Input::Text("red"), &options)
        .expect("a turn");
    assert!(reply.debug.as_ref().is_some_and(|d| d.repaired));
    assert!(
        !reply.contexts.iter().any(|c| c.id == "deleted"),
        "{:?}",
        reply.contexts
    );
    assert!(
        session.pending.is_none()
            || matches!(&session.pending, Some(Pending::Slot { interaction, .. }) if interaction != "deleted")
    );
    // A session of a story that is gone starts over in the default story.
    let mut lost = Session::from_json(r#"{"story": "gone", "path": ["x"]}"#).expect("a session");
    let reply = say(&mut lost, Input::Trigger("welcome"));
    assert_eq!(
        (reply.story_id.as_str(), texts(&reply)),
        ("shop", vec!["Welcome!".to_string()])
    );
}

#[test]
fn a_webhook_is_a_request_the_caller_makes_and_the_turn_goes_on_with_its_answer() {
    let mut session = Session::new(1);
    let turn = model()
        .respond(
            &mut session,
            Input::Text("I want to buy a navy shirt"),
            &turn_options(),
        )
        .expect("a turn");
    let Turn::Webhook(call) = turn else {
        panic!("the order calls its webhook")
    };
    let request = &call.request;
    assert_eq!(request.webhook, "stock");
    assert_eq!(
        request.url_with_token(),
        "https://shop.example.org/hook?v=1&token=a%20b%26c"
    );
    assert_eq!(request.headers["X-Shop"], "1");
    assert_eq!(request.auth.as_ref().map(|a| a.username.as_str()), Some("bot"));
    assert_eq!(
        texts(&request.body),
        ["A blue shirt."],
        "the body is the result so far"
    );
    assert_eq!(request.body.parameters["color"], "blue");
    let answer = WebhookAnswer::from_json(
        r#"{"responses": [{"type": "text", "elements": ["In stock."]}], "parameters": {"stock": 3}, "extra": 1}"#,
    )
    .expect("an answer");
    // The action's webhook, then the interaction's own once its responses have run.
    let Turn::Webhook(call) = model().resume(&mut session, call, WebhookOutcome::Answered(answer)) else {
        panic!("the interaction's own webhook comes next")
    };
    let Turn::Reply(reply) = model().resume(&mut session, call, WebhookOutcome::Failed("timeout".into()))
    else {
        panic!("done")
    };
    assert_eq!(texts(&reply), ["A blue shirt.", "In stock.", "3 left."]);
    let outcomes: Vec<_> = reply
        .webhooks
        .iter()
        .map(|w| (w.outcome.as_str(), w.message.as_deref()))
        .collect();
    assert_eq!(outcomes, [("answered", None), ("failed", Some("timeout"))]);
    assert_eq!(session.attributes["stock"], "3");
    // Without answers the responses still run; the missing attribute renders as nothing.
    let reply = say(&mut Session::new(1), Input::Text("I want to buy a red shirt"));
    assert_eq!(texts(&reply), ["A red shirt.", " left."]);
    assert_eq!(WebhookAnswer::outcome_of("  "), WebhookOutcome::NoAnswer);
    assert!(matches!(WebhookAnswer::outcome_of("<html>"), WebhookOutcome::Failed(m) if m.contains("line 1")));
}

#[test]
fn gotos_jump_between_interactions_and_stories_and_loops_stop() {
    let reply = say(&mut Session::new(1), Input::Text("ping"));
    assert_eq!(
        reply.fulfillment.len(),
        MAX_JUMPS as usize / 2,
        "{:?}",
        texts(&reply)
    );
    let mut session = Session::new(1);
    let reply = say(&mut session, Input::Text("help"));
    assert_eq!(
        (reply.story_id.as_str(), texts(&reply)),
        ("support", vec!["Read the FAQ.".to_string()])
    );
    assert_eq!(session.story.as_deref(), Some("support"));
    // The session stays in the story it went to; a disabled welcome says nothing.
    let reply = say(&mut session, Input::Trigger("welcome"));
    assert_eq!(
        (
            reply.story_id.as_str(),
            reply.interaction,
            reply.fulfillment.len()
        ),
        ("support", None, 0)
    );
}

#[test]
fn dates_are_read_against_the_callers_time_and_options_apply() {
    let options = turn_options().timestamp(1_790_000_000_000);
    let mut session = Session::new(1);
    let reply = model()
        .respond_offline(&mut session, Input::Text("can you deliver it tomorrow"), &options)
        .expect("a turn");
    assert_eq!(texts(&reply), ["Delivery on Wednesday 25 November."]);
    assert_eq!(
        reply.parameters["day"], "2026-11-25",
        "only the text is written for a person"
    );
    assert_eq!(session.attributes["day"], "2026-11-25");
    assert_eq!(session.last_activity, Some(1_790_000_000_000));
    // A threshold above every score falls back; an injected parameter fills its slot.
    let strict = TurnOptions {
        confidence: Some(1.0),
        ..turn_options()
    };
    let reply = model()
        .respond_offline(&mut Session::new(1), Input::Text("buy a shirt"), &strict)
        .expect("a turn");
    assert_eq!(
        (reply.interaction.map(|i| i.id), reply.confidence),
        (Some("fallback".into()), 1.0)
    );
    let injected = TurnOptions {
        parameters: [("color".to_string(), "red".to_string())].into(),
        lifespan: Some(5),
        ..turn_options()
    };
    let reply = model()
        .respond_offline(&mut Session::new(1), Input::Trigger("buy"), &injected)
        .expect("a turn");
    assert_eq!((texts(&reply)[0].as_str(), reply.lifespan), ("A red shirt.", 5));
}

#[test]
fn a_date_said_in_the_text_resolves_against_the_reference_given() {
    let bot = Bot::from_json(include_str!("../../data/restaurante.json")).expect("loads");
    let model = Model::compile(&bot).expect("compiles");
    // "Mañana" counts from the user's local date, not UTC's: the last two are another day in
    // UTC (2026-12-31 23:30Z, 2028-02-29 02:00Z).
    for (reference, tomorrow) in [
        (now(), "2026-11-25"),
        (
            Reference::new(2027, 1, 1, 0, 30, 0, 60).expect("valid"),
            "2027-01-02",
        ),
        (
            Reference::new(2028, 2, 28, 21, 0, 0, -300).expect("valid"),
            "2028-02-29",
        ),
    ] {
        let options = TurnOptions::new(reference).debug(true);
        let mut session = Session::new(1);
        let reply = model
            .respond_offline(
                &mut session,
                Input::Text("quiero reservar una mesa para mañana"),
                &options,
            )
            .expect("a turn");
        assert_eq!(
            reply.interaction.as_ref().map(|i| i.id.as_str()),
            Some("reservar_mesa")
        );
        assert_eq!(
            reply.parameters.get("fecha").map(String::as_str),
            Some(tomorrow),
            "{reference:?}"
        );
        // What the debug shows is read against the same reference, not the epoch.
        let debug = reply.debug.expect("asked for");
        let dates: Vec<_> = debug.entities.iter().filter(|f| f.entity == "sys.date").collect();
        assert!(
            dates.iter().all(|f| f.value == serde_json::json!(tomorrow)),
            "{dates:?}"
        );
        // Without a timestamp of its own, the turn's moment is the reference's.
        let millis = u64::try_from(reference.unix_seconds()).expect("after 1970") * 1000;
        assert_eq!(session.last_activity, Some(millis));
    }
}

#[test]
fn a_question_retries_then_gives_up_and_a_reset_starts_over() {
    let mut session = Session::new(1);
    assert_eq!(
        texts(&say(&mut session, Input::Text("newsletter"))),
        ["Your email?"]
    );
    assert_eq!(
        texts(&say(&mut session, Input::Text("not sure"))),
        ["Your email?"],
        "asked again"
    );
    assert_eq!(
        texts(&say(&mut session, Input::Text("still no"))),
        ["Sorry?"],
        "gave up: the fallback answers"
    );
    assert!(session.pending.is_none());
    let reset = TurnOptions {
        reset: true,
        ..turn_options()
    };
    session.attributes.insert("x".into(), "y".into());
    model()
        .respond_offline(&mut session, Input::Trigger("welcome"), &reset)
        .expect("a turn");
    assert!(session.attributes.is_empty() && session.path.is_empty());
}

#[test]
fn the_reply_has_the_shape_of_a_query_result() {
    let reply = say(&mut Session::new(1), Input::Text("I want to buy a red shirt"));
    let json = serde_json::to_value(&reply).expect("serializes");
    for key in [
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
    ] {
        assert!(json.get(key).is_some(), "{key} in {json}");
    }
    assert_eq!(json["interaction"]["id"], "order");
    assert_eq!(
        json["fulfillment"][0],
        serde_json::json!({"type": "text", "message": "A red shirt."})
    );
    let back: Reply = serde_json::from_value(json).expect("reads back");
    assert_eq!(back, reply);
}

proptest::proptest! {
    /// Whatever the user types or fires, a turn never panics, the session stays small and
    /// round-trips, and what is pending always names something the story has.
    #[test]
    fn any_conversation_keeps_a_sound_session(turns in proptest::collection::vec((0u8..4, "\\PC{0,30}"), 1..8)) {
        let mut session = Session::new(9);
        for (kind, text) in &turns {
            let input = match kind {
                0 => Input::Trigger("welcome"),
                1 => Input::Goto(text),
                2 => Input::Trigger(text),
                _ => Input::Text(text),
            };
            let before = session.clone();
            match model().respond_offline(&mut session, input, &turn_options()) {
                Ok(reply) => proptest::prop_assert!((0.0..=1.0).contains(&reply.score)),
                Err(_) => proptest::prop_assert_eq!(&session, &before),
            }
            let json = session.to_json();
            proptest::prop_assert!(json.len() <= 1024, "{}", json);
            proptest::prop_assert_eq!(Session::from_json(&json), Ok(session.clone()));
            let story = model().story(session.story.as_deref().unwrap_or("shop")).expect("a story");
            if let Some(Pending::Slot { interaction, .. }) = &session.pending {
                proptest::prop_assert!(story.find(interaction).is_some());
            }
        }
    }
}

/// A navy shirt's order, its first webhook answered with `body` and every later one with
/// nothing.
fn order_answered(body: &str) -> Reply {
    let mut session = Session::new(1);
    let input = Input::Text("I want to buy a navy shirt");
    let mut turn = model()
        .respond(&mut session, input, &turn_options())
        .expect("a turn");
    let mut outcome = WebhookAnswer::outcome_of(body);
    loop {
        match turn {
            Turn::Reply(reply) => return reply,
            Turn::Webhook(call) => {
                let now = std::mem::replace(&mut outcome, WebhookOutcome::NoAnswer);
                turn = model().resume(&mut session, call, now);
            }
        }
    }
}

#[test]
fn webhook_answers_are_read_as_leniently_as_chatbot_reads_them() {
    use serde_json::json;
    let text = |message: &str| json!({"type": "text", "message": message});
    let shirt = text("A blue shirt.");
    // (the answer, the fulfillment it gives, the outcome of the call)
    let table = [
        (
            r#"{"responses": [{"type": "text", "elements": ["In stock."]}], "parameters": {"stock": 3}}"#,
            json!([shirt, text("In stock."), text("3 left.")]),
            "answered",
        ),
        (
            r#"{"responses": [{"type": "text", "message": "In stock.", "delay": 1000}], "attributes": {"stock": "2"}}"#,
            json!([shirt, {"type": "text", "message": "In stock.", "delay": 1000}, text("2 left.")]),
            "answered",
        ),
        (
            r#"{"responses": [{"type": "quickReplies", "delay": 2000, "title": "More?", "quickReplyId": "q1",
                               "buttons": [{"type": "postback", "title": "Yes", "value": "yes", "id": "b1"}]}]}"#,
            json!([shirt, {"type": "quickReplies", "title": "More?", "delay": 2000,
                           "buttons": [{"type": "postback", "title": "Yes", "value": "yes"}]}, text(" left.")]),
            "answered",
        ),
        (
            r#"{"responses": [{"type": "cards", "title": "Shirt", "buttons": [{"type": "goto", "title": "Again", "interactionId": "order"}]}]}"#,
            json!([shirt, {"type": "card", "title": "Shirt", "buttons": [{"type": "goto", "title": "Again", "interaction": "order"}]}, text(" left.")]),
            "answered",
        ),
        (
            r#"{"responses": [{"type": "goto", "interactionId": "faq", "story": "support"}]}"#,
            json!([shirt, text("Read the FAQ.")]),
            "answered",
        ),
        (
            r#"{"responses": [{"type": "text", "message": "One."}, {"type": "image"}, {"type": "fancy"}, 7,
                              {"type": "text", "elements": ["Two."]}], "parameters": {"stock": 1}}"#,
            json!([shirt, text("One."), text("Two."), text("1 left.")]),
            "answered",
        ),
        ("", json!([shirt, text(" left.")]), "noAnswer"),
        ("{}", json!([shirt, text(" left.")]), "noAnswer"),
        (
            r#"{"responses": [], "unknown": true}"#,
            json!([shirt, text(" left.")]),
            "noAnswer",
        ),
    ];
    for (body, fulfillment, outcome) in table {
        let reply = order_answered(body);
        let got = serde_json::to_value(&reply.fulfillment).expect("serializes");
        assert_eq!(got, fulfillment, "the fulfillment of {body}");
        assert_eq!(reply.webhooks[0].outcome, outcome, "{body}");
        let back: Vec<Item> = serde_json::from_value(got).expect("reads back");
        assert_eq!(back, reply.fulfillment, "{body}");
    }

    // The bad items are said, each with its place and why; the good ones were kept.
    let reply = order_answered(
        r#"{"responses": [{"type": "text", "message": "One."}, {"type": "image"}, {"type": "fancy"}, 7]}"#,
    );
    let why = reply.webhooks[0].message.as_deref().unwrap_or_default();
    for said in [
        "skipped responses[1]",
        "imageUrl",
        "responses[2]",
        "fancy",
        "responses[3]: must be an object",
    ] {
        assert!(why.contains(said), "{said:?} in {why:?}");
    }
    let answer = WebhookAnswer::from_json(r#"{"responses": "hi", "parameters": [1]}"#).expect("an object");
    assert_eq!(answer.responses, []);
    assert_eq!(answer.skipped.len(), 2, "{:?}", answer.skipped);
    assert!(matches!(WebhookAnswer::outcome_of("[1]"), WebhookOutcome::Failed(m) if m.contains("object")));
}

#[test]
fn a_query_answer_is_chatbots_envelope_with_its_contexts_as_objects() {
    use serde_json::json;
    let reply = order_answered("");
    let answer = QueryAnswer::success("0123456789".into(), "2026-11-24T14:30:00.000Z".into(), reply);
    let json = serde_json::to_value(&answer).expect("serializes");
    assert_eq!(json["sessionId"], "0123456789");
    assert_eq!(json["timestamp"], "2026-11-24T14:30:00.000Z");
    assert_eq!(json["status"], json!({"code": 200, "type": "success"}));
    assert_eq!(json["result"]["source"], "app");
    // The interaction has no action: left out, as in `interaction`.
    assert_eq!(
        json["result"]["contexts"],
        json!([{"id": "order", "name": "Order", "parameters": {"color": "blue"}}])
    );
    let back: QueryAnswer = serde_json::from_value(json).expect("reads back");
    assert_eq!(back, answer);
}
