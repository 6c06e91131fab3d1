//! The rows of the KPI ledger (R12-R14, R16): invoice lines, the lines an import found already
//! stored, how a conflict is worded, and the names of imports.

use jiff::Timestamp;
use jiff::civil::Date;
use lpc_domain::MpnId;
use lpc_domain::invoice::DocumentType;
use lpc_domain::points::{KpiPoints, Money};
use serde::Serialize;

/// One line of an invoice or credit note (R12, R13), with the KPI points the rule set in
/// force on its date gives it (R14). Two lines are the same line when their key
/// `(document_type, document_number, line_number)` and every value agree; `source_line`
/// (where the importing file had it) is provenance, not identity.
#[derive(Debug, Clone, Eq, Serialize)]
pub struct InvoiceLine {
    pub document_type: DocumentType,
    pub document_number: String,
    pub line_number: u32,
    pub corrects_document: Option<String>,
    pub partner_id: MpnId,
    pub document_date: Date,
    pub omlp_type: String,
    pub product_sku: String,
    pub purchase_units: i64,
    pub revenue: Money,
    pub kpi: KpiPoints,
    pub source_line: u64,
}

impl PartialEq for InvoiceLine {
    fn eq(&self, other: &Self) -> bool {
        (
            self.document_type,
            &self.document_number,
            self.line_number,
            &self.corrects_document,
            self.partner_id,
            self.document_date,
            &self.omlp_type,
            &self.product_sku,
            self.purchase_units,
            self.revenue,
            self.kpi,
        ) == (
            other.document_type,
            &other.document_number,
            other.line_number,
            &other.corrects_document,
            other.partner_id,
            other.document_date,
            &other.omlp_type,
            &other.product_sku,
            other.purchase_units,
            other.revenue,
            other.kpi,
        )
    }
}

impl InvoiceLine {
    /// How the line is named in messages: `invoice INV-1001 line 1`.
    pub fn key(&self) -> String {
        format!(
            "{} {} line {}",
            self.document_type, self.document_number, self.line_number
        )
    }
}

/// A line an import tried to add whose key was already stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExistingLine {
    /// Its position in the lines given to `add`.
    pub index: usize,
    /// Stored earlier in the same import (the same line twice in one file).
    pub same_import: bool,
    /// The stored line, when its values differ from the one given: a conflict. `None`:
    /// the same line again, which changes nothing.
    pub conflict: Option<InvoiceLine>,
}

/// The refusal of a line whose key is stored with other values, naming both.
pub fn conflict_message(line: &InvoiceLine, stored: &InvoiceLine, same_import: bool) -> String {
    let origin = if same_import {
        format!("on line {} of this file", stored.source_line)
    } else {
        format!(
            "already stored (imported from line {} of an earlier file)",
            stored.source_line
        )
    };
    format!(
        "{} is {origin} with other values: partner {}, {}, {} {} units, {}; here: partner {}, {}, {} {} units, {}",
        line.key(),
        stored.partner_id,
        stored.document_date,
        stored.omlp_type,
        stored.purchase_units,
        stored.revenue,
        line.partner_id,
        line.document_date,
        line.omlp_type,
        line.purchase_units,
        line.revenue,
    )
}

/// A name for one import that no other import has: the process, a counter within it, and
/// the time (two processes cannot share a process id at the same instant).
pub fn new_import_id() -> String {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("{}-{}-{n}", Timestamp::now(), std::process::id())
}
