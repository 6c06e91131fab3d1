//! The audit chain's lock, and appending inside this backend's own transactions.

use lpc_store::{AuditDraft, AuditEvent, StoreError};
use sqlx::{PgConnection, PgPool, Postgres, Transaction};

use crate::db_err;

/// The advisory lock key that serializes writers of the audit chain ("lpc audit" in ASCII).
pub(crate) const AUDIT_LOCK: i64 = 0x6C70_6320_6175_6469;

/// Starts a write transaction holding the audit chain's lock until it commits or rolls back.
/// Every change takes it first, so checks made inside the transaction cannot race either.
pub(crate) async fn begin_write(
    pool: &PgPool,
) -> Result<Transaction<'static, Postgres>, StoreError> {
    let mut tx = pool.begin().await.map_err(db_err)?;
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(AUDIT_LOCK)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    Ok(tx)
}

/// Appends `draft` inside the caller's [`begin_write`] transaction.
pub(crate) async fn append(
    conn: &mut PgConnection,
    draft: &AuditDraft,
) -> Result<AuditEvent, StoreError> {
    lpc_store::sql::audit_log::append(&mut crate::db::on(conn), draft).await
}
