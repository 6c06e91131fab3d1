//! [`PublicationStore`] for every SQL [`Backend`]: each method runs the shared SQL of `crate::sql`.

use crate::error::StoreError;
use crate::rows::Publication;
use async_trait::async_trait;
use jiff::civil::Date;

use crate::sql::Backend;
use crate::store::PublicationStore;

#[async_trait]
impl<B: Backend> PublicationStore for B {
    async fn first_publication(&self) -> Result<Option<Publication>, StoreError> {
        crate::sql::publications::first(self).await
    }

    async fn publication(&self, published_on: Date) -> Result<Option<Publication>, StoreError> {
        crate::sql::publications::get(self, published_on).await
    }

    async fn publication_after(&self, date: Date) -> Result<Option<Publication>, StoreError> {
        crate::sql::publications::after(self, date).await
    }

    async fn latest_publication(
        &self,
        on_or_before: Date,
    ) -> Result<Option<Publication>, StoreError> {
        crate::sql::publications::latest(self, on_or_before).await
    }
}
