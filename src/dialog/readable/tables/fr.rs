//! French.

use super::{H24, Locale, Placement, Plural, units};

pub(super) static FR: Locale = Locale {
    months: [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    weekdays: [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ],
    date: "{weekday} {day} {month}",
    date_with_year: "{weekday} {day} {month} {year}",
    first_day: Some("1er"),
    at: "{date} à {time}",
    at_one: None,
    clock: H24,
    decimal: ",",
    group: "\u{202f}",
    min_grouping: 4,
    percent: "{n}\u{202f}%",
    money: Placement::After,
    units: units([
        ["seconde", "secondes"],
        ["minute", "minutes"],
        ["heure", "heures"],
        ["jour", "jours"],
        ["semaine", "semaines"],
        ["mois", "mois"],
        ["an", "ans"],
    ]),
    plural: Plural::BelowTwo,
};
