//! Swear words written to get past a word list: letters swapped for look-alike digits and symbols (`sh1t`,
//! `$hit`, `a$$hole`) or hidden behind asterisks (`f*ck`, `f**king`, `п*здец`). Each chunk of the draft that
//! mixes letters with such characters is read back with the substitutions and compared with the stems below,
//! an `*` standing for one or two hidden letters. Words stretched with repeated letters (`fuuuck`, `shiiit`)
//! are read back with each run of a letter as one. Plain words are the word list's business, not this pass.

use super::{push_profanity, whitespace_chunks, Draft};
use std::collections::HashSet;
use std::sync::OnceLock;

use crate::lexicon::english_forms;
use crate::lexicon::Match;
use crate::text::TokenKind;
use crate::tone::WordEntry;

/// Swear words often stretched; a stretched word is one of their forms with letters repeated. `fuck` is also a
/// prefix (`fuuuckface`); the others are not, as `shiitake` stretches `shitake`.
const STRETCHED: &[&str] = &[
    "fuck", "shit", "bitch", "cunt", "dick", "cock", "pussy", "whore", "slut", "twat", "wank",
];

/// Stems of swear words, as written without masking; a match covers the chunk.
const STEMS: &[&str] = &[
    "fuck",
    "shit",
    "bitch",
    "cunt",
    "asshole",
    "bastard",
    "dick",
    "cock",
    "whore",
    "slut",
    "wank",
    "motherfuck",
    "bullshit",
    "puss",
    "penis",
    "nigg",
    "faggot",
    "twat",
    "porn",
    "dildo",
    "jizz",
    "boob",
    "damn",
    "хуй",
    "хуе",
    "пизд",
    "ебат",
    "ебал",
    "бля",
    "сука",
    "мудак",
    "他妈",
];

/// Finds masked swear words and reports them as `profanity`.
pub(super) fn masked_profanity(draft: &mut Draft<'_>, matches: &[(Match, &WordEntry)]) {
    let chars = &draft.chars;
    let masked: Vec<(usize, usize)> = whitespace_chunks(chars)
        .into_iter()
        .filter_map(|(start, end)| {
            // Trim the punctuation around the word, but keep `*` and `$`, which may be part of it.
            let a = (start..end).find(|&i| is_word_char(chars[i]))?;
            let b = (a..end).rev().find(|&i| is_word_char(chars[i]))? + 1;
            is_masked_swear_word(&chars[a..b]).then_some((a, b))
        })
        .collect();
    push_profanity(draft, matches, masked);
    let stretched: Vec<(usize, usize)> = draft
        .tokens
        .iter()
        .filter(|t| t.kind == TokenKind::Latin && is_stretched_swear_word(&t.folded))
        .map(|t| (t.start, t.end))
        .collect();
    push_profanity(draft, matches, stretched);
}

/// Each run of one letter as a single letter: `fuuuck` → `fuck`, `shiiit` → `shit`.
fn collapse_runs(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// Whether a lower-case word is a swear word with letters repeated (`fuuuck`, `shiiit`, `biiitch`); a word
/// with no repeated letter is never one, so this costs nothing on most words.
fn is_stretched_swear_word(word: &str) -> bool {
    let repeats = word.as_bytes().windows(2).any(|pair| pair[0] == pair[1]);
    if !repeats || !word.is_ascii() {
        return false;
    }
    let collapsed = collapse_runs(word);
    /// The forms of [`STRETCHED`] as written, and with runs collapsed.
    type Forms = (HashSet<String>, HashSet<String>);
    static FORMS: OnceLock<Forms> = OnceLock::new();
    let (written, collapsed_forms) = FORMS.get_or_init(|| {
        let written: HashSet<String> = STRETCHED
            .iter()
            .flat_map(|stem| english_forms(stem))
            .collect();
        let collapsed = written.iter().map(|form| collapse_runs(form)).collect();
        (written, collapsed)
    });
    // A form as written (`pussy`, `shitty`) is the word list's business, and a clean phrase may cover it.
    !written.contains(word)
        && (collapsed.starts_with("fuck") || collapsed_forms.contains(&collapsed))
}

/// Whether a chunk of four or more characters mixes letters with one to four look-alikes or `*`, and reads as
/// a swear word.
fn is_masked_swear_word(chunk: &[char]) -> bool {
    // A masked word is short; a long chunk (a Chinese sentence has no spaces) is not read.
    // Nor is a word without a mask (`*`, `$`, a digit…): the common case, decided without Unicode tables.
    if chunk.len() > 24
        || !chunk
            .iter()
            .any(|c| c.is_ascii() && !c.is_ascii_alphabetic())
    {
        return false;
    }
    let letters = chunk.iter().filter(|c| c.is_alphabetic()).count();
    let masks = chunk.iter().filter(|c| !c.is_alphabetic()).count();
    if letters < 2 || letters + masks < 4 || masks == 0 || masks > 4 {
        return false;
    }
    let read: Vec<char> = chunk.iter().map(|&c| unmask(c)).collect();
    STEMS.iter().any(|stem| matches_stem(&read, stem))
}

fn is_word_char(c: char) -> bool {
    crate::text::is_letter_or_digit(c) || matches!(c, '*' | '$' | '@')
}

/// The letter a look-alike stands for; `*` stays a wildcard.
fn unmask(c: char) -> char {
    match c {
        '1' | '!' => 'i',
        '0' => 'o',
        '3' => 'e',
        '4' | '@' => 'a',
        '5' | '$' => 's',
        '7' => 't',
        other => other.to_lowercase().next().unwrap_or(other),
    }
}

/// Whether `read` starts with `stem`, each `*` in `read` standing for one or two letters of the stem.
fn matches_stem(read: &[char], stem: &str) -> bool {
    let stem: Vec<char> = stem.chars().collect();
    fn go(read: &[char], stem: &[char]) -> bool {
        match (read.first(), stem.first()) {
            (_, None) => true,
            (None, Some(_)) => false,
            (Some('*'), Some(_)) => {
                go(&read[1..], &stem[1..])
                    || (stem.len() >= 2 && go(&read[1..], &stem[2..]))
                    || go(&read[1..], stem)
            }
            (Some(r), Some(s)) => r == s && go(&read[1..], &stem[1..]),
        }
    }
    // A leading `*` alone must not turn any word into a swear word: the first letter must be given.
    read.first().is_some_and(|c| *c != '*') && go(read, &stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn swear(word: &str) -> bool {
        is_masked_swear_word(&word.chars().collect::<Vec<_>>())
    }

    #[test]
    fn masked_swear_words_are_read_back() {
        for word in [
            "f*ck",
            "f**k",
            "f*cking",
            "f*ck!",
            "sh1t",
            "$hit",
            "a$$hole",
            "b!tch",
            "п*здец",
            "бл*ть",
            "p*ssy",
            "pu55y",
            "n1gger",
            "p0rn",
            "d*mn",
        ] {
            assert!(swear(word), "{word}");
        }
    }

    #[test]
    fn ordinary_words_with_digits_or_symbols_are_not() {
        for word in ["a*b", "*ck", "sh0p", "co$t", "4sale", "k8s", "c*t", "fu*"] {
            assert!(!swear(word), "{word}");
        }
    }

    #[test]
    fn stretched_swear_words_but_not_words_with_double_letters() {
        for word in [
            "fuuuck",
            "fuuucking",
            "shiiit",
            "biiitch",
            "cuuunt",
            "whoooore",
        ] {
            assert!(is_stretched_swear_word(word), "{word}");
        }
        for word in [
            "shiitake", "pussy", "shitty", "book", "coffee", "dicker", "cocoon", "sheet", "shoot",
            "wanna",
        ] {
            assert!(!is_stretched_swear_word(word), "{word}");
        }
    }
}
