//! The rows of publications (R17, R21): the frozen monthly report, its rows and its totals.

use jiff::Timestamp;
use jiff::civil::Date;
use lpc_domain::MpnId;
use lpc_domain::calendar::MonthSpan;
use lpc_domain::invoice::DocumentType;
use lpc_domain::points::{KpiPoints, Money};
use serde::Serialize;

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
