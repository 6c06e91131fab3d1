//! Configuration: flags win, then `LPC_*` environment variables (both read by clap), then the
//! optional `lpc.toml`, then the defaults.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Deserialize;

use crate::args::{Global, LogFormat};
use crate::failure::Failure;

pub const DEFAULT_DB: &str = "sqlite://lpc.db";
pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";

/// The keys `lpc.toml` may hold; the same names as the flags.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    db: Option<String>,
    today: Option<Date>,
    rules: Option<PathBuf>,
    time_zone: Option<String>,
    log_format: Option<LogFormat>,
    addr: Option<SocketAddr>,
    /// SMTP URL for the mail outbox (also `LPC_SMTP_URL`).
    smtp_url: Option<String>,
    /// The sender of mail (also `LPC_MAIL_FROM`).
    mail_from: Option<String>,
    /// Where partners send bank transfers (R29), shown on every unpaid bank-transfer order.
    bank_transfer: Option<BankTransferFile>,
}

/// `[bank_transfer]` in `lpc.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct BankTransferFile {
    beneficiary: String,
    iban: String,
    bic: Option<String>,
    bank: Option<String>,
}

/// Everything a command needs to know about its environment.
#[derive(Debug, Clone)]
pub struct Config {
    pub db: String,
    pub today: Option<Date>,
    /// `--rules DIR`: rule sets replacing the embedded ones; `None` for the embedded ones.
    pub rules: Option<PathBuf>,
    pub time_zone: TimeZone,
    pub log_format: LogFormat,
    /// `addr` from `lpc.toml`, used by `serve` when neither `--addr` nor `LPC_ADDR` is given.
    pub file_addr: Option<SocketAddr>,
    /// How queued mail is sent: `LPC_SMTP_URL` / `smtp_url`, `LPC_MAIL_FROM` / `mail_from`.
    pub mail: lpc_app::MailSettings,
    /// `[bank_transfer]`: the program's bank account, checked (IBAN, BIC) when read.
    pub bank_account: Option<lpc_app::bank_transfer::BankAccount>,
}

impl Config {
    pub fn resolve(global: &Global) -> Result<Self, Failure> {
        let file = match &global.config {
            Some(path) => read(path)?,
            None if Path::new("lpc.toml").exists() => read(Path::new("lpc.toml"))?,
            None => FileConfig::default(),
        };
        let zone_name = global
            .time_zone
            .clone()
            .or(file.time_zone)
            .unwrap_or_else(|| "UTC".to_owned());
        let time_zone = TimeZone::get(&zone_name).map_err(|e| {
            Failure::usage(format!(
                "--time-zone {zone_name:?} is not a known time zone: {e}"
            ))
        })?;
        let bank_account = file
            .bank_transfer
            .as_ref()
            .map(|b| {
                lpc_app::bank_transfer::BankAccount::parse(
                    &b.beneficiary,
                    &b.iban,
                    b.bic.as_deref(),
                    b.bank.as_deref(),
                )
                .map_err(|e| match e {
                    lpc_app::AppError::Invalid { field, message } => {
                        Failure::usage(format!("lpc.toml: bank_transfer.{field}: {message}"))
                    }
                    other => Failure::usage(other.to_string()),
                })
            })
            .transpose()?;
        Ok(Self {
            bank_account,
            db: global
                .db
                .clone()
                .or(file.db)
                .unwrap_or_else(|| DEFAULT_DB.to_owned()),
            today: global.today.or(file.today),
            rules: global.rules.clone().or(file.rules),
            time_zone,
            log_format: global
                .log_format
                .or(file.log_format)
                .unwrap_or(LogFormat::Text),
            file_addr: file.addr,
            mail: lpc_app::MailSettings {
                smtp_url: env_text("LPC_SMTP_URL").or(file.smtp_url),
                from: env_text("LPC_MAIL_FROM").or(file.mail_from),
            },
        })
    }
}

/// A non-empty environment variable.
fn env_text(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn read(path: &Path) -> Result<FileConfig, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::usage(format!("--config {}: cannot read it: {e}", path.display())))?;
    toml::from_str(&text).map_err(|e| Failure::usage(format!("{}: {e}", path.display())))
}
