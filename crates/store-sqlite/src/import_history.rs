//! The operator console's import history: one row per import run from `/ops/imports`.

use lpc_store::{AuditDraft, ImportRecord, StoreError};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqlitePool};

use crate::{audit_log, db_err, decode};

fn count(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

pub(crate) async fn record(
    pool: &SqlitePool,
    r: &ImportRecord,
    audit: &AuditDraft,
) -> Result<(), StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(db_err)?;
    sqlx::query(
        "INSERT INTO import_history (id, kind, file_name, started_at, finished_at, run_by, state,
             rows_read, stored, unchanged, invoices, credit_notes, partners, refused)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
    .bind(count(r.refused))
    .execute(&mut *tx)
    .await
    .map_err(|e| match e {
        sqlx::Error::Database(ref d) if d.is_unique_violation() => {
            StoreError::Conflict(format!("import {} is already recorded", r.id))
        }
        other => db_err(other),
    })?;
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await.map_err(db_err)
}

pub(crate) async fn latest(pool: &SqlitePool, limit: u32) -> Result<Vec<ImportRecord>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, kind, file_name, started_at, finished_at, run_by, state, rows_read, stored,
                unchanged, invoices, credit_notes, partners, refused
         FROM import_history ORDER BY started_at DESC, id DESC LIMIT ?",
    )
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter().map(decode_row).collect()
}

fn decode_row(row: &SqliteRow) -> Result<ImportRecord, StoreError> {
    let text = |col: &str| row.try_get::<String, _>(col).map_err(db_err);
    let number = |col: &str| {
        row.try_get::<i64, _>(col)
            .map_err(db_err)
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
