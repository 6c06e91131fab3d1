//! [`MembershipStore`] for every SQL [`Backend`]: each method runs the shared SQL of `crate::sql`.

use crate::audit::AuditDraft;
use crate::error::StoreError;
use crate::rows::{
    Membership, NewOrder, NewPaymentProof, Order, OrderEffect, OrderStatus, PaymentProofMeta,
};
use async_trait::async_trait;
use jiff::civil::Date;
use lpc_domain::MpnId;

use crate::sql::Backend;
use crate::store::MembershipStore;

#[async_trait]
impl<B: Backend> MembershipStore for B {
    async fn create_order(
        &self,
        order: &NewOrder,
        pay_now: Option<(Date, OrderEffect)>,
        audit: &AuditDraft,
    ) -> Result<Order, StoreError> {
        crate::sql::orders::create(self, order, pay_now, audit).await
    }

    async fn settle_order(
        &self,
        order_id: i64,
        paid_on: Date,
        effect: OrderEffect,
        audit: &AuditDraft,
    ) -> Result<Order, StoreError> {
        crate::sql::orders::settle(self, order_id, paid_on, effect, audit).await
    }

    async fn reject_payment_proof(
        &self,
        order_id: i64,
        reason: &str,
        audit: &AuditDraft,
    ) -> Result<(), StoreError> {
        crate::sql::proofs::reject(self, order_id, reason, audit).await
    }

    async fn attach_payment_proof(
        &self,
        order_id: i64,
        proof: &NewPaymentProof,
        audit: &AuditDraft,
    ) -> Result<PaymentProofMeta, StoreError> {
        crate::sql::proofs::attach(self, order_id, proof, audit).await
    }

    async fn payment_proofs(&self, order_id: i64) -> Result<Vec<PaymentProofMeta>, StoreError> {
        crate::sql::proofs::of_order(self, order_id).await
    }

    async fn payment_proof_content(
        &self,
        proof_id: i64,
    ) -> Result<Option<(PaymentProofMeta, Vec<u8>)>, StoreError> {
        crate::sql::proofs::content(self, proof_id).await
    }

    async fn order(&self, id: i64) -> Result<Option<Order>, StoreError> {
        crate::sql::orders::get(self, id).await
    }

    async fn orders_of(&self, partner: MpnId) -> Result<Vec<Order>, StoreError> {
        crate::sql::orders::of_partner(self, partner).await
    }

    async fn orders_with_status(&self, status: OrderStatus) -> Result<Vec<Order>, StoreError> {
        crate::sql::orders::with_status(self, status).await
    }

    async fn expire_orders(
        &self,
        today: Date,
        audit: &AuditDraft,
    ) -> Result<Vec<Order>, StoreError> {
        crate::sql::orders::expire(self, today, audit).await
    }

    async fn refund_order(
        &self,
        order_id: i64,
        refunded_on: Date,
        audit: &AuditDraft,
    ) -> Result<Order, StoreError> {
        crate::sql::orders::refund(self, order_id, refunded_on, audit).await
    }

    async fn memberships_of(&self, partner: MpnId) -> Result<Vec<Membership>, StoreError> {
        crate::sql::memberships::of_partner(self, partner).await
    }

    async fn membership(&self, id: i64) -> Result<Option<Membership>, StoreError> {
        crate::sql::memberships::get(self, id).await
    }

    async fn active_memberships_due(&self, until: Date) -> Result<Vec<Membership>, StoreError> {
        crate::sql::memberships::due(self, until).await
    }

    async fn lapse_membership(
        &self,
        id: i64,
        on: Date,
        audit: &AuditDraft,
    ) -> Result<Membership, StoreError> {
        crate::sql::memberships::lapse(self, id, on, audit).await
    }

    async fn grant_marketplace_access(
        &self,
        membership_id: i64,
        on: Date,
        audit: &AuditDraft,
    ) -> Result<Membership, StoreError> {
        crate::sql::memberships::grant_access(self, membership_id, on, audit).await
    }
}
