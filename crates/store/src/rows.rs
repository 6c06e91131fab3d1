//! Row types: what the store takes and returns, in domain types, never driver types.

use jiff::Timestamp;
use jiff::civil::Date;
use lpc_domain::access::RoleGrant;
use lpc_domain::calendar::MonthSpan;
use lpc_domain::eligibility::HeldMembership;
use lpc_domain::invoice::DocumentType;
use lpc_domain::points::{KpiPoints, Money};
use lpc_domain::{CountryCode, Email, LearningOption, MpnId, PartnerName};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::StoreError;

/// A partner organization to register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPartner {
    pub mpn_id: MpnId,
    pub name: PartnerName,
    pub country: CountryCode,
    /// The organization's contact on file: who program invitations go to (R31).
    pub contact_email: Option<Email>,
    /// Whether the program knows who the organization belongs to (R31): `Verified` when the
    /// program registers it, `Unverified` when someone signs up for it.
    pub verification: Verification,
}

/// A registered partner organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Partner {
    pub mpn_id: MpnId,
    pub name: PartnerName,
    pub country: CountryCode,
    pub registered_at: Timestamp,
    /// The organization's contact on file (R31), if the program has one.
    pub contact_email: Option<Email>,
    pub verification: Verification,
}

impl Partner {
    /// Whether the program knows who the organization belongs to (R31).
    pub fn is_verified(&self) -> bool {
        self.verification == Verification::Verified
    }
}

/// A user to create, with the password already hashed (Argon2id PHC string) by `app`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    pub email: Email,
    pub password_hash: String,
    pub grants: Vec<RoleGrant>,
    /// False when the address still has to be confirmed by a link (R31): a sign-up, or an
    /// invitation (whose link confirms it).
    pub email_confirmed: bool,
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
    /// When the user proved the address is theirs (a link mailed to it); `None`: the user
    /// cannot sign in yet (R31).
    pub email_confirmed_at: Option<Timestamp>,
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

/// Declares an enum stored as text: `as_str` gives the stored (and JSON) name, `parse` reads
/// it back, so that the database CHECK lists, serde and the code name each value once.
macro_rules! stored_enum {
    (
        $(#[$meta:meta])*
        $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The name stored in the database and written in JSON.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// The value [`as_str`](Self::as_str) names, if `text` is one.
            pub fn parse(text: &str) -> Option<Self> {
                match text {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// How messages name an option: `silver in security`, `action_pack`.
pub fn describe_option(option: LearningOption, competency: Option<&str>) -> String {
    match competency {
        Some(c) => format!("{option} in {c}"),
        None => option.as_str().to_owned(),
    }
}

stored_enum! {
    /// Whether the program knows who an organization belongs to (R31). Only a verified
    /// organization sees its invoices, KPI rows and revenue, and may enroll or pay.
    Verification {
        /// Registered by the program, approved by an operator, or joined through the
        /// program's invitation to its contact on file.
        Verified => "verified",
        /// Signed up for by someone the program does not know yet: a claim waiting for an
        /// operator.
        Unverified => "unverified",
        /// A claim an operator refused: nobody holds a role in it, and its MPN ID may be
        /// claimed again.
        Rejected => "rejected",
    }
}

/// A pending claim (R31) as the console's queue shows it: the organization, who claims it,
/// and what the program already holds for its MPN ID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Claim {
    pub partner: Partner,
    /// The users holding a role in it (normally the one who signed up), and whether each
    /// confirmed their address.
    pub claimants: Vec<Claimant>,
    /// Invoice lines stored for the MPN ID (R16), committed imports only.
    pub invoice_lines: u64,
    /// The first and last month of those lines, `YYYY-MM`.
    pub invoice_months: Option<(String, String)>,
}

/// Someone holding a role in a claimed organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Claimant {
    pub email: Email,
    pub email_confirmed: bool,
}

stored_enum! {
    /// Where a membership stands. Only `Active` gives benefits; the others are history.
    MembershipStatus {
        /// Paid and not ended: between purchase and lapse (R28).
        Active => "active",
        /// Not renewed within 30 days of its anniversary (R28).
        Lapsed => "lapsed",
        /// A silver membership replaced by gold with the R11 discount.
        Upgraded => "upgraded",
        /// Its fee was given back (R30).
        Refunded => "refunded",
    }
}

/// A partner's learning membership (R3): one option, in one competency for silver and gold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Membership {
    pub id: i64,
    pub partner_id: MpnId,
    pub option: LearningOption,
    /// `None` for the Action Pack (stored as `''`, so that one unique index covers all options).
    pub competency: Option<String>,
    pub started_on: Date,
    /// The current anniversary; renewing moves it one year on (R28).
    pub anniversary_date: Date,
    pub status: MembershipStatus,
    /// When it stopped being active (lapse, upgrade, refund); `None` while active.
    pub ended_on: Option<Date>,
    /// R11: upgrading to gold with the discount forfeits the refund of this silver fee.
    pub refund_forfeited: bool,
    /// R5: the day the account-profile-setup case granted Courseware Marketplace access.
    pub marketplace_access_on: Option<Date>,
}

impl Membership {
    /// The membership as the eligibility and entitlement rules see it, if it is active.
    pub fn to_held(&self) -> Option<HeldMembership> {
        (self.status == MembershipStatus::Active).then(|| HeldMembership {
            option: self.option,
            competency: self.competency.clone(),
            anniversary_date: self.anniversary_date,
        })
    }
}

stored_enum! {
    /// What an order buys.
    OrderPurpose {
        /// A new membership (R3, R8, R9).
        Enrollment => "enrollment",
        /// One more year of an active membership (R28).
        Renewal => "renewal",
        /// Gold replacing silver in the same competency, with the discount (R11).
        Upgrade => "upgrade",
    }
}

stored_enum! {
    /// Where an order's payment stands (R29, R30).
    OrderStatus {
        /// Waiting for the card payment or for an operator to confirm the bank transfer.
        PendingPayment => "pending_payment",
        Paid => "paid",
        /// Unpaid on its expiry date (R29).
        Expired => "expired",
        /// Paid, then refunded (R30).
        Refunded => "refunded",
    }
}

stored_enum! {
    /// How a fee is paid (R29).
    PaymentMethod {
        /// Active at once.
        Card => "card",
        /// Active once an operator accepts the uploaded proof of payment.
        BankTransfer => "bank_transfer",
    }
}

/// An order to store, as the app computed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrder {
    pub partner_id: MpnId,
    pub purpose: OrderPurpose,
    /// What is bought: for an upgrade, gold.
    pub option: LearningOption,
    pub competency: Option<String>,
    /// The membership a renewal renews, or the silver one an upgrade replaces; `None` for an
    /// enrollment.
    pub membership_id: Option<i64>,
    /// The list fee of the option.
    pub fee: Money,
    /// What is taken off the fee (R11), in the fee's currency; zero when none.
    pub discount: Money,
    pub payment_method: PaymentMethod,
    pub created_on: Date,
    /// The first day the order can no longer be paid (R29).
    pub expires_on: Date,
    /// Who placed it (`user:<email>`, `cli:<user>`), as in the audit log.
    pub created_by: String,
    /// R8: the Performance Guidelines version accepted with it.
    pub guidelines_version: Option<String>,
}

impl NewOrder {
    /// Refuses an order no backend should store: amounts that do not add up, a competency
    /// that does not fit the option, a purpose without the membership it concerns. These are
    /// the app's mistakes, reported before anything is written.
    pub fn check(&self) -> Result<(), StoreError> {
        let bad = |why: String| Err(StoreError::Conflict(format!("order refused: {why}")));
        if self.discount.currency != self.fee.currency {
            return bad(format!(
                "the discount is in {}, the fee in {}",
                self.discount.currency, self.fee.currency
            ));
        }
        if self.fee.minor < 0 || self.discount.minor < 0 || self.discount.minor > self.fee.minor {
            return bad(format!(
                "a discount of {} on a fee of {}",
                self.discount, self.fee
            ));
        }
        if self.option.has_competency() != self.competency.as_deref().is_some_and(|c| !c.is_empty())
        {
            return bad(format!(
                "{} {} a competency",
                self.option,
                if self.option.has_competency() {
                    "needs"
                } else {
                    "has no"
                }
            ));
        }
        if self.expires_on <= self.created_on {
            return bad(format!(
                "it expires on {}, not after its creation on {}",
                self.expires_on, self.created_on
            ));
        }
        match (self.purpose, self.membership_id) {
            (OrderPurpose::Enrollment, Some(id)) => {
                bad(format!("an enrollment names membership {id}"))
            }
            (OrderPurpose::Renewal | OrderPurpose::Upgrade, None) => {
                bad(format!("a {} names no membership", self.purpose))
            }
            (OrderPurpose::Upgrade, Some(_)) if self.option != LearningOption::Gold => {
                bad(format!("an upgrade buys gold, not {}", self.option))
            }
            _ => Ok(()),
        }
    }
}

/// A stored order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Order {
    pub id: i64,
    pub partner_id: MpnId,
    pub purpose: OrderPurpose,
    pub option: LearningOption,
    pub competency: Option<String>,
    /// Before payment, the membership a renewal or upgrade concerns; once paid, the membership
    /// the payment bought or renewed (for an upgrade, the new gold one).
    pub membership_id: Option<i64>,
    pub fee: Money,
    pub discount: Money,
    pub payment_method: PaymentMethod,
    pub status: OrderStatus,
    pub created_on: Date,
    pub expires_on: Date,
    pub paid_on: Option<Date>,
    pub refunded_on: Option<Date>,
    pub created_by: String,
    pub guidelines_version: Option<String>,
}

impl Order {
    /// What the partner pays: the fee less the discount.
    pub fn amount_due(&self) -> Money {
        Money::new(self.fee.minor - self.discount.minor, self.fee.currency)
    }
}

/// What paying an order does to memberships, computed by the app and applied by the store
/// in the payment's transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderEffect {
    /// An enrollment: a new active membership. Refused (`Conflict`) while the partner holds an
    /// active one of the same option and competency.
    StartMembership {
        option: LearningOption,
        competency: Option<String>,
        started_on: Date,
        anniversary_date: Date,
    },
    /// A renewal: the active membership's anniversary moves on (R28).
    Renew {
        membership_id: i64,
        new_anniversary_date: Date,
    },
    /// R11: the active silver membership ends as `upgraded` (its refund forfeited) and a gold
    /// one in the same competency starts.
    Upgrade {
        from_membership_id: i64,
        started_on: Date,
        anniversary_date: Date,
    },
}

impl OrderEffect {
    /// The purpose of the orders this effect pays for.
    pub fn purpose(&self) -> OrderPurpose {
        match self {
            Self::StartMembership { .. } => OrderPurpose::Enrollment,
            Self::Renew { .. } => OrderPurpose::Renewal,
            Self::Upgrade { .. } => OrderPurpose::Upgrade,
        }
    }

    /// Refuses (`Conflict`) an effect that does not belong to the order it would pay: another
    /// purpose, option, competency or membership than the order names.
    pub fn check_fits(
        &self,
        purpose: OrderPurpose,
        option: LearningOption,
        competency: Option<&str>,
        membership_id: Option<i64>,
    ) -> Result<(), StoreError> {
        let fits = self.purpose() == purpose
            && match self {
                Self::StartMembership {
                    option: o,
                    competency: c,
                    ..
                } => *o == option && c.as_deref() == competency,
                Self::Renew {
                    membership_id: m, ..
                }
                | Self::Upgrade {
                    from_membership_id: m,
                    ..
                } => membership_id.is_none_or(|id| id == *m),
            };
        if fits {
            Ok(())
        } else {
            Err(StoreError::Conflict(format!(
                "the payment's effect {self:?} does not fit a {purpose} order of {}",
                describe_option(option, competency)
            )))
        }
    }
}

stored_enum! {
    /// Where an uploaded proof of a bank transfer stands (R29).
    ProofStatus {
        /// Waiting for an operator; at most one per order.
        Submitted => "submitted",
        /// The operator confirmed the payment (the order was settled).
        Accepted => "accepted",
        /// The operator refused it; the partner may upload another.
        Rejected => "rejected",
    }
}

/// A proof of payment to store with a bank-transfer order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPaymentProof {
    pub file_name: String,
    pub content_type: String,
    pub content: Vec<u8>,
    /// Who uploaded it, as in the audit log.
    pub uploaded_by: String,
}

impl NewPaymentProof {
    /// The SHA-256 of the content, hex: stored beside it so that an operator can tell that the
    /// file downloaded is the file uploaded.
    pub fn sha256_hex(&self) -> String {
        hex::encode(Sha256::digest(&self.content))
    }
}

/// An operator's decision on a proof of payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProofDecision {
    pub by: String,
    pub at: Timestamp,
    /// Why it was rejected; `None` when accepted.
    pub reason: Option<String>,
}

/// A stored proof of payment without its content, for listings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaymentProofMeta {
    pub id: i64,
    pub order_id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: u64,
    pub sha256: String,
    pub uploaded_at: Timestamp,
    pub uploaded_by: String,
    pub status: ProofStatus,
    /// `None` while submitted.
    pub decision: Option<ProofDecision>,
}

stored_enum! {
    /// The kinds of Partner Frontline Support cases.
    CaseKind {
        /// R22: the partner's dashboard disagrees with its invoices.
        KpiDiscrepancy => "kpi_discrepancy",
        /// R5: the second step of activating the Action Pack.
        AccountProfileSetup => "account_profile_setup",
        /// R27: the partner is missing from the Learning Partner directory.
        DirectoryMissing => "directory_missing",
    }
}

stored_enum! {
    /// Where a support case stands; `Resolved` and `Rejected` are final.
    CaseState {
        Open => "open",
        /// The agent asked the partner for something (e.g. an actual invoice, R13).
        WaitingOnPartner => "waiting_on_partner",
        Resolved => "resolved",
        Rejected => "rejected",
    }
}

impl CaseState {
    /// Whether the case is decided and can no longer change.
    pub fn is_final(self) -> bool {
        matches!(self, Self::Resolved | Self::Rejected)
    }
}

/// A support case to open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCase {
    pub partner_id: MpnId,
    pub kind: CaseKind,
    /// Who opened it, as in the audit log.
    pub opened_by: String,
    /// The case kind's fields (R22's seven, R27's three), as the app validated them.
    pub details: serde_json::Value,
    /// For an account-profile-setup case: the Action Pack membership it activates (R5).
    pub membership_id: Option<i64>,
    /// A file given with the case (R13: the invoice a discrepancy is about), stored in the
    /// case's transaction.
    pub attachment: Option<NewCaseAttachment>,
}

/// A file a partner gives a support case: the invoice of a KPI discrepancy (R13), a PDF,
/// PNG or JPEG checked as proofs of payment are (R29).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCaseAttachment {
    pub file_name: String,
    pub content_type: String,
    pub content: Vec<u8>,
    /// Who uploaded it, as in the audit log.
    pub uploaded_by: String,
}

impl NewCaseAttachment {
    /// The SHA-256 of the content, hex, stored beside it (as for proofs of payment).
    pub fn sha256_hex(&self) -> String {
        hex::encode(Sha256::digest(&self.content))
    }
}

/// A stored case attachment, without its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseAttachment {
    pub id: i64,
    pub case_id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: u64,
    pub sha256: String,
    pub uploaded_at: Timestamp,
    pub uploaded_by: String,
}

/// A stored support case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SupportCase {
    pub id: i64,
    pub partner_id: MpnId,
    pub kind: CaseKind,
    pub state: CaseState,
    pub opened_by: String,
    pub opened_at: Timestamp,
    pub details: serde_json::Value,
    /// The agent's message with the last change of state.
    pub decision_message: Option<String>,
    /// Who made the last change of state, and when (R22: who decided what).
    pub decided_by: Option<String>,
    pub decided_at: Option<Timestamp>,
    pub membership_id: Option<i64>,
}

/// A change of a case's state, with what resolving it writes in the same transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseStateChange {
    pub state: CaseState,
    pub message: Option<String>,
    pub decided_by: String,
    /// R22: the KPI adjustment an accepted discrepancy case adds (only when resolving a
    /// `kpi_discrepancy` case).
    pub adjustment: Option<NewKpiAdjustment>,
    /// R5: the membership id and day from which resolving an `account_profile_setup` case
    /// grants Courseware Marketplace access.
    pub grant_access: Option<(i64, Date)>,
}

impl CaseStateChange {
    /// Refuses (`Conflict`) a change the case cannot take: any change of a decided case, an
    /// adjustment other than with a resolved discrepancy case (R22), a marketplace grant other
    /// than with a resolved account-profile-setup case (R5).
    pub fn check(&self, case: &SupportCase) -> Result<(), StoreError> {
        let id = case.id;
        if case.state.is_final() {
            return Err(StoreError::Conflict(format!(
                "case {id} is already {}: its decision stands",
                case.state
            )));
        }
        let resolving = self.state == CaseState::Resolved;
        if self.adjustment.is_some() && !(resolving && case.kind == CaseKind::KpiDiscrepancy) {
            return Err(StoreError::Conflict(format!(
                "a KPI adjustment comes only with resolving a kpi_discrepancy case (case {id} is \
                 a {} case being set {})",
                case.kind, self.state
            )));
        }
        if self.grant_access.is_some() && !(resolving && case.kind == CaseKind::AccountProfileSetup)
        {
            return Err(StoreError::Conflict(format!(
                "marketplace access comes only with resolving an account_profile_setup case \
                 (case {id} is a {} case being set {})",
                case.kind, self.state
            )));
        }
        Ok(())
    }
}

/// A comment on a support case, by the partner or an agent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseComment {
    pub id: i64,
    pub case_id: i64,
    pub author: String,
    pub at: Timestamp,
    pub body: String,
}

/// A KPI adjustment to add with a resolved discrepancy case (R22): one line of R21's seven
/// fields. The partner is the case's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewKpiAdjustment {
    pub year: i16,
    pub month: i8,
    pub omlp_type: String,
    pub invoice_number: String,
    pub purchase_units: i64,
    pub kpi: KpiPoints,
    pub revenue: Money,
    pub created_on: Date,
}

/// A stored KPI adjustment; the next publication includes it and sets `published_on` (R22).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KpiAdjustment {
    pub id: i64,
    pub case_id: i64,
    pub partner_id: MpnId,
    pub year: i16,
    pub month: i8,
    pub omlp_type: String,
    pub invoice_number: String,
    pub purchase_units: i64,
    pub kpi: KpiPoints,
    pub revenue: Money,
    pub created_on: Date,
    pub published_on: Option<Date>,
}

/// An e-mail to send, written in the transaction-free outbox so that a mail server being down
/// never fails the change that caused the mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOutboxMessage {
    /// Names the mail's cause (`order:42:paid`): enqueuing the same key twice sends once.
    pub dedup_key: String,
    pub to: Email,
    pub subject: String,
    pub body: String,
    pub created_at: Timestamp,
}

/// A mail in the outbox, sent or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutboxMessage {
    pub id: i64,
    pub dedup_key: String,
    pub to: Email,
    pub subject: String,
    pub body: String,
    pub created_at: Timestamp,
    pub sent_at: Option<Timestamp>,
    /// Failed sending attempts so far.
    pub attempts: u32,
    pub last_error: Option<String>,
}

/// A web session, shared by every server on the same database: an opaque id, the session's
/// data as JSON text (the web layer's business) and when it expires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSession {
    pub id: String,
    pub data: String,
    pub expires_at: Timestamp,
}

/// An API token being stored: the digest, never the token.
#[derive(Debug, Clone, Copy)]
pub struct NewApiToken<'a> {
    pub user_id: i64,
    pub sha256: &'a str,
    pub label: &'a str,
    pub last_four: &'a str,
    pub expires_at: Timestamp,
}

/// An API token as its owner's settings page lists it: never the token itself, only its
/// digest (to revoke it by) and its last four characters (to recognise it by).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiTokenInfo {
    pub token_sha256: String,
    pub label: String,
    /// The token's last four characters; empty for tokens created before they were kept.
    pub last_four: String,
    pub created_at: Timestamp,
    /// From then on the token authenticates nobody (chosen at creation).
    pub expires_at: Timestamp,
    /// When it last authenticated a request, to the hour; `None` if never.
    pub last_used_at: Option<Timestamp>,
}

/// One import run from the operator console (`/ops/imports`), kept in the import history
/// whether it was stored or refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportRecord {
    /// The console's job id.
    pub id: String,
    /// `invoices`, `trainers` or `exams`.
    pub kind: String,
    pub file_name: String,
    pub started_at: Timestamp,
    pub finished_at: Timestamp,
    /// Who ran it (the audit log's actor name).
    pub by: String,
    /// `done` (stored) or `failed` (refused: nothing stored).
    pub state: String,
    /// Data rows read.
    pub rows: u64,
    /// Rows newly stored (or updated).
    pub stored: u64,
    /// Rows already stored with the same values.
    pub unchanged: u64,
    pub invoices: u64,
    pub credit_notes: u64,
    pub partners: u64,
    /// Rows refused.
    pub refused: u64,
}

/// A publication as its history lists it: the frozen header and who published it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicationRecord {
    pub publication: Publication,
    /// The actor of its `publication.publish` audit event; `None` when there is none.
    pub published_by: Option<String>,
}

/// One role a user holds on a partner, as the partner's users list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartnerUserRow {
    pub email: Email,
    pub role: lpc_domain::Role,
    /// When the user was created (signed up, invited or added by an operator).
    pub created_at: Timestamp,
    /// Invited and no password chosen yet: a `user.invited` audit event names the user and
    /// none of the user's reset or invitation links has been used (using one is the only way
    /// a stored password changes). An invited user's stored hash is of a random secret, so the
    /// hash alone cannot tell.
    pub invitation_pending: bool,
}
