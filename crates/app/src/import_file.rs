//! What every file import shares: the digest that identifies the file in the audit log.

use sha2::{Digest, Sha256};

/// The SHA-256 of a file's bytes, hex-encoded: the audit log names files by content, so an
/// auditor can tell which exact file was imported.
pub fn digest(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}
