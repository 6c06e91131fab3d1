//! Trainers, exam passes and API tokens changed one by one from the portal.

use lpc_domain::MpnId;
use lpc_store::{ApiTokenInfo, AuditDraft, ExamPass, NewApiToken, StoreError};
use sqlx::{Row, SqlitePool};

use crate::{audit_log, db_err, decode};

pub(crate) async fn remove_trainer(
    pool: &SqlitePool,
    partner: MpnId,
    mct_id: &str,
    audit: &AuditDraft,
) -> Result<bool, StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(db_err)?;
    let done = sqlx::query("DELETE FROM trainers WHERE partner_id = ? AND mct_id = ?")
        .bind(partner.as_i64())
        .bind(mct_id)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(true)
}

pub(crate) async fn remove_exam_pass(
    pool: &SqlitePool,
    pass: &ExamPass,
    audit: &AuditDraft,
) -> Result<bool, StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(db_err)?;
    let done = sqlx::query(
        "DELETE FROM exam_passes
         WHERE partner_id = ? AND person_email = ? AND exam_code = ? AND passed_on = ?",
    )
    .bind(pass.partner_id.as_i64())
    .bind(pass.person_email.as_str())
    .bind(&pass.exam_code)
    .bind(pass.passed_on.to_string())
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(true)
}

pub(crate) async fn add_token(
    pool: &SqlitePool,
    token: &NewApiToken<'_>,
    audit: &AuditDraft,
) -> Result<(), StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(db_err)?;
    sqlx::query(
        "INSERT INTO api_tokens (token_sha256, user_id, label, created_at, last_four, expires_at)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(token.sha256)
    .bind(token.user_id)
    .bind(token.label)
    .bind(audit.at.to_string())
    .bind(token.last_four)
    .bind(token.expires_at.to_string())
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await.map_err(db_err)
}

/// A query of tokens as their list shows them, then `$rest` (SQL is static text).
macro_rules! token_query {
    ($rest:literal) => {
        concat!(
            "SELECT token_sha256, label, last_four, created_at, expires_at, last_used_at \
             FROM api_tokens ",
            $rest
        )
    };
}

fn token_of(row: &sqlx::sqlite::SqliteRow) -> Result<ApiTokenInfo, StoreError> {
    let text = |col: &str| row.try_get::<String, _>(col).map_err(db_err);
    let last_used: Option<String> = row.try_get("last_used_at").map_err(db_err)?;
    Ok(ApiTokenInfo {
        token_sha256: text("token_sha256")?,
        label: text("label")?,
        last_four: text("last_four")?,
        created_at: decode::timestamp(&text("created_at")?)?,
        expires_at: decode::timestamp(&text("expires_at")?)?,
        last_used_at: last_used.as_deref().map(decode::timestamp).transpose()?,
    })
}

pub(crate) async fn tokens_of(
    pool: &SqlitePool,
    user_id: i64,
) -> Result<Vec<ApiTokenInfo>, StoreError> {
    let rows = sqlx::query(token_query!(
        "WHERE user_id = ? ORDER BY created_at, token_sha256"
    ))
    .bind(user_id)
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter().map(token_of).collect()
}

pub(crate) async fn token(
    pool: &SqlitePool,
    sha256: &str,
) -> Result<Option<ApiTokenInfo>, StoreError> {
    let row = sqlx::query(token_query!("WHERE token_sha256 = ?"))
        .bind(sha256)
        .fetch_optional(pool)
        .await
        .map_err(db_err)?;
    row.as_ref().map(token_of).transpose()
}

pub(crate) async fn touch_token(
    pool: &SqlitePool,
    sha256: &str,
    at: jiff::Timestamp,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE api_tokens SET last_used_at = ? WHERE token_sha256 = ?")
        .bind(at.to_string())
        .bind(sha256)
        .execute(pool)
        .await
        .map_err(db_err)?;
    Ok(())
}

pub(crate) async fn revoke_token(
    pool: &SqlitePool,
    user_id: i64,
    sha256: &str,
    audit: &AuditDraft,
) -> Result<bool, StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(db_err)?;
    let done = sqlx::query("DELETE FROM api_tokens WHERE user_id = ? AND token_sha256 = ?")
        .bind(user_id)
        .bind(sha256)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(true)
}
