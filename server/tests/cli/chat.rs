//! `intently chat`: conversations over piped input, and the pizza order in a
//! pseudo-terminal.

use super::*;

/// Runs `intently chat` on the pizza bot with these arguments, typing `lines`.
fn chat(rest: &[&str], lines: &[&str]) -> Output {
    let input: String = lines.iter().map(|line| format!("{line}\n")).collect();
    intently_fed(bot_args("chat", &sample("pizza.json"), rest), &input)
}

/// Asserts that a run printed each of `expected` as a whole line, in this order (other
/// lines may come between).
fn lines_in_order(output: &Output, expected: &[&str]) {
    let out = stdout(output);
    let mut lines = out.lines();
    for want in expected {
        assert!(
            lines.any(|line| line == *want),
            "no line {want:?} (in this order)\n{}",
            show(output)
        );
    }
}

/// What the pizza bot's welcome shows.
const WELCOME: &[&str] = &[
    "bot: Hello and welcome to Slice Club, the best pizza in town. What can I get you?",
    "bot: What would you like to do?",
    "       1) Order a pizza",
    "       2) See the menu",
    "       3) Today's deals",
    "       4) Track my order",
];

/// The turns of a pizza order, each with the lines of its answer.
const ORDER: &[(&str, &[&str])] = &[
    (
        "I want a large pepperoni pizza",
        &["bot: Where should we deliver it? Please give me the street and house number."],
    ),
    (
        "12 Baker Street",
        &[
            "bot: Got it, one large pepperoni pizza going to 12 Baker Street.",
            "bot: Anything else?",
            "       1) Confirm order",
            "       2) Add a drink",
            "       3) Add a topping",
            "       4) Change the size",
            "       5) Cancel",
        ],
    ),
    // The number of "Confirm order", a goto choice.
    (
        "1",
        &["bot: What phone number can the driver call when they arrive?"],
    ),
    (
        "+1 555 123 4567",
        &[
            "bot: Your order is confirmed! It will be at 12 Baker Street in about 35 minutes; \
           the driver will call +15551234567.",
        ],
    ),
];

#[test]
fn a_piped_chat_completes_the_pizza_order() {
    let typed: Vec<&str> = ORDER.iter().map(|(line, _)| *line).collect();
    let output = chat(&[], &typed);
    assert_eq!(output.status.code(), Some(0), "{}", show(&output));
    assert_eq!(stderr(&output), "", "{}", show(&output));
    let out = stdout(&output);
    let first = out.lines().next().unwrap_or_default();
    let pizza = sample("pizza.json");
    let header = format!(
        "Talking to story \"pizza\" of {}. Type what you would say.",
        pizza.display()
    );
    assert!(first.starts_with(&header), "{}", show(&output));

    // Every line: the welcome, then each turn as "you> TEXT" and the answer, then "(bye)".
    let mut expected: Vec<String> = WELCOME.iter().map(|line| line.to_string()).collect();
    for (said, answer) in ORDER {
        expected.push(format!("you> {said}"));
        expected.extend(answer.iter().map(|line| line.to_string()));
    }
    expected.push("(bye)".to_string());
    let printed: Vec<&str> = out.lines().skip(1).collect();
    assert_eq!(printed, expected, "{}", show(&output));
}

#[test]
fn a_number_picks_a_choice_of_the_last_reply() {
    let lines = ["show me the menu", "10", "1", "/session", "5"];
    let output = chat(&[], &lines);
    lines_in_order(
        &output,
        &[
            "you> show me the menu",
            "bot: [Margherita] Tomato, mozzarella, fresh basil. From $9",
            "       1) Order a large one",
            "       2) Build my own",
            "bot: [Hawaiian] Ham and pineapple, yes really. From $11",
            "       10) Full menu (PDF)",
            "you> 10",
            "(open https://pizza.example.org/menu.pdf in a browser)",
            // A postback choice says its value: "order a large margherita pizza with basil".
            "you> 1",
            "bot: Where should we deliver it? Please give me the street and house number.",
            "you> /session",
            "you> 5",
            "(bye)",
        ],
    );
    let out = stdout(&output);
    let session = out
        .lines()
        .skip_while(|line| *line != "you> /session")
        .nth(1)
        .unwrap_or_else(|| panic!("no session after /session\n{}", show(&output)));
    let session: Value =
        serde_json::from_str(session).unwrap_or_else(|e| panic!("{e}: {session}\n{}", show(&output)));
    let ordered = json!({"size": "large", "topping": "basil"});
    assert_eq!(session["attributes"], ordered, "{session}");
    assert_eq!(session["pending"]["alias"], json!("address"), "{session}");
    // The address prompt shows no choices: "5" is said as text, the answer to the prompt.
    assert!(
        out.contains("bot: Great choice: a large pizza with basil, delivered to 5."),
        "{}",
        show(&output)
    );
}

#[test]
fn a_number_out_of_range_asks_for_the_range() {
    let lines = ["0", "-1", "99999999999999999999", "9", "2"];
    let output = chat(&[], &lines);
    let range = "(choose 1 to 4, or type what you would say)";
    lines_in_order(
        &output,
        &[
            "you> 0",
            range,
            "you> -1",
            range,
            "you> 99999999999999999999",
            range,
            "you> 9",
            range,
            // The choices are still the welcome's: 2 is "See the menu".
            "you> 2",
            "bot: Here are our favourites:",
        ],
    );
    assert!(output.status.success(), "{}", show(&output));
}

#[test]
fn slash_commands_show_the_session_start_over_and_quit() {
    let lines = [
        "/help",
        "I want a large pizza",
        "/session",
        "/reset",
        "/session",
        "/quit",
        "hello",
    ];
    let output = chat(&[], &lines);
    assert_eq!(output.status.code(), Some(0), "{}", show(&output));
    let out = stdout(&output);
    let sessions: Vec<Value> = out
        .lines()
        .filter(|line| line.starts_with('{'))
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}")))
        .collect();
    assert_eq!(sessions.len(), 2, "{}", show(&output));
    assert_eq!(sessions[0]["attributes"], json!({"size": "large"}), "{out}");
    assert_eq!(sessions[0]["path"], json!(["order_pizza"]), "{out}");
    assert_eq!(
        sessions[1]["attributes"],
        Value::Null,
        "a new conversation: {out}"
    );
    assert_eq!(sessions[1]["path"], Value::Null, "{out}");
    assert_eq!(sessions[1]["pending"], Value::Null, "{out}");

    let mut expected = vec![
        "you> /help",
        "Type what you would say. A number picks a numbered choice. /reset starts over, \
         /session shows the session, /quit (or end of input) leaves.",
        "you> I want a large pizza",
        "bot: Where should we deliver it? Please give me the street and house number.",
        "you> /reset",
        "(a new conversation)",
    ];
    expected.extend(WELCOME);
    expected.extend(["you> /session", "you> /quit", "(bye)"]);
    lines_in_order(&output, &expected);
    assert_eq!(out.lines().last(), Some("(bye)"), "{}", show(&output));
    assert!(
        !out.contains("you> hello"),
        "nothing is read after /quit\n{}",
        show(&output)
    );
}

#[test]
fn debug_shows_the_interaction_candidates_attributes_and_webhooks() {
    let dir = TempDir::new("chat-debug");
    let answer = webhook_answer(&dir);
    let rest = ["--debug", "--webhook-answer", utf8(&answer)];
    let output = chat(&rest, &["I want a large pepperoni pizza", "12 Baker Street"]);
    assert_eq!(output.status.code(), Some(0), "{}", show(&output));
    let out = stdout(&output);
    let debug: Vec<&str> = out.lines().filter(|line| line.starts_with("  · ")).collect();
    let starts = [
        "  · welcome (Welcome), score 1.00 (threshold 0.50), lifespan 2, contexts []",
        "  · responses: welcome:text (filtered out), welcome:text, welcome:quickReplies",
        "  · attributes: none",
        "  · order_pizza (Order a pizza), score 0.",
        "  · candidates (5 of ",
        "  · entities: @size=\"large\" (\"large\"), @topping=\"pepperoni\" (\"pepperoni\")",
        "  · attributes: size=large, topping=pepperoni",
        "  · waiting for the parameter address",
        // The answer's turn keeps the score of the match that asked for the address, and
        // shows what the matcher saw of the answer (it was no digression).
        "  · order_pizza (Order a pizza), score 0.",
        "  · candidates (5 of 20): ",
        "  · entities: @sys.number=12 (\"12\")",
        "  · responses: order_pizza:setAttributes, order_pizza:text, order_pizza:text (filtered out), \
         order_pizza:text (filtered out), order_pizza:quickReplies",
        "  · the answer to the prompt: answered",
        "  · webhook orders: answered",
        "  · attributes: address=12 Baker Street, order_id=42, order_status=draft, size=large, \
         topping=pepperoni",
    ];
    assert_eq!(debug.len(), starts.len(), "{}", show(&output));
    for (line, start) in debug.iter().zip(starts) {
        assert!(
            line.starts_with(start),
            "{line:?} is not {start:?}…\n{}",
            show(&output)
        );
    }
    assert!(
        debug[4].contains(": order_pizza 0."),
        "the best candidate first: {}",
        debug[4]
    );
    // The webhook's answer is said after the interaction's own messages.
    lines_in_order(
        &output,
        &[
            "you> 12 Baker Street",
            "bot: Got it, one large pepperoni pizza going to 12 Baker Street.",
            "bot: Order #42 is in the oven.",
            "  · webhook orders: answered",
        ],
    );
    // With --debug, each webhook call is reported on stderr.
    let calls =
        "(webhook orders: POST https://pizza.example.org/hooks/orders — answered from --webhook-answer)\n";
    assert_eq!(stderr(&output), calls, "{}", show(&output));
}

#[test]
fn chat_refuses_an_invalid_bot_and_an_unknown_story() {
    let dir = TempDir::new("chat-invalid");
    let broken = broken_copy(&dir, "pizza.json");
    let output = intently_fed(bot_args("chat", &broken, &[]), "hi\n");
    expect(&output, 1, stderr, &["no_such_interaction", "intently validate"]);
    assert_eq!(stdout(&output), "", "{}", show(&output));

    let shop = shop_bot(&dir);
    let output = intently_fed(bot_args("chat", &shop, &["--story", "nope"]), "hi\n");
    expect(
        &output,
        2,
        stderr,
        &["unknown story \"nope\"; the stories are: shop"],
    );
    assert_eq!(
        stdout(&output),
        "",
        "nothing is said before the error\n{}",
        show(&output)
    );
}

/// The pizza order typed into `intently chat` running in a pseudo-terminal, as a person
/// would: wait for the prompt, type a line, wait for the answer.
#[cfg(unix)]
#[test]
fn the_pizza_order_completes_in_a_terminal() {
    use rexpect::process::WaitStatus;
    use rexpect::session::{Options, PtySession, spawn_with_options};

    /// How long any one answer may take.
    const PATIENCE_MS: u64 = 5_000;

    /// Waits for `text`; returns what came before it.
    fn wait_for(terminal: &mut PtySession, text: &str) -> String {
        terminal
            .exp_string(text)
            .unwrap_or_else(|e| panic!("waiting for {text:?}: {e}"))
    }

    let command = intently_command(bot_args("chat", &sample("pizza.json"), &[]));
    let options = Options::new().timeout_ms(Some(PATIENCE_MS));
    let mut terminal = spawn_with_options(command, options).expect("intently chat starts in a pty");
    wait_for(&mut terminal, "Talking to story \"pizza\"");
    for line in WELCOME {
        wait_for(&mut terminal, line);
    }
    for (said, answer) in ORDER {
        // In a terminal the chat prompts, and does not repeat the line typed (as it does
        // for piped input): each answer comes before the next prompt, nothing before it.
        wait_for(&mut terminal, "you> ");
        terminal.send_line(said).expect("a line is typed");
        for line in *answer {
            let before = wait_for(&mut terminal, line);
            assert!(!before.contains("you> "), "{line:?} answers {said:?}: {before:?}");
        }
    }
    wait_for(&mut terminal, "you> ");
    // Ctrl-D at the prompt: the input ends; "(bye)" is on a line of its own.
    terminal.send_control('d').expect("Ctrl-D is typed");
    let before = wait_for(&mut terminal, "(bye)");
    assert_eq!(before, "\r\n", "the prompt's line ends first");
    let rest = terminal.exp_eof().expect("the chat ends");
    assert_eq!(rest, "\r\n");

    let deadline = std::time::Instant::now() + std::time::Duration::from_millis(PATIENCE_MS);
    let status = loop {
        match terminal.process().status() {
            Some(WaitStatus::StillAlive) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            status => break status,
        }
    };
    assert!(
        matches!(status, Some(WaitStatus::Exited(_, 0))),
        "exit status: {status:?}"
    );
}
