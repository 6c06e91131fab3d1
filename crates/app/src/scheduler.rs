//! The server's scheduled jobs, catching up what was missed while the server was down.
//!
//! Several servers may share one database (issue 18). Each job's run is due once per day (or
//! hour) and is claimed by one server with a lease in the store ([`lpc_store::JobStore`]): the
//! server renews the lease while the job runs; when it dies, the lease runs out and the next
//! tick of any server takes the run over. The jobs stay idempotent, so a run taken over
//! half-done changes nothing twice. Each run is recorded with its server and outcome, shown on
//! the console's overview. Mail is not a job: each mail is claimed on its own (`crate::mail`).

use std::future::Future;
use std::sync::Arc;

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use lpc_domain::calendar;
use lpc_store::JobClaim;

use crate::publications::{self, Published};
use crate::{Actor, App, AppError};

/// Publishes every report due up to today (R17): after the latest stored publication, each
/// missed 15th in turn; with none stored yet, only the latest one (history before lpc ran is
/// not invented).
pub async fn publish_due(app: &App) -> Result<Vec<Published>, AppError> {
    let actor = Actor::Scheduler;
    let target = calendar::publication_on_or_before(app.clock().today());
    let mut due: Vec<Date> = Vec::new();
    match app.store().latest_publication(target).await? {
        Some(latest) if latest.published_on == target => {}
        Some(latest) => {
            let mut next = latest.published_on;
            while next < target {
                next = next
                    .checked_add(jiff::Span::new().months(1))
                    .map_err(|e| AppError::Internal(e.to_string()))?;
                due.push(next);
            }
        }
        None => due.push(target),
    }
    let mut done = Vec::new();
    for date in due {
        done.push(publications::publish_on(app, &actor, date).await?);
    }
    Ok(done)
}

/// This server among the servers of one database: its name in job runs and mail claims, and
/// how long its claims hold unless renewed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scheduling {
    /// `host:pid:start`, unique per process.
    pub server: Arc<str>,
    /// How long a claim on a job's run holds; renewed every third of it while the job runs,
    /// so a dead server's run is taken over at most this long after it died.
    pub job_lease: SignedDuration,
    /// How long a claim on a mail holds while it is being sent.
    pub mail_lease: SignedDuration,
}

impl Default for Scheduling {
    fn default() -> Self {
        let host = std::env::var("HOSTNAME")
            .ok()
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| "lpc".to_owned());
        let started = Timestamp::now().as_millisecond();
        Self {
            server: format!(
                "{}:{}:{started:x}",
                host.chars().take(64).collect::<String>(),
                std::process::id()
            )
            .into(),
            job_lease: SignedDuration::from_mins(15),
            mail_lease: SignedDuration::from_mins(5),
        }
    }
}

/// How often a job is due: its runs are keyed by the day, or by the day and hour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cadence {
    Daily,
    Hourly,
}

impl Cadence {
    fn due(self, today: Date, now: Timestamp) -> String {
        match self {
            Self::Daily => today.to_string(),
            Self::Hourly => format!(
                "{today}T{:02}",
                now.to_zoned(jiff::tz::TimeZone::UTC).hour()
            ),
        }
    }
}

/// The environment variable that makes a server hold a claimed job before running it:
/// `job:seconds`. Only for the tests that kill a server in the middle of a job (issue 18).
pub const HOLD_JOB_FOR_TESTS: &str = "LPC_TEST_HOLD_JOB";

/// How long to hold `job` before running it, as [`HOLD_JOB_FOR_TESTS`] says.
fn test_hold(job: &str) -> Option<std::time::Duration> {
    let value = std::env::var(HOLD_JOB_FOR_TESTS).ok()?;
    let (name, seconds) = value.split_once(':')?;
    let seconds: u64 = seconds.parse().ok()?;
    (name == job).then(|| std::time::Duration::from_secs(seconds.min(600)))
}

/// Runs `work` as the run of `job` due now, if this server wins its claim: renews the lease
/// while it works, then records the outcome. A run another server holds, or one already done,
/// is left alone; a failed run is tried again at the next tick (of any server).
async fn once<F, Fut>(app: &App, job: &'static str, cadence: Cadence, work: F)
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<(), AppError>>,
{
    let scheduling = app.scheduling().clone();
    let now = app.clock().now();
    let lease_end = |from: Timestamp| from.saturating_add(scheduling.job_lease).unwrap_or(from);
    let mut claim = JobClaim {
        job: job.to_owned(),
        due: cadence.due(app.clock().today(), now),
        server: scheduling.server.to_string(),
        lease_until: lease_end(now),
    };
    match app.store().claim_job(&claim, now).await {
        Ok(Some(attempt)) => {
            tracing::debug!(job, due = %claim.due, attempt, "job claimed");
        }
        Ok(None) => return,
        Err(e) => {
            tracing::warn!(job, error = %e, "job not claimed; tried again at the next tick");
            return;
        }
    }
    let renew_every = scheduling
        .job_lease
        .checked_div(3)
        .and_then(|d| std::time::Duration::try_from(d).ok())
        .filter(|d| !d.is_zero())
        .unwrap_or(std::time::Duration::from_secs(1));
    let mut renewals = tokio::time::interval(renew_every);
    renewals.tick().await;
    let hold = test_hold(job);
    let run = async move {
        if let Some(hold) = hold {
            tracing::warn!(
                job,
                seconds = hold.as_secs(),
                "holding the job ({HOLD_JOB_FOR_TESTS})"
            );
            tokio::time::sleep(hold).await;
        }
        work().await
    };
    tokio::pin!(run);
    let outcome = loop {
        tokio::select! {
            outcome = &mut run => break outcome,
            _ = renewals.tick() => {
                claim.lease_until = lease_end(app.clock().now());
                match app.store().renew_job(&claim).await {
                    Ok(true) => {}
                    Ok(false) => tracing::warn!(job, "job's lease lost to another server; finishing anyway (jobs are idempotent)"),
                    Err(e) => tracing::warn!(job, error = %e, "job's lease not renewed"),
                }
            }
        }
    };
    let error = outcome.as_ref().err().map(ToString::to_string);
    if let Some(error) = &error {
        tracing::error!(job, %error, "job failed; tried again at the next tick");
    }
    let finished = app
        .store()
        .finish_job(
            &claim,
            app.clock().now(),
            error.as_deref().map_or(Ok(()), Err),
        )
        .await;
    if let Err(e) = finished {
        tracing::warn!(job, error = %e, "job's outcome not recorded");
    }
}

/// Runs every due job this server wins, then sends the mail it can claim. Publication goes
/// first, so that an anniversary on the 15th is judged on the report of that day (R19).
pub async fn run_due_jobs(app: &App) {
    // Imports that ended without committing (a killed process) leave a pending batch no one
    // sees; it is removed unless an import runs right now.
    once(app, "abandoned_imports", Cadence::Hourly, || async {
        let removed = crate::invoices::remove_abandoned(app).await?;
        if removed > 0 {
            tracing::info!(batches = removed, "abandoned import batches removed");
        }
        Ok(())
    })
    .await;
    once(app, "publication", Cadence::Daily, || async {
        for p in publish_due(app).await?.iter().filter(|p| !p.already_published) {
            tracing::info!(published_on = %p.published_on, partners = p.partners, lines = p.lines, digest = %p.digest, "KPI report published");
        }
        Ok(())
    })
    .await;
    // Renewals judge every anniversary up to today, so a day the server was down is caught
    // up by the next run; lapses happen once (the membership is no longer active).
    once(app, "renewals", Cadence::Daily, || async {
        let run = crate::renewals::run(app, &Actor::Scheduler).await?;
        for e in &run.evaluated {
            tracing::info!(partner = %e.partner_id, option = e.option.as_str(), anniversary = %e.anniversary_date, outcome = ?e.outcome, "membership anniversary");
        }
        Ok(())
    })
    .await;
    // R31: a claim whose address was never confirmed releases its MPN ID.
    once(app, "unconfirmed_claims", Cadence::Hourly, || async {
        let released = crate::claims::drop_unconfirmed(app, &Actor::Scheduler).await?;
        if !released.is_empty() {
            tracing::info!(claims = released.len(), "unconfirmed claims dropped (R31)");
        }
        Ok(())
    })
    .await;
    // R29: unpaid orders expire 30 days after they were placed.
    once(app, "order_expiry", Cadence::Daily, || async {
        let expired = crate::payments::expire_due(app, &Actor::Scheduler).await?;
        if !expired.is_empty() {
            tracing::info!(orders = expired.len(), "unpaid orders expired (R29)");
        }
        Ok(())
    })
    .await;
    // R26: the directory's monthly cycle acts on days 15-21 and is idempotent, so running it
    // every day does each cycle's work once (after renewals: a lapse today is seen).
    once(app, "directory_cycle", Cadence::Daily, || async {
        let run = crate::directory::cycle(app, &Actor::Scheduler).await?;
        if run.in_processing_window {
            tracing::info!(
                approved = run.approved.len(),
                rejected = run.rejected.len(),
                awaiting = run.awaiting_decision.len(),
                flagged = run.flagged.len(),
                removed = run.removed.len(),
                "directory cycle (R26)"
            );
        }
        Ok(())
    })
    .await;
    // R32: the announcements whose start day has come are mailed to every partner admin
    // once (those starting on the day they are published were mailed then).
    once(app, "announcement_mail", Cadence::Daily, || async {
        let run = crate::announcements::mail_due(app).await?;
        if run.announcements > 0 {
            tracing::info!(
                announcements = run.announcements,
                mails = run.mails,
                "announcements mailed (R32)"
            );
        }
        Ok(())
    })
    .await;
    // Sessions are kept in the database: drop those past their expiry.
    once(app, "expired_sessions", Cadence::Hourly, || async {
        crate::accounts::delete_expired_sessions(app)
            .await
            .map(drop)
    })
    .await;
    // Sign-in and sign-up counts whose window has ended (and, past the bound, the least
    // useful ones): the throttles table stays small.
    once(app, "throttles", Cadence::Hourly, || async {
        let pruned = crate::throttles::prune(app).await?;
        if pruned.removed > 0 {
            tracing::info!(
                removed = pruned.removed,
                kept = pruned.kept,
                "throttle counts pruned"
            );
        }
        Ok(())
    })
    .await;
    deliver_mail(app).await;
}

/// Sends the mail this server can claim (every server may call it at any time: each mail is
/// claimed by one of them).
pub async fn deliver_mail(app: &App) {
    match crate::mail::deliver_pending(app).await {
        Ok(delivery) => tracing::debug!(?delivery, "outbox delivery"),
        Err(e) => tracing::error!(error = %e, "mail delivery failed"),
    }
}

/// The latest job runs, for the console's overview and `lpc jobs` (operators).
pub async fn recent_runs(
    app: &App,
    actor: &Actor,
    limit: u32,
) -> Result<Vec<lpc_store::JobRun>, AppError> {
    actor.authorize(lpc_domain::access::Action::OperateProgram)?;
    Ok(app.store().job_runs(limit.min(200)).await?)
}
