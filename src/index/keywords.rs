//! The keyword system: exact words, any order, at most one extra word between the words of
//! a multi-word keyword; a match scores 1.0.

use std::collections::BTreeMap;

use fst::Map;

use super::format::{Reader, Writer};
use crate::error::ModelError;

/// Longest keyword, in words; longer phrases are cut (their first words must match).
pub const MAX_KEYWORD_WORDS: usize = 8;

/// The compiled keywords of a story.
#[derive(Clone, Default)]
pub(crate) struct Keywords {
    /// Normalized keyword word → word ordinal.
    words: Map<Vec<u8>>,
    /// Each keyword: the interaction it selects and its word ordinals.
    keywords: Vec<(u32, Vec<u32>)>,
}

impl std::fmt::Debug for Keywords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keywords")
            .field("keywords", &self.keywords.len())
            .finish()
    }
}

impl Keywords {
    /// Compiles keywords given as `(interaction, normalized words)`.
    pub fn build(keywords: &[(u32, Vec<String>)]) -> Keywords {
        let words: BTreeMap<&str, u64> = BTreeMap::from_iter(
            keywords
                .iter()
                .flat_map(|(_, ws)| ws.iter().map(|w| (w.as_str(), 0))),
        );
        let ordinals: BTreeMap<&str, u32> = words.keys().enumerate().map(|(i, w)| (*w, i as u32)).collect();
        // Keys are sorted and unique, so building cannot fail.
        let map =
            Map::from_iter(ordinals.iter().map(|(w, o)| (w.as_bytes(), u64::from(*o)))).unwrap_or_default();
        let keywords = keywords
            .iter()
            .filter(|(_, ws)| !ws.is_empty())
            .map(|(i, ws)| {
                (
                    *i,
                    ws.iter()
                        .take(MAX_KEYWORD_WORDS)
                        .map(|w| ordinals[w.as_str()])
                        .collect(),
                )
            })
            .collect();
        Keywords { words: map, keywords }
    }

    /// The interactions whose keywords the utterance (its normalized words, in order) holds.
    pub fn matches<'a>(&self, words: impl IntoIterator<Item = &'a str>) -> Vec<u32> {
        if self.keywords.is_empty() {
            return Vec::new();
        }
        let ordinals: Vec<Option<u32>> = words
            .into_iter()
            .map(|w| self.words.get(w).map(|o| o as u32))
            .collect();
        let mut found: Vec<u32> = self
            .keywords
            .iter()
            .filter(|(_, kw)| occurs(kw, &ordinals))
            .map(|(interaction, _)| *interaction)
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    pub fn write(&self, w: &mut Writer) {
        w.bytes(self.words.as_fst().as_bytes());
        w.list(&self.keywords, |w, (interaction, words)| {
            w.u32(*interaction);
            w.u32s(words);
        });
    }

    pub fn read(r: &mut Reader<'_>) -> Result<Keywords, ModelError> {
        let words = Map::new(r.bytes()?.to_vec()).map_err(|_| ModelError::Corrupt {
            what: "the keyword dictionary is not an fst",
        })?;
        let keywords = r.list(|r| Ok((r.u32()?, r.u32s()?)))?;
        let n = words.len() as u32;
        if keywords
            .iter()
            .any(|(_, ws)| ws.is_empty() || ws.iter().any(|&w| w >= n))
        {
            return Err(ModelError::Corrupt {
                what: "a keyword names an unknown word",
            });
        }
        Ok(Keywords { words, keywords })
    }

    /// The interactions that have keywords (for checks against the interaction table).
    pub fn interactions(&self) -> impl Iterator<Item = u32> + '_ {
        self.keywords.iter().map(|(i, _)| *i)
    }
}

/// Whether the keyword's words all occur, in any order, at distinct positions that leave at
/// most one other word between neighbours. Linear in the utterance: each window of
/// `2k - 1` words starting at a keyword word is checked by a small search.
fn occurs(keyword: &[u32], utterance: &[Option<u32>]) -> bool {
    let k = keyword.len();
    if k == 1 {
        return utterance.contains(&Some(keyword[0]));
    }
    let span = 2 * k - 1;
    for start in 0..utterance.len() {
        let Some(first) = utterance[start] else { continue };
        if !keyword.contains(&first) {
            continue;
        }
        let window = &utterance[start..utterance.len().min(start + span)];
        let mut used = [false; MAX_KEYWORD_WORDS];
        if assign(keyword, window, 0, &mut used, &mut Vec::with_capacity(k)) {
            return true;
        }
    }
    false
}

/// Picks a distinct window position for each keyword word (from `next` on) so that the
/// sorted positions start at 0 and are at most 2 apart.
fn assign(
    keyword: &[u32],
    window: &[Option<u32>],
    next: usize,
    used: &mut [bool],
    chosen: &mut Vec<usize>,
) -> bool {
    if next == keyword.len() {
        let mut sorted = chosen.clone();
        sorted.sort_unstable();
        return sorted[0] == 0 && sorted.windows(2).all(|p| p[1] - p[0] <= 2);
    }
    for (pos, word) in window.iter().enumerate() {
        if *word == Some(keyword[next]) && !used[pos] {
            used[pos] = true;
            chosen.push(pos);
            if assign(keyword, window, next + 1, used, chosen) {
                return true;
            }
            chosen.pop();
            used[pos] = false;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keywords(list: &[(u32, &str)]) -> Keywords {
        Keywords::build(
            &list
                .iter()
                .map(|(i, k)| (*i, k.split_whitespace().map(str::to_string).collect()))
                .collect::<Vec<_>>(),
        )
    }

    fn hits(k: &Keywords, text: &str) -> Vec<u32> {
        k.matches(text.split_whitespace())
    }

    #[test]
    fn single_words_match_anywhere() {
        let k = keywords(&[(3, "menu"), (5, "iban")]);
        assert_eq!(hits(&k, "show me the menu"), vec![3]);
        assert_eq!(hits(&k, "iban and menu"), vec![3, 5]);
        assert_eq!(hits(&k, "menus"), Vec::<u32>::new(), "exact words only");
    }

    #[test]
    fn multi_word_keywords_allow_any_order_and_one_extra_word() {
        let k = keywords(&[(1, "opening hours")]);
        assert_eq!(hits(&k, "opening hours"), vec![1]);
        assert_eq!(hits(&k, "hours of opening"), vec![1]);
        assert_eq!(hits(&k, "your opening store hours please"), vec![1]);
        assert!(
            hits(&k, "opening the store hours").is_empty(),
            "a two-word gap does not match"
        );
        assert!(hits(&k, "opening").is_empty());
    }

    #[test]
    fn repeated_words_need_distinct_positions() {
        let k = keywords(&[(1, "very very good")]);
        assert!(hits(&k, "very good").is_empty());
        assert_eq!(hits(&k, "very very good"), vec![1]);
        assert_eq!(hits(&k, "good very x very"), vec![1]);
    }

    #[test]
    fn long_utterances_stay_linear() {
        let k = keywords(&[(1, "swift code")]);
        let long = "swift ".repeat(5000) + "code";
        assert_eq!(hits(&k, &long), vec![1]);
        let no = "swift x y ".repeat(3000) + "code";
        assert!(hits(&k, &no).is_empty());
    }

    #[test]
    fn bytes_round_trip() {
        let k = keywords(&[(1, "swift code"), (2, "iban")]);
        let mut w = Writer::new();
        k.write(&mut w);
        let bytes = w.finish();
        let mut r = Reader::open(&bytes).unwrap();
        let back = Keywords::read(&mut r).unwrap();
        assert_eq!(hits(&back, "my swift code"), vec![1]);
    }
}
