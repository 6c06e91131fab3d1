//! Trainer affiliations (R4).

use crate::{AuditDraft, ImportCounts, StoreError, Trainer};
use lpc_domain::MpnId;

use crate::sql::db::{Backend, Db, WriteTx};
use crate::sql::query::sql;
use crate::sql::row::Row;
use crate::sql::{audit_log, decode};

/// The columns [`trainer`] reads.
const COLUMNS: &str = "mct_id, partner_id, name, email, valid_from, valid_until";

pub async fn import(
    backend: &impl Backend,
    trainers: &[Trainer],
    audit: &AuditDraft,
) -> Result<ImportCounts, StoreError> {
    let mut tx = backend.write().await?;
    let mut counts = ImportCounts::default();
    for t in trainers {
        let existing = tx
            .fetch_optional(
                sql(format!(
                    "SELECT {COLUMNS} FROM trainers WHERE partner_id = $1 AND mct_id = $2"
                ))
                .bind(t.partner_id.as_i64())
                .bind(&t.mct_id),
            )
            .await?;
        let change = match existing.as_ref().map(trainer).transpose()? {
            Some(stored) if &stored == t => {
                counts.unchanged += 1;
                continue;
            }
            // The key comes last here: SQLite numbers placeholders by first appearance.
            Some(_) => {
                counts.updated += 1;
                sql(
                    "UPDATE trainers SET name = $1, email = $2, valid_from = $3::date,
                        valid_until = $4::date
                     WHERE partner_id = $5 AND mct_id = $6",
                )
                .bind(&t.name)
                .bind(t.email.as_str())
                .bind(t.valid_from.to_string())
                .bind(t.valid_until.to_string())
                .bind(t.partner_id.as_i64())
                .bind(&t.mct_id)
            }
            None => {
                counts.added += 1;
                sql(
                    "INSERT INTO trainers (partner_id, mct_id, name, email, valid_from, valid_until)
                     VALUES ($1, $2, $3, $4, $5::date, $6::date)",
                )
                .bind(t.partner_id.as_i64())
                .bind(&t.mct_id)
                .bind(&t.name)
                .bind(t.email.as_str())
                .bind(t.valid_from.to_string())
                .bind(t.valid_until.to_string())
            }
        };
        tx.execute(change).await?;
    }
    if counts.added + counts.updated > 0 {
        audit_log::append(&mut tx, &audit.with_counts(counts)).await?;
    }
    tx.commit().await?;
    Ok(counts)
}

pub async fn of_partner(
    backend: &impl Backend,
    partner: MpnId,
) -> Result<Vec<Trainer>, StoreError> {
    let rows = backend
        .read()
        .await?
        .fetch_all(
            sql(format!(
                "SELECT {COLUMNS} FROM trainers WHERE partner_id = $1 ORDER BY mct_id"
            ))
            .bind(partner.as_i64()),
        )
        .await?;
    rows.iter().map(trainer).collect()
}

fn trainer(row: &Row) -> Result<Trainer, StoreError> {
    let text = |col: &str| row.get::<String>(col);
    Ok(Trainer {
        mct_id: text("mct_id")?,
        partner_id: decode::mpn_id(row.get("partner_id")?)?,
        name: text("name")?,
        email: decode::email(&text("email")?)?,
        valid_from: decode::date(&text("valid_from")?)?,
        valid_until: decode::date(&text("valid_until")?)?,
    })
}
