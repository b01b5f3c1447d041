//! The term dictionary: an fst mapping each term to its ordinal, document frequencies in a
//! side table, and typo-tolerant lookup with a Levenshtein automaton run over the fst.

use std::collections::BTreeMap;

use fst::{Automaton, IntoStreamer, Map, Streamer};

use super::format::{Reader, Writer};
use crate::error::ModelError;

/// Terms shorter than this (in characters) are never looked up with typos.
pub const FUZZY_MIN_CHARS: usize = 4;
/// Terms at least this long (in characters) may be 2 edits away; shorter ones 1.
pub const FUZZY_TWO_EDITS_CHARS: usize = 8;
/// Longest term (in bytes) looked up with typos; longer tokens are rarely typos of a word.
const FUZZY_MAX_BYTES: usize = 32;

/// Terms and their ordinals; ordinals follow the terms' byte order.
#[derive(Clone)]
pub(crate) struct Vocabulary {
    map: Map<Vec<u8>>,
    /// How many examples hold each term, by ordinal.
    pub df: Vec<u32>,
    /// Whether every term is ASCII.
    ascii: bool,
}

impl std::fmt::Debug for Vocabulary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vocabulary")
            .field("terms", &self.df.len())
            .finish()
    }
}

impl Vocabulary {
    /// Builds the fst from terms and their document frequencies.
    pub fn build(terms: &BTreeMap<String, u32>) -> Vocabulary {
        // Keys come sorted and unique from the BTreeMap, so building cannot fail.
        let map = Map::from_iter(terms.keys().enumerate().map(|(i, t)| (t.as_bytes(), i as u64)))
            .unwrap_or_default();
        Vocabulary {
            map,
            df: terms.values().copied().collect(),
            ascii: terms.keys().all(|t| t.is_ascii()),
        }
    }

    /// How many terms there are.
    pub fn len(&self) -> usize {
        self.df.len()
    }

    /// The ordinal of a term.
    pub fn get(&self, term: &str) -> Option<u32> {
        self.map.get(term).map(|o| o as u32)
    }

    /// The term of an ordinal (slow: walks the fst; for explanations only).
    pub fn term(&self, ordinal: u32) -> Option<String> {
        let mut stream = self.map.stream();
        while let Some((key, o)) = stream.next() {
            if o == u64::from(ordinal) {
                return Some(String::from_utf8_lossy(key).into_owned());
            }
        }
        None
    }

    /// The closest term within the allowed number of edits (1 for 4–7 characters, 2 from
    /// 8 on, none below 4), with its distance: fewest edits first, then the most frequent
    /// term, then the first in byte order.
    pub fn fuzzy(&self, term: &str) -> Option<(u32, usize)> {
        let chars = term.chars().count();
        if chars < FUZZY_MIN_CHARS || term.len() > FUZZY_MAX_BYTES {
            return None;
        }
        let max = if chars >= FUZZY_TWO_EDITS_CHARS { 2 } else { 1 };
        // Between ASCII strings byte edits are character edits; otherwise allow one more.
        let byte_max = if term.is_ascii() && self.ascii {
            max
        } else {
            max + 1
        };
        let automaton = Damerau {
            query: term.as_bytes(),
            max: byte_max as u8,
        };
        let mut stream = self.map.search(automaton).into_stream();
        let mut best: Option<(usize, u32, u32)> = None;
        while let Some((key, ordinal)) = stream.next() {
            let Ok(key) = std::str::from_utf8(key) else {
                continue;
            };
            let distance = strsim::osa_distance(term, key);
            if distance == 0 || distance > max {
                continue;
            }
            let ordinal = ordinal as u32;
            let df = self.df.get(ordinal as usize).copied().unwrap_or(0);
            let better = match best {
                None => true,
                Some((d, _, best_df)) => distance < d || (distance == d && df > best_df),
            };
            if better {
                best = Some((distance, ordinal, df));
            }
        }
        best.map(|(d, o, _)| (o, d))
    }

    pub fn write(&self, w: &mut Writer) {
        w.bytes(self.map.as_fst().as_bytes());
        w.u32s(&self.df);
    }

    pub fn read(r: &mut Reader<'_>) -> Result<Vocabulary, ModelError> {
        let bytes = r.bytes()?.to_vec();
        let map = Map::new(bytes).map_err(|_| ModelError::Corrupt {
            what: "the term dictionary is not an fst",
        })?;
        let df = r.u32s()?;
        if df.len() != map.len() {
            return Err(ModelError::Corrupt {
                what: "term frequencies do not match the term dictionary",
            });
        }
        let mut ascii = true;
        let mut stream = map.stream();
        while let Some((key, _)) = stream.next() {
            ascii &= key.is_ascii();
        }
        Ok(Vocabulary { map, df, ascii })
    }
}

/// A lazy Damerau–Levenshtein (optimal string alignment) automaton over bytes: its state is
/// the last two rows of the edit-distance table, so walking the fst visits only prefixes that
/// can still end within `max` edits. Only the band of cells within `max` of the diagonal is
/// computed, and the first byte must match (typos rarely hit the first letter, and the
/// search shrinks by the alphabet's size). Byte edits over-count edits of multi-byte
/// characters, so for non-ASCII terms `max` is one more than the character bound; every
/// match is re-checked in characters.
#[derive(Debug, Clone, Copy)]
struct Damerau<'a> {
    query: &'a [u8],
    max: u8,
}

const ROW: usize = FUZZY_MAX_BYTES + 1;
const DEAD: u8 = u8::MAX / 2;

#[derive(Debug, Clone, Copy)]
struct DamerauState {
    row: [u8; ROW],
    prev: [u8; ROW],
    depth: u8,
    last: u8,
}

impl Automaton for Damerau<'_> {
    type State = Option<DamerauState>;

    fn start(&self) -> Self::State {
        let mut row = [DEAD; ROW];
        for (j, r) in row.iter_mut().enumerate().take(self.query.len() + 1) {
            *r = (j as u8).min(DEAD);
        }
        Some(DamerauState {
            row,
            prev: [DEAD; ROW],
            depth: 0,
            last: 0,
        })
    }

    fn is_match(&self, state: &Self::State) -> bool {
        state
            .as_ref()
            .is_some_and(|s| s.row[self.query.len()] <= self.max)
    }

    fn can_match(&self, state: &Self::State) -> bool {
        state.is_some()
    }

    fn accept(&self, state: &Self::State, byte: u8) -> Self::State {
        let s = state.as_ref()?;
        if s.depth == 0 && self.query.first() != Some(&byte) {
            return None;
        }
        let n = self.query.len();
        let depth = usize::from(s.depth) + 1;
        if depth > n + usize::from(self.max) {
            return None;
        }
        let max = usize::from(self.max);
        let lo = depth.saturating_sub(max).max(1);
        let hi = (depth + max).min(n);
        let mut next = [DEAD; ROW];
        next[0] = (depth as u8).min(DEAD);
        let mut alive = next[0] <= self.max;
        for j in lo..=hi {
            let cost = u8::from(self.query[j - 1] != byte);
            let mut d = (s.row[j] + 1).min(next[j - 1] + 1).min(s.row[j - 1] + cost);
            if j > 1 && depth > 1 && s.last == self.query[j - 1] && byte == self.query[j - 2] {
                d = d.min(s.prev[j - 2] + 1);
            }
            next[j] = d.min(DEAD);
            alive |= next[j] <= self.max;
        }
        if !alive {
            return None;
        }
        Some(DamerauState {
            row: next,
            prev: s.row,
            depth: depth as u8,
            last: byte,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab(words: &[(&str, u32)]) -> Vocabulary {
        Vocabulary::build(&words.iter().map(|(w, df)| (w.to_string(), *df)).collect())
    }

    #[test]
    fn exact_lookup_and_ordinals_follow_byte_order() {
        let v = vocab(&[("pizza", 3), ("order", 5), ("want", 2)]);
        assert_eq!(v.get("order"), Some(0));
        assert_eq!(v.get("pizza"), Some(1));
        assert_eq!(v.get("want"), Some(2));
        assert_eq!(v.get("piz"), None);
        assert_eq!(v.term(1).as_deref(), Some("pizza"));
    }

    #[test]
    fn typos_within_one_edit() {
        let v = vocab(&[("pizza", 3), ("order", 5), ("want", 2)]);
        assert_eq!(v.fuzzy("piza"), Some((1, 1)));
        assert_eq!(v.fuzzy("oder"), Some((0, 1)));
        assert_eq!(v.fuzzy("wnat"), Some((2, 1)), "a transposition is one edit");
        assert_eq!(v.fuzzy("pzzaa"), None, "two edits on a short word");
        assert_eq!(v.fuzzy("izza"), None, "the first letter must match");
    }

    #[test]
    fn short_terms_never_fuzzy_and_long_ones_allow_two_edits() {
        let v = vocab(&[("cat", 1), ("delivery", 4)]);
        assert_eq!(v.fuzzy("cot"), None);
        assert_eq!(v.fuzzy("dilevery"), Some((1, 2)));
        assert_eq!(v.fuzzy("delivery"), None, "an exact term is not a typo");
    }

    #[test]
    fn ties_prefer_the_frequent_term() {
        let v = vocab(&[("card", 1), ("cart", 9)]);
        assert_eq!(v.fuzzy("carx"), Some((1, 1)));
    }

    #[test]
    fn non_ascii_terms() {
        let v = vocab(&[("mañana", 2), ("größe", 1)]);
        assert_eq!(v.fuzzy("manana"), Some((1, 1)));
        assert_eq!(v.fuzzy("grösse"), None);
        assert_eq!(v.fuzzy("größee"), Some((0, 1)));
    }
}
