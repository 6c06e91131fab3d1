//! The public Learning Partner directory (R24-R26): listing requests, listings, the
//! domain-ownership tokens and the competitors (tables of `0008_directory.sql`).

use jiff::Timestamp;
use jiff::civil::Date;
use lpc_domain::{CountryCode, MpnId};

use crate::directory::{
    DirectoryListing, DirectoryRequest, ListingCheck, NewDirectoryRequest, RequestDecision,
    RequestState,
};
use crate::sql::db::{Backend, Db, WriteTx};
use crate::sql::query::sql;
use crate::sql::row::Row;
use crate::sql::{audit_log, decode};
use crate::{AuditDraft, StoreError};

/// The columns [`request`] decodes.
const REQUEST_COLUMNS: &str = "id, partner_id, display_name, country, landing_url, requested_at, \
     requested_on, processing_from, processing_to, visible_by, state, decided_by, decided_at, \
     reason, checks, last_checked_at, last_checked_on";

/// The columns [`listing`] decodes.
const LISTING_COLUMNS: &str = "partner_id, display_name, country, landing_url, request_id, \
     visible_from, listed_until, flagged_on, flag_reason, checks, last_checked_at, \
     last_checked_on";

fn country(text: &str) -> Result<CountryCode, StoreError> {
    CountryCode::parse(text).map_err(|e| StoreError::corrupt(format!("stored {e}")))
}

fn request(row: &Row) -> Result<DirectoryRequest, StoreError> {
    let text = |col: &str| row.get::<String>(col);
    let opt_text = |col: &str| row.get::<Option<String>>(col);
    Ok(DirectoryRequest {
        id: row.get("id")?,
        partner_id: decode::mpn_id(row.get("partner_id")?)?,
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

fn listing(row: &Row) -> Result<DirectoryListing, StoreError> {
    let text = |col: &str| row.get::<String>(col);
    let opt_text = |col: &str| row.get::<Option<String>>(col);
    Ok(DirectoryListing {
        partner_id: decode::mpn_id(row.get("partner_id")?)?,
        display_name: text("display_name")?,
        country: country(&text("country")?)?,
        landing_url: text("landing_url")?,
        request_id: row.get("request_id")?,
        visible_from: decode::date(&text("visible_from")?)?,
        listed_until: decode::opt_date(opt_text("listed_until")?)?,
        flagged_on: decode::opt_date(opt_text("flagged_on")?)?,
        flag_reason: opt_text("flag_reason")?,
        checks: opt_text("checks")?,
        last_checked_at: decode::opt_timestamp(opt_text("last_checked_at")?)?,
        last_checked_on: decode::opt_date(opt_text("last_checked_on")?)?,
    })
}

async fn get_request(db: &mut impl Db, id: i64) -> Result<Option<DirectoryRequest>, StoreError> {
    let row = db
        .fetch_optional(
            sql(format!(
                "SELECT {REQUEST_COLUMNS} FROM directory_requests WHERE id = $1"
            ))
            .bind(id),
        )
        .await?;
    row.as_ref().map(request).transpose()
}

async fn must_request(db: &mut impl Db, id: i64) -> Result<DirectoryRequest, StoreError> {
    get_request(db, id)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("directory request {id}")))
}

async fn get_listing(
    db: &mut impl Db,
    partner: MpnId,
) -> Result<Option<DirectoryListing>, StoreError> {
    let row = db
        .fetch_optional(
            sql(format!(
                "SELECT {LISTING_COLUMNS} FROM directory_listings WHERE partner_id = $1"
            ))
            .bind(partner.as_i64()),
        )
        .await?;
    row.as_ref().map(listing).transpose()
}

async fn must_listing(db: &mut impl Db, partner: MpnId) -> Result<DirectoryListing, StoreError> {
    get_listing(db, partner)
        .await?
        .ok_or_else(|| StoreError::NotFound(format!("directory listing of partner {partner}")))
}

pub async fn add_request(
    backend: &impl Backend,
    new: &NewDirectoryRequest,
    audit: &AuditDraft,
) -> Result<DirectoryRequest, StoreError> {
    let mut tx = backend.write().await?;
    let known: Option<(i64,)> = tx
        .fetch_optional_as(
            sql("SELECT mpn_id FROM partners WHERE mpn_id = $1").bind(new.partner_id.as_i64()),
        )
        .await?;
    if known.is_none() {
        return Err(StoreError::NotFound(format!("partner {}", new.partner_id)));
    }
    let superseded = tx
        .execute(
            sql("UPDATE directory_requests SET state = 'superseded'
                 WHERE partner_id = $1 AND state = 'received'")
            .bind(new.partner_id.as_i64()),
        )
        .await?;
    let (id,): (i64,) = tx
        .fetch_one_as(
            sql(
                "INSERT INTO directory_requests (partner_id, display_name, country, landing_url,
                     requested_at, requested_on, processing_from, processing_to, visible_by,
                     state, checks, last_checked_at, last_checked_on)
                 VALUES ($1, $2, $3, $4, $5::timestamptz, $6::date, $7::date, $8::date,
                         $9::date, 'received', $10, $11::timestamptz, $12::date) RETURNING id",
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
            .bind(new.requested_on.to_string()),
        )
        .await?;
    let audit = audit
        .with_detail("request_id", id)
        .with_detail("superseded", superseded);
    audit_log::append(&mut tx, &audit).await?;
    let stored = must_request(&mut tx, id).await?;
    tx.commit().await?;
    Ok(stored)
}

pub async fn request_by_id(
    backend: &impl Backend,
    id: i64,
) -> Result<Option<DirectoryRequest>, StoreError> {
    get_request(&mut backend.read().await?, id).await
}

pub async fn requests(
    backend: &impl Backend,
    partner: Option<MpnId>,
    state: Option<RequestState>,
) -> Result<Vec<DirectoryRequest>, StoreError> {
    let rows = backend
        .read()
        .await?
        .fetch_all(
            sql(format!(
                "SELECT {REQUEST_COLUMNS} FROM directory_requests
                 WHERE ($1::bigint IS NULL OR partner_id = $1)
                   AND ($2::text IS NULL OR state = $2)
                 ORDER BY id DESC"
            ))
            .bind(partner.map(MpnId::as_i64))
            .bind(state.map(RequestState::as_str)),
        )
        .await?;
    rows.iter().map(request).collect()
}

pub async fn record_request_checks(
    backend: &impl Backend,
    id: i64,
    checks: &str,
    checked_at: Timestamp,
    checked_on: Date,
    audit: &AuditDraft,
) -> Result<DirectoryRequest, StoreError> {
    let mut tx = backend.write().await?;
    let done = tx
        .execute(
            sql(
                "UPDATE directory_requests SET checks = $1, last_checked_at = $2::timestamptz,
                     last_checked_on = $3::date
                 WHERE id = $4",
            )
            .bind(checks)
            .bind(checked_at.to_string())
            .bind(checked_on.to_string())
            .bind(id),
        )
        .await?;
    if done == 0 {
        return Err(StoreError::NotFound(format!("directory request {id}")));
    }
    audit_log::append(&mut tx, audit).await?;
    let stored = must_request(&mut tx, id).await?;
    tx.commit().await?;
    Ok(stored)
}

pub async fn decide(
    backend: &impl Backend,
    id: i64,
    decision: &RequestDecision,
    reason: &str,
    audit: &AuditDraft,
) -> Result<DirectoryRequest, StoreError> {
    let mut tx = backend.write().await?;
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
    tx.execute(
        sql("UPDATE directory_requests SET state = $1, decided_by = $2,
                 decided_at = $3::timestamptz, reason = $4
             WHERE id = $5")
        .bind(state.as_str())
        .bind(&audit.actor)
        .bind(audit.at.to_string())
        .bind(reason)
        .bind(id),
    )
    .await?;
    if let RequestDecision::Approve { visible_from } = decision {
        // Already listed and public: the new name and URL show at once (R26 says "by").
        let visible_from = match get_listing(&mut tx, current.partner_id).await? {
            Some(l) if l.listed_until.is_none() && l.visible_from < *visible_from => l.visible_from,
            _ => *visible_from,
        };
        tx.execute(
            sql(
                "INSERT INTO directory_listings (partner_id, display_name, name_folded, country,
                     landing_url, request_id, visible_from, listed_until, flagged_on, flag_reason,
                     checks, last_checked_at, last_checked_on)
                 VALUES ($1, $2, $3, $4, $5, $6, $7::date, NULL, NULL, NULL, $8,
                     $9::timestamptz, $10::date)
                 ON CONFLICT (partner_id) DO UPDATE SET display_name = excluded.display_name,
                     name_folded = excluded.name_folded, country = excluded.country,
                     landing_url = excluded.landing_url, request_id = excluded.request_id,
                     visible_from = excluded.visible_from, listed_until = NULL,
                     flagged_on = NULL, flag_reason = NULL, checks = excluded.checks,
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
            .bind(current.checks.as_deref())
            .bind(current.last_checked_at.map(|t| t.to_string()))
            .bind(current.last_checked_on.map(|d| d.to_string())),
        )
        .await?;
    }
    audit_log::append(&mut tx, audit).await?;
    let stored = must_request(&mut tx, id).await?;
    tx.commit().await?;
    Ok(stored)
}

pub async fn listing_of(
    backend: &impl Backend,
    partner: MpnId,
) -> Result<Option<DirectoryListing>, StoreError> {
    get_listing(&mut backend.read().await?, partner).await
}

pub async fn listings(
    backend: &impl Backend,
    include_removed: bool,
) -> Result<Vec<DirectoryListing>, StoreError> {
    let rows = backend
        .read()
        .await?
        .fetch_all(
            sql(format!(
                "SELECT {LISTING_COLUMNS} FROM directory_listings
                 WHERE $1::boolean OR listed_until IS NULL ORDER BY partner_id"
            ))
            .bind(include_removed),
        )
        .await?;
    rows.iter().map(listing).collect()
}

pub async fn record_listing_check(
    backend: &impl Backend,
    partner: MpnId,
    check: &ListingCheck,
    audit: &AuditDraft,
) -> Result<DirectoryListing, StoreError> {
    let mut tx = backend.write().await?;
    let current = must_listing(&mut tx, partner).await?;
    // The first flag stays: the removal counts from the day the partner was told.
    let (flagged_on, flag_reason) = match (&check.flag, current.flagged_on) {
        (Some(_), Some(first)) => (Some(first), current.flag_reason.clone()),
        (Some((on, reason)), None) => (Some(*on), Some(reason.clone())),
        (None, _) => (None, None),
    };
    tx.execute(
        sql(
            "UPDATE directory_listings SET checks = $1, last_checked_at = $2::timestamptz,
                 last_checked_on = $3::date, flagged_on = $4::date, flag_reason = $5,
                 listed_until = coalesce(listed_until, $6::date)
             WHERE partner_id = $7",
        )
        .bind(&check.checks)
        .bind(check.checked_at.to_string())
        .bind(check.checked_on.to_string())
        .bind(flagged_on.map(|d| d.to_string()))
        .bind(flag_reason)
        .bind(check.remove_on.map(|d| d.to_string()))
        .bind(partner.as_i64()),
    )
    .await?;
    audit_log::append(&mut tx, audit).await?;
    let stored = must_listing(&mut tx, partner).await?;
    tx.commit().await?;
    Ok(stored)
}

pub async fn remove_listing(
    backend: &impl Backend,
    partner: MpnId,
    on: Date,
    audit: &AuditDraft,
) -> Result<DirectoryListing, StoreError> {
    let mut tx = backend.write().await?;
    let current = must_listing(&mut tx, partner).await?;
    if let Some(until) = current.listed_until {
        return Err(StoreError::Conflict(format!(
            "the directory listing of partner {partner} is already removed from {until}"
        )));
    }
    tx.execute(
        sql("UPDATE directory_listings SET listed_until = $1::date WHERE partner_id = $2")
            .bind(on.to_string())
            .bind(partner.as_i64()),
    )
    .await?;
    audit_log::append(&mut tx, audit).await?;
    let stored = must_listing(&mut tx, partner).await?;
    tx.commit().await?;
    Ok(stored)
}

pub async fn token(backend: &impl Backend, partner: MpnId) -> Result<Option<String>, StoreError> {
    token_in(&mut backend.read().await?, partner).await
}

async fn token_in(db: &mut impl Db, partner: MpnId) -> Result<Option<String>, StoreError> {
    let row: Option<(String,)> = db
        .fetch_optional_as(
            sql("SELECT token FROM directory_verification WHERE partner_id = $1")
                .bind(partner.as_i64()),
        )
        .await?;
    Ok(row.map(|(t,)| t))
}

pub async fn create_token(
    backend: &impl Backend,
    partner: MpnId,
    token: &str,
    audit: &AuditDraft,
) -> Result<String, StoreError> {
    let mut tx = backend.write().await?;
    let done = tx
        .execute(
            sql(
                "INSERT INTO directory_verification (partner_id, token, created_at)
                 SELECT $1, $2, $3::timestamptz
                  WHERE EXISTS (SELECT 1 FROM partners WHERE mpn_id = $1)
                 ON CONFLICT (partner_id) DO NOTHING",
            )
            .bind(partner.as_i64())
            .bind(token)
            .bind(audit.at.to_string()),
        )
        .await?;
    if done > 0 {
        audit_log::append(&mut tx, audit).await?;
    }
    let stored = token_in(&mut tx, partner).await?;
    tx.commit().await?;
    stored.ok_or_else(|| StoreError::NotFound(format!("partner {partner}")))
}

pub async fn competitors(backend: &impl Backend) -> Result<Vec<String>, StoreError> {
    let rows: Vec<(String,)> = backend
        .read()
        .await?
        .fetch_all_as(sql(
            "SELECT name FROM directory_competitors ORDER BY name_folded",
        ))
        .await?;
    Ok(rows.into_iter().map(|(n,)| n).collect())
}

pub async fn add_competitor(
    backend: &impl Backend,
    name: &str,
    audit: &AuditDraft,
) -> Result<bool, StoreError> {
    let mut tx = backend.write().await?;
    let done = tx
        .execute(
            sql(
                "INSERT INTO directory_competitors (name, name_folded, added_at)
                 VALUES ($1, $2, $3::timestamptz)
                 ON CONFLICT (name_folded) DO NOTHING",
            )
            .bind(name)
            .bind(name.to_lowercase())
            .bind(audit.at.to_string()),
        )
        .await?;
    let added = done > 0;
    if added {
        audit_log::append(&mut tx, audit).await?;
    }
    tx.commit().await?;
    Ok(added)
}

pub async fn remove_competitor(
    backend: &impl Backend,
    name: &str,
    audit: &AuditDraft,
) -> Result<bool, StoreError> {
    let mut tx = backend.write().await?;
    let done = tx
        .execute(
            sql("DELETE FROM directory_competitors WHERE name_folded = $1")
                .bind(name.to_lowercase()),
        )
        .await?;
    let removed = done > 0;
    if removed {
        audit_log::append(&mut tx, audit).await?;
    }
    tx.commit().await?;
    Ok(removed)
}
