//! Row types: what the store takes and returns, in domain types, never driver types.

use jiff::Timestamp;
use jiff::civil::Date;
use lpc_domain::access::RoleGrant;
use lpc_domain::calendar::MonthSpan;
use lpc_domain::invoice::DocumentType;
use lpc_domain::points::{KpiPoints, Money};
use lpc_domain::{CountryCode, Email, MpnId, PartnerName};
use serde::Serialize;

/// A partner organization to register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPartner {
    pub mpn_id: MpnId,
    pub name: PartnerName,
    pub country: CountryCode,
}

/// A registered partner organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Partner {
    pub mpn_id: MpnId,
    pub name: PartnerName,
    pub country: CountryCode,
    pub registered_at: Timestamp,
}

/// A user to create, with the password already hashed (Argon2id PHC string) by `app`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    pub email: Email,
    pub password_hash: String,
    pub grants: Vec<RoleGrant>,
}

/// A stored user and every role it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: i64,
    pub email: Email,
    #[serde(skip)]
    pub password_hash: String,
    pub grants: Vec<RoleGrant>,
    pub created_at: Timestamp,
}

/// A Microsoft Certified Trainer's affiliation with a partner (R4). It counts while today is
/// within `valid_from..=valid_until`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Trainer {
    pub mct_id: String,
    pub partner_id: MpnId,
    pub name: String,
    pub email: Email,
    pub valid_from: Date,
    pub valid_until: Date,
}

/// An exam passed by one of a partner's people (R8, R9).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ExamPass {
    pub partner_id: MpnId,
    pub person_email: Email,
    pub exam_code: String,
    pub passed_on: Date,
}

/// What an idempotent import changed: re-importing a file adds nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ImportCounts {
    pub added: u64,
    pub updated: u64,
    pub unchanged: u64,
}

/// A partner admin's acceptance of a Performance Guidelines version (R8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GuidelineAcceptance {
    pub partner_id: MpnId,
    pub version: String,
    pub accepted_by: Email,
    pub accepted_at: Timestamp,
}

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

/// A frozen monthly KPI report (R17).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Publication {
    pub published_on: Date,
    pub period: MonthSpan,
    pub partners: u64,
    pub lines: u64,
    pub digest: String,
    pub published_at: Timestamp,
}

/// One row of a published report: the seven fields of R21, the line it comes from, and
/// whether it arrived after the publication it belonged in (late).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublishedRow {
    pub partner_id: MpnId,
    pub document_type: DocumentType,
    pub document_number: String,
    pub line_number: u32,
    pub year: i16,
    pub month: i8,
    pub omlp_type: String,
    pub purchase_units: i64,
    pub kpi: KpiPoints,
    pub revenue: Money,
    pub late: bool,
}

/// A published total: per OMLP type, or over all types (`omlp_type: None`), caps applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublishedTotal {
    pub partner_id: MpnId,
    pub omlp_type: Option<String>,
    pub kpi: KpiPoints,
}

/// A line an import tried to add whose key was already stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExistingLine {
    /// Its position in the batch given to `add`.
    pub index: usize,
    pub stored: InvoiceLine,
    /// Stored earlier in the same import (the same line twice in one file).
    pub same_import: bool,
}

/// The refusal of a line whose key is stored with other values, naming both.
pub fn conflict_message(line: &InvoiceLine, existing: &ExistingLine) -> String {
    let stored = &existing.stored;
    let origin = if existing.same_import {
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
