//! What readers see of the ledger: committed batches only, through publication cut-offs.

use jiff::civil::Date;
use lpc_domain::MpnId;
use lpc_domain::calendar::{MonthSpan, YearMonth};
use lpc_store::ledger::batches::months_from_json;
use lpc_store::ledger::{
    BatchRecord, PartnerLedger, PreviousCut, PublicationCut, Segment, late_lines_waiting,
    month_number, partner_rows,
};
use lpc_store::publishing::chunk_partner_totals;
use lpc_store::{InvoiceLine, KpiAdjustment, PublishedRow, PublishedTotal, StoreError};
use sqlx::{Row, SqlitePool};

use crate::db_err;
use lpc_store::sql::decode;

fn year_month(text: &str) -> Result<YearMonth, StoreError> {
    text.parse()
        .map_err(|e| StoreError::corrupt(format!("stored month {text:?}: {e}")))
}

/// The cut-off of the publication of `published_on` and what it derives from.
pub(crate) async fn cut_of(
    pool: &SqlitePool,
    published_on: Date,
) -> Result<Option<PublicationCut>, StoreError> {
    let on = published_on.to_string();
    let row: Option<(String, String, Option<i64>)> = sqlx::query_as(
        "SELECT period_from, period_to, cutoff FROM publications WHERE published_on = ?",
    )
    .bind(&on)
    .fetch_optional(pool)
    .await
    .map_err(db_err)?;
    let Some((from, to, cutoff)) = row else {
        return Ok(None);
    };
    let cutoff = cutoff.ok_or_else(|| {
        StoreError::corrupt(format!(
            "publication {on} has no cut-off: run `lpc migrate`"
        ))
    })?;
    let previous: Option<(String, Option<i64>, String)> = sqlx::query_as(
        "SELECT published_on, cutoff, period_to FROM publications
         WHERE published_on < ? ORDER BY published_on DESC LIMIT 1",
    )
    .bind(&on)
    .fetch_optional(pool)
    .await
    .map_err(db_err)?;
    let first: Option<(String,)> = sqlx::query_as(
        "SELECT period_from FROM publications WHERE published_on < ? ORDER BY published_on LIMIT 1",
    )
    .bind(&on)
    .fetch_optional(pool)
    .await
    .map_err(db_err)?;
    Ok(Some(PublicationCut {
        published_on,
        period: MonthSpan {
            from: year_month(&from)?,
            to: year_month(&to)?,
        },
        cutoff,
        previous: previous
            .map(|(on, cutoff, to)| -> Result<PreviousCut, StoreError> {
                Ok(PreviousCut {
                    published_on: decode::date(&on)?,
                    cutoff: cutoff.ok_or_else(|| {
                        StoreError::corrupt(format!("publication {on} has no cut-off"))
                    })?,
                    period_to: year_month(&to)?,
                })
            })
            .transpose()?,
        late_since: first.map(|(f,)| year_month(&f)).transpose()?,
    }))
}

/// A partner's segments a publication reads: committed, up to its cut-off, overlapping
/// its months.
pub(crate) async fn partner_ledger(
    pool: &SqlitePool,
    partner: MpnId,
    cut: &PublicationCut,
) -> Result<PartnerLedger, StoreError> {
    let first: Option<(Option<String>,)> =
        sqlx::query_as("SELECT first_publication FROM partners WHERE mpn_id = ?")
            .bind(partner.as_i64())
            .fetch_optional(pool)
            .await
            .map_err(db_err)?;
    let first_publication = decode::opt_date(first.and_then(|(f,)| f))?;
    let (from, to) = cut.months();
    let rows = sqlx::query(
        "SELECT s.batch, s.data FROM ledger_segments s
         JOIN ledger_batches b ON b.id = s.batch AND b.state = 'committed'
         WHERE s.partner_id = ?1 AND s.batch <= ?2 AND s.month_to >= ?3 AND s.month_from <= ?4
         ORDER BY s.batch, s.id",
    )
    .bind(partner.as_i64())
    .bind(cut.cutoff)
    .bind(month_number(from))
    .bind(month_number(to))
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    let mut segments = Vec::with_capacity(rows.len());
    for row in &rows {
        let batch: i64 = row.try_get(0).map_err(db_err)?;
        let data: Vec<u8> = row.try_get(1).map_err(db_err)?;
        segments.push((batch, Segment::decode(&data)?));
    }
    Ok(PartnerLedger {
        partner_id: partner,
        first_publication,
        segments,
    })
}

/// A partner's adjustments that some publication included, with the first one's date.
pub(crate) async fn published_adjustments(
    pool: &SqlitePool,
    partner: MpnId,
) -> Result<Vec<(KpiAdjustment, Date)>, StoreError> {
    let mut conn = pool.acquire().await.map_err(db_err)?;
    let db = &mut crate::db::on(&mut conn);
    let all = lpc_store::sql::cases::adjustments_in(db, Some(partner), false).await?;
    Ok(all
        .into_iter()
        .filter_map(|a| a.published_on.map(|on| (a, on)))
        .collect())
}

pub(crate) async fn published_rows(
    pool: &SqlitePool,
    published_on: Date,
    partner: MpnId,
) -> Result<Vec<PublishedRow>, StoreError> {
    let Some(cut) = cut_of(pool, published_on).await? else {
        return Ok(Vec::new());
    };
    let ledger = partner_ledger(pool, partner, &cut).await?;
    let adjustments = published_adjustments(pool, partner).await?;
    partner_rows(&cut, &ledger, &adjustments)
}

pub(crate) async fn published_totals(
    pool: &SqlitePool,
    published_on: Date,
    partner: MpnId,
) -> Result<Vec<PublishedTotal>, StoreError> {
    let row: Option<(i64, String)> = sqlx::query_as(
        "SELECT last_partner, totals FROM publication_partner_totals
         WHERE published_on = ?1 AND first_partner <= ?2 ORDER BY first_partner DESC LIMIT 1",
    )
    .bind(published_on.to_string())
    .bind(partner.as_i64())
    .fetch_optional(pool)
    .await
    .map_err(db_err)?;
    match row {
        Some((last, text)) if last >= partner.as_i64() => chunk_partner_totals(&text, partner),
        _ => Ok(Vec::new()),
    }
}

/// The partner an invoice is stored for (any committed part of it).
pub(crate) async fn invoice_partner(
    pool: &SqlitePool,
    document_number: &str,
) -> Result<Option<MpnId>, StoreError> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT d.partner_id FROM ledger_documents d
         JOIN ledger_batches b ON b.id = d.batch AND b.state = 'committed'
         WHERE d.document_number = ? AND d.document_type = 0 ORDER BY d.part LIMIT 1",
    )
    .bind(document_number)
    .fetch_optional(pool)
    .await
    .map_err(db_err)?;
    row.map(|(id,)| decode::mpn_id(id)).transpose()
}

/// The committed lines of one of a partner's invoices, by line number.
pub(crate) async fn invoice_lines_of(
    pool: &SqlitePool,
    partner: MpnId,
    invoice_number: &str,
) -> Result<Vec<InvoiceLine>, StoreError> {
    let rows = sqlx::query(
        "SELECT s.data FROM ledger_segments s
         WHERE s.partner_id = ?1 AND s.batch IN (
             SELECT d.batch FROM ledger_documents d
             JOIN ledger_batches b ON b.id = d.batch AND b.state = 'committed'
             WHERE d.document_number = ?2 AND d.document_type = 0 AND d.partner_id = ?1)",
    )
    .bind(partner.as_i64())
    .bind(invoice_number)
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    let mut lines = Vec::new();
    for row in &rows {
        let data: Vec<u8> = row.try_get(0).map_err(db_err)?;
        let segment = Segment::decode(&data)?;
        for l in segment.lines() {
            if l.document_type == lpc_domain::invoice::DocumentType::Invoice
                && l.document_number == invoice_number
            {
                lines.push(l.to_line(partner)?);
            }
        }
    }
    lines.sort_by_key(|l| l.line_number);
    Ok(lines)
}

fn batch_record(row: &sqlx::sqlite::SqliteRow) -> Result<BatchRecord, StoreError> {
    let count = |col: &str| {
        row.try_get::<i64, _>(col)
            .map_err(db_err)
            .map(|n| u64::try_from(n).unwrap_or_default())
    };
    Ok(BatchRecord {
        id: row.try_get("id").map_err(db_err)?,
        import_id: row.try_get("import_id").map_err(db_err)?,
        committed_at: decode::timestamp(
            &row.try_get::<String, _>("committed_at").map_err(db_err)?,
        )?,
        lines: count("lines")?,
        unchanged: count("unchanged")?,
        invoices: count("invoices")?,
        credit_notes: count("credit_notes")?,
        partners: count("partners")?,
        months: months_from_json(&row.try_get::<String, _>("months").map_err(db_err)?)?,
    })
}

const BATCH_COLUMNS: &str =
    "id, import_id, committed_at, lines, unchanged, invoices, credit_notes, partners, months";

pub(crate) async fn batches(pool: &SqlitePool, limit: u32) -> Result<Vec<BatchRecord>, StoreError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {BATCH_COLUMNS} FROM ledger_batches WHERE state = 'committed' ORDER BY id DESC LIMIT ?"
    )))
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter().map(batch_record).collect()
}

pub(crate) async fn late_lines(
    pool: &SqlitePool,
    from: YearMonth,
    until: YearMonth,
) -> Result<u64, StoreError> {
    let (cutoff,): (Option<i64>,) =
        sqlx::query_as("SELECT cutoff FROM publications ORDER BY published_on DESC LIMIT 1")
            .fetch_optional(pool)
            .await
            .map_err(db_err)?
            .unwrap_or((None,));
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {BATCH_COLUMNS} FROM ledger_batches WHERE state = 'committed' AND id > ?"
    )))
    .bind(cutoff.unwrap_or(0))
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    let batches = rows
        .iter()
        .map(batch_record)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(late_lines_waiting(&batches, from, until))
}

pub(crate) async fn totals(pool: &SqlitePool) -> Result<(u64, u64), StoreError> {
    let (lines, batches): (Option<i64>, i64) = sqlx::query_as(
        "SELECT CAST(sum(lines) AS BIGINT), count(*) FROM ledger_batches WHERE state = 'committed'",
    )
    .fetch_one(pool)
    .await
    .map_err(db_err)?;
    Ok((
        u64::try_from(lines.unwrap_or(0)).unwrap_or_default(),
        u64::try_from(batches).unwrap_or_default(),
    ))
}
