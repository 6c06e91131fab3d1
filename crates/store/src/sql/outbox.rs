//! The e-mail outbox: mail written by use cases, sent (and retried) by the scheduler. Not
//! audited: a mail is a consequence of an audited change, not a change of its own.

use crate::{NewOutboxMessage, OutboxMessage, StoreError};
use jiff::Timestamp;

use crate::sql::db::{Backend, Db, Dialect};
use crate::sql::decode;
use crate::sql::query::sql;
use crate::sql::row::Row;

/// The columns [`message`] decodes.
const COLUMNS: &str = "id, dedup_key, to_email, subject, body, created_at, sent_at, attempts, \
                       last_error, claimed_by, lease_until, next_attempt_at";

fn message(row: &Row) -> Result<OutboxMessage, StoreError> {
    let text = |col: &str| row.get::<String>(col);
    let attempts: i64 = row.get("attempts")?;
    Ok(OutboxMessage {
        id: row.get("id")?,
        dedup_key: text("dedup_key")?,
        to: decode::email(&text("to_email")?)?,
        subject: text("subject")?,
        body: text("body")?,
        created_at: decode::timestamp(&text("created_at")?)?,
        sent_at: decode::opt_timestamp(row.get("sent_at")?)?,
        attempts: u32::try_from(attempts)
            .map_err(|_| StoreError::corrupt(format!("stored mail attempts {attempts}")))?,
        last_error: row.get("last_error")?,
        claimed_by: row.get("claimed_by")?,
        lease_until: row
            .get::<Option<i64>>("lease_until")?
            .map(decode::unix_seconds)
            .transpose()?,
        next_attempt_at: row
            .get::<Option<i64>>("next_attempt_at")?
            .map(decode::unix_seconds)
            .transpose()?,
    })
}

/// Queues `m` unless a mail with its dedup key is queued already; whether it was queued.
pub async fn enqueue(backend: &impl Backend, m: &NewOutboxMessage) -> Result<bool, StoreError> {
    // No audit event, so no need for the write lock: one statement, its own transaction.
    let done = backend
        .plain_write()
        .await?
        .execute(
            sql(
                "INSERT INTO outbox (dedup_key, to_email, subject, body, created_at)
                 VALUES ($1, $2, $3, $4, $5::timestamptz) ON CONFLICT (dedup_key) DO NOTHING",
            )
            .bind(&m.dedup_key)
            .bind(m.to.as_str())
            .bind(&m.subject)
            .bind(&m.body)
            .bind(m.created_at.to_string()),
        )
        .await?;
    Ok(done == 1)
}

/// The oldest `limit` mails not sent yet.
pub async fn unsent(backend: &impl Backend, limit: u32) -> Result<Vec<OutboxMessage>, StoreError> {
    let rows = backend
        .read()
        .await?
        .fetch_all(
            sql(format!(
                "SELECT {COLUMNS} FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT $1"
            ))
            .bind(limit),
        )
        .await?;
    rows.iter().map(message).collect()
}

/// What a server asks of [`claim`]: up to `limit` mails to send now.
#[derive(Debug, Clone, Copy)]
pub struct MailClaim<'a> {
    pub server: &'a str,
    pub now: Timestamp,
    pub lease_until: Timestamp,
    /// Mails that failed this often are left alone (held for an operator).
    pub max_attempts: u32,
    pub limit: u32,
}

/// Claims up to `claim.limit` unsent mails for `claim.server`, oldest first: those no lease
/// holds and whose back-off is over. PostgreSQL skips the rows another server is claiming
/// at the same moment; SQLite has one writer, so claims never overlap there either.
pub async fn claim<B: Backend>(
    backend: &B,
    claim: MailClaim<'_>,
) -> Result<Vec<OutboxMessage>, StoreError> {
    let skip_locked = match B::DIALECT {
        Dialect::Postgres => "FOR UPDATE SKIP LOCKED",
        Dialect::Sqlite => "",
    };
    let rows = backend
        .plain_write()
        .await?
        .fetch_all(
            sql(format!(
                "UPDATE outbox SET claimed_by = $1, lease_until = $2
                 WHERE id IN (SELECT id FROM outbox
                              WHERE sent_at IS NULL AND attempts < $3
                                AND (lease_until IS NULL OR lease_until <= $4)
                                AND (next_attempt_at IS NULL OR next_attempt_at <= $4)
                              ORDER BY id LIMIT $5 {skip_locked})
                 RETURNING {COLUMNS}"
            ))
            .bind(claim.server)
            .bind(claim.lease_until.as_second())
            .bind(claim.max_attempts)
            .bind(claim.now.as_second())
            .bind(claim.limit),
        )
        .await?;
    let mut claimed = rows.iter().map(message).collect::<Result<Vec<_>, _>>()?;
    claimed.sort_by_key(|m| m.id);
    Ok(claimed)
}

/// The newest `limit` mails, sent or not.
pub async fn newest(backend: &impl Backend, limit: u32) -> Result<Vec<OutboxMessage>, StoreError> {
    let rows = backend
        .read()
        .await?
        .fetch_all(
            sql(format!(
                "SELECT {COLUMNS} FROM outbox ORDER BY id DESC LIMIT $1"
            ))
            .bind(limit),
        )
        .await?;
    rows.iter().map(message).collect()
}

/// Marks mail `id` sent at `at`, with the `body` that went out.
pub async fn mark_sent(
    backend: &impl Backend,
    id: i64,
    at: Timestamp,
    body: &str,
) -> Result<(), StoreError> {
    let done = backend
        .plain_write()
        .await?
        .execute(
            sql(
                "UPDATE outbox SET sent_at = $1::timestamptz, body = $2, lease_until = NULL
                 WHERE id = $3",
            )
            .bind(at.to_string())
            .bind(body)
            .bind(id),
        )
        .await?;
    found(done, id)
}

/// Counts a failed attempt to send mail `id`, keeping its `error`, and lets it rest until
/// `retry_at` (the back-off); its lease ends.
pub async fn mark_failed(
    backend: &impl Backend,
    id: i64,
    error: &str,
    retry_at: Timestamp,
) -> Result<(), StoreError> {
    let done = backend
        .plain_write()
        .await?
        .execute(
            sql(
                "UPDATE outbox SET attempts = attempts + 1, last_error = $1, lease_until = NULL,
                     next_attempt_at = $2
                 WHERE id = $3",
            )
            .bind(error)
            .bind(retry_at.as_second())
            .bind(id),
        )
        .await?;
    found(done, id)
}

fn found(rows: u64, id: i64) -> Result<(), StoreError> {
    if rows == 0 {
        Err(StoreError::NotFound(format!("mail {id}")))
    } else {
        Ok(())
    }
}
