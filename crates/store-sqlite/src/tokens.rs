//! API bearer tokens, kept as SHA-256 digests only.

use lpc_store::{AuditDraft, StoreError, User};
use sqlx::SqlitePool;

use crate::{audit_log, db_err, users};

pub(crate) async fn add(
    pool: &SqlitePool,
    user_id: i64,
    sha256: &str,
    label: &str,
    audit: &AuditDraft,
) -> Result<(), StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(db_err)?;
    sqlx::query(
        "INSERT INTO api_tokens (token_sha256, user_id, label, created_at) VALUES (?, ?, ?, ?)",
    )
    .bind(sha256)
    .bind(user_id)
    .bind(label)
    .bind(audit.at.to_string())
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await.map_err(db_err)
}

pub(crate) async fn user(pool: &SqlitePool, sha256: &str) -> Result<Option<User>, StoreError> {
    users::by_token(pool, sha256).await
}
