//! Removing pending batches: an import refused or failed (its own clean-up), or one that was
//! killed (the next import, or the next start of a server, finds its batch pending while no
//! import holds the lock).

use lpc_store::StoreError;
use lpc_store::ledger::documents::decode_keys;
use sqlx::{Connection, PgConnection, PgPool};

use super::lock::try_lock_imports;
use crate::db_err;

/// Rows removed per transaction: the portal's writes go on between them.
const ROWS_PER_TRANSACTION: i64 = 5_000;

/// Removes everything `batch` wrote, then its row, in short transactions. The batch row
/// goes last, so that a removal interrupted half-way is found and finished next time.
pub(crate) async fn remove_batch(conn: &mut PgConnection, batch: i64) -> Result<(), StoreError> {
    loop {
        let mut tx = conn.begin().await.map_err(db_err)?;
        let lists: Vec<(i64, Vec<u8>)> = sqlx::query_as(
            "SELECT seq, keys FROM ledger_batch_documents WHERE batch = $1 ORDER BY seq LIMIT 2",
        )
        .bind(batch)
        .fetch_all(&mut *tx)
        .await
        .map_err(db_err)?;
        if lists.is_empty() {
            tx.commit().await.map_err(db_err)?;
            break;
        }
        for (seq, keys) in &lists {
            let keys = decode_keys(keys)?;
            let numbers: Vec<String> = keys.iter().map(|(n, _, _)| n.clone()).collect();
            let types: Vec<i16> = keys.iter().map(|(_, t, _)| *t as i16).collect();
            let parts: Vec<i32> = keys.iter().map(|(_, _, p)| *p as i32).collect();
            sqlx::query(
                "DELETE FROM ledger_documents d
                 USING unnest($1::text[], $2::smallint[], $3::int[]) AS k(n, t, p)
                 WHERE d.document_number = k.n AND d.document_type = k.t AND d.part = k.p
                   AND d.batch = $4",
            )
            .bind(numbers)
            .bind(types)
            .bind(parts)
            .bind(batch)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
            sqlx::query("DELETE FROM ledger_batch_documents WHERE batch = $1 AND seq = $2")
                .bind(batch)
                .bind(seq)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
        }
        tx.commit().await.map_err(db_err)?;
    }
    loop {
        let removed = sqlx::query(
            "DELETE FROM ledger_segments WHERE id IN (
                 SELECT id FROM ledger_segments WHERE batch = $1 LIMIT $2)",
        )
        .bind(batch)
        .bind(ROWS_PER_TRANSACTION)
        .execute(&mut *conn)
        .await
        .map_err(db_err)?
        .rows_affected();
        if removed == 0 {
            break;
        }
    }
    sqlx::query("DELETE FROM ledger_runs WHERE batch = $1")
        .bind(batch)
        .execute(&mut *conn)
        .await
        .map_err(db_err)?;
    sqlx::query("DELETE FROM ledger_batches WHERE id = $1 AND state = 'pending'")
        .bind(batch)
        .execute(&mut *conn)
        .await
        .map_err(db_err)?;
    Ok(())
}

/// Removes every pending batch. Only under the import lock: then none belongs to a live
/// import.
pub(crate) async fn remove_pending(conn: &mut PgConnection) -> Result<u64, StoreError> {
    let pending: Vec<(i64,)> =
        sqlx::query_as("SELECT id FROM ledger_batches WHERE state = 'pending' ORDER BY id")
            .fetch_all(&mut *conn)
            .await
            .map_err(db_err)?;
    for (batch,) in &pending {
        remove_batch(conn, *batch).await?;
    }
    Ok(pending.len() as u64)
}

/// What a server does when it starts: removes pending batches unless an import runs now.
pub(crate) async fn recover(pool: &PgPool) -> Result<u64, StoreError> {
    let Some(mut conn) = try_lock_imports(pool).await? else {
        return Ok(0);
    };
    let removed = remove_pending(&mut conn).await;
    let _ = conn.close().await;
    removed
}
