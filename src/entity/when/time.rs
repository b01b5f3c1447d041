//! Time phrases: clock readings, `half past seven`, `a las siete y media`, parts of the day.

use super::{Phrase, Reader, Said};

impl Reader<'_> {
    pub(super) fn time(&self, i: usize) -> Option<Phrase> {
        let at = if let Some(next) = self
            .words(i, &["a", "las"])
            .or_else(|| self.words(i, &["a", "la"]))
        {
            next
        } else if (matches!(self.word(i), "at" | "las" | "around")
            || (self.word(i) == "a" && matches!(self.word(i + 1), "mediodia" | "medianoche")))
            && self.spaced(i + 1)
        {
            i + 1
        } else {
            i
        };
        let (next, hour, minute, exact) = self.clock(at, at > i)?;
        let (next, part) = self.part_of_day(next);
        let hour = match part {
            Some(true) if hour < 12 => hour + 12,
            Some(false) if hour == 12 => 0,
            Some(_) => hour,
            None if exact || hour == 0 || hour >= 12 => hour,
            None => {
                // The next occurrence after the reference's time of day.
                let now = u32::from(self.reference.hour) * 60 + u32::from(self.reference.minute);
                if hour * 60 + minute > now || (hour + 12) * 60 + minute <= now {
                    hour
                } else {
                    hour + 12
                }
            }
        };
        let score = if exact || part.is_some() { 1.0 } else { 0.8 };
        self.phrase(i, next, Said::Time(hour * 3600 + minute * 60), score)
    }

    /// The clock reading at `i`: the index after it, hour, minute, and whether the hour is
    /// certain (24-hour clock, `noon`). A bare number needs `introduced`.
    fn clock(&self, i: usize, introduced: bool) -> Option<(usize, u32, u32, bool)> {
        let w = self.word(i);
        match w {
            "noon" | "midday" | "mediodia" => return Some((i + 1, 12, 0, true)),
            "midnight" | "medianoche" => return Some((i + 1, 0, 0, true)),
            _ => {}
        }
        // `7pm`, `7am` in one token.
        if let Some(hour) = w
            .strip_suffix("pm")
            .or_else(|| w.strip_suffix("am"))
            .and_then(|h| h.parse::<u32>().ok())
        {
            if (1..=12).contains(&hour) {
                let pm = w.ends_with("pm");
                return Some((i + 1, hour % 12 + if pm { 12 } else { 0 }, 0, true));
            }
        }
        // `half past seven`, `quarter to eight`, `ten past six`.
        let minutes = match w {
            "half" => Some(30),
            "quarter" => Some(15),
            _ => self
                .number(i, false)
                .filter(|n| !n.2 && (1..=29).contains(&n.0))
                .map(|n| n.0 as u32),
        };
        if let Some(minutes) = minutes {
            let after = if w == "half" || w == "quarter" {
                i + 1
            } else {
                self.number(i, false)?.1
            };
            if matches!(self.word(after), "past" | "to" | "after")
                && self.spaced(after)
                && self.spaced(after + 1)
            {
                let to = self.word(after) == "to";
                if let Some((hour, next)) = self.hour(after + 1) {
                    let (hour, minute) = if to {
                        ((hour + 11) % 12, 60 - minutes)
                    } else {
                        (hour, minutes)
                    };
                    return Some((next, if hour == 0 { 12 } else { hour }, minute, false));
                }
            }
        }
        let token = self.tokens.get(i)?;
        let leading_zero = token.text.len() == 2 && token.text.starts_with('0');
        let (hour, mut next) = self.hour(i)?;
        // `19:45`, `7:30`, `7:30pm`.
        if self.gap(next) == Some(":") {
            let minute_token = self.tokens.get(next)?;
            let (digits, rest) = minute_token
                .text
                .split_at_checked(2)
                .unwrap_or((&minute_token.text, ""));
            let minute: u32 = digits.parse().ok().filter(|m| *m < 60 && digits.len() == 2)?;
            next += 1;
            let mut suffix = rest;
            if rest.is_empty() && matches!(self.word(next), "pm" | "am") && self.spaced(next) {
                suffix = self.word(next);
                next += 1;
            }
            let hour = match suffix {
                "" => hour,
                "pm" if (1..=12).contains(&hour) => hour % 12 + 12,
                "am" if (1..=12).contains(&hour) => hour % 12,
                _ => return None,
            };
            return Some((
                next,
                hour,
                minute,
                leading_zero || hour >= 12 || !suffix.is_empty(),
            ));
        }
        // Spanish `y media`, `y cuarto`, `menos cuarto`, `y 10`, after `a las`.
        if self.spanish && introduced {
            if let Some(after) = self.words(next, &["y", "media"]) {
                return Some((after, hour, 30, false));
            }
            if let Some(after) = self.words(next, &["y", "cuarto"]) {
                return Some((after, hour, 15, false));
            }
            if let Some(after) = self.words(next, &["menos", "cuarto"]) {
                return Some((after, (hour + 23) % 24, 45, false));
            }
            if self.word(next) == "y" && self.spaced(next) && self.spaced(next + 1) {
                if let Some((m, after, false)) =
                    self.number(next + 1, false).filter(|n| (1..60).contains(&n.0))
                {
                    return Some((after, hour, m as u32, false));
                }
            }
        }
        if let Some(after) = self.words(next, &["o'clock"]) {
            return Some((after, hour, 0, false));
        }
        if matches!(self.word(next), "pm" | "am" | "p.m" | "a.m")
            && self.spaced(next)
            && (1..=12).contains(&hour)
        {
            let pm = self.word(next).starts_with('p');
            next += 1;
            return Some((next, hour % 12 + if pm { 12 } else { 0 }, 0, true));
        }
        introduced.then_some((next, hour, 0, leading_zero || hour >= 12))
    }

    /// An hour, 0 to 23, at `i`: its value and the index after it.
    fn hour(&self, i: usize) -> Option<(u32, usize)> {
        if self.spanish && matches!(self.word(i), "una" | "un") {
            return Some((1, i + 1));
        }
        let (hour, next, ordinal) = self.number(i, false)?;
        (!ordinal && (0..24).contains(&hour)).then_some((hour as u32, next))
    }

    /// `in the morning`, `de la tarde`…: the index after it, and `Some(pm)` if there is one.
    fn part_of_day(&self, i: usize) -> (usize, Option<bool>) {
        for (words, pm) in [
            (&["in", "the", "morning"][..], false),
            (&["in", "the", "afternoon"][..], true),
            (&["in", "the", "evening"][..], true),
            (&["at", "night"][..], true),
            (&["de", "la", "manana"][..], false),
            (&["de", "la", "madrugada"][..], false),
            (&["de", "la", "tarde"][..], true),
            (&["de", "la", "noche"][..], true),
        ] {
            if let Some(next) = self.words(i, words).filter(|_| self.spaced(i)) {
                return (next, Some(pm));
            }
        }
        (i, None)
    }
}
