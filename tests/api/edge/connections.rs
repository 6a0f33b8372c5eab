//! `server.max_connections` per worker: beyond it the server stops accepting, so a further
//! connection waits unserved in the kernel's queue until an earlier one ends.

use std::time::Duration;

use tailor_api_tests::spawn_app_with;

use super::{exchange, open, read_response, send};

const HEALTH: &[u8] = b"GET /health HTTP/1.1\r\nHost: tailor\r\nConnection: close\r\n\r\n";

#[tokio::test]
async fn a_connection_beyond_the_limit_waits_until_an_earlier_one_ends() {
    let app = spawn_app_with(|s| {
        s.server.workers = 1;
        s.server.max_connections = 2;
        // The held connections send half a request head; keep them open meanwhile.
        s.server.client_request_timeout_secs = 30;
    })
    .await;

    let mut held = Vec::new();
    for _ in 0..2 {
        held.push(open(app.port, b"GET /health HTTP/1.1\r\nHost: tai").await);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // The kernel completes the handshake, but the server does not take the connection.
    let mut third = open(app.port, HEALTH).await;
    assert!(
        read_response(&mut third, Duration::from_millis(1500))
            .await
            .is_none(),
        "served beyond the connection limit"
    );

    // One held connection ends: the waiting one is served.
    drop(held.pop());
    let res = read_response(&mut third, Duration::from_secs(5))
        .await
        .expect("served once a connection is free");
    assert_eq!(res.status, 200, "{res:?}");

    // The remaining held connection is still served when it finishes its request.
    let mut last = held.pop().unwrap();
    send(&mut last, b"lor\r\nConnection: close\r\n\r\n").await;
    let res = read_response(&mut last, Duration::from_secs(5))
        .await
        .expect("an answer");
    assert_eq!(res.status, 200, "{res:?}");
}

#[tokio::test]
async fn within_the_limit_connections_are_served_at_once() {
    let app = spawn_app_with(|s| {
        s.server.workers = 1;
        s.server.max_connections = 3;
        s.server.client_request_timeout_secs = 30;
    })
    .await;
    let _held = open(app.port, b"GET /health HTTP/1.1\r\nHost: tai").await;
    for _ in 0..3 {
        let (_, res) = exchange(app.port, HEALTH, Duration::from_secs(2)).await;
        assert_eq!(res.status, 200);
    }
}
