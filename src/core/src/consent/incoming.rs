//! The receiver's checks of a record it is sent: exactly the record's fields, each well-formed and within its
//! limit, `text_version` recomputed from `text`, the phone re-normalized, times that make sense at `now`.

use super::{
    text_version, ConsentRecord, METHOD_WIDGET_CHECKBOX, OPTIONAL_RECORD_FIELDS, RECORD_FIELDS,
};
use crate::phone::normalize_phone;
use crate::time::Timestamp;

/// Why a record sent to the receiver was refused: the field and what is wrong, worded for the sender.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct RecordProblem {
    pub field: String,
    pub problem: String,
}

/// The most a record may carry, field by field (the receiver also caps the body at 64 KiB).
pub mod limits {
    pub const PURPOSES: usize = 50;
    pub const PURPOSE_ID: usize = 64;
    pub const BUSINESS: usize = 200;
    pub const TEXT: usize = 20_000;
    pub const LOCALE: usize = 35;
    pub const PAGE: usize = 2_048;
}

/// How far in the future a `given_at` or `withdrawn_at` may lie (the visitor's clock can be wrong by a little).
const CLOCK_SKEW_SECONDS: i64 = 24 * 3_600;

/// Reads and checks a record as the receiver gets it: JSON with exactly the record's fields, each well-formed,
/// `text_version` matching `text`, times that make sense at `now` (`given_at` and `withdrawn_at` at most a day
/// ahead of it, no withdrawal before the consent). The phone is re-normalized with [`normalize_phone`] and
/// stored in E.164.
pub fn check_incoming(json: &str, now: Timestamp) -> Result<ConsentRecord, RecordProblem> {
    let problem = |field: &str, problem: String| RecordProblem {
        field: field.to_string(),
        problem,
    };
    let value: serde_json::Value = serde_json::from_str(json)
        .map_err(|error| problem("body", format!("is not valid JSON ({error})")))?;
    let Some(object) = value.as_object() else {
        return Err(problem(
            "body",
            "must be a JSON object (a consent record)".to_string(),
        ));
    };
    if let Some(unknown) = object.keys().find(|key| {
        !RECORD_FIELDS.contains(&key.as_str()) && !OPTIONAL_RECORD_FIELDS.contains(&key.as_str())
    }) {
        return Err(problem(
            unknown,
            "is not a field of a consent record".to_string(),
        ));
    }
    let string = |field: &str| -> Result<String, RecordProblem> {
        match object.get(field) {
            Some(serde_json::Value::String(text)) => Ok(text.clone()),
            Some(other) => Err(problem(
                field,
                format!("must be a string, not {}", json_type(other)),
            )),
            None => Err(problem(field, "is missing".to_string())),
        }
    };
    let bounded = |field: &str, max: usize| -> Result<String, RecordProblem> {
        let text = string(field)?;
        if text.trim().is_empty() {
            return Err(problem(field, "is empty".to_string()));
        }
        if text.chars().count() > max {
            return Err(problem(field, format!("is longer than {max} characters")));
        }
        if text.chars().any(|c| c.is_control() && c != '\n') {
            return Err(problem(field, "contains control characters".to_string()));
        }
        Ok(text)
    };

    let consent_id = string("consent_id")?;
    if !is_uuid(&consent_id) {
        return Err(problem(
            "consent_id",
            "must be a UUID such as 0f8c2a4e-3b1d-4c6f-9a7e-5d2b8c1f0e3a".to_string(),
        ));
    }
    let phone_input = string("phone")?;
    let phone =
        normalize_phone(&phone_input, None).map_err(|error| problem("phone", error.to_string()))?;
    let purposes = match object.get("purposes") {
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .map(|item| match item.as_str() {
                Some(id)
                    if !id.is_empty()
                        && id.len() <= limits::PURPOSE_ID
                        && !id.chars().any(|c| c.is_whitespace() || c.is_control()) =>
                {
                    Ok(id.to_string())
                }
                _ => Err(problem(
                    "purposes",
                    format!(
                        "each purpose must be an id without spaces of at most {} characters",
                        limits::PURPOSE_ID
                    ),
                )),
            })
            .collect::<Result<Vec<String>, RecordProblem>>()?,
        Some(other) => {
            return Err(problem(
                "purposes",
                format!("must be a list of purpose ids, not {}", json_type(other)),
            ))
        }
        None => return Err(problem("purposes", "is missing".to_string())),
    };
    if purposes.is_empty() || purposes.len() > limits::PURPOSES {
        return Err(problem(
            "purposes",
            format!("must name 1 to {} purposes", limits::PURPOSES),
        ));
    }
    if purposes
        .iter()
        .enumerate()
        .any(|(i, id)| purposes[..i].contains(id))
    {
        return Err(problem("purposes", "names a purpose twice".to_string()));
    }
    let business = bounded("business", limits::BUSINESS)?;
    let business_phone = match object.get("business_phone") {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(number)) => Some(
            normalize_phone(number, None)
                .map_err(|error| problem("business_phone", error.to_string()))?,
        ),
        Some(other) => {
            return Err(problem(
                "business_phone",
                format!("must be null or a phone number, not {}", json_type(other)),
            ))
        }
    };
    let text = bounded("text", limits::TEXT)?;
    let text_version_given = string("text_version")?;
    if text_version_given != text_version(&text) {
        return Err(problem(
            "text_version",
            "does not match `text` (it must be the version of the exact text shown)".to_string(),
        ));
    }
    let locale = bounded("locale", limits::LOCALE)?;
    if !locale
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return Err(problem(
            "locale",
            "must be a language tag such as en or zh-CN".to_string(),
        ));
    }
    let page = bounded("page", limits::PAGE)?;
    if !(page.starts_with("https://") || page.starts_with("http://"))
        || page.chars().any(char::is_whitespace)
    {
        return Err(problem("page", "must be an http(s) URL".to_string()));
    }
    let given_at = string("given_at")?;
    let given = Timestamp::parse_rfc3339(&given_at)
        .map_err(|error| problem("given_at", error.to_string()))?;
    if given.0 > now.0 + CLOCK_SKEW_SECONDS {
        return Err(problem("given_at", "lies in the future".to_string()));
    }
    let method = string("method")?;
    if method != METHOD_WIDGET_CHECKBOX {
        return Err(problem(
            "method",
            format!("must be \"{METHOD_WIDGET_CHECKBOX}\""),
        ));
    }
    let withdrawn_at = match object.get("withdrawn_at") {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(text)) => {
            let withdrawn = Timestamp::parse_rfc3339(text)
                .map_err(|error| problem("withdrawn_at", error.to_string()))?;
            if withdrawn < given {
                return Err(problem("withdrawn_at", "is before `given_at`".to_string()));
            }
            // Issue 18: a withdrawal dated in the future would read as "in force until then".
            if withdrawn.0 > now.0 + CLOCK_SKEW_SECONDS {
                return Err(problem("withdrawn_at", "lies in the future".to_string()));
            }
            Some(withdrawn)
        }
        Some(other) => {
            return Err(problem(
                "withdrawn_at",
                format!("must be null or a time, not {}", json_type(other)),
            ))
        }
    };
    Ok(ConsentRecord {
        consent_id: consent_id.to_ascii_lowercase(),
        phone,
        purposes,
        business,
        business_phone,
        text,
        text_version: text_version_given,
        locale,
        page,
        given_at: given,
        method,
        withdrawn_at,
    })
}

fn json_type(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "a list",
        serde_json::Value::Object(_) => "an object",
    }
}

/// `8-4-4-4-12` hexadecimal digits.
pub fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(group, len)| group.len() == len && group.chars().all(|c| c.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consent::consent_copy;
    use crate::consent::tests::{purposes, record_for};

    fn valid_json() -> serde_json::Value {
        let record = record_for(&consent_copy("en", "Acme", &purposes(), false, ""));
        serde_json::to_value(record).unwrap()
    }

    #[test]
    fn the_receiver_accepts_a_complete_record_and_renormalizes_the_phone() {
        let now = Timestamp(1_795_000_100);
        let json = valid_json();
        let record = check_incoming(&json.to_string(), now).unwrap();
        assert_eq!(serde_json::to_value(&record).unwrap(), json);
        let mut spaced = json.clone();
        spaced["phone"] = "+44 7911 123456".into();
        spaced["given_at"] = "2026-11-18T14:06:40.250+03:00".into();
        let record = check_incoming(&spaced.to_string(), now).unwrap();
        assert_eq!(
            (
                record.phone.as_string().as_str(),
                record.given_at.to_rfc3339_utc().as_str()
            ),
            ("+447911123456", "2026-11-18T11:06:40Z")
        );
        // Issue 16: `business_phone` is optional (older widgets do not send it) and re-normalized when given.
        assert_eq!(json["business_phone"], "+442079460000");
        let mut legacy = json.clone();
        legacy.as_object_mut().unwrap().remove("business_phone");
        let record = check_incoming(&legacy.to_string(), now).unwrap();
        assert_eq!(record.business_phone, None);
        assert_eq!(serde_json::to_value(&record).unwrap(), legacy);
        let mut spaced_business = json.clone();
        spaced_business["business_phone"] = "+44 20 7946 0000".into();
        let record = check_incoming(&spaced_business.to_string(), now).unwrap();
        assert_eq!(record.business_phone.unwrap().as_string(), "+442079460000");
        let mut withdrawn = json.clone();
        withdrawn["withdrawn_at"] = "2026-11-18T12:00:00Z".into();
        assert!(check_incoming(&withdrawn.to_string(), now)
            .unwrap()
            .is_withdrawn());
    }

    #[test]
    fn a_withdrawal_time_lies_between_the_consent_and_tomorrow() {
        // Issue 18: only given_at used to be held against the clock.
        let now = Timestamp(1_795_000_100);
        let given = Timestamp(1_795_000_000);
        let check = |withdrawn_at: Timestamp, accepted: bool| {
            let mut json = valid_json();
            json["withdrawn_at"] = withdrawn_at.to_rfc3339_utc().into();
            let result = check_incoming(&json.to_string(), now);
            match result {
                Ok(record) => {
                    assert!(accepted, "{withdrawn_at:?} was accepted");
                    assert_eq!(record.withdrawn_at, Some(withdrawn_at));
                }
                Err(problem) => {
                    assert!(!accepted, "{withdrawn_at:?}: {problem}");
                    assert_eq!(problem.field, "withdrawn_at");
                }
            }
        };
        check(given, true);
        check(Timestamp(given.0 - 1), false);
        check(now, true);
        check(Timestamp(now.0 + CLOCK_SKEW_SECONDS), true);
        check(Timestamp(now.0 + CLOCK_SKEW_SECONDS + 1), false);
        let mut far = valid_json();
        far["withdrawn_at"] = "2099-01-01T00:00:00Z".into();
        assert_eq!(
            check_incoming(&far.to_string(), now)
                .unwrap_err()
                .to_string(),
            "withdrawn_at: lies in the future"
        );
    }

    #[test]
    fn the_receiver_refuses_bad_records_naming_the_field() {
        let now = Timestamp(1_795_000_100);
        let check = |change: &dyn Fn(&mut serde_json::Value), field: &str| {
            let mut json = valid_json();
            change(&mut json);
            let problem = check_incoming(&json.to_string(), now).unwrap_err();
            assert_eq!(problem.field, field, "{problem}");
        };
        check(&|j| j["extra"] = 1.into(), "extra");
        check(
            &|j| {
                j.as_object_mut().unwrap().remove("phone");
            },
            "phone",
        );
        check(&|j| j["phone"] = "not a phone".into(), "phone");
        check(
            &|j| j["business_phone"] = "not a phone".into(),
            "business_phone",
        );
        check(
            &|j| j["business_phone"] = 442079460000u64.into(),
            "business_phone",
        );
        check(&|j| j["phone"] = "07911 123456".into(), "phone");
        check(&|j| j["phone"] = 447911123456u64.into(), "phone");
        check(
            &|j| j["consent_id"] = "'; DROP TABLE consents; --".into(),
            "consent_id",
        );
        check(&|j| j["purposes"] = serde_json::json!([]), "purposes");
        check(&|j| j["purposes"] = "results".into(), "purposes");
        check(
            &|j| j["purposes"] = serde_json::json!(["a", "a"]),
            "purposes",
        );
        check(&|j| j["purposes"] = serde_json::json!([1]), "purposes");
        check(&|j| j["business"] = "".into(), "business");
        check(&|j| j["business"] = "x".repeat(201).into(), "business");
        check(
            &|j| j["text"] = "changed after the fact".into(),
            "text_version",
        );
        check(&|j| j["locale"] = "en'--".into(), "locale");
        check(&|j| j["page"] = "javascript:alert(1)".into(), "page");
        check(&|j| j["given_at"] = "yesterday".into(), "given_at");
        check(
            &|j| j["given_at"] = "2030-01-01T00:00:00Z".into(),
            "given_at",
        );
        check(&|j| j["method"] = "sms".into(), "method");
        check(
            &|j| j["withdrawn_at"] = "2026-11-17T00:00:00Z".into(),
            "withdrawn_at",
        );
        check(
            &|j| j["withdrawn_at"] = "2099-01-01T00:00:00Z".into(),
            "withdrawn_at",
        );
        check(&|j| j["withdrawn_at"] = true.into(), "withdrawn_at");
        check(&|j| *j = serde_json::json!([1, 2]), "body");
        assert_eq!(check_incoming("{not json", now).unwrap_err().field, "body");
        assert!(
            is_uuid("0f8c2a4e-3b1d-4c6f-9a7e-5d2b8c1f0e3a")
                && !is_uuid("0f8c2a4e3b1d4c6f9a7e5d2b8c1f0e3a")
        );
    }
}
