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
//! - [`trainers`], [`exams`]: trainer affiliations and exam passes (R4, R8, R9).
//! - [`guidelines`]: acceptances of the Performance Guidelines (R8).
//! - [`tokens`]: API bearer tokens.
//! - [`invoices`]: invoice and credit-note lines (R12, R13, R16).
//! - [`publications`]: frozen monthly KPI reports (R17, R21).
//! - [`audit_log`]: appending to and paging through the audit chain.
//! - [`decode`]: turning stored text back into domain types.

mod audit_log;
mod decode;
mod exams;
mod guidelines;
mod invoices;
mod open;
mod partners;
mod publications;
mod tokens;
mod trainers;
mod users;

use async_trait::async_trait;
use jiff::civil::Date;
use lpc_domain::{Email, MpnId};
use lpc_store::publishing::PublicationPlan;
use lpc_store::{
    AuditDraft, AuditEvent, ExamPass, GuidelineAcceptance, ImportCounts, InvoiceImport, NewPartner,
    NewUser, Partner, Publication, PublishedRow, PublishedTotal, Store, StoreError, Trainer, User,
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

    async fn import_trainers(
        &self,
        trainers: &[Trainer],
        audit: &AuditDraft,
    ) -> Result<ImportCounts, StoreError> {
        trainers::import(&self.writer, trainers, audit).await
    }

    async fn trainers_of(&self, partner: MpnId) -> Result<Vec<Trainer>, StoreError> {
        trainers::of_partner(&self.reader, partner).await
    }

    async fn import_exam_passes(
        &self,
        passes: &[ExamPass],
        audit: &AuditDraft,
    ) -> Result<ImportCounts, StoreError> {
        exams::import(&self.writer, passes, audit).await
    }

    async fn exam_passes_of(
        &self,
        partner: MpnId,
        since: Date,
    ) -> Result<Vec<ExamPass>, StoreError> {
        exams::of_partner(&self.reader, partner, since).await
    }

    async fn accept_guidelines(
        &self,
        acceptance: &GuidelineAcceptance,
        audit: &AuditDraft,
    ) -> Result<(), StoreError> {
        guidelines::accept(&self.writer, acceptance, audit).await
    }

    async fn guideline_acceptances(
        &self,
        partner: MpnId,
    ) -> Result<Vec<GuidelineAcceptance>, StoreError> {
        guidelines::of_partner(&self.reader, partner).await
    }

    async fn add_api_token(
        &self,
        user_id: i64,
        token_sha256: &str,
        label: &str,
        audit: &AuditDraft,
    ) -> Result<(), StoreError> {
        tokens::add(&self.writer, user_id, token_sha256, label, audit).await
    }

    async fn user_by_token(&self, token_sha256: &str) -> Result<Option<User>, StoreError> {
        tokens::user(&self.reader, token_sha256).await
    }

    async fn begin_invoice_import(
        &self,
        import_id: &str,
    ) -> Result<Box<dyn InvoiceImport>, StoreError> {
        Ok(Box::new(
            invoices::SqliteInvoiceImport::begin(&self.writer, import_id).await?,
        ))
    }

    async fn invoice_partner(&self, document_number: &str) -> Result<Option<MpnId>, StoreError> {
        invoices::partner_of(&self.reader, document_number).await
    }

    async fn first_publication(&self) -> Result<Option<Publication>, StoreError> {
        publications::first(&self.reader).await
    }

    async fn publication(&self, published_on: Date) -> Result<Option<Publication>, StoreError> {
        publications::get(&self.reader, published_on).await
    }

    async fn latest_publication(
        &self,
        on_or_before: Date,
    ) -> Result<Option<Publication>, StoreError> {
        publications::latest(&self.reader, on_or_before).await
    }

    async fn publish(
        &self,
        plan: &PublicationPlan,
        audit: &AuditDraft,
    ) -> Result<Publication, StoreError> {
        publications::publish(&self.writer, plan, audit).await
    }

    async fn published_rows(
        &self,
        published_on: Date,
        partner: MpnId,
    ) -> Result<Vec<PublishedRow>, StoreError> {
        publications::rows_of(&self.reader, published_on, partner).await
    }

    async fn published_totals(
        &self,
        published_on: Date,
        partner: MpnId,
    ) -> Result<Vec<PublishedTotal>, StoreError> {
        publications::totals_of(&self.reader, published_on, partner).await
    }
}
