//! The Sync pane's state: the latest snapshot, the "needs attention" rows
//! and the selection. Pure: it asks for rows and for "sync now" through
//! effects and never blocks; the advice for each reason lives here so a
//! test can check the words without drawing.

use crate::app::action::Effect;
use crate::app::command::Command;
use crate::store::AttentionRow;
use crate::sync::{SyncSnapshot, SyncState};

/// The Sync pane.
#[derive(Debug, Default)]
pub struct SyncPane {
    /// What the sync task last said.
    pub snapshot: SyncSnapshot,
    /// Flagged and rejected events, oldest first.
    pub rows: Vec<AttentionRow>,
    /// The selected row.
    pub selected: usize,
    /// The flagged + rejected count the rows were read for.
    loaded_for: Option<u64>,
    /// A word about the last "sync now", until the next snapshot.
    pub note: Option<String>,
}

impl SyncPane {
    /// Takes a new snapshot; asks for the attention list again when the
    /// number of flagged or rejected events changed.
    pub fn snapshot_changed(&mut self, snapshot: SyncSnapshot) -> Vec<Effect> {
        // The task answered (or the clock moved its wording): the note is done.
        self.note = None;
        let count = snapshot.attention();
        self.snapshot = snapshot;
        if self.loaded_for != Some(count) {
            self.loaded_for = Some(count);
            return vec![Effect::LoadAttention];
        }
        Vec::new()
    }

    /// Takes the attention rows just read.
    pub fn attention_loaded(&mut self, rows: Vec<AttentionRow>) {
        self.rows = rows;
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
    }

    /// Whether a server is set up and this counter enrolled with it.
    pub fn has_server(&self) -> bool {
        !matches!(
            self.snapshot.state,
            SyncState::NoServer | SyncState::NotEnrolled
        )
    }

    /// The selected row, if any.
    pub fn selected_row(&self) -> Option<&AttentionRow> {
        self.rows.get(self.selected)
    }

    /// Runs a Sync-pane command; `None` for commands it does not know.
    pub fn command(&mut self, command: Command) -> Option<Vec<Effect>> {
        let last = self.rows.len().saturating_sub(1);
        match command {
            Command::Up => self.selected = self.selected.saturating_sub(1),
            Command::Down => self.selected = (self.selected + 1).min(last),
            Command::PageUp => self.selected = self.selected.saturating_sub(5),
            Command::PageDown => self.selected = (self.selected + 5).min(last),
            Command::First => self.selected = 0,
            Command::Last => self.selected = last,
            Command::SyncNow => return Some(self.sync_now()),
            _ => return None,
        }
        Some(Vec::new())
    }

    fn sync_now(&mut self) -> Vec<Effect> {
        let (note, effects) = match self.snapshot.state {
            SyncState::NoServer => (
                "No sync server is set — see below how to set one up.",
                Vec::new(),
            ),
            SyncState::NotEnrolled => (
                "This counter is not enrolled yet — run `galla enroll` first (see below).",
                Vec::new(),
            ),
            SyncState::Elsewhere => (
                "Another galla on this database does the syncing — sync from there.",
                Vec::new(),
            ),
            _ => ("Syncing now…", vec![Effect::SyncNow]),
        };
        self.note = Some(note.to_string());
        effects
    }
}

/// What a person should do about a flagged or rejected event, from the
/// outbox state, the event's type and the server's reason (`CODE: words`).
pub fn advice(state: &str, kind: &str, reason: &str) -> &'static str {
    let code = reason.split(':').next().unwrap_or("").trim();
    if state == crate::store::DUPLICATE {
        return "Count this item and move its stock to the SKU's first item (galla transfer \
                or galla adjust), then stop using it; its history stays.";
    }
    if state == crate::store::KEPT_ASIDE {
        return if reason.contains("needs a newer galla") {
            "Another counter runs a newer galla: upgrade this one; the entry counts from then on."
        } else {
            "Another counter sent an entry this galla refuses; it counts nowhere here. \
             Tell the server's administrator."
        };
    }
    match (state, code) {
        ("flagged", "NEGATIVE_STOCK") => {
            "Sold more than the shop holds: count the item and record a stock adjustment."
        }
        ("flagged", _) => "Kept by the server; check the entry and correct it if needed.",
        (_, "NEGATIVE_STOCK") if kind == "SALE" => {
            "The bill stands here, but the shop's server refuses sales below zero: count \
             the item, record an adjustment, and tell the owner."
        }
        (_, "NEGATIVE_STOCK") => {
            "Refused by the server (stock would go below zero), so it does not count here \
             either: count the item, then enter it again."
        }
        (_, "ID_CONFLICT" | "SEQ_CONFLICT") => {
            "Another counter used the same number: re-enroll this counter and tell the \
             server's administrator."
        }
        (_, "SCHEMA_INVALID") => "The server could not read it: upgrade galla on this counter.",
        (_, "EVENT_TOO_LARGE") => "Too large to send: split it into smaller entries.",
        _ => "Not recorded on the server: check the entry and enter it again if needed.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(seq: u64, state: &str, reason: &str) -> AttentionRow {
        AttentionRow {
            device_seq: seq,
            kind: "SALE".into(),
            occurred_at: None,
            state: state.into(),
            reason: reason.into(),
        }
    }

    #[test]
    fn reloads_rows_only_when_the_count_changes() {
        let mut pane = SyncPane::default();
        let mut s = SyncSnapshot::with_state(SyncState::UpToDate);
        assert_eq!(
            pane.snapshot_changed(s.clone()),
            vec![Effect::LoadAttention]
        );
        assert_eq!(pane.snapshot_changed(s.clone()), Vec::new());
        s.flagged = 1;
        assert_eq!(pane.snapshot_changed(s), vec![Effect::LoadAttention]);
    }

    #[test]
    fn moves_within_the_rows_and_asks_for_sync() {
        let mut pane = SyncPane::default();
        pane.attention_loaded(vec![row(1, "flagged", "X"), row(2, "rejected", "Y")]);
        pane.command(Command::Down);
        pane.command(Command::Down);
        assert_eq!(pane.selected, 1);
        pane.command(Command::Up);
        assert_eq!(pane.selected, 0);
        assert_eq!(pane.command(Command::SyncNow), Some(Vec::new()));
        assert!(
            pane.note
                .as_deref()
                .is_some_and(|n| n.contains("No sync server"))
        );
        let _ = pane.snapshot_changed(SyncSnapshot::with_state(SyncState::Offline));
        assert_eq!(pane.command(Command::SyncNow), Some(vec![Effect::SyncNow]));
        assert_eq!(pane.command(Command::Pay), None);
        pane.attention_loaded(Vec::new());
        assert_eq!(pane.selected, 0);
    }

    #[test]
    fn advice_follows_the_reason() {
        assert!(advice("flagged", "SALE", "NEGATIVE_STOCK: below zero").contains("adjustment"));
        assert!(advice("rejected", "TRANSFER", "NEGATIVE_STOCK: x").contains("enter it again"));
        assert!(advice("rejected", "SALE", "NEGATIVE_STOCK: x").contains("bill stands"));
        assert!(advice("rejected", "SALE", "SEQ_CONFLICT: x").contains("re-enroll"));
        assert!(advice("rejected", "SALE", "SCHEMA_INVALID: x").contains("upgrade"));
        assert!(advice("rejected", "SALE", "").contains("check the entry"));
        assert!(advice("duplicate", "VARIANT", "SKU X").contains("move its stock"));
        assert!(advice("kept aside", "SALE", "needs a newer galla: x").contains("upgrade"));
        assert!(advice("kept aside", "SALE", "refused: x").contains("administrator"));
    }
}
