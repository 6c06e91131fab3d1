//! The storage contract.

use async_trait::async_trait;
use lpc_domain::{Email, MpnId};

use crate::audit::{AuditDraft, AuditEvent};
use crate::error::StoreError;
use crate::rows::{NewPartner, NewUser, Partner, User};

/// Everything lpc keeps, behind one trait so that SQLite and PostgreSQL are interchangeable.
///
/// Every method that changes state takes the [`AuditDraft`] describing the change and
/// appends it to the audit chain in the same transaction: a change without its audit event,
/// or an event without its change, can never be stored.
#[async_trait]
pub trait Store: Send + Sync + std::fmt::Debug {
    /// `sqlite` or `postgres`, for logs and `/readyz`.
    fn backend(&self) -> &'static str;

    /// Applies this backend's pending migrations (also done when the store is opened).
    async fn migrate(&self) -> Result<(), StoreError>;

    /// Answers whether the database can be reached and queried now.
    async fn ping(&self) -> Result<(), StoreError>;

    /// True when no partner and no user exists yet (the demo seeds only such a database).
    async fn is_empty(&self) -> Result<bool, StoreError>;

    /// Registers a partner; `Conflict` if its MPN ID is taken.
    async fn add_partner(
        &self,
        partner: &NewPartner,
        audit: &AuditDraft,
    ) -> Result<Partner, StoreError>;

    async fn partner(&self, mpn_id: MpnId) -> Result<Option<Partner>, StoreError>;

    /// All partners, by MPN ID.
    async fn partners(&self) -> Result<Vec<Partner>, StoreError>;

    /// Creates a user with its roles; `Conflict` if the e-mail is taken, `NotFound` if a role
    /// names a partner that is not registered.
    async fn add_user(&self, user: &NewUser, audit: &AuditDraft) -> Result<User, StoreError>;

    async fn user_by_email(&self, email: &Email) -> Result<Option<User>, StoreError>;

    /// Up to `limit` audit events with `seq > after`, in order: the log is read in pages so
    /// that verifying millions of events needs little memory.
    async fn audit_page(&self, after: i64, limit: u32) -> Result<Vec<AuditEvent>, StoreError>;
}
