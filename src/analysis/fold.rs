//! Diacritic folding: the stage that makes `creme` find `crème`.
//!
//! It runs on text that [normalization](super::normalize) has already case folded and
//! composed, and after stemming except in English (the [module docs](super) say why).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::decompose_canonical;

use super::normalize::Sink;
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

/// Step 2 of normalization, appended to `out`: the text without its diacritics.
///
/// Only the generic combining diacritics (U+0300–U+036F and their extension blocks) are
/// removed, the accents of the Latin, Greek and Cyrillic scripts. Marks that belong to one
/// script, such as Devanagari vowel signs, Arabic harakat or Hebrew points, are spelling and
/// stay: an English analyzer that meets a Hindi word leaves it readable.
pub(crate) fn fold_diacritics(text: &str, out: &mut String) {
    if text.is_ascii() {
        out.push_str(text);
        return;
    }
    let start = out.len();
    if !fold_latin_quickly(text, out) {
        out.truncate(start);
        fold_slowly(text, out);
    }
}

/// Diacritic folding by the book: NFD, diacritics removed, NFC.
fn fold_slowly(text: &str, out: &mut String) {
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

/// Diacritic folding of text whose letters all decompose into a letter below U+0300 and
/// diacritics, about ten times faster than [`fold_slowly`], with the same result. Returns
/// `false`, having written part of the text, at the first character it cannot fold.
///
/// The result is NFC without recomposing: it only has characters below U+0300 that have no
/// decomposition, and no two of them compose.
fn fold_latin_quickly(text: &str, out: &mut String) -> bool {
    let mut sink = Sink::new(out);
    for c in text.chars() {
        if c.is_ascii() {
            sink.push(c);
            continue;
        }
        let (mut base, mut only_diacritics) = (None, true);
        decompose_canonical(c, |d| match base {
            None => base = Some(d),
            Some(_) => only_diacritics &= is_diacritic(d),
        });
        match base {
            // A diacritic with nothing to sit on.
            Some(b) if is_diacritic(b) && only_diacritics => {}
            Some(b) if b < '\u{0300}' && only_diacritics => fold_letter(b).for_each(|l| sink.push(l)),
            _ => return false,
        }
    }
    true
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

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(text: &str) -> String {
        let mut out = String::new();
        fold_diacritics(text, &mut out);
        out
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
    fn quick_folding_agrees_with_the_slow_one() {
        let ranges = [
            0..0x3400_u32,
            0xA000..0xAC00,
            0xF900..0x1_0000,
            0x1_0000..0x2_0000,
        ];
        let (mut input, mut quick, mut slow) = (String::new(), String::new(), String::new());
        for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
            for (before, after) in [("", ""), ("a", "\u{301}"), ("é ", "\u{323}"), ("\u{301}", "ç")] {
                input.clear();
                input.extend([before, &c.to_string(), after]);
                quick.clear();
                if fold_latin_quickly(&input, &mut quick) {
                    slow.clear();
                    fold_slowly(&input, &mut slow);
                    assert_eq!(quick, slow, "help: quick folding is wrong on {input:?}");
                }
            }
        }
        assert!(fold_latin_quickly("çà et là", &mut quick));
        assert!(!fold_latin_quickly("ёлка", &mut quick));
    }

    #[test]
    fn defaults_keep_meaningful_marks() {
        assert!(folds_diacritics_by_default(Language::French));
        assert!(folds_diacritics_by_default(Language::German));
        assert!(!folds_diacritics_by_default(Language::Russian));
        assert!(!folds_diacritics_by_default(Language::Greek));
    }
}
