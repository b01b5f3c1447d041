//! Property tests of the numeric entities: no panic on any input, every span slices the input
//! at the right characters, values of the right shape; and a line of 90 numbers stays fast.

use std::time::{Duration, Instant};

use proptest::prelude::*;

use super::money::Money;
use super::number::{Integer, Number, Ordinal};
use super::percentage::Percentage;
use super::temperature::Temperature;
use super::{EntityMatch, SystemEntity};
use crate::Language;
use crate::analysis::Analyzer;

fn numeric() -> Vec<Box<dyn SystemEntity>> {
    vec![
        Box::new(Number),
        Box::new(Integer),
        Box::new(Ordinal),
        Box::new(Percentage),
        Box::new(Temperature),
        Box::new(Money),
    ]
}

fn extract_all(text: &str, language: Language) -> Vec<EntityMatch> {
    let tokens = Analyzer::new(language).analyze(text);
    let mut out = Vec::new();
    for entity in numeric() {
        entity.extract(
            text,
            &tokens,
            &crate::entity::Context::new(language, crate::entity::Reference::EPOCH),
            &mut out,
        );
    }
    out
}

fn check(text: &str, language: Language) -> Result<(), TestCaseError> {
    for m in extract_all(text, language) {
        let slice = text.get(m.span.byte_start..m.span.byte_end);
        prop_assert_eq!(slice, Some(m.raw.as_str()), "{:?}: span of {:?}", text, m);
        let chars: String = text
            .chars()
            .skip(m.span.char_start)
            .take(m.span.char_end - m.span.char_start)
            .collect();
        prop_assert_eq!(&chars, &m.raw, "{:?}: char span of {:?}", text, m);
        prop_assert!((0.0..=1.0).contains(&m.score));
        let number = match m.entity.as_str() {
            "sys.number" | "sys.integer" | "sys.ordinal" => m.value.clone(),
            _ => m.value["amount"].clone(),
        };
        prop_assert!(
            number.is_number() || (number.is_null() && m.score == 0.0),
            "{:?}: {:?}",
            text,
            m
        );
    }
    Ok(())
}

/// Text made of the pieces that numbers are made of, to reach deep into the parsers.
fn numberish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "1",
        "42",
        "3.5",
        "3,5",
        "1,000",
        "1.000",
        "-",
        "−",
        "^",
        "%",
        "°",
        "º",
        "C",
        "F",
        "$",
        "€",
        "US",
        "usd",
        "e",
        "th",
        "rd",
        "½",
        " ",
        " ",
        " ",
        ", ",
        "one",
        "twenty",
        "hundred",
        "thousand",
        "million",
        "and",
        "a",
        "dozen",
        "first",
        "second",
        "minus",
        "percent",
        "per",
        "cent",
        "degrees",
        "below",
        "zero",
        "dollars",
        "cents",
        "bucks",
        "mil",
        "millones",
        "y",
        "treinta",
        "un",
        "tercero",
        "por",
        "ciento",
        "grados",
        "de",
        "999999999999",
        "00000000000000000000",
    ]);
    prop::collection::vec(pieces, 0..24).prop_map(|pieces| pieces.concat())
}

proptest! {
    #[test]
    fn arbitrary_unicode(text in "\\PC{0,60}") {
        check(&text, Language::English)?;
        check(&text, Language::Spanish)?;
    }

    #[test]
    fn number_like_text(text in numberish()) {
        check(&text, Language::English)?;
        check(&text, Language::Spanish)?;
        check(&text, Language::German)?;
    }
}

#[test]
fn a_line_of_numbers_stays_linear() {
    let line: String = (1..=90).map(|n| n.to_string()).collect::<Vec<_>>().join(" ");
    assert!(line.len() >= 250);
    let words = "one two three four five six seven eight nine ten ".repeat(25);
    let start = Instant::now();
    for _ in 0..10 {
        assert_eq!(
            extract_all(&line, Language::English)
                .iter()
                .filter(|m| m.entity == "sys.number")
                .count(),
            90
        );
        extract_all(&words, Language::English);
    }
    // Generous, for debug builds on a loaded machine; the point is that it is not exponential.
    assert!(start.elapsed() < Duration::from_secs(2), "{:?}", start.elapsed());
}

#[test]
fn absurd_numbers_are_out_of_range_not_wrong() {
    for text in [
        "10^400",
        "1e400",
        "10^-400",
        &"9".repeat(500),
        &format!("{}.5", "1".repeat(300)),
    ] {
        let found: Vec<EntityMatch> = extract_all(text, Language::English)
            .into_iter()
            .filter(|m| m.entity == "sys.number")
            .collect();
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        assert!(
            found[0].value.is_null() && found[0].score == 0.0,
            "{text}: {found:?}"
        );
        assert_eq!(found[0].raw, text);
    }
}
