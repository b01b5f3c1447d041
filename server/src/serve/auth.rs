//! The bot's two tokens: the developer token may call everything, the client token only
//! `POST /query`. Only their SHA-256 hashes are stored, and they are compared in constant
//! time. A token is regenerated with [`rotate`]: over the API for the client token
//! (`POST /tokens/client`), from the command line for either (`intently tokens rotate`).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use sha2::{Digest, Sha256};

use super::envelope::ApiError;
use super::store::Store;

/// What a token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Everything.
    Developer,
    /// Only `POST /query`.
    Client,
}

impl Role {
    /// The name of its token in the store and in what is printed.
    pub fn kind(self) -> &'static str {
        match self {
            Role::Developer => "developer",
            Role::Client => "client",
        }
    }
}

/// The hashes of the two tokens.
#[derive(Debug, Clone)]
pub struct Tokens {
    developer: [u8; 32],
    client: [u8; 32],
}

/// A token's SHA-256.
pub fn hash(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// Equal, in time that does not depend on where the first difference is.
fn same(a: &[u8; 32], b: &[u8; 32]) -> bool {
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A new random token: 32 bytes from the system's generator, as hex.
fn generate() -> anyhow::Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no random source for a token: {e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

impl Tokens {
    /// The tokens of the store. A token given in the environment
    /// (`INTENTLY_DEVELOPER_TOKEN`, `INTENTLY_CLIENT_TOKEN`) replaces the stored one; a token
    /// the store does not have yet is created. Returns the tokens and the new ones, in clear,
    /// to be shown once.
    pub fn ensure(
        store: &mut Store,
        env: impl Fn(&str) -> Option<String>,
    ) -> anyhow::Result<(Tokens, Vec<(&'static str, String)>)> {
        let mut created = Vec::new();
        let mut get = |kind: &'static str, var: &str| -> anyhow::Result<[u8; 32]> {
            if let Some(token) = env(var).filter(|t| !t.trim().is_empty()) {
                let h = hash(token.trim());
                store.set_token_hash(kind, &h)?;
                return Ok(h);
            }
            if let Some(h) = store.token_hash(kind)? {
                return Ok(h);
            }
            let token = generate()?;
            let h = hash(&token);
            store.set_token_hash(kind, &h)?;
            created.push((kind, token));
            Ok(h)
        };
        let developer = get("developer", "INTENTLY_DEVELOPER_TOKEN")?;
        let client = get("client", "INTENTLY_CLIENT_TOKEN")?;
        Ok((Tokens { developer, client }, created))
    }

    /// The same tokens, with this hash for the token of `role`.
    pub fn with(&self, role: Role, hash: [u8; 32]) -> Tokens {
        let mut tokens = self.clone();
        match role {
            Role::Developer => tokens.developer = hash,
            Role::Client => tokens.client = hash,
        }
        tokens
    }

    /// Checks the `Authorization: Bearer <token>` header against what the call needs.
    pub fn check(&self, header: Option<&str>, needs: Role) -> Result<Role, ApiError> {
        // The scheme's name is case-insensitive (RFC 7235).
        let token = header
            .and_then(|h| h.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim())
            .filter(|t| !t.is_empty())
            .ok_or_else(|| ApiError::unauthorized("missing token: send Authorization: Bearer <token>"))?;
        let h = hash(token);
        // Both comparisons always run, so the time does not tell which token was near.
        let (developer, client) = (same(&h, &self.developer), same(&h, &self.client));
        let role = match (developer, client) {
            (true, _) => Role::Developer,
            (false, true) => Role::Client,
            (false, false) => return Err(ApiError::unauthorized("the token is not valid for this bot")),
        };
        if needs == Role::Developer && role == Role::Client {
            return Err(ApiError::forbidden(
                "the client token may only call POST /query; use the developer token",
            ));
        }
        Ok(role)
    }
}

/// Makes a new token for `role` and stores its hash in place of the old one. Returns the
/// token in clear (to be shown once, never stored) and its hash.
pub fn rotate(store: &mut Store, role: Role) -> anyhow::Result<(String, [u8; 32])> {
    let token = generate()?;
    let h = hash(&token);
    store.set_token_hash(role.kind(), &h)?;
    Ok((token, h))
}

/// The options of `intently tokens`.
#[derive(Debug, clap::Args)]
pub struct TokensArgs {
    /// The database of the bot, as given to `intently serve --db`; it must exist.
    #[arg(long, default_value = "intently-data/intently.db")]
    db: PathBuf,
    #[command(subcommand)]
    action: TokensAction,
}

/// What `intently tokens` does.
#[derive(Debug, clap::Subcommand)]
enum TokensAction {
    /// Regenerate a token: the new one is printed once and only its hash is stored. A server
    /// reads the tokens when it starts, so run this while it is stopped (a running server
    /// regenerates its client token with `POST /tokens/client`).
    Rotate(Which),
}

/// Which tokens to regenerate (one or both).
#[derive(Debug, clap::Args)]
#[group(required = true, multiple = true)]
struct Which {
    /// The developer token (everything).
    #[arg(long)]
    developer: bool,
    /// The client token (only `POST /query`).
    #[arg(long)]
    client: bool,
}

/// `intently tokens`: regenerates the chosen tokens in the database and prints each once.
pub fn run(args: &TokensArgs) -> anyhow::Result<ExitCode> {
    let TokensAction::Rotate(which) = &args.action;
    // Opening would create a database: a wrong path must not leave an empty one behind.
    anyhow::ensure!(
        args.db.is_file(),
        "no database at {} (give the --db of `intently serve`)",
        args.db.display()
    );
    let mut store = Store::open(&args.db)?;
    let roles = [(which.developer, Role::Developer), (which.client, Role::Client)];
    for (_, role) in roles.into_iter().filter(|(chosen, _)| *chosen) {
        let (token, _) = rotate(&mut store, role)
            .with_context(|| format!("cannot store the new {} token", role.kind()))?;
        println!("{} token: {token}", role.kind());
    }
    println!(
        "(shown once: only the hashes are stored; a running server keeps the old tokens until it restarts)"
    );
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_and_refusals() {
        let tokens = Tokens {
            developer: hash("dev-secret"),
            client: hash("client-secret"),
        };
        assert_eq!(
            tokens.check(Some("Bearer dev-secret"), Role::Developer),
            Ok(Role::Developer)
        );
        assert_eq!(
            tokens.check(Some("Bearer client-secret"), Role::Client),
            Ok(Role::Client)
        );
        assert_eq!(
            tokens.check(Some("Bearer dev-secret"), Role::Client),
            Ok(Role::Developer)
        );
        assert_eq!(
            tokens
                .check(Some("Bearer client-secret"), Role::Developer)
                .map_err(|e| e.code),
            Err(403)
        );
        for bad in [
            None,
            Some(""),
            Some("Bearer "),
            Some("Basic abc"),
            Some("Bearer nope"),
        ] {
            assert_eq!(
                tokens.check(bad, Role::Client).map_err(|e| e.code),
                Err(401),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_new_hash_replaces_only_its_own_token() {
        let tokens = Tokens {
            developer: hash("dev-secret"),
            client: hash("client-secret"),
        };
        let rotated = tokens.with(Role::Client, hash("new-client"));
        let check = |t: &Tokens, token: &str| t.check(Some(&format!("Bearer {token}")), Role::Client);
        assert_eq!(check(&rotated, "new-client"), Ok(Role::Client));
        assert_eq!(check(&rotated, "client-secret").map_err(|e| e.code), Err(401));
        assert_eq!(check(&rotated, "dev-secret"), Ok(Role::Developer));
        let rotated = rotated.with(Role::Developer, hash("new-dev"));
        assert_eq!(check(&rotated, "dev-secret").map_err(|e| e.code), Err(401));
        assert_eq!(check(&rotated, "new-dev"), Ok(Role::Developer));
        assert_eq!(check(&rotated, "new-client"), Ok(Role::Client));
    }

    #[test]
    fn generated_tokens_are_long_and_different() {
        let (a, b) = (generate().expect("a token"), generate().expect("a token"));
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
    }
}
