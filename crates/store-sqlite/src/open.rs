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
