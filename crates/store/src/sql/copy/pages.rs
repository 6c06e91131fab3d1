//! One page of rows: read from the source in key order, checked against the target's column
//! types, and written as one multi-row INSERT.

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::sql::db::Db;
use crate::sql::query::{Arg, Kind, Query, sql};
use crate::sql::row::Value;

use super::*;

/// Inserts a page, in statements of at most `max_rows` rows; how many rows it inserted.
pub(super) async fn write_page<G: Db>(
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
pub(super) fn page_query(
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
pub(super) fn key_of(table: &Table, by_rowid: bool, row: &[Value]) -> Vec<Arg<'static>> {
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
pub(super) struct Statement {
    pub(super) rows: usize,
    pub(super) text: String,
}

/// Inserts `rows` (at most [`MAX_PARAMETERS`] values) into `table` in one statement.
pub(super) async fn insert<G: Db>(
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
pub(super) fn insert_text(table: &Table, rows: usize) -> String {
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
pub(super) fn problem(value: &Value, kind: Kind) -> Option<String> {
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
pub(super) fn arg(value: Value, kind: Kind) -> Arg<'static> {
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
pub(super) fn weight(value: &Value) -> usize {
    match value {
        Value::Text(v) => v.len(),
        Value::Bytes(v) => v.len(),
        _ => 8,
    }
}

/// A value for a message: short, whatever its size.
pub(super) fn describe(value: &Value) -> String {
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
pub(super) fn describe_key(table: &Table, by_rowid: bool, row: &[Value]) -> String {
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
