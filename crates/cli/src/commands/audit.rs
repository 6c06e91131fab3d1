//! `lpc audit verify`: exit 0 on an intact chain, 3 naming the first bad event.

use lpc_app::App;
use lpc_app::audit::{self, Verdict};

use crate::failure::Failure;
use crate::output;

pub async fn verify(app: &App, json: bool) -> Result<(), Failure> {
    let verdict = audit::verify(app).await?;
    if json {
        output::json(&verdict)?;
    }
    match verdict {
        Verdict::Intact { events } => {
            if !json {
                println!("audit log intact: {events} events verified");
            }
            Ok(())
        }
        Verdict::Broken {
            first_bad_event,
            reason,
            ..
        } => Err(Failure::refused(format!(
            "audit log broken at event {first_bad_event}: {reason}"
        ))),
    }
}
