//! Trainer affiliations (R4).

use lpc_domain::MpnId;
use lpc_store::{AuditDraft, ImportCounts, StoreError, Trainer};
use sqlx::postgres::PgRow;
use sqlx::{PgPool, Row};

use crate::{audit_log, db_err, decode};

pub(crate) async fn import(
    pool: &PgPool,
    trainers: &[Trainer],
    audit: &AuditDraft,
) -> Result<ImportCounts, StoreError> {
    let mut tx = audit_log::begin_write(pool).await?;
    let mut counts = ImportCounts::default();
    for t in trainers {
        let existing = sqlx::query(
            "SELECT mct_id, partner_id, name, email, valid_from::text AS valid_from,
                    valid_until::text AS valid_until
             FROM trainers WHERE partner_id = $1 AND mct_id = $2",
        )
        .bind(t.partner_id.as_i64())
        .bind(&t.mct_id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
        let sql = match existing.as_ref().map(trainer).transpose()? {
            Some(stored) if &stored == t => {
                counts.unchanged += 1;
                continue;
            }
            Some(_) => {
                counts.updated += 1;
                "UPDATE trainers SET name = $3, email = $4, valid_from = $5::date, valid_until = $6::date
                 WHERE partner_id = $1 AND mct_id = $2"
            }
            None => {
                counts.added += 1;
                "INSERT INTO trainers (partner_id, mct_id, name, email, valid_from, valid_until)
                 VALUES ($1, $2, $3, $4, $5::date, $6::date)"
            }
        };
        sqlx::query(sql)
            .bind(t.partner_id.as_i64())
            .bind(&t.mct_id)
            .bind(&t.name)
            .bind(t.email.as_str())
            .bind(t.valid_from.to_string())
            .bind(t.valid_until.to_string())
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
    }
    if counts.added + counts.updated > 0 {
        audit_log::append(&mut tx, &audit.with_counts(counts)).await?;
    }
    tx.commit().await.map_err(db_err)?;
    Ok(counts)
}

pub(crate) async fn of_partner(pool: &PgPool, partner: MpnId) -> Result<Vec<Trainer>, StoreError> {
    let rows = sqlx::query(
        "SELECT mct_id, partner_id, name, email, valid_from::text AS valid_from,
                valid_until::text AS valid_until
         FROM trainers WHERE partner_id = $1 ORDER BY mct_id",
    )
    .bind(partner.as_i64())
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter().map(trainer).collect()
}

fn trainer(row: &PgRow) -> Result<Trainer, StoreError> {
    let text = |col: &str| row.try_get::<String, _>(col).map_err(db_err);
    Ok(Trainer {
        mct_id: text("mct_id")?,
        partner_id: decode::mpn_id(row.try_get("partner_id").map_err(db_err)?)?,
        name: text("name")?,
        email: decode::email(&text("email")?)?,
        valid_from: decode::date(&text("valid_from")?)?,
        valid_until: decode::date(&text("valid_until")?)?,
    })
}
