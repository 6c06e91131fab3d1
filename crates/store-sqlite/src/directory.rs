//! The public Learning Partner directory (R24-R26): listing requests, listings, the
//! domain-ownership tokens and the competitors (tables of `0008_directory.sql`).

use jiff::Timestamp;
use jiff::civil::Date;
use lpc_domain::{CountryCode, MpnId};
use lpc_store::directory::{
    DirectoryListing, DirectoryRequest, ListingCheck, NewDirectoryRequest, RequestDecision,
    RequestState,
};
use lpc_store::{AuditDraft, StoreError};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection, SqlitePool};

use crate::{audit_log, db_err, decode};

macro_rules! request_columns {
    () => {
        "id, partner_id, display_name, country, landing_url, requested_at, \
     requested_on, processing_from, processing_to, visible_by, state, decided_by, decided_at, \
     reason, checks, last_checked_at, last_checked_on"
    };
}

macro_rules! listing_columns {
    () => {
        "partner_id, display_name, country, landing_url, request_id, \
     visible_from, listed_until, flagged_on, flag_reason, checks, last_checked_at, \
     last_checked_on"
    };
}

fn country(text: &str) -> Result<CountryCode, StoreError> {
    CountryCode::parse(text).map_err(|e| StoreError::corrupt(format!("stored {e}")))
}

fn request(row: &SqliteRow) -> Result<DirectoryRequest, StoreError> {
    let text = |col: &str| row.try_get::<String, _>(col).map_err(db_err);
    let opt_text = |col: &str| row.try_get::<Option<String>, _>(col).map_err(db_err);
    Ok(DirectoryRequest {
        id: row.try_get("id").map_err(db_err)?,
        partner_id: decode::mpn_id(row.try_get("partner_id").map_err(db_err)?)?,
        display_name: text("display_name")?,
        country: country(&text("country")?)?,
        landing_url: text("landing_url")?,
        requested_at: decode::timestamp(&text("requested_at")?)?,
        requested_on: decode::date(&text("requested_on")?)?,
        processing_from: decode::date(&text("processing_from")?)?,
        processing_to: decode::date(&text("processing_to")?)?,
        visible_by: decode::date(&text("visible_by")?)?,
        state: decode::stored(
            &text("state")?,
            "directory request state",
            RequestState::parse,
        )?,
        decided_by: opt_text("decided_by")?,
        decided_at: decode::opt_timestamp(opt_text("decided_at")?)?,
        reason: opt_text("reason")?,
        checks: opt_text("checks")?,
        last_checked_at: decode::opt_timestamp(opt_text("last_checked_at")?)?,
        last_checked_on: decode::opt_date(opt_text("last_checked_on")?)?,
    })
}

fn listing(row: &SqliteRow) -> Result<DirectoryListing, StoreError> {
    let text = |col: &str| row.try_get::<String, _>(col).map_err(db_err);
    let opt_text = |col: &str| row.try_get::<Option<String>, _>(col).map_err(db_err);
    Ok(DirectoryListing {
        partner_id: decode::mpn_id(row.try_get("partner_id").map_err(db_err)?)?,
        display_name: text("display_name")?,
        country: country(&text("country")?)?,
        landing_url: text("landing_url")?,
        request_id: row.try_get("request_id").map_err(db_err)?,
        visible_from: decode::date(&text("visible_from")?)?,
        listed_until: decode::opt_date(opt_text("listed_until")?)?,
        flagged_on: decode::opt_date(opt_text("flagged_on")?)?,
        flag_reason: opt_text("flag_reason")?,
        checks: opt_text("checks")?,
        last_checked_at: decode::opt_timestamp(opt_text("last_checked_at")?)?,
        last_checked_on: decode::opt_date(opt_text("last_checked_on")?)?,
    })
}

async fn get_request(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<Option<DirectoryRequest>, StoreError> {
    let row = sqlx::query(concat!(
        "SELECT ",
        request_columns!(),
        " FROM directory_requests WHERE id = ?"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(db_err)?;
    row.as_ref().map(request).transpose()
}

async fn must_request(
    conn: &mut SqliteConnection,
    id: i64,
) -> Result<DirectoryRequest, StoreError> {
    get_request(conn, id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("directory request {id}")))
}

async fn get_listing(
    conn: &mut SqliteConnection,
    partner: MpnId,
) -> Result<Option<DirectoryListing>, StoreError> {
    let row = sqlx::query(concat!(
        "SELECT ",
        listing_columns!(),
        " FROM directory_listings WHERE partner_id = ?"
    ))
    .bind(partner.as_i64())
    .fetch_optional(&mut *conn)
    .await
    .map_err(db_err)?;
    row.as_ref().map(listing).transpose()
}

async fn must_listing(
    conn: &mut SqliteConnection,
    partner: MpnId,
) -> Result<DirectoryListing, StoreError> {
    get_listing(conn, partner)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("directory listing of partner {partner}")))
}

pub(crate) async fn add_request(
    pool: &SqlitePool,
    new: &NewDirectoryRequest,
    audit: &AuditDraft,
) -> Result<DirectoryRequest, StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(db_err)?;
    let known: Option<(i64,)> = sqlx::query_as("SELECT mpn_id FROM partners WHERE mpn_id = ?")
        .bind(new.partner_id.as_i64())
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
    if known.is_none() {
        return Err(StoreError::NotFound(format!("partner {}", new.partner_id)));
    }
    let superseded = sqlx::query(
        "UPDATE directory_requests SET state = 'superseded'
         WHERE partner_id = ? AND state = 'received'",
    )
    .bind(new.partner_id.as_i64())
    .execute(&mut *tx)
    .await
    .map_err(db_err)?
    .rows_affected();
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO directory_requests (partner_id, display_name, country, landing_url,
             requested_at, requested_on, processing_from, processing_to, visible_by, state,
             checks, last_checked_at, last_checked_on)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', ?, ?, ?) RETURNING id",
    )
    .bind(new.partner_id.as_i64())
    .bind(&new.display_name)
    .bind(new.country.as_str())
    .bind(&new.landing_url)
    .bind(new.requested_at.to_string())
    .bind(new.requested_on.to_string())
    .bind(new.processing_from.to_string())
    .bind(new.processing_to.to_string())
    .bind(new.visible_by.to_string())
    .bind(&new.checks)
    .bind(new.requested_at.to_string())
    .bind(new.requested_on.to_string())
    .fetch_one(&mut *tx)
    .await
    .map_err(db_err)?;
    let audit = audit
        .with_detail("request_id", id)
        .with_detail("superseded", superseded);
    audit_log::append(&mut tx, &audit).await?;
    let stored = must_request(&mut tx, id).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(stored)
}

pub(crate) async fn request_by_id(
    pool: &SqlitePool,
    id: i64,
) -> Result<Option<DirectoryRequest>, StoreError> {
    let mut conn = pool.acquire().await.map_err(db_err)?;
    get_request(&mut conn, id).await
}

pub(crate) async fn requests(
    pool: &SqlitePool,
    partner: Option<MpnId>,
    state: Option<RequestState>,
) -> Result<Vec<DirectoryRequest>, StoreError> {
    let rows = sqlx::query(concat!(
        "SELECT ",
        request_columns!(),
        " FROM directory_requests
         WHERE (?1 IS NULL OR partner_id = ?1) AND (?2 IS NULL OR state = ?2)
         ORDER BY id DESC"
    ))
    .bind(partner.map(MpnId::as_i64))
    .bind(state.map(RequestState::as_str))
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter().map(request).collect()
}

pub(crate) async fn record_request_checks(
    pool: &SqlitePool,
    id: i64,
    checks: &str,
    checked_at: Timestamp,
    checked_on: Date,
    audit: &AuditDraft,
) -> Result<DirectoryRequest, StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(db_err)?;
    let done = sqlx::query(
        "UPDATE directory_requests SET checks = ?, last_checked_at = ?, last_checked_on = ?
         WHERE id = ?",
    )
    .bind(checks)
    .bind(checked_at.to_string())
    .bind(checked_on.to_string())
    .bind(id)
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound(format!("directory request {id}")));
    }
    audit_log::append(&mut tx, audit).await?;
    let stored = must_request(&mut tx, id).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(stored)
}

pub(crate) async fn decide(
    pool: &SqlitePool,
    id: i64,
    decision: &RequestDecision,
    reason: &str,
    audit: &AuditDraft,
) -> Result<DirectoryRequest, StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(db_err)?;
    let current = must_request(&mut tx, id).await?;
    if current.state != RequestState::Received {
        return Err(StoreError::Conflict(format!(
            "directory request {id} is {}: only a received request can be decided",
            current.state
        )));
    }
    let state = match decision {
        RequestDecision::Approve { .. } => RequestState::Approved,
        RequestDecision::Reject => RequestState::Rejected,
    };
    sqlx::query(
        "UPDATE directory_requests SET state = ?, decided_by = ?, decided_at = ?, reason = ?
         WHERE id = ?",
    )
    .bind(state.as_str())
    .bind(&audit.actor)
    .bind(audit.at.to_string())
    .bind(reason)
    .bind(id)
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    if let RequestDecision::Approve { visible_from } = decision {
        // Already listed and public: the new name and URL show at once (R26 says "by").
        let visible_from = match get_listing(&mut tx, current.partner_id).await? {
            Some(l) if l.listed_until.is_none() && l.visible_from < *visible_from => l.visible_from,
            _ => *visible_from,
        };
        sqlx::query(
            "INSERT INTO directory_listings (partner_id, display_name, name_folded, country,
                 landing_url, request_id, visible_from, listed_until, flagged_on, flag_reason,
                 checks, last_checked_at, last_checked_on)
             VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, ?, ?, ?)
             ON CONFLICT (partner_id) DO UPDATE SET display_name = excluded.display_name,
                 name_folded = excluded.name_folded, country = excluded.country,
                 landing_url = excluded.landing_url, request_id = excluded.request_id,
                 visible_from = excluded.visible_from, listed_until = NULL, flagged_on = NULL,
                 flag_reason = NULL, checks = excluded.checks,
                 last_checked_at = excluded.last_checked_at,
                 last_checked_on = excluded.last_checked_on",
        )
        .bind(current.partner_id.as_i64())
        .bind(&current.display_name)
        .bind(current.display_name.to_lowercase())
        .bind(current.country.as_str())
        .bind(&current.landing_url)
        .bind(id)
        .bind(visible_from.to_string())
        .bind(&current.checks)
        .bind(current.last_checked_at.map(|t| t.to_string()))
        .bind(current.last_checked_on.map(|d| d.to_string()))
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    }
    audit_log::append(&mut tx, audit).await?;
    let stored = must_request(&mut tx, id).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(stored)
}

pub(crate) async fn listing_of(
    pool: &SqlitePool,
    partner: MpnId,
) -> Result<Option<DirectoryListing>, StoreError> {
    let mut conn = pool.acquire().await.map_err(db_err)?;
    get_listing(&mut conn, partner).await
}

pub(crate) async fn listings(
    pool: &SqlitePool,
    include_removed: bool,
) -> Result<Vec<DirectoryListing>, StoreError> {
    let rows = sqlx::query(concat!(
        "SELECT ",
        listing_columns!(),
        " FROM directory_listings
         WHERE ? OR listed_until IS NULL ORDER BY partner_id"
    ))
    .bind(include_removed)
    .fetch_all(pool)
    .await
    .map_err(db_err)?;
    rows.iter().map(listing).collect()
}

pub(crate) async fn record_listing_check(
    pool: &SqlitePool,
    partner: MpnId,
    check: &ListingCheck,
    audit: &AuditDraft,
) -> Result<DirectoryListing, StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(db_err)?;
    let current = must_listing(&mut tx, partner).await?;
    // The first flag stays: the removal counts from the day the partner was told.
    let (flagged_on, flag_reason) = match (&check.flag, current.flagged_on) {
        (Some(_), Some(first)) => (Some(first), current.flag_reason.clone()),
        (Some((on, reason)), None) => (Some(*on), Some(reason.clone())),
        (None, _) => (None, None),
    };
    sqlx::query(
        "UPDATE directory_listings SET checks = ?, last_checked_at = ?, last_checked_on = ?,
             flagged_on = ?, flag_reason = ?, listed_until = coalesce(listed_until, ?)
         WHERE partner_id = ?",
    )
    .bind(&check.checks)
    .bind(check.checked_at.to_string())
    .bind(check.checked_on.to_string())
    .bind(flagged_on.map(|d| d.to_string()))
    .bind(flag_reason)
    .bind(check.remove_on.map(|d| d.to_string()))
    .bind(partner.as_i64())
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    audit_log::append(&mut tx, audit).await?;
    let stored = must_listing(&mut tx, partner).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(stored)
}

pub(crate) async fn remove_listing(
    pool: &SqlitePool,
    partner: MpnId,
    on: Date,
    audit: &AuditDraft,
) -> Result<DirectoryListing, StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(db_err)?;
    let current = must_listing(&mut tx, partner).await?;
    if let Some(until) = current.listed_until {
        return Err(StoreError::Conflict(format!(
            "the directory listing of partner {partner} is already removed from {until}"
        )));
    }
    sqlx::query("UPDATE directory_listings SET listed_until = ? WHERE partner_id = ?")
        .bind(on.to_string())
        .bind(partner.as_i64())
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    audit_log::append(&mut tx, audit).await?;
    let stored = must_listing(&mut tx, partner).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(stored)
}

pub(crate) async fn token(pool: &SqlitePool, partner: MpnId) -> Result<Option<String>, StoreError> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT token FROM directory_verification WHERE partner_id = ?")
            .bind(partner.as_i64())
            .fetch_optional(pool)
            .await
            .map_err(db_err)?;
    Ok(row.map(|(t,)| t))
}

pub(crate) async fn create_token(
    pool: &SqlitePool,
    partner: MpnId,
    token: &str,
    audit: &AuditDraft,
) -> Result<String, StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(db_err)?;
    let done = sqlx::query(
        "INSERT INTO directory_verification (partner_id, token, created_at)
         SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM partners WHERE mpn_id = ?)
         ON CONFLICT (partner_id) DO NOTHING",
    )
    .bind(partner.as_i64())
    .bind(token)
    .bind(audit.at.to_string())
    .bind(partner.as_i64())
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    if done.rows_affected() > 0 {
        audit_log::append(&mut tx, audit).await?;
    }
    let row: Option<(String,)> =
        sqlx::query_as("SELECT token FROM directory_verification WHERE partner_id = ?")
            .bind(partner.as_i64())
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
    tx.commit().await.map_err(db_err)?;
    row.map(|(t,)| t)
        .ok_or_else(|| StoreError::NotFound(format!("partner {partner}")))
}

pub(crate) async fn competitors(pool: &SqlitePool) -> Result<Vec<String>, StoreError> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT name FROM directory_competitors ORDER BY name_folded")
            .fetch_all(pool)
            .await
            .map_err(db_err)?;
    Ok(rows.into_iter().map(|(n,)| n).collect())
}

pub(crate) async fn add_competitor(
    pool: &SqlitePool,
    name: &str,
    audit: &AuditDraft,
) -> Result<bool, StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(db_err)?;
    let done = sqlx::query(
        "INSERT INTO directory_competitors (name, name_folded, added_at) VALUES (?, ?, ?)
         ON CONFLICT (name_folded) DO NOTHING",
    )
    .bind(name)
    .bind(name.to_lowercase())
    .bind(audit.at.to_string())
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    let added = done.rows_affected() > 0;
    if added {
        audit_log::append(&mut tx, audit).await?;
    }
    tx.commit().await.map_err(db_err)?;
    Ok(added)
}

pub(crate) async fn remove_competitor(
    pool: &SqlitePool,
    name: &str,
    audit: &AuditDraft,
) -> Result<bool, StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(db_err)?;
    let done = sqlx::query("DELETE FROM directory_competitors WHERE name_folded = ?")
        .bind(name.to_lowercase())
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    let removed = done.rows_affected() > 0;
    if removed {
        audit_log::append(&mut tx, audit).await?;
    }
    tx.commit().await.map_err(db_err)?;
    Ok(removed)
}
