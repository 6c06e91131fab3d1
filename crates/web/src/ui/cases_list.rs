//! `GET /partner/{mpn}/cases`: the partner's support cases (R5, R22, R27), newest first, and
//! the ways to open one. A case's own page and the discrepancy form are in `cases_page`; the
//! "missing from the directory" case form in `directory_page`.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use lpc_app::App;

use super::context::{Ctx, render};
use super::extract::PartnerUser;

/// One case in the list.
#[derive(Debug, Clone)]
pub struct CaseRow {
    pub id: i64,
    pub kind: String,
    pub state: String,
    pub state_code: &'static str,
    pub opened: String,
    pub changed: String,
}

#[derive(Debug, Template)]
#[template(path = "cases.html")]
pub struct CasesPage {
    pub ctx: Ctx,
    pub mpn: String,
    pub cases: Vec<CaseRow>,
}

/// `GET /partner/{mpn}/cases`: the partner's support cases, newest first, and the ways to
/// open one.
pub async fn cases(pu: PartnerUser, State(app): State<App>) -> Response {
    let ctx = &pu.ctx;
    let mpn = pu.partner.mpn_id;
    let list = match lpc_app::cases::list(&app, &pu.actor, Some(mpn), None).await {
        Ok(list) => list,
        Err(e) => return ctx.fail(e),
    };
    let day = |t: jiff::Timestamp| ctx.date(t.to_zoned(jiff::tz::TimeZone::UTC).date());
    let cases = list
        .iter()
        .rev()
        .map(|c| CaseRow {
            id: c.id,
            kind: ctx.t(&format!("cases-kind-{}", c.kind.as_str())),
            state: ctx.t(&format!("cases-state-{}", c.state.as_str())),
            state_code: c.state.as_str(),
            opened: day(c.opened_at),
            changed: day(c.decided_at.unwrap_or(c.opened_at)),
        })
        .collect();
    render(
        StatusCode::OK,
        &CasesPage {
            ctx: ctx.clone(),
            mpn: mpn.to_string(),
            cases,
        },
    )
}
