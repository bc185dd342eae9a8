//! `chatgate serve`: the demo site and the widget bundle, each on its own loopback origin.
//!
//! The site origin serves `DIR/site` (the demo company's pages); the widget origin serves `DIR/widget` with
//! `Access-Control-Allow-Origin: *`, the way a CDN serves the widget to customers' sites. Native only.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use axum::http::{header, HeaderValue};
use axum::Router;
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
        let site = Router::new().fallback_service(ServeDir::new(options.dist.join("site"))).layer(no_cache.clone());
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
