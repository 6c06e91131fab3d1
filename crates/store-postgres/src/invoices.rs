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

/// The columns COPY fills, in the order [`copy_text`] writes them.
const COPY_COLUMNS: &str = "document_type, document_number, line_number, corrects_document, partner_id, document_date,
     omlp_type, product_sku, purchase_units, revenue_minor, currency, kpi_thousandths, source_line, import_id";

/// An invoice import holding the audit chain's lock until it commits or is dropped.
///
/// Lines travel by COPY into a temporary staging table (no index, dropped at commit) and
/// move into `invoice_lines` with one `INSERT ... SELECT ... ON CONFLICT DO NOTHING` per
/// batch: COPY is PostgreSQL's own bulk path, many times cheaper per row than bound INSERTs.
pub(crate) struct PgInvoiceImport {
    tx: Transaction<'static, Postgres>,
    import_id: String,
    copy_buffer: String,
}

impl PgInvoiceImport {
    pub(crate) async fn begin(pool: &PgPool, import_id: &str) -> Result<Self, StoreError> {
        let mut tx = audit_log::begin_write(pool).await?;
        sqlx::query(
            "CREATE TEMPORARY TABLE invoice_staging (LIKE invoice_lines INCLUDING DEFAULTS) ON COMMIT DROP",
        )
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        Ok(Self {
            tx,
            import_id: import_id.to_owned(),
            copy_buffer: String::new(),
        })
    }
}

/// Appends `value` to a COPY text-format row, escaping what the format gives a meaning to.
fn push_field(out: &mut String, value: &str) {
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

/// The lines as COPY text: one row per line, tab-separated, `\N` for NULL.
fn copy_text(out: &mut String, lines: &[InvoiceLine], import_id: &str) {
    use std::fmt::Write as _;
    out.clear();
    for line in lines {
        push_field(out, line.document_type.as_str());
        out.push('\t');
        push_field(out, &line.document_number);
        let _ = write!(out, "\t{}\t", line.line_number);
        match &line.corrects_document {
            Some(document) => push_field(out, document),
            None => out.push_str("\\N"),
        }
        let _ = write!(
            out,
            "\t{}\t{}\t",
            line.partner_id.as_i64(),
            line.document_date
        );
        push_field(out, &line.omlp_type);
        out.push('\t');
        push_field(out, &line.product_sku);
        let _ = write!(
            out,
            "\t{}\t{}\t{}\t{}\t{}\t",
            line.purchase_units,
            line.revenue.minor,
            line.revenue.currency.code(),
            line.kpi.thousandths(),
            line.source_line
        );
        push_field(out, import_id);
        out.push('\n');
    }
}

#[async_trait]
impl InvoiceImport for PgInvoiceImport {
    async fn add(&mut self, lines: &[InvoiceLine]) -> Result<Vec<ExistingLine>, StoreError> {
        if lines.is_empty() {
            return Ok(Vec::new());
        }
        sqlx::query("TRUNCATE invoice_staging")
            .execute(&mut *self.tx)
            .await
            .map_err(db_err)?;
        copy_text(&mut self.copy_buffer, lines, &self.import_id);
        let mut copy = self
            .tx
            .copy_in_raw(&format!(
                "COPY invoice_staging ({COPY_COLUMNS}) FROM STDIN (FORMAT text)"
            ))
            .await
            .map_err(db_err)?;
        copy.send(self.copy_buffer.as_bytes())
            .await
            .map_err(db_err)?;
        copy.finish().await.map_err(db_err)?;
        let inserted = sqlx::query(
            "INSERT INTO invoice_lines SELECT * FROM invoice_staging ON CONFLICT DO NOTHING",
        )
        .execute(&mut *self.tx)
        .await
        .map_err(db_err)?
        .rows_affected();
        if inserted as usize == lines.len() {
            return Ok(Vec::new());
        }
        // Some keys were taken: by an earlier import, or by an earlier row of this file
        // (a later row with the same key never got in). Those rows are found by their
        // source line, then compared with what is stored under their key.
        let taken: Vec<(i64,)> = sqlx::query_as(
            "SELECT s.source_line FROM invoice_staging s
             JOIN invoice_lines l ON l.document_type = s.document_type
                 AND l.document_number = s.document_number AND l.line_number = s.line_number
             WHERE NOT (l.import_id = s.import_id AND l.source_line = s.source_line)",
        )
        .fetch_all(&mut *self.tx)
        .await
        .map_err(db_err)?;
        let taken: std::collections::HashSet<u64> = taken
            .into_iter()
            .filter_map(|(line,)| u64::try_from(line).ok())
            .collect();
        let mut existing = Vec::new();
        for (index, line) in lines.iter().enumerate() {
            if !taken.contains(&line.source_line) {
                continue;
            }
            let (stored, import_id) = stored_line(&mut self.tx, line).await?;
            existing.push(ExistingLine {
                index,
                stored,
                same_import: import_id == self.import_id,
            });
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

/// The lines of one invoice of one partner (the key's prefix: an index seek).
pub(crate) async fn lines_of(
    pool: &PgPool,
    partner: MpnId,
    invoice_number: &str,
) -> Result<Vec<InvoiceLine>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM invoice_lines WHERE document_type = 'invoice' AND document_number = $1 AND partner_id = $2 ORDER BY line_number"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(invoice_number)
        .bind(partner.as_i64())
        .fetch_all(pool)
        .await
        .map_err(db_err)?;
    rows.iter().map(invoice_line).collect()
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
