//! `intently serve --bot FILE` on a database that holds a bot already: the stored bot is kept
//! and the server says so, unless `--replace` imports the file as a new revision; a file with
//! errors is refused and the database is left as it was.

use super::*;

/// The first message of the welcome of a new conversation.
fn welcome(server: &Server, session: &str) -> String {
    let result = server.turn(&json!({"sessionId": session, "trigger": "welcome"}));
    texts(&result).first().copied().unwrap_or_default().to_string()
}

/// Stops a server that must stop cleanly; returns what it printed on stderr.
fn stopped(mut server: Server) -> String {
    let status = server.stop();
    assert!(status.success(), "{status}\n{}", server.show());
    server.stderr()
}

#[test]
fn a_stored_bot_is_kept_and_said_so_unless_replaced() {
    let dir = TempDir::new("restart");
    let first = Server::start(&dir.db(), Some(&pizza_bot()), TOKENS);
    assert!(welcome(&first, "restart-0000001").contains("Slice Club"));
    let stderr = stopped(first);
    assert!(stderr.contains("imported"), "{stderr}");
    assert!(stderr.contains("serving revision 1 of"), "{stderr}");
    assert!(stderr.contains("1 stories (pizza)"), "{stderr}");

    // Another file without --replace: the stored bot answers, and the server says why.
    let tiny = dir.tiny_bot();
    let kept = Server::start(&dir.db(), Some(&tiny), TOKENS);
    assert!(welcome(&kept, "restart-0000002").contains("Slice Club"));
    assert_eq!(kept.revision(), 1);
    let stderr = stopped(kept);
    for said in [
        "already holds a bot (revision 1)",
        "tiny.json was not imported",
        "--replace",
        "POST /import",
        "1 stories (pizza)",
    ] {
        assert!(stderr.contains(said), "no {said:?} in\n{stderr}");
    }

    // A file with errors is refused with them, before anything is stored.
    let broken = dir.0.join("broken.json");
    let bad = json!({"stories": [{"id": "bad", "name": "Bad", "interactions": [
        {"id": "a", "name": "A", "root": true, "userSays": ["hello"], "contextOut": ["nowhere"]}]}]});
    std::fs::write(&broken, bad.to_string()).expect("the bot is written");
    let refused = Command::new(env!("CARGO_BIN_EXE_intently"))
        .args(["serve", "--addr", "127.0.0.1:0", "--replace", "--db"])
        .arg(dir.db())
        .arg("--bot")
        .arg(&broken)
        .env("INTENTLY_DEVELOPER_TOKEN", DEVELOPER)
        .env("INTENTLY_CLIENT_TOKEN", CLIENT)
        .stdin(Stdio::null())
        .output()
        .expect("the intently binary runs");
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("broken.json: error:"), "{stderr}");
    assert!(stderr.contains("\"nowhere\""), "{stderr}");
    assert!(stderr.contains("the database is unchanged"), "{stderr}");
    assert!(refused.stdout.is_empty(), "it never listened");

    // With --replace the file is a new revision (the refused one took none) and answers.
    let replaced = Server::start_with(&dir.db(), Some(&tiny), TOKENS, &["--replace"]);
    assert_eq!(replaced.revision(), 2);
    assert_eq!(welcome(&replaced, "restart-0000003"), "This is story tiny.");
    let stderr = stopped(replaced);
    assert!(stderr.contains("as revision 2, replacing revision 1"), "{stderr}");
    assert!(stderr.contains("1 stories (tiny)"), "{stderr}");

    // And it is what the database serves from then on.
    let again = Server::start(&dir.db(), None, TOKENS);
    assert_eq!(welcome(&again, "restart-0000004"), "This is story tiny.");
    let stderr = stopped(again);
    assert!(stderr.contains("serving revision 2 of"), "{stderr}");
}

#[test]
fn replace_needs_a_bot_file() {
    let dir = TempDir::new("replace-alone");
    let refused = Command::new(env!("CARGO_BIN_EXE_intently"))
        .args(["serve", "--addr", "127.0.0.1:0", "--replace", "--db"])
        .arg(dir.db())
        .stdin(Stdio::null())
        .output()
        .expect("the intently binary runs");
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--bot"), "{stderr}");
    assert!(!dir.db().exists(), "no database is created");
}
