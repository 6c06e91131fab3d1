//! `lpc token create --email E [--days N]`: an API bearer token, printed once.

use lpc_app::{Actor, App, AppError, tokens};
use lpc_domain::Email;

use crate::failure::Failure;

pub async fn create(app: &App, email: &str, label: &str, days: i64) -> Result<(), Failure> {
    let email = Email::parse(email).map_err(|e| AppError::invalid("email", e))?;
    let token = tokens::create_for(app, &Actor::local(), &email, label, days).await?;
    // Only the token on stdout, so that scripts can capture it.
    println!("{token}");
    eprintln!("token for {email} created, working for {days} days; it is shown only this once");
    Ok(())
}
