//! The errors a store reports.

/// What went wrong in a store operation, reduced to what a caller can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The thing asked for does not exist.
    #[error("not found: {0}")]
    NotFound(String),
    /// The change would break a uniqueness or consistency rule; the message names the value.
    #[error("{0}")]
    Conflict(String),
    /// The disk holding the database has no room left. Nothing of the change was written:
    /// every change is one transaction, rolled back whole.
    #[error(
        "the disk holding the database is full: nothing of this change was stored (it was one \
         transaction). Free space on that disk, or move the database to a disk with room, then \
         do it again"
    )]
    DiskFull,
    /// Anything else: the database is unreachable, a query failed, stored data is corrupt.
    #[error("storage error: {0}")]
    Other(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl StoreError {
    /// Wraps a driver or decoding error as [`StoreError::Other`].
    pub fn other(err: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self::Other(Box::new(err))
    }

    /// An [`StoreError::Other`] from a message, for a failure of the store's own making (a
    /// session used after it ended, an encoding that failed).
    pub fn internal(message: impl Into<String>) -> Self {
        Self::Other(message.into().into())
    }

    /// An [`StoreError::Other`] from a message, for corrupt data found while decoding rows.
    pub fn corrupt(message: impl Into<String>) -> Self {
        Self::Other(message.into().into())
    }
}
