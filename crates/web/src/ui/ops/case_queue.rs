//! The case queue of the console (R21, R27): `GET /ops/cases[?kind=K&state=S&age=D]`, by
//! default the undecided cases, oldest first, with counts per kind. Support agents and
//! operators ([`SupportUser`]); a case's page is [`super::cases`].

use std::collections::HashMap;

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use lpc_app::views::{CaseKind, CaseState, SupportCase};
use lpc_app::{App, cases};

use super::cases::{FilterOption, partner_label};
use super::{OpsNav, SupportUser};
use crate::ui::context::{Ctx, render};

/// Kinds in the queue's filter, in this order.
const KINDS: [CaseKind; 3] = [
    CaseKind::KpiDiscrepancy,
    CaseKind::AccountProfileSetup,
    CaseKind::DirectoryMissing,
];

/// States in the queue's filter, in this order.
const STATES: [CaseState; 4] = [
    CaseState::Open,
    CaseState::WaitingOnPartner,
    CaseState::Resolved,
    CaseState::Rejected,
];

/// Ages in the queue's filter: at least this many days old.
const AGES: [i64; 3] = [7, 14, 30];

/// One case of the queue.
#[derive(Debug, Clone)]
pub struct QueueRow {
    pub id: i64,
    pub href: String,
    pub kind: String,
    pub partner: String,
    pub state: String,
    pub state_code: &'static str,
    pub opened: String,
    pub age: String,
    pub summary: String,
}

#[derive(Debug, Template)]
#[template(path = "ops_cases.html")]
pub struct QueuePage {
    pub ctx: Ctx,
    pub nav: OpsNav,
    pub kinds: Vec<FilterOption>,
    pub states: Vec<FilterOption>,
    pub ages: Vec<FilterOption>,
    /// "3 cases", for the filtered list.
    pub count: String,
    /// Undecided cases per kind: (label, count).
    pub counts: Vec<(String, String)>,
    pub rows: Vec<QueueRow>,
}

fn days_since(case: &SupportCase, today: jiff::civil::Date) -> i64 {
    let opened = case.opened_at.to_zoned(jiff::tz::TimeZone::UTC).date();
    opened
        .until(today)
        .map(|s| i64::from(s.get_days()))
        .unwrap_or_default()
}

/// `1 day`, `12 days` (Fluent gets text, so the plural is chosen here).
fn days_text(ctx: &Ctx, days: i64) -> String {
    if days == 1 {
        ctx.t("ops-cases-days-one")
    } else {
        ctx.t_args("ops-cases-days", &[("days", ctx.number(days))])
    }
}

/// What the queue says about a case in a few words: the invoice, the directory name.
fn summary(case: &SupportCase) -> String {
    let d = &case.details;
    match case.kind {
        CaseKind::KpiDiscrepancy => format!(
            "{} · {}-{:02}",
            d["invoice_number"].as_str().unwrap_or(""),
            d["year"].as_i64().unwrap_or_default(),
            d["month"].as_i64().unwrap_or_default()
        ),
        CaseKind::DirectoryMissing => d["name"].as_str().unwrap_or("").to_owned(),
        CaseKind::AccountProfileSetup => case
            .membership_id
            .map(|m| format!("#{m}"))
            .unwrap_or_default(),
    }
}

/// `GET /ops/cases[?kind=&state=&age=]`: by default the undecided cases (open or waiting on
/// the partner), oldest first.
pub async fn queue(
    SupportUser(staff): SupportUser,
    State(app): State<App>,
    RawQuery(raw): RawQuery,
) -> Response {
    let ctx = &staff.ctx;
    let query: HashMap<String, String> =
        serde_urlencoded::from_str(raw.as_deref().unwrap_or("")).unwrap_or_default();
    let kind = query.get("kind").and_then(|k| CaseKind::parse(k));
    let state_text = query
        .get("state")
        .map(String::as_str)
        .unwrap_or("undecided");
    let state = CaseState::parse(state_text);
    let age = query
        .get("age")
        .and_then(|a| a.parse::<i64>().ok())
        .filter(|a| AGES.contains(a));
    let all = match cases::list(&app, &staff.actor, None, None).await {
        Ok(all) => all,
        Err(e) => return ctx.fail(e),
    };
    let today = app.clock().today();
    let mut counts = Vec::new();
    for k in KINDS {
        let n = all
            .iter()
            .filter(|c| c.kind == k && !c.state.is_final())
            .count();
        counts.push((
            ctx.t(&format!("cases-kind-{}", k.as_str())),
            ctx.number(i64::try_from(n).unwrap_or(i64::MAX)),
        ));
    }
    let mut chosen: Vec<&SupportCase> = all
        .iter()
        .filter(|c| kind.is_none_or(|k| c.kind == k))
        .filter(|c| match (state, state_text) {
            (Some(s), _) => c.state == s,
            (None, "all") => true,
            (None, _) => !c.state.is_final(),
        })
        .filter(|c| age.is_none_or(|a| days_since(c, today) >= a))
        .collect();
    chosen.sort_by_key(|c| (c.opened_at, c.id));
    let mut names = HashMap::new();
    let mut rows = Vec::new();
    for c in &chosen {
        let opened = c.opened_at.to_zoned(jiff::tz::TimeZone::UTC).date();
        rows.push(QueueRow {
            id: c.id,
            href: format!("/ops/cases/{}", c.id),
            kind: ctx.t(&format!("cases-kind-{}", c.kind.as_str())),
            partner: partner_label(&app, &staff.actor, &mut names, c.partner_id).await,
            state: ctx.t(&format!("cases-state-{}", c.state.as_str())),
            state_code: c.state.as_str(),
            opened: ctx.date(opened),
            age: days_text(ctx, days_since(c, today)),
            summary: summary(c),
        });
    }
    let option = |value: &str, label: String, selected: bool| FilterOption {
        value: value.to_owned(),
        label,
        selected,
    };
    let mut kinds = vec![option("", ctx.t("ops-cases-any-kind"), kind.is_none())];
    kinds.extend(KINDS.iter().map(|k| {
        option(
            k.as_str(),
            ctx.t(&format!("cases-kind-{}", k.as_str())),
            kind == Some(*k),
        )
    }));
    let mut states = vec![
        option(
            "undecided",
            ctx.t("ops-cases-undecided"),
            state.is_none() && state_text != "all",
        ),
        option("all", ctx.t("ops-cases-any-state"), state_text == "all"),
    ];
    states.extend(STATES.iter().map(|s| {
        option(
            s.as_str(),
            ctx.t(&format!("cases-state-{}", s.as_str())),
            state == Some(*s),
        )
    }));
    let mut ages = vec![option("", ctx.t("ops-cases-any-age"), age.is_none())];
    ages.extend(AGES.iter().map(|a| {
        option(
            &a.to_string(),
            ctx.t_args("ops-cases-older-than", &[("days", a.to_string())]),
            age == Some(*a),
        )
    }));
    let page = QueuePage {
        ctx: ctx.clone(),
        nav: staff.nav("cases"),
        kinds,
        states,
        ages,
        count: match rows.len() {
            0 => ctx.t("ops-cases-count-none"),
            1 => ctx.t("ops-cases-count-one"),
            n => ctx.t_args("ops-cases-count", &[("count", ctx.number(n as i64))]),
        },
        counts,
        rows,
    };
    render(StatusCode::OK, &page)
}
