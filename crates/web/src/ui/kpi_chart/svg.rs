//! The drawing of the KPI chart (see the parent module): the two panels, their scales, axes,
//! ticks and legends, as SVG text. Geometry is in user units of the `viewBox`.

use std::fmt::Write as _;

use lpc_domain::KpiPoints;
use lpc_domain::calendar::YearMonth;

use super::axes::{month_ticks, value_axis, zero_and_edge};
use super::legend::{LegendEntry, legend};
use super::{ChartText, MonthPoints, Threshold, running_totals};

/// The colour of the running-total line and its markers.
pub(super) const RUNNING_COLOUR: &str = "#1A1A1A";
/// The least vertical distance between two threshold labels: a line of 12-px text.
const THRESHOLD_LABEL_GAP: f64 = 14.0;

/// The colour of the threshold lines and their labels.
pub(super) const THRESHOLD_COLOUR: &str = "#B00020";
/// Height of a legend row, in user units.
pub(super) const LEGEND_ROW: f64 = 18.0;
/// Height of each panel's plot area, in user units.
const PLOT_HEIGHT: f64 = 160.0;
/// Share of a month's slot the bar takes.
const BAR_SHARE: f64 = 0.7;
/// The opacity of the months a month filter leaves out.
pub(super) const UNSELECTED_OPACITY: &str = "0.3";

/// An estimate of the width of `text` at font size 12: 7 units per Latin character, 12 per
/// wide (CJK) character.
pub(super) fn text_width(text: &str) -> f64 {
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

    pub(super) fn width(self) -> f64 {
        match self {
            Layout::Wide => 720.0,
            Layout::Narrow => 360.0,
        }
    }

    /// The plot's left edge: room for the value ticks.
    pub(super) fn left(self) -> f64 {
        match self {
            Layout::Wide => 64.0,
            Layout::Narrow => 46.0,
        }
    }

    pub(super) fn right(self) -> f64 {
        match self {
            Layout::Wide => 704.0,
            Layout::Narrow => 352.0,
        }
    }

    /// The room the month ticks take under a plot.
    pub(super) fn ticks_height(self) -> f64 {
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
pub(super) struct Scale {
    min: f64,
    max: f64,
    step: f64,
    pub(super) top: f64,
    pub(super) bottom: f64,
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

    pub(super) fn y(self, value: f64) -> f64 {
        let span = self.max - self.min;
        if span <= 0.0 {
            return self.bottom;
        }
        self.bottom - (value - self.min) / span * (self.bottom - self.top)
    }

    pub(super) fn ticks(self) -> Vec<f64> {
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
pub(super) fn nice_ceiling(value: f64) -> f64 {
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

pub(super) fn points_f64(points: KpiPoints) -> f64 {
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
pub(super) fn num(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded:.1}")
    }
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
