//! [`OutboxStore`] for every SQL [`Backend`]: each method runs the shared SQL of `crate::sql`.

use crate::error::StoreError;
use crate::rows::{NewOutboxMessage, OutboxMessage};
use async_trait::async_trait;
use jiff::Timestamp;

use crate::sql::Backend;
use crate::store::OutboxStore;

#[async_trait]
impl<B: Backend> OutboxStore for B {
    async fn enqueue_mail(&self, message: &NewOutboxMessage) -> Result<bool, StoreError> {
        crate::sql::outbox::enqueue(self, message).await
    }

    async fn unsent_mail(&self, limit: u32) -> Result<Vec<OutboxMessage>, StoreError> {
        crate::sql::outbox::unsent(self, limit).await
    }

    async fn mark_mail_sent(&self, id: i64, at: Timestamp, body: &str) -> Result<(), StoreError> {
        crate::sql::outbox::mark_sent(self, id, at, body).await
    }

    async fn claim_mail(
        &self,
        claim: crate::sql::outbox::MailClaim<'_>,
    ) -> Result<Vec<OutboxMessage>, StoreError> {
        crate::sql::outbox::claim(self, claim).await
    }

    async fn mark_mail_failed(
        &self,
        id: i64,
        error: &str,
        retry_at: Timestamp,
    ) -> Result<(), StoreError> {
        crate::sql::outbox::mark_failed(self, id, error, retry_at).await
    }

    async fn outbox(&self, limit: u32) -> Result<Vec<OutboxMessage>, StoreError> {
        crate::sql::outbox::newest(self, limit).await
    }
}
