//! The `intently` command line, run as a real process: `validate` over the sample bots and
//! broken copies of them, `eval` over tiny data sets, `explain` over the sample bots,
//! `query` turns with session files (corrupt, old and newer ones too), `chat` conversations
//! over piped input and in a pseudo-terminal, and `--help`.
//!
//! Files the tests write go to a directory of their own under the system's temporary
//! directory, removed when the test ends.

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Value, json};

/// The `intently` command with these arguments, not started.
fn intently_command<I, S>(args: I) -> Command
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut command = Command::new(env!("CARGO_BIN_EXE_intently"));
    command.args(args);
    command
}

/// Runs `intently` with these arguments.
fn intently<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    intently_command(args).output().expect("the intently binary runs")
}

/// Runs `intently` with these arguments and `input` piped to its standard input (which is
/// then not a terminal).
fn intently_fed<I, S>(args: I, input: &str) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut child = intently_command(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the intently binary starts");
    let mut stdin = child.stdin.take().expect("a pipe to its standard input");
    // Written from a thread, so a long answer filling the output pipe cannot block the
    // input; dropping the pipe ends the input.
    let input = input.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().expect("the intently binary runs");
    match writer.join().expect("the input writer does not panic") {
        // A run may end before it reads all its input (`/quit`, an invalid bot).
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => panic!("cannot write the input: {e}"),
        _ => output,
    }
}

/// The arguments `COMMAND BOT REST…`.
fn bot_args<'a>(command: &'a str, bot: &'a Path, rest: &[&'a str]) -> Vec<&'a OsStr> {
    let mut args = vec![OsStr::new(command), bot.as_os_str()];
    args.extend(rest.iter().copied().map(OsStr::new));
    args
}

/// A path as an argument among texts (the test's own paths are UTF-8).
fn utf8(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
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

/// Asserts that a run exited with `code` and that `stream` (its `stdout` or `stderr`) holds
/// each of `texts`.
fn expect(output: &Output, code: i32, stream: fn(&Output) -> String, texts: &[&str]) {
    assert_eq!(output.status.code(), Some(code), "{}", show(output));
    let said = stream(output);
    for text in texts {
        assert!(said.contains(text), "no {text:?}\n{}", show(output));
    }
}

/// The one JSON document a successful run printed.
fn json_stdout(output: &Output) -> Value {
    assert_eq!(output.status.code(), Some(0), "{}", show(output));
    serde_json::from_str(&stdout(output)).unwrap_or_else(|e| panic!("{e}\n{}", show(output)))
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

/// The path of a sample bot.
fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../data").join(name)
}

/// A copy of a sample bot, written into `dir`, that does not compile: its first
/// interaction's child is an interaction that does not exist (`no_such_interaction`).
fn broken_copy(dir: &TempDir, name: &str) -> PathBuf {
    let mut bot = read_json(&sample(name));
    bot["stories"][0]["interactions"][0]["contextOut"] = json!(["no_such_interaction"]);
    dir.write(&format!("broken-{name}"), bot.to_string())
}

/// A small bot, written into `dir`, that compiles in a moment: story `shop` with a welcome,
/// `order` (trigger `order`; it asks for the required `size`) and `greeting` (trigger
/// `hello`). For the runs that test the command line rather than the sample bots.
fn shop_bot(dir: &TempDir) -> PathBuf {
    let bot = json!({
        "stories": [{
            "id": "shop",
            "name": "Shop",
            "welcome": {"responses": [{"type": "text", "elements": ["Hi! Hungry?"]}]},
            "interactions": [
                {
                    "id": "order", "name": "Order", "root": true, "triggers": ["order"],
                    "userSays": ["I want a {{size:size}} pizza", "a pizza please", "can I order a pizza"],
                    "parameters": [{
                        "entity": "size", "alias": "size", "required": true,
                        "prompts": ["Which size: small or large?"]
                    }],
                    "responses": [{"type": "text", "elements": ["A {{size}} pizza, coming up."]}]
                },
                {
                    "id": "greeting", "name": "Greeting", "root": true, "triggers": ["hello"],
                    "userSays": ["hi", "hello", "good morning", "hey there"],
                    "responses": [{"type": "text", "elements": ["Hello!"]}]
                }
            ]
        }],
        "entities": [{"id": "size", "name": "size", "entries": [
            {"value": "small", "synonyms": []},
            {"value": "large", "synonyms": [{"value": "big"}]}
        ]}]
    });
    dir.write("shop.json", bot.to_string())
}

/// A webhook answer file (`--webhook-answer`) written into `dir`: one text and a parameter.
fn webhook_answer(dir: &TempDir) -> PathBuf {
    let answer = json!({
        "responses": [{"type": "text", "elements": ["Order #42 is in the oven."]}],
        "parameters": {"order_id": 42}
    });
    dir.write("webhook-answer.json", answer.to_string())
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

mod chat;
mod eval;
mod explain;
mod query;
mod validate;

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
    assert_eq!(
        commands,
        BTreeSet::from([
            "chat", "eval", "explain", "help", "query", "serve", "tokens", "validate"
        ]),
        "{help}"
    );
}

#[test]
fn an_unknown_command_is_a_usage_error() {
    let output = intently(["serve-all-the-things"]);
    assert_eq!(output.status.code(), Some(2), "{}", show(&output));
    assert!(
        stderr(&output).contains("unrecognized subcommand"),
        "{}",
        show(&output)
    );
}
