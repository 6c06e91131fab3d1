//! The partner portal: `/` and the pages under `/partner/{mpn}/...`, which only the
//! partner's users (and program staff) see. Any other partner answers 404, whether it exists
//! or not, so that URL guessing reveals nothing.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use lpc_app::views::MembershipStatus;
use lpc_app::{Actor, App, AppError};
use lpc_domain::calendar::renewal_window;

use super::context::{Ctx, render};
use super::extract::{PartnerUser, current_user};

/// One of the signed-in user's organizations, on the home page.
#[derive(Debug, Clone)]
pub struct PartnerLink {
    pub mpn: String,
    pub name: String,
    pub role: String,
    /// Not verified by the program yet (R31).
    pub pending: bool,
}

#[derive(Debug, Template)]
#[template(path = "home.html")]
pub struct HomePage {
    pub ctx: Ctx,
    pub partners: Vec<PartnerLink>,
}

/// `GET /`: sign-in and sign-up for visitors, the user's organizations when signed in.
pub async fn home(ctx: Ctx, State(app): State<App>) -> Response {
    let user = match current_user(&app, &ctx).await {
        Ok(user) => user,
        Err(e) => return ctx.fail(e),
    };
    // Each role has its own start page; the list of organizations is for those with several.
    if let Some(user) = &user {
        let start = super::accounts::start_page(user);
        if start != "/" {
            return Redirect::to(&start).into_response();
        }
    }
    let mut partners = Vec::new();
    if let Some(user) = &user {
        let actor = Actor::User {
            email: user.email.clone(),
            grants: user.grants.clone(),
        };
        for grant in &user.grants {
            let Some(mpn) = grant.partner() else {
                continue;
            };
            match lpc_app::partners::get(&app, &actor, mpn).await {
                Ok(p) => partners.push(PartnerLink {
                    mpn: mpn.to_string(),
                    name: p.name.as_str().to_owned(),
                    role: ctx.t(&format!("role-{}", grant.role().as_str())),
                    pending: !p.is_verified(),
                }),
                Err(AppError::NotFound(_)) => {}
                Err(e) => return ctx.fail(e),
            }
        }
    }
    let mut ctx = ctx;
    // A session whose user is gone shows the visitor's page.
    ctx.signed_in = user.is_some();
    render(StatusCode::OK, &HomePage { ctx, partners })
}

/// A membership as the overview shows it, formatted for the page's language.
#[derive(Debug, Clone)]
pub struct MembershipRow {
    pub option: String,
    pub competency: String,
    pub status: String,
    pub status_code: &'static str,
    pub anniversary: String,
    pub window: String,
    pub window_open: bool,
}

#[derive(Debug, Template)]
#[template(path = "overview.html")]
pub struct OverviewPage {
    pub ctx: Ctx,
    pub title: String,
    pub mpn: String,
    pub country: String,
    pub memberships: Vec<MembershipRow>,
    pub is_admin: bool,
    /// R31: an unverified organization is offered what it can do now (trainers, exams).
    pub verified: bool,
    /// Orders awaiting payment (R29): each a sentence and its page; the first replaces the
    /// Enroll call.
    pub pending_orders: Vec<(String, String)>,
    /// Memberships within 30 days of their anniversary (R28): what today's data would give,
    /// and the one thing to do (a link, or none when nothing is to be done).
    pub renewals: Vec<RenewalNote>,
    /// The renewal forecast of each anniversary in the next 90 days (issue 19).
    pub forecasts: Vec<super::forecast_page::ForecastView>,
    /// What stands between the partner and the next tier (`enroll_page`).
    pub next_tiers: Vec<super::enroll_page::NextTier>,
    /// The program's announcements of the day this user has not dismissed (R32).
    pub announcements: Vec<super::announcements_block::AnnouncementView>,
}

/// A membership's renewal as the overview tells it (issue 16 item 7).
#[derive(Debug, Clone)]
pub struct RenewalNote {
    /// `renews`, `lapses`, `pending`: for the style.
    pub tone: &'static str,
    pub text: String,
    pub action_href: String,
    pub action_label: String,
}

/// What the overview says of `membership` near its anniversary.
fn renewal_note(
    pu: &PartnerUser,
    prediction: &lpc_app::renewal_forecast::Forecast,
    option: &str,
) -> RenewalNote {
    use lpc_app::renewals::Outcome;
    use lpc_domain::requirement::RequirementId;
    let ctx = &pu.ctx;
    let mpn = pu.partner.mpn_id;
    let anniversary = prediction.anniversary_date;
    let date = ("date", ctx.date(anniversary));
    let option = ("option", option.to_owned());
    if let Some(order) = prediction.pending_order {
        return RenewalNote {
            tone: "pending",
            text: ctx.t_args(
                "renewal-note-order",
                &[option, date, ("id", order.to_string())],
            ),
            action_href: format!("/partner/{mpn}/orders/{order}"),
            action_label: ctx.t("orders-view-order"),
        };
    }
    match prediction.outcome {
        Outcome::Renewed | Outcome::Waived => RenewalNote {
            tone: "renews",
            text: ctx.t_args(
                if prediction.outcome == Outcome::Waived {
                    "renewal-note-waived"
                } else {
                    "renewal-note-renews"
                },
                &[option, date],
            ),
            action_href: String::new(),
            action_label: String::new(),
        },
        Outcome::Pending => RenewalNote {
            tone: "pending",
            text: ctx.t_args("renewal-note-pending", &[option, date]),
            action_href: String::new(),
            action_label: String::new(),
        },
        Outcome::Lapsed => {
            let first = prediction.unmet().next().map(|r| r.requirement.id);
            let (page, action) = match first {
                Some(RequirementId::MctCount) => ("trainers", "renewal-action-trainers"),
                Some(RequirementId::ExamPasses) => ("exams", "renewal-action-exams"),
                Some(RequirementId::KpiPoints) => ("kpi", "renewal-action-kpi"),
                _ => ("enroll", "renewal-action-enroll"),
            };
            let requirement = first.map_or_else(String::new, |id| {
                ctx.t(&format!("renewal-req-{}", id.as_str()))
            });
            RenewalNote {
                tone: "lapses",
                text: ctx.t_args(
                    "renewal-note-lapses",
                    &[
                        option,
                        date,
                        (
                            "lapse",
                            ctx.date(lpc_domain::calendar::lapses_on(anniversary)),
                        ),
                        ("requirement", requirement),
                    ],
                ),
                action_href: format!("/partner/{mpn}/{page}"),
                action_label: ctx.t(action),
            }
        }
    }
}

/// `GET /partner/{mpn}`: the organization's memberships, anniversaries and renewal windows
/// (R28).
pub async fn overview(pu: PartnerUser, State(app): State<App>) -> Response {
    let ctx = &pu.ctx;
    // What the enroll pages load, read once: memberships, eligibility and unpaid orders. An
    // unverified organization (R31) has no eligibility to show, only its memberships.
    let loaded = if pu.partner.is_verified() {
        match super::enroll_page::load(&app, &pu).await {
            Ok(loaded) => Some(loaded),
            Err(e) => {
                tracing::error!(error = %e, "next tiers failed");
                None
            }
        }
    } else {
        None
    };
    let memberships = match &loaded {
        Some(loaded) => loaded.memberships.clone(),
        None => {
            match lpc_app::enrollment::memberships_of(&app, &pu.actor, pu.partner.mpn_id).await {
                Ok(m) => m,
                Err(e) => return ctx.fail(e),
            }
        }
    };
    let today = app.clock().today();
    let lang = ctx.lang;
    // Competencies by their name in the page's language, else the rule set's (`Data Platform`).
    let competency_name = |id: &str| -> String {
        crate::ui::directory_public::competency_label(ctx, app.rules_on(today).ok(), id)
    };
    let rows = memberships
        .iter()
        .map(|m| {
            let window = renewal_window(m.option, m.anniversary_date);
            let active = m.status == MembershipStatus::Active;
            MembershipRow {
                option: ctx.t(&format!("option-{}", m.option.as_str())),
                competency: m
                    .competency
                    .as_deref()
                    .map_or_else(|| "—".to_owned(), competency_name),
                status: ctx.t(&format!("status-{}", m.status.as_str())),
                status_code: m.status.as_str(),
                anniversary: lang.date(m.anniversary_date),
                window: if active {
                    format!("{} – {}", lang.date(window.from), lang.date(window.to))
                } else {
                    "—".to_owned()
                },
                window_open: active && window.from <= today && today <= window.to,
            }
        })
        .collect();
    let mut pending_orders = Vec::new();
    if let Some(loaded) = &loaded {
        for order in &loaded.pending_orders {
            let what = match app.rules_on(today) {
                Ok(rules) => super::enroll_page::option_name(
                    ctx,
                    rules,
                    order.option,
                    order.competency.as_deref(),
                ),
                Err(_) => ctx.t(&format!("option-{}", order.option.as_str())),
            };
            pending_orders.push((
                ctx.t_args(
                    "overview-pending-order",
                    &[
                        ("id", order.id.to_string()),
                        ("option", what),
                        ("amount", ctx.money(order.amount_due())),
                        ("date", ctx.date(order.expires_on)),
                    ],
                ),
                format!("/partner/{}/orders/{}", pu.partner.mpn_id, order.id),
            ));
        }
    }
    // Issue 19: each anniversary's forecast in the 90 days before it (and until it is
    // decided); the renewal note of R28's 30 days says it in one sentence.
    let mut renewals = Vec::new();
    let mut forecasts = Vec::new();
    let mpn_text = pu.partner.mpn_id.to_string();
    for m in memberships.iter().filter(|m| {
        m.status == MembershipStatus::Active
            && pu.partner.is_verified()
            && lpc_app::renewal_forecast::shown_on(m.anniversary_date, today)
    }) {
        let forecast = match lpc_app::renewal_forecast::of_membership(&app, &pu.actor, m).await {
            Ok(forecast) => forecast,
            Err(e) => return ctx.fail(e),
        };
        if lpc_domain::calendar::renewal_news_shown(m.anniversary_date, today) {
            let option = match m.competency.as_deref() {
                Some(c) => format!(
                    "{} — {}",
                    ctx.t(&format!("option-{}", m.option.as_str())),
                    competency_name(c)
                ),
                None => ctx.t(&format!("option-{}", m.option.as_str())),
            };
            renewals.push(renewal_note(&pu, &forecast, &option));
        }
        forecasts.push(super::forecast_page::view(ctx, &app, &mpn_text, &forecast));
    }
    let announcements = super::announcements_block::load(&app, &pu).await;
    let page = OverviewPage {
        announcements,
        renewals,
        forecasts,
        pending_orders,
        ctx: ctx.clone(),
        title: ctx.t_args(
            "overview-title",
            &[("name", pu.partner.name.as_str().to_owned())],
        ),
        mpn: pu.partner.mpn_id.to_string(),
        country: pu.partner.country.to_string(),
        memberships: rows,
        is_admin: pu.is_admin(),
        verified: pu.partner.is_verified(),
        next_tiers: loaded
            .as_ref()
            .map(|loaded| super::next_tier::next_tiers(&pu, loaded))
            .unwrap_or_default(),
    };
    render(StatusCode::OK, &page)
}
