//! Projections kept in their own modules: each one's SQL apply (the stored
//! twin of its pure apply in `galla_domain::projection`) and its loader for
//! `galla check`. The older projections are still applied in `project.rs`.

pub(crate) mod report;
pub(crate) mod report_load;
pub(crate) mod report_upgrade;
pub(crate) mod sums;
