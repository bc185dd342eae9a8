//! Issue 17: `POST /consents/withdrawals` — a STOP reply or an agent withdraws every consent of a phone number,
//! on both engines. Who may call it, what it refuses (naming the field), what the ledger records (method, note,
//! time; nothing deleted), and a consent given before a STOP but delivered after it, which arrives withdrawn.
//! The same races on two receivers are in `shared_database.rs`.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::{SystemTime, UNIX_EPOCH};

use axum::http::{header, StatusCode};
use chatgate_core::time::Timestamp;
use serde_json::{json, Value};
use support::{post, receiver, record, record_of, send, staff, stored, stored_count, TestDb, SITE};

const TOKEN: &str = "s3cret-token";

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

fn stop(phone: &str, region: Option<&str>) -> Value {
    let mut body = json!({"phone": phone, "method": "stop-reply"});
    if let Some(region) = region {
        body["region"] = json!(region);
    }
    body
}

on_both_engines!(
    async fn a_stop_reply_withdraws_every_consent_of_the_number_and_records_how(engine) {
        let db = TestDb::new(engine, "stop");
        let receiver = receiver(&db, Some(TOKEN)).await;
        let (mine, also_mine, other) = (record(1), record(2), record_of(3, "+79123456789"));
        let mut earlier = record(4);
        earlier["withdrawn_at"] = json!("2026-11-18T12:00:00Z");
        for body in [&mine, &also_mine, &other, &earlier] {
            let (status, _, _) = send(&receiver, post("/consents", body.to_string())).await;
            assert_eq!(status, StatusCode::CREATED);
        }
        let before = now();
        let request = staff(
            "POST",
            "/consents/withdrawals",
            Some(TOKEN),
            Some(stop("07911 123456", Some("GB"))),
        );
        let (status, answer, headers) = send(&receiver, request).await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        assert_eq!(headers.get(header::CACHE_CONTROL).unwrap(), "no-store");
        let mut expected = vec![id_of(&mine), id_of(&also_mine)];
        expected.sort();
        assert_eq!(answer["withdrawn"], json!(expected));
        assert_eq!(answer["method"], "stop-reply");
        for id in &expected {
            let kept = stored(&receiver, id).await.unwrap();
            let at = kept.record.withdrawn_at.expect("withdrawn");
            assert!(at >= before && at <= now(), "{at:?}");
            assert_eq!(answer["withdrawn_at"], json!(at.to_rfc3339_utc()));
            let json = serde_json::to_value(&kept).unwrap();
            assert_eq!(
                (&json["withdrawal_method"], &json["withdrawal_note"]),
                (&json!("stop-reply"), &Value::Null)
            );
        }
        let untouched = stored(&receiver, &id_of(&other)).await.unwrap();
        assert_eq!(
            (untouched.record.withdrawn_at, untouched.withdrawal_method),
            (None, None)
        );
        let widget = serde_json::to_value(stored(&receiver, &id_of(&earlier)).await.unwrap())
            .unwrap();
        assert_eq!(
            (&widget["withdrawn_at"], &widget["withdrawal_method"]),
            (&json!("2026-11-18T12:00:00Z"), &json!("widget")),
            "an earlier withdrawal keeps its time and method"
        );
        assert_eq!(stored_count(&receiver).await, 4, "nothing deleted");

        // A second STOP finds nothing in force and changes nothing.
        let again = staff(
            "POST",
            "/consents/withdrawals",
            Some(TOKEN),
            Some(stop("+447911123456", None)),
        );
        let (status, answer, _) = send(&receiver, again).await;
        assert_eq!((status, &answer["withdrawn"]), (StatusCode::OK, &json!([])));
    }
);

on_both_engines!(
    async fn an_agent_withdrawal_keeps_its_note_and_the_list_shows_it(engine) {
        let db = TestDb::new(engine, "agent");
        let receiver = receiver(&db, Some(TOKEN)).await;
        send(&receiver, post("/consents", record(5).to_string())).await;
        let body = json!({"phone": "+44 (0) 7911-123456", "method": "agent",
            "note": "Asked on the phone not to be contacted again.\nTicket 4411."});
        let (status, answer, _) = send(
            &receiver,
            staff("POST", "/consents/withdrawals", Some(TOKEN), Some(body)),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        assert_eq!(answer["withdrawn"], json!([id_of(&record(5))]));
        let (status, list, _) =
            send(&receiver, staff("GET", "/consents", Some(TOKEN), None)).await;
        assert_eq!(status, StatusCode::OK);
        let listed = &list[0];
        assert_eq!(listed["withdrawal_method"], "agent");
        assert_eq!(
            listed["withdrawal_note"],
            "Asked on the phone not to be contacted again.\nTicket 4411."
        );
        for field in ["consent_id", "phone", "given_at", "withdrawn_at", "received_at"] {
            assert!(listed[field].is_string(), "{field} in {listed}");
        }
    }
);

on_both_engines!(
    async fn a_withdrawal_by_number_is_for_staff_and_refuses_bad_input_naming_the_field(engine) {
        let db = TestDb::new(engine, "refusals");
        let off = receiver(&db, None).await;
        let request = staff(
            "POST",
            "/consents/withdrawals",
            Some(TOKEN),
            Some(stop("+447911123456", None)),
        );
        assert_eq!(send(&off, request).await.0, StatusCode::NOT_FOUND);
        drop(off);
        let receiver = receiver(&db, Some(TOKEN)).await;
        send(&receiver, post("/consents", record(6).to_string())).await;
        let with = |change: &dyn Fn(&mut Value)| {
            let mut body = stop("+447911123456", None);
            change(&mut body);
            staff("POST", "/consents/withdrawals", Some(TOKEN), Some(body))
        };
        let cases = vec![
            (
                staff(
                    "POST",
                    "/consents/withdrawals",
                    None,
                    Some(stop("+447911123456", None)),
                ),
                StatusCode::UNAUTHORIZED,
                "Bearer",
            ),
            (
                staff(
                    "POST",
                    "/consents/withdrawals",
                    Some("s3cret-tokeN"),
                    Some(stop("+447911123456", None)),
                ),
                StatusCode::UNAUTHORIZED,
                "Bearer",
            ),
            (
                with(&|b| b["phone"] = json!("07911 123456")),
                StatusCode::BAD_REQUEST,
                "phone:",
            ),
            (
                with(&|b| b["phone"] = json!("not a number")),
                StatusCode::BAD_REQUEST,
                "phone:",
            ),
            (
                with(&|b| b["region"] = json!("ZZ")),
                StatusCode::BAD_REQUEST,
                "region:",
            ),
            (
                with(&|b| b["method"] = json!("widget")),
                StatusCode::BAD_REQUEST,
                "method:",
            ),
            (
                with(&|b| {
                    b.as_object_mut().unwrap().remove("method");
                }),
                StatusCode::BAD_REQUEST,
                "method:",
            ),
            (
                with(&|b| b["note"] = json!("x".repeat(1_001))),
                StatusCode::BAD_REQUEST,
                "note:",
            ),
            (
                with(&|b| b["consent_id"] = json!(id_of(&record(6)))),
                StatusCode::BAD_REQUEST,
                "consent_id:",
            ),
            (
                staff("POST", "/consents/withdrawals", Some(TOKEN), None),
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "application/json",
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
        let kept = stored(&receiver, &id_of(&record(6))).await.unwrap();
        assert_eq!(kept.record.withdrawn_at, None, "nothing was withdrawn");
        // The company's own pages (allowed origins: the agent assistant) may send it, with the token; no other.
        let preflight = |origin: &str| {
            axum::http::Request::options("/consents/withdrawals")
                .header(header::ORIGIN, origin)
                .body(axum::body::Body::empty())
                .unwrap()
        };
        let (status, _, headers) = send(&receiver, preflight(SITE)).await;
        assert!(status.is_success(), "{status}");
        assert_eq!(headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).unwrap(), SITE);
        let allowed = headers.get(header::ACCESS_CONTROL_ALLOW_HEADERS).unwrap();
        assert!(allowed.to_str().unwrap().contains("authorization"));
        let (status, _, headers) = send(&receiver, preflight("https://evil.example")).await;
        assert!(!status.is_success(), "{status}");
        assert!(headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
    }
);

on_both_engines!(
    async fn a_consent_delivered_after_a_stop_that_followed_it_arrives_withdrawn(engine) {
        let db = TestDb::new(engine, "late");
        let receiver = receiver(&db, Some(TOKEN)).await;
        let request = staff(
            "POST",
            "/consents/withdrawals",
            Some(TOKEN),
            Some(stop("+447911123456", None)),
        );
        let (status, answer, _) = send(&receiver, request).await;
        assert_eq!((status, &answer["withdrawn"]), (StatusCode::OK, &json!([])));
        let stopped_at = answer["withdrawn_at"].clone();

        // Given on 2026-11-18, before the STOP, delivered only now (the visitor was offline).
        let (status, late, _) = send(&receiver, post("/consents", record(7).to_string())).await;
        assert_eq!(status, StatusCode::CREATED, "{late}");
        assert_eq!(
            (&late["withdrawn_at"], &late["withdrawal_method"]),
            (&stopped_at, &json!("stop-reply"))
        );
        // Given after the STOP (a new opt-in): in force.
        let mut after = record(8);
        after["given_at"] = json!(Timestamp(now().0 + 60).to_rfc3339_utc());
        let (status, new, _) = send(&receiver, post("/consents", after.to_string())).await;
        assert_eq!(status, StatusCode::CREATED, "{new}");
        assert_eq!(new["withdrawn_at"], Value::Null);
        // Another number's consent is not affected.
        let (_, other, _) = send(
            &receiver,
            post("/consents", record_of(9, "+79123456789").to_string()),
        )
        .await;
        assert_eq!(other["withdrawn_at"], Value::Null);
    }
);
