//! Reading a request's whole body under a size limit and a deadline, for the receiver's handlers.
//!
//! Every way a read can fail is an error with its own status — too large (413), too slow (408), broken off or
//! malformed (400) — so a handler never mistakes a body it could not read for no body and acts on it (issue 18:
//! an oversized withdrawal without `Content-Type` used to be read as "no body" and performed).

use std::pin::Pin;
use std::time::Duration;

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::Request;
use axum::http::{header, StatusCode};

/// Why a request's body could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BodyError {
    /// The body is longer than the limit (by its `Content-Length`, or by what arrived).
    #[error("the body is larger than {limit} bytes")]
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
    /// The whole body did not arrive in time.
    #[error("the body did not arrive within {} s", .timeout.as_secs_f64())]
    TimedOut {
        /// The deadline, from the moment the handler started reading.
        timeout: Duration,
    },
    /// The connection broke off or the body was malformed (a bad chunk, fewer bytes than announced).
    #[error("the body could not be read ({0})")]
    Unreadable(String),
}

impl BodyError {
    /// The HTTP status that says what went wrong: 413, 408 or 400.
    pub fn status(&self) -> StatusCode {
        match self {
            BodyError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            BodyError::TimedOut { .. } => StatusCode::REQUEST_TIMEOUT,
            BodyError::Unreadable(_) => StatusCode::BAD_REQUEST,
        }
    }

    /// A stable code for the answer's `error` field.
    pub fn code(&self) -> &'static str {
        match self {
            BodyError::TooLarge { .. } => "too_large",
            BodyError::TimedOut { .. } => "timed_out",
            BodyError::Unreadable(_) => "unreadable_body",
        }
    }
}

/// Reads the whole body of `request`: at most `limit` bytes, all of them within `timeout`.
pub async fn read_body(
    request: Request,
    limit: usize,
    timeout: Duration,
) -> Result<Bytes, BodyError> {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return Err(BodyError::TooLarge { limit });
    }
    let reading = read_up_to(request.into_body(), limit);
    tokio::time::timeout(timeout, reading)
        .await
        .unwrap_or(Err(BodyError::TimedOut { timeout }))
}

async fn read_up_to(mut body: Body, limit: usize) -> Result<Bytes, BodyError> {
    let mut bytes = Vec::new();
    while let Some(frame) =
        std::future::poll_fn(|context| Pin::new(&mut body).poll_frame(context)).await
    {
        let frame = frame.map_err(|error| BodyError::Unreadable(error.to_string()))?;
        if let Ok(data) = frame.into_data() {
            if bytes.len() + data.len() > limit {
                return Err(BodyError::TooLarge { limit });
            }
            bytes.extend_from_slice(&data);
        }
    }
    Ok(Bytes::from(bytes))
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;
    use std::task::{Context, Poll};

    use hyper::body::Frame;

    use super::*;

    fn request(body: Body, content_length: Option<&str>) -> Request {
        let mut request = Request::post("/consents");
        if let Some(length) = content_length {
            request = request.header(header::CONTENT_LENGTH, length);
        }
        request.body(body).expect("a valid test request")
    }

    async fn read(body: Body, content_length: Option<&str>) -> Result<Bytes, BodyError> {
        read_body(request(body, content_length), 8, Duration::from_millis(100)).await
    }

    /// A body that yields its frames, then ends or, when `stalls`, never sends another.
    struct Scripted {
        frames: VecDeque<Result<Bytes, std::io::Error>>,
        stalls: bool,
    }

    impl HttpBody for Scripted {
        type Data = Bytes;
        type Error = std::io::Error;

        fn poll_frame(
            mut self: Pin<&mut Self>,
            _: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
            match self.frames.pop_front() {
                Some(frame) => Poll::Ready(Some(frame.map(Frame::data))),
                None if self.stalls => Poll::Pending,
                None => Poll::Ready(None),
            }
        }
    }

    fn scripted(frames: Vec<Result<Bytes, std::io::Error>>, stalls: bool) -> Body {
        Body::new(Scripted {
            frames: frames.into(),
            stalls,
        })
    }

    #[tokio::test]
    async fn each_failure_is_an_error_with_its_status() {
        assert_eq!(
            read(Body::from("12345678"), None).await.unwrap(),
            "12345678"
        );
        assert_eq!(read(Body::empty(), None).await.unwrap(), "");
        let in_pieces = scripted(vec![Ok("1234".into()), Ok("5678".into())], false);
        assert_eq!(read(in_pieces, None).await.unwrap(), "12345678");
        let too_large = read(Body::from("123456789"), None).await.unwrap_err();
        assert_eq!(
            (too_large.status(), too_large.code()),
            (StatusCode::PAYLOAD_TOO_LARGE, "too_large")
        );
        let announced = read(Body::empty(), Some("9")).await.unwrap_err();
        assert_eq!(announced, BodyError::TooLarge { limit: 8 });
        let broken = scripted(
            vec![
                Ok("12".into()),
                Err(std::io::Error::other("connection reset")),
            ],
            false,
        );
        let unreadable = read(broken, None).await.unwrap_err();
        assert_eq!(
            (unreadable.status(), unreadable.code()),
            (StatusCode::BAD_REQUEST, "unreadable_body")
        );
        assert!(unreadable.to_string().contains("connection reset"));
    }

    #[tokio::test]
    async fn a_body_that_stops_coming_times_out() {
        let stalled = scripted(vec![Ok("12".into())], true);
        let error = read(stalled, None).await.unwrap_err();
        assert_eq!(
            (error.status(), error.code(), error.to_string()),
            (
                StatusCode::REQUEST_TIMEOUT,
                "timed_out",
                "the body did not arrive within 0.1 s".to_string()
            )
        );
    }
}
