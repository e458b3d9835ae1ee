//! Where receipts go: a file (appended, for tests and for "print to PDF"
//! pipelines), a printer device such as /dev/usb/lp0 (opened for writing,
//! never created), or a network printer on `tcp:HOST:PORT` (port 9100 by
//! default, connect and write with a timeout). Errors say what to do; the
//! bill is already saved when these run, so none of them loses a sale.

use std::fmt;
use std::fs::OpenOptions;
use std::io::{self, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

/// How long a network printer gets to answer and to take the bytes.
pub const NET_TIMEOUT: Duration = Duration::from_secs(3);

/// A printer, as the config names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PrintTarget {
    /// `file:PATH`: bytes appended to a file, created if missing.
    File(PathBuf),
    /// A device path such as `/dev/usb/lp0`: must exist.
    Device(PathBuf),
    /// `tcp:HOST:PORT` (or `tcp:HOST`, port 9100).
    Tcp(String),
}

impl fmt::Display for PrintTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PrintTarget::File(p) | PrintTarget::Device(p) => write!(f, "{}", p.display()),
            PrintTarget::Tcp(addr) => f.write_str(addr),
        }
    }
}

/// Why a printer target in the config is not one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "printer \"{0}\" is not a target — use file:PATH, a device like /dev/usb/lp0, or tcp:HOST:9100"
)]
pub struct BadTarget(pub String);

impl FromStr for PrintTarget {
    type Err = BadTarget;

    fn from_str(s: &str) -> Result<PrintTarget, BadTarget> {
        let s = s.trim();
        let bad = || BadTarget(s.to_string());
        if let Some(path) = s.strip_prefix("file:") {
            return if path.is_empty() {
                Err(bad())
            } else {
                Ok(PrintTarget::File(PathBuf::from(path)))
            };
        }
        if let Some(addr) = s.strip_prefix("tcp:") {
            let (host, port) = match addr.rsplit_once(':') {
                Some((h, p)) => (h, p.parse::<u16>().map_err(|_| bad())?),
                None => (addr, 9100),
            };
            return if host.is_empty() || port == 0 {
                Err(bad())
            } else {
                Ok(PrintTarget::Tcp(format!("{host}:{port}")))
            };
        }
        if s.starts_with('/') {
            return Ok(PrintTarget::Device(PathBuf::from(s)));
        }
        Err(bad())
    }
}

/// Why a receipt did not print. The bill is saved either way.
#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    /// No such device or address.
    #[error("Printer not found at {0} — bill saved")]
    NotFound(String),
    /// The device exists but may not be written.
    #[error("No permission to use the printer at {0} — add this user to the lp group; bill saved")]
    NoPermission(String),
    /// The network printer did not answer or refused.
    #[error("Printer at {target} did not answer ({source}) — bill saved")]
    Unreachable {
        /// host:port.
        target: String,
        /// What the network said.
        source: io::Error,
    },
    /// Anything else while writing.
    #[error("Printing to {target} failed: {source} — bill saved")]
    Failed {
        /// The target.
        target: String,
        /// The error.
        source: io::Error,
    },
}

/// Sends `bytes` to `target`, all or an error.
pub fn print(bytes: &[u8], target: &PrintTarget) -> Result<(), PrintError> {
    let name = target.to_string();
    let failed = |source: io::Error| match source.kind() {
        io::ErrorKind::NotFound => PrintError::NotFound(name.clone()),
        io::ErrorKind::PermissionDenied => PrintError::NoPermission(name.clone()),
        _ => PrintError::Failed {
            target: name.clone(),
            source,
        },
    };
    match target {
        PrintTarget::File(path) => {
            let mut f = OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .map_err(failed)?;
            f.write_all(bytes).and_then(|()| f.flush()).map_err(failed)
        }
        PrintTarget::Device(path) => {
            let mut f = OpenOptions::new().write(true).open(path).map_err(failed)?;
            f.write_all(bytes).and_then(|()| f.flush()).map_err(failed)
        }
        PrintTarget::Tcp(addr) => {
            let unreachable = |source: io::Error| PrintError::Unreachable {
                target: name.clone(),
                source,
            };
            let sock = addr
                .to_socket_addrs()
                .map_err(unreachable)?
                .next()
                .ok_or_else(|| PrintError::NotFound(name.clone()))?;
            let mut stream = TcpStream::connect_timeout(&sock, NET_TIMEOUT).map_err(unreachable)?;
            stream
                .set_write_timeout(Some(NET_TIMEOUT))
                .and_then(|()| stream.write_all(bytes))
                .and_then(|()| stream.flush())
                .and_then(|()| stream.shutdown(std::net::Shutdown::Write))
                .map_err(unreachable)
        }
    }
}
