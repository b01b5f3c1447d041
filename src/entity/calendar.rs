//! Civil-date arithmetic in the proleptic Gregorian calendar, in pure integer arithmetic
//! (Howard Hinnant's `days_from_civil` and `civil_from_days`): no clock, no time zone
//! database, no dependency.
//!
//! Days are counted from 1970-01-01 (day 0); weekdays run from 0 (Monday) to 6 (Sunday).

/// Whether `year` has a 29 February.
pub(crate) fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// The number of days of `month` (1 to 12) in `year`; 0 for a month out of range.
pub(crate) fn month_length(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Whether `year-month-day` is a date of the calendar (years 1 to 9999).
pub(crate) fn is_valid_date(year: i32, month: u8, day: u8) -> bool {
    (1..=9999).contains(&year) && day >= 1 && day <= month_length(year, month)
}

/// Days from 1970-01-01 to `year-month-day` (negative before it).
pub(crate) fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let (month, day) = (i64::from(month), i64::from(day));
    let year = i64::from(year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date `(year, month, day)` that is `days` after 1970-01-01.
pub(crate) fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u8;
    let month = (if mp < 10 { mp + 3 } else { mp - 9 }) as u8;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (
        year.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32,
        month,
        day,
    )
}

/// The weekday of the day `days` after 1970-01-01 (a Thursday): 0 for Monday to 6 for Sunday.
pub(crate) fn weekday_of(days: i64) -> u8 {
    (days + 3).rem_euclid(7) as u8
}

/// The date as ISO 8601 writes it: `2027-05-03`.
pub(crate) fn iso_date(days: i64) -> String {
    let (year, month, day) = civil_from_days(days);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
        assert_eq!(civil_from_days(20_416), (2025, 11, 24));
        assert_eq!(iso_date(days_from_civil(2026, 11, 24)), "2026-11-24");
        assert_eq!(weekday_of(days_from_civil(2026, 11, 24)), 1, "a Tuesday");
        assert_eq!(weekday_of(days_from_civil(2000, 1, 1)), 5, "a Saturday");
        assert_eq!(weekday_of(days_from_civil(1, 1, 1)), 0, "a Monday");
    }

    #[test]
    fn leap_years_and_month_lengths() {
        assert!(is_leap_year(2000) && is_leap_year(2028) && !is_leap_year(1900) && !is_leap_year(2026));
        assert_eq!(month_length(2028, 2), 29);
        assert_eq!(month_length(2026, 2), 28);
        assert_eq!(month_length(2026, 4), 30);
        assert_eq!(month_length(2026, 13), 0);
        assert!(is_valid_date(2028, 2, 29) && !is_valid_date(2026, 2, 29) && !is_valid_date(2026, 0, 1));
        assert_eq!(days_from_civil(2029, 1, 1) - days_from_civil(2028, 1, 1), 366);
    }

    proptest! {
        #[test]
        fn round_trips(days in -800_000i64..3_000_000) {
            let (year, month, day) = civil_from_days(days);
            prop_assert!(day >= 1 && day <= month_length(year, month));
            prop_assert_eq!(days_from_civil(year, month, day), days);
            prop_assert_eq!(weekday_of(days + 1), (weekday_of(days) + 1) % 7);
        }
    }
}
