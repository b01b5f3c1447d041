//! The bot's two tokens: the developer token may call everything, the client token only
//! `POST /query`. Only their SHA-256 hashes are stored, and they are compared in constant
//! time.

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
    fn generated_tokens_are_long_and_different() {
        let (a, b) = (generate().expect("a token"), generate().expect("a token"));
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
    }
}
