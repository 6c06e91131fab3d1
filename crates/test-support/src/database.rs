//! Temporary SQLite databases, one per test, so tests never share state.

use std::path::Path;

/// The URL of the SQLite database `lpc.db` in `dir` (created by the store if missing).
pub fn sqlite_url_in(dir: &Path) -> String {
    format!("sqlite://{}", dir.join("lpc.db").display())
}

/// A fresh temporary directory and the URL of a SQLite database in it; the database goes
/// when the directory is dropped.
pub fn temp_sqlite() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url_in(dir.path());
    (dir, url)
}
