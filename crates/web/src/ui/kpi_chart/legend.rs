//! A panel's legend: a swatch per OMLP type, or the line series, wrapped in rows.

use std::fmt::Write as _;

use super::svg::{LEGEND_ROW, Layout, escape_xml, num, text_width};

/// An item of a panel's legend.
pub(super) enum LegendEntry<'a> {
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
pub(super) fn legend(
    svg: &mut String,
    entries: &[LegendEntry<'_>],
    top: f64,
    layout: Layout,
) -> usize {
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
