//! Exam passes (R8, R9).

use crate::{AuditDraft, ExamPass, ImportCounts, StoreError};
use jiff::civil::Date;
use lpc_domain::MpnId;

use crate::sql::db::{Backend, Db, WriteTx};
use crate::sql::query::sql;
use crate::sql::{audit_log, decode};

pub async fn import(
    backend: &impl Backend,
    passes: &[ExamPass],
    audit: &AuditDraft,
) -> Result<ImportCounts, StoreError> {
    let mut tx = backend.write().await?;
    let mut counts = ImportCounts::default();
    for p in passes {
        let done = tx
            .execute(
                sql(
                    "INSERT INTO exam_passes (partner_id, person_email, exam_code, passed_on)
                     VALUES ($1, $2, $3, $4::date) ON CONFLICT DO NOTHING",
                )
                .bind(p.partner_id.as_i64())
                .bind(p.person_email.as_str())
                .bind(&p.exam_code)
                .bind(p.passed_on.to_string()),
            )
            .await?;
        if done == 1 {
            counts.added += 1;
        } else {
            counts.unchanged += 1;
        }
    }
    if counts.added > 0 {
        audit_log::append(&mut tx, &audit.with_counts(counts)).await?;
    }
    tx.commit().await?;
    Ok(counts)
}

pub async fn of_partner(
    backend: &impl Backend,
    partner: MpnId,
    since: Date,
) -> Result<Vec<ExamPass>, StoreError> {
    let rows = backend
        .read()
        .await?
        .fetch_all(
            sql("SELECT person_email, exam_code, passed_on FROM exam_passes
                 WHERE partner_id = $1 AND passed_on >= $2::date
                 ORDER BY passed_on, exam_code, person_email")
            .bind(partner.as_i64())
            .bind(since.to_string()),
        )
        .await?;
    rows.iter()
        .map(|row| {
            Ok(ExamPass {
                partner_id: partner,
                person_email: decode::email(&row.get::<String>("person_email")?)?,
                exam_code: row.get("exam_code")?,
                passed_on: decode::date(&row.get::<String>("passed_on")?)?,
            })
        })
        .collect()
}
