//! The features of a token in its sentence, as 64-bit keys.
//!
//! A feature is a template (the word, its suffix, the word before…) applied to a token; its
//! key is a hash of the template and the strings it looks at, so that no string is kept or
//! allocated. Keys are well mixed, so their low bits index the lookup table directly.
//!
//! | templates | what they look at |
//! | --- | --- |
//! | bias | nothing: the prior of each label |
//! | word, stem | the token's normalized text and Snowball stem |
//! | prefixes, suffixes | the first 1–3 and last 1–4 characters of the normalized text |
//! | shape, short shape, case | the raw text: `Xxxx`, `dd.dd`, `Xx`; title case, caps, digits, length |
//! | words at ±1, ±2; stems and shapes at ±1 | the neighbours, with padding at the edges |
//! | bigrams | previous + current, current + next, the two before, the two after; the three shapes |
//! | gazetteer | first, inside or last token of a known value, or just before or after one |
//!
//! Gazetteer features name the entity of the match (typo matches apart), which may be any
//! entity the gazetteer knows (`sys.number`…), tagged or not.

use crate::analysis::{Token, TokenKind};
use crate::entity::EntityMatch;

/// Where a feature comes from: the token's context, the token's own word, or the gazetteer
/// match of that index. Training hides some of the last two, so that the model learns the
/// contexts of values and does not lean on words and known values alone.
pub(super) const FROM_CONTEXT: u32 = u32::MAX;
/// See [`FROM_CONTEXT`].
pub(super) const FROM_WORD: u32 = u32::MAX - 1;

// Template identifiers; any distinct values.
const BIAS: u64 = 1;
const WORD: u64 = 2;
const STEM: u64 = 3;
const SHAPE: u64 = 4;
const SHORT_SHAPE: u64 = 5;
const CASE: u64 = 6;
const PREFIX: [u64; 3] = [7, 8, 9];
const SUFFIX: [u64; 4] = [10, 11, 12, 13];
const WORD_AT: [u64; 4] = [14, 15, 16, 17]; // -2, -1, +1, +2
const STEM_BEFORE: u64 = 18;
const STEM_AFTER: u64 = 19;
const SHAPE_BEFORE: u64 = 20;
const SHAPE_AFTER: u64 = 21;
const BIGRAM_BEFORE: u64 = 22; // w-1 w0
const BIGRAM_AFTER: u64 = 23; // w0 w+1
const BIGRAM_TWO_BEFORE: u64 = 24; // w-2 w-1
const BIGRAM_TWO_AFTER: u64 = 25; // w+1 w+2
const SHAPES_AROUND: u64 = 26; // s-1 s0 s+1
const GAZ_BEGIN: u64 = 30;
const GAZ_INSIDE: u64 = 31;
const GAZ_LAST: u64 = 32;
const GAZ_NEXT: u64 = 33; // the next token begins a value
const GAZ_PREVIOUS: u64 = 34; // the previous token ends a value

/// Padding words before the first token and after the last one.
const PAD_BEFORE: [u64; 2] = [0x5A17_0000_0000_0001, 0x5A17_0000_0000_0002];
const PAD_AFTER: [u64; 2] = [0x5A17_0000_0000_0003, 0x5A17_0000_0000_0004];

/// The murmur3 64-bit finalizer: spreads every input bit over the output.
pub(super) fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^= h >> 33;
    h = h.wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    h ^ (h >> 33)
}

/// FNV-1a of some bytes, continuing from `h`.
fn fnv(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3);
    }
    h
}

const FNV_START: u64 = 0xCBF2_9CE4_8422_2325;

/// The hash of a string.
pub(super) fn hash_str(s: &str) -> u64 {
    mix(fnv(FNV_START, s.as_bytes()))
}

/// The key of `template` applied to one hashed value.
fn key(template: u64, a: u64) -> u64 {
    mix(a ^ template.wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// The key of `template` applied to two hashed values (order matters).
fn key2(template: u64, a: u64, b: u64) -> u64 {
    mix(key(template, a) ^ b.rotate_left(17).wrapping_mul(0xD6E8_FEB8_6659_FD93))
}

/// What features need of one token, hashed once.
#[derive(Debug, Clone, Copy)]
struct Hashed {
    word: u64,
    stem: u64,
    shape: u64,
    short_shape: u64,
}

fn hashed(text: &str, token: &Token) -> Hashed {
    let raw = token.span.slice(text);
    let (shape, short_shape) = shapes(raw);
    Hashed {
        word: hash_str(&token.text),
        stem: hash_str(&token.stem),
        shape,
        short_shape,
    }
}

/// The class of a character in a word shape.
fn shape_class(c: char) -> u8 {
    if c.is_uppercase() {
        b'X'
    } else if c.is_lowercase() || c.is_alphabetic() {
        b'x'
    } else if c.is_numeric() {
        b'd'
    } else if c.is_ascii_punctuation() {
        c as u8
    } else {
        b'o'
    }
}

/// The hashes of the shape (`Xxxx`: runs capped at four) and short shape (`Xx`: runs of one)
/// of a raw token text.
fn shapes(raw: &str) -> (u64, u64) {
    let (mut long, mut short) = (FNV_START, FNV_START);
    let (mut last, mut run) = (0u8, 0u32);
    for c in raw.chars() {
        let class = shape_class(c);
        if class == last {
            run = run.saturating_add(1);
        } else {
            last = class;
            run = 1;
            short = fnv(short, &[class]);
        }
        if run <= 4 {
            long = fnv(long, &[class]);
        }
    }
    (mix(long), mix(short))
}

/// Case and content flags of a raw token: title case, all caps, has a digit, kind.
fn case_flags(raw: &str, kind: TokenKind) -> u64 {
    let mut chars = raw.chars();
    let first_upper = chars.next().is_some_and(char::is_uppercase);
    let rest_lower = chars.clone().all(|c| !c.is_uppercase());
    let all_upper =
        raw.chars().any(char::is_alphabetic) && raw.chars().all(|c| !c.is_alphabetic() || c.is_uppercase());
    let digit = raw.chars().any(|c| c.is_ascii_digit());
    let kind = match kind {
        TokenKind::Word => 0,
        TokenKind::Number => 1,
        TokenKind::Symbol => 2,
    };
    u64::from(first_upper && rest_lower)
        | u64::from(all_upper) << 1
        | u64::from(digit) << 2
        | kind << 3
        | u64::from(raw.chars().count().min(8) as u8) << 5
}

/// The first `n` characters of `s` (all of it if it is shorter).
fn prefix(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// The last `n` characters of `s` (all of it if it is shorter).
fn suffix(s: &str, n: usize) -> &str {
    let count = s.chars().count();
    if count <= n {
        return s;
    }
    match s.char_indices().nth(count - n) {
        Some((i, _)) => &s[i..],
        None => s,
    }
}

/// The range of tokens a gazetteer match covers: those entirely inside its span.
pub(super) fn covered(tokens: &[Token], m: &EntityMatch) -> Option<(usize, usize)> {
    let first = tokens.partition_point(|t| t.span.char_start < m.span.char_start);
    let end = tokens.partition_point(|t| t.span.char_end <= m.span.char_end);
    let last = end.checked_sub(1)?;
    (first <= last && last < tokens.len()).then_some((first, last))
}

/// Calls `emit(token, key, source)` for every feature of every token of a sentence: first the
/// features of the token and its context, token by token (the bias first; `source` is
/// [`FROM_WORD`] or [`FROM_CONTEXT`]), then the gazetteer features, match by match (`source`
/// is the index of the match in `gazetteer`).
pub(super) fn for_each_feature(
    text: &str,
    tokens: &[Token],
    gazetteer: &[EntityMatch],
    mut emit: impl FnMut(usize, u64, u32),
) {
    let hashes: Vec<Hashed> = tokens.iter().map(|t| hashed(text, t)).collect();
    let n = hashes.len();
    let word_at = |i: usize, offset: isize| -> u64 {
        match i.checked_add_signed(offset) {
            Some(j) if j < n => hashes[j].word,
            _ if offset < 0 => PAD_BEFORE[(offset.unsigned_abs() - 1).min(1)],
            _ => PAD_AFTER[(offset.unsigned_abs() - 1).min(1)],
        }
    };
    let pick = |i: usize, offset: isize, f: fn(&Hashed) -> u64| -> u64 {
        match i.checked_add_signed(offset) {
            Some(j) if j < n => f(&hashes[j]),
            _ if offset < 0 => PAD_BEFORE[1],
            _ => PAD_AFTER[0],
        }
    };
    for (i, (h, token)) in hashes.iter().zip(tokens).enumerate() {
        emit(i, key(BIAS, 0), FROM_CONTEXT);
        emit(i, key(WORD, h.word), FROM_WORD);
        emit(i, key(STEM, h.stem), FROM_WORD);
        for (len, template) in PREFIX.iter().enumerate() {
            emit(
                i,
                key(*template, hash_str(prefix(&token.text, len + 1))),
                FROM_WORD,
            );
        }
        for (len, template) in SUFFIX.iter().enumerate() {
            emit(
                i,
                key(*template, hash_str(suffix(&token.text, len + 1))),
                FROM_WORD,
            );
        }
        let mut put = |k: u64| emit(i, k, FROM_CONTEXT);
        put(key(SHAPE, h.shape));
        put(key(SHORT_SHAPE, h.short_shape));
        put(key(CASE, case_flags(token.span.slice(text), token.kind)));
        let (w2, w1, w0, n1, n2) = (
            word_at(i, -2),
            word_at(i, -1),
            h.word,
            word_at(i, 1),
            word_at(i, 2),
        );
        for (template, w) in WORD_AT.iter().zip([w2, w1, n1, n2]) {
            put(key(*template, w));
        }
        put(key(STEM_BEFORE, pick(i, -1, |h| h.stem)));
        put(key(STEM_AFTER, pick(i, 1, |h| h.stem)));
        let (s1, s0, t1) = (
            pick(i, -1, |h| h.short_shape),
            h.short_shape,
            pick(i, 1, |h| h.short_shape),
        );
        put(key(SHAPE_BEFORE, s1));
        put(key(SHAPE_AFTER, t1));
        put(key2(SHAPES_AROUND, key2(0, s1, s0), t1));
        put(key2(BIGRAM_BEFORE, w1, w0));
        put(key2(BIGRAM_AFTER, w0, n1));
        put(key2(BIGRAM_TWO_BEFORE, w2, w1));
        put(key2(BIGRAM_TWO_AFTER, n1, n2));
    }
    for (source, m) in gazetteer.iter().enumerate() {
        let Some((first, last)) = covered(tokens, m) else {
            continue;
        };
        let source = u32::try_from(source).unwrap_or(FROM_WORD - 1).min(FROM_WORD - 1);
        let name = key(u64::from(m.score < 1.0), hash_str(&m.entity));
        emit(first, key(GAZ_BEGIN, name), source);
        for t in first + 1..=last {
            emit(t, key(GAZ_INSIDE, name), source);
        }
        emit(last, key(GAZ_LAST, name), source);
        if let Some(before) = first.checked_sub(1) {
            emit(before, key(GAZ_NEXT, name), source);
        }
        if last + 1 < n {
            emit(last + 1, key(GAZ_PREVIOUS, name), source);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_cap_runs_and_collapse() {
        assert_eq!(shapes("Romántica"), shapes("Cumbia"));
        assert_ne!(shapes("Romántica").0, shapes("Rom").0);
        assert_eq!(shapes("Romántica").1, shapes("Rom").1);
        assert_eq!(shapes("12.04").1, shapes("9.10").1);
        assert_ne!(shapes("12.04").1, shapes("1204").1);
    }

    #[test]
    fn prefixes_and_suffixes_count_characters() {
        assert_eq!(prefix("añob", 2), "añ");
        assert_eq!(suffix("añob", 3), "ñob");
        assert_eq!(suffix("ab", 3), "ab");
        assert_eq!(prefix("", 1), "");
    }
}
