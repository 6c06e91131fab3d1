//! Views derived from published KPI reports, kept in memory (issue 6 item 9).
//!
//! A publication never changes, so neither does anything computed from it alone: a
//! dashboard's filtered and sorted rows, its chart in one language, the report's JSON. The
//! largest partners have ten thousand lines; recomputing those for every request was what
//! made a dashboard request slow under load. Each entry's key names everything the view
//! depends on (partner, publication, the day, the rule set in force, the query, the
//! language), so an entry is never stale, only unused.
//!
//! Each server keeps its own caches; as the views are functions of frozen data, servers
//! cannot disagree.

use lpc_app::memo::Memo;

use crate::content_coding::Encoded;
use crate::ui::kpi_dashboard::Dashboard;

/// The caches of one server, shared by its UI and API handlers (an `Extension`).
#[derive(Debug)]
pub struct ViewCaches {
    /// Dashboards by partner, publication, day, rule set and query; bytes (about 200 a row).
    pub dashboards: Memo<String, Dashboard>,
    /// The dashboard's SVG chart by partner, publication, day, rule set and language; bytes.
    pub charts: Memo<String, String>,
    /// A dashboard page's table rows in HTML by partner, publication, day, rule set, query,
    /// page and language; bytes.
    pub row_html: Memo<String, String>,
    /// The `kpi-report` API's JSON body (and its gzip) by partner, publication and day; bytes.
    pub report_json: Memo<String, Encoded>,
}

impl Default for ViewCaches {
    fn default() -> Self {
        ViewCaches {
            // About 200 bytes a row: 40 MiB at most.
            dashboards: Memo::new(40 << 20, |d| d.rows.len() * 200 + 512),
            charts: Memo::new(64 << 20, String::len),
            row_html: Memo::new(64 << 20, String::len),
            report_json: Memo::new(160 << 20, Encoded::weight),
        }
    }
}
