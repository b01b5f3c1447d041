//! One table of cases per language, each kind with its edge cases; and the promise that
//! writing any string never panics.

use super::Kind::{self, *};
use super::Writer;
use super::tables::has_table;
use crate::Language;
use crate::analysis::Analyzer;
use crate::entity::Reference;

/// A Tuesday: 7 December is near (no year), 25 December 2027 is far (its year is written).
fn reference() -> Reference {
    Reference::new(2026, 11, 24, 15, 30, 0, 60).expect("a valid day")
}

/// Writes each stored value as `language` does and compares; a value that does not read as
/// its kind is expected as stored.
fn check(language: Language, cases: &[(Kind, &str, &str)]) {
    let analyzer = Analyzer::new(language);
    let writer = Writer {
        language,
        reference: reference(),
        analyzer: &analyzer,
    };
    for &(kind, stored, expected) in cases {
        let written = writer.write(kind, stored);
        assert_eq!(
            written.as_deref().unwrap_or(stored),
            expected,
            "{language} {kind:?} {stored:?}\nhelp: the conventions are in src/dialog/readable/tables.rs"
        );
    }
}

/// Cases every language shares: values that are not of their kind stay as stored.
const NOT_VALUES: &[(Kind, &str, &str)] = &[
    (Date, "2026-02-30", "2026-02-30"),
    (Date, "next week", "next week"),
    (Date, "2026-1-7", "2026-1-7"),
    (Time, "24:00:00", "24:00:00"),
    (Time, "9 pm", "9 pm"),
    (DateTime, "2026-12-07", "2026-12-07"),
    (Number, "1e21", "1e21"),
    (Number, "twelve", "twelve"),
    (Number, "", ""),
    (Money, "a lot", "a lot"),
    (Percentage, "most", "most"),
    (Duration, "a while", "a while"),
];

macro_rules! languages {
    ($($test:ident: $language:ident => [$($case:expr),* $(,)?];)*) => {
        $(
            #[test]
            fn $test() {
                check(Language::$language, &[$($case),*]);
                check(Language::$language, NOT_VALUES);
            }
        )*

        #[test]
        fn every_language_has_a_table_of_cases() {
            let tested = [$(Language::$language),*];
            for language in Language::ALL {
                assert!(tested.contains(language), "help: add a table of cases for {language}");
            }
        }
    };
}

languages! {
    english: English => [
        (Date, "2026-12-07", "Monday 7 December"),
        (Date, "2027-12-25", "Saturday 25 December 2027"),
        (Date, "2026-05-25", "Monday 25 May"),
        (Date, "2026-05-24", "Sunday 24 May 2026"),
        (Time, "21:00:00", "9 pm"),
        (Time, "21:30:00", "9:30 pm"),
        (Time, "00:00:00", "12 am"),
        (Time, "12:00:00", "12 pm"),
        (Time, "09:05:30", "9:05:30 am"),
        (Time, "13:00", "1 pm"),
        (DateTime, "2026-12-07T21:00:00+01:00", "Monday 7 December at 9 pm"),
        (DateTime, "2027-12-25T00:15:00-05:00", "Saturday 25 December 2027 at 12:15 am"),
        (Number, "4", "4"),
        (Number, "1234.5", "1,234.5"),
        (Number, "-1234567", "-1,234,567"),
        (Number, "0.25", "0.25"),
        (Number, "123456789012345678901234567890", "123,456,789,012,345,678,901,234,567,890"),
        (Money, "$50", "$50.00"),
        (Money, "5 dollars and 50 cents", "$5.50"),
        (Money, "20 euros", "€20.00"),
        (Money, "100 CHF", "CHF\u{a0}100.00"),
        (Money, "¥500", "¥500"),
        (Money, "1.5 million dollars", "$1,500,000.00"),
        (Money, "50", "50.00"),
        (Money, "-3.5", "-3.50"),
        (Percentage, "50%", "50%"),
        (Percentage, "12.5 percent", "12.5%"),
        (Percentage, "-2", "-2%"),
        (Duration, "an hour and a half", "1.5 hours"),
        (Duration, "an hour", "1 hour"),
        (Duration, "20 minutes", "20 minutes"),
        (Temperature, "70 degrees fahrenheit", "70\u{a0}°F"),
    ];
    spanish: Spanish => [
        (Date, "2026-12-07", "lunes 7 de diciembre"),
        (Date, "2027-12-25", "sábado 25 de diciembre de 2027"),
        (Time, "21:00:00", "21:00"),
        (Time, "00:00:00", "0:00"),
        (Time, "12:00:00", "12:00"),
        (Time, "09:05:00", "9:05"),
        (DateTime, "2026-12-07T21:00:00+01:00", "lunes 7 de diciembre a las 21:00"),
        (DateTime, "2026-12-07T01:30:00+01:00", "lunes 7 de diciembre a la 1:30"),
        (Number, "1234.5", "1234,5"),
        (Number, "12345", "12.345"),
        (Number, "-2300000", "-2.300.000"),
        (Money, "50 €", "50,00\u{a0}€"),
        (Money, "5 euros con 50 céntimos", "5,50\u{a0}€"),
        (Money, "un millón de euros", "1.000.000,00\u{a0}€"),
        (Money, "20 dólares canadienses", "20,00\u{a0}CAD"),
        (Money, "50", "50,00"),
        (Percentage, "50%", "50\u{a0}%"),
        (Duration, "una hora y media", "1,5 horas"),
        (Duration, "una hora", "1 hora"),
        (Temperature, "20 grados", "20°"),
    ];
    french: French => [
        (Date, "2026-12-01", "mardi 1er décembre"),
        (Date, "2026-12-07", "lundi 7 décembre"),
        (Time, "21:00:00", "21:00"),
        (Time, "09:05:00", "09:05"),
        (DateTime, "2026-12-07T21:00:00+01:00", "lundi 7 décembre à 21:00"),
        (Number, "1234567.5", "1\u{202f}234\u{202f}567,5"),
        (Money, "€50", "50,00\u{a0}€"),
        (Percentage, "50%", "50\u{202f}%"),
        (Duration, "1.5 hours", "1,5 heure"),
        (Duration, "2 hours", "2 heures"),
    ];
    german: German => [
        (Date, "2026-12-07", "Montag, 7. Dezember"),
        (Date, "2027-12-25", "Samstag, 25. Dezember 2027"),
        (Time, "21:00:00", "21:00"),
        (Time, "00:00:00", "00:00"),
        (DateTime, "2026-12-07T21:00:00+01:00", "Montag, 7. Dezember um 21:00"),
        (Number, "1234567.5", "1.234.567,5"),
        (Money, "€50", "50,00\u{a0}€"),
        (Money, "$5", "5,00\u{a0}$"),
        (Percentage, "50%", "50\u{a0}%"),
        (Duration, "1 hour", "1 Stunde"),
        (Duration, "3 days", "3 Tage"),
    ];
    italian: Italian => [
        (Date, "2026-12-07", "lunedì 7 dicembre"),
        (Time, "21:00:00", "21:00"),
        (DateTime, "2026-12-07T21:00:00+01:00", "lunedì 7 dicembre alle 21:00"),
        (Number, "1234567.5", "1.234.567,5"),
        (Money, "€50", "50,00\u{a0}€"),
        (Percentage, "50%", "50%"),
        (Duration, "2 weeks", "2 settimane"),
    ];
    portuguese: Portuguese => [
        (Date, "2026-12-07", "segunda-feira, 7 de dezembro"),
        (Date, "2027-12-25", "sábado, 25 de dezembro de 2027"),
        (Time, "21:00:00", "21:00"),
        (DateTime, "2026-12-07T21:00:00+01:00", "segunda-feira, 7 de dezembro às 21:00"),
        (Number, "1234567.5", "1.234.567,5"),
        (Money, "€50", "€\u{a0}50,00"),
        (Money, "USD 7", "$\u{a0}7,00"),
        (Duration, "1 month", "1 mês"),
    ];
    dutch: Dutch => [
        (Date, "2026-12-07", "maandag 7 december"),
        (Time, "21:00:00", "21:00"),
        (DateTime, "2026-12-07T21:00:00+01:00", "maandag 7 december om 21:00"),
        (Number, "1234567.5", "1.234.567,5"),
        (Money, "€50", "€\u{a0}50,00"),
        (Duration, "2 hours", "2 uur"),
    ];
    danish: Danish => [
        (Date, "2026-12-07", "mandag den 7. december"),
        (Time, "21:00:00", "21.00"),
        (DateTime, "2026-12-07T21:00:00+01:00", "mandag den 7. december kl. 21.00"),
        (Number, "1234567.5", "1.234.567,5"),
        (Money, "€50", "50,00\u{a0}€"),
        (Duration, "2 days", "2 dage"),
    ];
    norwegian: Norwegian => [
        (Date, "2026-12-07", "mandag 7. desember"),
        (Time, "21:00:00", "21:00"),
        (Number, "1234567.5", "1\u{a0}234\u{a0}567,5"),
        (Money, "€50", "50,00\u{a0}€"),
        (Duration, "1 week", "1 uke"),
    ];
    swedish: Swedish => [
        (Date, "2026-12-07", "måndag 7 december"),
        (Time, "21:00:00", "21:00"),
        (DateTime, "2026-12-07T21:00:00+01:00", "måndag 7 december kl. 21:00"),
        (Number, "1234567.5", "1\u{a0}234\u{a0}567,5"),
        (Percentage, "50%", "50\u{a0}%"),
        (Duration, "2 hours", "2 timmar"),
    ];
    finnish: Finnish => [
        (Date, "2026-12-07", "maanantai 7. joulukuuta"),
        (Time, "09:05:00", "9.05"),
        (DateTime, "2026-12-07T21:00:00+01:00", "maanantai 7. joulukuuta klo 21.00"),
        (Number, "-1234.5", "-1\u{a0}234,5"),
        (Duration, "1 hour", "1 tunti"),
        (Duration, "3 hours", "3 tuntia"),
    ];
    russian: Russian => [
        (Date, "2026-12-07", "понедельник, 7 декабря"),
        (Date, "2027-12-25", "суббота, 25 декабря 2027\u{a0}г."),
        (Time, "21:00:00", "21:00"),
        (DateTime, "2026-12-07T21:00:00+01:00", "понедельник, 7 декабря в 21:00"),
        (Number, "1234567.5", "1\u{a0}234\u{a0}567,5"),
        (Money, "€50", "50,00\u{a0}€"),
        (Duration, "1 hour", "1 час"),
        (Duration, "21 hours", "21 час"),
        (Duration, "3 hours", "3 часа"),
        (Duration, "11 hours", "11 часов"),
        (Duration, "5 years", "5 лет"),
        (Duration, "1.5 hours", "1,5 часа"),
    ];
    romanian: Romanian => [
        (Date, "2026-12-07", "luni, 7 decembrie"),
        (Time, "21:00:00", "21:00"),
        (Number, "1234567.5", "1.234.567,5"),
        (Duration, "1 hour", "1 oră"),
        (Duration, "3 hours", "3 ore"),
        (Duration, "20 hours", "20 de ore"),
        (Duration, "101 days", "101 zile"),
    ];
    hungarian: Hungarian => [
        (Date, "2026-12-07", "december 7., hétfő"),
        (Date, "2027-12-25", "2027. december 25., szombat"),
        (Time, "09:05:00", "9:05"),
        (DateTime, "2026-12-07T21:00:00+01:00", "december 7., hétfő 21:00"),
        (Number, "1234567.5", "1\u{a0}234\u{a0}567,5"),
        (Duration, "3 hours", "3 óra"),
    ];
    turkish: Turkish => [
        (Date, "2026-12-07", "7 Aralık Pazartesi"),
        (Date, "2027-12-25", "25 Aralık 2027 Cumartesi"),
        (Time, "21:00:00", "21:00"),
        (Number, "1234567.5", "1.234.567,5"),
        (Money, "€50", "€50,00"),
        (Percentage, "50%", "%50"),
        (Duration, "3 hours", "3 saat"),
    ];
    greek: Greek => [
        (Date, "2026-12-07", "Δευτέρα 7 Δεκεμβρίου"),
        (Time, "21:00:00", "21:00"),
        (DateTime, "2026-12-07T21:00:00+01:00", "Δευτέρα 7 Δεκεμβρίου στις 21:00"),
        (Number, "1234567.5", "1.234.567,5"),
        (Money, "€50", "50,00\u{a0}€"),
        (Duration, "2 hours", "2 ώρες"),
    ];
    arabic: Arabic => [
        (Date, "2026-12-07", "7/12/2026"),
        (Time, "21:00:00", "21:00"),
        (DateTime, "2026-12-07T21:00:00+01:00", "7/12/2026 21:00"),
        (Number, "1234567.5", "1\u{202f}234\u{202f}567.5"),
        (Money, "€50", "50.00\u{a0}EUR"),
        (Percentage, "50%", "50\u{a0}%"),
        (Duration, "2 hours", "2 h"),
        (Duration, "2 weeks", "2 weeks"),
    ];
    tamil: Tamil => [
        (Date, "2026-12-07", "7/12/2026"),
        (Time, "00:00:00", "00:00"),
        (Number, "-1234", "-1\u{202f}234"),
        (Money, "$50", "50.00\u{a0}USD"),
    ];
}

#[test]
fn only_arabic_and_tamil_write_the_neutral_way() {
    let neutral: Vec<_> = Language::ALL.iter().filter(|l| !has_table(**l)).collect();
    assert_eq!(neutral, [&Language::Arabic, &Language::Tamil]);
}

#[test]
fn kinds_come_from_system_entities_only() {
    assert_eq!(Kind::of("sys.date"), Some(Date));
    assert_eq!(Kind::of("sys.integer"), Some(Number));
    assert_eq!(Kind::of("sys.email"), None);
    assert_eq!(Kind::of("size"), None);
}

proptest::proptest! {
    /// Writing any string as any kind in any language never panics; what does not read as
    /// the kind is left as stored (`None`), and what does is never empty.
    #[test]
    fn writing_never_panics(stored in "\\PC{0,24}|[0-9:T+.-]{0,26}", k in 0usize..8, l in 0usize..18) {
        let kinds = [Date, Time, DateTime, Number, Money, Percentage, Duration, Temperature];
        let language = Language::ALL[l % Language::ALL.len()];
        let analyzer = Analyzer::new(language);
        let writer = Writer { language, reference: reference(), analyzer: &analyzer };
        if let Some(written) = writer.write(kinds[k], &stored) {
            proptest::prop_assert!(!written.is_empty());
        }
    }
}
