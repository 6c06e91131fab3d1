//! The scheduled jobs' runs: a claim is one upsert that only succeeds when the run is not done
//! and no other server's lease holds it, so that every server may try and exactly one wins.

use jiff::Timestamp;

use crate::StoreError;
use crate::rows::{JobClaim, JobRun};
use crate::sql::db::{Backend, Db};
use crate::sql::decode;
use crate::sql::query::sql;
use crate::sql::row::Row;

/// The longest text kept of a failed run's error (an outside input: a driver's or SMTP's
/// message).
const OUTCOME_MAX_CHARS: usize = 500;

fn run(row: &Row) -> Result<JobRun, StoreError> {
    let attempts: i64 = row.get("attempts")?;
    Ok(JobRun {
        job: row.get("job")?,
        due: row.get("due")?,
        server: row.get("server")?,
        started_at: decode::timestamp(&row.get::<String>("started_at")?)?,
        lease_until: decode::unix_seconds(row.get("lease_until")?)?,
        finished_at: decode::opt_timestamp(row.get("finished_at")?)?,
        outcome: row.get("outcome")?,
        attempts: u32::try_from(attempts)
            .map_err(|_| StoreError::corrupt(format!("stored job attempts {attempts}")))?,
    })
}

pub async fn claim(
    backend: &impl Backend,
    claim: &JobClaim,
    now: Timestamp,
) -> Result<Option<u32>, StoreError> {
    let won: Option<(i64,)> = backend
        .plain_write()
        .await?
        .fetch_optional_as(
            sql(
                "INSERT INTO job_runs (job, due, server, started_at, lease_until, attempts)
                 VALUES ($1, $2, $3, $4::timestamptz, $5, 1)
                 ON CONFLICT (job, due) DO UPDATE
                 SET server = excluded.server, started_at = excluded.started_at,
                     lease_until = excluded.lease_until, attempts = job_runs.attempts + 1,
                     outcome = NULL
                 WHERE job_runs.finished_at IS NULL AND job_runs.lease_until <= $6
                 RETURNING attempts",
            )
            .bind(claim.job.as_str())
            .bind(claim.due.as_str())
            .bind(claim.server.as_str())
            .bind(now.to_string())
            .bind(claim.lease_until.as_second())
            .bind(now.as_second()),
        )
        .await?;
    won.map(|(n,)| u32::try_from(n).map_err(|_| StoreError::corrupt("stored job attempts")))
        .transpose()
}

pub async fn renew(backend: &impl Backend, claim: &JobClaim) -> Result<bool, StoreError> {
    let changed = backend
        .plain_write()
        .await?
        .execute(
            sql("UPDATE job_runs SET lease_until = $1
                 WHERE job = $2 AND due = $3 AND server = $4 AND finished_at IS NULL")
            .bind(claim.lease_until.as_second())
            .bind(claim.job.as_str())
            .bind(claim.due.as_str())
            .bind(claim.server.as_str()),
        )
        .await?;
    Ok(changed == 1)
}

pub async fn finish(
    backend: &impl Backend,
    claim: &JobClaim,
    at: Timestamp,
    outcome: Result<(), &str>,
) -> Result<(), StoreError> {
    let query = match outcome {
        Ok(()) => sql(
            "UPDATE job_runs SET finished_at = $1::timestamptz, outcome = 'ok',
                           lease_until = $2
                       WHERE job = $3 AND due = $4 AND server = $5",
        )
        .bind(at.to_string())
        .bind(at.as_second()),
        // The lease ends now: the next tick of any server takes the run again.
        Err(error) => sql("UPDATE job_runs SET outcome = $1, lease_until = $2
                           WHERE job = $3 AND due = $4 AND server = $5")
        .bind(format!(
            "failed: {}",
            error.chars().take(OUTCOME_MAX_CHARS).collect::<String>()
        ))
        .bind(at.as_second()),
    };
    backend
        .plain_write()
        .await?
        .execute(
            query
                .bind(claim.job.as_str())
                .bind(claim.due.as_str())
                .bind(claim.server.as_str()),
        )
        .await?;
    Ok(())
}

pub async fn runs(backend: &impl Backend, limit: u32) -> Result<Vec<JobRun>, StoreError> {
    let rows = backend
        .read()
        .await?
        .fetch_all(
            sql(
                "SELECT job, due, server, started_at, lease_until, finished_at, outcome, attempts
                 FROM job_runs ORDER BY started_at DESC, job LIMIT $1",
            )
            .bind(limit),
        )
        .await?;
    rows.iter().map(run).collect()
}
