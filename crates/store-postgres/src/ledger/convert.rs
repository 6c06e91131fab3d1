//! Moving a PostgreSQL database of the copy model into the ledger (`lpc_store::ledger::convert`
//! explains how). Runs once, right after the migrations, in one transaction: interrupted, it
//! leaves the database as it was, and the next start runs it again. It refuses to commit
//! unless every publication derives its stored digest from the ledger.

use std::collections::{BTreeMap, HashSet};

use jiff::civil::Date;
use lpc_domain::MpnId;
use lpc_domain::invoice::DocumentType;
use lpc_domain::points::KpiPoints;
use lpc_store::ledger::batches::months_json;
use lpc_store::ledger::convert::{Converted, Converter};
use lpc_store::publishing::totals_chunks;
use lpc_store::{InvoiceLine, PublishedTotal, StoreError};
use sqlx::postgres::PgRow;
use sqlx::{Connection, PgConnection, PgPool, Row};

use super::publish::rederive;
use super::writer::{insert_part_rows, insert_segment_rows, record_run};
use crate::db_err;
use crate::ts_text::ts_text;
use lpc_store::sql::decode;

/// Lines fetched from the cursor at a time.
const FETCH: usize = 20_000;

async fn write(conn: &mut PgConnection, out: Converted) -> Result<(), StoreError> {
    for chunk in out.parts.chunks(10_000) {
        let stored = insert_part_rows(conn, chunk).await?;
        if stored.iter().any(|ok| !ok) {
            return Err(StoreError::internal(
                "moving into the ledger: a document part was written twice",
            ));
        }
    }
    for (batch, run, segments) in out.runs {
        let mut range: Option<(i64, i64)> = None;
        for chunk in segments.chunks(2_000) {
            if let Some((first, last)) = insert_segment_rows(conn, batch, run, chunk).await? {
                range = Some(range.map_or((first, last), |(f, _)| (f, last)));
            }
        }
        record_run(conn, batch, run, range, &segments).await?;
    }
    Ok(())
}

fn line_of(r: &PgRow) -> Result<(InvoiceLine, Option<Date>), StoreError> {
    let text = |i: usize| r.try_get::<String, _>(i).map_err(db_err);
    let int = |i: usize| r.try_get::<i64, _>(i).map_err(db_err);
    let corrupt =
        |what: &str, e: &dyn std::fmt::Display| StoreError::corrupt(format!("stored {what}: {e}"));
    let document_type =
        DocumentType::from_stored(&text(0)?).map_err(|e| corrupt("document type", &e))?;
    Ok((
        InvoiceLine {
            document_type,
            document_number: text(1)?,
            line_number: u32::try_from(int(2)?).map_err(|e| corrupt("line number", &e))?,
            corrects_document: r.try_get(3).map_err(db_err)?,
            partner_id: decode::mpn_id(int(4)?)?,
            document_date: decode::date(&text(5)?)?,
            omlp_type: text(6)?,
            product_sku: text(7)?,
            purchase_units: int(8)?,
            revenue: decode::money(int(9)?, &text(10)?)?,
            kpi: KpiPoints::from_thousandths(int(11)?),
            source_line: u64::try_from(int(12)?).unwrap_or_default(),
        },
        decode::opt_date(r.try_get(13).map_err(db_err)?)?,
    ))
}

/// Converts the database if it still holds the copy model's tables; returns how many lines
/// moved (`None`: nothing to convert).
pub(crate) async fn run(pool: &PgPool) -> Result<Option<u64>, StoreError> {
    let (old,): (bool,) = sqlx::query_as("SELECT to_regclass('invoice_lines') IS NOT NULL")
        .fetch_one(pool)
        .await
        .map_err(db_err)?;
    if !old {
        return Ok(None);
    }
    tracing::info!("moving invoice lines and publications into the ledger (issue 14)");
    let mut conn = pool.acquire().await.map_err(db_err)?;
    let mut tx = conn.begin().await.map_err(db_err)?;
    // Nothing else writes while the conversion runs: it takes the audit chain's lock, which
    // every change takes first.
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(crate::audit_log::AUDIT_LOCK)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    let (still,): (bool,) = sqlx::query_as("SELECT to_regclass('invoice_lines') IS NOT NULL")
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
    if !still {
        return Ok(None);
    }
    let publications: Vec<(String, String)> = sqlx::query_as(concat!(
        "SELECT published_on::text, ",
        ts_text!("published_at"),
        " FROM publications ORDER BY published_on"
    ))
    .fetch_all(&mut *tx)
    .await
    .map_err(db_err)?;
    let mut batch_of = BTreeMap::new();
    for (on, at) in &publications {
        let (batch,): (i64,) = sqlx::query_as(
            "INSERT INTO ledger_batches (import_id, state, started_at, committed_at)
             VALUES ($1, 'committed', $2::timestamptz, $2::timestamptz) RETURNING id",
        )
        .bind(format!("converted:published-first-on-{on}"))
        .bind(at)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
        sqlx::query("UPDATE publications SET cutoff = $1 WHERE published_on = $2::date")
            .bind(batch)
            .bind(on)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        batch_of.insert(decode::date(on)?, batch);
    }
    let (unpublished,): (i64,) = sqlx::query_as(
        "INSERT INTO ledger_batches (import_id, state, started_at, committed_at)
         VALUES ('converted:unpublished', 'committed', now(), now()) RETURNING id",
    )
    .fetch_one(&mut *tx)
    .await
    .map_err(db_err)?;
    let ids: Vec<(i64,)> = sqlx::query_as("SELECT mpn_id FROM partners")
        .fetch_all(&mut *tx)
        .await
        .map_err(db_err)?;
    let registered: HashSet<MpnId> = ids
        .into_iter()
        .map(|(id,)| decode::mpn_id(id))
        .collect::<Result<_, _>>()?;
    let mut converter = Converter::new(
        batch_of,
        unpublished,
        registered,
        lpc_store::ledger::BUFFER_BYTES,
    );
    sqlx::query(
        "DECLARE old_lines NO SCROLL CURSOR FOR
         SELECT l.document_type, l.document_number, l.line_number, l.corrects_document,
                l.partner_id, l.document_date::text, l.omlp_type, l.product_sku, l.purchase_units,
                l.revenue_minor, l.currency, l.kpi_thousandths, l.source_line,
                (SELECT min(r.published_on) FROM publication_rows r
                 WHERE r.document_type = l.document_type AND r.document_number = l.document_number
                   AND r.line_number = l.line_number)::text
         FROM invoice_lines l
         ORDER BY l.document_type, l.document_number COLLATE \"C\", l.line_number",
    )
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    let mut moved = 0u64;
    loop {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!("FETCH {FETCH} FROM old_lines")))
            .fetch_all(&mut *tx)
            .await
            .map_err(db_err)?;
        if rows.is_empty() {
            break;
        }
        let mut out = Converted::default();
        for row in &rows {
            let (line, first) = line_of(row)?;
            let step = converter.push(&line, first)?;
            out.parts.extend(step.parts);
            out.runs.extend(step.runs);
            moved += 1;
        }
        write(&mut tx, out).await?;
    }
    sqlx::query("CLOSE old_lines")
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    let (rest, summaries) = converter.finish()?;
    write(&mut tx, rest).await?;
    for (batch, summary) in &summaries {
        sqlx::query(
            "UPDATE ledger_batches SET lines = $1, invoices = $2, credit_notes = $3, partners = $4, months = $5
             WHERE id = $6",
        )
        .bind(i64::try_from(summary.lines).unwrap_or(i64::MAX))
        .bind(i64::try_from(summary.invoices).unwrap_or(i64::MAX))
        .bind(i64::try_from(summary.credit_notes).unwrap_or(i64::MAX))
        .bind(i64::try_from(summary.partners).unwrap_or(i64::MAX))
        .bind(months_json(&summary.months))
        .bind(batch)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    }
    sqlx::query("DELETE FROM ledger_batches WHERE id = $1 AND lines = 0")
        .bind(unpublished)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    sqlx::query(
        "UPDATE partners SET first_publication = (
             SELECT min(r.published_on) FROM publication_rows r WHERE r.partner_id = partners.mpn_id)",
    )
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    let totals: Vec<(String, i64, String, i64)> = sqlx::query_as(
        "SELECT published_on::text, partner_id, omlp_type, kpi_thousandths FROM publication_totals
         ORDER BY published_on, partner_id, omlp_type COLLATE \"C\"",
    )
    .fetch_all(&mut *tx)
    .await
    .map_err(db_err)?;
    let mut by_publication: BTreeMap<String, Vec<PublishedTotal>> = BTreeMap::new();
    for (on, partner, omlp_type, kpi) in totals {
        by_publication.entry(on).or_default().push(PublishedTotal {
            partner_id: decode::mpn_id(partner)?,
            omlp_type: (!omlp_type.is_empty()).then_some(omlp_type),
            kpi: KpiPoints::from_thousandths(kpi),
        });
    }
    for (on, mut totals) in by_publication {
        // Per partner: its types in order, then the total in all.
        totals.sort_by(|a, b| {
            (a.partner_id, a.omlp_type.is_none(), &a.omlp_type).cmp(&(
                b.partner_id,
                b.omlp_type.is_none(),
                &b.omlp_type,
            ))
        });
        for chunk in totals_chunks(&totals) {
            sqlx::query(
                "INSERT INTO publication_partner_totals (published_on, first_partner, last_partner, totals)
                 VALUES ($1::date, $2, $3, $4)",
            )
            .bind(&on)
            .bind(chunk.first.as_i64())
            .bind(chunk.last.as_i64())
            .bind(chunk.text)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        }
    }
    for (on, _) in &publications {
        let (stored,): (String,) =
            sqlx::query_as("SELECT digest FROM publications WHERE published_on = $1::date")
                .bind(on)
                .fetch_one(&mut *tx)
                .await
                .map_err(db_err)?;
        let derived = rederive(&mut tx, decode::date(on)?)
            .await?
            .ok_or_else(|| StoreError::internal(format!("publication {on} vanished")))?;
        if derived.digest != stored {
            return Err(StoreError::internal(format!(
                "moving into the ledger: the publication of {on} would derive digest {} but stored {stored}; nothing was changed",
                derived.digest
            )));
        }
    }
    sqlx::query("DROP TABLE publication_rows, publication_totals, invoice_lines")
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    tx.commit().await.map_err(db_err)?;
    tracing::info!(
        lines = moved,
        publications = publications.len(),
        "ledger conversion done"
    );
    Ok(Some(moved))
}
