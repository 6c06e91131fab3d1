//! `/partner/{mpn}/forecast`: each membership's renewal forecast (issue 19; R14, R17, R19,
//! R23), and the card the overview shows in the 90 days before an anniversary.
//!
//! The dashboard shows the latest report's twelve months (R17); the renewal counts the twelve
//! before the anniversary month (R19). These pages say which months count, which are not
//! published yet, which of today's points will have left, what is still missing, and by when.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use lpc_app::App;
use lpc_app::renewal_forecast::{self, Forecast, ForecastRequirement};
use lpc_app::renewals::Outcome;
use lpc_domain::calendar::MonthSpan;
use lpc_domain::eligibility::Measure;
use lpc_domain::requirement::RequirementId;

use super::context::{Ctx, render};
use super::enroll_page::{ReqView, req_view};
use super::extract::PartnerUser;
use super::kpi_format::{month_year, points};

/// A requirement on the forecast page: the enroll page's view, what is missing and where to
/// act on it.
#[derive(Debug, Clone)]
pub struct ForecastReq {
    pub view: ReqView,
    /// "2 more needed by 28 February 2023"; empty when met.
    pub gap: String,
    pub action_href: String,
    pub action_label: String,
}

/// One month of the window: its name and its points, or "not published yet".
#[derive(Debug, Clone)]
pub struct MonthView {
    pub name: String,
    pub points: String,
    pub published: bool,
}

/// One membership's forecast in the page's language.
#[derive(Debug, Clone)]
pub struct ForecastView {
    pub id: i64,
    pub title: String,
    pub anniversary: String,
    pub when: String,
    /// `renews`, `lapses`, `pending`: for the style, as the overview's renewal notes.
    pub tone: &'static str,
    pub outcome: String,
    /// Whether the option is judged on KPI points (the Action Pack is not, R4): the window's
    /// facts are shown only then.
    pub kpi: bool,
    pub window: String,
    pub points_line: String,
    pub not_yet: String,
    pub leaving: String,
    pub last_invoice: String,
    pub deciding: String,
    pub months: Vec<MonthView>,
    pub requirements: Vec<ForecastReq>,
    pub rules: String,
}

#[derive(Debug, Template)]
#[template(path = "forecast.html")]
pub struct ForecastPage {
    pub ctx: Ctx,
    pub mpn: String,
    pub forecasts: Vec<ForecastView>,
}

fn span_text(ctx: &Ctx, span: MonthSpan) -> String {
    if span.from == span.to {
        month_year(ctx, span.from)
    } else {
        format!(
            "{} – {}",
            month_year(ctx, span.from),
            month_year(ctx, span.to)
        )
    }
}

/// The option's name, with its competency's in the page's language.
pub(crate) fn option_title(ctx: &Ctx, app: &App, f: &Forecast) -> String {
    let option = ctx.t(&format!("option-{}", f.option.as_str()));
    match f.competency.as_deref() {
        Some(c) => {
            let rules = app.rules_on(f.anniversary_date).ok();
            format!(
                "{option} — {}",
                super::directory_public::competency_label(ctx, rules, c)
            )
        }
        None => option,
    }
}

/// `f` told in the page's language.
pub(crate) fn view(ctx: &Ctx, app: &App, mpn: &str, f: &Forecast) -> ForecastView {
    let lang = ctx.lang;
    let anniversary = ctx.date(f.anniversary_date);
    let (tone, outcome_key) = match (f.outcome, f.decided) {
        (Outcome::Renewed, false) => ("renews", "forecast-outcome-renews"),
        (Outcome::Waived, false) => ("renews", "forecast-outcome-waived"),
        (Outcome::Lapsed, false) => ("lapses", "forecast-outcome-lapses"),
        (Outcome::Pending, _) if f.pending_order.is_some() => ("pending", "forecast-outcome-order"),
        (Outcome::Pending, _) => ("pending", "forecast-outcome-pending"),
        (Outcome::Renewed | Outcome::Waived, true) => ("renews", "forecast-outcome-renewed"),
        (Outcome::Lapsed, true) => ("lapses", "forecast-outcome-lapsed"),
    };
    let lapse = lpc_domain::calendar::lapses_on(f.anniversary_date);
    let required = f
        .requirements
        .iter()
        .find(|r| r.requirement.id == RequirementId::KpiPoints)
        .and_then(|r| match r.requirement.required {
            Measure::Points(p) => Some(p),
            _ => None,
        });
    let points_line = match (required, f.deciding_report_published) {
        (Some(req), true) => ctx.t_args(
            "forecast-points-decided",
            &[
                ("points", points(lang, f.points_in_window)),
                ("required", points(lang, req)),
            ],
        ),
        (Some(req), false) => ctx.t_args(
            "forecast-points-so-far",
            &[
                ("points", points(lang, f.points_in_window)),
                ("required", points(lang, req)),
            ],
        ),
        (None, _) => ctx.t_args(
            "forecast-points-not-required",
            &[("points", points(lang, f.points_in_window))],
        ),
    };
    let rules = app.rules_on(f.anniversary_date).ok();
    let requirements = f
        .requirements
        .iter()
        .map(|r| forecast_req(ctx, rules, mpn, f, r))
        .collect();
    ForecastView {
        id: f.membership_id,
        title: option_title(ctx, app, f),
        when: match f.days_to_anniversary {
            0 => ctx.t("forecast-today"),
            d if d > 0 => ctx.t_args("forecast-in-days", &[("days", lang.number(d))]),
            d => ctx.t_args("forecast-days-ago", &[("days", lang.number(-d))]),
        },
        anniversary: anniversary.clone(),
        tone,
        outcome: ctx.t_args(
            outcome_key,
            &[
                ("date", anniversary),
                ("lapse", ctx.date(lapse)),
                (
                    "order",
                    f.pending_order.map(|o| o.to_string()).unwrap_or_default(),
                ),
            ],
        ),
        kpi: required.is_some(),
        window: span_text(ctx, f.window),
        points_line,
        not_yet: f.not_yet_published_months.map_or_else(String::new, |s| {
            ctx.t_args("forecast-not-yet", &[("months", span_text(ctx, s))])
        }),
        leaving: match f.leaving_months {
            Some(s) if f.points_leaving != lpc_domain::points::KpiPoints::ZERO => ctx.t_args(
                "forecast-leaving",
                &[
                    ("points", points(lang, f.points_leaving)),
                    ("months", span_text(ctx, s)),
                ],
            ),
            _ => String::new(),
        },
        last_invoice: ctx.date(f.last_invoice_date),
        deciding: ctx.t_args(
            if f.deciding_report_published {
                "forecast-deciding-published"
            } else {
                "forecast-deciding-to-come"
            },
            &[("date", ctx.date(f.deciding_report_on))],
        ),
        months: f
            .months
            .iter()
            .map(|m| MonthView {
                name: month_year(ctx, m.month),
                published: m.points.is_some(),
                points: m
                    .points
                    .map_or_else(|| ctx.t("forecast-month-to-come"), |p| points(lang, p)),
            })
            .collect(),
        requirements,
        rules: match &f.waiver {
            Some(w) => ctx.t_args(
                "forecast-rules-waiver",
                &[("name", f.rule_set.name.clone()), ("waiver", w.clone())],
            ),
            None => ctx.t_args("forecast-rules", &[("name", f.rule_set.name.clone())]),
        },
    }
}

fn forecast_req(
    ctx: &Ctx,
    rules: Option<&lpc_domain::rules::RuleSet>,
    mpn: &str,
    f: &Forecast,
    r: &ForecastRequirement,
) -> ForecastReq {
    let lang = ctx.lang;
    let mut view = match rules {
        Some(rules) => req_view(ctx, rules, f.competency.as_deref(), None, &r.requirement),
        None => ReqView {
            id: r.requirement.id.as_str(),
            rule: r.requirement.rule,
            met: r.requirement.met,
            short: r.requirement.message.clone(),
            detail: String::new(),
            detail_href: String::new(),
            why: String::new(),
            has_bar: false,
            value: 0,
            max: 1,
        },
    };
    let anniversary = ctx.date(f.anniversary_date);
    // The enroll page speaks of today; a renewal is judged on the anniversary (R4, R19).
    match r.requirement.id {
        RequirementId::MctCount => {
            view.detail = ctx.t_args("forecast-mct-detail", &[("date", anniversary.clone())]);
        }
        RequirementId::ExamPasses => {
            let from = lpc_domain::calendar::exam_window(f.anniversary_date).from;
            view.detail = ctx.t_args(
                "forecast-exams-detail",
                &[("from", ctx.date(from)), ("date", anniversary.clone())],
            );
        }
        RequirementId::KpiPoints => {
            view.detail = ctx.t_args(
                "forecast-kpi-detail",
                &[("months", span_text(ctx, f.window))],
            );
        }
        _ => {}
    }
    let (gap, page, action) = match r.gap {
        Some(Measure::Count(n)) if r.requirement.id == RequirementId::MctCount => (
            ctx.t_args(
                "forecast-gap-mcts",
                &[("count", lang.number(n)), ("date", anniversary)],
            ),
            "trainers",
            "renewal-action-trainers",
        ),
        Some(Measure::Count(n)) => (
            ctx.t_args(
                "forecast-gap-exams",
                &[("count", lang.number(n)), ("date", anniversary)],
            ),
            "exams",
            "renewal-action-exams",
        ),
        Some(Measure::Points(p)) => (
            ctx.t_args(
                "forecast-gap-points",
                &[
                    ("points", points(lang, p)),
                    ("date", ctx.date(f.last_invoice_date)),
                ],
            ),
            "kpi",
            "renewal-action-kpi",
        ),
        Some(Measure::Flag(_)) => (
            ctx.t("forecast-gap-commitment"),
            "enroll",
            "renewal-action-enroll",
        ),
        None => (String::new(), "", ""),
    };
    ForecastReq {
        view,
        action_href: if page.is_empty() {
            String::new()
        } else {
            format!("/partner/{mpn}/{page}")
        },
        action_label: if action.is_empty() {
            String::new()
        } else {
            ctx.t(action)
        },
        gap,
    }
}

/// `GET /partner/{mpn}/forecast`: every active membership's forecast, on demand.
pub async fn page(pu: PartnerUser, State(app): State<App>) -> Response {
    let ctx = &pu.ctx;
    let mpn = pu.partner.mpn_id.to_string();
    let answer = match renewal_forecast::of_partner(&app, &pu.actor, pu.partner.mpn_id).await {
        Ok(answer) => answer,
        Err(e) => return ctx.fail(e),
    };
    let page = ForecastPage {
        forecasts: answer
            .memberships
            .iter()
            .map(|f| view(ctx, &app, &mpn, f))
            .collect(),
        ctx: ctx.clone(),
        mpn,
    };
    render(StatusCode::OK, &page)
}
