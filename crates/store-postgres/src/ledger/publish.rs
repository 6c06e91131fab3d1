//! Making a publication on PostgreSQL: one pass over the segments its cut-off includes, in
//! partner order, in a read-only snapshot; then one write transaction with the publication,
//! its totals and the marks of what it included for the first time.

use std::collections::BTreeMap;

use futures_util::TryStreamExt;
use jiff::civil::Date;
use lpc_domain::MpnId;
use lpc_store::ledger::{
    Feeder, PartnerAdjustments, PublicationBuilder, PublicationCut, PublicationOutcome, Segment,
    month_number,
};
use lpc_store::publishing::{PublicationPlan, totals_from_json, totals_json};
use lpc_store::{AuditDraft, Publication, PublishedTotal, StoreError};
use sqlx::{Connection, PgConnection, PgPool, Row};

use super::read::cut_with;
use crate::{audit_log, cases, db_err, decode};

/// Accepted adjustments by partner, each with the date of the publication that first
/// included it (or `including_now`, for one none has yet); each partner with its first
/// publication as `first_of` resolves it.
async fn adjustments(
    conn: &mut PgConnection,
    including_now: Option<Date>,
    first_of: &(dyn Fn(Option<Date>) -> Option<Date> + Sync),
) -> Result<BTreeMap<MpnId, PartnerAdjustments>, StoreError> {
    let all = cases::adjustments_on(conn).await?;
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

async fn feed(
    conn: &mut PgConnection,
    builder: &mut PublicationBuilder,
    adjustments: BTreeMap<MpnId, PartnerAdjustments>,
    first_of: &(dyn Fn(Option<Date>) -> Option<Date> + Sync),
) -> Result<(), StoreError> {
    let cut = *builder.cut();
    let (from, to) = cut.months();
    let mut feeder = Feeder::new(builder, adjustments);
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
        let data: &[u8] = row.try_get(2).map_err(db_err)?;
        let segment = Segment::decode(data)?;
        let first = decode::opt_date(row.try_get(3).map_err(db_err)?)?;
        feeder.segment(partner, first_of(first), batch, segment)?;
    }
    feeder.finish()
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
    let mut builder = PublicationBuilder::new(cut, plan.rules.clone());
    feed(&mut read, &mut builder, adjustments, &first_of).await?;
    read.commit().await.map_err(db_err)?;
    drop(conn);
    let outcome = builder.finish();

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
    let mut partners = Vec::new();
    let mut texts = Vec::new();
    for partner_totals in outcome.totals.chunk_by(|a, b| a.partner_id == b.partner_id) {
        if let Some(first) = partner_totals.first() {
            partners.push(first.partner_id.as_i64());
            texts.push(totals_json(partner_totals));
        }
    }
    for (p, t) in partners.chunks(20_000).zip(texts.chunks(20_000)) {
        sqlx::query(
            "INSERT INTO publication_partner_totals (published_on, partner_id, totals)
             SELECT $1::date, * FROM unnest($2::bigint[], $3::text[])",
        )
        .bind(&on)
        .bind(p)
        .bind(t)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    }
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
    let mut builder = PublicationBuilder::new(cut, None);
    let first_of = |first: Option<Date>| first;
    let adjustments = adjustments(conn, None, &first_of).await?;
    feed(conn, &mut builder, adjustments, &first_of).await?;
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT partner_id, totals FROM publication_partner_totals
         WHERE published_on = $1::date ORDER BY partner_id",
    )
    .bind(published_on.to_string())
    .fetch_all(&mut *conn)
    .await
    .map_err(db_err)?;
    let mut stored: Vec<PublishedTotal> = Vec::new();
    for (partner, text) in rows {
        stored.extend(totals_from_json(decode::mpn_id(partner)?, &text)?);
    }
    Ok(Some(builder.finish_with_stored_totals(stored)))
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
