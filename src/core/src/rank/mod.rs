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
    "the",
    "a",
    "an",
    "is",
    "are",
    "was",
    "were",
    "be",
    "to",
    "of",
    "and",
    "or",
    "in",
    "on",
    "at",
    "for",
    "with",
    "my",
    "your",
    "you",
    "i",
    "me",
    "we",
    "our",
    "it",
    "this",
    "that",
    "do",
    "does",
    "can",
    "could",
    "would",
    "will",
    "please",
    "hi",
    "hello",
    "there",
    "have",
    "has",
    "had",
    "not",
    "so",
    "just",
    "if",
    "as",
    "by",
    "from",
    "about",
    "any",
    "what",
    "how",
    "и",
    "в",
    "во",
    "на",
    "с",
    "со",
    "у",
    "к",
    "по",
    "за",
    "из",
    "о",
    "об",
    "от",
    "до",
    "не",
    "ли",
    "же",
    "а",
    "но",
    "я",
    "мне",
    "меня",
    "мой",
    "моя",
    "мое",
    "мои",
    "вы",
    "вас",
    "вам",
    "ваш",
    "ваша",
    "это",
    "как",
    "что",
    "то",
    "здравствуйте",
    "добрый",
    "день",
    "пожалуйста",
    "есть",
    "можно",
    "когда",
    "ещё",
    "еще",
    "очень",
    "хочу",
    "уже",
    "все",
    "всё",
    "был",
    "была",
    "было",
    "были",
    "там",
    "тут",
    "так",
    "мы",
    "нас",
    "нам",
    "он",
    "она",
    "они",
    "его",
    "её",
    "ее",
    "их",
    "бы",
    "или",
    "если",
    "нужно",
    "нужен",
    "нужна",
    "нужны",
    "другой",
    "другая",
    "другое",
    "другие",
    "других",
];
const CHINESE_STOP_CHARS: &[char] = &[
    '的', '了', '吗', '吧', '呢', '啊', '我', '你', '您', '是', '在', '有', '和', '就', '都', '也',
    '请', '一', '个',
    // Function characters: alone they match any template (好 of 你好, 么 of 怎么, 到 of 收到); in a bigram
    // with a content character (收到, 上课, 下单) they still count.
    '么', '们', '这', '那', '还', '会', '要', '能', '到', '上', '下', '里', '时', '什', '怎', '好',
    '着', '过',
];

fn is_stopword(word: &str) -> bool {
    static SET: OnceLock<std::collections::HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| STOPWORDS.iter().copied().collect())
        .contains(word)
}

/// A matching term: the stem (or bigram) and, for the UI, the word it came from.
fn terms(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for_each_term(text, |term, original| {
        out.push((term.to_string(), original.to_string()))
    });
    out
}

/// Calls `on_term(term, original word)` for every term of `text`, without allocating per term.
fn for_each_term(text: &str, mut on_term: impl FnMut(&str, &str)) {
    let tokens = tokenize(text);
    let mut han_run: Vec<char> = Vec::new();
    let mut buffer = String::new();
    let flush = |run: &mut Vec<char>, on_term: &mut dyn FnMut(&str, &str)| {
        let mut scratch = [0u8; 8];
        for pair in run.windows(2) {
            if !(CHINESE_STOP_CHARS.contains(&pair[0]) && CHINESE_STOP_CHARS.contains(&pair[1])) {
                let first = pair[0].encode_utf8(&mut scratch).len();
                let second = pair[1].encode_utf8(&mut scratch[first..]).len();
                let bigram = std::str::from_utf8(&scratch[..first + second]).unwrap_or("");
                on_term(bigram, bigram);
            }
        }
        // Single characters too: a customer's 疼 should meet a template's 疼痛.
        for ch in run.iter() {
            if !CHINESE_STOP_CHARS.contains(ch) {
                let single = ch.encode_utf8(&mut scratch);
                on_term(single, single);
            }
        }
        run.clear();
    };
    let mut previous_end = 0;
    for token in &tokens {
        if token.kind == TokenKind::Han {
            if token.start != previous_end {
                flush(&mut han_run, &mut on_term);
            }
            han_run.push(token.folded.chars().next().unwrap_or(' '));
        } else {
            flush(&mut han_run, &mut on_term);
            if matches!(token.kind, TokenKind::Latin | TokenKind::Cyrillic) {
                // A hyphenated word counts as its parts: a customer's "коляску" meets a template's
                // "кресло-коляску", "check in" meets "check-in".
                for part in token.folded.split('-') {
                    if !part.is_empty() && !is_stopword(part) {
                        stem_into(part, token.kind, &mut buffer);
                        on_term(&buffer, token.original(text));
                    }
                }
            } else if token.kind == TokenKind::Number
                && token.folded.chars().any(char::is_alphabetic)
            {
                on_term(&token.folded, token.original(text));
            }
        }
        previous_end = token.end;
    }
    flush(&mut han_run, &mut on_term);
}

/// A stem by prefix: Russian inflects at the end, so the first five letters carry the word once a case or
/// number ending is cut (света and свет, места and место meet); English loses common suffixes and a final
/// silent `e` first (price and prices, damage and damaged meet), `-ies` and `-ied` becoming `y`. Deliberately
/// crude: it is the same on both sides of the match.
fn stem_into(word: &str, kind: TokenKind, out: &mut String) {
    out.clear();
    let word = word.trim_matches('\'');
    out.extend(word.chars().filter(|c| *c != '\''));
    let letters = out.chars().count();
    let keep = match kind {
        TokenKind::Cyrillic => {
            let ending = RUSSIAN_ENDINGS
                .iter()
                .find(|ending| out.ends_with(*ending) && letters >= ending.chars().count() + 3)
                .map_or(0, |ending| ending.chars().count());
            (letters - ending).min(5)
        }
        _ => {
            let mut letters = letters;
            if letters >= 5 && (out.ends_with("ies") || out.ends_with("ied")) {
                out.truncate(out.len() - 3);
                out.push('y');
                letters -= 2;
            }
            let suffix = ["ings", "ing", "ed", "es", "s", "ly"]
                .iter()
                .find(|suffix| out.ends_with(*suffix) && letters >= suffix.len() + 3)
                .map_or(0, |suffix| suffix.len());
            let mut kept = letters - suffix;
            if kept >= 4 && out.chars().nth(kept - 1) == Some('e') {
                kept -= 1;
            }
            kept.min(6)
        }
    };
    let cut = out
        .char_indices()
        .nth(keep.max(1))
        .map_or(out.len(), |(at, _)| at);
    out.truncate(cut);
}

/// Russian case, number and adjective endings, longest first, cut before a word is shortened to its prefix.
const RUSSIAN_ENDINGS: &[&str] = &[
    "ями", "ами", "ого", "его", "ому", "ему", "ыми", "ими", "ой", "ей", "ом", "ем", "ам", "ям",
    "ах", "ях", "ую", "юю", "ая", "яя", "ое", "ее", "ые", "ие", "ый", "ий", "ов", "ев", "а", "я",
    "ы", "и", "у", "ю", "е", "о", "ь", "й",
];

#[cfg(test)]
fn stem(word: &str, kind: TokenKind) -> String {
    let mut out = String::new();
    stem_into(word, kind, &mut out);
    out
}

/// An index of a library, built once: an inverted index from term to the templates that contain it.
pub struct TemplateIndex<'a> {
    library: std::borrow::Cow<'a, Library>,
    /// Term → its id (the position of its postings).
    term_ids: HashMap<String, u32>,
    /// Per term: (template, weighted frequency), in template order.
    postings: Vec<Vec<(u32, f32)>>,
    /// Per template: its weighted length.
    lengths: Vec<f32>,
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
        let mut term_ids: HashMap<String, u32> = HashMap::new();
        let mut postings: Vec<Vec<(u32, f32)>> = Vec::new();
        let mut lengths = Vec::with_capacity(library.templates.len());
        let mut frequencies: Vec<(u32, f32)> = Vec::new();
        for (document, template) in library.templates.iter().enumerate() {
            frequencies.clear();
            let mut length = 0.0;
            let mut add = |text: &str, weight: f32| {
                for_each_term(text, |term, _| {
                    let id = match term_ids.get(term) {
                        Some(&id) => id,
                        None => {
                            let id = term_ids.len() as u32;
                            term_ids.insert(term.to_string(), id);
                            id
                        }
                    };
                    frequencies.push((id, weight));
                    length += weight;
                });
            };
            add(&template.title, 1.5);
            add(&strip_placeholders(&template.body), 1.0);
            for example in &template.examples {
                add(example, 2.0);
            }
            postings.resize_with(term_ids.len(), Vec::new);
            frequencies.sort_unstable_by_key(|&(id, _)| id);
            let mut run = 0;
            while run < frequencies.len() {
                let id = frequencies[run].0;
                let mut total = 0.0;
                while run < frequencies.len() && frequencies[run].0 == id {
                    total += frequencies[run].1;
                    run += 1;
                }
                postings[id as usize].push((document as u32, total));
            }
            lengths.push(length);
        }
        let average_length = lengths.iter().sum::<f32>() / lengths.len().max(1) as f32;
        TemplateIndex {
            library: std::borrow::Cow::Borrowed(library),
            term_ids,
            postings,
            lengths,
            average_length: average_length.max(1.0),
        }
    }

    /// An index that owns its library (the assistant page replaces both when the agent edits the library).
    pub fn owned(library: Library) -> TemplateIndex<'static> {
        let borrowed = TemplateIndex::new(&library);
        let TemplateIndex {
            term_ids,
            postings,
            lengths,
            average_length,
            ..
        } = borrowed;
        TemplateIndex {
            library: std::borrow::Cow::Owned(library),
            term_ids,
            postings,
            lengths,
            average_length,
        }
    }

    /// The library this index ranks.
    pub fn library(&self) -> &Library {
        &self.library
    }

    /// The best `limit` templates for `text`, best first.
    pub fn rank(&self, text: &str, limit: usize) -> Vec<Suggestion> {
        let trimmed = text.trim();
        // "/refund" or "/first" — an agent looking a template up by shortcode or title.
        if let Some(query) = trimmed.strip_prefix('/') {
            let query = query.split_whitespace().next().unwrap_or("").to_lowercase();
            return self.by_shortcode(&query, limit);
        }
        let query = self.query(text);
        let mut scored: Vec<(f32, u32)> = self
            .score_query(text, &query)
            .into_iter()
            .enumerate()
            .map(|(index, score)| (score, index as u32))
            .collect();
        let order = |a: &(f32, u32), b: &(f32, u32)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
        if limit < scored.len() {
            scored.select_nth_unstable_by(limit, order);
            scored.truncate(limit);
        }
        scored.sort_by(order);
        scored
            .into_iter()
            .map(|(score, index)| Suggestion {
                index: index as usize,
                score: score / (score + 4.0),
                matched: self.matched_query(&query, index as usize),
            })
            .collect()
    }

    /// The raw score of every template for `text`, in library order (BM25 with the category and language
    /// signals of [`TemplateIndex::rank`], unbounded, 0 when nothing speaks for a template): what a fusion with
    /// another ranking weighs. Shortcodes are not looked up here.
    pub fn scores(&self, text: &str) -> Vec<f32> {
        self.score_query(text, &self.query(text))
    }

    /// The words of `text` that template `index` matched.
    pub fn matched(&self, text: &str, index: usize) -> Vec<String> {
        self.matched_query(&self.query(text), index)
    }

    /// The terms of `text` (and of its expansions) the library knows: (term id, the word it came from).
    fn query(&self, text: &str) -> Vec<(u32, String)> {
        let mut query = terms(text);
        let tokens = tokenize(text);
        for found in expansions().find_all(text, &tokens) {
            query.extend(terms(expansions().payload(found.entry)));
        }
        // Each query term once per occurrence, as before; terms unknown to the library score nothing.
        query
            .into_iter()
            .filter_map(|(term, original)| self.term_ids.get(&term).map(|&id| (id, original)))
            .collect()
    }

    fn score_query(&self, text: &str, query: &[(u32, String)]) -> Vec<f32> {
        let lang = detect_language(text);
        let category = classify(text).category;
        let count = self.lengths.len() as f32;
        let mut bm25 = vec![0.0f32; self.lengths.len()];
        for (id, _) in query {
            let postings = &self.postings[*id as usize];
            let df = postings.len() as f32;
            let idf = ((count - df + 0.5) / (df + 0.5) + 1.0).ln();
            for &(document, frequency) in postings {
                let length = self.lengths[document as usize];
                bm25[document as usize] += idf * frequency * (K1 + 1.0)
                    / (frequency + K1 * (1.0 - B + B * length / self.average_length));
            }
        }
        self.library
            .templates
            .iter()
            .zip(bm25)
            .map(|(template, bm25)| {
                let mut score = bm25;
                if template.category == category {
                    score += 1.5;
                }
                if lang != Lang::Other && template.lang != lang {
                    score *= 0.2;
                }
                score
            })
            .collect()
    }

    fn matched_query(&self, query: &[(u32, String)], index: usize) -> Vec<String> {
        let mut matched: Vec<String> = Vec::new();
        for (id, original) in query {
            let hit = self.postings[*id as usize]
                .binary_search_by_key(&(index as u32), |&(document, _)| document)
                .is_ok();
            if hit && !matched.iter().any(|word| word == original) {
                matched.push(original.clone());
            }
        }
        matched
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
                Some(Suggestion {
                    index,
                    score,
                    matched: vec![format!("/{query}")],
                })
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
        for mut fields in crate::data::records(include_str!("expansions.txt")) {
            if let (Some(patterns), Some(added)) = (fields.next(), fields.next()) {
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
mod tests;
