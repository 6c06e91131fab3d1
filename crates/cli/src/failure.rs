//! How a command fails: one line on stderr and the exit status of DESIGN.md.

use std::process::ExitCode;

use lpc_app::AppError;

/// A command's failure, already reduced to what the user sees.
#[derive(Debug)]
pub struct Failure {
    pub code: u8,
    pub message: String,
    /// The database's disk is full: the message then names the database ([`Self::naming`]).
    disk_full: bool,
}

impl Failure {
    /// Exit 2: the command line or configuration is wrong.
    pub fn usage(message: impl Into<String>) -> Self {
        Self {
            code: 2,
            message: message.into(),
            disk_full: false,
        }
    }

    /// Exit 3: a value was refused by a rule or by validation.
    pub fn refused(message: impl Into<String>) -> Self {
        Self {
            code: 3,
            message: message.into(),
            disk_full: false,
        }
    }

    /// Exit 1: anything else (an unreachable database, an I/O error).
    pub fn other(message: impl Into<String>) -> Self {
        Self {
            code: 1,
            message: message.into(),
            disk_full: false,
        }
    }

    /// The failure with the database named where the user must act on it: a full disk says
    /// which file (a PostgreSQL URL is not repeated: it may hold a password).
    pub fn naming(mut self, db: &str) -> Self {
        if self.disk_full {
            let place = match db.strip_prefix("sqlite://") {
                Some(path) => format!("the database {path}"),
                None => "the PostgreSQL database".to_owned(),
            };
            self.message = self.message.replacen("the database", &place, 1);
        }
        self
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
            disk_full: matches!(err, AppError::Store(lpc_store::StoreError::DiskFull)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_disk_names_the_database_file_and_says_nothing_was_stored() {
        let failure = Failure::from(AppError::Store(lpc_store::StoreError::DiskFull))
            .naming("sqlite:///srv/lpc/lpc.db");
        assert!(
            failure
                .message
                .starts_with("the disk holding the database /srv/lpc/lpc.db is full"),
            "{}",
            failure.message
        );
        assert!(
            failure
                .message
                .contains("nothing of this change was stored")
        );
        assert_eq!(failure.code, 1);
        let other = Failure::other("the database answered late").naming("sqlite:///x.db");
        assert_eq!(
            other.message, "the database answered late",
            "only a full disk"
        );
        let pg = Failure::from(AppError::Store(lpc_store::StoreError::DiskFull))
            .naming("postgres://lpc:secret@db/lpc");
        assert!(!pg.message.contains("secret"));
    }
}
