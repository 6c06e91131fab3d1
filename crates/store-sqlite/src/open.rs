//! Opening a SQLite database from its URL.

use std::str::FromStr;
use std::time::Duration;

use lpc_store::StoreError;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{ConnectOptions, SqlitePool};

use crate::SqliteStore;

/// How long a connection waits for another process's write lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);
/// Statements slower than this are logged as warnings. Freezing a publication or importing
/// a batch legitimately takes seconds at scale; sqlx's default of one second would warn on
/// every large run.
pub(crate) const SLOW_STATEMENT: Duration = Duration::from_secs(60);
/// The writer's page cache, in KiB: enough for the indexes of an import of ten million lines
/// to stay mostly in memory, well under the 512 MiB an import may use (issue 4).
const WRITER_CACHE_KIB: u32 = 192 * 1024;

/// Opens (creating if missing) the database at `url` (`sqlite://path`) and migrates it.
pub async fn open(url: &str) -> Result<SqliteStore, StoreError> {
    let options = SqliteConnectOptions::from_str(url)
        .map_err(|e| StoreError::corrupt(format!("--db {url:?} is not a SQLite URL: {e}")))?
        .create_if_missing(true)
        // 16 KiB pages for a new database (an existing one keeps its own): the ledger's
        // document keys and segments fill fewer, shallower pages; at ten million lines an
        // import took 13.4 s instead of 15 s and a publication 0.85 s instead of 1.1 s
        // (64 KiB: 14.4 s and 0.83 s), bench/README.md section 5.
        .page_size(16 * 1024)
        .journal_mode(SqliteJournalMode::Wal)
        // NORMAL is durable in WAL mode except for the last commits on power loss, never corrupt.
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(BUSY_TIMEOUT)
        .foreign_keys(true)
        // Statement journals and sorts stay in memory rather than in temporary files.
        .pragma("temp_store", "memory")
        .log_slow_statements(log::LevelFilter::Warn, SLOW_STATEMENT);
    // A large import touches every index page many times: with SQLite's default 2 MiB cache
    // the pages are spilled and read back over and over. The cache is allocated only as used.
    //
    // The WAL is checkpointed past 512 MiB only: with SQLite's default of 1000 pages, every
    // write of the portal during an import (a session row at sign-in) copied the import's
    // frames into the database first, a stall of a second at ten million lines. The import's
    // own connection checkpoints every 256 MiB (ledger/bulk.rs), so the portal's writes find
    // the work done.
    let writer_options = options
        .clone()
        .pragma("cache_size", format!("-{WRITER_CACHE_KIB}"))
        .pragma("wal_autocheckpoint", "32768");
    let writer = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(writer_options)
        .await
        .map_err(|e| StoreError::corrupt(format!("cannot open SQLite database {url:?}: {e}")))?;
    run_migrations(&writer).await?;
    let bulk = crate::ledger::bulk::Bulk::new(options.get_filename());
    crate::ledger::convert::run(&bulk).await?;
    let reader = SqlitePoolOptions::new()
        .max_connections(8)
        // sqlx pings an idle connection before lending it, a round trip to the connection's
        // thread that checks a network peer is still there. A file has no peer, and each
        // round trip is two thread switches: a signed-in page makes three queries, on two
        // cores (issue 6 item 9).
        .test_before_acquire(false)
        .connect_with(options.read_only(true))
        .await
        .map_err(|e| StoreError::corrupt(format!("cannot open SQLite database {url:?}: {e}")))?;
    Ok(SqliteStore {
        writer,
        reader,
        bulk,
    })
}

pub(crate) async fn run_migrations(pool: &SqlitePool) -> Result<(), StoreError> {
    sqlx::migrate!("./migrations")
        .run(pool)
        .await
        .map_err(StoreError::other)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::path::Path;

    use sqlx::migrate::Migrator;

    use super::*;

    /// MPN ID, name, country, verification, contact, to invite, registering import.
    type PartnerRow = (
        i64,
        String,
        String,
        String,
        Option<String>,
        i64,
        Option<i64>,
    );

    /// A database as it was before migration 0020: the migrations before it, run from a copy
    /// of their files.
    async fn before_0020(dir: &Path) -> String {
        let old = dir.join("migrations");
        std::fs::create_dir(&old).unwrap();
        let mine = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        for entry in std::fs::read_dir(mine).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.as_str() < "0020" {
                std::fs::copy(&path, old.join(&name)).unwrap();
            }
        }
        let url = format!("sqlite://{}", dir.join("old.db").display());
        let options = SqliteConnectOptions::from_str(&url)
            .unwrap()
            .create_if_missing(true)
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await
            .unwrap();
        Migrator::new(old.as_path())
            .await
            .unwrap()
            .run(&pool)
            .await
            .unwrap();
        for statement in [
            "INSERT INTO partners (mpn_id, name, country, registered_at, verification,
                                   contact_email, invitation_pending, registered_in)
             VALUES (4100001, 'Sakura Learning', 'JP', '2026-01-05T00:00:00Z', 'unverified',
                     'desk@sakura.example', 1, NULL),
                    (3900001, 'Aurora Formazione', 'IT', '2026-01-06T00:00:00Z', 'verified',
                     NULL, 0, 7)",
            "INSERT INTO users (email, password_hash, created_at)
             VALUES ('yuki@sakura.example', 'hash', '2026-01-05T00:00:00Z')",
            "INSERT INTO user_roles (user_id, partner_id, role)
             VALUES (1, 4100001, 'mpn_partner_admin')",
        ] {
            sqlx::query(statement).execute(&pool).await.unwrap();
        }
        pool.close().await;
        url
    }

    #[tokio::test]
    async fn r31_the_partners_table_rebuilt_keeps_its_rows_references_rules_and_indexes() {
        let dir = tempfile::tempdir().unwrap();
        let url = before_0020(dir.path()).await;
        let store = open(&url).await.unwrap();
        let pool = store.pool();

        let rows: Vec<PartnerRow> = sqlx::query_as(
            "SELECT mpn_id, name, country, verification, contact_email, invitation_pending,
                        registered_in
                 FROM partners ORDER BY mpn_id",
        )
        .fetch_all(pool)
        .await
        .unwrap();
        assert_eq!(
            rows,
            [
                (
                    3900001,
                    "Aurora Formazione".into(),
                    "IT".into(),
                    "verified".into(),
                    None,
                    0,
                    Some(7)
                ),
                (
                    4100001,
                    "Sakura Learning".into(),
                    "JP".into(),
                    "unverified".into(),
                    Some("desk@sakura.example".into()),
                    1,
                    None
                ),
            ]
        );
        // The references to the table hold: a partner with a user's role cannot go, and a
        // role of an unknown partner is refused.
        assert!(
            sqlx::query("DELETE FROM partners WHERE mpn_id = 4100001")
                .execute(pool)
                .await
                .is_err()
        );
        assert!(
            sqlx::query(
                "INSERT INTO user_roles (user_id, partner_id, role) VALUES (1, 999, 'member')"
            )
            .execute(pool)
            .await
            .is_err()
        );
        let dangling: Vec<(String,)> = sqlx::query_as("PRAGMA foreign_key_check")
            .fetch_all(pool)
            .await
            .unwrap_or_default();
        assert!(dangling.is_empty());
        // Its rules hold, written as comparisons: SQLite checks an IN list of three values
        // by building a temporary table for each row written.
        let (schema,): (String,) = sqlx::query_as(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'partners'",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        assert!(
            !schema.contains(" IN (") && schema.contains("verification = 'rejected'"),
            "{schema}"
        );
        for bad in [
            "INSERT INTO partners (mpn_id, name, country, registered_at, verification)
             VALUES (5, 'X', 'JP', '2026-01-01T00:00:00Z', 'trusted')",
            "INSERT INTO partners (mpn_id, name, country, registered_at)
             VALUES (6, 'X', 'JPN', '2026-01-01T00:00:00Z')",
        ] {
            assert!(sqlx::query(bad).execute(pool).await.is_err(), "{bad}");
        }
        let (default,): (String,) = sqlx::query_as(
            "INSERT INTO partners (mpn_id, name, country, registered_at)
             VALUES (7, 'Y', 'US', '2026-01-01T00:00:00Z') RETURNING verification",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        assert_eq!(default, "verified");
        let indexes: Vec<(String,)> = sqlx::query_as(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'partners'
             AND sql IS NOT NULL ORDER BY name",
        )
        .fetch_all(pool)
        .await
        .unwrap();
        assert_eq!(
            indexes,
            [
                ("partners_claims".to_owned(),),
                ("partners_invitation_pending".to_owned(),)
            ]
        );
        let (fk,): (i64,) = sqlx::query_as("PRAGMA foreign_keys")
            .fetch_one(pool)
            .await
            .unwrap();
        assert_eq!(fk, 1, "the writer's connection checks references again");
        lpc_store::Store::close(&store).await;
    }
}
