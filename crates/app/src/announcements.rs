//! The program's announcements (R32), in particular of next year's KPI requirements (R14).
//!
//! Operators publish an announcement with an English title and text (Japanese and Italian
//! optional), a start (today or later) and an optional end; they change it until it starts
//! and withdraw it any time (it ends today and is hidden at once). Each is audited
//! (`announcement.publish`, `announcement.edit`, `announcement.withdraw`).
//!
//! Partners see the announcements of the day on their overview, in their language or else in
//! English (and are told so), until they dismiss one. The public reads them in the Atom feed.
//! Every partner admin gets each announcement by mail once, in their stored language, when
//! its start day comes: at publication when it starts that day, else by the daily job
//! [`mail_due`]. The mails are queued in batches of users, each with the dedup key
//! `announcement:{id}:{email}`, so that a job run twice sends nothing twice.
//!
//! - `input`: what an operator typed, checked ([`check`]).
//! - `mail_text`: the mail in each language.

mod input;
mod mail_text;

use jiff::civil::Date;
use lpc_domain::access::Action;
use lpc_store::{AnnouncementMail, AuditDraft};
use serde::Serialize;

use crate::{Actor, App, AppError};

pub use input::{
    AnnouncementInput, InputError, LANGS, MAX_TEXT_CHARS, MAX_TITLE_CHARS, Problem, TextInput,
    check,
};
pub use lpc_store::{Announcement, AnnouncementText};

/// Announcements a partner's overview shows at most (the latest starts first).
pub const SHOWN_TO_PARTNERS: u32 = 5;
/// Announcements the public feed carries at most.
pub const IN_FEED: u32 = 50;
/// Announcements the console lists.
pub const LISTED: u32 = 200;
/// Users read per statement when an announcement's mail is queued.
pub const MAIL_BATCH: u32 = 2_000;

/// Where an announcement stands on a day, as the console shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Starts later: it can still be changed.
    Scheduled,
    /// Shown to partners today.
    Active,
    /// Its last day has passed.
    Ended,
    /// Withdrawn by an operator.
    Withdrawn,
}

impl Status {
    /// The status of `a` on `day`.
    pub fn of(a: &Announcement, day: Date) -> Self {
        if a.withdrawn_at.is_some() {
            Status::Withdrawn
        } else if day < a.starts_on {
            Status::Scheduled
        } else if a.ends_on.is_some_and(|end| end < day) {
            Status::Ended
        } else {
            Status::Active
        }
    }

    /// `scheduled`, `active`, `ended`, `withdrawn`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Scheduled => "scheduled",
            Status::Active => "active",
            Status::Ended => "ended",
            Status::Withdrawn => "withdrawn",
        }
    }
}

/// What a publication or a change did.
#[derive(Debug, Clone, Serialize)]
pub struct Saved {
    pub announcement: Announcement,
    /// Mails queued to partner admins now (it starts today); 0 when it starts later.
    pub mailed: u64,
}

/// `input` checked on today's date, its first problem as the refusal.
fn checked(app: &App, input: &AnnouncementInput) -> Result<lpc_store::AnnouncementDraft, AppError> {
    check(input, app.clock().today()).map_err(|errors| match errors.first() {
        Some(first) => AppError::invalid(first.field.clone(), first.message()),
        None => AppError::Internal("an announcement was refused without a reason".to_owned()),
    })
}

fn details(draft: &lpc_store::AnnouncementDraft) -> serde_json::Value {
    let langs: Vec<&str> = draft.texts.iter().map(|t| t.lang.as_str()).collect();
    serde_json::json!({
        "starts_on": draft.starts_on.to_string(),
        "ends_on": draft.ends_on.map(|d| d.to_string()),
        "languages": langs,
    })
}

/// Publishes an announcement (operators only). When it starts today, its mail to every
/// partner admin is queued at once.
pub async fn publish(
    app: &App,
    actor: &Actor,
    input: &AnnouncementInput,
) -> Result<Saved, AppError> {
    actor.authorize(Action::OperateProgram)?;
    let draft = checked(app, input)?;
    let audit = AuditDraft::new(
        actor.audit_name(),
        "announcement.publish",
        "announcement",
        app.clock().now(),
        details(&draft),
    );
    let announcement = app.store().add_announcement(&draft, &audit).await?;
    let mailed = mail_if_started(app, &announcement).await;
    Ok(Saved {
        announcement,
        mailed,
    })
}

/// Changes announcement `id` before its start (operators only); `Conflict` once it started
/// or was withdrawn. Moved to start today, it is mailed at once.
pub async fn edit(
    app: &App,
    actor: &Actor,
    id: i64,
    input: &AnnouncementInput,
) -> Result<Saved, AppError> {
    actor.authorize(Action::OperateProgram)?;
    let draft = checked(app, input)?;
    let audit = AuditDraft::new(
        actor.audit_name(),
        "announcement.edit",
        format!("announcement:{id}"),
        app.clock().now(),
        details(&draft),
    );
    let announcement = app
        .store()
        .edit_announcement(id, &draft, app.clock().today(), &audit)
        .await?;
    let mailed = mail_if_started(app, &announcement).await;
    Ok(Saved {
        announcement,
        mailed,
    })
}

/// Withdraws announcement `id` (operators only): it ends today and partners no longer see
/// it. Its mails not sent yet are recalled from the outbox.
pub async fn withdraw(app: &App, actor: &Actor, id: i64) -> Result<Announcement, AppError> {
    actor.authorize(Action::OperateProgram)?;
    let audit = AuditDraft::new(
        actor.audit_name(),
        "announcement.withdraw",
        format!("announcement:{id}"),
        app.clock().now(),
        serde_json::json!({}),
    );
    Ok(app
        .store()
        .withdraw_announcement(id, app.clock().today(), &audit)
        .await?)
}

/// The newest announcements, whatever their state (operators only).
pub async fn list(app: &App, actor: &Actor) -> Result<Vec<Announcement>, AppError> {
    actor.authorize(Action::OperateProgram)?;
    Ok(app.store().announcements(LISTED).await?)
}

/// Announcement `id` (operators only).
pub async fn get(app: &App, actor: &Actor, id: i64) -> Result<Announcement, AppError> {
    actor.authorize(Action::OperateProgram)?;
    app.store()
        .announcement(id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("announcement {id} does not exist")))
}

/// What user `user_id` sees today: the announcements of the day they have not dismissed,
/// the latest start first, at most [`SHOWN_TO_PARTNERS`]. Announcements are public (the
/// feed), so any signed-in user reads them.
pub async fn for_reader(app: &App, user_id: i64) -> Result<Vec<Announcement>, AppError> {
    Ok(app
        .store()
        .active_announcements(app.clock().today(), Some(user_id), SHOWN_TO_PARTNERS)
        .await?)
}

/// User `user_id` dismisses announcement `id`: it stays dismissed for them (not for the
/// other users of their organization). `false` when it was already.
pub async fn dismiss(app: &App, user_id: i64, id: i64) -> Result<bool, AppError> {
    Ok(app
        .store()
        .dismiss_announcement(id, user_id, app.clock().now())
        .await?)
}

/// The announcements of the day for the public feed, the latest start first, at most
/// [`IN_FEED`].
pub async fn public(app: &App) -> Result<Vec<Announcement>, AppError> {
    Ok(app
        .store()
        .active_announcements(app.clock().today(), None, IN_FEED)
        .await?)
}

/// What [`mail_due`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct MailRun {
    /// Announcements whose mail was queued.
    pub announcements: usize,
    /// Mails newly queued.
    pub mails: u64,
}

/// The daily job: queues the mail of every announcement whose start day has come and whose
/// mail is not queued yet (those published ahead of their start), then marks each mailed.
/// Idempotent: a mail already queued is not queued again (its dedup key).
pub async fn mail_due(app: &App) -> Result<MailRun, AppError> {
    let mut run = MailRun::default();
    for announcement in app
        .store()
        .announcements_to_mail(app.clock().today())
        .await?
    {
        run.mails += mail(app, &announcement).await?;
        run.announcements += 1;
    }
    Ok(run)
}

/// Queues `announcement`'s mail to every partner admin and marks it mailed.
async fn mail(app: &App, announcement: &Announcement) -> Result<u64, AppError> {
    let mail = AnnouncementMail {
        announcement_id: announcement.id,
        mails: mail_text::every_language(announcement),
        created_at: app.clock().now(),
        batch: MAIL_BATCH,
    };
    let queued = app.store().queue_announcement_mail(&mail).await?;
    app.store()
        .mark_announcement_mailed(announcement.id, app.clock().now())
        .await?;
    tracing::info!(
        announcement = announcement.id,
        mails = queued,
        "announcement mailed to partner admins (R32)"
    );
    Ok(queued)
}

/// Mails `announcement` when it is shown today. A failure is logged, not returned: the
/// publication stands, and the daily job queues what is missing.
async fn mail_if_started(app: &App, announcement: &Announcement) -> u64 {
    if !announcement.is_active_on(app.clock().today()) {
        return 0;
    }
    match mail(app, announcement).await {
        Ok(queued) => queued,
        Err(e) => {
            tracing::warn!(announcement = announcement.id, error = %e, "announcement mail not queued; the daily job tries again");
            0
        }
    }
}
