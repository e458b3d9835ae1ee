//! A fault-injecting TCP proxy for sync tests, on 127.0.0.1, deterministic by
//! seed: refuse, blackhole, drop the request, forward then reset before the
//! response reaches the client, latency, and slicing into small writes.
//! Changing the mode cuts every open connection, so pooled keep-alive
//! connections meet the new mode too. It runs on its own thread.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// What the proxy does to a connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Forward both ways untouched.
    Pass,
    /// Reset the connection at once.
    Refuse,
    /// Accept and read, never answer.
    Blackhole,
    /// Read the request, then close without forwarding it.
    DropRequest,
    /// Forward the request; reset the client when the answer starts.
    ResetAfterUpstream,
    /// Forward with this delay on every chunk.
    Latency(Duration),
    /// Forward in writes of at most this many bytes.
    Slice(usize),
}

/// How the proxy picks a fault for each new connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The same fault for every connection.
    Always(Fault),
    /// A fault drawn per connection from a seeded generator; about half pass.
    Chaos,
}

struct Shared {
    mode: Mode,
    rng: u64,
}

/// A running proxy; it lives as long as the process.
pub struct FaultProxy {
    /// Where clients connect.
    pub addr: SocketAddr,
    shared: Arc<Mutex<Shared>>,
    cut: watch::Sender<u64>,
}

impl FaultProxy {
    /// Starts a proxy to `upstream` in `Pass` mode; `seed` fixes the chaos.
    pub fn start(upstream: SocketAddr, seed: u64) -> std::io::Result<FaultProxy> {
        let std_listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        std_listener.set_nonblocking(true)?;
        let addr = std_listener.local_addr()?;
        let shared = Arc::new(Mutex::new(Shared {
            mode: Mode::Always(Fault::Pass),
            rng: seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1,
        }));
        let (cut, _) = watch::channel(0u64);
        let (state, cuts) = (shared.clone(), cut.clone());
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        std::thread::Builder::new()
            .name("fault-proxy".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let Ok(listener) = TcpListener::from_std(std_listener) else {
                        return;
                    };
                    while let Ok((client, _)) = listener.accept().await {
                        let fault = pick(&state);
                        let mut cut = cuts.subscribe();
                        tokio::spawn(async move {
                            tokio::select! {
                                _ = serve(client, upstream, fault) => {}
                                _ = cut.changed() => {}
                            }
                        });
                    }
                });
            })?;
        Ok(FaultProxy { addr, shared, cut })
    }

    /// The proxy's address as an `http://` base URL.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Switches the mode and cuts every open connection.
    pub fn set(&self, mode: Mode) {
        if let Ok(mut s) = self.shared.lock() {
            s.mode = mode;
        }
        self.cut.send_modify(|n| *n += 1);
    }
}

fn pick(state: &Mutex<Shared>) -> Fault {
    let Ok(mut s) = state.lock() else {
        return Fault::Pass;
    };
    match s.mode {
        Mode::Always(f) => f,
        Mode::Chaos => {
            s.rng ^= s.rng << 13;
            s.rng ^= s.rng >> 7;
            s.rng ^= s.rng << 17;
            match s.rng % 20 {
                0..=8 => Fault::Pass,
                9 | 10 => Fault::Refuse,
                11 => Fault::Blackhole,
                12 | 13 => Fault::DropRequest,
                14..=16 => Fault::ResetAfterUpstream,
                17 | 18 => Fault::Latency(Duration::from_millis(30 + s.rng % 100)),
                _ => Fault::Slice(1 + (s.rng % 16) as usize),
            }
        }
    }
}

async fn serve(client: TcpStream, upstream: SocketAddr, fault: Fault) {
    let mut client = client;
    match fault {
        Fault::Refuse => {
            let _ = client.set_zero_linger();
        }
        Fault::Blackhole => {
            let mut buf = [0u8; 4096];
            while matches!(client.read(&mut buf).await, Ok(n) if n > 0) {}
            // The client gave up; keep nothing open.
        }
        Fault::DropRequest => {
            let mut buf = [0u8; 4096];
            let _ = client.read(&mut buf).await;
        }
        _ => {
            let Ok(server) = TcpStream::connect(upstream).await else {
                let _ = client.set_zero_linger();
                return;
            };
            let (mut cr, mut cw) = client.into_split();
            let (mut sr, mut sw) = server.into_split();
            let up = copy(&mut cr, &mut sw, fault, false);
            let down = copy(&mut sr, &mut cw, fault, true);
            tokio::select! {
                _ = up => {}
                _ = down => {}
            }
            if fault == Fault::ResetAfterUpstream
                && let Ok(client) = cr.reunite(cw)
            {
                let _ = client.set_zero_linger();
            }
        }
    }
}

/// Copies one direction until EOF; `down` is server → client.
async fn copy(
    from: &mut tokio::net::tcp::OwnedReadHalf,
    to: &mut tokio::net::tcp::OwnedWriteHalf,
    fault: Fault,
    down: bool,
) {
    let mut buf = vec![0u8; 16 * 1024];
    loop {
        let n = match from.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        if down && fault == Fault::ResetAfterUpstream {
            // The server answers after COMMIT: the push happened, the
            // client will never know.
            return;
        }
        if let Fault::Latency(d) = fault {
            tokio::time::sleep(d).await;
        }
        let piece = match fault {
            Fault::Slice(k) => k.max(1),
            _ => n,
        };
        for chunk in buf[..n].chunks(piece) {
            if to.write_all(chunk).await.is_err() {
                return;
            }
            if piece < n {
                tokio::task::yield_now().await;
            }
        }
    }
}
