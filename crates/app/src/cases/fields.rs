//! What a case's fields must be: a KPI discrepancy's seven R21 fields and its evidence (R13,
//! R22), checked against the report the partner sees (R17, R18); a "missing from the
//! directory" case's name, country and landing page (R24, R27). Every faulty field is named
//! at once.

use std::collections::BTreeMap;

use lpc_domain::invoice::DocumentType;
use lpc_domain::points::{Currency, KpiPoints, Money};
use lpc_domain::{CountryCode, MpnId, PartnerName};
use lpc_store::CaseKind;
use serde::Serialize;
use serde_json::{Value, json};

use super::{DIRECTORY_FIELDS, DISCREPANCY_FIELDS};
use crate::{App, AppError};

/// The refusal of a case's fields: every faulty field named at once, in `field`, and each
/// reason in `message`.
pub(super) fn refuse(intro: &str, problems: Vec<(String, String)>) -> AppError {
    let fields: Vec<&str> = problems.iter().map(|(f, _)| f.as_str()).collect();
    let reasons: Vec<String> = problems.iter().map(|(f, m)| format!("{f} {m}")).collect();
    AppError::Invalid {
        field: fields.join(", "),
        message: format!("{intro}: {}", reasons.join("; ")),
    }
}

/// Fields the kind does not have, as problems.
pub(super) fn unknown_fields(
    fields: &BTreeMap<String, String>,
    known: &[&str],
    kind: CaseKind,
) -> Vec<(String, String)> {
    fields
        .keys()
        .filter(|k| !known.contains(&k.as_str()))
        .map(|k| {
            (
                k.clone(),
                format!(
                    "is not a field of a {kind} case (its fields: {})",
                    known.join(", ")
                ),
            )
        })
        .collect()
}

/// A `kpi_discrepancy` case's fields, checked (R13, R21, R22).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Discrepancy {
    pub month: i8,
    pub year: i16,
    pub omlp_type: String,
    pub purchase_units: i64,
    pub invoice_number: String,
    pub kpi_value: KpiPoints,
    pub revenue_value: Money,
    pub evidence_document_type: DocumentType,
}

impl Discrepancy {
    /// The case's stored details: numbers as JSON numbers, the revenue as a decimal string
    /// with its currency (like the `kpi report` rows).
    pub(super) fn details(&self) -> Value {
        json!({
            "month": self.month,
            "year": self.year,
            "omlp_type": self.omlp_type,
            "purchase_units": self.purchase_units,
            "invoice_number": self.invoice_number,
            "kpi_value": self.kpi_value,
            "revenue_value": self.revenue_value.to_decimal(),
            "currency": self.revenue_value.currency.code(),
            "evidence_document_type": self.evidence_document_type,
        })
    }

    /// Reads back what [`Discrepancy::details`] stored.
    pub fn from_details(details: &Value) -> Result<Self, AppError> {
        let corrupt =
            |what: &str| AppError::Internal(format!("stored discrepancy case details: bad {what}"));
        let text = |k: &str| details[k].as_str().ok_or_else(|| corrupt(k));
        let int = |k: &str| details[k].as_i64().ok_or_else(|| corrupt(k));
        let currency = Currency::parse(text("currency")?).map_err(|_| corrupt("currency"))?;
        let kpi_value = match &details["kpi_value"] {
            Value::Number(n) => KpiPoints::parse(&n.to_string()),
            Value::String(s) => KpiPoints::parse(s),
            _ => return Err(corrupt("kpi_value")),
        }
        .map_err(|_| corrupt("kpi_value"))?;
        Ok(Self {
            month: i8::try_from(int("month")?).map_err(|_| corrupt("month"))?,
            year: i16::try_from(int("year")?).map_err(|_| corrupt("year"))?,
            omlp_type: text("omlp_type")?.to_owned(),
            purchase_units: int("purchase_units")?,
            invoice_number: text("invoice_number")?.to_owned(),
            kpi_value,
            revenue_value: Money::parse_decimal(text("revenue_value")?, currency)
                .map_err(|_| corrupt("revenue_value"))?,
            evidence_document_type: DocumentType::from_stored(text("evidence_document_type")?)
                .map_err(|_| corrupt("evidence_document_type"))?,
        })
    }
}

/// Checks a discrepancy's fields; every missing or faulty one is named in one refusal.
pub(super) fn check_discrepancy(
    app: &App,
    fields: &BTreeMap<String, String>,
) -> Result<Discrepancy, AppError> {
    let mut problems = unknown_fields(fields, DISCREPANCY_FIELDS, CaseKind::KpiDiscrepancy);
    let mut get = |name: &str| match fields.get(name).map(|v| v.trim()) {
        Some(v) if !v.is_empty() => Some(v.to_owned()),
        _ => {
            problems.push((name.to_owned(), "is missing".to_owned()));
            None
        }
    };
    let (month, year, omlp_type, units, invoice, kpi, revenue, currency, evidence) = (
        get("month"),
        get("year"),
        get("omlp_type"),
        get("purchase_units"),
        get("invoice_number"),
        get("kpi_value"),
        get("revenue_value"),
        get("currency"),
        get("evidence_document_type"),
    );
    let mut bad = |field: &str, message: String| problems.push((field.to_owned(), message));
    let today = app.clock().today();
    let month = month.and_then(|m| match m.parse::<i8>() {
        Ok(n) if (1..=12).contains(&n) => Some(n),
        _ => {
            bad("month", format!("{m:?} must be a month number, 1 to 12"));
            None
        }
    });
    let year = year.and_then(|y| match y.parse::<i16>() {
        Ok(n) if (2000..=today.year()).contains(&n) => Some(n),
        _ => {
            bad(
                "year",
                format!("{y:?} must be a year from 2000 to {}", today.year()),
            );
            None
        }
    });
    if let (Some(y), Some(m)) = (year, month)
        && (y, m) > (today.year(), today.month())
    {
        bad("month", format!("{y}-{m:02} is after today's month"));
    }
    // R14: the OMLP type must be one of the rule set in force in that month (or today).
    let rules_date = match (year, month) {
        (Some(y), Some(m)) => jiff::civil::Date::new(y, m, 1).unwrap_or(today),
        _ => today,
    };
    if let Some(t) = &omlp_type {
        match app.rules().in_force_on(rules_date) {
            Some(rules) if rules.omlp_type(t).is_some() => {}
            Some(rules) => bad(
                "omlp_type",
                format!("{t:?} is not an OMLP type of rule set {} (R12)", rules.name),
            ),
            None => bad(
                "omlp_type",
                format!("no rule set is in force on {rules_date} (R14)"),
            ),
        }
    }
    let units = units.and_then(|u| match u.parse::<i64>() {
        Ok(n) => Some(n),
        Err(_) => {
            bad("purchase_units", format!("{u:?} must be a whole number"));
            None
        }
    });
    if let Some(i) = &invoice
        && i.chars().count() > 64
    {
        bad("invoice_number", "must have 1 to 64 characters".to_owned());
    }
    let kpi = kpi.and_then(|k| match KpiPoints::parse(&k) {
        Ok(p) => Some(p),
        Err(_) => {
            bad(
                "kpi_value",
                format!("{k:?} must be a decimal number of points (at most 3 decimals)"),
            );
            None
        }
    });
    let currency = currency.and_then(|c| match Currency::parse(&c) {
        Ok(c) => Some(c),
        Err(e) => {
            bad("currency", format!("{c:?}: {e}"));
            None
        }
    });
    let revenue = match (revenue, currency) {
        (Some(r), Some(c)) => match Money::parse_decimal(&r, c) {
            Ok(m) => Some(m),
            Err(e) => {
                bad("revenue_value", format!("{r:?}: {e}"));
                None
            }
        },
        _ => None,
    };
    // R13, R22: only an actual invoice is evidence.
    let evidence = evidence.and_then(|e| match e.as_str() {
        "invoice" => Some(DocumentType::Invoice),
        "order_confirmation" | "partner_report" => {
            bad(
                "evidence_document_type",
                format!(
                    "R13: only an actual invoice is accepted as evidence (R22); {} is not an \
                     invoice",
                    e.replace('_', " ")
                ),
            );
            None
        }
        other => {
            bad(
                "evidence_document_type",
                format!("{other:?} must be invoice (R13, R22)"),
            );
            None
        }
    });
    match (
        month, year, omlp_type, units, invoice, kpi, revenue, evidence,
    ) {
        (
            Some(month),
            Some(year),
            Some(omlp_type),
            Some(purchase_units),
            Some(invoice_number),
            Some(kpi_value),
            Some(revenue_value),
            Some(evidence_document_type),
        ) if problems.is_empty() => Ok(Discrepancy {
            month,
            year,
            omlp_type,
            purchase_units,
            invoice_number,
            kpi_value,
            revenue_value,
            evidence_document_type,
        }),
        _ => Err(refuse(
            "R22: a KPI discrepancy case gives the seven fields of the dashboard row (R21) and an \
             actual invoice as evidence (R13)",
            problems,
        )),
    }
}

/// R22: the month a discrepancy names must be in the report the partner sees (the latest
/// publication's period), or the agent could not compare it and an adjustment would count
/// twice once the line is published (R18).
pub(super) async fn check_in_report(
    app: &App,
    partner: MpnId,
    d: &Discrepancy,
) -> Result<(), AppError> {
    let today = app.clock().today();
    let Some(publication) = app.store().latest_publication(today).await? else {
        return Err(AppError::invalid(
            "month",
            format!(
                "R17: no KPI report is published yet, so partner {partner}'s dashboard has no row \
                 to dispute"
            ),
        ));
    };
    let month = lpc_domain::calendar::YearMonth::new(d.year, d.month)
        .map_err(|e| AppError::invalid("month", e))?;
    let period = publication.period;
    if month < period.from || month > period.to {
        return Err(AppError::invalid(
            "month",
            format!(
                "R18, R22: {month} is not in the report the dashboard shows (published on {}, \
                 covering {} to {}); a month is first shown on the 15th after it",
                publication.published_on, period.from, period.to
            ),
        ));
    }
    Ok(())
}

/// Checks a directory case's fields (R24, R27).
pub(super) fn check_directory(fields: &BTreeMap<String, String>) -> Result<Value, AppError> {
    let mut problems = unknown_fields(fields, DIRECTORY_FIELDS, CaseKind::DirectoryMissing);
    let mut get = |name: &str| match fields.get(name).map(|v| v.trim()) {
        Some(v) if !v.is_empty() => Some(v.to_owned()),
        _ => {
            problems.push((name.to_owned(), "is missing".to_owned()));
            None
        }
    };
    let (name, country, url) = (get("name"), get("country"), get("landing_page_url"));
    let name = name.and_then(|n| match PartnerName::parse(&n) {
        Ok(n) => Some(n),
        Err(e) => {
            problems.push(("name".into(), e.to_string()));
            None
        }
    });
    let country = country.and_then(|c| match CountryCode::parse(&c) {
        Ok(c) => Some(c),
        Err(e) => {
            problems.push(("country".into(), e.to_string()));
            None
        }
    });
    let url = url.and_then(|u| match check_url(&u) {
        Ok(()) => Some(u),
        Err(e) => {
            problems.push(("landing_page_url".into(), e));
            None
        }
    });
    match (name, country, url) {
        (Some(name), Some(country), Some(url)) if problems.is_empty() => Ok(json!({
            "name": name.to_string(),
            "country": country.as_str(),
            "landing_page_url": url,
        })),
        _ => Err(refuse(
            "R27: a directory case gives the name to show, the country and the landing page URL",
            problems,
        )),
    }
}

/// R24, R25: the landing page is a web page: `http(s)://host...`, nothing else.
pub(super) fn check_url(url: &str) -> Result<(), String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("{url:?} must be an http:// or https:// URL (R24)"))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = host.rsplit('@').next().unwrap_or_default();
    if host.is_empty()
        || url.chars().count() > 2_000
        || url.chars().any(|c| c.is_whitespace() || c.is_control())
        || !host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
    {
        return Err(format!("{url:?} is not a valid web address (R24)"));
    }
    Ok(())
}
