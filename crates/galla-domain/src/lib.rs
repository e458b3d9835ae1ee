//! galla's pure domain: money in paise, quantities, GST arithmetic, ids, the
//! versioned events, and the fold of an event into projection deltas.
//! No I/O, no terminal, no SQL: everything here is a plain function or type,
//! tested with tables and properties.

pub mod access;
pub mod attendance;
pub mod bill;
pub mod catalogue;
pub mod ean;
pub mod event;
pub mod fold;
pub mod gst;
pub mod ids;
pub mod ledger;
pub mod money;
pub mod payload;
pub mod projection;
pub mod purchase;
pub mod qty;
pub mod sanity;
pub mod stamp;

pub use catalogue::{AdjustReason, Location, Party, PartyKind, Product, Staff, Unit, Variant};
pub use event::{DecodeError, Event, EventKind, EventPayload, NewEvent};
pub use fold::{Delta, MoveKind, fold, fold_with, stock_moves, withdrawn_when_refused};
pub use gst::{Delivery, Document, GstRate, PriceMode, Regime, Supply};
pub use ids::*;
pub use money::{Money, group_indian};
pub use projection::{
    BillRow, BillsProjection, BooksProjection, CatalogueProjection, CreditNoteRow, KhataProjection,
    PriceRow, Projections, Register, Registers, SettingsProjection, StaffProjection, StockMove,
    StockProjection,
};
pub use qty::Qty;
pub use stamp::{Meta, Stamp};
