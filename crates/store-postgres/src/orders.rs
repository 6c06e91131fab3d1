//! Orders and their payment (R29, R30).

use jiff::civil::Date;
use lpc_domain::MpnId;
use lpc_store::rows::describe_option;
use lpc_store::{
    AuditDraft, NewOrder, Order, OrderEffect, OrderPurpose, OrderStatus, PaymentMethod, StoreError,
};
use sqlx::postgres::PgRow;
use sqlx::{PgConnection, PgPool, Row};

use crate::decode::competency_key;
use crate::{audit_log, db_err, decode, memberships, proofs};

/// The columns [`order`] decodes, dates as text, for `concat!` into queries.
macro_rules! order_columns {
    () => {
        "id, partner_id, purpose, option, competency, membership_id, fee_minor, discount_minor, \
         currency, payment_method, status, created_on::text AS created_on, \
         expires_on::text AS expires_on, paid_on::text AS paid_on, \
         refunded_on::text AS refunded_on, created_by, guidelines_version"
    };
}

const SELECT_BY_ID: &str = concat!("SELECT ", order_columns!(), " FROM orders WHERE id = $1");

fn order(row: &PgRow) -> Result<Order, StoreError> {
    let text = |col: &str| row.try_get::<String, _>(col).map_err(db_err);
    let opt_text = |col: &str| row.try_get::<Option<String>, _>(col).map_err(db_err);
    let int = |col: &str| row.try_get::<i64, _>(col).map_err(db_err);
    let currency = text("currency")?;
    Ok(Order {
        id: int("id")?,
        partner_id: decode::mpn_id(int("partner_id")?)?,
        purpose: decode::stored(&text("purpose")?, "order purpose", OrderPurpose::parse)?,
        option: decode::option(&text("option")?)?,
        competency: decode::competency(text("competency")?),
        membership_id: row.try_get("membership_id").map_err(db_err)?,
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

pub(crate) async fn get(conn: &mut PgConnection, id: i64) -> Result<Option<Order>, StoreError> {
    let row = sqlx::query(SELECT_BY_ID)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
        .map_err(db_err)?;
    row.as_ref().map(order).transpose()
}

/// The order `id`, or `NotFound`.
pub(crate) async fn must_get(conn: &mut PgConnection, id: i64) -> Result<Order, StoreError> {
    get(conn, id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("order {id}")))
}

pub(crate) async fn by_id(pool: &PgPool, id: i64) -> Result<Option<Order>, StoreError> {
    let mut conn = pool.acquire().await.map_err(db_err)?;
    get(&mut conn, id).await
}

pub(crate) async fn of_partner(pool: &PgPool, partner: MpnId) -> Result<Vec<Order>, StoreError> {
    let rows = sqlx::query(concat!(
        "SELECT ",
        order_columns!(),
        " FROM orders o WHERE partner_id = $1 ORDER BY o.created_on DESC, o.id DESC"
    ))
    .bind(partner.as_i64())
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter().map(order).collect()
}

pub(crate) async fn with_status(
    pool: &PgPool,
    status: OrderStatus,
) -> Result<Vec<Order>, StoreError> {
    let rows = sqlx::query(concat!(
        "SELECT ",
        order_columns!(),
        " FROM orders o WHERE status = $1 ORDER BY o.created_on, o.id"
    ))
    .bind(status.as_str())
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter().map(order).collect()
}

pub(crate) async fn create(
    pool: &PgPool,
    new: &NewOrder,
    pay_now: Option<(Date, OrderEffect)>,
    audit: &AuditDraft,
) -> Result<Order, StoreError> {
    new.check()?;
    let competency = new.competency.as_deref().filter(|c| !c.is_empty());
    if let Some((_, effect)) = &pay_now {
        effect.check_fits(new.purpose, new.option, competency, new.membership_id)?;
    }
    let mut tx = audit_log::begin_write(pool).await?;
    let known: Option<(i64,)> = sqlx::query_as("SELECT mpn_id FROM partners WHERE mpn_id = $1")
        .bind(new.partner_id.as_i64())
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
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
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO orders (partner_id, purpose, option, competency, membership_id, fee_minor,
             discount_minor, currency, payment_method, status, created_on, expires_on, paid_on,
             created_by, guidelines_version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::date, $12::date, $13::date, $14, $15)
         RETURNING id",
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
    .bind(&new.guidelines_version)
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| match e {
        // The partial unique index: one order awaiting payment per option and competency.
        sqlx::Error::Database(ref d) if d.is_unique_violation() => StoreError::Conflict(format!(
            "partner {} already has an order awaiting payment for {}",
            new.partner_id,
            describe_option(new.option, competency)
        )),
        other => db_err(other),
    })?;
    let mut audit = audit.with_detail("order_id", id);
    if let Some((_, effect)) = &pay_now {
        let membership = memberships::apply_effect(&mut tx, new.partner_id, effect).await?;
        link(&mut tx, id, membership).await?;
        audit = audit.with_detail("membership_id", membership);
    }
    audit_log::append(&mut tx, &audit).await?;
    let stored = must_get(&mut tx, id).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(stored)
}

/// Links a paid order to the membership it bought or renewed.
async fn link(conn: &mut PgConnection, order: i64, membership: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE orders SET membership_id = $1 WHERE id = $2")
        .bind(membership)
        .bind(order)
        .execute(&mut *conn)
        .await
        .map(drop)
        .map_err(db_err)
}

/// Why an order could not be paid or refunded: it is missing (`NotFound`) or in another state.
async fn refusal(conn: &mut PgConnection, id: i64, change: &str, on: Date) -> StoreError {
    match must_get(conn, id).await {
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

pub(crate) async fn settle(
    pool: &PgPool,
    id: i64,
    paid_on: Date,
    effect: OrderEffect,
    audit: &AuditDraft,
) -> Result<Order, StoreError> {
    let mut tx = audit_log::begin_write(pool).await?;
    let done = sqlx::query(
        "UPDATE orders SET status = 'paid', paid_on = $1::date
         WHERE id = $2 AND status = 'pending_payment' AND expires_on > $1::date",
    )
    .bind(paid_on.to_string())
    .bind(id)
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    if done.rows_affected() == 0 {
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
    tx.commit().await.map_err(db_err)?;
    Ok(stored)
}

pub(crate) async fn expire(
    pool: &PgPool,
    today: Date,
    audit: &AuditDraft,
) -> Result<Vec<Order>, StoreError> {
    let mut tx = audit_log::begin_write(pool).await?;
    let ids: Vec<(i64,)> = sqlx::query_as(
        "UPDATE orders SET status = 'expired'
         WHERE status = 'pending_payment' AND expires_on <= $1::date RETURNING id",
    )
    .bind(today.to_string())
    .fetch_all(&mut *tx)
    .await
    .map_err(db_err)?;
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
    tx.commit().await.map_err(db_err)?;
    Ok(expired)
}

pub(crate) async fn refund(
    pool: &PgPool,
    id: i64,
    refunded_on: Date,
    audit: &AuditDraft,
) -> Result<Order, StoreError> {
    let mut tx = audit_log::begin_write(pool).await?;
    let done = sqlx::query(
        "UPDATE orders SET status = 'refunded', refunded_on = $1::date
         WHERE id = $2 AND status = 'paid'",
    )
    .bind(refunded_on.to_string())
    .bind(id)
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    if done.rows_affected() == 0 {
        return Err(refusal(&mut tx, id, "refunded", refunded_on).await);
    }
    let refunded = must_get(&mut tx, id).await?;
    if let Some(membership) = refunded.membership_id {
        sqlx::query(
            "UPDATE memberships SET status = 'refunded', ended_on = $1::date
             WHERE id = $2 AND status = 'active'",
        )
        .bind(refunded_on.to_string())
        .bind(membership)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    }
    audit_log::append(&mut tx, &audit.with_detail("order_id", id)).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(refunded)
}
