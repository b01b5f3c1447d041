//! The neutral table, for languages without a table of their own: see the parent module.

use super::{H24, Locale, Placement, Plural, same};

pub(super) static NEUTRAL: Locale = Locale {
    months: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"],
    weekdays: [""; 7],
    date: "{day}/{month}/{year}",
    date_with_year: "{day}/{month}/{year}",
    first_day: None,
    at: "{date} {time}",
    at_one: None,
    clock: H24,
    decimal: ".",
    group: "\u{202f}",
    min_grouping: 4,
    percent: "{n}\u{a0}%",
    money: Placement::Code,
    units: same(["s", "min", "h", "d", "", "", ""]),
    plural: Plural::Invariant,
};
