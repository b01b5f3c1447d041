//! Benchmarks of conversations: a full turn (match, dialog, rendering) on the sample support
//! bot (`data/banking.json`), and a session's trip through JSON.
//!
//! Each benchmark checks its answers while it measures: the interactions the turns reach,
//! and the session's size.
//!
//! Run with `cargo bench --bench dialog`.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use intently::Model;
use intently::dialog::{Input, Reply, Session, TurnOptions};
use intently::entity::Reference;
use intently::story::Bot;

fn read(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The support bot's golden queries that start a conversation: `(text, interaction)`.
fn root_queries() -> Vec<(String, String)> {
    read("banking.queries.jsonl")
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v.get("context").is_none())
        .map(|v| {
            let field = |k: &str| v[k].as_str().unwrap_or_default().to_string();
            (field("text"), field("interaction"))
        })
        .collect()
}

fn answered(reply: &Reply) -> &str {
    reply.interaction.as_ref().map_or("", |i| i.id.as_str())
}

fn turns(c: &mut Criterion) {
    let bot = Bot::from_json(&read("banking.json")).expect("the support bot loads");
    let model = Model::compile(&bot).expect("compiles");
    // A fixed moment: the turns measured here say no dates, and a bench reads the same any day.
    let now = Reference::new(2026, 11, 24, 15, 30, 0, 60).expect("a valid time");
    let options = TurnOptions::new(now);
    let queries = root_queries();
    let fresh = Session::new(1);
    let right = queries
        .iter()
        .filter(|(text, want)| {
            let mut session = fresh.clone();
            let reply = model
                .respond_offline(&mut session, Input::Text(text), &options)
                .expect("a turn");
            assert!(session.to_json().len() <= 1024, "the session stays small");
            answered(&reply) == want
        })
        .count();
    let share = right as f64 / queries.len() as f64;
    assert!(
        share >= 0.95,
        "the golden queries reach their interaction in {share:.3} of turns"
    );

    let mut k = 0;
    c.bench_function("dialog/full turn, support bot golden queries", |b| {
        b.iter(|| {
            k = (k + 1) % queries.len();
            let mut session = fresh.clone();
            black_box(model.respond_offline(&mut session, Input::Text(&queries[k].0), &options))
        })
    });

    // Inside a conversation: the amount a transfer asked for.
    let mut asked = Session::new(1);
    let reply = model
        .respond_offline(&mut asked, Input::Text("I want to send money"), &options)
        .expect("a turn");
    assert_eq!(answered(&reply), "transfer_money");
    assert!(asked.pending.is_some(), "the transfer asks for the amount");
    c.bench_function("dialog/answer to a prompt, support bot", |b| {
        b.iter(|| {
            let mut session = asked.clone();
            let reply = model
                .respond_offline(&mut session, Input::Text(black_box("$50")), &options)
                .expect("a turn");
            assert_eq!(reply.parameters.get("amount").map(String::as_str), Some("$50"));
            black_box(reply)
        })
    });

    let json = asked.to_json();
    assert!(json.len() <= 1024, "{} bytes", json.len());
    c.bench_function("dialog/session to JSON and back", |b| {
        b.iter(|| black_box(Session::from_json(&black_box(&asked).to_json()).expect("reads")))
    });
}

#[allow(missing_docs)]
mod group {
    use super::*;
    criterion_group!(benches, turns);
}
criterion_main!(group::benches);
