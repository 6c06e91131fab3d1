//! The portal's directory page, `/partner/{mpn}/directory` (R24-R26): the domain-ownership
//! token and how to serve it, the listing request form (admins only, R1; members read), the
//! latest request with its processing week, visible-by date and landing page checks, and the
//! listing's state.
//!
//! - `GET /partner/{mpn}/directory[?sent=1]`
//! - `POST /partner/{mpn}/directory` (`name`, `country`, `url`, `csrf`):
//!   [`lpc_app::directory::request`]; refusals next to their field, values kept.
//! - `GET/POST /partner/{mpn}/cases/directory`: the "missing from the directory" case (R27).

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use lpc_app::directory::{self, ListingView, RequestInput, RequestView};
use lpc_app::landing_check::LandingReport;
use lpc_app::views::CaseKind;
use lpc_app::{App, AppError};

use super::context::{Ctx, render};
use super::extract::PartnerUser;
use super::forms::{Field, FormPage, Link};

/// One landing page check as a page shows it (R25).
#[derive(Debug, Clone)]
pub struct CheckRow {
    pub label: String,
    pub passed: bool,
    /// Could not run (an earlier check failed): shown as not checked, not as failed.
    pub not_run: bool,
    pub status: String,
    pub detail: String,
}

/// The check rows of `report`, in the page's language (the details are the checker's).
pub fn check_rows(ctx: &Ctx, report: Option<&LandingReport>) -> Vec<CheckRow> {
    report
        .map(|r| {
            r.checks
                .iter()
                .map(|c| CheckRow {
                    label: ctx.t(&format!("directory-check-{}", c.id)),
                    passed: c.passed,
                    status: ctx.t(if c.passed {
                        "directory-check-passed"
                    } else if c.not_run {
                        "directory-check-not-run"
                    } else {
                        "directory-check-failed"
                    }),
                    not_run: c.not_run,
                    detail: c.detail.clone(),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A request as the portal shows it.
#[derive(Debug, Clone)]
pub struct RequestRow {
    pub id: i64,
    pub status_code: &'static str,
    pub status: String,
    pub name: String,
    pub country: String,
    pub url: String,
    pub requested_on: String,
    pub window: String,
    pub visible_by: String,
    pub reason: String,
    pub checks: Vec<CheckRow>,
}

impl RequestRow {
    pub fn of(ctx: &Ctx, r: &RequestView) -> Self {
        RequestRow {
            id: r.request_id,
            status_code: r.status.as_str(),
            status: ctx.t(&format!("directory-status-{}", r.status.as_str())),
            name: r.display_name.clone(),
            country: r.country.to_string(),
            url: r.landing_url.clone(),
            requested_on: ctx.date(r.requested_on),
            window: format!(
                "{} – {}",
                ctx.date(r.processing_window.from),
                ctx.date(r.processing_window.to)
            ),
            visible_by: ctx.date(r.visible_by),
            reason: r.reason.clone().unwrap_or_default(),
            checks: check_rows(ctx, r.checks.as_ref()),
        }
    }
}

/// The partner's listing as the portal shows it.
#[derive(Debug, Clone)]
pub struct ListingRow {
    pub name: String,
    pub country: String,
    pub url: String,
    /// One sentence: visible from, visible, removed from.
    pub state: String,
    pub flagged: String,
}

impl ListingRow {
    pub fn of(ctx: &Ctx, l: &ListingView) -> Self {
        let state = match (l.listed_until, l.visible) {
            (Some(until), _) => {
                ctx.t_args("directory-listing-removed", &[("date", ctx.date(until))])
            }
            (None, true) => ctx.t_args(
                "directory-listing-visible",
                &[("date", ctx.date(l.visible_from))],
            ),
            (None, false) => ctx.t_args(
                "directory-listing-upcoming",
                &[("date", ctx.date(l.visible_from))],
            ),
        };
        let flagged = match (l.flagged_on, l.listed_until) {
            (Some(on), None) => ctx.t_args(
                "directory-listing-flagged",
                &[
                    ("date", ctx.date(on)),
                    ("reason", l.flag_reason.clone().unwrap_or_default()),
                ],
            ),
            _ => String::new(),
        };
        ListingRow {
            name: l.display_name.clone(),
            country: l.country.to_string(),
            url: l.landing_url.clone(),
            state,
            flagged,
        }
    }
}

#[derive(Debug, Template)]
#[template(path = "directory_portal.html")]
pub struct DirectoryPage {
    pub ctx: Ctx,
    pub mpn: String,
    pub partner_name: String,
    pub is_admin: bool,
    pub token: String,
    pub notice: String,
    pub error: String,
    pub fields: Vec<Field>,
    pub current: Option<RequestRow>,
    pub earlier: Vec<RequestRow>,
    pub listing: Option<ListingRow>,
}

async fn page(
    app: &App,
    pu: &PartnerUser,
    values: &HashMap<String, String>,
) -> Result<DirectoryPage, AppError> {
    let ctx = &pu.ctx;
    let mpn = pu.partner.mpn_id;
    let token = directory::verification_token(app, &pu.actor, mpn).await?;
    let requests = directory::requests_of(app, &pu.actor, mpn).await?;
    let listing = directory::listing_of(app, &pu.actor, mpn).await?;
    let mut rows = requests.iter().map(|r| RequestRow::of(ctx, r));
    let current = rows.next();
    let earlier = rows.collect();
    let value = |name: &str, default: &str| {
        values
            .get(name)
            .cloned()
            .unwrap_or_else(|| default.to_owned())
    };
    let latest = requests.first();
    let fields = vec![
        Field::new(
            "name",
            ctx.t("directory-field-name"),
            "text",
            &value(
                "name",
                latest.map_or(pu.partner.name.as_str(), |r| r.display_name.as_str()),
            ),
        )
        .maxlength(directory::NAME_MAX)
        .help(ctx.t("directory-field-name-help")),
        Field::new(
            "country",
            ctx.t("directory-field-country"),
            "text",
            &value(
                "country",
                &latest.map_or(pu.partner.country.to_string(), |r| r.country.to_string()),
            ),
        )
        .maxlength(2)
        .autocomplete("country")
        .help(ctx.t("directory-field-country-help")),
        Field::new(
            "url",
            ctx.t("directory-field-url"),
            "url",
            &value("url", latest.map_or("", |r| r.landing_url.as_str())),
        )
        .inputmode("url")
        .maxlength(directory::URL_MAX)
        .help(ctx.t("directory-field-url-help")),
    ];
    Ok(DirectoryPage {
        ctx: ctx.clone(),
        mpn: mpn.to_string(),
        partner_name: pu.partner.name.as_str().to_owned(),
        is_admin: pu.is_admin(),
        token,
        notice: String::new(),
        error: String::new(),
        fields,
        current,
        earlier,
        listing: listing.as_ref().map(|l| ListingRow::of(ctx, l)),
    })
}

/// `GET /partner/{mpn}/directory`.
pub async fn show(pu: PartnerUser, State(app): State<App>, RawQuery(raw): RawQuery) -> Response {
    let mut page = match page(&app, &pu, &HashMap::new()).await {
        Ok(p) => p,
        Err(e) => return pu.ctx.fail(e),
    };
    let query: HashMap<String, String> =
        serde_urlencoded::from_str(raw.as_deref().unwrap_or("")).unwrap_or_default();
    if query.contains_key("sent") {
        page.notice = pu.ctx.t("directory-sent");
    }
    render(StatusCode::OK, &page)
}

/// `POST /partner/{mpn}/directory`: asks for the listing (admins, R1).
pub async fn submit(pu: PartnerUser, State(app): State<App>, body: String) -> Response {
    let ctx = &pu.ctx;
    let values: HashMap<String, String> = serde_urlencoded::from_str(&body).unwrap_or_default();
    let input = RequestInput {
        partner: pu.partner.mpn_id,
        display_name: values.get("name").cloned().unwrap_or_default(),
        country: values.get("country").cloned().unwrap_or_default(),
        landing_url: values.get("url").cloned().unwrap_or_default(),
    };
    let err = match directory::request(&app, &pu.actor, &input).await {
        Ok(_) => {
            return Redirect::to(&format!("/partner/{}/directory?sent=1", pu.partner.mpn_id))
                .into_response();
        }
        Err(e) => e,
    };
    let mut page = match page(&app, &pu, &values).await {
        Ok(p) => p,
        Err(e) => return ctx.fail(e),
    };
    let status = match err {
        AppError::Invalid { field, .. } => {
            for name in field.split(", ").map(str::trim) {
                let key = format!("directory-error-{name}");
                if let Some(f) = page.fields.iter_mut().find(|f| f.name == name) {
                    f.error = ctx.t(&key);
                }
            }
            StatusCode::UNPROCESSABLE_ENTITY
        }
        AppError::Conflict(message) if message.starts_with("R24") => {
            page.error = ctx.t("directory-error-r24");
            StatusCode::CONFLICT
        }
        AppError::Denied(_) => {
            page.error = ctx.t("directory-admins-only");
            StatusCode::FORBIDDEN
        }
        other => return ctx.fail(other),
    };
    render(status, &page)
}

// ---------------------------------------------------------------------------------------
// The "missing from the directory" support case (R27): for a partner whose listing should
// show and does not, filed with the name, country and landing page the directory should show.

fn directory_form(ctx: &Ctx, mpn: &str, values: &HashMap<String, String>) -> FormPage {
    let value = |name: &str| values.get(name).map(String::as_str).unwrap_or("");
    let mut page = FormPage::new(
        ctx,
        "people-directory-title",
        &format!("/partner/{mpn}/cases/directory"),
        "people-directory-submit",
    );
    page.intro = ctx.t("people-directory-intro");
    page.fields = vec![
        Field::new(
            "name",
            ctx.t("people-directory-name"),
            "text",
            value("name"),
        )
        .maxlength(200),
        Field::new(
            "country",
            ctx.t("people-directory-country"),
            "text",
            value("country"),
        )
        .maxlength(2)
        .help(ctx.t("people-directory-country-help")),
        Field::new(
            "landing_page_url",
            ctx.t("people-directory-url"),
            "url",
            value("landing_page_url"),
        )
        .inputmode("url")
        .maxlength(2000),
    ];
    page.links.push(Link {
        href: format!("/partner/{mpn}/cases"),
        label: ctx.t("people-cases-back"),
    });
    page
}

/// `GET /partner/{mpn}/cases/directory`: the "missing from the directory" case form (R27).
pub async fn directory_new(pu: PartnerUser) -> Response {
    directory_form(&pu.ctx, &pu.partner.mpn_id.to_string(), &HashMap::new()).respond(StatusCode::OK)
}

/// `POST /partner/{mpn}/cases/directory`: opens the case (any user of the partner, R27).
pub async fn directory_create(pu: PartnerUser, State(app): State<App>, body: String) -> Response {
    let ctx = &pu.ctx;
    let mpn = pu.partner.mpn_id;
    let values: HashMap<String, String> = serde_urlencoded::from_str(&body).unwrap_or_default();
    let mut page = directory_form(ctx, &mpn.to_string(), &values);
    let fields: BTreeMap<String, String> = lpc_app::cases::DIRECTORY_FIELDS
        .iter()
        .filter_map(|name| {
            values
                .get(*name)
                .filter(|v| !v.trim().is_empty())
                .map(|v| ((*name).to_owned(), v.trim().to_owned()))
        })
        .collect();
    let request = lpc_app::cases::CaseRequest {
        partner_id: mpn,
        kind: CaseKind::DirectoryMissing,
        fields,
    };
    match lpc_app::cases::open(&app, &pu.actor, request).await {
        Ok(case) => {
            Redirect::to(&format!("/partner/{mpn}/cases/{}?opened=1", case.id)).into_response()
        }
        Err(AppError::Invalid { field, message }) => {
            let reasons: Vec<&str> = message.split("; ").collect();
            for name in field.split(", ").map(str::trim) {
                let missing = reasons
                    .iter()
                    .any(|r| r.contains(&format!("{name} is missing")));
                let key = if missing {
                    "people-error-required".to_owned()
                } else {
                    format!("people-error-directory-{name}")
                };
                page.set_error(name, ctx.t(&key));
            }
            page.respond(StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(e) => ctx.fail(e),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::ui::i18n::Lang;

    /// Issue 16: a check that could not run reads "Not checked", not "Failed"; a report
    /// stored before `not_run` existed still reads as it did.
    #[test]
    fn checks_that_did_not_run_read_as_not_checked() {
        let stored = r#"{"url":"https://a.example/","checked_at":"2026-11-20T10:00:00Z",
            "checks":[{"id":"status","passed":false,"detail":"R25: the page was not reached."},
                      {"id":"names_partner","passed":false,"not_run":true,
                       "detail":"R25: not checked, because the page was not read."}]}"#;
        let report: LandingReport = serde_json::from_str(stored).unwrap();
        let ctx = Ctx {
            lang: Lang::En,
            csrf: String::new(),
            user: None,
            signed_in: false,
            path: "/".into(),
            banner: String::new(),
            partner_nav: Vec::new(),
        };
        let rows = check_rows(&ctx, Some(&report));
        assert_eq!(rows[0].status, "Failed");
        assert_eq!(rows[1].status, "Not checked");
        assert!(rows[1].not_run && !rows[0].not_run);
        // Written back, a check that ran carries no `not_run` at all.
        let text = serde_json::to_string(&report.checks[0]).unwrap();
        assert!(!text.contains("not_run"), "{text}");
    }
}
