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
//! - [`users`]: users and their roles.
//! - [`claims`]: sign-ups waiting for the program, its decisions, contacts on file and
//!   address confirmation (R31).
//! - [`partner_users`]: a partner's users list, with pending invitations (R1).
//! - [`trainers`], [`exams`]: trainer affiliations and exam passes (R4, R8, R9).
//! - [`guidelines`]: acceptances of the Performance Guidelines (R8).
//! - [`tokens`]: API bearer tokens.
//! - [`ledger`]: the KPI ledger: invoice lines in batches, publications as cut-offs (R12,
//!   R13, R16, R17, R21; `lpc_store::ledger`).
//! - [`publications`]: publications' headers.
//! - [`publication_history`], [`import_history`]: the operator console's histories of
//!   publications (with who published) and of imports run from the browser.
//! - [`memberships`]: learning memberships and what paying an order does to them (R5, R11,
//!   R28).
//! - [`orders`], [`proofs`]: orders, their payment and refund, and proofs of bank transfers
//!   (R29, R30).
//! - [`cases`]: support cases, their comments and KPI adjustments (R5, R22, R27).
//! - [`case_attachments`]: the files given with cases (R13: a discrepancy's invoice).
//! - [`outbox`]: e-mail waiting to be sent.
//! - [`sessions`]: web sessions, password reset tokens and users' languages.
//! - [`program_stats`]: the operators' overview counts, partner search and audit trails.
//! - [`audit_log`]: appending to and paging through the audit chain.
//! - [`directory_public`]: the listings the public directory shows (R24, R26, R28).
//! - [`decode`]: turning stored text back into domain types.

mod audit_log;
mod case_attachments;
mod cases;
mod claims;
mod db;
mod decode;
mod directory;
mod directory_public;
mod eligibility_bulk;
mod exams;
mod guidelines;
mod import_history;
mod ledger;
mod memberships;
mod open;
mod orders;
mod outbox;
mod partner_users;
mod people;
mod program_stats;
mod proofs;
mod publication_history;
mod publications;
mod rule_sets;
mod sessions;
mod tokens;
mod trainers;
mod users;

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
        users::add(&self.writer, user, audit).await
    }

    async fn user_by_email(&self, email: &Email) -> Result<Option<User>, StoreError> {
        users::by_email(&self.reader, email).await
    }

    async fn add_claim(
        &self,
        partner: &NewPartner,
        user: &NewUser,
        audit: &AuditDraft,
    ) -> Result<(Partner, User), StoreError> {
        claims::add(&self.writer, partner, user, audit).await
    }

    async fn claims(&self) -> Result<Vec<lpc_store::Claim>, StoreError> {
        claims::pending(&self.reader).await
    }

    async fn decide_claim(
        &self,
        partner: MpnId,
        decision: lpc_store::Verification,
        audit: &AuditDraft,
    ) -> Result<Vec<Email>, StoreError> {
        claims::decide(&self.writer, partner, decision, audit).await
    }

    async fn set_partner_contact(
        &self,
        partner: MpnId,
        contact: &Email,
        verify: bool,
        audit: &AuditDraft,
    ) -> Result<Partner, StoreError> {
        claims::set_contact(&self.writer, partner, contact, verify, audit).await
    }

    async fn confirm_email(
        &self,
        token_sha256: &str,
        now: Timestamp,
        audit: &AuditDraft,
    ) -> Result<Option<User>, StoreError> {
        claims::confirm_email(&self.writer, token_sha256, now, audit).await
    }

    async fn partner_admin_emails(&self, partner: MpnId) -> Result<Vec<Email>, StoreError> {
        users::admin_emails(&self.reader, partner).await
    }

    async fn audit_page(&self, after: i64, limit: u32) -> Result<Vec<AuditEvent>, StoreError> {
        lpc_store::sql::audit_log::page(self, after, limit).await
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

    async fn user_by_token(&self, token_sha256: &str) -> Result<Option<User>, StoreError> {
        tokens::user(&self.reader, token_sha256).await
    }

    async fn api_token(
        &self,
        token_sha256: &str,
    ) -> Result<Option<lpc_store::ApiTokenInfo>, StoreError> {
        people::token(&self.reader, token_sha256).await
    }

    async fn touch_api_token(&self, token_sha256: &str, at: Timestamp) -> Result<(), StoreError> {
        people::touch_token(&self.writer, token_sha256, at).await
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

    async fn publication_after(&self, date: Date) -> Result<Option<Publication>, StoreError> {
        publications::after(&self.reader, date).await
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
        orders::create(&self.writer, order, pay_now, audit).await
    }

    async fn settle_order(
        &self,
        order_id: i64,
        paid_on: Date,
        effect: OrderEffect,
        audit: &AuditDraft,
    ) -> Result<Order, StoreError> {
        orders::settle(&self.writer, order_id, paid_on, effect, audit).await
    }

    async fn reject_payment_proof(
        &self,
        order_id: i64,
        reason: &str,
        audit: &AuditDraft,
    ) -> Result<(), StoreError> {
        proofs::reject(&self.writer, order_id, reason, audit).await
    }

    async fn attach_payment_proof(
        &self,
        order_id: i64,
        proof: &NewPaymentProof,
        audit: &AuditDraft,
    ) -> Result<PaymentProofMeta, StoreError> {
        proofs::attach(&self.writer, order_id, proof, audit).await
    }

    async fn payment_proofs(&self, order_id: i64) -> Result<Vec<PaymentProofMeta>, StoreError> {
        proofs::of_order(&self.reader, order_id).await
    }

    async fn payment_proof_content(
        &self,
        proof_id: i64,
    ) -> Result<Option<(PaymentProofMeta, Vec<u8>)>, StoreError> {
        proofs::content(&self.reader, proof_id).await
    }

    async fn order(&self, id: i64) -> Result<Option<Order>, StoreError> {
        orders::by_id(&self.reader, id).await
    }

    async fn orders_of(&self, partner: MpnId) -> Result<Vec<Order>, StoreError> {
        orders::of_partner(&self.reader, partner).await
    }

    async fn orders_with_status(&self, status: OrderStatus) -> Result<Vec<Order>, StoreError> {
        orders::with_status(&self.reader, status).await
    }

    async fn expire_orders(
        &self,
        today: Date,
        audit: &AuditDraft,
    ) -> Result<Vec<Order>, StoreError> {
        orders::expire(&self.writer, today, audit).await
    }

    async fn refund_order(
        &self,
        order_id: i64,
        refunded_on: Date,
        audit: &AuditDraft,
    ) -> Result<Order, StoreError> {
        orders::refund(&self.writer, order_id, refunded_on, audit).await
    }

    async fn memberships_of(&self, partner: MpnId) -> Result<Vec<Membership>, StoreError> {
        memberships::of_partner(&self.reader, partner).await
    }

    async fn membership(&self, id: i64) -> Result<Option<Membership>, StoreError> {
        memberships::by_id(&self.reader, id).await
    }

    async fn active_memberships_due(&self, until: Date) -> Result<Vec<Membership>, StoreError> {
        memberships::due(&self.reader, until).await
    }

    async fn lapse_membership(
        &self,
        id: i64,
        on: Date,
        audit: &AuditDraft,
    ) -> Result<Membership, StoreError> {
        memberships::lapse(&self.writer, id, on, audit).await
    }

    async fn grant_marketplace_access(
        &self,
        membership_id: i64,
        on: Date,
        audit: &AuditDraft,
    ) -> Result<Membership, StoreError> {
        memberships::grant_access(&self.writer, membership_id, on, audit).await
    }

    async fn open_case(
        &self,
        case: &NewCase,
        audit: &AuditDraft,
    ) -> Result<SupportCase, StoreError> {
        cases::open(&self.writer, case, audit).await
    }

    async fn case(&self, id: i64) -> Result<Option<SupportCase>, StoreError> {
        cases::get(&self.reader, id).await
    }

    async fn cases(
        &self,
        partner: Option<MpnId>,
        state: Option<CaseState>,
    ) -> Result<Vec<SupportCase>, StoreError> {
        cases::list(&self.reader, partner, state).await
    }

    async fn add_case_comment(
        &self,
        case_id: i64,
        author: &str,
        body: &str,
        audit: &AuditDraft,
    ) -> Result<CaseComment, StoreError> {
        cases::comment(&self.writer, case_id, author, body, audit).await
    }

    async fn case_comments(&self, case_id: i64) -> Result<Vec<CaseComment>, StoreError> {
        cases::comments(&self.reader, case_id).await
    }

    async fn add_case_attachment(
        &self,
        case_id: i64,
        attachment: &NewCaseAttachment,
        audit: &AuditDraft,
    ) -> Result<CaseAttachment, StoreError> {
        case_attachments::add(&self.writer, case_id, attachment, audit).await
    }

    async fn case_attachments(&self, case_id: i64) -> Result<Vec<CaseAttachment>, StoreError> {
        case_attachments::list(&self.reader, case_id).await
    }

    async fn case_attachment_content(
        &self,
        id: i64,
    ) -> Result<Option<(CaseAttachment, Vec<u8>)>, StoreError> {
        case_attachments::content(&self.reader, id).await
    }

    async fn set_case_state(
        &self,
        case_id: i64,
        change: &CaseStateChange,
        audit: &AuditDraft,
    ) -> Result<SupportCase, StoreError> {
        cases::set_state(&self.writer, case_id, change, audit).await
    }

    async fn kpi_adjustments(
        &self,
        partner: Option<MpnId>,
        unpublished_only: bool,
    ) -> Result<Vec<KpiAdjustment>, StoreError> {
        cases::adjustments(&self.reader, partner, unpublished_only).await
    }

    async fn public_listings(
        &self,
        on: Date,
    ) -> Result<Vec<lpc_store::directory_public::PublicListing>, StoreError> {
        directory_public::public_listings(&self.reader, on).await
    }

    async fn directory_version(
        &self,
    ) -> Result<lpc_store::directory_public::DirectoryVersion, StoreError> {
        directory_public::version(&self.reader).await
    }

    async fn add_directory_request(
        &self,
        request: &lpc_store::directory::NewDirectoryRequest,
        audit: &AuditDraft,
    ) -> Result<lpc_store::directory::DirectoryRequest, StoreError> {
        directory::add_request(&self.writer, request, audit).await
    }

    async fn directory_request(
        &self,
        id: i64,
    ) -> Result<Option<lpc_store::directory::DirectoryRequest>, StoreError> {
        directory::request_by_id(&self.reader, id).await
    }

    async fn directory_requests(
        &self,
        partner: Option<MpnId>,
        state: Option<lpc_store::directory::RequestState>,
    ) -> Result<Vec<lpc_store::directory::DirectoryRequest>, StoreError> {
        directory::requests(&self.reader, partner, state).await
    }

    async fn record_directory_request_checks(
        &self,
        id: i64,
        checks: &str,
        checked_at: Timestamp,
        checked_on: Date,
        audit: &AuditDraft,
    ) -> Result<lpc_store::directory::DirectoryRequest, StoreError> {
        directory::record_request_checks(&self.writer, id, checks, checked_at, checked_on, audit)
            .await
    }

    async fn decide_directory_request(
        &self,
        id: i64,
        decision: &lpc_store::directory::RequestDecision,
        reason: &str,
        audit: &AuditDraft,
    ) -> Result<lpc_store::directory::DirectoryRequest, StoreError> {
        directory::decide(&self.writer, id, decision, reason, audit).await
    }

    async fn directory_listing(
        &self,
        partner: MpnId,
    ) -> Result<Option<lpc_store::directory::DirectoryListing>, StoreError> {
        directory::listing_of(&self.reader, partner).await
    }

    async fn directory_listings(
        &self,
        include_removed: bool,
    ) -> Result<Vec<lpc_store::directory::DirectoryListing>, StoreError> {
        directory::listings(&self.reader, include_removed).await
    }

    async fn record_listing_check(
        &self,
        partner: MpnId,
        check: &lpc_store::directory::ListingCheck,
        audit: &AuditDraft,
    ) -> Result<lpc_store::directory::DirectoryListing, StoreError> {
        directory::record_listing_check(&self.writer, partner, check, audit).await
    }

    async fn remove_directory_listing(
        &self,
        partner: MpnId,
        on: Date,
        audit: &AuditDraft,
    ) -> Result<lpc_store::directory::DirectoryListing, StoreError> {
        directory::remove_listing(&self.writer, partner, on, audit).await
    }

    async fn directory_token(&self, partner: MpnId) -> Result<Option<String>, StoreError> {
        directory::token(&self.reader, partner).await
    }

    async fn create_directory_token(
        &self,
        partner: MpnId,
        token: &str,
        audit: &AuditDraft,
    ) -> Result<String, StoreError> {
        directory::create_token(&self.writer, partner, token, audit).await
    }

    async fn directory_competitors(&self) -> Result<Vec<String>, StoreError> {
        directory::competitors(&self.reader).await
    }

    async fn add_directory_competitor(
        &self,
        name: &str,
        audit: &AuditDraft,
    ) -> Result<bool, StoreError> {
        directory::add_competitor(&self.writer, name, audit).await
    }

    async fn remove_directory_competitor(
        &self,
        name: &str,
        audit: &AuditDraft,
    ) -> Result<bool, StoreError> {
        directory::remove_competitor(&self.writer, name, audit).await
    }

    async fn enqueue_mail(&self, message: &NewOutboxMessage) -> Result<bool, StoreError> {
        outbox::enqueue(&self.writer, message).await
    }

    async fn unsent_mail(&self, limit: u32) -> Result<Vec<OutboxMessage>, StoreError> {
        outbox::unsent(&self.reader, limit).await
    }

    async fn mark_mail_sent(&self, id: i64, at: Timestamp, body: &str) -> Result<(), StoreError> {
        outbox::mark_sent(&self.writer, id, at, body).await
    }

    async fn mark_mail_failed(&self, id: i64, error: &str) -> Result<(), StoreError> {
        outbox::mark_failed(&self.writer, id, error).await
    }

    async fn outbox(&self, limit: u32) -> Result<Vec<OutboxMessage>, StoreError> {
        outbox::newest(&self.reader, limit).await
    }

    async fn program_counts(&self) -> Result<lpc_store::program_stats::ProgramCounts, StoreError> {
        program_stats::counts(&self.reader).await
    }

    async fn anniversary_counts(
        &self,
        today: Date,
    ) -> Result<lpc_store::program_stats::AnniversaryCounts, StoreError> {
        program_stats::anniversary_counts(&self.reader, today).await
    }

    async fn anniversaries_between(
        &self,
        from: Date,
        until: Date,
        offset: u64,
        limit: u32,
    ) -> Result<Vec<Membership>, StoreError> {
        program_stats::anniversaries_between(&self.reader, from, until, offset, limit).await
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
        program_stats::search_partners(&self.reader, query, offset, limit).await
    }

    async fn audit_trail(
        &self,
        filter: &lpc_store::program_stats::AuditTrailFilter,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<AuditEvent>, StoreError> {
        program_stats::audit_trail(&self.reader, filter, before, limit).await
    }

    async fn session_create(&self, session: &StoredSession) -> Result<bool, StoreError> {
        sessions::create(&self.writer, session).await
    }

    async fn session_save(&self, session: &StoredSession) -> Result<(), StoreError> {
        sessions::save(&self.writer, session).await
    }

    async fn session_load(
        &self,
        id: &str,
        now: Timestamp,
    ) -> Result<Option<StoredSession>, StoreError> {
        sessions::load(&self.reader, id, now).await
    }

    async fn session_delete(&self, id: &str) -> Result<(), StoreError> {
        sessions::delete(&self.writer, id).await
    }

    async fn session_delete_expired(&self, now: Timestamp) -> Result<u64, StoreError> {
        sessions::delete_expired(&self.writer, now).await
    }

    async fn add_password_reset(
        &self,
        user_id: i64,
        token_sha256: &str,
        expires_at: Timestamp,
        audit: &AuditDraft,
    ) -> Result<(), StoreError> {
        sessions::add_reset(&self.writer, user_id, token_sha256, expires_at, audit).await
    }

    async fn password_reset_user(
        &self,
        token_sha256: &str,
        now: Timestamp,
    ) -> Result<Option<User>, StoreError> {
        sessions::reset_user(&self.reader, token_sha256, now).await
    }

    async fn use_password_reset(
        &self,
        token_sha256: &str,
        now: Timestamp,
        password_hash: &str,
        audit: &AuditDraft,
    ) -> Result<Option<u64>, StoreError> {
        sessions::use_reset(&self.writer, token_sha256, now, password_hash, audit).await
    }

    async fn set_user_locale(&self, user_id: i64, locale: Option<&str>) -> Result<(), StoreError> {
        sessions::set_locale(&self.writer, user_id, locale).await
    }

    async fn user_locale(&self, user_id: i64) -> Result<Option<String>, StoreError> {
        sessions::locale(&self.reader, user_id).await
    }

    async fn remove_trainer(
        &self,
        partner: MpnId,
        mct_id: &str,
        audit: &AuditDraft,
    ) -> Result<bool, StoreError> {
        people::remove_trainer(&self.writer, partner, mct_id, audit).await
    }

    async fn remove_exam_pass(
        &self,
        pass: &ExamPass,
        audit: &AuditDraft,
    ) -> Result<bool, StoreError> {
        people::remove_exam_pass(&self.writer, pass, audit).await
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
        people::add_token(&self.writer, &token, audit).await
    }

    async fn api_tokens_of(
        &self,
        user_id: i64,
    ) -> Result<Vec<lpc_store::ApiTokenInfo>, StoreError> {
        people::tokens_of(&self.reader, user_id).await
    }

    async fn revoke_api_token(
        &self,
        user_id: i64,
        token_sha256: &str,
        audit: &AuditDraft,
    ) -> Result<bool, StoreError> {
        people::revoke_token(&self.writer, user_id, token_sha256, audit).await
    }

    async fn record_import(
        &self,
        record: &ImportRecord,
        audit: &AuditDraft,
    ) -> Result<(), StoreError> {
        import_history::record(&self.writer, record, audit).await
    }

    async fn import_history(&self, limit: u32) -> Result<Vec<ImportRecord>, StoreError> {
        import_history::latest(&self.reader, limit).await
    }

    async fn publication_history(&self, limit: u32) -> Result<Vec<PublicationRecord>, StoreError> {
        publication_history::latest(&self.reader, limit).await
    }

    async fn add_rule_set_draft(
        &self,
        draft: &lpc_store::NewRuleSetDraft,
        audit: &AuditDraft,
    ) -> Result<lpc_store::StoredRuleSet, StoreError> {
        rule_sets::add_draft(&self.writer, draft, audit).await
    }

    async fn rule_sets(&self) -> Result<Vec<lpc_store::StoredRuleSet>, StoreError> {
        rule_sets::all(&self.reader).await
    }

    async fn rule_set(&self, id: i64) -> Result<Option<lpc_store::StoredRuleSet>, StoreError> {
        rule_sets::one(&self.reader, id).await
    }

    async fn activate_rule_set(
        &self,
        activation: &lpc_store::RuleSetActivation,
        audit: &AuditDraft,
    ) -> Result<lpc_store::StoredRuleSet, StoreError> {
        rule_sets::activate(&self.writer, activation, audit).await
    }

    async fn discard_rule_set(&self, id: i64, audit: &AuditDraft) -> Result<(), StoreError> {
        rule_sets::discard(&self.writer, id, audit).await
    }

    async fn eligibility_bulk(
        &self,
        since: Date,
        published_on: Option<Date>,
    ) -> Result<lpc_store::EligibilityBulk, StoreError> {
        eligibility_bulk::read(&self.reader, since, published_on).await
    }

    async fn partner_users(
        &self,
        partner: MpnId,
    ) -> Result<Vec<lpc_store::PartnerUserRow>, StoreError> {
        partner_users::list(&self.reader, partner).await
    }

    async fn set_partner_role(
        &self,
        partner: MpnId,
        email: &Email,
        role: Option<lpc_domain::Role>,
        audit: &AuditDraft,
    ) -> Result<(), StoreError> {
        partner_users::set_role(&self.writer, partner, email, role, audit).await
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
