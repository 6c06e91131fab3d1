//! `lpc-store-postgres`: the backend for scale.
//!
//! Several `lpc serve` processes can share one PostgreSQL. Every write transaction first takes
//! a transaction-scoped advisory lock on the audit chain, so that events get consecutive
//! sequence numbers and each links to the one before, whichever server wrote it.
//!
//! # Layout
//! - [`open`]: connecting, pool set-up and migrations.
//! - [`db`]: running the shared SQL of `lpc_store::sql` (partners, ...) on this database.
//! - [`ledger`]: the KPI ledger: invoice lines in batches, publications as cut-offs (R12,
//!   R13, R16, R17, R21; `lpc_store::ledger`).
//! - [`partner_import`]: a partner file written as arrays (R31).
//! - [`audit_log`]: appending to and paging through the audit chain.
//! - [`ts_text`]: PostgreSQL timestamps as text, for the ledger's own queries.
//! - [`testing`]: throwaway databases for the tests of this crate and of the CLI.

mod audit_log;
mod db;
mod ledger;
mod open;
mod partner_import;
mod ts_text;

pub mod testing;

use async_trait::async_trait;
use jiff::civil::Date;
use lpc_domain::MpnId;
use lpc_store::publishing::PublicationPlan;
use lpc_store::{
    AuditDraft, InvoiceImport, LedgerStore, Publication, PublishedRow, PublishedTotal, Store,
    StoreError,
};
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

/// PostgreSQL's SQLSTATE for a full disk (`disk_full`).
const DISK_FULL: &str = "53100";

fn db_err(err: sqlx::Error) -> StoreError {
    let full = err
        .as_database_error()
        .and_then(|e| e.code())
        .is_some_and(|code| code == DISK_FULL);
    if full {
        StoreError::DiskFull
    } else {
        StoreError::other(err)
    }
}

#[async_trait]
impl Store for PgStore {
    fn backend(&self) -> &'static str {
        "postgres"
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        open::run_migrations(&self.pool).await?;
        ledger::convert::run(&self.pool).await.map(|_| ())
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

    async fn close(&self) {
        self.pool.close().await;
    }
}

/// The ledger on this database: its own bulk path (see [`ledger`]).
#[async_trait]
impl LedgerStore for PgStore {
    async fn begin_invoice_import(
        &self,
        import_id: &str,
    ) -> Result<Box<dyn InvoiceImport>, StoreError> {
        let writer = ledger::writer::PgLedgerWriter::begin(&self.pool, import_id).await?;
        Ok(Box::new(lpc_store::ledger::ImportSession::new(
            Box::new(writer),
            lpc_store::ledger::BUFFER_BYTES,
        )))
    }

    async fn recover_ledger(&self) -> Result<u64, StoreError> {
        ledger::recover::recover(&self.pool).await
    }

    async fn invoice_partner(&self, document_number: &str) -> Result<Option<MpnId>, StoreError> {
        ledger::read::invoice_partner(&self.pool, document_number).await
    }

    async fn invoice_lines_of(
        &self,
        partner: MpnId,
        invoice_number: &str,
    ) -> Result<Vec<lpc_store::InvoiceLine>, StoreError> {
        ledger::read::invoice_lines_of(&self.pool, partner, invoice_number).await
    }

    async fn publish(
        &self,
        plan: &PublicationPlan,
        audit: &AuditDraft,
    ) -> Result<Publication, StoreError> {
        ledger::publish::publish(&self.pool, plan, audit).await
    }

    async fn rederive_publication(
        &self,
        published_on: Date,
    ) -> Result<Option<lpc_store::ledger::PublicationOutcome>, StoreError> {
        ledger::publish::rederive_publication(&self.pool, published_on).await
    }

    async fn published_rows(
        &self,
        published_on: Date,
        partner: MpnId,
    ) -> Result<Vec<PublishedRow>, StoreError> {
        ledger::read::published_rows(&self.pool, published_on, partner).await
    }

    async fn published_totals(
        &self,
        published_on: Date,
        partner: MpnId,
    ) -> Result<Vec<PublishedTotal>, StoreError> {
        ledger::read::published_totals(&self.pool, published_on, partner).await
    }

    async fn late_lines_waiting(
        &self,
        from: lpc_domain::calendar::YearMonth,
        until: lpc_domain::calendar::YearMonth,
    ) -> Result<u64, StoreError> {
        ledger::read::late_lines(&self.pool, from, until).await
    }

    async fn ledger_totals(&self) -> Result<(u64, u64), StoreError> {
        ledger::read::totals(&self.pool).await
    }

    async fn ledger_batches(
        &self,
        limit: u32,
    ) -> Result<Vec<lpc_store::ledger::BatchRecord>, StoreError> {
        ledger::read::batches(&self.pool, limit).await
    }
}
