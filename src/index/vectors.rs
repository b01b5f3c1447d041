//! The classifier's phrase-vector feature: the meaning of a phrase's words, from the word
//! vectors of [`crate::embed`], beside its lexical features.
//!
//! A phrase's vector feature is the sum of its words' piece vectors times
//! [`VectorRows::scale`], divided by the norm of the phrase's lexical features, as those
//! are: the whole feature vector stays linear in each word, so the contribution of a word
//! seen in training is one fixed row, folded into that word's row of the classifier, and
//! the query path multiplies the vector rows only for the words it has not seen.

use super::features::Item;
use super::format::{Reader, Writer};
use crate::embed::WordVectors;
use crate::error::ModelError;

/// How much the phrase vectors weigh against the lexical features, on average over the
/// training phrases.
pub(crate) const DENSE_WEIGHT: f32 = 1.5;
/// What the lexical features (of unit length) are scaled by when there are vectors. With
/// the vectors' part a phrase's features are then 1.27 long on average, which suits the
/// SVM's cost of 2 better than unit length (on CLINC150 in-scope 94.0% against 93.8%,
/// Braun 254 right against 249).
const LEXICAL_SCALE: f32 = std::f32::consts::FRAC_1_SQRT_2;

/// What a phrase's unit-length lexical features are multiplied by, in training and on the
/// query path alike: [`LEXICAL_SCALE`] beside word vectors, else nothing.
pub(crate) fn lexical_scale(with_vectors: bool) -> f32 {
    if with_vectors { LEXICAL_SCALE } else { 1.0 }
}

/// The weights of the phrase-vector feature.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct VectorRows {
    /// The [`WordVectors::fingerprint`] of the vectors trained with.
    pub fingerprint: u32,
    pub dims: usize,
    /// What summed piece vectors are multiplied by: [`DENSE_WEIGHT`] times the ratio of
    /// the lexical norms to the vector norms of the training phrases.
    pub scale: f32,
    /// `dims × classes` weights, dimension-major.
    pub rows: Vec<f32>,
}

impl VectorRows {
    /// Adds the rows times `v` times `scale` to `sum` (of one value per class).
    pub fn add_product(&self, v: &[f32], scale: f32, sum: &mut [f32]) {
        let classes = sum.len();
        // Four dimensions at a time: a quarter of the loads and stores of `sum`.
        let mut rows = self.rows.chunks_exact(classes * 4);
        let mut dims = v.chunks_exact(4);
        for (block, x) in (&mut rows).zip(&mut dims) {
            let (x0, x1, x2, x3) = (x[0] * scale, x[1] * scale, x[2] * scale, x[3] * scale);
            let (r0, rest) = block.split_at(classes);
            let (r1, rest) = rest.split_at(classes);
            let (r2, r3) = rest.split_at(classes);
            for ((((s, a), b), c), d) in sum.iter_mut().zip(r0).zip(r1).zip(r2).zip(r3) {
                *s += x0 * a + x1 * b + x2 * c + x3 * d;
            }
        }
        for (row, &x) in rows.remainder().chunks_exact(classes).zip(dims.remainder()) {
            let x = x * scale;
            for (s, w) in sum.iter_mut().zip(row) {
                *s += x * w;
            }
        }
    }

    /// Writes the rows, or the marker of their absence.
    pub fn write(rows: Option<&VectorRows>, w: &mut Writer) {
        match rows {
            None => w.len(0),
            Some(d) => {
                w.len(d.dims);
                w.u32(d.fingerprint);
                w.f32(d.scale);
                w.f32s(&d.rows);
            }
        }
    }

    /// Reads what [`VectorRows::write`] wrote. Rows trained with vectors that this build
    /// does not have are an error: the model's answers would be wrong without them.
    pub fn read(r: &mut Reader<'_>, classes: usize) -> Result<Option<VectorRows>, ModelError> {
        let dims = r.len(1)?;
        if dims == 0 {
            return Ok(None);
        }
        let rows = VectorRows {
            dims,
            fingerprint: r.u32()?,
            scale: r.f32()?,
            rows: r.f32s()?,
        };
        if rows.rows.len() != dims * classes || !rows.scale.is_finite() {
            return Err(ModelError::Corrupt {
                what: "word vector rows do not fit the classes",
            });
        }
        // English has the only built-in vectors so far.
        let built_in = WordVectors::english().ok();
        if built_in.is_none_or(|v| v.fingerprint() != rows.fingerprint || v.dims() != dims) {
            return Err(ModelError::WordVectors {
                fingerprint: rows.fingerprint,
            });
        }
        Ok(Some(rows))
    }
}

/// The summed piece vectors of each phrase, and the scale that makes them weigh
/// [`DENSE_WEIGHT`] against the phrases' lexical norms on average.
pub(crate) fn phrase_sums(
    vectors: &WordVectors,
    phrases: &[(Vec<Item>, u32)],
    lexical_norms: impl Iterator<Item = f32>,
) -> (Vec<Vec<f32>>, f32) {
    let sums: Vec<Vec<f32>> = phrases
        .iter()
        .map(|(items, _)| {
            let mut v = vec![0.0; vectors.dims()];
            for item in items {
                vectors.add_word(&item.surface, &mut v);
            }
            v
        })
        .collect();
    let vector_norms: f32 = sums
        .iter()
        .map(|v| v.iter().map(|x| x * x).sum::<f32>().sqrt())
        .sum();
    let lexical: f32 = lexical_norms.sum();
    let scale = if vector_norms > 0.0 {
        DENSE_WEIGHT * lexical / vector_norms
    } else {
        0.0
    };
    (sums, scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(fingerprint: u32) -> VectorRows {
        VectorRows {
            fingerprint,
            dims: 256,
            scale: 0.5,
            rows: (0..256 * 3).map(|i| i as f32 / 100.0).collect(),
        }
    }

    fn round_trip(rows: Option<&VectorRows>) -> Result<Option<VectorRows>, ModelError> {
        let mut w = Writer::new();
        VectorRows::write(rows, &mut w);
        let bytes = w.finish();
        let mut r = Reader::open(&bytes)?;
        let read = VectorRows::read(&mut r, 3);
        r.finish()?;
        read
    }

    #[test]
    fn rows_round_trip_and_other_vectors_are_refused() {
        let english = WordVectors::english().expect("built-in vectors").fingerprint();
        let ours = rows(english);
        assert_eq!(round_trip(Some(&ours)), Ok(Some(ours)));
        assert_eq!(round_trip(None), Ok(None));
        assert_eq!(
            round_trip(Some(&rows(english ^ 1))),
            Err(ModelError::WordVectors {
                fingerprint: english ^ 1
            })
        );
    }

    #[test]
    fn the_product_adds_each_dimension_times_its_row() {
        let r = VectorRows {
            fingerprint: 0,
            dims: 2,
            scale: 1.0,
            rows: vec![1.0, 2.0, 10.0, 20.0],
        };
        let mut sum = vec![0.5, 0.5];
        r.add_product(&[1.0, 0.5], 2.0, &mut sum);
        assert_eq!(sum, [0.5 + 2.0 + 10.0, 0.5 + 4.0 + 20.0]);
    }
}
