//! The bulk connection and the import lock.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::time::Duration;

use lpc_store::StoreError;
use rusqlite::Connection;

/// How long a bulk statement waits for the portal's write transactions; theirs are short.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

pub(crate) fn sql_err(err: rusqlite::Error) -> StoreError {
    match err.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DiskFull) => StoreError::DiskFull,
        _ => StoreError::other(err),
    }
}

/// Where the database file is, for opening bulk connections beside sqlx's.
#[derive(Debug, Clone)]
pub(crate) struct Bulk {
    path: PathBuf,
}

impl Bulk {
    pub(crate) fn new(path: &Path) -> Self {
        Self {
            path: path.to_owned(),
        }
    }

    /// A connection for bulk work, set up like the store's own (WAL is a property of the
    /// file, set when the store opened it).
    pub(crate) fn open(&self) -> Result<Connection, StoreError> {
        let conn = Connection::open(&self.path).map_err(|e| {
            StoreError::internal(format!(
                "cannot open SQLite database {}: {e}",
                self.path.display()
            ))
        })?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(sql_err)?;
        conn.execute_batch(
            "PRAGMA synchronous = NORMAL;
             PRAGMA foreign_keys = ON;
             PRAGMA temp_store = MEMORY;
             PRAGMA cache_size = -32768;
             PRAGMA wal_autocheckpoint = 16384;",
        )
        .map_err(sql_err)?;
        Ok(conn)
    }

    /// The import lock: one import at a time per database, across processes. The operating
    /// system releases it when the process ends, however it ends, so a killed import never
    /// blocks the next; holding it also tells that no pending batch belongs to a live import.
    pub(crate) async fn lock_imports(&self) -> Result<ImportLock, StoreError> {
        let path = self.lock_path();
        blocking(move || {
            let file = open_lock_file(&path)?;
            file.lock().map_err(|e| {
                StoreError::internal(format!("cannot lock {}: {e}", path.display()))
            })?;
            Ok(ImportLock { _file: file })
        })
        .await
    }

    /// The import lock if no import holds it now.
    pub(crate) fn try_lock_imports(&self) -> Result<Option<ImportLock>, StoreError> {
        let path = self.lock_path();
        let file = open_lock_file(&path)?;
        match file.try_lock() {
            Ok(()) => Ok(Some(ImportLock { _file: file })),
            Err(std::fs::TryLockError::WouldBlock) => Ok(None),
            Err(std::fs::TryLockError::Error(e)) => Err(StoreError::internal(format!(
                "cannot lock {}: {e}",
                path.display()
            ))),
        }
    }

    fn lock_path(&self) -> PathBuf {
        let mut name = self.path.as_os_str().to_owned();
        name.push(".import-lock");
        PathBuf::from(name)
    }
}

fn open_lock_file(path: &Path) -> Result<File, StoreError> {
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|e| StoreError::internal(format!("cannot open {}: {e}", path.display())))
}

/// Held while an import runs; released when dropped or when the process ends.
#[derive(Debug)]
pub(crate) struct ImportLock {
    _file: File,
}

/// Runs blocking SQLite work off the async threads.
pub(crate) async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, StoreError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| StoreError::internal(format!("a database task stopped: {e}")))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_database_file_is_told_as_a_full_disk() {
        let dir = tempfile::tempdir().unwrap();
        let conn = Connection::open(dir.path().join("full.db")).unwrap();
        // A file that may not grow past a few pages: SQLite answers as on a full disk.
        conn.execute_batch("PRAGMA max_page_count = 3; CREATE TABLE t (v BLOB);")
            .unwrap();
        let err = conn
            .execute("INSERT INTO t VALUES (zeroblob(100000))", [])
            .unwrap_err();
        assert!(matches!(sql_err(err), StoreError::DiskFull));
    }
}
