//! A partner file stored in bulk (R31): the partners it names that are registered already,
//! the contacts that have an account, and the file's partners written in one transaction of
//! multi-row statements.

use std::collections::HashSet;

use lpc_domain::{Email, MpnId};

use crate::sql::db::{Backend, Db, WriteTx};
use crate::sql::multi_row::{placeholders, values};
use crate::sql::query::{Query, sql};
use crate::sql::{audit_log, decode, partners};
use crate::{
    AuditDraft, ImportedPartner, Partner, PartnerImport, PartnersStored, StoreError, Verification,
};

/// Keys looked up per query: a few queries for a file of 100,000 rows, far below SQLite's
/// (32,766) and PostgreSQL's (65,535) limits on a statement's parameters.
const KEYS_PER_QUERY: usize = 1_000;

/// Partners per multi-row INSERT (2,503 parameters).
const ROWS_PER_INSERT: usize = 500;

pub async fn partners_among(
    backend: &impl Backend,
    ids: &[MpnId],
) -> Result<Vec<Partner>, StoreError> {
    let mut db = backend.read().await?;
    let mut found = Vec::new();
    // A program onboarding its partners has none yet: nothing to look up.
    let (any,): (bool,) = db
        .fetch_one_as(sql("SELECT EXISTS (SELECT 1 FROM partners)"))
        .await?;
    if !any {
        return Ok(found);
    }
    let mut keys: Vec<i64> = ids.iter().map(|m| m.as_i64()).collect();
    keys.sort_unstable();
    keys.dedup();
    for chunk in keys.chunks(KEYS_PER_QUERY) {
        let mut query = sql(format!(
            "SELECT {} FROM partners WHERE mpn_id IN ({})",
            partners::COLUMNS,
            placeholders(1, chunk.len())
        ));
        for key in chunk {
            query = query.bind(*key);
        }
        for row in &db.fetch_all(query).await? {
            found.push(decode::partner(row)?);
        }
    }
    Ok(found)
}

pub async fn emails_with_accounts(
    backend: &impl Backend,
    emails: &[&Email],
) -> Result<Vec<Email>, StoreError> {
    let mut db = backend.read().await?;
    let mut found = Vec::new();
    // A program onboarding its partners has fewer accounts than the file has contacts: one
    // read of every address then beats a hundred lookups of a thousand keys each.
    let (users,): (i64,) = db.fetch_one_as(sql("SELECT count(*) FROM users")).await?;
    if usize::try_from(users).unwrap_or(usize::MAX) <= emails.len() {
        let rows: Vec<(String,)> = db.fetch_all_as(sql("SELECT email FROM users")).await?;
        let accounts: HashSet<&str> = rows.iter().map(|(email,)| email.as_str()).collect();
        let mut seen = HashSet::new();
        for email in emails {
            if accounts.contains(email.as_str()) && seen.insert(email.as_str()) {
                found.push((*email).clone());
            }
        }
        return Ok(found);
    }
    let mut keys: Vec<&str> = emails.iter().map(|e| e.as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    for chunk in keys.chunks(KEYS_PER_QUERY) {
        let mut query = sql(format!(
            "SELECT email FROM users WHERE email IN ({})",
            placeholders(1, chunk.len())
        ));
        for key in chunk {
            query = query.bind(*key);
        }
        let rows: Vec<(String,)> = db.fetch_all_as(query).await?;
        for (email,) in rows {
            found.push(decode::email(&email)?);
        }
    }
    Ok(found)
}

/// Refuses the whole file when fewer rows were written than handed: another writer
/// registered one of its MPN IDs since the file was compared with the store.
pub fn all_written(written: u64, expected: usize) -> Result<(), StoreError> {
    if written == expected as u64 {
        return Ok(());
    }
    Err(registered_meanwhile())
}

/// The refusal of a file one of whose MPN IDs another writer registered (or a rejected one
/// claimed again) since the file was compared with the store.
pub fn registered_meanwhile() -> StoreError {
    StoreError::Conflict(
        "R31: a partner of the file was registered or claimed while the file was read; \
         nothing was stored: import the file again"
            .to_owned(),
    )
}

/// A partner whose claim an operator rejected, registered again with the file's values
/// (`$1` name, `$2` country, `$3` contact, `$4` verified, `$5` when, `$6` the import's audit
/// event, `$7` to invite, `$8` the MPN ID, `$9` rejected).
pub const REGISTER_AGAIN: &str = "UPDATE partners SET name = $1, country = $2, \
     contact_email = $3, verification = $4, registered_at = $5::timestamptz, \
     registered_in = $6, invitation_pending = $7 WHERE mpn_id = $8 AND verification = $9";

/// The partner file's rows and its audit event in one write transaction (the shared path:
/// multi-row statements; see [`crate::sql::Backend::write_partner_import`]).
pub async fn import(
    backend: &impl Backend,
    import: &PartnerImport,
    audit: &AuditDraft,
) -> Result<PartnersStored, StoreError> {
    let mut tx = backend.write().await?;
    let event = audit_log::append(&mut tx, audit).await?;
    let at = audit.at.to_string();
    // The statement of a full chunk is written once.
    let full = insert_partners_sql(ROWS_PER_INSERT);
    for chunk in import.partners.chunks(ROWS_PER_INSERT) {
        let text = if chunk.len() == ROWS_PER_INSERT {
            full.clone()
        } else {
            insert_partners_sql(chunk.len())
        };
        let written = tx
            .execute(insert_partners(text, chunk, &at, event.seq))
            .await?;
        all_written(written, chunk.len())?;
    }
    register_again(&mut tx, &import.replaced, &at, event.seq).await?;
    tx.commit().await?;
    Ok(PartnersStored::of(import))
}

/// Registers again, with the file's values, the partners whose claim an operator rejected
/// ([`REGISTER_AGAIN`]), inside the import's write transaction; `Conflict` when one of them
/// changed since the file was compared with the store.
pub async fn register_again(
    tx: &mut impl Db,
    replaced: &[ImportedPartner],
    at: &str,
    seq: i64,
) -> Result<(), StoreError> {
    for p in replaced {
        let partner = &p.partner;
        let written = tx
            .execute(
                sql(REGISTER_AGAIN)
                    .bind(partner.name.as_str())
                    .bind(partner.country.as_str())
                    .bind(partner.contact_email.as_ref().map(Email::as_str))
                    .bind(Verification::Verified.as_str())
                    .bind(at)
                    .bind(seq)
                    .bind(p.invite)
                    .bind(partner.mpn_id.as_i64())
                    .bind(Verification::Rejected.as_str()),
            )
            .await?;
        all_written(written, 1)?;
    }
    Ok(())
}

/// The INSERT of `rows` partners: each row's own values, then the values every row shares
/// once at the end (when registered, verified, by which audit event), so that each
/// placeholder still appears once and in order.
fn insert_partners_sql(rows: usize) -> String {
    let own = values(rows, &["", "", "", "", ""]);
    let shared = 5 * rows + 1;
    format!(
        "INSERT INTO partners (mpn_id, name, country, contact_email, invitation_pending, \
         registered_at, verification, registered_in) \
         SELECT v.*, c.* FROM (VALUES {own}) AS v \
         CROSS JOIN (SELECT ${shared}::timestamptz, ${}, ${}) AS c \
         WHERE true ON CONFLICT (mpn_id) DO NOTHING",
        shared + 1,
        shared + 2
    )
}

fn insert_partners<'q>(
    text: String,
    chunk: &'q [ImportedPartner],
    at: &'q str,
    seq: i64,
) -> Query<'q> {
    let mut query = sql(text);
    for p in chunk {
        let partner = &p.partner;
        query = query
            .bind(partner.mpn_id.as_i64())
            .bind(partner.name.as_str())
            .bind(partner.country.as_str())
            .bind(partner.contact_email.as_ref().map(Email::as_str))
            .bind(p.invite);
    }
    query
        .bind(at)
        .bind(Verification::Verified.as_str())
        .bind(seq)
}
