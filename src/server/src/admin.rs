//! The receiver's staff endpoints: `GET /consents` (the ledger, as JSON or CSV) and `POST /consents/withdrawals`
//! (a STOP reply or an agent withdrawing every consent of a phone number).
//!
//! Both need `Authorization: Bearer $CHATGATE_ADMIN_TOKEN`: 401 without it, 404 when the receiver runs without
//! that variable (the endpoints are off). They are for the business's own tools, not for pages of other origins:
//! no CORS. A request is checked (the phone read by `core::phone::normalize_phone`, the method, the note) before
//! anything is stored, and a refusal names the field. Nothing personal is logged.

use std::sync::Arc;

use axum::extract::{Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::receiver::{now, read_json_body, refuse, server_error, Receiver};
use super::store::to_csv;
use chatgate_core::consent::check_phone_withdrawal;

/// Compares without stopping at the first different byte, so the time taken says nothing about the token.
fn same_token(given: &[u8], expected: &[u8]) -> bool {
    given.len() == expected.len()
        && given
            .iter()
            .zip(expected)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// `None` when the request carries the admin token; else the answer: 404 when the staff endpoints are off,
/// 401 (with `WWW-Authenticate`) for a missing or wrong token.
fn unauthorized(receiver: &Receiver, headers: &HeaderMap) -> Option<Response> {
    let Some(token) = receiver.admin_token.as_deref() else {
        return Some(refuse(
            StatusCode::NOT_FOUND,
            "off",
            "the staff endpoints are off: start the receiver with CHATGATE_ADMIN_TOKEN set",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "));
    if given.is_some_and(|given| same_token(given.trim().as_bytes(), token.as_bytes())) {
        return None;
    }
    let mut response = refuse(
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        "send Authorization: Bearer <CHATGATE_ADMIN_TOKEN>",
    );
    response
        .headers_mut()
        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    Some(response)
}

#[derive(serde::Deserialize)]
pub(crate) struct ListQuery {
    format: Option<String>,
    phone: Option<String>,
}

/// `GET /consents`: the ledger, oldest first, as JSON or CSV (`format=csv`); only one number's (`phone`).
pub(crate) async fn list(
    State(receiver): State<Arc<Receiver>>,
    headers: HeaderMap,
    Query(query): Query<ListQuery>,
) -> Response {
    if let Some(response) = unauthorized(&receiver, &headers) {
        return response;
    }
    let phone = match query.phone.as_deref().filter(|p| !p.is_empty()) {
        Some(phone) => match chatgate_core::phone::normalize_phone(phone, None) {
            Ok(number) => Some(number.as_string()),
            Err(error) => {
                return refuse(
                    StatusCode::BAD_REQUEST,
                    "invalid_query",
                    format!("phone: {error}"),
                )
            }
        },
        None => None,
    };
    let records = match receiver.store.list(phone.as_deref()).await {
        Ok(records) => records,
        Err(error) => return server_error(error),
    };
    let no_store = (header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    match query.format.as_deref() {
        Some("csv") => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/csv; charset=utf-8"),
                ),
                no_store,
                (
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_static("attachment; filename=\"consents.csv\""),
                ),
            ],
            to_csv(&records),
        )
            .into_response(),
        None | Some("json") => ([no_store], axum::Json(records)).into_response(),
        Some(other) => refuse(
            StatusCode::BAD_REQUEST,
            "invalid_query",
            format!("format: '{other}' is neither json nor csv"),
        ),
    }
}

/// `POST /consents/withdrawals` with `{"phone", "region"?, "method": "stop-reply" | "agent", "note"?}`:
/// withdraws every consent of the number in force now and answers 200 with the ids withdrawn (none, when
/// nothing was in force: the withdrawal is still recorded).
pub(crate) async fn withdraw_phone(
    State(receiver): State<Arc<Receiver>>,
    request: Request,
) -> Response {
    if let Some(response) = unauthorized(&receiver, request.headers()) {
        return response;
    }
    let body = match read_json_body(request, receiver.body_timeout).await {
        Ok(body) => body,
        Err(response) => return response,
    };
    let withdrawal = match check_phone_withdrawal(&body) {
        Ok(withdrawal) => withdrawal,
        Err(problem) => {
            return refuse(
                StatusCode::BAD_REQUEST,
                "invalid_withdrawal",
                problem.to_string(),
            )
        }
    };
    let now = now();
    match receiver.store.withdraw_phone(&withdrawal, now).await {
        Ok(withdrawn) => {
            let ids: Vec<&str> = withdrawn
                .iter()
                .map(|stored| stored.record.consent_id.as_str())
                .collect();
            (
                [(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))],
                axum::Json(json!({
                    "withdrawn": ids,
                    "withdrawn_at": now,
                    "method": withdrawal.method,
                })),
            )
                .into_response()
        }
        Err(error) => server_error(error),
    }
}
