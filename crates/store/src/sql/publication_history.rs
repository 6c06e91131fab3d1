//! The publication history of the operator console: every publication, newest first, with
//! who published it (from the audit log).

use crate::{PublicationRecord, StoreError};

use crate::sql::db::{Backend, Db};
use crate::sql::publications::header;
use crate::sql::query::sql;

/// The newest `limit` publications, newest first, each with who published it.
pub async fn latest(
    backend: &impl Backend,
    limit: u32,
) -> Result<Vec<PublicationRecord>, StoreError> {
    let rows = backend
        .read()
        .await?
        .fetch_all(
            sql(
                "SELECT p.published_on, p.period_from, p.period_to, p.partners, p.lines,
                        p.digest, p.published_at,
                        (SELECT a.actor FROM audit_events a
                         WHERE a.subject = 'publication:' || p.published_on::text
                           AND a.action = 'publication.publish'
                         ORDER BY a.seq LIMIT 1) AS published_by
                 FROM publications p ORDER BY p.published_on DESC LIMIT $1",
            )
            .bind(limit),
        )
        .await?;
    rows.iter()
        .map(|row| {
            Ok(PublicationRecord {
                publication: header(row)?,
                published_by: row.get("published_by")?,
            })
        })
        .collect()
}
