//! Reading the frozen monthly publications (R17, R21):
//! the [`PublicationStore`] part of the storage contract.

use crate::error::StoreError;
use crate::rows::Publication;
use async_trait::async_trait;
use jiff::civil::Date;

/// Reading the frozen monthly publications (R17, R21).
#[async_trait]
pub trait PublicationStore: Send + Sync {
    /// The first publication ever made, if any.
    async fn first_publication(&self) -> Result<Option<Publication>, StoreError>;

    async fn publication(&self, published_on: Date) -> Result<Option<Publication>, StoreError>;

    /// The first publication after `date`, if any (walking every publication in order).
    async fn publication_after(&self, date: Date) -> Result<Option<Publication>, StoreError>;

    /// The latest publication on or before `date` (R17: what the dashboard shows).
    async fn latest_publication(
        &self,
        on_or_before: Date,
    ) -> Result<Option<Publication>, StoreError>;
}
