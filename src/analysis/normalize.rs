//! Normalization: the stage that makes two spellings of the same word equal.
//!
//! It runs in two steps, so that the stemmer can see a word with its accents while the tokens
//! still come out folded:
//!
//! 1. [`Normalizer::normalize_plain`]: apostrophes and dashes unified, invisible format
//!    characters dropped, NFKC (fullwidth letters, ligatures, superscripts), full case folding
//!    (with the language's special cases), NFKC again, whitespace collapsed and trimmed.
//! 2. [`fold_diacritics`]: NFD, the generic combining diacritics removed, a few letters that
//!    have no decomposition spelled plainly (`ø`, `ł`, `æ`, …), NFC.
//!
//! Both steps are idempotent, and so is their composition; the property tests in
//! `analysis::tests` check it on arbitrary Unicode.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

use crate::Language;

/// Whether a language folds diacritics unless its analyzer says otherwise; the table in the
/// [module docs](super) explains each choice.
pub(crate) fn folds_diacritics_by_default(language: Language) -> bool {
    match language {
        // The marks are letters here: Russian й is not и, Arabic harakat and Tamil vowel signs
        // are spelling. Greek users do drop the tonos, but the Greek stemmer removes it itself.
        Language::Arabic | Language::Greek | Language::Russian | Language::Tamil => false,
        Language::Danish
        | Language::Dutch
        | Language::English
        | Language::Finnish
        | Language::French
        | Language::German
        | Language::Hungarian
        | Language::Italian
        | Language::Norwegian
        | Language::Portuguese
        | Language::Romanian
        | Language::Spanish
        | Language::Swedish
        | Language::Turkish => true,
    }
}

/// The language-dependent part of step 1 (case folding rules).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Normalizer {
    /// Turkish dotted and dotless i: `I` → `ı`, `İ` → `i`.
    turkic: bool,
    /// Russian `ё` → `е`, as most Russian text is written.
    russian: bool,
}

impl Normalizer {
    /// The normalizer for `language`.
    pub(crate) fn new(language: Language) -> Normalizer {
        Normalizer {
            turkic: language == Language::Turkish,
            russian: language == Language::Russian,
        }
    }

    /// Step 1 of normalization (everything but diacritic folding), appended to `out`.
    ///
    /// `scratch` is a buffer the caller may reuse between calls to save allocations.
    pub(crate) fn normalize_plain(&self, text: &str, scratch: &mut String, out: &mut String) {
        let mut sink = Sink::new(out);
        if text.is_ascii() {
            // NFKC is the identity on ASCII and no ASCII letter folds to two letters.
            for c in text.chars() {
                let c = premap(c).unwrap_or(' ');
                sink.push(if self.turkic && c == 'I' {
                    'ı'
                } else {
                    c.to_ascii_lowercase()
                });
            }
            return;
        }
        scratch.clear();
        for c in text.chars().filter_map(premap).nfkc() {
            self.case_fold(c, scratch);
        }
        // Case folding can undo NFKC: `J̌` lowers to `j` + caron, which composes to `ǰ`.
        if is_nfkc_quick(scratch.chars()) == IsNormalized::Yes {
            scratch.chars().for_each(|c| sink.push(c));
        } else {
            scratch.chars().nfkc().for_each(|c| sink.push(c));
        }
    }

    /// Full case folding of one character, as far as `char::to_lowercase` and a few special
    /// cases take it.
    fn case_fold(&self, c: char, out: &mut String) {
        match c {
            'I' if self.turkic => out.push('ı'),
            _ if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            'ß' | 'ẞ' => out.push_str("ss"),
            'ς' => out.push('σ'),
            // Full folding gives `i` + combining dot above; the dot means nothing once the
            // letter is lowercase, so every language follows the Turkic rule here.
            'İ' => out.push('i'),
            'ё' | 'Ё' if self.russian => out.push('е'),
            _ => out.extend(c.to_lowercase()),
        }
    }
}

/// Step 2 of normalization, appended to `out`: the text without its diacritics.
///
/// Only the generic combining diacritics (U+0300–U+036F and their extension blocks) are
/// removed, the accents of the Latin, Greek and Cyrillic scripts. Marks that belong to one
/// script, such as Devanagari vowel signs, Arabic harakat or Hebrew points, are spelling and
/// stay: an English analyzer that meets a Hindi word leaves it readable.
pub(crate) fn fold_diacritics(text: &str, out: &mut String) {
    if text.bytes().all(|b| b < 0xC0) {
        // Nothing below U+00C0 decomposes (ASCII, and the first UTF-8 bytes of U+0080–U+00BF).
        out.push_str(text);
        return;
    }
    // Removing a mark can leave two spaces side by side (`a ¨ b` is `a`, space, mark, …).
    let mut sink = Sink::new(out);
    for c in text
        .nfd()
        .filter(|&c| !is_diacritic(c))
        .flat_map(fold_letter)
        .nfc()
    {
        sink.push(c);
    }
}

/// Whether `c` is a generic combining diacritic, removed by diacritic folding.
fn is_diacritic(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'..='\u{036F}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{FE20}'..='\u{FE2F}'
    )
}

/// Letters that carry a diacritic but have no canonical decomposition, spelled plainly.
fn fold_letter(c: char) -> Letters {
    match c {
        'ø' => Letters::one('o'),
        'ł' => Letters::one('l'),
        'đ' => Letters::one('d'),
        'ħ' => Letters::one('h'),
        'ŧ' => Letters::one('t'),
        'ı' => Letters::one('i'),
        'æ' => Letters::two('a', 'e'),
        'œ' => Letters::two('o', 'e'),
        _ => Letters::one(c),
    }
}

/// One or two characters, as an iterator (no allocation).
struct Letters {
    chars: [char; 2],
    next: usize,
    len: usize,
}

impl Letters {
    fn one(c: char) -> Letters {
        Letters {
            chars: [c, c],
            next: 0,
            len: 1,
        }
    }

    fn two(a: char, b: char) -> Letters {
        Letters {
            chars: [a, b],
            next: 0,
            len: 2,
        }
    }
}

impl Iterator for Letters {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        if self.next >= self.len {
            return None;
        }
        self.next += 1;
        self.chars.get(self.next - 1).copied()
    }
}

/// The characters that are read as an apostrophe.
pub(crate) fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '`'
            | '\u{00B4}' // ´ acute accent, which many keyboards put where ' should be
            | '\u{02BC}' // ʼ modifier letter apostrophe
            | '\u{2018}'
            | '\u{2019}'
            | '\u{201B}'
            | '\u{2032}' // ′ prime
            | '\u{FF07}' // fullwidth apostrophe
    )
}

/// The characters that are read as a hyphen-minus.
fn is_dash(c: char) -> bool {
    matches!(
        c,
        '\u{2010}'..='\u{2015}' | '\u{2043}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}'
    )
}

/// Invisible characters that only steer rendering: soft hyphen, zero-width space, word joiner,
/// byte order mark and the bidirectional controls. Zero-width (non-)joiners stay, since emoji
/// sequences and Persian or Indic spelling need them.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// The character-level mapping done before NFKC (which would turn `´` into a space and a
/// combining accent): `None` drops the character.
fn premap(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(match c {
            '`' => '\'',
            c if c.is_ascii_control() => ' ',
            c => c,
        });
    }
    if is_apostrophe(c) {
        Some('\'')
    } else if is_dash(c) {
        Some('-')
    } else if is_invisible(c) {
        None
    } else if c.is_control() {
        Some(' ')
    } else {
        Some(c)
    }
}

/// The end of step 1: collapses whitespace, trims it at both ends, and unifies the apostrophes
/// and dashes that NFKC may have produced (`ŉ` becomes `ʼn`).
struct Sink<'a> {
    out: &'a mut String,
    wrote: bool,
    space: bool,
}

impl<'a> Sink<'a> {
    fn new(out: &'a mut String) -> Sink<'a> {
        Sink {
            out,
            wrote: false,
            space: false,
        }
    }

    fn push(&mut self, c: char) {
        if c.is_whitespace() {
            self.space = self.wrote;
            return;
        }
        if self.space {
            self.out.push(' ');
            self.space = false;
        }
        self.wrote = true;
        self.out.push(if is_apostrophe(c) {
            '\''
        } else if is_dash(c) {
            '-'
        } else {
            c
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(language: Language, text: &str) -> String {
        let (mut scratch, mut out) = (String::new(), String::new());
        Normalizer::new(language).normalize_plain(text, &mut scratch, &mut out);
        out
    }

    fn folded(text: &str) -> String {
        let mut out = String::new();
        fold_diacritics(text, &mut out);
        out
    }

    #[test]
    fn case_folding_goes_beyond_lowercase() {
        let en = Language::English;
        assert_eq!(plain(en, "Straße STRASSE ẞ"), "strasse strasse ss");
        assert_eq!(plain(en, "ΟΔΟΣ οδός"), "οδοσ οδόσ");
        assert_eq!(plain(en, "ＦＵＬＬ ﬁne ℌ ²"), "full fine h 2");
        assert_eq!(plain(en, "İstanbul"), "istanbul");
    }

    #[test]
    fn turkish_and_russian_have_their_own_rules() {
        assert_eq!(plain(Language::Turkish, "IRMAK İzmir"), "ırmak izmir");
        assert_eq!(plain(Language::English, "IRMAK"), "irmak");
        assert_eq!(plain(Language::Russian, "Ёлка ещё"), "елка еще");
        assert_eq!(plain(Language::English, "ёлка"), "ёлка");
    }

    #[test]
    fn apostrophes_dashes_and_whitespace_are_unified() {
        let en = Language::English;
        assert_eq!(plain(en, "don’t don`t donʼt don´t"), "don't don't don't don't");
        assert_eq!(plain(en, "a–b—c−d"), "a-b-c-d");
        assert_eq!(plain(en, "  two \t\n\u{3000} words \u{0} "), "two words");
        assert_eq!(plain(en, "soft\u{AD}hyphen\u{200B}"), "softhyphen");
        assert_eq!(plain(en, ""), "");
    }

    #[test]
    fn composition_is_restored_after_case_folding() {
        assert_eq!(plain(Language::English, "J\u{30C}"), "\u{1F0}");
        assert_eq!(plain(Language::English, "e\u{301}"), "é");
    }

    #[test]
    fn diacritic_folding_drops_accents_only() {
        assert_eq!(folded("crème brûlée"), "creme brulee");
        assert_eq!(folded("ñandú ç ő ș ă"), "nandu c o s a");
        assert_eq!(folded("øl łódź æble œuf ı"), "ol lodz aeble oeuf i");
        assert_eq!(folded("ä\u{301}\u{301}"), "a");
        assert_eq!(folded("a \u{308} \u{308}"), "a");
        // Script-specific marks are spelling.
        assert_eq!(folded("हिन्दी"), "हिन्दी");
        assert_eq!(folded("한국어"), "한국어");
    }

    #[test]
    fn defaults_keep_meaningful_marks() {
        assert!(folds_diacritics_by_default(Language::French));
        assert!(folds_diacritics_by_default(Language::German));
        assert!(!folds_diacritics_by_default(Language::Russian));
        assert!(!folds_diacritics_by_default(Language::Greek));
    }

    /// Every single character (and it followed by a combining mark) normalizes to a fixed
    /// point; proptest rarely finds the few characters where this can go wrong.
    #[test]
    fn every_character_normalizes_idempotently() {
        let normalizer = Normalizer::new(Language::English);
        let (mut scratch, mut once, mut twice, mut input) =
            (String::new(), String::new(), String::new(), String::new());
        for c in (0..=0x10FFFF_u32).filter_map(char::from_u32) {
            for suffix in ["", "\u{301}"] {
                input.clear();
                input.push(c);
                input.push_str(suffix);
                once.clear();
                normalizer.normalize_plain(&input, &mut scratch, &mut once);
                twice.clear();
                normalizer.normalize_plain(&once, &mut scratch, &mut twice);
                assert_eq!(once, twice, "help: step 1 is not idempotent on {input:?}");
                let (mut f1, mut f2, mut f3) = (String::new(), String::new(), String::new());
                fold_diacritics(&once, &mut f1);
                normalizer.normalize_plain(&f1, &mut scratch, &mut f2);
                fold_diacritics(&f2, &mut f3);
                assert_eq!(f1, f3, "help: steps 1+2 are not idempotent on {input:?}");
            }
        }
    }
}
