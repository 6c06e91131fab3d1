//! Appending to and reading the audit chain.

use crate::audit::{GENESIS, seal};
use crate::{AuditDraft, AuditEvent, StoreError};

use crate::sql::db::{Backend, Db};
use crate::sql::query::sql;
use crate::sql::row::Row;

/// Appends `draft` after the last stored event. Must run inside the write transaction of the
/// change it records, which holds the write lock, so no other event can slip in between.
pub async fn append(db: &mut impl Db, draft: &AuditDraft) -> Result<AuditEvent, StoreError> {
    let last: Option<(i64, String)> = db
        .fetch_optional_as(sql(
            "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1",
        ))
        .await?;
    let (seq, prev) = last.map_or((1, GENESIS.to_owned()), |(seq, hash)| (seq + 1, hash));
    let event = seal(draft, seq, &prev);
    db.execute(
        sql(
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
        .bind(&event.hash),
    )
    .await?;
    Ok(event)
}

pub async fn page(
    backend: &impl Backend,
    after: i64,
    limit: u32,
) -> Result<Vec<AuditEvent>, StoreError> {
    let rows = backend
        .read()
        .await?
        .fetch_all(
            sql(
                "SELECT seq, at, actor, action, subject, details, prev_hash, hash
                 FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2",
            )
            .bind(after)
            .bind(limit),
        )
        .await?;
    rows.iter().map(event).collect()
}

pub(crate) fn event(row: &Row) -> Result<AuditEvent, StoreError> {
    Ok(AuditEvent {
        seq: row.get("seq")?,
        at: row.get("at")?,
        actor: row.get("actor")?,
        action: row.get("action")?,
        subject: row.get("subject")?,
        details: row.get("details")?,
        prev_hash: row.get("prev_hash")?,
        hash: row.get("hash")?,
    })
}
