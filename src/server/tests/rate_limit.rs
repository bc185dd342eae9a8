//! Issue 17: `--rate-limit N` — a burst of POSTs past the limit from one address is answered 429 with
//! `Retry-After` and stores nothing; other addresses, and the staff's reading, go on. Through the router with
//! the client's address set as the real server sets it, then against the real server on a socket.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use chatgate_server::rate_limit::RateLimiter;
use chatgate_server::receiver::Receiver;
use chatgate_server::ClientLimits;
use serde_json::json;
use support::servers::{exchange, post_consent, start_with};
use support::{post, record, send, staff, stored_count, Engine, TestDb, SITE};

const TOKEN: &str = "s3cret-token";

fn from(address: &str, mut request: Request<Body>) -> Request<Body> {
    let peer: SocketAddr = address.parse().unwrap();
    request.extensions_mut().insert(ConnectInfo(peer));
    request
}

#[tokio::test]
async fn a_burst_past_the_limit_gets_429_with_retry_after_and_stores_nothing() {
    let db = TestDb::new(Engine::Sqlite, "rate-limit");
    let receiver = Arc::new(Receiver {
        rate_limit: Some(RateLimiter::new(5)),
        ..Arc::into_inner(support::receiver(&db, Some(TOKEN)).await).unwrap()
    });
    let client = "192.0.2.7:50000";
    for seed in 0..5 {
        let request = from(client, post("/consents", record(seed).to_string()));
        assert_eq!(send(&receiver, request).await.0, StatusCode::CREATED);
    }
    for seed in 5..12 {
        let request = from(client, post("/consents", record(seed).to_string()));
        let (status, body, headers) = send(&receiver, request).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
        assert_eq!(body["error"], "rate_limited");
        assert_eq!(
            headers.get(header::RETRY_AFTER).unwrap(),
            "12",
            "5 a minute: one every 12 s"
        );
        assert_eq!(
            headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).unwrap(),
            SITE,
            "the widget can read it"
        );
    }
    assert_eq!(stored_count(&receiver).await, 5);
    // Withdrawals count too, and so do attempts at the staff's withdrawal (guessing the token).
    let id = record(0)["consent_id"].as_str().unwrap().to_string();
    let withdrawal = from(
        client,
        Request::post(format!("/consents/{id}/withdraw"))
            .body(Body::empty())
            .unwrap(),
    );
    assert_eq!(
        send(&receiver, withdrawal).await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
    let guess = from(
        client,
        staff(
            "POST",
            "/consents/withdrawals",
            Some("guess"),
            Some(json!({"phone": "+447911123456", "method": "agent"})),
        ),
    );
    assert_eq!(
        send(&receiver, guess).await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
    // Another address is not held back, nor is reading the ledger.
    let other = from(
        "198.51.100.1:40000",
        post("/consents", record(20).to_string()),
    );
    assert_eq!(send(&receiver, other).await.0, StatusCode::CREATED);
    for _ in 0..10 {
        let list = from(client, staff("GET", "/consents", Some(TOKEN), None));
        assert_eq!(send(&receiver, list).await.0, StatusCode::OK);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_real_server_limits_by_the_connections_address() {
    let limits = ClientLimits {
        header_timeout: Duration::from_secs(5),
        body_timeout: Duration::from_secs(5),
        max_connections: Some(64),
    };
    let servers = start_with("rate-limit-server", limits, 3).await;
    let mut statuses = Vec::new();
    let mut retry_after = Vec::new();
    for seed in 0..10 {
        let answer = exchange(servers.widget, &post_consent(seed), Duration::from_secs(5))
            .await
            .expect("answered");
        statuses.push(answer[9..12].to_string());
        if let Some(line) = answer
            .lines()
            .find(|line| line.to_ascii_lowercase().starts_with("retry-after:"))
        {
            retry_after.push(line[12..].trim().to_string());
        }
    }
    assert_eq!(statuses[..3], ["201", "201", "201"]);
    assert!(
        statuses[3..].iter().all(|status| status == "429"),
        "{statuses:?}"
    );
    assert_eq!(retry_after.len(), 7);
    assert!(
        retry_after.iter().all(|seconds| seconds == "20"),
        "{retry_after:?}"
    );
    assert_eq!(servers.db.open().await.count().await.unwrap(), 3);
}
