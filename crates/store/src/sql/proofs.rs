//! Proofs of bank-transfer payments (R29), kept with their content.

use crate::{
    AuditDraft, NewPaymentProof, OrderStatus, PaymentMethod, PaymentProofMeta, ProofDecision,
    ProofStatus, StoreError,
};

use crate::sql::db::{Backend, Db, WriteTx};
use crate::sql::decode;
use crate::sql::query::sql;
use crate::sql::row::Row;
use crate::sql::{audit_log, orders};

/// The columns [`proof`] decodes (all but the content).
const COLUMNS: &str = "id, order_id, file_name, content_type, size_bytes, sha256, uploaded_at, \
                       uploaded_by, status, decided_by, decided_at, reason";

fn proof(row: &Row) -> Result<PaymentProofMeta, StoreError> {
    let text = |col: &str| row.get::<String>(col);
    let opt_text = |col: &str| row.get::<Option<String>>(col);
    let size: i64 = row.get("size_bytes")?;
    let decision = match (opt_text("decided_by")?, opt_text("decided_at")?) {
        (Some(by), Some(at)) => Some(ProofDecision {
            by,
            at: decode::timestamp(&at)?,
            reason: opt_text("reason")?,
        }),
        _ => None,
    };
    Ok(PaymentProofMeta {
        id: row.get("id")?,
        order_id: row.get("order_id")?,
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

pub async fn attach(
    backend: &impl Backend,
    order_id: i64,
    new: &NewPaymentProof,
    audit: &AuditDraft,
) -> Result<PaymentProofMeta, StoreError> {
    let mut tx = backend.write().await?;
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
    // The partial unique index allows one proof awaiting a decision per order; a second one is
    // skipped (no row returned) rather than failing, which would abort a PostgreSQL transaction.
    let inserted: Option<(i64,)> = tx
        .fetch_optional_as(
            sql(
                "INSERT INTO payment_proofs (order_id, file_name, content_type, size_bytes,
                     sha256, content, uploaded_at, uploaded_by, status)
                 VALUES ($1, $2, $3, $4, $5, $6, $7::timestamptz, $8, 'submitted')
                 ON CONFLICT DO NOTHING RETURNING id",
            )
            .bind(order_id)
            .bind(&new.file_name)
            .bind(&new.content_type)
            .bind(size)
            .bind(&sha256)
            .bind(new.content.as_slice())
            .bind(audit.at.to_string())
            .bind(&new.uploaded_by),
        )
        .await?;
    let Some((id,)) = inserted else {
        return Err(StoreError::Conflict(format!(
            "order {order_id} already has a proof of payment awaiting a decision"
        )));
    };
    audit_log::append(
        &mut tx,
        &audit
            .with_detail("order_id", order_id)
            .with_detail("proof_id", id)
            .with_detail("sha256", sha256),
    )
    .await?;
    let stored = get_in(&mut tx, id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("proof {id}")))?;
    tx.commit().await?;
    Ok(stored)
}

async fn get_in(db: &mut impl Db, id: i64) -> Result<Option<PaymentProofMeta>, StoreError> {
    let row = db
        .fetch_optional(
            sql(format!(
                "SELECT {COLUMNS} FROM payment_proofs WHERE id = $1"
            ))
            .bind(id),
        )
        .await?;
    row.as_ref().map(proof).transpose()
}

/// Accepts the order's submitted proof, if any, inside the payment's transaction: the
/// operator who settles the order is the one who confirmed the transfer.
pub async fn accept_submitted(
    tx: &mut impl Db,
    order_id: i64,
    audit: &AuditDraft,
) -> Result<(), StoreError> {
    tx.execute(
        sql(
            "UPDATE payment_proofs SET status = 'accepted', decided_by = $1, decided_at = $2::timestamptz
             WHERE order_id = $3 AND status = 'submitted'",
        )
        .bind(&audit.actor)
        .bind(audit.at.to_string())
        .bind(order_id),
    )
    .await
    .map(drop)
}

pub async fn reject(
    backend: &impl Backend,
    order_id: i64,
    reason: &str,
    audit: &AuditDraft,
) -> Result<(), StoreError> {
    let mut tx = backend.write().await?;
    let changed = tx
        .execute(
            sql("UPDATE payment_proofs
                 SET status = 'rejected', decided_by = $1, decided_at = $2::timestamptz,
                     reason = $3
                 WHERE order_id = $4 AND status = 'submitted'")
            .bind(&audit.actor)
            .bind(audit.at.to_string())
            .bind(reason)
            .bind(order_id),
        )
        .await?;
    if changed == 0 {
        orders::must_get(&mut tx, order_id).await?;
        return Err(StoreError::Conflict(format!(
            "order {order_id} has no proof of payment awaiting a decision"
        )));
    }
    audit_log::append(&mut tx, &audit.with_detail("order_id", order_id)).await?;
    tx.commit().await
}

pub async fn of_order(
    backend: &impl Backend,
    order_id: i64,
) -> Result<Vec<PaymentProofMeta>, StoreError> {
    let rows = backend
        .read()
        .await?
        .fetch_all(
            sql(format!(
                "SELECT {COLUMNS} FROM payment_proofs WHERE order_id = $1 ORDER BY id"
            ))
            .bind(order_id),
        )
        .await?;
    rows.iter().map(proof).collect()
}

pub async fn content(
    backend: &impl Backend,
    id: i64,
) -> Result<Option<(PaymentProofMeta, Vec<u8>)>, StoreError> {
    let row = backend
        .read()
        .await?
        .fetch_optional(
            sql(format!(
                "SELECT {COLUMNS}, content FROM payment_proofs WHERE id = $1"
            ))
            .bind(id),
        )
        .await?;
    row.as_ref()
        .map(|row| Ok((proof(row)?, row.get("content")?)))
        .transpose()
}
