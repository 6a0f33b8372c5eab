//! A request body that does not arrive in time is answered 408 and its connection closed;
//! a body the route does not read does not hold the connection either.

use std::time::Duration;

use serde_json::{Value, json};
use tailor_api_tests::{TestApp, spawn_app_with};

use super::{closed_within, exchange, open, read_response, send};

const LIMIT: Duration = Duration::from_secs(1);
/// Scheduling slack on a busy machine; still far below the connection's other time-outs.
const SLACK: Duration = Duration::from_secs(4);

async fn app_with_a_short_body_limit() -> TestApp {
    spawn_app_with(|s| s.server.body_read_timeout_secs = 1).await
}

/// Sends `request` and expects the 408 at the limit (with slack for a loaded machine), then
/// the connection to be closed.
async fn assert_times_out(app: &TestApp, request: &[u8]) {
    // Within ten seconds: before the connection's own time-outs.
    let (mut stream, res) = exchange(app.port, request, Duration::from_secs(10)).await;
    assert_eq!(res.status, 408, "{res:?}");
    assert!(
        res.after >= LIMIT - Duration::from_millis(100),
        "not before the limit: {res:?}"
    );
    assert!(res.after < LIMIT + SLACK, "{res:?}");
    let body: Value = serde_json::from_str(&res.body).expect("a JSON body");
    assert_eq!(
        body,
        json!({"detail": "Request body was not received in time"})
    );
    assert_eq!(res.header("connection"), Some("close"), "{res:?}");
    assert_eq!(res.header("x-content-type-options"), Some("nosniff"));
    assert!(
        closed_within(&mut stream, Duration::from_secs(3)).await,
        "the connection is closed after the 408"
    );
}

#[tokio::test]
async fn a_json_body_that_stops_short_of_its_length_gets_408() {
    let app = app_with_a_short_body_limit().await;
    assert_times_out(
        &app,
        b"POST /api/v1/auth/login HTTP/1.1\r\nHost: tailor\r\nContent-Type: application/json\r\n\
          Content-Length: 100\r\n\r\n{\"email\":",
    )
    .await;
    // The server still answers others.
    let res = app.get("/health").send().await;
    assert_eq!(res.status, reqwest::StatusCode::OK);
}

#[tokio::test]
async fn a_chunked_body_that_stalls_gets_408_and_its_connection_closed() {
    let app = app_with_a_short_body_limit().await;
    assert_times_out(
        &app,
        b"POST /api/v1/auth/register HTTP/1.1\r\nHost: tailor\r\nContent-Type: application/json\r\n\
          Transfer-Encoding: chunked\r\n\r\n5\r\n{\"ema\r\n",
    )
    .await;
}

#[tokio::test]
async fn a_body_that_trickles_in_is_cut_off_at_the_limit() {
    let app = app_with_a_short_body_limit().await;
    let mut stream = open(
        app.port,
        b"POST /api/v1/auth/login HTTP/1.1\r\nHost: tailor\r\nContent-Type: application/json\r\n\
          Content-Length: 100\r\n\r\n{",
    )
    .await;
    // A byte every 200 ms never finishes the body within the limit.
    let started = std::time::Instant::now();
    let mut answer = None;
    for _ in 0..40 {
        tokio::time::sleep(Duration::from_millis(200)).await;
        if stream.try_write(b" ").is_err() {
            break;
        }
        if tokio::time::timeout(Duration::from_millis(1), stream.readable())
            .await
            .is_ok()
        {
            answer = read_response(&mut stream, Duration::from_secs(3)).await;
            break;
        }
    }
    let res = match answer {
        Some(res) => res,
        None => read_response(&mut stream, Duration::from_secs(3))
            .await
            .expect("an answer"),
    };
    assert!(
        started.elapsed() >= LIMIT - Duration::from_millis(100),
        "{res:?}"
    );
    assert_eq!(res.status, 408, "{res:?}");
    assert!(started.elapsed() < LIMIT + SLACK);
}

#[tokio::test]
async fn a_multipart_upload_that_stalls_gets_408() {
    let app = app_with_a_short_body_limit().await;
    let (_, token, _) = app.signed_up_user().await;
    let request = format!(
        "POST /api/v1/samples/upload HTTP/1.1\r\nHost: tailor\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: 1000\r\n\r\n\
         --XyZ\r\nContent-Disposition: form-data; name=\"document_type\"\r\n\r\nresume\r\n\
         --XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cv.txt\"\r\n\
         Content-Type: text/plain\r\n\r\nJane Doe, engineer"
    );
    assert_times_out(&app, request.as_bytes()).await;
}

#[tokio::test]
async fn a_body_the_route_does_not_read_does_not_hold_the_connection() {
    let app = app_with_a_short_body_limit().await;
    for request in [
        &b"GET /health HTTP/1.1\r\nHost: tailor\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"[..],
        &b"GET /health HTTP/1.1\r\nHost: tailor\r\nContent-Length: 100\r\n\r\nhello"[..],
    ] {
        let (mut stream, res) = exchange(app.port, request, Duration::from_secs(5)).await;
        assert_eq!(res.status, 200, "{res:?}");
        assert!(
            closed_within(&mut stream, Duration::from_secs(3)).await,
            "closed rather than waiting for the rest of the body: {res:?}"
        );
    }
}

#[tokio::test]
async fn a_body_sent_in_pieces_within_the_limit_is_read() {
    let app = app_with_a_short_body_limit().await;
    let body = br#"{"email": "nobody@example.com", "password": "Secret123"}"#;
    let mut stream = open(
        app.port,
        format!(
            "POST /api/v1/auth/login HTTP/1.1\r\nHost: tailor\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\n\r\n",
            body.len()
        )
        .as_bytes(),
    )
    .await;
    for piece in body.chunks(20) {
        tokio::time::sleep(Duration::from_millis(100)).await;
        send(&mut stream, piece).await;
    }
    let res = read_response(&mut stream, Duration::from_secs(5))
        .await
        .expect("an answer");
    assert_eq!(res.status, 401, "{res:?}");
}
