//! The JSON shapes of the API's answers, as OpenAPI schemas.
//!
//! Two kinds live here:
//! - **The API's own answer types**, built from the records the use cases return (`From`
//!   impls beside each): cases, memberships, orders, proofs, guidelines acceptances, the
//!   partner's users. The API never sends a store row: a change to a row changes the API only
//!   through a conversion written here. Their fields keep the domain's values (dates, money,
//!   points), so that each is formatted once, by its serializer.
//! - **Mirrors** of the `Serialize` types of `lpc-app` and `lpc-domain` that the API sends as
//!   they are (the KPI report, eligibility, enrollment answers), so that the domain and the use
//!   cases stay free of web concerns (DESIGN.md: the domain uses only std, serde, jiff,
//!   thiserror). Only their schemas are used.
//!
//! `tests/openapi.rs` checks that a real answer of each kind has exactly the properties its
//! schema lists, and that each answer type writes the JSON its record always did.
//!
//! # Layout
//! - this file: problems, money, months and the enums many answers share;
//! - [`kpi`]: the KPI report (R17, R21) and invoice imports (R12, R13);
//! - [`eligibility`]: eligibility (R3..R10), entitlements (R6), guidelines acceptances (R8);
//! - [`forecast`]: the renewal forecast (R14, R17, R19, R23);
//! - [`cases`]: support cases (R5, R13, R22, R27);
//! - [`orders`]: enrollments, memberships, orders and proofs (R1..R11, R28..R30);
//! - [`partner_users`]: the partner's users (R1).
//!
//! Conventions: dates are `YYYY-MM-DD` strings, instants RFC 3339 strings, months `YYYY-MM`,
//! MPN IDs strings of digits, money `{"amount": "1250.00", "currency": "USD"}`, KPI points
//! JSON numbers (integers when whole, up to three decimals otherwise).

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

/// A mirror of a store enum the API sends, with its conversion: `mirror_enum!(views::X => X
/// { A, B })` declares `X` with the same variants (snake_case in JSON, as the store's).
macro_rules! mirror_enum {
    ($from:path => $name:ident { $($variant:ident),+ $(,)? }) => {
        #[derive(Debug, Clone, Copy, serde::Serialize, utoipa::ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($variant),+
        }

        impl From<$from> for $name {
            fn from(value: $from) -> Self {
                type Source = $from;
                match value {
                    $(Source::$variant => Self::$variant),+
                }
            }
        }
    };
}

mod cases;
mod eligibility;
mod forecast;
mod kpi;
mod orders;
mod partner_users;

pub use cases::*;
pub use eligibility::*;
pub use forecast::*;
pub use kpi::*;
pub use orders::*;
pub use partner_users::*;
