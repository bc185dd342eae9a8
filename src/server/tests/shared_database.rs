//! Issue 17: several receivers on one PostgreSQL database behave as one. Each receiver here has its own pool of
//! connections — to PostgreSQL, as separate as two processes — and the requests race through the real router.
//! Schema migrations: two receivers starting together migrate once; a database migrated by a newer chatgate is
//! refused; an SQLite file made before migrations existed opens unchanged. Two real `chatgate serve` processes
//! (with `kill -9`) are in `src/cli/tests/shared_database.rs`.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::sync::Arc;

use axum::http::StatusCode;
use chatgate_server::receiver::Receiver;
use chatgate_server::store::{ConsentStore, Database};
use serde_json::{json, Value};
use support::postgres::shared;
use support::{
    post, receiver_with_body_timeout, record, record_of, send, staff, stored, stored_count, Engine,
    TestDb,
};

/// Two receivers on one new PostgreSQL database, opened at the same time (their migrations race).
async fn two_receivers(name: &str) -> (TestDb, Arc<Receiver>, Arc<Receiver>) {
    let db = TestDb::new(Engine::Postgres, name);
    let timeout = std::time::Duration::from_secs(5);
    let (first, second) = tokio::join!(
        receiver_with_body_timeout(&db, Some("token"), timeout),
        receiver_with_body_timeout(&db, Some("token"), timeout)
    );
    (db, first, second)
}

fn database_name(db: &TestDb) -> String {
    match &db.database {
        Database::Postgres(url) => url.rsplit('/').next().unwrap().to_string(),
        Database::Sqlite(_) => unreachable!("PostgreSQL only"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn receivers_starting_together_migrate_once() {
    let (db, _, _) = two_receivers("migrate-once").await;
    let migrated = || {
        shared().psql(
            &database_name(&db),
            "SELECT count(*) = max(version) AND min(name) = '0001_consents' FROM schema_migrations",
        )
    };
    assert_eq!(migrated(), "t", "each migration applied once");
    // Eight more at once: nothing applied twice, nothing fails.
    let openings: Vec<_> = (0..8)
        .map(|_| {
            let database = db.database.clone();
            tokio::spawn(async move { ConsentStore::open(&database).await.map(drop) })
        })
        .collect();
    for opening in openings {
        opening.await.unwrap().unwrap();
    }
    assert_eq!(migrated(), "t");
}

#[tokio::test]
async fn a_database_migrated_by_a_newer_chatgate_is_refused() {
    let db = TestDb::new(Engine::Postgres, "newer");
    drop(db.open().await);
    shared().psql(
        &database_name(&db),
        "INSERT INTO schema_migrations VALUES (999, '0999_future', '2030-01-01T00:00:00Z')",
    );
    let error = ConsentStore::open(&db.database)
        .await
        .err()
        .expect("refused");
    assert!(error.to_string().contains("schema version 999"), "{error}");
    assert!(
        !error.to_string().contains("password"),
        "the URL is described without secrets: {error}"
    );
}

#[tokio::test]
async fn an_sqlite_file_made_before_migrations_opens_unchanged() {
    let db = TestDb::new(Engine::Sqlite, "before-migrations");
    let Database::Sqlite(path) = &db.database else {
        unreachable!()
    };
    // The schema of the receiver before issue 17, with a row in it.
    let connection = rusqlite::Connection::open(path).unwrap();
    connection
        .execute_batch(
            "CREATE TABLE consents (consent_id TEXT PRIMARY KEY NOT NULL, phone TEXT NOT NULL, \
             purposes TEXT NOT NULL, business TEXT NOT NULL, text TEXT NOT NULL, text_version TEXT NOT NULL, \
             locale TEXT NOT NULL, page TEXT NOT NULL, given_at TEXT NOT NULL, method TEXT NOT NULL, \
             withdrawn_at TEXT, received_at TEXT NOT NULL); \
             CREATE INDEX consents_by_phone ON consents (phone);",
        )
        .unwrap();
    let old: chatgate_core::consent::ConsentRecord = serde_json::from_value(record(9)).unwrap();
    // A record of before issue 16 names no business number.
    let old = chatgate_core::consent::ConsentRecord {
        business_phone: None,
        ..old
    };
    connection
        .execute(
            "INSERT INTO consents VALUES (?1, '+447911123456', '[\"results\"]', ?2, ?3, ?4, 'en', \
             'https://clinic.example/', ?5, 'widget-checkbox', NULL, '2026-11-18T08:13:21Z')",
            rusqlite::params![
                old.consent_id,
                old.business,
                old.text,
                old.text_version,
                old.given_at.to_rfc3339_utc()
            ],
        )
        .unwrap();
    drop(connection);
    let receiver = support::receiver(&db, None).await;
    let kept = stored(&receiver, &old.consent_id).await.expect("kept");
    assert_eq!(kept.record, old);
    let (status, _, _) = send(&receiver, post("/consents", record(10).to_string())).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(stored_count(&receiver).await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn duplicates_racing_on_two_receivers_are_stored_once_and_answered_alike() {
    let (_db, first, second) = two_receivers("duplicates").await;
    let mut races = Vec::new();
    for seed in 0..150u8 {
        let (first, second) = (first.clone(), second.clone());
        races.push(tokio::spawn(async move {
            let body = record(seed).to_string();
            tokio::join!(
                send(&first, post("/consents", body.clone())),
                send(&second, post("/consents", body))
            )
        }));
    }
    for race in races {
        let ((status_a, body_a, _), (status_b, body_b, _)) = race.await.unwrap();
        let mut statuses = [status_a, status_b];
        statuses.sort();
        assert_eq!(statuses, [StatusCode::OK, StatusCode::CREATED]);
        assert_eq!(body_a, body_b, "both answered with the stored record");
    }
    assert_eq!(stored_count(&first).await, 150);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn different_records_racing_for_one_id_store_one_and_refuse_the_other() {
    let (_db, first, second) = two_receivers("conflicts").await;
    for seed in 0..40u8 {
        let mut other = record(seed);
        other["purposes"] = json!(["offers"]);
        let ((status_a, body_a, _), (status_b, _, _)) = tokio::join!(
            send(&first, post("/consents", record(seed).to_string())),
            send(&second, post("/consents", other.to_string()))
        );
        let mut statuses = [status_a, status_b];
        statuses.sort();
        assert_eq!(statuses, [StatusCode::CREATED, StatusCode::CONFLICT]);
        let kept = stored(&first, record(seed)["consent_id"].as_str().unwrap())
            .await
            .unwrap();
        let kept = serde_json::to_value(&kept.record).unwrap();
        if status_a == StatusCode::CREATED {
            assert_eq!(body_a["purposes"], kept["purposes"]);
        } else {
            assert_eq!(kept["purposes"], json!(["offers"]));
        }
    }
    assert_eq!(stored_count(&first).await, 40);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_withdrawal_racing_its_consent_on_the_other_receiver_always_lands() {
    let (_db, first, second) = two_receivers("withdrawal-race").await;
    let mut races = Vec::new();
    for seed in 0..100u8 {
        let (first, second) = (first.clone(), second.clone());
        races.push(tokio::spawn(async move {
            let consent = record(seed);
            let id = consent["consent_id"].as_str().unwrap().to_string();
            let mut withdrawn: Value = consent.clone();
            withdrawn["withdrawn_at"] = json!("2026-11-18T12:00:00Z");
            // Every other one a bare withdrawal (no record): it may find nothing yet (404), and is retried.
            let path = format!("/consents/{id}/withdraw");
            let bare = seed % 2 == 1;
            let withdrawal = if bare {
                axum::http::Request::post(&path)
                    .body(axum::body::Body::empty())
                    .unwrap()
            } else {
                post(&path, withdrawn.to_string())
            };
            let ((consent_status, _, _), (withdrawal_status, _, _)) = tokio::join!(
                send(&first, post("/consents", consent.to_string())),
                send(&second, withdrawal)
            );
            assert!(consent_status.is_success(), "{consent_status}");
            if bare && withdrawal_status == StatusCode::NOT_FOUND {
                let retry = axum::http::Request::post(&path)
                    .body(axum::body::Body::empty())
                    .unwrap();
                assert_eq!(send(&second, retry).await.0, StatusCode::OK);
            } else {
                assert_eq!(withdrawal_status, StatusCode::OK);
            }
            (id, bare)
        }));
    }
    for race in races {
        let (id, bare) = race.await.unwrap();
        let kept = stored(&first, &id).await.unwrap();
        let at = kept.record.withdrawn_at.expect("withdrawn");
        if !bare {
            assert_eq!(at.to_rfc3339_utc(), "2026-11-18T12:00:00Z");
        }
    }
    assert_eq!(stored_count(&first).await, 100);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_stop_racing_a_consent_given_before_it_on_the_other_receiver_always_withdraws_it() {
    let (_db, first, second) = two_receivers("stop-race").await;
    let mut races = Vec::new();
    for seed in 0..60u8 {
        let (first, second) = (first.clone(), second.clone());
        races.push(tokio::spawn(async move {
            let phone = format!("+447911{:06}", u32::from(seed) * 7);
            let consent = record_of(seed, &phone);
            let stop = json!({"phone": phone, "method": "stop-reply"});
            let ((consent_status, _, _), (stop_status, answer, _)) = tokio::join!(
                send(&first, post("/consents", consent.to_string())),
                send(
                    &second,
                    staff("POST", "/consents/withdrawals", Some("token"), Some(stop))
                )
            );
            assert_eq!(consent_status, StatusCode::CREATED);
            assert_eq!(stop_status, StatusCode::OK, "{answer}");
            consent["consent_id"].as_str().unwrap().to_string()
        }));
    }
    for race in races {
        let id = race.await.unwrap();
        let kept = stored(&first, &id).await.unwrap();
        assert!(kept.record.withdrawn_at.is_some(), "{id} is still in force");
        assert_eq!(
            serde_json::to_value(kept.withdrawal_method).unwrap(),
            "stop-reply"
        );
    }
}

#[tokio::test]
async fn a_database_error_names_no_phone_number() {
    let db = TestDb::new(Engine::Postgres, "error-text");
    let store = db.open().await;
    // A constraint the receiver does not expect: PostgreSQL's detail would quote the failing row, number and all.
    shared().psql(
        &database_name(&db),
        "ALTER TABLE consents ADD CONSTRAINT refuse_all CHECK (phone = 'none')",
    );
    let record: chatgate_core::consent::ConsentRecord = serde_json::from_value(record(3)).unwrap();
    let error = store
        .insert(&record, chatgate_core::time::Timestamp(1_795_000_000))
        .await
        .expect_err("refused by the constraint");
    let text = error.to_string();
    assert!(text.contains("refuse_all"), "{text}");
    assert!(!text.contains("7911123456"), "{text}");
}

#[tokio::test]
async fn a_unix_socket_url_reaches_the_database_and_is_described_without_secrets() {
    let db = TestDb::new(Engine::Postgres, "socket");
    let url = shared().socket_url(&database_name(&db));
    let store = ConsentStore::open(&Database::Postgres(url.clone()))
        .await
        .unwrap();
    assert_eq!(store.count().await.unwrap(), 0);
    let with_password = url.replace("postgres@", "postgres:s3cret@");
    let described = Database::parse(&with_password).describe();
    assert!(
        described.starts_with("postgres://postgres@/"),
        "{described}"
    );
    assert!(!described.contains("s3cret"), "{described}");
}
