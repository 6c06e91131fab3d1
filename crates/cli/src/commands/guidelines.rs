//! `lpc guidelines accept MPN --as EMAIL`: a partner admin accepts the Performance
//! Guidelines in force (R8); `--as` names the admin, whose roles are checked (R1).

use lpc_app::partners::parse_mpn_id;
use lpc_app::{Actor, App, AppError, guidelines, users};
use lpc_domain::Email;

use crate::failure::Failure;
use crate::output;

pub async fn accept(app: &App, mpn: &str, acting: &str, json: bool) -> Result<(), Failure> {
    let partner = parse_mpn_id(mpn)?;
    let email = Email::parse(acting).map_err(|e| AppError::invalid("as", e))?;
    let actor = users::acting_as(app, &Actor::local(), &email).await?;
    let acceptance = guidelines::accept(app, &actor, partner).await?;
    if json {
        return output::json(&acceptance);
    }
    output::text(&format!(
        "partner {} accepted the Learning Program Performance Guidelines version {} ({} on {})\n",
        acceptance.partner_id, acceptance.version, acceptance.accepted_by, acceptance.accepted_at
    ))
}
