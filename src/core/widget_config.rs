//! The visitor widget's configuration, as the embedding page gives it.
//!
//! This module owns reading the config object (`window.ChatgateSettings` or the loader's `data-`
//! attributes, already turned into JSON by the shell) into a typed [`WidgetConfig`], and the error that
//! names the key and what was expected. It never reads the page itself.

use serde_json::Value;

use super::phone::{normalize_phone, E164};

/// A config the widget can run with: the phone number is valid, strings are plain text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WidgetConfig {
    pub business: String,
    pub phone: E164,
    /// The prefilled chat message; empty means none.
    pub message: String,
}

impl WidgetConfig {
    /// The launcher's label and the panel's title: names the business when the config does.
    pub fn chat_title(&self) -> String {
        if self.business.is_empty() {
            "Chat with us".to_string()
        } else {
            format!("Chat with {}", self.business)
        }
    }
}

/// A bad config key, with what the widget expected there. Its `Display` is the one console line.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("Chatgate config: `{key}` {problem}")]
pub struct ConfigError {
    pub key: &'static str,
    pub problem: String,
}

/// Reads the config object. Unknown keys are ignored so that newer snippets work with older widgets.
pub fn parse_widget_config(config: &Value) -> Result<WidgetConfig, ConfigError> {
    let Some(object) = config.as_object() else {
        return Err(ConfigError { key: "ChatgateSettings", problem: "must be an object".to_string() });
    };
    let phone = match object.get("phone") {
        None | Some(Value::Null) => {
            return Err(ConfigError { key: "phone", problem: "is missing (expected the business's WhatsApp number, e.g. \"+44 7911 123456\")".to_string() })
        }
        Some(Value::String(text)) => normalize_phone(text, optional_string(object.get("region"), "region")?.as_deref())
            .map_err(|error| ConfigError { key: "phone", problem: format!("is not a usable WhatsApp number: {error}") })?,
        Some(_) => return Err(ConfigError { key: "phone", problem: "must be a string such as \"+44 7911 123456\"".to_string() }),
    };
    Ok(WidgetConfig {
        business: optional_string(object.get("business"), "business")?.unwrap_or_default(),
        phone,
        message: optional_string(object.get("message"), "message")?.unwrap_or_default(),
    })
}

fn optional_string(value: Option<&Value>, key: &'static str) -> Result<Option<String>, ConfigError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.trim().to_string())),
        Some(_) => Err(ConfigError { key, problem: "must be a string".to_string() }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check_error(config: Value, expected: &str) {
        assert_eq!(parse_widget_config(&config).unwrap_err().to_string(), expected);
    }

    #[test]
    fn reads_a_full_config() {
        let config = parse_widget_config(&json!({"business": " Acme ", "phone": "07911 123456", "region": "GB",
            "message": "Hello", "future_key": 1})).unwrap();
        assert_eq!(config.business, "Acme");
        assert_eq!(config.phone.as_string(), "+447911123456");
        assert_eq!(config.message, "Hello");
        assert_eq!(config.chat_title(), "Chat with Acme");
        let unnamed = parse_widget_config(&json!({"phone": "+447911123456"})).unwrap();
        assert_eq!(unnamed.chat_title(), "Chat with us");
    }

    #[test]
    fn bad_configs_name_the_key() {
        check_error(json!([]), "Chatgate config: `ChatgateSettings` must be an object");
        check_error(json!({}), "Chatgate config: `phone` is missing (expected the business's WhatsApp number, e.g. \"+44 7911 123456\")");
        check_error(json!({"phone": 447911123456u64}), "Chatgate config: `phone` must be a string such as \"+44 7911 123456\"");
        check_error(json!({"phone": "+44 12"}), "Chatgate config: `phone` is not a usable WhatsApp number: the number is too short for GB (at least 7 digits after the country code)");
        check_error(json!({"phone": "+447911123456", "message": 5}), "Chatgate config: `message` must be a string");
    }
}
