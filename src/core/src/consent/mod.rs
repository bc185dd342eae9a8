//! Consent records: the opt-in form's checks, the exact consent text, and the record that proves a consent.
//!
//! This module owns what a business must be able to demonstrate (PRODUCT.md, "Consent record"): who (the E.164
//! number), when (`given_at`, from the clock the shell passes in), what text and which version (`text_version` is
//! a stable hash of the exact text shown, in its language), how (`method`), for which purposes, and whether it
//! was withdrawn — withdrawal is a new state of the same record, never a delete. Randomness for the id and the
//! time come in as arguments; nothing here reads the clock, storage or the network.

use serde::{Deserialize, Serialize};

use super::time::Timestamp;
use crate::data::part;
use crate::json_text::{Map, Value as JsonValue};
use crate::phone::E164;
use crate::widget_config::Purpose;

mod form;
mod incoming;
mod ledger_query;
mod spreadsheet;
mod withdrawal;
mod wording;

pub use form::*;
pub use incoming::*;
pub use ledger_query::*;
pub use spreadsheet::*;
pub use withdrawal::*;
pub use wording::*;

/// Every field of a consent record, in the order PRODUCT.md lists them: the receiver accepts these and no
/// others.
pub const RECORD_FIELDS: [&str; 11] = [
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

/// Fields a record may have besides [`RECORD_FIELDS`]: written only when present, so records made before them
/// (and receivers reading them) stay as they were. `business_phone` (issue 16): the business's WhatsApp number the
/// consent covers (`phone`, else the first of `contacts`), in E.164.
pub const OPTIONAL_RECORD_FIELDS: [&str; 1] = ["business_phone"];

/// How the widget records a consent.
pub const METHOD_WIDGET_CHECKBOX: &str = "widget-checkbox";

/// A complete consent record, as stored in the browser, announced in `chatgate:consent` and delivered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentRecord {
    pub consent_id: String,
    pub phone: E164,
    pub purposes: Vec<String>,
    pub business: String,
    /// The business's number this consent covers; `None` in records made before issue 16.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_phone: Option<E164>,
    pub text: String,
    pub text_version: String,
    pub locale: String,
    pub page: String,
    pub given_at: Timestamp,
    pub method: String,
    pub withdrawn_at: Option<Timestamp>,
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
            record.withdrawn_at = Some(at);
        }
        record
    }
}

/// A version 4 UUID from 16 random bytes (the shell gets them from `crypto.getRandomValues`).
pub fn consent_id(random: [u8; 16]) -> String {
    let mut bytes = random;
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        part(&hex, 0..8),
        part(&hex, 8..12),
        part(&hex, 12..16),
        part(&hex, 16..20),
        part(&hex, 20..32)
    )
}

/// Crockford's base32 digits: no I, L, O or U to misread.
pub(crate) const REFERENCE_CODE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Six characters of Crockford base32 from the id's first 30 bits, as `ABC-123`: short enough to type, with no
/// I, L, O or U to misread.
pub fn reference_code(consent_id: &str) -> String {
    let hex: String = consent_id
        .chars()
        .filter(char::is_ascii_hexdigit)
        .take(8)
        .collect();
    let bits = u32::from_str_radix(&hex, 16).unwrap_or(0) >> 2;
    let chars: String = (0..6)
        .rev()
        .map(|i| REFERENCE_CODE_ALPHABET[((bits >> (i * 5)) & 31) as usize] as char)
        .collect();
    format!("{}-{}", part(&chars, ..3), part(&chars, 3..))
}

/// What a record is made of besides the form: who is asking, in which words, where and when.
pub struct RecordContext<'a> {
    pub business: &'a str,
    /// The business's number (the config's `phone`, else its first contact's).
    pub business_phone: &'a E164,
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
        business_phone: Some(context.business_phone.clone()),
        text_version: text_version(&text),
        text,
        locale: context.locale.to_string(),
        page: context.page.to_string(),
        given_at: context.now,
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

/// The visitor's records as stored (a JSON array); unreadable storage counts as none (so does a list with a
/// record that cannot be read, as with `serde_json::from_str`). Read with the core's own JSON reader, so the
/// dialog links no serde (`ConsentRecord::from_json`).
pub fn parse_stored(json: &str) -> Vec<ConsentRecord> {
    crate::json_text::read(json)
        .ok()
        .and_then(|document| {
            document
                .value
                .as_array()?
                .iter()
                .map(ConsentRecord::from_json)
                .collect()
        })
        .unwrap_or_default()
}

/// The records as stored: a JSON array, each record as [`ConsentRecord::to_json`] writes it.
pub fn stored_text(records: &[ConsentRecord]) -> String {
    JsonValue::Array(records.iter().map(ConsentRecord::to_json).collect()).to_string()
}

impl ConsentRecord {
    /// The record as JSON, field for field what its `Serialize` writes (the receiver reads it with serde).
    pub fn to_json(&self) -> JsonValue {
        let text = |value: &str| JsonValue::String(value.to_string());
        let mut fields = Map::new();
        let mut put = |key: &str, value: JsonValue| fields.insert(key.to_string(), value);
        put("consent_id", text(&self.consent_id));
        put("phone", JsonValue::String(self.phone.as_string()));
        put(
            "purposes",
            JsonValue::Array(self.purposes.iter().map(|id| text(id)).collect()),
        );
        put("business", text(&self.business));
        if let Some(phone) = &self.business_phone {
            put("business_phone", JsonValue::String(phone.as_string()));
        }
        put("text", text(&self.text));
        put("text_version", text(&self.text_version));
        put("locale", text(&self.locale));
        put("page", text(&self.page));
        put(
            "given_at",
            JsonValue::String(self.given_at.to_rfc3339_utc()),
        );
        put("method", text(&self.method));
        put(
            "withdrawn_at",
            self.withdrawn_at
                .map_or(JsonValue::Null, |at| JsonValue::String(at.to_rfc3339_utc())),
        );
        JsonValue::Object(fields)
    }

    /// Reads a record as `Deserialize` does (other fields ignored; `business_phone` and `withdrawn_at` may be
    /// missing or null); `None` when a field is missing or of another type, a number or a time unreadable.
    pub fn from_json(value: &JsonValue) -> Option<ConsentRecord> {
        let fields = value.as_object()?;
        let text = |key: &str| fields.get(key)?.as_str().map(str::to_string);
        let optional = |key: &str| match fields.get(key) {
            None | Some(JsonValue::Null) => Some(None),
            Some(JsonValue::String(text)) => Some(Some(text.as_str())),
            Some(_) => None,
        };
        let time = |text: &str| Timestamp::parse_rfc3339(text).ok();
        Some(ConsentRecord {
            consent_id: text("consent_id")?,
            phone: E164::from_stored(fields.get("phone")?.as_str()?)?,
            purposes: fields
                .get("purposes")?
                .as_array()?
                .iter()
                .map(|id| id.as_str().map(str::to_string))
                .collect::<Option<Vec<String>>>()?,
            business: text("business")?,
            business_phone: match optional("business_phone")? {
                Some(phone) => Some(E164::from_stored(phone)?),
                None => None,
            },
            text: text("text")?,
            text_version: text("text_version")?,
            locale: text("locale")?,
            page: text("page")?,
            given_at: time(fields.get("given_at")?.as_str()?)?,
            method: text("method")?,
            withdrawn_at: match optional("withdrawn_at")? {
                Some(at) => Some(time(at)?),
                None => None,
            },
        })
    }
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
    crate::data::sort_short_by(&mut merged, |a, b| a.given_at < b.given_at);
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

/// Adds a consent just given to the visitor's records. A consent given while an earlier one of the same
/// business is in force (after the wording changed) replaces it: the earlier record is closed with
/// `withdrawn_at` = the new `given_at`. Returns the records it closed, to be delivered as withdrawals.
pub fn add_consent(records: &mut Vec<ConsentRecord>, record: ConsentRecord) -> Vec<ConsentRecord> {
    let mut superseded = Vec::new();
    for old in records
        .iter_mut()
        .filter(|r| r.business == record.business && !r.is_withdrawn())
    {
        old.withdrawn_at = Some(record.given_at);
        superseded.push(old.clone());
    }
    records.push(record);
    superseded
}

#[cfg(test)]
mod tests;
