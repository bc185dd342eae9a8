//! Swear words written to get past a word list: letters swapped for look-alike digits and symbols (`sh1t`,
//! `$hit`, `a$$hole`) or hidden behind asterisks (`f*ck`, `f**king`, `п*здец`). Each chunk of the draft that
//! mixes letters with such characters is read back with the substitutions and compared with the stems below,
//! an `*` standing for one or two hidden letters. Plain words are the word list's business, not this pass.

use super::{removal_fix, whitespace_chunks, Draft};
use crate::tone::Rule;

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
pub(super) fn masked_profanity(draft: &mut Draft<'_>) {
    let chars = &draft.chars;
    let found: Vec<(usize, usize)> = whitespace_chunks(chars)
        .into_iter()
        .filter_map(|(start, end)| {
            // Trim the punctuation around the word, but keep `*` and `$`, which may be part of it.
            let a = (start..end).find(|&i| is_word_char(chars[i]))?;
            let b = (a..end).rev().find(|&i| is_word_char(chars[i]))? + 1;
            (!draft.is_masked(a, b) && is_masked_swear_word(&chars[a..b])).then_some((a, b))
        })
        .collect();
    for (a, b) in found {
        let detail = draft.slice(a, b);
        let fix = removal_fix(draft, a, b);
        draft.push(Rule::Profanity, "profanity", a, b, &detail, Some(fix));
    }
}

/// Whether a chunk of four or more characters mixes letters with one to four look-alikes or `*`, and reads as
/// a swear word.
fn is_masked_swear_word(chunk: &[char]) -> bool {
    let letters = chunk.iter().filter(|c| c.is_alphabetic()).count();
    let masks = chunk.iter().filter(|c| !c.is_alphabetic()).count();
    if letters < 2 || letters + masks < 4 || masks == 0 || masks > 4 {
        return false;
    }
    let read: Vec<char> = chunk.iter().map(|&c| unmask(c)).collect();
    STEMS.iter().any(|stem| matches_stem(&read, stem))
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '*' | '$' | '@')
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
}
