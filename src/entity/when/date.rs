//! Date phrases: relative days, weekdays, offsets, calendar dates and dates in digits.

use super::{Phrase, Reader, Said};
use crate::analysis::TokenKind;
use crate::entity::Reference;
use crate::entity::calendar::{days_from_civil, is_valid_date, month_length, weekday_of};

impl Reader<'_> {
    pub(super) fn date(&self, i: usize) -> Option<Phrase> {
        let today = self.reference.days();
        let w = self.word(i);
        // An introducing word, kept in the span.
        let intro = matches!(w, "on" | "el") && self.spaced(i + 1);
        let start = i + usize::from(intro);
        if let Some(p) = self
            .relative_day(start, today)
            .or_else(|| self.weekday_phrase(start, today))
        {
            return self.phrase(i, p.0, Said::Date(p.1), p.2);
        }
        if let Some((next, days)) = self.calendar(start, today) {
            return self.phrase(i, next, Said::Date(days), 1.0);
        }
        if intro {
            return None;
        }
        self.offset(i, today)
            .and_then(|(next, days)| self.phrase(i, next, Said::Date(days), 1.0))
    }

    fn relative_day(&self, i: usize, today: i64) -> Option<(usize, i64, f32)> {
        let the = usize::from(self.word(i) == "the" && self.spaced(i + 1));
        for (words, shift) in [
            (&["day", "after", "tomorrow"][..], 2),
            (&["day", "before", "yesterday"][..], -2),
            (&["pasado", "manana"][..], 2),
        ] {
            if let Some(next) = self.words(i + the, words) {
                return Some((next, today + shift, 1.0));
            }
        }
        let shift = match self.word(i) {
            "today" | "hoy" => 0,
            "tomorrow" => 1,
            // `mañana` after `la` or `por` is the morning.
            "manana" if !matches!(self.word(i.wrapping_sub(1)), "la" | "por" | "esta") => 1,
            "yesterday" | "ayer" => -1,
            "anteayer" => -2,
            _ => return None,
        };
        Some((i + 1, today + shift, 1.0))
    }

    fn weekday_phrase(&self, i: usize, today: i64) -> Option<(usize, i64, f32)> {
        let mut k = i;
        let mut direction = 0; // 0: from today on; 1: after today; -1: before today
        if matches!(self.word(k), "this" | "este" | "next" | "proximo" | "last") && self.spaced(k + 1) {
            direction = match self.word(k) {
                "next" | "proximo" => 1,
                "last" => -1,
                _ => 0,
            };
            k += 1;
        }
        let day = weekday(self.word(k))?;
        k += 1;
        if let Some(next) = self.words(k, &["que", "viene"]) {
            (direction, k) = (1, next);
        } else if self.word(k) == "pasado" && self.spaced(k) {
            (direction, k) = (-1, k + 1);
        }
        let now = i64::from(weekday_of(today));
        let ahead = (i64::from(day) - now).rem_euclid(7);
        let days = match direction {
            1 if ahead == 0 => today + 7,
            -1 => today - (now - i64::from(day) - 1).rem_euclid(7) - 1,
            _ => today + ahead,
        };
        let score = if k == i + 1 { 0.9 } else { 1.0 };
        Some((k, days, score))
    }

    /// `in 3 days`, `a week from now`, `3 days ago`, `en 3 días`, `dentro de 2 semanas`.
    fn offset(&self, i: usize, today: i64) -> Option<(usize, i64)> {
        let (sign, start) = if self.word(i) == "in" || self.word(i) == "en" {
            (1, i + 1)
        } else if let Some(next) = self.words(i, &["dentro", "de"]) {
            (1, next)
        } else if self.word(i) == "hace" {
            (-1, i + 1)
        } else {
            (0, i)
        };
        if start > i && !self.spaced(start) {
            return None;
        }
        let (amount, next, ordinal) = self.number(start, true)?;
        if ordinal || !self.spaced(next) || !(0..=10_000).contains(&amount) {
            return None;
        }
        let unit = calendar_unit(self.word(next))?;
        let mut end = next + 1;
        let sign = match sign {
            0 => {
                if let Some(after) = self.words(end, &["from", "now"]) {
                    end = after;
                    1
                } else if self.word(end) == "ago" && self.spaced(end) {
                    end += 1;
                    -1
                } else {
                    return None;
                }
            }
            s => s,
        };
        let days = match unit {
            CalendarUnit::Day => today + sign * amount,
            CalendarUnit::Week => today + sign * amount * 7,
            CalendarUnit::Month => add_months(self.reference, sign * amount)?,
            CalendarUnit::Year => add_months(self.reference, sign * amount * 12)?,
        };
        Some((end, days))
    }

    /// A date with a month and a day, or in digits.
    fn calendar(&self, i: usize, today: i64) -> Option<(usize, i64)> {
        if let Some(found) = self.digits(i) {
            return Some(found);
        }
        let the = usize::from(self.word(i) == "the" && self.spaced(i + 1));
        // Day first: `3rd of May`, `3 May`, `3 de mayo`.
        if let Some((day, next, _)) = self.number(i + the, false) {
            let of = usize::from(matches!(self.word(next), "of" | "de") && self.spaced(next + 1));
            if self.spaced(next) {
                if let Some(month) = month(self.word(next + of)) {
                    return self.with_year(next + of + 1, month, day, today);
                }
            }
        }
        // Month first: `May 3rd`, `May 3, 2027`.
        let month = month(self.word(i))?;
        let (day, next, ordinal) = self.number(i + 1, false).filter(|_| self.spaced(i + 1))?;
        if self.spanish && !ordinal {
            return None;
        }
        self.with_year(next, month, day, today)
    }

    /// The date `month`/`day` with the year that may follow from `next`, or the first such
    /// date on or after `today`.
    fn with_year(&self, next: usize, month: u8, day: i64, today: i64) -> Option<(usize, i64)> {
        let day = u8::try_from(day).ok()?;
        let de = usize::from(self.spanish && self.word(next) == "de" && self.spaced(next + 1));
        let year = self
            .tokens
            .get(next + de)
            .filter(|t| {
                t.kind == TokenKind::Number
                    && t.text.len() == 4
                    && matches!(self.gap(next + de), Some("" | ","))
            })
            .and_then(|t| t.text.parse::<i32>().ok());
        if let Some(year) = year {
            return is_valid_date(year, month, day)
                .then(|| (next + de + 1, days_from_civil(year, month, day)));
        }
        let this_year = self.reference.year;
        let valid = [this_year, this_year.saturating_add(1)]
            .into_iter()
            .filter(|&y| is_valid_date(y, month, day))
            .map(|y| days_from_civil(y, month, day))
            .find(|&d| d >= today);
        valid.map(|days| (next, days))
    }

    /// `2027-05-03`, `5/3/2027`, `03.05.2027`.
    fn digits(&self, i: usize) -> Option<(usize, i64)> {
        let token = self.tokens.get(i).filter(|t| t.kind == TokenKind::Number)?;
        let dotted: Vec<&str> = token.text.split('.').collect();
        if let [d, m, y] = dotted[..] {
            return date_of(y, m, d).map(|days| (i + 1, days));
        }
        let parts: Vec<&str> = (i..i + 3)
            .filter_map(|k| self.tokens.get(k).map(|t| t.text.as_str()))
            .collect();
        let separator = self.gap(i + 1)?;
        if parts.len() < 3 || self.gap(i + 2)? != separator || self.tokens[i + 1].kind != TokenKind::Number {
            return None;
        }
        let days = match separator {
            "-" => date_of(parts[0], parts[1], parts[2]),
            "/" if self.month_first => date_of(parts[2], parts[0], parts[1]),
            "/" => date_of(parts[2], parts[1], parts[0]),
            _ => None,
        }?;
        Some((i + 3, days))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CalendarUnit {
    Day,
    Week,
    Month,
    Year,
}

fn calendar_unit(word: &str) -> Option<CalendarUnit> {
    Some(match word {
        "day" | "days" | "dia" | "dias" => CalendarUnit::Day,
        "week" | "weeks" | "semana" | "semanas" => CalendarUnit::Week,
        "month" | "months" | "mes" | "meses" => CalendarUnit::Month,
        "year" | "years" | "ano" | "anos" => CalendarUnit::Year,
        _ => return None,
    })
}

/// The reference date moved by `months`, its day clamped to the new month's length.
fn add_months(reference: Reference, months: i64) -> Option<i64> {
    let index = i64::from(reference.year) * 12 + i64::from(reference.month) - 1 + months;
    let year = i32::try_from(index.div_euclid(12)).ok()?;
    let month = (index.rem_euclid(12) + 1) as u8;
    let day = reference.day.min(month_length(year, month));
    is_valid_date(year, month, day).then(|| days_from_civil(year, month, day))
}

/// The date of a four-digit year, a month and a day in digits.
fn date_of(year: &str, month: &str, day: &str) -> Option<i64> {
    let ok = |s: &str, len: std::ops::RangeInclusive<usize>| {
        len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !ok(year, 4..=4) || !ok(month, 1..=2) || !ok(day, 1..=2) {
        return None;
    }
    let (year, month, day) = (year.parse().ok()?, month.parse().ok()?, day.parse().ok()?);
    is_valid_date(year, month, day).then(|| days_from_civil(year, month, day))
}

/// The weekday a word names, 0 for Monday.
fn weekday(word: &str) -> Option<u8> {
    Some(match word {
        "monday" | "lunes" => 0,
        "tuesday" | "martes" => 1,
        "wednesday" | "miercoles" => 2,
        "thursday" | "jueves" => 3,
        "friday" | "viernes" => 4,
        "saturday" | "sabado" => 5,
        "sunday" | "domingo" => 6,
        _ => return None,
    })
}

/// The month a word names, 1 for January.
fn month(word: &str) -> Option<u8> {
    Some(match word {
        "january" | "jan" | "enero" => 1,
        "february" | "feb" | "febrero" => 2,
        "march" | "marzo" => 3,
        "april" | "apr" | "abril" => 4,
        "may" | "mayo" => 5,
        "june" | "jun" | "junio" => 6,
        "july" | "jul" | "julio" => 7,
        "august" | "aug" | "agosto" => 8,
        "september" | "sep" | "sept" | "septiembre" | "setiembre" => 9,
        "october" | "oct" | "octubre" => 10,
        "november" | "nov" | "noviembre" => 11,
        "december" | "dec" | "diciembre" => 12,
        _ => return None,
    })
}
