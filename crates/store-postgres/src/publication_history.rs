//! The publication history of the operator console: every publication, newest first, with
//! who published it (from the audit log).

use lpc_domain::calendar::{MonthSpan, YearMonth};
use lpc_store::{Publication, PublicationRecord, StoreError};
use sqlx::{PgPool, Row};

use crate::decode::ts_text;
use crate::{db_err, decode};

fn year_month(text: &str) -> Result<YearMonth, StoreError> {
    text.parse()
        .map_err(|e| StoreError::corrupt(format!("stored month {text:?}: {e}")))
}

pub(crate) async fn latest(
    pool: &PgPool,
    limit: u32,
) -> Result<Vec<PublicationRecord>, StoreError> {
    let rows = sqlx::query(concat!(
        "SELECT p.published_on::text AS published_on, p.period_from, p.period_to, p.partners,
                p.lines, p.digest, ",
        ts_text!("p.published_at"),
        " AS published_at,
                (SELECT a.actor FROM audit_events a
                 WHERE a.subject = 'publication:' || p.published_on::text
                   AND a.action = 'publication.publish'
                 ORDER BY a.seq LIMIT 1) AS published_by
         FROM publications p ORDER BY p.published_on DESC LIMIT $1"
    ))
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter()
        .map(|row| {
            let text = |col: &str| row.try_get::<String, _>(col).map_err(db_err);
            let count = |col: &str| {
                row.try_get::<i64, _>(col)
                    .map_err(db_err)
                    .map(|n| u64::try_from(n).unwrap_or_default())
            };
            Ok(PublicationRecord {
                publication: Publication {
                    published_on: decode::date(&text("published_on")?)?,
                    period: MonthSpan {
                        from: year_month(&text("period_from")?)?,
                        to: year_month(&text("period_to")?)?,
                    },
                    partners: count("partners")?,
                    lines: count("lines")?,
                    digest: text("digest")?,
                    published_at: decode::timestamp(&text("published_at")?)?,
                },
                published_by: row
                    .try_get::<Option<String>, _>("published_by")
                    .map_err(db_err)?,
            })
        })
        .collect()
}
