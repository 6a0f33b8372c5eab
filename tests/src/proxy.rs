//! A TCP proxy that a test puts between the server and its database, to make the database
//! go away ([`Mode::Refuse`]: connections are closed and new ones refused) or stop
//! answering ([`Mode::Blackhole`]: connections stay open, nothing is forwarded), and come
//! back ([`Mode::Forward`]).

use std::net::SocketAddr;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Forward,
    Refuse,
    Blackhole,
}

pub struct FaultProxy {
    pub addr: SocketAddr,
    mode: watch::Sender<Mode>,
    accept: tokio::task::JoinHandle<()>,
}

impl FaultProxy {
    /// Listens on a free loopback port and forwards to `upstream`.
    pub async fn start(upstream: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let addr = listener.local_addr().expect("proxy address");
        let (mode, _) = watch::channel(Mode::Forward);
        let modes = mode.clone();
        let accept = tokio::spawn(async move {
            loop {
                let Ok((client, _)) = listener.accept().await else {
                    continue;
                };
                let mut watcher = modes.subscribe();
                tokio::spawn(async move {
                    let current = *watcher.borrow_and_update();
                    match current {
                        Mode::Refuse => return,
                        Mode::Blackhole => {
                            // Hold the connection, answer nothing, until the mode changes;
                            // then drop it (the client has given up on it by then).
                            let _ = watcher.changed().await;
                            return;
                        }
                        Mode::Forward => {}
                    }
                    let Ok(server) = TcpStream::connect(upstream).await else {
                        return;
                    };
                    pipe(client, server, watcher).await;
                });
            }
        });
        Self { addr, mode, accept }
    }

    pub fn set(&self, mode: Mode) {
        self.mode.send_replace(mode);
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

/// Copies both ways while the mode is `Forward`; stops copying (keeping both sockets open)
/// while it is `Blackhole`; closes both on `Refuse`.
async fn pipe(client: TcpStream, server: TcpStream, mut mode: watch::Receiver<Mode>) {
    let (mut client_read, mut client_write) = client.into_split();
    let (mut server_read, mut server_write) = server.into_split();
    let mut up = [0u8; 16 * 1024];
    let mut down = [0u8; 16 * 1024];
    loop {
        let current = *mode.borrow_and_update();
        match current {
            Mode::Refuse => return,
            Mode::Blackhole => {
                if mode.changed().await.is_err() {
                    return;
                }
            }
            Mode::Forward => {
                tokio::select! {
                    changed = mode.changed() => if changed.is_err() { return },
                    n = client_read.read(&mut up) => match n {
                        Ok(0) | Err(_) => return,
                        Ok(n) => if server_write.write_all(&up[..n]).await.is_err() { return },
                    },
                    n = server_read.read(&mut down) => match n {
                        Ok(0) | Err(_) => return,
                        Ok(n) => if client_write.write_all(&down[..n]).await.is_err() { return },
                    },
                }
            }
        }
    }
}
