//! How each language writes dates, times, numbers and amounts: one small table per language.
//!
//! The conventions follow the Unicode CLDR's for the language's main region (the first
//! listed below), simplified to what a bot's reply needs. To add a language, copy the
//! table of a close one, fix each field, and list it in [`locale`]; the table-driven
//! tests in `tests.rs` then want one row per type for it.
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
        Language::English => &EN,
        Language::Spanish => &ES,
        Language::French => &FR,
        Language::German => &DE,
        Language::Italian => &IT,
        Language::Portuguese => &PT,
        Language::Dutch => &NL,
        Language::Danish => &DA,
        Language::Norwegian => &NO,
        Language::Swedish => &SV,
        Language::Finnish => &FI,
        Language::Russian => &RU,
        Language::Romanian => &RO,
        Language::Hungarian => &HU,
        Language::Turkish => &TR,
        Language::Greek => &EL,
        Language::Arabic | Language::Tamil => &NEUTRAL,
    }
}

/// Whether a language has a table of its own (otherwise the neutral one writes it).
#[cfg(test)]
pub(crate) fn has_table(language: Language) -> bool {
    !std::ptr::eq(locale(language), &NEUTRAL)
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

static EN: Locale = Locale {
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

static ES: Locale = Locale {
    months: [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    weekdays: [
        "lunes",
        "martes",
        "miércoles",
        "jueves",
        "viernes",
        "sábado",
        "domingo",
    ],
    date: "{weekday} {day} de {month}",
    date_with_year: "{weekday} {day} de {month} de {year}",
    first_day: None,
    at: "{date} a las {time}",
    at_one: Some("{date} a la {time}"),
    clock: Clock::TwentyFour {
        pad: false,
        separator: ":",
    },
    decimal: ",",
    group: ".",
    min_grouping: 5,
    percent: "{n}\u{a0}%",
    money: Placement::After,
    units: units([
        ["segundo", "segundos"],
        ["minuto", "minutos"],
        ["hora", "horas"],
        ["día", "días"],
        ["semana", "semanas"],
        ["mes", "meses"],
        ["año", "años"],
    ]),
    plural: Plural::OneOther,
};

static FR: Locale = Locale {
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

static DE: Locale = Locale {
    months: [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
    weekdays: [
        "Montag",
        "Dienstag",
        "Mittwoch",
        "Donnerstag",
        "Freitag",
        "Samstag",
        "Sonntag",
    ],
    date: "{weekday}, {day}. {month}",
    date_with_year: "{weekday}, {day}. {month} {year}",
    first_day: None,
    at: "{date} um {time}",
    at_one: None,
    clock: H24,
    decimal: ",",
    group: ".",
    min_grouping: 4,
    percent: "{n}\u{a0}%",
    money: Placement::After,
    units: units([
        ["Sekunde", "Sekunden"],
        ["Minute", "Minuten"],
        ["Stunde", "Stunden"],
        ["Tag", "Tage"],
        ["Woche", "Wochen"],
        ["Monat", "Monate"],
        ["Jahr", "Jahre"],
    ]),
    plural: Plural::OneOther,
};

static IT: Locale = Locale {
    months: [
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ],
    weekdays: [
        "lunedì",
        "martedì",
        "mercoledì",
        "giovedì",
        "venerdì",
        "sabato",
        "domenica",
    ],
    date: "{weekday} {day} {month}",
    date_with_year: "{weekday} {day} {month} {year}",
    first_day: None,
    at: "{date} alle {time}",
    at_one: None,
    clock: H24,
    decimal: ",",
    group: ".",
    min_grouping: 4,
    percent: "{n}%",
    money: Placement::After,
    units: units([
        ["secondo", "secondi"],
        ["minuto", "minuti"],
        ["ora", "ore"],
        ["giorno", "giorni"],
        ["settimana", "settimane"],
        ["mese", "mesi"],
        ["anno", "anni"],
    ]),
    plural: Plural::OneOther,
};

static PT: Locale = Locale {
    months: [
        "janeiro",
        "fevereiro",
        "março",
        "abril",
        "maio",
        "junho",
        "julho",
        "agosto",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
    ],
    weekdays: [
        "segunda-feira",
        "terça-feira",
        "quarta-feira",
        "quinta-feira",
        "sexta-feira",
        "sábado",
        "domingo",
    ],
    date: "{weekday}, {day} de {month}",
    date_with_year: "{weekday}, {day} de {month} de {year}",
    first_day: None,
    at: "{date} às {time}",
    at_one: None,
    clock: H24,
    decimal: ",",
    group: ".",
    min_grouping: 4,
    percent: "{n}%",
    money: Placement::BeforeSpaced,
    units: units([
        ["segundo", "segundos"],
        ["minuto", "minutos"],
        ["hora", "horas"],
        ["dia", "dias"],
        ["semana", "semanas"],
        ["mês", "meses"],
        ["ano", "anos"],
    ]),
    plural: Plural::OneOther,
};

static NL: Locale = Locale {
    months: [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ],
    weekdays: [
        "maandag",
        "dinsdag",
        "woensdag",
        "donderdag",
        "vrijdag",
        "zaterdag",
        "zondag",
    ],
    date: "{weekday} {day} {month}",
    date_with_year: "{weekday} {day} {month} {year}",
    first_day: None,
    at: "{date} om {time}",
    at_one: None,
    clock: H24,
    decimal: ",",
    group: ".",
    min_grouping: 4,
    percent: "{n}%",
    money: Placement::BeforeSpaced,
    units: units([
        ["seconde", "seconden"],
        ["minuut", "minuten"],
        ["uur", "uur"],
        ["dag", "dagen"],
        ["week", "weken"],
        ["maand", "maanden"],
        ["jaar", "jaar"],
    ]),
    plural: Plural::OneOther,
};

static DA: Locale = Locale {
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

static NO: Locale = Locale {
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

static SV: Locale = Locale {
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

static FI: Locale = Locale {
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

static RU: Locale = Locale {
    months: [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ],
    weekdays: [
        "понедельник",
        "вторник",
        "среда",
        "четверг",
        "пятница",
        "суббота",
        "воскресенье",
    ],
    date: "{weekday}, {day} {month}",
    date_with_year: "{weekday}, {day} {month} {year}\u{a0}г.",
    first_day: None,
    at: "{date} в {time}",
    at_one: None,
    clock: H24,
    decimal: ",",
    group: NBSP,
    min_grouping: 4,
    percent: "{n}\u{a0}%",
    money: Placement::After,
    units: [
        ["секунда", "секунды", "секунд"],
        ["минута", "минуты", "минут"],
        ["час", "часа", "часов"],
        ["день", "дня", "дней"],
        ["неделя", "недели", "недель"],
        ["месяц", "месяца", "месяцев"],
        ["год", "года", "лет"],
    ],
    plural: Plural::Slavic,
};

static RO: Locale = Locale {
    months: [
        "ianuarie",
        "februarie",
        "martie",
        "aprilie",
        "mai",
        "iunie",
        "iulie",
        "august",
        "septembrie",
        "octombrie",
        "noiembrie",
        "decembrie",
    ],
    weekdays: [
        "luni",
        "marți",
        "miercuri",
        "joi",
        "vineri",
        "sâmbătă",
        "duminică",
    ],
    date: "{weekday}, {day} {month}",
    date_with_year: "{weekday}, {day} {month} {year}",
    first_day: None,
    at: "{date} la {time}",
    at_one: None,
    clock: H24,
    decimal: ",",
    group: ".",
    min_grouping: 4,
    percent: "{n}\u{a0}%",
    money: Placement::After,
    units: [
        ["secundă", "secunde", "de secunde"],
        ["minut", "minute", "de minute"],
        ["oră", "ore", "de ore"],
        ["zi", "zile", "de zile"],
        ["săptămână", "săptămâni", "de săptămâni"],
        ["lună", "luni", "de luni"],
        ["an", "ani", "de ani"],
    ],
    plural: Plural::Romanian,
};

static HU: Locale = Locale {
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

static TR: Locale = Locale {
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

static EL: Locale = Locale {
    months: [
        "Ιανουαρίου",
        "Φεβρουαρίου",
        "Μαρτίου",
        "Απριλίου",
        "Μαΐου",
        "Ιουνίου",
        "Ιουλίου",
        "Αυγούστου",
        "Σεπτεμβρίου",
        "Οκτωβρίου",
        "Νοεμβρίου",
        "Δεκεμβρίου",
    ],
    weekdays: [
        "Δευτέρα",
        "Τρίτη",
        "Τετάρτη",
        "Πέμπτη",
        "Παρασκευή",
        "Σάββατο",
        "Κυριακή",
    ],
    date: "{weekday} {day} {month}",
    date_with_year: "{weekday} {day} {month} {year}",
    first_day: None,
    at: "{date} στις {time}",
    at_one: None,
    clock: H24,
    decimal: ",",
    group: ".",
    min_grouping: 4,
    percent: "{n}%",
    money: Placement::After,
    units: units([
        ["δευτερόλεπτο", "δευτερόλεπτα"],
        ["λεπτό", "λεπτά"],
        ["ώρα", "ώρες"],
        ["ημέρα", "ημέρες"],
        ["εβδομάδα", "εβδομάδες"],
        ["μήνας", "μήνες"],
        ["χρόνος", "χρόνια"],
    ]),
    plural: Plural::OneOther,
};

/// Languages without a table of their own: see the module docs.
static NEUTRAL: Locale = Locale {
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
