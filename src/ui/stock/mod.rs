//! The Stock pane: every variant with prices and quantity per location,
//! filtered as you type, low stock marked, a location switch and a movement
//! history popup. `state` is the pure component; `view` draws it.

mod state;
mod view;

pub use state::StockPane;

/// Rows of chrome above the table inside the pane: search line and header.
pub const CHROME_ROWS: u16 = 2;
