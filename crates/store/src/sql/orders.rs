//! Orders and their payment (R29, R30).

use jiff::civil::Date;
use lpc_domain::MpnId;

use crate::rows::describe_option;
use crate::{
    AuditDraft, NewOrder, Order, OrderEffect, OrderPurpose, OrderStatus, PaymentMethod, StoreError,
};

use crate::sql::db::{Backend, Db, WriteTx};
use crate::sql::decode::{self, competency_key};
use crate::sql::query::sql;
use crate::sql::row::Row;
use crate::sql::{audit_log, memberships, proofs};

/// The columns [`order`] decodes.
const COLUMNS: &str = "id, partner_id, purpose, option, competency, membership_id, fee_minor, \
                       discount_minor, currency, payment_method, status, created_on, expires_on, \
                       paid_on, refunded_on, created_by, guidelines_version";

fn order(row: &Row) -> Result<Order, StoreError> {
    let text = |col: &str| row.get::<String>(col);
    let opt_text = |col: &str| row.get::<Option<String>>(col);
    let int = |col: &str| row.get::<i64>(col);
    let currency = text("currency")?;
    Ok(Order {
        id: int("id")?,
        partner_id: decode::mpn_id(int("partner_id")?)?,
        purpose: decode::stored(&text("purpose")?, "order purpose", OrderPurpose::parse)?,
        option: decode::option(&text("option")?)?,
        competency: decode::competency(text("competency")?),
        membership_id: row.get("membership_id")?,
        fee: decode::money(int("fee_minor")?, &currency)?,
        discount: decode::money(int("discount_minor")?, &currency)?,
        payment_method: decode::stored(
            &text("payment_method")?,
            "payment method",
            PaymentMethod::parse,
        )?,
        status: decode::stored(&text("status")?, "order status", OrderStatus::parse)?,
        created_on: decode::date(&text("created_on")?)?,
        expires_on: decode::date(&text("expires_on")?)?,
        paid_on: decode::opt_date(opt_text("paid_on")?)?,
        refunded_on: decode::opt_date(opt_text("refunded_on")?)?,
        created_by: text("created_by")?,
        guidelines_version: opt_text("guidelines_version")?,
    })
}

pub async fn get(backend: &impl Backend, id: i64) -> Result<Option<Order>, StoreError> {
    get_in(&mut backend.read().await?, id).await
}

/// [`get`] inside the caller's connection or transaction.
pub async fn get_in(db: &mut impl Db, id: i64) -> Result<Option<Order>, StoreError> {
    let row = db
        .fetch_optional(sql(format!("SELECT {COLUMNS} FROM orders WHERE id = $1")).bind(id))
        .await?;
    row.as_ref().map(order).transpose()
}

/// The order `id`, or `NotFound`.
pub async fn must_get(db: &mut impl Db, id: i64) -> Result<Order, StoreError> {
    get_in(db, id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("order {id}")))
}

pub async fn of_partner(backend: &impl Backend, partner: MpnId) -> Result<Vec<Order>, StoreError> {
    let rows = backend
        .read()
        .await?
        .fetch_all(
            sql(format!(
                "SELECT {COLUMNS} FROM orders WHERE partner_id = $1
                 ORDER BY created_on DESC, id DESC"
            ))
            .bind(partner.as_i64()),
        )
        .await?;
    rows.iter().map(order).collect()
}

pub async fn with_status(
    backend: &impl Backend,
    status: OrderStatus,
) -> Result<Vec<Order>, StoreError> {
    let rows = backend
        .read()
        .await?
        .fetch_all(
            sql(format!(
                "SELECT {COLUMNS} FROM orders WHERE status = $1 ORDER BY created_on, id"
            ))
            .bind(status.as_str()),
        )
        .await?;
    rows.iter().map(order).collect()
}

pub async fn create(
    backend: &impl Backend,
    new: &NewOrder,
    pay_now: Option<(Date, OrderEffect)>,
    audit: &AuditDraft,
) -> Result<Order, StoreError> {
    new.check()?;
    let competency = new.competency.as_deref().filter(|c| !c.is_empty());
    if let Some((_, effect)) = &pay_now {
        effect.check_fits(new.purpose, new.option, competency, new.membership_id)?;
    }
    let mut tx = backend.write().await?;
    let known: Option<(i64,)> = tx
        .fetch_optional_as(
            sql("SELECT mpn_id FROM partners WHERE mpn_id = $1").bind(new.partner_id.as_i64()),
        )
        .await?;
    if known.is_none() {
        return Err(StoreError::NotFound(format!(
            "partner {} is not registered",
            new.partner_id
        )));
    }
    if let Some(id) = new.membership_id {
        let upgrade_in = (new.purpose == OrderPurpose::Upgrade).then_some(competency);
        memberships::check_concerned(&mut tx, id, new.partner_id, upgrade_in).await?;
    }
    // An enrollment or upgrade buys a membership the partner must not hold already.
    if new.purpose != OrderPurpose::Renewal
        && memberships::holds_active(&mut tx, new.partner_id, new.option, competency).await?
    {
        return Err(memberships::already_held(
            new.partner_id,
            new.option,
            competency,
        ));
    }
    let (status, paid_on) = match &pay_now {
        Some((on, _)) => (OrderStatus::Paid, Some(on.to_string())),
        None => (OrderStatus::PendingPayment, None),
    };
    // The partial unique index allows one order awaiting payment per option and competency; a
    // second one is skipped (no row returned) rather than failing, which would abort a
    // PostgreSQL transaction.
    let inserted: Option<(i64,)> = tx
        .fetch_optional_as(
            sql(
                "INSERT INTO orders (partner_id, purpose, option, competency, membership_id,
                     fee_minor, discount_minor, currency, payment_method, status, created_on,
                     expires_on, paid_on, created_by, guidelines_version)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::date, $12::date, $13::date,
                     $14, $15)
                 ON CONFLICT DO NOTHING RETURNING id",
            )
            .bind(new.partner_id.as_i64())
            .bind(new.purpose.as_str())
            .bind(new.option.as_str())
            .bind(competency_key(competency))
            .bind(new.membership_id)
            .bind(new.fee.minor)
            .bind(new.discount.minor)
            .bind(new.fee.currency.code())
            .bind(new.payment_method.as_str())
            .bind(status.as_str())
            .bind(new.created_on.to_string())
            .bind(new.expires_on.to_string())
            .bind(paid_on)
            .bind(&new.created_by)
            .bind(new.guidelines_version.as_deref()),
        )
        .await?;
    let Some((id,)) = inserted else {
        return Err(StoreError::Conflict(format!(
            "partner {} already has an order awaiting payment for {}",
            new.partner_id,
            describe_option(new.option, competency)
        )));
    };
    let mut audit = audit.with_detail("order_id", id);
    if let Some((_, effect)) = &pay_now {
        let membership = memberships::apply_effect(&mut tx, new.partner_id, effect).await?;
        link(&mut tx, id, membership).await?;
        audit = audit.with_detail("membership_id", membership);
    }
    audit_log::append(&mut tx, &audit).await?;
    let stored = must_get(&mut tx, id).await?;
    tx.commit().await?;
    Ok(stored)
}

/// Links a paid order to the membership it bought or renewed.
async fn link(tx: &mut impl Db, order: i64, membership: i64) -> Result<(), StoreError> {
    tx.execute(
        sql("UPDATE orders SET membership_id = $1 WHERE id = $2")
            .bind(membership)
            .bind(order),
    )
    .await
    .map(drop)
}

/// Why an order could not be paid or refunded: it is missing (`NotFound`) or in another state.
async fn refusal(db: &mut impl Db, id: i64, change: &str, on: Date) -> StoreError {
    match must_get(db, id).await {
        Ok(o) if o.status == OrderStatus::PendingPayment && o.expires_on <= on => {
            StoreError::Conflict(format!(
                "order {id} expired on {}: it cannot be {change} on {on}",
                o.expires_on
            ))
        }
        Ok(o) => StoreError::Conflict(format!("order {id} is {}: it cannot be {change}", o.status)),
        Err(e) => e,
    }
}

pub async fn settle(
    backend: &impl Backend,
    id: i64,
    paid_on: Date,
    effect: OrderEffect,
    audit: &AuditDraft,
) -> Result<Order, StoreError> {
    let mut tx = backend.write().await?;
    let changed = tx
        .execute(
            sql("UPDATE orders SET status = 'paid', paid_on = $1::date
                 WHERE id = $2 AND status = 'pending_payment' AND expires_on > $1::date")
            .bind(paid_on.to_string())
            .bind(id),
        )
        .await?;
    if changed == 0 {
        return Err(refusal(&mut tx, id, "paid", paid_on).await);
    }
    let paid = must_get(&mut tx, id).await?;
    effect.check_fits(
        paid.purpose,
        paid.option,
        paid.competency.as_deref(),
        paid.membership_id,
    )?;
    let membership = memberships::apply_effect(&mut tx, paid.partner_id, &effect).await?;
    link(&mut tx, id, membership).await?;
    proofs::accept_submitted(&mut tx, id, audit).await?;
    audit_log::append(
        &mut tx,
        &audit
            .with_detail("order_id", id)
            .with_detail("membership_id", membership),
    )
    .await?;
    let stored = must_get(&mut tx, id).await?;
    tx.commit().await?;
    Ok(stored)
}

pub async fn expire(
    backend: &impl Backend,
    today: Date,
    audit: &AuditDraft,
) -> Result<Vec<Order>, StoreError> {
    let mut tx = backend.write().await?;
    let ids: Vec<(i64,)> = tx
        .fetch_all_as(
            sql("UPDATE orders SET status = 'expired'
                 WHERE status = 'pending_payment' AND expires_on <= $1::date RETURNING id")
            .bind(today.to_string()),
        )
        .await?;
    if ids.is_empty() {
        // Nothing expired: no event either, so that the daily job can run any number of times.
        return Ok(Vec::new());
    }
    let mut ids: Vec<i64> = ids.into_iter().map(|(id,)| id).collect();
    ids.sort_unstable();
    let mut expired = Vec::with_capacity(ids.len());
    for &id in &ids {
        expired.push(must_get(&mut tx, id).await?);
    }
    audit_log::append(&mut tx, &audit.with_detail("orders", ids)).await?;
    tx.commit().await?;
    Ok(expired)
}

pub async fn refund(
    backend: &impl Backend,
    id: i64,
    refunded_on: Date,
    audit: &AuditDraft,
) -> Result<Order, StoreError> {
    let mut tx = backend.write().await?;
    let changed = tx
        .execute(
            sql(
                "UPDATE orders SET status = 'refunded', refunded_on = $1::date
                 WHERE id = $2 AND status = 'paid'",
            )
            .bind(refunded_on.to_string())
            .bind(id),
        )
        .await?;
    if changed == 0 {
        return Err(refusal(&mut tx, id, "refunded", refunded_on).await);
    }
    let refunded = must_get(&mut tx, id).await?;
    if let Some(membership) = refunded.membership_id {
        tx.execute(
            sql(
                "UPDATE memberships SET status = 'refunded', ended_on = $1::date
                 WHERE id = $2 AND status = 'active'",
            )
            .bind(refunded_on.to_string())
            .bind(membership),
        )
        .await?;
    }
    audit_log::append(&mut tx, &audit.with_detail("order_id", id)).await?;
    tx.commit().await?;
    Ok(refunded)
}
