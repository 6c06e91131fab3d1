//! The program's announcements (R32): the [`AnnouncementStore`] part of the storage contract.

use async_trait::async_trait;
use jiff::Timestamp;
use jiff::civil::Date;

use crate::audit::AuditDraft;
use crate::error::StoreError;
use crate::rows::{Announcement, AnnouncementDraft, AnnouncementMail};

/// Announcements operators publish, what partners see of them on a day, what each user
/// dismissed, and their mail to every partner admin.
///
/// Publishing, changing and withdrawing are audited (`announcement.publish`,
/// `announcement.edit`, `announcement.withdraw`, subject `announcement:{id}`); a dismissal is
/// a reader's choice and the mail a consequence of the publication, neither audited.
#[async_trait]
pub trait AnnouncementStore: Send + Sync {
    /// Stores a new announcement, published by the audit event's actor; the event gets its id
    /// as subject and in its details.
    async fn add_announcement(
        &self,
        draft: &AnnouncementDraft,
        audit: &AuditDraft,
    ) -> Result<Announcement, StoreError>;

    /// Replaces what announcement `id` says and its dates. `Conflict` when it started on or
    /// before `today` or was withdrawn: what partners may have read is never rewritten.
    /// `NotFound` when there is no such announcement.
    async fn edit_announcement(
        &self,
        id: i64,
        draft: &AnnouncementDraft,
        today: Date,
        audit: &AuditDraft,
    ) -> Result<Announcement, StoreError>;

    /// Withdraws announcement `id`: it ends `today` (unless it ended earlier) and is hidden at
    /// once; its mails still in the outbox are removed, but for one a server is sending (its
    /// lease running). `Conflict` when it was withdrawn already or ended before `today`.
    async fn withdraw_announcement(
        &self,
        id: i64,
        today: Date,
        audit: &AuditDraft,
    ) -> Result<Announcement, StoreError>;

    /// Announcement `id`, if it exists.
    async fn announcement(&self, id: i64) -> Result<Option<Announcement>, StoreError>;

    /// Up to `limit` announcements, the newest first, whatever their state (the console).
    async fn announcements(&self, limit: u32) -> Result<Vec<Announcement>, StoreError>;

    /// Up to `limit` announcements shown on `day` (not withdrawn, started, not ended), the
    /// latest start first; without those `user` dismissed when a user is given.
    async fn active_announcements(
        &self,
        day: Date,
        user: Option<i64>,
        limit: u32,
    ) -> Result<Vec<Announcement>, StoreError>;

    /// Records that `user` dismissed announcement `id`; `false` when it was already
    /// dismissed. `NotFound` when there is no such announcement.
    async fn dismiss_announcement(
        &self,
        id: i64,
        user: i64,
        at: Timestamp,
    ) -> Result<bool, StoreError>;

    /// The announcements shown on `day` whose mail is not queued yet.
    async fn announcements_to_mail(&self, day: Date) -> Result<Vec<Announcement>, StoreError>;

    /// Queues `mail` to every partner admin, in batches of users, each mail once per address
    /// (its dedup key); how many mails were newly queued.
    async fn queue_announcement_mail(&self, mail: &AnnouncementMail) -> Result<u64, StoreError>;

    /// Records that announcement `id`'s mail was queued at `at`; `false` when it was already.
    async fn mark_announcement_mailed(&self, id: i64, at: Timestamp) -> Result<bool, StoreError>;
}
