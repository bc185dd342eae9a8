//! The consent receiver (`chatgate serve --db`): what it stores, what it refuses, who may read it, and that an
//! acknowledged record survives reopening the database. Requests go through the real router; the browser's
//! side against the real server is in `tests/e2e/delivery.test.mjs`.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chatgate_core::consent::LedgerQuery;
use chatgate_server::receiver::BODY_LIMIT;
use serde_json::{json, Value};
use support::{post, receiver, record, send, stored_count, TestDb, SITE};

on_both_engines!(async fn stores_a_record_once_and_answers_repeats_with_the_stored_one(engine) {
    let db = TestDb::new(engine, "once");
    let receiver = receiver(&db, None).await;
    let body = record(1).to_string();
    let (status, first, headers) = send(&receiver, post("/consents", body.clone())).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    assert_eq!(
        headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).unwrap(),
        SITE
    );
    assert_eq!(
        headers.get(header::ACCESS_CONTROL_EXPOSE_HEADERS).unwrap(),
        "Retry-After"
    );
    assert_eq!(first["consent_id"], record(1)["consent_id"]);
    assert!(first["received_at"].as_str().unwrap().ends_with('Z'));
    let (status, again, _) = send(&receiver, post("/consents", body)).await;
    assert_eq!((status, &again), (StatusCode::OK, &first));
    assert_eq!(stored_count(&receiver).await, 1);

    let mut different = record(1);
    different["purposes"] = json!(["offers"]);
    let (status, reason, _) = send(&receiver, post("/consents", different.to_string())).await;
    assert_eq!(status, StatusCode::CONFLICT, "{reason}");
    assert_eq!(stored_count(&receiver).await, 1);
});

on_both_engines!(async fn withdrawal_is_recorded_once_and_never_deletes(engine) {
    let db = TestDb::new(engine, "withdraw");
    let receiver = receiver(&db, None).await;
    let id = record(2)["consent_id"].as_str().unwrap().to_string();
    let bare = |id: &str| {
        Request::post(format!("/consents/{id}/withdraw"))
            .body(Body::empty())
            .unwrap()
    };
    let (status, _, _) = send(&receiver, bare(&id)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    send(&receiver, post("/consents", record(2).to_string())).await;
    let (status, withdrawn, _) = send(&receiver, bare(&id)).await;
    assert_eq!(status, StatusCode::OK, "{withdrawn}");
    let at = withdrawn["withdrawn_at"].as_str().unwrap().to_string();
    let mut later = record(2);
    later["withdrawn_at"] = json!("2026-11-19T00:00:00Z");
    let (status, again, _) = send(
        &receiver,
        post(&format!("/consents/{id}/withdraw"), later.to_string()),
    )
    .await;
    assert_eq!(
        (status, again["withdrawn_at"].as_str().unwrap()),
        (StatusCode::OK, at.as_str()),
        "the first withdrawal time stays"
    );
    assert_eq!(stored_count(&receiver).await, 1);

    // A withdrawal that overtook its consent stores both at once.
    let mut early = record(3);
    early["withdrawn_at"] = json!("2026-11-18T12:00:00Z");
    let id = early["consent_id"].as_str().unwrap().to_string();
    let (status, stored, _) = send(
        &receiver,
        post(&format!("/consents/{id}/withdraw"), early.to_string()),
    )
    .await;
    assert_eq!(
        (status, stored["withdrawn_at"].as_str()),
        (StatusCode::OK, Some("2026-11-18T12:00:00Z"))
    );
    let (status, _, _) = send(
        &receiver,
        post(&format!("/consents/{id}/withdraw"), record(4).to_string()),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "the body's id must be the address's"
    );
});

on_both_engines!(async fn bad_input_gets_a_reason_and_stores_nothing(engine) {
    let db = TestDb::new(engine, "bad");
    let receiver = receiver(&db, None).await;
    let with = |key: &str, value: Value| {
        let mut body = record(5);
        body[key] = value;
        body.to_string()
    };
    let cases: Vec<(Request<Body>, StatusCode, &str)> = vec![
        (
            post("/consents", "{not json"),
            StatusCode::BAD_REQUEST,
            "body",
        ),
        (post("/consents", "[]"), StatusCode::BAD_REQUEST, "body"),
        (
            post("/consents", with("phone", json!(447911123456u64))),
            StatusCode::BAD_REQUEST,
            "phone",
        ),
        (
            post("/consents", with("phone", json!("+1 555"))),
            StatusCode::BAD_REQUEST,
            "phone",
        ),
        (
            post(
                "/consents",
                with("consent_id", json!("1'); DROP TABLE consents;--")),
            ),
            StatusCode::BAD_REQUEST,
            "consent_id",
        ),
        (
            post(
                "/consents",
                with(
                    "business",
                    json!("Robert'); DROP TABLE consents;--".repeat(20)),
                ),
            ),
            StatusCode::BAD_REQUEST,
            "business",
        ),
        (
            post("/consents", with("is_admin", json!(true))),
            StatusCode::BAD_REQUEST,
            "is_admin",
        ),
        (
            post("/consents", with("purposes", json!("results"))),
            StatusCode::BAD_REQUEST,
            "purposes",
        ),
        (
            post("/consents", with("text", json!("edited later"))),
            StatusCode::BAD_REQUEST,
            "text_version",
        ),
        (
            post(
                "/consents",
                format!("{{\"text\": \"{}\"}}", "x".repeat(BODY_LIMIT)),
            ),
            StatusCode::PAYLOAD_TOO_LARGE,
            "larger",
        ),
        (
            Request::post("/consents")
                .header(header::CONTENT_TYPE, "text/plain")
                .body(Body::from(record(5).to_string()))
                .unwrap(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "application/json",
        ),
        (
            Request::post("/consents")
                .header(header::CONTENT_TYPE, "application/json")
                .header("idempotency-key", "other")
                .body(Body::from(record(5).to_string()))
                .unwrap(),
            StatusCode::BAD_REQUEST,
            "Idempotency-Key",
        ),
        (
            Request::post("/consents")
                .header(header::CONTENT_TYPE, "application/json")
                .header(header::ORIGIN, "https://evil.example")
                .body(Body::from(record(5).to_string()))
                .unwrap(),
            StatusCode::FORBIDDEN,
            "evil.example",
        ),
        (
            post("/consents/not-a-uuid/withdraw", ""),
            StatusCode::BAD_REQUEST,
            "consent_id",
        ),
    ];
    for (request, expected, reason) in cases {
        let (status, body, _) = send(&receiver, request).await;
        assert_eq!(status, expected, "{body}");
        assert!(
            body["reason"].as_str().is_some_and(|r| r.contains(reason)),
            "{reason} in {body}"
        );
    }
    assert_eq!(stored_count(&receiver).await, 0);
    // SQL-looking text is only ever data: valid records may carry it, and it is stored as it came.
    let (status, stored, _) = send(
        &receiver,
        post(
            "/consents",
            with("business", json!("Robert'); DROP TABLE consents;--")),
        ),
    )
    .await;
    assert_eq!(
        (status, stored["business"].as_str()),
        (
            StatusCode::CREATED,
            Some("Robert'); DROP TABLE consents;--")
        )
    );
    let mut sql = record(6);
    sql["text"] = json!("x'); DROP TABLE consents;--");
    sql["text_version"] = json!(chatgate_core::consent::text_version(
        "x'); DROP TABLE consents;--"
    ));
    let (status, stored, _) = send(&receiver, post("/consents", sql.to_string())).await;
    assert_eq!(
        (status, stored["text"].as_str()),
        (StatusCode::CREATED, Some("x'); DROP TABLE consents;--"))
    );
    assert_eq!(stored_count(&receiver).await, 2);
});

on_both_engines!(async fn preflight_allows_only_configured_origins(engine) {
    let db = TestDb::new(engine, "cors");
    let receiver = receiver(&db, None).await;
    let preflight = |origin: &str| {
        Request::options("/consents")
            .header(header::ORIGIN, origin)
            .header("access-control-request-method", "POST")
            .body(Body::empty())
            .unwrap()
    };
    let (status, _, headers) = send(&receiver, preflight(SITE)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).unwrap(),
        SITE
    );
    assert!(headers
        .get(header::ACCESS_CONTROL_ALLOW_HEADERS)
        .unwrap()
        .to_str()
        .unwrap()
        .contains("idempotency-key"));
    let (status, _, headers) = send(&receiver, preflight("https://evil.example")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
});

on_both_engines!(async fn the_list_needs_the_admin_token_and_exports_csv(engine) {
    let db = TestDb::new(engine, "list");
    let off = receiver(&db, None).await;
    let get = |path: &str, token: Option<&str>| {
        let mut request = Request::get(path);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        request.body(Body::empty()).unwrap()
    };
    assert_eq!(
        send(&off, get("/consents", Some("anything"))).await.0,
        StatusCode::NOT_FOUND
    );
    drop(off);
    let receiver = receiver(&db, Some("s3cret-token")).await;
    send(&receiver, post("/consents", record(7).to_string())).await;
    let mut formula = record(8);
    formula["text"] = json!("=HYPERLINK(\"http://x\")");
    formula["text_version"] = json!(chatgate_core::consent::text_version(
        "=HYPERLINK(\"http://x\")"
    ));
    send(&receiver, post("/consents", formula.to_string())).await;
    let (status, _, headers) = send(&receiver, get("/consents", None)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(headers.get(header::WWW_AUTHENTICATE).unwrap(), "Bearer");
    assert_eq!(
        send(&receiver, get("/consents", Some("s3cret-tokeN")))
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    let (status, list, _) = send(&receiver, get("/consents", Some("s3cret-token"))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 2, "without limit or after: every record, a bare array");
    let (_, page, _) = send(&receiver, get("/consents?limit=1", Some("s3cret-token"))).await;
    assert_eq!(page["consents"].as_array().unwrap().len(), 1);
    assert!(page["next"].is_string(), "a page says where the next one starts");
    let (_, filtered, _) = send(
        &receiver,
        get(
            "/consents?phone=%2B44%207911%20123456",
            Some("s3cret-token"),
        ),
    )
    .await;
    assert_eq!(filtered.as_array().unwrap().len(), 2);
    let (_, none, _) = send(
        &receiver,
        get("/consents?phone=%2B79123456789", Some("s3cret-token")),
    )
    .await;
    assert_eq!(none.as_array().unwrap().len(), 0);
    let (status, csv, headers) =
        send(&receiver, get("/consents?format=csv", Some("s3cret-token"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers
        .get(header::CONTENT_TYPE)
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let csv = csv.as_str().unwrap();
    assert_eq!(
        csv.matches("\r\n").count(),
        3,
        "a header and two records: {csv}"
    );
    assert!(csv.starts_with("consent_id,phone,purposes,"));
    assert!(
        csv.contains("\"+447911123456\""),
        "an E.164 number keeps its +"
    );
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""),
        "a formula is neutralised: {csv}"
    );
});

on_both_engines!(async fn concurrent_deliveries_store_each_record_once_and_survive_reopening(engine) {
    let db = TestDb::new(engine, "concurrent");
    let receiver = receiver(&db, None).await;
    let mut tasks = Vec::new();
    for i in 0..200u8 {
        for _ in 0..(1 + usize::from(i % 3 == 0)) {
            let receiver = receiver.clone();
            tasks.push(tokio::spawn(async move {
                send(&receiver, post("/consents", record(i).to_string()))
                    .await
                    .0
            }));
        }
    }
    for task in tasks {
        let status = task.await.unwrap();
        assert!(
            status == StatusCode::CREATED || status == StatusCode::OK,
            "{status}"
        );
    }
    assert_eq!(stored_count(&receiver).await, 200);
    drop(receiver);
    let reopened = db.open().await;
    assert_eq!(reopened.count().await.unwrap(), 200);
    let of_the_number = LedgerQuery {
        phone: Some(chatgate_core::phone::normalize_phone("+447911123456", None).unwrap()),
        ..LedgerQuery::everything(1000)
    };
    let page = reopened.list(&of_the_number).await.unwrap();
    assert_eq!((page.consents.len(), page.next), (200, None));
});
