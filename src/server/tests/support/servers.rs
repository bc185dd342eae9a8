//! The real servers on free ports, for the tests that need sockets: a build folder, both servers with the
//! receiver on an SQLite ledger, and raw HTTP/1.1 requests.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use chatgate_server::{serve_on, ClientLimits, ServeOptions};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use super::{record, Engine, TestDb};

/// A build folder with a page and a widget file, removed afterwards.
pub struct TempDist(pub PathBuf);

impl TempDist {
    pub fn new(name: &str) -> TempDist {
        let dist =
            std::env::temp_dir().join(format!("chatgate-test-{}-{name}-dist", std::process::id()));
        let _ = std::fs::remove_dir_all(&dist);
        for (file, text) in [
            ("site/index.html", "<h1>Demo</h1>"),
            ("widget/widget.js", "console.log('widget');"),
            // A gzip twin as the build writes one (here its bytes only need to differ from the file's).
            ("widget/widget.js.gz", "gzip twin of widget.js"),
        ] {
            let path = dist.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        TempDist(dist)
    }
}

impl Drop for TempDist {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The demo site and the widget origin with the receiver, served on free ports until the test's runtime ends.
pub struct Servers {
    pub site: SocketAddr,
    pub widget: SocketAddr,
    pub db: TestDb,
    _dist: TempDist,
}

/// [`start_with`] without a rate limit.
pub async fn start(name: &str, limits: ClientLimits) -> Servers {
    start_with(name, limits, 0).await
}

/// Both servers with the receiver on a new SQLite ledger, `rate_limit` POSTs a minute per address (0: none).
pub async fn start_with(name: &str, limits: ClientLimits, rate_limit: u32) -> Servers {
    let dist = TempDist::new(name);
    let db = TestDb::new(Engine::Sqlite, name);
    let site_listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let widget_listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let (site, widget) = (
        site_listener.local_addr().unwrap(),
        widget_listener.local_addr().unwrap(),
    );
    let options = ServeOptions {
        dist: dist.0.clone(),
        host: IpAddr::from([127, 0, 0, 1]),
        port: site.port(),
        widget_port: widget.port(),
        db: Some(db.database.clone()),
        allowed_origins: Vec::new(),
        limits,
        rate_limit,
    };
    tokio::spawn(async move {
        serve_on(options, site_listener, widget_listener)
            .await
            .expect("serves")
    });
    Servers {
        site,
        widget,
        db,
        _dist: dist,
    }
}

/// Sends a whole request on a new connection and reads the answer to the end (the request says
/// `Connection: close`); `None` if nothing came within `patience`.
pub async fn exchange(address: SocketAddr, request: &[u8], patience: Duration) -> Option<String> {
    tokio::time::timeout(patience, async {
        let mut stream = TcpStream::connect(address).await.ok()?;
        stream.write_all(request).await.ok()?;
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await.ok()?;
        Some(String::from_utf8_lossy(&answer).into_owned())
    })
    .await
    .ok()
    .flatten()
}

pub fn get(path: &str) -> Vec<u8> {
    format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").into_bytes()
}

pub fn post_consent(seed: u8) -> Vec<u8> {
    let body = record(seed).to_string();
    format!(
        "POST /consents HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}
