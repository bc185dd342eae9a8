//! The visitor widget's configuration, as the embedding page gives it.
//!
//! This module owns reading the config object (`window.ChatgateSettings` or the loader's `data-`
//! attributes, already turned into JSON by the shell) into a typed [`WidgetConfig`], and the error that
//! names the key and what was expected. It never reads the page itself.

use crate::data::part;
use crate::json_text::Value;

use super::hours::{parse_hours, OpeningHours};
use super::i18n;
use super::json_text;
use super::phone::{normalize_phone, region_info, E164};
use super::time::Timestamp;

mod contacts;
mod normalized;
mod pages;
mod purposes;

pub use purposes::localized_text;
use purposes::parse_purposes;

pub use contacts::{parse_contacts, Contact, MAX_CONTACTS};
pub use normalized::{read_normalized, write_normalized};
pub use pages::{
    parse_greeting, parse_pages, path_matches, path_of_url, Greeting, GreetingToShow, PageRule,
    DEFAULT_GREETING_DELAY_S, MAX_GREETING_DELAY_S, MAX_PAGES,
};

/// A text the company may give in one language or per language: `"Results"` or `{"en": "Results", "ru": "…"}`.
/// The texts by language code (lower case; `""` for a text given without a language), in the order given: a
/// short list, not a map, so the config checker links no map code (issue 15). Equal when the same codes have
/// the same texts, in any order.
#[derive(Clone, Debug, Eq)]
pub struct LocalizedText(Vec<(String, String)>);

impl PartialEq for LocalizedText {
    fn eq(&self, other: &LocalizedText) -> bool {
        self.0.len() == other.0.len()
            && self
                .0
                .iter()
                .all(|(code, text)| other.text_in(code) == Some(text.as_str()))
    }
}

impl LocalizedText {
    pub fn single(text: &str) -> LocalizedText {
        LocalizedText(vec![(String::new(), text.to_string())])
    }

    pub fn from_pairs(pairs: &[(&str, &str)]) -> LocalizedText {
        let mut texts = LocalizedText(Vec::new());
        for (code, text) in pairs {
            texts.insert(code.to_string(), text.to_string());
        }
        texts
    }

    /// Adds the text in `code`, replacing one given before in the same language.
    fn insert(&mut self, code: String, text: String) {
        match self.0.iter_mut().find(|(known, _)| *known == code) {
            Some((_, old)) => *old = text,
            None => self.0.push((code, text)),
        }
    }

    fn text_in(&self, code: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(known, _)| known == code)
            .map(|(_, text)| text.as_str())
    }

    /// The text in `locale`, else English, else the one given without a language, else the first given.
    pub fn get(&self, locale: &str) -> &str {
        [locale, i18n::DEFAULT_LOCALE, ""]
            .iter()
            .find_map(|code| self.text_in(code))
            .or_else(|| self.0.first().map(|(_, text)| text.as_str()))
            .unwrap_or("")
    }
}

/// Something the business will message opted-in visitors about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Purpose {
    /// A stable id (`results`), recorded in consent records.
    pub id: String,
    pub label: LocalizedText,
    /// What the visitor gets from it ("get them the day they are ready"), shown with the label.
    pub value: Option<LocalizedText>,
}

/// Colours: follow the visitor's light or dark mode, or the ones the company fixed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Theme {
    Auto,
    Light,
    Dark,
}

/// A config the widget can run with: the phone number is valid, strings are plain text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WidgetConfig {
    pub business: String,
    /// The business's number: the one consent records name and "Say hello" goes to (`phone`, else the first
    /// contact's).
    pub phone: E164,
    /// The default country for numbers visitors type without `+` (else from the browser's language).
    pub region: Option<String>,
    /// The prefilled chat message; may use `{{page_title}}` and `{{page_url}}`. Empty means none.
    pub message: String,
    /// Whether the "Chat now" path is offered.
    pub chat: bool,
    /// The opt-in purposes; the "Get updates" path is offered when there is at least one.
    pub purposes: Vec<Purpose>,
    /// One checkbox for all purposes instead of one per purpose.
    pub single_checkbox: bool,
    pub privacy_url: String,
    /// Where consent records are delivered; `None` keeps them in the visitor's browser and the event only.
    pub consent_endpoint: Option<String>,
    /// `auto` (the browser's languages) or a language code there is a translation file for.
    pub locale: String,
    pub theme: Theme,
    /// A fixed accent colour (`#0a7d4d`); fixing it also fixes the light theme unless `theme` says otherwise.
    pub accent: Option<String>,
    pub position_left: bool,
    /// Push `generate_lead` to `window.dataLayer` on a consent.
    pub data_layer: bool,
    /// Opening hours (`hours`); `None`: always open, nothing said about hours.
    pub hours: Option<OpeningHours>,
    /// The people or departments the chat path lists (`contacts`); empty: the one `phone`.
    pub contacts: Vec<Contact>,
    /// The greeting bubble beside the launcher.
    pub greeting: Option<Greeting>,
    /// Per-page overrides, first match wins.
    pub pages: Vec<PageRule>,
}

impl WidgetConfig {
    /// The launcher's label and the panel's title in `locale`: names the business when the config does.
    pub fn chat_title(&self, locale: &str) -> String {
        if self.business.is_empty() {
            i18n::text(locale, "launcher.label_unnamed").to_string()
        } else {
            i18n::format(locale, "launcher.label", &[("business", &self.business)])
        }
    }

    /// Extra CSS for a fixed accent colour: the colour and a text colour that reads on it (WCAG contrast).
    pub fn accent_css(&self) -> String {
        let Some(accent) = &self.accent else {
            return String::new();
        };
        let hex = accent.trim_start_matches('#');
        let full: String = if hex.len() == 3 {
            hex.chars().flat_map(|c| [c, c]).collect()
        } else {
            hex.to_string()
        };
        let channel = |i: usize| {
            let value =
                f64::from(u8::from_str_radix(part(&full, i..i + 2), 16).unwrap_or(0)) / 255.0;
            if value <= 0.04045 {
                value / 12.92
            } else {
                power_2_4((value + 0.055) / 1.055)
            }
        };
        let luminance = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
        // White text needs (1.05) / (L + 0.05) >= 4.5, i.e. a dark enough accent; else near-black text.
        let text = if 1.05 / (luminance + 0.05) >= 4.5 {
            "#ffffff"
        } else {
            "#111417"
        };
        // Appended after widget.css in the same sheet, so it wins over the default on the same selector.
        format!(".cg-root {{ --cg-accent: #{full}; --cg-accent-text: {text}; }}")
    }

    /// The widget root's classes: theme (`cg-auto` follows the visitor's dark mode; a fixed accent fixes the light
    /// theme unless `theme` says dark) and side.
    pub fn root_classes(&self) -> String {
        let theme = match self.theme {
            Theme::Auto if self.accent.is_some() => "cg-light",
            Theme::Auto => "cg-auto",
            Theme::Light => "cg-light",
            Theme::Dark => "cg-dark",
        };
        format!(
            "cg-root {theme}{}",
            if self.position_left { " cg-left" } else { "" }
        )
    }

    /// Whether the "Chat now" path is offered at `now`: `chat` is on and some contact (or the one `phone`) is
    /// open, or its hours do not hide the chat while closed.
    pub fn chat_offered_at(&self, now: Timestamp) -> bool {
        self.chat
            && if self.contacts.is_empty() {
                self.hours
                    .as_ref()
                    .is_none_or(|hours| hours.offers_chat_at(now))
            } else {
                self.contacts.iter().any(|contact| contact.offered_at(now))
            }
    }

    /// Whether the opt-in path is offered.
    pub fn updates(&self) -> bool {
        !self.purposes.is_empty()
    }

    /// The prefilled message with the page's title and address filled in.
    pub fn chat_message(&self, page_title: &str, page_url: &str) -> String {
        fill_page_values(&self.message, page_title, page_url)
    }
}

/// `x`^2.4 for `x` in 0..=1 (sRGB's transfer curve), as x² times the fifth root of x², the root by Newton's
/// method from above: `f64::powf` brings a general power function, about 1.8 KB of code, into the dialog for
/// this one curve (issue 15). Within a few units in the last place of `powf` (`accent_text_matches_powf`).
fn power_2_4(x: f64) -> f64 {
    let square = x * x;
    if square <= 0.0 {
        return 0.0;
    }
    let mut root: f64 = 1.0;
    for _ in 0..40 {
        root = (4.0 * root + square / (root * root * root * root)) / 5.0;
    }
    square * root
}

/// A message with `{{page_title}}` and `{{page_url}}` filled in, as `template::render` fills them: a value is
/// trimmed, an empty one gives the placeholder's fallback (`{{page_title|our site}}`), another name stays
/// `{{name}}`, and a message with unbalanced braces is left as it is. Written out here, on the message's bytes
/// (the braces are ASCII), because `render`'s map, character vector and formatting cost the dialog about 5 KB
/// (issue 15); `fill_page_values_matches_template_render` keeps the two equal.
pub fn fill_page_values(message: &str, page_title: &str, page_url: &str) -> String {
    let bytes = message.as_bytes();
    let pair_at = |index: usize, brace: u8| {
        bytes.get(index) == Some(&brace) && bytes.get(index + 1) == Some(&brace)
    };
    let mut text = String::with_capacity(message.len());
    let (mut index, mut copied) = (0, 0);
    while index < bytes.len() {
        if pair_at(index, b'}') {
            return message.to_string();
        }
        if !pair_at(index, b'{') {
            index += 1;
            continue;
        }
        let Some(close) = (index + 2..bytes.len()).find(|&at| pair_at(at, b'}')) else {
            return message.to_string();
        };
        let inner = part(message, index + 2..close);
        let (name, fallback) = match inner.split_once('|') {
            Some((name, fallback)) => (name.trim(), Some(fallback)),
            None => (inner.trim(), None),
        };
        if inner.contains('{') || name.is_empty() {
            return message.to_string();
        }
        text.push_str(part(message, copied..index));
        let value = match name {
            "page_title" => page_title.trim(),
            "page_url" => page_url.trim(),
            _ => "",
        };
        match (value, fallback) {
            ("", Some(fallback)) => text.push_str(fallback),
            ("", None) => {
                text.push_str("{{");
                text.push_str(name);
                text.push_str("}}");
            }
            (value, _) => text.push_str(value),
        }
        index = close + 2;
        copied = index;
    }
    text.push_str(part(message, copied..));
    text
}

/// A bad config key, with what the widget expected there. Its `Display` is the one console line, naming the
/// exact field (`contacts[1].phone`, `hours.timezone`) where the problem is inside a key.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("Chatgate config: `{}` {problem}", self.field())]
pub struct ConfigError {
    /// The top-level key (the `key` of the `chatgate:error` event).
    pub key: &'static str,
    /// The field inside the key, when the problem is there: `contacts[1].phone`.
    pub path: Option<String>,
    pub problem: String,
}

impl ConfigError {
    /// A problem at `path` inside the top-level `key`.
    pub fn at(key: &'static str, path: String, problem: impl Into<String>) -> ConfigError {
        ConfigError {
            key,
            path: Some(path),
            problem: problem.into(),
        }
    }

    /// The field the problem is in: the path inside the key, else the key.
    pub fn field(&self) -> &str {
        self.path.as_deref().unwrap_or(self.key)
    }
}

/// The keys [`parse_widget_config`] reads (others are ignored, so newer snippets work with older widgets).
pub const KEYS: &[&str] = &[
    "phone",
    "region",
    "locale",
    "purposes",
    "chat",
    "consent_endpoint",
    "privacy_url",
    "theme",
    "accent",
    "position",
    "business",
    "message",
    "single_checkbox",
    "data_layer",
    "hours",
    "contacts",
    "greeting",
    "pages",
];

/// Reads the config from the JSON text the shell made of it (`JSON.stringify`). Half of a character (a lone
/// UTF-16 surrogate, e.g. text cut inside an emoji) in a key the widget reads refuses the config naming that
/// key; in a key it ignores, it is harmless.
pub fn parse_widget_config_text(text: &str) -> Result<WidgetConfig, ConfigError> {
    let read = json_text::read(text).map_err(|error| ConfigError {
        key: "ChatgateSettings",
        path: None,
        problem: format!("is not readable JSON ({error})"),
    })?;
    if let Some(path) = read.lone_surrogate_at {
        if let Some(key) = KEYS
            .iter()
            .find(|key| path.first().map(String::as_str) == Some(**key))
        {
            return Err(ConfigError {
                key, path: None,
                problem: format!(
                    "contains half of a character (a lone UTF-16 surrogate) at {}: the text was cut inside an emoji or another character outside the BMP",
                    path.join(".")
                ),
            });
        }
    }
    parse_widget_config(&read.value)
}

/// Reads the config object. Unknown keys are ignored so that newer snippets work with older widgets.
pub fn parse_widget_config(config: &Value) -> Result<WidgetConfig, ConfigError> {
    let Some(object) = config.as_object() else {
        return Err(ConfigError {
            key: "ChatgateSettings",
            path: None,
            problem: "must be an object".to_string(),
        });
    };
    let region =
        optional_string(object.get("region"), "region")?.map(|code| code.to_ascii_uppercase());
    if let Some(code) = &region {
        if region_info(code).is_none() || code == "001" {
            return Err(ConfigError {
                key: "region",
                path: None,
                problem: format!("'{code}' is not a country code such as GB"),
            });
        }
    }
    let hours = match object.get("hours") {
        None | Some(Value::Null) => None,
        Some(value) => Some(parse_hours(value, "hours", "hours")?),
    };
    let contacts = parse_contacts(object.get("contacts"), region.as_deref(), hours.as_ref())?;
    let phone =
        match (object.get("phone"), contacts.first()) {
            (None | Some(Value::Null), Some(first)) => first.phone.clone(),

            (None | Some(Value::Null), None) => return Err(ConfigError {
                key: "phone",
                path: None,
                problem:
                    "is missing (expected the business's WhatsApp number, e.g. \"+44 7911 123456\")"
                        .to_string(),
            }),
            (Some(Value::String(text)), _) => {
                normalize_phone(text, region.as_deref()).map_err(|error| ConfigError {
                    key: "phone",
                    path: None,
                    problem: format!("is not a usable WhatsApp number: {error}"),
                })?
            }
            (Some(_), _) => {
                return Err(ConfigError {
                    key: "phone",
                    path: None,
                    problem: "must be a string such as \"+44 7911 123456\"".to_string(),
                })
            }
        };
    let locale =
        optional_string(object.get("locale"), "locale")?.unwrap_or_else(|| "auto".to_string());
    if locale != "auto" && !i18n::is_available(&locale) {
        return Err(ConfigError {
            key: "locale",
            path: None,
            problem: format!(
                "'{locale}' is not auto or one of {}",
                i18n::available_locales().join(", ")
            ),
        });
    }
    let purposes = parse_purposes(object.get("purposes"))?;
    let chat = optional_bool(object.get("chat"), "chat")?.unwrap_or(true);
    if !chat && purposes.is_empty() {
        return Err(ConfigError {
            key: "chat",
            path: None,
            problem: "is false and there are no `purposes`: the widget would offer nothing"
                .to_string(),
        });
    }
    let consent_endpoint = optional_string(object.get("consent_endpoint"), "consent_endpoint")?
        .filter(|url| !url.is_empty());
    if let Some(url) = &consent_endpoint {
        if !(url.starts_with("https://") || url.starts_with("http://") || url.starts_with('/')) {
            return Err(ConfigError {
                key: "consent_endpoint",
                path: None,
                problem: format!("'{url}' must be an http(s) URL or a path starting with /"),
            });
        }
    }
    let privacy_url =
        optional_string(object.get("privacy_url"), "privacy_url")?.unwrap_or_default();
    if !purposes.is_empty() && privacy_url.is_empty() {
        return Err(ConfigError {
            key: "privacy_url",
            path: None,
            problem: "is missing: the opt-in must link the privacy policy".to_string(),
        });
    }
    if !is_web_link(&privacy_url) {
        return Err(ConfigError {
            key: "privacy_url",
            path: None,
            problem: format!(
                "'{privacy_url}' must be a web address (https://…) or a path on the site"
            ),
        });
    }
    let theme = match optional_string(object.get("theme"), "theme")?.as_deref() {
        None | Some("auto") => Theme::Auto,
        Some("light") => Theme::Light,
        Some("dark") => Theme::Dark,
        Some(other) => {
            return Err(ConfigError {
                key: "theme",
                path: None,
                problem: format!("'{other}' is not auto, light or dark"),
            })
        }
    };
    let accent = optional_string(object.get("accent"), "accent")?;
    if let Some(colour) = &accent {
        let hex = colour.strip_prefix('#').unwrap_or("");
        if !(hex.len() == 6 || hex.len() == 3) || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(ConfigError {
                key: "accent",
                path: None,
                problem: format!("'{colour}' is not a colour such as #0a7d4d"),
            });
        }
    }
    let position_left = match optional_string(object.get("position"), "position")?.as_deref() {
        None | Some("right") => false,
        Some("left") => true,
        Some(other) => {
            return Err(ConfigError {
                key: "position",
                path: None,
                problem: format!("'{other}' is not right or left"),
            })
        }
    };
    Ok(WidgetConfig {
        business: optional_string(object.get("business"), "business")?.unwrap_or_default(),
        phone,
        region,
        message: optional_string(object.get("message"), "message")?.unwrap_or_default(),
        chat,
        single_checkbox: optional_bool(object.get("single_checkbox"), "single_checkbox")?
            .unwrap_or(false),
        purposes,
        privacy_url,
        consent_endpoint,
        locale,
        theme,
        accent,
        position_left,
        data_layer: optional_bool(object.get("data_layer"), "data_layer")?.unwrap_or(false),
        hours,
        contacts,
        greeting: match object.get("greeting") {
            None | Some(Value::Null) => None,
            Some(value) => parse_greeting(value, "greeting", "greeting")?,
        },
        pages: parse_pages(object.get("pages"))?,
    })
}

/// `data-` attributes arrive as strings, so `"true"`/`"false"` count as booleans.
fn optional_bool(value: Option<&Value>, key: &'static str) -> Result<Option<bool>, ConfigError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(flag)) => Ok(Some(*flag)),
        Some(Value::String(text)) if text == "true" || text == "false" => Ok(Some(text == "true")),
        Some(_) => Err(ConfigError {
            key,
            path: None,
            problem: "must be true or false".to_string(),
        }),
    }
}

fn optional_string(
    value: Option<&Value>,
    key: &'static str,
) -> Result<Option<String>, ConfigError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.trim().to_string())),
        Some(_) => Err(ConfigError {
            key,
            path: None,
            problem: "must be a string".to_string(),
        }),
    }
}

/// Whether `url` may go into a link's `href`: `http(s)`, or relative to the page (`/privacy`, `privacy.html`).
/// Every other scheme (`javascript:`, `data:`, …) is refused. Browsers drop spaces and control characters around a
/// URL and tabs and newlines inside it (`java\tscript:` is `javascript:`), so the scheme is read the same way.
pub fn is_web_link(url: &str) -> bool {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    match cleaned.find([':', '/', '?', '#']) {
        Some(end) if part(&cleaned, end..).starts_with(':') => matches!(
            part(&cleaned, ..end).to_ascii_lowercase().as_str(),
            "https" | "http"
        ),
        _ => true,
    }
}

#[cfg(test)]
mod feature_tests;
#[cfg(test)]
mod tests;
