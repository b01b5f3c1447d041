//! `intently eval`: accuracy and speed of intently on a labelled data set, or of a bot
//! file's own story on its golden queries (`--bot`, in [`bot`]).

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, bail};
use intently::eval::{
    Calibration, EntityReport, LabelScores, Labelled, OUT_OF_SCOPE, Report, TypedSpan, bot_from_examples,
    read_jsonl, trimmed,
};
use intently::story::Bot;
use intently::{Candidates, Language, Model, StoryModel};
use serde_json::json;

mod bot;

/// The options of `intently eval`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Training data: JSON Lines of {"text", "intent", "entities"?}.
    #[arg(long, required_unless_present = "bot")]
    train: Option<PathBuf>,
    /// A bot file to measure instead of training on data: its story answers the --test
    /// lines, golden JSON Lines of {"text", "interaction", "context"?} (`data/*.queries.jsonl`;
    /// `interaction` is the id that must answer, or `fallback`).
    #[arg(
        long,
        value_name = "FILE",
        requires = "test",
        conflicts_with_all = ["train", "folds", "language", "oos_label"]
    )]
    bot: Option<PathBuf>,
    /// With --bot: the story to measure (its id); default: the bot's default story.
    #[arg(long, requires = "bot")]
    story: Option<String>,
    /// Test data, same format (golden lines with --bot); without it, --folds
    /// cross-validates on the training data.
    #[arg(long)]
    test: Option<PathBuf>,
    /// Cross-validate with this many folds on the training data (when no --test is given).
    #[arg(long, default_value_t = 5)]
    folds: usize,
    /// The language of the data (ISO 639-1).
    #[arg(long, default_value = "en")]
    language: String,
    /// Confidence threshold (default: the story default, 0.5).
    #[arg(long)]
    confidence: Option<f32>,
    /// Print one JSON object instead of a report.
    #[arg(long)]
    json: bool,
    /// A label of the data set that means out of scope (Braun's `None`): its lines are read
    /// as `oos` — the fallback's examples in training, expecting the fallback in test.
    #[arg(long, value_name = "LABEL")]
    oos_label: Vec<String>,
    /// Also write each test line's answer to this file, as JSON Lines of {"text", "expected",
    /// "predicted", "score", "entities"}.
    #[arg(long)]
    predictions: Option<PathBuf>,
}

struct Run {
    pairs: Vec<(String, String)>,
    /// Annotated and predicted entity spans, per test line.
    spans: Vec<(Vec<TypedSpan>, Vec<TypedSpan>)>,
    /// Whether any test line annotates entities.
    annotated: bool,
    predictions: Vec<serde_json::Value>,
    /// The score of each line's top-ranked interaction and whether it was the expected one.
    top_scores: Vec<(f32, bool)>,
    compile_ms: Vec<f64>,
    latencies_us: Vec<f64>,
    model_bytes: usize,
    from_bytes_ms: f64,
}

pub fn run(args: &Args) -> anyhow::Result<()> {
    let mut run = Run {
        pairs: Vec::new(),
        spans: Vec::new(),
        annotated: false,
        predictions: Vec::new(),
        top_scores: Vec::new(),
        compile_ms: Vec::new(),
        latencies_us: Vec::new(),
        model_bytes: 0,
        from_bytes_ms: 0.0,
    };
    match (&args.bot, &args.train, &args.test) {
        (Some(file), _, Some(test)) => bot::evaluate(file, test, args, &mut run)?,
        (None, Some(train), test) => trained(train, test.as_deref(), args, &mut run)?,
        // clap requires --test with --bot, and --train without it.
        _ => bail!("give --train DATA, or --bot FILE with --test GOLDEN"),
    }
    if let Some(path) = &args.predictions {
        let lines: String = run.predictions.iter().map(|v| format!("{v}\n")).collect();
        std::fs::write(path, lines).with_context(|| format!("cannot write {}", path.display()))?;
    }
    print(&run, args.json);
    Ok(())
}

/// Trains on a data set and measures on its test set, or cross-validates without one.
fn trained(train: &Path, test: Option<&Path>, args: &Args, run: &mut Run) -> anyhow::Result<()> {
    let language: Language = args.language.parse()?;
    let train = read(train, &args.oos_label)?;
    match test {
        Some(test) => {
            let test = read(test, &args.oos_label)?;
            evaluate(&train, &test, language, args, run)
        }
        None => {
            if args.folds < 2 {
                bail!("--folds must be at least 2 (or give --test)");
            }
            for (fold, (train, test)) in folds(&train, args.folds).into_iter().enumerate() {
                if !args.json {
                    eprintln!("fold {}/{}", fold + 1, args.folds);
                }
                evaluate(&train, &test, language, args, run)?;
            }
            Ok(())
        }
    }
}

fn read(path: &Path, oos_labels: &[String]) -> anyhow::Result<Vec<Labelled>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut lines = read_jsonl(&text).with_context(|| format!("{}", path.display()))?;
    for line in &mut lines {
        if oos_labels.contains(&line.intent) {
            line.intent = OUT_OF_SCOPE.to_string();
        }
    }
    if lines.is_empty() {
        bail!("{}: no labelled lines", path.display());
    }
    Ok(lines)
}

/// Splits the lines into `k` (train, test) folds after a fixed shuffle, each label spread
/// over the folds (stratified), so runs are reproducible.
fn folds(lines: &[Labelled], k: usize) -> Vec<(Vec<Labelled>, Vec<Labelled>)> {
    let mut order: Vec<usize> = (0..lines.len()).collect();
    let mut state: u64 = 0x5EED_F01D;
    for i in (1..order.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        order.swap(i, (state % (i as u64 + 1)) as usize);
    }
    order.sort_by(|&a, &b| lines[a].intent.cmp(&lines[b].intent));
    let fold_of: Vec<(usize, usize)> = order.iter().enumerate().map(|(rank, &i)| (i, rank % k)).collect();
    (0..k)
        .map(|f| {
            let mut train = Vec::new();
            let mut test = Vec::new();
            for &(i, fold) in &fold_of {
                if fold == f {
                    test.push(lines[i].clone())
                } else {
                    train.push(lines[i].clone())
                }
            }
            (train, test)
        })
        .collect()
}

fn evaluate(
    train: &[Labelled],
    test: &[Labelled],
    language: Language,
    args: &Args,
    run: &mut Run,
) -> anyhow::Result<()> {
    let bot = bot_from_examples(train, language);
    let model = prepare(&bot, run).context("the data set does not make a valid bot")?;
    let story = &model.stories()[0];
    let candidates = vec![Candidates::Roots; test.len()];
    measure(story, test, &candidates, args, run);
    Ok(())
}

/// Compiles a bot, and reads the model back from its bytes, timing both.
fn prepare(bot: &Bot, run: &mut Run) -> anyhow::Result<Model> {
    let started = Instant::now();
    let model = Model::compile(bot)?;
    run.compile_ms.push(started.elapsed().as_secs_f64() * 1e3);
    let bytes = model.to_bytes();
    run.model_bytes = bytes.len();
    let started = Instant::now();
    let model = Model::from_bytes(&bytes)?;
    run.from_bytes_ms = started.elapsed().as_secs_f64() * 1e3;
    Ok(model)
}

/// Classifies each test line among its candidates (`candidates[k]` for line `k`), timing
/// each, and scores the answers; a fallback is predicted as [`OUT_OF_SCOPE`].
fn measure(story: &StoryModel, test: &[Labelled], candidates: &[Candidates<'_>], args: &Args, run: &mut Run) {
    let threshold = args.confidence.unwrap_or(story.confidence());
    // Warm up caches and the branch predictor on a few lines first.
    for (line, candidates) in test.iter().zip(candidates).take(200) {
        std::hint::black_box(story.classify_with(&line.text, candidates, threshold));
    }
    let progress = Progress::new(test.len());
    // The timed loop only classifies: scoring the answers would evict the model's tables
    // from the caches between two measurements.
    let mut answers = Vec::with_capacity(test.len());
    for (k, (line, candidates)) in test.iter().zip(candidates).enumerate() {
        let started = Instant::now();
        let answer = story.classify_with(&line.text, candidates, threshold);
        run.latencies_us.push(started.elapsed().as_secs_f64() * 1e6);
        answers.push(answer);
        progress.tick(k + 1);
    }
    progress.done();
    for (line, answer) in test.iter().zip(&answers) {
        let predicted = answer
            .best
            .map_or(OUT_OF_SCOPE, |m| story.interactions()[m.interaction].id.as_str());
        run.pairs.push((line.intent.clone(), predicted.to_string()));
        let top = answer.ranking.first();
        run.top_scores.push((
            top.map_or(0.0, |m| m.score),
            top.is_some_and(|m| story.interactions()[m.interaction].id == line.intent),
        ));
        let trim = |start, end| trimmed(&line.text, start..end);
        let gold: Vec<TypedSpan> = line
            .entities
            .iter()
            .map(|e| (e.entity.clone(), trim(e.start, e.end)))
            .collect();
        let found: Vec<TypedSpan> = answer
            .entities
            .iter()
            .map(|m| (m.entity.clone(), trim(m.span.char_start, m.span.char_end)))
            .collect();
        run.annotated |= !gold.is_empty();
        if args.predictions.is_some() {
            run.predictions.push(json!({
                "text": line.text,
                "expected": line.intent,
                "predicted": predicted,
                "score": answer.best.or(answer.ranking.first().copied()).map(|m| m.score),
                "entities": answer.entities.iter().map(|m| json!({
                    "entity": m.entity, "value": m.value, "start": m.span.char_start, "end": m.span.char_end,
                })).collect::<Vec<_>>(),
            }));
        }
        run.spans.push((gold, found));
    }
}

/// A progress bar on stderr, only when stderr is a terminal.
struct Progress {
    total: usize,
    shown: bool,
}

impl Progress {
    fn new(total: usize) -> Progress {
        Progress {
            total,
            shown: std::io::stderr().is_terminal() && total >= 1000,
        }
    }
    fn tick(&self, done: usize) {
        if self.shown && (done % 100 == 0 || done == self.total) {
            let width = 40;
            let filled = done * width / self.total.max(1);
            eprint!(
                "\r[{}{}] {done}/{}",
                "#".repeat(filled),
                " ".repeat(width - filled),
                self.total
            );
        }
    }
    fn done(&self) {
        if self.shown {
            eprintln!();
        }
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

/// Peak resident memory of this process in bytes (Linux), if known.
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

fn print(run: &Run, as_json: bool) {
    let report = Report::new(&run.pairs);
    let mut latencies = run.latencies_us.clone();
    latencies.sort_by(f64::total_cmp);
    let p50 = percentile(&latencies, 50.0);
    let p99 = percentile(&latencies, 99.0);
    let mean = latencies.iter().sum::<f64>() / latencies.len().max(1) as f64;
    let compile_ms = run.compile_ms.iter().sum::<f64>() / run.compile_ms.len().max(1) as f64;
    let peak = peak_memory();
    let entities = run.annotated.then(|| EntityReport::new(&run.spans));
    let calibration = Calibration::new(&run.top_scores);
    if as_json {
        let value = json!({
            "n_test": report.n,
            "accuracy": report.accuracy,
            "macro_f1": report.macro_f1,
            "in_scope_accuracy": report.in_scope_accuracy,
            "oos_recall": report.oos_recall,
            "oos_precision": report.oos_precision,
            "compile_ms": compile_ms,
            "classify_us_p50": p50,
            "classify_us_p99": p99,
            "classify_us_mean": mean,
            "model_bytes": run.model_bytes,
            "from_bytes_ms": run.from_bytes_ms,
            "peak_memory_bytes": peak,
            "calibration_error": calibration.expected_error,
            "brier": calibration.brier,
            "reliability": calibration.bins,
            "per_intent": report.per_label,
            "confusions": report.confusions,
            "entity_precision": entities.as_ref().map(|e| e.precision),
            "entity_recall": entities.as_ref().map(|e| e.recall),
            "entity_f1": entities.as_ref().map(|e| e.f1),
            "per_entity": entities.as_ref().map(|e| &e.per_type),
        });
        println!("{value}");
        return;
    }
    let pct = |x: f64| format!("{:.2}%", 100.0 * x);
    println!("lines            {}", report.n);
    println!("accuracy         {}", pct(report.accuracy));
    println!("macro-F1         {:.4}", report.macro_f1);
    if let (Some(a), Some(r), Some(p)) = (report.in_scope_accuracy, report.oos_recall, report.oos_precision) {
        println!("in-scope acc.    {}", pct(a));
        println!("OOS recall       {}", pct(r));
        println!("OOS precision    {}", pct(p));
    }
    println!(
        "calibration      ECE {:.4}, Brier {:.4} (top-ranked interaction's score against its accuracy)",
        calibration.expected_error, calibration.brier
    );
    if let Some(e) = &entities {
        println!(
            "entities         P {:.4}  R {:.4}  F1 {:.4}  ({} annotated)",
            e.precision, e.recall, e.f1, e.support
        );
    }
    println!(
        "compile          {compile_ms:.0} ms{}",
        if run.compile_ms.len() > 1 {
            " (mean of folds)"
        } else {
            ""
        }
    );
    println!("classify         p50 {p50:.1} µs, p99 {p99:.1} µs, mean {mean:.1} µs");
    println!(
        "model            {} bytes (from_bytes {:.1} ms)",
        run.model_bytes, run.from_bytes_ms
    );
    if let Some(peak) = peak {
        println!("peak memory      {:.1} MiB", peak as f64 / (1024.0 * 1024.0));
    }
    print_reliability(&calibration);
    print_worst("intents", &report.per_label);
    println!("\ntop confusions (expected → predicted):");
    for (e, p, c) in report.confusions.iter().take(10) {
        println!("  {c:>4}  {e} → {p}");
    }
    if let Some(e) = &entities {
        print_worst("entity types", &e.per_type);
    }
}

/// The reliability table: per score bin, how often the top-ranked interaction was right.
fn print_reliability(calibration: &Calibration) {
    println!("\nreliability (score bin: lines, mean score → right):");
    for b in &calibration.bins {
        println!(
            "  [{:.1}, {:.1})  {:>6}  {:.3} → {:.3}",
            b.lower, b.upper, b.count, b.mean_score, b.accuracy
        );
    }
}

/// The ten labels of lowest F1, worst first.
fn print_worst(what: &str, scores: &BTreeMap<String, LabelScores>) {
    println!("\nworst {what} (F1):");
    let mut worst: Vec<_> = scores.iter().collect();
    worst.sort_by(|a, b| a.1.f1.total_cmp(&b.1.f1));
    for (label, s) in worst.iter().take(10) {
        println!(
            "  {:<32} F1 {:.3}  P {:.3}  R {:.3}  n {}",
            label, s.f1, s.precision, s.recall, s.support
        );
    }
}
