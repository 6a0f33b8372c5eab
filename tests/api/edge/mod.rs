//! The edge of the server: slow bodies and connection limits, redirects, and the headers
//! every answer carries.

mod body_timeout;
mod connections;
mod headers;
mod redirects;

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// An answer read from a raw connection.
#[derive(Debug)]
pub struct RawResponse {
    pub status: u16,
    /// The head, lower-cased.
    pub head: String,
    pub body: String,
    /// From the end of the request to the whole answer.
    pub after: Duration,
}

impl RawResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        let prefix = format!("{}:", name.to_ascii_lowercase());
        self.head
            .lines()
            .find_map(|line| line.strip_prefix(prefix.as_str()))
            .map(str::trim)
    }
}

/// Opens a connection to the app and writes `request` on it as it is.
pub async fn open(port: u16, request: &[u8]) -> TcpStream {
    let mut stream = TcpStream::connect(("127.0.0.1", port))
        .await
        .expect("the server accepts connections");
    send(&mut stream, request).await;
    stream
}

/// Writes `request` on a new connection and reads its answer, which must come within
/// `within`; the connection is kept open for what the test does next.
pub async fn exchange(port: u16, request: &[u8], within: Duration) -> (TcpStream, RawResponse) {
    let mut stream = open(port, request).await;
    let res = read_response(&mut stream, within)
        .await
        .expect("an answer in time");
    (stream, res)
}

/// Writes `request` as it is.
pub async fn send(stream: &mut TcpStream, request: &[u8]) {
    stream.write_all(request).await.expect("request written");
    stream.flush().await.expect("request flushed");
}

/// Reads one answer (head and a `Content-Length` body), or `None` when none came within
/// `within`.
pub async fn read_response(stream: &mut TcpStream, within: Duration) -> Option<RawResponse> {
    let started = Instant::now();
    let mut buf = Vec::new();
    let deadline = tokio::time::Instant::now() + within;
    loop {
        if let Some(end) = find(&buf, b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            if buf.len() >= end + 4 + length {
                let status = head
                    .split_whitespace()
                    .nth(1)
                    .and_then(|s| s.parse().ok())
                    .expect("a status line");
                return Some(RawResponse {
                    status,
                    body: String::from_utf8_lossy(&buf[end + 4..end + 4 + length]).into_owned(),
                    head,
                    after: started.elapsed(),
                });
            }
        }
        let mut chunk = [0u8; 4096];
        match tokio::time::timeout_at(deadline, stream.read(&mut chunk)).await {
            Ok(Ok(0)) | Ok(Err(_)) | Err(_) => return None,
            Ok(Ok(n)) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

/// Whether the server closes the connection within `within` (reading what else it sends).
pub async fn closed_within(stream: &mut TcpStream, within: Duration) -> bool {
    let deadline = tokio::time::Instant::now() + within;
    let mut chunk = [0u8; 4096];
    loop {
        match tokio::time::timeout_at(deadline, stream.read(&mut chunk)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            Ok(Ok(_)) => {}
            Err(_) => return false,
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
