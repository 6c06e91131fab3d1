//! The KPI report (R17, R21) and invoice imports (R12, R13).

use std::collections::BTreeMap;

use serde::Serialize;
use utoipa::ToSchema;

use super::*;

/// What a partner's dashboard shows today (R17, R21): DESIGN.md's `kpi report` shape.
#[derive(Debug, Serialize, ToSchema)]
pub struct KpiReport {
    #[schema(example = "1234567")]
    pub partner_id: String,
    /// The latest publication on or before today; `null` before the first.
    #[schema(format = Date)]
    pub published_on: Option<String>,
    /// The twelve months the publication covers; `null` before the first.
    pub period: Option<MonthSpan>,
    /// When the next report is published (the next 15th).
    #[schema(format = Date)]
    pub next_publication_on: String,
    pub rows: Vec<ReportRow>,
    pub totals: ReportTotals,
}

/// One dashboard row: the seven fields of R21 and where it comes from.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportRow {
    pub year: i16,
    #[schema(minimum = 1, maximum = 12)]
    pub month: i8,
    pub omlp_type: String,
    pub purchase_units: i64,
    pub invoice_number: String,
    /// KPI points (up to three decimals).
    pub kpi_value: f64,
    /// An exact decimal string.
    #[schema(example = "1250.00")]
    pub revenue_value: String,
    pub currency: String,
    pub document_type: DocumentType,
    pub line_number: u32,
    /// Published after the publication it belonged in.
    pub late: bool,
    /// For an adjustment row, the case that added it.
    pub adjustment_case_id: Option<i64>,
}

/// The report's totals, caps applied (R12).
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportTotals {
    pub kpi_value: f64,
    pub by_omlp_type: BTreeMap<String, f64>,
}

/// What an import did (DESIGN.md's `invoices import` shape) and, with `skip_invalid`, the
/// refused rows.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportAnswer {
    /// Lines newly stored; a line imported again is not counted.
    pub lines: u64,
    /// Lines of the file already stored with the same values.
    pub unchanged: u64,
    pub invoices: u64,
    pub credit_notes: u64,
    pub partners: u64,
    /// Rows refused (only with `skip_invalid`).
    pub refused: u64,
    pub seconds: f64,
    /// With `skip_invalid`: each refused row's cells and why; absent when none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rejects: Option<Vec<Rejected>>,
}

/// A row not imported.
#[derive(Debug, Serialize, ToSchema)]
pub struct Rejected {
    pub cells: Vec<String>,
    /// The first bad field of the row.
    pub error: RowError,
    /// Every bad field of the row, the first one included.
    pub errors: Vec<RowError>,
}
