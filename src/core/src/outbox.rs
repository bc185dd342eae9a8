//! The consent outbox: what to send to the company's `consent_endpoint`, when to try again and when to give up.
//!
//! Each consent and each withdrawal becomes an [`OutboxEntry`] kept in the visitor's browser until the endpoint
//! acknowledges it with a 2xx. This module decides everything about delivery — the request (URL, body,
//! `Idempotency-Key`), which entries are due, the next attempt after a failure (exponential backoff with jitter,
//! or the server's `Retry-After`), and which answers are final — so the browser shell only stores entries,
//! sends requests and sets timers. The clock and the randomness for the jitter come in as arguments.
//!
//! Entries are stored one per key ([`OutboxEntry::storage_key`]), so two tabs delivering at once never rewrite
//! each other's entries: the worst case is a record sent twice, which the receiver deduplicates by `consent_id`.

use serde::{Deserialize, Serialize};

use crate::json_text::{Map, Number, Value};

use super::consent::ConsentRecord;
use super::time::Timestamp;

/// The prefix of every outbox key in localStorage.
pub const STORAGE_PREFIX: &str = "chatgate:outbox:v1:";

/// How long one attempt may take before it counts as a timeout, in milliseconds.
pub const REQUEST_TIMEOUT_MS: u32 = 10_000;

/// The first retry waits about this long; each failure doubles it.
pub const BACKOFF_BASE_MS: f64 = 1_000.0;

/// The longest wait between two attempts chosen by backoff.
pub const BACKOFF_CAP_MS: f64 = 15.0 * 60.0 * 1_000.0;

/// The longest `Retry-After` honoured (a server asking for more is asked again after a day).
pub const RETRY_AFTER_CAP_MS: f64 = 24.0 * 3_600.0 * 1_000.0;

/// What an entry delivers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeliveryKind {
    /// A consent just given: `POST {endpoint}`.
    Consent,
    /// A consent withdrawn: `POST {endpoint}/{consent_id}/withdraw`, with the whole record so the receiver can
    /// record it even if the consent itself has not arrived yet.
    Withdrawal,
}

/// What an entry delivers: a consent record as the dialog builds it ([`ConsentRecord`]), or as the courier
/// reads it back ([`StoredRecord`]: no more of it than delivery needs, so the courier links no phone reader).
pub trait Parcel: Clone + PartialEq {
    fn consent_id(&self) -> &str;
    /// When the consent was given: entries of one kind are sent oldest first.
    fn given_at(&self) -> Timestamp;
    /// The record as the receiver takes it: the request's body.
    fn to_json(&self) -> Value;
    fn from_json(value: &Value) -> Option<Self>;
}

impl Parcel for ConsentRecord {
    fn consent_id(&self) -> &str {
        &self.consent_id
    }

    fn given_at(&self) -> Timestamp {
        self.given_at
    }

    fn to_json(&self) -> Value {
        ConsentRecord::to_json(self)
    }

    fn from_json(value: &Value) -> Option<Self> {
        ConsentRecord::from_json(value)
    }
}

/// A stored record as the courier reads it: its id and time, and the record itself as stored, sent as it is.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredRecord {
    pub consent_id: String,
    pub given_at: Timestamp,
    pub json: Value,
}

impl Parcel for StoredRecord {
    fn consent_id(&self) -> &str {
        &self.consent_id
    }

    fn given_at(&self) -> Timestamp {
        self.given_at
    }

    fn to_json(&self) -> Value {
        self.json.clone()
    }

    /// An object with a `consent_id` and an RFC 3339 `given_at`; the rest is the receiver's to check.
    fn from_json(value: &Value) -> Option<Self> {
        let fields = value.as_object()?;
        Some(StoredRecord {
            consent_id: fields.get("consent_id")?.as_str()?.to_string(),
            given_at: Timestamp::parse_rfc3339(fields.get("given_at")?.as_str()?).ok()?,
            json: value.clone(),
        })
    }
}

/// One record waiting for delivery, with its retry state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutboxEntry<R = ConsentRecord> {
    pub kind: DeliveryKind,
    pub record: R,
    /// Failed attempts so far.
    #[serde(default)]
    pub attempts: u32,
    /// Not before this time (milliseconds since the Unix epoch); 0 means now.
    #[serde(default)]
    pub next_attempt_ms: f64,
    /// Whether `next_attempt_ms` is the server's own `Retry-After` (which a new page load or `online` keeps).
    #[serde(default)]
    pub server_asked: bool,
    /// Why the endpoint refused the record for good (a 4xx other than 408/429); such entries are kept as
    /// evidence but not sent again.
    #[serde(default)]
    pub rejected: Option<String>,
}

/// The HTTP request for one entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeliveryRequest {
    pub url: String,
    pub body: String,
    pub idempotency_key: String,
}

/// How one attempt ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The endpoint answered: the status, its `Retry-After` header and its body (for the reason of a refusal).
    Answered {
        status: u16,
        retry_after: Option<String>,
        body: String,
    },
    /// No answer: offline, DNS, connection refused, CORS refused.
    NetworkError,
    /// No answer within [`REQUEST_TIMEOUT_MS`].
    Timeout,
}

/// What to do with an entry after an attempt.
#[derive(Clone, Debug, PartialEq)]
pub enum Next<R = ConsentRecord> {
    /// Acknowledged: remove the entry.
    Delivered,
    /// Try again: store the updated entry.
    Retry(OutboxEntry<R>),
    /// Refused for good: store the entry with its reason and tell the host page.
    Rejected(OutboxEntry<R>),
}

impl<R: Parcel> OutboxEntry<R> {
    pub fn new(kind: DeliveryKind, record: R) -> OutboxEntry<R> {
        OutboxEntry {
            kind,
            record,
            attempts: 0,
            next_attempt_ms: 0.0,
            server_asked: false,
            rejected: None,
        }
    }

    /// The entry's own localStorage key: a consent and its withdrawal are two entries.
    pub fn storage_key(&self) -> String {
        let kind = match self.kind {
            DeliveryKind::Consent => "consent",
            DeliveryKind::Withdrawal => "withdrawal",
        };
        format!("{STORAGE_PREFIX}{kind}:{}", self.record.consent_id())
    }

    /// Whether it should be sent at `now_ms`.
    pub fn is_due(&self, now_ms: f64) -> bool {
        self.rejected.is_none() && self.next_attempt_ms <= now_ms
    }

    /// The request that delivers it to `endpoint` (the config's `consent_endpoint`).
    pub fn request(&self, endpoint: &str) -> DeliveryRequest {
        let url = match self.kind {
            DeliveryKind::Consent => endpoint.to_string(),
            DeliveryKind::Withdrawal => {
                let (path, query) = endpoint
                    .split_once('?')
                    .map_or((endpoint, None), |(path, query)| (path, Some(query)));
                let mut url = format!(
                    "{}/{}/withdraw",
                    path.trim_end_matches('/'),
                    self.record.consent_id()
                );
                if let Some(query) = query {
                    url.push('?');
                    url.push_str(query);
                }
                url
            }
        };
        DeliveryRequest {
            url,
            body: self.record.to_json().to_string(),
            idempotency_key: self.record.consent_id().to_string(),
        }
    }

    /// What follows `outcome` at `now_ms`; `jitter` is a random number in [0, 1).
    pub fn after(&self, outcome: &Outcome, now_ms: f64, jitter: f64) -> Next<R> {
        let mut next = self.clone();
        match outcome {
            Outcome::Answered { status, .. } if (200..300).contains(status) => {
                return Next::Delivered
            }
            Outcome::Answered { status, body, .. } if is_final(*status) => {
                next.rejected = Some(refusal_reason(*status, body));
                return Next::Rejected(next);
            }
            _ => {}
        }
        next.attempts = self.attempts.saturating_add(1);
        let asked = match outcome {
            Outcome::Answered {
                retry_after: Some(value),
                ..
            } => retry_after_ms(value, now_ms),
            _ => None,
        };
        next.server_asked = asked.is_some();
        next.next_attempt_ms = now_ms + asked.unwrap_or_else(|| backoff_ms(next.attempts, jitter));
        Next::Retry(next)
    }

    /// A new chance (the page loaded, the browser came back online, the page became visible): due now, unless
    /// the server asked to wait.
    pub fn wake(&self) -> OutboxEntry<R> {
        let mut entry = self.clone();
        if !entry.server_asked {
            entry.next_attempt_ms = 0.0;
        }
        entry
    }
}

/// Whether a status ends delivery of a record: 4xx except 408 (timeout) and 429 (too many requests). 5xx and
/// anything unexpected are retried.
pub fn is_final(status: u16) -> bool {
    (400..500).contains(&status) && status != 408 && status != 429
}

/// The wait before attempt `attempts + 1`: 1 s, 2 s, 4 s … up to 15 min, with "equal jitter" (half fixed, half
/// random) so that many browsers failing together do not retry together.
pub fn backoff_ms(attempts: u32, jitter: f64) -> f64 {
    let exponent = attempts.saturating_sub(1).min(30);
    let delay = (BACKOFF_BASE_MS * f64::from(1u32 << exponent.min(20))).min(BACKOFF_CAP_MS);
    delay / 2.0 + delay / 2.0 * jitter.clamp(0.0, 1.0)
}

/// Reads `Retry-After` (seconds, or an HTTP date such as `Wed, 21 Oct 2026 07:28:00 GMT`) as a wait from `now_ms`.
pub fn retry_after_ms(value: &str, now_ms: f64) -> Option<f64> {
    let value = value.trim();
    let wait = if let Ok(seconds) = value.parse::<u64>() {
        seconds as f64 * 1_000.0
    } else {
        http_date_ms(value)? - now_ms
    };
    Some(wait.clamp(0.0, RETRY_AFTER_CAP_MS))
}

/// An IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) in milliseconds since the Unix epoch.
fn http_date_ms(value: &str) -> Option<f64> {
    let parts: Vec<&str> = value.split_whitespace().collect();
    let [_, day, month, year, time, "GMT"] = parts.as_slice() else {
        return None;
    };
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| m == month)? + 1;
    let day: u32 = day.parse().ok()?;
    let year: u32 = year.parse().ok()?;
    let text = format!("{year:04}-{month:02}-{day:02}T{time}Z");
    Timestamp::parse_rfc3339(&text)
        .ok()
        .map(|t| t.0 as f64 * 1_000.0)
}

/// The reason a refusal gives: the JSON body's `reason` (our receiver's shape) or `error`/`message`, else the status.
pub fn refusal_reason(status: u16, body: &str) -> String {
    let from_json = crate::json_text::read(body).ok().and_then(|document| {
        ["reason", "error", "message"].iter().find_map(|key| {
            document
                .value
                .get(key)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        })
    });
    let reason = from_json.unwrap_or_else(|| {
        body.chars()
            .take(200)
            .collect::<String>()
            .trim()
            .to_string()
    });
    if reason.is_empty() {
        format!("HTTP {status}")
    } else {
        format!("HTTP {status}: {reason}")
    }
}

/// The entries to send now, in order: consents before withdrawals, oldest first.
pub fn due_entries<R: Parcel>(entries: &[OutboxEntry<R>], now_ms: f64) -> Vec<OutboxEntry<R>> {
    let mut due: Vec<OutboxEntry<R>> = entries
        .iter()
        .filter(|entry| entry.is_due(now_ms))
        .cloned()
        .collect();
    crate::data::sort_short_by(&mut due, |a, b| {
        (a.kind == DeliveryKind::Withdrawal, a.record.given_at())
            < (b.kind == DeliveryKind::Withdrawal, b.record.given_at())
    });
    due
}

/// When the next timer should fire: the earliest attempt among pending entries that are not due yet.
pub fn next_wake_ms<R: Parcel>(entries: &[OutboxEntry<R>]) -> Option<f64> {
    entries
        .iter()
        .filter(|entry| entry.rejected.is_none())
        .map(|entry| entry.next_attempt_ms)
        .reduce(f64::min)
}

/// Reads a stored entry; anything unreadable (another version, a corrupt write) is ignored, not fatal. Read as
/// its `Deserialize` reads it, with the core's own JSON reader (the dialog links no serde).
pub fn parse_entry<R: Parcel>(json: &str) -> Option<OutboxEntry<R>> {
    let document = crate::json_text::read(json).ok()?;
    let fields = document.value.as_object()?;
    let number = |key: &str| match fields.get(key) {
        None => Some(0.0),
        Some(Value::Number(number)) => Some(number.as_f64()),
        Some(_) => None,
    };
    let attempts = number("attempts")?;
    Some(OutboxEntry {
        kind: match fields.get("kind")?.as_str()? {
            "consent" => DeliveryKind::Consent,
            "withdrawal" => DeliveryKind::Withdrawal,
            _ => return None,
        },
        record: R::from_json(fields.get("record")?)?,
        attempts: (attempts >= 0.0 && attempts <= f64::from(u32::MAX) && attempts.fract() == 0.0)
            .then_some(attempts as u32)?,
        next_attempt_ms: number("next_attempt_ms")?,
        server_asked: match fields.get("server_asked") {
            None => false,
            Some(Value::Bool(flag)) => *flag,
            Some(_) => return None,
        },
        rejected: match fields.get("rejected") {
            None | Some(Value::Null) => None,
            Some(Value::String(reason)) => Some(reason.clone()),
            Some(_) => return None,
        },
    })
}

impl<R: Parcel> OutboxEntry<R> {
    /// The entry as stored, field for field what its `Serialize` writes, except that `next_attempt_ms` is
    /// written in whole milliseconds, rounded up (never earlier than decided; no float printing in the dialog).
    pub fn to_json(&self) -> String {
        let mut fields = Map::new();
        let mut put = |key: &str, value: Value| fields.insert(key.to_string(), value);
        put(
            "kind",
            Value::from(match self.kind {
                DeliveryKind::Consent => "consent",
                DeliveryKind::Withdrawal => "withdrawal",
            }),
        );
        put("record", self.record.to_json());
        put(
            "attempts",
            Value::Number(Number::whole(u64::from(self.attempts))),
        );
        put(
            "next_attempt_ms",
            Value::Number(Number::whole(self.next_attempt_ms.max(0.0).ceil() as u64)),
        );
        put("server_asked", Value::Bool(self.server_asked));
        put(
            "rejected",
            self.rejected.as_deref().map_or(Value::Null, Value::from),
        );
        Value::Object(fields).to_string()
    }
}

/// Outbox entries by storage key, kept sorted by key, so they are sent in key order: a short list searched by
/// halves rather than a `BTreeMap`, whose code costs the visitor's dialog about 3 KB gzip (issue 15). A key
/// inserted again replaces its entry.
#[derive(Clone, Debug, Default)]
pub struct OutboxEntries(Vec<(String, OutboxEntry)>);

impl OutboxEntries {
    fn find(&self, key: &str) -> Result<usize, usize> {
        self.0
            .binary_search_by(|(stored, _)| stored.as_str().cmp(key))
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }

    /// Adds the entry, or replaces the one under the same key.
    pub fn insert(&mut self, key: String, entry: OutboxEntry) {
        match self.find(&key) {
            Ok(index) => {
                if let Some(slot) = self.0.get_mut(index) {
                    slot.1 = entry;
                }
            }
            Err(index) => self.0.insert(index, (key, entry)),
        }
    }

    pub fn remove(&mut self, key: &str) {
        if let Ok(index) = self.find(key) {
            self.0.remove(index);
        }
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `(key, entry)` in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &OutboxEntry)> {
        self.0.iter().map(|(key, entry)| (key, entry))
    }

    pub fn values(&self) -> impl Iterator<Item = &OutboxEntry> {
        self.0.iter().map(|(_, entry)| entry)
    }

    pub fn into_values(self) -> impl Iterator<Item = OutboxEntry> {
        self.0.into_iter().map(|(_, entry)| entry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: &str, given_at: &str) -> ConsentRecord {
        ConsentRecord {
            consent_id: id.to_string(),
            phone: crate::phone::normalize_phone("+447911123456", None).expect("valid test number"),
            purposes: vec!["results".into()],
            business: "Acme".into(),
            business_phone: None,
            text: "Acme will send you…".into(),
            text_version: "v1-0".into(),
            locale: "en".into(),
            page: "https://acme.example/".into(),
            given_at: crate::time::Timestamp::parse_rfc3339(given_at).expect("valid test time"),
            method: "widget-checkbox".into(),
            withdrawn_at: None,
        }
    }

    #[test]
    fn entries_stay_in_key_order_and_a_key_holds_one_entry() {
        let entry =
            |id: &str| OutboxEntry::new(DeliveryKind::Consent, record(id, "2026-11-18T10:00:00Z"));
        let mut entries = OutboxEntries::default();
        for key in ["k2", "k0", "k3", "k1"] {
            entries.insert(key.to_string(), entry(key));
        }
        entries.insert("k2".to_string(), entry("again"));
        let keys: Vec<&str> = entries.iter().map(|(key, _)| key.as_str()).collect();
        assert_eq!(keys, ["k0", "k1", "k2", "k3"]);
        assert_eq!(entries.len(), 4);
        let ids: Vec<&str> = entries
            .values()
            .map(|e| e.record.consent_id.as_str())
            .collect();
        assert_eq!(ids, ["k0", "k1", "again", "k3"]);
        entries.remove("k1");
        entries.remove("missing");
        assert!(!entries.contains_key("k1") && entries.contains_key("k3"));
        assert_eq!(entries.len(), 3);
        assert!(!entries.is_empty());
        let ids: Vec<String> = entries.into_values().map(|e| e.record.consent_id).collect();
        assert_eq!(ids, ["k0", "again", "k3"]);
    }

    /// Entries are stored without serde (the dialog) and read back as serde reads them; an entry serde wrote
    /// (fractional milliseconds) is read too.
    #[test]
    fn entries_are_stored_and_read_without_serde() {
        let entry = OutboxEntry {
            attempts: 3,
            next_attempt_ms: 1_795_000_000_123.4,
            server_asked: true,
            rejected: Some("HTTP 410: \"gone\"".into()),
            ..OutboxEntry::new(
                DeliveryKind::Withdrawal,
                record("a", "2026-11-18T10:00:00Z"),
            )
        };
        let read = parse_entry(&entry.to_json()).expect("read back");
        assert_eq!(
            read.next_attempt_ms, 1_795_000_000_124.0,
            "whole ms, rounded up"
        );
        assert_eq!(
            OutboxEntry {
                next_attempt_ms: entry.next_attempt_ms,
                ..read
            },
            entry
        );
        let by_serde: OutboxEntry = serde_json::from_str(&entry.to_json()).unwrap();
        assert_eq!(by_serde.record, entry.record);
        assert_eq!(
            parse_entry(&serde_json::to_string(&entry).unwrap()),
            Some(entry.clone())
        );
        let fresh = OutboxEntry::new(DeliveryKind::Consent, record("b", "2026-11-18T10:00:00Z"));
        assert_eq!(parse_entry(&fresh.to_json()), Some(fresh.clone()));
        let minimal = format!(
            "{{\"kind\":\"consent\",\"record\":{}}}",
            serde_json::to_string(&fresh.record).unwrap()
        );
        assert_eq!(parse_entry(&minimal), Some(fresh));
        for bad in [
            minimal.replace("\"consent\"", "\"other\""),
            minimal.replace("{\"kind", "{\"attempts\":-1,\"kind"),
            minimal.replace("{\"kind", "{\"server_asked\":1,\"kind"),
            "[]".to_string(),
        ] {
            assert_eq!(parse_entry::<ConsentRecord>(&bad), None, "{bad}");
        }
        assert_eq!(
            entry.request("https://r.example/c").body,
            serde_json::to_string(&entry.record).unwrap()
        );
    }

    /// The courier reads an entry as a [`StoredRecord`]: the same key, request and order as the dialog's
    /// [`ConsentRecord`] entry, and the record sent as stored, whatever its fields hold.
    #[test]
    fn the_courier_sends_the_record_as_stored() {
        let entries = [
            OutboxEntry::new(
                DeliveryKind::Withdrawal,
                record("w", "2026-11-18T09:00:00Z"),
            ),
            OutboxEntry::new(
                DeliveryKind::Consent,
                record("late", "2026-11-18T11:00:00Z"),
            ),
            OutboxEntry::new(
                DeliveryKind::Consent,
                record("early", "2026-11-18T10:00:00Z"),
            ),
        ];
        let stored: Vec<OutboxEntry<StoredRecord>> = entries
            .iter()
            .map(|entry| parse_entry(&entry.to_json()).expect("read as stored"))
            .collect();
        for (entry, stored) in entries.iter().zip(&stored) {
            assert_eq!(stored.storage_key(), entry.storage_key());
            assert_eq!(stored.request("/c?s=1"), entry.request("/c?s=1"));
            assert_eq!(stored.to_json(), entry.to_json());
        }
        fn keys<R: Parcel>(due: Vec<OutboxEntry<R>>) -> Vec<String> {
            due.iter().map(OutboxEntry::storage_key).collect()
        }
        assert_eq!(
            keys(due_entries(&stored, 0.0)),
            keys(due_entries(&entries, 0.0))
        );
        assert_eq!(keys(due_entries(&stored, 0.0))[0], entries[2].storage_key());
        // A number the dialog's reader would not take back is still the receiver's to judge.
        let odd = entries[1].to_json().replace("+447911123456", "+0");
        assert_eq!(parse_entry::<ConsentRecord>(&odd), None);
        let read: OutboxEntry<StoredRecord> = parse_entry(&odd).expect("read as stored");
        assert!(read.request("/c").body.contains("\"+0\""));
        for bad in [
            odd.replace("\"consent_id\"", "\"id\""),
            odd.replace("2026-11-18T11:00:00Z", "yesterday"),
        ] {
            assert_eq!(parse_entry::<StoredRecord>(&bad), None, "{bad}");
        }
    }

    fn answered(status: u16, retry_after: Option<&str>, body: &str) -> Outcome {
        Outcome::Answered {
            status,
            retry_after: retry_after.map(str::to_string),
            body: body.to_string(),
        }
    }

    fn retry(next: Next) -> OutboxEntry {
        match next {
            Next::Retry(entry) => entry,
            other => panic!("expected a retry, got {other:?}"),
        }
    }

    #[test]
    fn requests_carry_the_record_and_its_id() {
        let consent =
            OutboxEntry::new(DeliveryKind::Consent, record("abc", "2026-11-21T10:00:00Z"));
        let request = consent.request("https://api.example/consents");
        assert_eq!(request.url, "https://api.example/consents");
        assert_eq!(request.idempotency_key, "abc");
        assert_eq!(
            serde_json::from_str::<ConsentRecord>(&request.body).unwrap(),
            consent.record
        );
        let withdrawal = OutboxEntry::new(
            DeliveryKind::Withdrawal,
            record("abc", "2026-11-21T10:00:00Z"),
        );
        assert_eq!(
            withdrawal.request("https://api.example/consents/").url,
            "https://api.example/consents/abc/withdraw"
        );
        assert_eq!(
            withdrawal.request("/consents?site=1").url,
            "/consents/abc/withdraw?site=1"
        );
        assert_ne!(consent.storage_key(), withdrawal.storage_key());
        assert!(consent.storage_key().starts_with(STORAGE_PREFIX));
    }

    #[test]
    fn answers_decide_the_next_step() {
        let entry = OutboxEntry::new(DeliveryKind::Consent, record("a", "2026-11-21T10:00:00Z"));
        assert_eq!(
            entry.after(&answered(200, None, ""), 0.0, 0.5),
            Next::Delivered
        );
        assert_eq!(
            entry.after(&answered(201, None, ""), 0.0, 0.5),
            Next::Delivered
        );
        for status in [500, 502, 503, 408, 429, 302] {
            let next = retry(entry.after(&answered(status, None, ""), 1_000.0, 0.0));
            assert_eq!(
                (next.attempts, next.next_attempt_ms),
                (1, 1_500.0),
                "status {status}"
            );
        }
        for outcome in [Outcome::NetworkError, Outcome::Timeout] {
            assert_eq!(
                retry(entry.after(&outcome, 0.0, 1.0)).next_attempt_ms,
                1_000.0
            );
        }
        let Next::Rejected(rejected) = entry.after(
            &answered(400, None, r#"{"reason":"phone: not a number"}"#),
            0.0,
            0.0,
        ) else {
            panic!()
        };
        assert_eq!(
            rejected.rejected.as_deref(),
            Some("HTTP 400: phone: not a number")
        );
        assert!(!rejected.is_due(f64::MAX));
        let Next::Rejected(rejected) = entry.after(&answered(403, None, ""), 0.0, 0.0) else {
            panic!()
        };
        assert_eq!(rejected.rejected.as_deref(), Some("HTTP 403"));
    }

    #[test]
    fn backoff_doubles_with_jitter_up_to_a_cap() {
        assert_eq!(backoff_ms(1, 0.0), 500.0);
        assert_eq!(backoff_ms(1, 1.0), 1_000.0);
        assert_eq!(backoff_ms(2, 1.0), 2_000.0);
        assert_eq!(backoff_ms(4, 0.5), 6_000.0);
        assert_eq!(backoff_ms(40, 1.0), BACKOFF_CAP_MS);
        assert_eq!(backoff_ms(u32::MAX, 0.0), BACKOFF_CAP_MS / 2.0);
        let mut entry =
            OutboxEntry::new(DeliveryKind::Consent, record("a", "2026-11-21T10:00:00Z"));
        let mut waits = Vec::new();
        for _ in 0..5 {
            entry = retry(entry.after(&Outcome::NetworkError, 0.0, 1.0));
            waits.push(entry.next_attempt_ms);
        }
        assert_eq!(waits, vec![1_000.0, 2_000.0, 4_000.0, 8_000.0, 16_000.0]);
    }

    #[test]
    fn retry_after_is_honoured_in_seconds_or_as_a_date() {
        let check = |value: &str, now: f64, expected: Option<f64>| {
            assert_eq!(retry_after_ms(value, now), expected, "{value}")
        };
        check("3", 0.0, Some(3_000.0));
        check(" 0 ", 0.0, Some(0.0));
        check("999999999", 0.0, Some(RETRY_AFTER_CAP_MS));
        check(
            "Sat, 21 Nov 2026 12:00:10 GMT",
            1_795_262_400_000.0,
            Some(10_000.0),
        );
        check(
            "Sat, 21 Nov 2026 11:00:00 GMT",
            1_795_262_400_000.0,
            Some(0.0),
        );
        check("soon", 0.0, None);
        check("-5", 0.0, None);
        let entry = OutboxEntry::new(DeliveryKind::Consent, record("a", "2026-11-21T10:00:00Z"));
        let next = retry(entry.after(&answered(429, Some("7"), ""), 100.0, 0.0));
        assert_eq!((next.next_attempt_ms, next.server_asked), (7_100.0, true));
        assert_eq!(
            next.wake().next_attempt_ms,
            7_100.0,
            "a new chance keeps the server's wait"
        );
        let next = retry(entry.after(&answered(503, Some("never"), ""), 0.0, 1.0));
        assert_eq!((next.next_attempt_ms, next.server_asked), (1_000.0, false));
        assert_eq!(
            next.wake().next_attempt_ms,
            0.0,
            "a new chance skips our own backoff"
        );
    }

    #[test]
    fn consents_go_before_withdrawals_and_rejected_entries_stay_put() {
        let mut late = OutboxEntry::new(DeliveryKind::Consent, record("b", "2026-11-21T11:00:00Z"));
        let early = OutboxEntry::new(DeliveryKind::Consent, record("a", "2026-11-21T10:00:00Z"));
        let withdrawal = OutboxEntry::new(
            DeliveryKind::Withdrawal,
            record("a", "2026-11-21T09:00:00Z"),
        );
        let mut rejected =
            OutboxEntry::new(DeliveryKind::Consent, record("c", "2026-11-21T08:00:00Z"));
        rejected.rejected = Some("HTTP 400".into());
        let entries = vec![
            withdrawal.clone(),
            late.clone(),
            rejected.clone(),
            early.clone(),
        ];
        let order: Vec<_> = due_entries(&entries, 0.0)
            .iter()
            .map(OutboxEntry::storage_key)
            .collect();
        assert_eq!(
            order,
            vec![
                early.storage_key(),
                late.storage_key(),
                withdrawal.storage_key()
            ]
        );
        late.next_attempt_ms = 5_000.0;
        assert_eq!(
            due_entries(&[late.clone(), rejected.clone()], 1_000.0),
            vec![]
        );
        assert_eq!(next_wake_ms(&[late.clone(), rejected, early]), Some(0.0));
        assert_eq!(next_wake_ms(&[late.clone()]), Some(5_000.0));
        assert_eq!(
            parse_entry(&serde_json::to_string(&late).unwrap()),
            Some(late)
        );
        assert_eq!(parse_entry::<ConsentRecord>("{broken"), None);
    }
}
