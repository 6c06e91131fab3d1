//! Self-service accounts: signing up an organization, password resets and invitations.
//!
//! Reset and invitation links carry a random token that is shown once (in the mail) and stored
//! as its SHA-256 only; a token works once and expires ([`RESET_TTL`], [`INVITATION_TTL`]).
//! Mail goes through the outbox ([`crate::mail::queue`]); the adapter writes its text (in the
//! user's language) through the `compose` function it passes, given the token.

use jiff::{SignedDuration, Timestamp};
use lpc_domain::access::RoleGrant;
use lpc_domain::{Email, MpnId, Role};
use lpc_store::{AuditDraft, NewPartner, NewUser, User, Verification};
use sha2::{Digest, Sha256};

use crate::users::NewAccount;
use crate::{Actor, App, AppError, mail, passwords};

/// How long a password reset link works.
pub const RESET_TTL: SignedDuration = SignedDuration::from_hours(1);
/// How long an invitation link works.
pub const INVITATION_TTL: SignedDuration = SignedDuration::from_hours(7 * 24);

/// A mail's subject and body, written by the adapter for a token.
pub type Compose<'a> = &'a (dyn Fn(&str) -> (String, String) + Send + Sync);

fn digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A mark of the user's current password, kept in each web session at sign-in: a session
/// whose mark no longer matches was opened with an older password, so a password reset ends
/// every other session of the user (someone who learnt the old password is signed out).
/// It reveals nothing usable: a truncated SHA-256 of the Argon2id hash.
pub fn session_mark(user: &lpc_store::User) -> String {
    let mut mark = digest(&user.password_hash);
    mark.truncate(16);
    mark
}

fn new_token() -> Result<String, AppError> {
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret).map_err(|e| AppError::Internal(format!("no randomness: {e}")))?;
    Ok(hex::encode(secret))
}

fn expiry(now: Timestamp, ttl: SignedDuration) -> Result<Timestamp, AppError> {
    now.checked_add(ttl)
        .map_err(|e| AppError::Internal(e.to_string()))
}

/// A partner organization signing itself up: the organization and its first user, who
/// becomes its MPN partner admin (R1) once the address is confirmed, and sees the
/// organization's KPIs once the program verifies the claim (R31).
#[derive(Debug, Clone)]
pub struct SignUp {
    /// The organization as typed; it is stored unverified, with the claimant as its contact.
    pub partner: NewPartner,
    pub email: Email,
    pub password: String,
}

/// How long an address-confirmation link works.
pub const CONFIRMATION_TTL: SignedDuration = SignedDuration::from_hours(7 * 24);

/// The mails a sign-up can cause. The page answers every sign-up alike (issue 15: it must not
/// tell a stranger whether an address or an MPN ID is known); the mail, which only the
/// address's owner reads, says what happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignUpMail<'a> {
    /// A new claim: the link that confirms the address.
    Confirm { token: &'a str, partner: MpnId },
    /// The address has an account already: sign in, or reset the password.
    AccountExists,
    /// The MPN ID is registered: ask the organization's admins for an invitation, or the
    /// program's support.
    MpnRegistered { partner: MpnId },
}

/// A sign-up mail's subject and body, written by the adapter in the visitor's language.
pub type ComposeSignUp<'a> = &'a (dyn Fn(SignUpMail<'_>) -> (String, String) + Send + Sync);

/// What [`sign_up`] did, for logs and tests; the adapter answers the visitor the same way
/// whatever it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignedUp {
    /// The organization was claimed; the confirmation link was mailed.
    Claimed,
    /// Nothing was stored: the address has an account (its owner was told).
    AccountExists,
    /// Nothing was stored: the MPN ID is registered (the claimant was told).
    MpnRegistered,
}

fn confirmation_digest(token: &str) -> String {
    digest(&format!("confirm:{token}"))
}

/// Signs an organization up (R31): stores it unverified with the claimant as its MPN partner
/// admin, whose address is still to be confirmed, and mails the confirmation link. An address
/// that has an account, or an MPN ID already registered, stores nothing and gets a mail
/// saying so instead. Only a malformed password is refused here (`password`): every other
/// outcome looks the same to the visitor, and takes the same time (the password is hashed
/// in every case).
pub async fn sign_up(
    app: &App,
    form: SignUp,
    compose: ComposeSignUp<'_>,
) -> Result<SignedUp, AppError> {
    let password_hash = passwords::hash(form.password).await?;
    let now = app.clock().now();
    let mpn = form.partner.mpn_id;
    let email = form.email;
    let tell = async |key: &str, mail: SignUpMail<'_>| -> Result<(), AppError> {
        let (subject, body) = compose(mail);
        mail::queue(app, key, &email, &subject, &body)
            .await
            .map(drop)
    };
    if app.store().user_by_email(&email).await?.is_some() {
        tell(
            &format!("signup:account-exists:{email}:{now}"),
            SignUpMail::AccountExists,
        )
        .await?;
        return Ok(SignedUp::AccountExists);
    }
    let registered = app.store().partner(mpn).await?;
    if registered.is_some_and(|p| p.verification != Verification::Rejected) {
        tell(
            &format!("signup:mpn-registered:{mpn}:{email}:{now}"),
            SignUpMail::MpnRegistered { partner: mpn },
        )
        .await?;
        return Ok(SignedUp::MpnRegistered);
    }
    let grant = RoleGrant::new(Role::MpnPartnerAdmin, Some(mpn))
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let partner = NewPartner {
        contact_email: Some(email.clone()),
        verification: Verification::Unverified,
        ..form.partner
    };
    let user = NewUser {
        email: email.clone(),
        password_hash,
        grants: vec![grant],
        email_confirmed: false,
    };
    let audit = AuditDraft::new(
        format!("user:{email}"),
        "partner.claimed",
        format!("partner:{mpn}"),
        now,
        serde_json::json!({
            "name": partner.name, "country": partner.country, "claimant": email,
            "rule": "R31",
        }),
    );
    let (_, user) = match app.store().add_claim(&partner, &user, &audit).await {
        Ok(stored) => stored,
        // Someone else took the address or the MPN ID a moment ago: tell them as above.
        Err(lpc_store::StoreError::Conflict(reason)) => {
            tracing::info!(%mpn, %email, %reason, "a sign-up lost a race");
            tell(
                &format!("signup:account-exists:{email}:{now}"),
                SignUpMail::AccountExists,
            )
            .await?;
            return Ok(SignedUp::AccountExists);
        }
        Err(e) => return Err(e.into()),
    };
    send_confirmation(app, &user, compose).await?;
    Ok(SignedUp::Claimed)
}

/// Mails a new address-confirmation link to a user who has not confirmed yet (signing in
/// before confirming sends one again); a confirmed user gets nothing.
pub async fn send_confirmation(
    app: &App,
    user: &User,
    compose: ComposeSignUp<'_>,
) -> Result<(), AppError> {
    if user.email_confirmed_at.is_some() {
        return Ok(());
    }
    let partner = user
        .grants
        .iter()
        .find_map(RoleGrant::partner)
        .ok_or_else(|| AppError::Internal(format!("{} belongs to no organization", user.email)))?;
    let token = new_token()?;
    let hashed = confirmation_digest(&token);
    let now = app.clock().now();
    let expires = expiry(now, CONFIRMATION_TTL)?;
    let audit = AuditDraft::new(
        format!("user:{}", user.email),
        "user.confirmation_sent",
        format!("user:{}", user.email),
        now,
        serde_json::json!({ "expires_at": expires.to_string(), "rule": "R31" }),
    );
    app.store()
        .add_password_reset(user.id, &hashed, expires, &audit)
        .await?;
    let (subject, body) = compose(SignUpMail::Confirm {
        token: &token,
        partner,
    });
    mail::queue(
        app,
        &format!("user.confirmation:{}", &hashed[..16]),
        &user.email,
        &subject,
        &body,
    )
    .await?;
    Ok(())
}

/// The user an address-confirmation link is for, while it works.
pub async fn confirmation_link_user(app: &App, token: &str) -> Result<Option<User>, AppError> {
    Ok(app
        .store()
        .password_reset_user(&confirmation_digest(token), app.clock().now())
        .await?)
}

/// Confirms the address a link was mailed to, once (R31). Refused naming `token` when the
/// link is unknown, used or expired.
pub async fn confirm_email(app: &App, token: &str) -> Result<User, AppError> {
    let gone = || AppError::invalid("token", "this link has expired or was already used");
    let user = confirmation_link_user(app, token).await?.ok_or_else(gone)?;
    let audit = AuditDraft::new(
        format!("user:{}", user.email),
        "user.email_confirmed",
        format!("user:{}", user.email),
        app.clock().now(),
        serde_json::json!({ "rule": "R31" }),
    );
    app.store()
        .confirm_email(&confirmation_digest(token), app.clock().now(), &audit)
        .await?
        .ok_or_else(gone)
}

/// The program confirms a user's address itself (operators, `lpc user confirm`): for a
/// person whose mail does not arrive, whom support has reached another way. Audited as the
/// operator's act. `NotFound` for an unknown address; a confirmed one stays as it is.
pub async fn confirm_by_program(app: &App, actor: &Actor, email: &Email) -> Result<User, AppError> {
    actor.authorize(lpc_domain::access::Action::OperateProgram)?;
    let user = app
        .store()
        .user_by_email(email)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("no user has the address {email}")))?;
    if user.email_confirmed_at.is_some() {
        return Ok(user);
    }
    // A one-use token made and used at once, so that the confirmation goes through the same
    // single transaction as a mailed link's.
    let token = new_token()?;
    let hashed = confirmation_digest(&token);
    let now = app.clock().now();
    let audit = |action: &str| {
        AuditDraft::new(
            actor.audit_name(),
            action,
            format!("user:{email}"),
            now,
            serde_json::json!({ "by": "program", "rule": "R31" }),
        )
    };
    app.store()
        .add_password_reset(
            user.id,
            &hashed,
            expiry(now, SignedDuration::from_mins(1))?,
            &audit("user.confirmation_made"),
        )
        .await?;
    app.store()
        .confirm_email(&hashed, now, &audit("user.email_confirmed"))
        .await?
        .ok_or_else(|| AppError::Internal("the confirmation just made was not found".into()))
}

/// Refuses to sign in a user whose address is not confirmed yet (R31).
pub fn require_confirmed(user: &User) -> Result<(), AppError> {
    match user.email_confirmed_at {
        Some(_) => Ok(()),
        None => Err(AppError::Denied(format!(
            "R31: {} is not confirmed yet: follow the link we mailed to it",
            user.email
        ))),
    }
}

async fn issue(
    app: &App,
    actor: &str,
    action: &str,
    user: &User,
    ttl: SignedDuration,
    compose: Compose<'_>,
) -> Result<(), AppError> {
    let token = new_token()?;
    let hashed = digest(&token);
    let now = app.clock().now();
    let audit = AuditDraft::new(
        actor,
        action,
        format!("user:{}", user.email),
        now,
        serde_json::json!({ "expires_at": expiry(now, ttl)?.to_string() }),
    );
    app.store()
        .add_password_reset(user.id, &hashed, expiry(now, ttl)?, &audit)
        .await?;
    let (subject, body) = compose(&token);
    mail::queue(
        app,
        &format!("{action}:{}", &hashed[..16]),
        &user.email,
        &subject,
        &body,
    )
    .await?;
    Ok(())
}

/// Sends a password reset link to `email` if it belongs to a user; says nothing either way,
/// so that the form does not reveal who has an account.
pub async fn request_password_reset(
    app: &App,
    email: &Email,
    compose: Compose<'_>,
) -> Result<(), AppError> {
    let Some(user) = app.store().user_by_email(email).await? else {
        tracing::info!(%email, "password reset asked for an unknown address");
        return Ok(());
    };
    issue(
        app,
        &format!("user:{email}"),
        "password.reset_requested",
        &user,
        RESET_TTL,
        compose,
    )
    .await
}

/// The user a reset or invitation link is for, while it is unused and unexpired.
pub async fn reset_link_user(app: &App, token: &str) -> Result<Option<User>, AppError> {
    Ok(app
        .store()
        .password_reset_user(&digest(token), app.clock().now())
        .await?)
}

/// A password set through a link: the user, and how many of their API tokens were revoked
/// with the old password (tell them: a program of theirs stops working).
#[derive(Debug, Clone)]
pub struct PasswordReset {
    pub user: User,
    pub revoked_tokens: u64,
}

/// Sets a new password through a reset or invitation link, once, and revokes the user's API
/// tokens (someone who knew the old password may have made one). Refused naming `token`
/// when the link is unknown, used or expired, `password` when too short.
pub async fn reset_password(
    app: &App,
    token: &str,
    password: String,
) -> Result<PasswordReset, AppError> {
    let gone = || AppError::invalid("token", "this link has expired or was already used");
    let mut user = reset_link_user(app, token).await?.ok_or_else(gone)?;
    let password_hash = passwords::hash(password).await?;
    let now = app.clock().now();
    let audit = AuditDraft::new(
        format!("user:{}", user.email),
        "password.reset",
        format!("user:{}", user.email),
        now,
        serde_json::json!({}),
    );
    let Some(revoked_tokens) = app
        .store()
        .use_password_reset(&digest(token), now, &password_hash, &audit)
        .await?
    else {
        return Err(gone());
    };
    user.password_hash = password_hash;
    Ok(PasswordReset {
        user,
        revoked_tokens,
    })
}

/// A partner admin (R1) invites a user into the organization with a role: the user is
/// created without a usable password and receives a link to set one, which also confirms the
/// address. An unverified organization invites nobody (R31): its claim comes first.
pub async fn invite(
    app: &App,
    actor: &Actor,
    email: Email,
    role: Role,
    partner: MpnId,
    compose: Compose<'_>,
) -> Result<User, AppError> {
    if !matches!(
        role,
        Role::MpnPartnerAdmin | Role::AccountAdmin | Role::Member
    ) {
        return Err(AppError::invalid(
            "role",
            "is not a role in a partner organization",
        ));
    }
    crate::claims::check(app, actor, partner).await?;
    let account = NewAccount {
        email,
        role,
        partner: Some(partner),
        password: String::new(),
    };
    invite_account(app, actor, account, "user.invited", compose).await
}

/// The program's invitation of an organization's contact on file (R31, see
/// [`crate::claims::invite_contact`]).
pub(crate) async fn invite_as_program(
    app: &App,
    actor: &Actor,
    account: NewAccount,
    compose: Compose<'_>,
) -> Result<User, AppError> {
    invite_account(app, actor, account, "partner.invited", compose).await
}

async fn invite_account(
    app: &App,
    actor: &Actor,
    account: NewAccount,
    action: &str,
    compose: Compose<'_>,
) -> Result<User, AppError> {
    let account = NewAccount {
        password: format!("invited-{}", new_token()?),
        ..account
    };
    let user = crate::users::add_with(app, actor, account, false)
        .await
        .map_err(|e| match e {
            AppError::Conflict(_) => AppError::invalid("email", "already has an account"),
            other => other,
        })?;
    issue(
        app,
        &actor.audit_name(),
        action,
        &user,
        INVITATION_TTL,
        compose,
    )
    .await?;
    Ok(user)
}

/// Records the language a user chose for the web pages.
pub async fn set_locale(app: &App, user_id: i64, locale: Option<&str>) -> Result<(), AppError> {
    Ok(app.store().set_user_locale(user_id, locale).await?)
}

/// The language a user chose, if any.
pub async fn locale(app: &App, user_id: i64) -> Result<Option<String>, AppError> {
    Ok(app.store().user_locale(user_id).await?)
}

/// The user a web session names, read fresh (roles may have changed since sign-in): `None`
/// when the account is gone, is another one now, or its password changed since (the session's
/// `mark`, [`session_mark`]), so that a password reset signs every other session out.
pub async fn session_user(
    app: &App,
    user_id: i64,
    email: &Email,
    mark: &str,
) -> Result<Option<User>, AppError> {
    Ok(app
        .store()
        .user_by_email(email)
        .await?
        .filter(|u| u.id == user_id && session_mark(u) == mark))
}

/// Removes expired web sessions (a daily job).
pub async fn delete_expired_sessions(app: &App) -> Result<u64, AppError> {
    Ok(app
        .store()
        .session_delete_expired(app.clock().now())
        .await?)
}
