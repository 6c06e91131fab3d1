//! The SQLite side of the shared SQL layer (`lpc_store::sql`): running its statements here.

use std::borrow::Cow;
use std::ops::DerefMut;
use std::sync::Arc;

use futures_util::TryStreamExt;
use lpc_store::sql::{Arg, Backend, Db, Dialect, Query, Row, Value, WriteTx};
use lpc_store::{AuditDraft, PartnerImport, PartnersStored, StoreError};
use sqlx::pool::PoolConnection;
use sqlx::sqlite::{SqliteArguments, SqliteRow};
use sqlx::{Column, Row as _, Sqlite, SqliteConnection, Transaction, TypeInfo, ValueRef};

use crate::{SqliteStore, db_err};

/// A SQLite connection (pooled, in a transaction, or borrowed) running the shared SQL.
#[derive(Debug)]
pub struct SqliteDb<C>(pub C);

/// The shared SQL on a connection the caller already holds (inside its own transaction).
pub fn on(conn: &mut SqliteConnection) -> SqliteDb<&mut SqliteConnection> {
    SqliteDb(conn)
}

/// SQLite has no `::type` casts: they are removed, outside string literals. Byte by byte
/// (the bytes looked at are ASCII, never part of a longer character): a multi-row INSERT's
/// text runs to tens of kilobytes.
pub(crate) fn without_casts(sql: &str) -> Cow<'_, str> {
    if !sql.contains("::") {
        return Cow::Borrowed(sql);
    }
    let bytes = sql.as_bytes();
    let mut out = String::with_capacity(sql.len());
    let mut quoted = false;
    let mut kept = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\'' => quoted = !quoted,
            b':' if !quoted && bytes.get(i + 1) == Some(&b':') => {
                out.push_str(&sql[kept..i]);
                i += 2;
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                kept = i;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out.push_str(&sql[kept..]);
    Cow::Owned(out)
}

/// `$1, $2, ... $n`, each once and in that order (outside string literals), become `?`.
/// SQLite finds a numbered parameter's name by a linear scan of the statement's names, and
/// sqlx asks for every parameter's name as it binds: binding n numbered parameters costs
/// n², which made a multi-row INSERT of 2,000 parameters spend most of its time there.
/// Anonymous `?` parameters are bound by position. A statement that names a parameter
/// twice, or out of order, keeps its `$N`.
fn positional(sql: &str) -> Option<String> {
    let bytes = sql.as_bytes();
    let mut out = String::with_capacity(sql.len());
    let mut quoted = false;
    let mut next = 1u32;
    let mut kept = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\'' => quoted = !quoted,
            b'$' if !quoted => {
                let digits = bytes[i + 1..]
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .count();
                if digits > 0 {
                    if sql[i + 1..i + 1 + digits].parse::<u32>().ok()? != next {
                        return None;
                    }
                    next += 1;
                    out.push_str(&sql[kept..i]);
                    out.push('?');
                    i += 1 + digits;
                    kept = i;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out.push_str(&sql[kept..]);
    Some(out)
}

fn prepare(query: Query<'_>) -> sqlx::query::Query<'static, Sqlite, SqliteArguments> {
    debug_assert!(
        lpc_store::sql::query::placeholders_ascend(query.text()),
        "SQLite numbers $N by first appearance: {}",
        query.text()
    );
    let (text, args) = query.into_parts();
    let text = without_casts(&text);
    let text = positional(&text).unwrap_or_else(|| text.into_owned());
    let mut q = sqlx::query(sqlx::AssertSqlSafe(text));
    for arg in args {
        q = match arg {
            Arg::Null(_) => q.bind(None::<i64>),
            Arg::I64(v) => q.bind(v),
            Arg::F64(v) => q.bind(v),
            Arg::Bool(v) => q.bind(v),
            Arg::Text(v) => q.bind(v.into_owned()),
            Arg::Bytes(v) => q.bind(v.into_owned()),
        };
    }
    q
}

fn value(row: &SqliteRow, i: usize) -> Result<Value, StoreError> {
    let raw = row.try_get_raw(i).map_err(db_err)?;
    if raw.is_null() {
        return Ok(Value::Null);
    }
    let kind = raw.type_info().name().to_owned();
    Ok(match kind.as_str() {
        "INTEGER" | "BOOLEAN" => Value::I64(row.try_get_unchecked(i).map_err(db_err)?),
        "REAL" => Value::F64(row.try_get_unchecked(i).map_err(db_err)?),
        "BLOB" => Value::Bytes(row.try_get_unchecked(i).map_err(db_err)?),
        _ => Value::Text(row.try_get_unchecked(i).map_err(db_err)?),
    })
}

fn rows(found: Vec<SqliteRow>) -> Result<Vec<Row>, StoreError> {
    let Some(first) = found.first() else {
        return Ok(Vec::new());
    };
    let names: Arc<[String]> = first
        .columns()
        .iter()
        .map(|c| c.name().to_owned())
        .collect();
    found
        .iter()
        .map(|r| {
            let values = (0..names.len())
                .map(|i| value(r, i))
                .collect::<Result<_, _>>()?;
            Ok(Row::new(Arc::clone(&names), values))
        })
        .collect()
}

impl<C: DerefMut<Target = SqliteConnection> + Send> Db for SqliteDb<C> {
    const DIALECT: Dialect = Dialect::Sqlite;

    async fn execute(&mut self, query: Query<'_>) -> Result<u64, StoreError> {
        let done = prepare(query).execute(&mut *self.0).await.map_err(db_err)?;
        Ok(done.rows_affected())
    }

    async fn fetch_all(&mut self, query: Query<'_>) -> Result<Vec<Row>, StoreError> {
        let found: Vec<SqliteRow> = prepare(query)
            .fetch(&mut *self.0)
            .try_collect()
            .await
            .map_err(db_err)?;
        rows(found)
    }

    async fn fetch_optional(&mut self, query: Query<'_>) -> Result<Option<Row>, StoreError> {
        let found = prepare(query)
            .fetch_optional(&mut *self.0)
            .await
            .map_err(db_err)?;
        Ok(rows(found.into_iter().collect())?.pop())
    }
}

impl WriteTx for SqliteDb<Transaction<'static, Sqlite>> {
    async fn commit(self) -> Result<(), StoreError> {
        self.0.commit().await.map_err(db_err)
    }
}

impl Backend for SqliteStore {
    const DIALECT: Dialect = Dialect::Sqlite;
    type Read = SqliteDb<PoolConnection<Sqlite>>;
    type Write = SqliteDb<Transaction<'static, Sqlite>>;
    type Plain = SqliteDb<PoolConnection<Sqlite>>;

    async fn read(&self) -> Result<Self::Read, StoreError> {
        self.reader.acquire().await.map(SqliteDb).map_err(db_err)
    }

    /// `BEGIN IMMEDIATE` takes the write lock at once, so that the transaction's reads cannot
    /// be overtaken by another writer before its first write.
    async fn write(&self) -> Result<Self::Write, StoreError> {
        self.writer
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map(SqliteDb)
            .map_err(db_err)
    }

    async fn plain_write(&self) -> Result<Self::Plain, StoreError> {
        self.writer.acquire().await.map(SqliteDb).map_err(db_err)
    }

    async fn write_partner_import(
        &self,
        import: PartnerImport,
        audit: &AuditDraft,
    ) -> Result<PartnersStored, StoreError> {
        crate::partner_import::write(&self.bulk, import, audit).await
    }
}

#[cfg(test)]
mod tests {
    use super::{positional, without_casts};

    #[test]
    fn placeholders_named_once_in_order_become_positional() {
        assert_eq!(
            positional("INSERT INTO t VALUES ($1, $2), ($3, '$4'), ($4, $5)").as_deref(),
            Some("INSERT INTO t VALUES (?, ?), (?, '$4'), (?, ?)")
        );
        assert_eq!(positional("SELECT 1").as_deref(), Some("SELECT 1"));
        assert_eq!(positional("SELECT $1, $1"), None, "a repeated name stays");
        assert_eq!(positional("SELECT $2, $1"), None);
        assert_eq!(
            positional("SELECT '日本' || $1").as_deref(),
            Some("SELECT '日本' || ?")
        );
    }

    #[test]
    fn casts_are_removed_but_not_from_literals() {
        assert_eq!(
            without_casts("SELECT $1::date, x::bigint, '::keep' FROM t"),
            "SELECT $1, x, '::keep' FROM t"
        );
    }
}
