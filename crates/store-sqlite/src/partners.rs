//! Partner organizations.

use lpc_domain::MpnId;
use lpc_store::{AuditDraft, NewPartner, Partner, StoreError};
use sqlx::SqlitePool;

use crate::{audit_log, db_err, decode};

pub(crate) async fn add(
    pool: &SqlitePool,
    p: &NewPartner,
    audit: &AuditDraft,
) -> Result<Partner, StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(db_err)?;
    let taken: Option<(String,)> = sqlx::query_as("SELECT name FROM partners WHERE mpn_id = ?")
        .bind(p.mpn_id.as_i64())
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
    if let Some((name,)) = taken {
        return Err(StoreError::Conflict(format!(
            "MPN ID {} is already registered (to {name:?})",
            p.mpn_id
        )));
    }
    let stored = Partner {
        mpn_id: p.mpn_id,
        name: p.name.clone(),
        country: p.country,
        registered_at: audit.at,
    };
    sqlx::query("INSERT INTO partners (mpn_id, name, country, registered_at) VALUES (?, ?, ?, ?)")
        .bind(p.mpn_id.as_i64())
        .bind(p.name.as_str())
        .bind(p.country.as_str())
        .bind(stored.registered_at.to_string())
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(stored)
}

pub(crate) async fn get(pool: &SqlitePool, mpn_id: MpnId) -> Result<Option<Partner>, StoreError> {
    let row =
        sqlx::query("SELECT mpn_id, name, country, registered_at FROM partners WHERE mpn_id = ?")
            .bind(mpn_id.as_i64())
            .fetch_optional(pool)
            .await
            .map_err(db_err)?;
    row.as_ref().map(decode::partner).transpose()
}

pub(crate) async fn list(pool: &SqlitePool) -> Result<Vec<Partner>, StoreError> {
    let rows =
        sqlx::query("SELECT mpn_id, name, country, registered_at FROM partners ORDER BY mpn_id")
            .fetch_all(pool)
            .await
            .map_err(db_err)?;
    rows.iter().map(decode::partner).collect()
}
