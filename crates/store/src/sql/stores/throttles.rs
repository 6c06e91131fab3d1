//! [`ThrottleStore`] for every SQL [`Backend`]: each method runs the shared SQL of `crate::sql`.

use std::time::Duration;

use async_trait::async_trait;
use jiff::Timestamp;

use crate::error::StoreError;
use crate::sql::Backend;
use crate::store::ThrottleStore;
use crate::store::throttles::{ThrottleLimit, ThrottlePlace, ThrottlePrune};

#[async_trait]
impl<B: Backend> ThrottleStore for B {
    async fn throttle_reserve(
        &self,
        limits: &[ThrottleLimit<'_>],
        now: Timestamp,
    ) -> Result<Option<Vec<ThrottlePlace>>, StoreError> {
        crate::sql::throttles::reserve(self, limits, now).await
    }

    async fn throttle_release(&self, places: &[ThrottlePlace]) -> Result<(), StoreError> {
        crate::sql::throttles::release(self, places).await
    }

    async fn throttle_count(
        &self,
        key: &str,
        window: Duration,
        now: Timestamp,
    ) -> Result<u32, StoreError> {
        crate::sql::throttles::count(self, key, window, now).await
    }

    async fn throttle_attempts(
        &self,
        key: &str,
        window: Duration,
        now: Timestamp,
    ) -> Result<u32, StoreError> {
        crate::sql::throttles::attempts(self, key, window, now).await
    }

    async fn throttle_clear(&self, key: &str) -> Result<(), StoreError> {
        crate::sql::throttles::clear(self, key).await
    }

    async fn throttle_prune(
        &self,
        now: Timestamp,
        max_keys: u64,
    ) -> Result<ThrottlePrune, StoreError> {
        crate::sql::throttles::prune(self, now, max_keys).await
    }
}
