//! Connecting to PostgreSQL.

use std::str::FromStr;
use std::time::Duration;

use lpc_store::StoreError;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, PgPool};

use crate::PgStore;

/// Opens a pool on `url` (`postgres://...`) and applies pending migrations.
pub async fn open(url: &str) -> Result<PgStore, StoreError> {
    let options = PgConnectOptions::from_str(url)
        .map_err(|e| StoreError::corrupt(format!("--db {url:?} is not a PostgreSQL URL: {e}")))?
        .application_name("lpc")
        // Bulk statements legitimately take seconds at scale (see lpc_store_sqlite's twin).
        .log_slow_statements(log::LevelFilter::Warn, Duration::from_secs(60));
    let pool = PgPoolOptions::new()
        .max_connections(16)
        .acquire_timeout(Duration::from_secs(5))
        .connect_with(options)
        .await
        .map_err(|e| {
            StoreError::corrupt(format!("cannot reach PostgreSQL at {}: {e}", redact(url)))
        })?;
    run_migrations(&pool).await?;
    crate::ledger::convert::run(&pool).await?;
    Ok(PgStore { pool })
}

pub(crate) async fn run_migrations(pool: &PgPool) -> Result<(), StoreError> {
    sqlx::migrate!("./migrations")
        .run(pool)
        .await
        .map_err(StoreError::other)
}

/// The URL without its password, for messages and logs.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            let user = userinfo.split(':').next().unwrap_or_default();
            format!("{}{user}{}", &url[..scheme + 3], &url[at..])
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            super::redact("postgres://u:secret@h:5432/db"),
            "postgres://u@h:5432/db"
        );
        assert_eq!(super::redact("postgres://h/db"), "postgres://h/db");
    }
}
