//! The target's tables and columns (`information_schema`), the order they are filled in, and
//! the checks that the source has the same and the target holds nothing yet.

use std::collections::{BTreeMap, BTreeSet};

use crate::sql::db::{Db, Dialect};
use crate::sql::query::{Kind, sql};

use super::*;

/// A column of the target, and how its values are bound.
#[derive(Debug, Clone)]
pub(super) struct Column {
    pub(super) name: String,
    /// The type to cast the bound value to (`information_schema.columns.udt_name`).
    pub(super) cast: String,
    pub(super) kind: Kind,
}

/// A table of the target.
#[derive(Debug, Clone)]
pub(super) struct Table {
    pub(super) name: String,
    pub(super) columns: Vec<Column>,
    /// The primary key's columns (positions in `columns`), in the key's order; empty for a
    /// table without one.
    pub(super) key: Vec<usize>,
}

/// The target's tables (but [`NOT_COPIED`]), parents before the tables referring to them.
pub(super) async fn target_tables(db: &mut impl Db) -> Result<Vec<Table>, CopyError> {
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
pub(super) fn kind_of(udt: &str) -> Kind {
    match udt {
        "bool" => Kind::Boolean,
        "int2" | "int4" | "int8" => Kind::Integer,
        "float4" | "float8" | "numeric" => Kind::Real,
        "bytea" => Kind::Bytes,
        _ => Kind::Text,
    }
}

/// `udt` as it may follow `::` in a statement.
pub(super) fn cast_of(udt: &str) -> String {
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
pub(super) fn parents_first(
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
pub(super) async fn refuse_rows(db: &mut impl Db, tables: &[Table]) -> Result<(), CopyError> {
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
pub(super) async fn source_columns<F: Db>(
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
pub(super) fn same_tables(
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
pub(super) async fn continue_sequences(db: &mut impl Db) -> Result<(), CopyError> {
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
pub(super) fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
