//! The little a backend implements so that the shared SQL runs on it.

use std::future::Future;

use crate::{AuditDraft, PartnerImport, PartnersStored, StoreError};

use crate::sql::query::Query;
use crate::sql::row::{FromRow, Row};

/// Which database runs the statement, for the few phrases that differ between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// SQLite drops `::type` casts (it has none) and compares the ISO text it stores.
    Sqlite,
    Postgres,
}

/// A connection or transaction the shared SQL runs statements on.
///
/// Statements use `$N` placeholders in ascending order and may cast with `::type`, which the
/// SQLite backend removes. PostgreSQL returns dates and timestamps as ISO text, the form SQLite
/// stores, so one decoder reads both.
pub trait Db: Send {
    /// Which database this is.
    const DIALECT: Dialect;

    /// Runs `query`, returning how many rows it changed.
    fn execute(&mut self, query: Query<'_>)
    -> impl Future<Output = Result<u64, StoreError>> + Send;

    /// Runs `query`, returning every row.
    fn fetch_all(
        &mut self,
        query: Query<'_>,
    ) -> impl Future<Output = Result<Vec<Row>, StoreError>> + Send;

    /// Runs `query`, returning its first row if there is one.
    fn fetch_optional(
        &mut self,
        query: Query<'_>,
    ) -> impl Future<Output = Result<Option<Row>, StoreError>> + Send;

    /// Runs `query`, which must return a row.
    fn fetch_one(
        &mut self,
        query: Query<'_>,
    ) -> impl Future<Output = Result<Row, StoreError>> + Send {
        async move {
            self.fetch_optional(query)
                .await?
                .ok_or_else(|| StoreError::internal("a query that returns a row returned none"))
        }
    }

    /// [`Db::fetch_one`] read as a tuple.
    fn fetch_one_as<T: FromRow + Send>(
        &mut self,
        query: Query<'_>,
    ) -> impl Future<Output = Result<T, StoreError>> + Send {
        async move { self.fetch_one(query).await?.to() }
    }

    /// [`Db::fetch_optional`] read as a tuple.
    fn fetch_optional_as<T: FromRow + Send>(
        &mut self,
        query: Query<'_>,
    ) -> impl Future<Output = Result<Option<T>, StoreError>> + Send {
        async move {
            self.fetch_optional(query)
                .await?
                .as_ref()
                .map(Row::to)
                .transpose()
        }
    }

    /// [`Db::fetch_all`] read as tuples.
    fn fetch_all_as<T: FromRow + Send>(
        &mut self,
        query: Query<'_>,
    ) -> impl Future<Output = Result<Vec<T>, StoreError>> + Send {
        async move { self.fetch_all(query).await?.iter().map(Row::to).collect() }
    }
}

/// A write transaction: it holds the database's write lock (SQLite's `BEGIN IMMEDIATE`,
/// PostgreSQL's audit-chain advisory lock) until it commits or is dropped, which rolls it back.
pub trait WriteTx: Db {
    /// Makes the transaction's changes durable.
    fn commit(self) -> impl Future<Output = Result<(), StoreError>> + Send;
}

/// A database the shared SQL can read from and write to.
pub trait Backend: Send + Sync + 'static {
    /// Which database this is.
    const DIALECT: Dialect;
    /// A connection for reads.
    type Read: Db;
    /// A write transaction.
    type Write: WriteTx;
    /// A connection for a single write that needs no transaction (a session's row).
    type Plain: Db;

    /// A connection for reads.
    fn read(&self) -> impl Future<Output = Result<Self::Read, StoreError>> + Send;
    /// Begins a write transaction, waiting for the write lock.
    fn write(&self) -> impl Future<Output = Result<Self::Write, StoreError>> + Send;
    /// A connection for a single statement that writes, outside a transaction.
    fn plain_write(&self) -> impl Future<Output = Result<Self::Plain, StoreError>> + Send;
    /// A write transaction for rows outside the audit chain (the throttles): PostgreSQL's does
    /// not take the audit chain's lock, so it never queues behind a long audited write (its
    /// rows' own locks serialize it). SQLite has one writer, so there it is [`Backend::write`].
    fn unaudited_write(&self) -> impl Future<Output = Result<Self::Write, StoreError>> + Send {
        self.write()
    }

    /// Writes a partner file (R31) and its audit event in one write transaction. The shared
    /// SQL's multi-row statements serve by default; each backend brings a faster one, as its
    /// ledger does (bench/partners_import.py): SQLite statements prepared once on a
    /// connection of its own, PostgreSQL arrays through `unnest`.
    fn write_partner_import(
        &self,
        import: PartnerImport,
        audit: &AuditDraft,
    ) -> impl Future<Output = Result<PartnersStored, StoreError>> + Send
    where
        Self: Sized,
    {
        async move { crate::sql::partner_import::import(self, &import, audit).await }
    }
}
