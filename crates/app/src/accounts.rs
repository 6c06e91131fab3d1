//! Self-service accounts: signing up an organization, password resets and invitations.
//!
//! Reset and invitation links carry a random token that is shown once (in the mail) and stored
//! as its SHA-256 only; a token works once and expires ([`RESET_TTL`], [`INVITATION_TTL`]).
//! Mail goes through the outbox ([`crate::mail::queue`]); the adapter writes its text (in the
//! user's language) through the `compose` function it passes, given the token.

use jiff::{SignedDuration, Timestamp};
use lpc_domain::access::RoleGrant;
use lpc_domain::{Email, MpnId, Role};
use lpc_store::{AuditDraft, NewPartner, NewUser, Partner, User};
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
/// becomes its MPN partner admin (R1).
#[derive(Debug, Clone)]
pub struct SignUp {
    pub partner: NewPartner,
    pub email: Email,
    pub password: String,
}

/// Registers the organization and its first user. Refusals name the field: `id` (MPN ID
/// already registered), `email` (address already has an account), `password` (too short).
/// Both are checked before anything is written.
pub async fn sign_up(app: &App, form: SignUp) -> Result<(Partner, User), AppError> {
    if app.store().user_by_email(&form.email).await?.is_some() {
        return Err(AppError::invalid("email", "already has an account"));
    }
    if app.store().partner(form.partner.mpn_id).await?.is_some() {
        return Err(AppError::invalid("id", "is already registered"));
    }
    let password_hash = passwords::hash(form.password).await?;
    let actor = format!("user:{}", form.email);
    let now = app.clock().now();
    let mpn = form.partner.mpn_id;
    let partner = app
        .store()
        .add_partner(
            &form.partner,
            &AuditDraft::new(
                actor.clone(),
                "partner.sign_up",
                format!("partner:{mpn}"),
                now,
                serde_json::json!({ "name": form.partner.name, "country": form.partner.country }),
            ),
        )
        .await
        .map_err(|e| match AppError::from(e) {
            AppError::Conflict(_) => AppError::invalid("id", "is already registered"),
            other => other,
        })?;
    let grant = RoleGrant::new(Role::MpnPartnerAdmin, Some(mpn))
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let user = app
        .store()
        .add_user(
            &NewUser {
                email: form.email.clone(),
                password_hash,
                grants: vec![grant],
            },
            &AuditDraft::new(
                actor,
                "user.sign_up",
                format!("user:{}", form.email),
                now,
                serde_json::json!({ "role": Role::MpnPartnerAdmin, "partner": mpn }),
            ),
        )
        .await
        .map_err(|e| match AppError::from(e) {
            AppError::Conflict(_) => AppError::invalid("email", "already has an account"),
            other => other,
        })?;
    Ok((partner, user))
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
/// created without a usable password and receives a link to set one.
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
    let unusable = format!("invited-{}", new_token()?);
    let user = crate::users::add(
        app,
        actor,
        NewAccount {
            email,
            role,
            partner: Some(partner),
            password: unusable,
        },
    )
    .await
    .map_err(|e| match e {
        AppError::Conflict(_) => AppError::invalid("email", "already has an account"),
        other => other,
    })?;
    issue(
        app,
        &actor.audit_name(),
        "user.invited",
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

/// Removes expired web sessions (a daily job).
pub async fn delete_expired_sessions(app: &App) -> Result<u64, AppError> {
    Ok(app
        .store()
        .session_delete_expired(app.clock().now())
        .await?)
}
