//! Danish.

use super::{Clock, Locale, Placement, Plural, units};

pub(super) static DA: Locale = Locale {
    months: [
        "januar",
        "februar",
        "marts",
        "april",
        "maj",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "december",
    ],
    weekdays: [
        "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag",
    ],
    date: "{weekday} den {day}. {month}",
    date_with_year: "{weekday} den {day}. {month} {year}",
    first_day: None,
    at: "{date} kl. {time}",
    at_one: None,
    clock: Clock::TwentyFour {
        pad: true,
        separator: ".",
    },
    decimal: ",",
    group: ".",
    min_grouping: 4,
    percent: "{n}\u{a0}%",
    money: Placement::After,
    units: units([
        ["sekund", "sekunder"],
        ["minut", "minutter"],
        ["time", "timer"],
        ["dag", "dage"],
        ["uge", "uger"],
        ["måned", "måneder"],
        ["år", "år"],
    ]),
    plural: Plural::OneOther,
};
