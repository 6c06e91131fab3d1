//! A partner's file in the console (issue 7 item 5), operators only (R1); the search that
//! finds it is [`super::partner_search`].
//!
//! - `GET /ops/partners/{mpn}?tab=&before=SEQ`: the partner's file: memberships with their
//!   anniversary and renewal window (R28), orders (R29, R30), trainers (R4), exam passes (R8),
//!   its KPI report (R17, R21), eligibility with every requirement (R3..R10), cases, and its
//!   audit trail, newest first, a page at a time.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use lpc_app::program_overview::{self, PartnerFile};
use lpc_app::{App, AppError};
use lpc_domain::eligibility::Requirement;
use lpc_domain::{KpiPoints, LearningOption, MpnId, RuleSet};
use serde::Deserialize;

use super::super::context::{Ctx, render};
use super::{OperatorUser, OpsNav};

/// KPI rows shown on the partner's page (the newest first); the totals count every row.
const KPI_ROWS_SHOWN: usize = 100;

pub(super) fn number(ctx: &Ctx, n: u64) -> String {
    ctx.number(i64::try_from(n).unwrap_or(i64::MAX))
}

pub(super) fn day_of(ts: jiff::Timestamp) -> jiff::civil::Date {
    ts.to_zoned(jiff::tz::TimeZone::UTC).date()
}

/// A table of text cells.
#[derive(Debug, Clone, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// One requirement of an option.
#[derive(Debug, Clone)]
pub struct ReqRow {
    pub met: bool,
    pub id: &'static str,
    pub rule: &'static str,
    pub text: String,
    /// The rules engine's own sentence (English).
    pub why: String,
}

/// One option with its requirements.
#[derive(Debug, Clone)]
pub struct OptionRow {
    pub name: String,
    pub eligible: bool,
    pub held: bool,
    pub recommended: bool,
    pub requirements: Vec<ReqRow>,
}

/// One audit event.
#[derive(Debug, Clone)]
pub struct EventRow {
    pub seq: i64,
    pub at: String,
    /// Who, as a person reads it.
    pub actor: String,
    /// Who, as the audit log has it.
    pub actor_code: String,
    pub action: String,
    pub subject: String,
    /// The start of the details, for the folded summary.
    pub details_short: String,
    /// The details as indented JSON.
    pub details: String,
}

#[derive(Debug, Template)]
#[template(path = "ops_partner.html")]
struct PartnerPage {
    ctx: Ctx,
    nav: OpsNav,
    name: String,
    facts: Vec<(String, String)>,
    memberships: Table,
    orders: Table,
    trainers: Table,
    trainers_summary: String,
    exams: Table,
    report_summary: String,
    report_totals: Table,
    report_rows: Table,
    report_rows_note: String,
    options: Vec<OptionRow>,
    eligibility_summary: String,
    cases: Vec<(i64, Vec<String>)>,
    case_headers: Vec<String>,
    events: Vec<EventRow>,
    older_href: Option<String>,
    newest_href: Option<String>,
    /// The section shown ([`TABS`]).
    tab: &'static str,
    tabs: Vec<TabLink>,
}

/// The sections of a partner's file, one shown at a time, with their label keys.
const TABS: [(&str, &str); 8] = [
    ("memberships", "ptn-memberships"),
    ("orders", "ptn-orders"),
    ("trainers", "ptn-trainers"),
    ("exams", "ptn-exams"),
    ("kpi", "ptn-kpi"),
    ("eligibility", "ptn-eligibility"),
    ("cases", "ptn-cases"),
    ("audit", "ptn-audit"),
];

/// A tab of the partner's file.
#[derive(Debug, Clone)]
struct TabLink {
    label: String,
    href: String,
    current: bool,
}

#[derive(Debug, Deserialize, Default)]
pub struct TrailQuery {
    before: Option<String>,
    tab: Option<String>,
}

fn option_name(
    ctx: &Ctx,
    rules: Option<&RuleSet>,
    option: LearningOption,
    competency: Option<&str>,
) -> String {
    let label = ctx.t(&format!("option-{}", option.as_str()));
    match competency {
        Some(c) => {
            let name = rules
                .and_then(|r| r.competency(c))
                .map_or_else(|| c.to_owned(), |c| c.name.clone());
            format!("{label} — {name}")
        }
        None => label,
    }
}

fn points(ctx: &Ctx, p: KpiPoints) -> String {
    let t = p.thousandths();
    let whole = ctx.number(t / 1000);
    let frac = (t % 1000).unsigned_abs();
    if frac == 0 {
        return whole;
    }
    let decimal = if ctx.lang_code() == "it" { ',' } else { '.' };
    format!(
        "{whole}{decimal}{}",
        format!("{frac:03}").trim_end_matches('0')
    )
}

/// A requirement of the partner's eligibility: the portal's sentence for it in the
/// operator's language, with its id and rule for the console.
fn requirement(
    ctx: &Ctx,
    rules: Option<&RuleSet>,
    competency: Option<&str>,
    published_on: Option<jiff::civil::Date>,
    r: &Requirement,
) -> ReqRow {
    let (text, why) = match rules {
        Some(rules) => {
            let view = crate::ui::enroll_page::req_view(ctx, rules, competency, published_on, r);
            (view.short, view.detail)
        }
        // No rule set in force: the domain's own sentence is all there is.
        None => (r.id.as_str().to_owned(), r.message.clone()),
    };
    ReqRow {
        met: r.met,
        id: r.id.as_str(),
        rule: r.rule,
        text,
        why,
    }
}

fn file_page(
    ctx: &Ctx,
    nav: OpsNav,
    rules: Option<&RuleSet>,
    file: &PartnerFile,
    events: Vec<lpc_app::views::AuditEvent>,
    before: Option<i64>,
    tab: &'static str,
) -> PartnerPage {
    let mpn = file.partner.mpn_id.to_string();
    let d = |date: jiff::civil::Date| ctx.date(date);
    let opt_d = |date: Option<jiff::civil::Date>| date.map_or_else(|| "—".to_owned(), d);
    let memberships = Table {
        headers: [
            "ptn-col-option",
            "ptn-col-status",
            "ptn-col-started",
            "ptn-col-anniversary",
            "ptn-col-window",
            "ptn-col-marketplace",
        ]
        .iter()
        .map(|k| ctx.t(k))
        .collect(),
        rows: file
            .memberships
            .iter()
            .map(|line| {
                let m = &line.membership;
                vec![
                    option_name(ctx, rules, m.option, m.competency.as_deref()),
                    ctx.t(&format!("status-{}", m.status.as_str())),
                    d(m.started_on),
                    d(m.anniversary_date),
                    ctx.t_args(
                        "ptn-window-range",
                        &[
                            ("from", d(line.renewal_window.from)),
                            ("to", d(line.renewal_window.to)),
                            ("lapses", d(line.lapses_on)),
                        ],
                    ),
                    opt_d(m.marketplace_access_on),
                ]
            })
            .collect(),
    };
    let orders = Table {
        headers: [
            "ptn-col-order",
            "ptn-col-purpose",
            "ptn-col-option",
            "ptn-col-amount",
            "ptn-col-method",
            "ptn-col-status",
            "ptn-col-created",
            "ptn-col-paid",
        ]
        .iter()
        .map(|k| ctx.t(k))
        .collect(),
        rows: file
            .orders
            .iter()
            .map(|o| {
                vec![
                    o.id.to_string(),
                    ctx.t(&format!("ptn-purpose-{}", o.purpose.as_str())),
                    option_name(ctx, rules, o.option, o.competency.as_deref()),
                    ctx.money(o.amount_due()),
                    ctx.t(&format!("ptn-method-{}", o.payment_method.as_str())),
                    ctx.t(&format!("order-status-{}", o.status.as_str())),
                    d(o.created_on),
                    opt_d(o.paid_on),
                ]
            })
            .collect(),
    };
    let trainers = Table {
        headers: [
            "ptn-col-mct",
            "ptn-col-name",
            "ptn-col-email",
            "ptn-col-valid",
        ]
        .iter()
        .map(|k| ctx.t(k))
        .collect(),
        rows: file
            .trainers
            .iter()
            .map(|t| {
                vec![
                    t.mct_id.clone(),
                    t.name.clone(),
                    t.email.to_string(),
                    ctx.t_args(
                        "ptn-valid-range",
                        &[("from", d(t.valid_from)), ("to", d(t.valid_until))],
                    ),
                ]
            })
            .collect(),
    };
    let exams = Table {
        headers: ["ptn-col-person", "ptn-col-exam", "ptn-col-passed"]
            .iter()
            .map(|k| ctx.t(k))
            .collect(),
        rows: file
            .exam_passes
            .iter()
            .map(|p| {
                vec![
                    p.person_email.to_string(),
                    p.exam_code.clone(),
                    d(p.passed_on),
                ]
            })
            .collect(),
    };
    let report = &file.report;
    let report_summary = match (report.published_on, report.period) {
        (Some(on), Some(period)) => ctx.t_args(
            "ptn-report-summary",
            &[
                ("date", d(on)),
                ("from", d(period.first_day())),
                ("to", d(period.last_day())),
                (
                    "rows",
                    ctx.number(i64::try_from(report.rows.len()).unwrap_or(0)),
                ),
                ("points", points(ctx, report.totals.kpi_value)),
            ],
        ),
        _ => ctx.t("ptn-report-none"),
    };
    let mut report_totals = Table {
        headers: vec![ctx.t("ptn-col-omlp"), ctx.t("ptn-col-points")],
        rows: report
            .totals
            .by_omlp_type
            .iter()
            .map(|(t, p)| {
                vec![
                    crate::ui::kpi_format::type_name(ctx.lang, rules, t),
                    points(ctx, *p),
                ]
            })
            .collect(),
    };
    if report.published_on.is_some() {
        report_totals.rows.push(vec![
            ctx.t("ptn-total"),
            points(ctx, report.totals.kpi_value),
        ]);
    }
    let report_rows = Table {
        headers: [
            "ptn-col-month",
            "ptn-col-year",
            "ptn-col-omlp",
            "ptn-col-units",
            "ptn-col-invoice",
            "ptn-col-points",
            "ptn-col-revenue",
        ]
        .iter()
        .map(|k| ctx.t(k))
        .collect(),
        rows: report
            .rows
            .iter()
            .rev()
            .take(KPI_ROWS_SHOWN)
            .map(|r| {
                vec![
                    r.month.to_string(),
                    r.year.to_string(),
                    crate::ui::kpi_format::type_name(ctx.lang, rules, &r.omlp_type),
                    ctx.number(r.purchase_units),
                    r.invoice_number.clone(),
                    points(ctx, r.kpi_value),
                    ctx.money(r.revenue),
                ]
            })
            .collect(),
    };
    let report_rows_note = if report.rows.len() > KPI_ROWS_SHOWN {
        ctx.t_args(
            "ptn-report-rows-note",
            &[
                ("shown", ctx.number(KPI_ROWS_SHOWN as i64)),
                (
                    "rows",
                    ctx.number(i64::try_from(report.rows.len()).unwrap_or(0)),
                ),
            ],
        )
    } else {
        String::new()
    };
    let recommended = file.eligibility.recommended.as_ref();
    let options = file
        .eligibility
        .options
        .iter()
        .map(|o| OptionRow {
            name: option_name(ctx, rules, o.option, o.competency.as_deref()),
            eligible: o.eligible,
            held: o.held,
            recommended: recommended
                .is_some_and(|r| r.option == o.option && r.competency == o.competency),
            requirements: o
                .requirements
                .iter()
                .map(|r| {
                    requirement(
                        ctx,
                        rules,
                        o.competency.as_deref(),
                        file.kpi_published_on,
                        r,
                    )
                })
                .collect(),
        })
        .collect();
    let eligibility_summary = ctx.t_args(
        "ptn-eligibility-summary",
        &[
            (
                "rules",
                format!(
                    "{} ({})",
                    file.eligibility.rule_set.name,
                    d(file.eligibility.rule_set.effective_from)
                ),
            ),
            (
                "report",
                file.kpi_published_on
                    .map_or_else(|| ctx.t("ptn-report-none"), d),
            ),
        ],
    );
    let case_headers = [
        "ptn-col-case",
        "ptn-col-kind",
        "ptn-col-state",
        "ptn-col-opened",
    ]
    .iter()
    .map(|k| ctx.t(k))
    .collect();
    let cases = file
        .cases
        .iter()
        .rev()
        .map(|c| {
            (
                c.id,
                vec![
                    ctx.t(&format!("cases-kind-{}", c.kind.as_str())),
                    ctx.t(&format!("cases-state-{}", c.state.as_str())),
                    d(day_of(c.opened_at)),
                ],
            )
        })
        .collect();
    let older_href = (events.len() == program_overview::AUDIT_EVENTS_PER_PAGE as usize)
        .then(|| {
            events
                .last()
                .map(|e| format!("/ops/partners/{mpn}?tab=audit&before={}", e.seq))
        })
        .flatten();
    let newest_href = before.map(|_| format!("/ops/partners/{mpn}?tab=audit"));
    let events = events
        .into_iter()
        .map(|e| EventRow {
            seq: e.seq,
            at: e.at.parse::<jiff::Timestamp>().map_or_else(
                |_| e.at.clone(),
                |t| format!("{} {}", d(day_of(t)), t.strftime("%H:%M")),
            ),
            actor: ctx.staff_actor_label(&e.actor),
            actor_code: e.actor,
            action: e.action,
            subject: e.subject,
            details_short: if e.details.chars().count() > 48 {
                format!("{}…", e.details.chars().take(48).collect::<String>())
            } else {
                e.details.clone()
            },
            details: serde_json::from_str::<serde_json::Value>(&e.details)
                .ok()
                .and_then(|v| serde_json::to_string_pretty(&v).ok())
                .unwrap_or(e.details),
        })
        .collect();
    PartnerPage {
        ctx: ctx.clone(),
        nav,
        name: file.partner.name.as_str().to_owned(),
        facts: vec![
            (ctx.t("ptn-col-mpn"), mpn.clone()),
            (
                ctx.t("ptn-col-country"),
                file.partner.country.as_str().to_owned(),
            ),
            (
                ctx.t("ptn-col-registered"),
                d(day_of(file.partner.registered_at)),
            ),
        ],
        memberships,
        orders,
        trainers_summary: ctx.t_args(
            "ptn-trainers-active",
            &[("count", ctx.number(i64::from(file.active_trainers)))],
        ),
        trainers,
        exams,
        report_summary,
        report_totals,
        report_rows,
        report_rows_note,
        options,
        eligibility_summary,
        cases,
        case_headers,
        events,
        older_href,
        newest_href,
        tab,
        tabs: TABS
            .iter()
            .map(|(key, label)| TabLink {
                label: ctx.t(label),
                href: format!("/ops/partners/{mpn}?tab={key}"),
                current: *key == tab,
            })
            .collect(),
    }
}

/// `GET /ops/partners/{mpn}`.
pub async fn show(
    OperatorUser(staff): OperatorUser,
    State(app): State<App>,
    Path(mpn): Path<String>,
    Query(q): Query<TrailQuery>,
) -> Response {
    let ctx = &staff.ctx;
    let Ok(mpn) = MpnId::parse(&mpn) else {
        return ctx.not_found();
    };
    let before = q
        .before
        .as_deref()
        .and_then(|b| b.trim().parse::<i64>().ok());
    let file = match program_overview::partner_file(&app, &staff.actor, mpn).await {
        Ok(file) => file,
        Err(e) => return ctx.fail(e),
    };
    let events = match program_overview::audit_trail(&app, &staff.actor, mpn, before).await {
        Ok(events) => events,
        Err(AppError::NotFound(_)) => Vec::new(),
        Err(e) => return ctx.fail(e),
    };
    let rules = app.rules_on(app.clock().today()).ok();
    // A known section, else the first; the audit trail's pages open on it.
    let tab = q
        .tab
        .as_deref()
        .and_then(|t| TABS.iter().find(|(key, _)| *key == t).map(|(key, _)| *key))
        .unwrap_or(if before.is_some() {
            "audit"
        } else {
            "memberships"
        });
    let page = file_page(
        ctx,
        staff.nav("partners"),
        rules,
        &file,
        events,
        before,
        tab,
    );
    render(StatusCode::OK, &page)
}
