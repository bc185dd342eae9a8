//! The semantic layer: what the sentence encoder (`crate::encoder`) adds to the lexical engines. A message is
//! compared by meaning with exemplar banks written for this project (`categories.txt`: customer messages by
//! category; `tone.txt`: agent sentences that blame, press or acknowledge, and near misses that do not), and
//! with the template library's examples, titles and bodies. English, Russian and Chinese share one vector
//! space, so an exemplar in one language helps the others.
//!
//! Everything here is a pure function of the model and the text; the shells decide when a model is loaded
//! (the CLI from a file, `--model`). Without a model the lexical engines answer alone.

mod tone;

pub use tone::{ToneKind, ToneVerdict};

use crate::classify::{category_index, classify, Category, Classification, Sentiment};
use crate::encoder::{cosine, Model, Scratch, DIM};
use crate::rank::{Suggestion, TemplateIndex};
use crate::template::{Library, Template};

/// A sentence vector (L2-normalised).
pub type Vector = [f32; DIM];

/// The most characters of a text the encoder reads: the meaning of a customer's message or a sentence is in
/// its first lines, and encoding costs time in proportion to length (a page must not freeze on a paste).
pub const MAX_ENCODED_CHARS: usize = 1_000;

/// How many exemplars vote on a message's category.
const NEIGHBOURS: usize = 10;
/// The softness of the vote: exemplars within a few hundredths of the best count almost as much.
const TEMPERATURE: f32 = 0.04;

/// The encoder with the exemplar banks embedded.
pub struct Semantic {
    model: Model,
    categories: Vec<(Category, Vector)>,
    tone: Vec<(ToneKind, Vector)>,
    /// The sentiment head (`sentiment.txt`): weights and bias of P(positive).
    sentiment: (Vec<f32>, f32),
}

/// How sure the sentiment head must be to give a message the lexical engine found neutral a polarity: customer
/// messages are often neutral, reviews never; below this the head disagreed with neutral questions.
const SENTIMENT_SURE: f32 = 0.9;

/// Reads `sentiment.txt`.
fn sentiment_head() -> (Vec<f32>, f32) {
    let (mut weights, mut bias) = (Vec::new(), 0.0);
    for mut fields in crate::data::records(include_str!("sentiment.txt")) {
        match (fields.next(), fields.next()) {
            (Some("bias"), Some(value)) => bias = value.trim().parse().unwrap_or(0.0),
            (Some("weights"), Some(values)) => {
                weights = values.split(' ').filter_map(|v| v.parse().ok()).collect()
            }
            _ => {}
        }
    }
    (weights, bias)
}

/// One sentence of the exemplar banks, before it is embedded.
enum Exemplar {
    Category(Category, &'static str),
    Tone(ToneKind, &'static str),
}

/// The exemplar banks' sentences, in file order.
fn exemplars() -> Vec<Exemplar> {
    let categories =
        crate::data::records(include_str!("categories.txt")).filter_map(|mut fields| {
            let category = Category::from_code(fields.next()?)?;
            let _lang = fields.next()?;
            Some(Exemplar::Category(category, fields.next()?))
        });
    let tone = crate::data::records(include_str!("tone.txt")).filter_map(|mut fields| {
        let kind = ToneKind::from_code(fields.next()?)?;
        let _lang = fields.next()?;
        Some(Exemplar::Tone(kind, fields.next()?))
    });
    categories.chain(tone).collect()
}

/// Builds a [`Semantic`] a few sentences at a time, so that a browser can embed the exemplar banks (about
/// 1,350 sentences, seconds of work) between other tasks and show progress, instead of freezing the page.
pub struct SemanticBuilder {
    model: Model,
    scratch: Scratch,
    pending: std::vec::IntoIter<Exemplar>,
    total: usize,
    categories: Vec<(Category, Vector)>,
    tone: Vec<(ToneKind, Vector)>,
}

impl SemanticBuilder {
    pub fn new(model: Model) -> SemanticBuilder {
        let pending = exemplars();
        SemanticBuilder {
            model,
            scratch: Scratch::default(),
            total: pending.len(),
            pending: pending.into_iter(),
            categories: Vec::new(),
            tone: Vec::new(),
        }
    }

    /// How many sentences there are to embed, and how many are done.
    pub fn progress(&self) -> (usize, usize) {
        (self.categories.len() + self.tone.len(), self.total)
    }

    /// Embeds up to `count` more sentences; whether all are done.
    pub fn step(&mut self, count: usize) -> bool {
        for exemplar in self.pending.by_ref().take(count) {
            match exemplar {
                Exemplar::Category(category, text) => self
                    .categories
                    .push((category, self.model.encode_with(text, &mut self.scratch))),
                Exemplar::Tone(kind, text) => self
                    .tone
                    .push((kind, self.model.encode_with(text, &mut self.scratch))),
            }
        }
        self.pending.len() == 0
    }

    /// The semantic layer, with whatever was not embedded yet embedded now.
    pub fn finish(mut self) -> Semantic {
        self.step(usize::MAX);
        Semantic {
            model: self.model,
            categories: self.categories,
            tone: self.tone,
            sentiment: sentiment_head(),
        }
    }
}

impl Semantic {
    /// Embeds the exemplar banks (about 1,350 short sentences: about 2 s natively, once per process; a page
    /// uses [`SemanticBuilder`] to do it in steps).
    pub fn new(model: Model) -> Semantic {
        SemanticBuilder::new(model).finish()
    }

    /// The encoder.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The vector of `text` (its first [`MAX_ENCODED_CHARS`] characters).
    pub fn embed(&self, text: &str) -> Vector {
        let end = text
            .char_indices()
            .nth(MAX_ENCODED_CHARS)
            .map_or(text.len(), |(byte, _)| byte);
        self.model.encode(&text[..end])
    }

    /// The category vote of the nearest exemplars, in [`Category::ALL`] order, summing to 1.
    pub fn category_votes(&self, vector: &Vector) -> [f32; 6] {
        let mut nearest: Vec<(f32, Category)> = self
            .categories
            .iter()
            .map(|(category, exemplar)| (cosine(vector, exemplar), *category))
            .collect();
        nearest.sort_by(|a, b| b.0.total_cmp(&a.0));
        nearest.truncate(NEIGHBOURS);
        let best = nearest.first().map_or(0.0, |n| n.0);
        let mut votes = [0f32; 6];
        for (similarity, category) in &nearest {
            votes[category_index(*category)] += ((similarity - best) / TEMPERATURE).exp();
        }
        let total: f32 = votes.iter().sum();
        if total > 0.0 {
            votes.iter_mut().for_each(|vote| *vote /= total);
        }
        votes
    }

    /// Classifies a message by its words and its meaning. The lexical verdict on a complaint stands (agents
    /// must see complaints first, and a complaint wins over the topic it is about); otherwise the lexical
    /// evidence, scaled to a share, is added to the exemplars' vote.
    pub fn classify(&self, text: &str) -> Classification {
        let result = classify(text);
        if text.trim().is_empty() || result.category == Category::Complaint {
            return result;
        }
        self.classify_with(text, &self.embed(text))
    }

    /// [`Semantic::classify`] with the text's vector already made (a page embeds a message once for its
    /// category and its suggestions).
    pub fn classify_with(&self, text: &str, vector: &Vector) -> Classification {
        let mut result = classify(text);
        if text.trim().is_empty() || result.category == Category::Complaint {
            return result;
        }
        let vector = *vector;
        if result.sentiment == Sentiment::Neutral {
            let positive = self.positive_probability(&vector);
            if positive >= SENTIMENT_SURE {
                result.sentiment = Sentiment::Positive;
            } else if positive <= 1.0 - SENTIMENT_SURE {
                result.sentiment = Sentiment::Negative;
            }
        }
        let votes = self.category_votes(&vector);
        let lexical_total: f32 = result.scores.iter().sum();
        let mut best = (Category::Other, f32::MIN);
        for (index, category) in Category::ALL.into_iter().enumerate() {
            let combined = result.scores[index] / (lexical_total + 2.0) + votes[index];
            if combined > best.1 {
                best = (category, combined);
            }
        }
        result.category = best.0;
        if result.category == Category::Complaint {
            result.sentiment = Sentiment::Negative;
        }
        result
    }

    /// The sentiment head's probability that the text of `vector` is positive.
    pub fn positive_probability(&self, vector: &Vector) -> f32 {
        let (weights, bias) = &self.sentiment;
        let score: f32 = weights.iter().zip(vector).map(|(w, x)| w * x).sum::<f32>() + bias;
        1.0 / (1.0 + (-score).exp())
    }

    /// The vectors of a library's templates: each example, the title and the body.
    pub fn template_vectors(&self, library: &Library) -> TemplateVectors {
        let mut scratch = Scratch::default();
        TemplateVectors::new(
            library
                .templates
                .iter()
                .map(|template| self.template_vector(template, &mut scratch))
                .collect(),
        )
    }

    /// The vectors of one template (a page embeds a library a few templates at a time).
    pub fn template_vector(&self, template: &Template, scratch: &mut Scratch) -> TemplateVector {
        let mut encode = |text: &str| self.model.encode_with(text, scratch);
        TemplateVector {
            examples: template
                .examples
                .iter()
                .map(|example| (example.clone(), encode(example)))
                .collect(),
            title: encode(&template.title),
            body: encode(&template.body),
        }
    }
}

/// The vectors of one template.
pub struct TemplateVector {
    examples: Vec<(String, Vector)>,
    title: Vector,
    body: Vector,
}

/// The vectors of a whole library, in its order.
pub struct TemplateVectors {
    templates: Vec<TemplateVector>,
}

/// Weights of a template's parts: an example is a customer message like the query; a title names the case;
/// a body is the answer, in other words.
const EXAMPLE_WEIGHT: f32 = 1.0;
const TITLE_WEIGHT: f32 = 0.9;
const BODY_WEIGHT: f32 = 0.8;

impl TemplateVectors {
    /// The vectors of a library, in its order ([`Semantic::template_vector`] of each template).
    pub fn new(templates: Vec<TemplateVector>) -> TemplateVectors {
        TemplateVectors { templates }
    }

    /// How many templates it has vectors for.
    pub fn len(&self) -> usize {
        self.templates.len()
    }

    /// Whether it has none.
    pub fn is_empty(&self) -> bool {
        self.templates.is_empty()
    }

    /// How close `query` is to template `index`, and the example it is closest to.
    pub fn similarity(&self, index: usize, query: &Vector) -> (f32, Option<&str>) {
        let Some(template) = self.templates.get(index) else {
            return (0.0, None);
        };
        let mut best = (TITLE_WEIGHT * cosine(query, &template.title), None);
        let body = BODY_WEIGHT * cosine(query, &template.body);
        if body > best.0 {
            best = (body, None);
        }
        for (text, vector) in &template.examples {
            let score = EXAMPLE_WEIGHT * cosine(query, vector);
            if score > best.0 {
                best = (score, Some(text.as_str()));
            }
        }
        best
    }

    /// Every template of `library` by similarity to the message `text` (whose vector is `query`), best first,
    /// those in the message's language before the others: the vector space is shared by the three languages,
    /// so a Russian template can be the nearest to an English message, but the agent answers in English.
    pub fn rank_for(&self, library: &Library, text: &str, query: &Vector) -> Vec<(usize, f32)> {
        let lang = crate::lang::detect_language(text);
        let mut ranked = self.rank(query);
        if lang != crate::lang::Lang::Other {
            ranked.sort_by_key(|(index, _)| {
                library
                    .templates
                    .get(*index)
                    .is_some_and(|template| template.lang != lang)
            });
        }
        ranked
    }

    /// Every template by similarity to `query`, best first: `(index, similarity)`.
    pub fn rank(&self, query: &Vector) -> Vec<(usize, f32)> {
        let mut ranked: Vec<(usize, f32)> = (0..self.templates.len())
            .map(|index| (index, self.similarity(index, query).0))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        ranked
    }
}

/// One suggestion of the hybrid ranking.
#[derive(Clone, Debug, PartialEq)]
pub struct HybridSuggestion {
    pub index: usize,
    /// The fused score, 1 for a template first in both rankings.
    pub score: f32,
    /// The words of the message that matched (lexical).
    pub matched: Vec<String>,
    /// The template's example the message is most similar to (semantic).
    pub similar_to: Option<String>,
}

/// The suggestions for a customer's message by words and meaning: the lexical ranking (`limit × 4` deep) fused
/// with the ranking by similarity, templates in the message's language first. `query` is `text`'s vector.
pub fn hybrid_suggestions(
    index: &TemplateIndex<'_>,
    vectors: &TemplateVectors,
    text: &str,
    query: &Vector,
    limit: usize,
) -> Vec<HybridSuggestion> {
    let lexical = index.rank(text, limit * 4);
    let ranked = vectors.rank_for(index.library(), text, query);
    fuse_rankings(&lexical, &ranked, vectors, query, limit)
}

/// Reciprocal-rank fusion's constant: ranks near the top count most, deep ranks little.
const FUSION_K: f32 = 20.0;

/// Fuses the lexical ranking (`lexical`, best first, already cut) with the semantic ranking of the whole
/// library: each template scores `1/(k + rank)` in each list; the best `limit`, best first.
pub fn fuse_rankings(
    lexical: &[Suggestion],
    semantic: &[(usize, f32)],
    vectors: &TemplateVectors,
    query: &Vector,
    limit: usize,
) -> Vec<HybridSuggestion> {
    let mut fused: Vec<(usize, f32)> = Vec::new();
    let mut add = |index: usize, rank: usize| {
        let score = 1.0 / (FUSION_K + rank as f32 + 1.0);
        match fused.iter_mut().find(|(i, _)| *i == index) {
            Some(entry) => entry.1 += score,
            None => fused.push((index, score)),
        }
    };
    for (rank, suggestion) in lexical.iter().enumerate() {
        add(suggestion.index, rank);
    }
    for (rank, (index, _)) in semantic.iter().take(limit.max(1) * 4).enumerate() {
        add(*index, rank);
    }
    fused.sort_by(|a, b| b.1.total_cmp(&a.1));
    let best_possible = 2.0 / (FUSION_K + 1.0);
    fused
        .into_iter()
        .take(limit)
        .map(|(index, score)| HybridSuggestion {
            index,
            score: score / best_possible,
            matched: lexical
                .iter()
                .find(|s| s.index == index)
                .map(|s| s.matched.clone())
                .unwrap_or_default(),
            similar_to: vectors.similarity(index, query).1.map(str::to_string),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(axis: usize) -> Vector {
        let mut vector = [0f32; DIM];
        vector[axis] = 1.0;
        vector
    }

    fn vectors() -> TemplateVectors {
        let template = |axis: usize| TemplateVector {
            examples: vec![(format!("example {axis}"), unit(axis))],
            title: unit(100 + axis),
            body: unit(200 + axis),
        };
        TemplateVectors {
            templates: vec![template(0), template(1), template(2)],
        }
    }

    #[test]
    fn the_sentiment_head_is_complete() {
        let (weights, bias) = sentiment_head();
        assert_eq!(weights.len(), DIM, "one weight per dimension");
        assert!(bias.is_finite() && weights.iter().all(|w| w.is_finite()));
    }

    #[test]
    fn the_closest_example_is_named_and_titles_count_a_little_less() {
        let vectors = vectors();
        assert_eq!(vectors.similarity(1, &unit(1)), (1.0, Some("example 1")));
        assert_eq!(vectors.similarity(1, &unit(101)), (TITLE_WEIGHT, None));
        assert_eq!(vectors.rank(&unit(2))[0].0, 2);
    }

    #[test]
    fn fusion_prefers_what_both_rankings_put_high() {
        let vectors = vectors();
        let lexical = vec![
            Suggestion {
                index: 0,
                score: 3.0,
                matched: vec!["refund".into()],
            },
            Suggestion {
                index: 1,
                score: 2.0,
                matched: vec![],
            },
        ];
        let semantic = vec![(1, 0.9), (2, 0.8), (0, 0.1)];
        let fused = fuse_rankings(&lexical, &semantic, &vectors, &unit(1), 2);
        assert_eq!(fused.iter().map(|s| s.index).collect::<Vec<_>>(), [1, 0]);
        assert_eq!(fused[0].similar_to.as_deref(), Some("example 1"));
        assert_eq!(fused[1].matched, ["refund"]);
        assert!(fused[0].score <= 1.0 && fused[0].score > fused[1].score);
    }
}
