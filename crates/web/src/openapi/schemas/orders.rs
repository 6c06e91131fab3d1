//! Enrollments, memberships, orders and proofs of payment (R1..R11, R28..R30).

use jiff::Timestamp;
use jiff::civil::Date;
use lpc_app::views;
use lpc_domain::{LearningOption as DomainOption, MpnId, points};
use serde::Serialize;
use utoipa::ToSchema;

use super::{LearningOption, Money, Recommendation, RequirementId};

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EnrollmentStatus {
    Active,
    PendingPayment,
    Refused,
}

mirror_enum!(views::PaymentMethod => PaymentMethod { Card, BankTransfer });

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

mirror_enum!(views::MembershipStatus => MembershipStatus {
    Active,
    Lapsed,
    Upgraded,
    Refunded,
});

/// A partner's learning membership.
#[derive(Debug, Serialize, ToSchema)]
pub struct Membership {
    pub id: i64,
    #[schema(value_type = String)]
    pub partner_id: MpnId,
    #[schema(value_type = LearningOption)]
    pub option: DomainOption,
    pub competency: Option<String>,
    #[schema(value_type = String, format = Date)]
    pub started_on: Date,
    #[schema(value_type = String, format = Date)]
    pub anniversary_date: Date,
    pub status: MembershipStatus,
    #[schema(value_type = Option<String>, format = Date)]
    pub ended_on: Option<Date>,
    pub refund_forfeited: bool,
    #[schema(value_type = Option<String>, format = Date)]
    pub marketplace_access_on: Option<Date>,
}

impl From<views::Membership> for Membership {
    fn from(m: views::Membership) -> Self {
        Self {
            id: m.id,
            partner_id: m.partner_id,
            option: m.option,
            competency: m.competency,
            started_on: m.started_on,
            anniversary_date: m.anniversary_date,
            status: m.status.into(),
            ended_on: m.ended_on,
            refund_forfeited: m.refund_forfeited,
            marketplace_access_on: m.marketplace_access_on,
        }
    }
}

/// A partner's memberships in every status.
#[derive(Debug, Serialize, ToSchema)]
pub struct Memberships {
    #[schema(value_type = String)]
    pub partner_id: MpnId,
    pub memberships: Vec<Membership>,
}

mirror_enum!(views::OrderPurpose => OrderPurpose {
    Enrollment,
    Renewal,
    Upgrade,
});

mirror_enum!(views::OrderStatus => OrderStatus {
    PendingPayment,
    Paid,
    Expired,
    Refunded,
});

/// An order.
#[derive(Debug, Serialize, ToSchema)]
pub struct Order {
    pub id: i64,
    #[schema(value_type = String)]
    pub partner_id: MpnId,
    pub purpose: OrderPurpose,
    #[schema(value_type = LearningOption)]
    pub option: DomainOption,
    pub competency: Option<String>,
    pub membership_id: Option<i64>,
    #[schema(value_type = Money)]
    pub fee: points::Money,
    #[schema(value_type = Money)]
    pub discount: points::Money,
    pub payment_method: PaymentMethod,
    pub status: OrderStatus,
    #[schema(value_type = String, format = Date)]
    pub created_on: Date,
    #[schema(value_type = String, format = Date)]
    pub expires_on: Date,
    #[schema(value_type = Option<String>, format = Date)]
    pub paid_on: Option<Date>,
    #[schema(value_type = Option<String>, format = Date)]
    pub refunded_on: Option<Date>,
    pub created_by: String,
    pub guidelines_version: Option<String>,
}

impl From<views::Order> for Order {
    fn from(o: views::Order) -> Self {
        Self {
            id: o.id,
            partner_id: o.partner_id,
            purpose: o.purpose.into(),
            option: o.option,
            competency: o.competency,
            membership_id: o.membership_id,
            fee: o.fee,
            discount: o.discount,
            payment_method: o.payment_method.into(),
            status: o.status.into(),
            created_on: o.created_on,
            expires_on: o.expires_on,
            paid_on: o.paid_on,
            refunded_on: o.refunded_on,
            created_by: o.created_by,
            guidelines_version: o.guidelines_version,
        }
    }
}

/// A partner's orders, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct Orders {
    #[schema(value_type = String)]
    pub partner_id: MpnId,
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

impl From<lpc_app::payments::Confirmed> for Confirmed {
    fn from(c: lpc_app::payments::Confirmed) -> Self {
        Self {
            order: c.order.into(),
            marketplace_access_case: c.marketplace_access_case,
        }
    }
}

mirror_enum!(views::ProofStatus => ProofStatus {
    Submitted,
    Accepted,
    Rejected,
});

/// An operator's decision on a proof.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProofDecision {
    pub by: String,
    #[schema(value_type = String, format = DateTime)]
    pub at: Timestamp,
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
    #[schema(value_type = String, format = DateTime)]
    pub uploaded_at: Timestamp,
    pub uploaded_by: String,
    pub status: ProofStatus,
    pub decision: Option<ProofDecision>,
}

impl From<views::PaymentProofMeta> for PaymentProofMeta {
    fn from(p: views::PaymentProofMeta) -> Self {
        Self {
            id: p.id,
            order_id: p.order_id,
            file_name: p.file_name,
            content_type: p.content_type,
            size_bytes: p.size_bytes,
            sha256: p.sha256,
            uploaded_at: p.uploaded_at,
            uploaded_by: p.uploaded_by,
            status: p.status.into(),
            decision: p.decision.map(|d| ProofDecision {
                by: d.by,
                at: d.at,
                reason: d.reason,
            }),
        }
    }
}

/// The raw bytes of a proof of payment (PDF, PNG or JPEG), at most 5 MiB (R29).
#[derive(Debug, ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct ProofFile(pub Vec<u8>);
