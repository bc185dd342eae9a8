//! What the receiver's tests share: a database file removed afterwards, a receiver on it, valid records, and
//! requests sent through the real router. Each test binary uses part of it.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes, HttpBody};
use axum::http::{header, Request, StatusCode};
use chatgate_core::consent::{build_record, consent_copy, RecordContext, ValidOptIn};
use chatgate_core::time::Timestamp;
use chatgate_server::receiver::{routes, Receiver};
use chatgate_server::store::{ConsentStore, StoredRecord};
use hyper::body::Frame;
use serde_json::Value;
use tower::ServiceExt;

/// The demo site allowed to send consents.
pub const SITE: &str = "https://clinic.example";

/// A database file (and its WAL and shared-memory files) removed before and after the test.
pub struct TempDb(pub std::path::PathBuf);

impl TempDb {
    pub fn new(name: &str) -> TempDb {
        let path =
            std::env::temp_dir().join(format!("chatgate-test-{}-{name}.db", std::process::id()));
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
        TempDb(path)
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.0.display()));
        }
    }
}

/// A receiver on `db` accepting consents from [`SITE`], listing with `token`, waiting 5 s for a body.
pub fn receiver(db: &TempDb, token: Option<&str>) -> Arc<Receiver> {
    receiver_with_body_timeout(db, token, Duration::from_secs(5))
}

/// A receiver like [`receiver`] that waits `body_timeout` for a body.
pub fn receiver_with_body_timeout(
    db: &TempDb,
    token: Option<&str>,
    body_timeout: Duration,
) -> Arc<Receiver> {
    Arc::new(Receiver {
        store: ConsentStore::open(&db.0).unwrap(),
        allowed_origins: vec![SITE.to_string()],
        admin_token: token.map(str::to_string),
        body_timeout,
    })
}

/// A valid record given on 2026-11-18 whose id is made of `seed`.
pub fn record(seed: u8) -> Value {
    let copy = consent_copy(
        "en",
        "Northfield Clinic",
        &[],
        false,
        "https://clinic.example/privacy",
    );
    let form = ValidOptIn {
        phone: chatgate_core::phone::normalize_phone("+447911123456", None)
            .expect("valid test number"),
        purposes: vec!["results".into()],
    };
    let context = RecordContext {
        business: "Northfield Clinic",
        copy: &copy,
        locale: "en",
        page: "https://clinic.example/",
        now: Timestamp(1_795_000_000),
        random: [seed; 16],
    };
    serde_json::to_value(build_record(&form, &context)).unwrap()
}

/// Sends `request` through the receiver's router: the status, the body (JSON, else a string) and the headers.
pub async fn send(
    receiver: &Arc<Receiver>,
    request: Request<Body>,
) -> (StatusCode, Value, axum::http::HeaderMap) {
    let response = routes(receiver.clone()).oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    let body = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
    (status, body, headers)
}

/// A `POST` of JSON from [`SITE`].
pub fn post(path: &str, body: impl Into<Body>) -> Request<Body> {
    Request::post(path)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::ORIGIN, SITE)
        .body(body.into())
        .unwrap()
}

/// How many records are stored.
pub async fn stored_count(receiver: &Arc<Receiver>) -> u64 {
    let store = receiver.clone();
    tokio::task::spawn_blocking(move || store.store.count().unwrap())
        .await
        .unwrap()
}

/// The record stored under `id`, if any.
pub async fn stored(receiver: &Arc<Receiver>, id: &str) -> Option<StoredRecord> {
    let store = receiver.clone();
    let id = id.to_string();
    tokio::task::spawn_blocking(move || {
        store
            .store
            .list(None)
            .unwrap()
            .into_iter()
            .find(|stored| stored.record.consent_id == id)
    })
    .await
    .unwrap()
}

/// A body that sends `frames` and then fails (`stalls == false`) or never sends another byte.
pub fn broken_body(frames: &[&'static str], stalls: bool) -> Body {
    Body::new(BrokenBody {
        frames: frames
            .iter()
            .map(|frame| Bytes::from_static(frame.as_bytes()))
            .collect(),
        stalls,
    })
}

struct BrokenBody {
    frames: VecDeque<Bytes>,
    stalls: bool,
}

impl HttpBody for BrokenBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        match self.frames.pop_front() {
            Some(frame) => Poll::Ready(Some(Ok(Frame::data(frame)))),
            None if self.stalls => Poll::Pending,
            None => Poll::Ready(Some(Err(std::io::Error::other("connection reset by peer")))),
        }
    }
}
