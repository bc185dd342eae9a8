//! `pages` and `greeting`: what changes with the page the visitor is on, and the greeting bubble beside the
//! launcher.
//!
//! This module owns the page pattern language — matched against `location.pathname` (no query, no
//! fragment), case-sensitive, `*` matching any run of characters (slashes included, or none), every other
//! character itself, a trailing slash ignored on both sides (`/pricing/` is `/pricing`) — the first matching
//! rule's overrides, and the decision whether and when to show the greeting. It never reads the page or
//! storage: the path and "already seen" come in as arguments.

use crate::data::part;
use crate::json_text::Value;

use super::{fill_page_values, localized_text, ConfigError, LocalizedText, WidgetConfig};

/// The greeting's delay when the config gives none, in seconds.
pub const DEFAULT_GREETING_DELAY_S: u32 = 8;
/// The longest delay accepted: a greeting later than this is shown to almost nobody.
pub const MAX_GREETING_DELAY_S: u32 = 600;
/// At most this many page rules.
pub const MAX_PAGES: usize = 50;

/// The bubble beside the launcher.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Greeting {
    pub text: LocalizedText,
    pub delay_s: u32,
}

/// One `pages` rule: on paths matching `pattern`, these override the top-level keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageRule {
    pub pattern: String,
    pub message: Option<String>,
    /// `Some(None)`: no greeting on these pages (`"greeting": false`).
    pub greeting: Option<Option<Greeting>>,
}

/// The greeting to show now: its text in the widget's language and the delay before it appears.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GreetingToShow {
    pub text: String,
    pub delay_ms: u32,
}

/// Reads a greeting (`greeting` or `pages[i].greeting`; `false` switches it off there).
pub fn parse_greeting(
    value: &Value,
    key: &'static str,
    path: &str,
) -> Result<Option<Greeting>, ConfigError> {
    let error =
        |field: &str, problem: String| ConfigError::at(key, format!("{path}.{field}"), problem);
    let object = match value {
        Value::Bool(false) => return Ok(None),
        Value::Object(object) => object,
        _ => {
            return Err(ConfigError::at(
                key,
                path.to_string(),
                "must be an object such as {\"text\": \"Questions? We're on WhatsApp.\", \"delay_s\": 8}, or false",
            ))
        }
    };
    let text = localized_text(object.get("text").unwrap_or(&Value::Null)).ok_or_else(|| {
        error(
            "text",
            "must be a non-empty text, or texts by language such as {\"en\": \"…\", \"ru\": \"…\"}"
                .to_string(),
        )
    })?;
    let delay_s = match object.get("delay_s") {
        None | Some(Value::Null) => DEFAULT_GREETING_DELAY_S,
        Some(Value::Number(number)) => number
            .as_u64()
            .filter(|seconds| *seconds <= u64::from(MAX_GREETING_DELAY_S))
            .map(|seconds| seconds as u32)
            .ok_or_else(|| {
                error(
                    "delay_s",
                    format!("must be a whole number of seconds from 0 to {MAX_GREETING_DELAY_S}"),
                )
            })?,
        Some(_) => {
            return Err(error(
                "delay_s",
                format!("must be a whole number of seconds from 0 to {MAX_GREETING_DELAY_S}"),
            ))
        }
    };
    Ok(Some(Greeting { text, delay_s }))
}

/// Reads `pages`.
pub fn parse_pages(value: Option<&Value>) -> Result<Vec<PageRule>, ConfigError> {
    let items = match value {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) if items.len() <= MAX_PAGES => items,
        Some(_) => {
            return Err(ConfigError {
                key: "pages",
                path: None,
                problem: format!(
                    "must be a list of at most {MAX_PAGES} rules such as [{{\"match\": \"/pricing*\", \"message\": \"…\"}}]"
                ),
            })
        }
    };
    let mut rules = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let path = format!("pages[{index}]");
        let error = |field: &str, problem: &str| {
            ConfigError::at("pages", format!("{path}.{field}"), problem)
        };
        let Some(object) = item.as_object() else {
            return Err(ConfigError::at(
                "pages",
                path,
                "must be an object such as {\"match\": \"/pricing*\", \"message\": \"…\"}",
            ));
        };
        let pattern = match object.get("match") {
            Some(Value::String(pattern)) if pattern.starts_with('/') && pattern.len() <= 500 => {
                pattern.clone()
            }
            _ => return Err(error(
                "match",
                "must be a path pattern starting with / such as \"/pricing*\" (* matches anything)",
            )),
        };
        let message = match object.get("message") {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) => Some(text.trim().to_string()),
            Some(_) => return Err(error("message", "must be a string")),
        };
        let greeting = match object.get("greeting") {
            None | Some(Value::Null) => None,
            Some(value) => Some(parse_greeting(value, "pages", &format!("{path}.greeting"))?),
        };
        rules.push(PageRule {
            pattern,
            message,
            greeting,
        });
    }
    Ok(rules)
}

/// The path of a page address (`https://acme.example/pricing/?a=1#b` → `/pricing/`); a bare path is kept.
pub fn path_of_url(url: &str) -> &str {
    // A byte search rather than `find("://")`: a `&str` pattern links the slicing panic (`data::part`).
    let scheme_end = url.as_bytes().windows(3).position(|three| three == b"://");
    let after_scheme = scheme_end.map_or(url, |at| {
        let rest = part(url, at + 3..);
        rest.find(['/', '?', '#'])
            .map_or("", |slash| part(rest, slash..))
    });
    let end = after_scheme.find(['?', '#']).unwrap_or(after_scheme.len());
    match part(after_scheme, ..end) {
        "" => "/",
        path => path,
    }
}

/// Whether `path` matches `pattern` (the language in this module's doc).
pub fn path_matches(pattern: &str, path: &str) -> bool {
    let trim = |text: &str| -> Vec<char> {
        let text = if text.len() > 1 {
            text.trim_end_matches('/')
        } else {
            text
        };
        let text = if text.is_empty() { "/" } else { text };
        text.chars().collect()
    };
    let (pattern, path) = (trim(pattern), trim(path));
    // Glob matching with `*` only: on a mismatch, let the last `*` swallow one more character.
    let (mut p, mut s) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while s < path.len() {
        if p < pattern.len() && pattern[p] == '*' {
            star = Some((p, s));
            p += 1;
        } else if p < pattern.len() && pattern[p] == path[s] {
            p += 1;
            s += 1;
        } else if let Some((star_p, star_s)) = star {
            p = star_p + 1;
            s = star_s + 1;
            star = Some((star_p, star_s + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|c| *c == '*')
}

impl WidgetConfig {
    /// The first `pages` rule matching the page's path.
    pub fn page_rule(&self, page_path: &str) -> Option<&PageRule> {
        self.pages
            .iter()
            .find(|rule| path_matches(&rule.pattern, page_path))
    }

    /// The prefilled message on this page: the matching rule's `message`, else `message`; with the page's
    /// title and address filled in.
    pub fn page_chat_message(&self, page_title: &str, page_url: &str) -> String {
        let message = self
            .page_rule(path_of_url(page_url))
            .and_then(|rule| rule.message.as_deref())
            .unwrap_or(&self.message);
        fill_page_values(message, page_title, page_url)
    }

    /// Whether to show the greeting bubble on this page, and after how long: the matching rule's greeting
    /// (or none, with `"greeting": false`), else `greeting`; never once the visitor has opened the widget or
    /// dismissed the bubble (`already_seen`, which the shell remembers only after that interaction).
    pub fn greeting_to_show(
        &self,
        locale: &str,
        page_path: &str,
        already_seen: bool,
    ) -> Option<GreetingToShow> {
        if already_seen {
            return None;
        }
        let greeting = match self
            .page_rule(page_path)
            .and_then(|rule| rule.greeting.as_ref())
        {
            Some(page_greeting) => page_greeting.as_ref(),
            None => self.greeting.as_ref(),
        }?;
        Some(GreetingToShow {
            text: greeting.text.get(locale).to_string(),
            delay_ms: greeting.delay_s * 1000,
        })
    }
}
