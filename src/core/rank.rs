//! Ranking a template library for an incoming message.
//!
//! This module owns suggestion ranking: a BM25 score over each template's title, body and `examples` (examples
//! count double: they are how customers actually ask), with terms that work for all three languages — English
//! and Russian words cut to a stem prefix (no dictionary), Chinese character bigrams (no segmenter) — plus the
//! language (same language first), the category from classification as a signal, and shortcodes: a message or
//! draft starting with `/refund` puts that template first. Each suggestion says which words matched.
//! The index is built once per library and reused for every keystroke.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::classify::classify;
use super::lang::{detect_language, Lang};
use super::lexicon::Lexicon;
use super::template::Library;
use super::text::{tokenize, TokenKind};

const K1: f32 = 1.2;
const B: f32 = 0.75;

/// Words too common to say anything about a request.
const STOPWORDS: &[&str] = &[
    "the", "a", "an", "is", "are", "was", "be", "to", "of", "and", "or", "in", "on", "at", "for", "with", "my", "your",
    "you", "i", "me", "we", "our", "it", "this", "that", "do", "does", "can", "could", "would", "will", "please", "hi",
    "hello", "there", "have", "has", "had", "not", "so", "just", "if", "as", "by", "from", "about", "any", "what", "how",
    "и", "в", "во", "на", "с", "со", "у", "к", "по", "за", "из", "о", "об", "от", "до", "не", "ли", "же", "а", "но",
    "я", "мне", "меня", "мой", "моя", "мое", "мои", "вы", "вас", "вам", "ваш", "ваша", "это", "как", "что", "то",
    "здравствуйте", "добрый", "день", "пожалуйста", "есть", "можно",
];
const CHINESE_STOP_CHARS: &[char] = &['的', '了', '吗', '吧', '呢', '啊', '我', '你', '您', '是', '在', '有', '和', '就', '都', '也', '请', '一', '个'];

/// A matching term: the stem (or bigram) and, for the UI, the word it came from.
fn terms(text: &str) -> Vec<(String, String)> {
    let tokens = tokenize(text);
    let mut out = Vec::new();
    let mut han_run: Vec<(char, String)> = Vec::new();
    let flush = |run: &mut Vec<(char, String)>, out: &mut Vec<(String, String)>| {
        let chars: Vec<char> = run.iter().map(|(c, _)| *c).collect();
        for pair in chars.windows(2) {
            if !(CHINESE_STOP_CHARS.contains(&pair[0]) && CHINESE_STOP_CHARS.contains(&pair[1])) {
                let bigram: String = pair.iter().collect();
                out.push((bigram.clone(), bigram));
            }
        }
        // Single characters too: a customer's 疼 should meet a template's 疼痛.
        for ch in &chars {
            if !CHINESE_STOP_CHARS.contains(ch) {
                out.push((ch.to_string(), ch.to_string()));
            }
        }
        run.clear();
    };
    let mut previous_end = 0;
    for token in &tokens {
        if token.kind == TokenKind::Han {
            if token.start != previous_end {
                flush(&mut han_run, &mut out);
            }
            han_run.push((token.folded.chars().next().unwrap_or(' '), token.folded.clone()));
        } else {
            flush(&mut han_run, &mut out);
            if matches!(token.kind, TokenKind::Latin | TokenKind::Cyrillic) && !STOPWORDS.contains(&token.folded.as_str()) {
                out.push((stem(&token.folded, token.kind), token.original(text).to_string()));
            } else if token.kind == TokenKind::Number && token.folded.chars().any(char::is_alphabetic) {
                out.push((token.folded.clone(), token.original(text).to_string()));
            }
        }
        previous_end = token.end;
    }
    flush(&mut han_run, &mut out);
    out
}

/// A stem by prefix: Russian inflects at the end, so the first five letters carry the word; English loses
/// common suffixes first. Deliberately crude: it is the same on both sides of the match.
fn stem(word: &str, kind: TokenKind) -> String {
    let chars: Vec<char> = word.chars().filter(|c| *c != '\'').collect();
    let keep = match kind {
        TokenKind::Cyrillic => 5,
        _ => {
            let text: String = chars.iter().collect();
            let trimmed = ["ings", "ing", "ed", "es", "s", "ly"]
                .iter()
                .find_map(|suffix| text.strip_suffix(suffix).filter(|rest| rest.chars().count() >= 3))
                .unwrap_or(&text)
                .chars()
                .count();
            trimmed.min(6)
        }
    };
    chars.iter().take(keep.max(1)).collect()
}

struct Document {
    length: f32,
    frequencies: HashMap<String, f32>,
}

/// An index of a library, built once.
pub struct TemplateIndex<'a> {
    library: &'a Library,
    documents: Vec<Document>,
    document_frequency: HashMap<String, usize>,
    average_length: f32,
}

/// One ranked template.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    pub index: usize,
    pub score: f32,
    /// The words of the message that matched the template.
    pub matched: Vec<String>,
}

impl<'a> TemplateIndex<'a> {
    pub fn new(library: &'a Library) -> TemplateIndex<'a> {
        let mut documents = Vec::with_capacity(library.templates.len());
        let mut document_frequency: HashMap<String, usize> = HashMap::new();
        for template in &library.templates {
            let mut frequencies: HashMap<String, f32> = HashMap::new();
            let mut length = 0.0;
            let mut add = |text: &str, weight: f32| {
                for (term, _) in terms(text) {
                    *frequencies.entry(term).or_default() += weight;
                    length += weight;
                }
            };
            add(&template.title, 1.5);
            add(&strip_placeholders(&template.body), 1.0);
            for example in &template.examples {
                add(example, 2.0);
            }
            for term in frequencies.keys() {
                *document_frequency.entry(term.clone()).or_default() += 1;
            }
            documents.push(Document { length, frequencies });
        }
        let average_length = documents.iter().map(|d| d.length).sum::<f32>() / documents.len().max(1) as f32;
        TemplateIndex { library, documents, document_frequency, average_length: average_length.max(1.0) }
    }

    /// The best `limit` templates for `text`, best first.
    pub fn rank(&self, text: &str, limit: usize) -> Vec<Suggestion> {
        let trimmed = text.trim();
        // "/refund" or "/first" — an agent looking a template up by shortcode or title.
        if let Some(query) = trimmed.strip_prefix('/') {
            let query = query.split_whitespace().next().unwrap_or("").to_lowercase();
            return self.by_shortcode(&query, limit);
        }
        let lang = detect_language(text);
        let category = classify(text).category;
        let mut query = terms(text);
        let tokens = tokenize(text);
        for found in expansions().find_all(text, &tokens) {
            for term in terms(expansions().payload(found.entry)) {
                query.push((term.0, term.1));
            }
        }
        let count = self.documents.len() as f32;
        let mut ranked: Vec<Suggestion> = Vec::with_capacity(self.documents.len());
        for (index, document) in self.documents.iter().enumerate() {
            let mut bm25 = 0.0;
            let mut matched = Vec::new();
            for (term, original) in &query {
                let Some(&frequency) = document.frequencies.get(term) else { continue };
                let df = self.document_frequency.get(term).copied().unwrap_or(0) as f32;
                let idf = ((count - df + 0.5) / (df + 0.5) + 1.0).ln();
                bm25 += idf * frequency * (K1 + 1.0) / (frequency + K1 * (1.0 - B + B * document.length / self.average_length));
                if !matched.contains(original) {
                    matched.push(original.clone());
                }
            }
            let template = &self.library.templates[index];
            let mut score = bm25;
            if template.category == category {
                score += 1.5;
            }
            if lang != Lang::Other && template.lang != lang {
                score *= 0.2;
            }
            ranked.push(Suggestion { index, score, matched });
        }
        ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.index.cmp(&b.index)));
        ranked.truncate(limit);
        for suggestion in &mut ranked {
            suggestion.score = suggestion.score / (suggestion.score + 4.0);
        }
        ranked
    }

    fn by_shortcode(&self, query: &str, limit: usize) -> Vec<Suggestion> {
        let mut found: Vec<Suggestion> = self
            .library
            .templates
            .iter()
            .enumerate()
            .filter_map(|(index, template)| {
                let code = template.shortcode.as_deref().unwrap_or("").to_lowercase();
                let score = if code == query {
                    1.0
                } else if !query.is_empty() && code.starts_with(query) {
                    0.8
                } else if !query.is_empty() && template.title.to_lowercase().contains(query) {
                    0.6
                } else {
                    return None;
                };
                Some(Suggestion { index, score, matched: vec![format!("/{query}")] })
            })
            .collect();
        found.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.index.cmp(&b.index)));
        found.truncate(limit);
        found
    }
}

/// Requests phrased without the templates' words ("can't make it" → appointment, reschedule), as data.
fn expansions() -> &'static Lexicon<String> {
    static EXPANSIONS: OnceLock<Lexicon<String>> = OnceLock::new();
    EXPANSIONS.get_or_init(|| {
        let mut lexicon = Lexicon::new();
        for line in include_str!("rank_expansions.txt").lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
            if let Some((patterns, added)) = line.split_once('\t') {
                for pattern in patterns.split('|') {
                    lexicon.add(pattern, added.to_string());
                }
            }
        }
        lexicon
    })
}

fn strip_placeholders(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        match rest[open..].find("}}") {
            Some(close) => rest = &rest[open + close + 2..],
            None => {
                rest = "";
            }
        }
        out.push(' ');
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::template::parse_library;

    fn library() -> Library {
        parse_library(r#"{"version": 1, "templates": [
          {"id": "refund", "lang": "en", "category": "complaint", "title": "Refund is late", "shortcode": "refund",
           "body": "Hello {{name}}, I'm sorry your refund is taking longer than it should.", "examples": ["where is my refund", "still no money back"]},
          {"id": "hours", "lang": "en", "category": "inquiry", "title": "Opening hours", "shortcode": "hours",
           "body": "We are open Monday to Saturday, 9:00 to 19:00."},
          {"id": "refund-ru", "lang": "ru", "category": "complaint", "title": "Возврат задерживается", "shortcode": "refund-ru",
           "body": "Здравствуйте, {{name}}! Простите, что возврат денег задерживается.", "examples": ["где мои деньги", "не вернули деньги"]},
          {"id": "hours-zh", "lang": "zh", "category": "inquiry", "title": "营业时间", "body": "我们周一至周六9点到19点营业。", "examples": ["几点开门"]}
        ]}"#).unwrap()
    }

    fn top(text: &str) -> (String, Vec<String>) {
        let library = library();
        let index = TemplateIndex::new(&library);
        let best = &index.rank(text, 3)[0];
        (library.templates[best.index].id.clone(), best.matched.clone())
    }

    #[test]
    fn ranks_by_words_language_and_category() {
        assert_eq!(top("Still waiting for my refund!").0, "refund");
        assert_eq!(top("What time do you open on Saturday?").0, "hours");
        assert_eq!(top("Верните деньги, возврата до сих пор нет").0, "refund-ru");
        assert_eq!(top("周六几点营业？").0, "hours-zh");
    }

    #[test]
    fn suggestions_say_why() {
        assert_eq!(top("Still waiting for my refund").1, vec!["Still".to_string(), "refund".to_string()]);
    }

    #[test]
    fn shortcodes_come_first() {
        assert_eq!(top("/hours").0, "hours");
        assert_eq!(top("/refund-r").0, "refund-ru");
    }

    #[test]
    fn stems_cover_inflections() {
        assert_eq!(stem("возврата", TokenKind::Cyrillic), stem("возврат", TokenKind::Cyrillic));
        assert_eq!(stem("refunds", TokenKind::Latin), stem("refund", TokenKind::Latin));
        assert_eq!(stem("opening", TokenKind::Latin), stem("open", TokenKind::Latin));
    }
}
