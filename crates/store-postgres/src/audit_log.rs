//! Appending to and reading the audit chain.

use lpc_store::audit::{GENESIS, seal};
use lpc_store::{AuditDraft, AuditEvent, StoreError};
use sqlx::{PgConnection, PgPool, Postgres, Transaction};

use sqlx::Row;
use sqlx::postgres::PgRow;

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

/// Appends `draft` after the last stored event; call inside a [`begin_write`] transaction.
pub(crate) async fn append(
    conn: &mut PgConnection,
    draft: &AuditDraft,
) -> Result<AuditEvent, StoreError> {
    let last: Option<(i64, String)> =
        sqlx::query_as("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1")
            .fetch_optional(&mut *conn)
            .await
            .map_err(db_err)?;
    let (seq, prev) = last.map_or((1, GENESIS.to_owned()), |(seq, hash)| (seq + 1, hash));
    let event = seal(draft, seq, &prev);
    sqlx::query(
        "INSERT INTO audit_events (seq, at, actor, action, subject, details, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(event.seq)
    .bind(&event.at)
    .bind(&event.actor)
    .bind(&event.action)
    .bind(&event.subject)
    .bind(&event.details)
    .bind(&event.prev_hash)
    .bind(&event.hash)
    .execute(&mut *conn)
    .await
    .map_err(db_err)?;
    Ok(event)
}

pub(crate) async fn page(
    pool: &PgPool,
    after: i64,
    limit: u32,
) -> Result<Vec<AuditEvent>, StoreError> {
    let rows = sqlx::query(
        "SELECT seq, at, actor, action, subject, details, prev_hash, hash
         FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2",
    )
    .bind(after)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter().map(event).collect()
}

fn event(row: &PgRow) -> Result<AuditEvent, StoreError> {
    let text = |col: &str| row.try_get::<String, _>(col).map_err(db_err);
    Ok(AuditEvent {
        seq: row.try_get("seq").map_err(db_err)?,
        at: text("at")?,
        actor: text("actor")?,
        action: text("action")?,
        subject: text("subject")?,
        details: text("details")?,
        prev_hash: text("prev_hash")?,
        hash: text("hash")?,
    })
}
