//! The partner's trainers (R4): `GET /partner/{mpn}/trainers`, `POST .../trainers` (add),
//! `GET/POST .../trainers/remove`, `POST .../trainers/import` (multipart, `?csrf=`).

use std::collections::HashMap;

use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use lpc_app::trainers::TrainerInput;
use lpc_app::views::Trainer;
use lpc_app::{App, AppError};

use super::context::{Ctx, render};
use super::extract::PartnerUser;
use super::forms::{Field, FormPage, Hidden, Link};
use super::people_page::*;

pub(super) fn trainer_fields(ctx: &Ctx, values: &HashMap<String, String>) -> Vec<Field> {
    let value = |name: &str| values.get(name).map(String::as_str).unwrap_or("");
    vec![
        Field::new(
            "mct_id",
            ctx.t("people-field-mct_id"),
            "text",
            value("mct_id"),
        )
        .maxlength(64),
        Field::new("name", ctx.t("people-field-name"), "text", value("name"))
            .autocomplete("off")
            .maxlength(200),
        Field::new(
            "email",
            ctx.t("people-field-email"),
            "email",
            value("email"),
        )
        .autocomplete("off"),
        Field::new(
            "valid_from",
            ctx.t("people-field-valid_from"),
            "date",
            value("valid_from"),
        ),
        Field::new(
            "valid_until",
            ctx.t("people-field-valid_until"),
            "date",
            value("valid_until"),
        ),
    ]
}

pub(super) async fn trainers_page(
    app: &App,
    pu: &PartnerUser,
    values: &HashMap<String, String>,
) -> Result<PeoplePage, AppError> {
    let ctx = &pu.ctx;
    let mpn = pu.partner.mpn_id;
    let trainers = lpc_app::trainers::of_partner(app, &pu.actor, mpn).await?;
    let today = app.clock().today();
    let active = lpc_app::trainers::active_count(&trainers, today);
    let remove = |t: &Trainer| {
        let q = serde_urlencoded::to_string([("mct_id", t.mct_id.as_str())]).unwrap_or_default();
        format!("/partner/{mpn}/trainers/remove?{q}")
    };
    let rows = trainers
        .iter()
        .map(|t| {
            let is_active = t.valid_from <= today && today <= t.valid_until;
            RowView {
                cells: vec![
                    t.mct_id.clone(),
                    t.name.clone(),
                    t.email.to_string(),
                    ctx.date(t.valid_from),
                    ctx.date(t.valid_until),
                ],
                status: ctx.t(if is_active {
                    "people-active"
                } else {
                    "people-inactive"
                }),
                status_code: if is_active { "active" } else { "inactive" },
                remove_href: remove(t),
            }
        })
        .collect();
    Ok(PeoplePage {
        ctx: ctx.clone(),
        mpn: mpn.to_string(),
        kind: "trainers",
        title: ctx.t("people-trainers-title"),
        summary_title: ctx.t("people-trainers-summary"),
        summary: vec![ctx.t_args(
            "people-trainers-active",
            &[("count", ctx.number(i64::from(active)))],
        )],
        headers: [
            "people-field-mct_id",
            "people-field-name",
            "people-field-email",
            "people-field-valid_from",
            "people-field-valid_until",
            "people-col-active",
        ]
        .iter()
        .map(|k| ctx.t(k))
        .collect(),
        rows,
        empty: ctx.t("people-trainers-none"),
        notice: String::new(),
        is_admin: pu.is_admin(),
        add_title: ctx.t("people-trainers-add"),
        fields: trainer_fields(ctx, values),
        form_error: String::new(),
        import_title: ctx.t("people-trainers-import"),
        import_help: ctx.t_args(
            "people-import-help",
            &[("columns", lpc_app::trainers::COLUMNS.join(","))],
        ),
        import_error: String::new(),
        row_errors: Vec::new(),
    })
}

/// `GET /partner/{mpn}/trainers`: the partner's MCTs and how many are active today (R4).
pub async fn trainers(
    pu: PartnerUser,
    State(app): State<App>,
    RawQuery(raw): RawQuery,
) -> Response {
    match trainers_page(&app, &pu, &HashMap::new()).await {
        Ok(mut page) => {
            page.notice = notice_of(&pu.ctx, &query_of(raw.as_deref()));
            render(StatusCode::OK, &page)
        }
        Err(e) => pu.ctx.fail(e),
    }
}

/// `POST /partner/{mpn}/trainers`: adds one trainer (admins, R1).
pub async fn add_trainer(pu: PartnerUser, State(app): State<App>, body: String) -> Response {
    let ctx = &pu.ctx;
    if !pu.is_admin() {
        return forbidden(ctx);
    }
    let values = parse_pairs(&body);
    let value = |name: &str| values.get(name).cloned().unwrap_or_default();
    let input = TrainerInput {
        mct_id: value("mct_id"),
        name: value("name"),
        email: value("email"),
        valid_from: value("valid_from"),
        valid_until: value("valid_until"),
    };
    let mpn = pu.partner.mpn_id;
    match lpc_app::trainers::add(&app, &pu.actor, mpn, &input).await {
        Ok(_) => Redirect::to(&format!("/partner/{mpn}/trainers?added=1")).into_response(),
        Err(AppError::Invalid { field, message }) => {
            let mut page = match trainers_page(&app, &pu, &values).await {
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

/// `GET /partner/{mpn}/trainers/remove?mct_id=...`: asks before removing.
pub async fn remove_trainer_form(
    pu: PartnerUser,
    State(app): State<App>,
    RawQuery(raw): RawQuery,
) -> Response {
    let ctx = &pu.ctx;
    if !pu.is_admin() {
        return forbidden(ctx);
    }
    let mct_id = query_of(raw.as_deref())
        .remove("mct_id")
        .unwrap_or_default();
    let mpn = pu.partner.mpn_id;
    let trainer = match lpc_app::trainers::of_partner(&app, &pu.actor, mpn).await {
        Ok(list) => list.into_iter().find(|t| t.mct_id == mct_id),
        Err(e) => return ctx.fail(e),
    };
    let Some(trainer) = trainer else {
        return ctx.not_found();
    };
    let mut page = FormPage::new(
        ctx,
        "people-trainers-remove-title",
        &format!("/partner/{mpn}/trainers/remove"),
        "people-remove-confirm",
    );
    page.intro = ctx.t_args(
        "people-trainers-remove-intro",
        &[
            ("mct", trainer.mct_id.clone()),
            ("name", trainer.name.clone()),
        ],
    );
    page.hidden.push(Hidden {
        name: "mct_id",
        value: trainer.mct_id,
    });
    page.links.push(Link {
        href: format!("/partner/{mpn}/trainers"),
        label: ctx.t("people-cancel"),
    });
    page.respond(StatusCode::OK)
}

/// `POST /partner/{mpn}/trainers/remove`: removes the trainer (admins, R1).
pub async fn remove_trainer(pu: PartnerUser, State(app): State<App>, body: String) -> Response {
    let ctx = &pu.ctx;
    if !pu.is_admin() {
        return forbidden(ctx);
    }
    let mct_id = parse_pairs(&body).remove("mct_id").unwrap_or_default();
    let mpn = pu.partner.mpn_id;
    match lpc_app::trainers::remove(&app, &pu.actor, mpn, &mct_id).await {
        Ok(()) => Redirect::to(&format!("/partner/{mpn}/trainers?removed=1")).into_response(),
        Err(e) => ctx.fail(e),
    }
}

/// `POST /partner/{mpn}/trainers/import?csrf=...`: a trainers CSV (the format of
/// `lpc trainers import`), stored whole or not at all; every refused row is shown.
pub async fn import_trainers(
    pu: PartnerUser,
    State(app): State<App>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let (app, mpn, actor) = (&app, pu.partner.mpn_id, &pu.actor);
    import_upload(
        app,
        &pu,
        PeopleKind::Trainers,
        &headers,
        multipart,
        |name, content| async move {
            let done =
                lpc_app::trainers::import_for_partner(app, actor, mpn, &name, &content).await?;
            Ok(done.counts.added + done.counts.updated)
        },
    )
    .await
}
