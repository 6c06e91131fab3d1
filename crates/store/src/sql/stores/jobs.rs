//! [`JobStore`] for every SQL [`Backend`]: each method runs the shared SQL of `crate::sql`.

use async_trait::async_trait;
use jiff::Timestamp;

use crate::error::StoreError;
use crate::rows::{JobClaim, JobRun};
use crate::sql::Backend;
use crate::store::JobStore;

#[async_trait]
impl<B: Backend> JobStore for B {
    async fn claim_job(&self, claim: &JobClaim, now: Timestamp) -> Result<Option<u32>, StoreError> {
        crate::sql::jobs::claim(self, claim, now).await
    }

    async fn renew_job(&self, claim: &JobClaim) -> Result<bool, StoreError> {
        crate::sql::jobs::renew(self, claim).await
    }

    async fn finish_job(
        &self,
        claim: &JobClaim,
        at: Timestamp,
        outcome: Result<(), &str>,
    ) -> Result<(), StoreError> {
        crate::sql::jobs::finish(self, claim, at, outcome).await
    }

    async fn job_runs(&self, limit: u32) -> Result<Vec<JobRun>, StoreError> {
        crate::sql::jobs::runs(self, limit).await
    }
}
