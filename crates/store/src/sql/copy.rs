//! Copying a whole database into an empty PostgreSQL database (`lpc db copy`), for a program
//! that outgrows SQLite.
//!
//! What is copied comes from the target's own schema (`information_schema`), never from a
//! list written here: every table the migrations made is copied, including tables added after
//! this file was written, and a table or column of the source that the target lacks stops
//! the copy instead of being left behind. Only `_sqlx_migrations` stays: each database keeps
//! the record of its own migrations (their checksums differ between the two backends).
//!
//! - Tables are filled parents first (the target's foreign keys), so that every reference
//!   finds its row.
//! - The source is read in one snapshot, page by page in primary-key order, so that memory
//!   stays bounded whatever the size of the ledger; each page goes into the target as one
//!   multi-row INSERT under PostgreSQL's 65,535 parameters.
//! - Each value is bound as what its target column is (`information_schema.columns`) and cast
//!   there: SQLite's 0 and 1 become booleans, its ISO text `date` and `timestamptz`, its blobs
//!   `bytea`.
//! - Everything happens in one transaction on the target, which holds the audit chain's lock:
//!   a failure leaves the target as empty as it was. Ids are kept, every sequence (identity
//!   columns, `BIGSERIAL`) continues after the largest copied id, and each table must count
//!   the rows the source held before the transaction commits.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::Serialize;

use crate::StoreError;
use crate::sql::db::{Backend, Db, Dialect, WriteTx};
use crate::sql::query::{Arg, Kind, Query, sql};
use crate::sql::row::Value;

/// PostgreSQL's limit on a statement's parameters (its protocol counts them in 16 bits).
const MAX_PARAMETERS: usize = 65_535;

/// What one page of rows may weigh in text and blobs before the next page is read smaller:
/// rows carrying files (proofs of payment, attachments) or ledger segments stay bounded in
/// memory.
const PAGE_BYTES: usize = 32 << 20;

/// Tables that are not copied: sqlx's record of the migrations applied to each database.
const NOT_COPIED: &[&str] = &["_sqlx_migrations"];

/// How far a copy is, for a progress bar.
#[derive(Debug, Clone, Copy)]
pub struct CopyProgress<'a> {
    /// The table being copied.
    pub table: &'a str,
    /// Rows copied so far, all tables together.
    pub rows: u64,
    /// Rows the source holds, all tables together.
    pub total: u64,
}

/// The rows copied into one table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableCopied {
    pub table: String,
    pub rows: u64,
}

/// What a copy did: every table of the target, in the order they were filled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CopyReport {
    pub tables: Vec<TableCopied>,
    /// Rows copied, all tables together.
    pub rows: u64,
}

/// Why a copy did not happen. Whatever the reason, the target is left as it was.
#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    /// The target holds rows already: a copy only fills an empty database.
    #[error("the target database is not empty: {}", holding(.tables, *.more))]
    NotEmpty {
        /// The target's tables that hold rows (the first few).
        tables: Vec<String>,
        /// How many more tables hold rows.
        more: usize,
    },
    /// The two databases do not have the same tables and columns (different migrations, or
    /// tables that are not lpc's), or the target is not PostgreSQL.
    #[error("{0}")]
    Schema(String),
    /// A stored value its column in the target cannot take.
    #[error("table {table}, row {row}, column {column}: {problem}")]
    Value {
        table: String,
        /// The row's key, as `column = value`.
        row: String,
        column: String,
        problem: String,
    },
    /// The target refused a page of a table's rows: a value its type or a constraint refuses.
    #[error("table {table}, rows {rows}: the target refused them: {source}")]
    Refused {
        table: String,
        /// The page's first and last keys, as `column = value`.
        rows: String,
        #[source]
        source: StoreError,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn holding(tables: &[String], more: usize) -> String {
    let named = match tables {
        [one] if more == 0 => return format!("table {one} has rows"),
        several => several.join(", "),
    };
    if more == 0 {
        format!("tables {named} have rows")
    } else {
        format!("tables {named} and {more} more have rows")
    }
}

/// A column of the target, and how its values are bound.
#[derive(Debug, Clone)]
struct Column {
    name: String,
    /// The type to cast the bound value to (`information_schema.columns.udt_name`).
    cast: String,
    kind: Kind,
}

/// A table of the target.
#[derive(Debug, Clone)]
struct Table {
    name: String,
    columns: Vec<Column>,
    /// The primary key's columns (positions in `columns`), in the key's order; empty for a
    /// table without one.
    key: Vec<usize>,
}

/// Copies every table of `source` into `target`, an empty PostgreSQL database migrated to the
/// same schema, telling `progress` after each page. Nothing is written unless all of it is.
pub async fn copy<S: Backend, T: Backend>(
    source: &S,
    target: &T,
    mut progress: impl FnMut(CopyProgress<'_>) + Send,
) -> Result<CopyReport, CopyError> {
    if T::DIALECT != Dialect::Postgres {
        return Err(CopyError::Schema(
            "the target of a copy must be a PostgreSQL database".to_owned(),
        ));
    }
    let mut to = target.write().await?;
    let tables = target_tables(&mut to).await?;
    refuse_rows(&mut to, &tables).await?;
    let mut from = source.read().await?;
    from.execute(sql(match S::DIALECT {
        Dialect::Sqlite => "BEGIN",
        Dialect::Postgres => "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
    }))
    .await?;
    let copied = copy_tables(&mut from, &mut to, &tables, &mut progress).await;
    // The snapshot ends whatever happened; the copy's own error is the one worth telling.
    let ended = from.execute(sql("ROLLBACK")).await;
    let report = copied?;
    ended?;
    continue_sequences(&mut to).await?;
    to.commit().await?;
    Ok(report)
}

/// Copies `tables` in order, after checking that the source has the same ones.
async fn copy_tables<F: Db, G: Db>(
    from: &mut F,
    to: &mut G,
    tables: &[Table],
    progress: &mut (impl FnMut(CopyProgress<'_>) + Send),
) -> Result<CopyReport, CopyError> {
    same_tables(&source_columns(from).await?, tables)?;
    let mut counts = Vec::with_capacity(tables.len());
    for table in tables {
        let (n,): (i64,) = from
            .fetch_one_as(sql(format!("SELECT count(*) FROM {}", quote(&table.name))))
            .await?;
        counts.push(u64::try_from(n).unwrap_or_default());
    }
    let mut tally = Tally {
        done: 0,
        total: counts.iter().sum(),
        tell: progress,
    };
    let mut report = CopyReport {
        tables: Vec::with_capacity(tables.len()),
        rows: 0,
    };
    for (table, expected) in tables.iter().zip(counts) {
        tally.add(&table.name, 0);
        let rows = copy_table(from, to, table, &mut tally).await?;
        let (stored,): (i64,) = to
            .fetch_one_as(sql(format!("SELECT count(*) FROM {}", quote(&table.name))))
            .await?;
        if rows != expected || u64::try_from(stored).ok() != Some(rows) {
            return Err(CopyError::Store(StoreError::internal(format!(
                "table {}: the source holds {expected} rows, {rows} were copied and the target \
                 counts {stored}",
                table.name
            ))));
        }
        report.rows += rows;
        report.tables.push(TableCopied {
            table: table.name.clone(),
            rows,
        });
    }
    Ok(report)
}

/// Copies one table page by page; how many rows it copied.
async fn copy_table<F: Db, G: Db>(
    from: &mut F,
    to: &mut G,
    table: &Table,
    tally: &mut Tally<impl FnMut(CopyProgress<'_>) + Send>,
) -> Result<u64, CopyError> {
    let list = table
        .columns
        .iter()
        .map(|c| quote(&c.name))
        .collect::<Vec<_>>()
        .join(", ");
    // A table without a primary key is paged by SQLite's rowid, read last in each row (the
    // INSERT takes the columns only); on PostgreSQL it is read whole (lpc's only such table,
    // `user_roles`, holds a few rows per user).
    let by_rowid = table.key.is_empty() && F::DIALECT == Dialect::Sqlite;
    let whole = table.key.is_empty() && !by_rowid;
    let (select, order) = if by_rowid {
        (
            format!("SELECT {list}, rowid FROM {}", quote(&table.name)),
            "rowid".to_owned(),
        )
    } else {
        let order = table
            .key
            .iter()
            .map(|&i| quote(&table.columns[i].name))
            .collect::<Vec<_>>()
            .join(", ");
        (format!("SELECT {list} FROM {}", quote(&table.name)), order)
    };
    let max_rows = (MAX_PARAMETERS / table.columns.len().max(1)).max(1);
    let mut limit = max_rows;
    let mut after: Option<Vec<Arg<'static>>> = None;
    let mut statement = Statement::default();
    let mut copied = 0u64;
    // The page read last, written while the next one is read: SQLite reads on its own thread
    // while PostgreSQL inserts, instead of each waiting for the other.
    let mut pending: Vec<Vec<Value>> = Vec::new();
    let mut more = true;
    while more || !pending.is_empty() {
        let next = more.then(|| {
            if whole {
                sql(select.clone())
            } else {
                page_query(&select, &order, table, by_rowid, after.take(), limit)
            }
        });
        let read = async {
            match next {
                Some(query) => from.fetch_all(query).await.map(Some),
                None => Ok(None),
            }
        };
        let page = std::mem::take(&mut pending);
        let write = write_page(to, table, by_rowid, &mut statement, page, max_rows, tally);
        let (read, written) = tokio::join!(read, write);
        copied += written?;
        let Some(rows) = read? else { continue };
        let rows: Vec<Vec<Value>> = rows
            .into_iter()
            .map(crate::sql::row::Row::into_values)
            .collect();
        let Some(last) = rows.last() else {
            more = false;
            continue;
        };
        after = Some(key_of(table, by_rowid, last));
        more = !whole && rows.len() == limit;
        // Pages of large rows shrink; pages of small ones grow back, up to one statement.
        let weight: usize = rows.iter().flatten().map(weight).sum();
        if weight > PAGE_BYTES {
            limit = (limit / 2).max(1);
        } else if weight < PAGE_BYTES / 4 {
            limit = (limit * 2).min(max_rows);
        }
        pending = rows;
    }
    Ok(copied)
}

/// Rows copied so far out of all the source holds, told to the caller after each statement.
#[derive(Debug)]
struct Tally<P> {
    done: u64,
    total: u64,
    tell: P,
}

impl<P: FnMut(CopyProgress<'_>)> Tally<P> {
    /// Counts `rows` more copied into `table`, and tells.
    fn add(&mut self, table: &str, rows: u64) {
        self.done += rows;
        (self.tell)(CopyProgress {
            table,
            rows: self.done,
            total: self.total,
        });
    }
}

/// Inserts a page, in statements of at most `max_rows` rows; how many rows it inserted.
async fn write_page<G: Db>(
    to: &mut G,
    table: &Table,
    by_rowid: bool,
    statement: &mut Statement,
    mut rows: Vec<Vec<Value>>,
    max_rows: usize,
    tally: &mut Tally<impl FnMut(CopyProgress<'_>) + Send>,
) -> Result<u64, CopyError> {
    let mut written = 0;
    while !rows.is_empty() {
        let rest = rows.split_off(rows.len().min(max_rows));
        let chunk = std::mem::replace(&mut rows, rest);
        let n = chunk.len() as u64;
        insert(to, table, by_rowid, statement, chunk).await?;
        written += n;
        tally.add(&table.name, n);
    }
    Ok(written)
}

/// The next page of `limit` rows after the key `after` (the first page without it).
fn page_query(
    select: &str,
    order: &str,
    table: &Table,
    by_rowid: bool,
    after: Option<Vec<Arg<'static>>>,
    limit: usize,
) -> Query<'static> {
    let mut text = select.to_owned();
    let mut args = Vec::new();
    if let Some(key) = after {
        let casts: Vec<&str> = if by_rowid {
            vec!["int8"]
        } else {
            table
                .key
                .iter()
                .map(|&i| table.columns[i].cast.as_str())
                .collect()
        };
        let placeholders = casts
            .iter()
            .enumerate()
            .map(|(i, cast)| format!("${}::{cast}", i + 1))
            .collect::<Vec<_>>()
            .join(", ");
        let _ = write!(text, " WHERE ({order}) > ({placeholders})");
        args = key;
    }
    let _ = write!(text, " ORDER BY {order} LIMIT ${}", args.len() + 1);
    let mut query = sql(text);
    for arg in args {
        query = query.bind(arg);
    }
    query.bind(i64::try_from(limit).unwrap_or(i64::MAX))
}

/// The key of `row` (its primary key, or its rowid), to read the page after it.
fn key_of(table: &Table, by_rowid: bool, row: &[Value]) -> Vec<Arg<'static>> {
    if by_rowid {
        return row
            .last()
            .map(|v| arg(v.clone(), Kind::Integer))
            .into_iter()
            .collect();
    }
    table
        .key
        .iter()
        .filter_map(|&i| Some(arg(row.get(i)?.clone(), table.columns[i].kind)))
        .collect()
}

/// The text of the last INSERT made, kept while pages have the same number of rows: one text,
/// prepared once by PostgreSQL, serves every full page of a table.
#[derive(Debug, Default)]
struct Statement {
    rows: usize,
    text: String,
}

/// Inserts `rows` (at most [`MAX_PARAMETERS`] values) into `table` in one statement.
async fn insert<G: Db>(
    to: &mut G,
    table: &Table,
    by_rowid: bool,
    statement: &mut Statement,
    rows: Vec<Vec<Value>>,
) -> Result<(), CopyError> {
    for row in &rows {
        for (value, column) in row.iter().zip(&table.columns) {
            if let Some(problem) = problem(value, column.kind) {
                return Err(CopyError::Value {
                    table: table.name.clone(),
                    row: describe_key(table, by_rowid, row),
                    column: column.name.clone(),
                    problem,
                });
            }
        }
    }
    if statement.rows != rows.len() || statement.text.is_empty() {
        *statement = Statement {
            rows: rows.len(),
            text: insert_text(table, rows.len()),
        };
    }
    let span = match (rows.first(), rows.last()) {
        (Some(first), Some(last)) => format!(
            "{} to {}",
            describe_key(table, by_rowid, first),
            describe_key(table, by_rowid, last)
        ),
        _ => String::new(),
    };
    let mut query = sql(statement.text.as_str());
    for row in rows {
        // `zip` leaves out the rowid a table without a key was read with.
        for (value, column) in row.into_iter().zip(&table.columns) {
            query = query.bind(arg(value, column.kind));
        }
    }
    match to.execute(query).await {
        Ok(_) => Ok(()),
        Err(StoreError::DiskFull) => Err(CopyError::Store(StoreError::DiskFull)),
        Err(source) => Err(CopyError::Refused {
            table: table.name.clone(),
            rows: span,
            source,
        }),
    }
}

/// `INSERT INTO t (...) OVERRIDING SYSTEM VALUE VALUES ($1::type, ...), ...` for `rows` rows:
/// the ids are the source's, identity columns included.
fn insert_text(table: &Table, rows: usize) -> String {
    let list = table
        .columns
        .iter()
        .map(|c| quote(&c.name))
        .collect::<Vec<_>>()
        .join(", ");
    let mut text = format!(
        "INSERT INTO {} ({list}) OVERRIDING SYSTEM VALUE VALUES ",
        quote(&table.name)
    );
    let mut n = 0;
    for r in 0..rows {
        text.push_str(if r == 0 { "(" } else { ", (" });
        for (i, column) in table.columns.iter().enumerate() {
            n += 1;
            let sep = if i == 0 { "" } else { ", " };
            let _ = write!(text, "{sep}${n}::{}", column.cast);
        }
        text.push(')');
    }
    text
}

/// Why `value` does not fit a column of `kind`, if it does not.
fn problem(value: &Value, kind: Kind) -> Option<String> {
    let want = match (kind, value) {
        (_, Value::Null)
        | (Kind::Boolean, Value::I64(0 | 1) | Value::Bool(_))
        | (Kind::Integer, Value::I64(_) | Value::Bool(_))
        | (Kind::Real, Value::F64(_) | Value::I64(_))
        | (Kind::Bytes, Value::Bytes(_) | Value::Text(_))
        | (Kind::Text, Value::Text(_)) => return None,
        (Kind::Boolean, _) => "a boolean (0 or 1)",
        (Kind::Integer, _) => "an integer",
        (Kind::Real, _) => "a number",
        (Kind::Bytes, _) => "bytes",
        (Kind::Text, _) => "text",
    };
    Some(format!("{} is not {want}", describe(value)))
}

/// `value` as the argument of a column of `kind`, which [`problem`] found it fits.
fn arg(value: Value, kind: Kind) -> Arg<'static> {
    match (kind, value) {
        (kind, Value::Null) => Arg::Null(kind),
        (Kind::Boolean, Value::I64(v)) => Arg::Bool(v != 0),
        (Kind::Integer, Value::Bool(v)) => Arg::I64(i64::from(v)),
        (Kind::Bytes, Value::Text(v)) => Arg::Bytes(Cow::Owned(v.into_bytes())),
        (_, Value::I64(v)) => Arg::I64(v),
        (_, Value::F64(v)) => Arg::F64(v),
        (_, Value::Bool(v)) => Arg::Bool(v),
        (_, Value::Text(v)) => Arg::Text(Cow::Owned(v)),
        (_, Value::Bytes(v)) => Arg::Bytes(Cow::Owned(v)),
    }
}

/// What a value takes in memory, for the size of a page.
fn weight(value: &Value) -> usize {
    match value {
        Value::Text(v) => v.len(),
        Value::Bytes(v) => v.len(),
        _ => 8,
    }
}

/// A value for a message: short, whatever its size.
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "NULL".to_owned(),
        Value::I64(v) => format!("the integer {v}"),
        Value::F64(v) => format!("the number {v}"),
        Value::Bool(v) => format!("the boolean {v}"),
        Value::Text(v) if v.chars().count() > 40 => {
            format!("the text {:?}...", v.chars().take(40).collect::<String>())
        }
        Value::Text(v) => format!("the text {v:?}"),
        Value::Bytes(v) => format!("{} bytes", v.len()),
    }
}

/// A row's key for a message: `id = 5`, `partner_id = 1, mct_id = "x"`, `rowid = 7`.
fn describe_key(table: &Table, by_rowid: bool, row: &[Value]) -> String {
    let short = |v: &Value| match v {
        Value::I64(n) => n.to_string(),
        Value::Text(t) => format!("{t:?}"),
        other => describe(other),
    };
    if by_rowid {
        return row
            .last()
            .map(|v| format!("rowid = {}", short(v)))
            .unwrap_or_default();
    }
    table
        .key
        .iter()
        .filter_map(|&i| {
            Some(format!(
                "{} = {}",
                table.columns[i].name,
                short(row.get(i)?)
            ))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The target's tables (but [`NOT_COPIED`]), parents before the tables referring to them.
async fn target_tables(db: &mut impl Db) -> Result<Vec<Table>, CopyError> {
    let columns: Vec<(String, String, String)> = db
        .fetch_all_as(sql(
            "SELECT c.table_name::text, c.column_name::text, c.udt_name::text
             FROM information_schema.columns c
             JOIN information_schema.tables t
               ON t.table_schema = c.table_schema AND t.table_name = c.table_name
             WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
             ORDER BY c.table_name, c.ordinal_position",
        ))
        .await?;
    let keys: Vec<(String, String)> = db
        .fetch_all_as(sql("SELECT k.table_name::text, k.column_name::text
             FROM information_schema.table_constraints c
             JOIN information_schema.key_column_usage k
               ON k.constraint_schema = c.constraint_schema
              AND k.constraint_name = c.constraint_name
             WHERE c.table_schema = current_schema() AND c.constraint_type = 'PRIMARY KEY'
             ORDER BY k.table_name, k.ordinal_position"))
        .await?;
    let references: Vec<(String, String)> = db
        .fetch_all_as(sql(
            "SELECT c.relname::text, p.relname::text
             FROM pg_constraint k
             JOIN pg_class c ON c.oid = k.conrelid
             JOIN pg_class p ON p.oid = k.confrelid
             WHERE k.contype = 'f' AND c.relnamespace = current_schema()::regnamespace",
        ))
        .await?;
    let mut tables: BTreeMap<String, Table> = BTreeMap::new();
    for (table, column, udt) in columns {
        if NOT_COPIED.contains(&table.as_str()) {
            continue;
        }
        tables
            .entry(table.clone())
            .or_insert_with(|| Table {
                name: table,
                columns: Vec::new(),
                key: Vec::new(),
            })
            .columns
            .push(Column {
                name: column,
                kind: kind_of(&udt),
                cast: cast_of(&udt),
            });
    }
    for (table, column) in keys {
        if let Some(t) = tables.get_mut(&table)
            && let Some(at) = t.columns.iter().position(|c| c.name == column)
        {
            t.key.push(at);
        }
    }
    parents_first(tables, references)
}

/// How a value of the PostgreSQL type `udt` is bound; dates, timestamps and whatever else
/// PostgreSQL reads from text go as text, cast in the statement.
fn kind_of(udt: &str) -> Kind {
    match udt {
        "bool" => Kind::Boolean,
        "int2" | "int4" | "int8" => Kind::Integer,
        "float4" | "float8" | "numeric" => Kind::Real,
        "bytea" => Kind::Bytes,
        _ => Kind::Text,
    }
}

/// `udt` as it may follow `::` in a statement.
fn cast_of(udt: &str) -> String {
    if udt
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        udt.to_owned()
    } else {
        quote(udt)
    }
}

/// Orders `tables` so that every table comes after those its foreign keys refer to
/// (`references`: referring table, referred table), alphabetically among equals.
fn parents_first(
    mut tables: BTreeMap<String, Table>,
    references: Vec<(String, String)>,
) -> Result<Vec<Table>, CopyError> {
    let mut waiting: BTreeMap<String, BTreeSet<String>> = tables
        .keys()
        .map(|name| (name.clone(), BTreeSet::new()))
        .collect();
    for (child, parent) in references {
        // A table referring to itself needs no order among tables.
        if child != parent
            && tables.contains_key(&parent)
            && let Some(parents) = waiting.get_mut(&child)
        {
            parents.insert(parent);
        }
    }
    let mut order = Vec::with_capacity(tables.len());
    while !waiting.is_empty() {
        let ready: Vec<String> = waiting
            .iter()
            .filter(|(_, parents)| parents.is_empty())
            .map(|(name, _)| name.clone())
            .collect();
        if ready.is_empty() {
            let names: Vec<&str> = waiting.keys().map(String::as_str).collect();
            return Err(CopyError::Schema(format!(
                "the foreign keys of the target's tables {} refer to each other in a circle: \
                 no order fills them",
                names.join(", ")
            )));
        }
        for name in &ready {
            waiting.remove(name);
        }
        for parents in waiting.values_mut() {
            for name in &ready {
                parents.remove(name);
            }
        }
        order.extend(ready.into_iter().filter_map(|name| tables.remove(&name)));
    }
    Ok(order)
}

/// Refuses a target whose tables hold rows, naming them.
async fn refuse_rows(db: &mut impl Db, tables: &[Table]) -> Result<(), CopyError> {
    let mut holding = Vec::new();
    for table in tables {
        let (any,): (bool,) = db
            .fetch_one_as(sql(format!(
                "SELECT EXISTS (SELECT 1 FROM {})",
                quote(&table.name)
            )))
            .await?;
        if any {
            holding.push(table.name.clone());
        }
    }
    if holding.is_empty() {
        return Ok(());
    }
    let shown = 3.min(holding.len());
    let more = holding.len() - shown;
    holding.truncate(shown);
    Err(CopyError::NotEmpty {
        tables: holding,
        more,
    })
}

/// The source's tables and their columns (but SQLite's own tables).
async fn source_columns<F: Db>(
    db: &mut F,
) -> Result<BTreeMap<String, BTreeSet<String>>, CopyError> {
    let query = match F::DIALECT {
        Dialect::Sqlite => {
            "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite!_%' ESCAPE '!'"
        }
        Dialect::Postgres => {
            "SELECT c.table_name::text, c.column_name::text
             FROM information_schema.columns c
             JOIN information_schema.tables t
               ON t.table_schema = c.table_schema AND t.table_name = c.table_name
             WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'"
        }
    };
    let rows: Vec<(String, String)> = db.fetch_all_as(sql(query)).await?;
    let mut tables: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (table, column) in rows {
        if !NOT_COPIED.contains(&table.as_str()) {
            tables.entry(table).or_default().insert(column);
        }
    }
    Ok(tables)
}

/// Checks that the source has exactly the target's tables and columns: a table or column
/// only the source has would be left behind, one only the target has would stay empty.
fn same_tables(
    source: &BTreeMap<String, BTreeSet<String>>,
    target: &[Table],
) -> Result<(), CopyError> {
    let differ = |what: String| {
        Err(CopyError::Schema(format!(
            "{what}: the source and the target must be at the same migration (run `lpc migrate` \
             on both with this lpc) and hold lpc's tables only"
        )))
    };
    for (name, columns) in source {
        let Some(table) = target.iter().find(|t| &t.name == name) else {
            return differ(format!("table {name} of the source is not in the target"));
        };
        if let Some(column) = columns
            .iter()
            .find(|c| !table.columns.iter().any(|t| &t.name == *c))
        {
            return differ(format!(
                "column {name}.{column} of the source is not in the target"
            ));
        }
    }
    for table in target {
        let Some(columns) = source.get(&table.name) else {
            return differ(format!(
                "table {} of the target is not in the source",
                table.name
            ));
        };
        if let Some(column) = table.columns.iter().find(|c| !columns.contains(&c.name)) {
            return differ(format!(
                "column {}.{} of the target is not in the source",
                table.name, column.name
            ));
        }
    }
    Ok(())
}

/// Moves every sequence of the target (identity columns, `BIGSERIAL`) past the largest id
/// copied, so that the next row made there does not take an id a copied row has.
async fn continue_sequences(db: &mut impl Db) -> Result<(), CopyError> {
    let sequences: Vec<(String, String, String)> = db
        .fetch_all_as(sql("SELECT table_name::text, column_name::text, seq
             FROM (SELECT table_name, column_name,
                          pg_get_serial_sequence(format('%I.%I', table_schema, table_name),
                                                 column_name) AS seq
                   FROM information_schema.columns
                   WHERE table_schema = current_schema()) s
             WHERE seq IS NOT NULL"))
        .await?;
    for (table, column, sequence) in sequences {
        db.fetch_all(
            sql(format!(
                "SELECT setval($1::regclass, m) FROM (SELECT max({}) AS m FROM {}) s
                 WHERE m IS NOT NULL",
                quote(&column),
                quote(&table)
            ))
            .bind(sequence),
        )
        .await?;
    }
    Ok(())
}

/// `name` as a quoted SQL identifier (names come from the target's schema, never from input).
fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(name: &str) -> Table {
        Table {
            name: name.to_owned(),
            columns: vec![
                Column {
                    name: "id".to_owned(),
                    cast: "int8".to_owned(),
                    kind: Kind::Integer,
                },
                Column {
                    name: "at".to_owned(),
                    cast: "timestamptz".to_owned(),
                    kind: Kind::Text,
                },
            ],
            key: vec![0],
        }
    }

    fn names(tables: &[Table]) -> Vec<&str> {
        tables.iter().map(|t| t.name.as_str()).collect()
    }

    #[test]
    fn parents_come_before_the_tables_referring_to_them() {
        let tables = ["orders", "memberships", "partners", "audit_events"]
            .into_iter()
            .map(|n| (n.to_owned(), table(n)))
            .collect();
        let refs = [
            ("orders", "memberships"),
            ("orders", "partners"),
            ("memberships", "partners"),
            ("memberships", "memberships"),
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
        .to_vec();
        let order = parents_first(tables, refs).unwrap();
        assert_eq!(
            names(&order),
            ["audit_events", "partners", "memberships", "orders"]
        );
    }

    #[test]
    fn a_circle_of_foreign_keys_is_refused_naming_the_tables() {
        let tables = ["a", "b"]
            .into_iter()
            .map(|n| (n.to_owned(), table(n)))
            .collect();
        let refs = vec![
            ("a".to_owned(), "b".to_owned()),
            ("b".to_owned(), "a".to_owned()),
        ];
        let err = parents_first(tables, refs).unwrap_err().to_string();
        assert!(err.contains("a, b"), "{err}");
    }

    #[test]
    fn values_are_bound_as_their_target_column_is() {
        assert_eq!(arg(Value::I64(1), Kind::Boolean), Arg::Bool(true));
        assert_eq!(arg(Value::I64(0), Kind::Boolean), Arg::Bool(false));
        assert_eq!(arg(Value::Null, Kind::Bytes), Arg::Null(Kind::Bytes));
        assert_eq!(
            arg(Value::Text("2026-03-01".into()), Kind::Text),
            Arg::Text("2026-03-01".into())
        );
        assert!(problem(&Value::I64(2), Kind::Boolean).is_some());
        let why = problem(&Value::Text("x".repeat(100)), Kind::Integer).unwrap();
        assert!(why.ends_with("... is not an integer"), "{why}");
    }

    #[test]
    fn one_statement_casts_every_value_to_its_column() {
        assert_eq!(
            insert_text(&table("t"), 2),
            "INSERT INTO \"t\" (\"id\", \"at\") OVERRIDING SYSTEM VALUE VALUES \
             ($1::int8, $2::timestamptz), ($3::int8, $4::timestamptz)"
        );
    }

    #[test]
    fn a_row_is_named_by_its_key() {
        let row = [Value::I64(5), Value::Text("x".into()), Value::I64(9)];
        assert_eq!(describe_key(&table("t"), false, &row), "id = 5");
        assert_eq!(describe_key(&table("t"), true, &row), "rowid = 9");
    }
}
