//! Accepting connections and serving each with hyper under the client limits: the header-read timeout (which
//! also bounds an idle keep-alive connection), the shared connection cap with eviction (`connections`), and a
//! lower cap and a pause when the process runs out of file descriptors.
//!
//! This replaces `axum::serve`, which builds hyper without a timer: no header timeout ever applied, and under
//! `ulimit -n 128` 150 half-sent requests held every file descriptor (issue 18). It parses no HTTP itself:
//! hyper does.

use std::convert::Infallible;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::{Body as HttpBody, Frame, Incoming, SizeHint};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tower::ServiceExt;

use super::connections::{Admission, Connection, ConnectionTable, Phase};
use super::limits::MIN_MAX_CONNECTIONS;

/// How long to wait before accepting again when the process is out of file descriptors and a connection was
/// just told to close to free one.
const RETRY_AFTER_EVICTING: Duration = Duration::from_millis(2);

/// How long to wait before accepting again when the process is out of file descriptors and no connection can
/// give way (every one is being handled; they finish soon).
const RETRY_WHEN_ALL_BUSY: Duration = Duration::from_millis(50);

/// How often running out of file descriptors is reported on stderr, at most (per listener).
const REPORT_EVERY: Duration = Duration::from_secs(60);

/// Accepts connections on `listener` for ever, serving each with `router`; `table` is shared by every listener.
///
/// A connection is accepted only below the table's cap ([`ConnectionTable::wait_for_room`] makes the slowest
/// connection give way). Should the process run out of file descriptors anyway (a cap the open-file limit cannot
/// hold), the cap is lowered to half the connections held — so that each can still open the file it serves —
/// and the slowest connection is closed before accepting again, after a short pause rather than a spin.
pub async fn serve_connections(
    listener: TcpListener,
    router: Router,
    table: Arc<ConnectionTable>,
    header_timeout: Duration,
) {
    let address = listener
        .local_addr()
        .map_or_else(|_| "?".to_string(), |address| address.to_string());
    let mut last_report: Option<Instant> = None;
    loop {
        table.wait_for_room().await;
        let (stream, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            // The client gave up before it was accepted: nothing to do.
            Err(error) if is_connection_error(&error) => continue,
            // EMFILE, ENFILE, ENOBUFS, ENOMEM: the client waits in the kernel's queue meanwhile.
            Err(error) => {
                let cap = table.lower_cap((table.len() / 2).max(MIN_MAX_CONNECTIONS));
                if last_report.is_none_or(|at| at.elapsed() >= REPORT_EVERY) {
                    eprintln!(
                        "chatgate serve: {address}: cannot accept a connection ({error}); at most {cap} \
                         connections from now on, the slowest closed first (said at most once a minute)"
                    );
                    last_report = Some(Instant::now());
                }
                let pause = if table.evict_oldest() {
                    RETRY_AFTER_EVICTING
                } else {
                    RETRY_WHEN_ALL_BUSY
                };
                tokio::time::sleep(pause).await;
                continue;
            }
        };
        let admission = table.admit();
        tokio::spawn(serve_connection(
            stream,
            peer,
            router.clone(),
            admission,
            header_timeout,
        ));
    }
}

fn is_connection_error(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::Interrupted
    )
}

/// Serves one connection until the client closes it, a timeout closes it, or the table evicts it. Each request
/// carries the client's address (`ConnectInfo`, as `axum::serve` would give it) for the rate limit.
async fn serve_connection(
    stream: TcpStream,
    peer: SocketAddr,
    router: Router,
    admission: Admission,
    header_timeout: Duration,
) {
    // Small responses go out at once, as `axum::serve` does.
    let _ = stream.set_nodelay(true);
    let connection = admission.connection();
    let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
        let router = router.clone();
        let connection = connection.clone();
        async move {
            connection.enter(if request.body().is_end_stream() {
                Phase::Handling
            } else {
                Phase::ReceivingBody
            });
            let mut request = request.map(|body| {
                Body::new(PhaseAtEnd::new(
                    body,
                    connection.clone(),
                    Phase::ReceivingBody,
                    Phase::Handling,
                ))
            });
            request.extensions_mut().insert(ConnectInfo(peer));
            let response = router
                .oneshot(request)
                .await
                .unwrap_or_else(|never| match never {});
            connection.enter(Phase::Responding);
            Ok::<_, Infallible>(response.map(|body| {
                PhaseAtEnd::new(
                    body,
                    connection,
                    Phase::Responding,
                    Phase::WaitingForRequest,
                )
            }))
        }
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout)
        .keep_alive(true);
    let serving = builder.serve_connection(TokioIo::new(stream), service);
    // Errors (a header timeout, a reset, a malformed request hyper answered) end the connection and are not news.
    tokio::select! {
        _ = serving => {}
        () = admission.evicted() => {}
    }
}

/// A body that moves its connection from one phase to the next when it ends or is dropped: a request's body
/// (received whole, or dropped by a handler that did not need it) or a response's (sent).
struct PhaseAtEnd<B> {
    inner: B,
    connection: Connection,
    from: Phase,
    to: Phase,
}

impl<B> PhaseAtEnd<B> {
    fn new(inner: B, connection: Connection, from: Phase, to: Phase) -> PhaseAtEnd<B> {
        PhaseAtEnd {
            inner,
            connection,
            from,
            to,
        }
    }
}

impl<B: HttpBody + Unpin> HttpBody for PhaseAtEnd<B> {
    type Data = B::Data;
    type Error = B::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        context: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        let this = self.get_mut();
        let polled = Pin::new(&mut this.inner).poll_frame(context);
        let ended = match &polled {
            Poll::Ready(None) => true,
            Poll::Ready(Some(Ok(_))) => this.inner.is_end_stream(),
            _ => false,
        };
        if ended {
            this.connection.advance(this.from, this.to);
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

impl<B> Drop for PhaseAtEnd<B> {
    fn drop(&mut self) {
        self.connection.advance(self.from, self.to);
    }
}
