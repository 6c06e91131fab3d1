//! The console's partner search (issue 7 item 5), operators only (R1):
//! `GET /ops/partners?mpn=&name=&country=&page=`: by MPN ID (exact), a part of the name (any
//! case) and country, 50 a page, in the database.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use lpc_app::App;
use lpc_app::program_overview;
use lpc_app::views::PartnerQuery;
use lpc_domain::{CountryCode, MpnId};
use serde::Deserialize;

use super::super::context::{Ctx, render};
use super::partners::{day_of, number};
use super::{OperatorUser, OpsNav};

#[derive(Debug, Deserialize, Default)]
pub struct SearchQuery {
    #[serde(default)]
    mpn: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    country: String,
    page: Option<String>,
}

/// One partner found.
#[derive(Debug, Clone)]
pub struct PartnerRow {
    pub mpn: String,
    pub name: String,
    pub country: String,
    pub registered: String,
}

#[derive(Debug, Template)]
#[template(path = "ops_partners.html")]
struct SearchPage {
    ctx: Ctx,
    nav: OpsNav,
    mpn: String,
    name: String,
    country: String,
    mpn_error: String,
    country_error: String,
    searched: bool,
    summary: String,
    rows: Vec<PartnerRow>,
    previous_href: Option<String>,
    next_href: Option<String>,
}

fn search_href(q: &SearchQuery, page: u64) -> String {
    let page = page.to_string();
    let query = serde_urlencoded::to_string([
        ("mpn", q.mpn.as_str()),
        ("name", q.name.as_str()),
        ("country", q.country.as_str()),
        ("page", page.as_str()),
    ])
    .unwrap_or_default();
    format!("/ops/partners?{query}")
}

/// `GET /ops/partners`.
pub async fn search(
    OperatorUser(staff): OperatorUser,
    State(app): State<App>,
    Query(q): Query<SearchQuery>,
) -> Response {
    let ctx = &staff.ctx;
    let mut page = SearchPage {
        ctx: ctx.clone(),
        nav: staff.nav("partners"),
        mpn: q.mpn.trim().to_owned(),
        name: q.name.trim().to_owned(),
        country: q.country.trim().to_owned(),
        mpn_error: String::new(),
        country_error: String::new(),
        searched: false,
        summary: String::new(),
        rows: Vec::new(),
        previous_href: None,
        next_href: None,
    };
    let mut query = PartnerQuery::default();
    if !page.mpn.is_empty() {
        match MpnId::parse(&page.mpn) {
            Ok(id) => query.mpn_id = Some(id),
            Err(_) => page.mpn_error = ctx.t("ptn-error-mpn"),
        }
    }
    if !page.name.is_empty() {
        query.name = Some(page.name.chars().take(200).collect());
    }
    if !page.country.is_empty() {
        match CountryCode::parse(&page.country) {
            Ok(c) => query.country = Some(c.as_str().to_owned()),
            Err(_) => page.country_error = ctx.t("ptn-error-country"),
        }
    }
    if !page.mpn_error.is_empty() || !page.country_error.is_empty() {
        return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let number_of_page: u64 = q
        .page
        .as_deref()
        .and_then(|p| p.trim().parse().ok())
        .unwrap_or(0)
        .min(1_000_000);
    let found =
        match program_overview::search_partners(&app, &staff.actor, &query, number_of_page).await {
            Ok(found) => found,
            Err(e) => return ctx.fail(e),
        };
    page.searched = true;
    page.summary = ctx.t_args(
        "ptn-found",
        &[
            ("count", number(ctx, found.total)),
            ("page", number(ctx, found.page + 1)),
            ("pages", number(ctx, found.pages)),
        ],
    );
    page.rows = found
        .partners
        .iter()
        .map(|p| PartnerRow {
            mpn: p.mpn_id.to_string(),
            name: p.name.as_str().to_owned(),
            country: p.country.as_str().to_owned(),
            registered: ctx.date(day_of(p.registered_at)),
        })
        .collect();
    page.previous_href = (found.page > 0).then(|| search_href(&q, found.page - 1));
    page.next_href = (found.page + 1 < found.pages).then(|| search_href(&q, found.page + 1));
    render(StatusCode::OK, &page)
}
