//! `lpc partner add`.

use lpc_app::partners::{self, PartnerForm};
use lpc_app::{Actor, App};

use crate::failure::Failure;
use crate::output;

pub async fn add(
    app: &App,
    id: String,
    name: String,
    country: String,
    json: bool,
) -> Result<(), Failure> {
    let partner = PartnerForm {
        mpn_id: id,
        name,
        country,
    }
    .parse()?;
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
