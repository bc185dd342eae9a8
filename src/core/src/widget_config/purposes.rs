//! `purposes` and the localized texts of the config (`"Results"` or `{"en": "Results", "ru": "…"}`).

use crate::json_text::Value;

use super::{ConfigError, LocalizedText, Purpose};

/// A localized text: `"Results"` or `{"en": "Results", "ru": "…"}`, every text non-empty (trimmed).
pub fn localized_text(value: &Value) -> Option<LocalizedText> {
    match value {
        Value::String(text) if !text.trim().is_empty() => Some(LocalizedText::single(text.trim())),
        Value::Object(map)
            if !map.is_empty()
                && map
                    .values()
                    .all(|v| v.as_str().is_some_and(|t| !t.trim().is_empty())) =>
        {
            let mut texts = LocalizedText(Vec::new());
            for (code, text) in map {
                let text = text.as_str().unwrap_or("").trim().to_string();
                texts.insert(code.to_ascii_lowercase(), text);
            }
            Some(texts)
        }
        _ => None,
    }
}

pub(super) fn localized(value: &Value, key: &'static str) -> Result<LocalizedText, ConfigError> {
    localized_text(value).ok_or_else(|| ConfigError {
        key,
        path: None,
        problem:
            "must be a non-empty text, or texts by language such as {\"en\": \"…\", \"ru\": \"…\"}"
                .to_string(),
    })
}

/// `purposes`: `[{"id": "results", "label": "Test results", "value": "…"}]`, or a comma-separated string of ids
/// (as a `data-purposes` attribute gives it: the ids are then the labels).
pub(super) fn parse_purposes(value: Option<&Value>) -> Result<Vec<Purpose>, ConfigError> {
    let items: Vec<Value> = match value {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::String(text)) => text
            .split(',')
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .map(|id| {
                // Built by hand rather than with `json!`, which would link serde's serializer into the
                // config checker (issue 15).
                let id = Value::String(id.to_string());
                let mut purpose = crate::json_text::Map::new();
                purpose.insert("id".to_string(), id.clone());
                purpose.insert("label".to_string(), id);
                Value::Object(purpose)
            })
            .collect(),
        Some(Value::Array(items)) => items.clone(),
        Some(_) => {
            return Err(ConfigError {
                key: "purposes",
                path: None,
                problem: "must be a list such as [{id: \"results\", label: \"Test results\"}]"
                    .to_string(),
            })
        }
    };
    let mut purposes: Vec<Purpose> = Vec::new();
    for (index, item) in items.iter().enumerate() {
        // Named by its place, as `contacts[1]` is, rather than by echoing the value (which would link a JSON
        // printer into the config checker every visitor downloads: issue 15).
        let Some(object) = item.as_object() else {
            return Err(ConfigError::at(
                "purposes",
                format!("purposes[{index}]"),
                "must be an object such as {id: \"results\", label: \"Test results\"}",
            ));
        };
        let id = match object.get("id") {
            Some(Value::String(id))
                if !id.trim().is_empty() && !id.contains(char::is_whitespace) =>
            {
                id.trim().to_string()
            }
            _ => {
                return Err(ConfigError {
                    key: "purposes",
                    path: None,
                    problem: "each purpose needs an `id` without spaces, such as \"results\""
                        .to_string(),
                })
            }
        };
        if purposes.iter().any(|p| p.id == id) || id == "*" {
            return Err(ConfigError {
                key: "purposes",
                path: None,
                problem: format!("the id '{id}' is used twice"),
            });
        }
        let label = localized(object.get("label").unwrap_or(&Value::Null), "purposes").map_err(
            |error| ConfigError {
                key: "purposes",
                path: None,
                problem: format!("'{id}': `label` {}", error.problem),
            },
        )?;
        let value = match object.get("value") {
            None | Some(Value::Null) => None,
            Some(value) => Some(localized(value, "purposes").map_err(|error| ConfigError {
                key: "purposes",
                path: None,
                problem: format!("'{id}': `value` {}", error.problem),
            })?),
        };
        purposes.push(Purpose { id, label, value });
    }
    Ok(purposes)
}
