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
//! - [`audit_log`]: appending to and paging through the audit chain.

mod audit_log;
mod db;
mod ledger;
mod open;

use async_trait::async_trait;
use jiff::Timestamp;
use jiff::civil::Date;
use lpc_domain::{Email, MpnId};
use lpc_store::publishing::PublicationPlan;
use lpc_store::{
    AuditDraft, AuditEvent, CaseAttachment, CaseComment, CaseState, CaseStateChange, ExamPass,
    GuidelineAcceptance, ImportCounts, InvoiceImport, KpiAdjustment, Membership, NewCase,
    NewCaseAttachment, NewOrder, NewOutboxMessage, NewPartner, NewPaymentProof, NewUser, Order,
    OrderEffect, OrderStatus, OutboxMessage, Partner, PaymentProofMeta, Publication, PublishedRow,
    PublishedTotal, Store, StoreError, StoredSession, SupportCase, Trainer, User,
};
use sqlx::SqlitePool;

pub use open::open;

use lpc_store::{ImportRecord, PublicationRecord};

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

    async fn add_partner(
        &self,
        partner: &NewPartner,
        audit: &AuditDraft,
    ) -> Result<Partner, StoreError> {
        lpc_store::sql::partners::add(self, partner, audit).await
    }

    async fn partner(&self, mpn_id: MpnId) -> Result<Option<Partner>, StoreError> {
        lpc_store::sql::partners::get(self, mpn_id).await
    }

    async fn partners(&self) -> Result<Vec<Partner>, StoreError> {
        lpc_store::sql::partners::list(self).await
    }

    async fn add_user(&self, user: &NewUser, audit: &AuditDraft) -> Result<User, StoreError> {
        lpc_store::sql::users::add(self, user, audit).await
    }

    async fn user_by_email(&self, email: &Email) -> Result<Option<User>, StoreError> {
        lpc_store::sql::users::by_email(self, email).await
    }

    async fn add_claim(
        &self,
        partner: &NewPartner,
        user: &NewUser,
        audit: &AuditDraft,
    ) -> Result<(Partner, User), StoreError> {
        lpc_store::sql::claims::add(self, partner, user, audit).await
    }

    async fn claims(&self) -> Result<Vec<lpc_store::Claim>, StoreError> {
        lpc_store::sql::claims::pending(self).await
    }

    async fn decide_claim(
        &self,
        partner: MpnId,
        decision: lpc_store::Verification,
        audit: &AuditDraft,
    ) -> Result<Vec<Email>, StoreError> {
        lpc_store::sql::claims::decide(self, partner, decision, audit).await
    }

    async fn set_partner_contact(
        &self,
        partner: MpnId,
        contact: &Email,
        verify: bool,
        audit: &AuditDraft,
    ) -> Result<Partner, StoreError> {
        lpc_store::sql::claims::set_contact(self, partner, contact, verify, audit).await
    }

    async fn confirm_email(
        &self,
        token_sha256: &str,
        now: Timestamp,
        audit: &AuditDraft,
    ) -> Result<Option<User>, StoreError> {
        lpc_store::sql::claims::confirm_email(self, token_sha256, now, audit).await
    }

    async fn partner_admin_emails(&self, partner: MpnId) -> Result<Vec<Email>, StoreError> {
        lpc_store::sql::users::admin_emails(self, partner).await
    }

    async fn audit_page(&self, after: i64, limit: u32) -> Result<Vec<AuditEvent>, StoreError> {
        lpc_store::sql::audit_log::page(self, after, limit).await
    }

    async fn import_trainers(
        &self,
        trainers: &[Trainer],
        audit: &AuditDraft,
    ) -> Result<ImportCounts, StoreError> {
        lpc_store::sql::trainers::import(self, trainers, audit).await
    }

    async fn trainers_of(&self, partner: MpnId) -> Result<Vec<Trainer>, StoreError> {
        lpc_store::sql::trainers::of_partner(self, partner).await
    }

    async fn import_exam_passes(
        &self,
        passes: &[ExamPass],
        audit: &AuditDraft,
    ) -> Result<ImportCounts, StoreError> {
        lpc_store::sql::exams::import(self, passes, audit).await
    }

    async fn exam_passes_of(
        &self,
        partner: MpnId,
        since: Date,
    ) -> Result<Vec<ExamPass>, StoreError> {
        lpc_store::sql::exams::of_partner(self, partner, since).await
    }

    async fn accept_guidelines(
        &self,
        acceptance: &GuidelineAcceptance,
        audit: &AuditDraft,
    ) -> Result<(), StoreError> {
        lpc_store::sql::guidelines::accept(self, acceptance, audit).await
    }

    async fn guideline_acceptances(
        &self,
        partner: MpnId,
    ) -> Result<Vec<GuidelineAcceptance>, StoreError> {
        lpc_store::sql::guidelines::of_partner(self, partner).await
    }

    async fn user_by_token(&self, token_sha256: &str) -> Result<Option<User>, StoreError> {
        lpc_store::sql::tokens::user(self, token_sha256).await
    }

    async fn api_token(
        &self,
        token_sha256: &str,
    ) -> Result<Option<lpc_store::ApiTokenInfo>, StoreError> {
        lpc_store::sql::people::token(self, token_sha256).await
    }

    async fn touch_api_token(&self, token_sha256: &str, at: Timestamp) -> Result<(), StoreError> {
        lpc_store::sql::people::touch_token(self, token_sha256, at).await
    }

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

    async fn first_publication(&self) -> Result<Option<Publication>, StoreError> {
        lpc_store::sql::publications::first(self).await
    }

    async fn publication(&self, published_on: Date) -> Result<Option<Publication>, StoreError> {
        lpc_store::sql::publications::get(self, published_on).await
    }

    async fn latest_publication(
        &self,
        on_or_before: Date,
    ) -> Result<Option<Publication>, StoreError> {
        lpc_store::sql::publications::latest(self, on_or_before).await
    }

    async fn publication_after(&self, date: Date) -> Result<Option<Publication>, StoreError> {
        lpc_store::sql::publications::after(self, date).await
    }

    async fn close(&self) {
        self.reader.close().await;
        self.writer.close().await;
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

    async fn create_order(
        &self,
        order: &NewOrder,
        pay_now: Option<(Date, OrderEffect)>,
        audit: &AuditDraft,
    ) -> Result<Order, StoreError> {
        lpc_store::sql::orders::create(self, order, pay_now, audit).await
    }

    async fn settle_order(
        &self,
        order_id: i64,
        paid_on: Date,
        effect: OrderEffect,
        audit: &AuditDraft,
    ) -> Result<Order, StoreError> {
        lpc_store::sql::orders::settle(self, order_id, paid_on, effect, audit).await
    }

    async fn reject_payment_proof(
        &self,
        order_id: i64,
        reason: &str,
        audit: &AuditDraft,
    ) -> Result<(), StoreError> {
        lpc_store::sql::proofs::reject(self, order_id, reason, audit).await
    }

    async fn attach_payment_proof(
        &self,
        order_id: i64,
        proof: &NewPaymentProof,
        audit: &AuditDraft,
    ) -> Result<PaymentProofMeta, StoreError> {
        lpc_store::sql::proofs::attach(self, order_id, proof, audit).await
    }

    async fn payment_proofs(&self, order_id: i64) -> Result<Vec<PaymentProofMeta>, StoreError> {
        lpc_store::sql::proofs::of_order(self, order_id).await
    }

    async fn payment_proof_content(
        &self,
        proof_id: i64,
    ) -> Result<Option<(PaymentProofMeta, Vec<u8>)>, StoreError> {
        lpc_store::sql::proofs::content(self, proof_id).await
    }

    async fn order(&self, id: i64) -> Result<Option<Order>, StoreError> {
        lpc_store::sql::orders::get(self, id).await
    }

    async fn orders_of(&self, partner: MpnId) -> Result<Vec<Order>, StoreError> {
        lpc_store::sql::orders::of_partner(self, partner).await
    }

    async fn orders_with_status(&self, status: OrderStatus) -> Result<Vec<Order>, StoreError> {
        lpc_store::sql::orders::with_status(self, status).await
    }

    async fn expire_orders(
        &self,
        today: Date,
        audit: &AuditDraft,
    ) -> Result<Vec<Order>, StoreError> {
        lpc_store::sql::orders::expire(self, today, audit).await
    }

    async fn refund_order(
        &self,
        order_id: i64,
        refunded_on: Date,
        audit: &AuditDraft,
    ) -> Result<Order, StoreError> {
        lpc_store::sql::orders::refund(self, order_id, refunded_on, audit).await
    }

    async fn memberships_of(&self, partner: MpnId) -> Result<Vec<Membership>, StoreError> {
        lpc_store::sql::memberships::of_partner(self, partner).await
    }

    async fn membership(&self, id: i64) -> Result<Option<Membership>, StoreError> {
        lpc_store::sql::memberships::get(self, id).await
    }

    async fn active_memberships_due(&self, until: Date) -> Result<Vec<Membership>, StoreError> {
        lpc_store::sql::memberships::due(self, until).await
    }

    async fn lapse_membership(
        &self,
        id: i64,
        on: Date,
        audit: &AuditDraft,
    ) -> Result<Membership, StoreError> {
        lpc_store::sql::memberships::lapse(self, id, on, audit).await
    }

    async fn grant_marketplace_access(
        &self,
        membership_id: i64,
        on: Date,
        audit: &AuditDraft,
    ) -> Result<Membership, StoreError> {
        lpc_store::sql::memberships::grant_access(self, membership_id, on, audit).await
    }

    async fn open_case(
        &self,
        case: &NewCase,
        audit: &AuditDraft,
    ) -> Result<SupportCase, StoreError> {
        lpc_store::sql::cases::open(self, case, audit).await
    }

    async fn case(&self, id: i64) -> Result<Option<SupportCase>, StoreError> {
        lpc_store::sql::cases::get(self, id).await
    }

    async fn cases(
        &self,
        partner: Option<MpnId>,
        state: Option<CaseState>,
    ) -> Result<Vec<SupportCase>, StoreError> {
        lpc_store::sql::cases::list(self, partner, state).await
    }

    async fn add_case_comment(
        &self,
        case_id: i64,
        author: &str,
        body: &str,
        audit: &AuditDraft,
    ) -> Result<CaseComment, StoreError> {
        lpc_store::sql::cases::comment(self, case_id, author, body, audit).await
    }

    async fn case_comments(&self, case_id: i64) -> Result<Vec<CaseComment>, StoreError> {
        lpc_store::sql::cases::comments(self, case_id).await
    }

    async fn add_case_attachment(
        &self,
        case_id: i64,
        attachment: &NewCaseAttachment,
        audit: &AuditDraft,
    ) -> Result<CaseAttachment, StoreError> {
        lpc_store::sql::case_attachments::add(self, case_id, attachment, audit).await
    }

    async fn case_attachments(&self, case_id: i64) -> Result<Vec<CaseAttachment>, StoreError> {
        lpc_store::sql::case_attachments::list(self, case_id).await
    }

    async fn case_attachment_content(
        &self,
        id: i64,
    ) -> Result<Option<(CaseAttachment, Vec<u8>)>, StoreError> {
        lpc_store::sql::case_attachments::content(self, id).await
    }

    async fn set_case_state(
        &self,
        case_id: i64,
        change: &CaseStateChange,
        audit: &AuditDraft,
    ) -> Result<SupportCase, StoreError> {
        lpc_store::sql::cases::set_state(self, case_id, change, audit).await
    }

    async fn kpi_adjustments(
        &self,
        partner: Option<MpnId>,
        unpublished_only: bool,
    ) -> Result<Vec<KpiAdjustment>, StoreError> {
        lpc_store::sql::cases::adjustments(self, partner, unpublished_only).await
    }

    async fn public_listings(
        &self,
        on: Date,
    ) -> Result<Vec<lpc_store::directory_public::PublicListing>, StoreError> {
        lpc_store::sql::directory_public::public_listings(self, on).await
    }

    async fn directory_version(
        &self,
    ) -> Result<lpc_store::directory_public::DirectoryVersion, StoreError> {
        lpc_store::sql::directory_public::version(self).await
    }

    async fn add_directory_request(
        &self,
        request: &lpc_store::directory::NewDirectoryRequest,
        audit: &AuditDraft,
    ) -> Result<lpc_store::directory::DirectoryRequest, StoreError> {
        lpc_store::sql::directory::add_request(self, request, audit).await
    }

    async fn directory_request(
        &self,
        id: i64,
    ) -> Result<Option<lpc_store::directory::DirectoryRequest>, StoreError> {
        lpc_store::sql::directory::request_by_id(self, id).await
    }

    async fn directory_requests(
        &self,
        partner: Option<MpnId>,
        state: Option<lpc_store::directory::RequestState>,
    ) -> Result<Vec<lpc_store::directory::DirectoryRequest>, StoreError> {
        lpc_store::sql::directory::requests(self, partner, state).await
    }

    async fn record_directory_request_checks(
        &self,
        id: i64,
        checks: &str,
        checked_at: Timestamp,
        checked_on: Date,
        audit: &AuditDraft,
    ) -> Result<lpc_store::directory::DirectoryRequest, StoreError> {
        lpc_store::sql::directory::record_request_checks(
            self, id, checks, checked_at, checked_on, audit,
        )
        .await
    }

    async fn decide_directory_request(
        &self,
        id: i64,
        decision: &lpc_store::directory::RequestDecision,
        reason: &str,
        audit: &AuditDraft,
    ) -> Result<lpc_store::directory::DirectoryRequest, StoreError> {
        lpc_store::sql::directory::decide(self, id, decision, reason, audit).await
    }

    async fn directory_listing(
        &self,
        partner: MpnId,
    ) -> Result<Option<lpc_store::directory::DirectoryListing>, StoreError> {
        lpc_store::sql::directory::listing_of(self, partner).await
    }

    async fn directory_listings(
        &self,
        include_removed: bool,
    ) -> Result<Vec<lpc_store::directory::DirectoryListing>, StoreError> {
        lpc_store::sql::directory::listings(self, include_removed).await
    }

    async fn record_listing_check(
        &self,
        partner: MpnId,
        check: &lpc_store::directory::ListingCheck,
        audit: &AuditDraft,
    ) -> Result<lpc_store::directory::DirectoryListing, StoreError> {
        lpc_store::sql::directory::record_listing_check(self, partner, check, audit).await
    }

    async fn remove_directory_listing(
        &self,
        partner: MpnId,
        on: Date,
        audit: &AuditDraft,
    ) -> Result<lpc_store::directory::DirectoryListing, StoreError> {
        lpc_store::sql::directory::remove_listing(self, partner, on, audit).await
    }

    async fn directory_token(&self, partner: MpnId) -> Result<Option<String>, StoreError> {
        lpc_store::sql::directory::token(self, partner).await
    }

    async fn create_directory_token(
        &self,
        partner: MpnId,
        token: &str,
        audit: &AuditDraft,
    ) -> Result<String, StoreError> {
        lpc_store::sql::directory::create_token(self, partner, token, audit).await
    }

    async fn directory_competitors(&self) -> Result<Vec<String>, StoreError> {
        lpc_store::sql::directory::competitors(self).await
    }

    async fn add_directory_competitor(
        &self,
        name: &str,
        audit: &AuditDraft,
    ) -> Result<bool, StoreError> {
        lpc_store::sql::directory::add_competitor(self, name, audit).await
    }

    async fn remove_directory_competitor(
        &self,
        name: &str,
        audit: &AuditDraft,
    ) -> Result<bool, StoreError> {
        lpc_store::sql::directory::remove_competitor(self, name, audit).await
    }

    async fn enqueue_mail(&self, message: &NewOutboxMessage) -> Result<bool, StoreError> {
        lpc_store::sql::outbox::enqueue(self, message).await
    }

    async fn unsent_mail(&self, limit: u32) -> Result<Vec<OutboxMessage>, StoreError> {
        lpc_store::sql::outbox::unsent(self, limit).await
    }

    async fn mark_mail_sent(&self, id: i64, at: Timestamp, body: &str) -> Result<(), StoreError> {
        lpc_store::sql::outbox::mark_sent(self, id, at, body).await
    }

    async fn mark_mail_failed(&self, id: i64, error: &str) -> Result<(), StoreError> {
        lpc_store::sql::outbox::mark_failed(self, id, error).await
    }

    async fn outbox(&self, limit: u32) -> Result<Vec<OutboxMessage>, StoreError> {
        lpc_store::sql::outbox::newest(self, limit).await
    }

    async fn program_counts(&self) -> Result<lpc_store::program_stats::ProgramCounts, StoreError> {
        lpc_store::sql::program_stats::counts(self).await
    }

    async fn anniversary_counts(
        &self,
        today: Date,
    ) -> Result<lpc_store::program_stats::AnniversaryCounts, StoreError> {
        lpc_store::sql::program_stats::anniversary_counts(self, today).await
    }

    async fn anniversaries_between(
        &self,
        from: Date,
        until: Date,
        offset: u64,
        limit: u32,
    ) -> Result<Vec<Membership>, StoreError> {
        lpc_store::sql::program_stats::anniversaries_between(self, from, until, offset, limit).await
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

    async fn search_partners(
        &self,
        query: &lpc_store::program_stats::PartnerQuery,
        offset: u64,
        limit: u32,
    ) -> Result<(Vec<Partner>, u64), StoreError> {
        lpc_store::sql::program_stats::search_partners(self, query, offset, limit).await
    }

    async fn audit_trail(
        &self,
        filter: &lpc_store::program_stats::AuditTrailFilter,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<AuditEvent>, StoreError> {
        lpc_store::sql::program_stats::audit_trail(self, filter, before, limit).await
    }

    async fn session_create(&self, session: &StoredSession) -> Result<bool, StoreError> {
        lpc_store::sql::sessions::create(self, session).await
    }

    async fn session_save(&self, session: &StoredSession) -> Result<(), StoreError> {
        lpc_store::sql::sessions::save(self, session).await
    }

    async fn session_load(
        &self,
        id: &str,
        now: Timestamp,
    ) -> Result<Option<StoredSession>, StoreError> {
        lpc_store::sql::sessions::load(self, id, now).await
    }

    async fn session_delete(&self, id: &str) -> Result<(), StoreError> {
        lpc_store::sql::sessions::delete(self, id).await
    }

    async fn session_delete_expired(&self, now: Timestamp) -> Result<u64, StoreError> {
        lpc_store::sql::sessions::delete_expired(self, now).await
    }

    async fn add_password_reset(
        &self,
        user_id: i64,
        token_sha256: &str,
        expires_at: Timestamp,
        audit: &AuditDraft,
    ) -> Result<(), StoreError> {
        lpc_store::sql::sessions::add_reset(self, user_id, token_sha256, expires_at, audit).await
    }

    async fn password_reset_user(
        &self,
        token_sha256: &str,
        now: Timestamp,
    ) -> Result<Option<User>, StoreError> {
        lpc_store::sql::sessions::reset_user(self, token_sha256, now).await
    }

    async fn use_password_reset(
        &self,
        token_sha256: &str,
        now: Timestamp,
        password_hash: &str,
        audit: &AuditDraft,
    ) -> Result<Option<u64>, StoreError> {
        lpc_store::sql::sessions::use_reset(self, token_sha256, now, password_hash, audit).await
    }

    async fn set_user_locale(&self, user_id: i64, locale: Option<&str>) -> Result<(), StoreError> {
        lpc_store::sql::sessions::set_locale(self, user_id, locale).await
    }

    async fn user_locale(&self, user_id: i64) -> Result<Option<String>, StoreError> {
        lpc_store::sql::sessions::locale(self, user_id).await
    }

    async fn remove_trainer(
        &self,
        partner: MpnId,
        mct_id: &str,
        audit: &AuditDraft,
    ) -> Result<bool, StoreError> {
        lpc_store::sql::people::remove_trainer(self, partner, mct_id, audit).await
    }

    async fn remove_exam_pass(
        &self,
        pass: &ExamPass,
        audit: &AuditDraft,
    ) -> Result<bool, StoreError> {
        lpc_store::sql::people::remove_exam_pass(self, pass, audit).await
    }

    async fn add_api_token_with_hint(
        &self,
        user_id: i64,
        token_sha256: &str,
        label: &str,
        last_four: &str,
        expires_at: Timestamp,
        audit: &AuditDraft,
    ) -> Result<(), StoreError> {
        let token = lpc_store::NewApiToken {
            user_id,
            sha256: token_sha256,
            label,
            last_four,
            expires_at,
        };
        lpc_store::sql::people::add_token(self, &token, audit).await
    }

    async fn api_tokens_of(
        &self,
        user_id: i64,
    ) -> Result<Vec<lpc_store::ApiTokenInfo>, StoreError> {
        lpc_store::sql::people::tokens_of(self, user_id).await
    }

    async fn revoke_api_token(
        &self,
        user_id: i64,
        token_sha256: &str,
        audit: &AuditDraft,
    ) -> Result<bool, StoreError> {
        lpc_store::sql::people::revoke_token(self, user_id, token_sha256, audit).await
    }

    async fn record_import(
        &self,
        record: &ImportRecord,
        audit: &AuditDraft,
    ) -> Result<(), StoreError> {
        lpc_store::sql::import_history::record(self, record, audit).await
    }

    async fn import_history(&self, limit: u32) -> Result<Vec<ImportRecord>, StoreError> {
        lpc_store::sql::import_history::latest(self, limit).await
    }

    async fn publication_history(&self, limit: u32) -> Result<Vec<PublicationRecord>, StoreError> {
        lpc_store::sql::publication_history::latest(self, limit).await
    }

    async fn add_rule_set_draft(
        &self,
        draft: &lpc_store::NewRuleSetDraft,
        audit: &AuditDraft,
    ) -> Result<lpc_store::StoredRuleSet, StoreError> {
        lpc_store::sql::rule_sets::add_draft(self, draft, audit).await
    }

    async fn rule_sets(&self) -> Result<Vec<lpc_store::StoredRuleSet>, StoreError> {
        lpc_store::sql::rule_sets::all(self).await
    }

    async fn rule_set(&self, id: i64) -> Result<Option<lpc_store::StoredRuleSet>, StoreError> {
        lpc_store::sql::rule_sets::one(self, id).await
    }

    async fn activate_rule_set(
        &self,
        activation: &lpc_store::RuleSetActivation,
        audit: &AuditDraft,
    ) -> Result<lpc_store::StoredRuleSet, StoreError> {
        lpc_store::sql::rule_sets::activate(self, activation, audit).await
    }

    async fn discard_rule_set(&self, id: i64, audit: &AuditDraft) -> Result<(), StoreError> {
        lpc_store::sql::rule_sets::discard(self, id, audit).await
    }

    async fn eligibility_bulk(
        &self,
        since: Date,
        published_on: Option<Date>,
    ) -> Result<lpc_store::EligibilityBulk, StoreError> {
        lpc_store::sql::eligibility_bulk::read(self, since, published_on).await
    }

    async fn partner_users(
        &self,
        partner: MpnId,
    ) -> Result<Vec<lpc_store::PartnerUserRow>, StoreError> {
        lpc_store::sql::partner_users::list(self, partner).await
    }

    async fn set_partner_role(
        &self,
        partner: MpnId,
        email: &Email,
        role: Option<lpc_domain::Role>,
        audit: &AuditDraft,
    ) -> Result<(), StoreError> {
        lpc_store::sql::partner_users::set_role(self, partner, email, role, audit).await
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
