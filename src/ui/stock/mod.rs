//! The Stock pane: every variant with prices and quantity per location,
//! filtered as you type, low stock marked, a location switch and a movement
//! history popup; and over it the catalogue (a new product as a size ×
//! colour grid, an item changed or no longer sold, locations, labels) and
//! the goods documents (a purchase, a return to the supplier, a transfer,
//! corrections, a count). `state` is the list, `catalogue` the forms and
//! their keys, `goods` a document and `goods_lines` its lines; `view` and `goods_view` draw them.

mod catalogue;
mod goods;
mod goods_lines;
mod goods_view;
mod state;
mod view;

pub use catalogue::StockForm;
pub use goods::{DocLine, GoodsDoc, GoodsKind, LineForm, Slot};
pub use goods_lines::parse_date;
pub use state::StockPane;

/// Rows of chrome above the table inside the pane: search line and header.
pub const CHROME_ROWS: u16 = 2;
