//! The operator console's import history: one row per import run from `/ops/imports`.

use crate::{AuditDraft, ImportRecord, StoreError};

use crate::sql::db::{Backend, Db, WriteTx};
use crate::sql::query::sql;
use crate::sql::row::Row;
use crate::sql::{audit_log, decode};

fn count(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Records an import run; `Conflict` if one with its ID is recorded already.
pub async fn record(
    backend: &impl Backend,
    r: &ImportRecord,
    audit: &AuditDraft,
) -> Result<(), StoreError> {
    let mut tx = backend.write().await?;
    // `DO NOTHING` and no row changed, rather than the unique violation the driver reports.
    let stored = tx
        .execute(
            sql(
                "INSERT INTO import_history (id, kind, file_name, started_at, finished_at, run_by,
                     state, rows_read, stored, unchanged, invoices, credit_notes, partners, refused)
                 VALUES ($1, $2, $3, $4::timestamptz, $5::timestamptz, $6, $7, $8, $9, $10, $11,
                     $12, $13, $14)
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind(&r.id)
            .bind(&r.kind)
            .bind(&r.file_name)
            .bind(r.started_at.to_string())
            .bind(r.finished_at.to_string())
            .bind(&r.by)
            .bind(&r.state)
            .bind(count(r.rows))
            .bind(count(r.stored))
            .bind(count(r.unchanged))
            .bind(count(r.invoices))
            .bind(count(r.credit_notes))
            .bind(count(r.partners))
            .bind(count(r.refused)),
        )
        .await?;
    if stored == 0 {
        return Err(StoreError::Conflict(format!(
            "import {} is already recorded",
            r.id
        )));
    }
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await
}

/// The newest `limit` import runs, newest first.
pub async fn latest(backend: &impl Backend, limit: u32) -> Result<Vec<ImportRecord>, StoreError> {
    let rows = backend
        .read()
        .await?
        .fetch_all(
            sql(
                "SELECT id, kind, file_name, started_at, finished_at, run_by, state, rows_read,
                        stored, unchanged, invoices, credit_notes, partners, refused
                 FROM import_history ORDER BY started_at DESC, id DESC LIMIT $1",
            )
            .bind(limit),
        )
        .await?;
    rows.iter().map(decode_row).collect()
}

fn decode_row(row: &Row) -> Result<ImportRecord, StoreError> {
    let text = |col: &str| row.get::<String>(col);
    let number = |col: &str| {
        row.get::<i64>(col)
            .map(|n| u64::try_from(n).unwrap_or_default())
    };
    Ok(ImportRecord {
        id: text("id")?,
        kind: text("kind")?,
        file_name: text("file_name")?,
        started_at: decode::timestamp(&text("started_at")?)?,
        finished_at: decode::timestamp(&text("finished_at")?)?,
        by: text("run_by")?,
        state: text("state")?,
        rows: number("rows_read")?,
        stored: number("stored")?,
        unchanged: number("unchanged")?,
        invoices: number("invoices")?,
        credit_notes: number("credit_notes")?,
        partners: number("partners")?,
        refused: number("refused")?,
    })
}
