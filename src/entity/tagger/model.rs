//! The trained tagger: its weights, tagging, and its bytes.

use serde_json::Value;

use super::decode::{Labels, Lattice, NEVER, margins, viterbi};
use super::features::for_each_feature;
use super::{TAGGER_WINDOW, TaggedExample};
use crate::analysis::{Analyzer, Span, Token};
use crate::entity::EntityMatch;
use crate::error::ModelError;
use crate::index::{Reader, Writer};

/// The version of the tagger's part of a model's bytes.
const TAGGER_FORMAT: u32 = 1;

/// A learned slot tagger: fills open-vocabulary entities (playlist names, restaurant names…),
/// which no list of values could hold, from annotated examples.
///
/// The tagger is a linear-chain sequence model over the analysed tokens of an utterance: each
/// token gets one label, `O` (outside any entity), `B-x` (begins an `x`) or `I-x` (continues
/// it). A label's score at a token is the sum of the weights of the token's features — its
/// word, stem, shape (`Xxxx`, `dd.dd`), prefixes and suffixes, the words, stems and shapes
/// around it, bigrams, and the known values the gazetteer finds there — plus a learned score
/// for each pair of consecutive labels. [Viterbi](https://en.wikipedia.org/wiki/Viterbi_algorithm)
/// decoding finds the best sequence under hard constraints: `I-x` only after `B-x` or `I-x`,
/// and only the entities the caller allows.
///
/// Weights are learned at compile time by a structured averaged perceptron (Collins, 2002): ten
/// passes over the examples in a seeded order, with integer updates, so the same examples
/// always give the same weights and bytes. During training, half of the gazetteer matches are
/// hidden in each pass (and a value annotated only once is always hidden: it would be unknown
/// had its sentence not been seen), and so are a fifth of the words, so that the model learns
/// the contexts of values rather than the values.
///
/// ```
/// use intently::analysis::Analyzer;
/// use intently::entity::{TaggedExample, Tagger};
/// use intently::Language;
///
/// let analyzer = Analyzer::new(Language::English);
/// // Spans are in characters.
/// let example = |text: &str, value: &str| {
///     let start = text[..text.find(value).unwrap()].chars().count();
///     TaggedExample {
///         text: text.into(),
///         spans: vec![("playlist".into(), start..start + value.chars().count())],
///     }
/// };
/// let examples = [
///     example("add this song to my playlist Summer Hits", "Summer Hits"),
///     example("put it on the playlist Road Trip please", "Road Trip"),
///     example("add a tune to playlist Chill Vibes", "Chill Vibes"),
///     example("add this to the playlist Morning Run now", "Morning Run"),
/// ];
/// let tagger = Tagger::train(&examples, &analyzer, &|_, _| Vec::new());
///
/// let text = "add this song to the playlist Rainy Days";
/// let found = tagger.tag(text, &analyzer.analyze(text), &[], None);
/// assert_eq!(found[0].entity, "playlist");
/// assert_eq!(found[0].raw, "Rainy Days");
/// ```
///
/// # Accuracy, size and speed
///
/// Measured by `examples/tagger_eval.rs` (exact entity and span, micro F1, each test line
/// tagged with the entities its intent has in training): 0.96 on SNIPS 2017 (13,784 training
/// sentences, 39 entities; trained in about 4 s, 3.8 MB), 0.91 on the three Braun corpora
/// pooled. Only the features with a weight are kept, each with the labels it votes for: a
/// sparse list, or a dense row of every label for the features seen everywhere. Tagging 20
/// tokens takes 20–30 µs with the 5 to 14 entities of a SNIPS intent, about 45 µs with all 39
/// (one core of a 2-core CI machine).
///
/// Texts longer than [`TAGGER_WINDOW`](super::TAGGER_WINDOW) tokens are tagged window by
/// window, so that memory stays bounded; an entity across two windows is cut in two.
///
/// Immutable once trained, `Send + Sync`; [`tag`](Tagger::tag) never fails and never panics.
#[derive(Debug, Clone, PartialEq)]
pub struct Tagger {
    /// The entity names, sorted; the labels are laid out as [`Labels`] says.
    pub(super) entities: Vec<String>,
    /// The features with a weight, in an open-addressing table indexed by the low bits of
    /// their keys (which are well mixed); one probe usually reads one cache line.
    table: Vec<Slot>,
    /// The weights of the features that have few: `(label, weight)`, feature after feature.
    sparse: Vec<(u32, f32)>,
    /// The weights of the features that have one for every label (those seen everywhere:
    /// the bias, common shapes and words), `L` after `L`: adding a row up is vectorized.
    dense: Vec<f32>,
    /// `L × L`: `transitions[prev * L + cur]`, without the BIO constraints.
    pub(super) transitions: Vec<f32>,
    /// The score of starting (ending) a sentence with each label.
    pub(super) start: Vec<f32>,
    pub(super) end: Vec<f32>,
    /// Margins are divided by this before the logistic that turns them into a score.
    pub(super) temperature: f32,
    /// Derived: the constraints of all the labels, when there are not too many.
    constraints: Option<Constraints>,
}

/// The most labels whose constraints a tagger keeps ready.
const READY_LABELS: usize = 512;

/// Transition scores among some labels, BIO constraints applied; see [`Lattice`].
#[derive(Debug, Clone, PartialEq)]
struct Constraints {
    into: Vec<f32>,
    from: Vec<f32>,
    start: Vec<f32>,
    end: Vec<f32>,
}

/// A feature in the lookup table: its key and where its weights are. A free slot has
/// `len == 0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Slot {
    key: u64,
    /// Where its weights start in `sparse`, or in `dense` if `len` has the [`DENSE`] bit.
    start: u32,
    len: u32,
}

/// Marks a slot whose weights are a dense row.
const DENSE: u32 = 1 << 31;

/// Where the weights of a feature are.
#[derive(Debug, Clone)]
enum Row {
    Sparse(std::ops::Range<usize>),
    Dense(std::ops::Range<usize>),
}

/// Scratch space of one tagging call.
#[derive(Default, Debug)]
struct Scratch {
    /// The features of the window: `(token, key)`.
    keys: Vec<(usize, u64)>,
    /// The weights of those that have some: `(token, row)`.
    rows: Vec<(usize, Row)>,
    /// `n × L`: the emission scores of every label.
    all: Vec<f32>,
    /// `n × k`: those of the active labels.
    emissions: Vec<f32>,
    delta: Vec<f32>,
    beta: Vec<f32>,
    path: Vec<usize>,
    margins: Vec<f32>,
}

impl Tagger {
    /// Trains a tagger on annotated sentences, analysed by `analyzer`.
    ///
    /// `gazetteer` lets features see the known values in a sentence (user entities, system
    /// entities such as `sys.number`): it is called once per sentence with its text and
    /// tokens and returns the matches, of any entity names, which need not be the tagged
    /// ones. Give [`tag`](Tagger::tag) the matches of the same gazetteer. Training is
    /// deterministic: the same examples give the same tagger, byte for byte.
    ///
    /// Sentences longer than [`TAGGER_WINDOW`](super::TAGGER_WINDOW) tokens are cut there,
    /// and only the first [`TAGGER_MAX_ENTITIES`](super::TAGGER_MAX_ENTITIES) entity names
    /// (in sorted order) are learned.
    pub fn train(
        examples: &[TaggedExample],
        analyzer: &Analyzer,
        gazetteer: &dyn Fn(&str, &[Token]) -> Vec<EntityMatch>,
    ) -> Tagger {
        super::train::train(examples, analyzer, gazetteer, &super::train::Options::default())
    }

    /// The entity names the tagger knows, sorted.
    pub fn entities(&self) -> &[String] {
        &self.entities
    }

    /// Tags one utterance: `text`, analysed into `tokens` by the analyzer the tagger was
    /// trained with, with the `gazetteer` matches found in it.
    ///
    /// `allowed` restricts the entities that may be output (`None`: all of them; names the
    /// tagger does not know are ignored). Returns the spans found, in order, each from its
    /// first token's start to its last token's end, with `value` the raw text as a JSON
    /// string and `score` in `[0.5, 1]`: 0.5 when another labelling of a token of the span
    /// scores as high, near 1 when the decision is clear (0.95 for the median right span of
    /// the training sentences).
    pub fn tag(
        &self,
        text: &str,
        tokens: &[Token],
        gazetteer: &[EntityMatch],
        allowed: Option<&[&str]>,
    ) -> Vec<EntityMatch> {
        let mut out = Vec::new();
        let chosen: Vec<usize> = (0..self.entities.len())
            .filter(|&e| allowed.is_none_or(|a| a.contains(&self.entities[e].as_str())))
            .collect();
        if chosen.is_empty() || tokens.is_empty() {
            return out;
        }
        let all = self.labels();
        let local = Labels {
            entities: chosen.len(),
        };
        // The label of each position of the local layout.
        let global: Vec<usize> = std::iter::once(0)
            .chain(chosen.iter().map(|&e| all.begin(e)))
            .chain(chosen.iter().map(|&e| all.inside(e)))
            .collect();
        let owned;
        let constraints = match &self.constraints {
            Some(c) if chosen.len() == self.entities.len() => c,
            _ => {
                owned = self.constraints(&global, local);
                &owned
            }
        };
        let mut scratch = Scratch::default();
        let windowed = tokens.len() > TAGGER_WINDOW;
        let mut near = Vec::new();
        for window in tokens.chunks(TAGGER_WINDOW) {
            let matches = if windowed {
                // Only the matches inside the window, so that a long text stays linear.
                let (lo, hi) = window
                    .first()
                    .zip(window.last())
                    .map_or((0, 0), |(a, b)| (a.span.char_start, b.span.char_end));
                near.clear();
                near.extend(
                    gazetteer
                        .iter()
                        .filter(|m| lo <= m.span.char_start && m.span.char_end <= hi)
                        .cloned(),
                );
                &near[..]
            } else {
                gazetteer
            };
            self.tag_window(text, window, matches, &global, constraints, &mut scratch);
            for (j, first, end) in local.spans(&scratch.path) {
                let margin = scratch.margins[first..end]
                    .iter()
                    .copied()
                    .fold(f32::MAX, f32::min);
                let score = 1.0 / (1.0 + (-margin / self.temperature).exp());
                let (a, b) = (&window[first].span, &window[end - 1].span);
                let span = Span {
                    byte_start: a.byte_start,
                    byte_end: b.byte_end.max(a.byte_start),
                    char_start: a.char_start,
                    char_end: b.char_end.max(a.char_start),
                };
                out.push(EntityMatch::new(
                    &self.entities[chosen[j]],
                    Value::String(span.slice(text).to_string()),
                    text,
                    span,
                    score.clamp(0.0, 1.0),
                ));
            }
        }
        out
    }

    /// The label layout of all the entities.
    fn labels(&self) -> Labels {
        Labels {
            entities: self.entities.len(),
        }
    }

    /// The transition scores among the labels `global` (laid out as `local`) with the BIO
    /// constraints; see [`Lattice`].
    fn constraints(&self, global: &[usize], local: Labels) -> Constraints {
        let (k, l) = (global.len(), self.start.len());
        let mut into = vec![NEVER; k * k];
        let mut from = vec![NEVER; k * k];
        for (p, &prev) in global.iter().enumerate() {
            for (c, &cur) in global.iter().enumerate() {
                if local.may_follow(p, c) {
                    let s = self.transitions[prev * l + cur];
                    into[c * k + p] = s;
                    from[p * k + c] = s;
                }
            }
        }
        let start = global
            .iter()
            .enumerate()
            .map(|(p, &y)| if local.may_start(p) { self.start[y] } else { NEVER })
            .collect();
        let end = global.iter().map(|&y| self.end[y]).collect();
        Constraints {
            into,
            from,
            start,
            end,
        }
    }

    /// Decodes one window of tokens into `s.path` (positions of `global`) and `s.margins`.
    fn tag_window(
        &self,
        text: &str,
        tokens: &[Token],
        gazetteer: &[EntityMatch],
        global: &[usize],
        c: &Constraints,
        s: &mut Scratch,
    ) {
        let (n, k, l) = (tokens.len(), global.len(), self.start.len());
        // Two accumulators, rows taking turns: consecutive rows add to the same labels, and
        // one chain of additions would wait on the previous store each time.
        s.all.clear();
        s.all.resize(2 * n * l, 0.0);
        s.emissions.clear();
        s.emissions.resize(n * k, 0.0);
        // Keys first, then rows, then weights: independent lookups in a tight loop let the
        // processor fetch many table entries at once.
        s.keys.clear();
        for_each_feature(text, tokens, gazetteer, |t, key, _| s.keys.push((t, key)));
        s.rows.clear();
        s.rows.extend(
            s.keys
                .iter()
                .filter_map(|&(t, key)| self.find(key).map(|row| (t, row))),
        );
        for (i, (t, row)) in s.rows.drain(..).enumerate() {
            let at = &mut s.all[((i & 1) * n + t) * l..((i & 1) * n + t + 1) * l];
            match row {
                Row::Dense(row) => {
                    for (e, w) in at.iter_mut().zip(&self.dense[row]) {
                        *e += w;
                    }
                }
                Row::Sparse(row) => {
                    for &(label, w) in &self.sparse[row] {
                        if let Some(e) = at.get_mut(label as usize) {
                            *e += w;
                        }
                    }
                }
            }
        }
        let (even, odd) = s.all.split_at(n * l);
        for (scores, (a, b)) in s
            .emissions
            .chunks_exact_mut(k)
            .zip(even.chunks_exact(l).zip(odd.chunks_exact(l)))
        {
            for (e, &y) in scores.iter_mut().zip(global) {
                *e = a[y] + b[y];
            }
        }
        let lattice = Lattice {
            labels: Labels { entities: k / 2 },
            emissions: &s.emissions,
            into: &c.into,
            from: &c.from,
            start: &c.start,
            end: &c.end,
        };
        let total = viterbi(&lattice, &mut s.delta, &mut s.path);
        margins(&lattice, &s.delta, &s.path, total, &mut s.beta, &mut s.margins);
    }

    /// Where the weights of the feature with this key are, if it has any.
    fn find(&self, key: u64) -> Option<Row> {
        let mask = self.table.len().checked_sub(1)?;
        let mut i = key as usize & mask;
        loop {
            let slot = self.table.get(i)?;
            if slot.len == 0 {
                return None;
            }
            if slot.key == key {
                let start = slot.start as usize;
                let len = (slot.len & !DENSE) as usize;
                return Some(if slot.len & DENSE == 0 {
                    Row::Sparse(start..start + len)
                } else {
                    Row::Dense(start..start + len)
                });
            }
            i = (i + 1) & mask;
        }
    }

    /// A tagger that knows no entity and finds nothing.
    pub(super) fn empty() -> Tagger {
        Tagger {
            entities: Vec::new(),
            table: vec![Slot::default()],
            sparse: Vec::new(),
            dense: Vec::new(),
            transitions: vec![0.0],
            start: vec![0.0],
            end: vec![0.0],
            temperature: 1.0,
            constraints: None,
        }
    }

    /// A tagger from its parts: `keys` sorted, feature `f`'s weights in
    /// `labels[offsets[f]..offsets[f + 1]]` and the same range of `weights`; see the fields
    /// for the others. A row with every label in order is kept dense. `None` if the parts do
    /// not fit together.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn from_parts(
        entities: Vec<String>,
        keys: &[u64],
        offsets: &[u32],
        labels: &[u16],
        weights: &[f32],
        transitions: Vec<f32>,
        start: Vec<f32>,
        end: Vec<f32>,
        temperature: f32,
    ) -> Option<Tagger> {
        let l = entities.len().checked_mul(2)?.checked_add(1)?;
        let finite = |v: &[f32]| v.iter().all(|x| x.is_finite());
        let consistent = l <= usize::from(u16::MAX)
            && keys.windows(2).all(|w| w[0] < w[1])
            && offsets.len() == keys.len() + 1
            && offsets.first() == Some(&0)
            && offsets.windows(2).all(|w| w[0] < w[1])
            && offsets.last().is_some_and(|&last| last as usize == labels.len())
            && labels.len() < DENSE as usize
            && weights.len() == labels.len()
            && labels.iter().all(|&y| usize::from(y) < l)
            && transitions.len() == l * l
            && start.len() == l
            && end.len() == l
            && [weights, &transitions, &start, &end].iter().all(|v| finite(v))
            && temperature.is_finite()
            && temperature > 0.0;
        if !consistent {
            return None;
        }
        let size = (keys.len() + keys.len() / 3 + 1).next_power_of_two();
        let mask = size - 1;
        let mut table = vec![Slot::default(); size];
        let (mut sparse, mut dense) = (Vec::new(), Vec::new());
        for (&key, range) in keys.iter().zip(offsets.windows(2)) {
            let row = range[0] as usize..range[1] as usize;
            let in_order = labels[row.clone()].iter().copied().map(usize::from).eq(0..l);
            let slot = if in_order {
                let slot = Slot {
                    key,
                    start: u32::try_from(dense.len()).ok()?,
                    len: l as u32 | DENSE,
                };
                dense.extend_from_slice(&weights[row]);
                slot
            } else {
                let slot = Slot {
                    key,
                    start: sparse.len() as u32,
                    len: row.len() as u32,
                };
                sparse.extend(
                    labels[row.clone()]
                        .iter()
                        .map(|&y| u32::from(y))
                        .zip(weights[row].iter().copied()),
                );
                slot
            };
            let mut i = key as usize & mask;
            while table[i].len != 0 {
                i = (i + 1) & mask;
            }
            table[i] = slot;
        }
        let mut tagger = Tagger {
            entities,
            table,
            sparse,
            dense,
            transitions,
            start,
            end,
            temperature,
            constraints: None,
        };
        if l <= READY_LABELS {
            let global: Vec<usize> = (0..l).collect();
            tagger.constraints = Some(tagger.constraints(&global, tagger.labels()));
        }
        Some(tagger)
    }

    /// Writes the tagger, field by field.
    pub fn write(&self, w: &mut Writer) {
        w.u32(TAGGER_FORMAT);
        w.list(&self.entities, |w, e| w.str(e));
        let mut slots: Vec<&Slot> = self.table.iter().filter(|s| s.len != 0).collect();
        slots.sort_by_key(|s| s.key);
        let l = self.start.len();
        let (mut offsets, mut labels, mut weights) = (vec![0u32], Vec::new(), Vec::new());
        for slot in &slots {
            match self.find(slot.key) {
                Some(Row::Dense(row)) => {
                    labels.extend((0..l).map(|y| y as u16));
                    weights.extend_from_slice(&self.dense[row]);
                }
                Some(Row::Sparse(row)) => {
                    for &(y, x) in &self.sparse[row] {
                        labels.push(y as u16);
                        weights.push(x);
                    }
                }
                None => {}
            }
            offsets.push(labels.len() as u32);
        }
        let keys: Vec<u64> = slots.iter().map(|s| s.key).collect();
        w.u64s(&keys);
        w.u32s(&offsets);
        let labels: Vec<u8> = labels.iter().flat_map(|y| y.to_le_bytes()).collect();
        w.bytes(&labels);
        w.f32s(&weights);
        w.f32s(&self.transitions);
        w.f32s(&self.start);
        w.f32s(&self.end);
        w.f32(self.temperature);
    }

    /// Reads a tagger written by [`write`](Tagger::write); corrupt bytes give an error.
    pub fn read(r: &mut Reader<'_>) -> Result<Tagger, ModelError> {
        if r.u32()? != TAGGER_FORMAT {
            return Err(ModelError::Corrupt {
                what: "unknown slot tagger format",
            });
        }
        let entities = r.list(|r| r.str())?;
        let keys = r.u64s()?;
        let offsets = r.u32s()?;
        let labels = r.bytes()?;
        if labels.len() % 2 != 0 {
            return Err(ModelError::Corrupt {
                what: "slot tagger labels have an odd number of bytes",
            });
        }
        let labels: Vec<u16> = labels
            .chunks_exact(2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
            .collect();
        let weights = r.f32s()?;
        let transitions = r.f32s()?;
        let start = r.f32s()?;
        let end = r.f32s()?;
        let temperature = r.f32()?;
        Tagger::from_parts(
            entities,
            &keys,
            &offsets,
            &labels,
            &weights,
            transitions,
            start,
            end,
            temperature,
        )
        .ok_or(ModelError::Corrupt {
            what: "slot tagger tables do not fit together",
        })
    }

    /// The tagger alone as versioned, checksummed bytes (the model format's header around
    /// [`write`](Tagger::write)).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::new();
        self.write(&mut w);
        w.finish()
    }

    /// Reads bytes made by [`to_bytes`](Tagger::to_bytes).
    pub fn from_bytes(bytes: &[u8]) -> Result<Tagger, ModelError> {
        let mut r = Reader::open(bytes)?;
        let tagger = Tagger::read(&mut r)?;
        r.finish()?;
        Ok(tagger)
    }
}
