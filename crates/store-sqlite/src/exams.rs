//! Exam passes (R8, R9).

use jiff::civil::Date;
use lpc_domain::MpnId;
use lpc_store::{AuditDraft, ExamPass, ImportCounts, StoreError};
use sqlx::{Row, SqlitePool};

use crate::{audit_log, db_err, decode};

pub(crate) async fn import(
    pool: &SqlitePool,
    passes: &[ExamPass],
    audit: &AuditDraft,
) -> Result<ImportCounts, StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(db_err)?;
    let mut counts = ImportCounts::default();
    for p in passes {
        let done = sqlx::query(
            "INSERT INTO exam_passes (partner_id, person_email, exam_code, passed_on)
             VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
        )
        .bind(p.partner_id.as_i64())
        .bind(p.person_email.as_str())
        .bind(&p.exam_code)
        .bind(p.passed_on.to_string())
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        if done.rows_affected() == 1 {
            counts.added += 1;
        } else {
            counts.unchanged += 1;
        }
    }
    if counts.added > 0 {
        audit_log::append(&mut tx, &audit.with_counts(counts)).await?;
    }
    tx.commit().await.map_err(db_err)?;
    Ok(counts)
}

pub(crate) async fn of_partner(
    pool: &SqlitePool,
    partner: MpnId,
    since: Date,
) -> Result<Vec<ExamPass>, StoreError> {
    let rows = sqlx::query(
        "SELECT person_email, exam_code, passed_on FROM exam_passes
         WHERE partner_id = ? AND passed_on >= ? ORDER BY passed_on, exam_code, person_email",
    )
    .bind(partner.as_i64())
    .bind(since.to_string())
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter()
        .map(|row| {
            let text = |col: &str| row.try_get::<String, _>(col).map_err(db_err);
            Ok(ExamPass {
                partner_id: partner,
                person_email: decode::email(&text("person_email")?)?,
                exam_code: text("exam_code")?,
                passed_on: decode::date(&text("passed_on")?)?,
            })
        })
        .collect()
}
