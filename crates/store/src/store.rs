//! The storage contract.

use async_trait::async_trait;
use lpc_domain::{Email, MpnId};

use crate::audit::{AuditDraft, AuditEvent};
use crate::error::StoreError;
use jiff::civil::Date;

use crate::publishing::PublicationPlan;
use crate::rows::{
    CaseAttachment, CaseComment, CaseState, CaseStateChange, ExamPass, ExistingLine,
    GuidelineAcceptance, ImportCounts, InvoiceLine, KpiAdjustment, Membership, NewCase,
    NewCaseAttachment, NewOrder, NewOutboxMessage, NewPartner, NewPaymentProof, NewUser, Order,
    OrderEffect, OrderStatus, OutboxMessage, Partner, PaymentProofMeta, Publication, PublishedRow,
    PublishedTotal, SupportCase, Trainer, User,
};
use jiff::Timestamp;

use crate::rows::ApiTokenInfo;
use crate::rows::StoredSession;
use crate::rows::{ImportRecord, PartnerUserRow, PublicationRecord};

/// Everything lpc keeps, behind one trait so that SQLite and PostgreSQL are interchangeable.
///
/// Every method that changes state takes the [`AuditDraft`] describing the change and
/// appends it to the audit chain in the same transaction: a change without its audit event,
/// or an event without its change, can never be stored.
#[async_trait]
pub trait Store: Send + Sync + std::fmt::Debug {
    /// `sqlite` or `postgres`, for logs and `/readyz`.
    fn backend(&self) -> &'static str;

    /// Applies this backend's pending migrations (also done when the store is opened).
    async fn migrate(&self) -> Result<(), StoreError>;

    /// Answers whether the database can be reached and queried now.
    async fn ping(&self) -> Result<(), StoreError>;

    /// True when no partner and no user exists yet (the demo seeds only such a database).
    async fn is_empty(&self) -> Result<bool, StoreError>;

    /// Registers a partner; `Conflict` if its MPN ID is taken.
    async fn add_partner(
        &self,
        partner: &NewPartner,
        audit: &AuditDraft,
    ) -> Result<Partner, StoreError>;

    /// A registered partner. A verified partner is never changed or removed (verification is
    /// never taken back), and `lpc_app` relies on it to keep the verified ones it has read in
    /// memory; only the contact on file changes, and whoever changes it drops it there.
    async fn partner(&self, mpn_id: MpnId) -> Result<Option<Partner>, StoreError>;

    /// All partners, by MPN ID.
    async fn partners(&self) -> Result<Vec<Partner>, StoreError>;

    /// Creates a user with its roles; `Conflict` if the e-mail is taken, `NotFound` if a role
    /// names a partner that is not registered.
    async fn add_user(&self, user: &NewUser, audit: &AuditDraft) -> Result<User, StoreError>;

    async fn user_by_email(&self, email: &Email) -> Result<Option<User>, StoreError>;

    // Claims of organizations (R31).

    /// Records a sign-up in one transaction: the organization, unverified, with the
    /// claimant's address as its contact, and the claimant as its MPN partner admin (the
    /// user's grants name it). An MPN ID whose earlier claim was rejected is claimed again
    /// (its name, country, contact and date replaced). `Conflict` naming `id` when the MPN ID is
    /// registered otherwise, naming `email` when the address has an account; nothing is
    /// then written.
    async fn add_claim(
        &self,
        partner: &NewPartner,
        user: &NewUser,
        audit: &AuditDraft,
    ) -> Result<(Partner, User), StoreError>;

    /// The unverified organizations, oldest claim first, with what the program holds for
    /// each MPN ID.
    async fn claims(&self) -> Result<Vec<crate::Claim>, StoreError>;

    /// Decides a pending claim with its audit event, in one transaction: `Verified` makes
    /// the organization verified; `Rejected` marks it rejected and removes every role held
    /// in it and the trainers, exam passes and guidelines acceptances its claimant entered.
    /// Returns the addresses of those who held a role (to tell them). `Conflict` when the
    /// organization is not an unverified claim, `NotFound` when it is not registered.
    async fn decide_claim(
        &self,
        partner: MpnId,
        decision: crate::Verification,
        audit: &AuditDraft,
    ) -> Result<Vec<Email>, StoreError>;

    /// Sets the organization's contact on file (R31) and, when `verify`, makes it verified
    /// (a rejected claim the program invites its real contact to), with the audit event.
    /// `Conflict` when it is an unverified claim (decide the claim first).
    async fn set_partner_contact(
        &self,
        partner: MpnId,
        contact: &Email,
        verify: bool,
        audit: &AuditDraft,
    ) -> Result<Partner, StoreError>;

    /// Uses an address-confirmation token once (stored like a reset token): marks it used and
    /// the user's address confirmed, with the audit event. `None` (nothing written) if the
    /// token is unknown, used or expired by `now`.
    async fn confirm_email(
        &self,
        token_sha256: &str,
        now: Timestamp,
        audit: &AuditDraft,
    ) -> Result<Option<User>, StoreError>;

    /// The e-mail addresses of the partner's MPN partner admins and account admins (R1), by
    /// address: who is told about renewals and lapses.
    async fn partner_admin_emails(&self, partner: MpnId) -> Result<Vec<Email>, StoreError>;

    /// Up to `limit` audit events with `seq > after`, in order: the log is read in pages so
    /// that verifying millions of events needs little memory.
    async fn audit_page(&self, after: i64, limit: u32) -> Result<Vec<AuditEvent>, StoreError>;

    /// Stores trainer affiliations keyed by (partner, MCT ID): new ones are added, changed
    /// ones (a renewed certification) updated, identical ones left alone; all in one
    /// transaction with its audit event.
    async fn import_trainers(
        &self,
        trainers: &[Trainer],
        audit: &AuditDraft,
    ) -> Result<ImportCounts, StoreError>;

    /// A partner's trainers, by MCT ID.
    async fn trainers_of(&self, partner: MpnId) -> Result<Vec<Trainer>, StoreError>;

    /// Stores exam passes; a pass already stored is left alone. One transaction.
    async fn import_exam_passes(
        &self,
        passes: &[ExamPass],
        audit: &AuditDraft,
    ) -> Result<ImportCounts, StoreError>;

    /// A partner's exam passes on or after `since`, oldest first.
    async fn exam_passes_of(
        &self,
        partner: MpnId,
        since: jiff::civil::Date,
    ) -> Result<Vec<ExamPass>, StoreError>;

    /// Records that a partner admin accepted a guidelines version (R8); accepting the same
    /// version again keeps the first acceptance.
    async fn accept_guidelines(
        &self,
        acceptance: &GuidelineAcceptance,
        audit: &AuditDraft,
    ) -> Result<(), StoreError>;

    /// Every guidelines version the partner has accepted.
    async fn guideline_acceptances(
        &self,
        partner: MpnId,
    ) -> Result<Vec<GuidelineAcceptance>, StoreError>;

    /// The user holding the token whose SHA-256 is given.
    async fn user_by_token(&self, token_sha256: &str) -> Result<Option<User>, StoreError>;

    /// The token with this digest as its owner's list shows it (expiry, last use).
    async fn api_token(&self, token_sha256: &str) -> Result<Option<ApiTokenInfo>, StoreError>;

    /// Records that the token authenticated a request at `at` (callers do it at most hourly).
    async fn touch_api_token(&self, token_sha256: &str, at: Timestamp) -> Result<(), StoreError>;

    /// Starts an invoice import into the ledger: a pending batch that no reader sees until
    /// it is committed whole. Only one import runs at a time: this waits for one in progress
    /// to end. Pending batches of imports that ended without committing (refused, failed,
    /// killed) are removed first.
    async fn begin_invoice_import(
        &self,
        import_id: &str,
    ) -> Result<Box<dyn InvoiceImport>, StoreError>;

    /// Stores lines as one batch: a line already stored with the same values is left
    /// alone; the same key with other values is a `Conflict` naming both, and nothing of the
    /// batch is stored. (For files, `lpc-app` drives [`InvoiceImport`] itself.)
    async fn import_invoice_lines(
        &self,
        lines: &[InvoiceLine],
        audit: &AuditDraft,
    ) -> Result<ImportCounts, StoreError> {
        let import_id = crate::rows::new_import_id();
        let mut session = self.begin_invoice_import(&import_id).await?;
        let existing = session.add(lines).await?;
        let mut counts = ImportCounts {
            added: (lines.len() - existing.len()) as u64,
            ..ImportCounts::default()
        };
        for e in existing {
            if let Some(stored) = &e.conflict {
                let message = crate::rows::conflict_message(&lines[e.index], stored, e.same_import);
                session.abort().await?;
                return Err(StoreError::Conflict(message));
            }
            if !e.same_import {
                counts.unchanged += 1;
            }
        }
        let audit = (counts.added > 0).then(|| audit.with_counts(counts));
        session.commit(audit.as_ref()).await?;
        Ok(counts)
    }

    /// Ends the store's connections cleanly (SQLite then folds its write-ahead log back into
    /// the database file). Used by commands that run once; a server simply stops.
    async fn close(&self) {}

    /// Removes the pending batches of imports that are no longer running (killed, or failed
    /// without cleaning up): what a server does when it starts. Returns how many.
    async fn recover_ledger(&self) -> Result<u64, StoreError>;

    /// The partner an invoice (any of its lines) is stored for, for credit notes (R13).
    async fn invoice_partner(&self, document_number: &str) -> Result<Option<MpnId>, StoreError>;

    /// The stored lines of one of a partner's invoices, by line number: what an agent compares
    /// a KPI discrepancy case with (R22). Another partner's invoice of that number is not shown.
    async fn invoice_lines_of(
        &self,
        partner: MpnId,
        invoice_number: &str,
    ) -> Result<Vec<InvoiceLine>, StoreError>;

    /// The first publication ever made, if any.
    async fn first_publication(&self) -> Result<Option<Publication>, StoreError>;

    async fn publication(&self, published_on: Date) -> Result<Option<Publication>, StoreError>;

    /// The first publication after `date`, if any (walking every publication in order).
    async fn publication_after(&self, date: Date) -> Result<Option<Publication>, StoreError>;

    /// The latest publication on or before `date` (R17: what the dashboard shows).
    async fn latest_publication(
        &self,
        on_or_before: Date,
    ) -> Result<Option<Publication>, StoreError>;

    /// Makes the publication `plan` describes: its cut-off (the last committed batch),
    /// the partners it includes (registered now), the adjustments it includes, totals with
    /// caps, counts and digest, with its audit event. Its rows are derived from the ledger
    /// (`crate::ledger::publication`), never copied. `Conflict` if that date is published.
    ///
    /// R22: KPI adjustments are rows of document type `adjustment`, number `ADJ-<case id>`,
    /// line 1: every adjustment no publication has included yet (then marked `published_on`
    /// this date; `late` when its month is before the period), and every adjustment whose
    /// month lies in the period (so that it stays as long as the line it corrects). They
    /// count in the totals and the digest like any other row.
    async fn publish(
        &self,
        plan: &PublicationPlan,
        audit: &AuditDraft,
    ) -> Result<Publication, StoreError>;

    /// Derives a stored publication again from the ledger and returns what it gives, so
    /// that its digest can be compared with the one stored (`lpc audit verify`).
    async fn rederive_publication(
        &self,
        published_on: Date,
    ) -> Result<Option<crate::ledger::PublicationOutcome>, StoreError>;

    /// A partner's rows of a publication, by year, month, document and line.
    async fn published_rows(
        &self,
        published_on: Date,
        partner: MpnId,
    ) -> Result<Vec<PublishedRow>, StoreError>;

    /// A partner's totals of a publication.
    async fn published_totals(
        &self,
        published_on: Date,
        partner: MpnId,
    ) -> Result<Vec<PublishedTotal>, StoreError>;

    // Orders and payment (R29, R30).

    /// Stores an order (after [`NewOrder::check`]). With `pay_now` (a card payment) it is
    /// stored already paid on that date and the effect is applied, in the same transaction.
    /// `Conflict` when the partner already has an order awaiting payment for the same option
    /// and competency, when an enrollment or upgrade buys a membership the partner holds
    /// active, when a renewal or upgrade names a membership that is not an active one of the
    /// partner, or when the effect does not fit the order; nothing is then written.
    /// `NotFound` when the partner is not registered.
    async fn create_order(
        &self,
        order: &NewOrder,
        pay_now: Option<(Date, OrderEffect)>,
        audit: &AuditDraft,
    ) -> Result<Order, StoreError>;

    /// Records the payment of a pending order on `paid_on` (before its expiry date), applies
    /// its effect and accepts its submitted proof of payment, if any (decided by the audit
    /// draft's actor, at its time). `Conflict` if the order is not pending, has expired by
    /// `paid_on`, or the effect is refused; `NotFound` if there is no such order.
    async fn settle_order(
        &self,
        order_id: i64,
        paid_on: Date,
        effect: OrderEffect,
        audit: &AuditDraft,
    ) -> Result<Order, StoreError>;

    /// Rejects the order's submitted proof of payment with `reason`; the order stays pending
    /// and the partner may upload another. `Conflict` if no proof is submitted.
    async fn reject_payment_proof(
        &self,
        order_id: i64,
        reason: &str,
        audit: &AuditDraft,
    ) -> Result<(), StoreError>;

    /// Stores a proof of payment for a pending bank-transfer order (R29). `Conflict` if the
    /// order is not a pending bank transfer or a proof already awaits a decision.
    async fn attach_payment_proof(
        &self,
        order_id: i64,
        proof: &NewPaymentProof,
        audit: &AuditDraft,
    ) -> Result<PaymentProofMeta, StoreError>;

    /// An order's proofs of payment, oldest first, without their content.
    async fn payment_proofs(&self, order_id: i64) -> Result<Vec<PaymentProofMeta>, StoreError>;

    /// One proof with its content, for an operator to look at.
    async fn payment_proof_content(
        &self,
        proof_id: i64,
    ) -> Result<Option<(PaymentProofMeta, Vec<u8>)>, StoreError>;

    /// One order, for its page and for the use cases that pay, refund or expire it.
    async fn order(&self, id: i64) -> Result<Option<Order>, StoreError>;

    /// A partner's orders, newest first.
    async fn orders_of(&self, partner: MpnId) -> Result<Vec<Order>, StoreError>;

    /// Every order in `status`, oldest first (e.g. the bank transfers an operator must check).
    async fn orders_with_status(&self, status: OrderStatus) -> Result<Vec<Order>, StoreError>;

    /// R29: every pending order whose expiry date is on or before `today` becomes expired;
    /// returns them. Idempotent: when nothing expires, nothing is written, not even an event.
    async fn expire_orders(
        &self,
        today: Date,
        audit: &AuditDraft,
    ) -> Result<Vec<Order>, StoreError>;

    /// R30: a paid order becomes refunded, and the membership it bought (if still active)
    /// ends as refunded. The app checks the 30 days and that no benefit was used. `Conflict`
    /// if the order is not paid.
    async fn refund_order(
        &self,
        order_id: i64,
        refunded_on: Date,
        audit: &AuditDraft,
    ) -> Result<Order, StoreError>;

    // Memberships (R5, R11, R28).

    /// A partner's memberships in every status, by start date.
    async fn memberships_of(&self, partner: MpnId) -> Result<Vec<Membership>, StoreError>;

    /// One membership, in any status.
    async fn membership(&self, id: i64) -> Result<Option<Membership>, StoreError>;

    /// Active memberships whose anniversary is on or before `until`, by anniversary then id:
    /// what the renewal job judges (R28).
    async fn active_memberships_due(&self, until: Date) -> Result<Vec<Membership>, StoreError>;

    /// R28: an active membership lapses on `on`. `Conflict` if it is not active.
    async fn lapse_membership(
        &self,
        id: i64,
        on: Date,
        audit: &AuditDraft,
    ) -> Result<Membership, StoreError>;

    /// R5: grants Courseware Marketplace access from `on` to an active membership. Granting
    /// again keeps the first date and writes nothing. `Conflict` if it is not active.
    async fn grant_marketplace_access(
        &self,
        membership_id: i64,
        on: Date,
        audit: &AuditDraft,
    ) -> Result<Membership, StoreError>;

    // Support cases (R5, R22, R27).

    /// Opens a case in state `open`, at the audit draft's time. `NotFound` if the partner is
    /// not registered.
    async fn open_case(
        &self,
        case: &NewCase,
        audit: &AuditDraft,
    ) -> Result<SupportCase, StoreError>;

    /// One support case, for the partner's and the agent's views of it.
    async fn case(&self, id: i64) -> Result<Option<SupportCase>, StoreError>;

    /// Cases of one partner and/or in one state (`None`: any), oldest first.
    async fn cases(
        &self,
        partner: Option<MpnId>,
        state: Option<CaseState>,
    ) -> Result<Vec<SupportCase>, StoreError>;

    /// Adds a comment at the audit draft's time. `NotFound` if there is no such case.
    async fn add_case_comment(
        &self,
        case_id: i64,
        author: &str,
        body: &str,
        audit: &AuditDraft,
    ) -> Result<CaseComment, StoreError>;

    /// A case's comments, oldest first.
    async fn case_comments(&self, case_id: i64) -> Result<Vec<CaseComment>, StoreError>;

    /// Adds a file to a case at the audit draft's time. `NotFound` if there is no such case,
    /// `Conflict` if it is resolved or rejected.
    async fn add_case_attachment(
        &self,
        case_id: i64,
        attachment: &NewCaseAttachment,
        audit: &AuditDraft,
    ) -> Result<CaseAttachment, StoreError>;

    /// A case's attachments, oldest first, without their content.
    async fn case_attachments(&self, case_id: i64) -> Result<Vec<CaseAttachment>, StoreError>;

    /// One attachment with its content.
    async fn case_attachment_content(
        &self,
        id: i64,
    ) -> Result<Option<(CaseAttachment, Vec<u8>)>, StoreError>;

    /// Changes a case's state, recording the message, who and when (the audit draft's time),
    /// and, when resolving, the KPI adjustment (R22) or the marketplace access (R5) in the
    /// same transaction. `Conflict` if the case is already resolved or rejected, or if an
    /// adjustment or grant comes with another state or case kind; nothing is then changed.
    async fn set_case_state(
        &self,
        case_id: i64,
        change: &CaseStateChange,
        audit: &AuditDraft,
    ) -> Result<SupportCase, StoreError>;

    /// KPI adjustments, of one partner or all, optionally only those no publication has
    /// included yet; by id.
    async fn kpi_adjustments(
        &self,
        partner: Option<MpnId>,
        unpublished_only: bool,
    ) -> Result<Vec<KpiAdjustment>, StoreError>;

    // The public Learning Partner directory (R24-R26; rows in `crate::directory`).

    /// Stores a listing request; the partner's earlier requests still `received` become
    /// `superseded`, in the same transaction. `NotFound` if the partner is not registered.
    async fn add_directory_request(
        &self,
        request: &crate::directory::NewDirectoryRequest,
        audit: &AuditDraft,
    ) -> Result<crate::directory::DirectoryRequest, StoreError>;

    async fn directory_request(
        &self,
        id: i64,
    ) -> Result<Option<crate::directory::DirectoryRequest>, StoreError>;

    /// Requests of one partner and/or in one state (`None`: any), newest first.
    async fn directory_requests(
        &self,
        partner: Option<MpnId>,
        state: Option<crate::directory::RequestState>,
    ) -> Result<Vec<crate::directory::DirectoryRequest>, StoreError>;

    /// Stores new check results of a request (any state), with its audit event.
    async fn record_directory_request_checks(
        &self,
        id: i64,
        checks: &str,
        checked_at: Timestamp,
        checked_on: Date,
        audit: &AuditDraft,
    ) -> Result<crate::directory::DirectoryRequest, StoreError>;

    /// Decides a `received` request (decided by the audit draft's actor, at its time); an
    /// approval writes the partner's listing in the same transaction. `Conflict` if the
    /// request is not `received`; `NotFound` if there is no such request.
    async fn decide_directory_request(
        &self,
        id: i64,
        decision: &crate::directory::RequestDecision,
        reason: &str,
        audit: &AuditDraft,
    ) -> Result<crate::directory::DirectoryRequest, StoreError>;

    async fn directory_listing(
        &self,
        partner: MpnId,
    ) -> Result<Option<crate::directory::DirectoryListing>, StoreError>;

    /// Every listing, removed ones only with `include_removed`, by partner.
    async fn directory_listings(
        &self,
        include_removed: bool,
    ) -> Result<Vec<crate::directory::DirectoryListing>, StoreError>;

    /// Stores a re-check of a listing: its results, its flag, its removal. `NotFound` if the
    /// partner has no listing.
    async fn record_listing_check(
        &self,
        partner: MpnId,
        check: &crate::directory::ListingCheck,
        audit: &AuditDraft,
    ) -> Result<crate::directory::DirectoryListing, StoreError>;

    /// Removes a listing from `on` (R28: the partner's membership lapsed). `Conflict` if it
    /// is already removed; `NotFound` if there is none.
    async fn remove_directory_listing(
        &self,
        partner: MpnId,
        on: Date,
        audit: &AuditDraft,
    ) -> Result<crate::directory::DirectoryListing, StoreError>;

    /// The listings public on `on` (`visible_from <= on`, not yet `listed_until`) with their
    /// partners' active memberships, by partner (the public directory's read side).
    async fn public_listings(
        &self,
        on: Date,
    ) -> Result<Vec<crate::directory_public::PublicListing>, StoreError>;

    /// A cheap fingerprint of what [`Store::public_listings`] shows, so that a server keeping
    /// the directory in memory knows when to read it again.
    async fn directory_version(
        &self,
    ) -> Result<crate::directory_public::DirectoryVersion, StoreError>;

    /// The partner's domain-ownership token (R25), if one was made.
    async fn directory_token(&self, partner: MpnId) -> Result<Option<String>, StoreError>;

    /// Stores `token` as the partner's unless it has one; returns the one stored (the first
    /// always wins, so two concurrent first uses agree). Audited only when stored.
    async fn create_directory_token(
        &self,
        partner: MpnId,
        token: &str,
        audit: &AuditDraft,
    ) -> Result<String, StoreError>;

    /// The operator's competitors (R25), by name.
    async fn directory_competitors(&self) -> Result<Vec<String>, StoreError>;

    /// Adds a competitor; `false` (nothing written) if that name (any case) is listed.
    async fn add_directory_competitor(
        &self,
        name: &str,
        audit: &AuditDraft,
    ) -> Result<bool, StoreError>;

    /// Removes a competitor; `false` (nothing written) if that name (any case) is not listed.
    async fn remove_directory_competitor(
        &self,
        name: &str,
        audit: &AuditDraft,
    ) -> Result<bool, StoreError>;

    // The e-mail outbox: mail is written here and sent by the scheduler, so that sending never
    // blocks or fails a use case. Mail is not audited.

    /// Queues a mail; `false` (and nothing written) if one with the same dedup key exists.
    async fn enqueue_mail(&self, message: &NewOutboxMessage) -> Result<bool, StoreError>;

    /// Up to `limit` unsent mails, oldest first.
    async fn unsent_mail(&self, limit: u32) -> Result<Vec<OutboxMessage>, StoreError>;

    /// Records that a mail was sent, keeping `body` as its text from now on (the sent text
    /// without its secrets). `NotFound` if there is no such mail.
    async fn mark_mail_sent(&self, id: i64, at: Timestamp, body: &str) -> Result<(), StoreError>;

    /// Records a failed attempt and its error. `NotFound` if there is no such mail.
    async fn mark_mail_failed(&self, id: i64, error: &str) -> Result<(), StoreError>;

    /// Up to `limit` mails, sent or not, newest first, for operators.
    async fn outbox(&self, limit: u32) -> Result<Vec<OutboxMessage>, StoreError>;

    // The operators' program overview and partner pages (rows in `crate::program_stats`):
    // counted and searched inside the database, fast with a hundred thousand partners.

    /// The overview's counts: partners by tier (active memberships), competency and country,
    /// and undecided cases by kind and day opened.
    async fn program_counts(&self) -> Result<crate::program_stats::ProgramCounts, StoreError>;

    /// Active memberships whose anniversary falls after `today` and within 30, 60, 90 days.
    async fn anniversary_counts(
        &self,
        today: Date,
    ) -> Result<crate::program_stats::AnniversaryCounts, StoreError>;

    /// Active memberships whose anniversary is in `from..=until`, by anniversary then id,
    /// `limit` of them after skipping `offset`.
    async fn anniversaries_between(
        &self,
        from: Date,
        until: Date,
        offset: u64,
        limit: u32,
    ) -> Result<Vec<Membership>, StoreError>;

    /// Lines of registered partners committed after the latest publication's cut-off and
    /// dated in `from..=until`: what the next publication publishes late (R17, R18). Read
    /// from the batches' maintained figures, not from the lines.
    async fn late_lines_waiting(
        &self,
        from: lpc_domain::calendar::YearMonth,
        until: lpc_domain::calendar::YearMonth,
    ) -> Result<u64, StoreError>;

    /// Lines held by every committed batch, and how many batches are committed (the
    /// batches' own figures).
    async fn ledger_totals(&self) -> Result<(u64, u64), StoreError>;

    /// The latest `limit` committed batches of the ledger, newest first.
    async fn ledger_batches(
        &self,
        limit: u32,
    ) -> Result<Vec<crate::ledger::BatchRecord>, StoreError>;

    /// Partners matching `query`, by MPN ID, `limit` after skipping `offset`, and how many
    /// match in all.
    async fn search_partners(
        &self,
        query: &crate::program_stats::PartnerQuery,
        offset: u64,
        limit: u32,
    ) -> Result<(Vec<Partner>, u64), StoreError>;

    /// Up to `limit` audit events of `filter` with `seq < before` (all when `None`), newest
    /// first.
    async fn audit_trail(
        &self,
        filter: &crate::program_stats::AuditTrailFilter,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<AuditEvent>, StoreError>;

    // Web sessions, kept in the database so that several servers share them, and account
    // recovery. Sessions are not audited (signing in is not a change of the program's state);
    // a password set through a reset token is.

    /// Stores a new session; `false` (nothing written) if its id is taken.
    async fn session_create(&self, session: &StoredSession) -> Result<bool, StoreError>;

    /// Stores a session, replacing the one with the same id.
    async fn session_save(&self, session: &StoredSession) -> Result<(), StoreError>;

    /// The session with this id, unless it has expired by `now`.
    async fn session_load(
        &self,
        id: &str,
        now: Timestamp,
    ) -> Result<Option<StoredSession>, StoreError>;

    /// Removes a session (signing out); removing an unknown one does nothing.
    async fn session_delete(&self, id: &str) -> Result<(), StoreError>;

    /// Removes every session expired by `now`; returns how many.
    async fn session_delete_expired(&self, now: Timestamp) -> Result<u64, StoreError>;

    /// Stores a password reset (or invitation) token's SHA-256 for a user, valid until
    /// `expires_at`, with its audit event.
    async fn add_password_reset(
        &self,
        user_id: i64,
        token_sha256: &str,
        expires_at: Timestamp,
        audit: &AuditDraft,
    ) -> Result<(), StoreError>;

    /// The user a reset token belongs to, if the token is unused and not expired by `now`.
    async fn password_reset_user(
        &self,
        token_sha256: &str,
        now: Timestamp,
    ) -> Result<Option<User>, StoreError>;

    /// Uses a reset token once: sets its user's password hash, confirms the address (the
    /// link was mailed to it), marks every reset token of that user used and revokes the user's API tokens (someone who knew the old password may
    /// have made one), with the audit event, in one transaction. `Some(revoked tokens)`, or
    /// `None` (nothing written) if the token is unknown, already used or expired by `now`.
    async fn use_password_reset(
        &self,
        token_sha256: &str,
        now: Timestamp,
        password_hash: &str,
        audit: &AuditDraft,
    ) -> Result<Option<u64>, StoreError>;

    /// Records the user's language for the web pages (`None`: follow the browser).
    async fn set_user_locale(&self, user_id: i64, locale: Option<&str>) -> Result<(), StoreError>;

    /// The user's chosen language, if any.
    async fn user_locale(&self, user_id: i64) -> Result<Option<String>, StoreError>;

    // Trainers, exam passes and API tokens managed one by one from the portal.

    /// Removes one of a partner's trainer affiliations, with its audit event in the same
    /// transaction; `false` (and nothing audited) when there was no such trainer.
    async fn remove_trainer(
        &self,
        partner: MpnId,
        mct_id: &str,
        audit: &AuditDraft,
    ) -> Result<bool, StoreError>;

    /// Removes one exam pass, with its audit event in the same transaction; `false` (and
    /// nothing audited) when there was no such pass.
    async fn remove_exam_pass(
        &self,
        pass: &ExamPass,
        audit: &AuditDraft,
    ) -> Result<bool, StoreError>;

    /// Stores an API token's SHA-256 for a user with the token's last four characters, so
    /// that the user can recognise it in the list, and the moment it expires.
    async fn add_api_token_with_hint(
        &self,
        user_id: i64,
        token_sha256: &str,
        label: &str,
        last_four: &str,
        expires_at: Timestamp,
        audit: &AuditDraft,
    ) -> Result<(), StoreError>;

    /// The user's API tokens, oldest first.
    async fn api_tokens_of(&self, user_id: i64) -> Result<Vec<ApiTokenInfo>, StoreError>;

    /// Revokes one of the user's tokens, with its audit event in the same transaction;
    /// `false` (and nothing audited) when the user holds no such token.
    async fn revoke_api_token(
        &self,
        user_id: i64,
        token_sha256: &str,
        audit: &AuditDraft,
    ) -> Result<bool, StoreError>;

    // The operator console's import history and publication history.

    /// Records one finished import (done or refused) of the operator console, with its audit
    /// event in the same transaction; `Conflict` when its id is already recorded.
    async fn record_import(
        &self,
        record: &ImportRecord,
        audit: &AuditDraft,
    ) -> Result<(), StoreError>;

    /// The latest `limit` recorded imports, newest first.
    async fn import_history(&self, limit: u32) -> Result<Vec<ImportRecord>, StoreError>;

    /// The latest `limit` publications, newest first, each with who published it (the actor
    /// of its `publication.publish` audit event, when there is one).
    async fn publication_history(&self, limit: u32) -> Result<Vec<PublicationRecord>, StoreError>;

    // Rule sets uploaded by operators (R14): drafts, activation, discarding.

    /// Stores a checked rule set as a draft, with its audit event.
    async fn add_rule_set_draft(
        &self,
        draft: &crate::rule_set_rows::NewRuleSetDraft,
        audit: &AuditDraft,
    ) -> Result<crate::rule_set_rows::StoredRuleSet, StoreError>;

    /// Every uploaded rule set, newest first.
    async fn rule_sets(&self) -> Result<Vec<crate::rule_set_rows::StoredRuleSet>, StoreError>;

    async fn rule_set(
        &self,
        id: i64,
    ) -> Result<Option<crate::rule_set_rows::StoredRuleSet>, StoreError>;

    /// Activates a draft from `effective_from` (R14), with its audit event in the same
    /// transaction. `NotFound` without such a rule set; `Conflict` when it is not a draft or
    /// another active rule set takes effect that day.
    async fn activate_rule_set(
        &self,
        activation: &crate::rule_set_rows::RuleSetActivation,
        audit: &AuditDraft,
    ) -> Result<crate::rule_set_rows::StoredRuleSet, StoreError>;

    /// Discards a draft, with its audit event. `NotFound` without such a rule set;
    /// `Conflict` when it is not a draft.
    async fn discard_rule_set(&self, id: i64, audit: &AuditDraft) -> Result<(), StoreError>;

    /// Every partner's trainers, exam passes since `since`, accepted guidelines versions and,
    /// with `published_on`, overall KPI points of that publication: what eligibility needs,
    /// in four queries rather than four per partner (a what-if over every partner).
    async fn eligibility_bulk(
        &self,
        since: Date,
        published_on: Option<Date>,
    ) -> Result<crate::rule_set_rows::EligibilityBulk, StoreError>;

    /// The users holding a role on `partner`, one row per role held there, by e-mail: the
    /// partner's users list (R1).
    async fn partner_users(&self, partner: MpnId) -> Result<Vec<PartnerUserRow>, StoreError>;

    /// Changes the role `email` holds on `partner` to `role`, or removes it (`None`), with
    /// the audit event, in one transaction (R1). `NotFound` if the user holds no role there;
    /// `Conflict` when the organization would be left without an MPN partner admin.
    async fn set_partner_role(
        &self,
        partner: MpnId,
        email: &Email,
        role: Option<lpc_domain::Role>,
        audit: &AuditDraft,
    ) -> Result<(), StoreError>;
}

/// An invoice import in progress: a pending batch (see [`Store::begin_invoice_import`]).
#[async_trait]
pub trait InvoiceImport: Send {
    /// Adds lines (any number; the backend batches them). Lines whose key is already stored
    /// (by an earlier import, or earlier in this one) are not added: they come back, with the
    /// stored line when its values differ, for the caller to tell a harmless repeat from a
    /// conflict.
    async fn add(&mut self, lines: &[InvoiceLine]) -> Result<Vec<ExistingLine>, StoreError> {
        self.add_prepared(&crate::ledger::import::Prepared::new(lines.to_vec()))
            .await
    }

    /// [`InvoiceImport::add`] of lines grouped beforehand (see [`crate::ledger::import::Prepared`]).
    async fn add_prepared(
        &mut self,
        batch: &crate::ledger::import::Prepared,
    ) -> Result<Vec<ExistingLine>, StoreError>;

    /// Credit notes added by this import that correct no invoice of their partner, stored or
    /// added by this import (R13).
    async fn orphan_credit_notes(&mut self) -> Result<Vec<InvoiceLine>, StoreError>;

    /// Takes lines added by this import out again (with `--skip-invalid`, refused credit notes).
    async fn remove(&mut self, lines: &[InvoiceLine]) -> Result<(), StoreError>;

    /// What the import has stored so far.
    fn summary(&self) -> &crate::ledger::BatchSummary;

    /// Commits everything added, with the import's audit event if it changed anything.
    async fn commit(self: Box<Self>, audit: Option<&AuditDraft>) -> Result<(), StoreError>;

    /// Removes everything added: nothing of the import is stored. (A session dropped
    /// without either leaves a pending batch, removed by the next import or server start.)
    async fn abort(self: Box<Self>) -> Result<(), StoreError>;
}
