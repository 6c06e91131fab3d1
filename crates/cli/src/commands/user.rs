//! `lpc user add`: the password never appears on the command line (it would be visible in
//! the process list and the shell history).

use std::io::{BufRead, IsTerminal};

use lpc_app::users::{self, NewAccount};
use lpc_app::{Actor, App};

use crate::failure::Failure;
use crate::output;

pub async fn add(
    app: &App,
    email: String,
    role: String,
    partner: Option<String>,
    json: bool,
) -> Result<(), Failure> {
    // Validate the fields before asking for a password that would then be wasted.
    NewAccount::parse(&email, &role, partner.as_deref(), String::new())?;
    let password = read_password()?;
    let account = NewAccount::parse(&email, &role, partner.as_deref(), password)?;
    let user = users::add(app, &Actor::local(), account).await?;
    if json {
        output::json(&user)
    } else {
        println!("created user {} ({role})", user.email);
        Ok(())
    }
}

pub async fn confirm(app: &App, email: &str) -> Result<(), Failure> {
    let email =
        lpc_domain::Email::parse(email).map_err(|e| lpc_app::AppError::invalid("email", e))?;
    let user = lpc_app::accounts::confirm_by_program(app, &Actor::local(), &email).await?;
    output::text(&format!(
        "the address {} is confirmed; the user can sign in (R31)\n",
        user.email
    ))
}

fn read_password() -> Result<String, Failure> {
    if std::io::stdin().is_terminal() {
        let first =
            rpassword::prompt_password("Password: ").map_err(|e| Failure::other(e.to_string()))?;
        let second =
            rpassword::prompt_password("Repeat it: ").map_err(|e| Failure::other(e.to_string()))?;
        if first != second {
            return Err(Failure::refused("password: the two entries differ"));
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| Failure::other(e.to_string()))?;
        Ok(line.trim_end_matches(['\r', '\n']).to_owned())
    }
}
