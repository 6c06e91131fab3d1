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
//! - [`db`]: running the shared SQL of `lpc_store::sql` (partners, ...) on this database.
//! - [`ledger`]: the KPI ledger: invoice lines in batches, publications as cut-offs (R12,
//!   R13, R16, R17, R21; `lpc_store::ledger`).
//! - [`partner_import`]: a partner file written with prepared statements (R31).
//! - [`audit_log`]: appending to the audit chain inside this backend's own transactions.

mod audit_log;
mod db;
mod ledger;
mod open;
mod partner_import;

use async_trait::async_trait;
use jiff::civil::Date;
use lpc_domain::MpnId;
use lpc_store::publishing::PublicationPlan;
use lpc_store::{
    AuditDraft, InvoiceImport, LedgerStore, Publication, PublishedRow, PublishedTotal, Store,
    StoreError,
};
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
    /// The ledger's bulk connections, opened on the same file.
    bulk: ledger::bulk::Bulk,
}

impl SqliteStore {
    /// The write pool, for tests that need to reach under the trait (e.g. to tamper with rows).
    pub fn pool(&self) -> &SqlitePool {
        &self.writer
    }
}

/// SQLite's result code for a full disk (`SQLITE_FULL`), as sqlx reports it.
const SQLITE_FULL: &str = "13";

fn db_err(err: sqlx::Error) -> StoreError {
    let full = err
        .as_database_error()
        .and_then(|e| e.code())
        .is_some_and(|code| code == SQLITE_FULL);
    if full {
        StoreError::DiskFull
    } else {
        StoreError::other(err)
    }
}

#[async_trait]
impl Store for SqliteStore {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        open::run_migrations(&self.writer).await?;
        ledger::convert::run(&self.bulk).await.map(|_| ())
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

    async fn close(&self) {
        self.reader.close().await;
        self.writer.close().await;
    }
}

/// The ledger on this database: its own bulk path (see [`ledger`]).
#[async_trait]
impl LedgerStore for SqliteStore {
    async fn begin_invoice_import(
        &self,
        import_id: &str,
    ) -> Result<Box<dyn InvoiceImport>, StoreError> {
        let writer =
            ledger::writer::SqliteLedgerWriter::begin(&self.bulk, &self.writer, import_id).await?;
        Ok(Box::new(lpc_store::ledger::ImportSession::new(
            Box::new(writer),
            lpc_store::ledger::BUFFER_BYTES,
        )))
    }

    async fn recover_ledger(&self) -> Result<u64, StoreError> {
        ledger::recover::recover(&self.bulk).await
    }

    async fn invoice_partner(&self, document_number: &str) -> Result<Option<MpnId>, StoreError> {
        ledger::read::invoice_partner(&self.reader, document_number).await
    }

    async fn invoice_lines_of(
        &self,
        partner: MpnId,
        invoice_number: &str,
    ) -> Result<Vec<lpc_store::InvoiceLine>, StoreError> {
        ledger::read::invoice_lines_of(&self.reader, partner, invoice_number).await
    }

    async fn publish(
        &self,
        plan: &PublicationPlan,
        audit: &AuditDraft,
    ) -> Result<Publication, StoreError> {
        ledger::publish::publish(&self.bulk, plan, audit).await
    }

    async fn rederive_publication(
        &self,
        published_on: Date,
    ) -> Result<Option<lpc_store::ledger::PublicationOutcome>, StoreError> {
        ledger::publish::rederive_publication(&self.bulk, published_on).await
    }

    async fn published_rows(
        &self,
        published_on: Date,
        partner: MpnId,
    ) -> Result<Vec<PublishedRow>, StoreError> {
        ledger::read::published_rows(&self.reader, published_on, partner).await
    }

    async fn published_totals(
        &self,
        published_on: Date,
        partner: MpnId,
    ) -> Result<Vec<PublishedTotal>, StoreError> {
        ledger::read::published_totals(&self.reader, published_on, partner).await
    }

    async fn late_lines_waiting(
        &self,
        from: lpc_domain::calendar::YearMonth,
        until: lpc_domain::calendar::YearMonth,
    ) -> Result<u64, StoreError> {
        ledger::read::late_lines(&self.reader, from, until).await
    }

    async fn ledger_totals(&self) -> Result<(u64, u64), StoreError> {
        ledger::read::totals(&self.reader).await
    }

    async fn ledger_batches(
        &self,
        limit: u32,
    ) -> Result<Vec<lpc_store::ledger::BatchRecord>, StoreError> {
        ledger::read::batches(&self.reader, limit).await
    }
}

#[cfg(test)]
mod disk_full_tests {
    use sqlx::{ConnectOptions, Connection};

    use super::*;

    #[tokio::test]
    async fn a_full_database_file_is_told_as_a_full_disk() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(dir.path().join("full.db"))
            .create_if_missing(true)
            .connect()
            .await
            .unwrap();
        sqlx::query("PRAGMA max_page_count = 3")
            .execute(&mut conn)
            .await
            .unwrap();
        sqlx::query("CREATE TABLE t (v BLOB)")
            .execute(&mut conn)
            .await
            .unwrap();
        let err = sqlx::query("INSERT INTO t VALUES (zeroblob(100000))")
            .execute(&mut conn)
            .await
            .unwrap_err();
        assert!(matches!(db_err(err), StoreError::DiskFull));
        conn.close().await.unwrap();
    }
}
