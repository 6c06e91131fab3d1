//! Support cases (R5, R13, R22, R27) as the API sends them.

use jiff::Timestamp;
use jiff::civil::Date;
use lpc_app::cases::ProposedAdjustment as AppProposed;
use lpc_app::views;
use lpc_domain::invoice::DocumentType as DomainDocumentType;
use lpc_domain::points::KpiPoints;
use lpc_domain::{MpnId, points};
use serde::Serialize;
use utoipa::ToSchema;

use super::{DocumentType, Money};

mirror_enum!(views::CaseKind => CaseKind {
    KpiDiscrepancy,
    AccountProfileSetup,
    DirectoryMissing,
});

mirror_enum!(views::CaseState => CaseState {
    Open,
    WaitingOnPartner,
    Resolved,
    Rejected,
});

/// A Partner Frontline Support case.
#[derive(Debug, Serialize, ToSchema)]
pub struct SupportCase {
    pub id: i64,
    #[schema(value_type = String, example = "1234567")]
    pub partner_id: MpnId,
    pub kind: CaseKind,
    pub state: CaseState,
    pub opened_by: String,
    #[schema(value_type = String, format = DateTime)]
    pub opened_at: Timestamp,
    /// The kind's fields as validated (R22's seven and `currency`, `evidence_document_type`).
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
    pub decision_message: Option<String>,
    pub decided_by: Option<String>,
    #[schema(value_type = Option<String>, format = DateTime)]
    pub decided_at: Option<Timestamp>,
    pub membership_id: Option<i64>,
}

impl From<views::SupportCase> for SupportCase {
    fn from(c: views::SupportCase) -> Self {
        Self {
            id: c.id,
            partner_id: c.partner_id,
            kind: c.kind.into(),
            state: c.state.into(),
            opened_by: c.opened_by,
            opened_at: c.opened_at,
            details: c.details,
            decision_message: c.decision_message,
            decided_by: c.decided_by,
            decided_at: c.decided_at,
            membership_id: c.membership_id,
        }
    }
}

/// A comment on a case.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseComment {
    pub id: i64,
    pub case_id: i64,
    pub author: String,
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
    pub body: String,
}

impl From<views::CaseComment> for CaseComment {
    fn from(c: views::CaseComment) -> Self {
        Self {
            id: c.id,
            case_id: c.case_id,
            author: c.author,
            at: c.at,
            body: c.body,
        }
    }
}

/// A file given with a case (R13: a discrepancy's invoice), without its content.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseAttachment {
    pub id: i64,
    pub case_id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: u64,
    pub sha256: String,
    #[schema(value_type = String, format = DateTime)]
    pub uploaded_at: Timestamp,
    pub uploaded_by: String,
}

impl From<views::CaseAttachment> for CaseAttachment {
    fn from(a: views::CaseAttachment) -> Self {
        Self {
            id: a.id,
            case_id: a.case_id,
            file_name: a.file_name,
            content_type: a.content_type,
            size_bytes: a.size_bytes,
            sha256: a.sha256,
            uploaded_at: a.uploaded_at,
            uploaded_by: a.uploaded_by,
        }
    }
}

/// A case with its comments, files and, for a discrepancy, the evidence.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseView {
    #[serde(flatten)]
    pub case: SupportCase,
    pub comments: Vec<CaseComment>,
    pub evidence: Option<DiscrepancyEvidence>,
    pub adjustment: Option<KpiAdjustment>,
    pub attachments: Vec<CaseAttachment>,
}

impl From<lpc_app::cases::CaseView> for CaseView {
    fn from(v: lpc_app::cases::CaseView) -> Self {
        Self {
            case: v.case.into(),
            comments: v.comments.into_iter().map(Into::into).collect(),
            evidence: v.evidence.map(Into::into),
            adjustment: v.adjustment.map(Into::into),
            attachments: v.attachments.into_iter().map(Into::into).collect(),
        }
    }
}

/// What the store and the latest publication say about a disputed invoice.
#[derive(Debug, Serialize, ToSchema)]
pub struct DiscrepancyEvidence {
    pub invoice_lines: Vec<InvoiceLine>,
    #[schema(value_type = Option<String>, format = Date)]
    pub published_on: Option<Date>,
    pub published_rows: Vec<PublishedRow>,
    pub adjustments: Vec<KpiAdjustment>,
    /// What accepting the case without `points` adds; `null` once decided.
    #[schema(value_type = Option<ProposedAdjustment>)]
    pub proposed_adjustment: Option<AppProposed>,
}

impl From<lpc_app::cases::DiscrepancyEvidence> for DiscrepancyEvidence {
    fn from(e: lpc_app::cases::DiscrepancyEvidence) -> Self {
        Self {
            invoice_lines: e.invoice_lines.into_iter().map(Into::into).collect(),
            published_on: e.published_on,
            published_rows: e.published_rows.into_iter().map(Into::into).collect(),
            adjustments: e.adjustments.into_iter().map(Into::into).collect(),
            proposed_adjustment: e.proposed_adjustment,
        }
    }
}

/// A stored invoice or credit-note line.
#[derive(Debug, Serialize, ToSchema)]
pub struct InvoiceLine {
    #[schema(value_type = DocumentType)]
    pub document_type: DomainDocumentType,
    pub document_number: String,
    pub line_number: u32,
    pub corrects_document: Option<String>,
    #[schema(value_type = String)]
    pub partner_id: MpnId,
    #[schema(value_type = String, format = Date)]
    pub document_date: Date,
    pub omlp_type: String,
    pub product_sku: String,
    pub purchase_units: i64,
    #[schema(value_type = Money)]
    pub revenue: points::Money,
    #[schema(value_type = f64)]
    pub kpi: KpiPoints,
    pub source_line: u64,
}

impl From<views::InvoiceLine> for InvoiceLine {
    fn from(l: views::InvoiceLine) -> Self {
        Self {
            document_type: l.document_type,
            document_number: l.document_number,
            line_number: l.line_number,
            corrects_document: l.corrects_document,
            partner_id: l.partner_id,
            document_date: l.document_date,
            omlp_type: l.omlp_type,
            product_sku: l.product_sku,
            purchase_units: l.purchase_units,
            revenue: l.revenue,
            kpi: l.kpi,
            source_line: l.source_line,
        }
    }
}

/// A row frozen by a publication.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublishedRow {
    #[schema(value_type = String)]
    pub partner_id: MpnId,
    #[schema(value_type = DocumentType)]
    pub document_type: DomainDocumentType,
    pub document_number: String,
    pub line_number: u32,
    pub year: i16,
    pub month: i8,
    pub omlp_type: String,
    pub purchase_units: i64,
    #[schema(value_type = f64)]
    pub kpi: KpiPoints,
    #[schema(value_type = Money)]
    pub revenue: points::Money,
    pub late: bool,
}

impl From<views::PublishedRow> for PublishedRow {
    fn from(r: views::PublishedRow) -> Self {
        Self {
            partner_id: r.partner_id,
            document_type: r.document_type,
            document_number: r.document_number,
            line_number: r.line_number,
            year: r.year,
            month: r.month,
            omlp_type: r.omlp_type,
            purchase_units: r.purchase_units,
            kpi: r.kpi,
            revenue: r.revenue,
            late: r.late,
        }
    }
}

/// A KPI adjustment an accepted discrepancy case added (R22).
#[derive(Debug, Serialize, ToSchema)]
pub struct KpiAdjustment {
    pub id: i64,
    pub case_id: i64,
    #[schema(value_type = String)]
    pub partner_id: MpnId,
    pub year: i16,
    pub month: i8,
    pub omlp_type: String,
    pub invoice_number: String,
    pub purchase_units: i64,
    #[schema(value_type = f64)]
    pub kpi: KpiPoints,
    #[schema(value_type = Money)]
    pub revenue: points::Money,
    #[schema(value_type = String, format = Date)]
    pub created_on: Date,
    /// The publication that included it; `null` until then.
    #[schema(value_type = Option<String>, format = Date)]
    pub published_on: Option<Date>,
}

impl From<views::KpiAdjustment> for KpiAdjustment {
    fn from(a: views::KpiAdjustment) -> Self {
        Self {
            id: a.id,
            case_id: a.case_id,
            partner_id: a.partner_id,
            year: a.year,
            month: a.month,
            omlp_type: a.omlp_type,
            invoice_number: a.invoice_number,
            purchase_units: a.purchase_units,
            kpi: a.kpi,
            revenue: a.revenue,
            created_on: a.created_on,
            published_on: a.published_on,
        }
    }
}

/// The adjustment resolving a discrepancy would add: the schema of `lpc_app`'s own type,
/// which the API sends as it is (it is no store row).
#[derive(Debug, Serialize, ToSchema)]
pub struct ProposedAdjustment {
    pub year: i16,
    pub month: i8,
    pub omlp_type: String,
    pub invoice_number: String,
    pub purchase_units: i64,
    pub kpi_value: f64,
    pub revenue_value: String,
    pub currency: String,
}

/// What a decision did.
#[derive(Debug, Serialize, ToSchema)]
pub struct Decided {
    #[serde(flatten)]
    pub case: SupportCase,
    /// The adjustment an accepted discrepancy added (R22).
    pub adjustment: Option<KpiAdjustment>,
    /// The day marketplace access was granted from (R5).
    #[schema(value_type = Option<String>, format = Date)]
    pub marketplace_access_on: Option<Date>,
}

impl From<lpc_app::cases::Decided> for Decided {
    fn from(d: lpc_app::cases::Decided) -> Self {
        Self {
            case: d.case.into(),
            adjustment: d.adjustment.map(Into::into),
            marketplace_access_on: d.marketplace_access_on,
        }
    }
}
