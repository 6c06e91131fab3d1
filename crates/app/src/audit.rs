//! Verifying the audit chain.

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
    },
    Broken {
        events_checked: i64,
        first_bad_event: i64,
        reason: String,
    },
}

/// Walks the whole chain and reports the first event that does not check out.
pub async fn verify(app: &App) -> Result<Verdict, AppError> {
    let mut verifier = Verifier::default();
    let mut after = 0;
    loop {
        let page = app.store().audit_page(after, PAGE).await?;
        let Some(last) = page.last() else {
            return Ok(Verdict::Intact {
                events: verifier.checked(),
            });
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
