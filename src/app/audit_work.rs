//! The runner's work for the Audit pane: read a page of the trail (in
//! words) for the filters typed, the next page after the last row shown,
//! and when the last good backup was made. The counters' and people's
//! names are read once per listing (on its first page) and kept.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::action::Action;
use crate::audit::{self, Entry, Labels, Wanted};
use crate::store::{AuditCursor, Store};

/// Rows read per page.
pub const PAGE: usize = 100;

/// What the pane asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditAsk {
    /// The filters, as typed.
    pub wanted: Wanted,
    /// Go on after this row (`None`: the newest first).
    pub after: Option<AuditCursor>,
    /// Matches the answer to the ask; older answers are ignored.
    pub generation: u64,
}

/// A page read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditPage {
    /// The ask this answers.
    pub generation: u64,
    /// Whether it goes on after rows already shown.
    pub appended: bool,
    /// The rows, newest first (empty with `error`).
    pub rows: Vec<Entry>,
    /// Whether another page may follow.
    pub more: bool,
    /// Why the filters match nothing, in words.
    pub error: Option<String>,
    /// The last good backup: when, and where.
    pub backup: Option<(DateTime<Utc>, String)>,
}

/// The names kept between pages of one listing.
#[derive(Default)]
pub struct AuditWork {
    labels: Option<Labels>,
}

impl AuditWork {
    /// Reads the page `ask` wants.
    pub fn load(&mut self, store: &Store, tz: Tz, ask: AuditAsk) -> Action {
        let appended = ask.after.is_some();
        let backup = crate::backup::last_ok(store);
        let page = (|| -> anyhow::Result<Vec<Entry>> {
            if !appended || self.labels.is_none() {
                self.labels = Some(Labels::read(store)?);
            }
            let labels = self
                .labels
                .as_ref()
                .ok_or_else(|| anyhow::anyhow!("no names"))?;
            let filter = ask.wanted.resolve(labels, tz)?;
            audit::page(store, labels, &filter, ask.after.as_ref(), PAGE, false)
        })();
        let (rows, error) = match page {
            Ok(rows) => (rows, None),
            Err(e) => (Vec::new(), Some(e.to_string())),
        };
        Action::AuditLoaded(Box::new(AuditPage {
            generation: ask.generation,
            appended,
            more: rows.len() == PAGE,
            rows,
            error,
            backup,
        }))
    }
}
