//! The program's announcements on a partner's overview (R32): those of the day the signed-in
//! user has not dismissed (the latest starts first, at most
//! [`lpc_app::announcements::SHOWN_TO_PARTNERS`]), each in the page's language or else in
//! English, marked so; and `POST /partner/{mpn}/announcements/{id}/dismiss`, which hides one
//! for this user for good.
//!
//! The overview includes `announcements_block.html` with the views [`load`] makes.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use lpc_app::App;
use lpc_app::announcements::{self, Announcement};

use super::announcement_text::{Paragraph, paragraphs};
use super::context::Ctx;
use super::extract::PartnerUser;

/// An announcement as the overview shows it.
#[derive(Debug, Clone)]
pub struct AnnouncementView {
    pub id: i64,
    pub title: String,
    /// The language of the title and text (`en` when it fell back).
    pub lang: &'static str,
    /// No version in the page's language: the English one is shown, and the page says so.
    pub fallback: bool,
    /// "Since {its start}", in the page's language.
    pub since: String,
    pub paragraphs: Vec<Paragraph>,
}

/// The view of `a` in `ctx`'s language, else English.
pub fn view(ctx: &Ctx, a: &Announcement) -> Option<AnnouncementView> {
    let (text, fallback) = a.text_in(ctx.lang.code())?;
    Some(AnnouncementView {
        id: a.id,
        title: text.title.clone(),
        lang: if fallback { "en" } else { ctx.lang.code() },
        fallback,
        since: ctx.t_args("ann-block-since", &[("date", ctx.date(a.starts_on))]),
        paragraphs: paragraphs(&text.body),
    })
}

/// What the overview of `pu` shows. A failure to read them is logged and shows none: the
/// overview is more than its announcements.
pub async fn load(app: &App, pu: &PartnerUser) -> Vec<AnnouncementView> {
    match announcements::for_reader(app, pu.user.id).await {
        Ok(list) => list.iter().filter_map(|a| view(&pu.ctx, a)).collect(),
        Err(e) => {
            tracing::error!(error = %e, "announcements not read for the overview");
            Vec::new()
        }
    }
}

/// `POST /partner/{mpn}/announcements/{id}/dismiss`: hidden for this user from now on; back
/// to the overview.
pub async fn dismiss(
    pu: PartnerUser,
    State(app): State<App>,
    Path((_, id)): Path<(String, String)>,
) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return pu.ctx.not_found();
    };
    match announcements::dismiss(&app, pu.user.id, id).await {
        Ok(_) => Redirect::to(&format!("/partner/{}", pu.partner.mpn_id)).into_response(),
        Err(e) => pu.ctx.fail(e),
    }
}
