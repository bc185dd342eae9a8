//! Withdrawals as the receiver's ledger records them: how a withdrawal was made (the widget, a STOP reply, an
//! agent), a withdrawal by phone number (`POST /consents/withdrawals`) read and checked, and the rules that
//! date a stored record's withdrawal. Every storage engine applies these same rules, so SQLite and PostgreSQL
//! keep the same ledger. Nothing here reads the clock or a database: `now` (the receiver's clock) and what is
//! stored come in as arguments.

use serde::{Deserialize, Serialize};

use super::{ConsentRecord, RecordProblem};
use crate::phone::{normalize_phone, PhoneError, E164};
use crate::time::Timestamp;

/// How a consent was withdrawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WithdrawalMethod {
    /// The visitor withdrew in the widget (the record delivered withdrawn, or its withdrawal sent).
    Widget,
    /// The customer replied STOP in the chat.
    StopReply,
    /// An agent recorded that the customer withdrew (by phone, in a chat, by mail).
    Agent,
}

impl WithdrawalMethod {
    /// `widget`, `stop-reply` or `agent`, as stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            WithdrawalMethod::Widget => "widget",
            WithdrawalMethod::StopReply => "stop-reply",
            WithdrawalMethod::Agent => "agent",
        }
    }

    /// The method named `text`, if any.
    pub fn parse(text: &str) -> Option<WithdrawalMethod> {
        [
            WithdrawalMethod::Widget,
            WithdrawalMethod::StopReply,
            WithdrawalMethod::Agent,
        ]
        .into_iter()
        .find(|method| method.as_str() == text)
    }
}

/// A withdrawal as the ledger keeps it beside the record: when, how, and the agent's note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Withdrawal {
    pub at: Timestamp,
    pub method: WithdrawalMethod,
    pub note: Option<String>,
}

/// A request to withdraw every consent of a phone number, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhoneWithdrawal {
    pub phone: E164,
    /// `StopReply` or `Agent`: the widget withdraws by record, not by number.
    pub method: WithdrawalMethod,
    pub note: Option<String>,
}

/// The longest note an agent may leave with a withdrawal.
pub const NOTE_LIMIT: usize = 1_000;

/// The fields a withdrawal by phone number may have.
const PHONE_WITHDRAWAL_FIELDS: [&str; 4] = ["phone", "region", "method", "note"];

/// Reads and checks `{"phone": "...", "region": "GB", "method": "stop-reply" | "agent", "note": "..."}`:
/// the phone in any format [`normalize_phone`] reads (a national number needs `region`), a method, an optional
/// note of at most [`NOTE_LIMIT`] characters without control characters (line breaks allowed). A problem names
/// its field.
pub fn check_phone_withdrawal(json: &str) -> Result<PhoneWithdrawal, RecordProblem> {
    let problem = |field: &str, problem: &str| RecordProblem {
        field: field.to_string(),
        problem: problem.to_string(),
    };
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|_| problem("body", "is not valid JSON"))?;
    let object = value
        .as_object()
        .ok_or_else(|| problem("body", "must be a JSON object"))?;
    if let Some(unknown) = object
        .keys()
        .find(|key| !PHONE_WITHDRAWAL_FIELDS.contains(&key.as_str()))
    {
        return Err(problem(unknown, "is not a field of a withdrawal"));
    }
    let optional = |field: &str| -> Result<Option<&str>, RecordProblem> {
        match object.get(field) {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(serde_json::Value::String(text)) => Ok(Some(text.as_str())),
            Some(_) => Err(problem(field, "must be a string")),
        }
    };
    let region = optional("region")?;
    let phone = optional("phone")?.ok_or_else(|| problem("phone", "is missing"))?;
    let phone = normalize_phone(phone, region).map_err(|error| match error {
        PhoneError::UnknownRegion(_) => problem("region", &error.to_string()),
        other => problem("phone", &other.to_string()),
    })?;
    let method = match optional("method")?.map(WithdrawalMethod::parse) {
        Some(Some(method @ (WithdrawalMethod::StopReply | WithdrawalMethod::Agent))) => method,
        Some(_) => return Err(problem("method", "must be \"stop-reply\" or \"agent\"")),
        None => return Err(problem("method", "is missing")),
    };
    let note = match optional("note")?
        .map(str::trim)
        .filter(|note| !note.is_empty())
    {
        Some(note) if note.chars().count() > NOTE_LIMIT => {
            return Err(problem(
                "note",
                &format!("is longer than {NOTE_LIMIT} characters"),
            ))
        }
        Some(note) if note.chars().any(|c| c.is_control() && c != '\n') => {
            return Err(problem("note", "contains control characters"))
        }
        note => note.map(str::to_string),
    };
    Ok(PhoneWithdrawal {
        phone,
        method,
        note,
    })
}

/// The stored record's new `withdrawn_at` after a withdrawal received at `now`, or `None` when it stays as
/// it is.
///
/// The withdrawal's time is the one the withdrawal `claimed` (the widget's `withdrawn_at`), but never later
/// than `now`: a withdrawal received now happened by now. The `first` withdrawal time already stored is kept
/// unless it still lies in the future at `now` (a visitor's fast clock, or a row stored before issue 18
/// refused such times); then the earlier time replaces it. Either way, after a withdrawal the record reads as
/// withdrawn by `now`.
pub fn settle_withdrawal(
    first: Option<Timestamp>,
    claimed: Option<Timestamp>,
    now: Timestamp,
) -> Option<Timestamp> {
    if first.is_some_and(|first| first <= now) {
        return None;
    }
    Some(claimed.map_or(now, |claimed| claimed.min(now)))
}

/// Whether `record` is in force at `at`: not withdrawn, or withdrawn only at a time still to come.
pub fn is_in_force_at(record: &ConsentRecord, at: Timestamp) -> bool {
    record.withdrawn_at.is_none_or(|withdrawn| withdrawn > at)
}

/// Withdraws, at `at`, every record that `matches` and is in force then ([`settle_withdrawal`]); the others
/// keep their first withdrawal time. Returns the records withdrawn, in their order.
fn withdraw_matching(
    records: &mut [ConsentRecord],
    matches: impl Fn(&ConsentRecord) -> bool,
    at: Timestamp,
) -> Vec<ConsentRecord> {
    let mut withdrawn = Vec::new();
    for record in records.iter_mut().filter(|record| matches(record)) {
        if let Some(time) = settle_withdrawal(record.withdrawn_at, None, at) {
            record.withdrawn_at = Some(time);
            withdrawn.push(record.clone());
        }
    }
    withdrawn
}

/// Withdraws every consent of `business` in force — the latest and any earlier one it superseded — at `at`.
/// The records are kept with `withdrawn_at`, never deleted. Returns the records withdrawn, in their order.
pub fn withdraw_all(
    records: &mut [ConsentRecord],
    business: &str,
    at: Timestamp,
) -> Vec<ConsentRecord> {
    withdraw_matching(records, |record| record.business == business, at)
}

/// Withdraws every consent of `phone` in force at `at`, whichever business or purposes it was for: what a STOP
/// reply or an agent's withdrawal does to the ledger. Returns the records withdrawn, in their order.
pub fn withdraw_all_of_phone(
    records: &mut [ConsentRecord],
    phone: &E164,
    at: Timestamp,
) -> Vec<ConsentRecord> {
    withdraw_matching(records, |record| &record.phone == phone, at)
}

/// The withdrawal a consent arriving at the ledger already has: its own (`withdrawn_at`, made in the widget) or
/// the earliest withdrawal of its number made at or after it was given (a STOP reply that overtook the record's
/// delivery), whichever came first. `None`: the consent is in force.
pub fn withdrawal_on_arrival(
    record: &ConsentRecord,
    number_withdrawals: &[Withdrawal],
) -> Option<Withdrawal> {
    let own = record.withdrawn_at.map(|at| Withdrawal {
        at,
        method: WithdrawalMethod::Widget,
        note: None,
    });
    number_withdrawals
        .iter()
        .filter(|withdrawal| withdrawal.at >= record.given_at)
        .cloned()
        .chain(own)
        .min_by_key(|withdrawal| withdrawal.at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::consent::tests::record_for;
    use crate::consent::{consent_copy, ConsentRecord};

    #[test]
    fn a_withdrawal_is_dated_once_and_never_after_the_receivers_clock() {
        let now = Timestamp(1_000);
        let check = |first: Option<i64>, claimed: Option<i64>, expected: Option<i64>| {
            assert_eq!(
                settle_withdrawal(first.map(Timestamp), claimed.map(Timestamp), now),
                expected.map(Timestamp),
                "first {first:?}, claimed {claimed:?}"
            );
        };
        check(None, None, Some(1_000));
        check(None, Some(900), Some(900));
        check(None, Some(1_100), Some(1_000));
        check(Some(800), Some(900), None);
        check(Some(1_000), None, None);
        // Issue 18: a first time still in the future gives way to the real withdrawal.
        check(Some(4_000_000_000), None, Some(1_000));
        check(Some(4_000_000_000), Some(950), Some(950));
    }

    #[test]
    fn a_withdrawal_by_number_is_read_from_any_format_and_names_a_bad_field() {
        let read = |json: &str| check_phone_withdrawal(json);
        let ok =
            read(r#"{"phone": "07911 123456", "region": "GB", "method": "stop-reply"}"#).unwrap();
        assert_eq!(
            (ok.phone.as_string(), ok.method, ok.note),
            (
                "+447911123456".to_string(),
                WithdrawalMethod::StopReply,
                None
            )
        );
        let ok = read(r#"{"phone": "+44 7911 123456", "method": "agent", "note": " said so on the phone\n "}"#)
            .unwrap();
        assert_eq!(
            (ok.method, ok.note.as_deref()),
            (WithdrawalMethod::Agent, Some("said so on the phone"))
        );
        let check = |json: &str, field: &str| {
            let problem = read(json).unwrap_err();
            assert_eq!(problem.field, field, "{json}: {problem}");
        };
        check("{not json", "body");
        check("[1]", "body");
        check(r#"{"method": "agent"}"#, "phone");
        check(r#"{"phone": "07911 123456", "method": "agent"}"#, "phone");
        check(r#"{"phone": "+1 555", "method": "agent"}"#, "phone");
        check(r#"{"phone": 447911123456, "method": "agent"}"#, "phone");
        check(
            r#"{"phone": "07911 123456", "region": "XX", "method": "agent"}"#,
            "region",
        );
        check(r#"{"phone": "+447911123456"}"#, "method");
        check(
            r#"{"phone": "+447911123456", "method": "widget"}"#,
            "method",
        );
        check(r#"{"phone": "+447911123456", "method": "STOP"}"#, "method");
        check(
            r#"{"phone": "+447911123456", "method": "agent", "note": 1}"#,
            "note",
        );
        check(
            r#"{"phone": "+447911123456", "method": "agent", "note": "a\u0000b"}"#,
            "note",
        );
        let long = format!(
            r#"{{"phone": "+447911123456", "method": "agent", "note": "{}"}}"#,
            "x".repeat(NOTE_LIMIT + 1)
        );
        check(&long, "note");
        check(
            r#"{"phone": "+447911123456", "method": "agent", "consent_id": "x"}"#,
            "consent_id",
        );
    }

    fn given(id: &str, phone: &str, business: &str, at: i64) -> ConsentRecord {
        let mut record = record_for(&consent_copy("en", business, &[], false, ""));
        record.consent_id = id.to_string();
        record.phone = normalize_phone(phone, None).unwrap();
        record.business = business.to_string();
        record.given_at = Timestamp(at);
        record
    }

    fn ids(records: &[ConsentRecord]) -> Vec<&str> {
        records.iter().map(|r| r.consent_id.as_str()).collect()
    }

    #[test]
    fn a_stop_withdraws_every_consent_of_the_number_in_force_and_nothing_else() {
        let mut records = vec![
            given("a", "+447911123456", "Acme", 100),
            given("b", "+447911123456", "Beta", 200),
            given("c", "+447911123456", "Acme", 50),
            given("d", "+447911123456", "Acme", 60),
            given("x", "+79123456789", "Acme", 100),
        ];
        records[2].withdrawn_at = Some(Timestamp(70));
        records[3].withdrawn_at = Some(Timestamp(4_000_000_000));
        let phone = normalize_phone("+447911123456", None).unwrap();
        let withdrawn = withdraw_all_of_phone(&mut records, &phone, Timestamp(400));
        assert_eq!(ids(&withdrawn), ["a", "b", "d"]);
        assert_eq!(
            records[2].withdrawn_at,
            Some(Timestamp(70)),
            "the first time stays"
        );
        assert_eq!(
            records[3].withdrawn_at,
            Some(Timestamp(400)),
            "a future time gives way"
        );
        assert_eq!(records[4].withdrawn_at, None, "another number is untouched");
        assert!(withdraw_all_of_phone(&mut records, &phone, Timestamp(500)).is_empty());
        assert!(records[..4]
            .iter()
            .all(|r| !is_in_force_at(r, Timestamp(400))));
    }

    #[test]
    fn a_consent_delivered_after_a_stop_that_followed_it_arrives_withdrawn() {
        let stop = |at: i64| Withdrawal {
            at: Timestamp(at),
            method: WithdrawalMethod::StopReply,
            note: None,
        };
        let record = given("a", "+447911123456", "Acme", 100);
        assert_eq!(withdrawal_on_arrival(&record, &[]), None);
        assert_eq!(
            withdrawal_on_arrival(&record, &[stop(90)]),
            None,
            "a new consent after a STOP"
        );
        assert_eq!(
            withdrawal_on_arrival(&record, &[stop(300), stop(150)]),
            Some(stop(150))
        );
        let mut withdrawn = record.clone();
        withdrawn.withdrawn_at = Some(Timestamp(120));
        assert_eq!(
            withdrawal_on_arrival(&withdrawn, &[stop(150)]).map(|w| (w.at, w.method)),
            Some((Timestamp(120), WithdrawalMethod::Widget)),
            "its own earlier withdrawal"
        );
        assert_eq!(
            withdrawal_on_arrival(&withdrawn, &[stop(110)]),
            Some(stop(110))
        );
    }
}
