//! Training the interaction classifier: multinomial logistic regression over sparse,
//! L2-normalized TF-IDF features, by stochastic gradient descent; then a temperature fitted
//! on held-out folds so that scores are calibrated probabilities.
//!
//! Everything here is deterministic: the examples are shuffled by a fixed-seed generator,
//! so the same bot always trains to the same weights (and the same model bytes).

/// One training example: its features (index, value), L2-normalized, and its class.
#[derive(Debug, Clone)]
pub(crate) struct Example {
    pub features: Vec<(u32, f32)>,
    pub class: u32,
}

/// Hyper-parameters of the classifier.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Params {
    /// L2 regularization strength.
    pub lambda: f32,
    /// Initial learning rate.
    pub eta: f32,
    /// Passes over the data.
    pub epochs: usize,
}

impl Default for Params {
    fn default() -> Self {
        let env = |k: &str, d: f32| std::env::var(k).ok().and_then(|v| v.parse().ok()).unwrap_or(d);
        Params { lambda: env("ILAMBDA", 1e-5), eta: env("IETA", 0.5), epochs: env("IEPOCHS", 15.0) as usize }
    }
}

/// The trained weights: `weights[f * classes + c]`, feature-major so that a feature's row is
/// contiguous (the query path adds whole rows).
#[derive(Debug, Clone)]
pub(crate) struct Weights {
    pub classes: usize,
    pub weights: Vec<f32>,
    pub bias: Vec<f32>,
}

impl Weights {
    /// The logits of one example.
    pub fn logits(&self, features: &[(u32, f32)], out: &mut [f32]) {
        out.copy_from_slice(&self.bias);
        for &(f, x) in features {
            let row = &self.weights[f as usize * self.classes..][..self.classes];
            for (o, w) in out.iter_mut().zip(row) {
                *o += x * w;
            }
        }
    }
}

/// A small deterministic generator (xorshift64*), for shuffling.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

/// In-place softmax with temperature `t`.
pub(crate) fn softmax(logits: &mut [f32], t: f32) {
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for l in logits.iter_mut() {
        *l = ((*l - max) / t).exp();
        sum += *l;
    }
    if sum > 0.0 {
        for l in logits.iter_mut() {
            *l /= sum;
        }
    }
}

/// Trains multinomial logistic regression by SGD with L2 regularization (applied lazily
/// through a global scale).
pub(crate) fn train(examples: &[Example], n_features: usize, classes: usize, params: Params) -> Weights {
    let mut weights = vec![0.0f32; n_features * classes];
    let mut bias = vec![0.0f32; classes];
    let mut scale = 1.0f32;
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = Rng::new(0x1A7E_47E1);
    let mut probs = vec![0.0f32; classes];
    let mut t = 0usize;
    let n = examples.len().max(1) as f32;
    let total = (params.epochs * examples.len()).max(1) as f32;
    for _ in 0..params.epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            let example = &examples[i];
            // The rate falls linearly to zero, so the last passes settle the weights.
            let eta = params.eta * (1.0 - t as f32 / total).max(1e-4);
            t += 1;
            probs.copy_from_slice(&bias);
            for &(f, x) in &example.features {
                let row = &weights[f as usize * classes..][..classes];
                let sx = scale * x;
                for (p, w) in probs.iter_mut().zip(row) {
                    *p += sx * w;
                }
            }
            softmax(&mut probs, 1.0);
            probs[example.class as usize] -= 1.0;
            scale *= 1.0 - eta * params.lambda;
            let step = eta / scale;
            for &(f, x) in &example.features {
                let row = &mut weights[f as usize * classes..][..classes];
                let g = step * x;
                for (w, p) in row.iter_mut().zip(&probs) {
                    *w -= g * p;
                }
            }
            // The bias learns more slowly: it sees every example.
            for (b, p) in bias.iter_mut().zip(&probs) {
                *b -= eta * p / n.sqrt();
            }
            if scale < 1e-4 {
                for w in weights.iter_mut() {
                    *w *= scale;
                }
                scale = 1.0;
            }
        }
    }
    for w in weights.iter_mut() {
        *w *= scale;
    }
    Weights { classes, weights, bias }
}

/// Fits the softmax temperature that minimizes the log-loss of held-out predictions
/// (`logits` of examples the model did not see, with their true classes).
pub(crate) fn fit_temperature(held_out: &[(Vec<f32>, u32)]) -> f32 {
    if held_out.is_empty() {
        return 1.0;
    }
    let loss = |t: f32| -> f64 {
        let mut total = 0.0f64;
        let mut probs = Vec::new();
        for (logits, class) in held_out {
            probs.clear();
            probs.extend_from_slice(logits);
            softmax(&mut probs, t);
            total -= f64::from(probs[*class as usize].max(1e-12)).ln();
        }
        total
    };
    // Golden-section search over log(t) in [log 0.05, log 20].
    let (mut lo, mut hi) = (0.05f32.ln(), 20f32.ln());
    let phi = 0.618_034f32;
    for _ in 0..40 {
        let a = hi - phi * (hi - lo);
        let b = lo + phi * (hi - lo);
        if loss(a.exp()) < loss(b.exp()) {
            hi = b;
        } else {
            lo = a;
        }
    }
    ((lo + hi) / 2.0).exp()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> Vec<Example> {
        // Feature 0 means class 0, feature 1 means class 1, feature 2 is noise.
        let mut examples = Vec::new();
        for i in 0..20 {
            let noise = if i % 2 == 0 { vec![(2, 0.5)] } else { vec![] };
            examples.push(Example { features: [vec![(0, 0.8)], noise.clone()].concat(), class: 0 });
            examples.push(Example { features: [vec![(1, 0.8)], noise].concat(), class: 1 });
        }
        examples
    }

    #[test]
    fn learns_a_separable_problem() {
        let w = train(&toy(), 3, 2, Params::default());
        let mut out = vec![0.0; 2];
        w.logits(&[(0, 1.0)], &mut out);
        assert!(out[0] > out[1]);
        w.logits(&[(1, 1.0)], &mut out);
        assert!(out[1] > out[0]);
    }

    #[test]
    fn training_is_deterministic() {
        let a = train(&toy(), 3, 2, Params::default());
        let b = train(&toy(), 3, 2, Params::default());
        assert_eq!(a.weights, b.weights);
        assert_eq!(a.bias, b.bias);
    }

    #[test]
    fn temperature_softens_overconfident_logits() {
        // Confident logits that are right only 3 times out of 4 want a temperature above 1.
        let held_out: Vec<(Vec<f32>, u32)> =
            (0..40).map(|i| (vec![8.0, 0.0], if i % 4 == 0 { 1 } else { 0 })).collect();
        let t = fit_temperature(&held_out);
        assert!(t > 1.5, "{t}");
        let mut p = vec![8.0, 0.0];
        softmax(&mut p, t);
        assert!((p[0] - 0.75).abs() < 0.02, "{p:?}");
    }

    #[test]
    fn shuffle_is_a_permutation() {
        let mut v: Vec<u32> = (0..100).collect();
        Rng::new(7).shuffle(&mut v);
        let mut sorted = v.clone();
        sorted.sort();
        assert_eq!(sorted, (0..100).collect::<Vec<_>>());
        assert_ne!(v, sorted);
    }
}
