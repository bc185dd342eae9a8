//! The semantic layer: what the sentence encoder (`crate::encoder`) adds to the lexical engines. A message is
//! compared by meaning with exemplar banks written for this project (`categories.txt`: customer messages by
//! category; `tone.txt`: agent sentences that blame, press or acknowledge, and near misses that do not), and
//! with the template library's examples, titles and bodies. English, Russian and Chinese share one vector
//! space, so an exemplar in one language helps the others.
//!
//! Everything here is a pure function of the model and the text; the shells decide when a model is loaded
//! (the CLI from a file, `--model`). Without a model the lexical engines answer alone.

mod heads;
mod tone;

pub use tone::{ToneKind, ToneVerdict};

use crate::classify::{classify, Category, Classification, Sentiment};
use crate::encoder::{cosine, Model, Scratch, DIM};
use crate::rank::{Suggestion, TemplateIndex};
use crate::template::{Library, Template};
use heads::Head;

/// A sentence vector (L2-normalised).
pub type Vector = [f32; DIM];

/// The most characters of a text the encoder reads: the meaning of a customer's message or a sentence is in
/// its first lines, and encoding costs time in proportion to length (a page must not freeze on a paste).
pub const MAX_ENCODED_CHARS: usize = 1_000;

/// The encoder with the exemplar banks embedded and the heads read.
pub struct Semantic {
    model: Model,
    tone: Vec<(ToneKind, Vector)>,
    /// P(negative, neutral, positive | vector) (`sentiment.txt`).
    sentiment: Head<3>,
    /// P(category | vector), in [`Category::ALL`] order (`category_head.txt`).
    categories: Head<6>,
}

/// How sure the sentiment head must be of the opposite polarity to overrule the words' verdict: the words
/// miss irony and mixed reviews ("good but late"), but a cue word the head does not weigh is usually right.
const SENTIMENT_OVERRULE: f32 = 0.7;
/// The same for a message the words weighed around a "but": the head reads the whole, the words the clause
/// that counts ("good but late"), so only a head all but certain overrules them.
const SENTIMENT_OVERRULE_CONTRASTED: f32 = 0.9;

/// The fewest word pieces a text the words find neutral needs before the head may give it a polarity: a
/// greeting ("哈喽", "hey there") or a one-word reply has too little meaning for the head, which learned on
/// reviews and questions.
const MIN_PIECES_FOR_POLARITY: usize = 3;

/// One sentence of the exemplar banks, before it is embedded.
struct Exemplar(ToneKind, &'static str);

/// The exemplar bank's sentences, in file order. (`categories.txt`, the customer messages written for the
/// category head, is training data only: `tests/corpora/train_heads.py` reads it.)
fn exemplars() -> Vec<Exemplar> {
    crate::data::records(include_str!("tone.txt"))
        .filter_map(|mut fields| {
            let kind = ToneKind::from_code(fields.next()?)?;
            let _lang = fields.next()?;
            Some(Exemplar(kind, fields.next()?))
        })
        .collect()
}

/// Builds a [`Semantic`] a few sentences at a time, so that a browser can embed the exemplar bank (a few
/// hundred sentences, seconds of work) between other tasks and show progress, instead of freezing the page.
pub struct SemanticBuilder {
    model: Model,
    scratch: Scratch,
    pending: std::vec::IntoIter<Exemplar>,
    total: usize,
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
            tone: Vec::new(),
        }
    }

    /// How many sentences there are to embed, and how many are done.
    pub fn progress(&self) -> (usize, usize) {
        (self.tone.len(), self.total)
    }

    /// Embeds up to `count` more sentences; whether all are done.
    pub fn step(&mut self, count: usize) -> bool {
        for Exemplar(kind, text) in self.pending.by_ref().take(count) {
            let vector = self.model.encode_with(text, &mut self.scratch);
            self.tone.push((kind, vector));
        }
        self.pending.len() == 0
    }

    /// The semantic layer, with whatever was not embedded yet embedded now.
    pub fn finish(mut self) -> Semantic {
        self.step(usize::MAX);
        Semantic {
            model: self.model,
            tone: self.tone,
            sentiment: heads::sentiment(),
            categories: heads::category(),
        }
    }
}

impl Semantic {
    /// Embeds the exemplar bank (a few hundred short sentences: well under a second natively, once per
    /// process; a page uses [`SemanticBuilder`] to do it in steps).
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

    /// The category head's probabilities for `vector`, in [`Category::ALL`] order, summing to 1.
    pub fn category_probabilities(&self, vector: &Vector) -> [f32; 6] {
        self.categories.probabilities(vector)
    }

    /// The sentiment head's probabilities for `vector`: negative, neutral, positive.
    pub fn sentiment_probabilities(&self, vector: &Vector) -> [f32; 3] {
        self.sentiment.probabilities(vector)
    }

    /// Classifies a message by its words and its meaning (see [`Semantic::classify_with`]).
    pub fn classify(&self, text: &str) -> Classification {
        if text.trim().is_empty() {
            return classify(text);
        }
        self.classify_with(text, &self.embed(text))
    }

    /// [`Semantic::classify`] with the text's vector already made (a page embeds a message once for its
    /// category and its suggestions).
    ///
    /// - Sentiment: the words' verdict stands unless the head is sure of the opposite polarity
    ///   ([`SENTIMENT_OVERRULE`]; [`SENTIMENT_OVERRULE_CONTRASTED`] when the words weighed a "but"); a message
    ///   the words find neutral takes the head's polarity when the head finds neutral less likely than not
    ///   and the message is more than a greeting ([`MIN_PIECES_FOR_POLARITY`]).
    /// - Category: a lexical complaint stands (agents must see complaints first, and a complaint wins over
    ///   the topic it is about) unless the message is found positive; otherwise the head's probabilities
    ///   decide, with the lexical evidence, scaled to a share, added (a cue word the head weighs too little
    ///   still tips a close call). A message found positive is not a complaint (praise is feedback); a
    ///   complaint is negative.
    pub fn classify_with(&self, text: &str, vector: &Vector) -> Classification {
        let mut result = classify(text);
        if text.trim().is_empty() {
            return result;
        }
        result.sentiment = self.sentiment_with(text, &result, vector);
        let lexical_complaint = result.category == Category::Complaint;
        if !lexical_complaint || result.sentiment == Sentiment::Positive {
            let probabilities = self.category_probabilities(vector);
            let lexical_total: f32 = result.scores.iter().sum();
            let combined =
                |index: usize| result.scores[index] / (lexical_total + 2.0) + probabilities[index];
            // Praise is feedback, not a complaint, whatever it is about.
            let allowed = |category: Category| {
                category != Category::Complaint || result.sentiment != Sentiment::Positive
            };
            result.category = Category::ALL
                .into_iter()
                .enumerate()
                .filter(|(_, category)| allowed(*category))
                .max_by(|a, b| combined(a.0).total_cmp(&combined(b.0)))
                .map_or(Category::Other, |(_, category)| category);
        }
        if result.category == Category::Complaint {
            result.sentiment = Sentiment::Negative;
        }
        result
    }

    /// Whether `text` has at least `count` word pieces (without the start and end marks).
    fn pieces_at_least(&self, text: &str, count: usize) -> bool {
        let head = text
            .char_indices()
            .nth(200)
            .map_or(text, |(byte, _)| &text[..byte]);
        self.model.tokenize(head).len() >= count + 2
    }

    /// The sentiment of a text whose words gave `lexical`, by the rule of [`Semantic::classify_with`].
    fn sentiment_with(&self, text: &str, lexical: &Classification, vector: &Vector) -> Sentiment {
        let [negative, neutral, positive] = self.sentiment_probabilities(vector);
        let overrule = if lexical.contrasted {
            SENTIMENT_OVERRULE_CONTRASTED
        } else {
            SENTIMENT_OVERRULE
        };
        if lexical.sentiment == Sentiment::Neutral
            && !self.pieces_at_least(text, MIN_PIECES_FOR_POLARITY)
        {
            return Sentiment::Neutral;
        }
        match lexical.sentiment {
            Sentiment::Negative if positive >= overrule => Sentiment::Positive,
            Sentiment::Positive if negative >= overrule => Sentiment::Negative,
            Sentiment::Neutral if neutral < 0.5 && negative > positive => Sentiment::Negative,
            Sentiment::Neutral if neutral < 0.5 => Sentiment::Positive,
            verdict => verdict,
        }
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
