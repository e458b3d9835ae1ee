//! Projections kept in their own modules: each one's SQL apply (the stored
//! twin of its pure apply in the domain module of the same name,
//! `galla_domain::projection::*`) and its loader for `galla check`, which
//! fills that domain module's struct: the catalogue, bills (with the credit
//! notes), books, khata (with the parties), reports, settings, staff (with
//! attendance), stock and the last-write-wins registers. `project.rs`
//! dispatches each delta to its module; `check.rs` calls every loader.

pub(crate) mod bills;
pub(crate) mod books;
pub(crate) mod catalogue;
pub(crate) mod khata;
pub(crate) mod lww;
pub(crate) mod report;
pub(crate) mod report_load;
pub(crate) mod report_upgrade;
pub(crate) mod rows;
pub(crate) mod settings;
pub(crate) mod staff;
pub(crate) mod stock;
pub(crate) mod sums;
