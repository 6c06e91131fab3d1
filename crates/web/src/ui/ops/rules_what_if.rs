//! The what-if of a rule-set draft in the console (R14), operators only:
//! `GET /ops/rules/drafts/{id}/what-if?on=DATE` ([`rule_drafts::what_if`]): partners gaining
//! and losing each tier, and who gains or loses which option and why, in sentences;
//! `.../what-if.csv?on=DATE`: the same as CSV.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use lpc_app::rule_drafts::{self, Change, WhatIf};
use lpc_app::{App, AppError};
use lpc_domain::eligibility::Measure;
use lpc_domain::learning_option::LearningOption;
use serde::Deserialize;

use jiff::civil::Date;

use super::{OperatorUser, OpsNav, Staff};
use crate::ui::context::{Ctx, render};

/// Partners' changes shown on the what-if page; all of them are in the CSV.
const SHOWN_CHANGES: usize = 500;

/// A requirement that changed, as the what-if page shows it.
#[derive(Debug, Clone)]
pub struct WhyView {
    pub id: &'static str,
    pub label: String,
    /// "Has 1,200; the rules in force require 1,000 and the draft requires 1,500."
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct ChangeView {
    pub mpn: String,
    pub partner: String,
    pub option: String,
    pub gains: bool,
    pub why: Vec<WhyView>,
}

#[derive(Debug, Clone)]
pub struct TierCount {
    pub label: String,
    pub gaining: String,
    pub losing: String,
}

#[derive(Debug, Template)]
#[template(path = "ops_rules_what_if.html")]
struct WhatIfPage {
    ctx: Ctx,
    nav: OpsNav,
    id: i64,
    on_iso: String,
    heading: String,
    tiers: Vec<TierCount>,
    options: Vec<TierCount>,
    changes: Vec<ChangeView>,
    more: String,
    /// The announcement of this change, for the "Draft an announcement" form (R14, R32).
    announcement: super::announcement_prefill::Prefill,
}

#[derive(Debug, Deserialize)]
pub struct OnQuery {
    #[serde(default)]
    on: Option<String>,
}

/// The date of a what-if: `on` when given and valid, else the draft's effective date or today.
async fn what_if_of(
    app: &App,
    staff: &Staff,
    id: i64,
    on: Option<&str>,
) -> Result<WhatIf, AppError> {
    let on = match on.map(str::trim).filter(|s| !s.is_empty()) {
        Some(text) => text
            .parse::<Date>()
            .map_err(|_| AppError::invalid("on", format!("{text:?} is not a date (YYYY-MM-DD)")))?,
        None => {
            let (_, set) = rule_drafts::get(app, &staff.actor, id).await?;
            set.effective_from.max(app.clock().today())
        }
    };
    rule_drafts::what_if(app, &staff.actor, id, on).await
}

/// Why a requirement turns, as a sentence: what the partner has, what the rules in force ask
/// and what the draft asks ("has no; required yes now, yes with the draft" read as code).
fn why_sentence(ctx: &Ctx, w: &lpc_app::rule_drafts::RequirementChange) -> String {
    let yes_no = |flag: bool| if flag { "yes" } else { "no" }.to_owned();
    if let Measure::Flag(has) = w.actual {
        let required = |m: Option<Measure>| matches!(m, Some(Measure::Flag(true)));
        return ctx.t_args(
            "ops-rules-why-flag",
            &[
                ("actual", yes_no(has)),
                ("before", yes_no(required(w.required_before))),
                ("after", yes_no(required(w.required_after))),
            ],
        );
    }
    ctx.t_args(
        "ops-rules-why-amount",
        &[
            ("actual", measure(ctx, Some(w.actual))),
            ("before_required", yes_no(w.required_before.is_some())),
            ("before", measure(ctx, w.required_before)),
            ("after_required", yes_no(w.required_after.is_some())),
            ("after", measure(ctx, w.required_after)),
        ],
    )
}

fn measure(ctx: &Ctx, m: Option<Measure>) -> String {
    match m {
        None => "—".to_owned(),
        Some(Measure::Count(n)) => ctx.number(n),
        Some(Measure::Points(p)) => crate::ui::kpi_format::points(ctx.lang, p),
        Some(Measure::Flag(true)) => ctx.t("ops-rules-yes"),
        Some(Measure::Flag(false)) => ctx.t("ops-rules-no"),
    }
}

fn option_label(ctx: &Ctx, option: LearningOption, competency: Option<&str>) -> String {
    let label = ctx.t(&format!("option-{}", option.as_str()));
    match competency {
        Some(c) => format!("{label} · {c}"),
        None => label,
    }
}

fn count(ctx: &Ctx, n: usize) -> String {
    ctx.number(i64::try_from(n).unwrap_or(i64::MAX))
}

/// `GET /ops/rules/drafts/{id}/what-if?on=DATE`.
pub async fn what_if(
    OperatorUser(staff): OperatorUser,
    State(app): State<App>,
    Path(id): Path<i64>,
    Query(query): Query<OnQuery>,
) -> Response {
    let ctx = &staff.ctx;
    let result = match what_if_of(&app, &staff, id, query.on.as_deref()).await {
        Ok(result) => result,
        Err(e) => return ctx.fail(e),
    };
    let tiers = LearningOption::ALL
        .into_iter()
        .map(|option| TierCount {
            label: ctx.t(&format!("option-{}", option.as_str())),
            gaining: count(
                ctx,
                result.partners_gaining.get(&option).copied().unwrap_or(0),
            ),
            losing: count(
                ctx,
                result.partners_losing.get(&option).copied().unwrap_or(0),
            ),
        })
        .collect();
    let options = result
        .counts
        .iter()
        .map(|c| TierCount {
            label: option_label(ctx, c.option, c.competency.as_deref()),
            gaining: count(ctx, c.gains),
            losing: count(ctx, c.losses),
        })
        .collect();
    let changes = result
        .changes
        .iter()
        .take(SHOWN_CHANGES)
        .map(|c| ChangeView {
            mpn: c.partner_id.to_string(),
            partner: c.partner_name.clone(),
            option: option_label(ctx, c.option, c.competency.as_deref()),
            gains: c.change == Change::Gains,
            why: c
                .why
                .iter()
                .map(|w| WhyView {
                    id: w.id.as_str(),
                    label: ctx.t(&format!("ops-rules-req-{}", w.id.as_str())),
                    text: why_sentence(ctx, w),
                })
                .collect(),
        })
        .collect();
    let more = if result.changes.len() > SHOWN_CHANGES {
        ctx.t_args(
            "ops-rules-what-if-more",
            &[
                ("shown", count(ctx, SHOWN_CHANGES)),
                ("total", count(ctx, result.changes.len())),
            ],
        )
    } else {
        String::new()
    };
    let heading = ctx.t_args(
        "ops-rules-what-if-heading",
        &[
            ("draft", result.after.name.clone()),
            ("before", result.before.name.clone()),
            ("date", ctx.date(result.on)),
            ("partners", count(ctx, result.partners)),
        ],
    );
    let announcement = announcement_of(&app, &staff, id, &result).await;
    render(
        StatusCode::OK,
        &WhatIfPage {
            ctx: ctx.clone(),
            nav: staff.nav("rules"),
            id,
            on_iso: result.on.to_string(),
            heading,
            tiers,
            options,
            changes,
            more,
            announcement,
        },
    )
}

/// The announcement the what-if drafts (R14): the draft against the rules in force on its
/// date. Empty (no button) when either cannot be read.
async fn announcement_of(
    app: &App,
    staff: &Staff,
    id: i64,
    result: &WhatIf,
) -> super::announcement_prefill::Prefill {
    let book = app.latest_rules();
    match (
        rule_drafts::get(app, &staff.actor, id).await,
        book.in_force_on(result.on),
    ) {
        (Ok((_, draft)), Some(before)) => {
            super::announcement_prefill::from_what_if(before, &draft, result, app.clock().today())
        }
        _ => super::announcement_prefill::Prefill::default(),
    }
}

/// `GET /ops/rules/drafts/{id}/what-if.csv?on=DATE`.
pub async fn what_if_csv(
    OperatorUser(staff): OperatorUser,
    State(app): State<App>,
    Path(id): Path<i64>,
    Query(query): Query<OnQuery>,
) -> Response {
    let csv = match what_if_of(&app, &staff, id, query.on.as_deref()).await {
        Ok(result) => rule_drafts::what_if_csv(&result),
        Err(e) => Err(e),
    };
    match csv {
        Ok(text) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"what-if-{id}.csv\""),
                ),
            ],
            text,
        )
            .into_response(),
        Err(e) => staff.ctx.fail(e),
    }
}
