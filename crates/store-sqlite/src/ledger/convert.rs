//! Moving a SQLite database of the copy model into the ledger (`lpc_store::ledger::convert`
//! explains how). Runs once, right after the migrations, in one transaction: interrupted, it
//! leaves the database as it was, and the next start runs it again. It refuses to commit
//! unless every publication derives its stored digest from the ledger.

use std::collections::{BTreeMap, HashSet};

use jiff::Timestamp;
use jiff::civil::Date;
use lpc_domain::MpnId;
use lpc_domain::invoice::DocumentType;
use lpc_domain::points::{Currency, KpiPoints, Money};
use lpc_store::ledger::batches::months_json;
use lpc_store::ledger::convert::{Converted, Converter};
use lpc_store::ledger::documents::type_code;
use lpc_store::publishing::totals_chunks;
use lpc_store::{InvoiceLine, PublishedTotal, StoreError};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::bulk::{Bulk, blocking, sql_err};
use super::publish::rederive;
use super::writer::{insert_segment_rows, record_run};

fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::corrupt(format!("stored {what}: {e}"))
}

fn write(conn: &Connection, out: Converted) -> Result<(), StoreError> {
    {
        let mut st = conn
            .prepare_cached(
                "INSERT INTO ledger_documents (document_number, document_type, part, batch, partner_id, lines)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .map_err(sql_err)?;
        for p in &out.parts {
            st.execute(params![
                p.key.document_number,
                type_code(p.key.document_type),
                p.part,
                p.batch,
                p.partner_id.as_i64(),
                p.encode_lines()
            ])
            .map_err(sql_err)?;
        }
    }
    for (batch, run, segments) in out.runs {
        let range = insert_segment_rows(conn, batch, run, &segments)?;
        record_run(
            conn,
            batch,
            run,
            (!segments.is_empty()).then_some(range),
            &segments,
        )?;
    }
    Ok(())
}

fn line_of(r: &rusqlite::Row<'_>) -> Result<(InvoiceLine, Option<Date>), StoreError> {
    let text = |i: usize| r.get::<_, String>(i).map_err(sql_err);
    let int = |i: usize| r.get::<_, i64>(i).map_err(sql_err);
    let document_type = DocumentType::from_stored(&text(0)?).map_err(|e| corrupt("type", e))?;
    let first: Option<String> = r.get(13).map_err(sql_err)?;
    Ok((
        InvoiceLine {
            document_type,
            document_number: text(1)?,
            line_number: u32::try_from(int(2)?).map_err(|e| corrupt("line number", e))?,
            corrects_document: r.get(3).map_err(sql_err)?,
            partner_id: MpnId::from_stored(int(4)?).map_err(|e| corrupt("MPN ID", e))?,
            document_date: text(5)?.parse().map_err(|e| corrupt("date", e))?,
            omlp_type: text(6)?,
            product_sku: text(7)?,
            purchase_units: int(8)?,
            revenue: Money::new(
                int(9)?,
                Currency::parse(&text(10)?).map_err(|e| corrupt("currency", e))?,
            ),
            kpi: KpiPoints::from_thousandths(int(11)?),
            source_line: u64::try_from(int(12)?).unwrap_or_default(),
        },
        first
            .map(|f| f.parse().map_err(|e| corrupt("date", e)))
            .transpose()?,
    ))
}

/// Converts the database if it still holds the copy model's tables; returns how many lines
/// moved (`None`: nothing to convert).
pub(crate) fn convert(conn: &mut Connection) -> Result<Option<u64>, StoreError> {
    let old: Option<String> = conn
        .query_row(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'invoice_lines'",
            [],
            |r| r.get(0),
        )
        .optional()
        .map_err(sql_err)?;
    if old.is_none() {
        return Ok(None);
    }
    tracing::info!("moving invoice lines and publications into the ledger (issue 14)");
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(sql_err)?;
    let publications: Vec<(String, String)> = {
        let mut st = tx
            .prepare("SELECT published_on, published_at FROM publications ORDER BY published_on")
            .map_err(sql_err)?;
        let rows = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(sql_err)?;
        rows.collect::<Result<_, _>>().map_err(sql_err)?
    };
    let now = Timestamp::now().to_string();
    let mut batch_of = BTreeMap::new();
    let new_batch = |import_id: &str, at: &str| -> Result<i64, StoreError> {
        tx.query_row(
            "INSERT INTO ledger_batches (import_id, state, started_at, committed_at)
             VALUES (?1, 'committed', ?2, ?2) RETURNING id",
            params![import_id, at],
            |r| r.get(0),
        )
        .map_err(sql_err)
    };
    for (on, at) in &publications {
        let batch = new_batch(&format!("converted:published-first-on-{on}"), at)?;
        tx.execute(
            "UPDATE publications SET cutoff = ?1 WHERE published_on = ?2",
            params![batch, on],
        )
        .map_err(sql_err)?;
        batch_of.insert(on.parse::<Date>().map_err(|e| corrupt("date", e))?, batch);
    }
    let unpublished = new_batch("converted:unpublished", &now)?;
    let registered: HashSet<MpnId> = {
        let mut st = tx.prepare("SELECT mpn_id FROM partners").map_err(sql_err)?;
        let rows = st.query_map([], |r| r.get::<_, i64>(0)).map_err(sql_err)?;
        let mut set = HashSet::new();
        for id in rows {
            set.insert(MpnId::from_stored(id.map_err(sql_err)?).map_err(|e| corrupt("MPN ID", e))?);
        }
        set
    };
    let mut converter = Converter::new(
        batch_of,
        unpublished,
        registered,
        lpc_store::ledger::BUFFER_BYTES,
    );
    let mut moved = 0u64;
    {
        let mut st = tx
            .prepare(
                "SELECT l.document_type, l.document_number, l.line_number, l.corrects_document,
                        l.partner_id, l.document_date, l.omlp_type, l.product_sku, l.purchase_units,
                        l.revenue_minor, l.currency, l.kpi_thousandths, l.source_line,
                        (SELECT min(r.published_on) FROM publication_rows r
                         WHERE r.document_type = l.document_type AND r.document_number = l.document_number
                           AND r.line_number = l.line_number)
                 FROM invoice_lines l
                 ORDER BY l.document_type, l.document_number, l.line_number",
            )
            .map_err(sql_err)?;
        let mut rows = st.query([]).map_err(sql_err)?;
        while let Some(r) = rows.next().map_err(sql_err)? {
            let (line, first) = line_of(r)?;
            write(&tx, converter.push(&line, first)?)?;
            moved += 1;
        }
    }
    let (rest, summaries) = converter.finish()?;
    write(&tx, rest)?;
    for (batch, summary) in &summaries {
        tx.execute(
            "UPDATE ledger_batches SET lines = ?1, invoices = ?2, credit_notes = ?3, partners = ?4, months = ?5
             WHERE id = ?6",
            params![
                i64::try_from(summary.lines).unwrap_or(i64::MAX),
                i64::try_from(summary.invoices).unwrap_or(i64::MAX),
                i64::try_from(summary.credit_notes).unwrap_or(i64::MAX),
                i64::try_from(summary.partners).unwrap_or(i64::MAX),
                months_json(&summary.months),
                batch
            ],
        )
        .map_err(sql_err)?;
    }
    // Batches that received no line are not kept (a publication's cut-off may still name
    // one: a cut-off is a position, and no line lies there).
    tx.execute(
        "DELETE FROM ledger_batches WHERE id = ?1 AND lines = 0",
        params![unpublished],
    )
    .map_err(sql_err)?;
    tx.execute(
        "UPDATE partners SET first_publication = (
             SELECT min(r.published_on) FROM publication_rows r WHERE r.partner_id = partners.mpn_id)",
        [],
    )
    .map_err(sql_err)?;
    {
        let mut st = tx
            .prepare(
                "SELECT published_on, partner_id, omlp_type, kpi_thousandths FROM publication_totals
                 ORDER BY published_on, partner_id, omlp_type",
            )
            .map_err(sql_err)?;
        let mut rows = st.query([]).map_err(sql_err)?;
        let mut by_publication: BTreeMap<String, Vec<PublishedTotal>> = BTreeMap::new();
        while let Some(r) = rows.next().map_err(sql_err)? {
            let on: String = r.get(0).map_err(sql_err)?;
            let partner: i64 = r.get(1).map_err(sql_err)?;
            let omlp_type: String = r.get(2).map_err(sql_err)?;
            let kpi: i64 = r.get(3).map_err(sql_err)?;
            by_publication.entry(on).or_default().push(PublishedTotal {
                partner_id: MpnId::from_stored(partner).map_err(|e| corrupt("MPN ID", e))?,
                omlp_type: (!omlp_type.is_empty()).then_some(omlp_type),
                kpi: KpiPoints::from_thousandths(kpi),
            });
        }
        let mut insert = tx
            .prepare(
                "INSERT INTO publication_partner_totals (published_on, first_partner, last_partner, totals)
                 VALUES (?1, ?2, ?3, ?4)",
            )
            .map_err(sql_err)?;
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
                insert
                    .execute(params![
                        on,
                        chunk.first.as_i64(),
                        chunk.last.as_i64(),
                        chunk.text
                    ])
                    .map_err(sql_err)?;
            }
        }
    }
    // Every publication must derive, from the ledger, the digest it stored.
    for (on, _) in &publications {
        let date: Date = on.parse().map_err(|e| corrupt("date", e))?;
        let stored: String = tx
            .query_row(
                "SELECT digest FROM publications WHERE published_on = ?1",
                params![on],
                |r| r.get(0),
            )
            .map_err(sql_err)?;
        let derived = rederive(&tx, date)?
            .ok_or_else(|| StoreError::internal(format!("publication {on} vanished")))?;
        if derived.digest != stored {
            return Err(StoreError::internal(format!(
                "moving into the ledger: the publication of {on} would derive digest {} but stored {stored}; nothing was changed",
                derived.digest
            )));
        }
    }
    tx.execute_batch(
        "DROP TABLE publication_rows; DROP TABLE publication_totals; DROP TABLE invoice_lines;",
    )
    .map_err(sql_err)?;
    tx.commit().map_err(sql_err)?;
    tracing::info!(
        lines = moved,
        publications = publications.len(),
        "ledger conversion done"
    );
    Ok(Some(moved))
}

pub(crate) async fn run(bulk: &Bulk) -> Result<Option<u64>, StoreError> {
    let bulk = bulk.clone();
    blocking(move || {
        let mut conn = bulk.open()?;
        convert(&mut conn)
    })
    .await
}
