//! `sys.url`: web addresses, `https://example.org/menu?lang=en`, `www.example.org`,
//! `example.com/pizza`.

use serde_json::Value;

use super::pattern::{CharCounter, char_at, char_before};
use super::{Context, EntityMatch, SystemEntity};
use crate::analysis::Token;

/// `sys.url`: a web address.
///
/// The value is the URL as a JSON string, exactly as written: no scheme is added, nothing is
/// lower-cased or percent-decoded (`Example.org/Menu` → `"Example.org/Menu"`), so that what
/// the bot echoes is what the user typed.
///
/// Three forms are understood:
///
/// - **With a scheme**: `http://`, `https://`, `ftp://`, `ws://` or any other letters before
///   `://`, then a host (a domain, `localhost` or an IPv4 address), an optional
///   `user:password@`, `:port`, path, query and fragment. Score 1.
/// - **`www.`** and a domain: `www.example.org/menu`. Score 1.
/// - **A bare domain** whose top-level domain is a common one (`com`, `org`, `net`, `io`,
///   `es`, `de`, … see [`COMMON_TLDS`]): `example.com`, `shop.example.co.uk/cart`. Score 0.8.
///   The list keeps file names (`notes.txt`, `main.rs`, `setup.py`) and dotted words
///   (`e.g.`, `Mr.Smith`) out; version numbers (`1.2.3`) never have a top-level domain of
///   letters.
///
/// The URL ends at whitespace, at a character that cannot be in one (`<>"{}|\^` and
/// backtick), and before trailing punctuation that ends the sentence (`.,;:!?'`) and a
/// closing bracket that was not opened inside the URL (`(see example.com/a_(b))` →
/// `example.com/a_(b)`). The domain of an email address is not a URL.
///
/// The scanner tries a start only after a character that cannot be inside a host, and skips
/// the host it read when the try fails, so it is linear in the length of the text.
#[derive(Debug, Clone, Copy, Default)]
pub struct Url;

/// The top-level domains that make a bare `name.tld` a URL without a scheme or `www.`.
pub const COMMON_TLDS: &[&str] = &[
    "com", "org", "net", "edu", "gov", "mil", "int", "info", "biz", "io", "co", "ai", "app", "dev", "me",
    "tv", "us", "uk", "eu", "de", "fr", "es", "it", "nl", "be", "ch", "at", "pt", "ie", "se", "dk", "fi",
    "pl", "cz", "gr", "ru", "ua", "tr", "cn", "jp", "kr", "in", "au", "nz", "ca", "mx", "br", "ar", "cl",
    "za", "online", "site", "shop", "store", "blog", "tech", "cloud", "xyz",
];

impl SystemEntity for Url {
    fn name(&self) -> &'static str {
        "sys.url"
    }

    fn extract(&self, text: &str, _tokens: &[Token], _context: &Context, out: &mut Vec<EntityMatch>) {
        let mut counter = CharCounter::new(text);
        let mut pos = 0;
        while pos < text.len() {
            let Some(c) = char_at(text, pos) else { break };
            let can_start = c.is_alphanumeric()
                && !char_before(text, pos).is_some_and(|b| is_host_char(b) || matches!(b, '@' | '/' | '\\'));
            if !can_start {
                pos += c.len_utf8();
                continue;
            }
            match url_at(text, pos) {
                Ok((end, score)) => {
                    let span = counter.span(pos, end);
                    let value = Value::String(text[pos..end].to_string());
                    out.push(EntityMatch::new(self.name(), value, text, span, score));
                    pos = end;
                }
                Err(skip) => pos = skip.max(pos + c.len_utf8()),
            }
        }
    }
}

/// Whether `c` may be in a host name.
fn is_host_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '-' | '_')
}

/// The end of the run of host characters that starts at `pos`.
fn host_run(text: &str, mut pos: usize) -> usize {
    while let Some(c) = char_at(text, pos).filter(|&c| is_host_char(c)) {
        pos += c.len_utf8();
    }
    pos
}

/// Reads a URL starting at `start`: `Ok((end, score))`, or `Err(where to look next)`.
fn url_at(text: &str, start: usize) -> Result<(usize, f32), usize> {
    let run_end = host_run(text, start);
    let run = &text[start..run_end];
    if text[run_end..].starts_with("://") && is_scheme(run) {
        let authority_start = run_end + 3;
        let mut host_start = authority_start;
        // `user:password@host`: the host is after the last `@` of the authority.
        let authority_end = text[authority_start..]
            .find(|c: char| c.is_whitespace() || matches!(c, '/' | '?' | '#'))
            .map_or(text.len(), |i| authority_start + i);
        if let Some(at) = text[authority_start..authority_end].rfind('@') {
            host_start = authority_start + at + 1;
        }
        let host_end = host_run(text, host_start);
        let host = text[host_start..host_end].trim_end_matches(['.', '-']);
        if !(is_domain(host, None) || host.eq_ignore_ascii_case("localhost") || is_ipv4(host)) {
            return Err(run_end);
        }
        return Ok((rest_of_url(text, start, host_start + host.len()), 1.0));
    }
    let host = run.trim_end_matches(['.', '-', '_']);
    let www_domain = host
        .get(..4)
        .filter(|p| p.eq_ignore_ascii_case("www."))
        .and_then(|_| host.get(4..));
    let score = if www_domain.is_some_and(|domain| is_domain(domain, None)) {
        1.0
    } else if is_domain(host, Some(COMMON_TLDS)) {
        0.8
    } else {
        return Err(run_end);
    };
    // The domain of an email address (`ada@example.org`) is not a URL.
    if char_at(text, start + host.len()) == Some('@') {
        return Err(run_end);
    }
    Ok((rest_of_url(text, start, start + host.len()), score))
}

/// Whether `run` can be a URL scheme: a letter, then letters, digits, `-` or `.`.
fn is_scheme(run: &str) -> bool {
    run.len() >= 2
        && run.starts_with(|c: char| c.is_ascii_alphabetic())
        && run
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.'))
}

/// How many more `open` than `close` brackets `url` has (negative: more closing ones).
fn balance(url: &str, open: char, close: char) -> isize {
    url.chars()
        .map(|c| isize::from(c == open) - isize::from(c == close))
        .sum()
}

/// Whether `host` is two or more labels whose last is a top-level domain: any of two letters
/// or more, or one of `tlds`.
fn is_domain(host: &str, tlds: Option<&[&str]>) -> bool {
    let mut labels = 0;
    let mut last = "";
    for label in host.split('.') {
        if label.is_empty() || label.starts_with('-') || label.ends_with('-') || label.len() > 63 {
            return false;
        }
        labels += 1;
        last = label;
    }
    if labels < 2 {
        return false;
    }
    match tlds {
        Some(tlds) => tlds.iter().any(|tld| tld.eq_ignore_ascii_case(last)),
        None => {
            last.starts_with("xn--") || (last.chars().count() >= 2 && last.chars().all(char::is_alphabetic))
        }
    }
}

/// Whether `host` is a dotted IPv4 address.
fn is_ipv4(host: &str) -> bool {
    let parts: Vec<&str> = host.split('.').collect();
    parts.len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 3 && p.parse::<u8>().is_ok())
}

/// The end of a URL whose host ends at `host_end`: port, path, query and fragment, without the
/// punctuation that ends the sentence or an unbalanced closing bracket.
fn rest_of_url(text: &str, start: usize, host_end: usize) -> usize {
    let mut end = host_end;
    if let Some(rest) = text[end..].strip_prefix(':') {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if (1..=5).contains(&digits) {
            end += 1 + digits;
        }
    }
    if !matches!(char_at(text, end), Some('/' | '?' | '#')) {
        return end;
    }
    let tail = &text[end..];
    let len = tail
        .find(|c: char| {
            c.is_whitespace()
                || c.is_control()
                || matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '\\' | '^' | '`')
        })
        .unwrap_or(tail.len());
    end += len;
    // Give back trailing punctuation and closing brackets opened outside the URL.
    let url = &text[start..end];
    let (mut parens, mut brackets) = (balance(url, '(', ')'), balance(url, '[', ']'));
    while let Some(last) = char_before(text, end) {
        match last {
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '*' => {}
            ')' if parens < 0 => parens += 1,
            ']' if brackets < 0 => brackets += 1,
            _ => break,
        }
        end -= last.len_utf8();
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Language;
    use serde_json::json;

    system_entity_tests!(
        Url,
        Language::English,
        [
            (
                "see https://example.org/menu?lang=en",
                [(
                    "https://example.org/menu?lang=en",
                    json!("https://example.org/menu?lang=en")
                )]
            ),
            (
                "http://example.org",
                [("http://example.org", json!("http://example.org"))]
            ),
            (
                "go to https://example.org/.",
                [("https://example.org/", json!("https://example.org/"))]
            ),
            (
                "HTTPS://Example.ORG/Menu",
                [("HTTPS://Example.ORG/Menu", json!("HTTPS://Example.ORG/Menu"))]
            ),
            (
                "ftp://files.example.com/pub/file.tar.gz",
                [(
                    "ftp://files.example.com/pub/file.tar.gz",
                    json!("ftp://files.example.com/pub/file.tar.gz")
                )]
            ),
            (
                "http://localhost:8080/health",
                [(
                    "http://localhost:8080/health",
                    json!("http://localhost:8080/health")
                )]
            ),
            (
                "http://192.168.0.1/admin",
                [("http://192.168.0.1/admin", json!("http://192.168.0.1/admin"))]
            ),
            (
                "https://user:pw@example.org/x",
                [(
                    "https://user:pw@example.org/x",
                    json!("https://user:pw@example.org/x")
                )]
            ),
            (
                "https://example.org/search#results!",
                [(
                    "https://example.org/search#results",
                    json!("https://example.org/search#results")
                )]
            ),
            (
                "(see https://en.wikipedia.org/wiki/Pizza_(dish))",
                [(
                    "https://en.wikipedia.org/wiki/Pizza_(dish)",
                    json!("https://en.wikipedia.org/wiki/Pizza_(dish)")
                )]
            ),
            (
                "visit www.example.org",
                [("www.example.org", json!("www.example.org"))]
            ),
            (
                "www.pizza.restaurant/order, please",
                [("www.pizza.restaurant/order", json!("www.pizza.restaurant/order"))]
            ),
            ("example.com", [("example.com", json!("example.com"))]),
            (
                "order at shop.example.co.uk/cart?item=2.",
                [(
                    "shop.example.co.uk/cart?item=2",
                    json!("shop.example.co.uk/cart?item=2")
                )]
            ),
            ("is github.io down?", [("github.io", json!("github.io"))]),
            (
                "example.com:8443/api",
                [("example.com:8443/api", json!("example.com:8443/api"))]
            ),
            (
                "a.com and b.org",
                [("a.com", json!("a.com")), ("b.org", json!("b.org"))]
            ),
            (
                "https://münchen.de/karte",
                [("https://münchen.de/karte", json!("https://münchen.de/karte"))]
            ),
            (
                "«https://example.org»",
                [("https://example.org", json!("https://example.org"))]
            ),
            (
                "http://xn--mnchen-3ya.de",
                [("http://xn--mnchen-3ya.de", json!("http://xn--mnchen-3ya.de"))]
            ),
            // Not URLs.
            ("version 1.2.3", []),
            ("it costs 3.50", []),
            ("e.g. pizza", []),
            ("i.e. tomorrow", []),
            ("Mr.Smith called", []),
            ("open notes.txt", []),
            ("run main.rs and setup.py", []),
            ("hello.world", []),
            ("ada@example.org", []),
            ("http://", []),
            ("https://nohost", []),
            ("example. com", []),
            ("www.", []),
            ("just words here", []),
            ("", []),
        ]
    );
}
