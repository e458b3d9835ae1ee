//! Test support: one throwaway PostgreSQL cluster per test process, started
//! on first use in a temporary directory on a free 127.0.0.1 port, and a fresh
//! database for every test (`fresh_database`). When PostgreSQL cannot be
//! started the calling test fails with the reason; it is never skipped.
//! A watchdog process stops the cluster and removes its files when the test
//! process exits, however it exits (even `kill -9`). `proxy` holds a
//! fault-injecting TCP proxy for the sync tests.

mod cluster;
pub mod proxy;
mod tools;

use std::sync::OnceLock;

pub use cluster::Cluster;
pub use proxy::{Fault, FaultProxy, Mode};

/// Why the test cluster could not be made ready.
#[derive(Debug, thiserror::Error)]
pub enum HarnessError {
    /// No `initdb`/`pg_ctl` on PATH or under /usr/lib/postgresql/*/bin.
    #[error(
        "PostgreSQL is not installed: no `{0}` on PATH or in /usr/lib/postgresql/*/bin \
         (install it, e.g. `apt-get install -y postgresql`)"
    )]
    NotInstalled(&'static str),
    /// A command could not be run or failed.
    #[error("`{command}` failed: {detail}")]
    Command {
        /// The command line.
        command: String,
        /// Its exit status and output.
        detail: String,
    },
    /// A file or directory could not be prepared.
    #[error("could not prepare {what}: {source}")]
    Io {
        /// What was being prepared.
        what: String,
        /// The error.
        source: std::io::Error,
    },
    /// The cluster started but would not take a connection.
    #[error("could not connect to the test PostgreSQL at {url}: {source}")]
    Connect {
        /// Where.
        url: String,
        /// What tokio-postgres said.
        source: tokio_postgres::Error,
    },
}

static CLUSTER: OnceLock<Result<Cluster, String>> = OnceLock::new();

/// The process's cluster, started on first call (about 1.5 s).
pub fn cluster() -> Result<&'static Cluster, HarnessError> {
    match CLUSTER.get_or_init(|| Cluster::start().map_err(|e| e.to_string())) {
        Ok(cluster) => Ok(cluster),
        Err(message) => Err(HarnessError::Command {
            command: "start the test PostgreSQL cluster".into(),
            detail: message.clone(),
        }),
    }
}

/// One empty database of the test cluster, for one test.
#[derive(Clone, Debug)]
pub struct TestDb {
    /// Its name (`t_<random>`).
    pub name: String,
    /// A `postgres://` URL for tokio-postgres, deadpool or `--database-url`.
    pub url: String,
}

/// Creates a fresh, empty database, or says why it could not.
pub async fn try_fresh_database() -> Result<TestDb, HarnessError> {
    let cluster = cluster()?;
    let name = format!("t_{}", uuid::Uuid::now_v7().simple());
    let admin_url = cluster.url("postgres");
    let (client, connection) = tokio_postgres::connect(&admin_url, tokio_postgres::NoTls)
        .await
        .map_err(|source| HarnessError::Connect {
            url: admin_url.clone(),
            source,
        })?;
    let driver = tokio::spawn(connection);
    let created = client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .await
        .map_err(|source| HarnessError::Connect {
            url: admin_url.clone(),
            source,
        });
    drop(client);
    let _ = driver.await;
    created?;
    Ok(TestDb {
        url: cluster.url(&name),
        name,
    })
}

/// Creates a fresh, empty database; panics with the reason when PostgreSQL
/// cannot be started, so the test fails loudly instead of being skipped.
pub async fn fresh_database() -> TestDb {
    match try_fresh_database().await {
        Ok(db) => db,
        Err(e) => panic!("test PostgreSQL unavailable: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn two_fresh_databases_are_separate_and_usable() {
        let a = fresh_database().await;
        let b = fresh_database().await;
        assert_ne!(a.name, b.name);
        let (client, conn) = tokio_postgres::connect(&a.url, tokio_postgres::NoTls)
            .await
            .expect("connects");
        tokio::spawn(conn);
        let row = client
            .query_one("SELECT current_database(), 1 + 1", &[])
            .await
            .expect("queries");
        assert_eq!(row.get::<_, String>(0), a.name);
        assert_eq!(row.get::<_, i32>(1), 2);
    }
}
