//! Projections kept in their own modules: each one's SQL apply (the stored
//! twin of its pure apply in `galla_domain::projection`) and its loader for
//! `galla check`: the catalogue, bills, books, khata, reports and the
//! last-write-wins registers. Parties, staff, attendance, settings and stock
//! are still applied in `project.rs` and loaded in `check.rs`.

pub(crate) mod bills;
pub(crate) mod books;
pub(crate) mod catalogue;
pub(crate) mod khata;
pub(crate) mod lww;
pub(crate) mod report;
pub(crate) mod report_load;
pub(crate) mod report_upgrade;
pub(crate) mod rows;
pub(crate) mod sums;
