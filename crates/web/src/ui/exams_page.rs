//! The partner's exam passes (R8): `GET /partner/{mpn}/exams`, `POST .../exams` (add),
//! `GET/POST .../exams/remove`, `POST .../exams/import` (multipart, `?csrf=`).

use std::collections::HashMap;

use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use lpc_app::exams::ExamInput;
use lpc_app::views::ExamPass;
use lpc_app::{App, AppError};
use lpc_domain::calendar::exam_window;

use super::context::{Ctx, render};
use super::extract::PartnerUser;
use super::forms::{Field, FormPage, Hidden, Link};
use super::people_page::*;

pub(super) fn exam_fields(ctx: &Ctx, values: &HashMap<String, String>) -> Vec<Field> {
    let value = |name: &str| values.get(name).map(String::as_str).unwrap_or("");
    vec![
        Field::new(
            "person_email",
            ctx.t("people-field-person_email"),
            "email",
            value("person_email"),
        )
        .autocomplete("off"),
        Field::new(
            "exam_code",
            ctx.t("people-field-exam_code"),
            "text",
            value("exam_code"),
        )
        .maxlength(32)
        .help(ctx.t("people-field-exam_code-help")),
        Field::new(
            "passed_on",
            ctx.t("people-field-passed_on"),
            "date",
            value("passed_on"),
        ),
    ]
}

pub(super) async fn exams_page(
    app: &App,
    pu: &PartnerUser,
    values: &HashMap<String, String>,
) -> Result<PeoplePage, AppError> {
    let ctx = &pu.ctx;
    let mpn = pu.partner.mpn_id;
    let passes = lpc_app::exams::of_partner(app, &pu.actor, mpn).await?;
    let today = app.clock().today();
    let window = exam_window(today);
    let rules = app.rules_on(today)?;
    let name_of = |id: &str| crate::ui::directory_public::competency_label(ctx, Some(rules), id);
    let counts = lpc_domain::eligibility::count_exam_passes(
        rules,
        passes.iter().map(|p| (p.exam_code.as_str(), p.passed_on)),
        today,
    );
    let mut summary: Vec<String> = counts
        .iter()
        .map(|(c, n)| {
            ctx.t_args(
                "people-exams-count",
                &[
                    ("competency", name_of(c)),
                    ("count", ctx.number(i64::from(*n))),
                ],
            )
        })
        .collect();
    if summary.is_empty() {
        summary.push(ctx.t("people-exams-count-none"));
    }
    summary.insert(
        0,
        ctx.t_args(
            "people-exams-window",
            &[("from", ctx.date(window.from)), ("to", ctx.date(window.to))],
        ),
    );
    let remove = |p: &ExamPass| {
        let q = serde_urlencoded::to_string([
            ("person_email", p.person_email.as_str()),
            ("exam_code", p.exam_code.as_str()),
            ("passed_on", &p.passed_on.to_string()),
        ])
        .unwrap_or_default();
        format!("/partner/{mpn}/exams/remove?{q}")
    };
    let mut rows: Vec<RowView> = passes
        .iter()
        .rev()
        .map(|p| {
            let competencies: Vec<String> = rules
                .competencies_of_exam(&p.exam_code)
                .iter()
                .map(|c| name_of(c))
                .collect();
            let counts = window.contains(p.passed_on) && !competencies.is_empty();
            RowView {
                cells: vec![
                    p.person_email.to_string(),
                    p.exam_code.clone(),
                    if competencies.is_empty() {
                        ctx.t("people-exams-unmapped")
                    } else {
                        competencies.join(", ")
                    },
                    ctx.date(p.passed_on),
                ],
                status: ctx.t(if counts {
                    "people-exams-counts"
                } else {
                    "people-exams-not-counted"
                }),
                status_code: if counts { "active" } else { "inactive" },
                remove_href: remove(p),
            }
        })
        .collect();
    rows.shrink_to_fit();
    Ok(PeoplePage {
        ctx: ctx.clone(),
        mpn: mpn.to_string(),
        kind: "exams",
        title: ctx.t("people-exams-title"),
        summary_title: ctx.t("people-exams-summary"),
        summary,
        headers: [
            "people-field-person_email",
            "people-field-exam_code",
            "people-col-competencies",
            "people-field-passed_on",
            "people-col-counts",
        ]
        .iter()
        .map(|k| ctx.t(k))
        .collect(),
        rows,
        empty: ctx.t("people-exams-none"),
        notice: String::new(),
        is_admin: pu.is_admin(),
        add_title: ctx.t("people-exams-add"),
        fields: exam_fields(ctx, values),
        form_error: String::new(),
        import_title: ctx.t("people-exams-import"),
        import_help: ctx.t_args(
            "people-import-help",
            &[("columns", lpc_app::exams::COLUMNS.join(","))],
        ),
        import_error: String::new(),
        row_errors: Vec::new(),
    })
}

/// `GET /partner/{mpn}/exams`: the partner's exam passes and, per competency, how many count
/// in the last 12 months (R8).
pub async fn exams(pu: PartnerUser, State(app): State<App>, RawQuery(raw): RawQuery) -> Response {
    match exams_page(&app, &pu, &HashMap::new()).await {
        Ok(mut page) => {
            page.notice = notice_of(&pu.ctx, &query_of(raw.as_deref()));
            render(StatusCode::OK, &page)
        }
        Err(e) => pu.ctx.fail(e),
    }
}

pub(super) fn exam_input(values: &HashMap<String, String>) -> ExamInput {
    let value = |name: &str| values.get(name).cloned().unwrap_or_default();
    ExamInput {
        person_email: value("person_email"),
        exam_code: value("exam_code"),
        passed_on: value("passed_on"),
    }
}

/// `POST /partner/{mpn}/exams`: adds one exam pass (admins, R1).
pub async fn add_exam(pu: PartnerUser, State(app): State<App>, body: String) -> Response {
    let ctx = &pu.ctx;
    if !pu.is_admin() {
        return forbidden(ctx);
    }
    let values = parse_pairs(&body);
    let mpn = pu.partner.mpn_id;
    match lpc_app::exams::add(&app, &pu.actor, mpn, &exam_input(&values)).await {
        Ok(_) => Redirect::to(&format!("/partner/{mpn}/exams?added=1")).into_response(),
        Err(AppError::Invalid { field, message }) => {
            let mut page = match exams_page(&app, &pu, &values).await {
                Ok(page) => page,
                Err(e) => return ctx.fail(e),
            };
            for (name, text) in field_errors(ctx, &field, &message) {
                set_field_error(&mut page.fields, &mut page.form_error, &name, text);
            }
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(e) => ctx.fail(e),
    }
}

/// The stored pass named by `values` (the list's link or the confirmation form), if any.
pub(super) fn named_pass(
    pu: &PartnerUser,
    values: &HashMap<String, String>,
    today: jiff::civil::Date,
) -> Option<ExamPass> {
    lpc_app::exams::check_input(pu.partner.mpn_id, &exam_input(values), today).ok()
}

/// `GET /partner/{mpn}/exams/remove?person_email=...&exam_code=...&passed_on=...`: asks
/// before removing.
pub async fn remove_exam_form(
    pu: PartnerUser,
    State(app): State<App>,
    RawQuery(raw): RawQuery,
) -> Response {
    let ctx = &pu.ctx;
    if !pu.is_admin() {
        return forbidden(ctx);
    }
    let mpn = pu.partner.mpn_id;
    let Some(pass) = named_pass(&pu, &query_of(raw.as_deref()), app.clock().today()) else {
        return ctx.not_found();
    };
    match lpc_app::exams::of_partner(&app, &pu.actor, mpn).await {
        Ok(list) if list.contains(&pass) => {}
        Ok(_) => return ctx.not_found(),
        Err(e) => return ctx.fail(e),
    }
    let mut page = FormPage::new(
        ctx,
        "people-exams-remove-title",
        &format!("/partner/{mpn}/exams/remove"),
        "people-remove-confirm",
    );
    page.intro = ctx.t_args(
        "people-exams-remove-intro",
        &[
            ("code", pass.exam_code.clone()),
            ("person", pass.person_email.to_string()),
            ("date", ctx.date(pass.passed_on)),
        ],
    );
    page.hidden = vec![
        Hidden {
            name: "person_email",
            value: pass.person_email.to_string(),
        },
        Hidden {
            name: "exam_code",
            value: pass.exam_code.clone(),
        },
        Hidden {
            name: "passed_on",
            value: pass.passed_on.to_string(),
        },
    ];
    page.links.push(Link {
        href: format!("/partner/{mpn}/exams"),
        label: ctx.t("people-cancel"),
    });
    page.respond(StatusCode::OK)
}

/// `POST /partner/{mpn}/exams/remove`: removes the pass (admins, R1).
pub async fn remove_exam(pu: PartnerUser, State(app): State<App>, body: String) -> Response {
    let ctx = &pu.ctx;
    if !pu.is_admin() {
        return forbidden(ctx);
    }
    let mpn = pu.partner.mpn_id;
    let Some(pass) = named_pass(&pu, &parse_pairs(&body), app.clock().today()) else {
        return ctx.not_found();
    };
    match lpc_app::exams::remove(&app, &pu.actor, &pass).await {
        Ok(()) => Redirect::to(&format!("/partner/{mpn}/exams?removed=1")).into_response(),
        Err(e) => ctx.fail(e),
    }
}

/// `POST /partner/{mpn}/exams/import?csrf=...`: an exams CSV (the format of
/// `lpc exams import`), stored whole or not at all; every refused row is shown.
pub async fn import_exams(
    pu: PartnerUser,
    State(app): State<App>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let (app, mpn, actor) = (&app, pu.partner.mpn_id, &pu.actor);
    import_upload(
        app,
        &pu,
        PeopleKind::Exams,
        &headers,
        multipart,
        |name, content| async move {
            let done = lpc_app::exams::import_for_partner(app, actor, mpn, &name, &content).await?;
            Ok(done.counts.added)
        },
    )
    .await
}
