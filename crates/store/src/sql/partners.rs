//! Partner organizations.

use crate::{AuditDraft, NewPartner, Partner, StoreError};
use lpc_domain::MpnId;

use crate::sql::db::{Backend, Db, WriteTx};
use crate::sql::query::sql;
use crate::sql::{audit_log, decode};

/// The columns [`decode::partner`] reads.
pub const COLUMNS: &str = "mpn_id, name, country, registered_at, contact_email, verification";

pub async fn add(
    backend: &impl Backend,
    p: &NewPartner,
    audit: &AuditDraft,
) -> Result<Partner, StoreError> {
    let mut tx = backend.write().await?;
    let stored = insert(&mut tx, p, audit).await?;
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await?;
    Ok(stored)
}

/// Inserts a partner inside the caller's write transaction; `Conflict` if the MPN ID is taken.
pub async fn insert(
    tx: &mut impl Db,
    p: &NewPartner,
    audit: &AuditDraft,
) -> Result<Partner, StoreError> {
    let taken: Option<(String,)> = tx
        .fetch_optional_as(
            sql("SELECT name FROM partners WHERE mpn_id = $1").bind(p.mpn_id.as_i64()),
        )
        .await?;
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
    tx.execute(
        sql("INSERT INTO partners (mpn_id, name, country, registered_at, contact_email, verification)
             VALUES ($1, $2, $3, $4::timestamptz, $5, $6)")
        .bind(p.mpn_id.as_i64())
        .bind(p.name.as_str())
        .bind(p.country.as_str())
        .bind(stored.registered_at.to_string())
        .bind(p.contact_email.as_ref().map(|e| e.as_str()))
        .bind(p.verification.as_str()),
    )
    .await?;
    Ok(stored)
}

pub async fn get(backend: &impl Backend, mpn_id: MpnId) -> Result<Option<Partner>, StoreError> {
    get_in(&mut backend.read().await?, mpn_id).await
}

/// [`get`] inside the caller's connection or transaction.
pub async fn get_in(db: &mut impl Db, mpn_id: MpnId) -> Result<Option<Partner>, StoreError> {
    let row = db
        .fetch_optional(
            sql(format!("SELECT {COLUMNS} FROM partners WHERE mpn_id = $1")).bind(mpn_id.as_i64()),
        )
        .await?;
    row.as_ref().map(decode::partner).transpose()
}

pub async fn list(backend: &impl Backend) -> Result<Vec<Partner>, StoreError> {
    let rows = backend
        .read()
        .await?
        .fetch_all(sql(format!(
            "SELECT {COLUMNS} FROM partners ORDER BY mpn_id"
        )))
        .await?;
    rows.iter().map(decode::partner).collect()
}
