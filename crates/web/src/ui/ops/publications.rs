//! `/ops/publications`: the monthly KPI publications (R17, R18, R21) for operators.
//!
//! - `GET /ops/publications`: the history, newest first (published on, period, partners,
//!   lines, digest, who), and the button that runs the due publication.
//! - `POST /ops/publications/run`: runs the same use case as `lpc publish` for today (the
//!   latest 15th on or before it). It is idempotent: a second click, a double submit or two
//!   concurrent requests publish once; the others are told "already published on ...".
//!   Answers with a redirect to the history, whose notice says what happened.
//! - `GET /ops/publications/compare?partner=MPN&a=DATE&b=DATE`: a partner's two publications
//!   side by side: totals, and the lines added, removed or changed between them.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::civil::Date;
use lpc_app::publication_history::{self, Change, Comparison};
use lpc_app::views::PublishedRow;
use lpc_app::{App, AppError};
use lpc_domain::MpnId;
use lpc_domain::points::KpiPoints;

use super::{OperatorUser, OpsNav, Staff};
use crate::ui::context::{Ctx, render};

/// Publications listed in the history (ten years of months).
const HISTORY_LENGTH: u32 = 120;

#[derive(Debug, Clone)]
struct HistoryRow {
    published_on: String,
    published_on_iso: String,
    period: String,
    partners: String,
    lines: String,
    digest: String,
    by: String,
}

#[derive(Debug, Template)]
#[template(path = "ops_publications.html")]
struct PublicationsPage {
    ctx: Ctx,
    nav: OpsNav,
    due_published: bool,
    due_text: String,
    notice: String,
    error: String,
    rows: Vec<HistoryRow>,
}

/// `2026-09`, `09/2026`, `2026年9月` (issue 16: months zero-padded where digits stand
/// alone).
fn month(ctx: &Ctx, m: lpc_domain::calendar::YearMonth) -> String {
    let number = match ctx.lang {
        super::super::i18n::Lang::Ja => m.month().to_string(),
        _ => format!("{:02}", m.month()),
    };
    ctx.t_args(
        "ops-publications-month",
        &[("year", m.year().to_string()), ("month", number)],
    )
}

fn number(ctx: &Ctx, n: u64) -> String {
    ctx.number(i64::try_from(n).unwrap_or(i64::MAX))
}

fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    (text.len() == 10).then(|| text.parse().ok()).flatten()
}

async fn history_page(
    app: &App,
    staff: &Staff,
    query: &HashMap<String, String>,
) -> Result<PublicationsPage, AppError> {
    let ctx = &staff.ctx;
    let (history, due) = publication_history::history(app, &staff.actor, HISTORY_LENGTH).await?;
    let notice = match query.get("published").and_then(|d| parse_date(d)) {
        Some(on) => {
            let already = query.get("already").is_some_and(|v| v == "1");
            let entry = history.iter().find(|r| r.publication.published_on == on);
            match (entry, already) {
                (Some(r), true) => ctx.t_args(
                    "ops-publications-already",
                    &[
                        ("date", ctx.date(on)),
                        (
                            "at",
                            ctx.date(
                                r.publication
                                    .published_at
                                    .to_zoned(jiff::tz::TimeZone::UTC)
                                    .date(),
                            ),
                        ),
                    ],
                ),
                (Some(r), false) => ctx.t_args(
                    "ops-publications-done",
                    &[
                        ("date", ctx.date(on)),
                        ("partners", number(ctx, r.publication.partners)),
                        ("lines", number(ctx, r.publication.lines)),
                    ],
                ),
                (None, _) => String::new(),
            }
        }
        None => String::new(),
    };
    let rows = history
        .iter()
        .map(|r| {
            let p = &r.publication;
            HistoryRow {
                published_on: ctx.date(p.published_on),
                published_on_iso: p.published_on.to_string(),
                period: ctx.t_args(
                    "ops-publications-period",
                    &[
                        ("from", month(ctx, p.period.from)),
                        ("to", month(ctx, p.period.to)),
                    ],
                ),
                partners: number(ctx, p.partners),
                lines: number(ctx, p.lines),
                digest: p.digest.clone(),
                by: r
                    .published_by
                    .as_deref()
                    .map(|b| ctx.staff_actor_label(b))
                    .unwrap_or_default(),
            }
        })
        .collect();
    let due_published = history.iter().any(|r| r.publication.published_on == due);
    Ok(PublicationsPage {
        due_published,
        due_text: ctx.t_args(
            if due_published {
                "ops-publications-due-done"
            } else {
                "ops-publications-due-waiting"
            },
            &[("date", ctx.date(due))],
        ),
        notice,
        error: String::new(),
        rows,
        nav: staff.nav("publications"),
        ctx: staff.ctx.clone(),
    })
}

/// `GET /ops/publications`.
pub async fn list(
    OperatorUser(staff): OperatorUser,
    State(app): State<App>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    match history_page(&app, &staff, &query).await {
        Ok(page) => render(StatusCode::OK, &page),
        Err(e) => staff.ctx.fail(e),
    }
}

/// `POST /ops/publications/run`: `lpc publish` for today; idempotent.
pub async fn run(OperatorUser(staff): OperatorUser, State(app): State<App>) -> Response {
    match lpc_app::publications::publish(&app, &staff.actor).await {
        Ok(p) => Redirect::to(&format!(
            "/ops/publications?published={}&already={}",
            p.published_on,
            u8::from(p.already_published)
        ))
        .into_response(),
        Err(AppError::Invalid { message, .. }) => {
            match history_page(&app, &staff, &HashMap::new()).await {
                Ok(mut page) => {
                    page.error = message;
                    render(StatusCode::UNPROCESSABLE_ENTITY, &page)
                }
                Err(e) => staff.ctx.fail(e),
            }
        }
        Err(e) => staff.ctx.fail(e),
    }
}

// ---------------------------------------------------------------------------------------
// Comparing two publications of a partner.

#[derive(Debug, Clone)]
struct DateChoice {
    value: String,
    label: String,
    selected_a: bool,
    selected_b: bool,
}

#[derive(Debug, Clone)]
struct TotalRow {
    label: String,
    a: String,
    b: String,
}

/// One published line as the comparison shows it: the seven fields of R21 (or a dash).
#[derive(Debug, Clone)]
struct LineCells {
    month: String,
    omlp_type: String,
    units: String,
    kpi: String,
    revenue: String,
    late: bool,
}

#[derive(Debug, Clone)]
struct DiffRow {
    change: &'static str,
    change_label: String,
    document: String,
    line_number: u32,
    a: Option<LineCells>,
    b: Option<LineCells>,
}

#[derive(Debug, Template)]
#[template(path = "ops_publication_compare.html")]
struct ComparePage {
    ctx: Ctx,
    nav: OpsNav,
    partner: String,
    partner_error: String,
    date_error: String,
    dates: Vec<DateChoice>,
    /// Empty until the form is filled in correctly.
    compared: bool,
    a_label: String,
    b_label: String,
    totals: Vec<TotalRow>,
    lines_a: String,
    lines_b: String,
    diffs: Vec<DiffRow>,
    unchanged: String,
}

fn kpi(ctx: &Ctx, k: KpiPoints) -> String {
    // Thousandths as published: the whole part in the page's number format.
    let text = k.to_string();
    let (sign, unsigned) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (whole, frac) = match unsigned.split_once('.') {
        Some((whole, frac)) => (whole, format!(".{frac}")),
        None => (unsigned, String::new()),
    };
    match whole.parse::<i64>() {
        Ok(w) => format!("{sign}{}{frac}", ctx.number(w)),
        Err(_) => text.clone(),
    }
}

fn cells(ctx: &Ctx, r: &PublishedRow) -> LineCells {
    LineCells {
        month: ctx.t_args(
            "ops-publications-month",
            &[("year", r.year.to_string()), ("month", r.month.to_string())],
        ),
        omlp_type: r.omlp_type.clone(),
        units: ctx.number(r.purchase_units),
        kpi: kpi(ctx, r.kpi),
        revenue: ctx.money(r.revenue),
        late: r.late,
    }
}

fn compared(ctx: &Ctx, c: &Comparison, page: &mut ComparePage) {
    page.compared = true;
    page.a_label = ctx.date(c.a.publication.published_on);
    page.b_label = ctx.date(c.b.publication.published_on);
    page.lines_a = ctx.number(i64::try_from(c.a.lines).unwrap_or(i64::MAX));
    page.lines_b = ctx.number(i64::try_from(c.b.lines).unwrap_or(i64::MAX));
    page.unchanged = ctx.t_args(
        "ops-publications-unchanged",
        &[(
            "count",
            ctx.number(i64::try_from(c.unchanged).unwrap_or(i64::MAX)),
        )],
    );
    page.totals.push(TotalRow {
        label: ctx.t("ops-publications-total-all"),
        a: kpi(ctx, c.a.kpi_value),
        b: kpi(ctx, c.b.kpi_value),
    });
    let mut types: Vec<&String> =
        c.a.by_omlp_type
            .keys()
            .chain(c.b.by_omlp_type.keys())
            .collect();
    types.sort();
    types.dedup();
    for t in types {
        let of = |m: &std::collections::BTreeMap<String, KpiPoints>| {
            kpi(ctx, m.get(t).copied().unwrap_or(KpiPoints::ZERO))
        };
        page.totals.push(TotalRow {
            label: t.clone(),
            a: of(&c.a.by_omlp_type),
            b: of(&c.b.by_omlp_type),
        });
    }
    page.diffs = c
        .lines
        .iter()
        .map(|d| {
            let change = match d.change {
                Change::Added => "added",
                Change::Removed => "removed",
                Change::Changed => "changed",
            };
            DiffRow {
                change,
                change_label: ctx.t(&format!("ops-publications-change-{change}")),
                document: d.document_number.clone(),
                line_number: d.line_number,
                a: d.a.as_ref().map(|r| cells(ctx, r)),
                b: d.b.as_ref().map(|r| cells(ctx, r)),
            }
        })
        .collect();
}

/// `GET /ops/publications/compare?partner=MPN&a=DATE&b=DATE`.
pub async fn compare(
    OperatorUser(staff): OperatorUser,
    State(app): State<App>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let ctx = &staff.ctx;
    let history = match publication_history::history(&app, &staff.actor, HISTORY_LENGTH).await {
        Ok((history, _)) => history,
        Err(e) => return ctx.fail(e),
    };
    let value = |k: &str| {
        query
            .get(k)
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    };
    let (partner, a_text, b_text) = (value("partner"), value("a"), value("b"));
    // Defaults: the two latest publications.
    let a_default = history.get(1).or(history.first());
    let a_text = if a_text.is_empty() {
        a_default
            .map(|r| r.publication.published_on.to_string())
            .unwrap_or_default()
    } else {
        a_text
    };
    let b_text = if b_text.is_empty() {
        history
            .first()
            .map(|r| r.publication.published_on.to_string())
            .unwrap_or_default()
    } else {
        b_text
    };
    let mut page = ComparePage {
        partner: partner.clone(),
        partner_error: String::new(),
        date_error: String::new(),
        dates: history
            .iter()
            .map(|r| {
                let iso = r.publication.published_on.to_string();
                DateChoice {
                    label: ctx.date(r.publication.published_on),
                    selected_a: iso == a_text,
                    selected_b: iso == b_text,
                    value: iso,
                }
            })
            .collect(),
        compared: false,
        a_label: String::new(),
        b_label: String::new(),
        totals: Vec::new(),
        lines_a: String::new(),
        lines_b: String::new(),
        diffs: Vec::new(),
        unchanged: String::new(),
        nav: staff.nav("publications"),
        ctx: ctx.clone(),
    };
    if partner.is_empty() && !query.contains_key("partner") {
        return render(StatusCode::OK, &page);
    }
    let mpn = MpnId::parse(&partner).ok();
    if mpn.is_none() {
        page.partner_error = ctx.t("ops-publications-partner-invalid");
    }
    let (a, b) = (parse_date(&a_text), parse_date(&b_text));
    if a.is_none() || b.is_none() {
        page.date_error = ctx.t("ops-publications-dates-invalid");
    }
    let (Some(mpn), Some(a), Some(b)) = (mpn, a, b) else {
        return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    match publication_history::compare(&app, &staff.actor, mpn, a, b).await {
        Ok(c) => {
            compared(ctx, &c, &mut page);
            render(StatusCode::OK, &page)
        }
        Err(AppError::Invalid { field, message }) => {
            if field == "partner" {
                page.partner_error = ctx.t_args(
                    "ops-publications-partner-unknown",
                    &[("partner", mpn.to_string())],
                );
            } else {
                page.date_error = message;
            }
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(e) => ctx.fail(e),
    }
}
