//! The audit chain inside this backend's own transactions (`lpc_store::sql::audit_log`).

use lpc_store::{AuditDraft, AuditEvent, StoreError};
use sqlx::SqliteConnection;

/// Appends `draft` inside the caller's write transaction, which holds SQLite's write lock.
pub(crate) async fn append(
    conn: &mut SqliteConnection,
    draft: &AuditDraft,
) -> Result<AuditEvent, StoreError> {
    lpc_store::sql::audit_log::append(&mut crate::db::on(conn), draft).await
}
