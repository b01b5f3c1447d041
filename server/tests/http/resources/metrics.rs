//! `GET /metrics`: what the server counted, in Prometheus' text format.

use super::super::webhooks::nobody;
use super::*;

/// A webhook on 127.0.0.1:0 that answers every request, once read, with `answer` as JSON.
/// Its thread ends with the test process.
fn answering(answer: &'static str) -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("the webhook listens");
    let addr = listener.local_addr().expect("the webhook's address");
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
            let (mut raw, mut buffer) = (Vec::new(), [0u8; 4096]);
            // The head, then as many bytes as its Content-Length says.
            loop {
                if let Ok(Some(head)) = head(&raw) {
                    let length = field(&head.headers, "content-length").and_then(|l| l.parse().ok());
                    if raw.len() >= head.body_at + length.unwrap_or(0) {
                        break;
                    }
                }
                match stream.read(&mut buffer) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => raw.extend_from_slice(&buffer[..n]),
                }
            }
            let response = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
                 Connection: close\r\n\r\n{answer}",
                answer.len()
            );
            let _ = stream.write_all(response.as_bytes());
        }
    });
    addr
}

/// The samples of a text in Prometheus' format: each line that is not a comment, as its
/// name (with its labels) and its value.
fn samples(text: &str) -> Vec<(String, f64)> {
    let lines = text.lines().filter(|l| !l.starts_with('#') && !l.is_empty());
    let sample = |line: &str| {
        let (name, value) = line.rsplit_once(' ').unwrap_or_else(|| panic!("{line:?}"));
        let value = value.parse().unwrap_or_else(|e| panic!("{line:?}: {e}"));
        (name.to_string(), value)
    };
    lines.map(sample).collect()
}

#[test]
fn metrics_count_the_queries_the_fallbacks_and_the_webhook_calls() {
    let orders = answering(r#"{"parameters": {"order_id": "7"}}"#);
    let edit = |bot: &mut Value| {
        for webhook in bot["webhooks"].as_array_mut().expect("the webhooks") {
            match webhook["id"].as_str() {
                Some("orders") => webhook["url"] = json!(format!("http://{orders}/orders")),
                Some("tracking") => webhook["url"] = json!(nobody()),
                _ => {}
            }
        }
    };
    let pizza = Pizza::start_edited("metrics", edit, &[]);
    let server = &pizza.server;

    // An order, whose webhook answers; a tracking, whose webhook fails; a fallback; a fault.
    let talk = session();
    assert_eq!(
        answered(&say(server, &talk, "I want a large pepperoni pizza")),
        "order_pizza"
    );
    let ordered = say(server, &talk, "12 Baker Street");
    assert_eq!(
        ordered["webhooks"],
        json!([{"id": "orders", "outcome": "answered"}]),
        "{ordered}"
    );
    assert_eq!(ordered["sessionParameters"]["order_id"], json!("7"), "{ordered}");
    let talk = session();
    assert_eq!(answered(&say(server, &talk, "where is my pizza")), "track_order");
    let tracked = say(server, &talk, "SC12345");
    assert_eq!(tracked["webhooks"][0]["id"], json!("tracking"), "{tracked}");
    assert_eq!(tracked["webhooks"][0]["outcome"], json!("failed"), "{tracked}");
    let lost = say(server, &session(), "what is the capital of australia");
    assert_eq!(answered(&lost), "fallback", "{lost}");
    let fault = server.query(&json!({"sessionId": "short", "query": "hi"}));
    expect_error(&fault, 400, "bad_request", &["sessionId"]);

    let response = server.get("/metrics");
    assert_eq!(response.status, 200, "{}", response.show());
    let content_type = response.header("content-type");
    assert_eq!(
        content_type,
        Some("text/plain; version=0.0.4"),
        "{}",
        response.show()
    );
    let text = &response.body;
    for line in [
        "# TYPE intently_queries_total counter",
        "# TYPE intently_webhook_calls_total counter",
        "# TYPE intently_query_seconds histogram",
        "# TYPE intently_sessions gauge",
    ] {
        assert!(text.lines().any(|l| l == line), "no {line:?}\n{text}");
    }
    let samples = samples(text);
    let value = |name: &str| {
        let found = samples.iter().find(|(n, _)| n == name).map(|(_, v)| *v);
        found.unwrap_or_else(|| panic!("no {name}\n{text}"))
    };
    for (name, expected) in [
        ("intently_queries_total", 6.0),
        ("intently_query_errors_total", 1.0),
        ("intently_fallbacks_total", 1.0),
        ("intently_webhook_calls_total", 2.0),
        ("intently_webhook_failures_total", 1.0),
        ("intently_query_seconds_count", 6.0),
        ("intently_sessions", 3.0),
        ("intently_model_revision", 1.0),
    ] {
        assert_eq!(value(name), expected, "{name}\n{text}");
    }
    // The latency histogram: its buckets in order, cumulative, the six queries under 5 s.
    let bounds = [
        "0.0001", "0.00025", "0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25",
        "0.5", "1", "5", "+Inf",
    ];
    let expected: Vec<String> = bounds
        .iter()
        .map(|b| format!("intently_query_seconds_bucket{{le=\"{b}\"}}"))
        .collect();
    let buckets: Vec<&(String, f64)> = samples
        .iter()
        .filter(|(n, _)| n.starts_with("intently_query_seconds_bucket"))
        .collect();
    let names: Vec<&String> = buckets.iter().map(|(n, _)| n).collect();
    assert_eq!(names, expected.iter().collect::<Vec<_>>(), "{text}");
    let counts: Vec<f64> = buckets.iter().map(|(_, v)| *v).collect();
    assert!(
        counts.windows(2).all(|w| w[0] <= w[1]),
        "not cumulative: {counts:?}"
    );
    assert_eq!(counts[counts.len() - 2..], [6.0, 6.0], "{text}");
    let sum = value("intently_query_seconds_sum");
    assert!(sum > 0.0 && sum < 30.0, "{text}");
}
