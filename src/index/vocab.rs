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
    /// term, then the first in byte order. One edit is searched first, two only when one
    /// finds nothing; together the searches stop after `budget` fst transitions.
    pub fn fuzzy_within(&self, term: &str, budget: u32) -> Option<(u32, usize)> {
        let chars = term.chars().count();
        if chars < FUZZY_MIN_CHARS || term.len() > FUZZY_MAX_BYTES {
            return None;
        }
        // One budget for both searches: the second gets what the first left.
        let budget = std::cell::Cell::new(budget);
        let one = self.search(term, 1, &budget);
        if one.is_some() || chars < FUZZY_TWO_EDITS_CHARS {
            return one;
        }
        self.search(term, 2, &budget)
    }

    /// [`fuzzy_within`](Self::fuzzy_within) with the query path's budget.
    pub fn fuzzy(&self, term: &str) -> Option<(u32, usize)> {
        self.fuzzy_within(term, FUZZY_BUDGET)
    }

    /// The closest term within `max` edits.
    fn search(&self, term: &str, max: usize, budget: &std::cell::Cell<u32>) -> Option<(u32, usize)> {
        // Between ASCII strings byte edits are character edits; otherwise allow one more.
        let byte_max = if term.is_ascii() && self.ascii {
            max
        } else {
            max + 1
        };
        let automaton = Damerau {
            query: term.as_bytes(),
            max: byte_max as u8,
            budget,
        };
        let mut stream = self.map.search(automaton).into_stream();
        // (rank, ordinal) of the best term so far.
        let mut best: Option<(TypoRank, u32)> = None;
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
            // Lower ranks first: fewer edits, then a swap of two letters (the likeliest
            // slip of one edit), then the more frequent term.
            let rank = (distance, !same_letters(term, key), std::cmp::Reverse(df));
            if best.as_ref().is_none_or(|(r, _)| rank < *r) {
                best = Some((rank, ordinal));
            }
        }
        best.map(|((d, _, _), o)| (o, d))
    }

    /// The keys that are phrases of the given words joined by single spaces, starting with
    /// the first word: `(number of words, ordinal)` for each, shortest first. Walks the fst
    /// once, byte by byte, and stops as soon as no key continues the words.
    pub fn phrases<'a>(&self, words: impl IntoIterator<Item = &'a str>) -> Vec<(usize, u32)> {
        let fst = self.map.as_fst();
        let mut node = fst.root();
        let mut output = fst::raw::Output::zero();
        let mut found = Vec::new();
        for (i, word) in words.into_iter().enumerate() {
            let separator = if i == 0 { None } else { Some(b' ') };
            for byte in separator.into_iter().chain(word.bytes()) {
                let Some(at) = node.find_input(byte) else {
                    return found;
                };
                let transition = node.transition(at);
                output = output.cat(transition.out);
                node = fst.node(transition.addr);
            }
            if node.is_final() {
                found.push((i + 1, output.cat(node.final_output()).value() as u32));
            }
        }
        found
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

/// A lazy Damerau–Levenshtein (optimal string alignment) automaton over bytes, run over the
/// fst so that only prefixes that can still end within `max` edits are visited.
///
/// Its state is the band of the last two rows of the edit-distance table that lies within
/// `max` of the diagonal (cells farther away always exceed `max`): 16 bytes, cheap to copy
/// on the fst walk's stack. The first byte must match (typos rarely hit the first letter,
/// and the search shrinks by the alphabet's size). Byte edits over-count edits of
/// multi-byte characters, so for non-ASCII terms `max` is one more than the character
/// bound; every match is re-checked in characters.
#[derive(Debug, Clone)]
struct Damerau<'a> {
    query: &'a [u8],
    max: u8,
    /// Transitions left before the search gives up: a hard bound on the time one typo
    /// lookup can take, the same for the same query and dictionary.
    budget: &'a std::cell::Cell<u32>,
}

/// The most fst transitions one typo lookup of the query path may try.
pub const FUZZY_BUDGET: u32 = 250;

/// The widest band: `2 × max + 1` for `max` up to 3.
const BAND: usize = 7;
const DEAD: u8 = u8::MAX / 2;

#[derive(Debug, Clone, Copy)]
struct DamerauState {
    /// Cells `j ∈ [depth − max, depth + max]` of the current row, at `j − depth + max`.
    row: [u8; BAND],
    /// The same band of the previous row (depth − 1).
    prev: [u8; BAND],
    depth: u8,
    last: u8,
}

impl Damerau<'_> {
    /// The cell of column `j` in a band centred on `depth`.
    fn cell(&self, band: &[u8; BAND], depth: usize, j: isize) -> u8 {
        let k = j - depth as isize + isize::from(self.max);
        if j < 0 || j as usize > self.query.len() || k < 0 || k as usize >= BAND {
            DEAD
        } else {
            band[k as usize]
        }
    }
}

impl Automaton for Damerau<'_> {
    type State = Option<DamerauState>;

    fn start(&self) -> Self::State {
        let max = usize::from(self.max);
        let mut row = [DEAD; BAND];
        for (k, cell) in row.iter_mut().enumerate().take(2 * max + 1) {
            // Column j = k − max at depth 0 costs j deletions.
            if k >= max && k - max <= self.query.len() {
                *cell = (k - max) as u8;
            }
        }
        Some(DamerauState {
            row,
            prev: [DEAD; BAND],
            depth: 0,
            last: 0,
        })
    }

    fn is_match(&self, state: &Self::State) -> bool {
        state
            .as_ref()
            .is_some_and(|s| self.cell(&s.row, usize::from(s.depth), self.query.len() as isize) <= self.max)
    }

    fn can_match(&self, state: &Self::State) -> bool {
        state.is_some()
    }

    fn accept(&self, state: &Self::State, byte: u8) -> Self::State {
        let s = state.as_ref()?;
        let left = self.budget.get();
        if left == 0 {
            return None;
        }
        self.budget.set(left - 1);
        let depth = usize::from(s.depth);
        if depth == 0 && self.query.first() != Some(&byte) {
            return None;
        }
        if depth + 1 >= usize::from(u8::MAX) {
            return None;
        }
        let max = isize::from(self.max);
        let next_depth = depth + 1;
        let mut next = [DEAD; BAND];
        let mut alive = false;
        for k in 0..(2 * max + 1) as usize {
            let j = k as isize + next_depth as isize - max;
            if j < 0 || j as usize > self.query.len() {
                continue;
            }
            let d = if j == 0 {
                next_depth.min(usize::from(DEAD)) as u8
            } else {
                let ju = j as usize;
                let cost = u8::from(self.query[ju - 1] != byte);
                let left = if k > 0 { next[k - 1] } else { DEAD };
                let mut d = (self.cell(&s.row, depth, j) + 1)
                    .min(left + 1)
                    .min(self.cell(&s.row, depth, j - 1) + cost);
                if ju > 1 && depth > 0 && s.last == self.query[ju - 1] && byte == self.query[ju - 2] {
                    d = d.min(self.cell(&s.prev, depth - 1, j - 2) + 1);
                }
                d.min(DEAD)
            };
            next[k] = d;
            alive |= d <= self.max;
        }
        alive.then_some(DamerauState {
            row: next,
            prev: s.row,
            depth: next_depth as u8,
            last: byte,
        })
    }
}

/// How a term ranks as the correction of a typed word, lowest first: edits, whether it is
/// not a swap of two letters, then its document frequency, highest first.
type TypoRank = (usize, bool, std::cmp::Reverse<u32>);

/// Whether two words have the same letters in another order: a typed word one edit from a
/// term with its letters is a swap of two neighbours (`wnat` for `want`), a likelier slip
/// than a wrong letter (`wnat` for `what`).
fn same_letters(a: &str, b: &str) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let sorted = |s: &str| {
        let mut chars: Vec<char> = s.chars().collect();
        chars.sort_unstable();
        chars
    };
    sorted(a) == sorted(b)
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
    fn phrases_walk_the_fst_word_by_word() {
        let v = vocab(&[
            ("family", 1),
            ("family size", 1),
            ("family size xl", 1),
            ("size", 1),
        ]);
        assert_eq!(
            v.phrases(["family", "size", "xl", "more"]),
            vec![(1, 0), (2, 1), (3, 2)]
        );
        assert_eq!(v.phrases(["family", "pack"]), vec![(1, 0)]);
        assert_eq!(v.phrases(["fam"]), vec![]);
    }

    #[test]
    fn ties_prefer_the_frequent_term() {
        let v = vocab(&[("card", 1), ("cart", 9)]);
        assert_eq!(v.fuzzy("carx"), Some((1, 1)));
    }

    #[test]
    fn among_single_edits_a_swap_beats_a_more_frequent_term() {
        let v = vocab(&[("want", 2), ("what", 40)]);
        assert_eq!(
            v.fuzzy("wnat"),
            Some((0, 1)),
            "wnat is want with two letters swapped"
        );
        assert_eq!(v.fuzzy("whnt"), Some((1, 1)), "no swap: the frequent term");
        assert!(same_letters("form", "from"));
        assert!(!same_letters("wnat", "what"));
        assert!(!same_letters("want", "wants"));
    }

    #[test]
    fn non_ascii_terms() {
        let v = vocab(&[("mañana", 2), ("größe", 1)]);
        assert_eq!(v.fuzzy("manana"), Some((1, 1)));
        assert_eq!(v.fuzzy("grösse"), None);
        assert_eq!(v.fuzzy("größee"), Some((0, 1)));
    }

    proptest::proptest! {
        /// The automaton finds exactly the terms a brute-force scan finds: same first
        /// character, within the allowed edits, the closest and most frequent first.
        #[test]
        fn automaton_agrees_with_brute_force(
            words in proptest::collection::btree_set("[abcde]{2,9}", 1..40),
            query in "[abcde]{4,10}",
        ) {
            let terms: BTreeMap<String, u32> = words.iter().enumerate().map(|(i, w)| (w.clone(), (i % 5) as u32)).collect();
            let v = Vocabulary::build(&terms);
            let max = if query.chars().count() >= FUZZY_TWO_EDITS_CHARS { 2 } else { 1 };
            let expected = terms
                .iter()
                .enumerate()
                .filter(|(_, (w, _))| w.as_bytes()[0] == query.as_bytes()[0])
                .map(|(o, (w, df))| (strsim::osa_distance(&query, w), std::cmp::Reverse(*df), o as u32))
                .filter(|(d, _, _)| *d >= 1 && *d <= max)
                .min();
            proptest::prop_assert_eq!(v.fuzzy(&query), expected.map(|(d, _, o)| (o, d)));
        }
    }
}
