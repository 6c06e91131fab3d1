//! `lpc eligibility MPN` and `lpc entitlement MPN --product SKU`.

use lpc_app::partners::parse_mpn_id;
use lpc_app::{Actor, App, eligibility, entitlements};
use lpc_domain::eligibility::{Eligibility, OptionEligibility};

use crate::failure::Failure;
use crate::output;

pub async fn eligibility(app: &App, mpn: &str, json: bool) -> Result<(), Failure> {
    let partner = parse_mpn_id(mpn)?;
    let answer = eligibility::of_partner(app, &Actor::local(), partner).await?;
    if json {
        return output::json(&answer);
    }
    output::text(&render_text(&answer))
}

/// `lpc eligibility --all`: every partner, one line each, written as judged. A reader that
/// stops reading (`| head`) ends the run quietly.
pub async fn all(app: &App, json: bool) -> Result<(), Failure> {
    use std::io::Write as _;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut closed = false;
    let result = eligibility::all(app, &Actor::local(), |answer| {
        let written = if json {
            serde_json::to_writer(&mut out, answer)
                .map_err(std::io::Error::from)
                .and_then(|()| out.write_all(b"\n"))
        } else {
            writeln!(out, "{}", summary_line(answer))
        };
        written.map_err(|e| {
            closed = e.kind() == std::io::ErrorKind::BrokenPipe;
            lpc_app::AppError::Internal(format!("writing the answer: {e}"))
        })
    })
    .await;
    if closed {
        return Ok(());
    }
    result?;
    match out.flush() {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(Failure::other(format!("writing the answer: {e}")))
        }
        _ => Ok(()),
    }
}

/// One partner on one line: what it may enroll in and what is recommended (R10).
fn summary_line(answer: &Eligibility) -> String {
    let eligible: Vec<String> = answer
        .options
        .iter()
        .filter(|o| o.eligible)
        .map(option_name)
        .collect();
    let recommended = answer.recommended.as_ref().map_or("none".to_owned(), |r| {
        format!(
            "{}{}",
            r.option,
            r.competency
                .as_deref()
                .map(|c| format!(" {c}"))
                .unwrap_or_default()
        )
    });
    format!(
        "{}: eligible for {}; recommended (R10): {recommended}",
        answer.partner_id,
        if eligible.is_empty() {
            "nothing yet".to_owned()
        } else {
            eligible.join(", ")
        }
    )
}

fn option_name(option: &OptionEligibility) -> String {
    match &option.competency {
        Some(c) => format!("{} {c}", option.option),
        None => option.option.to_string(),
    }
}

/// The partner admin's view: what it may enroll in, what is recommended, and for every other
/// option only what is missing (`--json` has every requirement).
fn render_text(answer: &Eligibility) -> String {
    let mut out = format!(
        "Partner {} under rule set {} (in force from {})\n",
        answer.partner_id, answer.rule_set.name, answer.rule_set.effective_from
    );
    let names = |eligible: bool| -> Vec<String> {
        answer
            .options
            .iter()
            .filter(|o| o.eligible == eligible)
            .map(option_name)
            .collect()
    };
    let eligible = names(true);
    let listed = if eligible.is_empty() {
        "nothing yet".to_owned()
    } else {
        eligible.join(", ")
    };
    out.push_str(&format!("Eligible: {listed}\n"));
    match &answer.recommended {
        Some(rec) => out.push_str(&format!(
            "Recommended (R10): {}{}\n",
            rec.option,
            rec.competency
                .as_deref()
                .map(|c| format!(" {c}"))
                .unwrap_or_default()
        )),
        None => out.push_str("Recommended (R10): none\n"),
    }
    for option in answer.options.iter().filter(|o| !o.eligible) {
        out.push_str(&format!("\nNot eligible for {}:\n", option_name(option)));
        for r in option.requirements.iter().filter(|r| !r.met) {
            out.push_str(&format!("  - {} ({}, {})\n", r.message, r.id, r.rule));
        }
    }
    out
}

pub async fn entitlement(app: &App, mpn: &str, product: &str, json: bool) -> Result<(), Failure> {
    let partner = parse_mpn_id(mpn)?;
    let answer = entitlements::for_product(app, &Actor::local(), partner, product).await?;
    if json {
        return output::json(&answer);
    }
    let e = &answer.entitlement;
    let verdict = if e.allowed { "may" } else { "may not" };
    output::text(&format!(
        "Partner {} {verdict} buy {} for external delivery; price tier {} ({}: {})\n",
        answer.partner_id,
        answer.product,
        serde_json::to_value(e.price_tier)
            .map(|v| v.to_string())
            .unwrap_or_default(),
        e.rule,
        e.reason
    ))
}
