//! An import's rows on SQLite: each call one short write transaction on the bulk connection.

use async_trait::async_trait;
use jiff::Timestamp;
use lpc_domain::MpnId;
use lpc_store::ledger::batches::months_json;
use lpc_store::ledger::documents::{encode_keys, type_code, type_of_code};
use lpc_store::ledger::{
    BatchSummary, DocumentKey, DocumentPart, EncodedSegment, LedgerWriter, Segment, month_number,
};
use lpc_store::{AuditDraft, StoreError};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use sqlx::SqlitePool;

use super::bulk::{Bulk, ImportLock, blocking, sql_err};
use super::recover;
use crate::{audit_log, db_err};

/// Segments per write transaction, and bytes: a transaction stays well under 100 ms.
const SEGMENTS_PER_TRANSACTION: usize = 2_000;
const BYTES_PER_TRANSACTION: usize = 8 << 20;

pub(crate) struct SqliteLedgerWriter {
    conn: Option<Connection>,
    batch: i64,
    pool: SqlitePool,
    bulk: Bulk,
    cleanup_seq: i64,
    _lock: ImportLock,
}

impl SqliteLedgerWriter {
    /// Takes the import lock (waiting for an import in progress), removes pending batches
    /// left by imports that ended without committing, and opens this import's batch.
    pub(crate) async fn begin(
        bulk: &Bulk,
        pool: &SqlitePool,
        import_id: &str,
    ) -> Result<Self, StoreError> {
        let lock = bulk.lock_imports().await?;
        let opener = bulk.clone();
        let conn = blocking(move || {
            let mut conn = opener.open()?;
            recover::remove_pending(&mut conn)?;
            Ok(conn)
        })
        .await?;
        let (batch,): (i64,) = sqlx::query_as(
            "INSERT INTO ledger_batches (import_id, state, started_at) VALUES (?, 'pending', ?)
             RETURNING id",
        )
        .bind(import_id)
        .bind(Timestamp::now().to_string())
        .fetch_one(pool)
        .await
        .map_err(db_err)?;
        Ok(Self {
            conn: Some(conn),
            batch,
            pool: pool.clone(),
            bulk: bulk.clone(),
            cleanup_seq: 0,
            _lock: lock,
        })
    }

    async fn with_conn<T: Send + 'static>(
        &mut self,
        work: impl FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let mut conn = self
            .conn
            .take()
            .ok_or_else(|| StoreError::internal("the import's connection was lost"))?;
        let (conn, result) = tokio::task::spawn_blocking(move || {
            let result = work(&mut conn);
            (conn, result)
        })
        .await
        .map_err(|e| StoreError::internal(format!("a database task stopped: {e}")))?;
        self.conn = Some(conn);
        result
    }
}

fn part_of(row: &rusqlite::Row<'_>) -> Result<DocumentPart, rusqlite::Error> {
    let number: String = row.get(0)?;
    let code: i64 = row.get(1)?;
    let part: i64 = row.get(2)?;
    let batch: i64 = row.get(3)?;
    let partner: i64 = row.get(4)?;
    let lines: Vec<u8> = row.get(5)?;
    let wrap = |e: StoreError| rusqlite::Error::ToSqlConversionFailure(Box::new(e));
    Ok(DocumentPart {
        key: DocumentKey {
            document_type: type_of_code(code).map_err(wrap)?,
            document_number: number,
        },
        part: u32::try_from(part).unwrap_or_default(),
        batch,
        partner_id: MpnId::from_stored(partner)
            .map_err(|e| wrap(StoreError::corrupt(format!("stored {e}"))))?,
        lines: DocumentPart::decode_lines(&lines).map_err(wrap)?,
    })
}

pub(crate) const PART_COLUMNS: &str =
    "document_number, document_type, part, batch, partner_id, lines";

/// Every part stored under `key` (in any batch).
pub(crate) fn parts_of_key(
    conn: &Connection,
    key: &DocumentKey,
) -> Result<Vec<DocumentPart>, StoreError> {
    let mut st = conn
        .prepare_cached(&format!(
            "SELECT {PART_COLUMNS} FROM ledger_documents WHERE document_number = ?1 AND document_type = ?2"
        ))
        .map_err(sql_err)?;
    let rows = st
        .query_map(
            params![key.document_number, type_code(key.document_type)],
            part_of,
        )
        .map_err(sql_err)?;
    rows.collect::<Result<Vec<_>, _>>().map_err(sql_err)
}

pub(crate) fn segments_of(
    conn: &Connection,
    partner: MpnId,
    batch: i64,
) -> Result<Vec<(i64, Segment)>, StoreError> {
    let mut st = conn
        .prepare_cached(
            "SELECT id, data FROM ledger_segments WHERE partner_id = ?1 AND batch = ?2 ORDER BY id",
        )
        .map_err(sql_err)?;
    let rows = st
        .query_map(params![partner.as_i64(), batch], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, Vec<u8>>(1)?))
        })
        .map_err(sql_err)?;
    let mut segments = Vec::new();
    for row in rows {
        let (id, data) = row.map_err(sql_err)?;
        segments.push((id, Segment::decode(&data)?));
    }
    Ok(segments)
}

/// Writes one run of segments in short transactions, then its `ledger_runs` row.
pub(crate) fn insert_segments(
    conn: &mut Connection,
    batch: i64,
    run: u32,
    segments: &[EncodedSegment],
) -> Result<(), StoreError> {
    let mut rest = segments;
    let mut range: Option<(i64, i64)> = None;
    while !rest.is_empty() {
        let mut bytes = 0;
        let take = rest
            .iter()
            .take(SEGMENTS_PER_TRANSACTION)
            .take_while(|s| {
                let fits = bytes < BYTES_PER_TRANSACTION;
                bytes += s.bytes.len();
                fits
            })
            .count()
            .max(1);
        let (now, later) = rest.split_at(take.min(rest.len()));
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql_err)?;
        let (first, last) = insert_segment_rows(&tx, batch, run, now)?;
        range = Some(range.map_or((first, last), |(f, _)| (f, last)));
        if later.is_empty() {
            record_run(&tx, batch, run, range, segments)?;
        }
        tx.commit().map_err(sql_err)?;
        rest = later;
    }
    Ok(())
}

/// Records a run: its id range, months and count.
pub(crate) fn record_run(
    conn: &Connection,
    batch: i64,
    run: u32,
    range: Option<(i64, i64)>,
    segments: &[EncodedSegment],
) -> Result<(), StoreError> {
    let (Some((first, last)), Some(from), Some(to)) = (
        range,
        segments.iter().map(|s| s.month_from).min(),
        segments.iter().map(|s| s.month_to).max(),
    ) else {
        return Ok(());
    };
    conn.execute(
        "INSERT INTO ledger_runs (batch, run, first_id, last_id, month_from, month_to, segments)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            batch,
            run,
            first,
            last,
            month_number(from),
            month_number(to),
            segments.len() as i64
        ],
    )
    .map_err(sql_err)?;
    Ok(())
}

/// Inserts segment rows in the caller's transaction; returns the first and last ids.
pub(crate) fn insert_segment_rows(
    conn: &Connection,
    batch: i64,
    run: u32,
    segments: &[EncodedSegment],
) -> Result<(i64, i64), StoreError> {
    let mut st = conn
        .prepare_cached(
            "INSERT INTO ledger_segments (batch, run, partner_id, month_from, month_to, lines, data)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )
        .map_err(sql_err)?;
    let mut range = (0, 0);
    for (i, s) in segments.iter().enumerate() {
        st.execute(params![
            batch,
            run,
            s.partner_id.as_i64(),
            month_number(s.month_from),
            month_number(s.month_to),
            i64::try_from(s.lines).unwrap_or(i64::MAX),
            s.bytes
        ])
        .map_err(sql_err)?;
        let id = conn.last_insert_rowid();
        if i == 0 {
            range.0 = id;
        }
        range.1 = id;
    }
    Ok(range)
}

#[async_trait]
impl LedgerWriter for SqliteLedgerWriter {
    fn batch(&self) -> i64 {
        self.batch
    }

    async fn insert_parts(&mut self, parts: Vec<DocumentPart>) -> Result<Vec<bool>, StoreError> {
        let batch = self.batch;
        let seq = self.cleanup_seq;
        self.cleanup_seq += 1;
        self.with_conn(move |conn| {
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(sql_err)?;
            let mut stored = Vec::with_capacity(parts.len());
            let mut keys = Vec::new();
            {
                let mut st = tx
                    .prepare_cached(
                        "INSERT INTO ledger_documents (document_number, document_type, part, batch, partner_id, lines)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
                    )
                    .map_err(sql_err)?;
                for p in &parts {
                    let code = type_code(p.key.document_type);
                    let n = st
                        .execute(params![
                            p.key.document_number,
                            code,
                            p.part,
                            batch,
                            p.partner_id.as_i64(),
                            p.encode_lines()
                        ])
                        .map_err(sql_err)?;
                    stored.push(n == 1);
                    if n == 1 {
                        keys.push((p.key.document_number.clone(), code, p.part));
                    }
                }
            }
            if !keys.is_empty() {
                tx.execute(
                    "INSERT INTO ledger_batch_documents (batch, seq, keys) VALUES (?1, ?2, ?3)",
                    params![batch, seq, encode_keys(&keys)?],
                )
                .map_err(sql_err)?;
            }
            tx.commit().map_err(sql_err)?;
            Ok(stored)
        })
        .await
    }

    async fn parts(&mut self, keys: Vec<DocumentKey>) -> Result<Vec<DocumentPart>, StoreError> {
        self.with_conn(move |conn| {
            // One read transaction: a consistent view, and no lock taken per key.
            let tx = conn.transaction().map_err(sql_err)?;
            let mut parts = Vec::new();
            for key in &keys {
                parts.extend(parts_of_key(&tx, key)?);
            }
            tx.commit().map_err(sql_err)?;
            Ok(parts)
        })
        .await
    }

    async fn replace_part(&mut self, part: DocumentPart) -> Result<(), StoreError> {
        let batch = self.batch;
        self.with_conn(move |conn| {
            let code = type_code(part.key.document_type);
            if part.lines.is_empty() {
                conn.execute(
                    "DELETE FROM ledger_documents
                     WHERE document_number = ?1 AND document_type = ?2 AND part = ?3 AND batch = ?4",
                    params![part.key.document_number, code, part.part, batch],
                )
            } else {
                conn.execute(
                    "UPDATE ledger_documents SET lines = ?5
                     WHERE document_number = ?1 AND document_type = ?2 AND part = ?3 AND batch = ?4",
                    params![
                        part.key.document_number,
                        code,
                        part.part,
                        batch,
                        part.encode_lines()
                    ],
                )
            }
            .map_err(sql_err)?;
            Ok(())
        })
        .await
    }

    async fn registered(&mut self, partners: Vec<MpnId>) -> Result<Vec<MpnId>, StoreError> {
        self.with_conn(move |conn| {
            let mut st = conn
                .prepare_cached("SELECT 1 FROM partners WHERE mpn_id = ?1")
                .map_err(sql_err)?;
            let mut found = Vec::new();
            for p in partners {
                if st
                    .query_row(params![p.as_i64()], |_| Ok(()))
                    .optional()
                    .map_err(sql_err)?
                    .is_some()
                {
                    found.push(p);
                }
            }
            Ok(found)
        })
        .await
    }

    async fn write_segments(
        &mut self,
        run: u32,
        segments: Vec<EncodedSegment>,
    ) -> Result<(), StoreError> {
        let batch = self.batch;
        self.with_conn(move |conn| insert_segments(conn, batch, run, &segments))
            .await
    }

    async fn segments(
        &mut self,
        partner: MpnId,
        batch: i64,
    ) -> Result<Vec<(i64, Segment)>, StoreError> {
        self.with_conn(move |conn| segments_of(conn, partner, batch))
            .await
    }

    async fn delete_segments(&mut self, ids: Vec<i64>) -> Result<(), StoreError> {
        let batch = self.batch;
        self.with_conn(move |conn| {
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(sql_err)?;
            {
                let mut st = tx
                    .prepare_cached("DELETE FROM ledger_segments WHERE id = ?1 AND batch = ?2")
                    .map_err(sql_err)?;
                for id in ids {
                    st.execute(params![id, batch]).map_err(sql_err)?;
                }
            }
            tx.commit().map_err(sql_err)
        })
        .await
    }

    async fn commit(
        mut self: Box<Self>,
        summary: BatchSummary,
        audit: Option<AuditDraft>,
    ) -> Result<(), StoreError> {
        if summary.lines == 0 {
            // Nothing new: no batch to keep (an import of a file stored already).
            return self.abort().await;
        }
        let committed_at = audit.as_ref().map_or_else(Timestamp::now, |a| a.at);
        let mut tx = self
            .pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(db_err)?;
        let (later,): (i64,) = sqlx::query_as(
            "SELECT count(*) FROM ledger_batches WHERE state = 'committed' AND id > ?",
        )
        .bind(self.batch)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
        if later > 0 {
            return Err(StoreError::internal(format!(
                "batch {} would commit after a later batch: imports must not overlap",
                self.batch
            )));
        }
        let updated = sqlx::query(
            "UPDATE ledger_batches SET state = 'committed', committed_at = ?, lines = ?, unchanged = ?,
                 invoices = ?, credit_notes = ?, partners = ?, months = ?
             WHERE id = ? AND state = 'pending'",
        )
        .bind(committed_at.to_string())
        .bind(i64::try_from(summary.lines).unwrap_or(i64::MAX))
        .bind(i64::try_from(summary.unchanged).unwrap_or(i64::MAX))
        .bind(i64::try_from(summary.invoices).unwrap_or(i64::MAX))
        .bind(i64::try_from(summary.credit_notes).unwrap_or(i64::MAX))
        .bind(i64::try_from(summary.partners).unwrap_or(i64::MAX))
        .bind(months_json(&summary.months))
        .bind(self.batch)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?
        .rows_affected();
        if updated != 1 {
            return Err(StoreError::internal(format!(
                "batch {} is no longer pending",
                self.batch
            )));
        }
        sqlx::query("DELETE FROM ledger_batch_documents WHERE batch = ?")
            .bind(self.batch)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        if let Some(audit) = audit {
            audit_log::append(&mut tx, &audit.with_detail("batch", self.batch)).await?;
        }
        tx.commit().await.map_err(db_err)?;
        self.conn = None;
        Ok(())
    }

    async fn abort(mut self: Box<Self>) -> Result<(), StoreError> {
        let batch = self.batch;
        self.with_conn(move |conn| recover::remove_batch(conn, batch))
            .await?;
        let _ = &self.bulk;
        Ok(())
    }
}
