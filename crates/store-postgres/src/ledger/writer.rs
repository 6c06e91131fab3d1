//! An import's rows on PostgreSQL: each call one short transaction on the connection that
//! holds the import lock.

use async_trait::async_trait;
use jiff::Timestamp;
use lpc_domain::MpnId;
use lpc_store::ledger::batches::months_json;
use lpc_store::ledger::documents::{encode_keys, type_code, type_of_code};
use lpc_store::ledger::{
    BatchSummary, DocumentKey, DocumentPart, EncodedSegment, LedgerWriter, Segment, month_number,
};
use lpc_store::{AuditDraft, StoreError};
use sqlx::postgres::PgRow;
use sqlx::{Connection, PgConnection, PgPool, Row};

use super::lock::lock_imports;
use super::recover;
use crate::{audit_log, db_err};
use lpc_store::sql::decode;

/// Bytes of segments per statement and transaction.
const BYTES_PER_TRANSACTION: usize = 8 << 20;

pub(crate) struct PgLedgerWriter {
    conn: PgConnection,
    pool: PgPool,
    batch: i64,
    cleanup_seq: i64,
}

impl PgLedgerWriter {
    /// Takes the import lock (waiting for an import in progress), removes pending batches
    /// left by imports that ended without committing, and opens this import's batch.
    pub(crate) async fn begin(pool: &PgPool, import_id: &str) -> Result<Self, StoreError> {
        let mut conn = lock_imports(pool).await?;
        recover::remove_pending(&mut conn).await?;
        let (batch,): (i64,) = sqlx::query_as(
            "INSERT INTO ledger_batches (import_id, state, started_at)
             VALUES ($1, 'pending', now()) RETURNING id",
        )
        .bind(import_id)
        .fetch_one(&mut conn)
        .await
        .map_err(db_err)?;
        Ok(Self {
            conn,
            pool: pool.clone(),
            batch,
            cleanup_seq: 0,
        })
    }
}

pub(crate) const PART_COLUMNS: &str =
    "d.document_number, d.document_type, d.part, d.batch, d.partner_id, d.lines";

pub(crate) fn part_of(row: &PgRow) -> Result<DocumentPart, StoreError> {
    let code: i16 = row.try_get(1).map_err(db_err)?;
    let part: i32 = row.try_get(2).map_err(db_err)?;
    let lines: Vec<u8> = row.try_get(5).map_err(db_err)?;
    Ok(DocumentPart {
        key: DocumentKey {
            document_type: type_of_code(i64::from(code))?,
            document_number: row.try_get(0).map_err(db_err)?,
        },
        part: u32::try_from(part).unwrap_or_default(),
        batch: row.try_get(3).map_err(db_err)?,
        partner_id: decode::mpn_id(row.try_get(4).map_err(db_err)?)?,
        lines: DocumentPart::decode_lines(&lines)?,
    })
}

/// Every part stored under `keys` (in any batch).
pub(crate) async fn parts_of_keys(
    conn: &mut PgConnection,
    keys: &[DocumentKey],
) -> Result<Vec<DocumentPart>, StoreError> {
    let numbers: Vec<&str> = keys.iter().map(|k| k.document_number.as_str()).collect();
    let types: Vec<i16> = keys
        .iter()
        .map(|k| type_code(k.document_type) as i16)
        .collect();
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {PART_COLUMNS} FROM ledger_documents d
         JOIN unnest($1::text[], $2::smallint[]) AS k(n, t)
           ON d.document_number = k.n AND d.document_type = k.t"
    )))
    .bind(numbers)
    .bind(types)
    .fetch_all(&mut *conn)
    .await
    .map_err(db_err)?;
    rows.iter().map(part_of).collect()
}

pub(crate) async fn segments_of(
    conn: &mut PgConnection,
    partner: MpnId,
    batch: i64,
) -> Result<Vec<(i64, Segment)>, StoreError> {
    let rows: Vec<(i64, Vec<u8>)> = sqlx::query_as(
        "SELECT id, data FROM ledger_segments WHERE partner_id = $1 AND batch = $2 ORDER BY id",
    )
    .bind(partner.as_i64())
    .bind(batch)
    .fetch_all(&mut *conn)
    .await
    .map_err(db_err)?;
    rows.into_iter()
        .map(|(id, data)| Ok((id, Segment::decode(&data)?)))
        .collect()
}

/// Inserts segment rows in the caller's transaction; returns the first and last ids.
pub(crate) async fn insert_segment_rows(
    conn: &mut PgConnection,
    batch: i64,
    run: u32,
    segments: &[EncodedSegment],
) -> Result<Option<(i64, i64)>, StoreError> {
    if segments.is_empty() {
        return Ok(None);
    }
    let partners: Vec<i64> = segments.iter().map(|s| s.partner_id.as_i64()).collect();
    let from: Vec<i64> = segments
        .iter()
        .map(|s| month_number(s.month_from))
        .collect();
    let to: Vec<i64> = segments.iter().map(|s| month_number(s.month_to)).collect();
    let lines: Vec<i64> = segments
        .iter()
        .map(|s| i64::try_from(s.lines).unwrap_or(i64::MAX))
        .collect();
    let data: Vec<&[u8]> = segments.iter().map(|s| s.bytes.as_slice()).collect();
    let (first, last): (Option<i64>, Option<i64>) = sqlx::query_as(
        "WITH inserted AS (
             INSERT INTO ledger_segments (batch, run, partner_id, month_from, month_to, lines, data)
             SELECT $1, $2, p, f, t, l, d
             FROM unnest($3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bytea[])
                  WITH ORDINALITY AS k(p, f, t, l, d, i)
             ORDER BY i
             RETURNING id)
         SELECT min(id), max(id) FROM inserted",
    )
    .bind(batch)
    .bind(run as i32)
    .bind(partners)
    .bind(from)
    .bind(to)
    .bind(lines)
    .bind(data)
    .fetch_one(&mut *conn)
    .await
    .map_err(db_err)?;
    Ok(first.zip(last))
}

/// Records a run: its id range, months and count.
pub(crate) async fn record_run(
    conn: &mut PgConnection,
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
    sqlx::query(
        "INSERT INTO ledger_runs (batch, run, first_id, last_id, month_from, month_to, segments)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(batch)
    .bind(run as i32)
    .bind(first)
    .bind(last)
    .bind(month_number(from))
    .bind(month_number(to))
    .bind(segments.len() as i64)
    .execute(&mut *conn)
    .await
    .map_err(db_err)?;
    Ok(())
}

/// Inserts document parts in the caller's transaction; answers which were stored (the
/// others' keys were taken).
pub(crate) async fn insert_part_rows(
    conn: &mut PgConnection,
    parts: &[DocumentPart],
) -> Result<Vec<bool>, StoreError> {
    let numbers: Vec<&str> = parts
        .iter()
        .map(|p| p.key.document_number.as_str())
        .collect();
    let types: Vec<i16> = parts
        .iter()
        .map(|p| type_code(p.key.document_type) as i16)
        .collect();
    let numbers_of_parts: Vec<i32> = parts.iter().map(|p| p.part as i32).collect();
    let batches: Vec<i64> = parts.iter().map(|p| p.batch).collect();
    let partners: Vec<i64> = parts.iter().map(|p| p.partner_id.as_i64()).collect();
    let lines: Vec<Vec<u8>> = parts.iter().map(DocumentPart::encode_lines).collect();
    let stored: Vec<(String, i16, i32)> = sqlx::query_as(
        "INSERT INTO ledger_documents (document_number, document_type, part, batch, partner_id, lines)
         SELECT n, t, p, b, pa, l
         FROM unnest($1::text[], $2::smallint[], $3::int[], $4::bigint[], $5::bigint[], $6::bytea[])
              WITH ORDINALITY AS k(n, t, p, b, pa, l, i)
         ORDER BY i
         ON CONFLICT DO NOTHING
         RETURNING document_number, document_type, part",
    )
    .bind(numbers)
    .bind(types)
    .bind(numbers_of_parts)
    .bind(batches)
    .bind(partners)
    .bind(lines)
    .fetch_all(&mut *conn)
    .await
    .map_err(db_err)?;
    // Rows went in in the given order, so a key given twice was stored for its first part.
    let mut stored: std::collections::HashSet<(String, i16, i32)> = stored.into_iter().collect();
    Ok(parts
        .iter()
        .map(|p| {
            stored.remove(&(
                p.key.document_number.clone(),
                type_code(p.key.document_type) as i16,
                p.part as i32,
            ))
        })
        .collect())
}

#[async_trait]
impl LedgerWriter for PgLedgerWriter {
    fn batch(&self) -> i64 {
        self.batch
    }

    async fn insert_parts(&mut self, parts: Vec<DocumentPart>) -> Result<Vec<bool>, StoreError> {
        let seq = self.cleanup_seq;
        self.cleanup_seq += 1;
        let mut tx = self.conn.begin().await.map_err(db_err)?;
        let stored = insert_part_rows(&mut tx, &parts).await?;
        let keys: Vec<(String, i64, u32)> = parts
            .iter()
            .zip(&stored)
            .filter(|(_, ok)| **ok)
            .map(|(p, _)| {
                (
                    p.key.document_number.clone(),
                    type_code(p.key.document_type),
                    p.part,
                )
            })
            .collect();
        if !keys.is_empty() {
            sqlx::query(
                "INSERT INTO ledger_batch_documents (batch, seq, keys) VALUES ($1, $2, $3)",
            )
            .bind(self.batch)
            .bind(seq)
            .bind(encode_keys(&keys)?)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        }
        tx.commit().await.map_err(db_err)?;
        Ok(stored)
    }

    async fn parts(&mut self, keys: Vec<DocumentKey>) -> Result<Vec<DocumentPart>, StoreError> {
        parts_of_keys(&mut self.conn, &keys).await
    }

    async fn replace_part(&mut self, part: DocumentPart) -> Result<(), StoreError> {
        let code = type_code(part.key.document_type) as i16;
        let query = if part.lines.is_empty() {
            sqlx::query(
                "DELETE FROM ledger_documents
                 WHERE document_number = $1 AND document_type = $2 AND part = $3 AND batch = $4",
            )
        } else {
            sqlx::query(
                "UPDATE ledger_documents SET lines = $5
                 WHERE document_number = $1 AND document_type = $2 AND part = $3 AND batch = $4",
            )
        };
        query
            .bind(&part.key.document_number)
            .bind(code)
            .bind(part.part as i32)
            .bind(self.batch)
            .bind(part.encode_lines())
            .execute(&mut self.conn)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn registered(&mut self, partners: Vec<MpnId>) -> Result<Vec<MpnId>, StoreError> {
        let ids: Vec<i64> = partners.iter().map(|p| p.as_i64()).collect();
        let rows: Vec<(i64,)> =
            sqlx::query_as("SELECT mpn_id FROM partners WHERE mpn_id = ANY($1)")
                .bind(ids)
                .fetch_all(&mut self.conn)
                .await
                .map_err(db_err)?;
        rows.into_iter().map(|(id,)| decode::mpn_id(id)).collect()
    }

    async fn write_segments(
        &mut self,
        run: u32,
        segments: Vec<EncodedSegment>,
    ) -> Result<(), StoreError> {
        let mut rest = segments.as_slice();
        let mut range: Option<(i64, i64)> = None;
        while !rest.is_empty() {
            let mut bytes = 0;
            let take = rest
                .iter()
                .take_while(|s| {
                    let fits = bytes < BYTES_PER_TRANSACTION;
                    bytes += s.bytes.len();
                    fits
                })
                .count()
                .max(1);
            let (now, later) = rest.split_at(take.min(rest.len()));
            let mut tx = self.conn.begin().await.map_err(db_err)?;
            if let Some((first, last)) = insert_segment_rows(&mut tx, self.batch, run, now).await? {
                range = Some(range.map_or((first, last), |(f, _)| (f, last)));
            }
            if later.is_empty() {
                record_run(&mut tx, self.batch, run, range, &segments).await?;
            }
            tx.commit().await.map_err(db_err)?;
            rest = later;
        }
        Ok(())
    }

    async fn segments(
        &mut self,
        partner: MpnId,
        batch: i64,
    ) -> Result<Vec<(i64, Segment)>, StoreError> {
        segments_of(&mut self.conn, partner, batch).await
    }

    async fn delete_segments(&mut self, ids: Vec<i64>) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM ledger_segments WHERE id = ANY($1) AND batch = $2")
            .bind(ids)
            .bind(self.batch)
            .execute(&mut self.conn)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn commit(
        self: Box<Self>,
        summary: BatchSummary,
        audit: Option<AuditDraft>,
    ) -> Result<(), StoreError> {
        if summary.lines == 0 {
            // Nothing new: no batch to keep (an import of a file stored already).
            return self.abort().await;
        }
        let committed_at = audit.as_ref().map_or_else(Timestamp::now, |a| a.at);
        let mut tx = audit_log::begin_write(&self.pool).await?;
        let (later,): (i64,) = sqlx::query_as(
            "SELECT count(*) FROM ledger_batches WHERE state = 'committed' AND id > $1",
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
            "UPDATE ledger_batches SET state = 'committed', committed_at = $1::timestamptz,
                 lines = $2, unchanged = $3, invoices = $4, credit_notes = $5, partners = $6, months = $7
             WHERE id = $8 AND state = 'pending'",
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
        sqlx::query("DELETE FROM ledger_batch_documents WHERE batch = $1")
            .bind(self.batch)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        if let Some(audit) = audit {
            audit_log::append(&mut tx, &audit.with_detail("batch", self.batch)).await?;
        }
        tx.commit().await.map_err(db_err)?;
        let _ = self.conn.close().await;
        Ok(())
    }

    async fn abort(mut self: Box<Self>) -> Result<(), StoreError> {
        let batch = self.batch;
        recover::remove_batch(&mut self.conn, batch).await?;
        let _ = self.conn.close().await;
        Ok(())
    }
}
