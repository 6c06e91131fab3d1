//! What the operators' program overview and partner search read (issue 7): counts computed
//! inside the database, so that they stay fast with a hundred thousand partners, and the
//! queries that page through partners and a partner's audit trail.

use jiff::civil::Date;
use lpc_domain::{LearningOption, MpnId};
use serde::Serialize;

use crate::rows::CaseKind;

/// Partners holding an active membership of one option (a partner holding silver in two
/// competencies counts once).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TierCount {
    pub option: LearningOption,
    pub partners: u64,
}

/// Active silver and gold memberships of one competency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CompetencyCount {
    pub competency: String,
    pub silver: u64,
    pub gold: u64,
}

/// Registered partners of one country, and how many of them hold an active membership.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CountryCount {
    /// ISO 3166-1 alpha-2, as stored.
    pub country: String,
    pub partners: u64,
    pub active: u64,
}

/// Cases not yet decided (open or waiting on the partner), of one kind, opened on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpenCasesOn {
    pub kind: CaseKind,
    /// The UTC day the cases were opened.
    pub opened_on: Date,
    pub cases: u64,
}

/// The counts of the program overview, each one `GROUP BY` in the database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProgramCounts {
    /// Registered partners.
    pub partners: u64,
    /// By option, in the order action pack, silver, gold; options nobody holds are left out.
    pub by_tier: Vec<TierCount>,
    /// By competency id.
    pub by_competency: Vec<CompetencyCount>,
    /// By number of partners, most first (ties by country code).
    pub by_country: Vec<CountryCount>,
    /// Undecided cases by kind and day opened, oldest day first.
    pub open_cases: Vec<OpenCasesOn>,
}

/// How partners are searched: every given criterion must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartnerQuery {
    /// Exactly this MPN ID.
    pub mpn_id: Option<MpnId>,
    /// A part of the name, compared case-insensitively.
    pub name: Option<String>,
    /// An ISO country code (upper case).
    pub country: Option<String>,
}

/// Which audit events a trail shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditTrailFilter {
    /// Events about the partner itself, its users (`user:<email>` of a user holding a role in
    /// it), its memberships, orders and cases.
    Partner(MpnId),
    /// Events of one action (`invoices.import`).
    Action(String),
}

/// Anniversaries counted in the days after a day (R28).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AnniversaryCounts {
    pub within_30: u64,
    pub within_60: u64,
    pub within_90: u64,
}

/// Whether `name` holds `part`, ignoring case: what [`PartnerQuery::name`] means, for
/// backends and tests.
pub fn name_matches(name: &str, part: &str) -> bool {
    name.to_lowercase().contains(&part.to_lowercase())
}

/// `text` with `%`, `_` and `\` escaped for a `LIKE ... ESCAPE '\'` pattern.
pub fn like_escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// The option stored as `text`, for backends reading counts.
pub fn option_of(text: &str) -> Result<LearningOption, crate::StoreError> {
    LearningOption::parse(text)
        .ok_or_else(|| crate::StoreError::corrupt(format!("stored option {text:?}")))
}

/// The case kind stored as `text`, for backends reading counts.
pub fn case_kind_of(text: &str) -> Result<CaseKind, crate::StoreError> {
    CaseKind::parse(text)
        .ok_or_else(|| crate::StoreError::corrupt(format!("stored case kind {text:?}")))
}
