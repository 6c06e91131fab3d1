//! Trainers, exam passes and API tokens changed one by one from the portal.

use crate::{ApiTokenInfo, AuditDraft, ExamPass, NewApiToken, StoreError};
use lpc_domain::MpnId;

use crate::sql::db::{Backend, Db, WriteTx};
use crate::sql::query::sql;
use crate::sql::row::Row;
use crate::sql::{audit_log, decode};

pub async fn remove_trainer(
    backend: &impl Backend,
    partner: MpnId,
    mct_id: &str,
    audit: &AuditDraft,
) -> Result<bool, StoreError> {
    let mut tx = backend.write().await?;
    let done = tx
        .execute(
            sql("DELETE FROM trainers WHERE partner_id = $1 AND mct_id = $2")
                .bind(partner.as_i64())
                .bind(mct_id),
        )
        .await?;
    if done == 0 {
        return Ok(false);
    }
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await?;
    Ok(true)
}

pub async fn remove_exam_pass(
    backend: &impl Backend,
    pass: &ExamPass,
    audit: &AuditDraft,
) -> Result<bool, StoreError> {
    let mut tx = backend.write().await?;
    let done = tx
        .execute(
            sql("DELETE FROM exam_passes
                 WHERE partner_id = $1 AND person_email = $2 AND exam_code = $3
                   AND passed_on = $4::date")
            .bind(pass.partner_id.as_i64())
            .bind(pass.person_email.as_str())
            .bind(&pass.exam_code)
            .bind(pass.passed_on.to_string()),
        )
        .await?;
    if done == 0 {
        return Ok(false);
    }
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await?;
    Ok(true)
}

pub async fn add_token(
    backend: &impl Backend,
    token: &NewApiToken<'_>,
    audit: &AuditDraft,
) -> Result<(), StoreError> {
    let mut tx = backend.write().await?;
    tx.execute(
        sql(
            "INSERT INTO api_tokens (token_sha256, user_id, label, created_at, last_four, expires_at)
             VALUES ($1, $2, $3, $4::timestamptz, $5, $6::timestamptz)",
        )
        .bind(token.sha256)
        .bind(token.user_id)
        .bind(token.label)
        .bind(audit.at.to_string())
        .bind(token.last_four)
        .bind(token.expires_at.to_string()),
    )
    .await?;
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await
}

/// The columns of a token as their list shows them, read by [`token_of`].
const TOKEN_COLUMNS: &str = "token_sha256, label, last_four, created_at, expires_at, last_used_at";

fn token_of(row: &Row) -> Result<ApiTokenInfo, StoreError> {
    Ok(ApiTokenInfo {
        token_sha256: row.get("token_sha256")?,
        label: row.get("label")?,
        last_four: row.get("last_four")?,
        created_at: decode::timestamp(&row.get::<String>("created_at")?)?,
        expires_at: decode::timestamp(&row.get::<String>("expires_at")?)?,
        last_used_at: decode::opt_timestamp(row.get("last_used_at")?)?,
    })
}

pub async fn tokens_of(
    backend: &impl Backend,
    user_id: i64,
) -> Result<Vec<ApiTokenInfo>, StoreError> {
    let rows = backend
        .read()
        .await?
        .fetch_all(
            sql(format!(
                "SELECT {TOKEN_COLUMNS} FROM api_tokens \
                 WHERE user_id = $1 ORDER BY created_at, token_sha256"
            ))
            .bind(user_id),
        )
        .await?;
    rows.iter().map(token_of).collect()
}

pub async fn token(
    backend: &impl Backend,
    sha256: &str,
) -> Result<Option<ApiTokenInfo>, StoreError> {
    let row = backend
        .read()
        .await?
        .fetch_optional(
            sql(format!(
                "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE token_sha256 = $1"
            ))
            .bind(sha256),
        )
        .await?;
    row.as_ref().map(token_of).transpose()
}

pub async fn touch_token(
    backend: &impl Backend,
    sha256: &str,
    at: jiff::Timestamp,
) -> Result<(), StoreError> {
    backend
        .plain_write()
        .await?
        .execute(
            sql("UPDATE api_tokens SET last_used_at = $1::timestamptz WHERE token_sha256 = $2")
                .bind(at.to_string())
                .bind(sha256),
        )
        .await?;
    Ok(())
}

pub async fn revoke_token(
    backend: &impl Backend,
    user_id: i64,
    sha256: &str,
    audit: &AuditDraft,
) -> Result<bool, StoreError> {
    let mut tx = backend.write().await?;
    let done = tx
        .execute(
            sql("DELETE FROM api_tokens WHERE user_id = $1 AND token_sha256 = $2")
                .bind(user_id)
                .bind(sha256),
        )
        .await?;
    if done == 0 {
        return Ok(false);
    }
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await?;
    Ok(true)
}
