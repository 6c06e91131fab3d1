//! The handle adapters hold.

use std::sync::Arc;

use jiff::civil::Date;
use lpc_domain::rules::{RuleBook, RuleSet};
use lpc_store::Store;

use crate::clock::Clock;
use crate::error::AppError;

/// Everything a use case needs from the outside world: storage, the time and the rule sets.
#[derive(Debug, Clone)]
pub struct App {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    rules: Arc<RuleBook>,
    mail: MailSettings,
    /// Published reports read so far: immutable, so kept (shared by every clone of the App).
    reports: Arc<crate::report_cache::ReportCache>,
}

/// How queued mail leaves the outbox (`crate::mail::deliver_pending`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MailSettings {
    /// `smtp://host:port`, `smtps://user:pass@host` (lettre's URL form); `None`: mail stays in
    /// the outbox and is only logged, for an operator to read with `lpc outbox list`.
    pub smtp_url: Option<String>,
    /// The sender; `None`: `Learning Partner Center <noreply@localhost>`.
    pub from: Option<String>,
}

impl App {
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>, rules: Arc<RuleBook>) -> Self {
        Self {
            store,
            clock,
            rules,
            mail: MailSettings::default(),
            reports: Arc::default(),
        }
    }

    /// The same handle sending mail as `mail` says (set by the CLI from `LPC_SMTP_URL` /
    /// `smtp_url`; without it mail is only logged and kept in the outbox).
    pub fn with_mail(mut self, mail: MailSettings) -> Self {
        self.mail = mail;
        self
    }

    /// The reports already read from their publications (R17: published reports never change).
    pub fn reports(&self) -> &crate::report_cache::ReportCache {
        &self.reports
    }

    pub fn mail(&self) -> &MailSettings {
        &self.mail
    }

    pub fn rules(&self) -> &Arc<RuleBook> {
        &self.rules
    }

    /// The rule set in force on `date` (R14), or a refusal naming the date when the program
    /// had no rules yet.
    pub fn rules_on(&self, date: Date) -> Result<&RuleSet, AppError> {
        self.rules.in_force_on(date).ok_or_else(|| {
            AppError::invalid("today", format!("no rule set is in force on {date} (R14)"))
        })
    }

    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }
}
