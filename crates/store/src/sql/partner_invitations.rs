//! The invitations of the contacts a partner file marked (R31): made and queued a batch at a
//! time for the partners still marked, found by their partner and token's SHA-256 while
//! they work, and used once, which makes the contact the partner's MPN partner admin.

use std::collections::HashSet;

use jiff::Timestamp;
use lpc_domain::access::RoleGrant;
use lpc_domain::{MpnId, Role};

use crate::sql::db::{Backend, Db, WriteTx};
use crate::sql::multi_row::{placeholders, values};
use crate::sql::query::{Query, sql};
use crate::sql::{audit_log, decode, partners, users};
use crate::{
    AuditDraft, InvitationBatch, Invitee, NewOutboxMessage, NewPartnerInvitation, NewUser, Partner,
    PartnerInvitation, StoreError, User,
};

/// Partners unmarked per statement, and rows per multi-row INSERT (at most 2,500
/// parameters, and half a megabyte of mail, per statement).
const ROWS_PER_STATEMENT: usize = 500;

pub async fn to_invite(backend: &impl Backend, limit: u32) -> Result<Vec<Partner>, StoreError> {
    let rows = backend
        .read()
        .await?
        .fetch_all(
            sql(format!(
                "SELECT {} FROM partners WHERE invitation_pending ORDER BY mpn_id LIMIT $1",
                partners::COLUMNS
            ))
            .bind(limit),
        )
        .await?;
    rows.iter().map(decode::partner).collect()
}

pub async fn queue(
    backend: &impl Backend,
    batch: &InvitationBatch,
    audit: &AuditDraft,
) -> Result<u64, StoreError> {
    let mut tx = backend.write().await?;
    // Only the partners still marked are invited (another server may have taken some).
    let mut unmarked: HashSet<i64> = HashSet::new();
    let ids: Vec<i64> = batch
        .invitations
        .iter()
        .map(|i| i.partner.as_i64())
        .collect();
    for chunk in ids.chunks(ROWS_PER_STATEMENT) {
        let mut query = sql(format!(
            "UPDATE partners SET invitation_pending = false \
             WHERE mpn_id IN ({}) AND invitation_pending RETURNING mpn_id",
            placeholders(1, chunk.len())
        ));
        for id in chunk {
            query = query.bind(*id);
        }
        let rows: Vec<(i64,)> = tx.fetch_all_as(query).await?;
        unmarked.extend(rows.into_iter().map(|(id,)| id));
    }
    if unmarked.is_empty() {
        return Ok(0);
    }
    let kept: Vec<usize> = (0..batch.invitations.len())
        .filter(|&i| unmarked.contains(&batch.invitations[i].partner.as_i64()))
        .collect();
    let at = audit.at.to_string();
    for chunk in kept.chunks(ROWS_PER_STATEMENT) {
        let invitations: Vec<&NewPartnerInvitation> =
            chunk.iter().map(|&i| &batch.invitations[i]).collect();
        tx.execute(insert_invitations(&invitations, &at)).await?;
        let mails: Vec<&NewOutboxMessage> =
            chunk.iter().filter_map(|&i| batch.mails.get(i)).collect();
        if !mails.is_empty() {
            tx.execute(insert_mails(&mails)).await?;
        }
    }
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await?;
    Ok(kept.len() as u64)
}

fn insert_invitations<'q>(chunk: &[&'q NewPartnerInvitation], at: &'q str) -> Query<'q> {
    let rows = values(chunk.len(), &["", "", "", "::timestamptz", ""]);
    let mut query = sql(format!(
        "INSERT INTO partner_invitations (partner_id, token_sha256, email, created_at, \
         expires_at) VALUES {rows} ON CONFLICT (partner_id) DO UPDATE SET \
         token_sha256 = excluded.token_sha256, email = excluded.email, \
         created_at = excluded.created_at, expires_at = excluded.expires_at, used_at = NULL"
    ));
    for i in chunk {
        query = query
            .bind(i.partner.as_i64())
            .bind(i.token_sha256.as_str())
            .bind(i.email.as_str())
            .bind(at)
            .bind(i.expires_at.as_second());
    }
    query
}

fn insert_mails<'q>(chunk: &[&'q NewOutboxMessage]) -> Query<'q> {
    let rows = values(chunk.len(), &["", "", "", "", "::timestamptz"]);
    let mut query = sql(format!(
        "INSERT INTO outbox (dedup_key, to_email, subject, body, created_at) VALUES {rows} \
         ON CONFLICT (dedup_key) DO NOTHING"
    ));
    for m in chunk {
        query = query
            .bind(m.dedup_key.as_str())
            .bind(m.to.as_str())
            .bind(m.subject.as_str())
            .bind(m.body.as_str())
            .bind(m.created_at.to_string());
    }
    query
}

pub async fn find(
    backend: &impl Backend,
    partner: MpnId,
    token_sha256: &str,
    now: Timestamp,
) -> Result<Option<PartnerInvitation>, StoreError> {
    let row = backend
        .read()
        .await?
        .fetch_optional(
            sql(
                "SELECT i.email AS invited, i.expires_at, p.mpn_id, p.name, p.country, \
                 p.registered_at, p.contact_email, p.verification \
                 FROM partner_invitations i JOIN partners p ON p.mpn_id = i.partner_id \
                 WHERE i.partner_id = $1 AND i.token_sha256 = $2 AND i.used_at IS NULL \
                   AND i.expires_at > $3",
            )
            .bind(partner.as_i64())
            .bind(token_sha256)
            .bind(now.as_second()),
        )
        .await?;
    row.map(|row| {
        Ok(PartnerInvitation {
            partner: decode::partner(&row)?,
            email: decode::email(&row.get::<String>("invited")?)?,
            expires_at: decode::unix_seconds(row.get("expires_at")?)?,
        })
    })
    .transpose()
}

pub async fn accept(
    backend: &impl Backend,
    partner: MpnId,
    token_sha256: &str,
    now: Timestamp,
    invitee: &Invitee,
    audit: &AuditDraft,
) -> Result<Option<User>, StoreError> {
    let mut tx = backend.write().await?;
    let used = tx
        .execute(
            sql("UPDATE partner_invitations SET used_at = $1::timestamptz \
                 WHERE partner_id = $2 AND token_sha256 = $3 AND used_at IS NULL \
                   AND expires_at > $4")
            .bind(now.to_string())
            .bind(partner.as_i64())
            .bind(token_sha256)
            .bind(now.as_second()),
        )
        .await?;
    if used == 0 {
        return Ok(None);
    }
    let (email,): (String,) = tx
        .fetch_one_as(
            sql("SELECT email FROM partner_invitations WHERE partner_id = $1")
                .bind(partner.as_i64()),
        )
        .await?;
    let email = decode::email(&email)?;
    let user = match invitee {
        Invitee::New { password_hash } => {
            let grant = RoleGrant::new(Role::MpnPartnerAdmin, Some(partner))
                .map_err(|e| StoreError::internal(e.to_string()))?;
            let user = NewUser {
                email,
                password_hash: password_hash.clone(),
                grants: vec![grant],
                email_confirmed: true,
            };
            users::insert(&mut tx, &user, now).await?
        }
        Invitee::Existing { user_id } => {
            make_admin(&mut tx, *user_id, partner, &email).await?;
            users::by_email_in(&mut tx, &email)
                .await?
                .ok_or_else(|| StoreError::NotFound(format!("no user has the address {email}")))?
        }
    };
    audit_log::append(&mut tx, audit).await?;
    tx.commit().await?;
    Ok(Some(user))
}

/// Makes the account `user_id`, which must have the invited address, the partner's MPN
/// partner admin: its role there changes, or it gets one.
async fn make_admin(
    tx: &mut impl Db,
    user_id: i64,
    partner: MpnId,
    email: &lpc_domain::Email,
) -> Result<(), StoreError> {
    let holder: Option<(String,)> = tx
        .fetch_optional_as(sql("SELECT email FROM users WHERE id = $1").bind(user_id))
        .await?;
    if holder.as_ref().map(|(e,)| e.as_str()) != Some(email.as_str()) {
        return Err(StoreError::Conflict(format!(
            "R31: the invitation is for {email}, not for this account"
        )));
    }
    let admin = Role::MpnPartnerAdmin.as_str();
    let changed = tx
        .execute(
            sql("UPDATE user_roles SET role = $1 WHERE user_id = $2 AND partner_id = $3")
                .bind(admin)
                .bind(user_id)
                .bind(partner.as_i64()),
        )
        .await?;
    if changed == 0 {
        tx.execute(
            sql("INSERT INTO user_roles (user_id, partner_id, role) VALUES ($1, $2, $3)")
                .bind(user_id)
                .bind(partner.as_i64())
                .bind(admin),
        )
        .await?;
    }
    Ok(())
}
