//! One test per rule: a valid bot, broken one way at a time.

use serde_json::{Value, json};

use super::super::{Bot, ProblemKind, Severity};

fn valid() -> Value {
    json!({
        "stories": [{
            "id": "pizza", "name": "Pizza",
            "welcome": {"responses": [{"type": "text", "elements": ["Hi {{default_name}}!"]}]},
            "fallback": {"userSays": ["what is the meaning of life"],
                         "responses": [{"type": "text", "elements": ["Sorry?"]}]},
            "interactions": [
                {"id": "order", "name": "Order", "root": true,
                 "userSays": ["I want a {{size:size}} pizza", "{{sys.number:count}} pizzas"],
                 "parameters": [{"entity": "size", "alias": "size", "required": true, "prompts": ["Which size?"]},
                                {"entity": "sys.number", "alias": "count"}],
                 "responses": [
                    {"type": "text", "elements": ["A {{size}} pizza."]},
                    {"type": "quickReplies", "title": "More?", "buttons": [
                        {"type": "postback", "title": "Drinks", "value": "drinks"},
                        {"type": "goto", "title": "Pay", "interaction": "pay"}]},
                    {"type": "question", "elements": ["Email?"], "entity": "sys.email", "attribute": "email"},
                    {"type": "text", "elements": ["We write to {{email}}."],
                     "filters": [{"type": "attribute", "name": "email", "operator": "exists"},
                                 {"type": "score", "operator": "greaterThan", "value": 0.7}]}],
                 "contextOut": ["toppings"], "webhook": "orders"},
                {"id": "toppings", "name": "Toppings", "userSays": ["extra cheese"]},
                {"id": "pay", "name": "Pay", "responses": [{"type": "end"}]}
            ]
        }],
        "entities": [{"id": "size", "name": "size",
                      "entries": [{"value": "large", "synonyms": [{"value": "big"}]}, {"value": "small"}]}],
        "webhooks": [{"id": "orders", "name": "Orders", "url": "https://example.org/hook", "token": "t"}]
    })
}

/// Applies `edit` to the valid bot and returns its problems as `(path, kind)`.
fn problems_after(edit: impl FnOnce(&mut Value)) -> Vec<(String, ProblemKind)> {
    let mut value = valid();
    edit(&mut value);
    let bot: Bot = serde_json::from_value(value).expect("the edited bot still parses");
    bot.problems().into_iter().map(|p| (p.path, p.kind)).collect()
}

fn only_problem(edit: impl FnOnce(&mut Value)) -> (String, ProblemKind) {
    let mut problems = problems_after(edit);
    assert_eq!(problems.len(), 1, "expected one problem, got {problems:#?}");
    problems.remove(0)
}

fn interaction(v: &mut Value, i: usize) -> &mut Value {
    &mut v["stories"][0]["interactions"][i]
}

#[test]
fn the_valid_bot_has_no_problems() {
    assert_eq!(problems_after(|_| {}), vec![]);
}

#[test]
fn placeholder_with_unknown_entity_names_it() {
    let (path, kind) =
        only_problem(|v| interaction(v, 0)["userSays"][0] = json!("a {{pizza_size:size}} pizza"));
    assert_eq!(path, "stories[0].interactions[0].userSays[0]");
    assert_eq!(
        kind.to_string(),
        r#"placeholder {{pizza_size:size}} names unknown entity "pizza_size""#
    );
}

#[test]
fn placeholder_alias_without_parameter() {
    let (path, kind) =
        only_problem(|v| interaction(v, 0)["userSays"][1] = json!("{{sys.number:amount}} pizzas"));
    assert_eq!(path, "stories[0].interactions[0].userSays[1]");
    assert!(matches!(kind, ProblemKind::UnknownAlias { ref alias, .. } if alias == "amount"));
}

#[test]
fn placeholder_entity_must_match_the_parameter() {
    let (_, kind) =
        only_problem(|v| interaction(v, 0)["userSays"][1] = json!("{{sys.integer:count}} pizzas"));
    assert!(matches!(kind, ProblemKind::EntityMismatch { .. }), "{kind:?}");
}

#[test]
fn malformed_placeholder() {
    let (path, kind) =
        only_problem(|v| interaction(v, 0)["userSays"][1] = json!("{{sys.number:count pizzas"));
    assert_eq!(path, "stories[0].interactions[0].userSays[1]");
    assert!(matches!(kind, ProblemKind::Placeholder(_)), "{kind:?}");
}

#[test]
fn duplicate_interaction_id_points_at_the_first() {
    let (path, kind) = only_problem(|v| {
        let copy = interaction(v, 0).clone();
        v["stories"][0]["interactions"].as_array_mut().unwrap().push(copy);
    });
    assert_eq!(path, "stories[0].interactions[3].id");
    assert_eq!(
        kind.to_string(),
        r#"duplicate interaction id "order" (first at stories[0].interactions[0].id)"#
    );
}

#[test]
fn duplicate_story_entity_and_webhook_ids() {
    let problems = problems_after(|v| {
        let story = v["stories"][0].clone();
        v["stories"].as_array_mut().unwrap().push(story);
        let entity = v["entities"][0].clone();
        v["entities"].as_array_mut().unwrap().push(entity);
        let webhook = v["webhooks"][0].clone();
        v["webhooks"].as_array_mut().unwrap().push(webhook);
    });
    let paths: Vec<&str> = problems.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "stories[1].id",
            "entities[1].id",
            "entities[1].name",
            "webhooks[1].id"
        ]
    );
}

#[test]
fn reserved_interaction_ids() {
    let problems = problems_after(|v| interaction(v, 1)["id"] = json!("fallback"));
    assert!(
        problems
            .iter()
            .any(|(p, k)| p == "stories[0].interactions[1].id" && matches!(k, ProblemKind::Reserved { .. }))
    );
}

#[test]
fn context_out_and_references_must_exist() {
    let problems = problems_after(|v| {
        interaction(v, 0)["contextOut"] = json!(["toppings", "drinks"]);
        interaction(v, 0)["references"] = json!(["nowhere"]);
    });
    assert_eq!(
        problems
            .iter()
            .map(|(p, k)| format!("{p}: {k}"))
            .collect::<Vec<_>>(),
        [
            r#"stories[0].interactions[0].contextOut[1]: contextOut names unknown interaction "drinks""#,
            r#"stories[0].interactions[0].references[0]: references names unknown interaction "nowhere""#,
        ]
    );
}

#[test]
fn goto_targets_must_exist() {
    let (path, kind) = only_problem(|v| {
        interaction(v, 0)["responses"][1]["buttons"][1]["interaction"] = json!("checkout");
        interaction(v, 2)["triggers"] = json!(["pay"]);
        interaction(v, 2)["root"] = json!(true);
    });
    assert_eq!(
        path,
        "stories[0].interactions[0].responses[1].buttons[1].interaction"
    );
    assert!(matches!(
        kind,
        ProblemKind::UnknownInteraction { via: "goto", .. }
    ));
    let (_, kind) = only_problem(|v| {
        v["stories"][0]["welcome"]["responses"] =
            json!([{"type": "goto", "interaction": "pay", "story": "other"}])
    });
    assert_eq!(kind, ProblemKind::UnknownStory { id: "other".into() });
}

#[test]
fn interaction_that_can_never_match() {
    let (path, kind) =
        only_problem(|v| interaction(v, 0)["responses"][1]["buttons"][1]["interaction"] = json!("order"));
    assert_eq!(path, "stories[0].interactions[2]");
    assert_eq!(kind, ProblemKind::NeverMatches { id: "pay".into() });
}

#[test]
fn child_that_nothing_leads_to() {
    let (path, kind) = only_problem(|v| interaction(v, 0)["contextOut"] = json!([]));
    assert_eq!(path, "stories[0].interactions[1].root");
    assert_eq!(
        kind,
        ProblemKind::Unreachable {
            id: "toppings".into()
        }
    );
}

#[test]
fn unknown_webhook_and_entity_references() {
    let problems = problems_after(|v| {
        interaction(v, 0)["webhook"] = json!("billing");
        interaction(v, 0)["responses"][2]["entity"] = json!("sys.colour");
        interaction(v, 0)["parameters"][0]["entity"] = json!("sizes");
        interaction(v, 0)["userSays"][0] = json!("a pizza");
    });
    let paths: Vec<&str> = problems.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "stories[0].interactions[0].parameters[0].entity",
            "stories[0].interactions[0].webhook",
            "stories[0].interactions[0].responses[2].entity",
        ]
    );
}

#[test]
fn required_parameter_needs_prompts() {
    let (path, kind) = only_problem(|v| interaction(v, 0)["parameters"][0]["prompts"] = json!([]));
    assert_eq!(path, "stories[0].interactions[0].parameters[0].prompts");
    assert_eq!(kind, ProblemKind::NoPrompts { alias: "size".into() });
}

#[test]
fn text_variant_limits() {
    let (path, kind) = only_problem(|v| interaction(v, 0)["responses"][0]["elements"] = json!(vec!["x"; 21]));
    assert_eq!(path, "stories[0].interactions[0].responses[0].elements");
    assert_eq!(
        kind,
        ProblemKind::TooMany {
            what: "text variants",
            max: 20,
            got: 21
        }
    );
    let (path, kind) =
        only_problem(|v| interaction(v, 0)["responses"][0]["elements"] = json!(["a".repeat(1025)]));
    assert_eq!(path, "stories[0].interactions[0].responses[0].elements[0]");
    assert_eq!(
        kind,
        ProblemKind::TooLong {
            what: "text",
            max: 1024,
            got: 1025
        }
    );
    let (_, kind) = only_problem(|v| interaction(v, 0)["responses"][0]["elements"] = json!([]));
    assert_eq!(kind, ProblemKind::Empty { what: "elements" });
}

#[test]
fn response_count_limit() {
    let (path, kind) =
        only_problem(|v| interaction(v, 1)["responses"] = json!(vec![json!({"type": "end"}); 100]));
    assert_eq!(path, "stories[0].interactions[1].responses");
    assert_eq!(
        kind,
        ProblemKind::TooMany {
            what: "responses",
            max: 99,
            got: 100
        }
    );
}

#[test]
fn button_limits() {
    let button = json!({"type": "postback", "title": "b", "value": "v"});
    let (path, kind) = only_problem(|v| {
        interaction(v, 1)["responses"] =
            json!([{"type": "quickReplies", "title": "t", "buttons": vec![button.clone(); 12]}])
    });
    assert_eq!(path, "stories[0].interactions[1].responses[0].buttons");
    assert_eq!(
        kind,
        ProblemKind::TooMany {
            what: "buttons",
            max: 11,
            got: 12
        }
    );
    let (path, kind) = only_problem(|v| {
        interaction(v, 1)["responses"] =
            json!([{"type": "carousel", "cards": [{"title": "c", "buttons": vec![button.clone(); 4]}]}])
    });
    assert_eq!(path, "stories[0].interactions[1].responses[0].cards[0].buttons");
    assert_eq!(
        kind,
        ProblemKind::TooMany {
            what: "buttons",
            max: 3,
            got: 4
        }
    );
}

#[test]
fn entity_limits() {
    let (path, kind) = only_problem(|v| {
        v["entities"][0]["entries"] = json!(
            (0..2001)
                .map(|i| json!({"value": format!("v{i}")}))
                .collect::<Vec<_>>()
        );
        v["entities"][0]["entries"][0]["value"] = json!("large");
    });
    assert_eq!(path, "entities[0].entries");
    assert_eq!(
        kind,
        ProblemKind::TooMany {
            what: "values",
            max: 2000,
            got: 2001
        }
    );
    let (path, kind) = only_problem(|v| {
        v["entities"][0]["entries"][1]["synonyms"] = json!(
            (0..100)
                .map(|i| json!({"value": format!("s{i}")}))
                .collect::<Vec<_>>()
        )
    });
    assert_eq!(path, "entities[0].entries[1].synonyms");
    assert_eq!(
        kind,
        ProblemKind::TooMany {
            what: "synonyms",
            max: 99,
            got: 100
        }
    );
}

#[test]
fn name_length_limit() {
    let (path, kind) = only_problem(|v| v["webhooks"][0]["name"] = json!("n".repeat(129)));
    assert_eq!(path, "webhooks[0].name");
    assert_eq!(
        kind,
        ProblemKind::TooLong {
            what: "name",
            max: 128,
            got: 129
        }
    );
}

#[test]
fn settings_ranges() {
    let problems =
        problems_after(|v| v["stories"][0]["settings"] = json!({"confidence": 1.5, "lifespan": 0}));
    let paths: Vec<&str> = problems.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        ["stories[0].settings.confidence", "stories[0].settings.lifespan"]
    );
}

#[test]
fn filters_must_fit_their_operator() {
    let problems = problems_after(|v| {
        interaction(v, 0)["responses"][3]["filters"] = json!([
            {"type": "score", "operator": "greaterThan", "value": "high"},
            {"type": "attribute", "name": "email", "operator": "equals"},
            {"type": "query", "operator": "matches", "value": "(unclosed"},
            {"type": "lifespan", "operator": "exists", "value": 1}
        ])
    });
    let paths: Vec<&str> = problems.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        (0..4)
            .map(|f| format!("stories[0].interactions[0].responses[3].filters[{f}]"))
            .collect::<Vec<_>>()
    );
    assert!(problems[2].1.to_string().contains("invalid regular expression"));
}

#[test]
fn unknown_attribute_is_a_warning() {
    let mut value = valid();
    interaction(&mut value, 0)["responses"][0]["elements"] = json!(["A {{colour}} pizza."]);
    let bot: Bot = serde_json::from_value(value).unwrap();
    let warnings = bot.validate().expect("warnings do not fail validation");
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].severity(), Severity::Warning);
    assert_eq!(
        warnings[0].path,
        "stories[0].interactions[0].responses[0].elements[0]"
    );
}

#[test]
fn unknown_format_is_an_error_at_the_text() {
    let (path, kind) = only_problem(|v| {
        interaction(v, 0)["responses"][0]["elements"] = json!(["A {{size|raw}} pizza, {{size|iso}}."]);
    });
    assert_eq!(path, "stories[0].interactions[0].responses[0].elements[0]");
    assert_eq!(
        kind,
        ProblemKind::UnknownFormat {
            name: "size".into(),
            format: "iso".into()
        }
    );
    assert_eq!(kind.severity(), Severity::Error);
    let message = kind.to_string();
    assert!(
        message.contains("{{size|iso}} names unknown format \"iso\""),
        "{message}"
    );
    assert!(message.contains("{{size|raw}}"), "{message}");
}

#[test]
fn ambiguous_synonym_is_a_warning() {
    let (path, kind) =
        only_problem(|v| v["entities"][0]["entries"][1]["synonyms"] = json!([{"value": "Big"}]));
    assert_eq!(path, "entities[0].entries[1].synonyms[0]");
    assert_eq!(kind.severity(), Severity::Warning);
}

#[test]
fn invalid_urls() {
    let problems = problems_after(|v| {
        v["webhooks"][0]["url"] = json!("ftp://example.org");
        interaction(v, 1)["responses"] = json!([{"type": "image", "imageUrl": "not a url"}]);
    });
    let paths: Vec<&str> = problems.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "stories[0].interactions[1].responses[0].imageUrl",
            "webhooks[0].url"
        ]
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let problems = problems_after(|v| {
        interaction(v, 0)["id"] = json!("");
        interaction(v, 1)["keywords"] = json!([" "]);
        v["webhooks"][0]["url"] = json!("nope");
        v["stories"][0]["default"] = json!(true);
    });
    assert!(problems.len() >= 3, "{problems:#?}");
}

#[test]
fn an_extensible_entity_needs_something_to_learn_from() {
    let (path, kind) = only_problem(|v| {
        v["entities"][0]["extensible"] = json!(true);
        v["entities"][0]["entries"] = json!([]);
    });
    assert_eq!(path, "entities[0].extensible");
    assert_eq!(kind, ProblemKind::NothingToLearn { name: "size".into() });
    assert_eq!(kind.severity(), Severity::Warning);
    // Listed values fill its placeholders; an annotated example teaches it without any.
    assert!(problems_after(|v| v["entities"][0]["extensible"] = json!(true)).is_empty());
    assert!(
        problems_after(|v| {
            v["entities"][0]["extensible"] = json!(true);
            v["entities"][0]["entries"] = json!([]);
            interaction(v, 0)["userSays"][0] = json!("I want a {{size:size=family size}} pizza");
        })
        .is_empty()
    );
}

#[test]
fn empty_bot_warns() {
    let bot = Bot::default();
    let warnings = bot.validate().unwrap();
    assert_eq!(warnings[0].kind, ProblemKind::NoStories);
}

#[test]
fn children_that_only_reach_each_other_are_unreachable() {
    let problems = problems_after(|v| {
        let list = v["stories"][0]["interactions"].as_array_mut().unwrap();
        list.push(json!({"id": "x", "name": "X", "userSays": ["x"], "contextOut": ["y"]}));
        list.push(json!({"id": "y", "name": "Y", "userSays": ["y"], "contextOut": ["x"]}));
    });
    let paths: Vec<&str> = problems.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "stories[0].interactions[3].root",
            "stories[0].interactions[4].root"
        ]
    );
}

#[test]
fn context_fallback_targets_and_triggered_children_are_reachable() {
    assert_eq!(
        problems_after(|v| {
            interaction(v, 0)["fallback"] = json!("help");
            let list = v["stories"][0]["interactions"].as_array_mut().unwrap();
            list.push(json!({"id": "help", "name": "Help", "responses": [{"type": "text", "elements": ["Say a size."]}]}));
            list.push(json!({"id": "human", "name": "Human", "triggers": ["human"]}));
        }),
        vec![]
    );
}

#[test]
fn context_fallback_must_exist() {
    let (path, kind) = only_problem(|v| interaction(v, 0)["fallback"] = json!("nowhere"));
    assert_eq!(path, "stories[0].interactions[0].fallback");
    assert!(matches!(
        kind,
        ProblemKind::UnknownInteraction { via: "fallback", .. }
    ));
}

#[test]
fn multibyte_urls_do_not_panic() {
    for url in ["abcdefgé/x", "httpé://x", "ééééééééé", "h"] {
        let (path, _) = only_problem(|v| v["webhooks"][0]["url"] = json!(url));
        assert_eq!(path, "webhooks[0].url");
    }
}

#[test]
fn duplicate_entity_values() {
    let (path, kind) = only_problem(|v| v["entities"][0]["entries"][1]["value"] = json!("large"));
    assert_eq!(path, "entities[0].entries[1].value");
    assert!(matches!(
        kind,
        ProblemKind::Duplicate {
            what: "entity value",
            ..
        }
    ));
}

#[test]
fn phrase_length_limits() {
    assert_eq!(
        problems_after(|v| interaction(v, 1)["userSays"] = json!(["a".repeat(1024)])),
        vec![]
    );
    let (path, kind) = only_problem(|v| interaction(v, 1)["userSays"] = json!(["a".repeat(1025)]));
    assert_eq!(path, "stories[0].interactions[1].userSays[0]");
    assert_eq!(
        kind,
        ProblemKind::TooLong {
            what: "example phrase",
            max: 1024,
            got: 1025
        }
    );
    let (path, kind) = only_problem(|v| interaction(v, 1)["keywords"] = json!(["k".repeat(257)]));
    assert_eq!(path, "stories[0].interactions[1].keywords[0]");
    assert_eq!(
        kind,
        ProblemKind::TooLong {
            what: "keyword",
            max: 256,
            got: 257
        }
    );
}
