//! Importing Courseware Marketplace invoices (R12, R13, R14, R16, R20): `lpc invoices import`.
//!
//! Two passes: every row is parsed and checked on its own (types, amounts, R13, the points of
//! R12/R14), then the rows are checked against each other and against what is stored (the
//! same line twice with other values; credit notes that correct no invoice of their partner).
//! By default one refusal refuses the file; with `skip_invalid` the valid rows are stored and
//! the others returned, with their reason, for a rejects file.

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use lpc_domain::MpnId;
use lpc_domain::access::Action;
use lpc_domain::invoice::{self, DocumentType};
use lpc_domain::points::{Currency, Money};
use lpc_store::{AuditDraft, InvoiceLine};
use serde::Serialize;

use crate::csv_rows::{self, Record, RowError};
use crate::{Actor, App, AppError, import_file};

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
    #[serde(skip)]
    pub rejected: Vec<Rejected>,
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

/// Imports an invoices CSV (operators only). See the module documentation for the checks.
pub async fn import(
    app: &App,
    actor: &Actor,
    file: &str,
    bytes: &[u8],
    skip_invalid: bool,
) -> Result<InvoicesImported, AppError> {
    actor.authorize(Action::OperateProgram)?;
    let started = Instant::now();
    let mut parsed: Vec<(InvoiceLine, Vec<String>)> = Vec::new();
    let mut rejected: Vec<Rejected> = Vec::new();
    let raw_cells = |line: &InvoiceLine| -> Vec<String> {
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
    };
    csv_rows::visit(
        bytes,
        COLUMNS,
        |r| parse_row(app, r),
        |outcome| match outcome {
            Ok(line) => {
                let cells = raw_cells(&line);
                parsed.push((line, cells));
            }
            Err((error, cells)) => rejected.push(Rejected { cells, error }),
        },
    )
    .map_err(|error| AppError::Rows {
        file: file.to_owned(),
        errors: vec![error],
    })?;

    // The same line twice in one file must agree.
    let mut first_seen: HashMap<(DocumentType, String, u32), usize> = HashMap::new();
    let mut keep = vec![true; parsed.len()];
    for (index, (line, _)) in parsed.iter().enumerate() {
        let key = (
            line.document_type,
            line.document_number.clone(),
            line.line_number,
        );
        match first_seen.get(&key) {
            Some(&first) if parsed[first].0 != *line => {
                keep[index] = false;
                rejected.push(Rejected {
                    cells: parsed[index].1.clone(),
                    error: RowError {
                        line: line.source_line,
                        column: "document_number".into(),
                        value: line.document_number.clone(),
                        reason: format!(
                            "{} is on line {} with other values",
                            line.key(),
                            parsed[first].0.source_line
                        ),
                    },
                });
            }
            Some(_) => keep[index] = false, // an identical repeat: stored once
            None => {
                first_seen.insert(key, index);
            }
        }
    }

    // Credit notes correct an invoice of the same partner, in this file or already stored.
    let file_invoices: HashMap<&str, MpnId> = parsed
        .iter()
        .zip(&keep)
        .filter(|((line, _), kept)| **kept && line.document_type == DocumentType::Invoice)
        .map(|((line, _), _)| (line.document_number.as_str(), line.partner_id))
        .collect();
    let mut stored_partner: HashMap<String, Option<MpnId>> = HashMap::new();
    let mut orphan = Vec::new();
    for (index, (line, _)) in parsed.iter().enumerate() {
        let Some(corrected) = line.corrects_document.as_deref() else {
            continue;
        };
        if !keep[index] {
            continue;
        }
        let owner = match file_invoices.get(corrected) {
            Some(owner) => Some(*owner),
            None => match stored_partner.get(corrected) {
                Some(owner) => *owner,
                None => {
                    let owner = app.store().invoice_partner(corrected).await?;
                    stored_partner.insert(corrected.to_owned(), owner);
                    owner
                }
            },
        };
        let reason = match owner {
            Some(owner) if owner == line.partner_id => continue,
            Some(owner) => format!(
                "R13: invoice {corrected} belongs to partner {owner}, not {}",
                line.partner_id
            ),
            None => format!("R13: invoice {corrected} is neither stored nor in this file"),
        };
        orphan.push((index, reason));
    }
    for (index, reason) in orphan {
        keep[index] = false;
        let (line, cells) = &parsed[index];
        rejected.push(Rejected {
            cells: cells.clone(),
            error: RowError {
                line: line.source_line,
                column: "corrects_document".into(),
                value: line.corrects_document.clone().unwrap_or_default(),
                reason,
            },
        });
    }
    rejected.sort_by_key(|r| r.error.line);
    if !rejected.is_empty() && !skip_invalid {
        return Err(AppError::Rows {
            file: file.to_owned(),
            errors: rejected.into_iter().map(|r| r.error).collect(),
        });
    }

    let lines: Vec<InvoiceLine> = parsed
        .into_iter()
        .zip(keep)
        .filter(|(_, kept)| *kept)
        .map(|((line, _), _)| line)
        .collect();
    let audit = AuditDraft::new(
        actor.audit_name(),
        "invoices.import",
        format!("file:{file}"),
        app.clock().now(),
        serde_json::json!({ "sha256": import_file::digest(bytes), "refused": rejected.len() }),
    );
    let counts = app.store().import_invoice_lines(&lines, &audit).await?;
    let distinct = |kind: DocumentType| {
        lines
            .iter()
            .filter(|l| l.document_type == kind)
            .map(|l| l.document_number.as_str())
            .collect::<HashSet<_>>()
            .len()
    };
    Ok(InvoicesImported {
        lines: counts.added,
        unchanged: counts.unchanged,
        invoices: distinct(DocumentType::Invoice),
        credit_notes: distinct(DocumentType::CreditNote),
        partners: lines
            .iter()
            .map(|l| l.partner_id)
            .collect::<HashSet<_>>()
            .len(),
        refused: rejected.len(),
        seconds: started.elapsed().as_secs_f64(),
        rejected,
    })
}
