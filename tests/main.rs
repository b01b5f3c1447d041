//! The integration tests of intently: one binary, one module per area, all over the sample bots
//! of `data/`.
//!
//! - [`samples`]: every bot in `data/*.json` loads and validates without a problem.
//! - [`golden`]: the golden queries of each bot (`data/<bot>.queries.jsonl`) name real
//!   interactions and contexts, and are numerous and varied enough to test with.
//! - [`broken`]: broken copies of each bot fail with the exact kind, path and position.
//! - [`matching`]: the compiled bots answer their golden queries; typos, keywords, fallback,
//!   byte format.
//! - [`slots`]: the pizza bot's extensible entity finds values it was never told about.
//! - [`transcripts`]: conversations (`data/<bot>.transcript.jsonl`) replay as written.
//! - [`nonsense`]: generated keyboard mash, escape sequences and symbols fall back.
//!
//! The tests iterate the `data/` directory, so a new bot is covered as soon as it is added.

#[path = "it/common.rs"]
mod common;

#[path = "it/samples.rs"]
mod samples;

#[path = "it/golden.rs"]
mod golden;

#[path = "it/broken.rs"]
mod broken;

#[path = "it/matching.rs"]
mod matching;

#[path = "it/slots.rs"]
mod slots;

#[path = "it/transcripts.rs"]
mod transcripts;

#[path = "it/nonsense.rs"]
mod nonsense;
