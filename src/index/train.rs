//! Training the interaction classifier: linear SVMs (one per class) over sparse,
//! L2-normalized TF-IDF features, by dual coordinate descent; then a softmax temperature
//! fitted on held-out decision values, so that scores are calibrated probabilities.
//!
//! Everything here is deterministic: the examples are shuffled by a fixed-seed generator,
//! so the same bot always trains to the same weights (and the same model bytes).

/// One training example: its sparse features (index, value), its dense features (the last
/// `dense.len()` features of the space: a phrase vector, or nothing), and its class.
#[derive(Debug, Clone)]
pub(crate) struct Example {
    pub features: Vec<(u32, f32)>,
    pub dense: Vec<f32>,
    pub class: u32,
}

impl Example {
    /// The example's decision value under the weights `w` (every feature, dense ones last).
    fn dot(&self, w: &[f32]) -> f32 {
        let sparse: f32 = self.features.iter().map(|&(f, x)| w[f as usize] * x).sum();
        sparse + dot(&w[w.len() - self.dense.len()..], &self.dense)
    }

    /// Adds `step` times the example to the weights `w`.
    fn add_to(&self, step: f32, w: &mut [f32]) {
        for &(f, x) in &self.features {
            w[f as usize] += step * x;
        }
        let at = w.len() - self.dense.len();
        for (w, x) in w[at..].iter_mut().zip(&self.dense) {
            *w += step * x;
        }
    }

    fn squared_norm(&self) -> f32 {
        self.features.iter().map(|f| f.1 * f.1).sum::<f32>() + dot(&self.dense, &self.dense)
    }
}

/// The dot product of two slices, in eight lanes so that it vectorizes.
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut lanes = [0.0f32; 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = ca
        .remainder()
        .iter()
        .zip(cb.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in ca.zip(cb) {
        for i in 0..8 {
            lanes[i] += x[i] * y[i];
        }
    }
    lanes.iter().sum::<f32>() + tail
}

/// Hyper-parameters of the classifier.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Params {
    /// The SVM's cost of a margin violation (higher: less regularization).
    pub cost: f32,
    /// Passes over the data per class.
    pub epochs: usize,
}

impl Default for Params {
    fn default() -> Self {
        Params { cost: 2.0, epochs: 8 }
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
    pub fn logits(&self, example: &Example, out: &mut [f32]) {
        out.copy_from_slice(&self.bias);
        let first_dense = self.weights.len() / self.classes - example.dense.len();
        let dense = example
            .dense
            .iter()
            .enumerate()
            .map(|(d, &x)| (first_dense + d, x));
        let sparse = example.features.iter().map(|&(f, x)| (f as usize, x));
        for (f, x) in sparse.chain(dense) {
            let row = &self.weights[f * self.classes..][..self.classes];
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

/// Runs `work` over `jobs` cut into one chunk per thread, on as many threads as the machine
/// has (at most 8); each call gets one chunk.
pub(crate) fn in_parallel<T: Send>(jobs: &mut [T], work: impl Fn(&mut [T]) + Sync) {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let per_thread = jobs.len().div_ceil(threads).max(1);
    let work = &work;
    // A panic in a thread is re-raised when the scope ends: it would be a bug here.
    std::thread::scope(|scope| {
        for chunk in jobs.chunks_mut(per_thread) {
            scope.spawn(move || work(chunk));
        }
    });
}

/// Runs `train` for every class in parallel (each thread with a scratch vector of
/// `n_features` zeros, which `train` must leave zeroed) and returns the results in class
/// order. Each class has its own seeded order, so the result does not depend on the
/// threads.
fn for_each_class<T: Send>(
    classes: usize,
    n_features: usize,
    train: impl Fn(usize, &mut [f32]) -> T + Sync,
) -> Vec<T> {
    let mut jobs: Vec<(usize, Option<T>)> = (0..classes).map(|k| (k, None)).collect();
    in_parallel(&mut jobs, |chunk| {
        let mut scratch = vec![0.0f32; n_features];
        for (k, result) in chunk.iter_mut() {
            *result = Some(train(*k, &mut scratch));
        }
    });
    jobs.into_iter().filter_map(|(_, result)| result).collect()
}

/// Trains one L2-regularized, squared-hinge linear SVM per class (one against the rest) by
/// dual coordinate descent, the algorithm of LIBLINEAR; the bias is a constant feature.
/// Classes are trained on as many threads as the machine has, each class with its own
/// seeded order, so the result does not depend on the threads.
pub(crate) fn train(examples: &[Example], n_features: usize, classes: usize, params: Params) -> Weights {
    let results: Vec<Binary> = for_each_class(classes, n_features, |k, _| {
        train_binary(examples, n_features, k, params)
    });
    let mut weights = vec![0.0f32; n_features * classes];
    let mut bias = vec![0.0f32; classes];
    for binary in results {
        for (f, x) in binary.weights.iter().enumerate() {
            weights[f * classes + binary.class] = *x;
        }
        bias[binary.class] = binary.bias;
    }
    Weights {
        classes,
        weights,
        bias,
    }
}

/// Above this many classes training is restricted and weights are kept sparse (see
/// [`train_sparse`]).
pub(crate) const SPARSE_CLASSES: usize = 512;
/// How many other examples each class of a large story also trains against, picked by a
/// seeded hash, so that words every class shares get their weight too.
const SPARSE_SAMPLE: usize = 256;
/// The smallest weight a class keeps in a large story, relative to its largest.
const SPARSE_PRUNE: f32 = 0.05;

/// Trains the classes of a large story: each class against its *neighbours* only — the
/// examples that share with its own examples a feature held by few examples — and a seeded
/// sample of the rest, so the cost grows with the size of the neighbourhoods rather than
/// with classes × examples. Returns feature-major sparse rows (unscaled) and the biases.
pub(crate) fn train_sparse(
    examples: &[Example],
    n_features: usize,
    classes: usize,
    params: Params,
) -> (Vec<Vec<(u32, f32)>>, Vec<f32>) {
    let rare = (examples.len() / 200).max(20);
    let mut postings: Vec<Vec<u32>> = vec![Vec::new(); n_features];
    for (i, e) in examples.iter().enumerate() {
        for &(f, _) in &e.features {
            postings[f as usize].push(i as u32);
        }
    }
    let mut by_class: Vec<Vec<u32>> = vec![Vec::new(); classes];
    for (i, e) in examples.iter().enumerate() {
        by_class[e.class as usize].push(i as u32);
    }
    let step = (examples.len() / SPARSE_SAMPLE).max(1);
    let results: Vec<ClassWeights> = for_each_class(classes, n_features, |k, w| {
        let mut subset: Vec<u32> = by_class[k].clone();
        for &i in &by_class[k] {
            for &(f, _) in &examples[i as usize].features {
                let p = &postings[f as usize];
                if p.len() <= rare {
                    subset.extend_from_slice(p);
                }
            }
        }
        subset.extend((k % step..examples.len()).step_by(step).map(|i| i as u32));
        subset.sort_unstable();
        subset.dedup();
        let (weights, bias) = train_subset(examples, &subset, k, params, w);
        (k, weights, bias)
    });
    let mut rows: Vec<Vec<(u32, f32)>> = vec![Vec::new(); n_features];
    let mut bias = vec![0.0f32; classes];
    for (k, weights, b) in results {
        for (f, x) in weights {
            rows[f as usize].push((k as u32, x));
        }
        bias[k] = b;
    }
    (rows, bias)
}

/// One class's sparse weights and bias, as [`train_sparse`] collects them.
type ClassWeights = (usize, Vec<(u32, f32)>, f32);

/// One class of a large story over a subset of the examples; `w` is a zeroed scratch vector
/// of every feature, left zeroed. Returns the strong non-zero weights and the bias.
fn train_subset(
    examples: &[Example],
    subset: &[u32],
    class: usize,
    params: Params,
    w: &mut [f32],
) -> (Vec<(u32, f32)>, f32) {
    let b = dual_coordinate_descent(examples, subset, class, params, w);
    let mut weights = Vec::new();
    for &i in subset {
        for &(f, _) in &examples[i as usize].features {
            let x = std::mem::take(&mut w[f as usize]);
            if x != 0.0 {
                weights.push((f, x));
            }
        }
    }
    // The examples of other classes leave small weights on all their words; keeping them
    // would make every row dense again. Only weights of at least a twentieth of the largest
    // stay.
    let largest = weights.iter().fold(0.0f32, |m, w| m.max(w.1.abs()));
    weights.retain(|w| w.1.abs() >= SPARSE_PRUNE * largest);
    (weights, b)
}

/// The weights of one class against the rest.
struct Binary {
    class: usize,
    weights: Vec<f32>,
    bias: f32,
}

fn train_binary(examples: &[Example], n_features: usize, class: usize, params: Params) -> Binary {
    let mut weights = vec![0.0f32; n_features];
    let all: Vec<u32> = (0..examples.len() as u32).collect();
    let bias = dual_coordinate_descent(examples, &all, class, params, &mut weights);
    Binary { class, weights, bias }
}

/// Dual coordinate descent for one class (`+1`) against the rest (`−1`) over a subset of
/// the examples, adding to the weights `w`; returns the bias. An example found far on the
/// right side of the margin is dropped for the remaining passes (shrinking: most examples
/// of the other classes are, after the first pass); the passes stop early when no dual
/// variable moves.
fn dual_coordinate_descent(
    examples: &[Example],
    subset: &[u32],
    class: usize,
    params: Params,
    w: &mut [f32],
) -> f32 {
    let n = subset.len();
    let mut b = 0.0f32;
    let mut alpha = vec![0.0f32; n];
    let diag = 0.5 / params.cost;
    let example = |j: usize| &examples[subset[j] as usize];
    let y: Vec<f32> = (0..n)
        .map(|j| {
            if example(j).class as usize == class {
                1.0
            } else {
                -1.0
            }
        })
        .collect();
    let q: Vec<f32> = (0..n).map(|j| example(j).squared_norm() + 1.0 + diag).collect();
    let mut order: Vec<usize> = (0..n).collect();
    let mut rng = Rng::new(0x5EED ^ (class as u64).wrapping_mul(0x9E37_79B9));
    let mut active = vec![true; n];
    for _ in 0..params.epochs {
        rng.shuffle(&mut order);
        let mut max_change = 0.0f32;
        for &j in &order {
            if !active[j] {
                continue;
            }
            let e = example(j);
            let margin = y[j] * (b + e.dot(w));
            let g = margin - 1.0 + diag * alpha[j];
            let pg = if alpha[j] == 0.0 { g.min(0.0) } else { g };
            if pg == 0.0 {
                if alpha[j] == 0.0 && g > 0.5 {
                    active[j] = false;
                }
                continue;
            }
            let old = alpha[j];
            alpha[j] = (old - g / q[j]).max(0.0);
            let step = (alpha[j] - old) * y[j];
            if step != 0.0 {
                e.add_to(step, w);
                b += step;
                max_change = max_change.max(step.abs());
            }
        }
        if max_change < 1e-4 {
            break;
        }
    }
    b
}

/// How many held-out points [`fit_temperature`] uses at most.
pub(crate) const TEMPERATURE_POINTS: usize = 4000;

/// Fits the softmax temperature that minimizes the log-loss of held-out predictions
/// (`logits` of examples the model did not see, with their true classes).
pub(crate) fn fit_temperature(held_out: &[(Vec<f32>, u32)]) -> f32 {
    if held_out.is_empty() {
        return 1.0;
    }
    // A few thousand points pin one parameter down well; more only cost time.
    let stride = held_out.len().div_ceil(TEMPERATURE_POINTS).max(1);
    let held_out: Vec<&(Vec<f32>, u32)> = held_out.iter().step_by(stride).collect();
    let loss = |t: f32| -> f64 {
        let mut total = 0.0f64;
        let mut probs = Vec::new();
        for (logits, class) in &held_out {
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
    for _ in 0..30 {
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
            examples.push(Example {
                features: [vec![(0, 0.8)], noise.clone()].concat(),
                dense: Vec::new(),
                class: 0,
            });
            examples.push(Example {
                features: [vec![(1, 0.8)], noise].concat(),
                dense: Vec::new(),
                class: 1,
            });
        }
        examples
    }

    #[test]
    fn learns_a_separable_problem() {
        let w = train(&toy(), 3, 2, Params::default());
        let mut out = vec![0.0; 2];
        let probe = |f| Example {
            features: vec![(f, 1.0)],
            dense: Vec::new(),
            class: 0,
        };
        w.logits(&probe(0), &mut out);
        assert!(out[0] > out[1]);
        w.logits(&probe(1), &mut out);
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
        let held_out: Vec<(Vec<f32>, u32)> = (0..40)
            .map(|i| (vec![8.0, 0.0], if i % 4 == 0 { 1 } else { 0 }))
            .collect();
        let t = fit_temperature(&held_out);
        assert!(t > 1.5, "{t}");
        let mut p = vec![8.0, 0.0];
        softmax(&mut p, t);
        assert!((p[0] - 0.75).abs() < 0.02, "{p:?}");
    }

    #[test]
    fn dense_features_are_learned_after_the_sparse_ones() {
        // Feature 0 is noise shared by both classes; the two dense features (features 1
        // and 2 of the space) tell them apart.
        let example = |class: u32| Example {
            features: vec![(0, 0.5)],
            dense: if class == 0 {
                vec![0.9, 0.1]
            } else {
                vec![0.1, 0.9]
            },
            class,
        };
        let examples: Vec<Example> = (0..20).map(|i| example(i % 2)).collect();
        let w = train(&examples, 3, 2, Params::default());
        let mut out = vec![0.0; 2];
        w.logits(&example(0), &mut out);
        assert!(out[0] > out[1], "{out:?}");
        w.logits(&example(1), &mut out);
        assert!(out[1] > out[0], "{out:?}");
    }

    #[test]
    fn dot_products_of_any_length() {
        for n in 0..40 {
            let a: Vec<f32> = (0..n).map(|i| i as f32 * 0.5).collect();
            let b: Vec<f32> = (0..n).map(|i| 3.0 - i as f32).collect();
            let naive: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
            assert!((dot(&a, &b) - naive).abs() < 1e-3, "{n}");
        }
    }

    #[test]
    fn parallel_jobs_all_run_once() {
        let mut jobs: Vec<u32> = (0..1000).collect();
        in_parallel(&mut jobs, |chunk| chunk.iter_mut().for_each(|j| *j *= 2));
        assert!(jobs.iter().enumerate().all(|(i, &j)| j == 2 * i as u32));
        let classes = for_each_class(37, 4, |k, scratch| {
            assert!(scratch.iter().all(|&x| x == 0.0));
            k * 10
        });
        assert_eq!(classes, (0..37).map(|k| k * 10).collect::<Vec<_>>());
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
