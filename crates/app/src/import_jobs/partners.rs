//! A partner file (R31) imported from the console: read whole (within
//! [`super::PEOPLE_FILE_LIMIT`]), registered through `lpc partners import`'s use case, its refused
//! rows and the contacts it did not invite kept for the job's page; then the invitations of
//! the contacts it marked are queued at once (the console knows the address users reach the
//! server at), rather than at the mail loop's next turn.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use crate::partners_import::{self, ComposeInvitation};
use crate::{Actor, App};

use super::{
    Ending, ImportKind, ImportSummary, Job, JobState, RefusedRow, ending_of_error, keep_refused,
    read_whole,
};

pub(super) async fn import(
    app: &App,
    actor: &Actor,
    job: &Arc<Job>,
    file: std::fs::File,
    invitation_text: Option<ComposeInvitation>,
) -> Ending {
    let bytes = match read_whole(job, file).await {
        Ok(bytes) => bytes,
        Err(ending) => return ending,
    };
    let mut rejected: Vec<RefusedRow> = Vec::new();
    let progress = Arc::clone(job);
    let outcome = partners_import::import(
        app,
        actor,
        &job.file_name,
        bytes,
        job.skip_invalid,
        |r| keep_refused(&mut rejected, r),
        move |p| progress.rows_read.store(p.rows, Ordering::Relaxed),
    )
    .await;
    if let Some(text) = invitation_text.filter(|_| outcome.as_ref().is_ok_and(|d| d.invited > 0)) {
        invite(app, actor, job, &text).await;
    }
    match outcome {
        Ok(done) => Ending {
            state: Some(JobState::Done),
            summary: Some(ImportSummary {
                rows: done.rows,
                lines: done.partners,
                unchanged: done.unchanged,
                partners: done.partners,
                refused: done.refused,
                seconds: done.seconds,
                invited: done.invited,
                without_contact: done.without_contact,
                not_invited: done.not_invited.len() as u64,
                ..ImportSummary::default()
            }),
            refused: rejected,
            refused_count: done.refused,
            problem: None,
            not_invited: done.not_invited,
        },
        Err(e) => ending_of_error(ImportKind::Partners, job, e),
    }
}

/// Batches of invitations queued by the console after an upload.
const INVITATIONS_PER_BATCH: u32 = 5_000;

/// Queues the pending invitations; a failure is logged and left to the servers' mail loop,
/// which queues whatever is still pending.
async fn invite(app: &App, actor: &Actor, job: &Job, text: &ComposeInvitation) {
    loop {
        match partners_import::invite_pending(app, actor, text, INVITATIONS_PER_BATCH).await {
            Ok(0) => return,
            Ok(_) => {}
            Err(e) => {
                tracing::error!(job = %job.id, "invitations not queued (the mail loop will): {e}");
                return;
            }
        }
    }
}
