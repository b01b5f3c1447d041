//! How each language writes dates, times, numbers and amounts: one small table per
//! language, one file each (`en.rs`, `es.rs`…).
//!
//! The conventions follow the Unicode CLDR's for the language's main region, simplified to
//! what a bot's reply needs. To add a language, copy `en.rs` (or a close language's file),
//! fix each field, and list it in [`locale`]; the table-driven tests in `../tests.rs` then
//! want a table of cases for it.
//!
//! | language | date | time | 1234.5 | money |
//! | --- | --- | --- | --- | --- |
//! | en | Monday 7 December | 9 pm, 9:30 pm | 1,234.5 | $50.00 |
//! | es | lunes 7 de diciembre | 21:00 | 1234,5 (12.345) | 50,00 € |
//! | fr | lundi 7 décembre (1er) | 21:00 | 1 234,5 | 50,00 € |
//! | de | Montag, 7. Dezember | 21:00 | 1.234,5 | 50,00 € |
//! | ar, ta | 7/12/2026 (neutral) | 21:00 | 1 234.5 | 50.00 EUR |
//!
//! The neutral table, for languages without their own (Arabic, Tamil), writes what any
//! reader can parse and no reader misreads as their own language's convention: the date
//! as day/month/year with the year always written, the 24-hour clock, a point for decimals
//! with a narrow space between thousands (as ISO 80000 does), an amount followed by its
//! ISO 4217 code, and durations in SI symbols (`s`, `min`, `h`, `d`; weeks, months and
//! years keep the user's own words).

use crate::Language;

mod da;
mod de;
mod el;
mod en;
mod es;
mod fi;
mod fr;
mod hu;
mod it;
mod neutral;
mod nl;
mod no;
mod pt;
mod ro;
mod ru;
mod sv;
mod tr;

/// One language's conventions.
#[derive(Debug)]
pub(crate) struct Locale {
    /// Month names as a date uses them (genitive or partitive where the language wants it).
    pub months: [&'static str; 12],
    /// Weekday names, Monday first.
    pub weekdays: [&'static str; 7],
    /// A date near the reference day: `{weekday}`, `{day}`, `{month}`, `{year}`.
    pub date: &'static str,
    /// A date further away, with its year.
    pub date_with_year: &'static str,
    /// How the first day of a month is written, when not as `1` (French `1er`).
    pub first_day: Option<&'static str>,
    /// A date with a time: `{date}`, `{time}`.
    pub at: &'static str,
    /// The same at one o'clock, where the language says it differently (Spanish `a la`).
    pub at_one: Option<&'static str>,
    pub clock: Clock,
    pub decimal: &'static str,
    pub group: &'static str,
    /// How many digits a whole part needs before it is grouped (Spanish leaves `1234` whole).
    pub min_grouping: usize,
    /// A percentage: `{n}`.
    pub percent: &'static str,
    pub money: Placement,
    /// Duration units (second, minute, hour, day, week, month, year), each in the forms
    /// [`Plural`] picks: one, few, other. An empty word keeps the user's own words.
    pub units: [[&'static str; 3]; 7],
    pub plural: Plural,
}

/// How hours are written.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Clock {
    /// `9 pm`, `9:30 pm`, `12 am` (midnight), `12 pm` (noon).
    Twelve { am: &'static str, pm: &'static str },
    /// `21:00`, with the hour padded to two digits or not, and the separator.
    TwentyFour { pad: bool, separator: &'static str },
}

/// Where a currency goes around the amount.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Placement {
    /// `$50.00`; a currency written as its code takes a space: `CHF 50.00`.
    Before,
    /// `€ 50,00`.
    BeforeSpaced,
    /// `50,00 €`.
    After,
    /// `50.00 EUR`: always the ISO code (the neutral table).
    Code,
}

/// Which form of a unit a number takes.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Plural {
    /// One for exactly 1, other otherwise.
    OneOther,
    /// One below 2 (French: `1,5 heure`).
    BelowTwo,
    /// Russian: one (21), few (2–4, 22; and fractions), other (5–20, 25).
    Slavic,
    /// Romanian: one (1), few (0, 2–19 and fractions), other (20 and up: `20 de ore`).
    Romanian,
    /// Always the first form (Hungarian, Turkish: `2 óra`).
    Invariant,
}

const NBSP: &str = "\u{a0}";

/// The table of a language.
pub(crate) fn locale(language: Language) -> &'static Locale {
    match language {
        Language::English => &en::EN,
        Language::Spanish => &es::ES,
        Language::French => &fr::FR,
        Language::German => &de::DE,
        Language::Italian => &it::IT,
        Language::Portuguese => &pt::PT,
        Language::Dutch => &nl::NL,
        Language::Danish => &da::DA,
        Language::Norwegian => &no::NO,
        Language::Swedish => &sv::SV,
        Language::Finnish => &fi::FI,
        Language::Russian => &ru::RU,
        Language::Romanian => &ro::RO,
        Language::Hungarian => &hu::HU,
        Language::Turkish => &tr::TR,
        Language::Greek => &el::EL,
        Language::Arabic | Language::Tamil => &neutral::NEUTRAL,
    }
}

/// Whether a language has a table of its own (otherwise the neutral one writes it).
#[cfg(test)]
pub(crate) fn has_table(language: Language) -> bool {
    !std::ptr::eq(locale(language), &neutral::NEUTRAL)
}

const fn units(words: [[&'static str; 2]; 7]) -> [[&'static str; 3]; 7] {
    let mut out = [[""; 3]; 7];
    let mut k = 0;
    while k < 7 {
        out[k] = [words[k][0], words[k][1], words[k][1]];
        k += 1;
    }
    out
}

const fn same(words: [&'static str; 7]) -> [[&'static str; 3]; 7] {
    let mut out = [[""; 3]; 7];
    let mut k = 0;
    while k < 7 {
        out[k] = [words[k]; 3];
        k += 1;
    }
    out
}

const H24: Clock = Clock::TwentyFour {
    pad: true,
    separator: ":",
};
