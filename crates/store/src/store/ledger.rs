//! The KPI ledger's part of the storage contract: [`LedgerStore`] and [`InvoiceImport`].

use crate::audit::AuditDraft;
use crate::error::StoreError;
use crate::publishing::PublicationPlan;
use crate::rows::{
    ExistingLine, ImportCounts, InvoiceLine, Publication, PublishedRow, PublishedTotal,
};
use async_trait::async_trait;
use jiff::civil::Date;
use lpc_domain::MpnId;

/// The KPI ledger: invoice imports in batches, publications made and derived from it, and
/// what the console reads of it (R12, R13, R16, R17, R21, R22). Each backend implements it
/// with its own bulk path.
#[async_trait]
pub trait LedgerStore: Send + Sync {
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
