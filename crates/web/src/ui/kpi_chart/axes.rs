//! A panel's axes: grid lines and value ticks, the zero line and left edge, the month ticks.

use std::fmt::Write as _;

use lpc_domain::KpiPoints;

use super::svg::{Layout, Scale, escape_xml, num, text_width};
use super::{ChartText, MonthPoints};

/// The grid lines and value ticks of a panel.
pub(super) fn value_axis(svg: &mut String, scale: Scale, text: &ChartText, layout: Layout) {
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
pub(super) fn zero_and_edge(svg: &mut String, scale: Scale, layout: Layout) {
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
pub(super) fn month_ticks(
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
