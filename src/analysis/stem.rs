//! Stemming: the stage that makes the inflections of a word equal (`booking`, `booked` →
//! `book`).
//!
//! It wraps the Snowball stemmers of `rust-stemmers`, one per [`Language`]; their
//! `Algorithm` enum stays inside this file.

use std::borrow::Cow;
use std::fmt;
use std::panic::{self, AssertUnwindSafe};

use rust_stemmers::{Algorithm, Stemmer};

use crate::Language;

/// A Snowball stemmer for one language.
///
/// `rust_stemmers::Stemmer` is neither `Clone` nor `Debug`; this wrapper keeps the algorithm
/// beside it to provide both.
pub(crate) struct WordStemmer {
    algorithm: Algorithm,
    stemmer: Stemmer,
}

impl WordStemmer {
    /// The stemmer of `language`.
    pub(crate) fn new(language: Language) -> WordStemmer {
        let algorithm = algorithm(language);
        WordStemmer {
            algorithm,
            stemmer: Stemmer::create(algorithm),
        }
    }

    /// The stem of `word`, which must be lowercase (the Snowball stemmers expect it).
    ///
    /// Never panics: the input that is known to crash a Snowball stemmer is returned as it is,
    /// and so is any input that crashes it in a way not known yet (the panic is caught, which
    /// prints the panic message through the panic hook).
    pub(crate) fn stem<'a>(&self, word: &'a str) -> Cow<'a, str> {
        if self.algorithm == Algorithm::Greek && crashes_greek_stemmer(word) {
            return Cow::Borrowed(word);
        }
        // The stemmer is a plain function and a string: nothing can be left half-updated.
        panic::catch_unwind(AssertUnwindSafe(|| self.stemmer.stem(word))).unwrap_or(Cow::Borrowed(word))
    }
}

impl Clone for WordStemmer {
    fn clone(&self) -> Self {
        WordStemmer {
            algorithm: self.algorithm,
            stemmer: Stemmer::create(self.algorithm),
        }
    }
}

impl fmt::Debug for WordStemmer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WordStemmer")
            .field("algorithm", &self.algorithm)
            .finish_non_exhaustive()
    }
}

/// Whether the stemmer has anything to do with `word`: it has a letter and no digit (`5th`,
/// `covid19` and `3.5` stay as they are).
pub(crate) fn is_stemmable(word: &str) -> bool {
    word.chars().any(char::is_alphabetic) && !word.chars().any(char::is_numeric)
}

/// Whether the stemmer of `language` knows the accented letters of its language, so that a
/// word is better stemmed before its diacritics are folded. Only the English stemmer knows
/// nothing but `a` to `z`.
pub(crate) fn knows_accents(language: Language) -> bool {
    language != Language::English
}

fn algorithm(language: Language) -> Algorithm {
    match language {
        Language::Arabic => Algorithm::Arabic,
        Language::Danish => Algorithm::Danish,
        Language::Dutch => Algorithm::Dutch,
        Language::English => Algorithm::English,
        Language::Finnish => Algorithm::Finnish,
        Language::French => Algorithm::French,
        Language::German => Algorithm::German,
        Language::Greek => Algorithm::Greek,
        Language::Hungarian => Algorithm::Hungarian,
        Language::Italian => Algorithm::Italian,
        Language::Norwegian => Algorithm::Norwegian,
        Language::Portuguese => Algorithm::Portuguese,
        Language::Romanian => Algorithm::Romanian,
        Language::Russian => Algorithm::Russian,
        Language::Spanish => Algorithm::Spanish,
        Language::Swedish => Algorithm::Swedish,
        Language::Tamil => Algorithm::Tamil,
        Language::Turkish => Algorithm::Turkish,
    }
}

/// The words that crash the Greek stemmer of rust-stemmers 1.2 (Snowball issue 204, fixed
/// upstream in 2024 but not in the crate): `ισα` followed by one of the suffixes of its rule,
/// once the stemmer has removed the accents. An exhaustive search over every Greek word of up
/// to five letters, and of up to eight that starts with `ισα`, found no other.
fn crashes_greek_stemmer(word: &str) -> bool {
    const SUFFIXES: [&str; 7] = ["ισα", "ισε", "ισεσ", "ισαμε", "ισατε", "ισαν", "ισανε"];
    let len = word.chars().count();
    if !(6..=8).contains(&len) {
        return false;
    }
    let mut plain = String::with_capacity(word.len());
    plain.extend(word.chars().map(|c| match c {
        'ά' => 'α',
        'έ' => 'ε',
        'ή' => 'η',
        'ί' | 'ΐ' | 'ϊ' => 'ι',
        'ό' => 'ο',
        'ύ' | 'ΰ' | 'ϋ' => 'υ',
        'ώ' => 'ω',
        'ς' => 'σ',
        c => c,
    }));
    plain
        .strip_prefix("ισα")
        .is_some_and(|rest| SUFFIXES.contains(&rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_a_stemmer() {
        for &language in Language::ALL {
            let stemmer = WordStemmer::new(language);
            assert!(
                !stemmer.stem("test").is_empty(),
                "help: {language} stems to nothing"
            );
            assert!(format!("{:?}", stemmer.clone()).contains("algorithm"));
        }
    }

    #[test]
    fn stems_inflections_together() {
        let en = WordStemmer::new(Language::English);
        assert_eq!(en.stem("booking"), "book");
        assert_eq!(en.stem("booked"), "book");
        assert_eq!(en.stem("dog's"), "dog");
        let de = WordStemmer::new(Language::German);
        assert_eq!(de.stem("häuser"), de.stem("haus"));
    }

    #[test]
    fn the_greek_crash_is_avoided() {
        let el = WordStemmer::new(Language::Greek);
        for word in ["ισαισα", "ισάισα", "ισαισανε", "ισαισες", "ισαισεσ", "ισαισε"]
        {
            assert_eq!(el.stem(word), word);
        }
        assert_eq!(el.stem("καλημέρα"), "καλημερ");
        assert_eq!(el.stem("ισαγωγη"), el.stem("ισαγωγη"));
    }

    #[test]
    fn digits_are_not_stemmed() {
        assert!(is_stemmable("booking"));
        assert!(is_stemmable("don't"));
        assert!(!is_stemmable("5th"));
        assert!(!is_stemmable("3.5"));
        assert!(!is_stemmable("€"));
        assert!(!is_stemmable(""));
    }
}
