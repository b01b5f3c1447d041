//! What every request shares: the store, the bot and its compiled model, the tokens and the
//! sessions.
//!
//! Writes go through [`State::update`]: one at a time, the new bot is validated by the
//! library, stored in one transaction, and answered with its revision. Compiling happens
//! afterwards, off the request path, in one background task ([`State::compile_forever`]) that
//! always compiles the newest stored revision: a burst of writes costs one compile per write
//! the task finds waiting, not one per write. The new model is swapped in whole
//! ([`ArcSwap`]), so a query sees the old model or the new one, never a half-built one.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use arc_swap::ArcSwap;
use intently::Model;
use intently::dialog::Session;
use intently::story::{Bot, Severity};
use serde_json::json;
use tokio::sync::watch;

use super::auth::Tokens;
use super::envelope::ApiError;
use super::metrics::Metrics;
use super::store::Store;
use super::webhooks::Caller;

/// A compiled bot and the revision of the store it was compiled from.
#[derive(Debug)]
pub struct Compiled {
    /// The model.
    pub model: Model,
    /// The store's revision.
    pub revision: i64,
}

/// The state of the server.
pub struct State {
    /// The store (SQLite is used from blocking tasks).
    pub store: Mutex<Store>,
    /// The bot as stored, with its revision; the compile task watches it.
    pub bot: watch::Sender<(Arc<Bot>, i64)>,
    /// The model queries use.
    pub model: ArcSwap<Compiled>,
    /// The tokens' hashes, swapped whole when one is regenerated.
    pub tokens: ArcSwap<Tokens>,
    /// The conversations.
    pub sessions: Mutex<Sessions>,
    /// One write at a time.
    pub writing: tokio::sync::Mutex<()>,
    /// What the server counts.
    pub metrics: Metrics,
    /// The webhooks' HTTP client.
    pub caller: Caller,
}

impl State {
    /// A state over a store and the bot it holds, compiled.
    pub fn new(
        store: Store,
        (bot, revision): (Bot, i64),
        model: Model,
        tokens: Tokens,
        sessions: Sessions,
        caller: Caller,
    ) -> State {
        State {
            store: Mutex::new(store),
            bot: watch::Sender::new((Arc::new(bot), revision)),
            model: ArcSwap::from_pointee(Compiled { model, revision }),
            tokens: ArcSwap::from_pointee(tokens),
            sessions: Mutex::new(sessions),
            writing: tokio::sync::Mutex::new(()),
            metrics: Metrics::default(),
            caller,
        }
    }

    /// The bot as stored.
    pub fn current(&self) -> Arc<Bot> {
        self.bot.borrow().0.clone()
    }

    /// Changes the bot: `change` edits a copy; the result is validated (400 with every
    /// problem and its path) and stored in one transaction; the compile task is told.
    /// Returns the stored revision: the change is live once the model's revision
    /// (`GET /health`) reaches it.
    pub async fn update(
        self: &Arc<Self>,
        change: impl FnOnce(&mut Bot) -> Result<(), ApiError> + Send + 'static,
    ) -> Result<i64, ApiError> {
        let _one_at_a_time = self.writing.lock().await;
        let state = self.clone();
        tokio::task::spawn_blocking(move || -> Result<i64, ApiError> {
            let mut bot = (*state.current()).clone();
            change(&mut bot)?;
            let problems = bot.problems();
            let errors: Vec<_> = problems
                .iter()
                .filter(|p| p.severity() == Severity::Error)
                .collect();
            if !errors.is_empty() {
                let details = errors
                    .iter()
                    .map(|p| json!({"path": p.path, "message": p.to_string()}))
                    .collect::<Vec<_>>();
                let first = errors[0].to_string();
                return Err(
                    ApiError::bad_request(format!("the bot would be invalid: {first}"))
                        .with_details(json!(details)),
                );
            }
            let revision = lock(&state.store)
                .put_bot(&bot)
                .map_err(|e| ApiError::internal(&e))?;
            state.bot.send_replace((Arc::new(bot), revision));
            state.metrics.wrote();
            Ok(revision)
        })
        .await
        .map_err(|e| ApiError::internal(&anyhow::anyhow!("a write failed: {e}")))?
    }

    /// Runs `read` on the store in a blocking task (SQLite blocks); a failure is a 500.
    pub async fn with_store<T: Send + 'static>(
        self: &Arc<Self>,
        read: impl FnOnce(&mut Store) -> anyhow::Result<T> + Send + 'static,
    ) -> Result<T, ApiError> {
        let state = self.clone();
        tokio::task::spawn_blocking(move || read(&mut lock(&state.store)))
            .await
            .map_err(|e| ApiError::internal(&anyhow::anyhow!("a store task failed: {e}")))?
            .map_err(|e| ApiError::internal(&e))
    }

    /// Compiles each new stored revision and swaps it in, for as long as the state lives.
    /// Revisions stored while a compile runs are skipped but for the newest.
    pub async fn compile_forever(self: Arc<Self>) {
        let mut stored = self.bot.subscribe();
        while stored.changed().await.is_ok() {
            let (bot, revision) = stored.borrow_and_update().clone();
            let state = self.clone();
            if let Err(e) = tokio::task::spawn_blocking(move || state.compile(&bot, revision)).await {
                tracing::error!("compiling revision {revision} failed: {e}");
            }
        }
    }

    /// Compiles a stored bot and swaps it in, unless a newer revision is already in.
    fn compile(&self, bot: &Bot, revision: i64) {
        let started = Instant::now();
        match Model::compile(bot) {
            Ok(model) => {
                let fresh = Arc::new(Compiled { model, revision });
                self.model.rcu(|old| {
                    if old.revision < revision {
                        fresh.clone()
                    } else {
                        old.clone()
                    }
                });
                self.metrics.compiled();
                tracing::info!(
                    revision,
                    millis = started.elapsed().as_millis() as u64,
                    "compiled"
                );
            }
            // Validation ran before the bot was stored: this is a bug, not bad input.
            Err(e) => tracing::error!("the stored bot (revision {revision}) does not compile: {e}"),
        }
    }
}

/// A poisoned lock only means another request panicked while holding it; the data it guards
/// is still whole (every write replaces it at once).
pub fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Another turn of the conversation is being answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Busy;

/// The conversations in memory: at most `capacity`, each forgotten after `idle` without a
/// turn; the least recently used go first.
#[derive(Debug)]
pub struct Sessions {
    by_id: HashMap<String, (Session, u64, Instant)>,
    /// The conversations whose turn is being answered (taken out, not yet put back).
    busy: HashSet<String>,
    /// Use order: tick → id.
    order: BTreeMap<u64, String>,
    tick: u64,
    capacity: usize,
    idle: Duration,
}

impl Sessions {
    /// An empty set.
    pub fn new(capacity: usize, idle: Duration) -> Sessions {
        Sessions {
            by_id: HashMap::new(),
            busy: HashSet::new(),
            order: BTreeMap::new(),
            tick: 0,
            capacity: capacity.max(1),
            idle,
        }
    }

    /// Takes a session out to answer a turn (`None`: a new one, if it is unknown or expired);
    /// [`Busy`] while another turn of the same conversation is being answered.
    pub fn take(&mut self, id: &str, now: Instant) -> Result<Option<Session>, Busy> {
        if !self.busy.insert(id.to_string()) {
            return Err(Busy);
        }
        let Some((session, tick, last)) = self.by_id.remove(id) else {
            return Ok(None);
        };
        self.order.remove(&tick);
        Ok((now.duration_since(last) < self.idle).then_some(session))
    }

    /// Gives up a turn that was not answered: the conversation is free again.
    pub fn release(&mut self, id: &str) {
        self.busy.remove(id);
    }

    /// Puts a session back after its turn.
    pub fn put(&mut self, id: String, session: Session, now: Instant) {
        self.busy.remove(&id);
        self.tick += 1;
        if let Some((_, old, _)) = self.by_id.insert(id.clone(), (session, self.tick, now)) {
            self.order.remove(&old);
        }
        self.order.insert(self.tick, id);
        // The least recently used go first: over capacity, or idle too long.
        while let Some((&tick, id)) = self.order.first_key_value() {
            let expired = self
                .by_id
                .get(id)
                .is_none_or(|(_, _, last)| now.duration_since(*last) >= self.idle);
            if self.by_id.len() <= self.capacity && !expired {
                break;
            }
            if let Some(id) = self.order.remove(&tick) {
                self.by_id.remove(&id);
            }
        }
    }

    /// How many conversations are held.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_expire_and_the_least_recently_used_go_first() {
        let t0 = Instant::now();
        let mut s = Sessions::new(2, Duration::from_secs(600));
        s.put("a".into(), Session::new(1), t0);
        s.put("b".into(), Session::new(2), t0);
        let a = s.take("a", t0).expect("free").expect("a is there");
        assert_eq!(s.take("a", t0), Err(Busy), "a's turn is being answered");
        s.put("a".into(), a, t0);
        s.put("c".into(), Session::new(3), t0);
        assert_eq!(s.len(), 2);
        assert_eq!(s.take("b", t0), Ok(None), "b was the least recently used");
        s.release("b");
        assert_eq!(s.take("a", t0 + Duration::from_secs(601)), Ok(None), "a expired");
        assert!(s.take("c", t0 + Duration::from_secs(10)).expect("free").is_some());
        s.release("c");
        assert!(s.take("c", t0).expect("free again").is_none());
    }
}
