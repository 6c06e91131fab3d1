//! Orders and their payment, and the memberships they buy (R5, R11, R28, R29, R30):
//! the [`MembershipStore`] part of the storage contract.

use crate::audit::AuditDraft;
use crate::error::StoreError;
use crate::rows::{
    Membership, NewOrder, NewPaymentProof, Order, OrderEffect, OrderStatus, PaymentProofMeta,
};
use async_trait::async_trait;
use jiff::civil::Date;
use lpc_domain::MpnId;

/// Orders and their payment, and the memberships they buy (R5, R11, R28, R29, R30).
#[async_trait]
pub trait MembershipStore: Send + Sync {
    /// Stores an order (after [`NewOrder::check`]). With `pay_now` (a card payment) it is
    /// stored already paid on that date and the effect is applied, in the same transaction.
    /// `Conflict` when the partner already has an order awaiting payment for the same option
    /// and competency, when an enrollment or upgrade buys a membership the partner holds
    /// active, when a renewal or upgrade names a membership that is not an active one of the
    /// partner, or when the effect does not fit the order; nothing is then written.
    /// `NotFound` when the partner is not registered.
    async fn create_order(
        &self,
        order: &NewOrder,
        pay_now: Option<(Date, OrderEffect)>,
        audit: &AuditDraft,
    ) -> Result<Order, StoreError>;

    /// Records the payment of a pending order on `paid_on` (before its expiry date), applies
    /// its effect and accepts its submitted proof of payment, if any (decided by the audit
    /// draft's actor, at its time). `Conflict` if the order is not pending, has expired by
    /// `paid_on`, or the effect is refused; `NotFound` if there is no such order.
    async fn settle_order(
        &self,
        order_id: i64,
        paid_on: Date,
        effect: OrderEffect,
        audit: &AuditDraft,
    ) -> Result<Order, StoreError>;

    /// Rejects the order's submitted proof of payment with `reason`; the order stays pending
    /// and the partner may upload another. `Conflict` if no proof is submitted.
    async fn reject_payment_proof(
        &self,
        order_id: i64,
        reason: &str,
        audit: &AuditDraft,
    ) -> Result<(), StoreError>;

    /// Stores a proof of payment for a pending bank-transfer order (R29). `Conflict` if the
    /// order is not a pending bank transfer or a proof already awaits a decision.
    async fn attach_payment_proof(
        &self,
        order_id: i64,
        proof: &NewPaymentProof,
        audit: &AuditDraft,
    ) -> Result<PaymentProofMeta, StoreError>;

    /// An order's proofs of payment, oldest first, without their content.
    async fn payment_proofs(&self, order_id: i64) -> Result<Vec<PaymentProofMeta>, StoreError>;

    /// One proof with its content, for an operator to look at.
    async fn payment_proof_content(
        &self,
        proof_id: i64,
    ) -> Result<Option<(PaymentProofMeta, Vec<u8>)>, StoreError>;

    /// One order, for its page and for the use cases that pay, refund or expire it.
    async fn order(&self, id: i64) -> Result<Option<Order>, StoreError>;

    /// A partner's orders, newest first.
    async fn orders_of(&self, partner: MpnId) -> Result<Vec<Order>, StoreError>;

    /// Every order in `status`, oldest first (e.g. the bank transfers an operator must check).
    async fn orders_with_status(&self, status: OrderStatus) -> Result<Vec<Order>, StoreError>;

    /// R29: every pending order whose expiry date is on or before `today` becomes expired;
    /// returns them. Idempotent: when nothing expires, nothing is written, not even an event.
    async fn expire_orders(
        &self,
        today: Date,
        audit: &AuditDraft,
    ) -> Result<Vec<Order>, StoreError>;

    /// R30: a paid order becomes refunded, and the membership it bought (if still active)
    /// ends as refunded. The app checks the 30 days and that no benefit was used. `Conflict`
    /// if the order is not paid.
    async fn refund_order(
        &self,
        order_id: i64,
        refunded_on: Date,
        audit: &AuditDraft,
    ) -> Result<Order, StoreError>;

    /// A partner's memberships in every status, by start date.
    async fn memberships_of(&self, partner: MpnId) -> Result<Vec<Membership>, StoreError>;

    /// One membership, in any status.
    async fn membership(&self, id: i64) -> Result<Option<Membership>, StoreError>;

    /// Active memberships whose anniversary is on or before `until`, by anniversary then id:
    /// what the renewal job judges (R28).
    async fn active_memberships_due(&self, until: Date) -> Result<Vec<Membership>, StoreError>;

    /// R28: an active membership lapses on `on`. `Conflict` if it is not active.
    async fn lapse_membership(
        &self,
        id: i64,
        on: Date,
        audit: &AuditDraft,
    ) -> Result<Membership, StoreError>;

    /// R5: grants Courseware Marketplace access from `on` to an active membership. Granting
    /// again keeps the first date and writes nothing. `Conflict` if it is not active.
    async fn grant_marketplace_access(
        &self,
        membership_id: i64,
        on: Date,
        audit: &AuditDraft,
    ) -> Result<Membership, StoreError>;
}
