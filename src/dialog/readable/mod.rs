//! Values as a person of the story's language writes them, for `{{name}}` in replies.
//!
//! Attributes and parameters hold strings: dates and times in ISO 8601 (`2026-12-07`,
//! `21:00:00`, `2026-12-07T21:00:00+01:00`), numbers as digits (`1234.5`), and amounts of
//! money, percentages, durations and temperatures as the user said them (`20 euros`, `half
//! an hour`). Webhooks, the `/query` answer and filters see those strings; only the text of a
//! reply is written for a person.
//!
//! What a value is comes from the story, not from the string: each name a parameter or a
//! `question` fills with a system entity has that entity's [`Kind`] ([`Kind::of`]); a name
//! filled by two different entities, or by a user entity, has none and renders as stored.
//! A value that does not read as its kind (a date a webhook wrote as `next week`) renders
//! as stored too: writing never fails and never panics.
//!
//! How each kind is written, per language, is in [`tables`]: dates with their weekday
//! (`Monday 7 December`, `lunes 7 de diciembre`), with the year when the date is more than
//! half a year from the turn's reference day; times on the language's clock (`9 pm`,
//! `9:30 pm`; `21:00`); numbers with its separators (`1,234.5`; `1234,5`, `12.345`); money
//! with its currency's sign and minor unit (`$50.00`, `50,00 €`, `¥500`); percentages
//! (`50%`, `50 %`), durations (`1.5 hours`, `1,5 horas`) and temperatures (`21 °C`). A
//! reference written `{{name|raw}}` always renders the stored value.
//!
//! ```
//! use intently::Model;
//! use intently::dialog::{Input, Message, Session, TurnOptions};
//! use intently::entity::Reference;
//! use intently::story::Bot;
//!
//! let bot = Bot::from_json(r#"{"stories": [{"id": "s", "name": "Reservas",
//!   "settings": {"language": "es"},
//!   "fallback": {"responses": [{"type": "text", "elements": ["¿Cómo?"]}]},
//!   "interactions": [{"id": "mesa", "name": "Mesa", "root": true, "action": "reservar",
//!     "userSays": ["una mesa el {{sys.date:dia}} a las {{sys.time:hora}}"],
//!     "parameters": [{"entity": "sys.date", "alias": "dia"}, {"entity": "sys.time", "alias": "hora"}],
//!     "responses": [{"type": "text", "elements": ["Mesa el {{dia}} a las {{hora}} ({{dia|raw}})."]}]}]}]}"#)?;
//! let model = Model::compile(&bot)?;
//! let mut session = Session::new(1);
//! let now = Reference::new(2026, 12, 1, 10, 0, 0, 60).expect("a valid time");
//! let options = TurnOptions::new(now);
//! let text = "una mesa el lunes a las 9 de la noche";
//! let reply = model.respond_offline(&mut session, Input::Text(text), &options)?;
//! let Message::Text { message } = &reply.fulfillment[0].message else { panic!("a text") };
//! assert_eq!(message, "Mesa el lunes 7 de diciembre a las 21:00 (2026-12-07).");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod tables;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use self::tables::{Clock, Locale, Placement, Plural, locale};
use crate::Language;
use crate::analysis::Analyzer;
use crate::entity::calendar::{days_from_civil, is_valid_date, weekday_of};
use crate::entity::{Context, Reference, resolve_overlaps, system_entity};

/// The kind of value a name holds, from the system entity that fills it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) enum Kind {
    Date,
    Time,
    DateTime,
    Number,
    Money,
    Percentage,
    Duration,
    Temperature,
}

impl Kind {
    /// The kind of the values of an entity; `None` for entities whose values are written as
    /// they are (user entities, `sys.email`, `sys.any`…).
    pub fn of(entity: &str) -> Option<Kind> {
        Some(match entity {
            "sys.date" => Kind::Date,
            "sys.time" => Kind::Time,
            "sys.datetime" => Kind::DateTime,
            "sys.number" | "sys.integer" => Kind::Number,
            "sys.money" => Kind::Money,
            "sys.percentage" => Kind::Percentage,
            "sys.duration" => Kind::Duration,
            "sys.temperature" => Kind::Temperature,
            _ => return None,
        })
    }
}

/// What writing needs to know about the story and the turn.
pub(crate) struct Writer<'a> {
    pub language: Language,
    /// The turn's reference moment: a date near it is written without its year.
    pub reference: Reference,
    /// The story's analyzer, to read amounts said in words again.
    pub analyzer: &'a Analyzer,
}

impl Writer<'_> {
    /// The value as the story's language writes a value of its kind; `None` when it does
    /// not read as one (it is then written as stored).
    pub fn write(&self, kind: Kind, stored: &str) -> Option<String> {
        let l = locale(self.language);
        let stored = stored.trim();
        match kind {
            Kind::Date => Some(date(l, parse_date(stored)?, self.reference)),
            Kind::Time => Some(time(l, parse_time(stored)?)),
            Kind::DateTime => {
                let (day, at) = stored.split_once('T')?;
                let (day, at) = (parse_date(day)?, parse_time(without_offset(at))?);
                let pattern = match l.at_one {
                    Some(one) if at.0 == 1 => one,
                    _ => l.at,
                };
                Some(fill(
                    pattern,
                    &[
                        ("{date}", &date(l, day, self.reference)),
                        ("{time}", &time(l, at)),
                    ],
                ))
            }
            Kind::Number => number(l, stored, 0),
            Kind::Money => self.money(l, stored),
            Kind::Percentage => {
                let amount = self.amount("sys.percentage", stored)?;
                Some(fill(l.percent, &[("{n}", &number(l, &amount, 0)?)]))
            }
            Kind::Duration => self.duration(l, stored),
            Kind::Temperature => {
                let value = self.read("sys.temperature", stored)?;
                let amount = number(l, &value.get("amount")?.to_string(), 0)?;
                let unit = match value.get("unit")?.as_str()? {
                    "celsius" => "\u{a0}°C",
                    "fahrenheit" => "\u{a0}°F",
                    "kelvin" => "\u{a0}K",
                    _ => "°",
                };
                Some(format!("{amount}{unit}"))
            }
        }
    }

    /// The one value of a system entity the stored text holds, read again in the story's
    /// language (amounts are stored as the user said them).
    fn read(&self, entity: &str, stored: &str) -> Option<Value> {
        let extractor = system_entity(entity)?;
        let tokens = self.analyzer.analyze(stored);
        let mut found = Vec::new();
        let context = Context::new(self.language, Reference::EPOCH);
        extractor.extract(stored, &tokens, &context, &mut found);
        let mut found = resolve_overlaps(found);
        found.retain(|m| m.entity == entity);
        match found.as_slice() {
            [one] => Some(one.value.clone()),
            _ => None,
        }
    }

    /// The amount of a stored percentage or duration: said in words, or bare digits (a
    /// value set by a webhook).
    fn amount(&self, entity: &str, stored: &str) -> Option<String> {
        if is_plain_number(stored) {
            return Some(stored.to_string());
        }
        Some(self.read(entity, stored)?.get("amount")?.to_string())
    }

    fn money(&self, l: &Locale, stored: &str) -> Option<String> {
        if is_plain_number(stored) {
            // No currency was said (a webhook or setAttributes wrote the amount): a number
            // with cents.
            return number(l, stored, 2);
        }
        let value = self.read("sys.money", stored)?;
        let amount = value.get("amount")?.to_string();
        let code = value.get("currency")?.as_str()?;
        let (sign, amount) = match amount.strip_prefix('-') {
            Some(positive) => ("-", positive.to_string()),
            None => ("", amount),
        };
        let (symbol, places) = currency(code);
        let n = number(l, &amount, places)?;
        let written = match (l.money, symbol) {
            (Placement::Before, Some(symbol)) => format!("{symbol}{n}"),
            (Placement::Before | Placement::BeforeSpaced, symbol) => {
                format!("{}\u{a0}{n}", symbol.unwrap_or(code))
            }
            (Placement::After, symbol) => format!("{n}\u{a0}{}", symbol.unwrap_or(code)),
            (Placement::Code, _) => format!("{n}\u{a0}{code}"),
        };
        Some(format!("{sign}{written}"))
    }

    fn duration(&self, l: &Locale, stored: &str) -> Option<String> {
        let value = self.read("sys.duration", stored)?;
        let amount = value.get("amount")?.to_string();
        let unit = match value.get("unit")?.as_str()? {
            "second" => 0,
            "minute" => 1,
            "hour" => 2,
            "day" => 3,
            "week" => 4,
            "month" => 5,
            "year" => 6,
            _ => return None,
        };
        let word = l.units[unit][plural(l.plural, &amount)];
        if word.is_empty() {
            return None;
        }
        Some(format!("{} {word}", number(l, &amount, 0)?))
    }
}

/// A currency's sign, if it has one known in every language, and its decimal places (ISO
/// 4217's minor unit). `$` is the US dollar.
fn currency(code: &str) -> (Option<&'static str>, usize) {
    match code {
        "USD" => (Some("$"), 2),
        "EUR" => (Some("€"), 2),
        "GBP" => (Some("£"), 2),
        "INR" => (Some("₹"), 2),
        "JPY" => (Some("¥"), 0),
        "KRW" => (Some("₩"), 0),
        "CLP" | "ISK" | "VND" | "PYG" | "UGX" => (None, 0),
        "BHD" | "JOD" | "KWD" | "OMR" | "TND" => (None, 3),
        _ => (None, 2),
    }
}

/// Which form of a unit (one, few, other) an amount written as digits takes.
fn plural(rule: Plural, amount: &str) -> usize {
    let amount = amount.trim_start_matches('-');
    let (whole, fraction) = amount.split_once('.').unwrap_or((amount, ""));
    let fractional = fraction.bytes().any(|b| b != b'0');
    // The last two digits decide, so a number too long for an integer still has a form.
    let last_two = whole[whole.len().saturating_sub(2)..].parse::<u32>().unwrap_or(0);
    let is_one = whole.trim_start_matches('0') == "1" && !fractional;
    match rule {
        Plural::Invariant => 0,
        Plural::OneOther => usize::from(!is_one) * 2,
        Plural::BelowTwo => usize::from(!matches!(whole.trim_start_matches('0'), "" | "1")) * 2,
        Plural::Slavic if fractional => 1,
        Plural::Slavic => match (last_two % 10, last_two) {
            (1, n) if n != 11 => 0,
            (2..=4, n) if !(12..=14).contains(&n) => 1,
            _ => 2,
        },
        Plural::Romanian if is_one => 0,
        Plural::Romanian if fractional || whole.trim_start_matches('0').is_empty() => 1,
        Plural::Romanian => usize::from(!(1..=19).contains(&last_two)) + 1,
    }
}

/// Whether a text is a number as attributes store it: `-?digits(.digits)?`.
fn is_plain_number(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && all_digits(fraction)
}

/// A stored number with the language's separators and at least `places` decimals; `None`
/// when the text is not a plain number (`1e21`, `twelve`).
fn number(l: &Locale, text: &str, places: usize) -> Option<String> {
    if !is_plain_number(text) {
        return None;
    }
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let mut out = String::with_capacity(text.len() + text.len() / 3 + places + 2);
    out.push_str(sign);
    for (k, digit) in whole.chars().enumerate() {
        let left = whole.len() - k;
        if k > 0 && left % 3 == 0 && whole.len() >= l.min_grouping {
            out.push_str(l.group);
        }
        out.push(digit);
    }
    if !fraction.is_empty() || places > 0 {
        out.push_str(l.decimal);
        out.push_str(fraction);
        out.extend(std::iter::repeat_n('0', places.saturating_sub(fraction.len())));
    }
    Some(out)
}

/// `YYYY-MM-DD`, if it is a day of the calendar.
fn parse_date(text: &str) -> Option<(i32, u8, u8)> {
    let mut parts = text.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let all_digits = [y, m, d].iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
    let (y, m, d) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    (all_digits && is_valid_date(y, m, d)).then_some((y, m, d))
}

/// `HH:MM:SS` or `HH:MM`, if it is a time of day.
fn parse_time(text: &str) -> Option<(u8, u8, u8)> {
    let parts: Vec<&str> = text.split(':').collect();
    if !(2..=3).contains(&parts.len())
        || parts
            .iter()
            .any(|p| p.len() != 2 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let field = |k: usize| parts.get(k).map_or(Some(0), |p| p.parse::<u8>().ok());
    let (h, m, s) = (field(0)?, field(1)?, field(2)?);
    (h < 24 && m < 60 && s < 60).then_some((h, m, s))
}

/// The time of a datetime without its UTC offset (`21:00:00+01:00` → `21:00:00`): the time
/// is already the user's local time.
fn without_offset(at: &str) -> &str {
    at.find(['+', '-', 'Z']).map_or(at, |k| &at[..k])
}

fn date(l: &Locale, (y, m, d): (i32, u8, u8), reference: Reference) -> String {
    let days = days_from_civil(y, m, d);
    let near = (days - reference.days()).abs() <= 183;
    let pattern = if near { l.date } else { l.date_with_year };
    let day = match l.first_day {
        Some(first) if d == 1 => first.to_string(),
        _ => d.to_string(),
    };
    fill(
        pattern,
        &[
            ("{weekday}", l.weekdays[usize::from(weekday_of(days))]),
            ("{day}", &day),
            ("{month}", l.months[usize::from(m - 1)]),
            ("{year}", &y.to_string()),
        ],
    )
}

fn time(l: &Locale, (h, m, s): (u8, u8, u8)) -> String {
    let seconds = if s > 0 { format!(":{s:02}") } else { String::new() };
    match l.clock {
        Clock::Twelve { am, pm } => {
            let hour = if h % 12 == 0 { 12 } else { h % 12 };
            let half = if h < 12 { am } else { pm };
            if m == 0 && s == 0 {
                format!("{hour} {half}")
            } else {
                format!("{hour}:{m:02}{seconds} {half}")
            }
        }
        Clock::TwentyFour { pad, separator } => {
            let seconds = seconds.replace(':', separator);
            if pad {
                format!("{h:02}{separator}{m:02}{seconds}")
            } else {
                format!("{h}{separator}{m:02}{seconds}")
            }
        }
    }
}

/// A pattern with its `{field}`s replaced (the tables' values hold no braces).
fn fill(pattern: &str, fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .fold(pattern.to_string(), |out, (key, value)| out.replace(key, value))
}
