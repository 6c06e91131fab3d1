//! Password hashing with Argon2id.
//!
//! Hashing costs tens of milliseconds of CPU on purpose; it runs on tokio's blocking pool so
//! that a burst of logins never stalls the async threads serving other requests.

use std::sync::OnceLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

use crate::error::AppError;

/// Shortest password we accept: long enough to resist guessing, short enough to type.
pub const MIN_LENGTH: usize = 10;

/// Checks the password policy, then hashes it into a PHC string (`$argon2id$v=19$...`).
pub async fn hash(password: String) -> Result<String, AppError> {
    if password.chars().count() < MIN_LENGTH {
        return Err(AppError::invalid(
            "password",
            format!("must have at least {MIN_LENGTH} characters"),
        ));
    }
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(format!("hashing failed: {e}")))
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
}

/// True when `password` matches the stored PHC string.
pub async fn verify(password: String, stored: String) -> bool {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .verify_password(password.as_bytes(), stored.as_str())
            .is_ok()
    })
    .await
    .unwrap_or(false)
}

/// Spends the time of a real verification against a hash no password matches, so that an
/// unknown login name answers as slowly as a known one.
pub async fn verify_decoy(password: String) {
    static DECOY: OnceLock<String> = OnceLock::new();
    let _ = tokio::task::spawn_blocking(move || {
        let decoy = DECOY.get_or_init(|| {
            Argon2::default()
                .hash_password(b"lpc decoy: no user has this password")
                .map(|h| h.to_string())
                .unwrap_or_default()
        });
        Argon2::default()
            .verify_password(password.as_bytes(), decoy.as_str())
            .is_ok()
    })
    .await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_argon2id_salted_and_verify_only_the_right_password() {
        let a = hash("correct horse battery".into()).await.unwrap();
        let b = hash("correct horse battery".into()).await.unwrap();
        assert!(a.starts_with("$argon2id$"));
        assert_ne!(a, b, "each hash has its own salt");
        assert!(verify("correct horse battery".into(), a.clone()).await);
        assert!(!verify("wrong horse battery".into(), a).await);
    }

    #[tokio::test]
    async fn short_passwords_are_refused_naming_the_field() {
        let err = hash("short".into()).await.unwrap_err();
        assert!(err.to_string().starts_with("password:"), "{err}");
    }
}
