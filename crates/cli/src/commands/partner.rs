//! `lpc partner add`, and the claims of organizations (R31): `claims`, `verify`, `reject`,
//! `invite`.

use lpc_app::partners::{self, PartnerForm, parse_mpn_id};
use lpc_app::{Actor, App, AppError, claims};
use lpc_domain::Email;

use crate::failure::Failure;
use crate::output;

pub async fn add(app: &App, form: PartnerForm, json: bool) -> Result<(), Failure> {
    let partner = form.parse()?;
    let stored = partners::add(app, &Actor::local(), partner).await?;
    if json {
        output::json(&stored)
    } else {
        println!(
            "registered partner {} {} ({})",
            stored.mpn_id, stored.name, stored.country
        );
        Ok(())
    }
}

pub async fn claims(app: &App, json: bool) -> Result<(), Failure> {
    let pending = claims::pending(app, &Actor::local()).await?;
    if json {
        return output::json(&pending);
    }
    if pending.is_empty() {
        return output::text("No claim waits for a decision\n");
    }
    let mut text = String::new();
    for claim in &pending {
        let p = &claim.partner;
        let who: Vec<String> = claim
            .claimants
            .iter()
            .map(|c| {
                let state = if c.email_confirmed {
                    "confirmed"
                } else {
                    "not confirmed"
                };
                format!("{} ({state})", c.email)
            })
            .collect();
        let invoices = match &claim.invoice_months {
            Some((from, to)) => format!("{} invoice lines, {from} to {to}", claim.invoice_lines),
            None => "no invoice lines".to_owned(),
        };
        text.push_str(&format!(
            "{} {} ({}), claimed {} by {}; {invoices}\n",
            p.mpn_id,
            p.name,
            p.country,
            p.registered_at.strftime("%Y-%m-%d"),
            who.join(", ")
        ));
    }
    output::text(&text)
}

pub async fn verify(app: &App, mpn: &str) -> Result<(), Failure> {
    let mpn = parse_mpn_id(mpn)?;
    let told = claims::approve(app, &Actor::local(), mpn).await?;
    output::text(&format!(
        "partner {mpn} is verified (R31); told: {}\n",
        list(&told)
    ))
}

pub async fn reject(app: &App, mpn: &str, reason: &str) -> Result<(), Failure> {
    let mpn = parse_mpn_id(mpn)?;
    let told = claims::reject(app, &Actor::local(), mpn, reason).await?;
    output::text(&format!(
        "the claim of {mpn} is rejected (R31); its roles are removed; told: {}\n",
        list(&told)
    ))
}

pub async fn invite(
    app: &App,
    mpn: &str,
    email: Option<&str>,
    public_url: &str,
) -> Result<(), Failure> {
    let mpn = parse_mpn_id(mpn)?;
    let contact = email
        .map(|e| Email::parse(e).map_err(|e| AppError::invalid("email", e)))
        .transpose()?;
    let partner = partners::get(app, &Actor::local(), mpn).await?;
    let base = public_url.trim_end_matches('/').to_owned();
    let name = partner.name.to_string();
    let compose = move |token: &str| {
        let subject = format!("Your invitation to the Learning Partner program: {name}");
        let body = format!(
            "The Learning Partner program invites you, as the contact on file of {name} \
             (MPN ID {mpn}), to manage the organization in the Learning Partner Center as its \
             MPN partner admin.\n\nSet your password here (the link works once, for 7 \
             days):\n{base}/password/reset/{token}\n"
        );
        (subject, body)
    };
    let user = claims::invite_contact(app, &Actor::local(), mpn, contact, &compose).await?;
    output::text(&format!(
        "invited {} to {mpn} as its MPN partner admin (R31)\n",
        user.email
    ))
}

fn list(emails: &[Email]) -> String {
    if emails.is_empty() {
        return "nobody".to_owned();
    }
    emails
        .iter()
        .map(Email::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
