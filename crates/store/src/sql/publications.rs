//! Publications' headers (R17): the publication made on a date, the first, the latest.
//! Making one and deriving its rows is the ledger's (each backend's `ledger`).

use crate::{Publication, StoreError};
use jiff::civil::Date;
use lpc_domain::calendar::{MonthSpan, YearMonth};

use crate::sql::db::{Backend, Db};
use crate::sql::decode;
use crate::sql::query::sql;
use crate::sql::row::Row;

/// The columns [`header`] decodes.
pub const COLUMNS: &str =
    "published_on, period_from, period_to, partners, lines, digest, published_at";

/// The publication made on `published_on`.
pub async fn get(
    backend: &impl Backend,
    published_on: Date,
) -> Result<Option<Publication>, StoreError> {
    one(
        backend,
        &format!("SELECT {COLUMNS} FROM publications WHERE published_on = $1::date"),
        Some(published_on),
    )
    .await
}

/// The first publication ever made.
pub async fn first(backend: &impl Backend) -> Result<Option<Publication>, StoreError> {
    one(
        backend,
        &format!("SELECT {COLUMNS} FROM publications ORDER BY published_on LIMIT 1"),
        None,
    )
    .await
}

/// The latest publication made on or before `on_or_before`.
pub async fn latest(
    backend: &impl Backend,
    on_or_before: Date,
) -> Result<Option<Publication>, StoreError> {
    one(
        backend,
        &format!(
            "SELECT {COLUMNS} FROM publications WHERE published_on <= $1::date
             ORDER BY published_on DESC LIMIT 1"
        ),
        Some(on_or_before),
    )
    .await
}

/// The first publication made after `date`.
pub async fn after(backend: &impl Backend, date: Date) -> Result<Option<Publication>, StoreError> {
    one(
        backend,
        &format!(
            "SELECT {COLUMNS} FROM publications WHERE published_on > $1::date
             ORDER BY published_on LIMIT 1"
        ),
        Some(date),
    )
    .await
}

/// The header `select` finds, binding `date` (if any) to its `$1`.
async fn one(
    backend: &impl Backend,
    select: &str,
    date: Option<Date>,
) -> Result<Option<Publication>, StoreError> {
    let mut query = sql(select);
    if let Some(date) = date {
        query = query.bind(date.to_string());
    }
    let row = backend.read().await?.fetch_optional(query).await?;
    row.as_ref().map(header).transpose()
}

fn year_month(text: &str) -> Result<YearMonth, StoreError> {
    text.parse()
        .map_err(|e| StoreError::corrupt(format!("stored month {text:?}: {e}")))
}

/// A publication's header from the [`COLUMNS`] of its row.
pub fn header(row: &Row) -> Result<Publication, StoreError> {
    let text = |col: &str| row.get::<String>(col);
    let count = |col: &str| {
        row.get::<i64>(col)
            .map(|n| u64::try_from(n).unwrap_or_default())
    };
    Ok(Publication {
        published_on: decode::date(&text("published_on")?)?,
        period: MonthSpan {
            from: year_month(&text("period_from")?)?,
            to: year_month(&text("period_to")?)?,
        },
        partners: count("partners")?,
        lines: count("lines")?,
        digest: text("digest")?,
        published_at: decode::timestamp(&text("published_at")?)?,
    })
}
