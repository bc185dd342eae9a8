//! `chatgate serve`: the demo site and the widget bundle, each on its own loopback origin.
//!
//! The site origin serves `DIR/site` (the demo company's pages); the widget origin serves `DIR/widget` with
//! `Access-Control-Allow-Origin: *`, the way a CDN serves the widget to customers' sites. The demo pages
//! name the default widget origin (`http://127.0.0.1:8081`); when served on other ports, HTML pages get the
//! actual widget origin instead, so tests can run the demo on free ports. Native only.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower::ServiceExt;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// Where and what to serve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServeOptions {
    pub dist: PathBuf,
    pub host: IpAddr,
    pub port: u16,
    pub widget_port: u16,
}

impl ServeOptions {
    pub fn from_args(args: &[String]) -> Result<ServeOptions, String> {
        let mut options = ServeOptions { dist: PathBuf::from("dist"), host: [127, 0, 0, 1].into(), port: 8080, widget_port: 0 };
        let mut rest = args.iter();
        while let Some(flag) = rest.next() {
            let mut value = || rest.next().cloned().ok_or_else(|| format!("{flag} needs a value"));
            match flag.as_str() {
                "--dist" => options.dist = PathBuf::from(value()?),
                "--host" => options.host = value()?.parse().map_err(|_| "--host must be an IP address".to_string())?,
                "--port" => options.port = value()?.parse().map_err(|_| "--port must be a port number".to_string())?,
                "--widget-port" => {
                    options.widget_port = value()?.parse().map_err(|_| "--widget-port must be a port number".to_string())?
                }
                other => return Err(format!("unknown option '{other}'")),
            }
        }
        if options.widget_port == 0 {
            options.widget_port = options.port.checked_add(1).ok_or("--port is too high to leave room for the widget port")?;
        }
        Ok(options)
    }
}

/// Serves until the process is stopped.
pub fn serve(options: ServeOptions) -> Result<(), String> {
    for folder in ["site", "widget"] {
        if !options.dist.join(folder).is_dir() {
            return Err(format!("{} has no {folder}/ folder: build first (make build)", options.dist.display()));
        }
    }
    let runtime = tokio::runtime::Runtime::new().map_err(|error| error.to_string())?;
    runtime.block_on(async move {
        let no_cache = SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        let site_folder = options.dist.join("site");
        let widget_origin = format!("http://{}:{}", options.host, options.widget_port);
        let site = Router::new()
            .fallback(move |request: Request| serve_site_file(site_folder.clone(), widget_origin.clone(), request))
            .layer(no_cache.clone());
        let widget = Router::new()
            .fallback_service(ServeDir::new(options.dist.join("widget")))
            .layer(no_cache)
            .layer(SetResponseHeaderLayer::overriding(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*")));
        let site_address = SocketAddr::new(options.host, options.port);
        let widget_address = SocketAddr::new(options.host, options.widget_port);
        let site_listener = tokio::net::TcpListener::bind(site_address).await.map_err(|e| format!("{site_address}: {e}"))?;
        let widget_listener =
            tokio::net::TcpListener::bind(widget_address).await.map_err(|e| format!("{widget_address}: {e}"))?;
        println!("Chatgate demo site: http://{site_address}/  (widget served from http://{widget_address}/)");
        let (a, b) = tokio::join!(axum::serve(site_listener, site), axum::serve(widget_listener, widget));
        a.and(b).map_err(|error| error.to_string())
    })
}

/// The origin the demo pages are written for.
const DEFAULT_WIDGET_ORIGIN: &str = "http://127.0.0.1:8081";

/// Serves a file of the demo site; HTML pages name the widget origin actually in use.
async fn serve_site_file(folder: PathBuf, widget_origin: String, request: Request) -> Response {
    let path = request.uri().path().to_string();
    let is_page = path.ends_with('/') || path.ends_with(".html");
    if !is_page {
        return match ServeDir::new(folder).oneshot(request).await {
            Ok(response) => response.map(Body::new),
            Err(error) => (StatusCode::INTERNAL_SERVER_ERROR, error.to_string()).into_response(),
        };
    }
    let relative = path.trim_start_matches('/');
    if relative.split('/').any(|part| part == ".." || part.starts_with('.')) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let file = if relative.is_empty() || relative.ends_with('/') { folder.join(relative).join("index.html") } else { folder.join(relative) };
    match tokio::fs::read_to_string(&file).await {
        Ok(page) => {
            let page = page.replace(DEFAULT_WIDGET_ORIGIN, &widget_origin);
            ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response()
        }
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn options_have_defaults_and_flags() {
        let options = ServeOptions::from_args(&[]).unwrap();
        assert_eq!((options.port, options.widget_port), (8080, 8081));
        let options = ServeOptions::from_args(&args(&["--port", "9000", "--dist", "out"])).unwrap();
        assert_eq!((options.port, options.widget_port, options.dist), (9000, 9001, PathBuf::from("out")));
        assert!(ServeOptions::from_args(&args(&["--port"])).is_err());
        assert!(ServeOptions::from_args(&args(&["--nope"])).is_err());
    }
}
