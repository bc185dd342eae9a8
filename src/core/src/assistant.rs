//! The agent assistant's decisions that are not the engines' own: the send-time guard (the recipient's local time,
//! working hours, WhatsApp's 24-hour window and what may be sent outside it), the reply editor's placeholders
//! (which `{{name}}` are still empty, where Tab goes next) and `/shortcode` lookups typed in the reply.
//!
//! Everything here is plain data in, plain data out: the clock, the customer's fields and the cursor come in as
//! arguments; the page (`ui::assistant`) only renders what these functions return.

use std::collections::BTreeMap;

use super::phone::E164;
use super::template::placeholders;
pub use super::time::Window;
use super::time::{format_hh_mm, recipient_local_times, Timestamp, WorkingHours};
use super::tone::MessageKind;

/// What the page shows before sending.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SendGuard {
    /// The recipient's local time(s), `HH:MM`, the capital's first (several for countries with several zones).
    pub local_times: Vec<String>,
    /// Whether it is within working hours there (in the capital's zone); `None` without a known number.
    pub within_hours: Option<bool>,
    pub window: Window,
    /// Whether a draft of `kind` may be sent now, as far as the window goes.
    pub allowed: bool,
}

/// The guard for sending a draft of `kind` to `recipient` at `now`.
pub fn send_guard(
    recipient: Option<&E164>,
    now: Timestamp,
    last_customer_message_at: Option<Timestamp>,
    hours: &WorkingHours,
    kind: MessageKind,
) -> SendGuard {
    let locals = recipient
        .map(|r| recipient_local_times(r, now))
        .unwrap_or_default();
    let local_times = locals.iter().map(|&local| format_hh_mm(local)).collect();
    let within_hours = locals.first().map(|&capital| hours.contains(capital));
    let window = Window::at(last_customer_message_at, now);
    let allowed = !matches!(window, Window::Closed { .. }) || kind == MessageKind::Template;
    SendGuard {
        local_times,
        within_hours,
        window,
        allowed,
    }
}

/// "3 h 20 min", "45 min", "2 d 4 h": a duration for the guard, in the page's words for days, hours, minutes.
pub fn format_duration(seconds: i64, units: [&str; 3]) -> String {
    let minutes = seconds.max(0) / 60;
    let (days, hours, minutes) = (minutes / 1_440, minutes / 60 % 24, minutes % 60);
    let [d, h, m] = units;
    match (days, hours) {
        (0, 0) => format!("{minutes} {m}"),
        (0, _) => format!("{hours} {h} {minutes} {m}"),
        _ => format!("{days} {d} {hours} {h}"),
    }
}

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

/// A piece of the draft as the editor's highlight layer draws it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    Plain(String),
    /// Text a finding points at (the finding's index in the list shown).
    Finding(usize, String),
    /// An empty `{{placeholder}}`.
    Placeholder(String),
}

/// Splits the draft into plain text, findings' spans and empty placeholders, in order. Overlaps keep the first
/// span; empty spans (a missing sentence) mark nothing.
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

/// A `datetime-local` value (`2026-11-20T10:00`, the agent's own time zone at `offset_minutes` east of UTC).
pub fn parse_local_datetime(value: &str, offset_minutes: i64) -> Option<Timestamp> {
    let value = value.trim();
    if value.len() < 16 {
        return None;
    }
    let with_seconds = if value.len() == 16 {
        format!("{value}:00")
    } else {
        value.to_string()
    };
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    let offset = offset_minutes.abs();
    Timestamp::parse_rfc3339(&format!(
        "{with_seconds}{sign}{:02}:{:02}",
        offset / 60,
        offset % 60
    ))
    .ok()
}

/// The assistant page's config (`window.ChatgateAssistant`, README "The agent assistant page").
#[derive(Clone, Debug, Default)]
pub struct AssistantConfig {
    /// Where to fetch the starting template library (else `library`, else the default one).
    pub library_url: Option<String>,
    /// A library given inline, as the file's JSON.
    pub library: Option<String>,
    /// When customers may be messaged, in their local time (outside it: quiet hours, `after_hours`).
    pub hours: WorkingHours,
    /// The UI language (`en`, `ru`, `zh`), else the browser's.
    pub ui_lang: Option<String>,
    /// Rule overrides for the tone checks.
    pub rules: super::tone::ToneConfig,
}

/// A config problem: the key and what is expected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("Chatgate assistant config: `{key}` {problem}")]
pub struct AssistantConfigError {
    pub key: String,
    pub problem: String,
}

/// Reads the config object; `null` or `{}` gives the defaults. Unknown keys are ignored.
pub fn parse_assistant_config(
    value: &serde_json::Value,
) -> Result<AssistantConfig, AssistantConfigError> {
    use super::tone::{Rule, Severity, WordList};
    let problem = |key: &str, problem: &str| AssistantConfigError {
        key: key.to_string(),
        problem: problem.to_string(),
    };
    let mut config = AssistantConfig::default();
    let Some(object) = value.as_object() else {
        return if value.is_null() {
            Ok(config)
        } else {
            Err(problem("ChatgateAssistant", "must be an object"))
        };
    };
    if let Some(url) = object.get("library_url") {
        config.library_url = Some(
            url.as_str()
                .filter(|u| !u.trim().is_empty())
                .ok_or_else(|| problem("library_url", "must be a URL string"))?
                .to_string(),
        );
    }
    if let Some(library) = object.get("library") {
        if !library.is_object() {
            return Err(problem(
                "library",
                "must be a template library object ({\"version\": 1, \"templates\": [...]})",
            ));
        }
        config.library = Some(library.to_string());
    }
    if let Some(lang) = object.get("ui_lang") {
        let code = lang
            .as_str()
            .filter(|c| super::i18n::assistant_locales().contains(c) || *c == "auto");
        config.ui_lang = Some(
            code.ok_or_else(|| problem("ui_lang", "must be auto, en, ru or zh"))?
                .to_string(),
        )
        .filter(|c| c != "auto");
    }
    if let Some(hours) = object.get("hours") {
        let hours = hours.as_object().ok_or_else(|| {
            problem(
                "hours",
                "must be {\"days\": \"mon-sat\", \"from\": \"09:00\", \"to\": \"20:00\"}",
            )
        })?;
        if let Some(days) = hours.get("days") {
            config.hours.days = parse_days(days.as_str().unwrap_or("")).ok_or_else(|| {
                problem(
                    "hours.days",
                    "must be days such as \"mon-fri\" or \"mon,wed,sat\"",
                )
            })?;
        }
        for (key, slot) in [
            ("from", &mut config.hours.start_minute),
            ("to", &mut config.hours.end_minute),
        ] {
            if let Some(time) = hours.get(key) {
                *slot = parse_clock(time.as_str().unwrap_or("")).ok_or_else(|| {
                    problem(&format!("hours.{key}"), "must be a time such as \"09:00\"")
                })?;
            }
        }
        if config.hours.start_minute >= config.hours.end_minute {
            return Err(problem("hours", "`from` must be before `to`"));
        }
    }
    if let Some(rules) = object.get("rules") {
        let rules = rules
            .as_object()
            .ok_or_else(|| problem("rules", "must be an object"))?;
        for id in rules
            .get("disabled")
            .and_then(|d| d.as_array())
            .into_iter()
            .flatten()
        {
            let rule = id
                .as_str()
                .and_then(Rule::from_id)
                .ok_or_else(|| problem("rules.disabled", &format!("{id} is not a rule id")))?;
            config.rules.disabled.push(rule);
        }
        for (id, severity) in rules
            .get("severity")
            .and_then(|s| s.as_object())
            .into_iter()
            .flatten()
        {
            let rule = Rule::from_id(id)
                .ok_or_else(|| problem("rules.severity", &format!("'{id}' is not a rule id")))?;
            let severity = severity
                .as_str()
                .and_then(Severity::from_code)
                .ok_or_else(|| {
                    problem(
                        &format!("rules.severity.{id}"),
                        "must be error, warning or suggestion",
                    )
                })?;
            config.rules.severities.insert(rule, severity);
        }
        for (key, slot) in [
            ("too_long", &mut config.rules.too_long),
            (
                "first_message_too_long",
                &mut config.rules.first_message_too_long,
            ),
            ("emoji_max", &mut config.rules.emoji_max),
        ] {
            if let Some(limit) = rules.get(key) {
                *slot = Some(
                    limit
                        .as_u64()
                        .ok_or_else(|| problem(&format!("rules.{key}"), "must be a whole number"))?
                        as usize,
                );
            }
        }
        for (list, words) in rules
            .get("words")
            .and_then(|w| w.as_object())
            .into_iter()
            .flatten()
        {
            if WordList::from_name(list).is_none() {
                return Err(problem("rules.words", &format!("'{list}' is not a word list (pressure, informal, blame, profanity, greeting, empathy, opt_out)")));
            }
            for word in words
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|w| w.as_str())
            {
                config
                    .rules
                    .extra_words
                    .push((list.clone(), word.to_string()));
            }
        }
    }
    config.rules.working_hours = config.hours;
    Ok(config)
}

/// `mon-sat`, `mon,wed,fri`, `sat-sun` (Monday first) as the seven days open.
fn parse_days(text: &str) -> Option<[bool; 7]> {
    const NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let day = |name: &str| {
        NAMES
            .iter()
            .position(|n| *n == name.trim().to_ascii_lowercase().get(..3).unwrap_or(""))
    };
    let mut days = [false; 7];
    for part in text.split(',').filter(|p| !p.trim().is_empty()) {
        match part.split_once('-') {
            Some((from, to)) => {
                let (from, to) = (day(from)?, day(to)?);
                let mut d = from;
                loop {
                    days[d] = true;
                    if d == to {
                        break;
                    }
                    d = (d + 1) % 7;
                }
            }
            None => days[day(part)?] = true,
        }
    }
    days.iter().any(|d| *d).then_some(days)
}

/// `09:00` as minutes after midnight (`24:00` is the end of the day).
fn parse_clock(text: &str) -> Option<u16> {
    let (hours, minutes) = text.trim().split_once(':')?;
    let (hours, minutes): (u16, u16) = (hours.parse().ok()?, minutes.parse().ok()?);
    (hours < 24 && minutes < 60 || hours == 24 && minutes == 0).then_some(hours * 60 + minutes)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    use crate::phone::normalize_phone;

    fn at(text: &str) -> Timestamp {
        Timestamp::parse_rfc3339(text).expect("valid test time")
    }

    #[test]
    fn the_guard_knows_the_recipients_time_and_the_window() {
        let london = normalize_phone("+44 7911 123456", None).unwrap();
        let hours = WorkingHours::default();
        let guard = send_guard(
            Some(&london),
            at("2026-11-20T22:30:00Z"),
            Some(at("2026-11-20T10:00:00Z")),
            &hours,
            MessageKind::Service,
        );
        assert_eq!(guard.local_times, vec!["22:30".to_string()]);
        assert_eq!(guard.within_hours, Some(false));
        assert_eq!(
            guard.window,
            Window::Open {
                seconds_left: 11 * 3_600 + 30 * 60
            }
        );
        assert!(guard.allowed);

        let moscow = normalize_phone("+7 912 345 67 89", None).unwrap();
        let guard = send_guard(
            Some(&moscow),
            at("2026-11-20T09:00:00Z"),
            Some(at("2026-11-18T09:00:00Z")),
            &hours,
            MessageKind::Service,
        );
        assert_eq!(guard.local_times[0], "12:00");
        assert_eq!(guard.within_hours, Some(true));
        assert_eq!(
            guard.window,
            Window::Closed {
                seconds_since: 24 * 3_600
            }
        );
        assert!(
            !guard.allowed,
            "outside the window only templates may be sent"
        );
        let template = send_guard(
            Some(&moscow),
            at("2026-11-20T09:00:00Z"),
            Some(at("2026-11-18T09:00:00Z")),
            &hours,
            MessageKind::Template,
        );
        assert!(template.allowed);

        let unknown = send_guard(
            None,
            at("2026-11-20T09:00:00Z"),
            None,
            &hours,
            MessageKind::Service,
        );
        assert_eq!(
            (
                unknown.local_times.len(),
                unknown.within_hours,
                unknown.window,
                unknown.allowed
            ),
            (0, None, Window::Unknown, true)
        );
        // Sunday is not a working day by default.
        let sunday = send_guard(
            Some(&london),
            at("2026-11-22T12:00:00Z"),
            None,
            &hours,
            MessageKind::Service,
        );
        assert_eq!(sunday.within_hours, Some(false));
    }

    #[test]
    fn durations_read_naturally() {
        let units = ["d", "h", "min"];
        assert_eq!(format_duration(45 * 60, units), "45 min");
        assert_eq!(format_duration(3 * 3_600 + 20 * 60, units), "3 h 20 min");
        assert_eq!(
            format_duration(2 * 86_400 + 4 * 3_600 + 59, units),
            "2 d 4 h"
        );
        assert_eq!(format_duration(-5, units), "0 min");
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
    fn local_times_from_the_agents_clock() {
        assert_eq!(
            parse_local_datetime("2026-11-20T10:00", 180),
            Some(at("2026-11-20T07:00:00Z"))
        );
        assert_eq!(
            parse_local_datetime("2026-11-20T10:00", -300),
            Some(at("2026-11-20T15:00:00Z"))
        );
        assert_eq!(parse_local_datetime("", 0), None);
        assert_eq!(parse_local_datetime("yesterday", 0), None);
    }

    #[test]
    fn the_config_names_the_key_it_cannot_read() {
        use serde_json::json;
        let config = parse_assistant_config(&json!({"hours": {"days": "mon-fri", "from": "08:30", "to": "18:00"}, "ui_lang": "ru",
            "rules": {"disabled": ["emoji_overuse"], "severity": {"exclamation": "suggestion"}, "too_long": 500, "words": {"pressure": ["asap"]}},
            "library_url": "/templates.json"})).unwrap();
        assert_eq!(
            config.hours,
            WorkingHours {
                days: [true, true, true, true, true, false, false],
                start_minute: 510,
                end_minute: 1080
            }
        );
        assert_eq!(config.rules.working_hours, config.hours);
        assert_eq!(config.ui_lang.as_deref(), Some("ru"));
        assert_eq!(config.rules.too_long, Some(500));
        assert_eq!(
            config.rules.extra_words,
            vec![("pressure".to_string(), "asap".to_string())]
        );
        assert_eq!(config.library_url.as_deref(), Some("/templates.json"));
        assert_eq!(
            parse_days("sat-mon"),
            Some([true, false, false, false, false, true, true])
        );
        assert!(parse_assistant_config(&json!(null)).is_ok());
        let key = |value: serde_json::Value| parse_assistant_config(&value).unwrap_err().key;
        assert_eq!(key(json!({"hours": {"days": "someday"}})), "hours.days");
        assert_eq!(key(json!({"hours": {"from": "25:00"}})), "hours.from");
        assert_eq!(
            key(json!({"hours": {"from": "20:00", "to": "09:00"}})),
            "hours"
        );
        assert_eq!(
            key(json!({"rules": {"disabled": ["nope"]}})),
            "rules.disabled"
        );
        assert_eq!(
            key(json!({"rules": {"severity": {"shouting": "loud"}}})),
            "rules.severity.shouting"
        );
        assert_eq!(
            key(json!({"rules": {"words": {"nope": ["x"]}}})),
            "rules.words"
        );
        assert_eq!(key(json!({"ui_lang": "fr"})), "ui_lang");
        assert_eq!(key(json!({"library": "x"})), "library");
        assert_eq!(key(json!([1])), "ChatgateAssistant");
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
