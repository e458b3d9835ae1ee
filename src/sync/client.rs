//! The HTTP side of sync: enroll, status, push and pull over reqwest, with
//! the protocol header, the bearer token and the timeouts (connect 5 s,
//! request 30 s). Every non-200 answer becomes a [`Failure`] that says what
//! the sync task must do next. It touches no database.

use std::time::Duration;

use galla_proto::{
    EnrollRequest, EnrollResponse, ErrorBody, PROTOCOL_HEADER, PROTOCOL_VERSION, PullResponse,
    PushRequest, PushResponse, StatusResponse,
};
use reqwest::{RequestBuilder, StatusCode};
use serde::de::DeserializeOwned;

/// Why a request did not give an answer the sync task can use.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Failure {
    /// The server could not be reached, or the connection broke.
    #[error("cannot reach the server: {0}")]
    Network(String),
    /// The server answered with a transient failure (5xx, 429).
    #[error("the server is busy or failing ({status}): {message}")]
    Busy {
        /// The HTTP status.
        status: u16,
        /// What it said.
        message: String,
        /// How long it asked us to wait.
        retry_after: Option<Duration>,
    },
    /// 401/403: the token is missing, unknown or revoked.
    #[error("sign-in needed: {0} — enroll this counter again (galla enroll)")]
    SignIn(String),
    /// 426: the protocol versions do not overlap.
    #[error("upgrade needed: {0}")]
    Upgrade(String),
    /// 413: send fewer events.
    #[error("the server says the batch is too large")]
    TooLarge,
    /// 410: the server's ledger was reset or restored.
    #[error("the server's ledger was reset; sending everything again")]
    Reset {
        /// The server's epoch now.
        epoch: Option<uuid::Uuid>,
    },
    /// Any other refusal (400, 404, 409 ...): a bug or a wrong address.
    #[error("the server refused the request ({status}): {message}")]
    Refused {
        /// The HTTP status.
        status: u16,
        /// What it said.
        message: String,
    },
}

/// A connection to one sync server.
#[derive(Clone, Debug)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    request_timeout: Duration,
}

impl Client {
    /// A client for the server at `base` (`http://host:port`).
    pub fn new(
        base: &str,
        connect_timeout: Duration,
        request_timeout: Duration,
    ) -> Result<Client, Failure> {
        let http = reqwest::Client::builder()
            .connect_timeout(connect_timeout)
            .timeout(request_timeout)
            .user_agent(concat!("galla/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Failure::Network(format!("cannot set up HTTP: {e}")))?;
        Ok(Client {
            http,
            base: base.trim_end_matches('/').to_string(),
            request_timeout,
        })
    }

    fn get(&self, path: &str, token: &str) -> RequestBuilder {
        self.http
            .get(format!("{}{path}", self.base))
            .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
            .bearer_auth(token)
    }

    /// Trades an enrollment code for a token.
    pub async fn enroll(&self, req: &EnrollRequest) -> Result<EnrollResponse, Failure> {
        let builder = self
            .http
            .post(format!("{}/v1/devices/enroll", self.base))
            .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
            .json(req);
        send(builder).await
    }

    /// The cheap probe.
    pub async fn status(&self, token: &str) -> Result<StatusResponse, Failure> {
        send(self.get("/v1/sync/status", token)).await
    }

    /// Pushes one batch.
    pub async fn push(&self, token: &str, req: &PushRequest) -> Result<PushResponse, Failure> {
        let builder = self
            .http
            .post(format!("{}/v1/sync/push", self.base))
            .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
            .bearer_auth(token)
            .json(req);
        send(builder).await
    }

    /// Pulls one page of the other devices' events after `after`, waiting
    /// up to `wait` seconds for news.
    pub async fn pull(
        &self,
        token: &str,
        after: u64,
        limit: u32,
        wait: u32,
        epoch: Option<uuid::Uuid>,
    ) -> Result<PullResponse, Failure> {
        let mut path =
            format!("/v1/sync/pull?after={after}&limit={limit}&wait={wait}&others_only=true");
        if let Some(e) = epoch {
            path.push_str(&format!("&epoch={e}"));
        }
        let builder = self
            .get(&path, token)
            .timeout(self.request_timeout + Duration::from_secs(u64::from(wait)));
        send(builder).await
    }
}

fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}

async fn send<T: DeserializeOwned>(builder: RequestBuilder) -> Result<T, Failure> {
    let response = builder.send().await.map_err(|e| network(&e))?;
    let status = response.status();
    let wait = retry_after(response.headers());
    let bytes = response.bytes().await.map_err(|e| network(&e))?;
    if status == StatusCode::OK {
        return serde_json::from_slice(&bytes).map_err(|e| Failure::Refused {
            status: 200,
            message: format!("the answer could not be read: {e}"),
        });
    }
    let body: Option<ErrorBody> = serde_json::from_slice(&bytes).ok();
    let message = body
        .as_ref()
        .map(|b| b.message.clone())
        .unwrap_or_else(|| String::from_utf8_lossy(&bytes).chars().take(200).collect());
    Err(match status.as_u16() {
        401 | 403 => Failure::SignIn(message),
        410 => Failure::Reset {
            epoch: body.and_then(|b| b.ledger_epoch),
        },
        413 => Failure::TooLarge,
        426 => Failure::Upgrade(message),
        s @ (429 | 500..=599) => Failure::Busy {
            status: s,
            message,
            retry_after: wait,
        },
        s => Failure::Refused { status: s, message },
    })
}

fn network(e: &reqwest::Error) -> Failure {
    let what = if e.is_timeout() {
        "no answer in time"
    } else if e.is_connect() {
        "no connection"
    } else {
        "the connection broke"
    };
    // reqwest's top-level message is vague; the innermost cause says why.
    let mut cause: &dyn std::error::Error = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    Failure::Network(format!("{what} ({cause})"))
}
