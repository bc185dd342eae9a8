//! The receiver's staff endpoints: `GET /consents` (the ledger, as JSON or CSV) and `POST /consents/withdrawals`
//! (a STOP reply or an agent withdrawing every consent of a phone number).
//!
//! Both need `Authorization: Bearer $CHATGATE_ADMIN_TOKEN`: 401 without it, 404 when the receiver runs without
//! that variable (the endpoints are off). They are for the business's own tools: `GET /consents` has no CORS;
//! `POST /consents/withdrawals` answers the allowed origins (the agent assistant records STOP replies from the
//! company's page, `receiver::withdrawals_from_a_page`). A request is checked (the phone read by `core::phone::normalize_phone`, the method, the note) before
//! anything is stored, and a refusal names the field. Nothing personal is logged.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::receiver::{now, read_json_body, refuse, server_error, Receiver};
use super::store::{csv_lines, Page, StoreError, CSV_HEADER};
use chatgate_core::consent::{
    check_phone_withdrawal, read_ledger_query, Cursor, LedgerFormat, LedgerQuery, MAX_PAGE,
};

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

/// `GET /consents?…`: a page of the ledger (`{"consents": [...], "next": cursor | null}`), oldest first,
/// filtered as `core::consent::read_ledger_query` reads the parameters; with `format=csv`, every record
/// matching the filters, streamed.
pub(crate) async fn list(
    State(receiver): State<Arc<Receiver>>,
    headers: HeaderMap,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    if let Some(response) = unauthorized(&receiver, &headers) {
        return response;
    }
    let query = match read_ledger_query(&pairs) {
        Ok(query) => query,
        Err(problem) => {
            return refuse(
                StatusCode::BAD_REQUEST,
                "invalid_query",
                problem.to_string(),
            )
        }
    };
    let no_store = (header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // Without `limit` or `after`, the answer is what it always was: every matching record, a bare array.
    let paged = pairs
        .iter()
        .any(|(name, _)| name == "limit" || name == "after");
    match query.format {
        LedgerFormat::Json if !paged => match every_record(&receiver, query).await {
            Ok(records) => ([no_store], axum::Json(records)).into_response(),
            Err(error) => server_error(error),
        },
        LedgerFormat::Json => match receiver.store.list(&query).await {
            Ok(page) => ([no_store], axum::Json(page)).into_response(),
            Err(error) => server_error(error),
        },
        LedgerFormat::Csv => match csv_export(receiver, query).await {
            Ok(body) => (
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
                body,
            )
                .into_response(),
            Err(error) => server_error(error),
        },
    }
}

/// Every record `query` matches, read a page of [`MAX_PAGE`] at a time.
async fn every_record(
    receiver: &Receiver,
    query: LedgerQuery,
) -> Result<Vec<super::store::StoredRecord>, StoreError> {
    let mut query = LedgerQuery {
        limit: MAX_PAGE,
        ..query
    };
    let mut records = Vec::new();
    loop {
        let page = receiver.store.list(&query).await?;
        records.extend(page.consents);
        match page.next.as_deref().and_then(Cursor::decode) {
            Some(cursor) => query.after = Some(cursor),
            None => return Ok(records),
        }
    }
}

/// Every record `query` matches, as a CSV body streamed a page of [`MAX_PAGE`] at a time (memory stays flat
/// whatever the ledger's size). The first page is read before answering, so a database that cannot be read is
/// a 500; one that fails later breaks the download off (never a CSV that looks complete).
async fn csv_export(receiver: Arc<Receiver>, query: LedgerQuery) -> Result<Body, StoreError> {
    let query = LedgerQuery {
        limit: MAX_PAGE,
        ..query
    };
    let first = receiver.store.list(&query).await?;
    let start = Some((Ok(first), query, true));
    let chunks = futures_util::stream::unfold(start, move |state| {
        let receiver = receiver.clone();
        async move {
            let (page, query, first): (Result<Page, StoreError>, LedgerQuery, bool) = state?;
            let page = match page {
                Ok(page) => page,
                Err(error) => {
                    eprintln!("chatgate serve: the CSV export broke off: {error}");
                    return Some((Err(std::io::Error::other("database error")), None));
                }
            };
            let mut chunk = if first {
                CSV_HEADER.to_string()
            } else {
                String::new()
            };
            chunk.push_str(&csv_lines(&page.consents));
            let state = match page.next.as_deref().and_then(Cursor::decode) {
                Some(after) => {
                    let query = LedgerQuery {
                        after: Some(after),
                        ..query
                    };
                    Some((receiver.store.list(&query).await, query, false))
                }
                None => None,
            };
            Some((Ok::<_, std::io::Error>(chunk), state))
        }
    });
    Ok(Body::from_stream(chunks))
}

/// `POST /consents/withdrawals` with `{"phone", "region"?, "method": "stop-reply" | "agent", "note"?}`:
/// withdraws every consent of the number in force now and answers 200 with the ids withdrawn (none, when
/// nothing was in force: the withdrawal is still recorded).
pub(crate) async fn withdraw_phone(
    State(receiver): State<Arc<Receiver>>,
    request: Request,
) -> Response {
    // Before the token is checked: guessing it is rate-limited too.
    if let Some(limited) = receiver.over_rate_limit(&request) {
        return limited;
    }
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
