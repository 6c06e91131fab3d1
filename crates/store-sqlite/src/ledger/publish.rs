//! Making a publication on SQLite: one pass over the segments its cut-off includes, in
//! partner order, on the bulk connection; then one write transaction with the publication,
//! its totals and the marks of what it included for the first time.

use std::collections::BTreeMap;

use jiff::civil::Date;
use lpc_domain::MpnId;
use lpc_domain::calendar::{MonthSpan, YearMonth};
use lpc_domain::points::{Currency, KpiPoints, Money};
use lpc_store::ledger::{
    Feeder, ParallelPublication, PartnerAdjustments, PreviousCut, PublicationCut,
    PublicationOutcome, month_number,
};
use lpc_store::publishing::{PublicationPlan, chunk_totals, totals_chunks};
use lpc_store::{AuditDraft, KpiAdjustment, Publication, PublishedTotal, StoreError};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::bulk::{Bulk, blocking, sql_err};
use crate::audit_log;

fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::corrupt(format!("stored {what}: {e}"))
}

fn date(text: &str) -> Result<Date, StoreError> {
    text.parse().map_err(|e| corrupt("date", e))
}

fn month(text: &str) -> Result<YearMonth, StoreError> {
    text.parse().map_err(|e| corrupt("month", e))
}

fn mpn(value: i64) -> Result<MpnId, StoreError> {
    MpnId::from_stored(value).map_err(|e| corrupt("MPN ID", e))
}

/// The cut of a publication dated `published_on` with cut-off `cutoff`, from the
/// publications before it.
fn cut(
    conn: &Connection,
    published_on: Date,
    period: MonthSpan,
    cutoff: i64,
) -> Result<PublicationCut, StoreError> {
    let on = published_on.to_string();
    let previous: Option<(String, Option<i64>, String)> = conn
        .query_row(
            "SELECT published_on, cutoff, period_to FROM publications
             WHERE published_on < ?1 ORDER BY published_on DESC LIMIT 1",
            params![on],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()
        .map_err(sql_err)?;
    let first: Option<String> = conn
        .query_row(
            "SELECT period_from FROM publications WHERE published_on < ?1 ORDER BY published_on LIMIT 1",
            params![on],
            |r| r.get(0),
        )
        .optional()
        .map_err(sql_err)?;
    Ok(PublicationCut {
        published_on,
        period,
        cutoff,
        previous: previous
            .map(|(on, cutoff, to)| -> Result<PreviousCut, StoreError> {
                Ok(PreviousCut {
                    published_on: date(&on)?,
                    cutoff: cutoff
                        .ok_or_else(|| corrupt("publication", format!("{on} has no cut-off")))?,
                    period_to: month(&to)?,
                })
            })
            .transpose()?,
        late_since: first.as_deref().map(month).transpose()?,
    })
}

/// Accepted adjustments of registered partners, by partner: those some publication
/// included, with its date, and (when `including_now` is given) those none has yet, with
/// that date; each partner with its first publication as `first_of` resolves it.
fn adjustments(
    conn: &Connection,
    including_now: Option<Date>,
    first_of: &dyn Fn(Option<String>) -> Result<Option<Date>, StoreError>,
) -> Result<BTreeMap<MpnId, PartnerAdjustments>, StoreError> {
    let mut st = conn
        .prepare(
            "SELECT a.id, a.case_id, a.partner_id, a.year, a.month, a.omlp_type, a.invoice_number,
                    a.purchase_units, a.kpi_thousandths, a.revenue_minor, a.currency, a.created_on,
                    a.published_on, p.first_publication
             FROM kpi_adjustments a JOIN partners p ON p.mpn_id = a.partner_id
             ORDER BY a.partner_id, a.case_id",
        )
        .map_err(sql_err)?;
    let mut rows = st.query([]).map_err(sql_err)?;
    let mut by_partner: BTreeMap<MpnId, PartnerAdjustments> = BTreeMap::new();
    while let Some(r) = rows.next().map_err(sql_err)? {
        let published_on: Option<String> = r.get(12).map_err(sql_err)?;
        let on = match (published_on, including_now) {
            (Some(on), _) => date(&on)?,
            (None, Some(now)) => now,
            (None, None) => continue,
        };
        let year: i64 = r.get(3).map_err(sql_err)?;
        let month: i64 = r.get(4).map_err(sql_err)?;
        let currency: String = r.get(10).map_err(sql_err)?;
        let created_on: String = r.get(11).map_err(sql_err)?;
        let adjustment = KpiAdjustment {
            id: r.get(0).map_err(sql_err)?,
            case_id: r.get(1).map_err(sql_err)?,
            partner_id: mpn(r.get(2).map_err(sql_err)?)?,
            year: i16::try_from(year).map_err(|e| corrupt("adjustment year", e))?,
            month: i8::try_from(month).map_err(|e| corrupt("adjustment month", e))?,
            omlp_type: r.get(5).map_err(sql_err)?,
            invoice_number: r.get(6).map_err(sql_err)?,
            purchase_units: r.get(7).map_err(sql_err)?,
            kpi: KpiPoints::from_thousandths(r.get(8).map_err(sql_err)?),
            revenue: Money::new(
                r.get(9).map_err(sql_err)?,
                Currency::parse(&currency).map_err(|e| corrupt("currency", e))?,
            ),
            created_on: date(&created_on)?,
            published_on: Some(on),
        };
        let first = first_of(r.get(13).map_err(sql_err)?)?;
        by_partner
            .entry(adjustment.partner_id)
            .or_insert_with(|| (first, Vec::new()))
            .1
            .push((adjustment, on));
    }
    Ok(by_partner)
}

/// Reads every partner's segments in the cut, in MPN ID order, into `publication`.
/// `first_of` turns a stored first publication into the one the derivation uses (a
/// publication being made includes the partners registered and never published).
///
/// Each run of segments (one flush of an import) is stored in MPN ID order, so the runs
/// the cut includes are read front to back at once and merged by partner: no sort. Reading
/// stays on this thread; the partners are derived and hashed on others.
fn feed(
    conn: &Connection,
    publication: &mut ParallelPublication,
    cut: &PublicationCut,
    adjustments: BTreeMap<MpnId, PartnerAdjustments>,
    first_of: &dyn Fn(Option<String>) -> Result<Option<Date>, StoreError>,
) -> Result<(), StoreError> {
    let (from, to) = cut.months();
    let (from, to) = (month_number(from), month_number(to));
    let mut firsts: foldhash::HashMap<i64, Option<Date>> = foldhash::HashMap::default();
    {
        let mut st = conn
            .prepare("SELECT mpn_id, first_publication FROM partners")
            .map_err(sql_err)?;
        let mut rows = st.query([]).map_err(sql_err)?;
        while let Some(r) = rows.next().map_err(sql_err)? {
            firsts.insert(
                r.get(0).map_err(sql_err)?,
                first_of(r.get(1).map_err(sql_err)?)?,
            );
        }
    }
    let runs: Vec<(i64, i64, i64)> = {
        let mut st = conn
            .prepare(
                "SELECT r.batch, r.first_id, r.last_id FROM ledger_runs r
                 JOIN ledger_batches b ON b.id = r.batch AND b.state = 'committed'
                 WHERE r.batch <= ?1 AND r.month_to >= ?2 AND r.month_from <= ?3
                 ORDER BY r.batch, r.run",
            )
            .map_err(sql_err)?;
        let rows = st
            .query_map(params![cut.cutoff, from, to], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .map_err(sql_err)?;
        rows.collect::<Result<_, _>>().map_err(sql_err)?
    };
    let mut statements = runs
        .iter()
        .map(|_| {
            conn.prepare(
                "SELECT partner_id, data FROM ledger_segments
                 WHERE id BETWEEN ?1 AND ?2 AND month_to >= ?3 AND month_from <= ?4 ORDER BY id",
            )
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(sql_err)?;
    let mut cursors = Vec::with_capacity(runs.len());
    for (st, (_, first, last)) in statements.iter_mut().zip(&runs) {
        cursors.push(st.query(params![first, last, from, to]).map_err(sql_err)?);
    }
    let mut feeder = Feeder::new(|p| publication.push(p), adjustments);
    // The head row of each run, and a heap of (partner, run) to take the least.
    let mut heads: Vec<Option<(i64, Vec<u8>)>> = Vec::with_capacity(cursors.len());
    let mut heap = std::collections::BinaryHeap::new();
    for (k, cursor) in cursors.iter_mut().enumerate() {
        let head = next_row(cursor)?;
        if let Some((partner, _)) = &head {
            heap.push(std::cmp::Reverse((*partner, k)));
        }
        heads.push(head);
    }
    while let Some(std::cmp::Reverse((partner, k))) = heap.pop() {
        if let Some((_, data)) = heads[k].take()
            && let Some(first) = firsts.get(&partner)
        {
            feeder.segment(mpn(partner)?, *first, runs[k].0, data)?;
        }
        let head = next_row(&mut cursors[k])?;
        if let Some((next, _)) = &head {
            heap.push(std::cmp::Reverse((*next, k)));
        }
        heads[k] = head;
    }
    feeder.finish().map(|_| ())
}

/// The next segment row of a run, as stored (decoded by the thread that derives it).
fn next_row(rows: &mut rusqlite::Rows<'_>) -> Result<Option<(i64, Vec<u8>)>, StoreError> {
    match rows.next().map_err(sql_err)? {
        Some(r) => Ok(Some((
            r.get(0).map_err(sql_err)?,
            r.get(1).map_err(sql_err)?,
        ))),
        None => Ok(None),
    }
}

pub(crate) async fn publish(
    bulk: &Bulk,
    plan: &PublicationPlan,
    audit: &AuditDraft,
) -> Result<Publication, StoreError> {
    let bulk = bulk.clone();
    let plan = plan.clone();
    let audit = audit.clone();
    blocking(move || {
        let mut conn = bulk.open()?;
        let on = plan.published_on.to_string();
        let already = |conn: &Connection| -> Result<bool, StoreError> {
            conn.query_row(
                "SELECT 1 FROM publications WHERE published_on = ?1",
                params![on],
                |_| Ok(()),
            )
            .optional()
            .map_err(sql_err)
            .map(|found| found.is_some())
        };
        let conflict = || StoreError::Conflict(format!("the report of {on} is already published"));

        // Read: one snapshot of the ledger, without any write lock.
        let started = std::time::Instant::now();
        let read = conn.transaction().map_err(sql_err)?;
        if already(&read)? {
            return Err(conflict());
        }
        let cutoff: i64 = read
            .query_row(
                "SELECT coalesce(max(id), 0) FROM ledger_batches WHERE state = 'committed'",
                [],
                |r| r.get(0),
            )
            .map_err(sql_err)?;
        let cut = cut(&read, plan.published_on, plan.period, cutoff)?;
        let newcomers: Vec<i64> = {
            let mut st = read
                .prepare("SELECT mpn_id FROM partners WHERE first_publication IS NULL")
                .map_err(sql_err)?;
            let ids = st.query_map([], |r| r.get(0)).map_err(sql_err)?;
            ids.collect::<Result<_, _>>().map_err(sql_err)?
        };
        let published_on = plan.published_on;
        let first_of = move |first: Option<String>| -> Result<Option<Date>, StoreError> {
            match first {
            Some(f) => date(&f).map(Some),
                // Registered and never published: this publication includes it.
                None => Ok(Some(published_on)),
            }
        };
        let adjustments = adjustments(&read, Some(plan.published_on), &first_of)?;
        let new_adjustments: Vec<i64> = adjustments
            .values()
            .flat_map(|(_, a)| a.iter())
            .filter(|(_, on)| *on == plan.published_on)
            .map(|(a, _)| a.id)
            .collect();
        let mut publication = ParallelPublication::start(cut, plan.rules.clone());
        let fed = feed(&read, &mut publication, &cut, adjustments, &first_of);
        let outcome = publication.finish();
        fed?;
        let outcome = outcome?;
        read.commit().map_err(sql_err)?;
        let derived = started.elapsed();

        // Write: the publication, its totals and marks, in one transaction.
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql_err)?;
        if already(&tx)? {
            return Err(conflict());
        }
        tx.execute(
            "INSERT INTO publications (published_on, period_from, period_to, partners, lines, digest, published_at, cutoff)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                on,
                plan.period.from.to_string(),
                plan.period.to.to_string(),
                i64::try_from(outcome.partners).unwrap_or(i64::MAX),
                i64::try_from(outcome.lines).unwrap_or(i64::MAX),
                outcome.digest,
                plan.published_at.to_string(),
                cutoff
            ],
        )
        .map_err(sql_err)?;
        {
            // One statement for every newcomer (a hundred thousand at the first publication).
            tx.execute(
                "UPDATE partners SET first_publication = ?1
                 WHERE first_publication IS NULL AND mpn_id IN (SELECT value FROM json_each(?2))",
                params![on, serde_json::to_string(&newcomers).map_err(|e| StoreError::internal(e.to_string()))?],
            )
            .map_err(sql_err)?;
            let mut mark = tx
                .prepare_cached(
                    "UPDATE kpi_adjustments SET published_on = ?1 WHERE id = ?2 AND published_on IS NULL",
                )
                .map_err(sql_err)?;
            for id in &new_adjustments {
                mark.execute(params![on, id]).map_err(sql_err)?;
            }
            let mut insert = tx
                .prepare_cached(
                    "INSERT INTO publication_partner_totals (published_on, first_partner, last_partner, totals)
                     VALUES (?1, ?2, ?3, ?4)",
                )
                .map_err(sql_err)?;
            for chunk in totals_chunks(&outcome.totals) {
                insert
                    .execute(params![on, chunk.first.as_i64(), chunk.last.as_i64(), chunk.text])
                    .map_err(sql_err)?;
            }
        }
        let audit = audit
            .with_detail("digest", outcome.digest.clone())
            .with_detail("partners", outcome.partners)
            .with_detail("lines", outcome.lines)
            .with_detail("cutoff", cutoff);
        audit_log::append_on_bulk(&tx, &audit)?;
        tx.commit().map_err(sql_err)?;
        tracing::debug!(
            derive_seconds = derived.as_secs_f64(),
            write_seconds = (started.elapsed() - derived).as_secs_f64(),
            "publication made"
        );
        Ok(Publication {
            published_on: plan.published_on,
            period: plan.period,
            partners: outcome.partners,
            lines: outcome.lines,
            digest: outcome.digest,
            published_at: plan.published_at,
        })
    })
    .await
}

/// Derives a stored publication again from the ledger, with its stored totals; `read` is a
/// transaction the caller holds, so that the ledger does not change under it.
pub(crate) fn rederive(
    read: &Connection,
    published_on: Date,
) -> Result<Option<PublicationOutcome>, StoreError> {
    let header: Option<(String, String, Option<i64>)> = read
        .query_row(
            "SELECT period_from, period_to, cutoff FROM publications WHERE published_on = ?1",
            params![published_on.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()
        .map_err(sql_err)?;
    let Some((from, to, cutoff)) = header else {
        return Ok(None);
    };
    let period = MonthSpan {
        from: month(&from)?,
        to: month(&to)?,
    };
    let cutoff = cutoff.ok_or_else(|| {
        corrupt(
            "publication",
            format!("{published_on} has no cut-off: run `lpc migrate`"),
        )
    })?;
    let cut = cut(read, published_on, period, cutoff)?;
    let mut publication = ParallelPublication::start(cut, None);
    let first_of = |first: Option<String>| -> Result<Option<Date>, StoreError> {
        first.as_deref().map(date).transpose()
    };
    let adjustments = adjustments(read, None, &first_of)?;
    let fed = feed(read, &mut publication, &cut, adjustments, &first_of);
    let mut stored: Vec<PublishedTotal> = Vec::new();
    {
        let mut st = read
            .prepare(
                "SELECT totals FROM publication_partner_totals
                 WHERE published_on = ?1 ORDER BY first_partner",
            )
            .map_err(sql_err)?;
        let mut rows = st
            .query(params![published_on.to_string()])
            .map_err(sql_err)?;
        while let Some(r) = rows.next().map_err(sql_err)? {
            let text: String = r.get(0).map_err(sql_err)?;
            stored.extend(chunk_totals(&text)?);
        }
    }
    let outcome = publication.finish_with_stored_totals(stored);
    fed?;
    outcome.map(Some)
}

pub(crate) async fn rederive_publication(
    bulk: &Bulk,
    published_on: Date,
) -> Result<Option<PublicationOutcome>, StoreError> {
    let bulk = bulk.clone();
    blocking(move || {
        let mut conn = bulk.open()?;
        let read = conn.transaction().map_err(sql_err)?;
        let outcome = rederive(&read, published_on)?;
        read.commit().map_err(sql_err)?;
        Ok(outcome)
    })
    .await
}
