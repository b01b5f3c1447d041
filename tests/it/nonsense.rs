//! Nonsense falls back: keyboard mash, escape sequences, lone letters and symbols, generated
//! from a seed, get the fallback from every sample bot, at the roots and inside every
//! context.
//!
//! The generator only makes what people's fingers and terminals make — runs along a keyboard
//! row, consonant clusters, letters held down, lone letters, symbols, arrow keys' escape
//! sequences — never a word, so a bot that answered one of these lines answered nothing.

use intently::{Candidates, Model};

use crate::common::samples;

/// The generated lines: at least 500, the same for every run.
const LINES: usize = 600;
const SEED: u64 = 0x6e6f_6e73_656e_7365;

const ROWS: [&str; 3] = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];
const CONSONANTS: &str = "bcdfghjklmnpqrstvwxz";
const SYMBOLS: &str = "!@#$%^&*()_+-=[]{};':\",./<>?`~\\|";
const ESCAPES: [&str; 10] = [
    "\u{1b}[A",
    "\u{1b}[B",
    "\u{1b}[C",
    "\u{1b}[D",
    "^[[A",
    "^[[B",
    "^[OA",
    "\u{1b}[1;5C",
    "\u{7f}",
    "\u{1b}",
];

fn pick(rng: &mut fastrand::Rng, set: &str) -> char {
    let chars: Vec<char> = set.chars().collect();
    chars[rng.usize(..chars.len())]
}

/// One run along a keyboard row ("sdfgh", "poiuy").
fn row_run(rng: &mut fastrand::Rng) -> String {
    let row: Vec<char> = ROWS[rng.usize(..ROWS.len())].chars().collect();
    let len = rng.usize(3..=row.len().min(8));
    let start = rng.usize(..=row.len() - len);
    let run: String = row[start..start + len].iter().collect();
    if rng.bool() {
        run.chars().rev().collect()
    } else {
        run
    }
}

/// One piece of mash.
fn piece(rng: &mut fastrand::Rng) -> String {
    match rng.u8(..7) {
        0 | 1 => row_run(rng),
        2 => (0..rng.usize(3..10)).map(|_| pick(rng, CONSONANTS)).collect(),
        3 => pick(rng, "abcdefghijklmnopqrstuvwxyz")
            .to_string()
            .repeat(rng.usize(1..8)),
        4 => (0..rng.usize(1..6)).map(|_| pick(rng, SYMBOLS)).collect(),
        5 => ESCAPES[rng.usize(..ESCAPES.len())].to_string(),
        _ => {
            let mut s = row_run(rng);
            s.push(pick(rng, ";'[],./"));
            s
        }
    }
}

/// The generated lines: one to three pieces, some shouted.
fn nonsense() -> Vec<String> {
    let mut rng = fastrand::Rng::with_seed(SEED);
    (0..LINES)
        .map(|_| {
            let line = (0..rng.usize(1..=3))
                .map(|_| piece(&mut rng))
                .collect::<Vec<_>>()
                .join(" ");
            if rng.u8(..5) == 0 {
                line.to_uppercase()
            } else {
                line
            }
        })
        .collect()
}

#[test]
fn the_generator_makes_what_it_says() {
    let lines = nonsense();
    assert!(lines.len() >= 500);
    assert_eq!(lines, nonsense(), "the same seed makes the same lines");
    let distinct: std::collections::BTreeSet<&String> = lines.iter().collect();
    assert!(distinct.len() > 400, "only {} distinct lines", distinct.len());
    assert!(lines.iter().any(|l| l.contains('\u{1b}')), "no escape sequence");
    assert!(
        lines
            .iter()
            .any(|l| l.chars().count() == 1 && l.chars().all(char::is_alphabetic))
    );
    assert!(
        lines
            .iter()
            .any(|l| l.chars().all(|c| c.is_ascii_punctuation() || c == ' '))
    );
}

#[test]
fn nonsense_falls_back_on_every_sample_bot() {
    let lines = nonsense();
    for sample in samples() {
        let model = Model::compile(&sample.bot()).unwrap_or_else(|e| panic!("{}: {e}", sample.name));
        for story in model.stories() {
            // At the roots, and with every interaction a candidate (the widest context).
            for candidates in [Candidates::Roots, Candidates::All] {
                let answered: Vec<String> = lines
                    .iter()
                    .filter_map(|line| {
                        let c = story.classify(line, &candidates);
                        let best = c.best?;
                        Some(format!(
                            "  {line:?} → {} ({:.2})",
                            story.interactions()[best.interaction].id,
                            best.score
                        ))
                    })
                    .collect();
                assert!(
                    answered.is_empty(),
                    "{}/{} ({candidates:?}): {} of {} nonsense lines matched:\n{}\nhelp: `intently explain data/{}.json -- LINE` shows the features",
                    sample.name,
                    story.id(),
                    answered.len(),
                    lines.len(),
                    answered.join("\n"),
                    sample.name
                );
            }
        }
    }
}
