//! `GET /guidelines/{version}`: what a version of the Learning Program Performance Guidelines
//! asks of a partner (R8), read before ticking its acceptance at checkout. No sign-in: it is
//! the program's public promise.
//!
//! Built from the rule set that names the version (R14: each program year's rules carry the
//! guidelines version a partner accepts): the requirements of each learning option, the KPI
//! points each OMLP type earns, and the fees. The program's own document, once it publishes one
//! (R32), is linked from the resources; this page is the part the rules hold.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use lpc_app::App;
use lpc_domain::LearningOption;

use super::context::{Ctx, render};
use super::kpi_format::{points, type_name};

/// One learning option's requirements, in the page's language.
#[derive(Debug, Clone)]
pub struct TierView {
    pub name: String,
    pub lines: Vec<String>,
}

/// One OMLP type and the points one purchase unit earns.
#[derive(Debug, Clone)]
pub struct PointsView {
    pub name: String,
    pub points: String,
}

#[derive(Debug, Template)]
#[template(path = "guidelines.html")]
pub struct GuidelinesPage {
    pub ctx: Ctx,
    pub title: String,
    pub in_force: String,
    pub tiers: Vec<TierView>,
    pub omlp: Vec<PointsView>,
    /// The program's document of this exact version (R32), in the reader's language or
    /// English, when it has published one.
    pub document: Option<super::resources_page::DocumentView>,
}

/// The page of guidelines `version`, its characters outside `A-Z a-z 0-9 . - _` escaped.
pub fn href(version: &str) -> String {
    let mut path = String::from("/guidelines/");
    for byte in version.bytes() {
        if byte.is_ascii_alphanumeric() || b".-_".contains(&byte) {
            path.push(char::from(byte));
        } else {
            path.push_str(&format!("%{byte:02X}"));
        }
    }
    path
}

/// The longest version string looked up: rule files use short ones (`FY26-1.0`).
const MAX_VERSION: usize = 40;

/// `GET /guidelines/{version}/document/{lang}`: the PDF of the version's published document.
pub async fn document(
    ctx: Ctx,
    State(app): State<App>,
    Path((version, lang)): Path<(String, String)>,
) -> Response {
    if version.len() > MAX_VERSION {
        return ctx.not_found();
    }
    match lpc_app::resources::guidelines_file(&app, &version, &lang).await {
        Ok(file) => super::resources_page::pdf_download(file),
        Err(e) => ctx.fail(e),
    }
}

pub async fn show(ctx: Ctx, State(app): State<App>, Path(version): Path<String>) -> Response {
    if version.len() > MAX_VERSION {
        return ctx.not_found();
    }
    let book = app.rules();
    let Some(rules) = book.sets().iter().find(|r| r.guidelines_version == version) else {
        return ctx.not_found();
    };
    let lang = ctx.lang;
    let tiers = [
        LearningOption::ActionPack,
        LearningOption::Silver,
        LearningOption::Gold,
    ]
    .into_iter()
    .map(|option| {
        let t = rules.tiers.get(option);
        let mut lines = Vec::new();
        if t.mct_count > 0 {
            lines.push(ctx.t_args("guidelines-mcts", &[("count", t.mct_count.to_string())]));
        }
        if t.exam_passes > 0 {
            lines.push(ctx.t_args("guidelines-exams", &[("count", t.exam_passes.to_string())]));
        }
        if t.kpi_points > lpc_domain::KpiPoints::ZERO {
            let key = match (t.kpi_at_enrollment, t.kpi_at_renewal) {
                (true, true) => "guidelines-kpi-always",
                (false, true) => "guidelines-kpi-renewal",
                (true, false) => "guidelines-kpi-enrollment",
                (false, false) => "guidelines-kpi-never",
            };
            lines.push(ctx.t_args(key, &[("points", points(lang, t.kpi_points))]));
        }
        if t.performance_commitment {
            lines.push(ctx.t("guidelines-commitment"));
        }
        lines.push(ctx.t_args("guidelines-fee", &[("fee", lang.money(t.fee))]));
        TierView {
            name: ctx.t(&format!("option-{}", option.as_str())),
            lines,
        }
    })
    .collect();
    let omlp = rules
        .omlp_types
        .iter()
        .map(|t| PointsView {
            name: type_name(lang, Some(rules), &t.id),
            points: match t.cap {
                Some(cap) => ctx.t_args(
                    "guidelines-points-capped",
                    &[
                        ("points", points(lang, t.points_per_unit)),
                        ("cap", points(lang, cap)),
                    ],
                ),
                None => points(lang, t.points_per_unit),
            },
        })
        .collect();
    // R8 + R32: the checkout links here, so the partner reads the exact version it accepts.
    let document = match lpc_app::resources::guidelines(&app, &version).await {
        Ok(found) => found.and_then(|d| {
            super::resources_page::document_view(&ctx, &d, |lang| {
                format!("{}/document/{lang}", href(&version))
            })
        }),
        Err(e) => return ctx.fail(e),
    };
    let page = GuidelinesPage {
        document,
        title: ctx.t_args("guidelines-title", &[("version", version.clone())]),
        in_force: ctx.t_args(
            "guidelines-in-force",
            &[
                ("name", rules.name.clone()),
                ("from", lang.date(rules.effective_from)),
            ],
        ),
        ctx,
        tiers,
        omlp,
    };
    render(StatusCode::OK, &page)
}
