//! The generators on small inputs, in memory; `crates/cli/tests/bench_generate.rs` checks
//! the files through the binary.

use std::collections::{HashMap, HashSet};

use lpc_domain::{Currency, Money};

use super::invoices::{decimal, write_invoices};
use super::names::{COUNTRIES, STYLES, slug};
use super::people::{write_partners, write_people};
use super::*;

fn catalog() -> Catalog {
    Catalog::from_rules(&rule_files::embedded().unwrap()).unwrap()
}

fn invoices(spec: &BenchSpec) -> (String, invoices::InvoiceCounts) {
    let mut out = Vec::new();
    let counts = write_invoices(&mut out, spec, &catalog()).unwrap();
    (String::from_utf8(out).unwrap(), counts)
}

const SPEC: BenchSpec = BenchSpec {
    partners: 300,
    lines: 30_000,
    seed: 7,
};

#[test]
fn bench_revenue_has_exactly_the_currencys_decimals_like_money() {
    for currency in [Currency::USD, Currency::EUR, Currency::JPY] {
        for minor in [0, 1, 9, 10, 99, 100, 125_000, -1, -25_000, -7, 1_234_567] {
            assert_eq!(
                decimal(minor, currency).to_string(),
                Money::new(minor, currency).to_decimal(),
                "{minor} {currency}"
            );
        }
    }
}

#[test]
fn bench_names_need_no_csv_quoting_and_people_names_are_ascii() {
    for style in STYLES {
        let all = [style.prefixes, style.middles, style.suffixes]
            .concat()
            .into_iter()
            .chain([style.first_names, style.last_names].concat());
        for text in all {
            assert!(!text.contains([',', '"', '\n', '\r']), "{text:?}");
        }
        for name in [style.first_names, style.last_names].concat() {
            assert!(name.chars().all(|c| c.is_ascii_alphabetic()), "{name:?}");
        }
    }
    assert_eq!(COUNTRIES.iter().map(|c| c.weight).sum::<u64>(), 100);
    for country in COUNTRIES {
        lpc_domain::CountryCode::parse(country.code).unwrap();
    }
    assert_eq!(
        slug("Sakura Cloud Academy K.K."),
        "sakura-cloud-academy-k-k"
    );
}

#[test]
fn bench_catalog_spans_the_invoice_period_and_a_year_after() {
    let catalog = catalog();
    assert_eq!(catalog.day(0), "2023-07-01");
    assert_eq!(catalog.day(Catalog::day_index(DATA_END)), "2026-06-30");
    assert_eq!(Catalog::day_index(DATA_END), 1095);
    assert_eq!(catalog.days.last().unwrap(), "2027-06-30");
    assert_eq!(
        catalog.omlp.len(),
        7,
        "every type of the mix is in both rule sets"
    );
}

#[test]
fn bench_invoices_are_exact_in_count_and_bounded_in_shape() {
    let (text, counts) = invoices(&SPEC);
    let mut rows = text.lines();
    assert_eq!(rows.next(), Some(INVOICES_HEADER));
    let rows: Vec<Vec<&str>> = rows.map(|r| r.split(',').collect()).collect();
    assert_eq!(rows.len() as u64, SPEC.lines);
    assert_eq!(counts.lines, SPEC.lines);

    let mut keys = HashSet::new();
    // number -> (partner, date, lines (omlp type, sku, units))
    type Invoice<'a> = (&'a str, &'a str, Vec<(&'a str, &'a str, i64)>);
    let mut invoices: HashMap<&str, Invoice<'_>> = HashMap::new();
    let mut per_partner: HashMap<&str, u64> = HashMap::new();
    let mut previous_date = "";
    for row in &rows {
        let [
            kind,
            number,
            corrects,
            partner,
            date,
            line,
            omlp,
            sku,
            units,
            revenue,
            currency,
        ] = row[..]
        else {
            panic!("{row:?}");
        };
        assert!(keys.insert((kind, number, line)), "duplicate {row:?}");
        assert!(date >= previous_date && date <= "2026-06-30", "{row:?}");
        previous_date = date;
        let units: i64 = units.parse().unwrap();
        let currency = Currency::parse(currency).unwrap();
        let money = Money::parse_decimal(revenue, currency).unwrap();
        assert_eq!(money.to_decimal(), revenue, "{row:?}");
        *per_partner.entry(partner).or_default() += 1;
        match kind {
            "invoice" => {
                assert!((1..=40).contains(&units), "{row:?}");
                assert!(money.minor > 0);
                assert!(corrects.is_empty());
                let entry = invoices
                    .entry(number)
                    .or_insert((partner, date, Vec::new()));
                assert_eq!(
                    (entry.0, entry.1),
                    (partner, date),
                    "one document, one partner"
                );
                entry.2.push((omlp, sku, units));
                assert_eq!(line, entry.2.len().to_string());
            }
            "credit_note" => {
                assert!(units < 0 && money.minor < 0, "{row:?}");
                let (owner, invoiced_on, lines) = &invoices[corrects];
                assert_eq!(owner, &partner, "{row:?}");
                assert!(invoiced_on <= &date);
                let index: usize = line.parse().unwrap();
                let (o, s, bought) = lines[index - 1];
                assert_eq!((o, s), (omlp, sku));
                assert!(-units <= bought, "{row:?}");
            }
            other => panic!("{other}"),
        }
    }
    let share = |n: u64| n as f64 / SPEC.lines as f64;
    let credit = share(counts.credit_note_lines);
    assert!((0.01..0.03).contains(&credit), "credit note lines {credit}");
    let unregistered = share(counts.unregistered_lines);
    assert!((0.002..0.01).contains(&unregistered), "{unregistered}");
    // Skewed: the biggest buyer buys far more than the median one.
    let mut volumes: Vec<u64> = per_partner.values().copied().collect();
    volumes.sort_unstable();
    assert!(volumes[volumes.len() - 1] > 10 * volumes[volumes.len() / 2]);
}

#[test]
fn bench_same_seed_same_bytes_other_seed_other_bytes() {
    let small = BenchSpec {
        lines: 2_000,
        ..SPEC
    };
    assert_eq!(invoices(&small).0, invoices(&small).0);
    assert_ne!(
        invoices(&small).0,
        invoices(&BenchSpec { seed: 8, ..small }).0
    );
    let partners = |spec: &BenchSpec| {
        let mut out = Vec::new();
        write_partners(&mut out, spec).unwrap();
        out
    };
    assert_eq!(partners(&small), partners(&small));
    assert_ne!(partners(&small), partners(&BenchSpec { seed: 8, ..small }));
}

#[test]
fn bench_people_are_valid_and_some_affiliations_expired() {
    let catalog = catalog();
    let (mut trainers, mut exams) = (Vec::new(), Vec::new());
    let counts = write_people(&mut trainers, &mut exams, &SPEC, &catalog).unwrap();
    let trainers = String::from_utf8(trainers).unwrap();
    let exams = String::from_utf8(exams).unwrap();
    assert_eq!(trainers.lines().next(), Some(TRAINERS_HEADER));
    assert_eq!(exams.lines().next(), Some(EXAMS_HEADER));
    assert_eq!(trainers.lines().count() as u64, counts.trainers + 1);
    assert_eq!(exams.lines().count() as u64, counts.exam_passes + 1);

    let mut expired = 0;
    for row in trainers.lines().skip(1) {
        let cells: Vec<&str> = row.split(',').collect();
        assert_eq!(cells.len(), 6, "{row}");
        lpc_domain::Email::parse(cells[3]).unwrap();
        assert!(cells[4] <= "2026-06-30" && cells[4] < cells[5], "{row}");
        if cells[5] < "2026-06-30" {
            expired += 1;
        }
    }
    assert!(expired * 10 > counts.trainers && expired * 2 < counts.trainers);

    let codes: HashSet<&str> = catalog.all_exams.iter().map(String::as_str).collect();
    for row in exams.lines().skip(1) {
        let cells: Vec<&str> = row.split(',').collect();
        assert_eq!(cells.len(), 4, "{row}");
        lpc_domain::Email::parse(cells[1]).unwrap();
        assert!(codes.contains(cells[2]), "{row}");
        assert!(("2024-07-01"..="2026-06-30").contains(&cells[3]), "{row}");
    }
}

#[test]
fn bench_spec_refuses_no_partners_or_too_many() {
    let dir = tempfile::tempdir().unwrap();
    for partners in [0, MAX_PARTNERS + 1] {
        let spec = BenchSpec { partners, ..SPEC };
        let err = generate(&spec, dir.path()).unwrap_err();
        assert_eq!(err.exit_code(), 3, "{err}");
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}
