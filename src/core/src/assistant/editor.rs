//! The reply editor's decisions: which `{{name}}` placeholders are still empty and where Tab goes next,
//! `/shortcode` at the caret, where a template is inserted, the customer's fields as template variables,
//! which matched words to show, the Copy button's message, and the highlight layer's segments.

use std::collections::BTreeMap;

use crate::phone::E164;
use crate::template::placeholders;
use crate::tone::Finding;

/// An empty placeholder left in the draft, in chars.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmptyPlaceholder {
    pub name: String,
    pub start: usize,
    pub end: usize,
}

/// The `{{name}}` placeholders still in a draft (an unbalanced draft has none: it is the agent's text).
pub fn empty_placeholders(draft: &str) -> Vec<EmptyPlaceholder> {
    placeholders(draft)
        .unwrap_or_default()
        .into_iter()
        .map(|p| EmptyPlaceholder {
            name: p.name,
            start: p.start,
            end: p.end,
        })
        .collect()
}

/// Where Tab goes from the cursor: the next empty placeholder after it (Shift+Tab: before it), wrapping around;
/// `None` when there is none, so Tab leaves the editor as usual.
pub fn next_placeholder(draft: &str, cursor: usize, backwards: bool) -> Option<EmptyPlaceholder> {
    let found = empty_placeholders(draft);
    if backwards {
        found
            .iter()
            .rev()
            .find(|p| p.end < cursor)
            .or(found.last())
            .cloned()
    } else {
        found
            .iter()
            .find(|p| p.start > cursor || (p.start == cursor && cursor == 0))
            .or(found.first())
            .cloned()
    }
}

/// The customer's known fields as template variables (`name`, `phone`), empty ones left out.
pub fn customer_vars(name: &str, phone: Option<&E164>) -> BTreeMap<String, String> {
    let mut vars = BTreeMap::new();
    if !name.trim().is_empty() {
        vars.insert("name".to_string(), name.trim().to_string());
    }
    if let Some(phone) = phone {
        vars.insert("phone".to_string(), phone.as_string());
    }
    vars
}

/// A `/shortcode` being typed at the cursor: the word before the cursor starts with `/` at the start of the draft
/// or after whitespace. Gives the query (without `/`) and the chars it spans, for replacing it with a template.
pub fn shortcode_at(draft: &str, cursor: usize) -> Option<(String, usize, usize)> {
    let chars: Vec<char> = draft.chars().collect();
    let cursor = cursor.min(chars.len());
    let start = chars[..cursor]
        .iter()
        .rposition(|c| c.is_whitespace())
        .map_or(0, |i| i + 1);
    if chars.get(start) != Some(&'/') {
        return None;
    }
    let end = chars[cursor..]
        .iter()
        .position(|c| c.is_whitespace())
        .map_or(chars.len(), |i| cursor + i);
    let query: String = chars[start + 1..end].iter().collect();
    Some((query, start, end))
}

/// `text` with chars `start..end` replaced by `replacement`, and the cursor after the replacement.
pub fn replace_chars(text: &str, start: usize, end: usize, replacement: &str) -> (String, usize) {
    let chars: Vec<char> = text.chars().collect();
    let (start, end) = (
        start.min(chars.len()),
        end.min(chars.len()).max(start.min(chars.len())),
    );
    let mut out: String = chars[..start].iter().collect();
    out.push_str(replacement);
    let cursor = out.chars().count();
    out.extend(&chars[end..]);
    (out, cursor)
}

/// Text as a `<textarea>` holds it: every line break a line feed (HTML turns `\r\n` and a lone `\r` into
/// `\n`). Text put into the draft goes through this, or the highlight layer, which counts characters, drifts
/// from what the agent sees.
pub fn textarea_text(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Inserts a rendered template into the draft where [`insertion_range`] says, with its line breaks as the
/// textarea will hold them: the new draft and the caret after the insertion.
pub fn insert_into_draft(draft: &str, caret: usize, template_text: &str) -> (String, usize) {
    let (start, end) = insertion_range(draft, caret);
    replace_chars(draft, start, end, &textarea_text(template_text))
}

/// Where an inserted template goes: over a `/shortcode` being typed, else over an empty (blank) draft, else at the
/// caret. Chars, end exclusive.
pub fn insertion_range(draft: &str, caret: usize) -> (usize, usize) {
    match shortcode_at(draft, caret) {
        Some((_, start, end)) => (start, end),
        None if draft.trim().is_empty() => (0, draft.chars().count()),
        None => (caret, caret),
    }
}

/// The matched words worth showing beside a suggestion: single characters dropped when longer words matched
/// (Chinese bigrams make their characters redundant), each once, at most six.
pub fn matched_words(matched: &[String]) -> Vec<String> {
    let longer = matched.iter().any(|word| word.chars().count() > 1);
    let mut shown: Vec<String> = Vec::new();
    for word in matched {
        if (longer && word.chars().count() == 1) || shown.contains(word) {
            continue;
        }
        shown.push(word.clone());
    }
    shown.truncate(6);
    shown
}

/// The last Copy: the text put on the clipboard and whether the browser took it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CopyAttempt {
    pub text: String,
    pub accepted: bool,
}

/// What to say about the last Copy (a translation key), while the draft is still the text copied: "Copied", or
/// that the clipboard refused and the agent should copy by hand. Nothing once the draft has changed.
pub fn copy_status(last: Option<&CopyAttempt>, draft: &str) -> Option<&'static str> {
    let last = last.filter(|last| last.text == draft)?;
    Some(if last.accepted {
        "handoff.copied"
    } else {
        "handoff.copy_failed"
    })
}

/// The most findings the editor lists and marks at once; the rest are counted ("and 12 more"). A draft with
/// thousands of findings (a paste of 20,000 capitals) would otherwise cost the page seconds per keystroke,
/// and no agent reads past the first screen of them.
pub const MAX_SHOWN_FINDINGS: usize = 20;

/// The most empty placeholders the highlight layer marks.
pub const MAX_PLACEHOLDER_MARKS: usize = 100;

/// The longest text the assistant analyses (a customer's message, a draft): longer text is analysed up to this
/// many characters and the page says so. WhatsApp itself takes at most 4,096 characters in one message.
pub const MAX_ANALYSED_CHARS: usize = 30_000;

/// The part of `text` the assistant analyses, and whether that is less than all of it.
pub fn analysed_part(text: &str) -> (&str, bool) {
    match text.char_indices().nth(MAX_ANALYSED_CHARS) {
        Some((byte, _)) => (&text[..byte], true),
        None => (text, false),
    }
}

/// The findings shown and how many more there are: at most [`MAX_SHOWN_FINDINGS`], the most severe first
/// (errors, then warnings, then suggestions, each from the start of the draft), listed in draft order.
pub fn shown_findings(findings: Vec<Finding>) -> (Vec<Finding>, usize) {
    let more = findings.len().saturating_sub(MAX_SHOWN_FINDINGS);
    if more == 0 {
        return (findings, 0);
    }
    let mut ranked: Vec<(usize, Finding)> = findings.into_iter().enumerate().collect();
    ranked.sort_by_key(|(order, finding)| (finding.severity, *order));
    ranked.truncate(MAX_SHOWN_FINDINGS);
    ranked.sort_by_key(|(order, _)| *order);
    (
        ranked.into_iter().map(|(_, finding)| finding).collect(),
        more,
    )
}

/// A piece of the draft as the editor's highlight layer draws it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    Plain(String),
    /// Text a finding points at (the finding's index in the list shown).
    Finding(usize, String),
    /// An empty `{{placeholder}}`.
    Placeholder(String),
}

/// Splits the draft into plain text, findings' spans and empty placeholders (the first
/// [`MAX_PLACEHOLDER_MARKS`]), in order. Overlaps keep the first span; empty spans (a missing sentence) mark
/// nothing.
pub fn segments(draft: &str, spans: &[(usize, usize)]) -> Vec<Segment> {
    let chars: Vec<char> = draft.chars().collect();
    let mut marks: Vec<(usize, usize, Option<usize>)> = spans
        .iter()
        .enumerate()
        .filter(|(_, (s, e))| e > s)
        .map(|(i, &(s, e))| (s.min(chars.len()), e.min(chars.len()), Some(i)))
        .collect();
    marks.extend(
        empty_placeholders(draft)
            .into_iter()
            .take(MAX_PLACEHOLDER_MARKS)
            .map(|p| (p.start, p.end, None)),
    );
    marks.sort_by_key(|&(start, end, _)| (start, std::cmp::Reverse(end)));
    let mut out = Vec::new();
    let mut at = 0;
    for (start, end, finding) in marks {
        if start < at {
            continue;
        }
        if start > at {
            out.push(Segment::Plain(chars[at..start].iter().collect()));
        }
        let text: String = chars[start..end].iter().collect();
        out.push(match finding {
            Some(index) => Segment::Finding(index, text),
            None => Segment::Placeholder(text),
        });
        at = end;
    }
    if at < chars.len() {
        out.push(Segment::Plain(chars[at..].iter().collect()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
    use crate::phone::normalize_phone;
    use crate::tone::{check_tone, ToneContext};

    /// Found by a probe: 20,000 characters of "HELP " gave 4,002 findings and marks, seconds per keystroke.
    #[test]
    fn long_drafts_show_a_bounded_number_of_findings_and_marks() {
        let draft = "HELP ".repeat(4000) + "Pay now!!!";
        let findings = check_tone(&draft, None, &ToneContext::default(), Lang::En).findings;
        assert!(findings.len() > 4000);
        let total = findings.len();
        let (shown, more) = shown_findings(findings);
        assert_eq!(shown.len(), MAX_SHOWN_FINDINGS);
        assert_eq!(shown.len() + more, total);
        assert!(
            shown.windows(2).all(|w| w[0].start <= w[1].start),
            "draft order"
        );
        // The warning at the end is among those shown, before the suggestions that precede it.
        assert!(
            shown.iter().any(|f| f.rule.id() == "exclamation"),
            "{shown:?}"
        );
        let spans: Vec<(usize, usize)> = shown.iter().map(|f| (f.start, f.end)).collect();
        let marks = segments(&draft, &spans)
            .iter()
            .filter(|s| !matches!(s, Segment::Plain(_)))
            .count();
        assert!(marks <= MAX_SHOWN_FINDINGS + MAX_PLACEHOLDER_MARKS);
        let placeholders = "{{name}} ".repeat(2000);
        let marks = segments(&placeholders, &[]).len();
        assert!(marks <= 2 * MAX_PLACEHOLDER_MARKS + 1, "{marks}");
    }

    #[test]
    fn text_past_the_limit_is_cut_on_a_character() {
        let short = "Привет";
        assert_eq!(analysed_part(short), (short, false));
        let long = "我".repeat(MAX_ANALYSED_CHARS + 5);
        let (part, cut) = analysed_part(&long);
        assert!(cut);
        assert_eq!(part.chars().count(), MAX_ANALYSED_CHARS);
    }

    /// Found by a probe: a template with `\r` made the highlight layer drift from the textarea.
    #[test]
    fn inserted_line_breaks_are_the_textareas() {
        assert_eq!(textarea_text("a\r\nb\rc\n"), "a\nb\nc\n");
        let (draft, caret) = insert_into_draft("Hi ", 3, "line one\r\nline two\rthree");
        assert_eq!(draft, "Hi line one\nline two\nthree");
        assert_eq!(caret, draft.chars().count());
        let (draft, _) = insert_into_draft("Thanks /ref", 11, "See\r\nyou");
        assert_eq!(draft, "Thanks See\nyou");
    }

    #[test]
    fn copy_status_holds_while_the_draft_is_the_text_copied() {
        let copied = CopyAttempt {
            text: "Hello".to_string(),
            accepted: true,
        };
        let refused = CopyAttempt {
            text: "Hello".to_string(),
            accepted: false,
        };
        assert_eq!(copy_status(None, "Hello"), None);
        assert_eq!(copy_status(Some(&copied), "Hello"), Some("handoff.copied"));
        assert_eq!(
            copy_status(Some(&refused), "Hello"),
            Some("handoff.copy_failed")
        );
        assert_eq!(
            copy_status(Some(&copied), "Hello!"),
            None,
            "the draft changed since"
        );
    }

    #[test]
    fn tab_walks_the_empty_placeholders() {
        let draft = "Hello {{name}}, your visit is on {{date}} at {{time}}.";
        let found = empty_placeholders(draft);
        assert_eq!(
            found.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
            vec!["name", "date", "time"]
        );
        assert_eq!((found[0].start, found[0].end), (6, 14));
        assert_eq!(next_placeholder(draft, 0, false).unwrap().name, "name");
        assert_eq!(next_placeholder(draft, 14, false).unwrap().name, "date");
        assert_eq!(
            next_placeholder(draft, 50, false).unwrap().name,
            "name",
            "wraps around"
        );
        assert_eq!(next_placeholder(draft, 33, true).unwrap().name, "name");
        assert_eq!(
            next_placeholder(draft, 3, true).unwrap().name,
            "time",
            "wraps around backwards"
        );
        assert_eq!(next_placeholder("No placeholders left.", 0, false), None);
        assert_eq!(empty_placeholders("Unbalanced {{name"), vec![]);
    }

    #[test]
    fn shortcodes_are_found_where_the_agent_types_them() {
        assert_eq!(shortcode_at("/hours", 6), Some(("hours".to_string(), 0, 6)));
        assert_eq!(shortcode_at("Hi! /ref", 8), Some(("ref".to_string(), 4, 8)));
        assert_eq!(
            shortcode_at("Hi! /refund later", 6),
            Some(("refund".to_string(), 4, 11))
        );
        assert_eq!(shortcode_at("and/or", 6), None);
        assert_eq!(shortcode_at("Hi /x there", 11), None);
        assert_eq!(
            shortcode_at("Привет /часы", 12),
            Some(("часы".to_string(), 7, 12))
        );
        assert_eq!(
            replace_chars("Hi! /ref", 4, 8, "Refunds take 5 days."),
            ("Hi! Refunds take 5 days.".to_string(), 24)
        );
        assert_eq!(replace_chars("ab", 5, 9, "c"), ("abc".to_string(), 3));
    }

    #[test]
    fn the_highlight_layer_marks_findings_and_placeholders() {
        let draft = "Dear {{name}}, you must pay now!";
        assert_eq!(
            segments(draft, &[(15, 23), (0, 0), (19, 27)]),
            vec![
                Segment::Plain("Dear ".into()),
                Segment::Placeholder("{{name}}".into()),
                Segment::Plain(", ".into()),
                Segment::Finding(0, "you must".into()),
                Segment::Plain(" pay now!".into()),
            ]
        );
        assert_eq!(segments("", &[]), vec![]);
        assert_eq!(
            segments("Привет", &[(0, 99)]),
            vec![Segment::Finding(0, "Привет".into())]
        );
    }

    #[test]
    fn templates_go_over_the_shortcode_the_blank_draft_or_at_the_caret() {
        assert_eq!(insertion_range("Hi! /conf", 9), (4, 9));
        assert_eq!(insertion_range("  \n", 1), (0, 3));
        assert_eq!(insertion_range("Dear Anna, ", 11), (11, 11));
        let words = |list: &[&str]| list.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        assert_eq!(
            matched_words(&words(&["周六", "周", "六", "营业", "周六"])),
            words(&["周六", "营业"])
        );
        assert_eq!(matched_words(&words(&["周", "六"])), words(&["周", "六"]));
        assert_eq!(
            matched_words(&words(&["a1", "a2", "a3", "a4", "a5", "a6", "a7"])).len(),
            6
        );
    }

    #[test]
    fn known_customer_fields_fill_placeholders() {
        let phone = normalize_phone("+44 7911 123456", None).unwrap();
        let vars = customer_vars(" Anna ", Some(&phone));
        assert_eq!(vars.get("name").map(String::as_str), Some("Anna"));
        assert_eq!(vars.get("phone").map(String::as_str), Some("+447911123456"));
        assert!(customer_vars("  ", None).is_empty());
    }
}
