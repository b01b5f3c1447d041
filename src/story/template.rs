//! `{{attribute}}` references in response texts: how a text splits into literal text and
//! attribute names. Validation reads the names; the dialog replaces them.
//!
//! A reference may name a format after a bar: `{{day|raw}}`. Without one, a value the story
//! declares as a date, time, number, amount of money… is written as a person of the story's
//! language writes it (see the dialog's rendering); `raw` writes the value as stored
//! (`2026-12-07`, `21:00:00`), as webhooks and the `/query` answer see it. [`Format::named`]
//! knows the names; validation rejects any other.

/// A piece of a response text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    /// Literal text, written as is.
    Text(&'a str),
    /// `{{name}}` or `{{name|format}}`: the name and the format's name, trimmed.
    Attribute {
        /// The attribute's (or parameter's) name.
        name: &'a str,
        /// The format after the bar, if any; not checked here (see [`Format::named`]).
        format: Option<&'a str>,
    },
}

/// How a reference writes its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// No format: readable in the story's language when the value's type is declared.
    Readable,
    /// `raw`: the value as stored.
    Raw,
}

impl Format {
    /// The format a reference names (none: [`Format::Readable`]); `None` for an unknown name.
    pub fn named(format: Option<&str>) -> Option<Format> {
        match format {
            None => Some(Format::Readable),
            Some("raw") => Some(Format::Raw),
            Some(_) => None,
        }
    }
}

/// Splits the inside of `{{…}}` into a name and an optional format (`day | raw`); `None`
/// when it is not a reference (empty, several words, nested braces, an empty side of the bar).
fn reference(inside: &str) -> Option<(&str, Option<&str>)> {
    fn word(s: &str) -> Option<&str> {
        let s = s.trim();
        (!s.is_empty() && !s.contains(char::is_whitespace) && !s.contains("{{")).then_some(s)
    }
    match inside.split_once('|') {
        None => Some((word(inside)?, None)),
        Some((name, format)) => {
            let format = word(format).filter(|f| !f.contains('|'))?;
            Some((word(name)?, Some(format)))
        }
    }
}

/// The pieces of a text, in order. `{{ name }}` and `{{ name | format }}` are references
/// (spaces around the name and the format are allowed); braces around nothing, around
/// several words, or left open are literal text.
pub(crate) fn pieces(text: &str) -> impl Iterator<Item = Piece<'_>> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let Some(open) = rest.find("{{") else {
            let piece = Piece::Text(rest);
            rest = "";
            return Some(piece);
        };
        if open > 0 {
            let piece = Piece::Text(&rest[..open]);
            rest = &rest[open..];
            return Some(piece);
        }
        let found = rest[2..]
            .find("}}")
            .and_then(|close| Some((reference(&rest[2..2 + close])?, 2 + close + 2)));
        Some(match found {
            Some(((name, format), end)) => {
                rest = &rest[end..];
                Piece::Attribute { name, format }
            }
            None => {
                // Not a reference: the braces are text; look for the next one after them.
                let next = rest[2..].find("{{").map_or(rest.len(), |k| k + 2);
                let piece = Piece::Text(&rest[..next]);
                rest = &rest[next..];
                piece
            }
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attribute<'a>(name: &'a str, format: Option<&'a str>) -> Piece<'a> {
        Piece::Attribute { name, format }
    }

    fn split(text: &str) -> Vec<Piece<'_>> {
        pieces(text).collect()
    }

    #[test]
    fn references_and_literal_text() {
        assert_eq!(
            split("A {{size}} pizza to {{ address }}."),
            [
                Piece::Text("A "),
                attribute("size", None),
                Piece::Text(" pizza to "),
                attribute("address", None),
                Piece::Text("."),
            ]
        );
        assert_eq!(
            split("{{}} and {{two words}}"),
            [Piece::Text("{{}} and "), Piece::Text("{{two words}}")]
        );
        assert_eq!(
            split("open {{size"),
            [Piece::Text("open "), Piece::Text("{{size")]
        );
        assert_eq!(split("{{a {{b}}"), [Piece::Text("{{a "), attribute("b", None)]);
        assert!(split("").is_empty());
    }

    #[test]
    fn references_name_a_format_after_a_bar() {
        assert_eq!(
            split("on {{day|raw}} at {{ time | raw }}, {{x|bogus}}"),
            [
                Piece::Text("on "),
                attribute("day", Some("raw")),
                Piece::Text(" at "),
                attribute("time", Some("raw")),
                Piece::Text(", "),
                attribute("x", Some("bogus")),
            ]
        );
        for literal in ["{{|raw}}", "{{day|}}", "{{day|raw|raw}}", "{{day|two words}}"] {
            assert_eq!(
                split(literal),
                [Piece::Text(literal)],
                "{literal} is no reference"
            );
        }
        assert_eq!(Format::named(None), Some(Format::Readable));
        assert_eq!(Format::named(Some("raw")), Some(Format::Raw));
        assert_eq!(Format::named(Some("iso")), None);
    }

    proptest::proptest! {
        /// The pieces cover the text: literal pieces and references, in order, rebuild it
        /// (up to the spaces trimmed inside the braces).
        #[test]
        fn pieces_never_lose_text(text in "[a-z {}|]{0,40}") {
            let mut rebuilt = String::new();
            for piece in pieces(&text) {
                match piece {
                    Piece::Text(t) => rebuilt.push_str(t),
                    Piece::Attribute { name, format } => {
                        rebuilt.push_str("{{");
                        rebuilt.push_str(name);
                        if let Some(format) = format {
                            rebuilt.push('|');
                            rebuilt.push_str(format);
                        }
                        rebuilt.push_str("}}");
                    }
                }
            }
            let squeezed = |s: &str| s.replace(' ', "");
            proptest::prop_assert_eq!(squeezed(&rebuilt), squeezed(&text));
        }
    }
}
