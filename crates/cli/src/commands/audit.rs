//! `lpc audit verify`: exit 0 on an intact chain whose publications all derive their digests
//! from the ledger; 3 naming the first bad event or the first altered publication.

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
        Verdict::Intact {
            events,
            publications,
        } => {
            if !json {
                println!(
                    "audit log intact: {events} events verified; {publications} publications derive their digests from the ledger"
                );
            }
            Ok(())
        }
        Verdict::PublicationAltered {
            published_on,
            stored_digest,
            derived_digest,
            ..
        } => Err(Failure::refused(format!(
            "the publication of {published_on} no longer derives its digest from the ledger: stored {stored_digest}, derived {derived_digest}"
        ))),
        Verdict::Broken {
            first_bad_event,
            reason,
            ..
        } => Err(Failure::refused(format!(
            "audit log broken at event {first_bad_event}: {reason}"
        ))),
    }
}
