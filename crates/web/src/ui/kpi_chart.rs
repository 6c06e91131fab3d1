//! The KPI chart of the dashboard (R17, R21), in two panels over the twelve months of a
//! publication's period: the KPI points of each month stacked by OMLP type, on their own
//! scale; under it, the running total over the period as a line with a marker per month,
//! against the tier thresholds as dashed lines. The thresholds (R17, R19) are totals over the
//! twelve-month window, so they compare with the running total, not with a month's bar; a
//! month's few dozen points on the thresholds' axis of thousands were slivers.
//!
//! A pure function from data to an SVG string; the page embeds it inline, drawn twice (wide
//! and narrow, [`Layout`]) and shows the one that fits the screen. Every text shown (title,
//! description, panel titles, threshold labels, month ticks) comes from the caller, already
//! translated. The SVG is sized by its `viewBox` only, carries `role="img"` with a `<title>`
//! and `<desc>`, and every bar segment and marker has its own `<title>` for a tooltip.
//!
//! Hand-written rather than drawn with plotters: plotters' SVG backend writes fixed
//! `width`/`height`, no `viewBox`, no `<title>`/`<desc>`/`role`, and flat shapes without the
//! groups and `data-` attributes that styling and tests rely on; post-processing its output
//! would be more code than this.
//!
//! # Layout
//! - this file: the chart's data (months, sums per OMLP type, running totals, thresholds) and
//!   its texts;
//! - `svg`: the drawing of the two panels, their scales and the running line;
//! - `axes`: grid, value ticks, zero line and month ticks; `legend`: a panel's legend.
//!
//! Points are the points each line earned (uncapped): a cap (R12) applies to a type's total
//! over the whole period, so it is shown by the totals, not by a month's bar. Credit notes can
//! make a month's sum of a type negative; such segments are drawn below the zero line.

use std::collections::BTreeMap;
use std::sync::Arc;

use lpc_app::publications::ReportRow;
use lpc_domain::calendar::{MonthSpan, YearMonth};
use lpc_domain::{KpiPoints, LearningOption, RuleSet};

mod axes;
mod legend;
mod svg;

pub use svg::{Layout, View, escape_xml, render_months};

/// The texts of the chart, translated by the caller.
#[derive(Debug, Clone, Default)]
pub struct ChartText {
    /// The accessible name (`<title>`), e.g. "KPI points per month".
    pub title: String,
    /// The accessible description (`<desc>`), e.g. "Points per month from January 2019 to
    /// December 2019, stacked by OMLP type; silver requires 1,000 points, gold 2,000."
    pub description: String,
    /// The title of the upper panel, e.g. "Points per month".
    pub monthly_title: String,
    /// The title of the lower panel, e.g. "Running total against the tier thresholds".
    pub running_title: String,
    /// Tick label of each month of the period, in order, for the wide layout. When it does
    /// not hold one label per month, months are labelled `MM/YY`.
    pub months: Vec<String>,
    /// The short name of each month of the period, in order, for the narrow layout (the year
    /// goes on a second row). When it does not hold one per month, months are numbered.
    pub months_short: Vec<String>,
    /// Legend of the running-total line, e.g. "Running total (compare with the tier lines)".
    /// The tier thresholds are totals over the period, so they are read against this line,
    /// not against a month's bar.
    pub running_total: String,
    /// Legend of the dashed threshold lines, e.g. "Tier thresholds (12-month total)".
    pub thresholds: String,
    /// How numbers are written (axis ticks, tooltips): the page's locale.
    pub number: NumberFormat,
}

/// Writes KPI points for the page's locale (`1,000` in English and Japanese, `1.000` in
/// Italian). The default groups thousands with commas ([`KpiPoints::grouped`]).
#[derive(Clone)]
pub struct NumberFormat(Arc<dyn Fn(KpiPoints) -> String + Send + Sync>);

impl NumberFormat {
    pub fn new(format: impl Fn(KpiPoints) -> String + Send + Sync + 'static) -> Self {
        Self(Arc::new(format))
    }

    pub fn format(&self, points: KpiPoints) -> String {
        (self.0)(points)
    }
}

impl Default for NumberFormat {
    fn default() -> Self {
        Self::new(|p| p.grouped())
    }
}

impl std::fmt::Debug for NumberFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("NumberFormat")
            .field(&self.format(KpiPoints::whole(1000)))
            .finish()
    }
}

/// A horizontal line across the chart: a tier's KPI threshold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Threshold {
    /// A stable key used as `data-threshold` (`silver`, `gold`).
    pub key: String,
    /// The text drawn beside the line, e.g. "Gold: 2,000".
    pub label: String,
    pub points: KpiPoints,
}

/// The silver and gold KPI thresholds of `rules` (`tiers.silver.kpi_points`,
/// `tiers.gold.kpi_points`), labelled by `label(option, points)`; a tier without a KPI
/// requirement (0 points) draws no line.
pub fn tier_thresholds(
    rules: &RuleSet,
    mut label: impl FnMut(LearningOption, KpiPoints) -> String,
) -> Vec<Threshold> {
    [LearningOption::Silver, LearningOption::Gold]
        .into_iter()
        .filter_map(|option| {
            let points = rules.tiers.get(option).kpi_points;
            (points > KpiPoints::ZERO).then(|| Threshold {
                key: match option {
                    LearningOption::ActionPack => "action_pack",
                    LearningOption::Silver => "silver",
                    LearningOption::Gold => "gold",
                }
                .to_owned(),
                label: label(option, points),
                points,
            })
        })
        .collect()
}

/// The points of one month, per OMLP type (types in name order, zero sums left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthPoints {
    pub month: YearMonth,
    pub by_type: Vec<(String, KpiPoints)>,
}

/// Sums `rows` per month of `period` and OMLP type: one entry per month of the period, in
/// order, even for months without rows. Rows outside the period are left out.
pub fn monthly_points(period: MonthSpan, rows: &[ReportRow]) -> Vec<MonthPoints> {
    let mut sums: BTreeMap<YearMonth, BTreeMap<&str, KpiPoints>> = BTreeMap::new();
    for row in rows {
        let Ok(month) = YearMonth::new(row.year, row.month) else {
            continue;
        };
        if !period.contains(month) {
            continue;
        }
        let sum = sums
            .entry(month)
            .or_default()
            .entry(row.omlp_type.as_str())
            .or_insert(KpiPoints::ZERO);
        *sum = sum.checked_add(row.kpi_value).unwrap_or(*sum);
    }
    months_of(period)
        .into_iter()
        .map(|month| MonthPoints {
            month,
            by_type: sums
                .get(&month)
                .map(|types| {
                    types
                        .iter()
                        .filter(|(_, p)| **p != KpiPoints::ZERO)
                        .map(|(t, p)| ((*t).to_owned(), *p))
                        .collect()
                })
                .unwrap_or_default(),
        })
        .collect()
}

/// The months of `period`, in order.
pub fn months_of(period: MonthSpan) -> Vec<YearMonth> {
    let mut months = Vec::new();
    let mut month = period.from;
    while month <= period.to && months.len() < 1200 {
        months.push(month);
        if month.checked_add_months(1).is_none() {
            break;
        }
        month = month.next();
    }
    months
}

/// The running total of `months`: the points of every type summed from the first month up to
/// and including each month (credit notes lower it). The tier thresholds compare with its
/// last value.
pub fn running_totals(months: &[MonthPoints]) -> Vec<KpiPoints> {
    let mut total = KpiPoints::ZERO;
    months
        .iter()
        .map(|month| {
            for (_, points) in &month.by_type {
                total = total.checked_add(*points).unwrap_or(total);
            }
            total
        })
        .collect()
}

/// Renders the chart of `period` from the dashboard's `rows` (rows outside the period are
/// ignored), wide, with `thresholds` as labelled horizontal lines.
pub fn render(
    period: MonthSpan,
    rows: &[ReportRow],
    thresholds: &[Threshold],
    text: &ChartText,
) -> String {
    render_months(
        &monthly_points(period, rows),
        thresholds,
        text,
        View::default(),
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::svg::{LEGEND_ROW, UNSELECTED_OPACITY};
    use super::*;
    use lpc_domain::invoice::DocumentType;

    fn row(year: i16, month: i8, omlp_type: &str, points: i64) -> ReportRow {
        ReportRow {
            year,
            month,
            omlp_type: omlp_type.to_owned(),
            purchase_units: 1,
            invoice_number: format!("INV-{year}-{month}"),
            kpi_value: KpiPoints::whole(points),
            revenue: lpc_domain::Money::new(1000, lpc_domain::Currency::parse("USD").unwrap()),
            document_type: DocumentType::Invoice,
            line_number: 1,
            late: false,
            adjustment_case_id: None,
        }
    }

    fn period_2019() -> MonthSpan {
        MonthSpan {
            from: YearMonth::new(2019, 1).unwrap(),
            to: YearMonth::new(2019, 12).unwrap(),
        }
    }

    fn thresholds() -> Vec<Threshold> {
        vec![
            Threshold {
                key: "silver".into(),
                label: "Silver: 1,000".into(),
                points: KpiPoints::whole(1000),
            },
            Threshold {
                key: "gold".into(),
                label: "Gold: 2,000".into(),
                points: KpiPoints::whole(2000),
            },
        ]
    }

    fn text() -> ChartText {
        ChartText {
            title: "KPI points per month".into(),
            description: "Stacked by OMLP type".into(),
            monthly_title: "Points per month".into(),
            running_title: "Running total against the tier thresholds".into(),
            months: Vec::new(),
            months_short: Vec::new(),
            running_total: "Running total".into(),
            thresholds: "Tier thresholds".into(),
            number: NumberFormat::default(),
        }
    }

    fn parse(svg: &str) -> roxmltree::Document<'_> {
        roxmltree::Document::parse(svg).expect("the chart is well-formed XML")
    }

    fn by_class<'a, 'input>(
        doc: &'a roxmltree::Document<'input>,
        class: &str,
    ) -> Vec<roxmltree::Node<'a, 'input>> {
        doc.descendants()
            .filter(|n| n.attribute("class") == Some(class))
            .collect()
    }

    /// The elements of `class` inside the panel `key` (`monthly`, `running`).
    fn in_panel<'a, 'input>(
        doc: &'a roxmltree::Document<'input>,
        key: &str,
        class: &str,
    ) -> Vec<roxmltree::Node<'a, 'input>> {
        let panel = doc
            .descendants()
            .find(|n| n.attribute("data-panel") == Some(key))
            .expect("the panel is drawn");
        panel
            .descendants()
            .filter(|n| n.attribute("class") == Some(class))
            .collect()
    }

    /// The top and bottom of a panel's plot: its left edge line.
    fn plot_span(doc: &roxmltree::Document<'_>, key: &str) -> (f64, f64) {
        let axes = in_panel(doc, key, "kpi-axes").pop().unwrap();
        let edge = axes.children().filter(|c| c.is_element()).nth(1).unwrap();
        let at = |a: &str| edge.attribute(a).unwrap().parse::<f64>().unwrap();
        (at("y1"), at("y2"))
    }

    fn y_ticks(doc: &roxmltree::Document<'_>, key: &str) -> Vec<String> {
        in_panel(doc, key, "kpi-y-ticks")
            .iter()
            .flat_map(|g| g.children().filter_map(|t| t.text()).map(str::to_owned))
            .collect()
    }

    #[test]
    fn is_accessible_xml_sized_by_its_view_box() {
        let svg = render(
            period_2019(),
            &[row(2019, 3, "moc", 40)],
            &thresholds(),
            &text(),
        );
        let doc = parse(&svg);
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(root.attribute("role"), Some("img"));
        assert!(root.attribute("viewBox").unwrap().starts_with("0 0 720 "));
        assert_eq!(root.attribute("width"), None);
        assert_eq!(root.attribute("height"), None);
        let title = root.first_element_child().unwrap();
        assert_eq!(title.tag_name().name(), "title");
        assert_eq!(title.text(), Some("KPI points per month"));
        let desc = title.next_sibling_element().unwrap();
        assert_eq!(desc.tag_name().name(), "desc");
        assert_eq!(
            root.attribute("aria-labelledby"),
            Some("kpi-chart-title-wide kpi-chart-desc-wide")
        );
        // The narrow drawing is half as wide, with ids of its own (the page holds both).
        let narrow = render_months(
            &monthly_points(period_2019(), &[row(2019, 3, "moc", 40)]),
            &thresholds(),
            &text(),
            View {
                layout: Layout::Narrow,
                selected: None,
            },
        );
        let doc = parse(&narrow);
        let root = doc.root_element();
        assert!(root.attribute("viewBox").unwrap().starts_with("0 0 360 "));
        assert_eq!(root.attribute("data-layout"), Some("narrow"));
        assert_eq!(
            root.attribute("aria-labelledby"),
            Some("kpi-chart-title-narrow kpi-chart-desc-narrow")
        );
    }

    #[test]
    fn one_group_per_month_and_one_bar_per_month_and_type_with_points() {
        let rows = [
            row(2019, 1, "moc", 10),
            row(2019, 1, "moc", 5),
            row(2019, 1, "labs_online", 3),
            row(2019, 6, "labs_online", 7),
            // Cancelled out by a credit note in the same month: no bar.
            row(2019, 7, "moc", 4),
            row(2019, 7, "moc", -4),
            // Outside the period.
            row(2020, 1, "moc", 99),
        ];
        let svg = render(period_2019(), &rows, &thresholds(), &text());
        let doc = parse(&svg);
        let months = by_class(&doc, "kpi-month");
        assert_eq!(months.len(), 12);
        assert_eq!(months[0].attribute("data-month"), Some("2019-01"));
        assert_eq!(months[11].attribute("data-month"), Some("2019-12"));
        let bars: Vec<(String, String, String)> = by_class(&doc, "kpi-bar")
            .into_iter()
            .map(|b| {
                (
                    b.parent()
                        .unwrap()
                        .attribute("data-month")
                        .unwrap()
                        .to_owned(),
                    b.attribute("data-omlp-type").unwrap().to_owned(),
                    b.attribute("data-points").unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(
            bars,
            vec![
                ("2019-01".into(), "labs_online".into(), "3".into()),
                ("2019-01".into(), "moc".into(), "15".into()),
                ("2019-06".into(), "labs_online".into(), "7".into()),
            ]
        );
        // Stacked: the second segment of January sits on the first.
        let january: Vec<_> = by_class(&doc, "kpi-bar").into_iter().take(2).collect();
        let y = |n: &roxmltree::Node<'_, '_>, a: &str| -> f64 {
            n.attribute(a).unwrap().parse().unwrap()
        };
        let first_top = y(&january[0], "y");
        let second_bottom = y(&january[1], "y") + y(&january[1], "height");
        assert!((first_top - second_bottom).abs() < 0.11);
        // The same type has the same colour in every month and in the legend.
        let legend = by_class(&doc, "kpi-legend-item");
        assert_eq!(legend.len(), 2);
    }

    #[test]
    fn threshold_lines_are_at_their_heights_and_labelled() {
        let svg = render(
            period_2019(),
            &[row(2019, 2, "moc", 500)],
            &thresholds(),
            &text(),
        );
        let doc = parse(&svg);
        let lines = in_panel(&doc, "running", "kpi-threshold");
        assert_eq!(lines.len(), 2);
        // The running panel's scale: 2,000 * 1.05 rounded up to 2,500, so 1,000 points sit
        // at 40 % of the plot's height and 2,000 at 80 %.
        let (top, bottom) = plot_span(&doc, "running");
        let at = |key: &str| -> f64 {
            let line = lines
                .iter()
                .find(|l| l.attribute("data-threshold") == Some(key))
                .unwrap();
            assert_eq!(line.attribute("y1"), line.attribute("y2"));
            line.attribute("y1").unwrap().parse().unwrap()
        };
        assert!((at("silver") - (bottom - (bottom - top) * 0.4)).abs() < 0.11);
        assert!((at("gold") - (bottom - (bottom - top) * 0.8)).abs() < 0.11);
        let labels: Vec<&str> = by_class(&doc, "kpi-threshold-label")
            .iter()
            .filter_map(|n| n.text())
            .collect();
        assert_eq!(labels, ["Silver: 1,000", "Gold: 2,000"]);
        // The 500-point bar is on its own panel's scale (525 rounded up to 600), not the
        // thresholds': five sixths of the plot's height.
        let (top, bottom) = plot_span(&doc, "monthly");
        let bar = by_class(&doc, "kpi-bar").pop().unwrap();
        let height: f64 = bar.attribute("height").unwrap().parse().unwrap();
        assert!((height - (bottom - top) * 500.0 / 600.0).abs() < 0.11);
    }

    /// A partner far above gold: both lines sit near the axis, their labels one above the
    /// other rather than on top of each other.
    #[test]
    fn threshold_labels_close_together_do_not_overlap() {
        let svg = render(
            period_2019(),
            &[row(2019, 2, "moc", 125_000)],
            &thresholds(),
            &text(),
        );
        let doc = parse(&svg);
        let label_y = |key: &str| -> f64 {
            by_class(&doc, "kpi-threshold-label")
                .iter()
                .find(|l| l.attribute("data-threshold") == Some(key))
                .and_then(|l| l.attribute("y"))
                .unwrap()
                .parse()
                .unwrap()
        };
        let line_y = |key: &str| -> f64 {
            by_class(&doc, "kpi-threshold")
                .iter()
                .find(|l| l.attribute("data-threshold") == Some(key))
                .and_then(|l| l.attribute("y1"))
                .unwrap()
                .parse()
                .unwrap()
        };
        assert!(
            line_y("silver") - line_y("gold") < 14.0,
            "the lines nearly meet"
        );
        assert!((label_y("silver") - (line_y("silver") - 4.0)).abs() < 0.11);
        assert!(
            label_y("silver") - label_y("gold") >= 14.0 - 0.11,
            "gold's label is a line above silver's"
        );
    }

    #[test]
    fn escapes_type_names_and_texts_with_markup() {
        let evil = r#"<script>alert("x")</script>&'"#;
        let mut t = text();
        t.title = "A & B <i>".into();
        t.months = (1..=12).map(|m| format!("<m{m}>")).collect();
        let svg = render(
            period_2019(),
            &[row(2019, 4, evil, 12)],
            &[Threshold {
                key: "gold\"".into(),
                label: "<b>Gold</b>".into(),
                points: KpiPoints::whole(20),
            }],
            &t,
        );
        assert!(!svg.contains("<script>"));
        assert!(!svg.contains("<b>"));
        let doc = parse(&svg);
        let bar = by_class(&doc, "kpi-bar").pop().unwrap();
        assert_eq!(bar.attribute("data-omlp-type"), Some(evil));
        assert_eq!(
            doc.root_element().first_element_child().unwrap().text(),
            Some("A & B <i>")
        );
        let legend = by_class(&doc, "kpi-legend-item");
        assert_eq!(legend[0].attribute("data-omlp-type"), Some(evil));
        assert!(doc.descendants().all(|n| n.tag_name().name() != "script"));
        assert!(doc.descendants().any(|n| n.text() == Some("<m4>")));
    }

    #[test]
    fn negative_months_go_below_zero_and_empty_charts_render() {
        let svg = render(period_2019(), &[row(2019, 5, "moc", -30)], &[], &text());
        let doc = parse(&svg);
        let bar = by_class(&doc, "kpi-bar").pop().unwrap();
        let zero: f64 = by_class(&doc, "kpi-zero")[0]
            .attribute("y1")
            .unwrap()
            .parse()
            .unwrap();
        let top: f64 = bar.attribute("y").unwrap().parse().unwrap();
        assert!((top - zero).abs() < 0.11, "a negative bar hangs from zero");
        let empty = render(period_2019(), &[], &[], &text());
        let doc = parse(&empty);
        assert_eq!(by_class(&doc, "kpi-month").len(), 12);
        assert!(by_class(&doc, "kpi-bar").is_empty());
    }

    #[test]
    fn the_running_total_is_a_line_with_a_marker_per_month() {
        let rows = [
            row(2019, 1, "moc", 300),
            row(2019, 1, "labs_online", 100),
            row(2019, 3, "moc", 600),
            row(2019, 4, "moc", -200),
            row(2019, 12, "labs_online", 700),
        ];
        let months = monthly_points(period_2019(), &rows);
        let totals: Vec<i64> = running_totals(&months)
            .iter()
            .map(|p| p.thousandths() / 1000)
            .collect();
        assert_eq!(
            totals,
            [400, 400, 1000, 800, 800, 800, 800, 800, 800, 800, 800, 1500]
        );

        let svg = render(period_2019(), &rows, &thresholds(), &text());
        let doc = parse(&svg);
        let markers = by_class(&doc, "kpi-running-point");
        assert_eq!(markers.len(), 12);
        assert_eq!(markers[2].attribute("data-month"), Some("2019-03"));
        assert_eq!(markers[2].attribute("data-points"), Some("1000"));
        assert_eq!(markers[11].attribute("data-points"), Some("1500"));
        // On the thresholds' axis: 1,000 points of running total sit on the silver line.
        let silver = by_class(&doc, "kpi-threshold")
            .into_iter()
            .find(|l| l.attribute("data-threshold") == Some("silver"))
            .unwrap();
        assert_eq!(markers[2].attribute("cy"), silver.attribute("y1"));
        // The marker's tooltip names the series and the total.
        let title = markers[11].first_element_child().unwrap();
        assert_eq!(title.text(), Some("2019-12 Running total: 1,500"));
        // One polyline through the twelve markers, left to right.
        let line = by_class(&doc, "kpi-running-total").pop().unwrap();
        let xs: Vec<f64> = line
            .attribute("points")
            .unwrap()
            .split(' ')
            .map(|p| p.split_once(',').unwrap().0.parse().unwrap())
            .collect();
        assert_eq!(xs.len(), 12);
        assert!(xs.windows(2).all(|w| w[0] < w[1]));
        // The legend says what the line and the dashed lines are.
        let series: Vec<&str> = by_class(&doc, "kpi-legend-line")
            .iter()
            .filter_map(|g| g.attribute("data-series"))
            .collect();
        assert_eq!(series, ["running-total", "thresholds"]);
        assert!(doc.descendants().any(|n| n.text() == Some("Running total")));
        // The scale holds the running total when it passes the thresholds: 1,500 * 1.05
        // rounds up to 2,500 here (gold is 2,000), and the top marker stays in the plot.
        let cy: f64 = markers[11].attribute("cy").unwrap().parse().unwrap();
        let (top, bottom) = plot_span(&doc, "running");
        assert!((top..=bottom).contains(&cy));
    }

    #[test]
    fn the_running_total_raises_the_scale_above_the_thresholds() {
        let rows: Vec<ReportRow> = (1..=12).map(|m| row(2019, m, "moc", 400)).collect();
        let svg = render(period_2019(), &rows, &thresholds(), &text());
        let doc = parse(&svg);
        let last = by_class(&doc, "kpi-running-point").pop().unwrap();
        assert_eq!(last.attribute("data-points"), Some("4800"));
        let cy: f64 = last.attribute("cy").unwrap().parse().unwrap();
        assert!(
            cy >= plot_span(&doc, "running").0,
            "4,800 is inside the plot: {cy}"
        );
        // The top tick is the scale's top: 4,800 * 1.05 rounded up to a whole step of 2,000.
        assert_eq!(y_ticks(&doc, "running"), ["0", "2,000", "4,000", "6,000"]);
        // The months keep their own scale: 400 a month fills most of the upper panel.
        assert_eq!(
            y_ticks(&doc, "monthly"),
            ["0", "100", "200", "300", "400", "500"]
        );
    }

    #[test]
    fn numbers_are_written_for_the_locale() {
        let italian = |p: KpiPoints| {
            let whole = p.thousandths() / 1000;
            let digits = whole.unsigned_abs().to_string();
            let mut out = String::new();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i).is_multiple_of(3) {
                    out.push('.');
                }
                out.push(c);
            }
            format!("{}{out}", if whole < 0 { "-" } else { "" })
        };
        let mut t = text();
        t.number = NumberFormat::new(italian);
        let rows = [row(2019, 2, "moc", 1500)];
        let svg = render(period_2019(), &rows, &thresholds(), &t);
        let doc = parse(&svg);
        assert_eq!(
            y_ticks(&doc, "running"),
            ["0", "500", "1.000", "1.500", "2.000", "2.500"]
        );
        let bar = by_class(&doc, "kpi-bar").pop().unwrap();
        assert_eq!(
            bar.first_element_child().unwrap().text(),
            Some("2019-02 moc: 1.500")
        );
        // data- attributes stay machine-readable.
        assert_eq!(bar.attribute("data-points"), Some("1500"));
        // The default writes English and Japanese numbers.
        let svg = render(period_2019(), &rows, &thresholds(), &text());
        assert!(svg.contains(">1,000</text>"));
        assert_eq!(
            format!("{:?}", NumberFormat::new(italian)),
            r#"NumberFormat("1.000")"#
        );
    }

    #[test]
    fn a_long_legend_wraps_and_moves_the_plot_down() {
        let names = [
            "Microsoft Official Course",
            "Microsoft Official Labs Online",
            "Microsoft Learn for Organizations",
            "Exam vouchers and certification",
        ];
        let rows: Vec<ReportRow> = names.iter().map(|n| row(2019, 1, n, 10)).collect();
        let mut t = text();
        t.running_total = "累計 (しきい値と比較します)".into();
        let short = render(period_2019(), &rows[..1], &thresholds(), &text());
        let short = parse(&short);
        for layout in [Layout::Wide, Layout::Narrow] {
            let svg = render_months(
                &monthly_points(period_2019(), &rows),
                &thresholds(),
                &t,
                View {
                    layout,
                    selected: None,
                },
            );
            let doc = parse(&svg);
            // Every legend item starts inside the plot's width.
            for item in by_class(&doc, "kpi-legend-item")
                .into_iter()
                .chain(by_class(&doc, "kpi-legend-line"))
            {
                let text = item.children().find(|c| c.has_tag_name("text")).unwrap();
                let x: f64 = text.attribute("x").unwrap().parse().unwrap();
                assert!(x < layout.right(), "{layout:?}");
            }
            if layout == Layout::Wide {
                // The four names take two rows: the plot starts one row lower.
                let moved = plot_span(&doc, "monthly").0 - plot_span(&short, "monthly").0;
                assert!((moved - LEGEND_ROW).abs() < 0.11, "{moved}");
            }
        }
    }

    #[test]
    fn a_month_filter_fades_the_other_months_and_marks_its_own() {
        let rows: Vec<ReportRow> = (1..=12).map(|m| row(2019, m, "moc", 10)).collect();
        let march = YearMonth::new(2019, 3).unwrap();
        let svg = render_months(
            &monthly_points(period_2019(), &rows),
            &thresholds(),
            &text(),
            View {
                layout: Layout::Wide,
                selected: Some(march),
            },
        );
        let doc = parse(&svg);
        let months = by_class(&doc, "kpi-month");
        let selected: Vec<_> = months
            .iter()
            .filter(|m| m.attribute("data-selected") == Some("true"))
            .map(|m| m.attribute("data-month").unwrap())
            .collect();
        assert_eq!(selected, ["2019-03"]);
        assert!(
            months
                .iter()
                .filter(|m| m.attribute("data-month") != Some("2019-03"))
                .all(|m| m.attribute("opacity") == Some(UNSELECTED_OPACITY))
        );
        let marker = by_class(&doc, "kpi-running-point")
            .into_iter()
            .find(|c| c.attribute("data-month") == Some("2019-03"))
            .unwrap();
        assert_eq!(marker.attribute("r"), Some("5.5"));
        // Without a filter nothing is faded.
        let plain = render(period_2019(), &rows, &thresholds(), &text());
        assert!(!plain.contains("opacity="));
    }

    #[test]
    fn narrow_month_ticks_give_the_month_then_the_year_at_its_start_and_each_january() {
        let period = MonthSpan {
            from: YearMonth::new(2025, 11).unwrap(),
            to: YearMonth::new(2026, 10).unwrap(),
        };
        let mut t = text();
        t.months_short = kpi_months_short(period);
        let svg = render_months(
            &monthly_points(period, &[]),
            &thresholds(),
            &t,
            View {
                layout: Layout::Narrow,
                selected: None,
            },
        );
        let doc = parse(&svg);
        let ticks = in_panel(&doc, "monthly", "kpi-x-ticks").pop().unwrap();
        let months: Vec<&str> = ticks
            .children()
            .filter(|c| c.attribute("class").is_none())
            .filter_map(|c| c.text())
            .collect();
        assert_eq!(months.len(), 12);
        assert_eq!(months[0], "m11");
        let years: Vec<&str> = ticks
            .children()
            .filter(|c| c.attribute("class") == Some("kpi-x-year"))
            .filter_map(|c| c.text())
            .collect();
        assert_eq!(years, ["2025", "2026"]);
        // Every label sits inside the 360-unit drawing.
        for label in ticks.children().filter(|c| c.is_element()) {
            let x: f64 = label.attribute("x").unwrap().parse().unwrap();
            assert!((0.0..360.0).contains(&x));
        }
    }

    fn kpi_months_short(period: MonthSpan) -> Vec<String> {
        months_of(period)
            .into_iter()
            .map(|m| format!("m{}", m.month()))
            .collect()
    }

    #[test]
    fn thresholds_come_from_the_rule_set() {
        let book = lpc_app::rule_files::embedded().unwrap();
        let rules = book.sets().last().unwrap();
        let lines = tier_thresholds(rules, |o, p| format!("{o:?} {p}"));
        assert_eq!(
            lines.iter().map(|t| t.key.as_str()).collect::<Vec<_>>(),
            ["silver", "gold"]
        );
        assert_eq!(lines[1].points, rules.tiers.gold.kpi_points);
    }
}
