//! `lpc forecast MPN`: each membership's renewal forecast (R14, R17, R19, R23), in the shape
//! `docs/forecast.md` documents.

use lpc_app::partners::parse_mpn_id;
use lpc_app::renewal_forecast::{self, Forecast};
use lpc_app::renewals::Outcome;
use lpc_app::{Actor, App};
use lpc_domain::calendar::MonthSpan;
use lpc_domain::eligibility::Measure;

use crate::failure::Failure;
use crate::output;

pub async fn show(app: &App, mpn: &str, json: bool) -> Result<(), Failure> {
    let partner = parse_mpn_id(mpn)?;
    let answer = renewal_forecast::of_partner(app, &Actor::local(), partner).await?;
    if json {
        return output::json(&answer);
    }
    let mut text = String::new();
    if answer.memberships.is_empty() {
        text.push_str(&format!(
            "{partner} holds no active membership on {}: nothing to renew\n",
            answer.today
        ));
    }
    for forecast in &answer.memberships {
        text.push_str(&render(forecast));
    }
    output::text(&text)
}

fn months(span: Option<MonthSpan>) -> String {
    span.map_or_else(|| "none".to_owned(), |s| format!("{} to {}", s.from, s.to))
}

fn render(f: &Forecast) -> String {
    let what = match &f.competency {
        Some(c) => format!("{} {c}", f.option.as_str()),
        None => f.option.as_str().to_owned(),
    };
    let outcome = match (f.outcome, f.decided) {
        (Outcome::Renewed, false) => "renews if nothing changes",
        (Outcome::Waived, false) => "renews under the R23 waiver",
        (Outcome::Pending, false) => "pending",
        (Outcome::Lapsed, false) => "lapses unless its requirements are met",
        (Outcome::Renewed, true) => "renewed today by the renewal run",
        (Outcome::Waived, true) => "waived today by the renewal run (R23)",
        (Outcome::Pending, true) => "pending",
        (Outcome::Lapsed, true) => "lapses today",
    };
    let mut text = format!(
        "{what}: anniversary {} (in {} days): {outcome}\n",
        f.anniversary_date, f.days_to_anniversary
    );
    text.push_str(&format!(
        "  R19 window {} to {}: {} points{}; last invoice day that counts {}; decided by the report of {}{}\n",
        f.window.from,
        f.window.to,
        f.points_in_window,
        if f.deciding_report_published { "" } else { " so far" },
        f.last_invoice_date,
        f.deciding_report_on,
        if f.deciding_report_published { " (published)" } else { "" },
    ));
    text.push_str(&format!(
        "  published months {}; not published yet {}\n",
        months(f.published_months),
        months(f.not_yet_published_months)
    ));
    if let Some(leaving) = f.leaving_months {
        text.push_str(&format!(
            "  today's dashboard shows {} points; {} of them ({} to {}) leave the window before the anniversary\n",
            f.points_shown_today, f.points_leaving, leaving.from, leaving.to
        ));
    }
    text.push_str(&format!(
        "  rule set {} (from {}){}\n",
        f.rule_set.name,
        f.rule_set.effective_from,
        f.waiver
            .as_deref()
            .map(|w| format!(", waiver {w} (R23)"))
            .unwrap_or_default()
    ));
    for r in &f.requirements {
        let gap = match r.gap {
            Some(Measure::Count(n)) => format!(" (missing {n})"),
            Some(Measure::Points(p)) => format!(" (missing {p} points)"),
            Some(Measure::Flag(_)) => " (to do)".to_owned(),
            None => String::new(),
        };
        text.push_str(&format!(
            "  [{}] {}{gap}\n",
            if r.requirement.met { "met" } else { "unmet" },
            r.requirement.message
        ));
    }
    for reason in &f.reasons {
        text.push_str(&format!("  - {reason}\n"));
    }
    text
}
