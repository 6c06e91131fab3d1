//! Claims of organizations (R31): who an organization belongs to.
//!
//! A sign-up ([`crate::accounts::sign_up`]) stores an *unverified* organization. Until the
//! program verifies it, by an operator approving the claim here or by its contact on file
//! accepting the program's invitation ([`invite_contact`]), its users may fill in trainers and
//! exams but see no invoices, KPI rows or revenue, and nobody may enroll it or pay for it
//! ([`require_verified`], [`require_verified_for_everyone`]). Every decision is audited and
//! mailed.

use lpc_domain::access::Action;
use lpc_domain::{Email, MpnId, Role};
use lpc_store::{AuditDraft, Claim, Partner, User, Verification};

use crate::accounts::Compose;
use crate::users::NewAccount;
use crate::{Actor, App, AppError, mail};

/// How a refusal for an unverified organization begins (see [`is_withheld`]).
const WITHHELD: &str = "R31: ";

/// Whether a refusal is R31's (an unverified organization), for an adapter that explains it
/// in the user's language rather than as a bare "not allowed".
pub fn is_withheld(err: &AppError) -> bool {
    matches!(err, AppError::Denied(m) if m.starts_with(WITHHELD))
}

/// What an unverified organization is told wherever something is withheld.
fn withheld(partner: &Partner) -> AppError {
    AppError::Denied(format!(
        "{WITHHELD}{} ({}) is not verified yet: invoices, KPI points and revenue are shown, and \
         enrolling and paying are possible, once the program has verified who it belongs to",
        partner.name, partner.mpn_id
    ))
}

/// Refuses a partner-side user what an unverified organization may not see or do (R31).
/// Program staff (operators, support agents, the CLI, the scheduler) see everything: they
/// are the ones deciding the claim.
pub fn require_verified(actor: &Actor, partner: &Partner) -> Result<(), AppError> {
    if partner.verification == Verification::Verified
        || actor.authorize(Action::HandleCases).is_ok()
    {
        return Ok(());
    }
    Err(withheld(partner))
}

/// Refuses everyone, staff included, what only a verified organization may have: a
/// membership, an order, a payment (R31). An operator verifies the claim first.
pub fn require_verified_for_everyone(partner: &Partner) -> Result<(), AppError> {
    match partner.verification {
        Verification::Verified => Ok(()),
        _ => Err(withheld(partner)),
    }
}

/// [`require_verified`] by MPN ID.
pub(crate) async fn check(app: &App, actor: &Actor, partner: MpnId) -> Result<(), AppError> {
    require_verified(actor, &crate::partners::read(app, partner).await?)
}

/// The claims waiting for a decision, oldest first, with what the program holds for each
/// MPN ID (operators).
pub async fn pending(app: &App, actor: &Actor) -> Result<Vec<Claim>, AppError> {
    actor.authorize(Action::OperateProgram)?;
    Ok(app.store().claims().await?)
}

/// Approves a claim (operators): the organization becomes verified and its users see its
/// KPIs. The claimants are told by mail.
pub async fn approve(app: &App, actor: &Actor, partner: MpnId) -> Result<Vec<Email>, AppError> {
    actor.authorize(Action::OperateProgram)?;
    let audit = AuditDraft::new(
        actor.audit_name(),
        "partner.verified",
        format!("partner:{partner}"),
        app.clock().now(),
        serde_json::json!({ "rule": "R31" }),
    );
    let told = app
        .store()
        .decide_claim(partner, Verification::Verified, &audit)
        .await?;
    let subject = format!("Your organization {partner} is verified");
    let body = format!(
        "The Learning Partner program verified that MPN ID {partner} is yours.\n\n\
         Sign in to see your invoices and KPI points, and to enroll in a learning option.\n"
    );
    tell(
        app,
        &told,
        &format!("partner:{partner}:verified"),
        &subject,
        &body,
    )
    .await;
    Ok(told)
}

/// Longest reason an operator may give for a rejection (it is mailed and audited).
pub const MAX_REASON_CHARS: usize = 1000;

/// Rejects a claim (operators), saying why: nobody holds a role in the organization any more,
/// and its MPN ID may be claimed again. The claimants are told by mail, with the reason.
pub async fn reject(
    app: &App,
    actor: &Actor,
    partner: MpnId,
    reason: &str,
) -> Result<Vec<Email>, AppError> {
    actor.authorize(Action::OperateProgram)?;
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::invalid(
            "reason",
            "say why the claim is rejected: the claimant is told (R31)",
        ));
    }
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(AppError::invalid(
            "reason",
            format!("is longer than {MAX_REASON_CHARS} characters"),
        ));
    }
    let audit = AuditDraft::new(
        actor.audit_name(),
        "partner.claim_rejected",
        format!("partner:{partner}"),
        app.clock().now(),
        serde_json::json!({ "reason": reason, "rule": "R31" }),
    );
    let told = app
        .store()
        .decide_claim(partner, Verification::Rejected, &audit)
        .await?;
    let subject = format!("Your claim of MPN ID {partner} was not approved");
    let body = format!(
        "The Learning Partner program did not approve your claim of MPN ID {partner}.\n\n\
         Reason: {reason}\n\nIf the organization is yours, ask the program's support to invite \
         its contact on file.\n"
    );
    tell(
        app,
        &told,
        &format!("partner:{partner}:rejected:{}", app.clock().now()),
        &subject,
        &body,
    )
    .await;
    Ok(told)
}

/// How long a claim waits for its claimant to confirm the address before the program drops
/// it: the confirmation link's life ([`crate::accounts::CONFIRMATION_TTL`]) and a day.
pub const UNCONFIRMED_CLAIM_DAYS: i64 = 8;

/// Rejects the claims whose claimants never confirmed their address within
/// [`UNCONFIRMED_CLAIM_DAYS`] (a daily job): a made-up address would otherwise hold an MPN
/// ID, and the queue, forever. Returns the MPN IDs released.
pub async fn drop_unconfirmed(app: &App, actor: &Actor) -> Result<Vec<MpnId>, AppError> {
    actor.authorize(Action::OperateProgram)?;
    let cutoff = app
        .clock()
        .now()
        .checked_sub(jiff::SignedDuration::from_hours(
            24 * UNCONFIRMED_CLAIM_DAYS,
        ))
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let mut released = Vec::new();
    for claim in app.store().claims().await? {
        let stale = claim.partner.registered_at < cutoff
            && claim.claimants.iter().all(|c| !c.email_confirmed);
        if !stale {
            continue;
        }
        let mpn = claim.partner.mpn_id;
        let reason = format!(
            "the address was not confirmed within {UNCONFIRMED_CLAIM_DAYS} days of signing up"
        );
        match reject(app, actor, mpn, &reason).await {
            Ok(_) => released.push(mpn),
            // Decided meanwhile by an operator.
            Err(AppError::Conflict(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(released)
}

/// Mails each address; a mail that cannot be queued is logged and never undoes the decision.
async fn tell(app: &App, to: &[Email], key: &str, subject: &str, body: &str) {
    for address in to {
        if let Err(e) = mail::queue(app, &format!("{key}:{address}"), address, subject, body).await
        {
            tracing::warn!(%address, error = %e, "could not queue the claim's mail");
        }
    }
}

/// Invites an organization's contact on file to become its MPN partner admin (operators,
/// R31): the account is created with the address to confirm and the link mailed (the same
/// link sets the password and confirms the address). With `contact`, that address becomes
/// the contact on file first. Refused naming `contact_email` when there is no contact,
/// `email` when the address has an account already, and
/// as a conflict while a claim of the organization waits for a decision. A rejected
/// organization becomes verified: the program vouches for its contact.
pub async fn invite_contact(
    app: &App,
    actor: &Actor,
    partner: MpnId,
    contact: Option<Email>,
    compose: Compose<'_>,
) -> Result<User, AppError> {
    actor.authorize(Action::OperateProgram)?;
    let current = app
        .store()
        .partner(partner)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("partner {partner} is not registered")))?;
    if current.verification == Verification::Unverified {
        return Err(AppError::Conflict(format!(
            "R31: partner {partner} is claimed and waits for a decision: approve or reject the \
             claim first"
        )));
    }
    let to = contact
        .clone()
        .or_else(|| current.contact_email.clone())
        .ok_or_else(|| {
            AppError::invalid(
                "contact_email",
                format!("partner {partner} has no contact on file: give one (R31)"),
            )
        })?;
    if app.store().user_by_email(&to).await?.is_some() {
        return Err(AppError::invalid(
            "email",
            format!("{to} already has an account: an admin of the organization invites them"),
        ));
    }
    let changes = current.contact_email.as_ref() != Some(&to)
        || current.verification != Verification::Verified;
    if changes {
        let audit = AuditDraft::new(
            actor.audit_name(),
            "partner.contact_set",
            format!("partner:{partner}"),
            app.clock().now(),
            serde_json::json!({
                "contact_email": to,
                "verified": current.verification != Verification::Verified,
                "rule": "R31",
            }),
        );
        app.store()
            .set_partner_contact(partner, &to, true, &audit)
            .await?;
        app.partners_seen().forget(&partner);
    }
    crate::accounts::invite_as_program(
        app,
        actor,
        NewAccount {
            email: to,
            role: Role::MpnPartnerAdmin,
            partner: Some(partner),
            password: String::new(),
        },
        compose,
    )
    .await
}
