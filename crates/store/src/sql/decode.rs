//! Stored values back into domain types; a failure here means rows were edited by hand.

use crate::{Partner, StoreError};
use jiff::Timestamp;
use lpc_domain::{CountryCode, MpnId, PartnerName};

use crate::sql::row::Row;

pub fn timestamp(text: &str) -> Result<Timestamp, StoreError> {
    text.parse()
        .map_err(|e| StoreError::corrupt(format!("stored timestamp {text:?}: {e}")))
}

pub fn mpn_id(value: i64) -> Result<MpnId, StoreError> {
    MpnId::from_stored(value).map_err(|e| StoreError::corrupt(format!("stored {e}")))
}

pub fn partner(row: &Row) -> Result<Partner, StoreError> {
    let get = |col: &str| row.get::<String>(col);
    Ok(Partner {
        mpn_id: mpn_id(row.get("mpn_id")?)?,
        name: PartnerName::parse(&get("name")?)
            .map_err(|e| StoreError::corrupt(format!("stored {e}")))?,
        country: CountryCode::parse(&get("country")?)
            .map_err(|e| StoreError::corrupt(format!("stored {e}")))?,
        registered_at: timestamp(&get("registered_at")?)?,
        contact_email: row
            .get::<Option<String>>("contact_email")?
            .as_deref()
            .map(email)
            .transpose()?,
        verification: crate::Verification::parse(&get("verification")?)
            .ok_or_else(|| StoreError::corrupt("stored verification"))?,
    })
}

/// A time stored as Unix seconds (expiries, leases, back-offs: compared as numbers in SQL).
pub fn unix_seconds(value: i64) -> Result<Timestamp, StoreError> {
    Timestamp::from_second(value)
        .map_err(|e| StoreError::corrupt(format!("stored time {value}: {e}")))
}

pub fn date(text: &str) -> Result<jiff::civil::Date, StoreError> {
    text.parse()
        .map_err(|e| StoreError::corrupt(format!("stored date {text:?}: {e}")))
}

pub fn email(text: &str) -> Result<lpc_domain::Email, StoreError> {
    lpc_domain::Email::parse(text).map_err(|e| StoreError::corrupt(format!("stored {e}")))
}

pub fn money(minor: i64, currency: &str) -> Result<lpc_domain::points::Money, StoreError> {
    let currency = lpc_domain::points::Currency::parse(currency)
        .map_err(|e| StoreError::corrupt(format!("stored {e}")))?;
    Ok(lpc_domain::points::Money::new(minor, currency))
}

pub fn opt_date(text: Option<String>) -> Result<Option<jiff::civil::Date>, StoreError> {
    text.as_deref().map(date).transpose()
}

pub fn opt_timestamp(text: Option<String>) -> Result<Option<Timestamp>, StoreError> {
    text.as_deref().map(timestamp).transpose()
}

/// A value of one of the store's text enums (`parse` is its `parse`), naming `what` it is.
pub fn stored<T>(text: &str, what: &str, parse: fn(&str) -> Option<T>) -> Result<T, StoreError> {
    parse(text).ok_or_else(|| StoreError::corrupt(format!("stored {what} {text:?} is unknown")))
}

pub fn option(text: &str) -> Result<lpc_domain::LearningOption, StoreError> {
    stored(text, "learning option", lpc_domain::LearningOption::parse)
}

/// The Action Pack's competency is stored as `''` (so that unique indexes work) and is `None`.
pub fn competency(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

/// How a competency is stored: `''` for none.
pub fn competency_key(competency: Option<&str>) -> &str {
    competency.unwrap_or("")
}
