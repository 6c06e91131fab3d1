//! The read side of the public directory (R24, R26, R28): the listings public on a day with
//! their partners' active memberships, and the fingerprint that tells a server its copy is
//! stale. The listings are written by [`crate::sql::directory`].

use jiff::civil::Date;
use lpc_domain::CountryCode;

use crate::StoreError;
use crate::directory_public::{DirectoryVersion, ListedMembership, PublicListing};
use crate::sql::db::{Backend, Db, Dialect};
use crate::sql::decode;
use crate::sql::query::sql;

/// One row per (listing, active membership); a listing without one comes once, with NULLs.
/// SQLite stores dates as `YYYY-MM-DD` text, so comparing them as text compares the days.
const PUBLIC_LISTINGS: &str = "
    SELECT l.partner_id, l.display_name, l.country, l.landing_url, l.visible_from,
           m.option, m.competency
      FROM directory_listings l
      LEFT JOIN memberships m ON m.partner_id = l.partner_id AND m.status = 'active'
     WHERE l.visible_from <= $1::date AND (l.listed_until IS NULL OR l.listed_until > $1::date)
     ORDER BY l.partner_id, m.option, m.competency";

pub async fn public_listings(
    backend: &impl Backend,
    on: Date,
) -> Result<Vec<PublicListing>, StoreError> {
    let rows = backend
        .read()
        .await?
        .fetch_all(sql(PUBLIC_LISTINGS).bind(on.to_string()))
        .await?;
    let mut listings: Vec<PublicListing> = Vec::new();
    for row in &rows {
        let partner = decode::mpn_id(row.get("partner_id")?)?;
        if listings.last().is_none_or(|l| l.partner_id != partner) {
            let country: String = row.get("country")?;
            let visible_from: String = row.get("visible_from")?;
            listings.push(PublicListing {
                partner_id: partner,
                display_name: row.get("display_name")?,
                country: CountryCode::parse(&country)
                    .map_err(|e| StoreError::corrupt(format!("stored {e}")))?,
                landing_url: row.get("landing_url")?,
                visible_from: decode::date(&visible_from)?,
                memberships: Vec::new(),
            });
        }
        let option: Option<String> = row.get("option")?;
        if let (Some(option), Some(listing)) = (option, listings.last_mut()) {
            let competency: Option<String> = row.get("competency")?;
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

pub async fn version<B: Backend>(backend: &B) -> Result<DirectoryVersion, StoreError> {
    // The end dates as day numbers: any count of days works, as long as it changes with the
    // date; each database has its own way to count them.
    let removed_days = match B::DIALECT {
        Dialect::Sqlite => "CAST(julianday(listed_until) AS INTEGER)",
        Dialect::Postgres => "listed_until - DATE '2000-01-01'",
    };
    let row = backend
        .read()
        .await?
        .fetch_one(sql(format!(
            "SELECT (SELECT count(*) FROM directory_listings) AS listings,
                    (SELECT coalesce(sum(request_id), 0)::bigint FROM directory_listings)
                       AS request_ids,
                    (SELECT count(listed_until) FROM directory_listings) AS removed,
                    (SELECT coalesce(sum({removed_days}), 0)::bigint
                       FROM directory_listings) AS removed_days,
                    (SELECT count(*) FROM memberships WHERE status = 'active')
                       AS active_memberships,
                    (SELECT coalesce(sum(id), 0)::bigint FROM memberships
                      WHERE status = 'active') AS membership_ids"
        )))
        .await?;
    Ok(DirectoryVersion {
        listings: row.get("listings")?,
        request_ids: row.get("request_ids")?,
        removed: row.get("removed")?,
        removed_days: row.get("removed_days")?,
        active_memberships: row.get("active_memberships")?,
        membership_ids: row.get("membership_ids")?,
    })
}
