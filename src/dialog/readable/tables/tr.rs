//! Turkish.

use super::{H24, Locale, Placement, Plural, same};

pub(super) static TR: Locale = Locale {
    months: [
        "Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül", "Ekim", "Kasım",
        "Aralık",
    ],
    weekdays: [
        "Pazartesi",
        "Salı",
        "Çarşamba",
        "Perşembe",
        "Cuma",
        "Cumartesi",
        "Pazar",
    ],
    date: "{day} {month} {weekday}",
    date_with_year: "{day} {month} {year} {weekday}",
    first_day: None,
    at: "{date} {time}",
    at_one: None,
    clock: H24,
    decimal: ",",
    group: ".",
    min_grouping: 4,
    percent: "%{n}",
    money: Placement::Before,
    units: same(["saniye", "dakika", "saat", "gün", "hafta", "ay", "yıl"]),
    plural: Plural::Invariant,
};
