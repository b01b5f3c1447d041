//! The `intently` command line, run as a real process: `validate` over the sample bots and
//! broken copies of them, `eval` over tiny data sets, and `--help`.
//!
//! Files the tests write go to a directory of their own under the system's temporary
//! directory, removed when the test ends.

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Value, json};

/// Runs `intently` with these arguments.
fn intently<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    Command::new(env!("CARGO_BIN_EXE_intently"))
        .args(args)
        .output()
        .expect("the intently binary runs")
}

/// What a run printed, for failure messages.
fn show(output: &Output) -> String {
    format!(
        "status: {}\n--- stdout\n{}--- stderr\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

/// A directory of its own under the system's temporary directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(label: &str) -> TempDir {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let n = COUNT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("intently-cli-{}-{label}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        TempDir(dir)
    }

    /// Writes a file into the directory and returns its path.
    fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, contents).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The sample bots, `data/*.json` of the workspace.
fn samples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
    let mut bots: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    bots.sort();
    assert!(
        bots.len() >= 3,
        "expected the sample bots in {}, found {bots:?}",
        dir.display()
    );
    bots
}

fn read_json(path: &Path) -> Value {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn name_of(path: &Path) -> String {
    path.file_name()
        .expect("a file name")
        .to_string_lossy()
        .into_owned()
}

fn len(value: &Value) -> usize {
    value.as_array().map_or(0, Vec::len)
}

// --- validate ---------------------------------------------------------------------------------

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

// --- help -------------------------------------------------------------------------------------

#[test]
fn help_lists_only_the_commands_that_exist() {
    let output = intently(["--help"]);
    assert_eq!(output.status.code(), Some(0), "{}", show(&output));
    let help = stdout(&output);
    let commands: BTreeSet<&str> = help
        .lines()
        .skip_while(|line| line.trim() != "Commands:")
        .skip(1)
        .take_while(|line| !line.trim().is_empty())
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    assert_eq!(commands, BTreeSet::from(["eval", "help", "validate"]), "{help}");
}

#[test]
fn an_unknown_command_is_a_usage_error() {
    let output = intently(["serve"]);
    assert_eq!(output.status.code(), Some(2), "{}", show(&output));
    assert!(
        stderr(&output).contains("unrecognized subcommand"),
        "{}",
        show(&output)
    );
}

// --- eval -------------------------------------------------------------------------------------

/// A tiny data set: three intents that share no words.
const TRAIN: &[(&str, &str)] = &[
    ("when do you open", "hours"),
    ("what are your opening hours", "hours"),
    ("are you open on sunday", "hours"),
    ("show me the menu", "menu"),
    ("what is on the menu", "menu"),
    ("which dishes do you serve", "menu"),
    ("i want to book a table", "booking"),
    ("reserve a table for two", "booking"),
    ("can i make a reservation", "booking"),
    ("tell me a joke", "oos"),
    ("what is the weather like", "oos"),
];

fn jsonl(lines: &[(&str, &str)]) -> String {
    lines
        .iter()
        .map(|(text, intent)| format!("{}\n", json!({"text": text, "intent": intent})))
        .collect()
}

/// Runs `intently eval --train TRAIN --test TEST` with more arguments.
fn eval_files(train: &Path, test: &Path, extra: &[&OsStr]) -> Output {
    let mut args = vec![OsStr::new("eval"), OsStr::new("--train"), train.as_os_str()];
    args.extend([OsStr::new("--test"), test.as_os_str()]);
    args.extend(extra);
    intently(args)
}

/// Runs `intently eval` with the training set above and these test lines.
fn eval(dir: &TempDir, test: &[(&str, &str)], extra: &[&str]) -> Output {
    let train = dir.write("train.jsonl", jsonl(TRAIN));
    let test = dir.write("test.jsonl", jsonl(test));
    let extra: Vec<&OsStr> = extra.iter().map(OsStr::new).collect();
    eval_files(&train, &test, &extra)
}

/// The in-scope training lines: a classifier must get its own examples right.
fn in_scope_train() -> Vec<(&'static str, &'static str)> {
    TRAIN
        .iter()
        .copied()
        .filter(|(_, intent)| *intent != "oos")
        .collect()
}

#[test]
fn eval_prints_a_report_with_the_accuracy() {
    let dir = TempDir::new("eval-text");
    let test = in_scope_train();
    let output = eval(&dir, &test, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", show(&output));
    let out = stdout(&output);
    let field = |name: &str| {
        out.lines()
            .find_map(|line| line.strip_prefix(name))
            .map(str::trim)
            .unwrap_or_else(|| panic!("no {name:?} line\n{}", show(&output)))
    };
    assert_eq!(field("lines"), test.len().to_string(), "{}", show(&output));
    assert_eq!(field("accuracy"), "100.00%", "{}", show(&output));
    assert!(field("calibration").starts_with("ECE "), "{}", show(&output));
    assert!(out.contains("reliability ("), "{}", show(&output));
    assert!(
        !out.contains("OOS recall"),
        "no oos test lines, no OOS figures\n{}",
        show(&output)
    );
}

const JSON_KEYS: &[&str] = &[
    "entity_precision",
    "entity_recall",
    "entity_f1",
    "accuracy",
    "macro_f1",
    "in_scope_accuracy",
    "oos_recall",
    "oos_precision",
    "compile_ms",
    "classify_us_p50",
    "classify_us_p99",
    "classify_us_mean",
    "model_bytes",
    "n_test",
    "calibration_error",
    "brier",
    "reliability",
];

/// Runs eval with `--json` and returns its one object.
fn eval_json(dir: &TempDir, test: &[(&str, &str)]) -> serde_json::Map<String, Value> {
    let output = eval(dir, test, &["--json"]);
    assert_eq!(output.status.code(), Some(0), "{}", show(&output));
    let out = stdout(&output);
    assert_eq!(
        out.lines().count(),
        1,
        "one JSON object on one line\n{}",
        show(&output)
    );
    let value: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}\n{}", show(&output)));
    let object = value
        .as_object()
        .unwrap_or_else(|| panic!("not an object\n{}", show(&output)))
        .clone();
    for key in JSON_KEYS {
        assert!(object.contains_key(*key), "no key {key:?}\n{}", show(&output));
    }
    for key in [
        "accuracy",
        "macro_f1",
        "compile_ms",
        "classify_us_p50",
        "classify_us_p99",
        "classify_us_mean",
    ] {
        let x = object[key]
            .as_f64()
            .unwrap_or_else(|| panic!("{key} is not a number\n{}", show(&output)));
        assert!(x >= 0.0 && x.is_finite(), "{key} = {x}");
    }
    assert!(
        object["model_bytes"].as_u64().is_some_and(|n| n > 0),
        "{}",
        show(&output)
    );
    assert!(
        object["classify_us_p50"].as_f64() <= object["classify_us_p99"].as_f64(),
        "{}",
        show(&output)
    );
    object
}

#[test]
fn eval_json_without_oos_lines_has_null_oos_figures() {
    let dir = TempDir::new("eval-json");
    let test = in_scope_train();
    let report = eval_json(&dir, &test);
    assert_eq!(report["n_test"], json!(test.len()));
    assert_eq!(report["accuracy"], json!(1.0));
    assert_eq!(report["macro_f1"], json!(1.0));
    for key in ["in_scope_accuracy", "oos_recall", "oos_precision"] {
        assert_eq!(report[key], Value::Null, "{key} without oos test lines");
    }
}

#[test]
fn eval_json_has_a_reliability_table_over_every_line() {
    let dir = TempDir::new("eval-calibration");
    let test = in_scope_train();
    let report = eval_json(&dir, &test);
    let bins = report["reliability"]
        .as_array()
        .unwrap_or_else(|| panic!("reliability is {}", report["reliability"]));
    let count: u64 = bins.iter().filter_map(|b| b["count"].as_u64()).sum();
    assert_eq!(count, test.len() as u64, "every line in one bin: {bins:?}");
    // Every top-ranked answer is right here, so each bin's accuracy is 1 and the error is
    // what the scores fall short of 1.
    let mut shortfall = 0.0;
    for b in bins {
        assert_eq!(b["accuracy"], json!(1.0), "{b}");
        let (Some(mean), Some(n)) = (b["mean_score"].as_f64(), b["count"].as_f64()) else {
            panic!("bin without numbers: {b}");
        };
        shortfall += n / test.len() as f64 * (1.0 - mean);
    }
    let error = report["calibration_error"].as_f64().unwrap_or(f64::NAN);
    assert!((error - shortfall).abs() < 1e-9, "{error} against {shortfall}");
    let brier = report["brier"].as_f64().unwrap_or(f64::NAN);
    assert!((0.0..=1.0).contains(&brier), "brier {brier}");
}

#[test]
fn eval_json_with_oos_lines_has_oos_figures() {
    let dir = TempDir::new("eval-oos");
    let test: Vec<(&str, &str)> = TRAIN.to_vec();
    let report = eval_json(&dir, &test);
    assert_eq!(report["n_test"], json!(test.len()));
    for key in ["in_scope_accuracy", "oos_recall", "oos_precision"] {
        let x = report[key]
            .as_f64()
            .unwrap_or_else(|| panic!("{key} is {}", report[key]));
        assert!((0.0..=1.0).contains(&x), "{key} = {x}");
    }
}

#[test]
fn eval_names_the_line_of_a_malformed_jsonl_line() {
    let dir = TempDir::new("eval-malformed");
    let train = dir.write("train.jsonl", jsonl(TRAIN));
    let test = dir.write(
        "test.jsonl",
        "{\"text\": \"hi\", \"intent\": \"hours\"}\n\n{\"text\": \"hi\", \"intent\"\n",
    );
    let output = eval_files(&train, &test, &[]);
    assert_ne!(output.status.code(), Some(0), "{}", show(&output));
    let err = stderr(&output);
    assert!(
        err.contains(&test.display().to_string()),
        "names the file\n{}",
        show(&output)
    );
    assert!(err.contains("line 3"), "names the line\n{}", show(&output));
}

#[test]
fn eval_exits_2_on_a_missing_file() {
    let dir = TempDir::new("eval-missing");
    let train = dir.0.join("no-such-train.jsonl");
    let output = intently([OsStr::new("eval"), OsStr::new("--train"), train.as_os_str()]);
    assert_eq!(output.status.code(), Some(2), "{}", show(&output));
    assert!(
        stderr(&output).contains(&format!("cannot read {}", train.display())),
        "{}",
        show(&output)
    );
}

/// A booking data set whose lines annotate the city: the model learns where cities sit.
fn annotated(text: &str, city: &str) -> String {
    let start = text.find(city).expect("the city is in the text");
    let start = text[..start].chars().count();
    let end = start + city.chars().count();
    format!(
        "{}\n",
        json!({"text": text, "intent": "book", "entities": [{"entity": "city", "value": city, "start": start, "end": end}]})
    )
}

#[test]
fn eval_reports_entity_quality_on_annotated_lines() {
    let dir = TempDir::new("eval-entities");
    let train: String = [
        ("book a flight to Paris", "Paris"),
        ("i need a flight to Berlin tomorrow", "Berlin"),
        ("fly me to New York please", "New York"),
        ("get me a ticket to Rome", "Rome"),
        ("a flight to Madrid for two", "Madrid"),
        ("book me a ticket to Oslo", "Oslo"),
    ]
    .iter()
    .map(|(t, c)| annotated(t, c))
    .chain(
        jsonl(&[
            ("what time is it", "time"),
            ("tell me the time", "time"),
            ("what's the time now", "time"),
        ])
        .lines()
        .map(|l| format!("{l}\n")),
    )
    .collect();
    let train = dir.write("train.jsonl", train);
    let test = dir.write(
        "test.jsonl",
        [
            annotated("book a flight to Lisbon", "Lisbon"),
            annotated("fly me to Paris please", "Paris"),
        ]
        .concat(),
    );
    let predictions = dir.0.join("predictions.jsonl");
    let output = eval_files(
        &train,
        &test,
        &[
            OsStr::new("--json"),
            OsStr::new("--predictions"),
            predictions.as_os_str(),
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", show(&output));
    let report: Value = serde_json::from_str(&stdout(&output)).expect("one JSON object");
    for key in ["entity_precision", "entity_recall", "entity_f1"] {
        assert_eq!(report[key], json!(1.0), "{key}\n{}", show(&output));
    }
    assert_eq!(report["per_entity"]["city"]["support"], json!(2));
    let lines: Vec<Value> = std::fs::read_to_string(&predictions)
        .expect("the predictions file is written")
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["predicted"], json!("book"));
    assert_eq!(lines[0]["entities"][0]["value"], json!("Lisbon"));
    assert_eq!(lines[0]["entities"][0]["start"], json!(17));
}

#[test]
fn eval_without_annotations_has_null_entity_figures() {
    let dir = TempDir::new("eval-no-entities");
    let report = eval_json(&dir, &in_scope_train());
    for key in ["entity_precision", "entity_recall", "entity_f1"] {
        assert_eq!(report[key], Value::Null, "{key}");
    }
}

#[test]
fn an_oos_label_reads_its_lines_as_out_of_scope() {
    let dir = TempDir::new("eval-oos-label");
    let relabelled: Vec<(&str, &str)> = TRAIN
        .iter()
        .map(|&(t, i)| (t, if i == "oos" { "None" } else { i }))
        .collect();
    let train = dir.write("train.jsonl", jsonl(&relabelled));
    let test = dir.write("test.jsonl", jsonl(&relabelled));
    let run = |extra: &[&str]| -> Value {
        let args: Vec<&OsStr> = ["--json"].iter().chain(extra).map(OsStr::new).collect();
        let output = eval_files(&train, &test, &args);
        assert_eq!(output.status.code(), Some(0), "{}", show(&output));
        serde_json::from_str(&stdout(&output)).expect("one JSON object")
    };
    assert_eq!(
        run(&[])["oos_recall"],
        Value::Null,
        "None is an intent by default"
    );
    let report = run(&["--oos-label", "None"]);
    assert!(report["oos_recall"].as_f64().is_some(), "{report}");
    assert!(report["per_intent"].get("None").is_none(), "{report}");
}

#[test]
fn eval_names_a_predictions_file_it_cannot_write() {
    let dir = TempDir::new("eval-predictions-unwritable");
    let missing = dir.0.join("no such directory").join("predictions.jsonl");
    let output = eval(
        &dir,
        &in_scope_train(),
        &["--predictions", missing.to_str().expect("a UTF-8 temp path")],
    );
    assert_ne!(output.status.code(), Some(0), "{}", show(&output));
    let err = stderr(&output);
    assert!(
        err.contains("cannot write") && err.contains("predictions.jsonl"),
        "{err}"
    );
}
