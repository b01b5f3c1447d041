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

    /// How many weights a row has.
    pub fn classes(&self) -> usize {
        self.classes
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
    fn sparse_rows_add_and_get() {
        let s = SparseRows::new([vec![(2, 0.5), (0, 1.0)], vec![], vec![(1, -2.0)]]);
        assert_eq!(s.len(), 3);
        assert_eq!(
            (s.get(0, 0), s.get(0, 1), s.get(0, 2), s.get(2, 1)),
            (1.0, 0.0, 0.5, -2.0)
        );
        let mut sum = [0.0; 3];
        s.add_to(0, 2.0, &mut sum);
        s.add_to(1, 5.0, &mut sum);
        assert_eq!(sum, [2.0, 0.0, 1.0]);
        for table in [
            Table::Sparse(s),
            Table::Quant(QuantRows::new(&[1.0, 2.0], 2)),
            Table::Dense {
                classes: 2,
                weights: vec![1.0, 2.0, 3.0, 4.0],
            },
        ] {
            let mut w = Writer::new();
            table.write(&mut w);
            let bytes = w.finish();
            let mut r = Reader::open(&bytes).unwrap();
            let classes = if matches!(table, Table::Sparse(_)) { 3 } else { 2 };
            assert_eq!(Table::read(&mut r, classes).unwrap(), table);
        }
    }

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

/// Rows stored sparsely (compressed rows: for each row, its classes and weights): for stories
/// with many interactions, where a word speaks for a few of them and not the rest.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct SparseRows {
    offsets: Vec<u32>,
    classes: Vec<u32>,
    weights: Vec<f32>,
}

impl SparseRows {
    /// Builds rows from, for each row, its `(class, weight)` pairs (sorted by class or not).
    pub fn new(rows: impl IntoIterator<Item = Vec<(u32, f32)>>) -> SparseRows {
        let mut out = SparseRows {
            offsets: vec![0],
            ..SparseRows::default()
        };
        for mut row in rows {
            row.sort_unstable_by_key(|p| p.0);
            for (class, weight) in row {
                out.classes.push(class);
                out.weights.push(weight);
            }
            out.offsets.push(out.classes.len() as u32);
        }
        out
    }

    /// How many rows there are.
    pub fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    fn range(&self, row: usize) -> std::ops::Range<usize> {
        self.offsets[row] as usize..self.offsets[row + 1] as usize
    }

    /// Adds row `row` times `weight` to `sum`.
    pub fn add_to(&self, row: usize, weight: f32, sum: &mut [f32]) {
        let range = self.range(row);
        for (c, w) in self.classes[range.clone()].iter().zip(&self.weights[range]) {
            sum[*c as usize] += weight * w;
        }
    }

    /// The classes a row has weights for.
    pub fn classes_of(&self, row: usize) -> &[u32] {
        &self.classes[self.range(row)]
    }

    /// One weight (0 where the row has none for the class).
    pub fn get(&self, row: usize, class: usize) -> f32 {
        let range = self.range(row);
        let classes = &self.classes[range.clone()];
        classes
            .binary_search(&(class as u32))
            .map_or(0.0, |i| self.weights[range.start + i])
    }

    pub fn write(&self, w: &mut Writer) {
        w.u32s(&self.offsets);
        w.u32s(&self.classes);
        w.f32s(&self.weights);
    }

    pub fn read(r: &mut Reader<'_>, classes: usize) -> Result<SparseRows, ModelError> {
        let rows = SparseRows {
            offsets: r.u32s()?,
            classes: r.u32s()?,
            weights: r.f32s()?,
        };
        let consistent = !rows.offsets.is_empty()
            && rows.offsets[0] == 0
            && rows.offsets.windows(2).all(|w| w[0] <= w[1])
            && rows
                .offsets
                .last()
                .is_some_and(|&l| l as usize == rows.classes.len())
            && rows.classes.len() == rows.weights.len()
            && rows.classes.iter().all(|&c| (c as usize) < classes)
            && rows.weights.iter().all(|w| w.is_finite());
        if consistent {
            Ok(rows)
        } else {
            Err(ModelError::Corrupt {
                what: "sparse rows do not fit together",
            })
        }
    }
}

/// A table of weight rows, in the layout that suits the story: dense `f32`, dense 8-bit, or
/// sparse.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Table {
    /// `f32` rows of `classes` weights each.
    Dense { classes: usize, weights: Vec<f32> },
    /// Quantized rows.
    Quant(QuantRows),
    /// Sparse rows.
    Sparse(SparseRows),
}

impl Table {
    /// How many rows there are.
    pub fn len(&self) -> usize {
        match self {
            Table::Dense { classes, weights } => weights.len() / (*classes).max(1),
            Table::Quant(q) => q.len(),
            Table::Sparse(s) => s.len(),
        }
    }

    /// Adds row `row` times `weight` to `sum`.
    pub fn add_to(&self, row: usize, weight: f32, sum: &mut [f32]) {
        match self {
            Table::Dense { classes, weights } => {
                for (s, w) in sum.iter_mut().zip(&weights[row * classes..][..*classes]) {
                    *s += weight * w;
                }
            }
            Table::Quant(q) => q.add_to(row, weight, sum),
            Table::Sparse(s) => s.add_to(row, weight, sum),
        }
    }

    /// One weight.
    pub fn get(&self, row: usize, class: usize) -> f32 {
        match self {
            Table::Dense { classes, weights } => weights[row * classes + class],
            Table::Quant(q) => q.get(row, class),
            Table::Sparse(s) => s.get(row, class),
        }
    }

    pub fn write(&self, w: &mut Writer) {
        match self {
            Table::Dense { classes, weights } => {
                w.bool(false);
                w.bool(false);
                w.len(*classes);
                w.f32s(weights);
            }
            Table::Quant(q) => {
                w.bool(false);
                w.bool(true);
                q.write(w);
            }
            Table::Sparse(s) => {
                w.bool(true);
                s.write(w);
            }
        }
    }

    pub fn read(r: &mut Reader<'_>, classes: usize) -> Result<Table, ModelError> {
        let corrupt = ModelError::Corrupt {
            what: "a weight table does not fit the classes",
        };
        if r.bool()? {
            return Ok(Table::Sparse(SparseRows::read(r, classes)?));
        }
        if r.bool()? {
            let q = QuantRows::read(r)?;
            return if q.classes() == classes {
                Ok(Table::Quant(q))
            } else {
                Err(corrupt)
            };
        }
        let stored = r.u64()? as usize;
        let weights = r.f32s()?;
        if stored != classes || classes == 0 || weights.len() % classes != 0 {
            return Err(corrupt);
        }
        Ok(Table::Dense { classes, weights })
    }
}
