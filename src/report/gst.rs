//! GST (built last, see issue 14): placeholder while the other reports land.

use serde_json::{Value, json};

use super::table::{Cell, Table};
use super::{Period, Query};
use crate::store::Store;

/// The GST figures of a period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gst {
    /// The days.
    pub period: Period,
}

/// Works out the GST figures for `q`.
pub fn compute(_store: &Store, q: &Query) -> anyhow::Result<Gst> {
    Ok(Gst { period: q.period })
}

impl Gst {
    /// JSON.
    pub fn json(&self) -> Value {
        json!({"report": "gst"})
    }

    /// Key figures.
    pub fn summary(&self) -> Vec<(String, Cell)> {
        Vec::new()
    }

    /// Writes the sheets into `dir`.
    pub fn write_csvs(&self, _dir: &std::path::Path) -> anyhow::Result<Vec<std::path::PathBuf>> {
        Ok(Vec::new())
    }

    /// Tables.
    pub fn tables(&self) -> Vec<Table> {
        Vec::new()
    }
}
