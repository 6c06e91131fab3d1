//! `lpc publish` and `lpc kpi report MPN [--json|--csv]`.

use lpc_app::partners::parse_mpn_id;
use lpc_app::publications::{self, KpiReport};
use lpc_app::{Actor, App};

use crate::failure::Failure;
use crate::output;

pub async fn publish(app: &App, json: bool) -> Result<(), Failure> {
    let done = publications::publish(app, &Actor::local()).await?;
    if json {
        return output::json(&done);
    }
    let state = if done.already_published {
        "already published"
    } else {
        "published"
    };
    output::text(&format!(
        "report of {} {state}: period {} to {}, {} partners, {} lines, digest {}\n",
        done.published_on, done.period.from, done.period.to, done.partners, done.lines, done.digest
    ))
}

pub async fn report(app: &App, mpn: &str, json: bool, csv: bool) -> Result<(), Failure> {
    let partner = parse_mpn_id(mpn)?;
    let report = publications::kpi_report(app, &Actor::local(), partner).await?;
    if json {
        return output::json(&report);
    }
    if csv {
        return output::text(&publications::report_csv(&report)?);
    }
    output::text(&to_text(&report))
}

fn to_text(report: &KpiReport) -> String {
    let Some(published_on) = report.published_on else {
        return format!(
            "Partner {}: no KPI report published yet; the first is published on {} (R17)\n",
            report.partner_id, report.next_publication_on
        );
    };
    let mut out = String::new();
    if let Some(period) = report.period {
        out.push_str(&format!(
            "Partner {}: KPI report published on {published_on}, covering {} to {}; next update on {}\n",
            report.partner_id, period.from, period.to, report.next_publication_on
        ));
    }
    out.push_str(&format!(
        "{:<5} {:<4} {:<15} {:>6} {:<14} {:>9} {:>12} {}\n",
        "Month", "Year", "OMLP type", "Units", "Invoice #", "KPI", "Revenue", ""
    ));
    for r in report.rows.iter() {
        out.push_str(&format!(
            "{:<5} {:<4} {:<15} {:>6} {:<14} {:>9} {:>12} {}{}\n",
            r.month,
            r.year,
            r.omlp_type,
            r.purchase_units,
            r.invoice_number,
            r.kpi_value.to_string(),
            r.revenue.to_decimal(),
            r.revenue.currency.code(),
            if r.late { " (late)" } else { "" }
        ));
        if let Some(case) = r.adjustment_case_id {
            out.push_str(&format!(
                "      ^ KPI adjustment of support case {case} (R22)\n"
            ));
        }
    }
    out.push_str(&format!(
        "Total KPI points: {}\n",
        report.totals.kpi_value.grouped()
    ));
    out
}
