//! How a command fails: one line on stderr and the exit status of DESIGN.md.

use std::process::ExitCode;

use lpc_app::AppError;

/// A command's failure, already reduced to what the user sees.
#[derive(Debug)]
pub struct Failure {
    pub code: u8,
    pub message: String,
}

impl Failure {
    /// Exit 2: the command line or configuration is wrong.
    pub fn usage(message: impl Into<String>) -> Self {
        Self {
            code: 2,
            message: message.into(),
        }
    }

    /// Exit 3: a value was refused by a rule or by validation.
    pub fn refused(message: impl Into<String>) -> Self {
        Self {
            code: 3,
            message: message.into(),
        }
    }

    /// Exit 1: anything else (an unreachable database, an I/O error).
    pub fn other(message: impl Into<String>) -> Self {
        Self {
            code: 1,
            message: message.into(),
        }
    }

    pub fn report(&self) -> ExitCode {
        eprintln!("lpc: {}", self.message);
        ExitCode::from(self.code)
    }
}

impl From<AppError> for Failure {
    fn from(err: AppError) -> Self {
        let message = match &err {
            // Field names are the flags' names: say `--country`, as the user typed it.
            AppError::Invalid { field, message } => format!("--{field}: {message}"),
            other => other.to_string(),
        };
        Self {
            code: err.exit_code(),
            message,
        }
    }
}
