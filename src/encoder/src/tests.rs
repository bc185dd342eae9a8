//! Unit tests that need no model file; `CHATGATE_MODEL=path` enables the real-model ones.

use super::normalize::Normalizer;
use super::tokenizer::{Vocab, UNK};
use super::{Model, ModelError};

fn vocab(pieces: &[(&str, f32)]) -> Vocab {
    let scores = pieces.iter().map(|p| p.1).collect();
    Vocab::new(pieces.iter().map(|p| p.0), scores, -30.0)
}

#[test]
fn whitespace_is_escaped_collapsed_and_trimmed() {
    let n = Normalizer::new(&[]).expect("empty charsmap is allowed");
    assert_eq!(n.normalize("  hello   world  "), "▁hello▁world");
    assert_eq!(n.normalize("a"), "▁a");
    assert_eq!(n.normalize("   "), "");
    assert_eq!(n.normalize(""), "");
}

#[test]
fn viterbi_prefers_highest_total_score() {
    let v = vocab(&[
        ("<unk>", 0.0),
        ("<s>", 0.0),
        ("</s>", 0.0),
        ("▁", -2.0),
        ("a", -3.0),
        ("b", -3.0),
        ("▁ab", -4.0),
        ("▁a", -2.5),
        ("ab", -1.0),
    ]);
    // candidates: ▁ab (-4), ▁a+b (-5.5), ▁+a+b (-8), ▁+ab (-3) -> ▁+ab wins
    assert_eq!(v.segment("▁ab"), vec![3, 8]);
}

#[test]
fn viterbi_ties_keep_the_earlier_split() {
    let v = vocab(&[
        ("<unk>", 0.0),
        ("<s>", 0.0),
        ("</s>", 0.0),
        ("x", -1.0),
        ("xx", -2.0),
    ]);
    // "xx" (-2) ties with x+x (-2): the strict comparison keeps the node found first, i.e.
    // the earliest-starting one ("xx" from position 0), as sentencepiece does
    assert_eq!(v.segment("xx"), vec![4]);
}

#[test]
fn unknown_characters_become_unk_one_per_char() {
    let v = vocab(&[
        ("<unk>", 0.0),
        ("<s>", 0.0),
        ("</s>", 0.0),
        ("▁", -1.0),
        ("a", -1.0),
    ]);
    assert_eq!(v.segment("▁a😀é"), vec![3, 4, UNK, UNK]);
    assert_eq!(v.segment(""), vec![UNK]);
}

#[test]
fn distinct_pieces_are_found_once() {
    let mut sc = super::Scratch::default();
    sc.dedupe(&[1, 5, 3, 5, 1, 2]);
    assert_eq!(sc.pieces, vec![1, 2, 3, 5]);
    assert_eq!(sc.slot, vec![0, 3, 2, 3, 0, 1]);
}

#[test]
fn bad_bytes_are_errors_not_panics() {
    assert_eq!(Model::from_bytes(b"nope").err(), Some(ModelError::BadMagic));
    let mut b = b"CGUSEM3\0".to_vec();
    b.extend_from_slice(&9u32.to_le_bytes());
    assert_eq!(
        Model::from_bytes(&b).err(),
        Some(ModelError::UnsupportedVersion(9))
    );
    let mut b = b"CGUSEM3\0".to_vec();
    b.extend_from_slice(&1u32.to_le_bytes());
    b.extend_from_slice(&3u32.to_le_bytes());
    assert!(matches!(
        Model::from_bytes(&b),
        Err(ModelError::Truncated(_))
    ));
    let msg = ModelError::Missing("vocab.len".into()).to_string();
    assert!(msg.contains("vocab.len"));
}

#[test]
fn real_model_normalisation_and_ids() {
    let Ok(path) = std::env::var("CHATGATE_MODEL") else {
        return;
    };
    let bytes = std::fs::read(path).expect("CHATGATE_MODEL must point at model.bin");
    let m = Model::from_bytes(&bytes).expect("model loads");
    assert_eq!(m.normalize("ＡＢＣ　１２３"), "▁ABC▁123");
    assert_eq!(m.tokenize(""), vec![1, 0, 2]);
    // every truncation of the file must be rejected cleanly
    for cut in [0, 7, 12, 100, bytes.len() / 2, bytes.len() - 1] {
        assert!(Model::from_bytes(&bytes[..cut]).is_err());
    }
    let a = m.encode("Where is my order?");
    let b = m.encode("Где мой заказ?");
    let n: f32 = a.iter().map(|v| v * v).sum();
    assert!((n - 1.0).abs() < 1e-4);
    assert!(super::cosine(&a, &b) > 0.5);
    // corrupted bytes: loading may fail, but neither loading nor encoding may panic
    let mut seed = 0x9E37_79B9u32;
    for _ in 0..24 {
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let mut bad = bytes.clone();
        let at = seed as usize % bad.len();
        bad[at] ^= 0xA5;
        if let Ok(m) = Model::from_bytes(&bad) {
            let _ = m.encode("Где мой заказ? 你好 order #12");
        }
    }
}
