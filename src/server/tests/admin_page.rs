//! Issue 17: the consent ledger's admin page (`/admin/`) is public and holds no data — the same files for anyone,
//! with no record in them, never cached, under a strict Content-Security-Policy — and the staff endpoints it
//! calls answer their data with `Cache-Control: no-store`.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use axum::body::Body;
use axum::http::{header, HeaderMap, Request, StatusCode};
use chatgate_server::admin_page::ADMIN_CSP;
use serde_json::{json, Value};
use support::{post, receiver, record, send, staff, Engine, TestDb};

const TOKEN: &str = "s3cret-token";

fn get(path: &str) -> Request<Body> {
    Request::get(path).body(Body::empty()).unwrap()
}

fn header(headers: &HeaderMap, name: header::HeaderName) -> &str {
    headers
        .get(&name)
        .unwrap_or_else(|| panic!("no {name} header"))
        .to_str()
        .unwrap()
}

/// Each of the page's files: served with its type, the CSP, `no-store`, `nosniff`, never framed.
#[tokio::test]
async fn the_page_and_its_files_are_served_with_the_csp_and_never_cached() {
    let db = TestDb::new(Engine::Sqlite, "admin-page-headers");
    let receiver = receiver(&db, Some(TOKEN)).await;
    for (path, content_type, opening) in [
        ("/admin/", "text/html; charset=utf-8", "<!DOCTYPE html>"),
        ("/admin/admin.js", "text/javascript; charset=utf-8", "//"),
        ("/admin/admin.css", "text/css; charset=utf-8", "/*"),
    ] {
        let (status, body, headers) = send(&receiver, get(path)).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(
            header(&headers, header::CONTENT_TYPE),
            content_type,
            "{path}"
        );
        assert_eq!(
            header(&headers, header::CACHE_CONTROL),
            "no-store",
            "{path}"
        );
        assert_eq!(
            header(&headers, header::CONTENT_SECURITY_POLICY),
            ADMIN_CSP,
            "{path}"
        );
        assert_eq!(header(&headers, header::X_CONTENT_TYPE_OPTIONS), "nosniff");
        assert_eq!(header(&headers, header::X_FRAME_OPTIONS), "DENY");
        assert!(
            !headers.contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN),
            "{path}"
        );
        assert!(body.as_str().unwrap().starts_with(opening), "{path}");
    }
    assert_eq!(
        ADMIN_CSP,
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; \
         img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    );
}

#[tokio::test]
async fn admin_without_a_slash_redirects_to_the_page() {
    let db = TestDb::new(Engine::Sqlite, "admin-page-redirect");
    let receiver = receiver(&db, Some(TOKEN)).await;
    let (status, _, headers) = send(&receiver, get("/admin")).await;
    assert_eq!(status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(header(&headers, header::LOCATION), "/admin/");
}

/// The page is the same for anyone, with or without the token, and names no record of the ledger; its HTML has
/// no inline script or style for the CSP to block.
#[tokio::test]
async fn the_page_holds_no_data_and_no_inline_script_or_style() {
    let db = TestDb::new(Engine::Sqlite, "admin-page-no-data");
    let receiver = receiver(&db, Some(TOKEN)).await;
    let stored = record(7);
    let (status, _, _) = send(&receiver, post("/consents", stored.to_string())).await;
    assert_eq!(status, StatusCode::CREATED);
    for path in ["/admin/", "/admin/admin.js", "/admin/admin.css"] {
        let (_, anonymous, _) = send(&receiver, get(path)).await;
        let (_, with_token, _) = send(&receiver, staff("GET", path, Some(TOKEN), None)).await;
        assert_eq!(anonymous, with_token, "{path} is the same for anyone");
        let text = anonymous.as_str().unwrap();
        for data in ["consent_id", "phone", "given_at"] {
            let value = stored[data].as_str().unwrap();
            assert!(!text.contains(value), "{path} contains the record's {data}");
        }
        assert!(
            !text.contains("7911123456"),
            "{path} contains a phone number"
        );
    }
    let (_, page, _) = send(&receiver, get("/admin/")).await;
    let page = page.as_str().unwrap();
    assert!(!page.contains("<style"), "no inline style element");
    assert!(!page.contains(" style="), "no style attribute");
    let handler = page.split(" on").skip(1).any(|rest| {
        let name = rest.len()
            - rest
                .trim_start_matches(|c: char| c.is_ascii_lowercase())
                .len();
        name > 0 && rest[name..].starts_with('=')
    });
    assert!(!handler, "no inline event handler");
    assert_eq!(
        page.matches("<script").count(),
        page.matches("<script src=").count(),
        "every script is a file"
    );
}

/// The data the page asks for is never cached either: the list, the CSV export and a withdrawal's answer carry
/// `no-store`; without the token there is no data.
#[tokio::test]
async fn staff_answers_with_data_are_not_stored() {
    let db = TestDb::new(Engine::Sqlite, "admin-page-no-store");
    let receiver = receiver(&db, Some(TOKEN)).await;
    send(&receiver, post("/consents", record(8).to_string())).await;
    let withdrawal =
        json!({"phone": "07911 123456", "region": "GB", "method": "agent", "note": "asked"});
    for (request, expected) in [
        (staff("GET", "/consents", Some(TOKEN), None), StatusCode::OK),
        (
            staff("GET", "/consents?format=csv", Some(TOKEN), None),
            StatusCode::OK,
        ),
        (
            staff(
                "POST",
                "/consents/withdrawals",
                Some(TOKEN),
                Some(withdrawal),
            ),
            StatusCode::OK,
        ),
    ] {
        let (status, _, headers) = send(&receiver, request).await;
        assert_eq!(status, expected);
        assert_eq!(header(&headers, header::CACHE_CONTROL), "no-store");
    }
    let (status, body, _) = send(&receiver, staff("GET", "/consents", None, None)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"], Value::from("unauthorized"));
}

/// A withdrawal recorded on the page, at the receiver's own origin: browsers send `Origin` with a same-origin
/// POST, and it is not refused as a foreign origin; a foreign page with the same `Host` still is.
#[tokio::test]
async fn a_withdrawal_from_the_page_on_the_receivers_own_origin_is_accepted() {
    let db = TestDb::new(Engine::Sqlite, "admin-page-same-origin");
    let receiver = receiver(&db, Some(TOKEN)).await;
    let body = json!({"phone": "+447911123456", "method": "agent"});
    let request = |origin: &str, fetch_site: Option<&str>| {
        let mut request = staff(
            "POST",
            "/consents/withdrawals",
            Some(TOKEN),
            Some(body.clone()),
        );
        let headers = request.headers_mut();
        headers.insert(header::HOST, "127.0.0.1:8081".parse().unwrap());
        headers.insert(header::ORIGIN, origin.parse().unwrap());
        if let Some(site) = fetch_site {
            headers.insert("sec-fetch-site", site.parse().unwrap());
        }
        request
    };
    for (origin, fetch_site, expected) in [
        ("http://127.0.0.1:8081", None, StatusCode::OK),
        (
            "https://127.0.0.1:8081",
            Some("same-origin"),
            StatusCode::OK,
        ),
        // Behind a proxy that rewrites Host: the browser's Sec-Fetch-Site says it.
        (
            "https://ledger.example",
            Some("same-origin"),
            StatusCode::OK,
        ),
        ("https://evil.example", None, StatusCode::FORBIDDEN),
        (
            "https://evil.example",
            Some("cross-site"),
            StatusCode::FORBIDDEN,
        ),
        (
            "http://127.0.0.1:8082",
            Some("same-site"),
            StatusCode::FORBIDDEN,
        ),
    ] {
        let (status, answer, _) = send(&receiver, request(origin, fetch_site)).await;
        assert_eq!(status, expected, "{origin} {fetch_site:?}: {answer}");
    }
}
