//! Frozen monthly KPI reports (R17, R21).

use jiff::civil::Date;
use lpc_domain::MpnId;
use lpc_domain::calendar::{MonthSpan, YearMonth};
use lpc_domain::points::KpiPoints;
use lpc_store::{AuditDraft, Publication, PublishedRow, PublishedTotal, StoreError};
use sqlx::postgres::PgRow;
use sqlx::{PgPool, Row};

use crate::decode::ts_text;
use crate::{audit_log, db_err, decode};

pub(crate) async fn save(
    pool: &PgPool,
    p: &Publication,
    rows: &[PublishedRow],
    totals: &[PublishedTotal],
    audit: &AuditDraft,
) -> Result<(), StoreError> {
    let mut tx = audit_log::begin_write(pool).await?;
    let exists: Option<(String,)> =
        sqlx::query_as("SELECT digest FROM publications WHERE published_on = $1::date")
            .bind(p.published_on.to_string())
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
    if exists.is_some() {
        return Err(StoreError::Conflict(format!(
            "the report of {} is already published",
            p.published_on
        )));
    }
    sqlx::query(
        "INSERT INTO publications (published_on, period_from, period_to, partners, lines, digest, published_at)
         VALUES ($1::date, $2, $3, $4, $5, $6, $7::timestamptz)",
    )
    .bind(p.published_on.to_string())
    .bind(p.period.from.to_string())
    .bind(p.period.to.to_string())
    .bind(i64::try_from(p.partners).unwrap_or(i64::MAX))
    .bind(i64::try_from(p.lines).unwrap_or(i64::MAX))
    .bind(&p.digest)
    .bind(p.published_at.to_string())
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    // Many rows per statement: one round trip per chunk instead of one per row.
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let mut query = sqlx::query(sqlx::AssertSqlSafe(rows_insert_sql(chunk.len())));
        for r in chunk {
            query = query
                .bind(p.published_on.to_string())
                .bind(r.partner_id.as_i64())
                .bind(r.document_type.as_str())
                .bind(r.document_number.clone())
                .bind(i64::from(r.line_number))
                .bind(i64::from(r.year))
                .bind(i64::from(r.month))
                .bind(r.omlp_type.clone())
                .bind(r.purchase_units)
                .bind(r.kpi.thousandths())
                .bind(r.revenue.minor)
                .bind(r.revenue.currency.code().to_owned())
                .bind(r.late);
        }
        query.execute(&mut *tx).await.map_err(db_err)?;
    }
    for t in totals {
        sqlx::query(
            "INSERT INTO publication_totals (published_on, partner_id, omlp_type, kpi_thousandths) VALUES ($1::date, $2, $3, $4)",
        )
        .bind(p.published_on.to_string())
        .bind(t.partner_id.as_i64())
        .bind(t.omlp_type.as_deref().unwrap_or(""))
        .bind(t.kpi.thousandths())
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    }
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await.map_err(db_err)
}

/// Rows per INSERT of publication rows (13 values each, below PostgreSQL's 65,535 parameters).
const ROWS_PER_INSERT: usize = 500;

fn rows_insert_sql(rows: usize) -> String {
    let values: Vec<String> = (0..rows)
        .map(|r| {
            let n = r * 13;
            let params: Vec<String> = (1..=13)
                .map(|k| {
                    if k == 1 {
                        format!("${}::date", n + k)
                    } else {
                        format!("${}", n + k)
                    }
                })
                .collect();
            format!("({})", params.join(", "))
        })
        .collect();
    format!(
        "INSERT INTO publication_rows (published_on, partner_id, document_type, document_number, line_number,
             year, month, omlp_type, purchase_units, kpi_thousandths, revenue_minor, currency, late)
         VALUES {}",
        values.join(", ")
    )
}

const HEADER: &str = concat!(
    "SELECT published_on::text AS published_on, period_from, period_to, partners, lines, digest, ",
    ts_text!("published_at"),
    " AS published_at FROM publications"
);

pub(crate) async fn get(
    pool: &PgPool,
    published_on: Date,
) -> Result<Option<Publication>, StoreError> {
    let sql = format!("{HEADER} WHERE published_on = $1::date");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(published_on.to_string())
        .fetch_optional(pool)
        .await
        .map_err(db_err)?;
    row.as_ref().map(header).transpose()
}

pub(crate) async fn first(pool: &PgPool) -> Result<Option<Publication>, StoreError> {
    let sql = format!("{HEADER} ORDER BY published_on LIMIT 1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_optional(pool)
        .await
        .map_err(db_err)?;
    row.as_ref().map(header).transpose()
}

pub(crate) async fn latest(
    pool: &PgPool,
    on_or_before: Date,
) -> Result<Option<Publication>, StoreError> {
    let sql = format!("{HEADER} WHERE published_on <= $1::date ORDER BY published_on DESC LIMIT 1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(on_or_before.to_string())
        .fetch_optional(pool)
        .await
        .map_err(db_err)?;
    row.as_ref().map(header).transpose()
}

fn year_month(text: &str) -> Result<YearMonth, StoreError> {
    text.parse()
        .map_err(|e| StoreError::corrupt(format!("stored month {text:?}: {e}")))
}

fn header(row: &PgRow) -> Result<Publication, StoreError> {
    let text = |col: &str| row.try_get::<String, _>(col).map_err(db_err);
    let count = |col: &str| {
        row.try_get::<i64, _>(col)
            .map_err(db_err)
            .map(|n| u64::try_from(n).unwrap_or_default())
    };
    Ok(Publication {
        published_on: decode::date(&text("published_on")?)?,
        period: MonthSpan {
            from: year_month(&text("period_from")?)?,
            to: year_month(&text("period_to")?)?,
        },
        partners: count("partners")?,
        lines: count("lines")?,
        digest: text("digest")?,
        published_at: decode::timestamp(&text("published_at")?)?,
    })
}

pub(crate) async fn rows_of(
    pool: &PgPool,
    published_on: Date,
    partner: MpnId,
) -> Result<Vec<PublishedRow>, StoreError> {
    let rows = sqlx::query(
        "SELECT document_type, document_number, line_number, year, month, omlp_type, purchase_units,
                kpi_thousandths, revenue_minor, currency, late
         FROM publication_rows WHERE published_on = $1::date AND partner_id = $2
         ORDER BY year, month, document_number, document_type, line_number",
    )
    .bind(published_on.to_string())
    .bind(partner.as_i64())
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter()
        .map(|row| {
            let text = |col: &str| row.try_get::<String, _>(col).map_err(db_err);
            let int = |col: &str| row.try_get::<i64, _>(col).map_err(db_err);
            Ok(PublishedRow {
                partner_id: partner,
                document_type: decode::document_type(&text("document_type")?)?,
                document_number: text("document_number")?,
                line_number: u32::try_from(int("line_number")?).map_err(StoreError::other)?,
                year: i16::try_from(int("year")?).map_err(StoreError::other)?,
                month: i8::try_from(int("month")?).map_err(StoreError::other)?,
                omlp_type: text("omlp_type")?,
                purchase_units: int("purchase_units")?,
                kpi: KpiPoints::from_thousandths(int("kpi_thousandths")?),
                revenue: decode::money(int("revenue_minor")?, &text("currency")?)?,
                late: row.try_get::<bool, _>("late").map_err(db_err)?,
            })
        })
        .collect()
}

pub(crate) async fn totals_of(
    pool: &PgPool,
    published_on: Date,
    partner: MpnId,
) -> Result<Vec<PublishedTotal>, StoreError> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT omlp_type, kpi_thousandths FROM publication_totals
         WHERE published_on = $1::date AND partner_id = $2 ORDER BY omlp_type",
    )
    .bind(published_on.to_string())
    .bind(partner.as_i64())
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    Ok(rows
        .into_iter()
        .map(|(omlp_type, kpi)| PublishedTotal {
            partner_id: partner,
            omlp_type: (!omlp_type.is_empty()).then_some(omlp_type),
            kpi: KpiPoints::from_thousandths(kpi),
        })
        .collect())
}
