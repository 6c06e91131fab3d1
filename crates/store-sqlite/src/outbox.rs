//! The e-mail outbox: mail written by use cases, sent (and retried) by the scheduler. Not
//! audited: a mail is a consequence of an audited change, not a change of its own.

use jiff::Timestamp;
use lpc_store::{NewOutboxMessage, OutboxMessage, StoreError};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqlitePool};

use crate::{db_err, decode};

/// The columns [`message`] decodes, for `concat!` into queries.
macro_rules! outbox_columns {
    () => {
        "id, dedup_key, to_email, subject, body, created_at, sent_at, attempts, last_error"
    };
}

fn message(row: &SqliteRow) -> Result<OutboxMessage, StoreError> {
    let text = |col: &str| row.try_get::<String, _>(col).map_err(db_err);
    let attempts: i64 = row.try_get("attempts").map_err(db_err)?;
    Ok(OutboxMessage {
        id: row.try_get("id").map_err(db_err)?,
        dedup_key: text("dedup_key")?,
        to: decode::email(&text("to_email")?)?,
        subject: text("subject")?,
        body: text("body")?,
        created_at: decode::timestamp(&text("created_at")?)?,
        sent_at: decode::opt_timestamp(row.try_get("sent_at").map_err(db_err)?)?,
        attempts: u32::try_from(attempts)
            .map_err(|_| StoreError::corrupt(format!("stored mail attempts {attempts}")))?,
        last_error: row.try_get("last_error").map_err(db_err)?,
    })
}

pub(crate) async fn enqueue(pool: &SqlitePool, m: &NewOutboxMessage) -> Result<bool, StoreError> {
    // One statement: its own transaction on the single writer connection.
    let done = sqlx::query(
        "INSERT INTO outbox (dedup_key, to_email, subject, body, created_at)
         VALUES (?, ?, ?, ?, ?) ON CONFLICT (dedup_key) DO NOTHING",
    )
    .bind(&m.dedup_key)
    .bind(m.to.as_str())
    .bind(&m.subject)
    .bind(&m.body)
    .bind(m.created_at.to_string())
    .execute(pool)
    .await
    .map_err(db_err)?;
    Ok(done.rows_affected() == 1)
}

pub(crate) async fn unsent(
    pool: &SqlitePool,
    limit: u32,
) -> Result<Vec<OutboxMessage>, StoreError> {
    let rows = sqlx::query(concat!(
        "SELECT ",
        outbox_columns!(),
        " FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT ?"
    ))
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter().map(message).collect()
}

pub(crate) async fn newest(
    pool: &SqlitePool,
    limit: u32,
) -> Result<Vec<OutboxMessage>, StoreError> {
    let rows = sqlx::query(concat!(
        "SELECT ",
        outbox_columns!(),
        " FROM outbox ORDER BY id DESC LIMIT ?"
    ))
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter().map(message).collect()
}

pub(crate) async fn mark_sent(
    pool: &SqlitePool,
    id: i64,
    at: Timestamp,
    body: &str,
) -> Result<(), StoreError> {
    let done = sqlx::query("UPDATE outbox SET sent_at = ?, body = ? WHERE id = ?")
        .bind(at.to_string())
        .bind(body)
        .bind(id)
        .execute(pool)
        .await
        .map_err(db_err)?;
    found(done.rows_affected(), id)
}

pub(crate) async fn mark_failed(pool: &SqlitePool, id: i64, error: &str) -> Result<(), StoreError> {
    let done =
        sqlx::query("UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?")
            .bind(error)
            .bind(id)
            .execute(pool)
            .await
            .map_err(db_err)?;
    found(done.rows_affected(), id)
}

fn found(rows: u64, id: i64) -> Result<(), StoreError> {
    if rows == 0 {
        Err(StoreError::NotFound(format!("mail {id}")))
    } else {
        Ok(())
    }
}
