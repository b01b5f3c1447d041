//! Benchmarks of the engine: analysis, compilation and classification.
//!
//! Every benchmark checks its answer while it measures: the token count of the analysed
//! text, the accuracy of the classifier on the data it classifies. The CLINC150 benchmark
//! reads `../shared/data/clinc150/` and is skipped, with a message, where that folder is
//! absent (as in a fresh clone).
//!
//! Run with `cargo bench --bench engine`; one group with `cargo bench --bench engine -- clinc`.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};
use intently::analysis::Analyzer;
use intently::eval::{Labelled, bot_from_examples, read_jsonl};
use intently::story::Bot;
use intently::{Candidates, Language, Model, StoryModel};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// Share of `(text, expected id)` pairs the story answers right (`fallback` for none).
fn accuracy(story: &StoryModel, lines: &[(String, String)]) -> f64 {
    let right = lines
        .iter()
        .filter(|(text, want)| {
            let got = story.classify(text, &Candidates::Roots).best;
            let got = got.map_or("fallback", |m| story.interactions()[m.interaction].id.as_str());
            got == want || (want == "oos" && got == "fallback")
        })
        .count();
    right as f64 / lines.len().max(1) as f64
}

/// Reading the built-in English word vectors: what the first English model of a process
/// pays once (checksum, index of the pieces), and a phrase's vector.
fn word_vectors(c: &mut Criterion) {
    use intently::embed::WordVectors;
    static BYTES: &[u8] = include_bytes!("../src/embed/en.vec");
    c.bench_function("embed/read the English vectors", |b| {
        b.iter(|| black_box(WordVectors::from_static(BYTES).expect("reads")))
    });
    let vectors = WordVectors::english().expect("reads");
    let words = ["please", "annul", "my", "reservation", "for", "tonight"];
    let mut out = vec![0.0; vectors.dims()];
    assert!(vectors.phrase(words, &mut out));
    c.bench_function("embed/phrase of 6 words", |b| {
        b.iter(|| black_box(vectors.phrase(black_box(words), &mut out)))
    });
}

fn analysis(c: &mut Criterion) {
    let analyzer = Analyzer::new(Language::English);
    let text = "Could you please book me a table for four people at 7pm tomorrow, near the station?";
    assert_eq!(analyzer.analyze(text).len(), 16);
    c.bench_function("analysis/en 16 tokens", |b| {
        b.iter(|| black_box(analyzer.analyze(black_box(text))))
    });
}

fn sample_bots(c: &mut Criterion) {
    let text = std::fs::read_to_string(root().join("data/pizza.json")).expect("data/pizza.json");
    let bot = Bot::from_json(&text).expect("the pizza bot loads");
    c.bench_function("compile/pizza bot", |b| {
        b.iter(|| black_box(Model::compile(&bot).expect("compiles")))
    });
    let model = Model::compile(&bot).expect("compiles");
    let story = &model.stories()[0];
    let queries: Vec<(String, String)> = std::fs::read_to_string(root().join("data/pizza.queries.jsonl"))
        .expect("golden queries")
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v.get("context").is_none())
        .map(|v| {
            (
                v["text"].as_str().unwrap_or("").to_string(),
                v["interaction"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let right = accuracy(story, &queries);
    assert!(right >= 0.85, "pizza golden accuracy fell to {right:.3}");
    // Time linear in the length: the same question, 10 and 100 times as long.
    let hours = story
        .find("opening_hours")
        .expect("the pizza bot has opening_hours");
    for repeat in [10, 100, 435] {
        let long = "when do you open today ".repeat(repeat);
        let best = story
            .classify(&long, &Candidates::Roots)
            .best
            .map(|m| m.interaction);
        assert_eq!(best, Some(hours), "{} characters", long.len());
        c.bench_function(&format!("classify/pizza bot, {} characters", long.len()), |b| {
            b.iter(|| black_box(story.classify(black_box(&long), &Candidates::Roots)))
        });
    }
    let mut k = 0;
    c.bench_function("classify/pizza bot golden queries", |b| {
        b.iter(|| {
            k = (k + 1) % queries.len();
            black_box(story.classify(&queries[k].0, &Candidates::Roots))
        })
    });
}

/// A synthetic bot of `n` interactions: each has ten phrases built from its own two
/// signature words and shared filler words, so the right answer is known.
fn synthetic(n: usize) -> (Bot, Vec<(String, String)>) {
    let word = |i: usize| -> String {
        let letters = b"bcdfghjklmnprstvz";
        let vowels = b"aeiou";
        let mut s = String::new();
        let mut x = i + 7;
        for _ in 0..3 {
            s.push(letters[x % letters.len()] as char);
            x /= letters.len();
            s.push(vowels[x % vowels.len()] as char);
            x /= vowels.len();
        }
        s
    };
    let fillers = [
        "please",
        "can you",
        "i want to",
        "tell me about",
        "show",
        "the",
        "my",
        "now",
    ];
    let mut train = Vec::new();
    let mut test = Vec::new();
    for i in 0..n {
        let (a, b) = (word(2 * i), word(2 * i + 1));
        for k in 0..10 {
            let f = fillers[(i + k) % fillers.len()];
            let g = fillers[(i + 3 * k + 1) % fillers.len()];
            train.push(Labelled::new(format!("{f} {a} {g} {b}"), format!("i{i}")));
        }
        test.push((format!("{} {b} {a}", fillers[i % fillers.len()]), format!("i{i}")));
    }
    (bot_from_examples(&train, Language::English), test)
}

fn synthetic_bots(c: &mut Criterion) {
    for n in [100, 1_000, 10_000] {
        let (bot, test) = synthetic(n);
        let mut group = c.benchmark_group(format!("synthetic {n}"));
        group.sample_size(10);
        let started = std::time::Instant::now();
        let model = Model::compile(&bot).expect("the synthetic bot compiles");
        eprintln!(
            "synthetic {n}: compiled in {:?}, {} bytes",
            started.elapsed(),
            model.to_bytes().len()
        );
        let story = &model.stories()[0];
        let right = accuracy(story, &test);
        assert!(right >= 0.95, "synthetic {n}: accuracy {right:.3}");
        let mut k = 0;
        group.bench_function("classify", |b| {
            b.iter(|| {
                k = (k + 1) % test.len();
                black_box(story.classify(&test[k].0, &Candidates::Roots))
            })
        });
        group.finish();
    }
}

/// Ten user entities of 2,000 values with 20 synonyms each; a 20-token utterance that holds
/// three of their values (one with a typo).
fn user_entities(c: &mut Criterion) {
    use intently::entity::{UserEntities, resolve_overlaps};
    use intently::story::{Entity, EntityEntry, Synonym};
    let entities: Vec<Entity> = (0..10)
        .map(|e| Entity {
            id: format!("e{e}"),
            name: format!("e{e}"),
            extensible: false,
            entries: (0..2000)
                .map(|v| EntityEntry {
                    value: format!("value{e}x{v}"),
                    synonyms: (0..20)
                        .map(|s| Synonym {
                            value: format!("syn{e}x{v}x{s} word"),
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let analyzer = Analyzer::new(Language::English);
    let started = std::time::Instant::now();
    let compiled = UserEntities::compile(&entities, &analyzer);
    eprintln!(
        "user entities: 10 × 2,000 values × 21 phrases compiled in {:?}",
        started.elapsed()
    );
    let text = "please add value3x1999 and syn7x5x19 word to the list with valeu1x77 for me today and tomorrow ok right now please";
    let tokens = analyzer.analyze(text);
    assert_eq!(tokens.len(), 20);
    let found = |tokens: &[intently::analysis::Token]| {
        let mut out = Vec::new();
        compiled.extract(text, tokens, &mut out);
        resolve_overlaps(out)
    };
    let values: Vec<String> = found(&tokens)
        .iter()
        .map(|m| m.value.as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(values, ["value3x1999", "value7x5", "value1x77"]);
    c.bench_function("entities/20 tokens, 10 user entities of 2000 values", |b| {
        b.iter(|| black_box(found(black_box(&tokens))))
    });
}

/// Every system entity over a 260-character line of 90 numbers (cost linear in the input),
/// and over a sentence with dates and times resolved against a fixed reference.
fn system_entities(c: &mut Criterion) {
    use intently::entity::{Context, Reference, resolve_overlaps, system_entities};
    let analyzer = Analyzer::new(Language::English);
    let all = system_entities();
    let reference = Reference::new(2026, 11, 25, 9, 30, 0, 60).expect("a valid reference");
    let context = Context::new(Language::English, reference);
    let extract = |text: &str, tokens: &[intently::analysis::Token]| {
        let mut out = Vec::new();
        for entity in &all {
            entity.extract(text, tokens, &context, &mut out);
        }
        resolve_overlaps(out)
    };
    let numbers: String = (1..=90).map(|n| n.to_string()).collect::<Vec<_>>().join(" ");
    assert_eq!(numbers.len(), 260);
    let tokens = analyzer.analyze(&numbers);
    let integers =
        |found: &[intently::entity::EntityMatch]| found.iter().filter(|m| m.entity == "sys.integer").count();
    assert_eq!(integers(&extract(&numbers, &tokens)), 90);
    c.bench_function("entities/system, 260 characters of numbers", |b| {
        b.iter(|| black_box(extract(black_box(&numbers), black_box(&tokens))))
    });
    let text = "remind me tomorrow at 7pm and again next friday at noon, for 2 hours";
    let tokens = analyzer.analyze(text);
    let found = extract(text, &tokens);
    let value = |name: &str| {
        found
            .iter()
            .find(|m| m.entity == name)
            .map(|m| m.value.to_string())
            .unwrap_or_default()
    };
    assert_eq!(
        value("sys.datetime"),
        "\"2026-11-26T19:00:00+01:00\"",
        "{found:?}"
    );
    assert!(value("sys.duration").contains("7200"), "{found:?}");
    c.bench_function(
        "entities/system, a sentence with dates, times and a duration",
        |b| b.iter(|| black_box(extract(black_box(text), black_box(&tokens)))),
    );
}

fn clinc(c: &mut Criterion) {
    let dir = root().join("../shared/data/clinc150");
    let (Ok(train), Ok(valid)) = (
        std::fs::read_to_string(dir.join("train.jsonl")),
        std::fs::read_to_string(dir.join("valid.jsonl")),
    ) else {
        eprintln!("skipping the CLINC150 benchmarks: {} is absent", dir.display());
        return;
    };
    let train = read_jsonl(&train).expect("CLINC150 train parses");
    let valid = read_jsonl(&valid).expect("CLINC150 valid parses");
    let bot = bot_from_examples(&train, Language::English);
    let mut group = c.benchmark_group("clinc150");
    group.sample_size(10);
    group.bench_function("compile", |b| {
        b.iter(|| black_box(Model::compile(&bot).expect("compiles")))
    });
    let model = Model::compile(&bot).expect("compiles");
    let bytes = model.to_bytes();
    group.bench_function("from_bytes", |b| {
        b.iter(|| black_box(Model::from_bytes(&bytes).expect("reads")))
    });
    let story = &model.stories()[0];
    let lines: Vec<(String, String)> = valid.iter().map(|l| (l.text.clone(), l.intent.clone())).collect();
    let right = accuracy(story, &lines);
    assert!(right >= 0.92, "CLINC150 valid accuracy fell to {right:.3}");
    let mut k = 0;
    group.bench_function("classify", |b| {
        b.iter(|| {
            k = (k + 1) % lines.len();
            black_box(story.classify(&lines[k].0, &Candidates::Roots))
        })
    });
    group.finish();
}

/// Intents and learned entities on snips2017: the bot of its training lines (annotated
/// spans become annotated placeholders of extensible entities), classified with the tagger
/// on the test lines. Skipped where `../shared` is absent.
fn snips(c: &mut Criterion) {
    use intently::eval::{EntityReport, TypedSpan, trimmed};
    let dir = root().join("../shared/data/snips2017");
    let (Ok(train), Ok(test)) = (
        std::fs::read_to_string(dir.join("train.jsonl")),
        std::fs::read_to_string(dir.join("test.jsonl")),
    ) else {
        eprintln!("skipping the snips2017 benchmarks: {} is absent", dir.display());
        return;
    };
    let train = read_jsonl(&train).expect("snips2017 train parses");
    let test = read_jsonl(&test).expect("snips2017 test parses");
    let bot = bot_from_examples(&train, Language::English);
    let started = std::time::Instant::now();
    let model = Model::compile(&bot).expect("compiles");
    eprintln!("snips2017: compiled with its tagger in {:?}", started.elapsed());
    let story = &model.stories()[0];
    let spans: Vec<(Vec<TypedSpan>, Vec<TypedSpan>)> = test
        .iter()
        .map(|line| {
            let answer = story.classify(&line.text, &Candidates::Roots);
            let gold = line
                .entities
                .iter()
                .map(|e| (e.entity.clone(), trimmed(&line.text, e.start..e.end)));
            let found = answer.entities.iter().map(|m| {
                let span = trimmed(&line.text, m.span.char_start..m.span.char_end);
                (m.entity.clone(), span)
            });
            (gold.collect(), found.collect())
        })
        .collect();
    let f1 = EntityReport::new(&spans).f1;
    assert!(f1 >= 0.90, "snips2017 entity F1 fell to {f1:.3}");
    let lines: Vec<(String, String)> = test.iter().map(|l| (l.text.clone(), l.intent.clone())).collect();
    let right = accuracy(story, &lines);
    assert!(right >= 0.97, "snips2017 accuracy fell to {right:.3}");
    let mut k = 0;
    c.bench_function("snips2017/classify with learned entities", |b| {
        b.iter(|| {
            k = (k + 1) % lines.len();
            black_box(story.classify(&lines[k].0, &Candidates::Roots))
        })
    });
}

#[allow(missing_docs)]
mod group {
    use super::*;
    criterion_group!(
        benches,
        word_vectors,
        analysis,
        sample_bots,
        synthetic_bots,
        user_entities,
        system_entities,
        snips,
        clinc
    );
}
criterion_main!(group::benches);
