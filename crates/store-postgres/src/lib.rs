//! `lpc-store-postgres`: the backend for scale.
//!
//! Several `lpc serve` processes can share one PostgreSQL. Every write transaction first takes
//! a transaction-scoped advisory lock on the audit chain, so that events get consecutive
//! sequence numbers and each links to the one before, whichever server wrote it.
//!
//! # Layout
//! - [`open`]: connecting, pool set-up and migrations.
//! - [`partners`]: partner organizations.
//! - [`users`]: users and their roles.
//! - [`audit_log`]: appending to and paging through the audit chain.
//! - [`decode`]: turning stored values back into domain types.
//! - [`testing`]: throwaway databases for the tests of this crate and of the CLI.

mod audit_log;
mod decode;
mod open;
mod partners;
mod users;

pub mod testing;

use async_trait::async_trait;
use lpc_domain::{Email, MpnId};
use lpc_store::{AuditDraft, AuditEvent, NewPartner, NewUser, Partner, Store, StoreError, User};
use sqlx::PgPool;

pub use open::open;

/// The PostgreSQL implementation of [`Store`].
#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// The pool, for tests that need to reach under the trait (e.g. to tamper with rows).
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

fn db_err(err: sqlx::Error) -> StoreError {
    StoreError::other(err)
}

#[async_trait]
impl Store for PgStore {
    fn backend(&self) -> &'static str {
        "postgres"
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        open::run_migrations(&self.pool).await
    }

    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map(drop)
            .map_err(db_err)
    }

    async fn is_empty(&self) -> Result<bool, StoreError> {
        let (empty,): (bool,) = sqlx::query_as(
            "SELECT NOT EXISTS (SELECT 1 FROM partners) AND NOT EXISTS (SELECT 1 FROM users)",
        )
        .fetch_one(&self.pool)
        .await
        .map_err(db_err)?;
        Ok(empty)
    }

    async fn add_partner(
        &self,
        partner: &NewPartner,
        audit: &AuditDraft,
    ) -> Result<Partner, StoreError> {
        partners::add(&self.pool, partner, audit).await
    }

    async fn partner(&self, mpn_id: MpnId) -> Result<Option<Partner>, StoreError> {
        partners::get(&self.pool, mpn_id).await
    }

    async fn partners(&self) -> Result<Vec<Partner>, StoreError> {
        partners::list(&self.pool).await
    }

    async fn add_user(&self, user: &NewUser, audit: &AuditDraft) -> Result<User, StoreError> {
        users::add(&self.pool, user, audit).await
    }

    async fn user_by_email(&self, email: &Email) -> Result<Option<User>, StoreError> {
        users::by_email(&self.pool, email).await
    }

    async fn audit_page(&self, after: i64, limit: u32) -> Result<Vec<AuditEvent>, StoreError> {
        audit_log::page(&self.pool, after, limit).await
    }
}
