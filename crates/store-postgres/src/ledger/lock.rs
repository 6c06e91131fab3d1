//! The import lock: one import at a time per database, across servers and processes.

use lpc_store::StoreError;
use sqlx::{PgConnection, PgPool};

use crate::db_err;

/// The advisory lock key imports hold ("lpc ledg" in ASCII).
const IMPORT_LOCK: i64 = 0x6C70_6320_6C65_6467;

/// A connection of its own, out of the pool, holding the import lock until it is closed
/// (dropped, or the process ends: PostgreSQL then releases the lock).
pub(crate) async fn lock_imports(pool: &PgPool) -> Result<PgConnection, StoreError> {
    let mut conn = pool.acquire().await.map_err(db_err)?.detach();
    sqlx::query("SELECT pg_advisory_lock($1)")
        .bind(IMPORT_LOCK)
        .execute(&mut conn)
        .await
        .map_err(db_err)?;
    Ok(conn)
}

/// The import lock if no import holds it now.
pub(crate) async fn try_lock_imports(pool: &PgPool) -> Result<Option<PgConnection>, StoreError> {
    let mut conn = pool.acquire().await.map_err(db_err)?.detach();
    let (locked,): (bool,) = sqlx::query_as("SELECT pg_try_advisory_lock($1)")
        .bind(IMPORT_LOCK)
        .fetch_one(&mut conn)
        .await
        .map_err(db_err)?;
    Ok(locked.then_some(conn))
}
