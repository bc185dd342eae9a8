//! `chatgate serve`: the demo site, the widget bundle and the consent receiver.
//!
//! The site origin serves `DIR/site` (the demo company's pages); the widget origin serves `DIR/widget` with
//! `Access-Control-Allow-Origin: *` and short caching, the way a CDN serves the widget to customers' sites, and
//! with `--db` also the consent receiver (`receiver`, `store`: `POST /consents`, withdrawals, the staff list),
//! its ledger in an SQLite file or a PostgreSQL database. The demo pages name the default widget origin (`http://127.0.0.1:8081`); when served on other ports,
//! pages and scripts get the actual widget origin instead, so tests can run the demo on free ports. Connections
//! are accepted and served by `accept` (not `axum::serve`) so that slow or idle clients are bounded by
//! `ClientLimits`: a header timeout, a body timeout and a shared connection cap. Native only.

mod accept;
mod admin;
pub mod admin_page;
pub mod connections;
pub mod limits;
pub mod rate_limit;
pub mod receiver;
pub mod request_body;
pub mod store;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tokio::net::TcpListener;
use tower::ServiceExt;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

pub use limits::ClientLimits;

/// Where and what to serve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServeOptions {
    /// The build: `DIR/site` and `DIR/widget` are served.
    pub dist: PathBuf,
    /// The address both servers listen on.
    pub host: IpAddr,
    /// The demo site's port.
    pub port: u16,
    /// The widget's (and the consent receiver's) port.
    pub widget_port: u16,
    /// The consent database (an SQLite file or a PostgreSQL URL); without it the receiver is off.
    pub db: Option<store::Database>,
    /// Origins allowed to send consents, besides the demo site's own.
    pub allowed_origins: Vec<String>,
    /// What slow or idle clients are allowed (timeouts, the connection cap).
    pub limits: ClientLimits,
    /// How many POSTs a client address may send the receiver a minute; 0: no limit.
    pub rate_limit: u32,
}

/// Serves until the process is stopped.
pub fn serve(options: ServeOptions) -> Result<(), String> {
    let runtime = tokio::runtime::Runtime::new().map_err(|error| error.to_string())?;
    runtime.block_on(async move {
        let site_address = SocketAddr::new(options.host, options.port);
        let widget_address = SocketAddr::new(options.host, options.widget_port);
        check_dist(&options)?;
        let site_listener = TcpListener::bind(site_address)
            .await
            .map_err(|e| format!("{site_address}: {e}"))?;
        let widget_listener = TcpListener::bind(widget_address)
            .await
            .map_err(|e| format!("{widget_address}: {e}"))?;
        serve_on(options, site_listener, widget_listener).await
    })
}

fn check_dist(options: &ServeOptions) -> Result<(), String> {
    for folder in ["site", "widget"] {
        if !options.dist.join(folder).is_dir() {
            return Err(format!(
                "{} has no {folder}/ folder: build first (make build)",
                options.dist.display()
            ));
        }
    }
    Ok(())
}

/// Serves on listeners already bound (tests bind free ports), until the process is stopped; `options.port` and
/// `options.widget_port` should be the listeners' ports (the pages name the widget origin). Both servers share
/// one connection cap.
pub async fn serve_on(
    options: ServeOptions,
    site_listener: TcpListener,
    widget_listener: TcpListener,
) -> Result<(), String> {
    check_dist(&options)?;
    let site = site_router(&options);
    let widget = widget_router(&options).await?;
    let limits = options.limits;
    let table = connections::ConnectionTable::new(limits.max_connections());
    let site_address = site_listener.local_addr().map_err(|e| e.to_string())?;
    let widget_address = widget_listener.local_addr().map_err(|e| e.to_string())?;
    println!(
        "Chatgate demo site: http://{site_address}/  (widget served from http://{widget_address}/)"
    );
    println!(
        "Slow clients: a request header must arrive within {} s and a body within {} s; at most {} \
         connections (open-file limit {}), the slowest closed first beyond that",
        limits.header_timeout.as_secs_f64(),
        limits.body_timeout.as_secs_f64(),
        table.max_connections(),
        limits::open_file_limit().map_or("unknown".to_string(), |limit| limit.to_string()),
    );
    tokio::join!(
        accept::serve_connections(site_listener, site, table.clone(), limits.header_timeout),
        accept::serve_connections(widget_listener, widget, table, limits.header_timeout),
    );
    Ok(())
}

/// The demo site's routes: its files, with pages naming the widget origin in use.
fn site_router(options: &ServeOptions) -> Router {
    let no_cache = SetResponseHeaderLayer::overriding(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache"),
    );
    let site_folder = options.dist.join("site");
    let widget_origin = format!("http://{}:{}", options.host, options.widget_port);
    Router::new()
        .fallback(move |request: Request| {
            serve_site_file(site_folder.clone(), widget_origin.clone(), request)
        })
        .layer(no_cache)
}

/// The widget origin's routes: the widget's files for any site, and with `--db` the consent receiver.
async fn widget_router(options: &ServeOptions) -> Result<Router, String> {
    // Each widget file has a gzip twin written by the build (`make build`): a browser that accepts gzip gets it,
    // as from a CDN, so the bytes a visitor downloads are the gzip bytes the budgets count (issue 15).
    let widget_files = Router::new()
        .fallback_service(ServeDir::new(options.dist.join("widget")).precompressed_gzip())
        // The answer depends on Accept-Encoding: caches between keep both (ServeDir does not say so itself).
        .layer(SetResponseHeaderLayer::overriding(
            header::VARY,
            HeaderValue::from_static("accept-encoding"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=300"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        ));
    let Some(db) = &options.db else {
        return Ok(widget_files);
    };
    let site_origin = format!("http://{}:{}", options.host, options.port);
    let store = store::ConsentStore::open(db)
        .await
        .map_err(|error| error.to_string())?;
    let mut allowed_origins = vec![site_origin];
    allowed_origins.extend(options.allowed_origins.iter().cloned());
    let admin_token = std::env::var("CHATGATE_ADMIN_TOKEN")
        .ok()
        .filter(|token| !token.trim().is_empty());
    println!(
        "Consent receiver: POST http://{}:{}/consents from {} into {} (staff endpoints {}; {})",
        options.host,
        options.widget_port,
        allowed_origins.join(", "),
        db.describe(),
        if admin_token.is_some() {
            "on"
        } else {
            "off: CHATGATE_ADMIN_TOKEN is not set"
        },
        match options.rate_limit {
            0 => "no rate limit".to_string(),
            limit => format!("at most {limit} POSTs a minute per client address"),
        }
    );
    let receiver = std::sync::Arc::new(receiver::Receiver {
        store,
        allowed_origins,
        admin_token,
        body_timeout: options.limits.body_timeout,
        rate_limit: (options.rate_limit > 0)
            .then(|| rate_limit::RateLimiter::new(options.rate_limit)),
    });
    Ok(receiver::routes(receiver).merge(widget_files))
}

/// The origin the demo pages are written for.
const DEFAULT_WIDGET_ORIGIN: &str = "http://127.0.0.1:8081";

/// Serves a file of the demo site; pages and scripts name the widget origin actually in use.
async fn serve_site_file(folder: PathBuf, widget_origin: String, request: Request) -> Response {
    let path = request.uri().path().to_string();
    let is_page = path.ends_with('/') || path.ends_with(".html") || path.ends_with(".js");
    if !is_page {
        return match ServeDir::new(folder)
            .precompressed_gzip()
            .oneshot(request)
            .await
        {
            Ok(response) => response.map(Body::new),
            Err(error) => (StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response(),
        };
    }
    let relative = path.trim_start_matches('/');
    if relative
        .split('/')
        .any(|part| part == ".." || part.starts_with('.'))
    {
        return StatusCode::NOT_FOUND.into_response();
    }
    let file = if relative.is_empty() || relative.ends_with('/') {
        folder.join(relative).join("index.html")
    } else {
        folder.join(relative)
    };
    match tokio::fs::read_to_string(&file).await {
        Ok(page) => {
            let page = page.replace(DEFAULT_WIDGET_ORIGIN, &widget_origin);
            let content_type = if path.ends_with(".js") {
                "text/javascript; charset=utf-8"
            } else {
                "text/html; charset=utf-8"
            };
            ([(header::CONTENT_TYPE, content_type)], page).into_response()
        }
        Err(error) if is_not_a_page(&error) => StatusCode::NOT_FOUND.into_response(),
        // The page is there but could not be read now (out of file descriptors, say): not a 404.
        Err(error) => (StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response(),
    }
}

/// Whether a page could not be read because there is no such page (rather than for want of resources).
fn is_not_a_page(error: &std::io::Error) -> bool {
    use std::io::ErrorKind;
    matches!(
        error.kind(),
        ErrorKind::NotFound
            | ErrorKind::PermissionDenied
            | ErrorKind::IsADirectory
            | ErrorKind::NotADirectory
            | ErrorKind::InvalidInput
            | ErrorKind::InvalidData
    )
}
