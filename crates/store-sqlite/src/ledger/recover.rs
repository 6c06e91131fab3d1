//! Removing pending batches: an import refused or failed (its own clean-up), or one that was
//! killed (the next import, or the next start of a server, finds its batch pending while no
//! import holds the lock).

use lpc_store::StoreError;
use lpc_store::ledger::documents::decode_keys;
use rusqlite::{Connection, TransactionBehavior, params};

use super::bulk::{Bulk, blocking, sql_err};

/// Rows removed per transaction: the portal's writes go on between them.
const ROWS_PER_TRANSACTION: i64 = 5_000;

/// Removes everything `batch` wrote, then its row, in short transactions. The batch row
/// goes last, so that a removal interrupted half-way is found and finished next time.
pub(crate) fn remove_batch(conn: &mut Connection, batch: i64) -> Result<(), StoreError> {
    loop {
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql_err)?;
        let lists: Vec<(i64, Vec<u8>)> = {
            let mut st = tx
                .prepare_cached(
                    "SELECT seq, keys FROM ledger_batch_documents WHERE batch = ?1 ORDER BY seq LIMIT 2",
                )
                .map_err(sql_err)?;
            let rows = st
                .query_map(params![batch], |r| Ok((r.get(0)?, r.get(1)?)))
                .map_err(sql_err)?;
            rows.collect::<Result<_, _>>().map_err(sql_err)?
        };
        if lists.is_empty() {
            tx.commit().map_err(sql_err)?;
            break;
        }
        {
            let mut delete = tx
                .prepare_cached(
                    "DELETE FROM ledger_documents
                     WHERE document_number = ?1 AND document_type = ?2 AND part = ?3 AND batch = ?4",
                )
                .map_err(sql_err)?;
            for (seq, keys) in &lists {
                for (number, code, part) in decode_keys(keys)? {
                    delete
                        .execute(params![number, code, part, batch])
                        .map_err(sql_err)?;
                }
                tx.execute(
                    "DELETE FROM ledger_batch_documents WHERE batch = ?1 AND seq = ?2",
                    params![batch, seq],
                )
                .map_err(sql_err)?;
            }
        }
        tx.commit().map_err(sql_err)?;
    }
    loop {
        let removed = conn
            .execute(
                "DELETE FROM ledger_segments WHERE id IN (
                     SELECT id FROM ledger_segments WHERE batch = ?1 LIMIT ?2)",
                params![batch, ROWS_PER_TRANSACTION],
            )
            .map_err(sql_err)?;
        if removed == 0 {
            break;
        }
    }
    conn.execute("DELETE FROM ledger_runs WHERE batch = ?1", params![batch])
        .map_err(sql_err)?;
    conn.execute(
        "DELETE FROM ledger_batches WHERE id = ?1 AND state = 'pending'",
        params![batch],
    )
    .map_err(sql_err)?;
    Ok(())
}

/// Removes every pending batch. Only under the import lock: then none belongs to a live
/// import.
pub(crate) fn remove_pending(conn: &mut Connection) -> Result<u64, StoreError> {
    let pending: Vec<i64> = {
        let mut st = conn
            .prepare("SELECT id FROM ledger_batches WHERE state = 'pending' ORDER BY id")
            .map_err(sql_err)?;
        let rows = st.query_map([], |r| r.get(0)).map_err(sql_err)?;
        rows.collect::<Result<_, _>>().map_err(sql_err)?
    };
    for &batch in &pending {
        remove_batch(conn, batch)?;
    }
    Ok(pending.len() as u64)
}

/// What a server does when it starts: removes pending batches unless an import runs now
/// (another process holds the lock; its batch is alive, and it cleans up after itself).
pub(crate) async fn recover(bulk: &Bulk) -> Result<u64, StoreError> {
    let bulk = bulk.clone();
    blocking(move || {
        let Some(_lock) = bulk.try_lock_imports()? else {
            return Ok(0);
        };
        let mut conn = bulk.open()?;
        remove_pending(&mut conn)
    })
    .await
}
