//! Norwegian.

use super::{H24, Locale, NBSP, Placement, Plural, units};

pub(super) static NO: Locale = Locale {
    months: [
        "januar",
        "februar",
        "mars",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "desember",
    ],
    weekdays: [
        "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag",
    ],
    date: "{weekday} {day}. {month}",
    date_with_year: "{weekday} {day}. {month} {year}",
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
        ["minutt", "minutter"],
        ["time", "timer"],
        ["dag", "dager"],
        ["uke", "uker"],
        ["måned", "måneder"],
        ["år", "år"],
    ]),
    plural: Plural::OneOther,
};
