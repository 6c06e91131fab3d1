//! `lpc enroll MPN --option ...` (DESIGN.md) and `lpc memberships MPN`.
//!
//! Without `--as` the CLI enrolls on the partner's behalf (assisted enrollment, recorded as
//! `cli:<user>`); with `--as EMAIL` it acts as that user, whose roles are checked (R1).

use lpc_app::enrollment::{self, Enrollment, EnrollmentStatus};
use lpc_app::partners::parse_mpn_id;
use lpc_app::{Actor, App, AppError, users};
use lpc_domain::Email;
use lpc_store::PaymentMethod;

use crate::args::{EnrollArgs, PayMethod};
use crate::failure::Failure;
use crate::output;

/// The actor of a command that takes `--as EMAIL`: that user, or the local actor.
pub async fn actor(app: &App, acting: Option<&str>) -> Result<Actor, Failure> {
    let local = Actor::local();
    match acting {
        None => Ok(local),
        Some(acting) => {
            let email = Email::parse(acting).map_err(|e| AppError::invalid("as", e))?;
            Ok(users::acting_as(app, &local, &email).await?)
        }
    }
}

pub async fn run(app: &App, args: EnrollArgs) -> Result<(), Failure> {
    let partner = parse_mpn_id(&args.mpn)?;
    let actor = actor(app, args.acting.as_deref()).await?;
    let method = match args.pay {
        PayMethod::Card => PaymentMethod::Card,
        PayMethod::BankTransfer => PaymentMethod::BankTransfer,
    };
    let answer = enrollment::enroll(
        app,
        &actor,
        partner,
        args.option,
        args.competency.as_deref(),
        args.accept_commitment,
        method,
    )
    .await?;
    if args.json {
        output::json(&answer)?;
    } else {
        output::text(&render(&answer))?;
    }
    if answer.status == EnrollmentStatus::Refused {
        // Exit 3 with the reasons on stderr, the document (if asked) already on stdout.
        return Err(Failure::refused(answer.refusal_message()));
    }
    Ok(())
}

fn render(answer: &Enrollment) -> String {
    let what = match &answer.competency {
        Some(c) => format!("{} in {c}", answer.option.label()),
        None => answer.option.label().to_owned(),
    };
    let mut out = String::new();
    match answer.status {
        EnrollmentStatus::Refused => {
            out.push_str(&format!(
                "Partner {} is refused the {what}:\n",
                answer.partner_id
            ));
            for reason in &answer.reasons {
                out.push_str(&format!("  - {reason}\n"));
            }
            return out;
        }
        EnrollmentStatus::Active => out.push_str(&format!(
            "Partner {} is enrolled in the {what}{}; anniversary {}\n",
            answer.partner_id,
            if answer.upgrade {
                " (upgrade from silver, R11)"
            } else {
                ""
            },
            answer
                .anniversary_date
                .map(|d| d.to_string())
                .unwrap_or_default()
        )),
        EnrollmentStatus::PendingPayment => out.push_str(&format!(
            "Partner {}: order {} for the {what} awaits payment by bank transfer; it expires on {} (R29)\n",
            answer.partner_id,
            answer.order_id.unwrap_or_default(),
            answer.expires_on.map(|d| d.to_string()).unwrap_or_default()
        )),
    }
    if let (Some(fee), Some(discount), Some(due)) = (answer.fee, answer.discount, answer.amount_due)
    {
        out.push_str(&format!(
            "Order {}: fee {fee}, discount {discount}, amount due {due}\n",
            answer.order_id.unwrap_or_default()
        ));
    }
    if let Some(next) = &answer.next_step {
        out.push_str(&format!("Next: {next}\n"));
    }
    out
}

pub async fn memberships(app: &App, mpn: &str, json: bool) -> Result<(), Failure> {
    let partner = parse_mpn_id(mpn)?;
    let list = enrollment::memberships_of(app, &Actor::local(), partner).await?;
    if json {
        return output::json(&serde_json::json!({ "partner_id": partner, "memberships": list }));
    }
    if list.is_empty() {
        return output::text(&format!("Partner {partner} holds no membership\n"));
    }
    let mut out = String::new();
    for m in &list {
        out.push_str(&format!(
            "{:>6}  {:<11} {:<28} {}  started {}  anniversary {}{}\n",
            m.id,
            m.option.as_str(),
            m.competency.as_deref().unwrap_or("-"),
            m.status,
            m.started_on,
            m.anniversary_date,
            m.marketplace_access_on
                .map(|d| format!("  marketplace access since {d}"))
                .unwrap_or_default()
        ));
    }
    output::text(&out)
}
