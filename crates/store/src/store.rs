//! The storage contract.

use async_trait::async_trait;
use lpc_domain::{Email, MpnId};

use crate::audit::{AuditDraft, AuditEvent};
use crate::error::StoreError;
use jiff::civil::Date;

use crate::publishing::PublicationPlan;
use crate::rows::{
    ExamPass, ExistingLine, GuidelineAcceptance, ImportCounts, InvoiceLine, NewPartner, NewUser,
    Partner, Publication, PublishedRow, PublishedTotal, Trainer, User,
};

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

    async fn partner(&self, mpn_id: MpnId) -> Result<Option<Partner>, StoreError>;

    /// All partners, by MPN ID.
    async fn partners(&self) -> Result<Vec<Partner>, StoreError>;

    /// Creates a user with its roles; `Conflict` if the e-mail is taken, `NotFound` if a role
    /// names a partner that is not registered.
    async fn add_user(&self, user: &NewUser, audit: &AuditDraft) -> Result<User, StoreError>;

    async fn user_by_email(&self, email: &Email) -> Result<Option<User>, StoreError>;

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

    /// Stores an API token's SHA-256 for a user.
    async fn add_api_token(
        &self,
        user_id: i64,
        token_sha256: &str,
        label: &str,
        audit: &AuditDraft,
    ) -> Result<(), StoreError>;

    /// The user holding the token whose SHA-256 is given.
    async fn user_by_token(&self, token_sha256: &str) -> Result<Option<User>, StoreError>;

    /// Starts an invoice import: one transaction that batches are added to and that is
    /// committed whole, or rolled back when the session is dropped (an error, a refused
    /// file, a killed process: nothing of the file is then stored).
    async fn begin_invoice_import(
        &self,
        import_id: &str,
    ) -> Result<Box<dyn InvoiceImport>, StoreError>;

    /// Stores lines in one transaction: a line already stored with the same values is left
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
            let line = &lines[e.index];
            if e.stored != *line {
                return Err(StoreError::Conflict(crate::rows::conflict_message(
                    line, &e,
                )));
            }
            if !e.same_import {
                counts.unchanged += 1;
            }
        }
        let audit = (counts.added > 0).then(|| audit.with_counts(counts));
        session.commit(audit.as_ref()).await?;
        Ok(counts)
    }

    /// The partner an invoice (any of its lines) is stored for, for credit notes (R13).
    async fn invoice_partner(&self, document_number: &str) -> Result<Option<MpnId>, StoreError>;

    /// The first publication ever made, if any.
    async fn first_publication(&self) -> Result<Option<Publication>, StoreError>;

    async fn publication(&self, published_on: Date) -> Result<Option<Publication>, StoreError>;

    /// The latest publication on or before `date` (R17: what the dashboard shows).
    async fn latest_publication(
        &self,
        on_or_before: Date,
    ) -> Result<Option<Publication>, StoreError>;

    /// Freezes the publication `plan` describes, inside the database: its rows (the lines of
    /// registered partners dated in its period, and late ones), totals with caps, counts and
    /// digest, with its audit event. `Conflict` if that date is already published.
    async fn publish(
        &self,
        plan: &PublicationPlan,
        audit: &AuditDraft,
    ) -> Result<Publication, StoreError>;

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
}

/// An invoice import in progress: one open transaction (see [`Store::begin_invoice_import`]).
#[async_trait]
pub trait InvoiceImport: Send {
    /// Adds lines (any number; the backend batches them). Lines whose key is already stored
    /// (by an earlier import, or earlier in this one) are not added: they come back with the
    /// stored line, for the caller to tell a harmless repeat from a conflict.
    async fn add(&mut self, lines: &[InvoiceLine]) -> Result<Vec<ExistingLine>, StoreError>;

    /// Credit notes added by this import that correct no invoice of their partner, stored or
    /// added by this import (R13).
    async fn orphan_credit_notes(&mut self) -> Result<Vec<InvoiceLine>, StoreError>;

    /// Takes lines added by this import out again (with `--skip-invalid`, refused credit notes).
    async fn remove(&mut self, lines: &[InvoiceLine]) -> Result<(), StoreError>;

    /// Commits everything added, with the import's audit event if it changed anything.
    async fn commit(self: Box<Self>, audit: Option<&AuditDraft>) -> Result<(), StoreError>;
}
