//! Making a publication on PostgreSQL: one pass over the segments its cut-off includes, in
//! partner order, in a read-only snapshot; then one write transaction with the publication,
//! its totals and the marks of what it included for the first time.

use std::collections::BTreeMap;

use futures_util::TryStreamExt;
use jiff::civil::Date;
use lpc_domain::MpnId;
use lpc_store::ledger::{
    Feeder, ParallelPublication, PartnerAdjustments, PublicationCut, PublicationOutcome,
    month_number,
};
use lpc_store::publishing::{PublicationPlan, chunk_totals, totals_chunks};
use lpc_store::{AuditDraft, Publication, PublishedTotal, StoreError};
use sqlx::{Connection, PgConnection, PgPool, Row};

use super::read::cut_with;
use crate::{audit_log, db_err};
use lpc_store::sql::decode;

/// Accepted adjustments by partner, each with the date of the publication that first
/// included it (or `including_now`, for one none has yet); each partner with its first
/// publication as `first_of` resolves it.
async fn adjustments(
    conn: &mut PgConnection,
    including_now: Option<Date>,
    first_of: &(dyn Fn(Option<Date>) -> Option<Date> + Sync),
) -> Result<BTreeMap<MpnId, PartnerAdjustments>, StoreError> {
    let all = lpc_store::sql::cases::all_adjustments_in(&mut crate::db::on(conn)).await?;
    let firsts: Vec<(i64, Option<String>)> = sqlx::query_as(
        "SELECT p.mpn_id, p.first_publication::text FROM partners p
         WHERE p.mpn_id IN (SELECT partner_id FROM kpi_adjustments)",
    )
    .fetch_all(&mut *conn)
    .await
    .map_err(db_err)?;
    let mut first_by_partner = BTreeMap::new();
    for (id, first) in firsts {
        first_by_partner.insert(decode::mpn_id(id)?, decode::opt_date(first)?);
    }
    let mut by_partner: BTreeMap<MpnId, PartnerAdjustments> = BTreeMap::new();
    for a in all {
        let Some(on) = a.published_on.or(including_now) else {
            continue;
        };
        let Some(first) = first_by_partner.get(&a.partner_id) else {
            continue;
        };
        let first = first_of(*first);
        by_partner
            .entry(a.partner_id)
            .or_insert_with(|| (first, Vec::new()))
            .1
            .push((a, on));
    }
    Ok(by_partner)
}

/// Reads every partner's segments in the cut, in MPN ID order, into `publication` (whose
/// threads derive and hash them). A push waits when the workers are behind: the publication
/// holds at most a few chunks of partners in memory.
async fn feed(
    conn: &mut PgConnection,
    publication: &mut ParallelPublication,
    cut: &PublicationCut,
    adjustments: BTreeMap<MpnId, PartnerAdjustments>,
    first_of: &(dyn Fn(Option<Date>) -> Option<Date> + Sync),
) -> Result<(), StoreError> {
    let (from, to) = cut.months();
    let mut feeder = Feeder::new(|p| publication.push(p), adjustments);
    let mut rows = sqlx::query(
        "SELECT s.partner_id, s.batch, s.data, p.first_publication::text
         FROM ledger_segments s
         JOIN partners p ON p.mpn_id = s.partner_id
         WHERE s.batch <= $1 AND s.month_to >= $2 AND s.month_from <= $3
           AND s.batch IN (SELECT id FROM ledger_batches WHERE state = 'committed')
         ORDER BY s.partner_id",
    )
    .bind(cut.cutoff)
    .bind(month_number(from))
    .bind(month_number(to))
    .fetch(&mut *conn);
    while let Some(row) = rows.try_next().await.map_err(db_err)? {
        let partner = decode::mpn_id(row.try_get(0).map_err(db_err)?)?;
        let batch: i64 = row.try_get(1).map_err(db_err)?;
        let data: Vec<u8> = row.try_get(2).map_err(db_err)?;
        let first = decode::opt_date(row.try_get(3).map_err(db_err)?)?;
        feeder.segment(partner, first_of(first), batch, data)?;
    }
    feeder.finish().map(|_| ())
}

pub(crate) async fn publish(
    pool: &PgPool,
    plan: &PublicationPlan,
    audit: &AuditDraft,
) -> Result<Publication, StoreError> {
    let on = plan.published_on.to_string();
    let conflict = || StoreError::Conflict(format!("the report of {on} is already published"));
    let mut conn = pool.acquire().await.map_err(db_err)?;

    // Read: one snapshot of the ledger, without any lock.
    let mut read = conn.begin().await.map_err(db_err)?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .execute(&mut *read)
        .await
        .map_err(db_err)?;
    let exists: Option<(i32,)> =
        sqlx::query_as("SELECT 1 FROM publications WHERE published_on = $1::date")
            .bind(&on)
            .fetch_optional(&mut *read)
            .await
            .map_err(db_err)?;
    if exists.is_some() {
        return Err(conflict());
    }
    let (cutoff,): (i64,) =
        sqlx::query_as("SELECT coalesce(max(id), 0) FROM ledger_batches WHERE state = 'committed'")
            .fetch_one(&mut *read)
            .await
            .map_err(db_err)?;
    let cut: PublicationCut = cut_with(&mut read, plan.published_on, plan.period, cutoff).await?;
    let newcomers: Vec<(i64,)> =
        sqlx::query_as("SELECT mpn_id FROM partners WHERE first_publication IS NULL")
            .fetch_all(&mut *read)
            .await
            .map_err(db_err)?;
    let newcomers: Vec<i64> = newcomers.into_iter().map(|(id,)| id).collect();
    let published_on = plan.published_on;
    // Registered and never published: this publication includes it.
    let first_of = move |first: Option<Date>| Some(first.unwrap_or(published_on));
    let adjustments = adjustments(&mut read, Some(published_on), &first_of).await?;
    let new_adjustments: Vec<i64> = adjustments
        .values()
        .flat_map(|(_, a)| a.iter())
        .filter(|(a, _)| a.published_on.is_none())
        .map(|(a, _)| a.id)
        .collect();
    let mut publication = ParallelPublication::start(cut, plan.rules.clone());
    let fed = feed(&mut read, &mut publication, &cut, adjustments, &first_of).await;
    let outcome = publication.finish();
    fed?;
    let outcome = outcome?;
    read.commit().await.map_err(db_err)?;
    drop(conn);

    // Write: the publication, its totals and marks, in one transaction.
    let mut tx = audit_log::begin_write(pool).await?;
    let inserted = sqlx::query(
        "INSERT INTO publications (published_on, period_from, period_to, partners, lines, digest, published_at, cutoff)
         VALUES ($1::date, $2, $3, $4, $5, $6, $7::timestamptz, $8) ON CONFLICT DO NOTHING",
    )
    .bind(&on)
    .bind(plan.period.from.to_string())
    .bind(plan.period.to.to_string())
    .bind(i64::try_from(outcome.partners).unwrap_or(i64::MAX))
    .bind(i64::try_from(outcome.lines).unwrap_or(i64::MAX))
    .bind(&outcome.digest)
    .bind(plan.published_at.to_string())
    .bind(cutoff)
    .execute(&mut *tx)
    .await
    .map_err(db_err)?
    .rows_affected();
    if inserted != 1 {
        return Err(conflict());
    }
    sqlx::query(
        "UPDATE partners SET first_publication = $1::date
         WHERE mpn_id = ANY($2) AND first_publication IS NULL",
    )
    .bind(&on)
    .bind(newcomers)
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    sqlx::query(
        "UPDATE kpi_adjustments SET published_on = $1::date WHERE id = ANY($2) AND published_on IS NULL",
    )
    .bind(&on)
    .bind(new_adjustments)
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    let chunks = totals_chunks(&outcome.totals);
    let firsts: Vec<i64> = chunks.iter().map(|c| c.first.as_i64()).collect();
    let lasts: Vec<i64> = chunks.iter().map(|c| c.last.as_i64()).collect();
    let texts: Vec<&str> = chunks.iter().map(|c| c.text.as_str()).collect();
    sqlx::query(
        "INSERT INTO publication_partner_totals (published_on, first_partner, last_partner, totals)
         SELECT $1::date, * FROM unnest($2::bigint[], $3::bigint[], $4::text[])",
    )
    .bind(&on)
    .bind(firsts)
    .bind(lasts)
    .bind(texts)
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    let audit = audit
        .with_detail("digest", outcome.digest.clone())
        .with_detail("partners", outcome.partners)
        .with_detail("lines", outcome.lines)
        .with_detail("cutoff", cutoff);
    audit_log::append(&mut tx, &audit).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(Publication {
        published_on: plan.published_on,
        period: plan.period,
        partners: outcome.partners,
        lines: outcome.lines,
        digest: outcome.digest,
        published_at: plan.published_at,
    })
}

/// Derives a stored publication again from the ledger, with its stored totals, on `conn`
/// (inside a transaction the caller holds).
pub(crate) async fn rederive(
    conn: &mut PgConnection,
    published_on: Date,
) -> Result<Option<PublicationOutcome>, StoreError> {
    let Some(cut) = super::read::cut_of(conn, published_on).await? else {
        return Ok(None);
    };
    let mut publication = ParallelPublication::start(cut, None);
    let first_of = |first: Option<Date>| first;
    let adjustments = adjustments(conn, None, &first_of).await?;
    let fed = feed(conn, &mut publication, &cut, adjustments, &first_of).await;
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT totals FROM publication_partner_totals
         WHERE published_on = $1::date ORDER BY first_partner",
    )
    .bind(published_on.to_string())
    .fetch_all(&mut *conn)
    .await
    .map_err(db_err)?;
    let mut stored: Vec<PublishedTotal> = Vec::new();
    for (text,) in rows {
        stored.extend(chunk_totals(&text)?);
    }
    let outcome = publication.finish_with_stored_totals(stored);
    fed?;
    outcome.map(Some)
}

pub(crate) async fn rederive_publication(
    pool: &PgPool,
    published_on: Date,
) -> Result<Option<PublicationOutcome>, StoreError> {
    let mut conn = pool.acquire().await.map_err(db_err)?;
    let mut read = conn.begin().await.map_err(db_err)?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .execute(&mut *read)
        .await
        .map_err(db_err)?;
    let outcome = rederive(&mut read, published_on).await?;
    read.commit().await.map_err(db_err)?;
    Ok(outcome)
}
