//! English.
//!
//! A template for a new language: copy this file, fix each field, and list the table in
//! `super::locale`.

use super::{Clock, Locale, Placement, Plural, units};

pub(super) static EN: Locale = Locale {
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    weekdays: [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ],
    date: "{weekday} {day} {month}",
    date_with_year: "{weekday} {day} {month} {year}",
    first_day: None,
    at: "{date} at {time}",
    at_one: None,
    clock: Clock::Twelve { am: "am", pm: "pm" },
    decimal: ".",
    group: ",",
    min_grouping: 4,
    percent: "{n}%",
    money: Placement::Before,
    units: units([
        ["second", "seconds"],
        ["minute", "minutes"],
        ["hour", "hours"],
        ["day", "days"],
        ["week", "weeks"],
        ["month", "months"],
        ["year", "years"],
    ]),
    plural: Plural::OneOther,
};
