//! `{{attribute}}` references in response texts: how a text splits into literal text and
//! attribute names. Validation reads the names; the dialog replaces them.

/// A piece of a response text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    /// Literal text, written as is.
    Text(&'a str),
    /// `{{name}}`: the name, trimmed.
    Attribute(&'a str),
}

/// The pieces of a text, in order. `{{ name }}` is a reference (spaces around the name are
/// allowed); braces around nothing, around several words, or left open are literal text.
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
        let reference = rest[2..].find("}}").and_then(|close| {
            let name = rest[2..2 + close].trim();
            let valid = !name.is_empty() && !name.contains(char::is_whitespace) && !name.contains("{{");
            valid.then_some((name, 2 + close + 2))
        });
        Some(match reference {
            Some((name, end)) => {
                rest = &rest[end..];
                Piece::Attribute(name)
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

    fn split(text: &str) -> Vec<Piece<'_>> {
        pieces(text).collect()
    }

    #[test]
    fn references_and_literal_text() {
        assert_eq!(
            split("A {{size}} pizza to {{ address }}."),
            [
                Piece::Text("A "),
                Piece::Attribute("size"),
                Piece::Text(" pizza to "),
                Piece::Attribute("address"),
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
        assert_eq!(split("{{a {{b}}"), [Piece::Text("{{a "), Piece::Attribute("b")]);
        assert!(split("").is_empty());
    }

    proptest::proptest! {
        /// The pieces cover the text: literal pieces and references, in order, rebuild it
        /// (up to the spaces trimmed inside the braces).
        #[test]
        fn pieces_never_lose_text(text in "[a-z {}]{0,40}") {
            let mut rebuilt = String::new();
            for piece in pieces(&text) {
                match piece {
                    Piece::Text(t) => rebuilt.push_str(t),
                    Piece::Attribute(name) => {
                        rebuilt.push_str("{{");
                        rebuilt.push_str(name);
                        rebuilt.push_str("}}");
                    }
                }
            }
            let squeezed = |s: &str| s.replace(' ', "");
            proptest::prop_assert_eq!(squeezed(&rebuilt), squeezed(&text));
        }
    }
}
