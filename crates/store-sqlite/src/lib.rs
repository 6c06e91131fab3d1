//! `lpc-store-sqlite`: the embedded default backend.
//!
//! One file, no server: `sqlite://lpc.db` is created if missing. The database runs in WAL mode
//! (readers never wait for the writer), with a busy timeout (a second `lpc` process waits for
//! the lock instead of failing) and foreign keys on. All writes go through one connection and
//! start with `BEGIN IMMEDIATE`, which serializes them across processes too; that is what lets
//! the audit chain take the previous event's hash without a race.
//!
//! # Layout
//! - [`open`]: parsing the URL, pool set-up and migrations.
//! - [`partners`]: partner organizations.
//! - [`users`]: users and their roles.
//! - [`audit_log`]: appending to and paging through the audit chain.
//! - [`decode`]: turning stored text back into domain types.

mod audit_log;
mod decode;
mod open;
mod partners;
mod users;

use async_trait::async_trait;
use lpc_domain::{Email, MpnId};
use lpc_store::{AuditDraft, AuditEvent, NewPartner, NewUser, Partner, Store, StoreError, User};
use sqlx::SqlitePool;

pub use open::open;

/// The SQLite implementation of [`Store`].
#[derive(Debug, Clone)]
pub struct SqliteStore {
    /// Exactly one connection: SQLite allows one writer at a time anyway, and queuing in the
    /// pool is cheaper than spinning on `SQLITE_BUSY`.
    writer: SqlitePool,
    /// Several connections for reads, which WAL lets run beside the writer.
    reader: SqlitePool,
}

impl SqliteStore {
    /// The write pool, for tests that need to reach under the trait (e.g. to tamper with rows).
    pub fn pool(&self) -> &SqlitePool {
        &self.writer
    }
}

fn db_err(err: sqlx::Error) -> StoreError {
    StoreError::other(err)
}

#[async_trait]
impl Store for SqliteStore {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        open::run_migrations(&self.writer).await
    }

    async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1")
            .execute(&self.reader)
            .await
            .map(drop)
            .map_err(db_err)
    }

    async fn is_empty(&self) -> Result<bool, StoreError> {
        let (n,): (i64,) =
            sqlx::query_as("SELECT (SELECT count(*) FROM partners) + (SELECT count(*) FROM users)")
                .fetch_one(&self.reader)
                .await
                .map_err(db_err)?;
        Ok(n == 0)
    }

    async fn add_partner(
        &self,
        partner: &NewPartner,
        audit: &AuditDraft,
    ) -> Result<Partner, StoreError> {
        partners::add(&self.writer, partner, audit).await
    }

    async fn partner(&self, mpn_id: MpnId) -> Result<Option<Partner>, StoreError> {
        partners::get(&self.reader, mpn_id).await
    }

    async fn partners(&self) -> Result<Vec<Partner>, StoreError> {
        partners::list(&self.reader).await
    }

    async fn add_user(&self, user: &NewUser, audit: &AuditDraft) -> Result<User, StoreError> {
        users::add(&self.writer, user, audit).await
    }

    async fn user_by_email(&self, email: &Email) -> Result<Option<User>, StoreError> {
        users::by_email(&self.reader, email).await
    }

    async fn audit_page(&self, after: i64, limit: u32) -> Result<Vec<AuditEvent>, StoreError> {
        audit_log::page(&self.reader, after, limit).await
    }
}
