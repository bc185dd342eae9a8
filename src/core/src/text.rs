//! Text as the engines see it: words with their offsets, folded for matching, and scripts.
//!
//! This module owns tokenization for English, Russian and Chinese: Latin and Cyrillic words (folded to lower
//! case, `ё` read as `е`), numbers, single Han characters (Chinese has no spaces; the engines match Chinese
//! by substrings and character bigrams, not by a segmenter dictionary), and emoji. Offsets are in Unicode
//! scalar values (`char`s), end exclusive, as the CLI and the UI expect. It never allocates per character.

/// What kind of token a piece of text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// A run of Latin letters (with apostrophes inside: `don't`).
    Latin,
    /// A run of Cyrillic letters (with hyphens inside: `что-то`).
    Cyrillic,
    /// One Han character.
    Han,
    /// A run of digits, possibly with letters attached (`A1234`, `77341`).
    Number,
    /// One emoji (with its modifiers and joiners).
    Emoji,
}

/// A token: where it is in the text (in chars) and its folded form for matching.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    /// Offset of the first char, in chars.
    pub start: usize,
    /// Offset after the last char, in chars.
    pub end: usize,
    /// Start and end in bytes, to slice the original text.
    pub byte_start: usize,
    pub byte_end: usize,
    /// Lower case, `ё` → `е`, curly apostrophes → `'`.
    pub folded: Folded,
}

/// A token's folded text, kept inline when short (every Chinese character, most words), so tokenizing a draft
/// does not allocate per token. Built only from a `&str`, so its bytes are always UTF-8.
#[derive(Clone, PartialEq, Eq)]
pub struct Folded(FoldedRepr);

#[derive(Clone, PartialEq, Eq)]
enum FoldedRepr {
    Inline { length: u8, bytes: [u8; 30] },
    Heap(Box<str>),
}

impl Folded {
    pub fn new(text: &str) -> Folded {
        if text.len() <= 30 {
            let mut bytes = [0u8; 30];
            bytes[..text.len()].copy_from_slice(text.as_bytes());
            Folded(FoldedRepr::Inline {
                length: text.len() as u8,
                bytes,
            })
        } else {
            Folded(FoldedRepr::Heap(text.into()))
        }
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            // SAFETY: `Folded::new` is the only constructor; it copies a whole `&str`, so the first `length`
            // bytes are valid UTF-8. This runs for every token of every keystroke, hence no re-validation.
            FoldedRepr::Inline { length, bytes } => unsafe {
                std::str::from_utf8_unchecked(&bytes[..*length as usize])
            },
            FoldedRepr::Heap(text) => text,
        }
    }
}

impl std::ops::Deref for Folded {
    type Target = str;

    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl std::fmt::Debug for Folded {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), formatter)
    }
}

impl PartialEq<str> for Folded {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Folded {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Folded {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Token {
    pub fn original<'a>(&self, text: &'a str) -> &'a str {
        &text[self.byte_start..self.byte_end]
    }
}

pub fn is_han(ch: char) -> bool {
    matches!(ch, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{2A6DF}')
}

pub fn is_cyrillic(ch: char) -> bool {
    matches!(ch, '\u{0400}'..='\u{04FF}' | '\u{0500}'..='\u{052F}')
}

pub fn is_latin_letter(ch: char) -> bool {
    ch.is_ascii_alphabetic()
        || matches!(ch, '\u{00C0}'..='\u{00FF}' | '\u{0100}'..='\u{024F}') && ch.is_alphabetic()
}

/// `char::is_alphabetic`, with ASCII, basic Cyrillic and the common CJK block answered without Unicode's tables
/// (a search per char, which a tone check of a Russian draft paid hundreds of times). Same answers for every char
/// (a unit test compares them all).
pub fn is_letter(ch: char) -> bool {
    if ch.is_ascii() {
        return ch.is_ascii_alphabetic();
    }
    matches!(ch, '\u{0400}'..='\u{045F}' | '\u{4E00}'..='\u{9FFF}') || ch.is_alphabetic()
}

/// `char::is_alphanumeric`, with the same shortcuts as [`is_letter`].
pub fn is_letter_or_digit(ch: char) -> bool {
    if ch.is_ascii() {
        return ch.is_ascii_alphanumeric();
    }
    matches!(ch, '\u{0400}'..='\u{045F}' | '\u{4E00}'..='\u{9FFF}') || ch.is_alphanumeric()
}

/// The first char of `ch.to_lowercase()`, with ASCII and basic Cyrillic capitals mapped without the table.
pub fn lower_char(ch: char) -> char {
    match ch {
        _ if ch.is_ascii() => ch.to_ascii_lowercase(),
        'А'..='Я' => char::from_u32(ch as u32 + 0x20).unwrap_or(ch),
        'Ѐ'..='Џ' => char::from_u32(ch as u32 + 0x50).unwrap_or(ch),
        'а'..='я' | 'ѐ'..='џ' | '\u{4E00}'..='\u{9FFF}' => ch,
        _ => ch.to_lowercase().next().unwrap_or(ch),
    }
}

/// Emoji and pictographs (the ranges business messages meet), not letters or CJK punctuation.
pub fn is_emoji(ch: char) -> bool {
    matches!(ch,
        '\u{1F300}'..='\u{1F5FF}' | '\u{1F600}'..='\u{1F64F}' | '\u{1F680}'..='\u{1F6FF}' | '\u{1F900}'..='\u{1F9FF}'
        | '\u{1FA70}'..='\u{1FAFF}' | '\u{2600}'..='\u{26FF}' | '\u{2700}'..='\u{27BF}' | '\u{1F1E6}'..='\u{1F1FF}'
        | '\u{2B50}' | '\u{2B55}')
}

fn is_emoji_extender(ch: char) -> bool {
    matches!(
        ch,
        '\u{200D}' | '\u{FE0F}' | '\u{FE0E}' | '\u{1F3FB}'..='\u{1F3FF}' | '\u{20E3}'
    )
}

/// Folds one char for matching: lower case, `ё` → `е`, typographic apostrophes → `'`.
pub fn fold_char(ch: char, out: &mut String) {
    match ch {
        'ё' | 'Ё' => out.push('е'),
        '\u{2019}' | '\u{2018}' | '`' | '\u{02BC}' => out.push('\''),
        _ if ch.is_ascii() => out.push(ch.to_ascii_lowercase()),
        _ if is_han(ch) => out.push(ch),
        // Basic Cyrillic capitals without the general Unicode table: А–Я → а–я, Ѐ–Џ → ѐ–џ.
        'А'..='Я' => out.push(char::from_u32(ch as u32 + 0x20).unwrap_or(ch)),
        'Ѐ'..='Џ' => out.push(char::from_u32(ch as u32 + 0x50).unwrap_or(ch)),
        'а'..='я' | 'ѐ'..='џ' => out.push(ch),
        _ => out.extend(ch.to_lowercase()),
    }
}

/// Folds a whole string the way tokens are folded.
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        let lower = text.to_ascii_lowercase();
        return if lower.contains('`') {
            lower.replace('`', "'")
        } else {
            lower
        };
    }
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        fold_char(ch, &mut out);
    }
    out
}

/// Splits `text` into tokens, in order.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut folded = String::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut index = 0;
    while index < chars.len() {
        let (byte_start, ch) = chars[index];
        let start = index;
        let kind = if is_han(ch) {
            index += 1;
            TokenKind::Han
        } else if is_emoji(ch) {
            index += 1;
            while index < chars.len()
                && (is_emoji_extender(chars[index].1)
                    || (chars[index - 1].1 == '\u{200D}' && is_emoji(chars[index].1)))
            {
                index += 1;
            }
            TokenKind::Emoji
        } else if is_latin_letter(ch) || is_cyrillic(ch) || ch.is_ascii_digit() {
            let mut has_digit = false;
            let mut has_cyrillic = false;
            while index < chars.len() {
                let c = chars[index].1;
                let joiner = matches!(c, '\'' | '\u{2019}' | '-')
                    && index + 1 < chars.len()
                    && index > start
                    && (is_latin_letter(chars[index + 1].1) || is_cyrillic(chars[index + 1].1))
                    && !chars[index - 1].1.is_ascii_digit();
                if is_latin_letter(c) || is_cyrillic(c) || c.is_ascii_digit() || joiner {
                    has_digit |= c.is_ascii_digit();
                    has_cyrillic |= is_cyrillic(c);
                    index += 1;
                } else {
                    break;
                }
            }
            if has_digit {
                TokenKind::Number
            } else if has_cyrillic {
                TokenKind::Cyrillic
            } else {
                TokenKind::Latin
            }
        } else {
            index += 1;
            continue;
        };
        let byte_end = chars.get(index).map_or(text.len(), |&(byte, _)| byte);
        folded.clear();
        for ch in text[byte_start..byte_end].chars() {
            fold_char(ch, &mut folded);
        }
        tokens.push(Token {
            kind,
            start,
            end: index,
            byte_start,
            byte_end,
            folded: Folded::new(&folded),
        });
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcuts_answer_as_the_unicode_tables_do() {
        for ch in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_letter(ch), ch.is_alphabetic(), "{ch:?}");
            assert_eq!(is_letter_or_digit(ch), ch.is_alphanumeric(), "{ch:?}");
            assert_eq!(
                lower_char(ch),
                ch.to_lowercase().next().unwrap_or(ch),
                "{ch:?}"
            );
        }
    }

    fn check(text: &str, expected: &[(&str, TokenKind)]) {
        let tokens = tokenize(text);
        let got: Vec<(&str, TokenKind)> =
            tokens.iter().map(|t| (t.original(text), t.kind)).collect();
        assert_eq!(got, expected, "{text}");
    }

    #[test]
    fn tokens_of_the_three_languages() {
        use TokenKind::*;
        check(
            "Don't worry, order A1234!",
            &[
                ("Don't", Latin),
                ("worry", Latin),
                ("order", Latin),
                ("A1234", Number),
            ],
        );
        check(
            "Ёлка что-то 5 раз",
            &[
                ("Ёлка", Cyrillic),
                ("что-то", Cyrillic),
                ("5", Number),
                ("раз", Cyrillic),
            ],
        );
        check(
            "订单77341到了吗",
            &[
                ("订", Han),
                ("单", Han),
                ("77341", Number),
                ("到", Han),
                ("了", Han),
                ("吗", Han),
            ],
        );
        check("ok 👍🏽 👨‍👩‍👧", &[("ok", Latin), ("👍🏽", Emoji), ("👨‍👩‍👧", Emoji)]);
    }

    #[test]
    fn offsets_are_in_chars_and_folding_reads_yo_as_ye() {
        let tokens = tokenize("Привет, Ёжик");
        assert_eq!((tokens[1].start, tokens[1].end), (8, 12));
        assert_eq!(tokens[1].folded, "ежик");
        assert_eq!(fold("It’s"), "it's");
    }
}
