//! Paying, expiring and refunding orders (R29, R30): proofs of bank transfers, their
//! confirmation by an operator, the daily expiry of unpaid orders, and refunds.

use jiff::civil::Date;
use lpc_domain::access::Action;
use lpc_domain::{MpnId, calendar};
use lpc_store::{
    AuditDraft, MembershipStatus, NewPaymentProof, Order, OrderEffect, OrderPurpose, OrderStatus,
    PaymentMethod, PaymentProofMeta, SupportCase,
};
use serde::Serialize;

use crate::{Actor, App, AppError, enrollment};

/// The largest proof of payment accepted: 5 MiB (R29).
pub const MAX_PROOF_BYTES: usize = 5 * 1024 * 1024;

/// Loads an order or says which one does not exist.
async fn order(app: &App, id: i64) -> Result<Order, AppError> {
    app.store()
        .order(id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("there is no order {id}")))
}

/// Loads an order for someone who may manage its partner's memberships (R1) or operates the
/// program. Another partner's order is "not found", exactly as a missing one: answering 403
/// would tell a stranger which order numbers exist (issue 15).
pub async fn order_of(app: &App, actor: &Actor, id: i64) -> Result<Order, AppError> {
    let missing = || AppError::NotFound(format!("there is no order {id}"));
    let found = app.store().order(id).await?.ok_or_else(missing)?;
    let allowed = actor
        .authorize(Action::ManageMemberships(found.partner_id))
        .is_ok()
        || actor.authorize(Action::OperateProgram).is_ok();
    if allowed { Ok(found) } else { Err(missing()) }
}

/// An order's proofs of payment, oldest first, without their content: for the order's page
/// (its partner's users may read it, R1) and the console (operators). Another partner's order
/// is "not found".
pub async fn proofs_of_order(
    app: &App,
    actor: &Actor,
    order_id: i64,
) -> Result<Vec<PaymentProofMeta>, AppError> {
    let missing = || AppError::NotFound(format!("there is no order {order_id}"));
    let found = app.store().order(order_id).await?.ok_or_else(missing)?;
    let allowed = actor
        .authorize(Action::ReadPartner(found.partner_id))
        .is_ok()
        || actor.authorize(Action::OperateProgram).is_ok();
    if !allowed {
        return Err(missing());
    }
    Ok(app.store().payment_proofs(order_id).await?)
}

/// The media type of a proof, told by its first bytes alone: PDF (`%PDF-`), PNG or JPEG.
/// The file name and any declared type are never trusted: a text file named `.pdf` is
/// refused.
pub fn sniff_proof(content: &[u8]) -> Option<&'static str> {
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
    if content.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if content.starts_with(PNG) {
        Some("image/png")
    } else if content.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else {
        None
    }
}

/// The last component of an uploaded file's name, without control characters, at most 200
/// characters: it is shown to operators, never used as a path.
pub(crate) fn clean_file_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = last.chars().filter(|c| !c.is_control()).take(200).collect();
    if cleaned.trim().is_empty() {
        "proof".to_owned()
    } else {
        cleaned
    }
}

/// Refuses a proof larger than [`MAX_PROOF_BYTES`] (R29); adapters call it with the declared
/// or file size before reading the content whole.
pub fn check_proof_size(size: u64) -> Result<(), AppError> {
    if size > MAX_PROOF_BYTES as u64 {
        return Err(AppError::invalid(
            "proof",
            format!(
                "the proof of payment is {size} bytes; at most {MAX_PROOF_BYTES} bytes (5 MiB) \
                 are accepted (R29)"
            ),
        ));
    }
    Ok(())
}

/// Attaches a proof of payment to a pending bank-transfer order (R29), for the partner's
/// admin (R1) or the CLI. At most 5 MiB; a PDF, PNG or JPEG by its content.
pub async fn attach_proof(
    app: &App,
    actor: &Actor,
    order_id: i64,
    file_name: &str,
    content: Vec<u8>,
) -> Result<PaymentProofMeta, AppError> {
    let order = order_of(app, actor, order_id).await?;
    actor.authorize(Action::ManageMemberships(order.partner_id))?;
    check_proof_size(content.len() as u64)?;
    if content.is_empty() {
        return Err(AppError::invalid(
            "proof",
            "the proof of payment is empty (R29)",
        ));
    }
    let Some(content_type) = sniff_proof(&content) else {
        return Err(AppError::invalid(
            "proof",
            "the proof of payment must be a PDF, PNG or JPEG file; its content is none of \
             these, whatever its name says (R29)",
        ));
    };
    if order.payment_method != PaymentMethod::BankTransfer {
        return Err(AppError::Conflict(format!(
            "order {order_id} is paid by {}: only bank transfers take a proof of payment (R29)",
            order.payment_method
        )));
    }
    check_payable(&order, app.clock().today())?;
    let proof = NewPaymentProof {
        file_name: clean_file_name(file_name),
        content_type: content_type.to_owned(),
        content,
        uploaded_by: actor.audit_name(),
    };
    let audit = AuditDraft::new(
        actor.audit_name(),
        "order.proof.attach",
        format!("order:{order_id}"),
        app.clock().now(),
        serde_json::json!({
            "file_name": proof.file_name,
            "content_type": content_type,
            "size_bytes": proof.content.len(),
            "sha256": proof.sha256_hex(),
        }),
    );
    Ok(app
        .store()
        .attach_payment_proof(order_id, &proof, &audit)
        .await?)
}

/// Refuses paying an order that is not pending or has expired by `today` (R29), saying what
/// it is instead.
fn check_payable(order: &Order, today: Date) -> Result<(), AppError> {
    let id = order.id;
    match order.status {
        OrderStatus::PendingPayment if today < order.expires_on => Ok(()),
        OrderStatus::PendingPayment | OrderStatus::Expired => Err(AppError::invalid(
            "order",
            format!(
                "order {id} expired on {} (unpaid 30 days after {}, R29): place a new order",
                order.expires_on, order.created_on
            ),
        )),
        OrderStatus::Paid => Err(AppError::Conflict(format!(
            "order {id} is already paid (on {}): nothing was done again (R29)",
            order
                .paid_on
                .map_or_else(|| "an earlier day".to_owned(), |d| d.to_string())
        ))),
        OrderStatus::Refunded => Err(AppError::Conflict(format!(
            "order {id} was paid and refunded: it cannot be paid again (R30)"
        ))),
    }
}

/// What confirming a payment did.
#[derive(Debug, Clone, Serialize)]
pub struct Confirmed {
    #[serde(flatten)]
    pub order: Order,
    /// R5: the account-profile-setup case a paid Action Pack opened.
    pub marketplace_access_case: Option<i64>,
}

/// The effect of paying `order` on `paid_on` (R28, R11): an enrollment starts a membership
/// and an upgrade a gold one, each with its anniversary one year after the payment; a renewal
/// moves the renewed membership's anniversary one year on, counted from its start
/// (`anniversary_after(started_on, n + 1)`, so that 29 February memberships do not drift).
async fn effect_of(app: &App, order: &Order, paid_on: Date) -> Result<OrderEffect, AppError> {
    let anniversary_date = calendar::anniversary_after(paid_on, 1);
    match order.purpose {
        OrderPurpose::Enrollment => Ok(OrderEffect::StartMembership {
            option: order.option,
            competency: order.competency.clone(),
            started_on: paid_on,
            anniversary_date,
        }),
        OrderPurpose::Upgrade => Ok(OrderEffect::Upgrade {
            from_membership_id: concerned(order)?,
            started_on: paid_on,
            anniversary_date,
        }),
        OrderPurpose::Renewal => {
            let id = concerned(order)?;
            let membership = app.store().membership(id).await?.ok_or_else(|| {
                AppError::NotFound(format!(
                    "order {} renews membership {id}, not stored",
                    order.id
                ))
            })?;
            Ok(OrderEffect::Renew {
                membership_id: id,
                new_anniversary_date: next_anniversary(
                    membership.started_on,
                    membership.anniversary_date,
                ),
            })
        }
    }
}

/// R28: the anniversary after `current` for a membership started on `started_on`: the
/// `n + 1`-th where `current` is the `n`-th (the first one on or after `current` counts as it).
pub fn next_anniversary(started_on: Date, current: Date) -> Date {
    let mut n: i16 = 1;
    while calendar::anniversary_after(started_on, n) < current && n < i16::MAX - 1 {
        n += 1;
    }
    calendar::anniversary_after(started_on, n + 1)
}

fn concerned(order: &Order) -> Result<i64, AppError> {
    order.membership_id.ok_or_else(|| {
        AppError::Internal(format!(
            "{} order {} names no membership",
            order.purpose, order.id
        ))
    })
}

/// An operator confirms that a bank transfer arrived (R29): the order is paid today and its
/// effect applied, its submitted proof accepted. Refuses an expired order and a second
/// confirmation (nothing is done twice, even when two operators click at once).
pub async fn confirm(app: &App, actor: &Actor, order_id: i64) -> Result<Confirmed, AppError> {
    actor.authorize(Action::OperateProgram)?;
    let today = app.clock().today();
    let pending = order(app, order_id).await?;
    check_payable(&pending, today)?;
    let effect = effect_of(app, &pending, today).await?;
    let audit = AuditDraft::new(
        actor.audit_name(),
        "order.confirm",
        format!("order:{order_id}"),
        app.clock().now(),
        serde_json::json!({
            "partner_id": pending.partner_id,
            "purpose": pending.purpose,
            "amount": pending.amount_due(),
        }),
    );
    let paid = match app
        .store()
        .settle_order(order_id, today, effect, &audit)
        .await
    {
        Ok(paid) => paid,
        Err(lpc_store::StoreError::Conflict(why)) => {
            // Another confirmation may have won the race: say so plainly.
            let now = order(app, order_id).await?;
            check_payable(&now, today)?;
            return Err(AppError::Conflict(why));
        }
        Err(other) => return Err(other.into()),
    };
    let case: Option<SupportCase> = enrollment::after_payment(app, actor, &paid).await?;
    Ok(Confirmed {
        order: paid,
        marketplace_access_case: case.map(|c| c.id),
    })
}

/// An operator rejects the submitted proof of an order with a reason; the order stays
/// pending and the partner may upload another (R29).
pub async fn reject_proof(
    app: &App,
    actor: &Actor,
    order_id: i64,
    reason: &str,
) -> Result<Order, AppError> {
    actor.authorize(Action::OperateProgram)?;
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 1000 {
        return Err(AppError::invalid(
            "reason",
            "say why the proof is rejected, in 1 to 1000 characters (R29)",
        ));
    }
    order(app, order_id).await?;
    let audit = AuditDraft::new(
        actor.audit_name(),
        "order.proof.reject",
        format!("order:{order_id}"),
        app.clock().now(),
        serde_json::json!({ "reason": reason }),
    );
    app.store()
        .reject_payment_proof(order_id, reason, &audit)
        .await?;
    if let Some(rejected) = app.store().order(order_id).await? {
        tell_proof_rejected(app, &rejected, reason).await;
    }
    order(app, order_id).await
}

/// R29: every pending order unpaid 30 days after its creation expires. Run daily by the
/// scheduler (and `lpc orders expire`); idempotent.
pub async fn expire_due(app: &App, actor: &Actor) -> Result<Vec<Order>, AppError> {
    actor.authorize(Action::OperateProgram)?;
    let today = app.clock().today();
    let audit = AuditDraft::new(
        actor.audit_name(),
        "orders.expire",
        "orders",
        app.clock().now(),
        serde_json::json!({ "today": today }),
    );
    Ok(app.store().expire_orders(today, &audit).await?)
}

/// R30: refunds a paid order within 30 days of its payment if no benefit was used, for the
/// partner's admin (R1), an operator or the CLI. The membership it bought ends as refunded.
///
/// What counts as a benefit used: the Courseware Marketplace access of an Action Pack (its
/// account-profile-setup case closed, R5), and a silver membership upgraded to gold with the
/// R11 discount (whose refund is forfeited). Silver and gold memberships give marketplace
/// access from the day they are paid, but that alone is not counted as used: nothing stored
/// tells that the partner bought anything with it.
pub async fn refund(app: &App, actor: &Actor, order_id: i64) -> Result<Order, AppError> {
    // R1: the partner's admins or an operator; anyone else is told there is no such order.
    let paid = order_of(app, actor, order_id).await?;
    let today = app.clock().today();
    let Some(paid_on) = paid.paid_on.filter(|_| paid.status == OrderStatus::Paid) else {
        return Err(AppError::Conflict(format!(
            "order {order_id} is {}: only a paid order can be refunded (R30)",
            paid.status
        )));
    };
    if !calendar::is_refundable_on(paid_on, today) {
        return Err(AppError::invalid(
            "order",
            format!(
                "order {order_id} was paid on {paid_on}: refundable until {} (30 days), not on \
                 {today} (R30)",
                calendar::refund_deadline(paid_on)
            ),
        ));
    }
    if let Some(id) = paid.membership_id
        && let Some(membership) = app.store().membership(id).await?
    {
        if let Some(on) = membership.marketplace_access_on {
            return Err(AppError::invalid(
                "order",
                format!(
                    "order {order_id} is not refundable: a benefit was used, Courseware \
                     Marketplace access was granted on {on} (R5, R30)"
                ),
            ));
        }
        if membership.refund_forfeited || membership.status == MembershipStatus::Upgraded {
            return Err(AppError::invalid(
                "order",
                format!(
                    "order {order_id} is not refundable: the silver membership was upgraded to \
                     gold with the discount, which forfeits its refund (R11, R30)"
                ),
            ));
        }
    }
    let audit = AuditDraft::new(
        actor.audit_name(),
        "order.refund",
        format!("order:{order_id}"),
        app.clock().now(),
        serde_json::json!({
            "partner_id": paid.partner_id,
            "amount": paid.amount_due(),
            "paid_on": paid_on,
        }),
    );
    Ok(app.store().refund_order(order_id, today, &audit).await?)
}

/// A partner's orders, newest first, for anyone who may read the partner.
pub async fn orders_of(app: &App, actor: &Actor, partner: MpnId) -> Result<Vec<Order>, AppError> {
    actor.authorize(Action::ReadPartner(partner))?;
    if app.store().partner(partner).await?.is_none() {
        return Err(AppError::NotFound(format!(
            "partner {partner} is not registered"
        )));
    }
    Ok(app.store().orders_of(partner).await?)
}

/// A bank transfer waiting for an operator (R29): the order and its proofs, oldest first.
#[derive(Debug, Clone, Serialize)]
pub struct PendingTransfer {
    pub order: Order,
    pub proofs: Vec<PaymentProofMeta>,
}

/// R29: every bank-transfer order awaiting payment, oldest first, with its proofs: what an
/// operator checks. Operators only.
pub async fn pending_transfers(app: &App, actor: &Actor) -> Result<Vec<PendingTransfer>, AppError> {
    actor.authorize(Action::OperateProgram)?;
    let mut pending = Vec::new();
    for order in app
        .store()
        .orders_with_status(OrderStatus::PendingPayment)
        .await?
        .into_iter()
        .filter(|o| o.payment_method == PaymentMethod::BankTransfer)
    {
        let proofs = app.store().payment_proofs(order.id).await?;
        pending.push(PendingTransfer { order, proofs });
    }
    Ok(pending)
}

/// One order's proofs of payment, oldest first, without their content. Operators only.
pub async fn proofs_of(
    app: &App,
    actor: &Actor,
    order_id: i64,
) -> Result<Vec<PaymentProofMeta>, AppError> {
    actor.authorize(Action::OperateProgram)?;
    order(app, order_id).await?;
    Ok(app.store().payment_proofs(order_id).await?)
}

/// One proof of payment of order `order_id` with its content, for an operator to look at
/// (R29). A proof of another order is "not found".
pub async fn proof_content(
    app: &App,
    actor: &Actor,
    order_id: i64,
    proof_id: i64,
) -> Result<(PaymentProofMeta, Vec<u8>), AppError> {
    actor.authorize(Action::OperateProgram)?;
    app.store()
        .payment_proof_content(proof_id)
        .await?
        .filter(|(meta, _)| meta.order_id == order_id)
        .ok_or_else(|| {
            AppError::NotFound(format!(
                "order {order_id} has no proof of payment {proof_id}"
            ))
        })
}

/// Who confirmed a paid order and when, as its accepted proof records it (R29); `None` when
/// the order was paid without a decided proof (by card, say).
pub async fn confirmation_of(
    app: &App,
    order_id: i64,
) -> Result<Option<lpc_store::ProofDecision>, AppError> {
    Ok(app
        .store()
        .payment_proofs(order_id)
        .await?
        .into_iter()
        .filter(|p| p.status == lpc_store::ProofStatus::Accepted)
        .find_map(|p| p.decision))
}

/// Tells the partner's admins (R1) by mail that the proof of order `order` was rejected and
/// why (R29); a mail that cannot be queued is logged and never undoes the rejection.
pub async fn tell_proof_rejected(app: &App, order: &Order, reason: &str) {
    let admins = match app.store().partner_admin_emails(order.partner_id).await {
        Ok(admins) => admins,
        Err(e) => {
            tracing::warn!(order = order.id, error = %e, "could not find whom to tell");
            return;
        }
    };
    let now = app.clock().now();
    let subject = format!("Proof of payment for order {} rejected", order.id);
    let body = format!(
        "The proof of payment uploaded for order {} ({} {}) was rejected by the program team.\n\n\
         Reason: {reason}\n\nUpload another proof before {} or the order expires (R29).\n",
        order.id,
        order.option,
        order.competency.as_deref().unwrap_or(""),
        order.expires_on
    );
    for to in admins {
        let key = format!("order:{}:proof-rejected:{now}:{to}", order.id);
        if let Err(e) = crate::mail::queue(app, &key, &to, &subject, &body).await {
            tracing::warn!(order = order.id, error = %e, "could not queue the rejection mail");
        }
    }
}

/// The proofs operators rejected lately (R29), newest first, at most `limit`: those of the
/// bank-transfer orders still pending, expired or paid. Operators only.
pub async fn recent_rejections(
    app: &App,
    actor: &Actor,
    limit: usize,
) -> Result<Vec<(Order, PaymentProofMeta)>, AppError> {
    actor.authorize(Action::OperateProgram)?;
    let since = app
        .clock()
        .today()
        .saturating_sub(jiff::Span::new().days(90));
    let mut rejected = Vec::new();
    for status in [
        OrderStatus::PendingPayment,
        OrderStatus::Expired,
        OrderStatus::Paid,
    ] {
        for order in app.store().orders_with_status(status).await? {
            if order.payment_method != PaymentMethod::BankTransfer || order.created_on < since {
                continue;
            }
            for proof in app.store().payment_proofs(order.id).await? {
                if proof.status == lpc_store::ProofStatus::Rejected {
                    rejected.push((order.clone(), proof));
                }
            }
        }
    }
    rejected.sort_by_key(|(_, p)| std::cmp::Reverse(p.decision.as_ref().map(|d| d.at)));
    rejected.truncate(limit);
    Ok(rejected)
}

/// The orders refunded lately (R30), newest first, at most `limit`. Operators only.
pub async fn recent_refunds(
    app: &App,
    actor: &Actor,
    limit: usize,
) -> Result<Vec<Order>, AppError> {
    actor.authorize(Action::OperateProgram)?;
    let mut refunded = app
        .store()
        .orders_with_status(OrderStatus::Refunded)
        .await?;
    refunded.sort_by_key(|o| std::cmp::Reverse((o.refunded_on, o.id)));
    refunded.truncate(limit);
    Ok(refunded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn r29_proofs_are_recognized_by_their_content_not_their_name() {
        assert_eq!(sniff_proof(b"%PDF-1.7\n..."), Some("application/pdf"));
        assert_eq!(
            sniff_proof(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some("image/png")
        );
        assert_eq!(
            sniff_proof(&[0xFF, 0xD8, 0xFF, 0xE0, 0]),
            Some("image/jpeg")
        );
        assert_eq!(sniff_proof(b"PDF-1.7 pretending"), None);
        assert_eq!(sniff_proof(b""), None);
        assert!(check_proof_size(MAX_PROOF_BYTES as u64).is_ok());
        let too_big = check_proof_size(MAX_PROOF_BYTES as u64 + 1).unwrap_err();
        assert!(too_big.to_string().contains("R29"), "{too_big}");
    }

    #[test]
    fn r28_renewing_moves_the_anniversary_one_year_on_from_the_start() {
        let start = date(2024, 2, 29);
        assert_eq!(
            next_anniversary(start, date(2025, 2, 28)),
            date(2026, 2, 28)
        );
        assert_eq!(
            next_anniversary(start, date(2027, 2, 28)),
            date(2028, 2, 29)
        );
        assert_eq!(
            next_anniversary(date(2026, 3, 1), date(2027, 3, 1)),
            date(2028, 3, 1)
        );
    }

    #[test]
    fn file_names_lose_their_directories() {
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_file_name("C:\\x\\proof.pdf"), "proof.pdf");
        assert_eq!(clean_file_name(""), "proof");
    }
}
