//! Outgoing webhooks, against a webhook server inside the test: the handshake that must pass
//! before a webhook is stored, the call `/query` makes (with the token, the headers and basic
//! authentication) and its answer in the reply, and webhooks that are too slow or do not
//! answer JSON, which fail the call but never the query.

use std::net::TcpListener;
use std::sync::atomic::AtomicBool;

use super::*;

/// How long `POST /slow` sleeps before it answers: longer than `--webhook-timeout 1`.
const SLOW: Duration = Duration::from_secs(3);
/// The token the webhooks are given.
const TOKEN: &str = "s3cret";
/// The extra header the webhooks are given.
const STORE_HEADER: (&str, &str) = ("X-Store-Id", "baker-street");
/// Their basic authentication, and the header it makes: `pizza:oven` in base64.
const USERNAME: &str = "pizza";
const PASSWORD: &str = "oven";
const BASIC: &str = "Basic cGl6emE6b3Zlbg==";
/// What `GET /bad` answers instead of the challenge.
const NOT_THE_CHALLENGE: &str = "this is not the challenge";
/// The text of the webhook's answer, once the server has filled in its parameter.
const IN_THE_OVEN: &str = "Order 42 is in the oven.";

/// What `POST /v2` answers: ChatBot v2's shapes (`message`, `delay`, `attributes`), an
/// unknown field, and one item that reads as nothing.
const V2_ANSWER: &str = r#"{
  "responses": [
    {"type": "quickReplies", "delay": 2000, "title": "A drink?", "quickReplyId": "q1",
     "buttons": [{"type": "postback", "title": "Yes", "value": "add a coke"}]},
    {"type": "hologram", "message": "?"},
    {"type": "text", "message": "Order {{order_id}} is in the oven.", "delay": 500}
  ],
  "attributes": {"order_id": "42"}
}"#;

/// A request the webhook server received.
#[derive(Debug, Clone)]
pub(super) struct Received {
    method: String,
    /// The path with its query.
    target: String,
    /// The header fields, names in lower case.
    headers: Vec<(String, String)>,
    body: String,
}

impl Received {
    fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }

    /// A parameter of the query (not decoded: the tests send plain values).
    fn param(&self, name: &str) -> Option<&str> {
        let (_, query) = self.target.split_once('?')?;
        query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v)
    }

    fn header(&self, name: &str) -> Option<&str> {
        field(&self.headers, name)
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON: {e}\n{self:?}"))
    }
}

/// A webhook server on 127.0.0.1:0, one thread per connection, which records every request.
/// `GET` (the handshake) echoes the `challenge` on every path but `/bad`, which answers
/// something else, and `/missing`, which is a 404. `POST /orders` answers a message and a
/// parameter, `POST /slow` the same after [`SLOW`], `POST /html` a page.
pub(super) struct Hook {
    addr: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
    stop: Arc<AtomicBool>,
    acceptor: Option<JoinHandle<()>>,
}

impl Hook {
    pub(super) fn start() -> Hook {
        let listener = TcpListener::bind("127.0.0.1:0").expect("the webhook server listens");
        let addr = listener.local_addr().expect("the webhook server's address");
        let received = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (kept, stopped) = (received.clone(), stop.clone());
        let acceptor = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopped.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let kept = kept.clone();
                // Detached: a slow answer may outlive the test, harmlessly.
                std::thread::spawn(move || serve(stream, &kept));
            }
        });
        Hook {
            addr,
            received,
            stop,
            acceptor: Some(acceptor),
        }
    }

    pub(super) fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// A webhook `id` at `path` of this server, with a token, a header and basic auth.
    pub(super) fn webhook(&self, id: &str, path: &str) -> Value {
        json!({
            "id": id,
            "name": format!("Webhook {id}"),
            "url": self.url(path),
            "token": TOKEN,
            "headers": {STORE_HEADER.0: STORE_HEADER.1},
            "auth": {"username": USERNAME, "password": PASSWORD}
        })
    }

    /// The requests received so far with this method.
    pub(super) fn received(&self, method: &str) -> Vec<Received> {
        let received = self.received.lock().expect("the requests' lock");
        received.iter().filter(|r| r.method == method).cloned().collect()
    }
}

impl Drop for Hook {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the acceptor up so that it sees the flag (if that fails, it is left behind).
        let woken = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1)).is_ok();
        if let (true, Some(acceptor)) = (woken, self.acceptor.take()) {
            let _ = acceptor.join();
        }
    }
}

/// Reads one request, records it and answers it.
fn serve(mut stream: TcpStream, kept: &Mutex<Vec<Received>>) {
    let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
    let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
    let request = match read_request(&mut stream) {
        Ok(request) => request,
        Err(e) => {
            // Not a request (the acceptor being woken up, say): nobody to answer.
            eprintln!("the webhook server read no request: {e}");
            return;
        }
    };
    kept.lock().expect("the requests' lock").push(request.clone());
    let answer = json!({
        "responses": [{"type": "text", "elements": ["Order {{order_id}} is in the oven."]}],
        "parameters": {"order_id": "42"}
    })
    .to_string();
    let json = "application/json";
    let (status, content_type, body) = match (request.method.as_str(), request.path()) {
        ("GET", "/bad") => ("200 OK", "text/plain", NOT_THE_CHALLENGE.to_string()),
        ("GET", "/missing") => ("404 Not Found", "text/plain", "no such hook".to_string()),
        ("GET", _) => match request.param("challenge") {
            Some(challenge) => ("200 OK", "text/plain", challenge.to_string()),
            None => ("400 Bad Request", "text/plain", "no challenge".to_string()),
        },
        ("POST", "/orders") => ("200 OK", json, answer),
        ("POST", "/v2") => ("200 OK", json, V2_ANSWER.to_string()),
        ("POST", "/slow") => {
            std::thread::sleep(SLOW);
            ("200 OK", json, answer)
        }
        ("POST", "/html") => (
            "200 OK",
            "text/html",
            "<html><body>Oven</body></html>".to_string(),
        ),
        _ => ("404 Not Found", "text/plain", "no such hook".to_string()),
    };
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    // The server may have given up on a slow answer: nobody reads it then.
    let _ = stream.write_all(response.as_bytes());
}

/// Reads a request: its head, then a body of `Content-Length` bytes or chunked.
fn read_request(stream: &mut TcpStream) -> Result<Received, String> {
    let mut raw = Vec::new();
    let mut buffer = [0u8; 8192];
    let mut more = |raw: &mut Vec<u8>| -> Result<(), String> {
        let n = stream.read(&mut buffer).map_err(|e| e.to_string())?;
        if n == 0 {
            let got = String::from_utf8_lossy(raw);
            return Err(format!("the connection closed after {got:?}"));
        }
        raw.extend_from_slice(&buffer[..n]);
        Ok(())
    };
    let head = loop {
        if let Some(head) = head(&raw)? {
            break head;
        }
        more(&mut raw)?;
    };
    let header = |name: &str| {
        head.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    let body = if header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        while !raw[head.body_at..].ends_with(b"0\r\n\r\n") {
            more(&mut raw)?;
        }
        unchunk(&raw[head.body_at..])?
    } else {
        let length: usize =
            header("content-length").map_or(Ok(0), |l| l.parse().map_err(|e| format!("{e}")))?;
        while raw.len() < head.body_at + length {
            more(&mut raw)?;
        }
        raw[head.body_at..head.body_at + length].to_vec()
    };
    let mut words = head.first.split(' ');
    let (method, target) = (words.next().unwrap_or_default(), words.next().unwrap_or_default());
    Ok(Received {
        method: method.to_string(),
        target: target.to_string(),
        headers: head.headers.clone(),
        body: String::from_utf8(body).map_err(|e| e.to_string())?,
    })
}

/// A URL nobody listens on: a port that was just closed.
pub(super) fn nobody() -> String {
    let closed = TcpListener::bind("127.0.0.1:0").expect("a port");
    format!("http://{}/orders", closed.local_addr().expect("an address"))
}

/// A pizza server whose `orders` webhook is `webhook` from the start (an import does no
/// handshake): no write and no compile to wait for.
pub(super) fn pizza_with_orders(label: &str, webhook: Value, options: &[&str]) -> Pizza {
    let edit = |bot: &mut Value| {
        let webhooks = bot["webhooks"].as_array_mut().expect("the webhooks");
        let orders = webhooks.iter_mut().find(|w| w["id"] == json!("orders"));
        *orders.expect("the orders webhook") = webhook;
    };
    Pizza::start_edited(label, edit, options)
}

/// `PUT /webhooks/orders` to this definition.
fn put_orders(server: &Server, webhook: &Value) -> Response {
    server.call("PUT", "/webhooks/orders", Some(DEVELOPER), Some(webhook))
}

/// Points the pizza bot's `orders` webhook at `path` of the hook, and waits until the
/// model that calls it answers queries.
fn use_orders(server: &Server, hook: &Hook, path: &str) {
    let revision = server.revision();
    let put = put_orders(server, &hook.webhook("orders", path));
    assert_eq!(put.status, 200, "{}", put.show());
    server.wait_revision(revision + 1);
}

/// The two turns of an order; the second calls the `orders` webhook. Returns its result.
pub(super) fn order(server: &Server, session: &str) -> Value {
    let first = server.turn(&json!({"sessionId": session, "query": "I want a large pepperoni pizza"}));
    assert_eq!(first["interaction"]["id"], json!("order_pizza"), "{first}");
    assert!(
        first.get("webhooks").is_none(),
        "no webhook while a prompt waits: {first}"
    );
    server.turn(&json!({"sessionId": session, "query": "12 Baker Street"}))
}

/// Asserts that a webhook's call failed (saying `why`) but not the order: the interaction's
/// own messages are there, the webhook's are not; the webhook keeps the error.
fn assert_failed_call(server: &Server, result: &Value, why: &str) {
    assert_eq!(result["interaction"]["id"], json!("order_pizza"), "{result}");
    let shown = texts(result);
    assert!(shown.iter().any(|t| t.contains("12 Baker Street")), "{result}");
    assert!(!shown.contains(&IN_THE_OVEN), "{result}");
    assert!(result["sessionParameters"].get("order_id").is_none(), "{result}");
    let reports = result["webhooks"].as_array().expect("the webhooks called");
    assert_eq!(reports.len(), 1, "{result}");
    assert_eq!(reports[0]["id"], json!("orders"), "{result}");
    assert_eq!(reports[0]["outcome"], json!("failed"), "{result}");
    let message = reports[0]["message"].as_str().unwrap_or_default();
    assert!(message.contains(why), "{result}");

    // The error is kept off the request path.
    let kept = poll(Duration::from_secs(5), || {
        let webhook = server.get("/webhooks/orders").json();
        let message = webhook["error"]["message"].as_str().unwrap_or_default();
        message.contains(why).then_some(webhook)
    });
    let (webhook, _) = kept.unwrap_or_else(|| {
        let now = server.get("/webhooks/orders").body;
        panic!("no error {why:?} kept after 5 s: {now}\n{}", server.show())
    });
    let date = webhook["error"]["date"].as_str().unwrap_or_default();
    assert!(date.len() == 24 && date.ends_with('Z'), "{webhook}");
}

#[test]
fn a_webhook_is_stored_only_once_it_passes_the_handshake() {
    let hook = Hook::start();
    let pizza = Pizza::start("handshake");
    let server = &pizza.server;
    let before = server.get("/webhooks/orders").json();
    let old_url = before["url"].as_str().expect("a url").to_string();

    let mut refused = hook.webhook("orders", "/");
    refused["url"] = json!(nobody());
    for (webhook, says) in [
        (hook.webhook("orders", "/bad"), NOT_THE_CHALLENGE),
        (hook.webhook("orders", "/missing"), "HTTP 404"),
        (refused, "cannot connect"),
    ] {
        let put = put_orders(server, &webhook);
        expect_error(&put, 400, "bad_request", &["handshake", "\"orders\"", says]);
        let now = server.get("/webhooks/orders").json();
        assert_eq!(now["url"], json!(old_url), "{now}");
    }
    assert_eq!(hook.received("POST").len(), 0, "a handshake is a GET");

    let good = hook.webhook("orders", "/orders");
    let put = put_orders(server, &good);
    assert_eq!(put.status, 200, "{}", put.show());
    let now = server.get("/webhooks/orders").json();
    assert_eq!(now, good, "stored as sent, without an error");
    let handshakes = hook.received("GET");
    let last = handshakes.last().expect("a handshake");
    assert_eq!(last.path(), "/orders", "{last:?}");
    let challenge = last.param("challenge").unwrap_or_default();
    assert!(
        challenge.len() >= 16 && challenge.chars().all(|c| c.is_ascii_hexdigit()),
        "{last:?}"
    );
    assert_eq!(last.param("token"), Some(TOKEN), "{last:?}");
    assert_eq!(last.header(STORE_HEADER.0), Some(STORE_HEADER.1), "{last:?}");
    assert_eq!(last.header("authorization"), Some(BASIC), "{last:?}");
    let challenges: Vec<_> = handshakes.iter().filter_map(|r| r.param("challenge")).collect();
    let mut distinct = challenges.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(
        distinct.len(),
        challenges.len(),
        "a new challenge each time: {challenges:?}"
    );

    // A new webhook that fails the handshake is not stored; one that passes is.
    let kitchen = hook.webhook("kitchen", "/bad");
    let created = server.call("POST", "/webhooks", Some(DEVELOPER), Some(&kitchen));
    expect_error(&created, 400, "bad_request", &["handshake", "\"kitchen\""]);
    let missing = server.get("/webhooks/kitchen");
    expect_error(&missing, 404, "not_found", &["\"kitchen\"", "orders"]);
    let listed = server.get("/webhooks").json();
    let ids: Vec<&str> = listed
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|w| w["id"].as_str())
        .collect();
    assert!(!ids.contains(&"kitchen"), "{listed}");
    let kitchen = hook.webhook("kitchen", "/orders");
    let created = server.call("POST", "/webhooks", Some(DEVELOPER), Some(&kitchen));
    assert_eq!(created.status, 200, "{}", created.show());
    assert_eq!(server.get("/webhooks/kitchen").json(), kitchen);
}

#[test]
fn a_query_posts_its_result_to_the_webhook_and_says_what_it_answered() {
    let hook = Hook::start();
    let pizza = Pizza::start("webhook-call");
    let server = &pizza.server;
    use_orders(server, &hook, "/orders");

    let result = order(server, "hook-call-0123456789");
    let posts = hook.received("POST");
    assert_eq!(posts.len(), 1, "{posts:#?}");
    let post = &posts[0];
    assert_eq!(post.target, format!("/orders?token={TOKEN}"), "{post:?}");
    assert_eq!(post.header(STORE_HEADER.0), Some(STORE_HEADER.1), "{post:?}");
    assert_eq!(post.header("authorization"), Some(BASIC), "{post:?}");
    assert_eq!(post.header("content-type"), Some("application/json"), "{post:?}");
    // The body is a `/query` answer, as ChatBot posts it, with the result so far: the
    // interaction's messages, not the webhook's.
    let body = post.json();
    assert_eq!(body["sessionId"], json!("hook-call-0123456789"), "{body}");
    assert_eq!(body["status"], json!({"code": 200, "type": "success"}), "{body}");
    let stamp = body["timestamp"].as_str().unwrap_or_default();
    assert!(stamp.len() == 24 && stamp.ends_with('Z'), "{body}");
    let sent = &body["result"];
    assert_eq!(sent["source"], json!("app"), "{body}");
    assert_eq!(
        sent["interaction"],
        json!({"id": "order_pizza", "name": "Order a pizza", "action": "order.start"}),
        "{body}"
    );
    assert_eq!(sent["resolvedQuery"], json!("12 Baker Street"), "{body}");
    assert_eq!(sent["storyId"], json!("pizza"), "{body}");
    assert!(
        sent["score"].is_number() && sent["confidence"].is_number(),
        "{body}"
    );
    assert!(
        sent["lifespan"].is_number() && sent["contexts"].is_array(),
        "{body}"
    );
    assert_eq!(sent["parameters"]["address"], json!("12 Baker Street"), "{body}");
    assert_eq!(
        sent["sessionParameters"]["address"],
        json!("12 Baker Street"),
        "{body}"
    );
    assert_eq!(sent["sessionParameters"]["size"], json!("large"), "{body}");
    let so_far = texts(sent);
    assert!(so_far.iter().any(|t| t.contains("12 Baker Street")), "{sent}");
    assert!(!so_far.contains(&IN_THE_OVEN), "{sent}");

    // The reply: the webhook's message appended, its parameter in the session.
    assert_eq!(result["interaction"]["id"], json!("order_pizza"), "{result}");
    let fulfillment = result["fulfillment"].as_array().expect("the messages");
    assert_eq!(
        fulfillment.last(),
        Some(&json!({"type": "text", "message": IN_THE_OVEN})),
        "{result}"
    );
    assert_eq!(
        fulfillment.len(),
        sent["fulfillment"].as_array().map_or(0, Vec::len) + 1
    );
    assert_eq!(result["sessionParameters"]["order_id"], json!("42"), "{result}");
    assert_eq!(
        result["webhooks"],
        json!([{"id": "orders", "outcome": "answered"}]),
        "{result}"
    );
    let webhook = server.get("/webhooks/orders").json();
    assert!(webhook.get("error").is_none(), "{webhook}");
}

#[test]
fn a_v2_answer_is_read_and_its_bad_item_is_skipped_and_kept_as_the_error() {
    let hook = Hook::start();
    let pizza = pizza_with_orders("webhook-v2", hook.webhook("orders", "/v2"), &[]);
    let server = &pizza.server;

    let result = order(server, "hook-v2-0123456789");
    assert_eq!(hook.received("POST").len(), 1, "the webhook was called");
    let fulfillment = result["fulfillment"].as_array().expect("the messages");
    let n = fulfillment.len();
    assert!(n >= 3, "{result}");
    assert_eq!(
        fulfillment[n - 2..],
        [
            json!({"type": "quickReplies", "title": "A drink?", "delay": 2000,
                   "buttons": [{"type": "postback", "title": "Yes", "value": "add a coke"}]}),
            json!({"type": "text", "message": IN_THE_OVEN, "delay": 500}),
        ],
        "{result}"
    );
    assert_eq!(result["sessionParameters"]["order_id"], json!("42"), "{result}");
    let report = &result["webhooks"][0];
    assert_eq!(report["outcome"], json!("answered"), "{result}");
    let message = report["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("responses[1]") && message.contains("hologram"),
        "{result}"
    );

    let kept = poll(Duration::from_secs(5), || {
        let webhook = server.get("/webhooks/orders").json();
        let message = webhook["error"]["message"].as_str().unwrap_or_default();
        message.contains("responses[1]").then_some(webhook)
    });
    assert!(kept.is_some(), "the skipped item is kept as the webhook's error");
}

#[test]
fn a_slow_or_malformed_webhook_fails_its_call_but_not_the_query() {
    let hook = Hook::start();
    let slow = hook.webhook("orders", "/slow");
    let pizza = pizza_with_orders("webhook-failures", slow, &["--webhook-timeout", "1"]);
    let server = &pizza.server;

    let started = Instant::now();
    let result = order(server, "hook-slow-0123456789");
    let took = started.elapsed();
    println!("the order with a slow webhook took {took:?}");
    assert!(
        took >= Duration::from_millis(950),
        "it waited for the webhook: {took:?}"
    );
    assert!(took < SLOW, "it gave up after --webhook-timeout 1: {took:?}");
    assert_eq!(hook.received("POST").len(), 1, "the webhook was called");
    assert_failed_call(server, &result, "did not answer in time");

    let count = |name| server.metric(name);
    assert!(count("intently_webhook_failures_total") >= 1, "{}", server.show());
    assert!(count("intently_webhook_calls_total") >= 1, "{}", server.show());
    assert_eq!(count("intently_query_errors_total"), 0, "{}", server.show());

    // An answer that is not JSON; the webhook keeps this newer error.
    use_orders(server, &hook, "/html");
    let result = order(server, "hook-html-0123456789");
    assert_eq!(hook.received("POST").len(), 2, "the webhook was called");
    assert_failed_call(server, &result, "not a webhook answer");
}

#[test]
fn a_failed_call_does_not_show_the_webhook_token_to_the_client() {
    let mut webhook = Hook::start().webhook("orders", "/orders");
    webhook["url"] = json!(nobody());
    let pizza = pizza_with_orders("webhook-token", webhook, &[]);
    let server = &pizza.server;
    let session = "hook-token-0123456789";
    let first = server.turn(&json!({"sessionId": session, "query": "I want a large pepperoni pizza"}));
    assert_eq!(first["interaction"]["id"], json!("order_pizza"), "{first}");
    let response = server.query(&json!({"sessionId": session, "query": "12 Baker Street"}));
    assert_eq!(response.status, 200, "{}", response.show());
    let result = response.json()["result"].clone();
    assert_eq!(result["webhooks"][0]["outcome"], json!("failed"), "{result}");
    assert!(
        !response.body.contains(TOKEN),
        "the client token's holder sees the webhook's token: {result}"
    );
}

#[test]
fn a_turn_during_a_webhook_call_sees_its_session() {
    let hook = Hook::start();
    let webhook = hook.webhook("orders", "/slow");
    let pizza = pizza_with_orders("webhook-session", webhook, &["--webhook-timeout", "1"]);
    let server = &pizza.server;
    let session = "hook-session-0123456789";
    let named = json!({"sessionId": session, "trigger": "welcome", "parameters": {"default_name": "Ann"}});
    let welcome = server.turn(&named);
    assert_eq!(
        texts(&welcome),
        ["Hi Ann, welcome to Slice Club! Hungry?"],
        "{welcome}"
    );
    let first = server.turn(&json!({"sessionId": session, "query": "I want a large pepperoni pizza"}));
    assert_eq!(first["interaction"]["id"], json!("order_pizza"), "{first}");
    std::thread::scope(|scope| {
        let ordering =
            scope.spawn(|| server.turn(&json!({"sessionId": session, "query": "12 Baker Street"})));
        // The order waits for the slow webhook (1 s) meanwhile.
        std::thread::sleep(Duration::from_millis(300));
        let again = server.query(&json!({"sessionId": session, "trigger": "welcome"}));
        // Waiting for the order's turn, or refusing with a 4xx, would both do; answering
        // from a blank session does not.
        if again.status == 200 {
            let result = again.json()["result"].clone();
            assert_eq!(
                result["sessionParameters"]["default_name"],
                json!("Ann"),
                "{result}"
            );
        } else {
            assert!((400..500).contains(&again.status), "{}", again.show());
        }
        let ordered = ordering.join().expect("the order's turn");
        assert_eq!(ordered["interaction"]["id"], json!("order_pizza"), "{ordered}");
    });
}

#[test]
fn a_webhook_that_keeps_failing_is_paused_until_it_changes() {
    let hook = Hook::start();
    let mut webhook = hook.webhook("orders", "/orders");
    webhook["url"] = json!(nobody());
    let options = ["--webhook-pause-after", "2", "--webhook-pause", "600"];
    let pizza = pizza_with_orders("webhook-breaker", webhook, &options);
    let server = &pizza.server;
    let message = |result: &Value| {
        result["webhooks"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    for n in 0..2 {
        let result = order(server, &format!("hook-breaker-{n:010}"));
        assert_failed_call(server, &result, "cannot connect");
    }
    // Two failures in a row: the third turn goes on without calling it.
    let result = order(server, "hook-breaker-0000000002");
    assert_failed_call(server, &result, "not called");
    assert!(message(&result).contains("failed 2 times in a row"), "{result}");
    // A changed webhook is called again at once.
    use_orders(server, &hook, "/orders");
    let result = order(server, "hook-breaker-0000000003");
    assert!(texts(&result).contains(&IN_THE_OVEN), "{result}");
    assert_eq!(hook.received("POST").len(), 1, "the changed webhook was called");
}
