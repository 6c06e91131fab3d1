//! The invitation a partner file mails to each new partner's contact (R31):
//! `GET/POST /invitation/{token}`, and the mail's text ([`invitation_text`]), which the
//! command line and the console's upload share.
//!
//! The link opens a page (a mail scanner opening it changes nothing). A contact without an
//! account chooses a password: the account is made then, its address confirmed by the link,
//! as the partner's MPN partner admin, and signed in. A contact whose address has an account
//! signs in as it and accepts: that account becomes the admin.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use lpc_app::partner_invitations::{self, Invitation};
use lpc_app::partners_import::{ComposeInvitation, InvitationText, MPN, PARTNER, TOKEN};
use lpc_app::{Actor, App, AppError, passwords};
use lpc_domain::CountryCode;
use serde::Deserialize;
use tower_sessions::Session;

use super::accounts::{password_error, password_help, see_other, sign_in};
use super::context::{Ctx, MessagePage, render};
use super::extract::current_user;
use super::forms::{Field, FormPage};
use super::i18n::Lang;

/// The language of a partner in `country` (R32: its language where the program has one,
/// else English): Japanese in Japan, Italian in Italy, English everywhere else.
fn language_of(country: CountryCode) -> Lang {
    match country.as_str() {
        "JP" => Lang::Ja,
        "IT" => Lang::It,
        _ => Lang::En,
    }
}

/// The invitation mail for a partner in `country`, in its language, with the slots the
/// import fills in (the partner's name and MPN ID, the link's token). Short: a file of
/// 100,000 partners queues 100,000 of them.
pub fn invitation_text(public_url: &str, country: CountryCode) -> InvitationText {
    let base = public_url.trim_end_matches('/');
    let args = [("partner", PARTNER.to_owned()), ("mpn", MPN.to_owned())];
    let lang = language_of(country);
    let body = [
        lang.t_args("mail-partners-invite-intro", &args),
        String::new(),
        lang.t("mail-partners-invite-link"),
        format!("{base}/invitation/{TOKEN}"),
        String::new(),
        lang.t("mail-partners-invite-ignore"),
    ]
    .join("\n");
    InvitationText {
        subject: lang.t_args("mail-partners-invite-subject", &args),
        body,
    }
}

/// [`invitation_text`] as an import takes it.
pub fn compose_invitations(public_url: &str) -> ComposeInvitation {
    let base = public_url.to_owned();
    ComposeInvitation::new(move |country| invitation_text(&base, country))
}

fn args(invitation: &Invitation) -> [(&'static str, String); 3] {
    [
        ("email", invitation.email.to_string()),
        ("partner", invitation.partner.name.to_string()),
        ("mpn", invitation.partner.mpn_id.to_string()),
    ]
}

fn gone(ctx: &Ctx) -> Response {
    ctx.message(StatusCode::GONE, "invitation-gone-title", "invitation-gone")
}

/// The page of a working invitation for whoever opens it.
fn page(ctx: &Ctx, token: &str, invitation: &Invitation) -> Response {
    let action = format!("/invitation/{token}");
    let signed_in_as_invitee = ctx
        .user
        .as_ref()
        .is_some_and(|u| u.email == invitation.email.as_str());
    if !invitation.account_exists {
        return new_account_page(ctx, &action, invitation).respond(StatusCode::OK);
    }
    if signed_in_as_invitee {
        let mut page = FormPage::new(ctx, "invitation-title", &action, "invitation-accept");
        page.intro = ctx.t_args("invitation-existing-intro", &args(invitation));
        return page.respond(StatusCode::OK);
    }
    let next = serde_urlencoded::to_string([("next", action.as_str())]).unwrap_or_default();
    let mut message = MessagePage {
        ctx: ctx.clone(),
        title: ctx.t("invitation-sign-in-title"),
        text: ctx.t_args("invitation-sign-in", &args(invitation)),
        link_href: format!("/login?{next}"),
        link_label: ctx.t("nav-sign-in"),
    };
    message.ctx.path = "/".into();
    render(StatusCode::OK, &message)
}

fn new_account_page(ctx: &Ctx, action: &str, invitation: &Invitation) -> FormPage {
    let mut page = FormPage::new(ctx, "invitation-title", action, "invitation-submit");
    page.intro = ctx.t_args("invitation-intro", &args(invitation));
    page.fields = vec![
        Field::new("password", ctx.t("field-password"), "password", "")
            .help(password_help(ctx))
            .autocomplete("new-password"),
    ];
    page
}

/// `GET /invitation/{token}`: the invitation, while it works.
pub async fn show(ctx: Ctx, State(app): State<App>, Path(token): Path<String>) -> Response {
    match partner_invitations::find(&app, &token).await {
        Ok(Some(invitation)) => page(&ctx, &token, &invitation),
        Ok(None) => gone(&ctx),
        Err(e) => ctx.fail(e),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AcceptForm {
    pub password: String,
}

/// `POST /invitation/{token}`: a new account with the chosen password, signed in; or the
/// signed-in account that has the address. Either lands on the partner's overview.
pub async fn accept(
    ctx: Ctx,
    State(app): State<App>,
    session: Session,
    Path(token): Path<String>,
    Form(f): Form<AcceptForm>,
) -> Response {
    let invitation = match partner_invitations::find(&app, &token).await {
        Ok(Some(invitation)) => invitation,
        Ok(None) => return gone(&ctx),
        Err(e) => return ctx.fail(e),
    };
    let overview = format!("/partner/{}", invitation.partner.mpn_id);
    if invitation.account_exists {
        let user = match current_user(&app, &ctx).await {
            Ok(Some(user)) if user.email == invitation.email => user,
            Ok(_) => return page(&ctx, &token, &invitation),
            Err(e) => return ctx.fail(e),
        };
        let actor = Actor::User {
            email: user.email,
            grants: user.grants,
        };
        return match partner_invitations::accept_as(&app, &actor, &token).await {
            Ok(_) => see_other(&overview),
            Err(AppError::Invalid { field, .. }) if field == "token" => gone(&ctx),
            Err(e) => ctx.fail(e),
        };
    }
    let mut form = new_account_page(&ctx, &format!("/invitation/{token}"), &invitation);
    if f.password.chars().count() < passwords::MIN_LENGTH {
        form.set_error("password", password_error(&ctx));
        return form.respond(StatusCode::UNPROCESSABLE_ENTITY);
    }
    match partner_invitations::accept(&app, &token, f.password).await {
        Ok(user) => match sign_in(&app, &session, &user).await {
            Ok(()) => see_other(&overview),
            Err(e) => ctx.fail(e),
        },
        Err(AppError::Invalid { field, .. }) if field == "token" => gone(&ctx),
        // The address got an account meanwhile: its owner signs in.
        Err(AppError::Invalid { field, .. }) if field == "email" => {
            show_again(&ctx, &app, &token).await
        }
        Err(e) => form.refused(e),
    }
}

async fn show_again(ctx: &Ctx, app: &App, token: &str) -> Response {
    match partner_invitations::find(app, token).await {
        Ok(Some(invitation)) => page(ctx, token, &invitation),
        Ok(None) => gone(ctx),
        Err(e) => ctx.fail(e),
    }
}
