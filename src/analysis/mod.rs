//! Text analysis: from an utterance to the tokens the matcher compares.
//!
//! An [`Analyzer`] is built once per story language and then used for every utterance, by as
//! many threads as you like. [`Analyzer::analyze`] runs these stages, one file each:
//!
//! 1. **Tokenize** ([`tokenize()`]): cut the text on the Unicode word boundaries of UAX #29 into
//!    words, numbers and symbols, each with its [`Span`] in the original text. Whitespace and
//!    punctuation are left out.
//! 2. **Apostrophes**: French and Italian drop an elided word (`l'homme` → `homme`,
//!    `dell'anno` → `anno`), Turkish a suffix (`İstanbul'da` → `İstanbul`); the span shrinks to
//!    the part that is left. English `don't` and `John's` stay whole.
//! 3. **Normalize**: apostrophes (`’`, `ʼ`, `´`, `` ` ``) and dashes unified, invisible
//!    format characters dropped, NFKC (fullwidth `Ｆ`, ligature `ﬁ`), full case folding (`ß` →
//!    `ss`, final `ς` → `σ`; Turkish `I` → `ı`; Russian `ё` → `е`), whitespace collapsed.
//! 4. **Stem** words with the Snowball stemmer of the language (`booking` → `book`).
//! 5. **Fold diacritics**, when the analyzer does, in both the token's text and its stem
//!    (`café` → `cafe`). For English, whose stemmer knows no accent, folding comes before
//!    stemming (`résumé` → `resume` → `resum`); see below why the others stem first.
//!
//! ```
//! use intently::analysis::{Analyzer, TokenKind};
//! use intently::Language;
//!
//! let analyzer = Analyzer::new(Language::French);
//! let text = "J’ai réservé l'Hôtel pour 2 nuits 👍";
//! let tokens = analyzer.analyze(text);
//!
//! let texts: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
//! assert_eq!(texts, ["ai", "reserve", "hotel", "pour", "2", "nuits", "👍"]);
//! let stems: Vec<&str> = tokens.iter().map(|t| t.stem.as_str()).collect();
//! assert_eq!(stems, ["ai", "reserv", "hotel", "pour", "2", "nuit", "👍"]);
//!
//! // Every token knows where it came from.
//! assert_eq!(tokens[2].span.slice(text), "Hôtel");
//! assert_eq!(tokens[4].kind, TokenKind::Number);
//!
//! // Whole-string normalization, for comparing phrases.
//! assert_eq!(analyzer.normalize("  L’HÔTEL   Crème "), "l'hotel creme");
//! ```
//!
//! Besides the pipeline, [`shorthand()`] knows the chat short forms of a language (`u`,
//! `wen`, `pls`): the matcher reads an unknown word as the word it stands for.
//!
//! # Diacritic folding, language by language
//!
//! Folding removes the accents that people leave out when they type fast or on a foreign
//! keyboard, so that `creme` finds `crème`. Change the default with
//! [`AnalyzerBuilder::fold_diacritics`].
//!
//! | Language | Folds by default | Notes |
//! |---|---|---|
//! | English, Dutch, French, Italian, Portuguese, Spanish, Romanian, Hungarian | yes | `é è ê ë ç ñ ő ș ț` → base letter; `ñ` → `n` too (`año` meets `ano`: the price of matching people who cannot type `ñ`) |
//! | German | yes | `ä ö ü` → `a o u` (not `ae oe ue`); `ß` → `ss` happens in case folding, always |
//! | Danish, Norwegian, Swedish, Finnish | yes | `å ä ö` → `a a o`, `ø` → `o`, `æ` → `ae` |
//! | Turkish | yes | `ç ğ ş ö ü` → `c g s o u`, dotless `ı` → `i` |
//! | Greek | no | The Greek stemmer removes the tonos itself, so stems still meet |
//! | Russian | no | `й` is not `и`; `ё` → `е` is done anyway, in case folding |
//! | Arabic, Tamil | no | Their marks are spelling, not accents |
//!
//! Only the generic combining diacritics (U+0300–U+036F and their extension blocks) are
//! removed, plus `ø ł đ ħ ŧ ı æ œ`, which have no decomposition. Marks that belong to one script
//! (Devanagari vowel signs, Arabic harakat, Hebrew points) stay even in a folding analyzer.
//!
//! ## Stem first, then fold
//!
//! The Snowball stemmers of French, Spanish, Portuguese, Italian and Romanian know their
//! accented suffixes (`-ées`, `-ción`), so a word is stemmed with its accents and the stem is
//! folded afterwards; a word typed without accents is stemmed as it is. The other stemmers
//! know the letters of their language too, except the English one: it only knows `a` to `z`,
//! and an accent just stops it, so English words are folded first.
//!
//! Measured on the Snowball test vocabularies: of the word pairs that the stemmer puts
//! together, the share that still meet when one of them is typed without accents is, for
//! French, 86% when stemming first and 79% when folding first (Spanish 91% and 85%,
//! Portuguese 97% and 92%, Romanian 89% and 82%); when both are typed with accents, stemming
//! first keeps all of them. The pairs that are lost are those whose suffix the stemmer only
//! knows with its accent: Portuguese `informação` stems to `inform`, `informacao` to
//! `informaca`.
//!
//! # Quirks
//!
//! - Hyphenated words are two tokens (`e-mail` → `e`, `mail`), as UAX #29 says.
//! - Chinese and Japanese ideographs are one token each; Thai, Lao and Khmer runs stay whole,
//!   since UAX #29 has no dictionary.
//! - A token whose normalized text is empty (a lone combining accent in a folding analyzer) is
//!   dropped; NFKC may expand one token into several words (`ﷺ`), which stay one token.
//! - The Greek stemmer of rust-stemmers crashes on a few words (`ισαισα`): they are left
//!   unstemmed. Any other crash of a stemmer is caught too, so the analyzer never panics, but
//!   the panic hook still prints it.
//!
//! # Performance
//!
//! No regular expression, and besides each token's two strings only a few allocations per
//! call. ASCII text skips Unicode normalization, and so does text in the Latin, Greek and
//! Cyrillic letters that NFKC leaves alone. On one core of a 2-core CI machine, a ten-word
//! utterance takes about 5 µs in English, French or German and 6 µs in Russian, about half of
//! it in the Snowball stemmer (whose Greek version is slower: 10 µs).

mod apostrophe;
mod fold;
mod normalize;
mod shorthand;
mod stem;
#[cfg(test)]
mod tests;
mod tokenize;

pub use shorthand::shorthand;
pub use tokenize::{Span, TokenKind, tokenize};

use crate::Language;
use normalize::Normalizer;
use stem::WordStemmer;

/// A token of an utterance, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The normalized form: case folded, apostrophes unified, diacritics folded if the analyzer
    /// folds them. Equal to [`Analyzer::normalize`] of the span's text.
    pub text: String,
    /// The Snowball stem of the word; equal to `text` when stemming is off or the token is not
    /// a word of letters only (numbers, symbols, `5th`).
    pub stem: String,
    /// Whether the token is a word, a number or a symbol.
    pub kind: TokenKind,
    /// Where the token is in the original input.
    pub span: Span,
}

/// The analysis pipeline of one language: tokenize, normalize, stem.
///
/// Cheap to clone, `Send` and `Sync`. See the [module docs](self) for what each stage does.
#[derive(Debug, Clone)]
pub struct Analyzer {
    language: Language,
    normalizer: Normalizer,
    fold_diacritics: bool,
    /// Whether diacritics are folded before stemming rather than after, for a stemmer that
    /// knows no accent.
    fold_before_stemming: bool,
    stemmer: Option<WordStemmer>,
}

impl Analyzer {
    /// The analyzer of `language` with that language's defaults: stemming on, diacritics
    /// folded as the table in the [module docs](self) says.
    pub fn new(language: Language) -> Analyzer {
        Analyzer::builder(language).build()
    }

    /// A builder to change the defaults of `language`.
    ///
    /// ```
    /// use intently::analysis::Analyzer;
    /// use intently::Language;
    ///
    /// let analyzer = Analyzer::builder(Language::Spanish).fold_diacritics(false).build();
    /// assert_eq!(analyzer.normalize("Año"), "año");
    /// ```
    pub fn builder(language: Language) -> AnalyzerBuilder {
        AnalyzerBuilder {
            language,
            fold_diacritics: fold::folds_diacritics_by_default(language),
            stemming: true,
        }
    }

    /// The language of this analyzer.
    pub fn language(&self) -> Language {
        self.language
    }

    /// Whether this analyzer folds diacritics.
    pub fn folds_diacritics(&self) -> bool {
        self.fold_diacritics
    }

    /// Whether this analyzer stems words.
    pub fn stems(&self) -> bool {
        self.stemmer.is_some()
    }

    /// Tokenizes, normalizes and stems `text`. Never fails, never panics.
    pub fn analyze(&self, text: &str) -> Vec<Token> {
        self.analyze_with(text, |_| true)
    }

    /// Like [`analyze`](Self::analyze), but stems only the words for which
    /// `needs_stem(normalized word)` is true; the others keep `stem == text`. Stemming is
    /// half the cost of analysis, and the matcher knows most words by their surface, so it
    /// asks only for the stems of words it has not seen.
    pub fn analyze_with(&self, text: &str, needs_stem: impl Fn(&str) -> bool) -> Vec<Token> {
        let raw = tokenize(text);
        let mut tokens = Vec::with_capacity(raw.len());
        let (mut scratch, mut plain) = (String::new(), String::new());
        for (kind, mut span) in raw {
            if kind == TokenKind::Word {
                span = apostrophe::meaningful_part(self.language, text, span);
            }
            plain.clear();
            self.normalizer
                .normalize_plain(span.slice(text), &mut scratch, &mut plain);
            if plain.is_empty() {
                continue;
            }
            let normalized = self.fold(&plain);
            if normalized.is_empty() {
                continue;
            }
            let stem = match &self.stemmer {
                Some(stemmer)
                    if kind == TokenKind::Word && stem::is_stemmable(&plain) && needs_stem(&normalized) =>
                {
                    let word = if self.fold_before_stemming {
                        &normalized
                    } else {
                        &plain
                    };
                    self.fold(&stemmer.stem(word))
                }
                _ => normalized.clone(),
            };
            tokens.push(Token {
                text: normalized,
                stem,
                kind,
                span,
            });
        }
        tokens
    }

    /// Normalizes a whole string: what [`analyze`](Analyzer::analyze) does to each token, with
    /// whitespace runs collapsed to one space and trimmed at both ends. Punctuation stays.
    ///
    /// Idempotent: `normalize(&normalize(x)) == normalize(x)`.
    pub fn normalize(&self, text: &str) -> String {
        let (mut scratch, mut plain) = (String::new(), String::new());
        self.normalizer.normalize_plain(text, &mut scratch, &mut plain);
        self.fold(&plain)
    }

    /// Stems one normalized word as [`analyze`](Analyzer::analyze) does, diacritics folded
    /// afterwards if the analyzer folds them.
    ///
    /// Give the word with its accents when you have them (from a non-folding analyzer's
    /// [`normalize`](Analyzer::normalize)): the stemmer knows accented suffixes. A word with
    /// digits or without letters comes back as it is (folded).
    ///
    /// ```
    /// use intently::analysis::Analyzer;
    /// use intently::Language;
    ///
    /// let en = Analyzer::new(Language::English);
    /// assert_eq!(en.stem("bookings"), "book");
    /// assert_eq!(en.stem("5th"), "5th");
    /// ```
    pub fn stem(&self, normalized_word: &str) -> String {
        match &self.stemmer {
            Some(stemmer) if stem::is_stemmable(normalized_word) => {
                if self.fold_before_stemming {
                    self.fold(&stemmer.stem(&self.fold(normalized_word)))
                } else {
                    self.fold(&stemmer.stem(normalized_word))
                }
            }
            _ => self.fold(normalized_word),
        }
    }

    /// `text` with its diacritics folded if this analyzer folds them.
    fn fold(&self, text: &str) -> String {
        if !self.fold_diacritics {
            return text.to_owned();
        }
        let mut out = String::with_capacity(text.len());
        fold::fold_diacritics(text, &mut out);
        out
    }
}

/// Builds an [`Analyzer`] with other settings than its language's defaults.
#[derive(Debug, Clone)]
pub struct AnalyzerBuilder {
    language: Language,
    fold_diacritics: bool,
    stemming: bool,
}

impl AnalyzerBuilder {
    /// Whether to fold diacritics (`café` → `cafe`); the default depends on the language, see
    /// the table in the [module docs](self).
    #[must_use]
    pub fn fold_diacritics(mut self, yes: bool) -> Self {
        self.fold_diacritics = yes;
        self
    }

    /// Whether to stem words (`booking` → `book`); on by default.
    #[must_use]
    pub fn stemming(mut self, yes: bool) -> Self {
        self.stemming = yes;
        self
    }

    /// The analyzer.
    pub fn build(self) -> Analyzer {
        Analyzer {
            language: self.language,
            normalizer: Normalizer::new(self.language),
            fold_diacritics: self.fold_diacritics,
            fold_before_stemming: self.fold_diacritics && !stem::knows_accents(self.language),
            stemmer: self.stemming.then(|| WordStemmer::new(self.language)),
        }
    }
}
