//! Files given with support cases: the invoice of a KPI discrepancy (R13), kept with its
//! content as proofs of payment are.

use crate::sql::db::{Backend, Db, WriteTx};
use crate::sql::query::sql;
use crate::sql::row::Row;
use crate::sql::{audit_log, cases, decode};
use crate::{AuditDraft, CaseAttachment, CaseState, NewCaseAttachment, StoreError};

/// The columns [`attachment`] decodes (all but the content).
const COLUMNS: &str =
    "id, case_id, file_name, content_type, size_bytes, sha256, uploaded_at, uploaded_by";

fn attachment(row: &Row) -> Result<CaseAttachment, StoreError> {
    let text = |col: &str| row.get::<String>(col);
    let size: i64 = row.get("size_bytes")?;
    Ok(CaseAttachment {
        id: row.get("id")?,
        case_id: row.get("case_id")?,
        file_name: text("file_name")?,
        content_type: text("content_type")?,
        size_bytes: u64::try_from(size)
            .map_err(|_| StoreError::corrupt(format!("stored attachment size {size}")))?,
        sha256: text("sha256")?,
        uploaded_at: decode::timestamp(&text("uploaded_at")?)?,
        uploaded_by: text("uploaded_by")?,
    })
}

/// Stores `new` with case `case_id` inside the caller's transaction; its id.
pub async fn insert(
    tx: &mut impl Db,
    case_id: i64,
    new: &NewCaseAttachment,
    at: jiff::Timestamp,
) -> Result<i64, StoreError> {
    let size = i64::try_from(new.content.len())
        .map_err(|_| StoreError::Conflict("the attachment is too large".into()))?;
    let (id,): (i64,) = tx
        .fetch_one_as(
            sql(
                "INSERT INTO case_attachments (case_id, file_name, content_type, size_bytes,
                     sha256, content, uploaded_at, uploaded_by)
                 VALUES ($1, $2, $3, $4, $5, $6, $7::timestamptz, $8) RETURNING id",
            )
            .bind(case_id)
            .bind(&new.file_name)
            .bind(&new.content_type)
            .bind(size)
            .bind(new.sha256_hex())
            .bind(&new.content)
            .bind(at.to_string())
            .bind(&new.uploaded_by),
        )
        .await?;
    Ok(id)
}

pub async fn add(
    backend: &impl Backend,
    case_id: i64,
    new: &NewCaseAttachment,
    audit: &AuditDraft,
) -> Result<CaseAttachment, StoreError> {
    let mut tx = backend.write().await?;
    let case = cases::must_get(&mut tx, case_id).await?;
    if matches!(case.state, CaseState::Resolved | CaseState::Rejected) {
        return Err(StoreError::Conflict(format!(
            "case {case_id} is {}: it takes no more files",
            case.state
        )));
    }
    let id = insert(&mut tx, case_id, new, audit.at).await?;
    audit_log::append(
        &mut tx,
        &audit
            .with_detail("case_id", case_id)
            .with_detail("attachment_id", id)
            .with_detail("sha256", new.sha256_hex()),
    )
    .await?;
    let row = tx
        .fetch_one(
            sql(format!(
                "SELECT {COLUMNS} FROM case_attachments WHERE id = $1"
            ))
            .bind(id),
        )
        .await?;
    let stored = attachment(&row)?;
    tx.commit().await?;
    Ok(stored)
}

pub async fn list(backend: &impl Backend, case_id: i64) -> Result<Vec<CaseAttachment>, StoreError> {
    let rows = backend
        .read()
        .await?
        .fetch_all(
            sql(format!(
                "SELECT {COLUMNS} FROM case_attachments WHERE case_id = $1 ORDER BY id"
            ))
            .bind(case_id),
        )
        .await?;
    rows.iter().map(attachment).collect()
}

pub async fn content(
    backend: &impl Backend,
    id: i64,
) -> Result<Option<(CaseAttachment, Vec<u8>)>, StoreError> {
    let row = backend
        .read()
        .await?
        .fetch_optional(
            sql(format!(
                "SELECT {COLUMNS}, content FROM case_attachments WHERE id = $1"
            ))
            .bind(id),
        )
        .await?;
    row.map(|row| {
        let content: Vec<u8> = row.get("content")?;
        Ok((attachment(&row)?, content))
    })
    .transpose()
}
