//! Measures the learned slot tagger on annotated JSON Lines data sets.
//!
//! ```text
//! cargo run --release --example tagger_eval -- TRAIN.jsonl TEST.jsonl [TRAIN2 TEST2 …] [options]
//! ```
//!
//! For each pair of files it trains a [`Tagger`] on the training spans, with a gazetteer of
//! user entities built from the training values of each entity, then tags every test line
//! allowing only the entities seen in training with the line's gold intent, as if the intent
//! had been predicted right. Spans are compared exactly, as (entity, character range) pairs,
//! after trimming whitespace and punctuation at their edges. It prints precision, recall and
//! micro F1 (pooled over all pairs when there are several), F1 per entity, training time,
//! model size, and the median time of one `tag` call (over all test lines, and over those of
//! 18 to 22 tokens, with the intent's entities and with all of them).
//!
//! Options:
//!
//! - `--sys`: the gazetteer finds the system entities too (`sys.number`…);
//! - `--errors`: list the test lines with a wrong or missed span;
//! - `--repeat=N`: tag each test line N times (3 by default) for the latency figures;
//! - `--bench`: tag each line of 18 to 22 tokens 20,000 times more, print the mean times,
//!   and give a profiler something to look at.
//!
//! Missing files are reported and skipped; the program then exits with status 0.

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use intently::Language;
use intently::analysis::{Analyzer, Token};
use intently::entity::{
    Context, EntityMatch, Reference, TaggedExample, Tagger, UserEntities, extract_system,
};
use intently::eval::{EntityReport, Labelled, TypedSpan, read_jsonl, trimmed};
use intently::story::Entity;

/// The training examples of labelled lines.
fn examples(lines: &[Labelled]) -> Vec<TaggedExample> {
    lines
        .iter()
        .map(|l| TaggedExample {
            text: l.text.clone(),
            spans: l
                .entities
                .iter()
                .map(|e| (e.entity.clone(), e.start..e.end))
                .collect(),
        })
        .collect()
}

/// One user entity per annotated type, whose entries are the values annotated in training.
fn gazetteer_entities(lines: &[Labelled]) -> Vec<Entity> {
    let mut values: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for l in lines {
        let chars: Vec<char> = l.text.chars().collect();
        for e in &l.entities {
            let range = trimmed(&l.text, e.start..e.end);
            let value: String = chars[range].iter().collect();
            if !value.is_empty() {
                values.entry(&e.entity).or_default().insert(value);
            }
        }
    }
    values
        .into_iter()
        .filter_map(|(name, values)| {
            // Through JSON, so that fields the bot model adds keep their defaults.
            let entries: Vec<serde_json::Value> = values
                .into_iter()
                .map(|value| serde_json::json!({"value": value}))
                .collect();
            serde_json::from_value(serde_json::json!({"id": name, "name": name, "entries": entries})).ok()
        })
        .collect()
}

/// What one train/test pair measured.
struct Run {
    /// Annotated and found spans, per test line.
    spans: Vec<(Vec<TypedSpan>, Vec<TypedSpan>)>,
    train_time: Duration,
    bytes: usize,
    latencies: Vec<Duration>,
    /// Tag times of the lines of 18 to 22 tokens, as `(with the intent's entities, with all)`.
    long: Vec<(Duration, Duration)>,
}

/// How many times `--bench` tags each line of 18 to 22 tokens.
const BENCH_ROUNDS: u32 = 20_000;

/// What to measure besides accuracy.
#[derive(Debug, Clone, Copy)]
struct Options {
    /// Add the system entities to the gazetteer.
    system: bool,
    /// List the lines with a wrong or missed span.
    errors: bool,
    /// Tag each line this many times for the latency figures.
    repeat: usize,
    /// Tag the lines of 18 to 22 tokens 20,000 times more each, for a profiler.
    bench: bool,
}

fn run(train: &[Labelled], test: &[Labelled], options: Options) -> Run {
    let Options {
        system,
        errors,
        repeat,
        bench,
    } = options;
    let analyzer = Analyzer::new(Language::English);
    let users = UserEntities::compile(&gazetteer_entities(train), &analyzer);
    let context = Context::new(Language::English, Reference::EPOCH);
    let gazetteer = |text: &str, tokens: &[Token]| -> Vec<EntityMatch> {
        let mut out = if system {
            extract_system(text, tokens, &context)
        } else {
            Vec::new()
        };
        users.extract(text, tokens, &mut out);
        out
    };
    let mut by_intent: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for l in train {
        let entry = by_intent.entry(&l.intent).or_default();
        entry.extend(l.entities.iter().map(|e| e.entity.as_str()));
    }

    let started = Instant::now();
    let tagger = Tagger::train(&examples(train), &analyzer, &gazetteer);
    let train_time = started.elapsed();
    let bytes = tagger.to_bytes();
    let tagger = match Tagger::from_bytes(&bytes) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("the tagger's bytes do not read back: {e}");
            std::process::exit(1);
        }
    };

    let mut spans = Vec::with_capacity(test.len());
    let (mut latencies, mut long) = (Vec::new(), Vec::new());
    for line in test {
        let tokens = analyzer.analyze(&line.text);
        let matches = gazetteer(&line.text, &tokens);
        let allowed: Vec<&str> = by_intent
            .get(line.intent.as_str())
            .map(|s| s.iter().copied().collect())
            .unwrap_or_default();
        let mut found = Vec::new();
        for _ in 0..repeat {
            let started = Instant::now();
            found = tagger.tag(&line.text, &tokens, &matches, Some(&allowed));
            let took = started.elapsed();
            latencies.push(took);
            if (18..=22).contains(&tokens.len()) {
                let started = Instant::now();
                let all = tagger.tag(&line.text, &tokens, &matches, None);
                long.push((took, started.elapsed()));
                std::hint::black_box(all);
            }
        }
        if bench && (18..=22).contains(&tokens.len()) {
            let started = Instant::now();
            for _ in 0..BENCH_ROUNDS {
                std::hint::black_box(tagger.tag(&line.text, &tokens, &matches, Some(&allowed)));
            }
            let masked = started.elapsed() / BENCH_ROUNDS;
            let started = Instant::now();
            for _ in 0..BENCH_ROUNDS {
                std::hint::black_box(tagger.tag(&line.text, &tokens, &matches, None));
            }
            println!(
                "  bench {} tokens, {} entities allowed: {:.1} µs; all allowed: {:.1} µs",
                tokens.len(),
                allowed.len(),
                masked.as_secs_f64() * 1e6,
                (started.elapsed() / BENCH_ROUNDS).as_secs_f64() * 1e6
            );
        }
        let typed = |entity: &str, start, end| (entity.to_string(), trimmed(&line.text, start..end));
        let gold: Vec<TypedSpan> = line
            .entities
            .iter()
            .map(|e| typed(&e.entity, e.start, e.end))
            .collect();
        let predicted: Vec<TypedSpan> = found
            .iter()
            .map(|m| typed(&m.entity, m.span.char_start, m.span.char_end))
            .collect();
        let (mut g, mut p) = (gold.clone(), predicted.clone());
        g.sort_by(|a, b| (&a.0, a.1.start, a.1.end).cmp(&(&b.0, b.1.start, b.1.end)));
        p.sort_by(|a, b| (&a.0, a.1.start, a.1.end).cmp(&(&b.0, b.1.start, b.1.end)));
        if errors && g != p {
            let chars: Vec<char> = line.text.chars().collect();
            let show = |spans: &[TypedSpan]| {
                spans
                    .iter()
                    .map(|(e, r)| format!("{e}={:?}", chars[r.clone()].iter().collect::<String>()))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            println!(
                "  {:?}\n    gold: {}\n    got:  {}",
                line.text,
                show(&gold),
                show(&predicted)
            );
        }
        spans.push((gold, predicted));
    }
    Run {
        spans,
        train_time,
        bytes: bytes.len(),
        latencies,
        long,
    }
}

fn read(path: &str) -> Option<Vec<Labelled>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            println!("skipping {path}: {e}");
            return None;
        }
    };
    match read_jsonl(&text) {
        Ok(lines) => Some(lines),
        Err(e) => {
            println!("skipping {path}: {e}");
            None
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| args.iter().any(|a| a == name);
    let (system, errors, bench) = (flag("--sys"), flag("--errors"), flag("--bench"));
    let repeat = args
        .iter()
        .find_map(|a| a.strip_prefix("--repeat="))
        .and_then(|n| n.parse().ok())
        .unwrap_or(3usize)
        .max(1);
    let files: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    if files.is_empty() || files.len() % 2 != 0 {
        println!(
            "usage: tagger_eval TRAIN.jsonl TEST.jsonl [TRAIN2.jsonl TEST2.jsonl …] \
             [--sys] [--errors] [--repeat=N] [--bench]"
        );
        return;
    }
    let mut pooled = Vec::new();
    let (mut latencies, mut long) = (Vec::new(), Vec::new());
    let mut runs = 0;
    for pair in files.chunks(2) {
        let (Some(train), Some(test)) = (read(pair[0]), read(pair[1])) else {
            continue;
        };
        let options = Options {
            system,
            errors,
            repeat,
            bench,
        };
        let r = run(&train, &test, options);
        let report = EntityReport::new(&r.spans);
        println!(
            "{}: {} train / {} test lines; P {:.4} R {:.4} F1 {:.4} ({} annotated); trained in {:.2} s; {:.2} MB",
            pair[1],
            train.len(),
            test.len(),
            report.precision,
            report.recall,
            report.f1,
            report.support,
            r.train_time.as_secs_f64(),
            r.bytes as f64 / 1e6
        );
        pooled.extend(r.spans);
        latencies.extend(r.latencies);
        long.extend(r.long);
        runs += 1;
    }
    if runs == 0 {
        println!("no data found: nothing measured");
        return;
    }
    let report = EntityReport::new(&pooled);
    println!("per entity (F1, support):");
    for (entity, scores) in &report.per_type {
        println!("  {entity:<28} {:.3} {:>5}", scores.f1, scores.support);
    }
    latencies.sort();
    let p50 = latencies.get(latencies.len() / 2).copied().unwrap_or_default();
    let p99 = latencies
        .get(latencies.len() * 99 / 100)
        .copied()
        .unwrap_or_default();
    println!(
        "micro: P {:.4} R {:.4} F1 {:.4} ({} annotated); tag p50 {:.1} µs, p99 {:.1} µs",
        report.precision,
        report.recall,
        report.f1,
        report.support,
        p50.as_secs_f64() * 1e6,
        p99.as_secs_f64() * 1e6
    );
    if !long.is_empty() {
        let median = |mut v: Vec<Duration>| {
            v.sort();
            v[v.len() / 2].as_secs_f64() * 1e6
        };
        println!(
            "lines of 18-22 tokens: tag p50 {:.1} µs with the intent's entities, {:.1} µs with all",
            median(long.iter().map(|x| x.0).collect()),
            median(long.iter().map(|x| x.1).collect())
        );
    }
}
