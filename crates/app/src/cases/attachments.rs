//! The files a partner gives a case (R13: a discrepancy's invoice), checked as proofs of
//! payment are (R29), and read back by whoever may see the case.

use lpc_store::{AuditDraft, CaseKind};
use serde_json::json;

use super::{authorize_as_partner, get};
use crate::{Actor, App, AppError};

/// A file a partner gives a case: its name as sent and its content.
#[derive(Debug, Clone)]
pub struct GivenFile {
    pub name: String,
    pub content: Vec<u8>,
}

/// The largest attachment: as a proof of payment (R29), 5 MiB.
pub const MAX_ATTACHMENT_BYTES: usize = crate::payments::MAX_PROOF_BYTES;

/// Checks a file given with a case as proofs of payment are checked (R29): at most 5 MiB, not
/// empty, a PDF, PNG or JPEG by its content whatever its name says.
pub(super) fn attachment_of(
    actor: &Actor,
    file: GivenFile,
) -> Result<lpc_store::NewCaseAttachment, AppError> {
    if file.content.len() > MAX_ATTACHMENT_BYTES {
        return Err(AppError::invalid(
            "attachment",
            format!(
                "the file is {} bytes; at most {MAX_ATTACHMENT_BYTES} bytes (5 MiB) are accepted",
                file.content.len()
            ),
        ));
    }
    if file.content.is_empty() {
        return Err(AppError::invalid("attachment", "the file is empty"));
    }
    let Some(content_type) = crate::payments::sniff_proof(&file.content) else {
        return Err(AppError::invalid(
            "attachment",
            "the invoice must be a PDF, PNG or JPEG file; its content is none of these, \
             whatever its name says",
        ));
    };
    Ok(lpc_store::NewCaseAttachment {
        file_name: crate::payments::clean_file_name(&file.name),
        content_type: content_type.to_owned(),
        content: file.content,
        uploaded_by: actor.audit_name(),
    })
}

/// Adds a file to an open case (R13: the invoice the agent asked for): a user of the case's
/// partner or the command line. Decided cases take no more files.
pub async fn attach(
    app: &App,
    actor: &Actor,
    id: i64,
    file: GivenFile,
) -> Result<lpc_store::CaseAttachment, AppError> {
    let case = get(app, actor, id).await?;
    authorize_as_partner(actor, case.partner_id)?;
    if case.kind != CaseKind::KpiDiscrepancy {
        return Err(AppError::invalid(
            "attachment",
            format!("a {} case takes no file", case.kind),
        ));
    }
    if case.state.is_final() {
        return Err(AppError::Conflict(format!(
            "case {id} is already {}: it takes no more files; open a new case",
            case.state
        )));
    }
    let attachment = attachment_of(actor, file)?;
    let audit = AuditDraft::new(
        actor.audit_name(),
        "case.attach",
        format!("case:{id}"),
        app.clock().now(),
        json!({
            "partner_id": case.partner_id,
            "file_name": attachment.file_name,
            "content_type": attachment.content_type,
            "size_bytes": attachment.content.len(),
        }),
    );
    Ok(app
        .store()
        .add_case_attachment(id, &attachment, &audit)
        .await?)
}

/// One attachment of case `case_id` with its content, for whoever may see the case (its
/// partner's users, support, operators). Another case's attachment is "not found".
pub async fn attachment_content(
    app: &App,
    actor: &Actor,
    case_id: i64,
    attachment_id: i64,
) -> Result<(lpc_store::CaseAttachment, Vec<u8>), AppError> {
    get(app, actor, case_id).await?;
    app.store()
        .case_attachment_content(attachment_id)
        .await?
        .filter(|(meta, _)| meta.case_id == case_id)
        .ok_or_else(|| {
            AppError::NotFound(format!("case {case_id} has no attachment {attachment_id}"))
        })
}
