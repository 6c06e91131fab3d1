//! The JSON shapes of the API's answers, as OpenAPI schemas.
//!
//! These mirror the `Serialize` types of `lpc-app`, `lpc-store` and `lpc-domain` field for
//! field (same names, same JSON types), so that the domain and the use cases stay free of web
//! concerns (DESIGN.md: the domain uses only std, serde, jiff, thiserror). They are never
//! built: only their schemas are used. `tests/openapi.rs` checks that a real answer of each
//! kind has exactly the properties its schema lists, so that a field added to a real type
//! without its mirror fails a test.
//!
//! Conventions: dates are `YYYY-MM-DD` strings, instants RFC 3339 strings, months `YYYY-MM`,
//! MPN IDs strings of digits, money `{"amount": "1250.00", "currency": "USD"}`, KPI points
//! JSON numbers (integers when whole, up to three decimals otherwise).

use std::collections::BTreeMap;

use serde::Serialize;
use utoipa::ToSchema;

/// An RFC 9457 problem document (`application/problem+json`): every failed request.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// Always `about:blank`: the status says what kind of problem it is.
    #[serde(rename = "type")]
    #[schema(example = "about:blank")]
    pub kind: String,
    /// The status's reason phrase.
    #[schema(example = "Unprocessable Entity")]
    pub title: String,
    #[schema(example = 422)]
    pub status: u16,
    /// What went wrong, citing the rule (PROGRAM.md id) when a rule refused; absent for
    /// server errors, whose details are logged, never sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// A refused invoices file: every refused row, with its line, column, value and reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<RowError>>,
    /// A refused value: the name of every faulty field (a case names all at once).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = json!(["month", "kpi_value"]))]
    pub fields: Option<Vec<String>>,
}

/// An enrollment refused (R10), as a problem document with the `enroll` answer's fields.
#[derive(Debug, Serialize, ToSchema)]
pub struct RefusedProblem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    #[schema(example = 422)]
    pub status: u16,
    pub detail: String,
    pub option: LearningOption,
    pub competency: Option<String>,
    /// Every unmet prerequisite.
    pub unmet: Vec<RequirementId>,
    /// R10: what the partner meets instead.
    pub recommended: Option<Recommendation>,
    /// The whole `enroll` answer (its `status` is `refused`).
    pub enrollment: Enrollment,
}

/// One refused cell or row of a CSV file.
#[derive(Debug, Serialize, ToSchema)]
pub struct RowError {
    /// 1-based line in the file (the header is line 1).
    pub line: u64,
    pub column: String,
    pub value: String,
    pub reason: String,
}

/// An amount of money: an exact decimal string and an ISO 4217 code.
#[derive(Debug, Serialize, ToSchema)]
pub struct Money {
    #[schema(example = "1250.00")]
    pub amount: String,
    #[schema(example = "USD")]
    pub currency: String,
}

/// An inclusive range of months.
#[derive(Debug, Serialize, ToSchema)]
pub struct MonthSpan {
    #[schema(example = "2019-01", pattern = r"^\d{4}-\d{2}$")]
    pub from: String,
    #[schema(example = "2019-12", pattern = r"^\d{4}-\d{2}$")]
    pub to: String,
}

/// The learning options (R3).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LearningOption {
    ActionPack,
    Silver,
    Gold,
}

/// Requirement ids of DESIGN.md's `eligibility` and `enroll` shapes.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RequirementId {
    MctCount,
    ExamPasses,
    KpiPoints,
    PerformanceCommitment,
    ActionPackSubscription,
    FeePaid,
}

/// Kinds of invoice-file documents, and the KPI adjustments of accepted cases (R13, R22).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocumentType {
    Invoice,
    CreditNote,
    Adjustment,
}

// ---------------------------------------------------------------------------------------------
// KPI report (R17, R21)

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

// ---------------------------------------------------------------------------------------------
// Eligibility (R3..R10) and entitlements (R6)

/// Every option, every requirement, met or not, and why: DESIGN.md's `eligibility` shape.
#[derive(Debug, Serialize, ToSchema)]
pub struct Eligibility {
    pub partner_id: String,
    pub rule_set: RuleSetRef,
    pub options: Vec<OptionEligibility>,
    pub recommended: Option<Recommendation>,
}

/// The rule set a decision used (R14).
#[derive(Debug, Serialize, ToSchema)]
pub struct RuleSetRef {
    pub name: String,
    #[schema(format = Date)]
    pub effective_from: String,
    pub guidelines_version: String,
}

/// One option judged for the partner.
#[derive(Debug, Serialize, ToSchema)]
pub struct OptionEligibility {
    pub option: LearningOption,
    pub competency: Option<String>,
    pub eligible: bool,
    pub requirements: Vec<Requirement>,
    /// The partner holds this option and it is active.
    pub held: bool,
    /// What enrolling would cost (gold less the R11 discount for a silver partner).
    pub fee: Money,
}

/// One requirement, met or not, citing its rule.
#[derive(Debug, Serialize, ToSchema)]
pub struct Requirement {
    pub id: RequirementId,
    pub met: bool,
    pub actual: Measure,
    pub required: Measure,
    /// The PROGRAM.md rule that decided (`R4`, `R8`, ...).
    pub rule: String,
    pub message: String,
    /// The waiver policy that made the requirement met (R23); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waived_by: Option<String>,
}

/// A count, a number of KPI points, or a yes/no.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum Measure {
    Count(i64),
    Points(f64),
    Flag(bool),
}

/// The option offered instead (R10).
#[derive(Debug, Serialize, ToSchema)]
pub struct Recommendation {
    pub option: LearningOption,
    pub competency: Option<String>,
}

/// The Courseware Marketplace price tier (R6).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PriceTier {
    FullPriceInternalOnly,
    LearningPartnerDiscount,
}

/// May the partner buy the product for external delivery, and at which price (R6).
#[derive(Debug, Serialize, ToSchema)]
pub struct ProductEntitlement {
    pub partner_id: String,
    pub product: String,
    pub allowed: bool,
    pub price_tier: PriceTier,
    pub reason: String,
    pub rule: String,
}

/// A partner admin's acceptance of a Performance Guidelines version (R8).
#[derive(Debug, Serialize, ToSchema)]
pub struct GuidelineAcceptance {
    pub partner_id: String,
    pub version: String,
    pub accepted_by: String,
    #[schema(format = DateTime)]
    pub accepted_at: String,
}

// ---------------------------------------------------------------------------------------------
// Invoice imports (R12, R13)

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

// ---------------------------------------------------------------------------------------------
// Cases (R5, R13, R22, R27)

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CaseKind {
    KpiDiscrepancy,
    AccountProfileSetup,
    DirectoryMissing,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CaseState {
    Open,
    WaitingOnPartner,
    Resolved,
    Rejected,
}

/// A Partner Frontline Support case.
#[derive(Debug, Serialize, ToSchema)]
pub struct SupportCase {
    pub id: i64,
    pub partner_id: String,
    pub kind: CaseKind,
    pub state: CaseState,
    pub opened_by: String,
    #[schema(format = DateTime)]
    pub opened_at: String,
    /// The kind's fields as validated (R22's seven and `currency`, `evidence_document_type`).
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
    pub decision_message: Option<String>,
    pub decided_by: Option<String>,
    #[schema(format = DateTime)]
    pub decided_at: Option<String>,
    pub membership_id: Option<i64>,
}

/// A comment on a case.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseComment {
    pub id: i64,
    pub case_id: i64,
    pub author: String,
    #[schema(format = DateTime)]
    pub at: String,
    pub body: String,
}

/// A case with its comments and, for a discrepancy, the evidence.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseView {
    #[serde(flatten)]
    pub case: SupportCase,
    pub comments: Vec<CaseComment>,
    pub evidence: Option<DiscrepancyEvidence>,
    pub adjustment: Option<KpiAdjustment>,
}

/// What the store and the latest publication say about a disputed invoice.
#[derive(Debug, Serialize, ToSchema)]
pub struct DiscrepancyEvidence {
    pub invoice_lines: Vec<InvoiceLine>,
    #[schema(format = Date)]
    pub published_on: Option<String>,
    pub published_rows: Vec<PublishedRow>,
    pub adjustments: Vec<KpiAdjustment>,
    /// What accepting the case without `points` adds; `null` once decided.
    pub proposed_adjustment: Option<ProposedAdjustment>,
}

/// A stored invoice or credit-note line.
#[derive(Debug, Serialize, ToSchema)]
pub struct InvoiceLine {
    pub document_type: DocumentType,
    pub document_number: String,
    pub line_number: u32,
    pub corrects_document: Option<String>,
    pub partner_id: String,
    #[schema(format = Date)]
    pub document_date: String,
    pub omlp_type: String,
    pub product_sku: String,
    pub purchase_units: i64,
    pub revenue: Money,
    pub kpi: f64,
    pub source_line: u64,
}

/// A row frozen by a publication.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublishedRow {
    pub partner_id: String,
    pub document_type: DocumentType,
    pub document_number: String,
    pub line_number: u32,
    pub year: i16,
    pub month: i8,
    pub omlp_type: String,
    pub purchase_units: i64,
    pub kpi: f64,
    pub revenue: Money,
    pub late: bool,
}

/// A KPI adjustment an accepted discrepancy case added (R22).
#[derive(Debug, Serialize, ToSchema)]
pub struct KpiAdjustment {
    pub id: i64,
    pub case_id: i64,
    pub partner_id: String,
    pub year: i16,
    pub month: i8,
    pub omlp_type: String,
    pub invoice_number: String,
    pub purchase_units: i64,
    pub kpi: f64,
    pub revenue: Money,
    #[schema(format = Date)]
    pub created_on: String,
    /// The publication that included it; `null` until then.
    #[schema(format = Date)]
    pub published_on: Option<String>,
}

/// The adjustment resolving a discrepancy would add.
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
    #[schema(format = Date)]
    pub marketplace_access_on: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Enrollments, memberships, orders (R1..R11, R28..R30)

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EnrollmentStatus {
    Active,
    PendingPayment,
    Refused,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    Card,
    BankTransfer,
}

/// What an enrollment came to: DESIGN.md's `enroll` shape plus the order's details.
#[derive(Debug, Serialize, ToSchema)]
pub struct Enrollment {
    pub status: EnrollmentStatus,
    pub partner_id: String,
    pub option: LearningOption,
    pub competency: Option<String>,
    #[schema(format = Date)]
    pub anniversary_date: Option<String>,
    pub unmet: Vec<RequirementId>,
    pub recommended: Option<Recommendation>,
    pub reasons: Vec<String>,
    pub upgrade: bool,
    pub order_id: Option<i64>,
    pub membership_id: Option<i64>,
    pub payment_method: Option<PaymentMethod>,
    pub fee: Option<Money>,
    pub discount: Option<Money>,
    pub amount_due: Option<Money>,
    pub currency: Option<String>,
    #[schema(format = Date)]
    pub expires_on: Option<String>,
    pub marketplace_access_case: Option<i64>,
    pub next_step: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MembershipStatus {
    Active,
    Lapsed,
    Upgraded,
    Refunded,
}

/// A partner's learning membership.
#[derive(Debug, Serialize, ToSchema)]
pub struct Membership {
    pub id: i64,
    pub partner_id: String,
    pub option: LearningOption,
    pub competency: Option<String>,
    #[schema(format = Date)]
    pub started_on: String,
    #[schema(format = Date)]
    pub anniversary_date: String,
    pub status: MembershipStatus,
    #[schema(format = Date)]
    pub ended_on: Option<String>,
    pub refund_forfeited: bool,
    #[schema(format = Date)]
    pub marketplace_access_on: Option<String>,
}

/// A partner's memberships in every status.
#[derive(Debug, Serialize, ToSchema)]
pub struct Memberships {
    pub partner_id: String,
    pub memberships: Vec<Membership>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrderPurpose {
    Enrollment,
    Renewal,
    Upgrade,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    PendingPayment,
    Paid,
    Expired,
    Refunded,
}

/// An order.
#[derive(Debug, Serialize, ToSchema)]
pub struct Order {
    pub id: i64,
    pub partner_id: String,
    pub purpose: OrderPurpose,
    pub option: LearningOption,
    pub competency: Option<String>,
    pub membership_id: Option<i64>,
    pub fee: Money,
    pub discount: Money,
    pub payment_method: PaymentMethod,
    pub status: OrderStatus,
    #[schema(format = Date)]
    pub created_on: String,
    #[schema(format = Date)]
    pub expires_on: String,
    #[schema(format = Date)]
    pub paid_on: Option<String>,
    #[schema(format = Date)]
    pub refunded_on: Option<String>,
    pub created_by: String,
    pub guidelines_version: Option<String>,
}

/// A partner's orders, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct Orders {
    pub partner_id: String,
    pub orders: Vec<Order>,
}

/// What confirming a payment did.
#[derive(Debug, Serialize, ToSchema)]
pub struct Confirmed {
    #[serde(flatten)]
    pub order: Order,
    /// R5: the account-profile-setup case a paid Action Pack opened.
    pub marketplace_access_case: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProofStatus {
    Submitted,
    Accepted,
    Rejected,
}

/// An operator's decision on a proof.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProofDecision {
    pub by: String,
    #[schema(format = DateTime)]
    pub at: String,
    pub reason: Option<String>,
}

/// A stored proof of payment, without its content.
#[derive(Debug, Serialize, ToSchema)]
pub struct PaymentProofMeta {
    pub id: i64,
    pub order_id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: u64,
    pub sha256: String,
    #[schema(format = DateTime)]
    pub uploaded_at: String,
    pub uploaded_by: String,
    pub status: ProofStatus,
    pub decision: Option<ProofDecision>,
}

/// The raw bytes of a proof of payment (PDF, PNG or JPEG), at most 5 MiB (R29).
#[derive(Debug, ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct ProofFile(pub Vec<u8>);

// ---------------------------------------------------------------------------------------------
// The partner's users (R1)

/// A role in a partner organization (R1).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PartnerRole {
    MpnPartnerAdmin,
    AccountAdmin,
    Member,
}

/// One role a user holds on the partner.
#[derive(Debug, Serialize, ToSchema)]
pub struct PartnerUser {
    #[schema(example = "admin@example.com")]
    pub email: String,
    pub role: PartnerRole,
    /// When the user was created (signed up, invited or added by an operator).
    #[schema(format = DateTime)]
    pub created_at: String,
    /// Invited and no password chosen yet.
    pub invitation_pending: bool,
}

/// The users holding a role on the partner, one entry per role, by e-mail.
#[derive(Debug, Serialize, ToSchema)]
pub struct PartnerUsers {
    pub partner_id: String,
    pub users: Vec<PartnerUser>,
}
