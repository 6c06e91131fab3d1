//! Throwaway databases for tests: each test run gets databases of its own on the server named
//! by `LPC_TEST_POSTGRES_URL` (default: the local server with trust authentication), dropped
//! when the test is done. Shared by this crate's tests and the CLI's.

use std::sync::atomic::{AtomicU32, Ordering};

use sqlx::{Connection, Executor, PgConnection};

/// The maintenance database URL tests create their databases through.
pub fn server_url() -> String {
    std::env::var("LPC_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// A database that exists for one test; call [`FreshDatabase::drop_now`] when done.
#[derive(Debug)]
pub struct FreshDatabase {
    pub name: String,
    /// The URL to give `lpc --db` or [`crate::open`].
    pub url: String,
}

impl FreshDatabase {
    /// Creates `lpc_test_<pid>_<label>_<n>`; fails if the server cannot be reached, so that a
    /// missing PostgreSQL fails the tests instead of skipping them.
    pub async fn create(label: &str) -> Result<Self, sqlx::Error> {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let label: String = label
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(30)
            .collect();
        let name = format!("lpc_test_{}_{label}_{n}", std::process::id());
        let mut admin = PgConnection::connect(&server_url()).await?;
        admin
            .execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
            .await?;
        let base = server_url();
        let root = base
            .rsplit_once('/')
            .map_or(base.as_str(), |(root, _)| root);
        Ok(Self {
            url: format!("{root}/{name}"),
            name,
        })
    }

    /// Drops the database, disconnecting whoever still uses it.
    pub async fn drop_now(self) -> Result<(), sqlx::Error> {
        let mut admin = PgConnection::connect(&server_url()).await?;
        let sql = format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name);
        admin.execute(sqlx::AssertSqlSafe(sql)).await?;
        Ok(())
    }
}
