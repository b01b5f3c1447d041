//! Robustness: queries from many clients while the bot is rewritten (the new model is
//! swapped in whole, and no query fails), and writes that were acknowledged survive a
//! SIGKILL.
//!
//! Both use the one-story `tiny` bot: every write compiles the whole bot in the background,
//! and a burst of writes of the pizza bot (about 0.8 s of CPU each in a debug build) would
//! keep this 2-core machine busy for many seconds.

use std::collections::BTreeSet;
use std::sync::atomic::AtomicBool;

use super::*;

/// The two welcomes the writer alternates.
const WELCOMES: [&str; 2] = [
    "Welcome to Slice Club, the morning shift is baking.",
    "Welcome to Slice Club, the evening shift is baking.",
];
/// The welcome of the `tiny` story before the writes.
const TINY_WELCOME: &str = "This is story tiny.";
/// A question of the `tiny` story, and its answer.
const HOURS: (&str, &str) = ("when are you open", "We are open from 11 am to 11 pm.");
/// How many clients query at once.
const CLIENTS: usize = 8;
/// How long the welcome is rewritten.
const REWRITING: Duration = Duration::from_secs(3);
/// How often.
const EVERY: Duration = Duration::from_millis(100);

/// What the clients saw: each welcome, and every failed query (an error, or an answer
/// that is not one of the bot's).
#[derive(Default)]
struct Seen {
    welcomes: BTreeSet<String>,
    failures: Vec<String>,
    queries: usize,
}

/// One client: a welcome and a question in a new session, again and again, until `stop`.
fn client(addr: SocketAddr, n: usize, stop: &AtomicBool, seen: &Mutex<Seen>) {
    let mut round = 0;
    while !stop.load(Ordering::SeqCst) {
        let session = format!("load-{n:02}-{round:08}");
        round += 1;
        let turns = [
            json!({"sessionId": session, "trigger": "welcome"}),
            json!({"sessionId": session, "query": HOURS.0}),
        ];
        for body in turns {
            let response = call_at(addr, "POST", "/query", Some(CLIENT), Some(&body));
            let result = match &response {
                Ok(response) if response.status == 200 => serde_json::from_str::<Value>(&response.body)
                    .ok()
                    .map(|answer| answer["result"].clone())
                    .filter(|result| result["fulfillment"].is_array()),
                _ => None,
            };
            let shown = result.as_ref().map(|result| texts(result).join(" | "));
            let welcome = body.get("trigger").is_some();
            let expected = |text: &str| {
                if welcome {
                    text == TINY_WELCOME || WELCOMES.contains(&text)
                } else {
                    text == HOURS.1
                }
            };
            let mut seen = seen.lock().expect("the clients' lock");
            seen.queries += 1;
            match shown {
                Some(text) if expected(&text) => {
                    if welcome {
                        seen.welcomes.insert(text);
                    }
                }
                _ => seen.failures.push(format!("{body}: {response:?}")),
            }
        }
    }
}

#[test]
fn queries_never_fail_while_the_bot_is_rewritten() {
    let dir = TempDir::new("load");
    let server = Server::start(&dir.db(), Some(&dir.tiny_bot()), TOKENS);
    let server = &server;
    let stop = AtomicBool::new(false);
    let seen = Mutex::new(Seen::default());
    let started = Instant::now();
    let mut writes = 0;
    std::thread::scope(|scope| {
        for n in 0..CLIENTS {
            let (stop, seen) = (&stop, &seen);
            scope.spawn(move || client(server.addr, n, stop, seen));
        }
        // Stops the clients even if the writer panics.
        struct Stop<'a>(&'a AtomicBool);
        impl Drop for Stop<'_> {
            fn drop(&mut self) {
                self.0.store(true, Ordering::SeqCst);
            }
        }
        let _stop = Stop(&stop);
        while started.elapsed() < REWRITING {
            let welcome = json!({"responses": [{"type": "text", "elements": [WELCOMES[writes % 2]]}]});
            let path = "/stories/tiny/interactions/welcome";
            let put = server.call("PUT", path, Some(DEVELOPER), Some(&welcome));
            assert_eq!(put.status, 200, "write {writes}\n{}", put.show());
            writes += 1;
            std::thread::sleep(EVERY);
        }
        // The writes are compiled in the background: the clients go on until both welcomes
        // were seen (or it is clear they will not be).
        let both = poll(Duration::from_secs(10), || {
            let seen = seen.lock().expect("the clients' lock");
            WELCOMES.iter().all(|w| seen.welcomes.contains(*w)).then_some(())
        });
        assert!(
            both.is_some(),
            "both welcomes were not seen in 10 s\n{}",
            server.show()
        );
    });
    let seen = seen.into_inner().expect("the clients' lock");
    println!(
        "{} queries by {CLIENTS} clients and {writes} writes in {:?}",
        seen.queries,
        started.elapsed()
    );
    assert!(
        seen.failures.is_empty(),
        "{} of {} queries failed, the first: {:#?}\n{}",
        seen.failures.len(),
        seen.queries,
        &seen.failures[..seen.failures.len().min(3)],
        server.show()
    );
    assert!(writes >= 10, "only {writes} writes");
    assert!(seen.queries >= 100, "only {} queries", seen.queries);
    for welcome in WELCOMES {
        assert!(seen.welcomes.contains(welcome), "{:?}", seen.welcomes);
    }

    // The last write wins: its model is the one that stays.
    server.wait_revision(1 + writes as i64);
    let last = server.turn(&json!({"sessionId": "load-after-0123", "trigger": "welcome"}));
    assert_eq!(texts(&last), [WELCOMES[(writes - 1) % 2]], "{last}");
}

/// The ids of the entities `GET /entities` lists.
fn entity_ids(server: &Server) -> Vec<String> {
    let response = server.get("/entities");
    assert_eq!(response.status, 200, "{}", response.show());
    let entities = response.json();
    let list = entities
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {entities}"));
    list.iter()
        .map(|e| e["id"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[cfg(unix)]
#[test]
fn acknowledged_writes_survive_kill_9() {
    use std::os::unix::process::ExitStatusExt;

    let dir = TempDir::new("kill-9");
    let bot = dir.tiny_bot();
    let mut server = Server::start(&dir.db(), Some(&bot), TOKENS);
    let addr = server.addr;
    // Writes one entity after another until the server is gone; returns the ids of those
    // acknowledged with 200 (counted as they come), and the connection's error that ended
    // the writes (or the answer of a write that was refused).
    let count = Arc::new(AtomicUsize::new(0));
    let counted = count.clone();
    let writer = std::thread::spawn(move || {
        let mut acknowledged = Vec::new();
        for n in 0.. {
            let id = format!("e{n}");
            let entity =
                json!({"id": id, "name": id, "entries": [{"value": format!("v{n}"), "synonyms": []}]});
            match call_at(addr, "POST", "/entities", Some(DEVELOPER), Some(&entity)) {
                Ok(response) if response.status == 200 => {
                    acknowledged.push(id);
                    counted.fetch_add(1, Ordering::SeqCst);
                }
                Ok(response) => return (acknowledged, Err(format!("{id}: {}", response.show()))),
                Err(e) => return (acknowledged, Ok(format!("{id}: {e}"))),
            }
        }
        unreachable!("the writes go on until the server is gone")
    });
    // About 1 s of writes, and at least 10 of them even on a busy machine.
    let started = Instant::now();
    let enough = poll(Duration::from_secs(10), || {
        (started.elapsed() >= Duration::from_secs(1) && count.load(Ordering::SeqCst) >= 10).then_some(())
    });
    assert!(
        enough.is_some() && !writer.is_finished(),
        "the writes stopped before the kill\n{}",
        server.show()
    );
    let status = server.kill();
    assert_eq!(status.signal(), Some(9), "{status}\n{}", server.show());
    let (acknowledged, ended) = writer.join().expect("the writer does not panic");
    let ended = ended.unwrap_or_else(|refused| panic!("a write was refused: {refused}"));
    println!(
        "{} writes acknowledged before SIGKILL; then {ended}",
        acknowledged.len()
    );

    let restarted = Server::start(&dir.db(), None, TOKENS);
    for (n, id) in acknowledged.iter().enumerate() {
        let response = restarted.get(&format!("/entities/{id}"));
        assert_eq!(response.status, 200, "{}\n{}", response.show(), restarted.show());
        assert_eq!(response.json()["entries"][0]["value"], json!(format!("v{n}")));
    }
    // Every acknowledged write, and perhaps the one the kill interrupted, in order.
    let stored = entity_ids(&restarted);
    assert_eq!(stored[..acknowledged.len()], acknowledged[..], "{stored:?}");
    assert!(stored.len() <= acknowledged.len() + 1, "{stored:?}");
    // Each write made one revision over the import's.
    assert_eq!(restarted.revision(), 1 + stored.len() as i64);

    // The export is a whole bot: another server loads it.
    let export = restarted.get("/export");
    assert_eq!(export.status, 200, "{}", export.show());
    let exported = export.json();
    let other = TempDir::new("kill-9-export");
    let file = other.0.join("export.json");
    std::fs::write(&file, &export.body).expect("the export is written");
    let loaded = Server::start(&other.db(), Some(&file), TOKENS);
    assert_eq!(loaded.revision(), 1);
    assert_eq!(entity_ids(&loaded), stored);
    assert_eq!(loaded.get("/export").json(), exported);
    let welcome = loaded.turn(&json!({"sessionId": "kill-9-0123456789", "trigger": "welcome"}));
    assert_eq!(texts(&welcome), ["This is story tiny."], "{welcome}");
}
