//! Static word vectors: what a word *means*, beyond how it is spelled.
//!
//! The classifier's other features are lexical: a word it never saw in a story's examples
//! only counts through its stem and spelling. Word vectors let "cancel" resemble "stop" and
//! "abroad" resemble "overseas". The English vectors built into this crate are *word-piece*
//! vectors distilled from the sentence encoder all-MiniLM-L6-v2 (Apache-2.0) the way
//! Model2Vec does it: each piece of the encoder's vocabulary was run through the encoder
//! alone, and the outputs reduced by PCA to 256 dimensions and stored as bytes
//! (`tools/word-vectors/build.py` rebuilds them). A phrase's vector is the normalized sum
//! of its pieces' vectors: a few table lookups, no network, no matrix products.
//!
//! Words are cut into pieces as BERT's uncased tokenizer does: lowercased, accents
//! removed, punctuation apart, then the longest known piece first (`chatbots` →
//! `chat`, `##bots`).
//!
//! ```
//! use intently::embed::WordVectors;
//!
//! let vectors = WordVectors::english()?;
//! let mut close = vec![0.0; vectors.dims()];
//! let mut far = vec![0.0; vectors.dims()];
//! let mut query = vec![0.0; vectors.dims()];
//! assert!(vectors.phrase(["cancel", "my", "order"], &mut query));
//! vectors.phrase(["stop", "my", "order"], &mut close);
//! vectors.phrase(["what", "is", "the", "weather"], &mut far);
//! let cosine = |a: &[f32], b: &[f32]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f32>();
//! assert!(cosine(&query, &close) > cosine(&query, &far));
//! # Ok::<(), intently::embed::VectorsError>(())
//! ```

use std::collections::HashMap;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

mod hash;

use hash::FxBuild;

use crate::Language;

/// The English vectors, as built by `tools/word-vectors/build.py`.
static ENGLISH: &[u8] = include_bytes!("en.vec");
const MAGIC: &[u8; 8] = b"INTLYVEC";
const VERSION: u32 = 1;
/// Words longer than this (in characters) get no vector, as in BERT's tokenizer.
const MAX_WORD_CHARS: usize = 100;

/// Why a table of word vectors could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VectorsError {
    /// The bytes do not start with the vectors' magic number.
    #[error("not a table of word vectors (bad magic number)")]
    NotVectors,
    /// The table was written by another version of its format.
    #[error("word vectors format version {got}, but this build reads version {expected}")]
    Version {
        /// The version this build reads.
        expected: u32,
        /// The version in the bytes.
        got: u32,
    },
    /// The bytes end early or run long, or do not match their checksum.
    #[error("word vectors are corrupt: {what}")]
    Corrupt {
        /// What is wrong.
        what: &'static str,
    },
}

/// A table of word-piece vectors (immutable; the English one is loaded once per process).
#[derive(Debug)]
pub struct WordVectors {
    dims: usize,
    /// `pieces × dims` signed bytes.
    data: &'static [u8],
    /// One scale per piece: a piece's vector is its bytes times its scale.
    scales: Vec<f32>,
    index: HashMap<&'static str, u32, FxBuild>,
    /// The longest piece, in bytes (without `##`): no longer match is tried.
    longest: usize,
    fingerprint: u32,
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at + 4)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

impl WordVectors {
    /// The built-in English vectors, read on first use.
    pub fn english() -> Result<&'static WordVectors, VectorsError> {
        static CELL: OnceLock<Result<WordVectors, VectorsError>> = OnceLock::new();
        CELL.get_or_init(|| WordVectors::from_static(ENGLISH))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The built-in vectors of a language, if it has any (English only, for now).
    pub fn for_language(language: Language) -> Option<&'static WordVectors> {
        match language {
            Language::English => WordVectors::english().ok(),
            _ => None,
        }
    }

    /// Reads a table from bytes that live as long as the program.
    pub fn from_static(bytes: &'static [u8]) -> Result<WordVectors, VectorsError> {
        let corrupt = |what| VectorsError::Corrupt { what };
        if bytes.len() < 24 || &bytes[..8] != MAGIC {
            return Err(VectorsError::NotVectors);
        }
        let field = |at| u32_at(bytes, at).ok_or(corrupt("header cut short"));
        let version = field(8)?;
        if version != VERSION {
            return Err(VectorsError::Version {
                expected: VERSION,
                got: version,
            });
        }
        let (dims, pieces, crc) = (field(12)? as usize, field(16)? as usize, field(20)?);
        let body = &bytes[24..];
        if crc32(body) != crc {
            return Err(corrupt("checksum mismatch"));
        }
        let data_len = dims.checked_mul(pieces).ok_or(corrupt("sizes overflow"))?;
        let scales_end = data_len + pieces * 4;
        if dims == 0 || body.len() < scales_end {
            return Err(corrupt("tables cut short"));
        }
        let scales: Vec<f32> = body[data_len..scales_end]
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        let words = std::str::from_utf8(&body[scales_end..]).map_err(|_| corrupt("pieces are not UTF-8"))?;
        let mut index = HashMap::with_capacity_and_hasher(pieces, FxBuild::default());
        for (i, word) in words.split('\n').enumerate() {
            index.insert(word, i as u32);
        }
        if index.len() != pieces {
            return Err(corrupt("piece count does not match the header"));
        }
        let longest = index
            .keys()
            .map(|k| k.strip_prefix("##").unwrap_or(k).len())
            .max()
            .unwrap_or(0);
        Ok(WordVectors {
            dims,
            data: &body[..data_len],
            scales,
            index,
            longest,
            fingerprint: crc,
        })
    }

    /// How many dimensions a vector has.
    pub fn dims(&self) -> usize {
        self.dims
    }

    /// The checksum of the table: a compiled model records it, so it is never read with
    /// other vectors than those it was trained with.
    pub fn fingerprint(&self) -> u32 {
        self.fingerprint
    }

    /// Whether `word` (lowercase) is a piece of its own: a word the vectors know whole.
    pub fn knows(&self, word: &str) -> bool {
        self.index.contains_key(word)
    }

    /// Adds the vectors of the pieces of `word` to `sum` (of [`WordVectors::dims`] values);
    /// returns how many pieces were known.
    pub fn add_word(&self, word: &str, sum: &mut [f32]) -> usize {
        let mut pieces = 0;
        let mut add = |piece: u32| {
            let at = piece as usize * self.dims;
            let scale = self.scales[piece as usize];
            for (s, &b) in sum.iter_mut().zip(&self.data[at..at + self.dims]) {
                *s += f32::from(b as i8) * scale;
            }
            pieces += 1;
        };
        if word.is_ascii() {
            for_each_basic_word(word, |w| self.word_pieces(w, &mut add));
        } else {
            let plain: String = word
                .nfd()
                .filter(|c| !is_combining_mark(*c))
                .flat_map(char::to_lowercase)
                .collect();
            for_each_basic_word(&plain, |w| self.word_pieces(w, &mut add));
        }
        pieces
    }

    /// The unit vector of a phrase (the normalized sum of its words' pieces) in `out`;
    /// `false` (and zeros) when no piece is known.
    pub fn phrase<'a>(&self, words: impl IntoIterator<Item = &'a str>, out: &mut [f32]) -> bool {
        out.fill(0.0);
        let mut pieces = 0;
        for word in words {
            pieces += self.add_word(word, out);
        }
        normalize(out) && pieces > 0
    }

    /// Greedy longest-match word pieces of one basic word (no spaces, no punctuation); a
    /// word with a part no piece covers gets nothing, as BERT's `[UNK]`.
    fn word_pieces(&self, word: &str, mut add: impl FnMut(u32)) {
        if word.chars().count() > MAX_WORD_CHARS {
            return;
        }
        let mut found: [u32; 32] = [0; 32];
        let mut n = 0;
        let mut start = 0;
        let mut key = String::with_capacity(word.len() + 2);
        while start < word.len() {
            let mut end = word.len().min(start + self.longest);
            let mut piece = None;
            while end > start {
                if word.is_char_boundary(end) {
                    key.clear();
                    if start > 0 {
                        key.push_str("##");
                    }
                    key.push_str(&word[start..end]);
                    if let Some(&id) = self.index.get(key.as_str()) {
                        piece = Some(id);
                        break;
                    }
                }
                end -= 1;
            }
            match piece {
                Some(id) if n < found.len() => {
                    found[n] = id;
                    n += 1;
                    start = end;
                }
                _ => return,
            }
        }
        found[..n].iter().for_each(|&id| add(id));
    }
}

/// Scales `v` to unit length; `false` if it is zero.
pub fn normalize(v: &mut [f32]) -> bool {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| *x /= norm);
        true
    } else {
        false
    }
}

/// Splits as BERT's basic tokenizer: runs of letters and digits, each other non-space
/// character on its own.
fn for_each_basic_word(text: &str, mut f: impl FnMut(&str)) {
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
            continue;
        }
        if let Some(s) = start.take() {
            f(&text[s..i]);
        }
        if !c.is_whitespace() {
            f(&text[i..i + c.len_utf8()]);
        }
    }
    if let Some(s) = start {
        f(&text[s..]);
    }
}

/// CRC-32 (IEEE), as Python's `zlib.crc32`.
fn crc32(bytes: &[u8]) -> u32 {
    static TABLE: OnceLock<[u32; 256]> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut t = [0u32; 256];
        for (i, e) in t.iter_mut().enumerate() {
            let mut c = i as u32;
            for _ in 0..8 {
                c = if c & 1 == 1 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
            *e = c;
        }
        t
    });
    !bytes.iter().fold(!0u32, |c, &b| {
        table[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8)
    })
}

#[cfg(test)]
mod tests;
