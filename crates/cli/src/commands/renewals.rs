//! `lpc renewals run`: anniversaries up to today, renewed, waived (R23), pending or lapsed.

use lpc_app::renewals::{self, Outcome};
use lpc_app::{Actor, App};

use crate::failure::Failure;
use crate::output;

pub async fn run(app: &App, json: bool) -> Result<(), Failure> {
    let done = renewals::run(app, &Actor::local()).await?;
    if json {
        return output::json(&done);
    }
    let mut text = String::new();
    for e in &done.evaluated {
        let what = match &e.competency {
            Some(c) => format!("{} {c}", e.option.as_str()),
            None => e.option.as_str().to_owned(),
        };
        let outcome = match e.outcome {
            Outcome::Renewed => "renewed",
            Outcome::Waived => "waived (R23)",
            Outcome::Pending => "pending",
            Outcome::Lapsed => "lapsed",
        };
        text.push_str(&format!(
            "{} {what}, anniversary {}: {outcome}",
            e.partner_id, e.anniversary_date
        ));
        if let Some(next) = e.new_anniversary_date {
            text.push_str(&format!(", next anniversary {next}"));
        }
        text.push('\n');
        for reason in &e.reasons {
            text.push_str(&format!("  - {reason}\n"));
        }
    }
    text.push_str(&format!(
        "{} memberships evaluated on {}, {} mails queued\n",
        done.evaluated.len(),
        done.today,
        done.mails_queued
    ));
    output::text(&text)
}
