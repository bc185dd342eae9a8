//! Linear heads on sentence vectors: P(label | vector) = softmax(weights · vector + bias), one row per label,
//! read from the files `tests/corpora/train_heads.py` writes (`label<TAB>bias<TAB>weights…`).

use crate::classify::{Category, Sentiment};
use crate::encoder::DIM;

/// A softmax head over `N` labels.
pub(super) struct Head<const N: usize> {
    rows: [(f32, Vec<f32>); N],
}

impl<const N: usize> Head<N> {
    /// Reads a head file; `index` places a label's row (None: a label this build does not know, ignored).
    /// A missing or short row stays zero (that label is never more likely than another's baseline).
    fn read(text: &str, index: impl Fn(&str) -> Option<usize>) -> Head<N> {
        let mut rows: [(f32, Vec<f32>); N] = std::array::from_fn(|_| (0.0, vec![0.0; DIM]));
        for mut fields in crate::data::records(text) {
            let (Some(slot), Some(bias), Some(weights)) =
                (fields.next().and_then(&index), fields.next(), fields.next())
            else {
                continue;
            };
            let weights: Vec<f32> = weights.split(' ').filter_map(|v| v.parse().ok()).collect();
            if slot < N && weights.len() == DIM {
                rows[slot] = (bias.trim().parse().unwrap_or(0.0), weights);
            }
        }
        Head { rows }
    }

    /// The probabilities of the labels, in the head's order, summing to 1.
    pub(super) fn probabilities(&self, vector: &[f32; DIM]) -> [f32; N] {
        let scores: [f32; N] = std::array::from_fn(|i| {
            let (bias, weights) = &self.rows[i];
            weights.iter().zip(vector).map(|(w, x)| w * x).sum::<f32>() + bias
        });
        let top = scores.iter().copied().fold(f32::MIN, f32::max);
        let exp = scores.map(|score| (score - top).exp());
        let total: f32 = exp.iter().sum();
        exp.map(|e| e / total)
    }

    #[cfg(test)]
    pub(super) fn is_complete(&self) -> bool {
        self.rows.iter().all(|(bias, w)| {
            bias.is_finite() && w.iter().all(|x| x.is_finite()) && w.iter().any(|x| *x != 0.0)
        })
    }
}

/// The sentiment head, rows in [`SENTIMENTS`] order.
pub(super) fn sentiment() -> Head<3> {
    Head::read(include_str!("sentiment.txt"), |code| {
        SENTIMENTS.iter().position(|s| s.code() == code)
    })
}

/// The sentiment head read for Chinese text, rows in [`SENTIMENTS`] order: trained on the same data plus
/// Douban book reviews (`tests/corpora/train_heads.py`), which one head for all languages could not learn
/// without reading English reviews worse.
pub(super) fn sentiment_zh() -> Head<3> {
    Head::read(include_str!("sentiment_zh.txt"), |code| {
        SENTIMENTS.iter().position(|s| s.code() == code)
    })
}

/// The order of the sentiment head's rows.
pub(super) const SENTIMENTS: [Sentiment; 3] =
    [Sentiment::Negative, Sentiment::Neutral, Sentiment::Positive];

/// The category head, rows in [`Category::ALL`] order.
pub(super) fn category() -> Head<6> {
    Head::read(include_str!("category_head.txt"), |code| {
        Category::ALL.iter().position(|c| c.code() == code)
    })
}

/// The order of the tone head's rows: P(neutral, pressure, blame | sentence vector).
pub(super) const TONE_LABELS: [&str; 3] = ["neutral", "pressure", "blame"];

/// The tone head, rows in [`TONE_LABELS`] order (`tone_head.txt`, trained by
/// `tests/corpora/train_tone_head.py` on agent sentences written for this project in en, ru and zh).
pub(super) fn tone() -> Head<3> {
    Head::read(include_str!("tone_head.txt"), |code| {
        TONE_LABELS.iter().position(|label| *label == code)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_heads_have_a_full_row_for_every_label() {
        assert!(sentiment().is_complete());
        assert!(sentiment_zh().is_complete());
        assert!(category().is_complete());
        assert!(tone().is_complete());
    }

    #[test]
    fn probabilities_are_a_softmax() {
        let mut text = String::new();
        for (label, bias) in [("negative", 0.0), ("neutral", 1.0), ("positive", 0.0)] {
            let weights: Vec<String> = (0..DIM)
                .map(|i| {
                    if i == 0 && label == "positive" {
                        "2"
                    } else {
                        "0"
                    }
                    .to_string()
                })
                .collect();
            text.push_str(&format!("{label}\t{bias}\t{}\n", weights.join(" ")));
        }
        let head: Head<3> = Head::read(&text, |code| {
            SENTIMENTS.iter().position(|s| s.code() == code)
        });
        let mut vector = [0.0; DIM];
        let p = head.probabilities(&vector);
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-6 && p[1] > p[0] && p[0] == p[2]);
        vector[0] = 1.0;
        let p = head.probabilities(&vector);
        assert!(
            p[2] > p[1] && (p[2] / p[1] - 1f32.exp()).abs() < 1e-3,
            "{p:?}"
        );
    }
}
