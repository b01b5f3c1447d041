//! Spanish.

use super::{Clock, Locale, Placement, Plural, units};

pub(super) static ES: Locale = Locale {
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
