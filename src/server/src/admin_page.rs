//! The staff's admin page for the consent ledger: `/admin/` with its script and style sheet, compiled in from
//! `www/admin/` and served by the receiver on the widget origin.
//!
//! The page is public and holds no data: it is the same three files for everyone, and every record it shows
//! comes from the staff endpoints (`admin`) with the token the admin typed. So it must never be cached
//! (`Cache-Control: no-store`), never framed, and run under a strict Content-Security-Policy: its own script
//! and style sheet only, requests to its own origin only, no inline script or style.

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;

/// The Content-Security-Policy of the page and its files.
pub const ADMIN_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const PAGE: &str = include_str!("../../../www/admin/index.html");
const SCRIPT: &str = include_str!("../../../www/admin/admin.js");
const STYLE: &str = include_str!("../../../www/admin/admin.css");

/// The page's routes (`/admin` redirects to `/admin/`), to merge into the receiver's router.
pub fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/admin", get(|| async { Redirect::permanent("/admin/") }))
        .route(
            "/admin/",
            get(|| async { file(PAGE, "text/html; charset=utf-8") }),
        )
        .route(
            "/admin/admin.js",
            get(|| async { file(SCRIPT, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/admin/admin.css",
            get(|| async { file(STYLE, "text/css; charset=utf-8") }),
        )
}

fn file(body: &'static str, content_type: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(ADMIN_CSP),
            ),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
            (
                header::REFERRER_POLICY,
                HeaderValue::from_static("no-referrer"),
            ),
            (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        ],
        body,
    )
        .into_response()
}
