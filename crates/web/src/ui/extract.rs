//! The extractors of the portal's handlers: who is asking, checked before a handler runs.
//!
//! - [`PartnerUser`]: a signed-in user of the partner named by the `{mpn}` path segment, or
//!   program staff; anyone else gets 404 (or the login page when not signed in).
//! - [`current_user`]: the session's user, read fresh (roles may have changed).
//!
//! The console's extractors (`SupportUser`, `OperatorUser`) are in `ops`.

use std::collections::HashMap;

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use lpc_app::views::{Partner, User};
use lpc_app::{Actor, App, AppError};
use lpc_domain::access::Action;
use lpc_domain::{Email, MpnId};

use super::accounts::had_session;
use super::context::{Ctx, session_of, to_login};

/// A signed-in user allowed to see the partner named by the `{mpn}` path segment. Not signed
/// in (or the session ended): a redirect to the login page that comes back here. Signed in
/// without a role in that partner, or no such partner: 404.
#[derive(Debug, Clone)]
pub struct PartnerUser {
    pub ctx: Ctx,
    pub actor: Actor,
    pub user: User,
    pub partner: Partner,
}

impl PartnerUser {
    /// May this user manage the partner's memberships and users (R1)?
    pub fn is_admin(&self) -> bool {
        self.actor
            .authorize(Action::ManagePartnerUsers(self.partner.mpn_id))
            .is_ok()
    }
}

fn login_again(parts: &Parts, ctx: &Ctx) -> Response {
    if had_session(&parts.headers) {
        // The session ended: the login page says so, then comes back here.
        let query = serde_urlencoded::to_string([("next", ctx.path.as_str()), ("expired", "1")])
            .unwrap_or_default();
        return Redirect::to(&format!("/login?{query}")).into_response();
    }
    to_login(&ctx.path)
}

/// The signed-in user of this session, read fresh from the database (roles may have changed);
/// `None` when nobody is signed in or the user is gone.
pub async fn current_user(app: &App, ctx: &Ctx) -> Result<Option<User>, AppError> {
    let Some(su) = &ctx.user else {
        return Ok(None);
    };
    let Ok(email) = Email::parse(&su.email) else {
        return Ok(None);
    };
    lpc_app::accounts::session_user(app, su.id, &email, &su.password_mark).await
}

impl FromRequestParts<App> for PartnerUser {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        let session = session_of(parts, app).await?;
        let ctx = Ctx::from_parts(parts, &session).await?;
        let user = match current_user(app, &ctx).await {
            Ok(Some(user)) => user,
            Ok(None) => {
                if ctx.user.is_some() {
                    let _ = session.flush().await;
                }
                return Err(login_again(parts, &ctx));
            }
            Err(e) => return Err(ctx.fail(e)),
        };
        let Path(params) = Path::<HashMap<String, String>>::from_request_parts(parts, app)
            .await
            .map_err(|_| ctx.not_found())?;
        let mpn = params
            .get("mpn")
            .and_then(|m| MpnId::parse(m).ok())
            .ok_or_else(|| ctx.not_found())?;
        let actor = Actor::User {
            email: user.email.clone(),
            grants: user.grants.clone(),
        };
        let partner = match lpc_app::partners::get(app, &actor, mpn).await {
            Ok(p) => p,
            Err(AppError::Denied(_) | AppError::NotFound(_)) => return Err(ctx.not_found()),
            Err(e) => return Err(ctx.fail(e)),
        };
        let mut ctx = ctx;
        if !partner.is_verified() {
            ctx.banner = ctx.t_args("unverified-banner", &[("mpn", partner.mpn_id.to_string())]);
        }
        let admin = actor
            .authorize(lpc_domain::access::Action::ManagePartnerUsers(mpn))
            .is_ok();
        ctx.partner_nav =
            super::context::partner_nav(&mpn.to_string(), &ctx.path, admin, partner.is_verified());
        Ok(PartnerUser {
            ctx,
            actor,
            user,
            partner,
        })
    }
}
