//! Proofs of bank-transfer payments (R29), kept with their content.

use lpc_store::{
    AuditDraft, NewPaymentProof, OrderStatus, PaymentMethod, PaymentProofMeta, ProofDecision,
    ProofStatus, StoreError,
};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection, SqlitePool};

use crate::{audit_log, db_err, decode, orders};

/// The columns [`proof`] decodes (all but the content), for `concat!` into queries.
macro_rules! proof_columns {
    () => {
        "id, order_id, file_name, content_type, size_bytes, sha256, uploaded_at, uploaded_by, \
         status, decided_by, decided_at, reason"
    };
}

fn proof(row: &SqliteRow) -> Result<PaymentProofMeta, StoreError> {
    let text = |col: &str| row.try_get::<String, _>(col).map_err(db_err);
    let opt_text = |col: &str| row.try_get::<Option<String>, _>(col).map_err(db_err);
    let size: i64 = row.try_get("size_bytes").map_err(db_err)?;
    let decision = match (opt_text("decided_by")?, opt_text("decided_at")?) {
        (Some(by), Some(at)) => Some(ProofDecision {
            by,
            at: decode::timestamp(&at)?,
            reason: opt_text("reason")?,
        }),
        _ => None,
    };
    Ok(PaymentProofMeta {
        id: row.try_get("id").map_err(db_err)?,
        order_id: row.try_get("order_id").map_err(db_err)?,
        file_name: text("file_name")?,
        content_type: text("content_type")?,
        size_bytes: u64::try_from(size)
            .map_err(|_| StoreError::corrupt(format!("stored proof size {size}")))?,
        sha256: text("sha256")?,
        uploaded_at: decode::timestamp(&text("uploaded_at")?)?,
        uploaded_by: text("uploaded_by")?,
        status: decode::stored(&text("status")?, "proof status", ProofStatus::parse)?,
        decision,
    })
}

pub(crate) async fn attach(
    pool: &SqlitePool,
    order_id: i64,
    new: &NewPaymentProof,
    audit: &AuditDraft,
) -> Result<PaymentProofMeta, StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(db_err)?;
    let order = orders::must_get(&mut tx, order_id).await?;
    if order.status != OrderStatus::PendingPayment
        || order.payment_method != PaymentMethod::BankTransfer
    {
        return Err(StoreError::Conflict(format!(
            "order {order_id} is a {} {} order: only a pending bank transfer takes a proof of payment",
            order.status, order.payment_method
        )));
    }
    let sha256 = new.sha256_hex();
    let size = i64::try_from(new.content.len())
        .map_err(|_| StoreError::Conflict("the proof of payment is too large".into()))?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO payment_proofs (order_id, file_name, content_type, size_bytes, sha256,
             content, uploaded_at, uploaded_by, status)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'submitted') RETURNING id",
    )
    .bind(order_id)
    .bind(&new.file_name)
    .bind(&new.content_type)
    .bind(size)
    .bind(&sha256)
    .bind(&new.content)
    .bind(audit.at.to_string())
    .bind(&new.uploaded_by)
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| match e {
        // The partial unique index: one proof awaiting a decision per order.
        sqlx::Error::Database(ref d) if d.is_unique_violation() => StoreError::Conflict(format!(
            "order {order_id} already has a proof of payment awaiting a decision"
        )),
        other => db_err(other),
    })?;
    audit_log::append(
        &mut tx,
        &audit
            .with_detail("order_id", order_id)
            .with_detail("proof_id", id)
            .with_detail("sha256", sha256),
    )
    .await?;
    let stored = get(&mut tx, id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("proof {id}")))?;
    tx.commit().await.map_err(db_err)?;
    Ok(stored)
}

async fn get(conn: &mut SqliteConnection, id: i64) -> Result<Option<PaymentProofMeta>, StoreError> {
    let row = sqlx::query(concat!(
        "SELECT ",
        proof_columns!(),
        " FROM payment_proofs WHERE id = ?"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(db_err)?;
    row.as_ref().map(proof).transpose()
}

/// Accepts the order's submitted proof, if any, inside the payment's transaction: the
/// operator who settles the order is the one who confirmed the transfer.
pub(crate) async fn accept_submitted(
    conn: &mut SqliteConnection,
    order_id: i64,
    audit: &AuditDraft,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE payment_proofs SET status = 'accepted', decided_by = ?, decided_at = ?
         WHERE order_id = ? AND status = 'submitted'",
    )
    .bind(&audit.actor)
    .bind(audit.at.to_string())
    .bind(order_id)
    .execute(&mut *conn)
    .await
    .map(drop)
    .map_err(db_err)
}

pub(crate) async fn reject(
    pool: &SqlitePool,
    order_id: i64,
    reason: &str,
    audit: &AuditDraft,
) -> Result<(), StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(db_err)?;
    let done = sqlx::query(
        "UPDATE payment_proofs SET status = 'rejected', decided_by = ?, decided_at = ?, reason = ?
         WHERE order_id = ? AND status = 'submitted'",
    )
    .bind(&audit.actor)
    .bind(audit.at.to_string())
    .bind(reason)
    .bind(order_id)
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    if done.rows_affected() == 0 {
        orders::must_get(&mut tx, order_id).await?;
        return Err(StoreError::Conflict(format!(
            "order {order_id} has no proof of payment awaiting a decision"
        )));
    }
    audit_log::append(&mut tx, &audit.with_detail("order_id", order_id)).await?;
    tx.commit().await.map_err(db_err)
}

pub(crate) async fn of_order(
    pool: &SqlitePool,
    order_id: i64,
) -> Result<Vec<PaymentProofMeta>, StoreError> {
    let rows = sqlx::query(concat!(
        "SELECT ",
        proof_columns!(),
        " FROM payment_proofs WHERE order_id = ? ORDER BY id"
    ))
    .bind(order_id)
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter().map(proof).collect()
}

pub(crate) async fn content(
    pool: &SqlitePool,
    id: i64,
) -> Result<Option<(PaymentProofMeta, Vec<u8>)>, StoreError> {
    let row = sqlx::query(concat!(
        "SELECT ",
        proof_columns!(),
        ", content FROM payment_proofs WHERE id = ?"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await
    .map_err(db_err)?;
    row.as_ref()
        .map(|row| Ok((proof(row)?, row.try_get("content").map_err(db_err)?)))
        .transpose()
}
