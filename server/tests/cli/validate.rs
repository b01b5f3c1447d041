//! `intently validate`.

use super::*;

#[test]
fn validate_accepts_every_sample_bot_with_a_summary() {
    for bot in samples() {
        let output = intently([OsStr::new("validate"), bot.as_os_str()]);
        assert_eq!(output.status.code(), Some(0), "{}", show(&output));
        let json = read_json(&bot);
        let stories = json["stories"].as_array().expect("stories");
        let interactions: usize = stories.iter().map(|s| len(&s["interactions"])).sum();
        let expected = format!(
            "{}: ok: {} stories, {interactions} interactions, {} entities, {} webhooks\n",
            bot.display(),
            stories.len(),
            len(&json["entities"]),
            len(&json["webhooks"])
        );
        assert_eq!(stdout(&output), expected, "{}", show(&output));
        assert_eq!(
            stderr(&output),
            "",
            "a sample bot has no problems\n{}",
            show(&output)
        );
    }
}

#[test]
fn validate_rejects_broken_copies_naming_every_json_path() {
    let dir = TempDir::new("broken");
    for bot in samples() {
        let mut json = read_json(&bot);
        let first = &mut json["stories"][0]["interactions"][0];
        let phrases = first["userSays"].as_array_mut().expect("userSays");
        phrases.push(json!("I want {{nosuchentity:x}}"));
        let k = phrases.len() - 1;
        first["responses"] = json!([{"type": "text", "elements": []}]);
        let path = dir.write(
            &name_of(&bot),
            serde_json::to_vec_pretty(&json).expect("JSON prints"),
        );

        let output = intently([OsStr::new("validate"), path.as_os_str()]);
        assert_eq!(output.status.code(), Some(1), "{}", show(&output));
        assert_eq!(
            stdout(&output),
            "",
            "no summary for a broken bot\n{}",
            show(&output)
        );
        let file = path.display();
        let err = stderr(&output);
        for line in [
            format!(
                "{file}: error: stories[0].interactions[0].userSays[{k}]: placeholder {{{{nosuchentity:x}}}} \
                 names unknown entity \"nosuchentity\"\n"
            ),
            format!(
                "{file}: error: stories[0].interactions[0].responses[0].elements: elements must not be empty\n"
            ),
            format!("{file}: 2 error(s), 0 warning(s)\n"),
        ] {
            assert!(err.contains(&line), "missing {line:?}\n{}", show(&output));
        }
    }
}

#[test]
fn validate_shows_line_and_column_of_an_unknown_field() {
    let dir = TempDir::new("unknown-field");
    let text = "{\n  \"stories\": [{\"id\": \"s\", \"name\": \"S\",\n    \"interactions\": [\n      {\"id\": \"a\", \
                \"name\": \"A\", \"usersays\": [\"hi\"]}\n    ]\n  }]\n}\n";
    let path = dir.write("bot.json", text);
    let output = intently([OsStr::new("validate"), path.as_os_str()]);
    assert_eq!(output.status.code(), Some(1), "{}", show(&output));
    let err = stderr(&output);
    let prefix = format!(
        "{}: error: stories[0].interactions[0].usersays: unknown field `usersays`",
        path.display()
    );
    assert!(err.starts_with(&prefix), "{}", show(&output));
    assert!(err.contains("did you mean `userSays`?"), "{}", show(&output));
    // The field is on line 4, columns 32 to 41 (the colon is at 42).
    let at = err
        .find("(line 4, column ")
        .unwrap_or_else(|| panic!("no position on line 4\n{}", show(&output)));
    let column: usize = err[at + "(line 4, column ".len()..]
        .split(')')
        .next()
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("no column\n{}", show(&output)));
    assert!((32..=42).contains(&column), "column {column}\n{}", show(&output));
}

#[test]
fn validate_reports_invalid_utf8_with_its_position() {
    let dir = TempDir::new("utf8");
    let mut bytes = b"{\"stories\": [\n  {\"id\": \"caf\xc3\xa9 ".to_vec();
    bytes.extend_from_slice(&[0xff, 0xfe]);
    bytes.extend_from_slice(b"\", \"name\": \"S\"}]}\n");
    let path = dir.write("bot.json", bytes);
    let output = intently([OsStr::new("validate"), path.as_os_str()]);
    assert_eq!(output.status.code(), Some(1), "{}", show(&output));
    // Line 1 has 14 bytes; line 2 has `  {"id": "café ` (15 characters, 16 bytes) before the bad byte.
    let expected = format!(
        "{}: error: invalid UTF-8 at line 2, column 16 (byte offset 30)\n",
        path.display()
    );
    assert_eq!(stderr(&output), expected, "{}", show(&output));
}

#[test]
fn validate_rejects_an_empty_file() {
    let dir = TempDir::new("empty");
    let path = dir.write("bot.json", " \n");
    let output = intently([OsStr::new("validate"), path.as_os_str()]);
    assert_eq!(output.status.code(), Some(1), "{}", show(&output));
    let expected = format!("{}: error: the bot document is empty\n", path.display());
    assert_eq!(stderr(&output), expected, "{}", show(&output));
}

#[test]
fn validate_exits_2_on_a_missing_file() {
    let dir = TempDir::new("missing");
    let path = dir.0.join("no-such-bot.json");
    let output = intently([OsStr::new("validate"), path.as_os_str()]);
    assert_eq!(output.status.code(), Some(2), "{}", show(&output));
    let err = stderr(&output);
    assert!(
        err.contains(&format!("cannot read {}", path.display())),
        "{}",
        show(&output)
    );
    assert_eq!(stdout(&output), "", "{}", show(&output));
}

#[test]
fn validate_fails_on_warnings_only_when_asked() {
    let dir = TempDir::new("warnings");
    let bot = json!({"stories": [{"id": "s", "name": "S", "interactions": [{
        "id": "a", "name": "A", "root": true, "userSays": ["hello"],
        "responses": [{"type": "text", "elements": ["hi {{nobody}}"]}]
    }]}]});
    let path = dir.write("bot.json", serde_json::to_vec(&bot).expect("JSON prints"));
    let warning = format!(
        "{}: warning: stories[0].interactions[0].responses[0].elements[0]: {{{{nobody}}}} names an attribute",
        path.display()
    );

    let output = intently([OsStr::new("validate"), path.as_os_str()]);
    assert_eq!(output.status.code(), Some(0), "{}", show(&output));
    assert!(stderr(&output).starts_with(&warning), "{}", show(&output));
    let summary = format!(
        "{}: ok: 1 stories, 1 interactions, 0 entities, 0 webhooks (1 warning(s))\n",
        path.display()
    );
    assert_eq!(stdout(&output), summary, "{}", show(&output));

    let output = intently([
        OsStr::new("validate"),
        path.as_os_str(),
        OsStr::new("--deny-warnings"),
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", show(&output));
    assert!(stderr(&output).starts_with(&warning), "{}", show(&output));
    assert!(
        stderr(&output).contains("0 error(s), 1 warning(s)"),
        "{}",
        show(&output)
    );
    assert_eq!(stdout(&output), "", "{}", show(&output));
}
