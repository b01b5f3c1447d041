//! Swedish.

use super::{H24, Locale, NBSP, Placement, Plural, units};

pub(super) static SV: Locale = Locale {
    months: [
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ],
    weekdays: [
        "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag",
    ],
    date: "{weekday} {day} {month}",
    date_with_year: "{weekday} {day} {month} {year}",
    first_day: None,
    at: "{date} kl. {time}",
    at_one: None,
    clock: H24,
    decimal: ",",
    group: NBSP,
    min_grouping: 4,
    percent: "{n}\u{a0}%",
    money: Placement::After,
    units: units([
        ["sekund", "sekunder"],
        ["minut", "minuter"],
        ["timme", "timmar"],
        ["dag", "dagar"],
        ["vecka", "veckor"],
        ["månad", "månader"],
        ["år", "år"],
    ]),
    plural: Plural::OneOther,
};
