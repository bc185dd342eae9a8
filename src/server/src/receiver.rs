//! The consent receiver's HTTP side: `POST /consents` and `POST /consents/{id}/withdraw` for the widget, and the
//! routes of the staff endpoints (`admin`: `GET /consents`, `POST /consents/withdrawals`) and of their page
//! (`admin_page`: `/admin/`).
//!
//! Bodies are read with a size limit and a deadline (`request_body`) and checked by
//! `core::consent::check_incoming` before anything is stored; a body that could not be read is refused (413,
//! 408, 400), never taken for no body. Every refusal is a 4xx with a JSON `{"error", "reason"}` that names the
//! field. Browsers may call the two `POST`s only from the configured origins (CORS, with `Idempotency-Key`
//! allowed and `Retry-After` exposed). The handlers know the ledger only as `store::ConsentStore`, whichever
//! engine keeps it.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use serde_json::json;

use super::admin;
use super::admin_page;
use super::rate_limit::{retry_after_seconds, RateLimiter};
use super::request_body::{read_body, BodyError};
use super::store::{ConsentStore, Inserted, StoreError};
use chatgate_core::consent::{check_incoming, is_uuid};
use chatgate_core::time::Timestamp;

/// The largest body accepted (a record with the longest allowed consent text fits many times over).
pub const BODY_LIMIT: usize = 64 * 1024;

/// What the handlers share.
pub struct Receiver {
    /// The consent database.
    pub store: ConsentStore,
    /// Origins whose pages may send consents (`http://127.0.0.1:8080`), exactly as browsers send `Origin`.
    pub allowed_origins: Vec<String>,
    /// `CHATGATE_ADMIN_TOKEN`; `None` turns `GET /consents` off.
    pub admin_token: Option<String>,
    /// How long a request may take to send its whole body (408 after that).
    pub body_timeout: Duration,
    /// How many POSTs a client address may send a minute (`--rate-limit`); `None`: no limit.
    pub rate_limit: Option<RateLimiter>,
}

impl Receiver {
    /// The 429 for a POST from a client that is over the rate limit, with `Retry-After`; `None` to go on. The
    /// client is the connection's peer address (`ConnectInfo`); a request without one (a test sending through
    /// the router) counts as one client.
    pub(crate) fn over_rate_limit(&self, request: &Request) -> Option<Response> {
        let limiter = self.rate_limit.as_ref()?;
        let client = request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::from([0, 0, 0, 0]), |ConnectInfo(peer)| peer.ip());
        let wait = limiter.check(client, Instant::now()).err()?;
        let seconds = retry_after_seconds(wait);
        let mut response = refuse(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            format!(
                "more than {} requests a minute from this address: send again in {seconds} s",
                limiter.per_minute()
            ),
        );
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        Some(response)
    }
}

/// The receiver's routes, to merge into the widget origin's router.
pub fn routes(receiver: Arc<Receiver>) -> Router {
    Router::new()
        .route(
            "/consents",
            post(receive).get(admin::list).options(preflight),
        )
        .route("/consents/{id}/withdraw", post(withdraw).options(preflight))
        .route(
            "/consents/withdrawals",
            post(withdrawals_from_a_page).options(staff_preflight),
        )
        .merge(admin_page::routes())
        .with_state(receiver)
}

pub(crate) fn now() -> Timestamp {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Timestamp(i64::try_from(seconds).unwrap_or(i64::MAX))
}

pub(crate) fn refuse(status: StatusCode, error: &str, reason: impl Into<String>) -> Response {
    (
        status,
        axum::Json(json!({"error": error, "reason": reason.into()})),
    )
        .into_response()
}

/// A browser request from an origin that may not send consents here (answered 403).
struct OriginRefused(String);

impl IntoResponse for OriginRefused {
    fn into_response(self) -> Response {
        refuse(
            StatusCode::FORBIDDEN,
            "origin_not_allowed",
            format!("pages from {} may not send consents here", self.0),
        )
    }
}

/// The CORS headers for a browser request from an allowed origin; `Err` for another origin.
/// Requests without `Origin` (curl, servers) are not cross-origin browser requests and pass, and so do
/// same-origin ones (the admin page at `/admin/`, which browsers send with `Origin` on a POST).
fn cors(
    receiver: &Receiver,
    headers: &HeaderMap,
) -> Result<Vec<(header::HeaderName, HeaderValue)>, OriginRefused> {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return Ok(vec![(header::VARY, HeaderValue::from_static("Origin"))]);
    };
    if is_same_origin(headers, origin) {
        return Ok(vec![(header::VARY, HeaderValue::from_static("Origin"))]);
    }
    let allowed = origin.to_str().is_ok_and(|origin| {
        receiver
            .allowed_origins
            .iter()
            .any(|allowed| allowed == origin)
    });
    if !allowed {
        return Err(OriginRefused(origin.to_str().unwrap_or("?").to_string()));
    }
    Ok(vec![
        (header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone()),
        (header::VARY, HeaderValue::from_static("Origin")),
        (
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static("Retry-After"),
        ),
    ])
}

/// Whether a browser request comes from a page of this origin: `Sec-Fetch-Site: same-origin` (a header pages
/// cannot set), or an `Origin` whose host and port are the request's `Host`.
fn is_same_origin(headers: &HeaderMap, origin: &HeaderValue) -> bool {
    let fetch_site = headers
        .get("sec-fetch-site")
        .is_some_and(|site| site.as_bytes() == b"same-origin");
    let host = headers
        .get(header::HOST)
        .and_then(|host| host.to_str().ok());
    let origin_host = origin.to_str().ok().and_then(|origin| {
        origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"))
    });
    fetch_site
        || matches!((host, origin_host), (Some(host), Some(origin)) if host.eq_ignore_ascii_case(origin))
}

fn with_headers(
    mut response: Response,
    headers: Vec<(header::HeaderName, HeaderValue)>,
) -> Response {
    for (name, value) in headers {
        response.headers_mut().insert(name, value);
    }
    response
}

async fn preflight(State(receiver): State<Arc<Receiver>>, headers: HeaderMap) -> Response {
    preflight_allowing(&receiver, &headers, "content-type, idempotency-key")
}

/// A CORS preflight from an allowed origin: `POST` with `request_headers`; another origin is refused.
fn preflight_allowing(
    receiver: &Receiver,
    headers: &HeaderMap,
    request_headers: &'static str,
) -> Response {
    match cors(receiver, headers) {
        Ok(mut cors_headers) => {
            cors_headers.push((
                header::ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static("POST"),
            ));
            cors_headers.push((
                header::ACCESS_CONTROL_ALLOW_HEADERS,
                HeaderValue::from_static(request_headers),
            ));
            cors_headers.push((
                header::ACCESS_CONTROL_MAX_AGE,
                HeaderValue::from_static("600"),
            ));
            with_headers(StatusCode::NO_CONTENT.into_response(), cors_headers)
        }
        Err(refused) => refused.into_response(),
    }
}

/// `POST /consents/withdrawals` from a browser: the agent assistant records a STOP reply from the company's own
/// page, so an allowed origin gets the CORS headers (the token is still required); another origin is 403.
async fn withdrawals_from_a_page(
    State(receiver): State<Arc<Receiver>>,
    request: Request,
) -> Response {
    let cors_headers = match cors(&receiver, request.headers()) {
        Ok(headers) => headers,
        Err(refused) => return refused.into_response(),
    };
    let response = admin::withdraw_phone(State(receiver), request).await;
    with_headers(response, cors_headers)
}

/// The preflight of a staff request from an allowed origin: `Authorization` and `Content-Type` allowed.
async fn staff_preflight(State(receiver): State<Arc<Receiver>>, headers: HeaderMap) -> Response {
    preflight_allowing(&receiver, &headers, "authorization, content-type")
}

/// A body that could not be read, answered with its own status (413, 408 or 400).
pub(crate) fn body_refused(error: BodyError) -> Response {
    refuse(error.status(), error.code(), error.to_string())
}

/// Reads a JSON body: 415 for another content type (before reading), else as [`read_body`] reads it, and 400
/// for bytes that are not UTF-8.
pub(crate) async fn read_json_body(
    request: Request,
    timeout: Duration,
) -> Result<String, Response> {
    let is_json = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            value
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .eq_ignore_ascii_case("application/json")
        });
    if !is_json {
        return Err(refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send the record as Content-Type: application/json",
        ));
    }
    let bytes = read_body(request, BODY_LIMIT, timeout)
        .await
        .map_err(body_refused)?;
    String::from_utf8(bytes.to_vec()).map_err(|_| {
        refuse(
            StatusCode::BAD_REQUEST,
            "invalid_record",
            "body: is not UTF-8",
        )
    })
}

pub(crate) fn stored_response(status: StatusCode, stored: &super::store::StoredRecord) -> Response {
    (status, axum::Json(stored)).into_response()
}

pub(crate) fn server_error(error: impl std::fmt::Display) -> Response {
    eprintln!("chatgate serve: database error: {error}");
    refuse(
        StatusCode::INTERNAL_SERVER_ERROR,
        "storage_failed",
        "the record could not be stored; send it again",
    )
}

async fn receive(State(receiver): State<Arc<Receiver>>, request: Request) -> Response {
    let cors_headers = match cors(&receiver, request.headers()) {
        Ok(headers) => headers,
        Err(refused) => return refused.into_response(),
    };
    // With the CORS headers, so that the widget can read Retry-After.
    if let Some(limited) = receiver.over_rate_limit(&request) {
        return with_headers(limited, cors_headers);
    }
    let key = request
        .headers()
        .get("idempotency-key")
        .map(|value| value.to_str().unwrap_or("").to_string());
    let response = async {
        let body = read_json_body(request, receiver.body_timeout).await?;
        let now = now();
        let record = check_incoming(&body, now).map_err(|problem| {
            refuse(
                StatusCode::BAD_REQUEST,
                "invalid_record",
                problem.to_string(),
            )
        })?;
        if key
            .as_ref()
            .is_some_and(|key| !key.eq_ignore_ascii_case(&record.consent_id))
        {
            return Err(refuse(
                StatusCode::BAD_REQUEST,
                "invalid_record",
                "Idempotency-Key: must equal the record's consent_id",
            ));
        }
        let inserted = receiver
            .store
            .insert(&record, now)
            .await
            .map_err(server_error)?;
        Ok(match inserted {
            Inserted::Created(stored) => stored_response(StatusCode::CREATED, &stored),
            Inserted::Repeated(stored) => stored_response(StatusCode::OK, &stored),
            Inserted::Conflict(stored) => refuse(
                StatusCode::CONFLICT,
                "conflict",
                format!(
                    "consent_id {} already holds a different record",
                    stored.record.consent_id
                ),
            ),
        })
    }
    .await
    .unwrap_or_else(|response: Response| response);
    with_headers(response, cors_headers)
}

async fn withdraw(
    State(receiver): State<Arc<Receiver>>,
    Path(id): Path<String>,
    request: Request,
) -> Response {
    let cors_headers = match cors(&receiver, request.headers()) {
        Ok(headers) => headers,
        Err(refused) => return refused.into_response(),
    };
    // With the CORS headers, so that the widget can read Retry-After.
    if let Some(limited) = receiver.over_rate_limit(&request) {
        return with_headers(limited, cors_headers);
    }
    let response = async {
        if !is_uuid(&id) {
            return Err(refuse(
                StatusCode::BAD_REQUEST,
                "invalid_record",
                "consent_id: must be a UUID",
            ));
        }
        let id = id.to_ascii_lowercase();
        let now = now();
        // The widget sends the whole withdrawn record; an empty POST withdraws a stored record now.
        let has_content_type = request.headers().contains_key(header::CONTENT_TYPE);
        let record = if has_content_type {
            let body = read_json_body(request, receiver.body_timeout).await?;
            let record = check_incoming(&body, now).map_err(|problem| {
                refuse(
                    StatusCode::BAD_REQUEST,
                    "invalid_record",
                    problem.to_string(),
                )
            })?;
            if record.consent_id != id {
                return Err(refuse(
                    StatusCode::BAD_REQUEST,
                    "invalid_record",
                    "consent_id: differs from the id in the address",
                ));
            }
            Some(record)
        } else {
            // A body that could not be read is refused like any other, never taken for no body.
            let body = read_body(request, BODY_LIMIT, receiver.body_timeout)
                .await
                .map_err(body_refused)?;
            if !body.is_empty() {
                return Err(refuse(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_media_type",
                    "send the record as Content-Type: application/json, or no body",
                ));
            }
            None
        };
        match receiver.store.withdraw(&id, record.as_ref(), now).await {
            Ok(Some(stored)) => Ok(stored_response(StatusCode::OK, &stored)),
            Ok(None) => Err(refuse(
                StatusCode::NOT_FOUND,
                "not_found",
                "no consent with this consent_id",
            )),
            Err(conflict @ StoreError::Conflict { .. }) => Err(refuse(
                StatusCode::CONFLICT,
                "conflict",
                conflict.to_string(),
            )),
            Err(error) => Err(server_error(error)),
        }
    }
    .await
    .unwrap_or_else(|response: Response| response);
    with_headers(response, cors_headers)
}
