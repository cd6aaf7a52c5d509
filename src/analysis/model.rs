//! An averaged perceptron over hashed features, with its binary format.
//!
//! The shipped model (`assets/model/tagger.bin`) is trained on the GUM
//! corpus by `cargo run --release --bin train_tagger` (see
//! `assets/model/README.md`). Its weights are parsed once, on first use.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// Number of labels: O, then B and I for person, place, organisation.
pub const LABELS: usize = 7;

/// Label index of "outside any name".
pub const O: u8 = 0;

/// Scores for every label.
pub type Scores = [f32; LABELS];

const MAGIC: &[u8; 8] = b"DRTAG003";

static MODEL_BYTES: &[u8] = include_bytes!("../../assets/model/tagger.bin");

static FIRST_MODEL_BYTES: &[u8] = include_bytes!("../../assets/model/tagger-first.bin");

/// A hasher for keys that are already well-mixed 64-bit hashes.
#[derive(Default, Clone, Copy)]
pub struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A fast hasher for short string keys (the FxHash mixing step): the
/// tagger looks words up millions of times, and SipHash's resistance to
/// flooding buys nothing on a document's own words.
#[derive(Default, Clone, Copy)]
pub struct FastHasher(u64);

impl Hasher for FastHasher {
    fn finish(&self) -> u64 {
        // A product's high bits are well mixed and its low bits poorly, but
        // the table picks a bucket from the low bits: rotating brings the
        // mixed bits down (as rustc-hash 2 does), which keeps words that
        // differ only in their first letters out of each other's buckets.
        self.0.rotate_left(26)
    }
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0xf135_7aea_2e62_a9c5;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            self.0 = (self.0.rotate_left(5) ^ load_tail(rest)).wrapping_mul(K);
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(n)).wrapping_mul(0xf135_7aea_2e62_a9c5);
    }
}

/// A hash map with [`FastHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// A hash set with [`FastHasher`].
pub type FastSet<K> = std::collections::HashSet<K, BuildHasherDefault<FastHasher>>;

/// A map keyed by feature hashes.
pub type FeatureMap<V> = HashMap<u64, V, BuildHasherDefault<IdentityHasher>>;

/// Hashes a feature: a template number and the bytes of its value.
#[inline]
pub fn feature(template: u8, value: &[u8]) -> u64 {
    hash_words(template, value, |w| w)
}

/// [`feature`] of the ASCII lower-case form of `value`, which must be
/// ASCII: the same hash, with the letters lowered eight at a time as they
/// are read rather than copied into a buffer first.
#[inline]
pub fn feature_ascii_lowercase(template: u8, value: &[u8]) -> u64 {
    debug_assert!(value.is_ascii());
    hash_words(template, value, ascii_lowercase_word)
}

/// The hash behind [`feature`], applying `map` to each eight-byte word.
#[inline(always)]
fn hash_words(template: u8, value: &[u8], map: impl Fn(u64) -> u64) -> u64 {
    // Eight bytes a step; the length is mixed in so "ab" and "ab\0" differ.
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ (u64::from(template) << 56) ^ value.len() as u64;
    let mut chunks = value.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h ^ map(u64::from_le_bytes(w)))
            .wrapping_mul(K)
            .rotate_left(29);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        h = (h ^ map(load_tail(rest))).wrapping_mul(K).rotate_left(29);
    }
    finalize(h)
}

/// Lowers the ASCII capitals among eight bytes that are all ASCII (zero
/// padding included): each byte from `A` to `Z` gains 0x20.
#[inline]
fn ascii_lowercase_word(x: u64) -> u64 {
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // No byte is above 0x7f, so these sums never carry into the next byte:
    // a byte's high bit says whether it is at least 'A', or above 'Z'.
    let from_a = x + 0x3f3f_3f3f_3f3f_3f3f;
    let past_z = x + 0x2525_2525_2525_2525;
    let capitals = from_a & !past_z & HIGHS;
    x | (capitals >> 2)
}

/// The up to seven bytes left after whole eight-byte chunks as a
/// little-endian number, zero-padded. Copying them into a zeroed array with
/// `copy_from_slice` compiles to a call to `memcpy` with a variable length,
/// which cost more than the rest of hashing a short word; this builds the
/// same number from at most three loads.
#[inline]
fn load_tail(rest: &[u8]) -> u64 {
    let n = rest.len();
    debug_assert!(n < 8);
    if n >= 4 {
        // Two overlapping four-byte loads cover five to seven bytes.
        let lo = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]);
        let hi = u32::from_le_bytes([rest[n - 4], rest[n - 3], rest[n - 2], rest[n - 1]]);
        u64::from(lo) | (u64::from(hi) << (8 * (n - 4)))
    } else {
        let mut v = u64::from(rest[0]);
        if n >= 2 {
            v |= u64::from(rest[1]) << 8;
        }
        if n == 3 {
            v |= u64::from(rest[2]) << 16;
        }
        v
    }
}

/// Combines a feature hash with a further value.
#[inline]
pub fn combine(h: u64, value: u64) -> u64 {
    finalize(h ^ value.wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

#[inline]
fn finalize(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h
}

/// A trained model: weights per feature, plus the words its training text
/// used in lower case (a hint that a capitalised word is a common word).
#[derive(Debug, Default)]
pub struct Model {
    /// Quantized weights stored in the map itself, so a lookup touches one
    /// cache line rather than two.
    weights: FeatureMap<[i16; LABELS]>,
    /// The value of one quantization step.
    scale: f32,
    /// Words seen in lower case in the training text.
    pub lowercase_words: FastSet<&'static str>,
}

/// Why a model file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The bytes do not start with the expected header.
    #[error("the tagger model has an unknown format")]
    BadHeader,
    /// The file ends early.
    #[error("the tagger model is truncated")]
    Truncated,
}

impl Model {
    /// The shipped model, parsed on first use. An unreadable model gives an
    /// empty one (every score zero) rather than a failure.
    pub fn get() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| Model::load("DRAMATIS_TAGGER_MODEL", MODEL_BYTES))
    }

    /// The first-pass model, whose labels give the document-level
    /// evidence the shipped model reads (see `ner::DocEvidence`).
    pub fn first() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| Model::load("DRAMATIS_TAGGER_MODEL_FIRST", FIRST_MODEL_BYTES))
    }

    fn load(variable: &str, shipped: &'static [u8]) -> Model {
        // A model being trained can be tried without a rebuild.
        if let Some(path) = std::env::var_os(variable)
            && let Ok(bytes) = std::fs::read(path)
        {
            let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
            return Model::from_bytes(bytes).unwrap_or_default();
        }
        Model::from_bytes(shipped).unwrap_or_default()
    }

    /// True when the model holds no weights.
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// Number of features with weights.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    /// Adds the weights of `features` into `scores`.
    #[inline]
    pub fn score(&self, features: &[u64], scores: &mut Scores) {
        let mut sums = [0i32; LABELS];
        for f in features {
            if let Some(w) = self.weights.get(f) {
                for (s, &x) in sums.iter_mut().zip(w) {
                    *s += i32::from(x);
                }
            }
        }
        for (s, x) in scores.iter_mut().zip(sums) {
            *s += x as f32 * self.scale;
        }
    }

    /// Parses a model from its binary form.
    pub fn from_bytes(bytes: &'static [u8]) -> Result<Model, ModelError> {
        if bytes.len() < 16 || &bytes[..8] != MAGIC {
            return Err(ModelError::BadHeader);
        }
        let mut pos = 8;
        let mut take = |n: usize| -> Result<&'static [u8], ModelError> {
            let s = bytes.get(pos..pos + n).ok_or(ModelError::Truncated)?;
            pos += n;
            Ok(s)
        };
        let u32_at = |s: &[u8]| u32::from_le_bytes([s[0], s[1], s[2], s[3]]);
        let n = u32_at(take(4)?) as usize;
        let scale = f32::from_le_bytes(take(4)?.try_into().map_err(|_| ModelError::Truncated)?);
        let mut weights = FeatureMap::with_capacity_and_hasher(n, Default::default());
        for _ in 0..n {
            let rec = take(8 + 2 * LABELS)?;
            let mut key = [0u8; 8];
            key.copy_from_slice(&rec[..8]);
            let mut w = [0i16; LABELS];
            for (l, x) in w.iter_mut().enumerate() {
                *x = i16::from_le_bytes([rec[8 + 2 * l], rec[9 + 2 * l]]);
            }
            weights.insert(u64::from_le_bytes(key), w);
        }
        let vocab_len = u32_at(take(4)?) as usize;
        let vocab = std::str::from_utf8(take(vocab_len)?).map_err(|_| ModelError::Truncated)?;
        Ok(Model {
            weights,
            scale,
            lowercase_words: vocab.lines().collect(),
        })
    }
}

/// Learns weights with the averaged perceptron.
#[derive(Debug, Default)]
pub struct Trainer {
    index: FeatureMap<usize>,
    weights: Vec<Scores>,
    /// Sum of time-stamped updates, for averaging.
    stamped: Vec<Scores>,
    /// Number of examples seen.
    time: f32,
}

impl Trainer {
    /// Current (unaveraged) scores of `features`.
    pub fn score(&self, features: &[u64]) -> Scores {
        let mut scores = [0.0; LABELS];
        for f in features {
            if let Some(&row) = self.index.get(f) {
                for (s, x) in scores.iter_mut().zip(&self.weights[row]) {
                    *s += x;
                }
            }
        }
        scores
    }

    /// Counts one example.
    pub fn tick(&mut self) {
        self.time += 1.0;
    }

    /// Moves weights towards `gold` and away from `guess`.
    pub fn update(&mut self, features: &[u64], gold: u8, guess: u8) {
        if gold == guess {
            return;
        }
        for &f in features {
            let row = *self.index.entry(f).or_insert_with(|| {
                self.weights.push([0.0; LABELS]);
                self.stamped.push([0.0; LABELS]);
                self.weights.len() - 1
            });
            self.weights[row][gold as usize] += 1.0;
            self.stamped[row][gold as usize] += self.time;
            self.weights[row][guess as usize] -= 1.0;
            self.stamped[row][guess as usize] -= self.time;
        }
    }

    /// Adds `delta` to the weights of `features` for `label`.
    pub fn adjust(&mut self, features: &[u64], label: u8, delta: f32) {
        for &f in features {
            let row = *self.index.entry(f).or_insert_with(|| {
                self.weights.push([0.0; LABELS]);
                self.stamped.push([0.0; LABELS]);
                self.weights.len() - 1
            });
            self.weights[row][label as usize] += delta;
            self.stamped[row][label as usize] += delta * self.time;
        }
    }

    /// Writes the averaged weights in the binary model format, dropping
    /// features whose weights all round to zero.
    pub fn to_bytes(&self, lowercase_words: &[String]) -> Vec<u8> {
        Self::mean_to_bytes(std::slice::from_ref(self), lowercase_words)
    }

    /// The averaged weights of this trainer, by feature.
    fn averaged(&self) -> impl Iterator<Item = (u64, Scores)> + '_ {
        let t = self.time.max(1.0);
        self.index.iter().map(move |(&key, &row)| {
            let mut avg = [0f32; LABELS];
            for (l, a) in avg.iter_mut().enumerate() {
                *a = self.weights[row][l] - self.stamped[row][l] / t;
            }
            (key, avg)
        })
    }

    /// The binary model whose weights are the mean of several trainers'
    /// averaged weights (trained on the same data in different orders):
    /// one linear model, the size of one, with less of any one order's
    /// chance in it.
    pub fn mean_to_bytes(trainers: &[Trainer], lowercase_words: &[String]) -> Vec<u8> {
        let mut sums: FastMap<u64, Scores> = FastMap::default();
        for trainer in trainers {
            for (key, avg) in trainer.averaged() {
                let sum = sums.entry(key).or_insert([0.0; LABELS]);
                for (s, a) in sum.iter_mut().zip(avg) {
                    *s += a;
                }
            }
        }
        let n = trainers.len().max(1) as f32;
        let mut max = 0f32;
        let mut rows: Vec<(u64, Scores)> = sums
            .into_iter()
            .map(|(key, mut sum)| {
                for s in &mut sum {
                    *s /= n;
                    max = max.max(s.abs());
                }
                (key, sum)
            })
            .collect();
        rows.sort_by_key(|r| r.0);
        let scale = if max > 0.0 { max / 32_000.0 } else { 1.0 };
        let mut kept: Vec<(u64, [i16; LABELS])> = Vec::with_capacity(rows.len());
        for (key, avg) in rows {
            let mut q = [0i16; LABELS];
            for l in 0..LABELS {
                q[l] = (avg[l] / scale).round() as i16;
            }
            // Drop features too weak to ever matter (under 1/200 of an update).
            if q.iter().any(|&x| f32::from(x).abs() * scale >= 0.005) {
                kept.push((key, q));
            }
        }
        let mut out = Vec::with_capacity(16 + kept.len() * 22);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(kept.len() as u32).to_le_bytes());
        out.extend_from_slice(&scale.to_le_bytes());
        for (key, q) in &kept {
            out.extend_from_slice(&key.to_le_bytes());
            for x in q {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
        let vocab = lowercase_words.join("\n");
        out.extend_from_slice(&(vocab.len() as u32).to_le_bytes());
        out.extend_from_slice(vocab.as_bytes());
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tail of every length reads as the zero-padded copy would.
    #[test]
    fn load_tail_matches_a_zero_padded_copy() {
        let bytes = b"\x01\x82\x03\xf4\x05\x86\x07";
        for n in 1..8 {
            let mut padded = [0u8; 8];
            padded[..n].copy_from_slice(&bytes[..n]);
            assert_eq!(
                load_tail(&bytes[..n]),
                u64::from_le_bytes(padded),
                "{n} bytes"
            );
        }
    }

    /// Hashing while lowering gives the hash of the lowered bytes.
    #[test]
    fn lowercase_hash_matches_hash_of_lowercase() {
        let words = [
            "",
            "A",
            "Zz",
            "AZaz@[`{",
            "Kutuzov's ARMY",
            "NATO",
            "U.S.",
            "x-Ray 1812 Borodino!",
        ];
        for w in words {
            let lower = w.to_ascii_lowercase();
            assert_eq!(
                feature_ascii_lowercase(11, w.as_bytes()),
                feature(11, lower.as_bytes()),
                "{w:?}"
            );
        }
    }

    /// Feature hashes are the model's keys: these are the values the
    /// shipped weights were trained with.
    #[test]
    fn feature_hashes_are_stable() {
        let cases: &[(u8, &[u8], u64)] = &[
            (0, b"", 0xecba_3df2_c338_3c52),
            (1, b"Pierre", 0x68ff_238f_d2bd_16ab),
            (2, b"kutuzov's army", 0x4ede_bd39_1981_feb7),
        ];
        for &(template, value, expected) in cases {
            assert_eq!(feature(template, value), expected, "{value:?}");
        }
    }
}
