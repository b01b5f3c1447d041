//! Calibration: whether a score means the probability that the answer is right.
//!
//! The matcher promises that a score of 0.8 is right about four times in five, so that one
//! threshold works across bots. [`Calibration::new`] checks the promise on test data: the
//! top-ranked interaction of each line, its score, and whether it was the expected one.

use serde::Serialize;

/// How many equal-width score bins [`Calibration`] has.
pub const BINS: usize = 10;

/// The lines whose top score fell in one bin.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Bin {
    /// The lowest score of the bin (inclusive).
    pub lower: f64,
    /// The highest score of the bin (exclusive, except 1.0 in the last bin).
    pub upper: f64,
    /// How many lines fell in it.
    pub count: usize,
    /// Their mean score.
    pub mean_score: f64,
    /// The share of them whose top-ranked interaction was right.
    pub accuracy: f64,
}

/// How well scores match the rate at which answers are right.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calibration {
    /// The expected calibration error: the mean over lines of the gap between the mean score
    /// and the accuracy of the line's bin (0 is perfect).
    pub expected_error: f64,
    /// The Brier score: the mean of `(score − right)²`, where `right` is 1 or 0.
    pub brier: f64,
    /// The bins that hold lines, lowest scores first.
    pub bins: Vec<Bin>,
}

impl Calibration {
    /// Measures `(score, right)` pairs: the score of each line's top-ranked interaction and
    /// whether it was the expected one (never, for an out-of-scope line). Scores outside
    /// `[0, 1]` are clamped; a line without any candidate is given as score 0, not right.
    ///
    /// ```
    /// use intently::eval::Calibration;
    ///
    /// // Scored 0.9 and right 9 times in 10: calibrated.
    /// let lines: Vec<(f32, bool)> = (0..10).map(|i| (0.9, i < 9)).collect();
    /// let c = Calibration::new(&lines);
    /// assert!(c.expected_error < 1e-6);
    /// assert_eq!(c.bins.len(), 1);
    /// ```
    pub fn new(lines: &[(f32, bool)]) -> Calibration {
        let mut sums = [(0usize, 0.0f64, 0usize); BINS];
        let mut brier = 0.0;
        for &(score, right) in lines {
            let score = f64::from(score).clamp(0.0, 1.0);
            let bin = ((score * BINS as f64) as usize).min(BINS - 1);
            sums[bin].0 += 1;
            sums[bin].1 += score;
            sums[bin].2 += usize::from(right);
            let truth = if right { 1.0 } else { 0.0 };
            brier += (score - truth) * (score - truth);
        }
        let n = lines.len().max(1) as f64;
        let bins: Vec<Bin> = sums
            .iter()
            .enumerate()
            .filter(|(_, s)| s.0 > 0)
            .map(|(b, &(count, total, right))| Bin {
                lower: b as f64 / BINS as f64,
                upper: (b + 1) as f64 / BINS as f64,
                count,
                mean_score: total / count as f64,
                accuracy: right as f64 / count as f64,
            })
            .collect();
        let expected_error = bins
            .iter()
            .map(|b| b.count as f64 / n * (b.mean_score - b.accuracy).abs())
            .sum();
        Calibration {
            expected_error,
            brier: brier / n,
            bins,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overconfidence_is_the_gap_per_bin_weighted_by_lines() {
        // 10 lines at 0.95, half right (gap 0.45); 10 at 0.15, none right (gap 0.15).
        let mut lines: Vec<(f32, bool)> = (0..10).map(|i| (0.95, i % 2 == 0)).collect();
        lines.extend((0..10).map(|_| (0.15, false)));
        let c = Calibration::new(&lines);
        assert_eq!(c.bins.len(), 2);
        assert_eq!(c.bins[0].count, 10);
        assert!((c.bins[0].lower - 0.1).abs() < 1e-9);
        assert!((c.bins[1].accuracy - 0.5).abs() < 1e-9);
        assert!((c.expected_error - (0.5 * 0.45 + 0.5 * 0.15)).abs() < 1e-6);
        // Brier: right at 0.95 → 0.0025, wrong at 0.95 → 0.9025, wrong at 0.15 → 0.0225.
        let brier = (5.0 * 0.0025 + 5.0 * 0.9025 + 10.0 * 0.0225) / 20.0;
        assert!((c.brier - brier).abs() < 1e-6);
    }

    #[test]
    fn a_score_of_one_falls_in_the_last_bin_and_odd_scores_are_clamped() {
        let c = Calibration::new(&[(1.0, true), (1.7, true), (-0.2, false)]);
        assert_eq!(c.bins.len(), 2);
        assert_eq!(c.bins[1].count, 2);
        assert!((c.bins[1].lower - 0.9).abs() < 1e-9);
        assert!(c.expected_error < 1e-9);
        assert!(c.brier < 1e-9);
    }

    #[test]
    fn no_lines_measure_nothing() {
        let c = Calibration::new(&[]);
        assert!(c.bins.is_empty());
        assert_eq!(c.expected_error, 0.0);
        assert_eq!(c.brier, 0.0);
    }
}
