//! Invoice and credit-note lines (R12, R13, R16).

use async_trait::async_trait;
use lpc_domain::MpnId;
use lpc_store::{AuditDraft, ExistingLine, InvoiceImport, InvoiceLine, StoreError};
use sqlx::postgres::PgRow;
use sqlx::{PgConnection, PgPool, Postgres, Row, Transaction};

use crate::{audit_log, db_err, decode};

const COLUMNS: &str = "document_type, document_number, line_number, corrects_document, partner_id,
     document_date::text AS document_date,
     omlp_type, product_sku, purchase_units, revenue_minor, currency, kpi_thousandths, source_line";

/// Rows per INSERT statement: 500 rows of 14 values stay below PostgreSQL's 65,535 bound
/// parameters while cutting round trips 500-fold.
const ROWS_PER_INSERT: usize = 500;
const INSERT_COLUMNS: &str = "document_type, document_number, line_number, corrects_document, partner_id, document_date,
     omlp_type, product_sku, purchase_units, revenue_minor, currency, kpi_thousandths, source_line, import_id";

fn insert_sql(rows: usize) -> String {
    let values: Vec<String> = (0..rows)
        .map(|r| {
            let n = r * 14;
            format!(
                "(${}, ${}, ${}, ${}, ${}, ${}::date, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${})",
                n + 1,
                n + 2,
                n + 3,
                n + 4,
                n + 5,
                n + 6,
                n + 7,
                n + 8,
                n + 9,
                n + 10,
                n + 11,
                n + 12,
                n + 13,
                n + 14
            )
        })
        .collect();
    format!(
        "INSERT INTO invoice_lines ({INSERT_COLUMNS}) VALUES {} ON CONFLICT DO NOTHING",
        values.join(", ")
    )
}

/// An invoice import holding the audit chain's lock until it commits or is dropped.
pub(crate) struct PgInvoiceImport {
    tx: Transaction<'static, Postgres>,
    import_id: String,
    full_insert: String,
}

impl PgInvoiceImport {
    pub(crate) async fn begin(pool: &PgPool, import_id: &str) -> Result<Self, StoreError> {
        let tx = audit_log::begin_write(pool).await?;
        Ok(Self {
            tx,
            import_id: import_id.to_owned(),
            full_insert: insert_sql(ROWS_PER_INSERT),
        })
    }
}

#[async_trait]
impl InvoiceImport for PgInvoiceImport {
    async fn add(&mut self, lines: &[InvoiceLine]) -> Result<Vec<ExistingLine>, StoreError> {
        let mut existing = Vec::new();
        for (chunk_index, chunk) in lines.chunks(ROWS_PER_INSERT).enumerate() {
            let sql = if chunk.len() == ROWS_PER_INSERT {
                self.full_insert.clone()
            } else {
                insert_sql(chunk.len())
            };
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for line in chunk {
                query = query
                    .bind(line.document_type.as_str())
                    .bind(line.document_number.clone())
                    .bind(i64::from(line.line_number))
                    .bind(line.corrects_document.clone())
                    .bind(line.partner_id.as_i64())
                    .bind(line.document_date.to_string())
                    .bind(line.omlp_type.clone())
                    .bind(line.product_sku.clone())
                    .bind(line.purchase_units)
                    .bind(line.revenue.minor)
                    .bind(line.revenue.currency.code().to_owned())
                    .bind(line.kpi.thousandths())
                    .bind(i64::try_from(line.source_line).unwrap_or(i64::MAX))
                    .bind(self.import_id.clone());
            }
            let inserted = query
                .execute(&mut *self.tx)
                .await
                .map_err(db_err)?
                .rows_affected();
            if inserted as usize == chunk.len() {
                continue;
            }
            for (offset, line) in chunk.iter().enumerate() {
                let (stored, import_id) = stored_line(&mut self.tx, line).await?;
                let ours = import_id == self.import_id && stored.source_line == line.source_line;
                if !ours {
                    existing.push(ExistingLine {
                        index: chunk_index * ROWS_PER_INSERT + offset,
                        stored,
                        same_import: import_id == self.import_id,
                    });
                }
            }
        }
        Ok(existing)
    }

    async fn orphan_credit_notes(&mut self) -> Result<Vec<InvoiceLine>, StoreError> {
        let sql = format!(
            "SELECT {CN_COLUMNS} FROM invoice_lines cn
             WHERE cn.import_id = $1 AND cn.document_type = 'credit_note'
               AND NOT EXISTS (SELECT 1 FROM invoice_lines i
                               WHERE i.document_type = 'invoice' AND i.document_number = cn.corrects_document
                                 AND i.partner_id = cn.partner_id)
             ORDER BY cn.source_line"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(self.import_id.clone())
            .fetch_all(&mut *self.tx)
            .await
            .map_err(db_err)?;
        rows.iter().map(invoice_line).collect()
    }

    async fn remove(&mut self, lines: &[InvoiceLine]) -> Result<(), StoreError> {
        for line in lines {
            sqlx::query(
                "DELETE FROM invoice_lines
                 WHERE document_type = $1 AND document_number = $2 AND line_number = $3 AND import_id = $4",
            )
            .bind(line.document_type.as_str())
            .bind(&line.document_number)
            .bind(i64::from(line.line_number))
            .bind(&self.import_id)
            .execute(&mut *self.tx)
            .await
            .map_err(db_err)?;
        }
        Ok(())
    }

    async fn commit(mut self: Box<Self>, audit: Option<&AuditDraft>) -> Result<(), StoreError> {
        if let Some(audit) = audit {
            audit_log::append(&mut self.tx, audit).await?;
        }
        self.tx.commit().await.map_err(db_err)
    }
}

/// [`COLUMNS`] qualified by the alias `cn`.
const CN_COLUMNS: &str = "cn.document_type, cn.document_number, cn.line_number, cn.corrects_document, cn.partner_id,
     cn.document_date::text AS document_date, cn.omlp_type, cn.product_sku, cn.purchase_units, cn.revenue_minor,
     cn.currency, cn.kpi_thousandths, cn.source_line";

async fn stored_line(
    conn: &mut PgConnection,
    line: &InvoiceLine,
) -> Result<(InvoiceLine, String), StoreError> {
    let sql = format!(
        "SELECT {COLUMNS}, import_id FROM invoice_lines WHERE document_type = $1 AND document_number = $2 AND line_number = $3"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(line.document_type.as_str())
        .bind(&line.document_number)
        .bind(i64::from(line.line_number))
        .fetch_one(&mut *conn)
        .await
        .map_err(db_err)?;
    Ok((
        invoice_line(&row)?,
        row.try_get("import_id").map_err(db_err)?,
    ))
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
