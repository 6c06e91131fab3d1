//! `lpc directory request|cycle|list|decide|competitors`: the public directory's listing
//! requests and monthly cycle (R24-R26).
//!
//! The landing page checker runs in production configuration (https only, public addresses
//! only) unless `LPC_DIRECTORY_CHECKS=test` (tests serving pages on loopback over http);
//! automatic approval of requests whose checks all pass is on unless
//! `LPC_DIRECTORY_AUTO_APPROVE=off`.

use lpc_app::directory::{self, Decision, DirectorySettings, RequestInput, RequestView};
use lpc_app::partners::parse_mpn_id;
use lpc_app::{Actor, App};

use crate::args::{CompetitorsCommand, DirectoryCommand};
use crate::failure::Failure;
use crate::output;

/// The directory settings named by the environment.
pub fn settings() -> Result<DirectorySettings, Failure> {
    let checks = std::env::var("LPC_DIRECTORY_CHECKS").ok();
    let auto = std::env::var("LPC_DIRECTORY_AUTO_APPROVE").ok();
    DirectorySettings::from_values(checks.as_deref(), auto.as_deref())
        .map_err(|e| Failure::usage(e.to_string()))
}

pub async fn run(app: &App, command: DirectoryCommand) -> Result<(), Failure> {
    let actor = Actor::local();
    match command {
        DirectoryCommand::Request {
            mpn,
            name,
            country,
            url,
            json,
        } => {
            let input = RequestInput {
                partner: parse_mpn_id(&mpn)?,
                display_name: name,
                country,
                landing_url: url,
            };
            let view = directory::request(app, &actor, &input).await?;
            if json {
                return output::json(&view);
            }
            output::text(&describe(&view))
        }
        DirectoryCommand::Cycle { json } => {
            let run = directory::cycle(app, &actor).await?;
            if json {
                return output::json(&run);
            }
            let w = run.processing_window;
            if !run.in_processing_window {
                return output::text(&format!(
                    "{}: outside the processing week; the next cycle runs {} to {} (R26)\n",
                    run.today, w.from, w.to
                ));
            }
            let mut text = format!(
                "directory cycle of {} ({} to {}):\n",
                run.today, w.from, w.to
            );
            for r in &run.approved {
                let on = r.visible_from.map(|d| d.to_string()).unwrap_or_default();
                text.push_str(&format!(
                    "  request {} of {}: approved, visible from {on}\n",
                    r.request_id, r.partner_id
                ));
            }
            for r in &run.rejected {
                text.push_str(&format!(
                    "  request {} of {}: rejected: {}\n",
                    r.request_id, r.partner_id, r.reason
                ));
            }
            for r in &run.awaiting_decision {
                text.push_str(&format!(
                    "  request {} of {}: awaits an operator: {}\n",
                    r.request_id, r.partner_id, r.reason
                ));
            }
            for l in &run.flagged {
                text.push_str(&format!(
                    "  listing of {}: flagged: {}\n",
                    l.partner_id, l.reason
                ));
            }
            for l in &run.cleared {
                text.push_str(&format!("  listing of {}: {}\n", l.partner_id, l.reason));
            }
            for l in &run.removed {
                text.push_str(&format!(
                    "  listing of {}: removed: {}\n",
                    l.partner_id, l.reason
                ));
            }
            text.push_str(&format!(
                "{} landing pages checked, {} mails queued\n",
                run.checked, run.mails_queued
            ));
            output::text(&text)
        }
        DirectoryCommand::List { json } => {
            let all = directory::overview(app, &actor).await?;
            if json {
                return output::json(&all);
            }
            let mut text = String::from("requests:\n");
            for r in &all.requests {
                text.push_str(&format!("  {}", describe(r)));
            }
            text.push_str("listings:\n");
            for l in &all.listings {
                let state = match (l.visible, l.listed_until, l.flagged_on) {
                    (_, Some(until), _) => format!("removed from {until}"),
                    (true, None, Some(on)) => format!("visible, flagged on {on}"),
                    (true, None, None) => "visible".to_owned(),
                    (false, None, _) => format!("visible from {}", l.visible_from),
                };
                text.push_str(&format!(
                    "  {} {:?} {} {}: {state}\n",
                    l.partner_id, l.display_name, l.country, l.landing_url
                ));
            }
            output::text(&text)
        }
        DirectoryCommand::Decide {
            id,
            approve,
            reject: _,
            reason,
            json,
        } => {
            let decision = if approve {
                Decision::Approve
            } else {
                Decision::Reject
            };
            let view = directory::decide(app, &actor, id, decision, &reason).await?;
            if json {
                return output::json(&view);
            }
            output::text(&describe(&view))
        }
        DirectoryCommand::Token { mpn } => {
            let token = directory::verification_token(app, &actor, parse_mpn_id(&mpn)?).await?;
            output::text(&format!("{token}\n"))
        }
        DirectoryCommand::Competitors(CompetitorsCommand::Add { name }) => {
            let added = directory::add_competitor(app, &actor, &name).await?;
            output::text(if added {
                "competitor added\n"
            } else {
                "already listed\n"
            })
        }
        DirectoryCommand::Competitors(CompetitorsCommand::Remove { name }) => {
            let removed = directory::remove_competitor(app, &actor, &name).await?;
            output::text(if removed {
                "competitor removed\n"
            } else {
                "not listed\n"
            })
        }
        DirectoryCommand::Competitors(CompetitorsCommand::List { json }) => {
            let names = directory::competitors(app, &actor).await?;
            if json {
                return output::json(&names);
            }
            output::text(&names.iter().map(|n| format!("{n}\n")).collect::<String>())
        }
    }
}

fn describe(r: &RequestView) -> String {
    let mut text = format!(
        "request {} of {} ({:?}, {}, {}): {}; processed {} to {}, visible by {} (R26)\n",
        r.request_id,
        r.partner_id,
        r.display_name,
        r.country,
        r.landing_url,
        r.status,
        r.processing_window.from,
        r.processing_window.to,
        r.visible_by
    );
    if let Some(checks) = &r.checks {
        for c in &checks.checks {
            let mark = if c.passed { "ok" } else { "FAILED" };
            text.push_str(&format!("    {} {mark}: {}\n", c.id, c.detail));
        }
    }
    if let Some(reason) = &r.reason {
        text.push_str(&format!("    reason: {reason}\n"));
    }
    text
}
