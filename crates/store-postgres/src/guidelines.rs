//! Acceptances of the Performance Guidelines (R8).

use lpc_domain::MpnId;
use lpc_store::{AuditDraft, GuidelineAcceptance, StoreError};
use sqlx::{PgPool, Row};

use crate::decode::ts_text;
use crate::{audit_log, db_err, decode};

pub(crate) async fn accept(
    pool: &PgPool,
    a: &GuidelineAcceptance,
    audit: &AuditDraft,
) -> Result<(), StoreError> {
    let mut tx = audit_log::begin_write(pool).await?;
    let done = sqlx::query(
        "INSERT INTO guideline_acceptances (partner_id, version, accepted_by, accepted_at)
         VALUES ($1, $2, $3, $4::timestamptz) ON CONFLICT DO NOTHING",
    )
    .bind(a.partner_id.as_i64())
    .bind(&a.version)
    .bind(a.accepted_by.as_str())
    .bind(a.accepted_at.to_string())
    .execute(&mut *tx)
    .await
    .map_err(|e| match e {
        sqlx::Error::Database(ref d) if d.is_foreign_key_violation() => {
            StoreError::NotFound(format!("partner {} is not registered", a.partner_id))
        }
        other => db_err(other),
    })?;
    if done.rows_affected() == 1 {
        audit_log::append(&mut tx, audit).await?;
    }
    tx.commit().await.map_err(db_err)
}

pub(crate) async fn of_partner(
    pool: &PgPool,
    partner: MpnId,
) -> Result<Vec<GuidelineAcceptance>, StoreError> {
    let rows = sqlx::query(concat!(
        "SELECT version, accepted_by, ",
        ts_text!("accepted_at"),
        " AS accepted_at FROM guideline_acceptances WHERE partner_id = $1 ORDER BY accepted_at"
    ))
    .bind(partner.as_i64())
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter()
        .map(|row| {
            let text = |col: &str| row.try_get::<String, _>(col).map_err(db_err);
            Ok(GuidelineAcceptance {
                partner_id: partner,
                version: text("version")?,
                accepted_by: decode::email(&text("accepted_by")?)?,
                accepted_at: decode::timestamp(&text("accepted_at")?)?,
            })
        })
        .collect()
}
