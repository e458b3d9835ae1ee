//! `Action` (everything `update` handles) and `Effect` (what `update` asks the
//! runner to do). Results of work come back as actions named in the past
//! tense. Plain data only: no I/O and no terminal here.

use chrono::{DateTime, Utc};
use galla_domain::{Location, LocationId, VariantId};
use ratatui::crossterm::event::KeyEvent;

use super::command::Command;
use crate::store::{HistoryRow, StockRow};

/// Everything that can change the app's state.
#[derive(Debug)]
pub enum Action {
    /// A key from the terminal (or a script).
    Key(KeyEvent),
    /// A command, already resolved (from a key or a test).
    Command(Command),
    /// The clock moved on.
    Tick(DateTime<Utc>),
    /// The terminal changed size.
    Resized {
        /// Columns.
        width: u16,
        /// Rows.
        height: u16,
    },
    /// The locations were read.
    LocationsLoaded(Vec<Location>),
    /// The search index was read: every variant id, in index order.
    IndexLoaded(std::sync::Arc<[VariantId]>),
    /// The search matched these index positions, best first.
    Filtered {
        /// The request this answers; older answers are ignored.
        generation: u64,
        /// Positions in the index.
        rows: Vec<u32>,
    },
    /// Stock rows for the visible window were read.
    StockRowsLoaded {
        /// The request this answers; older answers are ignored.
        generation: u64,
        /// The rows, in the order asked.
        rows: Vec<StockRow>,
    },
    /// Ids of the first page, before the search index is loaded.
    FirstPageLoaded(Vec<VariantId>),
    /// A variant's history was read.
    HistoryLoaded {
        /// Title for the popup ("KUR00000-01 Cotton Kurta").
        title: String,
        /// The movements, oldest first.
        rows: Vec<HistoryRow>,
    },
    /// Another process (or this one) committed to the database.
    StoreChanged {
        /// How many variants the catalogue has now.
        variants: usize,
    },
    /// Something the runner tried failed; shown in a popup.
    EffectFailed(String),
}

/// Work `update` asks the runner to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Read full rows for these variants.
    LoadStockRows {
        /// Matches `Action::StockRowsLoaded::generation`.
        generation: u64,
        /// Which variants, in display order.
        ids: Vec<VariantId>,
    },
    /// Read the ids of the first `limit` variants in SKU order.
    LoadFirstPage {
        /// How many.
        limit: usize,
    },
    /// Read the search index again (the catalogue changed).
    ReloadIndex,
    /// Filter the index for a query (off the UI thread in the app).
    Filter {
        /// What was typed.
        query: String,
        /// Matches `Action::Filtered::generation`.
        generation: u64,
    },
    /// Read a variant's movement history.
    LoadHistory {
        /// Which variant.
        variant: VariantId,
        /// At one location, or all.
        location: Option<LocationId>,
        /// Popup title.
        title: String,
    },
    /// Leave the loop and restore the terminal.
    Quit,
}
