//! Reading stored projection rows back for `galla check`: the small column
//! readers every projection's loader shares (a stamp, an id kept as text, a
//! unit enum kept as its serde name) and [`collect`], one query's rows.

use rusqlite::{Connection, Row};

use crate::store::Result;
use crate::store::project::enum_from_text;
use galla_domain::Stamp;

/// A stamp column (`Stamp::to_bytes`).
pub(crate) fn stamp_col(r: &Row<'_>, i: usize) -> rusqlite::Result<Stamp> {
    let bytes: Vec<u8> = r.get(i)?;
    Stamp::from_bytes(&bytes).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Blob,
            "bad stamp".into(),
        )
    })
}

/// An id kept as its text.
pub(crate) fn text_id<T: std::str::FromStr>(r: &Row<'_>, i: usize) -> rusqlite::Result<T> {
    let s: String = r.get(i)?;
    s.parse().map_err(|_| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, "bad id".into())
    })
}

/// A unit enum kept as its serde name.
pub(crate) fn enum_col<T: serde::de::DeserializeOwned>(
    r: &Row<'_>,
    i: usize,
) -> rusqlite::Result<T> {
    let s: String = r.get(i)?;
    enum_from_text(&s).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Text,
            format!("bad value {s:?}").into(),
        )
    })
}

/// Every row of `sql`, read by `f`.
pub(crate) fn collect<T>(
    conn: &Connection,
    sql: &str,
    f: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], f)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
