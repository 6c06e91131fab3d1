//! The storing side of an import: parsed batches folded into the ledger's import session,
//! with every refusal collected (rows the parser refused, lines stored with other values,
//! credit notes without their invoice) and the counts of what was stored.

use lpc_store::{InvoiceImport, InvoiceLine};

use super::Rejected;
use super::parse::ParsedBatch;
use crate::AppError;
use crate::csv_rows::RowError;

/// The refused rows of an import: reported in the error of a refused file (up to
/// [`MAX_REPORTED`]), or handed to the caller with `skip_invalid`.
pub(super) struct Refusals<'a, F> {
    pub reported: Vec<RowError>,
    pub count: usize,
    skip_invalid: bool,
    on_reject: &'a mut F,
}

impl<F: FnMut(&Rejected)> Refusals<'_, F> {
    pub fn add(&mut self, rejected: Rejected) {
        self.count += 1;
        if self.skip_invalid {
            (self.on_reject)(&rejected);
        } else {
            let room = MAX_REPORTED.saturating_sub(self.reported.len());
            self.reported.extend(rejected.errors.into_iter().take(room));
        }
    }
}

/// Refusals kept for the message of a refused file; the rest are counted.
const MAX_REPORTED: usize = 1_000;

impl<'a, F: FnMut(&Rejected)> Refusals<'a, F> {
    pub fn new(skip_invalid: bool, on_reject: &'a mut F) -> Self {
        Self {
            reported: Vec::new(),
            count: 0,
            skip_invalid,
            on_reject,
        }
    }

    /// The refusal of a whole file: every reported row by line, then how many more.
    pub fn into_error(self, file: &str) -> AppError {
        let mut reported = self.reported;
        reported.sort_by_key(|e| e.line);
        if self.count > reported.len() {
            let more = self.count - reported.len();
            reported.push(RowError {
                line: 0,
                column: "(file)".into(),
                value: String::new(),
                reason: format!("and {more} more refused rows"),
            });
        }
        AppError::Rows {
            file: file.to_owned(),
            errors: reported,
        }
    }
}

fn cells_of(line: &InvoiceLine) -> Vec<String> {
    vec![
        line.document_type.to_string(),
        line.document_number.clone(),
        line.corrects_document.clone().unwrap_or_default(),
        line.partner_id.to_string(),
        line.document_date.to_string(),
        line.line_number.to_string(),
        line.omlp_type.clone(),
        line.product_sku.clone(),
        line.purchase_units.to_string(),
        line.revenue.to_decimal(),
        line.revenue.currency.code().to_owned(),
    ]
}

pub(super) fn refusal(line: &InvoiceLine, column: &str, value: String, reason: String) -> Rejected {
    Rejected {
        cells: cells_of(line),
        errors: vec![RowError {
            line: line.source_line,
            column: column.to_owned(),
            value,
            reason,
        }],
    }
}

/// What an import has stored so far, and what it refused.
pub(super) struct Fold<'a, F> {
    pub refusals: Refusals<'a, F>,
    pub added: u64,
    pub unchanged: u64,
}

impl<F: FnMut(&Rejected)> Fold<'_, F> {
    /// Stores one batch. A file that will be refused goes on into the import all the same,
    /// so that its checks against stored lines and credit notes still report every fault.
    pub async fn batch(
        &mut self,
        session: &mut Box<dyn InvoiceImport>,
        batch: ParsedBatch,
    ) -> Result<(), AppError> {
        for r in batch.refused {
            self.refusals.add(r);
        }
        let existing = session.add_prepared(&batch.lines).await?;
        let lines = batch.lines.lines();
        self.added += (lines.len() - existing.len()) as u64;
        for e in existing {
            let line = &lines[e.index];
            match &e.conflict {
                None => self.unchanged += u64::from(!e.same_import),
                Some(stored) => {
                    let message = lpc_store::rows::conflict_message(line, stored, e.same_import);
                    self.refusals.add(refusal(
                        line,
                        "document_number",
                        line.document_number.clone(),
                        message,
                    ));
                }
            }
        }
        Ok(())
    }

    /// R13: a credit note corrects an invoice of its partner, stored or in this file.
    pub async fn orphans(
        &mut self,
        session: &mut Box<dyn InvoiceImport>,
        skip_invalid: bool,
    ) -> Result<(), AppError> {
        let orphans = session.orphan_credit_notes().await?;
        for line in &orphans {
            let corrected = line.corrects_document.clone().unwrap_or_default();
            let reason = format!(
                "R13: no invoice {corrected} of partner {} is stored or in this file",
                line.partner_id
            );
            self.refusals
                .add(refusal(line, "corrects_document", corrected, reason));
            self.added -= 1;
        }
        if skip_invalid {
            session.remove(&orphans).await?;
        }
        Ok(())
    }
}
