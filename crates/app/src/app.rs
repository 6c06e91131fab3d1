//! The handle adapters hold.

use std::sync::{Arc, PoisonError, RwLock};

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
    rules: RuleBookHolder,
    mail: MailSettings,
    /// Where partners send bank transfers (R29); `None`: not configured.
    bank_account: Option<Arc<crate::bank_transfer::BankAccount>>,
    /// Published reports read so far: immutable, so kept (shared by every clone of the App).
    reports: Arc<crate::report_cache::ReportCache>,
    /// Partners read so far (shared by every clone of the App): a registered partner is never
    /// changed or removed (the store has no such method), so whatever any server or command
    /// does, a kept one is still right. A partner not found is not kept: it may be registered
    /// any moment. Every signed-in page and API call about a partner reads it.
    partners_seen: Arc<crate::memo::Memo<lpc_domain::MpnId, lpc_store::Partner>>,
    /// The public directory kept in memory (shared by every clone of the App).
    directory_index: Arc<crate::directory_search::DirectoryIndex>,
    /// Imports running in the background from the operator console (shared by every clone).
    import_jobs: Arc<crate::import_jobs::ImportJobs>,
    /// How listing requests are checked and approved (`crate::directory`).
    directory: crate::directory::DirectorySettings,
    /// This server's name and leases among the servers of one database (`crate::scheduler`).
    scheduling: crate::scheduler::Scheduling,
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
            rules: RuleBookHolder::new(rules),
            mail: MailSettings::default(),
            bank_account: None,
            reports: Arc::default(),
            // Only partners that exist are kept: 32 MiB at most.
            partners_seen: Arc::new(crate::memo::Memo::new(32 << 20, |p| {
                std::mem::size_of::<lpc_store::Partner>()
                    + p.name.as_str().len()
                    + p.contact_email.as_ref().map_or(0, |e| e.as_str().len())
            })),
            directory_index: Arc::default(),
            import_jobs: Arc::default(),
            directory: crate::directory::DirectorySettings::default(),
            scheduling: crate::scheduler::Scheduling::default(),
        }
    }

    /// The same handle claiming jobs and mail as `scheduling` says (`lpc serve --job-lease`).
    pub fn with_scheduling(mut self, scheduling: crate::scheduler::Scheduling) -> Self {
        self.scheduling = scheduling;
        self
    }

    /// This server's name and leases (`crate::scheduler`, `crate::mail`).
    pub fn scheduling(&self) -> &crate::scheduler::Scheduling {
        &self.scheduling
    }

    /// The same handle checking and approving directory requests as `settings` say (the CLI
    /// reads `LPC_DIRECTORY_CHECKS` and `LPC_DIRECTORY_AUTO_APPROVE`).
    pub fn with_directory(mut self, settings: crate::directory::DirectorySettings) -> Self {
        self.directory = settings;
        self
    }

    pub fn directory(&self) -> &crate::directory::DirectorySettings {
        &self.directory
    }

    /// The same handle sending mail as `mail` says (set by the CLI from `LPC_SMTP_URL` /
    /// `smtp_url`; without it mail is only logged and kept in the outbox).
    pub fn with_mail(mut self, mail: MailSettings) -> Self {
        self.mail = mail;
        self
    }

    pub fn with_bank_account(mut self, account: Option<crate::bank_transfer::BankAccount>) -> Self {
        self.bank_account = account.map(Arc::new);
        self
    }

    /// The program's bank account for transfers, if configured.
    pub fn bank_account(&self) -> Option<&crate::bank_transfer::BankAccount> {
        self.bank_account.as_deref()
    }

    /// The partners already read ([`crate::partners::get`]).
    pub(crate) fn partners_seen(
        &self,
    ) -> &crate::memo::Memo<lpc_domain::MpnId, lpc_store::Partner> {
        &self.partners_seen
    }

    /// The reports already read from their publications (R17: published reports never change).
    pub fn reports(&self) -> &crate::report_cache::ReportCache {
        &self.reports
    }

    /// The operator console's background imports (`crate::import_jobs`).
    pub fn import_jobs(&self) -> &crate::import_jobs::ImportJobs {
        &self.import_jobs
    }

    /// The public directory as this server keeps it (R24, R26): a use case that changes the
    /// directory calls `.invalidate()` so that the next search reads it again.
    pub fn directory_index(&self) -> &crate::directory_search::DirectoryIndex {
        &self.directory_index
    }

    pub fn mail(&self) -> &MailSettings {
        &self.mail
    }

    /// The rule book this App decides with: the rule files' sets plus the rule sets operators
    /// activated (`crate::rule_drafts`), as they were when this App value was made or cloned
    /// (every web request works on its own clone).
    pub fn rules(&self) -> &Arc<RuleBook> {
        &self.rules.snapshot
    }

    /// The rule book as of now, including an activation made since this App was cloned.
    pub fn latest_rules(&self) -> Arc<RuleBook> {
        self.rules.latest()
    }

    /// The rule sets of the rule files alone (embedded or `--rules DIR`), which the activated
    /// rule sets are added to.
    pub fn file_rules(&self) -> &Arc<RuleBook> {
        &self.rules.files
    }

    /// Replaces the rule book for every clone of this App made from now on (after an
    /// activation, or when the activated rule sets are loaded at startup), and for this one.
    pub fn replace_rules(&mut self, book: RuleBook) {
        let book = Arc::new(book);
        *self
            .rules
            .latest
            .write()
            .unwrap_or_else(PoisonError::into_inner) = Arc::clone(&book);
        self.rules.snapshot = book;
    }

    /// The rule set in force on `date` (R14), or a refusal naming the date when the program
    /// had no rules yet.
    pub fn rules_on(&self, date: Date) -> Result<&RuleSet, AppError> {
        self.rules.snapshot.in_force_on(date).ok_or_else(|| {
            AppError::invalid("today", format!("no rule set is in force on {date} (R14)"))
        })
    }

    /// The store, for the use cases of this crate: adapters go through them, so that every
    /// permission is decided here (issue 17). Tests of other crates reach it with the
    /// `testing` feature, to look at what a use case stored.
    #[cfg(not(feature = "testing"))]
    pub(crate) fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// See the other `store`: with the `testing` feature, for tests of other crates.
    #[cfg(feature = "testing")]
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// The database's kind (`sqlite`, `postgres`), for the readiness check and the logs.
    pub fn backend(&self) -> &'static str {
        self.store.backend()
    }

    /// Ends the database connections cleanly (SQLite folds its write-ahead log back into the
    /// file): a command that runs once calls it before it exits.
    pub async fn close(&self) {
        self.store.close().await;
    }

    /// Whether the database answers: the readiness check (`/readyz`).
    pub async fn ping(&self) -> Result<(), AppError> {
        Ok(self.store.ping().await?)
    }

    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }
}

/// The App's rule book: a snapshot read without locking (so that `rules_on` can lend a
/// `&RuleSet`), refreshed from the shared latest book whenever the App is cloned.
#[derive(Debug)]
struct RuleBookHolder {
    snapshot: Arc<RuleBook>,
    latest: Arc<RwLock<Arc<RuleBook>>>,
    files: Arc<RuleBook>,
}

impl RuleBookHolder {
    fn new(files: Arc<RuleBook>) -> Self {
        Self {
            snapshot: Arc::clone(&files),
            latest: Arc::new(RwLock::new(Arc::clone(&files))),
            files,
        }
    }

    fn latest(&self) -> Arc<RuleBook> {
        Arc::clone(&self.latest.read().unwrap_or_else(PoisonError::into_inner))
    }
}

impl Clone for RuleBookHolder {
    /// A clone decides with the latest rule book (R14: an activated rule set counts from the
    /// next request on).
    fn clone(&self) -> Self {
        Self {
            snapshot: self.latest(),
            latest: Arc::clone(&self.latest),
            files: Arc::clone(&self.files),
        }
    }
}
