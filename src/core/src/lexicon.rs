//! Word and phrase lists, compiled once and matched against tokens.
//!
//! This module owns the one pattern language all data files use (classification signals, tone word lists,
//! company additions): English and Russian patterns are words separated by spaces, where a trailing `*`
//! matches any ending (`доставк*` covers доставка, доставки, доставкой — Russian cases without a stemmer);
//! Chinese patterns are substrings (no segmenter). Matching is indexed by the first word (for prefixes, the
//! first two letters; for Chinese, the first two characters), so a list of thousands of patterns costs a few hash
//! lookups per token.

use rustc_hash::FxHashMap as HashMap;

use super::text::{Token, TokenKind};

/// How one word of a pattern matches a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum WordForm {
    /// The word itself.
    Exact,
    /// Any word starting with it (`word*`).
    Prefix,
    /// The word or one of its English inflections (`word+`, see [`english_forms`]).
    Inflected,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Pattern {
    /// Consecutive words; `(text, form, the inflected forms of a `word+`)` per word (the forms written out
    /// once, not at every match).
    Words(Vec<(String, WordForm, Vec<String>)>),
    /// A substring of the original text, starting at a Han token.
    Han(String),
}

/// A match of a lexicon entry in a text: which entry, and where (chars, end exclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match {
    pub entry: usize,
    pub start: usize,
    pub end: usize,
    /// Index of the first and one past the last token covered.
    pub first_token: usize,
    pub last_token: usize,
}

/// A compiled list of patterns, each tagged with a payload `T`.
#[derive(Clone, Debug)]
pub struct Lexicon<T> {
    entries: Vec<(Pattern, T)>,
    /// Patterns whose first word is a whole word, by that word.
    by_first_word: HashMap<String, Vec<usize>>,
    /// Patterns starting with a prefix word, by its first two letters (the second is `None` for a one-letter
    /// prefix): Russian mat and inflections make many prefixes share a first letter.
    by_prefix_start: HashMap<(char, Option<char>), Vec<usize>>,
    /// Chinese substrings, by their first two characters (the second is `None` for a one-character pattern):
    /// common characters (您, 就, 不) start dozens of patterns, and a Han token's next character is known.
    by_first_chars: HashMap<(char, Option<char>), Vec<usize>>,
}

impl<T> Default for Lexicon<T> {
    fn default() -> Self {
        Lexicon {
            entries: Vec::new(),
            by_first_word: HashMap::default(),
            by_prefix_start: HashMap::default(),
            by_first_chars: HashMap::default(),
        }
    }
}

impl<T> Lexicon<T> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one pattern (see the module comment for the syntax). Empty patterns are ignored.
    pub fn add(&mut self, pattern: &str, payload: T) {
        let pattern = pattern.trim();
        let Some(first) = pattern.chars().next() else {
            return;
        };
        let compiled = if super::text::is_han(first) {
            Pattern::Han(pattern.to_string())
        } else {
            let words: Vec<(String, WordForm, Vec<String>)> = pattern
                .split_whitespace()
                .map(|word| {
                    let folded = super::text::fold(word);
                    if let Some(stem) = folded.strip_suffix('*') {
                        (stem.to_string(), WordForm::Prefix, Vec::new())
                    } else if let Some(stem) = folded.strip_suffix('+').filter(|s| !s.is_empty()) {
                        (stem.to_string(), WordForm::Inflected, english_forms(stem))
                    } else {
                        (folded, WordForm::Exact, Vec::new())
                    }
                })
                .collect();
            Pattern::Words(words)
        };
        let entry = self.entries.len();
        match &compiled {
            Pattern::Han(text) => {
                let mut chars = text.chars();
                let key = (chars.next().unwrap_or('\0'), chars.next());
                self.by_first_chars.entry(key).or_default().push(entry)
            }
            Pattern::Words(words) if words[0].1 == WordForm::Prefix => {
                let mut letters = words[0].0.chars();
                let key = (letters.next().unwrap_or(' '), letters.next());
                self.by_prefix_start.entry(key).or_default().push(entry)
            }
            Pattern::Words(words) if words[0].1 == WordForm::Inflected => {
                for form in &words[0].2 {
                    self.by_first_word
                        .entry(form.clone())
                        .or_default()
                        .push(entry);
                }
            }
            Pattern::Words(words) => self
                .by_first_word
                .entry(words[0].0.clone())
                .or_default()
                .push(entry),
        }
        self.entries.push((compiled, payload));
    }

    pub fn payload(&self, entry: usize) -> &T {
        &self.entries[entry].1
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every match in the text, in token order; at one position every matching entry is reported.
    pub fn find_all(&self, text: &str, tokens: &[Token]) -> Vec<Match> {
        let mut found = Vec::new();
        self.for_each_match(text, tokens, |m| found.push(m));
        found
    }

    /// Calls `on_match` for every match, without collecting.
    pub fn for_each_match(&self, text: &str, tokens: &[Token], mut on_match: impl FnMut(Match)) {
        let empty: &[usize] = &[];
        for (index, token) in tokens.iter().enumerate() {
            let mut letters = token.folded.chars();
            let (first, second) = (letters.next().unwrap_or(' '), letters.next());
            // A Han token is one character: only Chinese substrings can start there, and only those whose
            // second character is the text's next one (or that have none).
            let (by_word, by_prefix, by_chars) = if token.kind == TokenKind::Han {
                let next = text[token.byte_end..].chars().next();
                let chars = |key| self.by_first_chars.get(&key).map_or(empty, Vec::as_slice);
                (
                    empty,
                    [empty, empty],
                    [chars((first, next)), chars((first, None))],
                )
            } else {
                let by_word = self
                    .by_first_word
                    .get(token.folded.as_str())
                    .map_or(empty, Vec::as_slice);
                let prefixed = |key| self.by_prefix_start.get(&key).map_or(empty, Vec::as_slice);
                (
                    by_word,
                    [prefixed((first, second)), prefixed((first, None))],
                    [empty, empty],
                )
            };
            let candidates = by_word
                .iter()
                .chain(by_prefix.into_iter().flatten())
                .chain(by_chars.into_iter().flatten());
            for &entry in candidates {
                match &self.entries[entry].0 {
                    Pattern::Words(words) => {
                        if token.kind == TokenKind::Han || index + words.len() > tokens.len() {
                            continue;
                        }
                        let all = words.iter().zip(&tokens[index..]).all(
                            |((word, form, forms), token)| match form {
                                WordForm::Prefix => token.folded.starts_with(word.as_str()),
                                WordForm::Exact => token.folded == *word,
                                WordForm::Inflected => forms.iter().any(|f| *f == *token.folded),
                            },
                        );
                        if all {
                            let last = index + words.len();
                            on_match(Match {
                                entry,
                                start: token.start,
                                end: tokens[last - 1].end,
                                first_token: index,
                                last_token: last,
                            });
                        }
                    }
                    Pattern::Han(pattern) => {
                        if token.kind != TokenKind::Han
                            || !text[token.byte_start..].starts_with(pattern.as_str())
                        {
                            continue;
                        }
                        let length = pattern.chars().count();
                        let mut last = index;
                        while last < tokens.len() && tokens[last].start < token.start + length {
                            last += 1;
                        }
                        on_match(Match {
                            entry,
                            start: token.start,
                            end: token.start + length,
                            first_token: index,
                            last_token: last,
                        });
                    }
                }
            }
        }
    }
}

/// Endings of English inflection and of the common slang derivations (`fucker`, `shitty`, `fuckin`) that
/// start with a vowel (`y` counts as one here).
const VOWEL_ENDINGS: &[&str] = &["ed", "ing", "ings", "in", "er", "ers", "y"];

/// A word and its inflected forms, written out rather than stemmed: the plural or third person (`-s`, `-es`
/// after a hissing sound, `-ies` for a final `y`), and [`VOWEL_ENDINGS`] with a silent `e` dropped (`whoring`)
/// or, after one short vowel and a consonant, the consonant doubled (`slutty`, `fagging`). A clean word that
/// merely shares the letters (`cumin`, `titter`, `spices`) is a form only where it follows these rules from the
/// stem the list author chose; `in` is not added to words of three letters, where it makes too many such words.
pub fn english_forms(stem: &str) -> Vec<String> {
    let letters: Vec<char> = stem.chars().collect();
    let n = letters.len();
    let is_vowel = |c: char| "aeiou".contains(c);
    let mut forms = vec![stem.to_string()];
    if n < 2 {
        return forms;
    }
    let last = letters[n - 1];
    if last == 'y' && !is_vowel(letters[n - 2]) {
        let base = &stem[..stem.len() - 1];
        for ending in ["ies", "ied", "ier", "iest", "ying"] {
            forms.push(format!("{base}{ending}"));
        }
        return forms;
    }
    let hissing = ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|end| stem.ends_with(end));
    forms.push(format!("{stem}{}", if hissing { "es" } else { "s" }));
    let doubles = n >= 3
        && !is_vowel(last)
        && !"wxy".contains(last)
        && is_vowel(letters[n - 2])
        && !is_vowel(letters[n - 3]);
    for ending in VOWEL_ENDINGS {
        if *ending == "in" && n <= 3 {
            continue;
        }
        if last == 'e' {
            forms.push(format!("{}{ending}", &stem[..stem.len() - 1]));
        } else if doubles {
            forms.push(format!("{stem}{last}{ending}"));
        } else {
            forms.push(format!("{stem}{ending}"));
        }
    }
    forms.sort();
    forms.dedup();
    forms
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    fn matches(patterns: &[&str], text: &str) -> Vec<(String, usize, usize)> {
        let mut lexicon = Lexicon::new();
        for pattern in patterns {
            lexicon.add(pattern, pattern.to_string());
        }
        let tokens = tokenize(text);
        lexicon
            .find_all(text, &tokens)
            .into_iter()
            .map(|m| (lexicon.payload(m.entry).clone(), m.start, m.end))
            .collect()
    }

    #[test]
    fn words_phrases_prefixes_and_substrings() {
        assert_eq!(
            matches(&["thanks in advance"], "Thanks in advance!"),
            vec![("thanks in advance".into(), 0, 17)]
        );
        assert_eq!(
            matches(&["доставк*"], "Где моя доставка?"),
            vec![("доставк*".into(), 8, 16)]
        );
        assert_eq!(
            matches(&["заранее спасибо"], "Заранее спасибо"),
            vec![("заранее спасибо".into(), 0, 15)]
        );
        assert_eq!(
            matches(&["马上"], "请马上处理"),
            vec![("马上".into(), 1, 3)]
        );
        assert_eq!(matches(&["u"], "you u"), vec![("u".into(), 4, 5)]);
        assert!(matches(&["ok"], "okay").is_empty());
        assert_eq!(matches(&["ё*"], "Ёлка").len(), 1);
    }

    #[test]
    fn inflected_words_match_their_endings_only() {
        assert_eq!(matches(&["slut+"], "so slutty").len(), 1);
        assert_eq!(matches(&["slut+"], "two sluts").len(), 1);
        assert_eq!(matches(&["whore+"], "whoring").len(), 1);
        assert_eq!(matches(&["bitch+"], "bitches bitchy").len(), 2);
        assert_eq!(matches(&["blow job+"], "blow jobs").len(), 1);
        assert!(matches(&["turd+"], "turducken").is_empty());
        assert!(matches(&["tit+"], "title").is_empty());
        assert!(matches(&["spic+"], "spices spicy").is_empty());
    }

    #[test]
    fn english_forms_follow_the_spelling_rules() {
        let forms = english_forms("fag");
        for form in ["fag", "fags", "fagging", "fagged", "faggy"] {
            assert!(forms.contains(&form.to_string()), "{form}");
        }
        assert!(!english_forms("cum").contains(&"cumin".to_string()));
        assert!(english_forms("titty").contains(&"titties".to_string()));
        assert!(english_forms("bitch").contains(&"bitches".to_string()));
    }
}
