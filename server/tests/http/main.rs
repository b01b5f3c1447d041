//! `intently serve`, run as a real process and called over real HTTP on loopback: each test
//! starts its own server on port 0 with a database of its own, and talks to it with a
//! minimal HTTP/1.1 client over `std::net::TcpStream`. Conversations over `/query`, the
//! tokens of every route, the envelope of every error, live and persistent writes, tokens
//! created on first start, and `/training`.
//!
//! Files the tests write go to a directory of their own under the system's temporary
//! directory, removed when the test ends; a server still running when its test ends is
//! killed.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How long a server may take to start listening.
const START_TIMEOUT: Duration = Duration::from_secs(20);
/// How long a server may take to stop after SIGTERM.
const STOP_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a request may wait for the server.
const IO_TIMEOUT: Duration = Duration::from_secs(10);

/// The developer token the tests give the server in its environment.
const DEVELOPER: &str = "developer-token-of-the-http-tests";
/// The client token the tests give the server in its environment.
const CLIENT: &str = "client-token-of-the-http-tests";
/// Both, as [`Server::start`] takes them.
const TOKENS: (&str, &str) = (DEVELOPER, CLIENT);

/// A directory of its own under the system's temporary directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(label: &str) -> TempDir {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let n = COUNT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("intently-http-{}-{label}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        TempDir(dir)
    }

    /// The path of the database in this directory.
    fn db(&self) -> PathBuf {
        self.0.join("intently.db")
    }

    /// Writes a bot of one small story, `tiny` (cheap to compile), in this directory; returns
    /// its path.
    fn tiny_bot(&self) -> PathBuf {
        let bot = self.0.join("tiny.json");
        let tiny = json!({"stories": [small_story("tiny")]});
        std::fs::write(&bot, tiny.to_string()).expect("the bot is written");
        bot
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The path of the pizza sample bot.
fn pizza_bot() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/pizza.json")
}

/// The pizza sample bot, as JSON.
fn pizza_json() -> Value {
    let path = pizza_bot();
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A small story that is valid next to the pizza bot's: a welcome and one interaction.
fn small_story(id: &str) -> Value {
    json!({
        "id": id,
        "name": format!("Story {id}"),
        "welcome": {"responses": [{"type": "text", "elements": [format!("This is story {id}.")]}]},
        "interactions": [{
            "id": format!("{id}_hours"),
            "name": "Opening hours",
            "root": true,
            "userSays": ["when are you open", "what are your opening hours", "what time do you close"],
            "responses": [{"type": "text", "elements": ["We are open from 11 am to 11 pm."]}]
        }]
    })
}

/// The lines a stream of the server printed so far, kept by a thread that reads it to its
/// end; each line is also sent on `lines`, if given.
fn drain(
    stream: impl Read + Send + 'static,
    lines: Option<mpsc::Sender<String>>,
) -> (Arc<Mutex<Vec<String>>>, JoinHandle<()>) {
    let kept = Arc::new(Mutex::new(Vec::new()));
    let keeper = kept.clone();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            keeper.lock().expect("the output lock").push(line.clone());
            if let Some(lines) = &lines {
                // The test may have stopped listening: the line is kept all the same.
                let _ = lines.send(line);
            }
        }
    });
    (kept, reader)
}

/// An `intently serve` process, killed on drop.
struct Server {
    child: Child,
    /// Where it listens.
    addr: SocketAddr,
    stdout: Arc<Mutex<Vec<String>>>,
    stderr: Arc<Mutex<Vec<String>>>,
    readers: Vec<JoinHandle<()>>,
}

impl Server {
    /// Starts `intently serve --addr 127.0.0.1:0 --db DB [--bot FILE]` with the developer and
    /// client tokens in its environment, and waits until it listens.
    fn start(db: &Path, bot: Option<&Path>, tokens: (&str, &str)) -> Server {
        Server::launch(db, bot, Some(tokens), &[])
    }

    /// Like [`Server::start`], but without tokens in the environment: the server uses the
    /// stored ones or creates them.
    fn start_without_tokens(db: &Path, bot: Option<&Path>) -> Server {
        Server::launch(db, bot, None, &[])
    }

    /// Like [`Server::start`], with more options of `intently serve`.
    fn start_with(db: &Path, bot: Option<&Path>, tokens: (&str, &str), options: &[&str]) -> Server {
        Server::launch(db, bot, Some(tokens), options)
    }

    fn launch(db: &Path, bot: Option<&Path>, tokens: Option<(&str, &str)>, options: &[&str]) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_intently"));
        command.args(["serve", "--addr", "127.0.0.1:0", "--db"]).arg(db);
        command.args(options);
        if let Some(bot) = bot {
            command.arg("--bot").arg(bot);
        }
        command.env_remove("INTENTLY_DEVELOPER_TOKEN");
        command.env_remove("INTENTLY_CLIENT_TOKEN");
        if let Some((developer, client)) = tokens {
            command.env("INTENTLY_DEVELOPER_TOKEN", developer);
            command.env("INTENTLY_CLIENT_TOKEN", client);
        }
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the intently binary starts");
        let (sender, lines) = mpsc::channel();
        let (stdout, out_reader) = drain(child.stdout.take().expect("a pipe from stdout"), Some(sender));
        let (stderr, err_reader) = drain(child.stderr.take().expect("a pipe from stderr"), None);
        let mut server = Server {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            stdout,
            stderr,
            readers: vec![out_reader, err_reader],
        };
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match lines.recv_timeout(left) {
                Ok(line) => {
                    if let Some(addr) = line.strip_prefix("listening on http://") {
                        server.addr = addr
                            .parse()
                            .unwrap_or_else(|e| panic!("{addr:?}: {e}\n{}", server.show()));
                        return server;
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    panic!("not listening after {START_TIMEOUT:?}\n{}", server.show())
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    let status = server.child.wait().expect("the server's exit status");
                    for reader in server.readers.drain(..) {
                        reader.join().expect("an output reader does not panic");
                    }
                    panic!("the server exited before listening: {status}\n{}", server.show())
                }
            }
        }
    }

    /// What the server printed on its standard output so far.
    fn stdout(&self) -> Vec<String> {
        self.stdout.lock().expect("the output lock").clone()
    }

    /// What the server printed on its standard error so far (all of it once stopped).
    fn stderr(&self) -> String {
        self.stderr.lock().expect("the output lock").join("\n")
    }

    /// What the server printed so far, for failure messages.
    fn show(&self) -> String {
        let stderr = self.stderr.lock().expect("the output lock").join("\n");
        format!("--- stdout\n{}\n--- stderr\n{stderr}", self.stdout().join("\n"))
    }

    /// Sends SIGTERM and waits for the server to exit (its output is then complete).
    #[cfg(unix)]
    fn stop(&mut self) -> ExitStatus {
        let kill = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(kill.success(), "kill -TERM failed: {kill}");
        let deadline = Instant::now() + STOP_TIMEOUT;
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("the server's exit status") {
                break status;
            }
            assert!(
                Instant::now() < deadline,
                "still running {STOP_TIMEOUT:?} after SIGTERM\n{}",
                self.show()
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        for reader in self.readers.drain(..) {
            reader.join().expect("an output reader does not panic");
        }
        status
    }

    /// Sends SIGKILL and waits for the server to exit: no chance to clean up.
    fn kill(&mut self) -> ExitStatus {
        self.child.kill().expect("the server can be killed");
        let status = self.child.wait().expect("the server's exit status");
        for reader in self.readers.drain(..) {
            reader.join().expect("an output reader does not panic");
        }
        status
    }

    /// Calls the server: `body`, if any, is sent as JSON; `token`, if any, as the bearer.
    fn call(&self, method: &str, path: &str, token: Option<&str>, body: Option<&Value>) -> Response {
        call_at(self.addr, method, path, token, body)
            .unwrap_or_else(|e| panic!("{method} {path}: no response from {}: {e}", self.addr))
    }

    /// The revision of the model that answers queries (`GET /health`).
    fn revision(&self) -> i64 {
        let health = self.call("GET", "/health", None, None);
        assert_eq!(health.status, 200, "{}", health.show());
        let revision = health.json()["revision"].as_i64();
        revision.unwrap_or_else(|| panic!("no revision\n{}", health.show()))
    }

    /// Waits until the model of `revision` (or a newer one) answers queries: writes are
    /// compiled off the request path. Returns how long that took.
    fn wait_revision(&self, revision: i64) -> Duration {
        let live = poll(Duration::from_secs(10), || {
            (self.revision() >= revision).then_some(())
        });
        let ((), took) =
            live.unwrap_or_else(|| panic!("revision {revision} is not live after 10 s\n{}", self.show()));
        took
    }

    /// A sample of `GET /metrics` without labels (a counter or a gauge).
    fn metric(&self, name: &str) -> u64 {
        let metrics = self.get("/metrics");
        assert_eq!(metrics.status, 200, "{}", metrics.show());
        let value = metrics
            .body
            .lines()
            .find_map(|line| line.strip_prefix(name)?.strip_prefix(' ')?.parse().ok());
        value.unwrap_or_else(|| panic!("no {name} in\n{}", metrics.body))
    }

    /// `GET path` with the developer token.
    fn get(&self, path: &str) -> Response {
        self.call("GET", path, Some(DEVELOPER), None)
    }

    /// `POST /query` with the client token.
    fn query(&self, body: &Value) -> Response {
        self.call("POST", "/query", Some(CLIENT), Some(body))
    }

    /// The result of a `/query` turn that must succeed.
    fn turn(&self, body: &Value) -> Value {
        let response = self.query(body);
        assert_eq!(response.status, 200, "{body}\n{}", response.show());
        response.json()["result"].clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A server of the pizza bot, with a database of its own, started with [`TOKENS`].
struct Pizza {
    /// Declared first: it stops before its directory goes.
    server: Server,
    _dir: TempDir,
}

impl Pizza {
    fn start(label: &str) -> Pizza {
        Pizza::start_with(label, &[])
    }

    /// Like [`Pizza::start`], with more options of `intently serve`.
    fn start_with(label: &str, options: &[&str]) -> Pizza {
        let dir = TempDir::new(label);
        let server = Server::start_with(&dir.db(), Some(&pizza_bot()), TOKENS, options);
        Pizza { server, _dir: dir }
    }

    /// Like [`Pizza::start_with`], with the pizza bot as `edit` leaves it (written to the
    /// test's directory).
    fn start_edited(label: &str, edit: impl FnOnce(&mut Value), options: &[&str]) -> Pizza {
        let dir = TempDir::new(label);
        let mut bot = pizza_json();
        edit(&mut bot);
        let file = dir.0.join("pizza.json");
        std::fs::write(&file, bot.to_string()).expect("the bot is written");
        let server = Server::start_with(&dir.db(), Some(&file), TOKENS, options);
        Pizza { server, _dir: dir }
    }
}

/// The value of a header field among fields whose names are in lower case.
fn field<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    let name = name.to_ascii_lowercase();
    headers.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
}

/// An HTTP response.
#[derive(Debug)]
struct Response {
    status: u16,
    /// The header fields, names in lower case.
    headers: Vec<(String, String)>,
    body: String,
}

impl Response {
    /// The value of a header field.
    fn header(&self, name: &str) -> Option<&str> {
        field(&self.headers, name)
    }

    /// The body, which must be JSON.
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON: {e}\n{}", self.show()))
    }

    /// The response, for failure messages.
    fn show(&self) -> String {
        format!("HTTP {} {:?}\n{}", self.status, self.headers, self.body)
    }
}

/// Calls a server at `addr`: `body`, if any, is sent as JSON; `token`, if any, as the bearer.
/// A connection that fails is an error.
fn call_at(
    addr: SocketAddr,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> std::io::Result<Response> {
    let bearer = token.map(|t| format!("Bearer {t}"));
    let mut headers = Vec::new();
    if let Some(bearer) = &bearer {
        headers.push(("Authorization", bearer.as_str()));
    }
    let body = body.map(Value::to_string).unwrap_or_default();
    if !body.is_empty() {
        headers.push(("Content-Type", "application/json"));
    }
    send(addr, method, path, &headers, body.as_bytes())
}

/// Sends one request (`Connection: close`, the body with its `Content-Length`) and reads the
/// response to the end; panics when the connection fails.
fn request(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Response {
    send(addr, method, path, headers, body)
        .unwrap_or_else(|e| panic!("{method} {path}: no response from {addr}: {e}"))
}

/// Like [`request`], but a connection that fails is an error. The body is written until the
/// server stops reading it: a server may answer before it has read all of it.
fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> std::io::Result<Response> {
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    exchange(addr, &[head.as_bytes(), body].concat())
}

/// Writes the bytes of a request as they are, then reads the response to the end of the
/// connection. A failed write is not an error if the server closed the connection: it may
/// answer before it has read the whole request.
fn exchange(addr: SocketAddr, raw: &[u8]) -> std::io::Result<Response> {
    let mut stream = TcpStream::connect_timeout(&addr, IO_TIMEOUT)?;
    stream.set_read_timeout(Some(IO_TIMEOUT))?;
    stream.set_write_timeout(Some(IO_TIMEOUT))?;
    if let Err(e) = stream.write_all(raw) {
        let early = [
            std::io::ErrorKind::BrokenPipe,
            std::io::ErrorKind::ConnectionReset,
        ];
        if !early.contains(&e.kind()) {
            return Err(e);
        }
    }
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer)?;
    parse(&answer).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

/// The head of an HTTP/1.1 message (a request or a response).
struct Head {
    /// The request line or the status line.
    first: String,
    /// The header fields, names in lower case.
    headers: Vec<(String, String)>,
    /// Where the body starts.
    body_at: usize,
}

/// Reads the head of an HTTP/1.1 message; `None` while its end has not come yet.
fn head(raw: &[u8]) -> Result<Option<Head>, String> {
    let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
        return Ok(None);
    };
    let text = std::str::from_utf8(&raw[..end]).map_err(|e| format!("the head is not UTF-8: {e}"))?;
    let mut lines = text.split("\r\n");
    let first = lines.next().unwrap_or_default().to_string();
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_string()))
        .collect();
    Ok(Some(Head {
        first,
        headers,
        body_at: end + 4,
    }))
}

/// Parses a whole HTTP/1.1 response (read to the end of the connection).
fn parse(raw: &[u8]) -> Result<Response, String> {
    let shown = || String::from_utf8_lossy(raw).into_owned();
    let Head {
        first: status_line,
        headers,
        body_at,
    } = head(raw)?.ok_or_else(|| format!("no end of the head in {:?}", shown()))?;
    let status = status_line
        .strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| format!("not a status line: {status_line:?}"))?;
    let mut body = raw[body_at..].to_vec();
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"));
    if chunked {
        body = unchunk(&body)?;
    } else if let Some((_, length)) = headers.iter().find(|(n, _)| n == "content-length") {
        let length: usize = length
            .parse()
            .map_err(|e| format!("Content-Length {length:?}: {e}"))?;
        if body.len() != length {
            return Err(format!("Content-Length {length}, but {} bytes came", body.len()));
        }
    }
    let body = String::from_utf8(body).map_err(|e| format!("the body is not UTF-8: {e}"))?;
    Ok(Response {
        status,
        headers,
        body,
    })
}

/// Decodes a chunked body.
fn unchunk(mut rest: &[u8]) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    loop {
        let eol = rest
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or("a chunk without its size line")?;
        let line = String::from_utf8_lossy(&rest[..eol]);
        let hex = line.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(hex, 16).map_err(|e| format!("chunk size {hex:?}: {e}"))?;
        if size == 0 {
            return Ok(body);
        }
        let data = rest
            .get(eol + 2..eol + 2 + size)
            .ok_or("a chunk shorter than its size")?;
        body.extend_from_slice(data);
        rest = rest.get(eol + 4 + size..).ok_or("a chunk without its end")?;
    }
}

/// Asserts that a response is an error in the envelope: `{timestamp, status: {code, type},
/// message}` with this status and type, and a message holding each of `texts`. Returns the
/// envelope.
fn expect_error(response: &Response, code: u16, kind: &str, texts: &[&str]) -> Value {
    assert_eq!(response.status, code, "{}", response.show());
    let envelope = response.json();
    assert_eq!(
        envelope["status"],
        json!({"code": code, "type": kind}),
        "{}",
        response.show()
    );
    let timestamp = envelope["timestamp"].as_str().unwrap_or_default();
    assert!(
        timestamp.len() == 24 && timestamp.ends_with('Z'),
        "{}",
        response.show()
    );
    let message = envelope["message"].as_str().unwrap_or_default();
    assert!(!message.is_empty(), "no message\n{}", response.show());
    for text in texts {
        assert!(message.contains(text), "no {text:?}\n{}", response.show());
    }
    envelope
}

/// The texts of a `/query` result's messages, in order.
fn texts(result: &Value) -> Vec<&str> {
    result["fulfillment"]
        .as_array()
        .unwrap_or_else(|| panic!("no fulfillment: {result}"))
        .iter()
        .filter(|m| m["type"] == json!("text"))
        .filter_map(|m| m["message"].as_str())
        .collect()
}

/// Calls `check` every 20 ms until it returns something or `limit` has passed; returns what
/// it returned and how long that took.
fn poll<T>(limit: Duration, mut check: impl FnMut() -> Option<T>) -> Option<(T, Duration)> {
    let started = Instant::now();
    loop {
        if let Some(found) = check() {
            return Some((found, started.elapsed()));
        }
        if started.elapsed() > limit {
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

mod auth;
mod errors;
mod load;
mod query;
mod resources;
mod restart;
mod tokens;
mod webhooks;
mod writes;

#[test]
fn the_client_reads_chunked_bodies() {
    let raw =
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"a\"\r\n3;x=y\r\n:1}\r\n0\r\n\r\n";
    let response = parse(raw).expect("a response");
    assert_eq!(response.status, 200);
    assert_eq!(response.json(), json!({"a": 1}));
    assert!(parse(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nabc").is_err());
}
