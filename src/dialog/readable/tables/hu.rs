//! Hungarian.

use super::{Clock, Locale, NBSP, Placement, Plural, same};

pub(super) static HU: Locale = Locale {
    months: [
        "január",
        "február",
        "március",
        "április",
        "május",
        "június",
        "július",
        "augusztus",
        "szeptember",
        "október",
        "november",
        "december",
    ],
    weekdays: [
        "hétfő",
        "kedd",
        "szerda",
        "csütörtök",
        "péntek",
        "szombat",
        "vasárnap",
    ],
    date: "{month} {day}., {weekday}",
    date_with_year: "{year}. {month} {day}., {weekday}",
    first_day: None,
    at: "{date} {time}",
    at_one: None,
    clock: Clock::TwentyFour {
        pad: false,
        separator: ":",
    },
    decimal: ",",
    group: NBSP,
    min_grouping: 4,
    percent: "{n}%",
    money: Placement::After,
    units: same(["másodperc", "perc", "óra", "nap", "hét", "hónap", "év"]),
    plural: Plural::Invariant,
};
