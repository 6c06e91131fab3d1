//! The storage contract: [`Store`], made of one trait per aggregate.
//!
//! A caller holds an `Arc<dyn Store>` and calls any method of the aggregate traits on it.
//! Every method that changes state takes the [`crate::AuditDraft`] describing the change and
//! appends it to the audit chain in the same transaction: a change without its audit event,
//! or an event without its change, can never be stored.
//!
//! # Layout
//! - [`partners`]: [`PartnerStore`], organizations, users, roles and claims (R1, R31).
//! - [`people`]: [`PeopleStore`], trainers, exam passes, guidelines and API tokens.
//! - [`ledger`]: [`LedgerStore`] and [`InvoiceImport`], the KPI ledger; each backend's own.
//! - [`publications`]: [`PublicationStore`], reading publications (R17).
//! - [`memberships`]: [`MembershipStore`], orders, payment and memberships.
//! - [`cases`]: [`CaseStore`], support cases (R22, R27).
//! - [`directory`]: [`DirectoryStore`], the public directory (R24-R26).
//! - [`sessions`]: [`SessionStore`], web sessions, password resets and languages.
//! - [`outbox`]: [`OutboxStore`], mail waiting to be sent.
//! - [`announcements`]: [`AnnouncementStore`], the program's announcements, their
//!   dismissals and their mail (R32).
//! - [`throttles`]: [`ThrottleStore`], sign-in and sign-up attempts counted for every server.
//! - [`resources`]: [`ResourceStore`], the program's documents in their languages (R32).
//! - [`jobs`]: [`JobStore`], the scheduled jobs' runs, claimed once across servers.
//! - [`program`]: [`ProgramStore`], the operators' overview, audit trails, histories and
//!   rule sets.
//!
//! All but the ledger are implemented once for every SQL backend (`crate::sql::stores`).

pub mod announcements;
pub mod cases;
pub mod directory;
pub mod jobs;
pub mod ledger;
pub mod memberships;
pub mod outbox;
pub mod partners;
pub mod people;
pub mod program;
pub mod publications;
pub mod resources;
pub mod sessions;
pub mod throttles;

use async_trait::async_trait;

use crate::error::StoreError;

pub use announcements::AnnouncementStore;
pub use cases::CaseStore;
pub use directory::DirectoryStore;
pub use jobs::JobStore;
pub use ledger::{InvoiceImport, LedgerStore};
pub use memberships::MembershipStore;
pub use outbox::OutboxStore;
pub use partners::PartnerStore;
pub use people::PeopleStore;
pub use program::ProgramStore;
pub use publications::PublicationStore;
pub use resources::ResourceStore;
pub use sessions::SessionStore;
pub use throttles::ThrottleStore;

/// Everything lpc keeps, behind one trait so that SQLite and PostgreSQL are interchangeable:
/// the aggregates' traits, and what only the database itself can say.
#[async_trait]
pub trait Store:
    PartnerStore
    + PeopleStore
    + LedgerStore
    + PublicationStore
    + MembershipStore
    + CaseStore
    + DirectoryStore
    + SessionStore
    + OutboxStore
    + ProgramStore
    + ThrottleStore
    + JobStore
    + AnnouncementStore
    + ResourceStore
    + Send
    + Sync
    + std::fmt::Debug
{
    /// `sqlite` or `postgres`, for logs and `/readyz`.
    fn backend(&self) -> &'static str;

    /// Applies this backend's pending migrations (also done when the store is opened).
    async fn migrate(&self) -> Result<(), StoreError>;

    /// Answers whether the database can be reached and queried now.
    async fn ping(&self) -> Result<(), StoreError>;

    /// True when no partner and no user exists yet (the demo seeds only such a database).
    async fn is_empty(&self) -> Result<bool, StoreError>;

    /// Ends the store's connections cleanly (SQLite then folds its write-ahead log back into
    /// the database file). Used by commands that run once; a server simply stops.
    async fn close(&self) {}
}
