//! The form that writes an announcement (R32), operators only: a title and a text in English
//! (required), Japanese and Italian (optional), a start (today unless chosen) and an optional
//! end. Every refusal is shown next to its field, naming it and the rule, with what was typed
//! kept.
//!
//! Routes (see [`crate::ui::routes`]):
//! - `GET /ops/announcements/new[?title_en=..&text_en=..&starts_on=..&draft=ID]`: the empty
//!   form, or one prefilled (the rule-set what-if's "Draft an announcement", R14).
//! - `POST /ops/announcements`: [`announcements::publish`], then the list.
//! - `GET /ops/announcements/{id}/edit`, `POST` the same: [`announcements::edit`], before its
//!   start only.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jiff::civil::Date;
use lpc_app::announcements::{
    self, AnnouncementInput, InputError, LANGS, MAX_TEXT_CHARS, MAX_TITLE_CHARS, Problem, TextInput,
};
use lpc_app::{App, AppError};

use super::{OperatorUser, OpsNav, Staff};
use crate::ui::context::{Ctx, render};

/// One language's title and text on the form.
#[derive(Debug, Clone)]
pub struct VersionFields {
    pub lang: &'static str,
    pub legend: String,
    pub required: bool,
    pub title: String,
    pub title_error: String,
    pub text: String,
    pub text_error: String,
}

#[derive(Debug, Template)]
#[template(path = "ops_announcement_form.html")]
pub struct FormPage {
    pub ctx: Ctx,
    pub nav: OpsNav,
    pub heading: String,
    pub action: String,
    pub submit: String,
    /// Where the form came from (a prefill); empty: nothing to say.
    pub notice: String,
    /// A refusal about the whole form; empty: none.
    pub error: String,
    pub versions: Vec<VersionFields>,
    pub starts_on: String,
    pub starts_error: String,
    pub ends_on: String,
    pub ends_error: String,
    pub today_iso: String,
    pub max_title: usize,
    pub max_text: usize,
}

impl FormPage {
    /// The form with `values` (the form's own field names) filled in.
    fn new(ctx: &Ctx, nav: OpsNav, action: String, values: &HashMap<String, String>) -> Self {
        let value = |key: &str, max: usize| -> String {
            values
                .get(key)
                .map(|v| v.chars().take(max).collect())
                .unwrap_or_default()
        };
        let editing = action.ends_with("/edit");
        FormPage {
            ctx: ctx.clone(),
            nav,
            heading: ctx.t(if editing {
                "ann-edit-title"
            } else {
                "ann-new-title"
            }),
            submit: ctx.t(if editing { "ann-save" } else { "ann-publish" }),
            action,
            notice: String::new(),
            error: String::new(),
            versions: LANGS
                .iter()
                .map(|&lang| VersionFields {
                    lang,
                    legend: ctx.t(&format!("ann-version-{lang}")),
                    required: lang == "en",
                    // What was typed, kept a little past the limits so the refusal shows it.
                    title: value(&format!("title_{lang}"), MAX_TITLE_CHARS * 2),
                    title_error: String::new(),
                    text: value(&format!("text_{lang}"), MAX_TEXT_CHARS * 2),
                    text_error: String::new(),
                })
                .collect(),
            starts_on: value("starts_on", 20),
            starts_error: String::new(),
            ends_on: value("ends_on", 20),
            ends_error: String::new(),
            today_iso: String::new(),
            max_title: MAX_TITLE_CHARS,
            max_text: MAX_TEXT_CHARS,
        }
    }

    /// Puts `message` next to the field `field` (`title_ja`, `ends_on`...).
    fn set_error(&mut self, field: &str, message: String) {
        match field {
            "starts_on" => self.starts_error = message,
            "ends_on" => self.ends_error = message,
            _ => {
                let found = field.split_once('_').and_then(|(kind, lang)| {
                    self.versions
                        .iter_mut()
                        .find(|v| v.lang == lang)
                        .map(|v| (kind, v))
                });
                match found {
                    Some(("title", v)) => v.title_error = message,
                    Some(("text", v)) => v.text_error = message,
                    _ => self.error = message,
                }
            }
        }
    }
}

/// The label of the form field `field`, as a refusal names it.
fn field_label(ctx: &Ctx, field: &str) -> String {
    match field.split_once('_') {
        Some((kind @ ("title" | "text"), lang)) if LANGS.contains(&lang) => ctx.t_args(
            &format!("ann-field-{kind}"),
            &[("language", ctx.t(&format!("ann-version-{lang}")))],
        ),
        _ => ctx.t(&format!("ann-field-{}", field.replace('_', "-"))),
    }
}

/// A refusal in the page's language, naming the field and the rule (R32).
fn message(ctx: &Ctx, error: &InputError) -> String {
    let field = ("field", field_label(ctx, &error.field));
    match error.problem {
        Problem::Missing if error.field.ends_with("_en") => {
            ctx.t_args("ann-error-required-en", &[field])
        }
        Problem::Missing => ctx.t_args("ann-error-required-pair", &[field]),
        Problem::TooLong { chars, max } => ctx.t_args(
            "ann-error-too-long",
            &[
                field,
                ("chars", chars.to_string()),
                ("max", max.to_string()),
            ],
        ),
        Problem::StartsInPast { today } => ctx.t_args(
            "ann-error-starts-past",
            &[field, ("today", ctx.date(today))],
        ),
        Problem::EndsBeforeStart { starts_on } => ctx.t_args(
            "ann-error-ends-before-start",
            &[field, ("start", ctx.date(starts_on))],
        ),
        Problem::UnknownLanguage => ctx.t("ann-error-language"),
    }
}

/// The form's values as an [`AnnouncementInput`], or the date fields that are not dates.
fn input_of(values: &HashMap<String, String>) -> (AnnouncementInput, Vec<&'static str>) {
    let mut bad_dates = Vec::new();
    let mut date = |key: &'static str| -> Option<Date> {
        let text = values.get(key).map(|v| v.trim()).unwrap_or_default();
        if text.is_empty() {
            return None;
        }
        let parsed = text.parse::<Date>().ok();
        if parsed.is_none() {
            bad_dates.push(key);
        }
        parsed
    };
    let starts_on = date("starts_on");
    let ends_on = date("ends_on");
    let texts = LANGS
        .iter()
        .map(|&lang| TextInput {
            lang: lang.to_owned(),
            title: values
                .get(&format!("title_{lang}"))
                .cloned()
                .unwrap_or_default(),
            text: values
                .get(&format!("text_{lang}"))
                .cloned()
                .unwrap_or_default(),
        })
        .collect();
    (
        AnnouncementInput {
            texts,
            starts_on,
            ends_on,
        },
        bad_dates,
    )
}

/// The form with its refusals, or the input that passed the checks of today.
fn checked(
    app: &App,
    staff: &Staff,
    action: String,
    values: &HashMap<String, String>,
) -> Result<AnnouncementInput, Box<FormPage>> {
    let ctx = &staff.ctx;
    let (input, bad_dates) = input_of(values);
    let mut errors: Vec<(String, String)> = bad_dates
        .iter()
        .map(|field| {
            let label = ("field", field_label(ctx, field));
            ((*field).to_owned(), ctx.t_args("ann-error-date", &[label]))
        })
        .collect();
    if let Err(problems) = announcements::check(&input, app.clock().today()) {
        for p in &problems {
            if !errors.iter().any(|(field, _)| *field == p.field) {
                errors.push((p.field.clone(), message(ctx, p)));
            }
        }
    }
    if errors.is_empty() {
        return Ok(input);
    }
    let mut page = FormPage::new(ctx, staff.nav("announcements"), action, values);
    page.today_iso = app.clock().today().to_string();
    for (field, text) in errors {
        page.set_error(&field, text);
    }
    Err(Box::new(page))
}

fn form_values(body: &str) -> HashMap<String, String> {
    serde_urlencoded::from_str(body).unwrap_or_default()
}

/// `GET /ops/announcements/new[?title_en=..&text_en=..&starts_on=..&draft=ID]`
pub async fn new_form(
    OperatorUser(staff): OperatorUser,
    State(app): State<App>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let ctx = &staff.ctx;
    let today = app.clock().today();
    let mut values = query.clone();
    values
        .entry("starts_on".to_owned())
        .or_insert_with(|| today.to_string());
    let mut page = FormPage::new(
        ctx,
        staff.nav("announcements"),
        "/ops/announcements".to_owned(),
        &values,
    );
    page.today_iso = today.to_string();
    if let Some(draft) = query.get("draft").and_then(|d| d.parse::<i64>().ok()) {
        page.notice = ctx.t_args("ann-prefilled-notice", &[("draft", draft.to_string())]);
    }
    render(StatusCode::OK, &page)
}

/// `POST /ops/announcements`
pub async fn create(
    OperatorUser(staff): OperatorUser,
    State(app): State<App>,
    body: String,
) -> Response {
    let values = form_values(&body);
    let input = match checked(&app, &staff, "/ops/announcements".to_owned(), &values) {
        Ok(input) => input,
        Err(page) => return render(StatusCode::UNPROCESSABLE_ENTITY, &*page),
    };
    match announcements::publish(&app, &staff.actor, &input).await {
        Ok(saved) => Redirect::to(&format!(
            "/ops/announcements?published={}&mailed={}",
            saved.announcement.id, saved.mailed
        ))
        .into_response(),
        Err(e) => staff.ctx.fail(e),
    }
}

/// The form values of stored announcement `a`.
fn values_of(a: &announcements::Announcement) -> HashMap<String, String> {
    let mut values = HashMap::new();
    for t in &a.texts {
        values.insert(format!("title_{}", t.lang), t.title.clone());
        values.insert(format!("text_{}", t.lang), t.body.clone());
    }
    values.insert("starts_on".to_owned(), a.starts_on.to_string());
    if let Some(end) = a.ends_on {
        values.insert("ends_on".to_owned(), end.to_string());
    }
    values
}

fn edit_action(id: i64) -> String {
    format!("/ops/announcements/{id}/edit")
}

/// The refusal of a change to an announcement that started or was withdrawn meanwhile.
async fn not_editable(app: &App, staff: &Staff, id: i64) -> Response {
    let text = staff
        .ctx
        .t_args("ann-edit-refused", &[("id", id.to_string())]);
    super::announcements::refused(app, staff, StatusCode::CONFLICT, text).await
}

/// `GET /ops/announcements/{id}/edit`
pub async fn edit_form(
    OperatorUser(staff): OperatorUser,
    State(app): State<App>,
    Path(id): Path<String>,
) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return staff.ctx.not_found();
    };
    let today = app.clock().today();
    let a = match announcements::get(&app, &staff.actor, id).await {
        Ok(a) => a,
        Err(e) => return staff.ctx.fail(e),
    };
    if announcements::Status::of(&a, today) != announcements::Status::Scheduled {
        return not_editable(&app, &staff, id).await;
    }
    let mut page = FormPage::new(
        &staff.ctx,
        staff.nav("announcements"),
        edit_action(id),
        &values_of(&a),
    );
    page.today_iso = today.to_string();
    render(StatusCode::OK, &page)
}

/// `POST /ops/announcements/{id}/edit`
pub async fn edit(
    OperatorUser(staff): OperatorUser,
    State(app): State<App>,
    Path(id): Path<String>,
    body: String,
) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return staff.ctx.not_found();
    };
    let values = form_values(&body);
    let input = match checked(&app, &staff, edit_action(id), &values) {
        Ok(input) => input,
        Err(page) => return render(StatusCode::UNPROCESSABLE_ENTITY, &*page),
    };
    match announcements::edit(&app, &staff.actor, id, &input).await {
        Ok(saved) => Redirect::to(&format!(
            "/ops/announcements?saved={}",
            saved.announcement.id
        ))
        .into_response(),
        Err(AppError::Conflict(_)) => not_editable(&app, &staff, id).await,
        Err(e) => staff.ctx.fail(e),
    }
}
