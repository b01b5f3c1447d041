//! `sys.money`: an amount with a currency sign, an ISO 4217 code or a currency's name.
//!
//! The value is `{"amount": 20, "currency": "USD"}`, with the ISO 4217 code of the currency.
//! The amount is a cardinal that [`numbers`](super::numbers) reads (`20`, `5.50`, `5,50` in
//! Spanish, `twenty`, `1.5 million`) with:
//!
//! - a sign before it: `$20`, `€5.50`, `£3`, `¥100`, `₹`, `₽`, `₩`, `₺`, `₪`, `₫`, `₴`, `₦`,
//!   `₱`, and the dollars of other countries, `US$`, `C$`, `A$`, `NZ$`, `HK$`, `S$`, `R$`
//!   (Brazilian real), `MX$`; or after it: `20$`, `5 €`; `50¢` is half a dollar;
//! - an ISO 4217 code before or after it, in any case: `USD 100`, `100 usd`, `EUR5`, `5eur`.
//!   Codes that are also common words (`ALL`, `TOP`, `TRY`, `CUP`, `BOB`, `MAD`) are left out;
//! - a currency's name after it: `dollars`, `bucks`, `euros`, `pounds`, `quid`, `yen`, `yuan`,
//!   `rupees`, `rubles`, `francs` (Swiss), `dólares`, `libras`…, and `cents`, `pence`,
//!   `céntimos` for a hundredth. `Canadian`, `Australian` or `US` before dollars (in Spanish
//!   `canadienses`, `australianos`, `estadounidenses` after them) choose the country;
//! - and a second part in cents: `5 dollars and 50 cents`, `5 euros con 50 céntimos` = 5.50.
//!
//! Choices: `$` alone is US dollars, `cents` alone are US cents, `céntimos` euro cents.
//! `pounds` and `libras` are also weights, so they score 0.7. `a dollar` and `peso` (whose
//! country cannot be told) are not read. A number out of range gives no match.

use serde_json::json;

use super::decimal::{Decimal, parse_digits, split_digits};
use super::numbers::{Reading, extend, read_numbers, spaced, span_of};
use super::{Context, EntityMatch, SystemEntity};
use crate::Language;
use crate::analysis::{Span, Token, TokenKind};

/// `sys.money`: `$20`, `20 dollars`, `€5.50`, `twenty bucks`, `USD 100` → `{"amount": 20,
/// "currency": "USD"}`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Money;

/// A currency as said: its code, how many decimal places its word shifts (`cents`: 2), and
/// how sure it is a currency.
#[derive(Debug, Clone, Copy)]
struct Currency {
    code: &'static str,
    places: u32,
    score: f32,
}

const fn currency(code: &'static str) -> Option<Currency> {
    Some(Currency {
        code,
        places: 0,
        score: 1.0,
    })
}

impl SystemEntity for Money {
    fn name(&self) -> &'static str {
        "sys.money"
    }

    fn extract(&self, text: &str, tokens: &[Token], context: &Context, out: &mut Vec<EntityMatch>) {
        let language = context.language;
        let readings = read_numbers(text, tokens, language);
        for reading in readings.iter().filter(|r| !r.ordinal) {
            let found = prefixed(text, tokens, reading, &readings)
                .or_else(|| suffixed(text, tokens, reading, language));
            let Some((mut span, last, currency)) = found else {
                continue;
            };
            let mut amount = reading.value.shift(currency.places);
            if currency.places == 0 {
                if let Some((cents, end)) = cents(text, tokens, last, &readings) {
                    amount = amount.add(cents);
                    span = extend(span, &tokens[end]);
                }
            }
            let Some(amount) = amount.to_json() else { continue };
            let value = json!({"amount": amount, "currency": currency.code});
            let score = reading.score.min(currency.score);
            out.push(EntityMatch::new(self.name(), value, text, span, score));
        }
        for token in tokens.iter().filter(|t| t.kind == TokenKind::Word) {
            if let Some(m) = one_token(self.name(), text, token, language) {
                out.push(m);
            }
        }
    }
}

/// A currency sign or code before the reading: its span from the sign to the number, the
/// reading's last token, and the currency.
fn prefixed(
    text: &str,
    tokens: &[Token],
    reading: &Reading,
    readings: &[Reading],
) -> Option<(Span, usize, Currency)> {
    let at = reading.first.checked_sub(1)?;
    let (sign, number) = (&tokens[at], &tokens[reading.first]);
    if reading.span.byte_start != number.span.byte_start || !spaced(text, sign, number) {
        return None;
    }
    // `5$ 10$`: a sign right after a number, and apart from the next, is that number's.
    let after_number = at > 0
        && spaced(text, &tokens[at - 1], sign)
        && readings.binary_search_by_key(&(at - 1), |r| r.last).is_ok();
    if after_number && number.span.byte_start > sign.span.byte_end {
        return None;
    }
    let (first, found) = match symbol(&sign.text) {
        Some(found) => {
            let letters = at
                .checked_sub(1)
                .map(|k| &tokens[k])
                .filter(|t| t.span.byte_end == sign.span.byte_start);
            match letters.and_then(|t| dollar_of(&t.text).filter(|_| sign.text == "$")) {
                Some(code) => (
                    at - 1,
                    Currency {
                        code,
                        places: 0,
                        score: 1.0,
                    },
                ),
                None => (at, found),
            }
        }
        None => (at, iso_code(&sign.text)?),
    };
    Some((
        span_of(&tokens[first], &tokens[reading.last]),
        reading.last,
        found,
    ))
}

/// A currency sign, code or name after the reading (in Spanish, maybe after `de`: `un millón
/// de euros`).
fn suffixed(
    text: &str,
    tokens: &[Token],
    reading: &Reading,
    language: Language,
) -> Option<(Span, usize, Currency)> {
    let after = |k: usize| tokens.get(k + 1).filter(|t| spaced(text, &tokens[k], t));
    let mut last = reading.last;
    if language == Language::Spanish && after(last).is_some_and(|t| t.text == "de") {
        last += 1;
    }
    let country = after(last).and_then(|t| qualifier(&t.text));
    last += usize::from(country.is_some());
    let word = after(last)?;
    let mut found = symbol(&word.text)
        .or_else(|| iso_code(&word.text))
        .or_else(|| name(&word.text))?;
    last += 1;
    if found.code == "USD" && found.places == 0 {
        let later = after(last)
            .and_then(|t| qualifier(&t.text))
            .filter(|_| country.is_none());
        last += usize::from(later.is_some());
        found.code = country.or(later).unwrap_or(found.code);
    } else if country.is_some() {
        return None;
    }
    Some((extend(reading.span, &tokens[last]), last, found))
}

/// `and 50 cents` after the token `last` of an amount: the cents and their last token.
fn cents(text: &str, tokens: &[Token], last: usize, readings: &[Reading]) -> Option<(Decimal, usize)> {
    let after = |k: usize| tokens.get(k + 1).filter(|t| spaced(text, &tokens[k], t));
    let connector = after(last).filter(|t| matches!(t.text.as_str(), "and" | "y" | "con"));
    let start = last + 1 + usize::from(connector.is_some());
    let reading = &readings[readings.binary_search_by_key(&start, |r| r.first).ok()?];
    let word = after(reading.last)?;
    let hundredth = name(&word.text).filter(|c| c.places == 2)?;
    let whole = reading.value.is_whole()
        && !reading.ordinal
        && reading.span.byte_start == tokens[start].span.byte_start;
    (whole && reading.value.to_json().is_some())
        .then(|| (reading.value.shift(hundredth.places), reading.last + 1))
}

/// A currency in one token: `100usd`, `usd100`, `5eur`.
fn one_token(name: &str, text: &str, token: &Token, language: Language) -> Option<EntityMatch> {
    let (amount, code) = match split_digits(&token.text) {
        Some((digits, rest)) => (parse_digits(digits, language)?, iso_code(rest)?),
        None => {
            let split = token.text.find(|c: char| c.is_ascii_digit())?;
            (
                parse_digits(&token.text[split..], language)?,
                iso_code(&token.text[..split])?,
            )
        }
    };
    let value = json!({"amount": amount.to_json()?, "currency": code.code});
    Some(EntityMatch::new(name, value, text, token.span, 1.0))
}

/// A currency sign (the analyzer has turned fullwidth signs into these).
fn symbol(sign: &str) -> Option<Currency> {
    match sign {
        "$" => currency("USD"),
        "€" => currency("EUR"),
        "£" => currency("GBP"),
        "¥" => currency("JPY"),
        "₹" => currency("INR"),
        "₽" => currency("RUB"),
        "₩" => currency("KRW"),
        "₺" => currency("TRY"),
        "₪" => currency("ILS"),
        "₫" => currency("VND"),
        "₴" => currency("UAH"),
        "₦" => currency("NGN"),
        "₱" => currency("PHP"),
        "¢" => Some(Currency {
            code: "USD",
            places: 2,
            score: 1.0,
        }),
        _ => None,
    }
}

/// The dollar of the letters written before `$`: `US$`, `C$`, `R$`.
fn dollar_of(letters: &str) -> Option<&'static str> {
    Some(match letters {
        "us" => "USD",
        "c" | "ca" | "can" => "CAD",
        "a" | "au" => "AUD",
        "nz" => "NZD",
        "hk" => "HKD",
        "s" | "sg" => "SGD",
        "r" => "BRL",
        "mx" => "MXN",
        _ => return None,
    })
}

/// An ISO 4217 code that is no common word.
fn iso_code(word: &str) -> Option<Currency> {
    const CODES: &[&str] = &[
        "AED", "ARS", "AUD", "BRL", "CAD", "CHF", "CLP", "CNY", "COP", "CZK", "DKK", "EGP", "EUR", "GBP",
        "HKD", "HUF", "IDR", "ILS", "INR", "JPY", "KRW", "MXN", "MYR", "NGN", "NOK", "NZD", "PEN", "PLN",
        "RON", "RUB", "SAR", "SEK", "SGD", "THB", "TWD", "UAH", "USD", "UYU", "VND", "ZAR",
    ];
    let code = CODES.iter().find(|c| c.eq_ignore_ascii_case(word))?;
    currency(code)
}

/// A currency's name, English or Spanish, singular or plural.
fn name(word: &str) -> Option<Currency> {
    let hundredth = |code| {
        Some(Currency {
            code,
            places: 2,
            score: 1.0,
        })
    };
    let weight = |code| {
        Some(Currency {
            code,
            places: 0,
            score: 0.7,
        })
    };
    match word {
        "dollar" | "dollars" | "buck" | "bucks" | "dolar" | "dolares" | "dólar" | "dólares" => {
            currency("USD")
        }
        "euro" | "euros" => currency("EUR"),
        "quid" | "sterling" => currency("GBP"),
        "pound" | "pounds" | "libra" | "libras" => weight("GBP"),
        "yen" | "yenes" => currency("JPY"),
        "yuan" | "renminbi" => currency("CNY"),
        "rupee" | "rupees" | "rupia" | "rupias" => currency("INR"),
        "ruble" | "rubles" | "rouble" | "roubles" | "rublo" | "rublos" => currency("RUB"),
        "franc" | "francs" => currency("CHF"),
        "cent" | "cents" => hundredth("USD"),
        "penny" | "pence" | "pennies" => hundredth("GBP"),
        "centimo" | "centimos" | "céntimo" | "céntimos" => hundredth("EUR"),
        _ => None,
    }
}

/// A word that says whose dollars: `canadian` (before), `canadienses` (after).
fn qualifier(word: &str) -> Option<&'static str> {
    Some(match word {
        "us" | "american" | "estadounidenses" | "americanos" => "USD",
        "canadian" | "canadienses" => "CAD",
        "australian" | "australianos" => "AUD",
        "singapore" => "SGD",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    fn money(amount: Value, code: &str) -> Value {
        json!({"amount": amount, "currency": code})
    }

    mod english {
        use super::*;

        system_entity_tests!(
            Money,
            Language::English,
            [
                ("$20", [("$20", money(json!(20), "USD"))]),
                ("it costs $ 20", [("$ 20", money(json!(20), "USD"))]),
                ("20 dollars", [("20 dollars", money(json!(20), "USD"))]),
                ("€5.50", [("€5.50", money(json!(5.5), "EUR"))]),
                ("5 euros", [("5 euros", money(json!(5), "EUR"))]),
                ("twenty bucks", [("twenty bucks", money(json!(20), "USD"))]),
                ("USD 100", [("USD 100", money(json!(100), "USD"))]),
                ("100 usd", [("100 usd", money(json!(100), "USD"))]),
                ("100USD", [("100USD", money(json!(100), "USD"))]),
                ("eur5", [("eur5", money(json!(5), "EUR"))]),
                ("£3.50", [("£3.50", money(json!(3.5), "GBP"))]),
                ("¥100", [("¥100", money(json!(100), "JPY"))]),
                ("US$5", [("US$5", money(json!(5), "USD"))]),
                ("C$ 20", [("C$ 20", money(json!(20), "CAD"))]),
                ("R$10", [("R$10", money(json!(10), "BRL"))]),
                ("20$", [("20$", money(json!(20), "USD"))]),
                ("5 €", [("5 €", money(json!(5), "EUR"))]),
                (
                    "5$ 10$",
                    [("5$", money(json!(5), "USD")), ("10$", money(json!(10), "USD"))]
                ),
                (
                    "$5 and $10",
                    [("$5", money(json!(5), "USD")), ("$10", money(json!(10), "USD"))]
                ),
                ("50¢", [("50¢", money(json!(0.5), "USD"))]),
                ("50 cents", [("50 cents", money(json!(0.5), "USD"))]),
                (
                    "5 dollars and 50 cents",
                    [("5 dollars and 50 cents", money(json!(5.5), "USD"))]
                ),
                (
                    "20 canadian dollars",
                    [("20 canadian dollars", money(json!(20), "CAD"))]
                ),
                ("$1.5 million", [("$1.5 million", money(json!(1_500_000), "USD"))]),
                (
                    "a hundred dollars",
                    [("a hundred dollars", money(json!(100), "USD"))]
                ),
                ("5 pounds", [("5 pounds", money(json!(5), "GBP"))]),
                ("3 yen", [("3 yen", money(json!(3), "JPY"))]),
                ("a dollar", []),
                ("dollars", []),
                ("$", []),
                ("20", []),
                ("I'm 5", []),
                ("the 3rd dollar", []),
                ("$10^400", []),
                ("5 try", []),
                ("5 canadian euros", []),
                ("20, dollars", []),
            ]
        );
    }

    mod spanish {
        use super::*;

        system_entity_tests!(
            Money,
            Language::Spanish,
            [
                ("5,50 €", [("5,50 €", money(json!(5.5), "EUR"))]),
                ("veinte euros", [("veinte euros", money(json!(20), "EUR"))]),
                ("1.000 dólares", [("1.000 dólares", money(json!(1000), "USD"))]),
                (
                    "20 dólares canadienses",
                    [("20 dólares canadienses", money(json!(20), "CAD"))]
                ),
                (
                    "5 euros con 50 céntimos",
                    [("5 euros con 50 céntimos", money(json!(5.5), "EUR"))]
                ),
                (
                    "un millón de euros",
                    [("un millón de euros", money(json!(1_000_000), "EUR"))]
                ),
                ("5 de", []),
            ]
        );
    }
}
