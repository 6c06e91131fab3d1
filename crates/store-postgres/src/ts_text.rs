//! PostgreSQL timestamps as text, for the ledger's own queries (the shared SQL reads them
//! through `crate::db`, which needs none of this).

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
