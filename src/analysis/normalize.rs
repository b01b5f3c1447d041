//! Normalization: the stage that makes two spellings of the same word equal.
//!
//! It runs in two steps, so that the stemmer can see a word with its accents while the tokens
//! still come out folded:
//!
//! 1. [`Normalizer::normalize_plain`]: apostrophes and dashes unified, invisible format
//!    characters dropped, NFKC (fullwidth letters, ligatures, superscripts), full case folding
//!    (with the language's special cases), NFKC again, whitespace collapsed and trimmed.
//! 2. [`fold_diacritics`](super::fold::fold_diacritics), in `fold.rs`: the diacritics
//!    removed.
//!
//! Both steps are idempotent, and so is their composition; the property tests in
//! `analysis::tests` check it on arbitrary Unicode.

use unicode_normalization::UnicodeNormalization;

use crate::Language;

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
    pub(crate) fn normalize_plain(self, text: &str, scratch: &mut String, out: &mut String) {
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
        if text.chars().filter_map(premap).all(is_stable) {
            text.chars()
                .filter_map(premap)
                .for_each(|c| self.case_fold(c, scratch));
        } else {
            for c in text.chars().filter_map(premap).nfkc() {
                self.case_fold(c, scratch);
            }
        }
        // Case folding can undo NFKC: `J̌` lowers to `j` + caron, which composes to `ǰ`.
        if scratch.chars().all(is_stable) {
            scratch.chars().for_each(|c| sink.push(c));
        } else {
            scratch.chars().nfkc().for_each(|c| sink.push(c));
        }
    }

    /// Full case folding of one character, as far as `char::to_lowercase` and a few special
    /// cases take it.
    fn case_fold(self, c: char, out: &mut String) {
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

/// Whether NFKC leaves `c` alone wherever it stands: it has no decomposition, it is a starter
/// (combining class 0), and nothing composes with it as a second character. Text made of such
/// characters is NFKC already, so the common scripts skip the normalization passes, which cost
/// about 20 ns a character. A test checks the ranges against the Unicode tables.
fn is_stable(c: char) -> bool {
    matches!(
        c,
        '\u{0}'..='\u{9F}'
            | '\u{A1}'..='\u{A7}'
            | '\u{A9}'
            | '\u{AB}'..='\u{AE}'
            | '\u{B0}'..='\u{B1}'
            | '\u{B6}'..='\u{B7}'
            | '\u{BB}'
            | '\u{BF}'..='\u{131}' // Latin-1 letters, Latin Extended-A
            | '\u{134}'..='\u{13E}'
            | '\u{141}'..='\u{148}'
            | '\u{14A}'..='\u{17E}'
            | '\u{180}'..='\u{1C3}' // Latin Extended-B
            | '\u{1CD}'..='\u{1F0}'
            | '\u{1F4}'..='\u{2AF}' // … and IPA
            | '\u{386}'
            | '\u{388}'..='\u{3CE}' // Greek
            | '\u{400}'..='\u{482}' // Cyrillic
            | '\u{48A}'..='\u{52F}'
            | '\u{2016}'
            | '\u{2018}'..='\u{2023}' // quotes, daggers, bullets
            | '\u{2030}'
            | '\u{20A0}'..='\u{20A7}' // currency signs
            | '\u{20A9}'..='\u{20C0}'
    )
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

/// Where the normalized characters go, at the end of both steps: collapses whitespace, trims it
/// at both ends, and unifies the apostrophes and dashes that NFKC may have produced (`ŉ`
/// becomes `ʼn`).
pub(super) struct Sink<'a> {
    out: &'a mut String,
    wrote: bool,
    space: bool,
}

impl<'a> Sink<'a> {
    pub(super) fn new(out: &'a mut String) -> Sink<'a> {
        Sink {
            out,
            wrote: false,
            space: false,
        }
    }

    pub(super) fn push(&mut self, c: char) {
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
    use crate::analysis::fold::fold_diacritics;

    fn plain(language: Language, text: &str) -> String {
        let (mut scratch, mut out) = (String::new(), String::new());
        Normalizer::new(language).normalize_plain(text, &mut scratch, &mut out);
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
    fn stable_characters_are_left_alone_by_nfkc() {
        use unicode_normalization::char::canonical_combining_class;
        use unicode_normalization::{IsNormalized, is_nfkc_quick};
        for c in (0..=0x10FFFF_u32)
            .filter_map(char::from_u32)
            .filter(|&c| is_stable(c))
        {
            assert_eq!(canonical_combining_class(c), 0, "help: {c:?} is not a starter");
            assert_eq!(
                is_nfkc_quick(std::iter::once(c)),
                IsNormalized::Yes,
                "help: NFKC may change {c:?} (U+{:04X})",
                u32::from(c)
            );
        }
    }

    /// Every character, alone and followed by a combining accent, normalizes to a fixed point
    /// in step 1 and in steps 1 and 2; proptest rarely finds the few characters where this can
    /// go wrong. The CJK ideographs, Hangul syllables and the planes above the first are left
    /// out, to keep the test fast.
    #[test]
    fn every_character_normalizes_idempotently() {
        let ranges = [
            0..0x3400_u32,
            0xA000..0xAC00,
            0xD7A4..0xD800,
            0xF900..0x1_0000,
            0x1_0000..0x2_0000,
        ];
        let (mut scratch, mut input) = (String::new(), String::new());
        let (mut once, mut twice, mut folded, mut again) =
            (String::new(), String::new(), String::new(), String::new());
        for language in [Language::English, Language::Turkish, Language::Russian] {
            let normalizer = Normalizer::new(language);
            let mut normalize = |text: &str, out: &mut String| {
                out.clear();
                normalizer.normalize_plain(text, &mut scratch, out);
            };
            for c in ranges.iter().cloned().flatten().filter_map(char::from_u32) {
                for suffix in ["", "\u{301}"] {
                    input.clear();
                    input.push(c);
                    input.push_str(suffix);
                    normalize(&input, &mut once);
                    normalize(&once, &mut twice);
                    assert_eq!(
                        once, twice,
                        "help: step 1 is not idempotent on {input:?} in {language}"
                    );
                    folded.clear();
                    fold_diacritics(&once, &mut folded);
                    normalize(&folded, &mut twice);
                    again.clear();
                    fold_diacritics(&twice, &mut again);
                    assert_eq!(
                        folded, again,
                        "help: steps 1 and 2 are not idempotent on {input:?} in {language}"
                    );
                }
            }
        }
    }
}
