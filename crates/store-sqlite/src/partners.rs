//! Partner organizations.

use lpc_domain::MpnId;
use lpc_store::{AuditDraft, NewPartner, Partner, StoreError};
use sqlx::SqlitePool;

use crate::{audit_log, db_err, decode};

/// The columns [`decode::partner`] reads.
pub(crate) const COLUMNS: &str =
    "mpn_id, name, country, registered_at, contact_email, verification";

pub(crate) async fn add(
    pool: &SqlitePool,
    p: &NewPartner,
    audit: &AuditDraft,
) -> Result<Partner, StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(db_err)?;
    let stored = insert(&mut tx, p, audit).await?;
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(stored)
}

/// Inserts a partner inside the caller's write transaction; `Conflict` if the MPN ID is taken.
pub(crate) async fn insert(
    tx: &mut sqlx::SqliteConnection,
    p: &NewPartner,
    audit: &AuditDraft,
) -> Result<Partner, StoreError> {
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
        contact_email: p.contact_email.clone(),
        verification: p.verification,
    };
    sqlx::query(
        "INSERT INTO partners (mpn_id, name, country, registered_at, contact_email, verification) \
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(p.mpn_id.as_i64())
    .bind(p.name.as_str())
    .bind(p.country.as_str())
    .bind(stored.registered_at.to_string())
    .bind(p.contact_email.as_ref().map(|e| e.as_str()))
    .bind(p.verification.as_str())
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    Ok(stored)
}

pub(crate) async fn get(pool: &SqlitePool, mpn_id: MpnId) -> Result<Option<Partner>, StoreError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM partners WHERE mpn_id = ?"
    )))
    .bind(mpn_id.as_i64())
    .fetch_optional(pool)
    .await
    .map_err(db_err)?;
    row.as_ref().map(decode::partner).transpose()
}

pub(crate) async fn list(pool: &SqlitePool) -> Result<Vec<Partner>, StoreError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM partners ORDER BY mpn_id"
    )))
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter().map(decode::partner).collect()
}

/// A partner read inside the caller's write transaction.
pub(crate) async fn get_in(
    tx: &mut sqlx::SqliteConnection,
    mpn_id: MpnId,
) -> Result<Option<Partner>, StoreError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM partners WHERE mpn_id = ?"
    )))
    .bind(mpn_id.as_i64())
    .fetch_optional(&mut *tx)
    .await
    .map_err(db_err)?;
    row.as_ref().map(decode::partner).transpose()
}
