//! Where a reply's sign-off starts: agents end with their initials or name (`^AB`, `-Angie`, `- Chloe`,
//! `~ Ellen`, `--JV`, `TY - Jayne`, `…on your line? FA`, a last line `Anna Smith`). A sign-off is not a
//! sentence: it needs no full stop, and its letters are not slang (`-KK`) or shouting. Found from the end of
//! the text, on characters only; the rules mask it.

use super::chunks::{is_link, part_counter};
use super::whitespace_chunks;

/// Marks that introduce a sign-off.
const MARKERS: &[char] = &['^', '-', '–', '—', '~', '/', '*'];

/// The char range of the sign-off at the end of `chars`, if there is one.
pub(super) fn signature_range(chars: &[char]) -> Option<(usize, usize)> {
    let mut chunks = whitespace_chunks(chars);
    // A link or a thread counter may follow the sign-off (`^AC https://t.co/…`, `*TJN 2/2`).
    while chunks.len() > 1
        && chunks.last().is_some_and(|&(a, b)| {
            let chunk: String = chars[a..b].iter().collect();
            is_link(&chunk) || part_counter(&chunk).is_some()
        })
    {
        chunks.pop();
    }
    let end = chunks.last()?.1;
    let (last_start, last_end) = *chunks.last()?;
    let last = &chars[last_start..last_end];
    let sentence_end_before = |index: usize| {
        chars[..index]
            .iter()
            .rev()
            .find(|c| !c.is_whitespace())
            .is_none_or(|&c| {
                matches!(c, '.' | '!' | '?' | '。' | '！' | '？' | ')' | '(' | ':')
                    || crate::text::is_emoji(c)
            })
            || chars[..index]
                .iter()
                .rev()
                .take_while(|c| c.is_whitespace())
                .any(|&c| c == '\n')
    };
    // `-Becky`, `^RR`, `/GK`, `--JV`, and `assist.--JV` (the marker right after the sentence's mark).
    if let Some(offset) = last.iter().position(|c| MARKERS.contains(c)) {
        let name = &last[offset..];
        let marks = name.iter().take_while(|c| MARKERS.contains(c)).count();
        let before_ok = offset == 0
            || matches!(last[offset - 1], '.' | '!' | '?' | ')') && !last[..offset].contains(&'/');
        // After `^` (the usual sign-off mark on social channels) initials may be lower case: `^sp`.
        let caret_initials = name.first() == Some(&'^')
            && (1..=4).contains(&(name.len() - marks))
            && name[marks..].iter().all(|c| c.is_alphabetic());
        if before_ok && (1..=2).contains(&marks) && (is_name(&name[marks..]) || caret_initials) {
            return Some((last_start + offset, end));
        }
    }
    // `there!- Anwar`, `accordingly.- Ed`: the marker ends the sentence's last word.
    if chunks.len() >= 2 && is_name(last) {
        let (before_start, before_end) = chunks[chunks.len() - 2];
        let before = &chars[before_start..before_end];
        let marks = before
            .iter()
            .rev()
            .take_while(|c| MARKERS.contains(c))
            .count();
        if (1..=2).contains(&marks)
            && before.len() > marks
            && matches!(before[before.len() - marks - 1], '.' | '!' | '?')
        {
            return Some((before_end - marks, end));
        }
    }
    // A name alone after the last sentence: `I'll look into this for you. Steven`.
    if chunks.len() >= 2
        && is_name(last)
        && last.len() >= 3
        && last[1..].iter().all(|c| c.is_lowercase())
        && chars[..last_start]
            .iter()
            .rev()
            .find(|c| !c.is_whitespace())
            .is_some_and(|c| matches!(c, '.' | '!' | '?'))
    {
        return Some((last_start, end));
    }
    // `- Chloe`, `~ Ellen`, `TY - Jayne`, `Kind regards - Rhys`: a lone marker before a name, after at most
    // two words that follow the end of a sentence.
    if chunks.len() >= 2 && is_name(last) {
        let (marker_start, marker_end) = chunks[chunks.len() - 2];
        let marker = &chars[marker_start..marker_end];
        if marker.len() <= 2 && marker.iter().all(|c| MARKERS.contains(c)) {
            for lead in 0..=2usize {
                let Some(&(start, _)) = chunks
                    .len()
                    .checked_sub(2 + lead)
                    .and_then(|i| chunks.get(i))
                else {
                    break;
                };
                if sentence_end_before(start) {
                    return Some((start, end));
                }
            }
        }
    }
    // A closing after the last sentence: `… legislation. Thanks`, `Thank you, Anna`, `Спасибо!`-less `Спасибо`.
    if let Some(start) = closing_start(chars, &chunks) {
        return Some((start, end));
    }
    // Initials after a sentence: `…on your line? FA`.
    if (2..=4).contains(&last.len())
        && last.iter().all(|c| c.is_ascii_uppercase())
        && chunks.len() >= 2
        && sentence_end_before(last_start)
    {
        return Some((last_start, end));
    }
    // A last line of one to four capitalised words after a line that ends a sentence or a closing
    // (`Best regards,⏎Anna Smith`).
    let line_start = chars[..end]
        .iter()
        .rposition(|&c| c == '\n')
        .map(|i| i + 1)?;
    let line: Vec<(usize, usize)> = chunks
        .iter()
        .copied()
        .filter(|&(start, _)| start >= line_start)
        .collect();
    let before_line = chars[..line_start]
        .iter()
        .rev()
        .find(|c| !c.is_whitespace());
    let capitalised = line.iter().all(|&(start, stop)| {
        chars[start].is_uppercase() || chars[start..stop].iter().all(|c| MARKERS.contains(c))
    });
    let no_sentence = !chars[line_start..end]
        .iter()
        .any(|c| matches!(c, '.' | '!' | '?'));
    (!line.is_empty()
        && line.len() <= 4
        && capitalised
        && no_sentence
        && before_line.is_some_and(|c| matches!(c, '.' | '!' | '?' | ',' | '。' | '！' | '？')))
    .then_some((line[0].0, end))
}

/// Words that close a message, alone or before a name.
const CLOSINGS: &[&str] = &[
    "thanks",
    "thank you",
    "thank you so much",
    "many thanks",
    "cheers",
    "regards",
    "best regards",
    "kind regards",
    "best",
    "take care",
    "rgds",
    "ty",
    "thx",
    "br",
    "cheers",
    "gruß",
    "спасибо",
    "с уважением",
    "всего доброго",
    "谢谢",
    "感谢",
];

/// Where a closing (`Thanks`, `Kind regards, Anna`) that follows the end of a sentence starts.
fn closing_start(chars: &[char], chunks: &[(usize, usize)]) -> Option<usize> {
    for words in 1..=4usize.min(chunks.len().saturating_sub(1)) {
        let start = chunks[chunks.len() - words].0;
        let before = chars[..start].iter().rev().find(|c| !c.is_whitespace());
        if !before.is_some_and(|c| matches!(c, '.' | '!' | '?' | '。' | '！' | '？')) {
            continue;
        }
        let tail: String = chars[start..].iter().collect::<String>().to_lowercase();
        let tail = tail.trim();
        let closing = CLOSINGS.iter().any(|closing| {
            tail.strip_prefix(closing).is_some_and(|rest| {
                let rest = rest.trim_start_matches([',', ' ', '-', '–']);
                rest.is_empty() || rest.split_whitespace().count() <= 2
            })
        });
        if closing {
            return Some(start);
        }
    }
    None
}

/// Whether the message body `chars[..end]` closes with a sign-off although no sentence mark comes before
/// it: a marker before one or two names or initials (`…new booking - Ed`, `…go-DD`, `…changes-Yana`,
/// `…this on -- Mat`, `= JJ`, `-ResolutionSup DC`), or an emoticon or emoji before them (`:) Rach`,
/// `=) Yana`, `☺-Sabi`, `🎃^E`). Chat replies are signed like this, and the final-punctuation check
/// reads such a sign-off as the message's close. Unlike [`signature_range`] it hides nothing from the
/// other rules.
pub(super) fn signed_without_mark(chars: &[char], end: usize) -> bool {
    let chunks = whitespace_chunks(&chars[..end]);
    let word = |i: usize| &chars[chunks[i].0..chunks[i].1];
    let n = chunks.len();
    // `how much?EE`: initials glued to the last sentence's mark.
    let last = word(n - 1);
    if let Some(at) = last.iter().rposition(|c| matches!(c, '.' | '!' | '?')) {
        let initials = &last[at + 1..];
        if (1..=4).contains(&initials.len()) && initials.iter().all(|c| c.is_uppercase()) && at > 0
        {
            return true;
        }
    }
    for names in 1..=2.min(n) {
        let first = n - names;
        if !(first + 1..n).all(|i| is_sign_name(word(i))) {
            continue;
        }
        let lead = word(first);
        // `-Tabby`, `^LB`, `go-DD`, `☺-Sabi`: a marker glued before the name; what precedes the marker in
        // the chunk is a lower-case word (not `Wi-Fi`, `T-Mobile`) or an emoticon.
        if let Some(at) = lead.iter().rposition(|&c| is_marker(c)) {
            let before = &lead[..at];
            let joins = before.is_empty() && first > 0
                || before.first().is_some_and(|c| c.is_lowercase())
                || !before.is_empty() && !before.iter().any(|c| c.is_alphanumeric());
            if joins && is_sign_name(&lead[at + 1..]) {
                return true;
            }
        }
        // `- Ed`, `-- Mat`, `= JJ`, `you- Mariya`, `:) Rach`: a lone marker, a word ending in one, or an
        // emoticon before the name.
        if first > 0 && is_sign_name(lead) {
            let before = word(first - 1);
            if before.last().is_some_and(|&c| is_marker(c)) || is_emoticon(before) {
                return true;
            }
        }
    }
    false
}

/// A sign-off mark, or `=` (`= JJ`).
fn is_marker(c: char) -> bool {
    MARKERS.contains(&c) || c == '='
}

/// A name (`Ed`, `Tabby`, `ResolutionSup`) or initials (`JJ`, `BH`): letters only, a capital first, at most
/// 20 letters, and lower-case letters after the first unless it is at most four letters.
fn is_sign_name(word: &[char]) -> bool {
    word.first().is_some_and(|c| c.is_uppercase())
        && word.len() <= 20
        && word.iter().all(|c| c.is_alphabetic())
        && (word.len() <= 4 || word[1..].iter().any(|c| c.is_lowercase()))
}

/// An emoticon (`:)`, `=)`, `:P`, `;-)`, `:~)`) or emoji alone.
pub(super) fn is_emoticon(chunk: &[char]) -> bool {
    let face = (2..=4).contains(&chunk.len())
        && chunk.iter().any(|c| matches!(c, ':' | ';' | '='))
        && chunk
            .iter()
            .any(|c| matches!(c, ')' | '(' | 'P' | 'D' | 'p' | '3'))
        && chunk
            .iter()
            .all(|c| !c.is_alphanumeric() || matches!(c, 'P' | 'D' | 'p' | '3'));
    face || !chunk.is_empty() && chunk.iter().all(|&c| crate::text::is_emoji(c))
}

/// A name or initials: letters only (an inner `.` or `'` allowed), starting with a capital, at most 20.
fn is_name(chars: &[char]) -> bool {
    let letters = chars.iter().filter(|c| c.is_alphabetic()).count();
    chars.first().is_some_and(|c| c.is_uppercase())
        && (1..=20).contains(&letters)
        && chars
            .iter()
            .all(|c| c.is_alphabetic() || matches!(c, '.' | '\''))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signature(text: &str) -> Option<String> {
        let chars: Vec<char> = text.chars().collect();
        signature_range(&chars).map(|(a, b)| chars[a..b].iter().collect())
    }

    #[test]
    fn sign_offs_seen_in_real_replies() {
        // Issue 14: each of these was read as a missing full stop or as slang.
        assert_eq!(
            signature("Please DM us your order number. ^AB").as_deref(),
            Some("^AB")
        );
        assert_eq!(
            signature("We'll look into it! -Angie").as_deref(),
            Some("-Angie")
        );
        assert_eq!(
            signature("Please send us a DM so I can assist.--JV").as_deref(),
            Some("--JV")
        );
        assert_eq!(
            signature("Glad to help. - Chloe").as_deref(),
            Some("- Chloe")
        );
        assert_eq!(
            signature("Let us know. ~ Ellen").as_deref(),
            Some("~ Ellen")
        );
        assert_eq!(
            signature("Any issues on your line? FA").as_deref(),
            Some("FA")
        );
        assert_eq!(
            signature("Thanks for waiting. TY - Jayne").as_deref(),
            Some("TY - Jayne")
        );
        assert_eq!(signature("Have a nice day! -KK").as_deref(), Some("-KK"));
        assert_eq!(
            signature("We will follow up with you. ^sp").as_deref(),
            Some("^sp")
        );
        assert_eq!(
            signature("Somebody told me!! I'm gutted :( - Chloe").as_deref(),
            Some("- Chloe")
        );
        assert_eq!(
            signature("A 5p charge applies by law. Thanks").as_deref(),
            Some("Thanks")
        );
        assert_eq!(
            signature("Please DM us. ^AC https://t.co/wKJ").as_deref(),
            Some("^AC")
        );
        assert_eq!(
            signature("On the upgrade list. *TJN 2/2").as_deref(),
            Some("*TJN")
        );
        assert_eq!(
            signature("See you on board!- Anwar").as_deref(),
            Some("- Anwar")
        );
        assert_eq!(
            signature("I'll look into this for you. Steven").as_deref(),
            Some("Steven")
        );
        assert_eq!(
            signature("We have replied. Kind regards, Anna").as_deref(),
            Some("Kind regards, Anna")
        );
        assert_eq!(
            signature("More here: https://t.co/abc -Becky").as_deref(),
            Some("-Becky")
        );
        assert_eq!(
            signature("Thank you for your patience.\nBest regards,\nAnna Smith").as_deref(),
            Some("Best regards,\nAnna Smith")
        );
    }

    #[test]
    fn ordinary_endings_are_not_sign_offs() {
        assert_eq!(
            signature("thank you for your patience we will call you tomorrow"),
            None
        );
        assert_eq!(signature("Your order ships on Monday."), None);
        assert_eq!(signature("The price is 10-20 EUR"), None);
        assert_eq!(signature("We use the app for Android and iOS"), None);
        assert_eq!(signature("see https://example.com/a-b"), None);
        assert_eq!(signature("Call us on the NHS line"), None);
        assert_eq!(
            signature("Спасибо за ожидание мы перезвоним вам завтра"),
            None
        );
    }
}
