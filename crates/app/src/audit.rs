//! Verifying the audit chain, and every publication against the ledger.
//!
//! A publication stores only its cut-off, totals and digest; its rows are derived from the
//! ledger. Deriving them again and comparing the digest proves that no committed line under
//! a publication's cut-off has changed since (the ledger is append-only), nor any stored
//! total.

use lpc_store::audit::{ChainBreak, Verifier};

use crate::{App, AppError};

/// Events read per page: bounded memory whatever the length of the log.
const PAGE: u32 = 5_000;

/// What a verification found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Verdict {
    Intact {
        events: i64,
        /// Publications whose rows, derived again from the ledger, hash to their digest.
        publications: u64,
    },
    Broken {
        events_checked: i64,
        first_bad_event: i64,
        reason: String,
    },
    /// The chain is intact, but a publication no longer derives its stored digest.
    PublicationAltered {
        events: i64,
        published_on: jiff::civil::Date,
        stored_digest: String,
        derived_digest: String,
    },
}

/// Walks the whole chain and reports the first event that does not check out.
pub async fn verify(app: &App) -> Result<Verdict, AppError> {
    let mut verifier = Verifier::default();
    let mut after = 0;
    loop {
        let page = app.store().audit_page(after, PAGE).await?;
        let Some(last) = page.last() else {
            return publications(app, verifier.checked()).await;
        };
        after = last.seq;
        for event in &page {
            if let Err(ChainBreak { seq, reason }) = verifier.check(event) {
                return Ok(Verdict::Broken {
                    events_checked: verifier.checked(),
                    first_bad_event: seq,
                    reason,
                });
            }
        }
    }
}

/// Derives every publication again, oldest first, and compares its digest.
async fn publications(app: &App, events: i64) -> Result<Verdict, AppError> {
    let mut checked = 0;
    let mut next = app.store().first_publication().await?;
    while let Some(publication) = next {
        let on = publication.published_on;
        let derived = app
            .store()
            .rederive_publication(on)
            .await?
            .ok_or_else(|| AppError::Internal(format!("publication {on} vanished")))?;
        if derived.digest != publication.digest {
            return Ok(Verdict::PublicationAltered {
                events,
                published_on: on,
                stored_digest: publication.digest,
                derived_digest: derived.digest,
            });
        }
        checked += 1;
        next = app.store().publication_after(on).await?;
    }
    Ok(Verdict::Intact {
        events,
        publications: checked,
    })
}
