//! Exact decimal numbers, and reading them from digits (`1,000.5`, `3,5`, `10^3`).
//!
//! The rules are described in [`numbers`](super::numbers); this module holds the arithmetic,
//! which never overflows: a value that does not fit becomes [`Decimal::OUT_OF_RANGE`].

use serde_json::Value;

use crate::Language;

/// The most decimal places a [`Decimal`] keeps; more are cut off.
const MAX_FRACTION_DIGITS: u32 = 18;

/// An exact decimal number, `mantissa / 10^frac`, or out of range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Decimal {
    mantissa: i128,
    frac: u32,
    out_of_range: bool,
}

impl Decimal {
    /// A number too large (or too precise) to hold.
    pub const OUT_OF_RANGE: Decimal = Decimal {
        mantissa: 0,
        frac: 0,
        out_of_range: true,
    };

    /// The whole number `n`.
    pub fn whole(n: i128) -> Decimal {
        Decimal {
            mantissa: n,
            frac: 0,
            out_of_range: false,
        }
    }

    /// `mantissa / 10^frac`, out of range if `mantissa` is `None`.
    pub fn new(mantissa: Option<i128>, frac: u32) -> Decimal {
        match mantissa {
            Some(mantissa) => Decimal {
                mantissa,
                frac,
                out_of_range: false,
            }
            .normalized(),
            None => Decimal::OUT_OF_RANGE,
        }
    }

    fn normalized(mut self) -> Decimal {
        while self.frac > MAX_FRACTION_DIGITS || (self.frac > 0 && self.mantissa % 10 == 0) {
            self.mantissa /= 10;
            self.frac -= 1;
        }
        self
    }

    /// `self + other`.
    pub fn add(self, other: Decimal) -> Decimal {
        if self.out_of_range || other.out_of_range {
            return Decimal::OUT_OF_RANGE;
        }
        let frac = self.frac.max(other.frac);
        let scale = |d: Decimal| {
            10i128
                .checked_pow(frac - d.frac)
                .and_then(|p| d.mantissa.checked_mul(p))
        };
        Decimal::new(
            scale(self).zip(scale(other)).and_then(|(a, b)| a.checked_add(b)),
            frac,
        )
    }

    /// `self × other`.
    pub fn mul(self, other: Decimal) -> Decimal {
        if self.out_of_range || other.out_of_range {
            return Decimal::OUT_OF_RANGE;
        }
        Decimal::new(self.mantissa.checked_mul(other.mantissa), self.frac + other.frac)
    }

    /// `self / 10^places`, for cents.
    pub fn shift(self, places: u32) -> Decimal {
        if self.out_of_range {
            return self;
        }
        Decimal::new(Some(self.mantissa), self.frac + places)
    }

    /// Whether the value is zero.
    pub fn is_zero(self) -> bool {
        self.mantissa == 0 && !self.out_of_range
    }

    /// Whether the value is in `(0, limit)`.
    pub fn is_positive_below(self, limit: i128) -> bool {
        let limit = 10i128
            .checked_pow(self.frac)
            .and_then(|unit| unit.checked_mul(limit));
        !self.out_of_range && self.mantissa > 0 && limit.is_some_and(|limit| self.mantissa < limit)
    }

    /// Whether the value is out of range.
    pub fn is_out_of_range(self) -> bool {
        self.out_of_range
    }

    /// `-self`.
    pub fn neg(self) -> Decimal {
        Decimal {
            mantissa: -self.mantissa,
            ..self
        }
    }

    /// Whether the value has no fraction (out of range counts as whole: it cannot be told).
    pub fn is_whole(self) -> bool {
        self.frac == 0
    }

    /// The value as a JSON number: an integer when whole, else the nearest `f64`; `None` out
    /// of range (beyond `i64` or not held).
    pub fn to_json(self) -> Option<Value> {
        if self.out_of_range {
            return None;
        }
        let unit = 10i128.checked_pow(self.frac)?;
        let whole = i64::try_from(self.mantissa / unit).ok()?;
        if self.frac == 0 {
            return Some(Value::from(whole));
        }
        let sign = if self.mantissa < 0 { "-" } else { "" };
        let fraction = (self.mantissa % unit).unsigned_abs();
        let digits = format!(
            "{sign}{}.{fraction:0>width$}",
            whole.unsigned_abs(),
            width = self.frac as usize
        );
        digits
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
    }
}

/// Reads written digits (`1,000.5`, `3,5`, `½`), as the module docs say; `None` if `s` is no
/// number.
pub(super) fn parse_digits(s: &str, language: Language) -> Option<Decimal> {
    match s {
        "1\u{2044}2" => return Some(Decimal::new(Some(5), 1)),
        "1\u{2044}4" => return Some(Decimal::new(Some(25), 2)),
        "3\u{2044}4" => return Some(Decimal::new(Some(75), 2)),
        _ => {}
    }
    let bytes = s.as_bytes();
    let well_formed = bytes.first().is_some_and(u8::is_ascii_digit)
        && bytes.last().is_some_and(u8::is_ascii_digit)
        && bytes
            .iter()
            .all(|b| b.is_ascii_digit() || *b == b'.' || *b == b',')
        && !bytes
            .windows(2)
            .any(|w| !w[0].is_ascii_digit() && !w[1].is_ascii_digit());
    if !well_formed {
        return None;
    }
    let (dots, commas) = (s.matches('.').count(), s.matches(',').count());
    let decimal_mark = if dots > 0 && commas > 0 {
        let last = if s.rfind('.') > s.rfind(',') { '.' } else { ',' };
        if s.matches(last).count() > 1 {
            return None;
        }
        Some(last)
    } else if dots + commas == 0 || dots > 1 || commas > 1 {
        None
    } else {
        let mark = if dots == 1 { '.' } else { ',' };
        let (before, after) = s.split_once(mark)?;
        let groups_thousands = after.len() == 3 && before.len() <= 3 && !before.starts_with('0');
        (mark == decimal_mark(language) || !groups_thousands).then_some(mark)
    };
    let (whole, fraction) = match decimal_mark {
        Some(mark) => s.rsplit_once(mark)?,
        None => (s, ""),
    };
    let mut groups = whole.split(['.', ',']);
    let first_ok = groups
        .next()
        .is_some_and(|g| (1..=3).contains(&g.len()) || !whole.contains(['.', ',']));
    if !first_ok || !groups.all(|g| g.len() == 3) {
        return None;
    }
    let kept = &fraction[..fraction.len().min(MAX_FRACTION_DIGITS as usize)];
    let mut mantissa = Some(0i128);
    for b in whole.bytes().chain(kept.bytes()).filter(u8::is_ascii_digit) {
        mantissa = mantissa
            .and_then(|m| m.checked_mul(10))
            .and_then(|m| m.checked_add(i128::from(b - b'0')));
    }
    Some(Decimal::new(mantissa, kept.len() as u32))
}

/// The decimal mark of `language`.
fn decimal_mark(language: Language) -> char {
    match language {
        Language::English | Language::Arabic | Language::Tamil => '.',
        _ => ',',
    }
}

/// Splits a token that starts with digits (`3rd`, `37c`, `1.5e3`) into the digits and the
/// rest; `None` if it does not start with a digit or has nothing after the digits.
pub(super) fn split_digits(text: &str) -> Option<(&str, &str)> {
    let end = text.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))?;
    let digits = text[..end].trim_end_matches(['.', ',']);
    (!digits.is_empty() && digits.as_bytes()[0].is_ascii_digit()).then(|| (digits, &text[digits.len()..]))
}

/// `base ^ exponent` (or `base ^ -exponent`), out of range when it does not fit.
pub(super) fn power(base: Decimal, exponent: &str, negative: bool) -> Decimal {
    let Ok(exponent) = exponent.parse::<u32>() else {
        return Decimal::OUT_OF_RANGE;
    };
    if negative {
        let fits = base == Decimal::whole(10) && exponent <= MAX_FRACTION_DIGITS;
        return if fits {
            Decimal::new(Some(1), exponent)
        } else {
            Decimal::OUT_OF_RANGE
        };
    }
    let mut value = Decimal::whole(1);
    for _ in 0..exponent.min(200) {
        value = value.mul(base);
        if value.out_of_range {
            break;
        }
    }
    if exponent > 200 && !matches!(base.mantissa, 0 | 1) {
        Decimal::OUT_OF_RANGE
    } else {
        value
    }
}

/// A minus sign right before byte `at`, itself at the start or after a space or a bracket.
pub(super) fn sign_before(text: &str, at: usize) -> Option<char> {
    let mut before = text.get(..at)?.chars().rev();
    let sign = before.next().filter(|c| matches!(c, '-' | '\u{2212}'))?;
    match before.next() {
        None => Some(sign),
        Some(c) if c.is_whitespace() || "([{\"'“‘«:=/".contains(c) => Some(sign),
        Some(_) => None,
    }
}
