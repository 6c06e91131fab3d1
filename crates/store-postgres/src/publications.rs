//! Frozen monthly KPI reports (R17, R21).

use futures_util::TryStreamExt;
use jiff::civil::Date;
use lpc_domain::MpnId;
use lpc_domain::calendar::{MonthSpan, YearMonth};
use lpc_domain::points::KpiPoints;
use lpc_store::publishing::{self, DigestWriter, PublicationPlan};
use lpc_store::{AuditDraft, Publication, PublishedRow, PublishedTotal, StoreError};
use sqlx::postgres::PgRow;
use sqlx::{PgPool, Row};

use crate::decode::ts_text;
use crate::{audit_log, db_err, decode};

pub(crate) async fn publish(
    pool: &PgPool,
    plan: &PublicationPlan,
    audit: &AuditDraft,
) -> Result<Publication, StoreError> {
    let on = plan.published_on.to_string();
    let mut tx = audit_log::begin_write(pool).await?;
    let exists: Option<(String,)> =
        sqlx::query_as("SELECT digest FROM publications WHERE published_on = $1::date")
            .bind(&on)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
    if exists.is_some() {
        return Err(StoreError::Conflict(format!(
            "the report of {on} is already published"
        )));
    }
    sqlx::query(
        "INSERT INTO publications (published_on, period_from, period_to, partners, lines, digest, published_at)
         VALUES ($1::date, $2, $3, 0, 0, '', $4::timestamptz)",
    )
    .bind(&on)
    .bind(plan.period.from.to_string())
    .bind(plan.period.to.to_string())
    .bind(plan.published_at.to_string())
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    // The rows, chosen and copied inside the database (R17, R18, R16: registered partners
    // only). `late`: unpublished although dated within an earlier publication's period.
    sqlx::query(
        "INSERT INTO publication_rows (published_on, partner_id, document_type, document_number, line_number,
             year, month, omlp_type, purchase_units, kpi_thousandths, revenue_minor, currency, late)
         SELECT $1::date, l.partner_id, l.document_type, l.document_number, l.line_number,
                EXTRACT(YEAR FROM l.document_date)::bigint, EXTRACT(MONTH FROM l.document_date)::bigint,
                l.omlp_type, l.purchase_units, l.kpi_thousandths, l.revenue_minor, l.currency,
                ($5::date IS NOT NULL AND l.document_date <= $5::date AND NOT EXISTS (
                    SELECT 1 FROM publication_rows r
                    WHERE r.document_type = l.document_type AND r.document_number = l.document_number
                      AND r.line_number = l.line_number AND r.published_on < $1::date))
         FROM invoice_lines l JOIN partners p ON p.mpn_id = l.partner_id
         WHERE l.document_date BETWEEN $2::date AND $3::date
            OR ($4::date IS NOT NULL AND l.document_date >= $4::date AND l.document_date < $2::date AND NOT EXISTS (
                    SELECT 1 FROM publication_rows r
                    WHERE r.document_type = l.document_type AND r.document_number = l.document_number
                      AND r.line_number = l.line_number AND r.published_on < $1::date))",
    )
    .bind(&on)
    .bind(plan.period.from.first_day().to_string())
    .bind(plan.period.to.last_day().to_string())
    .bind(plan.late_since.map(|m| m.first_day().to_string()))
    .bind(plan.late_until.map(|m| m.last_day().to_string()))
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;

    adjustments(&mut tx, plan).await?;

    let sums: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT partner_id, omlp_type, sum(kpi_thousandths)::bigint FROM publication_rows
         WHERE published_on = $1::date GROUP BY partner_id, omlp_type",
    )
    .bind(&on)
    .fetch_all(&mut *tx)
    .await
    .map_err(db_err)?;
    let per_partner = publishing::sums_by_partner(sums)?;
    let totals = publishing::totals(&per_partner, plan.rules.as_ref());
    for chunk in totals.chunks(TOTALS_PER_INSERT) {
        let values: Vec<String> = (0..chunk.len())
            .map(|r| {
                format!(
                    "(${}::date, ${}, ${}, ${})",
                    r * 4 + 1,
                    r * 4 + 2,
                    r * 4 + 3,
                    r * 4 + 4
                )
            })
            .collect();
        let values = values.join(", ");
        let sql = format!(
            "INSERT INTO publication_totals (published_on, partner_id, omlp_type, kpi_thousandths) VALUES {values}"
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for t in chunk {
            query = query
                .bind(on.clone())
                .bind(t.partner_id.as_i64())
                .bind(t.omlp_type.clone().unwrap_or_default())
                .bind(t.kpi.thousandths());
        }
        query.execute(&mut *tx).await.map_err(db_err)?;
    }

    // The digest, fed row by row in the canonical order.
    let mut digest = DigestWriter::new(plan.published_on, plan.period);
    let mut lines = 0u64;
    {
        // One text per partner, in DigestWriter::row's format, so that the rows are hashed
        // without crossing into Rust one by one.
        let mut partners = sqlx::query(
            "SELECT count(*)::bigint, string_agg(
                 concat_ws(E'\\t', 'row', partner_id, year, month, document_type, document_number,
                           line_number, omlp_type, purchase_units, kpi_thousandths, revenue_minor,
                           currency, CASE WHEN late THEN 'true' ELSE 'false' END) || E'\\n',
                 '' ORDER BY document_type COLLATE \"C\", document_number COLLATE \"C\", line_number)
             FROM publication_rows WHERE published_on = $1::date
             GROUP BY partner_id ORDER BY partner_id",
        )
        .bind(&on)
        .fetch(&mut *tx);
        while let Some(row) = partners.try_next().await.map_err(db_err)? {
            let count: i64 = row.try_get(0).map_err(db_err)?;
            let text: String = row.try_get(1).map_err(db_err)?;
            digest.rows_text(&text);
            lines += u64::try_from(count).unwrap_or_default();
        }
    }
    for t in &totals {
        digest.total(t);
    }
    let publication = Publication {
        published_on: plan.published_on,
        period: plan.period,
        partners: per_partner.len() as u64,
        lines,
        digest: digest.finish(),
        published_at: plan.published_at,
    };
    sqlx::query("UPDATE publications SET partners = $1, lines = $2, digest = $3 WHERE published_on = $4::date")
        .bind(i64::try_from(publication.partners).unwrap_or(i64::MAX))
        .bind(i64::try_from(publication.lines).unwrap_or(i64::MAX))
        .bind(&publication.digest)
        .bind(&on)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    let audit = audit
        .with_detail("digest", publication.digest.clone())
        .with_detail("partners", publication.partners)
        .with_detail("lines", publication.lines);
    audit_log::append(&mut tx, &audit).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(publication)
}

/// R22: freezes the KPI adjustments of accepted discrepancy cases as rows of the publication
/// (document `adjustment` `ADJ-<case id>` line 1): the ones no publication included yet, and
/// the ones whose month lies in the period; the first publication that includes one marks it
/// `published_on`. An unpublished one dated before the period is marked late, like a line.
async fn adjustments(
    tx: &mut sqlx::PgConnection,
    plan: &PublicationPlan,
) -> Result<(), StoreError> {
    let on = plan.published_on.to_string();
    let month_key = |m: YearMonth| i64::from(m.year()) * 100 + i64::from(m.month());
    sqlx::query(
        "INSERT INTO publication_rows (published_on, partner_id, document_type, document_number, line_number,
             year, month, omlp_type, purchase_units, kpi_thousandths, revenue_minor, currency, late)
         SELECT $1::date, a.partner_id, 'adjustment', 'ADJ-' || a.case_id::text, 1, a.year, a.month,
                a.omlp_type, a.purchase_units, a.kpi_thousandths, a.revenue_minor, a.currency,
                a.year * 100 + a.month < $2
         FROM kpi_adjustments a JOIN partners p ON p.mpn_id = a.partner_id
         WHERE a.published_on IS NULL OR a.year * 100 + a.month BETWEEN $2 AND $3",
    )
    .bind(&on)
    .bind(month_key(plan.period.from))
    .bind(month_key(plan.period.to))
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    sqlx::query(
        "UPDATE kpi_adjustments SET published_on = $1::date
         WHERE published_on IS NULL AND partner_id IN (SELECT mpn_id FROM partners)",
    )
    .bind(&on)
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    Ok(())
}

/// Totals per INSERT (4 values each).
const TOTALS_PER_INSERT: usize = 200;

fn published_row(row: &PgRow) -> Result<PublishedRow, StoreError> {
    let text = |col: &str| row.try_get::<String, _>(col).map_err(db_err);
    let int = |col: &str| row.try_get::<i64, _>(col).map_err(db_err);
    Ok(PublishedRow {
        partner_id: decode::mpn_id(int("partner_id")?)?,
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
        "SELECT partner_id, document_type, document_number, line_number, year, month, omlp_type, purchase_units,
                kpi_thousandths, revenue_minor, currency, late
         FROM publication_rows WHERE published_on = $1::date AND partner_id = $2
         ORDER BY year, month, document_number COLLATE \"C\", document_type COLLATE \"C\", line_number",
    )
    .bind(published_on.to_string())
    .bind(partner.as_i64())
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter().map(published_row).collect()
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
