//! Files given with support cases: the invoice of a KPI discrepancy (R13), kept with its
//! content as proofs of payment are.

use lpc_store::{AuditDraft, CaseAttachment, CaseState, NewCaseAttachment, StoreError};
use sqlx::postgres::PgRow;
use sqlx::{PgConnection, PgPool, Row};

use crate::decode::ts_text;
use crate::{audit_log, cases, db_err, decode};

/// The columns [`attachment`] decodes (all but the content), for `concat!` into queries.
macro_rules! attachment_columns {
    () => {
        concat!(
            "id, case_id, file_name, content_type, size_bytes, sha256, ",
            ts_text!("uploaded_at"),
            " AS uploaded_at, uploaded_by"
        )
    };
}

fn attachment(row: &PgRow) -> Result<CaseAttachment, StoreError> {
    let text = |col: &str| row.try_get::<String, _>(col).map_err(db_err);
    let size: i64 = row.try_get("size_bytes").map_err(db_err)?;
    Ok(CaseAttachment {
        id: row.try_get("id").map_err(db_err)?,
        case_id: row.try_get("case_id").map_err(db_err)?,
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
pub(crate) async fn insert(
    conn: &mut PgConnection,
    case_id: i64,
    new: &NewCaseAttachment,
    at: jiff::Timestamp,
) -> Result<i64, StoreError> {
    let size = i64::try_from(new.content.len())
        .map_err(|_| StoreError::Conflict("the attachment is too large".into()))?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO case_attachments (case_id, file_name, content_type, size_bytes, sha256,
             content, uploaded_at, uploaded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7::timestamptz, $8) RETURNING id",
    )
    .bind(case_id)
    .bind(&new.file_name)
    .bind(&new.content_type)
    .bind(size)
    .bind(new.sha256_hex())
    .bind(&new.content)
    .bind(at.to_string())
    .bind(&new.uploaded_by)
    .fetch_one(&mut *conn)
    .await
    .map_err(db_err)?;
    Ok(id)
}

pub(crate) async fn add(
    pool: &PgPool,
    case_id: i64,
    new: &NewCaseAttachment,
    audit: &AuditDraft,
) -> Result<CaseAttachment, StoreError> {
    let mut tx = audit_log::begin_write(pool).await?;
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
    let row = sqlx::query(concat!(
        "SELECT ",
        attachment_columns!(),
        " FROM case_attachments WHERE id = $1"
    ))
    .bind(id)
    .fetch_one(&mut *tx)
    .await
    .map_err(db_err)?;
    let stored = attachment(&row)?;
    tx.commit().await.map_err(db_err)?;
    Ok(stored)
}

pub(crate) async fn list(pool: &PgPool, case_id: i64) -> Result<Vec<CaseAttachment>, StoreError> {
    let rows = sqlx::query(concat!(
        "SELECT ",
        attachment_columns!(),
        " FROM case_attachments WHERE case_id = $1 ORDER BY id"
    ))
    .bind(case_id)
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter().map(attachment).collect()
}

pub(crate) async fn content(
    pool: &PgPool,
    id: i64,
) -> Result<Option<(CaseAttachment, Vec<u8>)>, StoreError> {
    let row = sqlx::query(concat!(
        "SELECT ",
        attachment_columns!(),
        ", content FROM case_attachments WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await
    .map_err(db_err)?;
    row.map(|row| {
        let content: Vec<u8> = row.try_get("content").map_err(db_err)?;
        Ok((attachment(&row)?, content))
    })
    .transpose()
}
