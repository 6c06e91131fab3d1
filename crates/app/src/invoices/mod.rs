//! Importing Courseware Marketplace invoices (R12, R13, R14, R16, R20): `lpc invoices import`.
//!
//! Every row is parsed and checked on its own (types, amounts, R13, the points of R12/R14),
//! then against what is stored, including the file's earlier rows (the same line with other
//! values), and at the end credit notes against their invoices (R13). By default one refusal
//! refuses the whole file; with `skip_invalid` the valid rows are stored and the others handed
//! out, with their reason, for a rejects file.
//!
//! # Layout
//! - [`parse`]: the parsing thread, handing batches of lines and refused rows.
//! - [`fold`]: the storing side, folding batches into the ledger's import session.

mod fold;
mod parse;

use std::time::Instant;

use lpc_domain::access::Action;
use lpc_store::AuditDraft;
use serde::Serialize;

use crate::csv_rows::RowError;
use crate::{Actor, App, AppError};

/// The columns of the invoices CSV (DESIGN.md), in their documented order.
pub const COLUMNS: &[&str] = &[
    "document_type",
    "document_number",
    "corrects_document",
    "partner_id",
    "document_date",
    "line_number",
    "omlp_type",
    "product_sku",
    "purchase_units",
    "revenue_value",
    "currency",
];

/// A row that was not imported: its cells as read, and why: every bad field of it, at least
/// one.
#[derive(Debug, Clone)]
pub struct Rejected {
    pub cells: Vec<String>,
    pub errors: Vec<RowError>,
}

/// As the API has always given it (`cells`, `error`: the first bad field), with `errors`: all
/// of them.
impl Serialize for Rejected {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = serializer.serialize_struct("Rejected", 3)?;
        out.serialize_field("cells", &self.cells)?;
        out.serialize_field("error", &self.errors.first())?;
        out.serialize_field("errors", &self.errors)?;
        out.end()
    }
}

impl Rejected {
    /// Every reason, as the `error` column of a rejects file says them.
    pub fn reasons(&self) -> String {
        self.errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// What an import did, in DESIGN.md's `invoices import` shape (plus the refusals).
#[derive(Debug, Clone, Serialize)]
pub struct InvoicesImported {
    /// Lines newly stored; a line imported again is not counted.
    pub lines: u64,
    /// Lines of the file already stored with the same values.
    pub unchanged: u64,
    /// Distinct invoices and credit notes among the accepted lines.
    pub invoices: usize,
    pub credit_notes: usize,
    /// Distinct partners among the accepted lines.
    pub partners: usize,
    /// Rows refused (only with `skip_invalid`; otherwise the file is refused).
    pub refused: usize,
    pub seconds: f64,
}

/// How far an import has read, for progress bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub bytes: u64,
    pub rows: u64,
}

/// Imports an invoices CSV read from `reader` (operators only), streaming: rows are parsed
/// on a blocking thread while the previous batch is stored, so memory stays flat whatever
/// the file's size. The file is one batch of the ledger: refused (or interrupted), nothing
/// of it is ever seen. With `skip_invalid`, refused rows go to `on_reject` and the rest is
/// stored. `on_progress` is called after every batch.
pub async fn import<R>(
    app: &App,
    actor: &Actor,
    file: &str,
    reader: R,
    skip_invalid: bool,
    mut on_reject: impl FnMut(&Rejected) + Send,
    on_progress: impl Fn(Progress) + Send + 'static,
) -> Result<InvoicesImported, AppError>
where
    R: std::io::Read + Send + 'static,
{
    actor.authorize(Action::OperateProgram)?;
    let started = Instant::now();
    let (parser, mut batches) = parse::spawn(app, reader, on_progress);
    let import_id = lpc_store::new_import_id();
    let mut session = app.store().begin_invoice_import(&import_id).await?;
    let mut fold = fold::Fold {
        refusals: fold::Refusals::new(skip_invalid, &mut on_reject),
        added: 0,
        unchanged: 0,
    };
    while let Some(batch) = batches.recv().await {
        match batch {
            Ok(batch) => fold.batch(&mut session, batch).await?,
            Err(header) => {
                session.abort().await?;
                return Err(AppError::Rows {
                    file: file.to_owned(),
                    errors: vec![header],
                });
            }
        }
    }
    parser
        .await
        .map_err(|e| AppError::Internal(format!("the CSV reader stopped: {e}")))?;
    fold.orphans(&mut session, skip_invalid).await?;
    let (added, unchanged, refused) = (fold.added, fold.unchanged, fold.refusals.count);
    if refused > 0 && !skip_invalid {
        session.abort().await?; // nothing of the file is stored
        return Err(fold.refusals.into_error(file));
    }
    let counts = lpc_store::ImportCounts {
        added,
        updated: 0,
        unchanged,
    };
    let audit = AuditDraft::new(
        actor.audit_name(),
        "invoices.import",
        format!("file:{file}"),
        app.clock().now(),
        serde_json::json!({ "import_id": import_id, "refused": refused }),
    )
    .with_counts(counts);
    let summary = session.summary().clone();
    session.commit((added > 0).then_some(&audit)).await?;
    Ok(InvoicesImported {
        lines: added,
        unchanged,
        invoices: usize::try_from(summary.invoices).unwrap_or(usize::MAX),
        credit_notes: usize::try_from(summary.credit_notes).unwrap_or(usize::MAX),
        partners: usize::try_from(summary.partners).unwrap_or(usize::MAX),
        refused,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Removes the pending batches of imports that ended without committing (killed, or failed
/// before they could clean up), unless an import runs now; returns how many.
pub async fn remove_abandoned(app: &App) -> Result<u64, AppError> {
    Ok(app.store().recover_ledger().await?)
}

/// What the ledger holds: committed batches (newest first, `limit` of them) and the lines
/// of all of them, from the batches' maintained figures (no line is counted).
#[derive(Debug, Clone, Serialize)]
pub struct LedgerSummary {
    /// Lines held by every committed batch.
    pub lines: u64,
    /// Committed batches in all.
    pub committed: u64,
    pub batches: Vec<lpc_store::ledger::BatchRecord>,
}

/// [`LedgerSummary`] (operators only).
pub async fn ledger(app: &App, actor: &Actor, limit: u32) -> Result<LedgerSummary, AppError> {
    actor.authorize(Action::OperateProgram)?;
    let (lines, committed) = app.store().ledger_totals().await?;
    Ok(LedgerSummary {
        lines,
        committed,
        batches: app.store().ledger_batches(limit).await?,
    })
}
