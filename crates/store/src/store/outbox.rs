//! The e-mail outbox, sent by the scheduler: the [`OutboxStore`] part of the storage contract.

use crate::error::StoreError;
use crate::rows::{NewOutboxMessage, OutboxMessage};
use async_trait::async_trait;
use jiff::Timestamp;

/// The e-mail outbox: mail is written here and sent by the scheduler, so that sending never
/// blocks or fails a use case. Mail is not audited.
#[async_trait]
pub trait OutboxStore: Send + Sync {
    /// Queues a mail; `false` (and nothing written) if one with the same dedup key exists.
    async fn enqueue_mail(&self, message: &NewOutboxMessage) -> Result<bool, StoreError>;

    /// Up to `limit` unsent mails, oldest first.
    async fn unsent_mail(&self, limit: u32) -> Result<Vec<OutboxMessage>, StoreError>;

    /// Records that a mail was sent, keeping `body` as its text from now on (the sent text
    /// without its secrets). `NotFound` if there is no such mail.
    async fn mark_mail_sent(&self, id: i64, at: Timestamp, body: &str) -> Result<(), StoreError>;

    /// Claims up to `claim.limit` mails for one server to send now, each with a lease, so
    /// that no other server sends it meanwhile (issue 18).
    async fn claim_mail(
        &self,
        claim: crate::sql::outbox::MailClaim<'_>,
    ) -> Result<Vec<OutboxMessage>, StoreError>;

    /// Records a failed attempt and its error, and lets the mail rest until `retry_at`.
    /// `NotFound` if there is no such mail.
    async fn mark_mail_failed(
        &self,
        id: i64,
        error: &str,
        retry_at: Timestamp,
    ) -> Result<(), StoreError>;

    /// Up to `limit` mails, sent or not, newest first, for operators.
    async fn outbox(&self, limit: u32) -> Result<Vec<OutboxMessage>, StoreError>;
}
