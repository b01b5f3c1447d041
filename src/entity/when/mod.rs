//! Reading dates and times in an utterance, for `sys.date`, `sys.time` and `sys.datetime`.
//!
//! [`read_when`] walks the analysed tokens and returns every date phrase and every time
//! phrase it finds, resolved against the [`Reference`] of the [`Context`]; `sys.datetime`
//! then joins a date and a time that follow each other.
//!
//! # Dates
//!
//! - **Relative days**: `today`, `tomorrow`, `yesterday`, `the day after tomorrow`, `the day
//!   before yesterday`; `hoy`, `mañana`, `ayer`, `pasado mañana`, `anteayer`.
//! - **Weekdays**: `friday`, `on friday`, `this friday`, `next friday` and `el viernes`, `este
//!   viernes`, `el próximo viernes`, `el viernes que viene` are the first such day from the
//!   reference date on (the reference date itself for the same weekday, except after `next`
//!   or `próximo`, which mean the one after it); `last friday`, `el viernes pasado` the last
//!   one before it.
//! - **Offsets**: `in 3 days`, `in two weeks`, `in a month`, `a week from now`, `3 days ago`;
//!   `en 3 días`, `dentro de dos semanas`, `hace 3 días`. Months keep the day of the month
//!   (clamped to the month's length); a year is twelve months.
//! - **Calendar dates**: `3rd of May`, `the 3rd of May`, `3 May 2027`, `May 3rd`, `May 3,
//!   2027`; `el 3 de mayo`, `3 de mayo de 2027`. A month name needs a day next to it, so
//!   `may I` or `in May` is no date. Without a year, the date is the first one on or after
//!   the reference date (`May 3rd` said in November is next May's).
//! - **Digits**: `2027-05-03` (ISO, every language); `5/3/2027`, read month/day/year in
//!   English and day/month/year in Spanish and every other language; `03.05.2027`,
//!   day.month.year everywhere. The year has four digits; impossible dates (`2027-02-30`)
//!   are no date.
//!
//! # Times
//!
//! - `7pm`, `7 pm`, `7:30 pm`, `19:45`, `07:30`, `7 o'clock`, `at 7`, `at seven`, `noon`,
//!   `midday`, `midnight`, `half past seven`, `quarter past 7`, `quarter to eight`, `ten past
//!   six`; `a las 7`, `a la una`, `a las siete y media`, `a las 8 menos cuarto`, `las 7 y 10`,
//!   `a mediodía`, `a medianoche`, with `de la mañana`, `de la tarde`, `de la noche` after them.
//! - A bare number is a time only after `at`, `a las`, `a la` or before `o'clock`: `I'm 5`
//!   is no time, `call me at 5` is.
//! - **Which half of the day**: an hour from 1 to 11 said without `am`, `pm` or a part of the
//!   day (and without a leading zero, which means a 24-hour clock) is the **next occurrence
//!   after the reference's time of day**: at 15:30, `at 5` is 17:00 and `at 3` is 03:00. The
//!   same reading is kept when a date comes with the time (`tomorrow at 7` is 19:00 then).
//!
//! # Spans
//!
//! A phrase's span includes the word that introduces it (`on monday`, `at 7`, `a las 7`, `el
//! 3 de mayo`, `in 3 days`).

mod date;
mod time;

use super::EntityMatch;
use super::numbers::{Reading, read_numbers};
use super::{Context, Reference};
use crate::analysis::Token;

/// What a phrase says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Said {
    /// A date, in days since 1970-01-01.
    Date(i64),
    /// A time of day, in seconds since midnight.
    Time(u32),
}

/// One date or time phrase.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Phrase {
    /// The index of its first token.
    pub first: usize,
    /// The index of its last token.
    pub last: usize,
    /// What it says.
    pub said: Said,
    /// How sure the reading is.
    pub score: f32,
}

/// Every date phrase and time phrase of `text`, in order of position; dates do not overlap
/// each other, nor do times.
pub(super) fn read_when(text: &str, tokens: &[Token], context: &Context) -> Vec<Phrase> {
    let reader = Reader::new(text, tokens, context);
    let mut phrases = Vec::new();
    for time in [false, true] {
        let mut i = 0;
        while i < tokens.len() {
            let found = if time { reader.time(i) } else { reader.date(i) };
            match found {
                Some(phrase) => {
                    i = phrase.last + 1;
                    phrases.push(phrase);
                }
                None => i += 1,
            }
        }
    }
    phrases.sort_by_key(|p| p.first);
    phrases
}

/// Pushes a match of `name` for every date or time phrase of `text` that `value` turns into
/// a value: the one extraction loop of `sys.date` and `sys.time`.
pub(super) fn push_phrases(
    name: &str,
    text: &str,
    tokens: &[Token],
    context: &Context,
    out: &mut Vec<EntityMatch>,
    value: impl Fn(Said) -> Option<serde_json::Value>,
) {
    for phrase in read_when(text, tokens, context) {
        if let Some(value) = value(phrase.said) {
            let span = super::numbers::span_of(&tokens[phrase.first], &tokens[phrase.last]);
            out.push(EntityMatch::new(name, value, text, span, phrase.score));
        }
    }
}

/// The time of day `seconds` after midnight, as `19:00:00`.
pub(super) fn iso_time(seconds: u32) -> String {
    format!(
        "{:02}:{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

struct Reader<'a> {
    text: &'a str,
    tokens: &'a [Token],
    spanish: bool,
    /// Whether `5/3/2027` is the 3rd of May (English) rather than the 5th of March.
    month_first: bool,
    reference: Reference,
    /// The whole number that starts at each token, and the index of its last token.
    numbers: Vec<Option<(i64, usize, bool)>>,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str, tokens: &'a [Token], context: &Context) -> Reader<'a> {
        let mut numbers = vec![None; tokens.len()];
        for Reading {
            first,
            last,
            value,
            ordinal,
            ..
        } in read_numbers(text, tokens, context.language)
        {
            if let Some(n) = value.to_json().and_then(|v| v.as_i64()) {
                numbers[first] = Some((n, last, ordinal));
            }
        }
        Reader {
            text,
            tokens,
            spanish: context.language == crate::Language::Spanish,
            month_first: context.language == crate::Language::English,
            reference: context.reference,
            numbers,
        }
    }

    /// The normalized text of token `i`, or `""` past the end.
    fn word(&self, i: usize) -> &str {
        self.tokens.get(i).map_or("", |t| t.text.as_str())
    }

    /// The text between tokens `i - 1` and `i`, trimmed (`None` if `i` is past the end).
    fn gap(&self, i: usize) -> Option<&str> {
        let (before, after) = (self.tokens.get(i.checked_sub(1)?)?, self.tokens.get(i)?);
        Some(self.text.get(before.span.byte_end..after.span.byte_start)?.trim())
    }

    /// Whether token `i` follows the one before it with only spaces between.
    fn spaced(&self, i: usize) -> bool {
        self.gap(i) == Some("")
    }

    /// The words starting at `i`, if they are `words` with only spaces between: the index
    /// after them.
    fn words(&self, i: usize, words: &[&str]) -> Option<usize> {
        for (k, w) in words.iter().enumerate() {
            if self.word(i + k) != *w || (k > 0 && !self.spaced(i + k)) {
                return None;
            }
        }
        Some(i + words.len())
    }

    /// A whole number starting at token `i`: its value, the index after it, and whether it is
    /// an ordinal; `a`, `an`, `un`, `una` count as one when `article` is set.
    fn number(&self, i: usize, article: bool) -> Option<(i64, usize, bool)> {
        if let Some((n, last, ordinal)) = self.numbers.get(i).copied().flatten() {
            return Some((n, last + 1, ordinal));
        }
        (article && matches!(self.word(i), "a" | "an" | "un" | "una" | "uno")).then_some((1, i + 1, false))
    }

    fn phrase(&self, first: usize, next: usize, said: Said, score: f32) -> Option<Phrase> {
        Some(Phrase {
            first,
            last: next.checked_sub(1)?,
            said,
            score,
        })
    }
}
