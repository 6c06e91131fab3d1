//! Invoice and credit-note lines (R12, R13, R16).

use async_trait::async_trait;
use lpc_domain::MpnId;
use lpc_store::{AuditDraft, ExistingLine, InvoiceImport, InvoiceLine, StoreError};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, Sqlite, SqliteConnection, SqlitePool, Transaction};

use crate::{audit_log, db_err, decode};

const COLUMNS: &str =
    "document_type, document_number, line_number, corrects_document, partner_id, document_date,
     omlp_type, product_sku, purchase_units, revenue_minor, currency, kpi_thousandths, source_line";

/// Rows per INSERT statement: 64 rows of 14 values stay far below SQLite's bound-parameter
/// limit while cutting the statements (and round trips to sqlx's worker thread) 64-fold.
const ROWS_PER_INSERT: usize = 64;
const INSERT_COLUMNS: &str = "document_type, document_number, line_number, corrects_document, partner_id, document_date,
     omlp_type, product_sku, purchase_units, revenue_minor, currency, kpi_thousandths, source_line, import_id";

fn insert_sql(rows: usize) -> String {
    let one = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    let values = vec![one; rows].join(", ");
    format!("INSERT INTO invoice_lines ({INSERT_COLUMNS}) VALUES {values} ON CONFLICT DO NOTHING")
}

/// An invoice import holding SQLite's write lock until it commits or is dropped.
pub(crate) struct SqliteInvoiceImport {
    tx: Transaction<'static, Sqlite>,
    import_id: String,
    full_insert: String,
}

impl SqliteInvoiceImport {
    pub(crate) async fn begin(pool: &SqlitePool, import_id: &str) -> Result<Self, StoreError> {
        let tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(db_err)?;
        Ok(Self {
            tx,
            import_id: import_id.to_owned(),
            full_insert: insert_sql(ROWS_PER_INSERT),
        })
    }
}

#[async_trait]
impl InvoiceImport for SqliteInvoiceImport {
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
            // Some keys were taken: find which, and what is stored under them.
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
            "SELECT {COLUMNS} FROM invoice_lines cn
             WHERE cn.import_id = ? AND cn.document_type = 'credit_note'
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
                 WHERE document_type = ? AND document_number = ? AND line_number = ? AND import_id = ?",
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

async fn stored_line(
    conn: &mut SqliteConnection,
    line: &InvoiceLine,
) -> Result<(InvoiceLine, String), StoreError> {
    let sql = format!(
        "SELECT {COLUMNS}, import_id FROM invoice_lines WHERE document_type = ? AND document_number = ? AND line_number = ?"
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
    pool: &SqlitePool,
    document_number: &str,
) -> Result<Option<MpnId>, StoreError> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT partner_id FROM invoice_lines WHERE document_type = 'invoice' AND document_number = ? LIMIT 1",
    )
    .bind(document_number)
    .fetch_optional(pool)
    .await
    .map_err(db_err)?;
    row.map(|(id,)| decode::mpn_id(id)).transpose()
}

/// The lines of one invoice of one partner (the key's prefix: an index seek).
pub(crate) async fn lines_of(
    pool: &SqlitePool,
    partner: MpnId,
    invoice_number: &str,
) -> Result<Vec<InvoiceLine>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM invoice_lines WHERE document_type = 'invoice' AND document_number = ?1 AND partner_id = ?2 ORDER BY line_number"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(invoice_number)
        .bind(partner.as_i64())
        .fetch_all(pool)
        .await
        .map_err(db_err)?;
    rows.iter().map(invoice_line).collect()
}

fn invoice_line(row: &SqliteRow) -> Result<InvoiceLine, StoreError> {
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
