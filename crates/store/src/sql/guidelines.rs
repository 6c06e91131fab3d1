//! Acceptances of the Performance Guidelines (R8).

use crate::{AuditDraft, GuidelineAcceptance, StoreError};
use lpc_domain::MpnId;

use crate::sql::db::{Backend, Db, WriteTx};
use crate::sql::query::sql;
use crate::sql::{audit_log, decode};

pub async fn accept(
    backend: &impl Backend,
    a: &GuidelineAcceptance,
    audit: &AuditDraft,
) -> Result<(), StoreError> {
    let mut tx = backend.write().await?;
    // The foreign key would refuse an unregistered partner too, but the shared SQL sees
    // drivers' errors only as text: asking first (under the write lock) names the cause.
    let known: Option<(i64,)> = tx
        .fetch_optional_as(
            sql("SELECT mpn_id FROM partners WHERE mpn_id = $1").bind(a.partner_id.as_i64()),
        )
        .await?;
    if known.is_none() {
        return Err(StoreError::NotFound(format!(
            "partner {} is not registered",
            a.partner_id
        )));
    }
    let done = tx
        .execute(
            sql(
                "INSERT INTO guideline_acceptances (partner_id, version, accepted_by, accepted_at)
                 VALUES ($1, $2, $3, $4::timestamptz) ON CONFLICT DO NOTHING",
            )
            .bind(a.partner_id.as_i64())
            .bind(&a.version)
            .bind(a.accepted_by.as_str())
            .bind(a.accepted_at.to_string()),
        )
        .await?;
    if done == 1 {
        audit_log::append(&mut tx, audit).await?;
    }
    tx.commit().await
}

pub async fn of_partner(
    backend: &impl Backend,
    partner: MpnId,
) -> Result<Vec<GuidelineAcceptance>, StoreError> {
    let rows = backend
        .read()
        .await?
        .fetch_all(
            sql(
                "SELECT version, accepted_by, accepted_at FROM guideline_acceptances
                 WHERE partner_id = $1 ORDER BY accepted_at",
            )
            .bind(partner.as_i64()),
        )
        .await?;
    rows.iter()
        .map(|row| {
            Ok(GuidelineAcceptance {
                partner_id: partner,
                version: row.get("version")?,
                accepted_by: decode::email(&row.get::<String>("accepted_by")?)?,
                accepted_at: decode::timestamp(&row.get::<String>("accepted_at")?)?,
            })
        })
        .collect()
}
