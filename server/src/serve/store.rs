//! The server's store: one SQLite database (WAL) holding the bot, the tokens' hashes and the
//! phrases nothing matched.
//!
//! The bot is kept as its document (the `validate` format), with a revision that every
//! write increases; a write replaces it in one transaction, so the store always holds a
//! whole, valid bot.

use std::path::Path;

use anyhow::Context;
use intently::story::Bot;
use rusqlite::{Connection, OptionalExtension, params};

/// The schema, created when the database is new.
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS bot (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    document TEXT NOT NULL,
    revision INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
    kind TEXT PRIMARY KEY,
    sha256 BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS webhook_errors (
    id TEXT PRIMARY KEY,
    date TEXT NOT NULL,
    message TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS unmatched (
    id INTEGER PRIMARY KEY,
    story TEXT NOT NULL,
    text TEXT NOT NULL,
    at TEXT NOT NULL
);
";

/// The store of one bot.
#[derive(Debug)]
pub struct Store {
    db: Connection,
}

/// A phrase that nothing matched.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Unmatched {
    /// Its id in the store.
    pub id: i64,
    /// The story it was said to.
    pub story: String,
    /// What the user said.
    pub text: String,
    /// When (ISO 8601, UTC).
    pub at: String,
}

impl Store {
    /// Opens (or creates) the database at `path`, in WAL mode.
    pub fn open(path: &Path) -> anyhow::Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let db =
            Connection::open(path).with_context(|| format!("cannot open the database {}", path.display()))?;
        let setup = || -> rusqlite::Result<()> {
            db.pragma_update(None, "journal_mode", "WAL")?;
            db.pragma_update(None, "synchronous", "FULL")?;
            db.busy_timeout(std::time::Duration::from_secs(5))?;
            db.execute_batch(SCHEMA)
        };
        setup().with_context(|| format!("{} is not an intently database", path.display()))?;
        Ok(Store { db })
    }

    /// The bot and its revision, if one was stored.
    pub fn bot(&self) -> anyhow::Result<Option<(Bot, i64)>> {
        let row: Option<(String, i64)> = self
            .db
            .query_row("SELECT document, revision FROM bot WHERE id = 1", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        match row {
            None => Ok(None),
            Some((document, revision)) => {
                let bot = Bot::from_json(&document).context("the stored bot cannot be read")?;
                Ok(Some((bot, revision)))
            }
        }
    }

    /// Replaces the bot in one transaction; returns the new revision.
    pub fn put_bot(&mut self, bot: &Bot) -> anyhow::Result<i64> {
        let document = serde_json::to_string(bot)?;
        let tx = self.db.transaction()?;
        let revision: i64 = tx
            .query_row("SELECT revision FROM bot WHERE id = 1", [], |r| r.get(0))
            .optional()?
            .unwrap_or(0)
            + 1;
        tx.execute(
            "INSERT INTO bot (id, document, revision) VALUES (1, ?1, ?2)
             ON CONFLICT (id) DO UPDATE SET document = excluded.document, revision = excluded.revision",
            params![document, revision],
        )?;
        tx.commit()?;
        Ok(revision)
    }

    /// The SHA-256 of a token (`developer` or `client`), if one was stored.
    pub fn token_hash(&self, kind: &str) -> anyhow::Result<Option<[u8; 32]>> {
        let hash: Option<Vec<u8>> = self
            .db
            .query_row("SELECT sha256 FROM tokens WHERE kind = ?1", [kind], |r| r.get(0))
            .optional()?;
        Ok(hash.and_then(|h| h.try_into().ok()))
    }

    /// Stores the SHA-256 of a token.
    pub fn set_token_hash(&mut self, kind: &str, hash: &[u8; 32]) -> anyhow::Result<()> {
        self.db.execute(
            "INSERT INTO tokens (kind, sha256) VALUES (?1, ?2)
             ON CONFLICT (kind) DO UPDATE SET sha256 = excluded.sha256",
            params![kind, hash.as_slice()],
        )?;
        Ok(())
    }

    /// Keeps the last error of a webhook.
    pub fn set_webhook_error(&mut self, id: &str, date: &str, message: &str) -> anyhow::Result<()> {
        self.db.execute(
            "INSERT INTO webhook_errors (id, date, message) VALUES (?1, ?2, ?3)
             ON CONFLICT (id) DO UPDATE SET date = excluded.date, message = excluded.message",
            params![id, date, message],
        )?;
        Ok(())
    }

    /// Forgets the error of a webhook (changed or deleted since).
    pub fn clear_webhook_error(&mut self, id: &str) -> anyhow::Result<()> {
        self.db
            .execute("DELETE FROM webhook_errors WHERE id = ?1", [id])?;
        Ok(())
    }

    /// The last error of a webhook, as `(date, message)`.
    pub fn webhook_error(&self, id: &str) -> anyhow::Result<Option<(String, String)>> {
        Ok(self
            .db
            .query_row(
                "SELECT date, message FROM webhook_errors WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// Records a phrase that nothing matched.
    pub fn record_unmatched(&mut self, story: &str, text: &str, at: &str) -> anyhow::Result<()> {
        self.db.execute(
            "INSERT INTO unmatched (story, text, at) VALUES (?1, ?2, ?3)",
            params![story, text, at],
        )?;
        Ok(())
    }

    /// Forgets phrases that nothing matched (once they have been trained).
    pub fn forget_unmatched(&mut self, ids: &[i64]) -> anyhow::Result<()> {
        let tx = self.db.transaction()?;
        for id in ids {
            tx.execute("DELETE FROM unmatched WHERE id = ?1", [id])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The phrases nothing matched, oldest first.
    pub fn unmatched(&self) -> anyhow::Result<Vec<Unmatched>> {
        let mut statement = self
            .db
            .prepare("SELECT id, story, text, at FROM unmatched ORDER BY id")?;
        let rows = statement.query_map([], |r| {
            Ok(Unmatched {
                id: r.get(0)?,
                story: r.get(1)?,
                text: r.get(2)?,
                at: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(label: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("intently-store-{}-{label}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir.join("nested").join("bot.db")
    }

    #[test]
    fn the_bot_tokens_and_phrases_survive_a_reopen() {
        let path = temp("reopen");
        let bot = Bot::from_json(r#"{"stories": [{"id": "s", "name": "S"}]}"#).expect("a bot");
        {
            let mut store = Store::open(&path).expect("opens");
            assert!(store.bot().expect("reads").is_none());
            assert_eq!(store.put_bot(&bot).expect("writes"), 1);
            assert_eq!(store.put_bot(&bot).expect("writes"), 2);
            store.set_token_hash("developer", &[7; 32]).expect("writes");
            store
                .record_unmatched("s", "hello?", "2026-11-25T08:00:00Z")
                .expect("writes");
            store
                .set_webhook_error("orders", "2026-11-25T08:00:00Z", "timeout")
                .expect("writes");
        }
        let store = Store::open(&path).expect("reopens");
        assert_eq!(store.bot().expect("reads"), Some((bot, 2)));
        assert_eq!(store.token_hash("developer").expect("reads"), Some([7; 32]));
        assert_eq!(store.token_hash("client").expect("reads"), None);
        assert_eq!(store.unmatched().expect("reads")[0].text, "hello?");
        assert_eq!(
            store.webhook_error("orders").expect("reads"),
            Some(("2026-11-25T08:00:00Z".to_string(), "timeout".to_string()))
        );
        assert_eq!(store.webhook_error("other").expect("reads"), None);
        let mut store = store;
        store.clear_webhook_error("orders").expect("writes");
        assert_eq!(store.webhook_error("orders").expect("reads"), None);
        if let Some(dir) = path.parent().and_then(Path::parent) {
            let _ = std::fs::remove_dir_all(dir);
        }
    }

    #[test]
    fn a_file_that_is_not_a_database_is_an_error() {
        let path = temp("garbage");
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("a directory");
        std::fs::write(
            &path,
            b"this is not sqlite, just some text that is long enough to matter",
        )
        .expect("writes");
        let err = Store::open(&path).expect_err("not a database");
        assert!(format!("{err:#}").contains("bot.db"), "{err:#}");
        if let Some(dir) = path.parent().and_then(Path::parent) {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}
