//! The runs of the scheduled jobs, each claimed once per due moment across every server
//! (issue 18).

use jiff::Timestamp;
use serde::Serialize;

/// A server's claim on one run of a job: the job, the moment it is due for (`2026-12-15`
/// for a daily job), who claims it and until when the claim holds unless renewed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobClaim {
    pub job: String,
    pub due: String,
    pub server: String,
    pub lease_until: Timestamp,
}

/// One job's run for one due moment, as the console's overview and `lpc jobs` show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JobRun {
    pub job: String,
    pub due: String,
    /// The server that ran it last (or runs it now).
    pub server: String,
    pub started_at: Timestamp,
    pub lease_until: Timestamp,
    /// `None` while it runs, and after a failure (it is then tried again at the next tick).
    pub finished_at: Option<Timestamp>,
    /// `ok`, or what went wrong; `None` while it runs.
    pub outcome: Option<String>,
    /// How many times a server claimed it (more than one: a failure, or a server that died).
    pub attempts: u32,
}
