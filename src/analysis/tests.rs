//! Tests of the whole pipeline: examples per language, and the properties that must hold for
//! any input.

use proptest::prelude::*;

use super::*;

/// Checks that `text` analyzes to exactly these `(text, stem)` pairs.
fn check(language: Language, text: &str, expected: &[(&str, &str)]) {
    let tokens = Analyzer::new(language).analyze(text);
    let got: Vec<(&str, &str)> = tokens
        .iter()
        .map(|t| (t.text.as_str(), t.stem.as_str()))
        .collect();
    assert_eq!(
        got, expected,
        "\nhelp: {language} analyzes {text:?} differently; look at normalize.rs and fold.rs for \
         the text, stem.rs for the stem, apostrophe.rs and tokenize.rs for a missing word"
    );
}

/// One test per row: `name: Language, "text" => [("token", "stem"), …];`.
macro_rules! analyzes {
    ($($name:ident: $language:ident, $text:expr => [$(($token:expr, $stem:expr)),* $(,)?];)*) => {
        $(
            #[test]
            fn $name() {
                check(Language::$language, $text, &[$(($token, $stem)),*]);
            }
        )*
    };
}

analyzes! {
    english: English, "I'm BOOKING two rooms for my kids’ holidays!" => [
        ("i'm", "i'm"), ("booking", "book"), ("two", "two"), ("rooms", "room"), ("for", "for"),
        ("my", "my"), ("kids", "kid"), ("holidays", "holiday"),
    ];
    english_possessive_and_numbers: English, "John's 5th order costs $3.50" => [
        ("john's", "john"), ("5th", "5th"), ("order", "order"), ("costs", "cost"), ("$", "$"),
        ("3.50", "3.50"),
    ];
    english_folds_accents: English, "Two cafés, one naïve résumé" => [
        ("two", "two"), ("cafes", "cafe"), ("one", "one"), ("naive", "naiv"),
        ("resume", "resum"),
    ];
    german: German, "Ich möchte zwei Häuser in München kaufen" => [
        ("ich", "ich"), ("mochte", "mocht"), ("zwei", "zwei"), ("hauser", "haus"), ("in", "in"),
        ("munchen", "munch"), ("kaufen", "kauf"),
    ];
    german_eszett: German, "Die STRASSE, die Straße" => [
        ("die", "die"), ("strasse", "strass"), ("die", "die"), ("strasse", "strass"),
    ];
    french: French, "Je voudrais réserver une chambre d’hôtel" => [
        ("je", "je"), ("voudrais", "voudr"), ("reserver", "reserv"), ("une", "une"),
        ("chambre", "chambr"), ("hotel", "hotel"),
    ];
    french_elision: French, "Qu'il mange l'homme d'accord aujourd'hui" => [
        ("il", "il"), ("mange", "mang"), ("homme", "homm"), ("accord", "accord"),
        ("aujourd'hui", "aujourd'hui"),
    ];
    spanish: Spanish, "¿Cuántas habitaciones están disponibles mañana?" => [
        ("cuantas", "cuant"), ("habitaciones", "habit"), ("estan", "estan"),
        ("disponibles", "dispon"), ("manana", "manan"),
    ];
    italian: Italian, "Vorrei prenotare dell'anno un tavolo" => [
        ("vorrei", "vorre"), ("prenotare", "prenot"), ("anno", "anno"), ("un", "un"),
        ("tavolo", "tavol"),
    ];
    turkish: Turkish, "IRMAK İstanbul'da" => [("irmak", "irmak"), ("istanbul", "istanbul")];
    russian: Russian, "Ёлка и новый йогурт" => [
        ("елка", "елк"), ("и", "и"), ("новый", "нов"), ("йогурт", "йогурт"),
    ];
    greek: Greek, "Καλημέρα ΦΊΛΟΣ" => [("καλημέρα", "καλημερ"), ("φίλοσ", "φιλ")];
}

/// Accented and unaccented spellings of these words meet in their stem.
#[test]
fn accents_typed_or_not_meet() {
    for (language, accented, plain) in [
        (Language::French, "mangé", "mange"),
        (Language::French, "hôtels", "hotels"),
        (Language::Spanish, "canción", "cancion"),
        (Language::German, "Bücher", "Bucher"),
        (Language::Portuguese, "músicas", "musicas"),
        (Language::English, "résumés", "resumes"),
    ] {
        let analyzer = Analyzer::new(language);
        let stem = |word: &str| analyzer.analyze(word).pop().map(|t| t.stem);
        assert_eq!(
            stem(accented),
            stem(plain),
            "help: {language} {accented} ≠ {plain}"
        );
    }
}

/// The price of stemming before folding: a suffix that the stemmer only knows with its
/// accent (`-ção`) is not removed when the accent is missing. Folding first would make these
/// meet and lose more elsewhere; see the module docs for the numbers.
#[test]
fn accents_typed_or_not_sometimes_miss() {
    let pt = Analyzer::new(Language::Portuguese);
    assert_eq!(pt.stem("informação"), "inform");
    assert_eq!(pt.stem("informacao"), "informaca");
}

/// Inputs on which proptest once found a bug.
#[test]
fn regressions() {
    // Folding the mark of `¨` (space + U+0308 after NFKC) left a trailing space.
    let ar = Analyzer::builder(Language::Arabic).fold_diacritics(true).build();
    assert_eq!(ar.normalize("a¨"), "a");
    // A symbol whose NFKC has letters (`℁` is `a/s`) was stemmed.
    let tokens = Analyzer::new(Language::French).analyze("℁A");
    assert_eq!(tokens[0].kind, TokenKind::Symbol);
    assert_eq!((tokens[0].text.as_str(), tokens[0].stem.as_str()), ("a/s", "a/s"));
}

#[test]
fn builder_changes_the_defaults() {
    let plain = Analyzer::builder(Language::French)
        .fold_diacritics(false)
        .stemming(false)
        .build();
    assert!(!plain.folds_diacritics() && !plain.stems());
    assert_eq!(plain.language(), Language::French);
    let tokens = plain.analyze("Réservations");
    assert_eq!(
        (tokens[0].text.as_str(), tokens[0].stem.as_str()),
        ("réservations", "réservations")
    );
    assert_eq!(plain.stem("réservations"), "réservations");
    let default = Analyzer::new(Language::French);
    assert!(default.folds_diacritics() && default.stems());
}

#[test]
fn analyzers_are_shareable() {
    fn assert_shareable<T: Send + Sync + Clone + std::fmt::Debug>() {}
    assert_shareable::<Analyzer>();
    assert_shareable::<AnalyzerBuilder>();
    let analyzer = Analyzer::new(Language::German);
    assert!(format!("{analyzer:?}").contains("German"));
    assert_eq!(analyzer.clone().analyze("Häuser"), analyzer.analyze("Häuser"));
}

#[test]
fn odd_inputs_do_not_panic() {
    #[rustfmt::skip]
    let odd = [
        "", " ", "\u{301}", "\u{345}", "\u{200D}", "\u{FEFF}", "ﷺ", "ισαισα", "l'", "'s",
        "👨\u{200D}👩\u{200D}👧", "مرحبا بالعالم", "שָׁלוֹם", "\u{202E}abc\u{202C}",
    ];
    for &language in Language::ALL {
        let analyzer = Analyzer::new(language);
        for text in odd {
            for token in analyzer.analyze(text) {
                assert!(!token.text.is_empty());
                assert!(!token.span.slice(text).is_empty());
            }
            let _ = analyzer.normalize(text);
        }
    }
    let long = [
        "ab ".repeat(50_000),
        "\u{301}".repeat(100_000),
        "é".repeat(100_000),
    ];
    for language in [
        Language::English,
        Language::French,
        Language::Greek,
        Language::Arabic,
    ] {
        let analyzer = Analyzer::new(language);
        for text in &long {
            assert!(analyzer.analyze(text).len() <= 50_000);
            let _ = analyzer.normalize(text);
        }
    }
}

/// Text made of the characters that are most likely to break something.
fn tricky_text() -> impl Strategy<Value = String> {
    #[rustfmt::skip]
    let pieces = vec![
        "a", "Z", "é", "e\u{301}", "\u{301}", "\u{345}", "İ", "I", "ı", "ß", "ẞ", "Σ", "ς", "ё",
        "ǰ", "J\u{30C}", "ŉ", "ﬁ", "Ａ", "½", "3", ".", ",", "'", "’", "`", "´", "-", "—", " ",
        "\t", "\n", "\u{AD}", "\u{200B}", "\u{200D}", "\u{FEFF}", "\u{202E}", "👍", "🏽", "🇫",
        "ﷺ", "¨", "ᾼ", "ά", "ισα", "東", "한", "ก", "م", "ِ", "ा", "$", "%", "@", "l'", "qu'",
        "\u{0}", "\u{10FFFF}", "\u{E000}",
    ];
    prop::collection::vec(prop::sample::select(pieces), 0..40).prop_map(|p| p.concat())
}

fn any_language() -> impl Strategy<Value = Language> {
    prop::sample::select(Language::ALL.to_vec())
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "\\PC*", tricky_text()]
}

/// The `spans` are in order, on character boundaries, not empty, and their character
/// offsets agree with their byte offsets.
fn assert_spans_fit(text: &str, spans: impl Iterator<Item = Span>) -> Result<(), TestCaseError> {
    let mut previous_end = 0;
    for span in spans {
        prop_assert!(previous_end <= span.byte_start && span.byte_start < span.byte_end);
        prop_assert!(text.is_char_boundary(span.byte_start) && text.is_char_boundary(span.byte_end));
        prop_assert_eq!(span.slice(text), &text[span.byte_start..span.byte_end]);
        prop_assert_eq!(span.char_start, text[..span.byte_start].chars().count());
        prop_assert_eq!(span.char_end, text[..span.byte_end].chars().count());
        previous_end = span.byte_end;
    }
    Ok(())
}

proptest! {
    #[test]
    fn tokenize_spans_slice_the_input(text in any_text()) {
        assert_spans_fit(&text, tokenize(&text).into_iter().map(|(_, span)| span))?;
    }

    #[test]
    fn analyze_spans_slice_the_input(text in any_text(), language in any_language()) {
        let tokens = Analyzer::new(language).analyze(&text);
        assert_spans_fit(&text, tokens.into_iter().map(|t| t.span))?;
    }

    #[test]
    fn normalize_is_idempotent(text in any_text(), language in any_language(), fold: bool) {
        let analyzer = Analyzer::builder(language).fold_diacritics(fold).build();
        let once = analyzer.normalize(&text);
        prop_assert_eq!(analyzer.normalize(&once), once.clone());
        prop_assert_eq!(once.trim(), once.as_str());
        prop_assert!(!once.contains("  "));
    }

    #[test]
    fn tokens_are_their_normalized_span(text in any_text(), language in any_language(), fold: bool) {
        let analyzer = Analyzer::builder(language).fold_diacritics(fold).build();
        let plain = Analyzer::builder(language).fold_diacritics(false).build();
        for token in analyzer.analyze(&text) {
            let original = token.span.slice(&text);
            prop_assert!(!token.text.is_empty());
            prop_assert_eq!(&token.text, &analyzer.normalize(original));
            if token.kind == TokenKind::Word {
                prop_assert_eq!(&token.stem, &analyzer.stem(&plain.normalize(original)));
            } else {
                prop_assert_eq!(&token.stem, &token.text);
            }
        }
    }

    #[test]
    fn analysis_is_deterministic(text in any_text(), language in any_language()) {
        let analyzer = Analyzer::new(language);
        let first = analyzer.analyze(&text);
        prop_assert_eq!(&first, &analyzer.clone().analyze(&text));
        prop_assert_eq!(&first, &Analyzer::new(language).analyze(&text));
    }
}
