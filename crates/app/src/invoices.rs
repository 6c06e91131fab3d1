//! Importing Courseware Marketplace invoices (R12, R13, R14, R16, R20): `lpc invoices import`.
//!
//! Every row is parsed and checked on its own (types, amounts, R13, the points of R12/R14),
//! then against what is stored, including the file's earlier rows (the same line with other
//! values), and at the end credit notes against their invoices (R13). By default one refusal
//! refuses the whole file; with `skip_invalid` the valid rows are stored and the others handed
//! out, with their reason, for a rejects file.

use std::time::Instant;

use lpc_domain::MpnId;
use lpc_domain::access::Action;
use lpc_domain::invoice::{self, DocumentType};
use lpc_domain::points::{Currency, Money};
use lpc_store::{AuditDraft, InvoiceLine};
use serde::Serialize;

use crate::csv_rows::{self, Record, RowError};
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

/// A row that was not imported: its cells as read, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Rejected {
    pub cells: Vec<String>,
    pub error: RowError,
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

fn text<'a>(r: &'a Record<'_>, column: &str, max: usize) -> Result<&'a str, RowError> {
    let value = r.get(column);
    if value.is_empty() || value.chars().count() > max {
        return Err(r.error(column, format!("must have 1 to {max} characters")));
    }
    Ok(value)
}

fn parse_row(app: &App, r: &Record<'_>) -> Result<InvoiceLine, RowError> {
    let document_type = r.parse("document_type", DocumentType::parse)?;
    let document_number = text(r, "document_number", 64)?.to_owned();
    let corrects = r.get("corrects_document");
    let corrects_document = match (document_type, corrects.is_empty()) {
        (DocumentType::Invoice, true) => None,
        (DocumentType::Invoice, false) => {
            return Err(r.error("corrects_document", "must be empty on an invoice"));
        }
        (DocumentType::CreditNote, true) => {
            return Err(r.error(
                "corrects_document",
                "R13: a credit note must name the invoice it corrects",
            ));
        }
        (DocumentType::CreditNote, false) => Some(text(r, "corrects_document", 64)?.to_owned()),
        // `DocumentType::parse` already refuses it; kept explicit so that no path imports one.
        (DocumentType::Adjustment, _) => {
            return Err(r.error(
                "document_type",
                "R22: adjustments are added by accepted KPI discrepancy cases, never imported",
            ));
        }
    };
    let partner_id = r.parse("partner_id", MpnId::parse)?;
    let document_date = r.parse("document_date", csv_rows::date)?;
    let line_number: u32 = r.parse("line_number", |v| match v.parse::<u32>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err("must be a whole number from 1"),
    })?;
    let omlp_type = text(r, "omlp_type", 64)?.to_owned();
    let product_sku = text(r, "product_sku", 64)?.to_owned();
    let purchase_units: i64 = r.parse("purchase_units", |v| {
        v.parse::<i64>().map_err(|_| "must be a whole number")
    })?;
    let currency = r.parse("currency", Currency::parse)?;
    let revenue = r.parse("revenue_value", |v| Money::parse_decimal(v, currency))?;
    match document_type {
        DocumentType::Invoice if purchase_units <= 0 => {
            return Err(r.error("purchase_units", "must be positive on an invoice"));
        }
        DocumentType::CreditNote if purchase_units >= 0 => {
            return Err(r.error(
                "purchase_units",
                "must be negative on a credit note (it reduces an invoice, R13)",
            ));
        }
        DocumentType::Invoice if revenue.is_negative() => {
            return Err(r.error("revenue_value", "must not be negative on an invoice"));
        }
        DocumentType::CreditNote if revenue.minor > 0 => {
            return Err(r.error("revenue_value", "must not be positive on a credit note"));
        }
        _ => {}
    }
    let kpi = invoice::line_points(app.rules(), document_date, &omlp_type, purchase_units)
        .map_err(|reason| {
            let column = if reason.starts_with("R14") {
                "document_date"
            } else {
                "omlp_type"
            };
            r.error(column, reason)
        })?;
    Ok(InvoiceLine {
        document_type,
        document_number,
        line_number,
        corrects_document,
        partner_id,
        document_date,
        omlp_type,
        product_sku,
        purchase_units,
        revenue,
        kpi,
        source_line: r.line,
    })
}

/// How far an import has read, for progress bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub bytes: u64,
    pub rows: u64,
}

/// The refused rows of an import: reported in the error of a refused file (up to
/// [`MAX_REPORTED`]), or handed to the caller with `skip_invalid`.
struct Refusals<'a, F> {
    reported: Vec<RowError>,
    count: usize,
    skip_invalid: bool,
    on_reject: &'a mut F,
}

impl<F: FnMut(&Rejected)> Refusals<'_, F> {
    fn add(&mut self, rejected: Rejected) {
        self.count += 1;
        if self.skip_invalid {
            (self.on_reject)(&rejected);
        } else if self.reported.len() < MAX_REPORTED {
            self.reported.push(rejected.error);
        }
    }
}

/// Rows handed from the parsing thread to the storing task at a time: large enough to
/// amortize a channel hop and a batch insert, small enough to keep memory flat.
const BATCH: usize = 20_000;
/// Refusals kept for the message of a refused file; the rest are counted.
const MAX_REPORTED: usize = 1_000;

enum Parsed {
    Line(InvoiceLine),
    Refused(Rejected),
}

/// A reader that counts what passes through it.
struct Counting<R> {
    inner: R,
    bytes: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl<R: std::io::Read> std::io::Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bytes
            .fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
        Ok(n)
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

fn refusal(line: &InvoiceLine, column: &str, value: String, reason: String) -> Rejected {
    Rejected {
        cells: cells_of(line),
        error: RowError {
            line: line.source_line,
            column: column.to_owned(),
            value,
            reason,
        },
    }
}

/// Imports an invoices CSV read from `reader` (operators only), streaming: rows are parsed
/// on a blocking thread while the previous batch is stored, so memory stays flat whatever
/// the file's size. Everything goes into one transaction: refused (or interrupted), nothing
/// of the file is stored. With `skip_invalid`, refused rows go to `on_reject` and the rest is
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
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Result<Vec<Parsed>, RowError>>(4);
    let parser_app = app.clone();
    let bytes = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let counted = Counting {
        inner: reader,
        bytes: bytes.clone(),
    };
    let parser = tokio::task::spawn_blocking(move || {
        let mut batch = Vec::with_capacity(BATCH);
        let mut rows = 0u64;
        let visited = csv_rows::visit(
            counted,
            COLUMNS,
            |r| parse_row(&parser_app, r),
            |outcome| {
                rows += 1;
                batch.push(match outcome {
                    Ok(line) => Parsed::Line(line),
                    Err((error, cells)) => Parsed::Refused(Rejected { cells, error }),
                });
                if batch.len() == BATCH {
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                    let _ = tx.blocking_send(Ok(full));
                    on_progress(Progress {
                        bytes: bytes.load(std::sync::atomic::Ordering::Relaxed),
                        rows,
                    });
                }
            },
        );
        let last = match visited {
            Ok(()) => Ok(batch),
            Err(header) => Err(header),
        };
        let _ = tx.blocking_send(last);
        on_progress(Progress {
            bytes: bytes.load(std::sync::atomic::Ordering::Relaxed),
            rows,
        });
    });

    let import_id = lpc_store::new_import_id();
    let mut session = app.store().begin_invoice_import(&import_id).await?;
    let mut refusals = Refusals {
        reported: Vec::new(),
        count: 0,
        skip_invalid,
        on_reject: &mut on_reject,
    };
    let (mut added, mut unchanged) = (0u64, 0u64);
    while let Some(batch) = rx.recv().await {
        let batch = match batch {
            Ok(batch) => batch,
            Err(header) => {
                session.abort().await?;
                return Err(AppError::Rows {
                    file: file.to_owned(),
                    errors: vec![header],
                });
            }
        };
        let mut lines = Vec::with_capacity(batch.len());
        for item in batch {
            match item {
                Parsed::Line(line) => lines.push(line),
                Parsed::Refused(r) => refusals.add(r),
            }
        }
        // A refused file goes on into the transaction that will be rolled back, so that the
        // checks against stored lines and credit notes still report every fault.
        let existing = session.add(&lines).await?;
        added += (lines.len() - existing.len()) as u64;
        for e in existing {
            let line = &lines[e.index];
            match &e.conflict {
                None => unchanged += u64::from(!e.same_import),
                Some(stored) => {
                    let message = lpc_store::rows::conflict_message(line, stored, e.same_import);
                    refusals.add(refusal(
                        line,
                        "document_number",
                        line.document_number.clone(),
                        message,
                    ));
                }
            }
        }
    }
    parser
        .await
        .map_err(|e| AppError::Internal(format!("the CSV reader stopped: {e}")))?;

    // R13: a credit note corrects an invoice of its partner, stored or in this file.
    let orphans = session.orphan_credit_notes().await?;
    for line in &orphans {
        let corrected = line.corrects_document.clone().unwrap_or_default();
        let reason = format!(
            "R13: no invoice {corrected} of partner {} is stored or in this file",
            line.partner_id
        );
        refusals.add(refusal(line, "corrects_document", corrected, reason));
        added -= 1;
    }
    if skip_invalid {
        session.remove(&orphans).await?;
    }
    let (refused, mut reported) = (refusals.count, refusals.reported);
    if refused > 0 && !skip_invalid {
        session.abort().await?; // nothing of the file is stored
        reported.sort_by_key(|e| e.line);
        if refused > reported.len() {
            let more = refused - reported.len();
            reported.push(RowError {
                line: 0,
                column: "(file)".into(),
                value: String::new(),
                reason: format!("and {more} more refused rows"),
            });
        }
        return Err(AppError::Rows {
            file: file.to_owned(),
            errors: reported,
        });
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
