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
//! Points are the points each line earned (uncapped): a cap (R12) applies to a type's total
//! over the whole period, so it is shown by the totals, not by a month's bar. Credit notes can
//! make a month's sum of a type negative; such segments are drawn below the zero line.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

use lpc_app::publications::ReportRow;
use lpc_domain::calendar::{MonthSpan, YearMonth};
use lpc_domain::{KpiPoints, LearningOption, RuleSet};

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

/// The colour of the running-total line and its markers.
const RUNNING_COLOUR: &str = "#1A1A1A";
/// The least vertical distance between two threshold labels: a line of 12-px text.
const THRESHOLD_LABEL_GAP: f64 = 14.0;

/// The colour of the threshold lines and their labels.
const THRESHOLD_COLOUR: &str = "#B00020";
/// Height of a legend row, in user units.
const LEGEND_ROW: f64 = 18.0;
/// Height of each panel's plot area, in user units.
const PLOT_HEIGHT: f64 = 160.0;
/// Share of a month's slot the bar takes.
const BAR_SHARE: f64 = 0.7;
/// The opacity of the months a month filter leaves out.
const UNSELECTED_OPACITY: &str = "0.3";

/// An estimate of the width of `text` at font size 12: 7 units per Latin character, 12 per
/// wide (CJK) character.
fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|c| if (c as u32) >= 0x2E80 { 12.0 } else { 7.0 })
        .sum()
}

/// The width the chart is drawn for. The page embeds both and shows one by the screen's width,
/// so that a user unit is about a CSS pixel on either and 12-unit text reads as 12 px: one
/// drawing scaled down to a phone made its labels too small to read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Layout {
    /// 720 units: a laptop or a tablet.
    #[default]
    Wide,
    /// 360 units: a phone held upright. Month ticks take two rows (month, then the year at
    /// the first month and at each January).
    Narrow,
}

impl Layout {
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::Wide => "wide",
            Layout::Narrow => "narrow",
        }
    }

    fn width(self) -> f64 {
        match self {
            Layout::Wide => 720.0,
            Layout::Narrow => 360.0,
        }
    }

    /// The plot's left edge: room for the value ticks.
    fn left(self) -> f64 {
        match self {
            Layout::Wide => 64.0,
            Layout::Narrow => 46.0,
        }
    }

    fn right(self) -> f64 {
        match self {
            Layout::Wide => 704.0,
            Layout::Narrow => 352.0,
        }
    }

    /// The room the month ticks take under a plot.
    fn ticks_height(self) -> f64 {
        match self {
            Layout::Wide => 26.0,
            Layout::Narrow => 38.0,
        }
    }
}

/// How the chart is drawn, besides its data: the width, and the month a filter picked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct View {
    pub layout: Layout,
    /// The month the dashboard's month filter shows: drawn in full, the others faded.
    pub selected: Option<YearMonth>,
}

/// Colour-blind-safe colours (Okabe-Ito), by the OMLP type's rank in name order.
const PALETTE: [&str; 8] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
];

/// A panel's vertical scale: values `min..=max` onto `bottom..=top` (user units, `top` above),
/// with its tick step.
#[derive(Debug, Clone, Copy)]
struct Scale {
    min: f64,
    max: f64,
    step: f64,
    top: f64,
    bottom: f64,
}

impl Scale {
    /// A scale holding every value in `low..=high` (and zero), with some headroom, ending on
    /// whole steps of a round size for about five ticks: a running total of 5,040 gets a scale
    /// to 6,000 rather than to 10,000.
    fn holding(low: f64, high: f64, top: f64, bottom: f64) -> Scale {
        let rough_top = match high.max(0.0) * 1.05 {
            t if t > 0.0 => t,
            _ => 10.0,
        };
        let rough_bottom = low.min(0.0) * 1.05;
        let step = nice_ceiling((rough_top - rough_bottom) / 5.0).max(f64::MIN_POSITIVE);
        Scale {
            min: (rough_bottom / step).floor() * step,
            max: (rough_top / step).ceil() * step,
            step,
            top,
            bottom,
        }
    }

    fn y(self, value: f64) -> f64 {
        let span = self.max - self.min;
        if span <= 0.0 {
            return self.bottom;
        }
        self.bottom - (value - self.min) / span * (self.bottom - self.top)
    }

    fn ticks(self) -> Vec<f64> {
        let mut ticks = Vec::new();
        let mut tick = (self.min / self.step).ceil() * self.step;
        while tick <= self.max + self.step / 1000.0 && ticks.len() < 50 {
            ticks.push(tick);
            tick += self.step;
        }
        ticks
    }
}

/// The smallest "nice" number (1, 2, 2.5 or 5 times a power of ten) at or above `value`.
fn nice_ceiling(value: f64) -> f64 {
    if value <= 0.0 {
        return 0.0;
    }
    let magnitude = 10f64.powf(value.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|f| f * magnitude)
        .find(|candidate| *candidate >= value)
        .unwrap_or(10.0 * magnitude)
}

fn points_f64(points: KpiPoints) -> f64 {
    // Thousandths of a point: exact in an f64 for any realistic total.
    points.thousandths() as f64 / 1000.0
}

/// Escapes text for XML content and attribute values.
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Characters XML 1.0 cannot carry at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// Formats a coordinate with one decimal, without a trailing `.0`.
fn num(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded:.1}")
    }
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

/// [`render`] from sums already made by [`monthly_points`], as `view` asks.
///
/// Two panels over the same months, each on its own scale:
/// - `g.kpi-panel[data-panel="monthly"]`: the points of each month, stacked by OMLP type.
///   `g.kpi-months` > one `g.kpi-month` (`data-month="YYYY-MM"`, `data-selected` when a month
///   filter picked it) per month > one `rect.kpi-bar` per OMLP type with points in that month
///   (`data-omlp-type`, `data-points`), each with a `<title>`. A month's points are a few
///   dozen where the thresholds are thousands: on one axis the bars were slivers.
/// - `g.kpi-panel[data-panel="running"]`: what the tier thresholds (totals over the twelve
///   months, R17, R19) compare with. `line.kpi-threshold` (`data-threshold`, `data-points`)
///   and its `text.kpi-threshold-label`; `g.kpi-running` (`data-points`: the last total)
///   with `polyline.kpi-running-total` and one `circle.kpi-running-point` per month
///   (`data-month`, `data-points`, a `<title>`).
///
/// Each panel has its title (`text.kpi-panel-title`), legend (`g.kpi-legend`: one
/// `g.kpi-legend-item` per type; `g.kpi-legend-line` with `data-series="running-total"` or
/// `"thresholds"`), value ticks (`g.kpi-y-ticks`) and month ticks (`g.kpi-x-ticks`).
/// Numbers shown are written by `text.number`.
pub fn render_months(
    months: &[MonthPoints],
    thresholds: &[Threshold],
    text: &ChartText,
    view: View,
) -> String {
    let layout = view.layout;
    // Types in name order give each its colour, the same in every month and the legend.
    let types: Vec<&str> = {
        let mut all: Vec<&str> = months
            .iter()
            .flat_map(|m| m.by_type.iter().map(|(t, _)| t.as_str()))
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    };
    let colour = |omlp_type: &str| {
        let rank = types.iter().position(|t| *t == omlp_type).unwrap_or(0);
        PALETTE
            .get(rank % PALETTE.len())
            .copied()
            .unwrap_or("#000000")
    };
    let running = running_totals(months);

    let mut body = String::new();
    // The monthly panel.
    let type_entries: Vec<LegendEntry<'_>> = types
        .iter()
        .map(|t| LegendEntry::Swatch {
            name: t,
            colour: colour(t),
        })
        .collect();
    let monthly = panel_frame(
        &mut body,
        "monthly",
        &text.monthly_title,
        &type_entries,
        0.0,
        layout,
    );
    let (mut high, mut low) = (0.0f64, 0.0f64);
    for month in months {
        let (up, down) = month.by_type.iter().fold((0.0, 0.0), |(u, d), (_, p)| {
            let v = points_f64(*p);
            (u + v.max(0.0), d + v.min(0.0))
        });
        high = high.max(up);
        low = low.min(down);
    }
    let scale = Scale::holding(low, high, monthly.plot_top, monthly.plot_top + PLOT_HEIGHT);
    value_axis(&mut body, scale, text, layout);
    let slot = (layout.right() - layout.left()) / months.len().max(1) as f64;
    let bar = slot * BAR_SHARE;
    body.push_str(r#"<g class="kpi-months">"#);
    for (i, month) in months.iter().enumerate() {
        let x = layout.left() + slot * i as f64 + (slot - bar) / 2.0;
        let _ = write!(body, r#"<g class="kpi-month" data-month="{}""#, month.month);
        match view.selected {
            Some(selected) if selected == month.month => body.push_str(r#" data-selected="true""#),
            Some(_) => {
                let _ = write!(body, r#" opacity="{UNSELECTED_OPACITY}""#);
            }
            None => {}
        }
        body.push('>');
        let (mut up, mut down) = (0.0f64, 0.0f64);
        for (omlp_type, points) in &month.by_type {
            let value = points_f64(*points);
            let (from, to) = if value >= 0.0 {
                let from = up;
                up += value;
                (from, up)
            } else {
                let from = down;
                down += value;
                (from, down)
            };
            let (y_high, y_low) = (scale.y(from.max(to)), scale.y(from.min(to)));
            let name = escape_xml(omlp_type);
            let _ = write!(
                body,
                r#"<rect class="kpi-bar" data-omlp-type="{name}" data-points="{points}" x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{} {name}: {}</title></rect>"#,
                num(x),
                num(y_high),
                num(bar),
                num((y_low - y_high).max(0.0)),
                colour(omlp_type),
                month.month,
                escape_xml(&text.number.format(*points)),
            );
        }
        body.push_str("</g>");
    }
    body.push_str("</g>");
    zero_and_edge(&mut body, scale, layout);
    month_ticks(&mut body, months, scale.bottom, text, layout);
    body.push_str("</g>");

    // The running-total panel, under the first.
    let mut line_entries = Vec::new();
    if !text.running_total.is_empty() {
        line_entries.push(LegendEntry::Line {
            series: "running-total",
            label: &text.running_total,
            colour: RUNNING_COLOUR,
            dashed: false,
        });
    }
    if !thresholds.is_empty() && !text.thresholds.is_empty() {
        line_entries.push(LegendEntry::Line {
            series: "thresholds",
            label: &text.thresholds,
            colour: THRESHOLD_COLOUR,
            dashed: true,
        });
    }
    let below_first = scale.bottom + layout.ticks_height() + 14.0;
    let second = panel_frame(
        &mut body,
        "running",
        &text.running_title,
        &line_entries,
        below_first,
        layout,
    );
    let mut high = thresholds
        .iter()
        .map(|t| points_f64(t.points))
        .fold(0.0f64, f64::max);
    let mut low = 0.0f64;
    for total in &running {
        high = high.max(points_f64(*total));
        low = low.min(points_f64(*total));
    }
    let scale = Scale::holding(low, high, second.plot_top, second.plot_top + PLOT_HEIGHT);
    value_axis(&mut body, scale, text, layout);
    zero_and_edge(&mut body, scale, layout);
    threshold_lines(&mut body, thresholds, scale, layout);
    running_line(&mut body, months, &running, scale, slot, view, text, layout);
    month_ticks(&mut body, months, scale.bottom, text, layout);
    body.push_str("</g>");

    let height = scale.bottom + layout.ticks_height() + 4.0;
    let mut svg = String::with_capacity(body.len() + 512);
    // `write!` into a String cannot fail; the results are ignored on purpose.
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="kpi-chart" data-layout="{layout}" viewBox="0 0 {w} {h}" preserveAspectRatio="xMidYMid meet" role="img" aria-labelledby="kpi-chart-title-{layout} kpi-chart-desc-{layout}" font-family="system-ui, sans-serif" font-size="12">"#,
        layout = layout.as_str(),
        w = num(layout.width()),
        h = num(height),
    );
    let _ = write!(
        svg,
        r#"<title id="kpi-chart-title-{layout}">{}</title><desc id="kpi-chart-desc-{layout}">{}</desc>"#,
        escape_xml(&text.title),
        escape_xml(&text.description),
        layout = layout.as_str(),
    );
    svg.push_str(&body);
    svg.push_str("</svg>");
    svg
}

/// Where a panel's plot starts, once its title and legend are drawn.
struct PanelFrame {
    plot_top: f64,
}

/// Opens `g.kpi-panel` (closed by the caller) at `top` with its title and legend.
fn panel_frame(
    svg: &mut String,
    key: &str,
    title: &str,
    legend_entries: &[LegendEntry<'_>],
    top: f64,
    layout: Layout,
) -> PanelFrame {
    let _ = write!(
        svg,
        r##"<g class="kpi-panel" data-panel="{key}"><text class="kpi-panel-title" x="{}" y="{}" font-weight="600" font-size="13" fill="#1A1A1A">{}</text>"##,
        num(layout.left().min(8.0)),
        num(top + 14.0),
        escape_xml(title),
    );
    let rows = legend(svg, legend_entries, top + 24.0, layout);
    PanelFrame {
        plot_top: top + 24.0 + rows as f64 * LEGEND_ROW + 10.0,
    }
}

/// The grid lines and value ticks of a panel.
fn value_axis(svg: &mut String, scale: Scale, text: &ChartText, layout: Layout) {
    let ticks = scale.ticks();
    svg.push_str(r##"<g class="kpi-grid" stroke="#ddd" stroke-width="1">"##);
    for value in &ticks {
        let y = num(scale.y(*value));
        let _ = write!(
            svg,
            r#"<line x1="{}" x2="{}" y1="{y}" y2="{y}"/>"#,
            num(layout.left()),
            num(layout.right())
        );
    }
    svg.push_str("</g>");
    svg.push_str(r##"<g class="kpi-y-ticks" fill="#333" text-anchor="end">"##);
    for value in &ticks {
        let _ = write!(
            svg,
            r#"<text x="{}" y="{}">{}</text>"#,
            num(layout.left() - 6.0),
            num(scale.y(*value) + 4.0),
            escape_xml(
                &text
                    .number
                    .format(KpiPoints::from_thousandths((value * 1000.0).round() as i64))
            )
        );
    }
    svg.push_str("</g>");
}

/// The zero line and the left edge of a panel.
fn zero_and_edge(svg: &mut String, scale: Scale, layout: Layout) {
    let zero = num(scale.y(0.0));
    let _ = write!(
        svg,
        r##"<g class="kpi-axes" stroke="#333" stroke-width="1"><line class="kpi-zero" x1="{l}" x2="{r}" y1="{zero}" y2="{zero}"/><line x1="{l}" x2="{l}" y1="{t}" y2="{b}"/></g>"##,
        l = num(layout.left()),
        r = num(layout.right()),
        t = num(scale.top),
        b = num(scale.bottom),
    );
}

/// The month ticks under a panel whose plot ends at `bottom`. Wide: the caller's labels
/// (`Nov 25`), else `MM/YY`. Narrow: the short month names, with the year under the first
/// month and each January.
fn month_ticks(
    svg: &mut String,
    months: &[MonthPoints],
    bottom: f64,
    text: &ChartText,
    layout: Layout,
) {
    let slot = (layout.right() - layout.left()) / months.len().max(1) as f64;
    let labels: Vec<String> = months
        .iter()
        .enumerate()
        .map(|(i, month)| {
            let given = match layout {
                Layout::Wide => &text.months,
                Layout::Narrow => &text.months_short,
            };
            if given.len() == months.len() {
                given.get(i).cloned().unwrap_or_default()
            } else if layout == Layout::Narrow {
                format!("{:02}", month.month.month())
            } else {
                format!(
                    "{:02}/{:02}",
                    month.month.month(),
                    month.month.year().rem_euclid(100)
                )
            }
        })
        .collect();
    // Labels wider than their month's slot (`25年11月`) get a smaller font, not an overlap.
    let widest = labels.iter().map(|l| text_width(l)).fold(0.0, f64::max);
    let tick_size = if widest > slot * 0.92 {
        (12.0 * slot * 0.92 / widest).max(8.0)
    } else {
        12.0
    };
    let _ = write!(
        svg,
        r##"<g class="kpi-x-ticks" fill="#333" text-anchor="middle" font-size="{}">"##,
        num(tick_size)
    );
    for (i, label) in labels.iter().enumerate() {
        let _ = write!(
            svg,
            r#"<text x="{}" y="{}">{}</text>"#,
            num(layout.left() + slot * (i as f64 + 0.5)),
            num(bottom + 16.0),
            escape_xml(label)
        );
    }
    if layout == Layout::Narrow {
        for (i, month) in months.iter().enumerate() {
            if i == 0 || month.month.month() == 1 {
                let _ = write!(
                    svg,
                    r#"<text class="kpi-x-year" x="{}" y="{}" font-size="10">{}</text>"#,
                    num(layout.left() + slot * (i as f64 + 0.5)),
                    num(bottom + 30.0),
                    month.month.year()
                );
            }
        }
    }
    svg.push_str("</g>");
}

/// The dashed threshold lines with their labels above the right end. On a scale far above
/// them (a partner with a hundred times the gold points) the lines nearly meet: each label then
/// goes at least a line of text above the one below it, so that they stay readable.
fn threshold_lines(svg: &mut String, thresholds: &[Threshold], scale: Scale, layout: Layout) {
    let mut label_ys = vec![0.0; thresholds.len()];
    let mut by_height: Vec<usize> = (0..thresholds.len()).collect();
    by_height.sort_by_key(|&i| thresholds[i].points);
    let mut below = f64::INFINITY;
    for i in by_height {
        let natural = scale.y(points_f64(thresholds[i].points)) - 4.0;
        let y = natural.min(below - THRESHOLD_LABEL_GAP);
        label_ys[i] = y;
        below = y;
    }
    for (threshold, label_y) in thresholds.iter().zip(label_ys) {
        let y = num(scale.y(points_f64(threshold.points)));
        let key = escape_xml(&threshold.key);
        let _ = write!(
            svg,
            r##"<line class="kpi-threshold" data-threshold="{key}" data-points="{p}" x1="{l}" x2="{r}" y1="{y}" y2="{y}" stroke="{THRESHOLD_COLOUR}" stroke-width="2" stroke-dasharray="6 4"/><text class="kpi-threshold-label" data-threshold="{key}" x="{tx}" y="{ty}" text-anchor="end" fill="{THRESHOLD_COLOUR}" stroke="#fff" stroke-width="3" paint-order="stroke">{label}</text>"##,
            p = threshold.points,
            l = num(layout.left()),
            r = num(layout.right()),
            tx = num(layout.right() - 4.0),
            ty = num(label_y),
            label = escape_xml(&threshold.label),
        );
    }
}

/// The running total: a line with a marker per month (larger on the month a filter picked).
#[allow(clippy::too_many_arguments)]
fn running_line(
    svg: &mut String,
    months: &[MonthPoints],
    running: &[KpiPoints],
    scale: Scale,
    slot: f64,
    view: View,
    text: &ChartText,
    layout: Layout,
) {
    let points_xy: Vec<(f64, f64)> = running
        .iter()
        .enumerate()
        .map(|(i, total)| {
            (
                layout.left() + slot * (i as f64 + 0.5),
                scale.y(points_f64(*total)),
            )
        })
        .collect();
    let _ = write!(
        svg,
        r#"<g class="kpi-running" data-points="{}">"#,
        running.last().copied().unwrap_or(KpiPoints::ZERO)
    );
    if points_xy.len() > 1 {
        let path: Vec<String> = points_xy
            .iter()
            .map(|(x, y)| format!("{},{}", num(*x), num(*y)))
            .collect();
        let _ = write!(
            svg,
            r#"<polyline class="kpi-running-total" points="{}" fill="none" stroke="{RUNNING_COLOUR}" stroke-width="2" stroke-linejoin="round"/>"#,
            path.join(" ")
        );
    }
    for ((month, total), (x, y)) in months.iter().zip(running).zip(&points_xy) {
        let radius = if view.selected == Some(month.month) {
            "5.5"
        } else {
            "3.5"
        };
        let _ = write!(
            svg,
            r##"<circle class="kpi-running-point" data-month="{m}" data-points="{total}" cx="{}" cy="{}" r="{radius}" fill="#fff" stroke="{RUNNING_COLOUR}" stroke-width="2"><title>{m} {}: {}</title></circle>"##,
            num(*x),
            num(*y),
            escape_xml(&text.running_total),
            escape_xml(&text.number.format(*total)),
            m = month.month,
        );
    }
    svg.push_str("</g>");
}

/// An item of a panel's legend.
enum LegendEntry<'a> {
    /// An OMLP type's colour.
    Swatch { name: &'a str, colour: &'static str },
    /// A line series: the running total, or the (dashed) thresholds.
    Line {
        series: &'static str,
        label: &'a str,
        colour: &'static str,
        dashed: bool,
    },
}

/// Writes `entries` left to right from the plot's left edge, from `top` down, starting a new
/// row when an item would pass the plot's right edge; returns the rows taken.
fn legend(svg: &mut String, entries: &[LegendEntry<'_>], top: f64, layout: Layout) -> usize {
    svg.push_str(r#"<g class="kpi-legend">"#);
    let start = layout.left().min(8.0);
    let (mut x, mut row) = (start, 0usize);
    let mut place = |width: f64| {
        if x > start && x + width > layout.right() {
            row += 1;
            x = start;
        }
        let at = (x, top + row as f64 * LEGEND_ROW);
        x += width + 16.0;
        at
    };
    for entry in entries {
        match entry {
            LegendEntry::Swatch { name, colour } => {
                let (x, y) = place(16.0 + text_width(name));
                let name = escape_xml(name);
                let _ = write!(
                    svg,
                    r##"<g class="kpi-legend-item" data-omlp-type="{name}"><rect x="{}" y="{}" width="12" height="12" fill="{colour}"/><text x="{}" y="{}" fill="#333">{name}</text></g>"##,
                    num(x),
                    num(y),
                    num(x + 16.0),
                    num(y + 10.0),
                );
            }
            LegendEntry::Line {
                series,
                label,
                colour,
                dashed,
            } => {
                let (x, y) = place(26.0 + text_width(label));
                let cy = num(y + 6.0);
                let dash = if *dashed {
                    r#" stroke-dasharray="6 4""#
                } else {
                    ""
                };
                let _ = write!(
                    svg,
                    r#"<g class="kpi-legend-line" data-series="{series}"><line x1="{}" x2="{}" y1="{cy}" y2="{cy}" stroke="{colour}" stroke-width="2"{dash}/>"#,
                    num(x),
                    num(x + 20.0),
                );
                if !*dashed {
                    let _ = write!(
                        svg,
                        r##"<circle cx="{}" cy="{cy}" r="3.5" fill="#fff" stroke="{colour}" stroke-width="2"/>"##,
                        num(x + 10.0),
                    );
                }
                let _ = write!(
                    svg,
                    r##"<text x="{}" y="{}" fill="#333">{}</text></g>"##,
                    num(x + 26.0),
                    num(y + 10.0),
                    escape_xml(label),
                );
            }
        }
    }
    svg.push_str("</g>");
    row + 1
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
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
