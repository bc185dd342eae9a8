//! Issue 18, "Robust under hostile and huge input", on the receiver's side: the ledger cannot be made to say a
//! consent is in force when it was withdrawn, and a body that cannot be read is refused — never taken for no
//! body — so the action is not performed. Requests go through the real router; `slow_clients.rs` runs the real
//! server.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chatgate_core::consent::ConsentRecord;
use chatgate_core::time::Timestamp;
use chatgate_server::receiver::BODY_LIMIT;
use serde_json::{json, Value};
use support::{
    broken_body, post, receiver, receiver_with_body_timeout, record, send, stored, stored_count,
    TestDb, SITE,
};

fn now() -> Timestamp {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("a clock after 1970")
        .as_secs();
    Timestamp(i64::try_from(seconds).expect("a clock before 2262"))
}

fn id_of(record: &Value) -> String {
    record["consent_id"].as_str().unwrap().to_string()
}

fn withdrawal(id: &str, content_type: Option<&str>, body: Body) -> Request<Body> {
    let mut request =
        Request::post(format!("/consents/{id}/withdraw")).header(header::ORIGIN, SITE);
    if let Some(content_type) = content_type {
        request = request.header(header::CONTENT_TYPE, content_type);
    }
    request.body(body).unwrap()
}

async fn withdrawn_at(
    receiver: &std::sync::Arc<chatgate_server::receiver::Receiver>,
    id: &str,
) -> Option<Timestamp> {
    stored(receiver, id)
        .await
        .expect("the record is stored")
        .record
        .withdrawn_at
}

on_both_engines!(async fn a_withdrawal_dated_in_the_future_or_before_the_consent_is_refused(engine) {
    let db = TestDb::new(engine, "future-withdrawal");
    let receiver = receiver(&db, None).await;
    let with_withdrawal = |at: &str| {
        let mut body = record(20);
        body["withdrawn_at"] = json!(at);
        body
    };
    let id = id_of(&record(20));
    for (path, body, reason) in [
        (
            "/consents".to_string(),
            with_withdrawal("2099-01-01T00:00:00Z"),
            "withdrawn_at: lies in the future",
        ),
        (
            format!("/consents/{id}/withdraw"),
            with_withdrawal("2099-01-01T00:00:00Z"),
            "withdrawn_at: lies in the future",
        ),
        (
            "/consents".to_string(),
            with_withdrawal("2026-11-17T00:00:00Z"),
            "withdrawn_at: is before `given_at`",
        ),
        (
            format!("/consents/{id}/withdraw"),
            with_withdrawal("2026-11-17T00:00:00Z"),
            "withdrawn_at: is before `given_at`",
        ),
    ] {
        let (status, answer, _) = send(&receiver, post(&path, body.to_string())).await;
        assert_eq!(
            (status, answer["reason"].as_str()),
            (StatusCode::BAD_REQUEST, Some(reason)),
            "{path}"
        );
    }
    assert_eq!(stored_count(&receiver).await, 0);
});

on_both_engines!(async fn after_a_real_withdrawal_the_record_reads_as_withdrawn(engine) {
    let db = TestDb::new(engine, "reads-withdrawn");
    let receiver = receiver(&db, None).await;

    // A row stored before the receiver refused such times: "withdrawn in 2099" gives way to a real withdrawal.
    let legacy: ConsentRecord = serde_json::from_value(record(21)).unwrap();
    let legacy = ConsentRecord {
        withdrawn_at: Some(Timestamp::parse_rfc3339("2099-01-01T00:00:00Z").unwrap()),
        ..legacy
    };
    receiver
        .store
        .insert(&legacy, Timestamp(1_795_000_000))
        .await
        .unwrap();
    let (status, answer, _) = send(
        &receiver,
        withdrawal(&legacy.consent_id, None, Body::empty()),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let at = withdrawn_at(&receiver, &legacy.consent_id).await.unwrap();
    assert!(at <= now(), "{at:?} is not in the past");
    assert_eq!(answer["withdrawn_at"], json!(at.to_rfc3339_utc()));

    // A visitor's clock a few hours fast is within the allowance; a real withdrawal still ends it.
    let mut fast = record(22);
    let ahead = Timestamp(now().0 + 6 * 3_600);
    fast["withdrawn_at"] = json!(ahead.to_rfc3339_utc());
    let (status, answer, _) = send(&receiver, post("/consents", fast.to_string())).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    assert_eq!(withdrawn_at(&receiver, &id_of(&fast)).await, Some(ahead));
    let mut real = record(22);
    let real_at = now();
    real["withdrawn_at"] = json!(real_at.to_rfc3339_utc());
    let (status, _, _) = send(
        &receiver,
        post(
            &format!("/consents/{}/withdraw", id_of(&fast)),
            real.to_string(),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(withdrawn_at(&receiver, &id_of(&fast)).await, Some(real_at));

    // A withdrawal the receiver gets now happened by now, whatever the sender's clock says.
    let mut ahead_withdrawal = record(23);
    ahead_withdrawal["withdrawn_at"] = json!(Timestamp(now().0 + 6 * 3_600).to_rfc3339_utc());
    let (status, _, _) = send(
        &receiver,
        post(
            &format!("/consents/{}/withdraw", id_of(&ahead_withdrawal)),
            ahead_withdrawal.to_string(),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let at = withdrawn_at(&receiver, &id_of(&ahead_withdrawal))
        .await
        .unwrap();
    assert!(at <= now(), "{at:?} is not in the past");

    // A withdrawal in the past is the first and stays: a later one, even claiming an earlier time, changes nothing.
    let mut past = record(24);
    past["withdrawn_at"] = json!("2026-11-20T00:00:00Z");
    send(
        &receiver,
        post(
            &format!("/consents/{}/withdraw", id_of(&past)),
            past.to_string(),
        ),
    )
    .await;
    past["withdrawn_at"] = json!("2026-11-19T00:00:00Z");
    send(
        &receiver,
        post(
            &format!("/consents/{}/withdraw", id_of(&past)),
            past.to_string(),
        ),
    )
    .await;
    send(&receiver, withdrawal(&id_of(&past), None, Body::empty())).await;
    assert_eq!(
        withdrawn_at(&receiver, &id_of(&past))
            .await
            .map(Timestamp::to_rfc3339_utc),
        Some("2026-11-20T00:00:00Z".to_string())
    );
});

on_both_engines!(async fn a_body_that_cannot_be_read_is_refused_and_nothing_is_done(engine) {
    let db = TestDb::new(engine, "unreadable");
    let receiver = receiver_with_body_timeout(&db, None, Duration::from_millis(200)).await;
    let consent = record(25);
    let id = id_of(&consent);
    let (status, _, _) = send(&receiver, post("/consents", consent.to_string())).await;
    assert_eq!(status, StatusCode::CREATED);
    let oversize = || Body::from("x".repeat(BODY_LIMIT + 1));
    let announced = |path: &str, content_type: Option<&str>| {
        let mut request =
            Request::post(path).header(header::CONTENT_LENGTH, (BODY_LIMIT + 1).to_string());
        if let Some(content_type) = content_type {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        request.body(Body::from("{}")).unwrap()
    };
    let json = Some("application/json");
    let withdraw = format!("/consents/{id}/withdraw");
    let cases: Vec<(&str, Request<Body>, StatusCode, &str)> = vec![
        (
            "record, too large",
            post("/consents", oversize()),
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
        ),
        (
            "record, announced too large",
            announced("/consents", json),
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
        ),
        (
            "record, broken off",
            post("/consents", broken_body(&["{\"consent_id\":"], false)),
            StatusCode::BAD_REQUEST,
            "unreadable_body",
        ),
        (
            "record, too slow",
            post("/consents", broken_body(&["{\"consent_id\": "], true)),
            StatusCode::REQUEST_TIMEOUT,
            "timed_out",
        ),
        (
            "withdrawal, too large",
            withdrawal(&id, json, oversize()),
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
        ),
        (
            "withdrawal, broken off",
            withdrawal(&id, json, broken_body(&["{"], false)),
            StatusCode::BAD_REQUEST,
            "unreadable_body",
        ),
        (
            "withdrawal, too slow",
            withdrawal(&id, json, broken_body(&["{"], true)),
            StatusCode::REQUEST_TIMEOUT,
            "timed_out",
        ),
        // Issue 18: without Content-Type, an oversized body used to be read as no body and the withdrawal done.
        (
            "bare withdrawal, too large",
            withdrawal(&id, None, oversize()),
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
        ),
        (
            "bare withdrawal, announced too large",
            announced(&withdraw, None),
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
        ),
        (
            "bare withdrawal, broken off",
            withdrawal(&id, None, broken_body(&["x"], false)),
            StatusCode::BAD_REQUEST,
            "unreadable_body",
        ),
        (
            "bare withdrawal, too slow",
            withdrawal(&id, None, broken_body(&[], true)),
            StatusCode::REQUEST_TIMEOUT,
            "timed_out",
        ),
        (
            "bare withdrawal with a body",
            withdrawal(&id, None, Body::from("x")),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        ),
    ];
    for (case, request, expected, error) in cases {
        let (status, answer, _) = send(&receiver, request).await;
        assert_eq!(
            (status, answer["error"].as_str()),
            (expected, Some(error)),
            "{case}: {answer}"
        );
        assert!(
            answer["reason"]
                .as_str()
                .is_some_and(|reason| !reason.is_empty()),
            "{case}: {answer}"
        );
    }
    assert_eq!(stored_count(&receiver).await, 1, "no record was stored");
    assert_eq!(
        withdrawn_at(&receiver, &id).await,
        None,
        "no withdrawal was done"
    );
    let (status, _, _) = send(&receiver, withdrawal(&id, None, Body::empty())).await;
    assert_eq!(status, StatusCode::OK, "an empty withdrawal still works");
    assert!(withdrawn_at(&receiver, &id).await.is_some());
});

on_both_engines!(async fn the_list_reads_no_body(engine) {
    let db = TestDb::new(engine, "list-body");
    let receiver = receiver(&db, Some("s3cret-token")).await;
    let list = |body: Body| {
        Request::get("/consents")
            .header(header::AUTHORIZATION, "Bearer s3cret-token")
            .body(body)
            .unwrap()
    };
    for body in [
        Body::from("x".repeat(BODY_LIMIT * 2)),
        broken_body(&[], true),
        broken_body(&["x"], false),
    ] {
        let answered =
            tokio::time::timeout(Duration::from_secs(2), send(&receiver, list(body))).await;
        let (status, answer, _) = answered.expect("answered without waiting for the body");
        assert_eq!(
            (status, answer),
            (StatusCode::OK, json!([]))
        );
    }
});
