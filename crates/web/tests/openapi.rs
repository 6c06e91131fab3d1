#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The OpenAPI document of `/api/v1`: it parses, is OpenAPI 3.x, describes every route the
//! router registers under `/api/v1` (and no other), with the bearer scheme and problem+json
//! errors, and its schemas list every field the real answers carry.

use std::collections::{BTreeMap, BTreeSet};

use axum::http::StatusCode;
use jiff::civil::date;
use lpc_domain::KpiPoints;
use serde_json::{Value, json};

/// Every operation of `/api/v1`, kept by hand: a route added to the router without its
/// documentation (or documentation without its route) fails [`documents_every_route`].
const ROUTES: &[(&str, &str)] = &[
    ("get", "/api/v1/openapi.json"),
    ("get", "/api/v1/directory"),
    ("get", "/api/v1/directory/{mpn}"),
    ("get", "/api/v1/partners/{mpn}/eligibility"),
    ("get", "/api/v1/partners/{mpn}/renewal-forecast"),
    ("get", "/api/v1/partners/{mpn}/entitlements/{product}"),
    ("get", "/api/v1/partners/{mpn}/kpi-report"),
    ("get", "/api/v1/partners/{mpn}/kpi-report.csv"),
    ("post", "/api/v1/partners/{mpn}/guidelines-acceptance"),
    ("get", "/api/v1/partners/{mpn}/users"),
    ("post", "/api/v1/imports/invoices"),
    ("get", "/api/v1/cases"),
    ("post", "/api/v1/cases"),
    ("get", "/api/v1/cases/{id}"),
    ("post", "/api/v1/cases/{id}/comments"),
    ("post", "/api/v1/cases/{id}/decision"),
    ("post", "/api/v1/partners/{mpn}/enrollments"),
    ("get", "/api/v1/partners/{mpn}/memberships"),
    ("get", "/api/v1/partners/{mpn}/orders"),
    ("get", "/api/v1/partners/{mpn}/directory-requests"),
    ("post", "/api/v1/partners/{mpn}/directory-requests"),
    ("put", "/api/v1/orders/{id}/proof"),
    ("post", "/api/v1/orders/{id}/confirm"),
    ("post", "/api/v1/orders/{id}/reject"),
    ("post", "/api/v1/orders/{id}/refund"),
];

const METHODS: [&str; 5] = ["get", "put", "post", "delete", "patch"];

fn document() -> Value {
    serde_json::from_str(lpc_web::openapi::document_json()).expect("the document is JSON")
}

/// The `(method, path)` pairs `router.rs` registers under `/api/v1`, read from its source:
/// each `.route("/api/v1/...", ...)` and the method routers chained in it.
fn router_routes() -> BTreeSet<(String, String)> {
    let source = include_str!("../src/router.rs");
    let mut routes = BTreeSet::new();
    for chunk in source.split(".route(").skip(1) {
        let chunk = chunk.trim_start();
        let Some(rest) = chunk.strip_prefix('"') else {
            continue;
        };
        let Some((path, handlers)) = rest.split_once('"') else {
            continue;
        };
        if !path.starts_with("/api/v1") {
            continue;
        }
        // The handlers end where the next statement of the chain starts.
        let handlers = handlers.split("\n        .").next().unwrap_or(handlers);
        for method in METHODS {
            let called = handlers.match_indices(&format!("{method}(")).any(|(i, _)| {
                i == 0 || {
                    let before = handlers.as_bytes()[i - 1];
                    !before.is_ascii_alphanumeric() && before != b'_'
                }
            });
            if called {
                routes.insert((method.to_owned(), path.to_owned()));
            }
        }
    }
    routes
}

fn documented_routes(doc: &Value) -> BTreeSet<(String, String)> {
    let mut routes = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in METHODS {
            if item.get(method).is_some() {
                routes.insert((method.to_owned(), path.clone()));
            }
        }
    }
    routes
}

#[test]
fn is_openapi_3_with_the_bearer_scheme() {
    let doc = document();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    assert!(!doc["info"]["title"].as_str().unwrap().is_empty());
    let bearer = &doc["components"]["securitySchemes"]["bearer"];
    assert_eq!(bearer["type"], "http");
    assert_eq!(bearer["scheme"], "bearer");
    assert_eq!(doc["security"], json!([{"bearer": []}]));
}

#[test]
fn documents_every_route() {
    let doc = document();
    let kept: BTreeSet<(String, String)> = ROUTES
        .iter()
        .map(|(m, p)| ((*m).to_owned(), (*p).to_owned()))
        .collect();
    let registered = router_routes();
    assert_eq!(
        registered, kept,
        "router.rs registers other /api/v1 routes than this test lists: document the new \
         route (#[utoipa::path] and ApiDoc's paths) and add it to ROUTES"
    );
    assert_eq!(
        documented_routes(&doc),
        kept,
        "the document describes other routes than the router registers"
    );
}

#[test]
fn every_operation_documents_its_answers_and_security() {
    let doc = document();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let responses = op["responses"].as_object().unwrap();
            assert!(
                responses.keys().any(|s| s.starts_with('2')),
                "{method} {path} has no success answer"
            );
            let problem = &responses["500"]["content"]["application/problem+json"]["schema"];
            assert_eq!(
                problem["$ref"], "#/components/schemas/Problem",
                "{method} {path}"
            );
            if path == "/api/v1/openapi.json" {
                assert_eq!(op["security"], json!([{}]), "the document needs no token");
                assert!(responses.get("401").is_none());
            } else if lpc_web::openapi::PUBLIC_PATHS.contains(&path.as_str()) {
                // The public directory (R24): no token, so no 401 or 403; a refused filter.
                assert_eq!(op["security"], json!([{}]), "{path} needs no token");
                assert!(responses.get("401").is_none() && responses.get("403").is_none());
                let content = &responses["422"]["content"];
                assert!(
                    content.get("application/problem+json").is_some(),
                    "{path} 422"
                );
            } else {
                assert!(
                    op.get("security").is_none(),
                    "{method} {path} overrides security"
                );
                for status in ["401", "403", "404", "422"] {
                    let content = &responses[status]["content"];
                    assert!(
                        content.get("application/problem+json").is_some(),
                        "{method} {path} {status} is not problem+json"
                    );
                }
            }
            // Path parameters are declared.
            for segment in path.split('/') {
                if let Some(name) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    let declared = op["parameters"].as_array().is_some_and(|ps| {
                        ps.iter().any(|p| p["name"] == name && p["in"] == "path")
                    });
                    assert!(declared, "{method} {path} does not declare {name}");
                }
            }
        }
    }
    // Operation ids are unique (code generators name methods after them).
    let mut ids = BTreeSet::new();
    for item in doc["paths"].as_object().unwrap().values() {
        for method in METHODS {
            if let Some(id) = item.get(method).and_then(|op| op["operationId"].as_str()) {
                assert!(ids.insert(id.to_owned()), "operationId {id} is used twice");
            }
        }
    }
    // Request bodies of the writing routes.
    let body = |m: &str, p: &str| doc["paths"][p][m]["requestBody"]["content"].clone();
    assert!(body("post", "/api/v1/cases")["application/json"].is_object());
    assert!(body("post", "/api/v1/imports/invoices")["text/csv"].is_object());
    assert!(body("put", "/api/v1/orders/{id}/proof")["application/octet-stream"].is_object());
    assert!(body("post", "/api/v1/partners/{mpn}/enrollments")["application/json"].is_object());
}

#[test]
fn problem_lists_errors_and_fields_and_every_ref_resolves() {
    let doc = document();
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    let problem = &schemas["Problem"]["properties"];
    for key in ["type", "title", "status", "detail", "errors", "fields"] {
        assert!(problem.get(key).is_some(), "Problem lacks {key}");
    }
    let mut refs = Vec::new();
    collect_refs(&doc, &mut refs);
    assert!(!refs.is_empty());
    for r in refs {
        let name = r.strip_prefix("#/components/schemas/").expect(&r);
        assert!(schemas.contains_key(name), "{r} does not resolve");
    }
}

fn collect_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if k == "$ref" {
                    out.push(v.as_str().unwrap().to_owned());
                } else {
                    collect_refs(v, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

#[tokio::test]
async fn is_served_as_json() {
    use axum::response::IntoResponse;
    let response = lpc_web::openapi::document().await.into_response();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/json");
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap();
    let doc: Value = serde_json::from_slice(&bytes).unwrap();
    assert!(doc["paths"]["/api/v1/partners/{mpn}/kpi-report"]["get"].is_object());
}

// ---------------------------------------------------------------------------------------------
// The mirrors of crates/web/src/openapi/schemas.rs against real answers.

/// The properties a schema lists (following `allOf` and `$ref`), and those it requires.
fn properties(doc: &Value, schema: &Value) -> (BTreeMap<String, Value>, BTreeSet<String>) {
    let schemas = &doc["components"]["schemas"];
    let mut props = BTreeMap::new();
    let mut required = BTreeSet::new();
    if let Some(r) = schema["$ref"].as_str() {
        let name = r.trim_start_matches("#/components/schemas/");
        return properties(doc, &schemas[name]);
    }
    if let Some(all) = schema["allOf"].as_array() {
        for part in all {
            let (p, r) = properties(doc, part);
            props.extend(p);
            required.extend(r);
        }
    }
    if let Some(p) = schema["properties"].as_object() {
        props.extend(p.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    if let Some(r) = schema["required"].as_array() {
        required.extend(r.iter().filter_map(|v| v.as_str().map(str::to_owned)));
    }
    (props, required)
}

/// The object schema a property's schema points to, through `oneOf` (nullable) and arrays.
fn object_schema(schema: &Value, value: &Value) -> Option<(Value, Value)> {
    if schema.get("$ref").is_some() || schema.get("allOf").is_some() {
        return value.is_object().then(|| (schema.clone(), value.clone()));
    }
    if let Some(options) = schema["oneOf"].as_array() {
        return options.iter().find_map(|o| object_schema(o, value));
    }
    if schema["items"].is_object() {
        let first = value.as_array()?.first()?;
        return object_schema(&schema["items"], first);
    }
    None
}

/// Checks that `value` (a real answer) has no property its schema lacks and every property
/// the schema requires, recursively.
fn conforms(doc: &Value, schema: &Value, value: &Value, at: &str) {
    let (props, required) = properties(doc, schema);
    let object = value
        .as_object()
        .unwrap_or_else(|| panic!("{at} is not an object"));
    for key in object.keys() {
        assert!(
            props.contains_key(key),
            "{at}.{key} is in the real answer but not in its schema mirror"
        );
    }
    for key in &required {
        assert!(
            object.contains_key(key),
            "{at}.{key} is required but absent"
        );
    }
    for (key, v) in object {
        if let Some((s, v)) = object_schema(&props[key], v) {
            conforms(doc, &s, &v, &format!("{at}.{key}"));
        }
    }
}

fn check<T: serde::Serialize>(doc: &Value, name: &str, real: &T) {
    let value = serde_json::to_value(real).unwrap();
    conforms(
        doc,
        &json!({"$ref": format!("#/components/schemas/{name}")}),
        &value,
        name,
    );
}

/// The API's own answer type `A` made from `record` writes the JSON the record writes (the
/// API's JSON did not change when it stopped sending store rows), and conforms to its schema.
fn same_json<R: serde::Serialize, A: serde::Serialize + From<R>>(
    doc: &Value,
    name: &str,
    record: R,
) {
    let before = serde_json::to_value(&record).unwrap();
    let answer = A::from(record);
    assert_eq!(serde_json::to_value(&answer).unwrap(), before, "{name}");
    check(doc, name, &answer);
}

fn mpn() -> lpc_domain::MpnId {
    "1234567".parse().unwrap()
}

fn usd(amount: &str) -> lpc_domain::Money {
    lpc_domain::Money::parse_decimal(amount, lpc_domain::Currency::USD).unwrap()
}

#[test]
fn mirrors_list_every_field_of_the_real_answers() {
    use lpc_app::publications::{KpiReport, ReportRow, ReportTotals};
    use lpc_domain::LearningOption;
    use lpc_domain::calendar::period_of_publication;
    use lpc_domain::invoice::DocumentType;
    use lpc_web::openapi::schemas as api;

    let doc = document();
    let today = date(2020, 1, 20);
    let at = jiff::Timestamp::UNIX_EPOCH;

    check(
        &doc,
        "KpiReport",
        &KpiReport {
            partner_id: mpn(),
            published_on: Some(date(2020, 1, 15)),
            period: Some(period_of_publication(date(2020, 1, 15))),
            next_publication_on: date(2020, 2, 15),
            rows: std::sync::Arc::new(vec![ReportRow {
                year: 2019,
                month: 3,
                omlp_type: "moc".into(),
                purchase_units: 2,
                invoice_number: "INV-1".into(),
                kpi_value: KpiPoints::whole(2),
                revenue: lpc_domain::Money::new(1000, lpc_domain::Currency::parse("USD").unwrap()),
                document_type: DocumentType::Invoice,
                line_number: 1,
                late: false,
                adjustment_case_id: Some(4),
            }]),
            totals: ReportTotals {
                kpi_value: KpiPoints::whole(2),
                by_omlp_type: [("moc".to_owned(), KpiPoints::whole(2))].into(),
            },
        },
    );

    let case = lpc_store::SupportCase {
        id: 1,
        partner_id: mpn(),
        kind: lpc_store::CaseKind::KpiDiscrepancy,
        state: lpc_store::CaseState::Open,
        opened_by: "a@example.com".into(),
        opened_at: at,
        details: json!({"month": "3"}),
        decision_message: Some("m".into()),
        decided_by: Some("s".into()),
        decided_at: Some(at),
        membership_id: Some(2),
    };
    same_json::<_, api::SupportCase>(&doc, "SupportCase", case.clone());
    let comment = lpc_store::CaseComment {
        id: 1,
        case_id: 1,
        author: "a".into(),
        at,
        body: "b".into(),
    };
    same_json::<_, api::CaseComment>(&doc, "CaseComment", comment.clone());
    let adjustment = lpc_store::KpiAdjustment {
        id: 1,
        case_id: 1,
        partner_id: mpn(),
        year: 2019,
        month: 3,
        omlp_type: "moc".into(),
        invoice_number: "INV-1".into(),
        purchase_units: 1,
        kpi: KpiPoints::whole(1),
        revenue: usd("1.00"),
        created_on: today,
        published_on: Some(today),
    };
    same_json::<_, api::KpiAdjustment>(&doc, "KpiAdjustment", adjustment.clone());
    same_json::<_, api::Decided>(
        &doc,
        "Decided",
        lpc_app::cases::Decided {
            case: case.clone(),
            adjustment: Some(adjustment.clone()),
            marketplace_access_on: Some(today),
        },
    );
    let line = lpc_store::InvoiceLine {
        document_type: DocumentType::Invoice,
        document_number: "INV-1".into(),
        line_number: 1,
        corrects_document: None,
        partner_id: mpn(),
        document_date: today,
        omlp_type: "moc".into(),
        product_sku: "20764-C".into(),
        purchase_units: 1,
        revenue: usd("1.00"),
        kpi: KpiPoints::whole(1),
        source_line: 2,
    };
    same_json::<_, api::CaseView>(
        &doc,
        "CaseView",
        lpc_app::cases::CaseView {
            case: case.clone(),
            comments: vec![comment.clone()],
            evidence: Some(lpc_app::cases::DiscrepancyEvidence {
                invoice_lines: vec![line],
                published_on: Some(today),
                published_rows: Vec::new(),
                adjustments: vec![adjustment.clone()],
                proposed_adjustment: Some(lpc_app::cases::ProposedAdjustment {
                    year: 2019,
                    month: 3,
                    omlp_type: "moc".into(),
                    invoice_number: "INV-1".into(),
                    purchase_units: 1,
                    kpi_value: KpiPoints::whole(1),
                    revenue_value: "1.00".into(),
                    currency: "USD".into(),
                }),
            }),
            adjustment: Some(adjustment.clone()),
            attachments: vec![lpc_store::CaseAttachment {
                id: 1,
                case_id: 1,
                file_name: "invoice.pdf".into(),
                content_type: "application/pdf".into(),
                size_bytes: 10,
                sha256: "00".into(),
                uploaded_at: at,
                uploaded_by: "a@example.com".into(),
            }],
        },
    );

    let membership = lpc_store::Membership {
        id: 1,
        partner_id: mpn(),
        option: LearningOption::Silver,
        competency: Some("cloud".into()),
        started_on: today,
        anniversary_date: today,
        status: lpc_store::MembershipStatus::Active,
        ended_on: Some(today),
        refund_forfeited: false,
        marketplace_access_on: Some(today),
    };
    same_json::<_, api::Membership>(&doc, "Membership", membership.clone());
    let order = lpc_store::Order {
        id: 1,
        partner_id: mpn(),
        purpose: lpc_store::OrderPurpose::Enrollment,
        option: LearningOption::Gold,
        competency: Some("cloud".into()),
        membership_id: Some(1),
        fee: usd("100.00"),
        discount: usd("0.00"),
        payment_method: lpc_store::PaymentMethod::BankTransfer,
        status: lpc_store::OrderStatus::PendingPayment,
        created_on: today,
        expires_on: today,
        paid_on: Some(today),
        refunded_on: Some(today),
        created_by: "a".into(),
        guidelines_version: Some("2020".into()),
    };
    same_json::<_, api::Order>(&doc, "Order", order.clone());
    same_json::<_, api::Confirmed>(
        &doc,
        "Confirmed",
        lpc_app::payments::Confirmed {
            order,
            marketplace_access_case: Some(3),
        },
    );
    same_json::<_, api::PaymentProofMeta>(
        &doc,
        "PaymentProofMeta",
        lpc_store::PaymentProofMeta {
            id: 1,
            order_id: 1,
            file_name: "p.pdf".into(),
            content_type: "application/pdf".into(),
            size_bytes: 10,
            sha256: "00".into(),
            uploaded_at: at,
            uploaded_by: "a".into(),
            status: lpc_store::ProofStatus::Rejected,
            decision: Some(lpc_store::ProofDecision {
                by: "o".into(),
                at,
                reason: Some("r".into()),
            }),
        },
    );
    same_json::<_, api::GuidelineAcceptance>(
        &doc,
        "GuidelineAcceptance",
        lpc_store::GuidelineAcceptance {
            partner_id: mpn(),
            version: "2020".into(),
            accepted_by: lpc_domain::Email::parse("a@example.com").unwrap(),
            accepted_at: at,
        },
    );
    check(
        &doc,
        "ImportAnswer",
        &lpc_web::api::imports::ImportAnswer {
            summary: lpc_app::invoices::InvoicesImported {
                lines: 1,
                unchanged: 0,
                invoices: 1,
                credit_notes: 0,
                partners: 1,
                refused: 1,
                seconds: 0.5,
            },
            rejects: vec![lpc_app::invoices::Rejected {
                cells: vec!["x".into()],
                errors: vec![lpc_app::csv_rows::RowError {
                    line: 2,
                    column: "partner_id".into(),
                    value: "x".into(),
                    reason: "r".into(),
                }],
            }],
        },
    );
    check(
        &doc,
        "Enrollment",
        &lpc_app::enrollment::Enrollment {
            status: lpc_app::enrollment::EnrollmentStatus::PendingPayment,
            partner_id: mpn(),
            option: LearningOption::Gold,
            competency: Some("cloud".into()),
            anniversary_date: Some(today),
            unmet: vec![lpc_domain::RequirementId::FeePaid],
            recommended: Some(lpc_domain::eligibility::Recommendation {
                option: LearningOption::Silver,
                competency: Some("cloud".into()),
            }),
            reasons: vec!["r".into()],
            upgrade: true,
            order_id: Some(1),
            membership_id: Some(1),
            payment_method: Some(lpc_store::PaymentMethod::Card),
            fee: Some(usd("1.00")),
            discount: Some(usd("0.00")),
            amount_due: Some(usd("1.00")),
            currency: Some("USD".into()),
            expires_on: Some(today),
            marketplace_access_case: Some(1),
            next_step: Some("pay".into()),
        },
    );
    check(
        &doc,
        "ProductEntitlement",
        &lpc_app::entitlements::ProductEntitlement {
            partner_id: mpn(),
            product: "20764-C".into(),
            entitlement: lpc_domain::entitlement::Entitlement {
                allowed: true,
                price_tier: lpc_domain::entitlement::PriceTier::LearningPartnerDiscount,
                reason: "r".into(),
                rule: "R6",
            },
        },
    );
    let requirement = |actual, required| lpc_domain::eligibility::Requirement {
        id: lpc_domain::RequirementId::KpiPoints,
        met: false,
        actual,
        required,
        rule: "R9",
        message: "m".into(),
        waived_by: Some("w".into()),
    };
    use lpc_domain::eligibility::Measure;
    check(
        &doc,
        "Eligibility",
        &lpc_domain::eligibility::Eligibility {
            partner_id: mpn(),
            rule_set: lpc_domain::rules::RuleSetRef {
                name: "2020".into(),
                effective_from: today,
                guidelines_version: "2020".into(),
            },
            options: vec![lpc_domain::eligibility::OptionEligibility {
                option: LearningOption::Gold,
                competency: Some("cloud".into()),
                eligible: false,
                requirements: vec![
                    requirement(Measure::Points(KpiPoints::whole(1)), Measure::Count(2)),
                    requirement(Measure::Flag(true), Measure::Flag(true)),
                ],
                held: false,
                fee: usd("10.00"),
            }],
            recommended: Some(lpc_domain::eligibility::Recommendation {
                option: LearningOption::Silver,
                competency: None,
            }),
        },
    );
    // The renewal forecast (issue 19), with every optional part present.
    let window = lpc_domain::calendar::renewal_kpi_window(date(2021, 3, 10));
    check(
        &doc,
        "RenewalForecast",
        &lpc_app::renewal_forecast::PartnerForecast {
            partner_id: mpn(),
            today,
            shown_report_on: Some(date(2020, 1, 15)),
            memberships: vec![lpc_app::renewal_forecast::Forecast {
                membership_id: 1,
                option: LearningOption::Silver,
                competency: Some("cloud".into()),
                anniversary_date: date(2021, 3, 10),
                days_to_anniversary: 415,
                renewal_window: lpc_domain::calendar::DateWindow {
                    from: date(2021, 2, 8),
                    to: date(2021, 4, 9),
                },
                window,
                last_invoice_date: date(2021, 2, 28),
                deciding_report_on: date(2021, 3, 15),
                deciding_report_published: false,
                months: vec![lpc_app::renewal_forecast::WindowMonth {
                    month: window.from,
                    points: Some(KpiPoints::whole(3)),
                }],
                published_months: Some(window),
                not_yet_published_months: Some(window),
                points_in_window: KpiPoints::whole(3),
                leaving_months: Some(window),
                points_leaving: KpiPoints::whole(1),
                points_shown_today: KpiPoints::whole(4),
                rule_set: lpc_domain::rules::RuleSetRef {
                    name: "2020".into(),
                    effective_from: today,
                    guidelines_version: "2020".into(),
                },
                waiver: Some("w".into()),
                requirements: vec![lpc_app::renewal_forecast::ForecastRequirement {
                    requirement: requirement(
                        Measure::Points(KpiPoints::whole(3)),
                        Measure::Points(KpiPoints::whole(250)),
                    ),
                    gap: Some(Measure::Points(KpiPoints::whole(247))),
                }],
                outcome: lpc_app::renewals::Outcome::Lapsed,
                decided: false,
                pending_order: Some(2),
                reasons: vec!["r".into()],
            }],
        },
    );
    same_json::<_, api::InvoiceLine>(
        &doc,
        "InvoiceLine",
        lpc_store::InvoiceLine {
            document_type: DocumentType::CreditNote,
            document_number: "CN-1".into(),
            line_number: 1,
            corrects_document: Some("INV-1".into()),
            partner_id: mpn(),
            document_date: today,
            omlp_type: "moc".into(),
            product_sku: "20764-C".into(),
            purchase_units: -1,
            revenue: usd("-1.00"),
            kpi: KpiPoints::whole(-1),
            source_line: 3,
        },
    );
    same_json::<_, api::PublishedRow>(
        &doc,
        "PublishedRow",
        lpc_store::PublishedRow {
            partner_id: mpn(),
            document_type: DocumentType::Adjustment,
            document_number: "ADJ-1".into(),
            line_number: 1,
            year: 2019,
            month: 3,
            omlp_type: "moc".into(),
            purchase_units: 1,
            kpi: KpiPoints::whole(1),
            revenue: usd("1.00"),
            late: true,
        },
    );
}
