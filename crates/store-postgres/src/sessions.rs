//! Web sessions, password reset tokens and users' languages.

use jiff::Timestamp;
use lpc_store::{AuditDraft, StoreError, StoredSession, User};
use sqlx::PgPool;

use crate::{audit_log, db_err, decode, users};

pub(crate) async fn create(pool: &PgPool, s: &StoredSession) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "INSERT INTO web_sessions (id, data, expires_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING",
    )
    .bind(&s.id)
    .bind(&s.data)
    .bind(s.expires_at.as_second())
    .execute(pool)
    .await
    .map_err(db_err)?;
    Ok(done.rows_affected() == 1)
}

pub(crate) async fn save(pool: &PgPool, s: &StoredSession) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO web_sessions (id, data, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at",
    )
    .bind(&s.id)
    .bind(&s.data)
    .bind(s.expires_at.as_second())
    .execute(pool)
    .await
    .map_err(db_err)
    .map(drop)
}

pub(crate) async fn load(
    pool: &PgPool,
    id: &str,
    now: Timestamp,
) -> Result<Option<StoredSession>, StoreError> {
    let row: Option<(String, i64)> = sqlx::query_as(
        "SELECT data, expires_at FROM web_sessions WHERE id = $1 AND expires_at > $2",
    )
    .bind(id)
    .bind(now.as_second())
    .fetch_optional(pool)
    .await
    .map_err(db_err)?;
    row.map(|(data, expires_at)| {
        Ok(StoredSession {
            id: id.to_owned(),
            data,
            expires_at: seconds(expires_at)?,
        })
    })
    .transpose()
}

fn seconds(value: i64) -> Result<Timestamp, StoreError> {
    Timestamp::from_second(value)
        .map_err(|e| StoreError::corrupt(format!("stored expiry {value}: {e}")))
}

pub(crate) async fn delete(pool: &PgPool, id: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM web_sessions WHERE id = $1")
        .bind(id)
        .execute(pool)
        .await
        .map_err(db_err)
        .map(drop)
}

pub(crate) async fn delete_expired(pool: &PgPool, now: Timestamp) -> Result<u64, StoreError> {
    let done = sqlx::query("DELETE FROM web_sessions WHERE expires_at <= $1")
        .bind(now.as_second())
        .execute(pool)
        .await
        .map_err(db_err)?;
    Ok(done.rows_affected())
}

pub(crate) async fn add_reset(
    pool: &PgPool,
    user_id: i64,
    sha256: &str,
    expires_at: Timestamp,
    audit: &AuditDraft,
) -> Result<(), StoreError> {
    let mut tx = audit_log::begin_write(pool).await?;
    sqlx::query(
        "INSERT INTO password_resets (token_sha256, user_id, created_at, expires_at) VALUES ($1, $2, $3::timestamptz, $4)",
    )
    .bind(sha256)
    .bind(user_id)
    .bind(audit.at.to_string())
    .bind(expires_at.as_second())
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await.map_err(db_err)
}

pub(crate) async fn reset_user(
    pool: &PgPool,
    sha256: &str,
    now: Timestamp,
) -> Result<Option<User>, StoreError> {
    let email: Option<(String,)> = sqlx::query_as(
        "SELECT u.email FROM password_resets r JOIN users u ON u.id = r.user_id
         WHERE r.token_sha256 = $1 AND r.used_at IS NULL AND r.expires_at > $2",
    )
    .bind(sha256)
    .bind(now.as_second())
    .fetch_optional(pool)
    .await
    .map_err(db_err)?;
    match email {
        Some((email,)) => users::by_email(pool, &decode::email(&email)?).await,
        None => Ok(None),
    }
}

pub(crate) async fn use_reset(
    pool: &PgPool,
    sha256: &str,
    now: Timestamp,
    password_hash: &str,
    audit: &AuditDraft,
) -> Result<Option<u64>, StoreError> {
    let mut tx = audit_log::begin_write(pool).await?;
    let user: Option<(i64,)> = sqlx::query_as(
        "SELECT user_id FROM password_resets
         WHERE token_sha256 = $1 AND used_at IS NULL AND expires_at > $2",
    )
    .bind(sha256)
    .bind(now.as_second())
    .fetch_optional(&mut *tx)
    .await
    .map_err(db_err)?;
    let Some((user_id,)) = user else {
        return Ok(None);
    };
    sqlx::query(
        "UPDATE users SET password_hash = $1, \
         email_confirmed_at = coalesce(email_confirmed_at, $3::timestamptz) WHERE id = $2",
    )
    .bind(password_hash)
    .bind(user_id)
    .bind(now.to_string())
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    sqlx::query("UPDATE password_resets SET used_at = $1::timestamptz WHERE user_id = $2 AND used_at IS NULL")
        .bind(now.to_string())
        .bind(user_id)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    let revoked = sqlx::query("DELETE FROM api_tokens WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?
        .rows_affected();
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(Some(revoked))
}

pub(crate) async fn set_locale(
    pool: &PgPool,
    user_id: i64,
    locale: Option<&str>,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE users SET locale = $1 WHERE id = $2")
        .bind(locale)
        .bind(user_id)
        .execute(pool)
        .await
        .map_err(db_err)
        .map(drop)
}

pub(crate) async fn locale(pool: &PgPool, user_id: i64) -> Result<Option<String>, StoreError> {
    let row: Option<(Option<String>,)> = sqlx::query_as("SELECT locale FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(pool)
        .await
        .map_err(db_err)?;
    Ok(row.and_then(|(l,)| l))
}
