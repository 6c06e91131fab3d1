//! The program's announcements (R32), in English and, where the operator wrote one, Japanese
//! and Italian; who dismissed which; and the mail that tells every partner admin once.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

/// One language version of an announcement: a title and a plain text (paragraphs split by
/// blank lines; the pages escape it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnnouncementText {
    /// `en`, `ja` or `it`.
    pub lang: String,
    pub title: String,
    pub body: String,
}

/// What an announcement says and when it is shown: what an operator publishes or changes
/// before its start (the app has checked sizes and dates, R32).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnouncementDraft {
    /// The first day partners see it.
    pub starts_on: Date,
    /// The last day partners see it; `None`: until it is withdrawn.
    pub ends_on: Option<Date>,
    /// English first: the version every language falls back to.
    pub texts: Vec<AnnouncementText>,
}

/// A stored announcement with its language versions (English first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Announcement {
    pub id: i64,
    pub starts_on: Date,
    /// The last day shown; a withdrawn one ended the day it was withdrawn.
    pub ends_on: Option<Date>,
    /// Who published it, as in the audit log.
    pub created_by: String,
    pub created_at: Timestamp,
    /// The last change (its publication, an edit before its start, its withdrawal).
    pub updated_at: Timestamp,
    /// Withdrawn by an operator: no longer shown, whatever its dates.
    pub withdrawn_at: Option<Timestamp>,
    /// When its mail to every partner admin was queued; `None`: not yet.
    pub mailed_at: Option<Timestamp>,
    pub texts: Vec<AnnouncementText>,
}

impl Announcement {
    /// The version in `lang`, else the English one (always stored); `true` with it when it
    /// fell back to English, which readers are told.
    pub fn text_in(&self, lang: &str) -> Option<(&AnnouncementText, bool)> {
        if let Some(text) = self.texts.iter().find(|t| t.lang == lang) {
            return Some((text, false));
        }
        self.texts
            .iter()
            .find(|t| t.lang == "en")
            .map(|text| (text, lang != "en"))
    }

    /// Shown to partners on `day`: not withdrawn, started, not ended.
    pub fn is_active_on(&self, day: Date) -> bool {
        self.withdrawn_at.is_none()
            && self.starts_on <= day
            && self.ends_on.is_none_or(|end| day <= end)
    }
}

/// The mail of one announcement in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalizedMail {
    /// `en`, `ja` or `it`: the mail of the admins whose stored language this is.
    pub lang: String,
    pub subject: String,
    pub body: String,
}

/// The mail of an announcement to every partner admin (R1: MPN partner admins and account
/// admins of organizations not rejected, with a confirmed address), each in their stored
/// language, English for the others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnouncementMail {
    pub announcement_id: i64,
    /// One per language; the English one is required (the fallback).
    pub mails: Vec<LocalizedMail>,
    pub created_at: Timestamp,
    /// Users read per statement: each batch is one short write, so a program of 100,000
    /// admins never holds the write lock for long.
    pub batch: u32,
}

impl AnnouncementMail {
    /// The outbox's dedup key of the mail to `email`: `announcement:{id}:{email}`, so that
    /// queueing it again (a job run twice, two servers) sends nothing twice.
    pub fn dedup_key(announcement_id: i64, email: &str) -> String {
        format!("announcement:{announcement_id}:{email}")
    }
}
