//! Weight rows stored as 8-bit integers with one scale per row: a quarter of the bytes of
//! `f32`, for the tables the query path reads only for words it does not know.

use super::format::{Reader, Writer};
use crate::error::ModelError;

/// Rows of `classes` weights, quantized to `i8` with a per-row scale.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct QuantRows {
    classes: usize,
    data: Vec<i8>,
    scales: Vec<f32>,
}

impl QuantRows {
    /// Quantizes `rows` (row-major, `classes` per row).
    pub fn new(rows: &[f32], classes: usize) -> QuantRows {
        let mut data = Vec::with_capacity(rows.len());
        let mut scales = Vec::with_capacity(rows.len() / classes.max(1));
        for row in rows.chunks_exact(classes.max(1)) {
            let max = row.iter().fold(0.0f32, |m, w| m.max(w.abs()));
            let scale = if max > 0.0 { max / 127.0 } else { 0.0 };
            scales.push(scale);
            data.extend(row.iter().map(|w| {
                if scale > 0.0 {
                    (w / scale).round().clamp(-127.0, 127.0) as i8
                } else {
                    0
                }
            }));
        }
        QuantRows {
            classes,
            data,
            scales,
        }
    }

    /// How many rows there are.
    pub fn len(&self) -> usize {
        self.scales.len()
    }

    /// Adds row `row` times `weight` to `sum`.
    pub fn add_to(&self, row: usize, weight: f32, sum: &mut [f32]) {
        let scale = self.scales[row] * weight;
        for (s, q) in sum
            .iter_mut()
            .zip(&self.data[row * self.classes..][..self.classes])
        {
            *s += scale * f32::from(*q);
        }
    }

    /// One weight, dequantized.
    pub fn get(&self, row: usize, class: usize) -> f32 {
        self.scales[row] * f32::from(self.data[row * self.classes + class])
    }

    pub fn write(&self, w: &mut Writer) {
        w.len(self.classes);
        w.bytes(&self.data.iter().map(|&q| q as u8).collect::<Vec<u8>>());
        w.f32s(&self.scales);
    }

    pub fn read(r: &mut Reader<'_>) -> Result<QuantRows, ModelError> {
        let classes = r.u64()? as usize;
        let data: Vec<i8> = r.bytes()?.iter().map(|&b| b as i8).collect();
        let scales = r.f32s()?;
        if data.len() != scales.len().saturating_mul(classes) || scales.iter().any(|s| !s.is_finite()) {
            return Err(ModelError::Corrupt {
                what: "quantized rows do not fit their scales",
            });
        }
        Ok(QuantRows {
            classes,
            data,
            scales,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantization_keeps_weights_within_a_step() {
        let rows = [0.5, -1.0, 0.25, 0.0, 0.0, 0.0];
        let q = QuantRows::new(&rows, 3);
        assert_eq!(q.len(), 2);
        for (i, w) in rows.iter().enumerate() {
            assert!((q.get(i / 3, i % 3) - w).abs() <= 1.0 / 127.0, "{i}");
        }
        let mut sum = [0.0; 3];
        q.add_to(0, 2.0, &mut sum);
        assert!((sum[1] + 2.0).abs() < 1e-6);
    }
}
