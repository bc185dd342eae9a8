//! What a whitespace-separated chunk at the end of a reply is, for the rules that look past it: a link or an
//! e-mail address, a part counter of a message split in parts (`2/3`, `(1/2)`), a `#tag` or `@mention`.
//! Read by the sign-off finder, the final-punctuation check, the sentence-start check and `no_empathy`.

/// A web address or an e-mail address.
pub(super) fn is_link(chunk: &str) -> bool {
    chunk.contains("://")
        || chunk
            .get(..4)
            .is_some_and(|start| start.eq_ignore_ascii_case("www."))
        || chunk
            .split_once('@')
            .is_some_and(|(name, host)| !name.is_empty() && host.contains('.'))
}

/// The part counter `n/m` of a message split in parts, as `(n, m)`.
pub(super) fn part_counter(chunk: &str) -> Option<(u32, u32)> {
    // `2/2^ML`: a sign-off glued to the counter.
    let chunk = chunk.split_once('^').map_or(chunk, |(counter, _)| counter);
    let bare = chunk.trim_matches(|c| matches!(c, '(' | ')' | '[' | ']' | '.'));
    let (part, of) = bare.split_once('/')?;
    let all_digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if !(all_digits(part) && all_digits(of)) {
        return None;
    }
    Some((part.parse().ok()?, of.parse().ok()?))
}

/// A `#hashtag` or an `@mention` (not `#?` or `@` alone).
pub(super) fn is_tag(chunk: &str) -> bool {
    chunk.starts_with(['#', '@'])
        && chunk.chars().nth(1).is_some_and(char::is_alphanumeric)
        && !chunk.ends_with(['.', '!', '?'])
}

/// Whether the text is a later part of a message split in parts: a counter `n/m` with 1 < n ≤ m < 10 among
/// its last three chunks (`… 2/2 ^DaniH`). Such a part may start mid-sentence and carry no greeting or
/// apology: those were in the first part.
pub(super) fn is_later_part(chars: &[char]) -> bool {
    last_counters(chars).any(|(part, of)| part > 1 && part <= of && of < 10)
}

/// The part counters among the last three whitespace-separated chunks (a counter is short: longer chunks are
/// skipped unread, so a long unspaced Chinese text costs nothing here).
fn last_counters(chars: &[char]) -> impl Iterator<Item = (u32, u32)> + '_ {
    let mut end = chars.len();
    std::iter::from_fn(move || {
        while end > 0 && chars[end - 1].is_whitespace() {
            end -= 1;
        }
        if end == 0 {
            return None;
        }
        let start = chars[..end]
            .iter()
            .rposition(|c| c.is_whitespace())
            .map_or(0, |i| i + 1);
        let chunk = &chars[start..end];
        end = start;
        Some((chunk.len() <= 16).then(|| chunk.iter().collect::<String>()))
    })
    .take(3)
    .flatten()
    .filter_map(|chunk| part_counter(&chunk))
}

/// Whether the text is a part of a message split in parts that another part follows: a counter `n/m` with
/// n < m < 10 among its last three chunks (`… the barcode and the 1/2`). Its last sentence may go on in the
/// next part, so it needs no final punctuation.
pub(super) fn continues_in_next_part(chars: &[char]) -> bool {
    last_counters(chars).any(|(part, of)| part >= 1 && part < of && of < 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_at_the_end_of_real_replies() {
        assert!(
            is_link("https://t.co/abc")
                && is_link("www.example.com")
                && is_link("help@acme.example")
        );
        assert!(!is_link("e.g.") && !is_link("@acme"));
        assert_eq!(part_counter("2/3"), Some((2, 3)));
        assert_eq!(part_counter("(1/2)"), Some((1, 2)));
        assert_eq!(part_counter("24/7"), Some((24, 7)));
        assert_eq!(part_counter("and/or"), None);
        assert!(is_tag("#yummy") && is_tag("@user") && !is_tag("#?") && !is_tag("@"));
        let chars = |s: &str| s.chars().collect::<Vec<_>>();
        assert!(is_later_part(&chars(
            "email and phone number please. 2/2 ^DaniH"
        )));
        assert!(!is_later_part(&chars("Sorry about that! 1/2")));
        assert!(
            !is_later_part(&chars("We are open 24/7")),
            "24/7 is not a part counter"
        );
    }
}
