//! Copying a whole database into an empty PostgreSQL database (`lpc db copy`), for a program
//! that outgrows SQLite.
//!
//! What is copied comes from the target's own schema (`information_schema`), never from a
//! list written here: every table the migrations made is copied, including tables added after
//! this file was written, and a table or column of the source that the target lacks stops
//! the copy instead of being left behind. Only `_sqlx_migrations` stays: each database keeps
//! the record of its own migrations (their checksums differ between the two backends).
//!
//! # Layout
//! - this file: the copy, table by table, and what it reports.
//! - [`schema`]: the target's tables and columns, their order and the checks on them.
//! - [`pages`]: reading a page of rows and writing it as one multi-row INSERT.
//!
//! How:
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

use serde::Serialize;

use crate::StoreError;
use crate::sql::db::{Backend, Db, Dialect, WriteTx};
use crate::sql::query::{Arg, sql};
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

mod pages;
mod schema;

use pages::*;
use schema::*;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::query::Kind;

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
