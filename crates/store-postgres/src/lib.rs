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
//! - [`trainers`], [`exams`]: trainer affiliations and exam passes (R4, R8, R9).
//! - [`guidelines`]: acceptances of the Performance Guidelines (R8).
//! - [`tokens`]: API bearer tokens.
//! - [`invoices`]: invoice and credit-note lines (R12, R13, R16).
//! - [`publications`]: frozen monthly KPI reports (R17, R21).
//! - [`audit_log`]: appending to and paging through the audit chain.
//! - [`decode`]: turning stored values back into domain types.
//! - [`testing`]: throwaway databases for the tests of this crate and of the CLI.

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

pub mod testing;

use async_trait::async_trait;
use jiff::civil::Date;
use lpc_domain::{Email, MpnId};
use lpc_store::publishing::PublicationPlan;
use lpc_store::{
    AuditDraft, AuditEvent, ExamPass, GuidelineAcceptance, ImportCounts, InvoiceImport, NewPartner,
    NewUser, Partner, Publication, PublishedRow, PublishedTotal, Store, StoreError, Trainer, User,
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

    async fn import_trainers(
        &self,
        trainers: &[Trainer],
        audit: &AuditDraft,
    ) -> Result<ImportCounts, StoreError> {
        trainers::import(&self.pool, trainers, audit).await
    }

    async fn trainers_of(&self, partner: MpnId) -> Result<Vec<Trainer>, StoreError> {
        trainers::of_partner(&self.pool, partner).await
    }

    async fn import_exam_passes(
        &self,
        passes: &[ExamPass],
        audit: &AuditDraft,
    ) -> Result<ImportCounts, StoreError> {
        exams::import(&self.pool, passes, audit).await
    }

    async fn exam_passes_of(
        &self,
        partner: MpnId,
        since: Date,
    ) -> Result<Vec<ExamPass>, StoreError> {
        exams::of_partner(&self.pool, partner, since).await
    }

    async fn accept_guidelines(
        &self,
        acceptance: &GuidelineAcceptance,
        audit: &AuditDraft,
    ) -> Result<(), StoreError> {
        guidelines::accept(&self.pool, acceptance, audit).await
    }

    async fn guideline_acceptances(
        &self,
        partner: MpnId,
    ) -> Result<Vec<GuidelineAcceptance>, StoreError> {
        guidelines::of_partner(&self.pool, partner).await
    }

    async fn add_api_token(
        &self,
        user_id: i64,
        token_sha256: &str,
        label: &str,
        audit: &AuditDraft,
    ) -> Result<(), StoreError> {
        tokens::add(&self.pool, user_id, token_sha256, label, audit).await
    }

    async fn user_by_token(&self, token_sha256: &str) -> Result<Option<User>, StoreError> {
        tokens::user(&self.pool, token_sha256).await
    }

    async fn begin_invoice_import(
        &self,
        import_id: &str,
    ) -> Result<Box<dyn InvoiceImport>, StoreError> {
        Ok(Box::new(
            invoices::PgInvoiceImport::begin(&self.pool, import_id).await?,
        ))
    }

    async fn invoice_partner(&self, document_number: &str) -> Result<Option<MpnId>, StoreError> {
        invoices::partner_of(&self.pool, document_number).await
    }

    async fn first_publication(&self) -> Result<Option<Publication>, StoreError> {
        publications::first(&self.pool).await
    }

    async fn publication(&self, published_on: Date) -> Result<Option<Publication>, StoreError> {
        publications::get(&self.pool, published_on).await
    }

    async fn latest_publication(
        &self,
        on_or_before: Date,
    ) -> Result<Option<Publication>, StoreError> {
        publications::latest(&self.pool, on_or_before).await
    }

    async fn publish(
        &self,
        plan: &PublicationPlan,
        audit: &AuditDraft,
    ) -> Result<Publication, StoreError> {
        publications::publish(&self.pool, plan, audit).await
    }

    async fn published_rows(
        &self,
        published_on: Date,
        partner: MpnId,
    ) -> Result<Vec<PublishedRow>, StoreError> {
        publications::rows_of(&self.pool, published_on, partner).await
    }

    async fn published_totals(
        &self,
        published_on: Date,
        partner: MpnId,
    ) -> Result<Vec<PublishedTotal>, StoreError> {
        publications::totals_of(&self.pool, published_on, partner).await
    }
}
