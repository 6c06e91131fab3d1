//! `GET /ops/overview`: the program at a glance for operators (issue 7 item 1): partners by
//! tier, competency and country as SVG bar charts, anniversaries of the next 30/60/90 days
//! with their predicted outcome (R28), the publication's state (R17, R18), the latest
//! imports, open cases by age and kind, and the scheduled jobs' latest runs (issue 18).
//!
//! Query: `days` (30, 60 or 90: the anniversaries listed) and `page` (from 0).

use std::fmt::Write as _;

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use lpc_app::App;
use lpc_app::program_overview::{self, CASE_AGE_LIMITS, Overview, Prediction};
use lpc_app::renewals::Outcome;
use lpc_domain::RuleSet;
use serde::Deserialize;

use super::super::context::{Ctx, render};
use super::super::kpi_chart::escape_xml;
use super::{OperatorUser, OpsNav};

/// One bar of a chart: its label, its value and the value as the page writes it.
#[derive(Debug, Clone)]
pub struct Bar {
    pub label: String,
    pub value: u64,
    pub shown: String,
}

/// Estimated width of `text` at font size 13: CJK characters are about twice as wide.
fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|c| if (c as u32) >= 0x2E80 { 13.0 } else { 7.5 })
        .sum()
}

/// A horizontal bar chart as inline SVG: `role="img"` with a `<title>` and `<desc>`, every
/// bar labelled with its name and value in text (not colour alone) and carrying its own
/// `<title>`; sized by its `viewBox`, so it shrinks to a phone's width.
pub fn bar_chart(title: &str, description: &str, bars: &[Bar]) -> String {
    const WIDTH: f64 = 640.0;
    const ROW: f64 = 26.0;
    const BAR: f64 = 18.0;
    let label_width = bars
        .iter()
        .map(|b| text_width(&b.label))
        .fold(60.0_f64, f64::max)
        .min(260.0)
        + 12.0;
    let value_width = bars
        .iter()
        .map(|b| text_width(&b.shown))
        .fold(20.0_f64, f64::max)
        + 10.0;
    let plot = (WIDTH - label_width - value_width).max(80.0);
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1) as f64;
    let height = (bars.len().max(1) as f64) * ROW + 8.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"bar-chart\" role=\"img\" viewBox=\"0 0 {WIDTH} {height}\" \
         xmlns=\"http://www.w3.org/2000/svg\" aria-labelledby=\"{id}-t {id}-d\">\
         <title id=\"{id}-t\">{t}</title><desc id=\"{id}-d\">{d}</desc>",
        id = chart_id(title),
        t = escape_xml(title),
        d = escape_xml(description),
    );
    for (i, bar) in bars.iter().enumerate() {
        let y = 4.0 + i as f64 * ROW;
        let w = (bar.value as f64 / max * plot).max(if bar.value > 0 { 2.0 } else { 0.0 });
        let _ = write!(
            svg,
            "<g class=\"bar\" data-label=\"{l}\" data-value=\"{v}\"><title>{l}: {s}</title>\
             <text x=\"{lx:.1}\" y=\"{ty:.1}\" text-anchor=\"end\" font-size=\"13\" \
             fill=\"currentColor\">{l}</text>\
             <rect x=\"{label_width:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{BAR}\" \
             rx=\"2\" fill=\"#0072B2\"></rect>\
             <text x=\"{vx:.1}\" y=\"{ty:.1}\" font-size=\"13\" fill=\"currentColor\">{s}</text></g>",
            l = escape_xml(&bar.label),
            v = bar.value,
            s = escape_xml(&bar.shown),
            lx = label_width - 8.0,
            ty = y + BAR - 4.0,
            vx = label_width + w + 6.0,
        );
    }
    svg.push_str("</svg>");
    svg
}

fn chart_id(title: &str) -> String {
    let mut hash: u32 = 2_166_136_261;
    for b in title.bytes() {
        hash = (hash ^ u32::from(b)).wrapping_mul(16_777_619);
    }
    format!("chart-{hash:08x}")
}

#[derive(Debug, Deserialize, Default)]
pub struct OverviewQuery {
    days: Option<String>,
    page: Option<String>,
}

/// One of the 30/60/90-day choices.
#[derive(Debug, Clone)]
pub struct WindowChoice {
    pub label: String,
    pub count: String,
    pub href: String,
    pub current: bool,
}

/// One anniversary to come, as the table shows it.
#[derive(Debug, Clone)]
pub struct AnniversaryRow {
    pub partner: String,
    pub mpn: String,
    pub option: String,
    pub date: String,
    pub window: String,
    pub outcome: String,
    pub outcome_code: &'static str,
    pub reasons: Vec<String>,
}

/// The latest publication.
#[derive(Debug, Clone)]
pub struct LastPublication {
    pub date: String,
    pub period: String,
    /// "1,234 partners, 56,789 lines".
    pub counts: String,
    pub digest: String,
}

/// An import (from the console's history or from the audit log).
#[derive(Debug, Clone)]
pub struct ImportRow {
    pub when: String,
    pub what: String,
    pub by: String,
    pub result: String,
}

/// One kind of case by age.
#[derive(Debug, Clone)]
pub struct CaseAgeRow {
    pub kind: String,
    pub cells: Vec<String>,
    pub total: String,
}

#[derive(Debug, Template)]
#[template(path = "ops_overview.html")]
struct OverviewPage {
    ctx: Ctx,
    nav: OpsNav,
    partners_total: String,
    tier_chart: String,
    competency_chart: String,
    country_chart: String,
    windows: Vec<WindowChoice>,
    anniversaries_none: String,
    anniversaries_caption: String,
    anniversaries: Vec<AnniversaryRow>,
    previous_href: Option<String>,
    next_href: Option<String>,
    last_publication: Option<LastPublication>,
    next_due: String,
    due_now: bool,
    late_lines: String,
    imports: Vec<ImportRow>,
    age_headers: Vec<String>,
    case_rows: Vec<CaseAgeRow>,
    /// "3 claims wait for a decision" (R31); empty when none does.
    claims_waiting: String,
    /// The scheduled jobs' latest runs, each by one of the servers (issue 18).
    job_runs: Vec<super::job_runs::JobRunRow>,
}

fn option_label(
    ctx: &Ctx,
    rules: Option<&RuleSet>,
    option: lpc_domain::LearningOption,
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

fn competency_name(ctx: &Ctx, rules: Option<&RuleSet>, id: &str) -> String {
    crate::ui::directory_public::competency_label(ctx, rules, id)
}

pub(crate) fn outcome_code(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Renewed => "renewed",
        Outcome::Waived => "waived",
        Outcome::Pending => "pending",
        Outcome::Lapsed => "lapsed",
    }
}

fn number(ctx: &Ctx, n: u64) -> String {
    ctx.number(i64::try_from(n).unwrap_or(i64::MAX))
}

fn day_of(ts: jiff::Timestamp) -> jiff::civil::Date {
    ts.to_zoned(jiff::tz::TimeZone::UTC).date()
}

fn anniversary_row(ctx: &Ctx, rules: Option<&RuleSet>, p: &Prediction) -> AnniversaryRow {
    let m = &p.membership;
    let code = outcome_code(p.outcome);
    AnniversaryRow {
        partner: p.partner_name.clone(),
        mpn: m.partner_id.to_string(),
        option: option_label(ctx, rules, m.option, m.competency.as_deref()),
        date: ctx.date(m.anniversary_date),
        window: ctx.t_args(
            "ovw-window-range",
            &[
                ("from", ctx.date(p.renewal_window.from)),
                ("to", ctx.date(p.renewal_window.to)),
            ],
        ),
        outcome: ctx.t(&format!("ovw-outcome-{code}")),
        outcome_code: code,
        reasons: p.reasons.clone(),
    }
}

fn charts(ctx: &Ctx, rules: Option<&RuleSet>, o: &Overview) -> (String, String, String) {
    let tiers: Vec<Bar> = [
        lpc_domain::LearningOption::ActionPack,
        lpc_domain::LearningOption::Silver,
        lpc_domain::LearningOption::Gold,
    ]
    .into_iter()
    .map(|option| {
        let value = o
            .counts
            .by_tier
            .iter()
            .find(|t| t.option == option)
            .map_or(0, |t| t.partners);
        Bar {
            label: ctx.t(&format!("ovw-tier-{}", option.as_str())),
            value,
            shown: number(ctx, value),
        }
    })
    .collect();
    let tier_chart = bar_chart(
        &ctx.t("ovw-tier-chart"),
        &ctx.t("ovw-tier-chart-desc"),
        &tiers,
    );
    let mut competencies = Vec::new();
    for c in &o.counts.by_competency {
        let name = competency_name(ctx, rules, &c.competency);
        for (key, value) in [("ovw-tier-silver", c.silver), ("ovw-tier-gold", c.gold)] {
            if value > 0 {
                competencies.push(Bar {
                    label: format!("{name} · {}", ctx.t(key)),
                    value,
                    shown: number(ctx, value),
                });
            }
        }
    }
    let competency_chart = if competencies.is_empty() {
        String::new()
    } else {
        bar_chart(
            &ctx.t("ovw-competency-chart"),
            &ctx.t("ovw-competency-chart-desc"),
            &competencies,
        )
    };
    const COUNTRIES_SHOWN: usize = 12;
    let mut countries: Vec<Bar> = o
        .counts
        .by_country
        .iter()
        .take(COUNTRIES_SHOWN)
        .map(|c| Bar {
            label: c.country.clone(),
            value: c.partners,
            shown: ctx.t_args(
                "ovw-country-value",
                &[
                    ("partners", number(ctx, c.partners)),
                    ("active", number(ctx, c.active)),
                ],
            ),
        })
        .collect();
    let others: u64 = o
        .counts
        .by_country
        .iter()
        .skip(COUNTRIES_SHOWN)
        .map(|c| c.partners)
        .sum();
    if others > 0 {
        countries.push(Bar {
            label: ctx.t("ovw-country-others"),
            value: others,
            shown: number(ctx, others),
        });
    }
    let country_chart = if countries.is_empty() {
        String::new()
    } else {
        bar_chart(
            &ctx.t("ovw-country-chart"),
            &ctx.t("ovw-country-chart-desc"),
            &countries,
        )
    };
    (tier_chart, competency_chart, country_chart)
}

/// `GET /ops/overview`.
pub async fn overview(
    OperatorUser(staff): OperatorUser,
    State(app): State<App>,
    Query(query): Query<OverviewQuery>,
) -> Response {
    let ctx = &staff.ctx;
    let days: i64 = match query.days.as_deref().map(str::trim) {
        Some("60") => 60,
        Some("90") => 90,
        _ => 30,
    };
    let page: u64 = query
        .page
        .as_deref()
        .and_then(|p| p.trim().parse().ok())
        .unwrap_or(0)
        .min(100_000);
    let o = match program_overview::overview(&app, &staff.actor).await {
        Ok(o) => o,
        Err(e) => return ctx.fail(e),
    };
    let (predictions, total) =
        match program_overview::upcoming_anniversaries(&app, &staff.actor, days, page).await {
            Ok(found) => found,
            Err(e) => return ctx.fail(e),
        };
    let job_runs =
        match lpc_app::scheduler::recent_runs(&app, &staff.actor, super::job_runs::SHOWN).await {
            Ok(runs) => super::job_runs::rows(ctx, &runs),
            Err(e) => return ctx.fail(e),
        };
    let rules = app.rules_on(o.today).ok();
    let (tier_chart, competency_chart, country_chart) = charts(ctx, rules, &o);
    let windows = [
        (30, o.anniversaries.within_30),
        (60, o.anniversaries.within_60),
        (90, o.anniversaries.within_90),
    ]
    .into_iter()
    .map(|(d, n)| WindowChoice {
        label: ctx.t_args("ovw-within-days", &[("days", ctx.number(d))]),
        count: number(ctx, n),
        href: format!("/ops/overview?days={d}#anniversaries"),
        current: d == days,
    })
    .collect();
    let window = ctx.t_args("ovw-within-days", &[("days", ctx.number(days))]);
    let per_page = u64::from(program_overview::ANNIVERSARIES_PER_PAGE);
    let previous_href =
        (page > 0).then(|| format!("/ops/overview?days={days}&page={}#anniversaries", page - 1));
    let next_href = ((page + 1) * per_page < total)
        .then(|| format!("/ops/overview?days={days}&page={}#anniversaries", page + 1));
    let last_publication = o.publication.last.as_ref().map(|p| LastPublication {
        date: ctx.date(p.published_on),
        period: ctx.t_args(
            "ovw-period",
            &[
                ("from", ctx.date(p.period.first_day())),
                ("to", ctx.date(p.period.last_day())),
            ],
        ),
        counts: ctx.t_args(
            "ovw-publication-counts",
            &[
                ("partners", number(ctx, p.partners)),
                ("lines", number(ctx, p.lines)),
            ],
        ),
        digest: p.digest.chars().take(12).collect(),
    });
    let imports = if o.imports.is_empty() {
        o.import_events
            .iter()
            .map(|e| {
                let details: serde_json::Value =
                    serde_json::from_str(&e.details).unwrap_or_default();
                let added = details
                    .get("added")
                    .and_then(serde_json::Value::as_u64)
                    .unwrap_or(0);
                ImportRow {
                    when: e
                        .at
                        .parse::<jiff::Timestamp>()
                        .map_or_else(|_| e.at.clone(), |t| ctx.date(day_of(t))),
                    what: e.subject.trim_start_matches("file:").to_owned(),
                    by: ctx.staff_actor_label(&e.actor),
                    result: ctx.t_args("ovw-import-added", &[("lines", number(ctx, added))]),
                }
            })
            .collect()
    } else {
        o.imports
            .iter()
            .map(|r| ImportRow {
                when: ctx.date(day_of(r.finished_at)),
                what: format!("{} ({})", r.file_name, r.kind),
                by: ctx.staff_actor_label(&r.by),
                result: if r.state == "done" {
                    ctx.t_args("ovw-import-stored", &[("rows", number(ctx, r.stored))])
                } else {
                    ctx.t_args("ovw-import-refused", &[("rows", number(ctx, r.refused))])
                },
            })
            .collect()
    };
    let mut age_headers: Vec<String> = Vec::new();
    let mut low = 0;
    for limit in CASE_AGE_LIMITS {
        age_headers.push(ctx.t_args(
            "ovw-age-range",
            &[("from", ctx.number(low)), ("to", ctx.number(limit))],
        ));
        low = limit + 1;
    }
    age_headers.push(ctx.t_args(
        "ovw-age-over",
        &[(
            "days",
            ctx.number(CASE_AGE_LIMITS[CASE_AGE_LIMITS.len() - 1]),
        )],
    ));
    let case_rows = o
        .open_cases
        .iter()
        .map(|c| CaseAgeRow {
            kind: ctx.t(&format!("cases-kind-{}", c.kind.as_str())),
            cells: c.by_age.iter().map(|n| number(ctx, *n)).collect(),
            total: number(ctx, c.by_age.iter().sum()),
        })
        .collect();
    let anniversaries = predictions
        .iter()
        .map(|p| anniversary_row(ctx, rules, p))
        .collect();
    let claims_waiting = match lpc_app::claims::pending(&app, &staff.actor).await {
        Ok(claims) if claims.is_empty() => String::new(),
        Ok(claims) => ctx.t_args(
            "ovw-claims-waiting",
            &[(
                "count",
                ctx.number(i64::try_from(claims.len()).unwrap_or(i64::MAX)),
            )],
        ),
        Err(e) => return ctx.fail(e),
    };
    render(
        StatusCode::OK,
        &OverviewPage {
            claims_waiting,
            job_runs,
            nav: staff.nav("overview"),
            partners_total: ctx.t_args(
                "ovw-partners-total",
                &[("partners", number(ctx, o.counts.partners))],
            ),
            tier_chart,
            competency_chart,
            country_chart,
            windows,
            anniversaries_none: ctx.t_args("ovw-anniversaries-none", &[("window", window.clone())]),
            anniversaries_caption: ctx.t_args(
                "ovw-anniversaries-caption",
                &[("window", window), ("count", number(ctx, total))],
            ),
            anniversaries,
            previous_href,
            next_href,
            last_publication,
            next_due: ctx.date(o.publication.next_due),
            due_now: o.publication.due_now,
            late_lines: number(ctx, o.publication.late_lines),
            imports,
            age_headers,
            case_rows,
            ctx: ctx.clone(),
        },
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_bar_chart_names_itself_and_labels_every_bar_in_text() {
        let svg = bar_chart(
            "Partners by tier",
            "Partners holding each option",
            &[
                Bar {
                    label: "Gold <3".into(),
                    value: 3,
                    shown: "3".into(),
                },
                Bar {
                    label: "Silver".into(),
                    value: 0,
                    shown: "0".into(),
                },
            ],
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains(">Partners by tier</title>"));
        assert!(svg.contains("<desc"));
        assert!(
            svg.contains(">Gold &lt;3</text>"),
            "labels are escaped text"
        );
        assert!(svg.contains("data-value=\"3\""));
        assert!(svg.contains("width=\"0.0\""), "an empty bar has no width");
    }
}
