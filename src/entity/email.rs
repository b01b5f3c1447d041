//! `sys.email`: email addresses, `ada@example.org`.

use serde_json::Value;

use super::pattern::{CharCounter, char_at, char_before};
use super::{Context, EntityMatch, SystemEntity};
use crate::analysis::Token;

/// `sys.email`: an email address written out, `ada.lovelace+bot@Example.org`.
///
/// The value is the address as a JSON string, the local part as written and the domain in
/// lower case (domains are case-insensitive, local parts in principle are not):
/// `Ada@Example.ORG` → `"Ada@example.org"`.
///
/// What counts as an address:
///
/// - a local part of letters, digits (any script) and `. _ % + - ' !`, not starting or
///   ending with `.` and without `..`;
/// - `@` and a domain of at least two labels of letters, digits and `-` (no label starts or
///   ends with `-`), whose last label (the top-level domain) has two letters or more, or is
///   an `xn--` punycode label;
/// - a sentence's final `.` is not part of it (`write to ada@example.org.`), nor are the
///   brackets or quotes around it, nor a `mailto:` before it.
///
/// Not understood, on purpose: spelled-out addresses (`ada at example dot org`, which would
/// mostly catch sentences), quoted local parts and IP-literal domains (`ada@[192.0.2.1]`).
/// Two `@` in a row of address characters (`a@b.org@c.org`) yield nothing.
///
/// The scanner starts from each `@` and looks left and right over address characters only,
/// so it reads each byte at most a few times: linear in the length of the text.
#[derive(Debug, Clone, Copy, Default)]
pub struct Email;

impl SystemEntity for Email {
    fn name(&self) -> &'static str {
        "sys.email"
    }

    fn extract(&self, text: &str, _tokens: &[Token], _context: &Context, out: &mut Vec<EntityMatch>) {
        let mut counter = CharCounter::new(text);
        for (at, _) in text.match_indices('@') {
            if let Some((start, end, value)) = address_around(text, at) {
                let span = counter.span(start, end);
                out.push(EntityMatch::new(
                    self.name(),
                    Value::String(value),
                    text,
                    span,
                    1.0,
                ));
            }
        }
    }
}

/// Whether `c` may be in the local part (before the `@`).
fn is_local_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-' | '\'' | '!')
}

/// Whether `c` may be in the domain (after the `@`).
fn is_domain_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '-')
}

/// The address around the `@` at byte `at`: its byte range and its value.
fn address_around(text: &str, at: usize) -> Option<(usize, usize, String)> {
    // The local part: back over local characters, then forward over leading dots and quotes.
    let mut start = at;
    while let Some(c) = char_before(text, start).filter(|&c| is_local_char(c)) {
        start -= c.len_utf8();
    }
    if char_before(text, start) == Some('@') {
        return None;
    }
    let local = text[start..at].trim_start_matches(['.', '\'', '!', '-', '+']);
    start = at - local.len();
    if local.is_empty() || local.ends_with('.') || local.contains("..") {
        return None;
    }
    // The domain: forward over domain characters, then back over a final `.` or `-`.
    let mut end = at + 1;
    while let Some(c) = char_at(text, end).filter(|&c| is_domain_char(c)) {
        end += c.len_utf8();
    }
    if char_at(text, end) == Some('@') {
        return None;
    }
    let domain = text[at + 1..end].trim_end_matches(['.', '-']);
    end = at + 1 + domain.len();
    if !is_domain(domain) {
        return None;
    }
    Some((start, end, format!("{local}@{}", domain.to_lowercase())))
}

/// Whether `domain` is two or more well-formed labels ending in a top-level domain.
fn is_domain(domain: &str) -> bool {
    let mut labels = 0;
    let mut last = "";
    for label in domain.split('.') {
        if label.is_empty() || label.starts_with('-') || label.ends_with('-') || label.len() > 63 {
            return false;
        }
        labels += 1;
        last = label;
    }
    let tld_ok =
        last.starts_with("xn--") || (last.chars().count() >= 2 && last.chars().all(char::is_alphabetic));
    labels >= 2 && tld_ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Language;
    use serde_json::json;

    system_entity_tests!(
        Email,
        Language::English,
        [
            (
                "my email is ada@example.org",
                [("ada@example.org", json!("ada@example.org"))]
            ),
            ("ada@example.org", [("ada@example.org", json!("ada@example.org"))]),
            (
                "write to ada@example.org.",
                [("ada@example.org", json!("ada@example.org"))]
            ),
            (
                "Ada@Example.ORG please",
                [("Ada@Example.ORG", json!("Ada@example.org"))]
            ),
            (
                "ada.lovelace+bot@mail.example.co.uk",
                [(
                    "ada.lovelace+bot@mail.example.co.uk",
                    json!("ada.lovelace+bot@mail.example.co.uk")
                )]
            ),
            (
                "first_last-99@sub-domain.example.com",
                [(
                    "first_last-99@sub-domain.example.com",
                    json!("first_last-99@sub-domain.example.com")
                )]
            ),
            (
                "(ada@example.org)",
                [("ada@example.org", json!("ada@example.org"))]
            ),
            (
                "<ada@example.org>",
                [("ada@example.org", json!("ada@example.org"))]
            ),
            (
                "\"ada@example.org\"",
                [("ada@example.org", json!("ada@example.org"))]
            ),
            (
                "mailto:ada@example.org",
                [("ada@example.org", json!("ada@example.org"))]
            ),
            (
                "email: ada@example.org, thanks",
                [("ada@example.org", json!("ada@example.org"))]
            ),
            (
                "a@b.io and c@d.de",
                [("a@b.io", json!("a@b.io")), ("c@d.de", json!("c@d.de"))]
            ),
            ("josé@correo.es", [("josé@correo.es", json!("josé@correo.es"))]),
            (
                "пользователь@пример.рф",
                [("пользователь@пример.рф", json!("пользователь@пример.рф"))]
            ),
            (
                "user@xn--bcher-kva.example",
                [("user@xn--bcher-kva.example", json!("user@xn--bcher-kva.example"))]
            ),
            (
                "o'brien@example.ie",
                [("o'brien@example.ie", json!("o'brien@example.ie"))]
            ),
            (
                "…ada@example.org…",
                [("ada@example.org", json!("ada@example.org"))]
            ),
            ("123@example.com", [("123@example.com", json!("123@example.com"))]),
            (
                "ada@example.org?",
                [("ada@example.org", json!("ada@example.org"))]
            ),
            (
                "contact .ada@example.org",
                [("ada@example.org", json!("ada@example.org"))]
            ),
            // Not addresses.
            ("not an email@", []),
            ("john at example dot com", []),
            ("@example.org", []),
            ("ada@", []),
            ("ada@example", []),
            ("ada@example.c", []),
            ("ada@example.123", []),
            ("ada@@example.org", []),
            ("a@b.org@c.org", []),
            ("ada.@example.org", []),
            ("ada..lovelace@example.org", []),
            ("ada@-example.org", []),
            ("ada@example..org", []),
            ("meet @ 5pm", []),
            ("see you @home", []),
            ("", []),
        ]
    );

    #[test]
    fn found_among_every_system_entity() {
        use crate::analysis::Analyzer;
        let text = "my email is ada@example.org";
        let tokens = Analyzer::new(Language::English).analyze(text);
        let found = crate::entity::extract_system(
            text,
            &tokens,
            &crate::entity::Context::new(Language::English, crate::entity::Reference::EPOCH),
        );
        let email = found
            .iter()
            .find(|m| m.entity == "sys.email")
            .expect("sys.email is registered");
        assert_eq!(email.value, "ada@example.org");
        assert_eq!(email.span.slice(text), "ada@example.org");
        assert_eq!((email.span.char_start, email.span.char_end), (12, 27));
    }
}
