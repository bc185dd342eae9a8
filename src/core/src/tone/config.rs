//! A company's overrides of the tone rules (the assistant's `rules` config, README "The agent assistant
//! page"): rules disabled, severities changed, limits, extra words per list. Read here, beside the rules.

use super::{Rule, Severity, ToneConfig, WordList};

/// A rules config problem: the key (`rules.severity.shouting`) and what is expected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{key}` {problem}")]
pub struct ToneConfigError {
    pub key: String,
    pub problem: String,
}

/// Reads a `rules` object: `{"disabled": [...], "severity": {...}, "too_long": N, "first_message_too_long": N,
/// "emoji_max": N, "words": {"pressure": [...]}}`. Unknown keys are ignored.
pub fn parse_tone_config(value: &serde_json::Value) -> Result<ToneConfig, ToneConfigError> {
    let problem = |key: &str, problem: &str| ToneConfigError {
        key: key.to_string(),
        problem: problem.to_string(),
    };
    let mut config = ToneConfig::default();
    let rules = value
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
        config.disabled.push(rule);
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
        config.severities.insert(rule, severity);
    }
    for (key, slot) in [
        ("too_long", &mut config.too_long),
        ("first_message_too_long", &mut config.first_message_too_long),
        ("emoji_max", &mut config.emoji_max),
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
            return Err(problem("rules.words", &format!("'{list}' is not a word list (pressure, informal, blame, profanity, not_profanity, greeting, empathy, opt_out)")));
        }
        for word in words
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|w| w.as_str())
        {
            config.extra_words.push((list.clone(), word.to_string()));
        }
    }
    Ok(config)
}
