//! Decoding: the best label sequence under the learned scores (Viterbi), and by how much each
//! token's label beats its best alternative (max-marginals), for the confidence of a span.
//!
//! Labels are laid out as [`Labels`] says: `O`, then the `B-` labels, then the `I-` labels,
//! in the same order of entities. Since `O` and `B-x` may follow anything and `I-x` only
//! `B-x` or `I-x`, the forward pass takes the best of every label only for `O` and the
//! `B-` labels and of two for an `I-` label; the backward pass likewise. That halves the
//! work of a dense decode, with the same result.
//!
//! Both passes run label by label of the token they come from, element by element along a
//! row of scores (see `raise`), which vectorizes well for any number of labels.

/// The score of a step no path may take: finite, so that sums of a few never overflow or
/// turn into NaN, and far below any learned score.
pub(super) const NEVER: f32 = -1.0e30;

/// The BIO labels of `entities` entities: 0 is `O`, `1 + e` is `B-e` and
/// `1 + entities + e` is `I-e`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Labels {
    /// The number of entities.
    pub entities: usize,
}

impl Labels {
    /// The number of labels.
    pub fn count(self) -> usize {
        1 + 2 * self.entities
    }
    /// `B-e`.
    pub fn begin(self, e: usize) -> usize {
        1 + e
    }
    /// `I-e`.
    pub fn inside(self, e: usize) -> usize {
        1 + self.entities + e
    }
    /// Whether `y` is an `I-` label.
    pub fn is_inside(self, y: usize) -> bool {
        y > self.entities
    }
    /// The entity of a `B-` or `I-` label.
    pub fn entity(self, y: usize) -> Option<usize> {
        match y {
            0 => None,
            _ if y <= self.entities => Some(y - 1),
            _ => Some(y - 1 - self.entities),
        }
    }
    /// Whether `cur` may follow `prev`: `I-x` only after `B-x` or `I-x`.
    pub fn may_follow(self, prev: usize, cur: usize) -> bool {
        !self.is_inside(cur) || (prev != 0 && self.entity(prev) == self.entity(cur))
    }
    /// Whether a sentence may start with `y`: not with `I-x`.
    pub fn may_start(self, y: usize) -> bool {
        !self.is_inside(y)
    }
    /// The spans of a decoded path: `(entity, first token, end token)`.
    pub fn spans(self, path: &[usize]) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        let mut t = 0;
        while t < path.len() {
            let y = path[t];
            t += 1;
            if y == 0 || self.is_inside(y) {
                continue;
            }
            let first = t - 1;
            let e = y - 1;
            while t < path.len() && path[t] == self.inside(e) {
                t += 1;
            }
            out.push((e, first, t));
        }
        out
    }
}

/// The scores of one sentence over the labels of `labels.entities` entities.
#[derive(Debug)]
pub(super) struct Lattice<'a> {
    /// The label layout; `k = labels.count()` below.
    pub labels: Labels,
    /// `n × k`, token by token.
    pub emissions: &'a [f32],
    /// `k × k`: `into[cur * k + prev]` is the score of the step `prev → cur` ([`NEVER`] if the
    /// step breaks the BIO constraints).
    pub into: &'a [f32],
    /// `k × k`: `from[prev * k + cur]`, the same scores the other way round.
    pub from: &'a [f32],
    /// The score of starting with each label ([`NEVER`] for `I-`).
    pub start: &'a [f32],
    /// The score of ending with each label.
    pub end: &'a [f32],
}

impl Lattice<'_> {
    fn k(&self) -> usize {
        self.labels.count()
    }
    fn tokens(&self) -> usize {
        self.emissions.len() / self.k()
    }
    fn fits(&self) -> bool {
        let k = self.k();
        self.emissions.len() % k == 0
            && self.into.len() == k * k
            && self.from.len() == k * k
            && self.start.len() == k
            && self.end.len() == k
    }
}

/// `acc[i] = max(acc[i], d + row[i])`, element by element: the compiler turns this into
/// vector instructions, and there is no reduction across lanes. Decoding is made of these.
fn raise(acc: &mut [f32], d: f32, row: &[f32]) {
    for (a, &r) in acc.iter_mut().zip(row) {
        let s = d + r;
        *a = if s > *a { s } else { *a };
    }
}

/// The first index of the largest `a[i] + b[i]`, and that sum.
fn argbest(a: &[f32], b: &[f32]) -> (usize, f32) {
    let mut found = (0, f32::MIN);
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        let s = x + y;
        if s > found.1 {
            found = (i, s);
        }
    }
    found
}

/// Fills `path` with the best label of each token and `delta` (`n × k`) with the best score
/// of a path ending in each label at each token; returns the best total. Ties go to the
/// lower label, so decoding is deterministic.
pub(super) fn viterbi(l: &Lattice<'_>, delta: &mut Vec<f32>, path: &mut Vec<usize>) -> f32 {
    path.clear();
    delta.clear();
    if !l.fits() || l.tokens() == 0 {
        return 0.0;
    }
    let (n, k, m) = (l.tokens(), l.k(), l.labels.entities);
    delta.resize(n * k, NEVER);
    for (d, (s, e)) in delta.iter_mut().zip(l.start.iter().zip(l.emissions)) {
        *d = s + e;
    }
    for t in 1..n {
        let (done, rest) = delta.split_at_mut(t * k);
        let previous = &done[(t - 1) * k..];
        let current = &mut rest[..k];
        // O and B-: from anything. Label by label of the previous token, so that the inner
        // loop runs along a row of `from`.
        current[..=m].fill(f32::MIN);
        for (p, &d) in previous.iter().enumerate() {
            raise(&mut current[..=m], d, &l.from[p * k..p * k + m + 1]);
        }
        // I-x: from B-x or I-x.
        for e in 0..m {
            let (b, i) = (1 + e, 1 + m + e);
            let row = &l.into[i * k..(i + 1) * k];
            current[i] = (previous[b] + row[b]).max(previous[i] + row[i]);
        }
        for (c, e) in current.iter_mut().zip(&l.emissions[t * k..(t + 1) * k]) {
            *c += e;
        }
    }
    let (mut y, total) = argbest(&delta[(n - 1) * k..], l.end);
    path.resize(n, 0);
    path[n - 1] = y;
    for t in (1..n).rev() {
        y = argbest(&delta[(t - 1) * k..t * k], &l.into[y * k..(y + 1) * k]).0;
        path[t - 1] = y;
    }
    total
}

/// For each token, by how much the best path beats the best path that gives that token
/// another label: 0 for a tie, large for a sure decision. `delta`, `path` and `total` are
/// what [`viterbi`] gave; `beta` is scratch.
pub(super) fn margins(
    l: &Lattice<'_>,
    delta: &[f32],
    path: &[usize],
    total: f32,
    beta: &mut Vec<f32>,
    out: &mut Vec<f32>,
) {
    out.clear();
    beta.clear();
    if !l.fits() || l.tokens() == 0 || delta.len() != l.emissions.len() || path.len() != l.tokens() {
        return;
    }
    let (n, k, m) = (l.tokens(), l.k(), l.labels.entities);
    // beta[t][y]: the best score of the rest of the sentence after label y at token t.
    beta.resize(n * k, 0.0);
    beta[(n - 1) * k..].copy_from_slice(l.end);
    let mut ahead = vec![0.0f32; k];
    for t in (0..n - 1).rev() {
        let next = (t + 1) * k;
        for (a, (e, b)) in ahead
            .iter_mut()
            .zip(l.emissions[next..next + k].iter().zip(&beta[next..next + k]))
        {
            *a = e + b;
        }
        let here = &mut beta[t * k..(t + 1) * k];
        here.fill(f32::MIN);
        // Anything may go on with O or B-…
        for (c, &a) in ahead[..=m].iter().enumerate() {
            raise(here, a, &l.into[c * k..(c + 1) * k]);
        }
        // … and B-x and I-x also with I-x.
        for e in 0..m {
            let i = 1 + m + e;
            for y in [1 + e, i] {
                here[y] = here[y].max(ahead[i] + l.from[y * k + i]);
            }
        }
    }
    for (t, &chosen) in path.iter().enumerate() {
        let mut rival = f32::MIN;
        for y in (0..k).filter(|&y| y != chosen) {
            rival = rival.max(delta[t * k + y] + beta[t * k + y]);
        }
        out.push((total - rival).clamp(0.0, 1.0e6));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The scores of a path, or `None` if it breaks the constraints.
    fn score(l: &Lattice<'_>, labels: &[usize]) -> Option<f32> {
        let k = l.k();
        let n = labels.len();
        if !l.labels.may_start(labels[0]) {
            return None;
        }
        let mut s = l.start[labels[0]] + l.end[labels[n - 1]];
        for t in 0..n {
            s += l.emissions[t * k + labels[t]];
            if t > 0 {
                if !l.labels.may_follow(labels[t - 1], labels[t]) {
                    return None;
                }
                s += l.into[labels[t] * k + labels[t - 1]];
            }
        }
        Some(s)
    }

    #[test]
    fn viterbi_finds_the_best_path_and_margins_are_exact() {
        let mut seed = 7u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 40) % 1000) as f32 / 100.0 - 5.0
        };
        for entities in 1..3 {
            let labels = Labels { entities };
            let k = labels.count();
            for n in 1..5 {
                let emissions: Vec<f32> = (0..n * k).map(|_| next()).collect();
                let mut into: Vec<f32> = (0..k * k).map(|_| next()).collect();
                for (i, x) in into.iter_mut().enumerate() {
                    if !labels.may_follow(i % k, i / k) {
                        *x = NEVER;
                    }
                }
                let from: Vec<f32> = (0..k * k).map(|i| into[(i % k) * k + i / k]).collect();
                let start: Vec<f32> = (0..k)
                    .map(|y| if labels.may_start(y) { next() } else { NEVER })
                    .collect();
                let end: Vec<f32> = (0..k).map(|_| next()).collect();
                let l = Lattice {
                    labels,
                    emissions: &emissions,
                    into: &into,
                    from: &from,
                    start: &start,
                    end: &end,
                };
                let (mut delta, mut path, mut beta, mut m) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
                let total = viterbi(&l, &mut delta, &mut path);
                margins(&l, &delta, &path, total, &mut beta, &mut m);
                // Every path, by brute force: the best one, and per token the best one that
                // labels it otherwise.
                let mut want = (Vec::new(), f32::MIN);
                let mut rivals = vec![f32::MIN; n];
                for code in 0..k.pow(n as u32) {
                    let p: Vec<usize> = (0..n).map(|t| code / k.pow(t as u32) % k).collect();
                    let Some(s) = score(&l, &p) else { continue };
                    if s > want.1 {
                        want = (p.clone(), s);
                    }
                    for t in 0..n {
                        if p[t] != path[t] {
                            rivals[t] = rivals[t].max(s);
                        }
                    }
                }
                assert_eq!(path, want.0);
                assert!((total - want.1).abs() < 1e-3);
                for t in 0..n {
                    let expected = (total - rivals[t]).clamp(0.0, 1.0e6);
                    assert!((m[t] - expected).abs() < 1e-2, "{t}: {} vs {expected}", m[t]);
                }
            }
        }
    }

    #[test]
    fn spans_follow_b_then_i() {
        let labels = Labels { entities: 2 };
        // O B-0 I-0 B-1 B-0 I-0 I-0 O I-1 (a stray I- is no span)
        let path = [0, 1, 3, 2, 1, 3, 3, 0, 4];
        assert_eq!(labels.spans(&path), [(0, 1, 3), (1, 3, 4), (0, 4, 7)]);
    }
}
