//! Receipts: what a GST tax invoice, bill of supply or cash memo says
//! (`receipt`), a credit note for a return (`credit_note`), laid
//! out in columns for 58 mm, 80 mm or plain text (`layout` into a `Doc`),
//! encoded as ESC/POS bytes (`escpos`) and sent to a printer (`target`);
//! A4 PDFs of plain text lines (`pdf`).
//! Nothing here reads the store or the clock: the caller hands in the saved
//! SALE, names and time, and saving never waits on printing.

pub mod credit_note;
pub mod doc;
pub mod escpos;
pub mod layout;
pub mod pdf;
pub mod raster;
pub mod receipt;
pub mod slip;
pub mod target;

pub use credit_note::{CreditNote, layout_note};
pub use doc::{Align, Block, Doc, Line, text_width};
pub use escpos::{EscPos, encode};
pub use layout::{Paper, layout};
pub use receipt::{COMPOSITION_STATEMENT, ItemInfo, Marks, Receipt, ReceiptLine, ReceiptShop};
pub use slip::close_slip;
pub use target::{BadTarget, PrintError, PrintTarget, print};
