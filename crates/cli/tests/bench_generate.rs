//! `lpc bench generate` through the real binary (issue 4, item 6): deterministic by seed,
//! exactly `--lines` invoice rows, and every row of every file valid for the strict importers
//! of DESIGN.md's formats, checked here with the domain's own parsers.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a panic is a failed test

mod support;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use assert_cmd::assert::OutputAssertExt;
use jiff::civil::{Date, date};
use lpc_domain::{CountryCode, Currency, Email, Money, MpnId};
use predicates::prelude::*;
use support::lpc_in;

const INVOICES_HEADER: &str = "document_type,document_number,corrects_document,partner_id,\
                               document_date,line_number,omlp_type,product_sku,purchase_units,\
                               revenue_value,currency";
const PARTNERS: &str = "300";
const LINES: usize = 20_000;
const END: Date = date(2026, 6, 30);

/// Runs `lpc bench generate` into `dir/name` and returns that directory.
fn generate(dir: &Path, name: &str, seed: &str) -> PathBuf {
    let out = dir.join(name);
    lpc_in(dir)
        .args(["bench", "generate", "--partners", PARTNERS, "--lines"])
        .arg(LINES.to_string())
        .arg("--out")
        .arg(&out)
        .args(["--seed", seed])
        .assert()
        .success();
    out
}

/// The data rows of `file` split into cells, after checking its header; no cell needs CSV
/// quoting, so splitting on commas is exact.
fn rows(dir: &Path, file: &str, header: &str) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    assert!(!text.contains('"'), "{file} needs no quoting");
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some(header), "{file} header");
    let width = header.split(',').count();
    lines
        .map(|line| {
            let cells: Vec<String> = line.split(',').map(str::to_owned).collect();
            assert_eq!(cells.len(), width, "{file}: {line}");
            cells
        })
        .collect()
}

fn day(text: &str) -> Date {
    assert_eq!(text.len(), 10, "{text}");
    text.parse().unwrap()
}

/// One generated data set, shared by the checks that only read it.
struct Data {
    _tmp: tempfile::TempDir,
    dir: PathBuf,
}

fn data() -> Data {
    let tmp = tempfile::tempdir().unwrap();
    let dir = generate(tmp.path(), "data", "1");
    Data { _tmp: tmp, dir }
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_other_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let a = generate(tmp.path(), "a", "42");
    let b = generate(tmp.path(), "b", "42");
    let c = generate(tmp.path(), "c", "43");
    for file in ["partners.csv", "trainers.csv", "exams.csv", "invoices.csv"] {
        let read = |dir: &Path| std::fs::read(dir.join(file)).unwrap();
        assert!(read(&a) == read(&b), "{file} differs for the same seed");
        assert!(read(&a) != read(&c), "{file} is the same for another seed");
    }
}

#[test]
fn it_writes_designs_headers_exactly_the_lines_asked_for_and_one_summary_line() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("nested/out");
    let assert = lpc_in(tmp.path())
        // No database is opened: an unusable --db does not matter.
        .args(["--db", "sqlite:///nonexistent/dir/lpc.db"])
        .args(["bench", "generate", "--partners", "50", "--lines", "1234"])
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.contains("50 partners") && stdout.contains("1234 invoice lines"),
        "{stdout}"
    );
    assert!(stdout.trim_end().ends_with(" s"), "{stdout}");

    let partners = rows(&out, "partners.csv", "mpn_id,name,country");
    assert_eq!(partners.len(), 50);
    rows(
        &out,
        "trainers.csv",
        "mct_id,partner_id,name,email,valid_from,valid_until",
    );
    rows(
        &out,
        "exams.csv",
        "partner_id,person_email,exam_code,passed_on",
    );
    assert_eq!(rows(&out, "invoices.csv", INVOICES_HEADER).len(), 1234);
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["exams.csv", "invoices.csv", "partners.csv", "trainers.csv"],
        "no temporary file is left"
    );
    assert!(!tmp.path().join("lpc.db").exists());
}

#[test]
fn zero_lines_writes_only_headers_and_zero_partners_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("empty");
    lpc_in(tmp.path())
        .args(["bench", "generate", "--partners", "3", "--lines", "0"])
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    assert!(rows(&out, "invoices.csv", INVOICES_HEADER).is_empty());
    assert_eq!(rows(&out, "partners.csv", "mpn_id,name,country").len(), 3);

    lpc_in(tmp.path())
        .args(["bench", "generate", "--partners", "0", "--lines", "10"])
        .arg("--out")
        .arg(tmp.path().join("none"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--partners"));
    lpc_in(tmp.path())
        .args(["bench", "generate", "--lines", "10", "--out", "x"])
        .assert()
        .code(2);
}

#[test]
fn partners_are_valid_with_unique_mpn_ids_and_a_mix_of_countries() {
    let data = data();
    let partners = rows(&data.dir, "partners.csv", "mpn_id,name,country");
    assert_eq!(partners.len().to_string(), PARTNERS);
    let mut ids = HashSet::new();
    let mut countries = HashSet::new();
    for row in &partners {
        assert!(ids.insert(MpnId::parse(&row[0]).unwrap()), "{row:?}");
        assert!(!row[1].trim().is_empty(), "{row:?}");
        countries.insert(CountryCode::parse(&row[2]).unwrap().as_str().to_owned());
    }
    for country in ["US", "JP", "IT"] {
        assert!(countries.contains(country), "{countries:?}");
    }
}

#[test]
fn every_invoice_row_is_valid_and_document_keys_are_unique() {
    let data = data();
    let invoices = rows(&data.dir, "invoices.csv", INVOICES_HEADER);
    assert_eq!(invoices.len(), LINES);
    let book = lpc_app::rule_files::embedded().unwrap();
    let mut keys = HashSet::new();
    let mut documents: HashMap<(String, String), (String, String, String)> = HashMap::new();
    let mut lines_of: HashMap<(String, String), u32> = HashMap::new();
    let mut currencies = HashSet::new();
    let mut types = HashSet::new();
    for row in &invoices {
        let [
            kind,
            number,
            _,
            partner,
            on,
            line,
            omlp,
            sku,
            units,
            revenue,
            currency,
        ] = &row[..]
        else {
            unreachable!()
        };
        assert!(
            keys.insert((kind.clone(), number.clone(), line.clone())),
            "duplicate key: {row:?}"
        );
        MpnId::parse(partner).unwrap();
        let on = day(on);
        assert!((date(2023, 7, 1)..=END).contains(&on), "{row:?}");
        let rules = book.in_force_on(on).unwrap();
        assert!(rules.omlp_type(omlp).is_some(), "R12, R14: {row:?}");
        assert!(!sku.is_empty());
        let units: i64 = units.parse().unwrap();
        assert!(units != 0 && units.abs() <= 40, "{row:?}");

        // Exactly the currency's decimals: parsing then printing gives the cell back.
        let currency = Currency::parse(currency).unwrap();
        let money = Money::parse_decimal(revenue, currency).unwrap();
        assert_eq!(&money.to_decimal(), revenue, "{row:?}");
        assert_eq!(money.is_negative(), units < 0, "{row:?}");
        currencies.insert(currency.code().to_owned());
        types.insert(omlp.clone());

        // One document: one partner, one date, one currency, lines numbered 1, 2, ...
        let document = (kind.clone(), number.clone());
        let header = (partner.clone(), on.to_string(), currency.code().to_owned());
        assert_eq!(
            documents.entry(document.clone()).or_insert(header.clone()),
            &header
        );
        let count = lines_of.entry(document).or_default();
        *count += 1;
        assert_eq!(line, &count.to_string(), "{row:?}");
        assert!(*count <= 5);
    }
    for currency in ["USD", "EUR", "JPY"] {
        assert!(currencies.contains(currency), "{currencies:?}");
    }
    assert_eq!(types.len(), 7, "{types:?}");
}

#[test]
fn every_credit_note_corrects_an_earlier_invoice_of_the_same_partner() {
    let data = data();
    let invoices = rows(&data.dir, "invoices.csv", INVOICES_HEADER);
    // invoice number -> (partner, date, currency, lines (omlp type, sku, units))
    type Invoice = (String, Date, String, Vec<(String, String, i64)>);
    let mut seen: HashMap<String, Invoice> = HashMap::new();
    let mut credited: HashMap<(String, String), i64> = HashMap::new();
    let mut credit_lines = 0;
    for row in &invoices {
        let [
            kind,
            number,
            corrects,
            partner,
            on,
            line,
            omlp,
            sku,
            units,
            _,
            currency,
        ] = &row[..]
        else {
            unreachable!()
        };
        let units: i64 = units.parse().unwrap();
        match kind.as_str() {
            "invoice" => {
                assert!(corrects.is_empty(), "{row:?}");
                assert!(number.starts_with("INV-"));
                seen.entry(number.clone())
                    .or_insert_with(|| (partner.clone(), day(on), currency.clone(), Vec::new()))
                    .3
                    .push((omlp.clone(), sku.clone(), units));
            }
            "credit_note" => {
                credit_lines += 1;
                assert!(number.starts_with("CN-"));
                let Some((owner, invoiced_on, invoiced_in, lines)) = seen.get(corrects) else {
                    panic!("credit note before (or without) its invoice: {row:?}");
                };
                assert_eq!(owner, partner, "R13: same partner: {row:?}");
                assert!(*invoiced_on <= day(on), "{row:?}");
                assert_eq!(invoiced_in, currency);
                let index: usize = line.parse().unwrap();
                let (o, s, bought) = &lines[index - 1];
                assert_eq!((o, s), (omlp, sku), "{row:?}");
                assert!(units < 0, "{row:?}");
                // Over all credit notes, a line is never credited more than was bought.
                let total = credited
                    .entry((corrects.clone(), line.clone()))
                    .or_default();
                *total -= units;
                assert!(*total <= *bought, "{row:?}");
            }
            other => panic!("document type {other}"),
        }
    }
    let share = f64::from(credit_lines) / LINES as f64;
    assert!((0.01..=0.03).contains(&share), "credit note lines: {share}");
}

#[test]
fn some_lines_are_for_partners_who_register_later_r16() {
    let data = data();
    let registered: HashSet<String> = rows(&data.dir, "partners.csv", "mpn_id,name,country")
        .into_iter()
        .map(|row| row[0].clone())
        .collect();
    let invoices = rows(&data.dir, "invoices.csv", INVOICES_HEADER);
    let unregistered = invoices
        .iter()
        .filter(|row| !registered.contains(&row[3]))
        .count();
    let share = unregistered as f64 / LINES as f64;
    assert!((0.002..=0.01).contains(&share), "{unregistered} lines");

    // Skewed: the biggest buyer has many times the lines of the median partner.
    let mut per_partner: HashMap<&str, u32> = HashMap::new();
    for row in &invoices {
        *per_partner.entry(&row[3]).or_default() += 1;
    }
    let mut volumes: Vec<u32> = per_partner.into_values().collect();
    volumes.sort_unstable();
    assert!(volumes[volumes.len() - 1] > 10 * volumes[volumes.len() / 2]);
}

#[test]
fn trainers_and_exams_are_valid_and_nothing_is_after_2026_06_30() {
    let data = data();
    let registered: HashSet<String> = rows(&data.dir, "partners.csv", "mpn_id,name,country")
        .into_iter()
        .map(|row| row[0].clone())
        .collect();

    let trainers = rows(
        &data.dir,
        "trainers.csv",
        "mct_id,partner_id,name,email,valid_from,valid_until",
    );
    let mut per_partner: HashMap<String, usize> = HashMap::new();
    let mut expired = 0;
    let mut mct_ids = HashSet::new();
    for row in &trainers {
        assert!(mct_ids.insert(row[0].clone()), "{row:?}");
        assert!(registered.contains(&row[1]), "{row:?}");
        assert!(!row[2].is_empty());
        Email::parse(&row[3]).unwrap();
        let (from, until) = (day(&row[4]), day(&row[5]));
        assert!(from <= END && from <= until, "{row:?}");
        if until < END {
            expired += 1;
        }
        *per_partner.entry(row[1].clone()).or_default() += 1;
    }
    assert!(per_partner.values().all(|n| (1..=5).contains(n)));
    assert!(
        per_partner.len() < registered.len(),
        "some partners have no MCT"
    );
    assert!(
        expired > 0 && expired < trainers.len() / 2,
        "{expired} expired"
    );

    let exams = rows(
        &data.dir,
        "exams.csv",
        "partner_id,person_email,exam_code,passed_on",
    );
    assert!(!exams.is_empty());
    let book = lpc_app::rule_files::embedded().unwrap();
    let rules = book.in_force_on(END).unwrap();
    for row in &exams {
        assert!(registered.contains(&row[0]), "{row:?}");
        Email::parse(&row[1]).unwrap();
        assert!(
            !rules.competencies_of_exam(&row[2]).is_empty(),
            "exam code of the rule set in force on {END}: {row:?}"
        );
        let passed_on = day(&row[3]);
        assert!((date(2024, 7, 1)..=END).contains(&passed_on), "{row:?}");
    }
}
