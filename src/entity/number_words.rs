//! The number words of English and Spanish, and what each one does in a number.
//!
//! [`numbers`](super::numbers) reads a spelled-out number as a sequence of these words; each
//! word has a [`Role`] that says how it combines with the words before it. Spanish words are
//! looked up without their accents, so an analyzer that does not fold diacritics finds them too
//! (`dieciséis` = `dieciseis`).

use std::borrow::Cow;

use crate::Language;

/// How a number word combines with the words before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// `zero`: a number on its own, never part of a larger one.
    Zero,
    /// 1 to 9: may follow a ten (`twenty one`), a hundred or a scale.
    Unit(u8),
    /// A number below 100 that takes no unit after it: `twelve`, `diez`, `veintidós`.
    Small(u8),
    /// A ten that may take a unit after it: `twenty`, `treinta` (Spanish ordinals count
    /// `décimo` among them: `décimo tercero` is 13).
    Tens(u8),
    /// English `hundred`: multiplies what comes before it (`twelve hundred` = 1200).
    Hundred,
    /// A whole number of hundreds, Spanish `doscientos`, `cien`: starts a group of three digits.
    Hundreds(u16),
    /// `thousand`, `million`, `mil`, `millones`: closes a group and multiplies it.
    Scale(u64),
    /// `dozen`, `docena`: 12 times what comes before it, and the end of the number.
    Dozen,
}

/// A number word: its role, whether it is an ordinal (`third`), whether it is an article that
/// is no number on its own (English `a`, Spanish `un`), and whether, on its own, it is often
/// something else (`one` as a pronoun, `second` as a unit of time, `cuarto` as a room).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct NumberWord {
    /// How it combines.
    pub role: Role,
    /// An ordinal: `third`, `vigésimo`.
    pub ordinal: bool,
    /// An article: `a`, `un`, `una`.
    pub article: bool,
    /// Often not a number when it stands alone.
    pub ambiguous: bool,
}

const fn cardinal(role: Role) -> NumberWord {
    NumberWord {
        role,
        ordinal: false,
        article: false,
        ambiguous: false,
    }
}

const fn ordinal(role: Role) -> NumberWord {
    NumberWord {
        role,
        ordinal: true,
        article: false,
        ambiguous: false,
    }
}

/// The word `word` (normalized: lower case) of `language`, if it is a number word.
pub(super) fn number_word(word: &str, language: Language) -> Option<NumberWord> {
    match language {
        Language::English => english(word),
        Language::Spanish => {
            let word = fold_spanish(word);
            spanish(&word).or_else(|| spanish_ordinal(&word))
        }
        _ => None,
    }
}

/// The connector that may stand inside a number: English `and` after a hundred or a scale
/// (`one hundred and five`), Spanish `y` between a ten and a unit (`treinta y cuatro`).
pub(super) fn is_connector(word: &str, language: Language) -> bool {
    matches!(
        (language, word),
        (Language::English, "and") | (Language::Spanish, "y")
    )
}

/// The words that make the number after them negative (`minus four`, `menos cuatro`).
pub(super) fn is_minus(word: &str, language: Language) -> bool {
    matches!(
        (language, word),
        (Language::English, "minus" | "negative") | (Language::Spanish, "menos" | "negativo")
    )
}

/// Whether an ambiguous word preceded by `before` is not a number: `the one I like`, `wait a
/// second`, `un cuarto de hora`.
pub(super) fn ambiguous_after(word: &str, before: &str, language: Language) -> bool {
    match (language, word) {
        (Language::English, "one") => matches!(
            before,
            "the" | "this" | "that" | "which" | "no" | "every" | "each" | "any" | "another" | "some"
        ),
        (Language::English, "second") => {
            matches!(
                before,
                "a" | "one" | "per" | "each" | "every" | "few" | "split" | "30" | "60"
            )
        }
        (Language::Spanish, _) => matches!(
            before,
            "un" | "una" | "cada" | "por" | "unos" | "pocos" | "medio" | "y" | "menos"
        ),
        _ => false,
    }
}

fn english(word: &str) -> Option<NumberWord> {
    use Role::*;
    let word = match word {
        "zero" => cardinal(Zero),
        "a" => NumberWord {
            role: Unit(1),
            ordinal: false,
            article: true,
            ambiguous: false,
        },
        "one" => NumberWord {
            role: Unit(1),
            ordinal: false,
            article: false,
            ambiguous: true,
        },
        "two" => cardinal(Unit(2)),
        "three" => cardinal(Unit(3)),
        "four" => cardinal(Unit(4)),
        "five" => cardinal(Unit(5)),
        "six" => cardinal(Unit(6)),
        "seven" => cardinal(Unit(7)),
        "eight" => cardinal(Unit(8)),
        "nine" => cardinal(Unit(9)),
        "ten" => cardinal(Small(10)),
        "eleven" => cardinal(Small(11)),
        "twelve" => cardinal(Small(12)),
        "thirteen" => cardinal(Small(13)),
        "fourteen" => cardinal(Small(14)),
        "fifteen" => cardinal(Small(15)),
        "sixteen" => cardinal(Small(16)),
        "seventeen" => cardinal(Small(17)),
        "eighteen" => cardinal(Small(18)),
        "nineteen" => cardinal(Small(19)),
        "twenty" => cardinal(Tens(20)),
        "thirty" => cardinal(Tens(30)),
        "forty" => cardinal(Tens(40)),
        "fifty" => cardinal(Tens(50)),
        "sixty" => cardinal(Tens(60)),
        "seventy" => cardinal(Tens(70)),
        "eighty" => cardinal(Tens(80)),
        "ninety" => cardinal(Tens(90)),
        "hundred" => cardinal(Hundred),
        "thousand" => cardinal(Scale(1_000)),
        "million" => cardinal(Scale(1_000_000)),
        "billion" => cardinal(Scale(1_000_000_000)),
        "trillion" => cardinal(Scale(1_000_000_000_000)),
        "dozen" => cardinal(Dozen),
        "first" => ordinal(Unit(1)),
        "second" => NumberWord {
            role: Unit(2),
            ordinal: true,
            article: false,
            ambiguous: true,
        },
        "third" => ordinal(Unit(3)),
        "fourth" => ordinal(Unit(4)),
        "fifth" => ordinal(Unit(5)),
        "sixth" => ordinal(Unit(6)),
        "seventh" => ordinal(Unit(7)),
        "eighth" => ordinal(Unit(8)),
        "ninth" => ordinal(Unit(9)),
        "tenth" => ordinal(Small(10)),
        "eleventh" => ordinal(Small(11)),
        "twelfth" => ordinal(Small(12)),
        "thirteenth" => ordinal(Small(13)),
        "fourteenth" => ordinal(Small(14)),
        "fifteenth" => ordinal(Small(15)),
        "sixteenth" => ordinal(Small(16)),
        "seventeenth" => ordinal(Small(17)),
        "eighteenth" => ordinal(Small(18)),
        "nineteenth" => ordinal(Small(19)),
        "twentieth" => ordinal(Tens(20)),
        "thirtieth" => ordinal(Tens(30)),
        "fortieth" => ordinal(Tens(40)),
        "fiftieth" => ordinal(Tens(50)),
        "sixtieth" => ordinal(Tens(60)),
        "seventieth" => ordinal(Tens(70)),
        "eightieth" => ordinal(Tens(80)),
        "ninetieth" => ordinal(Tens(90)),
        "hundredth" => ordinal(Hundred),
        "thousandth" => ordinal(Scale(1_000)),
        "millionth" => ordinal(Scale(1_000_000)),
        "billionth" => ordinal(Scale(1_000_000_000)),
        _ => return None,
    };
    Some(word)
}

fn spanish(word: &str) -> Option<NumberWord> {
    use Role::*;
    let word = match word {
        "cero" => cardinal(Zero),
        "un" | "una" => NumberWord {
            role: Unit(1),
            ordinal: false,
            article: true,
            ambiguous: false,
        },
        "uno" => cardinal(Unit(1)),
        "dos" => cardinal(Unit(2)),
        "tres" => cardinal(Unit(3)),
        "cuatro" => cardinal(Unit(4)),
        "cinco" => cardinal(Unit(5)),
        "seis" => cardinal(Unit(6)),
        "siete" => cardinal(Unit(7)),
        "ocho" => cardinal(Unit(8)),
        "nueve" => cardinal(Unit(9)),
        "diez" => cardinal(Small(10)),
        "once" => cardinal(Small(11)),
        "doce" => cardinal(Small(12)),
        "trece" => cardinal(Small(13)),
        "catorce" => cardinal(Small(14)),
        "quince" => cardinal(Small(15)),
        "dieciseis" => cardinal(Small(16)),
        "diecisiete" => cardinal(Small(17)),
        "dieciocho" => cardinal(Small(18)),
        "diecinueve" => cardinal(Small(19)),
        "veinte" => cardinal(Tens(20)),
        "veintiun" | "veintiuno" | "veintiuna" => cardinal(Small(21)),
        "veintidos" => cardinal(Small(22)),
        "veintitres" => cardinal(Small(23)),
        "veinticuatro" => cardinal(Small(24)),
        "veinticinco" => cardinal(Small(25)),
        "veintiseis" => cardinal(Small(26)),
        "veintisiete" => cardinal(Small(27)),
        "veintiocho" => cardinal(Small(28)),
        "veintinueve" => cardinal(Small(29)),
        "treinta" => cardinal(Tens(30)),
        "cuarenta" => cardinal(Tens(40)),
        "cincuenta" => cardinal(Tens(50)),
        "sesenta" => cardinal(Tens(60)),
        "setenta" => cardinal(Tens(70)),
        "ochenta" => cardinal(Tens(80)),
        "noventa" => cardinal(Tens(90)),
        "cien" | "ciento" => cardinal(Hundreds(100)),
        "doscientos" | "doscientas" => cardinal(Hundreds(200)),
        "trescientos" | "trescientas" => cardinal(Hundreds(300)),
        "cuatrocientos" | "cuatrocientas" => cardinal(Hundreds(400)),
        "quinientos" | "quinientas" => cardinal(Hundreds(500)),
        "seiscientos" | "seiscientas" => cardinal(Hundreds(600)),
        "setecientos" | "setecientas" => cardinal(Hundreds(700)),
        "ochocientos" | "ochocientas" => cardinal(Hundreds(800)),
        "novecientos" | "novecientas" => cardinal(Hundreds(900)),
        "mil" => cardinal(Scale(1_000)),
        "millon" | "millones" => cardinal(Scale(1_000_000)),
        "billon" | "billones" => cardinal(Scale(1_000_000_000_000)),
        "docena" | "docenas" => cardinal(Dozen),
        "primer" => ordinal(Unit(1)),
        "tercer" => ordinal(Unit(3)),
        _ => return None,
    };
    Some(word)
}

/// A Spanish ordinal, masculine or feminine (`primera` = `primero`). Plurals are left out:
/// `segundos` and `cuartos` are seconds and rooms far more often than ordinals.
fn spanish_ordinal(word: &str) -> Option<NumberWord> {
    use Role::*;
    let stem = word.strip_suffix(['o', 'a'])?;
    let word = match stem {
        "primer" => ordinal(Unit(1)),
        "segund" => NumberWord {
            role: Unit(2),
            ordinal: true,
            article: false,
            ambiguous: true,
        },
        "tercer" => ordinal(Unit(3)),
        "cuart" => NumberWord {
            role: Unit(4),
            ordinal: true,
            article: false,
            ambiguous: true,
        },
        "quint" => ordinal(Unit(5)),
        "sext" => ordinal(Unit(6)),
        "septim" | "setim" => ordinal(Unit(7)),
        "octav" => ordinal(Unit(8)),
        "noven" | "non" => ordinal(Unit(9)),
        "decim" => ordinal(Tens(10)),
        "undecim" | "decimoprimer" => ordinal(Small(11)),
        "duodecim" | "decimosegund" => ordinal(Small(12)),
        "decimotercer" => ordinal(Small(13)),
        "decimocuart" => ordinal(Small(14)),
        "decimoquint" => ordinal(Small(15)),
        "decimosext" => ordinal(Small(16)),
        "decimoseptim" => ordinal(Small(17)),
        "decimoctav" => ordinal(Small(18)),
        "decimonoven" => ordinal(Small(19)),
        "vigesim" => ordinal(Tens(20)),
        "trigesim" => ordinal(Tens(30)),
        "cuadragesim" => ordinal(Tens(40)),
        "quincuagesim" => ordinal(Tens(50)),
        "sexagesim" => ordinal(Tens(60)),
        "septuagesim" => ordinal(Tens(70)),
        "octogesim" => ordinal(Tens(80)),
        "nonagesim" => ordinal(Tens(90)),
        "centesim" => ordinal(Hundreds(100)),
        "milesim" => ordinal(Scale(1_000)),
        "millonesim" => ordinal(Scale(1_000_000)),
        _ => return None,
    };
    Some(word)
}

/// Spanish accents removed, for an analyzer that keeps them.
fn fold_spanish(word: &str) -> Cow<'_, str> {
    if word.is_ascii() {
        return Cow::Borrowed(word);
    }
    Cow::Owned(
        word.chars()
            .map(|c| match c {
                'á' => 'a',
                'é' => 'e',
                'í' => 'i',
                'ó' => 'o',
                'ú' | 'ü' => 'u',
                _ => c,
            })
            .collect(),
    )
}
