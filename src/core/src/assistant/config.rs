//! The assistant page's config (`window.ChatgateAssistant`): where the library comes from, working hours,
//! the UI language and the tone rules' overrides (read by `tone::parse_tone_config`); a bad key is named.

use crate::time::WorkingHours;
use crate::tone::parse_tone_config;

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
    pub rules: crate::tone::ToneConfig,
    /// Where the sentence encoder's model is fetched from in the background ([`DEFAULT_MODEL_URL`]);
    /// `None` (the config's `model: false`) keeps the page lexical.
    pub model_url: Option<String>,
    /// The company's consent receiver (`consent_admin: {"url": …}`), where a STOP reply is recorded
    /// (`POST {url}/consents/withdrawals`); `None`: the page only says that one should be.
    pub consent_admin_url: Option<String>,
}

/// The model file beside the page (`make build` puts it there).
pub const DEFAULT_MODEL_URL: &str = "model/use-m3-web.bin";

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
    let problem = |key: &str, problem: &str| AssistantConfigError {
        key: key.to_string(),
        problem: problem.to_string(),
    };
    let mut config = AssistantConfig {
        model_url: Some(DEFAULT_MODEL_URL.to_string()),
        ..AssistantConfig::default()
    };
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
            .filter(|c| crate::i18n::assistant_locales().contains(c) || *c == "auto");
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
    match object.get("model") {
        None => {}
        Some(serde_json::Value::Bool(false)) => config.model_url = None,
        Some(serde_json::Value::String(url)) if !url.trim().is_empty() => {
            config.model_url = Some(url.clone())
        }
        Some(_) => {
            return Err(problem(
                "model",
                "must be the model file's URL, or false to stay lexical",
            ))
        }
    }
    if let Some(admin) = object.get("consent_admin") {
        let url = admin
            .get("url")
            .and_then(|url| url.as_str())
            .map(|url| url.trim().trim_end_matches('/'))
            .filter(|url| url.starts_with("https://") || url.starts_with("http://"))
            .ok_or_else(|| {
                problem(
                    "consent_admin.url",
                    "must be the consent receiver's address, such as \"https://consents.example.com\"",
                )
            })?;
        config.consent_admin_url = Some(url.to_string());
    }
    if let Some(rules) = object.get("rules") {
        config.rules = parse_tone_config(rules).map_err(|error| AssistantConfigError {
            key: error.key,
            problem: error.problem,
        })?;
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
        assert_eq!(config.model_url.as_deref(), Some(DEFAULT_MODEL_URL));
        let model = |value| parse_assistant_config(&value).unwrap().model_url;
        assert_eq!(model(json!({"model": false})), None);
        assert_eq!(model(json!({"model": "/m.bin"})).as_deref(), Some("/m.bin"));
        assert_eq!(model(json!(null)).as_deref(), Some(DEFAULT_MODEL_URL));
        let key = |value: serde_json::Value| parse_assistant_config(&value).unwrap_err().key;
        assert_eq!(key(json!({"hours": {"days": "someday"}})), "hours.days");
        assert_eq!(key(json!({"model": 3})), "model");
        assert_eq!(
            key(json!({"consent_admin": {"url": "consents"}})),
            "consent_admin.url"
        );
        let admin = |value| parse_assistant_config(&value).unwrap().consent_admin_url;
        assert_eq!(
            admin(json!({"consent_admin": {"url": "https://c.example/"}})).as_deref(),
            Some("https://c.example")
        );
        assert_eq!(admin(json!({})), None);
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
}
