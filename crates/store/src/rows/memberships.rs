//! The rows of memberships, orders and payment (R3, R5, R11, R28-R30): memberships and their
//! status, orders and what paying them does, and proofs of bank transfers.

use jiff::Timestamp;
use jiff::civil::Date;
use lpc_domain::eligibility::HeldMembership;
use lpc_domain::points::Money;
use lpc_domain::{LearningOption, MpnId};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::StoreError;

/// How messages name an option: `silver in security`, `action_pack`.
pub fn describe_option(option: LearningOption, competency: Option<&str>) -> String {
    match competency {
        Some(c) => format!("{option} in {c}"),
        None => option.as_str().to_owned(),
    }
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
