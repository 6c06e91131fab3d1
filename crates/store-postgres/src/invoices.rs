//! Invoice and credit-note lines (R12, R13, R16).

use lpc_domain::MpnId;
use lpc_domain::calendar::MonthSpan;
use lpc_store::{AuditDraft, ImportCounts, InvoiceLine, PublicationCandidate, StoreError};
use sqlx::postgres::PgRow;
use sqlx::{PgConnection, PgPool, Row};

use crate::{audit_log, db_err, decode};

const COLUMNS: &str = "document_type, document_number, line_number, corrects_document, partner_id,
     document_date::text AS document_date,
     omlp_type, product_sku, purchase_units, revenue_minor, currency, kpi_thousandths, source_line";

pub(crate) async fn import(
    pool: &PgPool,
    lines: &[InvoiceLine],
    audit: &AuditDraft,
) -> Result<ImportCounts, StoreError> {
    let mut tx = audit_log::begin_write(pool).await?;
    let mut counts = ImportCounts::default();
    for line in lines {
        let inserted = sqlx::query(
            "INSERT INTO invoice_lines (document_type, document_number, line_number, corrects_document, partner_id,
                 document_date, omlp_type, product_sku, purchase_units, revenue_minor, currency, kpi_thousandths,
                 source_line)
             VALUES ($1, $2, $3, $4, $5, $6::date, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT DO NOTHING",
        )
        .bind(line.document_type.as_str())
        .bind(&line.document_number)
        .bind(i64::from(line.line_number))
        .bind(line.corrects_document.as_deref())
        .bind(line.partner_id.as_i64())
        .bind(line.document_date.to_string())
        .bind(&line.omlp_type)
        .bind(&line.product_sku)
        .bind(line.purchase_units)
        .bind(line.revenue.minor)
        .bind(line.revenue.currency.code())
        .bind(line.kpi.thousandths())
        .bind(i64::try_from(line.source_line).unwrap_or(i64::MAX))
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        if inserted.rows_affected() == 1 {
            counts.added += 1;
            continue;
        }
        let stored = stored_line(&mut tx, line).await?;
        if stored != *line {
            return Err(StoreError::Conflict(format!(
                "{} is already stored with other values (imported from line {} of an earlier file: partner {}, {}, {} {} units, {}); this file has partner {}, {}, {} {} units, {}",
                line.key(),
                stored.source_line,
                stored.partner_id,
                stored.document_date,
                stored.omlp_type,
                stored.purchase_units,
                stored.revenue,
                line.partner_id,
                line.document_date,
                line.omlp_type,
                line.purchase_units,
                line.revenue,
            )));
        }
        counts.unchanged += 1;
    }
    if counts.added > 0 {
        audit_log::append(&mut tx, &audit.with_counts(counts)).await?;
    }
    tx.commit().await.map_err(db_err)?;
    Ok(counts)
}

/// [`COLUMNS`] qualified by the alias `l`, for the publication query's join.
const LINE_COLUMNS: &str = "l.document_type, l.document_number, l.line_number, l.corrects_document, l.partner_id,
     l.document_date::text AS document_date, l.omlp_type, l.product_sku, l.purchase_units, l.revenue_minor,
     l.currency, l.kpi_thousandths, l.source_line";

async fn stored_line(
    conn: &mut PgConnection,
    line: &InvoiceLine,
) -> Result<InvoiceLine, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM invoice_lines WHERE document_type = $1 AND document_number = $2 AND line_number = $3"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(line.document_type.as_str())
        .bind(&line.document_number)
        .bind(i64::from(line.line_number))
        .fetch_one(&mut *conn)
        .await
        .map_err(db_err)?;
    invoice_line(&row)
}

pub(crate) async fn partner_of(
    pool: &PgPool,
    document_number: &str,
) -> Result<Option<MpnId>, StoreError> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT partner_id FROM invoice_lines WHERE document_type = 'invoice' AND document_number = $1 LIMIT 1",
    )
    .bind(document_number)
    .fetch_optional(pool)
    .await
    .map_err(db_err)?;
    row.map(|(id,)| decode::mpn_id(id)).transpose()
}

pub(crate) async fn candidates(
    pool: &PgPool,
    period: MonthSpan,
) -> Result<Vec<PublicationCandidate>, StoreError> {
    let sql = format!(
        "SELECT {LINE_COLUMNS},
                EXISTS (SELECT 1 FROM publication_rows r
                        WHERE r.document_type = l.document_type AND r.document_number = l.document_number
                          AND r.line_number = l.line_number) AS previously_published
         FROM invoice_lines l JOIN partners p ON p.mpn_id = l.partner_id
         WHERE l.document_date BETWEEN $1::date AND $2::date
            OR (l.document_date < $1::date AND NOT EXISTS (
                    SELECT 1 FROM publication_rows r
                    WHERE r.document_type = l.document_type AND r.document_number = l.document_number
                      AND r.line_number = l.line_number))"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(period.from.first_day().to_string())
        .bind(period.to.last_day().to_string())
        .fetch_all(pool)
        .await
        .map_err(db_err)?;
    rows.iter()
        .map(|row| {
            Ok(PublicationCandidate {
                line: invoice_line(row)?,
                previously_published: row
                    .try_get::<bool, _>("previously_published")
                    .map_err(db_err)?,
            })
        })
        .collect()
}

fn invoice_line(row: &PgRow) -> Result<InvoiceLine, StoreError> {
    let text = |col: &str| row.try_get::<String, _>(col).map_err(db_err);
    let int = |col: &str| row.try_get::<i64, _>(col).map_err(db_err);
    Ok(InvoiceLine {
        document_type: decode::document_type(&text("document_type")?)?,
        document_number: text("document_number")?,
        line_number: u32::try_from(int("line_number")?).map_err(StoreError::other)?,
        corrects_document: row.try_get("corrects_document").map_err(db_err)?,
        partner_id: decode::mpn_id(int("partner_id")?)?,
        document_date: decode::date(&text("document_date")?)?,
        omlp_type: text("omlp_type")?,
        product_sku: text("product_sku")?,
        purchase_units: int("purchase_units")?,
        revenue: decode::money(int("revenue_minor")?, &text("currency")?)?,
        kpi: lpc_domain::points::KpiPoints::from_thousandths(int("kpi_thousandths")?),
        source_line: u64::try_from(int("source_line")?).unwrap_or_default(),
    })
}
