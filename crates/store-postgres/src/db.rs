//! The PostgreSQL side of the shared SQL layer (`lpc_store::sql`): running its statements here.

use std::ops::DerefMut;
use std::sync::Arc;

use jiff::Timestamp;
use jiff::civil::Date;
use lpc_store::sql::query::Kind;
use lpc_store::sql::{Arg, Backend, Db, Dialect, Query, Row, Value, WriteTx};
use lpc_store::{AuditDraft, PartnerImport, PartnersStored, StoreError};
use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgArguments, PgRow, PgValueFormat};
use sqlx::{Column, PgConnection, Postgres, Row as _, Transaction, TypeInfo, ValueRef};

use crate::{PgStore, audit_log, db_err};

/// A PostgreSQL connection (pooled, in a transaction, or borrowed) running the shared SQL.
#[derive(Debug)]
pub struct PgDb<C>(pub C);

/// The shared SQL on a connection the caller already holds (inside its own transaction).
pub fn on(conn: &mut PgConnection) -> PgDb<&mut PgConnection> {
    PgDb(conn)
}

fn prepare(query: Query<'_>) -> sqlx::query::Query<'static, Postgres, PgArguments> {
    let (text, args) = query.into_parts();
    let mut q = sqlx::query(sqlx::AssertSqlSafe(text.into_owned()));
    for arg in args {
        q = match arg {
            Arg::Null(Kind::Integer) => q.bind(None::<i64>),
            Arg::Null(Kind::Real) => q.bind(None::<f64>),
            Arg::Null(Kind::Boolean) => q.bind(None::<bool>),
            Arg::Null(Kind::Text) => q.bind(None::<String>),
            Arg::Null(Kind::Bytes) => q.bind(None::<Vec<u8>>),
            Arg::I64(v) => q.bind(v),
            Arg::F64(v) => q.bind(v),
            Arg::Bool(v) => q.bind(v),
            Arg::Text(v) => q.bind(v.into_owned()),
            Arg::Bytes(v) => q.bind(v.into_owned()),
        };
    }
    q
}

/// Microseconds (timestamps) and days (dates) in PostgreSQL's binary format count from here.
const PG_EPOCH_SECONDS: i64 = 946_684_800;

fn binary(raw: &sqlx::postgres::PgValueRef<'_>, what: &str) -> Result<[u8; 8], StoreError> {
    if raw.format() != PgValueFormat::Binary {
        return Err(StoreError::internal(format!("{what} came as text")));
    }
    let bytes = raw
        .as_bytes()
        .map_err(|e| StoreError::internal(e.to_string()))?;
    let mut wide = [0u8; 8];
    let at = 8usize
        .checked_sub(bytes.len())
        .ok_or_else(|| StoreError::corrupt(format!("{what} of {} bytes", bytes.len())))?;
    wide[at..].copy_from_slice(bytes);
    if bytes.first().is_some_and(|b| b & 0x80 != 0) {
        wide[..at].fill(0xFF);
    }
    Ok(wide)
}

fn value(row: &PgRow, i: usize) -> Result<Value, StoreError> {
    let raw = row.try_get_raw(i).map_err(db_err)?;
    if raw.is_null() {
        return Ok(Value::Null);
    }
    let kind = row.columns()[i].type_info().name().to_owned();
    Ok(match kind.as_str() {
        "INT8" => Value::I64(row.try_get_unchecked::<i64, _>(i).map_err(db_err)?),
        "INT4" => Value::I64(row.try_get_unchecked::<i32, _>(i).map_err(db_err)?.into()),
        "INT2" => Value::I64(row.try_get_unchecked::<i16, _>(i).map_err(db_err)?.into()),
        "FLOAT8" => Value::F64(row.try_get_unchecked(i).map_err(db_err)?),
        "FLOAT4" => Value::F64(row.try_get_unchecked::<f32, _>(i).map_err(db_err)?.into()),
        "BOOL" => Value::Bool(row.try_get_unchecked(i).map_err(db_err)?),
        "BYTEA" => Value::Bytes(row.try_get_unchecked(i).map_err(db_err)?),
        "TIMESTAMPTZ" => {
            let micros = i64::from_be_bytes(binary(&raw, "a timestamp")?);
            let at = Timestamp::from_microsecond(PG_EPOCH_SECONDS * 1_000_000 + micros)
                .map_err(|e| StoreError::corrupt(format!("stored timestamp: {e}")))?;
            Value::Text(at.to_string())
        }
        "DATE" => {
            let days = i64::from_be_bytes(binary(&raw, "a date")?);
            let day = jiff::civil::date(2000, 1, 1)
                .checked_add(jiff::Span::new().days(days))
                .map_err(|e| StoreError::corrupt(format!("stored date: {e}")))?;
            Value::Text(Date::to_string(&day))
        }
        "VOID" => Value::Null,
        "TEXT" | "VARCHAR" | "BPCHAR" | "NAME" => {
            Value::Text(row.try_get_unchecked(i).map_err(db_err)?)
        }
        other => {
            return Err(StoreError::internal(format!(
                "column {i} has the type {other}, which the shared SQL does not read"
            )));
        }
    })
}

fn rows(found: Vec<PgRow>) -> Result<Vec<Row>, StoreError> {
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

impl<C: DerefMut<Target = PgConnection> + Send> Db for PgDb<C> {
    const DIALECT: Dialect = Dialect::Postgres;

    async fn execute(&mut self, query: Query<'_>) -> Result<u64, StoreError> {
        let done = prepare(query).execute(&mut *self.0).await.map_err(db_err)?;
        Ok(done.rows_affected())
    }

    async fn fetch_all(&mut self, query: Query<'_>) -> Result<Vec<Row>, StoreError> {
        let found = prepare(query)
            .fetch_all(&mut *self.0)
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

impl WriteTx for PgDb<Transaction<'static, Postgres>> {
    async fn commit(self) -> Result<(), StoreError> {
        self.0.commit().await.map_err(db_err)
    }
}

impl Backend for PgStore {
    const DIALECT: Dialect = Dialect::Postgres;
    type Read = PgDb<PoolConnection<Postgres>>;
    type Write = PgDb<Transaction<'static, Postgres>>;
    type Plain = PgDb<PoolConnection<Postgres>>;

    async fn read(&self) -> Result<Self::Read, StoreError> {
        self.pool.acquire().await.map(PgDb).map_err(db_err)
    }

    async fn write(&self) -> Result<Self::Write, StoreError> {
        audit_log::begin_write(&self.pool).await.map(PgDb)
    }

    async fn plain_write(&self) -> Result<Self::Plain, StoreError> {
        self.pool.acquire().await.map(PgDb).map_err(db_err)
    }

    /// A plain transaction, without the audit chain's advisory lock.
    async fn unaudited_write(&self) -> Result<Self::Write, StoreError> {
        self.pool.begin().await.map(PgDb).map_err(db_err)
    }

    async fn write_partner_import(
        &self,
        import: PartnerImport,
        audit: &AuditDraft,
    ) -> Result<PartnersStored, StoreError> {
        crate::partner_import::write(&self.pool, import, audit).await
    }
}
