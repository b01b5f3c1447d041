//! `GET /metrics`: counters and a latency histogram of `/query`, in Prometheus' text format.

use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// The upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 14] = [
    0.000_1, 0.000_25, 0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0,
];

/// What the server counts.
#[derive(Debug, Default)]
pub struct Metrics {
    queries: AtomicU64,
    failed: AtomicU64,
    fallbacks: AtomicU64,
    webhook_calls: AtomicU64,
    webhook_failures: AtomicU64,
    writes: AtomicU64,
    compiles: AtomicU64,
    buckets: [AtomicU64; BUCKETS.len()],
    latency_micros: AtomicU64,
}

impl Metrics {
    /// A `/query` answered (or refused, `ok` false) in `took`.
    pub fn query(&self, took: Duration, ok: bool, fell_back: bool) {
        self.queries.fetch_add(1, Ordering::Relaxed);
        if !ok {
            self.failed.fetch_add(1, Ordering::Relaxed);
        }
        if fell_back {
            self.fallbacks.fetch_add(1, Ordering::Relaxed);
        }
        let seconds = took.as_secs_f64();
        if let Some(k) = BUCKETS.iter().position(|&b| seconds <= b) {
            self.buckets[k].fetch_add(1, Ordering::Relaxed);
        }
        self.latency_micros.fetch_add(
            took.as_micros().min(u128::from(u64::MAX)) as u64,
            Ordering::Relaxed,
        );
    }

    /// A webhook called, and whether it failed.
    pub fn webhook(&self, failed: bool) {
        self.webhook_calls.fetch_add(1, Ordering::Relaxed);
        if failed {
            self.webhook_failures.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// A write stored.
    pub fn wrote(&self) {
        self.writes.fetch_add(1, Ordering::Relaxed);
    }

    /// A stored revision compiled and swapped in.
    pub fn compiled(&self) {
        self.compiles.fetch_add(1, Ordering::Relaxed);
    }

    /// The text format, with the sessions held and the model's revision.
    pub fn render(&self, sessions: usize, revision: i64) -> String {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        let mut out = String::new();
        let mut counter = |name: &str, help: &str, value: u64| {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} counter\n{name} {value}");
        };
        counter(
            "intently_queries_total",
            "Calls of POST /query.",
            get(&self.queries),
        );
        counter(
            "intently_query_errors_total",
            "Calls of POST /query refused with an error.",
            get(&self.failed),
        );
        counter(
            "intently_fallbacks_total",
            "Turns the fallback answered.",
            get(&self.fallbacks),
        );
        counter(
            "intently_webhook_calls_total",
            "Webhooks called by queries.",
            get(&self.webhook_calls),
        );
        counter(
            "intently_webhook_failures_total",
            "Webhook calls that failed (the query went on without them).",
            get(&self.webhook_failures),
        );
        counter(
            "intently_writes_total",
            "Changes of the bot stored.",
            get(&self.writes),
        );
        counter(
            "intently_compiles_total",
            "Stored revisions compiled and swapped in (a burst of writes is compiled once).",
            get(&self.compiles),
        );
        let _ = writeln!(
            out,
            "# HELP intently_query_seconds Time to answer POST /query.\n# TYPE intently_query_seconds histogram"
        );
        let mut cumulative = 0;
        for (bound, count) in BUCKETS.iter().zip(&self.buckets) {
            cumulative += get(count);
            let _ = writeln!(
                out,
                "intently_query_seconds_bucket{{le=\"{bound}\"}} {cumulative}"
            );
        }
        let total = get(&self.queries);
        let _ = writeln!(out, "intently_query_seconds_bucket{{le=\"+Inf\"}} {total}");
        let _ = writeln!(
            out,
            "intently_query_seconds_sum {}",
            get(&self.latency_micros) as f64 / 1e6
        );
        let _ = writeln!(out, "intently_query_seconds_count {total}");
        let _ = writeln!(
            out,
            "# HELP intently_sessions Conversations held in memory.\n# TYPE intently_sessions gauge\nintently_sessions {sessions}"
        );
        let _ = writeln!(
            out,
            "# HELP intently_model_revision The store revision the model answering queries was compiled from.\n# TYPE intently_model_revision gauge\nintently_model_revision {revision}"
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_buckets_add_up() {
        let m = Metrics::default();
        m.query(Duration::from_micros(50), true, false);
        m.query(Duration::from_millis(3), true, true);
        m.query(Duration::from_secs(9), false, false);
        m.webhook(true);
        m.webhook(false);
        m.wrote();
        m.wrote();
        m.compiled();
        let text = m.render(2, 7);
        for line in [
            "intently_queries_total 3",
            "intently_query_errors_total 1",
            "intently_fallbacks_total 1",
            "intently_webhook_calls_total 2",
            "intently_webhook_failures_total 1",
            "intently_writes_total 2",
            "intently_compiles_total 1",
            "intently_query_seconds_bucket{le=\"0.0001\"} 1",
            "intently_query_seconds_bucket{le=\"0.005\"} 2",
            "intently_query_seconds_bucket{le=\"5\"} 2",
            "intently_query_seconds_bucket{le=\"+Inf\"} 3",
            "intently_query_seconds_count 3",
            "intently_sessions 2",
            "intently_model_revision 7",
        ] {
            assert!(text.lines().any(|l| l == line), "{line} in\n{text}");
        }
    }
}
