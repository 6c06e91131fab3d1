//! How listing requests are checked (R25) and decided (R26): the landing page checker's
//! settings and automatic approval, read from `LPC_DIRECTORY_CHECKS` and
//! `LPC_DIRECTORY_AUTO_APPROVE`.

use crate::AppError;
use crate::landing_check::CheckSettings;

/// How listing requests are checked and decided.
#[derive(Debug, Clone)]
pub struct DirectorySettings {
    /// The landing page checker's limits and what it may reach (R25).
    pub checks: CheckSettings,
    /// During the processing week, approve a request whose every check passes without waiting
    /// for an operator. On by default.
    pub auto_approve: bool,
}

impl Default for DirectorySettings {
    fn default() -> Self {
        Self {
            checks: CheckSettings::production(),
            auto_approve: true,
        }
    }
}

impl DirectorySettings {
    /// The checker of tests (plain http and loopback servers allowed), automatic approval on.
    pub fn for_tests() -> Self {
        Self {
            checks: CheckSettings::for_tests(),
            auto_approve: true,
        }
    }

    /// The settings named by `LPC_DIRECTORY_CHECKS` (`production`, the default, or `test`) and
    /// `LPC_DIRECTORY_AUTO_APPROVE` (`on`, the default, or `off`).
    pub fn from_values(checks: Option<&str>, auto_approve: Option<&str>) -> Result<Self, AppError> {
        let checks = match checks.map(str::trim) {
            None | Some("" | "production") => CheckSettings::production(),
            Some("test") => CheckSettings::for_tests(),
            Some(other) => {
                return Err(AppError::invalid(
                    "LPC_DIRECTORY_CHECKS",
                    format!("{other:?} is neither production nor test"),
                ));
            }
        };
        let auto_approve = match auto_approve
            .map(|v| v.trim().to_ascii_lowercase())
            .as_deref()
        {
            None | Some("" | "on" | "true" | "1" | "yes") => true,
            Some("off" | "false" | "0" | "no") => false,
            Some(other) => {
                return Err(AppError::invalid(
                    "LPC_DIRECTORY_AUTO_APPROVE",
                    format!("{other:?} is neither on nor off"),
                ));
            }
        };
        Ok(Self {
            checks,
            auto_approve,
        })
    }
}
