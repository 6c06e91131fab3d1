//! Stored values back into domain types; a failure here means rows were edited by hand.

use jiff::Timestamp;
use lpc_domain::{CountryCode, MpnId, PartnerName};
use lpc_store::{Partner, StoreError};
use sqlx::Row;
use sqlx::postgres::PgRow;

/// Selects a `timestamptz` column as RFC 3339 text in UTC, which jiff parses exactly.
macro_rules! ts_text {
    ($col:literal) => {
        concat!(
            "to_char(",
            $col,
            " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
        )
    };
}
pub(crate) use ts_text;

/// The columns [`partner`] reads, with the registration time as text.
macro_rules! partner_columns {
    () => {
        concat!(
            "mpn_id, name, country, ",
            $crate::decode::ts_text!("registered_at"),
            " AS registered_at, contact_email, verification"
        )
    };
}
pub(crate) use partner_columns;

pub(crate) fn timestamp(text: &str) -> Result<Timestamp, StoreError> {
    text.parse()
        .map_err(|e| StoreError::corrupt(format!("stored timestamp {text:?}: {e}")))
}

pub(crate) fn mpn_id(value: i64) -> Result<MpnId, StoreError> {
    MpnId::from_stored(value).map_err(|e| StoreError::corrupt(format!("stored {e}")))
}

pub(crate) fn partner(row: &PgRow) -> Result<Partner, StoreError> {
    let get = |col: &str| row.try_get::<String, _>(col).map_err(StoreError::other);
    Ok(Partner {
        mpn_id: mpn_id(row.try_get("mpn_id").map_err(StoreError::other)?)?,
        name: PartnerName::parse(&get("name")?)
            .map_err(|e| StoreError::corrupt(format!("stored {e}")))?,
        country: CountryCode::parse(&get("country")?)
            .map_err(|e| StoreError::corrupt(format!("stored {e}")))?,
        registered_at: timestamp(&get("registered_at")?)?,
        contact_email: row
            .try_get::<Option<String>, _>("contact_email")
            .map_err(StoreError::other)?
            .as_deref()
            .map(email)
            .transpose()?,
        verification: lpc_store::Verification::parse(&get("verification")?)
            .ok_or_else(|| StoreError::corrupt("stored verification"))?,
    })
}

pub(crate) fn date(text: &str) -> Result<jiff::civil::Date, StoreError> {
    text.parse()
        .map_err(|e| StoreError::corrupt(format!("stored date {text:?}: {e}")))
}

pub(crate) fn email(text: &str) -> Result<lpc_domain::Email, StoreError> {
    lpc_domain::Email::parse(text).map_err(|e| StoreError::corrupt(format!("stored {e}")))
}

pub(crate) fn money(minor: i64, currency: &str) -> Result<lpc_domain::points::Money, StoreError> {
    let currency = lpc_domain::points::Currency::parse(currency)
        .map_err(|e| StoreError::corrupt(format!("stored {e}")))?;
    Ok(lpc_domain::points::Money::new(minor, currency))
}

pub(crate) fn opt_date(text: Option<String>) -> Result<Option<jiff::civil::Date>, StoreError> {
    text.as_deref().map(date).transpose()
}

pub(crate) fn opt_timestamp(text: Option<String>) -> Result<Option<Timestamp>, StoreError> {
    text.as_deref().map(timestamp).transpose()
}

/// A value of one of the store's text enums (`parse` is its `parse`), naming `what` it is.
pub(crate) fn stored<T>(
    text: &str,
    what: &str,
    parse: fn(&str) -> Option<T>,
) -> Result<T, StoreError> {
    parse(text).ok_or_else(|| StoreError::corrupt(format!("stored {what} {text:?} is unknown")))
}

pub(crate) fn option(text: &str) -> Result<lpc_domain::LearningOption, StoreError> {
    stored(text, "learning option", lpc_domain::LearningOption::parse)
}

/// The Action Pack's competency is stored as `''` (so that unique indexes work) and is `None`.
pub(crate) fn competency(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

/// How a competency is stored: `''` for none.
pub(crate) fn competency_key(competency: Option<&str>) -> &str {
    competency.unwrap_or("")
}
