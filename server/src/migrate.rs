//! Numbered schema migrations from `server/migrations/*.sql`, applied in
//! order inside one transaction under an advisory lock, each recorded with a
//! checksum in `schema_migrations`. A shipped migration is never edited: a
//! changed checksum stops the server with a message saying so.

use sha2::{Digest, Sha256};
use tokio_postgres::Client;

use crate::error::ServerError;

/// One migration file.
#[derive(Debug)]
pub struct Migration {
    /// Its number.
    pub version: i32,
    /// Its file name without `.sql`.
    pub name: &'static str,
    /// Its SQL.
    pub sql: &'static str,
}

/// Every migration, in order. Add new files at the end; never edit one.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "0001_init",
        sql: include_str!("../migrations/0001_init.sql"),
    },
    Migration {
        version: 2,
        name: "0002_ledger_keys_by_lock",
        sql: include_str!("../migrations/0002_ledger_keys_by_lock.sql"),
    },
    Migration {
        version: 3,
        name: "0003_per_tenant_keys",
        sql: include_str!("../migrations/0003_per_tenant_keys.sql"),
    },
    Migration {
        version: 4,
        name: "0004_approved_by",
        sql: include_str!("../migrations/0004_approved_by.sql"),
    },
];

const LOCK_KEY: i64 = 0x6761_6c6c_615f_6d69; // "galla_mi"

/// The newest schema version this build knows.
pub fn latest_version() -> i32 {
    MIGRATIONS.last().map(|m| m.version).unwrap_or(0)
}

fn checksum(sql: &str) -> Vec<u8> {
    Sha256::digest(sql.as_bytes()).to_vec()
}

/// Applies every migration not yet applied; returns the versions applied now.
pub async fn migrate(client: &mut Client) -> Result<Vec<i32>, ServerError> {
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LOCK_KEY])
        .await?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            version    integer PRIMARY KEY,
            name       text NOT NULL,
            checksum   bytea NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )",
    )
    .await?;
    let rows = tx
        .query("SELECT version, checksum FROM schema_migrations", &[])
        .await?;
    let mut applied = Vec::new();
    for m in MIGRATIONS {
        let sum = checksum(m.sql);
        match rows.iter().find(|r| r.get::<_, i32>(0) == m.version) {
            Some(row) if row.get::<_, Vec<u8>>(1) == sum => continue,
            Some(_) => return Err(ServerError::MigrationEdited(m.name.to_string())),
            None => {}
        }
        tx.batch_execute(m.sql).await?;
        tx.execute(
            "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
            &[&m.version, &m.name, &sum],
        )
        .await?;
        applied.push(m.version);
    }
    tx.commit().await?;
    Ok(applied)
}

/// Fails unless the database is exactly at [`latest_version`].
pub async fn check_current(client: &Client) -> Result<(), ServerError> {
    let exists: bool = client
        .query_one("SELECT to_regclass('schema_migrations') IS NOT NULL", &[])
        .await?
        .get(0);
    let found: i32 = if exists {
        client
            .query_one(
                "SELECT coalesce(max(version), 0) FROM schema_migrations",
                &[],
            )
            .await?
            .get(0)
    } else {
        0
    };
    let wanted = latest_version();
    if found == wanted {
        Ok(())
    } else {
        Err(ServerError::SchemaOutdated { found, wanted })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_migration_file_is_listed_in_order() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .expect("migrations dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".sql"))
            .collect();
        files.sort();
        let listed: Vec<String> = MIGRATIONS
            .iter()
            .map(|m| format!("{}.sql", m.name))
            .collect();
        assert_eq!(files, listed);
        for (i, m) in MIGRATIONS.iter().enumerate() {
            assert_eq!(m.version as usize, i + 1);
            assert!(m.name.starts_with(&format!("{:04}_", m.version)));
        }
    }
}
