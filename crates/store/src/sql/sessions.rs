//! Web sessions, password reset tokens and users' languages.

use crate::{AuditDraft, StoreError, StoredSession, User};
use jiff::Timestamp;

use crate::sql::db::{Backend, Db, WriteTx};
use crate::sql::query::sql;
use crate::sql::{audit_log, decode, users};

pub async fn create(backend: &impl Backend, s: &StoredSession) -> Result<bool, StoreError> {
    let done = backend
        .plain_write()
        .await?
        .execute(
            sql(
                "INSERT INTO web_sessions (id, data, expires_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind(&s.id)
            .bind(&s.data)
            .bind(s.expires_at.as_second()),
        )
        .await?;
    Ok(done == 1)
}

pub async fn save(backend: &impl Backend, s: &StoredSession) -> Result<(), StoreError> {
    backend
        .plain_write()
        .await?
        .execute(
            sql("INSERT INTO web_sessions (id, data, expires_at) VALUES ($1, $2, $3)
                 ON CONFLICT (id) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at")
            .bind(&s.id)
            .bind(&s.data)
            .bind(s.expires_at.as_second()),
        )
        .await
        .map(drop)
}

pub async fn load(
    backend: &impl Backend,
    id: &str,
    now: Timestamp,
) -> Result<Option<StoredSession>, StoreError> {
    let row: Option<(String, i64)> = backend
        .read()
        .await?
        .fetch_optional_as(
            sql("SELECT data, expires_at FROM web_sessions WHERE id = $1 AND expires_at > $2")
                .bind(id)
                .bind(now.as_second()),
        )
        .await?;
    row.map(|(data, expires_at)| {
        Ok(StoredSession {
            id: id.to_owned(),
            data,
            expires_at: decode::unix_seconds(expires_at)?,
        })
    })
    .transpose()
}

pub async fn delete(backend: &impl Backend, id: &str) -> Result<(), StoreError> {
    backend
        .plain_write()
        .await?
        .execute(sql("DELETE FROM web_sessions WHERE id = $1").bind(id))
        .await
        .map(drop)
}

pub async fn delete_expired(backend: &impl Backend, now: Timestamp) -> Result<u64, StoreError> {
    backend
        .plain_write()
        .await?
        .execute(sql("DELETE FROM web_sessions WHERE expires_at <= $1").bind(now.as_second()))
        .await
}

pub async fn add_reset(
    backend: &impl Backend,
    user_id: i64,
    sha256: &str,
    expires_at: Timestamp,
    audit: &AuditDraft,
) -> Result<(), StoreError> {
    let mut tx = backend.write().await?;
    tx.execute(
        sql(
            "INSERT INTO password_resets (token_sha256, user_id, created_at, expires_at) \
             VALUES ($1, $2, $3::timestamptz, $4)",
        )
        .bind(sha256)
        .bind(user_id)
        .bind(audit.at.to_string())
        .bind(expires_at.as_second()),
    )
    .await?;
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await
}

pub async fn reset_user(
    backend: &impl Backend,
    sha256: &str,
    now: Timestamp,
) -> Result<Option<User>, StoreError> {
    let mut db = backend.read().await?;
    let email: Option<(String,)> = db
        .fetch_optional_as(
            sql(
                "SELECT u.email FROM password_resets r JOIN users u ON u.id = r.user_id
                 WHERE r.token_sha256 = $1 AND r.used_at IS NULL AND r.expires_at > $2",
            )
            .bind(sha256)
            .bind(now.as_second()),
        )
        .await?;
    match email {
        Some((email,)) => users::by_email_in(&mut db, &decode::email(&email)?).await,
        None => Ok(None),
    }
}

pub async fn use_reset(
    backend: &impl Backend,
    sha256: &str,
    now: Timestamp,
    password_hash: &str,
    audit: &AuditDraft,
) -> Result<Option<u64>, StoreError> {
    let mut tx = backend.write().await?;
    let user: Option<(i64,)> = tx
        .fetch_optional_as(
            sql("SELECT user_id FROM password_resets
                 WHERE token_sha256 = $1 AND used_at IS NULL AND expires_at > $2")
            .bind(sha256)
            .bind(now.as_second()),
        )
        .await?;
    let Some((user_id,)) = user else {
        return Ok(None);
    };
    tx.execute(
        sql("UPDATE users SET password_hash = $1, \
             email_confirmed_at = coalesce(email_confirmed_at, $2::timestamptz) WHERE id = $3")
        .bind(password_hash)
        .bind(now.to_string())
        .bind(user_id),
    )
    .await?;
    tx.execute(
        sql("UPDATE password_resets SET used_at = $1::timestamptz \
             WHERE user_id = $2 AND used_at IS NULL")
        .bind(now.to_string())
        .bind(user_id),
    )
    .await?;
    let revoked = tx
        .execute(sql("DELETE FROM api_tokens WHERE user_id = $1").bind(user_id))
        .await?;
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await?;
    Ok(Some(revoked))
}

pub async fn set_locale(
    backend: &impl Backend,
    user_id: i64,
    locale: Option<&str>,
) -> Result<(), StoreError> {
    backend
        .plain_write()
        .await?
        .execute(
            sql("UPDATE users SET locale = $1 WHERE id = $2")
                .bind(locale)
                .bind(user_id),
        )
        .await
        .map(drop)
}

pub async fn locale(backend: &impl Backend, user_id: i64) -> Result<Option<String>, StoreError> {
    let row: Option<(Option<String>,)> = backend
        .read()
        .await?
        .fetch_optional_as(sql("SELECT locale FROM users WHERE id = $1").bind(user_id))
        .await?;
    Ok(row.and_then(|(l,)| l))
}
