//! Choosing the store from the URL scheme.

use std::sync::Arc;

use lpc_store::Store;

use crate::failure::Failure;

/// Opens (and migrates) the database named by `url`.
///
/// An unknown scheme is a usage error (exit 2); a database that cannot be opened or reached
/// is exit 1.
pub async fn open(url: &str) -> Result<Arc<dyn Store>, Failure> {
    let unreachable = |e: lpc_store::StoreError| Failure::other(e.to_string());
    if url.starts_with("sqlite:") {
        Ok(Arc::new(
            lpc_store_sqlite::open(url).await.map_err(unreachable)?,
        ))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(
            lpc_store_postgres::open(url).await.map_err(unreachable)?,
        ))
    } else {
        Err(Failure::usage(format!(
            "--db {url:?} is not a supported database URL: use sqlite://FILE or postgres://USER@HOST/DB"
        )))
    }
}
