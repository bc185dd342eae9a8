//! Swear words written as one word with another (`assclown`, `dickweed`, `cuntlicker`, `fingerfuckers`): a Latin
//! word that splits exactly into two known parts, one of them a swear word, or a body word and an insult's
//! tail, with an ordinary ending. Only whole splits count, so clean words that merely contain the letters
//! ("Scunthorpe", "Matsushita", "cockpit", "butter", "assessment", "snigger") never match; the word list
//! finds the plain words and their endings.

use super::{push_profanity, Draft};
use crate::lexicon::Match;
use crate::text::TokenKind;
use crate::tone::WordEntry;

/// Swear words that make any compound a swear word.
const STRONG: &[&str] = &[
    "fuck", "fuk", "fck", "cunt", "shit", "bitch", "whore", "slut", "jizz", "wank", "twat",
    "cocksuck", "fag", "dyke", "bastard", "prick", "dildo", "piss", "turd", "crap", "spunk",
    "bollock", "cum", "skank", "pussy", "nigger", "porn",
];
/// Body words: a compound with an insult's tail is a swear word (`butthead`, `dickwad`).
const BODY: &[&str] = &[
    "ass", "arse", "butt", "dick", "cock", "tit", "titty", "knob", "ball", "balls", "nut", "boob",
    "booty",
];
/// Body words rude enough after a lead part (`fatass`, `limpdick`), unlike `ball` (`football`).
const RUDE_BODY: &[&str] = &["ass", "arse", "dick", "cock"];
/// Parts that make a swear word with a strong word or after a body word.
const TAIL: &[&str] = &[
    "face", "head", "hole", "wipe", "wad", "weed", "bag", "brain", "clown", "hat", "lick",
    "licker", "licking", "suck", "sucker", "sucking", "munch", "muncher", "monkey", "jockey",
    "pirate", "stain", "bandit", "nugget", "sack", "burger", "waffle", "kisser", "kiss", "load",
    "lord", "stick", "show", "storm", "man", "boy", "master", "rag", "hound", "fest", "slap",
];
/// Parts that make a swear word only after a strong word or a rude body word (`cocktease`, `pussylover`,
/// `dickless`, `cumbubble`), never after `ball` or `nut`.
const SEX_TAIL: &[&str] = &[
    "lover", "eater", "rider", "smoker", "blaster", "tease", "teaser", "block", "blocker", "lips",
    "pounder", "bubble", "queen", "fit", "less", "juice", "cowboy", "ranger", "packer", "fucker",
];
/// Parts found before a strong word (`mindfuck`, `dumbfuck`, `fingerfucker`, `cluster…`).
const LEAD: &[&str] = &[
    "mother",
    "mutha",
    "mind",
    "cluster",
    "dumb",
    "fat",
    "big",
    "finger",
    "fist",
    "foot",
    "face",
    "butt",
    "bum",
    "horse",
    "bull",
    "chicken",
    "dip",
    "jack",
    "smart",
    "bad",
    "fast",
    "free",
    "fun",
    "easy",
    "crack",
    "god",
    "holy",
    "dog",
    "pig",
    "cock",
    "ass",
    "arse",
    "dick",
    "cunt",
    "tit",
    "skull",
    "brain",
    "ratchet",
    "stupid",
    "nasty",
    "limp",
    "drip",
    "suck",
    "lazy",
    "bat",
    "ape",
    "bumble",
    "freak",
    "head",
    "short",
    "sand",
    "white",
    "snow",
    "timber",
    "spaghetti",
];
/// Ordinary endings after the second part.
const ENDINGS: &[&str] = &[
    "", "s", "es", "er", "ers", "ing", "in", "ed", "y", "ies", "ty",
];

/// What a part can be, as bits: a word may be in several lists (`butt` is a body word and a lead).
const IS_STRONG: u8 = 1;
const IS_BODY: u8 = 2;
const IS_RUDE_BODY: u8 = 4;
const IS_TAIL: u8 = 8;
const IS_SEX_TAIL: u8 = 16;
const IS_LEAD: u8 = 32;

/// The kinds of a part (0 for a word in no list): one hash lookup instead of a scan of six lists, since every
/// Latin token of a draft is split at every letter (issue 14's tone budget).
fn part_kinds(part: &str) -> u8 {
    static KINDS: std::sync::OnceLock<rustc_hash::FxHashMap<&'static str, u8>> =
        std::sync::OnceLock::new();
    let kinds = KINDS.get_or_init(|| {
        let mut kinds = rustc_hash::FxHashMap::default();
        for (list, bit) in [
            (STRONG, IS_STRONG),
            (BODY, IS_BODY),
            (RUDE_BODY, IS_RUDE_BODY),
            (TAIL, IS_TAIL),
            (SEX_TAIL, IS_SEX_TAIL),
            (LEAD, IS_LEAD),
        ] {
            for &word in list {
                *kinds.entry(word).or_insert(0) |= bit;
            }
        }
        kinds
    });
    kinds.get(part).copied().unwrap_or(0)
}

/// Whether a lower-case word is a compound swear word.
pub(super) fn is_compound_swear_word(word: &str) -> bool {
    if word.len() < 5 || !word.is_ascii() {
        return false;
    }
    (1..word.len()).any(|split| {
        let (first, rest) = word.split_at(split);
        // Most splits end here: the first part is known or the split is no compound.
        let first_kinds = part_kinds(first);
        if first_kinds & (IS_STRONG | IS_BODY | IS_LEAD) == 0 {
            return false;
        }
        let first_strong = first_kinds & IS_STRONG != 0;
        let first_body = first_kinds & IS_BODY != 0;
        let first_lead = first_kinds & IS_LEAD != 0;
        let rude_first = first_strong || first_kinds & IS_RUDE_BODY != 0 || first == "tit";
        ENDINGS.iter().any(|ending| {
            let Some(second) = rest.strip_suffix(ending).filter(|s| s.len() >= 2) else {
                return false;
            };
            let second_kinds = part_kinds(second);
            let second_strong = second_kinds & IS_STRONG != 0;
            // `in` ends a swear word (`fuckin`), not a body word (`assassin`); a ball boy is a tennis job.
            if (*ending == "in" && !second_strong)
                || (matches!(first, "ball" | "balls" | "nut") && matches!(second, "boy" | "man"))
            {
                return false;
            }
            let second_is = |bits: u8| second_kinds & bits != 0;
            (rude_first && second_is(IS_SEX_TAIL))
                || (first_strong && second_is(IS_STRONG | IS_TAIL | IS_BODY))
                || second_strong
                || (first_body && second_is(IS_TAIL))
                || (first_lead && second_is(IS_RUDE_BODY))
        })
    })
}

/// Reports compound swear words the word list did not already report.
pub(super) fn compound_profanity(draft: &mut Draft<'_>, matches: &[(Match, &WordEntry)]) {
    let found: Vec<(usize, usize)> = draft
        .tokens
        .iter()
        .filter(|t| t.kind == TokenKind::Latin && t.end - t.start >= 5)
        .filter(|t| is_compound_swear_word(&t.original(draft.text).to_lowercase()))
        .map(|t| (t.start, t.end))
        .collect();
    push_profanity(draft, matches, found);
}

#[cfg(test)]
mod tests {
    use super::is_compound_swear_word;

    #[test]
    fn compounds_of_swear_words_are_found() {
        for word in [
            "assclown",
            "asswipe",
            "dickweed",
            "dickwad",
            "butthead",
            "buttface",
            "cuntlicker",
            "fingerfuckers",
            "mindfuck",
            "clusterfuck",
            "dumbfuck",
            "buttfucker",
            "shitface",
            "bitchslap",
            "pisshead",
            "knobhead",
            "titwank",
            "cumbag",
            "fistfucking",
            "assholes",
            "crapface",
            "slutbag",
            "fatass",
            "limpdick",
            "stupidfuck",
            "suckdick",
            "cocktease",
            "cockblocker",
            "pussylover",
            "dickless",
            "cumbubble",
            "bumblefuck",
            "batshit",
        ] {
            assert!(is_compound_swear_word(word), "{word}");
        }
    }

    #[test]
    fn clean_words_that_contain_the_letters_are_not() {
        for word in [
            "scunthorpe",
            "matsushita",
            "cockpit",
            "cocktail",
            "peacock",
            "hitchcock",
            "butter",
            "butterscotch",
            "assessment",
            "assistant",
            "classic",
            "passage",
            "snigger",
            "shiitake",
            "dickens",
            "title",
            "cumulative",
            "document",
            "circumstances",
            "therapist",
            "analysis",
            "basement",
            "ballpark",
            "football",
            "headset",
            "bullshot",
            "massage",
            "bassoon",
            "titanic",
            "pitfall",
            "handbag",
            "cumin",
            "buttons",
            "cockatoo",
            "shell",
            "scrap",
            "crappie",
            "turdus",
            "woodcock",
            "shuttlecock",
            "stopcock",
            "haycock",
            "compass",
            "morass",
            "sucker",
            "suckling",
            "pinball",
            "dripping",
            "assassin",
            "assassins",
            "ballboy",
            "pinprick",
            "pussyfooting",
            "cocksure",
            "ballless",
        ] {
            assert!(!is_compound_swear_word(word), "{word}");
        }
    }
}
