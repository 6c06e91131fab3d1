//! The audit chain inside this backend's own transactions (`lpc_store::sql::audit_log`).

use lpc_store::audit::{GENESIS, seal};
use lpc_store::{AuditDraft, AuditEvent, StoreError};
use rusqlite::{OptionalExtension, Transaction, params};
use sqlx::SqliteConnection;

use crate::ledger::bulk::sql_err;

/// Appends `draft` inside the caller's write transaction, which holds SQLite's write lock.
pub(crate) async fn append(
    conn: &mut SqliteConnection,
    draft: &AuditDraft,
) -> Result<AuditEvent, StoreError> {
    lpc_store::sql::audit_log::append(&mut crate::db::on(conn), draft).await
}

/// Appends `draft` inside a bulk connection's write transaction (the same chain rules as
/// [`append`]); returns the event's `seq`.
pub(crate) fn append_on_bulk(tx: &Transaction<'_>, draft: &AuditDraft) -> Result<i64, StoreError> {
    let last: Option<(i64, String)> = tx
        .query_row(
            "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .map_err(sql_err)?;
    let (seq, prev) = last.map_or((1, GENESIS.to_owned()), |(seq, hash)| (seq + 1, hash));
    let event = seal(draft, seq, &prev);
    tx.execute(
        "INSERT INTO audit_events (seq, at, actor, action, subject, details, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            event.seq,
            event.at,
            event.actor,
            event.action,
            event.subject,
            event.details,
            event.prev_hash,
            event.hash
        ],
    )
    .map_err(sql_err)?;
    Ok(event.seq)
}
