//! What the receiver's tests share: a fresh ledger on either engine (an SQLite file removed afterwards, or a
//! database on a throwaway PostgreSQL server), a receiver on it, valid records, and requests sent through the
//! real router. Each test binary uses part of it.
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
use chatgate_server::store::{ConsentStore, Database, StoredRecord};
use hyper::body::Frame;
use serde_json::Value;
use tower::ServiceExt;

pub mod postgres;
pub mod servers;

/// The demo site allowed to send consents.
pub const SITE: &str = "https://clinic.example";

/// The engine a test's ledger is kept by: each receiver test runs on both ([`on_both_engines`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// A fresh ledger for one test: an SQLite file (with its WAL and shared-memory files) removed before and
/// after, or a new database on the binary's shared PostgreSQL server ([`postgres::shared`]).
pub struct TestDb {
    pub database: Database,
}

impl TestDb {
    pub fn new(engine: Engine, name: &str) -> TestDb {
        let database = match engine {
            Engine::Sqlite => {
                let path = std::env::temp_dir()
                    .join(format!("chatgate-test-{}-{name}.db", std::process::id()));
                remove_sqlite_files(&path);
                Database::Sqlite(path)
            }
            Engine::Postgres => Database::Postgres(postgres::shared().database(name)),
        };
        TestDb { database }
    }

    /// Opens another store on the same ledger (as a restarted receiver would).
    pub async fn open(&self) -> ConsentStore {
        ConsentStore::open(&self.database).await.unwrap()
    }
}

fn remove_sqlite_files(path: &std::path::Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        // A PostgreSQL database goes with the shared server at the end of the test binary.
        if let Database::Sqlite(path) = &self.database {
            remove_sqlite_files(path);
        }
    }
}

/// Defines a test that runs once per engine: `on_both_engines!(async fn name(engine) { … })` makes the tests
/// `name::sqlite` and `name::postgres`, each on a multi-threaded runtime.
#[macro_export]
macro_rules! on_both_engines {
    ($(#[doc = $doc:literal])* async fn $name:ident($engine:ident) $body:block) => {
        $(#[doc = $doc])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn run($engine: $crate::support::Engine) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn sqlite() {
                run($crate::support::Engine::Sqlite).await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn postgres() {
                run($crate::support::Engine::Postgres).await
            }
        }
    };
}

/// A receiver on `db` accepting consents from [`SITE`], listing with `token`, waiting 5 s for a body.
pub async fn receiver(db: &TestDb, token: Option<&str>) -> Arc<Receiver> {
    receiver_with_body_timeout(db, token, Duration::from_secs(5)).await
}

/// A receiver like [`receiver`] that waits `body_timeout` for a body.
pub async fn receiver_with_body_timeout(
    db: &TestDb,
    token: Option<&str>,
    body_timeout: Duration,
) -> Arc<Receiver> {
    Arc::new(Receiver {
        store: db.open().await,
        allowed_origins: vec![SITE.to_string()],
        admin_token: token.map(str::to_string),
        body_timeout,
        rate_limit: None,
    })
}

/// A valid record given on 2026-11-18 whose id is made of `seed`.
pub fn record(seed: u8) -> Value {
    record_of(seed, "+447911123456")
}

/// A valid record like [`record`] of another number.
pub fn record_of(seed: u8, phone: &str) -> Value {
    record_with([seed; 16], phone, Timestamp(1_795_000_000))
}

/// The `n`th of many valid records of `phone`, given at `given_at`: ids (and reference codes) differ by `n`.
pub fn numbered_record(n: u32, phone: &str, given_at: Timestamp) -> Value {
    let mut random = [0x33; 16];
    random[..4].copy_from_slice(&(n << 2).to_be_bytes());
    record_with(random, phone, given_at)
}

fn record_with(random: [u8; 16], phone: &str, now: Timestamp) -> Value {
    let copy = consent_copy(
        "en",
        "Northfield Clinic",
        &[],
        false,
        "https://clinic.example/privacy",
    );
    let form = ValidOptIn {
        phone: chatgate_core::phone::normalize_phone(phone, None).expect("valid test number"),
        purposes: vec!["results".into()],
    };
    let context = RecordContext {
        business: "Northfield Clinic",
        business_phone: &chatgate_core::phone::normalize_phone("+44 20 7946 0000", None)
            .expect("valid business number"),
        copy: &copy,
        locale: "en",
        page: "https://clinic.example/",
        now,
        random,
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

/// A request from the business's staff: `Authorization: Bearer token`, a JSON body when given.
pub fn staff(method: &str, path: &str, token: Option<&str>, body: Option<Value>) -> Request<Body> {
    let mut request = Request::builder().method(method).uri(path);
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    match body {
        Some(body) => request
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap(),
        None => request.body(Body::empty()).unwrap(),
    }
}

/// How many records are stored.
pub async fn stored_count(receiver: &Arc<Receiver>) -> u64 {
    receiver.store.count().await.unwrap()
}

/// The record stored under `id`, if any.
pub async fn stored(receiver: &Arc<Receiver>, id: &str) -> Option<StoredRecord> {
    receiver.store.find(id).await.unwrap()
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
