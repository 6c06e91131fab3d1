//! The renewal forecast through five program years on the CLI, on SQLite and PostgreSQL
//! (issue 19 part 3): a silver membership bought on a leap day, whose anniversaries fall on
//! 28 February and, in 2024, on 29 February again (R28). At each anniversary `lpc forecast`
//! says what `lpc renewals run` then decides, because both judge with the same code; before
//! it, the forecast names the R19 window, the months published and to come, the points that
//! leave the window, the caps of R12, every requirement's gap under the rule set of the
//! anniversary (R14) or its R23 waiver, and MCTs counted on the anniversary date.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is a failed test

mod support;

use std::collections::BTreeMap;

use jiff::ToSpan;
use jiff::civil::{Date, date};
use serde_json::Value;
use support::Workspace;

const MPN: &str = "2345678";
const ADMIN: &str = "admin@leap-learning.example";

fn ok(ws: &Workspace, today: Date, args: &[&str]) -> String {
    let out = ws
        .lpc(&["--today", &today.to_string()])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{today} {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(ws: &Workspace, today: Date, args: &[&str]) -> Value {
    let text = ok(ws, today, args);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{args:?}: {e}: {text}"))
}

fn write(ws: &Workspace, name: &str, text: &str) -> String {
    let path = ws.dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

/// The silver membership's forecast on `today`.
fn forecast(ws: &Workspace, today: Date) -> Value {
    let all = json(ws, today, &["forecast", MPN, "--json"]);
    assert_eq!(all["partner_id"], MPN);
    assert_eq!(all["today"], today.to_string());
    all["memberships"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["option"] == "silver")
        .unwrap_or_else(|| panic!("{today}: a silver forecast in {all}"))
        .clone()
}

/// The renewal run's verdict on the silver membership on `today`.
fn run(ws: &Workspace, today: Date) -> Value {
    let done = json(ws, today, &["renewals", "run", "--json"]);
    done["evaluated"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["option"] == "silver")
        .unwrap_or_else(|| panic!("{today}: silver judged in {done}"))
        .clone()
}

fn requirement<'a>(forecast: &'a Value, id: &str) -> &'a Value {
    forecast["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("{id} in {forecast}"))
}

fn span(from: &str, to: &str) -> Value {
    serde_json::json!({ "from": from, "to": to })
}

/// On the anniversary, the forecast made before the run says what the run decides (issue 19).
fn forecast_is_the_renewal(ws: &Workspace, on: Date, expected: &str) -> Value {
    let before = forecast(ws, on.yesterday().unwrap());
    assert!(!before["decided"].as_bool().unwrap());
    let told = forecast(ws, on);
    assert_eq!(told["decided"], true, "{on}: {told}");
    let judged = run(ws, on);
    assert_eq!(
        told["outcome"], judged["outcome"],
        "{on}: the forecast and the run judge alike: {told} / {judged}"
    );
    assert_eq!(judged["outcome"], expected, "{on}: {judged}");
    if expected != "pending" {
        assert_eq!(
            before["outcome"], expected,
            "{on}: the day before, nothing left to change: {before}"
        );
    }
    judged
}

/// Invoice lines to buy: one invoice a month, dated the 10th.
fn purchases() -> BTreeMap<(i16, i8), (&'static str, i32)> {
    let mut bought = BTreeMap::new();
    let mut month = date(2019, 3, 1);
    while month < date(2025, 4, 1) {
        let line = match month {
            // Before enrolling (R16) and in the 2021 window: 10 a month, short of 250.
            m if m < date(2020, 2, 1) => ("moc", 30),
            m if m < date(2021, 2, 1) => ("moc", 10),
            m if m < date(2023, 2, 1) => ("moc", 30),
            // 50 points a month of capped courseware (R12: at most 300 a window).
            m if m < date(2024, 2, 1) => ("mta_courseware", 100),
            _ => ("moc", 15),
        };
        bought.insert((month.year(), month.month()), line);
        month = month.checked_add(1.month()).unwrap();
    }
    bought
}

fn invoice_file(ws: &Workspace, month: Date, line: (&str, i32)) -> String {
    let (omlp, units) = line;
    write(
        ws,
        &format!("inv-{month}.csv"),
        &format!(
            "document_type,document_number,corrects_document,partner_id,document_date,line_number,omlp_type,product_sku,purchase_units,revenue_value,currency\n\
             invoice,INV-{}-{:02},,{MPN},{}-{:02}-10,1,{omlp},SKU-1,{units},{}.00,USD\n",
            month.year(),
            month.month(),
            month.year(),
            month.month(),
            units * 10
        ),
    )
}

fn exams_file(ws: &Workspace, on: Date) -> String {
    write(
        ws,
        &format!("exams-{on}.csv"),
        &format!(
            "partner_id,person_email,exam_code,passed_on\n\
             {MPN},a{on}@leap.example,AZ-104,{on}\n{MPN},b{on}@leap.example,AZ-303,{on}\n"
        ),
    )
}

fn trainers_file(ws: &Workspace, name: &str, rows: &[(&str, &str, &str)]) -> String {
    let mut csv = String::from("mct_id,partner_id,name,email,valid_from,valid_until\n");
    for (id, from, until) in rows {
        csv.push_str(&format!(
            "{id},{MPN},Trainer {id},{id}@leap.example,{from},{until}\n"
        ));
    }
    write(ws, name, &csv)
}

fn five_years_of_forecasts(ws: Workspace) {
    let start = date(2020, 1, 10);
    ok(
        &ws,
        start,
        &[
            "partner",
            "add",
            "--id",
            MPN,
            "--name",
            "Leap Learning",
            "--country",
            "IT",
        ],
    );
    ws.add_partner_admin("2020-01-10", ADMIN, MPN);
    // MCT-1 and MCT-2 end on the 2022 anniversary; MCT-3 and MCT-4 start five days after it
    // and end before the 2023 one.
    let trainers = trainers_file(
        &ws,
        "trainers.csv",
        &[
            ("MCT-1", "2020-01-01", "2022-02-28"),
            ("MCT-2", "2020-01-01", "2022-02-28"),
            ("MCT-3", "2022-03-05", "2022-12-31"),
            ("MCT-4", "2022-03-05", "2022-12-31"),
        ],
    );
    ok(&ws, start, &["trainers", "import", &trainers]);
    let bought = purchases();
    // Purchases before enrolling count like any other (R16).
    for (&(y, m), line) in bought.range(..(2020, 1)) {
        let month = date(y, m, 1);
        ok(
            &ws,
            start,
            &["invoices", "import", &invoice_file(&ws, month, *line)],
        );
    }

    let mut day = start.tomorrow().unwrap();
    let mut anniversary_checks = 0;
    while day <= date(2025, 3, 31) {
        // The 1st: last month's invoice arrives. The 15th: the report is published (R17).
        if day.day() == 1 {
            let last = day.checked_sub(1.month()).unwrap();
            if let Some(line) = bought.get(&(last.year(), last.month())) {
                ok(
                    &ws,
                    day,
                    &["invoices", "import", &invoice_file(&ws, last, *line)],
                );
            }
        }
        if day.day() == 15 {
            ok(&ws, day, &["publish"]);
        }
        // Two exam passes in cloud_platform every January and June.
        if (day.month() == 1 || day.month() == 6) && day.day() == 15 {
            ok(&ws, day, &["exams", "import", &exams_file(&ws, day)]);
        }
        match (day.year(), day.month(), day.day()) {
            (2020, 2, 29) => {
                let silver = json(
                    &ws,
                    day,
                    &[
                        "enroll",
                        MPN,
                        "--option",
                        "silver",
                        "--competency",
                        "cloud_platform",
                        "--accept-commitment",
                        "--pay",
                        "card",
                        "--as",
                        ADMIN,
                        "--json",
                    ],
                );
                assert_eq!(silver["status"], "active", "{silver}");
                assert_eq!(
                    silver["anniversary_date"], "2021-02-28",
                    "R28: a year after 29 February is 28 February"
                );
            }
            (2020, 8, 1) => {
                ok(&ws, day, &["guidelines", "accept", MPN, "--as", ADMIN]);
            }
            (2020, 12, 1) => {
                let f = forecast(&ws, day);
                assert_eq!(f["anniversary_date"], "2021-02-28");
                assert_eq!(f["days_to_anniversary"], 89);
                assert_eq!(f["window"], span("2020-02", "2021-01"), "R19");
                assert_eq!(f["last_invoice_date"], "2021-01-31");
                assert_eq!(f["deciding_report_on"], "2021-02-15");
                assert_eq!(f["deciding_report_published"], false);
                // Today's dashboard is the report of 15 November (R17): 2019-11 to 2020-10.
                assert_eq!(f["published_months"], span("2020-02", "2020-10"));
                assert_eq!(f["not_yet_published_months"], span("2020-11", "2021-01"));
                assert_eq!(f["leaving_months"], span("2019-11", "2020-01"));
                assert_eq!(f["points_leaving"], 90, "three months of 30 leave");
                assert_eq!(f["points_in_window"], 90, "nine months of 10 stay");
                assert_eq!(f["points_shown_today"], 180);
                let months = f["months"].as_array().unwrap();
                assert_eq!(months.len(), 12);
                assert_eq!(
                    months[0],
                    serde_json::json!({"month": "2020-02", "points": 10})
                );
                assert_eq!(
                    months[11],
                    serde_json::json!({"month": "2021-01", "points": null})
                );
                // R14: the anniversary's rule set, and its R23 extension waives the points.
                assert_eq!(f["rule_set"]["name"], "FY21");
                assert_eq!(f["waiver"], "extension-2021h1");
                let kpi = requirement(&f, "kpi_points");
                assert_eq!(kpi["met"], true, "{kpi}");
                assert_eq!(kpi["waived_by"], "extension-2021h1");
                assert_eq!(kpi["gap"], Value::Null);
                assert_eq!(f["outcome"], "waived", "{f}");
            }
            (2021, 2, 28) => {
                let judged = forecast_is_the_renewal(&ws, day, "waived");
                assert_eq!(judged["new_anniversary_date"], "2022-02-28");
                anniversary_checks += 1;
            }
            (2022, 3, 2) => {
                // The run comes four days late: the MCTs are those valid on the anniversary
                // (MCT-1 and MCT-2), not on the day of the run (none).
                let told = forecast(&ws, day);
                assert_eq!(requirement(&told, "mct_count")["met"], true, "{told}");
                let judged = run(&ws, day);
                assert_eq!(
                    judged["outcome"], "renewed",
                    "R4 on the anniversary: {judged}"
                );
                assert_eq!(told["outcome"], judged["outcome"]);
                assert_eq!(judged["new_anniversary_date"], "2023-02-28");
                anniversary_checks += 1;
            }
            (2022, 12, 1) => {
                // Two MCTs today, none on 28 February 2023.
                let f = forecast(&ws, day);
                let mct = requirement(&f, "mct_count");
                assert_eq!(mct["met"], false, "{mct}");
                assert_eq!(mct["gap"], 2, "{mct}");
                assert_eq!(f["outcome"], "lapsed", "{f}");
                let text = ok(&ws, day, &["forecast", MPN]);
                assert!(text.contains("lapses unless"), "{text}");
                assert!(text.contains("missing 2"), "{text}");
            }
            (2023, 1, 5) => {
                let more = trainers_file(
                    &ws,
                    "trainers-2023.csv",
                    &[
                        ("MCT-5", "2023-01-01", "2026-12-31"),
                        ("MCT-6", "2023-01-01", "2026-12-31"),
                    ],
                );
                ok(&ws, day, &["trainers", "import", &more]);
                let f = forecast(&ws, day);
                assert_eq!(requirement(&f, "mct_count")["met"], true, "{f}");
                assert_eq!(f["outcome"], "renewed", "{f}");
            }
            (2023, 2, 28) => {
                let judged = forecast_is_the_renewal(&ws, day, "renewed");
                assert_eq!(
                    judged["new_anniversary_date"], "2024-02-29",
                    "R28: counted from the start, a leap year brings the 29th back"
                );
                anniversary_checks += 1;
            }
            (2023, 12, 1) => {
                let f = forecast(&ws, day);
                assert_eq!(f["window"], span("2023-02", "2024-01"));
                assert_eq!(f["last_invoice_date"], "2024-01-31");
                assert_eq!(f["deciding_report_on"], "2024-02-15");
                assert_eq!(f["published_months"], span("2023-02", "2023-10"));
                assert_eq!(f["months"][0]["points"], 50, "before caps");
                assert_eq!(
                    f["points_in_window"], 300,
                    "R12: nine months of 50 capped at 300"
                );
                assert_eq!(requirement(&f, "kpi_points")["met"], true);
            }
            (2024, 2, 29) => {
                let judged = forecast_is_the_renewal(&ws, day, "renewed");
                assert_eq!(judged["new_anniversary_date"], "2025-02-28");
                anniversary_checks += 1;
            }
            (2024, 12, 1) => {
                let f = forecast(&ws, day);
                assert_eq!(f["points_in_window"], 135, "nine months of 15");
                let kpi = requirement(&f, "kpi_points");
                assert_eq!(kpi["met"], false);
                assert_eq!(kpi["gap"], 115);
                assert_eq!(f["outcome"], "lapsed");
            }
            (2025, 2, 28) => {
                let f = forecast(&ws, day);
                assert_eq!(f["points_in_window"], 180, "the deciding report's total");
                assert_eq!(f["deciding_report_published"], true);
                assert_eq!(f["not_yet_published_months"], Value::Null);
                forecast_is_the_renewal(&ws, day, "pending");
                anniversary_checks += 1;
            }
            (2025, 3, 30) => {
                let told = forecast(&ws, day);
                assert_eq!(
                    told["outcome"], "pending",
                    "R28: the 30 days are not over: {told}"
                );
                assert_eq!(run(&ws, day)["outcome"], "pending");
            }
            (2025, 3, 31) => {
                let told = forecast(&ws, day);
                let judged = run(&ws, day);
                assert_eq!(told["outcome"], "lapsed", "{told}");
                assert_eq!(judged["outcome"], "lapsed", "R28: {judged}");
                anniversary_checks += 1;
            }
            _ => {}
        }
        day = day.tomorrow().unwrap();
    }
    assert_eq!(anniversary_checks, 6);
    ok(&ws, date(2025, 4, 1), &["audit", "verify"]);
}

both!(
    the_forecast_is_the_renewal_over_five_years,
    five_years_of_forecasts
);
