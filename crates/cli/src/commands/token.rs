//! `lpc token create --email E`: an API bearer token, printed once.

use lpc_app::{Actor, App, AppError, tokens};
use lpc_domain::Email;

use crate::failure::Failure;

pub async fn create(app: &App, email: &str, label: &str) -> Result<(), Failure> {
    let email = Email::parse(email).map_err(|e| AppError::invalid("email", e))?;
    let token = tokens::create(app, &Actor::local(), &email, label).await?;
    // Only the token on stdout, so that scripts can capture it.
    println!("{token}");
    eprintln!("token for {email} created; it is shown only this once");
    Ok(())
}
