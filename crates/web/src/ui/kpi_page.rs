//! The KPI dashboard page (R17, R21, R22): `GET /partner/{mpn}/kpi`. Its CSV export is
//! [`super::kpi_csv`]; how points, money and months are written, [`super::kpi_format`].
//!
//! The model is [`kpi_dashboard`](super::kpi_dashboard) (rows, sorting, filters, totals) and
//! the chart [`kpi_chart`](super::kpi_chart); this module formats them for the user's
//! language and renders `templates/kpi.html`.

use askama::Template;
use std::sync::Arc;

use axum::Extension;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use lpc_app::App;
use lpc_app::publications;
use lpc_domain::{KpiPoints, LearningOption, RuleSet};

use super::context::{Ctx, render};
use super::extract::PartnerUser;
use super::kpi_chart::{self, ChartText, Layout, NumberFormat, View};
use super::kpi_dashboard::{self, Column, Dashboard, DashboardQuery};
use super::kpi_format::{month_year, points, type_name};
use super::kpi_rows;
use crate::view_cache::ViewCaches;

/// A column header: its label, the link that sorts by it and its `aria-sort`.
#[derive(Debug, Clone)]
pub struct HeaderCell {
    pub key: &'static str,
    pub label: String,
    pub href: String,
    pub aria_sort: &'static str,
    pub sort_label: String,
    /// `▲`, `▼` or empty.
    pub arrow: &'static str,
    pub numeric: bool,
}

/// One line of the totals.
#[derive(Debug, Clone)]
pub struct TotalView {
    pub label: String,
    pub purchase_units: String,
    pub kpi_value: String,
    pub revenue_value: String,
    /// The published total of this type (caps applied), when it differs from the sum shown.
    pub official: String,
    pub capped: bool,
}

/// An option of a filter.
#[derive(Debug, Clone)]
pub struct FilterChoice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Debug, Template)]
#[template(path = "kpi.html")]
pub struct KpiPage {
    pub ctx: Ctx,
    pub title: String,
    pub mpn: String,
    pub published: bool,
    /// "As published on ..., next update on ..." or the message before the first publication.
    pub status_line: String,
    pub period_line: String,
    pub official_total: String,
    pub chart_svg: Arc<String>,
    pub months: Vec<FilterChoice>,
    pub types: Vec<FilterChoice>,
    pub sort: &'static str,
    pub dir: &'static str,
    pub filtered: bool,
    pub showing: String,
    pub headers: Vec<HeaderCell>,
    /// The page's table rows, rendered once ([`kpi_rows`]); empty when no row is shown.
    pub rows_html: Arc<String>,
    pub type_totals: Vec<TotalView>,
    pub total: TotalView,
    pub all_rows: usize,
    pub csv_href: String,
    /// "Lines 101–200 of 9,996", empty when everything fits on one page.
    pub page_range: String,
    pub prev_href: Option<String>,
    pub next_href: Option<String>,
}

fn column_key(column: Column) -> &'static str {
    match column {
        Column::Month => "kpi-col-month",
        Column::Year => "kpi-col-year",
        Column::OmlpType => "kpi-col-omlp-type",
        Column::PurchaseUnits => "kpi-col-purchase-units",
        Column::InvoiceNumber => "kpi-col-invoice-number",
        Column::KpiValue => "kpi-col-kpi-value",
        Column::RevenueValue => "kpi-col-revenue-value",
    }
}

fn query_params(raw: Option<&str>) -> DashboardQuery {
    let pairs: Vec<(String, String)> = raw
        .and_then(|q| serde_urlencoded::from_str(q).ok())
        .unwrap_or_default();
    let get = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    DashboardQuery::from_params(get("sort"), get("dir"), get("month"), get("omlp_type"))
}

/// Table rows per page. The largest partners have ten thousand lines in a report: all on one
/// page made a 7 MB page that took seconds to render and to read. Totals and the chart still
/// cover every line the filters keep.
pub const PAGE_ROWS: usize = 100;

/// The 1-based page asked for in the query string, 1 when absent or unreadable.
fn page_param(raw: Option<&str>) -> usize {
    raw.and_then(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).ok())
        .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == "page"))
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1)
}

/// The chart, drawn wide and narrow (the page shows the one that fits the screen), following
/// the filters: an OMLP type filter draws that type alone (bars and running total), a month
/// filter marks its month.
fn chart(
    ctx: &Ctx,
    d: &Dashboard,
    report: &publications::KpiReport,
    rules: Option<&RuleSet>,
    query: &DashboardQuery,
) -> String {
    let Some(period) = d.period else {
        return String::new();
    };
    let thresholds = rules
        .map(|r| {
            kpi_chart::tier_thresholds(r, |option, p| {
                ctx.t_args(
                    "kpi-chart-threshold",
                    &[
                        ("tier", tier_name(ctx, option)),
                        ("points", points(ctx.lang, p)),
                    ],
                )
            })
        })
        .unwrap_or_default();
    let threshold_desc = rules
        .map(|r| {
            [LearningOption::Silver, LearningOption::Gold]
                .into_iter()
                .filter(|o| r.tiers.get(*o).kpi_points > KpiPoints::ZERO)
                .map(|o| {
                    ctx.t_args(
                        "kpi-chart-threshold-desc",
                        &[
                            ("tier", tier_name(ctx, o)),
                            ("points", points(ctx.lang, r.tiers.get(o).kpi_points)),
                        ],
                    )
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default();
    let months = kpi_chart::months_of(period)
        .into_iter()
        .map(|m| {
            ctx.t_args(
                "kpi-month-tick",
                &[
                    ("month", ctx.t(&format!("kpi-month-short-{}", m.month()))),
                    ("yy", format!("{:02}", m.year().rem_euclid(100))),
                ],
            )
        })
        .collect();
    let months_short = kpi_chart::months_of(period)
        .into_iter()
        .map(|m| ctx.t(&format!("kpi-month-short-{}", m.month())))
        .collect();
    // The chart names the OMLP types as the table does.
    let rows: Vec<publications::ReportRow> = report
        .rows
        .iter()
        .filter(|r| query.omlp_type.as_deref().is_none_or(|t| r.omlp_type == t))
        .map(|r| publications::ReportRow {
            omlp_type: type_name(ctx.lang, rules, &r.omlp_type),
            ..r.clone()
        })
        .collect();
    let text = ChartText {
        title: ctx.t("kpi-chart-title"),
        description: ctx.t_args(
            "kpi-chart-desc",
            &[
                ("from", month_year(ctx, period.from)),
                ("to", month_year(ctx, period.to)),
                ("thresholds", threshold_desc),
            ],
        ),
        monthly_title: match &query.omlp_type {
            Some(t) => ctx.t_args(
                "kpi-chart-monthly-of",
                &[("type", type_name(ctx.lang, rules, t))],
            ),
            None => ctx.t("kpi-chart-monthly"),
        },
        running_title: match &query.omlp_type {
            Some(t) => ctx.t_args(
                "kpi-chart-running-of",
                &[("type", type_name(ctx.lang, rules, t))],
            ),
            None => ctx.t("kpi-chart-running"),
        },
        months,
        months_short,
        running_total: ctx.t("kpi-chart-running-total"),
        thresholds: ctx.t("kpi-chart-thresholds"),
        number: {
            let lang = ctx.lang;
            NumberFormat::new(move |p| points(lang, p))
        },
    };
    let months = kpi_chart::monthly_points(period, &rows);
    [Layout::Wide, Layout::Narrow]
        .into_iter()
        .map(|layout| {
            kpi_chart::render_months(
                &months,
                &thresholds,
                &text,
                View {
                    layout,
                    selected: query.month.filter(|m| d.months.contains(m)),
                },
            )
        })
        .collect()
}

fn tier_name(ctx: &Ctx, option: LearningOption) -> String {
    match option {
        LearningOption::Gold => ctx.t("kpi-tier-gold"),
        _ => ctx.t("kpi-tier-silver"),
    }
}

/// What the page and its CSV share: the report, the rules in force, the query as the user gave
/// it (an unknown OMLP type dropped) and the dashboard it gives.
pub(super) struct Loaded<'a> {
    pub(super) report: publications::KpiReport,
    pub(super) rules: Option<&'a RuleSet>,
    pub(super) query: DashboardQuery,
    /// Everything the dashboard and its chart depend on besides the query and the language:
    /// frozen data, the day (the next update's date) and the rule set (names, thresholds).
    pub(super) view_key: String,
    pub(super) d: Arc<Dashboard>,
}

pub(super) async fn load<'a>(
    pu: &PartnerUser,
    app: &'a App,
    views: &ViewCaches,
    raw: Option<&str>,
) -> Result<Loaded<'a>, lpc_app::AppError> {
    let mpn = pu.partner.mpn_id;
    let report = publications::kpi_report_of(app, &pu.actor, &pu.partner).await?;
    let today = app.clock().today();
    let rules = app.rules_on(today).ok();
    let mut query = query_params(raw);
    // Only an OMLP type the rules or the report know reaches a cache key (issue 15: a
    // free-text value made a new entry per request); any other is "not given", as a stale
    // link's would be.
    if let Some(t) = &query.omlp_type {
        let known = rules.is_some_and(|r| r.omlp_type(t).is_some())
            || report.rows.iter().any(|r| r.omlp_type == *t);
        if !known {
            query.omlp_type = None;
        }
    }
    let view_key = format!(
        "{mpn}|{:?}|{today}|{:?}",
        report.published_on,
        rules.map(|r| r.effective_from)
    );
    let d = views.dashboards.get_or_make(
        format!(
            "{view_key}|{}",
            kpi_dashboard::query_string(&query.params())
        ),
        || kpi_dashboard::build(&report, &query, today),
    );
    Ok(Loaded {
        report,
        rules,
        query,
        view_key,
        d,
    })
}

/// `GET /partner/{mpn}/kpi`: the dashboard.
pub async fn dashboard(
    pu: PartnerUser,
    State(app): State<App>,
    Extension(views): Extension<Arc<ViewCaches>>,
    RawQuery(raw): RawQuery,
) -> Response {
    let ctx = &pu.ctx;
    let lang = ctx.lang;
    let mpn = pu.partner.mpn_id;
    let Loaded {
        report,
        rules,
        query,
        view_key,
        d,
    } = match load(&pu, &app, &views, raw.as_deref()).await {
        Ok(loaded) => loaded,
        Err(e) => return ctx.fail(e),
    };
    let pages = d.rows.len().div_ceil(PAGE_ROWS).max(1);
    let page = page_param(raw.as_deref()).min(pages);
    let page_href = |n: usize| {
        let mut pairs = query.params();
        pairs.push(("page", n.to_string()));
        format!("/partner/{mpn}/kpi?{}", kpi_dashboard::query_string(&pairs))
    };
    let prev_href = (page > 1).then(|| page_href(page - 1));
    let next_href = (page < pages).then(|| page_href(page + 1));
    let first_row = (page - 1) * PAGE_ROWS;
    let page_range = if pages > 1 {
        ctx.t_args(
            "kpi-page-range",
            &[
                (
                    "from",
                    lang.number(i64::try_from(first_row + 1).unwrap_or(0)),
                ),
                (
                    "to",
                    lang.number(
                        i64::try_from((first_row + PAGE_ROWS).min(d.rows.len())).unwrap_or(0),
                    ),
                ),
                (
                    "shown",
                    lang.number(i64::try_from(d.rows.len()).unwrap_or(0)),
                ),
            ],
        )
    } else {
        String::new()
    };
    let base = format!("/partner/{mpn}/kpi");

    let status_line = match d.published_on {
        Some(published) => ctx.t_args(
            "kpi-published",
            &[
                ("published", lang.date(published)),
                ("next", lang.date(d.next_update_on)),
            ],
        ),
        None => ctx.t_args(
            "kpi-not-published",
            &[("next", lang.date(d.next_update_on))],
        ),
    };
    let period_line = d
        .period
        .map(|p| {
            ctx.t_args(
                "kpi-period",
                &[
                    ("from", month_year(ctx, p.from)),
                    ("to", month_year(ctx, p.to)),
                ],
            )
        })
        .unwrap_or_default();

    let headers = Column::ALL
        .into_iter()
        .map(|c| {
            let label = ctx.t(column_key(c));
            HeaderCell {
                key: c.as_str(),
                sort_label: ctx.t_args("kpi-sort-by", &[("column", label.clone())]),
                label,
                href: format!("{base}?{}", query.sort_link(c)),
                aria_sort: query.aria_sort(c),
                arrow: match query.aria_sort(c) {
                    "ascending" => "▲",
                    "descending" => "▼",
                    _ => "",
                },
                numeric: matches!(
                    c,
                    Column::PurchaseUnits | Column::KpiValue | Column::RevenueValue
                ),
            }
        })
        .collect();

    let rows_key = format!(
        "{view_key}|{}|{page}|{}",
        kpi_dashboard::query_string(&query.params()),
        lang.code()
    );
    let rows_html = match views.row_html.get(&rows_key) {
        Some(html) => html,
        None => {
            let shown = d.rows.iter().skip(first_row).take(PAGE_ROWS);
            match kpi_rows::render(ctx, rules, mpn, shown) {
                Ok(html) => views.row_html.put(rows_key, html),
                Err(e) => {
                    return ctx.fail(lpc_app::AppError::Internal(format!(
                        "the dashboard rows template failed: {e}"
                    )));
                }
            }
        }
    };

    let type_totals = d
        .totals
        .kpi_by_type
        .iter()
        .map(|(t, kpi)| {
            let official = d.published_totals.by_omlp_type.get(t).copied();
            let capped = official.is_some_and(|o| o < *kpi) && query.month.is_none();
            TotalView {
                label: ctx.t_args("kpi-total-type", &[("type", type_name(ctx.lang, rules, t))]),
                purchase_units: lang.number(d.totals.units_by_type.get(t).copied().unwrap_or(0)),
                kpi_value: points(lang, *kpi),
                revenue_value: String::new(),
                official: official
                    .filter(|o| o != kpi && query.month.is_none())
                    .map(|o| ctx.t_args("kpi-total-official", &[("points", points(lang, o))]))
                    .unwrap_or_default(),
                capped,
            }
        })
        .collect();
    let unfiltered = query.month.is_none() && query.omlp_type.is_none();
    let official_total = d.published_totals.kpi_value;
    let total = TotalView {
        label: ctx.t("kpi-total-all"),
        purchase_units: lang.number(d.totals.purchase_units),
        kpi_value: points(lang, d.totals.kpi_value),
        revenue_value: d
            .totals
            .revenue
            .values()
            .map(|amount| lang.money(*amount))
            .collect::<Vec<_>>()
            .join(" · "),
        official: if unfiltered && official_total != d.totals.kpi_value {
            ctx.t_args(
                "kpi-total-official",
                &[("points", points(lang, official_total))],
            )
        } else {
            String::new()
        },
        capped: unfiltered && official_total < d.totals.kpi_value,
    };

    let months = d
        .months
        .iter()
        .rev()
        .map(|m| FilterChoice {
            value: m.to_string(),
            label: month_year(ctx, *m),
            selected: query.month == Some(*m),
        })
        .collect();
    let types = d
        .omlp_types
        .iter()
        .map(|t| FilterChoice {
            value: t.clone(),
            label: type_name(ctx.lang, rules, t),
            selected: query.omlp_type.as_deref() == Some(t.as_str()),
        })
        .collect();

    let page = KpiPage {
        ctx: ctx.clone(),
        title: ctx.t_args(
            "kpi-title",
            &[("name", pu.partner.name.as_str().to_owned())],
        ),
        mpn: mpn.to_string(),
        published: d.published_on.is_some(),
        status_line,
        period_line,
        official_total: points(lang, official_total),
        chart_svg: views.charts.get_or_make(
            // The sort does not change the chart; a month outside the period marks none.
            format!(
                "{view_key}|{}|{:?}|{:?}",
                lang.code(),
                query.month.filter(|m| d.months.contains(m)),
                query.omlp_type
            ),
            || chart(ctx, &d, &report, rules, &query),
        ),
        months,
        types,
        sort: query.sort.as_str(),
        dir: query.direction.as_str(),
        filtered: !unfiltered,
        showing: ctx.t_args(
            "kpi-showing",
            &[
                (
                    "shown",
                    lang.number(i64::try_from(d.rows.len()).unwrap_or(0)),
                ),
                ("all", lang.number(i64::try_from(d.all_rows).unwrap_or(0))),
            ],
        ),
        headers,
        rows_html,
        type_totals,
        total,
        all_rows: d.all_rows,
        csv_href: if query.month.is_some() || query.omlp_type.is_some() {
            format!(
                "/partner/{mpn}/kpi.csv?{}",
                kpi_dashboard::query_string(&query.params())
            )
        } else {
            format!("/partner/{mpn}/kpi.csv")
        },
        page_range,
        prev_href,
        next_href,
    };
    render(StatusCode::OK, &page)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::ui::i18n::Lang;
    use crate::ui::kpi_format::money_text;

    #[test]
    fn points_follow_the_locale() {
        assert_eq!(
            points(Lang::En, KpiPoints::from_thousandths(1_240_500)),
            "1,240.5"
        );
        assert_eq!(
            points(Lang::It, KpiPoints::from_thousandths(1_240_500)),
            "1.240,5"
        );
        assert_eq!(points(Lang::Ja, KpiPoints::whole(2000)), "2,000");
        assert_eq!(points(Lang::En, KpiPoints::from_thousandths(-500)), "-0.5");
        assert_eq!(
            points(Lang::En, KpiPoints::from_thousandths(-1_500)),
            "-1.5"
        );
        assert_eq!(money_text(Lang::It, "1250.00", "USD"), "1.250,00 $");
    }

    #[test]
    fn every_language_has_every_kpi_message() {
        let keys = |text: &str| -> Vec<String> {
            text.lines()
                .filter(|l| !l.starts_with('#'))
                .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.to_owned()))
                .collect()
        };
        let en = keys(include_str!("../../../../locales/en/kpi.ftl"));
        for (code, text) in [
            ("ja", include_str!("../../../../locales/ja/kpi.ftl")),
            ("it", include_str!("../../../../locales/it/kpi.ftl")),
        ] {
            let theirs = keys(text);
            assert_eq!(theirs.len(), en.len(), "{code}");
            for key in &en {
                assert!(theirs.contains(key), "{key} is missing in {code}");
            }
        }
        assert_eq!(Lang::Ja.t("kpi-col-invoice-number"), "請求書番号");
        assert_eq!(Lang::It.t("kpi-col-omlp-type"), "Tipo OMLP");
        // OMLP types: translated where a translation exists (locales/{ja,it}/omlp.ftl),
        // else the rule set's name, else the code.
        let rules = lpc_app::rule_files::embedded().unwrap();
        let rules = rules.in_force_on(jiff::civil::date(2026, 11, 22));
        assert_eq!(type_name(Lang::Ja, rules, "exam_voucher"), "試験バウチャー");
        assert_eq!(
            type_name(Lang::It, rules, "exam_voucher"),
            "Voucher d'esame"
        );
        assert_eq!(type_name(Lang::En, rules, "exam_voucher"), "Exam voucher");
        assert_eq!(type_name(Lang::Ja, rules, "brand_new"), "brand_new");
    }
}
