//! [`AnnouncementStore`] for every SQL [`Backend`]: each method runs the shared SQL of
//! `crate::sql::announcements`.

use async_trait::async_trait;
use jiff::Timestamp;
use jiff::civil::Date;

use crate::audit::AuditDraft;
use crate::error::StoreError;
use crate::rows::{Announcement, AnnouncementDraft, AnnouncementMail};
use crate::sql::Backend;
use crate::sql::announcements as sql;
use crate::store::AnnouncementStore;

#[async_trait]
impl<B: Backend> AnnouncementStore for B {
    async fn add_announcement(
        &self,
        draft: &AnnouncementDraft,
        audit: &AuditDraft,
    ) -> Result<Announcement, StoreError> {
        sql::add(self, draft, audit).await
    }

    async fn edit_announcement(
        &self,
        id: i64,
        draft: &AnnouncementDraft,
        today: Date,
        audit: &AuditDraft,
    ) -> Result<Announcement, StoreError> {
        sql::edit(self, id, draft, today, audit).await
    }

    async fn withdraw_announcement(
        &self,
        id: i64,
        today: Date,
        audit: &AuditDraft,
    ) -> Result<Announcement, StoreError> {
        sql::withdraw(self, id, today, audit).await
    }

    async fn announcement(&self, id: i64) -> Result<Option<Announcement>, StoreError> {
        sql::get(self, id).await
    }

    async fn announcements(&self, limit: u32) -> Result<Vec<Announcement>, StoreError> {
        sql::newest(self, limit).await
    }

    async fn active_announcements(
        &self,
        day: Date,
        user: Option<i64>,
        limit: u32,
    ) -> Result<Vec<Announcement>, StoreError> {
        sql::active(self, day, user, limit).await
    }

    async fn dismiss_announcement(
        &self,
        id: i64,
        user: i64,
        at: Timestamp,
    ) -> Result<bool, StoreError> {
        sql::dismiss(self, id, user, at).await
    }

    async fn announcements_to_mail(&self, day: Date) -> Result<Vec<Announcement>, StoreError> {
        sql::to_mail(self, day).await
    }

    async fn queue_announcement_mail(&self, mail: &AnnouncementMail) -> Result<u64, StoreError> {
        sql::queue_mail(self, mail).await
    }

    async fn mark_announcement_mailed(&self, id: i64, at: Timestamp) -> Result<bool, StoreError> {
        sql::mark_mailed(self, id, at).await
    }
}
