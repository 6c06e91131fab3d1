//! One error type for every use case.

use lpc_store::StoreError;

use crate::csv_rows::RowError;

fn plural(n: usize) -> String {
    if n == 1 {
        "1 row".to_owned()
    } else {
        format!("{n} rows")
    }
}

fn lines(errors: &[RowError]) -> String {
    errors
        .iter()
        .map(|e| format!("  {e}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Why a use case did not do what was asked.
///
/// Adapters map these to exit codes ([`AppError::exit_code`]) and HTTP statuses; only the
/// `Internal` and `Store` details stay in the logs, never in front of a user.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A value was refused: names the field, the value and, where there is one, the rule.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    /// A file was refused: every bad row, with line, column, value and reason. Nothing of the
    /// file was stored.
    #[error("{file}: {} refused; nothing was imported\n{}", plural(.errors.len()), lines(.errors))]
    Rows { file: String, errors: Vec<RowError> },
    /// The actor may not do this (R1 and friends).
    #[error("{0}")]
    Denied(String),
    /// The change conflicts with what is stored (a duplicate MPN ID, e-mail, ...).
    #[error("{0}")]
    Conflict(String),
    /// A thing the request names does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The database failed or could not be reached.
    #[error("{0}")]
    Store(StoreError),
    /// A bug or an impossible state.
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn invalid(field: impl Into<String>, message: impl ToString) -> Self {
        Self::Invalid {
            field: field.into(),
            message: message.to_string(),
        }
    }

    /// The CLI's exit status (DESIGN.md): 3 for a refusal by a rule or by validation, 1 for
    /// anything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            AppError::Invalid { .. }
            | AppError::Rows { .. }
            | AppError::Denied(_)
            | AppError::Conflict(_)
            | AppError::NotFound(_) => 3,
            AppError::Store(_) | AppError::Internal(_) => 1,
        }
    }
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::Conflict(m) => AppError::Conflict(m),
            StoreError::NotFound(m) => AppError::NotFound(m),
            other @ (StoreError::Other(_) | StoreError::DiskFull) => AppError::Store(other),
        }
    }
}
