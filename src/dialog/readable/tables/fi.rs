//! Finnish.

use super::{Clock, Locale, NBSP, Placement, Plural, units};

pub(super) static FI: Locale = Locale {
    months: [
        "tammikuuta",
        "helmikuuta",
        "maaliskuuta",
        "huhtikuuta",
        "toukokuuta",
        "kesäkuuta",
        "heinäkuuta",
        "elokuuta",
        "syyskuuta",
        "lokakuuta",
        "marraskuuta",
        "joulukuuta",
    ],
    weekdays: [
        "maanantai",
        "tiistai",
        "keskiviikko",
        "torstai",
        "perjantai",
        "lauantai",
        "sunnuntai",
    ],
    date: "{weekday} {day}. {month}",
    date_with_year: "{weekday} {day}. {month} {year}",
    first_day: None,
    at: "{date} klo {time}",
    at_one: None,
    clock: Clock::TwentyFour {
        pad: false,
        separator: ".",
    },
    decimal: ",",
    group: NBSP,
    min_grouping: 4,
    percent: "{n}\u{a0}%",
    money: Placement::After,
    units: units([
        ["sekunti", "sekuntia"],
        ["minuutti", "minuuttia"],
        ["tunti", "tuntia"],
        ["päivä", "päivää"],
        ["viikko", "viikkoa"],
        ["kuukausi", "kuukautta"],
        ["vuosi", "vuotta"],
    ]),
    plural: Plural::OneOther,
};
