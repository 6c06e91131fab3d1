//! The read side of the public directory (R24, R26, R28): the listings public on a day with
//! their partners' active memberships, and the fingerprint that tells a server its copy is
//! stale. The listings are written by [`crate::directory`].

use jiff::civil::Date;
use lpc_domain::CountryCode;
use lpc_store::StoreError;
use lpc_store::directory_public::{DirectoryVersion, ListedMembership, PublicListing};
use sqlx::{PgPool, Row};

use crate::{db_err, decode};

/// One row per (listing, active membership); a listing without one comes once, with NULLs.
const PUBLIC_LISTINGS: &str = "
    SELECT l.partner_id, l.display_name, l.country, l.landing_url,
           l.visible_from::text AS visible_from, m.option, m.competency
      FROM directory_listings l
      LEFT JOIN memberships m ON m.partner_id = l.partner_id AND m.status = 'active'
     WHERE l.visible_from <= $1::date AND (l.listed_until IS NULL OR l.listed_until > $1::date)
     ORDER BY l.partner_id, m.option, m.competency";

pub(crate) async fn public_listings(
    pool: &PgPool,
    on: Date,
) -> Result<Vec<PublicListing>, StoreError> {
    let rows = sqlx::query(PUBLIC_LISTINGS)
        .bind(on.to_string())
        .fetch_all(pool)
        .await
        .map_err(db_err)?;
    let mut listings: Vec<PublicListing> = Vec::new();
    for row in &rows {
        let partner = decode::mpn_id(row.try_get("partner_id").map_err(db_err)?)?;
        if listings.last().is_none_or(|l| l.partner_id != partner) {
            let country: String = row.try_get("country").map_err(db_err)?;
            let visible_from: String = row.try_get("visible_from").map_err(db_err)?;
            listings.push(PublicListing {
                partner_id: partner,
                display_name: row.try_get("display_name").map_err(db_err)?,
                country: CountryCode::parse(&country)
                    .map_err(|e| StoreError::corrupt(format!("stored {e}")))?,
                landing_url: row.try_get("landing_url").map_err(db_err)?,
                visible_from: decode::date(&visible_from)?,
                memberships: Vec::new(),
            });
        }
        let option: Option<String> = row.try_get("option").map_err(db_err)?;
        if let (Some(option), Some(listing)) = (option, listings.last_mut()) {
            let competency: Option<String> = row.try_get("competency").map_err(db_err)?;
            listing.memberships.push(ListedMembership {
                option: decode::option(&option)?,
                competency: competency.and_then(decode::competency),
            });
        }
    }
    for listing in &mut listings {
        listing.memberships.sort();
    }
    Ok(listings)
}

pub(crate) async fn version(pool: &PgPool) -> Result<DirectoryVersion, StoreError> {
    let row = sqlx::query(
        "SELECT (SELECT count(*) FROM directory_listings) AS listings,
                (SELECT coalesce(sum(request_id), 0)::bigint FROM directory_listings)
                   AS request_ids,
                (SELECT count(listed_until) FROM directory_listings) AS removed,
                (SELECT coalesce(sum(listed_until - DATE '2000-01-01'), 0)::bigint
                   FROM directory_listings) AS removed_days,
                (SELECT count(*) FROM memberships WHERE status = 'active') AS active_memberships,
                (SELECT coalesce(sum(id), 0)::bigint FROM memberships WHERE status = 'active')
                   AS membership_ids",
    )
    .fetch_one(pool)
    .await
    .map_err(db_err)?;
    let get = |col: &str| row.try_get::<i64, _>(col).map_err(db_err);
    Ok(DirectoryVersion {
        listings: get("listings")?,
        request_ids: get("request_ids")?,
        removed: get("removed")?,
        removed_days: get("removed_days")?,
        active_memberships: get("active_memberships")?,
        membership_ids: get("membership_ids")?,
    })
}
