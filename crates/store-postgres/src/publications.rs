//! Publications' headers (R17): the publication made on a date, the first, the latest.
//! Making one and deriving its rows is the ledger's (`crate::ledger`).

use jiff::civil::Date;
use lpc_domain::calendar::{MonthSpan, YearMonth};
use lpc_store::{Publication, StoreError};
use sqlx::postgres::PgRow;
use sqlx::{PgPool, Row};

use crate::decode::ts_text;
use crate::{db_err, decode};

const HEADER: &str = concat!(
    "SELECT published_on::text AS published_on, period_from, period_to, partners, lines, digest, ",
    ts_text!("published_at"),
    " AS published_at FROM publications"
);

pub(crate) async fn get(
    pool: &PgPool,
    published_on: Date,
) -> Result<Option<Publication>, StoreError> {
    let sql = format!("{HEADER} WHERE published_on = $1::date");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(published_on.to_string())
        .fetch_optional(pool)
        .await
        .map_err(db_err)?;
    row.as_ref().map(header).transpose()
}

pub(crate) async fn first(pool: &PgPool) -> Result<Option<Publication>, StoreError> {
    let sql = format!("{HEADER} ORDER BY published_on LIMIT 1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_optional(pool)
        .await
        .map_err(db_err)?;
    row.as_ref().map(header).transpose()
}

pub(crate) async fn latest(
    pool: &PgPool,
    on_or_before: Date,
) -> Result<Option<Publication>, StoreError> {
    let sql = format!("{HEADER} WHERE published_on <= $1::date ORDER BY published_on DESC LIMIT 1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(on_or_before.to_string())
        .fetch_optional(pool)
        .await
        .map_err(db_err)?;
    row.as_ref().map(header).transpose()
}

pub(crate) async fn after(pool: &PgPool, date: Date) -> Result<Option<Publication>, StoreError> {
    let sql = format!("{HEADER} WHERE published_on > $1::date ORDER BY published_on LIMIT 1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(date.to_string())
        .fetch_optional(pool)
        .await
        .map_err(db_err)?;
    row.as_ref().map(header).transpose()
}

fn year_month(text: &str) -> Result<YearMonth, StoreError> {
    text.parse()
        .map_err(|e| StoreError::corrupt(format!("stored month {text:?}: {e}")))
}

fn header(row: &PgRow) -> Result<Publication, StoreError> {
    let text = |col: &str| row.try_get::<String, _>(col).map_err(db_err);
    let count = |col: &str| {
        row.try_get::<i64, _>(col)
            .map_err(db_err)
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
