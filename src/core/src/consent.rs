//! Consent records: the opt-in form's checks, the exact consent text, and the record that proves a consent.
//!
//! This module owns what a business must be able to demonstrate (PRODUCT.md, "Consent record"): who (the E.164
//! number), when (`given_at`, from the clock the shell passes in), what text and which version (`text_version` is
//! a stable hash of the exact text shown, in its language), how (`method`), for which purposes, and whether it
//! was withdrawn — withdrawal is a new state of the same record, never a delete. Randomness for the id and the
//! time come in as arguments; nothing here reads the clock, storage or the network.

use serde::{Deserialize, Serialize};

use super::hours::Timestamp;
use super::i18n;
use super::phone::{normalize_phone, PhoneError};
use super::widget_config::Purpose;

/// How the widget records a consent.
pub const METHOD_WIDGET_CHECKBOX: &str = "widget-checkbox";

/// A complete consent record, as stored in the browser, announced in `chatgate:consent` and delivered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentRecord {
    pub consent_id: String,
    pub phone: String,
    pub purposes: Vec<String>,
    pub business: String,
    pub text: String,
    pub text_version: String,
    pub locale: String,
    pub page: String,
    pub given_at: String,
    pub method: String,
    pub withdrawn_at: Option<String>,
}

impl ConsentRecord {
    /// The short code the visitor and the business use to match a chat to this record.
    pub fn reference_code(&self) -> String {
        reference_code(&self.consent_id)
    }

    pub fn is_withdrawn(&self) -> bool {
        self.withdrawn_at.is_some()
    }

    /// The same record, withdrawn at `at` (a second withdrawal keeps the first time).
    pub fn withdrawn(&self, at: Timestamp) -> ConsentRecord {
        let mut record = self.clone();
        if record.withdrawn_at.is_none() {
            record.withdrawn_at = Some(at.to_rfc3339_utc());
        }
        record
    }
}

/// The consent wording shown next to the checkboxes, in pieces the UI renders and [`ConsentCopy::text`] joins.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsentCopy {
    pub intro: String,
    /// One checkbox per purpose: `(purpose id, label shown)`. With a single checkbox, one entry with id `*`.
    pub checkboxes: Vec<(String, String)>,
    pub withdraw: String,
    pub privacy_label: String,
    pub privacy_url: String,
}

impl ConsentCopy {
    /// The exact text shown, as the record keeps it.
    pub fn text(&self) -> String {
        let mut text = self.intro.clone();
        for (_, label) in &self.checkboxes {
            text.push_str("\n[ ] ");
            text.push_str(label);
        }
        text.push('\n');
        text.push_str(&self.withdraw);
        if !self.privacy_url.is_empty() {
            text.push_str(&format!("\n{}: {}", self.privacy_label, self.privacy_url));
        }
        text
    }

    /// The version of this wording: changes whenever a character of the text changes.
    pub fn version(&self) -> String {
        text_version(&self.text())
    }
}

/// A purpose's label with what it brings the visitor: "Test results — get them as soon as they are ready".
pub fn purpose_line(purpose: &Purpose, locale: &str) -> String {
    let label = purpose.label.get(locale);
    match purpose.value.as_ref().map(|value| value.get(locale)) {
        Some(value) if !value.is_empty() => format!("{label} — {value}"),
        _ => label.to_string(),
    }
}

/// The consent wording for a business, its purposes and a language.
pub fn consent_copy(
    locale: &str,
    business: &str,
    purposes: &[Purpose],
    single_checkbox: bool,
    privacy_url: &str,
) -> ConsentCopy {
    let checkboxes = if single_checkbox {
        let lines: Vec<String> = purposes
            .iter()
            .map(|purpose| purpose_line(purpose, locale))
            .collect();
        let joined = i18n::join_list(locale, &lines);
        vec![(
            "*".to_string(),
            i18n::format(locale, "optin.all_purposes", &[("purposes", &joined)]),
        )]
    } else {
        purposes
            .iter()
            .map(|purpose| (purpose.id.clone(), purpose_line(purpose, locale)))
            .collect()
    };
    ConsentCopy {
        intro: i18n::format(locale, "optin.intro", &[("business", business)]),
        checkboxes,
        withdraw: i18n::text(locale, "optin.withdraw").to_string(),
        privacy_label: i18n::text(locale, "optin.privacy").to_string(),
        privacy_url: privacy_url.to_string(),
    }
}

/// A stable hash of a consent text (64-bit FNV-1a over its UTF-8 bytes): `v1-` and 16 hex digits.
pub fn text_version(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.as_bytes() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("v1-{hash:016x}")
}

/// A version 4 UUID from 16 random bytes (the shell gets them from `crypto.getRandomValues`).
pub fn consent_id(random: [u8; 16]) -> String {
    let mut bytes = random;
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// Six characters of Crockford base32 from the id's first 30 bits, as `ABC-123`: short enough to type, with no
/// I, L, O or U to misread.
pub fn reference_code(consent_id: &str) -> String {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let hex: String = consent_id
        .chars()
        .filter(char::is_ascii_hexdigit)
        .take(8)
        .collect();
    let bits = u32::from_str_radix(&hex, 16).unwrap_or(0) >> 2;
    let chars: String = (0..6)
        .rev()
        .map(|i| ALPHABET[((bits >> (i * 5)) & 31) as usize] as char)
        .collect();
    format!("{}-{}", &chars[..3], &chars[3..])
}

/// What is wrong with a submitted opt-in form, per field, as error codes (`i18n::error_text` words them).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OptInErrors {
    /// The phone error's code (`PhoneError::code`).
    pub phone: Option<&'static str>,
    /// `no_purpose` when no box is ticked.
    pub purposes: Option<&'static str>,
}

impl OptInErrors {
    pub fn is_empty(&self) -> bool {
        self.phone.is_none() && self.purposes.is_none()
    }
}

/// Everything the form gathered, checked: the number read for the chosen country and the purposes ticked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidOptIn {
    pub phone: String,
    pub purposes: Vec<String>,
}

/// Checks the form. `ticked` are the checkbox ids ticked (`*` for the single checkbox, meaning every purpose).
pub fn validate_opt_in(
    phone_input: &str,
    region: &str,
    ticked: &[String],
    purposes: &[Purpose],
) -> Result<ValidOptIn, OptInErrors> {
    let phone = normalize_phone(phone_input, Some(region).filter(|r| !r.is_empty()));
    let chosen: Vec<String> = if ticked.iter().any(|id| id == "*") {
        purposes.iter().map(|purpose| purpose.id.clone()).collect()
    } else {
        purposes
            .iter()
            .filter(|purpose| ticked.contains(&purpose.id))
            .map(|purpose| purpose.id.clone())
            .collect()
    };
    let errors = OptInErrors {
        phone: phone.as_ref().err().map(PhoneError::code),
        purposes: chosen.is_empty().then_some("no_purpose"),
    };
    match phone {
        Ok(number) if errors.is_empty() => Ok(ValidOptIn {
            phone: number.as_string(),
            purposes: chosen,
        }),
        _ => Err(errors),
    }
}

/// The country the phone field starts with: the config's `region`, else the region of the browser's first language
/// that names one (`en-GB` → GB), else the country a language is mostly spoken in (`ru` → RU, `zh` → CN), else
/// the business's own country.
pub fn default_visitor_region(
    config_region: Option<&str>,
    browser_languages: &[String],
    business_region: &str,
) -> String {
    if let Some(region) = config_region {
        return region.to_ascii_uppercase();
    }
    let known = |code: &str| super::phone::region_info(code).is_some() && code != "001";
    for language in browser_languages {
        let parts: Vec<&str> = language.split(['-', '_']).collect();
        if let Some(region) = parts
            .iter()
            .skip(1)
            .map(|part| part.to_ascii_uppercase())
            .find(|part| part.len() == 2 && known(part))
        {
            return region;
        }
    }
    let by_language = browser_languages.first().and_then(|language| {
        match language.split(['-', '_']).next().unwrap_or("") {
            "ru" => Some("RU"),
            "zh" => Some("CN"),
            "uk" => Some("UA"),
            "kk" => Some("KZ"),
            "de" => Some("DE"),
            "fr" => Some("FR"),
            "es" => Some("ES"),
            "it" => Some("IT"),
            _ => None,
        }
    });
    by_language.unwrap_or(business_region).to_string()
}

/// The countries the phone field offers: `(region, calling code)`, every region with a calling code of its own.
pub fn selectable_regions() -> Vec<(&'static str, u16)> {
    super::phone::regions()
        .filter(|info| info.region != "001")
        .map(|info| (info.region, info.calling_code))
        .collect()
}

/// What a record is made of besides the form: who is asking, in which words, where and when.
pub struct RecordContext<'a> {
    pub business: &'a str,
    pub copy: &'a ConsentCopy,
    pub locale: &'a str,
    pub page: &'a str,
    pub now: Timestamp,
    pub random: [u8; 16],
}

/// Builds the complete record of a consent just given.
pub fn build_record(form: &ValidOptIn, context: &RecordContext<'_>) -> ConsentRecord {
    let text = context.copy.text();
    ConsentRecord {
        consent_id: consent_id(context.random),
        phone: form.phone.clone(),
        purposes: form.purposes.clone(),
        business: context.business.to_string(),
        text_version: text_version(&text),
        text,
        locale: context.locale.to_string(),
        page: context.page.to_string(),
        given_at: context.now.to_rfc3339_utc(),
        method: METHOD_WIDGET_CHECKBOX.to_string(),
        withdrawn_at: None,
    }
}

/// The labels of a record's purposes in `locale`, for the confirmation and the manage view.
pub fn purpose_labels(record: &ConsentRecord, purposes: &[Purpose], locale: &str) -> Vec<String> {
    record
        .purposes
        .iter()
        .map(|id| {
            purposes
                .iter()
                .find(|p| &p.id == id)
                .map_or_else(|| id.clone(), |p| p.label.get(locale).to_string())
        })
        .collect()
}

/// The visitor's records as stored (a JSON array); unreadable storage counts as none.
pub fn parse_stored(json: &str) -> Vec<ConsentRecord> {
    serde_json::from_str(json).unwrap_or_default()
}

/// The visitor's records after another tab may have written some: every record of both lists once (by
/// `consent_id`), a withdrawal winning over the same record not withdrawn (withdrawal is never undone), in the
/// order they were given.
pub fn merge_records(stored: &[ConsentRecord], ours: &[ConsentRecord]) -> Vec<ConsentRecord> {
    let mut merged: Vec<ConsentRecord> = stored.to_vec();
    for record in ours {
        match merged
            .iter_mut()
            .find(|r| r.consent_id == record.consent_id)
        {
            Some(existing) if existing.withdrawn_at.is_none() => *existing = record.clone(),
            Some(_) => {}
            None => merged.push(record.clone()),
        }
    }
    merged.sort_by(|a, b| a.given_at.cmp(&b.given_at));
    merged
}

/// The record that is in force for `business`: the latest one not withdrawn.
pub fn active_record<'a>(
    records: &'a [ConsentRecord],
    business: &str,
) -> Option<&'a ConsentRecord> {
    records
        .iter()
        .rev()
        .find(|record| record.business == business && !record.is_withdrawn())
}

/// Whether a stored record was given under other wording than `current` (the consent text now shown, in the
/// record's language): the company changed its purposes or words, so the visitor is asked again. Until then the
/// old record covers exactly what it covered.
pub fn needs_reconsent(record: &ConsentRecord, current: &ConsentCopy) -> bool {
    record.text_version != current.version()
}

/// What changed between the text a visitor agreed to and the text now shown, line by line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextChanges {
    /// Lines of the new text that the old one did not have (a checkbox line without its `[ ] `).
    pub added: Vec<String>,
    /// Lines of the old text that the new one no longer has.
    pub removed: Vec<String>,
}

/// The lines added and removed between two consent texts, in their order.
pub fn text_changes(old: &str, new: &str) -> TextChanges {
    let clean = |line: &str| line.trim_start_matches("[ ] ").trim().to_string();
    let old_lines: Vec<String> = old.lines().map(clean).filter(|l| !l.is_empty()).collect();
    let new_lines: Vec<String> = new.lines().map(clean).filter(|l| !l.is_empty()).collect();
    TextChanges {
        added: new_lines
            .iter()
            .filter(|line| !old_lines.contains(line))
            .cloned()
            .collect(),
        removed: old_lines
            .iter()
            .filter(|line| !new_lines.contains(line))
            .cloned()
            .collect(),
    }
}

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

/// How far in the future a `given_at` may lie (the visitor's clock can be wrong by a little).
const CLOCK_SKEW_SECONDS: i64 = 24 * 3_600;

/// Reads and checks a record as the receiver gets it: JSON with exactly the record's fields, each well-formed,
/// `text_version` matching `text`, times that make sense at `now`. The phone is re-normalized with
/// [`normalize_phone`] and stored in E.164.
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
    const FIELDS: [&str; 11] = [
        "consent_id",
        "phone",
        "purposes",
        "business",
        "text",
        "text_version",
        "locale",
        "page",
        "given_at",
        "method",
        "withdrawn_at",
    ];
    if let Some(unknown) = object.keys().find(|key| !FIELDS.contains(&key.as_str())) {
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
    let phone = normalize_phone(&phone_input, None)
        .map_err(|error| problem("phone", error.to_string()))?
        .as_string();
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
            Some(withdrawn.to_rfc3339_utc())
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
        text,
        text_version: text_version_given,
        locale,
        page,
        given_at: given.to_rfc3339_utc(),
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
    use crate::widget_config::LocalizedText;

    fn purposes() -> Vec<Purpose> {
        vec![
            Purpose {
                id: "results".into(),
                label: LocalizedText::from_pairs(&[
                    ("en", "Test results"),
                    ("ru", "Результаты анализов"),
                ]),
                value: Some(LocalizedText::single("get them the day they are ready")),
            },
            Purpose {
                id: "reminders".into(),
                label: LocalizedText::single("Appointment reminders"),
                value: None,
            },
        ]
    }

    fn ticked(ids: &[&str]) -> Vec<String> {
        ids.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn validates_phone_and_purposes_together() {
        let ok =
            validate_opt_in("07911 123456", "GB", &ticked(&["reminders"]), &purposes()).unwrap();
        assert_eq!(
            ok,
            ValidOptIn {
                phone: "+447911123456".into(),
                purposes: ticked(&["reminders"])
            }
        );
        let all = validate_opt_in("+7 912 345 67 89", "GB", &ticked(&["*"]), &purposes()).unwrap();
        assert_eq!(all.purposes, ticked(&["results", "reminders"]));
        let errors = validate_opt_in("0791", "GB", &[], &purposes()).unwrap_err();
        assert_eq!(
            errors,
            OptInErrors {
                phone: Some("too_short"),
                purposes: Some("no_purpose")
            }
        );
        assert_eq!(
            validate_opt_in("", "GB", &ticked(&["results"]), &purposes())
                .unwrap_err()
                .phone,
            Some("empty")
        );
        assert_eq!(
            validate_opt_in("abc", "GB", &ticked(&["results"]), &purposes())
                .unwrap_err()
                .phone,
            Some("not_a_number")
        );
        assert_eq!(
            validate_opt_in("+999 1234567", "GB", &ticked(&["results"]), &purposes())
                .unwrap_err()
                .phone,
            Some("unknown_country_code")
        );
        assert!(validate_opt_in("07911 123456", "GB", &ticked(&["unknown"]), &purposes()).is_err());
    }

    #[test]
    fn every_error_the_form_can_show_is_worded_in_every_language() {
        let phone_errors = [
            PhoneError::Empty,
            PhoneError::NotANumber,
            PhoneError::MissingCountryCode,
            PhoneError::UnknownRegion("XX".into()),
            PhoneError::UnknownCountryCode("999".into()),
            PhoneError::TooShort {
                region: "GB",
                min: 7,
            },
            PhoneError::TooLong {
                region: "GB",
                max: 10,
            },
            PhoneError::WrongLength {
                region: "GB",
                digits: 8,
            },
        ];
        let codes = phone_errors
            .iter()
            .map(PhoneError::code)
            .chain(["no_purpose"]);
        for code in codes {
            for locale in i18n::available_locales() {
                assert_ne!(
                    i18n::error_text(locale, code),
                    code,
                    "{locale} has no text for error.{code}"
                );
            }
        }
    }

    #[test]
    fn the_copy_is_the_text_and_its_version_follows_every_change() {
        let copy = consent_copy(
            "en",
            "Northfield Clinic",
            &purposes(),
            false,
            "https://clinic.example/privacy",
        );
        assert_eq!(
            copy.checkboxes[0],
            (
                "results".to_string(),
                "Test results — get them the day they are ready".to_string()
            )
        );
        let text = copy.text();
        assert!(text.starts_with("Northfield Clinic will send you"));
        assert!(text.contains("[ ] Appointment reminders"));
        assert!(text.contains("reply STOP"));
        assert!(text.ends_with("Privacy policy: https://clinic.example/privacy"));
        assert_eq!(copy.version(), text_version(&text));
        let russian = consent_copy(
            "ru",
            "Northfield Clinic",
            &purposes(),
            false,
            "https://clinic.example/privacy",
        );
        assert!(russian.checkboxes[0].1.starts_with("Результаты анализов"));
        assert_ne!(russian.version(), copy.version());
        let fewer = consent_copy(
            "en",
            "Northfield Clinic",
            &purposes()[..1],
            false,
            "https://clinic.example/privacy",
        );
        assert_ne!(fewer.version(), copy.version());
        assert_eq!(
            copy.version(),
            consent_copy(
                "en",
                "Northfield Clinic",
                &purposes(),
                false,
                "https://clinic.example/privacy"
            )
            .version()
        );
        let single = consent_copy("en", "Northfield Clinic", &purposes(), true, "");
        assert_eq!(single.checkboxes.len(), 1);
        assert_eq!(single.checkboxes[0].1, "I agree to receive: Test results — get them the day they are ready and Appointment reminders");
    }

    #[test]
    fn the_phone_field_starts_in_the_visitors_country() {
        let langs = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            default_visitor_region(Some("de"), &langs(&["ru-RU"]), "GB"),
            "DE"
        );
        assert_eq!(
            default_visitor_region(None, &langs(&["en-GB", "en"]), "US"),
            "GB"
        );
        assert_eq!(
            default_visitor_region(None, &langs(&["zh-Hans-CN"]), "GB"),
            "CN"
        );
        assert_eq!(default_visitor_region(None, &langs(&["ru"]), "GB"), "RU");
        assert_eq!(default_visitor_region(None, &langs(&["en"]), "GB"), "GB");
        assert_eq!(default_visitor_region(None, &[], "KZ"), "KZ");
        let regions = selectable_regions();
        assert!(regions.len() > 200);
        assert!(regions.contains(&("GB", 44)) && regions.contains(&("KZ", 7)));
        assert!(!regions.iter().any(|(code, _)| *code == "001"));
    }

    #[test]
    fn ids_codes_and_records() {
        let id = consent_id([0xab; 16]);
        assert_eq!(id, "abababab-abab-4bab-abab-abababababab");
        assert_eq!(reference_code(&id), reference_code(&id));
        assert_eq!(reference_code(&id).len(), 7);
        assert_ne!(reference_code(&consent_id([0x12; 16])), reference_code(&id));
        assert_eq!(text_version(""), "v1-cbf29ce484222325");

        let copy = consent_copy("en", "Acme", &purposes(), false, "");
        let form = ValidOptIn {
            phone: "+447911123456".into(),
            purposes: ticked(&["results"]),
        };
        let record = build_record(
            &form,
            &RecordContext {
                business: "Acme",
                copy: &copy,
                locale: "en",
                page: "https://acme.example/",
                now: Timestamp(1_795_000_000),
                random: [7; 16],
            },
        );
        assert_eq!(record.given_at, "2026-11-18T11:06:40Z");
        assert_eq!(record.text, copy.text());
        assert_eq!(record.method, "widget-checkbox");
        assert!(!record.is_withdrawn());
        let json = serde_json::to_value(&record).unwrap();
        for key in [
            "consent_id",
            "phone",
            "purposes",
            "business",
            "text",
            "text_version",
            "locale",
            "page",
            "given_at",
            "method",
            "withdrawn_at",
        ] {
            assert!(json.get(key).is_some(), "record has {key}");
        }
        let withdrawn = record.withdrawn(Timestamp(1_795_000_600));
        assert_eq!(
            withdrawn.withdrawn_at.as_deref(),
            Some("2026-11-18T11:16:40Z")
        );
        assert_eq!(
            withdrawn.withdrawn(Timestamp(1_795_999_999)).withdrawn_at,
            withdrawn.withdrawn_at
        );
        let stored = vec![record.clone(), withdrawn.clone()];
        assert_eq!(active_record(&stored, "Acme"), Some(&record));
        assert_eq!(active_record(&stored[1..], "Acme"), None);
        assert_eq!(parse_stored("not json"), vec![]);
        assert_eq!(
            parse_stored(&serde_json::to_string(&stored).unwrap()),
            stored
        );
        assert_eq!(
            purpose_labels(&record, &purposes(), "ru"),
            vec!["Результаты анализов".to_string()]
        );

        // Two tabs: each keeps the other's records, and a withdrawal is never undone by a stale copy.
        let other_tab = build_record(
            &form,
            &RecordContext {
                business: "Acme",
                copy: &copy,
                locale: "en",
                page: "https://acme.example/",
                now: Timestamp(1_795_000_300),
                random: [9; 16],
            },
        );
        let merged = merge_records(
            &[record.clone(), other_tab.clone()],
            std::slice::from_ref(&withdrawn),
        );
        assert_eq!(merged, vec![withdrawn.clone(), other_tab.clone()]);
        assert_eq!(
            merge_records(&merged, std::slice::from_ref(&record)),
            merged
        );
    }

    fn valid_json() -> serde_json::Value {
        let copy = consent_copy("en", "Acme", &purposes(), false, "");
        let form = ValidOptIn {
            phone: "+447911123456".into(),
            purposes: ticked(&["results"]),
        };
        let record = build_record(
            &form,
            &RecordContext {
                business: "Acme",
                copy: &copy,
                locale: "en",
                page: "https://acme.example/",
                now: Timestamp(1_795_000_000),
                random: [7; 16],
            },
        );
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
            (record.phone.as_str(), record.given_at.as_str()),
            ("+447911123456", "2026-11-18T11:06:40Z")
        );
        let mut withdrawn = json.clone();
        withdrawn["withdrawn_at"] = "2026-11-18T12:00:00Z".into();
        assert!(check_incoming(&withdrawn.to_string(), now)
            .unwrap()
            .is_withdrawn());
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
        check(&|j| j["withdrawn_at"] = true.into(), "withdrawn_at");
        check(&|j| *j = serde_json::json!([1, 2]), "body");
        assert_eq!(check_incoming("{not json", now).unwrap_err().field, "body");
        assert!(
            is_uuid("0f8c2a4e-3b1d-4c6f-9a7e-5d2b8c1f0e3a")
                && !is_uuid("0f8c2a4e3b1d4c6f9a7e5d2b8c1f0e3a")
        );
    }

    #[test]
    fn a_changed_text_asks_again_and_says_what_changed() {
        let before = consent_copy(
            "en",
            "Acme",
            &purposes()[..1],
            false,
            "https://acme.example/privacy",
        );
        let form = ValidOptIn {
            phone: "+447911123456".into(),
            purposes: ticked(&["results"]),
        };
        let record = build_record(
            &form,
            &RecordContext {
                business: "Acme",
                copy: &before,
                locale: "en",
                page: "https://acme.example/",
                now: Timestamp(1_795_000_000),
                random: [7; 16],
            },
        );
        assert!(!needs_reconsent(&record, &before));
        let after = consent_copy(
            "en",
            "Acme",
            &purposes(),
            false,
            "https://acme.example/privacy",
        );
        assert!(needs_reconsent(&record, &after));
        let changes = text_changes(&record.text, &after.text());
        assert_eq!(
            changes,
            TextChanges {
                added: vec!["Appointment reminders".to_string()],
                removed: vec![]
            }
        );
        let reworded = text_changes(
            &after.text(),
            &consent_copy(
                "en",
                "Acme",
                &purposes()[1..],
                false,
                "https://acme.example/privacy",
            )
            .text(),
        );
        assert_eq!(
            reworded.removed,
            vec!["Test results — get them the day they are ready".to_string()]
        );
        assert!(reworded.added.is_empty());
    }
}
