//! The scheduled jobs' runs, one per due moment across every server (issue 18): the
//! [`JobStore`] part of the storage contract.

use async_trait::async_trait;
use jiff::Timestamp;

use crate::error::StoreError;
use crate::rows::{JobClaim, JobRun};

/// Claims and records of the scheduled jobs' runs. Several servers on one database each tick
/// their scheduler; a run is claimed by one of them with a lease it renews while it works.
/// Not audited: the jobs audit what they change.
#[async_trait]
pub trait JobStore: Send + Sync {
    /// Claims the run `claim` names at `now`: `Some(attempt)` (1 for the first claim) when
    /// this server now holds it; `None` when it is done, or another server holds a lease that
    /// has not run out.
    async fn claim_job(&self, claim: &JobClaim, now: Timestamp) -> Result<Option<u32>, StoreError>;

    /// Extends the claim's lease to `claim.lease_until`; `false` when the claim is no longer
    /// this server's (its lease ran out and another server took the run over).
    async fn renew_job(&self, claim: &JobClaim) -> Result<bool, StoreError>;

    /// Records how the claimed run ended at `at`: `Ok` finishes it for good; `Err` keeps the
    /// error and gives the run up, for any server's next tick to try again.
    async fn finish_job(
        &self,
        claim: &JobClaim,
        at: Timestamp,
        outcome: Result<(), &str>,
    ) -> Result<(), StoreError>;

    /// Up to `limit` runs, the latest started first.
    async fn job_runs(&self, limit: u32) -> Result<Vec<JobRun>, StoreError>;
}
