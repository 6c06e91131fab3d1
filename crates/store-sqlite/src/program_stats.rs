//! The operators' program overview and partner pages (issue 7): counts by `GROUP BY`,
//! partner search and audit trails, each one query over indexed columns where one exists.

use jiff::civil::Date;
use lpc_store::program_stats::{
    self, AnniversaryCounts, AuditTrailFilter, CompetencyCount, CountryCount, OpenCasesOn,
    PartnerQuery, ProgramCounts, TierCount,
};
use lpc_store::{AuditEvent, Membership, Partner, StoreError};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqlitePool};

use crate::{db_err, decode, memberships};

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or_default()
}

pub(crate) async fn counts(pool: &SqlitePool) -> Result<ProgramCounts, StoreError> {
    let (partners,): (i64,) = sqlx::query_as("SELECT count(*) FROM partners")
        .fetch_one(pool)
        .await
        .map_err(db_err)?;
    let tiers: Vec<(String, i64)> = sqlx::query_as(
        "SELECT option, count(DISTINCT partner_id) FROM memberships WHERE status = 'active'
         GROUP BY option",
    )
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    let mut by_tier = tiers
        .into_iter()
        .map(|(option, n)| {
            Ok(TierCount {
                option: program_stats::option_of(&option)?,
                partners: count(n),
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    by_tier.sort_by_key(|t| t.option);
    let competencies: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT competency, sum(option = 'silver'), sum(option = 'gold') FROM memberships
         WHERE status = 'active' AND competency <> '' GROUP BY competency ORDER BY competency",
    )
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    let countries: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT p.country, count(*), count(a.partner_id) FROM partners p
         LEFT JOIN (SELECT DISTINCT partner_id FROM memberships WHERE status = 'active') a
                ON a.partner_id = p.mpn_id
         GROUP BY p.country ORDER BY count(*) DESC, p.country",
    )
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    let cases: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT kind, substr(opened_at, 1, 10), count(*) FROM support_cases
         WHERE state IN ('open', 'waiting_on_partner') GROUP BY 1, 2 ORDER BY 2, 1",
    )
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    Ok(ProgramCounts {
        partners: count(partners),
        by_tier,
        by_competency: competencies
            .into_iter()
            .map(|(competency, silver, gold)| CompetencyCount {
                competency,
                silver: count(silver),
                gold: count(gold),
            })
            .collect(),
        by_country: countries
            .into_iter()
            .map(|(country, partners, active)| CountryCount {
                country,
                partners: count(partners),
                active: count(active),
            })
            .collect(),
        open_cases: cases
            .into_iter()
            .map(|(kind, day, cases)| {
                Ok(OpenCasesOn {
                    kind: program_stats::case_kind_of(&kind)?,
                    opened_on: decode::date(&day)?,
                    cases: count(cases),
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?,
    })
}

pub(crate) async fn anniversary_counts(
    pool: &SqlitePool,
    today: Date,
) -> Result<AnniversaryCounts, StoreError> {
    let day = |n: i64| today.saturating_add(jiff::Span::new().days(n)).to_string();
    let (within_30, within_60, within_90): (i64, i64, i64) = sqlx::query_as(
        "SELECT coalesce(sum(anniversary_date <= ?2), 0), coalesce(sum(anniversary_date <= ?3), 0),
                count(*)
         FROM memberships WHERE status = 'active' AND anniversary_date > ?1 AND anniversary_date <= ?4",
    )
    .bind(today.to_string())
    .bind(day(30))
    .bind(day(60))
    .bind(day(90))
    .fetch_one(pool)
    .await
    .map_err(db_err)?;
    Ok(AnniversaryCounts {
        within_30: count(within_30),
        within_60: count(within_60),
        within_90: count(within_90),
    })
}

pub(crate) async fn anniversaries_between(
    pool: &SqlitePool,
    from: Date,
    until: Date,
    offset: u64,
    limit: u32,
) -> Result<Vec<Membership>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, partner_id, option, competency, started_on, anniversary_date, status, ended_on,
                refund_forfeited, marketplace_access_on
         FROM memberships WHERE status = 'active' AND anniversary_date BETWEEN ? AND ?
         ORDER BY anniversary_date, id LIMIT ? OFFSET ?",
    )
    .bind(from.to_string())
    .bind(until.to_string())
    .bind(i64::from(limit))
    .bind(i64::try_from(offset).unwrap_or(i64::MAX))
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter().map(memberships::membership).collect()
}

const PARTNER_FILTER: &str = "(?1 IS NULL OR mpn_id = ?1)
      AND (?2 IS NULL OR lower(name) LIKE '%' || ?2 || '%' ESCAPE '\\')
      AND (?3 IS NULL OR country = ?3)";

pub(crate) async fn search_partners(
    pool: &SqlitePool,
    query: &PartnerQuery,
    offset: u64,
    limit: u32,
) -> Result<(Vec<Partner>, u64), StoreError> {
    let mpn = query.mpn_id.map(|m| m.as_i64());
    let name = query
        .name
        .as_deref()
        .map(|n| program_stats::like_escape(&n.to_lowercase()));
    let country = query.country.clone();
    let (total,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT count(*) FROM partners WHERE {PARTNER_FILTER}"
    )))
    .bind(mpn)
    .bind(name.clone())
    .bind(country.clone())
    .fetch_one(pool)
    .await
    .map_err(db_err)?;
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {} FROM partners WHERE {PARTNER_FILTER}
         ORDER BY mpn_id LIMIT ?4 OFFSET ?5",
        lpc_store::sql::partners::COLUMNS
    )))
    .bind(mpn)
    .bind(name)
    .bind(country)
    .bind(i64::from(limit))
    .bind(i64::try_from(offset).unwrap_or(i64::MAX))
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    let partners = rows
        .iter()
        .map(decode::partner)
        .collect::<Result<Vec<_>, _>>()?;
    Ok((partners, count(total)))
}

pub(crate) async fn audit_trail(
    pool: &SqlitePool,
    filter: &AuditTrailFilter,
    before: Option<i64>,
    limit: u32,
) -> Result<Vec<AuditEvent>, StoreError> {
    let rows =
        match filter {
            AuditTrailFilter::Partner(partner) => sqlx::query(
                "SELECT seq, at, actor, action, subject, details, prev_hash, hash FROM audit_events
                 WHERE subject IN (
                     SELECT 'partner:' || ?1
                     UNION ALL SELECT 'user:' || u.email FROM users u
                         JOIN user_roles r ON r.user_id = u.id WHERE r.partner_id = ?1
                     UNION ALL SELECT 'membership:' || id FROM memberships WHERE partner_id = ?1
                     UNION ALL SELECT 'order:' || id FROM orders WHERE partner_id = ?1
                     UNION ALL SELECT 'case:' || id FROM support_cases WHERE partner_id = ?1)
                   AND (?2 IS NULL OR seq < ?2)
                 ORDER BY seq DESC LIMIT ?3",
            )
            .bind(partner.as_i64())
            .bind(before)
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await,
            AuditTrailFilter::Action(action) => sqlx::query(
                "SELECT seq, at, actor, action, subject, details, prev_hash, hash FROM audit_events
                 WHERE action = ?1 AND (?2 IS NULL OR seq < ?2)
                 ORDER BY seq DESC LIMIT ?3",
            )
            .bind(action)
            .bind(before)
            .bind(i64::from(limit))
            .fetch_all(pool)
            .await,
        }
        .map_err(db_err)?;
    rows.iter().map(event).collect()
}

fn event(row: &SqliteRow) -> Result<AuditEvent, StoreError> {
    let text = |col: &str| row.try_get::<String, _>(col).map_err(db_err);
    Ok(AuditEvent {
        seq: row.try_get("seq").map_err(db_err)?,
        at: text("at")?,
        actor: text("actor")?,
        action: text("action")?,
        subject: text("subject")?,
        details: text("details")?,
        prev_hash: text("prev_hash")?,
        hash: text("hash")?,
    })
}
