//! Appending to and reading the audit chain.

use lpc_store::audit::{GENESIS, seal};
use lpc_store::{AuditDraft, AuditEvent, StoreError};
use sqlx::{SqliteConnection, SqlitePool};

use sqlx::Row;
use sqlx::sqlite::SqliteRow;

use crate::db_err;

/// Appends `draft` after the last stored event. Must run inside the write transaction of the
/// change it records, which holds SQLite's write lock, so no other event can slip in between.
pub(crate) async fn append(
    conn: &mut SqliteConnection,
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
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
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
    pool: &SqlitePool,
    after: i64,
    limit: u32,
) -> Result<Vec<AuditEvent>, StoreError> {
    let rows = sqlx::query(
        "SELECT seq, at, actor, action, subject, details, prev_hash, hash
         FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?",
    )
    .bind(after)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter().map(event).collect()
}

fn event(row: &SqliteRow) -> Result<AuditEvent, StoreError> {
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
