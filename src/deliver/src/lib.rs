//! The visitor widget's consent courier (`deliver.js` + `deliver_bg.wasm`): the core's outbox decisions
//! (`core::outbox`) and nothing else, a plain module with no imports like the config checker (`src/check`).
//!
//! Consent delivery used to live in the dialog bundle, which every visitor who opens the widget downloads
//! although only a visitor who gives or withdraws a consent needs it (7.5 KB gzip of the dialog, issue 15). Now
//! the dialog keeps each record's outbox entry in localStorage itself, the moment the visitor submits, and hands
//! it to the loader (`Chatgate._boot.deliver`), which imports this courier then — or at once on a page where an
//! earlier page left entries waiting, without the dialog. `www/deliver.js` is the shell: it keeps the entries
//! (storage, or memory when storage refuses them), sends the requests, sets the timers and listens for `online`
//! and visibility; this module decides what it sends, when, and what an answer means.
//!
//! Each export takes and gives text: an entry is its stored JSON (`OutboxEntry::to_json`), written on one line,
//! so a list of entries is one a line. A line that does not read as an entry (another version, a corrupt write)
//! is never sent and never changed.

use chatgate_core::events::WidgetProblem;
use chatgate_core::outbox::{
    due_entries, next_wake_ms, parse_entry, Next, OutboxEntry, Outcome, StoredRecord,
    REQUEST_TIMEOUT_MS, STORAGE_PREFIX,
};
use chatgate_plain::{answer, argument};

/// An entry as the courier reads it: the record as stored (`core::outbox::StoredRecord`), which it sends as it
/// is, so it links no phone or record reader.
type Entry = OutboxEntry<StoredRecord>;

/// A free list rather than the checker's allocator that never frees: the courier lives as long as the page and
/// is asked again on every retry, `online` and visibility change.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
// SAFETY: wasm32-unknown-unknown without the atomics feature runs on one thread, as AssumeSingleThreaded
// requires.
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };

/// Reads the entries of `lines` with their line numbers.
fn read_entries(lines: &str) -> Vec<(usize, Entry)> {
    lines
        .lines()
        .enumerate()
        .filter_map(|(line, json)| parse_entry(json).map(|entry| (line, entry)))
        .collect()
}

/// The request to send next among `entries` at `now_ms`: empty when none is due, else the entry's line number,
/// its `Idempotency-Key`, its body (JSON, on one line) and its URL, a line each — consents before withdrawals,
/// oldest first (`core::outbox::due_entries`).
pub fn next_request(endpoint: &str, now_ms: f64, entries: &str) -> String {
    let read = read_entries(entries);
    let list: Vec<Entry> = read.iter().map(|(_, entry)| entry.clone()).collect();
    let Some(first) = due_entries(&list, now_ms).into_iter().next() else {
        return String::new();
    };
    let Some((line, _)) = read.iter().find(|(_, entry)| *entry == first) else {
        return String::new();
    };
    let request = first.request(endpoint);
    [
        line.to_string(),
        request.idempotency_key,
        request.body,
        request.url,
    ]
    .join("\n")
}

/// How an attempt ended, as the shell saw it: the status of an answer, `0` for no answer (offline, refused,
/// CORS), `-1` for no answer within `core::outbox::REQUEST_TIMEOUT_MS`.
fn outcome(status: i32, retry_after: &str, body: &str) -> Outcome {
    match u16::try_from(status) {
        Ok(status) if status > 0 => Outcome::Answered {
            status,
            retry_after: (!retry_after.is_empty()).then(|| retry_after.to_string()),
            body: body.to_string(),
        },
        _ if status < 0 => Outcome::Timeout,
        _ => Outcome::NetworkError,
    }
}

/// What follows an attempt to send `entry` (`status`, `retry_after` and `body` as [`outcome`] reads them) at
/// `now_ms`, with `jitter` in [0, 1): `delivered`; `retry` and the entry to keep, on the next line; or
/// `rejected`, the entry to keep as evidence, the `chatgate:error` event's detail (JSON) and the console's
/// message, a line each (the message last: a server's reason may hold line breaks). Empty when `entry` does not
/// read as one (the shell leaves it as it is).
pub fn after_attempt(
    entry: &str,
    status: i32,
    retry_after: &str,
    body: &str,
    now_ms: f64,
    jitter: f64,
) -> String {
    let Some(entry) = read_entries(entry).pop().map(|(_, entry)| entry) else {
        return String::new();
    };
    match entry.after(&outcome(status, retry_after, body), now_ms, jitter) {
        Next::Delivered => "delivered".to_string(),
        Next::Retry(next) => ["retry", &next.to_json()].join("\n"),
        Next::Rejected(next) => {
            let reason = next.rejected.as_deref();
            let detail = WidgetProblem::DeliveryRefused {
                consent_id: &next.record.consent_id,
                message: reason,
            }
            .detail()
            .to_string();
            let message = [
                "Chatgate: the consent endpoint refused a record (",
                reason.unwrap_or_default(),
                ")",
            ]
            .concat();
            ["rejected", &next.to_json(), &detail, &message].join("\n")
        }
    }
}

/// A new chance for every entry of `entries` (the page loaded, the browser came back online, the page became
/// visible): a line for each line, the entry to keep where waking changed it, else empty (our own backoff is
/// skipped; a server's `Retry-After` is not).
pub fn wake_entries(entries: &str) -> String {
    let read = read_entries(entries);
    entries
        .lines()
        .enumerate()
        .map(|(line, _)| {
            read.iter()
                .find(|(at, _)| *at == line)
                .map(|(_, entry)| (entry, entry.wake()))
                .filter(|(entry, woken)| entry != &woken)
                .map_or_else(String::new, |(_, woken)| woken.to_json())
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// When the next attempt among `entries` is due, in whole milliseconds since the Unix epoch (rounded up), or
/// empty when none waits (every entry delivered or refused).
pub fn next_wake(entries: &str) -> String {
    let list: Vec<Entry> = read_entries(entries)
        .into_iter()
        .map(|(_, entry)| entry)
        .collect();
    next_wake_ms(&list).map_or_else(String::new, |at| (at.max(0.0).ceil() as u64).to_string())
}

/// The `chatgate:error` detail the shell announces, once a page, when storage refuses an entry and it is kept in
/// memory instead.
pub fn kept_in_memory_detail() -> String {
    WidgetProblem::StorageUnavailable {
        message: "localStorage is unavailable: consents waiting for delivery are kept in memory and sent while this page is open",
    }
    .detail()
    .to_string()
}

// ---- the module's exports: text in and out as `chatgate_plain` says ----------------------------------------------
// `www/deliver.js` passes each argument's UTF-8 in a buffer from `cg_alloc` and gives each answer's buffer back
// with `cg_free`.
chatgate_plain::exports!();

/// [`next_request`] for `www/deliver.js`.
///
/// # Safety
/// Each (pointer, length) pair must be a buffer from `cg_alloc` holding UTF-8, not used after.
#[no_mangle]
pub unsafe extern "C" fn next(
    endpoint: *mut u8,
    endpoint_len: usize,
    now_ms: f64,
    entries: *mut u8,
    entries_len: usize,
) -> *mut u8 {
    // SAFETY: forwarded from the caller.
    let (endpoint, entries) = unsafe {
        (
            argument(endpoint, endpoint_len),
            argument(entries, entries_len),
        )
    };
    answer(next_request(&endpoint, now_ms, &entries))
}

/// [`after_attempt`] for `www/deliver.js`.
///
/// # Safety
/// Each (pointer, length) pair must be a buffer from `cg_alloc` holding UTF-8, not used after.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn after(
    entry: *mut u8,
    entry_len: usize,
    status: i32,
    retry_after: *mut u8,
    retry_after_len: usize,
    body: *mut u8,
    body_len: usize,
    now_ms: f64,
    jitter: f64,
) -> *mut u8 {
    // SAFETY: forwarded from the caller.
    let (entry, retry_after, body) = unsafe {
        (
            argument(entry, entry_len),
            argument(retry_after, retry_after_len),
            argument(body, body_len),
        )
    };
    answer(after_attempt(
        &entry,
        status,
        &retry_after,
        &body,
        now_ms,
        jitter,
    ))
}

/// [`wake_entries`] for `www/deliver.js`.
///
/// # Safety
/// `entries` and `len` must be a buffer from `cg_alloc` holding UTF-8, not used after.
#[no_mangle]
pub unsafe extern "C" fn wake(entries: *mut u8, len: usize) -> *mut u8 {
    // SAFETY: forwarded from the caller.
    answer(wake_entries(&unsafe { argument(entries, len) }))
}

/// [`next_wake`] for `www/deliver.js`.
///
/// # Safety
/// `entries` and `len` must be a buffer from `cg_alloc` holding UTF-8, not used after.
#[no_mangle]
pub unsafe extern "C" fn wake_at(entries: *mut u8, len: usize) -> *mut u8 {
    // SAFETY: forwarded from the caller.
    answer(next_wake(&unsafe { argument(entries, len) }))
}

/// The prefix of the outbox's localStorage keys (`core::outbox::STORAGE_PREFIX`).
#[no_mangle]
pub extern "C" fn outbox_prefix() -> *mut u8 {
    answer(STORAGE_PREFIX.to_string())
}

/// How long one attempt may take before the shell aborts it and reports a timeout, in milliseconds.
#[no_mangle]
pub extern "C" fn request_timeout_ms() -> u32 {
    REQUEST_TIMEOUT_MS
}

/// [`kept_in_memory_detail`] for `www/deliver.js`.
#[no_mangle]
pub extern "C" fn kept_in_memory() -> *mut u8 {
    answer(kept_in_memory_detail())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chatgate_core::consent::ConsentRecord;
    use chatgate_core::outbox::DeliveryKind;
    use chatgate_core::phone::E164;
    use chatgate_core::time::Timestamp;

    fn record(id: &str, given_at: &str) -> ConsentRecord {
        ConsentRecord {
            consent_id: id.to_string(),
            phone: E164::from_stored("+447911123456").unwrap(),
            purposes: vec!["results".to_string()],
            business: "Acme Clinic".to_string(),
            business_phone: None,
            text: "I agree".to_string(),
            text_version: "v1".to_string(),
            locale: "en".to_string(),
            page: "https://acme.example/".to_string(),
            given_at: Timestamp::parse_rfc3339(given_at).unwrap(),
            method: "checkbox".to_string(),
            withdrawn_at: None,
        }
    }

    fn entry(kind: DeliveryKind, id: &str, given_at: &str) -> OutboxEntry {
        OutboxEntry::new(kind, record(id, given_at))
    }

    fn lines(entries: &[&OutboxEntry]) -> String {
        entries
            .iter()
            .map(|entry| entry.to_json())
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn sends_consents_first_oldest_first_and_skips_unreadable_lines() {
        let withdrawal = entry(DeliveryKind::Withdrawal, "w", "2026-11-20T10:00:00Z");
        let late = entry(DeliveryKind::Consent, "late", "2026-11-21T10:00:00Z");
        let early = entry(DeliveryKind::Consent, "early", "2026-11-19T10:00:00Z");
        let text = format!(
            "{}\nnot an entry\n{}\n{}",
            withdrawal.to_json(),
            late.to_json(),
            early.to_json()
        );
        let answer = next_request("https://acme.example/consents", 0.0, &text);
        let request = early.request("https://acme.example/consents");
        assert_eq!(
            answer,
            format!("3\nearly\n{}\nhttps://acme.example/consents", request.body)
        );
        assert!(!request.body.contains('\n'));
        // A withdrawal goes to the record's own URL.
        let answer = next_request("https://acme.example/c?k=1", 0.0, &withdrawal.to_json());
        assert!(
            answer.ends_with("\nhttps://acme.example/c/w/withdraw?k=1"),
            "{answer}"
        );
    }

    #[test]
    fn nothing_is_sent_before_its_time_or_after_a_refusal() {
        let waiting = entry(DeliveryKind::Consent, "a", "2026-11-21T10:00:00Z").after(
            &Outcome::NetworkError,
            1_000.0,
            0.5,
        );
        let Next::Retry(waiting) = waiting else {
            panic!("a network error is retried")
        };
        assert_eq!(next_request("/c", 1_000.0, &lines(&[&waiting])), "");
        assert!(
            next_request("/c", waiting.next_attempt_ms, &lines(&[&waiting])).starts_with("0\na\n")
        );
        assert_eq!(
            next_wake(&lines(&[&waiting])),
            (waiting.next_attempt_ms.ceil() as u64).to_string()
        );
        assert_eq!(next_wake(""), "");
    }

    #[test]
    fn reads_answers_as_the_core_decides() {
        let sent = entry(DeliveryKind::Consent, "a", "2026-11-21T10:00:00Z");
        let json = sent.to_json();
        assert_eq!(after_attempt(&json, 201, "", "", 5.0, 0.0), "delivered");
        for (status, retry_after) in [(503, ""), (429, "120"), (0, ""), (-1, "")] {
            let answer = after_attempt(&json, status, retry_after, "", 5_000.0, 0.25);
            let outcome = outcome(status, retry_after, "");
            let Next::Retry(expected) = sent.after(&outcome, 5_000.0, 0.25) else {
                panic!("{status} is retried")
            };
            assert_eq!(answer, format!("retry\n{}", expected.to_json()), "{status}");
        }
        assert_eq!(outcome(-1, "", ""), Outcome::Timeout);
        assert_eq!(outcome(0, "", ""), Outcome::NetworkError);
        let answer = after_attempt(
            &json,
            400,
            "",
            "{\"reason\": \"phone: not\\naccepted\"}",
            5.0,
            0.0,
        );
        let mut parts = answer.splitn(4, '\n');
        assert_eq!(parts.next(), Some("rejected"));
        let kept: Entry = parse_entry(parts.next().unwrap()).unwrap();
        assert_eq!(
            kept.rejected.as_deref(),
            Some("HTTP 400: phone: not\naccepted")
        );
        assert_eq!(
            parts.next(),
            Some(
                "{\"reason\":\"delivery_refused\",\"consent_id\":\"a\",\"message\":\"HTTP 400: phone: not\\naccepted\"}"
            )
        );
        assert_eq!(
            parts.next(),
            Some(
                "Chatgate: the consent endpoint refused a record (HTTP 400: phone: not\naccepted)"
            )
        );
        assert_eq!(after_attempt("{}", 201, "", "", 5.0, 0.0), "");
    }

    #[test]
    fn waking_skips_our_backoff_but_not_the_servers() {
        let fresh = entry(DeliveryKind::Consent, "a", "2026-11-21T10:00:00Z");
        let Next::Retry(backed_off) = fresh.after(&Outcome::NetworkError, 1_000.0, 0.5) else {
            panic!("retried")
        };
        let Next::Retry(asked) = fresh.after(
            &Outcome::Answered {
                status: 503,
                retry_after: Some("60".into()),
                body: String::new(),
            },
            1_000.0,
            0.5,
        ) else {
            panic!("retried")
        };
        let text = format!(
            "{}\nnot an entry\n{}\n{}",
            backed_off.to_json(),
            asked.to_json(),
            fresh.to_json()
        );
        let woken: Vec<String> = wake_entries(&text)
            .split('\n')
            .map(str::to_string)
            .collect();
        assert_eq!(
            woken,
            vec![
                backed_off.wake().to_json(),
                String::new(),
                String::new(),
                String::new()
            ]
        );
        assert_eq!(
            parse_entry::<StoredRecord>(&woken[0])
                .unwrap()
                .next_attempt_ms,
            0.0
        );
    }
}
