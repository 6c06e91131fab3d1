//! The scheduled jobs' latest runs on the console's overview (issue 18): which server ran
//! each job for which day, when, and how it ended. With several servers on one database each
//! run is made by one of them.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use lpc_app::views::JobRun;

use crate::ui::context::Ctx;

/// How many runs the overview lists.
pub const SHOWN: u32 = 20;

/// One run as the overview's table shows it.
#[derive(Debug, Clone)]
pub struct JobRunRow {
    pub job: String,
    pub due: String,
    pub server: String,
    pub started: String,
    pub outcome: String,
    /// `ok`, `running` or `failed`, for the outcome's colour.
    pub status_code: &'static str,
    pub attempts: String,
}

/// A time as the console shows it: the date in the page's language, then the UTC time.
fn when(ctx: &Ctx, at: Timestamp) -> String {
    let utc = at.to_zoned(TimeZone::UTC);
    format!(
        "{} {:02}:{:02} UTC",
        ctx.date(utc.date()),
        utc.hour(),
        utc.minute()
    )
}

/// The moment a run is due for: a day, or a day's hour (`2026-12-04T19`, in UTC).
fn due(ctx: &Ctx, due: &str) -> String {
    let (day, hour) = due
        .split_once('T')
        .map_or((due, None), |(d, h)| (d, Some(h)));
    match (day.parse::<jiff::civil::Date>(), hour) {
        (Ok(day), None) => ctx.date(day),
        (Ok(day), Some(hour)) => format!("{} {hour}:00 UTC", ctx.date(day)),
        // A due moment of a newer server's kind: shown as stored.
        (Err(_), _) => due.to_owned(),
    }
}

/// The job's name in the page's language (the code itself for a job this version does not
/// know, from a newer server on the same database).
fn job_name(ctx: &Ctx, job: &str) -> String {
    match job {
        "abandoned_imports" | "publication" | "renewals" | "unconfirmed_claims"
        | "order_expiry" | "directory_cycle" | "expired_sessions" | "throttles"
        | "announcement_mail" => ctx.t(&format!("ovw-job-{}", job.replace('_', "-"))),
        other => other.to_owned(),
    }
}

pub fn rows(ctx: &Ctx, runs: &[JobRun]) -> Vec<JobRunRow> {
    runs.iter()
        .map(|r| {
            let (status_code, outcome) = match (r.finished_at, r.outcome.as_deref()) {
                (Some(at), _) => ("ok", ctx.t_args("ovw-job-done", &[("at", when(ctx, at))])),
                (None, Some(error)) => (
                    "failed",
                    ctx.t_args(
                        "ovw-job-failed",
                        &[("error", error.trim_start_matches("failed: ").to_owned())],
                    ),
                ),
                (None, None) => (
                    "running",
                    ctx.t_args("ovw-job-running", &[("until", when(ctx, r.lease_until))]),
                ),
            };
            JobRunRow {
                job: job_name(ctx, &r.job),
                due: due(ctx, &r.due),
                server: r.server.clone(),
                started: when(ctx, r.started_at),
                outcome,
                status_code,
                attempts: ctx.number(i64::from(r.attempts)),
            }
        })
        .collect()
}
