//! `sys.alphanumeric`: codes that mix letters and digits, `AB12CD`, `A-1234`, `x7`.

use serde_json::Value;

use super::pattern::{CharCounter, char_at, char_before};
use super::{Context, EntityMatch, SystemEntity};
use crate::analysis::Token;

/// `sys.alphanumeric`: a code made of letters and digits, such as an order number, a
/// booking reference, a postcode or a model name: `AB12CD`, `x7`, `A-1234`, `R2-D2`,
/// `SKU-00-1234-B`, `v1.2.3`, `東京2020`.
///
/// The value is the code as a JSON string, exactly as written (case kept: references are
/// often case-sensitive). Score 0.5.
///
/// A code is a run of letters and digits (any script), whose parts may be joined by single
/// `-`, `_` or `.` characters, with at least one letter and at least one digit. A joiner at
/// either end is not part of it (`my code is AB12.` → `AB12`). Words of letters only
/// (`hello`, `e-mail`) and numbers (`12345`, `3.5`, `2027-05-03`) are not codes: numbers are
/// `sys.number`'s.
///
/// Ordinals and quantities glued to their unit (`5th`, `3pm`, `10kg`) are codes too; this
/// entity's specificity is 1, so a more specific entity over the same span (`sys.number`,
/// `sys.time`) wins the overlap.
///
/// One pass over the text: linear in its length.
#[derive(Debug, Clone, Copy, Default)]
pub struct Alphanumeric;

impl SystemEntity for Alphanumeric {
    fn name(&self) -> &'static str {
        "sys.alphanumeric"
    }

    fn specificity(&self) -> u8 {
        1
    }

    fn extract(&self, text: &str, _tokens: &[Token], _context: &Context, out: &mut Vec<EntityMatch>) {
        let mut counter = CharCounter::new(text);
        let mut pos = 0;
        while let Some(c) = char_at(text, pos) {
            if !c.is_alphanumeric() || char_before(text, pos).is_some_and(char::is_alphanumeric) {
                pos += c.len_utf8();
                continue;
            }
            let (end, letter, digit) = code_at(text, pos);
            if letter && digit {
                let span = counter.span(pos, end);
                let value = Value::String(text[pos..end].to_string());
                out.push(EntityMatch::new(self.name(), value, text, span, 0.5));
            }
            pos = end;
        }
    }
}

/// The end of the code that starts at `start` (on a letter or digit), and whether it has a
/// letter and a digit.
fn code_at(text: &str, start: usize) -> (usize, bool, bool) {
    let (mut end, mut letter, mut digit) = (start, false, false);
    loop {
        while let Some(c) = char_at(text, end).filter(|c| c.is_alphanumeric()) {
            letter |= c.is_alphabetic();
            digit |= c.is_numeric();
            end += c.len_utf8();
        }
        match char_at(text, end) {
            Some(joiner @ ('-' | '_' | '.')) if char_at(text, end + 1).is_some_and(char::is_alphanumeric) => {
                end += joiner.len_utf8();
            }
            _ => return (end, letter, digit),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Language;
    use serde_json::json;

    system_entity_tests!(
        Alphanumeric,
        Language::English,
        [
            ("AB12CD", [("AB12CD", json!("AB12CD"))]),
            ("my code is x7", [("x7", json!("x7"))]),
            ("order A-1234.", [("A-1234", json!("A-1234"))]),
            ("(A-1234)", [("A-1234", json!("A-1234"))]),
            ("booking ref QX7-99Z please", [("QX7-99Z", json!("QX7-99Z"))]),
            (
                "R2-D2 and C3PO",
                [("R2-D2", json!("R2-D2")), ("C3PO", json!("C3PO"))]
            ),
            ("SKU-00-1234-B", [("SKU-00-1234-B", json!("SKU-00-1234-B"))]),
            ("update to v1.2.3", [("v1.2.3", json!("v1.2.3"))]),
            ("user_42", [("user_42", json!("user_42"))]),
            ("iPhone15 Pro", [("iPhone15", json!("iPhone15"))]),
            ("b2b", [("b2b", json!("b2b"))]),
            ("an MP3 file", [("MP3", json!("MP3"))]),
            ("4x4", [("4x4", json!("4x4"))]),
            (
                "postcode SW1A 1AA",
                [("SW1A", json!("SW1A")), ("1AA", json!("1AA"))]
            ),
            ("東京2020", [("東京2020", json!("東京2020"))]),
            ("ÑU12", [("ÑU12", json!("ÑU12"))]),
            ("covid-19", [("covid-19", json!("covid-19"))]),
            ("the 5th", [("5th", json!("5th"))]),
            ("AB12CD-", [("AB12CD", json!("AB12CD"))]),
            ("x7, y8", [("x7", json!("x7")), ("y8", json!("y8"))]),
            // Not codes.
            ("hello", []),
            ("hello world", []),
            ("12345", []),
            ("3.5", []),
            ("1,000", []),
            ("e-mail", []),
            ("2027-05-03", []),
            ("version 1.2.3", []),
            ("I'm 25", []),
            ("don't", []),
            ("- _ .", []),
            ("", []),
        ]
    );
}
