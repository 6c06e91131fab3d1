//! One template for every simple form: labelled fields that keep what the user typed and show
//! their error next to them, in the user's language.

use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;
use lpc_app::AppError;

use super::context::{Ctx, render};

/// A form field.
#[derive(Debug, Clone, Default)]
pub struct Field {
    pub name: &'static str,
    pub label: String,
    /// `text`, `email`, `password` or `select`.
    pub kind: &'static str,
    pub value: String,
    /// The error shown next to the field (empty: none).
    pub error: String,
    pub help: String,
    pub autocomplete: &'static str,
    pub required: bool,
    pub options: Vec<Choice>,
    /// Extra attributes' values: `inputmode` (empty: none), `maxlength` (0: none).
    pub inputmode: &'static str,
    pub maxlength: usize,
}

/// An option of a `select` field.
#[derive(Debug, Clone)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// A hidden field.
#[derive(Debug, Clone)]
pub struct Hidden {
    pub name: &'static str,
    pub value: String,
}

/// A link under the form.
#[derive(Debug, Clone)]
pub struct Link {
    pub href: String,
    pub label: String,
}

impl Field {
    pub fn new(name: &'static str, label: String, kind: &'static str, value: &str) -> Self {
        Field {
            name,
            label,
            kind,
            value: value.to_owned(),
            required: true,
            ..Field::default()
        }
    }

    pub fn help(mut self, help: String) -> Self {
        self.help = help;
        self
    }

    pub fn autocomplete(mut self, autocomplete: &'static str) -> Self {
        self.autocomplete = autocomplete;
        self
    }

    pub fn inputmode(mut self, inputmode: &'static str) -> Self {
        self.inputmode = inputmode;
        self
    }

    pub fn maxlength(mut self, maxlength: usize) -> Self {
        self.maxlength = maxlength;
        self
    }

    pub fn options(mut self, options: Vec<Choice>) -> Self {
        self.options = options;
        self
    }

    pub fn has_error(&self) -> bool {
        !self.error.is_empty()
    }

    pub fn is_select(&self) -> bool {
        self.kind == "select"
    }
}

/// A page with one form.
#[derive(Debug, Template)]
#[template(path = "form.html")]
pub struct FormPage {
    pub ctx: Ctx,
    pub title: String,
    pub intro: String,
    /// A notice above the form (e.g. "your session has ended"); empty: none.
    pub notice: String,
    /// An error about the whole form (e.g. wrong password); empty: none.
    pub error: String,
    pub action: String,
    pub submit: String,
    pub fields: Vec<Field>,
    pub hidden: Vec<Hidden>,
    pub links: Vec<Link>,
}

impl FormPage {
    pub fn new(ctx: &Ctx, title_key: &str, action: &str, submit_key: &str) -> Self {
        FormPage {
            ctx: ctx.clone(),
            title: ctx.t(title_key),
            intro: String::new(),
            notice: String::new(),
            error: String::new(),
            action: action.to_owned(),
            submit: ctx.t(submit_key),
            fields: Vec::new(),
            hidden: Vec::new(),
            links: Vec::new(),
        }
    }

    pub fn has_errors(&self) -> bool {
        !self.error.is_empty() || self.fields.iter().any(Field::has_error)
    }

    /// Puts `message` next to the field `name`.
    pub fn set_error(&mut self, name: &str, message: String) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.name == name) {
            f.error = message;
        } else {
            self.error = message;
        }
    }

    /// Never send a password back to the browser.
    fn clear_passwords(&mut self) {
        for f in &mut self.fields {
            if f.kind == "password" {
                f.value.clear();
            }
        }
    }

    pub fn respond(mut self, status: StatusCode) -> Response {
        self.clear_passwords();
        render(status, &self)
    }

    /// Shows a refusal from `app` next to its field, or the friendly failure page when it is
    /// not about a field.
    pub fn refused(mut self, err: AppError) -> Response {
        match err {
            AppError::Invalid { field, message } => {
                let (name, key) = field_error(&field, &message);
                let text = match key {
                    "error-password-short" => self
                        .ctx
                        .t_args(key, &[("min", lpc_app::passwords::MIN_LENGTH.to_string())]),
                    _ => self.ctx.t(key),
                };
                self.set_error(name, text);
                self.respond(StatusCode::UNPROCESSABLE_ENTITY)
            }
            other => self.ctx.fail(other),
        }
    }
}

/// The form field and the message key for a refusal of `app` naming `field`.
pub fn field_error(field: &str, message: &str) -> (&'static str, &'static str) {
    let taken = message.contains("already");
    match field {
        "id" | "mpn_id" if taken => ("mpn_id", "error-mpn-taken"),
        "id" | "mpn_id" => ("mpn_id", "error-mpn-id"),
        "name" => ("name", "error-partner-name"),
        "country" => ("country", "error-country"),
        "email" if taken => ("email", "error-email-taken"),
        "email" => ("email", "error-email"),
        "password" => ("password", "error-password-short"),
        "role" => ("role", "error-role"),
        "token" => ("", "error-reset-link"),
        _ => ("", "error-internal"),
    }
}
