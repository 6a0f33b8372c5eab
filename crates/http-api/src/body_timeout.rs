//! A time limit on reading request bodies.
//!
//! actix-web times out unfinished request heads, but once the head is in, a client may send
//! the body as slowly as it likes and hold the connection for good. The edge middleware
//! therefore wraps every request body in [`TimedBody`]: from the first read on, the whole
//! body must arrive within the configured time; after that the read fails, and the edge
//! answers 408 whatever the handler made of the failed read (JSON bodies, multipart uploads
//! and any later extractor alike).
//!
//! The wrapped body is shared with a [`BodyWatch`] the middleware keeps. When the answer is
//! ready and the body has not been read to its end, the watch hands the unread body to the
//! answer's body: actix then closes the connection after the answer instead of waiting for
//! the rest of a chunked body that may never come (it drains a dropped chunked body first).

use std::cell::RefCell;
use std::io;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use std::time::Duration;

use actix_web::body::{BodySize, BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest};
use actix_web::error::PayloadError;
use actix_web::web::Bytes;
use actix_web::{HttpMessage, HttpResponse};
use futures_util::Stream;
use tokio::time::Sleep;

use crate::error::ErrorBody;

/// The detail of the 408 answer.
pub(crate) const BODY_TIMEOUT_DETAIL: &str = "Request body was not received in time";

#[derive(Default)]
struct Shared {
    /// The connection's body; `None` once read to its end (or when it is kept by the answer).
    body: Option<Payload>,
    timed_out: bool,
}

/// The middleware's handle on a request body it wrapped.
pub(crate) struct BodyWatch {
    shared: Rc<RefCell<Shared>>,
    limit: Duration,
}

/// Wraps the request's body, if it has one, in a [`TimedBody`] with `limit`.
pub(crate) fn watch(req: &mut ServiceRequest, limit: Duration) -> Option<BodyWatch> {
    let body = req.take_payload();
    if matches!(body, Payload::None) {
        return None;
    }
    let shared = Rc::new(RefCell::new(Shared {
        body: Some(body),
        timed_out: false,
    }));
    let timed = TimedBody {
        shared: Rc::clone(&shared),
        limit,
        deadline: None,
    };
    req.set_payload(Payload::Stream {
        payload: Box::pin(timed),
    });
    Some(BodyWatch { shared, limit })
}

impl BodyWatch {
    /// Whether a read of the body ran out of time.
    pub(crate) fn timed_out(&self) -> bool {
        self.shared.borrow().timed_out
    }

    pub(crate) fn limit(&self) -> Duration {
        self.limit
    }

    /// Hands a body that was not read to its end to the answer's body. While it is alive
    /// and unfinished when the answer has been written, actix closes the connection after
    /// the answer (after a short linger) rather than draining the rest of the body first.
    pub(crate) fn settle(self, response: HttpResponse) -> HttpResponse {
        match self.shared.borrow_mut().body.take() {
            Some(unread) => response.map_body(|_, body| {
                BoxBody::new(WithUnreadBody {
                    body,
                    _unread: unread,
                })
            }),
            None => response,
        }
    }
}

/// An answer's body holding the request body that was not read, until it is sent.
struct WithUnreadBody {
    body: BoxBody,
    _unread: Payload,
}

impl MessageBody for WithUnreadBody {
    type Error = <BoxBody as MessageBody>::Error;

    fn size(&self) -> BodySize {
        self.body.size()
    }

    fn poll_next(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, Self::Error>>> {
        Pin::new(&mut self.get_mut().body).poll_next(cx)
    }
}

/// The 408 answer; the connection is closed after it.
pub(crate) fn timeout_response() -> HttpResponse {
    HttpResponse::RequestTimeout()
        .force_close()
        .json(ErrorBody {
            detail: BODY_TIMEOUT_DETAIL.to_owned(),
        })
}

/// A request body that must arrive within `limit` of its first read.
pub(crate) struct TimedBody {
    shared: Rc<RefCell<Shared>>,
    limit: Duration,
    deadline: Option<Pin<Box<Sleep>>>,
}

fn timed_out_error() -> PayloadError {
    PayloadError::Io(io::Error::new(io::ErrorKind::TimedOut, BODY_TIMEOUT_DETAIL))
}

impl Stream for TimedBody {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let limit = self.limit;
        let shared = Rc::clone(&self.shared);
        let mut shared = shared.borrow_mut();
        if shared.timed_out {
            return Poll::Ready(Some(Err(timed_out_error())));
        }
        let Some(body) = shared.body.as_mut() else {
            return Poll::Ready(None);
        };
        let deadline = self
            .deadline
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
        match Pin::new(body).poll_next(cx) {
            Poll::Ready(None) => {
                shared.body = None;
                Poll::Ready(None)
            }
            Poll::Ready(Some(item)) => Poll::Ready(Some(item)),
            Poll::Pending => {
                if deadline.as_mut().poll(cx).is_ready() {
                    shared.timed_out = true;
                    Poll::Ready(Some(Err(timed_out_error())))
                } else {
                    Poll::Pending
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;
    use futures_util::StreamExt;

    use super::*;

    /// A body that sends its first bytes and then nothing more.
    fn stalled_body() -> Payload {
        let stream = futures_util::stream::iter([Ok(Bytes::from_static(b"{\"email\":"))])
            .chain(futures_util::stream::pending());
        Payload::Stream {
            payload: Box::pin(stream),
        }
    }

    #[actix_web::test]
    async fn a_body_that_arrives_in_time_is_read_whole() {
        let mut req = TestRequest::post()
            .set_payload(Bytes::from_static(b"{\"email\": 1}"))
            .to_srv_request();
        let watch = watch(&mut req, Duration::from_secs(1)).expect("a body");
        let mut body = req.take_payload();
        let mut read = Vec::new();
        while let Some(chunk) = body.next().await {
            read.extend_from_slice(&chunk.unwrap());
        }
        assert_eq!(read, b"{\"email\": 1}");
        assert!(!watch.timed_out());
    }

    #[actix_web::test]
    async fn a_body_that_stalls_fails_after_the_limit() {
        let mut req = TestRequest::post().to_srv_request();
        req.set_payload(stalled_body());
        let watch = watch(&mut req, Duration::from_millis(200)).expect("a body");
        let mut body = req.take_payload();
        let started = std::time::Instant::now();
        assert_eq!(
            body.next().await.unwrap().unwrap(),
            Bytes::from_static(b"{\"email\":")
        );
        let err = body.next().await.unwrap().unwrap_err();
        assert!(matches!(err, PayloadError::Io(ref e) if e.kind() == io::ErrorKind::TimedOut));
        assert!(started.elapsed() >= Duration::from_millis(200));
        assert!(watch.timed_out());
    }

    #[actix_web::test]
    async fn a_request_without_a_body_is_left_alone() {
        let mut req = TestRequest::get().to_srv_request();
        req.set_payload(Payload::None);
        assert!(watch(&mut req, Duration::from_secs(1)).is_none());
    }
}
