//! Delivers consent records to the company's `consent_endpoint`. It lives in the dialog bundle, which the
//! launcher loads at once on a page where records wait for delivery (so a record from an earlier visit is sent
//! on the next page load) — keeping the launcher every visitor downloads small.
//!
//! The decisions are `core::outbox`'s; this shell keeps the entries (one localStorage key each, or in memory
//! when storage is unavailable), sends them one at a time with `web::post_json`, and wakes up on load, on
//! `online`, when the page becomes visible and on a timer for the next retry. Nothing is sent and nothing is
//! written until a visitor has given or withdrawn a consent.

use std::cell::RefCell;
use std::rc::Rc;

use chatgate_core::consent::ConsentRecord;
use chatgate_core::events::{WidgetEvent, WidgetProblem};
use chatgate_core::outbox::{
    due_entries, next_wake_ms, parse_entry, DeliveryKind, Next, OutboxEntries, OutboxEntry,
    REQUEST_TIMEOUT_MS, STORAGE_PREFIX,
};
use chatgate_web as web;

use crate::announce;

#[derive(Default)]
struct Outbox {
    endpoint: String,
    /// Entries kept in memory because storage refused them (private mode, quota).
    memory: OutboxEntries,
    storage_warned: bool,
    flushing: bool,
    flush_again: bool,
    timer: Option<i32>,
}

type Shared = Rc<RefCell<Outbox>>;

/// The outbox of one page: records handed to it are delivered until acknowledged.
#[derive(Clone)]
pub struct Delivery(Shared);

impl Delivery {
    /// Starts delivery to `endpoint`: sends what an earlier page left and wakes up on `online` / visibility.
    pub fn start(endpoint: String) -> Delivery {
        let outbox: Shared = Rc::new(RefCell::new(Outbox {
            endpoint,
            ..Outbox::default()
        }));
        let wake_up = outbox.clone();
        web::on_online_or_visible(move || wake(&wake_up));
        // Flushed on load; reading storage writes nothing, and entries exist only after the visitor acted.
        if !stored_entries().is_empty() {
            wake(&outbox);
        }
        Delivery(outbox)
    }

    /// Keeps `record` until the endpoint acknowledges it, and starts sending.
    pub fn send(&self, kind: DeliveryKind, record: ConsentRecord) {
        enqueue(&self.0, OutboxEntry::new(kind, record));
    }
}

/// How many entries wait in storage (read, so their numbers' table lines are asked for: `crate::tables`).
pub(crate) fn waiting_count() -> usize {
    stored_entries().len()
}

/// Built by inserting, not by sorting: each sort's code costs the dialog about 3 KB (issue 15;
/// `core::data::sort_short_by` says why).
fn stored_entries() -> OutboxEntries {
    let mut entries = OutboxEntries::default();
    for (key, json) in web::storage_entries(STORAGE_PREFIX) {
        if let Some(entry) = parse_entry(&json) {
            entries.insert(key, entry);
        }
    }
    entries
}

fn all_entries(outbox: &Shared) -> OutboxEntries {
    let mut entries = stored_entries();
    for (key, entry) in outbox.borrow().memory.iter() {
        entries.insert(key.clone(), entry.clone());
    }
    entries
}

/// Keeps an entry: in storage, else in memory (saying so once in `chatgate:error`).
fn keep(outbox: &Shared, entry: &OutboxEntry) {
    let key = entry.storage_key();
    let json = entry.to_json();
    if outbox.borrow().memory.contains_key(&key) || web::storage_set(&key, &json).is_err() {
        let mut state = outbox.borrow_mut();
        state.memory.insert(key, entry.clone());
        if !state.storage_warned {
            state.storage_warned = true;
            announce(WidgetEvent::Error(WidgetProblem::StorageUnavailable {
                message: "localStorage is unavailable: consents waiting for delivery are kept in memory and sent while this page is open",
            }));
        }
    }
}

/// Updates an entry after an attempt, unless another tab delivered it meanwhile (its key is gone).
fn update(outbox: &Shared, entry: &OutboxEntry) {
    let key = entry.storage_key();
    let in_memory = outbox.borrow().memory.contains_key(&key);
    if in_memory || web::storage_get(&key).is_some() {
        keep(outbox, entry);
    }
}

fn forget(outbox: &Shared, entry: &OutboxEntry) {
    let key = entry.storage_key();
    outbox.borrow_mut().memory.remove(&key);
    web::storage_remove(&key);
}

fn enqueue(outbox: &Shared, entry: OutboxEntry) {
    keep(outbox, &entry);
    flush(outbox);
}

/// A new chance for every waiting entry (load, `online`, visible again): our own backoff is skipped, a server's
/// `Retry-After` is not.
fn wake(outbox: &Shared) {
    for entry in all_entries(outbox).values() {
        let woken = entry.wake();
        if woken != *entry {
            update(outbox, &woken);
        }
    }
    flush(outbox);
}

/// Sends every due entry, one at a time, then sets the timer for the next retry.
fn flush(outbox: &Shared) {
    {
        let mut state = outbox.borrow_mut();
        if state.flushing {
            state.flush_again = true;
            return;
        }
        state.flushing = true;
        state.flush_again = false;
    }
    let outbox = outbox.clone();
    web::spawn(async move {
        loop {
            let endpoint = outbox.borrow().endpoint.clone();
            let entries: Vec<OutboxEntry> = all_entries(&outbox).into_values().collect();
            for entry in due_entries(&entries, web::epoch_ms()) {
                let request = entry.request(&endpoint);
                let outcome = web::post_json(
                    &request.url,
                    &request.body,
                    &request.idempotency_key,
                    REQUEST_TIMEOUT_MS,
                )
                .await;
                match entry.after(&outcome, web::epoch_ms(), web::random_unit()) {
                    Next::Delivered => forget(&outbox, &entry),
                    Next::Retry(next) => update(&outbox, &next),
                    Next::Rejected(next) => {
                        update(&outbox, &next);
                        web::console_error(&format!(
                            "Chatgate: the consent endpoint refused a record ({})",
                            next.rejected.as_deref().unwrap_or("")
                        ));
                        announce(WidgetEvent::Error(WidgetProblem::DeliveryRefused {
                            consent_id: &next.record.consent_id,
                            message: next.rejected.as_deref(),
                        }));
                    }
                }
            }
            let again = {
                let mut state = outbox.borrow_mut();
                let again = state.flush_again;
                state.flush_again = false;
                if !again {
                    state.flushing = false;
                }
                again
            };
            if !again {
                break;
            }
        }
        schedule(&outbox);
    });
}

fn schedule(outbox: &Shared) {
    if let Some(timer) = outbox.borrow_mut().timer.take() {
        web::clear_timeout(timer);
    }
    let entries: Vec<OutboxEntry> = all_entries(outbox).into_values().collect();
    let Some(at) = next_wake_ms(&entries) else {
        return;
    };
    let again = outbox.clone();
    let timer = web::set_timeout(at - web::epoch_ms(), move || {
        again.borrow_mut().timer = None;
        flush(&again);
    });
    outbox.borrow_mut().timer = timer;
}
