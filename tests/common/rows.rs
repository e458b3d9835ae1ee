//! A SQLite file's rows read with plain SQL, for tests that look at what is
//! stored rather than through the store.

use rusqlite::Connection;
use std::path::Path;

/// A table's rows as text, sorted (blobs as hex).
pub fn dump(db: &Path, table: &str) -> Vec<String> {
    let conn = Connection::open(db).expect("open");
    select(&conn, &format!("SELECT * FROM {table}"))
}

/// The rows `sql` selects as text, a line a row with `|` between values,
/// sorted (blobs as hex).
pub fn select(conn: &Connection, sql: &str) -> Vec<String> {
    let mut stmt = conn.prepare(sql).expect("prepare");
    let cols = stmt.column_count();
    let mut rows: Vec<String> = stmt
        .query_map([], |r| {
            let mut line = Vec::new();
            for i in 0..cols {
                use rusqlite::types::ValueRef;
                line.push(match r.get_ref(i)? {
                    ValueRef::Null => "NULL".to_string(),
                    ValueRef::Integer(n) => n.to_string(),
                    ValueRef::Real(f) => format!("REAL {f}"),
                    ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                    ValueRef::Blob(b) => b.iter().map(|x| format!("{x:02x}")).collect(),
                });
            }
            Ok(line.join("|"))
        })
        .expect("query")
        .collect::<rusqlite::Result<_>>()
        .expect("rows");
    rows.sort();
    rows
}

pub fn one<T: rusqlite::types::FromSql>(db: &Path, sql: &str) -> T {
    Connection::open(db)
        .expect("open")
        .query_row(sql, [], |r| r.get(0))
        .expect("one value")
}
