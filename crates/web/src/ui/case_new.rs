//! The KPI discrepancy form (R13, R21, R22): `GET/POST /partner/{mpn}/cases/new`. Opened from
//! a dashboard row, it shows the row read-only and asks what the invoice says; opened alone,
//! it takes the fields of a line missing from the dashboard. The invoice is attached (R13).

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use lpc_app::cases::{self, CaseRequest, GivenFile, MAX_ATTACHMENT_BYTES};
use lpc_app::views::CaseKind;
use lpc_app::{App, AppError};
use lpc_domain::RuleSet;

use super::context::{Ctx, render};
use super::extract::PartnerUser;
use super::forms::{Choice, Field};
use super::kpi_format::{money_text, points, type_name};
use super::upload::{self, Keep, UploadError};

/// The seven fields of R21 and the revenue's currency, with their label keys, in the
/// dashboard's order.
const FIELDS: [(&str, &str, &str); 8] = [
    ("month", "cases-field-month", "numeric"),
    ("year", "cases-field-year", "numeric"),
    ("omlp_type", "cases-field-omlp-type", ""),
    ("purchase_units", "cases-field-purchase-units", "numeric"),
    ("invoice_number", "cases-field-invoice-number", ""),
    ("kpi_value", "cases-field-kpi-value", "decimal"),
    ("revenue_value", "cases-field-revenue-value", "decimal"),
    ("currency", "cases-field-currency", ""),
];

/// The fields a partner says its invoice differs in: shown as the dashboard has them, and
/// asked again, prefilled, as the invoice says. The others identify the line and stay the row's.
const CLAIMED: [&str; 3] = ["purchase_units", "kpi_value", "revenue_value"];

/// Longest message, as the app's comment limit.
const MAX_MESSAGE: usize = 4_000;

/// The form's route body limit: the invoice (5 MiB) and the small fields.
pub const NEW_CASE_ROUTE_LIMIT: usize = MAX_ATTACHMENT_BYTES + 64 * 1024;

/// A field copied from the dashboard row, shown as text and sent as a hidden field: the line
/// is the dashboard's, not the partner's to retype.
#[derive(Debug, Clone)]
pub struct RowField {
    pub name: &'static str,
    pub label: String,
    /// As a person reads it (`October`, `Microsoft Official Course`, `$2,970.00`).
    pub shown: String,
    /// As it is sent.
    pub value: String,
    /// One of [`CLAIMED`]: sent from its own input, not as a hidden field.
    pub claimed: bool,
}

#[derive(Debug, Template)]
#[template(path = "case_new.html")]
pub struct CaseNewPage {
    pub ctx: Ctx,
    pub mpn: String,
    /// The fields come from a dashboard row: [`Self::row`] is shown, [`Self::fields`] is not.
    pub from_row: bool,
    pub row: Vec<RowField>,
    /// With a row: what the invoice says, for the [`CLAIMED`] fields.
    pub claim_fields: Vec<Field>,
    /// Without a row: every field, to fill in.
    pub fields: Vec<Field>,
    /// The revenue's currency, with a row (it is part of the revenue as shown).
    pub currency: String,
    /// The invoice file's error (empty: none).
    pub file_error: String,
    pub message: String,
    pub message_error: String,
    pub form_error: String,
}

impl CaseNewPage {
    fn new(
        ctx: &Ctx,
        rules: Option<&RuleSet>,
        mpn: String,
        values: &HashMap<String, String>,
    ) -> Self {
        let value = |name: &str| values.get(name).map(String::as_str).unwrap_or("");
        let lang = ctx.lang;
        // A row's link carries all eight; a form sent from a row says so.
        let from_row = value("from_row") == "1"
            || FIELDS
                .iter()
                .all(|(name, _, _)| !value(name).trim().is_empty());
        let row = if from_row {
            FIELDS
                .iter()
                .map(|(name, label, _)| {
                    // The row as the dashboard has it: the link's value, or on a form sent
                    // back, the copy kept beside the claim.
                    let raw = values
                        .get(&format!("row_{name}"))
                        .map_or_else(|| value(name), String::as_str)
                        .trim()
                        .to_owned();
                    let shown = match *name {
                        "month" => raw
                            .parse::<i8>()
                            .ok()
                            .filter(|m| (1..=12).contains(m))
                            .map_or_else(|| raw.clone(), |m| ctx.t(&format!("kpi-month-{m}"))),
                        "omlp_type" => type_name(lang, rules, &raw),
                        "purchase_units" => raw
                            .parse::<i64>()
                            .map_or_else(|_| raw.clone(), |n| lang.number(n)),
                        "kpi_value" => lpc_domain::KpiPoints::parse(&raw)
                            .map_or_else(|_| raw.clone(), |p| points(lang, p)),
                        "revenue_value" => money_text(lang, &raw, value("currency").trim()),
                        _ => raw.clone(),
                    };
                    RowField {
                        name,
                        label: ctx.t(if *name == "month" {
                            "kpi-col-month"
                        } else {
                            label
                        }),
                        shown,
                        value: raw,
                        claimed: CLAIMED.contains(name),
                    }
                })
                // The currency is part of the revenue as shown.
                .filter(|f| f.name != "currency")
                .collect()
        } else {
            Vec::new()
        };
        let fields: Vec<Field> =
            FIELDS
                .iter()
                .map(|(name, label, inputmode)| {
                    if *name == "omlp_type" {
                        let chosen = value(name);
                        let mut options = vec![Choice {
                            value: String::new(),
                            label: ctx.t("cases-choose-omlp-type"),
                            selected: chosen.is_empty(),
                        }];
                        options.extend(rules.into_iter().flat_map(|r| &r.omlp_types).map(|t| {
                            Choice {
                                value: t.id.clone(),
                                label: type_name(lang, rules, &t.id),
                                selected: t.id == chosen,
                            }
                        }));
                        return Field::new(name, ctx.t(label), "select", chosen).options(options);
                    }
                    Field::new(name, ctx.t(label), "text", value(name))
                        .inputmode(inputmode)
                        .maxlength(64)
                })
                .collect();
        let (claim_fields, fields) = if from_row {
            (
                fields
                    .into_iter()
                    .filter(|f| CLAIMED.contains(&f.name))
                    .collect(),
                Vec::new(),
            )
        } else {
            (Vec::new(), fields)
        };
        CaseNewPage {
            ctx: ctx.clone(),
            mpn,
            from_row,
            row,
            claim_fields,
            fields,
            currency: value("currency").trim().to_owned(),
            file_error: String::new(),
            message: value("message").to_owned(),
            message_error: String::new(),
            form_error: String::new(),
        }
    }

    fn set_error(&mut self, name: &str, text: String) {
        if name == "attachment" || name == "evidence_document_type" {
            self.file_error = text;
        } else if let Some(f) = self
            .fields
            .iter_mut()
            .chain(self.claim_fields.iter_mut())
            .find(|f| f.name == name)
        {
            f.error = text;
        } else if let Some(f) = self.row.iter().find(|f| f.name == name) {
            // The row's fields are not editable: the error goes above them, naming the field.
            self.form_error = format!("{}: {text}", f.label);
        } else {
            self.form_error = text;
        }
    }
}

pub(super) fn parse_pairs(text: &str) -> HashMap<String, String> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(text)
        .unwrap_or_default()
        .into_iter()
        .collect()
}

/// `GET /partner/{mpn}/cases/new?kind=kpi_discrepancy&month=...`: the form, with the row's
/// fields read-only when a dashboard row opened it, else empty to fill in (a line missing from
/// the dashboard).
pub async fn new_form(
    pu: PartnerUser,
    State(app): State<App>,
    RawQuery(raw): RawQuery,
) -> Response {
    let values = parse_pairs(raw.as_deref().unwrap_or(""));
    let rules = app.rules_on(app.clock().today()).ok();
    let page = CaseNewPage::new(&pu.ctx, rules, pu.partner.mpn_id.to_string(), &values);
    render(StatusCode::OK, &page)
}

/// Reads a form carrying an invoice (the `invoice` file part, at most 5 MiB, refused as soon
/// as it is declared or read larger): the discrepancy form and a case's "add a file" form.
pub(super) async fn receive_invoice(
    headers: &HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<upload::Received, UploadError> {
    if upload::declared_over(headers, NEW_CASE_ROUTE_LIMIT as u64) {
        return Err(UploadError::TooLarge);
    }
    upload::receive(
        multipart,
        "invoice",
        MAX_ATTACHMENT_BYTES as u64,
        Keep::InMemory,
    )
    .await
}

/// The message key for the app's refusal of `field` (`message` is the app's English reason).
pub(super) fn error_key(field: &str, message: &str) -> &'static str {
    match field {
        "month" if message.contains("R17") => "cases-error-no-report",
        "month" if message.contains("R18") => "cases-error-month-not-in-report",
        _ if message.contains("is missing") => "cases-error-required",
        "month" => "cases-error-month",
        "year" => "cases-error-year",
        "omlp_type" => "cases-error-omlp-type",
        "purchase_units" => "cases-error-purchase-units",
        "invoice_number" => "cases-error-invoice-number",
        "kpi_value" => "cases-error-kpi-value",
        "revenue_value" => "cases-error-revenue-value",
        "currency" => "cases-error-currency",
        "evidence_document_type" => "cases-error-evidence",
        "attachment" if message.contains("bytes") => "cases-error-file-too-large",
        "attachment" if message.contains("empty") => "cases-error-file-missing",
        "attachment" => "cases-error-file-type",
        _ => "error-internal",
    }
}

/// The app's refusal of a discrepancy, per field: its `field` lists the faulty fields
/// (`"month, currency"`) and its `message` each one's reason (`"...: month ...; currency ..."`).
pub(super) fn field_errors(field: &str, message: &str) -> Vec<(String, &'static str)> {
    let reasons: Vec<&str> = message.split("; ").collect();
    field
        .split(", ")
        .map(|name| {
            let name = name.trim();
            let reason = reasons
                .iter()
                .find(|r| r.starts_with(&format!("{name} ")) || r.contains(&format!(": {name} ")))
                .copied()
                .unwrap_or(message);
            (name.to_owned(), error_key(name, reason))
        })
        .collect()
}

/// `POST /partner/{mpn}/cases/new` (multipart: the fields and the invoice): opens the case
/// with the invoice attached (R13) and the message as its first comment, then shows the case;
/// refused fields come back with their errors and the values kept.
pub async fn create(
    pu: PartnerUser,
    State(app): State<App>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let ctx = &pu.ctx;
    let mpn = pu.partner.mpn_id;
    let rules = app.rules_on(app.clock().today()).ok();
    let received = receive_invoice(&headers, multipart).await;
    let received = match received {
        Ok(received) => received,
        Err(UploadError::TooLarge) => {
            let mut page = CaseNewPage::new(ctx, rules, mpn.to_string(), &HashMap::new());
            page.form_error = ctx.t("cases-error-file-too-large");
            return render(StatusCode::PAYLOAD_TOO_LARGE, &page);
        }
        // A body cut short or not multipart: the form again, as empty as it came.
        Err(_) => {
            let mut page = CaseNewPage::new(ctx, rules, mpn.to_string(), &HashMap::new());
            page.file_error = ctx.t("cases-error-file-missing");
            return render(StatusCode::BAD_REQUEST, &page);
        }
    };
    let values = received.fields;
    let mut page = CaseNewPage::new(ctx, rules, mpn.to_string(), &values);
    let message = page.message.trim().to_owned();
    if message.chars().count() > MAX_MESSAGE {
        page.message_error = ctx.t("cases-error-comment");
        return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    // R13: the invoice itself is the evidence; the portal asks for it before anything else.
    let Some(file) = received.file.filter(|f| f.size > 0) else {
        page.file_error = ctx.t("cases-error-file-missing");
        return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let mut fields: BTreeMap<String, String> = BTreeMap::new();
    for name in FIELDS.iter().map(|(n, _, _)| *n) {
        if let Some(v) = values.get(name).filter(|v| !v.trim().is_empty()) {
            fields.insert(name.to_owned(), v.trim().to_owned());
        }
    }
    fields.insert("evidence_document_type".to_owned(), "invoice".to_owned());
    let request = CaseRequest {
        partner_id: mpn,
        kind: CaseKind::KpiDiscrepancy,
        fields,
    };
    let given = GivenFile {
        name: file.name.clone(),
        content: file.into_bytes(),
    };
    let case = match cases::open_with_file(&app, &pu.actor, request, Some(given)).await {
        Ok(case) => case,
        Err(AppError::Invalid { field, message }) => {
            for (name, key) in field_errors(&field, &message) {
                page.set_error(&name, ctx.t(key));
            }
            return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
        Err(e) => return ctx.fail(e),
    };
    if !message.is_empty()
        && let Err(e) = cases::comment(&app, &pu.actor, case.id, &message).await
    {
        tracing::warn!(error = %e, case = case.id, "the case's first comment failed");
    }
    Redirect::to(&format!("/partner/{mpn}/cases/{}?opened=1", case.id)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_map_to_each_field() {
        let errors = field_errors(
            "month, evidence_document_type",
            "R22: a KPI discrepancy case gives ...: month \"13\" must be a month number, 1 to 12; \
             evidence_document_type R13: only an actual invoice is accepted",
        );
        assert_eq!(
            errors,
            [
                ("month".to_owned(), "cases-error-month"),
                ("evidence_document_type".to_owned(), "cases-error-evidence"),
            ]
        );
        assert_eq!(
            field_errors("month", "R18, R22: 2019-01 is not in the report"),
            [("month".to_owned(), "cases-error-month-not-in-report")]
        );
        assert_eq!(
            field_errors("currency", "x: currency is missing"),
            [("currency".to_owned(), "cases-error-required")]
        );
    }
}
