//! A partner file written on SQLite (R31): statements of 64 rows prepared once and run on a
//! bulk connection, in one write transaction with the import's audit event, the values every
//! row shares bound once. Through sqlx each value of the shared multi-row statements is
//! copied and bound on its worker thread: 100,000 partners took 0.32 s that way, 0.24 s this
//! way (bench/README.md section 7).
//!
//! The rules are the shared path's (`lpc_store::sql::partner_import`): the audit event first,
//! whose `seq` each partner keeps; a row another writer registered since the file was
//! compared with the store refuses the whole file, with nothing written.

use lpc_domain::Email;
use lpc_store::sql::partner_import::{REGISTER_AGAIN, all_written};
use lpc_store::{
    AuditDraft, ImportedPartner, PartnerImport, PartnersStored, StoreError, Verification,
};
use rusqlite::{TransactionBehavior, params};

use crate::audit_log;
use crate::db::without_casts;
use crate::ledger::bulk::{Bulk, blocking, sql_err};

/// Partners per INSERT: a statement's cursors are opened once for this many rows.
const ROWS_PER_INSERT: usize = 64;

/// The columns each row binds, then those every row shares (bound once per statement).
const OWN: usize = 5;

/// The INSERT of `rows` new partners, verified, registered by the import's audit event: each
/// row's own values (`?1` to `?5` for the first row), then the values every row shares
/// (when, verified, the audit event's `seq`) named once after them.
fn register_sql(rows: usize) -> String {
    let shared = OWN * rows;
    let values: Vec<String> = (0..rows)
        .map(|i| {
            let own: Vec<String> = (1..=OWN).map(|j| format!("?{}", OWN * i + j)).collect();
            format!(
                "({}, ?{}, ?{}, ?{})",
                own.join(", "),
                shared + 1,
                shared + 2,
                shared + 3
            )
        })
        .collect();
    format!(
        "INSERT INTO partners (mpn_id, name, country, contact_email, invitation_pending, \
         registered_at, verification, registered_in) VALUES {} \
         ON CONFLICT (mpn_id) DO NOTHING",
        values.join(", ")
    )
}

/// Binds a chunk's own values (the shared ones stay bound from before) and runs it.
fn register(
    statement: &mut rusqlite::Statement<'_>,
    chunk: &[ImportedPartner],
) -> Result<(), StoreError> {
    for (i, p) in chunk.iter().enumerate() {
        let partner = &p.partner;
        let at = OWN * i;
        statement
            .raw_bind_parameter(at + 1, partner.mpn_id.as_i64())
            .and_then(|()| statement.raw_bind_parameter(at + 2, partner.name.as_str()))
            .and_then(|()| statement.raw_bind_parameter(at + 3, partner.country.as_str()))
            .and_then(|()| {
                statement
                    .raw_bind_parameter(at + 4, partner.contact_email.as_ref().map(Email::as_str))
            })
            .and_then(|()| statement.raw_bind_parameter(at + 5, p.invite))
            .map_err(sql_err)?;
    }
    let written = statement.raw_execute().map_err(sql_err)?;
    all_written(written as u64, chunk.len())
}

/// Binds the values every row of a statement of `rows` rows shares.
fn bind_shared(
    statement: &mut rusqlite::Statement<'_>,
    rows: usize,
    at: &str,
    verified: &str,
    seq: i64,
) -> Result<(), StoreError> {
    let shared = OWN * rows;
    statement
        .raw_bind_parameter(shared + 1, at)
        .and_then(|()| statement.raw_bind_parameter(shared + 2, verified))
        .and_then(|()| statement.raw_bind_parameter(shared + 3, seq))
        .map_err(sql_err)
}

pub(crate) async fn write(
    bulk: &Bulk,
    import: PartnerImport,
    audit: &AuditDraft,
) -> Result<PartnersStored, StoreError> {
    let bulk = bulk.clone();
    let audit = audit.clone();
    blocking(move || {
        let mut conn = bulk.open()?;
        // IMMEDIATE: the write lock is taken before the audit chain's last event is read.
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql_err)?;
        let seq = audit_log::append_on_bulk(&tx, &audit)?;
        let at = audit.at.to_string();
        let verified = Verification::Verified.as_str();
        {
            let mut full: Option<rusqlite::Statement<'_>> = None;
            for chunk in import.partners.chunks(ROWS_PER_INSERT) {
                if chunk.len() < ROWS_PER_INSERT {
                    let mut last = tx.prepare(&register_sql(chunk.len())).map_err(sql_err)?;
                    bind_shared(&mut last, chunk.len(), &at, verified, seq)?;
                    register(&mut last, chunk)?;
                    continue;
                }
                let statement = match &mut full {
                    Some(statement) => statement,
                    None => {
                        let mut statement = tx
                            .prepare(&register_sql(ROWS_PER_INSERT))
                            .map_err(sql_err)?;
                        bind_shared(&mut statement, ROWS_PER_INSERT, &at, verified, seq)?;
                        full.insert(statement)
                    }
                };
                register(statement, chunk)?;
            }
            let mut again = tx
                .prepare(&without_casts(REGISTER_AGAIN))
                .map_err(sql_err)?;
            for p in &import.replaced {
                let partner = &p.partner;
                let written = again
                    .execute(params![
                        partner.name.as_str(),
                        partner.country.as_str(),
                        partner.contact_email.as_ref().map(Email::as_str),
                        verified,
                        at,
                        seq,
                        p.invite,
                        partner.mpn_id.as_i64(),
                        Verification::Rejected.as_str(),
                    ])
                    .map_err(sql_err)?;
                all_written(written as u64, 1)?;
            }
        }
        tx.commit().map_err(sql_err)?;
        Ok(PartnersStored::of(&import))
    })
    .await
}
