//! Unit tests of the turns that arrive while a prompt or question waits: answers,
//! digressions, cancel, help, retry limits, and bad answers.

use std::sync::OnceLock;

use super::*;
use crate::story::Bot;

/// A shop: an order with a fixed-list slot (color), a free-text slot (address) and a child
/// that cancels it; a newsletter question; questions about hours and the shop that a user
/// may ask in between; and a second story whose `cancel` and `help` interactions answer.
const BOT: &str = r#"{
  "stories": [
    {"id": "shop", "name": "Shop",
     "fallback": {"userSays": ["tell me a joke", "what is the meaning of life", "who won the game last night", "what's the weather tomorrow",
                               "will it rain today", "play some music", "book me a flight to paris", "what is the capital of france"],
                  "responses": [{"type": "text", "elements": ["Sorry, I can't help with that."]}]},
     "interactions": [
       {"id": "order", "name": "Order", "root": true,
        "userSays": ["I want to buy a {{color:color}} shirt", "buy a shirt", "order a shirt please", "I would like a {{color:color}} shirt", "can I get a shirt"],
        "parameters": [
          {"entity": "color", "alias": "color", "required": true, "prompts": ["Which color?", "Red or blue?"]},
          {"entity": "sys.any", "alias": "address", "required": true, "prompts": ["Where to?"]}],
        "responses": [{"type": "text", "elements": ["A {{color}} shirt to {{address}}."]}],
        "contextOut": ["drop_order"]},
       {"id": "drop_order", "name": "Drop the order",
        "userSays": ["cancel my order", "cancel the order", "drop it", "cancel"],
        "responses": [{"type": "text", "elements": ["Order dropped."]}, {"type": "end"}]},
       {"id": "hours", "name": "Hours", "root": true,
        "userSays": ["what are your opening hours", "when are you open", "are you open on sunday", "what time do you close",
                     "when do you open", "are you open today", "until when are you open", "opening times please"],
        "responses": [{"type": "text", "elements": ["9 to 5."]}]},
       {"id": "bye", "name": "Bye", "root": true, "keywords": ["goodbye"],
        "responses": [{"type": "text", "elements": ["Bye."]}, {"type": "end"}]},
       {"id": "size", "name": "Size", "root": true,
        "userSays": ["I want to know the sizes", "which sizes do you have", "what sizes are there", "do you have my size",
                     "sizes please", "what size should I take", "help me find my size"],
        "parameters": [{"entity": "sys.number", "alias": "inches", "required": true, "prompts": ["How many inches?"], "maxRetries": 1, "giveUpGoto": "hours"}],
        "responses": [{"type": "text", "elements": ["{{inches}} inches fits."]}]},
       {"id": "news", "name": "Newsletter", "root": true, "keywords": ["newsletter"],
        "responses": [{"type": "question", "elements": ["Your email?"], "entity": "sys.email", "attribute": "email", "maxRetries": 1},
                      {"type": "text", "elements": ["Subscribed {{email}}."]}]},
       {"id": "note", "name": "Note", "root": true, "keywords": ["note"],
        "responses": [{"type": "question", "elements": ["What should the note say?"], "entity": "sys.any", "attribute": "note", "digressions": false},
                      {"type": "text", "elements": ["Noted: {{note}}."]}]}
     ]},
    {"id": "own", "name": "Own ways out",
     "fallback": {"responses": [{"type": "text", "elements": ["Hm?"]}]},
     "interactions": [
       {"id": "ask", "name": "Ask", "root": true, "keywords": ["ask"],
        "parameters": [{"entity": "sys.number", "alias": "n", "required": true, "prompts": ["A number?"]}],
        "responses": [{"type": "text", "elements": ["Got {{n}}."]}]},
       {"id": "out", "name": "Out", "triggers": ["cancel"], "keywords": ["i give up"],
        "responses": [{"type": "text", "elements": ["Fine, forget the number."]}]},
       {"id": "explain", "name": "Explain", "triggers": ["help"],
        "responses": [{"type": "text", "elements": ["Any whole number will do."]}]}
     ]}
  ],
  "entities": [{"id": "color", "name": "color", "entries": [
    {"value": "red", "synonyms": []}, {"value": "blue", "synonyms": [{"value": "navy"}]}]}]
}"#;

fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| Model::compile(&Bot::from_json(BOT).expect("loads")).expect("compiles"))
}

/// The options of every turn: a fixed moment, as the library takes no clock.
fn options() -> TurnOptions {
    TurnOptions::new(crate::entity::Reference::parse("2026-12-06T10:00+00:00").expect("a time"))
}

fn texts(reply: &Reply) -> Vec<String> {
    reply.fulfillment.iter().map(|i| i.to_plain_text()).collect()
}

fn turn(session: &mut Session, text: &str) -> Reply {
    model()
        .respond_offline(session, Input::Text(text), &options())
        .expect("a turn")
}

/// What waits after a turn: `slot:ALIAS`, `question:AT`, or `-`.
fn waiting(session: &Session) -> String {
    match &session.pending {
        Some(Pending::Slot { alias, .. }) => format!("slot:{alias}"),
        Some(Pending::Question { at, .. }) => format!("question:{at}"),
        None => "-".into(),
    }
}

/// A session of the `shop` story at the color prompt, with the address said already.
fn at_color() -> Session {
    let mut session = Session::new(1);
    let reply = turn(&mut session, "can I get a shirt");
    assert_eq!(texts(&reply), ["Which color?"]);
    session
}

#[test]
fn a_question_about_something_else_is_answered_and_the_prompt_comes_back() {
    let mut session = at_color();
    let reply = turn(&mut session, "when are you open?");
    assert_eq!(reply.interaction.as_ref().map(|i| i.id.as_str()), Some("hours"));
    assert_eq!(texts(&reply), ["9 to 5.", "Which color?"]);
    assert_eq!(waiting(&session), "slot:color");
    // The flow resumes where it was.
    assert_eq!(texts(&turn(&mut session, "navy")), ["Where to?"]);
    let reply = turn(&mut session, "what time do you close");
    assert_eq!(
        texts(&reply),
        ["9 to 5.", "Where to?"],
        "a free-text prompt lets a clear question through"
    );
    assert_eq!(
        texts(&turn(&mut session, "12 Baker Street")),
        ["A blue shirt to 12 Baker Street."]
    );
    assert_eq!(session.attributes["color"], "blue");
}

#[test]
fn a_free_text_prompt_takes_an_answer_but_not_what_the_fallback_knows() {
    let mut session = at_color();
    turn(&mut session, "red");
    let reply = turn(&mut session, "what's the weather like tomorrow");
    assert_eq!(texts(&reply), ["Sorry, I can't help with that.", "Where to?"]);
    assert_eq!(waiting(&session), "slot:address");
    assert_eq!(
        session.lifespan, 2,
        "a digression to the fallback costs no lifespan"
    );
    assert!(!session.attributes.contains_key("address"));
    for address in ["Flat 3, 45 Elm Road", "221b Baker Street, London"] {
        let mut session = at_color();
        turn(&mut session, "red");
        let reply = turn(&mut session, address);
        assert_eq!(
            texts(&reply),
            [format!("A red shirt to {address}.")],
            "{address:?}"
        );
    }
}

#[test]
fn a_question_without_digressions_takes_every_turn_as_its_answer() {
    let mut session = Session::new(1);
    assert_eq!(texts(&turn(&mut session, "note")), ["What should the note say?"]);
    let reply = turn(&mut session, "what are your opening hours");
    assert_eq!(texts(&reply), ["Noted: what are your opening hours."]);
}

#[test]
fn a_digression_that_asks_comes_back_after_and_one_that_ends_does_not() {
    let mut session = at_color();
    let reply = turn(&mut session, "newsletter");
    assert_eq!(texts(&reply), ["Your email?"]);
    assert_eq!(waiting(&session), "question:news");
    assert_eq!(session.interrupted.len(), 1);
    let reply = turn(&mut session, "ann@example.org");
    assert_eq!(texts(&reply), ["Subscribed ann@example.org.", "Which color?"]);
    assert_eq!(waiting(&session), "slot:color");
    assert!(session.interrupted.is_empty());
    // Cancelling the inner question comes back to the outer one too.
    turn(&mut session, "newsletter");
    let reply = turn(&mut session, "forget it");
    assert_eq!(
        texts(&reply),
        [
            "Okay, I've stopped that. What else can I do for you?",
            "Which color?"
        ]
    );
    // An `end` leaves every flow.
    let reply = turn(&mut session, "goodbye");
    assert_eq!(texts(&reply), ["Bye."]);
    assert_eq!(waiting(&session), "-");
    assert!(session.path.is_empty() && session.interrupted.is_empty());
}

#[test]
fn cancel_leaves_the_question_and_its_flow() {
    // The flow's own way out answers when the text matches it.
    let mut session = at_color();
    let reply = turn(&mut session, "cancel");
    assert_eq!(texts(&reply), ["Order dropped."]);
    assert_eq!((waiting(&session), session.path.len()), ("-".to_string(), 0));
    // Elsewhere, the built-in acknowledgement; the interaction that asked leaves the path.
    for text in ["Stop!", "never mind", "forget it", "no thanks"] {
        let mut session = Session::new(1);
        turn(&mut session, "newsletter");
        let reply = turn(&mut session, text);
        assert_eq!(
            reply.interaction.as_ref().map(|i| i.id.as_str()),
            Some("cancel"),
            "{text:?}"
        );
        assert_eq!(
            texts(&reply),
            ["Okay, I've stopped that. What else can I do for you?"],
            "{text:?}"
        );
        assert_eq!(waiting(&session), "-", "{text:?}");
        assert!(!session.path.contains(&"news".to_string()), "{text:?}");
    }
    // With nothing waiting, a cancel that nothing matches ends the context.
    let mut session = Session::new(1);
    turn(&mut session, "what are your opening hours");
    let reply = turn(&mut session, "forget it");
    assert_eq!(reply.interaction.as_ref().map(|i| i.id.as_str()), Some("cancel"));
    assert!(session.path.is_empty());
}

#[test]
fn a_story_answers_cancel_and_help_with_its_own_interactions() {
    let options = options().story("own");
    let mut session = Session::new(1);
    let say = |text: &str, session: &mut Session| {
        texts(
            &model()
                .respond_offline(session, Input::Text(text), &options)
                .expect("a turn"),
        )
    };
    assert_eq!(say("ask", &mut session), ["A number?"]);
    assert_eq!(
        say("help", &mut session),
        ["Any whole number will do.", "A number?"]
    );
    assert_eq!(waiting(&session), "slot:n");
    // Its keywords replace the built-in phrases.
    assert_eq!(
        say("cancel", &mut session),
        ["A number?"],
        "not a phrase of this story: retried"
    );
    assert_eq!(say("I give up!", &mut session), ["Fine, forget the number."]);
    assert_eq!(waiting(&session), "-");
}

#[test]
fn help_explains_and_asks_again() {
    let mut session = at_color();
    let reply = turn(&mut session, "help");
    assert_eq!(
        texts(&reply),
        [
            "I'm waiting for your answer to my question. You can also say \"cancel\" to stop.",
            "Which color?"
        ]
    );
    assert_eq!(waiting(&session), "slot:color");
    match &session.pending {
        Some(Pending::Slot { asked, .. }) => assert_eq!(*asked, 0, "help is no failed answer"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn every_question_gives_up_after_its_retries() {
    // A slot: its prompts in turn, then (maxRetries 2 by default) the fallback.
    let mut session = at_color();
    assert_eq!(texts(&turn(&mut session, "purple")), ["Red or blue?"]);
    assert_eq!(texts(&turn(&mut session, "green")), ["Red or blue?"]);
    let reply = turn(&mut session, "yellow");
    assert_eq!(texts(&reply), ["Sorry, I can't help with that."]);
    assert_eq!(
        reply.interaction.as_ref().map(|i| i.id.as_str()),
        Some("fallback")
    );
    assert_eq!(waiting(&session), "-");
    // A slot with its own limit and a goto.
    let mut session = Session::new(1);
    turn(&mut session, "which sizes do you have");
    assert_eq!(texts(&turn(&mut session, "huge")), ["How many inches?"]);
    let reply = turn(&mut session, "very huge");
    assert_eq!(texts(&reply), ["9 to 5."]);
    assert_eq!(waiting(&session), "-");
    // A question.
    let mut session = Session::new(1);
    turn(&mut session, "newsletter");
    assert_eq!(texts(&turn(&mut session, "nope@")), ["Your email?"]);
    assert_eq!(
        texts(&turn(&mut session, "still no")),
        ["Sorry, I can't help with that."]
    );
    assert!(!session.attributes.contains_key("email"));
}

#[test]
fn bad_answers_are_asked_again_and_never_stored() {
    let long = "x".repeat(10_000);
    let bad = [
        long.as_str(),
        "\u{7}\u{1b}[A",
        "?!",
        "0",
        "-1",
        "99999999999999999999",
    ];
    for text in bad {
        let mut session = at_color();
        let reply = turn(&mut session, text);
        assert_eq!(texts(&reply), ["Red or blue?"], "{text:?}");
        assert!(!session.attributes.contains_key("color"), "{text:?}");
    }
    // The free-text slot does not take what says nothing, or too much.
    for text in [long.as_str(), "\u{7}\u{1b}[A", "^[[A", "?!", " . "] {
        let mut session = at_color();
        turn(&mut session, "red");
        let reply = turn(&mut session, text);
        assert_eq!(texts(&reply), ["Where to?"], "{text:?}");
        assert!(!session.attributes.contains_key("address"), "{text:?}");
    }
    let mut session = at_color();
    for text in ["", "   ", "\n\t"] {
        let err = model().respond(&mut session, Input::Text(text), &options());
        assert!(matches!(err, Err(DialogError::EmptyQuery)), "{text:?}");
    }
    assert_eq!(waiting(&session), "slot:color");
}
