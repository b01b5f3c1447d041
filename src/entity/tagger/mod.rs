//! The learned slot tagger; see [`Tagger`].
//!
//! | file | role |
//! | --- | --- |
//! | `features.rs` | the features of a token, as hashed keys |
//! | `prepare.rs` | training sentences: tokens, gold BIO labels, interned features |
//! | `train.rs` | the structured averaged perceptron, and the compiled weights |
//! | `decode.rs` | the label layout, Viterbi with BIO constraints, max-marginals |
//! | `model.rs` | the tagger: tagging, bytes |

mod decode;
mod features;
mod model;
mod prepare;
mod train;

#[cfg(test)]
mod tests;

use std::ops::Range;

pub use model::Tagger;

/// The most entities a tagger learns. Its labels are `O`, `B-x` and `I-x` per entity, and
/// the transition tables between them grow with the square of their number: at this limit,
/// about 100 MB while training, 16 MB in the model. Tagging time grows the same way with the
/// entities allowed.
pub const TAGGER_MAX_ENTITIES: usize = 1000;

/// The longest run of tokens tagged at once; longer texts are tagged window by window.
pub const TAGGER_WINDOW: usize = 256;

/// One training sentence: its text and its annotated entities.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TaggedExample {
    /// The sentence.
    pub text: String,
    /// The entities said in it: the entity name and its range in `text`, in **characters**
    /// (not bytes). A range that cuts a token covers the whole token; ranges that share a
    /// token with an earlier one, or cover no token, are ignored.
    pub spans: Vec<(String, Range<usize>)>,
}
