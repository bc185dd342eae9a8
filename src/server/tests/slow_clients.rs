//! Issue 18, "Robust under hostile and huge input": the real servers on free ports against slow clients. Many
//! half-sent requests must not keep others from being answered; a half-sent header, an idle keep-alive
//! connection and a body sent too slowly are each ended by their timeout. The limits are set short so the tests
//! are quick; timings are not asserted, only that answers come well before the timeout that would otherwise
//! have freed the server. Under `ulimit -n 128` the same is shown by the CLI's `tests/slow_clients.rs`.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::time::{Duration, Instant};

use chatgate_server::ClientLimits;
use support::record;
use support::servers::{exchange, get, post_consent, start};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A half-sent request: the header never ends.
const HALF_SENT: &[u8] = b"GET / HTTP/1.1\r\nHost: x\r\n";

/// Whether the server closed `stream` (end of file or reset) within `patience`; what it sent first is ignored.
async fn closed_within(stream: &mut TcpStream, patience: Duration) -> bool {
    let mut buffer = [0u8; 1024];
    let deadline = Instant::now() + patience;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, stream.read(&mut buffer)).await {
            Err(_) => return false,
            Ok(Ok(0) | Err(_)) => return true,
            Ok(Ok(_)) => continue,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn others_are_answered_while_more_connections_than_the_cap_hang_half_sent() {
    // The header timeout is long: only the cap and its eviction can free the servers in time.
    let header_timeout = Duration::from_secs(60);
    let servers = start(
        "crowd",
        ClientLimits {
            header_timeout,
            body_timeout: Duration::from_secs(60),
            max_connections: Some(16),
        },
    )
    .await;
    let mut hanging = Vec::new();
    for i in 0..64 {
        let address = if i % 2 == 0 {
            servers.site
        } else {
            servers.widget
        };
        let mut stream = TcpStream::connect(address).await.unwrap();
        stream.write_all(HALF_SENT).await.unwrap();
        hanging.push(stream);
    }
    let patience = header_timeout / 4;
    for seed in 0..5u8 {
        let widget_file = exchange(servers.widget, &get("/widget.js"), patience).await;
        assert!(
            widget_file
                .as_deref()
                .is_some_and(|answer| answer.starts_with("HTTP/1.1 200")
                    && answer.ends_with("console.log('widget');")),
            "{widget_file:?}"
        );
        let page = exchange(servers.site, &get("/"), patience).await;
        assert!(
            page.as_deref()
                .is_some_and(|answer| answer.starts_with("HTTP/1.1 200")),
            "{page:?}"
        );
        let stored = exchange(servers.widget, &post_consent(seed), patience).await;
        assert!(
            stored
                .as_deref()
                .is_some_and(|answer| answer.starts_with("HTTP/1.1 201")),
            "{stored:?}"
        );
    }
    // The oldest half-sent connections gave way; at most the cap's worth are still held.
    let mut closed = 0;
    for stream in &mut hanging {
        if closed_within(stream, Duration::from_millis(50)).await {
            closed += 1;
        }
    }
    assert!(closed >= 64 - 16, "only {closed} of 64 were closed");
    let store = servers.db.open().await;
    assert_eq!(store.count().await.unwrap(), 5, "nothing lost");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_half_sent_header_and_an_idle_connection_are_closed_after_the_header_timeout() {
    let header_timeout = Duration::from_millis(300);
    let servers = start(
        "header-timeout",
        ClientLimits {
            header_timeout,
            ..ClientLimits::default()
        },
    )
    .await;
    let started = Instant::now();
    let mut half_sent = TcpStream::connect(servers.site).await.unwrap();
    half_sent.write_all(HALF_SENT).await.unwrap();
    assert!(closed_within(&mut half_sent, Duration::from_secs(10)).await);
    assert!(
        started.elapsed() >= header_timeout,
        "not before the timeout"
    );

    // A keep-alive connection gets its answer, then is closed when no next request comes.
    let mut idle = TcpStream::connect(servers.widget).await.unwrap();
    idle.write_all(b"GET /widget.js HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut answer = [0u8; 12];
    idle.read_exact(&mut answer).await.unwrap();
    assert_eq!(&answer, b"HTTP/1.1 200");
    assert!(closed_within(&mut idle, Duration::from_secs(10)).await);

    // A connection that never sends a byte is closed too.
    let mut silent = TcpStream::connect(servers.widget).await.unwrap();
    assert!(closed_within(&mut silent, Duration::from_secs(10)).await);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_sent_too_slowly_is_answered_408_and_not_stored() {
    let servers = start(
        "body-timeout",
        ClientLimits {
            body_timeout: Duration::from_millis(300),
            ..ClientLimits::default()
        },
    )
    .await;
    let body = record(40).to_string();
    let mut slow = TcpStream::connect(servers.widget).await.unwrap();
    let head = format!(
        "POST /consents HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    slow.write_all(head.as_bytes()).await.unwrap();
    slow.write_all(&body.as_bytes()[..10]).await.unwrap();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), slow.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "the connection was not ended");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("timed_out"), "{answer}");
    let store = servers.db.open().await;
    assert_eq!(store.count().await.unwrap(), 0);
}
