//! The sync task's published state: a plain [`SyncSnapshot`] sent through a
//! `tokio::sync::watch` channel and its one-line description for the status
//! bar. Pure data and formatting; the clock is passed in so tests can fix it.

use chrono::{DateTime, Utc};
use serde::Serialize;

/// Where sync stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncState {
    /// No `[server] url` in the config: this counter works alone.
    #[default]
    NoServer,
    /// A server is set but this database was never enrolled.
    NotEnrolled,
    /// The server cannot be reached (or failed); retrying.
    Offline,
    /// Trying to reach the server.
    Connecting,
    /// Pushing or pulling.
    Syncing,
    /// Everything is sent and everything is in.
    UpToDate,
    /// The server refused the token: enroll the counter again.
    SignInNeeded,
    /// The server speaks a protocol this galla does not (or the reverse).
    UpgradeNeeded,
    /// Another galla process on this database does the syncing.
    Elsewhere,
}

impl SyncState {
    /// The state in words.
    pub fn words(self) -> &'static str {
        match self {
            SyncState::NoServer => "offline — no server set",
            SyncState::NotEnrolled => "offline — not enrolled",
            SyncState::Offline => "offline",
            SyncState::Connecting => "connecting…",
            SyncState::Syncing => "syncing",
            SyncState::UpToDate => "up to date",
            SyncState::SignInNeeded => "sign-in needed",
            SyncState::UpgradeNeeded => "upgrade needed",
            SyncState::Elsewhere => "synced by another galla",
        }
    }
}

/// Everything the status bar and the Sync pane show about sync.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SyncSnapshot {
    /// The state.
    pub state: SyncState,
    /// Own events pushed since the task started.
    pub pushed: u64,
    /// Remote events pulled and folded since the task started.
    pub pulled: u64,
    /// Own events the server does not have yet.
    pub pending: u64,
    /// When the oldest pending event happened.
    pub oldest_pending: Option<DateTime<Utc>>,
    /// Accepted with a flag (needs attention).
    pub flagged: u64,
    /// Refused by the server (needs attention).
    pub rejected: u64,
    /// Other counters' events this galla could not use, kept aside.
    pub kept_aside: u64,
    /// Last successful push.
    pub last_push_ok: Option<DateTime<Utc>>,
    /// Last successful pull.
    pub last_pull_ok: Option<DateTime<Utc>>,
    /// When the next attempt is due, after a failure.
    pub next_retry: Option<DateTime<Utc>>,
    /// The last failure, in words.
    pub last_error: Option<String>,
    /// Server clock minus ours, in milliseconds, when known.
    pub clock_skew_ms: Option<i64>,
}

/// A duration in words: "12 s", "3 min", "2 h", "4 d".
pub fn age_words(seconds: i64) -> String {
    let s = seconds.max(0);
    match s {
        0..60 => format!("{s} s"),
        60..3600 => format!("{} min", s / 60),
        3600..86400 => format!("{} h", s / 3600),
        _ => format!("{} d", s / 86400),
    }
}

impl SyncSnapshot {
    /// A snapshot in `state` with nothing else known.
    pub fn with_state(state: SyncState) -> SyncSnapshot {
        SyncSnapshot {
            state,
            ..SyncSnapshot::default()
        }
    }

    /// Flagged, rejected and kept aside: what needs a person.
    pub fn attention(&self) -> u64 {
        self.flagged + self.rejected + self.kept_aside
    }

    /// Whether the clock differs from the server's by more than two minutes.
    pub fn skew_warning(&self) -> bool {
        self.clock_skew_ms.is_some_and(|ms| ms.abs() > 120_000)
    }

    /// One line for the status bar, as of `now`.
    pub fn describe(&self, now: DateTime<Utc>) -> String {
        let since = |t: DateTime<Utc>| age_words((now - t).num_seconds());
        let mut out = match self.state {
            SyncState::Syncing => format!("syncing ↑{} ↓{}", self.pushed, self.pulled),
            SyncState::UpToDate => match self.last_pull_ok {
                Some(t) => format!("up to date · last synced {} ago", since(t)),
                None => "up to date".to_string(),
            },
            SyncState::Offline => match self.next_retry {
                Some(t) if t > now => format!("offline · retry {}", since_rev(now, t)),
                _ => "offline".to_string(),
            },
            other => other.words().to_string(),
        };
        if self.pending > 0 && self.state != SyncState::NoServer {
            out.push_str(&format!(" · {} queued", self.pending));
            if let Some(t) = self.oldest_pending {
                out.push_str(&format!(" ({})", since(t)));
            }
        }
        if self.attention() > 0 {
            out.push_str(&format!(" · ⚠ {}", self.attention()));
        }
        if self.skew_warning() {
            out.push_str(" · clock off");
        }
        out
    }
}

fn since_rev(now: DateTime<Utc>, later: DateTime<Utc>) -> String {
    // Round up so "retry 0 s" never shows while waiting.
    age_words(((later - now).num_milliseconds() + 999) / 1000)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(s: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_800_000_000 + s, 0)
            .single()
            .expect("time")
    }

    #[test]
    fn describes_each_state() {
        let now = at(100);
        let mut s = SyncSnapshot::with_state(SyncState::UpToDate);
        s.last_pull_ok = Some(at(88));
        assert_eq!(s.describe(now), "up to date · last synced 12 s ago");
        s.state = SyncState::Offline;
        s.pending = 3;
        s.oldest_pending = Some(at(-200));
        s.next_retry = Some(at(120));
        assert_eq!(s.describe(now), "offline · retry 20 s · 3 queued (5 min)");
        s.state = SyncState::SignInNeeded;
        s.rejected = 1;
        assert_eq!(s.describe(now), "sign-in needed · 3 queued (5 min) · ⚠ 1");
        assert_eq!(
            SyncSnapshot::default().describe(now),
            "offline — no server set"
        );
    }

    #[test]
    fn ages_read_naturally() {
        assert_eq!(age_words(-3), "0 s");
        assert_eq!(age_words(59), "59 s");
        assert_eq!(age_words(61), "1 min");
        assert_eq!(age_words(7200), "2 h");
        assert_eq!(age_words(200_000), "2 d");
    }
}
