//! `intently explain`.

use super::*;

/// Runs `intently explain BOT` with more arguments.
fn explain(bot: &Path, rest: &[&str]) -> Output {
    intently(bot_args("explain", bot, rest))
}

/// Runs `intently explain BOT … --json` and returns its one object.
fn explain_json(bot: &Path, rest: &[&str]) -> Value {
    json_stdout(&explain(bot, &[rest, &["--json"]].concat()))
}

#[test]
fn explain_names_the_answer_and_the_features_that_made_it() {
    let pizza = sample("pizza.json");
    let output = explain(&pizza, &["i want to order a pizza with mushrooms"]);
    let says = [
        "answer: order_pizza (score ",
        "entity: topping = \"mushrooms\"",
        "word:pizza",
    ];
    expect(&output, 0, stdout, &says);

    // `neighbourhood` is extensible: the story's tagger finds it, as in a conversation.
    let output = explain(&pizza, &["do u deliver to riverside"]);
    let says = [
        "answer: delivery_area ",
        "entity: neighbourhood = \"Riverside\" (\"riverside\")",
    ];
    expect(&output, 0, stdout, &says);
}

#[test]
fn explain_json_ranks_the_candidates_and_gives_each_contribution() {
    let pizza = sample("pizza.json");
    // The words of the utterance may come as several arguments.
    let report = explain_json(&pizza, &["i", "want", "to", "order", "a", "pizza", "--top", "4"]);
    assert_eq!(report["story"], json!("pizza"));
    assert_eq!(report["query"], json!("i want to order a pizza"));
    assert_eq!(report["answer"]["interaction"], json!("order_pizza"), "{report}");
    let candidates = report["explanation"]["candidates"]
        .as_array()
        .unwrap_or_else(|| panic!("no candidates: {report}"));
    assert_eq!(candidates.len(), 4, "{report}");
    assert_eq!(candidates[0]["interaction"], report["answer"]["interaction"]);
    assert_eq!(candidates[0]["score"], report["answer"]["score"]);
    let scores: Vec<f64> = candidates.iter().filter_map(|c| c["score"].as_f64()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "best first: {scores:?}");
    for c in candidates {
        assert_eq!(c["system"], json!("machineLearning"), "{c}");
        let parts = c["contributions"].as_array().map_or(&[][..], Vec::as_slice);
        assert_eq!(parts.first().map(|p| &p["feature"]), Some(&json!("bias")), "{c}");
        assert!(parts.iter().all(|p| p["weight"].is_f64()), "{c}");
    }
    // The winner's strongest feature is the word that says what the user wants.
    let strongest = &candidates[0]["contributions"][1];
    assert_eq!(strongest["feature"], json!("word:pizza"), "{report}");
    assert!(strongest["weight"].as_f64() > Some(0.0), "{report}");
}

#[test]
fn explain_shows_a_keyword_match_and_children_only_with_all() {
    let banking = sample("banking.json");
    let report = explain_json(&banking, &["what is my IBAN"]);
    assert_eq!(report["answer"]["interaction"], json!("iban_swift"), "{report}");
    assert_eq!(report["answer"]["score"], json!(1.0), "{report}");
    let first = &report["explanation"]["candidates"][0];
    assert_eq!(first["system"], json!("keyword"), "{report}");
    // A keyword's part is infinite, which JSON writes as null.
    let keyword = first["contributions"]
        .as_array()
        .and_then(|parts| parts.iter().find(|p| p["feature"] == json!("keyword")))
        .unwrap_or_else(|| panic!("no keyword part: {report}"));
    assert_eq!(keyword["weight"], Value::Null);

    // A child interaction is not a candidate at the root; with --all it is.
    let text = "I was charged twice";
    let roots = explain_json(&banking, &[text]);
    assert_ne!(
        roots["answer"]["interaction"],
        json!("dispute_double_charge"),
        "{roots}"
    );
    let all = explain_json(&banking, &[text, "--all"]);
    assert_eq!(
        all["answer"]["interaction"],
        json!("dispute_double_charge"),
        "{all}"
    );
}

#[test]
fn explain_of_an_empty_utterance_is_the_fallback() {
    let pizza = sample("pizza.json");
    let report = explain_json(&pizza, &["   "]);
    assert_eq!(report["answer"], Value::Null, "{report}");
    assert_eq!(report["explanation"]["fallback"], json!(1.0), "{report}");
    assert_eq!(report["explanation"]["candidates"], json!([]), "{report}");
    let output = explain(&pizza, &[""]);
    expect(&output, 0, stdout, &["answer: the fallback"]);
}

#[test]
fn explain_names_the_stories_when_one_is_unknown() {
    let pizza = sample("pizza.json");
    let output = explain(&pizza, &["hello", "--story", "nope"]);
    expect(
        &output,
        2,
        stderr,
        &["no story with id \"nope\"; the bot has: pizza"],
    );
}

#[test]
fn explain_refuses_an_invalid_bot_and_a_missing_file() {
    let dir = TempDir::new("explain");
    let broken = broken_copy(&dir, "pizza.json");
    let output = explain(&broken, &["hi"]);
    expect(&output, 1, stderr, &["no_such_interaction", "intently validate"]);

    let output = explain(Path::new("/no/such/bot.json"), &["hi"]);
    expect(&output, 2, stderr, &["cannot read /no/such/bot.json"]);

    let syntax = dir.write("syntax.json", "{\"stories\": [");
    let output = explain(&syntax, &["hi"]);
    expect(&output, 1, stderr, &["line 1"]);
}

#[test]
fn a_reader_that_goes_away_is_no_panic() {
    // The reading end of the output closes before the command writes (it compiles the bot
    // first): `intently explain … | head -c0`, `intently query … | true`.
    for command in ["explain", "query"] {
        let mut child = intently_command(bot_args(command, &sample("pizza.json"), &["--", "asdfgh"]))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the intently binary starts");
        drop(child.stdout.take());
        let output = child.wait_with_output().expect("the command ends");
        assert_eq!(output.status.code(), Some(0), "{command}: {}", show(&output));
        assert!(
            !stderr(&output).contains("panicked"),
            "{command}: {}",
            show(&output)
        );
    }
}
