//! The operators' program overview and partner pages (issue 7): counts by `GROUP BY`,
//! partner search and audit trails, each one query over indexed columns where one exists.

use jiff::civil::Date;

use crate::program_stats::{
    self, AnniversaryCounts, AuditTrailFilter, CompetencyCount, CountryCount, OpenCasesOn,
    PartnerQuery, ProgramCounts, TierCount,
};
use crate::sql::db::{Backend, Db, Dialect};
use crate::sql::query::sql;
use crate::sql::{audit_log, decode, memberships, partners};
use crate::{AuditEvent, Membership, Partner, StoreError};

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or_default()
}

/// The day (UTC) a stored timestamp column falls on, as ISO text.
fn day_of(dialect: Dialect, column: &str) -> String {
    match dialect {
        // SQLite stores timestamps as RFC 3339 text in UTC.
        Dialect::Sqlite => format!("substr({column}, 1, 10)"),
        Dialect::Postgres => format!("(({column} AT TIME ZONE 'UTC')::date)::text"),
    }
}

pub async fn counts<B: Backend>(backend: &B) -> Result<ProgramCounts, StoreError> {
    let mut db = backend.read().await?;
    let (partners,): (i64,) = db
        .fetch_one_as(sql("SELECT count(*) FROM partners"))
        .await?;
    let tiers: Vec<(String, i64)> = db
        .fetch_all_as(sql(
            "SELECT option, count(DISTINCT partner_id) FROM memberships WHERE status = 'active'
             GROUP BY option",
        ))
        .await?;
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
    let competencies: Vec<(String, i64, i64)> = db
        .fetch_all_as(sql(
            "SELECT competency, count(*) FILTER (WHERE option = 'silver'),
                    count(*) FILTER (WHERE option = 'gold')
             FROM memberships WHERE status = 'active' AND competency <> ''
             GROUP BY competency ORDER BY competency",
        ))
        .await?;
    let countries: Vec<(String, i64, i64)> = db
        .fetch_all_as(sql(
            "SELECT p.country, count(*), count(a.partner_id) FROM partners p
             LEFT JOIN (SELECT DISTINCT partner_id FROM memberships WHERE status = 'active') a
                    ON a.partner_id = p.mpn_id
             GROUP BY p.country ORDER BY count(*) DESC, p.country",
        ))
        .await?;
    let cases: Vec<(String, String, i64)> = db
        .fetch_all_as(sql(format!(
            "SELECT kind, {} AS day, count(*)
             FROM support_cases WHERE state IN ('open', 'waiting_on_partner')
             GROUP BY 1, 2 ORDER BY 2, 1",
            day_of(B::DIALECT, "opened_at")
        )))
        .await?;
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

pub async fn anniversary_counts(
    backend: &impl Backend,
    today: Date,
) -> Result<AnniversaryCounts, StoreError> {
    let day = |n: i64| today.saturating_add(jiff::Span::new().days(n)).to_string();
    let (within_30, within_60, within_90): (i64, i64, i64) = backend
        .read()
        .await?
        .fetch_one_as(
            sql(
                "SELECT count(*) FILTER (WHERE anniversary_date <= $1::date),
                        count(*) FILTER (WHERE anniversary_date <= $2::date), count(*)
                 FROM memberships
                 WHERE status = 'active' AND anniversary_date > $3::date
                   AND anniversary_date <= $4::date",
            )
            .bind(day(30))
            .bind(day(60))
            .bind(today.to_string())
            .bind(day(90)),
        )
        .await?;
    Ok(AnniversaryCounts {
        within_30: count(within_30),
        within_60: count(within_60),
        within_90: count(within_90),
    })
}

pub async fn anniversaries_between(
    backend: &impl Backend,
    from: Date,
    until: Date,
    offset: u64,
    limit: u32,
) -> Result<Vec<Membership>, StoreError> {
    let rows = backend
        .read()
        .await?
        .fetch_all(
            sql(format!(
                "SELECT {} FROM memberships
                 WHERE status = 'active' AND anniversary_date BETWEEN $1::date AND $2::date
                 ORDER BY anniversary_date, id LIMIT $3 OFFSET $4",
                memberships::COLUMNS
            ))
            .bind(from.to_string())
            .bind(until.to_string())
            .bind(limit)
            .bind(i64::try_from(offset).unwrap_or(i64::MAX)),
        )
        .await?;
    rows.iter().map(memberships::membership).collect()
}

/// `LIKE` escapes with a backslash, said explicitly: SQLite has no default escape character.
const PARTNER_FILTER: &str = "($1::bigint IS NULL OR mpn_id = $1::bigint)
      AND ($2::text IS NULL OR lower(name) LIKE '%' || $2::text || '%' ESCAPE '\\')
      AND ($3::text IS NULL OR country = $3::text)";

pub async fn search_partners(
    backend: &impl Backend,
    query: &PartnerQuery,
    offset: u64,
    limit: u32,
) -> Result<(Vec<Partner>, u64), StoreError> {
    let mpn = query.mpn_id.map(|m| m.as_i64());
    let name = query
        .name
        .as_deref()
        .map(|n| program_stats::like_escape(&n.to_lowercase()));
    let country = query.country.as_deref();
    let mut db = backend.read().await?;
    let (total,): (i64,) = db
        .fetch_one_as(
            sql(format!(
                "SELECT count(*) FROM partners WHERE {PARTNER_FILTER}"
            ))
            .bind(mpn)
            .bind(name.as_deref())
            .bind(country),
        )
        .await?;
    let rows = db
        .fetch_all(
            sql(format!(
                "SELECT {} FROM partners WHERE {PARTNER_FILTER}
                 ORDER BY mpn_id LIMIT $4 OFFSET $5",
                partners::COLUMNS
            ))
            .bind(mpn)
            .bind(name.as_deref())
            .bind(country)
            .bind(limit)
            .bind(i64::try_from(offset).unwrap_or(i64::MAX)),
        )
        .await?;
    let partners = rows
        .iter()
        .map(decode::partner)
        .collect::<Result<Vec<_>, _>>()?;
    Ok((partners, count(total)))
}

pub async fn audit_trail(
    backend: &impl Backend,
    filter: &AuditTrailFilter,
    before: Option<i64>,
    limit: u32,
) -> Result<Vec<AuditEvent>, StoreError> {
    let query = match filter {
        AuditTrailFilter::Partner(partner) => sql(
            "SELECT seq, at, actor, action, subject, details, prev_hash, hash FROM audit_events
             WHERE (subject IN (
                 SELECT 'partner:' || $1::bigint
                 UNION ALL SELECT 'user:' || u.email FROM users u
                     JOIN user_roles r ON r.user_id = u.id WHERE r.partner_id = $1::bigint
                 UNION ALL SELECT 'membership:' || id FROM memberships WHERE partner_id = $1::bigint
                 UNION ALL SELECT 'order:' || id FROM orders WHERE partner_id = $1::bigint
                 UNION ALL SELECT 'case:' || id FROM support_cases WHERE partner_id = $1::bigint)
               OR seq = (SELECT registered_in FROM partners WHERE mpn_id = $1::bigint))
               AND ($2::bigint IS NULL OR seq < $2::bigint)
             ORDER BY seq DESC LIMIT $3",
        )
        .bind(partner.as_i64()),
        AuditTrailFilter::Action(action) => sql(
            "SELECT seq, at, actor, action, subject, details, prev_hash, hash FROM audit_events
             WHERE action = $1 AND ($2::bigint IS NULL OR seq < $2::bigint)
             ORDER BY seq DESC LIMIT $3",
        )
        .bind(action.as_str()),
    };
    let rows = backend
        .read()
        .await?
        .fetch_all(query.bind(before).bind(limit))
        .await?;
    rows.iter().map(audit_log::event).collect()
}
