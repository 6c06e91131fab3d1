//! A partner file written on PostgreSQL (R31): the new partners go in as arrays, one
//! `INSERT ... SELECT FROM unnest(...)` per 10,000 of them, as the ledger writes its rows,
//! instead of the shared layer's multi-row VALUES of 500 rows each, whose every value is a
//! parameter of its own (bench/partners_import.py). The rules are the shared path's
//! (`lpc_store::sql::partner_import`): the audit event first, whose `seq` each partner keeps,
//! all in the audit chain's write transaction; a row another writer registered since the
//! file was compared with the store refuses the whole file, with nothing written.

use lpc_domain::Email;
use lpc_store::sql::partner_import::{all_written, register_again, registered_meanwhile};
use lpc_store::{AuditDraft, PartnerImport, PartnersStored, StoreError, Verification};

use crate::db::on;
use crate::{audit_log, db_err};

/// Partners per statement: a few statements for a file of 100,000 rows, each a few MiB.
const ROWS_PER_STATEMENT: usize = 10_000;

/// PostgreSQL's `unique_violation`: an MPN ID registered since the file was read. Caught
/// rather than avoided by `ON CONFLICT DO NOTHING`, whose speculative insertion made the
/// statement a fifth slower; either way the whole file is refused.
const UNIQUE_VIOLATION: &str = "23505";

pub(crate) async fn write(
    pool: &sqlx::PgPool,
    import: PartnerImport,
    audit: &AuditDraft,
) -> Result<PartnersStored, StoreError> {
    let mut tx = audit_log::begin_write(pool).await?;
    let event = audit_log::append(&mut tx, audit).await?;
    let at = audit.at.to_string();
    for chunk in import.partners.chunks(ROWS_PER_STATEMENT) {
        let ids: Vec<i64> = chunk.iter().map(|p| p.partner.mpn_id.as_i64()).collect();
        let names: Vec<&str> = chunk.iter().map(|p| p.partner.name.as_str()).collect();
        let countries: Vec<&str> = chunk.iter().map(|p| p.partner.country.as_str()).collect();
        let contacts: Vec<Option<&str>> = chunk
            .iter()
            .map(|p| p.partner.contact_email.as_ref().map(Email::as_str))
            .collect();
        let invite: Vec<bool> = chunk.iter().map(|p| p.invite).collect();
        let written = sqlx::query(
            "INSERT INTO partners (mpn_id, name, country, contact_email, invitation_pending,
                                   registered_at, verification, registered_in)
             SELECT k.*, $6::timestamptz, $7, $8
             FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::boolean[]) AS k",
        )
        .bind(ids)
        .bind(names)
        .bind(countries)
        .bind(contacts)
        .bind(invite)
        .bind(at.as_str())
        .bind(Verification::Verified.as_str())
        .bind(event.seq)
        .execute(&mut *tx)
        .await
        .map_err(|e| {
            if e.as_database_error()
                .and_then(|d| d.code())
                .is_some_and(|code| code == UNIQUE_VIOLATION)
            {
                registered_meanwhile()
            } else {
                db_err(e)
            }
        })?
        .rows_affected();
        all_written(written, chunk.len())?;
    }
    register_again(&mut on(&mut tx), &import.replaced, &at, event.seq).await?;
    tx.commit().await.map_err(db_err)?;
    Ok(PartnersStored::of(&import))
}
