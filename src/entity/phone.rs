//! `sys.phone-number`: phone numbers in national and international formats.

use serde_json::Value;

use super::pattern::{CharCounter, char_at, char_before};
use super::{Context, EntityMatch, SystemEntity};
use crate::analysis::Token;

/// `sys.phone-number`: a phone number, `+1 (555) 123-4567`, `555-123-4567`,
/// `+44 20 7946 0958`, `0049 30 1234567`, `612 345 678`.
///
/// The value is a JSON string of digits without separators. With a country code (a leading
/// `+` or the international prefix `00`) it is in E.164 form, `+` and the digits, and the
/// national trunk prefix written as `(0)` is dropped: `+44 (0)20 7946 0958` →
/// `"+442079460958"`, `0049 30 1234567` → `"+49301234567"`. Without one, the digits are kept
/// as written (`(555) 123-4567` → `"5551234567"`, `030/1234567` → `"0301234567"`): the
/// country is not guessed.
///
/// A number is groups of ASCII digits (a group may be in brackets, `(555)`) joined by a space,
/// `-`, `–`, `/` (at most once) or `.` (without spaces around it), with 7 to 15 digits in all
/// (E.164 allows 15); every group after the first has two digits or more, except an area
/// code of one digit after a `+` country code (`+33 1 23 45 67 89`). A run of 7 to 15
/// digits without separators is a phone number too, with a lower score (0.6: it may as well
/// be an order number; `sys.integer` wins the overlap). Numbers written with a country code
/// score 1, other formatted ones 0.9.
///
/// Not phone numbers, although made of digit groups:
///
/// - short numbers: `call me at 5` (a time), `I'm 25`, `24/7`, `room 1204`;
/// - numbers with thousands separators: `1 000 000`, `10 000 000`, `1.234.567` (a group of one
///   or two digits, or dots, followed by groups of exactly three digits), `1,234,567` (a comma
///   never joins groups), decimals (`3.1415926`: dots need three groups or more);
/// - dates (`2027-05-03`, `03.05.2027`, `5/3/2027`), year ranges (`1990-2000`), times
///   (`10:30`), IPv4 addresses (`192.168.10.20`);
/// - a number glued to letters or other symbols (`A1234567`, `#12345678`, `$1234567`,
///   `5551234567kg`), and digit runs longer than 15 digits (a card number).
///
/// Limits: two numbers separated by a space only (`555-123-4567 555-987-6543`) read as one run
/// of 20 digits, which is too long, so neither is found; extensions (`ext. 12`), letters for
/// digits (`1-800-FLOWERS`) and non-ASCII digits are not understood.
///
/// Each maximal run of digit groups is read once, so the cost is linear in the text.
#[derive(Debug, Clone, Copy, Default)]
pub struct PhoneNumber;

impl SystemEntity for PhoneNumber {
    fn name(&self) -> &'static str {
        "sys.phone-number"
    }

    fn extract(&self, text: &str, _tokens: &[Token], _context: &Context, out: &mut Vec<EntityMatch>) {
        let mut counter = CharCounter::new(text);
        let mut pos = 0;
        while let Some(c) = char_at(text, pos) {
            let starts = matches!(c, '+' | '(' | '0'..='9') && char_before(text, pos).is_none_or(may_precede);
            let Some(run) = starts.then(|| read_run(text, pos)).flatten() else {
                pos += c.len_utf8();
                continue;
            };
            if let Some((end, value, score)) = best_number(text, &run) {
                let span = counter.span(pos, end);
                out.push(EntityMatch::new(
                    self.name(),
                    Value::String(value),
                    text,
                    span,
                    score,
                ));
            }
            pos = run.end();
        }
    }
}

/// Whether a phone number may start right after `c`.
fn may_precede(c: char) -> bool {
    !(c.is_alphanumeric()
        || matches!(
            c,
            '_' | '.' | ',' | '/' | '@' | '#' | '$' | '€' | '£' | '¥' | '+' | '-' | '=' | '%' | '&'
        ))
}

/// What joins two groups of digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Separator {
    /// Nothing, next to a bracketed group: `(555)123`, `+1(555)`.
    Adjacent,
    /// Spaces only.
    Space,
    /// `-` or `–`, maybe with spaces around.
    Dash,
    /// `.`, without spaces.
    Dot,
    /// `/`, maybe with spaces around.
    Slash,
}

/// A group of digits, maybe in brackets.
#[derive(Debug, Clone, Copy)]
struct Group {
    /// Where the group ends (after its `)` if bracketed).
    end: usize,
    /// The byte range of its digits.
    digits: (usize, usize),
    /// Whether it is in brackets.
    bracketed: bool,
}

impl Group {
    fn digits<'a>(&self, text: &'a str) -> &'a str {
        &text[self.digits.0..self.digits.1]
    }

    fn len(&self) -> usize {
        self.digits.1 - self.digits.0
    }
}

/// A maximal run of groups of digits and their separators.
#[derive(Debug)]
struct Run {
    plus: bool,
    groups: Vec<Group>,
    separators: Vec<Separator>,
}

impl Run {
    fn end(&self) -> usize {
        self.groups.last().map_or(0, |g| g.end)
    }
}

/// The end of the ASCII digits that start at `pos`.
fn digits_end(text: &str, pos: usize) -> usize {
    pos + text
        .as_bytes()
        .get(pos..)
        .map_or(0, |b| b.iter().take_while(|b| b.is_ascii_digit()).count())
}

/// The group of digits that starts at `pos`.
fn group_at(text: &str, pos: usize) -> Option<Group> {
    if text[pos..].starts_with('(') {
        let end = digits_end(text, pos + 1);
        let ok = (1..=5).contains(&(end - pos - 1)) && text[end..].starts_with(')');
        ok.then_some(Group {
            end: end + 1,
            digits: (pos + 1, end),
            bracketed: true,
        })
    } else {
        let end = digits_end(text, pos);
        (end > pos).then_some(Group {
            end,
            digits: (pos, end),
            bracketed: false,
        })
    }
}

/// Skips up to three spaces from `pos`; the new position and how many were skipped.
fn skip_spaces(text: &str, mut pos: usize) -> (usize, usize) {
    let mut count = 0;
    while let Some(c) = char_at(text, pos).filter(|c| matches!(c, ' ' | '\t' | '\u{a0}' | '\u{202f}')) {
        if count == 3 {
            break;
        }
        pos += c.len_utf8();
        count += 1;
    }
    (pos, count)
}

/// The separator after a group that ends at `pos`, and the group after it.
fn separator_at(text: &str, pos: usize, after_bracket: bool) -> Option<(Separator, Group)> {
    let (mut next, before) = skip_spaces(text, pos);
    let mut separator = if before > 0 {
        Separator::Space
    } else {
        Separator::Adjacent
    };
    if let Some(c) = char_at(text, next) {
        let punct = match c {
            '-' | '–' => Some(Separator::Dash),
            '.' => Some(Separator::Dot),
            '/' => Some(Separator::Slash),
            _ => None,
        };
        if let Some(punct) = punct {
            separator = punct;
            next += c.len_utf8();
        }
    }
    let (next, after) = skip_spaces(text, next);
    let spaced = before > 0 || after > 0;
    let ok = match separator {
        Separator::Adjacent => after_bracket || text[next..].starts_with('('),
        Separator::Dot => !spaced,
        _ => before <= 2 && after <= 2,
    };
    if !ok {
        return None;
    }
    Some((separator, group_at(text, next)?))
}

/// Reads the maximal run of digit groups that starts at `start` (with a `+`, `(` or digit).
fn read_run(text: &str, start: usize) -> Option<Run> {
    let plus = text[start..].starts_with('+');
    let first = group_at(text, start + usize::from(plus))?;
    let mut run = Run {
        plus,
        groups: vec![first],
        separators: Vec::new(),
    };
    let mut last = first;
    while let Some((separator, group)) = separator_at(text, last.end, last.bracketed) {
        run.groups.push(group);
        run.separators.push(separator);
        last = group;
    }
    Some(run)
}

/// The longest phone number at the start of `run`: its end, value and score.
fn best_number(text: &str, run: &Run) -> Option<(usize, String, f32)> {
    let total: usize = run.groups.iter().map(Group::len).sum();
    if total > 15 {
        return None;
    }
    let end = run.end();
    let mut rest = text[end..].chars();
    let glued = match (rest.next(), rest.next()) {
        (Some(c), _) if c.is_alphanumeric() || matches!(c, '_' | '@' | '%' | '€' | '$' | '£') => true,
        (Some('.' | ',' | '/' | '-' | ':'), Some(d)) => d.is_ascii_digit(),
        _ => false,
    };
    if glued {
        return None;
    }
    // The whole run, or the run without trailing groups cut off at a space (`555-123-4567 2
    // times`), never at a dash or dot (`192.168.10.20` is not `192.168.10` and a group).
    (1..=run.groups.len()).rev().find_map(|n| {
        if n < run.groups.len() && run.separators[n - 1] != Separator::Space {
            return None;
        }
        let (value, score) = number(text, run.plus, &run.groups[..n], &run.separators[..n - 1])?;
        Some((run.groups[n - 1].end, value, score))
    })
}

/// The value and score of `groups` joined by `separators` as a phone number, if it is one.
fn number(text: &str, plus: bool, groups: &[Group], separators: &[Separator]) -> Option<(String, f32)> {
    let first = groups[0].digits(text);
    let international = plus
        || (first.len() > 2 && first.starts_with("00") && !first[2..].starts_with('0'))
        || (first == "00" && groups.len() > 1 && !groups[1].digits(text).starts_with('0'));
    let trunk = |i: usize| i == 1 && international && groups[1].bracketed && groups[1].digits(text) == "0";
    let mut digits = String::with_capacity(16);
    for (i, group) in groups.iter().enumerate() {
        if trunk(i) {
            continue;
        }
        // After a country code, the area code may have one digit (`+33 1 23 45 67 89`).
        if i > 0 && group.len() < 2 && !(i == 1 && plus) {
            return None;
        }
        digits.push_str(group.digits(text));
    }
    if !(7..=15).contains(&digits.len()) || separators.iter().filter(|&&s| s == Separator::Slash).count() > 1
    {
        return None;
    }
    if !international
        && !groups.iter().any(|g| g.bracketed)
        && looks_like_other_number(text, groups, separators)
    {
        return None;
    }
    let score = if international {
        1.0
    } else if groups.len() > 1 || groups[0].bracketed {
        0.9
    } else {
        0.6
    };
    if plus {
        Some((format!("+{digits}"), score))
    } else if international {
        Some((format!("+{}", &digits[2..]), score))
    } else {
        Some((digits, score))
    }
}

/// Whether plain digit groups read better as a number with thousands separators, a date, a
/// year range, a decimal or an IPv4 address.
fn looks_like_other_number(text: &str, groups: &[Group], separators: &[Separator]) -> bool {
    let Some(&separator) = separators.first() else {
        return false;
    };
    if separators.iter().any(|&s| s != separator) {
        return false;
    }
    let sizes: Vec<usize> = groups.iter().map(Group::len).collect();
    let thousands = sizes[1..].iter().all(|&s| s == 3);
    let zeros = groups[1..].iter().all(|g| g.digits(text) == "000");
    let year = |g: &Group| g.len() == 4 && matches!(&g.digits(text)[..2], "19" | "20");
    match separator {
        Separator::Space => thousands && (sizes[0] <= 2 || zeros),
        Separator::Dot => {
            thousands
                || groups.len() < 3
                || (groups.len() == 4 && sizes.iter().all(|&s| s <= 3))
                || is_date(&sizes)
        }
        Separator::Dash => is_date(&sizes) || (groups.len() == 2 && year(&groups[0]) && year(&groups[1])),
        Separator::Slash | Separator::Adjacent => false,
    }
}

/// Whether group sizes are those of a date: 4-2-2 or 2-2-4.
fn is_date(sizes: &[usize]) -> bool {
    sizes == [4, 2, 2] || sizes == [2, 2, 4]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Language;
    use serde_json::json;

    system_entity_tests!(
        PhoneNumber,
        Language::English,
        [
            (
                "call +1 (555) 123-4567 now",
                [("+1 (555) 123-4567", json!("+15551234567"))]
            ),
            ("555-123-4567", [("555-123-4567", json!("5551234567"))]),
            ("+44 20 7946 0958", [("+44 20 7946 0958", json!("+442079460958"))]),
            ("0049 30 1234567", [("0049 30 1234567", json!("+49301234567"))]),
            ("00 49 30 1234567", [("00 49 30 1234567", json!("+49301234567"))]),
            (
                "+44 (0)20 7946 0958",
                [("+44 (0)20 7946 0958", json!("+442079460958"))]
            ),
            ("(555) 123-4567", [("(555) 123-4567", json!("5551234567"))]),
            ("(555)123-4567", [("(555)123-4567", json!("5551234567"))]),
            ("+1(555)123-4567", [("+1(555)123-4567", json!("+15551234567"))]),
            ("555.123.4567", [("555.123.4567", json!("5551234567"))]),
            ("1-800-555-0199", [("1-800-555-0199", json!("18005550199"))]),
            ("+1-555-123-4567.", [("+1-555-123-4567", json!("+15551234567"))]),
            ("my number is 5551234567", [("5551234567", json!("5551234567"))]),
            ("+15551234567", [("+15551234567", json!("+15551234567"))]),
            (
                "tel:+34 612 34 56 78",
                [("+34 612 34 56 78", json!("+34612345678"))]
            ),
            ("mi móvil es 612 345 678", [("612 345 678", json!("612345678"))]),
            ("01.23.45.67.89", [("01.23.45.67.89", json!("0123456789"))]),
            ("06 12 34 56 78", [("06 12 34 56 78", json!("0612345678"))]),
            ("030/1234567", [("030/1234567", json!("0301234567"))]),
            ("555 - 123 - 4567", [("555 - 123 - 4567", json!("5551234567"))]),
            ("555–123–4567", [("555–123–4567", json!("5551234567"))]),
            ("call 555-1234 tomorrow", [("555-1234", json!("5551234"))]),
            (
                "(555) 123-4567 2 times",
                [("(555) 123-4567", json!("5551234567"))]
            ),
            (
                "“+33 1 23 45 67 89”",
                [("+33 1 23 45 67 89", json!("+33123456789"))]
            ),
            (
                "call 555-123-4567 or 555-987-6543",
                [
                    ("555-123-4567", json!("5551234567")),
                    ("555-987-6543", json!("5559876543"))
                ]
            ),
            // Not phone numbers.
            ("call me at 5", []),
            ("I'm 25", []),
            ("open 24/7", []),
            ("room 1204", []),
            ("123456", []),
            ("1 000 000", []),
            ("10 000 000 people", []),
            ("1.234.567", []),
            ("1,234,567", []),
            ("pi is 3.1415926", []),
            ("on 2027-05-03", []),
            ("on 03.05.2027", []),
            ("on 5/3/2027", []),
            ("from 1990-2000", []),
            ("at 10:30", []),
            ("ip 192.168.10.20", []),
            ("code A1234567", []),
            ("order #12345678", []),
            ("pay $1234567", []),
            ("5551234567kg", []),
            ("card 4111 1111 1111 1111", []),
            ("1 2 3 4 5 6 7 8 9 10", []),
            ("version 1.2.3", []),
            ("-5551234567", []),
            ("5 2 3 4 5 6 7", []),
            ("", []),
        ]
    );

    #[test]
    fn a_long_line_of_numbers_is_no_phone_and_stays_fast() {
        let text: String = (1..=90).map(|n| format!("{n} ")).collect();
        let mut out = Vec::new();
        PhoneNumber.extract(
            &text,
            &[],
            &Context::new(Language::English, crate::entity::Reference::EPOCH),
            &mut out,
        );
        assert!(out.is_empty(), "{out:?}");
    }
}
