//! What an extractor knows besides the utterance: its language, and the moment it was said.
//!
//! Relative dates and times (`tomorrow`, `in two weeks`, `at 7`) only mean something against
//! a reference moment. The library has no clock: the caller passes the [`Reference`] (the
//! current date and time where the user is, with the offset of their time zone from UTC), so
//! that extraction is deterministic and testable.
//!
//! ```
//! use intently::Language;
//! use intently::entity::{Context, Reference};
//!
//! // Tuesday 24 November 2026, 15:30 in Madrid (UTC+01:00).
//! let now = Reference::new(2026, 11, 24, 15, 30, 0, 60).expect("a valid date and time");
//! let context = Context::new(Language::Spanish, now);
//! assert_eq!(context.reference.weekday(), 1); // Monday is 0
//! ```

use super::calendar::{civil_from_days, days_from_civil, month_length, weekday_of};
use crate::Language;

/// A moment in civil time: the date and wall-clock time where the user is, and the offset
/// of their time zone from UTC (`+60` for UTC+01:00, `-300` for UTC-05:00).
///
/// Fields are public for reading; build one with [`Reference::new`], which checks them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Reference {
    /// The year (proleptic Gregorian), 1 to 9999.
    pub year: i32,
    /// The month, 1 to 12.
    pub month: u8,
    /// The day of the month, 1 to its length.
    pub day: u8,
    /// The hour, 0 to 23.
    pub hour: u8,
    /// The minute, 0 to 59.
    pub minute: u8,
    /// The second, 0 to 59.
    pub second: u8,
    /// The offset of the local time from UTC, in minutes, within ±18 hours.
    pub utc_offset_minutes: i32,
}

impl Reference {
    /// A reference for callers whose result does not depend on the date: Thursday
    /// 1970-01-01T00:00:00+00:00.
    ///
    /// The matcher uses it when it recognizes placeholders: matching does not depend on the
    /// date, only the entity's type matters (`@sys.date`), never its resolved value.
    pub const EPOCH: Reference = Reference {
        year: 1970,
        month: 1,
        day: 1,
        hour: 0,
        minute: 0,
        second: 0,
        utc_offset_minutes: 0,
    };

    /// The reference at this local date and time, or `None` if a field is out of range
    /// (month 13, 31 April, 29 February of a common year, hour 24, an offset beyond ±18 h).
    pub fn new(
        year: i32,
        month: u8,
        day: u8,
        hour: u8,
        minute: u8,
        second: u8,
        utc_offset_minutes: i32,
    ) -> Option<Reference> {
        let valid = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= month_length(year, month)
            && hour < 24
            && minute < 60
            && second < 60
            && utc_offset_minutes.abs() <= 18 * 60;
        valid.then_some(Reference {
            year,
            month,
            day,
            hour,
            minute,
            second,
            utc_offset_minutes,
        })
    }

    /// The local time `utc_offset_minutes` from UTC at `seconds` since the Unix epoch, or
    /// `None` out of the years 1 to 9999 or beyond ±18 h (a caller's clock, read once per
    /// turn, becomes the reference this way).
    ///
    /// ```
    /// use intently::entity::Reference;
    ///
    /// let madrid = Reference::from_unix(1_795_530_600, 60).expect("in range");
    /// assert_eq!(madrid, Reference::new(2026, 11, 24, 15, 30, 0, 60).expect("valid"));
    /// ```
    pub fn from_unix(seconds: i64, utc_offset_minutes: i32) -> Option<Reference> {
        let local = seconds.checked_add(i64::from(utc_offset_minutes) * 60)?;
        let (days, second_of_day) = (local.div_euclid(86_400), local.rem_euclid(86_400));
        let (year, month, day) = civil_from_days(days);
        let hour = (second_of_day / 3600) as u8;
        let minute = (second_of_day / 60 % 60) as u8;
        let second = (second_of_day % 60) as u8;
        Reference::new(year, month, day, hour, minute, second, utc_offset_minutes)
    }

    /// The moment as seconds since 1970-01-01T00:00:00Z: the inverse of
    /// [`from_unix`](Reference::from_unix), negative before 1970.
    ///
    /// ```
    /// use intently::entity::Reference;
    ///
    /// let madrid = Reference::new(2026, 11, 24, 15, 30, 0, 60).expect("valid");
    /// assert_eq!(madrid.unix_seconds(), 1_795_530_600);
    /// ```
    pub fn unix_seconds(&self) -> i64 {
        let second_of_day =
            i64::from(self.hour) * 3600 + i64::from(self.minute) * 60 + i64::from(self.second);
        self.days() * 86_400 + second_of_day - i64::from(self.utc_offset_minutes) * 60
    }

    /// Reads an ISO 8601 local date and time with its offset: `2026-11-24T15:30+01:00`,
    /// `2026-11-24T15:30:00Z`, `2026-11-24 15:30:00-05:00`; `None` if it is not one.
    ///
    /// ```
    /// use intently::entity::Reference;
    ///
    /// let r = Reference::parse("2026-11-24T15:30+01:00").expect("a moment");
    /// assert_eq!((r.day, r.hour, r.utc_offset_minutes), (24, 15, 60));
    /// assert!(Reference::parse("24/11/2026").is_none());
    /// ```
    pub fn parse(text: &str) -> Option<Reference> {
        let text = text.trim();
        let (date, rest) = text.split_at_checked(10)?;
        let rest = rest.strip_prefix(['T', 't', ' '])?;
        let mut date = date.split('-');
        let year: i32 = date.next()?.parse().ok()?;
        let month: u8 = date.next()?.parse().ok()?;
        let day: u8 = date.next()?.parse().ok()?;
        let zone_at = rest.find(['Z', 'z', '+', '-'])?;
        let (time, zone) = rest.split_at(zone_at);
        let mut time = time.split(':');
        let hour: u8 = time.next()?.parse().ok()?;
        let minute: u8 = time.next()?.parse().ok()?;
        let second: u8 = time.next().map_or(Some(0), |s| s.parse().ok())?;
        if time.next().is_some() {
            return None;
        }
        let offset = match zone {
            "Z" | "z" => 0,
            _ => {
                let sign = if zone.starts_with('-') { -1 } else { 1 };
                let (h, m) = zone[1..].split_once(':')?;
                let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
                if m >= 60 {
                    return None;
                }
                sign * (h * 60 + m)
            }
        };
        Reference::new(year, month, day, hour, minute, second, offset)
    }

    /// Days since 1970-01-01 of the reference's local date.
    pub fn days(&self) -> i64 {
        days_from_civil(self.year, self.month, self.day)
    }

    /// The day of the week of the reference's local date: 0 for Monday to 6 for Sunday.
    pub fn weekday(&self) -> u8 {
        weekday_of(self.days())
    }

    /// The offset as ISO 8601 writes it: `+00:00`, `+05:30`, `-03:00`.
    pub fn offset_string(&self) -> String {
        let sign = if self.utc_offset_minutes < 0 { '-' } else { '+' };
        let minutes = self.utc_offset_minutes.unsigned_abs();
        format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
    }
}

/// What every system entity receives with the utterance: its language and the reference
/// moment relative dates and times are resolved against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Context {
    /// The language of the utterance.
    pub language: Language,
    /// The moment the utterance was said, in the user's local time.
    pub reference: Reference,
}

impl Context {
    /// A context for an utterance in `language` said at `reference`.
    pub const fn new(language: Language, reference: Reference) -> Context {
        Context { language, reference }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_its_fields() {
        assert!(Reference::new(2026, 11, 24, 15, 30, 0, 0).is_some());
        assert!(Reference::new(2026, 2, 29, 0, 0, 0, 0).is_none());
        assert!(Reference::new(2028, 2, 29, 0, 0, 0, 0).is_some());
        assert!(Reference::new(2026, 13, 1, 0, 0, 0, 0).is_none());
        assert!(Reference::new(2026, 4, 31, 0, 0, 0, 0).is_none());
        assert!(Reference::new(2026, 4, 30, 24, 0, 0, 0).is_none());
        assert!(Reference::new(2026, 4, 30, 0, 0, 0, 19 * 60).is_none());
        assert_eq!(Reference::EPOCH.days(), 0);
        assert_eq!(Reference::EPOCH.weekday(), 3);
    }

    #[test]
    fn reads_iso_moments_and_unix_time() {
        let r = |y, mo, d, h, mi, s, off| Reference::new(y, mo, d, h, mi, s, off);
        assert_eq!(
            Reference::parse("2026-11-24T15:30:05Z"),
            r(2026, 11, 24, 15, 30, 5, 0)
        );
        assert_eq!(
            Reference::parse(" 2026-11-24 15:30-05:30 "),
            r(2026, 11, 24, 15, 30, 0, -330)
        );
        for bad in [
            "",
            "2026-11-24",
            "2026-11-24T15:30",
            "2026-13-24T15:30Z",
            "2026-11-24T15:30+1",
            "2026-11-24T25:00Z",
            "2026-11-24T15:30:00:00Z",
            "2026-11-24T15:30+01:60",
            "2026-11-24T15:30+19:00",
            "2026-11-2é15:30Z",
        ] {
            assert_eq!(Reference::parse(bad), None, "{bad:?}");
        }
        assert_eq!(Reference::from_unix(0, 0), Some(Reference::EPOCH));
        for (seconds, offset) in [
            (0, 0),
            (-1, 0),
            (1_795_530_600, -300),
            (86_399, 840),
            (-86_400 * 400, -720),
        ] {
            let r = Reference::from_unix(seconds, offset).expect("in range");
            assert_eq!(r.unix_seconds(), seconds, "{r:?}");
        }
        assert_eq!(Reference::from_unix(-1, 0), r(1969, 12, 31, 23, 59, 59, 0));
        assert_eq!(
            Reference::from_unix(1_795_530_600, -300),
            r(2026, 11, 24, 9, 30, 0, -300)
        );
        assert_eq!(Reference::from_unix(i64::MAX, 60), None);
        assert_eq!(Reference::from_unix(0, 19 * 60), None);
    }

    proptest::proptest! {
        /// Any text reads as a moment or as nothing, never a panic.
        #[test]
        fn parsing_never_panics(text in "\\PC{0,30}") {
            let _ = Reference::parse(&text);
        }
    }

    #[test]
    fn writes_its_offset() {
        let at = |offset| {
            Reference::new(2026, 1, 1, 0, 0, 0, offset)
                .unwrap()
                .offset_string()
        };
        assert_eq!(at(0), "+00:00");
        assert_eq!(at(330), "+05:30");
        assert_eq!(at(-180), "-03:00");
    }
}
